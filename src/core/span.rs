//! A stretch of a document's text: `start..end` in characters (Unicode scalar values, end
//! exclusive), the unit every coding, turn, selection and agreement unit is measured in.
//!
//! The model keeps `start` and `end` as plain fields (that is how the store, REFI and JSON write
//! them); code that compares, clips or merges stretches takes their [`Span`] instead of passing
//! `(usize, usize)` pairs whose order and exclusivity a reader has to guess.
//! Hand-written: `std::ops::Range<usize>` is not `Copy` and has no `overlaps`/`intersect`.

use serde::{Deserialize, Serialize};

/// Characters `start..end` of a text (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Characters covered (0 for an empty or reversed span).
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it covers no character.
    pub const fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// Whether the character at `pos` lies inside.
    pub const fn contains(self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }

    /// Whether all of `other` lies inside (an empty span lies inside when its position does).
    pub const fn covers(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two share at least one character (touching spans do not).
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end && !self.is_empty() && !other.is_empty()
    }

    /// The characters both cover, `None` when they share none.
    pub fn intersect(self, other: Span) -> Option<Span> {
        let s = Span::new(self.start.max(other.start), self.end.min(other.end));
        (!s.is_empty()).then_some(s)
    }

    /// The smallest span covering both.
    pub fn hull(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Both ends clipped to a text of `len` characters.
    pub fn clip_to(self, len: usize) -> Span {
        Span::new(self.start.min(len), self.end.min(len))
    }

    /// `|A ∩ B| / |A ∪ B|`; 0 when they share no character.
    pub fn overlap_ratio(self, other: Span) -> f64 {
        match self.intersect(other) {
            Some(i) => i.len() as f64 / self.hull(other).len() as f64,
            None => 0.0,
        }
    }

    /// As a range, for slicing and iterating.
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl From<(usize, usize)> for Span {
    fn from((start, end): (usize, usize)) -> Self {
        Span::new(start, end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

impl std::fmt::Display for Span {
    /// `12..40`, as the CLI and error messages write a passage.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Sorted, non-overlapping spans covering the same characters as `spans`; empty ones dropped.
/// With `merge_touching`, spans that only touch (`0..5` and `5..9`) become one too.
pub fn merged(spans: impl IntoIterator<Item = Span>, merge_touching: bool) -> Vec<Span> {
    let mut v: Vec<Span> = spans.into_iter().filter(|s| !s.is_empty()).collect();
    v.sort();
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for s in v {
        match out.last_mut() {
            Some(last) if s.start < last.end || (merge_touching && s.start == last.end) => {
                last.end = last.end.max(s.end)
            }
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_knows_its_characters() {
        let s = Span::new(4, 10);
        assert_eq!(s.len(), 6);
        assert!(s.contains(4) && s.contains(9) && !s.contains(10) && !s.contains(3));
        assert!(Span::new(5, 5).is_empty() && Span::new(7, 3).is_empty());
        assert_eq!(Span::new(7, 3).len(), 0);
        assert!(s.covers(Span::new(4, 10)) && s.covers(Span::new(5, 6)) && !s.covers(Span::new(3, 6)));
        assert_eq!(s.to_string(), "4..10");
        assert_eq!(s.range(), 4..10);
        assert_eq!(Span::from((1, 2)), Span::from(1..2));
    }

    #[test]
    fn overlapping_means_sharing_a_character() {
        let a = Span::new(0, 10);
        assert!(a.overlaps(Span::new(9, 12)));
        assert!(!a.overlaps(Span::new(10, 12)), "touching is not overlapping");
        assert!(!a.overlaps(Span::new(5, 5)), "an empty span overlaps nothing");
        assert_eq!(a.intersect(Span::new(5, 20)), Some(Span::new(5, 10)));
        assert_eq!(a.intersect(Span::new(10, 20)), None);
        assert_eq!(a.hull(Span::new(15, 20)), Span::new(0, 20));
        assert_eq!(Span::new(3, 50).clip_to(20), Span::new(3, 20));
    }

    #[test]
    fn overlap_ratio_is_intersection_over_union() {
        assert_eq!(Span::new(0, 10).overlap_ratio(Span::new(0, 9)), 0.9);
        assert_eq!(Span::new(0, 10).overlap_ratio(Span::new(5, 15)), 5.0 / 15.0);
        assert_eq!(Span::new(3, 7).overlap_ratio(Span::new(3, 7)), 1.0);
        assert_eq!(Span::new(0, 5).overlap_ratio(Span::new(5, 9)), 0.0);
    }

    fn any_span() -> impl proptest::strategy::Strategy<Value = Span> {
        use proptest::strategy::Strategy;
        (0usize..40, 0usize..40).prop_map(|(a, b)| Span::new(a, b))
    }

    /// Each operation agrees with the set of characters it stands for.
    fn chars(s: Span) -> std::collections::BTreeSet<usize> {
        s.range().collect()
    }

    proptest::proptest! {
        #[test]
        fn operations_agree_with_the_characters_they_cover(a in any_span(), b in any_span(), len in 0usize..45) {
            let (ca, cb) = (chars(a), chars(b));
            let shared: std::collections::BTreeSet<usize> = ca.intersection(&cb).copied().collect();
            proptest::prop_assert_eq!(a.len(), ca.len());
            proptest::prop_assert_eq!(a.overlaps(b), !shared.is_empty());
            proptest::prop_assert_eq!(a.overlaps(b), b.overlaps(a));
            proptest::prop_assert_eq!(a.intersect(b).map(chars).unwrap_or_default(), shared.clone());
            if !a.is_empty() && !b.is_empty() {
                proptest::prop_assert!(a.hull(b).covers(a) && a.hull(b).covers(b));
                proptest::prop_assert_eq!(a.covers(b), cb.is_subset(&ca));
            }
            let union = ca.union(&cb).count();
            let ratio = if shared.is_empty() { 0.0 } else { shared.len() as f64 / union as f64 };
            proptest::prop_assert!((a.overlap_ratio(b) - ratio).abs() < 1e-12);
            proptest::prop_assert_eq!(a.overlap_ratio(b), b.overlap_ratio(a));
            proptest::prop_assert_eq!(chars(a.clip_to(len)), ca.iter().copied().filter(|&c| c < len).collect());
            for p in 0..45 {
                proptest::prop_assert_eq!(a.contains(p), ca.contains(&p));
            }
        }

        #[test]
        fn merged_spans_cover_the_same_characters_sorted_and_apart(
            v in proptest::collection::vec(any_span(), 0..8),
            touching: bool,
        ) {
            let m = merged(v.iter().copied(), touching);
            let want: std::collections::BTreeSet<usize> = v.iter().flat_map(|&s| chars(s)).collect();
            let got: std::collections::BTreeSet<usize> = m.iter().flat_map(|&s| chars(s)).collect();
            proptest::prop_assert_eq!(got, want);
            for w in m.windows(2) {
                let apart = if touching { w[0].end < w[1].start } else { w[0].end <= w[1].start };
                proptest::prop_assert!(apart, "{:?} and {:?} should have been merged", w[0], w[1]);
            }
            proptest::prop_assert!(m.iter().all(|s| !s.is_empty()));
        }
    }

    #[test]
    fn merging_joins_overlaps_and_optionally_touching_spans() {
        let spans = [Span::new(5, 9), Span::new(0, 5), Span::new(2, 3), Span::new(12, 12), Span::new(20, 25)];
        assert_eq!(merged(spans, true), vec![Span::new(0, 9), Span::new(20, 25)]);
        assert_eq!(merged(spans, false), vec![Span::new(0, 5), Span::new(5, 9), Span::new(20, 25)]);
    }
}
