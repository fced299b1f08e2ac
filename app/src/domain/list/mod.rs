//! The list view: a table of deals across pipelines (unattached ones too), with the
//! columns each person picks, a sort on any column, the board's filters plus pipeline
//! and stage, and numbered pages. All of it is kept in the URL except the columns.
pub mod custom;
mod input;

pub use custom::{CustomFilter, CustomTest};
pub use input::ListInput;

use super::board::{BoardFilter, Card};
use super::custom_field::{CustomField, CustomFieldId};
use super::pipeline::{PipelineId, StageId};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListColumn {
    Name,
    Value,
    Pipeline,
    Stage,
    Status,
    Owner,
    Contact,
    ExpectedClose,
    Source,
    Created,
    Updated,
    /// An opportunity custom field.
    Custom(CustomFieldId),
}

impl ListColumn {
    /// The built-in columns; custom fields come after them.
    pub const ALL: [ListColumn; 11] = [
        ListColumn::Name,
        ListColumn::Value,
        ListColumn::Pipeline,
        ListColumn::Stage,
        ListColumn::Status,
        ListColumn::Owner,
        ListColumn::Contact,
        ListColumn::ExpectedClose,
        ListColumn::Source,
        ListColumn::Created,
        ListColumn::Updated,
    ];

    /// What a person sees before choosing: the fields a sales team scans most.
    pub const DEFAULT: [ListColumn; 7] = [
        ListColumn::Name,
        ListColumn::Stage,
        ListColumn::Status,
        ListColumn::Value,
        ListColumn::Owner,
        ListColumn::Contact,
        ListColumn::ExpectedClose,
    ];

    /// The name in the URL and in saved columns (`cf.12` for custom field 12).
    pub fn key(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            ListColumn::Name => "name",
            ListColumn::Value => "value",
            ListColumn::Pipeline => "pipeline",
            ListColumn::Stage => "stage",
            ListColumn::Status => "status",
            ListColumn::Owner => "owner",
            ListColumn::Contact => "contact",
            ListColumn::ExpectedClose => "close",
            ListColumn::Source => "source",
            ListColumn::Created => "created",
            ListColumn::Updated => "updated",
            ListColumn::Custom(id) => return Cow::Owned(format!("{}{}", custom::PREFIX, id.0)),
        })
    }

    /// The header; a custom field's is its label (`fields`: the opportunity fields).
    pub fn label(self, fields: &[CustomField]) -> String {
        match self {
            ListColumn::Name => "Name",
            ListColumn::Value => "Value",
            ListColumn::Pipeline => "Pipeline",
            ListColumn::Stage => "Stage",
            ListColumn::Status => "Status",
            ListColumn::Owner => "Owner",
            ListColumn::Contact => "Contact",
            ListColumn::ExpectedClose => "Expected close",
            ListColumn::Source => "Source",
            ListColumn::Created => "Created",
            ListColumn::Updated => "Updated",
            ListColumn::Custom(id) => {
                return fields
                    .iter()
                    .find(|f| f.id == id)
                    .map_or_else(|| "Removed field".to_string(), |f| f.label.clone())
            }
        }
        .to_string()
    }

    /// The column `key` names, if it is a built-in one or names one of `fields`.
    pub fn from_key(key: &str, fields: &[CustomField]) -> Option<ListColumn> {
        if let Some(id) = key.strip_prefix(custom::PREFIX) {
            let id = CustomFieldId(id.parse().ok()?);
            return fields
                .iter()
                .any(|f| f.id == id)
                .then_some(ListColumn::Custom(id));
        }
        ListColumn::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Saved column keys as columns: unknown keys (and removed fields) are dropped,
    /// repeats kept once, and the name always comes first (it is the link to the deal).
    pub fn chosen(keys: &[String], fields: &[CustomField]) -> Vec<ListColumn> {
        let mut columns = vec![ListColumn::Name];
        for column in keys.iter().filter_map(|k| ListColumn::from_key(k, fields)) {
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
        columns
    }

    /// Whether a higher value is what people usually want first (money, recent dates).
    pub fn descends_first(self) -> bool {
        matches!(
            self,
            ListColumn::Value | ListColumn::Created | ListColumn::Updated
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub column: ListColumn,
    pub descending: bool,
}

impl Default for Sort {
    /// Most recently changed first.
    fn default() -> Sort {
        Sort {
            column: ListColumn::Updated,
            descending: true,
        }
    }
}

impl Sort {
    /// The sort after clicking `column`'s header: the other direction if it is the
    /// current sort, else that column in its natural direction.
    pub fn toggled(self, column: ListColumn) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            Sort {
                column,
                descending: column.descends_first(),
            }
        }
    }
}

/// Which pipelines the list covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PipelineFilter {
    Pipeline(PipelineId),
    /// Deals in no pipeline (theirs was deleted, or they were imported without one).
    Unattached,
}

pub const ROWS_PER_PAGE: u32 = 50;

/// A checked list request: filters, sort and page (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListQuery {
    pub filter: BoardFilter,
    pub pipeline: Option<PipelineFilter>,
    pub stage: Option<StageId>,
    pub sort: Sort,
    /// The field sorted by, when the sort is on a custom field.
    pub sort_field: Option<CustomField>,
    pub custom: Vec<CustomFilter>,
    pub page: u32,
}

/// One row of the list: the card plus the fields only the table shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub card: Card,
    pub source: Option<String>,
    pub lost_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Custom field values by key.
    pub custom: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    /// Every matching deal, across all pages.
    pub total: i64,
    pub page: u32,
}

impl ListPage {
    pub fn pages(&self) -> u32 {
        crate::domain::paging::page_count(self.total, ROWS_PER_PAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_toggle_the_sort() {
        let by_close = Sort::default().toggled(ListColumn::ExpectedClose);
        assert!(!by_close.descending);
        assert!(by_close.toggled(ListColumn::ExpectedClose).descending);
        assert!(by_close.toggled(ListColumn::Value).descending);
    }

    #[test]
    fn saved_columns_start_with_the_name_and_skip_unknown_keys() {
        let keys: Vec<String> = ["value", "colour", "value", "owner"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            ListColumn::chosen(&keys, &[]),
            vec![ListColumn::Name, ListColumn::Value, ListColumn::Owner]
        );
    }
}
