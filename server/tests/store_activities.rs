//! Activities on both engines: notes, tasks, calls and meetings logged on deals, contacts
//! and companies; ticking tasks done; and the contact and company timelines, which show
//! the activities of their linked deals as far as the viewer may see those deals.
mod common;

use app::domain::activity::{
    ActivityDetails, ActivityEntry, ActivityTarget, CallOutcome, LocalDateTime, MeetingStatus,
};
use app::domain::change::Actor;
use app::domain::date::Date;
use app::domain::links::LinkChange;
use app::domain::opportunity::Status;
use app::domain::timeline::TimelineEntry;
use app::store::opportunities::board::Viewer;
use app::store::{Store, StoreError};
use common::deals::*;
use common::on_each_engine;

/// The activities of a timeline, in its order.
fn activities(entries: &[TimelineEntry]) -> Vec<&ActivityEntry> {
    entries.iter().filter_map(|e| e.activity.as_ref()).collect()
}

/// What a contact's or company's timeline shows: each activity's headline and the deal
/// it was logged on, oldest first.
async fn shown(
    store: &Store,
    target: ActivityTarget,
    viewer: Viewer,
) -> Vec<(String, Option<String>)> {
    store
        .record_activities(target, viewer)
        .await
        .unwrap()
        .iter()
        .map(|e| {
            let activity = e.activity.as_ref().expect("only activities");
            (
                e.what.clone(),
                activity.deal.as_ref().map(|(_, name)| name.clone()),
            )
        })
        .collect()
}

fn line(what: &str, deal: Option<&str>) -> (String, Option<String>) {
    (what.to_string(), deal.map(str::to_string))
}

#[tokio::test]
async fn every_kind_of_activity_is_logged_on_a_deal_and_read_back() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let fox = fox_mulder(&store, false).await;
        let deal = globex_in_prospecting(&store, actor, &sales).await;
        let on_deal = ActivityTarget::Opportunity(deal.id.0);
        let assignee = fox.id.0.to_string();
        let logged = [
            note("Asked for a discount"),
            activity(&[
                ("kind", "task"),
                ("body", "Send the proposal"),
                ("due_date", "2027-01-31"),
                ("assignee", &assignee),
            ]),
            activity(&[
                ("kind", "call"),
                ("outcome", "left_voicemail"),
                ("duration", "3"),
                ("body", "Will call back"),
            ]),
            activity(&[
                ("kind", "meeting"),
                ("title", "Demo"),
                ("starts_at", "2027-03-01T14:30"),
                ("ends_at", "2027-03-01T15:15"),
                ("meeting_status", "completed"),
                ("body", "Went well"),
            ]),
        ];
        let mut ids = Vec::new();
        for details in &logged {
            ids.push(store.add_activity(actor, on_deal, details).await.unwrap());
        }
        assert_eq!(
            logged[1],
            ActivityDetails::Task {
                body: "Send the proposal".into(),
                due: Date::parse("2027-01-31").ok(),
                assignee: Some(fox.id),
                done: false,
            }
        );
        assert_eq!(
            logged[3],
            ActivityDetails::Meeting {
                title: "Demo".into(),
                starts: LocalDateTime::parse("2027-03-01T14:30").unwrap(),
                ends: LocalDateTime::parse("2027-03-01T15:15").unwrap(),
                status: MeetingStatus::Completed,
                notes: Some("Went well".into()),
            }
        );
        assert!(matches!(
            logged[2],
            ActivityDetails::Call {
                outcome: CallOutcome::LeftVoicemail,
                minutes: 3,
                ..
            }
        ));

        let timeline = store.timeline(deal.id).await.unwrap();
        let mut read: Vec<&ActivityEntry> = activities(&timeline);
        read.reverse();
        assert_eq!(read.len(), 4, "the deal's timeline shows every activity");
        for ((entry, details), id) in read.iter().zip(&logged).zip(&ids) {
            assert_eq!(&entry.details, details, "stored as logged");
            assert_eq!(entry.id, *id);
            assert_eq!(entry.deal, None, "a deal's own timeline does not name it");
        }
        assert_eq!(read[1].assignee_name.as_deref(), Some("Fox Mulder"));
        let headlines: Vec<&str> = timeline
            .iter()
            .filter(|e| e.activity.is_some())
            .map(|e| e.what.as_str())
            .collect();
        assert_eq!(
            headlines,
            [
                "Meeting: Demo",
                "Call: Left voicemail (3 min)",
                "Task: Send the proposal",
                "Note"
            ],
            "newest first"
        );
        assert!(timeline
            .iter()
            .filter(|e| e.activity.is_some())
            .all(|e| e.note && e.who == "Dana Scully"));
        assert_eq!(
            store
                .record_activities(on_deal, viewer(&dana))
                .await
                .unwrap()
                .len(),
            4
        );
        for id in &ids {
            assert_eq!(store.activity_target(*id).await.unwrap(), on_deal);
        }
        assert!(
            store.system_notes(deal.id).await.unwrap().is_empty(),
            "activities are not system notes"
        );

        let nobody = activity(&[("kind", "task"), ("body", "Chase"), ("assignee", "999999")]);
        let err = store
            .add_activity(actor, on_deal, &nobody)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Invalid {
                    field: "activity",
                    ..
                }
            ),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn tasks_are_ticked_done_and_activities_deleted() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let deal = globex_in_prospecting(&store, actor, &sales).await;
        let on_deal = ActivityTarget::Opportunity(deal.id.0);
        let task = store
            .add_activity(
                actor,
                on_deal,
                &activity(&[("kind", "task"), ("body", "Send the proposal")]),
            )
            .await
            .unwrap();
        let remark = store
            .add_activity(actor, on_deal, &note("Keen"))
            .await
            .unwrap();
        let done = |store: Store| async move {
            let timeline = store.timeline(deal.id).await.unwrap();
            activities(&timeline).iter().find_map(|a| match a.details {
                ActivityDetails::Task { done, .. } => Some(done),
                _ => None,
            })
        };

        assert_eq!(done(store.clone()).await, Some(false));
        store.set_task_done(task, true).await.unwrap();
        assert_eq!(done(store.clone()).await, Some(true));
        store.set_task_done(task, false).await.unwrap();
        assert_eq!(done(store.clone()).await, Some(false));
        assert!(
            matches!(
                store.set_task_done(remark, true).await,
                Err(StoreError::NotFound("task"))
            ),
            "only tasks are ticked"
        );

        store.delete_activity(task).await.unwrap();
        assert_eq!(done(store.clone()).await, None);
        assert!(matches!(
            store.activity_target(task).await,
            Err(StoreError::NotFound("activity"))
        ));
        assert!(matches!(
            store.set_task_done(task, true).await,
            Err(StoreError::NotFound("task"))
        ));
        let timeline = store.timeline(deal.id).await.unwrap();
        assert_eq!(activities(&timeline).len(), 1, "the note stays");
    })
    .await;
}

