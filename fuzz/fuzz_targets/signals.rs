//! Any bytes, read as text: editorial signals without a panic, every body span quoting the text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    extract::check_signals(data);
});
