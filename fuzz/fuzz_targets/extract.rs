//! Any bytes, extracted as a page: no panic, and the result keeps its invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    extract::check_extract(data);
});
