use super::*;
use crate::domain::workflow::merge::fixtures::*;
use crate::domain::workflow::TriggerEvent::*;

fn missing(why: Why) -> Availability {
    Availability::Unavailable { why }
}

fn by_triggers(labels: &[&str]) -> Availability {
    missing(Why::Triggers {
        triggers: labels.iter().map(|l| l.to_string()).collect(),
    })
}

/// Contact Created, then:
/// 1 note; 2 Find { found: 3 note, 4 If { [5 note] none [6 note] }; not found: 7 note,
/// 8 Create, 9 note }; 10 note; 11 Find { found: 12 note; not found: 13 note }; 14 note;
/// 15 If { [16 Create] none [17 note] }; 18 note; 19 Create; 20 note.
fn contact_workflow() -> Definition {
    workflow(
        vec![ContactCreated],
        vec![
            note(1, ""),
            find(
                2,
                vec![
                    note(3, ""),
                    if_else(4, vec![vec![note(5, "")]], vec![note(6, "")]),
                ],
                vec![note(7, ""), create(8, None), note(9, "")],
            ),
            note(10, ""),
            find(11, vec![note(12, "")], vec![note(13, "")]),
            note(14, ""),
        ],
    )
}

/// Contact Created: 1 If { [2 Create] none [3 note] }; 4 note; 5 Create; 6 note.
fn branching_workflow() -> Definition {
    workflow(
        vec![ContactCreated],
        vec![
            if_else(1, vec![vec![create(2, None)]], vec![note(3, "")]),
            note(4, ""),
            create(5, None),
            note(6, ""),
        ],
    )
}

#[test]
fn the_deal_is_reachable_after_a_find_on_its_found_path_or_after_a_create() {
    let contact = contact_workflow();
    let branching = branching_workflow();
    let no_deal = by_triggers(&["Contact Created"]);
    let cases: &[(&Definition, u32, Availability)] = &[
        (&contact, 1, no_deal.clone()),
        // The Find itself runs before it has found anything.
        (&contact, 2, no_deal.clone()),
        (&contact, 3, Availability::Available),
        (&contact, 4, Availability::Available),
        (&contact, 5, Availability::Available),
        (&contact, 6, Availability::Available),
        (
            &contact,
            7,
            missing(Why::NotFoundPath {
                step: "Find 2".into(),
            }),
        ),
        (
            &contact,
            8,
            missing(Why::NotFoundPath {
                step: "Find 2".into(),
            }),
        ),
        (&contact, 9, Availability::Available),
        // Both paths of Find 2 end with a deal.
        (&contact, 10, Availability::Available),
        (&contact, 12, Availability::Available),
        (&contact, 13, Availability::Available),
        (&contact, 14, Availability::Available),
        // A step inside a branch sees what came before the branching step.
        (&branching, 1, no_deal.clone()),
        (&branching, 2, no_deal.clone()),
        (&branching, 3, no_deal.clone()),
        (
            &branching,
            4,
            missing(Why::NotOnEveryPath {
                step: "Route 1".into(),
            }),
        ),
        (
            &branching,
            5,
            missing(Why::NotOnEveryPath {
                step: "Route 1".into(),
            }),
        ),
        (&branching, 6, Availability::Available),
        // A key that is not there gets what the triggers bring.
        (&branching, 99, no_deal.clone()),
    ];
    for (definition, key, expected) in cases {
        assert_eq!(
            &scope_at(definition, *key).opportunity,
            expected,
            "step {key}"
        );
    }
}

#[test]
fn a_find_that_finds_nothing_keeps_the_deal_the_trigger_brought() {
    let definition = workflow(
        vec![OpportunityCreated],
        vec![find(1, vec![note(2, "")], vec![note(3, "")]), note(4, "")],
    );
    for key in 1..=4 {
        assert_eq!(
            scope_at(&definition, key).opportunity,
            Availability::Available,
            "step {key}"
        );
    }
}

#[test]
fn a_single_find_without_a_create_reaches_the_deal_only_on_its_found_path() {
    let definition = workflow(
        vec![ContactCreated],
        vec![find(1, vec![note(2, "")], vec![note(3, "")]), note(4, "")],
    );
    assert_eq!(
        scope_at(&definition, 4).opportunity,
        missing(Why::NotOnEveryPath {
            step: "Find 1".into()
        })
    );
}

