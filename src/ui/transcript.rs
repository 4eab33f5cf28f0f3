//! The transcript view: the text with coloured codings, speaker turns, paragraph numbers, margin
//! bars and an overview strip.
//!
//! A 150,000-character interview with 2,000 codings must scroll smoothly and a coding must appear
//! at once, so the work is split by what it depends on and cached:
//! - the **galley** (the laid-out text) depends only on the text, the speaker labels, the width
//!   and the theme; coding, recoding or filtering never lays the transcript out again;
//! - the **index** (codings sorted by position, merged highlight runs, memo flags, paragraph
//!   starts) depends on the document, its generation in the project index (edits elsewhere do
//!   not move it) and the coder filter;
//! - the **geometry** (margin bars, paragraph number positions, overview ticks) is rebuilt when
//!   either of the two changes.
//!
//! Each frame only hit-tests and paints what is visible: highlights are painted as rectangles
//! *behind* the text (a placeholder shape reserved before the text is drawn), found by binary
//! search over the runs of the visible rows. Selection uses a read-only `TextEdit`, whose cursor
//! range is in characters, the same unit as the project's offsets. The layout of the view is fixed
//! by the space it is given, never by what is selected, so the text cannot move under a drag.
//!
//! The left gutter shows [`GutterMark`]s (paragraph numbers today); other marks (timestamps) are
//! added in [`TranscriptCache::rebuild_index`] and drawn by the same code.

use super::commands::{CoderFilter, Command, EditCommand};
use super::i18n::{Key, Lang, tr, trf};
use crate::core::Span;
use crate::core::model::{Id, MemoTarget, Project};
use crate::session::Session;
use egui::text::{CCursor, CCursorRange, LayoutJob, LayoutSection, TextFormat};
use egui::{Align, Color32, FontId, Galley, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2, vec2};
use std::collections::HashSet;
use std::sync::Arc;

pub const BODY_SIZE: f32 = 15.0;
const LABEL_SIZE: f32 = 17.0;
const BAR_W: f32 = 5.0;
const BAR_GAP: f32 = 2.0;
const MAX_COLS: usize = 6;
const LABEL_W: f32 = 150.0;
const BARS_W: f32 = MAX_COLS as f32 * (BAR_W + BAR_GAP) + 8.0;
pub const MARGIN_W: f32 = BARS_W + LABEL_W;
/// Below this width the margin shows bars and memo markers only, so the text keeps its room.
const NARROW: f32 = 560.0;
/// The paragraph-number gutter left of the text.
pub const GUTTER_W: f32 = 34.0;
/// What the gutter grows by when it shows turn start times ("1:01:35").
const TIME_W: f32 = 50.0;
/// The overview strip right of the scroll area.
pub const STRIP_W: f32 = 12.0;
/// Spacing between gutter, text and margin.
const GAP: f32 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq)]
struct IndexKey {
    doc: Id,
    /// The document's generation in the project index: moves only when something shown in this
    /// document changes, so an edit in another document keeps this cache.
    generation: u64,
    filter: CoderFilter,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct GalleyKey {
    doc: Id,
    width: u32,
    dark: bool,
    /// Pointer and length of the document's text (`Arc<str>`): a new text is a new allocation.
    text: (usize, usize),
    /// Fingerprint of the speaker label ranges.
    labels: u64,
}

/// One coding's bar in the margin, in galley coordinates.
#[derive(Debug, Clone)]
pub struct Bar {
    pub coding: Id,
    pub y0: f32,
    pub y1: f32,
    pub col: usize,
    pub color: Color32,
    pub label: String,
    pub memo: bool,
}

/// A mark in the left gutter at the row of a character (a paragraph number, a timestamp).
#[derive(Debug, Clone, PartialEq)]
pub struct GutterMark {
    pub at: usize,
    pub text: String,
}

/// What the view computed for the current document; each part rebuilt only when its inputs change.
#[derive(Default)]
pub struct TranscriptCache {
    /// (document, its text generation, its text's address) the labels and paragraphs are for.
    text_key: Option<(Id, u64, usize)>,
    index_key: Option<IndexKey>,
    galley_key: Option<GalleyKey>,
    /// (index generation, galley generation) the geometry was built from.
    geometry_key: Option<(u64, u64)>,
    index_gen: u64,
    galley_gen: u64,
    galley: Option<Arc<Galley>>,
    /// Bars sorted by `y0`.
    pub bars: Vec<Bar>,
    /// Visible codings `(span, id, colour)` sorted by start.
    spans: Vec<(Span, Id, Color32)>,
    /// Merged highlight runs `(span, colour)`, sorted, not overlapping.
    runs: Vec<(Span, Color32)>,
    /// Speaker label ranges (formatted in the galley).
    labels: Vec<Span>,
    memos: HashSet<Id>,
    /// Paragraph starts (see [`crate::core::text::paragraph_starts`]).
    pub paragraphs: Vec<usize>,
    /// Gutter marks sorted by position, and their y in galley space.
    pub marks: Vec<GutterMark>,
    mark_ys: Vec<f32>,
    /// The gutter's width: wider when it shows turn start times.
    gutter_w: f32,
    /// Overview ticks: (fraction of the text height, colour), at most one per strip pixel row.
    ticks: Vec<(f32, Color32)>,
    /// Logical character index at the start of each galley row.
    row_starts: Vec<usize>,
    /// The display text and its map to logical offsets when the text has right-to-left
    /// paragraphs (the galley then shows the display text; see [`super::bidi`]).
    bidi: Option<super::bidi::BidiView>,
    /// Characters in the document.
    text_len: usize,
    /// The last selection in display carets and the logical range it stands for (a range set
    /// by the app survives the round trip through the text field unchanged).
    bidi_selection: Option<(CCursorRange, Span)>,
    /// How many layouts were built (tests check the cache holds).
    pub layouts_built: usize,
    /// How many times the coding index of the shown document was rebuilt.
    pub indexes_built: usize,
    /// How many times the shown document's labels and paragraphs were found from its text.
    pub texts_built: usize,
    /// Last frame: the galley's screen position, the visible text rect and the document shown.
    galley_pos: Pos2,
    view: Option<Rect>,
    doc: Option<Id>,
    /// Last frame's scroll state: offset, viewport height, content height.
    scroll: (f32, f32, f32),
    strip: Option<Rect>,
    /// A scroll position asked for by the overview strip, applied in the next frame.
    pending_offset: Option<f32>,
    /// Overlapping codings under a click: shown as a small chooser at the pointer (with the pass
    /// it opened in: the click that opened it must not close it).
    chooser: Option<(Pos2, Vec<Id>, u64)>,
    /// Codings under the last right-click (the context menu's subject).
    menu_codings: Vec<Id>,
}

/// A code colour as egui paints it.
pub fn egui_color(c: crate::core::Color) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

pub fn visible_coding(project: &Project, filter: CoderFilter, me: Id, coder: Id) -> bool {
    let _ = project;
    match filter {
        CoderFilter::All => true,
        CoderFilter::Mine => coder == me,
        CoderFilter::One(c) => coder == c,
    }
}

/// Whether a coding carries a memo (the memo table or the coding's own note).
pub fn has_memo(project: &Project, coding: Id) -> bool {
    project.codings.get(&coding).is_some_and(|k| !k.memo.trim().is_empty())
        || project.memo_for(MemoTarget::Coding(coding)).is_some_and(|m| !m.text.trim().is_empty())
}

/// The highlight behind text covered by these codes: one code shows its colour; overlaps mix the
/// colours and get stronger, so a doubly coded passage stands out.
fn highlight(colors: &[Color32], dark: bool) -> Color32 {
    if colors.is_empty() {
        return Color32::TRANSPARENT;
    }
    let n = colors.len() as u32;
    let (r, g, b) =
        colors.iter().fold((0u32, 0u32, 0u32), |a, c| (a.0 + c.r() as u32, a.1 + c.g() as u32, a.2 + c.b() as u32));
    let (r, g, b) = ((r / n) as f32, (g / n) as f32, (b / n) as f32);
    if dark {
        let alpha = (80 + 40 * (n.min(4) - 1)) as u8;
        return Color32::from_rgba_unmultiplied(r as u8, g as u8, b as u8, alpha);
    }
    // Light theme: a pastel of the code colour keeps black text readable even for dark codes;
    // each extra overlapping coding makes it more saturated, so depth stays visible.
    let keep = match n {
        1 => 0.38,
        2 => 0.58,
        _ => 0.75,
    };
    let mix = |c: f32| (255.0 - (255.0 - c) * keep) as u8;
    Color32::from_rgb(mix(r), mix(g), mix(b))
}

impl TranscriptCache {
    pub fn invalidate(&mut self) {
        self.text_key = None;
        self.index_key = None;
        self.galley_key = None;
        self.geometry_key = None;
    }

