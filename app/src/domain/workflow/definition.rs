//! What a workflow is made of, as saved and exported (JSON): triggers, a tree of steps,
//! and settings. Pure data; `validate` says whether it can be published.
use crate::domain::account::UserId;
use crate::domain::activity::MeetingStatus;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A workflow's content: everything a version freezes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Definition {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub settings: Settings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Settings {
    /// Off: a record that has ever entered this workflow is not enrolled again.
    #[serde(default)]
    pub allow_reentry: bool,
}

/// One way into the workflow: an event, narrowed by filters (all must hold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    #[serde(flatten)]
    pub event: TriggerEvent,
    #[serde(default)]
    pub filters: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TriggerEvent {
    OpportunityCreated,
    /// Any field, or only the fields named (`stage`, `status`, `name`, `value`, a custom key…).
    OpportunityChanged {
        #[serde(default)]
        fields: Vec<String>,
    },
    PipelineStageChanged {
        #[serde(default)]
        pipeline: Option<PipelineId>,
        #[serde(default)]
        from_stage: Option<StageId>,
        #[serde(default)]
        to_stage: Option<StageId>,
    },
    OpportunityStatusChanged {
        #[serde(default)]
        from: Option<Status>,
        #[serde(default)]
        to: Option<Status>,
    },
    /// No stage change and no activity for `days` days.
    StaleOpportunity {
        days: u32,
    },
    MeetingCreatedOrModified {
        #[serde(default)]
        status: Option<MeetingStatus>,
    },
    ContactCreated,
    ContactChanged {
        #[serde(default)]
        fields: Vec<String>,
    },
    ContactTagAdded {
        #[serde(default)]
        tag: Option<String>,
    },
    ContactTagRemoved {
        #[serde(default)]
        tag: Option<String>,
    },
    /// A POST to this trigger's own URL; `token` is its secret.
    InboundWebhook {
        token: String,
        /// Where in the JSON body the contact's email and phone are (`contact.email`).
        #[serde(default)]
        email_path: Option<String>,
        #[serde(default)]
        phone_path: Option<String>,
        #[serde(default)]
        name_path: Option<String>,
    },
    /// "Add to workflow" on a profile or in the list, for the records it names.
    Manual {
        #[serde(default)]
        records: ManualRecords,
    },
}

/// What "Add to workflow" may start a Manual trigger on. Started on deals, a run has the
/// deal (and its contact) from its first step, so templates may use `{{opportunity.*}}`;
/// started on either, a contact added by hand brings no deal, so they may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManualRecords {
    #[default]
    Any,
    Opportunities,
    Contacts,
}

impl ManualRecords {
    /// Whether a record of this kind (`opportunity`, `contact`) may be added.
    pub fn takes(self, kind: &str) -> bool {
        match self {
            ManualRecords::Any => true,
            ManualRecords::Opportunities => kind == "opportunity",
            ManualRecords::Contacts => kind == "contact",
        }
    }

    /// The records in words: "deals", "contacts", "deals and contacts".
    pub fn label(self) -> &'static str {
        match self {
            ManualRecords::Any => "deals and contacts",
            ManualRecords::Opportunities => "deals",
            ManualRecords::Contacts => "contacts",
        }
    }
}

/// A test on a field of a record in context (`opportunity.status`, `contact.tags`,
/// `opportunity.custom.budget`), the same shape for trigger filters, If/Else branches
/// and Find Opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub operator: Operator,
    #[serde(default)]
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Is,
    IsNot,
    Contains,
    Greater,
    Less,
    IsEmpty,
    ChangedTo,
    ChangedFrom,
}

/// One step of the tree. `key` is unique within a definition and never reused, so a
/// run's place and its log survive edits of the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub key: u32,
    /// The Action Name: internal, shown in the builder and the run log.
    pub name: String,
    #[serde(flatten)]
    pub action: Action,
}

