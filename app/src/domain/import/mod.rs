//! CSV import rules: what a column maps to, the choices of an import, and how one row
//! becomes a deal to create or update (or a reason it cannot).
pub mod detect;
pub mod export;
pub mod file;
pub mod mapping;
pub mod report;
pub mod row;
pub mod similar;
pub mod tally;
pub mod value_map;
pub mod values;

pub use mapping::{CompanyKey, ContactKey, DealField, Mapping, Target};
pub use report::{ImportCounts, ImportReview, ImportState, ImportSummary, RowSample};
pub use value_map::ValueRule;
pub use values::{DateOrder, NumberFormat};

use serde::{Deserialize, Serialize};

/// The most data rows one file may hold (Excel's sheet limit, less the header).
pub const MAX_ROWS: u64 = 1_048_576;
/// The largest file accepted: 512 MB.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// What an import does with rows that match an existing deal, and with those that don't.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ImportMode {
    /// Every row is a new deal; rows naming an existing deal are skipped.
    #[default]
    Create,
    /// Only rows matching a deal by ID or external ID; the others are skipped.
    Update,
    /// Update the rows that match, create the rest.
    Both,
}

impl ImportMode {
    pub const ALL: [ImportMode; 3] = [ImportMode::Create, ImportMode::Update, ImportMode::Both];

    pub fn key(self) -> &'static str {
        match self {
            ImportMode::Create => "create",
            ImportMode::Update => "update",
            ImportMode::Both => "both",
        }
    }

    pub fn from_key(key: &str) -> Option<ImportMode> {
        ImportMode::ALL.into_iter().find(|m| m.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportMode::Create => "Create new deals",
            ImportMode::Update => "Update matches (by ID or external ID)",
            ImportMode::Both => "Both: update matches, create the rest",
        }
    }

    pub fn creates(self) -> bool {
        matches!(self, ImportMode::Create | ImportMode::Both)
    }

    pub fn updates(self) -> bool {
        matches!(self, ImportMode::Update | ImportMode::Both)
    }
}

/// The choices made on the mapping screen besides the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportOptions {
    pub mode: ImportMode,
    pub number_format: NumberFormat,
    pub date_order: DateOrder,
    /// An empty cell clears the field on an updated deal; otherwise it keeps its value.
    pub blank_clears: bool,
    /// Where new deals go when the row names no pipeline (`None`: the first pipeline).
    pub default_pipeline: Option<i64>,
    /// Contacts and companies a row names (by email, name or domain) that do not exist
    /// are created and linked to its deal. Imports reviewed before this choice existed
    /// read as off.
    #[serde(default)]
    pub create_missing: bool,
}
