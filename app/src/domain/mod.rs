//! Pure business rules: no I/O, compiled for both the server and the browser.
pub mod account;
pub mod board;
pub mod change;
pub mod contact;
pub mod currency;
pub mod date;
pub mod deal;
pub mod list;
pub mod money;
pub mod opportunity;
pub mod pipeline;
pub mod settings;
pub mod text;
pub mod timeline;
pub mod workspace;
