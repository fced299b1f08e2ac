//! `/automations/{id}`: one workflow in the builder: its name and state, `Publish` with
//! what stops it, and the canvas of its triggers and steps.
use super::canvas::{Canvas, Node};
use super::publish::{PublishReasons, PublishToggle};
use crate::api::workflows::{load_workflow, WorkflowDetail};
use crate::api::AppError;
use crate::domain::workflow::listing::WorkflowState;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AutomationBuilder(id: i64) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let detail = Resource::new(move || reload.get(), move |_| load_workflow(id));
    view! {
        <Transition fallback=|| view! { <div class="page-header skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <BuilderScreen detail reload /> }.into_any(),
                    Err(err) => {
                        let missing = matches!(err, AppError::NotFound(_));
                        if missing {
                            crate::ui::respond_status(404);
                        }
                        view! {
                            <Title text="Automation" />
                            <header class="page-header">
                                <a class="back-link" href="/automations">"Automation"</a>
                                <h1>{if missing { "Automation not found" } else { "Automation could not be opened" }}</h1>
                            </header>
                            <section class="card empty-state">
                                <p>{err.to_string()}</p>
                                <a class="button" href="/automations">"Back to Automation"</a>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn BuilderScreen(detail: WorkflowDetail, reload: RwSignal<u32>) -> impl IntoView {
    let WorkflowDetail {
        workflow,
        versions,
        problems,
        pipelines,
        users,
    } = detail;
    let selected = RwSignal::new(None::<Node>);
    let summary = workflow.summary.clone();
    let (badge, state) = match summary.state {
        WorkflowState::Published => ("badge badge-ok", "Published"),
        WorkflowState::Draft => ("badge", "Draft"),
        WorkflowState::Deactivated => ("badge badge-muted", "Deactivated"),
    };
    let version = match (summary.published_version, versions.len()) {
        (Some(v), _) => format!("Version {v} runs"),
        (None, 0) => "Never published".to_string(),
        (None, n) => format!("{n} versions published before"),
    };
    let name = summary.name.clone();
    view! {
        <Title text=name.clone() />
        <header class="page-header page-header-row builder-header">
            <div>
                <a class="back-link" href="/automations">"Automation"</a>
                <h1 id="workflow-name" tabindex="-1">{name}</h1>
                <p class="lead"><span class=badge>{state}</span>" "{version}</p>
            </div>
            <PublishToggle summary problems=problems.clone() reload />
        </header>
        <PublishReasons problems=problems.clone() draft=workflow.draft.clone() selected />
        <Canvas definition=workflow.draft pipelines users problems selected />
    }
}
