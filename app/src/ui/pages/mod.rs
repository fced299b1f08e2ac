//! One file per route.
mod account;
mod home;
mod not_found;
mod setup;
mod sign_in;
mod users;

pub use account::AccountPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use users::UsersPage;
