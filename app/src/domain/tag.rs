//! Contact tags: short labels added on a contact's profile, in its form, by an import or
//! by a workflow. A contact holds each tag once, whatever its case; the tags are stored
//! comma-joined, so a tag never holds a comma.
use super::text::{required_text, TextProblem, CONTROL_CHARACTER};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const MAX_TAG_CHARS: usize = 40;
/// The most tags one contact has when people add them (form, profile).
pub const MAX_TAGS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TagProblem {
    #[error("Type the tag to add.")]
    Empty,
    #[error("Keep each tag to {MAX_TAG_CHARS} characters (\u{201c}{0}\u{201d} is longer).")]
    TooLong(String),
    #[error("A tag cannot hold a comma: add \u{201c}{0}\u{201d} as separate tags.")]
    Comma(String),
    #[error("{CONTROL_CHARACTER}")]
    ControlCharacter,
    #[error("A contact can have up to {MAX_TAGS} tags. Remove one before adding another.")]
    TooMany,
}

/// One tag as typed: trimmed, 1 to 40 characters, no comma, nothing invisible only.
pub fn parse_tag(raw: &str) -> Result<String, TagProblem> {
    match required_text(raw, MAX_TAG_CHARS) {
        Ok(tag) if tag.contains(',') => Err(TagProblem::Comma(tag.to_string())),
        Ok(tag) => Ok(tag.to_string()),
        Err(TextProblem::Empty) => Err(TagProblem::Empty),
        Err(TextProblem::TooLong) => Err(TagProblem::TooLong(raw.trim().to_string())),
        Err(TextProblem::ControlCharacter) => Err(TagProblem::ControlCharacter),
    }
}

/// Whether two tags are the same one: "VIP" is "vip".
pub fn same_tag(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The spelling `tags` hold `tag` in, if they hold it in any case.
pub fn find_tag<'a>(tags: &'a [String], tag: &str) -> Option<&'a str> {
    tags.iter().find(|t| same_tag(t, tag)).map(String::as_str)
}

/// Tags typed or imported as one text ("vip, partner", "vip; partner" with `;` among the
/// `separators`): each checked, empties skipped, repeats in any case dropped, order kept.
pub fn parse_tag_list(raw: &str, separators: &[char]) -> Result<Vec<String>, TagProblem> {
    let mut tags: Vec<String> = Vec::new();
    for part in raw.split(separators) {
        let tag = match parse_tag(part) {
            Ok(tag) => tag,
            Err(TagProblem::Empty) => continue,
            Err(problem) => return Err(problem),
        };
        if find_tag(&tags, &tag).is_none() {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(TagProblem::TooMany);
    }
    Ok(tags)
}

/// The tags of a contact as stored (comma-joined).
pub fn stored_tags(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// What adding or removing one tag did: the contact's tags after, and whether they changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagChange {
    pub tags: Vec<String>,
    pub changed: bool,
}

impl TagChange {
    /// The sentence that tells the person what happened to `tag`.
    pub fn summary(&self, tag: &str, added: bool) -> String {
        match (added, self.changed) {
            (true, true) => format!("Added the tag \u{201c}{tag}\u{201d}."),
            (false, true) => format!("Removed the tag \u{201c}{tag}\u{201d}."),
            (true, false) => format!(
                "This contact already has the tag \u{201c}{}\u{201d}; nothing changed.",
                find_tag(&self.tags, tag).unwrap_or(tag)
            ),
            (false, false) => {
                format!("This contact does not have the tag \u{201c}{tag}\u{201d} any more.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_bounded_and_free_of_commas() {
        let forty = "x".repeat(40);
        let cases: Vec<(&str, Result<String, TagProblem>)> = vec![
            ("  vip ", Ok("vip".into())),
            (&forty, Ok(forty.clone())),
            ("Été 2025", Ok("Été 2025".into())),
            ("", Err(TagProblem::Empty)),
            (" \u{200b} ", Err(TagProblem::Empty)),
            ("a,b", Err(TagProblem::Comma("a,b".into()))),
            ("v\0ip", Err(TagProblem::ControlCharacter)),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_tag(raw), expected, "{raw:?}");
        }
        let long = format!(" {forty}y ");
        assert_eq!(
            parse_tag(&long),
            Err(TagProblem::TooLong(format!("{forty}y")))
        );
    }

    #[test]
    fn tags_compare_without_regard_to_case() {
        assert!(same_tag("VIP", "vip"));
        assert!(same_tag("ÉTÉ", "été"));
        assert!(!same_tag("vip", "vips"));
        let tags = vec!["Referral".to_string(), "vip".to_string()];
        assert_eq!(find_tag(&tags, "VIP"), Some("vip"));
        assert_eq!(find_tag(&tags, "partner"), None);
    }

    #[test]
    fn tag_lists_split_on_their_separators_and_drop_repeats() {
        assert_eq!(
            parse_tag_list("vip; referral", &[',', ';']).unwrap(),
            vec!["vip", "referral"]
        );
        assert_eq!(
            parse_tag_list("vip, Referral, VIP, ,", &[',']).unwrap(),
            vec!["vip", "Referral"]
        );
        assert_eq!(
            parse_tag_list("a;b", &[',']),
            Ok(vec!["a;b".to_string()]),
            "a form's commas only"
        );
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert_eq!(
            parse_tag_list(&many.join(","), &[',']),
            Err(TagProblem::TooMany)
        );
        assert_eq!(stored_tags("vip, referral,,"), vec!["vip", "referral"]);
    }

    #[test]
    fn a_change_says_what_happened() {
        let had = TagChange {
            tags: vec!["vip".into()],
            changed: false,
        };
        assert_eq!(
            had.summary("VIP", true),
            "This contact already has the tag \u{201c}vip\u{201d}; nothing changed."
        );
        let added = TagChange {
            tags: vec!["vip".into()],
            changed: true,
        };
        assert_eq!(
            added.summary("vip", true),
            "Added the tag \u{201c}vip\u{201d}."
        );
        assert_eq!(
            added.summary("vip", false),
            "Removed the tag \u{201c}vip\u{201d}."
        );
    }
}
