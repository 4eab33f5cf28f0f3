//! Multi-step operations shared by the GUI and the CLI: importing transcript files, loading a
//! codebook file, coding every match of a phrase. Each ends in exactly one [`Session::perform`]
//! per user-visible action, so one import of one file is one undo step.

use crate::codebook;
use crate::core::actions::{self, NewDocument, NewTurn};
use crate::core::edit::{Edit, EditError};
use crate::core::lang::{Lang, string_table};
use crate::core::model::{Id, Project};
use crate::import::{self, ImportedText, Role, RoleSource};
use crate::session::{Session, SessionError};
use regex::Regex;
use std::path::{Path, PathBuf};
use thiserror::Error;

string_table! {
    /// A line the shared workflows report to either front end (a merge, a hand-out, a REFI-QDA
    /// exchange, a withdrawal), in the language of whoever reads it: the app's, or the CLI's
    /// `--lang`. One table, so the app and the command line say the same thing.
    pub enum Line {
        // Why an exchange did not happen
        CannotRead => "cannot read {0}: {1}", "kan {0} niet lezen: {1}";
        NothingMerged => "nothing merged from {0}: {1}", "niets samengevoegd uit {0}: {1}";
        CannotImport => "cannot import {0}: {1}", "kan {0} niet importeren: {1}";
        CannotExport => "cannot export: {0}", "kan niet exporteren: {0}";
        CannotWriteFile => "cannot write {0}: {1}", "kan {0} niet schrijven: {1}";
        // Merging a second coder's project
        Merged =>
            "merged {0}: {1} {1:coding|codings} added ({2} already present), {3} {3:code|codes}, {4} {4:document|documents} ({5} matched), {6} {6:respondent|respondents}, {7} {7:coder|coders}, {8} {8:memo|memos}",
            "{0} samengevoegd: {1} {1:codering|coderingen} toegevoegd ({2} al aanwezig), {3} {3:code|codes}, {4} {4:document|documenten} ({5} herkend), {6} {6:respondent|respondenten}, {7} {7:codeur|codeurs}, {8} {8:memo|memo's}";
        WouldMerge =>
            "would merge {0}: {1} {1:coding|codings} added ({2} already present), {3} {3:code|codes}, {4} {4:document|documents} ({5} matched), {6} {6:respondent|respondents}, {7} {7:coder|coders}, {8} {8:memo|memos}",
            "{0} samenvoegen zou geven: {1} {1:codering|coderingen} toegevoegd ({2} al aanwezig), {3} {3:code|codes}, {4} {4:document|documenten} ({5} herkend), {6} {6:respondent|respondenten}, {7} {7:codeur|codeurs}, {8} {8:memo|memo's}";
        Matched => "matched: {0}", "herkend: {0}";
        Conflict => "conflict: {0}", "conflict: {0}";
        // A hand-out for a second coder
        Handout =>
            "wrote {0} for a second coder: {1} {1:document|documents}, {2} {2:code|codes}, no codings",
            "{0} geschreven voor een tweede codeur: {1} {1:document|documenten}, {2} {2:code|codes}, geen coderingen";
        // REFI-QDA
        RefiImported =>
            "imported {0}: {1} {1:source|sources}, {2} {2:code|codes}, {3} {3:coding|codings}, {4} {4:case|cases}, {5} speaker {5:turn|turns}, {6} {6:memo|memos}",
            "{0} geïmporteerd: {1} {1:bron|bronnen}, {2} {2:code|codes}, {3} {3:codering|coderingen}, {4} {4:casus|casussen}, {5} {5:spreekbeurt|spreekbeurten}, {6} {6:memo|memo's}";
        WouldImport =>
            "would import {0}: {1} {1:source|sources}, {2} {2:code|codes}, {3} {3:coding|codings}, {4} {4:case|cases}, {5} speaker {5:turn|turns}, {6} {6:memo|memos}",
            "{0} importeren zou geven: {1} {1:bron|bronnen}, {2} {2:code|codes}, {3} {3:codering|coderingen}, {4} {4:casus|casussen}, {5} {5:spreekbeurt|spreekbeurten}, {6} {6:memo|memo's}";
        Utf16Converted =>
            " (positions were UTF-16 code units and were converted)",
            " (posities waren UTF-16-eenheden en zijn omgerekend)";
        DuplicateCodings =>
            "{0} duplicate {0:coding|codings} skipped (the same document, range, code and coder as another coding in the file)",
            "{0} dubbele {0:codering|coderingen} overgeslagen (hetzelfde document, bereik, dezelfde code en codeur als een andere codering in het bestand)";
        Skipped => "skipped: {0}", "overgeslagen: {0}";
        Note => "note: {0}", "let op: {0}";
        AlreadyInProject =>
            "note: {0} {0:coding was|codings were} already in the project",
            "let op: {0} {0:codering stond|coderingen stonden} al in het project";
        WroteCodeTree => "wrote {0}: {1} {1:code|codes}", "{0} geschreven: {1} {1:code|codes}";
        WroteRefi =>
            "wrote {0}: {1} {1:document|documents}, {2} speaker {2:turn|turns}, {3} of {4} respondents linked to their text, {5} {5:coding|codings} by {6} {6:coder|coders}, {7} {7:memo|memos}",
            "{0} geschreven: {1} {1:document|documenten}, {2} {2:spreekbeurt|spreekbeurten}, {3} van {4} respondenten aan hun tekst gekoppeld, {5} {5:codering|coderingen} van {6} {6:codeur|codeurs}, {7} {7:memo|memo's}";
        RespondentsWithoutText =>
            "note: {0} {0:respondent has|respondents have} no text (no document or speaker turn of theirs)",
            "let op: {0} {0:respondent heeft|respondenten hebben} geen tekst (geen eigen document of spreekbeurt)";
        // Why a file was not imported
        NoExtension => "not a transcript (no extension)", "geen transcript (geen extensie)";
        NotTranscriptFormat => "not a transcript format (.{0})", "geen transcriptformaat (.{0})";
        HiddenOrTemporary => "hidden or temporary file", "verborgen of tijdelijk bestand";
        Subfolder =>
            "a folder (folders are not searched; import it separately)",
            "een map (mappen worden niet doorzocht; importeer die apart)";
        EmptyFile => "empty: contains no text", "leeg: bevat geen tekst";
        TooLarge => "too large ({0} bytes; the limit is {1} bytes)", "te groot ({0} bytes; de grens is {1} bytes)";
        Duplicate =>
            "duplicate: the same text as the document “{0}” already in the project (use --allow-duplicates to import it anyway)",
            "dubbel: dezelfde tekst als het document “{0}” dat al in het project staat (gebruik --allow-duplicates om het toch te importeren)";
        // The preview of a respondent or survey table
        TableRows => "{0} data {0:row|rows}, {1} {1:column|columns} ({2})", "{0} {0:gegevensrij|gegevensrijen}, {1} {1:kolom|kolommen} ({2})";
        ColumnHeader => "column", "kolom";
        KindHeader => "kind", "soort";
        FilledHeader => "filled", "gevuld";
        UseHeader => "use", "gebruik";
        SamplesHeader => "sample values", "voorbeeldwaarden";
        ColumnN => "(column {0})", "(kolom {0})";
        OnePerRespondent => "one per respondent, a turn per question", "één per respondent, een beurt per vraag";
        OnePerQuestion => "one per question, a turn per respondent", "één per vraag, een beurt per respondent";
        SurveyDocuments =>
            "{0} {0:document|documents} ({1}), {2} {2:answer|answers}; {3} empty {3:answer|answers} skipped",
            "{0} {0:document|documenten} ({1}), {2} {2:antwoord|antwoorden}; {3} {3:leeg antwoord|lege antwoorden} overgeslagen";
        DocumentAnswers => "{0} ({1} {1:answer|answers})", "{0} ({1} {1:antwoord|antwoorden})";
        AndMore => "... and {0} more", "... en nog {0}";
        RespondentsMatched =>
            "{0} new {0:respondent|respondents}, {1} existing {1:respondent|respondents} matched by label ({2} with changed attributes)",
            "{0} {0:nieuwe respondent|nieuwe respondenten}, {1} {1:bestaande respondent|bestaande respondenten} herkend aan het label ({2} met gewijzigde kenmerken)";
        NoAttributes => "no attributes", "geen kenmerken";
        Attributes => "attributes: {0}", "kenmerken: {0}";
        // A project made, backed up, restored
        Created => "Created {0}", "{0} aangemaakt";
        BackupWritten => "Backup written to {0}", "Back-up geschreven naar {0}";
        Restored => "Restored {0}; the state before is kept in {1}", "{0} teruggezet; de stand daarvoor staat in {1}";
        // Deleting a document, withdrawing a respondent
        Withdrawn => "Deleted {0}", "{0} verwijderd";
        WithdrawnWhat => "Deleted {0}: {1}", "{0} verwijderd: {1}";
        NoLongerInProject => "{0} is no longer in the project", "{0} zit niet meer in het project";
        TheDocument => "document '{0}'", "document '{0}'";
        TheRespondent => "respondent {0}", "respondent {0}";
        Documents => "{0} {0:document|documents}", "{0} {0:document|documenten}";
        Turns => "{0} speaker {0:turn|turns}", "{0} {0:spreekbeurt|spreekbeurten}";
        Codings => "{0} {0:coding|codings}", "{0} {0:codering|coderingen}";
        Memos => "{0} {0:memo|memos}", "{0} {0:memo|memo's}";
        PassagesCut =>
            "passages cut from {0} shared {0:document|documents}",
            "passages weggeknipt uit {0} gedeelde {0:document|documenten}";
    }
}

