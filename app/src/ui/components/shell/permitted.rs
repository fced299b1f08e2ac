//! A page only some roles may use: others see who can, never a form the server would refuse.
use crate::domain::account::Role;
use crate::ui::session::use_session;
use leptos::prelude::*;

/// The signed-in person, for the page below: it needs no session resource of its own,
/// whose data hydration could take from another resource when the server built the page
/// twice.
#[derive(Clone)]
pub struct PermittedUser(pub crate::domain::account::User);

/// Shows `children` when the signed-in person's role passes `allowed`; otherwise the
/// page's `title` and `reason`, a sentence saying who can do this.
#[component]
pub fn Permitted(
    allowed: fn(Role) -> bool,
    title: &'static str,
    reason: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <div class="page-header skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                let user = session.await.ok().and_then(|s| s.user);
                let role = user.as_ref().map(|u| u.role);
                if let Some(user) = user {
                    provide_context(PermittedUser(user));
                }
                if role.is_some_and(allowed) {
                    children.with_value(|children| children()).into_any()
                } else {
                    crate::ui::respond_status(403);
                    view! {
                        <header class="page-header">
                            <h1>{title}</h1>
                        </header>
                        <section class="card empty-state">
                            <h2>"Not part of your role"</h2>
                            <p>{reason}</p>
                            <a class="button" href="/">"Go to Home"</a>
                        </section>
                    }
                        .into_any()
                }
            })}
        </Suspense>
    }
}
