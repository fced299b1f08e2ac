//! Conditions (trigger filters, If/Else branches, Find Opportunity filters): a field of
//! a record in context tested against a value. All conditions of a list must hold.
//!
//! Facts are JSON: `{"opportunity": {"status": "open", "stage": 12, "followers": [3]},
//! "contact": {"tags": ["vip"]}, "appointment": {"status": "scheduled"}}`. Ids compare as
//! numbers, words without regard to case, lists hold when any element does.
use super::context::FieldChange;
use super::definition::{Condition, Operator};
use serde_json::Value;

/// Whether every condition holds for `facts`, with `changes` the triggering change.
pub fn all_hold(conditions: &[Condition], facts: &Value, changes: &[FieldChange]) -> bool {
    conditions.iter().all(|c| holds(c, facts, changes))
}

pub fn holds(condition: &Condition, facts: &Value, changes: &[FieldChange]) -> bool {
    let wanted = &condition.value;
    match condition.operator {
        Operator::ChangedTo | Operator::ChangedFrom => {
            let field = condition.field.split_once('.').map_or("", |(_, f)| f);
            changes.iter().any(|change| {
                let side = match condition.operator {
                    Operator::ChangedTo => &change.after,
                    _ => &change.before,
                };
                change.field == field && (wanted.is_null() || equal(side, wanted))
            })
        }
        operator => {
            let actual = lookup(facts, &condition.field);
            match operator {
                Operator::IsEmpty => is_empty(actual),
                Operator::Is => any_element(actual, |v| equal(v, wanted)),
                Operator::IsNot => !any_element(actual, |v| equal(v, wanted)),
                Operator::Contains => any_element(actual, |v| contains(v, wanted)),
                Operator::Greater => compare(actual, wanted).is_some_and(|o| o.is_gt()),
                Operator::Less => compare(actual, wanted).is_some_and(|o| o.is_lt()),
                Operator::ChangedTo | Operator::ChangedFrom => false,
            }
        }
    }
}

/// The value at a dotted path (`opportunity.custom.budget` or `opportunity.budget`);
/// `Null` when absent.
pub fn lookup<'a>(facts: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .try_fold(facts, |value, part| value.get(part))
        .unwrap_or(&Value::Null)
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

fn any_element(value: &Value, test: impl Fn(&Value) -> bool) -> bool {
    match value {
        Value::Array(items) => items.iter().any(test),
        other => test(other),
    }
}

/// Text of a scalar, as compared: numbers and booleans by their JSON form.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_lowercase()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
}

fn equal(actual: &Value, wanted: &Value) -> bool {
    if let (Some(a), Some(b)) = (number(actual), number(wanted)) {
        return a == b;
    }
    match (text(actual), text(wanted)) {
        (Some(a), Some(b)) => a == b,
        _ => actual.is_null() && (wanted.is_null() || text(wanted).as_deref() == Some("")),
    }
}

fn contains(actual: &Value, wanted: &Value) -> bool {
    match (text(actual), text(wanted)) {
        (Some(a), Some(b)) => a.contains(&b),
        _ => false,
    }
}

/// Numbers compare as numbers; other text (dates as YYYY-MM-DD) in order.
fn compare(actual: &Value, wanted: &Value) -> Option<std::cmp::Ordering> {
    if let (Some(a), Some(b)) = (number(actual), number(wanted)) {
        return a.partial_cmp(&b);
    }
    Some(text(actual)?.cmp(&text(wanted)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts() -> Value {
        json!({
            "opportunity": {"status": "open", "stage": 12, "value": 150000, "name": "Acme renewal",
                            "followers": [3, 4], "expected_close_date": "2027-03-01", "source": null,
                            "custom": {"budget": 500}},
            "contact": {"tags": ["vip", "Referral"], "email": "ann@example.com"},
            "appointment": {"status": "scheduled"}
        })
    }

    fn condition(field: &str, operator: Operator, value: Value) -> Condition {
        Condition {
            field: field.into(),
            operator,
            value,
        }
    }

    #[test]
    fn each_operator_reads_as_a_sales_team_means_it() {
        use Operator::*;
        let cases = [
            ("opportunity.status", Is, json!("Open"), true),
            ("opportunity.status", IsNot, json!("Won"), true),
            ("opportunity.stage", Is, json!(12), true),
            ("opportunity.stage", Is, json!("12"), true),
            ("opportunity.followers", Is, json!(4), true),
            ("opportunity.followers", IsNot, json!(4), false),
            ("opportunity.name", Contains, json!("ACME"), true),
            ("opportunity.value", Greater, json!(100000), true),
            ("opportunity.value", Less, json!("1,000"), false),
            (
                "opportunity.expected_close_date",
                Less,
                json!("2027-04-01"),
                true,
            ),
            ("opportunity.source", IsEmpty, json!(null), true),
            ("opportunity.name", IsEmpty, json!(null), false),
            ("opportunity.custom.budget", Greater, json!(499), true),
            ("contact.tags", Is, json!("referral"), true),
            ("contact.tags", Contains, json!("vi"), true),
            ("appointment.status", Is, json!("Scheduled"), true),
            ("opportunity.missing", IsEmpty, json!(null), true),
            ("opportunity.missing", Is, json!("x"), false),
        ];
        for (field, operator, value, expected) in cases {
            let c = condition(field, operator, value.clone());
            assert_eq!(
                holds(&c, &facts(), &[]),
                expected,
                "{field} {operator:?} {value}"
            );
        }
    }

    #[test]
    fn changed_to_and_from_read_the_triggering_change() {
        let changes = [FieldChange {
            field: "stage".into(),
            before: json!(11),
            after: json!(12),
        }];
        let to = condition("opportunity.stage", Operator::ChangedTo, json!(12));
        let from = condition("opportunity.stage", Operator::ChangedFrom, json!(11));
        let wrong = condition("opportunity.stage", Operator::ChangedTo, json!(11));
        let any = condition("opportunity.stage", Operator::ChangedTo, json!(null));
        let other = condition("opportunity.status", Operator::ChangedTo, json!(null));
        assert!(holds(&to, &facts(), &changes));
        assert!(holds(&from, &facts(), &changes));
        assert!(!holds(&wrong, &facts(), &changes));
        assert!(holds(&any, &facts(), &changes));
        assert!(!holds(&other, &facts(), &changes));
        assert!(all_hold(&[to, from], &facts(), &changes));
        assert!(all_hold(&[], &facts(), &[]));
    }
}
