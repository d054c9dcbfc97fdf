//! The report as one self-contained HTML page (askama template, inline style, no script, no
//! external resource): brief, sources, facts coloured by verdict with a chart for figures that
//! moved, quotes by speaker, provenance, timeline and references. Every citation links to its
//! reference and shows the cited sentence when pointed at.

use askama::Template;
use model::report::{Fact, FactKind, FactStatus, Report, SourceRef, StoryReport};

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    version: &'a str,
    stories: Vec<StoryView<'a>>,
    diagnostics: Vec<String>,
}

struct StoryView<'a> {
    anchor: String,
    story: &'a StoryReport,
    meta: String,
    brief: Vec<Cited>,
    articles: Vec<ArticleView>,
    facts: Vec<FactView>,
    speakers: Vec<SpeakerView>,
    provenance: Vec<String>,
    credits: Vec<Cited>,
    timeline: Vec<Cited>,
}

/// A text with its citations.
struct Cited {
    text: String,
    cites: Vec<Cite>,
}

/// One citation: the reference number, its anchor and the sentence cited.
struct Cite {
    number: usize,
    anchor: String,
    sentence: String,
}

struct ArticleView {
    number: usize,
    anchor: String,
    outlet: String,
    published: String,
    language: String,
    title: String,
    url: Option<String>,
    note: String,
}

struct FactView {
    class: &'static str,
    status: &'static str,
    measure: String,
    reason: String,
    headline: String,
    values: Vec<Cited>,
    /// An inline SVG polyline of the figure over time, for facts that moved.
    chart: Option<Chart>,
}

struct Chart {
    points: String,
    dots: Vec<(String, String, String)>,
}

struct SpeakerView {
    name: String,
    quotes: Vec<QuoteView>,
}

struct QuoteView {
    kind: &'static str,
    class: &'static str,
    reason: String,
    wordings: Vec<Cited>,
}

fn when(ts: Option<jiff::Timestamp>) -> String {
    ts.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "undated".into())
}

fn status(status: FactStatus) -> (&'static str, &'static str) {
    match status {
        FactStatus::Agreed => ("agreed", "Agreed"),
        FactStatus::Updated => ("updated", "Updated"),
        FactStatus::Disputed => ("disputed", "Disputed"),
        FactStatus::SingleSource => ("single", "Single source"),
    }
}

fn cites(story: &StoryReport, anchor: &str, sources: &[SourceRef]) -> Vec<Cite> {
    let mut out: Vec<Cite> = Vec::new();
    for source in sources {
        let Some(index) = story.articles.iter().position(|a| a.id == source.article) else {
            continue;
        };
        if out.iter().any(|c| c.number == index + 1) {
            continue;
        }
        out.push(Cite {
            number: index + 1,
            anchor: format!("{anchor}-ref-{}", index + 1),
            sentence: source.sentence.clone(),
        });
    }
    out.sort_by_key(|c| c.number);
    out
}

fn cited(story: &StoryReport, anchor: &str, text: &str, sources: &[SourceRef]) -> Cited {
    Cited {
        text: text.to_string(),
        cites: cites(story, anchor, sources),
    }
}

/// Points of a figure's series on a 300 × 80 canvas: x by day, y by value.
fn chart(fact: &Fact) -> Option<Chart> {
    let series = web::chart::series(fact)?;
    let placed: Vec<(f64, f64, String)> = series
        .points
        .into_iter()
        .map(|p| (10.0 + 280.0 * p.x, 70.0 - 60.0 * p.y, p.label))
        .collect();
    Some(Chart {
        points: placed
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" "),
        dots: placed
            .into_iter()
            .map(|(x, y, label)| (format!("{x:.1}"), format!("{y:.1}"), label))
            .collect(),
    })
}

