//! The in-browser demo token (cargo feature `demo`; shown only when `GET /config` says demo
//! mode is on): a panel that behaves like the bank's token app on a phone, so a customer
//! trying the service, a designer or a tester can walk through 利用開始, 交換 and 利用中止
//! without a real token. A production build carries none of it.

pub mod fill;
pub mod panel;
pub mod tokens;

pub use fill::DemoFill;
pub use panel::{DemoPanel, DemoTokens, provide_demo_tokens, provide_fixture_tokens};
