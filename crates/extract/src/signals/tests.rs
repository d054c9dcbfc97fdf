use super::*;

/// Signals of plain text, with every body span checked against the text.
fn of_text(text: &str, title: Option<&str>, url: Option<&str>) -> Signals {
    let signals = text_signals(text, title, url);
    check_spans(&signals, text);
    signals
}

/// Signals of an HTML page, as the pipeline reads them.
fn of_page(html: &str, url: Option<&str>) -> Signals {
    let page = crate::extract(html.as_bytes(), url, None, "test").value;
    let text = page.text();
    let signals = page_signals(&page, &text, page.metadata.title.as_deref(), url);
    check_spans(&signals, &text);
    signals
}

fn check_spans(signals: &Signals, text: &str) {
    for evidence in signals.evidence() {
        if let Some(span) = evidence.span {
            assert_eq!(
                span.slice(text),
                Some(evidence.text.as_str()),
                "{evidence:?}"
            );
            assert_eq!(evidence.source, SignalSource::Body);
        }
    }
}

/// A news body of `paragraphs` plain paragraphs, with `first` before and `last` after.
fn body(first: &[&str], last: &[&str]) -> String {
    let filler = [
        "The River Aldmere burst its banks in Veska on Sunday night, officials said on Monday.",
        "Rescue teams worked through the night in Lindqvist and Ostmark, the agency said.",
        "The Harlow dam upstream came through undamaged, according to the engineers.",
        "Roads into the valley stayed closed, and trains between the towns were cancelled.",
    ];
    first
        .iter()
        .chain(filler.iter())
        .chain(last.iter())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A page with an article body of long paragraphs, `head` in its `<head>`, `before` and
/// `after` around the paragraphs inside the article, and `outside` after the article.
fn html(head: &str, before: &str, after: &str, outside: &str) -> String {
    // Four different paragraphs: the extractor keeps one copy of a paragraph said twice.
    let paragraphs: String = ["Sunday", "Monday", "Tuesday", "Wednesday"]
        .iter()
        .map(|day| format!("<p>The River Aldmere burst its banks in Veska on {day} night, flooding the towns of Lindqvist and Ostmark, officials said, as rescue teams searched the valley.</p>"))
        .collect();
    format!(
        r#"<!doctype html><html lang="en"><head><title>Flood in Veska | Test Post</title>{head}</head>
        <body><nav><a href="/">Home</a></nav><article><h1>Flood in Veska</h1>{before}<div class="story-body">{}</div>{after}</article>{outside}
        <footer><p>© 2026 Test Post</p></footer></body></html>"#,
        paragraphs
    )
}

/// Each paragraph, opening a news text and closing it, signals nothing.
fn check_none(paragraphs: &[&str]) {
    for paragraph in paragraphs {
        let signals = of_text(&body(&[paragraph], &[paragraph]), None, None);
        assert!(signals.is_empty(), "{paragraph}: {signals:?}");
    }
}

fn kinds(signals: &Signals) -> (ArticleKind, Vec<(SignalSource, String)>) {
    (
        signals.kind,
        signals
            .kind_evidence
            .iter()
            .map(|e| (e.source, e.text.clone()))
            .collect(),
    )
}

#[test]
fn every_phrase_file_reads_cleanly() {
    let (book, problems) = read_phrase_files(PHRASE_FILES);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(book.automaton.is_some());
    assert!(book.meanings.len() > 500, "{}", book.meanings.len());
    let (_, problems) = read_phrase_files(&[(
        "xx",
        "[opinion nowhere]\nx\n[paywall label]\ny\n[paywall sentence]\nUpper\n",
    )]);
    assert_eq!(problems.len(), 5, "{problems:#?}");
}

#[test]
fn lower_case_copies_keep_every_offset() {
    for text in ["ÉDITORIAL: Ça", "İstanbul ẞ K", "OPINIÃO — Já é assinante?"] {
        let lower = lower_same_length(text);
        assert_eq!(lower.len(), text.len(), "{text}");
        assert!(text.char_indices().all(|(i, _)| lower.is_char_boundary(i)));
    }
    assert_eq!(lower_same_length("ÉDITORIAL: Ça"), "éditorial: ça");
    assert_eq!(slug("Opinión"), "opinion");
    assert_eq!(slug(" Comment is free "), "comment-is-free");
    assert_eq!(slug("Gastbeiträge"), "gastbeitrage");
}

#[test]
fn news_is_the_default_with_no_evidence() {
    let signals = of_text(&body(&[], &[]), Some("Flood in Veska"), None);
    assert!(signals.is_empty(), "{signals:?}");
}

#[test]
fn kinds_come_from_json_ld_types_and_sections() {
    let typed = of_page(
        &html(
            r#"<script type="application/ld+json">{"@type":"OpinionNewsArticle","headline":"Flood in Veska"}</script>"#,
            "",
            "",
            "",
        ),
        None,
    );
    assert_eq!(
        kinds(&typed),
        (
            ArticleKind::Opinion,
            vec![(SignalSource::JsonLd, "OpinionNewsArticle".into())]
        )
    );
    assert_eq!(typed.kind_evidence[0].field.as_deref(), Some("@type"));
    for (head, kind) in [
        (
            r#"<meta property="article:section" content="Meinung">"#,
            ArticleKind::Opinion,
        ),
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","articleSection":["España","Opinión"]}</script>"#,
            ArticleKind::Opinion,
        ),
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","genre":"Tribune"}</script>"#,
            ArticleKind::Opinion,
        ),
        (
            r#"<meta property="article:section" content="Opinion > Editorials">"#,
            ArticleKind::Editorial,
        ),
        (
            r#"<script type="application/ld+json">{"@type":"AnalysisNewsArticle"}</script>"#,
            ArticleKind::Analysis,
        ),
        (
            r#"<script type="application/ld+json">{"@type":"ReviewNewsArticle"}</script>"#,
            ArticleKind::Review,
        ),
        (
            r#"<script type="application/ld+json">{"@type":"BackgroundNewsArticle"}</script>"#,
            ArticleKind::Analysis,
        ),
        (
            r#"<script type="application/ld+json">{"@type":["NewsArticle","AdvertiserContentArticle"]}</script>"#,
            ArticleKind::Sponsored,
        ),
        (
            r#"<script type="application/ld+json">{"@type":"SatiricalArticle"}</script>"#,
            ArticleKind::Satire,
        ),
        (
            r#"<meta property="article:section" content="Politics">"#,
            ArticleKind::News,
        ),
    ] {
        let signals = of_page(&html(head, "", "", ""), None);
        assert_eq!(signals.kind, kind, "{head}: {signals:?}");
    }
}

