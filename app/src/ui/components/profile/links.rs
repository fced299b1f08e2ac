//! A deal's followers, contacts (one primary) and companies, linked and unlinked from
//! its profile page; each change is written to the deal's change log.
use crate::api::opportunities::change_link;
use crate::domain::account::UserId;
use crate::domain::board::{ContactId, Named};
use crate::domain::company::CompanyId;
use crate::domain::links::{DealLinks, LinkChange};
use crate::ui::components::board::{ContactPicker, Lookup};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

#[component]
pub fn DealLinksPanel(
    deal: i64,
    links: DealLinks,
    users: Vec<Named>,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let change = move |change: LinkChange, done: String| {
        busy.set(true);
        spawn_saving(async move {
            match change_link(deal, change).await {
                Ok(_) => Toast::success(done),
                Err(err) => Toast::error(err.to_string()),
            }
            busy.set(false);
            on_changed.run(());
        });
    };
    // The × beside a follower, contact or company.
    let unlink_button = move |label: String, unlink: LinkChange, done: String| {
        view! {
            <button
                type="button"
                class="chip-clear"
                aria-label=label
                disabled=busy
                on:click=move |_| change(unlink, done.clone())
            >
                "×"
            </button>
        }
    };
    let link_contact = move |picked: Option<i64>| {
        if let Some(id) = picked {
            let contact = ContactId(id);
            change(
                LinkChange::Contact {
                    contact,
                    linked: true,
                },
                "Contact linked.".to_string(),
            );
        }
    };
    let link_company = move |picked: Option<i64>| {
        if let Some(id) = picked {
            let company = CompanyId(id);
            change(
                LinkChange::Company {
                    company,
                    linked: true,
                },
                "Company linked.".to_string(),
            );
        }
    };
    let following: Vec<i64> = links.followers.iter().map(|f| f.id).collect();
    let candidates: Vec<Named> = users
        .into_iter()
        .filter(|u| !following.contains(&u.id))
        .collect();
    view! {
        <section class="card links" aria-labelledby="followers-heading">
            <h2 id="followers-heading">"Followers"</h2>
            <ul class="chips">
                {links
                    .followers
                    .into_iter()
                    .map(|f| {
                        let name = f.name.clone();
                        let user = UserId(f.id);
                        view! {
                            <li class="chip">
                                <span>{f.name.clone()}</span>
                                {unlink_button(format!("Remove follower {}", f.name), LinkChange::Follower { user, linked: false }, format!("{name} no longer follows this deal."))}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <label class="visually-hidden" for="add-follower">"Add follower"</label>
            <select
                id="add-follower"
                disabled=busy
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Ok(id) = value.parse::<i64>() {
                        change(LinkChange::Follower { user: UserId(id), linked: true }, "Follower added.".to_string());
                    }
                }
            >
                <option value="" selected=true>"Add follower…"</option>
                {candidates.into_iter().map(|u| view! { <option value=u.id.to_string()>{u.name}</option> }).collect_view()}
            </select>
        </section>
        <section class="card links" aria-labelledby="contacts-heading">
            <h2 id="contacts-heading">"Contacts"</h2>
            {links.contacts.is_empty().then(|| view! { <p class="empty-note">"No contact linked yet."</p> })}
            <ul class="link-list">
                {links
                    .contacts
                    .into_iter()
                    .map(|c| {
                        let contact = c.id;
                        let name = c.name.clone();
                        let unlinked = format!("{} unlinked.", c.name);
                        view! {
                            <li>
                                <a href=format!("/contacts/{}", c.id.0)>{c.name.clone()}</a>
                                {c.email.clone().map(|e| view! { <span class="chip-sub">{format!(" · {e}")}</span> })}
                                {if c.primary {
                                    view! { <span class="badge">"Primary"</span> }.into_any()
                                } else {
                                    view! {
                                        <button
                                            type="button"
                                            class="link-button"
                                            disabled=busy
                                            aria-label=format!("Make {} the primary contact", c.name)
                                            on:click=move |_| change(LinkChange::PrimaryContact(contact), format!("{name} is the primary contact."))
                                        >
                                            "Make primary"
                                        </button>
                                    }
                                        .into_any()
                                }}
                                {unlink_button(format!("Unlink contact {}", c.name), LinkChange::Contact { contact, linked: false }, unlinked)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ContactPicker
                label="Link a contact"
                name="link-contact"
                on_pick=link_contact
            />
        </section>
        <section class="card links" aria-labelledby="companies-heading">
            <h2 id="companies-heading">"Companies"</h2>
            {links.companies.is_empty().then(|| view! { <p class="empty-note">"No company linked yet."</p> })}
            <ul class="link-list">
                {links
                    .companies
                    .into_iter()
                    .map(|c| {
                        let company = CompanyId(c.id);
                        let unlinked = format!("{} unlinked.", c.name);
                        view! {
                            <li>
                                <a href=format!("/companies/{}", c.id)>{c.name.clone()}</a>
                                {unlink_button(format!("Unlink company {}", c.name), LinkChange::Company { company, linked: false }, unlinked)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ContactPicker
                label="Link a company"
                name="link-company"
                lookup=Lookup::Companies
                on_pick=link_company
            />
        </section>
    }
}
