//! The article body: text blocks scored by container, boilerplate left out.
//!
//! The page is walked once, without recursion (so nesting depth costs no stack), into text
//! blocks: one per block-level element, with its link-text share and the chain of elements
//! above it. Blocks that read like prose score their parent container fully and their
//! grandparent by half; the best-scoring container holds the article, and its blocks that do
//! not look like boilerplate are the body.

use ego_tree::NodeId;
use regex::Regex;
use rustc_hash::FxHashSet;
use scraper::{Html, Node, node::Element};
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
    /// One row of a data table, its cells separated by ` | `.
    TableRow,
}

/// One paragraph-like piece of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// Elements whose whole subtree is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "iframe",
    "svg",
    "button",
    "select",
    "textarea",
    "input",
    "menu",
    "dialog",
    "figure",
    "figcaption",
    "video",
    "audio",
    "canvas",
    "object",
    "embed",
    "map",
    "head",
    "title",
    "label",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "body",
    "center",
    "address",
    "hr",
];

/// Class or id words that mark a subtree as page furniture rather than the article. A class
/// or id token is furniture when it is one of these words, or starts or ends with one
/// (`social-share`, `entry-meta`); a word in the middle of a token (`elementor-widget-container`)
/// says nothing.
const FURNITURE_LIST: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "advert",
    "adverts",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "adunit",
    "sponsor",
    "sponsored",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "related",
    "recommended",
    "recirc",
    "share",
    "sharing",
    "sharebar",
    "social",
    "comment",
    "comments",
    "disqus",
    "sidebar",
    "mostread",
    "popular",
    "trending",
    "footer",
    "masthead",
    "navbar",
    "nav",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "dateline",
    "author",
    "caption",
    "tags",
    "modal",
    "popup",
    "outbrain",
    "taboola",
    "toolbar",
    "meta",
    "standfirst",
    "dek",
    "kicker",
    "timestamp",
    "boletin",
    "publicidad",
    "anuncio",
    "anuncios",
    "relacionadas",
    "relacionados",
    "suscripcion",
    "comentarios",
    "compartir",
    "werbung",
    "verwandte",
    "kommentare",
    "partage",
    "publicite",
    "commentaires",
    "print",
    "login",
    "signin",
    "visually-hidden",
    "sr-only",
];

/// Parts of a class token that make it a state or layout modifier ("has-sidebar",
/// "overflow-hidden", "et_fixed_nav"), never a piece of furniture itself.
const MODIFIER_LIST: &[&str] = &[
    "has",
    "no",
    "is",
    "with",
    "without",
    "show",
    "hide",
    "overflow",
    "flex",
    "fixed",
    "offset",
    "sticky",
    "layout",
    "wrap",
    "wrapper",
    "container",
    "grid",
    "col",
    "row",
    "page",
    "site",
    "template",
    "theme",
    "on",
    "off",
    "js",
    "hljs",
    "token",
    "field",
    "x",
    "y",
];

static FURNITURE_WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| FURNITURE_LIST.iter().copied().collect());
static FURNITURE_BYTES: LazyLock<FxHashSet<&'static [u8]>> =
    LazyLock::new(|| FURNITURE_LIST.iter().map(|word| word.as_bytes()).collect());
static MODIFIER_WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| MODIFIER_LIST.iter().copied().collect());

/// True when a class or id token names page furniture.
fn is_furniture_token(token: &str) -> bool {
    // Generated names (hashes, long BEM chains) are not worth reading; none of ours is long.
    if token.is_empty() || token.len() > 64 || !token.is_ascii() {
        return false;
    }
    let mut buffer = [0u8; 64];
    let lower = &mut buffer[..token.len()];
    lower.copy_from_slice(token.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).unwrap_or("");
    // BEM: judge the block, not its modifier ("field--label-hidden" is a field).
    let block = lower.split("--").next().unwrap_or("");
    if FURNITURE_WORDS.contains(block) {
        return true;
    }
    let mut parts = block.split(['-', '_']).filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return false;
    };
    let mut last = first;
    if MODIFIER_WORDS.contains(first) {
        return false;
    }
    for part in parts {
        if MODIFIER_WORDS.contains(part) {
            return false;
        }
        last = part;
    }
    // "article-body" is the article; "entry-meta", "article-share" and "comments-body" are
    // furniture around it.
    FURNITURE_WORDS.contains(first) || FURNITURE_WORDS.contains(last)
}

/// Short blocks that are furniture whatever container they sit in.
static BOILERPLATE_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(advertisement|anuncio|publicidad|sponsored|share( this)?( article| story)?|read more|related( stories| articles)?|most read|sign up|subscribe|click here|comments?|leave a comment|follow us|all rights reserved|©|copyright|we use cookies|accept( all)?( cookies)?|back to top|skip to|more on this story|lee también|te puede interesar|noticias relacionadas|suscríbete|suscribete|boletín|werbung|abonnieren|publicité|abonnez-vous|font( size)?:|bookmark( with)?|latest( related)? (news|coverage|stories|headlines)|also in (the )?news|have your say|add your comment|post a comment|article tools|printer[- ]friendly|print this|e-?mail this|send this (article|story)|links we like|from our partners|more news|more stories|search for more|get breaking news|sign in|log ?in|register|share on|tweet|recommended( for you)?|you (may|might) also (like|enjoy)|see also|(also )?read( next| this| also)?:|related:|(the )?latest (in|from|on)\b|most recent|more (in|from)\b|trending|popular( now)?|top stories|editor'?s picks|photo( gallery)?:|image:|getty images|(\(?©|\(c\)|copyright) ?\d{4})",
    )
    .expect("static regex")
});

/// A note that closes a page after its article: credits, rights, who wrote or checked it, an
/// invitation to subscribe or get in touch. Only the end of the body is read for these.
static CODA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(photo|image|video|header image|cover image)s? (credits?|by|via)\b|^(copyright|©)|originally (written|published|appeared)|^(written|reviewed|edited|fact[- ]checked|medically reviewed) by\b|^contributing (writer|editor)|^contact (staff writer|the author|us\b)|exclusive to .{0,40}subscribers|(find|was) this (content|article|page|post) (helpful|useful)|would you like to receive|^you (may|might) (also )?(like|be interested|enjoy)|^(subscribe|sign up|join|register|get (our|the|free))\b|\b(sign up|subscribe) (for|to|now)\b|(our|free|weekly|daily) newsletter|^share (this|your)|^(about|more from) the author|^(\*\s*)?(disclaimer|disclosure)s?\b|^tags?\s*:|^(article )?sources?\s*:")
        .expect("static regex")
});
/// An author's biography closing a page: a name, then a writer's trade ("Jill Lee is a finance
/// writer who…", "Sam Ito has been a contributor to…").
static AUTHOR_BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}.'-]*\s){1,3}(is|was|has been|has written|holds|started|co-?founded|founded|joined|covers|writes)\b[^.]{0,160}\b(writer|editor|journalist|author|reporter|columnist|contributor|correspondent|blogger|freelancer)s?\b")
        .expect("static regex")
});
/// The longest biography [`AUTHOR_BIO`] is looked for in.
const BIO_CHARS: usize = 700;
/// The longest note [`CODA`] is looked for in.
const CODA_CHARS: usize = 300;

