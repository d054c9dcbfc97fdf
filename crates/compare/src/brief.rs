//! A short account of a story made of its articles' own sentences, each cited.
//!
//! The brief opens with the first report's lead, then gives, for each figure several sources
//! speak of, the sentence that states its latest value; then the quote most outlets carry, and
//! the lead of the newest article. Each sentence is cited with every article that carries it
//! (a copy, a near-verbatim reuse) or states the same value or quote. Sentences run in the
//! order of publication, the lead first.

use crate::provenance::Findings;
use crate::{StoryArticle, source_ref, strip_dateline};
use model::Span;
use model::report::{BriefSentence, Fact, FactKind, FactStatus, SourceRef};

/// Most sentences in a brief.
const MAX_SENTENCES: usize = 6;
/// Most sentences given to figures.
const MAX_FIGURES: usize = 3;
/// Fewest words for an article's lead sentence to open the brief.
const MIN_LEAD_WORDS: usize = 8;

struct Chosen {
    article: usize,
    span: Span,
    sources: Vec<SourceRef>,
}

pub fn brief(
    articles: &[StoryArticle<'_>],
    facts: &[Fact],
    found: &Findings,
) -> Vec<BriefSentence> {
    let mut chosen: Vec<Chosen> = Vec::new();
    let position = |id: &model::ArticleId| articles.iter().position(|a| &a.article.id == id);
    if let Some(lead) = lead(articles, 0) {
        chosen.push(Chosen {
            article: 0,
            span: lead,
            sources: Vec::new(),
        });
    }
    // Disputes first: both sides of one are told, each in its own source's words.
    let mut ordered: Vec<&Fact> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Quantity && f.status != FactStatus::SingleSource)
        .collect();
    ordered.sort_by_key(|f| f.status != FactStatus::Disputed);
    for fact in ordered {
        if chosen.len() > MAX_FIGURES {
            break;
        }
        let told = |chosen: &[Chosen], value: &model::report::FactValue| {
            value.sources.iter().any(|s| {
                chosen
                    .iter()
                    .any(|c| articles[c.article].article.id == s.article && c.span == s.span)
            })
        };
        let sides: Vec<&model::report::FactValue> = match fact.status {
            FactStatus::Disputed => conflict(fact).into_iter().flatten().collect(),
            _ => {
                if fact.values.iter().any(|v| told(&chosen, v)) {
                    continue;
                }
                fact.values.last().into_iter().collect()
            }
        };
        for value in sides {
            if told(&chosen, value) {
                continue;
            }
            if let Some(first) = value.sources.first()
                && let Some(article) = position(&first.article)
            {
                add(&mut chosen, article, first.span, &[]);
            }
        }
    }
    if let Some(quote) = facts
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Quote) && f.status != FactStatus::SingleSource)
        .max_by_key(|f| (f.independent_sources, std::cmp::Reverse(f.id.clone())))
    {
        let sources: Vec<SourceRef> = quote
            .values
            .iter()
            .flat_map(|v| v.sources.iter().cloned())
            .collect();
        if let Some(first) = sources.first()
            && let Some(article) = position(&first.article)
        {
            add(&mut chosen, article, first.span, &sources);
        }
    }
    // The newest independent article's lead: where the story stands.
    if let Some(newest) = (0..articles.len())
        .rev()
        .find(|&i| articles[i].duplicate_of.is_none())
        && newest != 0
        && let Some(span) = lead(articles, newest)
    {
        add(&mut chosen, newest, span, &[]);
    }
    let lead_sentence = chosen.first().map(|c| (c.article, c.span));
    chosen.sort_by_key(|c| {
        (
            Some((c.article, c.span)) != lead_sentence,
            c.article,
            c.span.start,
        )
    });
    chosen
        .into_iter()
        .filter_map(|c| {
            let own = source_ref(articles[c.article].article, c.span);
            let text = strip_dateline(&own.sentence).to_string();
            let mut sources = vec![own];
            for source in c.sources {
                if !sources.iter().any(|s| s.article == source.article) {
                    sources.push(source);
                }
            }
            let stated = stating(facts, &sources[0]);
            for source in carriers(articles, found, c.article, c.span)
                .into_iter()
                .chain(stated)
            {
                if !sources.iter().any(|s| s.article == source.article) {
                    sources.push(source);
                }
            }
            (!text.is_empty()).then_some(BriefSentence { text, sources })
        })
        .take(MAX_SENTENCES)
        .collect()
}

