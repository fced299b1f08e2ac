//! What a pass over every row of a file adds up: the reasons rows fail or are skipped,
//! each with how many rows give it, and the values of name columns that match nothing,
//! each with how many rows hold it and the known name it most likely means.
use super::mapping::{Mapping, Target};
use super::row::{multi_choices, Workspace};
use super::similar::closest;
use crate::domain::custom_field::FieldKind;
use crate::domain::import::values::unescape_formula;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Distinct reasons kept; the rows of any others are counted under one line.
const REASONS_KEPT: usize = 200;
/// Row numbers kept as examples of each reason.
const EXAMPLE_ROWS: usize = 5;
/// Distinct unmatched values listed per column.
const VALUES_LISTED: usize = 50;
/// Distinct unmatched values counted per column before the rest are only counted.
const VALUES_COUNTED: usize = 1_000;

/// One reason, the number of rows that give it and the first of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub reason: String,
    pub rows: u64,
    pub examples: Vec<u64>,
}

impl ReasonCount {
    /// "rows 3, 17 and 40" / "rows 3, 4, 5, 6, 7 and 12 more".
    pub fn rows_named(&self) -> String {
        let named: Vec<String> = self.examples.iter().map(u64::to_string).collect();
        let more = self.rows.saturating_sub(self.examples.len() as u64);
        match (named.as_slice(), more) {
            ([one], 0) => format!("row {one}"),
            (_, 0) => match named.split_last() {
                Some((last, rest)) => format!("rows {} and {last}", rest.join(", ")),
                None => String::new(),
            },
            (_, more) => format!("rows {} and {more} more", named.join(", ")),
        }
    }
}

/// The line under which the rows of reasons past the first `REASONS_KEPT` are counted.
pub const OTHER_REASONS: &str =
    "other reasons: download the failed rows after the import to see each one";

/// Counts reasons as rows come, in file order.
#[derive(Debug, Default)]
pub struct ReasonTally {
    counts: HashMap<String, ReasonCount>,
    other: Option<ReasonCount>,
}

impl ReasonTally {
    pub fn note(&mut self, row: u64, reason: &str) {
        let full = self.counts.len() >= REASONS_KEPT && !self.counts.contains_key(reason);
        let entry = if full {
            self.other.get_or_insert_with(|| ReasonCount {
                reason: OTHER_REASONS.to_string(),
                rows: 0,
                examples: Vec::new(),
            })
        } else {
            self.counts
                .entry(reason.to_string())
                .or_insert_with(|| ReasonCount {
                    reason: reason.to_string(),
                    rows: 0,
                    examples: Vec::new(),
                })
        };
        entry.rows += 1;
        if entry.examples.len() < EXAMPLE_ROWS {
            entry.examples.push(row);
        }
    }

    /// The reasons, most rows first (then by first row); the other reasons last.
    pub fn finish(self) -> Vec<ReasonCount> {
        let mut all: Vec<ReasonCount> = self.counts.into_values().collect();
        all.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.examples.cmp(&b.examples)));
        all.extend(self.other);
        all
    }
}

/// A value of a name column that matches nothing, and what it may be mapped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedValue {
    pub value: String,
    pub rows: u64,
    /// The known name most like it, offered first.
    pub suggestion: Option<String>,
    /// What the import's rules map it to now, if anything.
    pub mapped_to: Option<String>,
}

/// A name column's values that match nothing, with the names they may be mapped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedColumn {
    /// The column's target key ("stage", "cf.3").
    pub target: String,
    pub header: String,
    pub field: String,
    pub values: Vec<UnmatchedValue>,
    /// Distinct values past those listed.
    pub more_values: u64,
    pub known: Vec<String>,
}

/// One name column's values that match nothing, as written in the file, with their rows.
#[derive(Debug)]
struct Seen {
    column: usize,
    target: Target,
    rows: HashMap<String, u64>,
    /// Values found known already, so each is looked up once (a workspace has few).
    known: HashSet<String>,
    /// Rows holding values past the ones counted one by one.
    more: u64,
}

/// Collects, per name column, the distinct values that match nothing as they are.
#[derive(Debug)]
pub struct UnmatchedTally {
    columns: Vec<Seen>,
}

impl UnmatchedTally {
    pub fn new(mapping: &Mapping, workspace: &Workspace) -> UnmatchedTally {
        let columns = mapping
            .columns
            .iter()
            .enumerate()
            .filter(|(_, t)| t.names_values(&workspace.fields))
            .map(|(column, target)| Seen {
                column,
                target: *target,
                rows: HashMap::new(),
                known: HashSet::new(),
                more: 0,
            })
            .collect();
        UnmatchedTally { columns }
    }

