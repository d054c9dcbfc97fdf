//! Editorial signals: what kind of piece an article is (news, opinion, editorial, analysis,
//! review, letter, sponsored, satire), whether it sits behind a paywall and whether the text
//! we hold is only its teaser, whether the page says a machine wrote it or drew its
//! illustration, and the corrections, clarifications, updates and editor's notes it carries.
//!
//! Structure is preferred over words found anywhere. A page's own declarations come first:
//! JSON-LD `@type` (`OpinionNewsArticle`, ...), `isAccessibleForFree`, `hasPart`, `correction`;
//! section and genre names; the URL's path; the headline's label; the byline. Phrases in the
//! text count only where notices stand:
//! - `label`: opening the headline or a paragraph, followed by `:`, `|`, a dash or nothing
//!   ("Correction: ...", "OPINION |"). Kind labels count in the headline and the first
//!   paragraph; notice labels (corrections, updates) in any paragraph, with a few words of
//!   notice after them (so "Updated: 2 March 2026 10:00" is a time stamp, not an update);
//! - `byline`: in the byline, or opening a short paragraph (200 bytes) among the first two or
//!   the last two;
//! - `notice`: anywhere in a short paragraph (300 bytes) among the first two or the last three.
//!   A machine-written disclosure also needs the piece to speak of itself in that paragraph
//!   ("this article", "dieser Text") or to open it;
//! - `sentence`: opening a sentence, among the first two or the last three paragraphs (a
//!   paywall notice also in a short paragraph); a correction sentence anywhere;
//! - `credit`: after an image credit word ("Image: Midjourney"). Image disclosures count in
//!   captions, and in short paragraphs they open or that open with a credit word.
//!
//! So "the market correction deepened", "a correctional facility" and "in the opinion of the
//! court" signal nothing.
//!
//! The phrases are data: `data/signals/{en,es,de,fr,pt}.txt`, compiled in and read once into
//! one Aho-Corasick automaton over every language, run once over a lower-cased copy of the
//! text whose bytes line up with the original (a character whose lower case has another
//! length keeps its case), so spans need no mapping. Matches must sit on word boundaries.

use crate::Extracted;
use crate::metadata::declares_false;
use aho_corasick::{AhoCorasick, MatchKind};
use model::Span;
use model::signals::{
    ArticleKind, Correction, CorrectionKind, MachineDisclosure, MachineScope, Paywall,
    SignalEvidence, SignalSource, Signals,
};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The phrase files, by language.
const PHRASE_FILES: &[(&str, &str)] = &[
    ("en", include_str!("../data/signals/en.txt")),
    ("es", include_str!("../data/signals/es.txt")),
    ("de", include_str!("../data/signals/de.txt")),
    ("fr", include_str!("../data/signals/fr.txt")),
    ("pt", include_str!("../data/signals/pt.txt")),
];

/// A paywalled article with fewer words than this, and no declared word count, is taken to be
/// the teaser: teasers run to a few paragraphs, and full articles are longer.
pub const TEASER_WORDS: usize = 300;

/// A paywalled article with less than this share of the word count its JSON-LD declares is
/// the teaser.
const TEASER_SHARE: f64 = 0.7;

/// The most corrections and the most machine-made disclosures kept of one article: a live
/// blog may carry many updates, and a hostile page thousands.
const MAX_NOTICES: usize = 32;

/// The longest paragraph that is read as a notice, and the longest that is read as a byline
/// or an image credit line.
const NOTICE_BYTES: usize = 300;
const BYLINE_BYTES: usize = 200;

/// What a phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Kind(ArticleKind),
    Paywall,
    MachineText,
    MachineImage,
    Notice(CorrectionKind),
    /// The piece speaking of itself ("this article").
    SelfReference,
    /// An image credit word ("Image", "Foto").
    Credit,
}

/// Where a phrase counts; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Label,
    Section,
    Byline,
    Notice,
    Sentence,
    Credit,
    Word,
}

