//! The desktop front end: an egui app that only reads `session.project()` and emits
//! [`Command`]s. State (what is open, selected, typed) lives in [`WerkbankApp`]; drawing is split
//! into the start screen, the three-panel project view and the transcript view; every change the
//! user asks for is queued during the frame and applied afterwards through the session, so one
//! user action is one undo step and one SQLite transaction.

pub mod analysis_view;
mod backend;
mod background;
pub(crate) mod bidi;
mod check_view;
pub mod commands;
mod edits;
mod errors;
pub mod fonts;
pub mod i18n;
pub mod jobs;
mod panels;
pub mod review;
pub mod settings;
mod tables;
mod transcript;
mod view_commands;
pub mod view_model;
mod widgets;
pub mod workflows;

pub use commands::{CoderFilter, Command, EditCommand, Exchange};
use errors::UiError;
pub use i18n::{Key, Lang, tr, trf};
pub use settings::Settings;
pub use transcript::TranscriptCache;

use crate::core::model::{Id, MemoTarget, Project};
use crate::session::Session;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// Starts the desktop app. Without a project, the first run opens the coded demo (so the README's
/// first command shows a working project, marked "Demo"); once the user has projects of their own,
/// the start screen lists them.
pub fn run_app(project: Option<PathBuf>, coder: String) -> anyhow::Result<()> {
    let settings = Settings::default_path().map(|p| Settings::load(&p)).unwrap_or_default();
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("Werkbank")
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([720.0, 480.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Werkbank",
        options,
        Box::new(move |cc| {
            cc.egui_ctx.set_theme(egui::Theme::Light);
            cc.egui_ctx.add_font_provider(fonts::SystemFonts::start());
            let mut app = WerkbankApp::start_screen(settings);
            app.coder = coder;
            app.quit_after_first_frame = std::env::var_os("WERKBANK_QUIT_AFTER_FIRST_FRAME").is_some();
            match project {
                Some(p) if crate::refi::is_exchange_file(&p) => app.open_exchange_file(&p),
                Some(p) => app.open_path(&p, false),
                None if app.settings.recent.iter().any(|p| p.exists()) => {}
                None => app.apply(Command::OpenDemo),
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// A message in the status bar.
#[derive(Debug, Clone)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Which list the left panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftTab {
    Documents,
    Respondents,
    Search,
}

/// A dialog on top of the project view.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    NewCode {
        parent: Option<Id>,
        name: String,
    },
    RenameCode {
        code: Id,
        name: String,
    },
    MergeCode {
        source: Id,
        target: Option<Id>,
        filter: String,
    },
    DeleteCode {
        code: Id,
        move_to: Option<Id>,
    },
    /// Delete a document or a respondent: what goes, and whether the backups lose it too.
    /// What goes and how many backups hold it are found once, when the dialog opens.
    Withdraw {
        subject: crate::withdrawal::Subject,
        purge_backups: bool,
        removal: String,
        backups: usize,
    },
    /// Typed-path fallback for a file dialog.
    Path {
        purpose: FilePurpose,
        path: String,
    },
    /// Detected speakers and their respondent mapping, confirmed before importing.
    ImportPreview {
        /// Per file: its name and its plan (or why it cannot be read). Read once, when the
        /// dialog opens; the user's changes go into the plans.
        files: Vec<(String, Result<crate::workflow::ImportPlan, crate::workflow::SkipReason>)>,
        speakers_as_respondents: bool,
        /// Import transcripts whose text is already in the project anyway.
        allow_duplicates: bool,
    },
    /// A shortcut key would code a long selection: asked before coding it.
    ConfirmLargeCoding {
        code: Id,
        paragraphs: usize,
        chars: usize,
    },
    /// Help → About: version, commit, build date, licence, home page.
    About,
    /// What a merge or REFI-QDA import would do, before it is done.
    ExchangePreview {
        action: Exchange,
        lines: Vec<String>,
    },
    /// What an exchange did (the same lines the command line prints).
    ExchangeDone {
        lines: Vec<String>,
    },
}

/// A shortcut key codes at most this many paragraphs without asking.
pub const CONFIRM_PARAGRAPHS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    OpenProject,
    NewProject,
    ImportFiles,
    ImportCodebook,
    /// Save the open project (the demo) as a project of the user's own.
    SaveProjectCopy,
    /// Where the pseudonymised copy goes.
    PseudonymisedCopy,
    ExportCodebook,
    /// The Analysis window's section, the appendix, every segment or every memo.
    ExportReport(analysis_view::Scope),
    CheckChapter,
    MergeProject,
    Handout,
    ImportRefi,
    ExportRefi,
    /// A table of respondents with their attributes (.csv .xlsx .ods).
    ImportRespondentTable,
    /// A survey table: respondents, open answers and attributes.
    ImportSurveyTable,
}

impl FilePurpose {
    /// The menu item (and dialog title) for this purpose.
    pub fn title(self) -> Key {
        match self {
            FilePurpose::OpenProject => Key::OpenProject,
            FilePurpose::NewProject => Key::NewProject,
            FilePurpose::ImportFiles => Key::ImportTranscripts,
            FilePurpose::ImportCodebook => Key::ImportCodebook,
            FilePurpose::CheckChapter => Key::CheckChapter,
            FilePurpose::MergeProject => Key::MergeProjectMenu,
            FilePurpose::Handout => Key::HandoutMenu,
            FilePurpose::ImportRefi => Key::ImportRefiMenu,
            FilePurpose::ExportRefi => Key::ExportRefiMenu,
            FilePurpose::ImportRespondentTable => Key::ImportRespondentTable,
            FilePurpose::ImportSurveyTable => Key::ImportSurveyTable,
            FilePurpose::SaveProjectCopy => Key::SaveAsMyProject,
            FilePurpose::PseudonymisedCopy => Key::PseudonymiseTitle,
            FilePurpose::ExportCodebook => Key::ExportCodebook,
            FilePurpose::ExportReport(analysis_view::Scope::Segments) => Key::ExportSegmentsMenu,
            FilePurpose::ExportReport(analysis_view::Scope::Memos) => Key::ExportMemosMenu,
            FilePurpose::ExportReport(analysis_view::Scope::Appendix) => Key::ExportAppendix,
            FilePurpose::ExportReport(_) => Key::AnExport,
        }
    }

    /// The file dialog's filters: a name and the formats of the one table
    /// ([`crate::output`]) that this purpose reads or writes.
    pub fn filters(self) -> Vec<(&'static str, Vec<&'static str>)> {
        use crate::output::{self as o, Format};
        let f = |name, formats: &[Format]| (name, o::extensions(formats));
        match self {
            FilePurpose::OpenProject
            | FilePurpose::NewProject
            | FilePurpose::SaveProjectCopy
            | FilePurpose::PseudonymisedCopy
            | FilePurpose::MergeProject
            | FilePurpose::Handout => vec![f("Werkbank", o::PROJECT_FORMATS)],
            FilePurpose::ImportFiles => vec![f("Transcripts", o::TRANSCRIPT_FORMATS)],
            FilePurpose::CheckChapter => vec![f("Chapter", o::TRANSCRIPT_FORMATS)],
            FilePurpose::ImportCodebook => vec![f("Codebook", o::CODEBOOK_FORMATS)],
            FilePurpose::ImportRespondentTable | FilePurpose::ImportSurveyTable => {
                vec![f("Table", o::TABLE_FORMATS)]
            }
            FilePurpose::ExportCodebook => vec![f("Code tree", o::CODE_TREE_FORMATS)],
            FilePurpose::ExportReport(_) => {
                let both: Vec<Format> = o::REPORT_FORMATS.iter().chain(o::CHART_FORMATS).copied().collect();
                vec![f("Word, web page, Excel, CSV, Markdown, text, chart", &both)]
            }
            FilePurpose::ImportRefi => vec![f("REFI-QDA", o::REFI_FORMATS)],
            FilePurpose::ExportRefi => {
                vec![f("REFI-QDA project", &[Format::Qdpx]), f("REFI-QDA codebook", &[Format::Qdc])]
            }
        }
    }

    /// What to do with the chosen paths.
    pub fn command(self, mut paths: Vec<PathBuf>) -> Option<Command> {
        use workflows::WorkflowCommand as W;
        if paths.is_empty() {
            return None;
        }
        let first = paths.swap_remove(0);
        Some(match self {
            FilePurpose::OpenProject => Command::OpenProject { path: first, read_only: false },
            FilePurpose::NewProject => Command::CreateProject { path: first },
            FilePurpose::ImportFiles => {
                paths.insert(0, first);
                Command::PreviewImport { paths }
            }
            FilePurpose::ImportCodebook => Command::ImportCodebook { path: first },
            FilePurpose::CheckChapter => Command::CheckChapter { path: first },
            FilePurpose::MergeProject => Command::PreviewExchange(Exchange::Merge(first)),
            FilePurpose::Handout => Command::MakeHandout { path: first },
            FilePurpose::ImportRefi => Command::PreviewExchange(Exchange::ImportRefi(first)),
            FilePurpose::ExportRefi => Command::ExportRefi { path: first },
            FilePurpose::ImportRespondentTable => Command::Workflow(W::PreviewTable { path: first, survey: false }),
            FilePurpose::ImportSurveyTable => Command::Workflow(W::PreviewTable { path: first, survey: true }),
            FilePurpose::SaveProjectCopy => Command::Workflow(W::SaveProjectCopy { path: first }),
            FilePurpose::PseudonymisedCopy => Command::Workflow(W::PseudonymCopyPath { path: first }),
            FilePurpose::ExportCodebook => Command::Workflow(W::ExportCodebook { path: first }),
            FilePurpose::ExportReport(scope) => Command::Workflow(W::ExportReport { path: first, scope }),
        })
    }
}

/// Per file read for the import preview: its name and plan, or why it cannot be imported.
type ImportPlans = Vec<(String, Result<crate::workflow::ImportPlan, crate::workflow::SkipReason>)>;

/// A system file dialog running on a worker thread: what it is for, where its answer arrives, and
/// when it was opened (an instant "nothing chosen" means there was no dialog to show).
type PendingFileDialog = (FilePurpose, Receiver<Option<Vec<PathBuf>>>, std::time::Instant);

/// Everything about the open project that is not the project itself.
pub struct ProjectState {
    pub session: Session,
    pub current_doc: Option<Id>,
    /// The text selection in the current document, in characters.
    pub selection: Option<(Id, usize, usize)>,
    pub selected_code: Option<Id>,
    pub selected_coding: Option<Id>,
    pub selected_case: Option<Id>,
    pub coder_filter: CoderFilter,
    /// The codes on keys 1-9 (index 0 = key 1). They change only when the user pins or unpins,
    /// or when a code is applied for the first time and a key is free; kept per coder in the
    /// project file.
    pub pinned: [Option<Id>; 9],
    /// The code applied last (key 0).
    pub last_code: Option<Id>,
    /// Put the keyboard into the selected coding's memo (right-click "Edit memo…").
    pub focus_coding_memo: bool,
    /// Open the tree down to this code and scroll it into view (for `reveal_frames` frames).
    pub reveal_code: Option<Id>,
    reveal_frames: u8,
    pub quick: String,
    pub search: String,
    pub search_hits: Vec<(Id, usize, usize)>,
    pub search_code: Option<Id>,
    pub left_tab: LeftTab,
    /// The passage the view was last asked to show (document, start, end).
    pub last_jump: Option<(Id, usize, usize)>,
    pending_scroll: Option<(usize, usize)>,
    pending_selection: Option<(usize, usize)>,
    pub transcript: TranscriptCache,
    /// Every tally the panels show, per revision (see [`view_model`]).
    pub view: view_model::ViewModel,
    /// Memo being edited: (target, text).
    pub memo_edit: HashMap<MemoTarget, String>,
    /// Attribute values being edited for the selected respondent.
    pub attr_edit: HashMap<(Id, String), String>,
    /// Real names (aliases) being edited, per respondent, comma-separated.
    pub alias_edit: HashMap<Id, String>,
    pub new_attr: String,
    pub new_attr_kind: crate::core::model::AttributeKind,
    pub new_respondent: String,
    pub code_desc_edit: Option<(Id, String)>,
    focus_quick: bool,
    focus_search: bool,
    transcript_id: Option<egui::Id>,
    /// The supervisor's review view, when open.
    pub review: Option<review::ReviewState>,
    /// The demo project: shown with a permanent banner offering "Save as my project…".
    pub is_demo: bool,
}

impl ProjectState {
    fn new(session: Session) -> Self {
        let current_doc = session.project().documents.keys().next().copied();
        let mut pinned = [None; 9];
        if let Some(saved) = session.preference("pinned").and_then(|j| serde_json::from_str::<Vec<Option<Id>>>(&j).ok())
        {
            for (slot, code) in pinned.iter_mut().zip(saved) {
                *slot = code.filter(|c| session.project().codes.contains_key(c));
            }
        }
        ProjectState {
            session,
            current_doc,
            selection: None,
            selected_code: None,
            selected_coding: None,
            selected_case: None,
            coder_filter: CoderFilter::All,
            pinned,
            last_code: None,
            focus_coding_memo: false,
            reveal_code: None,
            reveal_frames: 0,
            quick: String::new(),
            search: String::new(),
            search_hits: Vec::new(),
            search_code: None,
            left_tab: LeftTab::Documents,
            last_jump: None,
            pending_scroll: None,
            pending_selection: None,
            transcript: TranscriptCache::default(),
            view: view_model::ViewModel::default(),
            memo_edit: HashMap::new(),
            attr_edit: HashMap::new(),
            alias_edit: HashMap::new(),
            new_attr: String::new(),
            new_attr_kind: crate::core::model::AttributeKind::Text,
            new_respondent: String::new(),
            code_desc_edit: None,
            focus_quick: false,
            focus_search: false,
            transcript_id: None,
            review: None,
            is_demo: false,
        }
    }

    fn project(&self) -> &Project {
        self.session.project()
    }

    /// Stores the pinned codes with the project (in memory only when it is read-only).
    fn save_pinned(&mut self) {
        if !self.session.is_read_only()
            && let Ok(json) = serde_json::to_string(&self.pinned)
        {
            let _ = self.session.set_preference("pinned", &json);
        }
    }

    /// Pins `code` to the first free key unless it is pinned already.
    fn pin_if_free(&mut self, code: Id) {
        if self.pinned.contains(&Some(code)) {
            return;
        }
        if let Some(slot) = self.pinned.iter_mut().find(|s| s.is_none()) {
            *slot = Some(code);
            self.save_pinned();
        }
    }

    /// The current selection, if coding it with a shortcut needs a confirmation: (paragraphs, chars).
    fn large_selection(&self) -> Option<(usize, usize)> {
        let (doc, s, e) = self.selection.filter(|s| s.1 < s.2)?;
        if self.current_doc != Some(doc) {
            return None;
        }
        let starts = if self.transcript.shown_document() == Some(doc) {
            std::borrow::Cow::Borrowed(&self.transcript.paragraphs)
        } else {
            std::borrow::Cow::Owned(crate::core::text::paragraph_starts(&self.project().documents.get(&doc)?.text))
        };
        let n = crate::core::text::paragraphs_spanned(&starts, s, e);
        (n > CONFIRM_PARAGRAPHS).then_some((n, e - s))
    }

    /// Codings of the current document visible under the filter, in text order.
    fn visible_codings(&self) -> Vec<(Id, usize, usize)> {
        let Some(doc) = self.current_doc else { return vec![] };
        let p = self.project();
        let me = self.session.coder();
        p.codings_of_document(doc)
            .into_iter()
            .filter(|k| transcript::visible_coding(p, self.coder_filter, me, k.coder))
            .map(|k| (k.id, k.start, k.end))
            .collect()
    }

    /// The codes in the tree whose path contains every word of `query`, codable ones first.
    fn code_matches(&self, query: &str) -> Vec<Id> {
        let p = self.project();
        let mut v: Vec<(usize, Id)> = p
            .codes
            .values()
            .filter(|c| c.codable)
            .filter(|c| commands::matches_query(&p.code_path_string(c.id), query))
            .map(|c| (p.depth(c.id), c.id))
            .collect();
        // Deeper (more specific) codes first, then by path.
        v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| p.code_path_string(a.1).cmp(&p.code_path_string(b.1))));
        v.into_iter().map(|x| x.1).collect()
    }
}

