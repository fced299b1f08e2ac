//! Which files may be attached to an opportunity: allowed kinds, size limit, content checks.
use super::text::{required_text, TextProblem};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A kind of file Dealflow accepts, known from the file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Txt,
    Md,
    Csv,
    Html,
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Png,
    Jpeg,
    Gif,
    Webp,
}

/// Every accepted extension (lower case, without the dot) and the kind it names.
const EXTENSIONS: &[(&str, FileKind)] = &[
    ("txt", FileKind::Txt),
    ("md", FileKind::Md),
    ("markdown", FileKind::Md),
    ("csv", FileKind::Csv),
    ("html", FileKind::Html),
    ("htm", FileKind::Html),
    ("pdf", FileKind::Pdf),
    ("docx", FileKind::Docx),
    ("xlsx", FileKind::Xlsx),
    ("pptx", FileKind::Pptx),
    ("png", FileKind::Png),
    ("jpg", FileKind::Jpeg),
    ("jpeg", FileKind::Jpeg),
    ("gif", FileKind::Gif),
    ("webp", FileKind::Webp),
];

const ALLOWED_TYPES: &str = "Add PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), \
     text (.txt, .md, .csv, .html) or image (.png, .jpg, .gif, .webp) files.";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a file cannot be attached, worded for the person adding it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileProblem {
    #[error("This file has no name. Rename it and try again.")]
    MissingName,
    #[error("This file's name is longer than {MAX_FILE_NAME_CHARS} characters. Rename it and try again.")]
    NameTooLong,
    #[error("This file's name holds a control character. Rename it and try again.")]
    NameHasControlCharacter,
    /// `extension` is lower case without the dot, empty when the name has none.
    #[error("{}", type_not_allowed_message(.extension))]
    TypeNotAllowed { extension: String },
    #[error("This file is {}; files can be up to {}.", human_size(*.size_bytes), human_size(*.max_bytes))]
    TooLarge { size_bytes: u64, max_bytes: u64 },
    #[error("This file is empty.")]
    Empty,
    /// `extension` is the one the file's name claims, lower case without the dot.
    #[error("This file's content is not a real .{extension} file. Check the file and try again.")]
    ContentMismatch { extension: String },
}

fn type_not_allowed_message(extension: &str) -> String {
    if extension.is_empty() {
        format!("Files without an extension can't be added. {ALLOWED_TYPES}")
    } else {
        format!("'.{extension}' files can't be added. {ALLOWED_TYPES}")
    }
}

impl FileKind {
    /// The kind named by the extension of `name` (any case).
    pub fn from_file_name(name: &str) -> Result<FileKind, FileProblem> {
        let extension = extension_of(name);
        EXTENSIONS
            .iter()
            .find(|(known, _)| *known == extension)
            .map(|(_, kind)| *kind)
            .ok_or(FileProblem::TypeNotAllowed { extension })
    }

    /// Whether `bytes` look like this kind, so a renamed program or a corrupt
    /// download is refused rather than stored and served under a false type.
    pub fn content_matches(self, bytes: &[u8]) -> bool {
        match self {
            FileKind::Txt | FileKind::Md | FileKind::Csv | FileKind::Html => is_plain_text(bytes),
            // The PDF specification lets readers accept junk before the header
            // within the first 1024 bytes, and real files from some tools have it.
            FileKind::Pdf => bytes.windows(5).take(1024).any(|window| window == b"%PDF-"),
            FileKind::Docx | FileKind::Xlsx | FileKind::Pptx => bytes.starts_with(b"PK\x03\x04"),
            FileKind::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            FileKind::Jpeg => bytes.starts_with(b"\xFF\xD8\xFF"),
            FileKind::Gif => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
            FileKind::Webp => {
                bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP"
            }
        }
    }

