//! One pass over an uploaded file, as the review and the job make it: what the pass reads
//! once (the importer, the workspace's names, the duplicate setting), and each chunk's
//! rows typed through the mapping with the lookups they need.
use super::reader::Chunk;
use crate::domain::import::row::{is_blank, raw_label, read_row, RowValues, Workspace};
use crate::domain::import::{ImportOptions, Mapping};
use crate::store::imports::lookup::ChunkLookups;
use crate::store::imports::plan::Planner;
use crate::store::imports::ImportRecord;
use crate::store::opportunities::board::Viewer;
use crate::store::{Store, StoreError};

/// Everything a pass over the file needs, read once.
pub(super) struct Pass<'a> {
    pub(super) store: &'a Store,
    pub(super) record: &'a ImportRecord,
    pub(super) mapping: &'a Mapping,
    pub(super) options: ImportOptions,
    pub(super) workspace: Workspace,
    pub(super) viewer: Viewer,
    pub(super) allow_multiple: bool,
}

impl<'a> Pass<'a> {
    /// Reads what a pass over import `record` needs.
    pub(super) async fn read(
        store: &'a Store,
        record: &'a ImportRecord,
        mapping: &'a Mapping,
        options: ImportOptions,
    ) -> Result<Pass<'a>, StoreError> {
        let user = match record.created_by {
            Some(id) => store.user(id).await?,
            None => {
                return Err(StoreError::Refused(
                    "The person who started this import no longer exists.".into(),
                ))
            }
        };
        Ok(Pass {
            store,
            record,
            mapping,
            options,
            workspace: store.import_workspace().await?,
            viewer: Viewer {
                user: user.id,
                only_assigned: user.only_assigned_data,
            },
            allow_multiple: store
                .deal_settings()
                .await?
                .allow_multiple_opportunities_per_contact,
        })
    }
}

impl Pass<'_> {
    /// A planner for this pass's rows, from the first.
    pub(super) fn planner(&self) -> Planner<'_> {
        Planner::new(
            &self.workspace,
            self.options,
            self.allow_multiple,
            self.viewer.user,
        )
    }
}

/// A row of a chunk read through the mapping: `values` is `None` for an empty row.
pub(super) struct TypedRow {
    pub(super) row: u64,
    pub(super) values: Option<Result<RowValues, String>>,
    pub(super) label: String,
}

pub(super) fn typed(chunk: &Chunk, pass: &Pass<'_>) -> Vec<TypedRow> {
    chunk
        .iter()
        .map(|(row, cells)| {
            let values = (!is_blank(cells))
                .then(|| read_row(cells, pass.mapping, &pass.options, &pass.workspace));
            TypedRow {
                row: *row,
                values,
                label: raw_label(cells, pass.mapping),
            }
        })
        .collect()
}

pub(super) async fn lookups_for(
    conn: &mut sqlx::AnyConnection,
    rows: &[TypedRow],
    viewer: Viewer,
) -> Result<ChunkLookups, StoreError> {
    let values: Vec<&RowValues> = rows
        .iter()
        .filter_map(|r| r.values.as_ref().and_then(|v| v.as_ref().ok()))
        .collect();
    ChunkLookups::read(conn, &values, viewer).await
}
