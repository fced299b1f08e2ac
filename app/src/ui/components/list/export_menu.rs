//! `Export` beside `Columns`: this view (its filters, sort and columns) or every field of
//! every deal, as CSV; "For Excel" adds the byte-order mark Excel needs to read UTF-8.
use crate::domain::list::ListInput;
use leptos::prelude::*;

#[component]
pub fn ExportMenu(input: ListInput) -> impl IntoView {
    let excel = RwSignal::new(false);
    let list_query = input
        .href()
        .split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default();
    let href = move |scope: &str| {
        let excel = if excel.get() { "&excel=1" } else { "" };
        match scope {
            "all" => format!("/api/opportunities/export.csv?scope=all{excel}"),
            _ => format!("/api/opportunities/export.csv?scope=view&{list_query}{excel}"),
        }
    };
    let view_href = href.clone();
    view! {
        <details class="filter-panel export-panel">
            <summary class="button">"Export"</summary>
            <div class="filter-panel-body export-panel-body">
                <p class="field-hint">"A CSV file that imports back: re-import it with “Update matches” to apply changes made in a spreadsheet."</p>
                <a class="button" href=move || view_href("view") download="">"Export this view"</a>
                <a class="button" href=move || href("all") download="">"Export everything"</a>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || excel.get() on:change=move |ev| excel.set(event_target_checked(&ev)) />
                    "For Excel (adds a byte-order mark)"
                </label>
            </div>
        </details>
    }
}
