//! Character offsets over stored text. Positions are Unicode scalar values (Rust `char`s), start
//! inclusive, end exclusive, over text with `\n` line ends. Conversions to bytes (Rust strings,
//! egui) and UTF-16 code units (REFI-QDA files written by NVivo) happen only at the edges.

use super::span::Span;

/// Byte index of character `char_idx` (clamped to the end of the text).
pub fn char_to_byte(text: &str, char_idx: usize) -> usize {
    text.char_indices().nth(char_idx).map(|(b, _)| b).unwrap_or(text.len())
}

/// Character index of byte `byte_idx` (which must lie on a char boundary, else it is rounded down).
pub fn byte_to_char(text: &str, byte_idx: usize) -> usize {
    let mut b = byte_idx.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].chars().count()
}

/// The text between two character offsets (clamped to the text).
pub fn slice_chars(text: &str, start: usize, end: usize) -> &str {
    let s = char_to_byte(text, start);
    let e = char_to_byte(text, end.max(start));
    &text[s..e]
}

/// Character <-> byte positions of one text without walking it from the start: a 1M-character
/// transcript with thousands of codings would otherwise be walked once per passage (`list
/// codings`, quotes, the transcript's speaker labels). Built in one pass; keeps the byte offset of
/// every [`CharIndex::STRIDE`]-th character (nothing at all for ASCII text, where the two
/// coincide), so a lookup is one jump plus at most `STRIDE` characters of walking. A few hundred KB
/// for the 11 million characters of a 200-interview project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharIndex {
    chars: usize,
    bytes: usize,
    /// Byte offset of character `i * STRIDE`; empty for ASCII text.
    checkpoints: Vec<usize>,
}

impl CharIndex {
    pub const STRIDE: usize = 64;

    pub fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex { chars: text.len(), bytes: text.len(), checkpoints: Vec::new() };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let mut chars = 0;
        for (i, (b, _)) in text.char_indices().enumerate() {
            if i % Self::STRIDE == 0 {
                checkpoints.push(b);
            }
            chars = i + 1;
        }
        CharIndex { chars, bytes: text.len(), checkpoints }
    }

    /// Characters in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Byte index of character `ch` of `text` (clamped to the end). `text` must be the text the
    /// index was built from; for any other text this falls back to walking it (never a panic).
    pub fn byte(&self, text: &str, ch: usize) -> usize {
        if text.len() != self.bytes {
            return char_to_byte(text, ch);
        }
        if ch >= self.chars {
            return text.len();
        }
        if self.checkpoints.is_empty() {
            return if text.is_char_boundary(ch) { ch } else { char_to_byte(text, ch) };
        }
        let base = self.checkpoints[ch / Self::STRIDE];
        if !text.is_char_boundary(base) {
            return char_to_byte(text, ch);
        }
        base + text[base..].char_indices().nth(ch % Self::STRIDE).map_or(text.len() - base, |(b, _)| b)
    }

    /// Character index of byte `byte` of `text` (rounded down to a char boundary).
    pub fn char_at(&self, text: &str, byte: usize) -> usize {
        let mut b = byte.min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        if text.len() != self.bytes {
            return text[..b].chars().count();
        }
        if self.checkpoints.is_empty() {
            return b;
        }
        let i = self.checkpoints.partition_point(|&c| c <= b).saturating_sub(1);
        let base = self.checkpoints[i];
        i * Self::STRIDE + text[base..b].chars().count()
    }

    /// The text between two character offsets (clamped to the text).
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let s = self.byte(text, start);
        let e = self.byte(text, end.max(start));
        &text[s..e]
    }
}

/// `\r\n` and lone `\r` become `\n`; a leading BOM is dropped.
pub fn normalize_newlines(text: &str) -> String {
    normalize_newlines_owned(text.to_string())
}

