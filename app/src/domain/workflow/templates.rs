//! The template gallery of `Create automation`: spec 000's three examples, found by their
//! exact names, and templates of our own that sales teams ask for. A template names what
//! it needs from the workspace (a pipeline and stage, a user, a web address), and
//! becomes a draft with those filled in. Two of spec 000's need campaigns, text messages
//! and webchat, which Dealflow does not have yet: they are listed as coming, and cannot
//! be created.
use super::definition::{
    Action, Assignee, Condition, Definition, Duration, Operator, OpportunityFields, Settings, Step,
    TimeUnit, Trigger, TriggerEvent,
};
use crate::domain::account::UserId;
use crate::domain::activity::MeetingStatus;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId};

/// What a template asks for before it becomes a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A pipeline and one of its stages.
    Stage,
    User,
    WebAddress,
}

/// The answers to a template's inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub pipeline: Option<PipelineId>,
    pub stage: Option<StageId>,
    pub user: Option<UserId>,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
    /// What Dealflow lacks to run it, when it cannot be created yet.
    pub needs: Option<&'static str>,
}

pub const MESSAGING: &str = "Needs messaging and webchat (coming)";

pub const TEMPLATES: [Template; 8] = [
    Template {
        name: "Move the opportunity to a specific stage when a meeting is booked",
        description: "When a meeting with the status Scheduled is created or changed, the deal moves to the stage you choose, such as Appointment set.",
        inputs: &[Input::Stage],
        needs: None,
    },
    Template {
        name: "Start a campaign when opportunity move to a specific stage",
        description: "When a deal enters a nurturing stage, finds its contact and starts a campaign of messages.",
        inputs: &[],
        needs: Some(MESSAGING),
    },
    Template {
        name: "Create an opportunity and follow up when a lead is captured by Webchat",
        description: "When a lead is captured by webchat, creates a deal for the service asked about, texts the contact and creates a follow-up task.",
        inputs: &[],
        needs: Some(MESSAGING),
    },
    Template {
        name: "Assign new deals to a teammate",
        description: "Every new deal without an owner gets the teammate you choose (Only Apply to Unassigned Opportunities).",
        inputs: &[Input::User],
        needs: None,
    },
    Template {
        name: "Follow up on deals that have gone quiet for 7 days",
        description: "When a deal has had no stage change or activity for 7 days, its owner gets a task to follow up.",
        inputs: &[],
        needs: None,
    },
    Template {
        name: "Add a manager as follower on deals over 10,000",
        description: "A new deal worth more than 10,000 gets the manager you choose as a follower.",
        inputs: &[Input::User],
        needs: None,
    },
    Template {
        name: "Notify another system when a deal is won",
        description: "When a deal is marked Won, POSTs it as signed JSON to the address you give.",
        inputs: &[Input::WebAddress],
        needs: None,
    },
    Template {
        name: "Close deals as lost after 30 days without activity",
        description: "When a deal has had no stage change or activity for 30 days, it is marked Lost with a note saying why.",
        inputs: &[],
        needs: None,
    },
];

/// The templates whose name or description holds `search` (any case).
pub fn search(search: &str) -> Vec<Template> {
    let wanted = search.trim().to_lowercase();
    TEMPLATES
        .into_iter()
        .filter(|t| {
            wanted.is_empty()
                || t.name.to_lowercase().contains(&wanted)
                || t.description.to_lowercase().contains(&wanted)
        })
        .collect()
}

pub fn by_name(name: &str) -> Option<Template> {
    TEMPLATES.into_iter().find(|t| t.name == name)
}

fn when(event: TriggerEvent, filters: Vec<Condition>) -> Trigger {
    Trigger { event, filters }
}

fn step(key: u32, name: &str, action: Action) -> Step {
    Step {
        key,
        name: name.into(),
        action,
    }
}