#[derive(Debug, Error)]
pub enum WorkflowError {
    #[error("{path}: {source}")]
    Import { path: PathBuf, source: import::ImportError },
    #[error("{path}: {source}")]
    Codebook { path: PathBuf, source: codebook::CodebookError },
    #[error("{0}")]
    Session(#[from] SessionError),
    #[error("{0}")]
    Edit(#[from] EditError),
    /// Said in the user's words ("no such file"); the io error is not a `source`, so nobody
    /// adds "No such file or directory (os error 2)" after it.
    #[error("{path}: {}", import::io_reason(error))]
    Io { path: PathBuf, error: std::io::Error },
    #[error("invalid pattern: {0}")]
    Pattern(#[from] regex::Error),
    /// A code path typed by the user names no code; `candidates` are the full paths it may have
    /// meant (a level left out), never taken.
    #[error("no code '{path}'{}", if candidates.is_empty() { String::new() } else { format!("; did you mean {}?", choices(candidates, "or")) })]
    NoCode { path: String, candidates: Vec<String> },
    #[error("'{name}' is ambiguous ({count} codes have that name); give the full path, e.g. {example}")]
    AmbiguousCode { name: String, count: usize, example: String },
    #[error("no document '{0}'")]
    NoDocument(String),
    #[error("'{name}' matches {count} documents; be more specific")]
    AmbiguousDocument { name: String, count: usize },
    #[error("no respondent '{0}'")]
    NoRespondent(String),
    #[error("{path}: {source}")]
    Exchange { path: PathBuf, source: crate::refi::RefiError },
    #[error("{0}")]
    Export(#[from] crate::export::ExportError),
    #[error("{0}")]
    Output(#[from] crate::output::OutputError),
    /// Counts asked of a codebook file (`--format`), which holds names only.
    #[error("counts are written in .docx, .html, .md or .txt code trees, not in a codebook file (--format)")]
    CountsInCodebookFile,
}

pub type Result<T> = std::result::Result<T, WorkflowError>;

/// Opening a REFI-QDA file (.qdpx project or .qdc codebook) the way a double-click or "Open with
/// Werkbank" does: a new project beside it, named after it (`interviews.qdpx` →
/// `interviews.werkbank`, or `interviews (2).werkbank` when that exists: nothing is overwritten),
/// with the file imported as its first action.
pub fn project_from_exchange_file(path: &Path, coder: &str) -> Result<Session> {
    let io = |error| WorkflowError::Io { path: path.to_path_buf(), error };
    let bytes = std::fs::read(path).map_err(io)?;
    let stem = document_name(path);
    let dir = path.parent().unwrap_or(Path::new("."));
    let target = (1..)
        .map(|n| dir.join(if n == 1 { format!("{stem}.werkbank") } else { format!("{stem} ({n}).werkbank") }))
        .find(|p| !p.exists())
        .expect("an unused name");
    let opts = crate::refi::ImportOptions {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        ..Default::default()
    };
    let is_qdc = crate::output::Format::of_path(path) == Some(crate::output::Format::Qdc);
    // Built in memory first, so a file that cannot be imported leaves no empty project behind.
    let mut project = Project { name: stem.clone(), ..Project::default() };
    let imported = if is_qdc {
        crate::refi::import_qdc_with(&bytes, &project, &opts)
    } else {
        crate::refi::import_qdpx_with(&bytes, &project, &opts)
    }
    .map_err(|source| WorkflowError::Exchange { path: path.to_path_buf(), source })?;
    project.apply(&imported.edit)?;
    Ok(Session::create_from(&target, &project, coder)?)
}

/// How respondents are attached to an imported transcript.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The whole document belongs to this respondent (created if new).
    pub respondent: Option<String>,
    /// Create a respondent for every speaker in the respondent role and map the tag to it: per
    /// document for a generic tag ("Y", "Speaker 1"), across documents for a participant id ("R3").
    pub create_speaker_respondents: bool,
}

/// Why a file offered to an import was left out. Every skipped file is reported with its reason
/// (a folder import that says "imported 4 of 4" while it passed over three files hides data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Not a transcript format Werkbank reads (the extension, lower case, may be empty).
    Unsupported(String),
    /// A hidden file or an editor's temporary/lock file (`~$x.docx`, `.~lock.x#`, `x~`).
    HiddenOrTemporary,
    /// A folder inside the folder: folders are not searched recursively.
    Subfolder,
    /// The file has no bytes, or no text once read.
    Empty,
    /// Larger than [`import::MAX_FILE_BYTES`].
    TooLarge(u64),
    /// The file could not be read or is damaged: the reader's message.
    Unreadable(String),
    /// Its text is the same as a document's already in the project (or earlier in this batch).
    Duplicate { of: String },
}

impl SkipReason {
    /// A transcript that should have been imported and was not (the command fails), as opposed to
    /// a file passed over on purpose (listed, but the import succeeds).
    pub fn is_failure(&self) -> bool {
        matches!(self, SkipReason::TooLarge(_) | SkipReason::Unreadable(_))
    }
}

impl SkipReason {
    /// Why the file was not imported, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            SkipReason::Unsupported(ext) if ext.is_empty() => Line::NoExtension.text(lang).to_string(),
            SkipReason::Unsupported(ext) => Line::NotTranscriptFormat.fill(lang, &[ext]),
            SkipReason::HiddenOrTemporary => Line::HiddenOrTemporary.text(lang).to_string(),
            SkipReason::Subfolder => Line::Subfolder.text(lang).to_string(),
            SkipReason::Empty => Line::EmptyFile.text(lang).to_string(),
            SkipReason::TooLarge(size) => Line::TooLarge.fill(lang, &[size, &import::MAX_FILE_BYTES]),
            // The reader's message says what is wrong ("no such file", "the PDF cannot be
            // imported: …") and is not prefixed again.
            SkipReason::Unreadable(why) => why.clone(),
            SkipReason::Duplicate { of } => Line::Duplicate.fill(lang, &[of]),
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

/// A file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

impl Skipped {
    /// The file's name as the user knows it.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into_owned())
    }
}

/// The files of an import: those to read, and those passed over with their reasons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSelection {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// The transcript files in `paths`, expanding folders (sorted, not recursive). In a folder, every
/// other entry is listed in [`FileSelection::skipped`] with its reason; a file named explicitly is
/// always read (so an unsupported or unreadable one fails with the reader's message).
pub fn select_files(paths: &[PathBuf]) -> Result<FileSelection> {
    let mut sel = FileSelection::default();
    for p in paths {
        if !p.is_dir() {
            sel.files.push(p.clone());
            continue;
        }
        let rd = std::fs::read_dir(p).map_err(|e| WorkflowError::Io { path: p.clone(), error: e })?;
        let mut entries: Vec<(PathBuf, std::io::Result<std::fs::Metadata>)> =
            rd.filter_map(|e| e.ok()).map(|e| (e.path(), std::fs::metadata(e.path()))).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, meta) in entries {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let reason = match meta {
                Err(e) => Some(SkipReason::Unreadable(e.to_string())),
                Ok(_) if is_hidden_or_temporary(&name) => Some(SkipReason::HiddenOrTemporary),
                Ok(m) if m.is_dir() => Some(SkipReason::Subfolder),
                Ok(_) if !is_supported(&path) => Some(SkipReason::Unsupported(
                    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default(),
                )),
                Ok(m) if m.len() == 0 => Some(SkipReason::Empty),
                Ok(m) if m.len() > import::MAX_FILE_BYTES => Some(SkipReason::TooLarge(m.len())),
                Ok(_) => None,
            };
            match reason {
                Some(reason) => sel.skipped.push(Skipped { path, reason }),
                None => sel.files.push(path),
            }
        }
    }
    Ok(sel)
}

/// The transcript files in `paths`, expanding folders; see [`select_files`].
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    Ok(select_files(paths)?.files)
}

/// Hidden files and the temporary/lock files Word, LibreOffice and editors leave beside a
/// document: `.x`, `~$x.docx`, `~x.tmp`, `x~`, `.~lock.x#`, `Thumbs.db`, `desktop.ini`.
fn is_hidden_or_temporary(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with('#')
        || lower.ends_with(".tmp")
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

fn is_supported(path: &Path) -> bool {
    crate::output::Format::of_path_in(path, import::SUPPORTED_FORMATS).is_some()
}

/// Recognises a transcript whose text is already in the project, or earlier in the same batch,
/// by [`crate::core::text::content_fingerprint`] (so line ends, NFD/NFC and spacing do not hide it).
#[derive(Debug, Clone, Default)]
pub struct DuplicateCheck {
    seen: std::collections::HashMap<crate::core::text::Fingerprint, String>,
}

impl DuplicateCheck {
    /// Knows every document of `project` by its stored fingerprint (no transcript is read).
    pub fn new(project: &Project) -> DuplicateCheck {
        let seen = project.documents.values().map(|d| (d.fingerprint, d.name.clone())).collect();
        DuplicateCheck { seen }
    }

    /// The name of the document with the same text (by its [`crate::core::text::content_fingerprint`]), if
    /// any; otherwise the text is remembered under `name`, so a second copy later in the batch is
    /// recognised.
    pub fn check(&mut self, name: &str, fingerprint: crate::core::text::Fingerprint) -> Option<String> {
        match self.seen.entry(fingerprint) {
            std::collections::hash_map::Entry::Occupied(e) => Some(e.get().clone()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(name.to_string());
                None
            }
        }
    }
}

/// Why a read transcript should not be imported as it is: no text, or the same text as a
/// document already there (unless duplicates are allowed). Registers it with `dups` otherwise.
pub fn skip_reason(plan: &ImportPlan, dups: &mut DuplicateCheck, allow_duplicates: bool) -> Option<SkipReason> {
    if plan.imported.text.trim().is_empty() {
        return Some(SkipReason::Empty);
    }
    match dups.check(&plan.name, plan.imported.digests.fingerprint) {
        Some(of) if !allow_duplicates => Some(SkipReason::Duplicate { of }),
        _ => None,
    }
}

/// The reason a transcript file could not be read, as a skip: too large, or unreadable/damaged
/// (said in `lang`).
pub fn failure_reason(e: &WorkflowError, lang: Lang) -> SkipReason {
    match e {
        WorkflowError::Import { source: import::ImportError::TooLarge { size, what, .. }, .. }
            if what.as_str() == "the file" =>
        {
            SkipReason::TooLarge(*size)
        }
        WorkflowError::Import { source, .. } => SkipReason::Unreadable(source.say(lang)),
        // The path is the skipped file's, which the list names already.
        WorkflowError::Io { error, .. } => SkipReason::Unreadable(import::io_reason(error)),
        other => SkipReason::Unreadable(other.to_string()),
    }
}

/// The document name for a file: its stem ("R3 interview.docx" -> "R3 interview").
pub fn document_name(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Untitled".into())
}

/// What importing a transcript would do with one speaker tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerMapping {
    /// The interviewer's tag: its turns belong to no respondent.
    Interviewer,
    /// Present but not data (an observer, an interpreter): no respondent.
    Ignore,
    /// Mapped to the existing respondent with this label.
    Existing(String),
    /// A new respondent with this label would be created.
    New(String),
    /// A respondent not linked yet (map it later, or import with speaker respondents on).
    Unmapped,
}

impl SpeakerMapping {
    pub fn role(&self) -> Role {
        match self {
            SpeakerMapping::Interviewer => Role::Interviewer,
            SpeakerMapping::Ignore => Role::Ignore,
            _ => Role::Respondent,
        }
    }
}

/// One speaker of a transcript as the import preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerPreview {
    pub speaker: String,
    pub turns: usize,
    /// Why the role was proposed (legend, tag, evidence): shown so the user can confirm it.
    pub source: RoleSource,
    /// Whether the tag is generic ("Y", "I1", "Speaker 1"): then its respondent belongs to this
    /// document only, never to another transcript's "Y".
    pub generic: bool,
    pub mapping: SpeakerMapping,
}

