//! The actions the builder's `+` offers, grouped as its picker shows them (the nine
//! Opportunity actions of spec 003 first), and the step each one starts as.
use super::definition::{
    Action, Assignee, Branch, Condition, Duration, Operator, OpportunityFields, Pick, TimeUnit,
    WaitUntil,
};
use crate::domain::account::UserId;
use crate::domain::board::Pipeline;
use crate::domain::opportunity::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Opportunity,
    TasksAndNotes,
    ConditionsAndWaits,
    Contacts,
    Webhooks,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Opportunity,
        Category::TasksAndNotes,
        Category::ConditionsAndWaits,
        Category::Contacts,
        Category::Webhooks,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Opportunity => "Opportunity",
            Category::TasksAndNotes => "Tasks and notes",
            Category::ConditionsAndWaits => "Conditions and waits",
            Category::Contacts => "Contacts",
            Category::Webhooks => "Webhooks",
        }
    }
}

/// One entry of the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionKind {
    pub label: &'static str,
    pub category: Category,
    /// A line under the name, saying what it does.
    pub help: &'static str,
}

pub const KINDS: [ActionKind; 17] = [
    kind(
        "Create/Update Opportunity",
        Category::Opportunity,
        "Updates the contact's deal in a pipeline, or creates it.",
    ),
    kind(
        "Create Opportunity",
        Category::Opportunity,
        "Adds a new deal for the contact.",
    ),
    kind(
        "Update Opportunity",
        Category::Opportunity,
        "Changes the fields you add on the deal in the workflow.",
    ),
    kind(
        "Remove Opportunity",
        Category::Opportunity,
        "Deletes the contact's deals in a pipeline.",
    ),
    kind(
        "Add Owner to Opportunity",
        Category::Opportunity,
        "Assigns the deal to a user.",
    ),
    kind(
        "Remove Owner from Opportunity",
        Category::Opportunity,
        "Leaves the deal unassigned.",
    ),
    kind(
        "Add Followers to Opportunity",
        Category::Opportunity,
        "Adds users who follow the deal.",
    ),
    kind(
        "Remove Followers from Opportunity",
        Category::Opportunity,
        "Removes users from the deal's followers.",
    ),
    kind(
        "Find Opportunity",
        Category::Opportunity,
        "Loads a deal by filters, with Found and Not Found paths.",
    ),
    kind(
        "Create Task",
        Category::TasksAndNotes,
        "Adds a task for a user or the deal owner.",
    ),
    kind(
        "Add Note",
        Category::TasksAndNotes,
        "Writes a note on the deal or contact.",
    ),
    kind(
        "Log Call",
        Category::TasksAndNotes,
        "Records a call with its outcome.",
    ),
    kind(
        "If/Else",
        Category::ConditionsAndWaits,
        "Takes the first branch whose conditions hold, else None.",
    ),
    kind(
        "Wait",
        Category::ConditionsAndWaits,
        "Pauses the run for a time or until a date.",
    ),
    kind("Add Contact Tag", Category::Contacts, "Tags the contact."),
    kind(
        "Remove Contact Tag",
        Category::Contacts,
        "Takes a tag off the contact.",
    ),
    kind(
        "Send Webhook",
        Category::Webhooks,
        "POSTs signed JSON to another system.",
    ),
];

const fn kind(label: &'static str, category: Category, help: &'static str) -> ActionKind {
    ActionKind {
        label,
        category,
        help,
    }
}

impl Operator {
    pub const ALL: [Operator; 8] = [
        Operator::Is,
        Operator::IsNot,
        Operator::Contains,
        Operator::Greater,
        Operator::Less,
        Operator::IsEmpty,
        Operator::ChangedTo,
        Operator::ChangedFrom,
    ];

