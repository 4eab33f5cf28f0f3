//! The app's multi-step workflows that a thesis student would otherwise need the terminal for:
//! pseudonymising (a copy or the project itself, with a preview of every replacement), importing a
//! codebook (a preview tree with warnings before anything is written), exporting the codebook and
//! the appendix through a real Save dialog, reading the edit log, managing backups, and the demo
//! project (its banner, "Save as my project…", a confirmed reset).
//!
//! They live in one file so the rest of the UI only needs a few hook lines: one
//! [`Command::Workflow`] variant, one field on [`WerkbankApp`], one draw call. Every dialog's
//! preview is computed once when it opens (or when its input changes), never per frame; every
//! change goes through the session (one undo step) or the same functions the CLI uses.

pub use super::commands::WorkflowCommand;
use super::errors::UiError;
use super::i18n::{Key, Lang, tr, trf};
use super::jobs::{self, Job, Poll, file_name};
use super::widgets::combo;
use super::{Command, FilePurpose, WerkbankApp};
use crate::codebook::CodeNode;
use crate::core::model::{Id, Project};
use crate::core::pseudonym::{self, Substitution};
use crate::core::text::CharIndex;
use egui::{Color32, RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One row of the edit log viewer.
#[derive(Debug, Clone)]
pub struct LogRow {
    pub seq: i64,
    pub at: String,
    pub coder: String,
    pub kind: String,
    pub action: String,
}

/// A term of the pseudonymisation preview: how often it occurs and one example in context.
#[derive(Debug, Clone, PartialEq)]
pub struct TermPreview {
    pub term: String,
    pub replacement: String,
    pub count: usize,
    pub documents: usize,
    /// The first occurrence with some context, before and after replacing.
    pub example: Option<(String, String)>,
}

/// The pseudonymise dialog.
#[derive(Debug, Clone)]
pub struct PseudonymiseState {
    /// `term = replacement` lines, prefilled with the respondents' aliases.
    pub terms: String,
    /// Write a pseudonymised copy (true, the safe default) or change this project (undoable).
    pub copy: bool,
    pub path: String,
    /// The preview of the terms last searched for (see [`PseudonymiseState::refresh`]).
    pub preview: Preview,
    previewed: String,
    /// The search for the terms as they were typed, while it runs on a worker.
    searching: Option<Search>,
}

/// The preview of some terms, or why they cannot be read.
type Preview = Result<Vec<TermPreview>, String>;

/// A pseudonymisation preview being searched for on a worker, and the terms it searches.
#[derive(Clone)]
struct Search {
    terms: String,
    job: Arc<Mutex<Job<Preview>>>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").field("terms", &self.terms).finish_non_exhaustive()
    }
}

/// A code of a codebook about to be imported, flattened in tree order.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewCode {
    pub depth: usize,
    pub name: String,
    pub description: String,
    /// A code with this path exists already: it is reused, not duplicated.
    pub exists: bool,
}

/// The codebook import dialog: the file's tree and what importing it would do.
#[derive(Debug, Clone)]
pub struct CodebookPreview {
    pub path: PathBuf,
    pub under: Option<Id>,
    /// The parsed tree, or why the file cannot be read as a codebook.
    pub parsed: Result<(String, Vec<CodeNode>), String>,
    /// Flattened tree with new/existing marks and the warnings, for `under`.
    pub codes: Vec<PreviewCode>,
    pub warnings: Vec<String>,
    computed_for: Option<Option<Id>>,
}

/// The open workflow dialog.
#[derive(Debug, Clone)]
pub enum Workflow {
    Pseudonymise(PseudonymiseState),
    CodebookPreview(CodebookPreview),
    EditLog { rows: Vec<LogRow>, filter: String },
    Backups { list: Vec<crate::session::BackupInfo> },
    ResetDemo,
    TableImport(Box<super::tables::TableImport>),
    CodebookExport(CodebookExportState),
}

/// The codebook export dialog: what `werkbank codebook export` offers, as choices.
#[derive(Debug, Clone, PartialEq)]
pub struct CodebookExportState {
    pub format: crate::output::Format,
    /// `None`: names only.
    pub counts: Option<crate::export::options::CountsShown>,
    pub style: crate::export::TreeStyle,
    /// The typed path (the fallback when there is no system Save dialog).
    pub path: String,
}

impl Default for CodebookExportState {
    fn default() -> Self {
        CodebookExportState {
            format: crate::output::Format::Docx,
            counts: None,
            style: crate::export::TreeStyle::Bullets,
            path: String::new(),
        }
    }
}

