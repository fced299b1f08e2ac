//! The published workflows that can be started by hand, one radio each with its
//! description, or a plain sentence when there is none.
use crate::domain::workflow::enrollment::ManualWorkflow;
use leptos::prelude::*;

/// The id of workflow `id`'s radio, to focus it.
pub(super) fn choice_id(id: i64) -> String {
    format!("add-to-workflow-{id}")
}

#[component]
pub(super) fn WorkflowChoices(
    workflows: Vec<ManualWorkflow>,
    chosen: RwSignal<Option<i64>>,
    /// The records being added, in words: "deals", "contacts".
    records: &'static str,
) -> impl IntoView {
    if workflows.is_empty() {
        return view! {
            <p class="empty-note">
                {format!(
                    "No published workflow can be started by hand on {records}. An admin adds a Manual trigger for {records} to a workflow and publishes it."
                )}
            </p>
        }
        .into_any();
    }
    view! {
        <fieldset class="workflow-choices">
            <legend>"Workflow"</legend>
            {workflows
                .into_iter()
                .map(|w| {
                    let id = w.id.0;
                    let input_id = choice_id(id);
                    let description_id = format!("{input_id}-description");
                    let described = (!w.description.is_empty()).then(|| description_id.clone());
                    view! {
                        <div class="workflow-choice">
                            <input
                                type="radio"
                                id=input_id.clone()
                                name="add-to-workflow-choice"
                                value=id.to_string()
                                required=true
                                aria-describedby=described
                                prop:checked=move || chosen.get() == Some(id)
                                on:change=move |_| chosen.set(Some(id))
                            />
                            <label for=input_id>{w.name}</label>
                            {(!w.description.is_empty())
                                .then(|| view! { <p id=description_id class="hint">{w.description}</p> })}
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}
