//! CSV imports on both engines: the review's counts and reasons, the job's writes and
//! change log, matches by ID, the duplicate rule, undo, and an export that imports back
//! without changing anything. The job's resume and cancel are in `store_import_jobs.rs`.
mod common;

use app::domain::change::Actor;
use app::domain::custom_field::FieldEntity;
use app::domain::import::export::ExportColumn;
use app::domain::import::{ImportMode, ImportOptions, ImportState, NumberFormat};
use app::domain::links::LinkChange;
use app::store::Store;
use app::transfer::CsvWriter;
use common::custom::{definition, opportunity_field};
use common::deals::{contact, contact_owner, deal, fox_mulder, link, setup, stage, viewer};
use common::imports::{deals, finished, import, jobs, named, review, upload};
use common::on_each_engine;

const MESSY: &str = "\u{feff}Name;Value;Stage;Contact email;Seats;Notes\r\n\
Globex pilot;1.500,50;Negotiation;ANN@acme.test;12;\"line one\r\nline two; with a semicolon\"\r\n\
Initech;200;Proposal;bob@acme.test;3;\r\n\
Bad stage;10;Negotation;;;\r\n\
Bad value;12,5k;Proposal;;;\r\n\
Unknown contact;5;Proposal;nobody@acme.test;;\r\n";

#[tokio::test]
async fn a_messy_file_is_reviewed_then_imported_with_reasons_for_bad_rows() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        store
            .add_custom_field(&definition("opportunity", "Seats", "number", ""))
            .await
            .unwrap();
        contact(&store, "Ann", "Lee", "ann@acme.test").await;
        contact(&store, "Bob", "Ray", "bob@acme.test").await;
        let (jobs, _dir) = jobs();
        let options = ImportOptions {
            number_format: NumberFormat::DecimalComma,
            ..ImportOptions::default()
        };
        let id = upload(&store, &jobs, dana.id, MESSY.as_bytes()).await;
        let record = store.import_record(id).await.unwrap();
        assert_eq!(record.summary.total_rows, 5);
        assert_eq!(
            record.summary.file_shape,
            "UTF-8 with BOM, semicolon-separated"
        );
        let planned = review(&store, &jobs, id, options).await;
        assert_eq!(
            (
                planned.counts.created,
                planned.counts.updated,
                planned.counts.skipped,
                planned.counts.failed
            ),
            (2, 0, 0, 3)
        );
        let reasons: Vec<String> = planned
            .failures
            .iter()
            .map(|f| f.reason.clone().unwrap())
            .collect();
        assert!(
            reasons[0]
                .contains("stage \u{2018}Negotation\u{2019} does not exist in pipeline Sales"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].contains("'12,5k' is not a number"),
            "{reasons:?}"
        );
        assert!(
            reasons[2].contains("no contact has the email \u{2018}nobody@acme.test\u{2019}"),
            "{reasons:?}"
        );
        assert_eq!(planned.failures[0].row, 3);
        assert!(
            deals(&store, &dana).await.is_empty(),
            "a review writes nothing"
        );

        jobs.start(&store, id).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Done);
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!(
            (
                summary.counts.created,
                summary.counts.failed,
                summary.rows_done
            ),
            (2, 3, 5)
        );
        let rows = deals(&store, &dana).await;
        let globex = named(&rows, "Globex pilot");
        assert_eq!(globex.value_minor, 150_050);
        assert_eq!(globex.stage.as_deref(), Some("Negotiation"));
        assert_eq!(globex.contact_email.as_deref(), Some("ann@acme.test"));
        assert!(
            globex.custom_fields.contains("\"seats\":\"12\""),
            "{}",
            globex.custom_fields
        );
        let events = store
            .opportunity_events(app::domain::board::OpportunityId(globex.id))
            .await
            .unwrap();
        assert_eq!(events[0].actor, Actor::Import { batch: id });
        let failures = store.import_failures(id, 0, 100).await.unwrap();
        assert_eq!(
            failures.iter().map(|f| f.0).collect::<Vec<_>>(),
            vec![3, 4, 5]
        );
    })
    .await;
}

