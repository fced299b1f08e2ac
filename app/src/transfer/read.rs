//! Reading uploaded CSV files one record at a time: the first look at a file (shape,
//! header, samples, row count) and then its data rows for the import job.
//!
//! Rows are records as RFC 4180 reads them: a quoted value may hold delimiters, doubled
//! quotes and line breaks. Blank lines are not rows (the csv reader passes over them);
//! a line of empty cells (",,") is a row, left to the caller to skip. Rows may have more
//! or fewer cells than the header.
use super::encoding::{utf8_reader, EncodingProbe, ProbingReader, TextEncoding};
use super::scan::{QuoteWatch, RecordTooLong};
use super::{sniff_delimiter, FileProblem, FileShape, MAX_COLUMNS};
use csv::ByteRecord;
use encoding_rs::WINDOWS_1252;
use encoding_rs_io::DecodeReaderBytes;
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

/// Data rows shown while the columns are mapped.
const SAMPLE_ROWS: usize = 5;
/// Text looked at to tell the delimiter.
const SNIFF_BYTES: u64 = 64 * 1024;
/// The csv reader's buffer: fewer, larger reads for million-row files.
const BUFFER_BYTES: usize = 64 * 1024;

/// What the first look at a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub shape: FileShape,
    /// Column names, trimmed; an unnamed column is "Column N".
    pub headers: Vec<String>,
    /// The first five data rows, as they are.
    pub samples: Vec<Vec<String>>,
    /// Data rows, the header not counted.
    pub rows: u64,
}

/// One streaming pass over the file: its encoding (detected on the way unless given) and
/// delimiter, the header, the first data rows, and how many data rows there are, at most
/// `max_rows`.
pub fn analyze(
    path: &Path,
    encoding: Option<TextEncoding>,
    max_rows: u64,
) -> Result<Analysis, FileProblem> {
    let file = open(path)?;
    let mut probe = EncodingProbe::new();
    let look = match encoding {
        Some(known) => first_look(utf8_reader(file, Some(known)), max_rows)?,
        None => first_look(
            utf8_reader(ProbingReader::new(file, &mut probe), None),
            max_rows,
        )?,
    };
    // Without a BOM, bytes pass through undecoded while the probe decides; when it finds
    // Windows-1252, header and samples are decoded now. Delimiters, quotes and line ends
    // are the same bytes in both, so the rows counted stand. UTF-16 without a BOM is
    // found only at the end, and then read again as what it is.
    let (encoding, windows_1252) = match encoding {
        Some(known) => (known, false),
        None => match probe.finish()?.encoding {
            utf16 @ (TextEncoding::Utf16Le | TextEncoding::Utf16Be) => {
                return analyze(path, Some(utf16), max_rows)
            }
            found => (found, found == TextEncoding::Windows1252),
        },
    };
    let text = |cell: &[u8]| {
        if windows_1252 {
            WINDOWS_1252
                .decode_without_bom_handling(cell)
                .0
                .into_owned()
        } else {
            String::from_utf8_lossy(cell).into_owned()
        }
    };
    let names: Vec<String> = look
        .header
        .iter()
        .map(|cell| text(cell).trim().to_string())
        .collect();
    if names.iter().all(String::is_empty) {
        return Err(FileProblem::NoColumnNames);
    }
    let headers = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            if name.is_empty() {
                format!("Column {}", i + 1)
            } else {
                name
            }
        })
        .collect();
    Ok(Analysis {
        shape: FileShape {
            encoding,
            delimiter: look.delimiter,
        },
        headers,
        samples: look
            .samples
            .iter()
            .map(|row| row.iter().map(text).collect())
            .collect(),
        rows: look.rows,
    })
}

/// The raw bytes of a first look, before the encoding is settled.
struct FirstLook {
    delimiter: u8,
    header: ByteRecord,
    samples: Vec<ByteRecord>,
    rows: u64,
}

