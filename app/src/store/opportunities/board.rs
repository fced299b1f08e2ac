//! The board's reads: column totals over every matching deal, and pages of cards per
//! column in index order (`opportunities_column`), so 100,000 deals open like 10.
use super::super::{Store, StoreError};
use super::conditions::{Bind, Conditions};
use super::{load_deal, DealRow, DEAL_SELECT};
use crate::domain::account::UserId;
use crate::domain::board::{
    BoardFilter, Card, Column, ColumnPage, ColumnTotals, Cursor, OpportunityId, Pipeline,
    CARDS_PER_PAGE,
};
use crate::domain::change::Actor;
use crate::domain::deal::DealDetails;
use crate::domain::pipeline::StageId;

/// Who is looking: people with `Only assigned data` see deals they own or follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub user: UserId,
    pub only_assigned: bool,
}

impl Viewer {
    /// Whose rights a change by `actor` is made with: a person's as stored now (one who
    /// no longer exists sees nothing of others'); imports, workflows, API keys and
    /// Dealflow itself see every deal.
    pub(in crate::store) async fn acting<'e, E>(
        executor: E,
        actor: Actor,
    ) -> Result<Viewer, StoreError>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        let Actor::User(user) = actor else {
            return Ok(Viewer {
                user: UserId(0),
                only_assigned: false,
            });
        };
        let limited: Option<(i64,)> =
            sqlx::query_as("SELECT only_assigned_data FROM users WHERE id = $1")
                .bind(user.0)
                .fetch_optional(executor)
                .await?;
        Ok(Viewer {
            user,
            only_assigned: limited.is_none_or(|(flag,)| flag != 0),
        })
    }
}

impl Store {
    /// Count, total and weighted total of every stage of `pipeline`, over all matching deals.
    pub async fn column_totals(
        &self,
        pipeline: &Pipeline,
        filter: &BoardFilter,
        viewer: Viewer,
    ) -> Result<Vec<(StageId, ColumnTotals)>, StoreError> {
        let conditions = Conditions::new(vec![Bind::Int(pipeline.id.0)]).filters(filter, viewer);
        let sql = format!(
            "SELECT o.stage_id, COUNT(*), CAST(COALESCE(SUM(o.value_minor), 0) AS BIGINT) FROM opportunities o \
             WHERE o.pipeline_id = $1 AND {} GROUP BY o.stage_id",
            conditions.clause()
        );
        let rows: Vec<(i64, i64, i64)> = conditions
            .bind(sqlx::query_as(&sql))
            .fetch_all(self.pool())
            .await?;
        Ok(pipeline
            .stages
            .iter()
            .map(|stage| {
                let (count, total) = rows
                    .iter()
                    .find(|(id, _, _)| *id == stage.id.0)
                    .map_or((0, 0), |(_, count, total)| (*count, *total));
                (stage.id, ColumnTotals::of(count, total, stage.probability))
            })
            .collect())
    }

    /// One page of a stage's matching cards, newest arrivals first, after `after`.
    pub async fn column_page(
        &self,
        stage: StageId,
        filter: &BoardFilter,
        viewer: Viewer,
        after: Option<Cursor>,
    ) -> Result<ColumnPage, StoreError> {
        let mut conditions = Conditions::new(vec![Bind::Int(stage.0)]).filters(filter, viewer);
        if let Some(cursor) = after {
            conditions.push(
                "(o.stage_entered_at < ? OR (o.stage_entered_at = ? AND o.id < ?))",
                vec![
                    Bind::Int(cursor.stage_entered_at),
                    Bind::Int(cursor.stage_entered_at),
                    Bind::Int(cursor.id.0),
                ],
            );
        }
        let sql = format!(
            "{DEAL_SELECT} WHERE o.stage_id = $1 AND {} ORDER BY o.stage_entered_at DESC, o.id DESC LIMIT {}",
            conditions.clause(),
            CARDS_PER_PAGE + 1
        );
        let rows: Vec<DealRow> = conditions
            .bind(sqlx::query_as(&sql))
            .fetch_all(self.pool())
            .await?;
        let mut cards = rows
            .into_iter()
            .map(|row| row.into_deal().map(|d| d.card))
            .collect::<Result<Vec<Card>, _>>()?;
        let next = (cards.len() > CARDS_PER_PAGE).then(|| {
            cards.truncate(CARDS_PER_PAGE);
            cards.last().map(Cursor::after)
        });
        Ok(ColumnPage {
            cards,
            next: next.flatten(),
        })
    }

    /// Where the change log is now (its newest event): a board read after this mark
    /// and following changes from it misses none (see `server/src/live.rs`).
    pub async fn board_mark(&self) -> Result<i64, StoreError> {
        let (mark,): (i64,) =
            sqlx::query_as("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM opportunity_events")
                .fetch_one(self.pool())
                .await?;
        Ok(mark)
    }

    /// The whole first screen of a board: every column with its totals and first page.
    pub async fn board_columns(
        &self,
        pipeline: &Pipeline,
        filter: &BoardFilter,
        viewer: Viewer,
    ) -> Result<Vec<Column>, StoreError> {
        let totals = self.column_totals(pipeline, filter, viewer).await?;
        let mut columns = Vec::with_capacity(pipeline.stages.len());
        for (stage, (_, totals)) in pipeline.stages.iter().zip(totals) {
            let page = if totals.count == 0 {
                ColumnPage {
                    cards: Vec::new(),
                    next: None,
                }
            } else {
                self.column_page(stage.id, filter, viewer, None).await?
            };
            columns.push(Column {
                stage: stage.clone(),
                totals,
                page,
            });
        }
        Ok(columns)
    }

    /// One deal's card, if `viewer` may see it.
    pub async fn card(&self, id: OpportunityId, viewer: Viewer) -> Result<Card, StoreError> {
        let card = load_deal(self.pool(), id).await?.card;
        if viewer.only_assigned
            && card.owner.as_ref().map(|o| o.id) != Some(viewer.user.0)
            && !self.follows(id, viewer.user).await?
        {
            return Err(StoreError::NotFound("opportunity"));
        }
        Ok(card)
    }

    /// The profile-only fields of a deal (its card comes from `card`, which checks access).
    pub async fn deal_details(&self, id: OpportunityId) -> Result<DealDetails, StoreError> {
        type Row = (Option<String>, Option<String>, i64, i64, String);
        let row: Option<Row> = sqlx::query_as(
            "SELECT source, lost_reason, created_at, updated_at, custom_fields FROM opportunities WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        let (source, lost_reason, created_at, updated_at, custom) =
            row.ok_or(StoreError::NotFound("opportunity"))?;
        Ok(DealDetails {
            source,
            lost_reason,
            created_at,
            updated_at,
            custom: serde_json::from_str(&custom).unwrap_or_default(),
        })
    }

    async fn follows(&self, id: OpportunityId, user: UserId) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM opportunity_followers WHERE opportunity_id = $1 AND user_id = $2",
        )
        .bind(id.0)
        .bind(user.0)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }
}