static RIGHTS_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(all rights reserved|todos los derechos reservados|alle rechte vorbehalten|tous droits réservés|may not be (published|reproduced|redistributed))")
        .expect("static regex")
});

/// The signature line of a reader comment: who posted it and when, or its actions.
static COMMENT_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(posted by:?\s|posted (on|at)\s|comment(ed)? by\s|report (abuse|this comment)|reply( to this)?$|\S+( \S+){0,3} (wrote|says|said|commented)( on [^.]{3,40})?:?$)|\b(posted by:?|submitted by:?) \S+.{0,40}\b(on|at) .{0,40}\d{1,2}:\d{2}")
        .expect("static regex")
});

/// A comment's signature with the time it was posted, anywhere in its block.
static SIGNED_WITH_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(posted|submitted|written) by:? \S+.{0,60}?\b(on|at) .{0,40}?\d{1,2}:\d{2}")
        .expect("static regex")
});

/// Every signature above holds one of these words: a block without any is not read by the
/// regexes (most blocks of a page, and the regexes' Unicode word boundaries are slow).
static SIGNATURE_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "posted",
            "comment",
            "report",
            "reply",
            "wrote",
            "says",
            "said",
            "submitted",
            "written",
        ])
        .expect("static patterns")
});

static BYLINE_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(By|Por|Von|Par|Di|Door)\s+\p{Lu}").expect("static regex"));

#[derive(Debug)]
struct RawBlock {
    kind: BlockKind,
    text: String,
    link_chars: usize,
    /// The element holding the block's text, then its ancestors, nearest first.
    ancestors: Vec<NodeId>,
    /// Inside a collapsed panel (see [`collapsed_panel`]): part of the body only within the
    /// container the visible prose chose.
    hidden: bool,
    /// How much the block reads like prose (see [`read_prose`]); `None` for other blocks and
    /// for the prose of teaser cards (see [`mark_teasers`]).
    prose: Option<f64>,
}

/// Why the body came out as it did, for the confidence score and diagnostics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyStats {
    /// Characters of visible text on the page outside skipped subtrees.
    pub page_chars: usize,
    pub body_chars: usize,
    /// Score of the chosen container; zero when nothing read like prose.
    pub container_score: f64,
    /// The tree was deeper than the walker follows; deeper text was ignored.
    pub depth_capped: bool,
    /// What the walk saw that is not article text but bears on editorial signals.
    pub clues: PageClues,
    /// The element of each of `clues.paywall_markers`.
    pub(crate) marker_nodes: Vec<NodeId>,
}

/// Traces of a page that are not article text but say something about it (see `signals`),
/// gathered by the body walk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageClues {
    /// Elements whose `class` or `id` names a paywall (`paywall`, `meter`, `premium`,
    /// `subscriber-only`), with the text they hold. Elements that hold no text (a counter a
    /// script fills) and the `<html>` and `<body>` elements are left out.
    pub paywall_markers: Vec<PaywallMarker>,
    /// Image captions and credits (`<figcaption>`, `.caption`, `.credit`), which the body
    /// leaves out with their figures.
    pub captions: Vec<String>,
    /// Short lines of the article's container that the body's filters left out: notices,
    /// labels, links, a dangling tail.
    pub left_out: Vec<String>,
}

/// An element named after a paywall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaywallMarker {
    /// `class` or `id`.
    pub attribute: &'static str,
    /// The class or id token, as written.
    pub name: String,
    /// The start of the text the element holds (up to `CLUE_BYTES`).
    pub text: String,
    /// True when the element holds the article body (it is the body's container or one of its
    /// ancestors, or holds body paragraphs).
    pub wraps_body: bool,
    /// True when the name is a meter (`meter`, `metered`): a count of free articles, which says
    /// nothing about this one unless the element's text does.
    pub metered: bool,
}

/// The most bytes of text kept of one clue, and the most clues of each kind kept: clues are
/// short notices, and a page of thousands of captions or markers must not cost more.
const CLUE_BYTES: usize = 300;
const MAX_CLUES: usize = 32;
/// How many nodes below a marker or caption are read for its text.
const CLUE_NODES: usize = 2000;

/// The text below `node`, white space collapsed, up to `CLUE_BYTES` (cut on a char boundary),
/// reading at most `CLUE_NODES` nodes.
fn clue_text(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut text = String::new();
    for descendant in node.descendants().take(CLUE_NODES) {
        if let Node::Text(piece) = descendant.value() {
            for word in piece.split_whitespace() {
                if text.len() + word.len() + 1 > CLUE_BYTES {
                    return text;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(word);
            }
        }
    }
    text
}

/// Keeps a left-out line when it is short enough to be a notice.
fn note_left_out(left_out: &mut Vec<String>, text: &str) {
    if text.len() <= CLUE_BYTES && left_out.len() < MAX_CLUES {
        left_out.push(text.to_string());
    }
}

/// The parts of a class or id token that name a paywall: `paywall`, `regwall` (or a word
/// starting with either), `meter`, `metered`, `premium`, and `subscriber(s)`/`member(s)`
/// followed by `only`. A token whose first part denies it (`no-paywall`, `free-premium`) is
/// none. `Some(true)` when the marker says the article itself is walled (every kind but the
/// meter, a counter that says nothing about one article).
fn paywall_token(token: &str) -> Option<bool> {
    if token.is_empty() || token.len() > 64 || !token.is_ascii() {
        return None;
    }
    if !["wall", "meter", "premium", "only"]
        .iter()
        .any(|word| contains_ignore_case(token, word))
    {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['-', '_']).filter(|p| !p.is_empty()).collect();
    if parts
        .first()
        .is_some_and(|p| matches!(*p, "no" | "non" | "not" | "free" | "without"))
    {
        return None;
    }
    let mut meter = false;
    for (index, part) in parts.iter().enumerate() {
        let walled = part.starts_with("paywall")
            || part.starts_with("regwall")
            || *part == "premium"
            || (matches!(*part, "subscriber" | "subscribers" | "member" | "members")
                && parts.get(index + 1) == Some(&"only"));
        if walled {
            return Some(true);
        }
        meter |= matches!(*part, "meter" | "metered");
    }
    meter.then_some(false)
}

/// True when `needle` (ASCII lower case) occurs in `haystack`, ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// True when the element is a caption or an image credit.
fn is_caption(element: &Element, attributes: &Attributes<'_>) -> bool {
    element.name() == "figcaption"
        || attributes.class.is_some_and(|class| {
            contains_ignore_case(class, "caption") || contains_ignore_case(class, "credit")
        })
}

/// The attributes the body's rules read, found in one pass over an element's attributes.
#[derive(Default, Clone, Copy)]
struct Attributes<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    style: Option<&'a str>,
    role: Option<&'a str>,
    hidden: bool,
    aria_hidden: Option<&'a str>,
}

