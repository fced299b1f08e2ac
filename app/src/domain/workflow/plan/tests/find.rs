//! Find Opportunity, If/Else and Create Task: which deal is loaded, which branch is taken, when a task is due.
use super::*;

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
    let vip = applied(plan(&step, &situation));
    assert_eq!(vip.path, Some(1));
    assert_eq!(
        vip.summary,
        "Took the branch \u{201c}VIP\u{201d}: contact.tags is vip (it is [\"vip\"])."
    );
    let nothing = json!({"contact": {"tags": []}});
    let situation = Situation {
        facts: &nothing,
        ..situation
    };
    let none = applied(plan(&step, &situation));
    assert_eq!(none.path, Some(2));
    assert_eq!(
        none.summary,
        "No branch matched, so it took None: \u{201c}Cold\u{201d} needs contact.tags is cold (it is []); \u{201c}VIP\u{201d} needs contact.tags is vip (it is [])."
    );
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
