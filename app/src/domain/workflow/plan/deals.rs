//! The opportunity actions of spec 003 that create or change a deal's fields (Create/Update,
//! Create, Update), each exactly as its "Notes and limits" say. Removing, owners and
//! followers are in `assign.rs`, Find Opportunity in `find.rs`.
use super::{Applied, Effect, NewDeal, Plan, Situation, NO_CONTACT, NO_DEAL};
use crate::domain::board::Pipeline;
use crate::domain::money::parse_amount;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId, StageKind};
use crate::domain::workflow::context::{DealSnapshot, RunContext};
use crate::domain::workflow::definition::{Action, OpportunityFields};
use serde_json::{json, Value};

/// Renders a template field; a field that cannot be rendered fails the step.
fn render(s: &Situation<'_>, what: &str, template: &str) -> Result<String, String> {
    (s.render)(template).map_err(|e| format!("The {what} could not be filled in: {e}"))
}

fn amount(s: &Situation<'_>, what: &str, template: &str) -> Result<i64, String> {
    let text = render(s, what, template)?;
    parse_amount(&text, s.workspace.currency_digits)
        .map_err(|e| format!("The {what} \u{201c}{text}\u{201d} is not an amount: {e}"))
}

pub(super) fn pipeline_of<'a>(
    s: &'a Situation<'_>,
    id: PipelineId,
) -> Result<&'a Pipeline, String> {
    s.workspace.pipeline(id).ok_or_else(|| {
        "The pipeline this step names no longer exists. Pick a pipeline in the step.".into()
    })
}

/// The stage a step names, in `pipeline`; a stage that is gone or elsewhere fails.
fn stage_in(pipeline: &Pipeline, stage: StageId) -> Result<StageId, String> {
    match pipeline.stage(stage) {
        Some(found) => Ok(found.id),
        None => Err(format!(
            "The stage this step names is no longer in the pipeline {}. Pick a stage in the step.",
            pipeline.name
        )),
    }
}

fn first_stage(pipeline: &Pipeline) -> Result<StageId, String> {
    pipeline
        .stages
        .iter()
        .find(|s| s.kind == StageKind::Open)
        .or(pipeline.stages.first())
        .map(|s| s.id)
        .ok_or_else(|| format!("The pipeline {} has no stages.", pipeline.name))
}

/// The name of the stage `id` in the workspace, for the run log.
fn stage_name(s: &Situation<'_>, id: StageId) -> String {
    s.workspace
        .stage(id)
        .map_or_else(|| "a removed stage".into(), |(_, st)| st.name.clone())
}

/// Whether moving `deal` to `to` goes back in its pipeline (DOMAIN.md: workflow moves
/// go forward or stay unless the step allows any previous stage).
fn is_backward(s: &Situation<'_>, deal: &DealSnapshot, to: StageId) -> bool {
    let (Some(from), Some(pipeline)) = (deal.stage, deal.pipeline) else {
        return false;
    };
    let Some(p) = s.workspace.pipeline(pipeline) else {
        return false;
    };
    match (p.stage(from), p.stage(to)) {
        (Some(a), Some(b)) => b.position < a.position,
        _ => false,
    }
}

/// The deal's new name, source, value: the fields both create-type actions set.
struct Basics {
    name: String,
    source: Option<String>,
    value_minor: i64,
}

pub(super) fn contact_label(s: &Situation<'_>) -> String {
    s.contact.map_or_else(String::new, |c| {
        if !c.name.trim().is_empty() {
            c.name.clone()
        } else {
            c.email.clone().or(c.phone.clone()).unwrap_or_default()
        }
    })
}

fn optional_text(
    s: &Situation<'_>,
    what: &str,
    t: Option<&String>,
) -> Result<Option<String>, String> {
    Ok(match t {
        Some(t) => Some(render(s, what, t)?).filter(|v| !v.trim().is_empty()),
        None => None,
    })
}

/// A contact's deals in `pipeline`, the duplicate rule's concern.
pub(super) fn deals_in<'a>(s: &'a Situation<'_>, pipeline: PipelineId) -> Vec<&'a DealSnapshot> {
    s.contact_deals
        .iter()
        .filter(|d| d.pipeline == Some(pipeline))
        .collect()
}

