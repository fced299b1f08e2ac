//! `Create contact` and `Edit contact`: every field of a contact in one form (its tags
//! only when creating it: afterwards they change on its profile); problems show at their
//! field and nothing typed is lost. An email another contact has already
//! is not saved silently: the form names that contact, offers to open it, or to save
//! both anyway.
use crate::api::records::{save_contact, ContactSave};
use crate::api::AppError;
use crate::domain::board::Named;
use crate::domain::contact::ContactForm;
use crate::ui::components::board::{ContactPicker, Lookup};
use crate::ui::components::dialog::Modal;
use crate::ui::components::forms::{BoundField, FormError, FormErrors};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

const FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "owner",
    "source",
    "tags",
];

#[component]
pub fn ContactDialog(
    open: RwSignal<bool>,
    /// The contact being edited (`None`: a new one), its form, and its company by name.
    editing: Option<(i64, ContactForm, Option<Named>)>,
    users: Vec<Named>,
    /// Called with the contact's id once saved.
    #[prop(into)]
    on_saved: Callback<i64>,
) -> impl IntoView {
    let (id, start, company) = match editing {
        Some((id, form, company)) => (Some(id), form, company),
        None => (None, ContactForm::default(), None),
    };
    let form = RwSignal::new(start.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    // Another contact with the email typed, once a save found it.
    let email_in_use = RwSignal::new(None::<Named>);
    Effect::new(move |_| {
        if open.get() {
            form.set(start.clone());
            error.set(None);
            email_in_use.set(None);
        }
    });
    let errors = FormErrors::from(error);
    let field = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      get: fn(&ContactForm) -> String,
                      set: fn(&mut ContactForm, String)| {
        view! {
            <BoundField
                id=format!("contact-{id}")
                label=label
                kind=kind
                value=Signal::derive(move || form.with(get))
                on_input=move |v: String| {
                    if id == "email" {
                        email_in_use.set(None);
                    }
                    form.update(|f| set(f, v))
                }
                error=errors.field(id)
            />
        }
    };
    let save = move |shared_email: bool| {
        pending.set(true);
        let sent = form.get_untracked();
        spawn_saving(async move {
            match save_contact(id, sent, shared_email).await {
                Ok(ContactSave::Saved(saved)) => {
                    open.set(false);
                    on_saved.run(saved);
                }
                Ok(ContactSave::EmailInUse(other)) => {
                    error.set(None);
                    email_in_use.set(Some(other));
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(false);
    };
    let in_use_warning = move || {
        email_in_use.get().map(|other| {
            view! {
                <div class="field-warning" role="alert">
                    <p>{format!("{} already has this email.", other.name)}</p>
                    <p class="field-warning-actions">
                        <a class="button button-small" href=format!("/contacts/{}", other.id)>
                            {format!("Open {}", other.name)}
                        </a>
                        <button type="button" class="button button-small" disabled=pending on:click=move |_| save(true)>
                            "Save anyway"
                        </button>
                    </p>
                </div>
            }
        })
    };
    let pick_company = move |picked: Option<i64>| {
        form.update(|f| f.company = picked.map(|c| c.to_string()).unwrap_or_default())
    };
    let initial_company = company.map(|c| crate::domain::contact::ContactSummary {
        id: crate::domain::board::ContactId(c.id),
        name: c.name,
        email: None,
    });
    let title = if id.is_some() {
        "Edit contact"
    } else {
        "Create contact"
    };
    view! {
        <Modal open=open on_close=move |_| open.set(false) id="contact-dialog" title=title.to_string()>
            <form class="dialog-form" on:submit=submit novalidate>
                <div class="field-row">
                    {field("first_name", "First name", "text", |f| f.first_name.clone(), |f, v| f.first_name = v)}
                    {field("last_name", "Last name", "text", |f| f.last_name.clone(), |f, v| f.last_name = v)}
                </div>
                <div class="field-row">
                    {field("email", "Email", "email", |f| f.email.clone(), |f, v| f.email = v)}
                    {field("phone", "Phone", "tel", |f| f.phone.clone(), |f, v| f.phone = v)}
                </div>
                {in_use_warning}
                <ContactPicker label="Company" name="contact-company" lookup=Lookup::Companies initial=initial_company on_pick=pick_company error=errors.field("company") />
                <div class="field">
                    <label for="contact-owner">"Owner"</label>
                    <select id="contact-owner" on:change=move |ev| form.update(|f| f.owner = event_target_value(&ev))>
                        <option value="" selected=move || form.with(|f| f.owner.is_empty())>"Nobody"</option>
                        {users
                            .into_iter()
                            .map(|u| {
                                let value = u.id.to_string();
                                let chosen = value.clone();
                                view! { <option value=value selected=move || form.with(|f| f.owner == chosen)>{u.name}</option> }
                            })
                            .collect_view()}
                    </select>
                    {move || errors.field("owner").get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field-row">
                    {field("source", "Source", "text", |f| f.source.clone(), |f, v| f.source = v)}
                    {id.is_none().then(|| field("tags", "Tags (comma-separated)", "text", |f| f.tags.clone(), |f, v| f.tags = v))}
                </div>
                <FormError errors fields=FIELDS />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=pending>"Save"</button>
                </div>
            </form>
        </Modal>
    }
}
