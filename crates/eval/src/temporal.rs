//! Temporal expressions on TimeML documents (TempEval-3's TBAQ-cleaned and the same layout):
//! extent precision, recall and F1, strict (the same characters) and relaxed (any overlap),
//! and the value and type F1 as TempEval-3 defines them: the relaxed F1 times the share of
//! relaxed matches whose attribute is exactly right.

use crate::EvalError;
use crate::metrics::{Prf, ratio};
use model::{Timex, TimexType};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One gold expression of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// A TimeML document: its text (tags removed), creation day and gold expressions.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub dct: Option<jiff::civil::Date>,
    pub gold: Vec<GoldTimex>,
}

/// The `.tml` files below `path`.
pub fn find_files(path: &Path) -> Result<Vec<PathBuf>, EvalError> {
    crate::files_below(path, &[".tml"], "TimeML *.tml files with <DCT> and <TEXT>")
}

/// Reads a TimeML document: the text inside `<TEXT>` with every tag removed and entities
/// decoded, the `TIMEX3` elements in it as gold, and the value of the `<DCT>` timex.
pub fn parse(id: &str, source: &str) -> Result<Document, String> {
    let dct = source
        .find("<DCT>")
        .and_then(|at| attribute(&source[at..], "value"))
        .and_then(|v| v.get(..10).and_then(|d| d.parse().ok()));
    let start = source.find("<TEXT>").ok_or("no <TEXT> element")? + "<TEXT>".len();
    let end = source[start..]
        .find("</TEXT>")
        .map_or(source.len(), |e| start + e);
    let body = &source[start..end];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut text, &rest[..lt]);
        let gt = rest[lt..].find('>').ok_or("an unclosed tag")? + lt;
        let tag = &rest[lt + 1..gt];
        if tag.starts_with("TIMEX3") {
            let kind = attribute(tag, "type").unwrap_or_default();
            let value = attribute(tag, "value").unwrap_or_default();
            open = Some((text.len(), kind, value));
        } else if tag.starts_with("/TIMEX3") {
            let (start, kind, value) = open.take().ok_or("</TIMEX3> without <TIMEX3>")?;
            gold.push(GoldTimex {
                start,
                end: text.len(),
                kind,
                value,
            });
        }
        rest = &rest[gt + 1..];
    }
    push_decoded(&mut text, rest);
    Ok(Document {
        id: id.to_string(),
        text,
        dct,
        gold,
    })
}

/// The value of `name="..."` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    let mut out = String::new();
    push_decoded(&mut out, &tag[at..end]);
    Some(out)
}

