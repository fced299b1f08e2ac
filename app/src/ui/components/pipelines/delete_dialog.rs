use crate::api::pipelines::delete_pipeline;
use crate::domain::board::Pipeline;
use crate::ui::components::dialog::{Modal, Usage, UsedByWarning};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// Asks whether a deleted pipeline's deals move to another pipeline or stay unattached,
/// and names the published workflows that name it or its stages.
#[component]
pub(super) fn DeletePipelineDialog(
    pipeline: RwSignal<Pipeline>,
    deal_count: i64,
    others: Vec<Pipeline>,
    /// Open while it holds what the workflows said.
    deleting: RwSignal<Option<Usage>>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let id = pipeline.with_untracked(|p| p.id.0);
    let choice = RwSignal::new(if others.is_empty() {
        "keep".to_string()
    } else {
        "move".to_string()
    });
    let target = RwSignal::new(
        others
            .first()
            .map(|p| p.id.0.to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let has_others = !others.is_empty();
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let move_to = (choice.get_untracked() == "move")
            .then(|| target.get_untracked().parse::<i64>().ok())
            .flatten();
        let name = pipeline.with_untracked(|p| p.name.clone());
        pending.set(true);
        spawn_saving(async move {
            match delete_pipeline(id, move_to).await {
                Ok(count) => {
                    let deals = match (count, move_to) {
                        (0, _) => String::new(),
                        (n, Some(_)) => {
                            format!(" {n} deal{} moved.", if n == 1 { "" } else { "s" })
                        }
                        (n, None) => format!(
                            " {n} deal{} left unattached; find them in the list view.",
                            if n == 1 { "" } else { "s" }
                        ),
                    };
                    Toast::success(format!("{name} deleted.{deals}"));
                    deleting.set(None);
                    on_deleted.run(());
                }
                Err(err) => error.set(Some(err.to_string())),
            }
            pending.set(false);
        });
    };
    let title = Signal::derive(move || format!("Delete {}?", pipeline.with(|p| p.name.clone())));
    let summary = match deal_count {
        0 => "It holds no deals.".to_string(),
        1 => "It holds 1 deal. Where should it go?".to_string(),
        n => format!("It holds {n} deals. Where should they go?"),
    };
    view! {
        <Modal id=format!("delete-pipeline-{id}") open=Signal::derive(move || deleting.with(Option::is_some)) on_close=move |_| deleting.set(None) title>
            <form class="form" on:submit=confirm>
                <p>{summary}</p>
                {(deal_count > 0)
                    .then(|| {
                        view! {
                            <fieldset class="choices">
                                <legend class="visually-hidden">"Its deals"</legend>
                                {has_others
                                    .then(|| {
                                        view! {
                                            <label class="checkbox">
                                                <input
                                                    type="radio"
                                                    name=format!("delete-{id}-choice")
                                                    value="move"
                                                    prop:checked=move || choice.get() == "move"
                                                    on:change=move |_| choice.set("move".into())
                                                />
                                                <span>"Move them to another pipeline"</span>
                                            </label>
                                            <div class="field choice-detail">
                                                <label for=format!("delete-{id}-target")>"Pipeline"</label>
                                                <select
                                                    id=format!("delete-{id}-target")
                                                    disabled=move || choice.get() != "move"
                                                    on:change=move |ev| target.set(event_target_value(&ev))
                                                >
                                                    {others
                                                        .iter()
                                                        .map(|p| view! { <option value=p.id.0.to_string()>{p.name.clone()}</option> })
                                                        .collect_view()}
                                                </select>
                                                <p class="hint">"Each deal goes to the stage of the same name, else to the first stage (closed deals to Closed Won or Closed Lost)."</p>
                                            </div>
                                        }
                                    })}
                                <label class="checkbox">
                                    <input
                                        type="radio"
                                        name=format!("delete-{id}-choice")
                                        value="keep"
                                        prop:checked=move || choice.get() == "keep"
                                        on:change=move |_| choice.set("keep".into())
                                    />
                                    <span>"Leave them unattached (they stay in the list view)"</span>
                                </label>
                            </fieldset>
                        }
                    })}
                <UsedByWarning usage=Signal::derive(move || deleting.get().unwrap_or(Ok(Vec::new()))) />
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| deleting.set(None)>"Cancel"</button>
                    <button type="submit" class="button button-danger" disabled=pending>"Delete pipeline"</button>
                </div>
            </form>
        </Modal>
    }
}
