//! The Users page's pieces beyond its table and form.
mod reset_dialog;

pub use reset_dialog::ResetPasswordDialog;
