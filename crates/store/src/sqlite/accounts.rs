//! The SQLite side of [`crate::AccountStore`].

use super::SqliteStore;
use crate::accounts::{
    AccountStore, ApiToken, MAX_LABEL_CHARS, NewSession, Role, Session, TOKEN_PREFIX,
    TOKEN_USE_RESOLUTION_SECS, User, UserId, password_problem, valid_name,
};
use crate::{Result, StoreError};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rusqlite::{OptionalExtension, Row, params};

/// Verified when a name is unknown, so that a wrong name costs as much time as a wrong
/// password (the default parameters, as every stored hash has; it matches no password anyone
/// would type).
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$Y29ycm9ib3JhdGUtZHVtbXk$\
     4b2vKvT2b0u1kQm6XlN3bq3yKQ2Yw3tE9t7rJm3c8Qo";

const USER_COLUMNS: &str = "users.id, users.name, users.role, users.created_at, users.disabled";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<(User, String)> {
    Ok((
        User {
            id: row.get(0)?,
            name: row.get(1)?,
            role: Role::Editor,
            created_at: row.get(3)?,
            disabled: row.get::<_, i64>(4)? != 0,
        },
        row.get(2)?,
    ))
}

fn finish_user((mut user, role): (User, String)) -> Result<User> {
    user.role = Role::parse(&role)
        .ok_or_else(|| StoreError::Corrupt(format!("editor {:?} has role {role:?}", user.name)))?;
    Ok(user)
}

fn token_from_row(row: &Row<'_>) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        id: row.get(0)?,
        user_id: row.get(1)?,
        user_name: row.get(2)?,
        label: row.get(3)?,
        created_at: row.get(4)?,
        last_used_at: row.get(5)?,
        revoked_at: row.get(6)?,
    })
}