/// The widget id of the memo field about `target` (the benchmark and tests put the keyboard there).
pub fn memo_field_id(target: MemoTarget) -> egui::Id {
    egui::Id::unique(("memo-field", target))
}

/// The delete-document/respondent dialog with what it removes and the backups holding it, found
/// once when it opens (listing the backup folder every frame would touch the disk per frame).
fn withdraw_dialog(ps: &ProjectState, subject: crate::withdrawal::Subject) -> Dialog {
    let removal = crate::withdrawal::deletion(ps.project(), &subject)
        .ok()
        .flatten()
        .map(|e| crate::core::actions::Removal::of(&e))
        .unwrap_or_default();
    let removal = crate::withdrawal::describe_removal(&removal);
    let backups = ps.session.backups().len();
    Dialog::Withdraw { subject, purge_backups: false, removal, backups }
}

/// The start screen's state.
#[derive(Default)]
struct StartState {
    path: String,
    error: Option<String>,
    /// A project that is locked by another window: offer to open it read-only.
    locked: Option<PathBuf>,
}

pub struct WerkbankApp {
    settings: Settings,
    coder: String,
    project: Option<ProjectState>,
    start: StartState,
    queue: Vec<Command>,
    status: Option<Status>,
    palette: Option<(String, bool)>,
    dialog: Option<Dialog>,
    /// A native file dialog running on a worker thread, and when it was opened.
    file_dialog: Option<PendingFileDialog>,
    /// Long work on a worker thread (import, export, merge, backup), with its progress window.
    job: Option<background::Running>,
    /// Tests hold background work step by step (see [`WerkbankApp::hold_background_work`]).
    hold: Option<jobs::Hold>,
    /// Why the typed-path dialog is shown instead of the system's file dialog.
    path_notice: Option<String>,
    analysis: analysis_view::AnalysisView,
    /// The open workflow dialog (pseudonymise, codebook, edit log, backups, demo).
    workflow: Option<workflows::Workflow>,
    /// Where the demo project lives (tests point it into a temporary folder).
    demo_path: PathBuf,
    /// The window title last sent to the platform.
    title: String,
    /// When the status message was set (it fades after a while: no stale messages).
    status_at: Option<std::time::Instant>,
    /// Text to put on the clipboard after this frame (commands have no `Context`).
    clipboard: Option<String>,
    /// `werkbank bench` measures the start-up: close once the first frame is drawn.
    quit_after_first_frame: bool,
    check: check_view::CheckView,
}

