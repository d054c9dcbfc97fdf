//! One raw input document to a stored article with its claims: pure, no I/O.

use crate::input::{Body, RawDoc};
use model::{Article, ArticleClaims, ArticleId, Diagnostic, Outcome};

pub use crate::urls::canonical_url;

fn short_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
}

/// What makes two inputs the same article: the canonical URL, else the caller's id, else a
/// hash of the text.
fn article_key(canonical_url: Option<&str>, id: Option<&str>, text: &str) -> String {
    match (canonical_url, id) {
        (Some(url), _) => format!("url:{url}"),
        (None, Some(id)) => format!("id:{id}"),
        (None, None) => format!("text:{}", short_hash(text)),
    }
}

/// The key `prepare` will give this document, when it can be known without extracting it:
/// lets a re-run skip the work for articles stored before.
pub fn known_key(raw: &RawDoc) -> Option<String> {
    match (&raw.url, &raw.id, &raw.body) {
        (Some(url), _, _) => canonical_url(url).map(|c| article_key(Some(&c), None, "")),
        // A page may name its canonical URL, which would win over the id.
        (None, Some(id), Body::Text(_)) => Some(article_key(None, Some(id), "")),
        _ => None,
    }
}

/// Turns one input document into an article and its claims, or says why it cannot.
pub fn prepare(raw: RawDoc) -> Outcome<Option<(Article, ArticleClaims)>> {
    let mut diagnostics = Vec::new();
    let RawDoc {
        source,
        id,
        url,
        outlet,
        published_at,
        title,
        language,
        content_type,
        body,
    } = raw;
    let (text, page) = match body {
        Body::Html(bytes) => {
            let extracted =
                extract::extract(&bytes, url.as_deref(), content_type.as_deref(), &source);
            diagnostics.extend(extracted.diagnostics);
            let text = extracted.value.text();
            (text, Some(extracted.value))
        }
        Body::Text(text) => (plain_text(&text), None),
    };
    if text.trim().is_empty() {
        if !diagnostics
            .iter()
            .any(|d| d.severity == model::Severity::Error)
        {
            diagnostics.push(Diagnostic::error(&source, "no article text: skipped"));
        }
        return Outcome::with(None, diagnostics);
    }
    let metadata = page.as_ref().map(|p| &p.metadata);
    let declared = metadata.and_then(|m| m.canonical_url.clone());
    let url = match (url, declared) {
        (Some(given), Some(declared))
            if crate::urls::declared_canonical_applies(&given, &declared) =>
        {
            Some(declared)
        }
        (Some(given), _) => Some(given),
        (None, declared) => declared,
    };
    let canonical = url.as_deref().and_then(canonical_url);
    let key = article_key(canonical.as_deref(), id.as_deref(), &text);
    let id = id.unwrap_or_else(|| format!("a-{}", short_hash(&key)));
    let title = title
        .or_else(|| metadata.and_then(|m| m.title.clone()))
        .or_else(|| first_line_title(&text));
    let language = language
        .or_else(|| metadata.and_then(|m| m.language.clone()))
        .or_else(|| text::detect_language(&text));
    let published_at = published_at.or(metadata.and_then(|m| m.published_at));
    let outlet = outlet.or_else(|| metadata.and_then(|m| m.site_name.clone()));
    let article_url = canonical.as_deref().or(url.as_deref());
    let signals = match &page {
        Some(page) => extract::signals::page_signals(page, &text, title.as_deref(), article_url),
        None => extract::signals::text_signals(&text, title.as_deref(), article_url),
    };
    let claims = claims::extract_claims(&text, published_at, language.as_deref());
    diagnostics.extend(claims.diagnostics.into_iter().map(|mut d| {
        d.source = source.clone();
        d
    }));
    let article = Article {
        id: ArticleId(id),
        key,
        url: canonical.or(url),
        outlet,
        title,
        published_at,
        language,
        text,
        origin: source,
        signals,
    };
    Outcome::with(Some((article, claims.value)), diagnostics)
}

