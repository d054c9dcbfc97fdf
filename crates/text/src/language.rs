use whatlang::Lang;

/// Reduces a language tag such as `en-US`, `es_ES` or `ENG` to a lower-case ISO 639-1 code
/// when one exists; returns `None` for an empty or unusable tag.
pub fn normalize_language_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.len() {
        2 if primary.chars().all(|c| c.is_ascii_alphabetic()) => Some(primary),
        3 => Lang::from_code(&primary).map(iso639_1).map(String::from),
        _ => None,
    }
}

/// Identifies the language of `text` when the evidence is reliable enough; returns an ISO
/// 639-1 code.
pub fn detect_language(text: &str) -> Option<String> {
    // Whatlang is reliable on a few hundred characters; a longer text only costs time.
    let sample = match text.char_indices().nth(2000) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && sample.len() < 200 {
        return None;
    }
    Some(iso639_1(info.lang()).to_string())
}

fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Spa => "es",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Pol => "pl",
        Lang::Ces => "cs",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Ara => "ar",
        Lang::Heb => "he",
        Lang::Hin => "hi",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Ell => "el",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        Lang::Ind => "id",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Pes => "fa",
        Lang::Cat => "ca",
        Lang::Nob => "no",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_normalize() {
        assert_eq!(normalize_language_tag("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_language_tag("es_ES").as_deref(), Some("es"));
        assert_eq!(normalize_language_tag("spa").as_deref(), Some("es"));
        assert_eq!(normalize_language_tag(""), None);
        assert_eq!(normalize_language_tag("x-klingon-1"), None);
    }

    #[test]
    fn detects_english_and_spanish() {
        let en = "The river burst its banks on Sunday night and rescue teams searched the \
                  flooded villages for people who were still missing.";
        let es = "El río se desbordó el domingo por la noche y los equipos de rescate buscaron \
                  a las personas desaparecidas en los pueblos inundados.";
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        assert_eq!(detect_language(es).as_deref(), Some("es"));
        assert_eq!(detect_language(""), None);
    }
}
