//! A project open for editing: the in-memory model, its project file and the undo history.
//!
//! [`Session::perform`] is the single door every change goes through, from the GUI, the CLI and
//! the tests alike: the edit is validated and applied in memory, then written to disk in one
//! transaction; if the disk write fails the memory change is rolled back, so what the user sees is
//! always what is stored.

use crate::core::actions;
use crate::core::edit::{Edit, EditError};
use crate::core::lang::{Said, string_table};
use crate::core::model::{Id, Project};
use crate::store::{LogKind, Store, StoreError, Texts};
use std::path::{Path, PathBuf};

/// What a backup and an edit-log row are, as the front ends see them.
pub use crate::store::LogEntry;
pub use crate::store::backup::BackupInfo;
use thiserror::Error;

string_table! {
    /// What did not stop a project from opening but is worth saying once, in the reader's language.
    pub enum OpenNotice {
        NoBackup => "no backup was made on opening: {0}", "bij het openen is geen back-up gemaakt: {0}";
    }
}

/// A problem that did not stop the project from opening: the notice and the reason under it (the
/// store's, in English).
pub type OpenWarning = Said<OpenNotice>;

#[derive(Debug, Error)]
pub enum SessionError {
    #[error("{0}")]
    Edit(#[from] EditError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    /// A worker's commit arrived for a project that had changed meanwhile: the project was read
    /// again from its file, which holds both, and the undo history starts afresh.
    #[error("the project changed while it was being saved; it was read again from its file")]
    Reloaded,
}

impl SessionError {
    /// The project file and who has it open, when it could not be opened because another
    /// window or program holds it.
    pub fn locked_by(&self) -> Option<(&Path, &str)> {
        match self {
            SessionError::Store(StoreError::Locked { path, holder }) => Some((path, holder)),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, SessionError>;

/// A manual backup of an open project, to run on a worker thread: it reads the file through a
/// connection of its own, never the session's (see [`Session::backup_task`]).
#[derive(Debug, Clone)]
pub struct BackupTask {
    project: PathBuf,
}

impl BackupTask {
    /// Writes the backup (verified, rotated like every backup); its path.
    pub fn run(&self) -> Result<PathBuf> {
        self.run_with(&mut |_, _, _| true)
    }

    /// [`BackupTask::run`], asking `progress` (pages copied, all pages, whether the next step
    /// finishes the copy) before every step; when it returns false nothing is written.
    pub fn run_with(&self, progress: &mut dyn FnMut(usize, usize, bool) -> bool) -> Result<PathBuf> {
        Ok(crate::store::backup::backup_file_now(&self.project, "manual", progress)?)
    }
}

/// The open project for a worker thread: a second connection to its file (made by the session,
/// which holds the lock), so that reading the edit log, compacting the file or committing a very
/// large edit (a codebook of 100,000 codes) happens while the window goes on drawing. A commit
/// made here reaches the session as a [`Committed`], which [`Session::adopt`] takes over whole.
pub struct Worker {
    store: Store,
    coder: String,
    revision: u64,
    step: Step,
}

/// Where an edit a [`Worker`] commits goes in the session's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A new action: one more undo step.
    Do,
    /// The undo of the last action (the worker commits its inverse).
    Undo,
    Redo,
}

/// An edit a [`Worker`] committed to the file, with the project as it is after it: the session
/// adopts both at once, so the window never shows the edit half applied.
pub struct Committed {
    project: Project,
    edit: Edit,
    revision: u64,
    step: Step,
}

impl Worker {
    /// The edit log, oldest first.
    pub fn log(&self) -> Result<Vec<LogEntry>> {
        Ok(self.store.log()?)
    }

    /// Compacts the file so deleted data is gone from its free pages too (withdrawal).
    pub fn vacuum(&self) -> Result<()> {
        Ok(self.store.vacuum(false)?)
    }

    /// Applies `edit` to `project` (the session's project, copied at the revision this worker was
    /// made at) and commits it in one transaction, as [`Session::perform`] (or, for a worker of
    /// [`Session::worker_to_undo`], `undo`/`redo`) would. Nothing reaches the session until it
    /// adopts the result; on an error nothing was stored.
    pub fn commit(mut self, mut project: Project, edit: Edit) -> Result<Committed> {
        let (edit, kind) = match self.step {
            Step::Do => (crate::core::names::clean_edit(edit), LogKind::Do),
            Step::Undo => (edit, LogKind::Undo),
            Step::Redo => (edit, LogKind::Redo),
        };
        if !edit.is_empty() {
            project.apply(&edit)?;
            self.store.write(&edit, &self.coder, kind)?;
            // A copy starts without its derived index: built here, not in the window's next frame.
            project.index();
        }
        Ok(Committed { project, edit, revision: self.revision, step: self.step })
    }
}

pub struct Session {
    project: Project,
    store: Store,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    coder: Id,
    /// Bumped on every change so views can cache derived data until it moves.
    revision: u64,
    /// Problems that did not stop the project from opening (e.g. the open-time backup could not
    /// be written), for the front end to show once.
    warnings: Vec<OpenWarning>,
}

impl Session {
    /// Creates a new project file and opens it with `coder` as the current coder.
    pub fn create(path: &Path, name: &str, coder: &str) -> Result<Session> {
        let store = Store::create(path, name)?;
        Self::start(store, coder)
    }

    /// Creates a new project file holding a copy of `project` (ids kept), e.g. a hand-out for a
    /// second coder or a pseudonymised copy, and opens it with `coder` as the current coder.
    pub fn create_from(path: &Path, project: &Project, coder: &str) -> Result<Session> {
        let edit = crate::core::merge::as_inserts(project, "Create from copy");
        let store = Store::create_with(path, &project.name, Some((&edit, coder)))?;
        Self::start(store, coder)
    }

    /// Opens an existing project file for editing.
    pub fn open(path: &Path, coder: &str) -> Result<Session> {
        let store = Store::open(path)?;
        // A backup that cannot be written (full disk, read-only backup folder) must not keep
        // the researcher from working: the change itself may well fit.
        let warning = store.backup_if_due("open").err().map(|e| Said::new(OpenNotice::NoBackup, &[&e]));
        let mut s = Self::start(store, coder)?;
        s.warnings.extend(warning);
        Ok(s)
    }

    /// Opens a project for reading only (e.g. one that is open in another window).
    pub fn open_read_only(path: &Path) -> Result<Session> {
        let store = Store::open_read_only(path)?;
        let project = store.load()?;
        let coder = project.coders.keys().next().copied().unwrap_or(0);
        Ok(Session { project, store, undo: vec![], redo: vec![], coder, revision: 0, warnings: vec![] })
    }

    /// Opens a project for reading only, without its documents' texts (see [`Texts::None`]): for
    /// a verb that counts, lists codes or quotes a few documents. Every document's text is empty
    /// until [`Session::read_texts`] reads it; all else is loaded as by [`Session::open_read_only`].
    pub fn open_read_only_without_texts(path: &Path) -> Result<Session> {
        let mut store = Store::open_read_only(path)?;
        let project = store.load_with(Texts::None)?;
        let coder = project.coders.keys().next().copied().unwrap_or(0);
        Ok(Session { project, store, undo: vec![], redo: vec![], coder, revision: 0, warnings: vec![] })
    }

    /// Reads the texts of `documents` (of a session opened without texts) from the same state of
    /// the file as the rest of the project, and returns the project.
    pub fn read_texts(&mut self, documents: impl IntoIterator<Item = Id>) -> Result<&Project> {
        self.store.read_texts(&mut self.project, documents)?;
        Ok(&self.project)
    }

    /// How many characters each document's text has, without keeping any text: what a session
    /// opened without texts shows as a document's length.
    pub fn text_lengths(&self) -> Result<std::collections::BTreeMap<Id, usize>> {
        Ok(self.store.text_lengths()?)
    }

    fn start(store: Store, coder: &str) -> Result<Session> {
        let project = store.load()?;
        let mut s = Session { project, store, undo: vec![], redo: vec![], coder: 0, revision: 0, warnings: vec![] };
        s.switch_coder(coder)?;
        Ok(s)
    }

    /// Makes `name` the current coder (created in the project if new). Not an undo step.
    pub fn switch_coder(&mut self, name: &str) -> Result<Id> {
        let (id, edit) = actions::ensure_coder(&self.project, name)?;
        if !edit.is_empty() {
            self.commit(&edit, LogKind::Do)?;
        }
        self.coder = id;
        Ok(id)
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn coder(&self) -> Id {
        self.coder
    }

    pub fn coder_name(&self) -> &str {
        self.project.coders.get(&self.coder).map_or("", |c| c.name.as_str())
    }

    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// The hourly automatic backup; cheap to call often (the GUI calls it every few minutes).
    pub fn backup_if_due(&self) -> Result<Option<std::path::PathBuf>> {
        Ok(self.store.backup_if_due("hourly")?)
    }

    /// A backup now, at the user's request; its path.
    pub fn backup_now(&self) -> Result<PathBuf> {
        Ok(self.store.backup_now("manual")?)
    }

    /// The project's backups, newest first (whole ones only).
    pub fn backups(&self) -> Vec<BackupInfo> {
        crate::store::backup::list_backups(self.path())
    }

    /// Every copy of the project's data kept beside it: its backups and the copies from before
    /// each upgrade (what a withdrawal must reach too).
    pub fn copies(&self) -> Vec<PathBuf> {
        crate::store::backup::every_copy(self.path())
    }

    /// What a worker thread needs to write a backup of this project while it stays open (see
    /// [`BackupTask::run`]); the app reaches backups only through the session.
    pub fn backup_task(&self) -> BackupTask {
        BackupTask { project: self.path().to_path_buf() }
    }

    /// [`Session::restore_backup`], asking `progress` (pages copied, all pages, whether the next
    /// step completes the copy) before each step; when it returns false the copy stops and the
    /// project stays as it was.
    pub fn restore_backup_with(
        project: &Path,
        backup: &Path,
        progress: &mut dyn FnMut(usize, usize, bool) -> bool,
    ) -> Result<PathBuf> {
        Ok(crate::store::backup::restore_with(project, backup, progress)?)
    }

    /// Replaces the (closed) project at `project` with `backup`, keeping the state before as a
    /// backup first; returns where that was kept. Reopen the project afterwards.
    pub fn restore_backup(project: &Path, backup: &Path) -> Result<PathBuf> {
        Ok(crate::store::backup::restore(project, backup)?)
    }

    /// A second connection to this project for a worker thread (see [`Worker`]); the edits it
    /// commits are meant for the project at this revision. Fails on a read-only project.
    pub fn worker(&self) -> Result<Worker> {
        Ok(Worker {
            store: self.store.second_connection()?,
            coder: self.coder_name().to_string(),
            revision: self.revision,
            step: Step::Do,
        })
    }

    /// A worker that undoes the last action (or, with `redo`, redoes the last undone one), and
    /// the edit for it to commit: undoing an import of 100,000 codes writes as much as the import.
    pub fn worker_to_undo(&self, redo: bool) -> Result<(Worker, Edit)> {
        let (step, edit) = if redo {
            (Step::Redo, self.redo.last().ok_or(SessionError::NothingToRedo)?.clone())
        } else {
            (Step::Undo, self.undo.last().ok_or(SessionError::NothingToUndo)?.inverse())
        };
        Ok((Worker { step, ..self.worker()? }, edit))
    }

    /// How many changes Ctrl+Z (or, with `redo`, Ctrl+Shift+Z) would make.
    pub fn undo_size(&self, redo: bool) -> usize {
        let next = if redo { self.redo.last() } else { self.undo.last() };
        next.map_or(0, |e| e.changes.len())
    }

    /// Takes over an edit a [`Worker`] committed: its project becomes this one, and the edit one
    /// undo step (or the undo or redo it was). Should the project have changed since the worker
    /// was made (the app keeps changes waiting, so this is a safety net), both changes are in the
    /// file but not in one memory: the project is read again from the file and
    /// [`SessionError::Reloaded`] says so.
    pub fn adopt(&mut self, done: Committed) -> Result<()> {
        if done.edit.is_empty() {
            return Ok(());
        }
        if done.revision != self.revision {
            self.project = self.store.load()?;
            self.undo.clear();
            self.redo.clear();
            self.revision += 1;
            return Err(SessionError::Reloaded);
        }
        self.project = done.project;
        match done.step {
            Step::Do => {
                self.undo.push(done.edit);
                self.redo.clear();
            }
            Step::Undo => self.redo.extend(self.undo.pop()),
            Step::Redo => self.undo.extend(self.redo.pop()),
        }
        self.revision += 1;
        Ok(())
    }

    /// The edit log, oldest first.
    pub fn log(&self) -> Result<Vec<LogEntry>> {
        Ok(self.store.log()?)
    }

    /// The warnings gathered while opening, once (later calls return nothing).
    pub fn take_warnings(&mut self) -> Vec<OpenWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// A preference of the current coder kept in the project file (pinned codes): not project
    /// data, so not an undo step and not in the edit log.
    pub fn preference(&self, name: &str) -> Option<String> {
        self.store.meta(&self.preference_key(name)).ok().flatten()
    }

    /// Stores a preference of the current coder; fails on a read-only project.
    pub fn set_preference(&mut self, name: &str, value: &str) -> Result<()> {
        let key = self.preference_key(name);
        Ok(self.store.set_meta(&key, value)?)
    }

    fn preference_key(&self, name: &str) -> String {
        format!("pref:{}:{name}", self.coder)
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Applies a user action and records it as one undo step. An empty edit changes nothing.
    pub fn perform(&mut self, edit: Edit) -> Result<()> {
        // Every stored name is NFC without control characters, whoever built the edit.
        let edit = crate::core::names::clean_edit(edit);
        if edit.is_empty() {
            return Ok(());
        }
        self.commit(&edit, LogKind::Do)?;
        self.undo.push(edit);
        self.redo.clear();
        Ok(())
    }

    /// Builds an action from the current project and performs it.
    pub fn run<T>(&mut self, action: impl FnOnce(&Project) -> std::result::Result<(T, Edit), EditError>) -> Result<T> {
        let (value, edit) = action(&self.project)?;
        self.perform(edit)?;
        Ok(value)
    }

    pub fn undo(&mut self) -> Result<String> {
        let edit = self.undo.pop().ok_or(SessionError::NothingToUndo)?;
        match self.commit(&edit.inverse(), LogKind::Undo) {
            Ok(()) => {
                let label = edit.label.clone();
                self.redo.push(edit);
                Ok(label)
            }
            Err(e) => {
                self.undo.push(edit);
                Err(e)
            }
        }
    }

    pub fn redo(&mut self) -> Result<String> {
        let edit = self.redo.pop().ok_or(SessionError::NothingToRedo)?;
        match self.commit(&edit, LogKind::Redo) {
            Ok(()) => {
                let label = edit.label.clone();
                self.undo.push(edit);
                Ok(label)
            }
            Err(e) => {
                self.redo.push(edit);
                Err(e)
            }
        }
    }

    /// The label of the action Ctrl+Z would undo ("Rename code Vertrouwen").
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    fn commit(&mut self, edit: &Edit, kind: LogKind) -> Result<()> {
        if self.store.is_read_only() {
            return Err(StoreError::ReadOnly.into());
        }
        self.project.apply(edit)?;
        let coder = self.coder_name().to_string();
        if let Err(e) = self.store.write(edit, &coder, kind) {
            self.project.apply(&edit.inverse()).expect("undoing a just-applied edit always succeeds");
            return Err(e.into());
        }
        self.revision += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_open_notice_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(OpenNotice::ALL, OpenNotice::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
