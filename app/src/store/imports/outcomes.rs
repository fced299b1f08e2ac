//! Why an import's rows failed or were skipped, as its result lists them: grouped by
//! reason, most rows first, each with the first rows that give it.
use super::super::{Store, StoreError};
use crate::domain::import::tally::ReasonCount;

/// Reasons listed on an import's result; the failed rows' file has every one.
const REASONS_LISTED: i64 = 50;
/// Rows named for each reason.
const ROWS_NAMED: i64 = 5;

/// Which rows' reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowsThat {
    Failed,
    WereSkipped,
}

impl Store {
    pub async fn import_reasons(
        &self,
        id: i64,
        rows: RowsThat,
    ) -> Result<Vec<ReasonCount>, StoreError> {
        let table = match rows {
            RowsThat::Failed => "import_failures",
            RowsThat::WereSkipped => "import_skips",
        };
        let groups: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT reason, COUNT(*) FROM {table} WHERE import_id = $1 GROUP BY reason \
             ORDER BY COUNT(*) DESC, MIN(row_number) LIMIT $2"
        ))
        .bind(id)
        .bind(REASONS_LISTED)
        .fetch_all(self.pool())
        .await?;
        let mut counts = Vec::with_capacity(groups.len());
        for (reason, count) in groups {
            let examples: Vec<(i64,)> = sqlx::query_as(&format!(
                "SELECT row_number FROM {table} WHERE import_id = $1 AND reason = $2 \
                 ORDER BY row_number LIMIT $3"
            ))
            .bind(id)
            .bind(&reason)
            .bind(ROWS_NAMED)
            .fetch_all(self.pool())
            .await?;
            counts.push(ReasonCount {
                reason,
                rows: count.max(0) as u64,
                examples: examples.into_iter().map(|(r,)| r.max(0) as u64).collect(),
            });
        }
        Ok(counts)
    }
}
