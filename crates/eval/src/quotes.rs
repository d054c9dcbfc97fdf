//! Attributions on PolNeAR: brat standoff annotations of sources, cues and contents.
//!
//! Layout: `<split>/text/<article>.txt` and `<split>/attributions/<article>_<id>.ann` (an
//! article may have more than one annotation file; each is scored on its own), or the brat
//! convention of `<name>.ann` beside `<name>.txt`. Offsets in `.ann` files count characters;
//! they are turned into byte offsets here.
//!
//! Scoring follows the tag-sequence view PolNeAR is published for (each token has at most one
//! role): every contiguous piece of a role is a span. Per role:
//! - exact: a found span counts when a gold span of that role has the same start and end;
//! - overlap: a found span counts when it shares a character with a gold span of that role
//!   not already matched.
//!
//! Direct quotes are scored apart: the gold attributions whose content opens with a quotation
//! mark, against the found ones whose content does. Their speaker counts when a found direct
//! attribution overlapping the gold content names exactly the gold source span.

use crate::metrics::Prf;
use crate::{EvalError, files_below};
use model::{Attribution, AttributionRole, Span};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One gold attribution: its source, cue and content pieces.
#[derive(Debug, Clone, Default)]
pub struct GoldAttribution {
    pub source: Vec<Span>,
    pub cue: Vec<Span>,
    pub content: Vec<Span>,
}

/// One annotation file with its article text.
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    /// Every role piece, in file order.
    pub spans: Vec<(AttributionRole, Span)>,
    pub attributions: Vec<GoldAttribution>,
}

/// Reads every annotation file below `path` with the text it annotates.
pub fn load(path: &Path) -> Result<Vec<Article>, EvalError> {
    let files = files_below(path, &[".ann"], "brat .ann files with their article .txt")?;
    files.iter().map(|file| load_one(file)).collect()
}

fn load_one(ann: &Path) -> Result<Article, EvalError> {
    let (source, stem) = crate::read_named(ann)?;
    let text_path = text_for(ann, &stem).ok_or_else(|| EvalError::Parse {
        path: ann.display().to_string(),
        message: "no article text found for it (expected text/<article>.txt or <name>.txt)".into(),
    })?;
    let (text, _) = crate::read_named(&text_path)?;
    let (spans, attributions) = parse(&source, &text).map_err(|message| EvalError::Parse {
        path: ann.display().to_string(),
        message,
    })?;
    Ok(Article {
        name: stem,
        text,
        spans,
        attributions,
    })
}

/// The text an annotation file belongs to: `<name>.txt` beside it, else the file in a sibling
/// `text/` folder whose name the annotation file's name starts with (the longest such).
fn text_for(ann: &Path, stem: &str) -> Option<PathBuf> {
    let beside = ann.with_extension("txt");
    if beside.is_file() {
        return Some(beside);
    }
    let folder = ann.parent()?.parent()?.join("text");
    std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| stem.starts_with(s.to_string_lossy().as_ref()))
        })
        .max_by_key(|p| p.as_os_str().len())
}

type Parsed = (Vec<(AttributionRole, Span)>, Vec<GoldAttribution>);

