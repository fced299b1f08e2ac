//! CSV import rules: what a column maps to, the choices of an import, and how one row
//! becomes a deal to create or update (or a reason it cannot).
pub mod values;
