//! What the mapping screen starts from: the mapping a file's headings and values
//! suggest, and the number format and date order its values tell, with the evidence.
use super::ImportJobs;
use crate::domain::custom_field::CustomField;
use crate::domain::import::detect::detect;
use crate::domain::import::mapping::{is_plain_id, suggest};
use crate::domain::import::{DealField, ImportOptions, Mapping, Target};
use crate::store::imports::ImportRecord;
use crate::store::{Store, StoreError};
use crate::transfer::records;

/// Rows looked at to tell formats and whether IDs are Dealflow's: enough for a column
/// to show a value only one format reads, few enough to read at once.
const ROWS_LOOKED_AT: usize = 1_000;

/// A suggestion for a file not yet reviewed.
pub struct Suggestion {
    pub mapping: Mapping,
    pub options: ImportOptions,
}

impl ImportJobs {
    /// The first data rows of an import's file, as they are (none once it is deleted).
    pub async fn first_rows(&self, record: &ImportRecord) -> Vec<Vec<String>> {
        let (path, shape) = (self.file(record.summary.id), record.shape.clone());
        let read = tokio::task::spawn_blocking(move || match records(&path, &shape, 0) {
            Ok(rows) => rows
                .take(ROWS_LOOKED_AT)
                .filter_map(Result::ok)
                .map(|(_, cells)| cells)
                .collect(),
            Err(_) => Vec::new(),
        });
        read.await.unwrap_or_default()
    }

    /// The mapping and options the file suggests. A column of IDs stays `ID` only when
    /// every ID in its first rows is a deal's here; the number format and date order are
    /// the ones its values tell (see `detected`); missing contacts and companies are
    /// created.
    pub async fn suggestion(
        &self,
        store: &Store,
        record: &ImportRecord,
        fields: &[CustomField],
        rows: &[Vec<String>],
    ) -> Result<Suggestion, StoreError> {
        let headers = &record.summary.headers;
        let mut ours = vec![false; headers.len()];
        for (i, header) in headers.iter().enumerate() {
            if suggest(header, fields) == Target::Field(DealField::Id) && is_plain_id(header) {
                let ids: Vec<String> = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect();
                ours[i] = !ids.is_empty() && store.all_deal_ids_exist(&ids).await?;
            }
        }
        let mapping = Mapping::suggested(headers, fields, |i| ours[i]);
        let detected = detect(&mapping, fields, rows);
        let options = ImportOptions {
            number_format: detected
                .number_format
                .map_or_else(Default::default, |e| e.choice),
            date_order: detected
                .date_order
                .map_or_else(Default::default, |e| e.choice),
            create_missing: true,
            ..ImportOptions::default()
        };
        Ok(Suggestion { mapping, options })
    }
}
