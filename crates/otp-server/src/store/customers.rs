//! Customers (contracts).

use super::{Audit, AuditEvent, Lock, Outcome, Store};

/// One customer as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerRow {
    /// 契約者ID, canonical form.
    pub contract_id: String,
    /// Name.
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// Why a customer could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddCustomerError {
    /// The contract ID is taken.
    #[error("a customer with contract ID {0} already exists")]
    Exists(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl Store {
    /// Adds a customer, with its audit row (`audit` names the operator).
    pub async fn add_customer(
        &self,
        audit: &Audit,
        name: &str,
        password_hash: &str,
    ) -> Result<(), AddCustomerError> {
        let contract_id = audit.contract_id.as_deref().unwrap_or_default();
        let mut tx = self.begin(&[Lock::Contract(contract_id)]).await?;
        let result = sqlx::query(
            "INSERT INTO customers (contract_id, name, password_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(contract_id)
        .bind(name)
        .bind(password_hash)
        .bind(audit.now)
        .execute(tx.conn())
        .await;
        match result {
            Ok(_) => {
                tx.audit(audit, AuditEvent::CustomerAdded, Outcome::Ok)
                    .await?;
                tx.commit().await?;
                Ok(())
            }
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(AddCustomerError::Exists(contract_id.to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The customer with this contract ID, if any.
    pub async fn customer(&self, contract_id: &str) -> sqlx::Result<Option<CustomerRow>> {
        sqlx::query_as(
            "SELECT contract_id, name, password_hash FROM customers WHERE contract_id = $1",
        )
        .bind(contract_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// How many customers there are whose contract ID is not in `ids`.
    pub async fn customers_other_than(&self, ids: &[&str]) -> sqlx::Result<i64> {
        if ids.is_empty() {
            return self.customer_count().await;
        }
        let placeholders = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql =
            format!("SELECT COUNT(*) FROM customers WHERE contract_id NOT IN ({placeholders})");
        let mut query = sqlx::query_scalar(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_one(&self.pool).await
    }

    /// How many customers there are.
    pub async fn customer_count(&self) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM customers")
            .fetch_one(&self.pool)
            .await
    }
}
