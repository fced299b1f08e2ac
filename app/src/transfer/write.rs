//! Writing CSV exports: RFC 4180 quoting, CRLF line ends, and every cell guarded against
//! spreadsheet formulas, so a deal named "=HYPERLINK(...)" stays text when opened.
use crate::domain::import::values::escape_formula;
use std::io::{self, Write};

/// Excel reads a CSV file as UTF-8 only when it starts with this byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes rows one at a time to `out`, buffered.
pub struct CsvWriter<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// `excel_bom` starts the file with a UTF-8 byte order mark, for Excel.
    pub fn new(mut out: W, excel_bom: bool) -> io::Result<Self> {
        if excel_bom {
            out.write_all(UTF8_BOM)?;
        }
        let csv = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        Ok(Self { csv })
    }

    /// Writes one row; headers go through here too, as they are cells like any other.
    pub fn write_row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for cell in cells {
            self.csv
                .write_field(escape_formula(cell.as_ref()).as_bytes())?;
        }
        // An empty record ends the row begun field by field above.
        self.csv.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Flushes what is buffered and hands back the output.
    pub fn into_inner(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(excel_bom: bool, rows: &[&[&str]]) -> String {
        let mut writer = CsvWriter::new(Vec::new(), excel_bom).expect("memory takes any write");
        for row in rows {
            writer.write_row(*row).expect("memory takes any write");
        }
        let bytes = writer.into_inner().expect("memory takes any write");
        String::from_utf8(bytes).expect("the writer writes UTF-8 from &str")
    }

    #[test]
    fn cells_are_quoted_only_when_needed_and_formulas_guarded() {
        let rows: &[&[&str]] = &[
            &["Name", "Note"],
            &["Acme, Inc.", "say \"hi\""],
            &["two\nlines", "=1+1"],
            &["-5", ""],
            &[""],
        ];
        assert_eq!(
            written(false, rows),
            "Name,Note\r\n\"Acme, Inc.\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",'=1+1\r\n'-5,\r\n\"\"\r\n"
        );
    }

    #[test]
    fn the_excel_option_adds_a_bom() {
        assert_eq!(written(true, &[&["a"]]), "\u{feff}a\r\n");
        assert_eq!(written(false, &[&["a"]]), "a\r\n");
    }
}
