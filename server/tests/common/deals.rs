//! Shared set-up for the opportunity tests: a workspace with Dana (admin) and a default
//! pipeline, and short ways to write deals, stages and changes.
use app::domain::account::{DisplayName, EmailAddress, Role, User};
use app::domain::board::{Card, Pipeline};
use app::domain::change::Actor;
use app::domain::currency::Currency;
use app::domain::deal::DealFields;
use app::domain::list::{ListInput, ListPage, ListQuery};
use app::domain::opportunity::Status;
use app::domain::pipeline::{default_stages, StageId};
use app::store::opportunities::board::Viewer;
use app::store::opportunities::create::NewOpportunity;
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

pub async fn setup(store: &Store) -> (User, Pipeline) {
    let admin = store
        .create_workspace(
            &DisplayName::parse("Acme").unwrap(),
            Currency::parse("EUR").unwrap(),
            &new_user("Dana Scully", "dana@acme.test", false),
        )
        .await
        .unwrap();
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
        .parse(2)
        .unwrap()
}

/// The deal names of a list page, in order.
pub fn names(page: &ListPage) -> Vec<String> {
    page.rows.iter().map(|r| r.card.name.clone()).collect()
}