impl WerkbankApp {
    /// The start screen (no project open).
    pub fn start_screen(settings: Settings) -> Self {
        let coder = if settings.coder.trim().is_empty() { default_coder() } else { settings.coder.clone() };
        WerkbankApp {
            settings,
            coder,
            project: None,
            start: StartState::default(),
            queue: Vec::new(),
            status: None,
            palette: None,
            dialog: None,
            file_dialog: None,
            job: None,
            hold: None,
            path_notice: None,
            analysis: Default::default(),
            workflow: None,
            demo_path: crate::demo::demo_path(),
            title: String::new(),
            status_at: None,
            clipboard: None,
            quit_after_first_frame: false,
            check: Default::default(),
        }
    }

    /// An app with `session` open (tests, the demo).
    pub fn with_session(session: Session, settings: Settings) -> Self {
        let mut app = Self::start_screen(settings);
        app.coder = session.coder_name().to_string();
        app.project = Some(ProjectState::new(session));
        app
    }

    /// Keeps the demo project at `path` instead of the platform's data folder (tests).
    pub fn with_demo_path(mut self, path: PathBuf) -> Self {
        self.demo_path = path;
        self
    }

    /// Whether the open project is the demo (it shows the "Demo" banner).
    pub fn is_demo(&self) -> bool {
        self.project.as_ref().is_some_and(|p| p.is_demo)
    }

