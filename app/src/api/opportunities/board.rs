use crate::api::AppError;
use crate::domain::board::{
    Card, Column, ColumnPage, ColumnTotals, Cursor, FilterInput, Named, Pipeline,
};
use crate::domain::contact::ContactSummary;
use crate::domain::currency::Currency;
use crate::domain::pipeline::StageId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the pipeline view shows on first load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    /// Every pipeline, for the switcher and the create dialog.
    pub pipelines: Vec<Pipeline>,
    /// The one shown (`None` when there are no pipelines yet).
    pub pipeline: Option<Pipeline>,
    pub columns: Vec<Column>,
    /// Active users, for the owner filter and picker.
    pub users: Vec<Named>,
    pub currency: Currency,
    /// The signed-in user may change pipelines (shows `Set up a pipeline`).
    pub can_configure: bool,
    /// The signed-in user's id: the default owner of a new deal.
    pub me: i64,
    /// The contact the board is filtered by, to show by name.
    pub contact_filter: Option<ContactSummary>,
    /// A filter that could not be read, `(field, what to fix)`; the columns are then empty.
    pub filter_error: Option<(String, String)>,
    /// The change log's mark, read before the columns: the live stream, opened with it,
    /// reloads the board at once if a change came in between.
    pub as_of: i64,
}

#[cfg(feature = "ssr")]
async fn parse_filter(
    store: &crate::store::Store,
    filter: &FilterInput,
) -> Result<crate::domain::board::BoardFilter, AppError> {
    let currency = crate::api::context::currency(store).await?;
    Ok(filter.parse(currency.minor_digits())?)
}

/// The board of `pipeline` (the first one when `None`) with `filter` applied.
#[server(endpoint = "opportunities/board")]
pub async fn load_board(
    pipeline: Option<i64>,
    #[server(default)] filter: FilterInput,
) -> Result<BoardView, AppError> {
    use crate::api::context::{require_user, store, viewer};
    let user = require_user()?;
    let store = store()?;
    let currency = crate::api::context::currency(&store).await?;
    let (parsed, filter_error) = match filter.parse(currency.minor_digits()) {
        Ok(parsed) => (Some(parsed), None),
        Err((field, message)) => (None, Some((field.to_string(), message))),
    };
    let as_of = store.board_mark().await?;
    let pipelines = store.pipelines().await?;
    let shown = pipeline
        .and_then(|id| pipelines.iter().find(|p| p.id.0 == id))
        .or(pipelines.first())
        .cloned();
    let columns = match (&shown, &parsed) {
        (Some(p), Some(parsed)) => store.board_columns(p, parsed, viewer(&user)).await?,
        _ => Vec::new(),
    };
    let users = store.active_people().await?;
    let contact_filter = match parsed.and_then(|p| p.contact) {
        Some(id) => store.contact(id).await.ok(),
        None => None,
    };
    Ok(BoardView {
        me: user.id.0,
        contact_filter,
        pipelines,
        pipeline: shown,
        columns,
        users,
        currency,
        can_configure: user.role.can_configure_pipelines(),
        filter_error,
        as_of,
    })
}

/// The next page of a column, after `after`.
#[server(endpoint = "opportunities/column_page")]
pub async fn load_column_page(
    stage: i64,
    #[server(default)] filter: FilterInput,
    after: Cursor,
) -> Result<ColumnPage, AppError> {
    use crate::api::context::{require_user, store, viewer};
    let user = require_user()?;
    let store = store()?;
    let parsed = parse_filter(&store, &filter).await?;
    Ok(store
        .column_page(StageId(stage), &parsed, viewer(&user), Some(after))
        .await?)
}

/// Fresh column totals, after a move here or elsewhere.
#[server(endpoint = "opportunities/column_totals")]
pub async fn load_column_totals(
    pipeline: i64,
    #[server(default)] filter: FilterInput,
) -> Result<Vec<(StageId, ColumnTotals)>, AppError> {
    use crate::api::context::{require_user, store, viewer};
    use crate::domain::pipeline::PipelineId;
    let user = require_user()?;
    let store = store()?;
    let parsed = parse_filter(&store, &filter).await?;
    let pipeline = store.pipeline(PipelineId(pipeline)).await?;
    Ok(store
        .column_totals(&pipeline, &parsed, viewer(&user))
        .await?)
}

/// One deal's current card (after a refused move, to show where it really is).
#[server(endpoint = "opportunities/card")]
pub async fn load_card(id: i64) -> Result<Card, AppError> {
    use crate::api::context::{require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    let user = require_user()?;
    Ok(store()?.card(OpportunityId(id), viewer(&user)).await?)
}
