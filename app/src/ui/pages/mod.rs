//! One file per route.
mod account;
mod deal_settings;
mod home;
mod not_found;
mod opportunities;
mod opportunity;
mod pipelines;
mod setup;
mod sign_in;
mod users;

pub use account::AccountPage;
pub use deal_settings::DealSettingsPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use opportunities::OpportunitiesPage;
pub use opportunity::OpportunityPage;
pub use pipelines::PipelinesPage;
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use users::UsersPage;