impl<'a> Attributes<'a> {
    /// True when the element is hidden: the `hidden` attribute, `aria-hidden="true"` or a
    /// style that hides it.
    fn hides(&self) -> bool {
        self.hidden || self.aria_hidden == Some("true") || self.style.is_some_and(style_hides)
    }

    fn of(element: &'a Element) -> Self {
        let mut found = Attributes::default();
        for (name, value) in element.attrs() {
            match name {
                "class" => found.class = Some(value),
                "id" => found.id = Some(value),
                "style" => found.style = Some(value),
                "role" => found.role = Some(value),
                "hidden" => found.hidden = true,
                "aria-hidden" => found.aria_hidden = Some(value),
                _ => {}
            }
        }
        found
    }
}

/// The deepest element nesting whose text is read. Deeper subtrees are skipped; a real
/// article is never nested this deep.
pub const MAX_DEPTH: usize = 512;

/// Below this many characters a body is too thin to trust, and the page is read again without
/// judging elements by their class and id names or hidden state; the second reading wins when it
/// finds more than twice the text in a better-scoring container.
const THIN_BODY: usize = 1000;

pub fn extract_body(document: &Html, title: Option<&str>) -> (Vec<Block>, BodyStats) {
    let (blocks, stats) = extract_body_with(document, title, true);
    if stats.body_chars >= THIN_BODY {
        return (blocks, stats);
    }
    let (loose_blocks, loose_stats) = extract_body_with(document, title, false);
    if loose_stats.body_chars > stats.body_chars * 2
        && loose_stats.container_score > stats.container_score
    {
        (loose_blocks, loose_stats)
    } else {
        (blocks, stats)
    }
}

/// `judge_names`: skip elements by their class and id names and by their hidden state; the
/// loose pass does neither.
fn extract_body_with(
    document: &Html,
    title: Option<&str>,
    judge_names: bool,
) -> (Vec<Block>, BodyStats) {
    let (mut raw, mut stats) = collect_blocks(document, judge_names);
    for block in &mut raw {
        block.prose = read_prose(block);
    }
    stats.page_chars = raw.iter().filter(|b| !b.hidden).map(|b| b.text.len()).sum();
    drop_comment_threads(&mut raw);
    mark_teasers(document, &mut raw);

    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for block in raw.iter().filter(|b| !b.hidden) {
        let Some(score) = prose_score(block) else {
            continue;
        };
        // ancestors[0] is the paragraph element itself; [1] its container, [2] the one above.
        for (level, weight) in [(1usize, 1.0f64), (2, 0.5), (3, 0.2)] {
            if let Some(id) = block.ancestors.get(level) {
                *scores.entry(*id).or_default() += score * weight;
            }
        }
    }
    // Ties go to the container seen first, so the choice is deterministic.
    let mut best: Option<(NodeId, f64)> = None;
    for block in raw.iter().filter(|b| !b.hidden) {
        for id in block.ancestors.iter().skip(1).take(3) {
            let score = scores.get(id).copied().unwrap_or(0.0);
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((*id, score));
            }
        }
    }
    let Some((container, score)) = best.filter(|(_, s)| *s > 0.0) else {
        return (Vec::new(), stats);
    };
    stats.container_score = score;
    let amounts = Amounts::of(&raw);
    let container = widen_container(document, &amounts, container);

    // The article may be split over sibling containers (an advert between two halves), or
    // start with a lead paragraph next to the container: take siblings that score too.
    let mut containers = vec![container];
    let mut lead_blocks = Vec::new();
    if let Some(parent) = document.tree.get(container).and_then(|n| n.parent()) {
        for sibling in parent.children().filter(|s| s.id() != container) {
            let id = sibling.id();
            let prose_section = amount(&amounts.prose, id) >= SECTION_PROSE
                && amount(&amounts.prose, id) >= SECTION_DENSITY * amount(&amounts.total, id);
            if scores.get(&id).copied().unwrap_or(0.0) >= (score * 0.2).max(3.0) || prose_section {
                containers.push(sibling.id());
            } else {
                lead_blocks.push(sibling.id());
            }
        }
    }

    let title_key = title.map(normalize_key);
    let mut blocks = Vec::new();
    let in_body = |b: &RawBlock| {
        b.ancestors.iter().any(|a| containers.contains(a))
            || (!b.hidden
                && b.ancestors.first().is_some_and(|a| lead_blocks.contains(a))
                && prose_score(b).is_some())
    };
    if !stats.marker_nodes.is_empty() {
        let around = body_surroundings(document, &raw, &containers, &in_body);
        for (marker, id) in stats
            .clues
            .paywall_markers
            .iter_mut()
            .zip(&stats.marker_nodes)
        {
            marker.wraps_body = around.contains(id);
        }
    }
    let left_out = &mut stats.clues.left_out;
    let mut weak: Vec<bool> = Vec::new();
    // Whether the list under way was introduced by a line ending in a colon ("Our picks:"):
    // its items are the article's, links or not.
    let mut announced_list = false;
    for block in raw.into_iter().filter(|b| in_body(b)) {
        let mut keep = keep_in_body(&block, title_key.as_deref(), blocks.is_empty());
        if block.kind == BlockKind::ListItem {
            if keep == Keep::No && announced_list && !BOILERPLATE_TEXT.is_match(&block.text) {
                keep = Keep::Yes;
            }
        } else {
            announced_list = keep != Keep::No && block.text.ends_with(':');
        }
        match keep {
            Keep::No => {
                note_left_out(left_out, &block.text);
                continue;
            }
            Keep::Yes => weak.push(false),
            Keep::IfBetweenProse => weak.push(true),
        }
        blocks.push(Block {
            kind: block.kind,
            text: block.text,
        });
    }
    drop_stray_short_lines(&mut blocks, &weak, left_out);
    drop_repeats(&mut blocks, left_out);
    trim_tail(&mut blocks, left_out);
    stats.body_chars = blocks.iter().map(|b| b.text.len()).sum();
    (blocks, stats)
}

/// The elements that hold the body: its containers, their ancestors, and the ancestors of its
/// blocks.
fn body_surroundings(
    document: &Html,
    raw: &[RawBlock],
    containers: &[NodeId],
    in_body: &dyn Fn(&RawBlock) -> bool,
) -> std::collections::HashSet<NodeId> {
    let mut around = std::collections::HashSet::new();
    for container in containers {
        if let Some(node) = document.tree.get(*container) {
            around.insert(node.id());
            around.extend(node.ancestors().map(|a| a.id()));
        }
    }
    for block in raw.iter().filter(|b| in_body(b)) {
        around.extend(block.ancestors.iter().copied());
    }
    around
}

