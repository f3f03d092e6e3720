//! Passkeys and their ceremonies (see `migrations/*/0005_passkeys.sql`).

use super::{Store, Tx};

/// One registered passkey as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasskeyRow {
    /// The API's id.
    pub id: String,
    /// Whose.
    pub contract_id: String,
    /// The credential's id, base64url.
    pub credential_id: String,
    /// The customer's name for it.
    pub name: String,
    /// webauthn-rs's `Passkey`, JSON.
    pub credential: String,
    /// The signature counter last accepted (0: the authenticator keeps none).
    pub sign_count: i64,
    /// 1 when it is synced between devices.
    pub backup_eligible: i64,
    /// When it was registered.
    pub created_at: i64,
    /// When it was last used.
    pub last_used_at: Option<i64>,
}

/// A passkey to register.
#[derive(Debug, Clone)]
pub struct NewPasskey<'a> {
    pub id: &'a str,
    pub contract_id: &'a str,
    pub credential_id: &'a str,
    pub name: &'a str,
    pub credential: &'a str,
    pub sign_count: i64,
    pub backup_eligible: bool,
    pub now: i64,
}

/// What a ceremony was begun for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum CeremonyPurpose {
    /// A passkey login (discoverable: no contract yet).
    Login,
    /// A passkey's registration from a session.
    Register,
    /// A session's confirmation (a fresh proof).
    Confirm,
    /// A procedure's passkey step.
    Procedure,
}

impl TryFrom<String> for CeremonyPurpose {
    type Error = strum::ParseError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

/// A ceremony as stored, once taken.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CeremonyRow {
    /// What it is for.
    #[sqlx(try_from = "String")]
    pub purpose: CeremonyPurpose,
    /// The contract it is for (none for a login).
    pub contract_id: Option<String>,
    /// The session's id hash or the procedure's id it belongs to.
    pub bound_to: Option<String>,
    /// webauthn-rs's ceremony state, JSON.
    pub state: String,
    /// When its challenge stops being answerable.
    pub expires_at: i64,
}

/// A ceremony to record.
#[derive(Debug, Clone)]
pub struct NewCeremony<'a> {
    pub id_hash: &'a str,
    pub purpose: CeremonyPurpose,
    pub contract_id: Option<&'a str>,
    pub bound_to: Option<&'a str>,
    pub state: &'a str,
    pub expires_at: i64,
}

const COLUMNS: &str = "id, contract_id, credential_id, name, credential, sign_count, \
                       backup_eligible, created_at, last_used_at";

