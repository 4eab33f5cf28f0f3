//! The one list of things a user can do. Menus, keyboard shortcuts, the command palette and every
//! widget push a [`Command`]; the app applies the queue once after the frame is drawn, so drawing
//! never mutates the project and every change goes through `Session::perform`.
//!
//! Two kinds: *view commands* (the variants of [`Command`] other than `Edit`) change what the app
//! shows — the selection, the open document, a dialog, a panel — and may read files; *edit
//! commands* ([`EditCommand`]) change the project. An edit command holds everything it needs, so
//! [`EditCommand::build`] turns it into one [`Edit`] from the project alone, through the matching
//! function of [`crate::core::actions`]; the app performs that edit as one undo step. View
//! commands that end in a change (apply the pinned code to the selection) resolve the view state
//! into an edit command first.

use super::FilePurpose;
use super::i18n::{Key, Lang, tr};
use crate::core::actions::{self, NewCode, OnCodings};
use crate::core::edit::{Edit, EditError};
use crate::core::model::{AttributeKind, Id, MemoTarget, Project};
use egui::{Key as K, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// Whose codings are shown in the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CoderFilter {
    #[default]
    All,
    Mine,
    One(Id),
}

/// A change from another file that is previewed before it is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Exchange {
    /// Merge a second coder's project file.
    Merge(PathBuf),
    /// Import a REFI-QDA project (.qdpx) or codebook (.qdc).
    ImportRefi(PathBuf),
}

impl Exchange {
    /// The file merged or imported.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Exchange::Merge(p) | Exchange::ImportRefi(p) => p,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    // Projects
    NewProjectDialog,
    OpenProjectDialog,
    OpenProject {
        path: PathBuf,
        read_only: bool,
    },
    CreateProject {
        path: PathBuf,
    },
    OpenDemo,
    CloseProject,
    ImportFilesDialog,
    /// Shows the detected speakers and their respondent mapping before importing.
    PreviewImport {
        paths: Vec<PathBuf>,
    },
    /// Imports transcripts as the user confirmed them in the preview (one undo step per file).
    ImportPlans {
        plans: Vec<crate::workflow::ImportPlan>,
        /// How many files of the preview are left out (other formats, empty, duplicates, ...).
        skipped: usize,
    },
    ImportCodebookDialog,
    /// File → Merge a coder's project…, Make a hand-out…, Import/Export REFI-QDA…
    MergeProjectDialog,
    HandoutDialog,
    ImportRefiDialog,
    ExportRefiDialog,
    /// Shows what a merge or REFI-QDA import would do, with a button to do it.
    PreviewExchange(Exchange),
    ApplyExchange(Exchange),
    MakeHandout {
        path: PathBuf,
    },
    ExportRefi {
        path: PathBuf,
    },
    /// File → Check a chapter…: choose a results chapter to check against the coding.
    CheckChapterDialog,
    CheckChapter {
        path: PathBuf,
    },
    ImportCodebook {
        path: PathBuf,
    },
    RestoreBackupDialog,
    RestoreBackup {
        backup: PathBuf,
    },
    /// Asks before deleting a document, stating what goes with it.
    DeleteDocumentDialog {
        document: Id,
    },
    /// Asks before deleting a respondent (withdrawal of consent), stating what goes.
    DeleteRespondentDialog {
        case: Id,
    },
    /// Deletes a document or respondent as one undoable action; optionally from every backup too.
    Withdraw {
        subject: crate::withdrawal::Subject,
        purge_backups: bool,
    },
    // History
    Undo,
    Redo,
    // Coding
    ApplyCode {
        code: Id,
    },
    /// Applies the code anyway after the user confirmed a long selection.
    ApplyCodeConfirmed {
        code: Id,
    },
    /// Keys 1-9: the code pinned to that key (index 0-8).
    ApplyPinned(usize),
    /// Key 0: the code applied last.
    RepeatLastCode,
    /// Pins `code` to key `slot + 1` (`None` unpins).
    PinCode {
        slot: usize,
        code: Option<Id>,
    },
    ApplyQuickSearch,
    RemoveCoding,
    SelectCoding(Option<Id>),
    /// Selects the coding and puts the keyboard in its memo.
    EditCodingMemo(Id),
    /// Selects the code in the tree, opening its parents and scrolling it into view.
    RevealCode(Id),
    /// Copies the transcript selection as plain text.
    CopySelection,
    /// Copies the transcript selection with its citation (the Analysis window's template).
    CopyQuote,
    // Code tree
    SelectCode(Option<Id>),
    NewCodeDialog {
        parent: Option<Id>,
    },
    RenameCodeDialog,
    MergeCodeDialog,
    DeleteCodeDialog,
    // Navigation
    SelectDocument(Id),
    Jump {
        document: Id,
        start: usize,
        end: usize,
    },
    NextCoding,
    PreviousCoding,
    // Search
    Search {
        text: String,
    },
    CodeAllHits {
        code: Id,
    },
    // View
    SetLanguage(Lang),
    SetCoderFilter(CoderFilter),
    ToggleSnapToWords,
    ToggleLeftPanel,
    ToggleRightPanel,
    ToggleRetrieval,
    OpenPalette,
    FocusQuickSearch,
    FocusSearch,
    /// Opens the Analysis window (frequencies, matrix, co-occurrence, quotes, export).
    OpenAnalysis,
    // Help
    ShowAbout,
    /// Copies the diagnostic block (build, platform, project size; never content) to the clipboard.
    ReportProblem,
    // Supervisor review (see `review.rs`)
    Review(ReviewCommand),
    /// Workflow dialogs: pseudonymise, codebook import/export, edit log, backups, demo (see `workflows.rs`).
    Workflow(WorkflowCommand),
    /// A change to the project: one edit, one undo step (see [`EditCommand`]).
    Edit(EditCommand),
}

