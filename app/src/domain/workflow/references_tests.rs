use super::*;
use crate::domain::board::OpportunityId;
use crate::domain::opportunity::Status;
use crate::domain::workflow::context::DealSnapshot;
use crate::domain::workflow::definition::{
    Branch, Operator, OpportunityFields, Pick, Trigger, TriggerEvent,
};
use crate::domain::workflow::plan::deal_facts;
use serde_json::json;
use std::collections::BTreeMap;
use FieldEntity::{Contact, Opportunity};

fn condition(field: &str, value: Value) -> Condition {
    Condition {
        field: field.into(),
        operator: Operator::Is,
        value,
    }
}

fn triggered(event: TriggerEvent, filters: Vec<Condition>) -> Definition {
    Definition {
        name: "W".into(),
        triggers: vec![Trigger { event, filters }],
        ..Definition::default()
    }
}

fn filtered(filters: Vec<Condition>) -> Definition {
    triggered(TriggerEvent::OpportunityCreated, filters)
}

fn step(key: u32, action: Action) -> Step {
    Step {
        key,
        name: format!("Step {key}"),
        action,
    }
}

/// `action` as the step on the Found path of a Find Opportunity (filtered by `filter`)
/// inside an If/Else branch (on `branch`), so every case also shows the walk reaches
/// nested steps.
fn nested(branch: Condition, filter: Condition, action: Action) -> Definition {
    let find = Action::FindOpportunity {
        pick: Pick::Latest,
        filters: vec![filter],
        found: vec![step(3, action)],
        not_found: Vec::new(),
    };
    let branch = Branch {
        name: "Open".into(),
        conditions: vec![branch],
        steps: vec![step(2, find)],
    };
    Definition {
        steps: vec![step(
            1,
            Action::IfElse {
                branches: vec![branch],
                none: Vec::new(),
            },
        )],
        ..filtered(Vec::new())
    }
}

fn doing(action: Action) -> Definition {
    let branch = condition("contact.email", json!("a@b.test"));
    nested(
        branch,
        condition("opportunity.status", json!("open")),
        action,
    )
}

fn note(body: &str) -> Definition {
    doing(Action::AddNote { body: body.into() })
}

fn update(fields: OpportunityFields) -> Definition {
    doing(Action::UpdateOpportunity {
        allow_backward: false,
        duplicate_toggle: false,
        fields,
    })
}

fn stage(id: i64) -> Reference {
    Reference::Stage(StageId(id))
}

fn pipeline(id: i64) -> Reference {
    Reference::Pipeline(PipelineId(id))
}

fn user(id: i64) -> Reference {
    Reference::User(UserId(id))
}

fn field(entity: FieldEntity, key: &str) -> Reference {
    custom(entity, key)
}

