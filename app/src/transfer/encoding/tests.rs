//! Unit tests for `transfer::encoding`: BOMs, UTF-8 checked across chunk splits, keys.
use super::*;
use crate::transfer::tests::file_with;

fn probed(chunks: &[&[u8]]) -> TextEncoding {
    let mut probe = EncodingProbe::new();
    for chunk in chunks {
        probe.feed(chunk);
    }
    probe.finish()
}

#[test]
fn bytes_tell_the_encoding() {
    let cases: [(&[u8], TextEncoding); 11] = [
        (b"", TextEncoding::Utf8),
        (b"Name,Amount\n", TextEncoding::Utf8),
        ("Café,€5,😀".as_bytes(), TextEncoding::Utf8),
        (b"\xEF\xBB\xBFName", TextEncoding::Utf8Bom),
        (b"\xEF\xBB\xBFbad \xE9", TextEncoding::Utf8Bom),
        (b"\xFF\xFEN\x00", TextEncoding::Utf16Le),
        (b"\xFE\xFF\x00N", TextEncoding::Utf16Be),
        (b"Caf\xE9", TextEncoding::Windows1252),
        (b"cut short \xE2\x82", TextEncoding::Windows1252),
        (b"\xEF\xBB", TextEncoding::Windows1252),
        (b"\xC0\x80 overlong", TextEncoding::Windows1252),
    ];
    for (bytes, expected) in cases {
        assert_eq!(probed(&[bytes]), expected, "{bytes:?}");
        let byte_by_byte: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(probed(&byte_by_byte), expected, "{bytes:?} byte by byte");
    }
}

#[test]
fn chunks_split_inside_characters_still_read_as_utf8() {
    let text = "a é € 😀 b".as_bytes();
    let bad = b"a \xE2\x82 b \xF0\x9F\x98\x80";
    for first in 0..=text.len() {
        for second in first..=text.len() {
            let chunks = [&text[..first], &text[first..second], &text[second..]];
            assert_eq!(probed(&chunks), TextEncoding::Utf8, "{first}/{second}");
        }
    }
    for cut in 0..=bad.len() {
        assert_eq!(
            probed(&[&bad[..cut], &bad[cut..]]),
            TextEncoding::Windows1252,
            "{cut}"
        );
    }
}

#[test]
fn files_on_disk_are_probed_whole() {
    let encoding = |path: &std::path::Path| {
        crate::transfer::analyze(path, None, u64::MAX)
            .ok()
            .map(|a| a.shape.encoding)
    };
    let mut late_bad = format!("Name\n{}", "x".repeat(200_000)).into_bytes();
    late_bad.push(0xE9);
    assert_eq!(
        encoding(file_with(&late_bad).path()),
        Some(TextEncoding::Windows1252)
    );
    let good = format!("Name\n{}", "é".repeat(100_000));
    assert_eq!(
        encoding(file_with(good.as_bytes()).path()),
        Some(TextEncoding::Utf8)
    );
    assert!(encoding(std::path::Path::new("/no/such/file.csv")).is_none());
}

#[test]
fn encodings_round_trip_through_their_keys() {
    for encoding in TextEncoding::ALL {
        assert_eq!(TextEncoding::from_key(encoding.key()), Some(encoding));
    }
    assert_eq!(TextEncoding::from_key("latin-1"), None);
}
