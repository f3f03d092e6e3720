//! otp-portal: the customer-facing SPA for logging in to internet banking and managing
//! one-time-password tokens (利用開始・交換・利用中止).
//!
//! Layout: [`app`] wires the router and contexts; [`pages`] holds one screen per file (a thin
//! wrapper that loads and acts, around a presentational `*View`); [`components`] holds the
//! reusable pieces; [`api`] is the only code that talks to the server; [`i18n`] holds every
//! string the customer reads.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
#[cfg(feature = "demo")]
pub mod demo;
pub mod flow;
pub mod form;
#[cfg(feature = "gallery")]
pub mod gallery;
pub mod i18n;
pub mod keyboard;
pub mod lazy;
pub mod login_passkey;
pub mod pages;
pub mod passkey;
pub mod storage;
pub mod time;
