//! The write discipline every writer follows, so people and background jobs interleave.
//!
//! On SQLite a transaction that reads before it writes (a plain, deferred `BEGIN`) fails
//! with "database is locked" (`SQLITE_BUSY_SNAPSHOT`, code 517) as soon as anyone else
//! commits between its first read and its first write, and no busy timeout helps it. So
//! every transaction that will write starts as a writer (`BEGIN IMMEDIATE`): it waits its
//! turn (the connection's busy timeout) before reading anything, and then cannot be
//! overtaken. PostgreSQL's row locks need none of this: there it is a plain `BEGIN`.
//!
//! Background jobs go further: they hold a turn while they write and give it back after
//! each short transaction, letting people's waiting transactions go first ([`Turns`]),
//! and a writer's turn that does not come within the busy timeout is tried again with
//! growing pauses ([`Backoff`], [`retry_busy`]) instead of failing the job.
use super::{Engine, Store, StoreError};
use sqlx::{Any, AnyConnection, Connection, Transaction};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::OwnedMutexGuard;

impl Engine {
    /// The statement that opens a transaction which will write.
    fn begin_writing(self) -> &'static str {
        match self {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        }
    }
}

/// Turns to write on SQLite, which one writer at a time holds: people's transactions
/// are counted while they wait, and background jobs hold `job` while they write, so
/// people waiting are woken as soon as a job's transaction ends instead of polling.
#[derive(Default)]
pub(crate) struct Turns {
    waiting: AtomicUsize,
    job: Arc<tokio::sync::Mutex<()>>,
}

/// A background job's turn to write, held for one of its transactions (SQLite only).
pub struct JobTurn {
    _held: Option<OwnedMutexGuard<()>>,
}

impl Store {
    /// A transaction on a pooled connection that will write (see the module's note).
    /// While it waits for its turn, background jobs hold back (see `make_way`).
    pub(crate) async fn write_transaction(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let _waiting = Waiting::new(&self.turns.waiting);
        if self.engine() == Engine::Sqlite {
            // A job writing now: wait for the end of its transaction, then go first.
            drop(self.turns.job.lock().await);
        }
        Ok(self
            .pool()
            .begin_with(self.engine().begin_writing())
            .await?)
    }

    /// A transaction that will write, for a background job on a pooled connection: like
    /// [`Store::write_transaction`], but jobs do not hold back for each other.
    pub(crate) async fn job_transaction(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(self
            .pool()
            .begin_with(self.engine().begin_writing())
            .await?)
    }

    /// A background job's turn to write, to hold for one transaction and give back with
    /// [`Store::make_way`].
    pub(crate) async fn job_turn(&self) -> JobTurn {
        match self.engine() {
            Engine::Sqlite => JobTurn {
                _held: Some(self.turns.job.clone().lock_owned().await),
            },
            Engine::Postgres => JobTurn { _held: None },
        }
    }

    /// Gives a job's `turn` back after a transaction that took `held`. On SQLite the job
    /// then leaves the database free for a fifth of that (at most 20 ms), so the single
    /// statements people write (a sign-in) get their turn, and then until the people's
    /// transactions waiting for one have it. PostgreSQL locks rows, not the database:
    /// there the job goes straight on.
    pub(crate) async fn make_way(&self, turn: JobTurn, held: Duration) {
        drop(turn);
        if self.engine() != Engine::Sqlite {
            return;
        }
        tokio::time::sleep((held / 5).clamp(Duration::from_millis(1), MAX_GAP)).await;
        let waited = Instant::now();
        while self.turns.waiting.load(Ordering::Acquire) > 0 && waited.elapsed() < MAX_WAIT {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// The longest a job leaves the database free after each transaction on its own.
const MAX_GAP: Duration = Duration::from_millis(20);
/// The longest a job holds back for people's transactions before it writes again.
const MAX_WAIT: Duration = Duration::from_secs(1);

/// Counts a transaction as waiting for its turn to write, until dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::AcqRel);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A transaction that will write, on a connection of a job's own.
pub(crate) async fn write_transaction_on(
    conn: &mut AnyConnection,
    engine: Engine,
) -> Result<Transaction<'_, Any>, StoreError> {
    Ok(conn.begin_with(engine.begin_writing()).await?)
}

/// Whether `err` says only that someone else held the database for too long (SQLite's
/// busy and locked codes, PostgreSQL's serialization failure and deadlock): the same
/// work may succeed when tried again.
pub fn is_busy(err: &StoreError) -> bool {
    let StoreError::Database(sqlx::Error::Database(db)) = err else {
        return false;
    };
    let Some(code) = db.code() else {
        return false;
    };
    match code.parse::<i64>() {
        // SQLite: the primary code is the low byte (5 busy, 6 locked; 517 busy snapshot).
        Ok(sqlite) => matches!(sqlite & 0xff, 5 | 6),
        Err(_) => matches!(code.as_ref(), "40001" | "40P01"),
    }
}

/// Whether a job stopped by `err` may be resumed: the database was busy, or could not be
/// reached for a while. Other errors would stop it again at the same row.
pub fn is_transient(err: &StoreError) -> bool {
    is_busy(err)
        || matches!(
            err,
            StoreError::Database(
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::WorkerCrashed
            )
        )
}

/// How many times a job tries a busy write before it gives up (and can be resumed).
const BUSY_ATTEMPTS: u32 = 8;

/// A job's patience with a busy database: [`BUSY_ATTEMPTS`] tries, pausing 50 ms,
/// 100 ms, 200 ms … (at most 2 s) between them, each after the busy timeout ran out.
pub struct Backoff {
    pause: Duration,
    attempt: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            pause: Duration::from_millis(50),
            attempt: 1,
        }
    }
}

impl Backoff {
    /// After a failed attempt: pauses and returns `Ok` when the work should be tried
    /// again, or gives the error back when it is not a busy database or patience ran out.
    pub async fn after(&mut self, err: StoreError) -> Result<(), StoreError> {
        if !is_busy(&err) || self.attempt >= BUSY_ATTEMPTS {
            return Err(err);
        }
        tracing::info!(
            "the database is busy; trying again in {:?}: {err}",
            self.pause
        );
        tokio::time::sleep(self.pause).await;
        self.pause = (self.pause * 2).min(Duration::from_secs(2));
        self.attempt += 1;
        Ok(())
    }
}

/// Runs `work` until it succeeds or [`Backoff`] gives up. `work` must be safe to repeat:
/// one statement, or one transaction that is rolled back when it fails.
pub async fn retry_busy<T, F, Fut>(mut work: F) -> Result<T, StoreError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, StoreError>>,
{
    let mut backoff = Backoff::default();
    loop {
        match work().await {
            Ok(done) => return Ok(done),
            Err(err) => backoff.after(err).await?,
        }
    }
}

impl Store {
    /// Ends a background job of `table` (`imports`, `bulk_jobs`: both keep a state, an
    /// error, whether it may be resumed and when it ended) with the error that stopped it.
    pub(crate) async fn fail_job(
        &self,
        table: &'static str,
        id: i64,
        error: &str,
        resumable: bool,
    ) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "UPDATE {table} SET state = 'failed', error = $1, resumable = $2, finished_at = $3 \
             WHERE id = $4"
        ))
        .bind(error)
        .bind(i64::from(resumable))
        .bind(self.now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
