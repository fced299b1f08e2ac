//! The list view's server functions: a page of deals, the person's columns, bulk actions.
use crate::api::AppError;
use crate::domain::board::{Named, Pipeline};
use crate::domain::contact::ContactSummary;
use crate::domain::currency::Currency;
use crate::domain::custom_field::CustomField;
use crate::domain::list::{ListColumn, ListInput, ListPage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the list view shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListView {
    /// Every pipeline, for names of pipelines and stages and for the filters.
    pub pipelines: Vec<Pipeline>,
    pub users: Vec<Named>,
    pub currency: Currency,
    /// The signed-in person's columns, in their order.
    pub columns: Vec<ListColumn>,
    /// The opportunity custom fields: columns, sorts and filters.
    pub custom_fields: Vec<CustomField>,
    /// `None` when a filter could not be read.
    pub page: Option<ListPage>,
    /// A filter that could not be read: (field, what to fix).
    pub filter_error: Option<(String, String)>,
    pub contact_filter: Option<ContactSummary>,
    pub me: i64,
}

/// One page of the list for `list` (filters, sort, page as in the URL).
#[server(endpoint = "opportunities/list")]
pub async fn load_list(#[server(default)] list: ListInput) -> Result<ListView, AppError> {
    use crate::api::context::{currency, require_user, store, viewer};
    use crate::domain::custom_field::FieldEntity;
    let user = require_user()?;
    let store = store()?;
    let currency = currency(&store).await?;
    let custom_fields = store.custom_fields(FieldEntity::Opportunity).await?;
    let (page, filter_error, contact) = match list.parse(currency, &custom_fields) {
        Ok(query) => (
            Some(store.list_page(&query, viewer(&user)).await?),
            None,
            query.filter.contact,
        ),
        Err((field, message)) => (None, Some((field.to_string(), message)), None),
    };
    let contact_filter = match contact {
        Some(id) => store.contact(id).await.ok(),
        None => None,
    };
    Ok(ListView {
        pipelines: store.pipelines().await?,
        users: store.active_people().await?,
        currency,
        columns: store.list_columns(user.id, &custom_fields).await?,
        custom_fields,
        page,
        filter_error,
        contact_filter,
        me: user.id.0,
    })
}

/// Remembers the signed-in person's list columns (keys, in order).
#[server(endpoint = "opportunities/list_columns")]
pub async fn save_list_columns(columns: String) -> Result<Vec<ListColumn>, AppError> {
    use crate::api::context::{require_user, store};
    use crate::domain::custom_field::FieldEntity;
    let user = require_user()?;
    let store = store()?;
    let keys: Vec<String> = columns.split(',').map(str::to_string).collect();
    let fields = store.custom_fields(FieldEntity::Opportunity).await?;
    let chosen = ListColumn::chosen(&keys, &fields);
    store.save_list_columns(user.id, &chosen).await?;
    Ok(chosen)
}

/// A bulk action over the ticked deals (`ids`, comma-separated) or, with `all_matching`,
/// every deal matching `list`. `action` is stage, status, owner, follow, unfollow or
/// delete; `value` is the stage id, status key or user id it needs; `confirm` the count
/// typed to confirm a large delete. Up to a page of deals changes at once (the count is
/// returned); more start a background job (its progress is returned).
#[server(endpoint = "opportunities/bulk")]
pub async fn bulk_update(
    ids: String,
    all_matching: bool,
    #[server(default)] list: ListInput,
    action: String,
    #[server(default)] value: String,
    #[server(default)] lost_reason: String,
    #[server(default)] confirm: String,
) -> Result<crate::domain::bulk::BulkOutcome, AppError> {
    use crate::api::context::{active_user, require_user, state, store};
    use crate::domain::account::UserId;
    use crate::domain::bulk::action_label;
    use crate::domain::deal::optional_text;
    use crate::domain::opportunity::Status;
    use crate::domain::pipeline::StageId;
    use crate::jobs::bulk::BulkRequest;
    use crate::store::opportunities::bulk::BulkAction;

    let user = require_user()?;
    let store = store()?;
    let selection = selection(&store, &ids, all_matching, list).await?;
    let label = action_label(&action).unwrap_or_default();
    let pick = |message: &str| AppError::invalid("value", message);
    let person = |raw: &str| raw.trim().parse().map(UserId);
    let action = match action.as_str() {
        "stage" => BulkAction::MoveToStage(StageId(
            value.trim().parse().map_err(|_| pick("Choose a stage."))?,
        )),
        "status" => BulkAction::SetStatus {
            status: Status::from_key(&value).ok_or_else(|| pick("Choose a status."))?,
            lost_reason: optional_text(&lost_reason)
                .map_err(|e| AppError::invalid("lost_reason", e))?,
        },
        "owner" => BulkAction::AssignOwner(match value.trim() {
            "" => None,
            raw => Some(
                active_user(&store, person(raw).ok(), "value", "Choose an active user.").await?,
            ),
        }),
        "follow" => BulkAction::AddFollower(
            active_user(
                &store,
                person(&value).ok(),
                "value",
                "Choose an active user.",
            )
            .await?,
        ),
        "unfollow" => {
            BulkAction::RemoveFollower(person(&value).map_err(|_| pick("Choose a person."))?)
        }
        "delete" => BulkAction::Delete,
        other => {
            return Err(AppError::invalid(
                "action",
                format!("'{other}' is not a bulk action."),
            ))
        }
    };
    let request = BulkRequest {
        selection: &selection,
        action,
        label,
        confirm: &confirm,
    };
    Ok(state()?.bulk.apply(&store, &user, request).await?)
}

/// The deals a bulk action is for: those ticked (`ids`, comma-separated) or, with
/// `all_matching`, every deal matching `list`.
#[cfg(feature = "ssr")]
pub(crate) async fn selection(
    store: &crate::store::Store,
    ids: &str,
    all_matching: bool,
    list: ListInput,
) -> Result<crate::store::opportunities::bulk::Selection, AppError> {
    use crate::api::context::{currency, ticked_ids};
    use crate::domain::board::OpportunityId;
    use crate::domain::custom_field::FieldEntity;
    use crate::store::opportunities::bulk::Selection;
    if all_matching {
        let fields = store.custom_fields(FieldEntity::Opportunity).await?;
        return Ok(Selection::Matching(Box::new(
            list.parse(currency(store).await?, &fields)?,
        )));
    }
    let ids = ticked_ids(ids, "deal")?;
    Ok(Selection::Ids(ids.into_iter().map(OpportunityId).collect()))
}
