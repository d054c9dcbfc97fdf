//! Hostile and random inputs: the extractors never panic, every span they return indexes the
//! text on char boundaries, intervals stay ordered, and the running time stays linear-ish.

use claims::{dates, entities, extract_claims, quantities, quotes};

fn published() -> Option<jiff::Timestamp> {
    "2026-03-02T07:30:00Z".parse().ok()
}

/// Runs every extractor on `text` and checks the invariants of their output.
fn check_invariants(text: &str) {
    for language in [None, Some("en"), Some("es"), Some("de")] {
        for published in [published(), None] {
            let claims = extract_claims(text, published, language).value;
            for q in &claims.quantities {
                assert_eq!(q.span.slice(text), Some(q.text.as_str()), "{text:?}");
                assert!(q.sentence.slice(text).is_some() && q.sentence.contains(q.span));
                assert!(q.value.is_finite());
                assert!(!q.measure.is_empty());
                if let (Some(low), Some(high)) = (q.low, q.high) {
                    assert!(low <= high, "{q:?}");
                }
                assert!(q.as_of.is_none() || published.is_some());
            }
            for d in &claims.dates {
                assert_eq!(d.span.slice(text), Some(d.text.as_str()));
                assert!(d.sentence.contains(d.span));
            }
            check_times(text, &claims.times);
            for e in &claims.entities {
                assert_eq!(e.span.slice(text), Some(e.text.as_str()), "{text:?}");
                assert!(e.sentence.contains(e.span));
                assert!(!e.name.is_empty());
            }
            for q in &claims.quotes {
                assert!(q.span.slice(text).is_some());
                assert!(q.sentence.slice(text).is_some() && q.sentence.contains(q.span));
                if let Some(span) = q.speaker_span {
                    assert!(span.slice(text).is_some());
                }
            }
        }
    }
    // The parts alone agree with the whole.
    let whole = extract_claims(text, published(), None).value;
    assert_eq!(quantities(text, published(), None).value, whole.quantities);
    assert_eq!(dates(text, published(), None).value, whole.dates);
    assert_eq!(quotes(text, published(), None).value, whole.quotes);
    assert_eq!(entities(text, None).value, whole.entities);
}

/// Temporal expressions index the text, lie in their sentence, follow each other without
/// overlapping, and carry a TIMEX3-shaped value and a known modifier.
fn check_times(text: &str, times: &[model::Timex]) {
    let mut last_end = 0;
    for t in times {
        assert_eq!(t.span.slice(text), Some(t.text.as_str()), "{text:?}");
        assert!(t.sentence.contains(t.span));
        assert!(
            t.span.start >= last_end,
            "overlapping expressions in {text:?}"
        );
        last_end = t.span.end;
        assert!(!t.value.is_empty());
        assert!(
            t.value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '_')),
            "{t:?}"
        );
        if let Some(m) = &t.modifier {
            assert!(m.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{m}");
        }
    }
}

