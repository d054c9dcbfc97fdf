//! Golden tests on small pages written for these tests, and the bundled sample pages.
#![allow(clippy::unwrap_used)]

use extract::{BlockKind, extract};
use std::path::Path;

fn page(body: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><title>Dam holds as river falls | Test Post</title>
        <meta property="og:site_name" content="Test Post"></head><body>
        <div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
        {body}
        <footer><p>© 2026 Test Post. All rights reserved.</p></footer></body></html>"#
    )
}

fn body_texts(html: &str) -> Vec<String> {
    extract(html.as_bytes(), None, None, "test")
        .value
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect()
}

#[test]
fn keeps_article_paragraphs_and_drops_furniture() {
    let html = page(
        r#"<div class="story"><h1>Dam holds as river falls</h1><p class="byline">By Ann Lee</p>
        <p>The Harlow dam held overnight, engineers said on Tuesday, as the river fell by a metre.</p>
        <div class="ad-slot"><p>Advertisement</p></div>
        <p>Crews will inspect the spillway again on Wednesday, according to the agency, which said the repairs would take weeks.</p>
        <h2>Roads reopen</h2>
        <p>Three roads into Ostmark reopened, but the bridge at Lindqvist stays closed.</p>
        <div class="related"><h3>Related stories</h3><ul><li><a href="/a">River rises</a></li></ul></div>
        </div>
        <aside><p>Most read: a long list of other stories that are popular today on the site.</p></aside>
        <div class="comments"><p>Reader: this is a disgrace, the dam should have been fixed years ago!</p></div>"#,
    );
    assert_eq!(
        body_texts(&html),
        [
            "The Harlow dam held overnight, engineers said on Tuesday, as the river fell by a metre.",
            "Crews will inspect the spillway again on Wednesday, according to the agency, which said the repairs would take weeks.",
            "Roads reopen",
            "Three roads into Ostmark reopened, but the bridge at Lindqvist stays closed.",
        ]
    );
}

#[test]
fn an_article_inside_a_container_named_like_furniture_is_read() {
    // A newsletter site's issue page: the section around the issue is named for the product.
    let paragraph = "The reservoir at Harlow rose by two metres over the winter, the water board said in its spring report, and the spillway was opened twice.";
    let issue: String = (0..12)
        .map(|n| format!("<p>{paragraph}</p>").replace("twice", &format!("{} times", n + 2)))
        .collect();
    // Readers' notes below it, long enough to pass for a body of their own.
    let notes: String = (0..10)
        .map(|n| format!("<p>Reader {n} wrote: thank you for this issue, I read it every month and share it with my whole family and friends.</p>"))
        .collect();
    let html = page(&format!(
        r#"<section class="hero cc-newsletter"><div><article class="issue">{issue}</article></div></section>
        <div class="notes">{notes}</div>"#
    ));
    let texts = body_texts(&html);
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.starts_with("The reservoir at Harlow"))
            .count(),
        12,
        "{texts:?}"
    );
    assert_eq!(
        texts.first().map(String::as_str),
        Some(paragraph.replace("twice", "2 times").as_str())
    );
    // Teasers are articles too, but short ones: a related list stays furniture.
    let teasers: String = (0..6)
        .map(|n| format!("<article><h3>Other story {n}</h3><p>A short teaser about another dam.</p></article>"))
        .collect();
    let html = page(&format!(
        r#"<div class="story"><p>{paragraph}</p><p>{paragraph}</p><p>{paragraph}</p></div>
        <div class="related">{teasers}</div>"#
    ));
    let texts = body_texts(&html);
    assert!(texts.iter().all(|t| !t.contains("teaser")), "{texts:?}");
}