/// The formats the dialog offers: those `codebook export` writes (documents of the tree,
/// outlines, a codebook file, a table).
pub const CODEBOOK_DIALOG_FORMATS: &[crate::output::Format] = crate::output::CODE_TREE_FORMATS;

impl CodebookExportState {
    /// The report options the choices stand for (the same `codebook export` fills from its flags).
    pub fn options(&self, lang: Lang) -> crate::export::options::ReportOptions {
        use crate::export::options::{Figure, ReportOptions};
        ReportOptions {
            counts: self.counts,
            figure: if self.counts.is_some() { Figure::Both } else { Figure::None },
            wording: true,
            labels: false,
            tree_style: self.style,
            ..ReportOptions::new(if lang == Lang::Nl { crate::export::Lang::Nl } else { crate::export::Lang::En })
        }
    }
}

/// Writes the code tree to `path` with `st`'s choices (names only without a dialog); how many
/// codes the file holds.
pub fn export_code_tree(
    project: &Project,
    st: Option<&CodebookExportState>,
    path: &Path,
    lang: Lang,
) -> Result<usize, String> {
    let st = st.cloned().unwrap_or_default();
    crate::workflow::write_code_tree(project, &crate::core::analysis::Filter::all(), &st.options(lang), None, path)
        .map_err(|e| e.to_string())
}

/// The documents' texts, for a search on a worker (shared, not copied).
fn texts(project: &Project) -> Vec<Arc<str>> {
    project.documents.values().map(|d| d.text.clone()).collect()
}

/// How each term of `subs` would be replaced across the documents' `texts`.
pub fn pseudonym_preview(texts: &[Arc<str>], subs: &[Substitution]) -> Vec<TermPreview> {
    let mut out: Vec<TermPreview> = subs
        .iter()
        .map(|s| TermPreview {
            term: s.term.clone(),
            replacement: s.replacement.clone(),
            count: 0,
            documents: 0,
            example: None,
        })
        .collect();
    let key = |t: &str| t.to_lowercase();
    for text in texts {
        let reps = pseudonym::find_replacements(text, subs);
        if reps.is_empty() {
            continue;
        }
        let ix = CharIndex::new(text);
        let passage = |start: usize, end: usize| ix.slice(text, start, end.min(ix.char_len()));
        let mut seen = std::collections::HashSet::new();
        for r in &reps {
            let matched = key(passage(r.start, r.end));
            let Some(i) = out.iter().position(|t| key(&t.term) == matched) else { continue };
            let t = &mut out[i];
            t.count += 1;
            if seen.insert(i) {
                t.documents += 1;
            }
            if t.example.is_none() {
                let before = passage(r.start.saturating_sub(40), r.start);
                let after = passage(r.end, r.end + 40);
                let flat = |s: &str| s.replace('\n', " ");
                t.example = Some((
                    format!("…{}{}{}…", flat(before), passage(r.start, r.end), flat(after)),
                    format!("…{}{}{}…", flat(before), r.with, flat(after)),
                ));
            }
        }
    }
    out
}

impl PseudonymiseState {
    /// The dialog with the respondents' aliases as terms, previewed (on the worker that opens it).
    fn new(project: &Project) -> Self {
        let terms: String = pseudonym::substitutions_from_aliases(project)
            .iter()
            .map(|s| format!("{} = {}\n", s.term, s.replacement))
            .collect();
        let preview = preview_of(&texts(project), &terms);
        PseudonymiseState { previewed: terms.clone(), terms, copy: true, path: String::new(), preview, searching: None }
    }

    /// Keeps the preview up with the terms as typed. Every transcript is searched, which takes
    /// seconds on a big project: on a worker, one search at a time, so a burst of keystrokes
    /// costs one more search, for the terms as they stand when the running one ends. True while
    /// a search runs (the dialog says so and is drawn again).
    fn refresh(&mut self, project: &Project, hold: Option<&jobs::Hold>, lang: Lang) -> bool {
        if let Some(search) = &self.searching {
            let polled = search.job.lock().map_or(Poll::Failed, |job| job.poll());
            match polled {
                Poll::Running => return true,
                Poll::Done(preview) => self.preview = preview,
                Poll::Cancelled | Poll::Failed => {
                    self.preview = Err(trf(lang, Key::JobFailed, &[&tr(lang, Key::PsSearching)]));
                }
            }
            self.previewed = search.terms.clone();
            self.searching = None;
        }
        if self.previewed == self.terms {
            return false;
        }
        let (texts, terms) = (texts(project), self.terms.clone());
        let job = Job::spawn_held("preview", 0, hold.cloned(), move |_| preview_of(&texts, &terms));
        self.searching = Some(Search { terms: self.terms.clone(), job: Arc::new(Mutex::new(job)) });
        true
    }

