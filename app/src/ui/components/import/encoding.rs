//! A file that is UTF-8 but for a few bad bytes: which lines they are on, and the two
//! ways to read it. The choice is kept on the import; the review and the job read so.
use crate::api::imports::choose_import_encoding;
use crate::domain::import::file::Utf8Doubt;
use crate::ui::components::shell::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn EncodingChoice(
    id: i64,
    doubt: Utf8Doubt,
    #[prop(into)] on_chosen: Callback<()>,
) -> impl IntoView {
    let choosing = RwSignal::new(false);
    let choose = move |key: &'static str| {
        choosing.set(true);
        spawn_local(async move {
            match choose_import_encoding(id, key.to_string()).await {
                Ok(_) => on_chosen.run(()),
                Err(err) => {
                    Toast::error(err.to_string());
                    choosing.set(false);
                }
            }
        });
    };
    view! {
        <section class="card encoding-choice" aria-labelledby="encoding-heading">
            <h2 id="encoding-heading">"How should this file be read?"</h2>
            <p class="form-error" role="alert">{doubt.message()}</p>
            <p class="field-hint">
                "The rest of the file is UTF-8. Read it as UTF-8 and each bad byte becomes \u{fffd}, or read the whole file as Windows-1252 if an older program saved it."
            </p>
            <div class="form-actions">
                <button type="button" class="button button-primary" disabled=choosing on:click=move |_| choose("utf-8")>
                    "Read as UTF-8 with replacements"
                </button>
                <button type="button" class="button" disabled=choosing on:click=move |_| choose("windows-1252")>
                    "Read as Windows-1252"
                </button>
            </div>
        </section>
    }
}