/// Climbs from the best-scoring container to an ancestor that holds clearly more of the page's
/// prose, while what it adds is mostly prose too: an article split into sections, or into
/// blocks between adverts, is taken whole.
/// An ancestor whose text is less than half prose is page, not article.
const WIDEN_MIN_DENSITY: f64 = 0.5;
/// ... unless at least this share of its text is content (prose, and list items, table rows
/// and headings that are not mostly links): a guide written as lists.
const WIDEN_MIN_CONTENT: f64 = 0.75;
/// An ancestor is taken when it holds half as much prose again as the container.
const WIDEN_GAIN: f64 = 1.5;
/// How many levels the climb goes on without finding more prose: wrappers nest deep.
const WIDEN_PATIENCE: u32 = 10;

/// How much visible text each element holds: all of it, its prose, and its content (prose,
/// and list items, table rows and headings that are not mostly links).
struct Amounts {
    total: HashMap<NodeId, usize>,
    prose: HashMap<NodeId, usize>,
    content: HashMap<NodeId, usize>,
}

impl Amounts {
    fn of(raw: &[RawBlock]) -> Self {
        let mut amounts = Amounts {
            total: HashMap::new(),
            prose: HashMap::new(),
            content: HashMap::new(),
        };
        for block in raw.iter().filter(|b| !b.hidden) {
            let is_prose = prose_score(block).is_some();
            let is_content = is_prose
                || (matches!(
                    block.kind,
                    BlockKind::ListItem | BlockKind::TableRow | BlockKind::Heading
                ) && block.link_chars * 5 < block.text.len());
            for id in &block.ancestors {
                *amounts.total.entry(*id).or_default() += block.text.len();
                if is_prose {
                    *amounts.prose.entry(*id).or_default() += block.text.len();
                }
                if is_content {
                    *amounts.content.entry(*id).or_default() += block.text.len();
                }
            }
        }
        amounts
    }
}

fn amount(map: &HashMap<NodeId, usize>, id: NodeId) -> f64 {
    map.get(&id).copied().unwrap_or(0) as f64
}

/// A sibling of the container is the article's too when it holds this much prose, deep
/// inside it or not (a section of questions and answers whose paragraphs score only the
/// elements around them)...
const SECTION_PROSE: f64 = 400.0;
/// ... and its text is mostly prose.
const SECTION_DENSITY: f64 = 0.6;

fn widen_container(document: &Html, amounts: &Amounts, best: NodeId) -> NodeId {
    let Amounts {
        total,
        prose,
        content,
    } = amounts;
    let mut chosen = best;
    let mut current = best;
    let mut patience = WIDEN_PATIENCE;
    let mut below = amount(total, best);
    while let Some(parent) = document.tree.get(current).and_then(|n| n.parent()) {
        let Some(element) = parent.value().as_element() else {
            break;
        };
        if matches!(element.name(), "html") {
            break;
        }
        current = parent.id();
        let parent_prose = amount(prose, current);
        let density = parent_prose / amount(total, current).max(1.0);
        let content_density = amount(content, current) / amount(total, current).max(1.0);
        if density < WIDEN_MIN_DENSITY && content_density < WIDEN_MIN_CONTENT {
            break;
        }
        // A <div> that only wraps what is below costs no patience: component frameworks
        // nest them deep around each section of an article.
        let wrapper = element.name() == "div" && amount(total, current) <= below;
        below = amount(total, current);
        if parent_prose >= amount(prose, chosen) * WIDEN_GAIN {
            chosen = current;
            patience = WIDEN_PATIENCE;
        } else if !wrapper {
            patience -= 1;
            if patience == 0 {
                break;
            }
        }
    }
    chosen
}

/// True when `text` ends like a sentence, in any script: a full stop, question or exclamation
/// mark (Latin, CJK, Arabic, Devanagari), possibly inside closing quotes.
pub(crate) fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '\'', '”', '’', '»', '›', ')', '」', '』', ' ']);
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', '।', '॥'])
}

/// Below this many characters a block may repeat (a subheading, "Step 1"); longer text said
/// twice is the page showing one block in two layouts (mobile and desktop, a tab and its copy).
const REPEAT_MIN_CHARS: usize = 100;

/// Drops the second and later copies of each block of [`REPEAT_MIN_CHARS`] or more.
fn drop_repeats(blocks: &mut Vec<Block>, left_out: &mut Vec<String>) {
    let mut seen: FxHashSet<String> = FxHashSet::default();
    blocks.retain(|block| {
        let long = block.text.len() >= REPEAT_MIN_CHARS
            || (block.text.len() >= 40 && ends_sentence(&block.text));
        if !long || seen.insert(block.text.clone()) {
            return true;
        }
        note_left_out(left_out, &block.text);
        false
    });
}

/// After the last sentence of prose, headings and short lines are what follows an article (a
/// "More on this" heading, a dateline, a label), not part of it.
fn trim_tail(blocks: &mut Vec<Block>, left_out: &mut Vec<String>) {
    while let Some(last) = blocks.last() {
        let chars = last.text.chars().count();
        let dangling = match last.kind {
            BlockKind::Heading => true,
            BlockKind::Paragraph | BlockKind::Quote => {
                (chars < 60 && !ends_sentence(&last.text))
                    || (chars < CODA_CHARS && CODA.is_match(&last.text))
                    || (chars < BIO_CHARS && AUTHOR_BIO.is_match(&last.text))
            }
            BlockKind::ListItem | BlockKind::TableRow => false,
        };
        if !dangling || blocks.len() == 1 {
            break;
        }
        if let Some(dropped) = blocks.pop() {
            note_left_out(left_out, &dropped.text);
        }
    }
}

/// Reader comments are prose too, but they come with a signature line each. The lowest element
/// holding three signatures is a comment thread; its blocks are dropped when enough prose
/// stands outside it.
fn drop_comment_threads(raw: &mut Vec<RawBlock>) {
    let signatures: Vec<usize> = raw
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            if !SIGNATURE_WORDS.is_match(&b.text) {
                return false;
            }
            let chars = b.text.chars().count();
            (chars < 200 && COMMENT_SIGNATURE.is_match(&b.text))
                || (chars < 2000 && SIGNED_WITH_TIME.is_match(&b.text))
        })
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = signatures.first() else {
        return;
    };
    if signatures.len() < 3 {
        return;
    }
    let thread = raw[first]
        .ancestors
        .iter()
        .skip(1)
        .copied()
        .find(|ancestor| {
            signatures[1..]
                .iter()
                .filter(|&&i| raw[i].ancestors.contains(ancestor))
                .count()
                >= 2
        });
    // A thread that holds (nearly) all the prose is the article with bylines, not comments.
    let Some(thread) = thread else { return };
    let outside: usize = raw
        .iter()
        .filter(|b| !b.ancestors.contains(&thread) && prose_score(b).is_some())
        .map(|b| b.text.len())
        .sum();
    if outside >= 500 {
        raw.retain(|b| !b.ancestors.contains(&thread));
    }
}

/// A title line of a teaser card: mostly link text, long enough to be a headline.
const TEASER_TITLE_CHARS: usize = 20;
/// How many teaser cards side by side make a list of them.
const TEASER_CARDS: usize = 3;