/// A participant id that names the same person across an interview series ("R3", "A2", "M1",
/// "id1"), as opposed to a generic tag ("Y", "I1", "Speaker 1", "PARTICIPANT", a first name)
/// that only means something within one transcript.
pub fn is_participant_id(tag: &str) -> bool {
    let letters: String = tag.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &tag[letters.len()..];
    (1..=3).contains(&letters.len())
        && (1..=3).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !matches!(letters.to_lowercase().as_str(), "i" | "int" | "iv" | "q" | "s" | "sp" | "spk" | "t")
}

/// The label proposed for a new respondent behind `tag` in the document named `document`:
/// the tag itself for a participant id, else the tag scoped to the document ("Interview 2: Y").
pub fn respondent_label(tag: &str, document: &str) -> String {
    if is_participant_id(tag) { tag.to_string() } else { format!("{document}: {tag}") }
}

/// The speakers of an imported transcript and how they would be mapped to respondents, so the
/// mapping can be confirmed (and changed) before anything is written. `document` is the name the
/// document will get.
pub fn preview_speakers(
    project: &Project,
    document: &str,
    imported: &ImportedText,
    opts: &ImportOptions,
) -> Vec<SpeakerPreview> {
    let respondents = imported.speakers.iter().filter(|s| s.role == Role::Respondent).count();
    imported
        .speakers
        .iter()
        .map(|s| {
            let generic = !is_participant_id(&s.tag);
            let label_mapping = |label: String| match project.case_by_label(&label) {
                Some(c) => SpeakerMapping::Existing(c.label.clone()),
                None => SpeakerMapping::New(label),
            };
            let known = if generic { None } else { actions::case_for_speaker(project, &s.tag) };
            let mapping = match s.role {
                Role::Interviewer => SpeakerMapping::Interviewer,
                Role::Ignore => SpeakerMapping::Ignore,
                Role::Respondent => match (&opts.respondent, known) {
                    (Some(label), _) if respondents == 1 => label_mapping(label.clone()),
                    (_, Some(c)) => SpeakerMapping::Existing(project.cases[&c].label.clone()),
                    _ if opts.create_speaker_respondents => label_mapping(respondent_label(&s.tag, document)),
                    _ => SpeakerMapping::Unmapped,
                },
            };
            SpeakerPreview { speaker: s.tag.clone(), turns: s.turns, source: s.source.clone(), generic, mapping }
        })
        .collect()
}

