//! Any bytes, with any `Content-Type` (the first line of the input), decode without a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    extract::check_decode(data);
});