/// A text field that may hold merge fields (`{{contact.name}}`).
pub type Template = String;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    CreateUpdateOpportunity {
        pipeline: PipelineId,
        stage: StageId,
        /// Saved as `opportunity_name`: `name` is the step's Action Name.
        #[serde(rename = "opportunity_name")]
        name: Template,
        source: Template,
        #[serde(default)]
        lead_value: Option<Template>,
        status: Status,
        #[serde(default)]
        allow_backward: bool,
        #[serde(default)]
        allow_duplicate: bool,
    },
    CreateOpportunity {
        pipeline: PipelineId,
        #[serde(default)]
        stage: Option<StageId>,
        #[serde(default, rename = "opportunity_name")]
        name: Option<Template>,
        #[serde(default)]
        source: Option<Template>,
        #[serde(default)]
        value: Option<Template>,
        #[serde(default)]
        status: Option<Status>,
        #[serde(default)]
        allow_duplicate: bool,
        /// Custom opportunity fields by key; date fields accept `Right Now`.
        #[serde(default)]
        custom_fields: BTreeMap<String, Template>,
    },
    UpdateOpportunity {
        #[serde(default)]
        allow_backward: bool,
        /// Shown by the builder as in the spec; it never creates anything.
        #[serde(default)]
        duplicate_toggle: bool,
        #[serde(default)]
        fields: OpportunityFields,
    },
    RemoveOpportunity {
        pipeline: PipelineId,
    },
    AddOwner {
        user: UserId,
        #[serde(default)]
        only_unassigned: bool,
    },
    RemoveOwner,
    AddFollowers {
        users: Vec<UserId>,
    },
    RemoveFollowers {
        users: Vec<UserId>,
    },
    FindOpportunity {
        pick: Pick,
        filters: Vec<Condition>,
        #[serde(default)]
        found: Vec<Step>,
        #[serde(default)]
        not_found: Vec<Step>,
    },
    CreateTask {
        title: Template,
        #[serde(default)]
        description: Template,
        #[serde(default)]
        due_in: Option<Duration>,
        assignee: Assignee,
    },
    AddNote {
        body: Template,
    },
    LogCall {
        #[serde(default)]
        notes: Template,
        #[serde(default)]
        outcome: Option<String>,
    },
    IfElse {
        branches: Vec<Branch>,
        #[serde(default)]
        none: Vec<Step>,
    },
    Wait {
        until: WaitUntil,
    },
    SendWebhook {
        url: Template,
        /// Signs each delivery (Standard Webhooks); never shown after saving.
        #[serde(default)]
        secret: String,
        #[serde(default)]
        body: Option<Template>,
    },
    AddContactTag {
        tag: Template,
    },
    RemoveContactTag {
        tag: Template,
    },
}

/// The fields Update Opportunity changes: only those present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OpportunityFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<PipelineId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Template>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Template>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Template>,
}

/// Which of several matching deals Find Opportunity loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    Earliest,
    Latest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "user")]
pub enum Assignee {
    User(UserId),
    DealOwner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: TimeUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
}

impl Duration {
    pub fn millis(self) -> i64 {
        let unit: i64 = match self.unit {
            TimeUnit::Minutes => 60_000,
            TimeUnit::Hours => 3_600_000,
            TimeUnit::Days => 86_400_000,
        };
        i64::from(self.amount) * unit
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    pub name: String,
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// How long a Wait step waits. Times of day and dates are in the workspace time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WaitUntil {
    Duration {
        duration: Duration,
    },
    /// A fixed local date and time, `2027-03-01T09:00`.
    DateTime {
        at: String,
    },
    /// A date field of a record in context (`opportunity.expected_close_date`,
    /// `opportunity.custom.renewal`), plus or minus an offset.
    DateField {
        field: String,
        #[serde(default)]
        offset_days: i32,
        /// The local time of day on that date, `09:00`.
        #[serde(default)]
        at_time: Option<String>,
    },
    /// The next moment that is on one of `days` (Monday = 1 … Sunday = 7) at `time`.
    TimeOfDay {
        time: String,
        days: Vec<u8>,
    },
}

impl Definition {
    /// Whether "Add to workflow" may start it on a record of `kind` (`opportunity`,
    /// `contact`): one of its Manual triggers takes that kind.
    pub fn started_by_hand_on(&self, kind: &str) -> bool {
        self.triggers
            .iter()
            .any(|t| matches!(t.event, TriggerEvent::Manual { records } if records.takes(kind)))
    }