    /// The open workflow dialog, if any.
    pub fn workflow(&self) -> Option<&workflows::Workflow> {
        self.workflow.as_ref()
    }

    /// The window title: the project's name first, so the taskbar tells projects apart.
    pub fn window_title(&self) -> String {
        match &self.project {
            None => "Werkbank".to_string(),
            Some(ps) => {
                let mut t = format!("{} — Werkbank", ps.session.project().name);
                if ps.is_demo {
                    t = format!("{} ({})", t, self.t(Key::DemoBadge));
                } else if ps.session.is_read_only() {
                    t = format!("{} ({})", t, self.t(Key::ReadOnly));
                }
                t
            }
        }
    }

    // ---- accessors for tests and embedding -------------------------------------------------

    pub fn session(&self) -> Option<&Session> {
        self.project.as_ref().map(|p| &p.session)
    }
    pub fn session_mut(&mut self) -> Option<&mut Session> {
        self.project.as_mut().map(|p| &mut p.session)
    }
    pub fn project_state(&self) -> Option<&ProjectState> {
        self.project.as_ref()
    }
    pub fn current_document(&self) -> Option<Id> {
        self.project.as_ref().and_then(|p| p.current_doc)
    }
    pub fn selection(&self) -> Option<(Id, usize, usize)> {
        self.project.as_ref().and_then(|p| p.selection)
    }
    pub fn selected_code(&self) -> Option<Id> {
        self.project.as_ref().and_then(|p| p.selected_code)
    }
    pub fn selected_coding(&self) -> Option<Id> {
        self.project.as_ref().and_then(|p| p.selected_coding)
    }
    /// The passage the transcript was last asked to scroll to: (document, start, end).
    pub fn scroll_target(&self) -> Option<(Id, usize, usize)> {
        self.project.as_ref().and_then(|p| p.last_jump)
    }
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    pub fn language(&self) -> Lang {
        self.settings.language
    }
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }
    /// The marks in the transcript's left gutter: paragraph numbers, with the turn's start time
    /// where a timed turn begins ("1:22  5").
    pub fn gutter_marks(&self) -> Vec<String> {
        self.project.as_ref().map_or(vec![], |p| p.transcript.marks.iter().map(|m| m.text.clone()).collect())
    }

    /// Closes the analysis window (as its close button does).
    pub fn close_analysis(&mut self) {
        self.analysis.open = false;
    }

    /// How many transcript layouts were built so far (the cache should keep this low).
    pub fn layouts_built(&self) -> usize {
        self.project.as_ref().map_or(0, |p| p.transcript.layouts_built)
    }

    /// Work counters for tests and the benchmark: (transcript layouts, transcript coding indexes,
    /// view-model recomputations, project index builds). None of them may grow with a frame that
    /// changed nothing, and an edit may move only the view model and the edited document's index.
    pub fn work_counters(&self) -> (usize, usize, usize, usize) {
        self.project.as_ref().map_or((0, 0, 0, 0), |p| {
            (
                p.transcript.layouts_built,
                p.transcript.indexes_built,
                p.view.rebuilds,
                p.session.project().index_builds(),
            )
        })
    }

    /// How many times the shown transcript's text-dependent parts (speaker labels, paragraph
    /// numbers) were found, and how many char <-> byte indexes of texts the project built: both
    /// walk a whole transcript, so coding and undo must not move them.
    pub fn text_work_counters(&self) -> (usize, usize) {
        self.project.as_ref().map_or((0, 0), |p| (p.transcript.texts_built, p.session.project().char_index_builds()))
    }

    /// Sets the text selection in the current document (as if the user dragged over it).
    pub fn set_selection(&mut self, start: usize, end: usize) {
        if let Some(ps) = &mut self.project
            && let Some(doc) = ps.current_doc
        {
            ps.selection = Some((doc, start.min(end), start.max(end)));
            ps.pending_selection = Some((start.min(end), start.max(end)));
        }
    }

    /// Queues a command, as a menu item would; it is applied at the end of the next frame.
    pub fn push(&mut self, cmd: Command) {
        self.queue.push(cmd);
    }

    fn t(&self, k: Key) -> &'static str {
        tr(self.settings.language, k)
    }

    /// Makes the status message `by` older (tests of its expiry: a clock, not a sleep).
    pub fn age_status(&mut self, by: std::time::Duration) {
        self.status_at = self.status_at.and_then(|at| at.checked_sub(by));
    }

    fn ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: false });
        self.status_at = Some(std::time::Instant::now());
    }

    /// Shows an error; [`UiError::say`] puts it in the user's language.
    fn err(&mut self, e: impl Into<UiError>) {
        let text = e.into().say(self.settings.language);
        self.status = Some(Status { text, error: true });
        self.status_at = Some(std::time::Instant::now());
    }

    /// Clears a status message that has been shown long enough (errors stay longer), so the bar
    /// never shows news about an earlier action as if it were current.
    fn expire_status(&mut self, ctx: &egui::Context) {
        let (Some(s), Some(at)) = (&self.status, self.status_at) else { return };
        let keep = std::time::Duration::from_secs(if s.error { 20 } else { 8 });
        let age = at.elapsed();
        if age >= keep {
            self.status = None;
            self.status_at = None;
        } else {
            ctx.request_repaint_after(keep - age);
        }
    }

    fn save_settings(&mut self) {
        if let Err(e) = self.settings.save() {
            self.err(trf(self.settings.language, Key::SettingsNotSaved, &[&e]));
        }
    }

    // ---- the frame ---------------------------------------------------------------------------

    /// Draws one frame and applies what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.shortcuts(ui.ctx());
        self.poll_file_dialog();
        self.job_ui(ui.ctx());
        self.expire_status(ui.ctx());
        let title = self.window_title();
        if title != self.title {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        self.menu_bar(ui);
        self.status_bar(ui);
        if self.project.is_some() {
            self.demo_banner(ui);
            self.project_view(ui);
        } else {
            self.start_screen_ui(ui);
        }
        self.review_panel(ui);
        self.analysis_window(ui.ctx());
        self.check_window(ui.ctx());
        self.palette_ui(ui.ctx());
        self.dialog_ui(ui.ctx());
        self.workflow_ui(ui.ctx());
        let cmds = std::mem::take(&mut self.queue);
        if !cmds.is_empty() {
            // Show the result right away, not at the next mouse move.
            ui.ctx().request_repaint();
        }
        for c in cmds {
            self.apply(c);
        }
        if let Some(text) = self.clipboard.take() {
            ui.ctx().copy_text(text);
        }
        if self.quit_after_first_frame {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let mut cmds = Vec::new();
        ctx.input_mut(|i| {
            for (sc, cmd) in commands::global_shortcuts() {
                if i.consume_shortcut(&sc) {
                    cmds.push(cmd);
                }
            }
        });
        // Reading shortcuts (digits, F2, Delete) only when no editable field has the keyboard.
        let focused = ctx.memory(|m| m.focused());
        let transcript = self.project.as_ref().and_then(|p| p.transcript_id);
        let reading = self.dialog.is_none()
            && self.workflow.is_none()
            && self.palette.is_none()
            && (focused.is_none() || focused == transcript);
        if reading && self.project.is_some() {
            ctx.input_mut(|i| {
                for (sc, cmd) in commands::reading_shortcuts() {
                    if i.consume_shortcut(&sc) {
                        cmds.push(cmd);
                    }
                }
            });
            // Ctrl+C with the selection kept while the keyboard is elsewhere (the focused
            // transcript copies by itself).
            let selected = self.project.as_ref().is_some_and(|p| p.selection.is_some_and(|s| s.1 < s.2));
            if focused.is_none() && selected && ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy))) {
                cmds.push(Command::CopySelection);
            }
        }
        if self.palette.is_some() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.palette = None;
        }
        self.queue.extend(cmds);
    }

    fn poll_file_dialog(&mut self) {
        let Some((purpose, rx, opened)) = &self.file_dialog else { return };
        let (purpose, opened) = (*purpose, *opened);
        match rx.try_recv() {
            Ok(Some(paths)) => {
                self.file_dialog = None;
                if let Some(c) = purpose.command(paths) {
                    self.queue.push(c);
                }
            }
            Ok(None) => {
                // A dialog that answers "nothing chosen" faster than a person can click Cancel
                // never appeared (no desktop portal): say so and ask for a typed path. A dialog
                // the user cancelled stays cancelled.
                self.file_dialog = None;
                if opened.elapsed() < std::time::Duration::from_millis(700) {
                    self.path_notice = Some(self.t(Key::NoFileDialog).to_string());
                    self.dialog = Some(Dialog::Path { purpose, path: String::new() });
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(_) => self.file_dialog = None,
        }
    }

    /// Runs the native file dialog on a worker thread (it blocks), falling back to a typed path.
    fn file_dialog(&mut self, purpose: FilePurpose) {
        if !self.settings.native_dialogs || std::env::var_os("WERKBANK_NO_FILE_DIALOG").is_some() {
            self.path_notice = None;
            self.dialog = Some(Dialog::Path { purpose, path: String::new() });
            return;
        }
        let (tx, rx) = channel();
        let title = self.t(purpose.title());
        let stem = self.project.as_ref().map_or_else(|| "project".to_string(), |p| p.session.project().name.clone());
        let stem: String = stem.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
        // The codebook dialog's chosen format names the suggested file.
        let codebook_ext = match &self.workflow {
            Some(workflows::Workflow::CodebookExport(st)) => st.format.extension(),
            _ => "json",
        };
        std::thread::spawn(move || {
            let d = purpose
                .filters()
                .into_iter()
                .fold(rfd::FileDialog::new().set_title(title), |d, (name, exts)| d.add_filter(name, &exts));
            let save = |d: rfd::FileDialog, name: String| d.set_file_name(name).save_file().map(|p| vec![p]);
            let r = match purpose {
                FilePurpose::OpenProject
                | FilePurpose::MergeProject
                | FilePurpose::ImportCodebook
                | FilePurpose::ImportRespondentTable
                | FilePurpose::ImportSurveyTable
                | FilePurpose::CheckChapter
                | FilePurpose::ImportRefi => d.pick_file().map(|p| vec![p]),
                FilePurpose::ImportFiles => d.pick_files(),
                FilePurpose::NewProject => save(d, "project.werkbank".into()),
                FilePurpose::SaveProjectCopy => save(d, format!("{stem}.werkbank")),
                FilePurpose::PseudonymisedCopy => save(d, format!("{stem}-pseudonymised.werkbank")),
                FilePurpose::ExportCodebook => save(d, format!("{stem}-codebook.{codebook_ext}")),
                FilePurpose::ExportReport(scope) => save(
                    d,
                    match scope {
                        analysis_view::Scope::Segments => format!("{stem}-segments.xlsx"),
                        analysis_view::Scope::Memos => format!("{stem}-memos.docx"),
                        analysis_view::Scope::Codebook => format!("{stem}-codebook.docx"),
                        _ => format!("{stem}-appendix.docx"),
                    },
                ),
                FilePurpose::Handout => save(d, "second-coder.werkbank".into()),
                FilePurpose::ExportRefi => save(d, "project.qdpx".into()),
            };
            let _ = tx.send(r);
        });
        self.file_dialog = Some((purpose, rx, std::time::Instant::now()));
    }

    // ---- applying commands ---------------------------------------------------------------

    /// Applies one command now. Errors go to the status bar; nothing here panics.
    pub fn apply(&mut self, cmd: Command) {
        let lang = self.settings.language;
        if cmd.changes_project() && self.project.as_ref().is_some_and(|p| p.session.is_read_only()) {
            self.err(tr(lang, Key::ReadOnlyRefused));
            return;
        }
        // An edit being prepared on a worker was made for the project as it is now; work on a
        // worker belongs to the project that is open.
        if let Some(label) = self.waits_for_job(&cmd) {
            self.err(trf(lang, Key::JobBusy, &[&label]));
            return;
        }
        match cmd {
            Command::NewProjectDialog => self.file_dialog(FilePurpose::NewProject),
            Command::OpenProjectDialog => self.file_dialog(FilePurpose::OpenProject),
            Command::ImportFilesDialog => self.file_dialog(FilePurpose::ImportFiles),
            Command::ImportCodebookDialog => self.file_dialog(FilePurpose::ImportCodebook),
            Command::CheckChapterDialog => self.file_dialog(FilePurpose::CheckChapter),
            Command::MergeProjectDialog => self.file_dialog(FilePurpose::MergeProject),
            Command::HandoutDialog => self.file_dialog(FilePurpose::Handout),
            Command::ImportRefiDialog => self.file_dialog(FilePurpose::ImportRefi),
            Command::ExportRefiDialog => self.file_dialog(FilePurpose::ExportRefi),
            Command::PreviewExchange(action) => self.start_exchange_preview(action),
            Command::ApplyExchange(action) => self.start_exchange(action),
            Command::MakeHandout { path } => self.start_exchange_write(&path.clone(), move |p, coder| {
                crate::exchange::write_handout(p, &path, Default::default(), coder)
            }),
            Command::ExportRefi { path } => {
                self.start_exchange_write(&path.clone(), move |p, _| crate::exchange::export_refi(p, &path))
            }
            Command::CheckChapter { path } => self.check_chapter(path),
            Command::OpenProject { path, read_only } => self.open_path(&path, read_only),
            Command::CreateProject { path } => self.create_path(&path),
            Command::OpenDemo => {
                if self.is_demo() {
                    self.ok(tr(lang, Key::DemoAlreadyOpen));
                    return;
                }
                // The first time it is built: say what it is, not "as you left it".
                let existed = self.demo_path.exists();
                match crate::demo::open_demo_at(&self.demo_path, &self.coder) {
                    Ok(s) => {
                        self.set_session(s, false);
                        self.ok(tr(lang, if existed { Key::DemoOpened } else { Key::DemoCreated }));
                    }
                    Err(e) => self.err(format!("{e:#}")),
                }
            }
            Command::CloseProject => {
                self.project = None;
                self.dialog = None;
                self.workflow = None;
                self.analysis.open = false;
                self.status = None;
                self.status_at = None;
            }
            Command::RestoreBackupDialog => self.apply(Command::Workflow(workflows::WorkflowCommand::Backups)),
            Command::Workflow(w) => self.apply_workflow(w),
            Command::ShowAbout => self.dialog = Some(Dialog::About),
            Command::ReportProblem => {
                let open = self.project.as_ref().map(|ps| &ps.session);
                let bytes = open.and_then(|s| std::fs::metadata(s.path()).ok()).map(|m| m.len());
                self.clipboard = Some(crate::about::diagnostics(open.map(|s| s.project()), bytes));
                self.ok(tr(lang, Key::DiagnosticsCopied));
            }
            Command::RestoreBackup { backup } => self.start_restore(backup),
            Command::Review(review::ReviewCommand::Export { path }) => self.export_review(path),
            Command::SetLanguage(l) => {
                self.settings.language = l;
                self.save_settings();
            }
            Command::OpenPalette => self.palette = Some((String::new(), true)),
            Command::OpenAnalysis => self.analysis.open = self.project.is_some(),
            Command::ToggleSnapToWords => {
                self.settings.snap_to_words = !self.settings.snap_to_words;
                self.save_settings();
            }
            Command::ToggleLeftPanel => {
                self.settings.show_left = !self.settings.show_left;
                self.save_settings();
            }
            Command::ToggleRightPanel => {
                self.settings.show_right = !self.settings.show_right;
                self.save_settings();
            }
            Command::ToggleRetrieval => {
                self.settings.show_retrieval = !self.settings.show_retrieval;
                self.save_settings();
            }
            // Reading and parsing the files runs on a worker (progress and Cancel in the window);
            // the preview dialog opens when it is done.
            Command::PreviewImport { paths } => self.start_import_preview(paths),
            Command::ImportPlans { plans, skipped } => {
                self.dialog = None;
                self.start_import(plans, skipped)
            }
            Command::ImportCodebook { path } => {
                self.apply(Command::Workflow(workflows::WorkflowCommand::PreviewCodebook { path }))
            }
            other => self.apply_project(other),
        }
    }

    /// Applies a command to the open project: an edit (built, performed as one undo step,
    /// followed up) or a view command; errors are said once, in the user's language.
    fn apply_project(&mut self, cmd: Command) {
        let cx = view_commands::Context {
            lang: self.settings.language,
            snap_to_words: self.settings.snap_to_words,
            template: self.analysis.template.clone(),
        };
        let Some(ps) = self.project.as_mut() else { return };
        let result = match cmd {
            Command::Edit(edit) => ps.apply_edit(edit, cx.lang),
            Command::Undo => ps.undo(false, cx.lang),
            Command::Redo => ps.undo(true, cx.lang),
            Command::Review(c) => review::apply(ps, c)
                .map(|said| view_commands::Outcome { said, ..Default::default() })
                .map_err(UiError::Said),
            view => ps.apply_view(view, &cx),
        };
        match result {
            Ok(out) => {
                if let Some(d) = out.dialog {
                    self.dialog = Some(d);
                }
                if let Some(said) = out.said {
                    self.ok(said);
                }
                if out.clipboard.is_some() {
                    self.clipboard = out.clipboard;
                }
                if let Some(next) = out.then {
                    self.apply(next);
                }
            }
            Err(e) => self.err(e),
        }
    }

    fn set_session(&mut self, session: Session, remember: bool) {
        if remember {
            self.settings.remember_project(session.path());
            self.save_settings();
        }
        // News about the project that was open is not news about this one.
        self.status = None;
        self.status_at = None;
        if session.is_read_only() {
            self.err(self.t(Key::ReadOnlyNotice));
        }
        let is_demo = crate::demo::is_demo_path(session.path(), &self.demo_path);
        self.project = Some(ProjectState::new(session));
        if let Some(ps) = &mut self.project {
            ps.is_demo = is_demo;
        }
        self.workflow = None;
        self.dialog = None;
        self.start = StartState::default();
    }

    /// Opens a project file, explaining what went wrong when it cannot be opened.
    pub fn open_path(&mut self, path: &Path, read_only: bool) {
        let lang = self.settings.language;
        let r = if read_only { Session::open_read_only(path) } else { Session::open(path, &self.coder) };
        match r {
            Ok(mut s) => {
                let warnings = s.take_warnings();
                self.set_session(s, true);
                // Read-only: the notice set_session shows says more than "Opened".
                if !read_only {
                    self.ok(trf(lang, Key::Opened, &[&path.display()]));
                }
                for w in warnings {
                    self.err(w);
                }
            }
            Err(e) if e.locked_by().is_some() => {
                let (path, holder) = e.locked_by().unwrap_or((path, ""));
                let msg = trf(lang, Key::LockedExplain, &[&path.display(), &holder]);
                self.start.error = Some(msg.clone());
                self.start.locked = Some(path.to_path_buf());
                self.project = None;
                self.err(msg);
            }
            Err(e) => {
                let msg = UiError::from(e).say(lang);
                self.start.error = Some(msg.clone());
                self.err(msg);
            }
        }
    }

    /// A REFI-QDA file given to the app ("Open with Werkbank"): imported into a new project beside it.
    pub fn open_exchange_file(&mut self, path: &Path) {
        match crate::workflow::project_from_exchange_file(path, &self.coder) {
            Ok(s) => {
                let msg =
                    trf(self.settings.language, Key::ImportedIntoNewProject, &[&path.display(), &s.path().display()]);
                self.set_session(s, true);
                self.ok(msg);
            }
            Err(e) => {
                let msg = e.to_string();
                self.start.error = Some(msg.clone());
                self.err(msg);
            }
        }
    }

    /// Creates a new project file at `path` (`.werkbank` added when missing).
    pub fn create_path(&mut self, path: &Path) {
        let mut path = path.to_path_buf();
        if path.extension().is_none() {
            path.set_extension("werkbank");
        }
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Project".into());
        match Session::create(&path, &name, &self.coder) {
            Ok(s) => {
                self.set_session(s, true);
                self.ok(trf(self.settings.language, Key::Created, &[&path.display()]));
            }
            Err(e) => {
                let msg = UiError::from(e).say(self.settings.language);
                self.start.error = Some(msg.clone());
                self.err(msg);
            }
        }
    }
}

fn default_coder() -> String {
    std::env::var("WERKBANK_CODER")
        .or_else(|_| std::env::var("USER"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "coder".into())
}

impl eframe::App for WerkbankApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        WerkbankApp::ui(self, ui);
    }
}
