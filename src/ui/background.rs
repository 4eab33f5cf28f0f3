//! The app's long-running work on a worker thread ([`super::jobs`]): opening and creating a
//! project (with the open-time backup), reading transcripts for the import preview, importing
//! them, preparing and applying a merge or a REFI-QDA import, reading and importing a codebook or
//! a respondent/survey table, pseudonymising, every export (Analysis window, codebook, REFI-QDA,
//! hand-out, agreement report), writing a new project file ("Save as my project", a pseudonymised
//! copy), reading the edit log, backups, restoring one, and removing a withdrawn respondent from
//! the backups.
//!
//! Why one host: a thesis project of 17 long interviews takes seconds to export or merge, and a
//! frozen window looks like a crash. So the command that asks for the work only copies what the
//! worker needs (a clone of the project, the window's choices) and starts it; every frame draws
//! one progress window with a Cancel button; and the frame that receives the result applies it
//! here, after drawing: a dialog, a status message, or ONE edit (one undo step). An edit is
//! committed on the worker too, through a second connection to the project file
//! ([`crate::session::Worker`]): a codebook of 100,000 codes takes seconds to write, and the
//! window must not stand still meanwhile. The worker applies it to its copy of the project and
//! hands back that copy, which the session adopts whole ([`Session::adopt`]), so the window never
//! shows half an edit. The worker never touches the session. While work that will change the
//! project runs, other changes to the project wait, so the copy the worker changed is the project
//! as it still is when the result arrives.

use super::errors::UiError;
use super::i18n::{Key, Lang, tr, trf};
use super::jobs::{self, Job, Poll, Progress, file_name};
use super::workflows::Workflow;
use super::{Command, Dialog, Exchange, ImportPlans, LeftTab, WerkbankApp};
use crate::core::edit::Edit;
use crate::core::model::{Id, Project};
use crate::session::{Committed, Session, SessionError};
use std::path::{Path, PathBuf};

/// What a finished job hands back to the frame.
pub(super) enum Finished {
    /// The files read for the import preview.
    ImportPreview(ImportPlans),
    /// What a merge or a REFI-QDA import would do.
    ExchangePreview {
        action: Exchange,
        lines: Vec<String>,
    },
    /// A workflow dialog whose content was read from a file (a codebook's tree, a table's columns).
    Workflow(Box<Workflow>),
    /// An edit prepared and committed on the worker (transcripts, a merge, a REFI-QDA import, a
    /// codebook, a table, pseudonymising): adopted by the session as one undo step, then `then`.
    Edit {
        done: Committed,
        then: AfterEdit,
    },
    /// A project was opened (or could not be) on the worker.
    Opening {
        path: PathBuf,
        read_only: bool,
        opened: Result<Session, SessionError>,
    },
    /// A new project file was created (or could not be) on the worker.
    Creating {
        path: PathBuf,
        created: Result<Session, SessionError>,
    },
    /// A chapter checked against the coding.
    Checked {
        path: PathBuf,
        report: crate::check::CheckReport,
    },
    /// A new project file was written and opened ("Save as my project"): it becomes the open one.
    Opened {
        session: Box<Session>,
        said: String,
    },
    /// A file was written: what to say, and the report's lines for the "done" dialog.
    Written {
        said: String,
        lines: Option<Vec<String>>,
        close_workflow: bool,
    },
    BackupWritten(PathBuf),
    /// A backup was restored (or refused, `restored` says why) and the project opened again.
    Restored {
        backup: PathBuf,
        restored: Result<PathBuf, SessionError>,
        path: PathBuf,
        read_only: bool,
        opened: Result<Session, SessionError>,
    },
}

type Outcome = Result<Finished, UiError>;

/// An undo or redo of more changes than this runs on a worker: taking back a codebook of
/// 100,000 codes writes as much as importing it did. Smaller ones take milliseconds, and Ctrl+Z
/// answers at once.
const LARGE_UNDO: usize = 10_000;

