//! How a file writes numbers and dates, told from the values of its columns: a value
//! only one format reads ("19872,50", "21/11/2026") is the evidence, shown with the choice.
use super::mapping::{DealField, Mapping, Target};
use super::values::{parse_date, DateOrder};
use crate::domain::custom_field::{CustomField, FieldKind};
use crate::domain::number::{read_number, NumberFormat};
use serde::{Deserialize, Serialize};

/// A choice told from the file, with the value that tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence<T> {
    pub choice: T,
    pub example: String,
}

impl Evidence<NumberFormat> {
    /// "19872,50 looks like a decimal comma."
    pub fn sentence(&self) -> String {
        format!("{} looks like {}.", self.example, self.choice.mark_name())
    }
}

impl Evidence<DateOrder> {
    /// "21/11/2026 looks like the day first."
    pub fn sentence(&self) -> String {
        let first = match self.choice {
            DateOrder::DayMonth => "the day",
            DateOrder::MonthDay => "the month",
        };
        format!("{} looks like {first} first.", self.example)
    }
}

/// What the file's values say about its number format and date order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Detected {
    pub number_format: Option<Evidence<NumberFormat>>,
    pub date_order: Option<Evidence<DateOrder>>,
}

/// The choice most values read only one way say, with the first of them; `None` when
/// no value tells (every one reads both ways, or none reads at all).
fn decide<'v, T: Copy + PartialEq>(
    values: impl Iterator<Item = &'v str>,
    choices: [T; 2],
    reads: impl Fn(&str, T) -> bool,
) -> Option<Evidence<T>> {
    let mut told: [(u64, Option<&str>); 2] = [(0, None), (0, None)];
    for value in values.map(str::trim).filter(|v| !v.is_empty()) {
        let only: Vec<usize> = (0..2).filter(|i| reads(value, choices[*i])).collect();
        if let [i] = only.as_slice() {
            told[*i].0 += 1;
            told[*i].1.get_or_insert(value);
        }
    }
    let winner = if told[0].0 >= told[1].0 { 0 } else { 1 };
    let example = told[winner].1?;
    Some(Evidence {
        choice: choices[winner],
        example: example.to_string(),
    })
}

pub fn number_format<'v>(values: impl Iterator<Item = &'v str>) -> Option<Evidence<NumberFormat>> {
    decide(values, NumberFormat::ALL, |v, f| read_number(v, f).is_ok())
}

pub fn date_order<'v>(values: impl Iterator<Item = &'v str>) -> Option<Evidence<DateOrder>> {
    decide(values, DateOrder::ALL, |v, o| parse_date(v, o).is_ok())
}

/// What the columns `mapping` puts into number and date fields say, from `rows`.
pub fn detect(mapping: &Mapping, fields: &[CustomField], rows: &[Vec<String>]) -> Detected {
    let kind = |target: &Target| match target {
        Target::Field(DealField::Value) => Some(FieldKind::Number),
        Target::Field(DealField::ExpectedClose) => Some(FieldKind::Date),
        Target::Custom(id) => fields.iter().find(|f| f.id == *id).map(|f| f.kind),
        _ => None,
    };
    let columns = |wanted: fn(FieldKind) -> bool| -> Vec<usize> {
        let columns = mapping.columns.iter().enumerate();
        columns
            .filter(|(_, t)| kind(t).is_some_and(wanted))
            .map(|(i, _)| i)
            .collect()
    };
    let (numbers, dates) = (
        columns(FieldKind::is_numeric),
        columns(|k| k == FieldKind::Date),
    );
    let cells = |columns: Vec<usize>| {
        rows.iter()
            .flat_map(move |row| columns.clone().into_iter().filter_map(|i| row.get(i)))
            .map(String::as_str)
            .collect::<Vec<_>>()
    };
    Detected {
        number_format: number_format(cells(numbers).into_iter()),
        date_order: date_order(cells(dates).into_iter()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberFormat::{DecimalComma, DecimalPoint};

    /// The values of a column and the choice with its example they tell, if any.
    type Case<T> = (&'static [&'static str], Option<(T, &'static str)>);

    #[test]
    fn numbers_read_one_way_only_tell_the_format() {
        let cases: &[Case<NumberFormat>] = &[
            (
                &["200", "19872,50", "1.500,00"],
                Some((DecimalComma, "19872,50")),
            ),
            (&["19872.50", "3"], Some((DecimalPoint, "19872.50"))),
            (&["1,500", "2,000", "7"], None),
            (
                &["1,500", "12,5", "0,75", "3.5"],
                Some((DecimalComma, "12,5")),
            ),
            (&["", "n/a"], None),
            (&["1 000 000,50"], Some((DecimalComma, "1 000 000,50"))),
        ];
        for (values, expected) in cases {
            let found = number_format(values.iter().copied());
            let found = found.as_ref().map(|e| (e.choice, e.example.as_str()));
            assert_eq!(found, *expected, "{values:?}");
        }
    }

    #[test]
    fn dates_read_one_way_only_tell_the_order() {
        let cases: &[Case<DateOrder>] = &[
            (
                &["03/04/2026", "21/11/2026"],
                Some((DateOrder::DayMonth, "21/11/2026")),
            ),
            (
                &["11/21/2026 10:00"],
                Some((DateOrder::MonthDay, "11/21/2026 10:00")),
            ),
            (&["2026-11-21", "03/04/2026"], None),
            (&["31.12.2026"], Some((DateOrder::DayMonth, "31.12.2026"))),
        ];
        for (values, expected) in cases {
            let found = date_order(values.iter().copied());
            let found = found.as_ref().map(|e| (e.choice, e.example.as_str()));
            assert_eq!(found, *expected, "{values:?}");
        }
    }

    #[test]
    fn the_evidence_is_said_in_a_sentence() {
        let number = Evidence {
            choice: DecimalComma,
            example: "19872,50".to_string(),
        };
        assert_eq!(number.sentence(), "19872,50 looks like a decimal comma.");
        let date = Evidence {
            choice: DateOrder::MonthDay,
            example: "11/21/2026".to_string(),
        };
        assert_eq!(date.sentence(), "11/21/2026 looks like the month first.");
    }

    #[test]
    fn only_number_and_date_columns_are_looked_at() {
        let mapping = Mapping {
            columns: vec![
                Target::Field(DealField::Name),
                Target::Field(DealField::Value),
                Target::Field(DealField::ExpectedClose),
            ],
            values: Vec::new(),
        };
        let rows = vec![vec!["1,5".to_string(), "2.5".into(), "13/01/2026".into()]];
        let found = detect(&mapping, &[], &rows);
        assert_eq!(found.number_format.map(|e| e.choice), Some(DecimalPoint));
        assert_eq!(
            found.date_order.map(|e| e.choice),
            Some(DateOrder::DayMonth)
        );
    }
}
