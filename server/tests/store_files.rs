//! Files attached to deals, on both engines: content kept once by its SHA-256, freed
//! when the last attachment using it goes, summaries kept with the file, and notes on
//! the deal's timeline.
mod common;

use app::domain::board::OpportunityId;
use app::domain::change::Actor;
use app::store::files::NewFile;
use app::store::opportunities::bulk::{BulkAction, Selection};
use app::store::{Store, StoreError};
use common::deals::*;
use common::on_each_engine;

/// How many distinct contents the database holds.
async fn stored_contents(store: &Store) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM file_contents")
        .fetch_one(store.pool())
        .await
        .unwrap();
    count
}

fn text_file<'a>(file_name: &'a str, bytes: &'a [u8]) -> NewFile<'a> {
    NewFile {
        file_name,
        content_type: "text/plain; charset=utf-8",
        bytes,
        summary: None,
    }
}

async fn notes(store: &Store, deal: OpportunityId) -> Vec<String> {
    store
        .system_notes(deal)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.body)
        .collect()
}

#[tokio::test]
async fn the_same_content_is_stored_once_and_freed_when_no_longer_used() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let first = globex_in_prospecting(&store, actor, &sales).await.id;
        let prospecting = Some(stage(&sales, "Prospecting"));
        let second = store
            .create_opportunity(actor, deal("Initech", "20", prospecting))
            .await
            .unwrap()
            .id;
        let proposal = b"Proposal for Globex\n".as_slice();

        let original = store
            .add_file(actor, first, text_file("proposal.txt", proposal))
            .await
            .unwrap();
        assert_eq!(original.opportunity_id, first.0);
        assert_eq!(original.file_name, "proposal.txt");
        assert_eq!(original.content_type, "text/plain; charset=utf-8");
        assert_eq!(original.size, proposal.len() as i64);
        assert_eq!(original.uploaded_by.as_deref(), Some("Dana Scully"));
        assert_eq!(
            (original.summary.as_ref(), original.summary_problem.as_ref()),
            (None, None)
        );
        assert_eq!(store.file(original.id).await.unwrap(), original);
        let renamed = store
            .add_file(actor, second, text_file("copy of proposal.txt", proposal))
            .await
            .unwrap();
        let again = store
            .add_file(actor, first, text_file("proposal (1).txt", proposal))
            .await
            .unwrap();
        assert_eq!(
            stored_contents(&store).await,
            1,
            "one content, whatever its names"
        );
        let other = store
            .add_file(actor, first, text_file("notes.txt", b"Other words"))
            .await
            .unwrap();
        assert_eq!(stored_contents(&store).await, 2);
        for file in [&original, &renamed, &again] {
            assert_eq!(store.file_bytes(file.id).await.unwrap(), proposal);
        }
        let listed: Vec<String> = store
            .files(first)
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.file_name)
            .collect();
        assert_eq!(
            listed,
            ["notes.txt", "proposal (1).txt", "proposal.txt"],
            "newest first, only this deal's"
        );
        assert!(notes(&store, first)
            .await
            .contains(&"Added the file \u{201c}proposal.txt\u{201d}".to_string()));
        let timeline = store.timeline(first).await.unwrap();
        assert!(
            timeline.iter().any(|e| e.note
                && e.who == "Dana Scully"
                && e.what == "Added the file \u{201c}notes.txt\u{201d}"),
            "{timeline:?}"
        );

        store.delete_file(actor, original.id).await.unwrap();
        store.delete_file(actor, again.id).await.unwrap();
        assert_eq!(
            stored_contents(&store).await,
            2,
            "another deal still uses the content"
        );
        assert_eq!(store.file_bytes(renamed.id).await.unwrap(), proposal);
        assert!(matches!(
            store.file(original.id).await,
            Err(StoreError::NotFound("file"))
        ));
        assert!(matches!(
            store.file_bytes(original.id).await,
            Err(StoreError::NotFound("file"))
        ));
        assert!(notes(&store, first)
            .await
            .contains(&"Deleted the file \u{201c}proposal.txt\u{201d}".to_string()));
        store.delete_file(actor, renamed.id).await.unwrap();
        assert_eq!(stored_contents(&store).await, 1, "the last user freed it");
        store.delete_file(actor, other.id).await.unwrap();
        assert_eq!(stored_contents(&store).await, 0);
        assert!(store.files(first).await.unwrap().is_empty());
        assert!(matches!(
            store.delete_file(actor, other.id).await,
            Err(StoreError::NotFound("file"))
        ));
    })
    .await;
}

