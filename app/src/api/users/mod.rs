//! Managing the people of the workspace (admins only).
mod add;
mod list;
mod reset;
mod update;

pub use add::*;
pub use list::*;
pub use reset::*;
pub use update::*;