    /// Codings, highlight runs, labels, memo flags and paragraphs of `doc`, per generation/filter.
    /// The text-dependent half (labels, paragraphs, gutter marks) is rebuilt only when the text or
    /// the turns change, so a coding or undo costs only the codings of the shown document.
    fn ensure_index(&mut self, session: &Session, doc: Id, filter: CoderFilter, dark: bool) {
        let p = session.project();
        let ix = p.index();
        let text_key =
            p.documents.get(&doc).map(|d| (doc, ix.text_generation(doc), Arc::as_ptr(&d.text) as *const u8 as usize));
        if self.text_key != text_key {
            self.index_key = None;
            self.rebuild_text(p, doc);
            self.text_key = text_key;
            self.texts_built += 1;
        }
        let key = IndexKey { doc, generation: ix.document_generation(doc), filter };
        if self.index_key == Some(key) {
            return;
        }
        self.rebuild_index(p, session.coder(), doc, filter, dark);
        self.index_key = Some(key);
        self.index_gen += 1;
        self.indexes_built += 1;
    }

    /// Speaker labels, paragraph starts and gutter marks: what depends on the text and its turns.
    fn rebuild_text(&mut self, project: &Project, doc: Id) {
        let (Some(d), Some(cx)) = (project.documents.get(&doc), project.char_index(doc)) else {
            self.labels.clear();
            self.paragraphs.clear();
            self.marks.clear();
            self.text_len = 0;
            return;
        };
        let text: &str = &d.text;
        let char_len = cx.char_len();
        // Speaker labels: the tag at the start of each turn (after a timestamp, if any), up to and
        // including its colon.
        let mut labels: Vec<Span> = Vec::new();
        let turns = project.turns_of_document(doc);
        for t in &turns {
            let head = cx.slice(text, t.start, (t.start + 60).min(t.end));
            let head = head.split('\n').next().unwrap_or("");
            if let Some(b) = head.find(t.speaker.as_str()) {
                let at = t.start + head[..b].chars().count();
                let mut end = at + t.speaker.chars().count();
                if head[b + t.speaker.len()..].starts_with(':') {
                    end += 1;
                }
                if end <= char_len && labels.last().is_none_or(|l| l.end <= at) {
                    labels.push(Span::new(at, end));
                }
            }
        }
        self.paragraphs = crate::core::text::paragraph_starts(text);
        self.marks =
            self.paragraphs.iter().enumerate().map(|(i, &at)| GutterMark { at, text: (i + 1).to_string() }).collect();
        // A turn's start time goes before the number of the paragraph it starts in.
        let mut timed = false;
        for t in turns.iter().filter(|t| t.start_ms.is_some()) {
            let n = crate::core::text::paragraph_number(&self.paragraphs, t.start);
            if let (Some(ms), Some(m)) = (t.start_ms, n.checked_sub(1).and_then(|i| self.marks.get_mut(i))) {
                m.text = format!("{}  {n}", crate::core::text::format_clock(ms));
                timed = true;
            }
        }
        self.gutter_w = if timed { GUTTER_W + TIME_W } else { GUTTER_W };
        self.labels = labels;
        self.text_len = char_len;
    }

    /// The shown document's codings under the filter, merged highlight runs and memo flags.
    fn rebuild_index(&mut self, project: &Project, me: Id, doc: Id, filter: CoderFilter, dark: bool) {
        if !project.documents.contains_key(&doc) {
            *self = TranscriptCache {
                layouts_built: self.layouts_built,
                indexes_built: self.indexes_built,
                texts_built: self.texts_built,
                ..Default::default()
            };
            return;
        }
        let char_len = self.text_len;
        let ix = project.index();
        let mut memos = HashSet::new();
        let mut spans: Vec<(Span, Id, Color32)> = ix
            .codings_of_document(doc)
            .iter()
            .filter_map(|s| project.codings.get(&s.id))
            .filter(|k| visible_coding(project, filter, me, k.coder))
            .map(|k| {
                let memo = ix.memos_of(MemoTarget::Coding(k.id)).next().and_then(|m| project.memos.get(&m));
                if !k.memo.trim().is_empty() || memo.is_some_and(|m| !m.text.trim().is_empty()) {
                    memos.insert(k.id);
                }
                (
                    k.span().clip_to(char_len),
                    k.id,
                    project.codes.get(&k.code).map_or(Color32::GRAY, |c| egui_color(c.color)),
                )
            })
            .collect();
        spans.sort_by_key(|k| (k.0.start, std::cmp::Reverse(k.0.end), k.1));
        // Highlight runs: sweep over the boundaries, mixing the colours of the active codings.
        let mut cuts: Vec<usize> = spans.iter().flat_map(|k| [k.0.start, k.0.end]).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut runs: Vec<(Span, Color32)> = Vec::new();
        let mut active: Vec<usize> = Vec::new();
        let mut next = 0usize;
        let mut colors: Vec<Color32> = Vec::new();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            while next < spans.len() && spans[next].0.start <= a {
                active.push(next);
                next += 1;
            }
            active.retain(|&i| spans[i].0.end > a);
            if active.is_empty() {
                continue;
            }
            colors.clear();
            colors.extend(active.iter().map(|&i| spans[i].2));
            let c = highlight(&colors, dark);
            match runs.last_mut() {
                Some(last) if last.0.end == a && last.1 == c => last.0.end = b,
                _ => runs.push((Span::new(a, b), c)),
            }
        }
        self.memos = memos;
        self.spans = spans;
        self.runs = runs;
    }

