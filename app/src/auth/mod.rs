//! Sign-in machinery on the server: password hashes, session cookies, throttling, the current user.
pub mod cookie;
pub mod network;
pub mod password;
pub mod request;
pub mod throttle;

pub use request::{resolve_session, SignedIn};
