//! Positions in REFI-QDA selections, mapped onto the text Werkbank stores.
//!
//! The standard counts Unicode code points over the plain text, but NVivo for Mac writes UTF-16
//! code units (every emoji counts twice), and the source file may carry a BOM or CRLF line ends
//! that Werkbank normalises away. A [`SourceText`] keeps the text as the exporting tool saw it
//! (BOM removed, line ends untouched) together with the tables to turn either kind of position
//! into an offset in the normalised text; [`Vote`] gathers the evidence for deciding which kind
//! of position a file uses.
//!
//! # The UTF-16 detection rule
//!
//! The decision is made once per project file (one tool wrote all its selections), from the
//! selections of all text sources that contain characters outside the Basic Multilingual Plane
//! (only there do the two readings differ):
//!
//! 1. **Hard evidence for UTF-16**: a selection boundary lies beyond the text's length in code
//!    points but within its length in UTF-16 units.
//! 2. **Hard evidence for code points**: read as UTF-16 units, a boundary would fall between the
//!    two halves of a surrogate pair, which a UTF-16 writer can never produce.
//! 3. If there is hard evidence of exactly one kind, it decides.
//! 4. Otherwise, for each selection where the readings land on different characters, each
//!    reading scores one point per boundary that does not cut a word in two (start/end of text,
//!    or not letter-or-digit on both sides). People select whole words, lines and sentences, so
//!    the right reading scores (nearly) every boundary and the wrong one, shifted by the number
//!    of astral characters before it, cuts words most of the time. UTF-16 wins only with a
//!    strictly higher score.
//! 5. A tie keeps code points (what the standard says), except that a file whose `origin` names
//!    NVivo for Mac breaks the tie towards UTF-16.

/// Which unit a file's `startPosition`/`endPosition` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    CodePoints,
    Utf16,
}

/// Chars between two entries of [`SourceText::block_bytes`].
const BLOCK: usize = 64;

/// A source text as the exporting tool saw it, and its normalised form.
///
/// The position tables are sparse, so a source costs about twice its text (the raw and the
/// normalised copy), not 20 bytes per character: UTF-16 offsets differ from char offsets only
/// after astral characters, normalised offsets only after a dropped `\n` of a `\r\n`, and a
/// char is found from a byte offset recorded every [`BLOCK`] chars.
pub struct SourceText {
    raw: String,
    /// Char count of `raw`.
    chars: usize,
    /// Raw char indices of astral characters (two UTF-16 units each), ascending.
    astral: Vec<usize>,
    /// Raw char indices of the `\n` of each `\r\n` (absent from the normalised text), ascending.
    dropped: Vec<usize>,
    /// Byte offset in `raw` of char `k * BLOCK`.
    block_bytes: Vec<usize>,
    /// `\r\n` and `\r` replaced by `\n`: what Werkbank stores.
    pub normalized: String,
    pub has_astral: bool,
}

impl SourceText {
    /// `text` must already have its BOM removed (decoders drop it; tools do not count it).
    pub fn new(text: &str) -> Self {
        let mut astral = Vec::new();
        let mut dropped = Vec::new();
        let mut block_bytes = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut normalized = String::with_capacity(text.len());
        let mut prev = '\0';
        let mut chars = 0;
        for (i, (b, c)) in text.char_indices().enumerate() {
            if i % BLOCK == 0 {
                block_bytes.push(b);
            }
            if c.len_utf16() == 2 {
                astral.push(i);
            }
            match c {
                '\r' => normalized.push('\n'),
                '\n' if prev == '\r' => dropped.push(i),
                c => normalized.push(c),
            }
            prev = c;
            chars = i + 1;
        }
        let has_astral = !astral.is_empty();
        SourceText { raw: text.to_string(), chars, astral, dropped, block_bytes, normalized, has_astral }
    }

    pub fn len_chars(&self) -> usize {
        self.chars
    }

    pub fn len_utf16(&self) -> usize {
        self.utf16_at(self.chars)
    }

