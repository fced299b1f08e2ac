//! The opportunity profile page's pieces.
mod editable_field;

pub use editable_field::{EditableField, Editor};
