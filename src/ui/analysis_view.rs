//! The Analysis window: what a thesis needs from its coded data (code frequencies with respondent
//! citations, the code × respondent matrix, co-occurrence, quotes ready to cite) with the
//! thesis's choices (own/total counts, a branch, hide uncoded codes, codings or respondents,
//! "4 respondenten", label order, " en " before the last label), and an export of the current
//! section, the whole appendix, every coded segment or every memo.
//!
//! It lives in its own file so the rest of the UI only needs a few hook lines (a field on
//! [`WerkbankApp`], one draw call, [`Command::OpenAnalysis`]): all computation goes through
//! [`crate::core::analysis`], the choices are an [`ReportOptions`] shaped by the exporters' own
//! functions, and files are written by [`crate::export::report::write`], the function behind
//! `werkbank export`, after the frame (the Export button only queues a command). The frequency
//! table on screen is the table the export writes. Results are cached per (project, revision,
//! filter, section options), so drawing a frame never recomputes an analysis.

pub use super::commands::Scope;
use super::i18n::{Key, Lang, tr, trf};
use super::widgets::labelled_combo;
use super::{Command, WerkbankApp};
use crate::core::analysis::{Analysis, CitationStyle, CoMode, Filter, GroupBy, Matrix, Quote};
use crate::core::model::Id;
use crate::export::options::{CountsShown, Figure, LabelOrder, ReportOptions};
use crate::export::report::Report;
use crate::export::{self, Table, tables};
use crate::session::Session;
use egui::{Color32, RichText, Ui};
use std::path::PathBuf;

/// Which part of the analysis the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Frequencies,
    Matrix,
    Cooccurrence,
    Quotes,
}

/// The order of respondent labels, as the window offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderChoice {
    #[default]
    Natural,
    /// By the number in the label: M1, A2, A5, O7 (interview numbers across groups).
    Number,
    /// The order respondents were added (import = interview order).
    Import,
    /// The order typed in [`AnalysisView::custom_order`] (prefilled from the respondent list).
    Custom,
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
    options: Option<ReportOptions>,
    per_coder: bool,
}

enum Data {
    /// The code of each row and the table the export writes (its document columns).
    Frequencies(Vec<Id>, Table),
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
    /// The frequency table with a column per coder and their total.
    pub per_coder: bool,
    pub mode: CoMode,
    pub quote_code: Option<Id>,
    pub subtree: bool,
    pub template: String,
    pub export_path: String,
    pub scope: Scope,
    // The thesis's choices (see `export::options`).
    pub counts: CountsShown,
    pub figure: Figure,
    /// Only this code and its subcodes.
    pub branch: Option<Id>,
    pub hide_uncoded: bool,
    /// "4 respondenten" instead of bare numbers.
    pub wording: bool,
    pub order: OrderChoice,
    /// Labels in the custom order, comma-separated.
    pub custom_order: String,
    /// " en " / " and " before the last label.
    pub join_and: bool,
    /// Export with respondents' real names (their aliases) replaced by their labels everywhere,
    /// as `werkbank export --pseudonymise` does; the project itself stays as it is.
    pub pseudonymise: bool,
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
            per_coder: false,
            mode: CoMode::Overlap,
            quote_code: None,
            subtree: true,
            template: CitationStyle::LABEL.to_string(),
            export_path: String::new(),
            scope: Scope::Section,
            counts: CountsShown::Total,
            figure: Figure::Both,
            branch: None,
            hide_uncoded: false,
            wording: false,
            order: OrderChoice::Natural,
            custom_order: String::new(),
            join_and: false,
            pseudonymise: false,
            followed_code: None,
            cache: Vec::new(),
            computed: 0,
        }
    }
}

const CACHE_SIZE: usize = 8;

impl AnalysisView {
    /// The window's choices without its cached results (what an export needs).
    fn choices(&self) -> AnalysisView {
        AnalysisView {
            attribute: self.attribute.clone(),
            value: self.value.clone(),
            template: self.template.clone(),
            export_path: self.export_path.clone(),
            custom_order: self.custom_order.clone(),
            cache: Vec::new(),
            ..*self
        }
    }
}

impl AnalysisView {
    fn filter(&self) -> Filter {
        let mut f = Filter::all().coders(self.coder);
        if let (Some(a), Some(v)) = (&self.attribute, &self.value) {
            f = f.attribute(a.clone(), v.clone());
        }
        f
    }

