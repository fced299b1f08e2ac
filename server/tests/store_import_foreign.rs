//! An export from another CRM (shaped like Pipedrive's) on both engines: the mapping,
//! number format and date order suggested from its headings and values, its values
//! mapped to the workspace's names, missing contacts and companies created and undone,
//! every failing row's reason grouped, skipped rows named, and the currency rule.
mod common;

use app::domain::import::tally::ReasonCount;
use app::domain::import::{
    CompanyKey, ContactKey, DateOrder, DealField, ImportReview, ImportState, Mapping, NumberFormat,
    Target, ValueRule,
};
use app::domain::pipeline::default_stages;
use app::jobs::ImportJobs;
use app::store::imports::RowsThat;
use app::store::Store;
use common::custom::opportunity_field;
use common::deals::{contact, workspace};
use common::imports::{deals, finished, jobs, named, suggestion, upload};
use common::on_each_engine;

const HEADINGS: &str = "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Pipeline,\
Deal - Stage,Deal - Status,Deal - Owner,Person - Name,Person - Email,Organization - Name,\
Deal - Expected close date,Deal - Treatment (custom)";

/// `rows` deals as Pipedrive exports them: its own IDs, values with a decimal comma,
/// pipeline "Sales", a stage misspelt on every fourth row, month-first dates, one person
/// per deal and 25 organisations; rows 7 and 8 are in USD and row 11 is empty.
fn pipedrive(rows: usize) -> String {
    let stages = ["Prospecting", "Qualification", "Negotation", "Proposal"];
    let treatments = ["Implant", "whitening", "Cleaning"];
    let mut csv = format!("{HEADINGS}\n");
    for i in 1..=rows {
        if i == 11 {
            csv.push_str(",,,,,,,,,,,,\n");
            continue;
        }
        let currency = if i == 7 || i == 8 { "USD" } else { "EUR" };
        csv.push_str(&format!(
            "{},Deal {i},\"{},{:02}\",{currency},Sales,{},Open,Dana Scully,Person {i},person{i}@client{}.test,Client {} Ltd,{}/{}/2026,{}\n",
            4100 + i,
            19_000 + i * 7,
            i % 100,
            stages[i % 4],
            i % 25,
            i % 25,
            1 + i % 12,
            13 + i % 15,
            treatments[i % 3],
        ));
    }
    csv
}

fn reason_of<'a>(reasons: &'a [ReasonCount], part: &str) -> &'a ReasonCount {
    reasons
        .iter()
        .find(|r| r.reason.contains(part))
        .unwrap_or_else(|| panic!("no reason with {part:?} in {reasons:?}"))
}

async fn review_with(
    store: &Store,
    jobs: &ImportJobs,
    id: i64,
    mapping: Mapping,
    options: app::domain::import::ImportOptions,
) -> ImportReview {
    jobs.review(store, id, mapping, options).await.unwrap()
}