/// Marks the prose of teaser cards: lists of other articles ("More from us", recent posts),
/// each a card holding one paragraph of summary and a linked headline, and lists of reviews,
/// each a quote and the reviewer's name. A card is the largest element around a prose block
/// that holds no other prose; a card with a linked headline, or with a signature line and no
/// heading, is a teaser when its parent holds at least [`TEASER_CARDS`] of them.
fn mark_teasers(document: &Html, raw: &mut [RawBlock]) {
    let mut prose_count: HashMap<NodeId, u32> = HashMap::new();
    let mut has_title_link: FxHashSet<NodeId> = FxHashSet::default();
    let mut has_heading: FxHashSet<NodeId> = FxHashSet::default();
    let mut has_signature: FxHashSet<NodeId> = FxHashSet::default();
    for block in raw.iter().filter(|b| !b.hidden) {
        if prose_score(block).is_some() {
            for id in &block.ancestors {
                *prose_count.entry(*id).or_default() += 1;
            }
        } else if block.text.len() >= TEASER_TITLE_CHARS
            && block.link_chars * 10 >= block.text.len() * 8
        {
            has_title_link.extend(block.ancestors.iter().copied());
        } else if block.kind == BlockKind::Heading {
            has_heading.extend(block.ancestors.iter().copied());
        } else if is_signature(block) {
            has_signature.extend(block.ancestors.iter().copied());
        }
    }
    let mut cards: Vec<Option<NodeId>> = vec![None; raw.len()];
    let mut per_parent: HashMap<NodeId, usize> = HashMap::new();
    for (index, block) in raw.iter().enumerate() {
        if block.hidden || prose_score(block).is_none() {
            continue;
        }
        let card = block
            .ancestors
            .iter()
            .take_while(|a| prose_count.get(a).copied().unwrap_or(0) <= 1)
            .last()
            .copied();
        let Some(card) = card.filter(|c| {
            has_title_link.contains(c) || (has_signature.contains(c) && !has_heading.contains(c))
        }) else {
            continue;
        };
        let Some(parent) = document.tree.get(card).and_then(|n| n.parent()) else {
            continue;
        };
        cards[index] = Some(parent.id());
        *per_parent.entry(parent.id()).or_default() += 1;
    }
    for (block, parent) in raw.iter_mut().zip(cards) {
        if let Some(parent) = parent
            && per_parent.get(&parent).copied().unwrap_or(0) >= TEASER_CARDS
        {
            block.prose = None;
        }
    }
}

/// A short line that signs a card, as a reviewer's name does ("Dana R.", "— Michelle C."): a
/// few capitalised words, no link, no sentence.
fn is_signature(block: &RawBlock) -> bool {
    let text = block.text.trim_start_matches(['—', '–', '-', ' ']);
    let words = text.split_whitespace().count();
    block.kind == BlockKind::Paragraph
        && block.link_chars == 0
        && (1..=4).contains(&words)
        && text.len() < 40
        && !text.ends_with(['!', '?', ':'])
        && text
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// How much a block reads like article prose, or `None` when it does not (read once per
/// block, by [`read_prose`]).
fn prose_score(block: &RawBlock) -> Option<f64> {
    block.prose
}

/// How much a block's text reads like article prose, or `None` when it does not.
fn read_prose(block: &RawBlock) -> Option<f64> {
    let chars = block.text.chars().count();
    // Guides are often written as lists: a list item of a sentence or more counts as prose.
    let min_chars = match block.kind {
        BlockKind::Paragraph | BlockKind::Quote => 25,
        BlockKind::ListItem => 120,
        BlockKind::Heading | BlockKind::TableRow => return None,
    };
    if chars < min_chars {
        return None;
    }
    // A list item counts only as a full sentence with few links: link lists and teasers do not.
    if block.kind == BlockKind::ListItem {
        let link_density = block.link_chars as f64 / block.text.len().max(1) as f64;
        if !ends_sentence(&block.text) || link_density > 0.1 {
            return None;
        }
    }
    let link_density = block.link_chars as f64 / block.text.len().max(1) as f64;
    if link_density > 0.33 {
        return None;
    }
    let commas = block.text.matches([',', '،', '、', '，']).count() as f64;
    Some(1.0 + commas.min(5.0) + (chars as f64 / 100.0).min(4.0))
}

/// Whether a block of the chosen container belongs to the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Yes,
    No,
    /// A short line without a full stop: a subheading when it stands between paragraphs of
    /// prose, a label or caption otherwise.
    IfBetweenProse,
}

impl From<bool> for Keep {
    fn from(keep: bool) -> Self {
        if keep { Keep::Yes } else { Keep::No }
    }
}

/// Drops the weak blocks (see [`Keep::IfBetweenProse`]) that do not stand between prose.
fn drop_stray_short_lines(blocks: &mut Vec<Block>, weak: &[bool], left_out: &mut Vec<String>) {
    // What a subheading may stand between: paragraphs of some length, lists and tables.
    let holds_text = |b: &Block| match b.kind {
        BlockKind::Paragraph | BlockKind::Quote => b.text.chars().count() >= 40,
        BlockKind::ListItem | BlockKind::TableRow => true,
        BlockKind::Heading => false,
    };
    // Whether the nearest block that is not weak, before and after each one, holds text: two
    // passes, so a long run of weak blocks costs no more than a short one.
    let mut before = vec![false; blocks.len()];
    let mut last = false;
    for index in 0..blocks.len() {
        before[index] = last;
        if !weak[index] {
            last = holds_text(&blocks[index]);
        }
    }
    let mut keep = vec![true; blocks.len()];
    let mut next = false;
    for index in (0..blocks.len()).rev() {
        if weak[index] {
            keep[index] = before[index] && next;
        } else {
            next = holds_text(&blocks[index]);
        }
    }
    let mut flags = keep.into_iter();
    blocks.retain(|block| {
        let kept = flags.next().unwrap_or(true);
        if !kept {
            note_left_out(left_out, &block.text);
        }
        kept
    });
}

fn keep_in_body(block: &RawBlock, title_key: Option<&str>, first: bool) -> Keep {
    let text = block.text.as_str();
    let chars = text.chars().count();
    let link_density = block.link_chars as f64 / text.len().max(1) as f64;
    if chars < 120 && BOILERPLATE_TEXT.is_match(text) {
        return Keep::No;
    }
    // Link lists and "Read more" lines are mostly links; a long sentence that links a phrase
    // of itself is still prose.
    if link_density > 0.5 && (chars < 80 || link_density > 0.85 || !ends_sentence(text)) {
        // A heading that links elsewhere (a product's name) is a subheading between prose.
        return if block.kind == BlockKind::Heading && chars >= 3 {
            Keep::IfBetweenProse
        } else {
            Keep::No
        };
    }
    // Rights notices run long: "Copyright 2008 The Associated Press. All rights reserved. This
    // material may not be published, broadcast, rewritten or redistributed."
    if chars < 300 && RIGHTS_NOTICE.is_match(text) {
        return Keep::No;
    }
    if block.kind == BlockKind::Heading && title_key.is_some_and(|t| normalize_key(text) == t) {
        return Keep::No;
    }
    if chars < 80 && BYLINE_TEXT.is_match(text) && (first || !text.ends_with('.')) {
        return Keep::No;
    }
    match block.kind {
        BlockKind::Heading => (chars >= 3).into(),
        // A short line with no sentence punctuation is a label, a date or a caption, unless it
        // stands between paragraphs as a subheading.
        BlockKind::Paragraph | BlockKind::Quote => {
            if chars >= 40 || ends_sentence(text) || text.ends_with(':') {
                Keep::Yes
            } else if chars >= 3 {
                Keep::IfBetweenProse
            } else {
                Keep::No
            }
        }
        BlockKind::ListItem => (chars >= 3 && link_density < 0.5).into(),
        BlockKind::TableRow => (link_density < 0.5).into(),
    }
}