    /// Every step in the tree, depth first, in the order a run meets them.
    pub fn all_steps(&self) -> Vec<&Step> {
        let mut out = Vec::new();
        walk(&self.steps, &mut out);
        out
    }

    pub fn step(&self, key: u32) -> Option<&Step> {
        self.all_steps().into_iter().find(|s| s.key == key)
    }
}

fn walk<'a>(steps: &'a [Step], out: &mut Vec<&'a Step>) {
    for step in steps {
        out.push(step);
        for branch in step.action.branches() {
            walk(branch, out);
        }
    }
}

impl Action {
    /// The step lists nested in this step (Find Opportunity's two paths, If/Else's).
    pub fn branches(&self) -> Vec<&[Step]> {
        match self {
            Action::FindOpportunity {
                found, not_found, ..
            } => vec![found, not_found],
            Action::IfElse { branches, none } => branches
                .iter()
                .map(|b| b.steps.as_slice())
                .chain([none.as_slice()])
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The action's name as spec 003 and the builder write it.
    pub fn label(&self) -> &'static str {
        match self {
            Action::CreateUpdateOpportunity { .. } => "Create/Update Opportunity",
            Action::CreateOpportunity { .. } => "Create Opportunity",
            Action::UpdateOpportunity { .. } => "Update Opportunity",
            Action::RemoveOpportunity { .. } => "Remove Opportunity",
            Action::AddOwner { .. } => "Add Owner to Opportunity",
            Action::RemoveOwner => "Remove Owner from Opportunity",
            Action::AddFollowers { .. } => "Add Followers to Opportunity",
            Action::RemoveFollowers { .. } => "Remove Followers from Opportunity",
            Action::FindOpportunity { .. } => "Find Opportunity",
            Action::CreateTask { .. } => "Create Task",
            Action::AddNote { .. } => "Add Note",
            Action::LogCall { .. } => "Log Call",
            Action::IfElse { .. } => "If/Else",
            Action::Wait { .. } => "Wait",
            Action::SendWebhook { .. } => "Send Webhook",
            Action::AddContactTag { .. } => "Add Contact Tag",
            Action::RemoveContactTag { .. } => "Remove Contact Tag",
        }
    }
}

impl TriggerEvent {
    pub fn label(&self) -> &'static str {
        match self {
            TriggerEvent::OpportunityCreated => "Opportunity Created",
            TriggerEvent::OpportunityChanged { .. } => "Opportunity Changed",
            TriggerEvent::PipelineStageChanged { .. } => "Pipeline Stage Changed",
            TriggerEvent::OpportunityStatusChanged { .. } => "Opportunity Status Changed",
            TriggerEvent::StaleOpportunity { .. } => "Stale Opportunity",
            TriggerEvent::MeetingCreatedOrModified { .. } => "Meeting Created or Modified",
            TriggerEvent::ContactCreated => "Contact Created",
            TriggerEvent::ContactChanged { .. } => "Contact Changed",
            TriggerEvent::ContactTagAdded { .. } => "Contact Tag Added",
            TriggerEvent::ContactTagRemoved { .. } => "Contact Tag Removed",
            TriggerEvent::InboundWebhook { .. } => "Inbound Webhook",
            TriggerEvent::Manual { .. } => "Manual",
        }
    }

    /// Whether the records this trigger starts with include an opportunity.
    pub fn has_opportunity(&self) -> bool {
        matches!(
            self,
            TriggerEvent::OpportunityCreated
                | TriggerEvent::OpportunityChanged { .. }
                | TriggerEvent::PipelineStageChanged { .. }
                | TriggerEvent::OpportunityStatusChanged { .. }
                | TriggerEvent::StaleOpportunity { .. }
                | TriggerEvent::MeetingCreatedOrModified { .. }
                | TriggerEvent::Manual {
                    records: ManualRecords::Opportunities
                }
        )
    }
}

#[cfg(test)]
#[path = "definition_tests.rs"]
mod tests;
