//! The Analysis window: what a thesis needs from its coded data (code frequencies with respondent
//! citations, the code × respondent matrix, co-occurrence, quotes ready to cite) and an export of
//! the current section or the whole appendix.
//!
//! It lives in its own file so the rest of the UI only needs a few hook lines (a field on
//! [`WerkbankApp`], one draw call, [`Command::OpenAnalysis`]): all computation goes through
//! [`crate::core::analysis`], all files through [`crate::export`] (the same table builders and
//! appendix block list the CLI uses). Results are cached per (project, revision, filter, section
//! options), so drawing a frame never recomputes an analysis.

use super::i18n::{Key, Lang, tr, trf};
use super::{Command, WerkbankApp};
use crate::core::analysis::{Analysis, CitationStyle, CoMode, CodeRow, Filter, Matrix, Quote};
use crate::core::model::Id;
use crate::export::options::ReportOptions;
use crate::export::{self, Block, svg, tables};
use crate::session::Session;
use egui::{Color32, RichText, Ui};
use std::path::{Path, PathBuf};

/// Which part of the analysis the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Frequencies,
    Matrix,
    Cooccurrence,
    Quotes,
}

/// What a cached result was computed from.
#[derive(Debug, Clone, PartialEq)]
struct CacheKey {
    project: PathBuf,
    revision: u64,
    filter: Filter,
    section: Section,
    mode: CoMode,
    quote_code: Option<Id>,
    subtree: bool,
    template: String,
}

enum Data {
    Frequencies(Vec<CodeRow>),
    Matrix(Matrix),
    Cooccurrence(Matrix),
    Quotes(Vec<Quote>),
}

/// The Analysis window's state (kept while the window is closed).
pub struct AnalysisView {
    pub open: bool,
    pub section: Section,
    pub coder: Option<Id>,
    pub attribute: Option<String>,
    pub value: Option<String>,
    pub presence: bool,
    pub mode: CoMode,
    pub quote_code: Option<Id>,
    pub subtree: bool,
    pub template: String,
    pub export_path: String,
    pub appendix: bool,
    /// The code selected in the main window that Quotes last followed.
    pub followed_code: Option<Id>,
    cache: Vec<(CacheKey, Data)>,
    /// How many analyses were computed (tests check that frames do not recompute).
    pub computed: usize,
}

impl Default for AnalysisView {
    fn default() -> Self {
        AnalysisView {
            open: false,
            section: Section::Frequencies,
            coder: None,
            attribute: None,
            value: None,
            presence: false,
            mode: CoMode::Overlap,
            quote_code: None,
            subtree: true,
            template: CitationStyle::LABEL.to_string(),
            export_path: String::new(),
            appendix: false,
            followed_code: None,
            cache: Vec::new(),
            computed: 0,
        }
    }
}

const CACHE_SIZE: usize = 8;

impl AnalysisView {
    fn filter(&self) -> Filter {
        let mut f = Filter::all().coders(self.coder);
        if let (Some(a), Some(v)) = (&self.attribute, &self.value) {
            f = f.attribute(a.clone(), v.clone());
        }
        f
    }

    fn key(&self, session: &Session) -> CacheKey {
        let s = self.section;
        CacheKey {
            project: session.path().to_path_buf(),
            revision: session.revision(),
            filter: self.filter(),
            section: s,
            mode: if s == Section::Cooccurrence { self.mode } else { CoMode::Overlap },
            quote_code: if s == Section::Quotes { self.quote_code } else { None },
            subtree: s != Section::Quotes || self.subtree,
            template: if s == Section::Quotes { self.template.clone() } else { String::new() },
        }
    }

    /// The current section's result, computed only when its key changed.
    fn data(&mut self, session: &Session) -> &Data {
        let key = self.key(session);
        let pos = match self.cache.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let p = session.project();
                let a = Analysis::new(p);
                let f = &key.filter;
                let d = match key.section {
                    Section::Frequencies => Data::Frequencies(a.code_frequencies(f)),
                    Section::Matrix => Data::Matrix(a.code_case_matrix(f, true)),
                    Section::Cooccurrence => Data::Cooccurrence(a.cooccurrence(f, key.mode)),
                    Section::Quotes => Data::Quotes(match key.quote_code.filter(|c| p.codes.contains_key(c)) {
                        Some(c) => a.quotes(c, key.subtree, f, &CitationStyle::template(key.template.clone())),
                        None => Vec::new(),
                    }),
                };
                self.computed += 1;
                if self.cache.len() >= CACHE_SIZE {
                    self.cache.remove(0);
                }
                self.cache.push((key, d));
                self.cache.len() - 1
            }
        };
        &self.cache[pos].1
    }
}

fn export_lang(lang: Lang) -> export::Lang {
    if lang == Lang::Nl { export::Lang::Nl } else { export::Lang::En }
}

