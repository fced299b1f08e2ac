//! The list's URL query: read from the address bar, checked into a `ListQuery`, and
//! written back as a link.
use super::custom::{self, PREFIX};
use super::{ListColumn, ListQuery, PipelineFilter, Sort};
use crate::domain::board::FilterInput;
use crate::domain::currency::Currency;
use crate::domain::custom_field::CustomField;
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
    /// Custom-field filters: (URL key without `cf.`, value), e.g. ("12.min", "5").
    pub custom: Vec<(String, String)>,
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
            other => match other.strip_prefix(PREFIX) {
                Some(name) => self
                    .custom
                    .iter()
                    .find(|(k, _)| k == name)
                    .map_or("", |(_, v)| v.as_str()),
                None => self.filter.get(other),
            },
        }
    }

    pub fn set(&mut self, key: &str, value: String) {
        match key {
            "pipeline" => self.pipeline = value,
            "stage" => self.stage = value,
            "sort" => self.sort = value,
            "dir" => self.dir = value,
            "page" => self.page = value,
            other => match other.strip_prefix(PREFIX) {
                Some(name) => {
                    self.custom.retain(|(k, _)| k != name);
                    if !value.trim().is_empty() {
                        self.custom.push((name.to_string(), value));
                        self.custom.sort();
                    }
                }
                None => self.filter.set(other, value),
            },
        }
    }

    /// Whether a filter, the search, a pipeline or a stage leaves deals out: an empty list
    /// then means "nothing matches", not "nothing yet". Sorting and paging leave none out.
    pub fn narrows(&self) -> bool {
        FilterInput::KEYS
            .iter()
            .chain(["pipeline", "stage"].iter())
            .any(|key| !self.get(key).trim().is_empty())
            || !self.custom.is_empty()
    }

    /// How many custom-field filters are set.
    pub fn custom_filters(&self) -> usize {
        self.custom.len()
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
        for (name, value) in &self.custom {
            query.append_pair(&format!("{PREFIX}{name}"), value.trim());
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

    /// Checks every part against the opportunity custom fields; an error names the field
    /// (`custom` for a custom-field filter) and says what to type.
    pub fn parse(
        &self,
        currency: Currency,
        fields: &[CustomField],
    ) -> Result<ListQuery, (&'static str, String)> {
        let filter = self.filter.parse(currency.minor_digits())?;
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
                ListColumn::from_key(raw, fields)
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
        let sort_field = match sort.column {
            ListColumn::Custom(id) => fields.iter().find(|f| f.id == id).cloned(),
            _ => None,
        };
        Ok(ListQuery {
            filter,
            pipeline,
            stage: id("stage", &self.stage)?.map(StageId),
            sort,
            sort_field,
            custom: custom::parse_filters(&self.custom, fields, currency)
                .map_err(|message| ("custom", message))?,
            page,
        })
    }
}

/// A list query from `(key, value)` pairs, as in the URL; other keys (`view`) are skipped.
impl<'a> FromIterator<(&'a str, &'a str)> for ListInput {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(pairs: I) -> ListInput {
        let mut input = ListInput::default();
        for (key, value) in pairs {
            let known = key.starts_with(PREFIX)
                || FilterInput::KEYS.contains(&key)
                || ListInput::KEYS.contains(&key);
            if known {
                input.set(key, value.to_string());
            }
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
    fn only_filters_searches_pipelines_and_stages_narrow_the_list() {
        let cases: [(&[(&str, &str)], bool); 9] = [
            (&[], false),
            (&[("sort", "close"), ("dir", "asc"), ("page", "2")], false),
            (&[("q", "  ")], false),
            (&[("q", "acme")], true),
            (&[("owner", "7")], true),
            (&[("status", "abandoned")], true),
            (&[("pipeline", "none")], true),
            (&[("stage", "3")], true),
            (&[("cf.12.min", "5")], true),
        ];
        for (pairs, narrows) in cases {
            assert_eq!(input(pairs).narrows(), narrows, "{pairs:?}");
        }
    }

    #[test]
    fn list_queries_parse() {
        let query = input(&[
            ("pipeline", "none"),
            ("sort", "close"),
            ("page", "3"),
            ("owner", "7"),
        ])
        .parse(Currency::DEFAULT, &[])
        .unwrap();
        assert_eq!(query.pipeline, Some(PipelineFilter::Unattached));
        assert_eq!(
            query.sort,
            Sort {
                column: ListColumn::ExpectedClose,
                descending: false
            }
        );
        assert_eq!(query.page, 3);
        assert!(query.filter.owner.is_some());
        assert_eq!(
            input(&[]).parse(Currency::DEFAULT, &[]).unwrap().sort,
            Sort::default()
        );
        assert!(
            input(&[("sort", "value")])
                .parse(Currency::DEFAULT, &[])
                .unwrap()
                .sort
                .descending
        );
        assert!(
            !input(&[("sort", "value"), ("dir", "asc")])
                .parse(Currency::DEFAULT, &[])
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
            assert_eq!(
                input(pairs).parse(Currency::DEFAULT, &[]).unwrap_err().0,
                *field,
                "{pairs:?}"
            );
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

    #[test]
    fn custom_field_filters_ride_in_the_url() {
        let mut list = input(&[("view", "list"), ("cf.12.min", "5"), ("cf.3", "North")]);
        assert_eq!(list.filter.q, "", "view is not a search");
        assert_eq!(list.get("cf.12.min"), "5");
        assert_eq!(list.custom_filters(), 2);
        assert_eq!(
            list.with_page(2).href(),
            "/opportunities?view=list&page=2&cf.12.min=5&cf.3=North"
        );
        list.set("cf.3", String::new());
        assert_eq!(list.custom_filters(), 1);
    }
}
