//! Pipelines and stages: everyone reads them; managers and admins change them.
mod create;
mod list;
mod remove;
mod stages;

pub use create::*;
pub use list::*;
pub use remove::*;
pub use stages::*;
