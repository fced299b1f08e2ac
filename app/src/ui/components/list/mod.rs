//! The list view: a table of deals across pipelines with the person's columns, sorting by
//! header, the board's filters plus pipeline and stage, pages, a row menu with `Edit
//! opportunity`, and bulk actions on ticked rows or on every matching deal.
mod bulk;
mod bulk_progress;
mod columns_dialog;
mod custom_filters;
mod edit_dialog;
mod export_menu;
mod table;
mod toolbar;

use crate::api::opportunities::ListView;
use crate::domain::board::Card;
use crate::domain::currency::group_thousands;
use crate::domain::list::{ListColumn, ListInput, ListPage, ListRow, ROWS_PER_PAGE};
use crate::ui::components::board::FilterProblem;
use bulk::{BulkBar, Selection};
use bulk_progress::{BulkJob, BulkProgress};
use columns_dialog::ColumnsDialog;
use edit_dialog::EditOpportunityDialog;
use leptos::prelude::*;
use table::ListTable;
use toolbar::ListToolbar;

/// What the list's parts share: the view loaded, the URL state, and a way to reload.
#[derive(Clone, Copy)]
pub struct ListContext {
    pub view: StoredValue<ListView>,
    pub input: StoredValue<ListInput>,
    pub reload: Callback<()>,
}

impl ListContext {
    /// "Proposal" (or "Proposal · Sales" with `with_pipeline`) for a card, or "Unattached".
    pub fn stage_label(&self, card: &Card, with_pipeline: bool) -> String {
        self.view.with_value(|v| {
            let found = v
                .pipelines
                .iter()
                .find(|p| Some(p.id) == card.pipeline_id)
                .and_then(|p| {
                    card.stage_id
                        .and_then(|s| p.stage(s))
                        .map(|s| (p.name.clone(), s.name.clone()))
                });
            match found {
                Some((pipeline, stage)) if with_pipeline => format!("{stage} · {pipeline}"),
                Some((_, stage)) => stage,
                None => "Unattached".to_string(),
            }
        })
    }

    /// A column's header (a custom field's label).
    pub fn column_label(&self, column: ListColumn) -> String {
        self.view.with_value(|v| column.label(&v.custom_fields))
    }

    pub fn pipeline_label(&self, card: &Card) -> String {
        self.view.with_value(|v| {
            v.pipelines
                .iter()
                .find(|p| Some(p.id) == card.pipeline_id)
                .map_or_else(|| "—".to_string(), |p| p.name.clone())
        })
    }
}

#[component]
pub fn OpportunityList(
    view: ListView,
    input: ListInput,
    #[prop(into)] reload: Callback<()>,
    #[prop(into)] on_create: Callback<()>,
) -> impl IntoView {
    let page = view.page.clone();
    let error = view.filter_error.clone();
    let narrowed = input.narrows();
    let context = ListContext {
        view: StoredValue::new(view),
        input: StoredValue::new(input),
        reload,
    };
    provide_context(context);
    let selection = Selection::new();
    provide_context(selection);
    provide_context(BulkJob::new());
    let editing = RwSignal::new(None::<ListRow>);
    let choosing_columns = RwSignal::new(false);
    let body = match (page, &error) {
        (_, Some(_)) => ().into_any(),
        (Some(page), None) if page.total == 0 && narrowed => view! {
            <section class="card empty-state">
                <h2>"No deals match"</h2>
                <p>"Try fewer filters, another pipeline, or clear the search."</p>
            </section>
        }
        .into_any(),
        (Some(page), None) if page.total == 0 => view! {
            <section class="card empty-state">
                <h2>"No deals yet"</h2>
                <p>"Add your first deal with Create Opportunity, or bring your deals over from a spreadsheet or another CRM with Import."</p>
            </section>
        }
        .into_any(),
        (Some(page), None) => {
            let summary = page_summary(&page);
            view! {
                <BulkProgress />
                <BulkBar total=page.total page_ids=page.rows.iter().map(|r| r.card.id.0).collect() />
                <ListTable rows=page.rows.clone() on_edit=move |row| editing.set(Some(row)) />
                <Pager page summary />
            }
            .into_any()
        }
        (None, None) => ().into_any(),
    };
    let problem = error.map(|(_, message)| view! { <FilterProblem message /> });
    view! {
        {problem}
        <ListToolbar on_create on_columns=move |_| choosing_columns.set(true) />
        {body}
        <EditOpportunityDialog row=editing />
        <ColumnsDialog open=choosing_columns />
    }
}

/// "Showing 51–100 of 1,234 deals".
fn page_summary(page: &ListPage) -> String {
    let first = i64::from(page.page - 1) * i64::from(ROWS_PER_PAGE) + 1;
    let last = first + page.rows.len() as i64 - 1;
    let noun = if page.total == 1 { "deal" } else { "deals" };
    format!(
        "Showing {}–{} of {} {noun}",
        group_thousands(first.unsigned_abs()),
        group_thousands(last.unsigned_abs()),
        group_thousands(page.total.unsigned_abs())
    )
}

#[component]
fn Pager(page: ListPage, summary: String) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let pages = page.pages();
    let link = move |to: u32| context.input.with_value(|i| i.with_page(to).href());
    view! {
        <nav class="pager" aria-label="Pages">
            <p class="pager-summary" role="status">{summary}</p>
            <div class="pager-links">
                {(page.page > 1).then(|| view! { <a class="button" href=link(page.page - 1) rel="prev">"Previous"</a> })}
                <span class="pager-position">{format!("Page {} of {}", page.page, group_thousands(u64::from(pages)))}</span>
                {(page.page < pages).then(|| view! { <a class="button" href=link(page.page + 1) rel="next">"Next"</a> })}
            </div>
        </nav>
    }
}
