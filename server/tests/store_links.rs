//! What deals are linked to, on both engines: link changes are changes to the deal (a
//! new version and a change-log entry), the first contact is primary and another takes
//! over when it goes, and deleting a contact or company unlinks it but keeps the deals.
mod common;

use app::domain::board::{ContactId, OpportunityId};
use app::domain::change::{Actor, EventKind};
use app::domain::company::CompanyId;
use app::domain::contact::ContactForm;
use app::domain::links::LinkChange;
use app::store::opportunities::create::{ContactChoice, NewOpportunity};
use app::store::StoreError;
use common::deals::*;
use common::on_each_engine;
use serde_json::{json, Map};
use std::time::Duration;

#[tokio::test]
async fn links_are_changes_to_the_deal_with_a_version_and_a_log_entry() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let fox = fox_mulder(&store, false).await;
        let ann = contact(&store, "Ann", "Lee", "ann@globex.test").await;
        let bob = contact(&store, "Bob", "Stone", "").await;
        let cher = contact(&store, "Cher", "", "").await;
        let globex = company(&store, "Globex", "globex.com").await;
        let deal = globex_in_prospecting(&store, actor, &sales).await;
        assert_eq!((deal.version, deal.contact.as_ref()), (1, None));

        let card = link(&store, actor, deal.id, linked_contact(ann)).await;
        assert_eq!(card.version, 2);
        assert_eq!(
            card.contact,
            Some(named(ann.0, "Ann Lee")),
            "the first contact becomes primary"
        );
        let again = link(&store, actor, deal.id, linked_contact(ann)).await;
        assert_eq!(again.version, 2, "linking twice changes nothing");
        let card = link(&store, actor, deal.id, linked_contact(bob)).await;
        assert_eq!(card.version, 3);
        assert_eq!(card.contact, Some(named(ann.0, "Ann Lee")));
        let contacts = events_on(&store, deal.id, "contacts").await;
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts[0].kind, EventKind::FieldChanged);
        assert_eq!(contacts[0].actor, actor);
        assert_eq!(contacts[0].before, Some(serde_json::Value::Null));
        assert_eq!(
            contacts[0].after,
            Some(json!({ "id": ann.0, "name": "Ann Lee" }))
        );

        let card = link(&store, actor, deal.id, LinkChange::PrimaryContact(bob)).await;
        assert_eq!(
            (card.version, card.contact),
            (4, Some(named(bob.0, "Bob Stone")))
        );
        let primary = events_on(&store, deal.id, "primary_contact").await;
        assert_eq!(primary.len(), 1);
        assert_eq!(
            (primary[0].before.clone(), primary[0].after.clone()),
            (
                Some(json!({ "id": ann.0, "name": "Ann Lee" })),
                Some(json!({ "id": bob.0, "name": "Bob Stone" }))
            )
        );
        let same = link(&store, actor, deal.id, LinkChange::PrimaryContact(bob)).await;
        assert_eq!(same.version, 4, "already primary");
        let unlinked = store
            .change_link(actor, deal.id, LinkChange::PrimaryContact(cher))
            .await
            .unwrap_err();
        assert!(
            matches!(
                unlinked,
                StoreError::Invalid {
                    field: "contact",
                    ..
                }
            ),
            "{unlinked:?}"
        );
        let links = store.deal_links(deal.id).await.unwrap();
        let listed: Vec<(&str, bool)> = links
            .contacts
            .iter()
            .map(|c| (c.name.as_str(), c.primary))
            .collect();
        assert_eq!(listed, [("Bob Stone", true), ("Ann Lee", false)]);

        let card = link(
            &store,
            actor,
            deal.id,
            LinkChange::Contact {
                contact: bob,
                linked: false,
            },
        )
        .await;
        assert_eq!(
            (card.version, card.contact),
            (5, Some(named(ann.0, "Ann Lee"))),
            "unlinking the primary contact promotes another"
        );
        let contacts = events_on(&store, deal.id, "contacts").await;
        assert_eq!(
            contacts.last().map(|e| (e.before.clone(), e.after.clone())),
            Some((
                Some(json!({ "id": bob.0, "name": "Bob Stone" })),
                Some(serde_json::Value::Null)
            ))
        );

        let card = link(&store, actor, deal.id, linked_company(globex)).await;
        assert_eq!(card.version, 6);
        assert_eq!(
            link(&store, actor, deal.id, linked_company(globex))
                .await
                .version,
            6
        );
        let card = link(&store, actor, deal.id, following(&fox)).await;
        assert_eq!(card.version, 7);
        let followers: Vec<_> = store
            .opportunity_events(deal.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == EventKind::FollowersChanged)
            .collect();
        assert_eq!(followers.len(), 1);
        let links = store.deal_links(deal.id).await.unwrap();
        assert_eq!(links.companies, [named(globex.0, "Globex")]);
        assert_eq!(links.followers, [named(fox.id.0, "Fox Mulder")]);
        let card = link(
            &store,
            actor,
            deal.id,
            LinkChange::Company {
                company: globex,
                linked: false,
            },
        )
        .await;
        assert_eq!(card.version, 8);
        assert!(store
            .deal_links(deal.id)
            .await
            .unwrap()
            .companies
            .is_empty());

        let said: Vec<String> = store
            .timeline(deal.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.what)
            .collect();
        for line in [
            "Linked contact Ann Lee",
            "Primary contact set to Bob Stone",
            "Unlinked contact Bob Stone",
            "Linked company Globex",
            "Unlinked company Globex",
            "Fox Mulder now follows this deal",
        ] {
            assert!(said.iter().any(|s| s == line), "{line} in {said:?}");
        }

        let nobody = store
            .change_link(actor, deal.id, linked_contact(ContactId(999_999)))
            .await
            .unwrap_err();
        assert!(
            matches!(nobody, StoreError::NotFound("contact")),
            "{nobody:?}"
        );
        let no_company = store
            .change_link(actor, deal.id, linked_company(CompanyId(999_999)))
            .await
            .unwrap_err();
        assert!(
            matches!(no_company, StoreError::NotFound("company")),
            "{no_company:?}"
        );
        let no_deal = store
            .change_link(actor, OpportunityId(999_999), linked_contact(ann))
            .await
            .unwrap_err();
        assert!(
            matches!(no_deal, StoreError::NotFound("opportunity")),
            "{no_deal:?}"
        );
        assert_eq!(
            store.card(deal.id, viewer(&dana)).await.unwrap().version,
            8,
            "failed changes leave the deal as it was"
        );
    })
    .await;
}

