//! Any bytes, read as text by the named-entity tagger in every language: no panic, and every
//! entity keeps its invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    claims::check_entities(data);
});
