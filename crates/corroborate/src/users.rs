//! `corroborate users ...`: the editors of `corroborate serve`, and their API tokens.

use crate::{Global, ListFormat, open_store, write_stdout};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use store::accounts::{password_problem, valid_name};
use store::{AccountStore, ApiToken, Role, StoreError, User};

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Add an editor; the password is asked for twice (or read from standard input).
    #[command(
        after_help = "Examples:\n  corroborate users add ada\n  corroborate users add ada --admin\n  printf '%s\\n' \"$PASSWORD\" | corroborate users add ada --password-stdin\n\n\
                      Names are 1 to 64 letters, digits, '.', '_', '-' or '@'; passwords have at \
                      least 10 characters."
    )]
    Add {
        /// The editor's login name.
        name: String,
        /// The editor also manages the other editors.
        #[arg(long)]
        admin: bool,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// List the editors.
    #[command(after_help = "Example:\n  corroborate users list --format json")]
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Stop an editor from logging in; their sessions end and their API tokens stop working.
    #[command(after_help = "Example:\n  corroborate users disable ada")]
    Disable {
        /// The editor's login name.
        name: String,
    },
    /// Let a disabled editor log in again (their API tokens work again).
    #[command(after_help = "Example:\n  corroborate users enable ada")]
    Enable {
        /// The editor's login name.
        name: String,
    },
    /// Change an editor's password; their sessions end.
    #[command(
        after_help = "Examples:\n  corroborate users passwd ada\n  corroborate users passwd ada --password-stdin < new-password.txt"
    )]
    Passwd {
        /// The editor's login name.
        name: String,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// Manage API tokens (for scripts calling `corroborate serve`).
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make an API token for an editor; its secret is printed once, on standard output.
    #[command(
        after_help = "Example:\n  corroborate users token add ada --label 'newsroom CI' > ada.token\n\n\
                      Only a hash of the token is stored: keep the secret when it is printed, it \
                      cannot be shown again."
    )]
    Add {
        /// The editor the token acts for.
        name: String,
        /// What the token is for (shown by `users token list`).
        #[arg(long)]
        label: String,
    },
    /// List the API tokens (never their secrets).
    #[command(after_help = "Example:\n  corroborate users token list --format json")]
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Revoke an API token, by the id `users token list` shows.
    #[command(after_help = "Example:\n  corroborate users token revoke 3")]
    Revoke {
        /// The token's id.
        id: i64,
    },
}

#[derive(Args)]
pub struct PasswordArgs {
    /// Read the password from the first line of standard input instead of asking for it.
    #[arg(long)]
    password_stdin: bool,
}

