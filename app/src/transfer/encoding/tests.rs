//! Unit tests for `transfer::encoding`: BOMs, UTF-16 without one, UTF-8 checked across
//! chunk splits, the lines of bad bytes, files that are not text, keys.
use super::*;
use crate::transfer::tests::file_with;
use proptest::prelude::*;

fn detected(chunks: &[&[u8]]) -> Result<Detected, FileProblem> {
    let mut probe = EncodingProbe::new();
    for chunk in chunks {
        probe.feed(chunk);
    }
    probe.finish()
}

fn probed(chunks: &[&[u8]]) -> Result<TextEncoding, FileProblem> {
    detected(chunks).map(|d| d.encoding)
}

fn utf16_without_bom(text: &str, little_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|unit| match little_endian {
            true => unit.to_le_bytes(),
            false => unit.to_be_bytes(),
        })
        .collect()
}

/// Bytes that look like nothing: a fixed pseudo-random sequence.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
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
        assert_eq!(probed(&[bytes]), Ok(expected), "{bytes:?}");
        let byte_by_byte: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(
            probed(&byte_by_byte),
            Ok(expected),
            "{bytes:?} byte by byte"
        );
    }
}

#[test]
fn utf16_without_a_bom_is_told_by_its_zero_bytes() {
    let text = "Name,City\r\nCafé Zürich,Genève\r\n";
    for (little_endian, expected) in [
        (true, TextEncoding::Utf16Le),
        (false, TextEncoding::Utf16Be),
    ] {
        let bytes = utf16_without_bom(text, little_endian);
        assert_eq!(probed(&[&bytes]), Ok(expected));
        let analysis =
            crate::transfer::analyze(file_with(&bytes).path(), None, 10).expect("the file reads");
        assert_eq!(analysis.shape.encoding, expected);
        assert_eq!(analysis.headers, ["Name", "City"]);
        assert_eq!(analysis.samples, [["Café Zürich", "Genève"]]);
    }
}

#[test]
fn a_utf8_file_with_a_few_bad_bytes_names_their_lines() {
    let mut bytes = Vec::new();
    for line in 1..=20 {
        match line {
            3 => bytes.extend_from_slice(b"Caf\xE9 bad,1\n"),
            17 => bytes.extend_from_slice(b"two \xFF\xFE bad bytes,2\n"),
            _ => bytes.extend_from_slice(format!("Café {line},{line}\n").as_bytes()),
        }
    }
    let doubt = Utf8Doubt {
        lines: vec![3, 17],
        more_lines: 0,
    };
    let expected = Ok(Detected {
        encoding: TextEncoding::Utf8,
        doubt: Some(doubt.clone()),
    });
    assert_eq!(detected(&[&bytes]), expected);
    let byte_by_byte: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(detected(&byte_by_byte), expected);
    assert_eq!(doubt.message(), "Lines 3, 17 are not valid UTF-8.");
}

#[test]
fn bytes_that_are_not_text_are_refused() {
    let zip = [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".as_slice(),
        &noise(4096),
    ]
    .concat();
    for bytes in [noise(1 << 20), zip, b"Name\x00\x01\x02\x03\x04".to_vec()] {
        assert_eq!(
            probed(&[&bytes]),
            Err(FileProblem::NotText),
            "{:?}",
            &bytes[..8]
        );
    }
    let tabs_and_form_feeds = b"Name\tValue\r\nAcme\t5\x0C\n";
    assert_eq!(probed(&[tabs_and_form_feeds]), Ok(TextEncoding::Utf8));
}

#[test]
fn chunks_split_inside_characters_still_read_as_utf8() {
    let text = "a é € 😀 b".as_bytes();
    let mixed = b"a \xE2\x82 b \xF0\x9F\x98\x80";
    let doubtful = Detected {
        encoding: TextEncoding::Utf8,
        doubt: Some(Utf8Doubt {
            lines: vec![1],
            more_lines: 0,
        }),
    };
    for first in 0..=text.len() {
        for second in first..=text.len() {
            let chunks = [&text[..first], &text[first..second], &text[second..]];
            assert_eq!(probed(&chunks), Ok(TextEncoding::Utf8), "{first}/{second}");
        }
    }
    for cut in 0..=mixed.len() {
        assert_eq!(
            detected(&[&mixed[..cut], &mixed[cut..]]),
            Ok(doubtful.clone()),
            "{cut}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// However the upload is cut into chunks, the probe finds the same.
    #[test]
    fn detection_does_not_depend_on_the_chunks(
        bytes in prop::collection::vec(prop_oneof![any::<u8>(), Just(b'\n'), Just(0xC3), Just(0xA9)], 0..300),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
    ) {
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        at.sort_unstable();
        let mut chunks = Vec::new();
        let mut from = 0;
        for to in at {
            chunks.push(&bytes[from..to]);
            from = to;
        }
        chunks.push(&bytes[from..]);
        prop_assert_eq!(detected(&chunks), detected(&[&bytes]));
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
