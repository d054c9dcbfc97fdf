//! Any bytes, read as text, through the figure extractor: no panic, and every figure keeps its
//! invariants (spans on char boundaries inside their sentence, ordered intervals).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    claims::check_quantities(&String::from_utf8_lossy(data));
});
