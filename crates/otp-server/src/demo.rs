//! Demo data, seeded by `serve --demo` into a new database.

use crate::store::{AddCustomerError, Store};
use crate::{password, settings::Argon2Params};

/// A customer the README and the demo mode advertise.
#[derive(Debug, Clone, Copy)]
pub struct DemoCustomer {
    /// 契約者ID(利用者番号).
    pub contract_id: &'static str,
    /// ログインパスワード.
    pub password: &'static str,
    /// Name.
    pub name: &'static str,
}

/// The demo customers.
pub const DEMO_CUSTOMERS: &[DemoCustomer] = &[DemoCustomer {
    contract_id: "0123456789",
    password: "demo1234",
    name: "山田 太郎",
}];

/// Adds the demo customers when the database has no customer yet; returns whether it did.
pub async fn seed(
    store: &Store,
    params: &Argon2Params,
    now: i64,
) -> Result<bool, AddCustomerError> {
    if store.customer_count().await? > 0 {
        return Ok(false);
    }
    for demo in DEMO_CUSTOMERS {
        let hash = password::hash(params, demo.password.to_owned())
            .await
            .map_err(|e| AddCustomerError::Database(sqlx::Error::Protocol(e.to_string())))?;
        store
            .add_customer(demo.contract_id, demo.name, &hash, now)
            .await?;
    }
    Ok(true)
}