#[tokio::test]
async fn the_duplicate_rule_holds_against_stored_deals_and_earlier_rows() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let ann = contact(&store, "Ann", "Lee", "ann@acme.test").await;
        contact(&store, "Bob", "Ray", "bob@acme.test").await;
        let existing = store
            .create_opportunity(Actor::User(dana.id), deal("Ann's deal", "1", Some(stage(&sales, "Proposal"))))
            .await
            .unwrap();
        link(&store, Actor::User(dana.id), existing.id, LinkChange::Contact { contact: ann, linked: true }).await;
        let (jobs, _dir) = jobs();
        let csv = "Name,Contact email\nAnn again,ann@acme.test\nBob one,bob@acme.test\nBob two,bob@acme.test\n";
        let id = upload(&store, &jobs, dana.id, csv.as_bytes()).await;
        let planned = review(&store, &jobs, id, ImportOptions::default()).await;
        assert_eq!((planned.counts.created, planned.counts.failed), (1, 2));
        assert!(planned.failures[0].reason.as_deref().unwrap().contains("already has an opportunity in Sales: \u{201c}Ann's deal\u{201d}"));
        assert!(planned.failures[1].reason.as_deref().unwrap().contains("from row 2 of this file"));
        jobs.start(&store, id).await.unwrap();
        finished(&store, id).await;
        let names: Vec<String> = deals(&store, &dana).await.into_iter().map(|d| d.name).collect();
        assert_eq!(names, vec!["Ann's deal".to_string(), "Bob one".to_string()]);
    })
    .await;
}

/// A full export of every deal, as `GET /api/opportunities/export.csv?scope=all` writes it.
async fn export_everything(store: &Store, user: &app::domain::account::User) -> String {
    let fields = store.custom_fields(FieldEntity::Opportunity).await.unwrap();
    let currency = store.workspace().await.unwrap().unwrap().currency;
    let columns = ExportColumn::everything(&fields);
    let mut out = CsvWriter::new(Vec::new(), false).unwrap();
    out.write_row(columns.iter().map(|c| c.heading(&fields).unwrap()))
        .unwrap();
    for row in deals(store, user).await {
        out.write_row(columns.iter().map(|c| row.cell(*c, &fields, currency)))
            .unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

#[tokio::test]
async fn an_export_imports_back_unchanged_and_an_edited_one_updates_then_undoes() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let tier = opportunity_field(&store, "Tier", "single_select", "Gold\nSilver").await;
        let actor = Actor::User(dana.id);
        let globex = store
            .create_opportunity(
                actor,
                deal(
                    "=Globex, \"pilot\"",
                    "1500.5",
                    Some(stage(&sales, "Proposal")),
                ),
            )
            .await
            .unwrap();
        store
            .edit_opportunity(
                actor,
                globex.id,
                globex.version,
                common::custom::typed(&tier, "Gold"),
            )
            .await
            .unwrap();
        store
            .create_opportunity(actor, deal("Initech", "20", None))
            .await
            .unwrap();
        let (jobs, _dir) = jobs();
        let csv = export_everything(&store, &dana).await;
        assert!(
            csv.contains("\"'=Globex, \"\"pilot\"\"\""),
            "formula escaped and quoted: {csv}"
        );
        let update = ImportOptions {
            mode: ImportMode::Update,
            ..ImportOptions::default()
        };
        let id = upload(&store, &jobs, dana.id, csv.as_bytes()).await;
        let planned = review(&store, &jobs, id, update).await;
        assert_eq!(
            (
                planned.counts.updated,
                planned.counts.skipped,
                planned.counts.failed
            ),
            (0, 2, 0),
            "{planned:?}"
        );
        assert_eq!(
            planned.skips[0].reason.as_deref(),
            Some("already up to date")
        );

        let edited = csv
            .replace(",1500.50,", ",1750.00,")
            .replace(",Gold,", ",Silver,");
        assert_ne!(edited, csv);
        let before = deals(&store, &dana).await;
        let id = import(&store, &jobs, dana.id, &edited, update).await;
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!((summary.counts.updated, summary.counts.skipped), (1, 1));
        let after = deals(&store, &dana).await;
        let changed = named(&after, "=Globex, \"pilot\"");
        assert_eq!(changed.value_minor, 175_000);
        assert!(changed.custom_fields.contains("Silver"));

        let report = store.undo_import(id, dana.id).await.unwrap();
        assert_eq!(
            (report.restored, report.removed, report.kept_count),
            (1, 0, 0)
        );
        let restored = deals(&store, &dana).await;
        let globex_now = named(&restored, "=Globex, \"pilot\"");
        let globex_before = named(&before, "=Globex, \"pilot\"");
        assert_eq!(globex_now.value_minor, globex_before.value_minor);
        assert_eq!(globex_now.custom_fields, globex_before.custom_fields);
        assert_eq!(store.import_state(id).await.unwrap(), ImportState::Undone);
        assert!(
            store.undo_import(id, dana.id).await.is_err(),
            "an undo happens once"
        );
    })
    .await;
}

