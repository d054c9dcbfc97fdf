//! robots.txt, fetched once per origin and kept for a day.
//!
//! What a robots.txt answer means (as the Robots Exclusion Protocol, RFC 9309, says):
//! - 200: its rules, for our product token (`corroborate`) or else `*`, with `Crawl-delay`;
//! - 4xx (404 most often): no rules, everything may be fetched;
//! - 5xx, 429 or no answer: the site is in trouble, so nothing is fetched; asked again after
//!   a short while.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// The rules for one origin.
#[derive(Debug, Clone)]
pub enum Rules {
    /// Everything may be fetched.
    AllowAll,
    /// Nothing may be fetched for a while: the robots.txt could not be read.
    Unavailable { reason: String },
    /// Parsed rules.
    Parsed(Arc<texting_robots::Robot>),
}

impl Rules {
    /// Whether `url` may be fetched; `Err` with the reason when robots.txt was unreadable.
    pub fn allows(&self, url: &str) -> Result<bool, String> {
        match self {
            Rules::AllowAll => Ok(true),
            Rules::Unavailable { reason } => Err(reason.clone()),
            Rules::Parsed(robot) => Ok(robot.allowed(url)),
        }
    }

    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(MAX_CRAWL_DELAY.as_secs_f32()))),
            _ => None,
        }
    }

    /// The `Sitemap:` lines.
    pub fn sitemaps(&self) -> Vec<String> {
        match self {
            Rules::Parsed(robot) => robot.sitemaps.clone(),
            _ => Vec::new(),
        }
    }
}

/// A Crawl-delay longer than this is honoured as this (a typo of "3600" must not stop a
/// source for an hour per request).
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(120);
/// How long rules are kept.
pub const RULES_TTL: Duration = Duration::from_secs(24 * 3600);
/// How long an unreadable robots.txt stops fetching before it is asked again.
pub const UNAVAILABLE_TTL: Duration = Duration::from_secs(600);
/// The largest robots.txt read (RFC 9309 asks crawlers to read at least 500 KiB).
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// Reads a robots.txt answer into rules.
pub fn rules_from_answer(agent: &str, status: Option<u16>, body: &[u8]) -> Rules {
    match status {
        Some(200..=299) => match texting_robots::Robot::new(agent, body) {
            Ok(robot) => Rules::Parsed(Arc::new(robot)),
            // Unparseable rules are no rules.
            Err(_) => Rules::AllowAll,
        },
        Some(429) => Rules::Unavailable {
            reason: "robots.txt answered 429 Too Many Requests".into(),
        },
        Some(400..=499) => Rules::AllowAll,
        Some(code) => Rules::Unavailable {
            reason: format!("robots.txt answered HTTP {code}"),
        },
        None => Rules::Unavailable {
            reason: "robots.txt could not be fetched".into(),
        },
    }
}

pub(crate) struct Cached {
    rules: Rules,
    expires: Instant,
}

/// Rules per origin, with one lock per origin so that a burst of requests to a new site
/// fetches its robots.txt once.
#[derive(Default)]
pub(crate) struct RobotsCache {
    origins: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Cached>>>>>,
}

impl RobotsCache {
    /// The slot of one origin; the caller holds its lock while fetching.
    pub(crate) fn slot(&self, origin: &str) -> Arc<tokio::sync::Mutex<Option<Cached>>> {
        let mut origins = self.origins.lock().unwrap_or_else(|p| p.into_inner());
        origins.entry(origin.to_string()).or_default().clone()
    }
}

/// The cached rules if fresh.
pub(crate) fn fresh(slot: &Option<Cached>) -> Option<Rules> {
    slot.as_ref()
        .filter(|c| c.expires > Instant::now())
        .map(|c| c.rules.clone())
}

pub(crate) fn store(slot: &mut Option<Cached>, rules: Rules) {
    let ttl = match rules {
        Rules::Unavailable { .. } => UNAVAILABLE_TTL,
        _ => RULES_TTL,
    };
    *slot = Some(Cached {
        rules,
        expires: Instant::now() + ttl,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_rules() {
        let body = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 3\nSitemap: https://news.example/sitemap.xml\n\nUser-agent: corroborate\nDisallow: /drafts/\n";
        let rules = rules_from_answer("corroborate", Some(200), body);
        // Our own group wins over `*`.
        assert_eq!(rules.allows("https://news.example/drafts/a"), Ok(false));
        assert_eq!(rules.allows("https://news.example/private/a"), Ok(true));
        let star = rules_from_answer("otherbot", Some(200), body);
        assert_eq!(star.allows("https://news.example/private/a"), Ok(false));
        assert_eq!(star.crawl_delay(), Some(Duration::from_secs(3)));
        assert_eq!(star.sitemaps(), ["https://news.example/sitemap.xml"]);

        let missing = rules_from_answer("corroborate", Some(404), b"");
        assert_eq!(missing.allows("https://news.example/x"), Ok(true));
        for status in [Some(500), Some(503), Some(429), None] {
            let down = rules_from_answer("corroborate", status, b"");
            assert!(down.allows("https://news.example/x").is_err(), "{status:?}");
        }
        let huge_delay = rules_from_answer("x", Some(200), b"User-agent: *\nCrawl-delay: 86400\n");
        assert_eq!(huge_delay.crawl_delay(), Some(MAX_CRAWL_DELAY));
        let garbage = rules_from_answer("x", Some(200), &[0xff, 0xfe, 0, 1, 2]);
        assert_eq!(garbage.allows("https://news.example/x"), Ok(true));
    }
}
