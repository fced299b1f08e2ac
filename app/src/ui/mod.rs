//! Screens: the HTML shell, the router, pages and components.
pub mod components;
pub mod dom;
pub mod loaded;
pub mod pages;
pub mod session;
pub mod unsaved;

use crate::ui::components::shell::{AppLayout, Toaster};
use crate::ui::pages::{
    AccountPage, AutomationPage, AutomationsPage, CompaniesPage, CompanyPage, ContactPage,
    ContactsPage, CustomFieldsPage, DealSettingsPage, HomePage, ImportPage, ImportsPage,
    NotFoundPage, OpportunitiesPage, OpportunityPage, PipelinesPage, SetupPage, SignInPage,
    UsersPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// The HTML document the server sends; the browser hydrates `<App/>` inside it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Answers this page's request with HTTP status `code` (on the server; nothing in the browser).
pub fn respond_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(code) {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// The document title for a page: "{page} · Dealflow".
///
/// leptos_meta writes the title into the server's HTML as it is, so on the server the
/// page's text (often a deal, contact or company name) is escaped here; in the browser it
/// becomes `document.title`, which is plain text, and is left as typed.
fn page_title(page: String) -> String {
    let title = if page.is_empty() {
        "Dealflow".to_string()
    } else {
        format!("{page} · Dealflow")
    };
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Toaster::provide();
    view! {
        <Stylesheet id="leptos" href="/pkg/dealflow.css" />
        <Title formatter=page_title />
        // Async SSR: pages arrive complete, so they read and work before (or without) JavaScript.
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async />
                <Route path=path!("/login") view=SignInPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("users") view=UsersPage ssr=SsrMode::Async />
                    <Route path=path!("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("automations") view={Lazy::<AutomationsPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("automations/:id") view={Lazy::<AutomationPage>::new()} ssr=SsrMode::Async />
                    <Route path=path!("opportunities") view=OpportunitiesPage ssr=SsrMode::Async />
                    <Route path=path!("opportunities/import") view=ImportsPage ssr=SsrMode::Async />
                    <Route path=path!("opportunities/import/:id") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("opportunities/:id") view=OpportunityPage ssr=SsrMode::Async />
                    <Route path=path!("settings/pipelines") view=PipelinesPage ssr=SsrMode::Async />
                    <Route path=path!("settings/opportunities") view=DealSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("settings/fields") view=CustomFieldsPage ssr=SsrMode::Async />
                    <Route path=path!("contacts") view=ContactsPage ssr=SsrMode::Async />
                    <Route path=path!("contacts/:id") view=ContactPage ssr=SsrMode::Async />
                    <Route path=path!("companies") view=CompaniesPage ssr=SsrMode::Async />
                    <Route path=path!("companies/:id") view=CompanyPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
        <Toaster />
    }
}