#[tokio::test]
async fn undo_removes_created_deals_but_keeps_those_changed_since() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let (jobs, _dir) = jobs();
        let id = import(
            &store,
            &jobs,
            dana.id,
            "Name,Value\nAlpha,1\nBeta,2\nGamma,3\n",
            ImportOptions::default(),
        )
        .await;
        let rows = deals(&store, &dana).await;
        let beta = named(&rows, "Beta");
        let card = store
            .card(app::domain::board::OpportunityId(beta.id), viewer(&dana))
            .await
            .unwrap();
        store
            .edit_opportunity(
                Actor::User(dana.id),
                card.id,
                card.version,
                app::store::opportunities::edit::FieldEdit::Value(500),
            )
            .await
            .unwrap();
        let report = store.undo_import(id, dana.id).await.unwrap();
        assert_eq!((report.removed, report.kept_count), (2, 1));
        assert_eq!(report.kept[0].deal, "Beta");
        assert!(report.kept[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("changed by Dana Scully"));
        let left: Vec<String> = deals(&store, &dana)
            .await
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(left, vec!["Beta".to_string()]);
    })
    .await;
}

#[tokio::test]
async fn a_deal_created_then_updated_by_one_file_is_undone_as_a_whole() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let (jobs, _dir) = jobs();
        let both = ImportOptions {
            mode: ImportMode::Both,
            ..ImportOptions::default()
        };
        let csv = "External ID,Name,Value\nX-1,First name,10\nX-2,Other,5\nX-1,Second name,10\n";
        let id = import(&store, &jobs, dana.id, csv, both).await;
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!((summary.counts.created, summary.counts.updated), (2, 1));
        let names: Vec<String> = deals(&store, &dana)
            .await
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(names, vec!["Second name".to_string(), "Other".to_string()]);
        let report = store.undo_import(id, dana.id).await.unwrap();
        assert_eq!(
            (report.removed, report.restored, report.kept_count),
            (2, 0, 0)
        );
        assert!(deals(&store, &dana).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn new_deals_give_their_contact_its_owner_only_when_the_workspace_syncs_them() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let fox = fox_mulder(&store, false).await;
        let ann = contact(&store, "Ann", "Lee", "ann@acme.test").await;
        let bob = contact(&store, "Bob", "Ray", "bob@acme.test").await;
        let mut settings = store.deal_settings().await.unwrap();
        settings.allow_multiple_opportunities_per_contact = true;
        store.save_deal_settings(&settings).await.unwrap();
        let (jobs, _dir) = jobs();
        let csv = "Name,Contact email,Owner\n\
                   One,ann@acme.test,dana@acme.test\n\
                   Two,ann@acme.test,fox@acme.test\n\
                   Three,bob@acme.test,dana@acme.test\n";
        import(&store, &jobs, dana.id, csv, ImportOptions::default()).await;
        assert_eq!(contact_owner(&store, ann).await, None, "sync is off");

        settings.sync_contact_owner = true;
        store.save_deal_settings(&settings).await.unwrap();
        import(&store, &jobs, dana.id, csv, ImportOptions::default()).await;
        // As if created one after another: Ann's last deal is Fox's.
        assert_eq!(contact_owner(&store, ann).await, Some(fox.id.0));
        assert_eq!(contact_owner(&store, bob).await, Some(dana.id.0));
        assert_eq!(deals(&store, &dana).await.len(), 6);
    })
    .await;
}
