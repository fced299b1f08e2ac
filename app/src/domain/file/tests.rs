//! Unit tests for `domain::file`: names, contents, sizes and messages.
use super::*;

const MB: u64 = 1024 * 1024;

#[test]
fn kind_comes_from_the_extension_in_any_case() {
    let cases = [
        ("notes.txt", FileKind::Txt),
        ("README.MD", FileKind::Md),
        ("plan.markdown", FileKind::Md),
        ("leads.csv", FileKind::Csv),
        ("page.htm", FileKind::Html),
        ("page.HTML", FileKind::Html),
        ("Proposal.v2.PDF", FileKind::Pdf),
        ("contract.docx", FileKind::Docx),
        ("forecast.xlsx", FileKind::Xlsx),
        ("pitch.pptx", FileKind::Pptx),
        ("logo.png", FileKind::Png),
        ("photo.JPG", FileKind::Jpeg),
        ("photo.jpeg", FileKind::Jpeg),
        ("anim.gif", FileKind::Gif),
        ("shot.webp", FileKind::Webp),
        (r"C:\fakepath\deck.pptx", FileKind::Pptx),
        ("  spaced.pdf  ", FileKind::Pdf),
    ];
    for (name, kind) in cases {
        assert_eq!(FileKind::from_file_name(name), Ok(kind), "{name}");
    }
}

#[test]
fn unknown_or_missing_extensions_are_refused_with_the_allowed_list() {
    let cases = [
        (
            "setup.exe",
            "exe",
            "'.exe' files can't be added. Add PDF, Word (.docx)",
        ),
        ("old.doc", "doc", "'.doc' files can't be added."),
        ("Makefile", "", "Files without an extension can't be added."),
        ("report.", "", "Files without an extension can't be added."),
        (
            "dir.pdf/notes",
            "",
            "Files without an extension can't be added.",
        ),
    ];
    for (name, extension, message_start) in cases {
        let problem = FileKind::from_file_name(name).unwrap_err();
        assert_eq!(
            problem,
            FileProblem::TypeNotAllowed {
                extension: extension.to_string()
            },
            "{name}"
        );
        let message = problem.to_string();
        assert!(message.starts_with(message_start), "{message}");
        assert!(
            message.ends_with("image (.png, .jpg, .gif, .webp) files."),
            "{message}"
        );
    }
}

#[test]
fn content_is_checked_against_the_kind() {
    let cases: &[(FileKind, &[u8], bool)] = &[
        (FileKind::Pdf, b"%PDF-1.7\n...", true),
        (FileKind::Pdf, b"\r\n\x00junk%PDF-1.4\n", true),
        (FileKind::Pdf, b"MZ\x90\x00 program", false),
        (FileKind::Pdf, b"", false),
        (FileKind::Docx, b"PK\x03\x04rest", true),
        (FileKind::Xlsx, b"PK\x05\x06", false),
        (FileKind::Pptx, b"%PDF-1.7", false),
        (FileKind::Png, b"\x89PNG\r\n\x1a\nIHDR", true),
        (FileKind::Png, b"\xFF\xD8\xFF\xE0", false),
        (FileKind::Jpeg, b"\xFF\xD8\xFF\xE0JFIF", true),
        (FileKind::Jpeg, b"\xFF\xD8", false),
        (FileKind::Gif, b"GIF89a....", true),
        (FileKind::Gif, b"GIF87a....", true),
        (FileKind::Gif, b"GIF90a....", false),
        (FileKind::Webp, b"RIFF\x24\x00\x00\x00WEBPVP8 ", true),
        (FileKind::Webp, b"RIFF\x24\x00\x00\x00WAVEfmt ", false),
        (FileKind::Webp, b"RIFF", false),
        (FileKind::Txt, b"Hello, world\n", true),
        (FileKind::Txt, "Grüße, 東京".as_bytes(), true),
        (FileKind::Md, b"\xEF\xBB\xBF# Title", true),
        (FileKind::Csv, b"a,b\n1,\xFF\n", false),
        (FileKind::Html, b"<p>a\x00b</p>", false),
        (FileKind::Txt, b"", true),
    ];
    for (kind, bytes, matches) in cases {
        assert_eq!(kind.content_matches(bytes), *matches, "{kind:?} {bytes:?}");
    }
}

/// 256 characters, one over the limit.
const LONG_NAME: &str = concat!(
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaa.pdf"
);