    /// The galley for the current document at `wrap_width`: plain text with speaker labels, no
    /// highlights, so it survives every coding change.
    fn galley(&mut self, ui: &egui::Ui, text: &Arc<str>, doc: Id, wrap_width: f32) -> Arc<Galley> {
        let dark = ui.visuals().dark_mode;
        let labels = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            self.labels.hash(&mut h);
            h.finish()
        };
        let key = GalleyKey {
            doc,
            width: wrap_width.round() as u32,
            dark,
            text: (Arc::as_ptr(text) as *const u8 as usize, text.len()),
            labels,
        };
        if self.galley_key == Some(key)
            && let Some(g) = &self.galley
        {
            return g.clone();
        }
        let visuals = ui.visuals();
        let body =
            TextFormat { font_id: FontId::proportional(BODY_SIZE), color: visuals.text_color(), ..Default::default() };
        let label_color = if dark { Color32::from_rgb(140, 190, 255) } else { Color32::from_rgb(20, 70, 150) };
        let label_fmt =
            TextFormat { font_id: FontId::proportional(LABEL_SIZE), color: label_color, ..Default::default() };
        let mut job = LayoutJob { text: text.to_string(), ..Default::default() };
        job.wrap.max_width = wrap_width;
        // Char -> byte offsets of the label boundaries in one forward pass.
        let mut bytes = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
        let mut ci = 0usize;
        let mut cur = bytes.next().unwrap_or(0);
        let mut byte_at = |c: usize| {
            while ci < c {
                cur = bytes.next().unwrap_or(text.len());
                ci += 1;
            }
            cur
        };
        let mut last = 0usize;
        for l in &self.labels {
            let (bs, be) = (byte_at(l.start), byte_at(l.end));
            if bs < last {
                continue;
            }
            if bs > last {
                job.sections.push(LayoutSection {
                    leading_space: 0.0,
                    byte_range: egui::text::ByteIndex(last)..egui::text::ByteIndex(bs),
                    format: body.clone(),
                });
            }
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(bs)..egui::text::ByteIndex(be),
                format: label_fmt.clone(),
            });
            last = be;
        }
        if last < text.len() || job.sections.is_empty() {
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(last)..egui::text::ByteIndex(text.len()),
                format: body.clone(),
            });
        }
        let galley = if super::bidi::needed(text) {
            let formats = super::bidi::Formats { body: &body, label: &label_fmt, labels: &self.labels };
            let (galley, view) = super::bidi::layout(ui, text, &formats, wrap_width);
            self.row_starts = view.row_starts.clone();
            self.bidi = Some(view);
            galley
        } else {
            let galley = ui.fonts_mut(|f| f.layout_job(job));
            self.bidi = None;
            self.row_starts.clear();
            let mut c = 0usize;
            for row in &galley.rows {
                self.row_starts.push(c);
                c += row.char_count_including_newline().0;
            }
            galley
        };
        self.bidi_selection = None;
        self.galley_key = Some(key);
        self.galley = Some(galley.clone());
        self.galley_gen += 1;
        self.layouts_built += 1;
        galley
    }

    /// Margin bars, gutter mark positions and overview ticks for the current index and galley.
    fn ensure_geometry(&mut self, project: &Project) {
        let key = (self.index_gen, self.galley_gen);
        if self.geometry_key == Some(key) {
            return;
        }
        let Some(galley) = self.galley.clone() else { return };
        let row_y = |cache: &Self, c: usize| {
            (
                galley.rows.get(cache.row_of(c)).map_or(0.0, |r| r.min_y()),
                galley.rows.get(cache.row_of(c)).map_or(0.0, |r| r.max_y()),
            )
        };
        let mut bars: Vec<Bar> = self
            .spans
            .iter()
            .map(|&(span, id, color)| {
                let label = project
                    .codings
                    .get(&id)
                    .and_then(|k| project.codes.get(&k.code))
                    .map_or(String::new(), |c| c.name.clone());
                Bar {
                    coding: id,
                    y0: row_y(self, span.start).0,
                    y1: row_y(self, span.end.saturating_sub(1).max(span.start)).1,
                    col: 0,
                    color,
                    label,
                    memo: self.memos.contains(&id),
                }
            })
            .collect();
        bars.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(b.y1.total_cmp(&a.y1)));
        let mut col_end: Vec<f32> = Vec::new();
        for bar in &mut bars {
            let col = col_end.iter().position(|&end| end < bar.y0 + 0.5);
            bar.col = match col {
                Some(c) => c,
                None if col_end.len() < MAX_COLS => {
                    col_end.push(f32::MIN);
                    col_end.len() - 1
                }
                None => MAX_COLS - 1,
            };
            col_end[bar.col] = col_end[bar.col].max(bar.y1);
        }
        self.mark_ys = self.marks.iter().map(|m| row_y(self, m.at).0).collect();
        // Overview ticks, deduplicated to a resolution finer than any strip is tall.
        let h = galley.rect.height().max(1.0);
        let mut ticks: Vec<(f32, Color32)> = Vec::new();
        for b in &bars {
            let f = (b.y0 / h).clamp(0.0, 1.0);
            if ticks.last().is_none_or(|t: &(f32, Color32)| f - t.0 > 0.0015 || t.1 != b.color) {
                ticks.push((f, b.color));
            }
        }
        self.ticks = ticks;
        self.bars = bars;
        self.geometry_key = Some(key);
    }

    fn row_of(&self, char_idx: usize) -> usize {
        self.row_starts.partition_point(|&s| s <= char_idx).saturating_sub(1)
    }

    /// Codings covering character `idx`, innermost (latest start) last.
    fn codings_at(&self, idx: usize) -> Vec<Id> {
        let upto = self.spans.partition_point(|s| s.0.start <= idx);
        self.spans[..upto].iter().filter(|s| s.0.end > idx).map(|s| s.1).collect()
    }

    /// The galley-space rectangle of a row range covering `span` (for scrolling).
    fn range_rect(&self, galley: &Galley, span: Span) -> Rect {
        let r0 = self.row_of(span.start);
        let r1 = self.row_of(span.end.saturating_sub(1).max(span.start));
        let y0 = galley.rows.get(r0).map_or(0.0, |r| r.min_y());
        let y1 = galley.rows.get(r1).map_or(y0 + 1.0, |r| r.max_y());
        Rect::from_min_max(pos2(0.0, y0), pos2(galley.rect.width().max(1.0), y1))
    }

    /// Rectangles covering `span`, one per row, in galley space.
    fn range_rects(&self, galley: &Galley, span: Span) -> Vec<Rect> {
        let mut out = Vec::new();
        if span.is_empty() || galley.rows.is_empty() {
            return out;
        }
        let Span { start, end } = span;
        let r0 = self.row_of(start);
        let r1 = self.row_of(end - 1);
        if let Some(view) = &self.bidi {
            // Right-to-left text: the glyphs of the range may lie apart on a row.
            for ri in r0..=r1.min(galley.rows.len() - 1) {
                let row = &galley.rows[ri];
                for cols in view.row_pieces(ri, span) {
                    let left = row.row.x_offset(egui::text::CharIndex(cols.start));
                    let right = row.row.x_offset(egui::text::CharIndex(cols.end));
                    out.push(Rect::from_min_max(
                        pos2(row.pos.x + left, row.min_y()),
                        pos2(row.pos.x + right, row.max_y()),
                    ));
                }
            }
            return out;
        }
        for ri in r0..=r1.min(galley.rows.len() - 1) {
            let row = &galley.rows[ri];
            let rs = self.row_starts[ri];
            let left = if ri == r0 { row.row.x_offset(egui::text::CharIndex(start - rs)) } else { 0.0 };
            let right = if ri == r1 { row.row.x_offset(egui::text::CharIndex(end - rs)) } else { row.row.size.x };
            out.push(Rect::from_min_max(pos2(row.pos.x + left, row.min_y()), pos2(row.pos.x + right, row.max_y())));
        }
        out
    }

    /// The characters of the rows intersecting galley-space `y0..y1`.
    fn chars_in(&self, galley: &Galley, y0: f32, y1: f32) -> Span {
        let r0 = galley.rows.partition_point(|r| r.max_y() < y0);
        let r1 = galley.rows.partition_point(|r| r.min_y() <= y1);
        let start = self.row_starts.get(r0).copied().unwrap_or(usize::MAX);
        let end = self.row_starts.get(r1).copied().unwrap_or(self.text_len);
        Span::new(start.min(end), end)
    }

    /// Screen position of the left edge of character `idx`, vertically in the middle of its row,
    /// as drawn in the last frame (tests drag between such points).
    pub fn char_pos(&self, idx: usize) -> Option<Pos2> {
        let g = self.galley.as_ref()?;
        if let Some(view) = &self.bidi {
            // The edge where the character starts in its reading direction (the right edge of
            // a right-to-left letter).
            let (row, col, rtl) = view.glyph_of(idx)?;
            let r = g.rows.get(row)?;
            let col = if rtl { col + 1 } else { col };
            let x = r.pos.x + r.row.x_offset(egui::text::CharIndex(col));
            return Some(self.galley_pos + vec2(x, (r.min_y() + r.max_y()) / 2.0));
        }
        let r = g.pos_from_cursor(CCursor::new(idx));
        Some(self.galley_pos + vec2(r.min.x, r.center().y))
    }

    /// Screen rectangle of the glyph drawing character `idx` in the last frame (tests check
    /// that highlights cover it).
    pub fn glyph_rect(&self, idx: usize) -> Option<Rect> {
        let g = self.galley.as_ref()?;
        let (row, col) = match &self.bidi {
            Some(view) => view.glyph_of(idx).map(|(r, c, _)| (r, c))?,
            None => {
                let row = self.row_of(idx);
                (row, idx - self.row_starts.get(row)?)
            }
        };
        let r = g.rows.get(row)?;
        let x0 = r.pos.x + r.row.x_offset(egui::text::CharIndex(col));
        let x1 = r.pos.x + r.row.x_offset(egui::text::CharIndex(col + 1));
        Some(Rect::from_min_max(pos2(x0, r.min_y()), pos2(x1, r.max_y())).translate(self.galley_pos.to_vec2()))
    }

    /// Screen rectangles covering `span` as drawn in the last frame (where its highlight goes).
    pub fn highlight_rects(&self, span: Span) -> Vec<Rect> {
        let Some(g) = self.galley.as_ref() else { return Vec::new() };
        self.range_rects(g, span).into_iter().map(|r| r.translate(self.galley_pos.to_vec2())).collect()
    }

    /// The logical character under a galley-space point.
    fn char_at(&self, galley: &Galley, p: Vec2) -> usize {
        let d = galley.cursor_from_pos(p).index.0;
        let Some(view) = &self.bidi else { return d };
        // The glyph under the point, not the nearest caret: left of the caret is glyph d-1.
        let caret_x = galley.pos_from_cursor(CCursor::new(d)).min.x;
        let glyph = if p.x < caret_x && d > 0 { d - 1 } else { d };
        view.logical_at(glyph)
    }

    /// The logical selection of the text field's display range.
    fn logical_selection(&mut self, r: CCursorRange) -> Span {
        let Some(view) = &self.bidi else {
            let s = r.as_sorted_char_range();
            return Span::new(s.start.0, s.end.0);
        };
        if let Some((shown, logical)) = self.bidi_selection
            && shown == r
        {
            return logical;
        }
        let logical = view.logical_range(r.secondary.index.0, r.primary.index.0);
        self.bidi_selection = Some((r, logical));
        logical
    }

    /// The text field's display range for a logical selection.
    fn display_selection(&mut self, span: Span) -> CCursorRange {
        let Span { start, end } = span;
        let Some(view) = &self.bidi else { return CCursorRange::two(CCursor::new(start), CCursor::new(end)) };
        let r = CCursorRange::two(CCursor::new(view.caret(start, false)), CCursor::new(view.caret(end, true)));
        self.bidi_selection = Some((r, span));
        r
    }

    /// The characters visible in the last frame (whole rows).
    pub fn visible_chars(&self) -> Option<Span> {
        let g = self.galley.as_ref()?;
        let view = self.view?;
        let top = view.min.y - self.galley_pos.y;
        let bottom = view.max.y - self.galley_pos.y;
        Some(self.chars_in(g, top + 2.0, bottom - 2.0))
    }

    /// Where the overview strip was drawn in the last frame.
    pub fn overview_rect(&self) -> Option<Rect> {
        self.strip
    }

    /// How many codings the transcript shows (under the coder filter).
    pub fn coding_count(&self) -> usize {
        self.spans.len()
    }

    /// The document drawn in the last frame.
    pub fn shown_document(&self) -> Option<Id> {
        self.doc
    }
}

