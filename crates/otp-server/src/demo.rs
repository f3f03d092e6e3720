//! Demo data, seeded by `serve --demo` into a new database.

use crate::store::{AddCustomerError, Audit, Purpose, Store};
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
        let audit = Audit {
            now,
            contract_id: Some(demo.contract_id.to_owned()),
            actor: Some("demo-seed".to_owned()),
            ..Audit::default()
        };
        match store.add_customer(&audit, demo.name, &hash).await {
            // Another instance starting at the same time seeded it first.
            Ok(()) | Err(AddCustomerError::Exists(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Whether `serve` may run on this database with (`demo`) or without demo mode, recording the
/// database's purpose on its first `serve`. A database created for the demo holds a customer
/// whose password is public and tokens whose seeds were handed out: it never serves without
/// `--demo`; a database with real customers never serves with it.
pub async fn check_purpose(store: &Store, demo: bool) -> Result<(), String> {
    let demo_ids: Vec<&str> = DEMO_CUSTOMERS.iter().map(|c| c.contract_id).collect();
    let purpose = store.purpose().await.map_err(|e| e.to_string())?;
    let others = store
        .customers_other_than(&demo_ids)
        .await
        .map_err(|e| e.to_string())?;
    let has_demo_customer = store.customer_count().await.map_err(|e| e.to_string())? > others;
    match (demo, purpose) {
        (true, Some(Purpose::Demo)) | (false, Some(Purpose::Production)) => return Ok(()),
        (true, Some(Purpose::Production)) => {
            return Err(
                "this database is a production database: --demo would add a customer \
                        whose password is public and hand out token seeds. Run the demo on a new \
                        database file (--database demo.sqlite3)"
                    .to_owned(),
            );
        }
        (false, Some(Purpose::Demo)) => {
            return Err(
                "this database was created for the demo: its demo customer's password is \
                        public and its demo tokens' seeds were handed out, so it must not serve \
                        without --demo. Start production on a new database file and add the \
                        real customers with `otp-server customer add`"
                    .to_owned(),
            );
        }
        (true, None) if others > 0 => {
            return Err(format!(
                "this database has {others} customer(s) that are not demo customers: --demo \
                 would add a customer whose password is public. Run the demo on a new database \
                 file (--database demo.sqlite3)"
            ));
        }
        (false, None) if has_demo_customer => {
            return Err(
                "this database holds the demo customer (it was served with --demo \
                        before): it must not serve without --demo. Start production on a new \
                        database file"
                    .to_owned(),
            );
        }
        _ => {}
    }
    let purpose = if demo {
        Purpose::Demo
    } else {
        Purpose::Production
    };
    store.set_purpose(purpose).await.map_err(|e| e.to_string())
}
