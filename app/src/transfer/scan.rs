//! Follows quoting the way the csv crate reads it (RFC 4180), to see what that reader
//! forgives silently: a quoted value never closed, which swallows the rest of the file.
use super::MAX_RECORD_BYTES;
use std::fmt;
use std::io::{self, Read};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted value: either doubled (a literal quote) or the closing one.
    QuoteInQuoted,
}

/// What the scanner passes on its way through a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Delimiter,
    /// The end of a record with content; blank lines are not records, as for csv.
    RecordEnd,
}

#[derive(Debug)]
pub(super) struct QuoteScanner {
    delimiter: u8,
    state: State,
    /// Bytes of the record being read so far.
    record_len: u64,
    /// Bytes of the longest record seen, the one being read included.
    longest: u64,
}

impl QuoteScanner {
    pub(super) fn new(delimiter: u8) -> Self {
        Self {
            delimiter,
            state: State::FieldStart,
            record_len: 0,
            longest: 0,
        }
    }

    /// Reads on through `bytes`, telling `mark` of each delimiter and record end outside
    /// quotes. Chunks may split the text anywhere.
    pub(super) fn scan(&mut self, bytes: &[u8], mut mark: impl FnMut(Mark)) {
        let mut at = 0;
        while at < bytes.len() {
            if self.state == State::Quoted {
                // Quoted values can be long (notes): jump to the next quote.
                let Some(quote) = bytes[at..].iter().position(|&b| b == b'"') else {
                    self.record_len += (bytes.len() - at) as u64;
                    break;
                };
                self.record_len += quote as u64 + 1;
                at += quote + 1;
                self.state = State::QuoteInQuoted;
                continue;
            }
            let byte = bytes[at];
            at += 1;
            if byte == b'\n' || byte == b'\r' {
                self.longest = self.longest.max(self.record_len);
                if self.record_len > 0 {
                    mark(Mark::RecordEnd);
                }
                self.record_len = 0;
                self.state = State::FieldStart;
                continue;
            }
            self.record_len += 1;
            self.state = match (self.state, byte) {
                (_, b) if b == self.delimiter => {
                    mark(Mark::Delimiter);
                    State::FieldStart
                }
                (State::FieldStart | State::QuoteInQuoted, b'"') => State::Quoted,
                _ => State::Unquoted,
            };
        }
        self.longest = self.longest.max(self.record_len);
    }

    /// Whether the text so far ends inside a quoted value.
    pub(super) fn in_quotes(&self) -> bool {
        self.state == State::Quoted
    }
}

/// The error a `QuoteWatch` reader stops with when a record grows past `MAX_RECORD_BYTES`.
#[derive(Debug)]
pub(super) struct RecordTooLong;

impl fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a row is longer than 1 MB")
    }
}

impl std::error::Error for RecordTooLong {}

/// Passes text on to the csv reader while scanning it, so the reader's memory stays
/// bounded and an unclosed quote is noticed at the end.
pub(super) struct QuoteWatch<R> {
    text: R,
    scanner: QuoteScanner,
}

impl<R> QuoteWatch<R> {
    pub(super) fn new(text: R, delimiter: u8) -> Self {
        Self {
            text,
            scanner: QuoteScanner::new(delimiter),
        }
    }

    pub(super) fn in_quotes(&self) -> bool {
        self.scanner.in_quotes()
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.text.read(buf)?;
        self.scanner.scan(&buf[..read], |_| {});
        if self.scanner.longest > MAX_RECORD_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str, delimiter: u8) -> (Vec<Mark>, bool) {
        let mut scanner = QuoteScanner::new(delimiter);
        let mut seen = Vec::new();
        scanner.scan(text.as_bytes(), |m| seen.push(m));
        (seen, scanner.in_quotes())
    }

    #[test]
    fn quotes_hide_delimiters_and_line_ends() {
        use Mark::{Delimiter as D, RecordEnd as E};
        let cases: [(&str, Vec<Mark>, bool); 7] = [
            ("a,b\r\nc,d\n", vec![D, E, D, E], false),
            ("\"a,b\",c\n", vec![D, E], false),
            ("\"say \"\"hi\"\", ok\",c\n", vec![D, E], false),
            ("\"two\nlines\",x\n", vec![D, E], false),
            ("\n\n,\n", vec![D, E], false),
            ("5\" screen,x\n", vec![D, E], false),
            ("a,\"never closed\n,b\n", vec![D], true),
        ];
        for (text, expected, open) in cases {
            assert_eq!(marks(text, b','), (expected, open), "{text:?}");
        }
    }

    #[test]
    fn split_chunks_scan_as_one() {
        let text = "a;\"x;\"\"y\nz\";b\r\nc;d\n";
        let whole = marks(text, b';');
        let text = text.as_bytes();
        for cut in 0..=text.len() {
            let mut scanner = QuoteScanner::new(b';');
            let mut seen = Vec::new();
            scanner.scan(&text[..cut], |m| seen.push(m));
            scanner.scan(&text[cut..], |m| seen.push(m));
            assert_eq!((seen, scanner.in_quotes()), whole, "cut at {cut}");
        }
    }

    #[test]
    fn a_record_past_the_limit_stops_the_reader() {
        let long = format!("\"{}", "x".repeat(MAX_RECORD_BYTES as usize + 10));
        let mut watch = QuoteWatch::new(long.as_bytes(), b',');
        let err = io::copy(&mut watch, &mut io::sink()).unwrap_err();
        assert!(err.get_ref().is_some_and(|e| e.is::<RecordTooLong>()));
    }
}
