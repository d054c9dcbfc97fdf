//! Any text, tagged for temporal expressions in each language with and without a publication
//! day: no panic, and every expression indexes the text without overlapping the previous one.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let day = jiff::civil::date(2026, 3, 4);
    for language in [None, Some("es"), Some("de"), Some("fr"), Some("pt")] {
        for reference in [Some(day), None] {
            let mut last = 0;
            for t in claims::timexes(&text, reference, language) {
                assert_eq!(t.span.slice(&text), Some(t.text.as_str()));
                assert!(t.span.start >= last);
                last = t.span.end;
            }
        }
    }
});