/// Create/Update Opportunity: an upsert by its own logic, ignoring the triggering or
/// found deal; it never sets owner or followers.
pub(super) fn create_update(action: &Action, s: &Situation<'_>) -> Plan {
    let Action::CreateUpdateOpportunity {
        pipeline,
        stage,
        name,
        source,
        lead_value,
        status,
        allow_backward,
        allow_duplicate,
    } = action
    else {
        return Plan::Fail("Not a Create/Update Opportunity step.".into());
    };
    let Some(contact) = s.contact else {
        return Plan::Skip(format!(
            "{NO_CONTACT} No opportunity was created or updated."
        ));
    };
    let outcome = (|| {
        let p = pipeline_of(s, *pipeline)?;
        let stage = stage_in(p, *stage)?;
        let basics = Basics {
            name: Some(render(s, "Opportunity Name", name)?)
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| contact_label(s)),
            source: optional_text(s, "Opportunity Source", Some(source))?,
            value_minor: match lead_value {
                Some(v) => amount(s, "Lead Value", v)?,
                None => 0,
            },
        };
        let existing = deals_in(s, *pipeline)
            .into_iter()
            .max_by_key(|d| (d.created_at, d.id.0));
        Ok::<_, String>((p, stage, basics, existing))
    })();
    let (p, stage, basics, existing) = match outcome {
        Ok(parts) => parts,
        Err(reason) => return Plan::Fail(reason),
    };
    match existing {
        Some(deal) if !allow_duplicate => {
            let mut applied = Applied::default();
            let moves = deal.stage != Some(stage);
            let back = is_backward(s, deal, stage) && !allow_backward;
            if back {
                applied.resolved.insert(
                    "stage".into(),
                    json!(format!("kept in {}: moving back to {} needs Allow Opportunity to Move to Any Previous Stage", stage_name(s, deal.stage.unwrap_or(stage)), stage_name(s, stage))),
                );
            }
            applied.effects.push(Effect::Standing {
                deal: deal.id,
                stage: (moves && !back).then_some(stage),
                status: Some(*status),
            });
            push_basics(&mut applied, deal, basics);
            applied.summary = format!("Updated the opportunity \u{201c}{}\u{201d} in {}.", deal.name, p.name);
            applied.context = Some(RunContext {
                merge_opportunity: Some(deal.id),
                ..s.context.clone()
            });
            Plan::Apply(applied)
        }
        Some(_) if !s.workspace.allow_multiple_per_contact => Plan::Fail(format!(
            "{} already has an opportunity in {} and this workspace allows one per contact. Turn on Allow multiple opportunities per contact in Opportunity settings first.",
            contact_label(s),
            p.name
        )),
        _ => new_deal(s, p, stage, *status, basics, serde_json::Map::new(), contact.id),
    }
}

fn push_basics(applied: &mut Applied, deal: &DealSnapshot, basics: Basics) {
    if basics.name != deal.name {
        applied.effects.push(Effect::Name {
            deal: deal.id,
            name: basics.name,
        });
    }
    if basics.source != deal.source {
        applied.effects.push(Effect::Source {
            deal: deal.id,
            source: basics.source,
        });
    }
    if basics.value_minor != deal.value_minor {
        applied.effects.push(Effect::Value {
            deal: deal.id,
            value_minor: basics.value_minor,
        });
    }
}

fn new_deal(
    s: &Situation<'_>,
    p: &Pipeline,
    stage: StageId,
    status: Status,
    basics: Basics,
    custom: serde_json::Map<String, Value>,
    contact: crate::domain::board::ContactId,
) -> Plan {
    let mut applied = Applied {
        summary: format!(
            "Created the opportunity \u{201c}{}\u{201d} in {}.",
            basics.name, p.name
        ),
        ..Applied::default()
    };
    applied.resolved.insert("name".into(), json!(basics.name));
    applied.resolved.insert("pipeline".into(), json!(p.name));
    applied
        .resolved
        .insert("stage".into(), json!(stage_name(s, stage)));
    applied.effects.push(Effect::CreateDeal(NewDeal {
        pipeline: p.id,
        stage,
        name: basics.name,
        source: basics.source,
        value_minor: basics.value_minor,
        status,
        contact,
        custom,
    }));
    // The engine puts the new deal's id into `merge_opportunity` once it exists.
    applied.context = Some(s.context.clone());
    Plan::Apply(applied)
}

