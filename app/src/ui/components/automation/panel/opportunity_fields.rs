//! The side panel's fields for the nine Opportunity actions, as spec 003 lists them.
use super::bind::{bind, id_text, text_id};
use super::conditions::ConditionRows;
use super::context::FormContext;
use super::inputs::{CheckInput, SelectInput, TextInput};
use crate::domain::account::UserId;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId};
use crate::domain::workflow::{Action, Pick, Step};
use leptos::prelude::*;

fn status_options(first: Option<&str>) -> Vec<(String, String)> {
    first
        .map(|f| (String::new(), f.to_string()))
        .into_iter()
        .chain(Status::ALL.map(|s| (s.key().to_string(), s.label().to_string())))
        .collect()
}

/// The fields of an Opportunity action, or `None` for another kind.
pub fn opportunity_fields(edited: RwSignal<Step>, ctx: &FormContext) -> Option<AnyView> {
    let kind = edited.with_untracked(|s| s.action.label());
    Some(match kind {
        "Create/Update Opportunity" | "Create Opportunity" => create_fields(edited, ctx),
        "Update Opportunity" => update_fields(edited, ctx),
        "Remove Opportunity" => {
            let (pipeline, set) = bind(
                edited,
                |a| match a {
                    Action::RemoveOpportunity { pipeline } => id_text(pipeline.0),
                    _ => String::new(),
                },
                |a, v| {
                    if let (Action::RemoveOpportunity { pipeline }, Some(id)) = (a, text_id(&v)) {
                        *pipeline = PipelineId(id);
                    }
                },
            );
            view! {
                <SelectInput id="field-pipeline" label="Pipeline" options=ctx.pipeline_options() value=pipeline set required=true
                    hint="Every deal of the contact in this pipeline is deleted." error=ctx.err("pipeline") />
            }
            .into_any()
        }
        "Add Owner to Opportunity" => {
            let (user, set_user) = bind(
                edited,
                |a| match a {
                    Action::AddOwner { user, .. } => id_text(user.0),
                    _ => String::new(),
                },
                |a, v| {
                    if let (Action::AddOwner { user, .. }, Some(id)) = (a, text_id(&v)) {
                        *user = UserId(id);
                    }
                },
            );
            let (only, set_only) = bind(
                edited,
                |a| matches!(a, Action::AddOwner { only_unassigned: true, .. }),
                |a, v| {
                    if let Action::AddOwner { only_unassigned, .. } = a {
                        *only_unassigned = v;
                    }
                },
            );
            view! {
                <SelectInput id="field-user" label="User" options=ctx.user_options() value=user set=set_user required=true error=ctx.err("user") />
                <CheckInput id="field-only-unassigned" label="Only Apply to Unassigned Opportunities" checked=only set=set_only
                    hint="When on, a deal that already has an owner keeps them." />
            }
            .into_any()
        }
        "Remove Owner from Opportunity" => view! {
            <p class="hint">"The deal in the workflow is left without an owner. Nothing else to set."</p>
        }
        .into_any(),
        "Add Followers to Opportunity" | "Remove Followers from Opportunity" => {
            followers(edited, ctx)
        }
        "Find Opportunity" => {
            let (pick, set_pick) = bind(
                edited,
                |a| match a {
                    Action::FindOpportunity { pick: Pick::Earliest, .. } => "earliest".to_string(),
                    _ => "latest".to_string(),
                },
                |a, v| {
                    if let Action::FindOpportunity { pick, .. } = a {
                        *pick = if v == "earliest" { Pick::Earliest } else { Pick::Latest };
                    }
                },
            );
            let options = vec![
                ("latest".to_string(), "The latest deal".to_string()),
                ("earliest".to_string(), "The earliest deal".to_string()),
            ];
            view! {
                <SelectInput id="field-pick" label="When several deals match" options value=pick set=set_pick />
                <ConditionRows edited title="Filters" hint="All must hold. The deal found is the one later steps act on; with none, the run goes the Opportunity Not Found way." error=ctx.err("filters") />
            }
            .into_any()
        }
        _ => return None,
    })
}