/// What the transcript view needs from and reports to the app.
pub struct TranscriptView<'a> {
    pub session: &'a Session,
    pub cache: &'a mut TranscriptCache,
    pub doc: Id,
    pub filter: CoderFilter,
    pub lang: Lang,
    pub selected_coding: Option<Id>,
    pub selected_code: Option<Id>,
    /// A selection to show (set by the app, e.g. from tests or a jump), applied once.
    pub set_selection: Option<Span>,
    /// A passage to scroll to, applied once.
    pub scroll_to: Option<Span>,
    /// Keyboard scrolling may act (no dialog, palette or other text field has the keyboard).
    pub keys: bool,
    /// The text selection the app holds (for the context menu's copy items).
    pub has_selection: bool,
    pub queue: &'a mut Vec<Command>,
    /// The heading that names the text field (accessibility).
    pub label: egui::Id,
}

/// What happened in the view this frame.
pub struct TranscriptOutput {
    /// The current text selection in characters, when the user has one (None = unchanged).
    pub selection: Option<Option<Span>>,
    pub text_edit_id: egui::Id,
    pub scrolled: bool,
    /// A code dropped onto the transcript (drag from the tree).
    pub dropped_code: Option<Id>,
}

/// Dragged from the code tree.
#[derive(Debug, Clone, Copy)]
pub struct CodeDrag(pub Id);

