//! Word documents (docx-rs) a thesis can take as is: the title in Word's "Title" style, headings
//! in "Heading 1", real Word tables in a named table style (bordered, bold header row shaded
//! light blue, numbers right-aligned, first column indented by tree depth) whose header row
//! repeats on every page and whose rows never split across pages, a caption *below* each table
//! in Word's "Caption" style with a `SEQ Tabel`/`SEQ Table` field (so Word's caption numbering
//! and table of figures work), and the code tree as an indented list.
//!
//! Columns are fitted to their content ([`grid`]): every column is at least as wide as its
//! longest word, so a code name never breaks mid-word; a header word too long for its column
//! breaks at a syllable of the export's language (Knuth–Liang, [`syllable_breaks`]), a name of a
//! statistic or a person never. Pages are A4 portrait; a table turns the page only when it would
//! wrap its code names or break a header word in portrait and fits landscape better
//! ([`turns_the_page`]). It then stands in a landscape section of its own, with the heading or
//! paragraph that introduces it ([`landscape_blocks`]), so an appendix keeps its code tree and
//! narrow tables portrait. docx-rs writes such a section (`Section`: its paragraphs and tables,
//! then an empty paragraph holding its `w:sectPr`, page size and orientation); the last
//! section's page is the document's own. [`Block::Svg`] is skipped: Word needs a raster image for
//! a dependable result.
//!
//! A code table too wide even for a landscape page (a matrix of 30 respondents) is printed in
//! column blocks that each repeat the code column, captioned "Tabel N" then "Tabel N (vervolg)"
//! ([`column_blocks`]). A table with column groups (per coder: "Coderingen" over "Anna",
//! "Bram", "Totaal") gets a header of two rows, each group merged over its columns
//! ([`group_runs`]).
//!
//! Right-to-left text (Arabic, Hebrew, Persian, Urdu quotes, code names) is marked as Word
//! expects: a paragraph whose text reads from the right gets `w:bidi` (right-aligned, read from the
//! right), and every stretch of right-to-left letters is a run of its own with `w:rtl`, so Word
//! orders and shapes it as complex script while Dutch words beside it stay plain runs.
//!
//! Tables are written here, not by docx-rs ([`write_table`]), streamed into the zip a cell at a
//! time ([`zip_with_tables`]): docx-rs keeps every cell as a `Paragraph` of ~2.4 KB and the
//! document as one string, copied while patched and stored uncompressed, so the segments of a
//! 100,000-coding project took 4 GB. docx-rs writes the rest (title, headings, captions, code
//! tree, sections, styles) with a placeholder paragraph where each table stands. Small and big
//! tables go through the same writer, so they look the same.
//!
//! docx-rs 0.4 cannot write `w:rtl` nor the document's creator and title, so its XML is patched
//! in two small, tested places ([`mark_rtl_runs`], [`core_properties`]).

use super::{Block, Cell, ExportError, Lang, Table, TreeLine, TreeStyle};
use crate::xml_escape::{esc_text, xml_safe};
use docx_rs::{
    AbstractNumbering, BreakType, Docx, FieldCharType, IndentLevel, InstrText, Level, LevelJc, LevelText, NumberFormat,
    Numbering, NumberingId, PageOrientationType, PageSize, Paragraph, Run, RunFonts, Section, SpecialIndentType, Start,
    Style, StyleType, TableBorder, TableBorderPosition, TableBorders,
};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

const HEADER_FILL: &str = "D9E2F3";
/// Indentation per tree level, in twentieths of a point (0.5 cm).
const INDENT_TWIPS: i32 = 284;

/// A placeholder character style on right-to-left runs, replaced by `<w:rtl />` in the XML.
const RTL_MARK: &str = "WerkbankRtlRun";

