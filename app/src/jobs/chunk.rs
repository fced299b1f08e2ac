//! Writing one chunk of an import: its rows planned in order, new deals written together,
//! updates one by one in savepoints, and the chunk's bookkeeping and progress, all in one
//! transaction. A chunk that only creates deals can be planned ahead ([`plan_creates`])
//! and written later by the job's writer ([`write_creates`]).
use super::pass::{lookups_for, typed, Pass, TypedRow};
use super::reader::Chunk;
use crate::domain::change::Actor;
use crate::domain::import::row::Workspace;
use crate::domain::import::ImportCounts;
use crate::store::imports::plan::{NewDeal, Planned, Planner};
use crate::store::imports::write::{create_deals, record_chunk, update_deal, ChunkRecord};
use crate::store::writing::write_transaction_on;
use crate::store::{Engine, Store, StoreError};

/// Why a row with no cell filled is skipped.
pub(super) const EMPTY_ROW: &str = "the row is empty";

/// What a chunk applied so far: (row, deal, "created" or "updated"), the rows it
/// skipped and why, and its counts.
#[derive(Default)]
struct Written {
    applied: Vec<(u64, i64, &'static str)>,
    skips: Vec<(u64, String)>,
    counts: ImportCounts,
}

/// Writes new deals, noting them as applied.
async fn flush(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    (store, workspace, import): (&Store, &Workspace, i64),
    deals: &[NewDeal],
    written: &mut Written,
) -> Result<(), StoreError> {
    let actor = Actor::Import { batch: import };
    let (engine, now) = (store.engine(), store.now());
    let created = create_deals(tx, engine, actor, workspace, deals, now).await?;
    written.counts.created += created.len() as u64;
    let rows = created.into_iter().map(|(r, d)| (r, d, "created"));
    written.applied.extend(rows);
    Ok(())
}

/// Records what a chunk applied and failed, and the progress after its last row
/// `rows_done`, then commits the chunk.
async fn finish(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    engine: Engine,
    import: i64,
    written: Written,
    failures: &[(u64, String)],
    rows_done: u64,
) -> Result<(), StoreError> {
    let Written {
        applied,
        skips,
        mut counts,
    } = written;
    counts.failed = failures.len() as u64;
    counts.skipped = skips.len() as u64;
    record_chunk(
        &mut tx,
        ChunkRecord {
            engine,
            import,
            applied: &applied,
            failures,
            skips: &skips,
            rows_done,
            counts,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A chunk's last row: where a resumed job starts once the chunk is written.
fn last_row(chunk: &Chunk) -> u64 {
    chunk.last().map_or(0, |(row, _)| *row)
}

/// Plans and writes one chunk in one transaction with its progress.
pub(super) async fn write_chunk(
    conn: &mut sqlx::AnyConnection,
    pass: &Pass<'_>,
    planner: &mut Planner<'_>,
    chunk: &Chunk,
) -> Result<(), StoreError> {
    let store = pass.store;
    let import = pass.record.summary.id;
    let target = (store, &pass.workspace, import);
    let actor = Actor::Import { batch: import };
    let now = store.now();
    let rows = typed(chunk, pass);
    let mut tx = write_transaction_on(conn, store.engine()).await?;
    let mut found = lookups_for(&mut tx, &rows, pass.viewer).await?;
    let mut written = Written::default();
    let mut pending: Vec<NewDeal> = Vec::new();
    let mut failures: Vec<(u64, String)> = Vec::new();
    for TypedRow { row, values, .. } in &rows {
        let values = match values {
            None => {
                written.skips.push((*row, EMPTY_ROW.into()));
                continue;
            }
            Some(Err(reason)) => {
                failures.push((*row, reason.clone()));
                continue;
            }
            Some(Ok(values)) => values,
        };
        let mut planned = planner.plan(*row, values, &found);
        if let Planned::AfterPending(_) = planned {
            // The deal this row updates is one an earlier row creates: write those first.
            flush(&mut tx, target, &pending, &mut written).await?;
            pending.clear();
            planner.written();
            found = lookups_for(&mut tx, &rows, pass.viewer).await?;
            planned = planner.plan(*row, values, &found);
        }
        match planned {
            Planned::Create(deal) => pending.push(*deal),
            Planned::Update(plan) => {
                let mut savepoint = sqlx::Acquire::begin(&mut tx).await?;
                match update_deal(&mut savepoint, (store.engine(), actor), &plan, now).await {
                    Ok(true) => {
                        savepoint.commit().await?;
                        written.applied.push((*row, plan.deal, "updated"));
                        written.counts.updated += 1;
                    }
                    Ok(false) => {
                        savepoint.commit().await?;
                        written.skips.push((*row, "already up to date".into()));
                    }
                    Err(err @ (StoreError::Database(_) | StoreError::Migrate(_))) => {
                        return Err(err)
                    }
                    Err(refused) => {
                        savepoint.rollback().await?;
                        failures.push((*row, refused.to_string()));
                    }
                }
            }
            Planned::Skip(reason) => written.skips.push((*row, reason)),
            Planned::Fail(reason) => failures.push((*row, reason)),
            Planned::AfterPending(first) => failures.push((
                *row,
                format!("the deal row {first} creates could not be found"),
            )),
        }
    }
    flush(&mut tx, target, &pending, &mut written).await?;
    finish(
        tx,
        store.engine(),
        import,
        written,
        &failures,
        last_row(chunk),
    )
    .await
}

/// A chunk planned ahead of its writing: it only creates deals (or skips or fails rows).
pub(super) struct CreatesOnly {
    pub(super) deals: Vec<NewDeal>,
    pub(super) failures: Vec<(u64, String)>,
    pub(super) skips: Vec<(u64, String)>,
    /// The chunk's last row: where a resumed job starts after it is written.
    pub(super) rows_done: u64,
}

/// Plans a chunk against the database as `conn` sees it, for the writer to write later.
/// `None` when a row updates a deal: such a chunk is planned again, and written, once
/// everything before it is written.
pub(super) async fn plan_creates(
    conn: &mut sqlx::AnyConnection,
    pass: &Pass<'_>,
    planner: &mut Planner<'_>,
    chunk: &Chunk,
) -> Result<Option<CreatesOnly>, StoreError> {
    let rows = typed(chunk, pass);
    let found = lookups_for(conn, &rows, pass.viewer).await?;
    let mut planned = CreatesOnly {
        deals: Vec::new(),
        failures: Vec::new(),
        skips: Vec::new(),
        rows_done: last_row(chunk),
    };
    for TypedRow { row, values, .. } in &rows {
        match values {
            None => planned.skips.push((*row, EMPTY_ROW.into())),
            Some(Err(reason)) => planned.failures.push((*row, reason.clone())),
            Some(Ok(values)) => match planner.plan(*row, values, &found) {
                Planned::Create(deal) => planned.deals.push(*deal),
                Planned::Skip(reason) => planned.skips.push((*row, reason)),
                Planned::Fail(reason) => planned.failures.push((*row, reason)),
                Planned::Update(_) | Planned::AfterPending(_) => return Ok(None),
            },
        }
    }
    Ok(Some(planned))
}

/// Writes a chunk planned ahead, with its bookkeeping and progress, in one transaction.
pub(super) async fn write_creates(
    conn: &mut sqlx::AnyConnection,
    store: &Store,
    workspace: &Workspace,
    import: i64,
    chunk: &CreatesOnly,
) -> Result<(), StoreError> {
    let mut tx = write_transaction_on(conn, store.engine()).await?;
    let mut written = Written {
        skips: chunk.skips.clone(),
        ..Written::default()
    };
    flush(
        &mut tx,
        (store, workspace, import),
        &chunk.deals,
        &mut written,
    )
    .await?;
    let engine = store.engine();
    finish(
        tx,
        engine,
        import,
        written,
        &chunk.failures,
        chunk.rows_done,
    )
    .await
}