/// 32 random bytes from the operating system, base64url without padding.
fn random_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Crypto(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What is stored in place of a session or API token.
fn secret_hash(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

fn hash_password(password: &str) -> Result<String> {
    if let Some(problem) = password_problem(password) {
        return Err(StoreError::WeakPassword(problem));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| StoreError::Crypto(e.to_string()))
}

/// Whether `password` matches the PHC string `hash`.
fn verify_password(password: &str, hash: &str) -> Result<bool> {
    match Argon2::default().verify_password(password.as_bytes(), hash) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(StoreError::Corrupt(format!("a stored password hash: {e}"))),
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl SqliteStore {
    fn query_users(&self, tail: &str, args: impl rusqlite::Params) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users {tail}");
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(args, user_from_row)?;
        rows.map(|r| finish_user(r?)).collect()
    }

    fn query_tokens(&self, tail: &str, args: impl rusqlite::Params) -> Result<Vec<ApiToken>> {
        let sql = format!(
            "SELECT api_tokens.id, api_tokens.user_id, users.name, api_tokens.label,
                    api_tokens.created_at, api_tokens.last_used_at, api_tokens.revoked_at
             FROM api_tokens JOIN users ON users.id = api_tokens.user_id {tail}"
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(args, token_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl AccountStore for SqliteStore {
    fn add_user(&mut self, name: &str, password: &str, role: Role) -> Result<User> {
        if !valid_name(name) {
            return Err(StoreError::BadName(name.to_string()));
        }
        if self.user(name)?.is_some() {
            return Err(StoreError::UserExists(name.to_string()));
        }
        // Hashing takes a while: it is done before the write lock is taken.
        let hash = hash_password(password)?;
        let transaction = self.write()?;
        let inserted = transaction.execute(
            "INSERT INTO users (name, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO NOTHING",
            params![name, hash, role.as_str(), now()],
        )?;
        if inserted == 0 {
            return Err(StoreError::UserExists(name.to_string()));
        }
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        self.query_users("WHERE id = ?1", [id])?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Corrupt(format!("editor {name:?} vanished when added")))
    }

    fn set_password(&mut self, name: &str, password: &str) -> Result<()> {
        let hash = hash_password(password)?;
        let transaction = self.write()?;
        let id: Option<UserId> = transaction
            .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        let id = id.ok_or_else(|| StoreError::NoSuchUser(name.to_string()))?;
        transaction.execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![id, hash],
        )?;
        transaction.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
        transaction.commit()?;
        Ok(())
    }

    fn set_disabled(&mut self, name: &str, disabled: bool) -> Result<()> {
        let transaction = self.write()?;
        let id: Option<UserId> = transaction
            .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        let id = id.ok_or_else(|| StoreError::NoSuchUser(name.to_string()))?;
        transaction.execute(
            "UPDATE users SET disabled = ?2 WHERE id = ?1",
            params![id, i64::from(disabled)],
        )?;
        if disabled {
            transaction.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
        }
        transaction.commit()?;
        Ok(())
    }

    fn users(&self) -> Result<Vec<User>> {
        self.query_users("ORDER BY name", [])
    }

    fn user(&self, name: &str) -> Result<Option<User>> {
        Ok(self
            .query_users("WHERE name = ?1", [name])?
            .into_iter()
            .next())
    }

    fn check_password(&self, name: &str, password: &str) -> Result<Option<User>> {
        let found: Option<(User, String, String)> = self
            .connection
            .query_row(
                &format!("SELECT {USER_COLUMNS}, users.password_hash FROM users WHERE name = ?1"),
                [name],
                |row| {
                    let (user, role) = user_from_row(row)?;
                    Ok((user, role, row.get(5)?))
                },
            )
            .optional()?;
        let Some((user, role, hash)) = found else {
            // As much work as for a known name, so timing does not tell which names exist.
            let _ = verify_password(password, DUMMY_HASH);
            return Ok(None);
        };
        let user = finish_user((user, role))?;
        if verify_password(password, &hash)? && !user.disabled {
            Ok(Some(user))
        } else {
            Ok(None)
        }
    }

    fn start_session(&mut self, user_id: UserId, ttl_secs: i64, now: i64) -> Result<NewSession> {
        let token = random_secret()?;
        let csrf = random_secret()?;
        let expires_at = now.saturating_add(ttl_secs);
        let transaction = self.write()?;
        let known: Option<i64> = transaction
            .query_row("SELECT id FROM users WHERE id = ?1", [user_id], |r| {
                r.get(0)
            })
            .optional()?;
        if known.is_none() {
            return Err(StoreError::NoSuchUser(format!("#{user_id}")));
        }
        transaction.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
        transaction.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![secret_hash(&token), user_id, csrf, now, expires_at],
        )?;
        transaction.commit()?;
        Ok(NewSession {
            token,
            csrf,
            expires_at,
        })
    }

    fn session(&self, token: &str, now: i64) -> Result<Option<Session>> {
        let found = self
            .connection
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS}, sessions.csrf, sessions.expires_at
                     FROM sessions JOIN users ON users.id = sessions.user_id
                     WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2
                       AND users.disabled = 0"
                ),
                params![secret_hash(token), now],
                |row| {
                    Ok((
                        user_from_row(row)?,
                        row.get::<_, String>(5)?,
                        row.get::<_, i64>(6)?,
                    ))
                },
            )
            .optional()?;
        found
            .map(|(user, csrf, expires_at)| {
                Ok(Session {
                    user: finish_user(user)?,
                    csrf,
                    expires_at,
                })
            })
            .transpose()
    }

    fn end_session(&mut self, token: &str) -> Result<()> {
        self.connection.execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            [secret_hash(token)],
        )?;
        Ok(())
    }

    fn add_token(&mut self, user_name: &str, label: &str, now: i64) -> Result<(String, ApiToken)> {
        if label.trim().is_empty()
            || label.chars().count() > MAX_LABEL_CHARS
            || label.chars().any(char::is_control)
        {
            return Err(StoreError::BadLabel(label.to_string()));
        }
        let secret = format!("{TOKEN_PREFIX}{}", random_secret()?);
        let transaction = self.write()?;
        let user_id: Option<UserId> = transaction
            .query_row("SELECT id FROM users WHERE name = ?1", [user_name], |r| {
                r.get(0)
            })
            .optional()?;
        let user_id = user_id.ok_or_else(|| StoreError::NoSuchUser(user_name.to_string()))?;
        transaction.execute(
            "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![user_id, label, secret_hash(&secret), now],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        let token = self
            .query_tokens("WHERE api_tokens.id = ?1", [id])?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Corrupt(format!("API token #{id} vanished when added")))?;
        Ok((secret, token))
    }

    fn token_user(&mut self, token: &str, now: i64) -> Result<Option<User>> {
        let found = self
            .connection
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS}, api_tokens.id, api_tokens.last_used_at
                     FROM api_tokens JOIN users ON users.id = api_tokens.user_id
                     WHERE api_tokens.token_hash = ?1 AND api_tokens.revoked_at IS NULL
                       AND users.disabled = 0"
                ),
                [secret_hash(token)],
                |row| {
                    Ok((
                        user_from_row(row)?,
                        row.get::<_, i64>(5)?,
                        row.get::<_, Option<i64>>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((user, id, last_used_at)) = found else {
            return Ok(None);
        };
        let user = finish_user(user)?;
        if last_used_at.is_none_or(|t| now - t >= TOKEN_USE_RESOLUTION_SECS) {
            // One statement: it takes the write lock itself and reads nothing before.
            self.connection.execute(
                "UPDATE api_tokens SET last_used_at = ?2
                 WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < ?2)",
                params![id, now],
            )?;
        }
        Ok(Some(user))
    }

    fn tokens(&self) -> Result<Vec<ApiToken>> {
        self.query_tokens("ORDER BY api_tokens.id", [])
    }

    fn revoke_token(&mut self, id: i64, now: i64) -> Result<bool> {
        let revoked = self.connection.execute(
            "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, now],
        )?;
        Ok(revoked == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_verified_not_refused_as_malformed() {
        assert_eq!(
            verify_password("some password", DUMMY_HASH).ok(),
            Some(false)
        );
    }
}
