use crate::ui::components::shell::AuthCard;
use leptos::prelude::*;
use leptos_meta::Title;

/// Answers this page's request with HTTP 404 (on the server; nothing in the browser).
pub fn respond_not_found() {
    crate::ui::respond_status(404);
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    respond_not_found();
    view! {
        <Title text="Page not found" />
        <AuthCard title="Page not found">
            <p class="lead">"There is nothing at this address. It may have moved, or the link may be mistyped."</p>
            <a class="button button-primary" href="/">"Go to Dealflow"</a>
        </AuthCard>
    }
}