#[test]
fn uploads_are_checked_in_order() {
    /// File name, content, size limit, outcome.
    type UploadCase = (
        &'static str,
        &'static [u8],
        u64,
        Result<FileKind, FileProblem>,
    );
    let cases: &[UploadCase] = &[
        ("deck.pdf", b"%PDF-1.7", MB, Ok(FileKind::Pdf)),
        ("  ", b"%PDF-1.7", MB, Err(FileProblem::MissingName)),
        ("C:\\fakepath\\deck.pdf", b"%PDF-1.7", MB, Ok(FileKind::Pdf)),
        ("\u{200b}.pdf", b"%PDF-1.7", MB, Ok(FileKind::Pdf)),
        (
            "\u{200b}\u{feff}",
            b"%PDF-1.7",
            MB,
            Err(FileProblem::MissingName),
        ),
        (
            "deck\0.pdf",
            b"%PDF-1.7",
            MB,
            Err(FileProblem::NameHasControlCharacter),
        ),
        (
            "a\r\nX-Injected: yes.pdf",
            b"%PDF-1.7",
            MB,
            Err(FileProblem::NameHasControlCharacter),
        ),
        (LONG_NAME, b"%PDF-1.7", MB, Err(FileProblem::NameTooLong)),
        (
            "virus.exe",
            b"MZ",
            MB,
            Err(FileProblem::TypeNotAllowed {
                extension: "exe".into(),
            }),
        ),
        (
            "deck.pdf",
            b"%PDF-1.7",
            4,
            Err(FileProblem::TooLarge {
                size_bytes: 8,
                max_bytes: 4,
            }),
        ),
        ("deck.pdf", b"", MB, Err(FileProblem::Empty)),
        ("empty.txt", b"", MB, Err(FileProblem::Empty)),
        (
            "deck.PDF",
            b"MZ\x90\x00",
            MB,
            Err(FileProblem::ContentMismatch {
                extension: "pdf".into(),
            }),
        ),
    ];
    for (name, bytes, max, expected) in cases {
        assert_eq!(&check_upload(name, bytes, *max), expected, "{name}");
    }
}

#[test]
fn problems_read_as_sentences() {
    let cases = [
        (
            FileProblem::TooLarge {
                size_bytes: 31 * MB + MB / 5,
                max_bytes: 25 * MB,
            },
            "This file is 31.2 MB; files can be up to 25 MB.",
        ),
        (FileProblem::Empty, "This file is empty."),
        (
            FileProblem::ContentMismatch {
                extension: "pdf".into(),
            },
            "This file's content is not a real .pdf file. Check the file and try again.",
        ),
    ];
    for (problem, message) in cases {
        assert_eq!(problem.to_string(), message);
    }
}

#[test]
fn sizes_read_in_the_largest_sensible_unit() {
    let cases = [
        (0, "0 bytes"),
        (1, "1 byte"),
        (812, "812 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (14 * 1024 + 100, "14 KB"),
        (1024 * 1024 - 1, "1 MB"),
        (3 * MB + 2 * MB / 5, "3.4 MB"),
        (25 * MB, "25 MB"),
        (1024 * MB + 200 * MB, "1.2 GB"),
        (u64::MAX, "17179869184 GB"),
    ];
    for (bytes, text) in cases {
        assert_eq!(human_size(bytes), text, "{bytes}");
    }
}

#[test]
fn kinds_describe_themselves() {
    let cases = [
        (FileKind::Pdf, "application/pdf", true, "PDF"),
        (
            FileKind::Docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            true,
            "Word document",
        ),
        (FileKind::Txt, "text/plain; charset=utf-8", true, "Text"),
        (FileKind::Html, "text/html; charset=utf-8", true, "HTML"),
        (
            FileKind::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            false,
            "Excel workbook",
        ),
        (FileKind::Jpeg, "image/jpeg", false, "JPEG image"),
    ];
    for (kind, content_type, text_bearing, label) in cases {
        assert_eq!(kind.content_type(), content_type);
        assert_eq!(kind.is_text_bearing(), text_bearing, "{kind:?}");
        assert_eq!(kind.label(), label);
    }
}

#[test]
fn accept_attribute_lists_every_extension() {
    let accept = FileKind::accept_attribute();
    assert!(accept.starts_with(".txt,.md,.markdown,"), "{accept}");
    assert!(accept.ends_with(".gif,.webp"), "{accept}");
}