/// One transcript read and ready to import: what the preview shows and the user may change.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub path: PathBuf,
    /// The document's name (already made unique within the project).
    pub name: String,
    pub source_name: String,
    pub imported: ImportedText,
    /// The respondent the whole document belongs to (`--respondent`), created if new.
    pub respondent: Option<String>,
    pub speakers: Vec<SpeakerPreview>,
    /// The document (already in the project, or earlier in the same batch) with the same text,
    /// when the import preview found one: such a file is left out unless the user insists.
    pub duplicate_of: Option<String>,
}

/// Reads a transcript and proposes how to import it, writing nothing.
pub fn plan_file(project: &Project, path: &Path, opts: &ImportOptions) -> Result<ImportPlan> {
    let imported =
        import::import_path(path).map_err(|e| WorkflowError::Import { path: path.to_path_buf(), source: e })?;
    let source_name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut plan = plan_import(project, &document_name(path), &source_name, imported, opts);
    plan.path = path.to_path_buf();
    Ok(plan)
}

/// Proposes how to import an already read transcript.
pub fn plan_import(
    project: &Project,
    name: &str,
    source_name: &str,
    imported: ImportedText,
    opts: &ImportOptions,
) -> ImportPlan {
    let name = actions::unique_document_name(project, name);
    let speakers = preview_speakers(project, &name, &imported, opts);
    ImportPlan {
        path: PathBuf::new(),
        name,
        source_name: source_name.to_string(),
        imported,
        respondent: opts.respondent.clone(),
        speakers,
        duplicate_of: None,
    }
}