/// Keyboard scrolling: how far each key moves the view, given the viewport height.
fn scroll_keys(ui: &egui::Ui, viewport: f32, content: f32) -> Option<f32> {
    let page = (viewport - 40.0).max(40.0);
    ui.input_mut(|i| {
        let none = egui::Modifiers::NONE;
        if i.consume_key(none, egui::Key::PageDown) || i.consume_key(none, egui::Key::Space) {
            Some(page)
        } else if i.consume_key(none, egui::Key::PageUp) || i.consume_key(egui::Modifiers::SHIFT, egui::Key::Space) {
            Some(-page)
        } else if i.consume_key(egui::Modifiers::COMMAND, egui::Key::Home) || i.consume_key(none, egui::Key::Home) {
            Some(-content)
        } else if i.consume_key(egui::Modifiers::COMMAND, egui::Key::End) || i.consume_key(none, egui::Key::End) {
            Some(content)
        } else {
            None
        }
    })
}

pub fn show(ui: &mut egui::Ui, v: TranscriptView) -> TranscriptOutput {
    let TranscriptView {
        session,
        cache,
        doc,
        filter,
        lang,
        selected_coding,
        selected_code,
        set_selection,
        scroll_to,
        keys,
        has_selection,
        queue,
        label,
    } = v;
    let project = session.project();
    // Read-only: the menus offer reading and copying only.
    let writable = !session.is_read_only();
    let te_id = egui::Id::unique(("transcript", doc));
    let mut out = TranscriptOutput { selection: None, text_edit_id: te_id, scrolled: false, dropped_code: None };
    let Some(d) = project.documents.get(&doc) else { return out };
    let dark = ui.visuals().dark_mode;
    // Another document: nothing selected there until the user selects again.
    if cache.doc != Some(doc) {
        if let Some(mut st) = egui::text_edit::TextEditState::load(ui.ctx(), te_id) {
            st.cursor.set_char_range(None);
            st.store(ui.ctx(), te_id);
        }
        if let Some(prev) = cache.doc {
            ui.memory_mut(|m| {
                if m.has_focus(egui::Id::unique(("transcript", prev))) {
                    m.surrender_focus(egui::Id::unique(("transcript", prev)));
                }
            });
        }
        cache.chooser = None;
        cache.doc = Some(doc);
        out.selection = Some(None);
    }
    if let Some(span) = set_selection {
        // Asked for by the app (a test, a jump) in the same frame as a switch: it stands.
        if out.selection.is_some() && !span.is_empty() {
            out.selection = Some(Some(span));
        }
    }
    cache.ensure_index(session, doc, filter, dark);
    let text: Arc<str> = d.text.clone();

    // The space is fixed by the panel, not by the content: [gutter | text | margin] scroll, strip.
    // Clipped to the panel: content that overflowed above (a long label) widens the parent's
    // layout rect, never the transcript.
    let full = ui.available_rect_before_wrap().intersect(ui.clip_rect());
    let scroll_rect = Rect::from_min_max(full.min, pos2(full.max.x - STRIP_W - 2.0, full.max.y));
    let strip_rect = Rect::from_min_max(pos2(full.max.x - STRIP_W, full.min.y), full.max);
    ui.allocate_rect(full, Sense::hover());

    // Keyboard scrolling while the pointer is over the text or the text has the keyboard.
    let (offset, viewport, content) = cache.scroll;
    let mut new_offset: Option<f32> = cache.pending_offset.take();
    let text_focused = ui.memory(|m| m.has_focus(te_id));
    let over = ui.rect_contains_pointer(full);
    if keys
        && (over || text_focused || ui.memory(|m| m.focused().is_none()))
        && let Some(dy) = scroll_keys(ui, viewport, content)
    {
        new_offset = Some((offset + dy).clamp(0.0, (content - viewport).max(0.0)));
    }

    let mut scroll = egui::ScrollArea::vertical().id_salt(("transcript-scroll", doc)).auto_shrink([false, false]);
    if let Some(o) = new_offset {
        scroll = scroll.vertical_scroll_offset(o);
    }
    let mut child =
        ui.new_child(egui::UiBuilder::new().max_rect(scroll_rect).layout(egui::Layout::top_down(Align::Min)));
    let so = scroll.show(&mut child, |ui| {
        let wide = ui.available_width() >= NARROW;
        let margin_w = if wide { MARGIN_W } else { BARS_W + 12.0 };
        let gutter_w = cache.gutter_w.max(GUTTER_W);
        let text_w = (ui.available_width() - gutter_w - margin_w - 2.0 * GAP).max(40.0);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = GAP;
            let (gutter_rect, _) = ui.allocate_exact_size(vec2(gutter_w, 1.0), Sense::hover());
            // Highlights go behind the text: reserve their place in the paint order now.
            let bg = ui.painter().add(Shape::Noop);
            // The galley for this width (the text field wraps at `text_w` too). With right-to-left
            // paragraphs the field holds the display text (visual order) and the cache maps its
            // cursor to logical offsets.
            let laid = cache.galley(ui, &text, doc, text_w);
            let shown: Arc<str> = cache.bidi.as_ref().map_or_else(|| text.clone(), |b| b.display.clone());
            let bidi = cache.bidi.is_some();
            if let Some(span) = set_selection {
                let range = cache.display_selection(span);
                let mut st = egui::text_edit::TextEditState::load(ui.ctx(), te_id).unwrap_or_default();
                st.cursor.set_char_range(Some(range));
                st.store(ui.ctx(), te_id);
            }
            if bidi && ui.memory(|m| m.has_focus(te_id)) {
                // Copying goes through the app, in logical order (the field would copy the
                // display order).
                let copy = ui.input_mut(|i| {
                    let n = i.events.len();
                    i.events.retain(|e| !matches!(e, egui::Event::Copy | egui::Event::Cut));
                    i.events.len() != n
                });
                if copy {
                    queue.push(Command::CopySelection);
                }
            }
            let mut layouter = |_: &egui::Ui, _: &dyn egui::TextBuffer, _: f32| laid.clone();
            let mut buf: &str = &shown;
            let saved = ui.visuals().selection;
            if bidi {
                // The field's own selection is contiguous in display order; the view paints the
                // logical one below.
                ui.visuals_mut().selection.bg_fill = Color32::TRANSPARENT;
                ui.visuals_mut().selection.stroke.color = ui.visuals().text_color();
            }
            let te = egui::TextEdit::multiline(&mut buf)
                .id(te_id)
                .desired_width(text_w)
                .frame(egui::Frame::NONE)
                .margin(egui::Margin::ZERO)
                .layouter(&mut layouter)
                .show(ui);
            ui.visuals_mut().selection = saved;
            let te_resp = te.response.response.clone().labelled_by(label);
            let galley = te.galley.clone();
            let gpos = te.galley_pos;
            cache.galley = Some(galley.clone());
            cache.ensure_geometry(project);
            let (margin_rect, _) =
                ui.allocate_exact_size(vec2(margin_w, galley.rect.height().max(1.0)), Sense::hover());
            let clip = ui.clip_rect();
            cache.galley_pos = gpos;
            cache.view = Some(clip);

            // Highlights of the visible rows only.
            let visible = cache.chars_in(&galley, clip.min.y - gpos.y, clip.max.y - gpos.y);
            let first = cache.runs.partition_point(|r| r.0.end <= visible.start);
            let mut shapes = Vec::new();
            for &(span, color) in cache.runs[first..].iter().take_while(|r| r.0.start < visible.end) {
                for rect in cache.range_rects(&galley, span) {
                    shapes.push(Shape::rect_filled(rect.translate(gpos.to_vec2()), 0.0, color));
                }
            }
            ui.painter().set(bg, Shape::Vec(shapes));

            // Selection (char offsets straight from egui's CCursor).
            let pointer_idx = |cache: &TranscriptCache, resp: &egui::Response| {
                resp.interact_pointer_pos().or(resp.hover_pos()).map(|p| cache.char_at(&galley, p - gpos))
            };
            // Whole grapheme clusters: egui's caret can stop inside a Devanagari conjunct (its
            // zero-width continuation glyphs), a selection never does.
            let range = te
                .cursor_range
                .map(|r| cache.logical_selection(r))
                .filter(|r| !r.is_empty())
                .zip(project.char_index(doc))
                .map(|(span, ix)| crate::core::text::snap_to_graphemes(&text, &ix, span));
            if let Some(rg) = range {
                out.selection = Some(Some(rg));
            } else if te_resp.drag_stopped() || te_resp.clicked() {
                out.selection = Some(None);
            }
            // A plain click on coded text selects the coding there (a chooser when they overlap).
            // The index comes from the pointer: on the first click the text has no focus yet.
            if te_resp.clicked()
                && range.is_none()
                && let Some(idx) = pointer_idx(cache, &te_resp)
            {
                out.selection = Some(None);
                let hit = cache.codings_at(idx);
                queue.push(Command::SelectCoding(hit.last().copied()));
                let pass = ui.ctx().cumulative_pass_nr();
                cache.chooser =
                    (hit.len() > 1).then(|| (te_resp.interact_pointer_pos().unwrap_or_default(), hit.clone(), pass));
            }
            if te_resp.secondary_clicked()
                && let Some(idx) = pointer_idx(cache, &te_resp)
            {
                cache.menu_codings = cache.codings_at(idx);
                cache.chooser = None;
            }
            // Selection stays visible when the focus moves to the code tree.
            let focused = ui.memory(|m| m.has_focus(te_id));
            if (!focused || bidi)
                && let Some(r) =
                    egui::text_edit::TextEditState::load(ui.ctx(), te_id).and_then(|s| s.cursor.char_range())
            {
                let span = cache.logical_selection(r);
                for rect in cache.range_rects(&galley, span) {
                    ui.painter().rect_filled(
                        rect.translate(gpos.to_vec2()),
                        0.0,
                        ui.visuals().selection.bg_fill.gamma_multiply(0.6),
                    );
                }
            }
            // The selected coding gets an outline.
            if let Some(sel) = selected_coding
                && let Some(k) = project.codings.get(&sel).filter(|k| k.document == doc)
            {
                let stroke = Stroke::new(1.5, ui.visuals().strong_text_color());
                for rect in cache.range_rects(&galley, k.span()) {
                    ui.painter().rect_stroke(
                        rect.translate(gpos.to_vec2()).expand(1.0),
                        2.0,
                        stroke,
                        egui::StrokeKind::Outside,
                    );
                }
            }
            // Hover: the codings under the pointer.
            if cache.chooser.is_none()
                && let Some(p) = te_resp.hover_pos()
            {
                let idx = cache.char_at(&galley, p - gpos);
                let ids = cache.codings_at(idx);
                if !ids.is_empty() {
                    te_resp.clone().on_hover_ui_at_pointer(|ui| coding_tooltip(ui, project, lang, &ids));
                }
            }
            // Right-click: what can be done with the codings there and with the selection.
            te_resp.context_menu(|ui| {
                let menu = MenuContext { project, lang, selected_code, has_selection, writable };
                context_menu(ui, &menu, &cache.menu_codings, queue)
            });
            // Drag a code from the tree onto the text.
            if let Some(payload) = te_resp.dnd_release_payload::<CodeDrag>() {
                out.dropped_code = Some(payload.0);
            }

            // Gutter: paragraph numbers of the visible rows.
            let painter = ui.painter();
            let weak = ui.visuals().weak_text_color();
            let font = FontId::monospace(10.5);
            let m0 = cache.marks.partition_point(|m| m.at < visible.start);
            for (m, &y) in cache.marks[m0..].iter().zip(&cache.mark_ys[m0..]).take_while(|(m, _)| m.at <= visible.end) {
                painter.text(
                    pos2(gutter_rect.max.x - 2.0, gpos.y + y + 3.0),
                    egui::Align2::RIGHT_TOP,
                    &m.text,
                    font.clone(),
                    weak,
                );
            }

            // Margin: bars and labels, only the visible ones.
            let top = gpos.y;
            let mut label_bottom = f32::MIN;
            let font = FontId::proportional(11.5);
            let first = cache.bars.partition_point(|b| b.y0 + top < clip.min.y - 2000.0);
            let bars_x = margin_rect.min.x + 2.0;
            let labels_x = bars_x + MAX_COLS as f32 * (BAR_W + BAR_GAP) + 4.0;
            for bar in cache.bars[first..].iter() {
                let (y0, y1) = (bar.y0 + top, bar.y1 + top);
                if y0 > clip.max.y {
                    break;
                }
                if y1 < clip.min.y {
                    continue;
                }
                let x = bars_x + bar.col as f32 * (BAR_W + BAR_GAP);
                let rect = Rect::from_min_max(pos2(x, y0 + 1.0), pos2(x + BAR_W, y1 - 1.0));
                let selected = selected_coding == Some(bar.coding);
                painter.rect_filled(rect, 2.0, bar.color);
                if selected {
                    painter.rect_stroke(
                        rect.expand(1.5),
                        2.0,
                        Stroke::new(1.5, ui.visuals().strong_text_color()),
                        egui::StrokeKind::Outside,
                    );
                }
                let r = ui.interact(rect.expand2(vec2(1.0, 0.0)), te_id.with(("bar", bar.coding)), Sense::click());
                if r.clicked() {
                    queue.push(Command::SelectCoding(Some(bar.coding)));
                }
                if r.secondary_clicked() {
                    cache.menu_codings = vec![bar.coding];
                }
                let r = r.on_hover_ui(|ui| coding_tooltip(ui, project, lang, &[bar.coding]));
                r.context_menu(|ui| {
                    let menu = MenuContext { project, lang, selected_code, has_selection: false, writable };
                    context_menu(ui, &menu, &[bar.coding], queue)
                });
                // Label: at the top of the bar, below the previous label; skipped when no room.
                let ly = y0.max(label_bottom);
                if wide && ly + 12.0 <= y1 + 6.0 {
                    let name_w = LABEL_W - 22.0;
                    let g = if super::bidi::needed(&bar.label) {
                        // Right to left: one line in visual order, cut when long.
                        let fmt = TextFormat::simple(font.clone(), ui.visuals().text_color());
                        let text =
                            if bar.label.chars().count() > 22 { elide(&bar.label, 22) } else { bar.label.clone() };
                        ui.fonts_mut(|f| f.layout_job(super::bidi::line_job(&text, fmt)))
                    } else {
                        let g = painter.layout(bar.label.clone(), font.clone(), ui.visuals().text_color(), name_w);
                        if g.rows.len() > 1 {
                            painter.layout_no_wrap(elide(&bar.label, 22), font.clone(), ui.visuals().text_color())
                        } else {
                            g
                        }
                    };
                    let lrect = Rect::from_min_size(pos2(labels_x, ly), vec2(4.0, g.rect.height()));
                    painter.rect_filled(
                        Rect::from_min_size(lrect.min + vec2(0.0, 2.0), vec2(3.0, g.rect.height() - 4.0)),
                        1.0,
                        bar.color,
                    );
                    let tpos = pos2(labels_x + 7.0, ly);
                    if selected {
                        painter.rect_filled(
                            Rect::from_min_size(tpos, g.rect.size()).expand(1.0),
                            2.0,
                            ui.visuals().selection.bg_fill.gamma_multiply(0.5),
                        );
                    }
                    let tw = g.rect.width();
                    label_bottom = ly + g.rect.height() + 1.0;
                    painter.galley(tpos, g, ui.visuals().text_color());
                    if bar.memo {
                        memo_marker(
                            ui,
                            Rect::from_min_size(pos2(tpos.x + tw + 4.0, ly + 2.0), vec2(8.0, 10.0)),
                            te_id.with(("memo", bar.coding)),
                            project,
                            bar.coding,
                            queue,
                        );
                    }
                } else if bar.memo {
                    // No room for the label (or a narrow margin): the marker beside the bars.
                    let x = if wide { labels_x } else { bars_x + MAX_COLS as f32 * (BAR_W + BAR_GAP) + 1.0 };
                    memo_marker(
                        ui,
                        Rect::from_min_size(pos2(x, y0 + 1.0), vec2(8.0, 10.0)),
                        te_id.with(("memo", bar.coding)),
                        project,
                        bar.coding,
                        queue,
                    );
                }
            }

            // Jumps: scroll the passage into the middle of the view.
            if let Some(span) = scroll_to {
                let r = cache.range_rect(&galley, span).translate(gpos.to_vec2());
                ui.scroll_to_rect(r, Some(Align::Center));
                out.scrolled = true;
            }
        });
    });
    cache.scroll = (so.state.clamped_offset().y, so.inner_rect.height(), so.content_size.y);
    if new_offset.is_some() {
        out.scrolled = true;
    }
    // The chooser for overlapping codings, at the click.
    if let Some((pos, ids, opened)) = cache.chooser.clone() {
        let area = egui::Area::new(te_id.with("chooser"))
            .order(egui::Order::Foreground)
            .fixed_pos(pos + vec2(4.0, 8.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(egui::RichText::new(tr(lang, Key::ChooseCoding)).small().weak());
                    for id in ids.iter().rev() {
                        let Some(k) = project.codings.get(id) else { continue };
                        let color = project.codes.get(&k.code).map_or(Color32::GRAY, |c| egui_color(c.color));
                        let coder = project.coders.get(&k.coder).map_or("?", |c| c.name.as_str());
                        ui.horizontal(|ui| {
                            let (r, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
                            ui.painter().rect_filled(r, 2.0, color);
                            let text = format!("{} · {}", project.code_path_string(k.code), coder);
                            let on = selected_coding == Some(*id);
                            if super::bidi::selectable(ui, on, &text, egui::TextStyle::Body).clicked() {
                                queue.push(Command::SelectCoding(Some(*id)));
                                cache.chooser = None;
                            }
                        });
                    }
                });
            });
        let later = ui.ctx().cumulative_pass_nr() > opened;
        if (later && area.response.clicked_elsewhere()) || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            cache.chooser = None;
        }
    }
    overview_strip(ui, cache, strip_rect, te_id);
    out
}

