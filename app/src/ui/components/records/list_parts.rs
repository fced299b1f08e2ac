//! The contacts' and companies' lists: a search kept in the URL, headers that sort, pages.
use crate::domain::currency::group_thousands;
use crate::domain::records::{RecordQuery, RECORDS_PER_PAGE};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The list's query from the URL (`q`, `tag`, `sort`, `dir`, `page`).
pub fn record_query() -> Memo<RecordQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| RecordQuery {
            search: q.get("q").unwrap_or_default(),
            tag: q.get("tag").unwrap_or_default(),
            sort: q.get("sort").unwrap_or_default(),
            descending: q.get("dir").as_deref() == Some("desc"),
            page: q
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1),
        })
    })
}

/// A search box that updates the URL as the person types.
#[component]
pub fn RecordSearch(
    path: &'static str,
    label: &'static str,
    query: Memo<RecordQuery>,
) -> impl IntoView {
    let navigate = use_navigate();
    let typed = RwSignal::new(query.get_untracked().search);
    let searched = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        let request = searched.get_value() + 1;
        searched.set_value(request);
        let navigate = navigate.clone();
        set_timeout(
            move || {
                if searched.get_value() == request {
                    let next = RecordQuery {
                        search: text.trim().to_string(),
                        page: 1,
                        ..query.get_untracked()
                    };
                    navigate(&next.href(path), Default::default());
                }
            },
            std::time::Duration::from_millis(250),
        );
    };
    view! {
        <div class="field search-field">
            <label class="visually-hidden" for="record-search">{label}</label>
            <input id="record-search" type="search" placeholder=label prop:value=typed on:input=on_input />
        </div>
    }
}

/// A column header that sorts by `column` (and the other way round when clicked again).
#[component]
pub fn SortHeader(
    path: &'static str,
    column: &'static str,
    label: &'static str,
    query: Memo<RecordQuery>,
) -> impl IntoView {
    let sorted = move || {
        query.with(|q| {
            let current = if q.sort.is_empty() {
                "name"
            } else {
                q.sort.as_str()
            };
            (current == column).then_some(if q.descending {
                "descending"
            } else {
                "ascending"
            })
        })
    };
    let href = move || {
        query.with(|q| {
            let base = if q.sort.is_empty() {
                RecordQuery {
                    sort: "name".into(),
                    ..q.clone()
                }
            } else {
                q.clone()
            };
            base.toggled(column).href(path)
        })
    };
    view! {
        <th scope="col" aria-sort=move || sorted().unwrap_or("none")>
            <a class="sort-link" href=href>
                {label}
                <span aria-hidden="true" class="sort-mark">
                    {move || match sorted() {
                        Some("ascending") => " ↑",
                        Some(_) => " ↓",
                        None => "",
                    }}
                </span>
            </a>
        </th>
    }
}

/// "1–50 of 1,204 contacts" and links to the pages around.
#[component]
pub fn RecordPager(
    path: &'static str,
    noun: &'static str,
    total: i64,
    page: u32,
    pages: u32,
    query: Memo<RecordQuery>,
) -> impl IntoView {
    let link = move |to: u32| {
        query.with(|q| {
            RecordQuery {
                page: to,
                ..q.clone()
            }
            .href(path)
        })
    };
    let first = i64::from(page - 1) * i64::from(RECORDS_PER_PAGE) + 1;
    let last = (first + i64::from(RECORDS_PER_PAGE) - 1).min(total);
    let summary = match total {
        0 => format!("No {noun}"),
        _ => format!(
            "{}–{} of {} {noun}",
            group_thousands(first.unsigned_abs()),
            group_thousands(last.unsigned_abs()),
            group_thousands(total.unsigned_abs())
        ),
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <p class="pager-summary" role="status">{summary}</p>
            <div class="pager-links">
                {(page > 1).then(|| view! { <a class="button" href=link(page - 1) rel="prev">"Previous"</a> })}
                <span class="pager-position">{format!("Page {page} of {pages}")}</span>
                {(page < pages).then(|| view! { <a class="button" href=link(page + 1) rel="next">"Next"</a> })}
            </div>
        </nav>
    }
}
