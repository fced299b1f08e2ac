//! The list's URL query: read from the address bar, checked into a `ListQuery`, and
//! written back as a link.
use super::{ListColumn, ListQuery, PipelineFilter, Sort};
use crate::domain::board::FilterInput;
use crate::domain::pipeline::{PipelineId, StageId};
use serde::{Deserialize, Serialize};

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

/// A list query from `(key, value)` pairs, as in the URL.
impl<'a> FromIterator<(&'a str, &'a str)> for ListInput {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(pairs: I) -> ListInput {
        let mut input = ListInput::default();
        for (key, value) in pairs {
            input.set(key, value.to_string());
        }
        input
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> ListInput {
        pairs.iter().copied().collect()
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