#[test]
fn hostile_inputs_do_not_panic() {
    let nines = "9".repeat(500);
    let inputs = [
        String::new(),
        " \n\n \n\n\n\n ".to_string(),
        "\0\0\u{1}\u{7f}".to_string(),
        "“He said".to_string(),
        "\"a \"b \"c \" d\"".to_string(),
        "«««»»»„“”‘’‘’—".to_string(),
        "— —dijo— —\n\n—\n\n—Nunca".to_string(),
        "“Open at the end of a paragraph\n\n“and again\n\n“and never closed".to_string(),
        format!("{nines} people died and {nines}.{nines} were hurt, about ${nines}m."),
        format!(
            "1,{}000 dead, 0.{} missing",
            "000,".repeat(200),
            "0".repeat(400)
        ),
        "The vote on February 30 and on February 30, 2026 and on March 32.".to_string(),
        "It happened in the year 99999 on March 3, 99999 and on 99999-99-99 and 2026-02-30."
            .to_string(),
        "e\u{301}\u{301}\u{301} 12 perso\u{301}nas murieron «dijo»".to_string(),
        "Ελλάδα 12 ανθρώπους — שלום 5 said עברית «Dijo» 🎉🎉 3 🎉 dead".to_string(),
        "Gov. Dr. Mr. A. B. C. said: “x y z.”".to_string(),
        "said, said, said: “said,” said said said.".to_string(),
        "Between 1 and between 2 and at least at least 3 to 2 to 1".to_string(),
        "12:30 p.m. 5pm 1st 2nd 3rd 4th 10% 5 per cent 5 km 9-kilometre 44-year-old".to_string(),
        "The toll rose from 12 to 19 to 25, down from 30, up from 1.".to_string(),
        "Monday Tuesday Wednesday last next this lunes pasado próximo que viene".to_string(),
        "tomorrow yesterday today last night mañana ayer hoy anoche esta mañana".to_string(),
        "Feb 30, 2/30/2019, 99/99/99, 9999-99-99, 31.02.2024., 0/0, 1/0/0000".to_string(),
        format!("{} years ago and {} days later", nines, nines),
        "nineteen zero zero zero, the year two thousand and ninety nine, '99s, 99999s".to_string(),
        "the first Monday of Smarch, the 99th of next month, the fifth Friday of February"
            .to_string(),
        "late early mid more than about at least the the the past past past".to_string(),
    ];
    for input in &inputs {
        check_invariants(input);
    }
}

/// Pathological repetitions finish (a quadratic blow-up would hang CI) and keep the span
/// invariants. Their speed is measured by the benchmarks, not asserted here.
#[test]
fn repeated_patterns_finish_with_valid_spans() {
    let big = [
        "\"".repeat(10_000),
        "“".repeat(10_000),
        "”“".repeat(10_000),
        "“a” ".repeat(10_000),
        "\"a\" said Varga. ".repeat(2_000),
        "a".repeat(200_000),
        "Varga".repeat(40_000),
        "1".repeat(100_000),
        "1.".repeat(50_000),
        "Dr. ".repeat(10_000),
        "A. ".repeat(10_000),
        "Governor ".repeat(10_000),
        "said ".repeat(20_000),
        "Tuesday ".repeat(20_000),
        "12 people Tuesday ".repeat(5_000),
        "at least ".repeat(10_000) + "12 dead",
        "between 1 and ".repeat(5_000),
        "dozens of ".repeat(10_000),
        "He said. ".repeat(10_000),
        "Tomas Reyes, head of the agency, said that ".repeat(2_000),
        "de la ".repeat(10_000),
        "‘a b c d e f ".repeat(5_000),
        "—a —b ".repeat(5_000),
        "12, 13, 14, 15 and ".repeat(5_000),
        "1 ".to_string() + &"- ".repeat(50_000) + "km",
        "5 ".to_string() + &"( ".repeat(50_000),
        "½".repeat(20_000),
        "1/2/".repeat(20_000),
        "$ ".repeat(20_000) + "5",
        "5 MUSD ".repeat(10_000),
        "5 dollars 50 ".repeat(10_000),
        "1 ".to_string() + &"000 ".repeat(20_000),
        "-5 degrees ".repeat(10_000),
        "half a quarter ".repeat(10_000),
        "$ 45 a share per day ".repeat(5_000),
        "one ".repeat(20_000),
        "twenty-one hundred and ".repeat(10_000),
        "1,".to_string() + &" 000,".repeat(20_000),
        "five six-mile ".repeat(10_000),
        "USD115.5 ".repeat(10_000),
    ];
    for input in &big {
        let claims = extract_claims(input, published(), None);
        for q in &claims.value.quantities {
            assert_eq!(q.span.slice(input), Some(q.text.as_str()));
        }
    }
}

