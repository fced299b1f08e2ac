//! Server functions, one domain per folder: parse -> authorize -> call the store -> typed result.
pub mod account;
#[cfg(feature = "ssr")]
pub mod context;
mod error;
pub mod imports;
pub mod opportunities;
pub mod pipelines;
pub mod records;
pub mod settings;
pub mod usage;
pub mod users;
pub mod workflows;

pub use error::AppError;
