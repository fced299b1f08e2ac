use crate::api::opportunities::{load_opportunity, move_opportunity, OpportunityProfile};
use crate::domain::activity::ActivityTarget;
use crate::domain::date::Date;
use crate::domain::money::plain_amount;
use crate::domain::opportunity::Status;
use crate::ui::components::dialog::LostReasonModal;
use crate::ui::components::profile::{
    ActivityComposer, CustomFieldsList, DealLinksPanel, EditableField, Editor, FilesSection,
    KeptEdits, ProfileLoader, SaveTo, Timeline,
};
use crate::ui::components::shell::Toast;
use crate::ui::components::workflows::{AddToWorkflow, ChosenRecords, RecordKind, RecordWorkflows};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos_meta::Title;

/// An opportunity's profile at `/opportunities/{id}`: its fields (custom ones too),
/// `Closed Won` / `Closed Lost` / `Reopen`, followers, contacts and companies, files, and
/// its timeline of changes and activities, newest first, with a form to log more.
#[component]
pub fn OpportunityPage() -> impl IntoView {
    KeptEdits::provide();
    view! {
        <ProfileLoader
            load=load_opportunity
            show=|profile: OpportunityProfile, reload| view! { <Profile profile reload /> }.into_any()
            not_found=|| view! { <NotFound /> }.into_any()
        />
    }
}

#[component]
fn NotFound() -> impl IntoView {
    super::not_found::respond_not_found();
    view! {
        <Title text="Opportunity not found" />
        <section class="card empty-state">
            <h1>"Opportunity not found"</h1>
            <p>"It may have been deleted, or it belongs to someone else's deals."</p>
            <a class="button" href="/opportunities">"Back to the board"</a>
        </section>
    }
}