#[test]
fn kinds_come_from_url_path_segments_but_not_the_slug() {
    for (url, kind) in [
        (
            "https://n.example/opinion/2026/03/02/flood",
            ArticleKind::Opinion,
        ),
        ("https://n.example/opinion/12345", ArticleKind::Opinion),
        (
            "https://n.example/meinung/flut-a-1.html",
            ArticleKind::Opinion,
        ),
        (
            "https://n.example/idees/tribunes/crue",
            ArticleKind::Opinion,
        ),
        (
            "https://n.example/commentisfree/2026/mar/02/flood",
            ArticleKind::Opinion,
        ),
        ("https://n.example/opiniao/enchente", ArticleKind::Opinion),
        (
            "https://n.example/news/editorials/flood",
            ArticleKind::Editorial,
        ),
        (
            "https://n.example/sponsored/flood-insurance",
            ArticleKind::Sponsored,
        ),
        (
            "https://n.example/news/opinion-polls-narrow",
            ArticleKind::News,
        ),
        ("https://n.example/opinion", ArticleKind::News),
        (
            "https://n.example/world/flood?section=opinion",
            ArticleKind::News,
        ),
        ("not a url", ArticleKind::News),
    ] {
        let signals = of_text(&body(&[], &[]), None, Some(url));
        assert_eq!(signals.kind, kind, "{url}: {signals:?}");
        if kind != ArticleKind::News {
            assert_eq!(signals.kind_evidence[0].source, SignalSource::Url);
        }
    }
}