    /// Whether a search for the preview runs (tests wait for it).
    pub fn searching(&self) -> bool {
        self.searching.is_some()
    }
}

/// The preview of `terms` (`term = replacement` lines) in `texts`, or why they cannot be read.
fn preview_of(texts: &[Arc<str>], terms: &str) -> Preview {
    pseudonym::parse_substitutions(terms).map(|subs| pseudonym_preview(texts, &subs))
}

/// Flattens `nodes` in tree order, marking which already exist under `parent` in `project` (the
/// rule [`codebook::insert_into_project`] follows: same name under the same parent is reused).
fn mark_existing(
    project: &Project,
    parent: Option<Id>,
    parent_exists: bool,
    nodes: &[CodeNode],
    depth: usize,
    out: &mut Vec<PreviewCode>,
) {
    for n in nodes {
        let name = n.name.trim();
        let existing = if parent_exists {
            project.children(parent).into_iter().find(|c| c.name == name).map(|c| c.id)
        } else {
            None
        };
        out.push(PreviewCode {
            depth,
            name: name.to_string(),
            description: n.description.clone(),
            exists: existing.is_some(),
        });
        mark_existing(project, existing, existing.is_some(), &n.children, depth + 1, out);
    }
}

impl CodebookPreview {
    fn new(project: &Project, path: &Path, lang: Lang) -> Self {
        // The same reader as the import itself, so the preview shows what will be imported.
        let parsed = crate::workflow::read_codebook_file(path)
            .map(|cb| (cb.name, cb.codes))
            .map_err(|e| match e {
                crate::workflow::WorkflowError::Codebook { source, .. } => source.to_string(),
                other => other.to_string(),
            })
            .and_then(|(n, codes)| if codes.is_empty() { Err(String::new()) } else { Ok((n, codes)) });
        let mut p = CodebookPreview {
            path: path.to_path_buf(),
            under: None,
            parsed,
            codes: vec![],
            warnings: vec![],
            computed_for: None,
        };
        p.refresh(project, lang);
        p
    }

    fn refresh(&mut self, project: &Project, lang: Lang) {
        if self.computed_for == Some(self.under) {
            return;
        }
        self.computed_for = Some(self.under);
        self.codes.clear();
        self.warnings.clear();
        let Ok((_, nodes)) = &self.parsed else { return };
        mark_existing(project, self.under, true, nodes, 0, &mut self.codes);
        let reused = self.codes.iter().filter(|c| c.exists).count();
        if reused > 0 {
            self.warnings.push(trf(lang, Key::CbReused, &[&reused]));
        }
        // A new code whose name already exists elsewhere in the tree makes a second code. Looked
        // up by name, not by scanning the tree per code: a codebook may hold 100,000 codes.
        let mut by_name: std::collections::HashMap<String, Id> = std::collections::HashMap::new();
        for k in project.codes.values() {
            by_name.entry(k.name.to_ascii_lowercase()).or_insert(k.id);
        }
        let mut twice: Vec<String> = self
            .codes
            .iter()
            .filter(|c| !c.exists)
            .filter_map(|c| {
                let other = *by_name.get(&c.name.to_ascii_lowercase())?;
                Some(trf(lang, Key::CbAlsoExists, &[&c.name, &project.code_path_string(other)]))
            })
            .collect();
        twice.dedup();
        let extra = twice.len().saturating_sub(5);
        self.warnings.extend(twice.into_iter().take(5));
        if extra > 0 {
            self.warnings.push(trf(lang, Key::CbMoreWarnings, &[&extra]));
        }
        if self.codes.iter().any(|c| c.name.chars().count() > 80) {
            self.warnings.push(tr(lang, Key::CbLongNames).to_string());
        }
    }

    /// How many codes importing would add.
    pub fn new_codes(&self) -> usize {
        self.codes.iter().filter(|c| !c.exists).count()
    }
}

/// The edit log's entries as the dialog lists them, newest first.
fn log_rows(log: Vec<crate::session::LogEntry>) -> Vec<LogRow> {
    let mut rows: Vec<LogRow> = log
        .into_iter()
        .map(|e| LogRow {
            seq: e.seq,
            at: chrono::DateTime::from_timestamp(e.at, 0)
                .map(|t| {
                    let local: chrono::DateTime<chrono::Local> = t.into();
                    local.format("%Y-%m-%d %H:%M").to_string()
                })
                .unwrap_or_default(),
            coder: e.coder,
            kind: e.kind,
            action: e.action,
        })
        .collect();
    rows.reverse();
    rows
}

