//! Filling merge fields in: one configured minijinja environment, so the checks when a
//! step is saved and a run's rendering read templates the same way.
use super::problem::MergeProblem;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};
use std::sync::LazyLock;

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(environment);

/// The environment every template is read with.
pub(super) fn engine() -> &'static Environment<'static> {
    &ENVIRONMENT
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Plain text: each output path (HTML, JSON, a webhook body) escapes for itself.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    // A record that is not there renders its fields empty (`{{opportunity.name}}` after
    // a Find that found nothing); saving already refused fields that do not exist.
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_formatter(plain_text);
    env.add_filter("default", default);
    env.add_filter("d", default);
    env
}

/// Null prints nothing (not `none`), and a list (`contact.tags`) as its items.
fn plain_text(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    if value.is_none() {
        return Ok(());
    }
    if value.kind() == minijinja::value::ValueKind::Seq {
        for (i, item) in value.try_iter()?.enumerate() {
            if i > 0 {
                out.write_str(", ")?;
            }
            plain_text(out, state, &item)?;
        }
        return Ok(());
    }
    minijinja::escape_formatter(out, state, value)
}

/// `default("there")`: the fallback when the value is missing, null or blank text, which
/// is what an empty field looks like to the person writing the message. With a second
/// argument `true` (Jinja's form), any false value (0, an empty list) is replaced too.
fn default(value: Value, fallback: Option<Value>, falsy: Option<bool>) -> Value {
    let blank = value.is_undefined()
        || value.is_none()
        || value.as_str().is_some_and(|s| s.trim().is_empty())
        || (falsy == Some(true) && !value.is_true());
    if blank {
        fallback.unwrap_or_else(|| Value::from(""))
    } else {
        value
    }
}

/// The template filled in from `values`, an object by namespace
/// (`{"contact": {"first_name": "Ada"}, "opportunity": {...}}`). Fields with no value,
/// and namespaces that are absent, render empty.
pub fn render(template: &str, values: &serde_json::Value) -> Result<String, MergeProblem> {
    let compiled = engine().template_from_str(template).map_err(problem)?;
    compiled
        .render(Value::from_serialize(values))
        .map_err(problem)
}

/// A minijinja error as the sentence for the person who wrote the template.
pub(super) fn problem(error: Error) -> MergeProblem {
    let detail = error
        .detail()
        .map(str::to_string)
        .unwrap_or_else(|| error.kind().to_string());
    let line = error.line();
    match error.kind() {
        ErrorKind::SyntaxError | ErrorKind::BadEscape => MergeProblem::Syntax { detail, line },
        kind if is_unknown(kind) => MergeProblem::Unknown { detail, line },
        _ => MergeProblem::Render { detail, line },
    }
}

/// Errors that come from the template's own words, whatever the values.
pub(super) fn is_unknown(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::UnknownFilter
            | ErrorKind::UnknownTest
            | ErrorKind::UnknownFunction
            | ErrorKind::UnknownMethod
            | ErrorKind::TooManyArguments
            | ErrorKind::MissingArgument
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn values() -> serde_json::Value {
        json!({
            "contact": {
                "name": "Ada Lovelace",
                "first_name": "Ada",
                "last_name": "",
                "email": null,
                "tags": ["vip", "spring"],
                "quoted_price": 1250.5,
            },
            "opportunity": {"name": "Ada - Consult", "lead_value": "$500.00"},
            "inbound_webhook": {"lead": {"utm": "spring", "first name": "Ada"}, "items": [1, 2]},
        })
    }

    #[test]
    fn fields_render_from_values_and_missing_ones_render_empty() {
        let cases: &[(&str, &str)] = &[
            ("Hi {{contact.first_name}}!", "Hi Ada!"),
            (
                "{{ contact.name }} - {{opportunity.name}}",
                "Ada Lovelace - Ada - Consult",
            ),
            ("[{{contact.last_name}}]", "[]"),
            ("[{{contact.email}}]", "[]"),
            ("[{{contact.phone}}]", "[]"),
            ("[{{appointment.title}}]", "[]"),
            ("[{{user.name}}]", "[]"),
            ("{{contact.tags}}", "vip, spring"),
            ("{{contact.quoted_price}}", "1250.5"),
            ("{{inbound_webhook.lead.utm}}", "spring"),
            ("{{inbound_webhook.lead['first name']}}", "Ada"),
            ("[{{inbound_webhook.lead.missing.deeper}}]", "[]"),
            ("{{inbound_webhook.items}}", "1, 2"),
            ("{{ contact.name | upper }}", "ADA LOVELACE"),
            (
                "{% if contact.email %}mail{% else %}no mail{% endif %}",
                "no mail",
            ),
            ("{{ opportunity.lead_value }}", "$500.00"),
            ("plain text, no fields", "plain text, no fields"),
        ];
        for (template, expected) in cases {
            assert_eq!(
                render(template, &values()).as_deref(),
                Ok(*expected),
                "{template}"
            );
        }
    }

    #[test]
    fn default_replaces_missing_null_and_blank_values() {
        let cases: &[(&str, &str)] = &[
            (r#"Hi {{contact.first_name | default("there")}}"#, "Hi Ada"),
            (r#"Hi {{contact.last_name | default("there")}}"#, "Hi there"),
            (r#"Hi {{contact.email | default("there")}}"#, "Hi there"),
            (r#"Hi {{contact.phone | default("there")}}"#, "Hi there"),
            (r#"Hi {{appointment.title | default("there")}}"#, "Hi there"),
            (r#"Hi {{contact.last_name | d("there")}}"#, "Hi there"),
            (r#"[{{contact.email | default}}]"#, "[]"),
            (r#"{{ 0 | default("none given") }}"#, "0"),
            (r#"{{ 0 | default("none given", true) }}"#, "none given"),
            (r#"{{ "  " | default("blank") }}"#, "blank"),
        ];
        for (template, expected) in cases {
            assert_eq!(
                render(template, &values()).as_deref(),
                Ok(*expected),
                "{template}"
            );
        }
        let blank_first_name = json!({"contact": {"first_name": ""}});
        assert_eq!(
            render(
                r#"Hi {{contact.first_name | default("there")}}"#,
                &blank_first_name
            )
            .as_deref(),
            Ok("Hi there")
        );
    }

    #[test]
    fn output_is_plain_text_not_html() {
        let values = json!({"contact": {"name": "<b>Tom & Jerry</b>"}});
        assert_eq!(
            render("{{contact.name}}", &values).as_deref(),
            Ok("<b>Tom & Jerry</b>")
        );
    }

    #[test]
    fn broken_templates_say_where() {
        // The problem's kind and line, as the API sends them.
        let cases: &[(&str, &str, u64)] = &[
            ("Hi {{contact.name", "syntax", 1),
            ("Hi\n\n{% if contact.name %}x", "syntax", 3),
            ("{{ contact.name | uper }}", "unknown", 1),
            ("\n{{ contact.first_name + 1 }}", "render", 2),
        ];
        for (template, kind, line) in cases {
            let problem = render(template, &values()).unwrap_err();
            let json = serde_json::to_value(&problem).unwrap();
            assert_eq!(json["kind"], *kind, "{template}: {problem:?}");
            assert_eq!(json["line"], *line, "{template}: {problem:?}");
        }
        let problem = render("Hi {{contact.name", &values()).unwrap_err();
        assert!(
            problem
                .to_string()
                .starts_with("The text does not read as a template on line 1: "),
            "{problem}"
        );
    }
}
