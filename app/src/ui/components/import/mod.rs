//! The CSV import wizard: upload, map columns, review, watch it run, undo.
mod mapping;
mod progress;
mod review;
mod upload;

pub use mapping::MappingForm;
pub use progress::{ImportProgress, ImportResult, ProgressBar};
pub use review::{CountTiles, ReviewPanel};
pub use upload::UploadZone;
