//! The transcript's layout when it holds right-to-left text (Arabic, Hebrew, Persian, Urdu).
//!
//! egui 0.37 places every run left to right in logical order and miscounts glyphs of reversed
//! runs (see [`crate::core::bidi`]), so a transcript with right-to-left text is laid out twice:
//! 1. **wrapping**: the logical text, Arabic letters already in their joining forms and each
//!    right-to-left character shaped on its own (one glyph per character, so egui's counts
//!    hold), wrapped at the column width: this gives the lines;
//! 2. **display**: each line in visual order ([`crate::core::bidi::Paragraph::visual_line`]), one
//!    line per row, no wrapping; rows of right-to-left paragraphs are then moved to the right
//!    edge.
//!
//! The display text is what the read-only text field holds and what its cursor counts in;
//! [`BidiView`] maps it back to logical offsets, which is all the rest of the app sees.

use crate::core::bidi::{self, Paragraph};
use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Galley, Ui};
use std::ops::Range;
use std::sync::Arc;

/// One display character: the logical characters it stands for and its direction.
#[derive(Debug, Clone, Copy)]
struct Cell {
    start: u32,
    end: u32,
    rtl: bool,
    /// The row's end: a `\n` of the text or one added where a line wraps.
    newline: bool,
}

/// The display text of a transcript with right-to-left paragraphs and its map to logical offsets.
#[derive(Debug, Clone, Default)]
pub struct BidiView {
    /// What is drawn (and what the text field holds): lines in visual order, one per row.
    pub display: Arc<str>,
    cells: Vec<Cell>,
    /// Display index of each logical character's glyph (and the text's end).
    to_display: Vec<u32>,
    /// Logical start of each row.
    pub row_starts: Vec<usize>,
    /// Display start of each row.
    display_starts: Vec<usize>,
}

/// Whether a text needs this layout.
pub fn needed(text: &str) -> bool {
    bidi::has_rtl(text)
}

/// The formats of the text: speaker labels (logical char ranges, sorted) and the body.
pub struct Formats<'a> {
    pub body: &'a TextFormat,
    pub label: &'a TextFormat,
    pub labels: &'a [(usize, usize)],
}

impl Formats<'_> {
    /// The format at logical char `at` and where it stops applying.
    fn at(&self, at: usize) -> (&TextFormat, usize) {
        let i = self.labels.partition_point(|l| l.1 <= at);
        match self.labels.get(i) {
            Some(&(s, e)) if s <= at => (self.label, e),
            Some(&(s, _)) => (self.body, s),
            None => (self.body, usize::MAX),
        }
    }
}

/// Adds `text` (standing for logical chars from `logical`) to `job` as sections cut at format
/// changes (`one_char`: the text is a single piece, never cut).
fn push(job: &mut LayoutJob, text: &str, logical: usize, one_char: bool, formats: &Formats) {
    let mut rest = text;
    let mut at = logical;
    while !rest.is_empty() {
        let (format, until) = formats.at(at);
        let n = if one_char { usize::MAX } else { until.saturating_sub(at).max(1) };
        let b = rest.char_indices().nth(n).map_or(rest.len(), |(b, _)| b);
        let start = job.text.len();
        job.text.push_str(&rest[..b]);
        job.sections.push(LayoutSection {
            leading_space: 0.0,
            byte_range: ByteIndex(start)..ByteIndex(job.text.len()),
            format: format.clone(),
        });
        at += rest[..b].chars().count();
        rest = &rest[b..];
    }
}