fn normalize_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_skipped(
    element: &Element,
    attributes: &Attributes<'_>,
    judge_names: bool,
    in_article: bool,
) -> bool {
    let name = element.name();
    // Inside an article, a <header> holds its headline and lede, not the site's masthead.
    if name == "header" && in_article {
        return false;
    }
    if SKIPPED_TAGS.contains(&name) {
        return true;
    }
    // The loose pass reads hidden elements too: streaming renderers (React's `<div hidden
    // id="S:0">`) ship the whole article hidden and reveal it with a script.
    if judge_names && attributes.hides() {
        return true;
    }
    if matches!(
        attributes.role,
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "dialog")
    ) {
        return true;
    }
    // The article container itself may carry words like "story-share-enabled"; body-level
    // containers are judged by their content, not their name.
    if !judge_names || matches!(name, "body" | "html" | "main" | "article") {
        return false;
    }
    let class = attributes.class.unwrap_or("");
    // An id of five words or more is a heading's slug ("menu-planning-for-large-events"), not
    // the name of a page part.
    let id = attributes
        .id
        .filter(|id| id.split(['-', '_']).filter(|w| !w.is_empty()).count() < 5)
        .unwrap_or("");
    class
        .split_whitespace()
        .chain(std::iter::once(id))
        .any(is_furniture_token)
}

/// True when an inline style hides its element, or shows it to screen readers only (", opens
/// new tab" after a link). The prescan drops every other `style` attribute.
pub(crate) fn style_hides(style: &str) -> bool {
    let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.to_ascii_lowercase();
    let screen_reader_only = compact.contains("clip:rect(0")
        || compact.contains("clip-path:inset(50%)")
        || (compact.contains("width:1px") && compact.contains("height:1px"));
    compact.contains("display:none") || compact.contains("visibility:hidden") || screen_reader_only
}

/// True when some rule may read this class token: a furniture name, a paywall name, a caption or
/// credit, or a byline class the metadata looks for. The prescan drops every other class
/// token, so a new rule that reads class names must be added here. It errs on the side of
/// keeping: it runs on every class token of a page, so it looks for the words each rule needs
/// and leaves the rules' finer judgement (modifiers, denials) to them.
pub(crate) fn class_token_is_read(token: &str) -> bool {
    let bytes = token.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    let mut buffer = [0u8; 64];
    let lower: &[u8] = if bytes.len() <= buffer.len() {
        let lower = &mut buffer[..bytes.len()];
        lower.copy_from_slice(bytes);
        lower.make_ascii_lowercase();
        lower
    } else {
        // Too long for a furniture or paywall name; captions and credits are still looked for.
        return contains_ignore_case(token, "caption")
            || contains_ignore_case(token, "credit")
            || is_panel_token(token);
    };
    // One pass for the words of the paywall, caption, credit and byline rules.
    for at in 0..lower.len() {
        let rest = &lower[at..];
        let found = match rest[0] {
            b'w' => rest.starts_with(b"wall"),
            b'm' => rest.starts_with(b"meter"),
            b'p' => rest.starts_with(b"premium"),
            b'o' => rest.starts_with(b"only"),
            b'c' => {
                rest.starts_with(b"caption")
                    || rest.starts_with(b"credit")
                    || rest.starts_with(b"collapse")
            }
            b'b' => rest.starts_with(b"byline"),
            b'a' => rest.starts_with(b"author-name") || rest.starts_with(b"accordion"),
            _ => false,
        };
        if found {
            return true;
        }
    }
    // The block before a BEM modifier, then its first and last parts.
    let block = &lower[..lower
        .windows(2)
        .position(|pair| pair == b"--")
        .unwrap_or(lower.len())];
    let separator = |byte: &u8| matches!(byte, b'-' | b'_');
    let Some(first_start) = block.iter().position(|b| !separator(b)) else {
        return false;
    };
    let first_end = block[first_start..]
        .iter()
        .position(separator)
        .map_or(block.len(), |p| first_start + p);
    let last_end = block
        .iter()
        .rposition(|b| !separator(b))
        .map_or(0, |p| p + 1);
    let last_start = block[..last_end]
        .iter()
        .rposition(separator)
        .map_or(0, |p| p + 1);
    [
        block,
        &block[first_start..first_end],
        &block[last_start..last_end],
    ]
    .iter()
    .any(|word| FURNITURE_BYTES.contains(word))
}

/// Where an ordered list starts counting (`<ol start=…>`), `None` for any other element.
fn list_start(element: &Element) -> Option<i64> {
    (element.name() == "ol").then(|| {
        element
            .attr("start")
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or(1)
    })
}

/// A `<figure>` that holds a table (a WordPress table block) or a quote (a pull quote) is the
/// article's own text, not an illustration.
fn holds_text_of_its_own(node: ego_tree::NodeRef<'_, Node>, element: &Element) -> bool {
    // Only the start of the figure is looked at, so nested figures cost no more than a walk.
    element.name() == "figure"
        && node.descendants().take(CLUE_NODES).any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "table" | "blockquote"))
        })
}

/// A page region (`<header>`, `<footer>`, `<aside>`) that holds an `<article>` or `<main>` is
/// broken markup that swallowed the page (an unclosed `<aside>`), not a sidebar.
fn wraps_the_article(node: ego_tree::NodeRef<'_, Node>, element: &Element) -> bool {
    matches!(element.name(), "header" | "footer" | "aside")
        && node.descendants().any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "article" | "main"))
        })
}

/// True when only its class or id names skip the element: the same element would be read if
/// names were not judged, and it is not hidden.
fn named_furniture(
    element: &Element,
    attributes: &Attributes<'_>,
    judge_names: bool,
    in_article: bool,
) -> bool {
    judge_names && !attributes.hides() && !is_skipped(element, attributes, false, in_article)
}

/// The text an `<article>` must hold for a container named like furniture around it to be
/// the article's own ("cc-newsletter" around a newsletter issue), not a list of teasers or
/// comments, which are short each.
const LONG_ARTICLE: usize = 1500;

/// True when an `<article>` below `node` holds at least [`LONG_ARTICLE`] bytes of text.
fn wraps_a_long_article(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| {
        d.value()
            .as_element()
            .is_some_and(|e| e.name() == "article")
            && d.descendants()
                .filter_map(|t| t.value().as_text())
                .map(|t| t.len())
                .sum::<usize>()
                >= LONG_ARTICLE
    })
}

