//! CSV imports after the upload (`POST /api/imports`): the page's view of one import,
//! reviewing a mapping, starting, resuming, cancelling and undoing, and the list of recent ones.
//! An import is seen and acted on by the person who uploaded it, and by admins.
use crate::api::AppError;
use crate::domain::board::Named;
use crate::domain::import::detect::Detected;
use crate::domain::import::report::UndoReport;
use crate::domain::import::tally::ReasonCount;
use crate::domain::import::ImportSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One import with what its mapping screen offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub summary: ImportSummary,
    /// Every target a column may map to: (key, label).
    pub targets: Vec<(String, String)>,
    /// Where rows without a pipeline may go.
    pub pipelines: Vec<Named>,
    /// What the file's first rows tell about how it writes numbers and dates.
    pub detected: Detected,
    /// Once it has ended: why its rows failed, and why some were skipped.
    pub failed_reasons: Vec<ReasonCount>,
    pub skipped_reasons: Vec<ReasonCount>,
}

/// A value of the file read as a name the workspace knows: in the column of `target`
/// (its key), `from` is read as `to`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValueChoice {
    pub target: String,
    pub from: String,
    pub to: String,
}

/// The mapping screen's choices, as its form sends them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportChoices {
    /// One target key per column ("" = do not import).
    pub columns: Vec<String>,
    pub mode: String,
    pub number_format: String,
    pub date_order: String,
    pub blank_clears: bool,
    pub default_pipeline: Option<i64>,
    #[serde(default)]
    pub create_missing: bool,
    /// The values mapped on the review; the others are left to fail.
    #[serde(default)]
    pub values: Vec<ValueChoice>,
}

#[cfg(feature = "ssr")]
async fn owned_import(
    id: i64,
) -> Result<
    (
        crate::store::Store,
        crate::store::imports::ImportRecord,
        crate::domain::account::User,
    ),
    AppError,
> {
    use crate::api::context::{require_user, store};
    let user = require_user()?;
    let store = store()?;
    let record = store.import_record(id).await?;
    if record.created_by != Some(user.id) && !user.role.can_manage_users() {
        return Err(AppError::Forbidden);
    }
    Ok((store, record, user))
}

#[server(endpoint = "imports/view")]
pub async fn load_import(id: i64) -> Result<ImportView, AppError> {
    use crate::api::context::state;
    use crate::domain::custom_field::FieldEntity;
    use crate::domain::import::detect::detect;
    use crate::domain::import::{ImportState, Target};
    use crate::store::imports::RowsThat;
    let (store, record, _) = owned_import(id).await?;
    let fields = store.custom_fields(FieldEntity::Opportunity).await?;
    let app = state()?;
    let jobs = &app.imports;
    let mut summary = record.summary.clone();
    let mut detected = Detected::default();
    if matches!(summary.state, ImportState::Uploaded | ImportState::Reviewed) {
        let rows = jobs.first_rows(&record).await;
        if record.mapping.is_none() {
            let suggestion = jobs.suggestion(&store, &record, &fields, &rows).await?;
            summary.mapping = suggestion.mapping;
            summary.options = suggestion.options;
        }
        detected = detect(&summary.mapping, &fields, &rows);
    }
    let ended = summary.state.has_written() || summary.state == ImportState::Undone;
    let (failed_reasons, skipped_reasons) = match ended {
        true => (
            store.import_reasons(id, RowsThat::Failed).await?,
            store.import_reasons(id, RowsThat::WereSkipped).await?,
        ),
        false => (Vec::new(), Vec::new()),
    };
    let targets = Target::choices(&fields)
        .into_iter()
        .filter_map(|t| t.label(&fields).map(|label| (t.key(), label)))
        .collect();
    let pipelines = store
        .pipelines()
        .await?
        .into_iter()
        .map(|p| Named {
            id: p.id.0,
            name: p.name,
        })
        .collect();
    Ok(ImportView {
        summary,
        targets,
        pipelines,
        detected,
        failed_reasons,
        skipped_reasons,
    })
}