/// What the app does once an edit made on a worker is in the project: `said`, the report's
/// `lines` in a dialog, `document` shown, the workflow dialog closed if `close_workflow`.
pub(super) struct AfterEdit {
    pub said: String,
    pub lines: Option<Vec<String>>,
    pub document: Option<Id>,
    pub close_workflow: bool,
}

impl AfterEdit {
    fn said(said: String, close_workflow: bool) -> Self {
        AfterEdit { said, lines: None, document: None, close_workflow }
    }
}

/// The job that is running, with what the frame needs to apply its result.
pub(super) struct Running {
    job: Job<Outcome>,
    /// What the worker makes must match the project it copied (an edit committed to it, a copy
    /// of it, a compacted file): changes to the project wait meanwhile.
    holds_changes: bool,
    /// A restore closed the project: it is opened again however the job ends.
    reopen: Option<(PathBuf, bool)>,
    /// Cancel came too late (the file was being put in place): the job finishes.
    finishing: bool,
    started: std::time::Instant,
}

impl WerkbankApp {
    /// Whether background work is running, or a dialog's preview is being searched for (tests
    /// wait for it).
    pub fn busy(&self) -> bool {
        self.job.is_some() || matches!(&self.workflow, Some(Workflow::Pseudonymise(st)) if st.searching())
    }

    /// Makes background work started from now on wait for one message before it starts and after
    /// each step, so a test can look at the window while a job is half done. Dropping the sender
    /// lets the work run freely.
    pub fn hold_background_work(&mut self) -> std::sync::mpsc::Sender<()> {
        let (hold, tx) = jobs::Hold::new();
        self.hold = Some(hold);
        tx
    }

    /// The running job's label when `cmd` has to wait for it: a change to the project while an
    /// edit for it is being prepared, or opening, closing or replacing the project while any work
    /// on it runs.
    pub(super) fn waits_for_job(&self, cmd: &Command) -> Option<String> {
        use super::commands::WorkflowCommand as W;
        let r = self.job.as_ref()?;
        let switches = matches!(
            cmd,
            Command::OpenProject { .. }
                | Command::CreateProject { .. }
                | Command::OpenDemo
                | Command::CloseProject
                | Command::RestoreBackup { .. }
                | Command::Workflow(W::ResetDemo | W::SaveProjectCopy { .. })
        );
        (switches || (r.holds_changes && cmd.changes_project())).then(|| r.job.label.clone())
    }

    /// Starts `work` on a worker thread unless other work is running (then says so); `total`
    /// steps (0: unknown).
    fn start(
        &mut self,
        label: String,
        total: usize,
        holds_changes: bool,
        work: impl FnOnce(&Progress) -> Outcome + Send + 'static,
    ) -> bool {
        if self.refused_while_busy() {
            return false;
        }
        let job = Job::spawn_held(label, total, self.hold.clone(), work);
        self.job =
            Some(Running { job, holds_changes, reopen: None, finishing: false, started: std::time::Instant::now() });
        true
    }

    /// Says that other work is running (one job at a time), if it is.
    fn refused_while_busy(&mut self) -> bool {
        let Some(r) = &self.job else { return false };
        let msg = trf(self.settings.language, Key::JobBusy, &[&r.job.label]);
        self.err(msg);
        true
    }

    /// The open project's copy for a worker and the coder's name.
    fn copy_project(&self) -> Option<(Project, String)> {
        let ps = self.project.as_ref()?;
        Some((ps.session.project().clone(), ps.session.coder_name().to_string()))
    }

    // ---- starting work -------------------------------------------------------------------------

    /// Reads and parses the chosen transcripts; the preview dialog opens when they are read.
    pub(super) fn start_import_preview(&mut self, paths: Vec<PathBuf>) {
        let Some((project, _)) = self.copy_project() else { return };
        let total = crate::workflow::collect_files(&paths).map_or(1, |f| f.len().max(1));
        let lang = self.settings.language;
        self.start(self.t(Key::ReadingFiles).into(), total, false, move |p| {
            Ok(Finished::ImportPreview(super::backend::plan_import(&project, &paths, true, lang, &mut || {
                p.step();
                !p.cancelled()
            })))
        });
    }

