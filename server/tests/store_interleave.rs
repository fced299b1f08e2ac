//! People and background jobs writing at the same time, on both engines: an import
//! runs to its end while someone else moves a deal and signs in throughout, and none of
//! their writes fails; an import stopped by a busy database resumes where it stopped.
mod common;

use app::domain::account::UserId;
use app::domain::board::Card;
use app::domain::change::Actor;
use app::domain::import::{ImportOptions, ImportState};
use app::domain::pipeline::StageId;
use app::store::writing::{is_busy, is_transient};
use app::store::{Store, StoreError};
use common::deals::{globex_in_prospecting, setup, stage, to};
use common::imports::{deals, finished, jobs, review, running_after_two_rows, upload};
use common::on_each_engine;
use std::time::Duration;

/// A file of `rows` new deals.
fn new_deals(rows: usize) -> String {
    let mut csv = String::from("Name,Value\n");
    for row in 1..=rows {
        csv.push_str(&format!("Deal {row},{row}\n"));
    }
    csv
}

/// Someone else's writes while `until` says the import runs: a deal moved back and
/// forth, and a sign-in (a new session), every few milliseconds. Returns how many of
/// each went through; any failure panics with the error.
async fn another_person_writes(
    store: Store,
    import: i64,
    user: UserId,
    (mut card, stages): (Card, [StageId; 2]),
) -> (u32, u32) {
    let (mut moved, mut signed_in) = (0, 0);
    loop {
        let running = store.import_state(import).await.unwrap().is_active();
        let target = stages[(moved % 2) as usize];
        card = store
            .change_standing(
                Actor::User(user),
                card.id,
                card.version,
                to(Some(target), None),
            )
            .await
            .unwrap_or_else(|err| panic!("move {moved} failed: {err}"));
        moved += 1;
        let now = store.now();
        store
            .create_session(&format!("token-{moved}"), user, now, now + 60_000)
            .await
            .unwrap_or_else(|err| panic!("sign-in {signed_in} failed: {err}"));
        signed_in += 1;
        if !running {
            return (moved, signed_in);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn an_import_finishes_while_another_person_moves_deals_and_signs_in() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let globex = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        let stages = [stage(&sales, "Qualification"), stage(&sales, "Prospecting")];
        let (jobs, _dir) = jobs();
        let id = upload(&store, &jobs, dana.id, new_deals(12_000).as_bytes()).await;
        review(&store, &jobs, id, ImportOptions::default()).await;
        jobs.start(&store, id).await.unwrap();
        let person = tokio::spawn(another_person_writes(
            store.clone(),
            id,
            dana.id,
            (globex, stages),
        ));
        let state = finished(&store, id).await;
        let (moved, signed_in) = person.await.unwrap();
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!(state, ImportState::Done, "{:?}", summary.error);
        assert_eq!(summary.counts.created, 12_000);
        assert!(
            moved > 1 && signed_in > 1,
            "{moved} moves, {signed_in} sign-ins"
        );
        assert_eq!(deals(&store, &dana).await.len(), 12_001);
    })
    .await;
}

#[tokio::test]
async fn an_import_stopped_by_a_busy_database_resumes_after_its_last_chunk() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let (jobs, _dir) = jobs();
        let id = upload(&store, &jobs, dana.id, new_deals(5).as_bytes()).await;
        review(&store, &jobs, id, ImportOptions::default()).await;
        // As if the job stopped on a busy database after writing rows 1 and 2.
        running_after_two_rows(&store, id).await;
        store
            .fail_import(id, "Database error: database is locked", true)
            .await
            .unwrap();
        let stopped = store.import_record(id).await.unwrap().summary;
        assert!(stopped.resumable && stopped.state == ImportState::Failed);
        jobs.resume(&store, id).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Done);
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!((summary.counts.created, summary.rows_done), (5, 5));
        assert!(summary.error.is_none() && !summary.resumable);
        let names: Vec<String> = deals(&store, &dana)
            .await
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(names, ["Deal 3", "Deal 4", "Deal 5"]);
        assert!(
            jobs.resume(&store, id).await.is_err(),
            "a finished import does not resume"
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_stopped_by_a_lasting_error_cannot_be_resumed() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let (jobs, _dir) = jobs();
        let id = upload(&store, &jobs, dana.id, new_deals(3).as_bytes()).await;
        review(&store, &jobs, id, ImportOptions::default()).await;
        store
            .move_import(id, &[ImportState::Reviewed], ImportState::Running)
            .await
            .unwrap();
        store
            .fail_import(id, "The uploaded file is gone.", false)
            .await
            .unwrap();
        assert!(!store.import_record(id).await.unwrap().summary.resumable);
        let refused = jobs.resume(&store, id).await.unwrap_err().to_string();
        assert!(refused.contains("cannot"), "{refused}");
        assert_eq!(store.import_state(id).await.unwrap(), ImportState::Failed);
    })
    .await;
}

/// SQLite's "database is locked" is what jobs wait out and what makes an import resumable.
#[tokio::test]
async fn a_locked_sqlite_database_is_told_apart_from_other_errors() {
    on_each_engine(|store| async move {
        if store.engine() != app::store::Engine::Sqlite {
            return;
        }
        use sqlx::Acquire;
        let mut holder = store.pool().acquire().await.unwrap();
        let mut held = holder.begin().await.unwrap();
        sqlx::query("UPDATE workspace SET business_name = business_name")
            .execute(&mut *held)
            .await
            .unwrap();
        let mut impatient = store.pool().acquire().await.unwrap();
        sqlx::query("PRAGMA busy_timeout = 0")
            .execute(&mut *impatient)
            .await
            .unwrap();
        let locked: StoreError = sqlx::query("UPDATE workspace SET business_name = 'x'")
            .execute(&mut *impatient)
            .await
            .unwrap_err()
            .into();
        assert!(is_busy(&locked) && is_transient(&locked), "{locked}");
        let refused = StoreError::Refused("This import has already started.".into());
        assert!(!is_busy(&refused) && !is_transient(&refused));
        held.rollback().await.unwrap();
        sqlx::query("PRAGMA busy_timeout = 5000")
            .execute(&mut *impatient)
            .await
            .unwrap();
    })
    .await;
}
