//! The pages of a well-behaved news site: robots.txt, the home page, feeds in four formats,
//! sitemaps and articles. Each function is a pure function of the host, the configuration
//! and the time elapsed since the server started.

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Duration;

use jiff::Timestamp;

use crate::prose::{Story, story};
use crate::schedule::{Item, Schedule};
use crate::util::{Rng, escape, hash64};

/// How many articles the gzip-compressed article sitemap lists at most (the newest).
pub(crate) const SITEMAP_ARTICLES: usize = 1_000;

/// A generated page with what conditional GET needs.
pub(crate) struct Page {
    pub(crate) body: Vec<u8>,
    pub(crate) content_type: &'static str,
    /// The newest item's time for feeds and sitemaps, the publication time for an article.
    pub(crate) last_modified: Timestamp,
}

/// One host's site at one moment.
pub(crate) struct Site<'a> {
    pub(crate) host: &'a str,
    /// `http://{host}:{port}`, the prefix of every absolute link.
    pub(crate) base: String,
    pub(crate) schedule: &'a Schedule,
    pub(crate) items_per_feed: usize,
    pub(crate) crawl_delay: Option<u32>,
    pub(crate) article_bytes: usize,
    pub(crate) elapsed: Duration,
    /// The `<ttl>` of the RSS feeds, in minutes.
    pub(crate) ttl_minutes: u64,
    /// Articles of this host changed after publication: `(feed, number)` → (how many times,
    /// when last).
    pub(crate) revisions: std::collections::HashMap<(usize, u64), (u32, Timestamp)>,
}

const ADJECTIVES: &[&str] = &[
    "Evening", "Northern", "Daily", "Western", "Coastal", "Morning", "Valley", "Harbour",
    "Central", "Weekly", "Southern", "Capital",
];
const NOUNS: &[&str] = &[
    "Courier",
    "Herald",
    "Ledger",
    "Gazette",
    "Times",
    "Post",
    "Chronicle",
    "Observer",
    "Tribune",
    "Record",
];
const FEED_NAMES: &[&str] = &[
    "Top stories",
    "World",
    "Business",
    "Politics",
    "Health",
    "Science",
    "Local",
    "Opinion",
];