#[tokio::test]
async fn contact_and_company_timelines_show_their_own_and_their_deals_activities() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let fox = fox_mulder(&store, true).await;
        let ann = contact(&store, "Ann", "Lee", "").await;
        let globex = company(&store, "Globex", "globex.com").await;
        let prospecting = Some(stage(&sales, "Prospecting"));
        let mut deals = Vec::new();
        for name in ["Shared", "Ann only", "Unlinked"] {
            deals.push(
                store
                    .create_opportunity(actor, deal(name, "10", prospecting))
                    .await
                    .unwrap()
                    .id,
            );
        }
        let (shared, ann_only, unlinked) = (deals[0], deals[1], deals[2]);
        link(&store, actor, shared, linked_contact(ann)).await;
        let linked = link(&store, actor, shared, linked_company(globex)).await;
        link(&store, actor, ann_only, linked_contact(ann)).await;
        // Its "Won" system note stays on the deal's own log, off the linked timelines.
        store
            .change_standing(actor, shared, linked.version, to(None, Some(Status::Won)))
            .await
            .unwrap();

        let on_ann = ActivityTarget::Contact(ann.0);
        let on_globex = ActivityTarget::Company(globex.0);
        store
            .add_activity(actor, on_ann, &note("About Ann"))
            .await
            .unwrap();
        store
            .add_activity(actor, on_globex, &note("About Globex"))
            .await
            .unwrap();
        let call = activity(&[("kind", "call"), ("outcome", "connected")]);
        store
            .add_activity(actor, ActivityTarget::Opportunity(shared.0), &call)
            .await
            .unwrap();
        let task = activity(&[("kind", "task"), ("body", "Chase Ann")]);
        let chase = store
            .add_activity(actor, ActivityTarget::Opportunity(ann_only.0), &task)
            .await
            .unwrap();
        store
            .add_activity(
                actor,
                ActivityTarget::Opportunity(unlinked.0),
                &note("Elsewhere"),
            )
            .await
            .unwrap();
        assert_eq!(
            store.activity_target(chase).await.unwrap(),
            ActivityTarget::Opportunity(ann_only.0)
        );

        assert_eq!(
            shown(&store, on_ann, viewer(&dana)).await,
            [
                line("Note", None),
                line("Call: Connected", Some("Shared")),
                line("Task: Chase Ann", Some("Ann only")),
            ],
            "its own activities and those of its deals, oldest first"
        );
        assert_eq!(
            shown(&store, on_globex, viewer(&dana)).await,
            [line("Note", None), line("Call: Connected", Some("Shared"))]
        );
        let timeline = store.timeline(shared).await.unwrap();
        assert_eq!(
            activities(&timeline).len(),
            1,
            "a deal's timeline shows only its own activities"
        );

        assert_eq!(
            shown(&store, on_ann, viewer(&fox)).await,
            [line("Note", None)],
            "with Only assigned data, no deal Fox neither owns nor follows"
        );
        link(&store, actor, shared, following(&fox)).await;
        let owned = app::store::opportunities::edit::FieldEdit::Owner(Some(fox.id));
        let version = store.card(ann_only, viewer(&dana)).await.unwrap().version;
        store
            .edit_opportunity(actor, ann_only, version, owned)
            .await
            .unwrap();
        assert_eq!(
            shown(&store, on_ann, viewer(&fox)).await,
            [
                line("Note", None),
                line("Call: Connected", Some("Shared")),
                line("Task: Chase Ann", Some("Ann only")),
            ],
            "followed and owned deals show"
        );
        let as_admin = Viewer {
            user: fox.id,
            only_assigned: false,
        };
        assert_eq!(shown(&store, on_globex, as_admin).await.len(), 2);

        let unlink = LinkChange::Contact {
            contact: ann,
            linked: false,
        };
        link(&store, actor, ann_only, unlink).await;
        assert_eq!(
            shown(&store, on_ann, viewer(&dana)).await,
            [line("Note", None), line("Call: Connected", Some("Shared"))],
            "an unlinked deal's activities leave the contact's timeline"
        );
        assert!(
            shown(&store, ActivityTarget::Contact(999_999), viewer(&dana))
                .await
                .is_empty()
        );
    })
    .await;
}
