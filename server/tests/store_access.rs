//! `Only assigned data` on every read path of deals, on both engines: a person with it
//! sees the deals they own or follow and no others, whatever their role; everyone else
//! sees every deal.
mod common;

use app::domain::account::{Role, User};
use app::domain::activity::ActivityTarget;
use app::domain::board::{BoardFilter, FilterInput, OpportunityId, Pipeline};
use app::domain::change::Actor;
use app::store::opportunities::board::Viewer;
use app::store::opportunities::create::NewOpportunity;
use app::store::opportunities::list::LinkedTo;
use app::store::{Store, StoreError};
use common::deals::*;
use common::on_each_engine;
use std::collections::{BTreeMap, BTreeSet};

const CASES: [(Role, bool); 6] = [
    (Role::Admin, false),
    (Role::Admin, true),
    (Role::Manager, false),
    (Role::Manager, true),
    (Role::User, false),
    (Role::User, true),
];

type Names = BTreeSet<String>;

/// The deals, by name, that `viewer` is shown on each read path, and the counts the
/// board and the list report.
async fn seen(
    store: &Store,
    sales: &Pipeline,
    deals: &BTreeMap<i64, String>,
    records: (
        app::domain::board::ContactId,
        app::domain::company::CompanyId,
    ),
    viewer: Viewer,
) -> (Vec<(&'static str, Names)>, Vec<(&'static str, i64)>) {
    let name_of = |id: &OpportunityId| deals[&id.0].clone();
    let prospecting = stage(sales, "Prospecting");
    let unfiltered = BoardFilter::default();
    let mut search = FilterInput::default();
    search.set("q", "FOLLOWED".into());
    let search = search.parse(2).unwrap();
    let (ann, globex) = records;

    let totals = store
        .column_totals(sales, &unfiltered, viewer)
        .await
        .unwrap();
    let searched_totals = store.column_totals(sales, &search, viewer).await.unwrap();
    let count = |totals: &[(_, app::domain::board::ColumnTotals)]| {
        totals.iter().map(|(_, t)| t.count).sum::<i64>()
    };
    let column = store
        .column_page(prospecting, &unfiltered, viewer, None)
        .await
        .unwrap();
    let searched_column = store
        .column_page(prospecting, &search, viewer, None)
        .await
        .unwrap();
    let board: Names = store
        .board_columns(sales, &unfiltered, viewer)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|c| c.page.cards)
        .map(|c| c.name)
        .collect();
    let list = store
        .list_page(&list_query(&[("sort", "name")]), viewer)
        .await
        .unwrap();
    let searched_list = store
        .list_page(&list_query(&[("q", "followed")]), viewer)
        .await
        .unwrap();
    let list_ids = store.list_ids(&list_query(&[]), viewer).await.unwrap();
    let all: Vec<OpportunityId> = deals.keys().map(|id| OpportunityId(*id)).collect();
    let visible = store.visible_ids(&all, viewer).await.unwrap();
    let mut profiles = Names::new();
    for id in &all {
        match store.card(*id, viewer).await {
            Ok(card) => {
                profiles.insert(card.name);
            }
            Err(StoreError::NotFound("opportunity")) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    let rows = |rows: Vec<app::domain::list::ListRow>| -> Names {
        rows.into_iter().map(|r| r.card.name).collect()
    };
    let on_contact = store
        .linked_deals(LinkedTo::Contact(ann), viewer)
        .await
        .unwrap();
    let on_company = store
        .linked_deals(LinkedTo::Company(globex), viewer)
        .await
        .unwrap();
    let timeline = |target| async move {
        let entries = store.record_activities(target, viewer).await.unwrap();
        assert!(
            entries
                .iter()
                .any(|e| e.activity.as_ref().is_some_and(|a| a.deal.is_none())),
            "the record's own activity shows to everyone"
        );
        entries
            .into_iter()
            .filter_map(|e| e.activity.and_then(|a| a.deal))
            .map(|(_, name)| name)
            .collect::<Names>()
    };

    let names = vec![
        (
            "board column",
            column.cards.into_iter().map(|c| c.name).collect(),
        ),
        ("board", board),
        (
            "board search",
            searched_column.cards.into_iter().map(|c| c.name).collect(),
        ),
        ("list", rows(list.rows)),
        ("list search", rows(searched_list.rows)),
        ("list ids", list_ids.iter().map(name_of).collect()),
        ("visible ids", visible.iter().map(name_of).collect()),
        ("profile", profiles),
        ("contact page deals", rows(on_contact)),
        ("company page deals", rows(on_company)),
        (
            "contact timeline",
            timeline(ActivityTarget::Contact(ann.0)).await,
        ),
        (
            "company timeline",
            timeline(ActivityTarget::Company(globex.0)).await,
        ),
    ];
    let counts = vec![
        ("board totals", count(&totals)),
        ("board search totals", count(&searched_totals)),
        ("list total", list.total),
        ("list search total", searched_list.total),
        (
            "board value",
            totals
                .iter()
                .find(|(s, _)| *s == prospecting)
                .map_or(0, |(_, t)| t.total_minor / 1000),
        ),
    ];
    (names, counts)
}

#[tokio::test]
async fn only_assigned_data_hides_other_deals_on_every_read_path() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let ann = contact(&store, "Ann", "Lee", "").await;
        let globex = company(&store, "Globex", "globex.com").await;
        let prospecting = Some(stage(&sales, "Prospecting"));
        let mut deals: BTreeMap<i64, String> = BTreeMap::new();
        let mut add_deal = async |name: String, owner: Option<&User>, follower: Option<&User>| {
            let new = NewOpportunity {
                owner: owner.map(|u| u.id),
                ..deal(&name, "10", prospecting)
            };
            let id = store.create_opportunity(actor, new).await.unwrap().id;
            link(&store, actor, id, linked_contact(ann)).await;
            link(&store, actor, id, linked_company(globex)).await;
            if let Some(user) = follower {
                link(&store, actor, id, following(user)).await;
            }
            let on_deal = ActivityTarget::Opportunity(id.0);
            store
                .add_activity(actor, on_deal, &note(&format!("About {name}")))
                .await
                .unwrap();
            deals.insert(id.0, name);
        };
        add_deal("Dana's".into(), Some(&dana), None).await;
        add_deal("Nobody's".into(), None, None).await;
        let mut people = Vec::new();
        for (i, (role, only_assigned)) in CASES.into_iter().enumerate() {
            let person = new_user(&format!("Person {i}"), &format!("p{i}@acme.test"), false);
            let person = store.create_user(&person).await.unwrap();
            let person = store
                .set_user_access(person.id, role, only_assigned)
                .await
                .unwrap();
            assert_eq!(
                (person.role, person.only_assigned_data),
                (role, only_assigned)
            );
            add_deal(format!("Owned {i}"), Some(&person), None).await;
            add_deal(format!("Followed {i}"), None, Some(&person)).await;
            people.push(person);
        }
        for (target, body) in [
            (ActivityTarget::Contact(ann.0), "About Ann"),
            (ActivityTarget::Company(globex.0), "About Globex"),
        ] {
            store
                .add_activity(actor, target, &note(body))
                .await
                .unwrap();
        }

        let everything: Names = deals.values().cloned().collect();
        assert_eq!(everything.len(), 2 + 2 * CASES.len());
        for (i, person) in people.iter().enumerate() {
            let case = format!(
                "{:?}, only assigned: {}",
                person.role, person.only_assigned_data
            );
            let expected: Names = if person.only_assigned_data {
                [format!("Owned {i}"), format!("Followed {i}")].into()
            } else {
                everything.clone()
            };
            let searched: Names = expected
                .iter()
                .filter(|n| n.starts_with("Followed"))
                .cloned()
                .collect();
            let (names, counts) = seen(&store, &sales, &deals, (ann, globex), viewer(person)).await;
            for (path, shown) in names {
                let want = if path.ends_with("search") {
                    &searched
                } else {
                    &expected
                };
                assert_eq!(&shown, want, "{path} for {case}");
            }
            for (path, count) in counts {
                let want = if path.contains("search") {
                    searched.len()
                } else {
                    expected.len()
                };
                assert_eq!(count, want as i64, "{path} for {case}");
            }
        }
    })
    .await;
}
