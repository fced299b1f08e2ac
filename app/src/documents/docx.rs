//! Text of a Word (.docx) document: the paragraphs of its word/document.xml.
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::ExtractError;

/// A real document's main XML is a few MB even for hundreds of pages (images
/// live in other parts); the cap stops a zip bomb, a small upload that inflates
/// to gigabytes, from exhausting memory.
const MAX_DOCUMENT_XML_BYTES: u64 = 20 * 1024 * 1024;

/// The document body's text, one paragraph a line. Headers, footers, comments
/// and deleted tracked changes are left out.
pub(super) fn docx_text(bytes: &[u8]) -> Result<String, ExtractError> {
    document_text(bytes, MAX_DOCUMENT_XML_BYTES)
}

fn document_text(bytes: &[u8], max_xml_bytes: u64) -> Result<String, ExtractError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let document = archive.by_name("word/document.xml").map_err(unreadable)?;
    let mut xml = Vec::new();
    // Reading one byte past the cap tells "exactly at the cap" from "over it";
    // the size in the zip's header is not trusted, a bomb can lie there.
    document
        .take(max_xml_bytes + 1)
        .read_to_end(&mut xml)
        .map_err(unreadable)?;
    if xml.len() as u64 > max_xml_bytes {
        return Err(ExtractError::DocxTooLarge);
    }
    paragraphs(&String::from_utf8_lossy(&xml))
}

fn unreadable(error: impl ToString) -> ExtractError {
    ExtractError::DocxUnreadable {
        reason: error.to_string(),
    }
}

/// Text runs (`<w:t>`) joined, a line break after each paragraph (`</w:p>`) and
/// for each break inside one. Names are matched without their prefix, so text
/// in text boxes (`a:t`, `a:p`) is kept too.
fn paragraphs(xml: &str) -> Result<String, ExtractError> {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut in_run = false;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(unreadable)? {
            Event::Start(tag) => match tag.local_name().into_inner() {
                "r" => in_run = true,
                "t" => in_text = true,
                _ => {}
            },
            Event::End(tag) => match tag.local_name().into_inner() {
                "r" => in_run = false,
                "t" => in_text = false,
                "p" => text.push('\n'),
                _ => {}
            },
            // `tab` also names tab stops in paragraph settings: only a tab
            // inside a run is text.
            Event::Empty(tag) if in_run => match tag.local_name().into_inner() {
                "tab" => text.push(' '),
                "br" | "cr" => text.push('\n'),
                _ => {}
            },
            Event::Text(content) if in_text => text.push_str(&content.xml10_content()),
            Event::CData(content) if in_text => text.push_str(&content.xml10_content()),
            Event::GeneralRef(reference) if in_text => {
                if let Some(c) = reference.resolve_char_ref().map_err(unreadable)? {
                    text.push(c);
                } else if let Some(entity) = resolve_predefined_entity(&reference) {
                    text.push_str(entity);
                }
            }
            Event::Eof => return Ok(text),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    use super::*;

    /// A zip in memory holding `parts` (path, content), compressed as Word does.
    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (path, content) in parts {
            writer.start_file(*path, options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn document_xml(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{body}<w:sectPr/></w:body></w:document>"
        )
    }

    #[test]
    fn paragraphs_runs_and_breaks_become_lines() {
        let cases = [
            (
                "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
                 <w:r><w:t>Acme </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>renews</w:t></w:r></w:p>\
                 <w:p><w:r><w:t xml:space=\"preserve\">Price: </w:t><w:tab/><w:t>10 &amp; 20 &#8364;</w:t></w:r></w:p>",
                "Acme renews\nPrice:  10 & 20 €\n",
            ),
            (
                "<w:p><w:r><w:t>One</w:t><w:br/><w:t>Two</w:t></w:r></w:p>\
                 <w:p><w:r><w:delText>gone</w:delText><w:instrText>HYPERLINK</w:instrText></w:r></w:p>",
                "One\nTwo\n\n",
            ),
            ("", ""),
        ];
        for (body, text) in cases {
            let docx = zip_of(&[("word/document.xml", &document_xml(body))]);
            assert_eq!(docx_text(&docx).as_deref(), Ok(text), "{body}");
        }
    }

    #[test]
    fn damaged_or_oversized_documents_are_refused() {
        let no_body = zip_of(&[("word/styles.xml", "<w:styles/>")]);
        let bad_xml = zip_of(&[("word/document.xml", "<w:p><w:t>a</w:p>")]);
        let mut truncated = zip_of(&[("word/document.xml", &document_xml(""))]);
        truncated.truncate(truncated.len() - 10);
        for bytes in [&b"PK\x03\x04 not a zip"[..], &no_body, &bad_xml, &truncated] {
            assert!(
                matches!(docx_text(bytes), Err(ExtractError::DocxUnreadable { .. })),
                "{bytes:?}"
            );
        }
        let xml = document_xml("<w:p><w:r><w:t>Long enough to pass a tiny cap</w:t></w:r></w:p>");
        let docx = zip_of(&[("word/document.xml", &xml)]);
        let at_cap = xml.len() as u64;
        assert!(document_text(&docx, at_cap).is_ok());
        assert_eq!(
            document_text(&docx, at_cap - 1),
            Err(ExtractError::DocxTooLarge)
        );
    }
}