/// The articles that state every figure a sentence states, each with a value compatible with
/// the sentence's ("at least 27" and "27", not "more than 2,000" and "about 4,500"): a sentence
/// giving a disputed figure is not cited to the side of the dispute it contradicts.
fn stating(facts: &[Fact], sentence: &SourceRef) -> Vec<SourceRef> {
    let within = |v: &model::report::FactValue, x: f64| {
        v.low.is_none_or(|low| low <= x) && v.high.is_none_or(|high| x <= high)
    };
    let figure = |v: &model::report::FactValue| v.low.or(v.high);
    let mut agreeing: Option<Vec<SourceRef>> = None;
    for fact in facts.iter().filter(|f| f.kind == FactKind::Quantity) {
        let Some(stated) = fact.values.iter().find(|v| {
            v.sources
                .iter()
                .any(|s| s.article == sentence.article && s.span == sentence.span)
        }) else {
            continue;
        };
        let mut these: Vec<SourceRef> = Vec::new();
        for value in &fact.values {
            let fits = match (figure(stated), figure(value)) {
                (Some(a), Some(b)) => within(value, a) && within(stated, b),
                _ => false,
            };
            if fits {
                these.extend(value.sources.iter().cloned());
            }
        }
        agreeing = Some(match agreeing {
            None => these,
            Some(before) => before
                .into_iter()
                .filter(|s| these.iter().any(|t| t.article == s.article))
                .collect(),
        });
    }
    agreeing.unwrap_or_default()
}

/// Two values of a fact that cannot both hold on one day: disjoint intervals, same `as_of`.
fn conflict(fact: &Fact) -> Option<[&model::report::FactValue; 2]> {
    let interval = |v: &model::report::FactValue| {
        (
            v.low.unwrap_or(f64::NEG_INFINITY),
            v.high.unwrap_or(f64::INFINITY),
        )
    };
    for (i, a) in fact.values.iter().enumerate() {
        for b in &fact.values[i + 1..] {
            let (x, y) = (interval(a), interval(b));
            if a.as_of.is_some() && a.as_of == b.as_of && (x.1 < y.0 || y.1 < x.0) {
                return Some([a, b]);
            }
        }
    }
    None
}

/// Adds a sentence unless it, or a sentence reused from it, is already in.
fn add(chosen: &mut Vec<Chosen>, article: usize, span: Span, sources: &[SourceRef]) {
    if let Some(existing) = chosen
        .iter_mut()
        .find(|c| c.article == article && c.span == span)
    {
        for source in sources {
            if !existing.sources.iter().any(|s| s.article == source.article) {
                existing.sources.push(source.clone());
            }
        }
        return;
    }
    chosen.push(Chosen {
        article,
        span,
        sources: sources.to_vec(),
    });
}

/// The first sentence of an article with enough words to tell the story.
fn lead(articles: &[StoryArticle<'_>], index: usize) -> Option<Span> {
    let text = &articles.get(index)?.article.text;
    text::sentences(text).into_iter().find(|span| {
        span.slice(text)
            .is_some_and(|s| text::words(strip_dateline(s)).count() >= MIN_LEAD_WORDS)
    })
}

/// The articles carrying sentence `span` of article `index` nearly word for word: the one it
/// was taken from and the later ones that took it.
fn carriers(
    articles: &[StoryArticle<'_>],
    found: &Findings,
    index: usize,
    span: Span,
) -> Vec<SourceRef> {
    let mut out = Vec::new();
    let origin = found.reused[index]
        .iter()
        .find(|(own, _, _)| *own == span)
        .map_or((index, span), |(_, a, s)| (*a, *s));
    if origin.0 != index {
        out.push(source_ref(articles[origin.0].article, origin.1));
    }
    for (other, reused) in found.reused.iter().enumerate() {
        if other == index {
            continue;
        }
        for (own, from, from_span) in reused {
            if (*from, *from_span) == origin || (*from == index && *from_span == span) {
                out.push(source_ref(articles[other].article, *own));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_cut_and_other_dashes_kept() {
        assert_eq!(
            strip_dateline("LINDQVIST, Veska Province (Meridian) — At least 12 people have died."),
            "At least 12 people have died."
        );
        assert_eq!(
            strip_dateline("MIROVALE, Sept 15 (Southland Wire) - One person has died."),
            "One person has died."
        );
        assert_eq!(
            strip_dateline("The dam held — for now, officials said."),
            "The dam held — for now, officials said."
        );
    }
}
