use super::*;
use crate::domain::account::UserId;
use crate::domain::import::mapping::{ContactKey, DealField, Mapping, Target};
use crate::domain::import::row::fixtures::workspace;
use crate::domain::import::row::read_row;
use crate::domain::import::ImportMode;
use crate::store::imports::lookup::ExistingDeal;

fn existing(id: i64, name: &str) -> ExistingDeal {
    ExistingDeal {
        id,
        version: 3,
        name: name.into(),
        value_minor: 1000,
        pipeline_id: Some(1),
        stage_id: Some(10),
        status: "open".into(),
        stage_before_close: None,
        source: None,
        expected_close_date: None,
        owner_id: None,
        lost_reason: None,
        external_id: Some(format!("EXT-{id}")),
        custom_fields: "{}".into(),
        primary_contact: Some(7),
        companies: vec![],
    }
}

/// Two stored deals (7's contact is Ann), Ann and an ambiguous "Sam" among contacts.
fn found() -> ChunkLookups {
    let mut lookups = ChunkLookups::default();
    for deal in [existing(1, "Globex"), existing(2, "Initech")] {
        lookups
            .external_ids
            .insert(deal.external_id.clone().unwrap(), deal.id);
        lookups.deals.insert(deal.id, deal);
    }
    lookups.contacts.insert(
        (ContactKey::Email, "ann@x.test".into()),
        Ok((7, "Ann Lee".into())),
    );
    lookups.contacts.insert(
        (ContactKey::Name, "sam".into()),
        Err("2 contacts have the name ‘sam’".into()),
    );
    lookups
        .contact_deals
        .insert((7, 1), vec![(1, Some("Globex".into()))]);
    lookups
}

fn plan(mode: ImportMode, targets: &[Target], rows: &[&[&str]]) -> Vec<Planned> {
    let options = ImportOptions {
        mode,
        ..ImportOptions::default()
    };
    plan_with(options, targets, rows)
}

fn plan_with(options: ImportOptions, targets: &[Target], rows: &[&[&str]]) -> Vec<Planned> {
    let ws = workspace();
    let mapping = Mapping {
        columns: targets.to_vec(),
        values: Vec::new(),
    };
    let mut planner = Planner::new(&ws, options, false, UserId(1));
    let lookups = found();
    rows.iter()
        .enumerate()
        .map(|(i, cells)| {
            let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            match read_row(&cells, &mapping, &options, &ws) {
                Ok(values) => planner.plan(i as u64 + 1, &values, &lookups),
                Err(reason) => Planned::Fail(reason),
            }
        })
        .collect()
}

fn outcome(planned: &Planned) -> String {
    match planned {
        Planned::Create(deal) => format!("create {}", deal.name),
        Planned::Update(update) => {
            format!("update {} ({} fields)", update.deal, update.edits.len())
        }
        Planned::Skip(reason) => format!("skip: {reason}"),
        Planned::Fail(reason) => format!("fail: {reason}"),
        Planned::AfterPending(row) => format!("after row {row}"),
    }
}

const ID: Target = Target::Field(DealField::Id);
const EXT: Target = Target::Field(DealField::ExternalId);
const NAME: Target = Target::Field(DealField::Name);
const VALUE: Target = Target::Field(DealField::Value);
const EMAIL: Target = Target::Contact(ContactKey::Email);

#[test]
fn each_mode_creates_updates_or_skips_as_it_says() {
    let rows: &[&[&str]] = &[
        &["1", "Globex", "10"],
        &["", "New deal", "5"],
        &["2", "Initech", "10"],
    ];
    let outcomes = |mode| {
        plan(mode, &[ID, NAME, VALUE], rows)
            .iter()
            .map(outcome)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        outcomes(ImportMode::Create),
        [
            "skip: matches “Globex” (ID 1); updating matches is off",
            "create New deal",
            "skip: matches “Initech” (ID 2); updating matches is off"
        ]
    );
    assert_eq!(
        outcomes(ImportMode::Update),
        [
            "skip: already up to date",
            "skip: has no ID or external ID to match; creating is off",
            "skip: already up to date"
        ]
    );
    let both = plan(
        ImportMode::Both,
        &[ID, NAME, VALUE],
        &[&["1", "Globex", "12.50"], &["", "New deal", "5"]],
    );
    assert_eq!(
        both.iter().map(outcome).collect::<Vec<_>>(),
        ["update 1 (1 fields)", "create New deal"]
    );
}

#[test]
fn external_ids_match_and_repeat_within_a_file() {
    let rows: &[&[&str]] = &[
        &["EXT-1", "Globex renamed"],
        &["NEW-9", "Fresh"],
        &["NEW-9", "Fresh again"],
    ];
    let outcomes: Vec<String> = plan(ImportMode::Both, &[EXT, NAME], rows)
        .iter()
        .map(outcome)
        .collect();
    assert_eq!(
        outcomes,
        ["update 1 (1 fields)", "create Fresh", "after row 2"]
    );
    let created: Vec<String> = plan(ImportMode::Create, &[EXT, NAME], rows)
        .iter()
        .map(outcome)
        .collect();
    assert_eq!(
        created[2],
        "skip: external ID NEW-9 is also on row 2, which creates that deal"
    );
    let clash = plan(
        ImportMode::Both,
        &[ID, EXT, NAME],
        &[&["1", "EXT-2", "Mixed"]],
    );
    assert_eq!(
        outcome(&clash[0]),
        "fail: ID 1 and external ID EXT-2 belong to different deals"
    );
}