impl Command {
    /// Whether the command changes the open project (refused, with a message, when it is
    /// read-only; the controls that send these are hidden or disabled there).
    pub fn changes_project(&self) -> bool {
        use WorkflowCommand as W;
        matches!(
            self,
            Command::ImportFilesDialog
                | Command::PreviewImport { .. }
                | Command::ImportPlans { .. }
                | Command::ImportCodebookDialog
                | Command::ImportCodebook { .. }
                | Command::MergeProjectDialog
                | Command::ImportRefiDialog
                | Command::ApplyExchange(_)
                | Command::RestoreBackup { .. }
                | Command::DeleteDocumentDialog { .. }
                | Command::DeleteRespondentDialog { .. }
                | Command::Withdraw { .. }
                | Command::Undo
                | Command::Redo
                | Command::ApplyCode { .. }
                | Command::ApplyCodeConfirmed { .. }
                | Command::ApplyPinned(_)
                | Command::RepeatLastCode
                | Command::ApplyQuickSearch
                | Command::RemoveCoding
                | Command::EditCodingMemo(_)
                | Command::NewCodeDialog { .. }
                | Command::RenameCodeDialog
                | Command::MergeCodeDialog
                | Command::DeleteCodeDialog
                | Command::CodeAllHits { .. }
                | Command::Edit(_)
                | Command::Workflow(
                    W::Pseudonymise { copy_to: None, .. }
                        | W::PreviewCodebook { .. }
                        | W::ImportCodebook { .. }
                        | W::BackupNow
                )
        )
    }
}

/// A change to the project, complete in itself: [`EditCommand::build`] makes it one [`Edit`] (one
/// undo step) from the project alone. `coder` is the session's coder, filled in by whoever pushes
/// the command.
#[derive(Debug, Clone, PartialEq)]
pub enum EditCommand {
    AddCoding {
        document: Id,
        start: usize,
        end: usize,
        code: Id,
        coder: Id,
    },
    RemoveCodings {
        codings: Vec<Id>,
    },
    Recode {
        coding: Id,
        code: Id,
    },
    CreateCode {
        parent: Option<Id>,
        name: String,
    },
    RenameCode {
        code: Id,
        name: String,
    },
    SetCodeColor {
        code: Id,
        color: crate::core::Color,
    },
    SetCodeDescription {
        code: Id,
        text: String,
    },
    /// Moves a code under `parent` at `index` among its siblings (`usize::MAX`: last).
    MoveCode {
        code: Id,
        parent: Option<Id>,
        index: usize,
    },
    MergeCodes {
        source: Id,
        target: Id,
    },
    DeleteCode {
        code: Id,
        on_codings: OnCodings,
    },
    SetMemo {
        target: MemoTarget,
        text: String,
        author: Id,
    },
    AddRespondent {
        label: String,
    },
    /// A respondent's real names, which pseudonymisation replaces by the label.
    SetAliases {
        case: Id,
        aliases: Vec<String>,
    },
    DefineAttribute {
        name: String,
        kind: AttributeKind,
    },
    /// Sets (or, with an empty value, removes) a respondent's attributes in one step.
    SetAttributes {
        case: Id,
        values: Vec<(String, String)>,
    },
    AssignSpeaker {
        document: Option<Id>,
        speaker: String,
        case: Option<Id>,
    },
    /// The supervisor's consensus coding of a passage: `codes`, each coding carrying `memo`.
    RecordConsensus {
        document: Id,
        start: usize,
        end: usize,
        codes: Vec<Id>,
        memo: String,
    },
}

