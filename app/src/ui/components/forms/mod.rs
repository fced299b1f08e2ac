//! Form building blocks: labelled fields with their errors, the form-level error banner,
//! the person's own input kept beside a field after a conflict, and the file picker.
mod bound_field;
mod field;
mod file_picker;
mod form_error;
mod kept_input;
mod reset;

pub use bound_field::{BoundField, BoundTextArea};
pub use field::{described_by, Field, FieldKind};
pub use file_picker::FilePicker;
pub use form_error::{action_error, FormError, FormErrors};
pub use kept_input::KeptInput;
pub use reset::reset_after_success;