    /// Imports the confirmed transcripts as ONE edit (one undo step), built on the worker.
    pub(super) fn start_import(&mut self, plans: Vec<crate::workflow::ImportPlan>, skipped: usize) {
        let lang = self.settings.language;
        if plans.is_empty() && skipped > 0 {
            let msg = trf(lang, Key::Imported, &[&0]) + &trf(lang, Key::FilesLeftOut, &[&skipped]);
            return self.ok(msg);
        }
        let label = trf(lang, Key::JobImporting, &[&plans.len()]);
        self.start_committing(label, plans.len(), move |project, p| {
            let (edit, document, n, warnings) = super::backend::import_edit(project, &plans, lang, &mut || {
                p.step();
                !p.cancelled()
            })
            .map_err(UiError::Said)?;
            let mut said = trf(lang, Key::Imported, &[&n]);
            if skipped > 0 {
                said.push_str(&trf(lang, Key::FilesLeftOut, &[&skipped]));
            }
            if !warnings.is_empty() {
                said.push_str(" — ");
                said.push_str(&warnings.join("; "));
            }
            Ok((edit, AfterEdit { document, ..AfterEdit::said(said, false) }))
        });
    }

    /// Prepares an edit on a worker from a copy of the project (`prepare`, which may report steps)
    /// and commits it there too; the session adopts it as ONE undo step when it arrives. Changes
    /// to the project wait meanwhile; Cancel works until the commit starts.
    fn start_committing(
        &mut self,
        label: String,
        total: usize,
        prepare: impl FnOnce(&Project, &Progress) -> Result<(Edit, AfterEdit), UiError> + Send + 'static,
    ) {
        let Some(ps) = &self.project else { return };
        let worker = match ps.session.worker() {
            Ok(w) => w,
            Err(e) => return self.err(e),
        };
        let Some((project, _)) = self.copy_project() else { return };
        self.start(label, total, true, move |p| {
            let (edit, then) = prepare(&project, p)?;
            // The point of no return: a commit is not half-cancelled (the window says so).
            if !p.commit() {
                return cancelled();
            }
            Ok(Finished::Edit { done: worker.commit(project, edit)?, then })
        });
    }

    /// Prepares and commits an edit on a worker (`prepare` gives the edit and what to say when it
    /// is done); see [`WerkbankApp::start_committing`]. `close_workflow`: the workflow dialog
    /// closes once it is done.
    pub(super) fn start_edit(
        &mut self,
        label: String,
        close_workflow: bool,
        prepare: impl FnOnce(&Project) -> Result<(Edit, String), UiError> + Send + 'static,
    ) {
        self.start_committing(label, 0, move |project, _| {
            let (edit, said) = prepare(project)?;
            Ok((edit, AfterEdit::said(said, close_workflow)))
        });
    }

    /// Opens a workflow dialog whose content takes long to make (a file to read and parse, the
    /// whole project to search): `prepare` makes it on a worker from a copy of the project.
    pub(super) fn start_dialog(&mut self, label: String, prepare: impl FnOnce(&Project) -> Workflow + Send + 'static) {
        let Some((project, _)) = self.copy_project() else { return };
        self.start_workflow(label, move || Ok(prepare(&project)));
    }

    /// Opens a workflow dialog that `make` reads on a worker (the edit log of a big project).
    pub(super) fn start_workflow(
        &mut self,
        label: String,
        make: impl FnOnce() -> Result<Workflow, UiError> + Send + 'static,
    ) {
        self.start(label, 0, false, move |_| Ok(Finished::Workflow(Box::new(make()?))));
    }

    /// Checks a chapter on a worker from a copy of the project (`check` gives the report or the
    /// message); the report opens when it is done.
    pub(super) fn start_check(
        &mut self,
        label: String,
        check: impl FnOnce(&Project) -> Result<(PathBuf, crate::check::CheckReport), String> + Send + 'static,
    ) {
        let Some((project, _)) = self.copy_project() else { return };
        self.start(label, 0, false, move |_| {
            let (path, report) = check(&project)?;
            Ok(Finished::Checked { path, report })
        });
    }

