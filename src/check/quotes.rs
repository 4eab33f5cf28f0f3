//! Finding a chapter's quote in the transcripts, the way a supervisor reads it: the same words in
//! the same order, whatever the typography (curly or straight quotes, dashes, line breaks, case)
//! and with the editor's marks taken out ("[…]", "(...)", "[sic]", "[de gemeente]" stand for
//! words left out or put in). A quote that is not there word for word is looked for once more
//! with a few words changed, so a paraphrase slipping into a quote shows as a word diff.
//!
//! The index is every transcript reduced to its words (lower case, letters and digits only),
//! joined by single spaces, with each word's character range in the original text. A quote is
//! normalised the same way and searched with `memchr::memmem` (a few milliseconds per quote in
//! 200 transcripts); only quotes not found verbatim pay for the word-level alignment.

use crate::core::Span;
use crate::core::model::{Id, Project};
use memchr::memmem;

/// One transcript, reduced to its words.
struct IndexedDoc {
    id: Id,
    /// Normalised words joined by single spaces.
    joined: String,
    /// Byte offset in `joined` where each word starts.
    word_at: Vec<usize>,
    /// Character range of each word in the original text.
    spans: Vec<Span>,
}

/// All transcripts of a project, ready for quote lookups.
pub struct QuoteIndex {
    docs: Vec<IndexedDoc>,
}

/// Where a quote was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub document: Id,
    /// Character range in the document, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Word-level differences between quote and transcript; empty when verbatim.
    pub diff: Vec<DiffOp>,
}

/// One step of a word diff, quote against transcript.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum DiffOp {
    Same(String),
    /// In the chapter, not in the transcript.
    Removed(String),
    /// In the transcript, not in the chapter.
    Added(String),
}

/// Renders a diff as `… heel [-erg-] {+echt+} belangrijk …`.
pub fn diff_text(diff: &[DiffOp]) -> String {
    diff.iter()
        .map(|d| match d {
            DiffOp::Same(w) => w.clone(),
            DiffOp::Removed(w) => format!("[-{w}-]"),
            DiffOp::Added(w) => format!("{{+{w}+}}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-cased words of `text` with their character ranges: letters and digits only, so
/// punctuation, quote marks, dashes and line breaks never decide a match.
pub fn words(text: &str) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut i = 0;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if cur.is_empty() {
                start = i;
            }
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() && !is_joiner(c) {
            out.push((std::mem::take(&mut cur), Span::new(start, i)));
        }
        i += 1;
    }
    if !cur.is_empty() {
        out.push((cur, Span::new(start, i)));
    }
    out
}

/// Characters inside a word that a transcriber or a chapter may write or leave out: the
/// apostrophe of "opa's"/"don't" and the soft hyphen. They neither split nor count.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '\u{00AD}')
}

/// The quote split at the editor's marks into runs of words that must appear in order.
/// "[…]", "[...]", "(...)", "(…)", "…" and "..." mark left-out words; a bracketed insertion
/// ("[de gemeente]") replaces words; "[sic]" is dropped.
pub fn quote_fragments(quote: &str) -> Vec<Vec<String>> {
    let mut fragments = vec![String::new()];
    let mut chars = quote.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' | '(' => {
                let close = if c == '[' { ']' } else { ')' };
                let mut inner = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == close {
                        closed = true;
                        break;
                    }
                    inner.push(d);
                }
                let t = inner.trim();
                if !closed {
                    fragments.last_mut().unwrap().push_str(&inner);
                } else if t.eq_ignore_ascii_case("sic") {
                } else if c == '[' || t.chars().all(|x| x == '.' || x == '…' || x.is_whitespace()) {
                    fragments.push(String::new());
                } else {
                    // A parenthesis the speaker said ("(lacht)" aside): keep its words.
                    fragments.last_mut().unwrap().push_str(&inner);
                }
            }
            '…' => fragments.push(String::new()),
            '.' if chars.peek() == Some(&'.') => {
                while chars.peek() == Some(&'.') {
                    chars.next();
                }
                fragments.push(String::new());
            }
            _ => fragments.last_mut().unwrap().push(c),
        }
    }
    fragments
        .iter()
        .map(|f| words(f).into_iter().map(|(w, _)| w).collect::<Vec<_>>())
        .filter(|f| !f.is_empty())
        .collect()
}