fn followers(edited: RwSignal<Step>, ctx: &FormContext) -> AnyView {
    let users = ctx.users.clone();
    let error = ctx.err("users");
    view! {
        <fieldset class="field">
            <legend>"Users"</legend>
            {users
                .into_iter()
                .map(|(id, name)| {
                    let checked = Signal::derive(move || {
                        edited.with(|s| match &s.action {
                            Action::AddFollowers { users } | Action::RemoveFollowers { users } => users.contains(&id),
                            _ => false,
                        })
                    });
                    let toggle = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        edited.update(|s| {
                            if let Action::AddFollowers { users } | Action::RemoveFollowers { users } = &mut s.action {
                                users.retain(|u| *u != id);
                                if on {
                                    users.push(id);
                                }
                            }
                        });
                    };
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=checked on:change=toggle />
                            <span>{name}</span>
                        </label>
                    }
                })
                .collect_view()}
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </fieldset>
    }
    .into_any()
}

fn update_fields(edited: RwSignal<Step>, ctx: &FormContext) -> AnyView {
    let fields = |a: &Action| match a {
        Action::UpdateOpportunity { fields, .. } => Some(fields.clone()),
        _ => None,
    };
    let pipeline =
        Signal::derive(move || edited.with(|s| fields(&s.action).and_then(|f| f.pipeline)));
    let set_pipeline = move |v: String| {
        edited.update(|s| {
            if let Action::UpdateOpportunity { fields, .. } = &mut s.action {
                fields.pipeline = text_id(&v).map(PipelineId);
                fields.stage = None;
            }
        })
    };
    let (stage, set_stage) = bind(
        edited,
        |a| match a {
            Action::UpdateOpportunity { fields, .. } => {
                fields.stage.map(|s| id_text(s.0)).unwrap_or_default()
            }
            _ => String::new(),
        },
        |a, v| {
            if let Action::UpdateOpportunity { fields, .. } = a {
                fields.stage = text_id(&v).map(StageId);
            }
        },
    );
    let (status, set_status) = bind(
        edited,
        |a| match a {
            Action::UpdateOpportunity { fields, .. } => fields
                .status
                .map(|s| s.key().to_string())
                .unwrap_or_default(),
            _ => String::new(),
        },
        |a, v| {
            if let Action::UpdateOpportunity { fields, .. } = a {
                fields.status = Status::from_key(&v);
            }
        },
    );
    let template =
        |get: fn(&crate::domain::workflow::OpportunityFields) -> Option<String>,
         put: fn(&mut crate::domain::workflow::OpportunityFields, Option<String>)| {
            let value = Signal::derive(move || {
                edited.with(|s| match &s.action {
                    Action::UpdateOpportunity { fields, .. } => get(fields).unwrap_or_default(),
                    _ => String::new(),
                })
            });
            let set = Callback::new(move |v: String| {
                edited.update(|s| {
                    if let Action::UpdateOpportunity { fields, .. } = &mut s.action {
                        put(fields, (!v.is_empty()).then_some(v));
                    }
                })
            });
            (value, set)
        };
    let (name, set_name) = template(|f| f.name.clone(), |f, v| f.name = v);
    let (value, set_value) = template(|f| f.value.clone(), |f, v| f.value = v);
    let (source, set_source) = template(|f| f.source.clone(), |f, v| f.source = v);
    let (backward, set_backward) = bind(
        edited,
        |a| {
            matches!(
                a,
                Action::UpdateOpportunity {
                    allow_backward: true,
                    ..
                }
            )
        },
        |a, v| {
            if let Action::UpdateOpportunity { allow_backward, .. } = a {
                *allow_backward = v;
            }
        },
    );
    let ctx_stage = ctx.clone();
    let stage_error = ctx.err("stage");
    let mut pipelines = vec![(String::new(), "Keep the deal's pipeline".to_string())];
    pipelines.extend(ctx.pipeline_options());
    let merge = ctx.merge.clone();
    view! {
        <p class="hint">"Only the fields set here change; empty ones are left as they are. It never changes the owner, and is skipped when no deal is in the workflow."</p>
        <SelectInput id="field-pipeline" label="Pipeline" options=pipelines value=Signal::derive(move || pipeline.get().map(|p| id_text(p.0)).unwrap_or_default()) set=set_pipeline error=ctx.err("pipeline") />
        {move || {
            let options = ctx_stage.stage_options(pipeline.get(), Some("Keep the deal's stage"));
            view! { <SelectInput id="field-stage" label="Stage" options value=stage set=set_stage error=stage_error /> }
        }}
        <SelectInput id="field-status" label="Status" options=status_options(Some("Keep the deal's status")) value=status set=set_status error=ctx.err("status") />
        <TextInput id="field-name" label="Opportunity Name" value=name set=set_name merge=merge.clone() error=ctx.err("name") />
        <TextInput id="field-value" label="Lead Value" value set=set_value merge=merge.clone() hint="An amount, or a merge field that gives one." error=ctx.err("value") />
        <TextInput id="field-source" label="Opportunity Source" value=source set=set_source merge error=ctx.err("source") />
        <CheckInput id="field-backward" label="Allow Opportunity to Move to Any Previous Stage" checked=backward set=set_backward
            hint="Off: the workflow moves deals forward or leaves them where they are." />
    }
    .into_any()
}