pub fn users(command: &UsersCommand, global: &Global) -> Result<ExitCode> {
    let mut store = open_store(global)?;
    match command {
        UsersCommand::Add {
            name,
            admin,
            password,
        } => {
            if !valid_name(name) {
                return Err(StoreError::BadName(name.clone()).into());
            }
            if store.user(name)?.is_some() {
                return Err(StoreError::UserExists(name.clone()).into());
            }
            let password = new_password(name, password)?;
            let role = if *admin { Role::Admin } else { Role::Editor };
            let user = store
                .add_user(name, &password, role)
                .with_context(|| format!("failed to add editor {name:?}"))?;
            if !global.quiet {
                eprintln!("added {} {}", user.role.as_str(), user.name);
            }
        }
        UsersCommand::List { format } => {
            let users = store.users()?;
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&users)? + "\n",
                ListFormat::Table => user_table(&users),
            };
            write_stdout(&text)?;
        }
        UsersCommand::Disable { name } | UsersCommand::Enable { name } => {
            let disabled = matches!(command, UsersCommand::Disable { .. });
            store.set_disabled(name, disabled)?;
            if !global.quiet {
                eprintln!(
                    "{name} is {}",
                    if disabled { "disabled" } else { "enabled" }
                );
            }
        }
        UsersCommand::Passwd { name, password } => {
            if store.user(name)?.is_none() {
                return Err(StoreError::NoSuchUser(name.clone()).into());
            }
            let password = new_password(name, password)?;
            store
                .set_password(name, &password)
                .with_context(|| format!("failed to change the password of {name:?}"))?;
            if !global.quiet {
                eprintln!("changed the password of {name}; their sessions have ended");
            }
        }
        UsersCommand::Token(TokenCommand::Add { name, label }) => {
            let (secret, token) = store
                .add_token(name, label, now())
                .with_context(|| format!("failed to make an API token for {name:?}"))?;
            write_stdout(&format!("{secret}\n"))?;
            eprintln!(
                "API token #{} for {} ({}): it is shown only this once; only its hash is stored",
                token.id, token.user_name, token.label
            );
        }
        UsersCommand::Token(TokenCommand::List { format }) => {
            let tokens = store.tokens()?;
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&tokens)? + "\n",
                ListFormat::Table => token_table(&tokens),
            };
            write_stdout(&text)?;
        }
        UsersCommand::Token(TokenCommand::Revoke { id }) => {
            if !store.revoke_token(*id, now())? {
                match store.tokens()?.iter().find(|t| t.id == *id) {
                    Some(_) => bail!("API token #{id} is revoked already"),
                    None => {
                        bail!("no API token #{id}; `corroborate users token list` lists them")
                    }
                }
            }
            if !global.quiet {
                eprintln!("revoked API token #{id}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The new password: the first line of standard input with `--password-stdin`, else asked for
/// twice on the terminal, without echo.
fn new_password(name: &str, args: &PasswordArgs) -> Result<String> {
    if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("failed to read the password from standard input")?;
        let password = line
            .strip_suffix('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .unwrap_or(&line);
        if password.is_empty() {
            bail!("no password on standard input (--password-stdin reads its first line)");
        }
        return Ok(password.to_string());
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "standard input is not a terminal, so the password cannot be asked for; \
             pass it on standard input with --password-stdin"
        );
    }
    let password = rpassword::prompt_password(format!("New password for {name}: "))
        .context("failed to read the password from the terminal")?;
    if let Some(problem) = password_problem(&password) {
        bail!("password refused: {problem}");
    }
    let again = rpassword::prompt_password("The same password again: ")
        .context("failed to read the password from the terminal")?;
    if again != password {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(password)
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// A Unix time as `2026-01-31 14:05` (UTC).
fn when(at: Option<i64>) -> String {
    match at.map(jiff::Timestamp::from_second) {
        None => "-".into(),
        Some(Ok(t)) => t.strftime("%Y-%m-%d %H:%M").to_string(),
        Some(Err(_)) => "?".into(),
    }
}

fn user_table(users: &[User]) -> String {
    if users.is_empty() {
        return "no editors; add one with `corroborate users add NAME`\n".into();
    }
    let width = users.iter().map(|u| u.name.len()).max().unwrap_or(0).max(4);
    let mut out = format!(
        "{:<width$}  {:<6}  {:<16}  {}\n",
        "name", "role", "created (UTC)", "disabled"
    );
    for user in users {
        out.push_str(&format!(
            "{:<width$}  {:<6}  {:<16}  {}\n",
            user.name,
            user.role.as_str(),
            when(Some(user.created_at)),
            if user.disabled { "yes" } else { "no" }
        ));
    }
    out
}

fn token_table(tokens: &[ApiToken]) -> String {
    if tokens.is_empty() {
        return "no API tokens; make one with `corroborate users token add NAME --label LABEL`\n"
            .into();
    }
    let width = tokens
        .iter()
        .map(|t| t.user_name.len())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "{:>4}  {:<width$}  {:<16}  {:<16}  {:<16}  {}\n",
        "id", "user", "created (UTC)", "last used", "revoked", "label"
    );
    for token in tokens {
        out.push_str(&format!(
            "{:>4}  {:<width$}  {:<16}  {:<16}  {:<16}  {}\n",
            token.id,
            token.user_name,
            when(Some(token.created_at)),
            when(token.last_used_at),
            when(token.revoked_at),
            token.label
        ));
    }
    out
}