/// The phrase files, compiled.
struct PhraseBook {
    automaton: Option<AhoCorasick>,
    /// What each pattern of the automaton signals, and where.
    meanings: Vec<Vec<(Cue, Form)>>,
    /// Section and URL path names, as slugs, and the kinds they name.
    sections: HashMap<String, Vec<ArticleKind>>,
}

static PHRASES: LazyLock<PhraseBook> = LazyLock::new(|| read_phrase_files(PHRASE_FILES).0);

fn parse_cue(name: &str) -> Option<Cue> {
    Some(match name {
        "opinion" => Cue::Kind(ArticleKind::Opinion),
        "editorial" => Cue::Kind(ArticleKind::Editorial),
        "analysis" => Cue::Kind(ArticleKind::Analysis),
        "review" => Cue::Kind(ArticleKind::Review),
        "letter" => Cue::Kind(ArticleKind::Letter),
        "sponsored" => Cue::Kind(ArticleKind::Sponsored),
        "satire" => Cue::Kind(ArticleKind::Satire),
        "paywall" => Cue::Paywall,
        "machine_text" => Cue::MachineText,
        "machine_image" => Cue::MachineImage,
        "correction" => Cue::Notice(CorrectionKind::Correction),
        "clarification" => Cue::Notice(CorrectionKind::Clarification),
        "update" => Cue::Notice(CorrectionKind::Update),
        "editor_note" => Cue::Notice(CorrectionKind::EditorNote),
        "self" => Cue::SelfReference,
        "credit" => Cue::Credit,
        _ => return None,
    })
}

fn parse_form(name: &str) -> Option<Form> {
    Some(match name {
        "label" => Form::Label,
        "section" => Form::Section,
        "byline" => Form::Byline,
        "notice" => Form::Notice,
        "sentence" => Form::Sentence,
        "credit" => Form::Credit,
        "word" => Form::Word,
        _ => return None,
    })
}

/// True when the rules read phrases of this cue in this form.
fn form_fits(cue: Cue, form: Form) -> bool {
    match cue {
        Cue::Kind(_) => matches!(
            form,
            Form::Label | Form::Section | Form::Byline | Form::Notice | Form::Sentence
        ),
        Cue::Paywall => form == Form::Sentence,
        Cue::MachineText => form == Form::Notice,
        Cue::MachineImage => matches!(form, Form::Notice | Form::Credit),
        Cue::Notice(_) => matches!(form, Form::Label | Form::Sentence),
        Cue::SelfReference | Cue::Credit => form == Form::Word,
    }
}

/// Reads the phrase files into a phrase book, with a message for each line that could not be
/// read (a unit test requires none; a bad line is skipped).
fn read_phrase_files(files: &[(&str, &str)]) -> (PhraseBook, Vec<String>) {
    let mut problems = Vec::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut meanings: Vec<Vec<(Cue, Form)>> = Vec::new();
    let mut sections: HashMap<String, Vec<ArticleKind>> = HashMap::new();
    for (language, content) in files {
        let mut current: Option<(Cue, Form)> = None;
        for (number, line) in content.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let place = format!("{language}.txt:{}", number + 1);
            if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let mut words = header.split_whitespace();
                current = match (
                    words.next().and_then(parse_cue),
                    words.next().and_then(parse_form),
                ) {
                    (Some(cue), Some(form)) if form_fits(cue, form) => Some((cue, form)),
                    _ => {
                        problems.push(format!("{place}: unknown section [{header}]"));
                        None
                    }
                };
                continue;
            }
            let Some((cue, form)) = current else {
                problems.push(format!("{place}: phrase outside a known section"));
                continue;
            };
            if line != lower_same_length(line) {
                problems.push(format!("{place}: phrase not in lower case: {line}"));
            }
            if form == Form::Section {
                if let Cue::Kind(kind) = cue {
                    let kinds = sections.entry(slug(line)).or_default();
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                continue;
            }
            let lower = lower_same_length(line);
            let mut spellings = vec![lower.clone()];
            if lower.contains('\'') {
                spellings.push(lower.replace('\'', "’"));
            }
            for spelling in spellings {
                let at = *index.entry(spelling.clone()).or_insert_with(|| {
                    patterns.push(spelling);
                    meanings.push(Vec::new());
                    meanings.len() - 1
                });
                if !meanings[at].contains(&(cue, form)) {
                    meanings[at].push((cue, form));
                }
            }
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .map_err(|e| problems.push(format!("the phrase automaton does not build: {e}")))
        .ok();
    let book = PhraseBook {
        automaton,
        meanings,
        sections,
    };
    (book, problems)
}

/// `text` in lower case, byte for byte: a character whose lower case is one character of the
/// same length is lowered, any other keeps its case, so offsets into the copy are offsets
/// into `text`.
fn lower_same_length(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
            continue;
        }
        let mut folded = c.to_lowercase();
        match (folded.next(), folded.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => lower.push(l),
            _ => lower.push(c),
        }
    }
    lower
}