impl WerkbankApp {
    /// Writes an Analysis export after the frame (the window's Export button and Save dialog, and
    /// the File menu's exports): `scope` says what, the window's filter and choices say how. The
    /// path is remembered in the window's field.
    /// The file is written on a worker thread from a copy of the project (progress and Cancel in
    /// the window).
    fn export_report(&mut self, path: PathBuf, scope: super::commands::Scope) {
        let lang = self.settings.language;
        if self.project.is_none() {
            return;
        }
        self.analysis.export_path = path.display().to_string();
        let export = super::analysis_view::Export::of(&self.analysis, scope, lang);
        self.start_write(&path.clone(), false, move |project| match export.write(project, &path) {
            Ok(None) => Ok(trf(lang, Key::AnExported, &[&path.display()])),
            // The file says so too, but a student who does not open it must not think it is full.
            Ok(Some(empty)) => Ok(trf(lang, Key::AnExportedEmpty, &[&path.display(), &empty.say(lang)])),
            Err(e) => Err(trf(lang, Key::AnExportFailed, &[&e])),
        });
    }

    /// Applies a workflow command; results and errors go to the status bar.
    pub(super) fn apply_workflow(&mut self, cmd: WorkflowCommand) {
        use WorkflowCommand as W;
        let lang = self.settings.language;
        match cmd {
            W::PickFile(purpose) => self.file_dialog(purpose),
            W::SaveProjectCopy { path } => self.save_project_copy(path),
            W::ResetDemoDialog => self.workflow = Some(Workflow::ResetDemo),
            W::ResetDemo => {
                self.workflow = None;
                self.project = None;
                match crate::demo::reset_demo_at(&self.demo_path, &self.coder) {
                    Ok(s) => {
                        self.set_session(s, false);
                        self.ok(tr(lang, Key::DemoReset));
                    }
                    Err(e) => self.err(format!("{e:#}")),
                }
            }
            // The first preview searches every transcript: on a worker.
            W::PseudonymiseDialog => self.start_dialog(tr(lang, Key::JobFindingTerms).into(), |project| {
                Workflow::Pseudonymise(PseudonymiseState::new(project))
            }),
            W::PseudonymCopyPath { path } => {
                if let Some(Workflow::Pseudonymise(st)) = &mut self.workflow {
                    st.path = path.display().to_string();
                    st.copy = true;
                }
            }
            W::Pseudonymise { terms, copy_to } => self.pseudonymise(&terms, copy_to),
            // Reading and parsing a codebook of thousands of codes takes seconds: on a worker, for
            // the preview and again for the import (the file as it is now), which is one undo step.
            W::PreviewCodebook { path } => {
                let label = trf(lang, Key::JobReading, &[&file_name(&path)]);
                self.start_dialog(label, move |project| {
                    Workflow::CodebookPreview(CodebookPreview::new(project, &path, lang))
                });
            }
            W::ImportCodebook { path, under } => {
                self.workflow = None;
                let label = trf(lang, Key::JobReading, &[&file_name(&path)]);
                self.start_edit(label, false, move |project| {
                    let edit = crate::workflow::codebook_edit(project, &path, under)
                        .map_err(|e| UiError::Said(e.to_string()))?;
                    let n = edit.changes.len();
                    Ok((edit, trf(lang, Key::CodebookImported, &[&n])))
                });
            }
            W::CodebookExportDialog => {
                if self.project.is_some() {
                    self.workflow = Some(Workflow::CodebookExport(CodebookExportState::default()));
                }
            }
            W::ExportCodebook { path } => {
                let st = match &self.workflow {
                    Some(Workflow::CodebookExport(st)) => Some(st.clone()),
                    _ => None,
                };
                // The dialog closes once the file is written.
                self.start_write(&path.clone(), st.is_some(), move |project| {
                    match export_code_tree(project, st.as_ref(), &path, lang) {
                        Ok(n) => Ok(trf(lang, Key::CodebookWritten, &[&n, &path.display()])),
                        Err(e) => Err(trf(lang, Key::AnExportFailed, &[&e])),
                    }
                });
            }
            W::ExportReport { path, scope } => self.export_report(path, scope),
            // A spreadsheet of hundreds of respondents or answers: read on a worker, for the
            // dialog and again for the import, which is one undo step.
            W::PreviewTable { path, survey } => {
                let label = trf(lang, Key::JobReading, &[&file_name(&path)]);
                self.start_dialog(label, move |project| {
                    Workflow::TableImport(Box::new(super::tables::TableImport::new(project, &path, survey, lang)))
                });
            }
            W::ImportTable { path, survey, choice } => {
                self.workflow = None;
                let label = trf(lang, Key::JobReading, &[&file_name(&path)]);
                self.start_edit(label, false, move |project| {
                    Ok(super::tables::import(project, &path, survey, &choice, lang)?)
                });
            }
            // Read once, through a connection of the worker's own: a project coded for months
            // has tens of thousands of entries.
            W::EditLog => {
                let Some(ps) = &self.project else { return };
                match ps.session.worker() {
                    Ok(worker) => self.start_workflow(tr(lang, Key::JobEditLog).into(), move || {
                        Ok(Workflow::EditLog { rows: log_rows(worker.log()?), filter: String::new() })
                    }),
                    Err(e) => self.err(e),
                }
            }
            W::Backups => {
                let Some(ps) = &self.project else { return };
                let list = ps.session.backups();
                self.workflow = Some(Workflow::Backups { list });
            }
            // On a worker, through a connection of its own; the list refreshes when it is done.
            W::BackupNow => self.start_backup(),
        }
    }

