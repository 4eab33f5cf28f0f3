//! The supervisor's review view: intercoder agreement of two coders (with the unit stated, as a
//! methods section needs it) and the passages they coded differently, side by side, where the
//! supervisor jumps to a passage, adopts one coder's version (or both) as the consensus coding
//! with a memo, and exports the agreement report.
//!
//! It lives in its own module so the rest of the app only needs a few hook lines: one
//! [`Command::Review`] variant, a View-menu item, a field on the project state and one call that
//! draws the panel. Like everything else it only reads the project and pushes commands; recording
//! a consensus is one `Session::perform` (one undo step) applied after the frame.

pub use super::commands::ReviewCommand;
use super::commands::{Command, EditCommand};
use super::i18n::{Key, Lang, tr, trf};
use super::{ProjectState, WerkbankApp};
use crate::core::actions::CONSENSUS_CODER;
use crate::core::agreement::{
    self, AgreementParams, AgreementReport, AgreementUnit, DEFAULT_MIN_OVERLAP, Disagreement,
};
use crate::core::model::{Id, Project};
use crate::core::{DocSpan, Span};
use crate::export;
use egui::{RichText, Ui};
use std::collections::HashMap;
use std::path::PathBuf;

type CacheKey = (u64, Id, Id, AgreementUnit, u64);

/// The review view's state (present while the view is open).
pub struct ReviewState {
    pub coder_a: Option<Id>,
    pub coder_b: Option<Id>,
    pub unit: AgreementUnit,
    /// Minimum overlap for segments to match, in percent (50–100).
    pub min_overlap_pct: f64,
    /// Memo being typed per passage.
    pub memos: HashMap<DocSpan, String>,
    pub export_path: String,
    cache: Option<(CacheKey, AgreementReport, Vec<Disagreement>)>,
    /// With three or more coders: all of them at once (and every pair), for the current unit
    /// (character level when segments are chosen: segments compare pairs only).
    all_cache: Option<((u64, AgreementUnit), AgreementReport)>,
}

impl ReviewState {
    /// Coder A = the current coder, coder B = the first other (non-consensus) coder.
    pub fn new(project: &Project, me: Id) -> Self {
        let others: Vec<Id> =
            project.coders.values().filter(|c| c.id != me && c.name != CONSENSUS_CODER).map(|c| c.id).collect();
        ReviewState {
            coder_a: project.coders.contains_key(&me).then_some(me),
            coder_b: others.first().copied(),
            unit: AgreementUnit::Segment,
            min_overlap_pct: DEFAULT_MIN_OVERLAP * 100.0,
            memos: HashMap::new(),
            export_path: String::new(),
            cache: None,
            all_cache: None,
        }
    }

    fn params(&self) -> Option<AgreementParams> {
        let (a, b) = (self.coder_a?, self.coder_b?);
        (a != b).then(|| AgreementParams {
            coders: vec![a, b],
            unit: self.unit,
            min_overlap: self.min_overlap_pct / 100.0,
            ..Default::default()
        })
    }

    /// The report and the disagreements for the current choice, recomputed only when the project
    /// (its revision) or the choice changed.
    pub fn results(&mut self, project: &Project, revision: u64) -> Option<(&AgreementReport, &[Disagreement])> {
        let params = self.params()?;
        let (a, b) = (params.coders[0], params.coders[1]);
        let key = (revision, a, b, params.unit, params.min_overlap.to_bits());
        if self.cache.as_ref().map(|c| c.0) != Some(key) {
            let report = agreement::agreement(project, &params);
            let list = agreement::disagreements(project, a, b, &[], params.min_overlap);
            self.cache = Some((key, report, list));
        }
        self.cache.as_ref().map(|(_, r, d)| (r, d.as_slice()))
    }
}

impl ReviewState {
    /// All coders (but the consensus) at once, when there are three or more.
    pub fn all_coders(&mut self, project: &Project, revision: u64) -> Option<&AgreementReport> {
        let coders: Vec<Id> = project.coders.values().filter(|c| c.name != CONSENSUS_CODER).map(|c| c.id).collect();
        if coders.len() < 3 {
            return None;
        }
        let unit = if self.unit == AgreementUnit::Segment { AgreementUnit::Character } else { self.unit };
        let key = (revision, unit);
        if self.all_cache.as_ref().map(|c| c.0) != Some(key) {
            let params =
                AgreementParams { coders, unit, min_overlap: self.min_overlap_pct / 100.0, ..Default::default() };
            self.all_cache = Some((key, agreement::agreement(project, &params)));
        }
        self.all_cache.as_ref().map(|c| &c.1)
    }
}

fn coder_name(p: &Project, id: Option<Id>) -> String {
    id.and_then(|id| p.coders.get(&id)).map_or_else(|| "—".to_string(), |c| c.name.clone())
}

