//! Create Opportunity and Create/Update Opportunity: the contact, the defaults, duplicates, and what they never set.
use super::*;

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
fn create_opportunity_never_sets_owner_or_followers() {
    let a = applied(Case::new().with_contact(vec![]).plan(create(false)));
    assert!(
        a.effects.iter().all(|e| matches!(e, Effect::CreateDeal(_))),
        "{a:?}"
    );
}
