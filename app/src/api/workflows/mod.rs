//! Workflows' server functions: managing workflows and their versions (admins), export
//! and import as JSON (admins), run history (admins; a record's runs for whoever may see
//! the record), and "Add to workflow" (anyone who may see the records).
mod enroll;
mod exchange;
mod manage;
mod runs;
mod testing;

pub use enroll::*;
pub use exchange::*;
pub use manage::*;
pub use runs::*;
pub use testing::*;
