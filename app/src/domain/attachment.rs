//! A file attached to a deal, as its `Files` section lists it.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub id: i64,
    pub opportunity_id: i64,
    /// The name it was uploaded with, shown and offered on download only.
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// The key sentences extracted from its text; `None` when it has no text to read.
    pub summary: Option<Vec<String>>,
    /// Why no summary could be made, when the file should have had one.
    pub summary_problem: Option<String>,
    pub uploaded_by: Option<String>,
    pub created_at: i64,
}

impl FileInfo {
    pub fn download_href(&self) -> String {
        format!("/files/{}", self.id)
    }
}
