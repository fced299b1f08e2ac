use super::*;
use crate::domain::pipeline::PipelineId;
use crate::domain::workflow::merge::fixtures::*;
use crate::domain::workflow::merge::scope::scope_at;
use crate::domain::workflow::{Assignee, Step, TriggerEvent::*};

fn keys() -> CustomFieldKeys {
    CustomFieldKeys {
        contact: vec!["quoted_price".into()],
        opportunity: vec!["budget".into()],
    }
}

fn scope_of(events: Vec<crate::domain::workflow::TriggerEvent>) -> Scope {
    scope_at(&workflow(events, vec![note(1, "")]), 1)
}

const CONTACT_FIELDS: &str = "contact.name, contact.first_name, contact.last_name, \
    contact.email, contact.phone, contact.source, contact.tags, contact.quoted_price";

#[test]
fn templates_that_name_reachable_fields_pass() {
    let contact = scope_of(vec![ContactCreated]);
    let deal = scope_of(vec![OpportunityCreated]);
    let inbound = scope_of(vec![webhook(Some("email"), None)]);
    let cases: &[(&str, &Scope)] = &[
        ("", &contact),
        ("A fixed value", &contact),
        ("{{contact.name}}", &contact),
        ("{{ contact.quoted_price }}", &contact),
        (r#"Hi {{contact.first_name | default("there")}}"#, &contact),
        (
            "{% for tag in contact.tags %}{{ tag }} {{ loop.index }}{% endfor %}",
            &contact,
        ),
        ("{% set who = contact.name %}{{ who | upper }}", &contact),
        (
            "{% if contact.email %}{{ contact.email | lower }}{% endif %}",
            &contact,
        ),
        (
            "{{ contact.name }} - {{ opportunity.name }} ({{ pipeline.name }})",
            &deal,
        ),
        (
            "{{ opportunity.budget }} {{ user.name }} {{ user.email }}",
            &deal,
        ),
        ("{{ inbound_webhook.lead.utm.campaign }}", &inbound),
        (r#"{{ inbound_webhook["first name"] }}"#, &inbound),
        ("{% for i in range(3) %}{{ i }}{% endfor %}", &contact),
    ];
    for (template, scope) in cases {
        assert_eq!(
            check_template(template, scope, &keys()),
            Ok(()),
            "{template}"
        );
    }
}

#[test]
fn a_field_the_step_cannot_reach_is_named_with_the_fields_it_can() {
    let problem = check_template(
        "Hi {{contact.first_name}}, about {{opportunity.name}}",
        &scope_of(vec![ContactCreated]),
        &keys(),
    )
    .unwrap_err();
    assert_eq!(
        problem.to_string(),
        format!(
            "`{{{{opportunity.name}}}}` is not available here: the Contact Created trigger \
             brings no opportunity, and no Find Opportunity or Create Opportunity step comes \
             before this one. Fields you can use here: {CONTACT_FIELDS}."
        )
    );
    let cases: &[(&str, Vec<crate::domain::workflow::TriggerEvent>, &str)] = &[
        (
            "{{appointment.title}}",
            vec![OpportunityCreated],
            "`{{appointment.title}}` is not available here: only a Meeting Created or Modified \
             trigger brings an appointment, and the Opportunity Created trigger is not one.",
        ),
        (
            "{{inbound_webhook.email}}",
            vec![ContactCreated, Manual { records: Default::default() }],
            "`{{inbound_webhook.email}}` is not available here: only an Inbound Webhook trigger \
             brings a posted body, and the Contact Created and Manual triggers are not one.",
        ),
        (
            "{{pipeline.name}}",
            vec![OpportunityCreated, ContactTagAdded { tag: None }],
            "`{{pipeline.name}}` is not available here: the Contact Tag Added trigger brings no \
             opportunity, and no Find Opportunity or Create Opportunity step comes before this one.",
        ),
        (
            "{{contact.email}}",
            vec![webhook(None, None)],
            "`{{contact.email}}` is not available here: the Inbound Webhook trigger maps no \
             email or phone, so no contact is matched or created. Fields you can use here: \
             inbound_webhook.<path in the posted JSON>.",
        ),
        (
            "{{contact.email}}",
            vec![],
            "`{{contact.email}}` is not available here: this workflow has no trigger yet, so no \
             record is in it. Fields you can use here: none yet.",
        ),
    ];
    for (template, events, start) in cases {
        let problem = check_template(template, &scope_of(events.clone()), &keys()).unwrap_err();
        assert!(
            problem.to_string().starts_with(start),
            "{template}: {problem}"
        );
    }
}

#[test]
fn a_field_that_does_not_exist_is_named_with_the_fields_that_do() {
    let contact = scope_of(vec![ContactCreated]);
    let cases: &[&str] = &[
        "{{contact.budget}}",
        "{{ contcat.name }}",
        "{{ first_name }}",
        "{{ contact }}",
        "{{ contact.name.first }}",
        "{{ opportunity.stage }}",
    ];
    for template in cases {
        let field = template.trim_matches(|c| c == '{' || c == '}' || c == ' ');
        assert_eq!(
            check_template(template, &contact, &keys()),
            Err(MergeProblem::UnknownField {
                field: field.into(),
                valid: contact.fields(&keys()),
            }),
            "{template}"
        );
    }
    assert_eq!(
        check_template("{{contact.budget}}", &contact, &keys())
            .unwrap_err()
            .to_string(),
        format!("`{{{{contact.budget}}}}` is not a merge field. Fields you can use here: {CONTACT_FIELDS}.")
    );
    // The first wrong field in the text is the one reported.
    assert!(matches!(
        check_template("{{ zeta }} {{ alpha }}", &contact, &keys()),
        Err(MergeProblem::UnknownField { field, .. }) if field == "zeta"
    ));
}

#[test]
fn templates_that_do_not_read_or_name_missing_filters_are_refused() {
    let contact = scope_of(vec![ContactCreated]);
    // The problem's kind and line, as the API sends them.
    let cases: &[(&str, &str, Option<u64>)] = &[
        ("Hi {{ contact.name", "syntax", Some(1)),
        ("Hi\n{% if contact.name %}", "syntax", Some(2)),
        ("{{ contact.name | uper }}", "unknown", Some(1)),
        (
            "{% if contact.email %}{{ contact.email | uper }}{% endif %}",
            "unknown",
            Some(1),
        ),
        (
            "{% if not contact.email %}\n{{ contact.name | uper }}{% endif %}",
            "unknown",
            Some(2),
        ),
        ("{{ shout(contact.name) }}", "unknown_field", None),
        (
            "{{ contact.name | default('a', true, 3) }}",
            "unknown",
            Some(1),
        ),
    ];
    for (template, kind, line) in cases {
        let problem = check_template(template, &contact, &keys()).unwrap_err();
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["kind"], *kind, "{template}: {problem:?}");
        assert_eq!(json["line"].as_u64(), *line, "{template}: {problem:?}");
    }
    // What the values decide at run time is not a reason to refuse the template.
    assert_eq!(
        check_template("{{ contact.quoted_price * 2 }}", &contact, &keys()),
        Ok(())
    );
}

#[test]
fn every_template_field_of_every_action_is_checked() {
    use crate::domain::workflow::{Action, OpportunityFields};
    let opportunity = "{{opportunity.name}}";
    let action = |key: u32, action: Action| Step {
        key,
        name: format!("Step {key}"),
        action,
    };
    let mut custom_fields = std::collections::BTreeMap::new();
    custom_fields.insert("budget".to_string(), opportunity.to_string());
    custom_fields.insert("renewal".to_string(), "Right Now".to_string());
    let definition = workflow(
        vec![ContactCreated],
        vec![
            action(
                1,
                Action::UpdateOpportunity {
                    allow_backward: false,
                    duplicate_toggle: false,
                    fields: OpportunityFields {
                        name: Some(opportunity.into()),
                        value: Some("{{contact.quoted_price}}".into()),
                        ..OpportunityFields::default()
                    },
                },
            ),
            action(
                2,
                Action::CreateTask {
                    title: "Call {{contact.name}}".into(),
                    description: opportunity.into(),
                    due_in: None,
                    assignee: Assignee::DealOwner,
                },
            ),
            action(
                3,
                Action::SendWebhook {
                    url: "https://example.com/{{ contact.nope }}".into(),
                    secret: String::new(),
                    body: Some("{{".into()),
                },
            ),
            action(
                4,
                Action::CreateOpportunity {
                    pipeline: PipelineId(1),
                    stage: None,
                    name: Some(opportunity.into()),
                    source: None,
                    value: None,
                    status: None,
                    allow_duplicate: false,
                    custom_fields,
                },
            ),
            find(
                5,
                vec![note(6, opportunity)],
                vec![note(7, opportunity), create(8, None), note(9, opportunity)],
            ),
        ],
    );
    let problems: Vec<String> = check_definition(&definition, &keys())
        .iter()
        .map(|p| {
            let kind = match p.problem {
                MergeProblem::Unavailable { .. } => "unavailable",
                MergeProblem::UnknownField { .. } => "unknown",
                MergeProblem::Syntax { .. } => "syntax",
                _ => "other",
            };
            format!("{} {} {kind}", p.step, p.field)
        })
        .collect();
    // After the Create of step 4 the deal is there on both paths of the Find.
    assert_eq!(
        problems,
        [
            "1 fields.name unavailable",
            "2 description unavailable",
            "3 url unknown",
            "3 body syntax",
            "4 opportunity_name unavailable",
            "4 custom_fields.budget unavailable",
        ]
    );
}

#[test]
fn step_problems_say_which_step_and_field_and_travel_as_json() {
    let definition = workflow(
        vec![ContactCreated],
        vec![create(3, Some("{{opportunity.name}}"))],
    );
    let problems = check_definition(&definition, &keys());
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].to_string().starts_with(
            "Step 'Create 3', opportunity_name: `{{opportunity.name}}` is not available here: "
        ),
        "{}",
        problems[0]
    );
    let json = serde_json::to_string(&problems).unwrap();
    let back: Vec<StepProblem> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, problems);
}
