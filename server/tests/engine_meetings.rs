//! `Meeting Created or Modified` on both databases: a meeting booked or changed on a
//! deal starts the workflows whose status filter it meets, once per real change.
mod common;

use app::domain::activity::ActivityTarget;
use app::domain::change::Actor;
use app::domain::workflow::{Action, TriggerEvent};
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;

#[tokio::test]
async fn a_booked_meeting_moves_the_deal_to_appointment_set() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let mut stages = app::domain::pipeline::default_stages();
        stages.insert(
            1,
            app::domain::pipeline::StagePlan {
                name: "Appointment set".into(),
                kind: app::domain::pipeline::StageKind::Open,
                probability: app::domain::pipeline::Probability::for_open_stage(30).unwrap(),
            },
        );
        let sales = store.create_pipeline("Clinic", &stages).await.unwrap();
        let appointment_set = stage(&sales, "Appointment set");
        let definition = workflow(
            "Appointment set",
            vec![when(TriggerEvent::MeetingCreatedOrModified {
                status: Some(app::domain::activity::MeetingStatus::Scheduled),
            })],
            vec![step(1, "Move deal", move_to(appointment_set))],
        );
        let id = publish(&store, &dana, &definition).await;
        let card = store
            .create_opportunity(
                Actor::User(dana.id),
                deal("Botox consult", "300", Some(stage(&sales, "Prospecting"))),
            )
            .await
            .unwrap();
        let cancelled = activity(&[
            ("kind", "meeting"),
            ("title", "Consult"),
            ("starts_at", "2027-03-01T10:00"),
            ("ends_at", "2027-03-01T11:00"),
            ("meeting_status", "cancelled"),
        ]);
        store
            .add_activity(
                Actor::User(dana.id),
                ActivityTarget::Opportunity(card.id.0),
                &cancelled,
            )
            .await
            .unwrap();
        settle(&store).await;
        assert!(
            runs_of(&store, id).await.is_empty(),
            "a cancelled meeting does not match the Scheduled filter"
        );
        let booked = activity(&[
            ("kind", "meeting"),
            ("title", "Consult"),
            ("starts_at", "2027-03-01T10:00"),
            ("ends_at", "2027-03-01T11:00"),
            ("meeting_status", "scheduled"),
        ]);
        store
            .add_activity(
                Actor::User(dana.id),
                ActivityTarget::Opportunity(card.id.0),
                &booked,
            )
            .await
            .unwrap();
        settle(&store).await;
        assert_eq!(
            store.card(card.id, viewer(&dana)).await.unwrap().stage_id,
            Some(appointment_set)
        );
        let runs = runs_of(&store, id).await;
        assert_eq!(runs[0].0.trigger, "Meeting Created or Modified");
    })
    .await;
}

/// A meeting on `deal` with this title and status, as the form sends it.
fn meeting(title: &str, status: &str) -> app::domain::activity::ActivityDetails {
    activity(&[
        ("kind", "meeting"),
        ("title", title),
        ("starts_at", "2027-03-01T10:00"),
        ("ends_at", "2027-03-01T11:00"),
        ("meeting_status", status),
    ])
}

/// Publishes a one-step workflow on meetings with `status` that adds a note, so each run
/// leaves a trace.
async fn on_meetings(
    store: &app::store::Store,
    admin: &app::domain::account::User,
    name: &str,
    status: Option<app::domain::activity::MeetingStatus>,
) -> app::domain::workflow::listing::WorkflowId {
    let definition = workflow(
        name,
        vec![when(TriggerEvent::MeetingCreatedOrModified { status })],
        vec![step(
            1,
            "Note it",
            Action::AddNote {
                body: format!("{name}: {{{{appointment.title}}}}"),
            },
        )],
    );
    let mut definition = definition;
    definition.settings.allow_reentry = true;
    publish(store, admin, &definition).await
}

#[tokio::test]
async fn changing_a_meeting_starts_the_workflows_whose_status_it_now_has() {
    use app::domain::activity::MeetingStatus;
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let any = on_meetings(&store, &dana, "Any meeting", None).await;
        let scheduled =
            on_meetings(&store, &dana, "Scheduled", Some(MeetingStatus::Scheduled)).await;
        let completed =
            on_meetings(&store, &dana, "Completed", Some(MeetingStatus::Completed)).await;
        let card = store
            .create_opportunity(
                actor,
                deal("Clinic fit-out", "900", Some(stage(&sales, "Prospecting"))),
            )
            .await
            .unwrap();
        let id = store
            .add_activity(
                actor,
                ActivityTarget::Opportunity(card.id.0),
                &meeting("Site visit", "cancelled"),
            )
            .await
            .unwrap();
        settle(&store).await;
        let counts = |store: app::store::Store| async move {
            (
                runs_of(&store, any).await.len(),
                runs_of(&store, scheduled).await.len(),
                runs_of(&store, completed).await.len(),
            )
        };
        assert_eq!(
            counts(store.clone()).await,
            (1, 0, 0),
            "booked as cancelled"
        );

        // Rescheduled: a modified meeting meets the Scheduled filter now.
        store
            .update_meeting(actor, id, &meeting("Site visit", "scheduled"))
            .await
            .unwrap();
        settle(&store).await;
        assert_eq!(counts(store.clone()).await, (2, 1, 0), "rescheduled");

        // Saved again unchanged: nothing changed, nothing starts.
        store
            .update_meeting(actor, id, &meeting("Site visit", "scheduled"))
            .await
            .unwrap();
        settle(&store).await;
        assert_eq!(counts(store.clone()).await, (2, 1, 0), "saved unchanged");

        // Only the title changes: still scheduled, so the Scheduled workflow runs again.
        store
            .update_meeting(actor, id, &meeting("Site visit and demo", "scheduled"))
            .await
            .unwrap();
        settle(&store).await;
        assert_eq!(counts(store.clone()).await, (3, 2, 0), "renamed");

        // Marked completed.
        store
            .update_meeting(actor, id, &meeting("Site visit and demo", "completed"))
            .await
            .unwrap();
        settle(&store).await;
        assert_eq!(counts(store.clone()).await, (4, 2, 1), "completed");

        // Each run read the meeting as it was when its step ran.
        let notes: Vec<String> = store
            .timeline(card.id)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|e| match e.activity.map(|a| a.details) {
                Some(app::domain::activity::ActivityDetails::Note { body }) => Some(body),
                _ => None,
            })
            .collect();
        assert!(
            notes.contains(&"Completed: Site visit and demo".to_string()),
            "{notes:?}"
        );
        assert_eq!(
            notes
                .iter()
                .filter(|n| n.starts_with("Scheduled: "))
                .count(),
            2,
            "{notes:?}"
        );
    })
    .await;
}