/// A run holding `text`, with line breaks for `\n`.
fn text_run(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// `text` split where its direction changes: (stretch, right to left). Spaces and punctuation
/// stay with the stretch before them.
fn direction_runs(text: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    let mut rtl: Option<bool> = None;
    for (b, c) in text.char_indices() {
        let strong = if crate::core::bidi::is_rtl_char(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        };
        if let (Some(now), Some(was)) = (strong, rtl)
            && now != was
        {
            out.push((&text[start..b], was));
            start = b;
        }
        if strong.is_some() {
            rtl = strong;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push((&text[start..], rtl.unwrap_or(false)));
    }
    out
}

/// `text` added to `p` as runs (each shaped by `style`), right-to-left stretches marked; the
/// paragraph reads from the right when its text does.
fn add_text(mut p: Paragraph, text: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    if !crate::core::bidi::has_rtl(text) {
        return p.add_run(style(text_run(text)));
    }
    if crate::core::bidi::is_rtl_content(text) {
        p.property = p.property.bidi(true);
    }
    for (part, rtl) in direction_runs(text) {
        let run = style(text_run(part));
        p = p.add_run(if rtl { run.style(RTL_MARK) } else { run });
    }
    p
}

/// Turns the placeholder style of right-to-left runs into `<w:rtl />`.
fn mark_rtl_runs(document: &[u8]) -> Vec<u8> {
    let xml = String::from_utf8_lossy(document);
    xml.replace(&format!("<w:rStyle w:val=\"{RTL_MARK}\" />"), "<w:rtl />")
        .replace(&format!("<w:rStyle w:val=\"{RTL_MARK}\"/>"), "<w:rtl />")
        .into_bytes()
}

/// A4 portrait and landscape text widths: the page minus docx-rs's default 3 cm side margins.
const PORTRAIT: usize = 11906 - 2 * 1701;
const LANDSCAPE: usize = 16838 - 2 * 1701;

/// Table font sizes in half-points, largest first: 10, 9 and 8 pt.
const SIZES: [usize; 3] = [20, 18, 16];

/// Whether a table is printed on a landscape page. Theses are portrait, but a student turns the
/// page rather than print a table whose code names wrap over two lines or whose headers break
/// into syllables ("Respon-denten"): the page turns when a table does not fit the portrait width
/// at 10 or 9 pt with every word whole and every code name on one line, and fits the landscape
/// width better.
fn turns_the_page(t: &Ems) -> bool {
    // Ranks in CANDIDATES; a table that fits nowhere ranks last.
    let rank = |total: usize| fitting_rank(t, total).unwrap_or(CANDIDATES.len());
    let whole = CANDIDATES.iter().take_while(|&&(size, min)| size >= SIZES[1] && min == Minimum::Whole).count();
    let portrait = rank(PORTRAIT);
    portrait >= whole && rank(LANDSCAPE) < portrait
}

/// Per block, whether it is printed on a landscape page: a table that turns the page
/// ([`turns_the_page`], one flag per table in `wide`) is, a code tree is not; a heading or a
/// paragraph goes with the table or tree after it (it introduces it), or after the last one with
/// the one before it.
fn landscape_blocks(blocks: &[Block], wide: &[bool]) -> Vec<bool> {
    let mut tables = wide.iter();
    let own: Vec<Option<bool>> = blocks
        .iter()
        .map(|b| match b {
            Block::Table(_) => tables.next().copied(),
            Block::CodeTree(..) => Some(false),
            _ => None,
        })
        .collect();
    let mut next = None;
    let mut after: Vec<Option<bool>> = own
        .iter()
        .rev()
        .map(|o| {
            next = o.or(next);
            next
        })
        .collect();
    after.reverse();
    let mut before = None;
    own.iter()
        .zip(after)
        .map(|(o, a)| {
            before = o.or(before);
            a.or(before).unwrap_or(false)
        })
        .collect()
}

/// The sizes (half-points) and minimum widths a table is tried at, best first: 10 pt then 9 pt
/// with every word whole and every code name on one line; then 9 pt with a long header word over
/// a narrow column (such as "Respondenten" over a column of small numbers) broken once, at a
/// syllable (at 9 pt rather than 10 the page has room to keep most headers whole); then the same
/// at 8 pt; then 9 and 8 pt with code names wrapped between their words.
const CANDIDATES: [(usize, Minimum); 7] = [
    (20, Minimum::Whole),
    (18, Minimum::Whole),
    (18, Minimum::Split),
    (16, Minimum::Whole),
    (16, Minimum::Split),
    (18, Minimum::Wrapped),
    (16, Minimum::Wrapped),
];

/// The rank in [`CANDIDATES`] of the first size and minimum at which `t` fits `total`.
fn fitting_rank(t: &Ems, total: usize) -> Option<usize> {
    CANDIDATES.iter().position(|&(size, min)| t.at(size).minimum(min).iter().sum::<usize>() <= total)
}

/// The first size (half-points) and minimum at which `t` fits `total` (see [`CANDIDATES`]).
fn fitting(t: &Ems, total: usize) -> Option<(usize, Minimum)> {
    fitting_rank(t, total).map(|i| CANDIDATES[i])
}

/// The font size (half-points) and column widths (twips, see [`grid`]) of `t` in a text width of
/// `total` (8 pt with only the body's words whole when nothing else fits).
fn layout(t: &Ems, total: usize) -> (usize, Vec<usize>) {
    layout_at(t, total, fitting(t, total).unwrap_or((SIZES[2], Minimum::Body)))
}

/// [`layout`] at a given size and minimum.
fn layout_at(t: &Ems, total: usize, (size, min): (usize, Minimum)) -> (usize, Vec<usize>) {
    (size, grid(&t.at(size), min, total))
}

/// The column blocks a table is printed in, each the first column (the code, the row's name) and
/// a run of the others: one block of every column when the table fits a landscape page at 8 pt
/// or more with its headers readable (a candidate of [`CANDIDATES`]) or is no code table (a row
/// of segments or quotes belongs together); else as few blocks as fit, cut where a header group
/// begins (`starts`, see [`group_runs`]) when such cuts fit, so a figure's coders stay
/// together, else into runs as even as can be. A
/// code × respondent matrix of 30 respondents prints as theses print it, in two blocks of
/// fifteen columns, the second captioned "Tabel N (vervolg)"; squeezed into one it broke every
/// label into letters ("A / 1 / 3").
fn column_blocks(t: &Ems, starts: &[usize]) -> Vec<Vec<usize>> {
    let n = t.head.len();
    let all = vec![(0..n).collect()];
    if n < 3 || t.names.is_none() || fitting(t, LANDSCAPE).is_some() {
        return all;
    }
    // The blocks that begin at columns `cuts` (after the first, which begins at column 1).
    let blocks = |cuts: Vec<usize>| -> Vec<Vec<usize>> {
        let ends = cuts.iter().copied().chain([n]);
        std::iter::once(1)
            .chain(cuts.iter().copied())
            .zip(ends)
            .map(|(a, b)| std::iter::once(0).chain(a..b).collect())
            .collect()
    };
    let fits = |blocks: &Vec<Vec<usize>>| blocks.iter().all(|cols| fitting(&t.columns(cols), LANDSCAPE).is_some());
    let starts: Vec<usize> = starts.iter().copied().filter(|&s| s > 1).collect();
    let grouped =
        (2..=starts.len() + 1).map(|k| blocks((1..k).map(|b| starts[(starts.len() + 1) * b / k - 1]).collect()));
    let even = (2..n).map(|k| blocks((1..k).map(|b| 1 + (n - 1) * b / k).collect()));
    grouped.chain(even).find(fits).unwrap_or(all)
}

/// How far a table's columns may shrink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Minimum {
    /// Every word whole, header and body; code names on one line.
    Whole,
    /// Body words whole, code names on one line, each header word broken at most once.
    Split,
    /// Body words whole, each header word broken at most once.
    Wrapped,
    /// Body words whole (headers break where they must).
    Body,
}

/// Column widths in twips, summing to at most `total`. Every column keeps room for its longest
/// word (so "Informatiehuishouding" is never broken into syllables) and, where the page has room,
/// for its longest header word; when it has not, the columns whose header words need least extra
/// room get it first, so as few headers as possible break. In a code table (the first column is
/// the indented code tree) the code names come first, before the headers: each on one line where
/// the page allows. A table too wide even for its body's words keeps its first column whole and
/// narrows the others.
///
/// The rest of the page goes to the text columns, widest content first ([`level_off`]): a number
/// column gets what its widest number or header word needs and no more. A text column is served
/// twice: up to half its longest line before header words are made whole (a header word broken
/// at a syllable costs the table one line, a code path wrapped over five lines costs every row
/// four), then up to its whole line. Only then do number columns widen towards their header line.
fn grid(m: &Measure, min: Minimum, total: usize) -> Vec<usize> {
    let whole = m.minimum(Minimum::Whole);
    let floor = m.minimum(min);
    let want: Vec<usize> = m.line.iter().zip(&whole).map(|(l, w)| *l.max(w)).collect();
    let sum = |v: &[usize]| v.iter().sum::<usize>();
    if sum(&want) <= total {
        return want;
    }
    if sum(&floor) > total {
        let first = m.body[0].min(total / 2);
        let rest = sum(&m.body[1..]).max(1);
        return std::iter::once(first).chain(m.body[1..].iter().map(|b| b * (total - first) / rest)).collect();
    }
    let mut widths = floor;
    let mut spare = total - sum(&widths);
    // Raises column j to `to` if the spare room allows.
    let raise = |widths: &mut Vec<usize>, spare: &mut usize, j: usize, to: usize| {
        let need = to.saturating_sub(widths[j]);
        if need <= *spare {
            widths[j] += need;
            *spare -= need;
            true
        } else {
            false
        }
    };
    // Widens the text columns towards `goal`, the widest content first.
    let widen = |widths: &mut Vec<usize>, spare: &mut usize, goal: &dyn Fn(usize) -> usize| {
        let need: Vec<usize> =
            (0..widths.len()).map(|j| if m.text[j] { goal(j).saturating_sub(widths[j]) } else { 0 }).collect();
        for (w, add) in widths.iter_mut().zip(level_off(&need, *spare)) {
            *w += add;
            *spare -= add;
        }
    };
    // The code names on one line, the text columns to half their line, then headers whole, the
    // smallest needs first, then the text columns to their whole line.
    raise(&mut widths, &mut spare, 0, whole[0]);
    widen(&mut widths, &mut spare, &|j| (want[j] + CELL_PAD) / 2);
    let mut short: Vec<usize> = (0..widths.len()).filter(|&j| whole[j] > widths[j]).collect();
    short.sort_by_key(|&j| whole[j] - widths[j]);
    short.retain(|&j| !raise(&mut widths, &mut spare, j, whole[j]));
    widen(&mut widths, &mut spare, &|j| want[j]);
    // The rest widens the number columns towards the width of their longest line.
    let need: Vec<usize> = widths.iter().zip(&want).map(|(w, g)| g.saturating_sub(*w)).collect();
    let total_need = sum(&need).max(1);
    let share = spare;
    for (w, n) in widths.iter_mut().zip(&need) {
        *w += n * share / total_need;
    }
    widths
}

/// `spare` shared out over `need` so the largest needs are met first: whatever lacks more than a
/// common level gets the difference, the level as low as `spare` allows (the widest column
/// grows alone until it is no wider than the next, then both grow, and so on).
fn level_off(need: &[usize], spare: usize) -> Vec<usize> {
    if need.iter().sum::<usize>() <= spare {
        return need.to_vec();
    }
    let mut sorted = need.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let mut top = 0;
    let mut level = 0;
    for (k, n) in sorted.iter().enumerate() {
        top += n;
        let next = sorted.get(k + 1).copied().unwrap_or(0);
        // The k + 1 largest needs cut to one level, giving out at most `spare`.
        if top > spare && (top - spare).div_ceil(k + 1) >= next {
            level = (top - spare).div_ceil(k + 1);
            break;
        }
    }
    need.iter().map(|n| n.saturating_sub(level)).collect()
}

/// What the columns of a table need at one font size, in twips.
struct Measure {
    /// Room for the longest word of the body (in a number column: the longest number), never
    /// broken.
    body: Vec<usize>,
    /// Room for the longest word of the header (bold).
    head: Vec<usize>,
    /// Room for the longest part of a header word broken once at its best syllable (with its
    /// hyphen).
    split: Vec<usize>,
    /// Room for the longest line, header or body.
    line: Vec<usize>,
    /// In a code table (its first column indented by tree depth): room for the longest indented
    /// code name (up to [`NAME_CAP`]) on one line; else nothing.
    names: usize,
    /// Per column: whether it holds words (a number column holds numbers and dashes only).
    text: Vec<bool>,
}

impl Measure {
    fn minimum(&self, min: Minimum) -> Vec<usize> {
        let head = match min {
            Minimum::Whole => &self.head,
            Minimum::Split | Minimum::Wrapped => &self.split,
            Minimum::Body => return self.body.clone(),
        };
        let mut v: Vec<usize> = self.body.iter().zip(head).map(|(b, h)| *b.max(h)).collect();
        if matches!(min, Minimum::Whole | Minimum::Split) {
            v[0] = v[0].max(self.names);
        }
        v
    }
}

/// Advance widths (thousandths of an em) of the printable ASCII characters in Noto Sans, regular
/// and bold. LibreOffice prints Calibri with Noto Sans where Calibri is missing (as on Linux);
/// Noto Sans is the wider of the two for every letter, so a word measured with it fits in Word's
/// Calibri as well. Read from the fonts' hmtx tables; checked against pdftotext's word boxes of a
/// LibreOffice rendering to 0.1 pt.
const NOTO_REGULAR: [u16; 95] = [
    260, 269, 408, 646, 572, 831, 732, 225, 300, 300, 551, 572, 268, 322, 268, 372, 572, 572, 572, 572, 572, 572, 572,
    572, 572, 572, 268, 268, 572, 572, 572, 434, 899, 639, 650, 632, 730, 556, 519, 728, 741, 339, 273, 619, 524, 907,
    760, 781, 605, 781, 622, 549, 556, 731, 600, 930, 586, 566, 572, 329, 372, 329, 572, 444, 281, 561, 615, 480, 615,
    564, 344, 615, 618, 258, 258, 534, 258, 935, 618, 605, 615, 615, 413, 479, 361, 618, 508, 786, 529, 510, 470, 380,
    551, 380, 572,
];
const NOTO_BOLD: [u16; 95] = [
    260, 286, 472, 646, 572, 901, 750, 266, 339, 339, 545, 572, 285, 322, 285, 413, 572, 572, 572, 572, 572, 572, 572,
    572, 572, 572, 285, 285, 572, 572, 572, 477, 897, 690, 672, 637, 740, 560, 549, 724, 765, 389, 331, 664, 565, 943,
    813, 796, 628, 796, 660, 551, 579, 756, 650, 967, 667, 624, 579, 331, 413, 331, 572, 411, 362, 604, 633, 514, 633,
    591, 387, 633, 657, 305, 305, 620, 305, 982, 657, 619, 633, 633, 454, 497, 434, 657, 569, 856, 578, 569, 488, 394,
    551, 394, 572,
];

/// The width of `text` in thousandths of an em: ASCII from [`NOTO_REGULAR`]/[`NOTO_BOLD`],
/// accented Latin letters as their base letter, wide East Asian characters one em, anything
/// else two thirds of an em (wider than any Latin letter but "m" and "W").
fn ems(text: &str, bold: bool) -> usize {
    use unicode_normalization::UnicodeNormalization as _;
    let table = if bold { &NOTO_BOLD } else { &NOTO_REGULAR };
    let advance = |c: char| -> usize {
        let base = std::iter::once(c).nfd().next().unwrap_or(c);
        match base as u32 {
            0x20..=0x7e => table[base as usize - 0x20] as usize,
            0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xff00..=0xff60 => 1000,
            _ => 667,
        }
    };
    text.chars().map(advance).sum()
}

/// The room, in twips at `size` half-points, for a text `em` thousandths of an em wide on one
/// line: 8 % more for kerning, rounding and a printer's font that runs a little wider, and the
/// cell's padding.
fn room_of(em: usize, size: usize) -> usize {
    em * size * 108 / 10_000 + CELL_PAD
}

/// A cell's left and right padding (Word's default 0.19 cm a side) with some air, in twips.
const CELL_PAD: usize = 240;

/// Longest words and lines are measured up to these many average characters: a longer word (a
/// URL) breaks, a longer line wraps.
const WORD_CAP: usize = 30;
const LINE_CAP: usize = 45;
/// Code names up to about this many characters are kept on one line where the page allows.
const NAME_CAP: usize = 30;

/// The room, in twips at `size`, for `text` on one line.
fn room(text: &str, size: usize, bold: bool) -> usize {
    room_of(ems(text, bold), size)
}

/// What the columns of a table need, measured once in thousandths of an em: fitting a table
/// tries up to seven sizes at two page widths ([`CANDIDATES`], [`turns_the_page`]), and measuring
/// every word of every cell is the costly part. A room grows with the width in ems, so the
/// widest text of each kind gives the room at any size ([`Ems::at`]). The first column's texts
/// are kept per indentation (an indent is twips, not ems).
struct Ems {
    /// Per column and indentation (twips): the longest body word.
    body: Vec<BTreeMap<usize, usize>>,
    /// Per column and indentation (twips): the longest body line.
    line: Vec<BTreeMap<usize, usize>>,
    /// Per column: the longest unbreakable piece of a header word (bold).
    head: Vec<usize>,
    /// Per column: the longest part of a header word broken once at its best syllable.
    split: Vec<usize>,
    /// Per column: the longest header line.
    head_line: Vec<usize>,
    /// In a code table (its first column indented by tree depth): the longest code name per
    /// indentation (twips); `None` in other tables.
    names: Option<BTreeMap<usize, usize>>,
    /// Per column: whether a cell holds a letter.
    text: Vec<bool>,
}

impl Ems {
    /// `t` measured, its headers broken at the syllables of `lang`.
    fn new(t: &Table, lang: Lang) -> Ems {
        let n = t.columns().max(1);
        let widest =
            |pieces: &mut dyn Iterator<Item = &str>, bold: bool| pieces.map(|w| ems(w, bold)).max().unwrap_or(0);
        let mut e = Ems {
            body: vec![BTreeMap::new(); n],
            line: vec![BTreeMap::new(); n],
            head: vec![0; n],
            split: vec![0; n],
            head_line: vec![0; n],
            names: (!t.indent.is_empty()).then(BTreeMap::new),
            text: vec![false; n],
        };
        let keep = |map: &mut BTreeMap<usize, usize>, indent: usize, em: usize| {
            let m = map.entry(indent).or_insert(0);
            *m = (*m).max(em);
        };
        // Word and LibreOffice break a line after a hyphen ("Brennan-|Prediger κ"): a word's
        // unbreakable pieces end there.
        let pieces = |h: &str| h.split_whitespace().flat_map(|w| w.split_inclusive('-')).map(str::to_string).collect();
        let split = |pieces: &Vec<String>| {
            pieces.iter().map(|w| best_break(w, lang).map_or_else(|| ems(w, true), |(_, em)| em)).max().unwrap_or(0)
        };
        for j in 0..n {
            let (group, own) = t.document_header(j);
            let own = xml_safe(own);
            let own_pieces: Vec<String> = pieces(&own);
            e.head[j] = widest(&mut own_pieces.iter().map(String::as_str), true);
            // Under a group stands a coder's name: never broken.
            e.split[j] = if group.is_empty() { split(&own_pieces) } else { e.head[j] };
            e.head_line[j] = widest(&mut own.lines(), true);
        }
        // A group's header spans its columns: each takes its share of the group's words and line.
        for (from, span) in group_runs(t, &(0..n).collect::<Vec<_>>()) {
            let group = xml_safe(t.document_header(from).0);
            let group_pieces: Vec<String> = pieces(&group);
            let word = widest(&mut group_pieces.iter().map(String::as_str), true).div_ceil(span);
            let broken = split(&group_pieces).div_ceil(span);
            let line = widest(&mut group.lines(), true).div_ceil(span);
            for j in from..from + span {
                e.head[j] = e.head[j].max(word);
                e.split[j] = e.split[j].max(broken);
                e.head_line[j] = e.head_line[j].max(line);
            }
        }
        for (i, row) in t.rows.iter().enumerate() {
            let indent = t.indent_of(i) * INDENT_TWIPS as usize;
            for (j, c) in row.iter().enumerate() {
                let extra = if j == 0 { indent } else { 0 };
                let shown = c.display();
                let text = xml_safe(&shown);
                e.text[j] |= text.chars().any(char::is_alphabetic);
                keep(&mut e.body[j], extra, widest(&mut text.split_whitespace(), false));
                keep(&mut e.line[j], extra, widest(&mut text.lines(), false));
            }
            if let (Some(names), Some(Cell::Text(name))) = (&mut e.names, row.first()) {
                keep(names, indent, ems(name, false));
            }
        }
        e
    }

    /// The measures of columns `cols` (the first of them 0, so a code table stays one).
    fn columns(&self, cols: &[usize]) -> Ems {
        fn pick<T: Clone>(v: &[T], cols: &[usize]) -> Vec<T> {
            cols.iter().map(|&j| v[j].clone()).collect()
        }
        Ems {
            body: pick(&self.body, cols),
            line: pick(&self.line, cols),
            head: pick(&self.head, cols),
            split: pick(&self.split, cols),
            head_line: pick(&self.head_line, cols),
            names: self.names.clone().filter(|_| cols.first() == Some(&0)),
            text: pick(&self.text, cols),
        }
    }

    /// What the columns need at `size` half-points, in twips.
    fn at(&self, size: usize) -> Measure {
        let room = |em: usize| room_of(em, size);
        let cap = |chars: usize| chars * ems("n", false);
        // The widest of a column's texts, each at most `chars` long, beside its indentation.
        let widest = |map: &BTreeMap<usize, usize>, chars: usize| {
            map.iter().map(|(indent, em)| room((*em).min(cap(chars))) + indent).max().unwrap_or(CELL_PAD)
        };
        let head: Vec<usize> = self.head.iter().map(|&em| room(em.min(cap(WORD_CAP)))).collect();
        let split = self.split.iter().zip(&self.head).map(|(&s, &h)| room(s.min(h).min(cap(WORD_CAP)))).collect();
        let body: Vec<usize> = self.body.iter().map(|m| widest(m, WORD_CAP)).collect();
        let line = (self.line.iter().zip(&self.head_line).zip(&body))
            .map(|((m, &h), &b)| room(h.min(cap(LINE_CAP))).max(widest(m, LINE_CAP)).max(b))
            .collect();
        let names = self.names.as_ref().map_or(0, |names| {
            names.iter().map(|(indent, em)| (room(*em) + indent).min(room(cap(NAME_CAP)))).max().unwrap_or(0)
        });
        Measure { body, head, split, line, names, text: self.text.clone() }
    }
}

/// `header` with soft hyphens (U+00AD) in each word too long for a column `width` twips wide at
/// `size`, so Word and LibreOffice break it at a syllable with a hyphen ("Respon-denten") instead
/// of at whatever letter the column ends. The syllables are Knuth–Liang's, from TeX's Dutch and
/// English patterns ([`syllable_breaks`]), in the language of the export.
///
/// A word whose best single break fits the column gets that one soft hyphen only
/// ("overeen-stemming"), so the line does not break at the first syllable that fits
/// ("over-eenstem-ming"). A name ([`is_name`]) gets none: its column is given its width instead.
fn soft_hyphens(header: &str, width: usize, size: usize, lang: Lang) -> String {
    let hyphens = |piece: &str| {
        if room(piece, size, true) <= width {
            return piece.to_string();
        }
        let breaks = match best_break(piece, lang) {
            Some((at, em)) if room_of(em, size) <= width => vec![at],
            _ => syllable_breaks(piece, lang),
        };
        let mut out = String::with_capacity(piece.len() + 2 * breaks.len());
        let mut from = 0;
        for at in breaks {
            out.push_str(&piece[from..at]);
            out.push('\u{ad}');
            from = at;
        }
        out + &piece[from..]
    };
    // Word and LibreOffice break after a hyphen already ("Brennan-|Prediger κ").
    header.split(' ').map(|w| w.split_inclusive('-').map(hyphens).collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// The break of `word` (bold) at one syllable whose longer part is shortest: its byte offset and
/// the width in ems of that longer part (the left one with its hyphen); `None` for a word of one
/// syllable or a name.
fn best_break(word: &str, lang: Lang) -> Option<(usize, usize)> {
    syllable_breaks(word, lang)
        .into_iter()
        .map(|at| (at, ems(&format!("{}-", &word[..at]), true).max(ems(&word[at..], true))))
        .min_by_key(|&(_, em)| em)
}

/// Names of statistics and of the people they are named after, as the report headers spell them
/// ("Krippendorffs α", "Cohen's κ", "Brennan-Prediger κ", "Fleiss' κ"): a reader looks a name up,
/// so it is printed whole however narrow its column.
const NAMES: [&str; 6] = ["Krippendorff", "Cohen", "Brennan", "Prediger", "Fleiss", "Scott"];

/// Whether `word` (punctuation and a possessive s around it allowed) is one of [`NAMES`].
fn is_name(word: &str) -> bool {
    let letters = word.trim_matches(|c: char| !c.is_alphabetic());
    NAMES.iter().any(|n| letters.strip_prefix(n).is_some_and(|rest| rest.is_empty() || rest == "s" || rest == "'s"))
}

/// The byte offsets in `word` where it may break between syllables in `lang`: Knuth–Liang
/// hyphenation with TeX's patterns (hypher), at least two letters before a break and three after
/// it; none in a name ([`is_name`]) or in a word of fewer than [`SHORTEST_BROKEN`] letters.
/// Punctuation around the word ("(segmentering)") stays with its first and last syllable.
///
/// hypher rather than the hyphenation crate: hyphenation embeds either English alone or the
/// patterns of all its ~70 languages (`embed_all`: +3.0 MB on a release build of a small
/// program), hypher one feature a language; Dutch and English cost +112 KB there and +104 KB on
/// Werkbank's dev binary (86,600,064 → 86,703,864 bytes).
fn syllable_breaks(word: &str, lang: Lang) -> Vec<usize> {
    if is_name(word) {
        return Vec::new();
    }
    let start = word.find(char::is_alphabetic).unwrap_or(word.len());
    let end = word.rfind(char::is_alphabetic).map_or(start, |i| i + word[i..].chars().next().map_or(0, char::len_utf8));
    let core = &word[start..end];
    if core.is_empty() || !core.chars().all(char::is_alphabetic) || core.chars().count() < SHORTEST_BROKEN {
        return Vec::new();
    }
    let patterns = match lang {
        Lang::Nl => hypher::Lang::Dutch,
        Lang::En => hypher::Lang::English,
    };
    let mut at = start;
    let mut breaks = Vec::new();
    for syllable in hypher::hyphenate_bounded(core, patterns, 2, 3) {
        if at > start {
            breaks.push(at);
        }
        at += syllable.len();
    }
    breaks
}

/// Letters a header word has at least before it is broken: "Co-deur B" over "Codeur A" read as
/// two different coders, and a word this short costs its column little to keep whole.
const SHORTEST_BROKEN: usize = 7;

/// One table as printed: a table's columns `cols` (every one, or a block of a table too wide for
/// the page, see [`column_blocks`]), their measures, font size (half-points) and widths (twips).
struct Piece {
    table: usize,
    cols: Vec<usize>,
    ems: Ems,
    size: usize,
    widths: Vec<usize>,
}

/// Writes columns `p.cols` of table `t` as WordprocessingML into `out`, a cell at a time (see
/// the module doc for why every table goes through this writer rather than docx-rs).
fn write_table(out: &mut dyn Write, t: &Table, p: &Piece, lang: Lang) -> std::io::Result<()> {
    let Piece { cols, ems, size, widths, .. } = p;
    let size = *size;
    // A column of numbers, with dashes where a figure is missing (Cohen's κ of a code nobody
    // used), stands right-aligned, its header over it.
    let numeric = t.numeric_columns();
    let filled = |j: usize| t.rows.iter().any(|r| r.get(j).is_some_and(|c| *c != Cell::Empty));
    let figures: Vec<bool> = cols.iter().enumerate().map(|(k, &j)| numeric[j] || (!ems.text[k] && filled(j))).collect();
    let sum: usize = widths.iter().sum();
    write!(out, "<w:tbl><w:tblPr><w:tblW w:w=\"{sum}\" w:type=\"dxa\" /><w:jc w:val=\"left\" /><w:tblBorders>")?;
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        write!(out, "<w:{side} w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />")?;
    }
    write!(
        out,
        "</w:tblBorders><w:tblStyle w:val=\"{TABLE_STYLE}\" /><w:tblLayout w:type=\"fixed\" /></w:tblPr><w:tblGrid>"
    )?;
    for w in widths {
        write!(out, "<w:gridCol w:w=\"{w}\" w:type=\"dxa\" />")?;
    }
    out.write_all(b"</w:tblGrid>")?;
    let head = Look { fill: Some(HEADER_FILL), bold: true, ..Look::body(0, size) };
    // The header row repeats on every page; no row splits across pages. A table with column
    // groups has two: the groups, each merged over its columns, and the columns' own headers
    // under them; a column without a group stands in both, merged.
    let runs = group_runs(t, cols);
    let rows = if runs.is_empty() { 1 } else { 2 };
    for r in 0..rows {
        out.write_all(b"<w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr>")?;
        let mut k = 0;
        while k < cols.len() {
            let (group, own) = t.document_header(cols[k]);
            let look = Look { width: widths[k], jc: figures[k].then_some("right"), ..head };
            let (look, text, span) = match runs.iter().find(|&&(from, _)| from == k) {
                Some(&(_, span)) if r == 0 => {
                    let width = widths[k..k + span].iter().sum();
                    let look = Look { width, span, jc: Some("center"), ..look };
                    (look, soft_hyphens(&xml_safe(group), width, size, lang), span)
                }
                _ if group.is_empty() && rows == 2 => {
                    let merge = if r == 0 { "restart" } else { "continue" };
                    let text = if r == 0 { soft_hyphens(&xml_safe(own), widths[k], size, lang) } else { String::new() };
                    (Look { merge: Some(merge), ..look }, text, 1)
                }
                _ if group.is_empty() => (look, soft_hyphens(&xml_safe(own), widths[k], size, lang), 1),
                _ => (look, xml_safe(own).into_owned(), 1),
            };
            write_cell(out, &look, &text)?;
            k += span;
        }
        out.write_all(b"</w:tr>")?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        out.write_all(b"<w:tr><w:trPr><w:cantSplit /></w:trPr>")?;
        for (k, (&j, &width)) in cols.iter().zip(widths).enumerate() {
            let c = row.get(j).unwrap_or(&Cell::Empty);
            let right = c.is_number() || (figures[k] && *c != Cell::Empty);
            let indent = if j == 0 { t.indent_of(i) * INDENT_TWIPS as usize } else { 0 };
            let look = Look { width, jc: right.then_some("right"), indent, ..Look::body(width, size) };
            write_cell(out, &look, &xml_safe(&c.display_with(lang.decimal())))?;
        }
        out.write_all(b"</w:tr>")?;
    }
    out.write_all(b"</w:tbl>")
}

/// How a table cell looks: its width (twips), the grid columns it spans, whether it starts or
/// continues a cell merged down the rows, shading, font size (half-points), bold, alignment and
/// indentation (twips).
#[derive(Clone, Copy)]
struct Look {
    width: usize,
    span: usize,
    merge: Option<&'static str>,
    fill: Option<&'static str>,
    size: usize,
    bold: bool,
    jc: Option<&'static str>,
    indent: usize,
}

impl Look {
    /// A plain body cell `width` twips wide at `size`.
    fn body(width: usize, size: usize) -> Look {
        Look { width, span: 1, merge: None, fill: None, size, bold: false, jc: None, indent: 0 }
    }
}

/// The runs of columns, among `cols` of `t`, that stand under one column group in a document
/// ([`Table::header_groups`]): (position of the first in `cols`, how many).
fn group_runs(t: &Table, cols: &[usize]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (k, &j) in cols.iter().enumerate() {
        let group = t.document_header(j).0;
        match runs.last_mut() {
            _ if group.is_empty() => {}
            Some((from, span)) if *from + *span == k && t.document_header(cols[*from]).0 == group => *span += 1,
            _ => runs.push((k, 1)),
        }
    }
    runs
}

/// One table cell holding `text` (lines at `\n`), right-to-left stretches marked as [`add_text`]
/// marks them.
fn write_cell(out: &mut dyn Write, look: &Look, text: &str) -> std::io::Result<()> {
    let Look { width, span, merge, fill, size, bold, jc, indent } = *look;
    write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\" />")?;
    if span > 1 {
        write!(out, "<w:gridSpan w:val=\"{span}\" />")?;
    }
    if let Some(merge) = merge {
        write!(out, "<w:vMerge w:val=\"{merge}\" />")?;
    }
    if let Some(fill) = fill {
        write!(out, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\" />")?;
    }
    out.write_all(b"</w:tcPr><w:p><w:pPr><w:rPr />")?;
    if let Some(jc) = jc {
        write!(out, "<w:jc w:val=\"{jc}\" />")?;
    }
    if indent > 0 {
        write!(out, "<w:ind w:left=\"{indent}\" w:right=\"0\" />")?;
    }
    let rtl = crate::core::bidi::has_rtl(text);
    if rtl && crate::core::bidi::is_rtl_content(text) {
        out.write_all(b"<w:bidi />")?;
    }
    out.write_all(b"</w:pPr>")?;
    let runs = if rtl { direction_runs(text) } else { vec![(text, false)] };
    for (part, rtl) in runs {
        write!(out, "<w:r><w:rPr><w:sz w:val=\"{size}\" /><w:szCs w:val=\"{size}\" />")?;
        if bold {
            out.write_all(b"<w:b /><w:bCs />")?;
        }
        if rtl {
            out.write_all(b"<w:rtl />")?;
        }
        out.write_all(b"</w:rPr>")?;
        for (k, line) in part.split('\n').enumerate() {
            if k > 0 {
                out.write_all(b"<w:br w:type=\"textWrapping\" />")?;
            }
            // Word takes a carriage return in a text for a paragraph mark; docx-rs drops it too.
            let line = line.replace('\r', "");
            write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", esc_text(&line))?;
        }
        out.write_all(b"</w:r>")?;
    }
    out.write_all(b"</w:p></w:tc>")
}

/// One line of the code tree: an item of Word's bulleted or numbered list at the line's level
/// (real numbering levels, so Word's list tools and "Increase indent" work), or a heading
/// "Heading `top`"… (`top` is 2 under a section's "Heading 1", as in the appendix, and 1 when the
/// tree is the whole document under its title), so the navigation pane and a table of contents
/// show the tree. Top-level names are bold in lists; the detail (counts) is never bold.
fn tree_paragraph(l: &TreeLine, style: TreeStyle, top: usize) -> Paragraph {
    let level = l.level.min(8);
    let bold = l.level == 0;
    let p = match style {
        TreeStyle::Bullets => Paragraph::new().numbering(NumberingId::new(BULLETS), IndentLevel::new(level)),
        TreeStyle::Numbered => Paragraph::new().numbering(NumberingId::new(NUMBERS), IndentLevel::new(level)),
        TreeStyle::Headings => Paragraph::new().style(&format!("Heading{}", (level + top).min(9))).keep_next(true),
    };
    let mut p = add_text(p, &l.name, |r| if bold && style != TreeStyle::Headings { r.bold() } else { r });
    if !l.detail.is_empty() {
        p = p.add_run(Run::new().disable_bold().add_text(format!(" {}", l.detail)));
    }
    p
}

/// Numbering ids of the code tree's lists (docx-rs reserves 1 for its default list).
const BULLETS: usize = 2;
const NUMBERS: usize = 3;

/// The bulleted (•, ○, ▪ by level) and the numbered list (1., 1.1., 1.1.1.), nine levels each,
/// indented 0.63 cm a level with the text hanging after the mark, as Word's own lists.
fn tree_numbering(doc: Docx) -> Docx {
    let indent =
        |lvl: usize, hang: i32| (Some(360 * (lvl as i32 + 1) + hang - 360), Some(SpecialIndentType::Hanging(hang)));
    let mut bullets = AbstractNumbering::new(BULLETS);
    let mut numbers = AbstractNumbering::new(NUMBERS);
    for lvl in 0..9 {
        let mark = ["•", "○", "▪"][lvl % 3];
        let (left, hang) = indent(lvl, 360);
        bullets = bullets.add_level(
            Level::new(lvl, Start::new(1), NumberFormat::new("bullet"), LevelText::new(mark), LevelJc::new("left"))
                .indent(left, hang, None, None),
        );
        let text: String = (1..=lvl + 1).map(|n| format!("%{n}.")).collect();
        let (left, hang) = indent(lvl, 360 + 200 * lvl as i32);
        numbers = numbers.add_level(
            Level::new(lvl, Start::new(1), NumberFormat::new("decimal"), LevelText::new(text), LevelJc::new("left"))
                .indent(left, hang, None, None),
        );
    }
    doc.add_abstract_numbering(bullets)
        .add_abstract_numbering(numbers)
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .add_numbering(Numbering::new(NUMBERS, NUMBERS))
}

/// Style ids (Word's built-in names, so Word's navigation, table of contents and caption
/// numbering recognise them).
const TABLE_STYLE: &str = "WerkbankTable";

fn styles(doc: Docx) -> Docx {
    let font = RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri").east_asia("Calibri");
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .color("1F3864")
            .fonts(font.clone())
            .outline_lvl(level)
    };
    let border = |p| TableBorder::new(p).size(4).color("808080");
    let borders = TableBorders::with_empty()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let doc = doc
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .size(36)
                .fonts(font.clone()),
        )
        .add_style(heading("Heading1", "heading 1", 28, 0))
        .add_style(heading("Heading2", "heading 2", 24, 1));
    // Deeper headings for a code tree printed as headings (Heading 3 to 9).
    let doc =
        (3..=9).fold(doc, |d, n| d.add_style(heading(&format!("Heading{n}"), &format!("heading {n}"), 22, n - 1)));
    doc.add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .italic()
            .size(18)
            .color("44546A"),
    )
    .add_style(Style::new(TABLE_STYLE, StyleType::Table).name("Werkbank table").set_borders(borders))
}

