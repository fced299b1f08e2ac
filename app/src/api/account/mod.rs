//! Workspace creation, sign-in and sign-out, and the signed-in user's own password.
mod change_password;
mod create_workspace;
mod session_info;
mod sign_in;
mod sign_out;

pub use change_password::*;
pub use create_workspace::*;
pub use session_info::*;
pub use sign_in::*;
pub use sign_out::*;