pub(super) fn code_names(p: &Project, codes: &[Id], lang: Lang) -> String {
    if codes.is_empty() {
        return tr(lang, Key::ReviewNoCodes).to_string();
    }
    codes.iter().map(|c| p.code_path_string(*c)).collect::<Vec<_>>().join("\n")
}

fn passage(p: &Project, d: &Disagreement, max: usize) -> String {
    let Some(doc) = p.documents.get(&d.document) else { return "?".into() };
    let s: String = p.passage(doc.id, d.start, d.end).split_whitespace().collect::<Vec<_>>().join(" ");
    let s = if s.chars().count() > max { format!("{}…", s.chars().take(max).collect::<String>()) } else { s };
    format!("{} {}–{}: {s}", doc.name, d.start, d.end)
}

fn fig(v: Option<f64>, pct: bool) -> String {
    match v {
        None => "–".into(),
        Some(v) if pct => format!("{:.1} %", v * 100.0),
        Some(v) => format!("{v:.2}"),
    }
}

/// Applies a review command to the open project.
pub(super) fn apply(ps: &mut ProjectState, cmd: ReviewCommand) -> Result<Option<String>, String> {
    match cmd {
        ReviewCommand::Open => {
            if ps.review.is_none() {
                ps.review = Some(ReviewState::new(ps.session.project(), ps.session.coder()));
            }
            Ok(None)
        }
        ReviewCommand::Close => {
            ps.review = None;
            Ok(None)
        }
        // Written on a worker (see `WerkbankApp::export_review`); never reaches here.
        ReviewCommand::Export { .. } => Ok(None),
    }
}

/// The agreement report's inputs, taken from the review when Export is pressed.
enum ReportOf {
    /// Three or more coders: all of them, and every pair's disagreements (found on the worker).
    All(AgreementReport),
    Pair(AgreementReport, agreement::PairDisagreements),
}

impl WerkbankApp {
    /// Writes the agreement report of the review's coders and unit to `path` on a worker thread,
    /// from a copy of the project (progress and Cancel in the window).
    pub(super) fn export_review(&mut self, path: PathBuf) {
        let lang = self.settings.language;
        let Some(ps) = self.project.as_mut() else { return };
        let revision = ps.session.revision();
        let p = ps.session.project();
        let Some(r) = ps.review.as_mut() else { return };
        // With three or more coders the report covers all of them and every pair.
        let of = if let Some(all) = r.all_coders(p, revision) {
            ReportOf::All(all.clone())
        } else if let Some((report, list)) = r.results(p, revision) {
            let pair = agreement::PairDisagreements {
                coder_a: report.params.coders[0],
                coder_b: report.params.coders[1],
                passages: list.to_vec(),
            };
            ReportOf::Pair(report.clone(), pair)
        } else {
            return self.err(tr(lang, Key::PickTwoCoders));
        };
        self.start_write(&path.clone(), false, move |p| {
            let blocks = match &of {
                ReportOf::All(all) => {
                    export::agreement::agreement_blocks(p, all, &agreement::disagreements_of_pairs(p, all), lang)
                }
                ReportOf::Pair(report, pair) => {
                    export::agreement::agreement_blocks(p, report, std::slice::from_ref(pair), lang)
                }
            };
            // In the app's language: Dutch captions ("Tabel 1"), decimal commas and `;` in CSV
            // for Excel in Dutch; English ones otherwise.
            let csv = if lang == export::Lang::Nl {
                export::csv::CsvOptions::excel_nl()
            } else {
                export::csv::CsvOptions::standard()
            };
            export::write_report_in(&path, &export::agreement::document_title(p, lang), &blocks, csv, lang)
                .map_err(|e| e.to_string())?;
            Ok(trf(lang, Key::ReportWritten, &[&path.display()]))
        });
    }

    /// The review in its own window (movable, resizable), so the transcript keeps its height.
    pub(super) fn review_panel(&mut self, ui: &mut Ui) {
        let lang = self.settings.language;
        let Some(ps) = self.project.as_mut() else { return };
        if ps.review.is_none() {
            return;
        }
        let queue = &mut self.queue;
        let mut open = true;
        let screen = ui.ctx().content_rect();
        egui::Window::new(tr(lang, Key::ReviewTitle))
            .id(egui::Id::unique("review_window"))
            .open(&mut open)
            // Nearly the whole window: the side-by-side list needs the room; it can be moved aside.
            .default_size([screen.width() - 40.0, (screen.height() - 140.0).max(300.0)])
            .default_pos(screen.left_top() + egui::vec2(20.0, 60.0))
            .vscroll(false)
            .show(ui.ctx(), |ui| {
                review_ui(ui, ps, lang, queue);
            });
        if !open {
            queue.push(Command::Review(ReviewCommand::Close));
        }
    }
}