#[test]
fn an_article_in_deeply_wrapped_sections_is_read_whole() {
    // A component framework wraps each section of a health guide in a dozen <div>s; the
    // longest section is its list of references.
    let wrap = |inner: String| format!("{}{inner}{}", "<div>".repeat(12), "</div>".repeat(12));
    let sections: String = (0..6)
        .map(|n| {
            wrap(format!(
                "<h2>Finding {n}</h2><p>In study {n}, people who sat quietly for ten minutes a day, twice a week, slept better, worried less and said so in interviews.</p>\
                 <p>The effect of study {n} was small, the authors wrote, and it faded within a year unless the practice went on at home.</p>"
            ))
        })
        .collect();
    let references: String = (0..15)
        .map(|n| format!("<li>Author {n} A, Second B, Third C, et al. A randomised trial of quiet sitting in adults with poor sleep, number {n}. Journal of Rest. 2020;12(3):45-67.</li>"))
        .collect();
    let html = page(&format!(
        "<main><div class=\"guide\">{sections}{}</div></main>",
        wrap(format!("<h2>References</h2><ul>{references}</ul>"))
    ));
    let texts = body_texts(&html);
    for n in 0..6 {
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with(&format!("In study {n},"))),
            "section {n} is missing: {texts:?}"
        );
    }
}

#[test]
fn steps_in_collapsed_accordion_panels_are_read() {
    // A guide whose steps open one by one: each answer is hidden until its heading is clicked.
    let intro = "Fitting a rain barrel takes an afternoon, a drill and a saw, and it pays for itself within two summers, the water board says.";
    let steps: String = (1..=4)
        .map(|n| {
            format!(
                r#"<div class="guide-accordion__item"><h3>Step {n}</h3><div class="guide-accordion__panel" style="display: none"><p>In step {n}, measure the downpipe, mark the cut at the height of the barrel, and saw it level so the diverter sits flush.</p></div></div>"#
            )
        })
        .collect();
    let html = page(&format!(
        r#"<div class="story"><p>{intro}</p><p>{intro}</p><p>{intro}</p>{steps}
        <div style="display:none"><p>A hidden note for editors only, which no reader of the page ever sees on screen.</p></div></div>"#
    ));
    let texts = body_texts(&html);
    for n in 1..=4 {
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with(&format!("In step {n},"))),
            "step {n} is missing: {texts:?}"
        );
    }
    assert!(
        texts.iter().all(|t| !t.contains("editors only")),
        "{texts:?}"
    );
}

/// Four paragraphs of a flood report, each a different sentence.
fn flood_paragraphs() -> String {
    [
        "The River Aldmere burst its banks in Veska on Sunday night, flooding the towns of Lindqvist and Ostmark, officials said.",
        "Rescue teams searched the valley through the night, and about 300 people were taken to shelters in the hills, the agency said.",
        "The Harlow dam upstream came through undamaged, according to engineers, who will inspect the spillway again on Wednesday.",
        "Roads into the valley stayed closed on Monday, and trains between the two towns were cancelled until further notice.",
    ]
    .iter()
    .map(|p| format!("<p>{p}</p>"))
    .collect()
}

/// A page whose article (the four flood paragraphs) shares its wrapper with `cards`.
fn beside_the_article(cards: &str) -> String {
    page(&format!(
        r#"<div class="wrap"><div class="entry">{}</div><div class="cards">{cards}</div></div>"#,
        flood_paragraphs()
    ))
}

#[test]
fn a_list_of_teasers_next_to_the_article_is_left_out() {
    // Recent posts below the article, in the same wrapper: each a card with a linked headline
    // and a paragraph of summary, as much text together as the article itself.
    let cards: String = (1..=5)
        .map(|n| {
            format!(
                r#"<div class="card"><h3><a href="/story-{n}">Another story from the valley, number {n}</a></h3>
                <div><p>When the water rose in the valley for the {n}th time, residents, farmers and the council had to decide, once more, what to save first.</p></div></div>"#
            )
        })
        .collect();
    let texts = body_texts(&beside_the_article(&cards));
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(
        texts.iter().all(|t| !t.contains("residents, farmers")),
        "{texts:?}"
    );
}

#[test]
fn testimonials_next_to_the_article_are_left_out() {
    // Reviews of the clinic below a guide: each a card with a quote and the reviewer's name.
    let cards: String = ["Dana R.", "Michelle C.", "— Jojo W.", "Christi A."]
        .iter()
        .map(|name| {
            format!(
                r#"<div class="slide"><div><p>The staff were kind and patient with our two children, and the doctor took the time to answer every question we had, twice.</p></div><p>{name}</p></div>"#
            )
        })
        .collect();
    let texts = body_texts(&beside_the_article(&cards));
    assert_eq!(texts.len(), 4, "{texts:?}");
}

