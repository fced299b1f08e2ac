//! The import job: reads the uploaded file a chunk at a time, plans each row, and writes
//! each chunk in one transaction together with its progress, so a cancelled, failed or
//! restarted import stops exactly after a chunk and never applies a row twice; one
//! stopped by a passing error (a busy database) can be resumed the same way. The
//! review runs the same planning over the whole file without writing.
use super::chunk::{plan_creates, write_chunk};
use super::pass::Pass;
use super::reader::chunks;
use super::running::Running;
use super::writer::Writer;
use crate::domain::import::ImportState;
use crate::store::writing::{retry_busy, Backoff};
use crate::store::{Engine, Store, StoreError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A connection of the import's own, out of the pool: on SQLite with a 32 MB page cache;
/// on both, with commits that do not wait for the disk (see `run`).
async fn own_connection(store: &Store) -> Result<sqlx::AnyConnection, StoreError> {
    let settings: &[&str] = match store.engine() {
        Engine::Sqlite => &["PRAGMA cache_size = -32768", "PRAGMA synchronous = NORMAL"],
        Engine::Postgres => &["SET synchronous_commit = off"],
    };
    let mut conn = store.pool().acquire().await?.detach();
    for setting in settings {
        sqlx::query(setting).execute(&mut conn).await?;
    }
    Ok(conn)
}

/// Where uploaded files are kept, and which imports this process is running.
#[derive(Clone)]
pub struct ImportJobs {
    dir: PathBuf,
    running: Running,
}

impl ImportJobs {
    pub fn new(dir: PathBuf) -> ImportJobs {
        ImportJobs {
            dir,
            running: Running::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where an import's uploaded file is kept.
    pub fn file(&self, id: i64) -> PathBuf {
        self.dir.join(format!("import-{id}.csv"))
    }

    /// Starts a reviewed import as a background job.
    pub async fn start(&self, store: &Store, id: i64) -> Result<(), StoreError> {
        if !store
            .move_import(id, &[ImportState::Reviewed], ImportState::Running)
            .await?
        {
            return Err(StoreError::Refused(
                "This import has already started.".into(),
            ));
        }
        self.spawn(store.clone(), id);
        Ok(())
    }

    /// Resumes an import a passing error stopped (a busy database), after the last chunk
    /// it wrote; refused for any other import.
    pub async fn resume(&self, store: &Store, id: i64) -> Result<(), StoreError> {
        if !store.resume_failed_import(id).await? {
            return Err(StoreError::Refused(
                "Only an import stopped by a passing error can be resumed; this one cannot.".into(),
            ));
        }
        self.spawn(store.clone(), id);
        Ok(())
    }

    /// Resumes the imports that were running when the server stopped.
    pub async fn resume_all(&self, store: &Store) -> Result<(), StoreError> {
        for id in store.active_imports().await? {
            tracing::info!("resuming import {id}");
            self.spawn(store.clone(), id);
        }
        Ok(())
    }

    fn spawn(&self, store: Store, id: i64) {
        let (jobs, running) = (self.clone(), store.clone());
        let job = async move { jobs.run(&running, id).await };
        self.running
            .spawn("import", id, job, move |error, resumable| {
                let store = store.clone();
                async move { store.fail_import(id, &error, resumable).await }
            });
    }

    async fn run(&self, store: &Store, id: i64) -> Result<(), StoreError> {
        let record = store.import_record(id).await?;
        let mapping = record
            .mapping
            .clone()
            .ok_or_else(|| StoreError::Refused("This import has no reviewed mapping.".into()))?;
        let options = record.summary.options;
        let pass = Pass::read(store, &record, &mapping, options).await?;
        // A resumed run measures its speed from where it picks up.
        let running = [ImportState::Running];
        retry_busy(|| store.move_import(id, &running, ImportState::Running)).await?;
        let mut planner = pass.planner();
        let done = record.summary.rows_done;
        let mut file = chunks(self.file(id), record.shape.clone(), done);
        // Connections of the job's own for the whole run keep their page cache warm from
        // chunk to chunk; on SQLite they may hold more pages (the indexes a million new
        // deals go into outgrow the default 2 MB). They are closed, not pooled, at the end.
        //
        // Their commits need not each wait for the disk: a power cut may take back the
        // last chunks, and the progress with them, so the resumed job writes them again
        // exactly once; the import's end is then recorded on an ordinary connection,
        // whose wait for the disk covers every chunk written before it.
        let mut conn = own_connection(store).await?;
        let writing = own_connection(store).await?;
        let mut writer = Writer::spawn(store.clone(), writing, pass.workspace.clone(), id, done);
        let mut announced = Instant::now();
        let planned = async {
            while let Some(chunk) = file.recv().await {
                if store.import_state(id).await? == ImportState::Cancelling {
                    return Ok(false);
                }
                let chunk = chunk.map_err(|p| StoreError::Refused(p.to_string()))?;
                // Rows already written are in the database: the planner forgets them.
                planner.written_up_to(writer.committed());
                match plan_creates(&mut conn, &pass, &mut planner, &chunk).await? {
                    Some(creates) => writer.write(creates).await?,
                    None => {
                        // A row updates a deal: plan the chunk again once everything
                        // before it is written (the database then knows what the
                        // planner remembers), and write it here, as it goes.
                        writer.drain().await?;
                        let mut backoff = Backoff::default();
                        let turn = store.job_turn().await;
                        let started = Instant::now();
                        loop {
                            // Each try plans from what the database holds: a busy try's
                            // rows were rolled back, so the planner forgets them.
                            planner.written();
                            match write_chunk(&mut conn, &pass, &mut planner, &chunk).await {
                                Ok(()) => break,
                                Err(err) => backoff.after(err).await?,
                            }
                        }
                        planner.written();
                        store.make_way(turn, started.elapsed()).await;
                    }
                }
                if announced.elapsed() > Duration::from_secs(2) {
                    announce(store).await;
                    announced = Instant::now();
                }
            }
            Ok::<bool, StoreError>(true)
        }
        .await;
        // Whatever stopped the planning, the chunks handed over are written (or their
        // error told) before the import's state moves.
        let written = writer.close().await;
        let to_the_end = planned?;
        written?;
        let finished = [ImportState::Running];
        let done = || store.move_import(id, &finished, ImportState::Done);
        if !to_the_end || !retry_busy(done).await? {
            let cancelling = [ImportState::Cancelling];
            retry_busy(|| store.move_import(id, &cancelling, ImportState::Cancelled)).await?;
        }
        announce(store).await;
        Ok(())
    }
}

/// Tells open boards to reload: an import changes too many deals to send one by one. A
/// board that misses it still shows the deals on its next load, so a failure is logged.
async fn announce(store: &Store) {
    if let Err(err) = store.reload_boards().await {
        tracing::warn!("could not tell open boards about an import: {err}");
    }
}
