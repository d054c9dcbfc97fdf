//! Editorial signals: what a page says about the piece itself rather than about the news. Is it
//! opinion or news, is its text a paywall teaser, does it say a machine wrote it, and which
//! corrections does it carry.
//!
//! Each signal keeps its evidence: the metadata field or the exact text it was read from, with
//! the byte range in the article text when that text is part of the body. Every field has a
//! default, so articles stored before signals existed load with none.

use crate::Span;
use serde::{Deserialize, Serialize};

/// The editorial signals of one article. The default is a news article with no signal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Signals {
    /// What kind of piece the article is.
    pub kind: ArticleKind,
    /// Why the article is of its `kind`; empty for news, which needs no evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kind_evidence: Vec<SignalEvidence>,
    /// Set when the page is behind a paywall or a membership wall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paywall: Option<Paywall>,
    /// What the page says a machine made: the text, an illustration, or both.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub machine_generated: Vec<MachineDisclosure>,
    /// Corrections, clarifications, updates and editor's notes, in text order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
}

impl Signals {
    /// True when no signal was found: a news article with no paywall, disclosure or correction.
    pub fn is_empty(&self) -> bool {
        self == &Signals::default()
    }

    /// Every piece of evidence, of every signal.
    pub fn evidence(&self) -> impl Iterator<Item = &SignalEvidence> {
        self.kind_evidence
            .iter()
            .chain(self.paywall.iter().flat_map(|p| &p.evidence))
            .chain(self.machine_generated.iter().map(|m| &m.evidence))
            .chain(self.corrections.iter().map(|c| &c.evidence))
    }
}

/// The kind of piece, as the page labels it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleKind {
    /// Reporting: the default when nothing labels the piece otherwise.
    #[default]
    News,
    /// An opinion piece: a column, an op-ed, a commentary, a guest essay.
    Opinion,
    /// The outlet's own opinion (an editorial, a leader).
    Editorial,
    /// Analysis, explainers and background that interpret the news.
    Analysis,
    /// A review of a book, a film, a performance, a product.
    Review,
    /// A reader's letter.
    Letter,
    /// Paid-for content: sponsored, advertorial, partner content.
    Sponsored,
    /// Satire.
    Satire,
}

/// Where a signal was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalSource {
    /// The page's JSON-LD (`field` names the property: `@type`, `isAccessibleForFree`, ...).
    JsonLd,
    /// A `<meta>` tag (`field` names it: `article:section`, ...).
    Meta,
    /// A segment of the article URL's path.
    Url,
    /// The headline.
    Headline,
    /// The byline.
    Byline,
    /// The article text; `span` says where.
    Body,
    /// An image caption, which is not part of the article text.
    Caption,
    /// A `class` or `id` name of the page's markup (`field` says which).
    Markup,
    /// A line of the page that is not part of the article text (a notice the extractor left out).
    Page,
}

/// One piece of evidence for a signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalEvidence {
    pub source: SignalSource,
    /// The field of `source` the text came from, for metadata and markup: `@type`,
    /// `articleSection`, `genre`, `isAccessibleForFree`, `hasPart`, `article:section`, `class`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// The exact text: a metadata value, a URL path segment, a headline label, a passage.
    pub text: String,
    /// Where `text` lies in the article text (byte offsets), when it is part of the body.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
}

/// A paywall or membership wall.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Paywall {
    /// True when the text we have is likely only the teaser shown before the wall; false when
    /// the page served its full text anyway (to search engines, or hidden by a script).
    pub teaser: bool,
    pub evidence: Vec<SignalEvidence>,
}

/// What a machine-made disclosure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MachineScope {
    /// The text itself was generated or written with an AI model or an automated system.
    Text,
    /// An image or illustration was generated.
    Illustration,
}

/// A disclosure on the page that a machine made part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineDisclosure {
    pub scope: MachineScope,
    #[serde(flatten)]
    pub evidence: SignalEvidence,
}

/// The kind of an editor's notice about the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionKind {
    /// Something the article said was wrong and has been corrected.
    Correction,
    /// Something the article said was unclear and has been made clear.
    Clarification,
    /// The article was updated with new information.
    Update,
    /// An editor's note about the article.
    EditorNote,
}

/// One correction notice. When it is part of the body, `evidence.span` covers the notice from
/// its label or first word to the end of its paragraph, so a report can show what was
/// corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub kind: CorrectionKind,
    #[serde(flatten)]
    pub evidence: SignalEvidence,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_from_empty_and_partial_json() {
        let empty: Signals = serde_json::from_str("{}").unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.kind, ArticleKind::News);
        let partial: Signals =
            serde_json::from_str(r#"{"kind":"opinion","future_field":1}"#).unwrap();
        assert_eq!(partial.kind, ArticleKind::Opinion);
        assert!(!partial.is_empty());
        assert_eq!(
            serde_json::to_string(&Signals::default()).unwrap(),
            r#"{"kind":"news"}"#
        );
    }

    #[test]
    fn corrections_serialize_flat_and_round_trip() {
        let signals = Signals {
            corrections: vec![Correction {
                kind: CorrectionKind::EditorNote,
                evidence: SignalEvidence {
                    source: SignalSource::Body,
                    field: None,
                    text: "Editor's note: names were changed.".into(),
                    span: Some(Span::new(10, 44)),
                },
            }],
            machine_generated: vec![MachineDisclosure {
                scope: MachineScope::Illustration,
                evidence: SignalEvidence {
                    source: SignalSource::Caption,
                    field: None,
                    text: "Image generated with Midjourney".into(),
                    span: None,
                },
            }],
            paywall: Some(Paywall {
                teaser: true,
                evidence: vec![SignalEvidence {
                    source: SignalSource::JsonLd,
                    field: Some("isAccessibleForFree".into()),
                    text: "False".into(),
                    span: None,
                }],
            }),
            ..Signals::default()
        };
        let json = serde_json::to_string(&signals).unwrap();
        assert!(
            json.contains(r#"{"kind":"editor_note","source":"body","text":"Editor's note: names were changed.","span":{"start":10,"end":44}}"#),
            "{json}"
        );
        assert!(
            json.contains(r#""scope":"illustration","source":"caption""#),
            "{json}"
        );
        let back: Signals = serde_json::from_str(&json).unwrap();
        assert_eq!(back, signals);
    }
}