impl Template {
    /// The draft this template makes with `answers`; else the input to answer (`stage`,
    /// `user`, `url`; `name` when it cannot be created yet) and a sentence saying what to do.
    pub fn draft(&self, answers: &Answers) -> Result<Definition, (&'static str, String)> {
        if let Some(needs) = self.needs {
            return Err((
                "name",
                format!(
                    "{} cannot be created yet: it {}.",
                    self.name,
                    needs.to_lowercase()
                ),
            ));
        }
        let stage = || {
            answers
                .stage
                .ok_or(("stage", "Choose the stage the deal moves to.".to_string()))
        };
        let user = || answers.user.ok_or(("user", "Choose the user.".to_string()));
        let (triggers, steps) = match self.name {
            "Move the opportunity to a specific stage when a meeting is booked" => (
                vec![when(
                    TriggerEvent::MeetingCreatedOrModified {
                        status: Some(MeetingStatus::Scheduled),
                    },
                    vec![],
                )],
                vec![step(
                    1,
                    "Update opportunity",
                    Action::UpdateOpportunity {
                        allow_backward: false,
                        duplicate_toggle: false,
                        fields: OpportunityFields {
                            pipeline: answers.pipeline,
                            stage: Some(stage()?),
                            ..OpportunityFields::default()
                        },
                    },
                )],
            ),
            "Assign new deals to a teammate" => (
                vec![when(TriggerEvent::OpportunityCreated, vec![])],
                vec![step(
                    1,
                    "Assign the owner",
                    Action::AddOwner {
                        user: user()?,
                        only_unassigned: true,
                    },
                )],
            ),
            "Follow up on deals that have gone quiet for 7 days" => (
                vec![when(TriggerEvent::StaleOpportunity { days: 7 }, vec![])],
                vec![step(
                    1,
                    "Follow-up task",
                    Action::CreateTask {
                        title: "Follow up on {{opportunity.name}}".into(),
                        description: "No stage change or activity for 7 days.".into(),
                        due_in: Some(Duration {
                            amount: 1,
                            unit: TimeUnit::Days,
                        }),
                        assignee: Assignee::DealOwner,
                    },
                )],
            ),
            "Add a manager as follower on deals over 10,000" => (
                vec![when(
                    TriggerEvent::OpportunityCreated,
                    vec![Condition {
                        field: "opportunity.value".into(),
                        operator: Operator::Greater,
                        value: 10_000.into(),
                    }],
                )],
                vec![step(
                    1,
                    "Add the manager",
                    Action::AddFollowers {
                        users: vec![user()?],
                    },
                )],
            ),
            "Notify another system when a deal is won" => {
                if answers.url.trim().is_empty() {
                    return Err(("url", "Give the web address to notify.".into()));
                }
                (
                    vec![when(
                        TriggerEvent::OpportunityStatusChanged {
                            from: None,
                            to: Some(Status::Won),
                        },
                        vec![],
                    )],
                    vec![step(
                        1,
                        "Notify",
                        Action::SendWebhook {
                            url: answers.url.trim().into(),
                            secret: String::new(),
                            body: None,
                        },
                    )],
                )
            }
            "Close deals as lost after 30 days without activity" => (
                vec![when(
                    TriggerEvent::StaleOpportunity { days: 30 },
                    vec![Condition {
                        field: "opportunity.status".into(),
                        operator: Operator::Is,
                        value: "open".into(),
                    }],
                )],
                vec![
                    step(
                        1,
                        "Mark lost",
                        Action::UpdateOpportunity {
                            allow_backward: false,
                            duplicate_toggle: false,
                            fields: OpportunityFields {
                                status: Some(Status::Lost),
                                ..OpportunityFields::default()
                            },
                        },
                    ),
                    step(
                        2,
                        "Say why",
                        Action::AddNote {
                            body: "Closed as lost: no stage change or activity for 30 days.".into(),
                        },
                    ),
                ],
            ),
            other => return Err(("name", format!("There is no template called {other}."))),
        };
        Ok(Definition {
            name: self.name.into(),
            description: self.description.into(),
            triggers,
            steps,
            settings: Settings::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::validate::publish_problems;

    #[test]
    fn spec_templates_are_found_by_their_exact_names() {
        for name in [
            "Move the opportunity to a specific stage when a meeting is booked",
            "Start a campaign when opportunity move to a specific stage",
            "Create an opportunity and follow up when a lead is captured by Webchat",
        ] {
            let found = search(name);
            assert_eq!(found.len(), 1, "{name}");
            assert_eq!(found[0].name, name);
        }
        assert!(search("MEETING")
            .iter()
            .any(|t| t.name.contains("meeting is booked")));
    }

    #[test]
    fn every_template_we_can_run_makes_a_publishable_draft() {
        let answers = Answers {
            pipeline: Some(PipelineId(1)),
            stage: Some(StageId(7)),
            user: Some(UserId(3)),
            url: "https://hooks.example.com/won".into(),
        };
        let runnable: Vec<_> = TEMPLATES.iter().filter(|t| t.needs.is_none()).collect();
        assert!(runnable.len() >= 6);
        for template in runnable {
            let draft = template.draft(&answers).unwrap();
            assert_eq!(draft.name, template.name);
            assert_eq!(publish_problems(&draft), [], "{}", template.name);
        }
        let meeting = TEMPLATES[0].draft(&answers).unwrap();
        assert!(matches!(
            meeting.triggers[0].event,
            TriggerEvent::MeetingCreatedOrModified {
                status: Some(MeetingStatus::Scheduled)
            }
        ));
    }

    #[test]
    fn templates_say_what_they_still_need() {
        let none = Answers::default();
        assert_eq!(
            TEMPLATES[0].draft(&none).unwrap_err(),
            ("stage", "Choose the stage the deal moves to.".to_string())
        );
        let (field, message) = TEMPLATES[1].draft(&none).unwrap_err();
        assert_eq!(field, "name");
        assert!(
            message.contains("needs messaging and webchat (coming)"),
            "{message}"
        );
        assert_eq!(TEMPLATES[6].draft(&none).unwrap_err().0, "url");
    }
}
