//! Unit tests and properties for `domain::import::values`: numbers, dates, formula guard.
use super::*;
use proptest::prelude::*;

use NumberFormat::{DecimalComma, DecimalPoint};

#[test]
fn numbers_read_in_their_format() {
    let cases = [
        ("1,234.50", DecimalPoint, "1234.5"),
        ("1234.5", DecimalPoint, "1234.5"),
        ("  -3 ", DecimalPoint, "-3"),
        ("+7", DecimalPoint, "7"),
        ("0.50", DecimalPoint, "0.5"),
        (".5", DecimalPoint, "0.5"),
        ("007", DecimalPoint, "7"),
        ("-0.00", DecimalPoint, "0"),
        ("1 234 567.25", DecimalPoint, "1234567.25"),
        ("1\u{a0}234", DecimalPoint, "1234"),
        ("1'234'567.5", DecimalPoint, "1234567.5"),
        ("$1,500", DecimalPoint, "1500"),
        ("-$1,500.00", DecimalPoint, "-1500"),
        ("$-1,500.00", DecimalPoint, "-1500"),
        ("EUR 1,500.00", DecimalPoint, "1500"),
        ("1,500 USD", DecimalPoint, "1500"),
        ("£12", DecimalPoint, "12"),
        ("1.234,50", DecimalComma, "1234.5"),
        ("1.500,00 €", DecimalComma, "1500"),
        ("-1 234,5", DecimalComma, "-1234.5"),
        ("1\u{202f}234,5", DecimalComma, "1234.5"),
        ("12,5", DecimalComma, "12.5"),
        ("¥ 1.000", DecimalComma, "1000"),
        (
            "123456789012345678901234567890",
            DecimalPoint,
            "123456789012345678901234567890",
        ),
    ];
    for (raw, format, expected) in cases {
        assert_eq!(
            canonical_number(raw, format).as_deref(),
            Ok(expected),
            "{raw}"
        );
    }
}

#[test]
fn numbers_that_are_not_are_named_with_a_hint_when_the_format_seems_wrong() {
    let cases = [
        ("12,5k", DecimalPoint, "'12,5k' is not a number."),
        ("1,23.5", DecimalPoint, "'1,23.5' is not a number."),
        ("1,234 567", DecimalPoint, "'1,234 567' is not a number."),
        ("--5", DecimalPoint, "'--5' is not a number."),
        ("-$-5", DecimalPoint, "'-$-5' is not a number."),
        ("$5 USD", DecimalPoint, "'$5 USD' is not a number."),
        ("eur 5", DecimalPoint, "'eur 5' is not a number."),
        ("5.", DecimalPoint, "'5.' is not a number."),
        ("EUR", DecimalPoint, "'EUR' is not a number."),
        ("1e5", DecimalPoint, "'1e5' is not a number."),
        (
            "1.234,5",
            DecimalPoint,
            "'1.234,5' is not a number. It looks like a decimal comma: choose 1.234,50 as the number format.",
        ),
        (
            "1,234.5",
            DecimalComma,
            "'1,234.5' is not a number. It looks like a decimal point: choose 1,234.50 as the number format.",
        ),
    ];
    for (raw, format, expected) in cases {
        assert_eq!(
            canonical_number(raw, format),
            Err(expected.to_string()),
            "{raw}"
        );
    }
    assert!(canonical_number("  ", DecimalPoint)
        .unwrap_err()
        .contains("empty"));
}

#[test]
fn dates_read_in_their_order() {
    use DateOrder::{DayMonth, MonthDay};
    let cases = [
        ("2026-11-21", DayMonth, "2026-11-21"),
        ("2026-11-21", MonthDay, "2026-11-21"),
        ("2026-11-21T10:00:00Z", DayMonth, "2026-11-21"),
        ("2026-11-21 10:00", MonthDay, "2026-11-21"),
        ("2026/1/5", DayMonth, "2026-01-05"),
        ("21/11/2026", DayMonth, "2026-11-21"),
        ("11/21/2026", MonthDay, "2026-11-21"),
        ("3.4.2026", DayMonth, "2026-04-03"),
        ("3-4-2026", MonthDay, "2026-03-04"),
        ("21/11/26", DayMonth, "2026-11-21"),
        ("21/11/69", DayMonth, "2069-11-21"),
        ("21/11/70", DayMonth, "1970-11-21"),
        ("29/02/2024", DayMonth, "2024-02-29"),
        ("21/11/2026 10:00", DayMonth, "2026-11-21"),
    ];
    for (raw, order, expected) in cases {
        assert_eq!(
            parse_date(raw, order).map(|d| d.to_string()).as_deref(),
            Ok(expected),
            "{raw}"
        );
    }
}

