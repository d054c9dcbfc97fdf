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
