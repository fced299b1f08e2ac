//! What one step would do, decided without touching the database: the step's saved
//! configuration and snapshots of the records in context in, a plan out (effects to
//! apply, the path a branching step takes, what later steps see), or the reason it is
//! skipped or fails. A real run applies the plan; the builder's Test only shows it.
mod assign;
mod deals;
mod find;
mod records;
#[cfg(test)]
pub(crate) mod tests;

pub use find::find_lookups;
pub use records::deal_facts;

use super::context::{ContactSnapshot, DealSnapshot, RunContext};
use super::definition::{Action, Step, WaitUntil};
use super::navigate::Path;
use crate::domain::account::UserId;
use crate::domain::activity::ActivityDetails;
use crate::domain::board::{ContactId, OpportunityId, Pipeline};
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A user as steps name them: who they are and whether they can still be given work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: UserId,
    pub name: String,
    pub active: bool,
}

/// The workspace as the step sees it when it runs.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub pipelines: Vec<Pipeline>,
    pub users: Vec<UserView>,
    /// `Allow multiple opportunities per contact` (opportunity settings).
    pub allow_multiple_per_contact: bool,
    /// Decimal places of the business currency, for lead values.
    pub currency_digits: u32,
    pub now_ms: i64,
}

/// Everything a planner reads.
pub struct Situation<'a> {
    pub context: &'a RunContext,
    /// The deal in context (`RunContext::opportunity`), as it is now.
    pub deal: Option<&'a DealSnapshot>,
    pub contact: Option<&'a ContactSnapshot>,
    /// Every deal linked to the contact in context, as it is now.
    pub contact_deals: &'a [DealSnapshot],
    /// Facts for conditions (see `condition`), built from the same snapshots.
    pub facts: &'a Value,
    /// The merge-field values (names, not ids), as `render` uses them.
    pub merge_values: &'a Value,
    pub workspace: &'a Workspace,
    /// Renders a template with the run's merge fields.
    pub render: &'a (dyn Fn(&str) -> Result<String, String> + Sync),
}

/// One change to make, through the same services as a person's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Where a deal stands (the status/stage rules apply).
    Standing {
        deal: OpportunityId,
        stage: Option<StageId>,
        status: Option<Status>,
    },
    Name {
        deal: OpportunityId,
        name: String,
    },
    Value {
        deal: OpportunityId,
        value_minor: i64,
    },
    Source {
        deal: OpportunityId,
        source: Option<String>,
    },
    Custom {
        deal: OpportunityId,
        key: String,
        value: Value,
    },
    Owner {
        deal: OpportunityId,
        owner: Option<UserId>,
    },
    Follow {
        deal: OpportunityId,
        user: UserId,
        follow: bool,
    },
    CreateDeal(NewDeal),
    DeleteDeal {
        deal: OpportunityId,
        name: String,
    },
    Activity {
        on: Attach,
        details: ActivityDetails,
    },
    Tag {
        contact: ContactId,
        tag: String,
        add: bool,
    },
}

/// What an activity a step logs is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attach {
    Opportunity(OpportunityId),
    Contact(ContactId),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDeal {
    pub pipeline: PipelineId,
    pub stage: StageId,
    pub name: String,
    pub source: Option<String>,
    pub value_minor: i64,
    pub status: Status,
    pub contact: ContactId,
    pub custom: Map<String, Value>,
}

/// A Send Webhook step's request, before it is signed and sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookRequest {
    pub url: String,
    pub secret: String,
    pub body: Value,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Apply(Applied),
    Skip(String),
    Fail(String),
    /// A Wait step: hold the run until the time `until` says.
    Wait(WaitUntil),
    Webhook(WebhookRequest),
}

/// A step that acts: its effects, what it resolved (for the run log), the path a
/// branching step takes, and how the run's context changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Applied {
    pub effects: Vec<Effect>,
    pub resolved: Map<String, Value>,
    pub path: Option<Path>,
    pub context: Option<RunContext>,
    /// A sentence for the run log ("Moved to Negotiation.").
    pub summary: String,
}

/// Decides what `step` does in `situation`.
pub fn plan(step: &Step, situation: &Situation<'_>) -> Plan {
    match &step.action {
        Action::CreateUpdateOpportunity { .. } => deals::create_update(&step.action, situation),
        Action::CreateOpportunity { .. } => deals::create(&step.action, situation),
        Action::UpdateOpportunity {
            allow_backward,
            fields,
            ..
        } => deals::update(fields, *allow_backward, situation),
        Action::RemoveOpportunity { pipeline } => assign::remove(*pipeline, situation),
        Action::AddOwner {
            user,
            only_unassigned,
        } => assign::add_owner(*user, *only_unassigned, situation),
        Action::RemoveOwner => assign::remove_owner(situation),
        Action::AddFollowers { users } => assign::followers(users, true, situation),
        Action::RemoveFollowers { users } => assign::followers(users, false, situation),
        Action::FindOpportunity { pick, filters, .. } => find::find(*pick, filters, situation),
        Action::IfElse { branches, .. } => records::if_else(branches, situation),
        Action::Wait { until } => Plan::Wait(until.clone()),
        Action::SendWebhook { url, secret, body } => records::webhook(url, secret, body, situation),
        Action::CreateTask { .. } | Action::AddNote { .. } | Action::LogCall { .. } => {
            records::activity(&step.action, situation)
        }
        Action::AddContactTag { tag } => records::tag(tag, true, situation),
        Action::RemoveContactTag { tag } => records::tag(tag, false, situation),
    }
}

/// The sentence a step that needs a deal logs when there is none (spec 003).
pub const NO_DEAL: &str = "Skipped: there is no opportunity in context. Start the workflow with an opportunity trigger, or add a Find Opportunity step before this one.";

/// The sentence a step that needs a contact logs when there is none.
pub const NO_CONTACT: &str = "Skipped: there is no contact in this workflow.";

impl Workspace {
    pub fn user(&self, id: UserId) -> Option<&UserView> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn pipeline(&self, id: PipelineId) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.id == id)
    }

    /// The pipeline a stage belongs to, with the stage.
    pub fn stage(&self, id: StageId) -> Option<(&Pipeline, &crate::domain::board::Stage)> {
        self.pipelines
            .iter()
            .find_map(|p| p.stage(id).map(|s| (p, s)))
    }

    /// A user who may be given work, or the sentence that says what to fix.
    pub fn active_user(&self, id: UserId) -> Result<&UserView, String> {
        match self.user(id) {
            Some(user) if user.active => Ok(user),
            Some(user) => Err(format!(
                "{} is deactivated, so this step cannot give them the deal. Pick an active user in the step.",
                user.name
            )),
            None => Err("The user this step names no longer exists. Pick a user in the step.".into()),
        }
    }
}