/// [`normalize_newlines`] of a text the caller gives up: changed in place, so a large transcript
/// with `\n` line ends (or any) is not copied.
pub fn normalize_newlines_owned(text: String) -> String {
    // Most texts need nothing: they are handed back without a second UTF-8 check of every byte.
    if !text.starts_with('\u{feff}') && !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    if bytes.contains(&b'\r') {
        // `\r\n` -> `\n`, lone `\r` -> `\n`: only ASCII bytes change, so the text stays UTF-8.
        let mut w = 0;
        for r in 0..bytes.len() {
            let b = bytes[r];
            if b == b'\r' && bytes.get(r + 1) == Some(&b'\n') {
                continue;
            }
            bytes[w] = if b == b'\r' { b'\n' } else { b };
            w += 1;
        }
        bytes.truncate(w);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Character offset -> UTF-16 code unit offset.
pub fn char_to_utf16(text: &str, char_idx: usize) -> usize {
    text.chars().take(char_idx).map(char::len_utf16).sum()
}

/// UTF-16 code unit offset -> character offset (a position inside a surrogate pair rounds up).
pub fn utf16_to_char(text: &str, utf16_idx: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.chars().enumerate() {
        if units >= utf16_idx {
            return i;
        }
        units += c.len_utf16();
    }
    text.chars().count()
}

/// Widens `span` to whole grapheme clusters (what a reader sees as one letter): a selection
/// never ends between a Devanagari consonant and its vowel sign or inside a conjunct ("क्ष"), nor
/// between a letter and its accent. The clusters are Unicode's extended grapheme clusters
/// (`unicode-segmentation`, with the Indic conjunct rule GB9c); the ends may come in either order.
///
/// Only the text around the two ends is looked at: the ends are found through the document's
/// [`CharIndex`] (one jump, not a walk from the start), so snapping costs the same on page 1 and
/// page 80 of a transcript.
pub fn snap_to_graphemes(text: &str, ix: &CharIndex, span: Span) -> Span {
    let (s, e) = (span.start.min(span.end), span.start.max(span.end));
    let (sb, eb) = (ix.byte(text, s), ix.byte(text, e));
    let s = ix.char_at(text, sb);
    let e = ix.char_at(text, eb);
    let sb2 = grapheme_start(text, sb);
    let s2 = s - text[sb2..sb].chars().count();
    if e == s {
        return Span::new(s2, s2);
    }
    let eb2 = grapheme_end(text, eb);
    Span::new(s2, e + text[eb..eb2].chars().count())
}

/// Whether byte `b` of `text` is a grapheme cluster boundary.
fn grapheme_boundary(text: &str, b: usize) -> bool {
    unicode_segmentation::GraphemeCursor::new(b, text.len(), true).is_boundary(text, 0).unwrap_or(true)
}

/// The start (byte) of the grapheme cluster holding byte `b`; `b` itself on a boundary.
fn grapheme_start(text: &str, b: usize) -> usize {
    if grapheme_boundary(text, b) {
        return b;
    }
    unicode_segmentation::GraphemeCursor::new(b, text.len(), true).prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

/// The end (byte) of the grapheme cluster holding byte `b`; `b` itself on a boundary.
fn grapheme_end(text: &str, b: usize) -> usize {
    if grapheme_boundary(text, b) {
        return b;
    }
    unicode_segmentation::GraphemeCursor::new(b, text.len(), true)
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// Whether `c` is written without spaces between words (Chinese and Japanese characters, Thai,
/// Lao, Khmer, Myanmar): there a "word" cannot be found from spaces, so snapping keeps each
/// character as selected instead of widening to the whole clause.
fn spaceless(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}') // CJK extensions B and later
}

/// What a grapheme cluster is for word snapping.
#[derive(Clone, Copy, PartialEq)]
enum Cluster {
    Word,
    Space,
    Other,
}

fn cluster_kind(g: &str) -> Cluster {
    match g.chars().next() {
        Some(c) if spaceless(c) => Cluster::Other,
        Some(c) if c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' => Cluster::Word,
        Some(c) if c.is_whitespace() => Cluster::Space,
        _ => Cluster::Other,
    }
}

/// Widens `span` to whole words: a researcher selecting "ertrouw" means "vertrouwen".
/// Works on grapheme clusters ([`snap_to_graphemes`]), so a Hindi word with conjuncts and vowel
/// signs ("हिन्दी") is one word; in scripts written without spaces (Chinese, Japanese, Thai)
/// the selection is only widened to whole characters. Surrounding white space the selection
/// picked up is dropped.
///
/// Costs O(selection + the two words at its ends): the ends are found through the document's
/// [`CharIndex`] and the clusters are walked outward from them only as far as the word goes.
pub fn snap_to_words(text: &str, ix: &CharIndex, span: Span) -> Span {
    use unicode_segmentation::UnicodeSegmentation;
    let snapped = snap_to_graphemes(text, ix, span);
    let (mut sb, mut eb) = (ix.byte(text, snapped.start), ix.byte(text, snapped.end));
    // The cluster just before / just after a byte boundary.
    let before = |b: usize| text[..b].graphemes(true).next_back();
    let after = |b: usize| text[b..].graphemes(true).next();
    let word_before = |b: usize| before(b).is_some_and(|g| cluster_kind(g) == Cluster::Word);
    let word_after = |b: usize| after(b).is_some_and(|g| cluster_kind(g) == Cluster::Word);
    // Out into the words the ends cut through (also for an empty selection inside a word).
    if word_after(sb) {
        for g in text[..sb].graphemes(true).rev() {
            if cluster_kind(g) != Cluster::Word {
                break;
            }
            sb -= g.len();
        }
    }
    if word_before(eb) {
        for g in text[eb..].graphemes(true) {
            if cluster_kind(g) != Cluster::Word {
                break;
            }
            eb += g.len();
        }
    }
    // Drop surrounding white space the selection picked up.
    while sb < eb {
        match after(sb) {
            Some(g) if cluster_kind(g) == Cluster::Space => sb += g.len(),
            _ => break,
        }
    }
    while eb > sb {
        match before(eb) {
            Some(g) if cluster_kind(g) == Cluster::Space => eb -= g.len(),
            _ => break,
        }
    }
    let start = ix.char_at(text, sb);
    let end = ix.char_at(text, eb);
    Span::new(start, end.max(start))
}

/// One replacement of a character range by new text, used to map positions through text edits
/// (pseudonymisation) so codings stay on the same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub start: usize,
    pub end: usize,
    pub with: String,
}

/// Applies non-overlapping replacements (sorted by start) and returns the new text.
pub fn apply_replacements(text: &str, reps: &[Replacement]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let mut pos = 0;
    for r in reps {
        out.extend(chars.by_ref().take(r.start - pos));
        chars.by_ref().take(r.end - r.start).for_each(drop);
        out.push_str(&r.with);
        pos = r.end;
    }
    out.extend(chars);
    out
}

/// Maps a position through replacements (sorted, non-overlapping). A position inside a replaced
/// range maps to the start (`start_side`) or end of the replacement, so a coding that covered a
/// replaced name still covers its substitute.
pub fn map_position(pos: usize, reps: &[Replacement], start_side: bool) -> usize {
    let mut delta: isize = 0;
    for r in reps {
        let new_len = r.with.chars().count() as isize;
        if pos < r.start || (pos == r.start && start_side) {
            break;
        }
        if pos < r.end || (pos == r.end && !start_side && r.start == r.end) {
            let base = (r.start as isize + delta) as usize;
            return if start_side { base } else { base + new_len as usize };
        }
        delta += new_len - (r.end - r.start) as isize;
    }
    (pos as isize + delta) as usize
}

/// What a document keeps to recognise its content: [`content_fingerprint`]'s 128 bits.
pub type Fingerprint = [u8; 16];

/// The hash both digests use: XXH3-128. They recognise a transcript among a project's own (an
/// import's duplicate check, a merge pairing a hand-out with its original, a withdrawal finding
/// a renamed interview in the backups), where the files are the user's and nobody forges a
/// collision; an accidental one among even a million texts has odds below 10^-26. With SHA-256
/// (what they were until schema step 5) both digests of a 1M-character transcript took 1.7 ms,
/// with XXH3 0.65 ms, nearly all of it the fingerprint's walk over the text (measured).
type DigestHasher = xxhash_rust::xxh3::Xxh3Default;

fn finish(h: &DigestHasher) -> Fingerprint {
    h.digest128().to_be_bytes()
}

/// A fingerprint of a transcript's *content*: the hash of its NFC form with every run of
/// whitespace taken as one space and the ends trimmed. Two imports of one interview (once as .docx,
/// once saved as .txt; with CRLF or LF; NFD from macOS) get the same fingerprint, so an import can
/// say "this transcript is already in the project". No copy of the text is made.
pub fn content_fingerprint(text: &str) -> Fingerprint {
    nfc_fingerprint(text).unwrap_or_else(|| normalising_fingerprint(text))
}

/// Bytes [`nfc_fingerprint`] stops at: those that start whitespace (ASCII's, and the lead bytes
/// of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000) and every non-ASCII byte.
static NOTABLE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b'\t'..=b'\r' | b' ' | 0x80..=0xff);
        b += 1;
    }
    t
};

