//! The request log: every request in arrival order, and how many requests each host was
//! serving at once.
//!
//! A request is entered when it arrives (status 0), its status is filled in when the response
//! starts, and its byte count when the response body is dropped, which happens after the last
//! byte or when the client hangs up. One mutex guards it all; three short critical sections per
//! request are cheap next to an HTTP exchange.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// One request the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    /// When it arrived, since the server started.
    pub at: Duration,
    /// The `Host` header without its port, lower-cased.
    pub host: String,
    pub method: String,
    /// The path with its query, as sent.
    pub path: String,
    /// The response status; 0 while no response has started, and for good when none will be
    /// sent (the host is down, or the request stalls forever).
    pub status: u16,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    /// Body bytes handed to the connection (headers excluded). For a response the client
    /// abandoned, what was produced before it hung up; final once the response is finished.
    pub bytes: u64,
}

/// What is known of a request when it arrives.
pub(crate) struct Arrival {
    pub(crate) host: String,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) if_none_match: Option<String>,
    pub(crate) if_modified_since: Option<String>,
    pub(crate) user_agent: Option<String>,
}

#[derive(Default)]
struct Load {
    in_flight: usize,
    max_in_flight: usize,
}

#[derive(Default)]
struct State {
    /// The sequence number of `records[0]`; requests before it were cleared.
    first_seq: u64,
    records: Vec<RequestRecord>,
    loads: HashMap<String, Load>,
}

impl State {
    fn record_mut(&mut self, seq: u64) -> Option<&mut RequestRecord> {
        let index = seq.checked_sub(self.first_seq)?;
        self.records.get_mut(usize::try_from(index).ok()?)
    }
}

pub(crate) struct RequestLog {
    start: Instant,
    state: Mutex<State>,
}

impl RequestLog {
    pub(crate) fn new(start: Instant) -> RequestLog {
        RequestLog {
            start,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the log consistent enough to read.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Enters a request. The time is read under the lock, so arrival times never decrease
    /// along the log.
    pub(crate) fn begin(self: &Arc<Self>, arrival: Arrival) -> Pending {
        let mut state = self.lock();
        let at = self.start.elapsed();
        let seq = state.first_seq + state.records.len() as u64;
        let load = state.loads.entry(arrival.host.clone()).or_default();
        load.in_flight += 1;
        load.max_in_flight = load.max_in_flight.max(load.in_flight);
        let host = arrival.host.clone();
        state.records.push(RequestRecord {
            at,
            host: arrival.host,
            method: arrival.method,
            path: arrival.path,
            status: 0,
            if_none_match: arrival.if_none_match,
            if_modified_since: arrival.if_modified_since,
            user_agent: arrival.user_agent,
            bytes: 0,
        });
        Pending {
            log: Arc::clone(self),
            seq,
            host,
            at,
            bytes: 0,
        }
    }

    pub(crate) fn records(&self) -> Vec<RequestRecord> {
        self.lock().records.clone()
    }

    /// Forgets the requests so far and restarts every host's concurrency maximum from the
    /// requests still in flight.
    pub(crate) fn clear(&self) {
        let mut state = self.lock();
        state.first_seq += state.records.len() as u64;
        state.records = Vec::new();
        for load in state.loads.values_mut() {
            load.max_in_flight = load.in_flight;
        }
    }

    /// The most requests to `host` that arrived within any span shorter than `window`.
    pub(crate) fn max_in_window(&self, host: &str, window: Duration) -> usize {
        let mut times: Vec<Duration> = self
            .lock()
            .records
            .iter()
            .filter(|record| record.host == host)
            .map(|record| record.at)
            .collect();
        densest(&mut times, window)
    }

    /// [`RequestLog::max_in_window`] for every host in the log, in one pass over it.
    pub(crate) fn max_in_window_per_host(&self, window: Duration) -> HashMap<String, usize> {
        let mut by_host: HashMap<String, Vec<Duration>> = HashMap::new();
        for record in &self.lock().records {
            match by_host.get_mut(&record.host) {
                Some(times) => times.push(record.at),
                None => {
                    by_host.insert(record.host.clone(), vec![record.at]);
                }
            }
        }
        by_host
            .into_iter()
            .map(|(host, mut times)| {
                let count = densest(&mut times, window);
                (host, count)
            })
            .collect()
    }

    pub(crate) fn max_concurrent(&self, host: &str) -> usize {
        self.lock()
            .loads
            .get(host)
            .map_or(0, |load| load.max_in_flight)
    }

    pub(crate) fn in_flight(&self, host: &str) -> usize {
        self.lock().loads.get(host).map_or(0, |load| load.in_flight)
    }

    pub(crate) fn max_concurrent_per_host(&self) -> HashMap<String, usize> {
        self.lock()
            .loads
            .iter()
            .map(|(host, load)| (host.clone(), load.max_in_flight))
            .collect()
    }
}

/// The most of `times` that fall within a span shorter than `window` (a sliding window).
fn densest(times: &mut [Duration], window: Duration) -> usize {
    if window.is_zero() {
        return 0;
    }
    times.sort_unstable();
    let mut best = 0;
    let mut first = 0;
    for (last, &time) in times.iter().enumerate() {
        while time - times[first] >= window {
            first += 1;
        }
        best = best.max(last + 1 - first);
    }
    best
}

/// A request being served. Dropping it completes the log entry and ends the request's share
/// of its host's concurrency.
pub(crate) struct Pending {
    log: Arc<RequestLog>,
    seq: u64,
    host: String,
    at: Duration,
    bytes: u64,
}

impl Pending {
    /// When the request arrived, since the server started: the moment its content is built for.
    pub(crate) fn at(&self) -> Duration {
        self.at
    }

    pub(crate) fn set_status(&self, status: u16) {
        if let Some(record) = self.log.lock().record_mut(self.seq) {
            record.status = status;
        }
    }

    pub(crate) fn add_bytes(&mut self, count: u64) {
        self.bytes += count;
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut state = self.log.lock();
        let bytes = self.bytes;
        if let Some(record) = state.record_mut(self.seq) {
            record.bytes = bytes;
        }
        if let Some(load) = state.loads.get_mut(&self.host) {
            load.in_flight = load.in_flight.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrival(host: &str) -> Arrival {
        Arrival {
            host: host.to_string(),
            method: "GET".to_string(),
            path: "/".to_string(),
            if_none_match: None,
            if_modified_since: None,
            user_agent: None,
        }
    }

    #[test]
    fn concurrency_and_clearing() {
        let log = Arc::new(RequestLog::new(Instant::now()));
        let first = log.begin(arrival("a.test"));
        let second = log.begin(arrival("a.test"));
        let other = log.begin(arrival("b.test"));
        first.set_status(200);
        assert_eq!(log.max_concurrent("a.test"), 2);
        assert_eq!(log.max_concurrent("b.test"), 1);
        drop(first);
        drop(other);
        log.clear();
        assert!(log.records().is_empty());
        assert_eq!(log.max_concurrent("a.test"), 1);
        second.set_status(304);
        drop(second);
        assert_eq!(log.max_concurrent("a.test"), 1);
        assert!(log.records().is_empty());
        let third = log.begin(arrival("a.test"));
        third.set_status(404);
        drop(third);
        let records = log.records();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].status, 404);
    }
}
