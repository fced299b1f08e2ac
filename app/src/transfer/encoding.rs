//! Which text encoding a file uses, told from its bytes as they arrive, and reading any of
//! them as UTF-8.
use super::FileProblem;
use crate::domain::import::file::Utf8Doubt;
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use serde::{Deserialize, Serialize};
use std::io::{self, Read};

/// The encodings spreadsheet programs save CSV files in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    pub const ALL: [TextEncoding; 5] = [
        TextEncoding::Utf8,
        TextEncoding::Utf8Bom,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Windows1252,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }

    pub fn from_key(key: &str) -> Option<TextEncoding> {
        TextEncoding::ALL.into_iter().find(|e| e.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16 (little-endian)",
            TextEncoding::Utf16Be => "UTF-16 (big-endian)",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// The file's text as UTF-8 bytes, byte order mark removed. Without a known encoding the
/// bytes pass through as UTF-8 unless a BOM names another; UTF-8 is never re-encoded, as
/// the probe has checked it and readers replace any bad byte anyway.
pub(super) fn utf8_reader<R: Read>(
    bytes: R,
    encoding: Option<TextEncoding>,
) -> DecodeReaderBytes<R, Vec<u8>> {
    let mut builder = DecodeReaderBytesBuilder::new();
    builder.utf8_passthru(true).strip_bom(true);
    match encoding {
        None => &mut builder,
        Some(TextEncoding::Utf8 | TextEncoding::Utf8Bom) => builder.bom_sniffing(false),
        Some(TextEncoding::Utf16Le) => builder.encoding(Some(UTF_16LE)),
        Some(TextEncoding::Utf16Be) => builder.encoding(Some(UTF_16BE)),
        Some(TextEncoding::Windows1252) => builder.encoding(Some(WINDOWS_1252)),
    }
    .build(bytes)
}

/// Bytes looked at for a byte order mark, or for the zero bytes of UTF-16 without one.
const HEAD_BYTES: usize = 512;

/// What a probe found: the encoding, and for a file that is UTF-8 but for a few bad
/// bytes, where they are (it reads as UTF-8 with replacements until someone chooses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub encoding: TextEncoding,
    pub doubt: Option<Utf8Doubt>,
}

/// Decides a file's encoding from its bytes, fed in chunks split anywhere (even inside a
/// character), keeping only a few bytes between chunks.
#[derive(Debug)]
pub struct EncodingProbe {
    /// The first bytes, where a byte order mark would be.
    head: [u8; HEAD_BYTES],
    head_len: usize,
    /// A UTF-8 character cut off at the end of the last chunk.
    partial: [u8; 4],
    partial_len: usize,
    bytes: u64,
    /// Control bytes text files do not hold (all but tab, line ends and form feed).
    control: u64,
    /// Line ends seen so far, so a bad byte is on line `line_ends + 1`.
    line_ends: u64,
    /// Whether a character of two or more bytes was valid UTF-8: without one, bad
    /// bytes mean Windows-1252; with one, a UTF-8 file with a few bad bytes.
    multibyte: bool,
    bad: Utf8Doubt,
    last_bad_line: u64,
}

impl Default for EncodingProbe {
    fn default() -> Self {
        Self {
            head: [0; HEAD_BYTES],
            head_len: 0,
            partial: [0; 4],
            partial_len: 0,
            bytes: 0,
            control: 0,
            line_ends: 0,
            multibyte: false,
            bad: Utf8Doubt::default(),
            last_bad_line: 0,
        }
    }
}

impl EncodingProbe {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        let take = (HEAD_BYTES - self.head_len).min(chunk.len());
        self.head[self.head_len..self.head_len + take].copy_from_slice(&chunk[..take]);
        self.head_len += take;
        self.bytes += chunk.len() as u64;
        self.control += chunk
            .iter()
            .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
            .count() as u64;
        let rest = self.complete_partial(chunk);
        self.scan(rest);
    }

    /// Finishes a character cut off at the end of the last chunk; returns what follows it.
    fn complete_partial<'c>(&mut self, chunk: &'c [u8]) -> &'c [u8] {
        if self.partial_len == 0 {
            return chunk;
        }
        let had = self.partial_len;
        let take = (4 - had).min(chunk.len());
        let mut joined = self.partial;
        joined[had..had + take].copy_from_slice(&chunk[..take]);
        let joined = &joined[..had + take];
        let valid = match std::str::from_utf8(joined) {
            Ok(text) => text,
            // Only the first character counts here: valid_up_to() ends on a boundary.
            Err(bad) if bad.valid_up_to() > 0 => {
                std::str::from_utf8(&joined[..bad.valid_up_to()]).unwrap_or_default()
            }
            Err(bad) => match bad.error_len() {
                None => {
                    // Still cut short: the chunk was too small to complete it.
                    self.partial[had..had + take].copy_from_slice(&chunk[..take]);
                    self.partial_len = had + take;
                    return &[];
                }
                Some(len) => {
                    self.partial_len = 0;
                    self.bad_byte();
                    return &chunk[len.saturating_sub(had)..];
                }
            },
        };
        self.partial_len = 0;
        let first = valid.chars().next().map_or(1, char::len_utf8);
        self.multibyte |= first > 1;
        &chunk[first.saturating_sub(had).min(chunk.len())..]
    }

    /// Reads on through UTF-8, noting each bad byte's line and keeping a character cut
    /// off at the end for the next chunk.
    fn scan(&mut self, mut rest: &[u8]) {
        loop {
            match std::str::from_utf8(rest) {
                Ok(_) => return self.valid(rest),
                Err(bad) => {
                    let (valid, after) = rest.split_at(bad.valid_up_to());
                    self.valid(valid);
                    // error_len() is None only for a character cut short by the end of
                    // the chunk, at most three bytes, which the next chunk may complete.
                    match bad.error_len() {
                        None => {
                            self.partial[..after.len()].copy_from_slice(after);
                            self.partial_len = after.len();
                            return;
                        }
                        Some(len) => {
                            self.bad_byte();
                            rest = &after[len..];
                        }
                    }
                }
            }
        }
    }

    fn valid(&mut self, text: &[u8]) {
        self.line_ends += text.iter().filter(|&&b| b == b'\n').count() as u64;
        self.multibyte |= !text.is_ascii();
    }

    fn bad_byte(&mut self) {
        let line = self.line_ends + 1;
        if line != self.last_bad_line {
            self.bad.note(line);
            self.last_bad_line = line;
        }
    }

    /// A byte order mark decides; then the zero bytes of UTF-16 without one. A file
    /// whose bytes are not text is refused. Otherwise UTF-8 when the whole file is valid
    /// UTF-8, Windows-1252 (which any bytes are) when no character in it is UTF-8, and
    /// UTF-8 with a doubt when it is UTF-8 but for a few bad bytes.
    pub fn finish(mut self) -> Result<Detected, FileProblem> {
        if self.partial_len > 0 {
            self.bad_byte();
        }
        let head = &self.head[..self.head_len];
        let known = match head {
            [0xEF, 0xBB, 0xBF, ..] => Some(TextEncoding::Utf8Bom),
            [0xFF, 0xFE, ..] => Some(TextEncoding::Utf16Le),
            [0xFE, 0xFF, ..] => Some(TextEncoding::Utf16Be),
            _ => utf16_without_bom(head),
        };
        if let Some(utf16 @ (TextEncoding::Utf16Le | TextEncoding::Utf16Be)) = known {
            return Ok(Detected {
                encoding: utf16,
                doubt: None,
            });
        }
        // More than one byte in a hundred a control character: a binary file (a
        // spreadsheet, an archive, random bytes), which would read as garbage rows.
        if self.control * 100 > self.bytes {
            return Err(FileProblem::NotText);
        }
        let bad = !self.bad.lines.is_empty();
        let (encoding, doubt) = match known {
            Some(bom) => (bom, None),
            None if !bad => (TextEncoding::Utf8, None),
            None if self.multibyte => (TextEncoding::Utf8, Some(self.bad)),
            None => (TextEncoding::Windows1252, None),
        };
        Ok(Detected { encoding, doubt })
    }
}

/// UTF-16 without a byte order mark, told by its zero bytes: in CSV text (commas, digits,
/// Latin letters) most characters are ASCII, whose high byte is zero, on one side only.
fn utf16_without_bom(head: &[u8]) -> Option<TextEncoding> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        head.iter()
            .skip(offset)
            .step_by(2)
            .take(pairs)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    // At least half the characters ASCII, and the other side nearly free of zeros.
    if odd * 2 >= pairs && even * 8 < odd {
        Some(TextEncoding::Utf16Le)
    } else if even * 2 >= pairs && odd * 8 < even {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Feeds a probe with every byte read through it, so one pass both reads and detects.
pub(super) struct ProbingReader<'a, R> {
    bytes: R,
    probe: &'a mut EncodingProbe,
}

impl<'a, R> ProbingReader<'a, R> {
    pub(super) fn new(bytes: R, probe: &'a mut EncodingProbe) -> Self {
        Self { bytes, probe }
    }
}

impl<R: Read> Read for ProbingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.bytes.read(buf)?;
        self.probe.feed(&buf[..read]);
        Ok(read)
    }
}

#[cfg(test)]
mod tests;
