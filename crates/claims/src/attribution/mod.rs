//! Attributions in English news: who is credited with a statement (source), the words that
//! credit them (cue), and what is credited (content), as PolNeAR annotates them.
//!
//! A paragraph is one sequence of tokens. A structured perceptron (`perceptron.rs`) tags each
//! token as outside, or the beginning or inside of a source, a cue or a content. Its features
//! are the words around the token, their shapes, whether the token lies inside quotation
//! marks, and where the nearest likely cue is (a word the training data often tags as a cue,
//! from a lexicon stored with the model), how far, and whether a comma or a sentence end lies
//! between. The tagged spans are then grouped: each content and source joins the nearest cue of
//! its paragraph, preferring one in the same sentence.
//!
//! The model is data: `models/attribution-en.bin`, built by `corroborate train attribution`
//! from the PolNeAR training split and embedded in the binary. A model that fails to load
//! gives no attributions and a diagnostic, never a panic.

pub(crate) mod credits;
mod edges;
pub(crate) mod perceptron;

use crate::doc::{Doc, Kind, Token};
use model::{Attribution, AttributionRole, Span};
use perceptron::{Example, Features, Labels, Paired, Trainer, Weights};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The roles in label order: kind 0 is a source, 1 a cue, 2 a content.
const ROLES: [AttributionRole; 3] = [
    AttributionRole::Source,
    AttributionRole::Cue,
    AttributionRole::Content,
];
/// Source, cue and content, with a label of its own for the last token of a content and of a
/// source (edges are where spans go wrong; four-fold cross-validation of PolNeAR's training
/// split moved content by +0.004 to +0.009 with the first, over three hash layouts, and
/// sources by +0.0035 to +0.0040 with the second, over two).
const LABELS: Labels = Labels {
    kinds: 3,
    last: 0b101,
};
/// The model format; a file of another version is refused.
const FORMAT: u32 = 7;
/// Paragraphs longer than this are tagged in windows of this many tokens, which bounds the
/// decoder's memory on hostile input.
const MAX_SEQUENCE: usize = 4000;
/// The edge chooser's table holds 2^EDGE_BITS weights.
const EDGE_BITS: u8 = 18;

/// The trained tagger and the cue lexicon its features read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttributionModel {
    format: u32,
    /// The checksum of the word-cluster file the features were read with; a model trained
    /// on other clusters is refused.
    clusters: u64,
    /// The checksum of the WordNet classes file (`crate::senses`) the features were read with.
    senses: u64,
    /// Lower-case words the training data tags as cues, with a class from 1 (sometimes) to 3
    /// (mostly).
    lexicon: Vec<(String, u8)>,
    /// The first pass, on the text's own features.
    first: Weights,
    /// The second pass, also reading the first pass's labels.
    second: Weights,
    /// Where the edges of the second pass's spans go.
    edges: edges::Edges,
    #[serde(skip)]
    classes: FxHashMap<u64, u8>,
    /// Both passes' weights in one table, as tagging reads them (see [`Paired`]).
    #[serde(skip)]
    paired: Option<Paired>,
}

impl AttributionModel {
    /// Reads a model file; an error says what is wrong with it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        if bytes.is_empty() {
            return Err(
                "the attribution model file is empty (run `corroborate train attribution`)".into(),
            );
        }
        let mut model: AttributionModel = postcard::from_bytes(bytes)
            .map_err(|e| format!("the attribution model file is damaged: {e}"))?;
        if model.format != FORMAT {
            return Err(format!(
                "the attribution model has format {}, this build reads format {FORMAT}",
                model.format
            ));
        }
        for weights in [&model.first, &model.second] {
            if usize::from(weights.labels) != LABELS.count() {
                return Err(format!(
                    "the attribution model has {} labels, expected {}",
                    weights.labels,
                    LABELS.count()
                ));
            }
            weights.validate()?;
        }
        if model.edges.bits > 24 || model.edges.weights.len() != 1usize << model.edges.bits {
            return Err("the attribution model's edge table does not match its size".into());
        }
        let clusters = crate::entities::shipped_clusters().map_err(|e| {
            format!("the word clusters the attribution model reads are damaged: {e}")
        })?;
        if model.clusters != clusters.checksum {
            return Err(
                "the attribution model was trained with other word clusters (run `corroborate train attribution`)"
                    .into(),
            );
        }
        let senses = crate::senses::shipped_senses().map_err(|e| {
            format!("the WordNet classes the attribution model reads are damaged: {e}")
        })?;
        if model.senses != senses.checksum {
            return Err(
                "the attribution model was trained with other WordNet classes (run `corroborate train attribution`)"
                    .into(),
            );
        }
        if model.first.bucket_bits != model.second.bucket_bits {
            return Err("the attribution model's two passes differ in size".into());
        }
        model.index();
        Ok(model)
    }

    /// The model as file bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        postcard::to_allocvec(self).map_err(|e| e.to_string())
    }

    fn index(&mut self) {
        self.classes = self
            .lexicon
            .iter()
            .map(|(word, class)| (hash_str(word), *class))
            .collect();
        self.paired = Paired::new(&self.first, &self.second);
    }

    fn class(&self, word_hash: u64) -> u8 {
        self.classes.get(&word_hash).copied().unwrap_or(0)
    }

    /// The spans the model tags in an analysed article, in text order.
    pub(crate) fn tag(&self, doc: &Doc<'_>) -> Vec<(AttributionRole, Span)> {
        let mut out = Vec::new();
        let mut carried = Vec::new();
        for paragraph in paragraphs(doc) {
            if !self.may_attribute(&paragraph) {
                continue;
            }
            for window in paragraph.chunks(MAX_SEQUENCE) {
                let mask = self.first.mask();
                let context = Context::new(self, window);
                let features = features(&context, mask);
                let labels = match &self.paired {
                    Some(paired) => {
                        let first = paired.first_pass(&features, &mut carried);
                        paired.second_pass(&stack_extra(&context, &first, mask), &carried)
                    }
                    None => {
                        let first = self.first.decode(&features);
                        self.second
                            .decode(&stack(&context, &first, mask, &features))
                    }
                };
                let mut found = edges::token_spans(&labels);
                self.edges.adjust(&context, &labels, &mut found);
                for span in found {
                    let role = ROLES[span.kind.min(2)];
                    let pieces = if role == AttributionRole::Source {
                        sentence_pieces(doc, window, span.first, span.last)
                    } else {
                        vec![(span.first, span.last)]
                    };
                    for (first, last) in pieces {
                        if let (Some((_, first)), Some((_, last))) =
                            (window.get(first), window.get(last))
                        {
                            out.push((role, Span::new(first.span.start, last.span.end)));
                        }
                    }
                }
            }
        }
        out
    }

    /// False for a paragraph with no word the training data ever tagged as a cue, no
    /// quotation mark and no colon: it holds no attribution, and is not tagged.
    fn may_attribute(&self, paragraph: &[Tok<'_>]) -> bool {
        paragraph.iter().any(|(_, token)| match token.kind {
            Kind::Word => self.class(hash_str(&token.lower)) >= 2,
            Kind::Punct => mark_of(token) > 0 || token.is_punct(':'),
            Kind::Number => false,
        })
    }

    /// The attributions this model finds in an English text.
    pub fn find_in(&self, text: &str) -> Vec<Attribution> {
        let lowered = crate::doc::lowered(text);
        self.attributions(&Doc::new(text, &lowered, Some("en")))
    }

    /// Tags an analysed article and groups the spans into attributions.
    ///
    /// Quotes credited by a dash after them, transcript turns and block quotations led in by a
    /// line of their own (`credits.rs`) are read by rule, and the tagger's spans that touch
    /// them (for a block quotation, its lead-in line) are dropped: the rules are surer than the
    /// tagger, which has seen few such lines in training. Quotations credited by a short tail or
    /// a clause with a colon then fill in or mend what the tagger found ([`tails`]).
    pub(crate) fn attributions(&self, doc: &Doc<'_>) -> Vec<Attribution> {
        let mut tagged = self.tag(doc);
        let mut credits = credits::dash_credits(doc.text);
        credits.extend(credits::transcript_turns(doc.text));
        credits.extend(credits::headline_credit(doc.text));
        let leads = credits::lead_ins(doc.text);
        // A block quotation may credit others within it ("“…,” Fridman began."): only its
        // lead-in line is the rule's alone.
        let claimed = credits
            .iter()
            .map(credits::DashCredit::outer)
            .chain(leads.iter().map(credits::DashCredit::lead));
        let claimed: Vec<Span> = claimed.collect();
        tagged.retain(|(_, span)| {
            !claimed
                .iter()
                .any(|outer| span.start < outer.end && outer.start < span.end)
        });
        fold_tails(doc, &mut tagged);
        extend_contents(doc, &mut tagged);
        surname_from_cue(doc.text, &mut tagged);
        with_party(doc.text, &mut tagged);
        with_given_name(doc.text, &mut tagged);
        with_surname(doc.text, &mut tagged);
        let mut out = group(doc, &tagged);
        let missed = tails(doc.text, &mut out);
        out.extend(
            credits
                .iter()
                .chain(&leads)
                .chain(&missed)
                .map(|c| c.attribution(doc.text)),
        );
        out.sort_by_key(|a| (a.cue.start, a.cue.end));
        out
    }
}