    /// As saved (`is_not`).
    pub fn key(self) -> &'static str {
        match self {
            Operator::Is => "is",
            Operator::IsNot => "is_not",
            Operator::Contains => "contains",
            Operator::Greater => "greater",
            Operator::Less => "less",
            Operator::IsEmpty => "is_empty",
            Operator::ChangedTo => "changed_to",
            Operator::ChangedFrom => "changed_from",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Operator::Is => "is",
            Operator::IsNot => "is not",
            Operator::Contains => "contains",
            Operator::Greater => "is greater than",
            Operator::Less => "is less than",
            Operator::IsEmpty => "is empty",
            Operator::ChangedTo => "changed to",
            Operator::ChangedFrom => "changed from",
        }
    }

    pub fn from_key(key: &str) -> Option<Operator> {
        Operator::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// The fields conditions commonly test, for the builder to suggest.
pub const CONDITION_FIELDS: [&str; 14] = [
    "opportunity.status",
    "opportunity.stage",
    "opportunity.pipeline",
    "opportunity.value",
    "opportunity.name",
    "opportunity.source",
    "opportunity.owner",
    "opportunity.followers",
    "contact.email",
    "contact.phone",
    "contact.source",
    "contact.tags",
    "contact.name",
    "appointment.status",
];

/// A condition's value as typed: a number when it reads as one, else the text.
pub fn typed_value(text: &str) -> serde_json::Value {
    let text = text.trim();
    if text.is_empty() {
        return serde_json::Value::Null;
    }
    match text.parse::<i64>() {
        Ok(n) => n.into(),
        Err(_) => match text.parse::<f64>() {
            Ok(f) if f.is_finite() => f.into(),
            _ => text.into(),
        },
    }
}

/// A condition's value as the builder shows it for editing.
pub fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The kinds whose name or description contains `search` (any case), in picker order.
pub fn matching(search: &str) -> Vec<ActionKind> {
    let wanted = search.trim().to_lowercase();
    KINDS
        .into_iter()
        .filter(|k| {
            wanted.is_empty()
                || k.label.to_lowercase().contains(&wanted)
                || k.help.to_lowercase().contains(&wanted)
                || k.category.label().to_lowercase().contains(&wanted)
        })
        .collect()
}

/// What a new step of this kind starts as: the spec's defaults, the first pipeline and
/// its first stage, the admin adding it as the user. `None` for an unknown label.
pub fn blank_action(label: &str, pipelines: &[Pipeline], me: UserId) -> Option<Action> {
    let pipeline = pipelines.first();
    let pipeline_id = pipeline.map(|p| p.id);
    let first_stage = pipeline.and_then(|p| p.stages.first()).map(|s| s.id);
    let action = match label {
        "Create/Update Opportunity" => Action::CreateUpdateOpportunity {
            pipeline: pipeline_id?,
            stage: first_stage?,
            name: "{{contact.name}}".into(),
            source: "Workflow".into(),
            lead_value: None,
            status: Status::Open,
            allow_backward: false,
            allow_duplicate: false,
        },
        "Create Opportunity" => Action::CreateOpportunity {
            pipeline: pipeline_id?,
            stage: first_stage,
            name: None,
            source: None,
            value: None,
            status: None,
            allow_duplicate: false,
            custom_fields: Default::default(),
        },
        "Update Opportunity" => Action::UpdateOpportunity {
            allow_backward: false,
            duplicate_toggle: false,
            fields: OpportunityFields::default(),
        },
        "Remove Opportunity" => Action::RemoveOpportunity {
            pipeline: pipeline_id?,
        },
        "Add Owner to Opportunity" => Action::AddOwner {
            user: me,
            only_unassigned: false,
        },
        "Remove Owner from Opportunity" => Action::RemoveOwner,
        "Add Followers to Opportunity" => Action::AddFollowers { users: vec![me] },
        "Remove Followers from Opportunity" => Action::RemoveFollowers { users: vec![me] },
        "Find Opportunity" => Action::FindOpportunity {
            pick: Pick::Latest,
            filters: vec![Condition {
                field: "opportunity.status".into(),
                operator: Operator::Is,
                value: "open".into(),
            }],
            found: Vec::new(),
            not_found: Vec::new(),
        },
        "Create Task" => Action::CreateTask {
            title: "Follow up with {{contact.name}}".into(),
            description: String::new(),
            due_in: Some(Duration {
                amount: 1,
                unit: TimeUnit::Days,
            }),
            assignee: Assignee::DealOwner,
        },
        "Add Note" => Action::AddNote {
            body: String::new(),
        },
        "Log Call" => Action::LogCall {
            notes: String::new(),
            outcome: None,
        },
        "If/Else" => Action::IfElse {
            branches: vec![Branch {
                name: "Branch 1".into(),
                conditions: vec![Condition {
                    field: "opportunity.status".into(),
                    operator: Operator::Is,
                    value: "open".into(),
                }],
                steps: Vec::new(),
            }],
            none: Vec::new(),
        },
        "Wait" => Action::Wait {
            until: WaitUntil::Duration {
                duration: Duration {
                    amount: 1,
                    unit: TimeUnit::Days,
                },
            },
        },
        "Add Contact Tag" => Action::AddContactTag { tag: String::new() },
        "Remove Contact Tag" => Action::RemoveContactTag { tag: String::new() },
        "Send Webhook" => Action::SendWebhook {
            url: String::new(),
            secret: String::new(),
            body: None,
        },
        _ => return None,
    };
    Some(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_starts_as_the_action_of_its_name() {
        use crate::domain::board::Stage;
        use crate::domain::pipeline::{PipelineId, Probability, StageId, StageKind};
        let pipelines = vec![Pipeline {
            id: PipelineId(1),
            name: "Sales".into(),
            stages: vec![Stage {
                id: StageId(10),
                pipeline_id: PipelineId(1),
                name: "Prospecting".into(),
                kind: StageKind::Open,
                probability: Probability::for_open_stage(10).unwrap(),
                position: 0,
            }],
        }];
        for kind in KINDS {
            let action = blank_action(kind.label, &pipelines, UserId(1))
                .unwrap_or_else(|| panic!("{} has no blank step", kind.label));
            assert_eq!(action.label(), kind.label);
        }
        assert_eq!(blank_action("Send SMS", &pipelines, UserId(1)), None);
    }

    #[test]
    fn the_opportunity_section_lists_the_nine_spec_actions_first() {
        let opportunity: Vec<_> = KINDS
            .iter()
            .take_while(|k| k.category == Category::Opportunity)
            .collect();
        assert_eq!(opportunity.len(), 9);
        let found: Vec<_> = matching("webhook").iter().map(|k| k.label).collect();
        assert_eq!(found, ["Send Webhook"]);
        assert_eq!(matching("").len(), 17);
        let owners: Vec<_> = matching("OWNER").iter().map(|k| k.label).collect();
        assert!(owners.contains(&"Add Owner to Opportunity"), "{owners:?}");
        assert!(
            owners.contains(&"Remove Owner from Opportunity"),
            "{owners:?}"
        );
    }
}