#[test]
fn notes_and_a_biography_closing_the_page_are_trimmed() {
    let html = page(&format!(
        r#"<article>{}<p>Sign up for our newsletter to get the latest flood warnings in your inbox.</p>
        <p>Photo credit: River Agency</p><h3>About the author</h3>
        <p>Ann Lee is a reporter who has covered the Aldmere valley for the Test Post since 2019.</p></article>"#,
        flood_paragraphs()
    ));
    let texts = body_texts(&html);
    assert_eq!(texts.len(), 4, "{texts:?}");
    // The same words inside the article stay.
    let html = page(&format!(
        r#"<article><p>Ann Lee is a reporter who was on the bridge when the water rose, and she filmed it.</p>{}</article>"#,
        flood_paragraphs()
    ));
    assert_eq!(body_texts(&html).len(), 5);
}

#[test]
fn a_label_between_short_paragraphs_is_a_subheading() {
    let html = page(&format!(
        r#"<article>{}<p><strong>2. Shelters</strong></p><p>The sports hall in Lindqvist opened at noon.</p>{}</article>"#,
        flood_paragraphs(),
        flood_paragraphs().replace("<p>", "<p>Later, ")
    ));
    let texts = body_texts(&html);
    assert!(texts.iter().any(|t| t == "2. Shelters"), "{texts:?}");
}

#[test]
fn a_paragraph_shown_twice_is_kept_once() {
    // Responsive pages carry one text block in two layouts; short lines may repeat.
    let paragraphs = flood_paragraphs();
    let html = page(&format!(
        r#"<article><h2>Step 1</h2>{paragraphs}<h2>Step 1</h2>{paragraphs}<p>The council meets again on Friday.</p></article>"#
    ));
    let texts = body_texts(&html);
    assert_eq!(texts.len(), 7, "{texts:?}");
    assert_eq!(texts.iter().filter(|t| *t == "Step 1").count(), 2);
}

#[test]
fn a_data_table_is_read_row_by_row() {
    let html = page(&format!(
        r#"<article>{}<table><tr><th>Town</th><th>Evacuated</th></tr>
        <tr><td>Lindqvist</td><td>210</td></tr><tr><td><b>Ostmark</b></td><td></td><td>90</td></tr></table>
        <ul><li>Tent</li><li>Stove</li></ul>{}</article>"#,
        flood_paragraphs(),
        flood_paragraphs()
            .replace("Sunday", "Saturday")
            .replace("<p>", "<p>Earlier: ")
    ));
    let blocks = extract(html.as_bytes(), None, None, "test").value.blocks;
    let rows: Vec<&str> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        rows,
        ["Town | Evacuated", "Lindqvist | 210", "Ostmark | 90"]
    );
    // Short list items between paragraphs are the article's too (a packing list).
    let items: Vec<&str> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(items, ["Tent", "Stove"]);
}

#[test]
fn a_heading_that_links_to_itself_is_kept() {
    // Permalink headings are links within the page; a heading linking elsewhere is a
    // subheading between prose (a product's name), unless it is a "Read:" promotion or ends
    // the page.
    let paragraphs = flood_paragraphs();
    let html = page(&format!(
        r##"<article>{paragraphs}<h2><a href="#damage">Damage in the valley</a></h2>{}<h2><a href="/other">Read: another story entirely</a></h2>{}<h3><a href="https://shop.example/pump">Aldmere P200 pump</a></h3>{}<h3><a href="/more">More floods</a></h3></article>"##,
        paragraphs.replace("<p>", "<p>In the valley, "),
        paragraphs.replace("<p>", "<p>Later, "),
        paragraphs.replace("<p>", "<p>Pumps: ")
    ));
    let texts = body_texts(&html);
    assert!(
        texts.iter().any(|t| t == "Damage in the valley"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "Aldmere P200 pump"), "{texts:?}");
    assert!(
        texts.iter().all(|t| !t.contains("another story")),
        "{texts:?}"
    );
    assert!(texts.iter().all(|t| t != "More floods"), "{texts:?}");
}

