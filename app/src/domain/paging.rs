//! Numbered pages of a list: how many there are, and which one a request lands on.

/// How many pages `total` rows fill at `per_page` a page (one for an empty list).
pub fn page_count(total: i64, per_page: u32) -> u32 {
    let per = i64::from(per_page);
    u32::try_from((total.max(0) + per - 1) / per)
        .unwrap_or(u32::MAX)
        .max(1)
}

/// The page shown when page `asked` (counted from 1) of `total` rows is asked for: one
/// past the end (an old link, a hand-typed `?page=5000`) shows the last page.
pub fn page_shown(asked: u32, total: i64, per_page: u32) -> u32 {
    asked.clamp(1, page_count(total, per_page))
}

/// How many rows come before `page`.
pub fn offset(page: u32, per_page: u32) -> i64 {
    i64::from(page.max(1) - 1) * i64::from(per_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_is_the_last_page() {
        let cases = [
            // (asked, total, shown, pages)
            (1, 0, 1, 1),
            (0, 325, 1, 7),
            (7, 325, 7, 7),
            (5000, 325, 7, 7),
            (2, 50, 1, 1),
            (2, 51, 2, 2),
            (u32::MAX, 100, 2, 2),
        ];
        for (asked, total, shown, pages) in cases {
            assert_eq!(page_shown(asked, total, 50), shown, "{asked} of {total}");
            assert_eq!(page_count(total, 50), pages, "{total}");
        }
        assert_eq!(offset(7, 50), 300);
        assert_eq!(offset(0, 50), 0);
    }
}
