//! Any bytes, read as text, through the quote finder and the attribution tagger: no panic,
//! and every span stays on the text's char boundaries (quotes inside their sentence, content
//! pieces in order).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    claims::check_quotes(&String::from_utf8_lossy(data));
});