/// Parses brat `T` and `E` lines into role pieces (byte spans into `text`) and attributions.
pub fn parse(source: &str, text: &str) -> Result<Parsed, String> {
    // Byte offset of each character offset.
    let mut bytes: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    bytes.push(text.len());
    let to_byte = |chars: &str| -> Result<usize, String> {
        let n: usize = chars.parse().map_err(|_| format!("bad offset {chars:?}"))?;
        bytes
            .get(n)
            .copied()
            .ok_or_else(|| format!("offset {n} is past the end of the text"))
    };
    let mut spans = Vec::new();
    let mut by_id: std::collections::HashMap<&str, (AttributionRole, Vec<Span>)> =
        std::collections::HashMap::new();
    let mut events = Vec::new();
    for (number, line) in source.lines().enumerate() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('E') {
            events.push(body);
            continue;
        }
        if !id.starts_with('T') {
            continue;
        }
        let Some((label, ranges)) = body.split_once(' ') else {
            return Err(format!("line {}: no offsets", number + 1));
        };
        let role = match label {
            "Source" => AttributionRole::Source,
            "Cue" => AttributionRole::Cue,
            "Content" => AttributionRole::Content,
            _ => continue,
        };
        let mut pieces = Vec::new();
        for range in ranges.split(';') {
            let Some((start, end)) = range.trim().split_once(' ') else {
                return Err(format!("line {}: bad range {range:?}", number + 1));
            };
            let (start, end) = (to_byte(start)?, to_byte(end)?);
            if start > end {
                return Err(format!("line {}: range ends before it starts", number + 1));
            }
            let piece = trim(text, Span::new(start, end));
            if piece.is_empty() {
                continue;
            }
            // Pieces with only white space between them are one run of tokens: the
            // annotation tool cuts a span at each sentence break.
            match pieces.last_mut() {
                Some(last) if between_is_blank(text, *last, piece) => last.end = piece.end,
                _ => pieces.push(piece),
            }
        }
        spans.extend(pieces.iter().map(|piece| (role, *piece)));
        by_id.insert(id, (role, pieces));
    }
    let mut attributions = Vec::new();
    for body in events {
        let mut gold = GoldAttribution::default();
        for argument in body.split_whitespace() {
            let Some((_, id)) = argument.split_once(':') else {
                continue;
            };
            if let Some((role, pieces)) = by_id.get(id) {
                let into = match role {
                    AttributionRole::Source => &mut gold.source,
                    AttributionRole::Cue => &mut gold.cue,
                    AttributionRole::Content => &mut gold.content,
                };
                into.extend(pieces.iter().copied());
            }
        }
        if !gold.cue.is_empty() || !gold.content.is_empty() {
            attributions.push(gold);
        }
    }
    Ok((spans, attributions))
}

/// True when only white space lies between two pieces in text order.
fn between_is_blank(text: &str, first: Span, second: Span) -> bool {
    first.end <= second.start
        && text
            .get(first.end..second.start)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// The span without white space at either end.
fn trim(text: &str, span: Span) -> Span {
    let Some(slice) = text.get(span.start..span.end) else {
        return span;
    };
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    Span::new(start, end.max(start))
}

/// True when a content piece opens with a quotation mark.
pub fn is_direct(text: &str, content: &[Span]) -> bool {
    content.first().is_some_and(|s| {
        s.slice(text)
            .is_some_and(|t| t.starts_with(['“', '"', '«', '„', '‘', '‹']))
    })
}

/// The figures of one run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: usize,
    pub bytes: usize,
    pub seconds: f64,
    /// Exact and overlap counts per role, in the order source, cue, content.
    pub exact: [Prf; 3],
    pub overlap: [Prf; 3],
    pub direct_content_exact: Prf,
    pub direct_content_overlap: Prf,
    pub direct_speaker: Prf,
}

/// One span found or missed, for reading the errors.
#[derive(Debug, Clone)]
pub struct Miss {
    pub article: String,
    pub role: AttributionRole,
    /// A direct quote's speaker missed or named wrongly (`role` is then `Source`, `gold` the
    /// annotated source and `found` the source of the found quote over the same words).
    pub direct_speaker: bool,
    pub gold: Option<String>,
    pub found: Option<String>,
    pub context: String,
}

fn role_index(role: AttributionRole) -> usize {
    match role {
        AttributionRole::Source => 0,
        AttributionRole::Cue => 1,
        AttributionRole::Content => 2,
    }
}

/// Matches found spans to gold ones: exact, then by overlap; the gold spans no found span
/// matched exactly are returned with the found ones that matched none exactly.
fn match_spans(found: &[Span], gold: &[Span]) -> (usize, usize, Vec<Span>, Vec<Span>) {
    let mut used = vec![false; gold.len()];
    let mut exact = 0;
    let mut unmatched = Vec::new();
    for f in found {
        match gold.iter().enumerate().find(|(k, g)| !used[*k] && *g == f) {
            Some((k, _)) => {
                used[k] = true;
                exact += 1;
            }
            None => unmatched.push(*f),
        }
    }
    let missed: Vec<Span> = gold
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| *g)
        .collect();
    let mut taken = vec![false; gold.len()];
    let mut overlap = 0;
    for f in found {
        if let Some((k, _)) = gold
            .iter()
            .enumerate()
            .find(|(k, g)| !taken[*k] && g.start < f.end && f.start < g.end)
        {
            taken[k] = true;
            overlap += 1;
        }
    }
    (exact, overlap, missed, unmatched)
}

