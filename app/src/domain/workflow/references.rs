//! What a workflow definition names in the workspace (pipelines, stages, users, custom
//! fields), found in one walk: the checks on import and publish, and the "Used by"
//! warning before something is removed, read the same list.
use super::definition::{Action, Assignee, Condition, Definition, Step, TriggerEvent, WaitUntil};
use super::merge::{fields_read, split_field, template_fields, Namespace};
use crate::domain::account::UserId;
use crate::domain::custom_field::FieldEntity;
use crate::domain::pipeline::{PipelineId, StageId};
use serde_json::Value;

/// Something in the workspace a definition can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    Pipeline(PipelineId),
    Stage(StageId),
    User(UserId),
    CustomField { entity: FieldEntity, key: String },
}

/// How a definition names a reference, which decides what is wrong when it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A trigger's or step's setting: the pipeline a deal goes to, a custom field it sets.
    Setting,
    /// A user the step gives work (owner, follower, task): a deactivated one cannot take it.
    Assignment,
    /// A condition's field or value (trigger filter, If/Else branch, Find Opportunity).
    Condition,
    /// A merge field in a template (`{{opportunity.budget}}`).
    MergeField,
}

/// One place a definition names a reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention<'a> {
    /// The step that names it; `None` for a trigger.
    pub step: Option<&'a Step>,
    /// The field as the definition's JSON names it (`to_stage`, `fields.stage`, `filters`).
    pub field: String,
    pub reference: Reference,
    pub place: Place,
}

/// Whether `definition` names `reference` anywhere.
pub fn uses(definition: &Definition, reference: &Reference) -> bool {
    mentions(definition)
        .iter()
        .any(|m| m.reference == *reference)
}

/// Every place `definition` names a pipeline, stage, user or custom field: triggers
/// first, then the steps in the order a run meets them.
pub fn mentions(definition: &Definition) -> Vec<Mention<'_>> {
    let mut found = Found(Vec::new());
    for trigger in &definition.triggers {
        match &trigger.event {
            TriggerEvent::PipelineStageChanged {
                pipeline,
                from_stage,
                to_stage,
            } => {
                found.setting(None, "pipeline", pipeline.map(Reference::Pipeline));
                found.setting(None, "from_stage", from_stage.map(Reference::Stage));
                found.setting(None, "to_stage", to_stage.map(Reference::Stage));
            }
            TriggerEvent::OpportunityChanged { fields } => {
                found.changed_fields(FieldEntity::Opportunity, fields)
            }
            TriggerEvent::ContactChanged { fields } => {
                found.changed_fields(FieldEntity::Contact, fields)
            }
            _ => {}
        }
        found.conditions(None, "filters", &trigger.filters);
    }
    for step in definition.all_steps() {
        found.step(step);
    }
    found.0
}

struct Found<'a>(Vec<Mention<'a>>);

impl<'a> Found<'a> {
    fn add(&mut self, step: Option<&'a Step>, field: &str, reference: Reference, place: Place) {
        self.0.push(Mention {
            step,
            field: field.to_string(),
            reference,
            place,
        });
    }

    fn setting(&mut self, step: Option<&'a Step>, field: &str, reference: Option<Reference>) {
        if let Some(reference) = reference {
            self.add(step, field, reference, Place::Setting);
        }
    }

    fn assigned(&mut self, step: &'a Step, field: &str, users: &[UserId]) {
        for user in users {
            self.add(Some(step), field, Reference::User(*user), Place::Assignment);
        }
    }

    fn step(&mut self, step: &'a Step) {
        let at = Some(step);
        match &step.action {
            Action::CreateUpdateOpportunity {
                pipeline, stage, ..
            } => {
                self.setting(at, "pipeline", Some(Reference::Pipeline(*pipeline)));
                self.setting(at, "stage", Some(Reference::Stage(*stage)));
            }
            Action::CreateOpportunity {
                pipeline,
                stage,
                custom_fields,
                ..
            } => {
                self.setting(at, "pipeline", Some(Reference::Pipeline(*pipeline)));
                self.setting(at, "stage", stage.map(Reference::Stage));
                for key in custom_fields.keys() {
                    let field = custom(FieldEntity::Opportunity, key);
                    self.setting(at, "custom_fields", Some(field));
                }
            }
            Action::UpdateOpportunity { fields, .. } => {
                self.setting(
                    at,
                    "fields.pipeline",
                    fields.pipeline.map(Reference::Pipeline),
                );
                self.setting(at, "fields.stage", fields.stage.map(Reference::Stage));
            }
            Action::RemoveOpportunity { pipeline } => {
                self.setting(at, "pipeline", Some(Reference::Pipeline(*pipeline)))
            }
            Action::AddOwner { user, .. } => self.assigned(step, "user", &[*user]),
            Action::AddFollowers { users } => self.assigned(step, "users", users),
            // Removing a follower gives them nothing to do, so a deactivated one is fine.
            Action::RemoveFollowers { users } => {
                for user in users {
                    self.setting(at, "users", Some(Reference::User(*user)));
                }
            }
            Action::CreateTask {
                assignee: Assignee::User(user),
                ..
            } => self.assigned(step, "assignee", &[*user]),
            Action::FindOpportunity { filters, .. } => self.conditions(at, "filters", filters),
            Action::IfElse { branches, .. } => {
                for branch in branches {
                    self.conditions(at, "branches", &branch.conditions);
                }
            }
            Action::Wait {
                until: WaitUntil::DateField { field, .. },
            } => {
                if let Some((entity, rest)) = record_field(field) {
                    self.setting(at, "until", custom_in(entity, rest, standard_facts(entity)));
                }
            }
            _ => {}
        }
        for (field, template) in template_fields(&step.action) {
            for read in fields_read(template) {
                let Some((namespace, Some(rest))) = split_field(&read) else {
                    continue;
                };
                let entity = match namespace {
                    Namespace::Opportunity => FieldEntity::Opportunity,
                    Namespace::Contact => FieldEntity::Contact,
                    _ => continue,
                };
                if let Some(reference) = custom_in(entity, rest, namespace.standard_fields()) {
                    self.add(at, &field, reference, Place::MergeField);
                }
            }
        }
    }