/// How many words apart two fragments of one quote may be at most ("[…]" leaves out a sentence
/// or two, not a page).
const MAX_GAP_WORDS: usize = 120;

impl QuoteIndex {
    pub fn new(project: &Project) -> Self {
        let docs = project
            .documents
            .values()
            .map(|d| {
                let ws = words(&d.text);
                let mut joined = String::with_capacity(d.text.len());
                let mut word_at = Vec::with_capacity(ws.len());
                let mut spans = Vec::with_capacity(ws.len());
                for (w, span) in ws {
                    if !joined.is_empty() {
                        joined.push(' ');
                    }
                    word_at.push(joined.len());
                    joined.push_str(&w);
                    spans.push(span);
                }
                IndexedDoc { id: d.id, joined, word_at, spans }
            })
            .collect();
        QuoteIndex { docs }
    }

    /// Every whole-word occurrence of `needle` (normalised words joined by spaces) in `doc`, as
    /// word indexes.
    fn occurrences(doc: &IndexedDoc, finder: &memmem::Finder<'_>, needle_len: usize) -> Vec<usize> {
        let hay = doc.joined.as_bytes();
        finder
            .find_iter(hay)
            .filter(|&b| (b == 0 || hay[b - 1] == b' ') && (b + needle_len == hay.len() || hay[b + needle_len] == b' '))
            .filter_map(|b| doc.word_at.binary_search(&b).ok())
            .collect()
    }

    /// Finds `quote` verbatim (modulo typography and editorial marks), else with small word
    /// differences (at most a quarter of its words), else `None`.
    pub fn find(&self, quote: &str) -> Option<Found> {
        self.find_all(quote).into_iter().next()
    }

    /// Every verbatim occurrence (a passage quoted twice, a transcript imported twice), or the
    /// best approximate one; empty when not found.
    pub fn find_all(&self, quote: &str) -> Vec<Found> {
        let fragments = quote_fragments(quote);
        if fragments.is_empty() {
            return Vec::new();
        }
        let exact = self.find_exact(&fragments);
        if exact.is_empty() { self.find_approximate(&fragments).into_iter().collect() } else { exact }
    }

