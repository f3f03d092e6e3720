//! Moving up: every row of one store copied into another, empty one (`otp-server copy`, from
//! SQLite to PostgreSQL). Sealed secrets are copied as they are: the target opens them with
//! the same key file.

use sqlx::any::{AnyRow, AnyTypeInfoKind};
use sqlx::{Column, Row};

use super::{Backend, Store};

/// Every table, parents before the tables that refer to them.
pub const TABLES: [&str; 12] = [
    "meta",
    "customers",
    "passkey_users",
    "passkeys",
    "login_attempts",
    "tokens",
    "procedures",
    "sessions",
    "throttle",
    "audit",
    "notifications",
    "passkey_ceremonies",
];

/// What went wrong in a copy.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target already holds data.
    #[error("the target is not empty: {0} has {1} row(s); copy only into a new database")]
    NotEmpty(&'static str, i64),
    /// A table's rows differ in number after the copy (nothing was kept).
    #[error(
        "{table}: {source_rows} row(s) in the source, {target_rows} in the target; nothing was kept"
    )]
    Count {
        /// The table.
        table: &'static str,
        /// Rows in the source.
        source_rows: i64,
        /// Rows in the target.
        target_rows: i64,
    },
    /// The database refused.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// One value of a row, as both backends bind it.
enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

fn value(row: &AnyRow, i: usize) -> sqlx::Result<Value> {
    Ok(match row.column(i).type_info().kind() {
        AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => Value::Real(row.try_get(i)?),
        AnyTypeInfoKind::Text => Value::Text(row.try_get(i)?),
        AnyTypeInfoKind::Blob => Value::Bytes(row.try_get(i)?),
        AnyTypeInfoKind::Bool => Value::Int(row.try_get::<Option<bool>, _>(i)?.map(i64::from)),
        _ => Value::Int(row.try_get(i)?),
    })
}

impl Store {
    /// Rows per table, in [`TABLES`]' order.
    pub async fn row_counts(&self) -> sqlx::Result<Vec<(&'static str, i64)>> {
        let mut counts = Vec::new();
        for table in TABLES {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.pool)
                .await?;
            counts.push((table, n));
        }
        Ok(counts)
    }

    /// Copies every row of `self` into `target`, in one transaction that commits only when
    /// each table has as many rows in both; returns the rows per table.
    pub async fn copy_into(&self, target: &Store) -> Result<Vec<(&'static str, i64)>, CopyError> {
        for (table, n) in target.row_counts().await? {
            if n > 0 {
                return Err(CopyError::NotEmpty(table, n));
            }
        }
        let mut tx = target.begin_alone().await?;
        for table in TABLES {
            let rows = sqlx::query(&format!("SELECT * FROM {table}"))
                .fetch_all(&self.pool)
                .await?;
            for row in &rows {
                let names: Vec<&str> = row.columns().iter().map(Column::name).collect();
                let params: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    params.join(", ")
                );
                let mut insert = sqlx::query(&sql);
                for i in 0..names.len() {
                    insert = match value(row, i)? {
                        Value::Int(v) => insert.bind(v),
                        Value::Real(v) => insert.bind(v),
                        Value::Text(v) => insert.bind(v),
                        Value::Bytes(v) => insert.bind(v),
                    };
                }
                insert.execute(tx.conn()).await?;
            }
        }
        if target.backend == Backend::Postgres {
            // The ids were copied: each identity goes on after the largest.
            for table in ["audit", "notifications"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .execute(tx.conn())
                .await?;
            }
        }
        let mut counts = Vec::new();
        for (table, source_rows) in self.row_counts().await? {
            let target_rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(tx.conn())
                .await?;
            if target_rows != source_rows {
                return Err(CopyError::Count {
                    table,
                    source_rows,
                    target_rows,
                });
            }
            counts.push((table, target_rows));
        }
        tx.commit().await?;
        Ok(counts)
    }
}
