//! Reports for people: Markdown in which every stated value cites numbered sources.

use model::StorySummary;
use model::report::{FactKind, FactStatus, Report, SourceRef, StoryReport};
use model::signals::{ArticleKind, CorrectionKind, MachineScope, Signals};
use std::fmt::Write;

fn when(ts: Option<jiff::Timestamp>) -> String {
    ts.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "undated".into())
}

fn status_label(status: FactStatus) -> &'static str {
    match status {
        FactStatus::Agreed => "Agreed",
        FactStatus::Updated => "Updated",
        FactStatus::Disputed => "Disputed",
        FactStatus::SingleSource => "Single source",
    }
}

/// Escapes text for a Markdown table cell or list line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `[1][4]`: the numbers of the articles behind some sources, each once.
fn cite(story: &StoryReport, sources: &[SourceRef]) -> String {
    let mut numbers: Vec<usize> = sources
        .iter()
        .filter_map(|s| {
            story
                .articles
                .iter()
                .position(|a| a.id == s.article)
                .map(|p| p + 1)
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers.iter().map(|n| format!("[{n}]")).collect()
}

/// A figure as a reader writes it: no trailing ".0", thousands grouped.
fn number(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return format!("{value}");
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// One list line: a text and its citations.
fn cited(out: &mut String, story: &StoryReport, bullet: &str, text: &str, sources: &[SourceRef]) {
    let _ = writeln!(out, "{bullet} {} {}", cell(text), cite(story, sources));
}

pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let articles: usize = report.stories.iter().map(|s| s.articles.len()).sum();
    let _ = writeln!(out, "# Corroborate report\n");
    let _ = writeln!(
        out,
        "{} stor{} from {} article(s) · report format {}\n",
        report.stories.len(),
        if report.stories.len() == 1 {
            "y"
        } else {
            "ies"
        },
        articles,
        report.report_version
    );
    for story in &report.stories {
        story_markdown(&mut out, story);
    }
    if !report.diagnostics.is_empty() {
        let _ = writeln!(out, "## Input problems\n");
        for diagnostic in &report.diagnostics {
            let _ = writeln!(out, "- {}", cell(&diagnostic.to_string()));
        }
        out.push('\n');
    }
    out
}

fn story_markdown(out: &mut String, story: &StoryReport) {
    let outlets: std::collections::BTreeSet<&str> =
        story.articles.iter().map(|a| a.outlet.as_str()).collect();
    let copies = story
        .articles
        .iter()
        .filter(|a| a.duplicate_of.is_some())
        .count();
    let _ = writeln!(out, "## {}\n", cell(&story.title));
    let first = story.articles.first();
    let _ = writeln!(
        out,
        "Story `{}` · first published {} by {} [1] · {} article(s) from {} outlet(s){}\n",
        story.id,
        when(story.first_published_at),
        first.map(|a| a.outlet.as_str()).unwrap_or("?"),
        story.articles.len(),
        outlets.len(),
        if copies > 0 {
            format!(" · {copies} copy/copies of another article")
        } else {
            String::new()
        }
    );

    if !story.brief.is_empty() {
        let _ = writeln!(out, "### Brief\n");
        for sentence in &story.brief {
            cited(out, story, "-", &sentence.text, &sentence.sources);
        }
        out.push('\n');
    }

    let _ = writeln!(out, "### Sources\n");
    let _ = writeln!(out, "| # | Outlet | Published | Lang | Headline | Note |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (index, article) in story.articles.iter().enumerate() {
        let note = match &article.duplicate_of {
            Some(original) => {
                let n = story
                    .articles
                    .iter()
                    .position(|a| &a.id == original)
                    .map(|p| p + 1)
                    .unwrap_or(0);
                format!("copy of [{n}]")
            }
            None => String::new(),
        };
        let note = with_signal_tags(note, &article.signals, cell);
        let _ = writeln!(
            out,
            "| [{}] | {} | {} | {} | {} | {} |",
            index + 1,
            cell(&article.outlet),
            when(article.published_at),
            article.language.as_deref().unwrap_or("?"),
            cell(article.title.as_deref().unwrap_or("")),
            note
        );
    }
    out.push('\n');

    let figures: Vec<_> = story
        .facts
        .iter()
        .filter(|f| f.kind == FactKind::Quantity)
        .collect();
    if !figures.is_empty() {
        let _ = writeln!(out, "### Figures\n");
        // Disputes first: they are what an editor must look at.
        let mut ordered = figures.clone();
        ordered.sort_by_key(|f| match f.status {
            FactStatus::Disputed => 0,
            FactStatus::Updated => 1,
            FactStatus::Agreed => 2,
            FactStatus::SingleSource => 3,
        });
        for fact in ordered {
            let headline = match &fact.estimate {
                Some(estimate) if fact.status != FactStatus::SingleSource => {
                    let high = estimate
                        .high
                        .map(number)
                        .unwrap_or_else(|| "open".to_string());
                    let day = estimate
                        .as_of
                        .map(|d| format!(" as of {d}"))
                        .unwrap_or_default();
                    format!(
                        " Headline figure{day}: **{}** (low {}, high {high}).",
                        number(estimate.best),
                        number(estimate.low)
                    )
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "- **{}** — {}: {}.{headline}",
                status_label(fact.status),
                cell(fact.measure.as_deref().unwrap_or("figure")),
                cell(&fact.reason)
            );
            if let Some(review) = &fact.review {
                let note = review
                    .note
                    .as_deref()
                    .map(|n| format!(" ({})", cell(n)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  - confirmed by {} on {}: **{}**{note}",
                    cell(&review.by),
                    review.at.strftime("%Y-%m-%d"),
                    cell(review.value.as_deref().unwrap_or(""))
                );
            }
            for value in &fact.values {
                let as_of = value
                    .as_of
                    .map(|d| format!(" as of {d}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  - {}{} {}",
                    cell(&value.value),
                    as_of,
                    cite(story, &value.sources)
                );
            }
        }
        out.push('\n');
    }

    let quotes: Vec<_> = story
        .facts
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Quote | FactKind::Statement))
        .collect();
    if !quotes.is_empty() {
        let _ = writeln!(out, "### Quotes by speaker\n");
        // Speakers in the order the facts list them (most carried first).
        let mut speakers: Vec<&str> = Vec::new();
        for fact in &quotes {
            let speaker = fact.speaker.as_deref().unwrap_or("unknown speaker");
            if !speakers.contains(&speaker) {
                speakers.push(speaker);
            }
        }
        for speaker in speakers {
            let _ = writeln!(out, "- **{}**", cell(speaker));
            for fact in quotes
                .iter()
                .filter(|f| f.speaker.as_deref().unwrap_or("unknown speaker") == speaker)
            {
                let all: Vec<SourceRef> = fact
                    .values
                    .iter()
                    .flat_map(|v| v.sources.iter().cloned())
                    .collect();
                let _ = writeln!(
                    out,
                    "  - {} ({}): {}. {}",
                    if fact.kind == FactKind::Quote {
                        "quote"
                    } else {
                        "statement"
                    },
                    status_label(fact.status).to_lowercase(),
                    cell(&fact.reason),
                    cite(story, &all)
                );
                for value in &fact.values {
                    cited(out, story, "    -", &value.value, &value.sources);
                }
            }
        }
        out.push('\n');
    }

    let provenance = &story.provenance;
    if !provenance.summary.is_empty() {
        let _ = writeln!(out, "### Provenance\n");
        for line in &provenance.summary {
            let _ = writeln!(out, "- {}", cell(line));
        }
        for credit in &provenance.credited {
            let _ = writeln!(
                out,
                "  - credits to {}: {}",
                cell(&credit.name),
                cite(story, &credit.credited_by)
            );
        }
        out.push('\n');
    }

    if !story.timeline.is_empty() {
        let _ = writeln!(out, "### Timeline\n");
        for entry in &story.timeline {
            let _ = writeln!(
                out,
                "- **{}** — {} {}",
                entry.date.strftime("%a %-d %b %Y"),
                cell(&entry.summary),
                cite(story, &entry.sources)
            );
        }
        out.push('\n');
    }

    if !story.reviews.is_empty() {
        let _ = writeln!(out, "### Editors' decisions\n");
        for decision in &story.reviews {
            let what = [
                decision.fact.as_deref().map(|f| format!("on {f}")),
                decision.value.as_deref().map(|v| format!("“{}”", cell(v))),
                decision.article.as_ref().map(|a| format!("article {a}")),
                decision.note.as_deref().map(|n| format!("— {}", cell(n))),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            let _ = writeln!(
                out,
                "- {} {} {} {what}",
                decision.at.strftime("%Y-%m-%d %H:%M UTC"),
                cell(&decision.by),
                decision.action.as_str()
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "### References\n");
    for (index, article) in story.articles.iter().enumerate() {
        let _ = writeln!(
            out,
            "[{}] {}, {}: {} <{}>  ",
            index + 1,
            cell(&article.outlet),
            when(article.published_at),
            cell(article.title.as_deref().unwrap_or("(untitled)")),
            article.url.as_deref().unwrap_or(article.id.0.as_str())
        );
    }
    out.push('\n');
}

/// A source's note with short tags for its editorial signals: "opinion", "paywalled teaser",
/// "AI-generated (disclosed)", "corrected: …". `escape` readies quoted text for the output.
pub(crate) fn with_signal_tags(
    note: String,
    signals: &Signals,
    escape: impl Fn(&str) -> String,
) -> String {
    let kind = match signals.kind {
        ArticleKind::News => "",
        ArticleKind::Opinion => "opinion",
        ArticleKind::Editorial => "editorial",
        ArticleKind::Analysis => "analysis",
        ArticleKind::Review => "review",
        ArticleKind::Letter => "letter",
        ArticleKind::Sponsored => "sponsored",
        ArticleKind::Satire => "satire",
    };
    let mut tags: Vec<String> = vec![kind.to_string()];
    if let Some(paywall) = &signals.paywall {
        tags.push(
            if paywall.teaser {
                "paywalled teaser"
            } else {
                "paywalled"
            }
            .into(),
        );
    }
    let scopes = || signals.machine_generated.iter().map(|m| m.scope);
    if scopes().any(|s| s == MachineScope::Text) {
        tags.push("AI-generated (disclosed)".into());
    } else if scopes().any(|s| s == MachineScope::Illustration) {
        tags.push("AI illustration (disclosed)".into());
    }
    for correction in &signals.corrections {
        let label = match correction.kind {
            CorrectionKind::Correction => "corrected",
            CorrectionKind::Clarification => "clarified",
            CorrectionKind::Update => "updated",
            CorrectionKind::EditorNote => "editor's note",
        };
        let text = &correction.evidence.text;
        let short: String = text.chars().take(80).collect();
        let ellipsis = if short.len() < text.len() { "…" } else { "" };
        let short = short.split_whitespace().collect::<Vec<_>>().join(" ");
        tags.push(format!("{label}: {}{ellipsis}", escape(&short)));
    }
    std::iter::once(note)
        .chain(tags)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn story_table(stories: &[StorySummary]) -> String {
    let mut out = String::new();
    if stories.is_empty() {
        out.push_str("no stories yet: `corroborate ingest <INPUT>...` adds articles\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{:<16} {:<17} {:>8} {:>7}  TITLE",
        "ID", "FIRST PUBLISHED", "ARTICLES", "OUTLETS"
    );
    for story in stories {
        let first = story
            .first_published_at
            .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "undated".into());
        let _ = writeln!(
            out,
            "{:<16} {:<17} {:>8} {:>7}  {}",
            story.id.0, first, story.article_count, story.outlet_count, story.title
        );
    }
    out
}
