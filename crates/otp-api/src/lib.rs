//! The otp-portal wire contract.
//!
//! Everything that crosses the wire between the SPA and a bank's API lives here: request and
//! response bodies ([`session`], [`config`]), the RFC 9457 problem body with its stable error
//! codes ([`problem`]), and the field rules both sides validate with ([`validate`]), so that the
//! customer sees a mistake before the round trip and the server never trusts the client.
//!
//! No I/O: this crate builds for `wasm32-unknown-unknown` and native alike.

pub mod activity;
pub mod config;
pub mod passkey;
pub mod paths;
pub mod problem;
pub mod procedure;
pub mod requests;
pub mod session;
pub mod totp;
pub mod validate;

/// The path prefix of every endpoint of this contract.
pub const API_PREFIX: &str = "/api/v1";

/// The media type of every error answer (RFC 9457).
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";
