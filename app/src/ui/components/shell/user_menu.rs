use crate::api::account::SignOut;
use crate::domain::account::{initials, User};
use crate::ui::components::shell::Toast;
use crate::ui::session::reload_to;
use leptos::prelude::*;

/// The signed-in user's menu: who they are, their password, and sign out.
/// Built on `<details>` so it opens by keyboard and works before JavaScript loads.
#[component]
pub fn UserMenu(user: User) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| match sign_out.value().get() {
        Some(Ok(())) => reload_to("/login"),
        Some(Err(err)) => Toast::error(err.to_string()),
        None => {}
    });
    view! {
        <details class="user-menu">
            <summary aria-label=format!("Account menu for {}", user.name)>
                <span class="avatar" aria-hidden="true">{initials(&user.name)}</span>
                <span class="user-name">{user.name.clone()}</span>
            </summary>
            <div class="user-menu-panel">
                <p class="user-menu-who">
                    <strong>{user.name.clone()}</strong>
                    <span>{user.email.clone()}</span>
                    <span class="badge">{user.role.label()}</span>
                </p>
                <a href="/account">"Change password"</a>
                <ActionForm action=sign_out>
                    <button type="submit" class="menu-button">"Sign out"</button>
                </ActionForm>
            </div>
        </details>
    }
}
