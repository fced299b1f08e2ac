//! Pure business rules: no I/O, compiled for both the server and the browser.
pub mod account;
pub mod currency;
pub mod opportunity;
pub mod pipeline;
pub mod text;
pub mod workspace;
