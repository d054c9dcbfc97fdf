#![allow(clippy::unwrap_used)]
//! Editor accounts: passwords, sessions and API tokens, on a store file.

use std::path::PathBuf;
use store::accounts::TOKEN_PREFIX;
use store::{AccountStore, Role, SqliteStore, StoreError};

const PASSWORD: &str = "correct horse battery";
const NOW: i64 = 1_700_000_000;

fn store() -> (tempfile::TempDir, PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    let store = SqliteStore::open(&path).unwrap();
    (dir, path, store)
}

/// The store file and its write-ahead log, as bytes.
fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(more) = std::fs::read(PathBuf::from(wal)) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_password_is_checked_and_stored_hashed() {
    let (_dir, path, mut store) = store();
    let added = store.add_user("ada@news", PASSWORD, Role::Admin).unwrap();
    assert_eq!(added.name, "ada@news");
    assert_eq!(added.role, Role::Admin);
    assert!(!added.disabled);

    let checked = store.check_password("ada@news", PASSWORD).unwrap();
    assert_eq!(checked, Some(added.clone()));
    assert_eq!(store.user("ada@news").unwrap(), Some(added.clone()));
    assert_eq!(store.users().unwrap(), vec![added]);

    let bytes = file_bytes(&path);
    assert!(
        !contains(&bytes, PASSWORD),
        "the password is in the store file"
    );
    assert!(
        contains(&bytes, "$argon2id$"),
        "no Argon2id PHC string stored"
    );
}

#[test]
fn a_wrong_password_or_an_unknown_name_gives_nothing() {
    let (_dir, _path, mut store) = store();
    store.add_user("ada", PASSWORD, Role::Editor).unwrap();
    assert_eq!(
        store
            .check_password("ada", "correct horse battery!")
            .unwrap(),
        None
    );
    assert_eq!(store.check_password("ada", "").unwrap(), None);
    assert_eq!(store.check_password("bob", PASSWORD).unwrap(), None);
    assert_eq!(store.user("bob").unwrap(), None);
}

#[test]
fn names_and_passwords_are_checked() {
    let (_dir, _path, mut store) = store();
    store.add_user("ada", PASSWORD, Role::Editor).unwrap();
    assert!(matches!(
        store.add_user("ada", "another password", Role::Admin),
        Err(StoreError::UserExists(name)) if name == "ada"
    ));
    for bad in ["", "ada lovelace", "ada/x", "é", &"a".repeat(65)] {
        assert!(
            matches!(
                store.add_user(bad, PASSWORD, Role::Editor),
                Err(StoreError::BadName(_))
            ),
            "{bad:?} accepted"
        );
    }
    store
        .add_user(&"a".repeat(64), PASSWORD, Role::Editor)
        .unwrap();
    store
        .add_user("A.b_c-d@example.org", PASSWORD, Role::Editor)
        .unwrap();
    let short = store.add_user("bob", "123456789", Role::Editor);
    assert!(
        matches!(short, Err(StoreError::WeakPassword(_))),
        "{short:?}"
    );
    assert!(short.unwrap_err().to_string().contains("at least 10"));
    assert_eq!(store.user("bob").unwrap(), None);
    assert!(matches!(
        store.set_password("ada", "short"),
        Err(StoreError::WeakPassword(_))
    ));
    assert!(matches!(
        store.set_password("nobody", PASSWORD),
        Err(StoreError::NoSuchUser(_))
    ));
    assert!(matches!(
        store.set_disabled("nobody", true),
        Err(StoreError::NoSuchUser(_))
    ));
}

#[test]
fn a_new_password_replaces_the_old_and_ends_the_sessions() {
    let (_dir, _path, mut store) = store();
    let ada = store.add_user("ada", PASSWORD, Role::Editor).unwrap();
    let session = store.start_session(ada.id, 3600, NOW).unwrap();
    store.set_password("ada", "a brand new password").unwrap();
    assert_eq!(store.check_password("ada", PASSWORD).unwrap(), None);
    assert!(
        store
            .check_password("ada", "a brand new password")
            .unwrap()
            .is_some()
    );
    assert_eq!(store.session(&session.token, NOW).unwrap(), None);
}

#[test]
fn a_disabled_editor_cannot_log_in_and_loses_the_sessions_and_tokens() {
    let (_dir, _path, mut store) = store();
    let ada = store.add_user("ada", PASSWORD, Role::Editor).unwrap();
    let session = store.start_session(ada.id, 3600, NOW).unwrap();
    let (secret, _) = store.add_token("ada", "ci", NOW).unwrap();
    assert!(store.session(&session.token, NOW).unwrap().is_some());

    store.set_disabled("ada", true).unwrap();
    assert!(store.user("ada").unwrap().unwrap().disabled);
    assert_eq!(store.check_password("ada", PASSWORD).unwrap(), None);
    assert_eq!(store.session(&session.token, NOW).unwrap(), None);
    assert_eq!(store.token_user(&secret, NOW).unwrap(), None);

    // Enabling gives logging in and the token back, not the ended session.
    store.set_disabled("ada", false).unwrap();
    assert!(store.check_password("ada", PASSWORD).unwrap().is_some());
    assert_eq!(store.session(&session.token, NOW).unwrap(), None);
    assert_eq!(store.token_user(&secret, NOW).unwrap().unwrap().name, "ada");
}