#[test]
fn a_section_of_questions_beside_the_article_is_read() {
    // The answers sit deep in their own section, next to the article's container, and add
    // too little to the article for the climb to take their common parent.
    let faq: String = (1..=3)
        .map(|n| {
            format!(
                r#"<div class="item"><h3>Question {n}: how long will the roads stay closed?</h3><div class="answer"><div><p>The agency said on Monday that roads would reopen within {n} weeks, once engineers had checked the bridges and cleared the mud, and that buses would run meanwhile.</p></div></div></div>"#
            )
        })
        .collect();
    let html = page(&format!(
        r#"<div id="content"><div class="entry">{}{}</div><section><h2>Questions</h2><div class="list"><div class="items">{faq}</div></div></section></div>"#,
        flood_paragraphs(),
        flood_paragraphs().replace("<p>", "<p>As before, ")
    ));
    let texts = body_texts(&html);
    assert!(
        texts.iter().any(|t| t.contains("within 3 weeks")),
        "{texts:?}"
    );
}

#[test]
fn tables_and_quotes_in_figures_and_numbered_lists_are_read_as_shown() {
    // WordPress puts tables and pull quotes in <figure>s; an ordered list shows its numbers, from `start`
    // on, also when each item is a paragraph; a section whose id is its heading's slug (which
    // starts with "menu") is not a menu.
    let html = page(&format!(
        r#"<article>{}<figure class="wp-block-table"><table><tr><td>Lindqvist</td><td>210</td></tr><tr><td>Ostmark</td><td>90</td></tr></table></figure>
        <figure class="pullquote"><blockquote><p>We have never seen the river this high in April.</p></blockquote><figcaption>A farmer in Ostmark</figcaption></figure>
        <ol start="3"><li>Pack medicine</li><li><p>Bring identity papers</p></li></ol>
        <div id="menu-planning-for-the-shelters"><p>Meals in the shelters are planned for three days, the agency said on Monday, with more on the way.</p></div>{}</article>"#,
        flood_paragraphs(),
        flood_paragraphs().replace("<p>", "<p>Later, ")
    ));
    let texts = body_texts(&html);
    for expected in [
        "Lindqvist | 210",
        "We have never seen the river this high in April.",
        "3. Pack medicine",
        "4. Bring identity papers",
        "Meals in the shelters are planned for three days, the agency said on Monday, with more on the way.",
    ] {
        assert!(texts.iter().any(|t| t == expected), "{expected}: {texts:?}");
    }
}

#[test]
fn lists_the_text_announces_are_kept_and_labels_between_lists_too() {
    let html = page(&format!(
        r#"<article>{}<p>The agency recommends these two shelters:</p>
        <ul><li><a href="/lindqvist-hall">Lindqvist sports hall</a></li><li><a href="/ostmark-school">Ostmark primary school</a></li></ul>
        <p>Pros</p><ul><li>Open all night</li></ul><p>Cons</p><ul><li>No parking</li></ul>{}
        <p>See also:</p><ul><li><a href="/a">Floods in the north last spring</a></li></ul></article>"#,
        flood_paragraphs(),
        flood_paragraphs().replace("<p>", "<p>Later, ")
    ));
    let texts = body_texts(&html);
    for expected in ["Lindqvist sports hall", "Pros", "Cons", "No parking"] {
        assert!(texts.iter().any(|t| t == expected), "{expected}: {texts:?}");
    }
    assert!(
        texts.iter().all(|t| !t.contains("north last spring")),
        "{texts:?}"
    );
}

#[test]
fn headings_and_list_items_keep_their_kind() {
    let html = page(
        r#"<article><p>The province published its list of shelters on Monday, with addresses and opening hours for each.</p>
        <h2>Where to go</h2><ul><li>Lindqvist sports hall, open all night</li><li>Ostmark primary school, open until 10pm</li></ul>
        <p>Residents were asked to bring identity papers, medicine and warm clothing for several days.</p></article>"#,
    );
    let blocks = extract(html.as_bytes(), None, None, "test").value.blocks;
    let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Paragraph
        ]
    );
}

