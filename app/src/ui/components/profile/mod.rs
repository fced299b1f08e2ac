//! The profile pages' pieces: loading the record, fields edited in place, links,
//! a contact's tags, activities, files.
mod activity_composer;
mod contact_tags;
mod custom_fields;
mod editable_field;
mod files;
mod kept_edit;
mod links;
mod loader;
mod meeting_dialog;
mod timeline;

pub use activity_composer::ActivityComposer;
pub use contact_tags::ContactTags;
pub use custom_fields::CustomFieldsList;
pub use editable_field::{EditableField, Editor, SaveTo};
pub use files::FilesSection;
pub use kept_edit::KeptEdits;
pub use links::DealLinksPanel;
pub use loader::ProfileLoader;
pub use timeline::Timeline;
