//! The template gallery in `Create automation`: search by name, pick a template, answer
//! what it asks (a pipeline and stage, a user, a web address) and it opens in the
//! builder as a draft. Templates that need what Dealflow does not have yet say so and
//! offer no button.
use crate::api::workflows::{create_from_template, template_choices, GalleryChoices};
use crate::api::AppError;
use crate::domain::workflow::templates::{search, Input, Template};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn TemplateGallery(open: RwSignal<bool>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<Template>);
    let choices = Resource::new(|| (), |_| template_choices());
    view! {
        <section class="gallery" aria-labelledby="gallery-title">
            <h3 id="gallery-title">"Or start from a template"</h3>
            <div class="field">
                <label for="template-search">"Search templates"</label>
                <input id="template-search" type="search" autocomplete="off" prop:value=query on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            <ul class="template-list">
                {move || {
                    let found = search(&query.get());
                    if found.is_empty() {
                        return view! { <li class="empty-note">"No template matches. Clear the search to see them all."</li> }.into_any();
                    }
                    found
                        .into_iter()
                        .map(|template| {
                            view! {
                                <li class="template">
                                    <span class="template-name">{template.name}</span>
                                    <span class="template-help">{template.description}</span>
                                    {match template.needs {
                                        Some(needs) => view! { <span class="badge badge-muted">{needs}</span> }.into_any(),
                                        None => view! {
                                            <button type="button" class="button button-small" aria-label=format!("Use template: {}", template.name) on:click=move |_| chosen.set(Some(template))>
                                                "Use template"
                                            </button>
                                        }
                                        .into_any(),
                                    }}
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let loaded = choices.await;
                    chosen.get().map(|template| match loaded.clone() {
                        Ok(choices) => view! { <TemplateForm template choices open chosen /> }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                    })
                })}
            </Transition>
        </section>
    }
}

/// What the chosen template asks, and `Create from template`.
#[component]
fn TemplateForm(
    template: Template,
    choices: GalleryChoices,
    open: RwSignal<bool>,
    chosen: RwSignal<Option<Template>>,
) -> impl IntoView {
    let pipeline = RwSignal::new(choices.pipelines.first().map(|p| p.id.0));
    let stage = RwSignal::new(None::<i64>);
    let user = RwSignal::new(choices.users.first().map(|(u, _)| u.0));
    let url = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let pipelines = StoredValue::new(choices.pipelines);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let navigate = navigate.clone();
        let (p, s, u, w) = (
            pipeline.get_untracked(),
            stage.get_untracked(),
            user.get_untracked(),
            url.get_untracked(),
        );
        spawn_saving(async move {
            match create_from_template(template.name.to_string(), p, s, u, w).await {
                Ok(id) => {
                    open.set(false);
                    chosen.set(None);
                    navigate(&format!("/automations/{}", id.0), Default::default());
                }
                Err(err) => error.set(Some(err)),
            }
            pending.try_set(false);
        });
    };
    let asks = |input: Input| template.inputs.contains(&input);
    let stage_fields = asks(Input::Stage).then(|| {
        view! {
            <div class="field">
                <label for="template-pipeline">"Pipeline"</label>
                <select id="template-pipeline" on:change=move |ev| {
                    pipeline.set(event_target_value(&ev).parse().ok());
                    stage.set(None);
                }>
                    {pipelines.with_value(|ps| ps.iter().map(|p| view! { <option value=p.id.0 selected=Some(p.id.0) == pipeline.get_untracked()>{p.name.clone()}</option> }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="template-stage">"Stage"</label>
                <select id="template-stage" on:change=move |ev| stage.set(event_target_value(&ev).parse().ok())>
                    <option value="">"Choose a stage"</option>
                    {move || {
                        let id = pipeline.get();
                        pipelines.with_value(|ps| {
                            ps.iter()
                                .filter(|p| Some(p.id.0) == id)
                                .flat_map(|p| p.stages.iter())
                                .map(|s| view! { <option value=s.id.0>{s.name.clone()}</option> })
                                .collect_view()
                        })
                    }}
                </select>
                <p class="hint">"The stage a deal moves to when a meeting is booked, such as Appointment set."</p>
            </div>
        }
    });
    let user_field = asks(Input::User).then(|| {
        view! {
            <div class="field">
                <label for="template-user">"User"</label>
                <select id="template-user" on:change=move |ev| user.set(event_target_value(&ev).parse().ok())>
                    {choices.users.iter().map(|(id, name)| view! { <option value=id.0>{name.clone()}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    let url_field = asks(Input::WebAddress).then(|| {
        view! {
            <div class="field">
                <label for="template-url">"Web address to notify"</label>
                <input id="template-url" type="url" prop:value=url on:input=move |ev| url.set(event_target_value(&ev)) />
            </div>
        }
    });
    view! {
        <form class="form template-form" on:submit=submit novalidate=true>
            <h3>{template.name}</h3>
            {stage_fields}
            {user_field}
            {url_field}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| chosen.set(None)>"Back to templates"</button>
                <button type="submit" class="button button-primary" disabled=pending>"Create from template"</button>
            </div>
        </form>
    }
}
