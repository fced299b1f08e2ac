//! Pieces the contacts and companies screens share: the list's search, sortable headers
//! and pages, the contacts' tag filter, a record's deals, the create/edit dialogs and the delete confirmation.
mod company_dialog;
mod contact_dialog;
mod deals_table;
mod delete_dialog;
mod list_parts;
mod tag_filter;

pub use company_dialog::CompanyDialog;
pub use contact_dialog::ContactDialog;
pub use deals_table::DealsTable;
pub use delete_dialog::DeleteDialog;
pub use list_parts::{record_query, RecordPager, RecordSearch, SortHeader};
pub use tag_filter::TagFilter;
