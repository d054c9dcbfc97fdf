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

/// The ISO 639-1 code of every language whatlang knows (each has one).
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Afr => "af",
        Lang::Aka => "ak",
        Lang::Amh => "am",
        Lang::Ara => "ar",
        Lang::Aze => "az",
        Lang::Bel => "be",
        Lang::Ben => "bn",
        Lang::Bul => "bg",
        Lang::Cat => "ca",
        Lang::Ces => "cs",
        Lang::Cmn => "zh",
        Lang::Cym => "cy",
        Lang::Dan => "da",
        Lang::Deu => "de",
        Lang::Ell => "el",
        Lang::Eng => "en",
        Lang::Epo => "eo",
        Lang::Est => "et",
        Lang::Fin => "fi",
        Lang::Fra => "fr",
        Lang::Guj => "gu",
        Lang::Heb => "he",
        Lang::Hin => "hi",
        Lang::Hrv => "hr",
        Lang::Hun => "hu",
        Lang::Hye => "hy",
        Lang::Ind => "id",
        Lang::Ita => "it",
        Lang::Jav => "jv",
        Lang::Jpn => "ja",
        Lang::Kan => "kn",
        Lang::Kat => "ka",
        Lang::Khm => "km",
        Lang::Kor => "ko",
        Lang::Lat => "la",
        Lang::Lav => "lv",
        Lang::Lit => "lt",
        Lang::Mal => "ml",
        Lang::Mar => "mr",
        Lang::Mkd => "mk",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Nld => "nl",
        Lang::Nob => "no",
        Lang::Ori => "or",
        Lang::Pan => "pa",
        Lang::Pes => "fa",
        Lang::Pol => "pl",
        Lang::Por => "pt",
        Lang::Ron => "ro",
        Lang::Rus => "ru",
        Lang::Sin => "si",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Sna => "sn",
        Lang::Spa => "es",
        Lang::Srp => "sr",
        Lang::Swe => "sv",
        Lang::Tam => "ta",
        Lang::Tel => "te",
        Lang::Tgl => "tl",
        Lang::Tha => "th",
        Lang::Tuk => "tk",
        Lang::Tur => "tr",
        Lang::Ukr => "uk",
        Lang::Urd => "ur",
        Lang::Uzb => "uz",
        Lang::Vie => "vi",
        Lang::Yid => "yi",
        Lang::Zul => "zu",
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
