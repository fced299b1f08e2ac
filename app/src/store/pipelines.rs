//! The `pipelines` and `stages` tables: creating, renaming, reordering and removing them.
//! Deals held by a removed stage or deleted pipeline move through the opportunity service.
use super::opportunities::board::Viewer;
use super::opportunities::conditions::visible_sql;
use super::{Store, StoreError};
use crate::domain::board::{Pipeline, Stage};
use crate::domain::pipeline::{same_name, PipelineId, Probability, StageId, StageKind, StagePlan};
use sqlx::{Any, FromRow, Transaction};

#[derive(FromRow)]
struct StageRow {
    id: i64,
    pipeline_id: i64,
    name: String,
    kind: String,
    position: i64,
    probability: i64,
}

impl StageRow {
    fn into_stage(self) -> Result<Stage, StoreError> {
        let kind =
            StageKind::from_key(&self.kind).ok_or_else(|| StoreError::corrupt("stage kind"))?;
        let probability = match kind {
            StageKind::Open => Probability::for_open_stage(self.probability)
                .map_err(|_| StoreError::corrupt("stage probability"))?,
            StageKind::Won => Probability::WON,
            StageKind::Lost => Probability::LOST,
        };
        Ok(Stage {
            id: StageId(self.id),
            pipeline_id: PipelineId(self.pipeline_id),
            name: self.name,
            kind,
            probability,
            position: self.position,
        })
    }
}

const STAGE_COLUMNS: &str = "id, pipeline_id, name, kind, position, probability";

/// Every pipeline with its stages, in creation order.
pub(in crate::store) async fn load_pipelines<'e, E>(
    executor: E,
    only: Option<PipelineId>,
) -> Result<Vec<Pipeline>, StoreError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        stage: StageRow,
        pipeline_name: String,
    }
    let sql = format!(
        "SELECT s.{cols}, p.name AS pipeline_name FROM stages s JOIN pipelines p ON p.id = s.pipeline_id \
         WHERE $1 = 0 OR p.id = $1 ORDER BY p.id, s.position, s.id",
        cols = STAGE_COLUMNS.replace(", ", ", s.")
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(only.map_or(0, |p| p.0))
        .fetch_all(executor)
        .await?;
    let mut pipelines: Vec<Pipeline> = Vec::new();
    for row in rows {
        let stage = row.stage.into_stage()?;
        match pipelines.last_mut() {
            Some(p) if p.id == stage.pipeline_id => p.stages.push(stage),
            _ => pipelines.push(Pipeline {
                id: stage.pipeline_id,
                name: row.pipeline_name,
                stages: vec![stage],
            }),
        }
    }
    Ok(pipelines)
}