#[test]
fn kinds_come_from_headline_labels_in_five_languages() {
    for (title, kind, label) in [
        ("OPINION: Veska was warned", ArticleKind::Opinion, "OPINION"),
        (
            "Opinion | Veska was warned",
            ArticleKind::Opinion,
            "Opinion",
        ),
        (
            "Editorial: The dam held",
            ArticleKind::Editorial,
            "Editorial",
        ),
        (
            "Analysis | Why the river rose",
            ArticleKind::Analysis,
            "Analysis",
        ),
        ("Review: a flood of images", ArticleKind::Review, "Review"),
        (
            "Opinión: Veska merecía más",
            ArticleKind::Opinion,
            "Opinión",
        ),
        (
            "Kommentar: Die Warnung kam zu spät",
            ArticleKind::Opinion,
            "Kommentar",
        ),
        ("Tribune : la crue et nous", ArticleKind::Opinion, "Tribune"),
        (
            "ÉDITORIAL — La leçon de Veska",
            ArticleKind::Editorial,
            "ÉDITORIAL",
        ),
        ("Opinião: o rio avisou", ArticleKind::Opinion, "Opinião"),
        (
            "Veska was warned | Opinion",
            ArticleKind::Opinion,
            "Opinion",
        ),
        (
            "Sponsored: Insure your home",
            ArticleKind::Sponsored,
            "Sponsored",
        ),
    ] {
        let signals = of_text(&body(&[], &[]), Some(title), None);
        assert_eq!(
            kinds(&signals),
            (kind, vec![(SignalSource::Headline, label.to_string())]),
            "{title}"
        );
    }
    for title in [
        "Opinion polls narrow before the vote",
        "Reviewers praise the flood report",
        "Analysis-driven planning failed Veska",
        "Commentators split on the dam",
    ] {
        let signals = of_text(&body(&[], &[]), Some(title), None);
        assert!(signals.is_empty(), "{title}: {signals:?}");
    }
}

#[test]
fn kinds_come_from_bylines_and_disclaimers() {
    let byline = of_page(
        &html(
            r#"<meta name="author" content="Guest column by Jane Doe">"#,
            "",
            "",
            "",
        ),
        None,
    );
    assert_eq!(
        kinds(&byline),
        (
            ArticleKind::Opinion,
            vec![(SignalSource::Byline, "Guest column by Jane Doe".into())]
        )
    );
    for (first, last, kind) in [
        (
            &[][..],
            &["The views expressed in this article are the author's own."][..],
            ArticleKind::Opinion,
        ),
        (
            &["Guest column by Jane Doe, a hydrologist in Portmere"],
            &[],
            ArticleKind::Opinion,
        ),
        (
            &[],
            &[
                "Las opiniones expresadas en este artículo son responsabilidad exclusiva de su autor.",
            ],
            ArticleKind::Opinion,
        ),
        (
            &[],
            &["Dieser Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion."],
            ArticleKind::Opinion,
        ),
        (
            &[],
            &["Les opinions exprimées dans cette tribune n’engagent que leur auteur."],
            ArticleKind::Opinion,
        ),
        (
            &[],
            &["Este texto não reflete necessariamente a opinião do jornal."],
            ArticleKind::Opinion,
        ),
        (&["Sponsored content"], &[], ArticleKind::Sponsored),
        (&["PAID POST"], &[], ArticleKind::Sponsored),
        (
            &[],
            &["This content was paid for by Aldmere Insurance."],
            ArticleKind::Sponsored,
        ),
        (&["Anzeige"], &[], ArticleKind::Sponsored),
    ] {
        let text = body(first, last);
        let signals = of_text(&text, None, None);
        assert_eq!(signals.kind, kind, "{first:?} {last:?}: {signals:?}");
        assert_eq!(signals.kind_evidence.len(), 1, "{signals:?}");
    }
}

#[test]
fn opinion_words_in_reporting_are_no_label() {
    check_none(&[
        "In the opinion of the court, the province acted lawfully.",
        "Opinion among residents remains divided on the dam.",
        "The columnist, who writes for a rival paper, was not available.",
        "The feature is for subscribers only, the company said.",
        "He wrote that the views expressed by the minister were careless and that the author of the plan had resigned in protest over the dam.",
    ]);
}

#[test]
fn the_most_specific_kind_wins_and_keeps_the_opinion_evidence() {
    let page = html(
        r#"<meta property="article:section" content="Opinion"><meta name="author" content="The Editorial Board">"#,
        "",
        "",
        "",
    );
    let signals = of_page(&page, Some("https://n.example/opinion/flood"));
    assert_eq!(signals.kind, ArticleKind::Editorial);
    let sources: Vec<SignalSource> = signals.kind_evidence.iter().map(|e| e.source).collect();
    assert_eq!(
        sources,
        [SignalSource::Meta, SignalSource::Url, SignalSource::Byline]
    );
}

