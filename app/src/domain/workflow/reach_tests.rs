use super::*;
use crate::domain::pipeline::StageId;
use crate::domain::workflow::definition::{Branch, Pick, Settings};
use crate::domain::workflow::plan::tests::workspace;
use serde_json::json;

fn step(key: u32, name: &str, action: Action) -> Step {
    Step {
        key,
        name: name.into(),
        action,
    }
}

fn to_stage(stage: i64, allow_backward: bool) -> Action {
    Action::UpdateOpportunity {
        allow_backward,
        duplicate_toggle: false,
        fields: OpportunityFields {
            stage: Some(StageId(stage)),
            ..Default::default()
        },
    }
}

fn flow(event: TriggerEvent, filters: Vec<Condition>, steps: Vec<Step>) -> Definition {
    Definition {
        name: "Flow".into(),
        description: String::new(),
        triggers: vec![Trigger { event, filters }],
        steps,
        settings: Settings::default(),
    }
}

fn status_is(value: &str) -> Condition {
    Condition {
        field: "opportunity.status".into(),
        operator: Operator::Is,
        value: json!(value),
    }
}

fn find(found: Vec<Step>, not_found: Vec<Step>) -> Step {
    step(
        1,
        "Find the deal",
        Action::FindOpportunity {
            pick: Pick::Latest,
            filters: Vec::new(),
            found,
            not_found,
        },
    )
}

#[test]
fn a_deal_step_after_a_contact_trigger_needs_a_find_before_it() {
    let alone = flow(
        TriggerEvent::ContactCreated,
        vec![],
        vec![step(2, "Move", to_stage(13, false))],
    );
    let problems = flow_problems(&alone);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].step, Some(2));
    assert!(
        problems[0].message.contains("no trigger brings one"),
        "{}",
        problems[0].message
    );

    let created_first = flow(
        TriggerEvent::ContactCreated,
        vec![],
        vec![
            step(
                1,
                "Open a deal",
                Action::CreateOpportunity {
                    pipeline: crate::domain::pipeline::PipelineId(1),
                    stage: None,
                    name: None,
                    source: None,
                    value: None,
                    status: None,
                    allow_duplicate: false,
                    custom_fields: Default::default(),
                },
            ),
            step(2, "Move", to_stage(13, false)),
        ],
    );
    assert_eq!(
        flow_problems(&created_first).len(),
        1,
        "a created deal is not the one in context"
    );

    let found = flow(
        TriggerEvent::ContactCreated,
        vec![],
        vec![find(vec![step(2, "Move", to_stage(13, false))], vec![])],
    );
    assert!(flow_problems(&found).is_empty());
    let after_find = flow(
        TriggerEvent::ContactCreated,
        vec![],
        vec![find(vec![], vec![]), step(2, "Move", to_stage(13, false))],
    );
    assert!(
        flow_problems(&after_find).is_empty(),
        "a deal can be there after a Find"
    );
}

#[test]
fn the_not_found_lane_has_no_deal_whatever_the_trigger() {
    let definition = flow(
        TriggerEvent::OpportunityCreated,
        vec![],
        vec![find(
            vec![],
            vec![step(2, "Give it to Dana", Action::RemoveOwner)],
        )],
    );
    let problems = flow_problems(&definition);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .message
            .contains("Opportunity Not Found lane of \u{201c}Find the deal\u{201d}"),
        "{}",
        problems[0].message
    );
}

#[test]
fn a_manual_trigger_on_any_record_may_bring_a_deal() {
    let definition = flow(
        TriggerEvent::Manual {
            records: ManualRecords::Any,
        },
        vec![],
        vec![step(1, "Move", to_stage(13, false))],
    );
    assert!(flow_problems(&definition).is_empty());
}

fn branching(before: Vec<Step>) -> Definition {
    let mut steps = before;
    steps.push(step(
        5,
        "Won?",
        Action::IfElse {
            branches: vec![Branch {
                name: "Won".into(),
                conditions: vec![status_is("won")],
                steps: Vec::new(),
            }],
            none: Vec::new(),
        },
    ));
    flow(
        TriggerEvent::OpportunityCreated,
        vec![status_is("Open")],
        steps,
    )
}

#[test]
fn a_branch_contradicting_every_trigger_filter_can_never_run() {
    let problems = flow_problems(&branching(vec![]));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("the branch \u{201c}Won\u{201d} can never be taken"),
        "{}",
        problems[0].message
    );
    // A step that may change the deal first makes the branch reachable.
    let changed_first = branching(vec![step(1, "Move", to_stage(13, false))]);
    assert!(flow_problems(&changed_first).is_empty());
}

#[test]
fn changing_what_the_trigger_listens_to_with_re_entry_warns_of_the_loop_guard() {
    let mut definition = flow(
        TriggerEvent::PipelineStageChanged {
            pipeline: None,
            from_stage: None,
            to_stage: None,
        },
        vec![],
        vec![step(1, "Move on", to_stage(13, false))],
    );
    assert!(
        flow_warnings(&definition, &workspace(), 5).is_empty(),
        "re-entry off: nothing to warn of"
    );
    definition.settings.allow_reentry = true;
    let warnings = flow_warnings(&definition, &workspace(), 5);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .message
            .contains("loop guard stops a record after 5 entries an hour"),
        "{}",
        warnings[0].message
    );
}

#[test]
fn a_move_back_from_the_trigger_s_stage_warns_while_backward_moves_are_off() {
    let entered_proposal = |allow_backward| {
        flow(
            TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: Some(StageId(13)),
            },
            vec![],
            vec![step(
                1,
                "Back to Qualification",
                to_stage(12, allow_backward),
            )],
        )
    };
    let warnings = flow_warnings(&entered_proposal(false), &workspace(), 5);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .message
            .contains("moves the deal back from Proposal to Qualification"),
        "{}",
        warnings[0].message
    );
    assert!(flow_warnings(&entered_proposal(true), &workspace(), 5).is_empty());
}
