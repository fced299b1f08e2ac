//! `/companies`: every company, searchable and sortable, 50 to a page, and `Create company`.
use crate::api::records::load_companies;
use crate::domain::company::CompanyRecord;
use crate::ui::components::records::{
    record_query, CompanyDialog, RecordPager, RecordSearch, SortHeader,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

const PATH: &str = "/companies";

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let query = record_query();
    let page = Resource::new(move || query.get(), load_companies);
    let creating = RwSignal::new(false);
    let navigate = use_navigate();
    let open_company =
        Callback::new(move |id: i64| navigate(&format!("/companies/{id}"), Default::default()));
    view! {
        <Title text="Companies" />
        <header class="page-header page-header-row">
            <div>
                <h1>"Companies"</h1>
                <p class="lead">"The organisations your contacts and deals belong to."</p>
            </div>
            <div class="page-actions">
                <button type="button" class="button button-primary" on:click=move |_| creating.set(true)>"Create company"</button>
            </div>
        </header>
        <div class="list-toolbar">
            <RecordSearch path=PATH label="Search by name or domain" query />
        </div>
        <Transition fallback=|| view! { <div class="card skeleton list-skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let pages = page.pages();
                        let empty = page.rows.is_empty();
                        let searched = !query.with(|q| q.search.is_empty());
                        view! {
                            <div class="card table-wrap">
                                <table class="table list-table">
                                    <thead>
                                        <tr>
                                            <SortHeader path=PATH column="name" label="Name" query />
                                            <SortHeader path=PATH column="domain" label="Domain" query />
                                            <th scope="col">"Phone"</th>
                                            <th scope="col" class="cell-number">"Contacts"</th>
                                            <th scope="col" class="cell-number">"Deals"</th>
                                            <SortHeader path=PATH column="created" label="Created" query />
                                        </tr>
                                    </thead>
                                    <tbody>{page.rows.into_iter().map(company_row).collect_view()}</tbody>
                                </table>
                                {empty.then(|| view! { <p class="empty-state-inline">{if searched { "No companies match this search. Clear the search, or create one." } else { "No companies yet. Add one with Create company, then link it to its contacts and deals." }}</p> })}
                            </div>
                            <RecordPager path=PATH noun="companies" total=page.total page=page.page pages query />
                        }
                            .into_any()
                    }
                    Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
        <CompanyDialog open=creating editing=None on_saved=open_company />
    }
}

fn company_row(company: CompanyRecord) -> impl IntoView {
    let dash = || "—".to_string();
    view! {
        <tr>
            <td class="cell-name"><a href=format!("/companies/{}", company.id.0)>{company.name.clone()}</a></td>
            <td>{company.domain.clone().unwrap_or_else(dash)}</td>
            <td>{company.phone.clone().unwrap_or_else(dash)}</td>
            <td class="cell-number">{company.contacts}</td>
            <td class="cell-number">{company.deals}</td>
            <td>{crate::domain::date::Date::from_unix_ms(company.created_at).to_string()}</td>
        </tr>
    }
}
