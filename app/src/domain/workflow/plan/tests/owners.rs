//! Remove Opportunity, owners and followers: what each changes and what it leaves alone.
use super::*;

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
