//! `Publish`: a switch that stays off, with the reasons listed, until the draft passes
//! the server's checks; each reason is a link to the node it concerns. On, it runs the
//! published version; off again, it deactivates (runs going on finish).
use super::canvas::Node;
use super::state::Builder;
use crate::api::workflows::{deactivate_workflow, publish_workflow};
use crate::domain::workflow::listing::WorkflowState;
use crate::domain::workflow::validate::Problem;
use crate::ui::components::shell::Toast;
use crate::ui::dom::focus_later;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

#[component]
pub fn PublishToggle() -> impl IntoView {
    let builder = Builder::expect();
    let pending = RwSignal::new(false);
    let published = move || {
        builder
            .summary
            .with(|s| s.state == WorkflowState::Published)
    };
    let changed = move || builder.summary.with(|s| s.draft_changed);
    let blocked = move || builder.problems.with(|p| !p.is_empty());
    let act = move |publish: bool| {
        pending.set(true);
        let id = builder.id;
        spawn_saving(async move {
            let outcome = if publish {
                publish_workflow(id).await.map(|v| {
                    format!("Published as version {v}. New records that match its triggers enter it from now on.")
                })
            } else {
                deactivate_workflow(id).await.map(|_| {
                    "Deactivated: no new records enter it; runs already going finish.".to_string()
                })
            };
            match outcome {
                Ok(message) => Toast::success(message),
                Err(err) => Toast::error(err.to_string()),
            }
            builder.refresh().await;
            pending.try_set(false);
        });
    };
    let hint = move || match (published(), blocked()) {
        (true, _) if changed() => {
            "Runs use the published version until you publish the draft's changes."
        }
        (true, _) => "Records that match a trigger enter it now.",
        (false, true) => "Fix what is listed below to publish.",
        (false, false) => "Ready to publish: turn it on to start running it.",
    };
    view! {
        <div class="publish">
            <div class="publish-switch">
                <button
                    type="button"
                    role="switch"
                    id="publish-switch"
                    class="switch"
                    aria-checked=move || published().to_string()
                    aria-describedby=move || if blocked() { "publish-hint publish-reasons" } else { "publish-hint" }
                    disabled=move || pending.get() || builder.unsaved.get() || (blocked() && !published())
                    on:click=move |_| act(!published())
                >
                    <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
                    <span class="switch-label">"Publish"</span>
                </button>
                <span class="hint" id="publish-hint">{hint}</span>
            </div>
            {move || (published() && changed()).then(|| view! {
                <button
                    type="button"
                    class="button button-primary"
                    disabled=move || blocked() || pending.get() || builder.unsaved.get()
                    on:click=move |_| act(true)
                >
                    "Publish changes"
                </button>
            })}
        </div>
    }
}

/// The reasons the draft cannot be published, each a link to its node; then what is
/// worth a look before publishing but does not stop it.
#[component]
pub fn PublishReasons() -> impl IntoView {
    let builder = Builder::expect();
    view! {
        {move || {
            let problems = builder.problems.get();
            (!problems.is_empty()).then(|| view! {
                <section class="card publish-reasons" aria-labelledby="publish-reasons-title">
                    <h2 id="publish-reasons-title">"Before you can publish"</h2>
                    <ReasonList id="publish-reasons" problems />
                </section>
            })
        }}
        {move || {
            let problems = builder.warnings.get();
            (!problems.is_empty()).then(|| view! {
                <section class="card publish-warnings" aria-labelledby="publish-warnings-title">
                    <h2 id="publish-warnings-title">"Worth a look before you publish"</h2>
                    <ReasonList id="publish-warnings" problems />
                </section>
            })
        }}
    }
}

#[component]
fn ReasonList(id: &'static str, problems: Vec<Problem>) -> impl IntoView {
    let builder = Builder::expect();
    let (order, has_trigger) = builder.draft.with_untracked(|d| {
        let order: Vec<u32> = d.all_steps().iter().map(|s| s.key).collect();
        (order, !d.triggers.is_empty())
    });
    view! {
        <ul id=id class="reason-list">
            {problems
                .into_iter()
                .map(|problem| {
                    let node = match problem.step {
                        Some(key) => Some(Node::Step(key)),
                        None if problem.field == "triggers" && has_trigger => Some(Node::Trigger(0)),
                        None => None,
                    };
                    let place = problem
                        .step
                        .and_then(|k| order.iter().position(|o| *o == k))
                        .map(|i| format!("Step {}: ", i + 1));
                    let text = format!("{}{}", place.unwrap_or_default(), problem.message);
                    match node {
                        Some(node) => view! {
                            <li>
                                <button
                                    type="button"
                                    class="link-button"
                                    on:click=move |_| {
                                        builder.select(node);
                                        focus_later(node.element_id());
                                    }
                                >
                                    {text}
                                </button>
                            </li>
                        }
                        .into_any(),
                        None => view! { <li>{text}</li> }.into_any(),
                    }
                })
                .collect_view()}
        </ul>
    }
}