fn coder_combo(ui: &mut Ui, p: &Project, label: &str, salt: &str, value: &mut Option<Id>) {
    let l = ui.label(label);
    let r = egui::ComboBox::from_id_salt(salt).selected_text(coder_name(p, *value)).show_ui(ui, |ui| {
        for c in p.coders.values() {
            ui.selectable_value(value, Some(c.id), &c.name);
        }
    });
    r.response.labelled_by(l.id);
}

fn review_ui(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let writable = !ps.session.is_read_only();
    let t = |k| tr(lang, k);
    let revision = ps.session.revision();
    let p = ps.session.project();
    let Some(r) = ps.review.as_mut() else { return };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(t(Key::ReviewTitle)).strong());
        ui.separator();
        coder_combo(ui, p, t(Key::CoderA), "review-coder-a", &mut r.coder_a);
        coder_combo(ui, p, t(Key::CoderB), "review-coder-b", &mut r.coder_b);
        ui.separator();
        ui.label(t(Key::Unit));
        ui.selectable_value(&mut r.unit, AgreementUnit::Segment, t(Key::UnitSegment));
        ui.selectable_value(&mut r.unit, AgreementUnit::Character, t(Key::UnitCharacter));
        ui.selectable_value(&mut r.unit, AgreementUnit::Document, t(Key::UnitDocument));
        ui.separator();
        let l = ui.label(t(Key::MinOverlap));
        ui.add(egui::Slider::new(&mut r.min_overlap_pct, 50.0..=100.0).suffix(" %").integer()).labelled_by(l.id);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(t(Key::Close)).clicked() {
                queue.push(Command::Review(ReviewCommand::Close));
            }
        });
    });
    ui.horizontal(|ui| {
        let l = ui.label(t(Key::ReportPathLabel));
        ui.add(egui::TextEdit::singleline(&mut r.export_path).hint_text(t(Key::ReportPathHint)).desired_width(360.0))
            .labelled_by(l.id);
        let ok = !r.export_path.trim().is_empty();
        if ui.add_enabled(ok, egui::Button::new(t(Key::ExportReport))).clicked() {
            queue.push(Command::Review(ReviewCommand::Export { path: PathBuf::from(r.export_path.trim()) }));
        }
    });
    let (name_a, name_b) = (coder_name(p, r.coder_a), coder_name(p, r.coder_b));
    if let Some(all) = r.all_coders(p, revision) {
        all_coders_ui(ui, p, all, lang);
    }
    let mut memos = std::mem::take(&mut r.memos);
    let Some((report, list)) = r.results(p, revision) else {
        ui.label(RichText::new(t(Key::PickTwoCoders)).weak());
        r.memos = memos;
        return;
    };
    ui.separator();
    ui.label(export::agreement::methods_paragraph(p, report, lang));
    for note in &report.notes {
        ui.label(RichText::new(export::agreement::note_text(p, note, lang)).color(ui.visuals().warn_fg_color));
    }
    ui.separator();
    let consensus = p.coders.values().find(|c| c.name == CONSENSUS_CODER).map(|c| c.id);
    egui::Panel::left("review-codes").resizable(true).default_size(360.0).size_range(220.0..=900.0).show(ui, |ui| {
        egui::ScrollArea::both().id_salt("review-codes-scroll").auto_shrink([false, false]).show(ui, |ui| {
            egui::Grid::new("review-code-table").striped(true).num_columns(5).show(ui, |ui| {
                for k in [Key::ColCode, Key::ColPercent, Key::ColKappa, Key::ColBrennan, Key::ColAlpha] {
                    ui.label(RichText::new(t(k)).strong());
                }
                ui.end_row();
                let pair = report.pairs.first();
                for c in pair.map(|x| x.codes.iter().chain(std::iter::once(&x.pooled))).into_iter().flatten() {
                    let name = c.code.map_or_else(|| t(Key::PooledRow).to_string(), |id| p.code_path_string(id));
                    ui.label(if c.code.is_none() { RichText::new(name).strong() } else { RichText::new(name) });
                    ui.label(fig(c.percent_agreement, true));
                    ui.label(fig(c.cohen_kappa, false));
                    ui.label(fig(c.brennan_prediger, false));
                    ui.label(fig(c.krippendorff_alpha, false));
                    ui.end_row();
                }
            });
        });
    });
    ui.label(RichText::new(trf(lang, Key::NDisagreements, &[&list.len()])).strong());
    if list.is_empty() {
        ui.label(RichText::new(t(Key::NoDisagreements)).weak());
    }
    egui::ScrollArea::both().id_salt("review-list").auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("review-disagreements")
            .striped(true)
            .num_columns(4)
            .min_col_width(100.0)
            .max_col_width(240.0)
            .show(ui, |ui| {
                ui.label(RichText::new(t(Key::Passage)).strong());
                ui.label(RichText::new(format!("A: {name_a}")).strong());
                ui.label(RichText::new(format!("B: {name_b}")).strong());
                ui.label(RichText::new(t(Key::Decision)).strong());
                ui.end_row();
                for d in list {
                    let key = DocSpan::new(d.document, Span::new(d.start, d.end));
                    let selected = ps.last_jump == Some(key);
                    let row = ui.add(egui::Button::selectable(selected, passage(p, d, 140)).wrap());
                    if row.clicked() {
                        queue.push(Command::Jump { document: d.document, start: d.start, end: d.end });
                    }
                    ui.label(code_names(p, &d.codes_a, lang));
                    ui.label(code_names(p, &d.codes_b, lang));
                    // Read-only: the disagreements to read; recording a consensus changes the project.
                    ui.vertical(|ui| {
                        if !writable {
                            ui.disable();
                        }
                        let memo = memos.entry(key).or_default();
                        ui.horizontal(|ui| {
                            let l = ui.label(t(Key::ReviewMemo));
                            ui.add(egui::TextEdit::singleline(memo).hint_text(t(Key::MemoHint)).desired_width(160.0))
                                .labelled_by(l.id);
                        });
                        ui.horizontal(|ui| {
                            let mut both: Vec<Id> = d.codes_a.iter().chain(&d.codes_b).copied().collect();
                            both.sort();
                            both.dedup();
                            let choices = [
                                (Key::AdoptA, &name_a, d.codes_a.clone()),
                                (Key::AdoptB, &name_b, d.codes_b.clone()),
                                (Key::AdoptBoth, &format!("{name_a} + {name_b}"), both),
                            ];
                            for (k, who, codes) in choices {
                                let b = ui.add_enabled(!codes.is_empty(), egui::Button::new(t(k))).on_hover_text(trf(
                                    lang,
                                    Key::AdoptTip,
                                    &[who],
                                ));
                                if b.clicked() {
                                    let memo = memo.clone();
                                    queue.push(Command::Edit(EditCommand::RecordConsensus {
                                        document: d.document,
                                        start: d.start,
                                        end: d.end,
                                        codes,
                                        memo,
                                    }));
                                }
                            }
                        });
                        if let Some(cid) = consensus {
                            let done: Vec<Id> = p
                                .codings
                                .values()
                                .filter(|k| k.coder == cid && DocSpan::new(k.document, k.span()) == key)
                                .map(|k| k.code)
                                .collect();
                            if !done.is_empty() {
                                ui.label(
                                    RichText::new(trf(
                                        lang,
                                        Key::ConsensusDone,
                                        &[&code_names(p, &done, lang).replace('\n', "; ")],
                                    ))
                                    .weak(),
                                );
                            }
                        }
                    });
                    ui.end_row();
                }
            });
    });
    memos.retain(|_, v| !v.is_empty());
    if let Some(r) = ps.review.as_mut() {
        r.memos = memos;
    }
}