/// The fingerprint of text in NFC (nearly every transcript), or `None` when the quick check
/// cannot say it is. One pass over the bytes: words and single spaces are passed over, and the
/// text is hashed in slices straight from it, split only where whitespace is not a single space
/// (a line end, a tab, two spaces); a megabyte is a few thousand hash updates, not one per word.
fn nfc_fingerprint(text: &str) -> Option<Fingerprint> {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let bytes = text.as_bytes();
    let n = bytes.len();
    let plain = |i: usize| bytes.get(i).is_some_and(|&b| !NOTABLE[b as usize]);
    let mut h = DigestHasher::new();
    let mut slice = 0; // start of the text not hashed yet, whose whitespace is single spaces
    let mut i = 0;
    while i < n {
        // Eight bytes at a time while none of them needs a look of its own.
        while i > 0 && i + 9 <= n {
            let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
            let look = needs_a_look(word(i), word(i + 1));
            if look != 0 {
                i += look.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        if i >= n {
            break;
        }
        let b = bytes[i];
        if !NOTABLE[b as usize] || (b == b' ' && i > 0 && plain(i + 1)) {
            i += 1;
            continue;
        }
        // U+00A1–U+00FF (é, ü, ß: Dutch and German text is full of them) are NFC whatever stands
        // around them, with a combining class of 0, and no whitespace: passed over as ASCII is.
        if b == 0xC3 || (b == 0xC2 && !matches!(bytes.get(i + 1), Some(0x85 | 0xA0))) {
            i += 2;
            continue;
        }
        if !b.is_ascii() {
            // A run of other characters. ASCII is NFC and resets the quick check, so the runs are
            // checked one by one; ASCII bytes are character boundaries, so a run is whole characters.
            let end = bytes[i..].iter().position(u8::is_ascii).map_or(n, |len| i + len);
            let run = &text[i..end];
            if is_nfc_quick(run.chars()) != IsNormalized::Yes {
                return None;
            }
            match run.char_indices().find(|(_, c)| c.is_whitespace()) {
                Some((at, _)) => i += at,
                None => {
                    i = end;
                    continue;
                }
            }
        }
        // Whitespace from `i` to `end`.
        let mut end = i;
        while let Some(c) = text[end..].chars().next().filter(|c| c.is_whitespace()) {
            end += c.len_utf8();
        }
        if i == 0 {
            slice = end; // leading whitespace is dropped
        } else if end == n {
            h.update(&bytes[slice..i]); // and so is trailing whitespace
            return Some(finish(&h));
        } else if !(end == i + 1 && b == b' ') {
            h.update(&bytes[slice..i]);
            h.update(b" ");
            slice = end;
        }
        i = end;
    }
    h.update(&bytes[slice..]);
    Some(finish(&h))
}

/// The bytes of `word` (eight bytes of text, little-endian) that [`nfc_fingerprint`] must look at
/// one by one, as the high bit of each: a control or non-ASCII byte, or a space followed (in
/// `next`, the same bytes one further on) by a space, a control or a non-ASCII byte. A flag may
/// also stand on a byte after a flagged one (a borrow carries into it), never before the first
/// byte that needs a look, so the lowest flag is where to stop.
fn needs_a_look(word: u64, next: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let other = |x: u64| below(x, 0x20) | (x & HIGH);
    let space = |x: u64| below(x ^ (ONES * 0x20), 1);
    other(word) | (space(word) & (space(next) | other(next)))
}

/// The fingerprint of text that may not be NFC (NFD from macOS): normalised character by
/// character into a buffer that is hashed a chunk at a time.
fn normalising_fingerprint(text: &str) -> Fingerprint {
    use unicode_normalization::UnicodeNormalization;
    const CHUNK: usize = 64 * 1024;
    let mut h = DigestHasher::new();
    let mut buf = String::with_capacity(CHUNK + 8);
    let (mut started, mut pending_space) = (false, false);
    for c in text.nfc() {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            buf.push(' ');
            pending_space = false;
        }
        started = true;
        buf.push(c);
        if buf.len() >= CHUNK {
            h.update(buf.as_bytes());
            buf.clear();
        }
    }
    h.update(buf.as_bytes());
    finish(&h)
}

/// What a document keeps of its text to recognise it: the [`content_fingerprint`] (the same
/// interview however it was saved) and the [`text_hash`] (exactly this text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDigests {
    pub fingerprint: Fingerprint,
    pub text_hash: String,
}