    /// The MIME type to store and serve the file with. Text kinds name UTF-8
    /// because `content_matches` only lets UTF-8 text in.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Txt => "text/plain; charset=utf-8",
            FileKind::Md => "text/markdown; charset=utf-8",
            FileKind::Csv => "text/csv; charset=utf-8",
            FileKind::Html => "text/html; charset=utf-8",
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
        }
    }

    /// Whether Dealflow reads text out of this kind (for search and summaries).
    pub fn is_text_bearing(self) -> bool {
        matches!(
            self,
            FileKind::Txt
                | FileKind::Md
                | FileKind::Csv
                | FileKind::Html
                | FileKind::Pdf
                | FileKind::Docx
        )
    }

    /// What a salesperson calls this kind of file.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Txt => "Text",
            FileKind::Md => "Markdown",
            FileKind::Csv => "CSV",
            FileKind::Html => "HTML",
            FileKind::Pdf => "PDF",
            FileKind::Docx => "Word document",
            FileKind::Xlsx => "Excel workbook",
            FileKind::Pptx => "PowerPoint presentation",
            FileKind::Png => "PNG image",
            FileKind::Jpeg => "JPEG image",
            FileKind::Gif => "GIF image",
            FileKind::Webp => "WebP image",
        }
    }

    /// The `accept` attribute for a file input: every allowed extension, so the
    /// browser's picker offers only files the server will take.
    pub fn accept_attribute() -> String {
        EXTENSIONS
            .iter()
            .map(|(extension, _)| format!(".{extension}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The lower-case extension of `name` without the dot; empty when there is none.
/// Browsers may send a path (`C:\fakepath\deck.pptx`), so only the last part counts.
fn extension_of(name: &str) -> String {
    let base = name.trim().rsplit(['/', '\\']).next().unwrap_or_default();
    match base.rsplit_once('.') {
        Some((_, extension)) => extension.to_lowercase(),
        None => String::new(),
    }
}

/// UTF-8 (with or without a byte-order mark) and free of NUL bytes, which only
/// binary files carry.
fn is_plain_text(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    !text.contains(&0) && std::str::from_utf8(text).is_ok()
}

/// Refuses a file over `max_bytes`; the browser can call it with the picked
/// file's size before uploading, the server calls it again on what arrived.
pub fn check_size(size_bytes: u64, max_bytes: u64) -> Result<(), FileProblem> {
    if size_bytes > max_bytes {
        Err(FileProblem::TooLarge {
            size_bytes,
            max_bytes,
        })
    } else {
        Ok(())
    }
}

/// The longest file name kept (most file systems' limit).
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// Everything the server checks about an uploaded file before storing it,
/// in the order that gives the most useful message first.
pub fn check_upload(name: &str, bytes: &[u8], max_bytes: u64) -> Result<FileKind, FileProblem> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    match required_text(base, MAX_FILE_NAME_CHARS) {
        Ok(_) => {}
        Err(TextProblem::Empty) => return Err(FileProblem::MissingName),
        Err(TextProblem::TooLong) => return Err(FileProblem::NameTooLong),
        Err(TextProblem::ControlCharacter) => return Err(FileProblem::NameHasControlCharacter),
    }
    let kind = FileKind::from_file_name(name)?;
    check_size(bytes.len() as u64, max_bytes)?;
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if !kind.content_matches(bytes) {
        return Err(FileProblem::ContentMismatch {
            extension: extension_of(name),
        });
    }
    Ok(kind)
}

/// A size as people read it: "812 bytes", "14 KB", "3.4 MB", "1.2 GB".
/// Units are powers of 1024, as file managers on most desktops show them.
pub fn human_size(bytes: u64) -> String {
    const KB: u128 = 1024;
    const MB: u128 = KB * 1024;
    const GB: u128 = MB * 1024;
    let bytes_wide = u128::from(bytes);
    if bytes == 1 {
        return "1 byte".to_string();
    }
    if bytes_wide < KB {
        return format!("{bytes} bytes");
    }
    // Rounded before choosing the unit, so 1023.9 KB reads "1 MB", not "1024 KB".
    let whole_kb = (bytes_wide + KB / 2) / KB;
    if whole_kb < KB {
        return format!("{whole_kb} KB");
    }
    let tenths_mb = (bytes_wide * 10 + MB / 2) / MB;
    if tenths_mb < KB * 10 {
        return with_tenths(tenths_mb, "MB");
    }
    with_tenths((bytes_wide * 10 + GB / 2) / GB, "GB")
}

/// "25 MB" rather than "25.0 MB"; "3.4 MB" keeps its tenth.
fn with_tenths(tenths: u128, unit: &str) -> String {
    match tenths % 10 {
        0 => format!("{} {unit}", tenths / 10),
        tenth => format!("{}.{tenth} {unit}", tenths / 10),
    }
}

#[cfg(test)]
mod tests;