/// The token ranges of a tagged source from `first` to `last`, cut where a sentence ends,
/// less the marks that end it: a source never runs across a sentence's end, but the tagger,
/// reading a label a token, can carry one over a full stop ("said Tomas Reyes, head of the
/// agency*. Reyes* said"). A piece of marks alone is dropped.
fn sentence_pieces(
    doc: &Doc<'_>,
    window: &[Tok<'_>],
    first: usize,
    last: usize,
) -> Vec<(usize, usize)> {
    let sentence = |t: usize| {
        window
            .get(t)
            .and_then(|(_, token)| doc.sentence_index(token.span.start))
    };
    let mut out = Vec::new();
    let mut start = first;
    for t in first + 1..=last {
        if sentence(t) == sentence(start) {
            continue;
        }
        let words = (start..t).rev().find(|&k| {
            window
                .get(k)
                .is_some_and(|(_, token)| token.kind != Kind::Punct)
        });
        if let Some(end) = words {
            out.push((start, end));
        }
        start = t;
    }
    out.push((start, last));
    out
}

/// Gives back to a source the surname the tagger read as a modal verb opening the cue right
/// after it: "British Prime Minister Theresa *May* said" tags "May said" as the cue. The word
/// moves when it is a capitalised modal, the source ends in a capitalised word one space
/// before it, and the cue's next word is in lower case (so a headline in title case, "Trump
/// Will Say", is left alone).
fn surname_from_cue(text: &str, tagged: &mut [(AttributionRole, Span)]) {
    for k in 1..tagged.len() {
        let ((before, source), (role, cue)) = (tagged[k - 1], tagged[k]);
        if before != AttributionRole::Source
            || role != AttributionRole::Cue
            || text.get(source.end..cue.start) != Some(" ")
        {
            continue;
        }
        let (Some(source_text), Some(cue_text)) = (
            text.get(source.start..source.end),
            text.get(cue.start..cue.end),
        ) else {
            continue;
        };
        let Some((first, rest)) = cue_text.split_once(' ') else {
            continue;
        };
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let last = source_text.rsplit(' ').next().unwrap_or("");
        // The modals are ASCII: a word of other letters ("Él", "Über") is none of them.
        let modal = first.is_ascii()
            && first.len() > 1
            && first.as_bytes()[0].is_ascii_uppercase()
            && first.as_bytes()[1..].iter().all(u8::is_ascii_lowercase)
            && MODALS.contains(&first.to_ascii_lowercase().as_str());
        let rest_trimmed = rest.trim_start();
        if !modal
            || !capitalised(last)
            || !rest_trimmed.chars().next().is_some_and(char::is_lowercase)
        {
            continue;
        }
        tagged[k - 1].1 = Span::new(source.start, cue.start + first.len());
        tagged[k].1 = Span::new(cue.end - rest_trimmed.len(), cue.end);
    }
}

/// Runs a source on over the party and state written right after it, which the tagger
/// sometimes leaves out: "House Speaker Paul Ryan*, R-Wis.,* despite …", "Sen. Jon Tester*
/// (D-Mont.)*". PolNeAR's training split holds 98 sources that end in one and 3 that stop
/// before it. A source the tagger stopped inside one ("Dick Durbin (D-Ill*.)*") runs on to
/// its end. The source grows only up to the next tagged span.
fn with_party(text: &str, tagged: &mut [(AttributionRole, Span)]) {
    for k in 0..tagged.len() {
        let (role, source) = tagged[k];
        if role != AttributionRole::Source {
            continue;
        }
        let Some(body) = text.get(source.start..source.end) else {
            continue;
        };
        // Where the party may open: right after the source, or among its last bytes.
        let inside = [body.rfind(" ("), body.rfind(", ")]
            .into_iter()
            .flatten()
            .filter(|at| body.len() - at <= 12)
            .max();
        let Some(end) = [inside.map(|at| source.start + at), Some(source.end)]
            .into_iter()
            .flatten()
            .filter_map(|from| Some(from + party_after(text.get(from..)?)?))
            .find(|end| *end > source.end)
        else {
            continue;
        };
        if tagged.get(k + 1).is_none_or(|(_, next)| next.start >= end) {
            tagged[k].1 = Span::new(source.start, end);
        }
    }
}

/// Runs a source that opens with a capitalised word back over the given name (and middle
/// initial) written right before it, which the tagger left out: "predictable - *Donald J.*
/// Trump has vowed". None of the 21,623 sources of PolNeAR's training and development
/// splits starts right after a given name. The source grows only back to the tagged span
/// before it, and not over a word joined to one before it ("Washington Post Trump" keeps
/// "Post" out, as no given name).
fn with_given_name(text: &str, tagged: &mut [(AttributionRole, Span)]) {
    for k in 0..tagged.len() {
        let (role, source) = tagged[k];
        let opens_capitalised = text
            .get(source.start..source.end)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase);
        if role != AttributionRole::Source || !opens_capitalised {
            continue;
        }
        let Some(before) = text.get(..source.start).and_then(|b| b.strip_suffix(' ')) else {
            continue;
        };
        // A middle initial: "J.".
        let before = match before.strip_suffix('.') {
            Some(rest) => match rest.char_indices().next_back() {
                Some((at, c))
                    if c.is_ascii_uppercase()
                        && rest[..at].ends_with(' ')
                        && rest[..at].len() > 1 =>
                {
                    &rest[..at - 1]
                }
                _ => continue,
            },
            None => before,
        };
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(at, c)| at + c.len_utf8());
        let word = &before[word_start..];
        let floor = k
            .checked_sub(1)
            .and_then(|j| tagged.get(j))
            .map_or(0, |(_, span)| span.end);
        let lead = &before[..word_start];
        let joined = lead.chars().next_back().is_some_and(|c| !c.is_whitespace());
        // What comes before the name: not a sentence's or a line's end ("So I": a given name
        // in the Census lists that opens a sentence is as likely any word), nor a word of a
        // name whose name this one goes on ("Los Angeles Superior Court"; "Then" is no name).
        let lead = lead.trim_end_matches(' ');
        let opens = lead
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '“' | '"' | '‘' | ':'));
        let after_capital = lead.rsplit(' ').next().is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && crate::entities::capitalised_share(w).is_none_or(|share| share >= 50)
        });
        if word_start < floor
            || word.is_empty()
            || joined
            || opens
            || after_capital
            || !word.chars().next().is_some_and(char::is_uppercase)
            // News writes a given name with a capital nearly always; a day ("the Sunday
            // Telegraph") is no one's name here.
            || crate::entities::capitalised_share(word).is_none_or(|share| share < 90)
            || text::ENGLISH_WEEKDAYS.contains(&word.to_ascii_lowercase().as_str())
            || crate::genders::given_name_gender(word, true).is_none()
        {
            continue;
        }
        tagged[k].1 = Span::new(word_start, source.end);
    }
}

/// Runs a source that ends in a given name on over the surname written right after it,
/// which the tagger left out: "wrote *Cameron* Easley for Morning Consult". Of PolNeAR's
/// training sources, the 5 that end in a given name before a capitalised word all stand in
/// headlines in title case ("Hillary Just Vowed"), so the word after the surname must not
/// be capitalised too. The surname is a capitalised word news writes so nine times in ten or
/// more, or one it does not know, and no day; the source grows only up to the next tagged
/// span.
fn with_surname(text: &str, tagged: &mut [(AttributionRole, Span)]) {
    for k in 0..tagged.len() {
        let (role, source) = tagged[k];
        if role != AttributionRole::Source {
            continue;
        }
        let (Some(source_text), Some(after)) =
            (text.get(source.start..source.end), text.get(source.end..))
        else {
            continue;
        };
        let last = source_text.rsplit(' ').next().unwrap_or("");
        let Some(rest) = after.strip_prefix(' ') else {
            continue;
        };
        let len = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(rest.len(), |(at, _)| at);
        let surname = &rest[..len];
        let following = rest[len..]
            .trim_start_matches(' ')
            .chars()
            .next()
            .is_none_or(|c| !c.is_uppercase());
        let end = source.end + 1 + len;
        if len < 2
            || !following
            || !last.chars().next().is_some_and(char::is_uppercase)
            || !surname.chars().next().is_some_and(char::is_uppercase)
            || crate::entities::capitalised_share(surname).is_some_and(|share| share < 90)
            || text::ENGLISH_WEEKDAYS.contains(&surname.to_ascii_lowercase().as_str())
            || crate::genders::given_name_gender(last, true).is_none()
            || tagged.get(k + 1).is_some_and(|(_, next)| next.start < end)
        {
            continue;
        }
        tagged[k].1 = Span::new(source.start, end);
    }
}

/// The length of a party and state opening `after`: ", R-Wis.," (with its closing comma) or
/// " (D-Mont.)", the party one capital of R, D or I and the state at most 14 letters and
/// full stops (or spaces, in brackets: "(D-Newport News)").
fn party_after(after: &str) -> Option<usize> {
    let (open, close, inner) = if let Some(rest) = after.strip_prefix(", ") {
        (2, ',', rest)
    } else if let Some(rest) = after.strip_prefix(" (") {
        (2, ')', rest)
    } else {
        return None;
    };
    let bytes = inner.as_bytes();
    if !(bytes.len() > 3 && matches!(bytes[0], b'R' | b'D' | b'I') && bytes[1] == b'-') {
        return None;
    }
    let state = inner.get(2..)?;
    let end = state.find(close)?;
    let name = &state[..end];
    let letters_ok = name.len() <= 15
        && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '.' || (close == ')' && c == ' '));
    letters_ok.then_some(open + 2 + end + 1)
}

/// Modal verbs that are also surnames or given names ("Theresa May", "Can Dündar").
const MODALS: &[&str] = &["may", "will", "can", "might", "must"];