/// Builds the edit that adds one imported transcript, with its respondents, as one step.
pub fn import_edit(
    project: &Project,
    name: &str,
    source_name: &str,
    imported: &ImportedText,
    opts: &ImportOptions,
) -> Result<(Id, Edit)> {
    plan_edit(project, &plan_import(project, name, source_name, imported.clone(), opts))
}

/// Builds the edit that carries out an import plan (as the user confirmed it) as one step.
pub fn plan_edit(project: &Project, plan: &ImportPlan) -> Result<(Id, Edit)> {
    // The project is copied only when respondents are created (their ids and labels must be seen
    // by what follows); the document and its turns are never applied to a copy: a transcript of
    // 100,000 turns must not cost two extra maps of them, nor every import a copy of the project.
    let mut scratch = std::borrow::Cow::Borrowed(project);
    let mut edit = Edit::new(format!("Import {}", plan.name));
    let mut case_of_label = |scratch: &mut std::borrow::Cow<Project>, label: &str, create: bool| -> Result<Id> {
        match scratch.case_by_label(label.trim()) {
            Some(c) => Ok(c.id),
            None if create => {
                let (id, e) = actions::add_case(scratch, label)?;
                scratch.to_mut().apply(&e)?;
                edit.extend(e);
                Ok(id)
            }
            None => Err(WorkflowError::NoRespondent(label.to_string())),
        }
    };
    let mut cases: std::collections::HashMap<&str, Id> = Default::default();
    for sp in &plan.speakers {
        let case = match &sp.mapping {
            SpeakerMapping::New(label) => case_of_label(&mut scratch, label, true)?,
            SpeakerMapping::Existing(label) => case_of_label(&mut scratch, label, false)?,
            _ => continue,
        };
        cases.insert(sp.speaker.as_str(), case);
    }
    let owner = match &plan.respondent {
        Some(label) => Some(case_of_label(&mut scratch, label, true)?),
        None => None,
    };
    let turns = plan
        .imported
        .turns
        .iter()
        .map(|t| NewTurn {
            start: t.start,
            end: t.end,
            speaker: t.speaker.clone(),
            start_ms: t.start_ms,
            case: cases.get(t.speaker.as_str()).copied(),
        })
        .collect();
    let doc_text = &plan.imported.text;
    let new = NewDocument { name: &plan.name, text: doc_text, source_name: &plan.source_name, turns };
    let first = edit.changes.len();
    let doc = actions::add_digested_document_into(&scratch, new, plan.imported.digests.clone(), &mut edit)?;
    if let Some(crate::core::Change::Insert(crate::core::Entity::Document(d))) = edit.changes.get_mut(first) {
        d.case = owner;
    }
    Ok((doc, edit))
}

