//! Visible text of an HTML page: no tags, scripts, styles or comments.

/// Elements whose content a reader never sees as text.
const HIDDEN: &[&str] = &["noscript", "script", "style", "template"];
/// Elements that start a new paragraph of text.
const PARAGRAPHS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "title",
    "ul",
];
/// Elements that start a new line within a paragraph.
const LINES: &[&str] = &["br", "dd", "dt", "li", "tr"];
/// Table cells: side by side, so only a space apart.
const CELLS: &[&str] = &["td", "th"];

/// The text a browser would show, with block elements as line breaks and
/// entities decoded. Runs of spaces are left for the caller to tidy.
pub(super) fn visible_text(html: &str) -> String {
    // ASCII lower-casing keeps every byte offset, so positions found in
    // `lower` index `html` too.
    let lower = html.to_ascii_lowercase();
    let mut text = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some(offset) = html[at..].find(['<', '&']) {
        push_text(&mut text, &html[at..at + offset]);
        at += offset;
        at = if html[at..].starts_with('&') {
            at + push_entity(&mut text, &html[at..])
        } else {
            skip_markup(html, &lower, at, &mut text)
        };
    }
    push_text(&mut text, &html[at..]);
    text
}

/// Source line breaks are plain spaces in HTML; only elements break lines.
fn push_text(text: &mut String, source: &str) {
    text.extend(
        source
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
    );
}

/// Decodes the entity at the start of `source` (which starts with `&`) and
/// returns how many bytes it took; an unknown one is kept as a literal `&`.
fn push_entity(text: &mut String, source: &str) -> usize {
    let Some(end) = source.bytes().take(12).position(|b| b == b';') else {
        text.push('&');
        return 1;
    };
    let name = &source[1..end];
    let decoded = match name.strip_prefix('#') {
        Some(number) => numeric_entity(number),
        None => named_entity(name),
    };
    match decoded {
        Some(c) => {
            text.push(c);
            end + 1
        }
        None => {
            text.push('&');
            1
        }
    }
}

fn numeric_entity(number: &str) -> Option<char> {
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    char::from_u32(code).filter(|c| *c != '\0')
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "deg" => '°',
        "times" => '×',
        _ => return None,
    })
}

/// Skips the comment, declaration or tag at `at` (a `<`), adding the line
/// break it stands for, and returns where the text goes on.
fn skip_markup(html: &str, lower: &str, at: usize, text: &mut String) -> usize {
    let after = |needle: &str, from: usize| {
        lower[from..]
            .find(needle)
            .map_or(html.len(), |found| from + found + needle.len())
    };
    if lower[at..].starts_with("<!--") {
        return after("-->", at + 4);
    }
    if lower[at..].starts_with("<!") || lower[at..].starts_with("<?") {
        return after(">", at);
    }
    let closing = lower[at + 1..].starts_with('/');
    let name_start = at + 1 + usize::from(closing);
    let name_len = lower[name_start..]
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if name_len == 0 {
        // "a < b" in text: a lone `<` is just a character.
        text.push('<');
        return at + 1;
    }
    let name = &lower[name_start..name_start + name_len];
    let tag_end = tag_end(html, name_start + name_len);
    if !closing && HIDDEN.contains(&name) {
        return after(">", after(&format!("</{name}"), tag_end));
    }
    if PARAGRAPHS.contains(&name) {
        text.push_str("\n\n");
    } else if LINES.contains(&name) && !closing {
        // Only the opening tag: `</li><li>` is one line break, not a blank line.
        text.push('\n');
    } else if CELLS.contains(&name) {
        text.push(' ');
    }
    tag_end
}

/// Just past the `>` that closes the tag, skipping `>` inside quoted
/// attribute values; the end of the page if the tag never closes.
fn tag_end(html: &str, from: usize) -> usize {
    let mut quote = None;
    for (offset, byte) in html.as_bytes()[from..].iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(*byte),
            (Some(open), _) if open == *byte => quote = None,
            (None, b'>') => return from + offset + 1,
            _ => {}
        }
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::tidy_lines;

    #[test]
    fn only_visible_text_remains() {
        let cases = [
            (
                "<html><head><title>Deal</title><style>p { color: red }</style>\
                 <script>if (a < b) { write(\"</p>\"); }</script></head>\
                 <body><p>Acme &amp; Co</p><!-- <p>hidden</p> --><div>Next<br>line</div></body></html>",
                "Deal\n\nAcme & Co\n\nNext\nline",
            ),
            (
                "<P>One</P><SCRIPT type=\"text/javascript\">x()</SCRIPT><Style>b{}</STYLE>Two",
                "One\n\nTwo",
            ),
            (
                "&lt;b&gt; &quot;q&quot; &#39;s&#39;&nbsp;x &#8364;5 &#x263A; &#X41;",
                "<b> \"q\" 's' x €5 ☺ A",
            ),
            ("AT&T &bogus; &#0; &#xZZ; & done", "AT&T &bogus; &#0; &#xZZ; & done"),
            ("if a < b and c > d", "if a < b and c > d"),
            (
                "<a title=\"x > y\" href='#'>link</a> text<img src=x alt=\"pic\">",
                "link text",
            ),
            (
                "<ul><li>Call legal</li><li>Send\nquote</li></ul><table><tr><td>Q1</td><td>10</td></tr></table>",
                "Call legal\nSend quote\n\nQ1 10",
            ),
            ("<!DOCTYPE html><?xml version=\"1.0\"?>Plain", "Plain"),
            ("Unclosed <b class=\"x", "Unclosed"),
            ("Open script <script>never closed", "Open script"),
        ];
        for (html, text) in cases {
            assert_eq!(tidy_lines(&visible_text(html)), text, "{html:?}");
        }
    }
}
