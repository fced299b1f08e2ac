//! The frame around every signed-in page: navigation, user menu and notifications.
mod auth_card;
mod layout;
mod permitted;
mod toaster;
mod user_menu;

pub use auth_card::AuthCard;
pub use layout::AppLayout;
pub use permitted::{Permitted, PermittedUser};
pub use toaster::{Toast, Toaster};