/// Create/Update Opportunity and Create Opportunity: pipeline, stage, name, source,
/// value, status and the duplicate switch.
fn create_fields(edited: RwSignal<Step>, ctx: &FormContext) -> AnyView {
    let upsert =
        edited.with_untracked(|s| matches!(s.action, Action::CreateUpdateOpportunity { .. }));
    let pipeline = Signal::derive(move || {
        edited.with(|s| match &s.action {
            Action::CreateUpdateOpportunity { pipeline, .. }
            | Action::CreateOpportunity { pipeline, .. } => Some(*pipeline),
            _ => None,
        })
    });
    let first_stage = {
        let pipelines = ctx.pipelines.clone();
        move |id: PipelineId| {
            pipelines
                .iter()
                .find(|p| p.id == id)
                .and_then(|p| p.stages.first())
                .map(|s| s.id)
        }
    };
    let set_pipeline = move |v: String| {
        let Some(id) = text_id(&v).map(PipelineId) else {
            return;
        };
        let first = first_stage(id);
        edited.update(|s| match &mut s.action {
            Action::CreateUpdateOpportunity {
                pipeline, stage, ..
            } => {
                *pipeline = id;
                if let Some(first) = first {
                    *stage = first;
                }
            }
            Action::CreateOpportunity {
                pipeline, stage, ..
            } => {
                *pipeline = id;
                *stage = first;
            }
            _ => {}
        })
    };
    let (stage, set_stage) = bind(
        edited,
        |a| match a {
            Action::CreateUpdateOpportunity { stage, .. } => id_text(stage.0),
            Action::CreateOpportunity { stage, .. } => {
                stage.map(|s| id_text(s.0)).unwrap_or_default()
            }
            _ => String::new(),
        },
        |a, v| match a {
            Action::CreateUpdateOpportunity { stage, .. } => {
                if let Some(id) = text_id(&v) {
                    *stage = StageId(id);
                }
            }
            Action::CreateOpportunity { stage, .. } => *stage = text_id(&v).map(StageId),
            _ => {}
        },
    );
    let text = |get: fn(&Action) -> String, put: fn(&mut Action, String)| bind(edited, get, put);
    let (name, set_name) = text(
        |a| match a {
            Action::CreateUpdateOpportunity { name, .. } => name.clone(),
            Action::CreateOpportunity { name, .. } => name.clone().unwrap_or_default(),
            _ => String::new(),
        },
        |a, v| match a {
            Action::CreateUpdateOpportunity { name, .. } => *name = v,
            Action::CreateOpportunity { name, .. } => *name = (!v.is_empty()).then_some(v),
            _ => {}
        },
    );
    let (source, set_source) = text(
        |a| match a {
            Action::CreateUpdateOpportunity { source, .. } => source.clone(),
            Action::CreateOpportunity { source, .. } => source.clone().unwrap_or_default(),
            _ => String::new(),
        },
        |a, v| match a {
            Action::CreateUpdateOpportunity { source, .. } => *source = v,
            Action::CreateOpportunity { source, .. } => *source = (!v.is_empty()).then_some(v),
            _ => {}
        },
    );
    let (value, set_value) = text(
        |a| match a {
            Action::CreateUpdateOpportunity { lead_value, .. } => {
                lead_value.clone().unwrap_or_default()
            }
            Action::CreateOpportunity { value, .. } => value.clone().unwrap_or_default(),
            _ => String::new(),
        },
        |a, v| match a {
            Action::CreateUpdateOpportunity { lead_value, .. } => {
                *lead_value = (!v.is_empty()).then_some(v)
            }
            Action::CreateOpportunity { value, .. } => *value = (!v.is_empty()).then_some(v),
            _ => {}
        },
    );
    let (status, set_status) = text(
        |a| match a {
            Action::CreateUpdateOpportunity { status, .. } => status.key().to_string(),
            Action::CreateOpportunity { status, .. } => {
                status.map(|s| s.key().to_string()).unwrap_or_default()
            }
            _ => String::new(),
        },
        |a, v| match a {
            Action::CreateUpdateOpportunity { status, .. } => {
                if let Some(s) = Status::from_key(&v) {
                    *status = s;
                }
            }
            Action::CreateOpportunity { status, .. } => *status = Status::from_key(&v),
            _ => {}
        },
    );
    let (duplicate, set_duplicate) = bind(
        edited,
        |a| {
            matches!(
                a,
                Action::CreateUpdateOpportunity {
                    allow_duplicate: true,
                    ..
                } | Action::CreateOpportunity {
                    allow_duplicate: true,
                    ..
                }
            )
        },
        |a, v| match a {
            Action::CreateUpdateOpportunity {
                allow_duplicate, ..
            }
            | Action::CreateOpportunity {
                allow_duplicate, ..
            } => *allow_duplicate = v,
            _ => {}
        },
    );
    let (backward, set_backward) = bind(
        edited,
        |a| {
            matches!(
                a,
                Action::CreateUpdateOpportunity {
                    allow_backward: true,
                    ..
                }
            )
        },
        |a, v| {
            if let Action::CreateUpdateOpportunity { allow_backward, .. } = a {
                *allow_backward = v;
            }
        },
    );
    let ctx_stage = ctx.clone();
    let stage_error = ctx.err("stage");
    let merge = ctx.merge.clone();
    let stage_first = (!upsert).then_some("The pipeline's first stage");
    view! {
        <SelectInput id="field-pipeline" label="Pipeline" options=ctx.pipeline_options() required=true
            value=Signal::derive(move || pipeline.get().map(|p| id_text(p.0)).unwrap_or_default()) set=set_pipeline error=ctx.err("pipeline") />
        {move || {
            let options = ctx_stage.stage_options(pipeline.get(), stage_first);
            view! { <SelectInput id="field-stage" label="Stage" options value=stage set=set_stage required=upsert error=stage_error /> }
        }}
        <TextInput id="field-name" label="Opportunity Name" value=name set=set_name required=upsert merge=merge.clone() error=ctx.err("opportunity_name") />
        <TextInput id="field-source" label="Opportunity Source" value=source set=set_source required=upsert merge=merge.clone() error=ctx.err("source") />
        <TextInput id="field-value" label="Lead Value" value set=set_value merge hint="An amount, or a merge field that gives one." error=ctx.err(if upsert { "lead_value" } else { "value" }) />
        <SelectInput id="field-status" label="Status" options=status_options((!upsert).then_some("Open")) value=status set=set_status required=upsert error=ctx.err("status") />
        {upsert.then(|| view! {
            <CheckInput id="field-backward" label="Allow Opportunity to Move to Any Previous Stage" checked=backward set=set_backward />
        })}
        <CheckInput id="field-duplicate" label="Allow Duplicate Opportunities" checked=duplicate set=set_duplicate
            hint="Off: a contact that already has a deal in this pipeline does not get another." />
    }
    .into_any()
}
