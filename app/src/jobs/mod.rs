//! Background work that outlives a request: CSV imports (`import`) and bulk actions over
//! more than a page of deals (`bulk`), which resume after a restart, and the review that
//! reads a whole file before an import starts.
pub mod bulk;
mod chunk;
pub mod import;
mod pass;
mod reader;
mod review;
mod running;
mod suggest;
mod writer;

pub use bulk::BulkJobs;
pub use import::ImportJobs;
pub use suggest::Suggestion;
