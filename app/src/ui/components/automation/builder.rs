//! `/automations/{id}`: one workflow in the builder: its name and state, `Publish` with
//! what stops it, the canvas of its triggers and steps, and the side panel of the
//! selected one.
use super::canvas::Canvas;
use super::enrolled::EnrolledTab;
use super::history::HistoryTab;
use super::panel::SidePanel;
use super::publish::{PublishReasons, PublishToggle};
use super::settings_tab::SettingsTab;
use super::state::Builder;
use super::tabs::{current_tab, Tab, TabBar};
use super::test_run::TestButton;
use super::versions::VersionsTab;
use crate::api::workflows::{load_workflow, WorkflowDetail};
use crate::api::AppError;
use crate::domain::account::UserId;
use crate::domain::workflow::listing::WorkflowState;
use crate::ui::components::shell::PermittedUser;
use crate::ui::unsaved::ask_before_leaving_while;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AutomationBuilder(id: i64) -> impl IntoView {
    let detail = Resource::new(|| (), move |_| load_workflow(id));
    let me = use_context::<PermittedUser>().map_or(UserId(0), |u| u.0.id);
    view! {
        <Transition fallback=|| view! { <div class="page-header skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <BuilderScreen detail me /> }.into_any(),
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
fn BuilderScreen(detail: WorkflowDetail, me: UserId) -> impl IntoView {
    let builder = Builder::new(detail, me);
    builder.provide();
    ask_before_leaving_while(move || builder.unsaved.get() || builder.saving.get());
    let state = move || {
        builder.summary.with(|s| {
            let (badge, state) = match s.state {
                WorkflowState::Published => ("badge badge-ok", "Published"),
                WorkflowState::Draft => ("badge", "Draft"),
                WorkflowState::Deactivated => ("badge badge-muted", "Deactivated"),
            };
            let version = match (s.published_version, builder.versions.get()) {
                (Some(v), _) => format!("Version {v} runs"),
                (None, 0) => "Never published".to_string(),
                (None, n) => format!("{n} versions published before"),
            };
            view! { <span class=badge>{state}</span>" "{version} }
        })
    };
    let name = move || builder.summary.with(|s| s.name.clone());
    let (tab, run) = current_tab();
    let id = builder.id;
    view! {
        <Title text=name />
        <header class="page-header page-header-row builder-header">
            <div>
                <a class="back-link" href="/automations">"Automation"</a>
                <h1 id="workflow-name" tabindex="-1">{name}</h1>
                <p class="lead">{state}</p>
            </div>
            <div class="page-actions">
                <TestButton />
                <PublishToggle />
            </div>
        </header>
        <TabBar id tab />
        // The canvas stays drawn on other tabs, so a step's unsaved edits in the side
        // panel are still there on coming back.
        <div class="builder-tab" hidden=move || tab.get() != Tab::Builder>
            <PublishReasons />
            <div class="builder">
                <Canvas />
                <SidePanel />
            </div>
        </div>
        {move || match tab.get() {
            Tab::Builder => ().into_any(),
            Tab::Settings => view! { <SettingsTab /> }.into_any(),
            Tab::Versions => view! { <VersionsTab /> }.into_any(),
            Tab::Enrolled => view! { <EnrolledTab /> }.into_any(),
            Tab::History => view! { <HistoryTab run /> }.into_any(),
        }}
    }
}
