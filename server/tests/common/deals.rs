//! Shared set-up for the opportunity tests: a workspace with Dana (admin) and a default
//! pipeline, and short ways to write deals, stages, changes, and the records and
//! activities linked to deals.
use app::domain::account::{DisplayName, EmailAddress, Role, User};
use app::domain::activity::{ActivityDetails, ActivityForm};
use app::domain::board::{Card, ContactId, Named, OpportunityId, Pipeline};
use app::domain::change::Actor;
use app::domain::company::{CompanyForm, CompanyId};
use app::domain::contact::ContactForm;
use app::domain::currency::Currency;
use app::domain::deal::DealFields;
use app::domain::links::LinkChange;
use app::domain::list::{ListInput, ListPage, ListQuery};
use app::domain::opportunity::Status;
use app::domain::pipeline::{default_stages, StageId};
use app::store::opportunities::board::Viewer;
use app::store::opportunities::create::NewOpportunity;
use app::store::opportunities::log::ChangeEvent;
use app::store::opportunities::service::StandingChange;
use app::store::users::NewUser;
use app::store::Store;

pub fn new_user(name: &str, email: &str, only_assigned_data: bool) -> NewUser {
    NewUser {
        name: DisplayName::parse(name).unwrap(),
        email: EmailAddress::parse(email).unwrap(),
        password_hash: "hash".into(),
        role: Role::User,
        only_assigned_data,
        must_change_password: false,
    }
}

/// A EUR workspace with Dana Scully as its admin.
pub async fn workspace(store: &Store) -> User {
    store
        .create_workspace(
            &DisplayName::parse("Acme").unwrap(),
            Currency::parse("EUR").unwrap(),
            &new_user("Dana Scully", "dana@acme.test", false),
        )
        .await
        .unwrap()
}

pub async fn setup(store: &Store) -> (User, Pipeline) {
    let admin = workspace(store).await;
    let pipeline = store
        .create_pipeline("Sales", &default_stages())
        .await
        .unwrap();
    (admin, pipeline)
}

pub fn stage(pipeline: &Pipeline, name: &str) -> StageId {
    pipeline
        .stages
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{name}"))
        .id
}

pub fn deal(name: &str, value: &str, stage: Option<StageId>) -> NewOpportunity {
    NewOpportunity {
        fields: DealFields::parse(name, value, "", "", 2).unwrap(),
        stage,
        status: Status::Open,
        contact: None,
        owner: None,
    }
}

pub async fn globex_in_prospecting(store: &Store, actor: Actor, sales: &Pipeline) -> Card {
    let new = deal("Globex", "10", Some(stage(sales, "Prospecting")));
    store.create_opportunity(actor, new).await.unwrap()
}

pub async fn fox_mulder(store: &Store, only_assigned_data: bool) -> User {
    let fox = new_user("Fox Mulder", "fox@acme.test", only_assigned_data);
    store.create_user(&fox).await.unwrap()
}

pub fn viewer(user: &User) -> Viewer {
    Viewer {
        user: user.id,
        only_assigned: user.only_assigned_data,
    }
}

pub fn to(stage: Option<StageId>, status: Option<Status>) -> StandingChange {
    StandingChange {
        stage,
        status,
        lost_reason: None,
    }
}

/// A checked list query from `key=value` pairs, as in the URL.
pub fn list_query(pairs: &[(&str, &str)]) -> ListQuery {
    pairs
        .iter()
        .copied()
        .collect::<ListInput>()
        .parse(app::domain::currency::Currency::DEFAULT, &[])
        .unwrap()
}

/// The deal names of a list page, in order.
pub fn names(page: &ListPage) -> Vec<String> {
    page.rows.iter().map(|r| r.card.name.clone()).collect()
}

/// A contact saved from its form's fields, with no custom values.
pub async fn contact(store: &Store, first: &str, last: &str, email: &str) -> ContactId {
    let form = ContactForm {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        ..ContactForm::default()
    };
    store
        .save_contact(
            app::domain::change::Actor::System,
            None,
            &form.parse().unwrap(),
            &serde_json::Map::new(),
        )
        .await
        .unwrap()
}

/// The owner a contact has now, as its row says.
pub async fn contact_owner(store: &Store, contact: ContactId) -> Option<i64> {
    let (owner,): (Option<i64>,) = sqlx::query_as("SELECT owner_id FROM contacts WHERE id = $1")
        .bind(contact.0)
        .fetch_one(store.pool())
        .await
        .unwrap();
    owner
}

/// A company saved from its form's fields.
pub async fn company(store: &Store, name: &str, domain: &str) -> CompanyId {
    let form = CompanyForm {
        name: name.into(),
        domain: domain.into(),
        ..CompanyForm::default()
    };
    store
        .save_company(None, &form.parse().unwrap())
        .await
        .unwrap()
}

/// Links (or unlinks) a contact, company or follower, as the profile page does.
pub async fn link(store: &Store, actor: Actor, deal: OpportunityId, change: LinkChange) -> Card {
    store.change_link(actor, deal, change).await.unwrap()
}

pub fn linked_contact(contact: ContactId) -> LinkChange {
    LinkChange::Contact {
        contact,
        linked: true,
    }
}

pub fn linked_company(company: CompanyId) -> LinkChange {
    LinkChange::Company {
        company,
        linked: true,
    }
}

pub fn following(user: &User) -> LinkChange {
    LinkChange::Follower {
        user: user.id,
        linked: true,
    }
}

/// An activity from the `Log activity` form's `key=value` pairs (`kind` included).
pub fn activity(pairs: &[(&str, &str)]) -> ActivityDetails {
    let mut form = ActivityForm::default();
    for (key, value) in pairs {
        let slot = match *key {
            "kind" => &mut form.kind,
            "body" => &mut form.body,
            "due_date" => &mut form.due_date,
            "assignee" => &mut form.assignee,
            "outcome" => &mut form.outcome,
            "duration" => &mut form.duration,
            "title" => &mut form.title,
            "starts_at" => &mut form.starts_at,
            "ends_at" => &mut form.ends_at,
            "meeting_status" => &mut form.meeting_status,
            other => panic!("no activity field {other}"),
        };
        *slot = value.to_string();
    }
    form.parse().unwrap()
}

pub fn note(body: &str) -> ActivityDetails {
    activity(&[("kind", "note"), ("body", body)])
}

/// The change-log events of a deal that changed `field`, oldest first.
pub async fn events_on(store: &Store, deal: OpportunityId, field: &str) -> Vec<ChangeEvent> {
    store
        .opportunity_events(deal)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.field.as_deref() == Some(field))
        .collect()
}

pub fn named(id: i64, name: &str) -> Named {
    Named {
        id,
        name: name.into(),
    }
}
