//! `/contacts`: every contact, searchable, filtered by tag and sortable, 50 to a page, and
//! `Create contact`.
use crate::api::records::{load_contacts, load_people};
use crate::domain::contact::ContactRecord;
use crate::domain::records::RecordQuery;
use crate::ui::components::records::{
    record_query, ContactDialog, RecordPager, RecordSearch, SortHeader, TagFilter,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

const PATH: &str = "/contacts";

#[component]
pub fn ContactsPage() -> impl IntoView {
    let query = record_query();
    let page = Resource::new(move || query.get(), load_contacts);
    let people = Resource::new(|| (), |_| load_people());
    let creating = RwSignal::new(false);
    let navigate = use_navigate();
    let open_contact =
        Callback::new(move |id: i64| navigate(&format!("/contacts/{id}"), Default::default()));
    view! {
        <Title text="Contacts" />
        <header class="page-header page-header-row">
            <div>
                <h1>"Contacts"</h1>
                <p class="lead">"The people your deals are with."</p>
            </div>
            <div class="page-actions">
                <button type="button" class="button button-primary" on:click=move |_| creating.set(true)>"Create contact"</button>
            </div>
        </header>
        <div class="list-toolbar">
            <RecordSearch path=PATH label="Search by name, email or company" query />
            <TagFilter path=PATH query />
        </div>
        <Transition fallback=|| view! { <div class="card skeleton list-skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let pages = page.pages();
                        let empty = page.rows.is_empty();
                        let nothing = query.with(nothing_found);
                        view! {
                            <div class="card table-wrap">
                                <table class="table list-table">
                                    <thead>
                                        <tr>
                                            <SortHeader path=PATH column="name" label="Name" query />
                                            <SortHeader path=PATH column="email" label="Email" query />
                                            <th scope="col">"Phone"</th>
                                            <SortHeader path=PATH column="company" label="Company" query />
                                            <SortHeader path=PATH column="owner" label="Owner" query />
                                            <th scope="col">"Tags"</th>
                                            <SortHeader path=PATH column="created" label="Created" query />
                                        </tr>
                                    </thead>
                                    <tbody>{page.rows.into_iter().map(contact_row).collect_view()}</tbody>
                                </table>
                                {empty.then(|| view! { <p class="empty-state-inline">{nothing}</p> })}
                            </div>
                            <RecordPager path=PATH noun="contacts" total=page.total page=page.page pages query />
                        }
                            .into_any()
                    }
                    Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
        <Suspense>
            {move || Suspend::new(async move {
                let users = people.await.unwrap_or_default();
                view! { <ContactDialog open=creating editing=None users on_saved=open_contact /> }
            })}
        </Suspense>
    }
}

/// What an empty page says: how to add contacts, or how to widen the search and filter.
fn nothing_found(query: &RecordQuery) -> String {
    let tag = &query.tag;
    match (query.search.is_empty(), tag.is_empty()) {
        (true, true) => "No contacts yet. Add one with Create contact, or as the new contact of a deal you create.".into(),
        (false, true) => "No contacts match this search. Clear the search, or create one.".into(),
        (true, false) => format!("No contacts have the tag \u{201c}{tag}\u{201d}. Choose All tags to see every contact."),
        (false, false) => format!("No contacts with the tag \u{201c}{tag}\u{201d} match this search. Clear the search, or choose All tags."),
    }
}

fn contact_row(contact: ContactRecord) -> impl IntoView {
    let dash = || "—".to_string();
    view! {
        <tr>
            <td class="cell-name"><a href=format!("/contacts/{}", contact.id.0)>{contact.name.clone()}</a></td>
            <td>{contact.email.clone().unwrap_or_else(dash)}</td>
            <td>{contact.phone.clone().unwrap_or_else(dash)}</td>
            <td>{contact.company.as_ref().map_or_else(dash, |c| c.name.clone())}</td>
            <td>{contact.owner.as_ref().map_or_else(|| "Nobody".to_string(), |o| o.name.clone())}</td>
            <td>
                <span class="tag-badges">{contact.tags.into_iter().map(|tag| view! { <span class="badge">{tag}</span> }).collect_view()}</span>
            </td>
            <td>{crate::domain::date::Date::from_unix_ms(contact.created_at).to_string()}</td>
        </tr>
    }
}
