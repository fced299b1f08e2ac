//! The checks when a step is saved: every template reads, and names only merge fields
//! that exist and that the step can reach.
use super::catalog::{split_field, CustomFieldKeys};
use super::problem::{MergeProblem, StepProblem};
use super::render::{engine, is_unknown, problem};
use super::scope::{walk_definition, Availability, Scope};
use crate::domain::workflow::definition::{Action, Definition, OpportunityFields};
use serde_json::{Map, Value};

/// Whether `template` can be saved on a step whose merge fields can read `scope`.
pub fn check_template(
    template: &str,
    scope: &Scope,
    keys: &CustomFieldKeys,
) -> Result<(), MergeProblem> {
    let compiled = engine().template_from_str(template).map_err(problem)?;
    let fields = fields_in_order(template, compiled.undeclared_variables(true));
    let valid = || scope.fields(keys);
    for field in &fields {
        let Some((namespace, _)) = split_field(field).filter(|(n, rest)| n.has_field(*rest, keys))
        else {
            return Err(MergeProblem::UnknownField {
                field: field.clone(),
                valid: valid(),
            });
        };
        if let Availability::Unavailable { why } = scope.availability(namespace) {
            return Err(MergeProblem::Unavailable {
                field: field.clone(),
                namespace,
                why: why.clone(),
                valid: valid(),
            });
        }
    }
    // Filters and functions are looked up as the template runs: run it once with every
    // field missing and once with every field filled, so both sides of an `if` are read.
    for values in [Value::Object(Map::new()), placeholders(&fields)] {
        if let Err(error) = compiled.render(minijinja::Value::from_serialize(&values)) {
            if is_unknown(error.kind()) {
                return Err(problem(error));
            }
        }
    }
    Ok(())
}

/// The merge fields `template` reads (`opportunity.budget`), in the order they first
/// appear; none when it does not read as a template (`check_template` says why).
pub fn fields_read(template: &str) -> Vec<String> {
    engine()
        .template_from_str(template)
        .map(|compiled| fields_in_order(template, compiled.undeclared_variables(true)))
        .unwrap_or_default()
}

/// The fields a template reads, in the order they first appear in it, without the
/// environment's own functions (`range`, `dict`).
fn fields_in_order(template: &str, fields: std::collections::HashSet<String>) -> Vec<String> {
    let globals: Vec<&str> = engine().globals().map(|(name, _)| name).collect();
    let mut fields: Vec<String> = fields
        .into_iter()
        .filter(|f| !globals.contains(&f.split('.').next().unwrap_or(f)))
        .collect();
    fields.sort_by_key(|f| (template.find(f.as_str()).unwrap_or(usize::MAX), f.clone()));
    fields
}

/// An object in which every field read has a non-empty value.
fn placeholders(fields: &[String]) -> Value {
    fn insert(node: &mut Map<String, Value>, path: &[&str]) {
        match path {
            [] => {}
            [leaf] => {
                node.entry(*leaf).or_insert_with(|| Value::from("x"));
            }
            [head, rest @ ..] => {
                let child = node
                    .entry(*head)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(map) = child {
                    insert(map, rest);
                } else {
                    let mut map = Map::new();
                    insert(&mut map, rest);
                    *child = Value::Object(map);
                }
            }
        }
    }
    let mut root = Map::new();
    for field in fields {
        insert(&mut root, &field.split('.').collect::<Vec<_>>());
    }
    Value::Object(root)
}

/// Every template field of an action that is filled in, named as the definition's JSON
/// names it.
pub fn template_fields(action: &Action) -> Vec<(String, &str)> {
    let fields: Vec<(String, Option<&String>)> = match action {
        Action::CreateUpdateOpportunity {
            name,
            source,
            lead_value,
            ..
        } => vec![
            ("opportunity_name".into(), Some(name)),
            ("source".into(), Some(source)),
            ("lead_value".into(), lead_value.as_ref()),
        ],
        Action::CreateOpportunity {
            name,
            source,
            value,
            custom_fields,
            ..
        } => [
            ("opportunity_name".into(), name.as_ref()),
            ("source".into(), source.as_ref()),
            ("value".into(), value.as_ref()),
        ]
        .into_iter()
        .chain(
            custom_fields
                .iter()
                .map(|(key, template)| (format!("custom_fields.{key}"), Some(template))),
        )
        .collect(),
        Action::UpdateOpportunity {
            fields:
                OpportunityFields {
                    source,
                    value,
                    name,
                    ..
                },
            ..
        } => vec![
            ("fields.source".into(), source.as_ref()),
            ("fields.value".into(), value.as_ref()),
            ("fields.name".into(), name.as_ref()),
        ],
        Action::CreateTask {
            title, description, ..
        } => vec![
            ("title".into(), Some(title)),
            ("description".into(), Some(description)),
        ],
        Action::AddNote { body } => vec![("body".into(), Some(body))],
        Action::LogCall { notes, .. } => vec![("notes".into(), Some(notes))],
        Action::SendWebhook { url, body, .. } => {
            vec![("url".into(), Some(url)), ("body".into(), body.as_ref())]
        }
        Action::AddContactTag { tag } | Action::RemoveContactTag { tag } => {
            vec![("tag".into(), Some(tag))]
        }
        Action::RemoveOpportunity { .. }
        | Action::AddOwner { .. }
        | Action::RemoveOwner
        | Action::AddFollowers { .. }
        | Action::RemoveFollowers { .. }
        | Action::FindOpportunity { .. }
        | Action::IfElse { .. }
        | Action::Wait { .. } => Vec::new(),
    };
    fields
        .into_iter()
        .filter_map(|(name, template)| template.map(|t| (name, t.as_str())))
        .collect()
}

/// Every problem in every template of every step, each with the scope at its step.
pub fn check_definition(definition: &Definition, keys: &CustomFieldKeys) -> Vec<StepProblem> {
    let mut problems = Vec::new();
    walk_definition(definition, &mut |step, scope| {
        for (field, template) in template_fields(&step.action) {
            if let Err(problem) = check_template(template, scope, keys) {
                problems.push(StepProblem {
                    step: step.key,
                    step_name: step.name.clone(),
                    field,
                    problem,
                });
            }
        }
    });
    problems
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
