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
    assert_eq!(one("half", "en"), ("half".into(), 0.5, NumberKind::Fraction));
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
    assert_eq!(ordinal("1º", "pt"), 1.0);
    assert_eq!(ordinal("the 2nd", "en"), 2.0);
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
    assert_eq!(value("-4", "en"), -4.0);
    assert_eq!(value("minus five", "en"), -5.0);
    assert_eq!(value("SCP-173", "en"), 173.0);
    let range: Vec<f64> = found("2010 - 2015", "en").iter().map(|m| m.1).collect();
    assert_eq!(range, [2010.0, 2015.0]);
}

#[test]
fn words_that_are_not_numbers() {
    assert!(found("The one you mentioned", "en").is_empty());
    assert!(found("29km and 180ml", "en").is_empty());
    assert!(found("a first class seat", "en").iter().all(|m| m.2 == NumberKind::Ordinal));
    assert_eq!(found("between twenty and thirty", "en").len(), 2);
    assert_eq!(found("3 hundred and 2 hundred", "en").len(), 2);
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
    assert_eq!(&text[words.span.start..words.span.end], "doscientos cincuenta");
    assert!(numeral_at(text, &tokens, 2, langs).is_none());
}
