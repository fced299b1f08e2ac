//! Text people type into name fields: trimmed, required, of bounded length.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong,
}

/// `raw` without surrounding spaces, if it is not empty and at most `max_chars` long.
pub fn required_text(raw: &str, max_chars: usize) -> Result<&str, TextProblem> {
    let text = raw.trim();
    if text.is_empty() {
        Err(TextProblem::Empty)
    } else if text.chars().count() > max_chars {
        Err(TextProblem::TooLong)
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_required_and_bounded() {
        assert_eq!(required_text("  Acme  ", 10), Ok("Acme"));
        assert_eq!(required_text(" \t ", 10), Err(TextProblem::Empty));
        assert_eq!(
            required_text("ééééé", 5),
            Ok("ééééé"),
            "counts characters, not bytes"
        );
        assert_eq!(required_text("abcdef", 5), Err(TextProblem::TooLong));
    }
}