/// An HTTP-date (IMF-fixdate), as in `Last-Modified` and `Date`.
pub(crate) fn http_date(time: Timestamp) -> String {
    time.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Parses an HTTP-date as sent in `If-Modified-Since`; anything else gives `None`.
pub(crate) fn parse_http_date(text: &str) -> Option<Timestamp> {
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(text.trim())
        .ok()
}

fn rfc2822(time: Timestamp) -> String {
    time.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

fn rfc3339(time: Timestamp) -> String {
    time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Drops the fraction of a second: HTTP dates and feed dates carry whole seconds.
pub(crate) fn whole_seconds(time: Timestamp) -> Timestamp {
    Timestamp::from_second(time.as_second()).unwrap_or(time)
}

impl Site<'_> {
    pub(crate) fn name(&self) -> String {
        let mut rng = Rng::new(hash64(&[b"name", self.host.as_bytes()]));
        format!("The {} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS))
    }

    fn feed_name(feed: usize) -> String {
        let name = FEED_NAMES[feed % FEED_NAMES.len()];
        if feed < FEED_NAMES.len() {
            name.to_string()
        } else {
            format!("{name} {feed}")
        }
    }

    pub(crate) fn article_path(feed: usize, number: u64) -> String {
        format!("/articles/{feed}/{number}.html")
    }

    pub(crate) fn article_url(&self, item: &Item) -> String {
        format!(
            "{}{}",
            self.base,
            Site::article_path(item.feed, item.number)
        )
    }

    /// An id for the article that is unique per host and does not change with the port.
    fn article_id(&self, item: &Item) -> String {
        format!("{}/{}/{}", self.host, item.feed, item.number)
    }

    fn story(&self, feed: usize, number: u64) -> Story {
        let seed = hash64(&[
            b"article",
            self.host.as_bytes(),
            &(feed as u64).to_le_bytes(),
            &number.to_le_bytes(),
        ]);
        story(seed, number)
    }

    fn newest_time(&self, items: &[Item]) -> Timestamp {
        items
            .iter()
            .map(|item| self.updated(item))
            .max()
            .unwrap_or_else(|| self.schedule.now(Duration::ZERO))
    }

    /// When an article last changed: its revision time, else its publication.
    fn updated(&self, item: &Item) -> Timestamp {
        self.revisions
            .get(&(item.feed, item.number))
            .map_or(item.published, |(_, at)| (*at).max(item.published))
    }

    pub(crate) fn robots(&self) -> Page {
        let mut text = String::from("User-agent: *\nDisallow: /private/\n");
        if let Some(delay) = self.crawl_delay {
            let _ = writeln!(text, "Crawl-delay: {delay}");
        }
        let _ = writeln!(text, "Sitemap: {}/sitemap.xml", self.base);
        Page {
            body: text.into_bytes(),
            content_type: "text/plain; charset=utf-8",
            last_modified: self.schedule.now(Duration::ZERO),
        }
    }

    pub(crate) fn home(&self) -> Page {
        let items = self
            .schedule
            .newest_of_host(self.host, self.elapsed, self.items_per_feed);
        let name = escape(&self.name());
        let mut html = String::with_capacity(4096);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{name}</title>\n\
             <link rel=\"alternate\" type=\"application/rss+xml\" title=\"{name}\" href=\"/feeds/0.xml\">\n\
             <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{name} (Atom)\" href=\"/atom.xml\">\n\
             <link rel=\"alternate\" type=\"application/feed+json\" title=\"{name} (JSON)\" href=\"/feed.json\">\n\
             </head>\n<body>\n<header><h1>{name}</h1>\n<nav>"
        );
        for feed in 0..self.schedule.feeds() {
            let _ = write!(
                html,
                "<a href=\"/feeds/{feed}.xml\">{}</a> ",
                escape(&Site::feed_name(feed))
            );
        }
        html.push_str("<a href=\"/private/drafts.html\">Drafts</a></nav></header>\n<main>\n<ul>\n");
        for item in &items {
            let story = self.story(item.feed, item.number);
            let _ = writeln!(
                html,
                "<li><a href=\"{}\">{}</a> <time datetime=\"{}\">{}</time></li>",
                Site::article_path(item.feed, item.number),
                escape(&story.headline),
                rfc3339(item.published),
                rfc2822(item.published),
            );
        }
        let _ = write!(
            html,
            "</ul>\n</main>\n<footer><p>&copy; {name}</p></footer>\n</body>\n</html>\n"
        );
        Page {
            body: html.into_bytes(),
            content_type: "text/html; charset=utf-8",
            last_modified: self.newest_time(&items),
        }
    }

    /// RSS 2.0 feed `feed`, or `None` when the host has no such feed.
    pub(crate) fn rss(&self, feed: usize) -> Option<Page> {
        if feed >= self.schedule.feeds() {
            return None;
        }
        let items = self
            .schedule
            .newest(self.host, feed, self.elapsed, self.items_per_feed);
        let updated = self.newest_time(&items);
        let mut xml = String::with_capacity(1024 + items.len() * 600);
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
             <channel>\n<title>{} - {}</title>\n<link>{}/</link>\n\
             <description>News from {}</description>\n<language>en</language>\n\
             <lastBuildDate>{}</lastBuildDate>\n<ttl>{}</ttl>\n\
             <atom:link href=\"{}/feeds/{feed}.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n",
            escape(&self.name()),
            escape(&Site::feed_name(feed)),
            self.base,
            escape(self.host),
            rfc2822(updated),
            self.ttl_minutes,
            self.base,
        );
        for item in &items {
            let story = self.story(item.feed, item.number);
            let _ = write!(
                xml,
                "<item>\n<title>{}</title>\n<link>{}</link>\n\
                 <guid isPermaLink=\"false\">{}</guid>\n<pubDate>{}</pubDate>\n\
                 <dc:creator>{}</dc:creator>\n<category>{}</category>\n\
                 <description>{}</description>\n</item>\n",
                escape(&story.headline),
                self.article_url(item),
                escape(&self.article_id(item)),
                rfc2822(item.published),
                escape(&story.author),
                story.section,
                escape(&story.summary),
            );
        }
        xml.push_str("</channel>\n</rss>\n");
        Some(Page {
            body: xml.into_bytes(),
            content_type: "application/rss+xml; charset=utf-8",
            last_modified: updated,
        })
    }

    fn host_items(&self) -> Vec<Item> {
        self.schedule
            .newest_of_host(self.host, self.elapsed, self.items_per_feed)
    }

    pub(crate) fn atom(&self) -> Page {
        let items = self.host_items();
        let updated = self.newest_time(&items);
        let mut xml = String::with_capacity(1024 + items.len() * 700);
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n\
             <title>{}</title>\n<id>urn:loopback:{}</id>\n<updated>{}</updated>\n\
             <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/atom.xml\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{base}/\"/>\n",
            escape(&self.name()),
            escape(self.host),
            rfc3339(updated),
            base = self.base,
        );
        for item in &items {
            let story = self.story(item.feed, item.number);
            let _ = write!(
                xml,
                "<entry>\n<title>{}</title>\n<id>urn:loopback:{}</id>\n\
                 <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
                 <published>{}</published>\n<updated>{}</updated>\n\
                 <author><name>{}</name></author>\n<category term=\"{}\"/>\n\
                 <summary>{}</summary>\n</entry>\n",
                escape(&story.headline),
                escape(&self.article_id(item)),
                self.article_url(item),
                rfc3339(item.published),
                rfc3339(self.updated(item)),
                escape(&story.author),
                story.section,
                escape(&story.summary),
            );
        }
        xml.push_str("</feed>\n");
        Page {
            body: xml.into_bytes(),
            content_type: "application/atom+xml; charset=utf-8",
            last_modified: updated,
        }
    }

    pub(crate) fn rss1(&self) -> Page {
        let items = self.host_items();
        let updated = self.newest_time(&items);
        let mut xml = String::with_capacity(1024 + items.len() * 700);
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
             xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
             <channel rdf:about=\"{base}/rss1.rdf\">\n<title>{}</title>\n<link>{base}/</link>\n\
             <description>News from {}</description>\n<dc:date>{}</dc:date>\n<items>\n<rdf:Seq>\n",
            escape(&self.name()),
            escape(self.host),
            rfc3339(updated),
            base = self.base,
        );
        for item in &items {
            let _ = writeln!(xml, "<rdf:li rdf:resource=\"{}\"/>", self.article_url(item));
        }
        xml.push_str("</rdf:Seq>\n</items>\n</channel>\n");
        for item in &items {
            let story = self.story(item.feed, item.number);
            let url = self.article_url(item);
            let _ = write!(
                xml,
                "<item rdf:about=\"{url}\">\n<title>{}</title>\n<link>{url}</link>\n\
                 <description>{}</description>\n<dc:date>{}</dc:date>\n\
                 <dc:creator>{}</dc:creator>\n</item>\n",
                escape(&story.headline),
                escape(&story.summary),
                rfc3339(item.published),
                escape(&story.author),
            );
        }
        xml.push_str("</rdf:RDF>\n");
        Page {
            body: xml.into_bytes(),
            content_type: "application/rdf+xml; charset=utf-8",
            last_modified: updated,
        }
    }

    pub(crate) fn json_feed(&self) -> Page {
        let items = self.host_items();
        let updated = self.newest_time(&items);
        let entries: Vec<serde_json::Value> = items
            .iter()
            .map(|item| {
                let story = self.story(item.feed, item.number);
                serde_json::json!({
                    "id": self.article_id(item),
                    "url": self.article_url(item),
                    "title": story.headline,
                    "summary": story.summary,
                    "date_published": rfc3339(item.published),
                    "authors": [{ "name": story.author }],
                    "tags": [story.section],
                })
            })
            .collect();
        let feed = serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.name(),
            "home_page_url": format!("{}/", self.base),
            "feed_url": format!("{}/feed.json", self.base),
            "language": "en",
            "items": entries,
        });
        Page {
            body: serde_json::to_vec_pretty(&feed).unwrap_or_default(),
            content_type: "application/feed+json; charset=utf-8",
            last_modified: updated,
        }
    }

    pub(crate) fn sitemap_index(&self) -> Page {
        let items = self.schedule.newest_of_host(self.host, self.elapsed, 1);
        let updated = self.newest_time(&items);
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for path in ["/sitemap-articles.xml.gz", "/news-sitemap.xml"] {
            let _ = write!(
                xml,
                "<sitemap>\n<loc>{}{path}</loc>\n<lastmod>{}</lastmod>\n</sitemap>\n",
                self.base,
                rfc3339(updated),
            );
        }
        xml.push_str("</sitemapindex>\n");
        Page {
            body: xml.into_bytes(),
            content_type: "application/xml; charset=utf-8",
            last_modified: updated,
        }
    }

    /// The newest articles as a sitemap `urlset`, gzip-compressed like a `.xml.gz` file: the
    /// bytes are the compressed file itself (`application/gzip`), not a transfer encoding.
    pub(crate) fn sitemap_articles_gz(&self) -> Page {
        let items = self
            .schedule
            .newest_of_host(self.host, self.elapsed, SITEMAP_ARTICLES);
        let updated = self.newest_time(&items);
        let mut xml = String::with_capacity(200 + items.len() * 140);
        xml.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for item in &items {
            let _ = writeln!(
                xml,
                "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
                self.article_url(item),
                rfc3339(item.published),
            );
        }
        xml.push_str("</urlset>\n");
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(xml.len() / 4),
            flate2::Compression::fast(),
        );
        let compressed = encoder
            .write_all(xml.as_bytes())
            .and_then(|()| encoder.finish())
            .unwrap_or_default();
        Page {
            body: compressed,
            content_type: "application/gzip",
            last_modified: updated,
        }
    }

    pub(crate) fn news_sitemap(&self) -> Page {
        let items = self.host_items();
        let updated = self.newest_time(&items);
        let name = escape(&self.name());
        let mut xml = String::with_capacity(300 + items.len() * 500);
        xml.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
        );
        for item in &items {
            let story = self.story(item.feed, item.number);
            let _ = write!(
                xml,
                "<url>\n<loc>{}</loc>\n<news:news>\n<news:publication>\
                 <news:name>{name}</news:name><news:language>en</news:language>\
                 </news:publication>\n<news:publication_date>{}</news:publication_date>\n\
                 <news:title>{}</news:title>\n</news:news>\n</url>\n",
                self.article_url(item),
                rfc3339(item.published),
                escape(&story.headline),
            );
        }
        xml.push_str("</urlset>\n");
        Page {
            body: xml.into_bytes(),
            content_type: "application/xml; charset=utf-8",
            last_modified: updated,
        }
    }

    /// The page of article `number` of feed `feed`, or `None` when it is not published (yet).
    pub(crate) fn article(&self, feed: usize, number: u64) -> Option<Page> {
        if !self
            .schedule
            .is_published(self.host, feed, number, self.elapsed)
        {
            return None;
        }
        let item = Item {
            feed,
            number,
            published: self.schedule.published(self.host, feed, number),
        };
        let mut story = self.story(feed, number);
        let revision = self.revisions.get(&(feed, number)).copied();
        if let Some((times, _)) = revision {
            // A changed article: its headline says so and a new first paragraph gives a
            // higher figure, as a death toll that rose after publication.
            story.headline = format!("{} (updated)", story.headline);
            story.paragraphs.insert(
                0,
                format!(
                    "Update {times}: officials said on Monday that at least {} people had died.",
                    40 + 17 * u64::from(times)
                ),
            );
        }
        let modified = rfc3339(self.updated(&item));
        let site_name = self.name();
        let url = self.article_url(&item);
        let published = rfc3339(item.published);
        let headline = escape(&story.headline);
        let description = escape(&story.summary);
        let json_ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.headline,
            "datePublished": published,
            "dateModified": modified,
            "author": { "@type": "Person", "name": story.author },
            "publisher": { "@type": "Organization", "name": site_name },
            "mainEntityOfPage": url,
            "articleSection": story.section,
            "identifier": self.article_id(&item),
        });
        // Nothing in the data contains "</", but a script element must never be closed early.
        let json_ld = json_ld.to_string().replace("</", "<\\/");

        let mut head = String::with_capacity(2048);
        let _ = write!(
            head,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{headline} | {site}</title>\n\
             <meta name=\"description\" content=\"{description}\">\n\
             <meta name=\"author\" content=\"{author}\">\n\
             <meta property=\"og:type\" content=\"article\">\n\
             <meta property=\"og:title\" content=\"{headline}\">\n\
             <meta property=\"og:description\" content=\"{description}\">\n\
             <meta property=\"og:url\" content=\"{url}\">\n\
             <meta property=\"og:site_name\" content=\"{site}\">\n\
             <meta property=\"article:published_time\" content=\"{published}\">\n\
             <meta property=\"article:section\" content=\"{section}\">\n\
             <link rel=\"canonical\" href=\"{url}\">\n\
             <link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feeds/0.xml\">\n\
             <script type=\"application/ld+json\">{json_ld}</script>\n",
            site = escape(&site_name),
            author = escape(&story.author),
            section = story.section,
        );

        let mut body = String::with_capacity(self.article_bytes.max(4096));
        let _ = write!(
            body,
            "</head>\n<body class=\"article-page\">\n\
             <header class=\"site-header\"><a class=\"logo\" href=\"/\">{site}</a>\n\
             <nav class=\"sections\"><a href=\"/\">Home</a> <a href=\"/\">World</a> \
             <a href=\"/\">Business</a> <a href=\"/\">Politics</a> <a href=\"/\">Health</a> \
             <a href=\"/\">Science</a> <a href=\"/\">Sport</a></nav>\n\
             <form class=\"search\" action=\"/\"><input name=\"q\" placeholder=\"Search\"></form>\n\
             </header>\n<main>\n\
             <article id=\"article-{feed}-{number}\" data-article-id=\"{id}\">\n\
             <p class=\"kicker\">{section}</p>\n<h1>{headline}</h1>\n\
             <p class=\"byline\">By <span class=\"author\">{author}</span> | \
             <time datetime=\"{published}\">{human}</time></p>\n",
            site = escape(&site_name),
            id = escape(&self.article_id(&item)),
            section = story.section,
            author = escape(&story.author),
            human = rfc2822(item.published),
        );
        for paragraph in &story.paragraphs {
            let _ = writeln!(body, "<p>{}</p>", escape(paragraph));
        }
        body.push_str("</article>\n<aside class=\"related\"><h2>More stories</h2>\n<ul>\n");
        for earlier in (number.saturating_sub(4)..number).rev() {
            let related = self.story(feed, earlier);
            let _ = writeln!(
                body,
                "<li><a href=\"{}\">{}</a></li>",
                Site::article_path(feed, earlier),
                escape(&related.headline),
            );
        }
        let _ = write!(
            body,
            "</ul>\n</aside>\n</main>\n<footer class=\"site-footer\">\n\
             <p><a href=\"/\">About us</a> | <a href=\"/\">Contact</a> | \
             <a href=\"/\">Privacy</a> | <a href=\"/\">Terms of use</a></p>\n\
             <p>&copy; {site}. All rights reserved.</p>\n</footer>\n</body>\n</html>\n",
            site = escape(&site_name),
        );

        // Real pages carry kilobytes of styles; this fills the page to about article_bytes.
        let mut style = String::from("<style>\n");
        let mut rule = 0usize;
        while head.len() + style.len() + body.len() + 9 < self.article_bytes {
            let _ = writeln!(
                style,
                ".c{rule}{{margin:0 {}px;padding:{}px;color:#{:03x}}}",
                rule % 17,
                rule % 5,
                (rule * 97) % 4096,
            );
            rule += 1;
        }
        style.push_str("</style>\n");

        let mut page = head;
        page.push_str(&style);
        page.push_str(&body);
        Some(Page {
            body: page.into_bytes(),
            content_type: "text/html; charset=utf-8",
            last_modified: self.updated(&item),
        })
    }
}
