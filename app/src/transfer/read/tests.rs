//! Unit tests for `transfer::read`: each encoding and delimiter, RFC 4180 quoting,
//! resuming, limits and the problems a broken file gives.
use super::*;
use crate::transfer::tests::{file_with, read_all};
use crate::transfer::MAX_RECORD_BYTES;

fn analyzed(bytes: &[u8]) -> Result<Analysis, FileProblem> {
    analyze(file_with(bytes).path(), None, 1_000)
}

fn cells(row: &[&str]) -> Vec<String> {
    row.iter().map(|c| c.to_string()).collect()
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let units = std::iter::once(0xFEFF).chain(text.encode_utf16());
    if little_endian {
        units.flat_map(u16::to_le_bytes).collect()
    } else {
        units.flat_map(u16::to_be_bytes).collect()
    }
}

#[test]
fn every_encoding_reads_to_the_same_text() {
    let text = "Name,City\r\nCafé Zürich,Genève\r\n";
    let cases = [
        (text.as_bytes().to_vec(), TextEncoding::Utf8),
        (
            [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
            TextEncoding::Utf8Bom,
        ),
        (utf16(text, true), TextEncoding::Utf16Le),
        (utf16(text, false), TextEncoding::Utf16Be),
        (
            b"Name,City\r\nCaf\xE9 Z\xFCrich,Gen\xE8ve\r\n".to_vec(),
            TextEncoding::Windows1252,
        ),
    ];
    for (bytes, encoding) in cases {
        let file = file_with(&bytes);
        let expected = Analysis {
            shape: FileShape {
                encoding,
                delimiter: b',',
            },
            headers: cells(&["Name", "City"]),
            samples: vec![cells(&["Café Zürich", "Genève"])],
            rows: 1,
        };
        assert_eq!(analyze(file.path(), None, 10), Ok(expected.clone()));
        assert_eq!(analyze(file.path(), Some(encoding), 10), Ok(expected));
        assert_eq!(
            read_all(
                &file,
                &FileShape {
                    encoding,
                    delimiter: b','
                },
                0
            ),
            vec![Ok((1, cells(&["Café Zürich", "Genève"])))],
            "{encoding:?}"
        );
    }
}

#[test]
fn quoted_values_keep_semicolons_quotes_and_line_breaks() {
    let file = "\u{feff}Name;Note\n\"Acme; Inc\";\"first line\nsay \"\"hi\"\"\"\nBeta;\n";
    let analysis = analyzed(file.as_bytes()).expect("the file reads");
    assert_eq!(analysis.shape.encoding, TextEncoding::Utf8Bom);
    assert_eq!(analysis.shape.delimiter, b';');
    assert_eq!(analysis.headers, cells(&["Name", "Note"]));
    assert_eq!(
        analysis.samples,
        vec![
            cells(&["Acme; Inc", "first line\nsay \"hi\""]),
            cells(&["Beta", ""])
        ]
    );
    assert_eq!(analysis.rows, 2);
}

#[test]
fn tabs_blank_lines_and_ragged_rows() {
    let file = file_with(b" Name \t\tNote\n\nAcme\t1\n\t\t\nBeta\t2\t3\textra\nGamma\n\n");
    let analysis = analyze(file.path(), None, 10).expect("the file reads");
    assert_eq!(analysis.shape.delimiter, b'\t');
    assert_eq!(analysis.headers, cells(&["Name", "Column 2", "Note"]));
    assert_eq!(
        analysis.rows, 4,
        "blank lines are not rows, empty cells are"
    );
    let rows: Vec<_> = read_all(&file, &analysis.shape, 0);
    assert_eq!(
        rows,
        vec![
            Ok((1, cells(&["Acme", "1"]))),
            Ok((2, cells(&["", "", ""]))),
            Ok((3, cells(&["Beta", "2", "3", "extra"]))),
            Ok((4, cells(&["Gamma"]))),
        ]
    );
}

#[test]
fn resuming_skips_rows_already_done() {
    let file = file_with(b"n\n1\n2\n3\n4\n5\n");
    let shape = FileShape {
        encoding: TextEncoding::Utf8,
        delimiter: b',',
    };
    let numbers = |skip| -> Vec<u64> {
        read_all(&file, &shape, skip)
            .into_iter()
            .map(|row| row.map(|(n, _)| n).expect("the file reads"))
            .collect()
    };
    assert_eq!(numbers(0), vec![1, 2, 3, 4, 5]);
    assert_eq!(numbers(2), vec![3, 4, 5]);
    assert_eq!(numbers(5), Vec::<u64>::new());
    assert_eq!(numbers(9), Vec::<u64>::new());
    assert_eq!(read_all(&file, &shape, 3)[0], Ok((4, cells(&["4"]))));
}

#[test]
fn broken_files_say_what_is_wrong() {
    let long_row = format!("h\n{}\n", "x".repeat(MAX_RECORD_BYTES as usize + 1));
    let cases: [(&[u8], FileProblem); 6] = [
        (b"", FileProblem::Empty),
        (b"\n\r\n\n", FileProblem::Empty),
        (b" , ,\n1,2,3\n", FileProblem::NoColumnNames),
        (
            b"a,b\n1,2\n3,\"open\n4,5\n",
            FileProblem::UnclosedQuote { row: 2, line: 3 },
        ),
        (
            b"\"a,b\n1,2\n",
            FileProblem::UnclosedQuote { row: 0, line: 1 },
        ),
        (
            long_row.as_bytes(),
            FileProblem::RowTooLong { row: 1, line: 2 },
        ),
    ];
    for (bytes, problem) in cases {
        assert_eq!(
            analyzed(bytes),
            Err(problem),
            "{:?}",
            &bytes[..bytes.len().min(20)]
        );
    }
    assert!(matches!(
        analyze(Path::new("/no/such/file.csv"), None, 10),
        Err(FileProblem::Unreadable(_))
    ));
}

#[test]
fn an_unclosed_quote_ends_the_rows_with_its_problem() {
    let file = file_with(b"a,b\n1,2\n3,\"open\n4,5\n");
    let shape = FileShape {
        encoding: TextEncoding::Utf8,
        delimiter: b',',
    };
    assert_eq!(
        read_all(&file, &shape, 0),
        vec![
            Ok((1, cells(&["1", "2"]))),
            Ok((2, cells(&["3", "open\n4,5\n"]))),
            Err(FileProblem::UnclosedQuote { row: 2, line: 3 }),
        ]
    );
}

#[test]
fn the_row_limit_counts_data_rows_only() {
    let file = file_with(b"h\n1\n2\n3\n");
    assert_eq!(analyze(file.path(), None, 3).map(|a| a.rows), Ok(3));
    assert_eq!(
        analyze(file.path(), None, 2),
        Err(FileProblem::TooManyRows { limit: 2 })
    );
}

#[test]
fn only_the_first_five_rows_are_sampled() {
    let analysis = analyzed(b"n\n1\n2\n3\n4\n5\n6\n7\n").expect("the file reads");
    assert_eq!(analysis.rows, 7);
    assert_eq!(analysis.samples.len(), 5);
    assert_eq!(analysis.samples[4], cells(&["5"]));
}

/// Throughput check on a million generated rows; prints figures, asserts nothing on time.
/// `cargo test -p app --features ssr --lib --release transfer::read::tests::million -- --ignored --nocapture`
#[test]
#[ignore]
fn million_rows_throughput() {
    let mut writer = crate::transfer::CsvWriter::new(Vec::new(), false).expect("memory");
    writer
        .write_row(["Name", "Value", "Stage", "Close", "Note"])
        .expect("memory");
    for i in 0..1_000_000 {
        let note = format!("Follow up, \"call\" #{i}");
        let row = [
            format!("Deal {i}"),
            format!("{}.50", i * 7),
            "Won".into(),
            "2026-11-21".into(),
            note,
        ];
        writer.write_row(&row).expect("memory");
    }
    let file = file_with(&writer.into_inner().expect("memory"));
    let started = std::time::Instant::now();
    let analysis = analyze(file.path(), None, 2_000_000).expect("the file reads");
    let analyzed_in = started.elapsed();
    let started = std::time::Instant::now();
    let rows = records(file.path(), &analysis.shape, 0)
        .expect("the file reads")
        .count();
    println!(
        "{} MB, {rows} rows: analyze {analyzed_in:?}, records {:?}",
        std::fs::metadata(file.path()).map_or(0, |m| m.len()) / 1_000_000,
        started.elapsed()
    );
}