/// True for a collapsed panel of an accordion: a hidden block element that it or its parent
/// names as an accordion or a collapsible part. Guides and FAQs keep their steps and answers
/// in them, shown when the reader opens them.
fn collapsed_panel(
    node: ego_tree::NodeRef<'_, Node>,
    element: &Element,
    attributes: &Attributes<'_>,
) -> bool {
    let names_a_panel = |attributes: &Attributes<'_>| {
        attributes
            .class
            .into_iter()
            .flat_map(str::split_whitespace)
            .chain(attributes.id)
            .any(is_panel_token)
    };
    attributes.hides()
        && BLOCK_TAGS.contains(&element.name())
        && (names_a_panel(attributes)
            || node
                .parent()
                .and_then(|parent| parent.value().as_element().map(Attributes::of))
                .is_some_and(|parent| names_a_panel(&parent)))
}

/// True when a class or id token names an accordion or a collapsible part.
fn is_panel_token(token: &str) -> bool {
    contains_ignore_case(token, "accordion") || contains_ignore_case(token, "collapse")
}

/// The attributes with nothing that hides the element.
fn shown<'a>(attributes: &Attributes<'a>) -> Attributes<'a> {
    Attributes {
        hidden: false,
        aria_hidden: None,
        style: None,
        ..*attributes
    }
}

fn block_kind(name: &str) -> BlockKind {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "li" | "dt" | "dd" => BlockKind::ListItem,
        "blockquote" => BlockKind::Quote,
        "tr" => BlockKind::TableRow,
        _ => BlockKind::Paragraph,
    }
}

/// A link to a place on the same page (`#section`): a heading's permalink or a table of
/// contents. Its text is the article's own, not a way off it.
fn is_in_page_link(element: &Element) -> bool {
    element
        .attr("href")
        .is_some_and(|href| href.trim_start().starts_with('#'))
}

/// An element the walk is inside of.
#[derive(Clone, Copy)]
struct Open {
    id: NodeId,
    is_block: bool,
    is_link: bool,
    /// A link within the page (see [`is_in_page_link`]).
    is_anchor: bool,
    /// A collapsed panel (see [`collapsed_panel`]).
    is_panel: bool,
    is_data_row: bool,
    /// A cell of a data row: it closes with a cell separator.
    is_cell: bool,
    /// For an ordered list, the number its next item shows.
    next_number: Option<i64>,
}

/// Stands between two cells of a table row in the walker's buffer, until the row's text is
/// written out with ` | ` between the cells.
const CELL_SEPARATOR: char = '\u{1f}';

/// The most text a data row holds: a longer row is page layout, not a table of figures.
const DATA_ROW_CHARS: usize = 400;

/// A row of a data table: two or more cells, none holding a block element or an image of
/// page layout, and little text. Such a row is read as one block; a layout table's cells stay
/// blocks of their own.
fn is_data_row(node: ego_tree::NodeRef<'_, Node>) -> bool {
    let mut cells = 0;
    let mut chars = 0;
    for cell in node.children() {
        let Some(element) = cell.value().as_element() else {
            continue;
        };
        if !matches!(element.name(), "td" | "th") {
            return false;
        }
        cells += 1;
        for inner in cell.descendants().skip(1) {
            match inner.value() {
                Node::Element(e) if BLOCK_TAGS.contains(&e.name()) && e.name() != "br" => {
                    return false;
                }
                Node::Text(text) => {
                    chars += text.len();
                    if chars > DATA_ROW_CHARS {
                        return false;
                    }
                }
                _ => {}
            }
        }
    }
    cells >= 2
}

struct Walker {
    blocks: Vec<RawBlock>,
    /// How many `<article>` or `<main>` elements are open.
    open_articles: usize,
    stack: Vec<Open>,
    /// How many rows of a data table (see [`is_data_row`]) are open.
    data_rows: usize,
    /// How many collapsed panels are open.
    hidden: usize,
    /// How many `<a>` elements are open, and how many of them link within the page.
    open_links: usize,
    open_anchors: usize,
    buffer: String,
    link_chars: usize,
    /// Of `link_chars`, the text of links within the page.
    anchor_chars: usize,
    /// The number of the open item of an ordered list, until its first text is written out.
    number: Option<i64>,
}

impl Walker {
    fn flush(&mut self, document: &Html) {
        let mut text = String::with_capacity(self.buffer.len());
        let mut cell_ended = false;
        for word in self.buffer.split_whitespace() {
            for (index, piece) in word.split(CELL_SEPARATOR).enumerate() {
                if index > 0 {
                    cell_ended = true;
                }
                if piece.is_empty() {
                    continue;
                }
                if !text.is_empty() {
                    text.push_str(if cell_ended { " | " } else { " " });
                }
                cell_ended = false;
                text.push_str(piece);
            }
        }
        let (link_chars, anchor_chars) = (self.link_chars, self.anchor_chars);
        self.buffer.clear();
        self.link_chars = 0;
        self.anchor_chars = 0;
        if text.is_empty() {
            return;
        }
        if let Some(number) = self.number.take() {
            text.insert_str(0, &format!("{number}. "));
        }
        let ancestors: Vec<NodeId> = self
            .stack
            .iter()
            .rev()
            .filter(|open| open.is_block)
            .map(|open| open.id)
            .take(16)
            .collect();
        let kind = ancestors
            .first()
            .and_then(|id| document.tree.get(*id))
            .and_then(|node| node.value().as_element().map(|e| block_kind(e.name())))
            .unwrap_or(BlockKind::Paragraph);
        // Inside a list item or quote, the whole item is one block even if it has <p>s.
        let kind = self.enclosing_kind(document).unwrap_or(kind);
        // A heading that links to itself (a permalink) is a heading; a table of contents'
        // links within the page are still links.
        let link_chars = if kind == BlockKind::Heading {
            link_chars - anchor_chars
        } else {
            link_chars
        };
        self.blocks.push(RawBlock {
            kind,
            text,
            link_chars,
            ancestors,
            hidden: self.hidden > 0,
            prose: None,
        });
    }

    fn enclosing_kind(&self, document: &Html) -> Option<BlockKind> {
        self.stack.iter().rev().take(4).find_map(|open| {
            let name = document.tree.get(open.id)?.value().as_element()?.name();
            matches!(name, "li" | "blockquote").then(|| block_kind(name))
        })
    }
}

/// The length of `text` with its white space collapsed as a block's text is: the words and one
/// space between each two. Link text is measured so, whatever white space the markup holds.
fn collapsed_len(text: &str) -> usize {
    let (bytes, words) = text
        .split_whitespace()
        .fold((0usize, 0usize), |(bytes, words), word| {
            (bytes + word.len(), words + 1)
        });
    bytes + words.saturating_sub(1)
}

