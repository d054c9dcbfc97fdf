//! Reports: a story's articles and claims from the store, compared.

use crate::PipelineError;
use model::report::{ArticleRef, REPORT_VERSION, Report, StoryReport};
use model::{Article, ArticleClaims, Diagnostic, Story, StoryId};
use store::{Store, StoreError};

/// The report of one stored story.
pub fn story_report(store: &dyn Store, story: &Story) -> Result<StoryReport, PipelineError> {
    let mut loaded: Vec<(Article, ArticleClaims)> = Vec::with_capacity(story.members.len());
    for member in &story.members {
        let article = store.article(&member.article)?.ok_or_else(|| {
            StoreError::Corrupt(format!(
                "story {} names missing article {}",
                story.id, member.article
            ))
        })?;
        let claims = store.claims(&member.article)?.unwrap_or_default();
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
    Ok(StoryReport {
        id: story.id.clone(),
        title: story.title.clone(),
        first_published_at: story.first_published_at,
        articles,
        facts: findings.facts,
        timeline: findings.timeline,
        brief: findings.brief,
        provenance: findings.provenance,
    })
}

/// The report of the given stories (all stories when `only` is `None`), largest first.
pub fn build_report(
    store: &dyn Store,
    only: Option<&[StoryId]>,
    diagnostics: Vec<Diagnostic>,
) -> Result<Report, PipelineError> {
    let mut stories = Vec::new();
    for summary in store.stories()? {
        if only.is_some_and(|ids| !ids.contains(&summary.id)) {
            continue;
        }
        if let Some(story) = store.story(&summary.id)? {
            stories.push(story_report(store, &story)?);
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
