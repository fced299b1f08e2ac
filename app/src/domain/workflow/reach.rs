//! What the flow of a workflow lets each step do, checked before publishing: a step that
//! needs the opportunity in context where none can be, an If/Else branch no record can
//! take because its condition contradicts every trigger's filter (both stop
//! publishing), and two warnings that do not: a workflow that changes what its own
//! trigger listens to with `Allow re-entry` on (the loop guard is what stops a chain),
//! and a move to an earlier stage than the trigger's while backward moves are off.
use super::definition::{Action, Condition, Definition, Operator, Step, Trigger, TriggerEvent};
use super::definition::{ManualRecords, OpportunityFields};
use super::plan::Workspace;
use super::validate::Problem;

/// The actions that act on the deal in context (`RunContext::opportunity`) and are
/// skipped without one. Create Opportunity's deal is never that deal (spec 003).
fn needs_deal(action: &Action) -> bool {
    matches!(
        action,
        Action::UpdateOpportunity { .. }
            | Action::AddOwner { .. }
            | Action::RemoveOwner
            | Action::AddFollowers { .. }
            | Action::RemoveFollowers { .. }
    )
}

/// Whether a run started by `event` can have a deal in context from its first step.
fn may_bring_deal(event: &TriggerEvent) -> bool {
    event.has_opportunity()
        || matches!(
            event,
            TriggerEvent::Manual {
                records: ManualRecords::Any
            }
        )
}

/// Why no deal can be in context at a point of the flow.
#[derive(Clone)]
enum NoDeal {
    Triggers,
    NotFound(String),
}

/// What the walk knows before a step: whether a deal can be in context, and whether
/// every step before it on its path leaves the records as the trigger saw them.
#[derive(Clone)]
struct Point {
    no_deal: Option<NoDeal>,
    untouched: bool,
}

/// Steps after which the records may differ from what the trigger's filters saw.
fn touches(action: &Action) -> bool {
    !matches!(
        action,
        Action::IfElse { .. }
            | Action::AddNote { .. }
            | Action::CreateTask { .. }
            | Action::LogCall { .. }
            | Action::SendWebhook { .. }
    )
}

fn walk(steps: &[Step], mut at: Point, triggers: &[Trigger], problems: &mut Vec<Problem>) -> Point {
    for step in steps {
        if needs_deal(&step.action) {
            if let Some(why) = &at.no_deal {
                let message = match why {
                    NoDeal::Triggers => "there can be no opportunity in context here: no trigger brings one and no Find Opportunity comes before this step, so every run would skip it. Start the workflow with an opportunity trigger, or add a Find Opportunity step before it (Create Opportunity's deal is not the one later steps act on).".to_string(),
                    NoDeal::NotFound(find) => format!("it is on the Opportunity Not Found lane of \u{201c}{find}\u{201d}, where there is no opportunity, so every run would skip it. Move it to the Opportunity Found lane, or add a Find Opportunity step before it."),
                };
                problems.push(Problem::for_step(step, "type", message));
            }
        }
        at = match &step.action {
            Action::FindOpportunity {
                found, not_found, ..
            } => {
                let inner = Point {
                    no_deal: None,
                    untouched: false,
                };
                walk(found, inner.clone(), triggers, problems);
                let missing = Point {
                    no_deal: Some(NoDeal::NotFound(step.name.clone())),
                    untouched: false,
                };
                walk(not_found, missing, triggers, problems);
                inner
            }
            Action::IfElse { branches, none } => {
                let mut after = Vec::new();
                for branch in branches {
                    if at.untouched {
                        if let Some(condition) = branch
                            .conditions
                            .iter()
                            .find(|c| contradicts_every_trigger(c, triggers))
                        {
                            problems.push(Problem::for_step(
                                step,
                                "branches",
                                format!(
                                    "the branch \u{201c}{}\u{201d} can never be taken: its condition on {} contradicts the filter of every trigger, and nothing before it changes the record. Change the condition or the trigger's filter, or remove the branch.",
                                    branch.name, condition.field
                                ),
                            ));
                        }
                    }
                    after.push(walk(&branch.steps, at.clone(), triggers, problems));
                }
                after.push(walk(none, at.clone(), triggers, problems));
                Point {
                    // A deal can be in context after it when one can on any path.
                    no_deal: if after.iter().any(|p| p.no_deal.is_none()) {
                        None
                    } else {
                        at.no_deal.clone()
                    },
                    untouched: at.untouched && after.iter().all(|p| p.untouched),
                }
            }
            other => Point {
                no_deal: at.no_deal.clone(),
                untouched: at.untouched && !touches(other),
            },
        };
    }
    at
}