pub(super) async fn load_pipeline(
    tx: &mut Transaction<'_, Any>,
    id: PipelineId,
) -> Result<Pipeline, StoreError> {
    load_pipelines(&mut **tx, Some(id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound("pipeline"))
}

/// Writes stage positions in the order given: open stages first, closed stages last.
async fn renumber(tx: &mut Transaction<'_, Any>, stages: &[StageId]) -> Result<(), StoreError> {
    for (position, id) in stages.iter().enumerate() {
        sqlx::query("UPDATE stages SET position = $1 WHERE id = $2")
            .bind(position as i64)
            .bind(id.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Tells every open board to reload: after changes to too many deals to announce one
    /// by one (imports, their undo, seeding).
    pub async fn reload_boards(&self) -> Result<(), StoreError> {
        for pipeline in self.pipelines().await? {
            self.feed().pipeline_changed(pipeline.id);
        }
        Ok(())
    }

    pub async fn pipelines(&self) -> Result<Vec<Pipeline>, StoreError> {
        load_pipelines(self.pool(), None).await
    }

    pub async fn pipeline(&self, id: PipelineId) -> Result<Pipeline, StoreError> {
        load_pipelines(self.pool(), Some(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound("pipeline"))
    }

    /// Creates a pipeline with `stages` (which must end with the two closed stages).
    pub async fn create_pipeline(
        &self,
        name: &str,
        stages: &[StagePlan],
    ) -> Result<Pipeline, StoreError> {
        let mut tx = self.write_transaction().await?;
        ensure_unique_pipeline_name(&mut tx, name, None).await?;
        let (id,): (i64,) =
            sqlx::query_as("INSERT INTO pipelines (name, created_at) VALUES ($1, $2) RETURNING id")
                .bind(name)
                .bind(self.now())
                .fetch_one(&mut *tx)
                .await?;
        for (position, plan) in stages.iter().enumerate() {
            insert_stage(&mut tx, PipelineId(id), plan, position as i64).await?;
        }
        let pipeline = load_pipeline(&mut tx, PipelineId(id)).await?;
        tx.commit().await?;
        self.feed().pipeline_changed(pipeline.id);
        Ok(pipeline)
    }

    pub async fn rename_pipeline(
        &self,
        id: PipelineId,
        name: &str,
    ) -> Result<Pipeline, StoreError> {
        let mut tx = self.write_transaction().await?;
        ensure_unique_pipeline_name(&mut tx, name, Some(id)).await?;
        let done = sqlx::query("UPDATE pipelines SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("pipeline"));
        }
        self.finish_pipeline_change(tx, id).await
    }

    /// Adds an open stage after the other open stages, before Closed Won and Closed Lost.
    pub async fn add_stage(
        &self,
        pipeline: PipelineId,
        name: &str,
        probability: Probability,
    ) -> Result<Pipeline, StoreError> {
        let mut tx = self.write_transaction().await?;
        let current = load_pipeline(&mut tx, pipeline).await?;
        ensure_unique_name(&current, name, None)?;
        let plan = StagePlan {
            name: name.to_string(),
            kind: StageKind::Open,
            probability,
        };
        let id = insert_stage(&mut tx, pipeline, &plan, 0).await?;
        let (open, closed): (Vec<&Stage>, Vec<&Stage>) = current
            .stages
            .iter()
            .partition(|s| s.kind == StageKind::Open);
        let order: Vec<StageId> = open
            .iter()
            .map(|s| s.id)
            .chain([id])
            .chain(closed.iter().map(|s| s.id))
            .collect();
        renumber(&mut tx, &order).await?;
        self.finish_pipeline_change(tx, pipeline).await
    }

    /// Renames an open stage and sets its close probability.
    pub async fn update_stage(
        &self,
        id: StageId,
        name: &str,
        probability: Probability,
    ) -> Result<Pipeline, StoreError> {
        let mut tx = self.write_transaction().await?;
        let pipeline = stage_pipeline(&mut tx, id).await?;
        let current = load_pipeline(&mut tx, pipeline).await?;
        let stage = current.stage(id).ok_or(StoreError::NotFound("stage"))?;
        if stage.kind.is_closed() {
            return Err(StoreError::Refused(format!(
                "{} is fixed: its name and probability cannot change.",
                stage.name
            )));
        }
        ensure_unique_name(&current, name, Some(id))?;
        sqlx::query("UPDATE stages SET name = $1, probability = $2 WHERE id = $3")
            .bind(name)
            .bind(i64::from(probability.percent()))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        self.finish_pipeline_change(tx, pipeline).await
    }

    /// Puts the open stages of `pipeline` in the order given; Closed Won and Lost stay last.
    pub async fn reorder_stages(
        &self,
        pipeline: PipelineId,
        open_order: &[StageId],
    ) -> Result<Pipeline, StoreError> {
        let mut tx = self.write_transaction().await?;
        let current = load_pipeline(&mut tx, pipeline).await?;
        let mut open: Vec<StageId> = current
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Open)
            .map(|s| s.id)
            .collect();
        let mut asked = open_order.to_vec();
        open.sort_by_key(|s| s.0);
        asked.sort_by_key(|s| s.0);
        if open != asked {
            return Err(StoreError::Refused(
                "The stages changed while you were reordering them. Reload the page and try again."
                    .into(),
            ));
        }
        let order: Vec<StageId> = open_order
            .iter()
            .copied()
            .chain(
                current
                    .stages
                    .iter()
                    .filter(|s| s.kind.is_closed())
                    .map(|s| s.id),
            )
            .collect();
        renumber(&mut tx, &order).await?;
        self.finish_pipeline_change(tx, pipeline).await
    }

    /// How many of a pipeline's deals `viewer` may see, to say so before it is deleted.
    pub async fn pipeline_deal_count(
        &self,
        id: PipelineId,
        viewer: Viewer,
    ) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM opportunities o WHERE o.pipeline_id = $1 AND {}",
            visible_sql(viewer)
        );
        let (count,): (i64,) = sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_one(self.pool())
            .await?;
        Ok(count)
    }

    async fn finish_pipeline_change(
        &self,
        mut tx: Transaction<'_, Any>,
        id: PipelineId,
    ) -> Result<Pipeline, StoreError> {
        let pipeline = load_pipeline(&mut tx, id).await?;
        tx.commit().await?;
        self.feed().pipeline_changed(id);
        Ok(pipeline)
    }
}

pub(super) async fn stage_pipeline(
    tx: &mut Transaction<'_, Any>,
    id: StageId,
) -> Result<PipelineId, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT pipeline_id FROM stages WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|(p,)| PipelineId(p))
        .ok_or(StoreError::NotFound("stage"))
}

async fn insert_stage(
    tx: &mut Transaction<'_, Any>,
    pipeline: PipelineId,
    plan: &StagePlan,
    position: i64,
) -> Result<StageId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO stages (pipeline_id, name, kind, position, probability) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(pipeline.0)
    .bind(&plan.name)
    .bind(plan.kind.key())
    .bind(position)
    .bind(i64::from(plan.probability.percent()))
    .fetch_one(&mut **tx)
    .await?;
    Ok(StageId(id))
}

fn ensure_unique_name(
    pipeline: &Pipeline,
    name: &str,
    except: Option<StageId>,
) -> Result<(), StoreError> {
    let taken = pipeline
        .stages
        .iter()
        .any(|s| Some(s.id) != except && same_name(&s.name, name));
    if taken {
        Err(StoreError::Invalid {
            field: "name",
            message: format!("{} already has a stage named '{name}'.", pipeline.name),
        })
    } else {
        Ok(())
    }
}

/// Refuses a pipeline name another pipeline of the workspace has (trimmed, in any case).
/// The workspace's row is locked first, so two people naming pipelines at once on
/// PostgreSQL cannot both pass (SQLite's writers already take turns).
async fn ensure_unique_pipeline_name(
    tx: &mut Transaction<'_, Any>,
    name: &str,
    except: Option<PipelineId>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE workspace SET id = id WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    let names: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM pipelines")
        .fetch_all(&mut **tx)
        .await?;
    match names
        .into_iter()
        .find(|(id, other)| Some(PipelineId(*id)) != except && same_name(other, name))
    {
        Some((_, taken)) => Err(StoreError::Invalid {
            field: "name",
            message: format!("There is already a pipeline named '{taken}'. Choose another name."),
        }),
        None => Ok(()),
    }
}