#[test]
fn paywalls_from_json_ld_with_teaser_or_full_text() {
    let teaser = of_page(
        &html(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script>"#,
            "",
            "",
            "",
        ),
        None,
    );
    let paywall = teaser.paywall.expect("a paywall");
    assert!(paywall.teaser);
    assert_eq!(
        paywall.evidence,
        [SignalEvidence {
            source: SignalSource::JsonLd,
            field: Some("isAccessibleForFree".into()),
            text: "false".into(),
            span: None,
        }]
    );
    // The same page served in full: the declared word count says the text is all there.
    let full = of_page(
        &html(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":"False","wordCount":"120",
               "hasPart":{"@type":"WebPageElement","isAccessibleForFree":"False","cssSelector":".paywall"}}</script>"#,
            "",
            "",
            "",
        ),
        None,
    );
    let paywall = full.paywall.expect("a paywall");
    assert!(!paywall.teaser);
    let texts: Vec<&str> = paywall.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["False", ".paywall"]);
    // A declared count far above the text's is a teaser; a long text without one is not.
    let cut = of_page(
        &html(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false,"wordCount":1200}</script>"#,
            "",
            "",
            "",
        ),
        None,
    );
    assert!(cut.paywall.is_some_and(|p| p.teaser));
    let long_text =
        vec!["word"; TEASER_WORDS + 10].join(" ") + "\n\nSubscribe to continue reading.";
    assert!(
        of_text(&long_text, None, None)
            .paywall
            .is_some_and(|p| !p.teaser)
    );
}

#[test]
fn paywall_markers_count_with_a_notice_or_around_the_body() {
    let prompt = of_page(
        &html(
            "",
            "",
            r#"<div class="paywall-prompt"><p>Subscribe to continue reading.</p><p>Already a subscriber? <a href="/login">Log in</a></p></div>"#,
            "",
        ),
        None,
    );
    let paywall = prompt.paywall.expect("a paywall");
    assert!(paywall.teaser);
    assert_eq!(paywall.evidence[0].source, SignalSource::Markup);
    assert_eq!(paywall.evidence[0].text, "paywall-prompt");
    assert_eq!(paywall.evidence[1].source, SignalSource::Page);
    assert!(
        paywall.evidence[1]
            .text
            .starts_with("Subscribe to continue reading.")
    );

    let premium = html("", "", "", "").replace(
        r#"<div class="story-body">"#,
        r#"<div class="story-body is-premium">"#,
    );
    let walled = of_page(&premium, None).paywall.expect("a paywall");
    assert_eq!(walled.evidence[0].text, "is-premium");
    // The same page declaring itself free is free: class names alone do not outweigh it.
    let declared = premium.replace(
        "</title>",
        r#"</title><script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":true}</script>"#,
    );
    assert_eq!(of_page(&declared, None).paywall, None);

    // An empty meter a script would fill (as in the bundled page 06), a meter with a count of
    // free articles, a "no-paywall" flag and a "Premium" badge in a list of other stories say
    // nothing about this article.
    for outside in [
        r#"<div id="paywall-meter" class="paywall-meter"></div>"#,
        r#"<div class="meter">You have 3 free articles left this month.</div>"#,
        r#"<div class="no-paywall"><p>More from the valley</p></div>"#,
        r#"<ul class="more"><li><span class="premium">Premium</span> <a href="/b">Dam inquiry opens</a></li></ul>"#,
    ] {
        let signals = of_page(&html("", "", "", outside), None);
        assert_eq!(signals.paywall, None, "{outside}");
    }
}

#[test]
fn paywall_notices_in_the_text_in_five_languages() {
    for notice in [
        "Already a subscriber? Log in to read on.",
        "This article is for subscribers only.",
        "Contenido exclusivo para suscriptores.",
        "¿Ya eres suscriptor? Inicia sesión.",
        "Dieser Artikel ist exklusiv für Abonnenten.",
        "Cet article est réservé aux abonnés.",
        "Conteúdo exclusivo para assinantes.",
        "Já é assinante? Faça login.",
    ] {
        let text = body(&[], &[notice]);
        let signals = of_text(&text, None, None);
        let paywall = signals.paywall.expect(notice);
        assert!(paywall.teaser, "{notice}");
        assert_eq!(paywall.evidence[0].text, notice);
    }
    check_none(&[
        "Subscribe to our newsletter for the latest news from the valley.",
        "Residents who subscribe to the alert service were warned an hour earlier.",
    ]);
}

