//! Which records a step can read through merge fields: what the triggers bring, plus the
//! deal a Find Opportunity (on its found path) or a Create Opportunity before it loaded.
use super::catalog::{CustomFieldKeys, Namespace};
use crate::domain::workflow::definition::{Action, Definition, Step, TriggerEvent};
use serde::{Deserialize, Serialize};

/// The namespaces a step can read, and for each one it cannot, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub contact: Availability,
    /// The deal; `pipeline` and `user` (its owner) come with it.
    pub opportunity: Availability,
    pub appointment: Availability,
    pub inbound_webhook: Availability,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Availability {
    Available,
    Unavailable { why: Why },
}

/// Why a namespace is not available at a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    NoTrigger,
    /// Every trigger is an Inbound Webhook that maps no email or phone, so no contact is
    /// matched or created.
    NoContactMapping,
    /// These triggers (their labels) do not bring the record.
    Triggers {
        triggers: Vec<String>,
    },
    /// The step is on the Opportunity Not Found path of this Find Opportunity step.
    NotFoundPath {
        step: String,
    },
    /// Some paths through this If/Else or Find Opportunity step load a deal, others not.
    NotOnEveryPath {
        step: String,
    },
}

impl Scope {
    pub fn availability(&self, namespace: Namespace) -> &Availability {
        match namespace {
            Namespace::Contact => &self.contact,
            Namespace::Opportunity | Namespace::Pipeline | Namespace::User => &self.opportunity,
            Namespace::Appointment => &self.appointment,
            Namespace::InboundWebhook => &self.inbound_webhook,
        }
    }

    pub fn has(&self, namespace: Namespace) -> bool {
        *self.availability(namespace) == Availability::Available
    }

    /// Every merge field a template may use at this step.
    pub fn fields(&self, keys: &CustomFieldKeys) -> Vec<String> {
        Namespace::ALL
            .into_iter()
            .filter(|n| self.has(*n))
            .flat_map(|n| n.fields(keys))
            .collect()
    }

    /// What the triggers bring, before any step.
    fn at_start(definition: &Definition) -> Scope {
        let events: Vec<&TriggerEvent> = definition.triggers.iter().map(|t| &t.event).collect();
        let lacking = |brings: fn(&TriggerEvent) -> bool| {
            let mut triggers: Vec<String> = Vec::new();
            for event in events.iter().filter(|e| !brings(e)) {
                if !triggers.iter().any(|t| t == event.label()) {
                    triggers.push(event.label().to_string());
                }
            }
            match (events.is_empty(), triggers.is_empty()) {
                (true, _) => Availability::Unavailable {
                    why: Why::NoTrigger,
                },
                (false, true) => Availability::Available,
                (false, false) => Availability::Unavailable {
                    why: Why::Triggers { triggers },
                },
            }
        };
        let contact = match (events.is_empty(), events.iter().any(|e| brings_contact(e))) {
            (true, _) => Availability::Unavailable {
                why: Why::NoTrigger,
            },
            (false, true) => Availability::Available,
            (false, false) => Availability::Unavailable {
                why: Why::NoContactMapping,
            },
        };
        Scope {
            contact,
            opportunity: lacking(TriggerEvent::has_opportunity),
            appointment: lacking(|e| matches!(e, TriggerEvent::MeetingCreatedOrModified { .. })),
            inbound_webhook: lacking(|e| matches!(e, TriggerEvent::InboundWebhook { .. })),
        }
    }

    fn with_opportunity(&self, opportunity: Availability) -> Scope {
        Scope {
            opportunity,
            ..self.clone()
        }
    }
}

/// An Inbound Webhook matches or creates a contact only from a mapped email or phone.
fn brings_contact(event: &TriggerEvent) -> bool {
    match event {
        TriggerEvent::InboundWebhook {
            email_path,
            phone_path,
            ..
        } => email_path.is_some() || phone_path.is_some(),
        _ => true,
    }
}

/// What merge fields can read at the step `step_key`, before it runs. A key that is not
/// in the definition gets what the triggers bring.
pub fn scope_at(definition: &Definition, step_key: u32) -> Scope {
    let start = Scope::at_start(definition);
    let mut found = None;
    walk(&definition.steps, start.clone(), &mut |step, scope| {
        if step.key == step_key {
            found = Some(scope.clone());
        }
    });
    found.unwrap_or(start)
}

/// Calls `visit` with every step of the tree, in run order, and the scope before it.
pub(super) fn walk_definition(definition: &Definition, visit: &mut dyn FnMut(&Step, &Scope)) {
    walk(&definition.steps, Scope::at_start(definition), visit);
}

/// `walk_definition` from `scope` on; returns the scope after the last of `steps`.
fn walk(steps: &[Step], mut scope: Scope, visit: &mut dyn FnMut(&Step, &Scope)) -> Scope {
    for step in steps {
        visit(step, &scope);
        scope = match &step.action {
            // Spec 003: the deal either one creates or updates is what merge fields show
            // afterwards.
            Action::CreateOpportunity { .. } | Action::CreateUpdateOpportunity { .. } => {
                scope.with_opportunity(Availability::Available)
            }
            Action::FindOpportunity {
                found, not_found, ..
            } => {
                let not_found_start = match scope.opportunity {
                    Availability::Available => scope.clone(),
                    Availability::Unavailable { .. } => {
                        scope.with_opportunity(Availability::Unavailable {
                            why: Why::NotFoundPath {
                                step: step.name.clone(),
                            },
                        })
                    }
                };
                let paths = [
                    walk(
                        found,
                        scope.with_opportunity(Availability::Available),
                        visit,
                    ),
                    walk(not_found, not_found_start, visit),
                ];
                joined(&scope, step, &paths)
            }
            Action::IfElse { branches, none } => {
                let paths: Vec<Scope> = branches
                    .iter()
                    .map(|branch| branch.steps.as_slice())
                    .chain([none.as_slice()])
                    .map(|path| walk(path, scope.clone(), visit))
                    .collect();
                joined(&scope, step, &paths)
            }
            _ => scope,
        };
    }
    scope
}

/// The scope after a branching step: a deal is there when every path ends with one.
fn joined(before: &Scope, step: &Step, paths: &[Scope]) -> Scope {
    let with_deal = paths
        .iter()
        .filter(|p| p.opportunity == Availability::Available)
        .count();
    if with_deal == paths.len() {
        before.with_opportunity(Availability::Available)
    } else if with_deal > 0 {
        before.with_opportunity(Availability::Unavailable {
            why: Why::NotOnEveryPath {
                step: step.name.clone(),
            },
        })
    } else {
        before.clone()
    }
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