impl EditCommand {
    /// The edit this command makes on `project`, through `core::actions`; an error when it no
    /// longer fits (the code was deleted meanwhile, the name is taken, the range is outside).
    pub fn build(&self, project: &Project) -> Result<Edit, EditError> {
        use EditCommand as E;
        match self {
            E::AddCoding { document, start, end, code, coder } => {
                actions::add_coding(project, *document, *start, *end, *code, *coder).map(|(_, e)| e)
            }
            E::RemoveCodings { codings } => actions::remove_codings(project, codings),
            E::Recode { coding, code } => actions::recode(project, *coding, *code),
            E::CreateCode { parent, name } => {
                actions::add_code(project, NewCode { parent: *parent, name, kind: None, color: None, description: "" })
                    .map(|(_, e)| e)
            }
            E::RenameCode { code, name } => actions::rename_code(project, *code, name),
            E::SetCodeColor { code, color } => {
                actions::change_code(project, *code, "Recolour code", |c| c.color = *color)
            }
            E::SetCodeDescription { code, text } => {
                actions::change_code(project, *code, "Describe code", |c| c.description = text.clone())
            }
            E::MoveCode { code, parent, index } => actions::move_code(project, *code, *parent, *index),
            E::MergeCodes { source, target } => actions::merge_codes(project, *source, *target),
            E::DeleteCode { code, on_codings } => actions::delete_code(project, *code, *on_codings),
            E::SetMemo { target, text, author } => actions::set_memo(project, *target, "", text, *author),
            E::AddRespondent { label } => actions::add_case(project, label).map(|(_, e)| e),
            E::SetAliases { case, aliases } => actions::set_aliases(project, *case, aliases),
            E::DefineAttribute { name, kind } => actions::define_attribute(project, name, *kind).map(|(_, e)| e),
            E::SetAttributes { case, values } => actions::change_case(project, *case, "Edit attributes of", |c| {
                for (k, v) in values {
                    if v.trim().is_empty() {
                        c.attributes.remove(k);
                    } else {
                        c.attributes.insert(k.clone(), v.trim().to_string());
                    }
                }
            }),
            E::AssignSpeaker { document, speaker, case } => actions::assign_speaker(project, *document, speaker, *case),
            E::RecordConsensus { document, start, end, codes, memo } => {
                actions::record_consensus(project, *document, *start, *end, codes, memo.trim())
            }
        }
    }
}

/// What the review view asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewCommand {
    Open,
    Close,
    /// Write the agreement report of the current coders/unit to `path` (.docx, .html, .csv, …).
    Export {
        path: PathBuf,
    },
}