#[test]
fn the_triggers_decide_the_other_namespaces() {
    let stage = PipelineStageChanged {
        pipeline: None,
        from_stage: None,
        to_stage: None,
    };
    let cases: Vec<(Vec<TriggerEvent>, [Availability; 4])> = vec![
        (
            vec![ContactCreated],
            [
                Availability::Available,
                by_triggers(&["Contact Created"]),
                by_triggers(&["Contact Created"]),
                by_triggers(&["Contact Created"]),
            ],
        ),
        (
            vec![OpportunityCreated, stage.clone()],
            [
                Availability::Available,
                Availability::Available,
                by_triggers(&["Opportunity Created", "Pipeline Stage Changed"]),
                by_triggers(&["Opportunity Created", "Pipeline Stage Changed"]),
            ],
        ),
        (
            vec![
                OpportunityCreated,
                Manual {
                    records: Default::default(),
                },
                Manual {
                    records: Default::default(),
                },
            ],
            [
                Availability::Available,
                by_triggers(&["Manual"]),
                by_triggers(&["Opportunity Created", "Manual"]),
                by_triggers(&["Opportunity Created", "Manual"]),
            ],
        ),
        (
            // Started by hand on deals only: the deal is there from the first step.
            vec![Manual {
                records: crate::domain::workflow::ManualRecords::Opportunities,
            }],
            [
                Availability::Available,
                Availability::Available,
                by_triggers(&["Manual"]),
                by_triggers(&["Manual"]),
            ],
        ),
        (
            vec![meeting()],
            [
                Availability::Available,
                Availability::Available,
                Availability::Available,
                by_triggers(&["Meeting Created or Modified"]),
            ],
        ),
        (
            vec![meeting(), OpportunityCreated],
            [
                Availability::Available,
                Availability::Available,
                by_triggers(&["Opportunity Created"]),
                by_triggers(&["Meeting Created or Modified", "Opportunity Created"]),
            ],
        ),
        (
            vec![webhook(Some("lead.email"), None)],
            [
                Availability::Available,
                by_triggers(&["Inbound Webhook"]),
                by_triggers(&["Inbound Webhook"]),
                Availability::Available,
            ],
        ),
        (
            vec![webhook(None, Some("phone"))],
            [
                Availability::Available,
                by_triggers(&["Inbound Webhook"]),
                by_triggers(&["Inbound Webhook"]),
                Availability::Available,
            ],
        ),
        (
            vec![webhook(None, None)],
            [
                missing(Why::NoContactMapping),
                by_triggers(&["Inbound Webhook"]),
                by_triggers(&["Inbound Webhook"]),
                Availability::Available,
            ],
        ),
        // A contact is there when any trigger brings one.
        (
            vec![webhook(None, None), ContactCreated],
            [
                Availability::Available,
                by_triggers(&["Inbound Webhook", "Contact Created"]),
                by_triggers(&["Inbound Webhook", "Contact Created"]),
                by_triggers(&["Contact Created"]),
            ],
        ),
        (
            vec![],
            [
                missing(Why::NoTrigger),
                missing(Why::NoTrigger),
                missing(Why::NoTrigger),
                missing(Why::NoTrigger),
            ],
        ),
    ];
    for (events, [contact, opportunity, appointment, inbound_webhook]) in cases {
        let labels: Vec<&str> = events.iter().map(|e| e.label()).collect();
        let scope = scope_at(&workflow(events.clone(), vec![note(1, "")]), 1);
        assert_eq!(
            scope,
            Scope {
                contact,
                opportunity,
                appointment,
                inbound_webhook
            },
            "{labels:?}"
        );
    }
}

#[test]
fn pipeline_and_user_come_with_the_deal() {
    let scope = scope_at(&contact_workflow(), 3);
    assert!(scope.has(Namespace::Pipeline) && scope.has(Namespace::User));
    let scope = scope_at(&contact_workflow(), 1);
    assert!(!scope.has(Namespace::Pipeline) && !scope.has(Namespace::User));
    assert!(scope.has(Namespace::Contact));
}