#[test]
fn a_session_lasts_until_it_expires_or_ends() {
    let (_dir, path, mut store) = store();
    let ada = store.add_user("ada", PASSWORD, Role::Editor).unwrap();
    let first = store.start_session(ada.id, 3600, NOW).unwrap();
    let second = store.start_session(ada.id, 3600, NOW).unwrap();
    assert_ne!(first.token, second.token);
    assert_ne!(first.csrf, second.csrf);
    assert_eq!(first.expires_at, NOW + 3600);
    // 32 bytes, base64url without padding.
    assert_eq!(first.token.len(), 43);
    assert!(
        first
            .token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );

    let found = store.session(&first.token, NOW + 3599).unwrap().unwrap();
    assert_eq!(found.user, ada);
    assert_eq!(found.csrf, first.csrf);
    assert_eq!(found.expires_at, NOW + 3600);
    assert_eq!(store.session(&first.token, NOW + 3600).unwrap(), None);
    assert_eq!(store.session("not a token", NOW).unwrap(), None);

    store.end_session(&second.token).unwrap();
    assert_eq!(store.session(&second.token, NOW).unwrap(), None);
    store.end_session("not a token").unwrap();

    assert!(
        !contains(&file_bytes(&path), &first.token),
        "a raw session token is stored"
    );

    // Starting a session forgets the expired ones.
    let third = store.start_session(ada.id, 60, NOW + 4000).unwrap();
    drop(store);
    let connection = rusqlite_count(&path, "SELECT count(*) FROM sessions");
    assert_eq!(connection, 1);
    assert!(third.expires_at > NOW + 4000);
}

#[test]
fn a_session_needs_a_known_editor() {
    let (_dir, _path, mut store) = store();
    assert!(matches!(
        store.start_session(42, 3600, NOW),
        Err(StoreError::NoSuchUser(_))
    ));
}

#[test]
fn an_api_token_works_until_it_is_revoked() {
    let (_dir, path, mut store) = store();
    store.add_user("ada", PASSWORD, Role::Editor).unwrap();
    let (secret, token) = store.add_token("ada", "newsroom CI", NOW).unwrap();
    assert!(secret.starts_with(TOKEN_PREFIX));
    assert_eq!(secret.len(), TOKEN_PREFIX.len() + 43);
    assert_eq!(token.user_name, "ada");
    assert_eq!(token.label, "newsroom CI");
    assert_eq!(token.created_at, NOW);
    assert_eq!(token.last_used_at, None);
    assert_eq!(token.revoked_at, None);
    let (other, _) = store.add_token("ada", "laptop", NOW).unwrap();
    assert_ne!(secret, other);

    assert_eq!(
        store.token_user(&secret, NOW + 5).unwrap().unwrap().name,
        "ada"
    );
    assert_eq!(store.tokens().unwrap()[0].last_used_at, Some(NOW + 5));
    // Uses within a minute are not written.
    store.token_user(&secret, NOW + 30).unwrap().unwrap();
    assert_eq!(store.tokens().unwrap()[0].last_used_at, Some(NOW + 5));
    store.token_user(&secret, NOW + 65).unwrap().unwrap();
    assert_eq!(store.tokens().unwrap()[0].last_used_at, Some(NOW + 65));

    assert_eq!(store.token_user("cbt_nonsense", NOW).unwrap(), None);
    assert!(matches!(
        store.add_token("bob", "x", NOW),
        Err(StoreError::NoSuchUser(_))
    ));
    assert!(matches!(
        store.add_token("ada", " ", NOW),
        Err(StoreError::BadLabel(_))
    ));

    assert!(store.revoke_token(token.id, NOW + 100).unwrap());
    assert!(!store.revoke_token(token.id, NOW + 200).unwrap());
    assert!(!store.revoke_token(9999, NOW).unwrap());
    assert_eq!(store.token_user(&secret, NOW + 300).unwrap(), None);
    assert!(store.token_user(&other, NOW + 300).unwrap().is_some());
    let tokens = store.tokens().unwrap();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0].revoked_at, Some(NOW + 100));
    assert_eq!(tokens[1].revoked_at, None);

    let bytes = file_bytes(&path);
    assert!(
        !contains(&bytes, &secret),
        "a raw API token is in the store file"
    );
    assert!(
        !contains(&bytes, &other),
        "a raw API token is in the store file"
    );
    drop(store);
    let stored = rusqlite_count(
        &path,
        &format!(
            "SELECT count(*) FROM api_tokens WHERE token_hash = '{}'",
            blake3::hash(secret.as_bytes()).to_hex()
        ),
    );
    assert_eq!(stored, 1, "the token's BLAKE3 hash is what is stored");
}

/// A count read straight from the store file.
fn rusqlite_count(path: &std::path::Path, sql: &str) -> i64 {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection.query_row(sql, [], |r| r.get(0)).unwrap()
}