/// Runs a content on to the end of its sentence when the tagger stopped it short: a content
/// right after its cue, in the cue's sentence, not a quotation, with nothing tagged after it
/// and no comma, quotation mark, semicolon or colon between its end and the sentence's last
/// word ("Clinton aides said Trump faced problems with his mic the morning *after the
/// debate*."). What a comma sets off ("…, which …", "…, according to …") is left out, as
/// PolNeAR often leaves it.
fn extend_contents(doc: &Doc<'_>, tagged: &mut [(AttributionRole, Span)]) {
    for k in 1..tagged.len() {
        let (role, content) = tagged[k];
        let (before, cue) = tagged[k - 1];
        if role != AttributionRole::Content
            || before != AttributionRole::Cue
            || opens_quote(doc.slice(content))
        {
            continue;
        }
        let Some(at) = doc.sentence_index(content.start) else {
            continue;
        };
        let Some(sentence) = doc.sentences.get(at) else {
            continue;
        };
        if doc.sentence_index(cue.start) != Some(at) || content.end > sentence.span.end {
            continue;
        }
        let Some(last) = sentence.tokens.iter().rev().find(|t| t.kind != Kind::Punct) else {
            continue;
        };
        let next = tagged.get(k + 1).map_or(usize::MAX, |(_, span)| span.start);
        if last.span.end <= content.end || next < last.span.end {
            continue;
        }
        let rest = doc.slice(Span::new(content.end, last.span.end));
        if rest.contains([',', ';', ':', '“', '”', '"']) {
            continue;
        }
        tagged[k].1 = Span::new(content.start, last.span.end);
    }
}

/// Gives a tail attribution its clause: when a sentence ends in a source and a cue after a
/// comma (", a source said.", ", said Okafor.", ", according to the documents."), with at most
/// a few words after them ("said Monday."), PolNeAR's content is the whole sentence before the
/// comma. The tagger reads one label a token and often marks an attribution inside that clause
/// instead ("*Clinton had told* police officials that she didn’t want the escort, the source
/// added."), or starts the content late; PolNeAR does not mark an attribution inside another's
/// content (6 of the 2,319 contents of its development split hold one). The clause's tagged
/// spans give way to one content from the sentence's start to the comma. A sentence where the
/// tagger found content after the cue, or a span that runs in from the sentence before (a
/// content of several sentences), is left as tagged, and so is a clause holding a quotation
/// the tagger credited: its speaker is what a reader wants from it.
fn fold_tails(doc: &Doc<'_>, tagged: &mut Vec<(AttributionRole, Span)>) {
    /// Most words after the cue before the sentence ends.
    const AFTER_CUE: usize = 4;
    // The spans are in text order; the furthest end of the spans before each one tells
    // whether a span runs into a sentence.
    let reach: Vec<usize> = tagged
        .iter()
        .scan(0, |furthest, (_, span)| {
            let before = *furthest;
            *furthest = before.max(span.end);
            Some(before)
        })
        .collect();
    // Each clause and what it takes in: the clause and the comma after it.
    let mut folds: Vec<(Span, Span)> = Vec::new();
    for sentence in &doc.sentences {
        let tokens = &sentence.tokens;
        let first = tagged.partition_point(|(_, s)| s.start < sentence.span.start);
        let last = tagged.partition_point(|(_, s)| s.start < sentence.span.end);
        let runs_in = reach
            .get(first)
            .is_some_and(|&end| end > sentence.span.start);
        let spans: Vec<(AttributionRole, Span)> = tagged[first..last]
            .iter()
            .filter(|(_, s)| s.end <= sentence.span.end)
            .copied()
            .collect();
        let Some(&(_, cue)) = spans
            .iter()
            .rev()
            .find(|(role, _)| *role == AttributionRole::Cue)
        else {
            continue;
        };
        let content_after = spans
            .iter()
            .any(|(role, s)| *role == AttributionRole::Content && s.start >= cue.end);
        if content_after || runs_in {
            continue;
        }
        let cue_first = sentence.token_from(cue.start);
        let after_cue = sentence.token_from(cue.end);
        let Some(rest) = tokens.get(after_cue..) else {
            continue;
        };
        let closes = tokens.last().is_some_and(|t| t.kind == Kind::Punct);
        if !closes || rest.len() > AFTER_CUE || rest.iter().any(|t| t.is_punct(',')) {
            continue;
        }
        let is_source = |role: AttributionRole| role == AttributionRole::Source;
        // The source right before the cue and the comma before it, or the comma right before
        // the cue and the source right after it.
        let comma = match spans
            .iter()
            .find(|(role, s)| is_source(*role) && sentence.token_from(s.end) == cue_first)
        {
            Some((_, source)) => sentence.token_from(source.start).checked_sub(1),
            None => spans
                .iter()
                .any(|(role, s)| is_source(*role) && sentence.token_from(s.start) == after_cue)
                .then(|| cue_first.checked_sub(1))
                .flatten(),
        };
        let Some(comma) =
            comma.filter(|&at| at > 1 && tokens.get(at).is_some_and(|t| t.is_punct(',')))
        else {
            continue;
        };
        let (Some(clause), Some(comma)) = (sentence.cover(0, comma - 1), tokens.get(comma)) else {
            continue;
        };
        // The tagger's spans inside the clause give way, the comma after it too.
        let within = Span::new(clause.start, comma.span.end);
        // A quotation credited inside the clause keeps its own attribution: “It is a bluff,”
        // the official added, according to a recording.
        let quoted = spans.iter().any(|(role, s)| {
            *role == AttributionRole::Content && s.end <= within.end && opens_quote(doc.slice(*s))
        });
        if !quoted {
            folds.push((clause, within));
        }
    }
    if folds.is_empty() {
        return;
    }
    tagged.retain(|(_, span)| {
        !folds
            .iter()
            .any(|(_, w)| span.start >= w.start && span.end <= w.end)
    });
    tagged.extend(
        folds
            .into_iter()
            .map(|(clause, _)| (AttributionRole::Content, clause)),
    );
    tagged.sort_by_key(|(_, span)| (span.start, span.end));
}

/// Reads the quotations credited by a short tail (`credits::quoted_tails`) against the
/// tagger's attributions `out`: one whose cue is the tail's verb but whose content starts before
/// the quotation ("such as my brother's addiction *"We live in Satan's kingdom,"* my father
/// often said.") takes the quotation as its content and the tail's source, and one with no
/// source whose content lies within the quotation (or is empty) takes the tail's source ("“…,”
/// the ruling said."); one that no attribution touches is returned, to be added. Another attribution's content that runs on
/// from the sentences before into the quotation ends before it, and the quotation goes to the
/// tail (the tagger's attribution of the tail's cue, when it has no content, or the rule's).
fn tails(text: &str, out: &mut [Attribution]) -> Vec<credits::DashCredit> {
    let meets = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    let mut missed = Vec::new();
    for credit in credits::quoted_tails(text) {
        let outer = credit.outer();
        let touching = |a: &Attribution| {
            a.source
                .iter()
                .chain([&a.cue])
                .chain(&a.content)
                .any(|span| meets(*span, outer))
        };
        // Another attribution's content that runs on from the sentences before into the
        // quotation ("Okafor said Mexico would join. *"We are ready,"* said Okafor."): the
        // tagger, one label a token, cannot end one content and open the next where no cue
        // stands between them. It ends before the quotation, which its own tail credits.
        let own = out.iter().position(|a| meets(a.cue, credit.cue));
        let runs_in = out.iter().position(|a| {
            a.cue.end <= outer.start
                && a.content
                    .first()
                    .is_some_and(|first| first.start < outer.start)
                && a.content
                    .iter()
                    .any(|piece| piece.start < outer.start && outer.start < piece.end)
                && a.content.last().is_some_and(|last| last.end <= outer.end)
        });
        if let Some(other) = runs_in
            && own.is_none_or(|at| at != other && out[at].content.is_empty())
        {
            let cut = text
                .get(..outer.start)
                .unwrap_or("")
                .trim_end()
                .trim_end_matches(['.', ',', ';', ':', '!', '?'])
                .trim_end()
                .len();
            let found = &mut out[other];
            found.content.retain_mut(|piece| {
                piece.end = piece.end.min(cut);
                piece.start < piece.end
            });
            found.content_text = found
                .content
                .iter()
                .map(|piece| piece.slice(text).unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" ");
            match own {
                Some(at) => {
                    let slice = |span: Span| span.slice(text).unwrap_or("").to_string();
                    let found = &mut out[at];
                    found.content = vec![credit.content];
                    found.content_text = slice(credit.content);
                    found.direct = true;
                    if found.source.is_none() {
                        found.source = Some(credit.source);
                        found.source_text = Some(slice(credit.source));
                    }
                }
                None => missed.push(credit),
            }
            continue;
        }
        match own {
            Some(at) => {
                let found = &mut out[at];
                // The content starts before the quotation and ends within it (in one piece
                // or several: a sentence break may cut it).
                let starts_early = found
                    .content
                    .first()
                    .is_some_and(|first| first.start < credit.content.start);
                let ends_inside = found.content.last().is_some_and(|last| {
                    last.end > credit.content.start && last.end <= credit.content.end
                });
                if starts_early && ends_inside {
                    let slice = |span: Span| span.slice(text).unwrap_or("").to_string();
                    found.content = vec![credit.content];
                    found.content_text = slice(credit.content);
                    found.direct = true;
                    if found
                        .source
                        .is_none_or(|source| meets(source, credit.source))
                    {
                        found.source = Some(credit.source);
                        found.source_text = Some(slice(credit.source));
                    }
                } else if found.source.is_none()
                    && found.content.iter().all(|piece| {
                        piece.start >= credit.content.start && piece.end <= credit.content.end
                    })
                {
                    // The tagger found the cue, and no more than the quotation, but no
                    // source: the tail names it.
                    let slice = |span: Span| span.slice(text).unwrap_or("").to_string();
                    found.source = Some(credit.source);
                    found.source_text = Some(slice(credit.source));
                    if found.content.is_empty() {
                        found.content = vec![credit.content];
                        found.content_text = slice(credit.content);
                        found.direct = true;
                    }
                }
            }
            None if !out.iter().any(touching) => missed.push(credit),
            None => {}
        }
    }
    missed
}