fn story_view<'a>(number: usize, story: &'a StoryReport) -> StoryView<'a> {
    let anchor = format!("s{number}");
    let articles = story
        .articles
        .iter()
        .enumerate()
        .map(|(index, article)| ArticleView {
            number: index + 1,
            anchor: format!("{anchor}-ref-{}", index + 1),
            outlet: article.outlet.clone(),
            published: when(article.published_at),
            language: article.language.clone().unwrap_or_else(|| "?".into()),
            title: article.title.clone().unwrap_or_default(),
            url: article.url.clone(),
            note: crate::render::with_signal_tags(
                article
                    .duplicate_of
                    .as_ref()
                    .and_then(|original| story.articles.iter().position(|a| &a.id == original))
                    .map(|p| format!("copy of [{}]", p + 1))
                    .unwrap_or_default(),
                &article.signals,
                str::to_string,
            ),
        })
        .collect();
    let mut figures: Vec<&Fact> = story
        .facts
        .iter()
        .filter(|f| f.kind == FactKind::Quantity)
        .collect();
    figures.sort_by_key(|f| match f.status {
        FactStatus::Disputed => 0,
        FactStatus::Updated => 1,
        FactStatus::Agreed => 2,
        FactStatus::SingleSource => 3,
    });
    let facts = figures
        .into_iter()
        .map(|fact| {
            let (class, label) = status(fact.status);
            let headline = match &fact.estimate {
                Some(e) if fact.status != FactStatus::SingleSource => format!(
                    "headline {}{} (low {}, high {})",
                    e.best,
                    e.as_of.map(|d| format!(" as of {d}")).unwrap_or_default(),
                    e.low,
                    e.high.map_or_else(|| "open".to_string(), |h| h.to_string())
                ),
                _ => String::new(),
            };
            FactView {
                class,
                status: label,
                measure: fact.measure.clone().unwrap_or_else(|| "figure".into()),
                reason: fact.reason.clone(),
                headline,
                values: fact
                    .values
                    .iter()
                    .map(|v| {
                        let day = v.as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
                        cited(story, &anchor, &format!("{}{day}", v.value), &v.sources)
                    })
                    .collect(),
                chart: chart(fact),
            }
        })
        .collect();
    let speakers: Vec<SpeakerView> = web::chart::by_speaker(&story.facts, "unknown speaker")
        .into_iter()
        .map(|(name, facts)| SpeakerView {
            name,
            quotes: facts
                .into_iter()
                .map(|fact| {
                    let (class, _) = status(fact.status);
                    QuoteView {
                        kind: if fact.kind == FactKind::Quote {
                            "quote"
                        } else {
                            "statement"
                        },
                        class,
                        reason: fact.reason.clone(),
                        wordings: fact
                            .values
                            .iter()
                            .map(|v| cited(story, &anchor, &v.value, &v.sources))
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let outlets: std::collections::BTreeSet<&str> =
        story.articles.iter().map(|a| a.outlet.as_str()).collect();
    StoryView {
        meta: format!(
            "first published {} · {} article(s) from {} outlet(s)",
            when(story.first_published_at),
            story.articles.len(),
            outlets.len()
        ),
        brief: story
            .brief
            .iter()
            .map(|b| cited(story, &anchor, &b.text, &b.sources))
            .collect(),
        articles,
        facts,
        speakers,
        provenance: story.provenance.summary.clone(),
        credits: story
            .provenance
            .credited
            .iter()
            .map(|c| cited(story, &anchor, &c.name, &c.credited_by))
            .collect(),
        timeline: story
            .timeline
            .iter()
            .map(|e| {
                cited(
                    story,
                    &anchor,
                    &format!("{} — {}", e.date.strftime("%a %-d %b %Y"), e.summary),
                    &e.sources,
                )
            })
            .collect(),
        anchor,
        story,
    }
}

/// The report as a self-contained HTML page.
pub fn html(report: &Report) -> Result<String, askama::Error> {
    Page {
        version: &report.report_version,
        stories: report
            .stories
            .iter()
            .enumerate()
            .map(|(i, s)| story_view(i + 1, s))
            .collect(),
        diagnostics: report.diagnostics.iter().map(|d| d.to_string()).collect(),
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::report::{ArticleRef, FactValue, Provenance, REPORT_VERSION};
    use model::{ArticleId, Span, StoryId};

    #[test]
    fn text_is_escaped_and_citations_link_to_references() {
        let source = SourceRef {
            article: ArticleId("a1".into()),
            outlet: "The <Gazette>".into(),
            published_at: None,
            sentence: "He said \"<script>\" & left.".into(),
            span: Span::new(0, 10),
        };
        let story = StoryReport {
            id: StoryId("s-1".into()),
            title: "Flood <b>toll</b>".into(),
            first_published_at: None,
            articles: vec![ArticleRef {
                id: ArticleId("a1".into()),
                url: Some("https://x.example/a?b=1&c=2".into()),
                outlet: "The <Gazette>".into(),
                title: Some("T".into()),
                published_at: None,
                language: Some("en".into()),
                duplicate_of: None,
                signals: Default::default(),
            }],
            facts: vec![Fact {
                id: "quantity-dead".into(),
                kind: FactKind::Quantity,
                summary: "dead".into(),
                status: FactStatus::SingleSource,
                reason: "only one".into(),
                measure: Some("dead".into()),
                speaker: None,
                values: vec![FactValue {
                    value: "at least 12".into(),
                    low: Some(12.0),
                    high: None,
                    as_of: None,
                    sources: vec![source.clone()],
                }],
                first_reported_by: None,
                rests_on: None,
                independent_sources: 1,
                estimate: None,
                review: None,
            }],
            timeline: Vec::new(),
            brief: Vec::new(),
            provenance: Provenance::default(),
            reviews: Vec::new(),
        };
        let page = html(&Report {
            report_version: REPORT_VERSION.into(),
            stories: vec![story],
            diagnostics: Vec::new(),
        })
        .unwrap();
        assert!(
            page.contains("Flood &#60;b&#62;toll&#60;/b&#62;") || page.contains("Flood &lt;b&gt;")
        );
        assert!(!page.contains("<script>"));
        assert!(page.contains("href=\"#s1-ref-1\""));
        assert!(page.contains("class=\"fact single\""));
    }
}