    /// Writes a new project file at `path` holding what `make` turns a copy of the open project
    /// into (with the message to show), on a worker; then opens it (`open`, "Save as my project")
    /// or closes the workflow dialog (a pseudonymised copy). The file is complete or absent: it is
    /// built beside `path` and renamed, and Cancel before the rename leaves nothing. Changes to
    /// the project wait meanwhile, so the copy holds everything done before.
    pub(super) fn start_new_project(
        &mut self,
        path: PathBuf,
        open: bool,
        make: impl FnOnce(Project) -> (Project, String) + Send + 'static,
    ) {
        let Some((project, _)) = self.copy_project() else { return };
        let coder = self.coder.clone();
        let label = trf(self.settings.language, Key::JobWriting, &[&file_name(&path)]);
        self.start(label, 0, true, move |p| {
            let (copy, said) = make(project);
            let session = p.writing(|| Session::create_from(&path, &copy, &coder))?;
            Ok(if open {
                Finished::Opened { session: Box::new(session), said }
            } else {
                Finished::Written { said, lines: None, close_workflow: true }
            })
        });
    }

    /// Reads the other project or REFI-QDA file and shows what merging or importing it would do.
    pub(super) fn start_exchange_preview(&mut self, action: Exchange) {
        let Some((project, _)) = self.copy_project() else { return };
        let lang = self.settings.language;
        let label = trf(lang, Key::JobReading, &[&file_name(action.path())]);
        self.start(label, 0, false, move |_| {
            // Said as what would happen: nothing is done yet.
            let (_, lines) = prepare_exchange(&project, &action, lang, false)?;
            Ok(Finished::ExchangePreview { action, lines })
        });
    }

    /// Merges or imports as one undo step (prepared on the worker), then shows what was done.
    pub(super) fn start_exchange(&mut self, action: Exchange) {
        let lang = self.settings.language;
        let label = trf(lang, Key::JobReading, &[&file_name(action.path())]);
        self.start_committing(label, 0, move |project, _| {
            let (edit, lines) = prepare_exchange(project, &action, lang, true)?;
            Ok((edit, AfterEdit { lines: Some(lines.clone()), ..AfterEdit::said(lines[0].clone(), false) }))
        });
    }

    /// Writes an exchange file (REFI-QDA export, hand-out) from a copy of the project; its report
    /// opens when it is written.
    pub(super) fn start_exchange_write(
        &mut self,
        path: &Path,
        write: impl FnOnce(&Project, &str) -> Result<Vec<String>, crate::exchange::ExchangeError> + Send + 'static,
    ) {
        let Some((project, coder)) = self.copy_project() else { return };
        let lang = self.settings.language;
        let label = trf(lang, Key::JobWriting, &[&file_name(path)]);
        self.start(label, 0, false, move |p| {
            let lines = p.writing(|| write(&project, &coder)).map_err(|e| UiError::Said(e.say(lang)))?;
            Ok(Finished::Written {
                said: lines.first().cloned().unwrap_or_default(),
                lines: Some(lines),
                close_workflow: false,
            })
        });
    }

    /// Writes a file from a copy of the project with `write` (an export); `said` when it is done.
    pub(super) fn start_write(
        &mut self,
        path: &Path,
        close_workflow: bool,
        write: impl FnOnce(&Project) -> Result<String, String> + Send + 'static,
    ) {
        let Some((project, _)) = self.copy_project() else { return };
        let label = trf(self.settings.language, Key::JobWriting, &[&file_name(path)]);
        self.start(label, 0, false, move |p| {
            let said = p.writing(|| write(&project)).map_err(UiError::Said)?;
            Ok(Finished::Written { said, lines: None, close_workflow })
        });
    }