/// A heat-map background for `v` out of `max`: white to a saturated blue.
fn heat(v: usize, max: usize) -> Color32 {
    if v == 0 || max == 0 {
        return Color32::TRANSPARENT;
    }
    let f = (v as f32 / max as f32).clamp(0.0, 1.0);
    let l = |c: f32| (255.0 - (255.0 - c) * (0.15 + 0.85 * f)) as u8;
    Color32::from_rgb(l(66.0), l(133.0), l(244.0))
}

fn heat_text(v: usize, max: usize) -> Color32 {
    if max > 0 && v as f32 / max as f32 > 0.6 { Color32::WHITE } else { Color32::BLACK }
}

impl WerkbankApp {
    /// Number of analyses the Analysis window computed so far (for tests of its cache).
    /// The code the Analysis window's Quotes section shows.
    pub fn analysis_quote_code(&self) -> Option<Id> {
        self.analysis.quote_code
    }

    pub fn analysis_computations(&self) -> usize {
        self.analysis.computed
    }

    /// Draws the Analysis window when it is open.
    pub(super) fn analysis_window(&mut self, ctx: &egui::Context) {
        if !self.analysis.open {
            return;
        }
        let Some(ps) = self.project.as_ref() else {
            self.analysis.open = false;
            return;
        };
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        let session = &ps.session;
        let view = &mut self.analysis;
        // Quotes follow the code selected in the tree (until the user picks another one here).
        if let Some(c) = ps.selected_code.filter(|c| view.followed_code != Some(*c)) {
            view.quote_code = Some(c);
            view.followed_code = Some(c);
        }
        let queue = &mut self.queue;
        let mut open = true;
        let mut message: Option<Result<String, String>> = None;
        egui::Window::new(t(Key::AnalysisTitle))
            .id(egui::Id::unique("analysis_window"))
            .open(&mut open)
            .default_size([900.0, 620.0])
            .vscroll(false)
            .show(ctx, |ui| {
                filters_ui(ui, view, session, lang);
                ui.horizontal(|ui| {
                    for (s, k) in [
                        (Section::Frequencies, Key::AnFrequencies),
                        (Section::Matrix, Key::AnMatrix),
                        (Section::Cooccurrence, Key::AnCooccurrence),
                        (Section::Quotes, Key::AnQuotes),
                    ] {
                        ui.selectable_value(&mut view.section, s, t(k));
                    }
                });
                ui.separator();
                export_bar(ui, view, session, lang, queue, &mut message);
                ui.separator();
                section_options(ui, view, session, lang);
                egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
                    section_body(ui, view, session, lang, queue, &mut message);
                });
            });
        if !open {
            self.analysis.open = false;
        }
        match message {
            Some(Ok(m)) => self.ok(m),
            Some(Err(e)) => self.err(e),
            None => {}
        }
    }
}

fn filters_ui(ui: &mut Ui, view: &mut AnalysisView, session: &Session, lang: Lang) {
    let t = |k| tr(lang, k);
    let p = session.project();
    ui.horizontal(|ui| {
        let name =
            view.coder.and_then(|c| p.coders.get(&c)).map_or(t(Key::AnAllCoders).to_string(), |c| c.name.clone());
        egui::ComboBox::new("analysis_coder", t(Key::AnCoder)).selected_text(name).show_ui(ui, |ui| {
            ui.selectable_value(&mut view.coder, None, t(Key::AnAllCoders));
            for c in p.coders.values() {
                ui.selectable_value(&mut view.coder, Some(c.id), &c.name);
            }
        });
        ui.separator();
        let before = view.attribute.clone();
        let shown = view.attribute.clone().unwrap_or_else(|| t(Key::AnNoAttribute).to_string());
        egui::ComboBox::new("analysis_attribute", t(Key::AnAttribute)).selected_text(shown).show_ui(ui, |ui| {
            ui.selectable_value(&mut view.attribute, None, t(Key::AnNoAttribute));
            for d in p.attribute_defs.values() {
                ui.selectable_value(&mut view.attribute, Some(d.name.clone()), &d.name);
            }
        });
        if view.attribute != before {
            view.value = None;
        }
        if let Some(attr) = view.attribute.clone() {
            let mut values: Vec<String> = p
                .cases
                .values()
                .filter_map(|c| c.attributes.get(&attr))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            values.sort_by(|a, b| crate::core::analysis::natural_cmp(a, b));
            values.dedup();
            let shown = view.value.clone().unwrap_or_else(|| "—".into());
            egui::ComboBox::new("analysis_value", t(Key::AnValue)).selected_text(shown).show_ui(ui, |ui| {
                ui.selectable_value(&mut view.value, None, "—");
                for v in values {
                    ui.selectable_value(&mut view.value, Some(v.clone()), v);
                }
            });
        }
    });
}