#[test]
fn dates_that_are_not_say_which_forms_work() {
    use DateOrder::{DayMonth, MonthDay};
    let cases = [
        (
            "31/02/2026",
            DayMonth,
            "'31/02/2026' is not a date. Use 2026-11-21 or 21/11/2026.",
        ),
        (
            "2026-02-30",
            MonthDay,
            "'2026-02-30' is not a date. Use 2026-11-21 or 11/21/2026.",
        ),
        (
            "21/11/2026",
            MonthDay,
            "'21/11/2026' is not a date. It looks like the day first: choose Day first (21/11/2026) as the date order.",
        ),
        ("21/11-2026", DayMonth, "'21/11-2026' is not a date. Use 2026-11-21 or 21/11/2026."),
        ("1/2/3/4", DayMonth, "'1/2/3/4' is not a date. Use 2026-11-21 or 21/11/2026."),
        ("21/11/202", DayMonth, "'21/11/202' is not a date. Use 2026-11-21 or 21/11/2026."),
        ("tomorrow", DayMonth, "'tomorrow' is not a date. Use 2026-11-21 or 21/11/2026."),
        ("2026-11-21 later", DayMonth, "'2026-11-21 later' is not a date. Use 2026-11-21 or 21/11/2026."),
    ];
    for (raw, order, expected) in cases {
        assert_eq!(parse_date(raw, order), Err(expected.to_string()), "{raw}");
    }
    assert!(parse_date("", DayMonth).unwrap_err().contains("empty"));
}

#[test]
fn formula_starts_are_guarded_and_restored() {
    let cases = [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1", "'+1"),
        ("-3", "'-3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("Acme", "Acme"),
        ("'quoted", "'quoted"),
        ("", ""),
    ];
    for (cell, escaped) in cases {
        assert_eq!(escape_formula(cell), escaped, "{cell}");
        assert_eq!(unescape_formula(escaped), cell, "{escaped}");
    }
}

#[test]
fn choices_round_trip_through_their_keys() {
    for format in NumberFormat::ALL {
        assert_eq!(NumberFormat::from_key(format.key()), Some(format));
    }
    for order in DateOrder::ALL {
        assert_eq!(DateOrder::from_key(order.key()), Some(order));
    }
    assert_eq!(NumberFormat::from_key("x"), None);
    assert_eq!(DateOrder::from_key("x"), None);
}

/// Writes digits in groups of three as spreadsheets display them.
fn grouped(digits: &str, mark: char) -> String {
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(mark);
        }
        out.push(digit);
    }
    out
}

fn group_mark(format: NumberFormat, pick: usize) -> char {
    let marks: &[char] = match format {
        DecimalPoint => &[',', ' ', '\u{a0}', '\''],
        DecimalComma => &['.', ' ', '\u{a0}'],
    };
    marks[pick % marks.len()]
}

fn any_format() -> impl Strategy<Value = NumberFormat> {
    prop_oneof![Just(DecimalPoint), Just(DecimalComma)]
}

proptest! {
    #[test]
    fn parsers_never_panic(raw in any::<String>(), format in any_format()) {
        let _ = canonical_number(&raw, format);
        let _ = parse_date(&raw, DateOrder::DayMonth);
        let _ = parse_date(&raw, DateOrder::MonthDay);
    }

    #[test]
    fn grouped_integers_read_back(n in any::<i64>(), format in any_format(), pick in 0usize..4) {
        let digits = n.unsigned_abs().to_string();
        let sign = if n < 0 { "-" } else { "" };
        let typed = format!("{sign}{}", grouped(&digits, group_mark(format, pick)));
        prop_assert_eq!(canonical_number(&typed, format), Ok(n.to_string()));
    }

    #[test]
    fn grouped_decimals_read_back(
        whole in any::<u64>(),
        fraction in "[0-9]{1,8}",
        negative in any::<bool>(),
        format in any_format(),
        pick in 0usize..4,
    ) {
        let digits = whole.to_string();
        let mark = match format { DecimalPoint => '.', DecimalComma => ',' };
        let typed = format!(
            "{}{}{mark}{fraction}",
            if negative { "-" } else { "" },
            grouped(&digits, group_mark(format, pick)),
        );
        let fraction = fraction.trim_end_matches('0');
        let plain = if fraction.is_empty() { digits } else { format!("{digits}.{fraction}") };
        let expected = if negative && plain != "0" { format!("-{plain}") } else { plain };
        prop_assert_eq!(canonical_number(&typed, format), Ok(expected));
    }

    #[test]
    fn formula_guard_round_trips(cell in any::<String>()) {
        let escaped = escape_formula(&cell);
        prop_assert!(!escaped.starts_with(FORMULA_STARTS));
        prop_assert_eq!(unescape_formula(&escaped), cell.as_str());
    }

    #[test]
    fn real_dates_read_back_in_each_order(
        days in -719_162i64..2_932_896,
        separator in prop_oneof![Just('/'), Just('.'), Just('-')],
        padded in any::<bool>(),
    ) {
        // The range is 0001-01-01 to 9999-12-31, every day Date accepts.
        let date = Date::from_days_since_epoch(days);
        let iso = date.to_string();
        let (year, rest) = iso.split_at(4);
        let (month, day) = (&rest[1..3], &rest[4..6]);
        let shown = |part: &str| {
            if padded { part.to_string() } else { part.trim_start_matches('0').to_string() }
        };
        let (month, day) = (shown(month), shown(day));
        let day_first = format!("{day}{separator}{month}{separator}{year}");
        let month_first = format!("{month}{separator}{day}{separator}{year}");
        prop_assert_eq!(parse_date(&day_first, DateOrder::DayMonth), Ok(date));
        prop_assert_eq!(parse_date(&month_first, DateOrder::MonthDay), Ok(date));
        prop_assert_eq!(parse_date(&iso, DateOrder::MonthDay), Ok(date));
    }
}
