//! A workflow definition as a file to export and import: pretty JSON out; JSON in, with
//! a message that names the line and column where it stopped making sense.
use super::definition::Definition;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why an imported text is not a workflow definition.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ImportProblem {
    #[error("The file is empty. Choose a workflow exported from Dealflow.")]
    Empty,
    #[error("This is not valid JSON (line {line}, column {column}: {detail}). Fix it there, or export the workflow again.")]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("The JSON ends too early (line {line}, column {column}): part of the file is missing. Export the workflow again.")]
    CutShort { line: usize, column: usize },
    #[error("This JSON is not a workflow (line {line}, column {column}: {detail}). Choose a workflow exported from Dealflow, or fix it there.")]
    NotAWorkflow {
        line: usize,
        column: usize,
        detail: String,
    },
}

/// The definition as exported: indented JSON that reads well and diffs well.
pub fn export_json(definition: &Definition) -> String {
    // A definition is plain data (strings, numbers, maps with string keys): it always
    // turns into JSON.
    serde_json::to_string_pretty(definition).unwrap_or_default()
}

/// Reads an exported definition. Only its shape is checked here; what it names
/// (pipelines, users…) is checked by the store against this workspace.
pub fn import_json(text: &str) -> Result<Definition, ImportProblem> {
    if text.trim().is_empty() {
        return Err(ImportProblem::Empty);
    }
    serde_json::from_str(text).map_err(|err| {
        let (line, column) = (err.line(), err.column());
        // serde_json ends its message with " at line L column C", given separately here.
        let message = err.to_string();
        let detail = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at])
            .to_string();
        match err.classify() {
            serde_json::error::Category::Eof => ImportProblem::CutShort { line, column },
            serde_json::error::Category::Data => ImportProblem::NotAWorkflow {
                line,
                column,
                detail,
            },
            _ => ImportProblem::NotJson {
                line,
                column,
                detail,
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::definition::{Action, Step, Trigger, TriggerEvent};

    #[test]
    fn an_exported_definition_imports_as_it_was() {
        let definition = Definition {
            name: "Welcome".into(),
            triggers: vec![Trigger {
                event: TriggerEvent::Manual {
                    records: Default::default(),
                },
                filters: vec![],
            }],
            steps: vec![Step {
                key: 1,
                name: "Say hello".into(),
                action: Action::AddNote {
                    body: "Hello {{contact.first_name | default(\"there\")}}".into(),
                },
            }],
            ..Definition::default()
        };
        let text = export_json(&definition);
        assert!(text.contains("\n  \"name\": \"Welcome\""), "{text}");
        assert_eq!(import_json(&text), Ok(definition));
    }

    #[test]
    fn a_text_that_is_not_a_workflow_says_where() {
        let cases = [
            ("  \n", ImportProblem::Empty),
            (
                "{\n  \"name\": \"W\",\n  \"steps\": [,]\n}",
                ImportProblem::NotJson {
                    line: 3,
                    column: 13,
                    detail: "expected value".into(),
                },
            ),
            (
                "{\n  \"name\": \"W\",",
                ImportProblem::CutShort {
                    line: 2,
                    column: 14,
                },
            ),
            (
                "{\n  \"name\": 7\n}",
                ImportProblem::NotAWorkflow {
                    line: 2,
                    column: 11,
                    detail: "invalid type: integer `7`, expected a string".into(),
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(import_json(text), Err(expected), "{text}");
        }
        assert_eq!(
            import_json("{\"name\": \"W\"").unwrap_err().to_string(),
            "The JSON ends too early (line 1, column 12): part of the file is missing. Export the workflow again."
        );
    }
}