/// Builds ONE edit importing every plan (the app imports a confirmed folder as one undo step).
/// Each plan is built on a copy of the project with the plans before it applied, so a respondent
/// created for one transcript is found, not created again, by the next. `next` runs after each
/// plan and stops the work when it returns false. Per plan (up to where it stopped): its new
/// document, or why it could not be imported.
pub fn plans_edit(project: &Project, plans: &[ImportPlan], next: &mut dyn FnMut() -> bool) -> (Edit, Vec<Result<Id>>) {
    let mut scratch = std::borrow::Cow::Borrowed(project);
    let mut edit = Edit::new(String::new());
    let mut out = Vec::with_capacity(plans.len());
    for (i, plan) in plans.iter().enumerate() {
        let built = plan_edit(&scratch, plan).and_then(|(doc, e)| {
            if i + 1 < plans.len() {
                scratch.to_mut().apply(&e)?;
            }
            Ok((doc, e))
        });
        out.push(built.map(|(doc, e)| {
            edit.label = e.label.clone();
            edit.extend(e);
            doc
        }));
        if !next() {
            break;
        }
    }
    let n = out.iter().filter(|r| r.is_ok()).count();
    if n > 1 {
        edit.label = format!("Import {n} transcripts");
    }
    (edit, out)
}

/// Imports a transcript as planned (and confirmed) as one undo step. The plan is let go once the
/// edit is built, before the project takes the turns: its 100,000 detected turns need not be held
/// beside them.
pub fn import_plan(session: &mut Session, plan: ImportPlan) -> Result<Id> {
    let (doc, edit) = plan_edit(session.project(), &plan)?;
    drop(plan);
    session.perform(edit)?;
    Ok(doc)
}

/// Reads and imports one transcript file as one undo step, with the proposed mapping; returns
/// what was read with the new document.
pub fn import_file(session: &mut Session, path: &Path, opts: &ImportOptions) -> Result<(Id, ImportedText)> {
    let plan = plan_file(session.project(), path, opts)?;
    let (doc, edit) = plan_edit(session.project(), &plan)?;
    session.perform(edit)?;
    Ok((doc, plan.imported))
}

/// Reads a codebook file (JSON, outline or `a>>b` lines, in any text encoding) without importing
/// it: what the import would add, for the app's preview and for [`import_codebook_file`].
pub fn read_codebook_file(path: &Path) -> Result<codebook::Codebook> {
    // A codebook's text is at most `MAX_INPUT_BYTES`; its file (UTF-16 doubles it) at most twice
    // that, so a huge file is refused without reading it.
    let limit = 2 * codebook::MAX_INPUT_BYTES + 4;
    let bytes = import::read_capped(path, limit as u64)
        .map_err(|e| WorkflowError::Io { path: path.to_path_buf(), error: e })?
        .ok_or_else(|| WorkflowError::Codebook {
            path: path.to_path_buf(),
            source: codebook::CodebookError::TooLarge {
                size: std::fs::metadata(path).map_or(limit + 1, |m| m.len() as usize),
                limit: codebook::MAX_INPUT_BYTES,
            },
        })?;
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    codebook::parse_file(&name, &bytes).map_err(|e| WorkflowError::Codebook { path: path.to_path_buf(), source: e })
}

/// Loads a codebook file (JSON, outline or `a>>b` lines) under `parent` as one undo step.
/// Returns how many codes were added.
pub fn import_codebook_file(session: &mut Session, path: &Path, parent: Option<Id>) -> Result<usize> {
    let edit = codebook_edit(session.project(), path, parent)?;
    let n = edit.changes.len();
    session.perform(edit)?;
    Ok(n)
}