/// Lays out `text` at `wrap_width`: the display galley and its map.
pub fn layout(ui: &Ui, text: &str, formats: &Formats, wrap_width: f32) -> (Arc<Galley>, BidiView) {
    let paragraphs: Vec<(usize, &str)> = {
        let mut out = Vec::new();
        let mut at = 0;
        for p in text.split('\n') {
            out.push((at, p));
            at += p.chars().count() + 1;
        }
        out
    };
    let prepared: Vec<Option<Paragraph>> =
        paragraphs.iter().map(|(_, p)| bidi::has_rtl(p).then(|| Paragraph::new(p))).collect();

    // 1. Wrapping: logical order, joining forms, one section per right-to-left character.
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    for (k, ((at, p), prep)) in paragraphs.iter().zip(&prepared).enumerate() {
        if k > 0 {
            push(&mut job, "\n", at - 1, true, formats);
        }
        match prep {
            None => push(&mut job, p, *at, false, formats),
            Some(par) => {
                let mut plain = String::new();
                let mut plain_at = *at;
                for (i, c) in p.chars().enumerate() {
                    if bidi::is_rtl_char(c) || ('\u{0600}'..='\u{06FF}').contains(&c) {
                        if !plain.is_empty() {
                            push(&mut job, &plain, plain_at, false, formats);
                            plain.clear();
                        }
                        let mut s = String::new();
                        s.push(par.wrapping_form(i));
                        push(&mut job, &s, at + i, true, formats);
                        plain_at = at + i + 1;
                    } else {
                        plain.push(c);
                    }
                }
                if !plain.is_empty() {
                    push(&mut job, &plain, plain_at, false, formats);
                }
            }
        }
    }
    let wrapped = ui.fonts_mut(|f| f.layout_job(job));
    let mut row_starts = Vec::with_capacity(wrapped.rows.len());
    let mut c = 0usize;
    for row in &wrapped.rows {
        row_starts.push(c);
        c += row.char_count_including_newline().0;
    }

    // 2. Display: each row in visual order.
    let mut job = LayoutJob::default();
    job.wrap.max_width = f32::INFINITY;
    let total = text.chars().count();
    let mut cells: Vec<Cell> = Vec::with_capacity(total + wrapped.rows.len());
    let mut rtl_rows: Vec<bool> = Vec::with_capacity(wrapped.rows.len());
    let mut display_starts = Vec::with_capacity(wrapped.rows.len());
    let mut par = 0usize;
    for (ri, row) in wrapped.rows.iter().enumerate() {
        let rs = row_starts[ri];
        let re = rs + row.row.char_count_excluding_newline().0;
        while par + 1 < paragraphs.len() && paragraphs[par + 1].0 <= rs {
            par += 1;
        }
        let (pat, ptext) = paragraphs[par];
        display_starts.push(cells.len());
        match &prepared[par] {
            None => {
                let b0 = char_byte(ptext, rs - pat);
                let b1 = char_byte(ptext, re - pat);
                push(&mut job, &ptext[b0..b1], rs, false, formats);
                cells.extend((rs..re).map(|i| Cell { start: i as u32, end: i as u32 + 1, rtl: false, newline: false }));
                rtl_rows.push(false);
            }
            Some(p) => {
                for u in p.visual_line(rs - pat..re - pat) {
                    let logical = u.logical.start + pat..u.logical.end + pat;
                    push(&mut job, &u.text, logical.start, u.rtl, formats);
                    let n = u.text.chars().count();
                    if u.rtl || n != logical.len() {
                        cells.extend((0..n).map(|_| Cell {
                            start: logical.start as u32,
                            end: logical.end as u32,
                            rtl: u.rtl,
                            newline: false,
                        }));
                    } else {
                        cells.extend(logical.map(|i| Cell {
                            start: i as u32,
                            end: i as u32 + 1,
                            rtl: false,
                            newline: false,
                        }));
                    }
                }
                rtl_rows.push(p.rtl());
            }
        }
        if ri + 1 < wrapped.rows.len() {
            // The row's end: the text's own newline, or one where the line wrapped.
            let end = if row.ends_with_newline { re + 1 } else { re };
            push(&mut job, "\n", re, true, formats);
            cells.push(Cell { start: re as u32, end: end as u32, rtl: false, newline: true });
        }
    }
    let display: Arc<str> = Arc::from(job.text.as_str());
    let mut galley = ui.fonts_mut(|f| f.layout_job(job));
    // Right-to-left paragraphs: their rows against the right edge.
    {
        let g = Arc::make_mut(&mut galley);
        let ppp = g.pixels_per_point.max(0.5);
        for (row, &rtl) in g.rows.iter_mut().zip(&rtl_rows) {
            if rtl {
                // On a whole pixel: glyphs between pixels look blurred.
                let x = (wrap_width - row.row.size.x).max(0.0);
                row.pos.x = (x * ppp).floor() / ppp;
            }
        }
        g.rect.max.x = g.rect.max.x.max(wrap_width);
        g.mesh_bounds.max.x = g.mesh_bounds.max.x.max(wrap_width);
    }
    let mut to_display = vec![u32::MAX; total + 1];
    for (d, cell) in cells.iter().enumerate() {
        for i in cell.start..cell.end {
            let slot = &mut to_display[i as usize];
            if *slot == u32::MAX {
                *slot = d as u32;
            }
        }
    }
    // Characters drawn by no glyph (none today) take their neighbour's.
    let mut last = 0;
    for slot in &mut to_display {
        if *slot == u32::MAX {
            *slot = last;
        }
        last = *slot;
    }
    to_display[total] = cells.len() as u32;
    (galley, BidiView { display, cells, to_display, row_starts, display_starts })
}