/// The strip beside the scrollbar: a coloured tick per coding and the part of the text in view;
/// clicking or dragging moves the view there.
fn overview_strip(ui: &mut egui::Ui, cache: &mut TranscriptCache, rect: Rect, id: egui::Id) {
    let (offset, viewport, content) = cache.scroll;
    cache.strip = Some(rect);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    for &(f, color) in &cache.ticks {
        let y = rect.min.y + f * rect.height();
        painter.rect_filled(Rect::from_min_max(pos2(rect.min.x + 2.0, y), pos2(rect.max.x - 2.0, y + 2.0)), 0.0, color);
    }
    if content > 0.0 {
        let y0 = rect.min.y + (offset / content).clamp(0.0, 1.0) * rect.height();
        let y1 = rect.min.y + ((offset + viewport) / content).clamp(0.0, 1.0) * rect.height();
        let view = Rect::from_min_max(pos2(rect.min.x, y0), pos2(rect.max.x, y1.max(y0 + 4.0)));
        painter.rect_filled(view, 2.0, ui.visuals().selection.bg_fill.gamma_multiply(0.35));
        painter.rect_stroke(
            view,
            2.0,
            Stroke::new(1.0, ui.visuals().strong_text_color().gamma_multiply(0.7)),
            egui::StrokeKind::Inside,
        );
    }
    let r = ui.interact(rect, id.with("overview"), Sense::click_and_drag());
    if (r.clicked() || r.dragged())
        && let Some(p) = r.interact_pointer_pos()
        && let Some(g) = cache.galley.clone()
    {
        // Centre the view on the clicked place.
        let y = ((p.y - rect.min.y) / rect.height()).clamp(0.0, 1.0) * g.rect.height();
        cache.pending_offset = Some((y - viewport / 2.0).clamp(0.0, (content - viewport).max(0.0)));
        ui.ctx().request_repaint();
    }
}

