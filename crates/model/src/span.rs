use crate::ArticleId;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers, or `None` when it does not fall on `char` boundaries of
    /// `text` (which would mean the span belongs to another text).
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// This span moved right by `offset` bytes.
    pub fn shifted(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

/// Where a finding came from: exact bytes of one article's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub article: ArticleId,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_respects_char_boundaries() {
        let text = "día 3";
        assert_eq!(Span::new(0, 3).slice(text), Some("dí"));
        assert_eq!(Span::new(0, 2).slice(text), None);
        assert_eq!(Span::new(4, 6).slice(text), Some(" 3"));
        assert_eq!(Span::new(4, 99).slice(text), None);
    }

    #[test]
    fn contains_and_shift() {
        let outer = Span::new(2, 10);
        assert!(outer.contains(Span::new(2, 10)));
        assert!(outer.contains(Span::new(3, 4)));
        assert!(!outer.contains(Span::new(1, 4)));
        assert_eq!(Span::new(1, 2).shifted(5), Span::new(6, 7));
        assert_eq!(Span::new(4, 4).len(), 0);
        assert!(Span::new(4, 4).is_empty());
    }
}