fn section_options(ui: &mut Ui, view: &mut AnalysisView, session: &Session, lang: Lang) {
    let t = |k| tr(lang, k);
    let p = session.project();
    match view.section {
        Section::Frequencies => {}
        Section::Matrix => {
            ui.checkbox(&mut view.presence, t(Key::AnPresence));
        }
        Section::Cooccurrence => {
            ui.horizontal(|ui| {
                let name = |m: CoMode| match m {
                    CoMode::Overlap => t(Key::AnModeOverlap),
                    CoMode::SameTurn => t(Key::AnModeTurn),
                    _ => t(Key::AnModeDocument),
                };
                egui::ComboBox::new("analysis_mode", t(Key::AnMode)).selected_text(name(view.mode)).show_ui(ui, |ui| {
                    for m in [CoMode::Overlap, CoMode::SameTurn, CoMode::SameDocument] {
                        ui.selectable_value(&mut view.mode, m, name(m));
                    }
                });
            });
        }
        Section::Quotes => {
            ui.horizontal(|ui| {
                let shown = view
                    .quote_code
                    .filter(|c| p.codes.contains_key(c))
                    .map_or(t(Key::AnPickCode).to_string(), |c| p.code_path_string(c));
                egui::ComboBox::new("analysis_quote_code", t(Key::AnQuoteCode))
                    .selected_text(shown)
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        for id in Analysis::new(p).tree_order() {
                            let indent = "  ".repeat(p.depth(*id));
                            ui.selectable_value(
                                &mut view.quote_code,
                                Some(*id),
                                format!("{indent}{}", p.codes[id].name),
                            );
                        }
                    });
                ui.checkbox(&mut view.subtree, t(Key::AnSubcodes));
            });
            ui.horizontal(|ui| {
                let l = ui.label(t(Key::AnTemplate));
                ui.add(
                    egui::TextEdit::singleline(&mut view.template)
                        .desired_width(420.0)
                        .hint_text(t(Key::AnTemplateHint)),
                )
                .labelled_by(l.id);
            });
        }
    }
}

fn section_body(
    ui: &mut Ui,
    view: &mut AnalysisView,
    session: &Session,
    lang: Lang,
    queue: &mut Vec<Command>,
    message: &mut Option<Result<String, String>>,
) {
    let t = |k| tr(lang, k);
    let presence = view.presence;
    let co = view.section == Section::Cooccurrence;
    let mut pick_code: Option<Id> = None;
    match view.data(session) {
        Data::Frequencies(rows) => {
            egui::Grid::new("analysis_freq").striped(true).num_columns(4).show(ui, |ui| {
                for k in [Key::AnCode, Key::AnCodings, Key::AnRespondents, Key::AnCitation] {
                    ui.strong(t(k));
                }
                ui.end_row();
                for r in rows {
                    let indent = "    ".repeat(r.depth.saturating_sub(1));
                    if ui.selectable_label(false, format!("{indent}{}", r.name)).clicked() {
                        pick_code = Some(r.code);
                    }
                    ui.label(r.total.codings.to_string());
                    ui.label(r.total.respondent_count().to_string());
                    ui.label(r.total.citation());
                    ui.end_row();
                }
            });
        }
        Data::Matrix(m) | Data::Cooccurrence(m) => {
            if m.rows.is_empty() {
                ui.label(RichText::new(t(Key::AnEmpty)).weak());
                return;
            }
            let max = if presence && !co { 1 } else { m.max() };
            let cols: Vec<String> = if co {
                m.rows.iter().map(|r| r.name.clone()).collect()
            } else {
                m.columns.iter().map(|c| c.label.clone()).collect()
            };
            egui::Grid::new(if co { "analysis_co" } else { "analysis_matrix" }).striped(false).show(ui, |ui| {
                ui.strong(t(Key::AnCode));
                for c in &cols {
                    ui.strong(c);
                }
                if !co {
                    ui.strong(t(Key::AnTotal));
                }
                ui.end_row();
                for (row, vals) in m.rows.iter().zip(&m.values) {
                    ui.label(format!("{}{}", "    ".repeat(row.depth.saturating_sub(1)), row.name));
                    let shown: Vec<usize> =
                        vals.iter().map(|&v| if presence && !co { usize::from(v > 0) } else { v }).collect();
                    for &v in &shown {
                        ui.label(
                            RichText::new(format!(" {v} "))
                                .monospace()
                                .background_color(heat(v, max))
                                .color(heat_text(v, max)),
                        );
                    }
                    if !co {
                        ui.label(shown.iter().sum::<usize>().to_string());
                    }
                    ui.end_row();
                }
            });
        }
        Data::Quotes(quotes) => {
            if quotes.is_empty() {
                ui.label(RichText::new(t(Key::AnNoQuotes)).weak());
                return;
            }
            if ui.button(t(Key::AnCopyAll)).clicked() {
                let all: Vec<&str> = quotes.iter().map(|q| q.citation.as_str()).collect();
                ui.ctx().copy_text(all.join("\n\n"));
                *message = Some(Ok(trf(lang, Key::AnCopied, &[&quotes.len()])));
            }
            for q in quotes {
                ui.horizontal_wrapped(|ui| {
                    if ui.small_button(t(Key::AnCopy)).clicked() {
                        ui.ctx().copy_text(q.citation.clone());
                        *message = Some(Ok(trf(lang, Key::AnCopied, &[&1])));
                    }
                    if ui.link(format!("{} · {}", q.document_name, q.line)).clicked() {
                        queue.push(Command::Jump { document: q.document, start: q.start, end: q.end });
                    }
                    ui.label(&q.citation);
                });
                ui.separator();
            }
        }
    }
    if let Some(c) = pick_code {
        view.quote_code = Some(c);
        view.section = Section::Quotes;
    }
}

