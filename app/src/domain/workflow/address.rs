//! Where a Send Webhook step posts: a full http(s) address with a host, checked when
//! the step is saved (the parts a merge field fills stand in as `x`) and again, with
//! the fields filled, before each try.
use url::Url;

/// The address a delivery goes to, or a sentence saying what to enter instead.
pub fn webhook_address(url: &str) -> Result<Url, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("Enter the address the webhook is sent to, such as \
                    https://hooks.example.com/deals."
            .into());
    }
    let parsed = Url::parse(url).map_err(|e| {
        format!(
            "\u{201c}{url}\u{201d} is not a web address ({e}): enter a full address such as \
             https://hooks.example.com/deals."
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "Webhooks are sent over https or http, not {}: enter an address starting with \
             https://.",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "\u{201c}{url}\u{201d} names no host: enter a full address such as \
             https://hooks.example.com/deals."
        ));
    }
    Ok(parsed)
}

/// Checks a step's address template before any record fills it. An address that is a
/// merge field from its start (`{{inbound_webhook.callback}}`) can only be checked when
/// it runs; otherwise each `{{ … }}` stands in as `x`, so the scheme and host written
/// out must already make a web address.
pub fn check_address_template(template: &str) -> Result<(), String> {
    let trimmed = template.trim();
    if trimmed.starts_with("{{") || trimmed.starts_with("{%") {
        return Ok(());
    }
    let mut sample = String::with_capacity(trimmed.len());
    let mut rest = trimmed;
    while let Some(start) = rest.find("{{") {
        sample.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => {
                sample.push('x');
                rest = &rest[start + end + 2..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    sample.push_str(rest);
    webhook_address(&sample).map(|_| ()).map_err(|message| {
        // The sentence names what the admin wrote, not the stand-in.
        message.replace(&sample, trimmed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_http_addresses_with_a_host() {
        let table = [
            ("https://hooks.example.com/deals", true),
            ("http://127.0.0.1:8080/in?x=1", true),
            ("  https://example.com  ", true),
            ("", false),
            ("hooks.example.com/deals", false),
            ("ftp://example.com/file", false),
            ("mailto:sales@example.com", false),
            ("http://", false),
            ("file:///etc/passwd", false),
        ];
        for (url, ok) in table {
            let checked = webhook_address(url);
            assert_eq!(checked.is_ok(), ok, "{url}: {checked:?}");
            if let Err(message) = checked {
                assert!(message.ends_with('.'), "{message}");
            }
        }
    }

    #[test]
    fn a_template_is_checked_with_its_merge_fields_standing_in() {
        let table = [
            ("https://hooks.example.com/deals/{{opportunity.id}}", true),
            ("https://{{contact.company}}.example.com/in", true),
            ("{{inbound_webhook.callback}}", true),
            ("  {{ inbound_webhook.callback }}/more", true),
            ("hooks.example.com/{{opportunity.id}}", false),
            ("ftp://example.com/{{opportunity.id}}", false),
        ];
        for (template, ok) in table {
            let checked = check_address_template(template);
            assert_eq!(checked.is_ok(), ok, "{template}: {checked:?}");
        }
        let message = check_address_template("hooks.example.com/{{opportunity.id}}").unwrap_err();
        assert!(
            message.contains("\u{201c}hooks.example.com/{{opportunity.id}}\u{201d}"),
            "{message}"
        );
    }
}