#[component]
fn Profile(profile: OpportunityProfile, reload: RwSignal<u32>) -> impl IntoView {
    let card = profile.card.clone();
    let (id, version) = (card.id.0, card.version);
    let losing = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let set_status = move |status: &'static str, reason: Option<String>| {
        pending.set(true);
        spawn_saving(async move {
            match move_opportunity(id, version, None, Some(status.to_string()), reason).await {
                Ok(saved) => Toast::success(match saved.status {
                    Status::Won => format!("{} is won.", saved.name),
                    Status::Lost => format!("{} is lost.", saved.name),
                    _ => format!("{} is open again.", saved.name),
                }),
                Err(err) => Toast::error(err.to_string()),
            }
            pending.set(false);
            reload.update(|n| *n += 1);
        });
    };
    let stage = profile
        .pipeline
        .as_ref()
        .zip(card.stage_id)
        .and_then(|(p, s)| p.stage(s))
        .map(|s| s.name.clone());
    let back = match card.pipeline_id {
        Some(p) => format!("/opportunities?pipeline={}", p.0),
        None => "/opportunities".to_string(),
    };
    let closed = matches!(card.status, Status::Won | Status::Lost);
    let can_reopen = card.status != Status::Open;
    let badge = match card.status {
        Status::Open => "badge",
        Status::Won => "badge badge-ok",
        Status::Lost => "badge badge-danger",
        Status::Abandoned => "badge badge-muted",
    };
    let currency = profile.currency;
    let date = |ms: i64| Date::from_unix_ms(ms).to_string();
    let deal_name = card.name.clone();
    let deal = SaveTo::Deal { id, version };
    let saved = move |_| reload.update(|n| *n += 1);
    let owners: Vec<(String, String)> = std::iter::once((String::new(), "Nobody".to_string()))
        .chain(
            profile
                .users
                .iter()
                .map(|u| (u.id.to_string(), u.name.clone())),
        )
        .collect();
    view! {
        <Title text=card.name.clone() />
        <a class="back-link" href=back>"← Opportunities"</a>
        <header class="page-header page-header-row">
            <div>
                <h1>{card.name.clone()}</h1>
                <p class="lead">
                    <span class=badge>{card.status.label()}</span>
                    " "
                    {match (&profile.pipeline, &stage) {
                        (Some(p), Some(s)) => format!("{s} · {}", p.name),
                        _ => "Unattached (no pipeline)".to_string(),
                    }}
                </p>
            </div>
            <div class="page-actions">
                {(!closed)
                    .then(|| {
                        view! {
                            <button type="button" class="button button-primary" disabled=pending on:click=move |_| set_status("won", None)>
                                "Closed Won"
                            </button>
                            <button
                                type="button"
                                class="button button-danger"
                                disabled=pending
                                on:click={
                                    let name = deal_name.clone();
                                    move |_| losing.set(Some(name.clone()))
                                }
                            >
                                "Closed Lost"
                            </button>
                        }
                    })}
                {can_reopen
                    .then(|| {
                        view! {
                            <button type="button" class="button" disabled=pending on:click=move |_| set_status("open", None)>
                                "Reopen"
                            </button>
                        }
                    })}
                <AddToWorkflow
                    kind=RecordKind::Opportunity
                    subject=card.name.clone()
                    records=move |_| ChosenRecords::one(id)
                    on_enrolled=saved
                />
            </div>
        </header>
        <div class="profile">
            <section class="card profile-details" aria-labelledby="details-heading">
                <h2 id="details-heading">"Details"</h2>
                <dl class="facts">
                    <EditableField
                        label="Name"
                        field="name"
                        shown=card.name.clone()
                        raw=card.name.clone()
                        editor=Editor::Text
                        to=deal
                        on_saved=saved
                    />
                    <EditableField
                        label="Value"
                        field="value"
                        shown=currency.format_minor(card.value_minor)
                        raw=plain_amount(card.value_minor, currency.minor_digits())
                        editor=Editor::Text
                        to=deal
                        on_saved=saved
                    />
                    <dt>"Pipeline"</dt>
                    <dd>{profile.pipeline.as_ref().map_or_else(|| "None".to_string(), |p| p.name.clone())}</dd>
                    <dt>"Stage"</dt>
                    <dd>{stage.clone().unwrap_or_else(|| "None".to_string())}</dd>
                    <dt>"Status"</dt>
                    <dd>{card.status.label()}</dd>
                    <EditableField
                        label="Owner"
                        field="owner"
                        shown=card.owner.as_ref().map_or_else(|| "Nobody".to_string(), |o| o.name.clone())
                        raw=card.owner.as_ref().map(|o| o.id.to_string()).unwrap_or_default()
                        editor=Editor::Choice(owners)
                        to=deal
                        on_saved=saved
                    />
                    <dt>"Contact"</dt>
                    <dd>{card.contact.as_ref().map_or_else(|| "None".to_string(), |c| c.name.clone())}</dd>
                    <EditableField
                        label="Expected close date"
                        field="expected_close"
                        shown=card.expected_close.map_or_else(|| "Not set".to_string(), |d| d.to_string())
                        raw=card.expected_close.map(|d| d.to_string()).unwrap_or_default()
                        editor=Editor::Date
                        to=deal
                        on_saved=saved
                    />
                    <EditableField
                        label="Source"
                        field="source"
                        shown=profile.details.source.clone().unwrap_or_else(|| "Not set".to_string())
                        raw=profile.details.source.clone().unwrap_or_default()
                        editor=Editor::Text
                        to=deal
                        on_saved=saved
                    />
                    {profile.details.lost_reason.clone().map(|reason| view! { <dt>"Lost reason"</dt><dd>{reason}</dd> })}
                    <CustomFieldsList
                        fields=profile.custom_fields.clone()
                        values=profile.details.custom.clone()
                        currency
                        to=deal
                        on_saved=saved
                    />
                    <dt>"Created"</dt>
                    <dd>{date(profile.details.created_at)}</dd>
                    <dt>"Updated"</dt>
                    <dd>{date(profile.details.updated_at)}</dd>
                </dl>
            </section>
            <div class="profile-main">
                <section class="card profile-timeline" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">"Timeline"</h2>
                    <ActivityComposer target=ActivityTarget::Opportunity(id) users=profile.users.clone() on_logged=saved />
                    <Timeline entries=profile.timeline on_changed=saved />
                </section>
            </div>
            <div class="profile-side">
                <DealLinksPanel deal=id links=profile.links users=profile.users on_changed=saved />
                <FilesSection deal=id files=profile.files max_upload_bytes=profile.max_upload_bytes on_changed=saved />
                <RecordWorkflows kind=RecordKind::Opportunity id />
            </div>
        </div>
        <LostReasonModal
            deal=losing
            on_confirm=move |reason| {
                losing.set(None);
                set_status("lost", reason);
            }
            on_cancel=move |_| losing.set(None)
        />
    }
}
