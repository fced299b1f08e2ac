//! The import job's life on both engines: resuming after a restart exactly where it
//! stopped, and cancelling before the next chunk.
mod common;

use app::domain::import::{ImportOptions, ImportState};
use common::deals::setup;
use common::imports::{deals, finished, jobs, review, upload};
use common::on_each_engine;

#[tokio::test]
async fn a_job_resumes_after_the_rows_it_already_applied() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let (jobs, _dir) = jobs();
        let id = upload(
            &store,
            &jobs,
            dana.id,
            b"Name\nOne\nTwo\nThree\nFour\nFive\n",
        )
        .await;
        review(&store, &jobs, id, ImportOptions::default()).await;
        // As if the server stopped while running, after rows 1 and 2 were applied.
        store
            .move_import(id, &[ImportState::Reviewed], ImportState::Running)
            .await
            .unwrap();
        sqlx::query("UPDATE imports SET rows_done = 2, created = 2 WHERE id = $1")
            .bind(id)
            .execute(store.pool())
            .await
            .unwrap();
        jobs.resume_all(&store).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Done);
        let names: Vec<String> = deals(&store, &dana)
            .await
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(
            names,
            vec!["Three".to_string(), "Four".to_string(), "Five".to_string()]
        );
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!((summary.counts.created, summary.rows_done), (5, 5));
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_job_stops_before_its_next_chunk_and_keeps_what_it_wrote() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let (jobs, _dir) = jobs();
        let id = upload(&store, &jobs, dana.id, b"Name\nOne\nTwo\n").await;
        review(&store, &jobs, id, ImportOptions::default()).await;
        // Cancel pressed while the job is between chunks (here: before its first).
        store
            .move_import(id, &[ImportState::Reviewed], ImportState::Running)
            .await
            .unwrap();
        store
            .move_import(id, &[ImportState::Running], ImportState::Cancelling)
            .await
            .unwrap();
        jobs.resume_all(&store).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Cancelled);
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!((summary.rows_done, summary.counts.created), (0, 0));
        assert!(deals(&store, &dana).await.is_empty());
        let refused = store.undo_import(id, dana.id).await.unwrap();
        assert_eq!((refused.removed, refused.restored), (0, 0));
        assert!(
            jobs.start(&store, id).await.is_err(),
            "a cancelled import does not start again"
        );
    })
    .await;
}
