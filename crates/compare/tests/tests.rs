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

    fn verdict(&self) -> (FactStatus, String) {
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
        let findings = compare_story(&story);
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

#[test]
fn quotes_group_by_speaker_and_wording() {
    let texts = [
        "“We have never seen the water rise this fast,” Varga said.",
        "“We have never seen the water rise this fast,” said Helena Varga.",
        "Varga said the water had risen faster than anyone had ever seen.",
        "“The dam held,” said Ines Albero.",
    ];
    let speakers = [
        "Helena Varga",
        "Helena Varga",
        "Helena Varga",
        "Ines Albero",
    ];
    let mut articles = Vec::new();
    let mut claims = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let direct = text.starts_with('“');
        let content = if direct {
            text.split('“')
                .nth(1)
                .unwrap()
                .split(['”', ','])
                .next()
                .unwrap()
                .to_string()
        } else {
            "the water had risen faster than anyone had ever seen".to_string()
        };
        articles.push(Article {
            id: ArticleId(format!("a{i}")),
            key: format!("k{i}"),
            url: None,
            outlet: Some(format!("Outlet {i}")),
            title: None,
            published_at: None,
            language: Some("en".into()),
            text: text.to_string(),
            origin: "test".into(),
            signals: Default::default(),
        });
        claims.push(ArticleClaims {
            quotes: vec![Quote {
                span: Span::new(0, 1),
                sentence: Span::new(0, text.len()),
                content,
                speaker: Some(speakers[i].into()),
                speaker_span: None,
                cue: Some("said".into()),
                cue_span: None,
                direct,
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
    let facts = compare_story(&story).facts;
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
