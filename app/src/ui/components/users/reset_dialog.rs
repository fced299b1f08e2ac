//! `Reset password`: asks first (the person is signed out everywhere), then shows the new
//! temporary password once, for the admin to pass on.
use crate::api::users::ResetUserPassword;
use crate::domain::account::User;
use crate::ui::components::dialog::Modal;
use leptos::prelude::*;

/// Open while `user` holds the person whose password is being reset.
#[component]
pub fn ResetPasswordDialog(
    user: RwSignal<Option<User>>,
    reset: ServerAction<ResetUserPassword>,
) -> impl IntoView {
    let close = move || {
        user.set(None);
        reset.clear();
    };
    let name = move || user.with(|u| u.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let result = move || {
        let asked = user.with(|u| u.as_ref().map(|u| u.id));
        reset
            .value()
            .get()
            .filter(|r| r.as_ref().map_or(true, |t| Some(t.user.id) == asked))
    };
    let title = Signal::derive(move || match result() {
        Some(Ok(_)) => "New temporary password".to_string(),
        _ => format!("Reset the password of {}?", name()),
    });
    let confirm = move |_| {
        if let Some(id) = user.with_untracked(|u| u.as_ref().map(|u| u.id.0)) {
            reset.dispatch(ResetUserPassword { id });
        }
    };
    view! {
        <Modal id="reset-password" open=Signal::derive(move || user.with(Option::is_some)) on_close=move |_| close() title>
            {move || match result() {
                Some(Ok(done)) => view! {
                    <p>
                        {format!("Give this password to {} ({}). It is shown only this once.", done.user.name, done.user.email)}
                    </p>
                    <div class="field temporary-password">
                        <label for="temporary-password">"Temporary password"</label>
                        <input id="temporary-password" type="text" readonly=true autocomplete="off" spellcheck="false" value=done.password />
                    </div>
                    <p class="hint">
                        {format!(
                            "{} was signed out everywhere and chooses their own password at their next sign-in.{}",
                            done.user.name,
                            if done.user.active { "" } else { " The account is deactivated: reactivate it to let them sign in." },
                        )}
                    </p>
                    <div class="modal-actions">
                        <button type="button" class="button button-primary" on:click=move |_| close()>"Done"</button>
                    </div>
                }
                .into_any(),
                failed => view! {
                    <p>
                        {format!(
                            "{} gets a new temporary password and is signed out everywhere; their current password stops working. They choose their own password at their next sign-in.",
                            name(),
                        )}
                    </p>
                    {failed.and_then(Result::err).map(|err| view! { <p class="form-error" role="alert">{err.to_string()}</p> })}
                    <div class="modal-actions">
                        <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                        <button type="button" class="button button-danger" disabled=move || reset.pending().get() on:click=confirm>
                            "Reset password"
                        </button>
                    </div>
                }
                .into_any(),
            }}
        </Modal>
    }
}
