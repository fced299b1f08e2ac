use crate::domain::account::User;
use crate::domain::workspace::Workspace;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in landing page: the workspace at a glance and what to do next.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Home" />
        <Suspense fallback=|| view! { <div class="page-header skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                let info = session.await.ok();
                let user = info.as_ref().and_then(|i| i.user.clone());
                let workspace = info.and_then(|i| i.workspace);
                user.zip(workspace).map(|(user, workspace)| view! { <Overview user workspace /> })
            })}
        </Suspense>
    }
}

#[component]
fn Overview(user: User, workspace: Workspace) -> impl IntoView {
    let first_name = user
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let is_admin = user.role.can_manage_users();
    view! {
        <header class="page-header">
            <h1>{format!("Welcome, {first_name}")}</h1>
            <p class="lead">{workspace.business_name.clone()}</p>
        </header>
        <div class="cards">
            <section class="card" aria-labelledby="workspace-title">
                <h2 id="workspace-title">"Workspace"</h2>
                <dl class="facts">
                    <dt>"Business"</dt>
                    <dd>{workspace.business_name.clone()}</dd>
                    <dt>"Currency"</dt>
                    <dd>{format!("{} — {}", workspace.currency.code(), workspace.currency.name())}</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="you-title">
                <h2 id="you-title">"You"</h2>
                <dl class="facts">
                    <dt>"Email"</dt>
                    <dd>{user.email.clone()}</dd>
                    <dt>"Role"</dt>
                    <dd>{user.role.label()}</dd>
                    <dt>"Sees"</dt>
                    <dd>{if user.only_assigned_data { "Only deals you own or follow" } else { "All deals" }}</dd>
                </dl>
                <a class="button" href="/account">"Change password"</a>
            </section>
            {is_admin
                .then(|| {
                    view! {
                        <section class="card" aria-labelledby="team-title">
                            <h2 id="team-title">"Your team"</h2>
                            <p>"Add the people who sell with you, choose their role, and limit who sees which deals."</p>
                            <a class="button button-primary" href="/users">"Manage users"</a>
                        </section>
                    }
                })}
        </div>
    }
}