    /// Looks at one row's cells.
    pub fn note(&mut self, cells: &[String], workspace: &Workspace) {
        for Seen {
            column,
            target,
            rows: seen,
            known,
            more,
        } in &mut self.columns
        {
            let raw = unescape_formula(cells.get(*column).map_or("", String::as_str)).trim();
            let multi = matches!(target, Target::Custom(id)
                if workspace.fields.iter().any(|f| f.id == *id && f.kind == FieldKind::MultiSelect));
            let parts: Vec<&str> = match multi {
                true => multi_choices(raw).collect(),
                false => vec![raw],
            };
            for part in parts.into_iter().filter(|p| !p.is_empty()) {
                if let Some(rows) = seen.get_mut(part) {
                    *rows += 1;
                    continue;
                }
                if known.contains(part) {
                    continue;
                }
                if workspace.knows(*target, part) {
                    known.insert(part.to_string());
                } else if seen.len() < VALUES_COUNTED {
                    seen.insert(part.to_string(), 1);
                } else {
                    *more += 1;
                }
            }
        }
    }

    /// The columns with values that match nothing, most frequent values first, each
    /// with a suggestion and the rule that maps it now.
    pub fn finish(
        self,
        mapping: &Mapping,
        headers: &[String],
        workspace: &Workspace,
    ) -> Vec<UnmatchedColumn> {
        self.columns
            .into_iter()
            .filter(|seen| !seen.rows.is_empty())
            .map(
                |Seen {
                     column,
                     target,
                     rows: seen,
                     more,
                     ..
                 }| {
                    let known = workspace.known_values(target);
                    let mut values: Vec<(String, u64)> = seen.into_iter().collect();
                    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                    let more_values = more + values.len().saturating_sub(VALUES_LISTED) as u64;
                    values.truncate(VALUES_LISTED);
                    let values = values
                        .into_iter()
                        .map(|(value, rows)| {
                            let mapped = mapping.translate(target, &value);
                            UnmatchedValue {
                                suggestion: closest(&value, &known).map(str::to_string),
                                mapped_to: (mapped != value).then(|| mapped.to_string()),
                                value,
                                rows,
                            }
                        })
                        .collect();
                    UnmatchedColumn {
                        target: target.key(),
                        header: headers.get(column).cloned().unwrap_or_default(),
                        field: target.label(&workspace.fields).unwrap_or_default(),
                        values,
                        more_values,
                        known,
                    }
                },
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::mapping::DealField;
    use crate::domain::import::row::fixtures::workspace;
    use crate::domain::import::ValueRule;

    #[test]
    fn reasons_are_grouped_with_their_rows() {
        let mut tally = ReasonTally::default();
        for (row, reason) in [(3, "b"), (4, "a"), (5, "b"), (9, "b")] {
            tally.note(row, reason);
        }
        let counts = tally.finish();
        assert_eq!(counts[0].reason, "b");
        assert_eq!(
            (counts[0].rows, counts[0].rows_named()),
            (3, "rows 3, 5 and 9".into())
        );
        assert_eq!(counts[1].rows_named(), "row 4");
        let many = ReasonCount {
            reason: "x".into(),
            rows: 9,
            examples: vec![1, 2, 3, 4, 5],
        };
        assert_eq!(many.rows_named(), "rows 1, 2, 3, 4, 5 and 4 more");
    }

    #[test]
    fn reasons_past_the_kept_ones_are_counted_together() {
        let mut tally = ReasonTally::default();
        for row in 0..(REASONS_KEPT as u64 + 3) {
            tally.note(row, &format!("'{row}' is not a number."));
        }
        let counts = tally.finish();
        assert_eq!(counts.len(), REASONS_KEPT + 1);
        let other = counts.last().unwrap();
        assert_eq!((other.reason.as_str(), other.rows), (OTHER_REASONS, 3));
        assert_eq!(
            counts.iter().map(|c| c.rows).sum::<u64>(),
            REASONS_KEPT as u64 + 3
        );
    }

    #[test]
    fn values_that_match_nothing_are_listed_with_a_suggestion_and_their_rule() {
        let ws = workspace();
        let stage = Target::Field(DealField::Stage);
        let mapping = Mapping {
            columns: vec![Target::Field(DealField::Name), stage],
            values: vec![ValueRule {
                target: stage,
                from: "Signd".into(),
                to: "Signed".into(),
            }],
        };
        let mut tally = UnmatchedTally::new(&mapping, &ws);
        for stage in [
            "Negotation",
            "Prospecting",
            "Negotation",
            "Signd",
            "",
            "Lunch",
        ] {
            tally.note(&["Deal".to_string(), stage.to_string()], &ws);
        }
        let headers = ["Title".to_string(), "Deal - Stage".to_string()];
        let columns = tally.finish(&mapping, &headers, &ws);
        assert_eq!(columns.len(), 1);
        let column = &columns[0];
        assert_eq!(
            (column.target.as_str(), column.header.as_str()),
            ("stage", "Deal - Stage")
        );
        let listed: Vec<(&str, u64, Option<&str>, Option<&str>)> = column
            .values
            .iter()
            .map(|v| {
                (
                    v.value.as_str(),
                    v.rows,
                    v.suggestion.as_deref(),
                    v.mapped_to.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            vec![
                ("Negotation", 2, Some("Negotiation"), None),
                ("Lunch", 1, None, None),
                ("Signd", 1, Some("Signed"), Some("Signed")),
            ]
        );
    }
}
