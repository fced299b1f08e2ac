use crate::api::account::CreateWorkspace;
use crate::domain::account::PASSWORD_HINT;
use crate::domain::currency::Currency;
use crate::ui::components::forms::{action_error, Field, FieldKind, FormError};
use crate::ui::components::shell::AuthCard;
use crate::ui::session::reload_to;
use crate::ui::unsaved::ask_before_leaving_while;
use leptos::prelude::*;
use leptos_meta::Title;

const FIELDS: &[&str] = &["business_name", "currency", "name", "email", "password"];

/// First run: `Create your workspace`.
#[component]
pub fn SetupPage() -> impl IntoView {
    let create = ServerAction::<CreateWorkspace>::new();
    ask_before_leaving_while(move || create.pending().get());
    let errors = action_error(create);
    Effect::new(move |_| {
        if let Some(Ok(())) = create.value().get() {
            reload_to("/");
        }
    });
    view! {
        <Title text="Create your workspace" />
        <AuthCard title="Create your workspace" wide=true>
            <p class="lead">"Set up your business and your admin account. You can add your team next."</p>
            <ActionForm action=create attr:class="form">
                <FormError errors fields=FIELDS />
                <fieldset>
                    <legend>"Business"</legend>
                    <Field label="Business name" name="business_name" autocomplete="organization" error=errors.field("business_name") />
                    <div class="field">
                        <label for="field-currency">"Currency"</label>
                        <select id="field-currency" name="currency" aria-describedby="field-currency-hint">
                            {Currency::all()
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <option value=c.code() selected=c == Currency::DEFAULT>
                                            {format!("{} — {}", c.code(), c.name())}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <p class="hint" id="field-currency-hint">"Every deal value is shown in this currency."</p>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>"Your admin account"</legend>
                    <Field label="Your name" name="name" autocomplete="name" error=errors.field("name") />
                    <Field label="Work email" name="email" kind=FieldKind::Email autocomplete="email" error=errors.field("email") />
                    <Field
                        label="Password"
                        name="password"
                        kind=FieldKind::Password
                        autocomplete="new-password"
                        hint=PASSWORD_HINT
                        error=errors.field("password")
                    />
                </fieldset>
                <label class="checkbox">
                    <input type="checkbox" name="demo" aria-describedby="field-demo-hint" />
                    <span>"Add demo data to explore"</span>
                </label>
                <p class="hint" id="field-demo-hint">
                    "A sales team, three pipelines and about 300 deals with a year of history. Leave it off to start empty."
                </p>
                <button type="submit" class="button button-primary button-block" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Creating workspace…" } else { "Create workspace" }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}
