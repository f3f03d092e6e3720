//! One screen per file. Each page is a thin wrapper that loads and acts through [`crate::api`]
//! around a presentational `*View` that takes plain data and callbacks.

pub mod activity;
pub mod help;
pub mod home;
pub mod home_activity;
pub mod home_passkeys;
pub mod login;
pub mod login_otp;
pub mod not_found;
pub mod procedure;
pub mod report;