    fn find_exact(&self, fragments: &[Vec<String>]) -> Vec<Found> {
        let mut all = Vec::new();
        let needles: Vec<String> = fragments.iter().map(|f| f.join(" ")).collect();
        let finders: Vec<memmem::Finder<'_>> = needles.iter().map(|n| memmem::Finder::new(n.as_bytes())).collect();
        for doc in &self.docs {
            'first: for first in Self::occurrences(doc, &finders[0], needles[0].len()) {
                let mut end_word = first + fragments[0].len();
                for (k, f) in finders.iter().enumerate().skip(1) {
                    let next = Self::occurrences(doc, f, needles[k].len())
                        .into_iter()
                        .find(|&w| w >= end_word && w - end_word <= MAX_GAP_WORDS);
                    match next {
                        Some(w) => end_word = w + fragments[k].len(),
                        None => continue 'first,
                    }
                }
                all.push(Found {
                    document: doc.id,
                    start: doc.spans[first].start,
                    end: doc.spans[end_word - 1].end,
                    diff: Vec::new(),
                });
            }
        }
        all
    }

    /// Anchors on every run of four quote words found in a transcript, then aligns the quote
    /// word by word around the best-supported anchor.
    fn find_approximate(&self, fragments: &[Vec<String>]) -> Option<Found> {
        let quote: Vec<&str> = fragments.iter().flatten().map(String::as_str).collect();
        if quote.len() < 4 {
            return None;
        }
        let max_edits = (quote.len() / 4).max(1);
        // (document index, word index where the quote would start) -> votes
        let mut votes: std::collections::HashMap<(usize, isize), usize> = std::collections::HashMap::new();
        for (offset, gram) in quote.windows(4).enumerate().step_by(2) {
            let needle = gram.join(" ");
            let finder = memmem::Finder::new(needle.as_bytes());
            for (di, doc) in self.docs.iter().enumerate() {
                for w in Self::occurrences(doc, &finder, needle.len()).into_iter().take(50) {
                    *votes.entry((di, w as isize - offset as isize)).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<((usize, isize), usize)> = votes.into_iter().collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut best: Option<(usize, Found)> = None;
        for ((di, start), _) in candidates.into_iter().take(8) {
            let doc = &self.docs[di];
            let slack = max_edits as isize + 2;
            let from = (start - slack).max(0) as usize;
            let to = ((start + quote.len() as isize + slack).max(0) as usize).min(doc.spans.len());
            if from >= to {
                continue;
            }
            let text: Vec<&str> = doc.word_at[from..to]
                .iter()
                .enumerate()
                .map(|(k, &b)| {
                    let e = doc.word_at.get(from + k + 1).map_or(doc.joined.len(), |&n| n - 1);
                    &doc.joined[b..e]
                })
                .collect();
            if let Some((edits, lo, hi, diff)) = align(&quote, &text)
                && edits <= max_edits
                && best.as_ref().is_none_or(|(e, _)| edits < *e)
            {
                let found = Found {
                    document: doc.id,
                    start: doc.spans[from + lo].start,
                    end: doc.spans[from + hi - 1].end,
                    diff,
                };
                best = Some((edits, found));
            }
        }
        best.map(|(_, f)| f)
    }
}

/// Semi-global word alignment: the whole quote against any stretch of `text`. Returns the edit
/// count, the stretch (`lo..hi` word indexes of `text`) and the diff.
fn align(quote: &[&str], text: &[&str]) -> Option<(usize, usize, usize, Vec<DiffOp>)> {
    let (n, m) = (quote.len(), text.len());
    // d[i][j]: cost of aligning quote[..i] with a stretch of text ending at j.
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[i - 1][j - 1] + usize::from(quote[i - 1] != text[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let (hi, &edits) = d[n].iter().enumerate().skip(1).min_by_key(|&(j, &c)| (c, j))?;
    // Walk back to recover the diff and the start of the stretch.
    let (mut i, mut j) = (n, hi);
    let mut ops = Vec::new();
    while i > 0 {
        if j > 0 && d[i][j] == d[i - 1][j - 1] + usize::from(quote[i - 1] != text[j - 1]) {
            if quote[i - 1] == text[j - 1] {
                ops.push(DiffOp::Same(text[j - 1].to_string()));
            } else {
                ops.push(DiffOp::Added(text[j - 1].to_string()));
                ops.push(DiffOp::Removed(quote[i - 1].to_string()));
            }
            i -= 1;
            j -= 1;
        } else if d[i][j] == d[i - 1][j] + 1 {
            ops.push(DiffOp::Removed(quote[i - 1].to_string()));
            i -= 1;
        } else {
            ops.push(DiffOp::Added(text[j - 1].to_string()));
            j -= 1;
        }
    }
    ops.reverse();
    // Leading/trailing stretch words the quote did not use are outside the passage, not edits.
    let lo = j;
    if lo >= hi {
        return None;
    }
    Some((edits, lo, hi, ops))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editorial_marks_split_or_vanish() {
        let f = quote_fragments("Het is [sic] sneller […] maar de inwoner (...) weet [de gemeente] het niet");
        assert_eq!(
            f,
            vec![vec!["het", "is", "sneller"], vec!["maar", "de", "inwoner"], vec!["weet"], vec!["het", "niet"]]
        );
        assert_eq!(quote_fragments("Dat is… een compromis"), vec![vec!["dat", "is"], vec!["een", "compromis"]]);
    }

    #[test]
    fn words_ignore_case_punctuation_and_apostrophes() {
        let w: Vec<String> = words("Opa’s ZEGGEN: “nee—echt”").into_iter().map(|x| x.0).collect();
        assert_eq!(w, ["opas", "zeggen", "nee", "echt"]);
    }

    #[test]
    fn alignment_finds_the_stretch_and_the_changed_word() {
        let q = ["privacy", "is", "erg", "belangrijk"];
        let t = ["daarnaast", "is", "privacy", "is", "heel", "belangrijk", "we"];
        let (edits, lo, hi, diff) = align(&q, &t).unwrap();
        assert_eq!((edits, lo, hi), (1, 2, 6));
        assert_eq!(diff_text(&diff), "privacy is [-erg-] {+heel+} belangrijk");
    }
}
