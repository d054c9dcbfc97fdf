//! Any bytes, read as text by the numeral grammar in every language: no panic, and every
//! mention keeps its invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    claims::check_numbers(data);
});
