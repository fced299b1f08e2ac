//! People's moves while a bulk action runs: `cargo bench -p server --bench bulk` seeds
//! 100,000 deals on SQLite (and on PostgreSQL when BENCH_POSTGRES_URL or
//! TEST_POSTGRES_URL is set), starts "Add follower" over all matching deals as a
//! background job, and moves a deal every 50 ms until the job ends. It prints the moves'
//! p50/p95 (and any that failed), against moves with no job running, and how fast the
//! job went. `BENCH_DEALS` changes the number of deals; `BENCH_RUNS` the quiet moves.
mod common;

use app::domain::account::User;
use app::domain::board::{Card, Pipeline};
use app::domain::bulk::{BulkJobState, BulkOutcome};
use app::domain::change::Actor;
use app::domain::deal::DealFields;
use app::domain::list::ListInput;
use app::domain::opportunity::Status;
use app::jobs::bulk::BulkRequest;
use app::jobs::BulkJobs;
use app::store::opportunities::bulk::{BulkAction, Selection};
use app::store::opportunities::create::NewOpportunity;
use app::store::opportunities::service::StandingChange;
use app::store::users::NewUser;
use app::store::Store;
use common::{on_each_engine, report, seeded};
use std::time::{Duration, Instant};

/// Moves `card` to the next open stage; its time, or why it failed.
async fn move_once(
    store: &Store,
    admin: &User,
    pipeline: &Pipeline,
    card: &mut Card,
) -> Result<Duration, String> {
    let open: Vec<_> = pipeline
        .stages
        .iter()
        .filter(|s| !s.kind.is_closed())
        .map(|s| s.id)
        .collect();
    let at = open.iter().position(|s| Some(*s) == card.stage_id);
    let to = open[at.map_or(0, |i| (i + 1) % open.len())];
    let change = StandingChange {
        stage: Some(to),
        ..StandingChange::default()
    };
    let t = Instant::now();
    let moved = store
        .change_standing(Actor::User(admin.id), card.id, card.version, change)
        .await
        .map_err(|e| e.to_string())?;
    *card = moved;
    Ok(t.elapsed())
}

/// A new deal in the pipeline's first stage.
async fn new_deal(store: &Store, admin: &User, pipeline: &Pipeline, name: &str) -> Card {
    let new = NewOpportunity {
        fields: DealFields::parse(name, "100", "", "", 2).unwrap(),
        stage: pipeline.stages.first().map(|s| s.id),
        status: Status::Open,
        contact: None,
        owner: None,
    };
    store
        .create_opportunity(Actor::User(admin.id), new)
        .await
        .expect("deal to move")
}

async fn measure(engine: &'static str, store: Store, deals: usize, runs: usize) {
    let (admin, pipeline) = seeded(engine, &store, deals).await;
    let follower = store
        .create_user(&NewUser {
            name: app::domain::account::DisplayName::parse("Bench Follower").unwrap(),
            email: app::domain::account::EmailAddress::parse("follower@dealflow.example").unwrap(),
            password_hash: "unused".into(),
            role: app::domain::account::Role::User,
            only_assigned_data: false,
            must_change_password: false,
        })
        .await
        .expect("follower");
    let mut card = new_deal(&store, &admin, &pipeline, "Moved alone").await;
    let mut quiet = Vec::new();
    for _ in 0..runs {
        quiet.push(
            move_once(&store, &admin, &pipeline, &mut card)
                .await
                .unwrap(),
        );
    }
    report("one move, nothing else running", quiet);

    let jobs = BulkJobs::default();
    let everything = Selection::Matching(Box::new(
        ListInput::default()
            .parse(app::domain::currency::Currency::DEFAULT, &[])
            .unwrap(),
    ));
    let started = Instant::now();
    let request = BulkRequest {
        selection: &everything,
        action: BulkAction::AddFollower(follower.id),
        label: "Add follower",
        confirm: "",
    };
    let job = match jobs.apply(&store, &admin, request).await.unwrap() {
        BulkOutcome::Started(job) => job,
        BulkOutcome::Changed(n) => panic!("{n} deals changed at once, not as a job"),
    };
    // A deal outside the job's deals (fixed when it started): its moves wait only for the
    // database, never on a conflict with the job.
    let mut card = new_deal(&store, &admin, &pipeline, "Moved meanwhile").await;
    let (mut moves, mut failed) = (Vec::new(), Vec::new());
    let summary = loop {
        let summary = store.bulk_job_summary(job.id).await.unwrap();
        if !summary.state.is_active() {
            break summary;
        }
        match move_once(&store, &admin, &pipeline, &mut card).await {
            Ok(took) => moves.push(took),
            Err(err) => failed.push(err),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let took = started.elapsed();
    assert_eq!(summary.state, BulkJobState::Done, "{:?}", summary.error);
    println!(
        "  bulk \"Add follower\" over {} deals: {:.1} s ({:.0} deals/s), {} changed",
        summary.total,
        took.as_secs_f64(),
        summary.total as f64 / took.as_secs_f64(),
        summary.changed
    );
    if !moves.is_empty() {
        report("one move every 50 ms while the bulk job runs", moves);
    }
    println!("  moves that failed meanwhile: {}", failed.len());
    for err in failed.iter().take(3) {
        println!("    {err}");
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    on_each_engine(measure).await;
}