/// The shipped English model's bytes.
pub(crate) static SHIPPED_BYTES: &[u8] = include_bytes!("../../models/attribution-en.bin");

/// The shipped English model, loaded on first use.
pub fn shipped() -> Result<&'static AttributionModel, &'static str> {
    static MODEL: OnceLock<Result<AttributionModel, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| AttributionModel::from_bytes(SHIPPED_BYTES))
        .as_ref()
        .map_err(String::as_str)
}

/// Finds the attributions of an English article.
///
/// Other languages give none: the model is trained on English news only.
pub fn attributions(text: &str, language: Option<&str>) -> model::Outcome<Vec<Attribution>> {
    let lowered = crate::doc::lowered(text);
    let doc = Doc::new(text, &lowered, language);
    find(&doc)
}

/// The attributions of an analysed article, with a diagnostic when the model cannot be used.
pub(crate) fn find(doc: &Doc<'_>) -> model::Outcome<Vec<Attribution>> {
    if doc.langs.known && doc.langs.primary != crate::doc::Lang::En {
        return model::Outcome::new(Vec::new());
    }
    match shipped() {
        Ok(model) => model::Outcome::new(model.attributions(doc)),
        Err(message) => model::Outcome::with(
            Vec::new(),
            vec![model::Diagnostic::warning(
                crate::DIAGNOSTIC_SOURCE,
                message,
            )],
        ),
    }
}

/// A token and the index of its sentence.
type Tok<'t> = (usize, Token<'t>);

/// The tokens of each paragraph, in text order, with clitics split off as PolNeAR's
/// tokenisation has them ("he’s" → "he" "’s", "don't" → "do" "n't").
fn paragraphs<'t>(doc: &Doc<'t>) -> Vec<Vec<Tok<'t>>> {
    let mut out: Vec<Vec<Tok<'t>>> = Vec::new();
    let mut current = usize::MAX;
    for (s, sentence) in doc.sentences.iter().enumerate() {
        if sentence.paragraph != current || out.is_empty() {
            out.push(Vec::new());
            current = sentence.paragraph;
        }
        let Some(last) = out.last_mut() else { continue };
        for token in &sentence.tokens {
            match clitic_cut(token) {
                Some((text_cut, lower_cut)) => {
                    let (head, tail) = token.text.split_at(text_cut);
                    let lower = |part: &str| std::borrow::Cow::Owned(part.to_string());
                    let (lower_head, lower_tail) = token.lower.split_at(lower_cut);
                    let at = token.span.start + text_cut;
                    last.push((
                        s,
                        Token::word(Span::new(token.span.start, at), head, lower(lower_head)),
                    ));
                    last.push((
                        s,
                        Token::word(Span::new(at, token.span.end), tail, lower(lower_tail)),
                    ));
                }
                None => last.push((s, token.clone())),
            }
        }
    }
    out
}

/// Where a word's clitic starts, in its text and in its lower-cased form.
fn clitic_cut(token: &Token<'_>) -> Option<(usize, usize)> {
    if token.kind != Kind::Word {
        return None;
    }
    let lower: &str = &token.lower;
    let clitic = ["'s", "'re", "'ll", "'ve", "'d", "'m", "n't"]
        .iter()
        .find(|c| lower.len() > c.len() && lower.ends_with(*c))?;
    let lower_cut = lower.len() - clitic.len();
    // The text may spell the apostrophe "’" (three bytes) where the lower-cased form has "'".
    let text_cut = if *clitic == "n't" {
        token.text.rfind(['n', 'N'])?
    } else {
        token.text.rfind(['\'', '’'])?
    };
    (text_cut > 0 && lower_cut > 0).then_some((text_cut, lower_cut))
}

// ---------------------------------------------------------------------------------------------
// Features

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 31)
}

/// What one token contributes to the features of itself and its neighbours.
#[derive(Clone, Copy, Default)]
struct Info {
    word: u64,
    shape: u64,
    suffix: u64,
    /// The word's path in the shipped word clusters (0 when they do not hold it).
    cluster: u32,
    /// How often news writes the word with a capital inside a sentence, in six steps (0 to
    /// 5); 6 for a word the clusters do not hold.
    capital: u8,
    /// The word's WordNet classes (`crate::senses`; 0 when WordNet does not hold it).
    sense: u16,
    /// The cue class of the word (0 when not a cue word).
    cue: u8,
    /// 0 outside quotation marks, 1 inside.
    quoted: u8,
    /// 0 not a quotation mark, 1 opening, 2 closing, 3 either.
    mark: u8,
    comma: bool,
    first_in_sentence: bool,
    last_in_sentence: bool,
    sentence: usize,
}

fn shape(token: &Token<'_>) -> u64 {
    let text = token.text;
    let code: u64 = match token.kind {
        Kind::Number => 1,
        Kind::Punct => 100 + u64::from(text.chars().next().map_or(0, u32::from)),
        Kind::Word => {
            let mut chars = text.chars();
            let first = chars.next().unwrap_or(' ');
            let upper = text.chars().filter(|c| c.is_uppercase()).count();
            let len = text.chars().count();
            let size = match len {
                1 => 0,
                2..=3 => 1,
                4..=7 => 2,
                _ => 3,
            };
            let case = if upper == len && len > 1 {
                3
            } else if first.is_uppercase() {
                2
            } else if upper > 0 {
                4
            } else {
                1
            };
            10 + case * 10 + size
        }
    };
    mix(0x5ba9e, code)
}

fn mark_of(token: &Token<'_>) -> u8 {
    if token.kind != Kind::Punct {
        return 0;
    }
    match token.text.chars().next() {
        Some('“' | '«' | '„' | '‹') => 1,
        Some('”' | '»' | '›') => 2,
        Some('"') => 3,
        Some('‘') => 4,
        Some('’') => 5,
        Some('\'' | '`') => 6,
        _ => 0,
    }
}

fn infos(model: &AttributionModel, tokens: &[Tok<'_>]) -> Vec<Info> {
    let mut out: Vec<Info> = Vec::with_capacity(tokens.len());
    let mut quoted = false;
    let facts = crate::senses::shipped_word_facts();
    // Each token's slot in the table of word facts is asked for a few tokens ahead.
    const AHEAD: usize = 8;
    let keys: Vec<u64> = tokens
        .iter()
        .map(|(_, token)| crate::entities::lower_hash(token.text))
        .collect();
    for key in keys.iter().take(AHEAD) {
        facts.prefetch(*key);
    }
    for (i, ((sentence, token), key)) in tokens.iter().zip(&keys).enumerate() {
        if let Some(ahead) = keys.get(i + AHEAD) {
            facts.prefetch(*ahead);
        }
        let word = hash_str(&token.lower);
        let (cluster, capital, sense) = facts
            .get(*key)
            .map_or((0, 6, 0), |f| (f.path, f.capital, f.sense));
        let suffix = {
            let lower: &str = &token.lower;
            let cut = lower.char_indices().rev().nth(2).map_or(0, |(at, _)| at);
            mix(0x50ff1c, hash_str(&lower[cut..]))
        };
        let mark = mark_of(token);
        let opens = match mark {
            1 => true,
            2 => false,
            3 => !quoted,
            _ => quoted,
        };
        let before = quoted;
        quoted = opens;
        out.push(Info {
            word,
            shape: shape(token),
            suffix,
            cue: model.class(word),
            cluster,
            capital,
            sense,
            quoted: u8::from(before),
            mark,
            comma: token.is_punct(','),
            first_in_sentence: i == 0 || tokens[i - 1].0 != *sentence,
            last_in_sentence: tokens.get(i + 1).is_none_or(|(s, _)| s != sentence),
            sentence: *sentence,
        });
    }
    out
}

fn bucket(distance: usize) -> u64 {
    match distance {
        0..=3 => distance as u64,
        4..=5 => 4,
        6..=10 => 5,
        11..=20 => 6,
        _ => 7,
    }
}

/// The nearest marked token on each side of every token: its index.
fn nearest(len: usize, marked: impl Fn(usize) -> bool) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut left = Vec::with_capacity(len);
    let mut last = None;
    for i in 0..len {
        left.push(last);
        if marked(i) {
            last = Some(i);
        }
    }
    let mut right = vec![None; len];
    let mut next = None;
    for i in (0..len).rev() {
        right[i] = next;
        if marked(i) {
            next = Some(i);
        }
    }
    (left, right)
}

/// What the features of one sequence are computed from.
struct Context {
    infos: Vec<Info>,
    /// `commas[i]`: the commas before token `i`.
    commas: Vec<usize>,
}