#[tokio::test]
async fn binary_content_and_summaries_are_kept_as_given() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let deal = globex_in_prospecting(&store, actor, &sales).await.id;
        let png: Vec<u8> = b"\x89PNG\r\n\x1a\n"
            .iter()
            .copied()
            .chain((0..=255u8).rev())
            .chain([0, 0, 0xff])
            .collect();
        let image = store
            .add_file(
                actor,
                deal,
                NewFile {
                    file_name: "logo.png",
                    content_type: "image/png",
                    bytes: &png,
                    summary: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            store.file_bytes(image.id).await.unwrap(),
            png,
            "every byte back"
        );
        assert_eq!(image.size, png.len() as i64);

        let sentences = vec![
            "Globex wants 40 seats.".to_string(),
            "They sign by March.".to_string(),
        ];
        let summarised = store
            .add_file(
                actor,
                deal,
                NewFile {
                    summary: Some(Ok(sentences.clone())),
                    ..text_file("brief.txt", b"Globex wants 40 seats. They sign by March.")
                },
            )
            .await
            .unwrap();
        assert_eq!(summarised.summary, Some(sentences));
        assert_eq!(summarised.summary_problem, None);
        let unreadable = store
            .add_file(
                actor,
                deal,
                NewFile {
                    file_name: "scan.pdf",
                    content_type: "application/pdf",
                    bytes: b"%PDF-1.7 scanned pages",
                    summary: Some(Err("This PDF has no text to read.".into())),
                },
            )
            .await
            .unwrap();
        assert_eq!(unreadable.summary, None);
        assert_eq!(
            unreadable.summary_problem.as_deref(),
            Some("This PDF has no text to read.")
        );
        let listed = store.files(deal).await.unwrap();
        assert_eq!(listed, [unreadable, summarised, image], "as stored");
    })
    .await;
}

#[tokio::test]
async fn a_file_for_a_missing_deal_stores_nothing() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let err = store
            .add_file(actor, OpportunityId(999_999), text_file("a.txt", b"a"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid { field: "file", .. }),
            "{err:?}"
        );
        assert_eq!(stored_contents(&store).await, 0);
    })
    .await;
}

#[tokio::test]
async fn deleting_a_deal_frees_the_content_only_it_used() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let doomed = globex_in_prospecting(&store, actor, &sales).await.id;
        let kept = store
            .create_opportunity(actor, deal("Kept", "10", None))
            .await
            .unwrap()
            .id;
        store
            .add_file(actor, doomed, text_file("only.txt", b"only here"))
            .await
            .unwrap();
        store
            .add_file(actor, doomed, text_file("shared.txt", b"shared"))
            .await
            .unwrap();
        let shared = store
            .add_file(actor, kept, text_file("shared.txt", b"shared"))
            .await
            .unwrap();
        store
            .bulk_change(
                actor,
                viewer(&dana),
                &Selection::Ids(vec![doomed]),
                &BulkAction::Delete,
            )
            .await
            .unwrap();
        assert_eq!(store.file_bytes(shared.id).await.unwrap(), b"shared");
        assert_eq!(
            stored_contents(&store).await,
            1,
            "the deleted deal's own content goes with it"
        );
    })
    .await;
}
