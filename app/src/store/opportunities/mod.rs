//! Opportunities: the one service that creates (`create`) and changes (`service`,
//! `pipeline_moves`, `bulk`, `bulk_jobs`) them, its change log (`log`), and the reads of the board
//! (`board`) and the list (`list`).
pub mod board;
pub mod bulk;
pub mod bulk_jobs;
pub(in crate::store) mod conditions;
pub mod create;
pub mod edit;
pub mod export;
pub mod links;
pub mod list;
pub mod log;
mod pipeline_moves;
pub mod service;

use super::StoreError;
use crate::domain::board::{Card, Named, OpportunityId};
use crate::domain::date::Date;
use crate::domain::opportunity::{StageRef, Standing, Status};
use crate::domain::pipeline::{PipelineId, StageId, StageKind};
use sqlx::{Any, FromRow};

/// `SELECT` of a card's columns plus what the status/stage rules need, with `$extra`
/// columns after them, from a deal and its stage, owner and primary contact.
macro_rules! deal_select {
    ($extra:literal) => {
        concat!(
            "SELECT o.id, o.version, o.name, o.value_minor, o.status, o.pipeline_id, o.stage_id, \
             o.stage_before_close, o.expected_close_date, o.stage_entered_at, o.lost_reason, s.kind AS stage_kind, \
             o.owner_id, u.name AS owner_name, c.id AS contact_id, c.name AS contact_name, o.source",
            $extra,
            " FROM opportunities o \
             LEFT JOIN stages s ON s.id = o.stage_id \
             LEFT JOIN users u ON u.id = o.owner_id \
             LEFT JOIN opportunity_contacts oc ON oc.opportunity_id = o.id AND oc.is_primary = 1 \
             LEFT JOIN contacts c ON c.id = oc.contact_id"
        )
    };
}
pub(super) const DEAL_SELECT: &str = deal_select!("");
/// A deal as the list shows it: its card and the fields only the table has.
pub(super) const LIST_SELECT: &str = deal_select!(", o.created_at, o.updated_at, o.custom_fields");

#[derive(FromRow)]
pub(super) struct DealRow {
    id: i64,
    version: i64,
    name: String,
    value_minor: i64,
    status: String,
    pipeline_id: Option<i64>,
    stage_id: Option<i64>,
    stage_before_close: Option<i64>,
    expected_close_date: Option<String>,
    stage_entered_at: i64,
    lost_reason: Option<String>,
    stage_kind: Option<String>,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    contact_id: Option<i64>,
    contact_name: Option<String>,
    source: Option<String>,
}

/// A deal as the service works on it.
#[derive(Debug, Clone)]
pub(in crate::store) struct Deal {
    pub card: Card,
    pub standing: Standing,
    pub lost_reason: Option<String>,
    pub source: Option<String>,
}

impl DealRow {
    pub(super) fn into_deal(self) -> Result<Deal, StoreError> {
        let status = Status::from_key(&self.status).ok_or_else(|| StoreError::corrupt("status"))?;
        let stage = match (self.stage_id, self.stage_kind.as_deref()) {
            (Some(id), Some(kind)) => Some(StageRef {
                id: StageId(id),
                kind: StageKind::from_key(kind).ok_or_else(|| StoreError::corrupt("stage kind"))?,
            }),
            _ => None,
        };
        let expected_close = self
            .expected_close_date
            .as_deref()
            .map(Date::parse)
            .transpose()
            .map_err(|_| StoreError::corrupt("expected close date"))?;
        let named = |id: Option<i64>, name: Option<String>| {
            id.zip(name).map(|(id, name)| Named { id, name })
        };
        Ok(Deal {
            card: Card {
                id: OpportunityId(self.id),
                version: self.version,
                name: self.name,
                value_minor: self.value_minor,
                status,
                pipeline_id: self.pipeline_id.map(PipelineId),
                stage_id: self.stage_id.map(StageId),
                contact: named(self.contact_id, self.contact_name),
                owner: named(self.owner_id, self.owner_name),
                expected_close,
                stage_entered_at: self.stage_entered_at,
            },
            standing: Standing {
                status,
                stage,
                stage_before_close: self.stage_before_close.map(StageId),
            },
            lost_reason: self.lost_reason,
            source: self.source,
        })
    }
}

/// Several deals as the service works on them, a few statements for many (where the
/// caller's transaction is the database's one writer, this is as good as `lock`).
pub(in crate::store) async fn load_deals(
    conn: &mut sqlx::AnyConnection,
    ids: &[OpportunityId],
) -> Result<Vec<Deal>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let list = chunk
            .iter()
            .map(|id| id.0.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<DealRow> = sqlx::query_as(&format!("{DEAL_SELECT} WHERE o.id IN ({list})"))
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            out.push(row.into_deal()?);
        }
    }
    Ok(out)
}

pub(in crate::store) async fn load_deal<'e, E>(
    executor: E,
    id: OpportunityId,
) -> Result<Deal, StoreError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let sql = format!("{DEAL_SELECT} WHERE o.id = $1");
    let row: Option<DealRow> = sqlx::query_as(&sql)
        .bind(id.0)
        .fetch_optional(executor)
        .await?;
    row.ok_or(StoreError::NotFound("opportunity"))?.into_deal()
}
