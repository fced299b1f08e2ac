use super::user_menu::UserMenu;
use crate::domain::account::User;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// A section of the left navigation. Only sections that work are listed.
struct NavItem {
    href: &'static str,
    label: &'static str,
    icon: &'static str,
    visible: fn(&User) -> bool,
}

const NAV: [NavItem; 9] = [
    NavItem { href: "/", label: "Home", icon: "M3 10.5 12 3l9 7.5V21h-6v-6H9v6H3z", visible: |_| true },
    NavItem {
        href: "/opportunities",
        label: "Opportunities",
        icon: "M4 4h4v16H4zM10 4h4v10h-4zM16 4h4v6h-4z",
        visible: |_| true,
    },
    NavItem {
        href: "/contacts",
        label: "Contacts",
        icon: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 9v-1a5 5 0 0 1 5-5h4a5 5 0 0 1 5 5v1",
        visible: |_| true,
    },
    NavItem {
        href: "/companies",
        label: "Companies",
        icon: "M3 21h18M5 21V7l7-4 7 4v14M9 10h2m2 0h2M9 14h2m2 0h2M9 18h2m2 0h2",
        visible: |_| true,
    },
    NavItem {
        href: "/automations",
        label: "Automation",
        icon: "M13 3 4 14h7l-1 7 9-11h-7z",
        visible: |u| u.role.can_manage_users(),
    },
    NavItem {
        href: "/settings/pipelines",
        label: "Pipelines",
        icon: "M4 6h16M4 12h10M4 18h6M18 14l2 2-2 2",
        visible: |u| u.role.can_configure_pipelines(),
    },
    NavItem {
        href: "/users",
        label: "Users",
        icon: "M16 19v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1M9 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm13 9v-1a4 4 0 0 0-3-3.9M16 4.1a3 3 0 0 1 0 5.8",
        visible: |u| u.role.can_manage_users(),
    },
    NavItem {
        href: "/settings/opportunities",
        label: "Settings",
        icon: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z",
        visible: |u| u.role.can_manage_users(),
    },
    NavItem {
        href: "/settings/fields",
        label: "Custom fields",
        icon: "M4 6h16M4 12h16M4 18h10M17 16v4M15 18h4",
        visible: |u| u.role.can_manage_users(),
    },
];

#[component]
pub fn AppLayout() -> impl IntoView {
    let session = use_session();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="app">
            <header class="sidebar">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"D"</span>
                    <span class="brand-name">"Dealflow"</span>
                </a>
                <Suspense fallback=|| view! { <nav class="nav" aria-label="Main"></nav> }>
                    {move || Suspend::new(async move {
                        let info = session.await.ok();
                        let user = info.as_ref().and_then(|i| i.user.clone());
                        let business = info
                            .and_then(|i| i.workspace)
                            .map(|w| w.business_name)
                            .unwrap_or_default();
                        view! {
                            <p class="workspace-name">{business}</p>
                            <nav class="nav" aria-label="Main">
                                {user
                                    .clone()
                                    .map(|user| {
                                        NAV.iter()
                                            .filter(|item| (item.visible)(&user))
                                            .map(|item| {
                                                view! {
                                                    <A href=item.href exact=true>
                                                        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                                                            <path d=item.icon />
                                                        </svg>
                                                        <span>{item.label}</span>
                                                    </A>
                                                }
                                            })
                                            .collect_view()
                                    })}
                            </nav>
                            {user.map(|user| view! { <UserMenu user /> })}
                        }
                    })}
                </Suspense>
            </header>
            <main id="main" class="main" tabindex="-1">
                <Outlet />
            </main>
        </div>
    }
}