impl TextDigests {
    pub fn of(text: &str) -> TextDigests {
        TextDigests { fingerprint: content_fingerprint(text), text_hash: text_hash(text) }
    }
}

/// The hash of exactly this text, in hex: the same transcript in another project file (a merge,
/// a REFI-QDA project read back, a backup after a rename), whose codings' offsets fit it.
pub fn text_hash(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}

/// A position in a recording as transcribers write it: `m:ss` below an hour, else `h:mm:ss`
/// (tenths are dropped: the margin shows where to look, not a frame).
pub fn format_clock(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// A position in a recording as written (`h:mm:ss`, `m:ss`, `h.mm.ss`, `m.ss`, with an optional
/// fraction after `,`, `-` or — when the parts are colon-separated — `.`: `00:01:02,5`,
/// `00:01:02-5`, `01:02.500`) to milliseconds; the inverse of [`format_clock`] for every transcript
/// and subtitle reader. Only ASCII digits count and the arithmetic is checked, so a clock in other
/// digits or with absurd hours is no time rather than a panic or a wrong one.
pub fn parse_clock(s: &str) -> Option<u64> {
    let (clock, frac) = match s.split_once(['-', ',']) {
        Some((c, f)) => (c, Some(f)),
        None if s.contains(':') => s.split_once('.').map_or((s, None), |(c, f)| (c, Some(f))),
        None => (s, None),
    };
    let number = |p: &str| {
        let p = p.trim();
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u64>().ok()).flatten()
    };
    let parts: Vec<u64> = clock.split([':', '.']).map(number).collect::<Option<_>>()?;
    let secs = match parts.as_slice() {
        [h, m, s] if *m < 60 && *s < 60 => h.checked_mul(3600)?.checked_add(m * 60 + s)?,
        [m, s] if *s < 60 => m.checked_mul(60)?.checked_add(*s)?,
        _ => return None,
    };
    let frac_ms = match frac {
        None => 0,
        Some(f) => {
            let digits = f.get(..f.len().min(3)).filter(|d| !d.is_empty()).and_then(number)?;
            digits * 10u64.pow(3 - f.len().min(3) as u32)
        }
    };
    secs.checked_mul(1000)?.checked_add(frac_ms)
}

