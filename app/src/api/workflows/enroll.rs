//! "Add to workflow" on a profile and in the list: the published workflows that can be
//! started by hand, and enrolling records in one. Anyone signed in may, for the records
//! they may see.
use crate::api::AppError;
use crate::domain::list::ListInput;
use crate::domain::workflow::enrollment::{EnrollOutcome, ManualWorkflow};
use leptos::prelude::*;

/// The published workflows "Add to workflow" offers for records of `record_kind`
/// (`opportunity` or `contact`).
#[server(endpoint = "workflows/manual")]
pub async fn manual_workflows(record_kind: String) -> Result<Vec<ManualWorkflow>, AppError> {
    use crate::api::context::{require_user, store};
    require_user()?;
    if !matches!(record_kind.as_str(), "opportunity" | "contact") {
        return Err(AppError::invalid(
            "record_kind",
            "Say which records to add: opportunity or contact.",
        ));
    }
    Ok(store()?.manual_workflows(&record_kind).await?)
}

/// Enrolls records in `workflow`: opportunities (`record_kind` opportunity) ticked in
/// `ids` (comma-separated) or, with `all_matching`, every deal matching `list`; or
/// contacts by id. Deals the person may not see are left out; when none is left, the
/// answer is that the deal does not exist, as its page says.
#[server(endpoint = "workflows/enroll")]
pub async fn add_to_workflow(
    workflow: i64,
    record_kind: String,
    #[server(default)] ids: String,
    #[server(default)] all_matching: bool,
    #[server(default)] list: ListInput,
) -> Result<EnrollOutcome, AppError> {
    use crate::api::context::{require_user, store, ticked_ids, viewer};
    use crate::api::opportunities::selection;
    use crate::domain::board::ContactId;
    use crate::domain::workflow::listing::{RunRecord, WorkflowId};
    use crate::store::StoreError;
    let user = require_user()?;
    let store = store()?;
    let records: Vec<RunRecord> = match record_kind.as_str() {
        "opportunity" => {
            let selection = selection(&store, &ids, all_matching, list).await?;
            let deals = store.selected_deals(viewer(&user), &selection).await?;
            if deals.is_empty() {
                return Err(StoreError::NotFound("opportunity").into());
            }
            deals
                .into_iter()
                .map(|d| RunRecord::Opportunity(d.0))
                .collect()
        }
        "contact" => {
            let ids = ticked_ids(&ids, "contact")?;
            for &id in &ids {
                store.contact(ContactId(id)).await?;
            }
            ids.into_iter().map(RunRecord::Contact).collect()
        }
        other => return Err(super::runs::not_a_record(other)),
    };
    Ok(store
        .enroll_manually(WorkflowId(workflow), &records)
        .await?)
}
