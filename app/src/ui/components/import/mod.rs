//! The CSV import wizard: upload, choose how to read a doubtful file, map columns,
//! review, watch it run, undo.
mod encoding;
mod mapping;
mod progress;
mod review;
mod upload;
mod values;

pub use encoding::EncodingChoice;
pub use mapping::{Choices, MappingForm, Reviewing};
pub use progress::{ImportProgress, ImportResult, ProgressBar};
pub use review::{CountTiles, ReasonTable, ReviewPanel};
pub use upload::UploadZone;
pub use values::{same_choices, value_choices};