fn char_byte(s: &str, c: usize) -> usize {
    s.char_indices().nth(c).map_or(s.len(), |(b, _)| b)
}

impl BidiView {
    /// The logical boundary at display caret `d` (before display char `d`): the edge of the
    /// glyph to its right, or of the one to its left at a row's end.
    pub fn boundary(&self, d: usize) -> usize {
        match self.cells.get(d) {
            Some(c) if !c.newline => (if c.rtl { c.end } else { c.start }) as usize,
            _ => match d.checked_sub(1).and_then(|p| self.cells.get(p)) {
                Some(c) if c.newline => c.end as usize,
                Some(c) => (if c.rtl { c.start } else { c.end }) as usize,
                None => 0,
            },
        }
    }

    /// The logical range between two display carets (a drag's anchor and its end).
    pub fn logical_range(&self, a: usize, b: usize) -> (usize, usize) {
        let (x, y) = (self.boundary(a), self.boundary(b));
        (x.min(y), x.max(y))
    }

    /// The display caret at logical boundary `b` (where a selection starting or ending there is
    /// drawn from).
    pub fn caret(&self, b: usize, end_of_range: bool) -> usize {
        let total = self.to_display.len() - 1;
        let cell = |i: usize| {
            let d = self.to_display[i.min(total)] as usize;
            (d, self.cells.get(d).copied())
        };
        // The end edge of char b-1 (a range's end), else the start edge of char b.
        let after_prev = |b: usize| match cell(b - 1) {
            (d, Some(c)) if c.rtl && !c.newline => d,
            (d, _) => d + 1,
        };
        match cell(b) {
            _ if end_of_range && b > 0 => after_prev(b),
            (d, Some(c)) if b < total && !c.newline => {
                if c.rtl {
                    d + 1
                } else {
                    d
                }
            }
            _ if b > 0 => after_prev(b),
            _ => 0,
        }
    }

    /// The logical character whose glyph is display char `d`.
    pub fn logical_at(&self, d: usize) -> usize {
        self.cells.get(d).map_or(self.to_display.len() - 1, |c| c.start as usize)
    }

