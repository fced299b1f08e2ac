//! Which known name a value that matches nothing most likely means: "Negotation" is
//! "Negotiation" misspelt, "Sales" is short for "Sales Pipeline".
use strsim::{jaro_winkler, normalized_damerau_levenshtein};

/// How alike two names must be for one to be offered for the other.
const ALIKE: f64 = 0.75;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How alike `value` and `name` are, from 0 to 1: every word of the value found in the
/// name counts as alike ("Sales" in "Sales Pipeline", "Won" in "Closed Won"); otherwise
/// by edits (typos) and by a shared start.
fn likeness(value: &str, name: &str) -> f64 {
    let (value, name) = (value.trim().to_lowercase(), name.trim().to_lowercase());
    if value.is_empty() || name.is_empty() {
        return 0.0;
    }
    let (value_words, name_words) = (words(&value), words(&name));
    let contained = !value_words.is_empty() && value_words.iter().all(|w| name_words.contains(w))
        || !name_words.is_empty() && name_words.iter().all(|w| value_words.contains(w));
    let edits = normalized_damerau_levenshtein(&value, &name);
    let start = jaro_winkler(&value, &name) - 0.1;
    let shared = if contained { 0.9 } else { 0.0 };
    edits.max(start).max(shared)
}

/// The name of `known` most like `value`, when one is alike enough; on a tie the first.
pub fn closest<'a>(value: &str, known: &'a [String]) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for name in known {
        let score = likeness(value, name);
        if score >= ALIKE && best.is_none_or(|(_, top)| score > top) {
            best = Some((name, score));
        }
    }
    best.map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn misspelt_and_shortened_names_find_what_they_mean() {
        let stages = names(&[
            "Prospecting",
            "Qualification",
            "Proposal",
            "Negotiation",
            "Closed Won",
            "Closed Lost",
        ]);
        let pipelines = names(&["Sales Pipeline", "Renewals"]);
        let statuses = names(&["Open", "Won", "Lost", "Abandoned"]);
        let cases: &[(&str, &[String], Option<&str>)] = &[
            ("Negotation", &stages, Some("Negotiation")),
            ("negotiations", &stages, Some("Negotiation")),
            ("Qualifcation", &stages, Some("Qualification")),
            ("Proposal made", &stages, Some("Proposal")),
            ("Won", &stages, Some("Closed Won")),
            ("Demo scheduled", &stages, None),
            ("Sales", &pipelines, Some("Sales Pipeline")),
            ("renewal", &pipelines, Some("Renewals")),
            ("Partners", &pipelines, None),
            ("Deleted", &statuses, None),
            ("open ", &statuses, Some("Open")),
            ("", &statuses, None),
            ("Won", &[], None),
        ];
        for (value, known, expected) in cases {
            assert_eq!(closest(value, known), *expected, "{value}");
        }
    }
}
