//! Deal values: integer minor units of the business currency, parsed from what people type.
use super::currency::group_thousands;
use super::number::read_typed_number;
use thiserror::Error;

/// The largest value a deal or a money field may hold, in minor units (900,000,000.00 in
/// a currency with cents). A million deals at this value, weighted at 100 percent, still
/// sum within an `i64` on both engines, so no board, list or total can overflow.
pub const MAX_AMOUNT_MINOR: i64 = 90_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("'{0}' is not an amount. Type digits, grouped in threes if you like, such as 12500, 12,500.50 or 12.500,50.")]
    NotAnAmount(String),
    #[error("Use at most {0} digits after the decimal mark.")]
    TooManyDecimals(u32),
    #[error("Enter an amount of zero or more.")]
    Negative,
    #[error("Enter an amount of at most {0}.")]
    TooLarge(String),
}

/// The largest amount, written as the value fields say it (`900,000,000.00`).
pub fn max_amount(digits: u32) -> String {
    let scale = 10u64.pow(digits);
    let max = MAX_AMOUNT_MINOR.unsigned_abs();
    let whole = group_thousands(max / scale);
    if digits == 0 {
        whole
    } else {
        format!("{whole}.{:0width$}", max % scale, width = digits as usize)
    }
}

/// Parses an amount such as `12500`, `12,500.5`, `12 500` or `12.500,50` into minor
/// units of a currency with `digits` decimal places, read as `read_typed_number` reads
/// it; text that reads no way (`1,2,3`) is refused, never guessed. Empty input is zero.
pub fn parse_amount(raw: &str, digits: u32) -> Result<i64, MoneyError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(0);
    }
    let number = read_typed_number(text).map_err(|_| MoneyError::NotAnAmount(text.to_string()))?;
    if number.starts_with('-') {
        return Err(MoneyError::Negative);
    }
    let (whole, frac) = number.split_once('.').unwrap_or((&number, ""));
    if frac.len() > digits as usize {
        return Err(MoneyError::TooManyDecimals(digits));
    }
    let too_large = || MoneyError::TooLarge(max_amount(digits));
    let whole: i64 = whole.parse().map_err(|_| too_large())?;
    let frac: i64 = format!("{frac:0<width$}", width = digits as usize)
        .parse()
        .unwrap_or(0);
    whole
        .checked_mul(10i64.pow(digits))
        .and_then(|w| w.checked_add(frac))
        .filter(|minor| *minor <= MAX_AMOUNT_MINOR)
        .ok_or_else(too_large)
}

/// Minor units written back as a plain editable amount (`1250050` -> `12500.50`).
pub fn plain_amount(minor: i64, digits: u32) -> String {
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(digits);
    format!(
        "{}.{:0width$}",
        minor / scale,
        (minor % scale).abs(),
        width = digits as usize
    )
}

/// The weighted value of `minor` at `percent` close probability, rounded to the nearest unit.
pub fn weighted(minor: i64, percent: u8) -> i64 {
    ((i128::from(minor) * i128::from(percent) + 50) / 100) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_into_minor_units() {
        let cases: &[(&str, u32, Result<i64, MoneyError>)] = &[
            ("12500", 2, Ok(1_250_000)),
            ("12,500.5", 2, Ok(1_250_050)),
            (" 12 500.05 ", 2, Ok(1_250_005)),
            (".5", 2, Ok(50)),
            ("", 2, Ok(0)),
            ("1000", 0, Ok(1000)),
            ("1.234", 3, Ok(1234)),
            ("1.234", 2, Err(MoneyError::TooManyDecimals(2))),
            ("$1,500", 2, Ok(150_000)),
            ("900,000,000.00", 2, Ok(MAX_AMOUNT_MINOR)),
            ("90,000,000,000", 0, Ok(MAX_AMOUNT_MINOR)),
            ("12,5k", 2, Err(MoneyError::NotAnAmount("12,5k".into()))),
            ("1,2,3", 2, Err(MoneyError::NotAnAmount("1,2,3".into()))),
            (
                "12,34,567",
                2,
                Err(MoneyError::NotAnAmount("12,34,567".into())),
            ),
            ("1 000 000,50", 2, Ok(100_000_050)),
            ("12,50", 2, Ok(1_250)),
            ("1.234,5", 2, Ok(123_450)),
            ("12,345", 2, Ok(1_234_500)),
            ("12,345", 0, Ok(12_345)),
            ("-4", 2, Err(MoneyError::Negative)),
            (".", 2, Err(MoneyError::NotAnAmount(".".into()))),
            (
                "900,000,000.01",
                2,
                Err(MoneyError::TooLarge("900,000,000.00".into())),
            ),
            (
                "92233720368547758.07",
                2,
                Err(MoneyError::TooLarge("900,000,000.00".into())),
            ),
            (
                "99999999999999999999",
                2,
                Err(MoneyError::TooLarge("900,000,000.00".into())),
            ),
            (
                "90000000001",
                0,
                Err(MoneyError::TooLarge("90,000,000,000".into())),
            ),
        ];
        for (raw, digits, expected) in cases {
            assert_eq!(&parse_amount(raw, *digits), expected, "{raw}");
        }
    }

    #[test]
    fn amounts_write_back_for_editing() {
        assert_eq!(plain_amount(1_250_050, 2), "12500.50");
        assert_eq!(plain_amount(5, 2), "0.05");
        assert_eq!(plain_amount(700, 0), "700");
    }

    #[test]
    fn a_million_deals_at_the_largest_amount_weigh_within_an_i64() {
        let total = 1_000_000i64.checked_mul(MAX_AMOUNT_MINOR).unwrap();
        assert!(i128::from(total) * 100 <= i128::from(i64::MAX));
        assert_eq!(weighted(total, 99), total / 100 * 99);
        assert_eq!(max_amount(3), "90,000,000.000");
    }

    #[test]
    fn weighted_values_round_to_the_nearest_unit() {
        assert_eq!(weighted(10_000, 25), 2_500);
        assert_eq!(weighted(333, 50), 167);
        assert_eq!(weighted(1_000, 0), 0);
        assert_eq!(weighted(1_000, 100), 1_000);
    }
}
