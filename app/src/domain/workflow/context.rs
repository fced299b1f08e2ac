//! The records a workflow step sees, as plain snapshots the engine loads when the step
//! runs (the workspace as it is then, not when the run was enrolled).
use crate::domain::account::UserId;
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What a run carries from step to step (stored with the run as JSON).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactId>,
    /// The deal later opportunity actions act on: the triggering one, or the one a Find
    /// Opportunity step loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<OpportunityId>,
    /// The deal a Create (or Create/Update) Opportunity step made or updated: shown by
    /// merge fields, but not the context of a later Update Opportunity (spec 003).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_opportunity: Option<OpportunityId>,
    /// The meeting of a Meeting Created or Modified trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<i64>,
    /// An Inbound Webhook's JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound: Option<Value>,
    /// The change that started the run, field by field, for `changed to/from` filters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}

impl RunContext {
    /// The deal merge fields show: the latest one created or updated by a step, else
    /// the deal in context.
    pub fn shown_opportunity(&self) -> Option<OpportunityId> {
        self.merge_opportunity.or(self.opportunity)
    }
}

/// One field of the triggering change, before and after (as JSON values).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// A deal as a step sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealSnapshot {
    pub id: OpportunityId,
    pub name: String,
    pub value_minor: i64,
    pub pipeline: Option<PipelineId>,
    pub stage: Option<StageId>,
    pub status: Status,
    pub source: Option<String>,
    pub owner: Option<UserId>,
    pub followers: Vec<UserId>,
    pub expected_close_date: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    pub created_at: i64,
    pub custom: Map<String, Value>,
}

/// A contact as a step sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactSnapshot {
    pub id: ContactId,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub owner: Option<UserId>,
    pub custom: Map<String, Value>,
}
