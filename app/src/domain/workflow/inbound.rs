//! What an Inbound Webhook trigger reads from a POST: the body as a JSON object, and the
//! contact's details at the paths the trigger names (`contact.email`).
use serde_json::{Map, Value};

/// The largest body an inbound webhook reads.
pub const INBOUND_LIMIT: usize = 1024 * 1024;

/// Why a body was turned away, with the HTTP status to answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InboundProblem {
    pub status: u16,
    pub message: String,
}

impl InboundProblem {
    fn new(status: u16, message: String) -> Self {
        InboundProblem { status, message }
    }
}

/// The body as a JSON object. JSON is read whatever it is labelled (senders often say
/// text/plain), URL-encoded forms become an object of their fields, and anything else
/// labelled as something else is refused.
pub fn read_body(
    content_type: Option<&str>,
    body: &[u8],
    limit: usize,
) -> Result<Value, InboundProblem> {
    if body.len() > limit {
        return Err(InboundProblem::new(
            413,
            format!(
                "The body is {}; inbound webhooks accept up to {}.",
                size(body.len(), true),
                size(limit, false)
            ),
        ));
    }
    let media = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    match media.as_deref() {
        Some("application/x-www-form-urlencoded") => Ok(form_fields(body)),
        None | Some("text/plain") => json_object(body),
        Some(m) if m == "application/json" || m.ends_with("+json") => json_object(body),
        Some(other) => Err(InboundProblem::new(
            415,
            format!(
                "The body is sent as {other}; inbound webhooks read JSON \
                 (Content-Type: application/json) or form fields."
            ),
        )),
    }
}

fn json_object(body: &[u8]) -> Result<Value, InboundProblem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(InboundProblem::new(
            400,
            "The body is empty; send a JSON object such as {\"contact\": {\"email\": \
             \"dana@example.com\"}}."
                .into(),
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| InboundProblem::new(400, format!("The body is not valid JSON: {e}.")))?;
    if value.is_object() {
        return Ok(value);
    }
    let kind = match value {
        Value::Array(_) => "a JSON array",
        Value::String(_) => "a JSON string",
        Value::Number(_) => "a JSON number",
        Value::Bool(true) => "JSON true",
        Value::Bool(false) => "JSON false",
        _ => "JSON null",
    };
    Err(InboundProblem::new(
        400,
        format!(
            "The body is {kind}; inbound webhooks need a JSON object such as \
             {{\"contact\": {{\"email\": \"dana@example.com\"}}}}."
        ),
    ))
}

/// A form's fields as an object of strings; a field sent more than once becomes a list.
fn form_fields(body: &[u8]) -> Value {
    let mut fields = Map::new();
    for (name, value) in form_urlencoded::parse(body) {
        let value = Value::String(value.into_owned());
        match fields.get_mut(name.as_ref()) {
            Some(Value::Array(list)) => list.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
            None => {
                fields.insert(name.into_owned(), value);
            }
        }
    }
    Value::Object(fields)
}

/// A size for people: "2.1 MB". A body's size is rounded up, so one byte over the limit
/// never reads as the limit itself.
fn size(bytes: usize, round_up: bool) -> String {
    const KB: f64 = 1024.0;
    let bytes_f = bytes as f64;
    let (amount, unit) = if bytes_f >= KB * KB {
        (bytes_f / (KB * KB), "MB")
    } else if bytes_f >= KB {
        (bytes_f / KB, "KB")
    } else {
        return format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" });
    };
    let tenths = if round_up {
        (amount * 10.0).ceil()
    } else {
        (amount * 10.0).floor()
    };
    if tenths % 10.0 == 0.0 {
        format!("{} {unit}", tenths / 10.0)
    } else {
        format!("{:.1} {unit}", tenths / 10.0)
    }
}

/// The text at a dotted path (`contact.email`, `data.items.0.phone`), numbers and true or
/// false written out; `None` when nothing, or nothing but blanks, is there.
pub fn value_at(body: &Value, path: &str) -> Option<String> {
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    let text = match find(body, path)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A key holding the whole rest of the path wins (form fields named `contact.email`),
/// otherwise the path goes one step down.
fn find<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if let Some(found) = child(value, path) {
        return Some(found);
    }
    let (head, rest) = path.split_once('.')?;
    find(child(value, head)?, rest)
}

