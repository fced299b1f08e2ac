//! Spec 003's notes and FAQ answers, one named test each, at the planner: the cases
//! and their records here, the tests by action in the files beside.
mod create;
mod find;
mod owners;
mod update;

use super::*;
use crate::domain::account::UserId;
use crate::domain::board::{ContactId, OpportunityId, Pipeline, Stage};
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, Probability, StageId, StageKind};
use crate::domain::workflow::context::{ContactSnapshot, DealSnapshot, RunContext};
use crate::domain::workflow::definition::*;
use serde_json::{json, Map, Value};

const SALES: PipelineId = PipelineId(1);
const RENEWALS: PipelineId = PipelineId(2);
const DANA: UserId = UserId(1);
const GONE: UserId = UserId(2);
const EVE: UserId = UserId(3);

fn pipeline(id: PipelineId, name: &str, first_stage: i64) -> Pipeline {
    let names = ["Prospecting", "Qualification", "Proposal", "Negotiation"];
    let mut stages: Vec<Stage> = names
        .iter()
        .enumerate()
        .map(|(i, n)| Stage {
            id: StageId(first_stage + i as i64),
            pipeline_id: id,
            name: n.to_string(),
            kind: StageKind::Open,
            probability: Probability::for_open_stage(10 + 20 * i as i64).unwrap(),
            position: i as i64 + 1,
        })
        .collect();
    for (i, (n, kind, p)) in [
        ("Closed Won", StageKind::Won, Probability::WON),
        ("Closed Lost", StageKind::Lost, Probability::LOST),
    ]
    .into_iter()
    .enumerate()
    {
        stages.push(Stage {
            id: StageId(first_stage + 4 + i as i64),
            pipeline_id: id,
            name: n.into(),
            kind,
            probability: p,
            position: 5 + i as i64,
        });
    }
    Pipeline {
        id,
        name: name.into(),
        stages,
    }
}

/// Sales: stages 11 (Prospecting) … 14 (Negotiation), 15 Closed Won, 16 Closed Lost.
/// Renewals: 21 … 26.
pub(crate) fn workspace() -> Workspace {
    Workspace {
        pipelines: vec![
            pipeline(SALES, "Sales", 11),
            pipeline(RENEWALS, "Renewals", 21),
        ],
        users: vec![
            UserView {
                id: DANA,
                name: "Dana Scully".into(),
                active: true,
            },
            UserView {
                id: GONE,
                name: "Walter Skinner".into(),
                active: false,
            },
            UserView {
                id: EVE,
                name: "Eve Moneypenny".into(),
                active: true,
            },
        ],
        allow_multiple_per_contact: false,
        currency_digits: 2,
        now_ms: 1_800_000_000_000,
    }
}

fn deal(id: i64, stage: i64, created_at: i64) -> DealSnapshot {
    DealSnapshot {
        id: OpportunityId(id),
        name: format!("Deal {id}"),
        value_minor: 10_000,
        pipeline: Some(if stage < 20 { SALES } else { RENEWALS }),
        stage: Some(StageId(stage)),
        status: Status::Open,
        source: None,
        owner: None,
        followers: vec![],
        expected_close_date: None,
        external_id: None,
        created_at,
        custom: Map::new(),
    }
}

fn ann() -> ContactSnapshot {
    ContactSnapshot {
        id: ContactId(7),
        name: "Ann Perkins".into(),
        first_name: "Ann".into(),
        last_name: "Perkins".into(),
        email: Some("ann@example.com".into()),
        phone: None,
        source: Some("Referral".into()),
        tags: vec!["vip".into()],
        owner: None,
        custom: Map::new(),
    }
}

/// Runs a planner with a deal and/or contact in context.
struct Case {
    context: RunContext,
    deal: Option<DealSnapshot>,
    contact: Option<ContactSnapshot>,
    contact_deals: Vec<DealSnapshot>,
    workspace: Workspace,
}

impl Case {
    fn new() -> Case {
        Case {
            context: RunContext::default(),
            deal: None,
            contact: None,
            contact_deals: vec![],
            workspace: workspace(),
        }
    }

    fn with_deal(mut self, d: DealSnapshot) -> Case {
        self.context.opportunity = Some(d.id);
        self.deal = Some(d);
        self
    }

    fn with_contact(mut self, deals: Vec<DealSnapshot>) -> Case {
        self.context.contact = Some(ContactId(7));
        self.contact = Some(ann());
        self.contact_deals = deals;
        self
    }

    fn plan(&self, action: Action) -> Plan {
        let step = Step {
            key: 1,
            name: "Step".into(),
            action,
        };
        let facts = json!({});
        let render = |t: &str| Ok(t.replace("{{contact.name}}", "Ann Perkins"));
        let situation = Situation {
            context: &self.context,
            deal: self.deal.as_ref(),
            contact: self.contact.as_ref(),
            contact_deals: &self.contact_deals,
            facts: &facts,
            merge_values: &Value::Null,
            workspace: &self.workspace,
            render: &render,
        };
        plan(&step, &situation)
    }
}

fn applied(plan: Plan) -> Applied {
    match plan {
        Plan::Apply(applied) => applied,
        other => panic!("expected the step to act, got {other:?}"),
    }
}

fn update(fields: OpportunityFields, allow_backward: bool) -> Action {
    Action::UpdateOpportunity {
        allow_backward,
        duplicate_toggle: true,
        fields,
    }
}
