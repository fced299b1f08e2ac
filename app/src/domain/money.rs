//! Deal values: integer minor units of the business currency, parsed from what people type.
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("'{0}' is not an amount. Type digits, like 12500 or 12,500.50.")]
    NotAnAmount(String),
    #[error("Use at most {0} digits after the decimal point.")]
    TooManyDecimals(u32),
    #[error("Enter an amount of zero or more.")]
    Negative,
    #[error("That amount is too large.")]
    TooLarge,
}

/// Parses an amount such as `12500`, `12,500.5` or `12 500` into minor units of a
/// currency with `digits` decimal places. Empty input is zero.
pub fn parse_amount(raw: &str, digits: u32) -> Result<i64, MoneyError> {
    let text: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '_'))
        .collect();
    if text.is_empty() {
        return Ok(0);
    }
    if text.starts_with('-') {
        return Err(MoneyError::Negative);
    }
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !all_digits(whole) || !all_digits(frac) {
        return Err(MoneyError::NotAnAmount(raw.trim().to_string()));
    }
    if frac.len() > digits as usize {
        return Err(MoneyError::TooManyDecimals(digits));
    }
    let scale = 10i64.pow(digits);
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| MoneyError::TooLarge)?
    };
    let frac: i64 = format!("{frac:0<width$}", width = digits as usize)
        .parse()
        .unwrap_or(0);
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac))
        .ok_or(MoneyError::TooLarge)
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
            ("12,5k", 2, Err(MoneyError::NotAnAmount("12,5k".into()))),
            ("-4", 2, Err(MoneyError::Negative)),
            (".", 2, Err(MoneyError::NotAnAmount(".".into()))),
            ("99999999999999999999", 2, Err(MoneyError::TooLarge)),
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
    fn weighted_values_round_to_the_nearest_unit() {
        assert_eq!(weighted(10_000, 25), 2_500);
        assert_eq!(weighted(333, 50), 167);
        assert_eq!(weighted(1_000, 0), 0);
        assert_eq!(weighted(1_000, 100), 1_000);
    }
}
