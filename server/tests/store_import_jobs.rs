//! The import job's life on both engines: resuming after a restart exactly where it
//! stopped, cancelling before the next chunk, and a long file planned ahead of its
//! writes.
mod common;

use app::domain::import::{ImportMode, ImportOptions, ImportState};
use common::deals::{contact, setup};
use common::imports::{deals, finished, jobs, named, review, running_after_two_rows, upload};
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
        running_after_two_rows(&store, id).await;
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

/// Chunks that only create deals are planned while the chunk before them is written;
/// a chunk that updates waits for those writes. The end is as if written row by row.
#[tokio::test]
async fn a_long_file_planned_ahead_of_its_writes_ends_as_if_written_in_order() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        contact(&store, "Ann", "Lee", "ann@acme.test").await;
        let (jobs, _dir) = jobs();
        let mut csv = String::from("External ID,Name,Contact email\n");
        for row in 1..=4500 {
            let line = match row {
                // The same contact in two chunks: the second is refused by the duplicate rule.
                1999 | 2001 => format!("X-{row},Deal {row},ann@acme.test\n"),
                // Updates a deal the first chunk creates.
                4400 => "X-10,Renamed ten,\n".to_string(),
                _ => format!("X-{row},Deal {row},\n"),
            };
            csv.push_str(&line);
        }
        let both = ImportOptions {
            mode: ImportMode::Both,
            ..ImportOptions::default()
        };
        let id = upload(&store, &jobs, dana.id, csv.as_bytes()).await;
        review(&store, &jobs, id, both).await;
        jobs.start(&store, id).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Done);
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!(summary.rows_done, 4500);
        let c = summary.counts;
        assert_eq!((c.created, c.updated, c.skipped, c.failed), (4498, 1, 0, 1));
        let failures = store.import_failures(id, 0, 10).await.unwrap();
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].0, 2001);
        assert!(failures[0]
            .1
            .contains("already has an opportunity in Sales"));
        let rows = deals(&store, &dana).await;
        assert_eq!(rows.len(), 4498);
        assert_eq!(
            named(&rows, "Renamed ten").external_id.as_deref(),
            Some("X-10")
        );
    })
    .await;
}