    /// The window's choices as the exporters' options (the same struct `werkbank export` fills
    /// from its flags).
    pub fn options(&self, project: &crate::core::model::Project, lang: Lang) -> ReportOptions {
        ReportOptions {
            lang,
            counts: Some(self.counts),
            figure: self.figure,
            hide_uncoded: self.hide_uncoded,
            wording: self.wording,
            order: match self.order {
                OrderChoice::Natural => LabelOrder::Natural,
                OrderChoice::Number => LabelOrder::Number,
                OrderChoice::Import => LabelOrder::Import,
                OrderChoice::Custom => LabelOrder::Custom(export::options::parse_label_list(&self.custom_order)),
            },
            join_and: self.join_and,
            branch: self.branch.filter(|b| project.codes.contains_key(b)),
            labels: true,
            tree_style: Default::default(),
        }
    }

    fn key(&self, session: &Session, lang: Lang) -> CacheKey {
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
            options: (s != Section::Quotes).then(|| self.options(session.project(), lang)),
            per_coder: s == Section::Frequencies && self.per_coder,
        }
    }

    /// The current section's result, computed only when its key changed.
    fn data(&mut self, session: &Session, lang: Lang) -> &Data {
        let key = self.key(session, lang);
        let pos = match self.cache.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let p = session.project();
                let a = Analysis::new(p);
                let f = &key.filter;
                let o = key.options.clone().unwrap_or_else(|| ReportOptions::new(lang));
                let aggregate = o.counts_or(CountsShown::Total) != CountsShown::Own;
                let d = match key.section {
                    Section::Frequencies if key.per_coder => {
                        let sets = o.coder_frequencies(&a, f);
                        let codes = sets.first().map_or_else(Vec::new, |g| g.rows.iter().map(|r| r.code).collect());
                        Data::Frequencies(codes, tables::coder_table(&sets, &o).for_document())
                    }
                    Section::Frequencies => {
                        let rows = o.shape(p, a.code_frequencies(f));
                        let table = tables::frequency_table(&rows, &o).for_document();
                        Data::Frequencies(rows.iter().map(|r| r.code).collect(), table)
                    }
                    Section::Matrix => Data::Matrix(o.shape_matrix(p, a.code_case_matrix(f, aggregate), true)),
                    Section::Cooccurrence => Data::Cooccurrence(o.shape_matrix(p, a.cooccurrence(f, key.mode), false)),
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

    /// The report the Export button writes to a file in `format`: the section on screen
    /// (its chart for .svg/.png), the appendix, the segments or the memos.
    pub fn report(
        &self,
        scope: Scope,
        project: &crate::core::model::Project,
        format: Option<crate::output::Format>,
        lang: Lang,
    ) -> Result<Report, String> {
        let chart = format.is_some_and(|f| crate::output::CHART_FORMATS.contains(&f));
        Ok(match (scope, self.section) {
            (Scope::Segments, _) => Report::Segments,
            (Scope::Memos, _) => Report::Memos,
            (Scope::Codebook, _) if chart => return Err(tr(lang, Key::AnNoChart).into()),
            (Scope::Codebook, _) => Report::Codebook {
                example: tables::ExampleQuote::First,
                style: CitationStyle::template(self.template.clone()),
            },
            (Scope::Appendix, _) if chart => Report::BarChart,
            (Scope::Appendix, _) => Report::Appendix { presence: self.presence },
            (Scope::Section, Section::Frequencies) if chart && self.per_coder => Report::CoderBarChart,
            (Scope::Section, Section::Frequencies) if chart => Report::BarChart,
            (Scope::Section, Section::Frequencies) if self.per_coder => Report::Groups { by: GroupBy::Coder },
            (Scope::Section, Section::Frequencies) => Report::Frequencies,
            (Scope::Section, Section::Matrix) if chart => Report::Heatmap,
            (Scope::Section, Section::Matrix) => Report::Matrix { presence: self.presence },
            (Scope::Section, Section::Cooccurrence) if chart => Report::CooccurrenceHeatmap { mode: self.mode },
            (Scope::Section, Section::Cooccurrence) => Report::Cooccurrence { mode: self.mode },
            (Scope::Section, Section::Quotes) if chart => return Err(tr(lang, Key::AnNoChart).into()),
            (Scope::Section, Section::Quotes) => Report::Quotes {
                code: self
                    .quote_code
                    .filter(|c| project.codes.contains_key(c))
                    .ok_or_else(|| tr(lang, Key::AnPickCode).to_string())?,
                subtree: self.subtree,
                style: CitationStyle::template(self.template.clone()),
            },
        })
    }
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
    /// The code the Analysis window's Quotes section shows.
    pub fn analysis_quote_code(&self) -> Option<Id> {
        self.analysis.quote_code
    }

    /// The Analysis window's state (tests set what typing would).
    pub fn analysis_view_mut(&mut self) -> &mut AnalysisView {
        &mut self.analysis
    }

    /// The frequency table the Analysis window shows now (what its export writes to documents).
    pub fn analysis_table(&self) -> Option<&Table> {
        let ps = self.project.as_ref()?;
        let key = self.analysis.key(&ps.session, self.settings.language);
        self.analysis.cache.iter().find(|(k, _)| *k == key).and_then(|(_, d)| match d {
            Data::Frequencies(_, t) => Some(t),
            _ => None,
        })
    }

    /// Number of analyses the Analysis window computed so far (for tests of its cache).
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
                export_bar(ui, view, lang, queue);
                ui.separator();
                if view.section != Section::Quotes {
                    report_options_ui(ui, view, session, lang);
                }
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
        labelled_combo(ui, "analysis_coder", t(Key::AnCoder), &name, None, |ui| {
            ui.selectable_value(&mut view.coder, None, t(Key::AnAllCoders));
            for c in p.coders.values() {
                super::bidi::selectable_value(ui, &mut view.coder, Some(c.id), &c.name);
            }
        });
        ui.separator();
        let before = view.attribute.clone();
        let shown = view.attribute.clone().unwrap_or_else(|| t(Key::AnNoAttribute).to_string());
        labelled_combo(ui, "analysis_attribute", t(Key::AnAttribute), &shown, None, |ui| {
            ui.selectable_value(&mut view.attribute, None, t(Key::AnNoAttribute));
            for d in p.attribute_defs.values() {
                super::bidi::selectable_value(ui, &mut view.attribute, Some(d.name.clone()), &d.name);
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
            labelled_combo(ui, "analysis_value", t(Key::AnValue), &shown, None, |ui| {
                ui.selectable_value(&mut view.value, None, "—");
                for v in values {
                    ui.selectable_value(&mut view.value, Some(v.clone()), v);
                }
            });
        }
    });
}

/// The thesis's choices for counted tables: own/total counts, the figure, a branch, uncoded
/// codes, wording, label order and joining. They shape the table on screen and every export.
fn report_options_ui(ui: &mut Ui, view: &mut AnalysisView, session: &Session, lang: Lang) {
    let t = |k| tr(lang, k);
    let p = session.project();
    ui.horizontal_wrapped(|ui| {
        let counts_name = |c: CountsShown| match c {
            CountsShown::Own => t(Key::AnCountsOwn),
            CountsShown::Total => t(Key::AnCountsTotal),
            CountsShown::Both => t(Key::AnCountsBoth),
        };
        labelled_combo(ui, "analysis_counts", t(Key::AnCountsLabel), counts_name(view.counts), None, |ui| {
            for c in [CountsShown::Total, CountsShown::Own, CountsShown::Both] {
                ui.selectable_value(&mut view.counts, c, counts_name(c));
            }
        });
        let figure_name = |f: Figure| match f {
            Figure::Codings => t(Key::AnFigureCodings),
            Figure::Respondents => t(Key::AnFigureRespondents),
            Figure::Both => t(Key::AnFigureBoth),
            Figure::None => t(Key::AnFigureNone),
        };
        labelled_combo(ui, "analysis_figure", t(Key::AnFigureLabel), figure_name(view.figure), None, |ui| {
            for f in [Figure::Both, Figure::Codings, Figure::Respondents, Figure::None] {
                ui.selectable_value(&mut view.figure, f, figure_name(f));
            }
        });
        let shown = view
            .branch
            .filter(|c| p.codes.contains_key(c))
            .map_or(t(Key::AnWholeTree).to_string(), |c| p.code_path_string(c));
        labelled_combo(ui, "analysis_branch", t(Key::AnBranch), &shown, Some(220.0), |ui| {
            ui.selectable_value(&mut view.branch, None, t(Key::AnWholeTree));
            for id in Analysis::new(p).tree_order() {
                // Indented by space, not by spaces in the name (screen readers read the name).
                ui.horizontal(|ui| {
                    ui.add_space(12.0 * p.depth(*id).saturating_sub(1) as f32);
                    super::bidi::selectable_value(ui, &mut view.branch, Some(*id), &p.codes[id].name);
                });
            }
        });
        ui.checkbox(&mut view.hide_uncoded, t(Key::AnHideUncoded));
    });
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut view.wording, t(Key::AnWording));
        let order_name = |o: OrderChoice| match o {
            OrderChoice::Natural => t(Key::AnOrderNatural),
            OrderChoice::Number => t(Key::AnOrderNumber),
            OrderChoice::Import => t(Key::AnOrderImport),
            OrderChoice::Custom => t(Key::AnOrderCustom),
        };
        let before = view.order;
        labelled_combo(ui, "analysis_order", t(Key::AnOrderLabel), order_name(view.order), None, |ui| {
            for o in [OrderChoice::Natural, OrderChoice::Number, OrderChoice::Import, OrderChoice::Custom] {
                ui.selectable_value(&mut view.order, o, order_name(o));
            }
        });
        // A custom order starts from the respondent list (the order they were added).
        if view.order == OrderChoice::Custom && before != OrderChoice::Custom && view.custom_order.trim().is_empty() {
            view.custom_order = p.cases.values().map(|c| c.label.as_str()).collect::<Vec<_>>().join(", ");
        }
        if view.order == OrderChoice::Custom {
            let l = ui.label(t(Key::AnOrderList));
            ui.add(egui::TextEdit::singleline(&mut view.custom_order).desired_width(260.0)).labelled_by(l.id);
        }
        ui.checkbox(&mut view.join_and, t(Key::AnJoinAnd));
    });
    ui.separator();
}

