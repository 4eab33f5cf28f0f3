//! One frame of the app: global and reading shortcuts, the background job's window, the status
//! bar's messages and their expiry, drawing every part, and then applying the commands the
//! drawing queued. Drawing itself changes nothing; see `apply.rs` for what the commands do.

use super::*;

impl WerkbankApp {
    pub(super) fn t(&self, k: Key) -> &'static str {
        tr(self.settings.language, k)
    }

    /// Makes the status message `by` older (tests of its expiry: a clock, not a sleep).
    pub fn age_status(&mut self, by: std::time::Duration) {
        self.status_at = self.status_at.and_then(|at| at.checked_sub(by));
    }

    pub(super) fn ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: false });
        self.status_at = Some(std::time::Instant::now());
    }

    /// Shows an error; [`UiError::say`] puts it in the user's language.
    pub(super) fn err(&mut self, e: impl Into<UiError>) {
        let text = e.into().say(self.settings.language);
        self.status = Some(Status { text, error: true });
        self.status_at = Some(std::time::Instant::now());
    }

    /// Clears a status message that has been shown long enough (errors stay longer), so the bar
    /// never shows news about an earlier action as if it were current.
    pub(super) fn expire_status(&mut self, ctx: &egui::Context) {
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

    pub(super) fn save_settings(&mut self) {
        if let Err(e) = self.settings.save() {
            self.err(trf(self.settings.language, Key::SettingsNotSaved, &[&e]));
        }
    }

    // ---- the frame ---------------------------------------------------------------------------

    /// Draws one frame and applies what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        // Whether this frame draws the app with nothing loading (the project given at start-up
        // opens on a worker).
        let settled = self.job.is_none();
        self.shortcuts(ui.ctx());
        self.poll_file_dialog();
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
        // Last: its window lies over an open dialog, and a finished job's result is applied
        // after everything was drawn.
        self.job_ui(ui.ctx());
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
        if self.quit_after_first_frame && settled {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
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
            let selected = self.project.as_ref().is_some_and(|p| p.selection.is_some_and(|s| !s.span.is_empty()));
            if focused.is_none() && selected && ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy))) {
                cmds.push(Command::CopySelection);
            }
        }
        if self.palette.is_some() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.palette = None;
        }
        self.queue.extend(cmds);
    }
}