    /// A backup of the open project now, through a connection of the worker's own; the bar
    /// counts the pages copied.
    pub(super) fn start_backup(&mut self) {
        let Some(ps) = &self.project else { return };
        let task = ps.session.backup_task();
        self.start(self.t(Key::JobBackup).into(), 0, false, move |p| {
            let path = p.writing(|| {
                task.run_with(&mut |done, all, _| {
                    p.set(done, all);
                    !p.cancelled()
                })
            })?;
            Ok(Finished::BackupWritten(path))
        });
    }

    /// Closes the project, restores `backup` into it on the worker (the current state is backed
    /// up first) and opens it again on the worker, however the restore ends (Cancel: after the job).
    pub(super) fn start_restore(&mut self, backup: PathBuf) {
        if self.project.is_none() || self.refused_while_busy() {
            return;
        }
        let Some(ps) = &self.project else { return };
        let path = ps.session.path().to_path_buf();
        let read_only = ps.session.is_read_only();
        self.project = None;
        self.dialog = None;
        self.workflow = None;
        let (project, coder) = (path.clone(), self.coder.clone());
        self.start(self.t(Key::JobRestoring).into(), 0, false, move |p| {
            // Cancel is honoured until the step that completes the copy: that one must not be
            // half-cancelled, so it is the job's point of no return.
            let restored = Session::restore_backup_with(&project, &backup, &mut |done, all, last| {
                p.set(done, all);
                if last { p.commit() } else { !p.cancelled() }
            });
            let opened = open_for_the_window(&project, read_only, &coder);
            Ok(Finished::Restored { backup, restored, path: project, read_only, opened })
        });
        if let Some(r) = &mut self.job {
            r.reopen = Some((path, read_only));
        }
    }

    /// Whether Ctrl+Z (`redo`: Ctrl+Shift+Z) would take long enough to run on a worker.
    pub(super) fn large_undo(&self, redo: bool) -> bool {
        self.project.as_ref().is_some_and(|ps| ps.session.undo_size(redo) > LARGE_UNDO)
    }

    /// Undoes (or redoes) a very large action on a worker, committed through its own connection
    /// and taken over as the one step it is; changes wait meanwhile.
    pub(super) fn start_undo(&mut self, redo: bool) {
        let lang = self.settings.language;
        let Some(ps) = &self.project else { return };
        let (worker, edit) = match ps.session.worker_to_undo(redo) {
            Ok(w) => w,
            Err(e) => return self.err(e),
        };
        let label = trf(lang, if redo { Key::JobRedoing } else { Key::JobUndoing }, &[&edit.label]);
        let said = trf(lang, if redo { Key::Redone } else { Key::Undone }, &[&edit.label]);
        let Some((project, _)) = self.copy_project() else { return };
        self.start(label, 0, true, move |p| {
            if !p.commit() {
                return cancelled();
            }
            Ok(Finished::Edit { done: worker.commit(project, edit)?, then: AfterEdit::said(said, false) })
        });
    }

    /// Opens the project at `path` on a worker: loading 100,000 codings and the open-time backup
    /// take seconds. It replaces the open project once it is loaded; Cancel leaves it closed.
    pub(super) fn start_open(&mut self, path: PathBuf, read_only: bool) {
        let coder = self.coder.clone();
        let label = trf(self.settings.language, Key::JobOpening, &[&file_name(&path)]);
        self.start(label, 0, false, move |_| {
            let opened = open_for_the_window(&path, read_only, &coder);
            Ok(Finished::Opening { path, read_only, opened })
        });
    }

    /// Creates a new project file at `path` (`.werkbank` added when missing) on a worker and
    /// opens it. Once begun it is not cancelled: Cancel must not leave a file nobody opened.
    pub(super) fn start_create(&mut self, mut path: PathBuf) {
        if path.extension().is_none() {
            path.set_extension("werkbank");
        }
        let coder = self.coder.clone();
        let label = trf(self.settings.language, Key::JobCreating, &[&file_name(&path)]);
        self.start(label, 0, false, move |p| {
            if !p.commit() {
                return cancelled();
            }
            let name = path.file_stem().map_or_else(|| "Project".into(), |s| s.to_string_lossy().into_owned());
            let created = Session::create(&path, &name, &coder);
            Ok(Finished::Creating { path, created })
        });
    }