#[test]
fn machine_written_text_is_disclosed_in_five_languages() {
    for notice in [
        "This article was generated by AI and checked by an editor.",
        "This story was produced by an automated system using data from the league.",
        "Automated story: results from the Veska regional league.",
        "Este artículo fue redactado con ayuda de inteligencia artificial.",
        "Dieser Text wurde mithilfe künstlicher Intelligenz erstellt.",
        "Cet article a été rédigé avec l’aide de l’intelligence artificielle.",
        "Este texto foi produzido com auxílio de inteligência artificial.",
    ] {
        let signals = of_text(&body(&[], &[notice]), None, None);
        let scopes: Vec<MachineScope> = signals.machine_generated.iter().map(|m| m.scope).collect();
        assert_eq!(scopes, [MachineScope::Text], "{notice}: {signals:?}");
        assert_eq!(signals.machine_generated[0].evidence.text, notice);
    }
    check_none(&[
        "The essay was generated by AI, the teacher said, and the pupil was warned.",
        "Midjourney said on Tuesday it would block images of the flood.",
        "Officials said the flood maps were automatically generated from satellite data.",
    ]);
}

#[test]
fn generated_illustrations_are_told_apart_from_generated_text() {
    let figure = of_page(
        &html(
            "",
            r#"<figure><img src="a.png"><figcaption>The flooded square. Image generated with Midjourney</figcaption></figure>"#,
            "",
            "",
        ),
        None,
    );
    assert_eq!(figure.machine_generated.len(), 1, "{figure:?}");
    assert_eq!(
        figure.machine_generated[0].scope,
        MachineScope::Illustration
    );
    assert_eq!(
        figure.machine_generated[0].evidence.source,
        SignalSource::Caption
    );
    for credit in [
        "Illustration: AI-generated",
        "Imagen generada con inteligencia artificial",
        "Bild: KI-generiert",
        "Illustration générée par IA",
        "Imagem gerada por IA",
    ] {
        let signals = of_text(&body(&[credit], &[]), None, None);
        let scopes: Vec<MachineScope> = signals.machine_generated.iter().map(|m| m.scope).collect();
        assert_eq!(
            scopes,
            [MachineScope::Illustration],
            "{credit}: {signals:?}"
        );
    }
    // A caption in a list of other stories is not this article's.
    let elsewhere = of_page(
        &html(
            "",
            "",
            "",
            r#"<aside><figure><figcaption>AI-generated image</figcaption></figure></aside>"#,
        ),
        None,
    );
    assert!(elsewhere.machine_generated.is_empty(), "{elsewhere:?}");
}

#[test]
fn corrections_in_five_languages_with_their_spans() {
    for (notice, kind) in [
        (
            "Correction: An earlier version of this article misstated the number of people missing. It is 14, not 40.",
            CorrectionKind::Correction,
        ),
        (
            "An earlier version of this story said the dam had failed.",
            CorrectionKind::Correction,
        ),
        (
            "This article has been updated to include the latest death toll.",
            CorrectionKind::Update,
        ),
        (
            "Clarification: The embankment, not the dam, gave way on Sunday night.",
            CorrectionKind::Clarification,
        ),
        (
            "Editor’s note: The names of two residents have been changed at their request.",
            CorrectionKind::EditorNote,
        ),
        (
            "Fe de errores: en una versión anterior de esta noticia se decía que había 40 desaparecidos.",
            CorrectionKind::Correction,
        ),
        (
            "Rectificación: el gobernador no visitó Ostmark el lunes, sino el martes.",
            CorrectionKind::Correction,
        ),
        (
            "Korrektur: In einer früheren Version dieses Artikels hieß es, der Damm sei gebrochen.",
            CorrectionKind::Correction,
        ),
        (
            "In einer früheren Version dieses Artikels stand eine falsche Zahl der Vermissten.",
            CorrectionKind::Correction,
        ),
        (
            "Une version précédente de cet article indiquait 40 disparus, et non 14.",
            CorrectionKind::Correction,
        ),
        (
            "Correção: Uma versão anterior desta reportagem informava que o dique havia rompido.",
            CorrectionKind::Correction,
        ),
    ] {
        let text = body(&[], &[notice]);
        let signals = of_text(&text, None, None);
        assert_eq!(signals.corrections.len(), 1, "{notice}: {signals:?}");
        let correction = &signals.corrections[0];
        assert_eq!(correction.kind, kind, "{notice}");
        assert_eq!(correction.evidence.text, notice);
        assert_eq!(
            correction.evidence.span,
            Some(Span::new(text.len() - notice.len(), text.len()))
        );
    }
}

