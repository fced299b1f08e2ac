use crate::api::account::SignIn;
use crate::ui::components::forms::{action_error, Field, FieldKind, FormError};
use crate::ui::components::shell::AuthCard;
use crate::ui::session::{reload_to, use_session_value};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let errors = action_error(sign_in);
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_in.value().get() {
            reload_to("/");
        }
    });
    let session = use_session_value();
    let business = move || {
        session
            .get()
            .and_then(|s| s.workspace)
            .map(|w| w.business_name)
    };
    view! {
        <Title text="Sign in" />
        <AuthCard title="Sign in">
            <Suspense fallback=|| view! { <p class="lead">"\u{a0}"</p> }>
                <p class="lead">
                    {move || business().map_or_else(|| "Welcome back.".to_string(), |b| format!("Welcome back to {b}."))}
                </p>
            </Suspense>
            <ActionForm action=sign_in attr:class="form">
                <FormError errors fields=&[] />
                <Field label="Email" name="email" kind=FieldKind::Email autocomplete="username" />
                <Field label="Password" name="password" kind=FieldKind::Password autocomplete="current-password" />
                <button type="submit" class="button button-primary button-block" disabled=move || sign_in.pending().get()>
                    {move || if sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="hint auth-footnote">
                "Forgot your password? Ask an admin of your workspace for a temporary one: "
                <strong>"Reset password"</strong>
                " on their Users page. If no admin can sign in, whoever runs the Dealflow server can print one with "
                <code>"dealflow reset-password --email …"</code>
                "."
            </p>
        </AuthCard>
    }
}
