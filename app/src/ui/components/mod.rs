//! Reusable pieces of screens, one folder per feature.
pub mod automation;
pub mod board;
pub mod dialog;
pub mod forms;
pub mod import;
pub mod list;
pub mod pipelines;
pub mod profile;
pub mod records;
pub mod settings;
pub mod shell;
pub mod users;
pub mod workflows;
