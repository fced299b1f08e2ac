use super::*;
use crate::domain::account::Role;
use crate::domain::board::Stage;
use crate::domain::custom_field::{CustomFieldId, FieldEntity};
use crate::domain::import::{DateOrder, ImportMode, NumberFormat};
use crate::domain::pipeline::Probability;

fn pipeline(id: i64, name: &str, open: &[&str]) -> Pipeline {
    let mut stages: Vec<Stage> = open
        .iter()
        .enumerate()
        .map(|(i, s)| Stage {
            id: StageId(id * 10 + i as i64),
            pipeline_id: PipelineId(id),
            name: s.to_string(),
            kind: StageKind::Open,
            probability: Probability::for_open_stage(50).unwrap(),
            position: i as i64,
        })
        .collect();
    for (offset, (name, kind, probability)) in [
        ("Closed Won", StageKind::Won, Probability::WON),
        ("Closed Lost", StageKind::Lost, Probability::LOST),
    ]
    .into_iter()
    .enumerate()
    {
        stages.push(Stage {
            id: StageId(id * 10 + 8 + offset as i64),
            pipeline_id: PipelineId(id),
            name: name.to_string(),
            kind,
            probability,
            position: 8 + offset as i64,
        });
    }
    Pipeline {
        id: PipelineId(id),
        name: name.to_string(),
        stages,
    }
}

fn user(id: i64, name: &str, email: &str, active: bool) -> User {
    User {
        id: UserId(id),
        name: name.into(),
        email: email.into(),
        role: Role::User,
        only_assigned_data: false,
        active,
        must_change_password: false,
    }
}

fn workspace() -> Workspace {
    Workspace {
        pipelines: vec![
            pipeline(1, "Sales", &["Prospecting", "Negotiation"]),
            pipeline(2, "Renewals", &["Negotiation", "Signed"]),
        ],
        users: vec![
            user(1, "Dana Scully", "dana@example.com", true),
            user(2, "Fox Mulder", "fox@example.com", false),
            user(3, "Sam Lee", "sam1@example.com", true),
            user(4, "Sam Lee", "sam2@example.com", true),
        ],
        fields: vec![CustomField {
            id: CustomFieldId(5),
            entity: FieldEntity::Opportunity,
            key: "seats".into(),
            label: "Seats".into(),
            kind: FieldKind::Number,
            options: vec![],
        }],
        currency: Currency::parse("USD").unwrap(),
    }
}

fn mapping(targets: &[Target]) -> Mapping {
    Mapping {
        columns: targets.to_vec(),
    }
}

