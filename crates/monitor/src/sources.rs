//! Adding sources: a feed, a sitemap, or a site's home page whose feeds are discovered.

use crate::schedule::ScheduleConfig;
use fetch::{FetchError, Fetcher, Outcome, Want};
use store::watch::{NewSource, SourceKind};

#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: {reason}")]
    NotASource { url: String, reason: String },
    #[error(
        "{url} is a web page with no feed: no <link rel=\"alternate\"> feed, none of the usual feed paths ({tried}), and no Sitemap line in its robots.txt"
    )]
    NoFeedFound { url: String, tried: String },
}

/// The largest feed or sitemap read.
pub const MAX_LISTING_BYTES: usize = 32 * 1024 * 1024;

/// The kind of source a parsed listing is.
pub fn kind_of(listing: &feeds::Listing) -> SourceKind {
    match listing.kind {
        feeds::ListingKind::SitemapIndex
        | feeds::ListingKind::UrlSet
        | feeds::ListingKind::GoogleNewsSitemap => SourceKind::Sitemap,
        _ => SourceKind::Feed,
    }
}

fn new_source(
    url: &str,
    listing: &feeds::Listing,
    site: Option<&str>,
    schedule: &ScheduleConfig,
) -> NewSource {
    NewSource {
        url: url.to_string(),
        kind: kind_of(listing),
        title: listing.title.clone().filter(|t| !t.trim().is_empty()),
        site_url: site.map(str::to_string),
        category: None,
        interval_secs: schedule.initial.as_secs() as i64,
    }
}

/// Fetches `url` and says which sources it stands for: itself when it is a feed or a
/// sitemap; the feeds a home page links to (or, failing that, the usual feed paths, then
/// the sitemaps its robots.txt names).
pub async fn discover(
    fetcher: &Fetcher,
    url: &str,
    schedule: &ScheduleConfig,
) -> Result<Vec<NewSource>, AddError> {
    let parsed =
        url::Url::parse(url.trim()).map_err(|_| FetchError::InvalidUrl(url.to_string()))?;
    let fetched = match fetcher.get(parsed.as_str(), Want::Listing, None).await? {
        Outcome::Fetched(fetched) => fetched,
        Outcome::NotModified { .. } => {
            return Err(AddError::NotASource {
                url: url.to_string(),
                reason: "the server answered 304 to a plain request".into(),
            });
        }
    };
    let base = fetched.final_url.clone();
    if !feeds::looks_like_html(&fetched.body) {
        return match feeds::parse_listing(
            &fetched.body,
            fetched.content_type.as_deref(),
            &base,
            MAX_LISTING_BYTES,
        ) {
            Ok(listing) => Ok(vec![new_source(parsed.as_str(), &listing, None, schedule)]),
            Err(error) => Err(AddError::NotASource {
                url: url.to_string(),
                reason: error.to_string(),
            }),
        };
    }
    let site = base.as_str().to_string();
    let mut found = Vec::new();
    for feed in feeds::discover_feeds(&fetched.body, &base) {
        if let Some(source) = try_listing(fetcher, &feed.url, &site, schedule).await {
            found.push(source);
        }
    }
    if !found.is_empty() {
        return Ok(found);
    }
    let guesses = feeds::common_feed_paths(&base);
    for guess in &guesses {
        if let Some(source) = try_listing(fetcher, guess, &site, schedule).await {
            return Ok(vec![source]);
        }
    }
    for sitemap in fetcher.robots_rules(&base).await.sitemaps() {
        if let Some(source) = try_listing(fetcher, &sitemap, &site, schedule).await {
            found.push(source);
        }
    }
    if found.is_empty() {
        return Err(AddError::NoFeedFound {
            url: url.to_string(),
            tried: guesses
                .iter()
                .map(|g| {
                    url::Url::parse(g)
                        .map(|u| u.path().to_string())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(found)
}

async fn try_listing(
    fetcher: &Fetcher,
    url: &str,
    site: &str,
    schedule: &ScheduleConfig,
) -> Option<NewSource> {
    let Ok(Outcome::Fetched(fetched)) = fetcher.get(url, Want::Listing, None).await else {
        return None;
    };
    if feeds::looks_like_html(&fetched.body) {
        return None;
    }
    let listing = feeds::parse_listing(
        &fetched.body,
        fetched.content_type.as_deref(),
        &fetched.final_url,
        MAX_LISTING_BYTES,
    )
    .ok()?;
    Some(new_source(url, &listing, Some(site), schedule))
}

/// A source from an OPML outline, added without fetching (its first poll checks it).
pub fn from_opml(outline: &feeds::OpmlSource, schedule: &ScheduleConfig) -> Option<NewSource> {
    let url = url::Url::parse(outline.url.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let lower = url.as_str().to_ascii_lowercase();
    Some(NewSource {
        url: url.to_string(),
        kind: if lower.contains("sitemap") {
            SourceKind::Sitemap
        } else {
            SourceKind::Feed
        },
        title: outline.title.clone(),
        site_url: outline.html_url.clone(),
        category: outline.category.clone(),
        interval_secs: schedule.initial.as_secs() as i64,
    })
}
