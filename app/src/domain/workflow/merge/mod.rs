//! Merge fields (`{{contact.first_name | default("there")}}`): which exist, which a step
//! can reach, the checks when a step is saved, and filling them in when it runs, all
//! through one minijinja environment.
mod catalog;
mod check;
#[cfg(test)]
mod fixtures;
mod problem;
mod render;
mod scope;
mod values;

pub use catalog::{split_field, CustomFieldKeys, Namespace};
pub use check::{check_definition, check_template, fields_read, template_fields};
pub use problem::{MergeProblem, StepProblem};
pub use render::render;
pub use scope::{scope_at, Availability, Scope, Why};
pub use values::{date_value, money_value};
