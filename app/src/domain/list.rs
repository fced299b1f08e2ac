//! The list view: a table of deals across pipelines (unattached ones too), with the
//! columns each person picks, a sort on any column, the board's filters plus pipeline
//! and stage, and numbered pages. All of it is kept in the URL except the columns.
use super::board::{BoardFilter, Card, FilterInput};
use super::pipeline::{PipelineId, StageId};
use serde::{Deserialize, Serialize};

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
}

impl ListColumn {
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

    pub fn key(self) -> &'static str {
        match self {
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
        }
    }

    pub fn label(self) -> &'static str {
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
        }
    }

    pub fn from_key(key: &str) -> Option<ListColumn> {
        ListColumn::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Saved column keys as columns: unknown keys are dropped, repeats kept once, and
    /// the name always comes first (it is the link to the deal).
    pub fn chosen(keys: &[String]) -> Vec<ListColumn> {
        let mut columns = vec![ListColumn::Name];
        for column in keys.iter().filter_map(|k| ListColumn::from_key(k)) {
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
    pub page: u32,
}

impl ListQuery {
    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * i64::from(ROWS_PER_PAGE)
    }
}

/// The list's URL query as typed, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListInput {
    pub filter: FilterInput,
    pub pipeline: String,
    pub stage: String,
    pub sort: String,
    pub dir: String,
    pub page: String,
}

impl ListInput {
    /// The keys beside the board's filters, in URL order.
    pub const KEYS: [&'static str; 5] = ["pipeline", "stage", "sort", "dir", "page"];

    pub fn get(&self, key: &str) -> &str {
        match key {
            "pipeline" => &self.pipeline,
            "stage" => &self.stage,
            "sort" => &self.sort,
            "dir" => &self.dir,
            "page" => &self.page,
            other => self.filter.get(other),
        }
    }

    pub fn set(&mut self, key: &str, value: String) {
        match key {
            "pipeline" => self.pipeline = value,
            "stage" => self.stage = value,
            "sort" => self.sort = value,
            "dir" => self.dir = value,
            "page" => self.page = value,
            other => self.filter.set(other, value),
        }
    }

    /// Reads a URL query (`key=value` pairs).
    pub fn from_pairs(mut get: impl FnMut(&str) -> Option<String>) -> ListInput {
        let mut input = ListInput::default();
        for key in FilterInput::KEYS.iter().chain(ListInput::KEYS.iter()) {
            input.set(key, get(key).unwrap_or_default());
        }
        input
    }

    /// `/opportunities?view=list&...`, leaving out what is empty.
    pub fn href(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("view", "list");
        for key in ListInput::KEYS.iter().chain(FilterInput::KEYS.iter()) {
            let value = self.get(key).trim();
            if !value.is_empty() {
                query.append_pair(key, value);
            }
        }
        format!("/opportunities?{}", query.finish())
    }

    /// The same list on another page.
    pub fn with_page(&self, page: u32) -> ListInput {
        let mut next = self.clone();
        next.page = if page <= 1 {
            String::new()
        } else {
            page.to_string()
        };
        next
    }

    /// Checks every part; an error names the field and says what to type.
    pub fn parse(&self, currency_digits: u32) -> Result<ListQuery, (&'static str, String)> {
        let filter = self.filter.parse(currency_digits)?;
        let id = |key: &'static str, raw: &str| -> Result<Option<i64>, (&'static str, String)> {
            match raw.trim() {
                "" => Ok(None),
                raw => raw
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| (key, format!("'{raw}' is not a valid choice."))),
            }
        };
        let pipeline = match self.pipeline.trim() {
            "none" => Some(PipelineFilter::Unattached),
            raw => id("pipeline", raw)?.map(|i| PipelineFilter::Pipeline(PipelineId(i))),
        };
        let column = match self.sort.trim() {
            "" => None,
            raw => Some(
                ListColumn::from_key(raw)
                    .ok_or_else(|| ("sort", format!("The list cannot be sorted by '{raw}'.")))?,
            ),
        };
        let sort = match column {
            None => Sort::default(),
            Some(column) => Sort {
                column,
                descending: match self.dir.trim() {
                    "" => column.descends_first(),
                    "asc" => false,
                    "desc" => true,
                    raw => {
                        return Err((
                            "dir",
                            format!("'{raw}' is not a sort order. Use asc or desc."),
                        ))
                    }
                },
            },
        };
        let page = match self.page.trim() {
            "" => 1,
            raw => raw
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| ("page", format!("'{raw}' is not a page number.")))?,
        };
        Ok(ListQuery {
            filter,
            pipeline,
            stage: id("stage", &self.stage)?.map(StageId),
            sort,
            page,
        })
    }
}

/// One row of the list: the card plus the fields only the table shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub card: Card,
    pub source: Option<String>,
    pub lost_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
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
        let pages = (self.total + i64::from(ROWS_PER_PAGE) - 1) / i64::from(ROWS_PER_PAGE);
        u32::try_from(pages).unwrap_or(u32::MAX).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> ListInput {
        let mut input = ListInput::default();
        for (k, v) in pairs {
            input.set(k, v.to_string());
        }
        input
    }

    #[test]
    fn list_queries_parse() {
        let query = input(&[
            ("pipeline", "none"),
            ("sort", "close"),
            ("page", "3"),
            ("owner", "7"),
        ])
        .parse(2)
        .unwrap();
        assert_eq!(query.pipeline, Some(PipelineFilter::Unattached));
        assert_eq!(
            query.sort,
            Sort {
                column: ListColumn::ExpectedClose,
                descending: false
            }
        );
        assert_eq!(query.offset(), 100);
        assert!(query.filter.owner.is_some());
        assert_eq!(input(&[]).parse(2).unwrap().sort, Sort::default());
        assert!(
            input(&[("sort", "value")])
                .parse(2)
                .unwrap()
                .sort
                .descending
        );
        assert!(
            !input(&[("sort", "value"), ("dir", "asc")])
                .parse(2)
                .unwrap()
                .sort
                .descending
        );
    }

    #[test]
    fn bad_list_queries_name_the_field() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("pipeline", "sales")], "pipeline"),
            (&[("stage", "x")], "stage"),
            (&[("sort", "colour")], "sort"),
            (&[("sort", "name"), ("dir", "up")], "dir"),
            (&[("page", "0")], "page"),
            (&[("min", "lots")], "min"),
        ];
        for (pairs, field) in cases {
            assert_eq!(input(pairs).parse(2).unwrap_err().0, *field, "{pairs:?}");
        }
    }

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
            ListColumn::chosen(&keys),
            vec![ListColumn::Name, ListColumn::Value, ListColumn::Owner]
        );
    }

    #[test]
    fn urls_round_trip() {
        let list = input(&[("sort", "close"), ("q", "acme"), ("pipeline", "none")]);
        assert_eq!(
            list.href(),
            "/opportunities?view=list&pipeline=none&sort=close&q=acme"
        );
        assert_eq!(list.with_page(2).page, "2");
        assert_eq!(list.with_page(1).page, "");
    }
}