    /// "Save as my project…": the open project (usually the demo) becomes a new project file of
    /// the user's own, written on a worker, which is then opened and remembered.
    fn save_project_copy(&mut self, mut path: PathBuf) {
        let lang = self.settings.language;
        if path.extension().is_none() {
            path.set_extension("werkbank");
        }
        let name = crate::workflow::document_name(&path);
        let said = trf(lang, Key::SavedAsProject, &[&path.display()]);
        self.start_new_project(path, true, move |mut copy| {
            copy.name = name;
            (copy, said)
        });
    }

    /// Replaces the terms in a copy written at `copy_to` or in this project (one undo step); the
    /// search through every transcript and the writing run on a worker.
    fn pseudonymise(&mut self, terms: &str, copy_to: Option<PathBuf>) {
        let lang = self.settings.language;
        let subs = match pseudonym::parse_substitutions(terms) {
            Ok(s) if s.is_empty() => return self.err(tr(lang, Key::PsNoTerms)),
            Ok(s) => s,
            Err(e) => return self.err(e),
        };
        let found = |project: &Project, subs: &[Substitution]| -> usize {
            pseudonym_preview(&texts(project), subs).iter().map(|t| t.count).sum()
        };
        match copy_to {
            Some(mut dest) => {
                if dest.extension().is_none() {
                    dest.set_extension("werkbank");
                }
                let shown = dest.display().to_string();
                self.start_new_project(dest, false, move |project| {
                    let said = trf(lang, Key::PsCopyWritten, &[&found(&project, &subs), &shown]);
                    (pseudonym::pseudonymised(&project, &subs), said)
                });
            }
            None => self.start_edit(tr(lang, Key::JobPseudonymising).into(), true, move |project| {
                let said = trf(lang, Key::PsDone, &[&found(project, &subs)]);
                Ok((pseudonym::pseudonymise_edit(project, &subs), said))
            }),
        }
    }

