//! Logging notes, tasks, calls and meetings on a deal, a contact or a company, and
//! changing a meeting afterwards.
use crate::api::AppError;
use crate::domain::activity::{ActivityForm, ActivityTarget};
use leptos::prelude::*;

/// Refuses activities on deals the person may not see (as if the deal did not exist).
#[cfg(feature = "ssr")]
async fn check_target(
    store: &crate::store::Store,
    user: &crate::domain::account::User,
    target: ActivityTarget,
) -> Result<(), AppError> {
    use crate::api::context::viewer;
    use crate::domain::board::{ContactId, OpportunityId};
    use crate::domain::company::CompanyId;
    match target {
        ActivityTarget::Opportunity(id) => {
            store.card(OpportunityId(id), viewer(user)).await?;
        }
        ActivityTarget::Contact(id) => {
            store.contact(ContactId(id)).await?;
        }
        ActivityTarget::Company(id) => {
            store.company(CompanyId(id), viewer(user)).await?;
        }
    }
    Ok(())
}

/// Logs an activity; errors name the form field to fix.
#[server(endpoint = "activities/log")]
pub async fn log_activity(target: ActivityTarget, form: ActivityForm) -> Result<i64, AppError> {
    use crate::api::context::{active_user, require_user, store};
    use crate::domain::activity::ActivityDetails;
    use crate::domain::change::Actor;
    let user = require_user()?;
    let store = store()?;
    check_target(&store, &user, target).await?;
    let details = form.parse().map_err(super::at_field)?;
    if let ActivityDetails::Task {
        assignee: Some(assignee),
        ..
    } = details
    {
        active_user(
            &store,
            Some(assignee),
            "assignee",
            "Assign the task to an active user.",
        )
        .await?;
    }
    Ok(store
        .add_activity(Actor::User(user.id), target, &details)
        .await?)
}

/// Changes a logged meeting (title, times, status, notes) for whoever may see where it
/// was logged; errors name the form field to fix.
#[server(endpoint = "activities/meeting")]
pub async fn edit_meeting(id: i64, form: ActivityForm) -> Result<(), AppError> {
    use crate::api::context::{require_user, store};
    use crate::domain::change::Actor;
    let user = require_user()?;
    let store = store()?;
    // Where the person may not see the meeting, it does not exist for them: that answer
    // comes before anything about what they typed.
    check_target(&store, &user, store.activity_target(id).await?).await?;
    let details = ActivityForm {
        kind: "meeting".into(),
        ..form
    }
    .parse()
    .map_err(super::at_field)?;
    Ok(store
        .update_meeting(Actor::User(user.id), id, &details)
        .await?)
}

/// Ticks a task done, or open again.
#[server(endpoint = "activities/done")]
pub async fn set_task_done(id: i64, done: bool) -> Result<(), AppError> {
    use crate::api::context::{require_user, store};
    let user = require_user()?;
    let store = store()?;
    check_target(&store, &user, store.activity_target(id).await?).await?;
    Ok(store.set_task_done(id, done).await?)
}

#[server(endpoint = "activities/delete")]
pub async fn delete_activity(id: i64) -> Result<(), AppError> {
    use crate::api::context::{require_user, store};
    let user = require_user()?;
    let store = store()?;
    check_target(&store, &user, store.activity_target(id).await?).await?;
    Ok(store.delete_activity(id).await?)
}
