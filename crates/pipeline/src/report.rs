//! Reports: a story's articles and claims from the store, compared.

use crate::PipelineError;
use model::report::{ArticleRef, FactStatus, REPORT_VERSION, Report, StoryReport};
use model::review::{Decision, ReviewAction};
use model::{Article, ArticleClaims, Diagnostic, Span, Story, StoryId};
use store::newsroom::BuiltReport;
use store::{NewsroomStore, Store, StoreError};

/// What a built report depends on beside its story's members and decisions: the claims stage
/// that wrote the stored claims, the report format and this build's comparison.
pub fn report_inputs_version() -> String {
    format!(
        "{}/{}/{}",
        claims::output_version(),
        REPORT_VERSION,
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether a rejected extraction covers this claim's sentence.
fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// Leaves out of an article's claims the extractions editors rejected: figures (of the
/// rejected fact's measure, when the decision names it) and quotes (of its speaker) in the
/// rejected sentence.
fn without_rejected(article: &Article, claims: &mut ArticleClaims, decisions: &[Decision]) {
    for decision in decisions {
        if decision.action != ReviewAction::Reject || decision.article.as_ref() != Some(&article.id)
        {
            continue;
        }
        let Some(span) = decision.span else { continue };
        // Quote facts (`quote-…`) and reported statements (`statement-…`) come from quotes.
        let is_quote = decision
            .fact
            .as_deref()
            .is_some_and(|f| f.starts_with("quote") || f.starts_with("statement"));
        let named = decision.value.as_deref();
        if is_quote {
            claims.quotes.retain(|q| {
                !(overlaps(q.sentence, span)
                    && named.is_none_or(|n| q.speaker.as_deref().is_none_or(|s| s == n)))
            });
        } else {
            claims
                .quantities
                .retain(|q| !(overlaps(q.sentence, span) && named.is_none_or(|n| q.measure == n)));
        }
    }
}

/// The report of one stored story, without editors' decisions.
pub fn story_report(store: &dyn Store, story: &Story) -> Result<StoryReport, PipelineError> {
    story_report_reviewed(store, story, &[])
}

/// The report of one stored story with editors' decisions applied: rejected extractions are
/// left out before comparing, each fact carries its standing confirmation, and the decisions
/// are listed.
pub fn story_report_reviewed(
    store: &dyn Store,
    story: &Story,
    decisions: &[Decision],
) -> Result<StoryReport, PipelineError> {
    let mut loaded: Vec<(Article, ArticleClaims)> = Vec::with_capacity(story.members.len());
    for member in &story.members {
        let article = store.article(&member.article)?.ok_or_else(|| {
            StoreError::Corrupt(format!(
                "story {} names missing article {}",
                story.id, member.article
            ))
        })?;
        let mut claims = store.claims(&member.article)?.unwrap_or_default();
        without_rejected(&article, &mut claims, decisions);
        loaded.push((article, claims));
    }
    let inputs: Vec<compare::StoryArticle<'_>> = loaded
        .iter()
        .zip(&story.members)
        .map(|((article, claims), member)| compare::StoryArticle {
            article,
            claims,
            duplicate_of: member.duplicate_of.as_ref(),
        })
        .collect();
    let findings = compare::compare_story(&inputs);
    let articles = loaded
        .iter()
        .zip(&story.members)
        .map(|((article, _), member)| ArticleRef {
            id: article.id.clone(),
            url: article.url.clone(),
            outlet: article.outlet_label(),
            title: article.title.clone(),
            published_at: article.published_at,
            language: article.language.clone(),
            duplicate_of: member.duplicate_of.clone(),
            signals: article.signals.clone(),
        })
        .collect();
    let mut facts = findings.facts;
    for fact in &mut facts {
        fact.review = decisions
            .iter()
            .rfind(|d| {
                d.fact.as_deref() == Some(fact.id.as_str())
                    && matches!(d.action, ReviewAction::Confirm | ReviewAction::Reopen)
            })
            .filter(|d| d.action == ReviewAction::Confirm)
            .cloned();
    }
    Ok(StoryReport {
        id: story.id.clone(),
        title: story.title.clone(),
        first_published_at: story.first_published_at,
        articles,
        facts,
        timeline: findings.timeline,
        brief: findings.brief,
        provenance: findings.provenance,
        reviews: decisions.to_vec(),
    })
}

/// Whether a fact waits for an editor: no editor has confirmed a value, and it is disputed,
/// or it is a figure whose agreement rests on one original report that the others copy or
/// credit (a low-confidence agreement).
pub fn fact_pending(fact: &model::report::Fact) -> bool {
    fact.review.is_none()
        && (fact.status == FactStatus::Disputed
            || (fact.kind == model::report::FactKind::Quantity
                && fact.rests_on.is_some()
                && fact.values.iter().map(|v| v.sources.len()).sum::<usize>() > 1))
}

/// Builds a story's report for the newsroom, with its decisions applied and what the story
/// list filters and searches by. `None` when the story is gone.
pub fn build_story(
    store: &dyn NewsroomStore,
    id: &StoryId,
    now: jiff::Timestamp,
) -> Result<Option<BuiltReport>, PipelineError> {
    let Some(story) = store.story(id)? else {
        return Ok(None);
    };
    let decisions = store.decisions(id)?;
    let report = story_report_reviewed(store, &story, &decisions)?;
    let mut languages: Vec<String> = report
        .articles
        .iter()
        .filter_map(|a| a.language.clone())
        .collect();
    languages.sort();
    languages.dedup();
    let mut outlets: Vec<String> = report.articles.iter().map(|a| a.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    // Entities named in the story, most mentioned first, at most 64.
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for member in &story.members {
        if let Some(claims) = store.claims(&member.article)? {
            for entity in &claims.entities {
                if !entity.name.is_empty() {
                    *counts.entry(entity.name.to_lowercase()).or_default() += 1;
                }
            }
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let entities: Vec<String> = ranked.into_iter().take(64).map(|(n, _)| n).collect();
    let mut search_text = String::new();
    for line in report
        .brief
        .iter()
        .map(|b| b.text.as_str())
        .chain(report.facts.iter().map(|f| f.summary.as_str()))
        .chain(entities.iter().map(String::as_str))
        .chain(report.articles.iter().map(|a| a.outlet.as_str()))
    {
        search_text.push_str(line);
        search_text.push('\n');
    }
    Ok(Some(BuiltReport {
        members: story.members.len(),
        decisions: decisions.len(),
        claims_version: report_inputs_version(),
        built_at: now.as_second(),
        disputed: report
            .facts
            .iter()
            .filter(|f| f.status == FactStatus::Disputed)
            .count(),
        pending: report.facts.iter().filter(|f| fact_pending(f)).count(),
        languages,
        outlets,
        entities,
        search_text,
        report,
    }))
}

/// The report of the given stories (all stories when `only` is `None`), largest first.
pub fn build_report(
    store: &dyn NewsroomStore,
    only: Option<&[StoryId]>,
    diagnostics: Vec<Diagnostic>,
) -> Result<Report, PipelineError> {
    let mut stories = Vec::new();
    for summary in store.stories()? {
        if only.is_some_and(|ids| !ids.contains(&summary.id)) {
            continue;
        }
        if let Some(story) = store.story(&summary.id)? {
            let decisions = store.decisions(&summary.id)?;
            stories.push(story_report_reviewed(store, &story, &decisions)?);
        }
    }
    stories.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.first_published_at.cmp(&b.first_published_at))
            .then(a.id.cmp(&b.id))
    });
    Ok(Report {
        report_version: REPORT_VERSION.to_string(),
        stories,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Hedge, Quantity, Quote, StoryId};

    fn decision(fact: &str, value: Option<&str>, span: Span) -> Decision {
        Decision {
            id: 1,
            story: StoryId("s-1".into()),
            fact: Some(fact.into()),
            action: ReviewAction::Reject,
            value: value.map(str::to_string),
            article: Some(model::ArticleId("a1".into())),
            span: Some(span),
            note: None,
            by: "ed".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn rejections_leave_out_only_what_they_name() {
        let article = Article {
            id: model::ArticleId("a1".into()),
            key: "a1".into(),
            url: None,
            outlet: None,
            title: None,
            published_at: None,
            language: Some("en".into()),
            text: String::new(),
            origin: "test".into(),
            signals: Default::default(),
        };
        let figure = |measure: &str, sentence: Span| Quantity {
            span: sentence,
            sentence,
            text: "12".into(),
            value: 12.0,
            low: Some(12.0),
            high: Some(12.0),
            hedge: Hedge::Exact,
            measure: measure.into(),
            counted: String::new(),
            unit: None,
            as_of: None,
            as_of_stated: false,
        };
        let quote = |speaker: &str, sentence: Span, direct: bool| Quote {
            span: sentence,
            sentence,
            content: "words".into(),
            speaker: Some(speaker.into()),
            speaker_span: None,
            cue: None,
            cue_span: None,
            direct,
        };
        let first = Span { start: 0, end: 10 };
        let second = Span { start: 12, end: 30 };
        let mut claims = ArticleClaims {
            quantities: vec![
                figure("dead", first),
                figure("missing", first),
                figure("dead", second),
            ],
            quotes: vec![
                quote("Helena Varga", first, false),
                quote("Tomas Reyes", first, false),
                quote("Helena Varga", second, true),
            ],
            ..Default::default()
        };
        without_rejected(
            &article,
            &mut claims,
            &[
                decision("quantity-dead", Some("dead"), first),
                decision("statement-helena-varga-1", Some("Helena Varga"), first),
            ],
        );
        let figures: Vec<(&str, usize)> = claims
            .quantities
            .iter()
            .map(|q| (q.measure.as_str(), q.sentence.start))
            .collect();
        assert_eq!(figures, vec![("missing", 0), ("dead", 12)]);
        let quotes: Vec<(&str, usize)> = claims
            .quotes
            .iter()
            .map(|q| (q.speaker.as_deref().unwrap_or(""), q.sentence.start))
            .collect();
        assert_eq!(quotes, vec![("Tomas Reyes", 0), ("Helena Varga", 12)]);
    }
}
