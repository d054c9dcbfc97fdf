//! URL identity: one article, one URL, however it was linked.
//!
//! Feeds, sitemaps, share buttons and AMP pages point at one article with many URLs. The
//! canonical form keeps what can change the page and drops what cannot:
//! - the scheme and host in lower case (the `url` crate also drops a default port and
//!   normalises percent-encoding and `..` segments), no fragment, no user name or password;
//! - no tracking parameters (`utm_*` and the others below, in any letter case);
//! - the remaining query parameters sorted, so their order does not matter;
//! - AMP turned back into the article: Google's AMP cache and viewer URLs
//!   (`*.cdn.ampproject.org/c/s/host/path`, `google.com/amp/s/host/path`) become the page
//!   they serve, a path segment `amp` goes, `.amp.html` becomes `.html`, and `amp`,
//!   `outputType=amp` parameters go.
//!
//! A page's `<link rel=canonical>`, read by extraction, wins over all of this when the page
//! is fetched (see `prepare`). Canonicalising a canonical URL gives it back unchanged.

/// Query parameters that only track the reader and never change the article.
const TRACKING_PARAMETERS: &[&str] = &[
    "gclid",
    "gclsrc",
    "dclid",
    "fbclid",
    "msclkid",
    "yclid",
    "igshid",
    "twclid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "ocid",
    "cmpid",
    "cmp",
    "ref",
    "ref_src",
    "ref_url",
    "referrer",
    "smid",
    "smtyp",
    "sr_share",
    "share",
    "xtor",
    "ito",
    "at_medium",
    "at_campaign",
    "at_custom1",
    "at_custom2",
    "at_custom3",
    "at_custom4",
    "ns_mchannel",
    "ns_source",
    "ns_campaign",
    "ns_linkname",
    "ns_fee",
    "wt.mc_id",
    "wt_mc",
    "taid",
    "ncid",
    "spm",
    "guccounter",
    "guce_referrer",
    "guce_referrer_sig",
    "__twitter_impression",
    "amp",
    "outputtype",
];

fn is_tracking(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_")
        || lower.starts_with("pk_")
        || TRACKING_PARAMETERS.contains(&lower.as_str())
}

