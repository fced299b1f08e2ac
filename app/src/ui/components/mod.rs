//! Reusable pieces of screens, one folder per feature.
pub mod forms;
pub mod shell;