    /// Display ranges (row, columns) drawing the logical characters `range` on row `row`.
    pub fn row_pieces(&self, row: usize, range: Range<usize>) -> Vec<Range<usize>> {
        let d0 = self.display_starts.get(row).copied().unwrap_or(0);
        let d1 = self.display_starts.get(row + 1).copied().unwrap_or(self.cells.len());
        let mut cols: Vec<usize> = Vec::new();
        for d in d0..d1 {
            let c = self.cells[d];
            if !c.newline && c.start < range.end as u32 && c.end > range.start as u32 {
                cols.push(d - d0);
            }
        }
        let mut out: Vec<Range<usize>> = Vec::new();
        for col in cols {
            match out.last_mut() {
                Some(r) if r.end == col => r.end = col + 1,
                _ => out.push(col..col + 1),
            }
        }
        out
    }

    /// The display column range of logical char `i` on its row (row, columns).
    pub fn glyph_of(&self, i: usize) -> Option<(usize, usize, bool)> {
        let d = *self.to_display.get(i)? as usize;
        let cell = self.cells.get(d)?;
        let row = self.display_starts.partition_point(|&s| s <= d).saturating_sub(1);
        Some((row, d - self.display_starts[row], cell.rtl))
    }
}

/// A one-line label (a code name, a margin label) in visual order with joined Arabic letters, or
/// the plain text when it has no right-to-left letters. `format`'s colour may be
/// [`egui::Color32::PLACEHOLDER`] (the widget's own text colour).
pub fn line_job(text: &str, format: TextFormat) -> LayoutJob {
    let mut job = LayoutJob::default();
    if !needed(text) {
        job.append(text, 0.0, format);
        return job;
    }
    let formats = Formats { body: &format, label: &format, labels: &[] };
    // Leading spaces indent (a tree level in a table): they stay at the left.
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent > 0 {
        push(&mut job, &text[..indent], 0, false, &formats);
    }
    let text = &text[indent..];
    let mut at = indent;
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            push(&mut job, "\n", at - 1, true, &formats);
        }
        let p = Paragraph::new(line);
        for u in p.visual_line(0..p.len()) {
            push(&mut job, &u.text, at + u.logical.start, u.rtl, &formats);
        }
        at += line.chars().count() + 1;
    }
    job
}

/// [`line_job`] as widget text in `style` (strong: the strong text colour).
pub fn label(ui: &Ui, text: &str, style: egui::TextStyle, strong: bool) -> egui::WidgetText {
    if !needed(text) {
        let t = egui::RichText::new(text).text_style(style);
        return if strong { t.strong() } else { t }.into();
    }
    let color = if strong { ui.visuals().strong_text_color() } else { egui::Color32::PLACEHOLDER };
    line_job(text, TextFormat::simple(style.resolve(ui.style()), color)).into()
}

/// A paragraph (a quote) wrapped at `width`, right-to-left paragraphs right-aligned, as widget
/// text; the plain text when it has no right-to-left letters.
pub fn paragraph(ui: &Ui, text: &str, width: f32) -> egui::WidgetText {
    if !needed(text) {
        return text.into();
    }
    let body = TextFormat::simple(egui::TextStyle::Body.resolve(ui.style()), ui.visuals().text_color());
    let formats = Formats { body: &body, label: &body, labels: &[] };
    layout(ui, text, &formats, width.max(40.0)).0.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code name in Arabic is drawn right to left (its first letter rightmost, in its initial
    /// form), each right-to-left letter a section of its own; a Dutch name is one plain section.
    #[test]
    fn labels_are_in_visual_order() {
        let f = TextFormat::default();
        let job = line_job("بيت 2", f.clone());
        assert_eq!(job.text, "2 \u{FE96}\u{FEF4}\u{FE91}");
        assert_eq!(job.sections.len(), 5);
        // A tree level's indentation stays at the left of a right-to-left name.
        let job = line_job("    بيت", f.clone());
        assert_eq!(job.text, "    \u{FE96}\u{FEF4}\u{FE91}");
        let job = line_job("Vertrouwen", f);
        assert_eq!((job.text.as_str(), job.sections.len()), ("Vertrouwen", 1));
    }
}
