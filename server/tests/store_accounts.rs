//! Storage of accounts on both engines: workspace, users, sessions, sign-in failures.
mod common;

use app::domain::account::{DisplayName, EmailAddress, Role};
use app::domain::currency::Currency;
use app::store::sign_in_failures::FailureLimits;
use app::store::users::NewUser;
use app::store::{Store, StoreError};
use common::on_each_engine;

fn new_user(email: &str, role: Role) -> NewUser {
    NewUser {
        name: DisplayName::parse("Dana Scully").unwrap(),
        email: EmailAddress::parse(email).unwrap(),
        password_hash: "hash".into(),
        role,
        only_assigned_data: false,
        must_change_password: false,
    }
}

async fn with_workspace(store: &Store) -> app::domain::account::User {
    let business = DisplayName::parse("Acme <Corp>").unwrap();
    store
        .create_workspace(
            &business,
            Currency::parse("EUR").unwrap(),
            &new_user("admin@acme.test", Role::Admin),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_workspace_is_created_once_with_its_admin() {
    on_each_engine(|store| async move {
        assert!(store.workspace().await.unwrap().is_none());
        let admin = with_workspace(&store).await;
        assert_eq!(admin.role, Role::Admin);
        assert!(admin.active);
        let workspace = store.workspace().await.unwrap().unwrap();
        assert_eq!(workspace.business_name, "Acme <Corp>");
        assert_eq!(workspace.currency.code(), "EUR");
        let again = store
            .create_workspace(
                &DisplayName::parse("Other").unwrap(),
                Currency::DEFAULT,
                &new_user("x@acme.test", Role::Admin),
            )
            .await;
        assert!(matches!(again, Err(StoreError::WorkspaceExists)));
        assert_eq!(
            store.users().await.unwrap().len(),
            1,
            "no half-created admin"
        );
    })
    .await;
}

#[tokio::test]
async fn one_email_one_user() {
    on_each_engine(|store| async move {
        with_workspace(&store).await;
        let dup = store
            .create_user(&new_user("ADMIN@acme.test", Role::User))
            .await;
        assert!(matches!(dup, Err(StoreError::EmailTaken)), "{dup:?}");
    })
    .await;
}

#[tokio::test]
async fn users_keep_their_role_and_visibility() {
    on_each_engine(|store| async move {
        with_workspace(&store).await;
        let user = store
            .create_user(&new_user("rep@acme.test", Role::User))
            .await
            .unwrap();
        let changed = store
            .set_user_access(user.id, Role::Manager, true)
            .await
            .unwrap();
        assert_eq!(
            (changed.role, changed.only_assigned_data),
            (Role::Manager, true)
        );
        let (found, hash) = store
            .user_with_password(&EmailAddress::parse("rep@acme.test").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found, changed);
        assert_eq!(hash, "hash");
        store.set_password(user.id, "new-hash", true).await.unwrap();
        let (found, hash) = store
            .user_with_password(&EmailAddress::parse("rep@acme.test").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert!(found.must_change_password);
        assert_eq!(hash, "new-hash");
    })
    .await;
}

#[tokio::test]
async fn sessions_end_on_expiry_deactivation_and_sign_out() {
    on_each_engine(|store| async move {
        let admin = with_workspace(&store).await;
        let rep = store
            .create_user(&new_user("rep@acme.test", Role::User))
            .await
            .unwrap();
        store
            .create_session("live", rep.id, 0, 10_000)
            .await
            .unwrap();
        store
            .create_session("second", rep.id, 0, 10_000)
            .await
            .unwrap();
        store
            .create_session("admin", admin.id, 0, 10_000)
            .await
            .unwrap();
        assert_eq!(
            store
                .session_user("live", 5_000)
                .await
                .unwrap()
                .map(|u| u.id),
            Some(rep.id)
        );
        assert!(
            store.session_user("live", 10_000).await.unwrap().is_none(),
            "expired"
        );
        assert!(store
            .session_user("unknown", 5_000)
            .await
            .unwrap()
            .is_none());

        store.set_user_active(rep.id, false).await.unwrap();
        assert!(store.session_user("live", 5_000).await.unwrap().is_none());
        assert!(store.session_user("second", 5_000).await.unwrap().is_none());
        store.set_user_active(rep.id, true).await.unwrap();
        assert!(
            store.session_user("live", 5_000).await.unwrap().is_none(),
            "deactivation deleted the sessions"
        );

        store.delete_session("admin").await.unwrap();
        assert!(store.session_user("admin", 5_000).await.unwrap().is_none());

        store
            .create_session("a", admin.id, 0, 10_000)
            .await
            .unwrap();
        store
            .create_session("b", admin.id, 0, 10_000)
            .await
            .unwrap();
        store.delete_sessions_of(admin.id, Some("b")).await.unwrap();
        assert!(store.session_user("a", 5_000).await.unwrap().is_none());
        assert!(store.session_user("b", 5_000).await.unwrap().is_some());
        assert_eq!(store.delete_expired_sessions(20_000).await.unwrap(), 1);
    })
    .await;
}

const NO_LIMITS: FailureLimits = FailureLimits {
    since: 0,
    per_account: 100,
    per_address: 100,
};

#[tokio::test]
async fn sign_in_failures_are_counted_per_account_and_address() {
    on_each_engine(|store| async move {
        for at in [100, 200, 300] {
            assert!(store
                .reserve_sign_in_attempt("dana@acme.test", "10.0.0.1", at, NO_LIMITS)
                .await
                .unwrap());
        }
        assert!(store
            .reserve_sign_in_attempt("fox@acme.test", "10.0.0.1", 400, NO_LIMITS)
            .await
            .unwrap());
        let counts = store
            .sign_in_failures_since("dana@acme.test", "10.0.0.1", 150)
            .await
            .unwrap();
        assert_eq!(
            (counts.for_email, counts.for_address),
            (2, 3),
            "only failures after the window's start count"
        );
        assert_eq!(
            (counts.oldest_for_email, counts.oldest_for_address),
            (Some(200), Some(200))
        );
        store
            .clear_sign_in_failures("dana@acme.test")
            .await
            .unwrap();
        let counts = store
            .sign_in_failures_since("dana@acme.test", "10.0.0.2", 0)
            .await
            .unwrap();
        assert_eq!((counts.for_email, counts.for_address), (0, 0));
        assert_eq!(
            (counts.oldest_for_email, counts.oldest_for_address),
            (None, None)
        );
        store.delete_sign_in_failures_before(1_000).await.unwrap();
        let counts = store
            .sign_in_failures_since("fox@acme.test", "10.0.0.1", 0)
            .await
            .unwrap();
        assert_eq!(counts.for_email, 0);
    })
    .await;
}

#[tokio::test]
async fn a_busy_address_refuses_only_accounts_with_failures_of_their_own() {
    on_each_engine(|store| async move {
        let limits = FailureLimits {
            since: 0,
            per_account: 2,
            per_address: 3,
        };
        let reserve = |email: &'static str, address: &'static str| {
            let store = store.clone();
            async move {
                store
                    .reserve_sign_in_attempt(email, address, 10, limits)
                    .await
                    .unwrap()
            }
        };
        assert!(reserve("dana@acme.test", "10.0.0.1").await);
        assert!(reserve("dana@acme.test", "10.0.0.1").await);
        assert!(
            !reserve("dana@acme.test", "10.0.0.2").await,
            "an account at its limit is refused from anywhere"
        );
        assert!(
            reserve("fox@acme.test", "10.0.0.1").await,
            "3rd from the address"
        );
        assert!(
            !reserve("fox@acme.test", "10.0.0.1").await,
            "the address is at its limit and fox has failed before"
        );
        assert!(
            reserve("walter@acme.test", "10.0.0.1").await,
            "walter has no failures: his password is still checked"
        );
        assert!(
            reserve("fox@acme.test", "10.0.0.3").await,
            "from another address"
        );
    })
    .await;
}
