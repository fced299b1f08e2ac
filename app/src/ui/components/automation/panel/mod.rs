//! The builder's side panel: the selected step's fields (the spec's, with required
//! marks and defaults), `Save Action`, and the engine's words under a field it refuses;
//! or the selected trigger's. A node with unsaved changes is marked on the canvas, and
//! choosing another node asks first.
mod bind;
mod conditions;
mod context;
mod inputs;
mod opportunity_fields;
mod other_fields;
mod trigger_fields;

use super::canvas::Node;
use super::state::Builder;
use crate::api::AppError;
use crate::domain::workflow::merge::scope_at;
use crate::domain::workflow::Step;
use crate::ui::components::shell::Toast;
use context::FormContext;
use inputs::TextInput;
use leptos::prelude::*;
use opportunity_fields::opportunity_fields;
use other_fields::other_fields;
use trigger_fields::TriggerPanel;

pub use trigger_fields::add_trigger;

#[component]
pub fn SidePanel() -> impl IntoView {
    let builder = Builder::expect();
    view! {
        <aside class="side-panel card" aria-labelledby="panel-title">
            {move || match builder.selected.get() {
                Some(Node::Step(key)) => match builder.draft.with_untracked(|d| d.step(key).cloned()) {
                    Some(step) => view! { <StepPanel step /> }.into_any(),
                    None => nothing_selected(),
                },
                Some(Node::Trigger(index)) => view! { <TriggerPanel index /> }.into_any(),
                None => nothing_selected(),
            }}
        </aside>
    }
}

fn nothing_selected() -> AnyView {
    view! {
        <h2 id="panel-title" tabindex="-1">"Select a step"</h2>
        <p class="hint">"Select a trigger or a step on the canvas to see and change its settings. Use + between steps to add an action there."</p>
    }
    .into_any()
}

#[component]
fn StepPanel(step: Step) -> impl IntoView {
    let builder = Builder::expect();
    let key = step.key;
    let original = StoredValue::new(step.clone());
    let edited = RwSignal::new(step);
    let error = RwSignal::new(None::<AppError>);
    builder.track_unsaved(edited, original);
    let ctx = builder.workspace.with_value(|w| FormContext {
        key,
        merge: builder
            .draft
            .with_untracked(|d| scope_at(d, key).fields(&w.keys)),
        pipelines: w.pipelines.clone(),
        users: w.users.clone(),
        error,
    });
    let fields = opportunity_fields(edited, &ctx)
        .or_else(|| other_fields(edited, &ctx))
        .unwrap_or_else(|| ().into_any());
    let name = Signal::derive(move || edited.with(|s| s.name.clone()));
    let set_name = Callback::new(move |v: String| edited.update(|s| s.name = v));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let step = edited.get_untracked();
        let mut next = builder.draft.get_untracked();
        if !next.replace_step(step.clone()) {
            Toast::error("This step is no longer in the draft.");
            return;
        }
        builder.save(next, move |outcome| match outcome {
            // The panel may have been closed while the save was under way.
            Ok(()) => {
                original.try_set_value(step.clone());
                builder.unsaved.set(false);
                error.try_set(None);
                Toast::success(format!("Saved {}.", step.name));
            }
            Err(err) => {
                error.try_set(Some(err));
            }
        });
    };
    let revert = move |_| {
        edited.set(original.get_value());
        error.set(None);
    };
    let label = edited.with_untracked(|s| s.action.label());
    let own_problems = move || {
        error.with(|e| match e {
            Some(AppError::InvalidFields(list)) => list
                .iter()
                .filter(|(f, _)| {
                    f.starts_with(&format!("steps.{key}.")) || !f.starts_with("steps.")
                })
                .map(|(_, m)| m.clone())
                .collect::<Vec<_>>(),
            Some(other) => vec![other.to_string()],
            None => Vec::new(),
        })
    };
    view! {
        <form class="form panel-form" on:submit=save novalidate=true>
            <p class="flow-kind">"Action"</p>
            <h2 id="panel-title" tabindex="-1">{label}</h2>
            <NotSaved what="step" problems=Signal::derive(own_problems) />
            <TextInput id="field-action-name" label="Action Name" value=name set=set_name required=true
                hint="Shown on the canvas and in each run's log." error=ctx.err("name") />
            {fields}
            <div class="panel-actions">
                <button type="submit" class="button button-primary" disabled=move || builder.saving.get()>"Save Action"</button>
                <button type="button" class="button" disabled=move || !builder.unsaved.get() on:click=revert>"Undo changes"</button>
            </div>
        </form>
    }
}

/// The problems of the last save of the panel's `what` ("step", "trigger"), listed.
#[component]
fn NotSaved(what: &'static str, problems: Signal<Vec<String>>) -> impl IntoView {
    move || {
        let problems = problems.get();
        (!problems.is_empty()).then(|| {
            view! {
                <div class="form-error" role="alert">
                    <p>{format!("This {what} was not saved:")}</p>
                    <ul>{problems.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}
