//! `Create company` and `Edit company`: name, domain, phone and address.
use crate::api::records::save_company;
use crate::api::AppError;
use crate::domain::company::CompanyForm;
use crate::ui::components::dialog::Modal;
use crate::ui::components::forms::{BoundField, FormError, FormErrors};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

const FIELDS: &[&str] = &["name", "domain", "phone", "address"];

#[component]
pub fn CompanyDialog(
    open: RwSignal<bool>,
    /// The company being edited (`None`: a new one) and its form.
    editing: Option<(i64, CompanyForm)>,
    #[prop(into)] on_saved: Callback<i64>,
) -> impl IntoView {
    let (id, start) = match editing {
        Some((id, form)) => (Some(id), form),
        None => (None, CompanyForm::default()),
    };
    let form = RwSignal::new(start.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() {
            form.set(start.clone());
            error.set(None);
        }
    });
    let errors = FormErrors::from(error);
    let field = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      get: fn(&CompanyForm) -> String,
                      set: fn(&mut CompanyForm, String)| {
        view! {
            <BoundField
                id=format!("company-{id}")
                label=label
                kind=kind
                value=Signal::derive(move || form.with(get))
                on_input=move |v: String| form.update(|f| set(f, v))
                error=errors.field(id)
            />
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let sent = form.get_untracked();
        spawn_saving(async move {
            match save_company(id, sent).await {
                Ok(saved) => {
                    open.set(false);
                    on_saved.run(saved);
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let title = if id.is_some() {
        "Edit company"
    } else {
        "Create company"
    };
    view! {
        <Modal open=open on_close=move |_| open.set(false) id="company-dialog" title=title.to_string()>
            <form class="dialog-form" on:submit=submit novalidate>
                {field("name", "Name", "text", |f| f.name.clone(), |f, v| f.name = v)}
                {field("domain", "Domain", "text", |f| f.domain.clone(), |f, v| f.domain = v)}
                {field("phone", "Phone", "tel", |f| f.phone.clone(), |f, v| f.phone = v)}
                {field("address", "Address", "text", |f| f.address.clone(), |f, v| f.address = v)}
                <FormError errors fields=FIELDS />
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=pending>"Save"</button>
                </div>
            </form>
        </Modal>
    }
}