/// What the workflow dialogs (and the menus that open them) ask the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkflowCommand {
    /// Runs the system file dialog (typed-path fallback) for `purpose`.
    PickFile(FilePurpose),
    /// Writes the open project to `path` as a new project and opens that (the demo's "Save as").
    SaveProjectCopy {
        path: PathBuf,
    },
    /// Asks before throwing the demo away.
    ResetDemoDialog,
    ResetDemo,
    PseudonymiseDialog,
    /// The Save dialog chose where the pseudonymised copy goes.
    PseudonymCopyPath {
        path: PathBuf,
    },
    /// Replaces the terms (`term = replacement` lines) in a copy at `copy_to`, or in this project.
    Pseudonymise {
        terms: String,
        copy_to: Option<PathBuf>,
    },
    /// Reads a codebook file and shows its tree before importing.
    PreviewCodebook {
        path: PathBuf,
    },
    ImportCodebook {
        path: PathBuf,
        under: Option<Id>,
    },
    /// Opens the codebook export dialog (format, counts, tree style, path).
    CodebookExportDialog,
    /// Writes the code tree to `path`, with the dialog's choices when it is open (names only
    /// otherwise); from the dialog's Export button or its Save dialog.
    ExportCodebook {
        path: PathBuf,
    },
    /// Writes the Analysis window's section, the appendix, every coded segment or every memo to
    /// `path`, with the window's filter and choices (the File menu's exports use them too).
    ExportReport {
        path: PathBuf,
        scope: Scope,
    },
    EditLog,
    Backups,
    BackupNow,
    /// Reads a respondent or survey table and shows its columns and the preview.
    PreviewTable {
        path: PathBuf,
        survey: bool,
    },
    /// Imports the table as chosen in the dialog (one undo step).
    ImportTable {
        path: PathBuf,
        survey: bool,
        choice: crate::survey::SurveyChoice,
    },
}

/// What the Export button writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// The section on screen (a chart for .svg/.png).
    #[default]
    Section,
    /// The whole appendix: code tree, frequencies, respondents, matrix, chart.
    Appendix,
    /// Every coded segment (document, respondent, code path, coder, position, text, memo).
    Segments,
    /// Every memo (target, author, date, text).
    Memos,
    /// The codebook with definitions: code, definition, example quote (cited with the window's
    /// template), counts.
    Codebook,
}

/// A command the palette can list by name: no arguments beyond the current state.
pub struct PaletteEntry {
    pub label: String,
    pub shortcut: Option<KeyboardShortcut>,
    pub command: Command,
}

pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::Z);
pub const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), K::Z);
pub const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::Y);
pub const PALETTE_K: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::K);
pub const PALETTE_P: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::P);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::O);
pub const IMPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::I);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::F);
pub const QUICK_CODE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::E);
pub const NEXT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, K::F8);
pub const PREV: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, K::F8);
pub const RENAME: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, K::F2);
pub const REMOVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, K::Delete);
pub const NEW_CODE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, K::N);

pub const REPEAT_LAST: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, K::Num0);
pub const COPY_QUOTE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), K::C);

pub const DIGITS: [K; 9] = [K::Num1, K::Num2, K::Num3, K::Num4, K::Num5, K::Num6, K::Num7, K::Num8, K::Num9];

/// Shortcuts that work everywhere (even while typing in a field).
pub fn global_shortcuts() -> Vec<(KeyboardShortcut, Command)> {
    vec![
        (REDO, Command::Redo), // before UNDO: Ctrl+Shift+Z also matches Ctrl+Z logically
        (REDO_Y, Command::Redo),
        (UNDO, Command::Undo),
        (PALETTE_K, Command::OpenPalette),
        (PALETTE_P, Command::OpenPalette),
        (OPEN, Command::OpenProjectDialog),
        (IMPORT, Command::ImportFilesDialog),
        (FIND, Command::FocusSearch),
        (QUICK_CODE, Command::FocusQuickSearch),
        (NEW_CODE, Command::NewCodeDialog { parent: None }),
        (COPY_QUOTE, Command::CopyQuote),
    ]
}

/// Shortcuts that only work when no editable text field has the keyboard (the transcript is fine).
pub fn reading_shortcuts() -> Vec<(KeyboardShortcut, Command)> {
    let mut v = vec![
        // Shift+F8 before F8: an unshifted shortcut also matches with Shift held.
        (PREV, Command::PreviousCoding),
        (NEXT, Command::NextCoding),
        (RENAME, Command::RenameCodeDialog),
        (REMOVE, Command::RemoveCoding),
    ];
    for (i, k) in DIGITS.iter().enumerate() {
        v.push((KeyboardShortcut::new(Modifiers::NONE, *k), Command::ApplyPinned(i)));
    }
    v.push((REPEAT_LAST, Command::RepeatLastCode));
    v
}

