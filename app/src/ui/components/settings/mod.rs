//! The settings screen's pieces: the time zone and automation form, and whole-number
//! settings with their range and meaning.
mod automation;
mod number_setting;

pub use automation::AutomationForm;
pub use number_setting::NumberSetting;