    /// After `subject` was deleted from the project (an undo step of its own): compacts the
    /// project file and removes the subject from every backup, each rewritten and checked, on a
    /// worker (seconds on a big project). Not cancelled once begun, so no backup is left holding
    /// what the user was told is gone.
    pub(super) fn start_purge(&mut self, subject: crate::withdrawal::Subject) {
        let lang = self.settings.language;
        let Some(ps) = &self.project else { return };
        let worker = match ps.session.worker() {
            Ok(w) => w,
            Err(e) => return self.err(e),
        };
        let project = ps.session.path().to_path_buf();
        let coder = ps.session.coder_name().to_string();
        self.start(tr(lang, Key::JobPurging).into(), 0, true, move |p| {
            if !p.commit() {
                return cancelled();
            }
            worker.vacuum()?;
            let report =
                crate::withdrawal::purge_backups_with(&project, &subject, &coder, &mut |done, all| p.set(done, all));
            let what = subject.describe(lang);
            if report.failed.is_empty() {
                let said = trf(lang, Key::WithdrawnFromBackups, &[&what, &report.cleaned.len()]);
                Ok(Finished::Written { said, lines: None, close_workflow: false })
            } else {
                let why: Vec<String> = report.failed.iter().map(|(p, e)| format!("{}: {e}", p.display())).collect();
                Err(UiError::Said(trf(lang, Key::BackupsNotCleaned, &[&what, &report.failed.len(), &why.join("; ")])))
            }
        });
    }

    // ---- each frame ------------------------------------------------------------------------------

