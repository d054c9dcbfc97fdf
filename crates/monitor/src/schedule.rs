//! When to poll a source next: pure arithmetic on what its polls have seen.
//!
//! - A source that publishes often is polled often: twice per typical gap between its items
//!   (the median gap of its latest publication times), within the configured bounds.
//! - Without enough dated items, the interval shrinks by a quarter after a poll that found
//!   something new and grows by half after one that did not.
//! - The feed's own `<ttl>` and the server's `Cache-Control: max-age` are floors: we never
//!   ask sooner than the publisher says the answer changes (up to the longest interval).
//! - Failures back off exponentially from the shortest interval up to `max_backoff` (two
//!   days), never sooner than a `Retry-After`. After `disable_after` failures in a row that
//!   span at least `disable_span`, the source is disabled: persistent failure, not an outage.
//! - Every interval is spread by up to ±10% (a hash of the source and its poll count, so
//!   the same history gives the same schedule) so that sources added together drift apart.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleConfig {
    /// The first interval of a new source.
    pub initial: Duration,
    /// The shortest interval between polls of one source.
    pub min: Duration,
    /// The longest interval between polls of a healthy source.
    pub max: Duration,
    /// The longest wait after failures.
    pub max_backoff: Duration,
    /// Failures in a row before a source may be disabled.
    pub disable_after: i64,
    /// ... and for at least this long since its last success.
    pub disable_span: Duration,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            initial: Duration::from_secs(5 * 60),
            min: Duration::from_secs(2 * 60),
            max: Duration::from_secs(6 * 3600),
            max_backoff: Duration::from_secs(2 * 24 * 3600),
            disable_after: 12,
            disable_span: Duration::from_secs(3 * 24 * 3600),
        }
    }
}

/// Item publication times kept per source.
pub const KEPT_ITEM_TIMES: usize = 20;
/// Items older than this do not count towards a source's rhythm.
const RHYTHM_WINDOW: i64 = 30 * 24 * 3600;

/// What a successful poll saw.
#[derive(Debug, Clone, Default)]
pub struct PollSeen {
    /// Items newer than the previous poll.
    pub new_items: usize,
    /// The source's latest item publication times (Unix seconds, ascending).
    pub item_times: Vec<i64>,
    /// The feed's `<ttl>`.
    pub ttl: Option<Duration>,
    /// `Cache-Control: max-age`.
    pub max_age: Option<Duration>,
}

/// The interval after a successful poll.
pub fn after_success(
    config: &ScheduleConfig,
    current: Duration,
    seen: &PollSeen,
    now: i64,
    spread_key: u64,
) -> Duration {
    let recent: Vec<i64> = seen
        .item_times
        .iter()
        .copied()
        .filter(|t| now - t <= RHYTHM_WINDOW && *t <= now + 3600)
        .collect();
    let mut gaps: Vec<i64> = recent
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|g| *g > 0)
        .collect();
    let target = if gaps.len() >= 2 {
        gaps.sort_unstable();
        let median = gaps[gaps.len() / 2];
        // The gap since the newest item also counts: a source gone quiet slows down.
        let quiet = recent.last().map_or(0, |last| now - last);
        Duration::from_secs((median.max(quiet / 2) / 2).max(1) as u64)
    } else if seen.new_items > 0 {
        current.mul_f64(0.75)
    } else {
        current.mul_f64(1.5)
    };
    let mut interval = target.clamp(config.min, config.max);
    for floor in [seen.ttl, seen.max_age].into_iter().flatten() {
        interval = interval.max(floor.min(config.max));
    }
    spread(interval, spread_key)
}

/// The wait after the `failures`-th failure in a row.
pub fn after_failure(
    config: &ScheduleConfig,
    failures: i64,
    retry_after: Option<Duration>,
    spread_key: u64,
) -> Duration {
    let doublings = failures.clamp(1, 30) as u32;
    let backoff = config
        .min
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(config.max_backoff);
    let wait = match retry_after {
        Some(asked) => backoff.max(asked.min(config.max_backoff)),
        None => backoff,
    };
    spread(wait, spread_key)
}

/// Whether a source failing `failures` times in a row since `last_success` is to be disabled.
pub fn should_disable(
    config: &ScheduleConfig,
    failures: i64,
    failing_since: i64,
    now: i64,
) -> bool {
    failures >= config.disable_after && now - failing_since >= config.disable_span.as_secs() as i64
}

/// Spreads an interval by up to ±10%, deterministically.
fn spread(interval: Duration, key: u64) -> Duration {
    // SplitMix64 finaliser: a well-mixed value from the key.
    let mut x = key.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    let unit = (x % 2001) as f64 / 1000.0 - 1.0; // -1.0 ..= 1.0
    interval.mul_f64(1.0 + 0.1 * unit)
}