    /// UTF-16 offset before raw char `i`.
    fn utf16_at(&self, i: usize) -> usize {
        i + self.astral.partition_point(|&a| a < i)
    }

    /// Raw char index of a position in `units`; `None` if beyond the text. A UTF-16 position
    /// inside a surrogate pair rounds up, as [`crate::core::text::utf16_to_char`] does.
    pub fn raw_index(&self, pos: usize, units: Units) -> Option<usize> {
        match units {
            Units::CodePoints => (pos <= self.chars).then_some(pos),
            Units::Utf16 => {
                if pos > self.len_utf16() {
                    return None;
                }
                // The first char index whose UTF-16 offset reaches `pos` (offsets ascend).
                let (mut lo, mut hi) = (0, self.chars);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if self.utf16_at(mid) < pos {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                Some(lo)
            }
        }
    }

    /// Whether a UTF-16 position falls between the halves of a surrogate pair.
    fn splits_pair(&self, pos: usize) -> bool {
        pos <= self.len_utf16() && self.raw_index(pos, Units::Utf16).is_some_and(|i| self.utf16_at(i) != pos)
    }

    /// A position in the file's units -> offset in [`SourceText::normalized`].
    pub fn to_normalized(&self, pos: usize, units: Units) -> Option<usize> {
        self.raw_index(pos, units).map(|i| i - self.dropped.partition_point(|&d| d < i))
    }

    /// Raw char `i` (which must be below [`SourceText::len_chars`]).
    fn char_at(&self, i: usize) -> char {
        let from = self.block_bytes[i / BLOCK];
        self.raw[from..].chars().nth(i % BLOCK).unwrap_or('\0')
    }

    fn clean_boundary(&self, i: usize) -> bool {
        i == 0 || i >= self.chars || !(self.char_at(i - 1).is_alphanumeric() && self.char_at(i).is_alphanumeric())
    }
}

/// Evidence about the units of a project's positions (see the module docs for the rule).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Vote {
    pub beyond_code_points: usize,
    pub splits_surrogate_pair: usize,
    pub differing_selections: usize,
    pub clean_code_points: usize,
    pub clean_utf16: usize,
}

impl Vote {
    /// Adds the evidence of one selection of `text`.
    pub fn add(&mut self, text: &SourceText, start: usize, end: usize) {
        if !text.has_astral {
            return;
        }
        let (n, n16) = (text.len_chars(), text.len_utf16());
        for p in [start, end] {
            if p > n && p <= n16 {
                self.beyond_code_points += 1;
            }
            if text.splits_pair(p) {
                self.splits_surrogate_pair += 1;
            }
        }
        let cp = (text.raw_index(start, Units::CodePoints), text.raw_index(end, Units::CodePoints));
        let u16 = (text.raw_index(start, Units::Utf16), text.raw_index(end, Units::Utf16));
        if cp == u16 {
            return;
        }
        self.differing_selections += 1;
        let score = |(s, e): (Option<usize>, Option<usize>)| {
            s.is_some_and(|s| text.clean_boundary(s)) as usize + e.is_some_and(|e| text.clean_boundary(e)) as usize
        };
        self.clean_code_points += score(cp);
        self.clean_utf16 += score(u16);
    }

    pub fn decide(&self, origin: &str) -> Units {
        let hard16 = self.beyond_code_points > 0;
        let hardcp = self.splits_surrogate_pair > 0;
        match (hard16, hardcp) {
            (true, false) => return Units::Utf16,
            (false, true) => return Units::CodePoints,
            _ => {}
        }
        if self.clean_utf16 > self.clean_code_points {
            return Units::Utf16;
        }
        let o = origin.to_ascii_lowercase();
        if self.clean_utf16 == self.clean_code_points
            && self.differing_selections > 0
            && o.contains("nvivo")
            && o.contains("mac")
        {
            return Units::Utf16;
        }
        Units::CodePoints
    }