    /// Draws the running job's progress window with Cancel, and applies its result when it arrives.
    pub(super) fn job_ui(&mut self, ctx: &egui::Context) {
        let Some(r) = &mut self.job else { return };
        let lang = self.settings.language;
        match r.job.poll() {
            Poll::Running => {
                let (done, total) = r.job.progress();
                let mut cancel = false;
                let cancelling = r.job.cancelling();
                let shown = egui::Window::new(&r.job.label)
                    .id(egui::Id::unique("background-job"))
                    .collapsible(false)
                    .resizable(false)
                    .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                    .order(egui::Order::Foreground)
                    .show(ctx, |ui| {
                        let bar = if total > 0 {
                            egui::ProgressBar::new(done as f32 / total as f32).text(format!("{done} / {total}"))
                        } else {
                            // No count to show: how long it has been working (the frame is
                            // redrawn every 50 ms below, so this moves).
                            let secs = r.started.elapsed().as_secs();
                            egui::ProgressBar::new(0.0).text(format!("{} {secs} s", tr(lang, Key::JobWorking)))
                        };
                        ui.add(bar.desired_width(360.0));
                        if r.finishing {
                            ui.label(tr(lang, Key::JobFinishing));
                        } else if cancelling {
                            ui.label(tr(lang, Key::JobCancelling));
                        } else {
                            cancel = ui.button(tr(lang, Key::Cancel)).clicked();
                        }
                    });
                // Over an open dialog (a modal one comes to the top when clicked), so that Cancel
                // stays within reach.
                if let Some(w) = shown {
                    ctx.move_to_top(w.response.layer_id);
                }
                if cancel {
                    // The worker stops at its next step and its result is dropped; a file being
                    // put in place (too late to cancel) is finished and reported instead.
                    r.finishing = !r.job.cancel();
                }
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            Poll::Done(outcome) => {
                self.job = None;
                ctx.request_repaint();
                self.finish(outcome);
            }
            Poll::Cancelled => {
                let Some(r) = self.job.take() else { return };
                if let Some((path, read_only)) = r.reopen {
                    self.open_path(&path, read_only);
                }
            }
            Poll::Failed => {
                let Some(r) = self.job.take() else { return };
                if let Some((path, read_only)) = &r.reopen {
                    self.open_path(path, *read_only);
                }
                self.err(trf(lang, Key::JobFailed, &[&r.job.label]));
            }
        }
    }

    /// Applies a finished job's result: a dialog, a message, or one edit.
    fn finish(&mut self, outcome: Outcome) {
        let lang = self.settings.language;
        let done = match outcome {
            Err(e) => return self.err(e),
            Ok(done) => done,
        };
        match done {
            Finished::ImportPreview(files) => {
                self.dialog =
                    Some(Dialog::ImportPreview { files, speakers_as_respondents: true, allow_duplicates: false });
            }
            Finished::ExchangePreview { action, lines } => {
                self.dialog = Some(Dialog::ExchangePreview { action, lines });
            }
            Finished::Workflow(w) => self.workflow = Some(*w),
            Finished::Checked { path, report } => self.show_check(path, report),
            Finished::Opened { session, said } => {
                self.set_session(*session, true);
                self.ok(said);
            }
            Finished::Edit { done, then } => {
                let Some(ps) = self.project.as_mut() else { return };
                if let Err(e) = ps.session.adopt(done) {
                    return self.err(e);
                }
                if let Some(d) = then.document {
                    ps.current_doc = Some(d);
                    ps.left_tab = LeftTab::Documents;
                }
                if then.close_workflow {
                    self.workflow = None;
                }
                self.ok(then.said);
                if let Some(lines) = then.lines {
                    self.dialog = Some(Dialog::ExchangeDone { lines });
                }
            }
            Finished::Opening { path, read_only, opened } => self.opened(&path, read_only, opened),
            Finished::Creating { path, created } => self.created(&path, created),
            Finished::Written { said, lines, close_workflow } => {
                if close_workflow {
                    self.workflow = None;
                }
                self.ok(said);
                if let Some(lines) = lines {
                    self.dialog = Some(Dialog::ExchangeDone { lines });
                }
            }
            Finished::BackupWritten(path) => {
                if let Some(ps) = &self.project
                    && let Some(Workflow::Backups { list }) = &mut self.workflow
                {
                    *list = ps.session.backups();
                }
                self.ok(crate::workflow::Line::BackupWritten.fill(lang, &[&path.display()]));
            }
            Finished::Restored { backup, restored, path, read_only, opened } => {
                self.opened(&path, read_only, opened);
                match restored {
                    Ok(safety) => {
                        self.ok(crate::workflow::Line::Restored.fill(lang, &[&backup.display(), &safety.display()]))
                    }
                    Err(e) => self.err(e),
                }
            }
        }
    }
}

/// Opens the project at `path` on a worker, with its derived index (100,000 codings by document,
/// code and coder) built there rather than in the first frame that shows it.
fn open_for_the_window(path: &Path, read_only: bool, coder: &str) -> Result<Session, SessionError> {
    let opened = if read_only { Session::open_read_only(path) } else { Session::open(path, coder) };
    if let Ok(s) = &opened {
        s.project().index();
    }
    opened
}

/// What a worker returns when Cancel came before its point of no return: the job drops it.
fn cancelled() -> Outcome {
    Err(UiError::Said(String::new()))
}

/// The edit a merge or REFI-QDA import would make, and its report's lines in `lang` (said as done,
/// or as what would be done).
fn prepare_exchange(
    project: &Project,
    action: &Exchange,
    lang: Lang,
    done: bool,
) -> Result<(Edit, Vec<String>), UiError> {
    let said = |e: crate::exchange::ExchangeError| UiError::Said(e.say(lang));
    match action {
        Exchange::Merge(path) => crate::exchange::preview_merge(project, path)
            .map(|(edit, r)| (edit, crate::exchange::merge_lines(path, &r, lang, done)))
            .map_err(said),
        Exchange::ImportRefi(path) => crate::exchange::preview_refi_import(project, path)
            .map(|imp| (imp.edit, crate::exchange::refi_import_lines(path, &imp.report, lang, done)))
            .map_err(said),
    }
}
