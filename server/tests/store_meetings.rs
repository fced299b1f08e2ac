//! Changing a logged meeting, on both engines: its title, times, status and notes are
//! saved in place, still credited to whoever logged it; only meetings change this way.
mod common;

use app::domain::activity::{ActivityDetails, ActivityTarget, LocalDateTime, MeetingStatus};
use app::domain::change::Actor;
use app::store::StoreError;
use common::deals::*;
use common::on_each_engine;

fn demo(status: &str) -> ActivityDetails {
    activity(&[
        ("kind", "meeting"),
        ("title", "Demo"),
        ("starts_at", "2027-03-01T10:00"),
        ("ends_at", "2027-03-01T11:00"),
        ("meeting_status", status),
    ])
}

#[tokio::test]
async fn a_meeting_is_changed_in_place_on_the_timeline() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let fox = fox_mulder(&store, false).await;
        let deal = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        let id = store
            .add_activity(
                Actor::User(dana.id),
                ActivityTarget::Opportunity(deal.id.0),
                &demo("scheduled"),
            )
            .await
            .unwrap();
        let moved = activity(&[
            ("kind", "meeting"),
            ("title", "Demo, part two"),
            ("starts_at", "2027-03-02T09:00"),
            ("ends_at", "2027-03-02T09:45"),
            ("meeting_status", "completed"),
            ("body", "Moved to Tuesday.\nWent well."),
        ]);
        store
            .update_meeting(Actor::User(fox.id), id, &moved)
            .await
            .unwrap();
        let timeline = store.timeline(deal.id).await.unwrap();
        let entry = timeline
            .iter()
            .find(|e| e.activity.as_ref().is_some_and(|a| a.id == id))
            .expect("the meeting is still on the timeline");
        assert_eq!(entry.activity.as_ref().unwrap().details, moved);
        assert_eq!(entry.what, "Meeting: Demo, part two");
        assert_eq!(
            entry.who, "Dana Scully",
            "still credited to whoever logged it"
        );
        assert_eq!(
            moved,
            ActivityDetails::Meeting {
                title: "Demo, part two".into(),
                starts: LocalDateTime::parse("2027-03-02T09:00").unwrap(),
                ends: LocalDateTime::parse("2027-03-02T09:45").unwrap(),
                status: MeetingStatus::Completed,
                notes: Some("Moved to Tuesday.\nWent well.".into()),
            }
        );

        // Notes cleared again are gone, not kept from before.
        store
            .update_meeting(Actor::User(dana.id), id, &demo("cancelled"))
            .await
            .unwrap();
        let timeline = store.timeline(deal.id).await.unwrap();
        let read = timeline.iter().find_map(|e| e.activity.as_ref()).unwrap();
        assert_eq!(read.details, demo("cancelled"));
    })
    .await;
}

#[tokio::test]
async fn only_meetings_are_changed_as_meetings() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let deal = globex_in_prospecting(&store, actor, &sales).await;
        let on_deal = ActivityTarget::Opportunity(deal.id.0);
        let note_id = store
            .add_activity(actor, on_deal, &note("Asked for a discount"))
            .await
            .unwrap();
        let meeting_id = store
            .add_activity(actor, on_deal, &demo("scheduled"))
            .await
            .unwrap();

        let on_a_note = store
            .update_meeting(actor, note_id, &demo("completed"))
            .await
            .unwrap_err();
        assert!(
            matches!(on_a_note, StoreError::NotFound("meeting")),
            "{on_a_note:?}"
        );
        let gone = store
            .update_meeting(actor, meeting_id + 100, &demo("completed"))
            .await
            .unwrap_err();
        assert_eq!(
            gone.to_string(),
            "That meeting no longer exists. Reload the page to see the current state."
        );
        let as_a_note = store
            .update_meeting(actor, meeting_id, &note("Not a meeting"))
            .await
            .unwrap_err();
        assert!(
            matches!(as_a_note, StoreError::Invalid { field: "kind", .. }),
            "{as_a_note:?}"
        );
        let timeline = store.timeline(deal.id).await.unwrap();
        let details: Vec<&ActivityDetails> = timeline
            .iter()
            .filter_map(|e| e.activity.as_ref().map(|a| &a.details))
            .collect();
        assert_eq!(
            details,
            [&demo("scheduled"), &note("Asked for a discount")],
            "nothing changed"
        );
    })
    .await;
}
