//! Spec 003's notes and FAQ answers, one named test each, at the planner.
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
fn workspace() -> Workspace {
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

#[test]
fn update_opportunity_is_skipped_without_a_deal_in_context() {
    let plan = Case::new()
        .with_contact(vec![])
        .plan(update(OpportunityFields::default(), false));
    assert_eq!(plan, Plan::Skip(NO_DEAL.into()));
}

#[test]
fn update_opportunity_changes_only_the_fields_added_to_it() {
    let fields = OpportunityFields {
        source: Some("Webinar".into()),
        ..Default::default()
    };
    let a = applied(
        Case::new()
            .with_deal(deal(1, 12, 0))
            .plan(update(fields, false)),
    );
    assert_eq!(
        a.effects,
        vec![Effect::Source {
            deal: OpportunityId(1),
            source: Some("Webinar".into())
        }]
    );
}

#[test]
fn update_opportunity_moves_forward_but_not_back_without_the_toggle() {
    let forward = OpportunityFields {
        stage: Some(StageId(14)),
        ..Default::default()
    };
    let a = applied(
        Case::new()
            .with_deal(deal(1, 12, 0))
            .plan(update(forward, false)),
    );
    assert_eq!(
        a.effects,
        vec![Effect::Standing {
            deal: OpportunityId(1),
            stage: Some(StageId(14)),
            status: None
        }]
    );
    let back = OpportunityFields {
        stage: Some(StageId(11)),
        ..Default::default()
    };
    let a = applied(
        Case::new()
            .with_deal(deal(1, 12, 0))
            .plan(update(back.clone(), false)),
    );
    assert!(a.effects.is_empty(), "{a:?}");
    assert!(a.resolved["stage"]
        .as_str()
        .unwrap()
        .contains("Allow Opportunity to Move to Any Previous Stage"));
    let a = applied(
        Case::new()
            .with_deal(deal(1, 12, 0))
            .plan(update(back, true)),
    );
    assert_eq!(
        a.effects,
        vec![Effect::Standing {
            deal: OpportunityId(1),
            stage: Some(StageId(11)),
            status: None
        }]
    );
}

#[test]
fn update_opportunity_never_creates_even_with_its_duplicate_toggle_on() {
    let fields = OpportunityFields {
        name: Some("Renamed".into()),
        ..Default::default()
    };
    let a = applied(
        Case::new()
            .with_deal(deal(1, 12, 0))
            .with_contact(vec![deal(1, 12, 0)])
            .plan(update(fields, false)),
    );
    assert!(a
        .effects
        .iter()
        .all(|e| !matches!(e, Effect::CreateDeal(_))));
    assert_eq!(
        a.effects,
        vec![Effect::Name {
            deal: OpportunityId(1),
            name: "Renamed".into()
        }]
    );
}

#[test]
fn update_opportunity_never_changes_the_owner() {
    let every = OpportunityFields {
        pipeline: Some(RENEWALS),
        stage: Some(StageId(22)),
        status: Some(Status::Won),
        source: Some("x".into()),
        value: Some("5".into()),
        name: Some("y".into()),
    };
    let a = applied(
        Case::new()
            .with_deal(deal(1, 12, 0))
            .plan(update(every, true)),
    );
    assert!(a.effects.iter().all(|e| !matches!(e, Effect::Owner { .. })));
}

#[test]
fn update_opportunity_to_another_pipeline_starts_in_its_first_stage() {
    let fields = OpportunityFields {
        pipeline: Some(RENEWALS),
        ..Default::default()
    };
    let a = applied(
        Case::new()
            .with_deal(deal(1, 14, 0))
            .plan(update(fields, false)),
    );
    assert_eq!(
        a.effects,
        vec![Effect::Standing {
            deal: OpportunityId(1),
            stage: Some(StageId(21)),
            status: None
        }]
    );
}

#[test]
fn a_stage_that_no_longer_exists_fails_the_step_with_a_sentence() {
    let fields = OpportunityFields {
        stage: Some(StageId(99)),
        ..Default::default()
    };
    match Case::new()
        .with_deal(deal(1, 12, 0))
        .plan(update(fields, false))
    {
        Plan::Fail(reason) => assert!(
            reason.contains("no longer in the pipeline Sales"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
}

fn create(allow_duplicate: bool) -> Action {
    Action::CreateOpportunity {
        pipeline: SALES,
        stage: None,
        name: None,
        source: None,
        value: None,
        status: None,
        allow_duplicate,
        custom_fields: Default::default(),
    }
}

#[test]
fn create_opportunity_without_a_contact_creates_nothing_and_says_why() {
    match Case::new().plan(create(false)) {
        Plan::Skip(reason) => assert!(reason.contains("no contact"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn create_opportunity_defaults_first_stage_contact_name_zero_and_open() {
    let a = applied(Case::new().with_contact(vec![]).plan(create(false)));
    let [Effect::CreateDeal(new)] = a.effects.as_slice() else {
        panic!("{a:?}")
    };
    assert_eq!(
        (new.stage, new.name.as_str(), new.value_minor, new.status),
        (StageId(11), "Ann Perkins", 0, Status::Open)
    );
    assert_eq!(new.source, None);
}

#[test]
fn create_opportunity_is_not_the_context_of_a_later_update() {
    let a = applied(Case::new().with_contact(vec![]).plan(create(false)));
    assert_eq!(a.context.unwrap().opportunity, None);
}

#[test]
fn create_opportunity_counts_duplicates_by_contact_not_by_name() {
    let mut existing = deal(5, 12, 0);
    existing.name = "Something else".into();
    match Case::new()
        .with_contact(vec![existing.clone()])
        .plan(create(false))
    {
        Plan::Skip(reason) => assert!(
            reason.contains("Allow Duplicate Opportunities is off"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    // A deal in another pipeline is no duplicate.
    let elsewhere = deal(6, 22, 0);
    applied(
        Case::new()
            .with_contact(vec![elsewhere])
            .plan(create(false)),
    );
}

#[test]
fn create_opportunity_duplicates_need_the_workspace_setting_too() {
    match Case::new()
        .with_contact(vec![deal(5, 12, 0)])
        .plan(create(true))
    {
        Plan::Fail(reason) => assert!(
            reason.contains("Allow multiple opportunities per contact"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    let mut case = Case::new().with_contact(vec![deal(5, 12, 0)]);
    case.workspace.allow_multiple_per_contact = true;
    applied(case.plan(create(true)));
}

fn upsert(stage: i64, allow_backward: bool, allow_duplicate: bool) -> Action {
    Action::CreateUpdateOpportunity {
        pipeline: SALES,
        stage: StageId(stage),
        name: "{{contact.name}}".into(),
        source: "Consult Form".into(),
        lead_value: Some("250".into()),
        status: Status::Open,
        allow_backward,
        allow_duplicate,
    }
}

#[test]
fn create_update_ignores_the_triggering_deal_and_updates_the_contacts_own() {
    let trigger = deal(1, 22, 0);
    let own = deal(9, 12, 0);
    let a = applied(
        Case::new()
            .with_deal(trigger)
            .with_contact(vec![own])
            .plan(upsert(13, false, false)),
    );
    assert!(
        a.effects.iter().all(|e| match e {
            Effect::Standing { deal, .. }
            | Effect::Name { deal, .. }
            | Effect::Source { deal, .. }
            | Effect::Value { deal, .. } => *deal == OpportunityId(9),
            _ => false,
        }),
        "{a:?}"
    );
    assert_eq!(a.context.unwrap().merge_opportunity, Some(OpportunityId(9)));
}

#[test]
fn create_update_creates_when_the_contact_has_none_in_the_pipeline() {
    let a = applied(
        Case::new()
            .with_contact(vec![deal(3, 22, 0)])
            .plan(upsert(13, false, false)),
    );
    let [Effect::CreateDeal(new)] = a.effects.as_slice() else {
        panic!("{a:?}")
    };
    assert_eq!(
        (new.stage, new.value_minor, new.name.as_str()),
        (StageId(13), 25_000, "Ann Perkins")
    );
}

#[test]
fn create_update_keeps_a_deal_from_moving_back_without_the_toggle() {
    let a = applied(
        Case::new()
            .with_contact(vec![deal(9, 14, 0)])
            .plan(upsert(12, false, false)),
    );
    assert!(a.effects.contains(&Effect::Standing {
        deal: OpportunityId(9),
        stage: None,
        status: Some(Status::Open)
    }));
    let a = applied(
        Case::new()
            .with_contact(vec![deal(9, 14, 0)])
            .plan(upsert(12, true, false)),
    );
    assert!(a.effects.contains(&Effect::Standing {
        deal: OpportunityId(9),
        stage: Some(StageId(12)),
        status: Some(Status::Open)
    }));
}

#[test]
fn create_update_never_sets_owner_or_followers() {
    let a = applied(
        Case::new()
            .with_contact(vec![deal(9, 12, 0)])
            .plan(upsert(13, false, false)),
    );
    assert!(a
        .effects
        .iter()
        .all(|e| !matches!(e, Effect::Owner { .. } | Effect::Follow { .. })));
}

#[test]
fn remove_opportunity_deletes_the_contacts_deals_in_the_chosen_pipeline_only() {
    let case = Case::new()
        .with_contact(vec![deal(1, 12, 0), deal(2, 22, 0)])
        .with_deal(deal(1, 12, 0));
    let a = applied(case.plan(Action::RemoveOpportunity { pipeline: SALES }));
    assert_eq!(
        a.effects,
        vec![Effect::DeleteDeal {
            deal: OpportunityId(1),
            name: "Deal 1".into()
        }]
    );
    assert_eq!(
        a.context.unwrap().opportunity,
        None,
        "a removed deal is no longer in context"
    );
    match Case::new()
        .with_contact(vec![deal(2, 22, 0)])
        .plan(Action::RemoveOpportunity { pipeline: SALES })
    {
        Plan::Skip(reason) => assert!(reason.contains("has no opportunity in Sales"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn add_owner_is_skipped_without_a_deal_and_overwrites_unless_told_not_to() {
    let add = |only| Action::AddOwner {
        user: DANA,
        only_unassigned: only,
    };
    assert_eq!(Case::new().plan(add(false)), Plan::Skip(NO_DEAL.into()));
    let mut owned = deal(1, 12, 0);
    owned.owner = Some(EVE);
    let a = applied(Case::new().with_deal(owned.clone()).plan(add(false)));
    assert_eq!(
        a.effects,
        vec![Effect::Owner {
            deal: OpportunityId(1),
            owner: Some(DANA)
        }]
    );
    match Case::new().with_deal(owned).plan(add(true)) {
        Plan::Skip(reason) => assert!(
            reason.contains("already owned by Eve Moneypenny"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    let a = applied(Case::new().with_deal(deal(1, 12, 0)).plan(add(true)));
    assert_eq!(a.effects.len(), 1);
}

#[test]
fn a_deactivated_user_fails_the_step_with_what_to_fix() {
    match Case::new()
        .with_deal(deal(1, 12, 0))
        .plan(Action::AddOwner {
            user: GONE,
            only_unassigned: false,
        }) {
        Plan::Fail(reason) => assert!(reason.contains("Walter Skinner is deactivated"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn remove_owner_only_clears_the_owner() {
    let mut owned = deal(1, 12, 0);
    owned.owner = Some(DANA);
    let a = applied(Case::new().with_deal(owned).plan(Action::RemoveOwner));
    assert_eq!(
        a.effects,
        vec![Effect::Owner {
            deal: OpportunityId(1),
            owner: None
        }]
    );
    assert_eq!(
        Case::new().plan(Action::RemoveOwner),
        Plan::Skip(NO_DEAL.into())
    );
}

#[test]
fn followers_already_there_or_not_there_have_no_effect() {
    let mut followed = deal(1, 12, 0);
    followed.followers = vec![DANA];
    let add = Action::AddFollowers {
        users: vec![DANA, EVE],
    };
    let a = applied(Case::new().with_deal(followed.clone()).plan(add));
    assert_eq!(
        a.effects,
        vec![Effect::Follow {
            deal: OpportunityId(1),
            user: EVE,
            follow: true
        }]
    );
    let remove = Action::RemoveFollowers {
        users: vec![DANA, EVE],
    };
    let a = applied(Case::new().with_deal(followed).plan(remove));
    assert_eq!(
        a.effects,
        vec![Effect::Follow {
            deal: OpportunityId(1),
            user: DANA,
            follow: false
        }]
    );
    assert_eq!(
        Case::new().plan(Action::AddFollowers { users: vec![DANA] }),
        Plan::Skip(NO_DEAL.into())
    );
}

fn find(pick: Pick, filters: Vec<Condition>) -> Action {
    Action::FindOpportunity {
        pick,
        filters,
        found: vec![],
        not_found: vec![],
    }
}

#[test]
fn find_opportunity_loads_exactly_one_earliest_or_latest() {
    let deals = vec![deal(1, 12, 300), deal(2, 13, 100), deal(3, 22, 200)];
    let open_in_sales = vec![Condition {
        field: "opportunity.pipeline".into(),
        operator: Operator::Is,
        value: json!(1),
    }];
    let case = Case::new().with_contact(deals);
    let a = applied(case.plan(find(Pick::Earliest, open_in_sales.clone())));
    assert_eq!(
        (a.path, a.context.unwrap().opportunity),
        (Some(0), Some(OpportunityId(2)))
    );
    let a = applied(case.plan(find(Pick::Latest, open_in_sales)));
    assert_eq!(a.context.unwrap().opportunity, Some(OpportunityId(1)));
}

#[test]
fn find_opportunity_filters_on_followers_and_takes_not_found_with_no_deal_in_context() {
    let mut followed = deal(1, 12, 0);
    followed.followers = vec![EVE];
    let by_follower = vec![Condition {
        field: "opportunity.followers".into(),
        operator: Operator::Is,
        value: json!(EVE.0),
    }];
    let a = applied(
        Case::new()
            .with_contact(vec![followed, deal(2, 12, 5)])
            .plan(find(Pick::Latest, by_follower.clone())),
    );
    assert_eq!(a.context.unwrap().opportunity, Some(OpportunityId(1)));
    let a = applied(
        Case::new()
            .with_deal(deal(9, 12, 0))
            .with_contact(vec![deal(2, 12, 5)])
            .plan(find(Pick::Latest, by_follower)),
    );
    assert_eq!((a.path, a.context.unwrap().opportunity), (Some(1), None));
}

#[test]
fn if_else_takes_the_first_matching_branch_or_none() {
    let branch = |name: &str, value: &str| Branch {
        name: name.into(),
        conditions: vec![Condition {
            field: "contact.tags".into(),
            operator: Operator::Is,
            value: json!(value),
        }],
        steps: vec![],
    };
    let action = Action::IfElse {
        branches: vec![branch("Cold", "cold"), branch("VIP", "vip")],
        none: vec![],
    };
    let step = Step {
        key: 1,
        name: "If".into(),
        action,
    };
    let context = RunContext::default();
    let workspace = workspace();
    let render = |t: &str| Ok(t.to_string());
    let facts = json!({"contact": {"tags": ["vip"]}});
    let situation = Situation {
        context: &context,
        deal: None,
        contact: None,
        contact_deals: &[],
        facts: &facts,
        merge_values: &Value::Null,
        workspace: &workspace,
        render: &render,
    };
    assert_eq!(applied(plan(&step, &situation)).path, Some(1));
    let nothing = json!({"contact": {"tags": []}});
    let situation = Situation {
        facts: &nothing,
        ..situation
    };
    assert_eq!(applied(plan(&step, &situation)).path, Some(2));
}

#[test]
fn create_task_assigned_to_the_deal_owner_is_due_after_its_delay() {
    let mut owned = deal(1, 12, 0);
    owned.owner = Some(DANA);
    let action = Action::CreateTask {
        title: "Call {{contact.name}}".into(),
        description: String::new(),
        due_in: Some(Duration {
            amount: 2,
            unit: TimeUnit::Days,
        }),
        assignee: Assignee::DealOwner,
    };
    let case = Case::new().with_deal(owned).with_contact(vec![]);
    let a = applied(case.plan(action));
    let [Effect::Activity {
        on,
        details:
            crate::domain::activity::ActivityDetails::Task {
                body,
                due,
                assignee,
                done,
            },
    }] = a.effects.as_slice()
    else {
        panic!("{a:?}")
    };
    assert_eq!(*on, Attach::Opportunity(OpportunityId(1)));
    assert_eq!(
        (body.as_str(), *assignee, *done),
        ("Call Ann Perkins", Some(DANA), false)
    );
    let expected = crate::domain::date::Date::from_unix_ms(case.workspace.now_ms + 2 * 86_400_000);
    assert_eq!(*due, Some(expected));
}

#[test]
fn find_opportunity_without_a_contact_uses_filters_mapped_to_the_webhook() {
    let filters = vec![Condition {
        field: "opportunity.external_id".into(),
        operator: Operator::Is,
        value: json!("{{inbound_webhook.order}}"),
    }];
    let render = |t: &str| Ok(t.replace("{{inbound_webhook.order}}", "PO-7"));
    assert_eq!(
        find_lookups(&filters, &render),
        vec![("external_id", "PO-7".to_string())]
    );
    let mut ordered = deal(4, 12, 0);
    ordered.external_id = Some("PO-7".into());
    let mut case = Case::new();
    case.contact_deals = vec![deal(3, 12, 0), ordered];
    let step = Step {
        key: 1,
        name: "Find".into(),
        action: find(Pick::Latest, filters),
    };
    let facts = json!({});
    let situation = Situation {
        context: &case.context,
        deal: None,
        contact: None,
        contact_deals: &case.contact_deals,
        facts: &facts,
        merge_values: &Value::Null,
        workspace: &case.workspace,
        render: &render,
    };
    let a = applied(plan(&step, &situation));
    assert_eq!(a.context.unwrap().opportunity, Some(OpportunityId(4)));
}

#[test]
fn create_opportunity_never_sets_owner_or_followers() {
    let a = applied(Case::new().with_contact(vec![]).plan(create(false)));
    assert!(
        a.effects.iter().all(|e| matches!(e, Effect::CreateDeal(_))),
        "{a:?}"
    );
}

#[test]
fn remove_owner_and_follower_actions_touch_nothing_else() {
    let mut owned = deal(1, 12, 0);
    owned.owner = Some(DANA);
    owned.followers = vec![EVE];
    let case = Case::new().with_deal(owned);
    for action in [
        Action::RemoveOwner,
        Action::AddFollowers { users: vec![DANA] },
        Action::RemoveFollowers { users: vec![EVE] },
    ] {
        let a = applied(case.plan(action.clone()));
        for effect in &a.effects {
            match (&action, effect) {
                (Action::RemoveOwner, Effect::Owner { owner: None, .. }) => {}
                (
                    Action::AddFollowers { .. } | Action::RemoveFollowers { .. },
                    Effect::Follow { .. },
                ) => {}
                other => panic!("{other:?}"),
            }
        }
    }
}
