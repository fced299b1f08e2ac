use super::fixtures::workspace;
use super::*;
use crate::domain::custom_field::CustomFieldId;
use crate::domain::import::{DateOrder, ImportMode, NumberFormat};

fn mapping(targets: &[Target]) -> Mapping {
    Mapping {
        columns: targets.to_vec(),
        values: Vec::new(),
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
        vec![(ContactKey::Email, "ann@example.com".into())]
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
fn a_control_character_in_any_mapped_cell_fails_the_row_with_its_column() {
    let ws = workspace();
    let options = ImportOptions::default();
    let cases = [
        (NAME, "Glo\0bex", "Name: "),
        (Target::Field(DealField::Source), "Web\u{1b}[0m", "Source: "),
        (Target::Field(DealField::Pipeline), "Sales\0", "Pipeline: "),
        (Target::Field(DealField::Stage), "Negotiation\0", "Stage: "),
        (
            Target::Field(DealField::Owner),
            "dana@example.com\0",
            "Owner: ",
        ),
        (
            Target::Contact(ContactKey::Email),
            "ann\0@example.com",
            "Contact email: ",
        ),
        (
            Target::Contact(ContactKey::Name),
            "Ann\nLee",
            "Contact name: ",
        ),
        (
            Target::Company(CompanyKey::Name),
            "\u{200b}",
            "Company name: ",
        ),
        (Target::Custom(CustomFieldId(5)), "1\0 2", "Seats: "),
    ];
    for (target, raw, column) in cases {
        let reason = read_row(&cells(&[raw]), &mapping(&[target]), &options, &ws).unwrap_err();
        assert!(reason.starts_with(column), "{raw:?}: {reason}");
        assert!(
            !reason.contains('\0'),
            "{raw:?}: the reason is stored, so it holds no NUL"
        );
    }
}

#[test]
fn values_that_read_only_in_the_other_format_are_refused_not_guessed() {
    let ws = workspace();
    let options = ImportOptions::default();
    for raw in ["1,2,3", "1 000 000,50", "900,000,000.01"] {
        assert!(
            read_row(
                &cells(&["Deal", raw]),
                &mapping(&[NAME, VALUE]),
                &options,
                &ws
            )
            .is_err(),
            "{raw}"
        );
    }
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
    let unnamed = mapping(&[VALUE, Target::Skip, Target::Skip]);
    assert_eq!(
        raw_label(&cells(&["", " Acme ", "12"]), &unnamed),
        "Acme, 12"
    );
    assert_eq!(raw_label(&cells(&["", ""]), &unnamed), "(empty row)");
    let named = mapping(&[VALUE, NAME]);
    assert_eq!(raw_label(&cells(&["12,5k", " Pilot "]), &named), "Pilot");
    assert!(is_blank(&cells(&[" ", ""])));
    assert_eq!(
        raw_label(&cells(&["", "Pi\0lot"]), &named),
        "Pi\u{fffd}lot",
        "the label is stored with the failure, so it holds no NUL"
    );
}

proptest::proptest! {
    /// Whatever a file holds and however its columns are mapped, reading a row gives
    /// typed values or a reason, never a panic.
    #[test]
    fn any_row_through_any_mapping_is_read_or_refused(
        raw in proptest::collection::vec(".{0,24}", 0..12),
        picks in proptest::collection::vec(0usize..40, 1..10),
        comma in proptest::bool::ANY,
        month_first in proptest::bool::ANY,
        blank_clears in proptest::bool::ANY,
    ) {
        let ws = workspace();
        let choices = Target::choices(&ws.fields);
        let columns: Vec<Target> = picks.iter().map(|i| choices[i % choices.len()]).collect();
        let options = ImportOptions {
            number_format: if comma { NumberFormat::DecimalComma } else { NumberFormat::DecimalPoint },
            date_order: if month_first { DateOrder::MonthDay } else { DateOrder::DayMonth },
            blank_clears,
            ..ImportOptions::default()
        };
        let map = Mapping { columns, values: Vec::new() };
        let _ = read_row(&raw, &map, &options, &ws);
        let _ = raw_label(&raw, &map);
        if let Ok(values) = read_row(&raw, &map, &options, &ws) {
            let _ = values.label();
            if let Some(stage) = &values.stage {
                let _ = ws.stage(values.pipeline, stage);
            }
        }
    }
}