/// A section name or URL path segment as a slug: lower case, Latin accents folded, every run
/// of other characters one hyphen ("Opinión" and "opinion" are both `opinion`, "Comment is
/// free" is `comment-is-free`).
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in text::fold_latin(name).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// One phrase found in a piece of text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    cue: Cue,
    form: Form,
}

/// A piece of text (the article text, a headline, a caption) cut into paragraphs, with its
/// lower-cased copy and the phrases found in it.
struct Passage<'t> {
    text: &'t str,
    lower: String,
    /// Byte ranges of the paragraphs (separated by a blank line).
    paragraphs: Vec<(usize, usize)>,
    hits: Vec<Hit>,
}

impl<'t> Passage<'t> {
    fn new(text: &'t str) -> Self {
        let lower = lower_same_length(text);
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for (at, separator) in text.match_indices("\n\n") {
            paragraphs.push((start, at));
            start = at + separator.len();
        }
        paragraphs.push((start, text.len()));
        let mut hits = Vec::new();
        if let Some(automaton) = &PHRASES.automaton {
            for found in automaton.find_overlapping_iter(&lower) {
                let (start, end) = (found.start(), found.end());
                if !on_word_boundaries(&lower, start, end) {
                    continue;
                }
                if let Some(meanings) = PHRASES.meanings.get(found.pattern().as_usize()) {
                    hits.extend(meanings.iter().map(|&(cue, form)| Hit {
                        start,
                        end,
                        cue,
                        form,
                    }));
                }
            }
        }
        // Overlapping matches come in the order they end; rules read them in text order.
        hits.sort_by_key(|hit| (hit.start, std::cmp::Reverse(hit.end)));
        Passage {
            text,
            lower,
            paragraphs,
            hits,
        }
    }

    /// The index and byte range of the paragraph holding `at`.
    fn paragraph(&self, at: usize) -> (usize, usize, usize) {
        let index = self
            .paragraphs
            .partition_point(|(start, _)| *start <= at)
            .saturating_sub(1);
        let (start, end) = self.paragraphs.get(index).copied().unwrap_or((0, 0));
        (index, start, end)
    }

    fn slice(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }

    /// True when only opening punctuation stands between the paragraph's start and `at`.
    fn opens_paragraph(&self, paragraph_start: usize, at: usize) -> bool {
        self.lower
            .get(paragraph_start..at)
            .is_some_and(|before| before.chars().all(is_opener))
    }

    /// True when `at` opens a sentence: it opens the paragraph, or a sentence end (or a
    /// colon, a closing bracket, a dash) stands before it, opening punctuation aside.
    fn opens_sentence(&self, paragraph_start: usize, at: usize) -> bool {
        let Some(before) = self.lower.get(paragraph_start..at) else {
            return false;
        };
        let before = before.trim_end_matches(is_opener);
        before.is_empty()
            || before.ends_with([
                '.', '!', '?', ';', ':', ')', ']', '*', '—', '–', '…', '|', '/',
            ])
    }