/// "Tabel 3: title" in the Caption style, the number a `SEQ` field Word renumbers.
fn caption(word: &str, n: usize, title: &str) -> Paragraph {
    numbered_caption(word, n, "", if title.is_empty() { String::new() } else { format!(": {title}") })
}

/// "Tabel 3 (vervolg)" under a table's second and later column blocks ([`column_blocks`]): the
/// number a `SEQ … \c` field, which repeats the table's number rather than counting a new table.
fn continued(word: &str, n: usize, continued: &str) -> Paragraph {
    numbered_caption(word, n, "\\c ", format!(" {continued}"))
}

/// "{word} {n}{tail}" in the Caption style, `n` the result of a `SEQ {word}` field with
/// `switches` before its number format.
fn numbered_caption(word: &str, n: usize, switches: &str, tail: String) -> Paragraph {
    Paragraph::new()
        .style("Caption")
        .add_run(Run::new().add_text(format!("{word} ")))
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::Unsupported(format!(" SEQ {word} {switches}\\* ARABIC "))))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text(n.to_string()))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
        .add_run(Run::new().add_text(tail))
}

/// Where table `n` stands in docx-rs's document: a paragraph holding only `TABLE_MARK n
/// TABLE_MARK`, replaced by the table as document.xml is zipped ([`zip_with_tables`]). U+0001 can
/// be in no user text (every text is made XML-safe first), so no heading or quote is taken for a
/// table.
const TABLE_MARK: char = '\u{1}';

