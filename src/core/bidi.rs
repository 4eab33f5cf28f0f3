//! Right-to-left text: which paragraphs read from the right, and how a line of mixed Arabic,
//! Hebrew, Persian or Urdu with Latin words and numbers is put in visual order.
//!
//! Positions in a project are logical char offsets; only the display reorders. egui 0.37 shapes
//! each font run with harfrust but places runs left to right in logical order and its galley maps
//! glyphs to characters by counting, which right-to-left runs break (a reversed run of n
//! characters gets extra zero-width glyphs). So the transcript view lays out a *display text*
//! built here: each line's characters in visual order after the Unicode bidirectional algorithm
//! (`unicode-bidi` gives the embedding levels with rule L1; the reordering of rule L2 is the few
//! lines in [`visual_order`]), Arabic letters in their joining forms (the presentation forms,
//! from `ar-reshaper`'s letter table; the joining walk is written here because the view needs to
//! know which character became which glyph, which the crate's `reshape` does not say), brackets
//! mirrored. Every [`Unit`] of that display keeps the logical range it stands for, so selections,
//! highlights and margin bars stay in logical offsets.
//!
//! Exports use [`is_rtl`] to mark right-to-left paragraphs (`w:bidi`, `dir`).

use std::ops::Range;
use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};
use unicode_segmentation::UnicodeSegmentation as _;

/// Whether a character belongs to a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko…).
pub fn is_rtl_char(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// Whether the text holds any right-to-left character (a fast check before any bidi work).
pub fn has_rtl(text: &str) -> bool {
    // Below U+0590 nothing is right-to-left.
    text.chars().any(|c| c >= '\u{0590}' && is_rtl_char(c))
}

/// Whether a paragraph reads from right to left: its first strong character is right-to-left
/// (rules P2/P3 of the bidirectional algorithm; isolates skipped).
pub fn is_rtl(paragraph: &str) -> bool {
    has_rtl(paragraph) && unicode_bidi::get_base_direction(paragraph) == unicode_bidi::Direction::Rtl
}

/// Whether a transcript paragraph reads from right to left, judged after a leading speaker tag
/// ("R3: بالنسبة لي…" is an Arabic answer, though "R3" is written in Latin letters).
pub fn is_rtl_content(paragraph: &str) -> bool {
    if !has_rtl(paragraph) {
        return false;
    }
    let head: String = paragraph.chars().take(40).collect();
    match head.find(':') {
        Some(b) if !has_rtl(&head[..b]) => {
            let rest = &paragraph[b + 1..];
            if unicode_bidi::get_base_direction(rest) == unicode_bidi::Direction::Mixed {
                is_rtl(paragraph)
            } else {
                is_rtl(rest)
            }
        }
        _ => is_rtl(paragraph),
    }
}

/// One piece of a displayed line, left to right: the characters to draw and the logical
/// characters (of the paragraph) they stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub logical: Range<usize>,
    pub text: String,
    /// Drawn right to left: its left edge is the logical end.
    pub rtl: bool,
}

/// A paragraph (no `\n`) prepared for display: levels and joining forms per character.
pub struct Paragraph {
    chars: Vec<char>,
    /// Byte offset of each char, and the text's length at the end.
    bytes: Vec<usize>,
    text: String,
    info_rtl: bool,
    /// Resolved embedding level of each char (before rule L1).
    levels: Vec<Level>,
    /// What each char is drawn as: its joining form, a lam-alef ligature (on the lam), or nothing
    /// (the alef of such a ligature).
    forms: Vec<Form>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Form {
    Same,
    Shaped(char),
    /// Part of the ligature drawn by the previous letter.
    Hidden,
}

impl Paragraph {
    /// A transcript paragraph: its direction judged after a leading speaker tag
    /// ([`is_rtl_content`]).
    pub fn new(text: &str) -> Self {
        Self::with_direction(text, is_rtl_content(text))
    }

    /// A label (a code path, a menu item, "Coded segments: …"): its direction is that of its
    /// first strong character ([`is_rtl`]), as the bidirectional algorithm says; a colon does
    /// not mark a speaker here.
    pub fn label(text: &str) -> Self {
        Self::with_direction(text, is_rtl(text))
    }

