//! One gate per registrable domain, shared by every source of that domain.
//!
//! Feed readers get blocked for polling one host too often or in parallel: a site with 200
//! feeds sees 200 clients unless its requests are pooled. Every request (feeds, pages,
//! robots.txt, each redirect hop) passes the gate of its registrable domain (`news.example.co.uk`
//! and `www.example.co.uk` share `example.co.uk`, by the public suffix list):
//! - at most `concurrency` requests to the domain at once (a semaphore);
//! - request starts at least `interval` apart, or the site's robots.txt `Crawl-delay` when that
//!   is longer (each request reserves the next start slot, so waiting requests queue in order
//!   and the rate holds however many arrive together); and the next start is also at least
//!   that long after the previous answer came, so a slow connection that delays one request
//!   cannot bring it closer to the next at the server's end.
//!
//! The keyed GCRA of the `governor` crate gives one quota for all keys; a per-domain interval
//! that robots.txt can lengthen is simpler as a slot per domain, which is what this is.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The registrable domain of a host: the key of its gate. An IP address, `localhost` or a
/// name the public suffix list does not know is its own key.
pub fn registrable_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host;
    }
    match psl::domain_str(&host) {
        Some(domain) => domain.to_string(),
        None => host,
    }
}

struct Domain {
    semaphore: Arc<Semaphore>,
    next_start: Instant,
    last_used: Instant,
}

/// The gates of every domain seen.
pub(crate) struct DomainGate {
    interval: Duration,
    concurrency: usize,
    domains: Mutex<HashMap<String, Domain>>,
}

/// Held while a request to the domain is in flight.
pub(crate) struct Pass {
    _permit: OwnedSemaphorePermit,
}

/// Domains idle this long are forgotten (their next slot is long past anyway).
const FORGET_AFTER: Duration = Duration::from_secs(600);

impl DomainGate {
    pub(crate) fn new(interval: Duration, concurrency: usize) -> DomainGate {
        DomainGate {
            interval,
            concurrency: concurrency.max(1),
            domains: Mutex::new(HashMap::new()),
        }
    }

    fn semaphore(&self, domain: &str) -> Arc<Semaphore> {
        let mut domains = self.domains.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if domains.len() > 4096 {
            domains.retain(|_, d| {
                now.duration_since(d.last_used) < FORGET_AFTER
                    || d.semaphore.available_permits() < self.concurrency
            });
        }
        let entry = domains.entry(domain.to_string()).or_insert_with(|| Domain {
            semaphore: Arc::new(Semaphore::new(self.concurrency)),
            next_start: now,
            last_used: now,
        });
        entry.last_used = now;
        entry.semaphore.clone()
    }

    /// Waits until a request to `domain` may start: a free place among its concurrent
    /// requests, then its start slot. `crawl_delay` (from robots.txt) lengthens the interval.
    pub(crate) async fn enter(&self, domain: &str, crawl_delay: Option<Duration>) -> Pass {
        let semaphore = self.semaphore(domain);
        // The semaphore is never closed, so acquiring only waits.
        let permit = loop {
            if let Ok(permit) = semaphore.clone().acquire_owned().await {
                break permit;
            }
        };
        let gap = crawl_delay.map_or(self.interval, |d| d.max(self.interval));
        let slot = {
            let mut domains = self.domains.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let entry = domains.entry(domain.to_string()).or_insert_with(|| Domain {
                semaphore: semaphore.clone(),
                next_start: now,
                last_used: now,
            });
            let slot = entry.next_start.max(now);
            entry.next_start = slot + gap;
            entry.last_used = slot;
            slot
        };
        tokio::time::sleep_until(slot).await;
        Pass { _permit: permit }
    }

    /// Records that a request to `domain` has its answer: the next may not start sooner than
    /// `gap` from now. With one request at a time, the server then sees requests at least
    /// `gap` apart however long each took to reach it.
    pub(crate) fn finished(&self, domain: &str, crawl_delay: Option<Duration>) {
        let gap = crawl_delay.map_or(self.interval, |d| d.max(self.interval));
        let mut domains = self.domains.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = domains.get_mut(domain) {
            let now = Instant::now();
            entry.next_start = entry.next_start.max(now + gap);
            entry.last_used = now;
        }
    }

    /// How many domains have a gate.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.domains.lock().map(|d| d.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_one_site_share_a_domain() {
        assert_eq!(registrable_domain("www.bbc.co.uk"), "bbc.co.uk");
        assert_eq!(registrable_domain("feeds.bbci.co.uk."), "bbci.co.uk");
        assert_eq!(registrable_domain("News.Example.COM"), "example.com");
        assert_eq!(registrable_domain("site3.test"), "site3.test");
        assert_eq!(registrable_domain("a.site3.test"), "site3.test");
        assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
        assert_eq!(registrable_domain("[::1]"), "[::1]");
    }

    #[tokio::test(start_paused = true)]
    async fn starts_keep_the_interval_and_the_longer_crawl_delay() {
        let gate = Arc::new(DomainGate::new(Duration::from_millis(100), 2));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..5 {
            let gate = gate.clone();
            tasks.push(tokio::spawn(async move {
                let _pass = gate.enter("example.com", None).await;
                Instant::now()
            }));
        }
        let mut starts = Vec::new();
        for task in tasks {
            starts.push(task.await.unwrap().duration_since(start));
        }
        starts.sort();
        for pair in starts.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(100),
                "{starts:?}"
            );
        }
        // Another domain does not wait for this one.
        let other = Instant::now();
        let _pass = gate.enter("example.org", None).await;
        assert_eq!(Instant::now(), other);
        // robots.txt asks for 2 s: the next start after this one is 2 s later.
        let _a = gate
            .enter("slow.example", Some(Duration::from_secs(2)))
            .await;
        drop(_a);
        let before = Instant::now();
        let _b = gate
            .enter("slow.example", Some(Duration::from_secs(2)))
            .await;
        assert!(Instant::now() - before >= Duration::from_secs(2));
        assert_eq!(gate.len(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrency_is_capped_per_domain() {
        let gate = Arc::new(DomainGate::new(Duration::ZERO, 1));
        let inside = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (gate, inside, most) = (gate.clone(), inside.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                let _pass = gate.enter("example.com", None).await;
                let now = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(50)).await;
                inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
