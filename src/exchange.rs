//! Exchanging work with people and other tools as user actions — merging a second coder's
//! project, making a hand-out for one, REFI-QDA import and export — with their previews and the
//! messages that report them, so the command line and the app say the same thing from one place.

use crate::core::merge::{self, MergeError, MergeReport};
use crate::core::{Edit, Lang, Project};
use crate::refi::{self, ImportOptions, ImportReport, RefiError};
use crate::session::{Session, SessionError};
use crate::workflow::Line;
use std::path::Path;

#[derive(thiserror::Error, Debug)]
pub enum ExchangeError {
    #[error("{}", self.say(Lang::En))]
    Open(String, SessionError),
    #[error("{}: {}", .0, crate::import::io_reason(.1))]
    Read(String, std::io::Error),
    #[error("{}", self.say(Lang::En))]
    Merge(String, MergeError),
    #[error("{}", self.say(Lang::En))]
    Import(String, RefiError),
    #[error("{}", self.say(Lang::En))]
    Export(RefiError),
    #[error("{}", self.say(Lang::En))]
    Write(String, #[source] SessionError),
    #[error("{0}")]
    Output(crate::output::OutputError),
}

impl ExchangeError {
    /// What went wrong, in `lang`: the file and the step in the reader's words, and the reason
    /// (a REFI-QDA reader's or the store's) as it was given.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            // "cannot read P: …", unless the reason names P already ("P does not exist").
            ExchangeError::Open(path, e) => {
                let why = e.to_string();
                if why.contains(path.as_str()) { why } else { Line::CannotRead.fill(lang, &[path, &why]) }
            }
            ExchangeError::Merge(path, e) => Line::NothingMerged.fill(lang, &[path, &e.say(lang)]),
            ExchangeError::Import(path, e) => Line::CannotImport.fill(lang, &[path, &e.say(lang)]),
            ExchangeError::Export(e) => Line::CannotExport.fill(lang, &[&e.say(lang)]),
            ExchangeError::Write(path, e) => Line::CannotWriteFile.fill(lang, &[path, e]),
            ExchangeError::Read(..) | ExchangeError::Output(_) => self.to_string(),
        }
    }
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

fn is_qdc(p: &Path) -> bool {
    crate::output::Format::of_path(p) == Some(crate::output::Format::Qdc)
}

/// What merging `other` into `project` would do; nothing is written.
pub fn preview_merge(project: &Project, other: &Path) -> Result<(Edit, MergeReport), ExchangeError> {
    let theirs = Session::open_read_only(other).map_err(|e| ExchangeError::Open(shown(other), e))?;
    merge::merge_projects(project, theirs.project()).map_err(|e| ExchangeError::Merge(shown(other), e))
}

/// The merge report as lines in `lang`: a summary (of what was done, or with `done` false of what
/// would be), how each document was matched, each conflict.
pub fn merge_lines(other: &Path, r: &MergeReport, lang: Lang, done: bool) -> Vec<String> {
    let summary = if done { Line::Merged } else { Line::WouldMerge };
    let mut v = vec![summary.fill(
        lang,
        &[
            &other.display(),
            &r.codings_added,
            &r.codings_already_present,
            &r.codes_added,
            &r.documents_added,
            &r.documents_matched,
            &r.cases_added,
            &r.coders_added,
            &r.memos_added,
        ],
    )];
    v.extend(r.matched.iter().map(|m| Line::Matched.fill(lang, &[&m.say(lang)])));
    v.extend(r.conflicts.iter().map(|c| Line::Conflict.fill(lang, &[&c.say(lang)])));
    v
}

/// Writes a copy of `project` for a second coder (no codings; memos and aliases only when
/// `options` asks) as a new project file.
pub fn write_handout(
    project: &Project,
    dest: &Path,
    options: merge::HandoutOptions,
    coder: &str,
    lang: Lang,
) -> Result<Vec<String>, ExchangeError> {
    let copy = merge::handout(project, options);
    Session::create_from(dest, &copy, coder).map_err(|e| ExchangeError::Write(shown(dest), e))?;
    Ok(vec![Line::Handout.fill(lang, &[&dest.display(), &copy.documents.len(), &copy.codes.len()])])
}

/// What importing a `.qdpx` or `.qdc` file would add; nothing is written.
pub fn preview_refi_import(project: &Project, file: &Path) -> Result<refi::RefiImport, ExchangeError> {
    let bytes = std::fs::read(file).map_err(|e| ExchangeError::Read(shown(file), e))?;
    let opts =
        ImportOptions { file_name: file.file_name().map(|n| n.to_string_lossy().into_owned()), ..Default::default() };
    let imported = if is_qdc(file) {
        refi::import_qdc_with(&bytes, project, &opts)
    } else {
        refi::import_qdpx_with(&bytes, project, &opts)
    };
    imported.map_err(|e| ExchangeError::Import(shown(file), e))
}

/// The import report as lines in `lang`: a summary (of what was done, or with `done` false of
/// what would be), what was skipped, notes.
pub fn refi_import_lines(file: &Path, r: &ImportReport, lang: Lang, done: bool) -> Vec<String> {
    let summary = if done { Line::RefiImported } else { Line::WouldImport };
    let mut first =
        summary.fill(lang, &[&file.display(), &r.sources, &r.codes, &r.codings, &r.cases, &r.turns, &r.memos]);
    if r.utf16_offsets_detected {
        first.push_str(Line::Utf16Converted.text(lang));
    }
    let mut v = vec![first];
    if r.duplicate_codings > 0 {
        v.push(Line::DuplicateCodings.fill(lang, &[&r.duplicate_codings]));
    }
    v.extend(r.skipped.iter().map(|s| Line::Skipped.fill(lang, &[s])));
    if r.codings_already_in_project > 0 {
        v.push(Line::AlreadyInProject.fill(lang, &[&r.codings_already_in_project]));
    }
    v.extend(r.warnings.iter().map(|w| Line::Note.fill(lang, &[w])));
    v
}

/// Writes the project as `.qdpx` (or its code tree as `.qdc`, by extension) and says what went in.
pub fn export_refi(p: &Project, dest: &Path, lang: Lang) -> Result<Vec<String>, ExchangeError> {
    use crate::output;
    output::format_of(dest, "a REFI-QDA export", output::REFI_FORMATS).map_err(ExchangeError::Output)?;
    let bytes = if is_qdc(dest) { refi::export_qdc(p) } else { refi::export_qdpx(p) }.map_err(ExchangeError::Export)?;
    output::write_bytes(dest, &bytes).map_err(ExchangeError::Output)?;
    if is_qdc(dest) {
        return Ok(vec![Line::WroteCodeTree.fill(lang, &[&dest.display(), &p.codes.len()])]);
    }
    let linked = p
        .cases
        .keys()
        .filter(|&&c| p.documents.values().any(|d| d.case == Some(c)) || p.turns.values().any(|t| t.case == Some(c)))
        .count();
    let coders = p.coders.values().filter(|c| p.codings.values().any(|x| x.coder == c.id)).count();
    let memos = p.memos.len() + p.codings.values().filter(|c| !c.memo.is_empty()).count();
    let mut v = vec![Line::WroteRefi.fill(
        lang,
        &[
            &dest.display(),
            &p.documents.len(),
            &p.turns.len(),
            &linked,
            &p.cases.len(),
            &p.codings.len(),
            &coders,
            &memos,
        ],
    )];
    if linked < p.cases.len() {
        v.push(Line::RespondentsWithoutText.fill(lang, &[&(p.cases.len() - linked)]));
    }
    Ok(v)
}
