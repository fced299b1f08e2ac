//! The builder's Test: the records it can run on, what the draft or the version that
//! runs would do to one of them now (nothing written), and `Run for real`. Admins only.
#[cfg(feature = "ssr")]
use super::runs::visible_record;
use crate::api::AppError;
use crate::domain::workflow::enrollment::EnrollOutcome;
use crate::domain::workflow::trial::{Trial, TrialCandidate};
use leptos::prelude::*;

/// Candidates a Test picker offers for what was typed.
#[cfg(feature = "ssr")]
const CANDIDATES: i64 = 8;

#[server(endpoint = "workflows/test/records")]
pub async fn trial_candidates(query: String) -> Result<Vec<TrialCandidate>, AppError> {
    use crate::api::context::{require_admin, store, viewer};
    let admin = require_admin()?;
    Ok(store()?
        .trial_candidates(&query, viewer(&admin), CANDIDATES)
        .await?)
}

/// `record_kind` opportunity or contact; `draft` tries the saved draft, else the
/// version that runs.
#[server(endpoint = "workflows/test")]
pub async fn test_workflow(
    id: i64,
    draft: bool,
    record_kind: String,
    record_id: i64,
) -> Result<Trial, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::workflow::listing::WorkflowId;
    use crate::domain::workflow::trial::TrialOf;
    let admin = require_admin()?;
    let store = store()?;
    let workflow = store.workflow(WorkflowId(id)).await?;
    let record = visible_record(&store, &admin, &record_kind, record_id).await?;
    let (definition, of) = if draft {
        (workflow.draft, TrialOf::Draft)
    } else {
        let published = workflow.published.ok_or_else(|| {
            AppError::invalid(
                "version",
                "This workflow has no published version yet; test the draft.",
            )
        })?;
        (published, TrialOf::Published)
    };
    if definition.steps.is_empty() {
        return Err(AppError::invalid(
            "version",
            "There are no steps to test yet; add an action first.",
        ));
    }
    Ok(crate::engine::trial(&store, WorkflowId(id), (&definition, of), record).await?)
}

/// `Run for real`: enrolls the tested record in the version that runs.
#[server(endpoint = "workflows/test/run")]
pub async fn run_for_real(
    id: i64,
    record_kind: String,
    record_id: i64,
) -> Result<EnrollOutcome, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::workflow::listing::WorkflowId;
    let admin = require_admin()?;
    let store = store()?;
    let record = visible_record(&store, &admin, &record_kind, record_id).await?;
    Ok(store.run_for_real(WorkflowId(id), record).await?)
}