/// A small note glyph beside a coding's label: the coding has a memo (hover shows it).
fn memo_marker(ui: &egui::Ui, rect: Rect, id: egui::Id, project: &Project, coding: Id, queue: &mut Vec<Command>) {
    let painter = ui.painter();
    let c = ui.visuals().strong_text_color();
    painter.rect_filled(rect, 1.0, Color32::from_rgb(255, 236, 150));
    painter.rect_stroke(rect, 1.0, Stroke::new(1.0, c), egui::StrokeKind::Inside);
    for i in 1..=2 {
        let y = rect.min.y + i as f32 * 3.0;
        painter.line_segment([pos2(rect.min.x + 2.0, y), pos2(rect.max.x - 2.0, y)], Stroke::new(1.0, c));
    }
    let r = ui.interact(rect.expand(2.0), id, Sense::click());
    if r.clicked() {
        queue.push(Command::EditCodingMemo(coding));
    }
    r.on_hover_ui(|ui| {
        let k = project.codings.get(&coding);
        let memo = project
            .memo_for(MemoTarget::Coding(coding))
            .map(|m| m.text.as_str())
            .filter(|t| !t.trim().is_empty())
            .or(k.map(|k| k.memo.as_str()))
            .unwrap_or("");
        ui.set_max_width(320.0);
        memo_label(ui, memo, 320.0);
    });
}