    fn with_direction(text: &str, rtl: bool) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let forms = joining_forms(&chars);
        let info = BidiInfo::new(text, Some(if rtl { Level::rtl() } else { Level::ltr() }));
        let levels = bytes[..chars.len()].iter().map(|&b| info.levels[b]).collect();
        Paragraph { chars, bytes, text: text.to_string(), info_rtl: rtl, levels, forms }
    }

    /// Whether the paragraph reads from the right (its lines are right-aligned).
    pub fn rtl(&self) -> bool {
        self.info_rtl
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The character that stands for char `i` when only its width matters (wrapping a line):
    /// its joining form, or itself.
    pub fn wrapping_form(&self, i: usize) -> char {
        match self.forms.get(i) {
            Some(Form::Shaped(c)) => *c,
            _ => self.chars.get(i).copied().unwrap_or(' '),
        }
    }

    /// The line `line` (a char range of the paragraph) in visual order, left to right.
    pub fn visual_line(&self, line: Range<usize>) -> Vec<Unit> {
        let line = line.start.min(self.len())..line.end.min(self.len());
        if line.is_empty() {
            return Vec::new();
        }
        let levels = self.line_levels(line.clone());
        let order = visual_order(&levels);
        let mut units: Vec<Unit> = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let k = order[i];
            if levels[k].is_ltr() {
                // A left-to-right stretch stays one piece, so its own shaping (Devanagari
                // conjuncts, kerning) is kept.
                let mut j = i + 1;
                while j < order.len() && order[j] == order[j - 1] + 1 && levels[order[j]].is_ltr() {
                    j += 1;
                }
                let r = line.start + k..line.start + order[j - 1] + 1;
                units.push(Unit { text: self.chars[r.clone()].iter().collect(), logical: r, rtl: false });
                i = j;
            } else {
                // Right to left: one piece per grapheme (a letter with its marks), drawn in
                // logical order inside, so no shaper reverses it again.
                let mut j = i + 1;
                while j < order.len() && order[j] + 1 == order[j - 1] && levels[order[j]].is_rtl() {
                    j += 1;
                }
                // order[i..j] is a reversed logical stretch: its logical start is order[j-1].
                let stretch = line.start + order[j - 1]..line.start + order[i] + 1;
                let mut pieces = self.graphemes(stretch);
                pieces.reverse();
                // The alef of a lam-alef ligature is drawn by the lam, which comes right after it
                // here (visually left to right): its range joins the lam's piece.
                let mut hidden: Option<Range<usize>> = None;
                for g in pieces {
                    let text = self.display(g.clone());
                    if text.is_empty() {
                        if let Some(h) = hidden.replace(g.clone()) {
                            units.push(Unit { text: self.chars[h.clone()].iter().collect(), logical: h, rtl: true });
                        }
                        continue;
                    }
                    let logical = match hidden.take() {
                        Some(h) if h.start == g.end => g.start..h.end,
                        Some(h) => {
                            units.push(Unit { text: self.chars[h.clone()].iter().collect(), logical: h, rtl: true });
                            g
                        }
                        None => g,
                    };
                    units.push(Unit { logical, text, rtl: true });
                }
                if let Some(h) = hidden {
                    units.push(Unit { text: self.chars[h.clone()].iter().collect(), logical: h, rtl: true });
                }
                i = j;
            }
        }
        units
    }

    /// Levels of the line's characters after rule L1 (trailing spaces at the paragraph level).
    fn line_levels(&self, line: Range<usize>) -> Vec<Level> {
        let base = if self.info_rtl { Level::rtl() } else { Level::ltr() };
        let mut levels: Vec<Level> = line.clone().map(|i| self.levels[i]).collect();
        // Rule L1: separators, and whitespace before them or at the end of the line, go back to
        // the paragraph's level.
        let mut trailing = true;
        for (k, i) in line.rev().enumerate() {
            let k = levels.len() - 1 - k;
            match bidi_class(self.chars[i]) {
                BidiClass::S | BidiClass::B => {
                    levels[k] = base;
                    trailing = true;
                }
                BidiClass::WS
                | BidiClass::FSI
                | BidiClass::LRI
                | BidiClass::RLI
                | BidiClass::PDI
                | BidiClass::BN
                | BidiClass::LRE
                | BidiClass::RLE
                | BidiClass::LRO
                | BidiClass::RLO
                | BidiClass::PDF
                    if trailing =>
                {
                    levels[k] = base
                }
                _ => trailing = false,
            }
        }
        levels
    }

