//! Values of a file that name something the workspace calls otherwise ("Sales" for the
//! pipeline "Sales Pipeline", a misspelt "Negotation"): which columns name things, what
//! the workspace knows for each, and the person's rules that read one as the other.
use super::mapping::{DealField, Mapping, Target};
use super::row::Workspace;
use crate::domain::custom_field::CustomField;
use crate::domain::opportunity::Status;
use serde::{Deserialize, Serialize};

/// The most rules one import keeps: more distinct wrong values than anyone maps by hand.
pub const MAX_VALUE_RULES: usize = 500;
/// The longest value a rule reads or writes.
const MAX_RULE_CHARS: usize = 200;

/// "In this column's field, read `from` as `to`": `to` is a name the workspace knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueRule {
    pub target: Target,
    pub from: String,
    pub to: String,
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Target {
    /// Whether the column's values name something the workspace has: a pipeline, a
    /// stage, a status, an owner or a choice of a select field.
    pub fn names_values(self, fields: &[CustomField]) -> bool {
        match self {
            Target::Field(field) => matches!(
                field,
                DealField::Pipeline | DealField::Stage | DealField::Status | DealField::Owner
            ),
            Target::Custom(id) => fields.iter().any(|f| f.id == id && f.kind.has_options()),
            _ => false,
        }
    }
}

impl Mapping {
    /// The value to read for `raw` in the column of `target`: the rule's, else `raw`.
    pub fn translate<'a>(&'a self, target: Target, raw: &'a str) -> &'a str {
        self.values
            .iter()
            .find(|rule| rule.target == target && same(&rule.from, raw))
            .map_or(raw, |rule| rule.to.as_str())
    }

    /// Why the value rules cannot be used; `Ok` when they can.
    pub fn check_values(&self, workspace: &Workspace) -> Result<(), String> {
        if self.values.len() > MAX_VALUE_RULES {
            return Err(format!(
                "Map at most {MAX_VALUE_RULES} values; leave the others to fail and fix them in the file."
            ));
        }
        for rule in &self.values {
            let long = |t: &str| t.chars().count() > MAX_RULE_CHARS;
            if !rule.target.names_values(&workspace.fields) || long(&rule.from) || long(&rule.to) {
                return Err("A value is mapped to something that cannot hold it. Review again and map the values from the list.".into());
            }
            if !workspace.knows(rule.target, &rule.to) {
                return Err(format!(
                    "\u{201c}{}\u{201d} is mapped to \u{201c}{}\u{201d}, which no longer exists. Review again and choose another.",
                    rule.from, rule.to
                ));
            }
        }
        Ok(())
    }
}

impl Workspace {
    /// What a value of `target`'s column may be, as the review offers it.
    pub fn known_values(&self, target: Target) -> Vec<String> {
        let mut known: Vec<String> = match target {
            Target::Field(DealField::Pipeline) => {
                self.pipelines.iter().map(|p| p.name.clone()).collect()
            }
            Target::Field(DealField::Stage) => self
                .pipelines
                .iter()
                .flat_map(|p| p.stages.iter().map(|s| s.name.clone()))
                .collect(),
            Target::Field(DealField::Status) => {
                Status::ALL.iter().map(|s| s.label().to_string()).collect()
            }
            Target::Field(DealField::Owner) => self
                .users
                .iter()
                .filter(|u| u.active)
                .map(|u| {
                    let shared = self.users.iter().filter(|o| same(&o.name, &u.name)).count();
                    if shared > 1 {
                        u.email.clone()
                    } else {
                        u.name.clone()
                    }
                })
                .collect(),
            Target::Custom(id) => self
                .fields
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.options.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut seen: Vec<String> = Vec::with_capacity(known.len());
        known.retain(|name| {
            let fresh = !seen.iter().any(|s| same(s, name));
            if fresh {
                seen.push(name.clone());
            }
            fresh
        });
        known
    }

    /// Whether `raw` names something in `target`'s column as it is. A multi select's
    /// cell is judged by each of its choices, so `raw` is one choice.
    pub fn knows(&self, target: Target, raw: &str) -> bool {
        match target {
            Target::Field(DealField::Owner) => self.owner(raw).is_ok(),
            Target::Field(DealField::Status) => super::row::parse_status(raw).is_ok(),
            _ => self.known_values(target).iter().any(|k| same(k, raw)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_field::CustomFieldId;
    use crate::domain::import::row::fixtures::workspace;

    #[test]
    fn columns_that_name_things_know_their_values() {
        let ws = workspace();
        let stage = Target::Field(DealField::Stage);
        let cases = [
            (Target::Field(DealField::Pipeline), "sales", true),
            (Target::Field(DealField::Pipeline), "Sales Pipeline", false),
            (stage, "negotiation", true),
            (stage, "Negotation", false),
            (Target::Field(DealField::Status), "closed won", true),
            (Target::Field(DealField::Status), "Deleted", false),
            (Target::Field(DealField::Owner), "Dana Scully", true),
            (Target::Field(DealField::Owner), "Fox Mulder", false),
            (Target::Field(DealField::Owner), "sam2@example.com", true),
        ];
        for (target, raw, known) in cases {
            assert_eq!(ws.knows(target, raw), known, "{raw}");
        }
        assert_eq!(
            ws.known_values(stage),
            [
                "Prospecting",
                "Negotiation",
                "Closed Won",
                "Closed Lost",
                "Signed"
            ]
        );
        assert_eq!(
            ws.known_values(Target::Field(DealField::Owner)),
            ["Dana Scully", "sam1@example.com", "sam2@example.com"],
            "a name two users share is offered as their emails"
        );
        assert!(!Target::Custom(CustomFieldId(5)).names_values(&ws.fields));
        assert!(!Target::Field(DealField::Name).names_values(&ws.fields));
    }

    #[test]
    fn rules_read_a_value_as_another_and_are_checked() {
        let ws = workspace();
        let stage = Target::Field(DealField::Stage);
        let rule = |target, from: &str, to: &str| ValueRule {
            target,
            from: from.into(),
            to: to.into(),
        };
        let mapping = Mapping {
            columns: vec![stage],
            values: vec![rule(stage, "Negotation", "Negotiation")],
        };
        assert_eq!(mapping.translate(stage, " negotation "), "Negotiation");
        assert_eq!(mapping.translate(stage, "Signed"), "Signed");
        assert_eq!(
            mapping.translate(Target::Field(DealField::Pipeline), "Negotation"),
            "Negotation"
        );
        assert!(mapping.check_values(&ws).is_ok());
        let gone = Mapping {
            values: vec![rule(stage, "Negotation", "Won over")],
            ..mapping.clone()
        };
        assert!(gone
            .check_values(&ws)
            .unwrap_err()
            .contains("no longer exists"));
        let wrong = Mapping {
            values: vec![rule(Target::Field(DealField::Name), "a", "b")],
            ..mapping
        };
        assert!(wrong.check_values(&ws).is_err());
    }
}