#[test]
fn contacts_must_exist_be_unambiguous_and_respect_the_duplicate_rule() {
    let outcomes: Vec<String> = plan(
        ImportMode::Create,
        &[NAME, EMAIL],
        &[
            &["Second for Ann", "ann@x.test"],
            &["Nobody's", "nobody@x.test"],
        ],
    )
    .iter()
    .map(outcome)
    .collect();
    assert!(
        outcomes[0].contains("Ann Lee already has an opportunity in Sales: “Globex”"),
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes[1],
        "fail: no contact has the email ‘nobody@x.test’"
    );
    let by_name = plan(
        ImportMode::Create,
        &[NAME, Target::Contact(ContactKey::Name)],
        &[&["Deal", "Sam"]],
    );
    assert_eq!(outcome(&by_name[0]), "fail: 2 contacts have the name ‘sam’");
}

#[test]
fn missing_contacts_and_companies_are_created_once_when_asked() {
    let creating = ImportOptions {
        create_missing: true,
        ..ImportOptions::default()
    };
    let company_name = Target::Company(crate::domain::import::CompanyKey::Name);
    let person = Target::Contact(ContactKey::Name);
    let owner = Target::Field(DealField::Owner);
    let rows: &[&[&str]] = &[
        &[
            "One",
            "Nia Long",
            "NIA@new.test",
            "Hooli",
            "dana@example.com",
        ],
        &["Two", "Nia Long", "nia@new.test", "Hooli", ""],
        &["Three", "", "bad-email", "", ""],
        &["Four", "Ann", "ann@x.test", "", ""],
    ];
    let planned = plan_with(creating, &[NAME, person, EMAIL, company_name, owner], rows);
    let Planned::Create(first) = &planned[0] else {
        panic!("{:?}", planned[0]);
    };
    let contact = first
        .contact
        .as_ref()
        .and_then(RecordRef::new_record)
        .unwrap();
    assert_eq!(
        (contact.by, contact.key.as_str(), contact.name.as_str()),
        ("lower(email)", "nia@new.test", "Nia Long")
    );
    assert_eq!(
        (contact.email.as_deref(), contact.owner),
        (Some("nia@new.test"), Some(1))
    );
    let company = first
        .company
        .as_ref()
        .and_then(RecordRef::new_record)
        .unwrap();
    assert_eq!(
        (company.by, company.name.as_str()),
        ("lower(name)", "Hooli")
    );
    assert!(
        outcome(&planned[1]).contains("Nia Long already has an opportunity in Sales from row 1"),
        "the contact a row creates counts for the duplicate rule: {:?}",
        outcome(&planned[1])
    );
    assert_eq!(
        outcome(&planned[2]),
        "fail: Contact email: ‘bad-email’ is not an email address"
    );
    assert!(outcome(&planned[3]).contains("Ann Lee already has an opportunity"));
    let without = plan(
        ImportMode::Create,
        &[NAME, company_name],
        &[&["Five", "Hooli"]],
    );
    assert_eq!(
        outcome(&without[0]),
        "fail: no company has the name ‘hooli’"
    );
}

proptest::proptest! {
    /// Any row, mapped any way, in any mode, against stored deals and contacts: planned
    /// or refused with a reason, never a panic.
    #[test]
    fn any_row_is_planned_or_refused(
        raw in proptest::collection::vec(proptest::prop_oneof![".{0,12}", "[0-9]{1,3}", "EXT-[12]", "ann@x.test", "Negotiation", "(open|won|lost|abandoned)"], 0..8),
        picks in proptest::collection::vec(0usize..40, 1..8),
        mode in 0usize..3,
    ) {
        let ws = workspace();
        let choices = Target::choices(&ws.fields);
        let targets: Vec<Target> = picks.iter().map(|i| choices[i % choices.len()]).collect();
        let cells: Vec<&str> = raw.iter().map(String::as_str).collect();
        let _ = plan(ImportMode::ALL[mode], &targets, &[&cells, &cells]);
    }
}

#[test]
fn tags_go_to_the_rows_contact_or_else_the_deals_primary_one() {
    const TAGS: Target = Target::ContactTags;
    let options = ImportOptions {
        create_missing: true,
        ..ImportOptions::default()
    };
    let long = "x".repeat(41);
    let created = plan_with(
        options,
        &[NAME, EMAIL, TAGS],
        &[
            &["Hooli", "bo@x.test", "vip; referral, VIP"],
            &["Pied Piper", "", "vip"],
            &["Aviato", "", ""],
            &["Raviga", "bo@x.test", &format!("vip; {long}")],
        ],
    );
    match &created[0] {
        Planned::Create(deal) => {
            assert!(deal
                .contact
                .as_ref()
                .is_some_and(|c| c.new_record().is_some()));
            assert_eq!(deal.contact_tags, ["vip", "referral"]);
        }
        other => panic!("{}", outcome(other)),
    }
    assert_eq!(outcome(&created[1]), format!("fail: {NO_CONTACT_TO_TAG}"));
    assert_eq!(outcome(&created[2]), "create Aviato");
    assert_eq!(
        outcome(&created[3]),
        format!("fail: tag \u{2018}{long}\u{2019} is longer than 40 characters")
    );
    let updated = plan(
        ImportMode::Update,
        &[ID, TAGS],
        &[&["1", "vip"], &["2", ""]],
    );
    match &updated[0] {
        Planned::Update(update) => assert_eq!(
            update.contact_tags,
            Some((RecordRef::Stored(7), vec!["vip".to_string()])),
            "the deal's primary contact"
        ),
        other => panic!("{}", outcome(other)),
    }
    assert_eq!(outcome(&updated[1]), "skip: already up to date");
}
