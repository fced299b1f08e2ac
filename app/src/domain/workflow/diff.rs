//! What changed between two versions of a workflow, in sentences for the Versions tab:
//! steps added, removed and changed (by their keys, which never change), triggers,
//! Allow re-entry and the description.
use super::definition::{Action, Definition, Step};
use super::describe::{trigger_in_words, Names};
use std::collections::HashMap;

/// A step's own configuration, without the steps nested in its lanes, whose changes are
/// their own.
fn own(step: &Step) -> Step {
    let mut step = step.clone();
    match &mut step.action {
        Action::FindOpportunity {
            found, not_found, ..
        } => {
            found.clear();
            not_found.clear();
        }
        Action::IfElse { branches, none } => {
            for branch in branches {
                branch.steps.clear();
            }
            none.clear();
        }
        _ => {}
    }
    step
}

/// Sentences saying how `after` differs from `before`, in the order of `after`'s steps
/// (removed ones last). Empty when they are the same.
pub fn version_changes(before: &Definition, after: &Definition, names: &Names<'_>) -> Vec<String> {
    let mut said = Vec::new();
    let old: HashMap<u32, &Step> = before.all_steps().into_iter().map(|s| (s.key, s)).collect();
    let new: HashMap<u32, &Step> = after.all_steps().into_iter().map(|s| (s.key, s)).collect();
    if before.triggers != after.triggers {
        let words: Vec<String> = after
            .triggers
            .iter()
            .map(|t| trigger_in_words(t, names.pipelines))
            .collect();
        said.push(match words.is_empty() {
            true => "Triggers removed".to_string(),
            false => format!("Triggers now: {}", words.join("; ")),
        });
    }
    for step in after.all_steps() {
        match old.get(&step.key) {
            None => said.push(format!(
                "Added \u{201c}{}\u{201d} ({})",
                step.name,
                step.action.label()
            )),
            Some(was) if own(was) != own(step) => {
                if was.name != step.name && own(was).action == own(step).action {
                    said.push(format!(
                        "Renamed \u{201c}{}\u{201d} to \u{201c}{}\u{201d}",
                        was.name, step.name
                    ));
                } else {
                    said.push(format!(
                        "Changed \u{201c}{}\u{201d} ({})",
                        step.name,
                        step.action.label()
                    ));
                }
            }
            Some(_) => {}
        }
    }
    let order = |d: &Definition| {
        d.all_steps()
            .iter()
            .map(|s| s.key)
            .filter(|k| old.contains_key(k) && new.contains_key(k))
            .collect::<Vec<_>>()
    };
    if order(before) != order(after) {
        said.push("Steps reordered".into());
    }
    for step in before.all_steps() {
        if !new.contains_key(&step.key) {
            said.push(format!(
                "Removed \u{201c}{}\u{201d} ({})",
                step.name,
                step.action.label()
            ));
        }
    }
    if before.settings.allow_reentry != after.settings.allow_reentry {
        said.push(match after.settings.allow_reentry {
            true => "Allow re-entry turned on".into(),
            false => "Allow re-entry turned off".into(),
        });
    }
    if before.name != after.name {
        said.push(format!("Renamed to \u{201c}{}\u{201d}", after.name));
    }
    if before.description != after.description {
        said.push("Description changed".into());
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::definition::{Settings, Trigger, TriggerEvent};

    fn note(key: u32, name: &str, body: &str) -> Step {
        Step {
            key,
            name: name.into(),
            action: Action::AddNote { body: body.into() },
        }
    }

    fn flow(steps: Vec<Step>) -> Definition {
        Definition {
            name: "Follow up".into(),
            description: String::new(),
            triggers: vec![Trigger {
                event: TriggerEvent::OpportunityCreated,
                filters: Vec::new(),
            }],
            steps,
            settings: Settings::default(),
        }
    }

    fn names() -> Names<'static> {
        Names {
            pipelines: &[],
            users: &[],
        }
    }

    #[test]
    fn the_same_version_has_no_changes() {
        let v = flow(vec![note(1, "Note", "hi")]);
        assert!(version_changes(&v, &v, &names()).is_empty());
    }

    #[test]
    fn steps_added_removed_changed_and_renamed_are_told_apart() {
        let before = flow(vec![
            note(1, "Note", "hi"),
            note(2, "Old", "x"),
            note(3, "Ask", "?"),
        ]);
        let mut after = flow(vec![
            note(1, "Note", "hello"),
            note(3, "Question", "?"),
            note(4, "New", "y"),
        ]);
        after.settings.allow_reentry = true;
        assert_eq!(
            version_changes(&before, &after, &names()),
            [
                "Changed \u{201c}Note\u{201d} (Add Note)",
                "Renamed \u{201c}Ask\u{201d} to \u{201c}Question\u{201d}",
                "Added \u{201c}New\u{201d} (Add Note)",
                "Removed \u{201c}Old\u{201d} (Add Note)",
                "Allow re-entry turned on",
            ]
        );
    }

    #[test]
    fn a_change_inside_a_lane_is_the_nested_step_s_not_its_parent_s() {
        let find = |inner: Step| Step {
            key: 1,
            name: "Find".into(),
            action: Action::FindOpportunity {
                pick: crate::domain::workflow::definition::Pick::Earliest,
                filters: Vec::new(),
                found: vec![inner],
                not_found: Vec::new(),
            },
        };
        let before = flow(vec![find(note(2, "Inner", "a"))]);
        let after = flow(vec![find(note(2, "Inner", "b"))]);
        assert_eq!(
            version_changes(&before, &after, &names()),
            ["Changed \u{201c}Inner\u{201d} (Add Note)"]
        );
    }
}