#[test]
fn a_correction_label_alone_takes_the_next_paragraph() {
    let text = body(
        &[],
        &[
            "Correction",
            "An earlier version misstated the number of people missing in Ostmark.",
        ],
    );
    let signals = of_text(&text, None, None);
    assert_eq!(signals.corrections.len(), 1, "{signals:?}");
    assert!(
        signals.corrections[0]
            .evidence
            .text
            .starts_with("Correction\n\nAn earlier version")
    );
}

#[test]
fn correction_words_in_reporting_are_no_notice() {
    check_none(&[
        "The market correction deepened on Tuesday as insurers' shares fell.",
        "He was held at a correctional facility in Ostmark for three weeks.",
        "Correction officers said two inmates were moved before the water rose.",
        "Updated: 2 March 2026 10:00 GMT",
        "Update 10:32",
        "The council said an update to the flood plan was due in April.",
        "The minister said this article of the constitution was never meant for floods.",
    ]);
}

#[test]
fn corrections_from_the_headline_and_json_ld() {
    let headline = of_text(
        &body(&[], &[]),
        Some("CORRECTED-Flood toll rises to 31 in Veska"),
        None,
    );
    assert_eq!(headline.corrections.len(), 1);
    assert_eq!(
        headline.corrections[0].evidence.source,
        SignalSource::Headline
    );
    assert!(
        of_text(
            &body(&[], &[]),
            Some("UPDATE 2-Flood toll rises to 31"),
            None
        )
        .is_empty()
    );
    // A declared correction that the body repeats is kept once, from the body.
    let page = html(
        r#"<script type="application/ld+json">{"@type":"NewsArticle","correction":[{"@type":"CorrectionComment","text":"An earlier version misstated the toll."},"The dam was inspected on Monday, not Tuesday."]}</script>"#,
        "",
        "<p>Correction: An earlier version misstated the toll.</p>",
        "",
    );
    let signals = of_page(&page, None);
    let sources: Vec<SignalSource> = signals
        .corrections
        .iter()
        .map(|c| c.evidence.source)
        .collect();
    assert_eq!(
        sources,
        [SignalSource::Body, SignalSource::JsonLd],
        "{signals:?}"
    );
    assert_eq!(
        signals.corrections[1].evidence.text,
        "The dam was inspected on Monday, not Tuesday."
    );
}

#[test]
fn a_page_with_several_signals_reports_each() {
    let page = html(
        r#"<script type="application/ld+json">{"@type":"OpinionNewsArticle","headline":"Veska was warned",
             "isAccessibleForFree":"False","author":{"@type":"Person","name":"Jane Doe"}}</script>"#,
        r#"<figure><img src="a.png"><figcaption>Illustration: AI-generated with Midjourney</figcaption></figure>"#,
        r#"<p>Correction: An earlier version of this column gave the wrong date for the inspection of the dam.</p>
           <p>The views expressed in this column are the author's own.</p>"#,
        "",
    );
    let signals = of_page(&page, Some("https://n.example/opinion/veska-was-warned"));
    assert_eq!(signals.kind, ArticleKind::Opinion);
    let sources: Vec<SignalSource> = signals.kind_evidence.iter().map(|e| e.source).collect();
    assert_eq!(
        sources,
        [SignalSource::JsonLd, SignalSource::Url, SignalSource::Body],
        "{signals:?}"
    );
    assert!(signals.paywall.as_ref().is_some_and(|p| p.teaser));
    assert_eq!(signals.machine_generated.len(), 1);
    assert_eq!(
        signals.machine_generated[0].scope,
        MachineScope::Illustration
    );
    assert_eq!(signals.corrections.len(), 1);
    assert_eq!(signals.corrections[0].kind, CorrectionKind::Correction);
}

#[test]
fn many_notices_are_capped_and_read_in_one_pass() {
    let text: String = (0..20_000)
        .map(|i| {
            format!("Image {i}: Midjourney\n\nUpdate: the council has since voted on plan {i}.\n\n")
        })
        .collect::<String>()
        + "The end.";
    let started = std::time::Instant::now();
    let signals = of_text(&text, None, None);
    assert_eq!(signals.corrections.len(), MAX_NOTICES);
    assert_eq!(signals.machine_generated.len(), MAX_NOTICES);
    // Generous for a debug build on a loaded machine; a quadratic pass takes minutes.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
