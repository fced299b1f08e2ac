use super::*;
use crate::domain::custom_field::{FieldEntity, FieldKind};

fn seats() -> CustomField {
    CustomField {
        id: CustomFieldId(4),
        entity: FieldEntity::Opportunity,
        key: "seats".into(),
        label: "Seats".into(),
        kind: FieldKind::Number,
        options: vec![],
    }
}

#[test]
fn headers_suggest_their_fields() {
    let fields = [seats()];
    let cases = [
        ("Opportunity Name", Target::Field(DealField::Name)),
        ("Deal value", Target::Field(DealField::Value)),
        ("Amount", Target::Field(DealField::Value)),
        ("ID", Target::Field(DealField::Id)),
        ("External ID", Target::Field(DealField::ExternalId)),
        (
            "Expected close date",
            Target::Field(DealField::ExpectedClose),
        ),
        ("Close date", Target::Field(DealField::ExpectedClose)),
        ("Assigned to", Target::Field(DealField::Owner)),
        ("Contact email", Target::Contact(ContactKey::Email)),
        ("E-mail", Target::Contact(ContactKey::Email)),
        ("Company", Target::Company(CompanyKey::Name)),
        ("Company domain", Target::Company(CompanyKey::Domain)),
        ("Lost reason", Target::Field(DealField::LostReason)),
        ("SEATS", Target::Custom(CustomFieldId(4))),
        ("Deal - Title", Target::Field(DealField::Name)),
        ("Deal - Value", Target::Field(DealField::Value)),
        ("Deal - Currency", Target::Field(DealField::Currency)),
        ("Deal - Pipeline", Target::Field(DealField::Pipeline)),
        ("Deal - Stage", Target::Field(DealField::Stage)),
        ("Deal - Status", Target::Field(DealField::Status)),
        ("Deal - Owner", Target::Field(DealField::Owner)),
        (
            "Deal - Expected close date",
            Target::Field(DealField::ExpectedClose),
        ),
        ("Deal - ID", Target::Field(DealField::Id)),
        ("Deal - Seats (custom)", Target::Custom(CustomFieldId(4))),
        ("Seats (custom)", Target::Custom(CustomFieldId(4))),
        ("Person - Name", Target::Contact(ContactKey::Name)),
        ("Person - Email", Target::Contact(ContactKey::Email)),
        ("Person - Phone", Target::Skip),
        ("Deal - Contact person", Target::Contact(ContactKey::Name)),
        ("Organization - Name", Target::Company(CompanyKey::Name)),
        ("Deal - Organization", Target::Company(CompanyKey::Name)),
        (
            "Organisation - Website",
            Target::Company(CompanyKey::Domain),
        ),
        ("Account Name", Target::Company(CompanyKey::Name)),
        ("Contact", Target::Contact(ContactKey::Name)),
        ("Tags", Target::ContactTags),
        ("Contact tags", Target::ContactTags),
        ("Person - Labels", Target::ContactTags),
        ("Value (EUR)", Target::Field(DealField::Value)),
        ("Personal note", Target::Skip),
        ("Favourite colour", Target::Skip),
        ("", Target::Skip),
    ];
    for (header, expected) in cases {
        assert_eq!(suggest(header, &fields), expected, "{header}");
    }
}

#[test]
fn export_headings_suggest_their_own_fields() {
    for field in DealField::ALL {
        assert_eq!(suggest(field.label(), &[]), Target::Field(field));
    }
    for key in ContactKey::ALL {
        assert_eq!(suggest(key.label(), &[]), Target::Contact(key));
    }
    for key in CompanyKey::ALL {
        assert_eq!(suggest(key.label(), &[]), Target::Company(key));
    }
    let tags = Target::ContactTags.label(&[]).unwrap();
    assert_eq!(suggest(&tags, &[]), Target::ContactTags);
}

#[test]
fn targets_round_trip_through_keys() {
    for target in Target::choices(&[seats()]) {
        assert_eq!(Target::from_key(&target.key()), Some(target));
    }
    assert_eq!(Target::from_key("contact.phone"), None);
    assert_eq!(Target::from_key("cf.x"), None);
}