fn section_options(ui: &mut Ui, view: &mut AnalysisView, session: &Session, lang: Lang) {
    let t = |k| tr(lang, k);
    let p = session.project();
    match view.section {
        Section::Frequencies => {
            ui.checkbox(&mut view.per_coder, t(Key::AnPerCoder));
        }
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
                labelled_combo(ui, "analysis_mode", t(Key::AnMode), name(view.mode), None, |ui| {
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
                labelled_combo(ui, "analysis_quote_code", t(Key::AnQuoteCode), &shown, Some(320.0), |ui| {
                    for id in Analysis::new(p).tree_order() {
                        let indent = "  ".repeat(p.depth(*id));
                        let name = format!("{indent}{}", p.codes[id].name);
                        super::bidi::selectable_value(ui, &mut view.quote_code, Some(*id), &name);
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
    match view.data(session, lang) {
        Data::Frequencies(codes, table) => {
            if codes.is_empty() {
                ui.label(RichText::new(t(Key::AnEmpty)).weak());
                return;
            }
            egui::Grid::new("analysis_freq").striped(true).num_columns(table.headers.len()).show(ui, |ui| {
                for h in &table.headers {
                    super::bidi::show(ui, h, egui::TextStyle::Body, true);
                }
                ui.end_row();
                for (i, (&code, cells)) in codes.iter().zip(&table.rows).enumerate() {
                    for (j, c) in cells.iter().enumerate() {
                        if j == 0 {
                            let indent = "    ".repeat(table.indent.get(i).copied().unwrap_or(0));
                            // Arabic or Hebrew code names right to left, letters joined.
                            let name = format!("{indent}{}", c.display());
                            if super::bidi::selectable(ui, false, &name, egui::TextStyle::Body).clicked() {
                                pick_code = Some(code);
                            }
                        } else {
                            super::bidi::show(ui, &c.display(), egui::TextStyle::Body, false);
                        }
                    }
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
                    super::bidi::show(ui, c, egui::TextStyle::Body, true);
                }
                if !co {
                    ui.strong(t(Key::AnTotal));
                }
                ui.end_row();
                for (row, vals) in m.rows.iter().zip(&m.values) {
                    let name = format!("{}{}", "    ".repeat(row.depth.saturating_sub(1)), row.name);
                    super::bidi::show(ui, &name, egui::TextStyle::Body, false);
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
                    let place = format!("{} · {}", q.document_name, q.line);
                    let link = ui.link(super::bidi::label(ui, &place, egui::TextStyle::Body, false));
                    if super::bidi::name(link, egui::Role::Link, &place, None).clicked() {
                        queue.push(Command::Jump { document: q.document, start: q.start, end: q.end });
                    }
                    // Quotes in Arabic or Hebrew right to left, letters joined.
                    let width = ui.available_width();
                    ui.label(super::bidi::paragraph(ui, &q.citation, egui::TextStyle::Body, width));
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

fn export_bar(ui: &mut Ui, view: &mut AnalysisView, lang: Lang, queue: &mut Vec<Command>) {
    use super::commands::WorkflowCommand as W;
    let t = |k| tr(lang, k);
    ui.horizontal_wrapped(|ui| {
        ui.radio_value(&mut view.scope, Scope::Section, t(Key::AnScopeSection));
        ui.radio_value(&mut view.scope, Scope::Appendix, t(Key::AnScopeAppendix));
        ui.radio_value(&mut view.scope, Scope::Segments, t(Key::AnScopeSegments));
        ui.radio_value(&mut view.scope, Scope::Memos, t(Key::AnScopeMemos));
        ui.radio_value(&mut view.scope, Scope::Codebook, t(Key::AnScopeCodebook));
        ui.separator();
        ui.checkbox(&mut view.pseudonymise, t(Key::AnPseudonymise)).on_hover_text(t(Key::AnPseudonymiseHint));
    });
    ui.horizontal(|ui| {
        // The system's Save dialog (on a worker thread), or the typed path beside it.
        if ui.button(t(Key::AnSaveAs)).clicked() {
            queue.push(Command::Workflow(W::PickFile(super::FilePurpose::ExportReport(view.scope))));
        }
        let l = ui.label(t(Key::AnExportPath));
        ui.add(egui::TextEdit::singleline(&mut view.export_path).desired_width(380.0).hint_text(t(Key::AnExportHint)))
            .labelled_by(l.id);
        // Written after the frame, like every other command.
        if ui.button(t(Key::AnExport)).clicked() {
            let path = PathBuf::from(view.export_path.trim());
            queue.push(Command::Workflow(W::ExportReport { path, scope: view.scope }));
        }
    });
}

/// What the Export button writes, taken from the window when it is pressed (its filter and
/// choices), so that the file can be written on a worker thread from a copy of the project.
pub struct Export {
    view: AnalysisView,
    scope: Scope,
    lang: Lang,
}

impl Export {
    pub fn of(view: &AnalysisView, scope: Scope, lang: Lang) -> Self {
        Export { view: view.choices(), scope, lang }
    }

    /// Writes what the Export button names (see [`AnalysisView::report`]) to `path`, with the
    /// window's filter and choices, through the CLI's report writer. Dutch CSV gets `;` and
    /// decimal commas (what Dutch Excel opens). Says whether the file came out empty (nothing
    /// coded in the branch under the filter), which the status bar then reports.
    pub fn write(
        &self,
        project: &crate::core::model::Project,
        path: &std::path::Path,
    ) -> Result<Option<export::report::Empty>, String> {
        let (view, lang) = (&self.view, self.lang);
        if path.as_os_str().is_empty() {
            return Err(tr(lang, Key::AnNoPath).into());
        }
        let pseudonymised;
        let project = if view.pseudonymise {
            let subs = crate::core::pseudonym::substitutions_from_aliases(project);
            if subs.is_empty() {
                return Err(tr(lang, Key::AnPseudonymiseNoAliases).into());
            }
            pseudonymised = crate::core::pseudonym::pseudonymised(project, &subs);
            &pseudonymised
        } else {
            project
        };
        let report = view.report(self.scope, project, crate::output::Format::of_path(path), lang)?;
        let csv =
            if lang == Lang::Nl { export::csv::CsvOptions::excel_nl() } else { export::csv::CsvOptions::standard() };
        let (filter, options) = (view.filter(), view.options(project, lang));
        export::report::write(project, &report, &filter, &options, csv, path).map_err(|e| e.to_string())?;
        Ok(export::report::empty(project, &report, &filter, &options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Format;

    #[test]
    fn a_supervisor_who_exports_the_per_coder_frequencies_as_a_picture_gets_a_bar_per_coder() {
        let project = crate::core::model::Project::default();
        let mut view = AnalysisView { per_coder: true, ..AnalysisView::default() };
        let report = |view: &AnalysisView, format| view.report(Scope::Section, &project, Some(format), Lang::Nl);
        assert_eq!(report(&view, Format::Png), Ok(Report::CoderBarChart));
        assert_eq!(report(&view, Format::Svg), Ok(Report::CoderBarChart));
        assert_eq!(report(&view, Format::Xlsx), Ok(Report::Groups { by: GroupBy::Coder }));
        view.per_coder = false;
        assert_eq!(report(&view, Format::Png), Ok(Report::BarChart));
    }
}
