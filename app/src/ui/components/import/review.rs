//! What an import will do (or did): four counts, why rows fail or are skipped (every
//! row's reason, grouped), the values to map, and example rows of each outcome.
use super::mapping::Choices;
use super::values::ValueMapping;
use crate::domain::currency::group_thousands;
use crate::domain::import::tally::ReasonCount;
use crate::domain::import::{ImportCounts, ImportReview, RowSample};
use leptos::prelude::*;

/// Created / updated / skipped / failed, as four tiles; `planned` words them as future.
#[component]
pub fn CountTiles(counts: ImportCounts, planned: bool) -> impl IntoView {
    let tile = |n: u64, label: &'static str, class: &'static str| {
        view! {
            <div class=format!("count-tile {class}")>
                <span class="count-tile-number">{group_thousands(n)}</span>
                <span class="count-tile-label">{label}</span>
            </div>
        }
    };
    let words = if planned {
        [
            "will be created",
            "will be updated",
            "will be skipped",
            "will fail",
        ]
    } else {
        ["created", "updated", "skipped", "failed"]
    };
    view! {
        <div class="count-tiles">
            {tile(counts.created, words[0], "count-created")}
            {tile(counts.updated, words[1], "count-updated")}
            {tile(counts.skipped, words[2], "count-skipped")}
            {tile(counts.failed, words[3], "count-failed")}
        </div>
    }
}

/// A titled table of the review: its column headings, then `rows`.
pub(super) fn review_table(
    title: String,
    headings: &'static [&'static str],
    rows: impl IntoView,
) -> impl IntoView {
    view! {
        <section class="review-samples">
            <h3>{title}</h3>
            <div class="table-wrap">
                <table class="table review-table">
                    <thead>
                        <tr>{headings.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn sample_table(title: &'static str, rows: Vec<RowSample>, with_reason: bool) -> impl IntoView {
    let headings: &'static [&'static str] = match with_reason {
        true => &["Row", "Deal", "Reason"],
        false => &["Row", "Deal"],
    };
    (!rows.is_empty()).then(|| {
        let rows = rows
            .into_iter()
            .map(|r| {
                view! {
                    <tr>
                        <td class="cell-number">{r.row}</td>
                        <td>{r.deal}</td>
                        {with_reason.then(|| view! { <td>{r.reason.unwrap_or_default()}</td> })}
                    </tr>
                }
            })
            .collect_view();
        review_table(title.to_string(), headings, rows)
    })
}

/// Every reason rows give, with how many rows and which, under `title`.
#[component]
pub fn ReasonTable(title: &'static str, reasons: Vec<ReasonCount>) -> impl IntoView {
    (!reasons.is_empty()).then(|| {
        let rows = reasons
            .into_iter()
            .map(|r| {
                let which = r.rows_named();
                view! {
                    <tr>
                        <td class="reason-cell">{r.reason}</td>
                        <td class="cell-number">{group_thousands(r.rows)}</td>
                        <td>{which}</td>
                    </tr>
                }
            })
            .collect_view();
        review_table(title.to_string(), &["Reason", "Rows", "Which rows"], rows)
    })
}

/// "Creates 150 contacts and 80 companies that do not exist yet."
fn new_records(contacts: u64, companies: u64) -> Option<String> {
    let count = |n: u64, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{} {many}", group_thousands(n)),
    };
    let parts: Vec<String> = [
        (contacts > 0).then(|| count(contacts, "contact", "contacts")),
        (companies > 0).then(|| count(companies, "company", "companies")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("Creates {} that do not exist yet.", parts.join(" and ")))
}

/// The review of every row, and `Start import` while it is current.
#[component]
pub fn ReviewPanel(
    review: ImportReview,
    /// Whether a choice changed since this review (the columns, options or values).
    #[prop(into)]
    stale: Signal<bool>,
    starting: RwSignal<bool>,
    #[prop(into)] on_start: Callback<()>,
    choices: Choices,
    pending: RwSignal<bool>,
    #[prop(into)] on_review: Callback<()>,
) -> impl IntoView {
    let counts = review.counts;
    let writes = counts.created + counts.updated;
    let failures_shown = review.failures.len() as u64;
    view! {
        <section class="card import-review" aria-labelledby="review-heading">
            <h2 id="review-heading">"Review"</h2>
            <CountTiles counts planned=true />
            {new_records(review.new_contacts, review.new_companies).map(|text| view! { <p class="review-creates">{text}</p> })}
            <ReasonTable title="Why rows will fail" reasons=review.failure_reasons />
            <ValueMapping unmatched=review.unmatched choices pending on_review />
            <ReasonTable title="Why rows will be skipped" reasons=review.skip_reasons />
            {(counts.failed > failures_shown)
                .then(|| {
                    view! {
                        <p class="field-hint">
                            {format!("The first {failures_shown} failing rows are shown; after the import, download all of them with their reasons.")}
                        </p>
                    }
                })}
            {sample_table("Rows that will fail", review.failures, true)}
            {sample_table("Deals that will be created", review.creates, false)}
            {sample_table("Deals that will be updated", review.updates, true)}
            {move || {
                if stale.get() {
                    view! { <p class="form-error" role="status">"Your choices changed since this review. Review again before starting."</p> }.into_any()
                } else if writes == 0 {
                    view! { <p class="field-hint">"No row would create or update a deal. Change the mapping or the file."</p> }.into_any()
                } else {
                    view! {
                        <div class="form-actions">
                            <button type="button" class="button button-primary" disabled=starting on:click=move |_| on_start.run(())>
                                {format!("Start import ({} rows)", group_thousands(counts.total()))}
                            </button>
                            <span class="field-hint">"Runs in the background; you can leave this page and come back."</span>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