    /// The permanent banner over the demo project.
    pub(super) fn demo_banner(&mut self, ui: &mut Ui) {
        if !self.is_demo() {
            return;
        }
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        let queue = &mut self.queue;
        egui::Panel::top("demo-banner")
            .frame(
                egui::Frame::new().fill(Color32::from_rgb(255, 236, 179)).inner_margin(egui::Margin::symmetric(10, 5)),
            )
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(t(Key::DemoBadge)).strong().color(Color32::from_rgb(120, 60, 0)));
                    ui.label(RichText::new(t(Key::DemoExplain)).color(Color32::from_rgb(40, 40, 40)));
                    if ui.button(t(Key::SaveAsMyProject)).clicked() {
                        queue.push(Command::Workflow(WorkflowCommand::PickFile(FilePurpose::SaveProjectCopy)));
                    }
                    if ui.button(t(Key::NewProject)).clicked() {
                        queue.push(Command::NewProjectDialog);
                    }
                    if ui.button(t(Key::ResetDemo)).clicked() {
                        queue.push(Command::Workflow(WorkflowCommand::ResetDemoDialog));
                    }
                });
            });
    }

    /// Draws the open workflow dialog.
    pub(super) fn workflow_ui(&mut self, ctx: &egui::Context) {
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        let Some(wf) = self.workflow.as_mut() else { return };
        let Some(ps) = self.project.as_ref() else {
            self.workflow = None;
            return;
        };
        let project = ps.session.project();
        let read_only = ps.session.is_read_only();
        let hold = self.hold.as_ref();
        let mut close = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        let mut cmd: Option<Command> = None;
        egui::Modal::new(egui::Id::unique("workflow-dialog")).show(ctx, |ui| {
            let max_h = (ctx.content_rect().height() - 240.0).max(160.0);
            match wf {
                Workflow::CodebookExport(st) => {
                    use crate::export::{TreeStyle, options::CountsShown};
                    ui.set_width(560.0);
                    ui.heading(t(Key::ExportCodebook).trim_end_matches('…'));
                    ui.label(RichText::new(t(Key::CbxExplain)).weak());
                    let before = st.format;
                    egui::Grid::new("codebook_export_choices").num_columns(2).show(ui, |ui| {
                        ui.label(t(Key::CbxFormat));
                        let name = |f: crate::output::Format| format!(".{}", f.extension());
                        combo(ui, "codebook_format", t(Key::CbxFormat), &name(st.format), None, |ui| {
                            for &f in CODEBOOK_DIALOG_FORMATS {
                                ui.selectable_value(&mut st.format, f, name(f));
                            }
                        });
                        ui.end_row();
                        let tree_file = st.format != crate::output::Format::Json;
                        let counts_name = |c: Option<CountsShown>| match c {
                            None => t(Key::CbxNamesOnly),
                            Some(CountsShown::Own) => t(Key::AnCountsOwn),
                            Some(CountsShown::Total) => t(Key::AnCountsTotal),
                            Some(CountsShown::Both) => t(Key::AnCountsBoth),
                        };
                        ui.label(t(Key::AnCountsLabel));
                        ui.add_enabled_ui(tree_file, |ui| {
                            let shown = counts_name(st.counts);
                            combo(ui, "codebook_counts", t(Key::AnCountsLabel), shown, None, |ui| {
                                for c in
                                    [None, Some(CountsShown::Own), Some(CountsShown::Total), Some(CountsShown::Both)]
                                {
                                    ui.selectable_value(&mut st.counts, c, counts_name(c));
                                }
                            });
                        });
                        ui.end_row();
                        let style_name = |s: TreeStyle| match s {
                            TreeStyle::Bullets => t(Key::CbxBullets),
                            TreeStyle::Numbered => t(Key::CbxNumbered),
                            TreeStyle::Headings => t(Key::CbxHeadings),
                        };
                        ui.label(t(Key::CbxStyle));
                        ui.add_enabled_ui(tree_file, |ui| {
                            let shown = style_name(st.style);
                            combo(ui, "codebook_style", t(Key::CbxStyle), shown, Some(300.0), |ui| {
                                for s in [TreeStyle::Bullets, TreeStyle::Numbered, TreeStyle::Headings] {
                                    ui.selectable_value(&mut st.style, s, style_name(s));
                                }
                            });
                        });
                        ui.end_row();
                    });
                    // A typed path follows the chosen format.
                    if st.format != before && !st.path.trim().is_empty() {
                        st.path = Path::new(st.path.trim()).with_extension(st.format.extension()).display().to_string();
                    }
                    ui.horizontal(|ui| {
                        let l = ui.label(t(Key::CbxPath));
                        ui.add(
                            egui::TextEdit::singleline(&mut st.path)
                                .desired_width(330.0)
                                .hint_text(format!("/home/you/codebook.{}", st.format.extension())),
                        )
                        .labelled_by(l.id);
                        if ui.button(t(Key::Browse)).clicked() {
                            cmd = Some(Command::Workflow(WorkflowCommand::PickFile(FilePurpose::ExportCodebook)));
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.add_enabled(!st.path.trim().is_empty(), egui::Button::new(t(Key::AnExport))).clicked() {
                            cmd = Some(Command::Workflow(WorkflowCommand::ExportCodebook {
                                path: PathBuf::from(st.path.trim()),
                            }));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Workflow::ResetDemo => {
                    ui.set_width(440.0);
                    ui.heading(t(Key::ResetDemoTitle));
                    ui.label(t(Key::ResetDemoExplain));
                    ui.horizontal(|ui| {
                        let b = egui::Button::new(
                            RichText::new(t(Key::ResetDemoConfirm)).color(Color32::from_rgb(180, 30, 30)),
                        );
                        if ui.add(b).clicked() {
                            cmd = Some(Command::Workflow(WorkflowCommand::ResetDemo));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Workflow::Pseudonymise(st) => {
                    ui.set_width(620.0);
                    if st.refresh(project, hold, lang) {
                        ctx.request_repaint_after(std::time::Duration::from_millis(50));
                    }
                    ui.heading(t(Key::PseudonymiseTitle));
                    ui.label(RichText::new(t(Key::PsExplain)).weak());
                    let l = ui.label(t(Key::PsTermsLabel));
                    ui.add(
                        egui::TextEdit::multiline(&mut st.terms)
                            .desired_rows(4)
                            .desired_width(f32::INFINITY)
                            .hint_text("Jan de Vries = R1\nGemeente Veldhoven = [gemeente]")
                            .code_editor(),
                    )
                    .labelled_by(l.id);
                    ui.add_space(4.0);
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(t(Key::PsPreview)).strong());
                        if st.searching() {
                            ui.label(RichText::new(t(Key::PsSearching)).weak());
                        }
                    });
                    egui::ScrollArea::vertical().max_height((max_h - 200.0).max(120.0)).show(ui, |ui| {
                        match &st.preview {
                            Err(e) => {
                                ui.colored_label(Color32::from_rgb(180, 30, 30), e);
                            }
                            Ok(rows) if rows.is_empty() => {
                                ui.label(RichText::new(t(Key::PsNoTerms)).weak());
                            }
                            Ok(rows) => {
                                for r in rows {
                                    ui.horizontal_wrapped(|ui| {
                                        ui.label(RichText::new(format!("{} = {}", r.term, r.replacement)).strong());
                                        let found = if r.count == 0 {
                                            RichText::new(t(Key::PsNotFound)).color(Color32::from_rgb(160, 90, 0))
                                        } else {
                                            RichText::new(trf(lang, Key::PsFound, &[&r.count, &r.documents]))
                                        };
                                        ui.label(found);
                                    });
                                    if let Some((before, after)) = &r.example {
                                        ui.label(RichText::new(before).small().weak());
                                        ui.label(RichText::new(after).small());
                                    }
                                    ui.add_space(3.0);
                                }
                            }
                        }
                    });
                    ui.separator();
                    ui.radio_value(&mut st.copy, true, t(Key::PsModeCopy));
                    if st.copy {
                        ui.horizontal(|ui| {
                            let l = ui.label(t(Key::PsCopyPath));
                            ui.add(
                                egui::TextEdit::singleline(&mut st.path)
                                    .desired_width(330.0)
                                    .hint_text(t(Key::PathHint)),
                            )
                            .labelled_by(l.id);
                            if ui.button(t(Key::Browse)).clicked() {
                                cmd =
                                    Some(Command::Workflow(WorkflowCommand::PickFile(FilePurpose::PseudonymisedCopy)));
                            }
                        });
                    }
                    ui.add_enabled_ui(!read_only, |ui| {
                        ui.radio_value(&mut st.copy, false, t(Key::PsModeInPlace));
                    });
                    let ready = !st.searching()
                        && st.preview.as_ref().is_ok_and(|r| !r.is_empty())
                        && (!st.copy || !st.path.trim().is_empty());
                    ui.horizontal(|ui| {
                        if ui.add_enabled(ready, egui::Button::new(t(Key::PsApply))).clicked() {
                            let copy_to = st.copy.then(|| PathBuf::from(st.path.trim()));
                            cmd = Some(Command::Workflow(WorkflowCommand::Pseudonymise {
                                terms: st.terms.clone(),
                                copy_to,
                            }));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Workflow::CodebookPreview(pv) => {
                    ui.set_width(560.0);
                    pv.refresh(project, lang);
                    ui.heading(t(Key::ImportCodebook));
                    ui.label(RichText::new(pv.path.display().to_string()).weak());
                    match &pv.parsed {
                        Err(e) => {
                            let msg = if e.is_empty() { t(Key::CbEmpty).to_string() } else { e.clone() };
                            ui.colored_label(Color32::from_rgb(180, 30, 30), msg);
                        }
                        Ok((name, _)) => {
                            let new = pv.new_codes();
                            ui.label(trf(lang, Key::CbSummary, &[name, &pv.codes.len(), &new]));
                            ui.horizontal(|ui| {
                                let l = ui.label(t(Key::CbUnder));
                                let shown = pv
                                    .under
                                    .map_or_else(|| t(Key::CbTopLevel).to_string(), |u| project.code_path_string(u));
                                egui::ComboBox::from_id_salt("cb-under")
                                    .selected_text(shown)
                                    .width(320.0)
                                    .show_ui(ui, |ui| {
                                        ui.selectable_value(&mut pv.under, None, t(Key::CbTopLevel));
                                        for c in project.codes.values() {
                                            ui.selectable_value(
                                                &mut pv.under,
                                                Some(c.id),
                                                project.code_path_string(c.id),
                                            );
                                        }
                                    })
                                    .response
                                    .labelled_by(l.id);
                            });
                            for w in &pv.warnings {
                                ui.colored_label(Color32::from_rgb(160, 90, 0), w);
                            }
                            ui.separator();
                            // Only the visible rows are laid out: a codebook may hold 100,000 codes.
                            // A long list takes its full height and width at once, so the dialog
                            // does not grow under the pointer over the first frames.
                            let row_h = ui.text_style_height(&egui::TextStyle::Body).max(ui.spacing().interact_size.y);
                            let list_h = (max_h - 120.0).max(140.0);
                            egui::ScrollArea::vertical()
                                .max_height(list_h)
                                .min_scrolled_height(list_h)
                                .auto_shrink([false, true])
                                .show_rows(ui, row_h, pv.codes.len(), |ui, rows| {
                                    for c in &pv.codes[rows] {
                                        ui.horizontal(|ui| {
                                            ui.add_space(16.0 * c.depth as f32);
                                            let mark = if c.exists { t(Key::CbExists) } else { t(Key::CbNew) };
                                            let r = ui.label(&c.name);
                                            if !c.description.is_empty() {
                                                r.on_hover_text(&c.description);
                                            }
                                            ui.label(RichText::new(mark).small().weak());
                                        });
                                    }
                                });
                        }
                    }
                    ui.horizontal(|ui| {
                        let ok = pv.parsed.is_ok() && pv.new_codes() + pv.codes.len() > 0 && !read_only;
                        if ui.add_enabled(ok, egui::Button::new(t(Key::ImportNow))).clicked() {
                            cmd = Some(Command::Workflow(WorkflowCommand::ImportCodebook {
                                path: pv.path.clone(),
                                under: pv.under,
                            }));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Workflow::EditLog { rows, filter } => {
                    ui.set_width(720.0);
                    ui.heading(t(Key::EditLogTitle));
                    ui.label(RichText::new(t(Key::EditLogExplain)).weak());
                    let l = ui.label(t(Key::FilterLabel));
                    ui.add(egui::TextEdit::singleline(filter).desired_width(300.0)).labelled_by(l.id);
                    let shown: Vec<&LogRow> = rows
                        .iter()
                        .filter(|r| {
                            super::commands::matches_query(
                                &format!("{} {} {} {}", r.at, r.coder, r.kind, r.action),
                                filter,
                            )
                        })
                        .collect();
                    ui.label(RichText::new(trf(lang, Key::EditLogCount, &[&shown.len(), &rows.len()])).small().weak());
                    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
                    egui::ScrollArea::vertical()
                        .max_height((max_h - 100.0).max(160.0))
                        .auto_shrink([false, true])
                        .show_rows(ui, row_h, shown.len(), |ui, range| {
                            for r in &shown[range] {
                                ui.horizontal(|ui| {
                                    ui.label(RichText::new(format!("#{}", r.seq)).weak().monospace());
                                    ui.label(&r.at);
                                    ui.label(RichText::new(&r.coder).strong());
                                    if r.kind != "do" {
                                        ui.label(RichText::new(&r.kind).italics());
                                    }
                                    ui.add(egui::Label::new(&r.action).truncate());
                                });
                            }
                        });
                    if ui.button(t(Key::Close)).clicked() {
                        close = true;
                    }
                }
                Workflow::TableImport(st) => {
                    let (c, x) = super::tables::draw(ui, st, project, lang, read_only, max_h);
                    cmd = c;
                    close |= x;
                }
                Workflow::Backups { list } => {
                    ui.set_width(480.0);
                    ui.heading(t(Key::RestoreBackupTitle));
                    ui.label(t(Key::RestoreBackupExplain));
                    if list.is_empty() {
                        ui.label(t(Key::NoBackups));
                    }
                    egui::ScrollArea::vertical().max_height((max_h - 100.0).max(160.0)).show(ui, |ui| {
                        for b in list.iter() {
                            let at: chrono::DateTime<chrono::Local> = b.modified.into();
                            ui.horizontal(|ui| {
                                ui.label(format!("{}  ({} KB)", at.format("%Y-%m-%d %H:%M:%S"), b.size.div_ceil(1024)));
                                if ui.add_enabled(!read_only, egui::Button::new(t(Key::Restore))).clicked() {
                                    cmd = Some(Command::RestoreBackup { backup: b.path.clone() });
                                }
                            });
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.add_enabled(!read_only, egui::Button::new(t(Key::BackupNow))).clicked() {
                            cmd = Some(Command::Workflow(WorkflowCommand::BackupNow));
                        }
                        if ui.button(t(Key::Close)).clicked() {
                            close = true;
                        }
                    });
                }
            }
        });
        let keeps_open = matches!(
            cmd,
            Some(Command::Workflow(WorkflowCommand::PickFile(_)))
                | Some(Command::Workflow(WorkflowCommand::BackupNow))
                | Some(Command::Workflow(WorkflowCommand::Pseudonymise { .. }))
                // Written with the dialog's choices; it closes once the file is written.
                | Some(Command::Workflow(WorkflowCommand::ExportCodebook { .. }))
        );
        if close || (cmd.is_some() && !keeps_open) {
            self.workflow = None;
        }
        if let Some(c) = cmd {
            self.queue.push(c);
        }
    }
}