    /// True when a label ending at `end` is followed by a separator (`:`, `|`, a dash; an
    /// aside in brackets or after a comma may come first) or by the end of the paragraph.
    fn label_follows(&self, end: usize, paragraph_end: usize) -> bool {
        let Some(rest) = self.lower.get(end..paragraph_end) else {
            return false;
        };
        let spaced = rest.starts_with(char::is_whitespace);
        let mut rest = rest.trim_start();
        if let Some(inner) = rest.strip_prefix('(') {
            match inner.find(')') {
                Some(close) if close <= 40 => rest = inner[close + 1..].trim_start(),
                _ => return false,
            }
        } else if let Some(after) = rest.strip_prefix(',') {
            match after.find(':') {
                Some(colon) if colon <= 40 && !after[..colon].contains('.') => {
                    rest = &after[colon..];
                }
                _ => return false,
            }
        }
        if rest.is_empty() || rest.starts_with([':', '|', '–', '—', '：']) {
            return true;
        }
        // A hyphen joins words ("analysis-driven") unless set apart by a space or after a label
        // in capitals ("CORRECTED-Flood toll rises").
        rest.starts_with('-')
            && (spaced
                || rest[1..].starts_with(char::is_whitespace)
                || self
                    .slice(0, end)
                    .chars()
                    .rev()
                    .take(3)
                    .all(|c| !c.is_lowercase()))
    }

    /// The hits that start in `start..end` (hits are in text order).
    fn hits_in(&self, start: usize, end: usize) -> &[Hit] {
        let from = self.hits.partition_point(|h| h.start < start);
        let to = self.hits.partition_point(|h| h.start < end);
        self.hits.get(from..to).unwrap_or(&[])
    }

    /// True when a credit word opening a sentence ends at most 40 bytes before `at`, in the
    /// same paragraph ("Image: AI-generated", "Photo illustration made with Midjourney").
    fn credited(&self, paragraph_start: usize, at: usize) -> bool {
        self.hits_in(at.saturating_sub(80).max(paragraph_start), at)
            .iter()
            .any(|credit| {
                credit.cue == Cue::Credit
                    && credit.end <= at
                    && at - credit.end <= 40
                    && self.opens_sentence(paragraph_start, credit.start)
            })
    }

    /// True when the paragraph `start..end` speaks of the piece itself ("this article").
    fn speaks_of_itself(&self, start: usize, end: usize) -> bool {
        self.hits_in(start, end)
            .iter()
            .any(|h| h.cue == Cue::SelfReference && h.end <= end)
    }
}

/// Characters that may open a paragraph or sentence before its first word.
fn is_opener(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '*' | '['
                | '('
                | '_'
                | '"'
                | '“'
                | '«'
                | '¿'
                | '¡'
                | '—'
                | '–'
                | '-'
                | '•'
                | '>'
                | '\''
                | '‘'
                | '„'
        )
}

/// True when the match `start..end` of `text` is not part of a longer word.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(matched), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return false;
    };
    let starts_word = matched.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = matched
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let joined_before = starts_word
        && before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    let joined_after = ends_word && after.chars().next().is_some_and(char::is_alphanumeric);
    !joined_before && !joined_after
}

/// True when the text after a notice label reads as a notice, not a time stamp: four words or
/// more, and three times as many letters as digits.
fn reads_as_notice(text: &str) -> bool {
    let words = text
        .split_whitespace()
        .filter(|w| {
            let letters = w.trim_matches(|c: char| !c.is_alphanumeric());
            letters.chars().count() >= 2 && letters.chars().all(char::is_alphabetic)
        })
        .count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    words >= 4 && letters >= 3 * digits
}

/// True when paragraph `index` of `count` is among the first two or the last three.
fn near_edge(index: usize, count: usize) -> bool {
    index < 2 || index + 3 >= count
}

/// The signals found so far, before the kind is chosen.
#[derive(Default)]
struct Findings {
    kinds: Vec<(ArticleKind, SignalEvidence)>,
    paywall: Vec<SignalEvidence>,
    machine: Vec<MachineDisclosure>,
    corrections: Vec<Correction>,
}

fn evidence(source: SignalSource, field: Option<&str>, text: &str) -> SignalEvidence {
    SignalEvidence {
        source,
        field: field.map(str::to_string),
        text: text.trim().to_string(),
        span: None,
    }
}