impl Store {
    /// Records a ceremony; for a login, only while fewer than `max_logins` unanswered login
    /// ceremonies are live at `now` (strangers cannot grow the table without bound). Returns
    /// whether it was recorded.
    pub async fn create_ceremony(
        &self,
        c: &NewCeremony<'_>,
        now: i64,
        max_logins: i64,
    ) -> sqlx::Result<bool> {
        let purpose: &'static str = c.purpose.into();
        let done = sqlx::query(
            "INSERT INTO passkey_ceremonies (id_hash, purpose, contract_id, bound_to, state, expires_at)
             SELECT $1, $2, $3, $4, $5, $6
             WHERE $2 <> 'login' OR (SELECT COUNT(*) FROM passkey_ceremonies
                                     WHERE purpose = 'login' AND expires_at >= $7) < $8",
        )
        .bind(c.id_hash)
        .bind(purpose)
        .bind(c.contract_id)
        .bind(c.bound_to)
        .bind(c.state)
        .bind(c.expires_at)
        .bind(now)
        .bind(max_logins)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Takes the ceremony `id_hash` (it answers once: a second answer finds nothing).
    pub async fn take_ceremony(&self, id_hash: &str) -> sqlx::Result<Option<CeremonyRow>> {
        sqlx::query_as(
            "DELETE FROM passkey_ceremonies WHERE id_hash = $1
             RETURNING purpose, contract_id, bound_to, state, expires_at",
        )
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await
    }

    /// The contract's passkeys, oldest first.
    pub async fn passkeys(&self, contract_id: &str) -> sqlx::Result<Vec<PasskeyRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM passkeys WHERE contract_id = $1 ORDER BY created_at, id"
        ))
        .bind(contract_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Whether the contract has a passkey.
    pub async fn has_passkey(&self, contract_id: &str) -> sqlx::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE contract_id = $1")
            .bind(contract_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// The passkey with this credential id, if registered.
    pub async fn passkey_by_credential(
        &self,
        credential_id: &str,
    ) -> sqlx::Result<Option<PasskeyRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM passkeys WHERE credential_id = $1"
        ))
        .bind(credential_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// The contract's WebAuthn user handle, if it has one.
    pub async fn passkey_user(&self, contract_id: &str) -> sqlx::Result<Option<String>> {
        sqlx::query_scalar("SELECT user_handle FROM passkey_users WHERE contract_id = $1")
            .bind(contract_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// The contract whose WebAuthn user handle this is.
    pub async fn contract_of_user(&self, user_handle: &str) -> sqlx::Result<Option<String>> {
        sqlx::query_scalar("SELECT contract_id FROM passkey_users WHERE user_handle = $1")
            .bind(user_handle)
            .fetch_optional(&self.pool)
            .await
    }

    /// Gives the contract the user handle `handle` unless it has one; returns the one it has.
    pub async fn ensure_passkey_user(
        &self,
        contract_id: &str,
        handle: &str,
    ) -> sqlx::Result<String> {
        sqlx::query(
            "INSERT INTO passkey_users (contract_id, user_handle) VALUES ($1, $2)
             ON CONFLICT (contract_id) DO NOTHING",
        )
        .bind(contract_id)
        .bind(handle)
        .execute(&self.pool)
        .await?;
        sqlx::query_scalar("SELECT user_handle FROM passkey_users WHERE contract_id = $1")
            .bind(contract_id)
            .fetch_one(&self.pool)
            .await
    }
}

impl Tx {
    /// The number of the contract's passkeys (under the contract's lock: the limit holds).
    pub async fn count_passkeys(&mut self, contract_id: &str) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE contract_id = $1")
            .bind(contract_id)
            .fetch_one(self.conn())
            .await
    }

    /// Whether a passkey with this credential id is registered (to any contract).
    pub async fn credential_registered(&mut self, credential_id: &str) -> sqlx::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE credential_id = $1")
            .bind(credential_id)
            .fetch_one(self.conn())
            .await?;
        Ok(n > 0)
    }

    /// Registers a passkey.
    pub async fn add_passkey(&mut self, p: &NewPasskey<'_>) -> sqlx::Result<()> {
        sqlx::query(&format!(
            "INSERT INTO passkeys ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)"
        ))
        .bind(p.id)
        .bind(p.contract_id)
        .bind(p.credential_id)
        .bind(p.name)
        .bind(p.credential)
        .bind(p.sign_count)
        .bind(i64::from(p.backup_eligible))
        .bind(p.now)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records a use of the passkey `id`: its updated credential and counter. Only when the
    /// counter moved forward (or the authenticator keeps none): of two assertions with the
    /// same counter, racing on two instances, one is refused. Returns whether it was recorded.
    pub async fn passkey_used(
        &mut self,
        id: &str,
        credential: &str,
        sign_count: i64,
        now: i64,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE passkeys SET credential = $1, sign_count = $2, last_used_at = $3
             WHERE id = $4 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))",
        )
        .bind(credential)
        .bind(sign_count)
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Renames the contract's passkey `id`; returns whether it exists.
    pub async fn rename_passkey(
        &mut self,
        contract_id: &str,
        id: &str,
        name: &str,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND contract_id = $3")
            .bind(name)
            .bind(id)
            .bind(contract_id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes the contract's passkey `id`; returns whether it existed.
    pub async fn remove_passkey(&mut self, contract_id: &str, id: &str) -> sqlx::Result<bool> {
        let done = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND contract_id = $2")
            .bind(id)
            .bind(contract_id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