    /// A condition names a stage, pipeline or user by its id as the value, and a custom
    /// field by its key as the field.
    fn conditions(&mut self, step: Option<&'a Step>, field: &str, conditions: &[Condition]) {
        for condition in conditions {
            let Some((entity, rest)) = record_field(&condition.field) else {
                continue;
            };
            let by_id: Option<fn(i64) -> Reference> = match (entity, rest) {
                (FieldEntity::Opportunity, "stage") => Some(|id| Reference::Stage(StageId(id))),
                (FieldEntity::Opportunity, "pipeline") => {
                    Some(|id| Reference::Pipeline(PipelineId(id)))
                }
                (_, "owner") | (FieldEntity::Opportunity, "followers") => {
                    Some(|id| Reference::User(UserId(id)))
                }
                _ => None,
            };
            let references = match by_id {
                Some(reference) => ids(&condition.value).into_iter().map(reference).collect(),
                None => Vec::from_iter(custom_in(entity, rest, standard_facts(entity))),
            };
            for reference in references {
                self.add(step, field, reference, Place::Condition);
            }
        }
    }

    /// Opportunity Changed and Contact Changed name custom fields by key (`budget`, or
    /// `custom:budget` as the change log writes it).
    fn changed_fields(&mut self, entity: FieldEntity, fields: &'a [String]) {
        for name in fields {
            let reference = match name.strip_prefix("custom:") {
                Some(key) => Some(custom(entity, key)),
                None => custom_in(entity, name, standard_facts(entity)),
            };
            self.setting(None, "fields", reference);
        }
    }
}

fn custom(entity: FieldEntity, key: &str) -> Reference {
    Reference::CustomField {
        entity,
        key: key.to_string(),
    }
}

/// `opportunity.budget` -> (Opportunity, `budget`); other records name no custom fields.
fn record_field(path: &str) -> Option<(FieldEntity, &str)> {
    let (record, rest) = path.split_once('.')?;
    Some((FieldEntity::from_key(record)?, rest))
}

/// The custom field a path below a record names (`budget`, `custom.budget`), unless it is
/// one of the record's own fields (`standard`), which win over a custom field of that key.
fn custom_in(entity: FieldEntity, rest: &str, standard: &[&str]) -> Option<Reference> {
    if let Some(key) = rest.strip_prefix("custom.") {
        return Some(custom(entity, key.split('.').next().unwrap_or(key)));
    }
    let key = rest.split('.').next().unwrap_or(rest);
    (!key.is_empty() && !standard.contains(&key)).then(|| custom(entity, key))
}

/// The fields conditions read on a deal (`plan::deal_facts`) and a contact
/// (`store::workflows::snapshot::contact_facts`), with the names the change log gives
/// them (`expected_close`); any other field is a custom one.
fn standard_facts(entity: FieldEntity) -> &'static [&'static str] {
    match entity {
        FieldEntity::Opportunity => &[
            "id",
            "name",
            "value",
            "lead_value",
            "pipeline",
            "stage",
            "status",
            "source",
            "owner",
            "followers",
            "expected_close_date",
            "expected_close",
            "external_id",
            "custom",
        ],
        FieldEntity::Contact => &[
            "id",
            "name",
            "first_name",
            "last_name",
            "email",
            "phone",
            "source",
            "tags",
            "owner",
            "custom",
        ],
    }
}

/// Ids as a condition's value holds them: a number, a number as text, or a list of them.
fn ids(value: &Value) -> Vec<i64> {
    match value {
        Value::Number(n) => Vec::from_iter(n.as_i64()),
        Value::String(s) => Vec::from_iter(s.trim().parse().ok()),
        Value::Array(items) => items.iter().flat_map(ids).collect(),
        _ => Vec::new(),
    }
}

/// What the confirmation says before removing something published workflows name:
/// "Used by 2 published workflows: Assign closers, Web leads."; `None` when none do.
pub fn used_by(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(format!("Used by 1 published workflow: {one}.")),
        many => Some(format!(
            "Used by {} published workflows: {}.",
            many.len(),
            many.join(", ")
        )),
    }
}

/// The sentence after `used_by`: what happens if the removal goes ahead.
pub const USED_BY_CONSEQUENCE: &str =
    "Their steps that name it will fail with a reason until you change them.";

#[cfg(test)]
#[path = "references_tests.rs"]
mod tests;
