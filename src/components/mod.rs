//! Reusable pieces, one per file.

pub mod contact;
pub mod credentials_form;
pub mod error_summary;
pub mod form_errors;
pub mod language_switch;
pub mod layout;
pub mod load_error;
pub mod page_heading;
pub mod passkey_list;
pub mod passkey_login;
pub mod password_field;
pub mod problem_page;
pub mod procedure_links;
pub mod soft_keyboard;
pub mod step_indicator;
pub mod submit;
pub mod text_field;
pub mod token_form;
