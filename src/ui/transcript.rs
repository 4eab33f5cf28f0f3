//! The transcript view: the text with coloured codings, speaker turns, and margin bars.
//!
//! A 150,000-character interview with 2,000 codings must scroll smoothly, so the expensive parts
//! (the coloured layout and the bar geometry) are built once per (document, project revision,
//! coder filter, width) and reused; each frame only hit-tests and paints what is visible (egui
//! culls galley rows outside the clip rect). Selection uses a read-only `TextEdit`, whose cursor
//! range is in characters, the same unit as the project's offsets.

use super::commands::{CoderFilter, Command};
use super::i18n::{Key, Lang, trf};
use crate::core::model::{Id, MemoTarget, Project};
use crate::session::Session;
use egui::text::{CCursor, CCursorRange, LayoutJob, LayoutSection, TextFormat};
use egui::{Align, Color32, FontId, Galley, Rect, Sense, Stroke, Vec2, pos2, vec2};
use std::sync::Arc;

pub const BODY_SIZE: f32 = 15.0;
const LABEL_SIZE: f32 = 17.0;
const BAR_W: f32 = 5.0;
const BAR_GAP: f32 = 2.0;
const MAX_COLS: usize = 6;
const LABEL_W: f32 = 150.0;
pub const MARGIN_W: f32 = MAX_COLS as f32 * (BAR_W + BAR_GAP) + 8.0 + LABEL_W;
/// The column of turn start times left of the text ("1:01:35").
const TIME_W: f32 = 56.0;

#[derive(Debug, Clone, Copy, PartialEq)]
struct CacheKey {
    doc: Id,
    revision: u64,
    filter: CoderFilter,
    width: u32,
    dark: bool,
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
}

/// What the view computed for the current document; rebuilt only when its key changes.
#[derive(Default)]
pub struct TranscriptCache {
    key: Option<CacheKey>,
    galley: Option<Arc<Galley>>,
    /// Bars sorted by `y0`.
    pub bars: Vec<Bar>,
    /// Visible codings `(start, end, id)` sorted by start.
    spans: Vec<(usize, usize, Id)>,
    /// Character index at the start of each galley row.
    row_starts: Vec<usize>,
    /// Turn start times for the margin: galley y of the turn's first row and the time as shown.
    pub times: Vec<(f32, String)>,
    /// How many layouts were built (tests check the cache holds).
    pub layouts_built: usize,
}

