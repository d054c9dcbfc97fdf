//! When each article appears: a pure function of the host, the feed, the article number and
//! the time elapsed since the server started.
//!
//! Every feed starts with a backlog of `items_per_feed` articles, so a client sees a full feed
//! on its first poll. After that, one new article appears every `new_article_every`. Feeds do
//! not all publish at the same instant: each feed's clock is shifted by a phase in
//! `0..new_article_every` drawn from a hash of its host and number.
//!
//! Article `n` of a feed is published at `phase + (n - backlog) * every` after the start, so
//! articles `0..backlog` (and sometimes the next one) are already out at the start.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::util::hash64;

/// The shortest interval between two articles of a feed; a zero in the configuration is read
/// as this, so a feed never publishes without bound.
const SHORTEST_INTERVAL: Duration = Duration::from_millis(1);

/// One published article of a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) feed: usize,
    pub(crate) number: u64,
    /// When it was published, on the server's clock (to the nanosecond).
    pub(crate) published: Timestamp,
}

#[derive(Clone, Debug)]
pub(crate) struct Schedule {
    every_nanos: i128,
    backlog: i128,
    feeds: usize,
    epoch: Timestamp,
}

impl Schedule {
    pub(crate) fn new(
        every: Duration,
        items_per_feed: usize,
        feeds: usize,
        epoch: Timestamp,
    ) -> Schedule {
        Schedule {
            every_nanos: every.max(SHORTEST_INTERVAL).as_nanos() as i128,
            backlog: items_per_feed as i128,
            feeds,
            epoch,
        }
    }

    pub(crate) fn feeds(&self) -> usize {
        self.feeds
    }

    /// The server's clock: the epoch plus the time elapsed since the start.
    pub(crate) fn now(&self, elapsed: Duration) -> Timestamp {
        self.at_offset(elapsed.as_nanos() as i128)
    }

    fn at_offset(&self, nanos: i128) -> Timestamp {
        let nanos = nanos.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
        self.epoch
            .checked_add(SignedDuration::from_nanos(nanos))
            .unwrap_or(self.epoch)
    }

    fn phase(&self, host: &str, feed: usize) -> i128 {
        let hash = hash64(&[b"phase", host.as_bytes(), &feed.to_le_bytes()]);
        i128::from(hash) % self.every_nanos
    }

    /// How many articles the feed has published after `elapsed`: articles `0..count` are out.
    pub(crate) fn count(&self, host: &str, feed: usize, elapsed: Duration) -> u64 {
        let since_phase = elapsed.as_nanos() as i128 - self.phase(host, feed);
        let count = since_phase.div_euclid(self.every_nanos) + self.backlog + 1;
        count.clamp(0, i128::from(u64::MAX)) as u64
    }

    /// When article `number` of the feed is (or will be) published.
    pub(crate) fn published(&self, host: &str, feed: usize, number: u64) -> Timestamp {
        let offset =
            self.phase(host, feed) + (i128::from(number) - self.backlog) * self.every_nanos;
        self.at_offset(offset)
    }

    /// Whether article `number` of feed `feed` exists (is published) after `elapsed`.
    pub(crate) fn is_published(
        &self,
        host: &str,
        feed: usize,
        number: u64,
        elapsed: Duration,
    ) -> bool {
        feed < self.feeds && number < self.count(host, feed, elapsed)
    }

    /// The newest `limit` articles of one feed, newest first.
    pub(crate) fn newest(
        &self,
        host: &str,
        feed: usize,
        elapsed: Duration,
        limit: usize,
    ) -> Vec<Item> {
        let count = self.count(host, feed, elapsed);
        let oldest = count.saturating_sub(limit as u64);
        (oldest..count)
            .rev()
            .map(|number| Item {
                feed,
                number,
                published: self.published(host, feed, number),
            })
            .collect()
    }

    /// The newest `limit` articles over all the host's feeds, newest first.
    pub(crate) fn newest_of_host(&self, host: &str, elapsed: Duration, limit: usize) -> Vec<Item> {
        let mut items: Vec<Item> = (0..self.feeds)
            .flat_map(|feed| self.newest(host, feed, elapsed, limit))
            .collect();
        items.sort_by(|a, b| {
            b.published
                .cmp(&a.published)
                .then(a.feed.cmp(&b.feed))
                .then(b.number.cmp(&a.number))
        });
        items.truncate(limit);
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        Schedule::new(Duration::from_millis(200), 20, 3, Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn a_feed_starts_with_its_backlog_and_grows_one_per_interval() {
        let schedule = schedule();
        for feed in 0..3 {
            let at_start = schedule.count("site1.test", feed, Duration::ZERO);
            assert!((20..=21).contains(&at_start), "{at_start}");
            let mut previous = at_start;
            for step in 1..50 {
                let count = schedule.count("site1.test", feed, Duration::from_millis(200 * step));
                assert_eq!(count, previous + 1);
                previous = count;
            }
        }
    }

    #[test]
    fn an_article_is_out_exactly_from_its_publication_time() {
        let schedule = schedule();
        for number in 0..40 {
            let published = schedule.published("site2.test", 1, number);
            let offset = published.duration_since(Timestamp::UNIX_EPOCH);
            if offset.is_negative() {
                assert!(schedule.is_published("site2.test", 1, number, Duration::ZERO));
                continue;
            }
            let offset = offset.unsigned_abs();
            assert!(schedule.is_published("site2.test", 1, number, offset));
            if let Some(before) = offset.checked_sub(Duration::from_nanos(1)) {
                assert!(!schedule.is_published("site2.test", 1, number, before));
            }
        }
    }

    #[test]
    fn the_newest_articles_of_a_host_are_sorted_newest_first() {
        let schedule = schedule();
        let items = schedule.newest_of_host("site3.test", Duration::from_secs(3), 20);
        assert_eq!(items.len(), 20);
        assert!(items.windows(2).all(|w| w[0].published >= w[1].published));
        assert!(items.iter().all(|item| schedule.is_published(
            "site3.test",
            item.feed,
            item.number,
            Duration::from_secs(3)
        )));
    }
}
