//! Applying a command after the frame: files and windows here, edits and view commands on the
//! open project through `edits.rs` and `view_commands.rs`, long work through `background.rs`.
//! Opening, creating and switching projects also live here, since they replace the session.

use super::*;

impl WerkbankApp {
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
                crate::exchange::write_handout(p, &path, Default::default(), coder, lang)
            }),
            Command::ExportRefi { path } => {
                self.start_exchange_write(&path.clone(), move |p, _| crate::exchange::export_refi(p, &path, lang))
            }
            Command::CheckChapter { path } => self.check_chapter(path),
            Command::Undo if self.large_undo(false) => self.start_undo(false),
            Command::Redo if self.large_undo(true) => self.start_undo(true),
            Command::OpenProject { path, read_only } => self.start_open(path, read_only),
            Command::CreateProject { path } => self.start_create(path),
            Command::Withdraw { subject, purge_backups: true } => {
                let revision = self.project.as_ref().map(|ps| ps.session.revision());
                self.apply_project(Command::Withdraw { subject: subject.clone(), purge_backups: false });
                // Deleted from the project (one undo step): now from the file's free pages and
                // every backup, on a worker.
                if self.project.as_ref().map(|ps| ps.session.revision()) != revision {
                    self.start_purge(subject);
                }
            }
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
    pub(super) fn apply_project(&mut self, cmd: Command) {
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

    pub(super) fn set_session(&mut self, session: Session, remember: bool) {
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

    /// Opens a project file now, explaining what went wrong when it cannot be opened (the
    /// app's commands open on a worker: [`WerkbankApp::start_open`]).
    pub fn open_path(&mut self, path: &Path, read_only: bool) {
        let r = if read_only { Session::open_read_only(path) } else { Session::open(path, &self.coder) };
        self.opened(path, read_only, r);
    }

    /// Shows the project opened from `path`, or says why it could not be opened.
    pub(super) fn opened(&mut self, path: &Path, read_only: bool, r: Result<Session, crate::session::SessionError>) {
        let lang = self.settings.language;
        match r {
            Ok(mut s) => {
                let warnings = s.take_warnings();
                self.set_session(s, true);
                // Read-only: the notice set_session shows says more than "Opened".
                if !read_only {
                    self.ok(trf(lang, Key::Opened, &[&path.display()]));
                }
                for w in warnings {
                    self.err(w.say(lang));
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

    /// Shows the project just created at `path`, or says why it could not be created.
    pub(super) fn created(&mut self, path: &Path, r: Result<Session, crate::session::SessionError>) {
        match r {
            Ok(s) => {
                self.set_session(s, true);
                self.ok(crate::workflow::Line::Created.fill(self.settings.language, &[&path.display()]));
            }
            Err(e) => {
                let msg = UiError::from(e).say(self.settings.language);
                self.start.error = Some(msg.clone());
                self.err(msg);
            }
        }
    }
}
