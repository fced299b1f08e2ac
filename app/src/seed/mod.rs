//! Data Dealflow generates: a believable demo workspace, and a large pipeline for
//! benchmarks. Both go through the opportunity service like any other change.
mod bench;
mod demo;
mod names;

pub use bench::seed_bench;
pub use demo::{seed_demo, DemoSummary};

use crate::auth::password;
use crate::domain::account::{DisplayName, EmailAddress, Role, UserId};
use crate::store::users::NewUser;
use crate::store::{Store, StoreError};
use rand::distributions::Alphanumeric;
use rand::Rng;

/// The sales team of generated data: existing users with these emails are reused.
/// Their passwords are random and unknown; an admin resets one to let them sign in.
async fn sales_team(store: &Store, people: &[(&str, &str)]) -> Result<Vec<UserId>, StoreError> {
    let existing = store.users().await?;
    let mut ids = Vec::new();
    for (name, email) in people {
        if let Some(user) = existing.iter().find(|u| u.email == *email) {
            ids.push(user.id);
            continue;
        }
        let secret: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(32)
            .map(char::from)
            .collect();
        let password_hash = password::hash(secret)
            .await
            .map_err(|e| StoreError::Refused(e.to_string()))?;
        let user = NewUser {
            name: DisplayName::parse(name).map_err(|e| StoreError::Refused(e.to_string()))?,
            email: EmailAddress::parse(email).map_err(|e| StoreError::Refused(e.to_string()))?,
            password_hash,
            role: Role::User,
            only_assigned_data: false,
            must_change_password: true,
        };
        ids.push(store.create_user(&user).await?.id);
    }
    Ok(ids)
}