fn first_look(mut text: impl Read, max_rows: u64) -> Result<FirstLook, FileProblem> {
    let mut sample = Vec::new();
    (&mut text)
        .take(SNIFF_BYTES)
        .read_to_end(&mut sample)
        .map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    let delimiter = sniff_delimiter(&String::from_utf8_lossy(&sample));
    let mut source = CsvSource::new(Cursor::new(sample).chain(text), delimiter);
    let mut header = ByteRecord::new();
    if !source.read(&mut header, 0)? {
        return Err(FileProblem::Empty);
    }
    if header.len() > MAX_COLUMNS {
        return Err(FileProblem::TooManyColumns {
            columns: header.len(),
        });
    }
    let (mut record, mut samples, mut rows) = (ByteRecord::new(), Vec::new(), 0);
    let mut line = line_of(&header);
    while source.read(&mut record, rows + 1)? {
        rows += 1;
        if rows > max_rows {
            return Err(FileProblem::TooManyRows { limit: max_rows });
        }
        if samples.len() < SAMPLE_ROWS {
            samples.push(record.clone());
        }
        line = line_of(&record);
    }
    if source.in_quotes() {
        return Err(FileProblem::UnclosedQuote { row: rows, line });
    }
    Ok(FirstLook {
        delimiter,
        header,
        samples,
        rows,
    })
}

/// The data rows of a file whose shape is known, after the first `skip` (to resume an
/// import): each with its number, counting from 1 at the first data row. One record is
/// in memory at a time. A quote left open at the end of the file comes as a last error.
pub fn records(path: &Path, shape: &FileShape, skip: u64) -> Result<Records, FileProblem> {
    let text = utf8_reader(open(path)?, Some(shape.encoding));
    let mut records = Records {
        source: CsvSource::new(text, shape.delimiter),
        record: ByteRecord::new(),
        row: 0,
        line: 0,
        done: false,
    };
    if !records.source.read(&mut records.record, 0)? {
        return Err(FileProblem::Empty);
    }
    while records.row < skip && records.source.read(&mut records.record, records.row + 1)? {
        records.row += 1;
    }
    records.line = line_of(&records.record);
    Ok(records)
}

/// Iterator over a file's data rows; see `records`.
pub struct Records {
    source: CsvSource<DecodeReaderBytes<File, Vec<u8>>>,
    /// Reused for every record, so reading allocates only the cells handed out.
    record: ByteRecord,
    /// The last row read, and the line it starts on.
    row: u64,
    line: u64,
    done: bool,
}

impl Iterator for Records {
    type Item = Result<(u64, Vec<String>), FileProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.source.read(&mut self.record, self.row + 1) {
            Ok(true) => {
                self.row += 1;
                self.line = line_of(&self.record);
                let cells = self
                    .record
                    .iter()
                    .map(|cell| String::from_utf8_lossy(cell).into_owned())
                    .collect();
                Some(Ok((self.row, cells)))
            }
            Ok(false) => {
                self.done = true;
                self.source
                    .in_quotes()
                    .then_some(Err(FileProblem::UnclosedQuote {
                        row: self.row,
                        line: self.line,
                    }))
            }
            Err(problem) => {
                self.done = true;
                Some(Err(problem))
            }
        }
    }
}

fn open(path: &Path) -> Result<File, FileProblem> {
    File::open(path).map_err(|e| FileProblem::Unreadable(e.to_string()))
}

fn line_of(record: &ByteRecord) -> u64 {
    record.position().map_or(0, |p| p.line())
}

/// A csv reader over UTF-8 text, set for files as people save them, with its errors as
/// problems naming the row.
struct CsvSource<R> {
    reader: csv::Reader<QuoteWatch<R>>,
}

impl<R: Read> CsvSource<R> {
    fn new(text: R, delimiter: u8) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(QuoteWatch::new(text, delimiter));
        Self { reader }
    }

    /// Reads the next record, data row `row` (0 for the header); false at the end.
    fn read(&mut self, record: &mut ByteRecord, row: u64) -> Result<bool, FileProblem> {
        self.reader
            .read_byte_record(record)
            .map_err(|error| self.problem(&error, row))
    }

    fn problem(&self, error: &csv::Error, row: u64) -> FileProblem {
        match error.kind() {
            csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|e| e.is::<RecordTooLong>()) => {
                FileProblem::RowTooLong {
                    row,
                    line: self.reader.position().line(),
                }
            }
            csv::ErrorKind::Io(io) => FileProblem::Unreadable(io.to_string()),
            _ => FileProblem::Unreadable(error.to_string()),
        }
    }

    fn in_quotes(&self) -> bool {
        self.reader.get_ref().in_quotes()
    }
}

#[cfg(test)]
mod tests;
