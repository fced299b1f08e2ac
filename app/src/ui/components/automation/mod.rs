//! The Automation screens: the list of workflows (`/automations`) with import and export
//! of a workflow's JSON, and the builder (`/automations/{id}`). Loaded by the browser
//! only on these routes (see `pages::automations`).
mod builder;
mod canvas;
mod create;
mod gallery;
mod import;
mod list;
mod node_menu;
mod panel;
mod picker;
mod publish;
mod state;
mod viewport;

pub use builder::AutomationBuilder;
pub use list::AutomationList;