pub fn parse_color(hex: &str) -> Color32 {
    let h = hex.trim_start_matches('#');
    let v = u32::from_str_radix(h, 16).unwrap_or(0x9e9e9e);
    Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

pub fn visible_coding(project: &Project, filter: CoderFilter, me: Id, coder: Id) -> bool {
    let _ = project;
    match filter {
        CoderFilter::All => true,
        CoderFilter::Mine => coder == me,
        CoderFilter::One(c) => coder == c,
    }
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
        self.key = None;
    }

    /// The galley for `doc` at `wrap_width`, rebuilt only when something it shows changed.
    fn galley(
        &mut self,
        ui: &egui::Ui,
        session: &Session,
        doc: Id,
        filter: CoderFilter,
        wrap_width: f32,
    ) -> Arc<Galley> {
        let dark = ui.visuals().dark_mode;
        let key = CacheKey { doc, revision: session.revision(), filter, width: wrap_width.round() as u32, dark };
        if self.key == Some(key)
            && let Some(g) = &self.galley
        {
            return g.clone();
        }
        let project = session.project();
        let Some(d) = project.documents.get(&doc) else {
            return ui.fonts_mut(|f| f.layout_job(LayoutJob::default()));
        };
        let text: &str = &d.text;
        let me = session.coder();
        let mut codings: Vec<(usize, usize, Id, Color32)> = project
            .codings_of_document(doc)
            .into_iter()
            .filter(|k| visible_coding(project, filter, me, k.coder))
            .map(|k| {
                (k.start, k.end, k.id, project.codes.get(&k.code).map_or(Color32::GRAY, |c| parse_color(&c.color)))
            })
            .collect();
        codings.sort_by_key(|k| (k.0, std::cmp::Reverse(k.1), k.2));

        // Speaker labels: the tag at the start of each turn (after a timestamp, if any), up to and
        // including its colon.
        let char_len = d.char_len();
        let mut labels: Vec<(usize, usize)> = Vec::new();
        for t in project.turns_of_document(doc) {
            let head = crate::core::text::slice_chars(text, t.start, (t.start + 60).min(t.end));
            let head = head.split('\n').next().unwrap_or("");
            if let Some(b) = head.find(t.speaker.as_str()) {
                let at = t.start + head[..b].chars().count();
                let mut end = at + t.speaker.chars().count();
                if head[b + t.speaker.len()..].starts_with(':') {
                    end += 1;
                }
                if end <= char_len {
                    labels.push((at, end));
                }
            }
        }

        // Boundaries where the formatting can change.
        let mut cuts: Vec<usize> = Vec::with_capacity(codings.len() * 2 + labels.len() * 2 + 2);
        cuts.push(0);
        cuts.push(char_len);
        for k in &codings {
            cuts.push(k.0.min(char_len));
            cuts.push(k.1.min(char_len));
        }
        for l in &labels {
            cuts.push(l.0);
            cuts.push(l.1);
        }
        cuts.sort_unstable();
        cuts.dedup();
        // Char -> byte offsets for all cuts in one forward pass.
        let mut bytes = Vec::with_capacity(cuts.len());
        {
            let mut it = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
            let mut ci = 0usize;
            let mut cur = it.next().unwrap_or(0);
            for &c in &cuts {
                while ci < c {
                    cur = it.next().unwrap_or(text.len());
                    ci += 1;
                }
                bytes.push(cur);
            }
        }
        let visuals = ui.visuals();
        let body =
            TextFormat { font_id: FontId::proportional(BODY_SIZE), color: visuals.text_color(), ..Default::default() };
        let label_color = if dark { Color32::from_rgb(140, 190, 255) } else { Color32::from_rgb(20, 70, 150) };
        let label_fmt =
            TextFormat { font_id: FontId::proportional(LABEL_SIZE), color: label_color, ..Default::default() };

        let mut job = LayoutJob { text: text.to_string(), ..Default::default() };
        job.wrap.max_width = wrap_width;
        let mut active: Vec<usize> = Vec::new(); // indexes into `codings`
        let mut next = 0usize;
        let mut li = 0usize;
        let mut colors: Vec<Color32> = Vec::new();
        for w in 0..cuts.len().saturating_sub(1) {
            let (a, b) = (cuts[w], cuts[w + 1]);
            if a >= b {
                continue;
            }
            while next < codings.len() && codings[next].0 <= a {
                active.push(next);
                next += 1;
            }
            active.retain(|&i| codings[i].1 > a);
            while li < labels.len() && labels[li].1 <= a {
                li += 1;
            }
            let in_label = li < labels.len() && labels[li].0 <= a && a < labels[li].1;
            let mut fmt = if in_label { label_fmt.clone() } else { body.clone() };
            colors.clear();
            colors.extend(active.iter().map(|&i| codings[i].3));
            fmt.background = highlight(&colors, dark);
            if !colors.is_empty() {
                fmt.expand_bg = 0.0;
            }
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(bytes[w])..egui::text::ByteIndex(bytes[w + 1]),
                format: fmt,
            });
        }
        let galley = ui.fonts_mut(|f| f.layout_job(job));

        // Row index by character.
        self.row_starts.clear();
        let mut c = 0usize;
        for row in &galley.rows {
            self.row_starts.push(c);
            c += row.char_count_including_newline().0;
        }
        // Start times of the turns that have one, at their first row.
        self.times = project
            .turns_of_document(doc)
            .into_iter()
            .filter_map(|t| {
                let ms = t.start_ms?;
                let y = galley.rows.get(self.row_of(t.start))?.min_y();
                Some((y, crate::core::text::format_clock(ms)))
            })
            .collect();
        // Bars: one per coding, spanning its rows; columns by overlap in y.
        let mut bars: Vec<Bar> = codings
            .iter()
            .map(|&(s, e, id, color)| {
                let r0 = self.row_of(s);
                let r1 = self.row_of(e.saturating_sub(1).max(s));
                let label = project
                    .codings
                    .get(&id)
                    .and_then(|k| project.codes.get(&k.code))
                    .map_or(String::new(), |c| c.name.clone());
                Bar {
                    coding: id,
                    y0: galley.rows.get(r0).map_or(0.0, |r| r.min_y()),
                    y1: galley.rows.get(r1).map_or(0.0, |r| r.max_y()),
                    col: 0,
                    color,
                    label,
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
        self.spans = codings.iter().map(|k| (k.0, k.1, k.2)).collect();
        self.bars = bars;
        self.key = Some(key);
        self.galley = Some(galley.clone());
        self.layouts_built += 1;
        galley
    }

    fn row_of(&self, char_idx: usize) -> usize {
        self.row_starts.partition_point(|&s| s <= char_idx).saturating_sub(1)
    }

    /// Codings covering character `idx`, innermost (latest start) last.
    fn codings_at(&self, idx: usize) -> Vec<Id> {
        let upto = self.spans.partition_point(|s| s.0 <= idx);
        self.spans[..upto].iter().filter(|s| s.1 > idx).map(|s| s.2).collect()
    }

    /// The galley-space rectangle of a row range covering `start..end` (for scrolling).
    fn range_rect(&self, galley: &Galley, start: usize, end: usize) -> Rect {
        let r0 = self.row_of(start);
        let r1 = self.row_of(end.saturating_sub(1).max(start));
        let y0 = galley.rows.get(r0).map_or(0.0, |r| r.min_y());
        let y1 = galley.rows.get(r1).map_or(y0 + 1.0, |r| r.max_y());
        Rect::from_min_max(pos2(0.0, y0), pos2(galley.rect.width().max(1.0), y1))
    }

    /// Rectangles covering `start..end`, one per row, in galley space.
    fn range_rects(&self, galley: &Galley, start: usize, end: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        if start >= end {
            return out;
        }
        let r0 = self.row_of(start);
        let r1 = self.row_of(end - 1);
        for ri in r0..=r1.min(galley.rows.len().saturating_sub(1)) {
            let row = &galley.rows[ri];
            let rs = self.row_starts[ri];
            let left = if ri == r0 { row.row.x_offset(egui::text::CharIndex(start - rs)) } else { 0.0 };
            let right = if ri == r1 { row.row.x_offset(egui::text::CharIndex(end - rs)) } else { row.row.size.x };
            out.push(Rect::from_min_max(pos2(row.pos.x + left, row.min_y()), pos2(row.pos.x + right, row.max_y())));
        }
        out
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
    /// A selection to show (set by the app, e.g. from tests or a jump), applied once.
    pub set_selection: Option<(usize, usize)>,
    /// A passage to scroll to, applied once.
    pub scroll_to: Option<(usize, usize)>,
    pub queue: &'a mut Vec<Command>,
    /// The heading that names the text field (accessibility).
    pub label: egui::Id,
}

/// What happened in the view this frame.
pub struct TranscriptOutput {
    /// The current text selection in characters, when the user has one (None = unchanged).
    pub selection: Option<Option<(usize, usize)>>,
    pub text_edit_id: egui::Id,
    pub scrolled: bool,
    /// A code dropped onto the transcript (drag from the tree).
    pub dropped_code: Option<Id>,
}

/// Dragged from the code tree.
#[derive(Debug, Clone, Copy)]
pub struct CodeDrag(pub Id);

pub fn show(ui: &mut egui::Ui, v: TranscriptView) -> TranscriptOutput {
    let TranscriptView { session, cache, doc, filter, lang, selected_coding, set_selection, scroll_to, queue, label } =
        v;
    let project = session.project();
    let te_id = egui::Id::unique(("transcript", doc));
    let mut out = TranscriptOutput { selection: None, text_edit_id: te_id, scrolled: false, dropped_code: None };
    let Some(d) = project.documents.get(&doc) else { return out };
    if let Some((s, e)) = set_selection {
        let mut st = egui::text_edit::TextEditState::load(ui.ctx(), te_id).unwrap_or_default();
        st.cursor.set_char_range(Some(CCursorRange::two(CCursor::new(s), CCursor::new(e))));
        st.store(ui.ctx(), te_id);
    }
    let text: Arc<str> = d.text.clone();
    let scroll = egui::ScrollArea::vertical().id_salt(("transcript-scroll", doc)).auto_shrink([false, false]);
    scroll.show(ui, |ui| {
        // Turn start times go in a narrow column left of the text, when the transcript has any.
        let timed = project.turns.values().any(|t| t.document == doc && t.start_ms.is_some());
        let time_w = if timed { TIME_W } else { 0.0 };
        let text_w = (ui.available_width() - MARGIN_W - time_w).max(200.0);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 6.0;
            let gutter = timed.then(|| ui.allocate_exact_size(vec2(time_w - 6.0, 1.0), Sense::hover()).0);
            let mut layouter =
                |ui: &egui::Ui, _buf: &dyn egui::TextBuffer, wrap: f32| cache.galley(ui, session, doc, filter, wrap);
            let mut buf: &str = &text;
            let te = egui::TextEdit::multiline(&mut buf)
                .id(te_id)
                .desired_width(text_w)
                .frame(egui::Frame::NONE)
                .layouter(&mut layouter)
                .show(ui);
            let te_resp = te.response.response.clone().labelled_by(label);
            let galley = te.galley.clone();
            let gpos = te.galley_pos;

            // Selection (char offsets straight from egui's CCursor).
            if let Some(r) = te.cursor_range {
                let rg = r.as_sorted_char_range();
                if rg.start.0 < rg.end.0 {
                    out.selection = Some(Some((rg.start.0, rg.end.0)));
                } else if te_resp.clicked() || te_resp.drag_stopped() {
                    out.selection = Some(None);
                    // A plain click on coded text selects the innermost coding there.
                    let hit = cache.codings_at(rg.start.0);
                    queue.push(Command::SelectCoding(hit.last().copied()));
                }
            }
            // Selection stays visible when the focus moves to the code tree.
            let focused = ui.memory(|m| m.has_focus(te_id));
            if !focused
                && let Some(r) =
                    egui::text_edit::TextEditState::load(ui.ctx(), te_id).and_then(|s| s.cursor.char_range())
            {
                let rg = r.as_sorted_char_range();
                for rect in cache.range_rects(&galley, rg.start.0, rg.end.0) {
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
                for rect in cache.range_rects(&galley, k.start, k.end) {
                    ui.painter().rect_stroke(
                        rect.translate(gpos.to_vec2()).expand(1.0),
                        2.0,
                        stroke,
                        egui::StrokeKind::Outside,
                    );
                }
            }
            // Hover: the codings under the pointer.
            if let Some(p) = te_resp.hover_pos() {
                let idx = galley.cursor_from_pos(p - gpos).index.0;
                let ids = cache.codings_at(idx);
                if !ids.is_empty() {
                    te_resp.clone().on_hover_ui_at_pointer(|ui| coding_tooltip(ui, project, lang, &ids));
                }
            }
            // Drag a code from the tree onto the text.
            if let Some(payload) = te_resp.dnd_release_payload::<CodeDrag>() {
                out.dropped_code = Some(payload.0);
            }

            // Turn start times, only the visible ones.
            if let Some(gutter) = gutter {
                let clip = ui.clip_rect();
                let first = cache.times.partition_point(|(y, _)| y + gpos.y < clip.min.y - 40.0);
                for (y, time) in &cache.times[first..] {
                    let y = y + gpos.y;
                    if y > clip.max.y {
                        break;
                    }
                    let rect = Rect::from_min_size(pos2(gutter.min.x, y + 2.0), vec2(gutter.width(), 16.0));
                    let text = egui::RichText::new(time).monospace().size(11.0).weak();
                    ui.put(rect, egui::Label::new(text).selectable(false));
                }
            }

            // Margin: bars and labels, only the visible ones.
            let (margin_rect, _) =
                ui.allocate_exact_size(vec2(MARGIN_W - 6.0, galley.rect.height().max(1.0)), Sense::hover());
            let clip = ui.clip_rect();
            let top = gpos.y;
            let painter = ui.painter();
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
                r.on_hover_ui(|ui| coding_tooltip(ui, project, lang, &[bar.coding]));
                // Label: at the top of the bar, below the previous label; skipped when no room.
                let ly = y0.max(label_bottom);
                if ly + 12.0 <= y1 + 6.0 {
                    let g = painter.layout(bar.label.clone(), font.clone(), ui.visuals().text_color(), LABEL_W - 10.0);
                    let g = if g.rows.len() > 1 {
                        painter.layout_no_wrap(elide(&bar.label, 24), font.clone(), ui.visuals().text_color())
                    } else {
                        g
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
                    label_bottom = ly + g.rect.height() + 1.0;
                    painter.galley(tpos, g, ui.visuals().text_color());
                }
            }

            // Jumps: scroll the passage into the middle of the view.
            if let Some((s, e)) = scroll_to {
                let r = cache.range_rect(&galley, s, e).translate(gpos.to_vec2());
                ui.scroll_to_rect(r, Some(Align::Center));
                out.scrolled = true;
            }
        });
    });
    out
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

/// Code path, coder and memo of each coding.
pub fn coding_tooltip(ui: &mut egui::Ui, project: &Project, lang: Lang, ids: &[Id]) {
    ui.set_max_width(360.0);
    for (i, id) in ids.iter().rev().enumerate() {
        let Some(k) = project.codings.get(id) else { continue };
        if i > 0 {
            ui.separator();
        }
        let color = project.codes.get(&k.code).map_or(Color32::GRAY, |c| parse_color(&c.color));
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
            ui.painter().rect_filled(r, 2.0, color);
            ui.strong(project.code_path_string(k.code));
        });
        let coder = project.coders.get(&k.coder).map_or("?", |c| c.name.as_str());
        ui.label(trf(lang, Key::CodedBy, &[&coder]));
        let memo = project
            .memo_for(MemoTarget::Coding(k.id))
            .map(|m| m.text.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or(&k.memo);
        if !memo.is_empty() {
            ui.label(egui::RichText::new(memo).italics());
        }
    }
}
