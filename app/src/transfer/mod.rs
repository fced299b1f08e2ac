//! CSV files in and out: telling how an upload is written, reading it a record at a time
//! (a million rows never sit in memory at once), and writing exports spreadsheets open safely.
mod encoding;
mod read;
mod scan;
mod sniff;
mod write;

pub use encoding::{Detected, EncodingProbe, TextEncoding};
pub use read::{analyze, records, Analysis, Records};
pub use sniff::sniff_delimiter;
pub use write::CsvWriter;

use crate::domain::currency::group_thousands;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How a file is written, found once at upload and kept with the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileShape {
    pub encoding: TextEncoding,
    pub delimiter: u8,
}

/// Longest record read: beyond it the file is most likely not CSV, or a quote is never
/// closed and the rest of the file would pile up in one cell.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// Most columns a file may have: more than any CRM or spreadsheet export of deals has, and
/// beyond what a mapping screen can show and send back.
pub const MAX_COLUMNS: usize = 1_000;

/// Why a file cannot be read as CSV, said so the person uploading it can fix the file.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FileProblem {
    #[error("The file is empty: it has no header row.")]
    Empty,
    #[error(
        "The header row has no column names. Make the first line of the file name the columns."
    )]
    NoColumnNames,
    #[error("This is not a text file, so it cannot be read as CSV. In your spreadsheet program, save it as CSV and upload that file.")]
    NotText,
    #[error("The file has {} columns; Dealflow reads up to {}, more than any CRM export has. Check that it is a CSV file, or remove the columns you do not need.", group_thousands(*.columns as u64), group_thousands(MAX_COLUMNS as u64))]
    TooManyColumns { columns: usize },
    #[error("The file has more than {} rows. Split it into smaller files.", group_thousands(*.limit))]
    TooManyRows { limit: u64 },
    #[error("{} could not be read: a quoted value is never closed. Check the quotes around that line.", place(*.row, *.line))]
    UnclosedQuote { row: u64, line: u64 },
    #[error("{} is longer than 1 MB. Check that the file is a CSV file and that every quoted value is closed.", place(*.row, *.line))]
    RowTooLong { row: u64, line: u64 },
    #[error("The file could not be read: {0}. Try uploading it again.")]
    Unreadable(String),
}

/// Where in the file a problem is: data rows count from 1, row 0 being the header.
fn place(row: u64, line: u64) -> String {
    if row == 0 {
        format!("The header row (line {line})")
    } else {
        format!("Row {row} (line {line})")
    }
}

#[cfg(test)]
mod tests;
