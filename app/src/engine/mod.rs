//! The automation engine (server only): the outbox of changes matched against published
//! triggers, durable runs claimed by workers (several servers may share them), each step
//! applied with its log entry in one transaction, waits, retries and schedules.
mod deliver;
mod matcher;
mod runner;

pub use runner::trial;
pub mod webhook;

use crate::domain::workflow::Definition;
use crate::store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How many outbox rows one matcher transaction takes, and runs one runner batch.
const MATCH_BATCH: i64 = 500;
const RUN_BATCH: i64 = 100;
/// How long one round of concurrent work on PostgreSQL goes on before the engine looks
/// again at what else is going on (bulk work to give way to).
const ROUND: Duration = Duration::from_secs(1);
/// The longest a lane of run batches waits for the matcher's next batch.
const LANE_WAIT: Duration = Duration::from_millis(50);
/// How often an idle engine looks for work other servers queued.
const POLL: Duration = Duration::from_millis(250);
/// While an import or bulk edit writes, the engine rests this many times as long as
/// each round of its work took (at most `MAX_REST`): it then takes about a tenth of the
/// writer (SQLite has one) and of the processor, and catches up once the job is done.
const REST_FACTOR: u32 = 9;
const MAX_REST: Duration = Duration::from_secs(2);
/// A bulk job whose progress has not moved for this long is not waited for (its server
/// may have died with it marked running; it resumes when that server starts again).
const STALLED: Duration = Duration::from_secs(30);

/// What this process last saw of the bulk jobs' progress, and when it last moved: a
/// local observation, so nothing another server must share.
#[derive(Clone, Default)]
struct BulkWatch(Arc<std::sync::Mutex<Option<(i64, Instant)>>>);

impl BulkWatch {
    /// Whether the last look found bulk work getting on (the engine then keeps to one
    /// batch at a time, whatever the database).
    fn seen_moving(&self) -> bool {
        self.0
            .lock()
            .map(|seen| seen.is_some_and(|(_, since)| since.elapsed() < STALLED))
            .unwrap_or(false)
    }

    /// Whether bulk work with `progress` (none: no job running) is moving, as of `now`.
    fn moving(&self, progress: Option<i64>, now: Instant) -> bool {
        let Ok(mut seen) = self.0.lock() else {
            return false;
        };
        match (progress, *seen) {
            (None, _) => {
                *seen = None;
                false
            }
            (Some(p), Some((last, since))) if p == last => now.duration_since(since) < STALLED,
            (Some(p), _) => {
                *seen = Some((p, now));
                true
            }
        }
    }
}

/// Parsed definitions of published versions, which never change once written: a cache
/// that is always right, whatever another server does.
#[derive(Clone, Default)]
pub(crate) struct Versions(Arc<RwLock<HashMap<i64, Arc<Definition>>>>);

impl Versions {
    pub(crate) fn get(&self, version: i64) -> Option<Arc<Definition>> {
        self.0.read().ok()?.get(&version).cloned()
    }

    pub(crate) fn put(&self, version: i64, definition: Arc<Definition>) {
        if let Ok(mut map) = self.0.write() {
            map.insert(version, definition);
        }
    }
}

/// The engine of one server process.
#[derive(Clone)]
pub struct WorkflowEngine {
    store: Store,
    versions: Versions,
    http: reqwest::Client,
    bulk: BulkWatch,
}

impl WorkflowEngine {
    pub fn new(store: Store) -> WorkflowEngine {
        WorkflowEngine {
            store,
            versions: Versions::default(),
            http: webhook::client(Duration::from_secs(10)),
            bulk: BulkWatch::default(),
        }
    }