/// The palette's fixed commands, in menu order.
pub fn palette_commands(lang: Lang, has_project: bool) -> Vec<PaletteEntry> {
    let e = |k: Key, s: Option<KeyboardShortcut>, c: Command| PaletteEntry {
        label: tr(lang, k).to_string(),
        shortcut: s,
        command: c,
    };
    let pick = |p: FilePurpose| Command::Workflow(WorkflowCommand::PickFile(p));
    let mut v = vec![
        e(Key::NewProject, None, Command::NewProjectDialog),
        e(Key::OpenProject, Some(OPEN), Command::OpenProjectDialog),
        e(Key::OpenDemo, None, Command::OpenDemo),
        e(Key::LanguageEnglish, None, Command::SetLanguage(Lang::En)),
        e(Key::LanguageDutch, None, Command::SetLanguage(Lang::Nl)),
        e(Key::About, None, Command::ShowAbout),
        e(Key::ReportProblem, None, Command::ReportProblem),
    ];
    if has_project {
        v.extend([
            e(Key::ImportTranscripts, Some(IMPORT), Command::ImportFilesDialog),
            e(Key::ImportCodebook, None, Command::ImportCodebookDialog),
            e(Key::CheckChapter, None, Command::CheckChapterDialog),
            e(Key::CloseProject, None, Command::CloseProject),
            e(Key::Undo, Some(UNDO), Command::Undo),
            e(Key::Redo, Some(REDO), Command::Redo),
            e(Key::NewCode, Some(NEW_CODE), Command::NewCodeDialog { parent: None }),
            e(Key::RenameCode, Some(RENAME), Command::RenameCodeDialog),
            e(Key::MergeCode, None, Command::MergeCodeDialog),
            e(Key::DeleteCode, None, Command::DeleteCodeDialog),
            e(Key::RemoveCoding, Some(REMOVE), Command::RemoveCoding),
            e(Key::CopyText, None, Command::CopySelection),
            e(Key::CopyAsQuote, Some(COPY_QUOTE), Command::CopyQuote),
            e(Key::RepeatLastCode, Some(REPEAT_LAST), Command::RepeatLastCode),
            e(Key::NextCoding, Some(NEXT), Command::NextCoding),
            e(Key::PreviousCoding, Some(PREV), Command::PreviousCoding),
            e(Key::FocusQuickCode, Some(QUICK_CODE), Command::FocusQuickSearch),
            e(Key::FocusSearch, Some(FIND), Command::FocusSearch),
            e(Key::ShowAllCoders, None, Command::SetCoderFilter(CoderFilter::All)),
            e(Key::ShowMine, None, Command::SetCoderFilter(CoderFilter::Mine)),
            e(Key::SnapToWords, None, Command::ToggleSnapToWords),
            e(Key::ToggleDocuments, None, Command::ToggleLeftPanel),
            e(Key::ToggleCodes, None, Command::ToggleRightPanel),
            e(Key::ToggleRetrieval, None, Command::ToggleRetrieval),
            e(Key::OpenAnalysis, None, Command::OpenAnalysis),
            e(Key::ExportAppendix, None, pick(FilePurpose::ExportReport(Scope::Appendix))),
            e(Key::ExportSegmentsMenu, None, pick(FilePurpose::ExportReport(Scope::Segments))),
            e(Key::ExportMemosMenu, None, pick(FilePurpose::ExportReport(Scope::Memos))),
            e(Key::ExportCodebook, None, Command::Workflow(WorkflowCommand::CodebookExportDialog)),
            e(Key::PseudonymiseTitle, None, Command::Workflow(WorkflowCommand::PseudonymiseDialog)),
            e(Key::EditLogMenu, None, Command::Workflow(WorkflowCommand::EditLog)),
            e(Key::BackupsMenu, None, Command::RestoreBackupDialog),
            e(Key::OpenReview, None, Command::Review(ReviewCommand::Open)),
        ]);
    }
    v
}

/// Whether every word of `query` occurs in `label` (case-insensitive): "ren co" finds "Rename code".
pub fn matches_query(label: &str, query: &str) -> bool {
    let l = label.to_lowercase();
    query.to_lowercase().split_whitespace().all(|w| l.contains(w))
}
