//! placeholder, filled by the transfer helper