/// The role pieces of found attributions, each once: two attributions may share a source
/// ("Okafor said …, adding …"), as PolNeAR's do, where its annotation holds the span once.
pub fn found_spans(found: &[Attribution]) -> Vec<(AttributionRole, Span)> {
    let mut out = Vec::new();
    let mut push = |piece: (AttributionRole, Span)| {
        if !out.contains(&piece) {
            out.push(piece);
        }
    };
    for a in found {
        if !a.cue.is_empty() {
            push((AttributionRole::Cue, a.cue));
        }
        if let Some(source) = a.source {
            push((AttributionRole::Source, source));
        }
        for c in &a.content {
            push((AttributionRole::Content, *c));
        }
    }
    out
}

/// The quotes of the rule-based extractor as attributions, their content widened to the
/// quotation marks around it as PolNeAR marks it; a quote without a cue gets an empty cue.
pub fn from_quotes(text: &str, quotes: &[model::Quote]) -> Vec<Attribution> {
    let widen = |span: Span| -> Span {
        let mut out = span;
        let before = text.get(..span.start).unwrap_or("");
        if let Some(mark) = before.chars().next_back().filter(|c| "“\"«„‘".contains(*c)) {
            out.start -= mark.len_utf8();
        }
        let after = text.get(span.end..).unwrap_or("");
        let mut rest = after.chars();
        let mut end = span.end;
        if let Some(c) = rest.next().filter(|c| ",.".contains(*c)) {
            end += c.len_utf8();
            if let Some(mark) = rest.next().filter(|c| "”\"»’".contains(*c)) {
                end += mark.len_utf8();
            } else {
                end = span.end;
            }
        }
        if end == span.end
            && let Some(mark) = after.chars().next().filter(|c| "”\"»’".contains(*c))
        {
            end += mark.len_utf8();
        }
        out.end = end;
        out
    };
    quotes
        .iter()
        .map(|q| {
            let content = if q.direct { widen(q.span) } else { q.span };
            Attribution {
                cue: q.cue_span.unwrap_or(Span::new(0, 0)),
                cue_text: q.cue.clone().unwrap_or_default(),
                source: q.speaker_span,
                source_text: q
                    .speaker_span
                    .and_then(|s| s.slice(text))
                    .map(str::to_string),
                speaker: q.speaker.clone(),
                anonymous: false,
                entity: None,
                content: vec![content],
                content_text: q.content.clone(),
                direct: q.direct,
            }
        })
        .collect()
}

