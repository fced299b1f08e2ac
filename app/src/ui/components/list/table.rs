//! The list's table: headers that sort, a tick box per row, a cell per chosen column and
//! a row menu with `Edit opportunity`.
use super::bulk::Selection;
use super::ListContext;
use crate::domain::custom_field::CustomFieldId;
use crate::domain::date::Date;
use crate::domain::list::{ListColumn, ListRow, Sort};
use crate::domain::opportunity::Status;
use crate::ui::components::dialog::ActionMenu;
use leptos::prelude::*;

#[component]
pub fn ListTable(rows: Vec<ListRow>, #[prop(into)] on_edit: Callback<ListRow>) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let selection = expect_context::<Selection>();
    let columns = context.view.with_value(|v| v.columns.clone());
    let input = context.input.get_value();
    let sort = context
        .view
        .with_value(|v| input.parse(v.currency, &v.custom_fields))
        .map(|q| q.sort)
        .unwrap_or_default();
    let page_ids: Vec<i64> = rows.iter().map(|r| r.card.id.0).collect();
    let page_ids = StoredValue::new(page_ids);
    let all_ticked = move || {
        selection.all_matching.get()
            || page_ids.with_value(|ids| {
                !ids.is_empty() && selection.ids.with(|s| ids.iter().all(|id| s.contains(id)))
            })
    };
    let header = columns
        .iter()
        .map(|column| {
            let column = *column;
            let next = sort.toggled(column);
            let mut target = input.with_page(1);
            target.sort = column.key().into_owned();
            target.dir = if next.descending { "desc" } else { "asc" }.to_string();
            let (aria, arrow) = match sort {
                Sort {
                    column: c,
                    descending,
                } if c == column => {
                    if descending {
                        ("descending", " ↓")
                    } else {
                        ("ascending", " ↑")
                    }
                }
                _ => ("none", ""),
            };
            view! {
                <th scope="col" aria-sort=aria class=cell_class(&context, column)>
                    <a class="sort-link" href=target.href()>
                        {context.column_label(column)}
                        <span aria-hidden="true">{arrow}</span>
                    </a>
                </th>
            }
        })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let columns = columns.clone();
            view! { <Row row columns on_edit /> }
        })
        .collect_view();
    view! {
        <div class="table-wrap list-table-wrap">
            <table class="table table-cards list-table">
                <thead>
                    <tr>
                        <th scope="col" class="cell-tick">
                            <input
                                type="checkbox"
                                aria-label="Select all deals on this page"
                                prop:checked=all_ticked
                                on:change=move |ev| {
                                    let tick = event_target_checked(&ev);
                                    page_ids.with_value(|ids| selection.tick_all(ids, tick));
                                }
                            />
                        </th>
                        {header}
                        <th scope="col" class="cell-menu">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn cell_class(context: &ListContext, column: ListColumn) -> &'static str {
    match column {
        ListColumn::Value => "cell-number",
        ListColumn::Name => "cell-name",
        ListColumn::Custom(id) => {
            let numeric = context.view.with_value(|v| {
                v.custom_fields
                    .iter()
                    .any(|f| f.id == id && f.kind.is_numeric())
            });
            if numeric {
                "cell-number"
            } else {
                ""
            }
        }
        _ => "",
    }
}

/// A custom field's value in a row, as people read it ("—" when unset).
fn custom_cell(context: &ListContext, row: &ListRow, id: CustomFieldId) -> String {
    context.view.with_value(|v| {
        v.custom_fields
            .iter()
            .find(|f| f.id == id)
            .and_then(|f| {
                row.custom
                    .get(&f.key)
                    .map(|value| f.display(value, v.currency))
            })
            .unwrap_or_else(|| "—".to_string())
    })
}

#[component]
fn Row(row: ListRow, columns: Vec<ListColumn>, on_edit: Callback<ListRow>) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let selection = expect_context::<Selection>();
    let currency = context.view.with_value(|v| v.currency);
    let id = row.card.id.0;
    let name = row.card.name.clone();
    let cells = columns
        .into_iter()
        .map(|column| {
            let card = &row.card;
            let dash = || "—".to_string();
            let content = match column {
                ListColumn::Name => {
                    view! { <a class="list-deal-link" href=format!("/opportunities/{id}")>{card.name.clone()}</a> }
                        .into_any()
                }
                ListColumn::Status => status_badge(card.status).into_any(),
                other => match other {
                    ListColumn::Value => currency.format_minor(card.value_minor),
                    ListColumn::Pipeline => context.pipeline_label(card),
                    ListColumn::Stage => context.stage_label(card, false),
                    ListColumn::Owner => card.owner.as_ref().map_or_else(|| "Nobody".to_string(), |o| o.name.clone()),
                    ListColumn::Contact => card.contact.as_ref().map_or_else(dash, |c| c.name.clone()),
                    ListColumn::ExpectedClose => card.expected_close.map_or_else(dash, |d| d.to_string()),
                    ListColumn::Source => row.source.clone().unwrap_or_else(dash),
                    ListColumn::Created => Date::from_unix_ms(row.created_at).to_string(),
                    ListColumn::Custom(field) => custom_cell(&context, &row, field),
                    _ => Date::from_unix_ms(row.updated_at).to_string(),
                }
                .into_any(),
            };
            let class = cell_class(&context, column);
            if column == ListColumn::Name {
                view! { <th scope="row" class=class>{content}</th> }.into_any()
            } else {
                view! { <td class=class data-label=context.column_label(column)>{content}</td> }.into_any()
            }
        })
        .collect_view();
    let edited = row.clone();
    view! {
        <tr class:selected=move || selection.is_ticked(id)>
            <td class="cell-tick">
                <input
                    type="checkbox"
                    aria-label=format!("Select {name}")
                    prop:checked=move || selection.is_ticked(id)
                    on:change=move |ev| selection.tick(id, event_target_checked(&ev))
                />
            </td>
            {cells}
            <td class="cell-menu">
                <RowMenu row=edited on_edit />
            </td>
        </tr>
    }
}

fn status_badge(status: Status) -> impl IntoView {
    let class = match status {
        Status::Open => "badge",
        Status::Won => "badge badge-ok",
        Status::Lost => "badge badge-danger",
        Status::Abandoned => "badge badge-muted",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// The `…` menu of a row: `Edit opportunity` and `Open`.
#[component]
fn RowMenu(row: ListRow, on_edit: Callback<ListRow>) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = row.card.id.0;
    let label = format!("Actions for {}", row.card.name);
    view! {
        <ActionMenu id=format!("deal-{id}-row-menu") label title="Actions" open>
            <button
                type="button"
                role="menuitem"
                class="menu-button"
                on:click=move |_| {
                    open.set(false);
                    on_edit.run(row.clone());
                }
            >
                "Edit opportunity"
            </button>
            <a role="menuitem" class="menu-button" href=format!("/opportunities/{id}")>"Open"</a>
        </ActionMenu>
    }
}
