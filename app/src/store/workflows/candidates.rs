//! The records a Test can be run on: deals and contacts found by name, deals only where
//! the admin may see them (`Only assigned data`).
use super::super::opportunities::board::Viewer;
use super::super::{search_pattern, Store, StoreError};
use crate::domain::workflow::listing::RunRecord;
use crate::domain::workflow::trial::TrialCandidate;

impl Store {
    /// Up to `limit` deals, then up to `limit` contacts, whose name starts with `query`
    /// or has a word starting with it (any case).
    pub async fn trial_candidates(
        &self,
        query: &str,
        viewer: Viewer,
        limit: i64,
    ) -> Result<Vec<TrialCandidate>, StoreError> {
        let start = search_pattern(query, false)?;
        let word = format!("% {}", start);
        let visible = if viewer.only_assigned {
            " AND (o.owner_id = $4 OR EXISTS (SELECT 1 FROM opportunity_followers f \
               WHERE f.opportunity_id = o.id AND f.user_id = $4))"
        } else {
            ""
        };
        type DealRow = (i64, String, Option<String>, Option<String>);
        let sql = format!(
            "SELECT o.id, o.name, p.name, s.name FROM opportunities o \
             LEFT JOIN pipelines p ON p.id = o.pipeline_id LEFT JOIN stages s ON s.id = o.stage_id \
             WHERE (LOWER(o.name) LIKE $1 ESCAPE '\\' OR LOWER(o.name) LIKE $2 ESCAPE '\\'){visible} \
             ORDER BY LOWER(o.name), o.id LIMIT $3"
        );
        let query = sqlx::query_as::<_, DealRow>(&sql)
            .bind(&start)
            .bind(&word)
            .bind(limit);
        let query = if viewer.only_assigned {
            query.bind(viewer.user.0)
        } else {
            query
        };
        let deals = query.fetch_all(self.pool()).await?;
        let contacts: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, name, email FROM contacts \
             WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR LOWER(name) LIKE $2 ESCAPE '\\' OR LOWER(COALESCE(email, '')) LIKE $1 ESCAPE '\\' \
             ORDER BY LOWER(name), id LIMIT $3",
        )
        .bind(&start)
        .bind(&word)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let deals = deals
            .into_iter()
            .map(|(id, name, pipeline, stage)| TrialCandidate {
                record: RunRecord::Opportunity(id),
                name,
                detail: match (pipeline, stage) {
                    (Some(p), Some(s)) => format!("Opportunity in {p}, {s}"),
                    _ => "Opportunity".into(),
                },
            });
        let contacts = contacts
            .into_iter()
            .map(|(id, name, email)| TrialCandidate {
                record: RunRecord::Contact(id),
                name,
                detail: email.map_or_else(|| "Contact".into(), |e| format!("Contact, {e}")),
            });
        Ok(deals.chain(contacts).collect())
    }
}
