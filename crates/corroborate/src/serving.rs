//! `corroborate serve`: the newsroom (web pages, JSON API, review queue) over the store.

use crate::{Global, Inputs};
use anyhow::{Context, Result};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Inputs to ingest first, as `ingest` reads them (HTML, text, JSON Lines, WARC, folders).
    #[arg(value_name = "INPUT")]
    paths: Vec<PathBuf>,
    /// The address to listen on. Keep it on loopback unless a TLS proxy stands in front.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    addr: SocketAddr,
    /// Only logged-in editors may read (by default anyone may read; only editors write).
    #[arg(long)]
    private: bool,
    /// Mark the session cookie Secure (when the newsroom is reached over HTTPS).
    #[arg(long)]
    secure_cookies: bool,
    /// How long a login lasts, in hours.
    #[arg(long, default_value_t = 12, value_name = "HOURS")]
    session_hours: u64,
    /// Store connections for reading.
    #[arg(long, default_value_t = 4, value_name = "N")]
    readers: usize,
    /// Largest input file read, in MiB.
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    max_file_size: u64,
}

pub fn serve(args: &ServeArgs, global: &Global) -> Result<ExitCode> {
    let path = crate::store_path(global)?;
    {
        // Opening brings the schema and the stored claims up to this build.
        let mut store = crate::open_store(global)?;
        if !args.paths.is_empty() {
            let inputs = Inputs {
                paths: args.paths.clone(),
                max_file_size: args.max_file_size,
            };
            crate::ingest(&mut store, &inputs, global)?;
            crate::place_in_stories(&mut store, global)?;
        }
    }
    if !args.addr.ip().is_loopback() && !args.secure_cookies && !global.quiet {
        eprintln!(
            "warning: serving on {} over plain HTTP: passwords and session cookies cross the network in clear; put a TLS proxy in front and pass --secure-cookies",
            args.addr
        );
    }
    let mut config = web::Config::new(path);
    config.public_read = !args.private;
    config.secure_cookies = args.secure_cookies;
    config.session_ttl = Duration::from_secs(args.session_hours.max(1) * 3600);
    config.readers = args.readers.clamp(1, 64);
    let state = web::AppState::open(config).map_err(|e| anyhow::anyhow!(e.message))?;
    let runtime = crate::watching::runtime()?;
    let quiet = global.quiet;
    runtime
        .block_on(web::serve(
            state,
            args.addr,
            move |bound| {
                if !quiet {
                    eprintln!("the newsroom is at http://{bound}/ (API: http://{bound}/api/openapi.json); Ctrl-C stops it");
                }
            },
            crate::watching::stop_signal(),
        ))
        .map_err(|e| anyhow::anyhow!(e.message))
        .context("the newsroom stopped")?;
    Ok(ExitCode::SUCCESS)
}