/// Checks the mapping and works out what every row will do; writes no deal.
#[server(endpoint = "imports/review")]
pub async fn review_import(id: i64, choices: ImportChoices) -> Result<ImportView, AppError> {
    use crate::api::context::state;
    use crate::domain::import::{
        DateOrder, ImportMode, ImportOptions, Mapping, NumberFormat, Target, ValueRule,
    };
    let (store, record, _) = owned_import(id).await?;
    if record.summary.utf8_doubt.is_some() {
        return Err(AppError::Refused(
            "Choose how to read the file first: as UTF-8 with replacements or as Windows-1252."
                .into(),
        ));
    }
    let columns = choices
        .columns
        .iter()
        .map(|key| {
            Target::from_key(key).ok_or_else(|| {
                AppError::invalid("mapping", "Choose a field for each column from the list.")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let values = choices
        .values
        .iter()
        .filter(|v| !v.to.trim().is_empty())
        .map(|v| {
            let target = Target::from_key(&v.target).ok_or_else(|| {
                AppError::invalid("values", "Map each value to one from its list.")
            })?;
            Ok(ValueRule {
                target,
                from: v.from.trim().to_string(),
                to: v.to.trim().to_string(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let options = ImportOptions {
        mode: ImportMode::from_key(&choices.mode).unwrap_or_default(),
        number_format: NumberFormat::from_key(&choices.number_format).unwrap_or_default(),
        date_order: DateOrder::from_key(&choices.date_order).unwrap_or_default(),
        blank_clears: choices.blank_clears,
        default_pipeline: choices.default_pipeline,
        create_missing: choices.create_missing,
    };
    state()?
        .imports
        .review(&store, id, Mapping { columns, values }, options)
        .await?;
    load_import(id).await
}

/// Reads a file that is UTF-8 but for a few bad bytes the way the person chose:
/// `utf-8` (each bad byte becomes a replacement character) or `windows-1252`. The
/// review and the job then read it so.
#[server(endpoint = "imports/encoding")]
pub async fn choose_import_encoding(id: i64, encoding: String) -> Result<ImportView, AppError> {
    use crate::api::context::state;
    use crate::domain::import::MAX_ROWS;
    use crate::transfer::{analyze, TextEncoding};
    let (store, _, _) = owned_import(id).await?;
    let encoding = match TextEncoding::from_key(&encoding) {
        Some(chosen @ (TextEncoding::Utf8 | TextEncoding::Windows1252)) => chosen,
        _ => {
            return Err(AppError::invalid(
                "encoding",
                "Choose UTF-8 with replacements or Windows-1252.",
            ))
        }
    };
    let path = state()?.imports.file(id);
    let analysis = tokio::task::spawn_blocking(move || analyze(&path, Some(encoding), MAX_ROWS))
        .await
        .map_err(|_| AppError::Server)?
        .map_err(|problem| AppError::Refused(problem.to_string()))?;
    store.choose_import_encoding(id, &analysis).await?;
    load_import(id).await
}

#[server(endpoint = "imports/start")]
pub async fn start_import(id: i64) -> Result<(), AppError> {
    use crate::api::context::state;
    let (store, _, _) = owned_import(id).await?;
    Ok(state()?.imports.start(&store, id).await?)
}

/// Goes on with an import a passing error stopped, after the last chunk it wrote.
#[server(endpoint = "imports/resume")]
pub async fn resume_import(id: i64) -> Result<(), AppError> {
    use crate::api::context::state;
    let (store, _, _) = owned_import(id).await?;
    Ok(state()?.imports.resume(&store, id).await?)
}

/// Asks a running import to stop after the rows it is writing.
#[server(endpoint = "imports/cancel")]
pub async fn cancel_import(id: i64) -> Result<(), AppError> {
    use crate::domain::import::ImportState;
    let (store, _, _) = owned_import(id).await?;
    if !store
        .move_import(id, &[ImportState::Running], ImportState::Cancelling)
        .await?
    {
        return Err(AppError::Refused("This import is not running.".into()));
    }
    Ok(())
}

#[server(endpoint = "imports/undo")]
pub async fn undo_import(id: i64) -> Result<UndoReport, AppError> {
    use crate::domain::date::Date;
    let (store, record, user) = owned_import(id).await?;
    if record.summary.undo_closed(store.now()) {
        let closed = record
            .summary
            .file_kept_until
            .or(record.summary.file_deleted_at)
            .unwrap_or_default();
        return Err(AppError::Refused(format!(
            "Undo is no longer available: this import's undo window closed on {}. Change or delete its deals in the list instead.",
            Date::from_unix_ms(closed)
        )));
    }
    Ok(store.undo_import(id, user.id).await?)
}

/// The latest imports the person may see (admins: everyone's).
#[server(endpoint = "imports/recent")]
pub async fn recent_imports() -> Result<Vec<ImportSummary>, AppError> {
    use crate::api::context::{require_user, store};
    let user = require_user()?;
    let by = (!user.role.can_manage_users()).then_some(user.id);
    Ok(store()?.recent_imports(by, 50).await?)
}