fn cells(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

const NAME: Target = Target::Field(DealField::Name);
const VALUE: Target = Target::Field(DealField::Value);

#[test]
fn a_row_is_typed_through_its_mapping() {
    let ws = workspace();
    let map = mapping(&[
        NAME,
        VALUE,
        Target::Field(DealField::Pipeline),
        Target::Field(DealField::Stage),
        Target::Field(DealField::ExpectedClose),
        Target::Field(DealField::Owner),
        Target::Custom(CustomFieldId(5)),
        Target::Contact(ContactKey::Email),
    ]);
    let options = ImportOptions {
        number_format: NumberFormat::DecimalComma,
        date_order: DateOrder::DayMonth,
        ..ImportOptions::default()
    };
    let row = read_row(
        &cells(&[
            "Globex",
            "1.500,50",
            "renewals",
            "Negotiation",
            "21/11/2026",
            "DANA@example.com",
            "12,5",
            "ann@example.com",
        ]),
        &map,
        &options,
        &ws,
    )
    .unwrap();
    assert_eq!(row.name.as_deref(), Some("Globex"));
    assert_eq!(row.value_minor, Change::Set(150_050));
    assert_eq!(row.pipeline, Some(PipelineId(2)));
    assert_eq!(
        ws.stage(row.pipeline, row.stage.as_deref().unwrap()),
        Ok(StageId(20))
    );
    assert_eq!(
        row.expected_close,
        Change::Set(Date::new(2026, 11, 21).unwrap())
    );
    assert_eq!(row.owner, Change::Set(UserId(1)));
    assert_eq!(row.custom, vec![(0, Some(Value::String("12.5".into())))]);
    assert_eq!(
        row.contact,
        Some((ContactKey::Email, "ann@example.com".into()))
    );
}

#[test]
fn bad_cells_give_the_reason() {
    let ws = workspace();
    let options = ImportOptions::default();
    let fails = |target: Target, raw: &str| {
        read_row(
            &cells(&["Deal", raw]),
            &mapping(&[NAME, target]),
            &options,
            &ws,
        )
        .unwrap_err()
    };
    assert!(fails(VALUE, "12,5k").contains("'12,5k' is not a number"));
    assert_eq!(
        fails(Target::Field(DealField::Pipeline), "Salse"),
        "pipeline \u{2018}Salse\u{2019} does not exist"
    );
    assert!(fails(Target::Field(DealField::Status), "Pending").contains("is not Open, Won"));
    assert!(fails(Target::Field(DealField::Owner), "fox@example.com").contains("deactivated"));
    assert!(fails(Target::Field(DealField::Owner), "Sam Lee").contains("use their email"));
    assert!(fails(Target::Field(DealField::Owner), "nobody@example.com").contains("no user"));
    assert!(fails(Target::Field(DealField::Id), "abc").contains("not a deal ID"));
    assert!(fails(Target::Custom(CustomFieldId(5)), "lots").starts_with("Seats: "));
    assert!(fails(Target::Field(DealField::ExpectedClose), "31/02/2026").contains("not a date"));
    let extra = read_row(
        &cells(&["Deal", "1", "oops"]),
        &mapping(&[NAME, VALUE]),
        &options,
        &ws,
    );
    assert!(extra
        .unwrap_err()
        .contains("has 3 values but the file has 2 columns"));
    let empty_extra = read_row(
        &cells(&["Deal", "1", ""]),
        &mapping(&[NAME, VALUE]),
        &options,
        &ws,
    );
    assert!(empty_extra.is_ok());
}

#[test]
fn stages_are_found_in_their_pipeline() {
    let ws = workspace();
    assert_eq!(
        ws.stage(Some(PipelineId(1)), "Negotation"),
        Err("stage \u{2018}Negotation\u{2019} does not exist in pipeline Sales".into())
    );
    assert_eq!(ws.stage(None, "prospecting"), Ok(StageId(10)));
    assert!(ws
        .stage(None, "Negotiation")
        .unwrap_err()
        .contains("several pipelines (Sales, Renewals)"));
    assert!(ws
        .stage(None, "Nowhere")
        .unwrap_err()
        .contains("any pipeline"));
}

#[test]
fn empty_cells_keep_or_clear_as_chosen() {
    let ws = workspace();
    let map = mapping(&[
        NAME,
        Target::Field(DealField::Source),
        Target::Custom(CustomFieldId(5)),
    ]);
    let keep = read_row(
        &cells(&["Deal", "", ""]),
        &map,
        &ImportOptions::default(),
        &ws,
    )
    .unwrap();
    assert_eq!(keep.source, Change::Keep);
    assert!(keep.custom.is_empty());
    let clearing = ImportOptions {
        blank_clears: true,
        mode: ImportMode::Both,
        ..ImportOptions::default()
    };
    let clear = read_row(&cells(&["Deal", " ", ""]), &map, &clearing, &ws).unwrap();
    assert_eq!(clear.source, Change::Clear);
    assert_eq!(clear.custom, vec![(0, None)]);
}

#[test]
fn escaped_formulas_read_back_as_typed() {
    let ws = workspace();
    let row = read_row(
        &cells(&["'=SUM(A1)"]),
        &mapping(&[NAME]),
        &ImportOptions::default(),
        &ws,
    );
    assert_eq!(row.unwrap().name.as_deref(), Some("=SUM(A1)"));
}

#[test]
fn rows_are_named_for_people() {
    assert_eq!(raw_label(&cells(&["", " Acme ", "12"])), "Acme, 12");
    assert_eq!(raw_label(&cells(&["", ""])), "(empty row)");
    assert!(is_blank(&cells(&[" ", ""])));
}
