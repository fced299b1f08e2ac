//! A deal's `Files`: `Add a file` uploads one (type and size are checked before sending
//! and again on the server), each file can be downloaded or deleted, and text-bearing
//! files show their extractive summary: key sentences picked from the file, not written.
use crate::api::opportunities::delete_file;
use crate::domain::attachment::FileInfo;
use crate::domain::date::Date;
use crate::domain::file::{human_size, FileKind};
use crate::ui::components::forms::FilePicker;
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

#[component]
pub fn FilesSection(
    deal: i64,
    files: Vec<FileInfo>,
    max_upload_bytes: u64,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let uploading = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let upload = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use crate::api::opportunities::add_file;
            use crate::domain::file::check_size;
            let Some(el) = input.get() else { return };
            let Some(file) = el.files().and_then(|list| list.get(0)) else {
                return;
            };
            let name = file.name();
            let checked = FileKind::from_file_name(&name)
                .and_then(|_| check_size(file.size() as u64, max_upload_bytes));
            if let Err(err) = checked {
                problem.set(Some(err.to_string()));
                el.set_value("");
                return;
            }
            let Ok(form) = web_sys::FormData::new() else {
                return;
            };
            let _ = form.append_with_str("opportunity", &deal.to_string());
            let _ = form.append_with_blob_and_filename("file", &file, &name);
            el.set_value("");
            problem.set(None);
            uploading.set(true);
            spawn_saving(async move {
                match add_file(form.into()).await {
                    Ok(file) => {
                        Toast::success(format!("{} added.", file.file_name));
                        on_changed.run(());
                    }
                    Err(err) => problem.set(Some(err.to_string())),
                }
                uploading.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (deal, max_upload_bytes, &problem, &uploading, &on_changed);
        }
    };
    let remove = move |file: FileInfo| {
        spawn_saving(async move {
            match delete_file(file.id).await {
                Ok(()) => Toast::success(format!("{} deleted.", file.file_name)),
                Err(err) => Toast::error(err.to_string()),
            }
            on_changed.run(());
        });
    };
    let limit = human_size(max_upload_bytes);
    view! {
        <section class="card files" aria-labelledby="files-heading">
            <div class="section-header">
                <h2 id="files-heading">"Files"</h2>
                <FilePicker
                    id="add-file"
                    label=Signal::derive(move || if uploading.get() { "Uploading…" } else { "Add a file" })
                    accept=FileKind::accept_attribute()
                    disabled=uploading
                    input
                    on_pick=upload
                />
            </div>
            <p class="field-hint">{format!("PDF, Word, Excel, PowerPoint, text and image files up to {limit}.")}</p>
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            {files.is_empty().then(|| view! { <p class="empty-note">"No files yet."</p> })}
            <ul class="file-list">
                {files
                    .into_iter()
                    .map(|file| {
                        let meta = format!(
                            "{} · {}{}",
                            human_size(u64::try_from(file.size).unwrap_or(0)),
                            file.uploaded_by.clone().map(|u| format!("{u} · ")).unwrap_or_default(),
                            Date::from_unix_ms(file.created_at),
                        );
                        let removed = file.clone();
                        view! {
                            <li class="file">
                                <div class="file-head">
                                    <a href=file.download_href() download=file.file_name.clone()>{file.file_name.clone()}</a>
                                    <span class="file-meta">{meta}</span>
                                    <button
                                        type="button"
                                        class="link-button"
                                        aria-label=format!("Delete {}", file.file_name)
                                        on:click=move |_| remove(removed.clone())
                                    >
                                        "Delete"
                                    </button>
                                </div>
                                {file
                                    .summary
                                    .clone()
                                    .map(|sentences| {
                                        view! {
                                            <div class="file-summary">
                                                <p class="summary-label">
                                                    "Summary "
                                                    <span class="summary-note">"· key sentences picked from the file (extractive)"</span>
                                                </p>
                                                <ul>{sentences.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                                            </div>
                                        }
                                    })}
                                {file.summary_problem.clone().map(|p| view! { <p class="field-hint">{format!("No summary: {p}")}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
