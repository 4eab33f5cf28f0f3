//! Window chrome: the menu bar, the status bar, the start screen and the command palette.
//! Split from the panels so each part of the window can be read (and changed) on its own.

use super::*;
use crate::ui::analysis_view::Scope;

impl WerkbankApp {
    pub(in crate::ui) fn menu_bar(&mut self, ui: &mut Ui) {
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        let has = self.project.is_some();
        let demo = self.is_demo();
        let writable = self.project.as_ref().is_some_and(|p| !p.session.is_read_only());
        let pick = |p: FilePurpose| Command::Workflow(WorkflowCommand::PickFile(p));
        let wf = Command::Workflow;
        let queue = &mut self.queue;
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                let mut item = |ui: &mut Ui, label: String, enabled: bool, cmd: Command| {
                    if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                        queue.push(cmd);
                        ui.close();
                    }
                };
                ui.menu_button(t(Key::MenuFile), |ui| {
                    item(ui, t(Key::NewProject).into(), true, Command::NewProjectDialog);
                    item(ui, t(Key::OpenProject).into(), true, Command::OpenProjectDialog);
                    item(ui, t(Key::OpenDemo).into(), true, Command::OpenDemo);
                    ui.separator();
                    item(ui, t(Key::ImportTranscripts).into(), has && writable, Command::ImportFilesDialog);
                    item(ui, t(Key::ImportCodebook).into(), has && writable, Command::ImportCodebookDialog);
                    let table = t(Key::ImportRespondentTable).into();
                    item(ui, table, has && writable, pick(FilePurpose::ImportRespondentTable));
                    item(ui, t(Key::ImportSurveyTable).into(), has && writable, pick(FilePurpose::ImportSurveyTable));
                    item(ui, t(Key::CheckChapter).into(), has, Command::CheckChapterDialog);
                    ui.separator();
                    item(ui, t(Key::MergeProjectMenu).into(), has && writable, Command::MergeProjectDialog);
                    item(ui, t(Key::HandoutMenu).into(), has, Command::HandoutDialog);
                    item(ui, t(Key::ImportRefiMenu).into(), has && writable, Command::ImportRefiDialog);
                    item(ui, t(Key::ExportRefiMenu).into(), has, Command::ExportRefiDialog);
                    ui.separator();
                    item(ui, t(Key::ExportAppendix).into(), has, pick(FilePurpose::ExportReport(Scope::Appendix)));
                    item(ui, t(Key::ExportSegmentsMenu).into(), has, pick(FilePurpose::ExportReport(Scope::Segments)));
                    item(ui, t(Key::ExportMemosMenu).into(), has, pick(FilePurpose::ExportReport(Scope::Memos)));
                    item(ui, t(Key::ExportCodebook).into(), has, wf(WorkflowCommand::CodebookExportDialog));
                    item(ui, t(Key::PseudonymiseTitle).into(), has, wf(WorkflowCommand::PseudonymiseDialog));
                    if demo {
                        item(ui, t(Key::SaveAsMyProject).into(), true, pick(FilePurpose::SaveProjectCopy));
                        item(ui, t(Key::ResetDemo).into(), true, wf(WorkflowCommand::ResetDemoDialog));
                    }
                    ui.separator();
                    item(ui, t(Key::EditLogMenu).into(), has, wf(WorkflowCommand::EditLog));
                    item(ui, t(Key::BackupsMenu).into(), has, Command::RestoreBackupDialog);
                    item(ui, t(Key::CloseProject).into(), has, Command::CloseProject);
                });
                let (undo, redo) = match &self.project {
                    Some(ps) => {
                        (ps.session.undo_label().map(str::to_string), ps.session.redo_label().map(str::to_string))
                    }
                    None => (None, None),
                };
                ui.menu_button(t(Key::MenuEdit), |ui| {
                    let u = undo.as_ref().map_or_else(|| t(Key::Undo).to_string(), |l| trf(lang, Key::UndoLabel, &[l]));
                    item(ui, u, undo.is_some(), Command::Undo);
                    let r = redo.as_ref().map_or_else(|| t(Key::Redo).to_string(), |l| trf(lang, Key::RedoLabel, &[l]));
                    item(ui, r, redo.is_some(), Command::Redo);
                    ui.separator();
                    item(ui, t(Key::CommandPalette).into(), true, Command::OpenPalette);
                });
                if let Some(ps) = self.project.as_ref().filter(|_| writable) {
                    let sel = ps.selected_code.is_some();
                    ui.menu_button(t(Key::MenuCode), |ui| {
                        item(ui, t(Key::NewCode).into(), true, Command::NewCodeDialog { parent: None });
                        item(ui, t(Key::NewChildCode).into(), sel, Command::NewCodeDialog { parent: ps.selected_code });
                        item(ui, t(Key::RenameCode).into(), sel, Command::RenameCodeDialog);
                        item(ui, t(Key::MergeCode).into(), sel, Command::MergeCodeDialog);
                        item(ui, t(Key::DeleteCode).into(), sel, Command::DeleteCodeDialog);
                        ui.separator();
                        item(ui, t(Key::RemoveCoding).into(), ps.selected_coding.is_some(), Command::RemoveCoding);
                        item(ui, t(Key::NextCoding).into(), true, Command::NextCoding);
                        item(ui, t(Key::PreviousCoding).into(), true, Command::PreviousCoding);
                    });
                }
                ui.menu_button(t(Key::MenuView), |ui| {
                    ui.menu_button(t(Key::Language), |ui| {
                        for (l, k) in [(Lang::En, Key::LanguageEnglish), (Lang::Nl, Key::LanguageDutch)] {
                            if ui.radio(lang == l, t(k)).clicked() {
                                queue.push(Command::SetLanguage(l));
                                ui.close();
                            }
                        }
                    });
                    if let Some(ps) = &self.project {
                        ui.menu_button(t(Key::Coders), |ui| {
                            let f = ps.coder_filter;
                            if ui.radio(f == CoderFilter::All, t(Key::ShowAllCoders)).clicked() {
                                queue.push(Command::SetCoderFilter(CoderFilter::All));
                                ui.close();
                            }
                            if ui.radio(f == CoderFilter::Mine, t(Key::ShowMine)).clicked() {
                                queue.push(Command::SetCoderFilter(CoderFilter::Mine));
                                ui.close();
                            }
                            for c in ps.session.project().coders.values() {
                                let item = trf(lang, Key::ShowOnlyCoder, &[&c.name]);
                                let shown = crate::ui::bidi::label(ui, &item, egui::TextStyle::Button, false);
                                let r = ui.radio(f == CoderFilter::One(c.id), shown);
                                if crate::ui::bidi::name(r, egui::Role::RadioButton, &item, None).clicked() {
                                    queue.push(Command::SetCoderFilter(CoderFilter::One(c.id)));
                                    ui.close();
                                }
                            }
                        });
                    }
                    let mut snap = self.settings.snap_to_words;
                    if ui.checkbox(&mut snap, t(Key::SnapToWords)).clicked() {
                        queue.push(Command::ToggleSnapToWords);
                    }
                    let mut l = self.settings.show_left;
                    if ui.checkbox(&mut l, t(Key::ToggleDocuments)).clicked() {
                        queue.push(Command::ToggleLeftPanel);
                    }
                    let mut r = self.settings.show_right;
                    if ui.checkbox(&mut r, t(Key::ToggleCodes)).clicked() {
                        queue.push(Command::ToggleRightPanel);
                    }
                    let mut b = self.settings.show_retrieval;
                    if ui.checkbox(&mut b, t(Key::ToggleRetrieval)).clicked() {
                        queue.push(Command::ToggleRetrieval);
                    }
                    if ui.add_enabled(has, egui::Button::new(t(Key::OpenAnalysis))).clicked() {
                        queue.push(Command::OpenAnalysis);
                        ui.close();
                    }
                    if ui.add_enabled(has, egui::Button::new(t(Key::OpenReview))).clicked() {
                        queue.push(Command::Review(crate::ui::review::ReviewCommand::Open));
                        ui.close();
                    }
                });
                ui.menu_button(t(Key::MenuHelp), |ui| {
                    for (k, c) in [(Key::About, Command::ShowAbout), (Key::ReportProblem, Command::ReportProblem)] {
                        if ui.button(t(k)).clicked() {
                            queue.push(c);
                            ui.close();
                        }
                    }
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(t(Key::CommandPaletteShort)).on_hover_text(t(Key::CommandPalette)).clicked() {
                        queue.push(Command::OpenPalette);
                    }
                });
            });
        });
    }

    pub(in crate::ui) fn status_bar(&mut self, ui: &mut Ui) {
        let lang = self.settings.language;
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(ps) = &self.project {
                    let coder = trf(lang, Key::CoderIs, &[&ps.session.coder_name()]);
                    let shown = crate::ui::bidi::weak(ui, &coder, egui::TextStyle::Body);
                    crate::ui::bidi::name(ui.label(shown), egui::Role::Label, &coder, None);
                    if ps.session.is_read_only() {
                        ui.label(RichText::new(tr(lang, Key::ReadOnly)).color(Color32::from_rgb(200, 80, 0)).strong());
                    }
                    ui.separator();
                }
                match &self.status {
                    // "Coded with الخدمات الرقمية": code names right to left (see `ui::bidi`).
                    Some(s) if s.error => {
                        let red = Color32::from_rgb(190, 30, 30);
                        let shown = crate::ui::bidi::coloured(ui, &s.text, egui::TextStyle::Body, red);
                        crate::ui::bidi::name(ui.label(shown), egui::Role::Label, &s.text, None);
                    }
                    Some(s) => {
                        crate::ui::bidi::show(ui, &s.text, egui::TextStyle::Body, false);
                    }
                    None => {
                        ui.label(RichText::new(tr(lang, Key::Ready)).weak());
                    }
                }
            });
        });
    }

    pub(in crate::ui) fn start_screen_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(40.0);
                ui.heading(RichText::new("Werkbank").size(32.0));
                ui.label(t(Key::Tagline));
                ui.add_space(20.0);
            });
            ui.horizontal(|ui| {
                ui.add_space((ui.available_width() - 560.0).max(0.0) / 2.0);
                ui.vertical(|ui| {
                    ui.set_max_width(560.0);
                    ui.horizontal(|ui| {
                        if ui.button(t(Key::NewProject)).clicked() {
                            self.queue.push(Command::NewProjectDialog);
                        }
                        if ui.button(t(Key::OpenProject)).clicked() {
                            self.queue.push(Command::OpenProjectDialog);
                        }
                        if ui.button(t(Key::TryDemo)).clicked() {
                            self.queue.push(Command::OpenDemo);
                        }
                    });
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        let r = labelled_field(ui, t(Key::PathLabel), &mut self.start.path, t(Key::PathHint), 330.0);
                        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        let path = std::path::PathBuf::from(self.start.path.trim());
                        let ok = !self.start.path.trim().is_empty();
                        if ui.add_enabled(ok, egui::Button::new(t(Key::Open))).clicked() || (enter && ok) {
                            self.queue.push(Command::OpenProject { path: path.clone(), read_only: false });
                        }
                        if ui.add_enabled(ok, egui::Button::new(t(Key::Create))).clicked() {
                            self.queue.push(Command::CreateProject { path });
                        }
                    });
                    if let Some(e) = &self.start.error {
                        ui.add_space(6.0);
                        ui.label(RichText::new(e).color(Color32::from_rgb(190, 30, 30)));
                    }
                    if let Some(p) = self.start.locked.clone()
                        && ui.button(t(Key::OpenReadOnly)).clicked()
                    {
                        self.queue.push(Command::OpenProject { path: p, read_only: true });
                    }
                    ui.add_space(16.0);
                    ui.label(RichText::new(t(Key::RecentProjects)).strong());
                    if self.settings.recent.is_empty() {
                        ui.label(RichText::new(t(Key::NoRecent)).weak());
                    }
                    for p in self.settings.recent.clone() {
                        let exists = p.exists();
                        let label = p.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                        let r = ui
                            .add_enabled(exists, egui::Button::new(label).frame(false))
                            .on_hover_text(p.display().to_string());
                        if r.clicked() {
                            self.queue.push(Command::OpenProject { path: p.clone(), read_only: false });
                        }
                    }
                    ui.add_space(16.0);
                    ui.horizontal(|ui| {
                        ui.label(t(Key::Language));
                        for (l, k) in [(Lang::En, Key::LanguageEnglish), (Lang::Nl, Key::LanguageDutch)] {
                            if ui.selectable_label(lang == l, t(k)).clicked() {
                                self.queue.push(Command::SetLanguage(l));
                            }
                        }
                    });
                });
            });
        });
    }
}

