//! `Only assigned data`, on both engines: what a limited person may learn about deals
//! they cannot see. Messages say such a deal exists without naming it, counts count only
//! what they may see, and nothing they do changes a hidden deal. (What each read path
//! shows is in `store_access.rs`.)
mod common;

use app::domain::account::User;
use app::domain::board::{ContactId, OpportunityId, Pipeline};
use app::domain::change::Actor;
use app::domain::company::CompanyId;
use app::domain::import::{ImportMode, ImportOptions, ImportState};
use app::domain::records::RecordQuery;
use app::store::opportunities::create::{ContactChoice, NewOpportunity};
use app::store::opportunities::list::LinkedTo;
use app::store::{Store, StoreError};
use common::deals::*;
use common::imports::{deals, finished, jobs, review, upload};
use common::on_each_engine;

const SECRET: &str = "ZZSECRET-A alpha deal";

/// Dana (sees everything) owns the secret deal, in Sales with Ann and Globex and the
/// external ID EXT-SECRET; Fox (limited to his own deals) owns one deal in Sales, also
/// at Globex.
struct Hidden {
    dana: User,
    fox: User,
    sales: Pipeline,
    ann: ContactId,
    globex: CompanyId,
    secret: OpportunityId,
}

async fn hidden_deal(store: &Store) -> Hidden {
    let (dana, sales) = setup(store).await;
    let fox = fox_mulder(store, true).await;
    let ann = contact(store, "Ann", "Lee", "ann@acme.test").await;
    let globex = company(store, "Globex", "globex.com").await;
    let (jobs, _dir) = jobs();
    let csv = format!("Name,External ID,Contact email\n{SECRET},EXT-SECRET,ann@acme.test\n");
    let id = upload(store, &jobs, dana.id, csv.as_bytes()).await;
    review(store, &jobs, id, ImportOptions::default()).await;
    jobs.start(store, id).await.unwrap();
    assert_eq!(finished(store, id).await, ImportState::Done);
    let secret = store
        .all_visible_ids(viewer(&dana))
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let actor = Actor::User(dana.id);
    link(store, actor, secret, linked_company(globex)).await;
    let own = NewOpportunity {
        owner: Some(fox.id),
        ..deal("Fox's deal", "5", Some(stage(&sales, "Proposal")))
    };
    let own = store.create_opportunity(actor, own).await.unwrap();
    link(store, actor, own.id, linked_company(globex)).await;
    Hidden {
        dana,
        fox,
        sales,
        ann,
        globex,
        secret,
    }
}

#[tokio::test]
async fn a_hidden_deal_is_never_named_in_the_duplicate_message() {
    on_each_engine(|store| async move {
        let w = hidden_deal(&store).await;
        let second = |by: &User| {
            let new = NewOpportunity {
                contact: Some(ContactChoice::Existing(w.ann)),
                ..deal("Second for Ann", "1", Some(stage(&w.sales, "Proposal")))
            };
            store.create_opportunity(Actor::User(by.id), new)
        };
        let refused = |result| match result {
            Err(StoreError::Invalid { field, message }) => {
                assert_eq!(field, "contact");
                message
            }
            other => panic!("{other:?}"),
        };
        let to_fox = refused(second(&w.fox).await);
        assert_eq!(
            to_fox,
            "Ann Lee already has an opportunity in Sales that you cannot see. Ask its owner or an admin about it, or pick another pipeline. (An admin can allow several opportunities per contact.)"
        );
        let to_dana = refused(second(&w.dana).await);
        assert!(to_dana.contains(&format!("\u{201c}{SECRET}\u{201d}")), "{to_dana}");
    })
    .await;
}

#[tokio::test]
async fn an_import_review_never_names_a_hidden_deal_and_fails_its_external_id_there() {
    on_each_engine(|store| async move {
        let w = hidden_deal(&store).await;
        let (jobs, _dir) = jobs();
        let csv = "Name,External ID,Contact email\n\
                   Ann again,,ann@acme.test\n\
                   Taking its ID,EXT-SECRET,\n\
                   Fox's new deal,EXT-FOX,\n";
        let both = ImportOptions {
            mode: ImportMode::Both,
            ..ImportOptions::default()
        };
        let id = upload(&store, &jobs, w.fox.id, csv.as_bytes()).await;
        let planned = review(&store, &jobs, id, both).await;
        let reasons: Vec<&str> = planned
            .failures
            .iter()
            .map(|f| f.reason.as_deref().unwrap())
            .collect();
        assert_eq!(
            reasons,
            [
                "Ann Lee already has an opportunity in Sales that you cannot see (an admin can allow several opportunities per contact)",
                "external ID EXT-SECRET belongs to a deal you cannot see; ask its owner or an admin to import this row",
            ]
        );
        assert_eq!((planned.counts.created, planned.counts.failed), (1, 2));

        jobs.start(&store, id).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Done, "the rest runs");
        let secret = store.card(w.secret, viewer(&w.dana)).await.unwrap();
        assert_eq!(secret.name, SECRET, "the hidden deal is untouched");
        let mut names: Vec<String> = deals(&store, &w.dana)
            .await
            .into_iter()
            .map(|d| d.name)
            .collect();
        names.sort();
        assert_eq!(names, ["Fox's deal", "Fox's new deal", SECRET]);
    })
    .await;
}

#[tokio::test]
async fn company_and_pipeline_deal_counts_count_only_visible_deals() {
    on_each_engine(|store| async move {
        let w = hidden_deal(&store).await;
        for (person, want) in [(&w.fox, 1), (&w.dana, 2)] {
            let who = &person.name;
            let company = store.company(w.globex, viewer(person)).await.unwrap();
            assert_eq!(company.deals, want, "company page for {who}");
            let page = store
                .company_page(&RecordQuery::default(), viewer(person))
                .await
                .unwrap();
            assert_eq!(page.rows[0].deals, want, "companies list for {who}");
            let count = store
                .pipeline_deal_count(w.sales.id, viewer(person))
                .await
                .unwrap();
            assert_eq!(count, want, "pipeline settings for {who}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_contact_or_company_linked_to_hidden_deals_cannot_be_deleted_by_them() {
    on_each_engine(|store| async move {
        let w = hidden_deal(&store).await;
        let fox = Actor::User(w.fox.id);
        for (refused, what) in [
            (store.delete_contact(fox, w.ann).await, "contact"),
            (store.delete_company(fox, w.globex).await, "company"),
        ] {
            match refused {
                Err(StoreError::Refused(message)) => assert_eq!(
                    message,
                    format!("This {what} is linked to a deal you cannot see, so you cannot delete it. Ask an admin, or the owner of those deals, to delete it.")
                ),
                other => panic!("{what}: {other:?}"),
            }
        }
        let secret = viewer(&w.dana);
        let still = |to| store.linked_deals(to, secret);
        assert_eq!(still(LinkedTo::Contact(w.ann)).await.unwrap().len(), 1);
        assert_eq!(still(LinkedTo::Company(w.globex)).await.unwrap().len(), 2);

        let own = contact(&store, "Own", "Contact", "").await;
        let fox_deal = store.all_visible_ids(viewer(&w.fox)).await.unwrap()[0];
        link(&store, fox, fox_deal, linked_contact(own)).await;
        store.delete_contact(fox, own).await.unwrap();
        store.delete_contact(Actor::User(w.dana.id), w.ann).await.unwrap();
    })
    .await;
}