fn body_evidence(passage: &Passage<'_>, start: usize, end: usize) -> SignalEvidence {
    SignalEvidence {
        source: SignalSource::Body,
        field: None,
        text: passage.slice(start, end).to_string(),
        span: Some(Span::new(start, end)),
    }
}

impl Findings {
    fn machine(&mut self, scope: MachineScope, evidence: SignalEvidence) {
        let known = self
            .machine
            .iter()
            .any(|m| m.scope == scope && m.evidence.text == evidence.text);
        if !known && self.machine.len() < MAX_NOTICES {
            self.machine.push(MachineDisclosure { scope, evidence });
        }
    }

    fn correction(&mut self, kind: CorrectionKind, evidence: SignalEvidence) {
        if self.corrections.len() < MAX_NOTICES {
            self.corrections.push(Correction { kind, evidence });
        }
    }

    /// Reads the article text.
    fn read_body(&mut self, body: &Passage<'_>) {
        let count = body.paragraphs.len();
        // The paragraph of the last notice: one notice a paragraph (hits come in text order).
        let mut noticed: Option<usize> = None;
        for hit in &body.hits {
            let (index, p_start, p_end) = body.paragraph(hit.start);
            let length = p_end - p_start;
            let opens = body.opens_paragraph(p_start, hit.start);
            let opens_sentence = body.opens_sentence(p_start, hit.start);
            let whole = || body_evidence(body, p_start, p_end);
            // A short paragraph among the first two or the last three.
            let notice = length <= NOTICE_BYTES && near_edge(index, count);
            match (hit.cue, hit.form) {
                (Cue::Kind(kind), Form::Label)
                    if index == 0 && opens && body.label_follows(hit.end, p_end) =>
                {
                    self.kinds
                        .push((kind, body_evidence(body, hit.start, hit.end)));
                }
                (Cue::Kind(kind), Form::Byline)
                    if opens && length <= BYLINE_BYTES && (index < 2 || index + 2 >= count) =>
                {
                    self.kinds.push((kind, whole()));
                }
                (Cue::Kind(kind), Form::Notice) if notice => self.kinds.push((kind, whole())),
                (Cue::Kind(kind), Form::Sentence) if notice && opens_sentence => {
                    self.kinds.push((kind, whole()));
                }
                (Cue::Paywall, Form::Sentence) if notice && opens_sentence => {
                    self.paywall.push(whole());
                }
                (Cue::MachineText, Form::Notice)
                    if notice && (opens || body.speaks_of_itself(p_start, p_end)) =>
                {
                    self.machine(MachineScope::Text, whole());
                }
                (Cue::MachineImage, form)
                    if length <= BYLINE_BYTES
                        && (body.credited(p_start, hit.start)
                            || (form == Form::Notice && opens)) =>
                {
                    self.machine(MachineScope::Illustration, whole());
                }
                (Cue::Notice(kind), form) if noticed != Some(index) => {
                    if let Some(end) = notice_end(body, *hit, form, index) {
                        noticed = Some(index);
                        self.correction(kind, body_evidence(body, hit.start, end));
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads the headline: kind labels opening or closing it, and notice labels opening it
    /// ("CORRECTED-...", "Update: ...").
    fn read_headline(&mut self, headline: &Passage<'_>) {
        let end = headline.text.len();
        for hit in &headline.hits {
            if hit.form != Form::Label {
                continue;
            }
            let opens = headline.opens_paragraph(0, hit.start);
            let follows = headline.label_follows(hit.end, end);
            match hit.cue {
                Cue::Kind(kind) => {
                    let closes = headline.slice(hit.end, end).trim().is_empty()
                        && headline
                            .slice(0, hit.start)
                            .trim_end()
                            .ends_with(['|', '–', '—', '-', ':']);
                    if (opens && follows) || closes {
                        let label = headline.slice(hit.start, hit.end);
                        self.kinds
                            .push((kind, evidence(SignalSource::Headline, None, label)));
                    }
                }
                Cue::Notice(kind)
                    if opens && follows && reads_as_notice(headline.slice(hit.end, end)) =>
                {
                    let found = evidence(SignalSource::Headline, None, headline.text);
                    self.correction(kind, found);
                }
                _ => {}
            }
        }
    }

    /// Reads the byline: kind phrases anywhere in it ("Guest column by", "Editorial Board").
    fn read_byline(&mut self, byline: &Passage<'_>) {
        if byline.text.len() > BYLINE_BYTES {
            return;
        }
        for hit in &byline.hits {
            if let (Cue::Kind(kind), Form::Byline) = (hit.cue, hit.form) {
                self.kinds
                    .push((kind, evidence(SignalSource::Byline, None, byline.text)));
            }
        }
    }

    /// Reads a caption: image disclosures anywhere in it.
    fn read_caption(&mut self, caption: &Passage<'_>) {
        for hit in &caption.hits {
            if hit.cue == Cue::MachineImage
                && (hit.form == Form::Notice || caption.credited(0, hit.start))
            {
                let found = evidence(SignalSource::Caption, None, caption.text);
                self.machine(MachineScope::Illustration, found);
            }
        }
    }

    /// Reads a line of the page that is not article text (one the body filters left out):
    /// paywall notices, notice labels, image credits, byline forms.
    fn read_page_line(&mut self, line: &Passage<'_>) {
        let end = line.text.len();
        let page = || evidence(SignalSource::Page, None, line.text);
        for hit in &line.hits {
            let opens = line.opens_paragraph(0, hit.start);
            match (hit.cue, hit.form) {
                (Cue::Paywall, _) if line.opens_sentence(0, hit.start) => {
                    self.paywall.push(page());
                }
                (Cue::Notice(kind), Form::Label)
                    if opens
                        && line.label_follows(hit.end, end)
                        && reads_as_notice(line.slice(hit.end, end)) =>
                {
                    self.correction(kind, page());
                }
                (Cue::MachineImage, form)
                    if line.credited(0, hit.start) || (form == Form::Notice && opens) =>
                {
                    self.machine(MachineScope::Illustration, page());
                }
                (Cue::Kind(kind), Form::Byline) if opens && end <= BYLINE_BYTES => {
                    self.kinds.push((kind, page()));
                }
                _ => {}
            }
        }
    }

    /// Reads section and genre names and the URL's path segments.
    fn read_sections(&mut self, sections: &[(&str, String)], url: Option<&str>) {
        let book = &*PHRASES;
        for (field, value) in sections {
            let parts = value
                .split(['/', '>', '|', ',', ';', '·', ':', '»'])
                .chain(std::iter::once(value.as_str()));
            let mut kinds: Vec<ArticleKind> = Vec::new();
            for part in parts {
                for kind in book.sections.get(&slug(part)).into_iter().flatten() {
                    if !kinds.contains(kind) {
                        kinds.push(*kind);
                    }
                }
            }
            let source = if matches!(*field, "articleSection" | "genre") {
                SignalSource::JsonLd
            } else {
                SignalSource::Meta
            };
            for kind in kinds {
                self.kinds
                    .push((kind, evidence(source, Some(field), value)));
            }
        }
        let Some(url) = url.and_then(|u| url::Url::parse(u).ok()) else {
            return;
        };
        let Some(segments) = url.path_segments() else {
            return;
        };
        let segments: Vec<&str> = segments.filter(|s| !s.is_empty()).collect();
        // The last segment is the article's own name ("opinion-polls-narrow").
        let sections = segments.split_last().map_or(&[][..], |(_, rest)| rest);
        for segment in sections {
            let name = segment.split('.').next().unwrap_or(segment);
            for kind in book.sections.get(&slug(name)).into_iter().flatten() {
                self.kinds
                    .push((*kind, evidence(SignalSource::Url, None, segment)));
            }
        }
    }

    /// Reads what the extractor saw of the page: JSON-LD types, access and corrections, paywall
    /// markers, captions and left-out lines.
    fn read_page(&mut self, page: &Extracted) {
        let metadata = &page.metadata;
        for name in &metadata.ld_types {
            let kind = match name.as_str() {
                "OpinionNewsArticle" => ArticleKind::Opinion,
                "AnalysisNewsArticle" | "BackgroundNewsArticle" => ArticleKind::Analysis,
                "ReviewNewsArticle" | "Review" | "CriticReview" => ArticleKind::Review,
                "AdvertiserContentArticle" => ArticleKind::Sponsored,
                "SatiricalArticle" => ArticleKind::Satire,
                _ => continue,
            };
            self.kinds
                .push((kind, evidence(SignalSource::JsonLd, Some("@type"), name)));
        }
        if let Some(free) = &metadata.accessible_for_free
            && declares_false(free)
        {
            let found = evidence(SignalSource::JsonLd, Some("isAccessibleForFree"), free);
            self.paywall.push(found);
        }
        for part in &metadata.walled_parts {
            let found = evidence(SignalSource::JsonLd, Some("hasPart"), part);
            self.paywall.push(found);
        }
        for text in &metadata.declared_corrections {
            let found = evidence(SignalSource::JsonLd, Some("correction"), text);
            self.correction(CorrectionKind::Correction, found);
        }
        for marker in &page.clues.paywall_markers {
            let line = Passage::new(&marker.text);
            let notice = line
                .hits
                .iter()
                .any(|h| h.cue == Cue::Paywall && line.opens_sentence(0, h.start));
            if notice || (marker.wraps_body && !marker.metered) {
                let found = evidence(SignalSource::Markup, Some(marker.attribute), &marker.name);
                self.paywall.push(found);
            }
            if notice {
                self.paywall
                    .push(evidence(SignalSource::Page, None, &marker.text));
            }
        }
        for caption in &page.clues.captions {
            self.read_caption(&Passage::new(caption));
        }
        for line in &page.clues.left_out {
            self.read_page_line(&Passage::new(line));
        }
    }
}

/// Where a notice found at `hit` ends, or `None` when the hit is no notice. A label must open
/// its paragraph and be followed by a separator and words that read as a notice; a label
/// standing alone takes the next paragraph as its text. A sentence form must open a sentence.
fn notice_end(body: &Passage<'_>, hit: Hit, form: Form, index: usize) -> Option<usize> {
    let (_, p_start, p_end) = body.paragraph(hit.start);
    match form {
        Form::Label => {
            if !body.opens_paragraph(p_start, hit.start) || !body.label_follows(hit.end, p_end) {
                return None;
            }
            let rest = body.slice(hit.end, p_end);
            if reads_as_notice(rest) {
                return Some(p_end);
            }
            let next = body.paragraphs.get(index + 1)?;
            (rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty()
                && reads_as_notice(body.slice(next.0, next.1)))
            .then_some(next.1)
        }
        Form::Sentence => body.opens_sentence(p_start, hit.start).then_some(p_end),
        _ => None,
    }
}

/// How specific each kind is: when the evidence names several, the most specific wins (an
/// editorial in the opinion section is an editorial; paid-for content is sponsored whatever
/// its section).
const KIND_ORDER: &[ArticleKind] = &[
    ArticleKind::Sponsored,
    ArticleKind::Satire,
    ArticleKind::Editorial,
    ArticleKind::Letter,
    ArticleKind::Review,
    ArticleKind::Analysis,
    ArticleKind::Opinion,
];

/// How strong a source of evidence is: what the page declares about itself first, phrases
/// last. Evidence is listed in this order.
fn strength(source: SignalSource) -> u8 {
    match source {
        SignalSource::JsonLd => 0,
        SignalSource::Meta => 1,
        SignalSource::Url => 2,
        SignalSource::Markup => 3,
        SignalSource::Headline => 4,
        SignalSource::Byline => 5,
        SignalSource::Body => 6,
        SignalSource::Caption => 7,
        SignalSource::Page => 8,
    }
}

/// The evidence without repeats, strongest first (a stable sort: equals keep their order).
fn ranked(items: impl IntoIterator<Item = SignalEvidence>) -> Vec<SignalEvidence> {
    let mut kept: Vec<SignalEvidence> = Vec::new();
    for item in items {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept.sort_by_key(|e| strength(e.source));
    kept
}

/// Signals from the article text, its headline and its URL alone: what plain text and JSON
/// Lines records without HTML can give. `text` is the article text spans will index.
pub fn text_signals(text: &str, title: Option<&str>, url: Option<&str>) -> Signals {
    detect(text, title, url, None)
}

/// Signals from an extracted page: its metadata, markup clues and captions, and all that
/// `text_signals` reads. `text` is the article text spans will index (`page.text()`); `title`
/// and `url` are the article's, which the caller may have from elsewhere than the page.
pub fn page_signals(
    page: &Extracted,
    text: &str,
    title: Option<&str>,
    url: Option<&str>,
) -> Signals {
    detect(text, title, url, Some(page))
}

fn detect(text: &str, title: Option<&str>, url: Option<&str>, page: Option<&Extracted>) -> Signals {
    let mut findings = Findings::default();
    let body = Passage::new(text);
    findings.read_body(&body);
    if let Some(title) = title {
        findings.read_headline(&Passage::new(title));
    }
    let metadata = page.map(|p| &p.metadata);
    if let Some(byline) = metadata.and_then(|m| m.byline.as_deref()) {
        findings.read_byline(&Passage::new(byline));
    }
    findings.read_sections(metadata.map_or(&[][..], |m| &m.sections), url);
    if let Some(page) = page {
        findings.read_page(page);
    }
    let declared_free = metadata
        .and_then(|m| m.accessible_for_free.as_deref())
        .is_some_and(|free| !declares_false(free));
    let declared_words = metadata.and_then(|m| m.declared_words);
    finish(findings, text, declared_free, declared_words)
}

/// Chooses the kind, judges the paywall and orders the corrections.
fn finish(
    findings: Findings,
    text: &str,
    declared_free: bool,
    declared_words: Option<u64>,
) -> Signals {
    let Findings {
        kinds,
        paywall,
        machine,
        mut corrections,
    } = findings;
    let kind = KIND_ORDER
        .iter()
        .copied()
        .find(|k| kinds.iter().any(|(found, _)| found == k))
        .unwrap_or_default();
    // Editorials and letters are opinion too: the opinion evidence stays with them.
    let opinion_family = matches!(kind, ArticleKind::Editorial | ArticleKind::Letter);
    let kind_evidence = ranked(kinds.into_iter().filter_map(|(found, item)| {
        (found == kind || (opinion_family && found == ArticleKind::Opinion)).then_some(item)
    }));
    let paywall_evidence = ranked(paywall);
    // A page that declares itself free outweighs class names alone.
    let markup_only = paywall_evidence
        .iter()
        .all(|e| matches!(e.source, SignalSource::Markup | SignalSource::Page));
    let outweighed = declared_free && markup_only;
    let walled = !paywall_evidence.is_empty() && !outweighed;
    let paywall = walled.then(|| {
        let words = text.split_whitespace().count();
        let teaser = match declared_words.filter(|d| *d >= 50) {
            Some(declared) => (words as f64) < declared as f64 * TEASER_SHARE,
            None => words < TEASER_WORDS,
        };
        Paywall {
            teaser,
            evidence: paywall_evidence,
        }
    });

    // Body notices in text order; a declared correction the body also carries is kept once.
    let in_body: Vec<String> = corrections
        .iter()
        .filter(|c| c.evidence.span.is_some())
        .map(|c| c.evidence.text.to_lowercase())
        .collect();
    corrections.retain(|c| {
        c.evidence.span.is_some()
            || !in_body
                .iter()
                .any(|body| body.contains(&c.evidence.text.to_lowercase()))
    });
    corrections.sort_by_key(|c| c.evidence.span.map_or(usize::MAX, |s| s.start));
    corrections.dedup_by(|a, b| a.kind == b.kind && a.evidence == b.evidence);

    Signals {
        kind,
        kind_evidence,
        paywall,
        machine_generated: machine,
        corrections,
    }
}

#[cfg(test)]
mod tests;