/// Character offsets where the paragraphs of `text` start. A paragraph is a non-empty line, as
/// MAXQDA and ATLAS.ti number them: blank lines between turns get no number, so the numbers a
/// student sees in the margin are the ones a thesis cites.
pub fn paragraph_starts(text: &str) -> Vec<usize> {
    TextLines::new(text).paragraphs
}

/// Where the lines and paragraphs of one text start (char offsets), so the line and paragraph
/// number of a passage (`{line}` and `{paragraph}` in a citation) is a binary search instead of
/// a walk from the document's start. Built in one pass; cached per document text beside its
/// [`CharIndex`] ([`crate::core::Project::text_lines`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLines {
    /// Character offset of every `\n`.
    newlines: Vec<usize>,
    /// Where each paragraph (see [`paragraph_starts`]) starts.
    paragraphs: Vec<usize>,
}

impl TextLines {
    pub fn new(text: &str) -> TextLines {
        let (mut newlines, mut paragraphs) = (Vec::new(), Vec::new());
        let mut at_line_start = true;
        for (i, c) in text.chars().enumerate() {
            if c == '\n' {
                newlines.push(i);
                at_line_start = true;
            } else if !c.is_whitespace() {
                if at_line_start {
                    paragraphs.push(i);
                }
                at_line_start = false;
            }
        }
        TextLines { newlines, paragraphs }
    }

    /// The 1-based line holding character `ch`.
    pub fn line_of(&self, ch: usize) -> usize {
        self.newlines.partition_point(|&n| n < ch) + 1
    }

    /// The 1-based paragraph holding character `ch` (1 before the first paragraph).
    pub fn paragraph_of(&self, ch: usize) -> usize {
        paragraph_number(&self.paragraphs, ch).max(1)
    }
}

/// The 1-based number of the paragraph containing `pos` (0 before the first one), given
/// [`paragraph_starts`].
pub fn paragraph_number(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s <= pos)
}

/// How many paragraphs `start..end` touches.
pub fn paragraphs_spanned(starts: &[usize], start: usize, end: usize) -> usize {
    if start >= end {
        return 0;
    }
    let first = paragraph_number(starts, start).max(1);
    let last = paragraph_number(starts, end - 1).max(1);
    last + 1 - first
}