fn child<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Object(fields) => fields.get(key),
        Value::Array(items) => items.get(key.parse::<usize>().ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_json_objects_whatever_they_are_labelled() {
        for content_type in [
            None,
            Some("application/json"),
            Some("Application/JSON; charset=utf-8"),
            Some("application/vnd.api+json"),
            Some("text/plain"),
            Some(""),
        ] {
            let read = read_body(content_type, br#"{"contact": {"email": "a@b.co"}}"#, 100);
            assert_eq!(
                read,
                Ok(json!({"contact": {"email": "a@b.co"}})),
                "{content_type:?}"
            );
        }
    }

    #[test]
    fn turns_away_what_is_not_a_json_object() {
        let table: [(&[u8], &str); 6] = [
            (b"", "The body is empty"),
            (b"  \n", "The body is empty"),
            (
                b"{\"a\": 1,}",
                "not valid JSON: trailing comma at line 1 column 9.",
            ),
            (
                b"{\n\"a\" 1}",
                "not valid JSON: expected `:` at line 2 column 5.",
            ),
            (
                b"[1, 2]",
                "The body is a JSON array; inbound webhooks need a JSON object",
            ),
            (b"\"hello\"", "The body is a JSON string"),
        ];
        for (body, wanted) in table {
            let problem = read_body(Some("application/json"), body, 100).unwrap_err();
            assert_eq!(problem.status, 400);
            assert!(problem.message.contains(wanted), "{}", problem.message);
        }
    }

    #[test]
    fn refuses_bodies_over_the_limit_saying_how_big() {
        let body = vec![b' '; 2_200_000];
        let problem = read_body(None, &body, INBOUND_LIMIT).unwrap_err();
        assert_eq!(problem.status, 413);
        assert_eq!(
            problem.message,
            "The body is 2.1 MB; inbound webhooks accept up to 1 MB."
        );
        let just_over = read_body(None, &vec![b' '; INBOUND_LIMIT + 1], INBOUND_LIMIT);
        assert!(just_over
            .unwrap_err()
            .message
            .starts_with("The body is 1.1 MB"));
        let small = read_body(None, b"{\"a\": 1}", 4).unwrap_err();
        assert_eq!(
            small.message,
            "The body is 8 bytes; inbound webhooks accept up to 4 bytes."
        );
        assert!(read_body(None, b"{}", 2).is_ok());
    }

    #[test]
    fn reads_form_fields_and_refuses_other_media() {
        let form = b"email=dana%40example.com&name=Dana+Lee&tag=a&tag=b";
        let read = read_body(Some("application/x-www-form-urlencoded"), form, 100);
        assert_eq!(
            read,
            Ok(json!({"email": "dana@example.com", "name": "Dana Lee", "tag": ["a", "b"]}))
        );
        let problem = read_body(Some("multipart/form-data; boundary=x"), b"{}", 100);
        let problem = problem.unwrap_err();
        assert_eq!(problem.status, 415);
        assert!(
            problem.message.contains("multipart/form-data"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn reads_text_at_dotted_paths() {
        let body = json!({
            "contact": {"email": " dana@example.com ", "vip": true, "age": 41, "none": null},
            "data": {"items": [{"phone": "+1 555 0100"}, {"phone": 5550101}]},
            "contact.name": "Dana",
            "blank": "  ",
            "list": [1, 2],
        });
        let table = [
            ("contact.email", Some("dana@example.com")),
            ("contact.vip", Some("true")),
            ("contact.age", Some("41")),
            ("data.items.0.phone", Some("+1 555 0100")),
            ("data.items.1.phone", Some("5550101")),
            (" contact.name ", Some("Dana")),
            ("list.1", Some("2")),
            ("contact.none", None),
            ("contact", None),
            ("list", None),
            ("blank", None),
            ("data.items.2.phone", None),
            ("data.items.x.phone", None),
            ("contact.email.more", None),
            ("missing", None),
            ("", None),
        ];
        for (path, wanted) in table {
            assert_eq!(value_at(&body, path).as_deref(), wanted, "{path}");
        }
    }
}