fn table_placeholder(n: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(format!("{TABLE_MARK}{n}{TABLE_MARK}")))
}

/// An A4 landscape page (width, height) in twips.
const LANDSCAPE_PAGE: (u32, u32) = (16838, 11906);

/// Section `s` on an A4 page, landscape when `landscape` (else docx-rs's default portrait).
fn page(s: Section, landscape: bool) -> Section {
    if landscape {
        s.page_size(PageSize::new().size(LANDSCAPE_PAGE.0, LANDSCAPE_PAGE.1))
            .page_orient(PageOrientationType::Landscape)
    } else {
        s
    }
}

/// The document as `.docx` bytes, captions in Dutch ("Tabel N").
pub fn docx_bytes(title: &str, blocks: &[Block]) -> Result<Vec<u8>, ExportError> {
    docx_bytes_in(title, blocks, Lang::Nl)
}

/// The document as `.docx` bytes, captions and properties in `lang`.
pub fn docx_bytes_in(title: &str, blocks: &[Block], lang: Lang) -> Result<Vec<u8>, ExportError> {
    // docx-rs escapes `<&>` but passes control characters through, which makes document.xml
    // invalid: every text goes through the one XML clean-up first (a table's as it is written).
    let safe = |s: &str| xml_safe(s).into_owned();
    let title = &safe(title);
    // Documents show tables without their spreadsheet-only columns (paths, levels, kinds).
    let tables: Vec<Cow<Table>> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if t.sheet_only.is_empty() => Some(Cow::Borrowed(t)),
            Block::Table(t) => Some(Cow::Owned(t.for_document())),
            _ => None,
        })
        .collect();
    let measured: Vec<Ems> = tables.iter().map(|t| Ems::new(t, lang)).collect();
    let split: Vec<Vec<Vec<usize>>> = (tables.iter().zip(&measured))
        .map(|(t, m)| {
            let starts: Vec<usize> = group_runs(t, &(0..t.columns()).collect::<Vec<_>>()).iter().map(|r| r.0).collect();
            column_blocks(m, &starts)
        })
        .collect();
    // A table printed in column blocks is too wide for any page: its blocks go landscape.
    let wide: Vec<bool> = measured.iter().zip(&split).map(|(m, b)| b.len() > 1 || turns_the_page(m)).collect();
    let landscape = landscape_blocks(blocks, &wide);
    let font = RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri").east_asia("Calibri");
    let mut doc = tree_numbering(styles(Docx::new().default_size(22).default_fonts(font)));
    let word = super::Label::Table.text(lang);
    // The tables as printed, one per placeholder; the number of tables so far.
    let mut pieces: Vec<Piece> = Vec::with_capacity(tables.len());
    let mut numbered = 0;
    // The body's paragraphs in order, each on a landscape page or not.
    let mut parts: Vec<(bool, Paragraph)> = Vec::new();
    parts.push((landscape.first().copied().unwrap_or(false), add_text(Paragraph::new().style("Title"), title, |r| r)));
    let mut under_heading = false;
    for (b, &landscape) in blocks.iter().zip(&landscape) {
        let mut add = |p| parts.push((landscape, p));
        match b {
            Block::Heading(h) => {
                add(add_text(Paragraph::new().style("Heading1").keep_next(true), &safe(h), |r| r));
                under_heading = true;
            }
            Block::Paragraph(p) => add(add_text(Paragraph::new(), &safe(p), |r| r)),
            Block::Table(_) => {
                let (i, t) = (numbered, &tables[numbered]);
                numbered += 1;
                // A filtered table says so above it, where the reader starts (the caption stays
                // below, as theses print it).
                if !t.note.is_empty() {
                    add(Paragraph::new().style("Caption").keep_next(true).add_run(Run::new().add_text(safe(&t.note))));
                }
                let total = if landscape { LANDSCAPE } else { PORTRAIT };
                // The blocks of a split table share one font size: the largest every block fits.
                let blocks: Vec<Ems> = split[i].iter().map(|cols| measured[i].columns(cols)).collect();
                let shared = (blocks.len() > 1)
                    .then(|| blocks.iter().filter_map(|e| fitting_rank(e, total)).max().map(|r| CANDIDATES[r]))
                    .flatten();
                for (b, (cols, ems)) in split[i].iter().zip(blocks).enumerate() {
                    let (size, widths) = shared.map_or_else(|| layout(&ems, total), |fit| layout_at(&ems, total, fit));
                    add(table_placeholder(pieces.len()));
                    pieces.push(Piece { table: i, cols: cols.clone(), ems, size, widths });
                    add(if b == 0 {
                        caption(word, numbered, &safe(&t.title))
                    } else {
                        continued(word, numbered, super::Label::Continued.text(lang))
                    });
                    add(Paragraph::new());
                }
            }
            Block::CodeTree(lines, style) => {
                for l in lines {
                    let l = TreeLine { level: l.level, name: safe(&l.name), detail: safe(&l.detail) };
                    add(tree_paragraph(&l, *style, if under_heading { 2 } else { 1 }));
                }
            }
            Block::Svg(_) => {}
        }
    }
    // Word closes each section but the last with a `w:sectPr` in its last paragraph (docx-rs's
    // `Section`); the last section's page is the document's own.
    let last = parts.last().is_some_and(|(l, _)| *l);
    let tail = parts.iter().rev().take_while(|(l, _)| *l == last).count();
    let body = parts.split_off(parts.len() - tail);
    let mut section: Option<(bool, Section)> = None;
    for (landscape, p) in parts {
        let (turned, s) = match section.take() {
            Some((turned, s)) if turned == landscape => (turned, s),
            Some((turned, s)) => {
                doc = doc.add_section(page(s, turned));
                (landscape, Section::new())
            }
            None => (landscape, Section::new()),
        };
        section = Some((turned, s.add_paragraph(p)));
    }
    if let Some((turned, s)) = section {
        doc = doc.add_section(page(s, turned));
    }
    for (_, p) in body {
        doc = doc.add_paragraph(p);
    }
    if last {
        doc = doc.page_size(LANDSCAPE_PAGE.0, LANDSCAPE_PAGE.1).page_orient(PageOrientationType::Landscape);
    }
    let mut xml = doc.build();
    let document = mark_rtl_runs(&std::mem::take(&mut xml.document));
    xml.doc_props.core = core_properties(title, lang);
    let mut packed = std::io::Cursor::new(Vec::new());
    xml.pack(&mut packed).map_err(|e| ExportError::Docx(e.to_string()))?;
    let write = |out: &mut dyn Write, n: usize| match pieces.get(n) {
        Some(p) => write_table(out, &tables[p.table], p, lang),
        None => Err(std::io::Error::other(format!("no table {n}"))),
    };
    zip_with_tables(&packed.into_inner(), &document, &write).map_err(|e| ExportError::Docx(e.to_string()))
}