fn push_decoded(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let decoded = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&apos;", '\''),
        ]
        .iter()
        .find(|(entity, _)| tail.starts_with(entity));
        match decoded {
            Some((entity, c)) => {
                out.push(*c);
                rest = &tail[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

/// TimeML's name of a type.
pub fn type_name(kind: TimexType) -> &'static str {
    match kind {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// The scores of one run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub documents: usize,
    pub gold: usize,
    pub system: usize,
    pub strict: Prf,
    pub relaxed: Prf,
    /// Relaxed matches whose value / type is exactly right.
    pub matched: usize,
    pub value_right: usize,
    pub type_right: usize,
    pub seconds: f64,
    pub bytes: usize,
}

impl Report {
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_right, self.matched)
    }

    pub fn value_f1(&self) -> f64 {
        self.relaxed.f1() * self.value_accuracy()
    }

    pub fn type_f1(&self) -> f64 {
        self.relaxed.f1() * ratio(self.type_right, self.matched)
    }
}

/// A gold or predicted expression that did not come out right, for inspection.
#[derive(Debug, Clone)]
pub struct Miss {
    pub document: String,
    pub gold: Option<(String, String)>,
    pub system: Option<(String, String)>,
    /// The text around the expression.
    pub context: String,
}

/// Scores the predictions for one document into `report`; misses go to `misses`.
pub fn score(doc: &Document, predicted: &[Timex], report: &mut Report, misses: &mut Vec<Miss>) {
    report.documents += 1;
    report.gold += doc.gold.len();
    report.system += predicted.len();
    let overlaps = |g: &GoldTimex, p: &Timex| g.start < p.span.end && p.span.start < g.end;
    let slice = |start: usize, end: usize| doc.text.get(start..end).unwrap_or("").to_string();
    let context = |start: usize, end: usize| {
        let mut from = start.saturating_sub(80);
        while !doc.text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (end + 60).min(doc.text.len());
        while !doc.text.is_char_boundary(to) {
            to += 1;
        }
        doc.text[from..to].replace('\n', " ")
    };
    // Strict: the same characters.
    let strict = doc
        .gold
        .iter()
        .filter(|g| {
            predicted
                .iter()
                .any(|p| p.span.start == g.start && p.span.end == g.end)
        })
        .count();
    report.strict.add(strict, predicted.len(), doc.gold.len());
    // Relaxed: one-to-one, each gold taking the first unused prediction it overlaps.
    let mut used = vec![false; predicted.len()];
    let mut matched = 0;
    for g in &doc.gold {
        let hit = predicted
            .iter()
            .enumerate()
            .find(|(k, p)| !used.get(*k).copied().unwrap_or(true) && overlaps(g, p));
        match hit {
            Some((k, p)) => {
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
                matched += 1;
                let value_right = p.value == g.value;
                report.value_right += usize::from(value_right);
                report.type_right += usize::from(type_name(p.kind) == g.kind);
                if !value_right {
                    misses.push(Miss {
                        document: doc.id.clone(),
                        gold: Some((slice(g.start, g.end), g.value.clone())),
                        system: Some((p.text.clone(), p.value.clone())),
                        context: context(g.start, g.end),
                    });
                }
            }
            None => misses.push(Miss {
                document: doc.id.clone(),
                gold: Some((slice(g.start, g.end), g.value.clone())),
                system: None,
                context: context(g.start, g.end),
            }),
        }
    }
    for (k, p) in predicted.iter().enumerate() {
        if !used.get(k).copied().unwrap_or(false) {
            misses.push(Miss {
                document: doc.id.clone(),
                gold: None,
                system: Some((p.text.clone(), p.value.clone())),
                context: context(p.span.start, p.span.end),
            });
        }
    }
    report.matched += matched;
    report.relaxed.add(matched, predicted.len(), doc.gold.len());
}

/// Reads every document below `path`, tags it and scores it.
pub fn evaluate(path: &Path) -> Result<(Report, Vec<Miss>), EvalError> {
    let mut documents = Vec::new();
    for file in find_files(path)? {
        let (source, id) = crate::read_named(&file)?;
        let doc = parse(&id, &source).map_err(|message| EvalError::Parse {
            path: file.display().to_string(),
            message,
        })?;
        documents.push(doc);
    }
    let mut report = Report::default();
    let mut misses = Vec::new();
    let started = Instant::now();
    let predictions: Vec<Vec<Timex>> = documents
        .iter()
        .map(|doc| claims::timexes(&doc.text, doc.dct, Some("en")))
        .collect();
    report.seconds = started.elapsed().as_secs_f64();
    for (doc, predicted) in documents.iter().zip(&predictions) {
        report.bytes += doc.text.len();
        score(doc, predicted, &mut report, &mut misses);
    }
    Ok((report, misses))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" functionInDocument="CREATION_TIME">02/06/1998</TIMEX3></DCT>
<TEXT>Shares fell <TIMEX3 tid="t1" type="DATE" value="1998-02-05">Thursday</TIMEX3> &amp; rose for <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.</TEXT></TimeML>"#;

    #[test]
    fn parses_text_gold_and_creation_day() {
        let doc = parse("d", DOC).unwrap();
        assert_eq!(doc.text, "Shares fell Thursday & rose for two weeks.");
        assert_eq!(doc.dct, Some(jiff::civil::date(1998, 2, 6)));
        assert_eq!(doc.gold.len(), 2);
        assert_eq!(&doc.text[doc.gold[1].start..doc.gold[1].end], "two weeks");
        assert!(parse("d", "<TimeML></TimeML>").is_err());
    }

    #[test]
    fn scores_strict_relaxed_and_value() {
        let doc = parse("d", DOC).unwrap();
        let at = |text: &str, value: &str, kind: TimexType| {
            let start = doc.text.find(text).unwrap();
            Timex {
                span: model::Span::new(start, start + text.len()),
                sentence: model::Span::new(0, doc.text.len()),
                text: text.to_string(),
                kind,
                value: value.to_string(),
                modifier: None,
            }
        };
        let predicted = vec![
            at("Thursday", "1998-02-05", TimexType::Date),
            at("for two weeks", "P1W", TimexType::Duration),
            at("Shares", "PRESENT_REF", TimexType::Date),
        ];
        let mut report = Report::default();
        let mut misses = Vec::new();
        score(&doc, &predicted, &mut report, &mut misses);
        assert_eq!((report.strict.tp, report.relaxed.tp), (1, 2));
        assert!((report.relaxed.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(report.relaxed.recall(), 1.0);
        assert_eq!(report.value_accuracy(), 0.5);
        assert_eq!(misses.len(), 2);
    }
}