/// Plain text to the article text form: paragraphs separated by blank lines; single line
/// breaks inside a paragraph become spaces.
fn plain_text(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in unified.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    text::normalize_whitespace(&paragraphs.join("\n\n"))
}

/// A first paragraph short enough and without a final stop reads as a headline.
fn first_line_title(text: &str) -> Option<String> {
    let first = text.split("\n\n").next()?.trim();
    (first.chars().count() <= 150 && !first.ends_with('.') && text.contains("\n\n"))
        .then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_paragraphs_and_a_title() {
        let raw = RawDoc::new(
            "a.txt".into(),
            Body::Text(
                "Flood in Veska\r\n\r\nThe river rose\nin the night.\n\n\nTwelve died.".into(),
            ),
        );
        let (article, _) = prepare(raw.clone()).value.unwrap();
        assert_eq!(
            article.text,
            "Flood in Veska\n\nThe river rose in the night.\n\nTwelve died."
        );
        assert_eq!(article.title.as_deref(), Some("Flood in Veska"));
        assert!(article.key.starts_with("text:"));
        // The same text is the same article.
        assert_eq!(prepare(raw.clone()).value.unwrap().0.id, article.id);
        assert_eq!(known_key(&raw), None);
        let with_id = RawDoc {
            id: Some("x1".into()),
            ..raw.clone()
        };
        assert_eq!(
            known_key(&with_id),
            Some(prepare(with_id).value.unwrap().0.key)
        );
        let with_url = RawDoc {
            url: Some("https://n.example/a?utm_source=x".into()),
            ..raw
        };
        assert_eq!(
            known_key(&with_url).as_deref(),
            Some("url:https://n.example/a")
        );
        assert_eq!(
            known_key(&with_url),
            Some(prepare(with_url).value.unwrap().0.key)
        );
    }

    #[test]
    fn signals_come_from_pages_and_from_plain_text() {
        let page = RawDoc::new(
            "o.html".into(),
            Body::Html(
                br#"<html><head><title>Veska was warned</title>
                <script type="application/ld+json">{"@type":"OpinionNewsArticle","isAccessibleForFree":false}</script>
                </head><body><article><p>The River Aldmere burst its banks in Veska on Sunday night, flooding two towns, and the province had been warned for years.</p></article></body></html>"#
                    .to_vec(),
            ),
        );
        let (article, _) = prepare(page).value.unwrap();
        assert_eq!(article.signals.kind, model::signals::ArticleKind::Opinion);
        assert!(article.signals.paywall.is_some_and(|p| p.teaser));
        let text = RawDoc {
            title: Some("Flood toll rises".into()),
            url: Some("https://n.example/world/flood".into()),
            ..RawDoc::new(
                "a.jsonl:1".into(),
                Body::Text(
                    "The toll rose to 31 on Friday.\n\nCorrection: An earlier version of this article said 40 people were missing."
                        .into(),
                ),
            )
        };
        let (article, _) = prepare(text).value.unwrap();
        let corrections = &article.signals.corrections;
        assert_eq!(corrections.len(), 1, "{:?}", article.signals);
        let span = corrections[0].evidence.span.unwrap();
        assert!(
            span.slice(&article.text)
                .unwrap()
                .starts_with("Correction: An earlier")
        );
    }

    #[test]
    fn empty_bodies_are_skipped_with_a_reason() {
        let raw = RawDoc::new(
            "e.html".into(),
            Body::Html(b"<html><body><nav>Home</nav></body></html>".to_vec()),
        );
        let outcome = prepare(raw);
        assert!(outcome.value.is_none());
        assert!(
            outcome
                .diagnostics
                .iter()
                .any(|d| d.message.contains("no article text")),
            "{:?}",
            outcome.diagnostics
        );
    }
}
