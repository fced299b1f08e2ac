//! The import's writer: chunks planned ahead are written on a connection of its own, one
//! transaction per chunk in file order, while the job reads and plans the next chunk on
//! another. Planning then overlaps writing, so the database's work and the job's own run
//! side by side. A chunk the busy database keeps out is tried again (its transaction
//! rolled back each time), and after each chunk people get their turn to write.
use super::chunk::{write_creates, CreatesOnly};
use crate::domain::import::row::Workspace;
use crate::store::writing::Backoff;
use crate::store::{Store, StoreError};
use std::time::Instant;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

pub(super) struct Writer {
    send: Option<mpsc::Sender<CreatesOnly>>,
    /// The last row of the last chunk committed.
    committed: watch::Receiver<u64>,
    /// The last row of the last chunk handed over.
    sent: u64,
    task: Option<JoinHandle<Result<(), StoreError>>>,
}

impl Writer {
    /// A writer on `conn` for import `import`, which has committed up to row `done`.
    pub(super) fn spawn(
        store: Store,
        mut conn: sqlx::AnyConnection,
        workspace: Workspace,
        import: i64,
        done: u64,
    ) -> Writer {
        // One chunk waits while another is written: the planner stays at most two ahead.
        let (send, mut receive) = mpsc::channel::<CreatesOnly>(1);
        let (report, committed) = watch::channel(done);
        let task = tokio::spawn(async move {
            while let Some(chunk) = receive.recv().await {
                let mut backoff = Backoff::default();
                let turn = store.job_turn().await;
                let started = Instant::now();
                while let Err(err) =
                    write_creates(&mut conn, &store, &workspace, import, &chunk).await
                {
                    backoff.after(err).await?;
                }
                report.send_replace(chunk.rows_done);
                store.make_way(turn, started.elapsed()).await;
            }
            Ok(())
        });
        Writer {
            send: Some(send),
            committed,
            sent: done,
            task: Some(task),
        }
    }

    /// The last row written for good: the rows up to it are in the database.
    pub(super) fn committed(&self) -> u64 {
        *self.committed.borrow()
    }

    /// Hands a planned chunk over; waits while the writer is a chunk behind.
    pub(super) async fn write(&mut self, chunk: CreatesOnly) -> Result<(), StoreError> {
        let last = chunk.rows_done;
        let Some(send) = &self.send else {
            return self.stopped().await;
        };
        if send.send(chunk).await.is_err() {
            return self.stopped().await;
        }
        self.sent = last;
        Ok(())
    }

    /// Waits until every chunk handed over is written.
    pub(super) async fn drain(&mut self) -> Result<(), StoreError> {
        while *self.committed.borrow_and_update() < self.sent {
            if self.committed.changed().await.is_err() {
                // The writer ended before writing them all: it failed.
                return self.stopped().await;
            }
        }
        Ok(())
    }

    /// Writes what is handed over and ends the writer.
    pub(super) async fn close(mut self) -> Result<(), StoreError> {
        self.send = None;
        self.stopped().await
    }

    /// The writer's end: its error, if it had one.
    async fn stopped(&mut self) -> Result<(), StoreError> {
        self.send = None;
        match self.task.take() {
            Some(task) => match task.await {
                Ok(result) => result,
                Err(_) => Err(StoreError::Refused(
                    "The import's writer stopped unexpectedly.".into(),
                )),
            },
            // Already ended, and its end already told.
            None => Ok(()),
        }
    }
}
