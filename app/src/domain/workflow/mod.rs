//! Workflows: their definition, the checks before publishing, merge fields, conditions,
//! and what each action would do (planners), all pure so the builder's Test and a real
//! run can never disagree. The engine (`crate::engine`) applies the plans.
pub mod address;
pub mod condition;
pub mod context;
pub mod definition;
pub mod describe;
pub mod diff;
pub mod edit;
pub mod enrollment;
pub mod exchange;
pub mod inbound;
pub mod listing;
pub mod merge;
pub mod navigate;
pub mod palette;
pub mod plan;
pub mod reach;
pub mod references;
pub mod templates;
pub mod trial;
pub mod trigger;
pub mod validate;
pub mod wait;

pub use context::*;
pub use definition::*;
