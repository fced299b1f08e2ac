//! Opportunities' server functions: the board, the list and its bulk jobs, moves, creation, editing, the profile.
mod board;
mod bulk_jobs;
mod create;
mod edit;
mod files;
mod links;
mod list;
mod moves;
mod profile;

pub use board::*;
pub use bulk_jobs::*;
pub use create::*;
pub use edit::*;
pub use files::*;
pub use links::*;
pub use list::*;
pub use moves::*;
pub use profile::*;
