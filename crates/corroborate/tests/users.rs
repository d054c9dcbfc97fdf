//! `corroborate users ...` end to end: editors and API tokens on a store in a temporary
//! directory.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs the binary on the store in `data_dir`, with `stdin` as standard input.
fn corroborate(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit without reading (a refused name): a broken pipe is no failure.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        stderr(&output)
    );
    output
}

fn failed(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    let message = stderr(output);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    message
}

#[test]
fn editors_are_added_listed_refused_twice_and_given_tokens() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();

    ok(corroborate(
        dir,
        &["users", "add", "ada", "--admin", "--password-stdin"],
        "correct horse battery\n",
    ));
    ok(corroborate(
        dir,
        &["users", "add", "bob", "--password-stdin"],
        "another fine password\n",
    ));

    let list = stdout(&ok(corroborate(dir, &["users", "list"], "")));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(lines[0].starts_with("name"), "{list}");
    assert!(
        lines[1].starts_with("ada ") && lines[1].contains("admin"),
        "{list}"
    );
    assert!(lines[1].ends_with("no"), "{list}");
    assert!(
        lines[2].starts_with("bob ") && lines[2].contains("editor"),
        "{list}"
    );

    // A name taken, a bad name, a short password, no password source.
    let duplicate = corroborate(
        dir,
        &["users", "add", "ada", "--password-stdin"],
        "yet another password\n",
    );
    assert!(failed(&duplicate).contains("exists already"));
    let bad = corroborate(
        dir,
        &["users", "add", "ada lovelace", "--password-stdin"],
        "yet another password\n",
    );
    assert!(failed(&bad).contains("not a valid editor name"));
    let short = corroborate(dir, &["users", "add", "cy", "--password-stdin"], "short\n");
    assert!(failed(&short).contains("at least 10"));
    let no_flag = corroborate(dir, &["users", "add", "cy"], "");
    assert!(failed(&no_flag).contains("--password-stdin"));

    // Disabling shows in the list; an unknown name is an error.
    ok(corroborate(dir, &["users", "disable", "bob"], ""));
    let list = stdout(&ok(corroborate(
        dir,
        &["users", "list", "--format", "json"],
        "",
    )));
    let users: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(users[1]["name"], "bob");
    assert_eq!(users[1]["disabled"], true);
    assert!(failed(&corroborate(dir, &["users", "enable", "zed"], "")).contains("no editor"));
    ok(corroborate(dir, &["users", "enable", "bob"], ""));
    ok(corroborate(
        dir,
        &["users", "passwd", "bob", "--password-stdin"],
        "a changed password\n",
    ));

    // A token: the secret on standard output only, the note on standard error.
    let added = ok(corroborate(
        dir,
        &["users", "token", "add", "ada", "--label", "newsroom CI"],
        "",
    ));
    let secret = stdout(&added);
    assert!(
        secret.starts_with("cbt_") && secret.trim_end().len() == 47,
        "{secret}"
    );
    assert!(stderr(&added).contains("only"), "{}", stderr(&added));

    let tokens = stdout(&ok(corroborate(dir, &["users", "token", "list"], "")));
    assert!(
        tokens.contains("newsroom CI") && tokens.contains("ada"),
        "{tokens}"
    );
    assert!(
        !tokens.contains(secret.trim_end()),
        "the list shows a secret"
    );
    let id = tokens
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();

    ok(corroborate(dir, &["users", "token", "revoke", id], ""));
    let tokens = stdout(&ok(corroborate(
        dir,
        &["users", "token", "list", "--format", "json"],
        "",
    )));
    let tokens: serde_json::Value = serde_json::from_str(&tokens).unwrap();
    assert!(tokens[0]["revoked_at"].is_i64(), "{tokens}");
    assert!(failed(&corroborate(dir, &["users", "token", "revoke", id], "")).contains("already"));
    assert!(
        failed(&corroborate(dir, &["users", "token", "revoke", "99"], "")).contains("no API token")
    );

    // The secret is nowhere in the store.
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        stored.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let secret = secret.trim_end().as_bytes();
    assert!(!stored.windows(secret.len()).any(|w| w == secret));
}