/// `condition` cannot hold for any record a trigger lets in: every trigger has a filter
/// on the same field that says otherwise (is A / is B, is A / is not A).
fn contradicts_every_trigger(condition: &Condition, triggers: &[Trigger]) -> bool {
    !triggers.is_empty()
        && triggers.iter().all(|t| {
            t.filters
                .iter()
                .any(|f| f.field == condition.field && contradict(f, condition))
        })
}

fn same_value(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        _ => a == b,
    }
}

fn contradict(filter: &Condition, condition: &Condition) -> bool {
    match (filter.operator, condition.operator) {
        (Operator::Is, Operator::Is) => !same_value(&filter.value, &condition.value),
        (Operator::Is, Operator::IsNot) | (Operator::IsNot, Operator::Is) => {
            same_value(&filter.value, &condition.value)
        }
        _ => false,
    }
}

/// What stops publishing in the flow itself (see the module's words).
pub fn flow_problems(definition: &Definition) -> Vec<Problem> {
    let mut problems = Vec::new();
    if definition.triggers.is_empty() {
        return problems;
    }
    let start = Point {
        no_deal: (!definition.triggers.iter().any(|t| may_bring_deal(&t.event)))
            .then_some(NoDeal::Triggers),
        untouched: true,
    };
    walk(
        &definition.steps,
        start,
        &definition.triggers,
        &mut problems,
    );
    problems
}

/// What a step of Update Opportunity changes that a trigger may listen to.
fn changes_listened(fields: &OpportunityFields, event: &TriggerEvent) -> Option<&'static str> {
    match event {
        TriggerEvent::PipelineStageChanged { .. }
            if fields.stage.is_some() || fields.pipeline.is_some() =>
        {
            Some("stage")
        }
        TriggerEvent::OpportunityStatusChanged { .. } if fields.status.is_some() => Some("status"),
        TriggerEvent::OpportunityChanged { .. }
            if fields.stage.is_some()
                || fields.pipeline.is_some()
                || fields.status.is_some()
                || fields.name.is_some()
                || fields.value.is_some()
                || fields.source.is_some() =>
        {
            Some("fields")
        }
        _ => None,
    }
}

/// Warnings shown before publishing that do not stop it.
pub fn flow_warnings(
    definition: &Definition,
    workspace: &Workspace,
    hourly_limit: u32,
) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for step in definition.all_steps() {
        let Action::UpdateOpportunity {
            allow_backward,
            fields,
            ..
        } = &step.action
        else {
            continue;
        };
        if definition.settings.allow_reentry {
            if let Some((trigger, what)) = definition
                .triggers
                .iter()
                .find_map(|t| changes_listened(fields, &t.event).map(|w| (t, w)))
            {
                warnings.push(Problem::for_step(
                    step,
                    "fields",
                    format!(
                        "it changes the {what} that this workflow's \u{201c}{}\u{201d} trigger listens to, and Allow re-entry is on. A run's own changes never start this workflow again, but a chain through other workflows can; the loop guard stops a record after {hourly_limit} entries an hour (workspace Settings).",
                        trigger.event.label()
                    ),
                ));
            }
        }
        if !*allow_backward {
            if let Some(message) = backward_move(definition, fields, workspace) {
                warnings.push(Problem::for_step(step, "stage", message));
            }
        }
    }
    warnings
}

/// The sentence for a move to a stage before the one every trigger saw the deal enter.
fn backward_move(
    definition: &Definition,
    fields: &OpportunityFields,
    workspace: &Workspace,
) -> Option<String> {
    let target = fields.stage?;
    let (pipeline, to) = workspace.stage(target)?;
    let entered: Vec<_> = definition
        .triggers
        .iter()
        .map(|t| match &t.event {
            TriggerEvent::PipelineStageChanged {
                to_stage: Some(s), ..
            } => Some(*s),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let position = |id| pipeline.stages.iter().position(|s| s.id == id);
    let to_at = position(to.id)?;
    let from = entered.iter().find_map(|s| {
        let at = position(*s)?;
        (at > to_at).then(|| pipeline.stages[at].name.clone())
    })?;
    Some(format!(
        "it moves the deal back from {from} to {}, but Allow Opportunity to Move to Any Previous Stage is off, so the deal would stay in {from}. Turn it on in the step if the deal should move back.",
        to.name
    ))
}

#[cfg(test)]
#[path = "reach_tests.rs"]
mod tests;
