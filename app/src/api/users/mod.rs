//! Managing the people of the workspace (admins only).
mod add;
mod list;
mod update;

pub use add::*;
pub use list::*;
pub use update::*;
