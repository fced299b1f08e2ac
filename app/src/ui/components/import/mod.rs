//! The CSV import wizard: upload, choose how to read a doubtful file, map columns,
//! review, watch it run, undo.
mod encoding;
mod mapping;
mod progress;
mod review;
mod upload;

pub use encoding::EncodingChoice;
pub use mapping::MappingForm;
pub use progress::{ImportProgress, ImportResult, ProgressBar};
pub use review::{CountTiles, ReviewPanel};
pub use upload::UploadZone;
