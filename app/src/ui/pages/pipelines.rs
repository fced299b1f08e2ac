use crate::api::pipelines::{list_pipeline_settings, CreatePipeline, SetUpPipeline};
use crate::domain::account::Role;
use crate::ui::components::forms::{action_error, reset_after_success, Field, FormError};
use crate::ui::components::pipelines::{PipelineEditor, SetUpPipelineButton};
use crate::ui::components::shell::{Permitted, Toast};
use crate::ui::unsaved::ask_before_leaving_while;
use leptos::prelude::*;
use leptos_meta::Title;

/// Managers and admins set up pipelines: stages, their order and close probabilities.
#[component]
pub fn PipelinesPage() -> impl IntoView {
    view! {
        <Title text="Pipelines" />
        <Permitted
            allowed=Role::can_configure_pipelines
            title="Pipelines"
            reason="Managers and admins set up pipelines, their stages and close probabilities. Ask one of them for a change; you move deals on the board."
        >
            <PipelinesScreen />
        </Permitted>
    }
}

#[component]
fn PipelinesScreen() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let set_up = ServerAction::<SetUpPipeline>::new();
    let create = ServerAction::<CreatePipeline>::new();
    ask_before_leaving_while(move || set_up.pending().get());
    ask_before_leaving_while(move || create.pending().get());
    let pipelines = Resource::new(
        move || (reload.get(), set_up.version().get(), create.version().get()),
        |_| list_pipeline_settings(),
    );
    Effect::new(move |_| match set_up.value().get() {
        Some(Ok(p)) => Toast::success(format!("{} is ready with the default stages.", p.name)),
        Some(Err(err)) => Toast::error(err.to_string()),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = create.value().get() {
            Toast::success(format!("{} created.", p.name));
        }
    });
    view! {
        <header class="page-header page-header-row">
            <div>
                <h1>"Pipelines"</h1>
                <p class="lead">"The stages each deal moves through, and how likely a deal in each stage is to close."</p>
            </div>
            <a class="button" href="/opportunities">"Open the board"</a>
        </header>
        <div class="stack">
            <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match pipelines.await {
                        Ok(list) if list.is_empty() => view! { <NoPipelines set_up /> }.into_any(),
                        Ok(list) => {
                            let all: Vec<_> = list.iter().map(|s| s.pipeline.clone()).collect();
                            list.into_iter()
                                .map(|settings| {
                                    view! {
                                        <PipelineEditor
                                            settings
                                            all=all.clone()
                                            on_deleted=move |_| reload.update(|n| *n += 1)
                                        />
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }
                        Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <CreatePipelineForm create />
        </div>
    }
}

#[component]
fn NoPipelines(set_up: ServerAction<SetUpPipeline>) -> impl IntoView {
    view! {
        <section class="card empty-state">
            <h2>"No pipelines yet"</h2>
            <p>
                "Start with the usual sales stages: Prospecting, Qualification, Proposal and Negotiation, then Closed Won and Closed Lost. You can rename, reorder and add stages afterwards."
            </p>
            <SetUpPipelineButton set_up />
        </section>
    }
}

#[component]
fn CreatePipelineForm(create: ServerAction<CreatePipeline>) -> impl IntoView {
    let errors = action_error(create);
    let form = NodeRef::new();
    reset_after_success(create, form);
    view! {
        <section class="card" aria-labelledby="create-pipeline-heading">
            <h2 id="create-pipeline-heading">"New pipeline"</h2>
            <p class="hint">"A separate process, such as renewals or partnerships. It starts with the default stages."</p>
            <ActionForm action=create node_ref=form attr:class="form form-row">
                <FormError errors fields=&["name"] />
                <Field label="New pipeline name" name="name" autocomplete="off" error=errors.field("name") />
                <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                    "Create Pipeline"
                </button>
            </ActionForm>
        </section>
    }
}
