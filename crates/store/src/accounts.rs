//! Editors, their browser sessions and their API tokens (for `corroborate serve`).
//!
//! Invariants (what a copy of the store file does not give away):
//! - a password is kept only as an Argon2id PHC string (default parameters, a random salt from
//!   the operating system);
//! - a session token and an API token are kept only as their BLAKE3 hash (hex): the secret is
//!   shown once, when it is made, and cannot be read back;
//! - checking a password takes as long for an unknown name as for a known one (a dummy hash is
//!   verified), so timing does not reveal which names exist;
//! - a disabled editor has no session and no working token: disabling or changing the password
//!   ends every session of the editor, and [`AccountStore::session`] and
//!   [`AccountStore::token_user`] refuse a disabled editor's credentials;
//! - every time is Unix seconds.

use serde::Serialize;

pub type UserId = i64;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted, in characters (hashing has to stay cheap to refuse).
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// Longest editor name, in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest API token label, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// The prefix of every API token secret.
pub const TOKEN_PREFIX: &str = "cbt_";
/// A token's `last_used_at` is written at most this often (seconds), not on every request.
pub const TOKEN_USE_RESOLUTION_SECS: i64 = 60;

/// What an editor may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Editor,
    /// Also manages the other editors.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A stored editor (without the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
    pub disabled: bool,
}

/// A session just started: the secrets are given out once and only their hash is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The session cookie's value (base64url of 32 random bytes).
    pub token: String,
    /// The token the session's forms send back (base64url of 32 random bytes).
    pub csrf: String,
    pub expires_at: i64,
}

/// A live session, as found from its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: i64,
}

/// An API token's record (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: UserId,
    pub user_name: String,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// The store operations of editor accounts.
pub trait AccountStore {
    /// Adds an editor. The name is 1 to 64 letters, digits, `.`, `_`, `-` or `@`; the password
    /// has at least [`MIN_PASSWORD_CHARS`] characters. A taken name is
    /// [`crate::StoreError::UserExists`].
    fn add_user(&mut self, name: &str, password: &str, role: Role) -> crate::Result<User>;
    /// Changes an editor's password and ends the editor's sessions.
    fn set_password(&mut self, name: &str, password: &str) -> crate::Result<()>;
    /// Disables (ending the editor's sessions) or enables an editor.
    fn set_disabled(&mut self, name: &str, disabled: bool) -> crate::Result<()>;
    /// Every editor, by name.
    fn users(&self) -> crate::Result<Vec<User>>;
    fn user(&self, name: &str) -> crate::Result<Option<User>>;
    /// The editor, when the name and password match and the editor is not disabled; `None`
    /// otherwise (without saying why).
    fn check_password(&self, name: &str, password: &str) -> crate::Result<Option<User>>;
    /// Starts a session of `ttl_secs` for an editor (and forgets expired sessions).
    fn start_session(
        &mut self,
        user_id: UserId,
        ttl_secs: i64,
        now: i64,
    ) -> crate::Result<NewSession>;
    /// The session a token opens: `None` when unknown, expired or its editor is disabled.
    fn session(&self, token: &str, now: i64) -> crate::Result<Option<Session>>;
    /// Ends a session (logging out); an unknown token is no error.
    fn end_session(&mut self, token: &str) -> crate::Result<()>;
    /// Makes an API token for an editor: the secret (`cbt_...`, shown once) and its record.
    fn add_token(
        &mut self,
        user_name: &str,
        label: &str,
        now: i64,
    ) -> crate::Result<(String, ApiToken)>;
    /// The editor an API token stands for: `None` when unknown, revoked or the editor is
    /// disabled. Records the use (at most once per [`TOKEN_USE_RESOLUTION_SECS`]).
    fn token_user(&mut self, token: &str, now: i64) -> crate::Result<Option<User>>;
    /// Every API token, oldest first.
    fn tokens(&self) -> crate::Result<Vec<ApiToken>>;
    /// Revokes a token; `false` when there is no such token or it was revoked already.
    fn revoke_token(&mut self, id: i64, now: i64) -> crate::Result<bool>;
}

/// Checks an editor name: 1 to [`MAX_NAME_CHARS`] ASCII letters, digits, `.`, `_`, `-`, `@`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

/// Why a password is refused, if it is.
pub fn password_problem(password: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Some(format!(
            "it has {chars} character(s); use at least {MIN_PASSWORD_CHARS}"
        ))
    } else if chars > MAX_PASSWORD_CHARS {
        Some(format!(
            "it has {chars} characters; use at most {MAX_PASSWORD_CHARS}"
        ))
    } else {
        None
    }
}