#[test]
fn a_target_is_suggested_once() {
    let headers = ["Name".to_string(), "Title".to_string()];
    let mapping = Mapping::suggested(&headers, &[], |_| true);
    assert_eq!(
        mapping.columns,
        vec![Target::Field(DealField::Name), Target::Skip]
    );
}

#[test]
fn id_columns_of_another_system_are_suggested_as_external_ids() {
    let headers = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let id = Target::Field(DealField::Id);
    let external = Target::Field(DealField::ExternalId);
    let name = Target::Field(DealField::Name);
    let cases: [(&[&str], bool, Vec<Target>); 5] = [
        (&["ID", "Name"], true, vec![id, name]),
        (&["ID", "Name"], false, vec![external, name]),
        (&["Deal - ID", "Deal - Title"], true, vec![external, name]),
        (
            &["Deal - ID", "External ID"],
            false,
            vec![Target::Skip, external],
        ),
        (&["External ID", "ID"], true, vec![external, id]),
    ];
    for (names, ours, expected) in cases {
        let mapping = Mapping::suggested(&headers(names), &[], |_| ours);
        assert_eq!(mapping.columns, expected, "{names:?} ours={ours}");
    }
}

#[test]
fn a_pipedrive_export_maps_itself() {
    let fields = [seats()];
    let headers: Vec<String> = [
        "Deal - ID",
        "Deal - Title",
        "Deal - Value",
        "Deal - Currency",
        "Person - Name",
        "Person - Email",
        "Organization - Name",
    ]
    .map(String::from)
    .to_vec();
    let mapping = Mapping::suggested(&headers, &fields, |_| false);
    assert_eq!(
        mapping.columns,
        vec![
            Target::Field(DealField::ExternalId),
            Target::Field(DealField::Name),
            Target::Field(DealField::Value),
            Target::Field(DealField::Currency),
            Target::Contact(ContactKey::Name),
            Target::Contact(ContactKey::Email),
            Target::Company(CompanyKey::Name),
        ]
    );
    assert!(mapping.check(&headers, &fields, ImportMode::Create).is_ok());
}

#[test]
fn mappings_are_checked() {
    let headers: Vec<String> = ["Name", "Title", "Email"].map(String::from).to_vec();
    let map = |cols: [Target; 3]| Mapping {
        columns: cols.to_vec(),
        values: Vec::new(),
    };
    let name = Target::Field(DealField::Name);
    let twice = map([name, name, Target::Skip]).check(&headers, &[], ImportMode::Create);
    assert!(twice.unwrap_err().contains("both map to Name"));
    let no_name = map([Target::Skip, Target::Field(DealField::Source), Target::Skip]);
    assert!(no_name
        .check(&headers, &[], ImportMode::Create)
        .unwrap_err()
        .contains("Map a column to Name"));
    let no_key = map([name, Target::Skip, Target::Contact(ContactKey::Email)]);
    assert!(no_key
        .check(&headers, &[], ImportMode::Both)
        .unwrap_err()
        .contains("ID or External ID"));
    assert!(no_key.check(&headers, &[], ImportMode::Create).is_ok());
    let tags_alone = map([name, Target::ContactTags, Target::Skip]);
    assert!(tags_alone
        .check(&headers, &[], ImportMode::Create)
        .unwrap_err()
        .contains("tags are added to each row's contact"));
    let tagged = map([
        name,
        Target::ContactTags,
        Target::Contact(ContactKey::Email),
    ]);
    assert!(tagged.check(&headers, &[], ImportMode::Create).is_ok());
    let gone = map([name, Target::Custom(CustomFieldId(9)), Target::Skip]);
    assert!(gone
        .check(&headers, &[], ImportMode::Create)
        .unwrap_err()
        .contains("no longer exists"));
    let short = Mapping {
        columns: vec![name],
        values: Vec::new(),
    };
    assert!(short.check(&headers, &[], ImportMode::Create).is_err());
}
