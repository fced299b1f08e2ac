//! Lists of contacts and companies: a search, a sort on a column, numbered pages.
use serde::{Deserialize, Serialize};

pub const RECORDS_PER_PAGE: u32 = 50;

/// A checked list request. `sort` is a column key the store knows (unknown keys sort by name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordQuery {
    pub search: String,
    pub sort: String,
    pub descending: bool,
    /// Counted from 1.
    pub page: u32,
    /// Contacts only: just those with this tag (in any case); empty for all.
    #[serde(default)]
    pub tag: String,
}

impl RecordQuery {
    /// The query's URL parameters (`q`, `tag`, `sort`, `dir`, `page`), defaults left out.
    pub fn href(&self, path: &str) -> String {
        let mut url = form_urlencoded::Serializer::new(String::new());
        if !self.search.is_empty() {
            url.append_pair("q", &self.search);
        }
        if !self.tag.is_empty() {
            url.append_pair("tag", &self.tag);
        }
        if !self.sort.is_empty() {
            url.append_pair("sort", &self.sort);
        }
        if self.descending {
            url.append_pair("dir", "desc");
        }
        if self.page > 1 {
            url.append_pair("page", &self.page.to_string());
        }
        let query = url.finish();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }

    /// The sort after clicking `column`'s header.
    pub fn toggled(&self, column: &str) -> RecordQuery {
        RecordQuery {
            descending: self.sort == column && !self.descending,
            sort: column.to_string(),
            page: 1,
            search: self.search.clone(),
            tag: self.tag.clone(),
        }
    }
}

/// One page of records and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPage<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub page: u32,
}

impl<T> RecordPage<T> {
    pub fn pages(&self) -> u32 {
        super::paging::page_count(self.total, RECORDS_PER_PAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_round_trip_through_the_url() {
        let query = RecordQuery {
            search: "ann lee".into(),
            sort: "created".into(),
            descending: true,
            page: 3,
            tag: "vip & co".into(),
        };
        assert_eq!(
            query.href("/contacts"),
            "/contacts?q=ann+lee&tag=vip+%26+co&sort=created&dir=desc&page=3"
        );
        assert_eq!(RecordQuery::default().href("/contacts"), "/contacts");
        let toggled = query.toggled("created");
        assert!(!toggled.descending);
        assert_eq!(toggled.page, 1);
        assert_eq!(toggled.tag, "vip & co", "a sort keeps the tag filter");
    }
}
