//! Text of a PDF, read with the pdf-extract crate and shielded from its panics.
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::ExtractError;

/// The text of every page. Scanned PDFs (pictures of pages) have none and give
/// an empty string; reading text from images would need OCR.
pub(super) fn pdf_text(bytes: &[u8]) -> Result<String, ExtractError> {
    // pdf-extract unwraps freely on malformed input; a bad upload must fail its
    // own extraction, not the request's thread. Unwind safety holds because the
    // closure only reads `bytes` and shares no state with the caller.
    match catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    })) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(error)) => Err(ExtractError::PdfUnreadable {
            reason: error.to_string(),
        }),
        Err(panic) => Err(ExtractError::PdfUnreadable {
            reason: format!("pdf-extract panicked: {}", panic_message(panic.as_ref())),
        }),
    }
}

fn panic_message(panic: &(dyn Any + Send)) -> &str {
    if let Some(message) = panic.downcast_ref::<&str>() {
        message
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message
    } else {
        "no message"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF showing `line` in Helvetica, with a correct xref table.
    fn one_page_pdf(line: &str) -> Vec<u8> {
        let content = format!("BT /F1 18 Tf 72 720 Td ({line}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (index, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 1).as_bytes());
        }
        let xref_at = pdf.len();
        let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for offset in offsets {
            xref.push_str(&format!("{offset:010} 00000 n \n"));
        }
        xref.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        ));
        pdf.extend_from_slice(xref.as_bytes());
        pdf
    }

    #[test]
    fn words_come_out_of_a_simple_pdf() {
        let text = pdf_text(&one_page_pdf("Acme renews the premium plan")).unwrap();
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(
            words,
            ["Acme", "renews", "the", "premium", "plan"],
            "{text:?}"
        );
    }

    #[test]
    fn broken_pdfs_give_an_error_not_a_panic() {
        let mut truncated = one_page_pdf("Acme");
        truncated.truncate(truncated.len() / 2);
        let cases: &[&[u8]] = &[b"%PDF-1.4\ngarbage", b"", &truncated];
        for bytes in cases {
            assert!(
                matches!(pdf_text(bytes), Err(ExtractError::PdfUnreadable { .. })),
                "{bytes:?}"
            );
        }
    }
}
