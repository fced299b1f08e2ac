//! `/companies/{id}`: a company's fields, its contacts and deals, and a timeline of its
//! own activities and those of its deals; `Edit company` and `Delete`.
use super::contact::RecordNotFound;
use crate::api::records::{delete_company, load_company, load_people, CompanyProfile};
use crate::domain::activity::ActivityTarget;
use crate::ui::components::profile::{ActivityComposer, ProfileLoader, Timeline};
use crate::ui::components::records::{CompanyDialog, DealsTable, DeleteDialog};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CompanyPage() -> impl IntoView {
    view! {
        <ProfileLoader
            load=load_company
            show=|profile: CompanyProfile, reload| view! { <Company profile reload /> }.into_any()
            not_found=|| view! { <RecordNotFound what="Company" back="/companies" /> }.into_any()
        />
    }
}

#[component]
fn Company(profile: CompanyProfile, reload: RwSignal<u32>) -> impl IntoView {
    let company = profile.company.clone();
    let id = company.id.0;
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let people = Resource::new(|| (), |_| load_people());
    let navigate = use_navigate();
    let saved = move |_| reload.update(|n| *n += 1);
    let confirm_delete = move |_| {
        let navigate = navigate.clone();
        spawn_saving(async move {
            match delete_company(id).await {
                Ok(()) => {
                    Toast::success("Company deleted. Its deals and contacts are kept.");
                    navigate("/companies", Default::default());
                }
                Err(err) => {
                    deleting.set(false);
                    Toast::error(err.to_string());
                }
            }
        });
    };
    let dash = || "—".to_string();
    let deal_count = profile.deals.len();
    view! {
        <Title text=company.name.clone() />
        <a class="back-link" href="/companies">"← Companies"</a>
        <header class="page-header page-header-row">
            <div>
                <h1>{company.name.clone()}</h1>
                <p class="lead">{company.domain.clone().unwrap_or_else(|| "No domain".to_string())}</p>
            </div>
            <div class="page-actions">
                <button type="button" class="button" on:click=move |_| editing.set(true)>"Edit company"</button>
                <button type="button" class="button button-danger" on:click=move |_| deleting.set(true)>"Delete"</button>
            </div>
        </header>
        <div class="profile profile-record">
            <section class="card profile-details" aria-labelledby="details-heading">
                <h2 id="details-heading">"Details"</h2>
                <dl class="facts">
                    <dt>"Name"</dt>
                    <dd>{company.name.clone()}</dd>
                    <dt>"Domain"</dt>
                    <dd>{company.domain.clone().unwrap_or_else(dash)}</dd>
                    <dt>"Phone"</dt>
                    <dd>{company.phone.clone().unwrap_or_else(dash)}</dd>
                    <dt>"Address"</dt>
                    <dd>{company.address.clone().unwrap_or_else(dash)}</dd>
                </dl>
                <h3>{format!("Contacts ({})", profile.contacts.len())}</h3>
                {profile.contacts.is_empty().then(|| view! { <p class="empty-note">"No contacts at this company yet."</p> })}
                <ul class="link-list">
                    {profile
                        .contacts
                        .into_iter()
                        .map(|c| view! { <li><a href=format!("/contacts/{}", c.id)>{c.name}</a></li> })
                        .collect_view()}
                </ul>
            </section>
            <div class="profile-main">
                <section class="card" aria-labelledby="deals-heading">
                    <h2 id="deals-heading">{format!("Deals ({deal_count})")}</h2>
                    <DealsTable rows=profile.deals currency=profile.currency />
                </section>
                <section class="card profile-timeline" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">"Timeline"</h2>
                    <Suspense>
                        {move || Suspend::new(async move {
                            let users = people.await.unwrap_or_default();
                            view! { <ActivityComposer target=ActivityTarget::Company(id) users on_logged=saved /> }
                        })}
                    </Suspense>
                    <Timeline entries=profile.timeline on_changed=saved />
                </section>
            </div>
        </div>
        <CompanyDialog open=editing editing=Some((id, company.form())) on_saved=move |_| reload.update(|n| *n += 1) />
        <DeleteDialog
            open=deleting
            title=format!("Delete {}?", company.name)
            consequence="Its deals and contacts stay; deals are unlinked from it (each deal's timeline says so) and contacts no longer name it. Its own notes, tasks, calls and meetings are deleted with it.".to_string()
            on_confirm=confirm_delete
        />
    }
}