/// Fleiss' κ and Krippendorff's α over all coders, per code and pooled, with the paragraph that
/// names who they cover and every pair's pooled κ.
fn all_coders_ui(ui: &mut Ui, p: &Project, all: &AgreementReport, lang: Lang) {
    let t = |k| tr(lang, k);
    let Some(multi) = &all.all_coders else { return };
    ui.separator();
    ui.label(RichText::new(t(Key::AllCodersTitle)).strong());
    ui.label(export::agreement::methods_paragraph(p, all, lang));
    for note in &all.notes {
        ui.label(RichText::new(export::agreement::note_text(p, note, lang)).color(ui.visuals().warn_fg_color));
    }
    egui::CollapsingHeader::new(t(Key::AllCodersPerCode)).id_salt("review-all-coders").default_open(false).show(
        ui,
        |ui| {
            egui::Grid::new("review-all-coders-table").striped(true).num_columns(4).show(ui, |ui| {
                for k in [Key::ColCode, Key::ColPercent, Key::ColFleiss, Key::ColAlpha] {
                    ui.label(RichText::new(t(k)).strong());
                }
                ui.end_row();
                for c in multi.codes.iter().chain(std::iter::once(&multi.pooled)) {
                    let name = c.code.map_or_else(|| t(Key::PooledRow).to_string(), |id| p.code_path_string(id));
                    ui.label(if c.code.is_none() { RichText::new(name).strong() } else { RichText::new(name) });
                    ui.label(fig(c.percent_agreement, true));
                    ui.label(fig(c.fleiss_kappa, false));
                    ui.label(fig(c.krippendorff_alpha, false));
                    ui.end_row();
                }
            });
        },
    );
}
