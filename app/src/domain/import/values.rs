//! placeholder, filled by the values helper
