//! Text people type: trimmed, required, of bounded length, free of control characters.
//! Every field's parser reads its text through here, so a NUL byte or an escape pasted
//! by accident is refused at the field, the same way on both engines (PostgreSQL cannot
//! store NUL at all), and a name made only of invisible characters counts as empty.
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TextProblem {
    #[error("Enter some text.")]
    Empty,
    #[error("This text is too long.")]
    TooLong,
    #[error("{CONTROL_CHARACTER}")]
    ControlCharacter,
}

/// What a field says about a control character in it.
pub const CONTROL_CHARACTER: &str = "This text holds a control character (such as a NUL byte, \
     or a line break or tab in a one-line field), often pasted by accident: remove it and try again.";

/// The longest search people may type.
pub const MAX_SEARCH_CHARS: usize = 200;

/// Characters that show nothing on screen: spaces, zero-width marks, direction marks,
/// variation selectors and fillers. A name made only of these is empty.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// Whether `c` may appear in text of `lines` (multi-line text keeps tabs and line breaks).
fn allowed(c: char, lines: Lines) -> bool {
    !c.is_control() || lines == Lines::Many && matches!(c, '\t' | '\n' | '\r')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

fn checked(raw: &str, max_chars: usize, lines: Lines) -> Result<&str, TextProblem> {
    let text = raw.trim();
    if !text.chars().all(|c| allowed(c, lines)) {
        Err(TextProblem::ControlCharacter)
    } else if text.chars().all(is_invisible) {
        Err(TextProblem::Empty)
    } else if text.chars().count() > max_chars {
        Err(TextProblem::TooLong)
    } else {
        Ok(text)
    }
}

/// One line of text (a name, a source, a phone number) without surrounding spaces, if it
/// shows something, holds no control character and is at most `max_chars` long.
pub fn required_text(raw: &str, max_chars: usize) -> Result<&str, TextProblem> {
    checked(raw, max_chars, Lines::One)
}

/// `required_text` where empty (or only invisible) text means none.
pub fn optional_text(raw: &str, max_chars: usize) -> Result<Option<&str>, TextProblem> {
    match required_text(raw, max_chars) {
        Ok(text) => Ok(Some(text)),
        Err(TextProblem::Empty) => Ok(None),
        Err(problem) => Err(problem),
    }
}

/// `required_text` for text of several lines (a note), where tabs and line breaks stay.
pub fn required_lines(raw: &str, max_chars: usize) -> Result<&str, TextProblem> {
    checked(raw, max_chars, Lines::Many)
}

/// What to search for, trimmed (empty: no search), or the sentence saying what to fix.
pub fn search_text(raw: &str) -> Result<&str, String> {
    match required_text(raw, MAX_SEARCH_CHARS) {
        Ok(text) => Ok(text),
        Err(TextProblem::Empty) => Ok(""),
        Err(TextProblem::TooLong) => Err(format!(
            "Search for at most {MAX_SEARCH_CHARS} characters: shorten the search."
        )),
        Err(TextProblem::ControlCharacter) => Err(CONTROL_CHARACTER.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TextProblem::{ControlCharacter, Empty, TooLong};

    #[test]
    fn text_is_trimmed_required_and_bounded() {
        assert_eq!(required_text("  Acme  ", 10), Ok("Acme"));
        assert_eq!(required_text(" \t ", 10), Err(Empty));
        assert_eq!(
            required_text("ééééé", 5),
            Ok("ééééé"),
            "counts characters, not bytes"
        );
        assert_eq!(required_text("abcdef", 5), Err(TooLong));
    }

    #[test]
    fn control_characters_are_refused_and_invisible_names_are_empty() {
        let cases: &[(&str, Result<&str, TextProblem>)] = &[
            ("Ac\0me", Err(ControlCharacter)),
            ("\0", Err(ControlCharacter)),
            ("Acme\u{1b}[31m", Err(ControlCharacter)),
            ("Ac\u{7f}me", Err(ControlCharacter)),
            ("Ac\u{85}me", Err(ControlCharacter)),
            ("two\nlines", Err(ControlCharacter)),
            ("a\ttab", Err(ControlCharacter)),
            ("\u{200b}", Err(Empty)),
            ("\u{feff}\u{200b} \u{2060}", Err(Empty)),
            ("\u{3000}\u{a0}", Err(Empty)),
            ("\u{202e}\u{200d}", Err(Empty)),
            ("\u{200b}Acme", Ok("\u{200b}Acme")),
            ("👩‍💻", Ok("👩‍💻")),
        ];
        for (raw, expected) in cases {
            assert_eq!(&required_text(raw, 50), expected, "{raw:?}");
        }
    }

    #[test]
    fn several_lines_keep_tabs_and_line_breaks_but_not_nul() {
        assert_eq!(required_lines(" one\r\n\ttwo ", 50), Ok("one\r\n\ttwo"));
        assert_eq!(required_lines("one\0two", 50), Err(ControlCharacter));
        assert_eq!(required_lines("\n\u{200b}\n", 50), Err(Empty));
    }

    #[test]
    fn searches_are_bounded_and_free_of_control_characters() {
        assert_eq!(search_text("  ann lee "), Ok("ann lee"));
        assert_eq!(search_text("   "), Ok(""));
        assert_eq!(
            search_text(&"a".repeat(MAX_SEARCH_CHARS)).map(str::len),
            Ok(200)
        );
        assert!(search_text(&"a".repeat(MAX_SEARCH_CHARS + 1))
            .unwrap_err()
            .contains("at most 200 characters"));
        assert!(search_text("ann\0").unwrap_err().contains("NUL"));
    }
}