/// docx-rs's package `packed` with `document` as its document.xml, each table placeholder
/// ([`TABLE_MARK`]) replaced by the table `write` writes. The other parts are copied as they are;
/// document.xml is compressed (docx-rs stores it as is, 2 KB a table row).
fn zip_with_tables(
    packed: &[u8],
    document: &[u8],
    write: &dyn Fn(&mut dyn Write, usize) -> std::io::Result<()>,
) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(packed))?;
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let part = from.by_index_raw(i)?;
        if part.name() != "word/document.xml" {
            to.raw_copy_file(part)?;
            continue;
        }
        drop(part);
        to.start_file("word/document.xml", SimpleFileOptions::default())?;
        let mut out = std::io::BufWriter::new(&mut to);
        let mut rest = document;
        let mark = TABLE_MARK.to_string();
        while let Some(at) = find(rest, mark.as_bytes()) {
            // `mark n mark`, in a paragraph of its own: from its `<w:p` to its `</w:p>`.
            let digits = rest[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            let n = std::str::from_utf8(&rest[at + 1..at + 1 + digits]).ok().and_then(|d| d.parse().ok());
            let (Some(n), Some(start), Some(end)) = (
                n.filter(|_| rest.get(at + 1 + digits) == Some(&mark.as_bytes()[0])),
                rfind(&rest[..at], b"<w:p ").or_else(|| rfind(&rest[..at], b"<w:p>")),
                find(&rest[at..], b"</w:p>"),
            ) else {
                return Err(std::io::Error::other("a table placeholder without its paragraph").into());
            };
            out.write_all(&rest[..start])?;
            write(&mut out, n)?;
            rest = &rest[at + end + b"</w:p>".len()..];
        }
        out.write_all(rest)?;
        out.flush()?;
    }
    Ok(to.finish()?.into_inner())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// `docProps/core.xml` with the title, "Werkbank" as creator and the time of writing (docx-rs
