//! The desktop front end: an egui app that only reads `session.project()` and emits
//! [`Command`]s. State (what is open, selected, typed) lives in [`WerkbankApp`]; drawing is split
//! into the start screen, the three-panel project view and the transcript view; every change the
//! user asks for is queued during the frame and applied afterwards through the session, so one
//! user action is one undo step and one SQLite transaction.

mod access;
pub mod analysis_view;
mod apply;
mod backend;
mod background;
pub(crate) mod bidi;
mod check_view;
pub mod commands;
mod edits;
mod errors;
mod file_dialogs;
pub mod fonts;
mod frame;
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

use crate::core::Span;
use crate::core::model::{DocSpan, Id, MemoTarget, Project};
use crate::session::Session;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

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
                Some(p) => app.start_open(p, false),
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
    pub selection: Option<DocSpan>,
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
    pub search_hits: Vec<DocSpan>,
    pub search_code: Option<Id>,
    pub left_tab: LeftTab,
    /// The passage the view was last asked to show.
    pub last_jump: Option<DocSpan>,
    pending_scroll: Option<Span>,
    pending_selection: Option<Span>,
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
        let DocSpan { document: doc, span } = self.selection.filter(|s| !s.span.is_empty())?;
        if self.current_doc != Some(doc) {
            return None;
        }
        let starts = if self.transcript.shown_document() == Some(doc) {
            std::borrow::Cow::Borrowed(&self.transcript.paragraphs)
        } else {
            std::borrow::Cow::Owned(crate::core::text::paragraph_starts(&self.project().documents.get(&doc)?.text))
        };
        let n = crate::core::text::paragraphs_spanned(&starts, span.start, span.end);
        (n > CONFIRM_PARAGRAPHS).then_some((n, span.len()))
    }

    /// Codings of the current document visible under the filter, in text order.
    fn visible_codings(&self) -> Vec<(Id, Span)> {
        let Some(doc) = self.current_doc else { return vec![] };
        let p = self.project();
        let me = self.session.coder();
        p.codings_of_document(doc)
            .into_iter()
            .filter(|k| transcript::visible_coding(p, self.coder_filter, me, k.coder))
            .map(|k| (k.id, k.span()))
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
fn withdraw_dialog(ps: &ProjectState, subject: crate::withdrawal::Subject, lang: Lang) -> Dialog {
    let removal = crate::withdrawal::deletion(ps.project(), &subject)
        .ok()
        .flatten()
        .map(|e| crate::core::actions::Removal::of(&e))
        .unwrap_or_default();
    let removal = crate::withdrawal::describe_removal(&removal, lang);
    let backups = ps.session.copies().len();
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
    /// `werkbank bench` measures the start-up: close once the first frame with the project
    /// (opened on a worker) is drawn.
    quit_after_first_frame: bool,
    check: check_view::CheckView,
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
