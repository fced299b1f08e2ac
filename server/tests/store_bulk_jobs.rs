//! Bulk actions over more than a page of deals, on both engines: a background job in
//! batches with a change-log event per deal, people's moves going on meanwhile, `Cancel`,
//! resuming after a restart, and who may delete how many deals.
mod common;

use app::domain::account::{Role, User};
use app::domain::board::OpportunityId;
use app::domain::bulk::{BulkJobState, BulkJobSummary, BulkOutcome};
use app::domain::change::Actor;
use app::jobs::bulk::BulkRequest;
use app::jobs::BulkJobs;
use app::seed::seed_bench;
use app::store::opportunities::bulk::{BulkAction, Selection};
use app::store::Store;
use common::deals::{deal, fox_mulder, list_query, new_user, setup, stage, to, viewer};
use common::on_each_engine;
use std::time::Duration;

fn everything() -> Selection {
    Selection::Matching(Box::new(list_query(&[])))
}

/// `action` over every deal `user` sees, as the list's "Select all N matching" sends it.
async fn over_everything(
    store: &Store,
    jobs: &BulkJobs,
    user: &User,
    action: BulkAction,
    confirm: &str,
) -> Result<BulkOutcome, String> {
    let selection = everything();
    let request = BulkRequest {
        selection: &selection,
        action,
        label: "Add follower",
        confirm,
    };
    jobs.apply(store, user, request)
        .await
        .map_err(|e| e.to_string())
}

/// Waits until job `id` stops (done, cancelled or failed).
async fn finished(store: &Store, id: i64) -> BulkJobSummary {
    for _ in 0..1500 {
        let job = store.bulk_job_summary(id).await.unwrap();
        if !job.state.is_active() {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("bulk job {id} did not finish");
}

fn started(outcome: Result<BulkOutcome, String>) -> BulkJobSummary {
    match outcome {
        Ok(BulkOutcome::Started(job)) => job,
        other => panic!("expected a background job, got {other:?}"),
    }
}

/// How many deals "all matching" covers for `user` (the list hides abandoned deals).
async fn visible(store: &Store, user: &User) -> u64 {
    let deals = store
        .selected_deals(viewer(user), &everything())
        .await
        .unwrap();
    deals.len() as u64
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(store.pool()).await.unwrap();
    n
}

#[tokio::test]
async fn a_bulk_action_over_more_than_a_page_runs_as_a_job_with_an_event_per_deal() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        seed_bench(&store, dana.id, 450, |_| {}).await.unwrap();
        let fox = fox_mulder(&store, false).await;
        let jobs = BulkJobs::default();
        let n = visible(&store, &dana).await;
        let job = started(
            over_everything(&store, &jobs, &dana, BulkAction::AddFollower(fox.id), "").await,
        );
        assert_eq!((job.total, job.label.as_str()), (n, "Add follower"));
        let job = finished(&store, job.id).await;
        assert_eq!(job.state, BulkJobState::Done, "{:?}", job.error);
        assert_eq!((job.done, job.changed, job.percent_done()), (n, n, 100));
        let follows = format!(
            "SELECT COUNT(*) FROM opportunity_followers WHERE user_id = {}",
            fox.id.0
        );
        assert_eq!(count(&store, &follows).await, n as i64);
        let events = "SELECT COUNT(*) FROM opportunity_events WHERE kind = 'followers_changed'";
        assert_eq!(count(&store, events).await, n as i64);
        // A page of deals or fewer still changes at once.
        let few = Selection::Ids((1..=3).map(OpportunityId).collect());
        let request = BulkRequest {
            selection: &few,
            action: BulkAction::RemoveFollower(fox.id),
            label: "Remove follower",
            confirm: "",
        };
        assert_eq!(
            jobs.apply(&store, &dana, request).await.unwrap(),
            BulkOutcome::Changed(3)
        );
    })
    .await;
}

#[tokio::test]
async fn people_move_deals_while_a_bulk_job_runs_and_none_of_their_moves_fails() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        seed_bench(&store, dana.id, 3000, |_| {}).await.unwrap();
        let fox = fox_mulder(&store, false).await;
        let jobs = BulkJobs::default();
        let n = visible(&store, &dana).await;
        let job = started(
            over_everything(&store, &jobs, &dana, BulkAction::AddFollower(fox.id), "").await,
        );
        // A deal outside the job's deals: its moves meet no conflict, only the database
        // the job writes to.
        let prospecting = Some(stage(&sales, "Prospecting"));
        let mut card = store
            .create_opportunity(Actor::User(dana.id), deal("Globex", "10", prospecting))
            .await
            .unwrap();
        let stages = [stage(&sales, "Qualification"), stage(&sales, "Prospecting")];
        let mut moves = 0;
        loop {
            let running = store
                .bulk_job_summary(job.id)
                .await
                .unwrap()
                .state
                .is_active();
            let target = Some(stages[moves % 2]);
            card = store
                .change_standing(
                    Actor::User(dana.id),
                    card.id,
                    card.version,
                    to(target, None),
                )
                .await
                .unwrap_or_else(|err| panic!("move {moves} failed: {err}"));
            moves += 1;
            if !running {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let job = finished(&store, job.id).await;
        assert_eq!((job.state, job.changed), (BulkJobState::Done, n));
        assert!(moves > 1, "{moves} moves");
    })
    .await;
}

