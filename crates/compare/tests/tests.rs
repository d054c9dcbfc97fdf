#![allow(clippy::unwrap_used)]
//! Verdicts on hand-made claims: each case is a few articles stating one figure.

use compare::{StoryArticle, compare_story};
use model::report::FactStatus;
use model::{Article, ArticleClaims, ArticleId, Hedge, Quantity, Quote, Span};

struct Case {
    articles: Vec<Article>,
    claims: Vec<ArticleClaims>,
    duplicates: Vec<Option<ArticleId>>,
}

impl Case {
    fn new() -> Self {
        Case {
            articles: Vec::new(),
            claims: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    /// Adds an article by `outlet` published on `day` (of March 2026) stating `figure`.
    fn figure(
        mut self,
        outlet: &str,
        day: u8,
        hedge: Hedge,
        value: f64,
        measure: &str,
        copy_of: Option<usize>,
    ) -> Self {
        let text = format!("{outlet} says {value} {measure}.");
        let (low, high) = match hedge {
            Hedge::AtLeast | Hedge::MoreThan => (Some(value), None),
            Hedge::AtMost | Hedge::LessThan => (None, Some(value)),
            Hedge::About => (Some(value * 0.9), Some(value * 1.1)),
            _ => (Some(value), Some(value)),
        };
        let date = jiff::civil::date(2026, 3, day as i8);
        let quantity = Quantity {
            span: Span::new(0, 1),
            sentence: Span::new(0, text.len()),
            text: format!("{hedge:?} {value}"),
            value,
            low,
            high,
            hedge,
            measure: measure.into(),
            counted: measure.into(),
            unit: None,
            as_of: Some(date),
            as_of_stated: false,
        };
        let index = self.articles.len();
        self.articles.push(Article {
            id: ArticleId(format!("a{index}")),
            key: format!("k{index}"),
            url: None,
            outlet: Some(outlet.into()),
            title: None,
            published_at: Some(
                date.at(12, 0, 0, 0)
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .unwrap()
                    .timestamp(),
            ),
            language: Some("en".into()),
            text,
            origin: "test".into(),
            signals: Default::default(),
        });
        self.claims.push(ArticleClaims {
            quantities: vec![quantity],
            ..Default::default()
        });
        self.duplicates
            .push(copy_of.map(|i| ArticleId(format!("a{i}"))));
        self
    }

    /// The comparison of the case's articles.
    fn findings(&self) -> compare::StoryFindings {
        let story: Vec<StoryArticle<'_>> = self
            .articles
            .iter()
            .zip(&self.claims)
            .zip(&self.duplicates)
            .map(|((article, claims), duplicate_of)| StoryArticle {
                article,
                claims,
                duplicate_of: duplicate_of.as_ref(),
            })
            .collect();
        compare_story(&story)
    }

    fn verdict(&self) -> (FactStatus, String) {
        let findings = self.findings();
        assert_eq!(findings.facts.len(), 1, "{:#?}", findings.facts);
        let fact = &findings.facts[0];
        for value in &fact.values {
            assert!(!value.sources.is_empty());
        }
        (fact.status, fact.reason.clone())
    }
}

fn check(case: Case, expected: FactStatus) {
    let (status, reason) = case.verdict();
    assert_eq!(status, expected, "{reason}");
}

#[test]
fn rising_toll_is_updated() {
    let case = Case::new()
        .figure("Wire", 2, Hedge::AtLeast, 12.0, "dead", None)
        .figure("Ledger", 3, Hedge::AtLeast, 19.0, "dead", None)
        .figure("Times", 6, Hedge::Exact, 31.0, "dead", None);
    check(case, FactStatus::Updated);
}

#[test]
fn incompatible_figures_on_one_day_are_disputed() {
    let case = Case::new()
        .figure("Diario", 4, Hedge::Exact, 14.0, "missing", None)
        .figure("Post", 4, Hedge::Exact, 40.0, "missing", None);
    check(case, FactStatus::Disputed);
}

#[test]
fn compatible_figures_on_one_day_agree() {
    let case = Case::new()
        .figure("Ledger", 4, Hedge::AtLeast, 50.0, "dead", None)
        .figure("Post", 4, Hedge::Exact, 57.0, "dead", None)
        .figure("Times", 4, Hedge::About, 55.0, "dead", None);
    check(case, FactStatus::Agreed);
}

#[test]
fn a_falling_death_toll_is_disputed() {
    let case = Case::new()
        .figure("Ledger", 3, Hedge::Exact, 31.0, "dead", None)
        .figure("Post", 5, Hedge::Exact, 13.0, "dead", None);
    check(case, FactStatus::Disputed);
}

#[test]
fn a_falling_missing_count_is_an_update() {
    let case = Case::new()
        .figure("Ledger", 3, Hedge::Exact, 14.0, "missing", None)
        .figure("Ledger", 7, Hedge::Exact, 6.0, "missing", None)
        .figure("Times", 7, Hedge::Exact, 6.0, "missing", None);
    check(case, FactStatus::Updated);
}

#[test]
fn copies_do_not_make_a_second_source() {
    let case = Case::new()
        .figure("Wire", 2, Hedge::AtLeast, 12.0, "dead", None)
        .figure("Gazette", 2, Hedge::AtLeast, 12.0, "dead", Some(0))
        .figure("Courier", 2, Hedge::AtLeast, 12.0, "dead", Some(0));
    let (status, reason) = case.verdict();
    assert_eq!(status, FactStatus::SingleSource);
    assert!(
        reason.contains("2 other article(s) repeat its copy"),
        "{reason}"
    );
}

/// The quote facts of a story of one article for each (speaker, content, direct) quote.
fn quote_facts(quotes: &[(&str, &str, bool)]) -> Vec<model::report::Fact> {
    let mut articles = Vec::new();
    let mut claims = Vec::new();
    for (i, (speaker, content, direct)) in quotes.iter().enumerate() {
        let text = format!("{speaker} said {content}.");
        articles.push(Article {
            id: ArticleId(format!("a{i}")),
            key: format!("k{i}"),
            url: None,
            outlet: Some(format!("Outlet {i}")),
            title: None,
            published_at: None,
            language: Some("en".into()),
            text: text.clone(),
            origin: "test".into(),
            signals: Default::default(),
        });
        claims.push(ArticleClaims {
            quotes: vec![Quote {
                span: Span::new(0, 1),
                sentence: Span::new(0, text.len()),
                content: content.to_string(),
                speaker: Some(speaker.to_string()),
                speaker_span: None,
                cue: Some("said".into()),
                cue_span: None,
                direct: *direct,
            }],
            ..Default::default()
        });
    }
    let story: Vec<StoryArticle<'_>> = articles
        .iter()
        .zip(&claims)
        .map(|(article, claims)| StoryArticle {
            article,
            claims,
            duplicate_of: None,
        })
        .collect();
    compare_story(&story).facts
}

#[test]
fn quotes_group_by_speaker_and_wording() {
    let facts = quote_facts(&[
        (
            "Helena Varga",
            "We have never seen the water rise this fast",
            true,
        ),
        (
            "Helena Varga",
            "We have never seen the water rise this fast",
            true,
        ),
        (
            "Helena Varga",
            "the water had risen faster than anyone had ever seen",
            false,
        ),
        ("Ines Albero", "The dam held", true),
    ]);
    let summary: Vec<(Option<&str>, FactStatus, usize)> = facts
        .iter()
        .map(|f| (f.speaker.as_deref(), f.status, f.values.len()))
        .collect();
    assert_eq!(
        summary,
        [
            (Some("Helena Varga"), FactStatus::Agreed, 2),
            (Some("Ines Albero"), FactStatus::SingleSource, 1)
        ]
    );
    assert_eq!(facts[0].values[0].sources.len(), 2);
}

#[test]
fn a_quote_joins_the_statement_it_shares_most_words_with() {
    // The last shares half its words with the first statement and all of them with the
    // second.
    let facts = quote_facts(&[
        (
            "Helena Varga",
            "the provincial government had declared a state of emergency",
            false,
        ),
        (
            "Helena Varga",
            "the government would ask the national authorities for emergency funding",
            false,
        ),
        (
            "Helena Varga",
            "emergency funding from the national government",
            false,
        ),
    ]);
    let sources: Vec<Vec<usize>> = facts
        .iter()
        .map(|f| f.values.iter().map(|v| v.sources.len()).collect())
        .collect();
    let wordings: Vec<&str> = facts.iter().map(|f| f.values[0].value.as_str()).collect();
    assert_eq!(facts.len(), 2, "{wordings:?}");
    assert!(wordings[0].contains("national authorities"), "{wordings:?}");
    assert_eq!(sources[0].iter().sum::<usize>(), 2, "{sources:?}");
}

#[test]
fn a_round_bound_made_exact_later_is_the_same_figure() {
    // "more than 300" then "317": the exact count behind a rounded bound, not a move.
    let case = Case::new()
        .figure("Evening", 13, Hedge::MoreThan, 300.0, "defects", None)
        .figure("Sentinel", 14, Hedge::Exact, 317.0, "defects", None);
    check(case, FactStatus::Agreed);
    // "at least 12" then "13": a small count that rose.
    let case = Case::new()
        .figure("Wire", 2, Hedge::AtLeast, 12.0, "dead", None)
        .figure("Ledger", 3, Hedge::Exact, 13.0, "dead", None);
    check(case, FactStatus::Updated);
}

#[test]
fn the_headline_figure_is_the_one_most_sources_give_on_the_latest_day() {
    let case = Case::new()
        .figure("Wire", 2, Hedge::AtLeast, 12.0, "dead", None)
        .figure("Ledger", 6, Hedge::Exact, 31.0, "dead", None)
        .figure("Times", 6, Hedge::Exact, 31.0, "dead", None)
        .figure("Post", 6, Hedge::AtLeast, 29.0, "dead", None);
    let findings = case.findings();
    let fact = &findings.facts[0];
    let estimate = fact.estimate.as_ref().unwrap();
    assert_eq!(estimate.best, 31.0);
    assert_eq!(estimate.low, 29.0);
    assert_eq!(estimate.high, None, "an open bound leaves the high open");
    assert_eq!(estimate.as_of, Some(jiff::civil::date(2026, 3, 6)));
    assert_eq!(fact.first_reported_by, Some(ArticleId("a0".into())));
    assert_eq!(fact.independent_sources, 4);
}

/// Articles with real text and no claims, for provenance.
fn plain(texts: &[(&str, &str)]) -> (Vec<Article>, Vec<ArticleClaims>) {
    let articles = texts
        .iter()
        .enumerate()
        .map(|(i, (outlet, text))| Article {
            id: ArticleId(format!("p{i}")),
            key: format!("p{i}"),
            url: None,
            outlet: Some(outlet.to_string()),
            title: None,
            published_at: Some(
                jiff::Timestamp::from_second(1_780_000_000 + i as i64 * 3600).unwrap(),
            ),
            language: Some("en".into()),
            text: text.to_string(),
            origin: "test".into(),
            signals: Default::default(),
        })
        .collect();
    let claims = texts.iter().map(|_| ArticleClaims::default()).collect();
    (articles, claims)
}

#[test]
fn credits_and_reused_sentences_are_found() {
    let original = "Forty-six road bridges have missed their mandatory inspection, internal documents show. \
                    The agency cut its team of inspectors from fourteen to six over three years. \
                    Engineers warned in writing that the backlog was a growing risk.";
    let rewrite = "Dozens of bridges in the province are overdue for inspection, according to a report by \
                   The Westbrook Sentinel. The agency cut its team of inspectors from fourteen to six over \
                   three years. Engineers warned in writing that the backlog was a growing risk. The \
                   minister has promised an audit.";
    let unrelated = "Westbrook police said on Monday that the regatta would close the river for a day. \
                     Officials said the weather looked fine.";
    let (articles, claims) = plain(&[
        ("The Westbrook Sentinel", original),
        ("Calder Evening News", rewrite),
        ("Harbour Radio", unrelated),
    ]);
    let story: Vec<StoryArticle<'_>> = articles
        .iter()
        .zip(&claims)
        .map(|(article, claims)| StoryArticle {
            article,
            claims,
            duplicate_of: None,
        })
        .collect();
    let provenance = compare_story(&story).provenance;
    assert_eq!(
        provenance
            .first_report
            .as_ref()
            .map(|f| f.article.0.as_str()),
        Some("p0")
    );
    assert_eq!(provenance.credited.len(), 1, "{:#?}", provenance.credited);
    let credit = &provenance.credited[0];
    assert_eq!(credit.article, Some(ArticleId("p0".into())));
    assert_eq!(credit.credited_by.len(), 1);
    assert_eq!(credit.credited_by[0].article, ArticleId("p1".into()));
    assert_eq!(provenance.reuse.len(), 1, "{:#?}", provenance.reuse);
    let reuse = &provenance.reuse[0];
    assert_eq!(reuse.article.article, ArticleId("p1".into()));
    assert_eq!(reuse.original.article, ArticleId("p0".into()));
    assert_eq!(reuse.shared_sentences, 2);
    assert!(reuse.credited);
}

#[test]
fn rewrites_crediting_one_original_rest_on_it() {
    let mut case = Case::new()
        .figure(
            "The Westbrook Sentinel",
            13,
            Hedge::Exact,
            46.0,
            "bridges",
            None,
        )
        .figure(
            "Calder Evening News",
            13,
            Hedge::Exact,
            46.0,
            "bridges",
            None,
        )
        .figure(
            "Northfield Standard",
            14,
            Hedge::Exact,
            46.0,
            "bridges",
            None,
        );
    case.articles[1]
        .text
        .push_str(" The figures come from a report by The Westbrook Sentinel.");
    case.articles[2]
        .text
        .push_str(" As The Westbrook Sentinel revealed this week, the agency is short of staff.");
    let findings = case.findings();
    let fact = &findings.facts[0];
    assert_eq!(fact.status, FactStatus::Agreed, "{}", fact.reason);
    assert_eq!(
        fact.rests_on,
        Some(ArticleId("a0".into())),
        "{}",
        fact.reason
    );
    assert_eq!(fact.independent_sources, 1);
    assert!(
        fact.reason.contains("rests on that report alone"),
        "{}",
        fact.reason
    );
}
