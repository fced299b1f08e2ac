use crate::api::account::ChangePassword;
use crate::domain::account::PASSWORD_HINT;
use crate::ui::components::forms::{
    action_error, reset_after_success, Field, FieldKind, FormError,
};
use crate::ui::components::shell::Toast;
use crate::ui::session::{reload_to, use_session_value};
use crate::ui::unsaved::ask_before_leaving_while;
use leptos::prelude::*;
use leptos_meta::Title;

const FIELDS: &[&str] = &["current_password", "new_password", "confirm_password"];

/// The signed-in user's own password; required first when an admin set a temporary one.
#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    ask_before_leaving_while(move || change.pending().get());
    let errors = action_error(change);
    let session = use_session_value();
    let must_change = move || {
        session
            .get()
            .and_then(|s| s.user)
            .is_some_and(|u| u.must_change_password)
    };
    let form = NodeRef::new();
    reset_after_success(change, form);
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            if must_change() {
                reload_to("/");
            } else {
                Toast::success("Your password is changed. Your other sessions were signed out.");
            }
        }
    });
    view! {
        <Title text="Change password" />
        <header class="page-header">
            <h1>"Change password"</h1>
            <Suspense fallback=|| ()>
                {move || {
                    must_change()
                        .then(|| {
                            view! {
                                <p class="notice" role="note">
                                    "You signed in with a temporary password. Choose your own to continue."
                                </p>
                            }
                        })
                }}
            </Suspense>
        </header>
        <section class="card card-narrow">
            <ActionForm action=change node_ref=form attr:class="form">
                <FormError errors fields=FIELDS />
                <Field label="Current password" name="current_password" kind=FieldKind::Password autocomplete="current-password" error=errors.field("current_password") />
                <Field label="New password" name="new_password" kind=FieldKind::Password autocomplete="new-password" hint=PASSWORD_HINT error=errors.field("new_password") />
                <Field label="Repeat new password" name="confirm_password" kind=FieldKind::Password autocomplete="new-password" error=errors.field("confirm_password") />
                <button type="submit" class="button button-primary" disabled=move || change.pending().get()>
                    "Save password"
                </button>
            </ActionForm>
        </section>
    }
}