#[cfg(test)]
mod tests {

    #[test]
    fn clocks_are_read_in_every_notation_and_never_panic() {
        assert_eq!(parse_clock("00:01:02"), Some(62_000));
        assert_eq!(parse_clock("1.16.30"), Some(4_590_000));
        assert_eq!(parse_clock("5.00"), Some(300_000));
        assert_eq!(parse_clock("00:01:02-5"), Some(62_500));
        assert_eq!(parse_clock("01:02.5"), Some(62_500));
        assert_eq!(parse_clock("1:00:00,001"), Some(3_600_001));
        assert_eq!(parse_clock("00:61:00.000"), None);
        assert_eq!(parse_clock("00:01:02.\u{663}\u{663}"), None, "Arabic-Indic digits are no time");
        assert_eq!(parse_clock("99999999999999999:00:00"), None, "hours beyond any recording overflow to none");
        assert_eq!(parse_clock("00:01:02."), None);
        for ms in [0, 7_000, 62_000, 3_695_000] {
            assert_eq!(parse_clock(&format_clock(ms)), Some(ms));
        }
    }

    #[test]
    fn clock_times_read_as_transcribers_write_them() {
        assert_eq!(format_clock(0), "0:00");
        assert_eq!(format_clock(7_000), "0:07");
        assert_eq!(format_clock(62_500), "1:02");
        assert_eq!(format_clock(3_695_000), "1:01:35");
    }

    #[test]
    fn paragraphs_are_the_non_empty_lines_numbered_from_one() {
        let text = "I: Vraag één?\n\nA1: Antwoord,\nnog een regel.\n  \n\nI: Dank.";
        let starts = paragraph_starts(text);
        assert_eq!(starts, vec![0, 15, 29, 48]);
        assert_eq!(paragraph_number(&starts, 0), 1);
        assert_eq!(paragraph_number(&starts, 14), 1, "the blank line after a paragraph belongs to it");
        assert_eq!(paragraph_number(&starts, 30), 3);
        assert_eq!(paragraph_number(&starts, 50), 4);
        assert_eq!(paragraphs_spanned(&starts, 2, 20), 2);
        assert_eq!(paragraphs_spanned(&starts, 15, 28), 1);
        assert_eq!(paragraphs_spanned(&starts, 0, text.chars().count()), 4);
        assert_eq!(paragraphs_spanned(&starts, 5, 5), 0);
    }
    use super::*;

    /// The fast path (text already NFC) hashes exactly what the character-by-character path
    /// hashes: the same interview saved on a Mac (NFD) and on Windows (NFC, CRLF) is one.
    #[test]
    fn a_transcript_in_nfc_and_in_nfd_has_one_fingerprint() {
        let nfc = "  I: Wat vond u van het café?\r\n\r\nR1: Één ding:\u{a0}überhaupt   niets.\n";
        let nfd = "I: Wat vond u van het cafe\u{301}?\n\nR1: E\u{301}e\u{301}n ding: u\u{308}berhaupt niets.";
        assert_eq!(content_fingerprint(nfc), content_fingerprint(nfd));
        assert_ne!(content_fingerprint(nfc), content_fingerprint("I: Wat vond u van het cafe?"));
        assert_eq!(content_fingerprint(" \n"), content_fingerprint(""));
    }