/// Merges new publication times into the kept ones: ascending, unique, the latest few.
pub fn merge_item_times(kept: &[i64], new: impl IntoIterator<Item = i64>) -> Vec<i64> {
    let mut all: Vec<i64> = kept.iter().copied().chain(new).collect();
    all.sort_unstable();
    all.dedup();
    let start = all.len().saturating_sub(KEPT_ITEM_TIMES);
    all.split_off(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIN: u64 = 60;

    fn within(d: Duration, expected: Duration) -> bool {
        let (lo, hi) = (expected.mul_f64(0.899), expected.mul_f64(1.101));
        d >= lo && d <= hi
    }

    #[test]
    fn busy_sources_are_polled_twice_per_item_gap() {
        let config = ScheduleConfig::default();
        let now = 1_000_000;
        // An item every 20 minutes: polled every 10.
        let times: Vec<i64> = (0..10).map(|i| now - 1200 * (10 - i)).collect();
        let seen = PollSeen {
            new_items: 1,
            item_times: times,
            ..Default::default()
        };
        let next = after_success(&config, config.initial, &seen, now, 7);
        assert!(within(next, Duration::from_secs(10 * MIN)), "{next:?}");
        // A ttl of an hour is respected.
        let with_ttl = PollSeen {
            ttl: Some(Duration::from_secs(3600)),
            ..seen.clone()
        };
        let next = after_success(&config, config.initial, &with_ttl, now, 7);
        assert!(within(next, Duration::from_secs(3600)), "{next:?}");
        // An item a minute: never below the minimum.
        let fast: Vec<i64> = (0..10).map(|i| now - 60 * (10 - i)).collect();
        let next = after_success(
            &config,
            config.initial,
            &PollSeen {
                item_times: fast,
                ..Default::default()
            },
            now,
            7,
        );
        assert!(within(next, config.min), "{next:?}");
    }

    #[test]
    fn quiet_sources_slow_down_and_undated_ones_adapt() {
        let config = ScheduleConfig::default();
        let now = 10_000_000;
        // Items were every 10 minutes but the last one is two days old.
        let times: Vec<i64> = (0..10).map(|i| now - 2 * 86_400 - 600 * (10 - i)).collect();
        let next = after_success(
            &config,
            config.initial,
            &PollSeen {
                item_times: times,
                ..Default::default()
            },
            now,
            1,
        );
        assert!(within(next, config.max), "{next:?}");
        let grown = after_success(
            &config,
            Duration::from_secs(600),
            &PollSeen::default(),
            now,
            1,
        );
        assert!(within(grown, Duration::from_secs(900)), "{grown:?}");
        let shrunk = after_success(
            &config,
            Duration::from_secs(600),
            &PollSeen {
                new_items: 3,
                ..Default::default()
            },
            now,
            1,
        );
        assert!(within(shrunk, Duration::from_secs(450)), "{shrunk:?}");
    }

    #[test]
    fn failures_back_off_to_days_then_disable() {
        let config = ScheduleConfig::default();
        let first = after_failure(&config, 1, None, 3);
        assert!(within(first, config.min * 2), "{first:?}");
        let later = after_failure(&config, 20, None, 3);
        assert!(within(later, config.max_backoff), "{later:?}");
        let asked = after_failure(&config, 1, Some(Duration::from_secs(3600)), 3);
        assert!(within(asked, Duration::from_secs(3600)), "{asked:?}");
        let mut total = Duration::ZERO;
        for n in 1..=config.disable_after {
            total += after_failure(&config, n, None, n as u64);
        }
        assert!(total >= config.disable_span, "{total:?}");
        assert!(!should_disable(&config, 12, 0, 3600));
        assert!(!should_disable(&config, 3, 0, 10 * 86_400));
        assert!(should_disable(&config, 12, 0, 4 * 86_400));
    }

    #[test]
    fn item_times_keep_the_latest_unique() {
        let merged = merge_item_times(&[5, 1, 3], [3, 7, 2]);
        assert_eq!(merged, [1, 2, 3, 5, 7]);
        let many = merge_item_times(&[], 0..100);
        assert_eq!(many.len(), KEPT_ITEM_TIMES);
        assert_eq!(many[0], 80);
    }

    proptest! {
        #[test]
        fn intervals_stay_within_bounds(
            times in prop::collection::vec(0i64..2_000_000, 0..30),
            new_items in 0usize..5,
            current in 1u64..100_000,
            key in any::<u64>(),
            failures in 1i64..100,
        ) {
            let config = ScheduleConfig::default();
            let mut times = times;
            times.sort_unstable();
            let seen = PollSeen { new_items, item_times: times, ttl: None, max_age: None };
            let next = after_success(&config, Duration::from_secs(current), &seen, 2_000_000, key);
            prop_assert!(next >= config.min.mul_f64(0.899) && next <= config.max.mul_f64(1.101));
            let wait = after_failure(&config, failures, None, key);
            prop_assert!(wait <= config.max_backoff.mul_f64(1.101));
        }
    }
}
