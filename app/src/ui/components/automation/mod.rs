//! The Automation screens: the list of workflows (`/automations`) with import and export
//! of a workflow's JSON, and the builder (`/automations/{id}`). Loaded by the browser
//! only on these routes (see `pages::automations`).
mod builder;
mod canvas;
mod create;
mod enrolled;
mod gallery;
mod history;
mod import;
mod list;
mod move_step;
mod node_menu;
mod panel;
mod picker;
mod publish;
mod run_log;
mod settings_tab;
mod state;
mod tabs;
mod test_run;
mod versions;
mod viewport;

pub use builder::AutomationBuilder;
pub use list::AutomationList;
