//! `/settings/fields` (admins): the custom fields of opportunities and contacts. Each has
//! a type that checks its values, and a key used by merge fields.
use crate::api::records::{add_custom_field, delete_custom_field, load_custom_fields};
use crate::api::usage::Removal;
use crate::api::AppError;
use crate::domain::account::Role;
use crate::domain::custom_field::{FieldEntity, FieldKind};
use crate::ui::components::dialog::{ask_usage, needs_warning, ConfirmUsedRemoval, PendingRemoval};
use crate::ui::components::forms::{FormError, FormErrors};
use crate::ui::components::shell::{Permitted, Toast};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CustomFieldsPage() -> impl IntoView {
    view! {
        <Title text="Custom fields" />
        <Permitted
            allowed=Role::can_manage_users
            title="Custom fields"
            reason="Only admins add and delete custom fields. Ask an admin of your workspace for a new field; you fill the fields in on each profile."
        >
            <CustomFieldsScreen />
        </Permitted>
    }
}

#[component]
fn CustomFieldsScreen() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let fields = Resource::new(move || reload.get(), |_| load_custom_fields());
    let (entity, label, kind, options) = (
        RwSignal::new("opportunity".to_string()),
        RwSignal::new(String::new()),
        RwSignal::new("text".to_string()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let errors = FormErrors::from(error);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let sent = (
            entity.get_untracked(),
            label.get_untracked(),
            kind.get_untracked(),
            options.get_untracked(),
        );
        spawn_saving(async move {
            match add_custom_field(sent.0, sent.1.clone(), sent.2, sent.3).await {
                Ok(()) => {
                    Toast::success(format!("{} added.", sent.1.trim()));
                    label.set(String::new());
                    options.set(String::new());
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let delete = move |id: i64, name: String| {
        spawn_saving(async move {
            match delete_custom_field(id).await {
                Ok(()) => Toast::success(format!("{name} deleted. Values already entered are kept and return if you add it again.")),
                Err(err) => Toast::error(err.to_string()),
            }
            reload.update(|n| *n += 1);
        });
    };
    // A field published workflows name is deleted only once the person has seen which.
    let deleting = RwSignal::new(None::<PendingRemoval>);
    let remove = move |id: i64, name: String| {
        leptos::task::spawn_local(async move {
            let usage = ask_usage(Removal::CustomField, id).await;
            if needs_warning(&usage) {
                deleting.set(Some(PendingRemoval {
                    id,
                    title: format!("Delete the field {name}?"),
                    name,
                    detail: "Values already entered are kept and return if you add it again."
                        .into(),
                    usage,
                }));
            } else {
                delete(id, name);
            }
        });
    };
    let has_options = move || FieldKind::from_key(&kind.get()).is_some_and(FieldKind::has_options);
    view! {
        <header class="page-header">
            <h1>"Custom fields"</h1>
            <p class="lead">"Fields of your own on opportunities and contacts: shown on profiles, and as list columns and filters for opportunities."</p>
        </header>
        <section class="card settings-form" aria-labelledby="add-field-heading">
            <h2 id="add-field-heading">"Add a field"</h2>
            <form on:submit=submit novalidate>
                <div class="field-row">
                    <div class="field">
                        <label for="field-entity">"For"</label>
                        <select id="field-entity" on:change=move |ev| entity.set(event_target_value(&ev))>
                            <option value="opportunity" selected=true>"Opportunities"</option>
                            <option value="contact">"Contacts"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="field-label">"Name"</label>
                        <input id="field-label" type="text" prop:value=label on:input=move |ev| label.set(event_target_value(&ev)) aria-invalid=move || errors.field("label").with(Option::is_some).then_some("true") />
                        {move || errors.field("label").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field">
                        <label for="field-kind">"Type"</label>
                        <select id="field-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                            {FieldKind::ALL.into_iter().map(|k| view! { <option value=k.key() selected=k == FieldKind::Text>{k.label()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <Show when=has_options>
                    <div class="field">
                        <label for="field-options">"Choices (one per line)"</label>
                        <textarea id="field-options" rows="4" prop:value=options on:input=move |ev| options.set(event_target_value(&ev))></textarea>
                        {move || errors.field("options").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </Show>
                <FormError errors fields=&["label", "options"] />
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=pending>"Add field"</button>
                </div>
            </form>
        </section>
        <Transition fallback=|| view! { <div class="card skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                let fields = match fields.await {
                    Ok(fields) => fields,
                    Err(err) => return view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                };
                [(FieldEntity::Opportunity, "Opportunity fields"), (FieldEntity::Contact, "Contact fields")]
                    .into_iter()
                    .map(|(which, heading)| {
                        let mine: Vec<_> = fields.iter().filter(|f| f.entity == which).cloned().collect();
                        view! {
                            <section class="card" aria-label=heading>
                                <h2>{heading}</h2>
                                {mine.is_empty().then(|| view! { <p class="empty-note">"No fields yet."</p> })}
                                <ul class="field-defs">
                                    {mine
                                        .into_iter()
                                        .map(|f| {
                                            let name = f.label.clone();
                                            let detail = match f.options.is_empty() {
                                                true => f.kind.label().to_string(),
                                                false => format!("{}: {}", f.kind.label(), f.options.join(", ")),
                                            };
                                            view! {
                                                <li>
                                                    <strong>{f.label.clone()}</strong>
                                                    <span class="chip-sub">{format!(" · {detail} · key {}", f.key)}</span>
                                                    <button type="button" class="link-button" aria-label=format!("Delete field {}", f.label) on:click=move |_| remove(f.id.0, name.clone())>
                                                        "Delete"
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            })}
        </Transition>
        <ConfirmUsedRemoval
            id="delete-field"
            pending=deleting
            confirm_label="Delete field"
            on_confirm=move |removal: PendingRemoval| delete(removal.id, removal.name)
        />
    }
}