/// would write 1970-01-01 by "unknown").
fn core_properties(title: &str, lang: Lang) -> Vec<u8> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let language = lang.locale();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{t}</dc:title><dc:creator>Werkbank</dc:creator><cp:lastModifiedBy>Werkbank</cp:lastModifiedBy><dc:language>{language}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>"#,
        t = super::escape_xml(title)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn document_xml(bytes: &[u8]) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// The `<w:p>` element holding `text`.
    fn paragraph_with<'a>(xml: &'a str, text: &str) -> &'a str {
        let at = xml.find(text).unwrap_or_else(|| panic!("{text:?} not in the document"));
        let start = xml[..at].rfind("<w:p>").or_else(|| xml[..at].rfind("<w:p ")).unwrap();
        let end = at + xml[at..].find("</w:p>").unwrap();
        &xml[start..end]
    }

    #[test]
    fn arabic_and_hebrew_quotes_are_right_to_left_paragraphs_with_rtl_runs() {
        let mut t = Table::new("Citaten", vec!["Code".into(), "Citaat".into()]);
        t.rows.push(vec![Cell::Text("الخدمات الرقمية".into()), Cell::Text("בשבילי השירות הדיגיטלי".into())]);
        let blocks = vec![
            Block::Paragraph("R3: بالنسبة لي، الخدمات الرقمية مفيدة".into()),
            Block::Paragraph("Dus de 2 formulieren (het woord was \"استمارة\") waren te moeilijk?".into()),
            Block::Paragraph("Gewoon Nederlands.".into()),
            Block::Table(t),
        ];
        let xml = document_xml(&docx_bytes("Meertalig", &blocks).unwrap());
        assert!(!xml.contains(RTL_MARK), "placeholder style left in the document");
        // The Arabic answer: a right-to-left paragraph; its Arabic letters in rtl runs, "R3:" not.
        let p = paragraph_with(&xml, "بالنسبة");
        assert!(p.contains("<w:bidi />"), "{p}");
        let arabic_run = &p[p[..p.find("بالنسبة").unwrap()].rfind("<w:r>").unwrap()..];
        assert!(arabic_run[..arabic_run.find("</w:r>").unwrap()].contains("<w:rtl />"), "{p}");
        let tag_run = &p[p[..p.find("R3:").unwrap()].rfind("<w:r>").unwrap()..p.find("R3:").unwrap()];
        assert!(!tag_run.contains("<w:rtl />"), "{p}");
        // The Dutch question quoting an Arabic word: a left-to-right paragraph, the word rtl.
        let p = paragraph_with(&xml, "formulieren");
        assert!(!p.contains("<w:bidi />") && p.contains("<w:rtl />"), "{p}");
        assert!(!paragraph_with(&xml, "Gewoon Nederlands.").contains("<w:rtl />"));
        // Table cells too: the Hebrew quote and the Arabic code name.
        for text in ["בשבילי", "الخدمات الرقمية"] {
            let p = paragraph_with(&xml, text);
            assert!(p.contains("<w:bidi />") && p.contains("<w:rtl />"), "{text}: {p}");
        }
    }

    #[test]
    fn a_heading_that_spells_a_table_placeholder_stays_a_heading_beside_the_real_table() {
        let mut t = Table::new("Codes", vec!["Code".into(), "Coderingen".into()]);
        t.rows.push(vec![Cell::Text("Vertrouwen".into()), Cell::Int(3)]);
        let blocks = vec![Block::Heading("Kop \u{1}0\u{1} uit Word".into()), Block::Table(t)];
        let xml = document_xml(&docx_bytes("Plakwerk", &blocks).unwrap());
        assert!(paragraph_with(&xml, "uit Word").contains("Kop \u{fffd}0\u{fffd} uit Word"), "{xml}");
        assert_eq!(xml.matches("<w:tbl>").count(), 1, "{xml}");
        assert!(paragraph_with(&xml, "Vertrouwen").contains("<w:sz w:val="), "{xml}");
    }

    /// `word` with `-` at each break [`syllable_breaks`] finds.
    fn syllables(word: &str, lang: Lang) -> String {
        let mut out = word.to_string();
        for at in syllable_breaks(word, lang).into_iter().rev() {
            out.insert(at, '-');
        }
        out
    }

    #[test]
    fn dutch_header_words_break_at_their_syllables_and_names_not_at_all() {
        let nl = |w: &str| syllables(w, Lang::Nl);
        assert_eq!(nl("overeenstemming"), "over-een-stem-ming");
        assert_eq!(nl("Respondenten"), "Res-pon-den-ten");
        assert_eq!(nl("Coderingen"), "Co-de-rin-gen");
        assert_eq!(nl("Documenten"), "Do-cu-men-ten");
        assert_eq!(nl("Voorbeeldcitaat"), "Voor-beeld-ci-taat");
        assert_eq!(nl("Verschillende"), "Ver-schil-lende", "three letters at least after a break");
        assert_eq!(nl("Eenheden"), "Een-he-den");
        assert_eq!(nl("Respondentlabels"), "Res-pon-dent-la-bels");
        assert_eq!(nl("(segmentering)"), "(seg-men-te-ring)");
        assert_eq!(nl("Code"), "Code");
        assert_eq!(nl("Codeur"), "Codeur", "a word of six letters stays whole");
        for name in ["Krippendorffs", "Cohens", "Brennan-", "Prediger", "Fleiss'", "Krippendorff's", "Cohen's"] {
            assert_eq!(nl(name), name, "a name is never broken");
            assert_eq!(best_break(name, Lang::Nl), None);
        }
    }

    #[test]
    fn english_header_words_break_at_their_syllables() {
        let en = |w: &str| syllables(w, Lang::En);
        assert_eq!(en("Respondents"), "Re-spon-dents");
        assert_eq!(en("agreement"), "agree-ment");
        assert_eq!(en("(unitizing)"), "(uni-tiz-ing)");
        assert_eq!(en("Frequencies"), "Fre-quen-cies");
        assert_eq!(en("Documents"), "Doc-u-ments");
        assert_eq!(en("Codings"), "Cod-ings");
        assert_eq!(en("Coders"), "Coders");
        assert_eq!(en("Krippendorff's"), "Krippendorff's");
    }

    #[test]
    fn long_header_words_break_at_their_best_syllable_only_when_their_column_is_too_narrow() {
        let wide = room("Coderingen (eigen)", 18, true);
        assert_eq!(soft_hyphens("Coderingen (eigen)", wide, 18, Lang::Nl), "Coderingen (eigen)");
        let narrow = room("(eigen)", 18, true);
        // Broken once, at the syllable that fits best, where that fits; else at every syllable.
        assert_eq!(soft_hyphens("Coderingen (eigen)", narrow, 18, Lang::Nl), "Code\u{ad}ringen (eigen)");
        let half = room("overeen-", 18, true).max(room("stemming", 18, true));
        assert_eq!(soft_hyphens("% overeenstemming", half, 18, Lang::Nl), "% overeen\u{ad}stemming");
        assert_eq!(soft_hyphens("Coderingen", room("Co-", 18, true), 18, Lang::Nl), "Co\u{ad}de\u{ad}rin\u{ad}gen");
        // A name stays whole in any column, and the column is measured as wide as the name.
        let thin = room("α", 18, true);
        assert_eq!(soft_hyphens("Krippendorffs α", thin, 18, Lang::Nl), "Krippendorffs α");
        let t = Table::new("κ", vec!["Code".into(), "Krippendorffs α".into()]);
        let m = Ems::new(&t, Lang::Nl).at(18);
        assert_eq!(m.split[1], room("Krippendorffs", 18, true));
    }

    #[test]
    fn a_header_breaks_after_its_own_hyphen_rather_than_inside_a_word() {
        let t = Table::new("κ", vec!["Code".into(), "Brennan-Prediger κ".into()]);
        let m = Ems::new(&t, Lang::Nl).at(20);
        let piece = room("Brennan-", 20, true).max(room("Prediger", 20, true));
        assert_eq!(m.head[1], piece, "the longest unbreakable piece is one side of the hyphen");
        assert!(m.split[1] <= piece);
    }

    #[test]
    fn a_table_of_narrow_numbers_under_long_headers_stays_portrait() {
        let mut t = Table::new(
            "Respondentenoverzicht",
            ["Respondent", "functie", "organisatie", "Documenten", "Coderingen", "Codes"].map(String::from).to_vec(),
        );
        for (r, f, o) in [("A1", "informatieadviseur", "Gemeente Utrecht"), ("M2", "beleidsmedewerker", "Provincie")] {
            t.rows.push(vec![
                Cell::text(r),
                Cell::text(f),
                Cell::text(o),
                Cell::text(format!("Interview {r}")),
                Cell::int(12),
                Cell::int(7),
            ]);
        }
        let ems = Ems::new(&t, Lang::Nl);
        assert!(!turns_the_page(&ems));
        let (size, widths) = layout(&ems, PORTRAIT);
        assert!(widths.iter().sum::<usize>() <= PORTRAIT, "{widths:?}");
        assert!(size >= SIZES[1], "at least 9 pt: {size}");
        // The text columns keep their longest word; the number columns are narrower than text.
        let m = ems.at(size);
        for j in 0..4 {
            assert!(widths[j] >= m.body[j], "column {j}: {widths:?} {:?}", m.body);
        }
        assert!(widths[5] < widths[1], "{widths:?}");
        assert_eq!(t.numeric_columns(), [false, false, false, false, true, true]);
    }

    #[test]
    fn the_room_beside_number_columns_goes_to_the_code_paths_first() {
        // The agreement table: two coder columns, the code path, ten columns of numbers and
        // dashes under long headers ("Krippendorffs α (segmentering)").
        let headers = [
            "Codeur A",
            "Codeur B",
            "Code",
            "Eenheden",
            "a",
            "b",
            "c",
            "d",
            "% overeenstemming",
            "Cohens κ",
            "Brennan-Prediger κ",
            "Krippendorffs α",
            "Krippendorffs α (segmentering)",
        ];
        let mut t = Table::new("Intercodeursbetrouwbaarheid", headers.map(String::from).to_vec());
        for path in [
            "Publieke waarden > Inventarisering publieke waarden > (Im)materiele waarden",
            "Waardengedreven digitaliseren > In kaart brengen conflicten > Incommensurabel",
            "Alle codes (gepoold)",
        ] {
            let mut row = vec![Cell::text("A"), Cell::text("B"), Cell::text(path)];
            row.extend([18, 18, 0, 0, 0].map(Cell::int));
            row.extend([Cell::Float(100.0), Cell::text("–"), Cell::Float(-0.33), Cell::text("–"), Cell::text("–")]);
            t.rows.push(row);
        }
        let ems = Ems::new(&t, Lang::Nl);
        assert!(turns_the_page(&ems));
        let (size, widths) = layout(&ems, LANDSCAPE);
        let m = ems.at(size);
        assert!(widths.iter().sum::<usize>() <= LANDSCAPE);
        // The names of the statistics stay whole ("Krippendorffs" is as wide as its column's
        // figures need four times over); the path column gets what is left, enough for its longest
        // line in three (it had its longest word only, and the paths wrapped over five lines); no
        // number column gets more than its header's longest word.
        for (j, name) in [(9, "Cohens"), (10, "Prediger"), (11, "Krippendorffs"), (12, "Krippendorffs")] {
            assert!(widths[j] >= room(name, size, true), "column {j}: {name} is never split: {widths:?}");
        }
        assert!(widths[2] * 3 >= m.line[2] + 2 * CELL_PAD, "{size} {widths:?} {:?}", m.line);
        for j in 3..13 {
            assert!(!m.text[j] && widths[j] <= m.head[j].max(m.body[j]), "column {j}: {widths:?}");
        }
        // Every column keeps its longest word whole.
        for j in 0..13 {
            assert!(widths[j] >= m.body[j], "column {j}: {widths:?}");
        }
    }

    #[test]
    fn a_column_of_figures_with_dashes_for_missing_ones_is_right_aligned() {
        let mut t = Table::new("κ", ["Code", "Eenheden", "Cohens κ", "Positie"].map(String::from).to_vec());
        t.rows.push(vec![Cell::text("Vertrouwen"), Cell::int(4), Cell::text("–"), Cell::text("Regel 3")]);
        t.rows.push(vec![Cell::text("Overleg"), Cell::int(2), Cell::Float(0.5), Cell::text("Regel 9")]);
        let xml = document_xml(&docx_bytes("Overeenstemming", &[Block::Table(t)]).unwrap());
        let right = |text: &str| paragraph_with(&xml, text).contains("<w:jc w:val=\"right\" />");
        assert!(right("Eenheden") && right("Cohens κ") && right("–") && right("0,50"), "{xml}");
        assert!(!right("Code") && !right("Vertrouwen") && !right("Positie") && !right("Regel 3"), "{xml}");
    }

    /// A code × respondent matrix of `n` respondents (A1, M2, P3, …) and a total.
    fn matrix(n: usize) -> Table {
        let mut headers = vec!["Code".to_string()];
        headers.extend((1..=n).map(|i| format!("{}{i}", ["A", "M", "P", "O"][(i - 1) % 4])));
        headers.push("Totaal".into());
        let mut t = Table::new("Coderingen per respondent", headers);
        for (name, depth) in [("Publieke waarden", 0), ("Inventarisering publieke waarden", 1), ("Proceswaarden", 2)] {
            let mut row = vec![Cell::text(name)];
            row.extend((0..n).map(|i| Cell::int(i % 3)));
            row.push(Cell::int(n));
            t.rows.push(row);
            t.indent.push(depth);
        }
        t
    }

    #[test]
    fn a_matrix_too_wide_for_a_landscape_page_splits_into_even_blocks_that_repeat_the_code_column() {
        let ems = Ems::new(&matrix(17), Lang::Nl);
        assert_eq!(column_blocks(&ems, &[]), vec![(0..19).collect::<Vec<usize>>()], "17 respondents fit one page");
        let ems = Ems::new(&matrix(30), Lang::Nl);
        assert_eq!(fitting(&ems, LANDSCAPE), None, "30 respondents fit no page whole");
        let blocks = column_blocks(&ems, &[]);
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        let mut seen: Vec<usize> = Vec::new();
        for cols in &blocks {
            assert_eq!(cols[0], 0, "every block starts with the code column");
            assert!(fitting(&ems.columns(cols), LANDSCAPE).is_some(), "{cols:?}");
            seen.extend(&cols[1..]);
        }
        assert_eq!(seen, (1..32).collect::<Vec<_>>(), "every other column once, in order");
        assert!(blocks[0].len().abs_diff(blocks[1].len()) <= 1, "{blocks:?}");
        // A table that is no code table keeps its rows whole.
        let flat = Table { indent: Vec::new(), ..matrix(30) };
        assert_eq!(column_blocks(&Ems::new(&flat, Lang::Nl), &[]).len(), 1);
    }

    #[test]
    fn a_table_of_column_groups_splits_where_a_group_begins() {
        // Per coder: codings, respondents and documents, each over six coders and their total.
        let coders = ["Annemarie", "Bartholomeus", "Christiaan", "Dorothea", "Evelien", "Frederique", "Totaal"];
        let mut t = Table::new("Codefrequenties per codeur", vec!["Code".into()]);
        t.header_groups.push((String::new(), "Code".into()));
        for group in ["Coderingen", "Respondenten", "Documenten"] {
            for c in coders {
                t.headers.push(format!("{c}: {group}"));
                t.header_groups.push((group.into(), c.into()));
            }
        }
        for (name, depth) in [("Publieke waarden", 0), ("Inventarisering publieke waarden", 1)] {
            t.rows.push(std::iter::once(Cell::text(name)).chain((0..21).map(Cell::int)).collect());
            t.indent.push(depth);
        }
        let ems = Ems::new(&t, Lang::Nl);
        let starts: Vec<usize> = group_runs(&t, &(0..22).collect::<Vec<_>>()).iter().map(|r| r.0).collect();
        assert_eq!(starts, [1, 8, 15]);
        let blocks = column_blocks(&ems, &starts);
        assert!(blocks.len() > 1, "{blocks:?}");
        for cols in &blocks {
            assert!(starts.contains(&cols[1]), "a block begins mid-group: {blocks:?}");
        }
    }

    #[test]
    fn level_off_meets_the_largest_need_first() {
        assert_eq!(level_off(&[3700, 400, 400], 2800), vec![2800, 0, 0]);
        assert_eq!(level_off(&[1000, 800, 100], 600), vec![400, 200, 0]);
        assert_eq!(level_off(&[10, 20], 100), vec![10, 20]);
        assert!(level_off(&[7, 7, 7], 10).iter().sum::<usize>() <= 10);
    }

    #[test]
    fn direction_runs_split_where_the_script_changes() {
        assert_eq!(
            direction_runs("was \"استمارة\") waren"),
            vec![("was \"", false), ("استمارة\") ", true), ("waren", false)]
        );
        assert_eq!(direction_runs("alleen Nederlands"), vec![("alleen Nederlands", false)]);
    }
}
