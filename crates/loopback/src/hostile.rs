//! The bodies of the awkward pages: legacy encodings, a mislabelled charset, a page that is
//! not a feed, random bytes, a PDF and the page robots.txt forbids.

use std::fmt::Write as _;

use crate::util::{Rng, escape, hash64};

/// A minimal article page around `title` and `paragraphs`, with `meta` as the charset
/// declaration (or none).
fn article_html(title: &str, paragraphs: &[&str], meta: Option<&str>, lang: &str) -> String {
    let mut html = String::with_capacity(2048);
    let _ = write!(html, "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n");
    if let Some(charset) = meta {
        let _ = writeln!(html, "<meta charset=\"{charset}\">");
    }
    let _ = write!(
        html,
        "<title>{title}</title>\n<meta property=\"og:title\" content=\"{title}\">\n</head>\n\
         <body>\n<header><a href=\"/\">Home</a></header>\n<article>\n<h1>{title}</h1>\n",
        title = escape(title),
    );
    for paragraph in paragraphs {
        let _ = writeln!(html, "<p>{}</p>", escape(paragraph));
    }
    html.push_str("</article>\n<footer><p>All rights reserved.</p></footer>\n</body>\n</html>\n");
    html
}

fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, _) = encoding.encode(text);
    bytes.into_owned()
}

const LATIN1_TITLE: &str = "Café owners in Zürich count the cost of a strong franc";
const LATIN1_PARAGRAPHS: &[&str] = &[
    "Owners of cafés along the river in Zürich say a cup of coffee now costs the equivalent of €5.40, up from €4.80 a year ago.",
    "“We cannot raise prices again,” said Zoë Müller, who runs a café near the old town. “Our regulars would stop coming.”",
    "Tourists from France and Spain, who make up about a third of summer visitors, are spending less, according to the city’s tourism office.",
    "The franc has gained almost 6 percent against the euro since January, the central bank said on Thursday.",
    "Some owners, such as José Peña, now offer a “Frühstück” menu at a fixed price of €12 to keep customers.",
    "Economists expect the pressure to ease next year, but few café owners are counting on it.",
];

/// An article in windows-1252 that says so in a `<meta>` element only.
pub(crate) fn latin1_page() -> Vec<u8> {
    let html = article_html(LATIN1_TITLE, LATIN1_PARAGRAPHS, Some("windows-1252"), "en");
    encode(&html, encoding_rs::WINDOWS_1252)
}

const WRONG_TITLE: &str = "Crème brûlée festival draws record crowds in Orléans";
const WRONG_PARAGRAPHS: &[&str] = &[
    "More than 40,000 visitors came to the crème brûlée festival in Orléans this weekend, the organisers said.",
    "Tickets cost €8, and the queue for the “grand dessert” stretched past the cathedral by noon.",
    "“It’s the best year we have had,” said Amélie Lefèvre, who has organised the event since 2009.",
    "Bakers from Besançon and Nîmes competed for the top prize, which went to a café from Saint-Étienne.",
];

/// Windows-1252 bytes for a page whose header claims UTF-8.
pub(crate) fn wrong_charset_page() -> Vec<u8> {
    let html = article_html(WRONG_TITLE, WRONG_PARAGRAPHS, None, "en");
    encode(&html, encoding_rs::WINDOWS_1252)
}

const JAPANESE_TITLE: &str = "大雨で約１２００人が避難　名古屋";
const JAPANESE_PARAGRAPHS: &[&str] = &[
    "気象庁によると、名古屋市では日曜日の朝から激しい雨が降り続き、約１２００人が近くの学校や公民館に避難した。",
    "市の担当者は「川の水位が急に上がったため、早めの避難を呼びかけた」と話した。",
    "市内では少なくとも３０本の道路が通行止めとなり、電車の一部も運転を見合わせている。",
    "気象庁は、月曜日の夕方まで大雨に警戒するよう呼びかけている。",
    "けが人の情報は今のところ入っていない。",
];

/// A Japanese article in Shift_JIS, declared by a `<meta>` element.
pub(crate) fn shift_jis_page() -> Vec<u8> {
    let html = article_html(JAPANESE_TITLE, JAPANESE_PARAGRAPHS, Some("Shift_JIS"), "ja");
    encode(&html, encoding_rs::SHIFT_JIS)
}

/// An HTML page (to be served as `application/rss+xml`).
pub(crate) fn not_a_feed_page(host: &str) -> Vec<u8> {
    article_html(
        &format!("Welcome to {host}"),
        &["This is a web page, not a feed. Our feeds have moved; please update your reader."],
        Some("utf-8"),
        "en",
    )
    .into_bytes()
}

/// Bytes that look random, the same for the same host.
pub(crate) fn garbage(host: &str) -> Vec<u8> {
    let mut rng = Rng::new(hash64(&[b"garbage", host.as_bytes()]));
    let mut bytes = Vec::with_capacity(8192);
    while bytes.len() < 8192 {
        bytes.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    bytes
}

/// A small PDF with a stream of binary bytes.
pub(crate) fn pdf(host: &str) -> Vec<u8> {
    let content = b"BT /F1 24 Tf 72 712 Td (Annual report) Tj ET";
    let mut rng = Rng::new(hash64(&[b"pdf", host.as_bytes()]));
    let binary: Vec<u8> = (0..512).map(|_| rng.next_u64() as u8).collect();
    let mut out = Vec::with_capacity(2048);
    out.extend_from_slice(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    out.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    out.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    out.extend_from_slice(
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n",
    );
    out.extend_from_slice(format!("4 0 obj\n<< /Length {} >>\nstream\n", content.len()).as_bytes());
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    out.extend_from_slice(
        format!(
            "5 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
            binary.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&binary);
    out.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    out
}

/// The page behind `/private/`: served, but robots.txt forbids it.
pub(crate) fn private_page(path: &str) -> Vec<u8> {
    article_html(
        "Private drafts",
        &[&format!(
            "Unpublished material at {path}. Crawlers must not fetch this page."
        )],
        Some("utf-8"),
        "en",
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_pages_encode_without_loss() {
        for (page, encoding) in [
            (latin1_page(), encoding_rs::WINDOWS_1252),
            (wrong_charset_page(), encoding_rs::WINDOWS_1252),
            (shift_jis_page(), encoding_rs::SHIFT_JIS),
        ] {
            let (text, had_errors) = encoding.decode_without_bom_handling(&page);
            assert!(!had_errors);
            assert!(
                !text.contains("&#"),
                "an unmappable character became a reference"
            );
        }
        let latin1 = latin1_page();
        assert!(std::str::from_utf8(&latin1).is_err());
        assert!(
            latin1.contains(&0x80),
            "the euro sign is 0x80 in windows-1252"
        );
        assert!(
            latin1.contains(&0x93) && latin1.contains(&0x94),
            "curly quotes"
        );
    }
}
