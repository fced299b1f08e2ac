//! Removing a stage or deleting a pipeline: the deals they hold move first, each through
//! the service's rules and with its own change-log events, in the same transaction.
use super::super::pipelines::{load_pipeline, stage_pipeline};
use super::super::{Store, StoreError};
use super::service::{apply, stage_ref, stages_of};
use super::{DealRow, DEAL_SELECT};
use crate::domain::board::Pipeline;
use crate::domain::change::Actor;
use crate::domain::opportunity::{transition, Requested, Standing};
use crate::domain::pipeline::{PipelineId, StageId, StageKind};
use sqlx::{Any, Transaction};

async fn deals_where(
    tx: &mut Transaction<'_, Any>,
    column: &str,
    id: i64,
) -> Result<Vec<super::Deal>, StoreError> {
    let sql = format!("{DEAL_SELECT} WHERE o.{column} = $1 ORDER BY o.id");
    let rows: Vec<DealRow> = sqlx::query_as(&sql).bind(id).fetch_all(&mut **tx).await?;
    rows.into_iter().map(DealRow::into_deal).collect()
}

/// Where a deal from another pipeline lands in `to`: the stage of the same name, else
/// the closed stage of its kind, else the first open stage.
fn landing_stage(to: &Pipeline, name: Option<&str>, kind: Option<StageKind>) -> Option<StageId> {
    let by_name = name.and_then(|n| to.stages.iter().find(|s| s.name.eq_ignore_ascii_case(n)));
    let by_kind = || {
        let kind = kind.unwrap_or(StageKind::Open);
        to.stages.iter().find(|s| s.kind == kind)
    };
    by_name.or_else(by_kind).map(|s| s.id)
}

impl Store {
    /// Removes an open stage. Its deals move to `move_to` first; a stage that holds deals
    /// is refused without one.
    pub async fn remove_stage(
        &self,
        actor: Actor,
        id: StageId,
        move_to: Option<StageId>,
    ) -> Result<Pipeline, StoreError> {
        let mut tx = self.write_transaction().await?;
        let pipeline_id = stage_pipeline(&mut tx, id).await?;
        let pipeline = load_pipeline(&mut tx, pipeline_id).await?;
        let stage = pipeline.stage(id).ok_or(StoreError::NotFound("stage"))?;
        if stage.kind.is_closed() {
            return Err(StoreError::Refused(format!(
                "{} cannot be removed: every pipeline ends with Closed Won and Closed Lost.",
                stage.name
            )));
        }
        let deals = deals_where(&mut tx, "stage_id", id.0).await?;
        if !deals.is_empty() {
            let target = match move_to {
                Some(target) if target != id => stage_ref(&pipeline, target)?,
                _ => {
                    return Err(StoreError::Invalid {
                        field: "move_to",
                        message: format!(
                            "{} holds {} deal{}. Choose the stage they move to.",
                            stage.name,
                            deals.len(),
                            if deals.len() == 1 { "" } else { "s" }
                        ),
                    })
                }
            };
            let stages = stages_of(&pipeline);
            for deal in &deals {
                let requested = Requested {
                    stage: Some(target),
                    status: None,
                };
                let outcome = transition(deal.standing, requested, stages);
                let both = (Some(&pipeline), Some(&pipeline));
                apply(&mut tx, actor, deal, outcome, None, both, self.now()).await?;
            }
        }
        sqlx::query("DELETE FROM stages WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        let pipeline = load_pipeline(&mut tx, pipeline.id).await?;
        tx.commit().await?;
        self.feed().pipeline_changed(pipeline.id);
        Ok(pipeline)
    }

    /// Deletes a pipeline. Its deals move to `move_to` (same-named stage, else the
    /// matching one) or, without one, stay unattached, findable in the list view.
    pub async fn delete_pipeline(
        &self,
        actor: Actor,
        id: PipelineId,
        move_to: Option<PipelineId>,
    ) -> Result<usize, StoreError> {
        let mut tx = self.write_transaction().await?;
        let from = load_pipeline(&mut tx, id).await?;
        let to = match move_to {
            Some(other) if other == id => {
                return Err(StoreError::Invalid {
                    field: "move_to",
                    message: "Choose another pipeline, or leave the deals unattached.".into(),
                })
            }
            Some(other) => Some(load_pipeline(&mut tx, other).await?),
            None => None,
        };
        let deals = deals_where(&mut tx, "pipeline_id", id.0).await?;
        for deal in &deals {
            let current = deal.standing.stage.and_then(|s| from.stage(s.id));
            let outcome = match &to {
                Some(to) => {
                    let landing = landing_stage(
                        to,
                        current.map(|s| s.name.as_str()),
                        current.map(|s| s.kind),
                    );
                    let requested = Requested {
                        stage: landing.map(|s| stage_ref(to, s)).transpose()?,
                        status: None,
                    };
                    transition(deal.standing, requested, stages_of(to))
                }
                None => crate::domain::opportunity::Transition {
                    standing: Standing {
                        stage: None,
                        stage_before_close: None,
                        ..deal.standing
                    },
                    milestone: None,
                },
            };
            let pipelines = (Some(&from), to.as_ref());
            apply(&mut tx, actor, deal, outcome, None, pipelines, self.now()).await?;
        }
        sqlx::query("UPDATE opportunities SET stage_before_close = NULL WHERE stage_before_close IN (SELECT id FROM stages WHERE pipeline_id = $1)")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM pipelines WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.feed().pipeline_changed(id);
        if let Some(to) = to {
            self.feed().pipeline_changed(to.id);
        }
        Ok(deals.len())
    }
}
