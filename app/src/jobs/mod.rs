//! Background work that outlives a request: CSV imports (`import`), which resume after
//! a restart, and the review that reads a whole file before an import starts.
mod chunk;
pub mod import;
mod pass;
mod reader;
mod writer;

pub use import::ImportJobs;
