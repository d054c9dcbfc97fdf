//! Any bytes, as a feed or sitemap, as a page for feed discovery and as OPML: no panic, every
//! URL absolute http(s), the limits kept, OPML written back parses the same.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    feeds::check_feeds(data);
});