/// Notes an element that names a paywall or holds a caption, with its text, whether the body
/// skips it or not (but not inside page furniture).
fn note_clues(
    node: ego_tree::NodeRef<'_, Node>,
    element: &Element,
    attributes: &Attributes<'_>,
    stats: &mut BodyStats,
) {
    let clues = &mut stats.clues;
    if clues.captions.len() < MAX_CLUES && is_caption(element, attributes) {
        let text = clue_text(node);
        if !text.is_empty() && !clues.captions.contains(&text) {
            clues.captions.push(text);
        }
    }
    if clues.paywall_markers.len() >= MAX_CLUES || matches!(element.name(), "html" | "body") {
        return;
    }
    let class = attributes.class.unwrap_or("");
    let tokens = class
        .split_whitespace()
        .map(|token| ("class", token))
        .chain(attributes.id.map(|id| ("id", id.trim())));
    let Some((attribute, name, walled)) = tokens
        .into_iter()
        .find_map(|(attribute, token)| Some((attribute, token, paywall_token(token)?)))
    else {
        return;
    };
    let text = clue_text(node);
    if text.is_empty() {
        return;
    }
    clues.paywall_markers.push(PaywallMarker {
        attribute,
        name: name.to_string(),
        text,
        wraps_body: false,
        metered: !walled,
    });
    stats.marker_nodes.push(node.id());
}

fn collect_blocks(document: &Html, judge_names: bool) -> (Vec<RawBlock>, BodyStats) {
    use ego_tree::iter::Edge;
    let mut stats = BodyStats::default();
    let mut walker = Walker {
        open_articles: 0,
        open_links: 0,
        blocks: Vec::new(),
        stack: Vec::new(),
        data_rows: 0,
        buffer: String::new(),
        link_chars: 0,
        anchor_chars: 0,
        open_anchors: 0,
        number: None,
        hidden: 0,
    };
    let mut skip_depth = 0usize;
    // Whether the skipped subtree is a figure, whose caption still speaks for the article
    // (page furniture's captions do not).
    let mut skipping_figure = false;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let attributes = Attributes::of(element);
                    if (skip_depth == 0 && walker.hidden == 0) || skipping_figure {
                        note_clues(node, element, &attributes, &mut stats);
                    }
                    if skip_depth > 0 {
                        skip_depth += 1;
                        continue;
                    }
                    if walker.stack.len() >= MAX_DEPTH {
                        stats.depth_capped = true;
                        skip_depth = 1;
                        continue;
                    }
                    let in_article = walker.open_articles > 0;
                    let panel = judge_names
                        && collapsed_panel(node, element, &attributes)
                        && !is_skipped(element, &shown(&attributes), judge_names, in_article);
                    // An element is read after all when it wraps the article (broken markup,
                    // a container named like furniture) or is a collapsed panel.
                    let read_after_all = || {
                        panel
                            || wraps_the_article(node, element)
                            || holds_text_of_its_own(node, element)
                            || (named_furniture(element, &attributes, judge_names, in_article)
                                && wraps_a_long_article(node))
                    };
                    if is_skipped(element, &attributes, judge_names, in_article)
                        && !read_after_all()
                    {
                        skip_depth = 1;
                        skipping_figure = matches!(element.name(), "figure" | "figcaption");
                        continue;
                    }
                    let name = element.name();
                    if name == "br" {
                        walker.buffer.push('\n');
                    }
                    let is_cell = walker.data_rows > 0 && matches!(name, "td" | "th");
                    let is_data_row = name == "tr" && is_data_row(node);
                    let is_block = BLOCK_TAGS.contains(&name) && !is_cell;
                    if is_block {
                        walker.flush(document);
                    }
                    // An item of an ordered list shows its number, as readers see it: "3. Pay
                    // down debt".
                    if name == "li"
                        && let Some(open) = walker.stack.last_mut()
                        && let Some(number) = open.next_number
                    {
                        open.next_number = Some(number.saturating_add(1));
                        walker.number = Some(number);
                    }
                    walker.data_rows += usize::from(is_data_row);
                    let is_link = name == "a";
                    let is_anchor = is_link && is_in_page_link(element);
                    walker.stack.push(Open {
                        id: node.id(),
                        is_block,
                        is_link,
                        is_anchor,
                        is_panel: panel,
                        is_data_row,
                        is_cell,
                        next_number: list_start(element),
                    });
                    walker.open_links += usize::from(is_link);
                    walker.open_anchors += usize::from(is_anchor);
                    walker.hidden += usize::from(panel);
                    walker.open_articles += usize::from(matches!(name, "article" | "main"));
                }
                Node::Text(text) if skip_depth == 0 => {
                    walker.buffer.push_str(text);
                    if walker.open_links > 0 {
                        let chars = collapsed_len(text);
                        walker.link_chars += chars;
                        if walker.open_anchors > 0 {
                            walker.anchor_chars += chars;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if let Some(open) = walker.stack.last().copied() {
                        if open.is_cell {
                            walker.buffer.push(CELL_SEPARATOR);
                        }
                        if open.is_block {
                            walker.flush(document);
                        }
                        walker.stack.pop();
                        walker.open_links -= usize::from(open.is_link);
                        walker.open_anchors -= usize::from(open.is_anchor);
                        walker.hidden -= usize::from(open.is_panel);
                        walker.data_rows -= usize::from(open.is_data_row);
                        if open.next_number.is_some() {
                            walker.number = None;
                        }
                        if let Some(element) = node.value().as_element()
                            && matches!(element.name(), "article" | "main")
                        {
                            walker.open_articles = walker.open_articles.saturating_sub(1);
                        }
                    }
                }
            }
        }
    }
    walker.flush(document);
    (walker.blocks, stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether any rule reads the class token: what `class_token_is_read` must never deny.
    fn read_by_a_rule(token: &str) -> bool {
        is_furniture_token(token)
            || paywall_token(token).is_some()
            || contains_ignore_case(token, "caption")
            || contains_ignore_case(token, "credit")
            || crate::metadata::BYLINE_CLASSES
                .iter()
                .any(|class| token.eq_ignore_ascii_case(class))
            || is_panel_token(token)
    }

    #[test]
    fn the_prescan_keeps_every_class_name_a_rule_reads() {
        let words = FURNITURE_LIST
            .iter()
            .chain(MODIFIER_LIST)
            .chain(&[
                "paywall", "Meter", "premium", "only", "members", "Caption", "credit",
            ])
            .chain(&[
                "article",
                "body",
                "x1",
                "",
                "BYLINE",
                "author-name",
                "no",
                "free",
            ]);
        let words: Vec<&str> = words.copied().collect();
        for a in &words {
            for b in &words {
                for separator in ["-", "_", "--", "__"] {
                    let token = format!("{a}{separator}{b}");
                    assert!(
                        !read_by_a_rule(&token) || class_token_is_read(&token),
                        "{token}"
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn no_class_name_a_rule_reads_is_dropped(token in "[a-zA-Z_-]{0,12}(ad|nav|paywall|caption|share|meta)?[a-zA-Z_-]{0,12}") {
            prop_assert!(!read_by_a_rule(&token) || class_token_is_read(&token));
        }
    }
}
