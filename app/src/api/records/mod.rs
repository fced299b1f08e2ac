//! Contacts (and their tags), companies, activities and custom fields: the records
//! around deals.
mod activities;
mod companies;
mod contact_tags;
mod contacts;
mod custom_fields;

pub use activities::*;
pub use companies::*;
pub use contact_tags::*;
pub use contacts::*;
pub use custom_fields::*;

/// Turns a form's `(field, message)` problem into the error shown at that field.
#[cfg(feature = "ssr")]
fn at_field((field, message): (&'static str, String)) -> crate::api::AppError {
    crate::api::AppError::invalid(field, message)
}