impl WerkbankApp {
    pub(in crate::ui) fn palette_ui(&mut self, ctx: &egui::Context) {
        let lang = self.settings.language;
        let Some((query, focus)) = self.palette.as_mut() else { return };
        let mut entries = commands::palette_commands(lang, self.project.is_some());
        if let Some(ps) = &self.project {
            let p = ps.session.project();
            for c in p.codes.values().filter(|c| c.codable) {
                entries.push(commands::PaletteEntry {
                    label: trf(lang, Key::PaletteApply, &[&p.code_path_string(c.id)]),
                    shortcut: None,
                    command: Command::ApplyCode { code: c.id },
                });
            }
            for d in p.documents.values() {
                entries.push(commands::PaletteEntry {
                    label: trf(lang, Key::PaletteOpenDoc, &[&d.name]),
                    shortcut: None,
                    command: Command::SelectDocument(d.id),
                });
            }
        }
        let mut run: Option<Command> = None;
        let mut close = false;
        egui::Modal::new(egui::Id::unique("palette")).show(ctx, |ui| {
            ui.set_width(520.0);
            let r = labelled_field(ui, tr(lang, Key::PaletteLabel), query, tr(lang, Key::PaletteHint), 400.0);
            if *focus {
                r.request_focus();
                *focus = false;
            }
            let hits: Vec<&commands::PaletteEntry> =
                entries.iter().filter(|e| commands::matches_query(&e.label, query)).take(14).collect();
            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                run = hits.first().map(|e| e.command.clone());
            }
            ui.separator();
            for e in &hits {
                ui.horizontal(|ui| {
                    if crate::ui::bidi::selectable(ui, false, &e.label, egui::TextStyle::Button).clicked() {
                        run = Some(e.command.clone());
                    }
                    if let Some(sc) = e.shortcut {
                        ui.label(RichText::new(ctx.format_shortcut(&sc)).weak().small());
                    }
                });
            }
            if hits.is_empty() {
                ui.label(RichText::new(tr(lang, Key::NothingFound)).weak());
            }
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
        if let Some(c) = run {
            self.palette = None;
            self.queue.push(c);
        } else if close {
            self.palette = None;
        }
    }
}