/// The edit that imports a codebook file under `parent` (what [`import_codebook_file`] performs;
/// the app builds it on a worker thread from a copy of the project).
pub fn codebook_edit(project: &Project, path: &Path, parent: Option<Id>) -> Result<Edit> {
    let cb = read_codebook_file(path)?;
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut edit = codebook::insert_into_project(project, parent, &cb.codes, true);
    edit.label = format!("Import codebook {name}");
    Ok(edit)
}

/// The plain-text codebook formats Werkbank writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodebookOut {
    /// The JSON of `codebooks/` (names, descriptions, kinds, colours).
    Json,
    /// An indented outline (.txt, .md).
    Outline,
    /// `a>>b<TAB>description` lines.
    Lines,
}

/// The project's code tree as the text of a codebook file in `format`.
pub fn codebook_text(project: &Project, format: CodebookOut) -> String {
    let nodes = codebook::from_project(project, None);
    match format {
        CodebookOut::Json => codebook::to_json(&codebook::Codebook {
            name: project.name.clone(),
            source: "Werkbank".into(),
            language: "nl".into(),
            codes: nodes,
        }),
        CodebookOut::Outline => codebook::to_outline(&nodes),
        CodebookOut::Lines => codebook::to_path_lines(&nodes),
    }
}

/// Writes the project's code tree to `path`, as `werkbank codebook export` and the app's
/// Codebook export do. The extension picks the file: `.json` (or `format`) a codebook file,
/// `.txt`/`.md` an outline that `codebook import` reads back (names and descriptions, in
/// `o.tree_style`: bullets, numbers or Markdown headings) when the figure is
/// [`Figure::None`](crate::export::options::Figure::None) — names only —, and otherwise (and for
/// `.docx`/`.html` always) the code tree document of `export codeboom`: Word headings or a real
/// nested list, names with the counts `o` asks for, within `filter`. `.xlsx`/`.csv` get the code
/// tree as a table. Returns how many codes the file holds.
pub fn write_code_tree(
    project: &Project,
    filter: &crate::core::analysis::Filter,
    o: &crate::export::options::ReportOptions,
    format: Option<CodebookOut>,
    path: &Path,
) -> Result<usize> {
    use crate::export::options::Figure;
    use crate::output::Format;
    let ext = crate::output::format_of(path, "a code tree", crate::output::CODE_TREE_FORMATS)?;
    let names_only = o.figure == Figure::None;
    let text_format = match (format, ext) {
        (Some(f), _) => Some(f),
        (None, Format::Json) => Some(CodebookOut::Json),
        (None, Format::Txt | Format::Md) if names_only && !o.hide_uncoded => Some(CodebookOut::Outline),
        _ => None,
    };
    if let Some(f) = text_format {
        if !names_only {
            return Err(WorkflowError::CountsInCodebookFile);
        }
        let nodes = codebook::from_project(project, o.branch);
        let n = count_nodes(&nodes);
        let text = match f {
            CodebookOut::Json => codebook::to_json(&codebook::Codebook {
                name: project.name.clone(),
                source: "Werkbank".into(),
                language: if o.lang == crate::export::Lang::Nl { "nl" } else { "en" }.into(),
                codes: nodes,
            }),
            CodebookOut::Lines => codebook::to_path_lines(&nodes),
            CodebookOut::Outline => {
                use crate::export::TreeStyle;
                let style = match o.tree_style {
                    TreeStyle::Bullets => codebook::OutlineStyle::Bullets,
                    TreeStyle::Numbered => codebook::OutlineStyle::Numbered,
                    // Headings are Markdown; a .txt outline keeps bullets.
                    TreeStyle::Headings if ext == Format::Md => codebook::OutlineStyle::Headings,
                    TreeStyle::Headings => codebook::OutlineStyle::Bullets,
                };
                codebook::to_outline_as(&nodes, style)
            }
        };
        crate::output::write_bytes(path, text.as_bytes())?;
        return Ok(n);
    }
    let report = crate::export::report::Report::Codeboom;
    let n = o.shape(project, crate::core::analysis::code_frequencies(project, filter)).len();
    crate::export::report::write(project, &report, filter, o, crate::export::csv::CsvOptions::standard(), path)?;
    Ok(n)
}

fn count_nodes(nodes: &[codebook::CodeNode]) -> usize {
    nodes.iter().map(|n| 1 + count_nodes(&n.children)).sum()
}

/// What to look for when coding by search.
#[derive(Debug, Clone)]
pub enum Pattern {
    Phrase { text: String, case_sensitive: bool, whole_words: bool },
    Regex(String),
}