fn export_bar(
    ui: &mut Ui,
    view: &mut AnalysisView,
    session: &Session,
    lang: Lang,
    queue: &mut Vec<Command>,
    message: &mut Option<Result<String, String>>,
) {
    let t = |k| tr(lang, k);
    ui.horizontal(|ui| {
        // The system's Save dialog (on a worker thread), or the typed path beside it.
        if ui.button(t(Key::AnSaveAs)).clicked() {
            queue.push(Command::Workflow(super::workflows::WorkflowCommand::PickFile(
                super::FilePurpose::ExportAnalysis,
            )));
        }
        let l = ui.label(t(Key::AnExportPath));
        ui.add(egui::TextEdit::singleline(&mut view.export_path).desired_width(380.0).hint_text(t(Key::AnExportHint)))
            .labelled_by(l.id);
        ui.radio_value(&mut view.appendix, false, t(Key::AnScopeSection));
        ui.radio_value(&mut view.appendix, true, t(Key::AnScopeAppendix));
        if ui.button(t(Key::AnExport)).clicked() {
            let path = view.export_path.trim().to_string();
            *message = Some(if path.is_empty() {
                Err(t(Key::AnNoPath).to_string())
            } else {
                let path = PathBuf::from(path);
                match export_to(view, session, lang, &path) {
                    Ok(()) => Ok(trf(lang, Key::AnExported, &[&path.display()])),
                    Err(e) => Err(trf(lang, Key::AnExportFailed, &[&e])),
                }
            });
        }
    });
}

/// Writes the current section (or the whole appendix) to `path`, in the format its extension names.
pub fn export_to(view: &mut AnalysisView, session: &Session, lang: Lang, path: &Path) -> Result<(), String> {
    let el = export_lang(lang);
    let p = session.project();
    let filter = view.filter();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let presence = view.presence;
    let mode = view.mode;
    let a = Analysis::new(p);
    if ext == "svg" || ext == "png" {
        let svg_text = if view.appendix {
            svg::concept_bar_chart(&a.code_frequencies(&filter), tables::tr(el, "frequencies"))
        } else {
            match view.data(session) {
                Data::Frequencies(rows) => svg::concept_bar_chart(rows, tables::tr(el, "frequencies")),
                Data::Matrix(m) => svg::heatmap_svg(tr(lang, Key::AnMatrix), m),
                Data::Cooccurrence(m) => svg::heatmap_svg(tr(lang, Key::AnCooccurrence), m),
                Data::Quotes(_) => return Err(tr(lang, Key::AnNoChart).into()),
            }
        };
        let bytes = if ext == "svg" {
            svg_text.into_bytes()
        } else {
            crate::raster::svg_to_png(&svg_text, 2.0).map_err(|e| e.to_string())?
        };
        return crate::output::write_bytes(path, &bytes).map_err(|e| e.to_string());
    }
    let blocks: Vec<Block> = if view.appendix {
        export::appendix_blocks(&a, &filter, presence, &ReportOptions::new(el))
    } else {
        let quote_title =
            view.quote_code.filter(|c| p.codes.contains_key(c)).map(|c| p.code_path_string(c)).unwrap_or_default();
        let table = match view.data(session) {
            Data::Frequencies(rows) => tables::frequency_table(rows, &ReportOptions::new(el)),
            Data::Matrix(m) => tables::matrix_table(tr(lang, Key::AnMatrix), m, presence, el),
            Data::Cooccurrence(m) => tables::cooccurrence_table(m, mode, el),
            Data::Quotes(q) => tables::quotes_table(&quote_title, q, el),
        };
        vec![Block::Table(table)]
    };
    export::write_report(path, &p.name, &blocks, export::csv::CsvOptions::standard()).map_err(|e| e.to_string())
}