    /// However the text is laid out, its fingerprint is XXH3-128 of its NFC words joined by single
    /// spaces, hashed in one piece: checked on texts of every kind of whitespace, in NFC and NFD,
    /// longer than a chunk.
    #[test]
    fn the_fingerprint_is_the_hash_of_the_nfc_words_joined_by_single_spaces() {
        use unicode_normalization::UnicodeNormalization;
        let pieces = [
            "café",
            "cafe\u{301}",
            "één",
            "R1:",
            "I:",
            "ja",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\t",
            "\u{a0}",
            "\u{85}",
            "\u{2009}",
            "\u{3000}",
            "\u{1680}",
            "\u{202f}",
            "©",
            "€",
            "日本",
            "\u{1c}",
            "🙂",
            "ü",
            "\u{301}",
            "ß",
            "\u{ad}",
            "Å",
            // Long plain stretches, so that eight-byte steps meet every kind of byte at every
            // position of a word.
            "verantwoording",
            "gemeente raad",
            "a b c d e f g h i",
            "abcdefg",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for case in 0..400 {
            let len = if case % 50 == 0 { 40_000 } else { case % 23 };
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    pieces[(seed % pieces.len() as u64) as usize]
                })
                .collect();
            let nfc: String = text.nfc().collect();
            let words: Vec<&str> = nfc.split_whitespace().collect();
            let expected = xxhash_rust::xxh3::xxh3_128(words.join(" ").as_bytes()).to_be_bytes();
            assert_eq!(content_fingerprint(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn offsets_count_scalar_values_not_bytes_or_utf16() {
        let t = "é😀a";
        assert_eq!(char_to_byte(t, 2), 6);
        assert_eq!(byte_to_char(t, 6), 2);
        assert_eq!(slice_chars(t, 1, 3), "😀a");
        assert_eq!(char_to_utf16(t, 2), 3);
        assert_eq!(utf16_to_char(t, 3), 2);
    }

    #[test]
    fn newlines_normalised() {
        assert_eq!(normalize_newlines("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
    }

    /// Word snapping as the app calls it, with the text's own index.
    fn words(t: &str, s: usize, e: usize) -> (usize, usize) {
        let r = snap_to_words(t, &CharIndex::new(t), Span::new(s, e));
        (r.start, r.end)
    }

    fn graphemes(t: &str, s: usize, e: usize) -> (usize, usize) {
        let r = snap_to_graphemes(t, &CharIndex::new(t), Span::new(s, e));
        (r.start, r.end)
    }

    /// The old whole-document word snapping (every cluster of the text listed), kept as the
    /// reference the windowed one must agree with.
    fn words_by_walking_everything(text: &str, start: usize, end: usize) -> (usize, usize) {
        use unicode_segmentation::UnicodeSegmentation;
        let (start, end) = graphemes(text, start, end);
        let mut clusters: Vec<(usize, Cluster)> = Vec::new();
        let mut at = 0;
        for g in text.graphemes(true) {
            clusters.push((at, cluster_kind(g)));
            at += g.chars().count();
        }
        let total = at;
        let index = |c: usize| clusters.partition_point(|&(s, _)| s < c);
        let (mut s, mut e) = (index(start.min(total)), index(end.min(total)));
        let word = |i: usize| clusters.get(i).is_some_and(|c| c.1 == Cluster::Word);
        while s > 0 && word(s - 1) && word(s) {
            s -= 1;
        }
        while e > 0 && word(e - 1) && word(e) {
            e += 1;
        }
        while s < e && clusters[s].1 == Cluster::Space {
            s += 1;
        }
        while e > s && clusters[e - 1].1 == Cluster::Space {
            e -= 1;
        }
        let offset = |i: usize| clusters.get(i).map_or(total, |c| c.0);
        (offset(s), offset(e))
    }

    proptest::proptest! {
        #[test]
        fn windowed_word_snapping_agrees_with_walking_the_whole_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "é", "e\u{301}", " ", "\n", "-", "’", ",", "中", "क्ष", "ि", "👍🏽", "7", "  ", "ß", "🇳🇱",
            ]), 0..40),
            a in 0usize..60,
            b in 0usize..60,
        ) {
            let text: String = parts.concat();
            let n = text.chars().count();
            let (a, b) = (a.min(n), b.min(n));
            proptest::prop_assert_eq!(words(&text, a, b), words_by_walking_everything(&text, a, b));
        }
    }

    /// Near the end of a long transcript (1.2 million characters, accents and emoji on every
    /// line) snapping finds the same word as at its start: it goes through the char index.
    #[test]
    fn snapping_at_the_end_of_a_long_transcript() {
        let line = "R3: Het vertrouwen in de gemeente 👍🏽 is gegroeid, zegt zij—café-eigenaar.\n";
        let text = line.repeat(16_000);
        let ix = CharIndex::new(&text);
        let per_line = line.chars().count();
        let at = per_line * 15_999;
        // "ertrouw" inside "vertrouwen" on the last line.
        let r = snap_to_words(&text, &ix, Span::new(at + 9, at + 16));
        assert_eq!(slice_chars(&text, r.start, r.end), "vertrouwen");
        assert_eq!(r, Span::new(at + 8, at + 18));
        // A selection from " zij" to "café-" takes the whole hyphenated word and drops the space.
        let r = snap_to_words(&text, &ix, Span::new(at + 54, at + 62));
        assert_eq!(slice_chars(&text, r.start, r.end), "zij—café-eigenaar");
    }

    #[test]
    fn snapping_widens_to_words_and_trims() {
        let t = "het vertrouwen groeit";
        assert_eq!(words(t, 5, 9), (4, 14));
        assert_eq!(words(t, 3, 15), (4, 14));
        assert_eq!(words(t, 3, 3), (3, 3));
        assert_eq!(words("e-mail en zelf’s", 1, 2), (0, 6));
    }

    #[test]
    fn the_char_index_agrees_with_walking_the_text_everywhere() {
        let mut text = String::new();
        for i in 0..500 {
            text.push_str(["a", "é", "😀", "\n", "ß", " ", "中"][i % 7]);
        }
        for t in [text.as_str(), "plain ascii text\nwith lines", "", "é"] {
            let ix = CharIndex::new(t);
            let n = t.chars().count();
            assert_eq!(ix.char_len(), n);
            for ch in 0..=n + 2 {
                assert_eq!(ix.byte(t, ch), char_to_byte(t, ch), "char {ch}");
            }
            for b in 0..=t.len() {
                assert_eq!(ix.char_at(t, b), byte_to_char(t, b), "byte {b}");
            }
            assert_eq!(ix.slice(t, 3, 70), slice_chars(t, 3, 70));
        }
        // Another text of a different length: correct answers by walking, no panic.
        let ix = CharIndex::new(&text);
        assert_eq!(ix.byte("é😀", 1), 2);
    }

    /// "क्षत्रिय" is three clusters: क्ष (a conjunct of three chars), त्रि (conjunct and vowel
    /// sign, four chars) and य. A selection ending inside one takes the whole cluster.
    #[test]
    fn a_selection_never_splits_a_devanagari_cluster() {
        let t = "क्षत्रिय";
        assert_eq!(t.chars().count(), 8);
        assert_eq!(graphemes(t, 0, 1), (0, 3));
        assert_eq!(graphemes(t, 2, 5), (0, 7));
        assert_eq!(graphemes(t, 3, 7), (3, 7));
        assert_eq!(graphemes(t, 8, 8), (8, 8));
        // हिन्दी: हि + न्दी.
        assert_eq!(graphemes("हिन्दी", 1, 3), (0, 6));
        // A letter and its combining accent; an emoji with a skin tone.
        assert_eq!(graphemes("cafe\u{301} x", 0, 4), (0, 5));
        assert_eq!(graphemes("a👍🏽b", 1, 2), (1, 3));
        // Text outside the range is left alone, and the ends may come in either order.
        assert_eq!(graphemes("abc", 2, 1), (1, 2));
    }

    /// Snapping takes a whole Hindi word (virama and vowel signs are not "alphanumeric"
    /// characters, but they belong to the word's clusters), and never a whole Chinese clause.
    #[test]
    fn word_snapping_knows_hindi_words_and_chinese_characters() {
        let t = "भाषा की समस्या है।";
        let (s, e) = words(t, 9, 10);
        assert_eq!(slice_chars(t, s, e), "समस्या");
        let (s, e) = words("हिन्दी में", 3, 4);
        assert_eq!((s, e), (0, 6));
        let t = "对我来说，数字化服务很方便";
        assert_eq!(words(t, 5, 7), (5, 7));
        // Punctuation the selection took stays; it is not a word to widen into.
        assert_eq!(words(t, 4, 6), (4, 6));
    }

    #[test]
    fn positions_follow_replacements() {
        let text = "Jan zei tegen Piet: ja";
        let reps = vec![
            Replacement { start: 0, end: 3, with: "R1".into() },
            Replacement { start: 14, end: 18, with: "R12".into() },
        ];
        let new = apply_replacements(text, &reps);
        assert_eq!(new, "R1 zei tegen R12: ja");
        // "zei" at 4..7 moves one left.
        assert_eq!(map_position(4, &reps, true), 3);
        assert_eq!(map_position(7, &reps, false), 6);
        // A coding on "Piet" covers "R12".
        assert_eq!(map_position(14, &reps, true), 13);
        assert_eq!(map_position(18, &reps, false), 16);
        // "ja" at 20..22 -> 18..20
        assert_eq!(slice_chars(&new, map_position(20, &reps, true), map_position(22, &reps, false)), "ja");
    }
}
