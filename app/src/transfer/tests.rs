//! Properties of the CSV layer as a whole: any bytes read without panicking, and any table
//! written by `CsvWriter` reads back the same.
use super::*;
use crate::domain::import::values::unescape_formula;
use proptest::prelude::*;
use std::io::Write;

/// A file holding `bytes`, deleted when dropped.
pub(super) fn file_with(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("the temp dir is writable");
    file.write_all(bytes).expect("the temp dir is writable");
    file
}

pub(super) fn read_all(
    file: &tempfile::NamedTempFile,
    shape: &FileShape,
    skip: u64,
) -> Vec<Result<(u64, Vec<String>), FileProblem>> {
    match records(file.path(), shape, skip) {
        Ok(rows) => rows.collect(),
        Err(problem) => vec![Err(problem)],
    }
}

fn csv_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(b",;\t\"\r\n a\xEF\xBB\xBF\xFF\xFE".to_vec()),
    ];
    prop::collection::vec(byte, 0..600)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_bytes_read_without_panicking(bytes in csv_like_bytes(), skip in 0u64..3) {
        let file = file_with(&bytes);
        let _ = analyze(file.path(), None, 1_000);
        for encoding in TextEncoding::ALL {
            let _ = analyze(file.path(), Some(encoding), 3);
            for delimiter in [b',', b';', b'\t'] {
                let _ = read_all(&file, &FileShape { encoding, delimiter }, skip);
            }
        }
    }

    /// Rows have at least one cell: a row of none is only a line end, a blank line that
    /// readers pass over. A row of one empty cell is written `""`, so it stays a row.
    #[test]
    fn written_tables_read_back(
        table in prop::collection::vec(prop::collection::vec(any::<String>(), 1..5), 0..12),
        excel_bom in any::<bool>(),
    ) {
        let mut writer = CsvWriter::new(Vec::new(), excel_bom).expect("memory takes any write");
        writer.write_row(["Header"]).expect("memory takes any write");
        for row in &table {
            writer.write_row(row).expect("memory takes any write");
        }
        let file = file_with(&writer.into_inner().expect("memory takes any write"));
        let encoding = if excel_bom { TextEncoding::Utf8Bom } else { TextEncoding::Utf8 };
        let read: Vec<Vec<String>> = read_all(&file, &FileShape { encoding, delimiter: b',' }, 0)
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let (number, cells) = row.expect("a written file reads");
                assert_eq!(number, i as u64 + 1);
                cells.iter().map(|cell| unescape_formula(cell).to_string()).collect()
            })
            .collect();
        prop_assert_eq!(read, table);
    }
}

#[test]
fn problems_say_what_to_do() {
    let cases = [
        (FileProblem::Empty, "The file is empty: it has no header row."),
        (
            FileProblem::TooManyRows { limit: 1_048_576 },
            "The file has more than 1,048,576 rows. Split it into smaller files.",
        ),
        (
            FileProblem::UnclosedQuote { row: 12, line: 15 },
            "Row 12 (line 15) could not be read: a quoted value is never closed. Check the quotes around that line.",
        ),
        (
            FileProblem::UnclosedQuote { row: 0, line: 1 },
            "The header row (line 1) could not be read: a quoted value is never closed. Check the quotes around that line.",
        ),
    ];
    for (problem, message) in cases {
        assert_eq!(problem.to_string(), message);
    }
}

#[test]
fn a_file_with_more_columns_than_any_crm_export_is_refused() {
    let header = |columns: usize| {
        let names: Vec<String> = (1..=columns).map(|i| format!("c{i}")).collect();
        format!("{}\n{}\n", names.join(","), vec!["x"; columns].join(","))
    };
    let widest = file_with(header(MAX_COLUMNS).as_bytes());
    assert_eq!(
        analyze(widest.path(), None, 10).map(|a| a.headers.len()),
        Ok(MAX_COLUMNS)
    );
    let wider = file_with(header(100_000).as_bytes());
    let problem = analyze(wider.path(), Some(TextEncoding::Utf8), 10).unwrap_err();
    assert_eq!(problem, FileProblem::TooManyColumns { columns: 100_000 });
    assert_eq!(
        problem.to_string(),
        "The file has 100,000 columns; Dealflow reads up to 1,000, more than any CRM export has. Check that it is a CSV file, or remove the columns you do not need."
    );
}

#[test]
fn one_bad_byte_leaves_the_rest_of_a_utf8_file_as_it_is() {
    let file = file_with(b"Name,City\nCaf\xC3\xA9,Z\xC3\xBCrich\nbad \xFF,x\n");
    let analysis = analyze(file.path(), None, 10).expect("the file reads");
    assert_eq!(analysis.shape.encoding, TextEncoding::Utf8);
    assert_eq!(analysis.samples[0], ["Café", "Zürich"]);
    assert_eq!(analysis.samples[1], ["bad \u{fffd}", "x"]);
}
