//! The throttle's leaky buckets, in the database so that every instance sees the same counts.
//!
//! A bucket's level leaks at `per_hour` an hour; an event adds 1 and is refused when the level
//! would pass `burst`. Taking is one conditional statement, so a burst of concurrent requests
//! cannot all pass a check made before any of them counted.

use super::Store;
use crate::settings::Limit;

/// One bucket: its name (`fail:addr:203.0.113.9`, `start:contract:0123456789`, …) and limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleKey {
    /// The bucket's name.
    pub name: String,
    /// Its size and leak.
    pub limit: Limit,
}

fn rate_per_second(limit: Limit) -> f64 {
    f64::from(limit.per_hour) / 3600.0
}

impl Store {
    /// Adds one event to the bucket, or refuses: `Err(seconds)` until one more would fit.
    pub async fn throttle_take(
        &self,
        key: &ThrottleKey,
        now: i64,
    ) -> sqlx::Result<Result<(), u32>> {
        let rate = rate_per_second(key.limit);
        let burst = f64::from(key.limit.burst);
        // `b.level` on the right-hand side is the stored (old) value.
        let taken: Option<f64> = sqlx::query_scalar(
            "INSERT INTO throttle AS b (key, level, updated_at, empty_at)
             VALUES ($1, 1.0, $2, $2 + CAST(1.0 / $3 AS BIGINT) + 1)
             ON CONFLICT (key) DO UPDATE SET
               level = max(0.0, b.level - max(0, $2 - b.updated_at) * $3) + 1.0,
               updated_at = max(b.updated_at, $2),
               empty_at = $2 + CAST((max(0.0, b.level - max(0, $2 - b.updated_at) * $3) + 1.0) / $3 AS BIGINT) + 1
             WHERE max(0.0, b.level - max(0, $2 - b.updated_at) * $3) + 1.0 <= $4
             RETURNING level",
        )
        .bind(&key.name)
        .bind(now)
        .bind(rate)
        .bind(burst)
        .fetch_optional(&self.pool)
        .await?;
        if taken.is_some() {
            return Ok(Ok(()));
        }
        let (level, updated_at): (f64, i64) =
            sqlx::query_as("SELECT level, updated_at FROM throttle WHERE key = $1")
                .bind(&key.name)
                .fetch_one(&self.pool)
                .await?;
        let current = (level - (now - updated_at).max(0) as f64 * rate).max(0.0);
        let wait = ((current + 1.0 - burst) / rate).ceil().max(1.0);
        Ok(Err(wait.min(f64::from(u32::MAX)) as u32))
    }

    /// Takes back one event (an attempt that turned out right, or was never judged).
    pub async fn throttle_give_back(&self, key: &ThrottleKey) -> sqlx::Result<()> {
        sqlx::query("UPDATE throttle SET level = max(0.0, level - 1.0) WHERE key = $1")
            .bind(&key.name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes the buckets that have leaked empty; returns how many.
    pub async fn prune_throttle(&self, now: i64) -> sqlx::Result<u64> {
        let done = sqlx::query("DELETE FROM throttle WHERE empty_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
