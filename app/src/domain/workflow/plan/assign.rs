//! Remove Opportunity, Add/Remove Owner and Add/Remove Followers, exactly as spec 003's
//! "Notes and limits" say.
use super::deals::{contact_label, deals_in, pipeline_of};
use super::{Applied, Effect, Plan, Situation, NO_CONTACT, NO_DEAL};
use crate::domain::account::UserId;
use crate::domain::pipeline::PipelineId;
use serde_json::json;

/// Remove Opportunity: deletes the workflow contact's deals in the chosen pipeline,
/// with their history.
pub(super) fn remove(pipeline: PipelineId, s: &Situation<'_>) -> Plan {
    let Some(_) = s.contact else {
        return Plan::Skip(format!("{NO_CONTACT} No opportunity was removed."));
    };
    let p = match pipeline_of(s, pipeline) {
        Ok(p) => p,
        Err(reason) => return Plan::Fail(reason),
    };
    let doomed = deals_in(s, pipeline);
    if doomed.is_empty() {
        return Plan::Skip(format!(
            "Skipped: {} has no opportunity in {}.",
            contact_label(s),
            p.name
        ));
    }
    let mut context = s.context.clone();
    for deal in &doomed {
        if context.opportunity == Some(deal.id) {
            context.opportunity = None;
        }
        if context.merge_opportunity == Some(deal.id) {
            context.merge_opportunity = None;
        }
    }
    let names: Vec<String> = doomed
        .iter()
        .map(|d| format!("\u{201c}{}\u{201d}", d.name))
        .collect();
    Plan::Apply(Applied {
        effects: doomed
            .iter()
            .map(|d| Effect::DeleteDeal {
                deal: d.id,
                name: d.name.clone(),
            })
            .collect(),
        summary: format!("Removed {} from {}.", names.join(", "), p.name),
        context: Some(context),
        ..Applied::default()
    })
}

pub(super) fn add_owner(user: UserId, only_unassigned: bool, s: &Situation<'_>) -> Plan {
    let Some(deal) = s.deal else {
        return Plan::Skip(NO_DEAL.into());
    };
    let who = match s.workspace.active_user(user) {
        Ok(who) => who,
        Err(reason) => return Plan::Fail(reason),
    };
    if let (true, Some(owner)) = (only_unassigned, deal.owner) {
        let name = s
            .workspace
            .user(owner)
            .map_or("someone", |u| u.name.as_str());
        return Plan::Skip(format!(
            "Skipped: the opportunity is already owned by {name} and Only Apply to Unassigned Opportunities is on."
        ));
    }
    let mut applied = Applied {
        summary: format!("Made {} the owner.", who.name),
        ..Applied::default()
    };
    applied.resolved.insert("owner".into(), json!(who.name));
    if deal.owner != Some(user) {
        applied.effects.push(Effect::Owner {
            deal: deal.id,
            owner: Some(user),
        });
    }
    Plan::Apply(applied)
}

pub(super) fn remove_owner(s: &Situation<'_>) -> Plan {
    let Some(deal) = s.deal else {
        return Plan::Skip(NO_DEAL.into());
    };
    let effects = match deal.owner {
        Some(_) => vec![Effect::Owner {
            deal: deal.id,
            owner: None,
        }],
        None => Vec::new(),
    };
    Plan::Apply(Applied {
        effects,
        summary: "Removed the owner.".into(),
        ..Applied::default()
    })
}

pub(super) fn followers(users: &[UserId], follow: bool, s: &Situation<'_>) -> Plan {
    let Some(deal) = s.deal else {
        return Plan::Skip(NO_DEAL.into());
    };
    let mut applied = Applied::default();
    let mut names = Vec::new();
    for user in users {
        let name = if follow {
            match s.workspace.active_user(*user) {
                Ok(who) => who.name.clone(),
                Err(reason) => return Plan::Fail(reason),
            }
        } else {
            s.workspace
                .user(*user)
                .map_or_else(|| format!("user {}", user.0), |u| u.name.clone())
        };
        names.push(name);
        // Adding a follower twice, or removing one who does not follow, has no effect.
        if deal.followers.contains(user) != follow {
            applied.effects.push(Effect::Follow {
                deal: deal.id,
                user: *user,
                follow,
            });
        }
    }
    applied.resolved.insert("users".into(), json!(names));
    applied.summary = match follow {
        true => format!("Added followers: {}.", names.join(", ")),
        false => format!("Removed followers: {}.", names.join(", ")),
    };
    Plan::Apply(applied)
}
