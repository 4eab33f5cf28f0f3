//! How a [`WerkbankApp`] is made (the start screen, an open session, the demo's folder) and what
//! tests, the benchmark and embedders may read from it. Kept apart from the frame and the
//! command handling so that the app's outside surface is one short file.

use super::*;

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
    pub fn selection(&self) -> Option<DocSpan> {
        self.project.as_ref().and_then(|p| p.selection)
    }
    pub fn selected_code(&self) -> Option<Id> {
        self.project.as_ref().and_then(|p| p.selected_code)
    }
    pub fn selected_coding(&self) -> Option<Id> {
        self.project.as_ref().and_then(|p| p.selected_coding)
    }
    /// The passage the transcript was last asked to scroll to.
    pub fn scroll_target(&self) -> Option<DocSpan> {
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
            let span = Span::new(start.min(end), start.max(end));
            ps.selection = Some(DocSpan::new(doc, span));
            ps.pending_selection = Some(span);
        }
    }

    /// Queues a command, as a menu item would; it is applied at the end of the next frame.
    pub fn push(&mut self, cmd: Command) {
        self.queue.push(cmd);
    }
}
