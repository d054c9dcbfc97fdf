//! Lays the sources of one story side by side.
//!
//! Input: the story's articles with their claims and which ones copy another. Output: facts
//! (figures aligned by what they count, quotes aligned by speaker and wording) each with a
//! verdict and the reason for it in words, and a timeline of dated events. Every value names
//! the sentences it came from.
//!
//! Invariants: a pure function of its input (no I/O, no clock), deterministic, and nothing in
//! the output without at least one [`model::report::SourceRef`] pointing into an article text.

mod brief;
pub mod coref;
mod provenance;
mod quantities;
mod quotes;
mod timeline;

use model::report::{ArticleLink, BriefSentence, Fact, Provenance, SourceRef, TimelineEntry};
use model::{Article, ArticleClaims, ArticleId, Span};
use std::collections::HashMap;

/// One article of the story as the comparison sees it.
#[derive(Debug, Clone, Copy)]
pub struct StoryArticle<'a> {
    pub article: &'a Article,
    pub claims: &'a ArticleClaims,
    /// The article of the story this one repeats, if any.
    pub duplicate_of: Option<&'a ArticleId>,
}

/// What the comparison found in one story.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryFindings {
    pub facts: Vec<Fact>,
    pub timeline: Vec<TimelineEntry>,
    pub brief: Vec<BriefSentence>,
    pub provenance: Provenance,
}

/// Compares the sources of one story. `articles` may come in any order.
pub fn compare_story(articles: &[StoryArticle<'_>]) -> StoryFindings {
    let mut ordered: Vec<StoryArticle<'_>> = articles.to_vec();
    ordered.sort_by(|a, b| {
        (
            a.article.published_at.is_none(),
            a.article.published_at,
            &a.article.id,
        )
            .cmp(&(
                b.article.published_at.is_none(),
                b.article.published_at,
                &b.article.id,
            ))
    });
    let found = provenance::provenance(&ordered);
    let mut facts = quantities::quantity_facts(&ordered, &found.relays);
    facts.extend(quotes::quote_facts(&ordered));
    // Ids name a fact by what it is about; two facts about the same thing get a count.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for fact in &mut facts {
        let count = seen.entry(fact.id.clone()).or_default();
        *count += 1;
        if *count > 1 {
            fact.id = format!("{}-{count}", fact.id);
        }
    }
    let brief = brief::brief(&ordered, &facts, &found);
    StoryFindings {
        facts,
        timeline: timeline::timeline(&ordered),
        brief,
        provenance: found.provenance,
    }
}

/// An article named by id, outlet and publication time.
pub(crate) fn article_link(article: &Article) -> ArticleLink {
    ArticleLink {
        article: article.id.clone(),
        outlet: article.outlet_label(),
        published_at: article.published_at,
    }
}

/// The article of `sources` published first (undated ones last, then by id).
pub(crate) fn first_source(sources: &[&SourceRef]) -> Option<ArticleId> {
    sources
        .iter()
        .min_by(|a, b| {
            (a.published_at.is_none(), a.published_at, &a.article).cmp(&(
                b.published_at.is_none(),
                b.published_at,
                &b.article,
            ))
        })
        .map(|s| s.article.clone())
}

/// A source reference to the sentence `sentence` of `article`.
pub(crate) fn source_ref(article: &Article, sentence: Span) -> SourceRef {
    let text = sentence.slice(&article.text).unwrap_or_default();
    SourceRef {
        article: article.id.clone(),
        outlet: article.outlet_label(),
        published_at: article.published_at,
        sentence: text.to_string(),
        span: sentence,
    }
}

/// The independent origin of an article: itself, or the article it copies.
pub(crate) fn origin<'a>(article: &StoryArticle<'a>) -> &'a ArticleId {
    article.duplicate_of.unwrap_or(&article.article.id)
}

/// "Outlet A, Outlet B and Outlet C".
pub(crate) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The distinct outlets of some sources, in order of first appearance.
pub(crate) fn outlets(sources: &[SourceRef]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for source in sources {
        if !names.contains(&source.outlet) {
            names.push(source.outlet.clone());
        }
    }
    names
}

pub(crate) fn short_date(date: jiff::civil::Date) -> String {
    date.strftime("%-d %b %Y").to_string()
}

/// A sentence without its dateline: "LINDQVIST, Veska Province (Meridian) — At least 12 ..."
/// gives "At least 12 ...". A dateline is a short opening in capitals or with an agency in
/// brackets, before a dash.
pub(crate) fn strip_dateline(sentence: &str) -> &str {
    for dash in [" — ", " – ", " - ", ".– ", " -- "] {
        if let Some(at) = sentence.find(dash)
            && at <= 80
        {
            let head = &sentence[..at];
            let first_word_caps = head
                .split(|c: char| c == ',' || c.is_whitespace())
                .next()
                .is_some_and(|w| w.len() >= 3 && w.chars().all(|c| !c.is_lowercase()));
            if first_word_caps || head.trim_end().ends_with(')') {
                return sentence[at + dash.len()..].trim_start();
            }
        }
    }
    sentence
}
