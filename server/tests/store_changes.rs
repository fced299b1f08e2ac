//! Changing deals through the service, on both engines: every status/stage transition
//! with its events and notes, stale versions, field edits, and the timeline.
mod common;

use app::domain::change::{Actor, EventKind};
use app::domain::opportunity::Status;
use app::domain::pipeline::StageId;
use app::store::opportunities::service::StandingChange;
use app::store::StoreError;
use common::deals::*;
use common::on_each_engine;

#[tokio::test]
async fn every_status_and_stage_transition_is_stored_with_its_events_and_notes() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let [prospecting, proposal, won, lost] =
            ["Prospecting", "Proposal", "Closed Won", "Closed Lost"].map(|n| stage(&sales, n));
        // (step, change, expected stage, expected status, system note added)
        let steps: &[(&str, StandingChange, StageId, Status, Option<&str>)] = &[
            (
                "open move",
                to(Some(proposal), None),
                proposal,
                Status::Open,
                None,
            ),
            (
                "drop on Closed Won",
                to(Some(won), None),
                won,
                Status::Won,
                Some("Won"),
            ),
            (
                "back to an open stage reopens",
                to(Some(prospecting), None),
                prospecting,
                Status::Open,
                Some("Reopened"),
            ),
            (
                "drop on Closed Lost with a reason",
                StandingChange {
                    stage: Some(lost),
                    status: None,
                    lost_reason: Some("Went with a competitor".into()),
                },
                lost,
                Status::Lost,
                Some("Lost: Went with a competitor"),
            ),
            (
                "status Open returns to the stage before close",
                to(None, Some(Status::Open)),
                prospecting,
                Status::Open,
                Some("Reopened"),
            ),
            (
                "status Won moves to Closed Won",
                to(None, Some(Status::Won)),
                won,
                Status::Won,
                Some("Won"),
            ),
            (
                "stage and status disagree: status wins",
                to(Some(proposal), Some(Status::Lost)),
                lost,
                Status::Lost,
                Some("Lost"),
            ),
            (
                "status Open with a stage named goes there",
                to(Some(proposal), Some(Status::Open)),
                proposal,
                Status::Open,
                Some("Reopened"),
            ),
            (
                "abandoned keeps the stage",
                to(None, Some(Status::Abandoned)),
                proposal,
                Status::Abandoned,
                None,
            ),
            (
                "abandoned deal moved stays abandoned",
                to(Some(prospecting), None),
                prospecting,
                Status::Abandoned,
                None,
            ),
            (
                "abandoned deal set Open is reopened",
                to(None, Some(Status::Open)),
                prospecting,
                Status::Open,
                Some("Reopened"),
            ),
        ];
        let mut card = store
            .create_opportunity(actor, deal("Globex", "1000", Some(prospecting)))
            .await
            .unwrap();
        let mut notes = 0;
        for (name, change, stage, status, note) in steps {
            card = store
                .change_standing(actor, card.id, card.version, change.clone())
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                (card.stage_id, card.status),
                (Some(*stage), *status),
                "{name}"
            );
            let stored = store.card(card.id, viewer(&dana)).await.unwrap();
            assert_eq!(stored, card, "{name}: what was returned is what is stored");
            let all_notes = store.system_notes(card.id).await.unwrap();
            if let Some(text) = note {
                notes += 1;
                assert_eq!(
                    all_notes.last().map(|n| n.body.as_str()),
                    Some(*text),
                    "{name}"
                );
                assert_eq!(all_notes.last().unwrap().actor, actor);
            }
            assert_eq!(all_notes.len(), notes, "{name}: no other notes");
        }
        let events = store.opportunity_events(card.id).await.unwrap();
        assert_eq!(events[0].kind, EventKind::Created);
        assert!(events.iter().all(|e| e.actor == actor));
        let stage_events = events
            .iter()
            .filter(|e| e.kind == EventKind::StageChanged)
            .count();
        let status_events = events
            .iter()
            .filter(|e| e.kind == EventKind::StatusChanged)
            .count();
        assert_eq!((stage_events, status_events), (9, 9));
        let lost_move = events
            .iter()
            .find(|e| {
                e.kind == EventKind::StageChanged
                    && e.after.as_ref().unwrap()["stage"] == "Closed Lost"
            })
            .unwrap();
        assert_eq!(lost_move.before.as_ref().unwrap()["stage"], "Prospecting");
        assert_eq!(
            card.version,
            1 + steps.len() as i64,
            "each change is one version"
        );
    })
    .await;
}