    pub fn describe(&self) -> String {
        format!(
            "{} selections read differently as code points and as UTF-16 units; boundaries not cutting a word: {} as code points, {} as UTF-16; {} positions beyond the code-point length, {} inside a surrogate pair",
            self.differing_selections,
            self.clean_code_points,
            self.clean_utf16,
            self.beyond_code_points,
            self.splits_surrogate_pair
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::{normalize_newlines, utf16_to_char};

    #[test]
    fn tables_agree_with_core_text_helpers() {
        let t = "a😀b\r\nc😀\rd\n";
        let s = SourceText::new(t);
        assert_eq!(s.normalized, normalize_newlines(t));
        for u in 0..=s.len_utf16() {
            assert_eq!(s.raw_index(u, Units::Utf16), Some(utf16_to_char(t, u)), "{u}");
        }
        assert_eq!(s.raw_index(s.len_utf16() + 1, Units::Utf16), None);
        // "c" is raw char 5 (a,😀,b,\r,\n,c) and normalised char 4.
        assert_eq!(s.to_normalized(5, Units::CodePoints), Some(4));
    }

    #[test]
    fn utf16_positions_after_emoji_are_detected() {
        let t = "😀😀 hello world, 😀 fine words here";
        let s = SourceText::new(t);
        // "fine words" as UTF-16 units: 2 emoji before "hello" and 3 before "fine".
        let start16 = t.find("fine").map(|b| t[..b].encode_utf16().count()).unwrap();
        let end16 = start16 + "fine words".len();
        let mut v = Vote::default();
        v.add(&s, start16, end16);
        assert_eq!(v.decide(""), Units::Utf16, "{}", v.describe());
        let (a, b) = (s.to_normalized(start16, Units::Utf16).unwrap(), s.to_normalized(end16, Units::Utf16).unwrap());
        assert_eq!(crate::core::text::slice_chars(&s.normalized, a, b), "fine words");
    }

    #[test]
    fn code_points_stay_code_points() {
        let t = "😀😀 hello world, 😀 fine words here";
        let s = SourceText::new(t);
        let start = t.chars().position(|c| c == 'f').unwrap();
        let mut v = Vote::default();
        v.add(&s, start, start + 10);
        assert_eq!(v.decide("NVivo 14"), Units::CodePoints);
        // Without astral characters there is no evidence at all.
        let mut v = Vote::default();
        v.add(&SourceText::new("plain text"), 0, 5);
        assert_eq!(v, Vote::default());
        assert_eq!(v.decide("NVivo for Mac"), Units::CodePoints);
    }

    #[test]
    fn hard_evidence_wins() {
        let s = SourceText::new("ab😀");
        let mut v = Vote::default();
        v.add(&s, 0, 4); // beyond 3 code points, within 4 units
        assert_eq!(v.decide(""), Units::Utf16);
        let mut v = Vote::default();
        v.add(&s, 0, 3); // inside the surrogate pair when read as UTF-16
        assert_eq!(v.decide("NVivo for Mac"), Units::CodePoints);
    }

    #[test]
    fn sparse_tables_agree_with_a_walk_over_a_long_mixed_text() {
        let t: String = (0..500).map(|i| ["a", "é", "😀", "\r\n", "\r", " ", "b"][i % 7]).collect();
        let s = SourceText::new(&t);
        let raw: Vec<char> = t.chars().collect();
        assert_eq!(s.len_chars(), raw.len());
        let mut n = 0;
        for i in 0..=raw.len() {
            assert_eq!(s.to_normalized(i, Units::CodePoints), Some(n), "char {i}");
            if i < raw.len() {
                assert_eq!(s.char_at(i), raw[i], "char {i}");
                if !(raw[i] == '\n' && i > 0 && raw[i - 1] == '\r') {
                    n += 1;
                }
            }
        }
        for u in 0..=s.len_utf16() {
            assert_eq!(s.raw_index(u, Units::Utf16), Some(utf16_to_char(&t, u)), "{u}");
        }
        assert_eq!(s.to_normalized(raw.len() + 1, Units::CodePoints), None);
    }
}