/// Create Opportunity: always a new deal for the workflow's contact, unless the
/// duplicate rule stops it.
pub(super) fn create(action: &Action, s: &Situation<'_>) -> Plan {
    let Action::CreateOpportunity {
        pipeline,
        stage,
        name,
        source,
        value,
        status,
        allow_duplicate,
        custom_fields,
    } = action
    else {
        return Plan::Fail("Not a Create Opportunity step.".into());
    };
    let Some(contact) = s.contact else {
        return Plan::Skip(format!(
            "{NO_CONTACT} Create Opportunity needs one, so no opportunity was created."
        ));
    };
    let parts = (|| {
        let p = pipeline_of(s, *pipeline)?;
        let stage = match stage {
            Some(stage) => stage_in(p, *stage)?,
            None => first_stage(p)?,
        };
        let basics = Basics {
            name: optional_text(s, "Opportunity Name", name.as_ref())?
                .unwrap_or_else(|| contact_label(s)),
            source: optional_text(s, "Opportunity Source", source.as_ref())?,
            value_minor: match value {
                Some(v) => amount(s, "Opportunity Value", v)?,
                None => 0,
            },
        };
        let mut custom = serde_json::Map::new();
        for (key, template) in custom_fields {
            custom.insert(key.clone(), json!(render(s, key, template)?));
        }
        Ok::<_, String>((p, stage, basics, custom))
    })();
    let (p, stage, basics, custom) = match parts {
        Ok(parts) => parts,
        Err(reason) => return Plan::Fail(reason),
    };
    if let Some(existing) = deals_in(s, p.id).first() {
        if !allow_duplicate {
            return Plan::Skip(format!(
                "Skipped: {} already has an opportunity in {} (\u{201c}{}\u{201d}) and Allow Duplicate Opportunities is off.",
                contact_label(s),
                p.name,
                existing.name
            ));
        }
        if !s.workspace.allow_multiple_per_contact {
            return Plan::Fail(format!(
                "{} already has an opportunity in {} and this workspace allows one per contact. Turn on Allow multiple opportunities per contact in Opportunity settings first.",
                contact_label(s),
                p.name
            ));
        }
    }
    new_deal(
        s,
        p,
        stage,
        status.unwrap_or(Status::Open),
        basics,
        custom,
        contact.id,
    )
}

/// Update Opportunity: only the fields added to it, on the deal in context; never the
/// owner, never a new deal (its duplicate toggle has no effect).
pub(super) fn update(fields: &OpportunityFields, allow_backward: bool, s: &Situation<'_>) -> Plan {
    let Some(deal) = s.deal else {
        return Plan::Skip(NO_DEAL.into());
    };
    let outcome = (|| {
        let mut applied = Applied {
            summary: format!("Updated the opportunity \u{201c}{}\u{201d}.", deal.name),
            ..Applied::default()
        };
        let target_pipeline = match fields.pipeline {
            Some(id) => Some(pipeline_of(s, id)?),
            None => None,
        };
        let stage = match (target_pipeline, fields.stage) {
            (Some(p), Some(stage)) => Some(stage_in(p, stage)?),
            (Some(p), None) if Some(p.id) != deal.pipeline => Some(first_stage(p)?),
            (Some(_), None) => None,
            (None, Some(stage)) => {
                let current = deal.pipeline.and_then(|id| s.workspace.pipeline(id));
                match current {
                    Some(p) => Some(stage_in(p, stage)?),
                    None => {
                        return Err("This deal is in no pipeline, so it has no stage to set. Add Pipeline to the step too.".into())
                    }
                }
            }
            (None, None) => None,
        };
        let stage = match stage {
            Some(to) if is_backward(s, deal, to) && !allow_backward => {
                applied.resolved.insert(
                    "stage".into(),
                    json!(format!(
                        "not moved back to {}: that needs Allow Opportunity to Move to Any Previous Stage",
                        stage_name(s, to)
                    )),
                );
                None
            }
            other => other.filter(|to| Some(*to) != deal.stage),
        };
        if let Some(to) = stage {
            applied
                .resolved
                .insert("stage".into(), json!(stage_name(s, to)));
        }
        if stage.is_some() || fields.status.is_some() {
            applied.effects.push(Effect::Standing {
                deal: deal.id,
                stage,
                status: fields.status,
            });
        }
        if let Some(name) = &fields.name {
            let name = render(s, "Opportunity Name", name)?;
            if !name.trim().is_empty() && name != deal.name {
                applied.effects.push(Effect::Name {
                    deal: deal.id,
                    name,
                });
            }
        }
        if let Some(source) = &fields.source {
            let source =
                Some(render(s, "Opportunity Source", source)?).filter(|t| !t.trim().is_empty());
            if source != deal.source {
                applied.effects.push(Effect::Source {
                    deal: deal.id,
                    source,
                });
            }
        }
        if let Some(value) = &fields.value {
            let value_minor = amount(s, "Opportunity Value", value)?;
            if value_minor != deal.value_minor {
                applied.effects.push(Effect::Value {
                    deal: deal.id,
                    value_minor,
                });
            }
        }
        Ok::<_, String>(applied)
    })();
    match outcome {
        Ok(applied) => Plan::Apply(applied),
        Err(reason) => Plan::Fail(reason),
    }
}
