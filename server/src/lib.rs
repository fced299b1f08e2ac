//! Dealflow's server: configuration, the HTTP router and its guards, and the command line.
pub mod cli;
pub mod config;
pub mod error_status;
pub mod export;
pub mod files;
pub mod guard;
pub mod headers;
pub mod imports;
pub mod inbound;
pub mod live;
pub mod precompress;
pub mod retention;
pub mod router;
pub mod serve;
pub mod workflow_files;