#[test]
fn bad_pages_give_empty_results_with_a_diagnostic() {
    for (bytes, expected) in [
        (b"%PDF-1.7 binary".to_vec(), "PDF"),
        (b"\x89PNG\r\n\x1a\n\0\0".to_vec(), "PNG"),
        (
            b"<html><body><script>var x = 1;</script></body></html>".to_vec(),
            "no article text",
        ),
        (b"".to_vec(), "no article text"),
        (
            b"<html><body><ul><li><a href=/a>One</a></li><li><a href=/b>Two</a></li></ul></body>"
                .to_vec(),
            "no article text",
        ),
        (b"<p>Truncated page with one short line".to_vec(), ""),
    ] {
        let outcome = extract(&bytes, None, None, "bad.html");
        if expected.is_empty() {
            assert!(
                outcome.value.confidence < extract::LOW_CONFIDENCE,
                "{:?}",
                outcome.value
            );
        } else {
            assert!(
                outcome.value.blocks.is_empty(),
                "{expected}: {:?}",
                outcome.value.blocks
            );
            assert!(
                outcome
                    .diagnostics
                    .iter()
                    .any(|d| d.message.contains(expected)),
                "{expected}: {:?}",
                outcome.diagnostics
            );
        }
    }
}

#[test]
fn deep_nesting_and_many_elements_finish() {
    let deep = format!(
        "<html><body>{}<p>deep text here</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let outcome = extract(deep.as_bytes(), None, None, "deep.html");
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("deeper")),
        "{:?}",
        outcome.diagnostics
    );
    let wide = format!(
        "<html><body>{}</body></html>",
        "<span>x</span>".repeat(200_000)
    );
    let outcome = extract(wide.as_bytes(), None, None, "wide.html");
    assert!(outcome.value.confidence < extract::LOW_CONFIDENCE);
}

#[test]
fn sample_pages_match_their_clean_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let jsonl = std::fs::read_to_string(root.join("jsonl/coverage.jsonl")).unwrap();
    let mut expected = std::collections::HashMap::new();
    for line in jsonl.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        expected.insert(value["url"].as_str().unwrap().to_string(), value);
    }
    let mut pages: Vec<_> = std::fs::read_dir(root.join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 9);
    for path in pages {
        let bytes = std::fs::read(&path).unwrap();
        let extracted = extract(&bytes, None, None, &path.display().to_string()).value;
        let url = extracted.metadata.canonical_url.clone().unwrap();
        let gold = &expected[&url];
        assert_eq!(
            extracted.text(),
            gold["text"].as_str().unwrap(),
            "{}",
            path.display()
        );
        assert_eq!(
            extracted.metadata.title.as_deref(),
            gold["title"].as_str(),
            "{}",
            path.display()
        );
        assert_eq!(
            extracted.metadata.site_name.as_deref(),
            gold["outlet"].as_str(),
            "{}",
            path.display()
        );
        assert_eq!(
            extracted.metadata.language.as_deref(),
            gold["lang"].as_str(),
            "{}",
            path.display()
        );
        let published = extracted.metadata.published_at.map(|t| t.to_string());
        assert_eq!(
            published.as_deref(),
            gold["published_at"].as_str(),
            "{}",
            path.display()
        );
        assert!(
            extracted.confidence > 0.6,
            "{}: {}",
            path.display(),
            extracted.confidence
        );
        // Plain news, every one: page 06's paywall meter is an empty element a script fills.
        let text = extracted.text();
        let signals = extract::signals::page_signals(
            &extracted,
            &text,
            extracted.metadata.title.as_deref(),
            Some(&url),
        );
        assert!(signals.is_empty(), "{}: {signals:?}", path.display());
        let from_text = extract::signals::text_signals(
            gold["text"].as_str().unwrap(),
            gold["title"].as_str(),
            Some(&url),
        );
        assert!(from_text.is_empty(), "{}: {from_text:?}", path.display());
    }
}

