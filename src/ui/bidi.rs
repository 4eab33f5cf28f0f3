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

use crate::core::Span;
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
    pub labels: &'a [Span],
}

impl Formats<'_> {
    /// The format at logical char `at` and where it stops applying.
    fn at(&self, at: usize) -> (&TextFormat, usize) {
        let i = self.labels.partition_point(|l| l.end <= at);
        match self.labels.get(i) {
            Some(l) if l.start <= at => (self.label, l.end),
            Some(l) => (self.body, l.start),
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
    pub fn logical_range(&self, a: usize, b: usize) -> Span {
        let (x, y) = (self.boundary(a), self.boundary(b));
        Span::new(x.min(y), x.max(y))
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
    pub fn row_pieces(&self, row: usize, range: Span) -> Vec<Range<usize>> {
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
        let p = Paragraph::label(line);
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

/// [`line_job`] in `style` and the weak text colour (hints, small print under a field).
pub fn weak(ui: &Ui, text: &str, style: egui::TextStyle) -> egui::WidgetText {
    if !needed(text) {
        return egui::RichText::new(text).text_style(style).weak().into();
    }
    coloured(ui, text, style, ui.visuals().weak_text_color())
}

/// [`line_job`] in `style` and `color` (an error in the status bar).
pub fn coloured(ui: &Ui, text: &str, style: egui::TextStyle, color: egui::Color32) -> egui::WidgetText {
    if !needed(text) {
        return egui::RichText::new(text).text_style(style).color(color).into();
    }
    line_job(text, TextFormat::simple(style.resolve(ui.style()), color)).into()
}

/// Gives a widget drawn in visual order its name as written (logical order), which is what
/// screen readers read and tests look for; plain text needs nothing.
pub fn name(resp: egui::Response, role: egui::Role, text: &str, selected: Option<bool>) -> egui::Response {
    if needed(text) {
        let enabled = resp.enabled();
        // Indentation (a tree level in a list) is not part of the name.
        let text = text.trim();
        resp.widget_info(|| match selected {
            Some(on) => egui::WidgetInfo::selected(role, enabled, on, text),
            None => egui::WidgetInfo::labeled(role, enabled, text),
        });
    }
    resp
}

/// A button (a menu item) whose text may name a code or document in Arabic or Hebrew.
pub fn button(ui: &mut Ui, text: &str) -> egui::Response {
    let shown = label(ui, text, egui::TextStyle::Button, false);
    let r = ui.button(shown);
    name(r, egui::Role::Button, text, None)
}

/// A selectable label in `style` whose text may hold right-to-left letters.
pub fn selectable(ui: &mut Ui, selected: bool, text: &str, style: egui::TextStyle) -> egui::Response {
    let shown = label(ui, text, style, false);
    let r = ui.add(egui::Button::selectable(selected, shown));
    name(r, egui::Role::Button, text, Some(selected))
}

/// [`egui::Ui::selectable_value`] for a text that may hold right-to-left letters.
pub fn selectable_value<V: PartialEq>(ui: &mut Ui, current: &mut V, value: V, text: &str) -> egui::Response {
    let mut r = selectable(ui, *current == value, text, egui::TextStyle::Button);
    if r.clicked() && *current != value {
        *current = value;
        r.mark_changed();
    }
    r
}

/// A plain label whose text may hold right-to-left letters (one line, or a line per `\n`).
pub fn show(ui: &mut Ui, text: &str, style: egui::TextStyle, strong: bool) -> egui::Response {
    let shown = label(ui, text, style, strong);
    let r = ui.label(shown);
    name(r, egui::Role::Label, text, None)
}

/// A hover text (a code's path and description, a search hit's words) that may hold
/// right-to-left lines: shown in visual order, right-to-left paragraphs right-aligned.
pub fn on_hover(resp: egui::Response, text: &str) -> egui::Response {
    if !needed(text) {
        return resp.on_hover_text(text);
    }
    let text = text.to_string();
    resp.on_hover_ui(move |ui| {
        let max = ui.spacing().tooltip_width;
        let shown = fitted(ui, &text, egui::TextStyle::Body, max);
        ui.label(shown);
    })
}

/// A paragraph as narrow as its longest line (at most `max_width`), right-to-left paragraphs
/// right-aligned within it: for tooltips and pop-ups, which size themselves to their text.
pub fn fitted(ui: &Ui, text: &str, style: egui::TextStyle, max_width: f32) -> egui::WidgetText {
    if !needed(text) {
        return egui::RichText::new(text).text_style(style).into();
    }
    let format = TextFormat::simple(style.resolve(ui.style()), ui.visuals().text_color());
    let natural = ui.fonts_mut(|f| f.layout_job(line_job(text, format))).rect.width();
    paragraph(ui, text, style, (natural + 1.0).min(max_width))
}

/// A paragraph (a quote, a search hit) in `style` wrapped at `width`, right-to-left paragraphs
/// right-aligned, as widget text; the plain text when it has no right-to-left letters.
pub fn paragraph(ui: &Ui, text: &str, style: egui::TextStyle, width: f32) -> egui::WidgetText {
    if !needed(text) {
        return egui::RichText::new(text).text_style(style).into();
    }
    layout_in(ui, text, style, width.max(40.0)).0.into()
}

/// [`layout`] of `text` in one `style` (no speaker labels): a quote, a memo, a benchmark.
pub fn layout_in(ui: &Ui, text: &str, style: egui::TextStyle, width: f32) -> (Arc<Galley>, BidiView) {
    let body = TextFormat::simple(style.resolve(ui.style()), ui.visuals().text_color());
    let formats = Formats { body: &body, label: &body, labels: &[] };
    layout(ui, text, &formats, width)
}

/// What of `text` fits on one row `width` wide, in visual order and ended by "…" when cut (a
/// retrieval row, a list entry). Cut in logical order: what is left out is the end of what was
/// said, whichever side it is drawn on.
pub fn one_row(ui: &Ui, text: &str, style: egui::TextStyle, width: f32) -> egui::WidgetText {
    if !needed(text) {
        return egui::RichText::new(text).text_style(style).into();
    }
    let format = TextFormat::simple(style.resolve(ui.style()), egui::Color32::PLACEHOLDER);
    let line: String = text.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    let formats = Formats { body: &format, label: &format, labels: &[] };
    let (_, view) = layout(ui, &line, &formats, (width - 12.0).max(40.0));
    let shown = match view.row_starts.get(1) {
        Some(&n) => format!("{}…", line.chars().take(n).collect::<String>().trim_end()),
        None => line,
    };
    line_job(&shown, format).into()
}

/// A multi-line text field (a memo, a code's description) that may hold Arabic or Hebrew.
///
/// While it is not being edited it shows its text as the transcript does: visual order, joined
/// letters, right-to-left paragraphs against the right edge. While it has the focus, it is
/// egui 0.37's own text field, which lays out in logical order from left to right without
/// joining the letters of reordered runs and moves the caret logically: it has no
/// bidirectional editing, and a layouter cannot add it because its caret, selection and
/// clicks assume one glyph per character, left to right. A click that focuses the field puts
/// the caret at the logical position of the letter clicked.
pub fn text_field(
    ui: &mut Ui,
    id: egui::Id,
    text: &mut String,
    configure: impl for<'a> FnOnce(egui::TextEdit<'a>) -> egui::TextEdit<'a>,
) -> egui::Response {
    // Where a click that focused the field put the caret, kept while the button is down (egui
    // would otherwise move the caret to the pointer again in the other layout).
    let pending_id = id.with("bidi-caret");
    let pending: Option<usize> = ui.data(|d| d.get_temp(pending_id));
    let focused = ui.memory(|m| m.has_focus(id));
    let shown_visual = needed(text) && (!focused || pending.is_some());
    if !shown_visual {
        return ui.add(configure(egui::TextEdit::multiline(text).id(id)));
    }
    let mut view: Option<BidiView> = None;
    let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
        let (galley, v) = layout_in(ui, buf.as_str(), egui::TextStyle::Body, wrap_width);
        view = Some(v);
        galley
    };
    let r = ui.add(configure(egui::TextEdit::multiline(text).id(id)).layouter(&mut layouter));
    match egui::text_edit::TextEditState::load(ui.ctx(), id) {
        Some(mut state) if r.has_focus() => {
            // egui placed the caret in the display text: move it to the logical position.
            let at = pending.unwrap_or_else(|| {
                let view = view.unwrap_or_default();
                let end = view.to_display.len().saturating_sub(1);
                state.cursor.char_range().map_or(end, |r| view.boundary(r.primary.index.0))
            });
            let caret = egui::text::CCursor::new(at);
            state.cursor.set_char_range(Some(egui::text::CCursorRange::one(caret)));
            state.store(ui.ctx(), id);
            if ui.input(|i| i.pointer.any_down()) {
                ui.data_mut(|d| d.insert_temp(pending_id, at));
            } else {
                ui.data_mut(|d| d.remove::<usize>(pending_id));
            }
        }
        _ => ui.data_mut(|d| d.remove::<usize>(pending_id)),
    }
    r
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
        // A label's direction is its first strong letter's: "Coded segments: بيت" reads from
        // the left, the Arabic name from the right.
        let job = line_job("Segments: بيت", f.clone());
        assert_eq!(job.text, "Segments: \u{FE96}\u{FEF4}\u{FE91}");
        let job = line_job("Vertrouwen", f);
        assert_eq!((job.text.as_str(), job.sections.len()), ("Vertrouwen", 1));
    }
}