#[tokio::test]
async fn a_stale_change_is_refused_and_names_who_changed_the_deal() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let card = store
            .create_opportunity(
                Actor::User(dana.id),
                deal("Initech", "500", Some(stage(&sales, "Prospecting"))),
            )
            .await
            .unwrap();
        let moved = store
            .change_standing(
                Actor::User(dana.id),
                card.id,
                card.version,
                to(Some(stage(&sales, "Proposal")), None),
            )
            .await
            .unwrap();
        let stale = store
            .change_standing(
                Actor::User(dana.id),
                card.id,
                card.version,
                to(Some(stage(&sales, "Negotiation")), None),
            )
            .await;
        match stale {
            Err(StoreError::Conflict(message)) => {
                assert!(
                    message.contains("changed by Dana Scully a moment ago"),
                    "{message}"
                )
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(
            store.card(card.id, viewer(&dana)).await.unwrap(),
            moved,
            "nothing overwritten"
        );
    })
    .await;
}

#[tokio::test]
async fn a_timeline_reads_newest_first_with_who_did_what() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let card = globex_in_prospecting(&store, actor, &sales).await;
        let lost = StandingChange {
            stage: Some(stage(&sales, "Closed Lost")),
            status: None,
            lost_reason: Some("No budget".into()),
        };
        store
            .as_of(store.now() + 1_000)
            .change_standing(actor, card.id, card.version, lost)
            .await
            .unwrap();
        let timeline = store.timeline(card.id).await.unwrap();
        let lines: Vec<(&str, &str, bool)> = timeline
            .iter()
            .map(|e| (e.what.as_str(), e.who.as_str(), e.note))
            .collect();
        assert_eq!(
            lines,
            [
                ("Lost: No budget", "Dana Scully", true),
                (
                    "Set lost reason to \u{201c}No budget\u{201d}",
                    "Dana Scully",
                    false
                ),
                ("Status changed from Open to Lost", "Dana Scully", false),
                (
                    "Moved from Prospecting to Closed Lost",
                    "Dana Scully",
                    false
                ),
                ("Created in Prospecting (Sales)", "Dana Scully", false),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn editing_a_field_checks_the_version_and_logs_before_and_after() {
    on_each_engine(|store| async move {
        use app::store::opportunities::edit::FieldEdit;
        let (dana, sales) = setup(&store).await;
        let fox = fox_mulder(&store, false).await;
        let actor = Actor::User(dana.id);
        let card = globex_in_prospecting(&store, actor, &sales).await;
        let renamed = store
            .edit_opportunity(
                actor,
                card.id,
                card.version,
                FieldEdit::Name("Globex pilot".into()),
            )
            .await
            .unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.version),
            ("Globex pilot", 2)
        );
        let same = store
            .edit_opportunity(actor, card.id, 2, FieldEdit::Name("Globex pilot".into()))
            .await
            .unwrap();
        assert_eq!(same.version, 2, "no change, no new version");
        assert!(matches!(
            store
                .edit_opportunity(actor, card.id, 1, FieldEdit::Value(500))
                .await,
            Err(StoreError::Conflict(_))
        ));
        let owned = store
            .edit_opportunity(actor, card.id, 2, FieldEdit::Owner(Some(fox.id)))
            .await
            .unwrap();
        assert_eq!(owned.owner.map(|o| o.name), Some("Fox Mulder".to_string()));
        let valued = store
            .edit_opportunity(actor, card.id, 3, FieldEdit::Value(250_050))
            .await
            .unwrap();
        assert_eq!(valued.value_minor, 250_050);
        let events = store.opportunity_events(card.id).await.unwrap();
        let kinds: Vec<(EventKind, Option<&str>)> = events
            .iter()
            .map(|e| (e.kind, e.field.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            [
                (EventKind::Created, None),
                (EventKind::FieldChanged, Some("name")),
                (EventKind::OwnerChanged, Some("owner")),
                (EventKind::FieldChanged, Some("value")),
            ]
        );
        assert_eq!(events[1].before, Some(serde_json::json!("Globex")));
        assert_eq!(events[2].after.as_ref().unwrap()["name"], "Fox Mulder");
        assert_eq!(events[3].before, Some(serde_json::json!(1000)));
        let timeline = store.timeline(card.id).await.unwrap();
        assert_eq!(
            timeline[0].what,
            "Value changed from EUR 10.00 to EUR 2,500.50"
        );
    })
    .await;
}