#[test]
fn uses_finds_every_place_a_definition_names_something() {
    let stage_changed = |p: Option<i64>, from: Option<i64>, to: Option<i64>| {
        triggered(
            TriggerEvent::PipelineStageChanged {
                pipeline: p.map(PipelineId),
                from_stage: from.map(StageId),
                to_stage: to.map(StageId),
            },
            Vec::new(),
        )
    };
    let changed = |fields: &[&str]| TriggerEvent::OpportunityChanged {
        fields: fields.iter().map(|f| f.to_string()).collect(),
    };
    let contact_changed = TriggerEvent::ContactChanged {
        fields: vec!["quoted_price".into()],
    };
    let create = |stage: Option<i64>, custom: &[&str]| {
        doing(Action::CreateOpportunity {
            pipeline: PipelineId(1),
            stage: stage.map(StageId),
            name: None,
            source: None,
            value: None,
            status: None,
            allow_duplicate: false,
            custom_fields: custom
                .iter()
                .map(|k| (k.to_string(), "5".to_string()))
                .collect::<BTreeMap<_, _>>(),
        })
    };
    let create_update = doing(Action::CreateUpdateOpportunity {
        pipeline: PipelineId(1),
        stage: StageId(11),
        name: "{{contact.name}}".into(),
        source: "Web".into(),
        lead_value: None,
        status: Status::Open,
        allow_backward: false,
        allow_duplicate: false,
    });
    let task = |assignee| {
        doing(Action::CreateTask {
            title: "Call {{opportunity.name}}".into(),
            description: "Budget {{ opportunity.budget | default(\"?\") }}".into(),
            due_in: None,
            assignee,
        })
    };
    let wait = |field: &str| {
        doing(Action::Wait {
            until: WaitUntil::DateField {
                field: field.into(),
                offset_days: -1,
                at_time: None,
            },
        })
    };
    let (open, email) = (
        condition("opportunity.status", json!("open")),
        condition("contact.email", json!("a")),
    );
    #[rustfmt::skip]
    let cases: Vec<(&str, Definition, Reference, bool)> = vec![
        ("stage trigger's pipeline", stage_changed(Some(1), None, None), pipeline(1), true),
        ("another pipeline", stage_changed(Some(1), None, None), pipeline(2), false),
        ("stage trigger's from stage", stage_changed(None, Some(11), None), stage(11), true),
        ("stage trigger's to stage", stage_changed(None, None, Some(12)), stage(12), true),
        ("a stage id is no pipeline id", stage_changed(None, None, Some(12)), pipeline(12), false),
        ("changed field by key", triggered(changed(&["budget"]), vec![]), field(Opportunity, "budget"), true),
        ("changed field as logged", triggered(changed(&["custom:budget"]), vec![]), field(Opportunity, "budget"), true),
        ("changed standard field", triggered(changed(&["stage"]), vec![]), field(Opportunity, "stage"), false),
        ("contact changed field", triggered(contact_changed.clone(), vec![]), field(Contact, "quoted_price"), true),
        ("a contact field is no deal field", triggered(contact_changed, vec![]), field(Opportunity, "quoted_price"), false),
        ("filter on stage", filtered(vec![condition("opportunity.stage", json!(12))]), stage(12), true),
        ("filter on stage as text", filtered(vec![condition("opportunity.stage", json!("12"))]), stage(12), true),
        ("filter on another stage", filtered(vec![condition("opportunity.stage", json!(12))]), stage(13), false),
        ("filter on pipeline", filtered(vec![condition("opportunity.pipeline", json!(1))]), pipeline(1), true),
        ("filter on owner", filtered(vec![condition("opportunity.owner", json!(5))]), user(5), true),
        ("filter on followers", filtered(vec![condition("opportunity.followers", json!([5, 6]))]), user(6), true),
        ("filter on contact owner", filtered(vec![condition("contact.owner", json!(7))]), user(7), true),
        ("a stage value is no user", filtered(vec![condition("opportunity.stage", json!(5))]), user(5), false),
        ("filter on custom.key", filtered(vec![condition("opportunity.custom.budget", json!(5))]), field(Opportunity, "budget"), true),
        ("filter on a custom key", filtered(vec![condition("opportunity.budget", json!(5))]), field(Opportunity, "budget"), true),
        ("filter on a contact key", filtered(vec![condition("contact.quoted_price", json!(5))]), field(Contact, "quoted_price"), true),
        ("a standard field wins over its key", filtered(vec![condition("opportunity.name", json!("x"))]), field(Opportunity, "name"), false),
        ("if/else branch", nested(condition("opportunity.owner", json!(5)), open.clone(), Action::RemoveOwner), user(5), true),
        ("find filter", nested(email, condition("opportunity.stage", json!(12)), Action::RemoveOwner), stage(12), true),
        ("a branch on a standard field", doing(Action::RemoveOwner), field(Contact, "email"), false),
        ("a find on a standard field", doing(Action::RemoveOwner), field(Opportunity, "status"), false),
        ("create/update pipeline", create_update.clone(), pipeline(1), true),
        ("create/update stage", create_update, stage(11), true),
        ("create pipeline", create(None, &[]), pipeline(1), true),
        ("create stage", create(Some(11), &[]), stage(11), true),
        ("create custom field", create(None, &["budget"]), field(Opportunity, "budget"), true),
        ("create without it", create(None, &["budget"]), field(Opportunity, "renewal"), false),
        ("update pipeline", update(OpportunityFields { pipeline: Some(PipelineId(2)), ..Default::default() }), pipeline(2), true),
        ("update stage", update(OpportunityFields { stage: Some(StageId(12)), ..Default::default() }), stage(12), true),
        ("update merge field", update(OpportunityFields { name: Some("{{contact.quoted_price}}".into()), ..Default::default() }), field(Contact, "quoted_price"), true),
        ("remove opportunity", doing(Action::RemoveOpportunity { pipeline: PipelineId(2) }), pipeline(2), true),
        ("add owner", doing(Action::AddOwner { user: UserId(5), only_unassigned: false }), user(5), true),
        ("add followers", doing(Action::AddFollowers { users: vec![UserId(5), UserId(6)] }), user(6), true),
        ("remove followers", doing(Action::RemoveFollowers { users: vec![UserId(6)] }), user(6), true),
        ("task assignee", task(Assignee::User(UserId(5))), user(5), true),
        ("task for the deal owner", task(Assignee::DealOwner), user(5), false),
        ("task merge field", task(Assignee::DealOwner), field(Opportunity, "budget"), true),
        ("standard merge field", task(Assignee::DealOwner), field(Opportunity, "name"), false),
        ("note merge field", note("Hi {{contact.quoted_price}}"), field(Contact, "quoted_price"), true),
        ("other namespaces", note("{{appointment.title}} {{user.name}}"), field(Opportunity, "title"), false),
        ("a template that does not read", note("{{ opportunity.budget"), field(Opportunity, "budget"), false),
        ("wait on a custom date", wait("opportunity.custom.renewal"), field(Opportunity, "renewal"), true),
        ("wait on a custom key", wait("opportunity.renewal"), field(Opportunity, "renewal"), true),
        ("wait on a standard date", wait("opportunity.expected_close_date"), field(Opportunity, "expected_close_date"), false),
    ];
    for (what, definition, reference, expected) in cases {
        assert_eq!(
            uses(&definition, &reference),
            expected,
            "{what}: {reference:?}"
        );
    }
}