/// Scores one article's found attributions against its gold ones.
pub fn score(
    article: &Article,
    found: &[Attribution],
    report: &mut Report,
    misses: &mut Vec<Miss>,
) {
    let spans = found_spans(found);
    let context = |span: Span| {
        let start = article.text[..span.start.min(article.text.len())]
            .rfind("\n\n")
            .map_or(0, |at| at + 2);
        let end = article.text[span.end.min(article.text.len())..]
            .find("\n\n")
            .map_or(article.text.len(), |at| span.end + at);
        article.text.get(start..end).unwrap_or("").to_string()
    };
    let slice = |span: Span| {
        article
            .text
            .get(span.start..span.end)
            .unwrap_or("")
            .to_string()
    };
    for role in [
        AttributionRole::Source,
        AttributionRole::Cue,
        AttributionRole::Content,
    ] {
        let of = |list: &[(AttributionRole, Span)]| -> Vec<Span> {
            list.iter()
                .filter(|(r, _)| *r == role)
                .map(|(_, s)| *s)
                .collect()
        };
        let (f, g) = (of(&spans), of(&article.spans));
        let (exact, overlap, missed, unmatched) = match_spans(&f, &g);
        let k = role_index(role);
        report.exact[k].add(exact, f.len(), g.len());
        report.overlap[k].add(overlap, f.len(), g.len());
        for span in missed {
            let near = unmatched
                .iter()
                .find(|u| u.start < span.end && span.start < u.end)
                .map(|u| slice(*u));
            misses.push(Miss {
                article: article.name.clone(),
                role,
                direct_speaker: false,
                gold: Some(slice(span)),
                found: near,
                context: context(span),
            });
        }
        for span in unmatched {
            if !g.iter().any(|s| s.start < span.end && span.start < s.end) {
                misses.push(Miss {
                    article: article.name.clone(),
                    role,
                    direct_speaker: false,
                    gold: None,
                    found: Some(slice(span)),
                    context: context(span),
                });
            }
        }
    }
    // Direct quotes.
    let gold_direct: Vec<&GoldAttribution> = article
        .attributions
        .iter()
        .filter(|a| is_direct(&article.text, &a.content))
        .collect();
    let found_direct: Vec<&Attribution> = found.iter().filter(|a| a.direct).collect();
    let gold_pieces: Vec<Span> = gold_direct.iter().flat_map(|a| a.content.clone()).collect();
    let found_pieces: Vec<Span> = found_direct
        .iter()
        .flat_map(|a| a.content.clone())
        .collect();
    let (exact, overlap, _, _) = match_spans(&found_pieces, &gold_pieces);
    report
        .direct_content_exact
        .add(exact, found_pieces.len(), gold_pieces.len());
    report
        .direct_content_overlap
        .add(overlap, found_pieces.len(), gold_pieces.len());
    let gold_speakers: Vec<&&GoldAttribution> = gold_direct
        .iter()
        .filter(|a| !a.source.is_empty())
        .collect();
    let found_speakers: Vec<&&Attribution> =
        found_direct.iter().filter(|a| a.source.is_some()).collect();
    let overlaps = |a: &[Span], b: &[Span]| {
        a.iter()
            .any(|x| b.iter().any(|y| x.start < y.end && y.start < x.end))
    };
    let mut taken = vec![false; found_speakers.len()];
    let mut right = 0;
    for gold in &gold_speakers {
        if let Some((k, _)) = found_speakers.iter().enumerate().find(|(k, f)| {
            !taken[*k]
                && overlaps(&f.content, &gold.content)
                && f.source.is_some_and(|s| gold.source.contains(&s))
        }) {
            taken[k] = true;
            right += 1;
        } else {
            let pieces = |spans: &[Span]| -> String {
                spans
                    .iter()
                    .map(|s| slice(*s))
                    .collect::<Vec<_>>()
                    .join(" … ")
            };
            let found = found_speakers
                .iter()
                .find(|f| overlaps(&f.content, &gold.content))
                .and_then(|f| f.source)
                .map(slice);
            misses.push(Miss {
                article: article.name.clone(),
                role: AttributionRole::Source,
                direct_speaker: true,
                gold: Some(pieces(&gold.source)),
                found,
                context: gold
                    .content
                    .first()
                    .map(|s| context(*s))
                    .unwrap_or_default(),
            });
        }
    }
    // Found speakers of direct quotes that match no gold speaker: over a quote the gold
    // credits to no one, or not a direct quote in the gold.
    for (k, found) in found_speakers.iter().enumerate() {
        let over_gold = gold_speakers
            .iter()
            .any(|g| overlaps(&found.content, &g.content));
        if taken[k] || over_gold {
            continue;
        }
        misses.push(Miss {
            article: article.name.clone(),
            role: AttributionRole::Source,
            direct_speaker: true,
            gold: None,
            found: found.source.map(slice),
            context: found
                .content
                .first()
                .map(|s| context(*s))
                .unwrap_or_default(),
        });
    }
    report
        .direct_speaker
        .add(right, found_speakers.len(), gold_speakers.len());
}