/// The canonical form of an article URL, or `None` when `raw` is not an http(s) URL.
pub fn canonical_url(raw: &str) -> Option<String> {
    let mut url = url::Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    if let Some(served) = amp_cache_target(&url) {
        url = served;
    }
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    // Path: AMP segments and `.amp.html`.
    if let Some(segments) = url.path_segments() {
        let segments: Vec<String> = segments.map(str::to_string).collect();
        let kept: Vec<String> = segments
            .iter()
            .filter(|s| !s.eq_ignore_ascii_case("amp"))
            .map(|s| match s.strip_suffix(".amp.html") {
                Some(stem) => format!("{stem}.html"),
                None => s.clone(),
            })
            .collect();
        if kept != segments {
            let mut path = kept.join("/");
            if kept.is_empty() {
                path.clear();
            }
            url.set_path(&format!("/{path}"));
        }
    }
    let mut kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.is_empty() && !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        kept.sort();
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

/// Whether a page fetched from `given` that declares `declared` as its canonical URL is to be
/// stored under the declared one: only on the same site (by registrable domain, after AMP
/// caches are undone) and never when it names the site's home page, as misconfigured sites
/// do for every article (which would make all their articles one).
pub fn declared_canonical_applies(given: &str, declared: &str) -> bool {
    let (Some(given), Some(declared)) = (canonical_url(given), canonical_url(declared)) else {
        return false;
    };
    let (Ok(given), Ok(declared)) = (url::Url::parse(&given), url::Url::parse(&declared)) else {
        return false;
    };
    let site = |u: &url::Url| {
        u.host_str()
            .map(|h| psl::domain_str(h).unwrap_or(h).to_ascii_lowercase())
    };
    let home = declared.path().trim_matches('/').is_empty() && declared.query().is_none();
    site(&given).is_some() && site(&given) == site(&declared) && !home
}

/// The page an AMP cache or viewer URL serves.
fn amp_cache_target(url: &url::Url) -> Option<url::Url> {
    let host = url.host_str()?.to_ascii_lowercase();
    let path = url.path();
    let rest = if host.ends_with(".cdn.ampproject.org") {
        // /c/s/host/path (https) or /c/host/path (http); /v/ and /i/ likewise.
        let rest = path
            .strip_prefix("/c/")
            .or_else(|| path.strip_prefix("/v/"))
            .or_else(|| path.strip_prefix("/i/"))?;
        Some(rest)
    } else if (host == "google.com" || host.starts_with("www.google.")) && path.starts_with("/amp/")
    {
        path.strip_prefix("/amp/")
    } else {
        None
    }?;
    let (scheme, rest) = match rest.strip_prefix("s/") {
        Some(rest) => ("https", rest),
        None => ("http", rest),
    };
    let mut target = url::Url::parse(&format!("{scheme}://{rest}")).ok()?;
    target.set_query(url.query());
    target.host_str()?;
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tracking_fragments_and_order_go() {
        assert_eq!(
            canonical_url("HTTPS://News.Example:443/a/b?utm_source=x&page=2&fbclid=y#top")
                .as_deref(),
            Some("https://news.example/a/b?page=2")
        );
        assert_eq!(
            canonical_url("https://news.example/a?UTM_Medium=m&pk_campaign=z").as_deref(),
            Some("https://news.example/a")
        );
        assert_eq!(
            canonical_url("https://news.example/a?b=2&a=1").as_deref(),
            canonical_url("https://news.example/a?a=1&b=2").as_deref()
        );
        assert_eq!(
            canonical_url("https://user:pw@news.example/a").as_deref(),
            Some("https://news.example/a")
        );
        assert_eq!(canonical_url("mailto:x@example.org"), None);
        assert_eq!(canonical_url("not a url"), None);
        assert_eq!(canonical_url("file:///etc/passwd"), None);
    }

    #[test]
    fn amp_urls_become_the_article() {
        let article = Some("https://www.example.com/news/world-1.html".to_string());
        for amp in [
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/world-1.html",
            "https://www.google.com/amp/s/www.example.com/news/world-1.html",
            "https://www.example.com/news/amp/world-1.html",
            "https://www.example.com/news/world-1.amp.html",
            "https://www.example.com/news/world-1.html?amp=1",
            "https://www.example.com/news/world-1.html?outputType=amp",
            "https://www.example.com/news/world-1.html/amp",
        ] {
            assert_eq!(canonical_url(amp), article, "{amp}");
        }
        // A word merely containing "amp" is not AMP.
        assert_eq!(
            canonical_url("https://example.com/camp/ampere.html").as_deref(),
            Some("https://example.com/camp/ampere.html")
        );
    }

    #[test]
    fn a_declared_canonical_counts_only_on_the_same_site_and_never_as_the_home_page() {
        let given = "https://www.example.com/news/amp/world-1";
        assert!(declared_canonical_applies(
            given,
            "https://example.com/news/world-1"
        ));
        assert!(declared_canonical_applies(
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a",
            "https://www.example.com/a?id=3"
        ));
        assert!(!declared_canonical_applies(
            given,
            "https://www.example.com/"
        ));
        assert!(!declared_canonical_applies(
            given,
            "https://other.example.org/news/world-1"
        ));
        assert!(!declared_canonical_applies(given, "javascript:alert(1)"));
    }

    fn url_strategy() -> impl Strategy<Value = String> {
        let host = prop::sample::select(vec![
            "news.example",
            "WWW.Example.COM",
            "a.b.example.co.uk",
            "127.0.0.1",
            "www-x-com.cdn.ampproject.org",
            "www.google.com",
        ]);
        let segment = "[a-zA-Z0-9._%-]{0,12}";
        let param = prop::sample::select(vec![
            "utm_source",
            "id",
            "page",
            "amp",
            "fbclid",
            "q",
            "Ref",
            "outputType",
            "s",
        ]);
        (
            prop::sample::select(vec!["http", "https", "HTTP"]),
            host,
            prop::collection::vec(segment, 0..5),
            prop::collection::vec((param, "[a-z0-9+&=%]{0,6}"), 0..4),
            prop::option::of("[a-z]{0,5}"),
        )
            .prop_map(|(scheme, host, segments, params, fragment)| {
                let mut url = format!("{scheme}://{host}/{}", segments.join("/"));
                if !params.is_empty() {
                    url.push('?');
                    let pairs: Vec<String> =
                        params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    url.push_str(&pairs.join("&"));
                }
                if let Some(fragment) = fragment {
                    url.push('#');
                    url.push_str(&fragment);
                }
                url
            })
    }

    proptest! {
        #[test]
        fn canonicalising_twice_changes_nothing(url in url_strategy()) {
            if let Some(once) = canonical_url(&url) {
                prop_assert_eq!(canonical_url(&once), Some(once.clone()));
                prop_assert!(!once.contains('#'));
                prop_assert!(!once.to_ascii_lowercase().contains("utm_"));
            }
        }

        #[test]
        fn parameter_order_and_tracking_do_not_matter(
            url in url_strategy(),
            tracking in prop::sample::select(vec!["utm_medium=x", "gclid=1", "fbclid=abc", "_ga=2"]),
        ) {
            let base = url.split('#').next().unwrap_or_default().to_string();
            let joined = if base.contains('?') { format!("{base}&{tracking}") } else { format!("{base}?{tracking}") };
            prop_assert_eq!(canonical_url(&joined), canonical_url(&base));
        }

        #[test]
        fn any_text_is_handled(text in ".{0,80}") {
            let _ = canonical_url(&text);
        }
    }
}
