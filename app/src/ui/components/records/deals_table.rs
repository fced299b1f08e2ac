//! The deals linked to a contact or company, as its page lists them.
use crate::domain::currency::Currency;
use crate::domain::list::ListRow;
use leptos::prelude::*;

#[component]
pub fn DealsTable(rows: Vec<ListRow>, currency: Currency) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty-note">"No deals linked yet."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table list-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="cell-number">"Value"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Expected close"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let card = row.card;
                            view! {
                                <tr>
                                    <td class="cell-name"><a href=format!("/opportunities/{}", card.id.0)>{card.name.clone()}</a></td>
                                    <td>{card.status.label()}</td>
                                    <td class="cell-number">{currency.format_minor(card.value_minor)}</td>
                                    <td>{card.owner.map_or_else(|| "Nobody".to_string(), |o| o.name)}</td>
                                    <td>{card.expected_close.map_or_else(|| "—".to_string(), |d| d.to_string())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