#[tokio::test]
async fn deleting_a_contact_or_company_unlinks_it_and_keeps_the_deals() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let globex = company(&store, "Globex", "globex.com").await;
        let ann = contact(&store, "Ann", "Lee", "").await;
        let bob_fields = ContactForm {
            first_name: "Bob".into(),
            last_name: "Stone".into(),
            company: globex.0.to_string(),
            ..ContactForm::default()
        };
        let bob = store
            .save_contact(
                app::domain::change::Actor::System,
                None,
                &bob_fields.parse().unwrap(),
                &Map::new(),
            )
            .await
            .unwrap();
        let prospecting = Some(stage(&sales, "Prospecting"));
        let first = store
            .create_opportunity(
                actor,
                NewOpportunity {
                    contact: Some(ContactChoice::Existing(ann)),
                    ..deal("First", "10", prospecting)
                },
            )
            .await
            .unwrap();
        assert_eq!(first.contact, Some(named(ann.0, "Ann Lee")));
        link(&store, actor, first.id, linked_contact(bob)).await;
        let second = store
            .create_opportunity(actor, deal("Second", "20", prospecting))
            .await
            .unwrap();
        link(&store, actor, second.id, linked_contact(ann)).await;
        for id in [first.id, second.id] {
            link(&store, actor, id, linked_company(globex)).await;
        }
        store
            .add_activity(
                actor,
                app::domain::activity::ActivityTarget::Contact(ann.0),
                &note("Met at the fair"),
            )
            .await
            .unwrap();
        let before = store.card(first.id, viewer(&dana)).await.unwrap().version;

        store.delete_contact(actor, ann).await.unwrap();
        assert!(matches!(
            store.contact_record(ann).await,
            Err(StoreError::NotFound("contact"))
        ));
        let first_now = store.card(first.id, viewer(&dana)).await.unwrap();
        assert_eq!(
            first_now.contact,
            Some(named(bob.0, "Bob Stone")),
            "another contact becomes primary"
        );
        assert_eq!(first_now.version, before + 1);
        let second_now = store.card(second.id, viewer(&dana)).await.unwrap();
        assert_eq!(second_now.contact, None, "the deal stays, unlinked");
        for id in [first.id, second.id] {
            let unlinked = events_on(&store, id, "contacts").await;
            assert_eq!(
                unlinked.last().map(|e| (e.actor, e.before.clone())),
                Some((actor, Some(json!({ "id": ann.0, "name": "Ann Lee" })))),
                "the deal's log says the contact went"
            );
        }

        store.delete_company(actor, globex).await.unwrap();
        assert!(matches!(
            store.company(globex, viewer(&dana)).await,
            Err(StoreError::NotFound("company"))
        ));
        for id in [first.id, second.id] {
            assert!(store.deal_links(id).await.unwrap().companies.is_empty());
            let unlinked = events_on(&store, id, "companies").await;
            assert_eq!(
                unlinked.last().map(|e| e.before.clone()),
                Some(Some(json!({ "id": globex.0, "name": "Globex" })))
            );
        }
        let bob_now = store.contact_record(bob).await.unwrap();
        assert_eq!(
            bob_now.company, None,
            "its contacts stay, without a company"
        );
        let page = store
            .list_page(&list_query(&[]), viewer(&dana))
            .await
            .unwrap();
        assert_eq!(page.total, 2, "both deals stay");
        assert!(matches!(
            store.delete_company(actor, globex).await,
            Err(StoreError::NotFound("company"))
        ));
    })
    .await;
}

