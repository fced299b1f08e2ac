//! The builder's tabs: the canvas, its settings, its versions, the records in it now and
//! its run history. Each is a link (`?tab=history`), so a run's page can be linked to
//! and the browser's back button goes back a tab.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Builder,
    Settings,
    Versions,
    Enrolled,
    History,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Builder,
        Tab::Settings,
        Tab::Versions,
        Tab::Enrolled,
        Tab::History,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Tab::Builder => "builder",
            Tab::Settings => "settings",
            Tab::Versions => "versions",
            Tab::Enrolled => "enrolled",
            Tab::History => "history",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Builder => "Builder",
            Tab::Settings => "Settings",
            Tab::Versions => "Versions",
            Tab::Enrolled => "Enrolled",
            Tab::History => "History",
        }
    }

    fn from_key(key: &str) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| t.key() == key)
            .unwrap_or(Tab::Builder)
    }
}

/// The tab in the address, and a run asked for (`?tab=history&run=12`).
pub fn current_tab() -> (Memo<Tab>, Memo<Option<i64>>) {
    let query = use_query_map();
    let tab = Memo::new(move |_| query.with(|q| Tab::from_key(&q.get("tab").unwrap_or_default())));
    let run = Memo::new(move |_| query.with(|q| q.get("run").and_then(|r| r.parse().ok())));
    (tab, run)
}

/// The address of `tab` (of the run `run`, for History).
pub fn tab_href(id: i64, tab: Tab, run: Option<i64>) -> String {
    match (tab, run) {
        (Tab::Builder, _) => format!("/automations/{id}"),
        (tab, Some(run)) => format!("/automations/{id}?tab={}&run={run}", tab.key()),
        (tab, None) => format!("/automations/{id}?tab={}", tab.key()),
    }
}

#[component]
pub fn TabBar(id: i64, tab: Memo<Tab>) -> impl IntoView {
    view! {
        <nav class="builder-tabs" aria-label="Automation">
            {Tab::ALL
                .into_iter()
                .map(|t| {
                    view! {
                        <a
                            href=tab_href(id, t, None)
                            aria-current=move || (tab.get() == t).then_some("page")
                        >
                            {t.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
