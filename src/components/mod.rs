//! Reusable pieces, one per file.

pub mod error_summary;
pub mod language_switch;
pub mod layout;
pub mod password_field;
pub mod text_field;
