//! "Why was … lost?": asked wherever a deal is closed as lost (board, profile page).
use super::Modal;
use crate::api::settings::load_lost_reasons;
use leptos::prelude::*;

/// The workspace's lost reasons (Opportunity settings), as a `<datalist>` with this id
/// for an input's `list`. Loaded in the browser once the list is on screen: they matter
/// only once a dialog opens. (Not a `LocalResource`: reading one inside a `<Suspense>` or
/// `<Transition>` makes the server give up on that whole part of the page and send its
/// placeholder instead, so the board arrived without its columns.)
pub fn lost_reason_options(id: &'static str) -> impl IntoView {
    let reasons = RwSignal::new(Vec::<String>::new());
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(loaded) = load_lost_reasons().await {
                reasons.try_set(loaded);
            }
        });
    });
    view! {
        <datalist id=id>
            {move || {
                reasons
                    .get()
                    .into_iter()
                    .map(|r| view! { <option value=r></option> })
                    .collect_view()
            }}
        </datalist>
    }
}

/// Open while `deal` names a deal; `on_confirm` gets the reason (or none), `on_cancel` runs
/// on Cancel or Escape.
#[component]
pub fn LostReasonModal(
    #[prop(into)] deal: Signal<Option<String>>,
    #[prop(into)] on_confirm: Callback<Option<String>>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let cancel = move || {
        reason.set(String::new());
        on_cancel.run(());
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_string();
        reason.set(String::new());
        on_confirm.run((!text.is_empty()).then_some(text));
    };
    let title = Signal::derive(move || {
        deal.get()
            .map(|name| format!("Why was {name} lost?"))
            .unwrap_or_default()
    });
    view! {
        <Modal id="lost-reason" open=Signal::derive(move || deal.with(Option::is_some)) on_close=move |_| cancel() title>
            <form class="form" on:submit=confirm>
                <div class="field">
                    <label for="lost-reason-input">"Lost reason"</label>
                    <input
                        id="lost-reason-input"
                        type="text"
                        list="lost-reasons"
                        autocomplete="off"
                        prop:value=reason
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                    {lost_reason_options("lost-reasons")}
                    <p class="hint">"Pick one of your team's reasons or type your own. It helps the team see why deals are lost."</p>
                </div>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| cancel()>"Cancel"</button>
                    <button type="submit" class="button button-danger">"Mark as lost"</button>
                </div>
            </form>
        </Modal>
    }
}