#[tokio::test]
async fn a_pipedrive_export_imports_on_the_suggested_mapping_once_two_values_are_mapped() {
    on_each_engine(|store| async move {
        let dana = workspace(&store).await;
        store
            .create_pipeline("Sales Pipeline", &default_stages())
            .await
            .unwrap();
        let treatment = opportunity_field(
            &store,
            "Treatment",
            "single_select",
            "Implant\nWhitening\nCleaning",
        )
        .await;
        // Person 3 is already a contact: found by email, not created again.
        contact(&store, "Person", "Three", "person3@client3.test").await;
        let (jobs, _dir) = jobs();
        let rows = 300;
        let id = upload(&store, &jobs, dana.id, pipedrive(rows).as_bytes()).await;

        let suggested = suggestion(&store, &jobs, id).await;
        assert_eq!(
            suggested.mapping.columns,
            vec![
                Target::Field(DealField::ExternalId),
                Target::Field(DealField::Name),
                Target::Field(DealField::Value),
                Target::Field(DealField::Currency),
                Target::Field(DealField::Pipeline),
                Target::Field(DealField::Stage),
                Target::Field(DealField::Status),
                Target::Field(DealField::Owner),
                Target::Contact(ContactKey::Name),
                Target::Contact(ContactKey::Email),
                Target::Company(CompanyKey::Name),
                Target::Field(DealField::ExpectedClose),
                Target::Custom(treatment.id),
            ]
        );
        let options = suggested.options;
        assert_eq!(options.number_format, NumberFormat::DecimalComma);
        assert_eq!(options.date_order, DateOrder::MonthDay);
        assert!(options.create_missing);

        // As suggested, every row names the pipeline "Sales", which does not exist.
        let mapping = suggested.mapping.clone();
        let first = review_with(&store, &jobs, id, mapping.clone(), options).await;
        assert_eq!(
            (first.counts.created, first.counts.failed),
            (0, rows as u64 - 1)
        );
        let sales = reason_of(
            &first.failure_reasons,
            "pipeline \u{2018}Sales\u{2019} does not exist",
        );
        assert_eq!(
            sales.rows,
            rows as u64 - 3,
            "every row's reason is counted, not only the first 100"
        );
        assert_eq!(reason_of(&first.failure_reasons, "USD").rows, 2);
        let unmatched: Vec<(&str, &str, Option<&str>)> = first
            .unmatched
            .iter()
            .flat_map(|c| {
                c.values
                    .iter()
                    .map(|v| (c.target.as_str(), v.value.as_str(), v.suggestion.as_deref()))
            })
            .collect();
        assert_eq!(
            unmatched,
            vec![
                ("pipeline", "Sales", Some("Sales Pipeline")),
                ("stage", "Negotation", Some("Negotiation")),
            ]
        );
        assert_eq!(first.skip_reasons[0].reason, "the row is empty");

        let rule = |target, from: &str, to: &str| ValueRule {
            target,
            from: from.into(),
            to: to.into(),
        };
        let mapped = Mapping {
            values: vec![
                rule(
                    Target::Field(DealField::Pipeline),
                    "Sales",
                    "Sales Pipeline",
                ),
                rule(Target::Field(DealField::Stage), "Negotation", "Negotiation"),
            ],
            ..mapping
        };
        let review = review_with(&store, &jobs, id, mapped, options).await;
        let created = rows as u64 - 3;
        assert_eq!(
            (
                review.counts.created,
                review.counts.failed,
                review.counts.skipped
            ),
            (created, 2, 1),
            "{:?}",
            review.failure_reasons
        );
        let currency = &review.failure_reasons[0];
        assert_eq!((currency.rows, currency.examples.clone()), (2, vec![7, 8]));
        assert!(
            currency
                .reason
                .contains("the value is in USD, but this workspace keeps every deal in EUR"),
            "{}",
            currency.reason
        );
        assert_eq!(review.new_contacts, created - 1, "person 3 exists");
        assert_eq!(review.new_companies, 25);
        assert_eq!(
            review.unmatched[0].values[0].mapped_to.as_deref(),
            Some("Sales Pipeline")
        );

        jobs.start(&store, id).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Done);
        let summary = store.import_record(id).await.unwrap().summary;
        assert_eq!(
            (
                summary.counts.created,
                summary.counts.failed,
                summary.counts.skipped
            ),
            (created, 2, 1)
        );
        let all = deals(&store, &dana).await;
        let deal = named(&all, "Deal 2");
        assert_eq!(deal.value_minor, 1_901_402);
        assert_eq!(deal.pipeline.as_deref(), Some("Sales Pipeline"));
        assert_eq!(deal.stage.as_deref(), Some("Negotiation"));
        assert_eq!(deal.expected_close_date.as_deref(), Some("2026-03-15"));
        assert_eq!(deal.external_id.as_deref(), Some("4102"));
        assert_eq!(deal.contact_email.as_deref(), Some("person2@client2.test"));
        assert_eq!(deal.company_name.as_deref(), Some("Client 2 Ltd"));
        assert!(
            deal.custom_fields.contains("\"Cleaning\""),
            "{}",
            deal.custom_fields
        );
        assert_eq!(deal.owner.as_deref(), Some("Dana Scully"));
        let three = named(&all, "Deal 3");
        assert_eq!(three.contact_email.as_deref(), Some("person3@client3.test"));

        let failed = store.import_reasons(id, RowsThat::Failed).await.unwrap();
        assert_eq!(failed[0].examples, vec![7, 8]);
        let skipped = store
            .import_reasons(id, RowsThat::WereSkipped)
            .await
            .unwrap();
        assert_eq!(
            (skipped[0].reason.as_str(), skipped[0].examples.clone()),
            ("the row is empty", vec![11])
        );

        // Someone edits one created contact: the undo keeps it, removes the others.
        let created_contact = store.search_contacts("person5@client5", 5).await.unwrap();
        let person5 = created_contact[0].id;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let mut form = store.contact_record(person5).await.unwrap().form();
        form.phone = "+41 44 000 00 00".into();
        let fields = form.parse().unwrap();
        store
            .save_contact(
                app::domain::change::Actor::System,
                Some(person5),
                &fields,
                &Default::default(),
            )
            .await
            .unwrap();

        let report = store.undo_import(id, dana.id).await.unwrap();
        assert_eq!(report.removed, created);
        assert_eq!(
            (
                report.contacts_removed,
                report.companies_removed,
                report.records_kept
            ),
            (created - 2, 25, 1)
        );
        let left = store.search_contacts("person", 500).await.unwrap();
        let mut emails: Vec<String> = left.into_iter().filter_map(|c| c.email).collect();
        emails.sort();
        assert_eq!(emails, ["person3@client3.test", "person5@client5.test"]);
        assert!(deals(&store, &dana).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_id_column_is_suggested_as_id_only_when_it_holds_this_workspaces_deal_ids() {
    on_each_engine(|store| async move {
        let dana = workspace(&store).await;
        store
            .create_pipeline("Sales", &default_stages())
            .await
            .unwrap();
        let (jobs, _dir) = jobs();
        let first = upload(&store, &jobs, dana.id, b"Name\nAlpha\nBeta\n").await;
        let options = suggestion(&store, &jobs, first).await.options;
        let mapping = suggestion(&store, &jobs, first).await.mapping;
        jobs.review(&store, first, mapping, options).await.unwrap();
        jobs.start(&store, first).await.unwrap();
        finished(&store, first).await;
        let ids: Vec<String> = deals(&store, &dana)
            .await
            .iter()
            .map(|d| d.id.to_string())
            .collect();

        let ours = format!("ID,Name\n{},Alpha 2\n{},Beta 2\n", ids[0], ids[1]);
        let id = upload(&store, &jobs, dana.id, ours.as_bytes()).await;
        let column = suggestion(&store, &jobs, id).await.mapping.columns[0];
        assert_eq!(column, Target::Field(DealField::Id));
        let theirs = format!("ID,Name\n{},Alpha 2\n9999,Gamma\n", ids[0]);
        let id = upload(&store, &jobs, dana.id, theirs.as_bytes()).await;
        let column = suggestion(&store, &jobs, id).await.mapping.columns[0];
        assert_eq!(column, Target::Field(DealField::ExternalId));
    })
    .await;
}
