//! Which text encoding a file uses, told from its bytes as they arrive, and reading any of
//! them as UTF-8.
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

/// Decides a file's encoding from its bytes, fed in chunks split anywhere (even inside a
/// character), keeping only a few bytes between chunks.
#[derive(Debug, Default)]
pub struct EncodingProbe {
    /// The first three bytes, where a byte order mark would be.
    head: [u8; 3],
    head_len: usize,
    /// A UTF-8 character cut off at the end of the last chunk.
    partial: [u8; 4],
    partial_len: usize,
    not_utf8: bool,
}

impl EncodingProbe {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        let take = (self.head.len() - self.head_len).min(chunk.len());
        self.head[self.head_len..self.head_len + take].copy_from_slice(&chunk[..take]);
        self.head_len += take;
        if self.not_utf8 {
            return;
        }
        let mut rest = chunk;
        while self.partial_len > 0 {
            let Some((&byte, after)) = rest.split_first() else {
                return;
            };
            rest = after;
            self.partial[self.partial_len] = byte;
            self.partial_len += 1;
            match std::str::from_utf8(&self.partial[..self.partial_len]) {
                Ok(_) => self.partial_len = 0,
                Err(cut) if cut.error_len().is_none() => {}
                Err(_) => {
                    self.not_utf8 = true;
                    return;
                }
            }
        }
        if let Err(bad) = std::str::from_utf8(rest) {
            // error_len() is None only for a character cut short by the end of the
            // chunk, at most three bytes, which the next chunk may complete.
            match bad.error_len() {
                None => {
                    let cut = &rest[bad.valid_up_to()..];
                    self.partial[..cut.len()].copy_from_slice(cut);
                    self.partial_len = cut.len();
                }
                Some(_) => self.not_utf8 = true,
            }
        }
    }

    /// A byte order mark decides; otherwise UTF-8 when the whole file is valid UTF-8, and
    /// Windows-1252 (which any bytes are) when not.
    pub fn finish(self) -> TextEncoding {
        match self.head[..self.head_len] {
            [0xEF, 0xBB, 0xBF] => TextEncoding::Utf8Bom,
            [0xFF, 0xFE, ..] => TextEncoding::Utf16Le,
            [0xFE, 0xFF, ..] => TextEncoding::Utf16Be,
            _ if !self.not_utf8 && self.partial_len == 0 => TextEncoding::Utf8,
            _ => TextEncoding::Windows1252,
        }
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
