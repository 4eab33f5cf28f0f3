//! Withdrawal of consent: removing a respondent's data from the project *and* from its backups.
//!
//! A respondent may withdraw at any time, and then their interview must really be gone. Deleting
//! it from the project is one undoable action like any other; but the rotating backups beside the
//! project, and the copy kept from before an upgrade, still hold it, so [`purge_backups`] opens
//! every one of them ([`backup::every_copy`]; an older one is upgraded in place, keeping no copy
//! of its own), performs the same deletion in it, compacts the file (with `secure_delete`, so no
//! freed page keeps the text), checks it (SQLite's integrity check, and the subject must no longer
//! be found) and restores its timestamp so backup rotation is unaffected.

use crate::core::Lang;
use crate::core::actions::{self, Removal};
use crate::core::edit::{Edit, EditError};
use crate::core::model::Project;
use crate::store::{LogKind, Store, StoreError, backup};
use crate::workflow::Line;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WithdrawalError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Edit(#[from] EditError),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

/// What is being removed, recognisable in the project and in older copies of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A document, by its name or (in case it was renamed since) the hash of its text.
    Document { name: String, text_hash: Option<String> },
    /// A respondent by label, with their own documents and their turns in shared ones.
    Respondent { label: String },
}

impl Subject {
    /// "document 'Interview 3'" / "respondent R3", in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Subject::Document { name, .. } => Line::TheDocument.fill(lang, &[name]),
            Subject::Respondent { label } => Line::TheRespondent.fill(lang, &[label]),
        }
    }
}

/// The action that removes `subject` from `project`, or `None` when it is not there.
pub fn deletion(project: &Project, subject: &Subject) -> Result<Option<Edit>, EditError> {
    match subject {
        Subject::Document { name, text_hash } => {
            let doc = project
                .documents
                .values()
                .find(|d| &d.name == name || text_hash.as_ref().is_some_and(|h| &d.text_hash == h));
            doc.map(|d| actions::remove_document(project, d.id)).transpose()
        }
        Subject::Respondent { label } => {
            project.case_by_label(label).map(|c| actions::withdraw_respondent(project, c.id)).transpose()
        }
    }
}

/// What [`purge_backups`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Backups that held the subject and were rewritten without it (and verified).
    pub cleaned: Vec<PathBuf>,
    /// Backups that did not hold it.
    pub untouched: usize,
    /// Backups that could not be opened or rewritten, with the reason: they may still hold it.
    pub failed: Vec<(PathBuf, String)>,
}

/// Removes `subject` from every backup of the project at `project`, verifying each rewritten file.
pub fn purge_backups(project: &Path, subject: &Subject, coder: &str) -> PurgeReport {
    purge_backups_with(project, subject, coder, &mut |_, _| ())
}

/// [`purge_backups`], telling `progress` (backups done, all backups) before each backup.
pub fn purge_backups_with(
    project: &Path,
    subject: &Subject,
    coder: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> PurgeReport {
    let mut report = PurgeReport::default();
    let copies = backup::every_copy(project);
    let all = copies.len();
    for (done, path) in copies.into_iter().enumerate() {
        progress(done, all);
        match purge_one(&path, subject, coder) {
            Ok(true) => report.cleaned.push(path),
            Ok(false) => report.untouched += 1,
            Err(e) => report.failed.push((path, e.to_string())),
        }
    }
    report
}

fn purge_one(path: &Path, subject: &Subject, coder: &str) -> Result<bool, WithdrawalError> {
    let modified = std::fs::metadata(path)?.modified()?;
    // Look first without writing: a backup that does not hold the subject stays byte for byte.
    if let Ok(s) = Store::open_read_only(path)
        && deletion(&s.load()?, subject)?.is_none()
    {
        return Ok(false);
    }
    {
        let mut store = Store::open_to_rewrite(path)?;
        let project = store.load()?;
        if let Some(edit) = deletion(&project, subject)? {
            store.write(&edit, coder, LogKind::Do)?;
        }
        // No freed page keeps the text, and the backup is one self-contained file again.
        store.vacuum(true)?;
    }
    for extra in ["-wal", "-shm", ".lock"] {
        let mut p = path.as_os_str().to_owned();
        p.push(extra);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    let check = Store::open_read_only(path)?;
    check.integrity_check()?;
    if deletion(&check.load()?, subject)?.is_some() {
        return Err(
            StoreError::Corrupt(format!("{} is still in {}", subject.describe(Lang::En), path.display())).into()
        );
    }
    std::fs::File::options().write(true).open(path)?.set_modified(modified)?;
    Ok(true)
}

/// "12 speaker turns, 30 codings, 2 memos" (and documents when there are any), in `lang`.
pub fn describe_removal(r: &Removal, lang: Lang) -> String {
    let mut parts = Vec::new();
    if r.documents > 0 {
        parts.push(Line::Documents.fill(lang, &[&r.documents]));
    }
    parts.push(Line::Turns.fill(lang, &[&r.turns]));
    parts.push(Line::Codings.fill(lang, &[&r.codings]));
    parts.push(Line::Memos.fill(lang, &[&r.memos]));
    if r.documents_cut > 0 {
        parts.push(Line::PassagesCut.fill(lang, &[&r.documents_cut]));
    }
    parts.join(", ")
}
