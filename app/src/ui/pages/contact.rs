//! `/contacts/{id}`: a contact's fields (custom ones too), its deals, and a timeline of
//! its own activities and those of its deals; its tags, added and removed in place;
//! `Edit contact` and `Delete`.
use crate::api::records::{delete_contact, load_contact, ContactProfile};
use crate::domain::activity::ActivityTarget;
use crate::domain::date::Date;
use crate::ui::components::profile::{
    ActivityComposer, ContactTags, CustomFieldsList, ProfileLoader, SaveTo, Timeline,
};
use crate::ui::components::records::{ContactDialog, DealsTable, DeleteDialog};
use crate::ui::components::shell::Toast;
use crate::ui::components::workflows::{AddToWorkflow, ChosenRecords, RecordKind, RecordWorkflows};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <ProfileLoader
            load=load_contact
            show=|profile: ContactProfile, reload| view! { <Contact profile reload /> }.into_any()
            not_found=|| view! { <RecordNotFound what="Contact" back="/contacts" /> }.into_any()
        />
    }
}

/// A contact or company that does not exist (any more).
#[component]
pub fn RecordNotFound(what: &'static str, back: &'static str) -> impl IntoView {
    super::not_found::respond_not_found();
    view! {
        <Title text=format!("{what} not found") />
        <section class="card empty-state">
            <h1>{format!("{what} not found")}</h1>
            <p>"It may have been deleted."</p>
            <a class="button" href=back>"Back to the list"</a>
        </section>
    }
}

#[component]
fn Contact(profile: ContactProfile, reload: RwSignal<u32>) -> impl IntoView {
    let contact = profile.contact.clone();
    let id = contact.id.0;
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let navigate = use_navigate();
    let saved = move |_| reload.update(|n| *n += 1);
    let confirm_delete = move |_| {
        let navigate = navigate.clone();
        spawn_saving(async move {
            match delete_contact(id).await {
                Ok(()) => {
                    Toast::success("Contact deleted. Its deals are kept.");
                    navigate("/contacts", Default::default());
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
    let edit_form = (id, contact.form(), contact.company.clone());
    view! {
        <Title text=contact.name.clone() />
        <a class="back-link" href="/contacts">"← Contacts"</a>
        <header class="page-header page-header-row">
            <div>
                <h1>{contact.name.clone()}</h1>
                <p class="lead">{contact.company.as_ref().map_or_else(|| "No company".to_string(), |c| c.name.clone())}</p>
            </div>
            <div class="page-actions">
                <button type="button" class="button" on:click=move |_| editing.set(true)>"Edit contact"</button>
                <AddToWorkflow kind=RecordKind::Contact subject=contact.name.clone() records=move |_| ChosenRecords::one(id) on_enrolled=saved />
                <button type="button" class="button button-danger" on:click=move |_| deleting.set(true)>"Delete"</button>
            </div>
        </header>
        <div class="profile profile-record">
            <section class="card profile-details" aria-labelledby="details-heading">
                <h2 id="details-heading">"Details"</h2>
                <dl class="facts">
                    <dt>"First name"</dt>
                    <dd>{contact.first_name.clone()}</dd>
                    <dt>"Last name"</dt>
                    <dd>{contact.last_name.clone()}</dd>
                    <dt>"Email"</dt>
                    <dd>{contact.email.clone().unwrap_or_else(dash)}</dd>
                    <dt>"Phone"</dt>
                    <dd>{contact.phone.clone().unwrap_or_else(dash)}</dd>
                    <dt>"Company"</dt>
                    <dd>
                        {contact
                            .company
                            .clone()
                            .map(|c| view! { <a href=format!("/companies/{}", c.id)>{c.name}</a> }.into_any())
                            .unwrap_or_else(|| "—".into_any())}
                    </dd>
                    <dt>"Owner"</dt>
                    <dd>{contact.owner.as_ref().map_or_else(|| "Nobody".to_string(), |o| o.name.clone())}</dd>
                    <dt>"Source"</dt>
                    <dd>{contact.source.clone().unwrap_or_else(dash)}</dd>
                    <dt>"Tags"</dt>
                    <dd>
                        <ContactTags contact=id tags=contact.tags.clone() />
                    </dd>
                    <CustomFieldsList
                        fields=profile.custom_fields
                        values=contact.custom.clone()
                        currency=profile.currency
                        to=SaveTo::Contact(id)
                        on_saved=saved
                    />
                    <dt>"Created"</dt>
                    <dd>{Date::from_unix_ms(contact.created_at).to_string()}</dd>
                </dl>
            </section>
            <div class="profile-main">
                <section class="card" aria-labelledby="deals-heading">
                    <h2 id="deals-heading">{format!("Deals ({deal_count})")}</h2>
                    <DealsTable rows=profile.deals currency=profile.currency />
                </section>
                <RecordWorkflows kind=RecordKind::Contact id />
                <section class="card profile-timeline" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">"Timeline"</h2>
                    <ActivityComposer target=ActivityTarget::Contact(id) users=profile.users.clone() on_logged=saved />
                    <Timeline entries=profile.timeline on_changed=saved />
                </section>
            </div>
        </div>
        <ContactDialog open=editing editing=Some(edit_form) users=profile.users on_saved=move |_| reload.update(|n| *n += 1) />
        <DeleteDialog
            open=deleting
            title=format!("Delete {}?", contact.name)
            consequence="Its deals stay; they are unlinked from this contact, and each deal's timeline says so. Its own notes, tasks, calls and meetings are deleted with it.".to_string()
            on_confirm=confirm_delete
        />
    }
}
