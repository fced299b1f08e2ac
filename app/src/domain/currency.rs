//! The business currency (ISO 4217) and how amounts in minor units are written.
use iso_currency::{Currency as Iso, IntoEnumIterator};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("'{0}' is not an ISO 4217 currency code; pick one from the list, such as USD or EUR.")]
pub struct UnknownCurrency(pub String);

/// A currency by its ISO 4217 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(Iso);

impl Currency {
    pub const DEFAULT: Currency = Currency(Iso::USD);

    pub fn parse(code: &str) -> Result<Self, UnknownCurrency> {
        Iso::from_code(&code.trim().to_uppercase())
            .map(Currency)
            .ok_or_else(|| UnknownCurrency(code.to_string()))
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    pub fn name(&self) -> &str {
        self.0.name()
    }

    /// Digits after the decimal point (2 for USD, 0 for JPY, 3 for KWD).
    pub fn minor_digits(self) -> u32 {
        self.0.exponent().unwrap_or(0) as u32
    }

    /// Every currency a business can choose, sorted by code.
    pub fn all() -> Vec<Currency> {
        let mut all: Vec<Currency> = Iso::iter()
            .filter(|c| {
                c.exponent().is_some()
                    && !c.is_fund()
                    && !c.is_special()
                    && c.is_superseded().is_none()
            })
            .map(Currency)
            .collect();
        all.sort_by_key(|c| c.code());
        all
    }

    /// Writes an amount held in minor units, e.g. `1234567` USD as `USD 12,345.67`.
    pub fn format_minor(self, minor: i64) -> String {
        let digits = self.minor_digits();
        let scale = 10i64.pow(digits);
        let abs = minor.unsigned_abs();
        let whole = group_thousands(abs / scale as u64);
        let sign = if minor < 0 { "-" } else { "" };
        if digits == 0 {
            format!("{sign}{} {whole}", self.code())
        } else {
            let frac = abs % scale as u64;
            format!(
                "{sign}{} {whole}.{frac:0width$}",
                self.code(),
                width = digits as usize
            )
        }
    }
}

pub fn group_thousands(n: u64) -> String {
    let raw = n.to_string();
    let mut out = String::with_capacity(raw.len() + raw.len() / 3);
    for (i, ch) in raw.chars().enumerate() {
        if i > 0 && (raw.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl TryFrom<String> for Currency {
    type Error = UnknownCurrency;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Currency::parse(&code)
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> String {
        currency.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_case_insensitively() {
        assert_eq!(Currency::parse("usd").unwrap().code(), "USD");
        assert_eq!(Currency::parse(" EUR ").unwrap().code(), "EUR");
        assert!(Currency::parse("XYZ1").is_err());
        assert!(Currency::parse("").is_err());
    }

    #[test]
    fn amounts_are_written_with_the_currency_exponent() {
        let cases = [
            ("USD", 1_234_567, "USD 12,345.67"),
            ("USD", -5, "-USD 0.05"),
            ("USD", 0, "USD 0.00"),
            ("JPY", 1_000_000, "JPY 1,000,000"),
            ("KWD", 1_234, "KWD 1.234"),
            ("EUR", 100_000_000, "EUR 1,000,000.00"),
        ];
        for (code, minor, expected) in cases {
            assert_eq!(Currency::parse(code).unwrap().format_minor(minor), expected);
        }
    }

    #[test]
    fn the_list_is_sorted_and_holds_the_common_currencies() {
        let all = Currency::all();
        assert!(all.windows(2).all(|w| w[0].code() < w[1].code()));
        for code in ["USD", "EUR", "GBP", "JPY", "INR", "BRL"] {
            assert!(all.iter().any(|c| c.code() == code), "{code}");
        }
    }
}