#[tokio::test]
async fn a_bulk_job_resumes_after_a_restart_and_stops_when_cancelled() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        seed_bench(&store, dana.id, 450, |_| {}).await.unwrap();
        let fox = fox_mulder(&store, false).await;
        let deals = store
            .selected_deals(viewer(&dana), &everything())
            .await
            .unwrap();
        let follow = BulkAction::AddFollower(fox.id);
        // As if the server stopped after the job's first two batches of 100 deals.
        let job = store
            .create_bulk_job(dana.id, &follow, "Add follower", &deals)
            .await
            .unwrap();
        sqlx::query("UPDATE bulk_jobs SET done = 200, changed = 200 WHERE id = $1")
            .bind(job.id)
            .execute(store.pool())
            .await
            .unwrap();
        let jobs = BulkJobs::default();
        jobs.resume_all(&store).await.unwrap();
        let resumed = finished(&store, job.id).await;
        let n = deals.len() as u64;
        assert_eq!(
            (resumed.state, resumed.done, resumed.changed),
            (BulkJobState::Done, n, n)
        );
        let rest = n as i64 - 200;
        let follows = format!(
            "SELECT COUNT(*) FROM opportunity_followers WHERE user_id = {}",
            fox.id.0
        );
        assert_eq!(
            count(&store, &follows).await,
            rest,
            "the first batch is not applied again"
        );

        // Cancel pressed before the job's next batch.
        let unfollow = BulkAction::RemoveFollower(fox.id);
        let job = store
            .create_bulk_job(dana.id, &unfollow, "Remove follower", &deals)
            .await
            .unwrap();
        jobs.cancel(&store, job.id).await.unwrap();
        jobs.resume_all(&store).await.unwrap();
        let cancelled = finished(&store, job.id).await;
        assert_eq!(
            (cancelled.state, cancelled.changed),
            (BulkJobState::Cancelled, 0)
        );
        assert_eq!(count(&store, &follows).await, rest);
        assert!(
            jobs.cancel(&store, job.id).await.is_err(),
            "a stopped job cannot be cancelled"
        );
        assert!(
            jobs.resume(&store, job.id).await.is_err(),
            "a cancelled job does not resume"
        );
    })
    .await;
}

#[tokio::test]
async fn a_user_deletes_only_their_own_deals_and_a_large_delete_needs_its_count() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        seed_bench(&store, dana.id, 120, |_| {}).await.unwrap();
        let fox = fox_mulder(&store, false).await;
        let mut own = deal("Fox's own", "5", Some(stage(&sales, "Prospecting")));
        own.owner = Some(fox.id);
        let own = store
            .create_opportunity(Actor::User(fox.id), own)
            .await
            .unwrap();
        let jobs = BulkJobs::default();
        let n = visible(&store, &dana).await;
        let all = (n + 1).to_string();
        let refused = over_everything(&store, &jobs, &fox, BulkAction::Delete, &all).await;
        let refused = refused.unwrap_err();
        assert!(refused.contains("only deals you own"), "{refused}");
        let mine = Selection::Ids(vec![own.id]);
        let request = BulkRequest {
            selection: &mine,
            action: BulkAction::Delete,
            label: "Delete",
            confirm: "",
        };
        assert_eq!(
            jobs.apply(&store, &fox, request).await.unwrap(),
            BulkOutcome::Changed(1)
        );

        let mut manager = new_user("Walter Skinner", "walter@acme.test", false);
        manager.role = Role::Manager;
        let walter = store.create_user(&manager).await.unwrap();
        let n = visible(&store, &walter).await;
        let unconfirmed = over_everything(&store, &jobs, &walter, BulkAction::Delete, "").await;
        let unconfirmed = unconfirmed.unwrap_err();
        assert!(
            unconfirmed.contains(&format!("Type {n} to confirm")),
            "{unconfirmed}"
        );
        let wrong = over_everything(&store, &jobs, &walter, BulkAction::Delete, "100").await;
        assert!(wrong.is_err());
        let typed = n.to_string();
        let job =
            started(over_everything(&store, &jobs, &walter, BulkAction::Delete, &typed).await);
        let job = finished(&store, job.id).await;
        assert_eq!((job.state, job.changed), (BulkJobState::Done, n));
        let left = count(&store, "SELECT COUNT(*) FROM opportunities").await;
        assert_eq!(
            left,
            120 - n as i64,
            "abandoned deals, hidden from the list, stay"
        );
        let deleted = "SELECT COUNT(*) FROM opportunity_events WHERE kind = 'deleted'";
        assert_eq!(count(&store, deleted).await, n as i64 + 1);
    })
    .await;
}