#[test]
fn each_mention_says_where_and_how_it_is_named() {
    let definition = Definition {
        steps: vec![
            step(
                1,
                Action::AddOwner {
                    user: UserId(5),
                    only_unassigned: true,
                },
            ),
            step(
                2,
                Action::RemoveFollowers {
                    users: vec![UserId(5)],
                },
            ),
            step(
                3,
                Action::AddNote {
                    body: "{{opportunity.budget}}".into(),
                },
            ),
        ],
        ..filtered(vec![condition("opportunity.stage", json!(12))])
    };
    let found: Vec<(Option<u32>, String, Reference, Place)> = mentions(&definition)
        .into_iter()
        .map(|m| (m.step.map(|s| s.key), m.field, m.reference, m.place))
        .collect();
    assert_eq!(
        found,
        vec![
            (None, "filters".into(), stage(12), Place::Condition),
            (Some(1), "user".into(), user(5), Place::Assignment),
            (Some(2), "users".into(), user(5), Place::Setting),
            (
                Some(3),
                "body".into(),
                field(Opportunity, "budget"),
                Place::MergeField
            ),
        ]
    );
}

#[test]
fn conditions_know_every_field_a_deal_has_as_its_own() {
    let deal = DealSnapshot {
        id: OpportunityId(1),
        name: "Globex".into(),
        value_minor: 0,
        pipeline: None,
        stage: None,
        status: Status::Open,
        source: None,
        owner: None,
        followers: Vec::new(),
        expected_close_date: None,
        external_id: None,
        created_at: 0,
        custom: serde_json::Map::new(),
    };
    let facts = deal_facts(&deal);
    let keys: Vec<&String> = facts.as_object().unwrap().keys().collect();
    for key in keys {
        assert!(standard_facts(Opportunity).contains(&key.as_str()), "{key}");
    }
}

#[test]
fn the_warning_counts_the_workflows_and_names_them() {
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases: &[(&[&str], Option<&str>)] = &[
        (&[], None),
        (
            &["Web leads"],
            Some("Used by 1 published workflow: Web leads."),
        ),
        (
            &["Assign closers", "Web leads"],
            Some("Used by 2 published workflows: Assign closers, Web leads."),
        ),
    ];
    for (given, expected) in cases {
        assert_eq!(used_by(&names(given)).as_deref(), *expected, "{given:?}");
    }
}
