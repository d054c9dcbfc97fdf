use super::*;

/// (text of the mention, value, kind) for every number in `text`.
fn found(text: &str, language: &str) -> Vec<(String, f64, NumberKind)> {
    numbers(text, Some(language))
        .into_iter()
        .map(|m| (text[m.span.start..m.span.end].to_string(), m.value, m.kind))
        .collect()
}

fn one(text: &str, language: &str) -> (String, f64, NumberKind) {
    let all = found(text, language);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    all.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn value(text: &str, language: &str) -> f64 {
    one(text, language).1
}

#[test]
fn english_cardinals() {
    assert_eq!(value("twenty-one", "en"), 21.0);
    assert_eq!(value("one hundred and five", "en"), 105.0);
    assert_eq!(value("two thousand and twenty-six", "en"), 2026.0);
    assert_eq!(
        value("three million four hundred thousand", "en"),
        3_400_000.0
    );
}

#[test]
fn the_other_languages_cardinals() {
    assert_eq!(value("dos mil trescientos cuarenta", "es"), 2340.0);
    assert_eq!(value("einundzwanzig", "de"), 21.0);
    assert_eq!(value("zweihundertfünfzig", "de"), 250.0);
    assert_eq!(value("quatre-vingt-dix-sept", "fr"), 97.0);
    assert_eq!(value("soixante et onze", "fr"), 71.0);
    assert_eq!(value("vinte e um", "pt"), 21.0);
    assert_eq!(value("mil e quinhentos", "pt"), 1500.0);
    assert_eq!(value("tres millones cuatrocientos mil", "es"), 3_400_000.0);
    assert_eq!(value("setenta millones mil", "es"), 70_001_000.0);
}

#[test]
fn scales_after_digits() {
    assert_eq!(value("1.2 million", "en"), 1_200_000.0);
    assert_eq!(value("3,5 millones", "es"), 3_500_000.0);
    assert_eq!(one("2 Mio. Euro", "de").1, 2_000_000.0);
    assert_eq!(value("1,5 milliard", "fr"), 1_500_000_000.0);
    assert_eq!(value("10k", "en"), 10_000.0);
    assert_eq!(value("dos mil millones", "es"), 2e9);
}

#[test]
fn separators_follow_the_locale() {
    assert_eq!(value("1,234.5", "en"), 1234.5);
    assert_eq!(value("1.234,5", "de"), 1234.5);
    assert_eq!(value("1 234,5", "fr"), 1234.5);
    assert_eq!(value("4.800", "en"), 4.8);
    assert_eq!(value("4.800", "es"), 4800.0);
    assert_eq!(value("4,800", "en"), 4800.0);
    assert_eq!(value("4,8", "pt"), 4.8);
    assert_eq!(value("12,34,567.89", "en"), 1_234_567.89);
    let parts = found("22,24,26 and 192.168.1.2", "en");
    let values: Vec<f64> = parts.iter().map(|p| p.1).collect();
    assert_eq!(values, [22.0, 24.0, 26.0, 192.0, 168.0, 1.0, 2.0]);
}

#[test]
fn fractions() {
    assert_eq!(
        one("half", "en"),
        ("half".into(), 0.5, NumberKind::Fraction)
    );
    assert_eq!(value("three quarters", "en"), 0.75);
    assert!((value("un tiers", "fr") - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(value("1/2", "en"), 0.5);
    assert_eq!(value("2 1/4", "en"), 2.25);
    assert_eq!(value("one and a half", "en"), 1.5);
    assert_eq!(value("3 million and a half", "en"), 3_500_000.0);
    assert_eq!(value("dos tercios", "es"), 2.0 / 3.0);
    assert_eq!(value("zweieinhalb", "de"), 2.5);
    assert_eq!(value("¾", "en"), 0.75);
    assert_eq!(value("one in five", "en"), 0.2);
    assert_eq!(value("un vingt cinquième", "fr"), 0.04);
    assert_eq!(value("one twenty-fifth", "en"), 0.04);
    assert_eq!(found("5/17/2018", "en").len(), 3);
}

#[test]
fn ordinals() {
    let ordinal = |text: &str, language: &str| {
        let (_, value, kind) = one(text, language);
        assert_eq!(kind, NumberKind::Ordinal, "{text}");
        value
    };
    assert_eq!(ordinal("21st", "en"), 21.0);
    assert_eq!(ordinal("twenty-first", "en"), 21.0);
    assert_eq!(ordinal("vigésimo primero", "es"), 21.0);
    assert_eq!(ordinal("am 3. Oktober", "de"), 3.0);
    assert_eq!(ordinal("troisième", "fr"), 3.0);
    assert_eq!(ordinal("einundzwanzigste", "de"), 21.0);
    assert_eq!(ordinal("der erste", "de"), 1.0);
    assert!(found("Er kam erst gestern", "de").is_empty());
    assert_eq!(ordinal("1º", "pt"), 1.0);
    assert_eq!(ordinal("the 2nd", "en"), 2.0);
    assert_eq!(ordinal("la 22e année", "fr"), 22.0);
    assert_eq!(ordinal("vingt et unième", "fr"), 21.0);
}

#[test]
fn percentages_and_signs() {
    let percent = |text: &str, language: &str| {
        let (_, value, kind) = one(text, language);
        assert_eq!(kind, NumberKind::Percent, "{text}");
        value
    };
    assert_eq!(percent("12 percent", "en"), 12.0);
    assert_eq!(percent("12%", "en"), 12.0);
    assert_eq!(percent("doce por ciento", "es"), 12.0);
    assert_eq!(percent("3,5 Prozent", "de"), 3.5);
    assert_eq!(percent("percent of 10", "en"), 10.0);
    let kinds: Vec<(f64, NumberKind)> = found("12 percent of 10 million", "en")
        .into_iter()
        .map(|m| (m.1, m.2))
        .collect();
    assert_eq!(
        kinds,
        [(12.0, NumberKind::Percent), (1e7, NumberKind::Integer)]
    );
    assert_eq!(value("-4", "en"), -4.0);
    assert_eq!(value("minus five", "en"), -5.0);
    assert_eq!(one("au moins 12 morts", "fr").1, 12.0);
    assert_eq!(value("SCP-173", "en"), 173.0);
    assert_eq!(value("- 1 4/5", "en"), -1.8);
    assert_eq!(value("Injured:\n- 5 people", "en"), 5.0);
    let range: Vec<f64> = found("2010 - 2015", "en").iter().map(|m| m.1).collect();
    assert_eq!(range, [2010.0, 2015.0]);
}

#[test]
fn words_that_are_not_numbers() {
    assert!(found("The one you mentioned", "en").is_empty());
    assert!(found("29km and 180ml", "en").is_empty());
    assert!(
        found("a first class seat", "en")
            .iter()
            .all(|m| m.2 == NumberKind::Ordinal)
    );
    assert_eq!(found("between twenty and thirty", "en").len(), 2);
    assert_eq!(found("3 hundred and 2 hundred", "en").len(), 2);
    assert!(found("cientos de personas y millones", "es").is_empty());
    assert!(found("hundreds of people, thousands of homes", "en").is_empty());
    assert_eq!(value("two thousands", "en"), 2000.0);
}

#[test]
fn spans_cover_the_mention() {
    let text = "Casi «doscientos cincuenta» heridos, y 3,5 millones.";
    let all = found(text, "es");
    assert_eq!(all[0].0, "doscientos cincuenta");
    assert_eq!(all[1].0, "3,5 millones");
}

#[test]
fn the_token_reader_stops_at_the_numeral() {
    let text = "unos 4.500 evacuados y doscientos cincuenta heridos";
    let tokens = tokenize(text, Span::new(0, text.len()));
    let langs = Langs::new(Some("es"));
    let numeral = numeral_at(text, &tokens, 1, langs).unwrap_or_else(|| unreachable!());
    assert_eq!((numeral.value, numeral.end), (4500.0, 2));
    let words = numeral_at(text, &tokens, 4, langs).unwrap_or_else(|| unreachable!());
    assert_eq!((words.value, words.end), (250.0, 6));
    assert_eq!(
        &text[words.span.start..words.span.end],
        "doscientos cincuenta"
    );
    assert!(numeral_at(text, &tokens, 2, langs).is_none());
}

/// Numbers written out in words, to check the grammar reads back what a writer would write.
mod render {
    const EN_UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const EN_TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];

    fn english_below_thousand(n: u64, out: &mut Vec<String>) {
        let (hundreds, rest) = (n / 100, n % 100);
        if hundreds > 0 {
            out.push(format!("{} hundred", EN_UNITS[hundreds as usize]));
            if rest > 0 {
                out.push("and".into());
            }
        }
        if rest >= 20 {
            let (tens, units) = (rest / 10, rest % 10);
            if units > 0 {
                out.push(format!(
                    "{}-{}",
                    EN_TENS[tens as usize], EN_UNITS[units as usize]
                ));
            } else {
                out.push(EN_TENS[tens as usize].into());
            }
        } else if rest > 0 {
            out.push(EN_UNITS[rest as usize].into());
        }
    }

    pub fn english(n: u64) -> String {
        if n == 0 {
            return "zero".into();
        }
        let mut out = Vec::new();
        for (scale, name) in [
            (1_000_000_000, "billion"),
            (1_000_000, "million"),
            (1000, "thousand"),
        ] {
            let group = n / scale % 1000;
            if group > 0 {
                english_below_thousand(group, &mut out);
                out.push(name.into());
            }
        }
        english_below_thousand(n % 1000, &mut out);
        out.join(" ")
    }

    const ES_UNITS: [&str; 30] = [
        "cero",
        "uno",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "once",
        "doce",
        "trece",
        "catorce",
        "quince",
        "dieciséis",
        "diecisiete",
        "dieciocho",
        "diecinueve",
        "veinte",
        "veintiuno",
        "veintidós",
        "veintitrés",
        "veinticuatro",
        "veinticinco",
        "veintiséis",
        "veintisiete",
        "veintiocho",
        "veintinueve",
    ];
    const ES_TENS: [&str; 10] = [
        "",
        "",
        "",
        "treinta",
        "cuarenta",
        "cincuenta",
        "sesenta",
        "setenta",
        "ochenta",
        "noventa",
    ];
    const ES_HUNDREDS: [&str; 10] = [
        "",
        "ciento",
        "doscientos",
        "trescientos",
        "cuatrocientos",
        "quinientos",
        "seiscientos",
        "setecientos",
        "ochocientos",
        "novecientos",
    ];

    /// Spanish below a million; `short` drops the final "o" of "uno" before a noun.
    fn spanish_below_million(n: u64, short: bool) -> String {
        let mut out = Vec::new();
        let thousands = n / 1000;
        if thousands == 1 {
            out.push("mil".to_string());
        } else if thousands > 1 {
            out.push(spanish_below_thousand(thousands, true));
            out.push("mil".into());
        }
        if !n.is_multiple_of(1000) {
            out.push(spanish_below_thousand(n % 1000, short));
        }
        out.join(" ")
    }

    fn spanish_below_thousand(n: u64, short: bool) -> String {
        let (hundreds, rest) = (n / 100, n % 100);
        let mut out = Vec::new();
        if n == 100 {
            return "cien".into();
        }
        if hundreds > 0 {
            out.push(ES_HUNDREDS[hundreds as usize].to_string());
        }
        if rest > 0 {
            let mut words = if rest < 30 {
                ES_UNITS[rest as usize].to_string()
            } else if rest % 10 == 0 {
                ES_TENS[(rest / 10) as usize].to_string()
            } else {
                format!(
                    "{} y {}",
                    ES_TENS[(rest / 10) as usize],
                    ES_UNITS[(rest % 10) as usize]
                )
            };
            if short && words.ends_with("uno") {
                words.truncate(words.len() - 1);
                if words == "veintiun" {
                    words = "veintiún".into();
                }
            }
            out.push(words);
        }
        out.join(" ")
    }

    pub fn spanish(n: u64) -> String {
        if n == 0 {
            return "cero".into();
        }
        let millions = n / 1_000_000;
        let mut out = Vec::new();
        if millions == 1 {
            out.push("un millón".to_string());
        } else if millions > 1 {
            out.push(format!(
                "{} millones",
                spanish_below_million(millions, true)
            ));
        }
        if !n.is_multiple_of(1_000_000) {
            out.push(spanish_below_million(n % 1_000_000, false));
        }
        out.join(" ")
    }

    const DE_UNITS: [&str; 20] = [
        "null",
        "ein",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
        "acht",
        "neun",
        "zehn",
        "elf",
        "zwölf",
        "dreizehn",
        "vierzehn",
        "fünfzehn",
        "sechzehn",
        "siebzehn",
        "achtzehn",
        "neunzehn",
    ];
    const DE_TENS: [&str; 10] = [
        "", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
        "neunzig",
    ];

    fn german_below_thousand(n: u64) -> String {
        let (hundreds, rest) = (n / 100, n % 100);
        let mut out = String::new();
        if hundreds > 0 {
            out.push_str(DE_UNITS[hundreds as usize]);
            out.push_str("hundert");
        }
        if rest >= 20 {
            if rest % 10 > 0 {
                out.push_str(DE_UNITS[(rest % 10) as usize]);
                out.push_str("und");
            }
            out.push_str(DE_TENS[(rest / 10) as usize]);
        } else if rest > 0 {
            out.push_str(DE_UNITS[rest as usize]);
        }
        out
    }

    pub fn german(n: u64) -> String {
        if n == 0 {
            return "null".into();
        }
        let mut out = Vec::new();
        for (scale, one, many) in [
            (1_000_000_000, "eine Milliarde", "Milliarden"),
            (1_000_000, "eine Million", "Millionen"),
        ] {
            let group = n / scale % 1000;
            if group == 1 {
                out.push(one.to_string());
            } else if group > 1 {
                out.push(format!("{} {many}", german_below_thousand(group)));
            }
        }
        let mut rest = String::new();
        let thousands = n / 1000 % 1000;
        if thousands > 0 {
            rest.push_str(&german_below_thousand(thousands));
            rest.push_str("tausend");
        }
        let below = n % 1000;
        if below == 1 {
            rest.push_str("eins");
        } else if below > 0 {
            rest.push_str(&german_below_thousand(below));
        }
        if !rest.is_empty() {
            out.push(rest);
        }
        out.join(" ")
    }

    const FR_UNITS: [&str; 20] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
        "dix-neuf",
    ];
    const FR_TENS: [&str; 7] = [
        "",
        "",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
    ];

    fn french_below_hundred(n: u64) -> String {
        let n = n as usize;
        match n {
            0..=19 => FR_UNITS[n].to_string(),
            20..=69 => match n % 10 {
                0 => FR_TENS[n / 10].to_string(),
                1 => format!("{} et un", FR_TENS[n / 10]),
                u => format!("{}-{}", FR_TENS[n / 10], FR_UNITS[u]),
            },
            70..=79 if n == 71 => "soixante et onze".to_string(),
            70..=79 => format!("soixante-{}", FR_UNITS[n - 60]),
            80 => "quatre-vingts".to_string(),
            _ => format!("quatre-vingt-{}", FR_UNITS[n - 80]),
        }
    }

    fn french_below_thousand(n: u64) -> String {
        let (hundreds, rest) = (n / 100, n % 100);
        let mut out = Vec::new();
        if hundreds == 1 {
            out.push("cent".to_string());
        } else if hundreds > 1 {
            let s = if rest == 0 { "s" } else { "" };
            out.push(format!("{} cent{s}", FR_UNITS[hundreds as usize]));
        }
        if rest > 0 {
            out.push(french_below_hundred(rest));
        }
        out.join(" ")
    }

    pub fn french(n: u64) -> String {
        if n == 0 {
            return "zéro".into();
        }
        let mut out = Vec::new();
        for (scale, name) in [(1_000_000_000, "milliard"), (1_000_000, "million")] {
            let group = n / scale % 1000;
            if group > 0 {
                let s = if group > 1 { "s" } else { "" };
                out.push(format!("{} {name}{s}", french_below_thousand(group)));
            }
        }
        let thousands = n / 1000 % 1000;
        if thousands == 1 {
            out.push("mille".into());
        } else if thousands > 1 {
            out.push(format!("{} mille", french_below_thousand(thousands)));
        }
        if !n.is_multiple_of(1000) {
            out.push(french_below_thousand(n % 1000));
        }
        out.join(" ")
    }

    const PT_UNITS: [&str; 20] = [
        "zero",
        "um",
        "dois",
        "três",
        "quatro",
        "cinco",
        "seis",
        "sete",
        "oito",
        "nove",
        "dez",
        "onze",
        "doze",
        "treze",
        "catorze",
        "quinze",
        "dezesseis",
        "dezessete",
        "dezoito",
        "dezenove",
    ];
    const PT_TENS: [&str; 10] = [
        "",
        "",
        "vinte",
        "trinta",
        "quarenta",
        "cinquenta",
        "sessenta",
        "setenta",
        "oitenta",
        "noventa",
    ];
    const PT_HUNDREDS: [&str; 10] = [
        "",
        "cento",
        "duzentos",
        "trezentos",
        "quatrocentos",
        "quinhentos",
        "seiscentos",
        "setecentos",
        "oitocentos",
        "novecentos",
    ];

    fn portuguese_below_thousand(n: u64) -> String {
        if n == 100 {
            return "cem".into();
        }
        let (hundreds, rest) = (n / 100, n % 100);
        let mut out = Vec::new();
        if hundreds > 0 {
            out.push(PT_HUNDREDS[hundreds as usize].to_string());
        }
        if rest >= 20 {
            out.push(PT_TENS[(rest / 10) as usize].to_string());
            if rest % 10 > 0 {
                out.push(PT_UNITS[(rest % 10) as usize].to_string());
            }
        } else if rest > 0 {
            out.push(PT_UNITS[rest as usize].to_string());
        }
        out.join(" e ")
    }

    pub fn portuguese(n: u64) -> String {
        if n == 0 {
            return "zero".into();
        }
        let mut groups = Vec::new();
        for (scale, one, many) in [
            (1_000_000_000, "um bilhão", "bilhões"),
            (1_000_000, "um milhão", "milhões"),
            (1000, "mil", "mil"),
        ] {
            let group = n / scale % 1000;
            if group == 1 {
                groups.push(one.to_string());
            } else if group > 1 {
                groups.push(format!("{} {many}", portuguese_below_thousand(group)));
            }
        }
        let rest = n % 1000;
        let mut out = groups.join(" ");
        if rest > 0 {
            if !out.is_empty() {
                // "mil e quinhentos", "mil quinhentos e trinta".
                out.push_str(if rest < 100 || rest.is_multiple_of(100) {
                    " e "
                } else {
                    " "
                });
            }
            out.push_str(&portuguese_below_thousand(rest));
        }
        out
    }
}

/// `n` in digits with the thousands separator `group` and, for the given hundredths, the
/// decimal mark `mark`.
fn with_separators(n: u64, hundredths: Option<u64>, group: &str, mark: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    if let Some(h) = hundredths {
        out.push_str(&format!("{mark}{h:02}"));
    }
    out
}

fn whole(text: &str, language: &str) -> Option<f64> {
    match numbers(text, Some(language)).as_slice() {
        [m] if m.span == Span::new(0, text.len()) => Some(m.value),
        _ => None,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    #[test]
    fn words_read_back_in_every_language(n in 0u64..1_000_000_000_000) {
        let expected = Some(n as f64);
        let english = render::english(n);
        proptest::prop_assert_eq!(whole(&english, "en"), expected, "{}", english);
        let spanish = render::spanish(n);
        proptest::prop_assert_eq!(whole(&spanish, "es"), expected, "{}", spanish);
        let german = render::german(n);
        proptest::prop_assert_eq!(whole(&german, "de"), expected, "{}", german);
        let french = render::french(n);
        proptest::prop_assert_eq!(whole(&french, "fr"), expected, "{}", french);
        let portuguese = render::portuguese(n);
        proptest::prop_assert_eq!(whole(&portuguese, "pt"), expected, "{}", portuguese);
    }

    #[test]
    fn small_numbers_read_back(n in 0u64..2000) {
        let expected = Some(n as f64);
        for (text, language) in [
            (render::english(n), "en"),
            (render::spanish(n), "es"),
            (render::german(n), "de"),
            (render::french(n), "fr"),
            (render::portuguese(n), "pt"),
        ] {
            proptest::prop_assert_eq!(whole(&text, language), expected, "{}", text);
        }
    }

    #[test]
    fn digits_with_locale_separators_read_back(
        n in 0u64..1_000_000_000_000,
        hundredths in proptest::option::of(0u64..100),
    ) {
        let expected = n as f64 + hundredths.map_or(0.0, |h| h as f64 / 100.0);
        let close = |found: Option<f64>| found.is_some_and(|v| (v - expected).abs() < 1e-6);
        for (language, group, mark) in [
            ("en", ",", "."),
            ("es", ".", ","),
            ("de", ".", ","),
            ("pt", ".", ","),
            ("fr", "\u{202f}", ","),
            ("fr", " ", ","),
        ] {
            let text = with_separators(n, hundredths, group, mark);
            proptest::prop_assert!(close(whole(&text, language)), "{} {}", language, text);
        }
    }

    #[test]
    fn spans_lie_on_char_boundaries(
        text in "[a-zA-Z0-9 ,.%/^+\\-éüß½º’'\n]{0,60}|.{0,40}",
        language in proptest::sample::select(vec!["en", "es", "de", "fr", "pt", "xx"]),
    ) {
        check(&text, Some(language));
        check(&text, None);
    }

    #[test]
    fn number_word_salad_keeps_the_invariants(
        words in proptest::collection::vec(proptest::sample::select(vec![
            "one", "twenty", "hundred", "and", "a", "half", "thousand", "million", "point",
            "fifths", "minus", "-", "1", "2,5", "1.000", "/", "%", "k", "e", "^", "y", "mil",
            "millones", "medio", "et", "vingt", "quatre", "cent", "und", "zwei", "hundert",
            "einundzwanzig", "e", "meia", "por", "ciento", "over", "of", "st", ".", "½",
        ]), 0..24),
        joiner in proptest::sample::select(vec![" ", "", "-", "  "]),
        language in proptest::sample::select(vec!["en", "es", "de", "fr", "pt"]),
    ) {
        let text = words.join(joiner);
        check(&text, Some(language));
    }
}

fn check(text: &str, language: Option<&str>) {
    check_mentions(text, language);
}

#[test]
fn hostile_inputs_keep_the_invariants() {
    let nines = "9".repeat(500);
    let inputs = [
        String::new(),
        nines.clone(),
        format!("{nines}.{nines} million"),
        format!("1,{}000", "000,".repeat(300)),
        format!("1.1^{nines}"),
        format!("{nines}e{nines}"),
        "one ".repeat(2000),
        "thousand million ".repeat(500),
        "and a half ".repeat(500),
        "twenty-".repeat(500),
        "zweihundert".repeat(40),
        "一二三四五 ١٢٣ ½½½ 1/0 0/0 -0 −5".to_string(),
        "e\u{301}\u{301}\u{301}1\u{301}2".to_string(),
    ];
    for input in &inputs {
        check_numbers(input.as_bytes());
    }
}

#[test]
fn long_inputs_take_linear_time() {
    let sentence =
        "Some 4.500 people, twenty-one trillion and three hundred, y tres millones y medio. ";
    let short = sentence.repeat(200);
    let long = sentence.repeat(2000);
    let time = |text: &str| {
        let start = std::time::Instant::now();
        let found = numbers(text, Some("es")).len();
        (start.elapsed(), found)
    };
    let (short_time, short_found) = time(&short);
    let (long_time, long_found) = time(&long);
    assert_eq!(long_found, 10 * short_found);
    assert!(long_time < short_time * 40 + std::time::Duration::from_millis(50));
}

#[test]
fn joining_words_inside_and_between_numbers() {
    // "y" joins the parts of one numerator; "con" starts the fraction of a mixed number.
    assert_eq!(value("ciento treinta y dos quintos", "es"), 26.4);
    assert_eq!(value("veinte con tres quintos", "es"), 20.6);
    assert_eq!(value("cinco y medio", "es"), 5.5);
    assert_eq!(value("twenty and three fifths", "en"), 20.6);
    assert_eq!(value("siete con cincuenta", "es"), 7.5);
    assert_eq!(value("tres dosmilésimos", "es"), 0.0015);
    assert_eq!(value("três dois milésimos", "pt"), 0.0015);
    assert_eq!(value("décimo octavo", "es"), 18.0);
}

#[test]
fn digits_inside_text_without_spaces() {
    let all = found("共有12人死亡，3.5万人撤离", "en");
    let values: Vec<f64> = all.iter().map(|m| m.1).collect();
    assert_eq!(values, [12.0, 3.5]);
    assert_eq!(all[0].0, "12");
    assert!(found("A380 and G7", "en").is_empty());
}

#[test]
fn web_addresses_hold_no_numbers() {
    assert!(found("see https://example.com/a?q=30%25%2020 now", "en").is_empty());
    let percent = one("uno sobre tres por ciento", "es");
    assert_eq!(percent.2, NumberKind::Percent);
    assert!((percent.1 - 1.0 / 3.0).abs() < 1e-12);
}
