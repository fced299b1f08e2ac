//! Unit tests for `domain::custom_field`: keys, definitions and values checked by type.
use super::*;

fn field(kind: FieldKind, options: &[&str]) -> CustomField {
    CustomField {
        id: CustomFieldId(1),
        entity: FieldEntity::Opportunity,
        key: "f".into(),
        label: "F".into(),
        kind,
        options: options.iter().map(|o| o.to_string()).collect(),
    }
}

#[test]
fn labels_become_keys() {
    assert_eq!(
        field_key("Deal type (2027)").as_deref(),
        Some("deal_type_2027")
    );
    assert_eq!(field_key("  Région  ").as_deref(), Some("r_gion"));
    assert_eq!(field_key("2nd owner"), None);
    assert!(is_valid_key("deal_type"));
    assert!(!is_valid_key("a'b"));
}

#[test]
fn values_are_checked_by_type() {
    let usd = Currency::DEFAULT;
    let ok: Vec<(FieldKind, &[&str], &str, Option<Value>)> = vec![
        (
            FieldKind::Text,
            &[],
            " hello ",
            Some(Value::String("hello".into())),
        ),
        (
            FieldKind::Number,
            &[],
            "1,200.50",
            Some(Value::String("1200.5".into())),
        ),
        (
            FieldKind::Money,
            &[],
            "1500",
            Some(Value::String("150000".into())),
        ),
        (
            FieldKind::Date,
            &[],
            "2027-01-31",
            Some(Value::String("2027-01-31".into())),
        ),
        (
            FieldKind::SingleSelect,
            &["Red", "Blue"],
            "blue",
            Some(Value::String("Blue".into())),
        ),
        (
            FieldKind::MultiSelect,
            &["Red", "Blue"],
            "red\nBlue\nred",
            Some(serde_json::json!(["Red", "Blue"])),
        ),
        (
            FieldKind::Checkbox,
            &[],
            "yes",
            Some(Value::String("true".into())),
        ),
        (FieldKind::Checkbox, &[], "no", None),
        (FieldKind::Number, &[], "", None),
        (
            FieldKind::Number,
            &[],
            "12,500.50",
            Some(Value::String("12500.5".into())),
        ),
        (
            FieldKind::Number,
            &[],
            "-0.25",
            Some(Value::String("-0.25".into())),
        ),
        (
            FieldKind::Number,
            &[],
            "1 000 000,50",
            Some(Value::String("1000000.5".into())),
        ),
        (
            FieldKind::Money,
            &[],
            "1.234,50",
            Some(Value::String("123450".into())),
        ),
    ];
    for (kind, options, raw, expected) in ok {
        assert_eq!(
            field(kind, options).parse_value(raw, usd).unwrap(),
            expected,
            "{kind:?} {raw}"
        );
    }
    let bad: Vec<(FieldKind, &[&str], &str)> = vec![
        (FieldKind::Number, &[], "lots"),
        (FieldKind::Text, &[], "fine\0print"),
        (FieldKind::Text, &[], "two\nlines"),
        (FieldKind::Number, &[], "1,2,3"),
        (FieldKind::Number, &[], "1e5"),
        (FieldKind::Number, &[], "1234567890123456"),
        (FieldKind::Money, &[], "1,2,3"),
        (FieldKind::Money, &[], "900,000,000.01"),
        (FieldKind::Money, &[], "12.345"),
        (FieldKind::Date, &[], "31/01/2027"),
        (FieldKind::SingleSelect, &["Red"], "Green"),
        (FieldKind::Checkbox, &[], "maybe"),
    ];
    for (kind, options, raw) in bad {
        assert!(
            field(kind, options).parse_value(raw, usd).is_err(),
            "{kind:?} {raw}"
        );
    }
    let money = field(FieldKind::Money, &[]);
    assert_eq!(
        money.display(&Value::String("150000".into()), usd),
        "USD 1,500.00"
    );
    assert_eq!(
        money.raw(Some(&Value::String("150000".into())), usd),
        "1500.00"
    );
}

#[test]
fn definitions_need_a_name_type_and_choices() {
    assert_eq!(
        NewCustomField::parse("opportunity", "", "text", "")
            .unwrap_err()
            .0,
        "label"
    );
    assert_eq!(
        NewCustomField::parse("opportunity", "Tier", "single_select", " \n")
            .unwrap_err()
            .0,
        "options"
    );
    assert_eq!(
        NewCustomField::parse("deal", "Tier", "text", "")
            .unwrap_err()
            .0,
        "entity"
    );
    let ok =
        NewCustomField::parse("contact", "Tier", "single_select", "Gold\nSilver\ngold").unwrap();
    assert_eq!(ok.options, vec!["Gold", "Silver"]);
    assert_eq!(
        NewCustomField::parse("contact", "Tier", "single_select", "Gold\nSil\0ver")
            .unwrap_err()
            .0,
        "options"
    );
    assert_eq!(
        NewCustomField::parse("contact", "Ti\u{1b}er", "text", "")
            .unwrap_err()
            .0,
        "label"
    );
    assert_eq!(ok.key, "tier");
}