/// How many random strings `random_strings_keep_the_invariants` tries.
const FUZZ_ROUNDS: usize = 400;

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn random_strings_keep_the_invariants() {
    const PIECES: &[&str] = &[
        " ",
        " ",
        " ",
        "\n\n",
        ".",
        ",",
        ":",
        ";",
        "-",
        "–",
        "—",
        "“",
        "”",
        "\"",
        "«",
        "»",
        "„",
        "‘",
        "’",
        "'",
        "(",
        ")",
        "%",
        "$",
        "€",
        "12",
        "2,000",
        "4.500",
        "3,5",
        "1900",
        "2026",
        "7",
        ":",
        "30",
        "99999",
        "0",
        "at least",
        "more than",
        "about",
        "nearly",
        "up to",
        "between",
        "and",
        "to",
        "al menos",
        "unos",
        "más de",
        "entre",
        "y",
        "dozens",
        "miles",
        "people",
        "dead",
        "died",
        "missing",
        "homes",
        "personas",
        "muertos",
        "evacuados",
        "said",
        "dijo",
        "told",
        "according to",
        "según",
        "Governor",
        "Gov.",
        "Helena",
        "Varga",
        "Tomas",
        "Reyes",
        "la gobernadora",
        "the governor",
        "she",
        "he",
        "ella",
        "Monday",
        "Tuesday",
        "domingo",
        "el martes",
        "yesterday",
        "ayer",
        "mañana",
        "March",
        "3",
        "de",
        "marzo",
        "February",
        "30",
        "last",
        "next",
        "will",
        "se celebrará",
        "p.m.",
        "1st",
        "twelve",
        "veintisiete",
        "a dozen",
        "million",
        "millones",
        "km",
        "é",
        "ñ",
        "🎉",
        "\u{301}",
        "ß",
        "İ",
        "toll",
        "death toll",
        "rose",
        "as of",
        "by",
        "on",
        "Dr.",
        "A.",
        "who",
        "that",
        "que",
    ];
    let mut rng = Lcg(0x5eed);
    for _ in 0..FUZZ_ROUNDS {
        let length = rng.next() % 120;
        let text: String = (0..length)
            .map(|_| PIECES[rng.next() % PIECES.len()])
            .collect();
        check_invariants(&text);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Words and marks that temporal expressions are made of, to build dense random text.
    const PIECES: &[&str] = &[
        "the",
        "last",
        "next",
        "this",
        "Friday",
        "March",
        "3",
        "1998",
        "12",
        "/",
        "-",
        ".",
        ",",
        "'",
        "year",
        "years",
        "ago",
        "earlier",
        "week",
        "quarter",
        "third",
        "two",
        "twenty",
        "first",
        "of",
        "on",
        "p.m.",
        "10:30",
        "noon",
        "daily",
        "every",
        "late",
        "more than",
        "hace",
        "el",
        "de",
        "mayo",
        "pasado",
        "letzte",
        "Woche",
        "7.",
        "août",
        "semaine",
        "dernière",
        "há",
        "dois",
        "anos",
        "1er",
        "ro",
        "mid",
        "'90s",
        "1990s",
        "fiscal",
        "tomorrow",
        "yesterday",
        "now",
        "\n\n",
        "é",
        "日本",
        "2/29",
        "Feb",
        "29",
    ];

    fn soup() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (0..PIECES.len(), prop::bool::ANY).prop_map(|(i, space)| {
                let piece = PIECES[i];
                if space {
                    format!("{piece} ")
                } else {
                    piece.to_string()
                }
            }),
            0..40,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn timexes_keep_their_invariants(text in soup(), lang in 0..6usize) {
            let language = [None, Some("en"), Some("es"), Some("de"), Some("fr"), Some("pt")][lang];
            let day = jiff::civil::date(2026, 3, 4);
            let times = claims::timexes(&text, Some(day), language);
            check_times(&text, &times);
            // The same input gives the same output.
            prop_assert_eq!(&times, &claims::timexes(&text, Some(day), language));
            check_times(&text, &claims::timexes(&text, None, language));
        }

        #[test]
        fn written_dates_come_back(y in 1900i16..2100, m in 1i8..=12, d in 1i8..=28) {
            let date = jiff::civil::date(y, m, d);
            let value = date.to_string();
            let names = [
                ("en", ["January", "February", "March", "April", "May", "June", "July",
                    "August", "September", "October", "November", "December"]),
                ("es", ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                    "agosto", "septiembre", "octubre", "noviembre", "diciembre"]),
                ("de", ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                    "September", "Oktober", "November", "Dezember"]),
                ("fr", ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                    "août", "septembre", "octobre", "novembre", "décembre"]),
                ("pt", ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
                    "agosto", "setembro", "outubro", "novembro", "dezembro"]),
            ];
            for (code, months) in names {
                let month = months[(m - 1) as usize];
                let text = match code {
                    "en" => format!("It happened on {month} {d}, {y}."),
                    "es" | "pt" => format!("Ocurrió el {d} de {month} de {y}."),
                    "de" => format!("Es geschah am {d}. {month} {y}."),
                    _ => format!("C'est arrivé le {d} {month} {y}."),
                };
                let times = claims::timexes(&text, Some(jiff::civil::date(2026, 3, 4)), Some(code));
                prop_assert!(
                    times.iter().any(|t| t.value == value),
                    "{} gave {:?}", text, times
                );
                // Numeric dates in the language's order.
                let numeric = if code == "en" {
                    format!("On {m}/{d}/{y} it happened.")
                } else {
                    format!("Am {d}.{m}.{y} geschah es.")
                };
                let times = claims::timexes(&numeric, None, Some(code));
                prop_assert!(times.iter().any(|t| t.value == value), "{} gave {:?}", numeric, times);
            }
        }
    }
}

