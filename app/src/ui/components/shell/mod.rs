//! The frame around every signed-in page: navigation, user menu and notifications.
mod layout;
mod toaster;
mod user_menu;

pub use layout::AppLayout;
pub use toaster::{Toast, Toaster};