/// Each delete reads a record's links before it takes the write lock. On SQLite a
/// transaction that has read cannot wait for another writer (the busy timeout does not
/// apply to an upgrade), so a delete fails with "database is locked" while anyone else
/// is saving. A change that locks first (`change_link`) waits its turn.
#[tokio::test]
async fn deletes_wait_for_a_change_in_progress_instead_of_failing() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let ann = contact(&store, "Ann", "Lee", "").await;
        let globex = company(&store, "Globex", "globex.com").await;
        let deal = globex_in_prospecting(&store, actor, &sales).await.id;
        link(&store, actor, deal, linked_contact(ann)).await;
        link(&store, actor, deal, linked_company(globex)).await;
        let bob = contact(&store, "Bob", "Stone", "").await;

        let steps: Vec<(&str, LinkChange)> = vec![
            ("link", linked_contact(bob)),
            (
                "delete contact",
                LinkChange::Contact {
                    contact: ann,
                    linked: false,
                },
            ),
            (
                "delete company",
                LinkChange::Company {
                    company: globex,
                    linked: false,
                },
            ),
        ];
        for (what, change) in steps {
            let mut saving = store.pool().begin().await.unwrap();
            sqlx::query("UPDATE opportunities SET version = version WHERE id = $1")
                .bind(deal.0)
                .execute(&mut *saving)
                .await
                .unwrap();
            let waiting = tokio::spawn({
                let store = store.clone();
                async move {
                    match (what, change) {
                        ("link", change) => {
                            store.change_link(actor, deal, change).await.map(|_| ())
                        }
                        (_, LinkChange::Contact { contact, .. }) => {
                            store.delete_contact(actor, contact).await
                        }
                        (_, LinkChange::Company { company, .. }) => {
                            store.delete_company(actor, company).await
                        }
                        _ => unreachable!(),
                    }
                }
            });
            tokio::time::sleep(Duration::from_millis(200)).await;
            saving.commit().await.unwrap();
            let outcome = waiting.await.unwrap();
            assert!(outcome.is_ok(), "{what}: {outcome:?}");
        }
        let links = store.deal_links(deal).await.unwrap();
        assert_eq!(links.contacts.len(), 1);
        assert!(links.companies.is_empty());
    })
    .await;
}