/// Pieces that reach the figure rules: numbers in every format, units, currencies, hedges,
/// fractions, signs, brackets and text in other scripts.
const FIGURE_PIECES: &[&str] = &[
    "1",
    "12",
    "2,000",
    "4.500",
    "3,5",
    "1/2",
    "10 1/2",
    "½",
    "-",
    "- ",
    "−",
    "(",
    ")",
    "[",
    "]",
    "$",
    "US$",
    "C$",
    "€",
    "£",
    "¥",
    "元",
    "₿",
    "USD",
    "MUSD",
    "USD115",
    ".5",
    "km",
    "km/h",
    "m2",
    "kg",
    "MB",
    "mb",
    "%",
    "°",
    "°C",
    "°F",
    "degrees",
    "fahrenheit",
    "years",
    "old",
    "of age",
    "aged",
    "a",
    "an",
    "per",
    "share",
    "day",
    "earlier",
    "million",
    "bn",
    "M",
    "lakh",
    "half",
    "quarter",
    "quarters",
    "three",
    "twenty-seven",
    "six-mile",
    "one",
    "can",
    "and",
    "cents",
    "pounds",
    "fined",
    "at least",
    "about",
    "more than",
    "up to",
    "between",
    "to",
    "dozens",
    "of",
    "times",
    "people",
    "dead",
    "1998",
    "24703L202",
    "555-1234-5678",
    ".",
    ",",
    ";",
    "\n\n",
    "é",
    "ß",
    "ரூ",
    "🎉",
    "\u{301}",
    "Ελλάδα",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn figures_keep_their_invariants_on_any_text(text in "\\PC{0,80}") {
        claims::check_quantities(&text);
    }

    #[test]
    fn figures_keep_their_invariants_on_figure_like_text(
        pieces in proptest::collection::vec(
            (proptest::sample::select(FIGURE_PIECES), proptest::sample::select(&[" ", "", " ", "  "][..])),
            0..40,
        )
    ) {
        let text: String = pieces.iter().flat_map(|(piece, gap)| [*piece, *gap]).collect();
        claims::check_quantities(&text);
    }
}