/// Every match of `pattern` in the given documents (all when empty), as character ranges.
pub fn find_matches(project: &Project, documents: &[Id], pattern: &Pattern) -> Result<Vec<(Id, usize, usize)>> {
    let re = match pattern {
        Pattern::Phrase { text, case_sensitive, whole_words } => {
            if text.trim().is_empty() {
                return Ok(vec![]);
            }
            let mut s = regex::escape(text);
            if *whole_words {
                s = format!(r"\b{s}\b");
            }
            if !case_sensitive {
                s = format!("(?i){s}");
            }
            Regex::new(&s)?
        }
        Pattern::Regex(r) => regex::RegexBuilder::new(r).size_limit(1 << 22).build()?,
    };
    let mut out = Vec::new();
    for d in project.documents.values().filter(|d| documents.is_empty() || documents.contains(&d.id)) {
        // Convert byte offsets to char offsets in one forward pass.
        let (mut byte, mut chr) = (0usize, 0usize);
        for m in re.find_iter(&d.text) {
            if m.start() == m.end() {
                continue;
            }
            chr += d.text[byte..m.start()].chars().count();
            let start = chr;
            chr += d.text[m.start()..m.end()].chars().count();
            byte = m.end();
            out.push((d.id, start, chr));
        }
    }
    Ok(out)
}

/// Codes every match of `pattern` with `code` as one undo step. Returns the number of new codings.
pub fn code_matches(session: &mut Session, documents: &[Id], pattern: &Pattern, code: Id) -> Result<usize> {
    let ranges = find_matches(session.project(), documents, pattern)?;
    let edit = actions::code_ranges(session.project(), &ranges, code, session.coder())?;
    let n = edit.changes.len();
    session.perform(edit)?;
    Ok(n)
}

/// Resolves a code path typed by a user: `Publieke waarden > Vertrouwen`, `a>>b`, `a/b`, or a
/// unique code name.
pub fn resolve_code(project: &Project, path: &str) -> Result<Id> {
    let sep = if path.contains(">>") {
        ">>"
    } else if path.contains('>') {
        ">"
    } else {
        "/"
    };
    let parts: Vec<&str> = path.split(sep).map(str::trim).filter(|s| !s.is_empty()).collect();
    if let Some(id) = project.code_by_path(&parts) {
        return Ok(id);
    }
    let wanted = crate::core::names::clean_name(path);
    let by_name: Vec<Id> =
        project.codes.values().filter(|c| crate::core::names::clean_name(&c.name) == wanted).map(|c| c.id).collect();
    match by_name.as_slice() {
        [id] => Ok(*id),
        [] => Err(WorkflowError::NoCode {
            path: path.to_string(),
            candidates: path_candidates(project, &parts).into_iter().map(|id| project.code_path_string(id)).collect(),
        }),
        _ => Err(WorkflowError::AmbiguousCode {
            name: path.to_string(),
            count: by_name.len(),
            example: project.code_path_string(by_name[0]),
        }),
    }
}

/// Candidates quoted as a choice, "'a', 'b' or 'c'", with `or` the word for "or" in the language
/// it is said in (the CLI says "no code …; did you mean …?" in Dutch with the same list).
pub fn choices(candidates: &[String], or: &str) -> String {
    let quoted: Vec<String> = candidates.iter().map(|c| format!("'{c}'")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {or} {last}", init.join(", ")),
    }
}

/// The codes a path that does not resolve may have meant: those named like its last part whose
/// path holds its other parts in order, with levels left out between them ("Publieke waarden >
/// Proceswaarden" for "Publieke waarden > Waarden > Proceswaarden"), ignoring case. Only ever
/// suggested, never taken: coding or counting under a guessed code is worse than an error.
fn path_candidates(project: &Project, parts: &[&str]) -> Vec<Id> {
    let norm = |s: &str| crate::core::names::clean_name(s).to_lowercase();
    let wanted: Vec<String> = parts.iter().map(|p| norm(p)).collect();
    let Some((last, above)) = wanted.split_last() else { return Vec::new() };
    let mut hits: Vec<(String, Id)> = project
        .codes
        .values()
        .filter(|c| norm(&c.name) == *last)
        .filter_map(|c| {
            let path = project.code_path(c.id);
            let mut ancestors = path[..path.len() - 1].iter().map(|n| norm(n));
            above.iter().all(|w| ancestors.any(|a| a == *w)).then(|| (path.join(" > "), c.id))
        })
        .collect();
    hits.sort_by(|a, b| crate::core::analysis::natural_cmp(&a.0, &b.0));
    hits.into_iter().map(|(_, id)| id).collect()
}

/// Resolves a document by exact name, or by a unique case-insensitive prefix.
pub fn resolve_document(project: &Project, name: &str) -> Result<Id> {
    if let Some(d) = project.document_by_name(name) {
        return Ok(d.id);
    }
    let lower = crate::core::names::clean_name(name).to_lowercase();
    let hits: Vec<Id> = project
        .documents
        .values()
        .filter(|d| crate::core::names::clean_name(&d.name).to_lowercase().starts_with(&lower))
        .map(|d| d.id)
        .collect();
    match hits.as_slice() {
        [id] => Ok(*id),
        [] => Err(WorkflowError::NoDocument(name.to_string())),
        _ => Err(WorkflowError::AmbiguousDocument { name: name.to_string(), count: hits.len() }),
    }
}

/// A passage's text, for previews and quotes.
pub fn passage(project: &Project, document: Id, start: usize, end: usize) -> &str {
    project.passage(document, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_workflows_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(Line::ALL, Line::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_file_passed_over_is_said_in_the_language_asked() {
        let jpg = SkipReason::Unsupported("jpg".into());
        assert_eq!(jpg.say(Lang::Nl), "geen transcriptformaat (.jpg)");
        assert_eq!(jpg.to_string(), "not a transcript format (.jpg)");
    }
}