    /// Grapheme ranges (chars) inside `r`.
    fn graphemes(&self, r: Range<usize>) -> Vec<Range<usize>> {
        let s = &self.text[self.bytes[r.start]..self.bytes[r.end]];
        let mut out = Vec::new();
        let mut at = r.start;
        for g in s.graphemes(true) {
            let n = g.chars().count();
            out.push(at..at + n);
            at += n;
        }
        out
    }

    /// How the characters `r` are drawn inside a right-to-left run.
    fn display(&self, r: Range<usize>) -> String {
        let mut s = String::new();
        for i in r {
            match self.forms[i] {
                Form::Hidden => {}
                Form::Shaped(c) => s.push(c),
                Form::Same => s.push(mirror(self.chars[i])),
            }
        }
        s
    }
}

/// Rule L2: the logical indices of a line's characters in visual order, left to right.
pub fn visual_order(levels: &[Level]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let Some(max) = levels.iter().map(|l| l.number()).max() else { return order };
    let lowest_odd = levels.iter().map(|l| l.number()).filter(|n| n % 2 == 1).min().unwrap_or(max + 1);
    let mut level = max;
    while level >= lowest_odd && level > 0 {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]].number() >= level {
                let mut j = i;
                while j < order.len() && levels[order[j]].number() >= level {
                    j += 1;
                }
                order[i..j].reverse();
                i = j;
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    order
}

/// Brackets and similar pairs drawn mirrored in right-to-left runs (rule L4, the common pairs).
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => c,
    }
}

fn letter(c: char) -> Option<&'static ar_reshaper::form::Forms> {
    ar_reshaper::letters::letters_db::LETTERS_ARABIC.iter().find(|(k, _)| *k == c && c != '\u{200D}').map(|(_, f)| f)
}

/// Marks (harakat) and other characters that do not break the joining of their neighbours.
fn transparent(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}' | '\u{06E7}' | '\u{06E8}' | '\u{06EA}'..='\u{06ED}')
}

/// The lam-alef ligatures (isolated, final) by the alef that follows the lam.
fn lam_alef(alef: char) -> Option<(char, char)> {
    match alef {
        '\u{0627}' => Some(('\u{FEFB}', '\u{FEFC}')),
        '\u{0622}' => Some(('\u{FEF5}', '\u{FEF6}')),
        '\u{0623}' => Some(('\u{FEF7}', '\u{FEF8}')),
        '\u{0625}' => Some(('\u{FEF9}', '\u{FEFA}')),
        _ => None,
    }
}

