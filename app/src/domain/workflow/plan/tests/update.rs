//! Update Opportunity: only the fields added, forward only without the toggle, never the owner, never a create.
use super::*;

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