impl Context {
    fn new(model: &AttributionModel, tokens: &[Tok<'_>]) -> Self {
        let infos = infos(model, tokens);
        let mut commas = Vec::with_capacity(infos.len() + 1);
        let mut count = 0usize;
        for info in &infos {
            commas.push(count);
            count += usize::from(info.comma);
        }
        commas.push(count);
        Context { infos, commas }
    }

    /// How token `i` stands to a marked token `other` on side `dir`: the distance, the
    /// commas between and whether they share a sentence; and that with the other's word.
    fn relation(&self, i: usize, other: Option<usize>, dir: u64) -> (u64, u64) {
        let Some(c) = other else {
            return (mix(dir, 99), mix(dir, 99));
        };
        let (lo, hi) = if c < i { (c, i) } else { (i, c) };
        let between = self.commas[hi] - self.commas[lo + 1].min(self.commas[hi]);
        let same = u64::from(self.infos[c].sentence == self.infos[i].sentence);
        let shape = mix(mix(dir, bucket(hi - lo)), mix(between.min(2) as u64, same));
        (shape, mix(shape, self.infos[c].word))
    }
}

/// Features per token in the first pass, and added in the second.
const FIRST_WIDTH: usize = 55;
const STACK_WIDTH: usize = 15;

fn hashed(templates: &[(u64, u64)], mask: u32, out: &mut Vec<u32>) {
    out.extend(
        templates
            .iter()
            .map(|(template, value)| (mix(*template + 1, *value) as u32) & mask),
    );
}

/// The first `bits` bits of a token's word-cluster path.
fn cluster_prefix(info: &Info, bits: u32) -> u64 {
    crate::entities::path_prefix(info.cluster, bits)
}

/// The first pass's feature indices of every token of one sequence.
fn features(context: &Context, mask: u32) -> Features {
    let infos = &context.infos;
    let (left, right) = nearest(infos.len(), |i| infos[i].cue >= 2);
    let blank = Info {
        word: 0x00b1_a44c,
        shape: 0x00b1_a44c,
        ..Info::default()
    };
    let at = |i: isize| -> &Info {
        usize::try_from(i)
            .ok()
            .and_then(|i| infos.get(i))
            .unwrap_or(&blank)
    };
    let (left_comma, right_comma) = nearest(infos.len(), |i| infos[i].comma);
    // The first and last token of each token's sentence.
    let mut sentence_start = vec![0usize; infos.len()];
    let mut sentence_end = vec![0usize; infos.len()];
    for i in 0..infos.len() {
        sentence_start[i] = if infos[i].first_in_sentence {
            i
        } else {
            sentence_start[i.saturating_sub(1)]
        };
    }
    for i in (0..infos.len()).rev() {
        sentence_end[i] = if infos[i].last_in_sentence {
            i
        } else {
            sentence_end.get(i + 1).copied().unwrap_or(i)
        };
    }
    let mut out = Features {
        width: FIRST_WIDTH,
        indices: Vec::with_capacity(infos.len() * FIRST_WIDTH),
    };
    for (i, info) in infos.iter().enumerate() {
        let n = i as isize;
        let from_start = bucket(i - sentence_start[i]);
        let to_end = bucket(sentence_end[i] - i);
        let opener = infos[sentence_start[i]].word;
        let after_comma = left_comma[i].map_or(0, |c| at(c as isize + 1).word);
        let next_comma = right_comma[i].map_or(99, |c| bucket(c - i));
        let beyond_comma = right_comma[i].map_or(0, |c| {
            u64::from(at(c as isize + 1).cue) << 4 | u64::from(at(c as isize + 2).cue)
        });
        let (p1, p2, n1, n2) = (at(n - 1), at(n - 2), at(n + 1), at(n + 2));
        let (left_shape, left_word) = context.relation(i, left[i], 1);
        let (right_shape, right_word) = context.relation(i, right[i], 2);
        let quote_state = u64::from(info.quoted) << 8 | u64::from(info.mark);
        let edges = u64::from(info.first_in_sentence) | u64::from(info.last_in_sentence) << 1;
        let (p3, n3) = (at(n - 3), at(n + 3));
        let path = cluster_prefix;
        let templates: [(u64, u64); FIRST_WIDTH] = [
            (50, path(info, 4)),
            (70, u64::from(info.sense)),
            (71, mix(u64::from(p1.sense), u64::from(info.sense))),
            (72, mix(u64::from(info.sense), u64::from(n1.sense))),
            (73, mix(u64::from(info.sense), quote_state)),
            (51, path(info, 8)),
            (52, u64::from(info.cluster)),
            (53, mix(path(p1, 6), path(info, 6))),
            (54, mix(path(info, 6), path(n1, 6))),
            (55, mix(path(info, 8), quote_state)),
            (56, mix(u64::from(info.capital), info.shape)),
            (57, mix(path(info, 6), left_shape)),
            (58, mix(path(info, 6), right_shape)),
            (59, mix(path(p2, 6), path(n2, 6))),
            (60, mix(mix(p1.word, info.word), n1.word)),
            (61, path(info, 10)),
            (
                62,
                mix(
                    u64::from(info.capital),
                    mix(u64::from(p1.capital), u64::from(n1.capital)),
                ),
            ),
            (32, mix(from_start, to_end)),
            (33, mix(opener, from_start)),
            (34, after_comma),
            (35, mix(info.shape, next_comma)),
            (36, mix(beyond_comma, next_comma)),
            (37, mix(mix(quote_state, to_end), u64::from(info.cue))),
            (26, p3.word),
            (27, n3.word),
            (28, mix(p2.word, p1.word)),
            (29, mix(n1.word, n2.word)),
            (30, mix(info.word, quote_state)),
            (31, mix(mix(p2.shape, p1.shape), info.shape)),
            (0, 0),
            (1, info.word),
            (2, p1.word),
            (3, n1.word),
            (4, p2.word),
            (5, n2.word),
            (6, mix(p1.word, info.word)),
            (7, mix(info.word, n1.word)),
            (8, info.shape),
            (9, mix(mix(p1.shape, info.shape), n1.shape)),
            (10, info.suffix),
            (11, quote_state),
            (
                12,
                mix(
                    u64::from(p1.quoted) << 4 | u64::from(p1.mark),
                    u64::from(n1.quoted) << 4 | u64::from(n1.mark),
                ),
            ),
            (13, edges),
            (
                14,
                mix(
                    u64::from(info.cue),
                    mix(u64::from(p1.cue), u64::from(n1.cue)),
                ),
            ),
            (15, left_shape),
            (16, right_shape),
            (17, left_word),
            (18, right_word),
            (19, mix(left_shape, right_shape)),
            (20, mix(info.word, left_shape)),
            (21, mix(mix(info.shape, right_shape), quote_state)),
            (22, mix(info.shape, p1.word)),
            (23, mix(mix(info.shape, quote_state), left_shape)),
            (24, mix(edges, quote_state)),
            (25, mix(p1.shape, mix(info.shape, right_shape))),
        ];
        hashed(&templates, mask, &mut out.indices);
    }
    out
}

/// The second pass's features: each token's first-pass `features` followed by its
/// [`stack_extra`] ones.
fn stack(context: &Context, first: &[u8], mask: u32, features: &Features) -> Features {
    let extra = stack_extra(context, first, mask);
    let mut out = Features {
        width: features.width + STACK_WIDTH,
        indices: Vec::with_capacity(first.len() * (features.width + STACK_WIDTH)),
    };
    for (own, added) in features
        .indices
        .chunks_exact(features.width.max(1))
        .zip(extra.indices.chunks_exact(STACK_WIDTH))
    {
        out.indices.extend_from_slice(own);
        out.indices.extend_from_slice(added);
    }
    out
}

/// The features the second pass adds to the first's: the first pass's labels around each
/// token, and where the cues and spans it tagged lie.
fn stack_extra(context: &Context, first: &[u8], mask: u32) -> Features {
    let mut out = Features {
        width: STACK_WIDTH,
        indices: Vec::with_capacity(first.len() * STACK_WIDTH),
    };
    let label = |i: isize| -> u64 {
        usize::try_from(i)
            .ok()
            .and_then(|i| first.get(i))
            .map_or(9, |l| u64::from(*l))
    };
    let begins = |i: usize, kind: usize| first[i] == Labels::begin(kind);
    let (left_cue, right_cue) = nearest(first.len(), |i| begins(i, 1));
    let (left_span, right_span) = nearest(first.len(), |i| LABELS.begins(first[i]));
    let kind_at = |k: Option<usize>| k.map_or(9, |k| u64::from(first[k]));
    // The kinds the first pass tagged in each token's sentence, as bits.
    let mut kinds = vec![0u64; first.len()];
    let mut start = 0;
    while start < first.len() {
        let sentence = context.infos[start].sentence;
        let end = (start..first.len())
            .find(|&i| context.infos[i].sentence != sentence)
            .unwrap_or(first.len());
        let bits = first[start..end]
            .iter()
            .filter_map(|l| LABELS.kind(*l))
            .fold(0u64, |b, k| b | 1 << k);
        kinds[start..end].fill(bits);
        start = end;
    }
    for i in 0..first.len() {
        let n = i as isize;
        let own = label(n);
        let (left_shape, left_word) = context.relation(i, left_cue[i], 3);
        let (right_shape, right_word) = context.relation(i, right_cue[i], 4);
        let info = &context.infos[i];
        let word = info.word;
        let templates: [(u64, u64); STACK_WIDTH] = [
            (40, own),
            (41, mix(mix(label(n - 1), own), label(n + 1))),
            (42, mix(own, word)),
            (43, left_shape),
            (44, right_shape),
            (45, mix(mix(left_shape, right_shape), own)),
            (46, mix(kind_at(left_span[i]), kind_at(right_span[i]))),
            (47, mix(label(n - 2), label(n - 1))),
            (48, left_word),
            (49, right_word),
            (63, mix(own, cluster_prefix(info, 6))),
            (64, mix(mix(label(n - 1), own), cluster_prefix(info, 4))),
            (66, mix(kinds[i], own)),
            (67, mix(mix(kinds[i], own), u64::from(info.quoted))),
            (68, mix(label(n + 1), label(n + 2))),
        ];
        hashed(&templates, mask, &mut out.indices);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Grouping

/// Groups tagged spans into attributions: each content and source joins the nearest cue of
/// its paragraph, preferring one in the same sentence.
fn group(doc: &Doc<'_>, tagged: &[(AttributionRole, Span)]) -> Vec<Attribution> {
    let paragraph_of = |at: usize| {
        doc.sentence_index(at)
            .and_then(|s| doc.sentences.get(s))
            .map(|s| s.paragraph)
    };
    let sentence_of = |at: usize| doc.sentence_index(at);
    let cues: Vec<Span> = tagged
        .iter()
        .filter(|(role, _)| *role == AttributionRole::Cue)
        .map(|(_, span)| *span)
        .collect();
    // Each cue's sentence and paragraph, looked up once.
    let placed: Vec<(Option<usize>, Option<usize>)> = cues
        .iter()
        .map(|cue| (sentence_of(cue.start), paragraph_of(cue.start)))
        .collect();
    // Each cue's source with its distance: the nearest wins.
    let mut sources: Vec<Option<((bool, usize), Span)>> = vec![None; cues.len()];
    let mut contents: Vec<Vec<Span>> = vec![Vec::new(); cues.len()];
    for (role, span) in tagged {
        if *role == AttributionRole::Cue
            || (*role == AttributionRole::Source && is_dateline(doc.text, *span))
        {
            continue;
        }
        let paragraph = paragraph_of(span.start);
        let sentence = sentence_of(span.start);
        let distance = |k: usize| {
            let cue = cues[k];
            let gap = if cue.start >= span.end {
                cue.start - span.end
            } else {
                span.start.saturating_sub(cue.end)
            };
            (placed[k].0 != sentence, gap)
        };
        let best = (0..cues.len())
            .filter(|k| placed[*k].1 == paragraph)
            .min_by_key(|k| distance(*k));
        let Some(k) = best else { continue };
        match role {
            AttributionRole::Source => {
                let d = distance(k);
                if sources[k].is_none_or(|(old, _)| d < old) {
                    sources[k] = Some((d, trim_source(doc.text, *span)));
                }
            }
            _ => contents[k].push(*span),
        }
    }
    let slice = |span: Span| doc.slice(span).to_string();
    cues.iter()
        .zip(sources)
        .zip(contents)
        .map(|((cue, source), mut content)| {
            let mut source = source.map(|(_, span)| span);
            content.sort_by_key(|span| span.start);
            drop_tails(doc, *cue, &mut content, &mut source);
            let content_text = content
                .iter()
                .map(|s| doc.slice(*s))
                .collect::<Vec<_>>()
                .join(" ");
            let direct = content.first().is_some_and(|s| opens_quote(doc.slice(*s)));
            Attribution {
                cue: *cue,
                cue_text: slice(*cue),
                source,
                source_text: source.map(slice),
                speaker: None,
                anonymous: false,
                entity: None,
                content,
                content_text,
                direct,
            }
        })
        .scan(None, |last_source, mut attribution| {
            share_subject(doc, last_source, &mut attribution);
            Some(attribution)
        })
        .collect()
}

/// A tagged source without what PolNeAR never counts as one:
/// - a clause of circumstance after a comma ("Hillary Clinton*, at a later press gaggle,*"):
///   of the 21,623 sources of its training and development splits, 4 hold one of
///   [`CIRCUMSTANCE`] after a comma (two of them "at" an employer);
/// - a closing comma when the source holds no other ("said O'Neill*,* on what was …"): a
///   source's closing comma belongs to it only when it closes an apposition it opened
///   ("Stacey Edwards, 31*,* said"). 1,099 of those sources end with a comma, and 3 of them
///   hold no other.
fn trim_source(text: &str, span: Span) -> Span {
    let span = without_connective(text, with_ampersand(text, after_dateline(text, span)));
    let Some(source) = text.get(span.start..span.end) else {
        return span;
    };
    let span = match leftover(source) {
        Some(cut) => Span::new(span.start, span.start + cut),
        None => span,
    };
    let Some(source) = text.get(span.start..span.end) else {
        return span;
    };
    // A clause of circumstance after a comma ("Hillary Clinton*, at a later press gaggle,*")
    // tells when or where, not who: PolNeAR's sources hold almost none.
    if let Some(cut) = source.match_indices(", ").find_map(|(at, _)| {
        let next = source[at + 2..].split(' ').next().unwrap_or("");
        CIRCUMSTANCE.contains(&next).then_some(at)
    }) && cut > 0
    {
        return Span::new(span.start, span.start + cut);
    }
    if let Some(cut) = trailing_adverb(source) {
        return Span::new(span.start, span.start + cut);
    }
    let trimmed = source.trim_end();
    match trimmed.strip_suffix(',') {
        Some(rest) if !rest.contains(',') && !rest.trim_end().is_empty() => {
            Span::new(span.start, span.start + rest.trim_end().len())
        }
        _ => span,
    }
}

/// A source that opens its line with the story's dateline starts after it: "*BERLIN -*
/// Secretary of State Condoleezza Rice", "*MYRTLE BEACH, S.C. —* Sen. Ted Cruz", "*KOLLAM:*
/// RSP national secretary K. Pankajakshan". The dateline is a place in capitals (then
/// perhaps a comma and a state or country written as such, and an agency in brackets),
/// followed by a dash or a colon; wire copy opens a story's first line with one, and the
/// tagger, which reads a sentence at a time, sometimes runs the source back over it.
fn after_dateline(text: &str, span: Span) -> Span {
    let Some(source) = text.get(span.start..span.end) else {
        return span;
    };
    let line_start = text
        .get(..span.start)
        .map_or(0, |before| before.rfind('\n').map_or(0, |at| at + 1));
    if text
        .get(line_start..span.start)
        .is_none_or(|lead| !lead.trim().is_empty())
    {
        return span;
    }
    let Some((dateline, rest)) = [" -- ", " - ", " — ", " – ", " —", "— ", ": "]
        .iter()
        .filter_map(|separator| source.split_once(separator))
        .min_by_key(|(dateline, _)| dateline.len())
    else {
        return span;
    };
    let rest_trimmed = rest.trim_start();
    if rest_trimmed.is_empty() || !dateline_words(dateline) {
        return span;
    }
    Span::new(span.start + (source.len() - rest_trimmed.len()), span.end)
}

/// Whether words are a dateline: a place in capitals ("WASHINGTON", "MEXICO CITY", "ST.
/// PAUL"), perhaps then a comma and up to three capitalised words ("S.C.", "Nev.", "Calif.")
/// and a word in brackets ("(AP)", "(Reuters)").
fn dateline_words(words: &str) -> bool {
    let words = words.trim();
    let words = match words.strip_suffix(')') {
        Some(open) => match open.rsplit_once('(') {
            Some((before, agency)) if !agency.is_empty() && agency.split(' ').count() <= 2 => {
                before.trim_end()
            }
            _ => return false,
        },
        None => words,
    };
    let (place, region) = match words.split_once(", ") {
        Some((place, region)) => (place, Some(region)),
        None => (words, None),
    };
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && place.split(' ').count() <= 4
        && place
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
        && region.is_none_or(|region| {
            region.split(' ').count() <= 3
                && region
                    .split(' ')
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
}

/// Where a source ends without its last word, when that word is an adverb of manner the
/// tagger took from the verb phrase ("Gingrich *cynically* wrote", "you *very aptly* said"):
/// a lower-case word ending in "ly" that is not a noun ("rally", "family"), in a source with
/// no relative clause (where PolNeAR keeps it: "friends who have seen him *recently*").
fn trailing_adverb(source: &str) -> Option<usize> {
    let body = source.trim_end();
    let (head, last) = body.rsplit_once(' ')?;
    let is_adverb = |word: &str| {
        word.len() >= 5
            && word.ends_with("ly")
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && !KEPT_IN_LY.contains(&word)
            || ADVERBS_OF_TIME.contains(&word)
    };
    if !is_adverb(last)
        || head
            .split(' ')
            .any(|w| matches!(w, "who" | "which" | "that" | "whose" | "whom"))
    {
        return None;
    }
    // An intensifier before the adverb goes with it.
    let head = head.trim_end();
    let head = match head.rsplit_once(' ') {
        Some((before, "very" | "so" | "quite" | "most" | "more")) => before.trim_end(),
        _ => head,
    };
    (!head.is_empty()).then_some(head.len())
}

/// Where a source ends without what the tagger ran on into from the words after it, none of
/// which PolNeAR's sources end with (in its training and development splits):
/// - a bracket left open on a lower-case word ("said Mr. Burman *(a view* echoed by …"); the
///   2 sources there with an open bracket end in a party's capitals ("(R-TX");
/// - a determiner ("the Supreme Court *this* month");
/// - the "’s" of a pronoun ("It*’s* denouncing"; 1 source there keeps it);
/// - a word that joins it to a clause after it ([`TRAILING_JOINS`]).
///
/// A year after "in" is not among them: PolNeAR ends 13 sources so without a relative clause
/// ("a picture taken back in 1986"), though the tagger sometimes runs on into one ("A group
/// of doctors *in 2015*").
fn leftover(source: &str) -> Option<usize> {
    if let Some(at) = source.rfind(" (")
        && !source[at..].contains(')')
        && source[at + 2..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
        && at > 0
    {
        return Some(at);
    }
    let body = source.trim_end();
    // "*It’s* denouncing what it calls …": a pronoun's "is" or "has" goes with the verb.
    if let Some(pronoun) = body
        .strip_suffix("’s")
        .or_else(|| body.strip_suffix("'s"))
        .filter(|p| !p.contains(' '))
        && matches!(
            pronoun.to_lowercase().as_str(),
            "it" | "he" | "she" | "that" | "who" | "there" | "what"
        )
    {
        return Some(pronoun.len());
    }
    let (head, last) = body.rsplit_once(' ')?;
    let head = head.trim_end();
    if head.is_empty() {
        return None;
    }
    if matches!(last, "this" | "these" | "those" | "the" | "a" | "an")
        || TRAILING_JOINS.contains(&last)
    {
        return Some(head.len());
    }
    None
}

/// Words a source never ends with, which join it to a clause after it ("said Dan Golvach
/// *when* asked about …", "co-founder of the institute *and*"): none of PolNeAR's training
/// sources of two words or more ends with one.
const TRAILING_JOINS: &[&str] = &[
    "when", "while", "as", "after", "before", "if", "because", "although", "though", "since",
    "until", "unless", "whereas", "whether", "and", "or", "but",
];

/// Adverbs of time and frequency that come between a subject and its verb ("my father *often*
/// said", "Trump *later* told").
const ADVERBS_OF_TIME: &[&str] = &[
    "often",
    "also",
    "later",
    "again",
    "always",
    "sometimes",
    "never",
    "once",
    "still",
    "then",
    "soon",
    "already",
    "twice",
];

/// A source that starts right after "&" and a capitalised word starts at that word's run of
/// capitalised words: the tagger sometimes cuts "Procter & *Gamble*", "Johnson & *Johnson*".
fn with_ampersand(text: &str, span: Span) -> Span {
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let (Some(before), Some(source)) = (text.get(..span.start), text.get(span.start..span.end))
    else {
        return span;
    };
    let Some(rest) = before.trim_end_matches(' ').strip_suffix('&') else {
        return span;
    };
    if !capitalised(source) {
        return span;
    }
    let rest = rest.trim_end_matches(' ');
    // The start of the capitalised words (at most four, one space apart) that end `rest`.
    let mut start = None;
    let mut end = rest.len();
    for word in rest.rsplit(' ').take(4) {
        // A line break ends the run.
        let (word, last) = match word.rsplit_once('\n') {
            Some((_, after)) => (after, true),
            None => (word, false),
        };
        if !capitalised(word) || word.contains(',') {
            break;
        }
        let at = end - word.len();
        start = Some(at);
        if last || at == 0 {
            break;
        }
        end = at - 1;
    }
    start.map_or(span, |at| Span::new(at, span.end))
}

/// A source without a first word that joins its clause to what came before or names the
/// speaking rather than the speaker: "*yet* Donald Trump", "*Lest* you", "*Said* Ellis" (a
/// cue put first). Of the 21,623 sources of PolNeAR's training and development splits, 2
/// open with one of [`CONNECTIVES`] and hold another word ("said in a statement", where the
/// tagger's source is a cue anyway); the tagger's sources open with one a few times in a
/// hundred articles. "Even", "but", "as" and "while" are not among them: PolNeAR keeps "even
/// some of those hardliners", "as many as 40 percent".
fn without_connective(text: &str, span: Span) -> Span {
    let Some(source) = text.get(span.start..span.end) else {
        return span;
    };
    let Some((first, rest)) = source.split_once(' ') else {
        return span;
    };
    let rest_trimmed = rest.trim_start();
    // "Because of this I": a preposition of two words is left whole.
    if rest_trimmed.is_empty()
        || rest_trimmed.starts_with("of ")
        || !CONNECTIVES.contains(&first.to_lowercase().as_str())
    {
        return span;
    }
    Span::new(span.start + (source.len() - rest_trimmed.len()), span.end)
}

/// First words a source does not hold: conjunctions and adverbs that join its clause to the
/// one before, and the commonest cues.
const CONNECTIVES: &[&str] = &[
    "yet",
    "lest",
    "also",
    "still",
    "then",
    "though",
    "although",
    "however",
    "meanwhile",
    "and",
    "or",
    "nor",
    "when",
    "if",
    "because",
    "since",
    "unless",
    "until",
    "whether",
    "indeed",
    "instead",
    "perhaps",
    "everything",
    "said",
    "says",
    "told",
    "added",
    "adds",
    "wrote",
    "writes",
    "continued",
    "continues",
    "explained",
    "explains",
    "recalled",
    "noted",
    "replied",
    "responded",
    "tweeted",
    "concluded",
    "insisted",
    "declared",
    "argued",
];

/// Words ending in "ly" that a source may end with: nouns, and adverbs that qualify a
/// source rather than its verb ("Florida and nationally").
const KEPT_IN_LY: &[&str] = &[
    "rally",
    "family",
    "tally",
    "ally",
    "reply",
    "supply",
    "assembly",
    "monopoly",
    "anomaly",
    "bully",
    "belly",
    "folly",
    "melancholy",
    "homily",
    "butterfly",
    "dragonfly",
    "firefly",
    "nationally",
    "respectively",
];

/// Words that open a clause of circumstance after a source's comma.
const CIRCUMSTANCE: &[&str] = &["at", "during", "speaking", "appearing", "while", "via"];

/// Words after which a participle cue shares the subject of the cue before it.
const JOINING_PARTICIPLE: &[&str] = &["while", "before", "after", "when", "then"];

/// Gives a cue with no source of its own the source of the cue before it in its sentence, when
/// it is a participle after a comma ("Okafor said the count was incomplete, *adding* that …",
/// "… she told reporters, *saying* …") or after a word of time ("… while *chanting* …"), or
/// any cue after "and" ("Reid urged people to stay calm *and said* he remains hopeful"). The
/// tagger marks the source once, and grouping gives it to the nearer cue only; PolNeAR
/// credits both statements to it (in its training split 12% of attributions share their
/// source with another).
///
/// `last_source` is the sentence and source of the last attribution before this one that had
/// a source; it is updated here.
fn share_subject(
    doc: &Doc<'_>,
    last_source: &mut Option<(Option<usize>, Span)>,
    attribution: &mut Attribution,
) {
    let sentence = doc.sentence_index(attribution.cue.start);
    if let Some(source) = attribution.source {
        *last_source = Some((sentence, source));
        return;
    }
    let cue = doc.slice(attribution.cue);
    let first = cue.split_whitespace().next().unwrap_or("");
    let participle =
        first.len() > 4 && first.ends_with("ing") && !first.eq_ignore_ascii_case("according");
    // After a comma, or after a word that opens a clause of time after one ("…, while
    // chanting").
    let after_comma = doc.text.get(..attribution.cue.start).is_some_and(|t| {
        let t = t.trim_end();
        t.ends_with(',')
            || t.rsplit_once(char::is_whitespace).is_some_and(|(_, word)| {
                JOINING_PARTICIPLE.contains(&word.to_ascii_lowercase().as_str())
            })
    });
    let after_and = doc.text.get(..attribution.cue.start).is_some_and(|t| {
        t.trim_end()
            .rsplit_once(char::is_whitespace)
            .is_some_and(|(_, word)| word == "and")
    });
    if !(participle && after_comma || after_and) {
        return;
    }
    let Some((_, source)) = last_source.filter(|(at, _)| *at == sentence) else {
        return;
    };
    attribution.source = Some(source);
    attribution.source_text = Some(doc.slice(source).to_string());
}

/// Drops what the tagger took for more content after a cue whose quotation came before it,
/// in the cue's own sentence, without quotation marks: “It’s fine,” she said *on Fox News’s
/// “Fox and Friends.”* Such a tail is nearly always where, when or to whom it was said (in the
/// PolNeAR training split, 26 of 2,838 attributions opening with a quotation before their cue
/// have content there, most of them "said of …"). A quotation after the cue stays (“A,” he
/// said. “B.”), and so does a tail in a later sentence.
fn drop_tails(doc: &Doc<'_>, cue: Span, content: &mut Vec<Span>, source: &mut Option<Span>) {
    let quoted_first = content
        .first()
        .is_some_and(|first| first.end <= cue.start && opens_quote(doc.slice(*first)));
    if !quoted_first {
        return;
    }
    let cue_sentence = doc.sentence_index(cue.start);
    let mut named = None;
    content.retain(|span| {
        let keep = span.start < cue.end
            || opens_quote(doc.slice(*span))
            || doc.sentence_index(span.start) != cue_sentence;
        if !keep
            && named.is_none()
            && doc
                .text
                .get(cue.end..span.start)
                .is_some_and(|gap| gap.trim().is_empty())
        {
            named = name_after_cue(doc.text, *span);
        }
        keep
    });
    if source.is_none() {
        *source = named;
    }
}

/// The run of capitalised words that opens `span` and ends at a comma, a full stop or the
/// span's end ("O'Neill" of "O'Neill, on what was his first full day"): the speaker of "“…,”
/// said O'Neill, on …", where the tagger took the name for more content. A possessive or a
/// run that goes on in lower case is no speaker.
fn name_after_cue(text: &str, span: Span) -> Option<Span> {
    let tail = text.get(span.start..span.end)?;
    let words: Vec<&str> = tail.split_whitespace().take(6).collect();
    for (k, word) in words.iter().enumerate().take(5) {
        if !word.chars().next().is_some_and(char::is_uppercase)
            || word.ends_with("’s")
            || word.ends_with("'s")
        {
            return None;
        }
        let bare = word.trim_end_matches([',', ';', ':', '.']);
        let abbreviation = word.ends_with('.') && bare.chars().count() <= 3;
        if (bare.len() < word.len() && !abbreviation) || k + 1 == words.len() {
            let at = word.as_ptr() as usize - tail.as_ptr() as usize;
            return Some(Span::new(span.start, span.start + at + bare.len()));
        }
    }
    None
}

/// True when a content opens with a quotation mark: a direct quote.
pub(crate) fn opens_quote(content: &str) -> bool {
    content.starts_with(['“', '"', '«', '„', '‘', '‹'])
}

/// True for a dateline: a span opening its paragraph where a dash follows within a few
/// capitalised words ("LINDQVIST, Veska Province (Meridian) — At least 12 people…"), which
/// names where and by whom an article was filed, not who said what.
fn is_dateline(text: &str, span: Span) -> bool {
    let opens = span.start == 0 || text.get(..span.start).is_some_and(|t| t.ends_with('\n'));
    if !opens {
        return false;
    }
    let Some(rest) = text.get(span.end..) else {
        return false;
    };
    // The dash comes within 60 bytes: look no further (it is three bytes long).
    let near = rest
        .char_indices()
        .take_while(|(at, _)| *at <= 60)
        .last()
        .map_or(0, |(at, c)| at + c.len_utf8());
    let Some(dash) = rest[..near].find(['—', '–']) else {
        return false;
    };
    dash <= 60
        && rest
            .get(..dash)
            .unwrap_or("")
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .all(text::is_capitalized)
}

// ---------------------------------------------------------------------------------------------
// Training

/// One training article: its text and the gold role spans (content pieces each on their own).
pub struct TrainingArticle {
    pub text: String,
    pub spans: Vec<(AttributionRole, Span)>,
}

/// How training went.
#[derive(Debug, Clone)]
pub struct TrainingReport {
    /// Share of paragraphs tagged exactly right in each epoch.
    pub epochs: Vec<f64>,
    pub lexicon: usize,
    pub tokens: usize,
}

/// How the tagger is trained.
#[derive(Debug, Clone, Copy)]
pub struct TrainingSettings {
    /// Passes over the training data.
    pub epochs: usize,
    /// The feature table holds 2^`bucket_bits` rows.
    pub bucket_bits: u8,
    /// Each model is the mean of this many averaged perceptrons, each shown the examples in
    /// another fixed-seed order (at least one).
    pub orders: usize,
}

impl TrainingSettings {
    /// The settings the shipped model is trained with.
    pub const SHIPPED: TrainingSettings = TrainingSettings {
        epochs: 8,
        bucket_bits: 17,
        orders: 3,
    };
}

/// Trains the attribution tagger on gold articles.
///
/// The first pass learns from the gold labels. The second pass learns from them too, with
/// features read from first-pass labels that a model trained without the article gave (four
/// folds by article), so that it learns how far to trust the first pass on unseen text.
/// Deterministic: the same articles in the same order give the same model.
pub fn train_attribution(
    articles: &[TrainingArticle],
    settings: &TrainingSettings,
) -> (AttributionModel, TrainingReport) {
    const FOLDS: usize = 4;
    let bucket_bits = settings.bucket_bits;
    let lowered: Vec<String> = articles
        .iter()
        .map(|a| crate::doc::lowered(&a.text))
        .collect();
    let docs: Vec<Doc<'_>> = articles
        .iter()
        .zip(&lowered)
        .map(|(a, lowered)| Doc::new(&a.text, lowered, Some("en")))
        .collect();
    let lexicon = cue_lexicon(&docs, articles);
    let untrained = Trainer::new(LABELS, bucket_bits).finish();
    let mut model = AttributionModel {
        format: FORMAT,
        clusters: crate::entities::shipped_clusters().map_or(0, |l| l.checksum),
        senses: crate::senses::shipped_senses().map_or(0, |s| s.checksum),
        lexicon,
        first: untrained.clone(),
        second: untrained,
        edges: edges::Edges {
            bits: EDGE_BITS,
            weights: vec![0; 1 << EDGE_BITS],
        },
        classes: FxHashMap::default(),
        paired: None,
    };
    model.index();
    let mask = (1u32 << bucket_bits) - 1;
    // Each example with its article's fold and its context.
    let mut examples = Vec::new();
    let mut contexts = Vec::new();
    let mut folds = Vec::new();
    let mut tokens = 0;
    for (k, (doc, article)) in docs.iter().zip(articles).enumerate() {
        for paragraph in paragraphs(doc) {
            for window in paragraph.chunks(MAX_SEQUENCE) {
                tokens += window.len();
                let context = Context::new(&model, window);
                examples.push(Example {
                    features: features(&context, mask),
                    gold: gold_labels(window, &article.spans),
                });
                contexts.push(context);
                folds.push(k % FOLDS);
            }
        }
    }
    let mut report = TrainingReport {
        epochs: Vec::new(),
        lexicon: model.lexicon.len(),
        tokens,
    };
    let all: Vec<usize> = (0..examples.len()).collect();
    let mut first_labels: Vec<Vec<u8>> = vec![Vec::new(); examples.len()];
    for fold in 0..FOLDS {
        let rest: Vec<usize> = all.iter().copied().filter(|&k| folds[k] != fold).collect();
        let weights = run_epochs(&examples, rest, settings, &mut Vec::new());
        for k in all.iter().copied().filter(|&k| folds[k] == fold) {
            first_labels[k] = weights.decode(&examples[k].features);
        }
    }
    model.first = run_epochs(&examples, all.clone(), settings, &mut Vec::new());
    for (k, example) in examples.iter_mut().enumerate() {
        example.features = stack(&contexts[k], &first_labels[k], mask, &example.features);
    }
    // The edge chooser learns from the second pass's spans on articles it did not see.
    let mut choices = Vec::new();
    for fold in 0..FOLDS {
        let rest: Vec<usize> = all.iter().copied().filter(|&k| folds[k] != fold).collect();
        let weights = run_epochs(&examples, rest, settings, &mut Vec::new());
        for k in all.iter().copied().filter(|&k| folds[k] == fold) {
            let labels = weights.decode(&examples[k].features);
            edges::choices(&contexts[k], &labels, &examples[k].gold, &mut choices);
        }
    }
    model.edges = edges::train(&choices, settings.epochs, EDGE_BITS);
    model.second = run_epochs(&examples, all, settings, &mut report.epochs);
    model.index();
    (model, report)
}

/// The mean of `settings.orders` averaged perceptrons trained on the examples `order` names,
/// each shuffling them with its own fixed seed; the first one's share tagged right in each
/// epoch is pushed to `progress`.
fn run_epochs(
    examples: &[Example],
    order: Vec<usize>,
    settings: &TrainingSettings,
    progress: &mut Vec<f64>,
) -> Weights {
    let mut trainers = Vec::with_capacity(settings.orders.max(1));
    for k in 0..settings.orders.max(1) as u64 {
        let seed = 0x2545_f491_4f6c_dd1du64 ^ k.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut ignored = Vec::new();
        let progress = if k == 0 { &mut *progress } else { &mut ignored };
        trainers.push(train_order(
            examples,
            order.clone(),
            settings,
            progress,
            seed,
        ));
    }
    Trainer::finish_all(&trainers)
}

/// Averaged-perceptron epochs over the examples `order` names, shuffled with `seed`.
fn train_order(
    examples: &[Example],
    mut order: Vec<usize>,
    settings: &TrainingSettings,
    progress: &mut Vec<f64>,
    mut seed: u64,
) -> Trainer {
    let mut trainer = Trainer::new(LABELS, settings.bucket_bits);
    for _ in 0..settings.epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let j = (seed % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let right = order
            .iter()
            .filter(|&&k| trainer.learn(&examples[k]))
            .count();
        progress.push(right as f64 / order.len().max(1) as f64);
    }
    trainer
}

/// The gold label of each token: the role span its first byte falls in.
fn gold_labels(tokens: &[Tok<'_>], spans: &[(AttributionRole, Span)]) -> Vec<u8> {
    let mut labels = Vec::with_capacity(tokens.len());
    let mut previous: Option<(usize, Span)> = None;
    for (_, token) in tokens {
        let found = spans
            .iter()
            .find(|(_, s)| s.start <= token.span.start && token.span.start < s.end);
        let label = match found {
            None => {
                previous = None;
                0
            }
            Some((role, span)) => {
                let kind = ROLES.iter().position(|r| r == role).unwrap_or(0);
                let continues = previous.is_some_and(|(k, s)| k == kind && s == *span);
                previous = Some((kind, *span));
                if continues {
                    Labels::inside(kind)
                } else {
                    Labels::begin(kind)
                }
            }
        };
        labels.push(label);
    }
    for kind in 0..LABELS.kinds {
        let Some(last) = LABELS.last_label(kind) else {
            continue;
        };
        let inside = Labels::inside(kind);
        for t in 0..labels.len() {
            if labels[t] == inside && labels.get(t + 1) != Some(&inside) {
                labels[t] = last;
            }
        }
    }
    labels
}

/// Words tagged as cues at least twice, classed by how often they are a cue when they occur.
fn cue_lexicon(docs: &[Doc<'_>], articles: &[TrainingArticle]) -> Vec<(String, u8)> {
    let mut seen: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for (doc, article) in docs.iter().zip(articles) {
        let cues: Vec<Span> = article
            .spans
            .iter()
            .filter(|(role, _)| *role == AttributionRole::Cue)
            .map(|(_, s)| *s)
            .collect();
        for sentence in &doc.sentences {
            for token in &sentence.tokens {
                if token.kind != Kind::Word {
                    continue;
                }
                let entry = seen.entry(token.lower.as_ref()).or_default();
                entry.1 += 1;
                if cues
                    .iter()
                    .any(|s| s.start <= token.span.start && token.span.start < s.end)
                {
                    entry.0 += 1;
                }
            }
        }
    }
    let mut lexicon: Vec<(String, u8)> = seen
        .into_iter()
        .filter(|(_, (cue, _))| *cue >= 2)
        .filter_map(|(word, (cue, all))| {
            let ratio = cue as f64 / all as f64;
            let class = if ratio >= 0.5 {
                3
            } else if ratio >= 0.2 {
                2
            } else if ratio >= 0.05 {
                1
            } else {
                return None;
            };
            Some((word.to_string(), class))
        })
        .collect();
    lexicon.sort();
    lexicon
}

#[cfg(test)]
mod tests;
