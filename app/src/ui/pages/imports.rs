//! `/opportunities/import`: `Import` opens here. Upload a CSV file to start the wizard,
//! or open an earlier import to see its result, download its failed rows or undo it.
use crate::api::imports::recent_imports;
use crate::domain::currency::group_thousands;
use crate::domain::date::Date;
use crate::ui::components::import::UploadZone;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ImportsPage() -> impl IntoView {
    let imports = Resource::new(|| (), |_| recent_imports());
    view! {
        <Title text="Import opportunities" />
        <header class="page-header">
            <p class="breadcrumb">
                <a href="/opportunities">"Opportunities"</a>
                " / Import"
            </p>
            <h1>"Import opportunities"</h1>
            <p class="lead">
                "Upload a CSV file, map its columns to deal fields, custom fields, contacts and companies, and review every row before anything is written. An import can be undone in one click."
            </p>
        </header>
        <UploadZone />
        <section class="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">"Earlier imports"</h2>
            <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match imports.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty-note">"No imports yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"File"</th>
                                            <th scope="col">"Started"</th>
                                            <th scope="col">"By"</th>
                                            <th scope="col">"State"</th>
                                            <th scope="col" class="cell-number">"Created"</th>
                                            <th scope="col" class="cell-number">"Updated"</th>
                                            <th scope="col" class="cell-number">"Failed"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|i| {
                                                view! {
                                                    <tr>
                                                        <td><a href=format!("/opportunities/import/{}", i.id)>{i.file_name}</a></td>
                                                        <td>{Date::from_unix_ms(i.created_at).to_string()}</td>
                                                        <td>{i.started_by}</td>
                                                        <td>{i.state.label()}</td>
                                                        <td class="cell-number">{group_thousands(i.counts.created)}</td>
                                                        <td class="cell-number">{group_thousands(i.counts.updated)}</td>
                                                        <td class="cell-number">{group_thousands(i.counts.failed)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