/// Every input a fuzzer ever crashed on stays fixed: it is replayed here.
#[test]
fn fuzz_failures_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/fuzz-failures");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        extract::check_extract(&bytes);
        extract::check_decode(&bytes);
        extract::check_signals(&bytes);
        replayed += 1;
    }
    assert!(replayed > 0, "no seed files in {}", dir.display());
}

/// A page in `language` whose three paragraphs are `paragraphs`, encoded in `encoding` and
/// declaring it in a meta tag.
fn encoded_page(
    encoding: &'static encoding_rs::Encoding,
    language: &str,
    dir: &str,
    paragraphs: &[&str],
) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        r#"<!doctype html><html lang="{language}" dir="{dir}"><head><meta charset="{}"><title>{}</title></head>
        <body><nav><a href="/">Home</a></nav><article>{body}</article><footer>(c) Test Post</footer></body></html>"#,
        encoding.name(),
        paragraphs[0].chars().take(12).collect::<String>()
    );
    let (bytes, _, unmappable) = encoding.encode(&html);
    assert!(!unmappable, "the test text must fit {}", encoding.name());
    bytes.into_owned()
}

#[test]
fn legacy_encodings_and_non_latin_scripts_come_out_as_text() {
    use encoding_rs::{EUC_KR, GBK, ISO_8859_2, SHIFT_JIS, UTF_8, WINDOWS_1252};
    let cases: &[(&'static encoding_rs::Encoding, &str, &str, &[&str])] = &[
        (
            WINDOWS_1252,
            "fr",
            "ltr",
            &[
                "Les pluies diluviennes ont fait déborder la rivière pendant la nuit de dimanche à lundi.",
                "Selon la préfecture, « au moins douze personnes » ont été évacuées vers le gymnase.",
                "Les écoles resteront fermées jusqu’à mercredi, a précisé le maire lors d’une conférence.",
            ],
        ),
        (
            GBK,
            "zh",
            "ltr",
            &[
                "周日夜间，暴雨导致河水决堤，洪水涌入了低洼的村庄，许多居民被困在屋顶上等待救援。",
                "省应急管理部门表示，截至周一上午，至少有十二人死亡，另有九人下落不明，搜救工作仍在继续。",
                "当地政府已开放三所学校作为临时安置点，并向受灾家庭发放食品、饮用水和毛毯等救灾物资。",
            ],
        ),
        (
            SHIFT_JIS,
            "ja",
            "ltr",
            &[
                "日曜日の夜、大雨で川が氾濫し、低い地域の村に水が流れ込み、多くの住民が屋根の上で救助を待った。",
                "県の防災担当者によると、月曜日の朝までに少なくとも十二人が死亡し、九人の行方が分かっていない。",
                "地元の自治体は三つの学校を避難所として開放し、被災した家族に食料や水、毛布を配布している。",
            ],
        ),
        (
            EUC_KR,
            "ko",
            "ltr",
            &[
                "일요일 밤 폭우로 강물이 넘쳐 저지대 마을에 물이 들어왔고, 많은 주민이 지붕 위에서 구조를 기다렸다.",
                "도 재난 당국은 월요일 아침까지 최소 열두 명이 숨지고 아홉 명이 실종됐다고 밝혔으며, 수색이 계속되고 있다.",
                "지방 정부는 학교 세 곳을 임시 대피소로 열고 피해 가정에 식량과 식수, 담요를 나눠 주고 있다.",
            ],
        ),
        (
            ISO_8859_2,
            "pl",
            "ltr",
            &[
                "Ulewne deszcze sprawiły, że rzeka wystąpiła z brzegów w nocy z niedzieli na poniedziałek.",
                "Według wojewody co najmniej dwanaście osób zginęło, a dziewięć wciąż uznaje się za zaginione.",
                "Władze otworzyły trzy szkoły jako tymczasowe schroniska dla poszkodowanych rodzin z okolicy.",
            ],
        ),
        (
            UTF_8,
            "ar",
            "rtl",
            &[
                "تسببت الأمطار الغزيرة ليلة الأحد في فيضان النهر، وغمرت المياه القرى المنخفضة، وانتظر كثير من السكان على أسطح المنازل.",
                "وقالت السلطات المحلية إن اثني عشر شخصا على الأقل لقوا حتفهم حتى صباح الاثنين، بينما لا يزال تسعة في عداد المفقودين.",
                "وفتحت الحكومة المحلية ثلاث مدارس كملاجئ مؤقتة، ووزعت الطعام والمياه والبطانيات على الأسر المتضررة.",
            ],
        ),
        (
            UTF_8,
            "hi",
            "ltr",
            &[
                "रविवार की रात भारी बारिश के कारण नदी उफान पर आ गई और निचले इलाकों के गांवों में पानी भर गया।",
                "राज्य आपदा प्रबंधन विभाग ने बताया कि सोमवार सुबह तक कम से कम बारह लोगों की मौत हो चुकी थी और नौ लोग लापता हैं।",
                "स्थानीय प्रशासन ने तीन स्कूलों को अस्थायी आश्रय के रूप में खोला है और प्रभावित परिवारों को भोजन और कंबल बांटे हैं।",
            ],
        ),
    ];
    for (encoding, language, dir, paragraphs) in cases {
        let bytes = encoded_page(encoding, language, dir, paragraphs);
        let extracted = extract(&bytes, None, None, "page.html").value;
        assert_eq!(extracted.encoding, encoding.name(), "{language}");
        assert_eq!(extracted.text(), paragraphs.join("\n\n"), "{language}");
        assert_eq!(extracted.metadata.language.as_deref(), Some(*language));
    }
}

#[test]
fn walls_and_teasers_are_not_presented_as_articles() {
    let login_wall = page(
        r#"<div class="gate"><h1>Dam holds as river falls</h1><p>Please log in to continue reading.</p>
        <form><input name="user"><input type="password"><button>Log in</button></form>
        <p><a href="/register">Create an account</a></p></div>"#,
    );
    let teaser = page(
        r#"<article><h1>Dam holds as river falls</h1><p>The Harlow dam held overnight, engineers said.</p>
        <div class="paywall-prompt"><p>Subscribe to read the full story.</p><a href="/subscribe">Subscribe</a></div></article>"#,
    );
    for (name, html) in [("login wall", login_wall), ("paywall teaser", teaser)] {
        let outcome = extract(html.as_bytes(), None, None, name);
        assert!(
            outcome.value.confidence < extract::LOW_CONFIDENCE,
            "{name}: {:?}",
            outcome.value
        );
        assert!(!outcome.diagnostics.is_empty(), "{name} has no diagnostic");
    }
}

#[test]
fn an_oversized_page_is_read_up_to_the_cap() {
    // The bulk is one script, which the prescan drops cheaply; the cut is what is tested.
    let paragraphs: String = (1..=5)
        .map(|n| format!("<p>The river rose again overnight, for the {n}th time, officials said, and crews reinforced the levee.</p>"))
        .collect();
    let html = format!(
        "<html><body><article>{}<script>{}</script></article></body></html>",
        paragraphs,
        "x".repeat(extract::MAX_PAGE_BYTES)
    );
    let outcome = extract(html.as_bytes(), None, None, "huge.html");
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("only its first 32 MB were read")),
        "{:?}",
        outcome.diagnostics
    );
    assert_eq!(outcome.value.blocks.len(), 5);
}

#[test]
fn undeclared_language_and_date_are_found() {
    let html = r#"<html><head><title>Inundaciones en Veska</title></head><body><article>
        <p>Las inundaciones provocadas por el desbordamiento del río han dejado al menos doce muertos en la provincia.</p>
        <p>Unos cuatro mil vecinos han sido evacuados de sus casas desde que el río se desbordó el domingo por la noche.</p>
        </article></body></html>"#;
    let extracted = extract(
        html.as_bytes(),
        Some("https://diario.example/2026/03/04/inundaciones"),
        None,
        "es.html",
    )
    .value;
    assert_eq!(extracted.metadata.language.as_deref(), Some("es"));
    assert_eq!(
        extracted
            .metadata
            .published_at
            .map(|t| t.to_string())
            .as_deref(),
        Some("2026-03-04T00:00:00Z")
    );
}
