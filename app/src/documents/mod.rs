//! Reads the text out of uploaded files (server only), for search and summaries.
mod docx;
mod html;
mod pdf;

use crate::domain::file::FileKind;
use thiserror::Error;

/// Why a file's text could not be read. `reason` is for the logs; the message
/// is for the person who added the file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExtractError {
    #[error("This Word document could not be opened; it may be damaged. Save it again in Word and add it again.")]
    DocxUnreadable { reason: String },
    #[error("This Word document holds too much text to read.")]
    DocxTooLarge,
    #[error("The text of this PDF could not be read.")]
    PdfUnreadable { reason: String },
}

/// The readable text of a file of `kind`, lines tidied for display and search.
/// Kinds Dealflow reads no text from (images, spreadsheets, slides: see
/// `FileKind::is_text_bearing`) give an empty string, as a document without
/// words does, so callers need no separate case for them.
pub fn extract_text(kind: FileKind, bytes: &[u8]) -> Result<String, ExtractError> {
    match kind {
        FileKind::Txt | FileKind::Md | FileKind::Csv => Ok(plain_text(bytes)),
        FileKind::Html => Ok(tidy_lines(&html::visible_text(&plain_text(bytes)))),
        FileKind::Docx => docx::docx_text(bytes).map(|text| tidy_lines(&text)),
        FileKind::Pdf => pdf::pdf_text(bytes).map(|text| tidy_lines(&text)),
        FileKind::Xlsx
        | FileKind::Pptx
        | FileKind::Png
        | FileKind::Jpeg
        | FileKind::Gif
        | FileKind::Webp => Ok(String::new()),
    }
}

/// The text without its byte-order mark. Uploads were checked to be UTF-8
/// (`FileKind::content_matches`); the lossy read keeps this total anyway.
fn plain_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// One space between words and at most one blank line in a row: extracted text
/// carries layout spacing that means nothing once it is plain text.
fn tidy_lines(text: &str) -> String {
    let mut tidy = String::with_capacity(text.len());
    let mut blank_before = false;
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            blank_before = !tidy.is_empty();
            continue;
        }
        if !tidy.is_empty() {
            tidy.push_str(if blank_before { "\n\n" } else { "\n" });
        }
        blank_before = false;
        for (index, word) in words.enumerate() {
            if index > 0 {
                tidy.push(' ');
            }
            tidy.push_str(word);
        }
    }
    tidy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_kinds_give_their_text_and_others_nothing() {
        let cases: &[(FileKind, &[u8], &str)] = &[
            (
                FileKind::Txt,
                b"\xEF\xBB\xBFHello\r\nworld",
                "Hello\r\nworld",
            ),
            (FileKind::Md, b"# Plan\n\n- call", "# Plan\n\n- call"),
            (
                FileKind::Csv,
                b"name,amount\nAcme,100\n",
                "name,amount\nAcme,100\n",
            ),
            (FileKind::Html, b"<p>Hi &amp; bye</p>", "Hi & bye"),
            (FileKind::Png, b"\x89PNG\r\n\x1a\n", ""),
            (FileKind::Xlsx, b"PK\x03\x04", ""),
        ];
        for (kind, bytes, text) in cases {
            assert_eq!(extract_text(*kind, bytes).as_deref(), Ok(*text), "{kind:?}");
        }
    }

    #[test]
    fn lines_are_tidied() {
        let cases = [
            ("  a   b \n\n\n\n c\t d  \n", "a b\n\nc d"),
            ("\n\n one\ntwo \n", "one\ntwo"),
            (" \n \t ", ""),
        ];
        for (raw, tidy) in cases {
            assert_eq!(tidy_lines(raw), tidy, "{raw:?}");
        }
    }

    #[test]
    fn messages_are_sentences_for_people() {
        let unreadable = ExtractError::PdfUnreadable {
            reason: "xref".into(),
        };
        assert_eq!(
            unreadable.to_string(),
            "The text of this PDF could not be read."
        );
    }
}
