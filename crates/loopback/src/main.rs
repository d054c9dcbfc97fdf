//! `loopback-server`: runs the loopback news-site server in a process of its own, so a
//! benchmark can measure the client's CPU time apart from the server's.
//!
//! It prints `listening on 127.0.0.1:PORT` as its first line, then serves until it is killed.
//! The control host (`loopback.control`) answers questions about the run over HTTP.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use loopback::{LoopbackServer, SiteConfig};

const USAGE: &str = "usage: loopback-server [--hosts N] [--feeds-per-host M] \
[--new-article-every-secs S] [--items-per-feed K] [--crawl-delay SECS] [--article-bytes B]";

fn parse_args(args: impl Iterator<Item = String>) -> Result<SiteConfig, String> {
    let mut config = SiteConfig::default();
    let mut args = args;
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_string());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("missing value for {flag}\n{USAGE}"))?;
        let invalid = |_| format!("invalid value for {flag}: {value}");
        match flag.as_str() {
            "--hosts" => config.hosts = value.parse().map_err(invalid)?,
            "--feeds-per-host" => config.feeds_per_host = value.parse().map_err(invalid)?,
            "--new-article-every-secs" => {
                let seconds: f64 = value
                    .parse()
                    .map_err(|_| format!("invalid value for {flag}: {value}"))?;
                config.new_article_every = Duration::try_from_secs_f64(seconds)
                    .map_err(|_| format!("invalid value for {flag}: {value}"))?;
            }
            "--items-per-feed" => config.items_per_feed = value.parse().map_err(invalid)?,
            "--crawl-delay" => config.crawl_delay = Some(value.parse().map_err(invalid)?),
            "--article-bytes" => config.article_bytes = value.parse().map_err(invalid)?,
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    Ok(config)
}

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let server = match LoopbackServer::start(config) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("failed to start the loopback server: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "listening on {}", server.addr());
    let _ = stdout.flush();
    loop {
        std::thread::park();
    }
}