/// Runs `find` on every article below `path` and scores it.
pub fn evaluate(
    path: &Path,
    mut find: impl FnMut(&str) -> Vec<Attribution>,
) -> Result<(Report, Vec<Miss>), EvalError> {
    let articles = load(path)?;
    let mut report = Report {
        files: articles.len(),
        ..Report::default()
    };
    let mut misses = Vec::new();
    for article in &articles {
        let started = Instant::now();
        let found = find(&article.text);
        report.seconds += started.elapsed().as_secs_f64();
        report.bytes += article.text.len();
        score(article, &found, &mut report, &mut misses);
    }
    Ok((report, misses))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Rain fell, she said. “It’s over,” Mr. Diaz said.";

    const ANN: &str = "T1\tContent 0 9\tRain fell\n\
T2\tSource 11 14\tshe\n\
T3\tCue 15 19\tsaid\n\
E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n\
T4\tContent 21 33\t“It’s over,”\n\
T5\tSource 34 42\tMr. Diaz\n\
T6\tCue 43 47\tsaid\n\
T7\tAttribution 43 47\tsaid\n\
E2\tAttribution:T7 Content:T4 Cue:T6 Source:T5\n";

    fn span_of(part: &str) -> Span {
        let at = TEXT.find(part).expect("part");
        Span::new(at, at + part.len())
    }

    #[test]
    fn reads_character_offsets_as_bytes() {
        let (spans, attributions) = parse(ANN, TEXT).expect("parse");
        assert_eq!(spans.len(), 6);
        assert_eq!(
            spans[3],
            (AttributionRole::Content, span_of("“It’s over,”"))
        );
        assert_eq!(spans[4], (AttributionRole::Source, span_of("Mr. Diaz")));
        assert_eq!(attributions.len(), 2);
        assert!(is_direct(TEXT, &attributions[1].content));
        assert!(!is_direct(TEXT, &attributions[0].content));
        assert!(parse("T1\tCue 0 999\tx", TEXT).is_err());
        // Pieces cut at a sentence break are one span; pieces around other words are not.
        let (joined, _) = parse("T1\tContent 0 10;11 14\tRain fell, she", TEXT).expect("parse");
        assert_eq!(joined, vec![(AttributionRole::Content, Span::new(0, 14))]);
        let (apart, _) = parse("T1\tContent 0 4;11 14\tRain she", TEXT).expect("parse");
        assert_eq!(apart.len(), 2);
    }

    #[test]
    fn scores_exact_and_overlap() {
        let (spans, attributions) = parse(ANN, TEXT).expect("parse");
        let article = Article {
            name: "a".into(),
            text: TEXT.into(),
            spans,
            attributions,
        };
        let found = vec![
            Attribution {
                cue: span_of("said."),
                cue_text: "said".into(),
                source: Some(span_of("she")),
                source_text: None,
                speaker: None,
                anonymous: false,
                entity: None,
                // One character short: overlap only.
                content: vec![Span::new(0, 8)],
                content_text: String::new(),
                direct: false,
            },
            Attribution {
                cue: {
                    let at = TEXT.rfind("said").expect("cue");
                    Span::new(at, at + 4)
                },
                cue_text: "said".into(),
                source: Some(span_of("Mr. Diaz")),
                source_text: None,
                speaker: None,
                anonymous: false,
                entity: None,
                content: vec![span_of("“It’s over,”")],
                content_text: String::new(),
                direct: true,
            },
        ];
        let mut report = Report::default();
        let mut misses = Vec::new();
        score(&article, &found, &mut report, &mut misses);
        // Cue "said." is 5 bytes and misses exactly; the second cue hits.
        assert_eq!(
            report.exact[1],
            Prf {
                tp: 1,
                predicted: 2,
                gold: 2
            }
        );
        assert_eq!(report.overlap[1].tp, 2);
        assert_eq!(report.exact[0].tp, 2);
        assert_eq!(
            report.exact[2],
            Prf {
                tp: 1,
                predicted: 2,
                gold: 2
            }
        );
        assert_eq!(report.overlap[2].tp, 2);
        assert_eq!(
            report.direct_content_exact,
            Prf {
                tp: 1,
                predicted: 1,
                gold: 1
            }
        );
        assert_eq!(
            report.direct_speaker,
            Prf {
                tp: 1,
                predicted: 1,
                gold: 1
            }
        );
        assert!(misses.iter().any(|m| m.role == AttributionRole::Content));
        assert!(!misses.iter().any(|m| m.direct_speaker));

        // The quotation credited to the wrong person: a speaker miss naming both.
        let mut wrong = found.clone();
        wrong[1].source = Some(span_of("she"));
        let mut report = Report::default();
        let mut misses = Vec::new();
        score(&article, &wrong, &mut report, &mut misses);
        assert_eq!(report.direct_speaker.tp, 0);
        let miss = misses
            .iter()
            .find(|m| m.direct_speaker)
            .expect("a speaker miss");
        assert_eq!(miss.gold.as_deref(), Some("Mr. Diaz"));
        assert_eq!(miss.found.as_deref(), Some("she"));
        assert!(miss.context.contains("It’s over"), "{}", miss.context);

        // A speaker found for a quote the gold does not hold as direct: a miss with no gold.
        let mut extra = found.clone();
        extra[0].direct = true;
        let mut report = Report::default();
        let mut misses = Vec::new();
        score(&article, &extra, &mut report, &mut misses);
        assert_eq!(report.direct_speaker.predicted, 2);
        let miss = misses
            .iter()
            .find(|m| m.direct_speaker)
            .expect("a speaker found wrongly");
        assert_eq!(miss.gold, None);
        assert_eq!(miss.found.as_deref(), Some("she"));
    }
}
