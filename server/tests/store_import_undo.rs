//! Undoing imports one after another, on both engines: a later import that was undone
//! already (and its undo) does not keep a deal from an earlier import's undo; a person's
//! change since does.
mod common;

use app::domain::board::OpportunityId;
use app::domain::change::Actor;
use app::domain::import::{ImportMode, ImportOptions};
use app::store::opportunities::edit::FieldEdit;
use common::deals::{setup, viewer};
use common::imports::{deals, import, jobs, named};
use common::on_each_engine;

fn matching() -> ImportOptions {
    ImportOptions {
        mode: ImportMode::Both,
        ..ImportOptions::default()
    }
}

#[tokio::test]
async fn undoing_imports_newest_first_ignores_the_undone_ones() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let (jobs, _dir) = jobs();
        let first = "External ID,Name,Value\nX-1,Alpha,10\nX-2,Beta,10\nX-3,Gamma,10\n";
        let first = import(&store, &jobs, dana.id, first, matching()).await;
        let second = "External ID,Name,Value\nX-1,Alpha,20\nX-2,Beta,20\nX-3,Gamma,20\n";
        let second = import(&store, &jobs, dana.id, second, matching()).await;

        let undone = store.undo_import(second, dana.id).await.unwrap();
        assert_eq!((undone.restored, undone.kept_count), (3, 0));
        assert_eq!(
            named(&deals(&store, &dana).await, "Alpha").value_minor,
            1_000
        );
        // Beta is edited by a person after the second import was undone: that counts.
        let beta = OpportunityId(named(&deals(&store, &dana).await, "Beta").id);
        let card = store.card(beta, viewer(&dana)).await.unwrap();
        store
            .edit_opportunity(
                Actor::User(dana.id),
                beta,
                card.version,
                FieldEdit::Value(777),
            )
            .await
            .unwrap();

        let report = store.undo_import(first, dana.id).await.unwrap();
        assert_eq!(
            (report.removed, report.kept_count),
            (2, 1),
            "only Beta was changed by someone since: {:?}",
            report.kept
        );
        assert_eq!(report.kept[0].deal, "Beta");
        let left: Vec<String> = deals(&store, &dana)
            .await
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(left, ["Beta"]);
    })
    .await;
}

#[tokio::test]
async fn an_updated_deal_gets_its_first_value_back_after_both_undos() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let created = store
            .create_opportunity(
                Actor::User(dana.id),
                common::deals::deal("Delta", "1", None),
            )
            .await
            .unwrap();
        store
            .edit_opportunity(
                Actor::User(dana.id),
                created.id,
                created.version,
                FieldEdit::ExternalId(Some("X-9".into())),
            )
            .await
            .unwrap();
        let (jobs, _dir) = jobs();
        let first = import(
            &store,
            &jobs,
            dana.id,
            "External ID,Value\nX-9,10\n",
            matching(),
        )
        .await;
        let second = import(
            &store,
            &jobs,
            dana.id,
            "External ID,Value\nX-9,20\n",
            matching(),
        )
        .await;
        assert_eq!(
            named(&deals(&store, &dana).await, "Delta").value_minor,
            2_000
        );

        store.undo_import(second, dana.id).await.unwrap();
        let report = store.undo_import(first, dana.id).await.unwrap();
        assert_eq!(
            (report.restored, report.kept_count),
            (1, 0),
            "{:?}",
            report.kept
        );
        assert_eq!(named(&deals(&store, &dana).await, "Delta").value_minor, 100);
    })
    .await;
}
