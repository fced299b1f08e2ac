//! Form building blocks: labelled fields with their errors, and the form-level error banner.
mod bound_field;
mod field;
mod form_error;
mod reset;

pub use bound_field::BoundField;
pub use field::{Field, FieldKind};
pub use form_error::{action_error, FormError, FormErrors};
pub use reset::reset_after_success;