    /// One round: match waiting changes, then run one step of each due run. Returns
    /// how much it did (0: nothing was waiting).
    pub async fn tick(&self) -> Result<usize, StoreError> {
        let alone =
            self.store.engine() == crate::store::Engine::Postgres && !self.bulk.seen_moving();
        if !alone {
            // One writer (SQLite), or people's import or bulk edit going on: matching,
            // then one batch of runs.
            let matched = self.match_changes().await?;
            let ran = runner::run_once(self, RUN_BATCH).await?;
            return Ok(matched + ran);
        }
        // PostgreSQL locks rows, not the database: with nobody's bulk work going on,
        // matching and three lanes of run batches go at once for up to `ROUND` (each
        // batch claims its own runs with SKIP LOCKED, as other servers' do), so the
        // round trips of one overlap the work of the others, and no lane waits for a
        // slower one before its next batch. A deadlock between two of them is rolled
        // back by PostgreSQL; that part counts as work left and is simply tried again.
        let again = |done: Result<usize, StoreError>| match done {
            Err(err) if crate::store::writing::is_busy(&err) => Ok(1),
            done => done,
        };
        let round = Instant::now();
        // What the matcher has done this round: batches committed, and whether it is
        // still going. A lane with nothing to run waits for its next batch.
        let (progress, heard) = tokio::sync::watch::channel((0usize, true));
        let matcher = async {
            let mut matched = 0;
            let out = loop {
                match again(self.match_changes().await) {
                    Ok(0) => break Ok(matched),
                    Ok(n) if round.elapsed() >= ROUND => break Ok(matched + n),
                    Ok(n) => {
                        matched += n;
                        progress.send_modify(|(batches, _)| *batches += 1);
                    }
                    Err(err) => break Err(err),
                }
            };
            progress.send_modify(|(_, going)| *going = false);
            out
        };
        let lane = || {
            let mut heard = heard.clone();
            async move {
                let mut ran = 0;
                while round.elapsed() < ROUND {
                    heard.mark_unchanged();
                    let n = again(runner::run_once(self, RUN_BATCH).await)?;
                    ran += n;
                    if n == 0 {
                        if !heard.borrow().1 {
                            break;
                        }
                        // The runs the matcher is enrolling now are due when it commits.
                        let _ = tokio::time::timeout(LANE_WAIT, heard.changed()).await;
                    }
                }
                Ok::<usize, StoreError>(ran)
            }
        };
        let (matched, a, b, c) = tokio::try_join!(matcher, lane(), lane(), lane())?;
        Ok(matched + a + b + c)
    }

    /// Matches waiting changes against the published triggers, enrolling records.
    pub async fn match_changes(&self) -> Result<usize, StoreError> {
        matcher::match_once(&self.store, &self.versions, MATCH_BATCH).await
    }

    /// Works until nothing is left that is due now (tests, and the command line).
    pub async fn drain(&self) -> Result<(), StoreError> {
        while self.tick().await? > 0 {}
        Ok(())
    }

    /// The scheduled work: Stale Opportunity triggers, and removing runs older than the
    /// workspace keeps them. Safe on several servers at once (the outbox and the stale
    /// marks are written in one transaction; removing twice removes nothing more).
    pub async fn scheduled(&self) -> Result<(), StoreError> {
        let store = &self.store;
        {
            let _turn = store.job_turn().await;
            let mut tx = store.job_transaction().await?;
            let known = |v| self.versions.get(v);
            let queued =
                crate::store::workflows::queue::queue_stale(&mut tx, store.now(), &known).await?;
            tx.commit().await?;
            if queued > 0 {
                store.wake_workflows();
            }
        }
        let days = store.workflow_log_days().await?;
        store
            .remove_old_runs(store.now() - days * 86_400_000)
            .await?;
        Ok(())
    }

    /// People's bulk work goes first: after a round that took `worked`, rests while an
    /// import or bulk edit is writing (and getting on).
    async fn give_way(&self, worked: Duration) {
        match self.store.bulk_progress().await {
            Ok(progress) if self.bulk.moving(progress, Instant::now()) => {
                tokio::time::sleep((worked * REST_FACTOR).min(MAX_REST)).await;
            }
            Ok(_) => {}
            Err(err) => tracing::warn!("workflow engine: {err}"),
        }
    }

    /// Runs in the background until the process ends: woken by this process's own
    /// commits, polling for work other servers queued; the schedule every minute.
    pub fn start(self) -> tokio::task::JoinHandle<()> {
        let schedule = self.clone();
        tokio::spawn(async move {
            let mut minute = tokio::time::interval(Duration::from_secs(60));
            loop {
                minute.tick().await;
                if let Err(err) = schedule.scheduled().await {
                    tracing::warn!("workflow schedule: {err}");
                }
            }
        });
        tokio::spawn(async move {
            loop {
                let started = Instant::now();
                match self.tick().await {
                    Ok(0) => {
                        tokio::select! {
                            _ = self.store.workflow_work() => {}
                            _ = tokio::time::sleep(POLL) => {}
                        }
                    }
                    Ok(_) => self.give_way(started.elapsed()).await,
                    Err(err) => {
                        tracing::error!("workflow engine: {err}");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_waits_for_bulk_work_only_while_it_gets_on() {
        let watch = BulkWatch::default();
        let start = Instant::now();
        assert!(!watch.moving(None, start), "nothing running");
        assert!(watch.moving(Some(0), start), "a job just started");
        let later = start + Duration::from_secs(10);
        assert!(
            watch.moving(Some(0), later),
            "not moved for 10 s: still waited for"
        );
        let stalled = start + STALLED + Duration::from_secs(1);
        assert!(!watch.moving(Some(0), stalled), "stalled: not waited for");
        assert!(watch.moving(Some(500), stalled), "moving again");
        assert!(!watch.moving(None, stalled), "done");
        assert!(watch.moving(Some(500), stalled), "a new job is waited for");
    }
}