/// The joining form of every Arabic letter (isolated, initial, medial, final), with lam-alef
/// ligatures; other characters are drawn as they are.
fn joining_forms(chars: &[char]) -> Vec<Form> {
    let mut forms = vec![Form::Same; chars.len()];
    if !chars.iter().any(|&c| letter(c).is_some()) {
        return forms;
    }
    let joins_next = |c: char| letter(c).is_some_and(|f| f.initial != '\0' || f.medial != '\0');
    let joins_prev = |c: char| letter(c).is_some_and(|f| f.end != '\0' || f.medial != '\0');
    // The previous letter (skipping marks) that can join the current one.
    let mut prev: Option<usize> = None;
    for i in 0..chars.len() {
        let c = chars[i];
        if transparent(c) {
            continue;
        }
        let Some(f) = letter(c) else {
            prev = None;
            continue;
        };
        let linked = prev.filter(|&p| joins_next(chars[p]) && joins_prev(c));
        // Joined to the previous letter: final form now (medial if the next one joins too).
        forms[i] = Form::Shaped(if linked.is_some() { f.end } else { f.isolated });
        if let Some(p) = linked {
            let pf = letter(chars[p]).expect("a letter");
            let was_linked = matches!(forms[p], Form::Shaped(x) if x == pf.end || x == pf.medial);
            forms[p] = Form::Shaped(if was_linked { pf.medial } else { pf.initial });
        }
        prev = Some(i);
    }
    // Lam-alef: the lam (isolated/initial -> isolated ligature; medial/final -> final ligature).
    for i in 0..chars.len() {
        if chars[i] != '\u{0644}' {
            continue;
        }
        let Some(j) = (i + 1..chars.len()).find(|&j| !transparent(chars[j])) else { continue };
        if j != i + 1 {
            continue; // marks between: keep the letters apart
        }
        let Some((iso, fin)) = lam_alef(chars[j]) else { continue };
        let lam = letter('\u{0644}').expect("lam");
        let joined_before = matches!(forms[i], Form::Shaped(x) if x == lam.medial || x == lam.end);
        forms[i] = Form::Shaped(if joined_before { fin } else { iso });
        forms[j] = Form::Hidden;
    }
    for (f, &c) in forms.iter_mut().zip(chars) {
        if matches!(f, Form::Shaped('\0')) {
            *f = Form::Shaped(c);
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> (String, Vec<Unit>) {
        let p = Paragraph::new(text);
        let units = p.visual_line(0..p.len());
        (units.iter().map(|u| u.text.as_str()).collect(), units)
    }

    #[test]
    fn hebrew_reads_from_the_right_with_numbers_left_to_right() {
        assert!(is_rtl("שלום 12 world"));
        assert!(!is_rtl("Dus \"استمارة\" was het"));
        assert!(is_rtl_content("R3: بالنسبة لي"));
        assert!(!is_rtl_content("I: Dus \"استمارة\" was het"));
        let (shown, units) = line("אבג 12 דה");
        // Visual order, left to right: ה ד, space, 12, space, ג ב א.
        assert_eq!(shown, "הד 12 גבא");
        // Every logical character is covered exactly once.
        let mut covered: Vec<usize> = units.iter().flat_map(|u| u.logical.clone()).collect();
        covered.sort();
        assert_eq!(covered, (0..9).collect::<Vec<_>>());
    }

    #[test]
    fn a_dutch_question_quoting_an_arabic_word_keeps_its_order() {
        let text = "Dus de 2 formulieren (het woord was \"استمارة\") waren te moeilijk?";
        let (shown, units) = line(text);
        assert!(shown.starts_with("Dus de 2 formulieren (het woord was \""), "{shown}");
        assert!(shown.ends_with("\") waren te moeilijk?"), "{shown}");
        // The Arabic word: joined forms, in visual order (its last letter, teh marbuta (isolated after reh)
        // form, leftmost; its first letter, alef isolated, rightmost).
        let arabic: Vec<&Unit> = units.iter().filter(|u| u.rtl).collect();
        assert_eq!(arabic.first().unwrap().text, "\u{FE93}");
        assert_eq!(arabic.last().unwrap().text, "\u{FE8D}");
        let b = text.find('ا').unwrap();
        let start = text[..b].chars().count();
        assert_eq!(arabic.last().unwrap().logical, start..start + 1);
    }

    #[test]
    fn arabic_letters_join_and_lam_alef_is_one_glyph() {
        // "لا" alone: the isolated lam-alef ligature standing for both letters.
        let (shown, units) = line("لا");
        assert_eq!(shown, "\u{FEFB}");
        assert_eq!(units[0].logical, 0..2);
        // "سلام": seen initial, lam-alef final ligature, meem isolated; drawn right to left.
        let (shown, _) = line("سلام");
        assert_eq!(shown, "\u{FEE1}\u{FEFC}\u{FEB3}");
        // Brackets are mirrored inside right-to-left text.
        let (shown, _) = line("א (ב)");
        assert_eq!(shown, "(ב) א");
    }

    #[test]
    fn trailing_spaces_of_a_wrapped_right_to_left_line_stay_at_its_end() {
        let p = Paragraph::new("אבג דהו");
        let first = p.visual_line(0..4);
        let shown: String = first.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(shown, " גבא");
    }
}