/// What the right-click menu needs to know.
struct MenuContext<'a> {
    project: &'a Project,
    lang: Lang,
    selected_code: Option<Id>,
    has_selection: bool,
    /// False for a read-only project: no memo, recode or remove items.
    writable: bool,
}

/// The right-click menu on coded text or a margin bar: per coding memo, recode, remove and
/// show in tree (only "show in tree" when read-only); then copying the selection.
fn context_menu(ui: &mut egui::Ui, m: &MenuContext, codings: &[Id], queue: &mut Vec<Command>) {
    let MenuContext { project, lang, selected_code, has_selection, writable } = *m;
    let t = |k| tr(lang, k);
    for (i, id) in codings.iter().rev().enumerate() {
        let Some(k) = project.codings.get(id) else { continue };
        if i > 0 {
            ui.separator();
        }
        code_heading(ui, project, k.code);
        if !writable {
            if ui.button(t(Key::ShowInTree)).clicked() {
                queue.push(Command::RevealCode(k.code));
                ui.close();
            }
            continue;
        }
        let memo_key = if has_memo(project, *id) { Key::EditCodingMemo } else { Key::AddCodingMemo };
        if ui.button(t(memo_key)).clicked() {
            queue.push(Command::EditCodingMemo(*id));
            ui.close();
        }
        ui.menu_button(t(Key::RecodeMenu), |ui| {
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                if let Some(c) =
                    selected_code.filter(|c| *c != k.code && project.codes.get(c).is_some_and(|c| c.codable))
                {
                    if super::bidi::button(ui, &trf(lang, Key::RecodeAs, &[&project.code_path_string(c)])).clicked() {
                        queue.push(Command::Edit(EditCommand::Recode { coding: *id, code: c }));
                        ui.close();
                    }
                    ui.separator();
                }
                let mut codes: Vec<(String, Id)> = project
                    .codes
                    .values()
                    .filter(|c| c.codable && c.id != k.code)
                    .map(|c| (project.code_path_string(c.id), c.id))
                    .collect();
                codes.sort();
                for (path, c) in codes {
                    if super::bidi::button(ui, &path).clicked() {
                        queue.push(Command::Edit(EditCommand::Recode { coding: *id, code: c }));
                        ui.close();
                    }
                }
            });
        });
        if ui.button(t(Key::RemoveThisCoding)).clicked() {
            queue.push(Command::SelectCoding(Some(*id)));
            queue.push(Command::RemoveCoding);
            ui.close();
        }
        if ui.button(t(Key::ShowInTree)).clicked() {
            queue.push(Command::RevealCode(k.code));
            ui.close();
        }
    }
    if !codings.is_empty() {
        ui.separator();
    }
    if ui.add_enabled(has_selection, egui::Button::new(t(Key::CopyText))).clicked() {
        queue.push(Command::CopySelection);
        ui.close();
    }
    if ui.add_enabled(has_selection, egui::Button::new(t(Key::CopyAsQuote))).clicked() {
        queue.push(Command::CopyQuote);
        ui.close();
    }
}

fn elide(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// A code's colour and path, as a heading in menus and tooltips.
fn code_heading(ui: &mut egui::Ui, project: &Project, code: Id) {
    let color = project.codes.get(&code).map_or(Color32::GRAY, |c| egui_color(c.color));
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
        ui.painter().rect_filled(r, 2.0, color);
        super::bidi::show(ui, &project.code_path_string(code), egui::TextStyle::Body, true);
    });
}

/// A memo in a tooltip: italic, or in visual order and right-aligned when it is written in
/// Arabic or Hebrew (whose scripts have no italics).
fn memo_label(ui: &mut egui::Ui, memo: &str, width: f32) {
    if super::bidi::needed(memo) {
        let shown = super::bidi::fitted(ui, memo, egui::TextStyle::Body, width);
        super::bidi::name(ui.label(shown), egui::Role::Label, memo, None);
    } else {
        ui.label(egui::RichText::new(memo).italics());
    }
}

/// Code path, coder and memo of each coding.
pub fn coding_tooltip(ui: &mut egui::Ui, project: &Project, lang: Lang, ids: &[Id]) {
    ui.set_max_width(360.0);
    for (i, id) in ids.iter().rev().enumerate() {
        let Some(k) = project.codings.get(id) else { continue };
        if i > 0 {
            ui.separator();
        }
        code_heading(ui, project, k.code);
        let coder = project.coders.get(&k.coder).map_or("?", |c| c.name.as_str());
        super::bidi::show(ui, &trf(lang, Key::CodedBy, &[&coder]), egui::TextStyle::Body, false);
        let memo = project
            .memo_for(MemoTarget::Coding(k.id))
            .map(|m| m.text.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or(&k.memo);
        if !memo.is_empty() {
            memo_label(ui, memo, 360.0);
        }
    }
}
