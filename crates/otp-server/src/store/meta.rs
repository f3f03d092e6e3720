//! What the database was created for, so that demo data never reaches production.

use super::Store;

/// A database's purpose, fixed by the first `serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Served with `--demo`: its demo customer's password is public and its demo tokens'
    /// secrets were handed out.
    Demo,
    /// Served without `--demo`.
    Production,
}

impl Purpose {
    const fn as_str(self) -> &'static str {
        match self {
            Purpose::Demo => "demo",
            Purpose::Production => "production",
        }
    }
}

impl Store {
    /// The purpose recorded in the database, if a `serve` recorded one.
    pub async fn purpose(&self) -> sqlx::Result<Option<Purpose>> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'purpose'")
                .fetch_optional(&self.pool)
                .await?;
        Ok(match value.as_deref() {
            Some("demo") => Some(Purpose::Demo),
            Some("production") => Some(Purpose::Production),
            _ => None,
        })
    }

    /// Records the purpose (once: an existing record is kept).
    pub async fn set_purpose(&self, purpose: Purpose) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ('purpose', $1) ON CONFLICT DO NOTHING")
            .bind(purpose.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
