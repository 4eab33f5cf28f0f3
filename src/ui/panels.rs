//! Drawing: menus, status bar, start screen, the three panels, retrieval list, palette and
//! dialogs. Everything here reads state and pushes [`Command`]s; nothing changes the project.

use super::analysis_view::Scope;
use super::commands::{self, CoderFilter, Command};
use super::i18n::{Key, Lang, tr, trf};
use super::transcript::{self, CodeDrag, TranscriptView, parse_color};
use super::workflows::WorkflowCommand;
use super::{Dialog, FilePurpose, LeftTab, ProjectState, WerkbankApp};
use crate::core::actions::{OnCodings, PALETTE};
use crate::core::model::{AttributeKind, Id, MemoTarget, Project};
use crate::core::text::slice_chars;
use egui::{Color32, RichText, Sense, Ui, vec2};

/// A text field tied to a visible label (screen readers and tests find it by that label).
fn labelled_field(ui: &mut Ui, label: &str, value: &mut String, hint: &str, width: f32) -> egui::Response {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(width)).labelled_by(l.id)
}

const IMPORT_DIALOG_W: f32 = 880.0;
/// The "why" column; the full reason shows on hover.
const WHY_W: f32 = 230.0;

/// The import preview's table for one transcript: per speaker its tag, turns, role (changeable),
/// why that role was proposed, and the respondent its turns will belong to (changeable).
fn speaker_table(ui: &mut Ui, lang: Lang, p: &Project, file: usize, plan: &mut crate::workflow::ImportPlan) {
    use crate::import::{Role, RoleSource};
    use crate::workflow::{SpeakerMapping, respondent_label};
    let t = |k| tr(lang, k);
    let role_text = |r: Role| match r {
        Role::Interviewer => t(Key::RoleInterviewer),
        Role::Respondent => t(Key::RoleRespondent),
        Role::Ignore => t(Key::RoleIgnore),
    };
    let doc = plan.name.clone();
    egui::Grid::new(("import_speakers", file)).striped(true).num_columns(5).spacing(vec2(12.0, 4.0)).show(ui, |ui| {
        for k in [Key::ColSpeaker, Key::ColTurns, Key::ColRole, Key::ColWhy, Key::ColRespondent] {
            ui.label(RichText::new(t(k)).strong());
        }
        ui.end_row();
        for (si, sp) in plan.speakers.iter_mut().enumerate() {
            ui.label(&sp.speaker);
            ui.label(sp.turns.to_string());
            let mut role = sp.mapping.role();
            let combo =
                egui::ComboBox::from_id_salt(("import_role", file, si)).selected_text(role_text(role)).width(110.0);
            let r = combo.show_ui(ui, |ui| {
                for r in Role::ALL {
                    ui.selectable_value(&mut role, r, role_text(r));
                }
            });
            name_combo(&r.response, trf(lang, Key::RoleOf, &[&sp.speaker, &doc]), role_text(role));
            if role != sp.mapping.role() {
                sp.mapping = match role {
                    Role::Interviewer => SpeakerMapping::Interviewer,
                    Role::Ignore => SpeakerMapping::Ignore,
                    Role::Respondent => {
                        let label = respondent_label(&sp.speaker, &doc);
                        match p.case_by_label(&label) {
                            Some(c) => SpeakerMapping::Existing(c.label.clone()),
                            None => SpeakerMapping::New(label),
                        }
                    }
                };
            }
            let (why, guessed) = match &sp.source {
                RoleSource::Legend(d) => (trf(lang, Key::WhyLegend, &[d]), false),
                RoleSource::Tag => (t(Key::WhyTag).to_string(), false),
                RoleSource::Evidence(w) => (trf(lang, Key::WhyGuess, &[w]), true),
            };
            let why = RichText::new(why).small();
            let why = if guessed { why.color(Color32::from_rgb(170, 100, 0)) } else { why.weak() };
            ui.allocate_ui(vec2(WHY_W, 18.0), |ui| {
                ui.set_width(WHY_W);
                ui.add(egui::Label::new(why).truncate());
            });
            if role == Role::Respondent {
                ui.horizontal(|ui| {
                    let selected = match &sp.mapping {
                        SpeakerMapping::New(_) => t(Key::NewRespondentOption).to_string(),
                        SpeakerMapping::Existing(l) => l.clone(),
                        _ => t(Key::MapNone).to_string(),
                    };
                    let mut choice = sp.mapping.clone();
                    let combo = egui::ComboBox::from_id_salt(("import_respondent", file, si))
                        .selected_text(&selected)
                        .width(140.0);
                    let r = combo.show_ui(ui, |ui| {
                        ui.selectable_value(&mut choice, SpeakerMapping::Unmapped, t(Key::MapNone));
                        let new = match &sp.mapping {
                            SpeakerMapping::New(l) => SpeakerMapping::New(l.clone()),
                            _ => SpeakerMapping::New(respondent_label(&sp.speaker, &doc)),
                        };
                        ui.selectable_value(&mut choice, new, t(Key::NewRespondentOption));
                        for c in p.cases.values() {
                            ui.selectable_value(
                                &mut choice,
                                SpeakerMapping::Existing(c.label.clone()),
                                c.label.as_str(),
                            );
                        }
                    });
                    name_combo(&r.response, trf(lang, Key::RespondentOf, &[&sp.speaker, &doc]), &selected);
                    sp.mapping = choice;
                    if let SpeakerMapping::New(label) = &mut sp.mapping {
                        let hint = trf(lang, Key::NewRespondentHint, &[&sp.speaker]);
                        ui.add(egui::TextEdit::singleline(label).desired_width(190.0).hint_text(hint));
                    }
                });
            } else {
                ui.label(RichText::new(t(Key::NoRespondent)).weak());
            }
            ui.end_row();
        }
    });
}

/// Gives a combo box an accessible name (what it chooses), keeping its shown value.
fn name_combo(r: &egui::Response, name: String, value: &str) {
    r.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, r.enabled(), &name);
        info.current_text_value = Some(value.to_string());
        info
    });
}

fn swatch(ui: &mut Ui, color: Color32, size: f32) -> egui::Response {
    let (r, resp) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    ui.painter().rect_filled(r, 3.0, color);
    resp
}

fn snippet(text: &str, start: usize, end: usize, max: usize) -> String {
    let s: String = slice_chars(text, start, end).chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    if s.chars().count() > max { format!("{}…", s.chars().take(max).collect::<String>()) } else { s }
}

impl WerkbankApp {
    pub(super) fn menu_bar(&mut self, ui: &mut Ui) {
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
                    item(ui, t(Key::ExportCodebook).into(), has, pick(FilePurpose::ExportCodebook));
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
                                if ui
                                    .radio(f == CoderFilter::One(c.id), trf(lang, Key::ShowOnlyCoder, &[&c.name]))
                                    .clicked()
                                {
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
                        queue.push(Command::Review(super::review::ReviewCommand::Open));
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

    pub(super) fn status_bar(&mut self, ui: &mut Ui) {
        let lang = self.settings.language;
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(ps) = &self.project {
                    ui.label(RichText::new(trf(lang, Key::CoderIs, &[&ps.session.coder_name()])).weak());
                    if ps.session.is_read_only() {
                        ui.label(RichText::new(tr(lang, Key::ReadOnly)).color(Color32::from_rgb(200, 80, 0)).strong());
                    }
                    ui.separator();
                }
                match &self.status {
                    Some(s) if s.error => {
                        ui.label(RichText::new(s.text.as_str()).color(Color32::from_rgb(190, 30, 30)));
                    }
                    Some(s) => {
                        ui.label(&s.text);
                    }
                    None => {
                        ui.label(RichText::new(tr(lang, Key::Ready)).weak());
                    }
                }
            });
        });
    }

    pub(super) fn start_screen_ui(&mut self, ui: &mut Ui) {
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

    pub(super) fn project_view(&mut self, ui: &mut Ui) {
        let lang = self.settings.language;
        let (show_left, show_right, show_retrieval) =
            (self.settings.show_left, self.settings.show_right, self.settings.show_retrieval);
        // Keyboard scrolling of the transcript: not while a dialog, the palette or a field has the keys.
        let focused = ui.memory(|m| m.focused());
        let transcript_focused = self.project.as_ref().and_then(|p| p.transcript_id);
        let keys =
            self.dialog.is_none() && self.palette.is_none() && (focused.is_none() || focused == transcript_focused);
        let Some(ps) = self.project.as_mut() else { return };
        let queue = &mut self.queue;
        // Side panels take a share of the window, never so much that the transcript column shrinks
        // to a few words a line; each can be hidden (« ») and resized by dragging its edge.
        let full = ui.available_width();
        let (left_w, right_w) = ((full * 0.19).clamp(170.0, 300.0), (full * 0.25).clamp(230.0, 400.0));
        let max_side = (full * 0.32).max(200.0);
        if show_left {
            egui::Panel::left("documents").resizable(true).default_size(left_w).size_range(150.0..=max_side).show(
                ui,
                |ui| {
                    pin_width(ui);
                    left_panel(ui, ps, lang, queue);
                },
            );
        } else {
            collapsed_strip(ui, "documents-collapsed", true, tr(lang, Key::ShowDocuments), queue);
        }
        if show_right {
            egui::Panel::right("codes")
                .resizable(true)
                .default_size(right_w)
                .size_range(210.0..=max_side.max(260.0))
                .show(ui, |ui| {
                    pin_width(ui);
                    right_panel(ui, ps, lang, queue);
                });
        } else {
            collapsed_strip(ui, "codes-collapsed", false, tr(lang, Key::ShowCodes), queue);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            coder_banner(ui, ps, lang);
            if show_retrieval {
                egui::Panel::bottom("retrieval").resizable(true).default_size(190.0).size_range(150.0..=500.0).show(
                    ui,
                    |ui| {
                        retrieval(ui, ps, lang, queue);
                    },
                );
            }
            let Some(doc) = ps.current_doc.filter(|d| ps.session.project().documents.contains_key(d)) else {
                ui.add_space(30.0);
                ui.vertical_centered(|ui| ui.label(RichText::new(tr(lang, Key::NoDocument)).weak()));
                return;
            };
            let p = ps.session.project();
            let d = &p.documents[&doc];
            // Two rows of fixed height whatever is selected: nothing here may push the text.
            let title = ui
                .horizontal(|ui| {
                    let n = ps.transcript.coding_count();
                    let count = trf(lang, Key::DocCodings, &[&n]);
                    let room = (ui.available_width() - 230.0).max(60.0);
                    let l = ui
                        .scope(|ui| {
                            ui.set_max_width(room);
                            ui.add(egui::Label::new(RichText::new(&d.name).heading()).truncate())
                        })
                        .inner;
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button(tr(lang, Key::NextShort)).on_hover_text(tr(lang, Key::NextCoding)).clicked() {
                            queue.push(Command::NextCoding);
                        }
                        if ui.button(tr(lang, Key::PrevShort)).on_hover_text(tr(lang, Key::PreviousCoding)).clicked() {
                            queue.push(Command::PreviousCoding);
                        }
                        ui.add(egui::Label::new(RichText::new(count).weak()).truncate());
                    });
                    l.id
                })
                .inner;
            let info = match ps.selection.filter(|s| s.0 == doc && s.1 < s.2) {
                Some((_, s, e)) => RichText::new(trf(lang, Key::SelectedChars, &[&(e - s)])),
                None => RichText::new(tr(lang, Key::SelectionHint)).weak(),
            };
            let row_h = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
            let w = ui.available_width();
            ui.allocate_ui_with_layout(vec2(w, row_h), egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.set_min_size(vec2(w, row_h));
                ui.add(egui::Label::new(info.small()).truncate());
            });
            ui.separator();
            let out = transcript::show(
                ui,
                TranscriptView {
                    session: &ps.session,
                    cache: &mut ps.transcript,
                    doc,
                    filter: ps.coder_filter,
                    lang,
                    selected_coding: ps.selected_coding,
                    selected_code: ps.selected_code,
                    set_selection: ps.pending_selection.take(),
                    scroll_to: ps.pending_scroll.take(),
                    keys,
                    has_selection: ps.selection.is_some_and(|s| s.0 == doc && s.1 < s.2),
                    queue,
                    label: title,
                },
            );
            ps.transcript_id = Some(out.text_edit_id);
            if let Some(sel) = out.selection {
                ps.selection = sel.map(|(s, e)| (doc, s, e));
            }
            if let Some(code) = out.dropped_code {
                queue.push(Command::SelectCode(Some(code)));
                queue.push(Command::ApplyCode { code });
            }
        });
    }

    pub(super) fn palette_ui(&mut self, ctx: &egui::Context) {
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
                    if ui.selectable_label(false, &e.label).clicked() {
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

    pub(super) fn dialog_ui(&mut self, ctx: &egui::Context) {
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        let Some(dialog) = self.dialog.as_mut() else { return };
        let project = self.project.as_ref().map(|p| p.session.project());
        let mut close = false;
        let mut cmd: Option<Command> = None;
        let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            ui.set_width(440.0);
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            match dialog {
                Dialog::NewCode { parent, name } => {
                    let under = parent.and_then(|p| project.map(|pr| pr.code_path_string(p)));
                    ui.heading(t(Key::NewCode));
                    if let Some(u) = under {
                        ui.label(trf(lang, Key::Under, &[&u]));
                    }
                    let r = labelled_field(ui, t(Key::NameLabel), name, "", 300.0);
                    if !r.has_focus() && ui.memory(|m| m.focused().is_none()) {
                        r.request_focus();
                    }
                    ui.horizontal(|ui| {
                        if ui.button(t(Key::Create)).clicked() || (enter && !name.trim().is_empty()) {
                            cmd = Some(Command::CreateCode { parent: *parent, name: name.trim().to_string() });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::RenameCode { code, name } => {
                    let old = project.map(|p| p.code_path_string(*code)).unwrap_or_default();
                    ui.heading(t(Key::RenameCode));
                    ui.label(old);
                    let r = labelled_field(ui, t(Key::NewNameLabel), name, "", 300.0);
                    if !r.has_focus() && ui.memory(|m| m.focused().is_none()) {
                        r.request_focus();
                    }
                    ui.horizontal(|ui| {
                        if ui.button(t(Key::Rename)).clicked() || (enter && !name.trim().is_empty()) {
                            cmd = Some(Command::RenameCode { code: *code, name: name.trim().to_string() });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ImportPreview { files, speakers_as_respondents } => {
                    let Some(p) = project else { return };
                    // Fixed widths, so the dialog does not move while its table settles.
                    ui.set_width(IMPORT_DIALOG_W);
                    ui.heading(t(Key::ImportPreviewTitle));
                    ui.label(RichText::new(t(Key::ImportPreviewExplain)).weak());
                    if ui.checkbox(speakers_as_respondents, t(Key::SpeakersAsRespondents)).changed() {
                        for plan in files.iter_mut().filter_map(|(_, r)| r.as_mut().ok()) {
                            super::backend::replan(p, plan, *speakers_as_respondents);
                        }
                    }
                    let max_h = (ui.ctx().content_rect().height() - 260.0).max(200.0);
                    egui::ScrollArea::vertical().max_height(max_h).show(ui, |ui| {
                        for (fi, (file, r)) in files.iter_mut().enumerate() {
                            ui.add_space(4.0);
                            ui.label(RichText::new(file.as_str()).strong());
                            match r {
                                Err(e) => {
                                    ui.colored_label(Color32::from_rgb(180, 30, 30), e.as_str());
                                }
                                Ok(plan) if plan.speakers.is_empty() => {
                                    ui.label(t(Key::NoSpeakersFound));
                                }
                                Ok(plan) => speaker_table(ui, lang, p, fi, plan),
                            }
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.button(t(Key::ImportNow)).clicked() {
                            let plans = files.iter().filter_map(|(_, r)| r.as_ref().ok().cloned()).collect();
                            cmd = Some(Command::ImportPlans { plans });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ExchangePreview { action, lines } => {
                    let (title, go) = match action {
                        super::Exchange::Merge(_) => (Key::MergeProjectMenu, Key::MergeNow),
                        super::Exchange::ImportRefi(_) => (Key::ImportRefiMenu, Key::ImportNow),
                    };
                    ui.heading(t(title));
                    ui.label(RichText::new(t(Key::ExchangePreviewExplain)).weak());
                    exchange_lines(ui, lines);
                    ui.horizontal(|ui| {
                        if ui.button(t(go)).clicked() {
                            cmd = Some(Command::ApplyExchange(action.clone()));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ExchangeDone { lines } => {
                    exchange_lines(ui, lines);
                    if ui.button(t(Key::Close)).clicked() {
                        close = true;
                    }
                }
                Dialog::About => {
                    use crate::about;
                    ui.heading("Werkbank");
                    ui.label(trf(lang, Key::AboutVersion, &[&about::VERSION, &about::COMMIT, &about::BUILD_DATE]));
                    ui.label(trf(lang, Key::AboutLicence, &[&about::LICENSE]));
                    ui.hyperlink(about::HOMEPAGE);
                    ui.label(t(Key::AboutPrivacy));
                    ui.horizontal(|ui| {
                        if ui.button(t(Key::ReportProblem)).clicked() {
                            cmd = Some(Command::ReportProblem);
                        }
                        if ui.button(t(Key::Close)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::MergeCode { source, target, filter } => {
                    let Some(p) = project else { return };
                    ui.heading(trf(lang, Key::MergeInto, &[&p.code_path_string(*source)]));
                    ui.label(t(Key::MergeExplain));
                    labelled_field(ui, t(Key::FilterLabel), filter, "", 300.0);
                    let blocked = p.subtree(*source);
                    egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                        for c in p.codes.values() {
                            if blocked.contains(&c.id) {
                                continue;
                            }
                            let path = p.code_path_string(c.id);
                            if commands::matches_query(&path, filter)
                                && ui.selectable_label(*target == Some(c.id), &path).clicked()
                            {
                                *target = Some(c.id);
                            }
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.add_enabled(target.is_some(), egui::Button::new(t(Key::Merge))).clicked() {
                            cmd = target.map(|t| Command::MergeCodes { source: *source, target: t });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::DeleteCode { code, move_to } => {
                    let Some(p) = project else { return };
                    let subtree = p.subtree(*code);
                    let n = p.codings.values().filter(|k| subtree.contains(&k.code)).count();
                    let cases: std::collections::HashSet<Id> = p
                        .codings
                        .values()
                        .filter(|k| subtree.contains(&k.code))
                        .filter_map(|k| p.coding_case(k))
                        .collect();
                    ui.heading(trf(lang, Key::DeleteTitle, &[&p.code_path_string(*code)]));
                    ui.label(trf(lang, Key::DeleteExplain, &[&(subtree.len() - 1), &n, &cases.len()]));
                    if n > 0 {
                        ui.add_space(6.0);
                        let ml = ui.label(t(Key::DeleteMoveTo)).id;
                        egui::ComboBox::from_id_salt("move-to")
                            .width(300.0)
                            .selected_text(
                                move_to.map_or_else(|| t(Key::DeleteCodingsToo).to_string(), |m| p.code_path_string(m)),
                            )
                            .show_ui(ui, |ui| {
                                ui.selectable_value(move_to, None, t(Key::DeleteCodingsToo));
                                for c in p.codes.values().filter(|c| !subtree.contains(&c.id)) {
                                    ui.selectable_value(move_to, Some(c.id), p.code_path_string(c.id));
                                }
                            })
                            .response
                            .labelled_by(ml);
                    }
                    ui.horizontal(|ui| {
                        let label = if n > 0 && move_to.is_none() {
                            trf(lang, Key::DeleteWithCodings, &[&n])
                        } else {
                            t(Key::Delete).to_string()
                        };
                        if ui.button(RichText::new(label).color(Color32::from_rgb(180, 30, 30))).clicked() {
                            let on = match (*move_to, n) {
                                (_, 0) => OnCodings::Refuse,
                                (Some(m), _) => OnCodings::MoveTo(m),
                                (None, _) => OnCodings::Delete,
                            };
                            cmd = Some(Command::DeleteCode { code: *code, on_codings: on });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Withdraw { subject, purge_backups } => {
                    use crate::withdrawal::{self, Subject};
                    let Some(p) = project else { return };
                    let title = match &*subject {
                        Subject::Document { name, .. } => trf(lang, Key::DeleteDocumentTitle, &[name]),
                        Subject::Respondent { label } => trf(lang, Key::DeleteRespondentTitle, &[label]),
                    };
                    ui.heading(title);
                    let removal = withdrawal::deletion(p, subject)
                        .ok()
                        .flatten()
                        .map(|e| crate::core::actions::Removal::of(&e))
                        .unwrap_or_default();
                    ui.label(trf(lang, Key::WithdrawExplain, &[&withdrawal::describe_removal(&removal)]));
                    let backups = self
                        .project
                        .as_ref()
                        .map_or(0, |ps| crate::store::backup::list_backups(ps.session.path()).len());
                    if backups > 0 {
                        ui.checkbox(purge_backups, trf(lang, Key::AlsoFromBackups, &[&backups]));
                        if !*purge_backups {
                            ui.label(RichText::new(t(Key::BackupsKeepIt)).weak());
                        }
                    }
                    ui.horizontal(|ui| {
                        if ui.button(RichText::new(t(Key::Delete)).color(Color32::from_rgb(180, 30, 30))).clicked() {
                            cmd = Some(Command::Withdraw { subject: subject.clone(), purge_backups: *purge_backups });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Path { purpose, path } => {
                    ui.heading(t(purpose.title()));
                    match &self.path_notice {
                        Some(n) => ui.label(RichText::new(n).color(Color32::from_rgb(160, 90, 0))),
                        None => ui.label(RichText::new(t(Key::TypePathExplain)).weak()),
                    };
                    let r = labelled_field(ui, t(Key::PathLabel), path, t(Key::PathHint), 320.0);
                    if !r.has_focus() && ui.memory(|m| m.focused().is_none()) {
                        r.request_focus();
                    }
                    ui.horizontal(|ui| {
                        let ok = !path.trim().is_empty();
                        if ui.add_enabled(ok, egui::Button::new(t(Key::Ok))).clicked() || (enter && ok) {
                            cmd = purpose.command(vec![std::path::PathBuf::from(path.trim())]);
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ConfirmLargeCoding { code, paragraphs, chars } => {
                    let name = project.map(|p| p.code_path_string(*code)).unwrap_or_default();
                    ui.heading(trf(lang, Key::ConfirmLargeTitle, &[paragraphs]));
                    ui.label(trf(lang, Key::ConfirmLargeExplain, &[paragraphs, chars, &name]));
                    ui.horizontal(|ui| {
                        if ui.button(t(Key::CodeAnyway)).clicked() {
                            cmd = Some(Command::ApplyCodeConfirmed { code: *code });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
            }
        });
        if cmd.is_some() || close || escape {
            self.dialog = None;
        }
        if let Some(c) = cmd {
            self.queue.push(c);
        }
    }
}

/// The thin strip a hidden side panel leaves behind, with the button that shows it again.
fn collapsed_strip(ui: &mut Ui, id: &str, left: bool, tip: &str, queue: &mut Vec<Command>) {
    let panel = if left { egui::Panel::left(id) } else { egui::Panel::right(id) };
    panel.resizable(false).exact_size(26.0).show(ui, |ui| {
        ui.add_space(4.0);
        let (label, cmd) = if left { ("»", Command::ToggleLeftPanel) } else { ("«", Command::ToggleRightPanel) };
        // Screen readers (and tests) hear what the arrow does.
        let r = ui.button(label).on_hover_text(tip);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, tip));
        if r.clicked() {
            queue.push(cmd);
        }
    });
}

/// The lines of a merge, hand-out or REFI-QDA report: the summary first, conflicts in red.
fn exchange_lines(ui: &mut Ui, lines: &[String]) {
    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
        for (i, l) in lines.iter().enumerate() {
            if i == 0 {
                ui.label(RichText::new(l).strong());
            } else if l.starts_with("conflict:") {
                ui.colored_label(Color32::from_rgb(180, 30, 30), l);
            } else {
                ui.label(l);
            }
        }
    });
}

/// The small button in a side panel's header that hides it.
fn hide_button(ui: &mut Ui, left: bool, lang: Lang, queue: &mut Vec<Command>) {
    let (label, cmd) = if left { ("«", Command::ToggleLeftPanel) } else { ("»", Command::ToggleRightPanel) };
    if ui.small_button(label).on_hover_text(tr(lang, Key::HidePanel)).clicked() {
        queue.push(cmd);
    }
}

/// A side panel keeps the width it has (its default, or what the user dragged it to): its content
/// fills exactly that and truncates or wraps inside it, so a long label, a count or a button
/// appearing never widens or narrows the panel and re-wraps the transcript.
fn pin_width(ui: &mut Ui) {
    let w = ui.available_width();
    ui.set_min_width(w);
    ui.set_max_width(w);
}

fn coder_banner(ui: &mut Ui, ps: &mut ProjectState, lang: Lang) {
    let hidden = ps.hidden_codings();
    let p = ps.session.project();
    let (text, fill) = match ps.coder_filter {
        CoderFilter::All => {
            let names: Vec<&str> = p.coders.values().map(|c| c.name.as_str()).collect();
            (trf(lang, Key::BannerAll, &[&names.len(), &names.join(", ")]), Color32::from_rgb(222, 235, 250))
        }
        CoderFilter::Mine => {
            (trf(lang, Key::BannerMine, &[&ps.session.coder_name(), &hidden]), Color32::from_rgb(255, 214, 120))
        }
        CoderFilter::One(c) => {
            let name = p.coders.get(&c).map_or("?", |c| c.name.as_str());
            (trf(lang, Key::BannerOne, &[&name, &hidden]), Color32::from_rgb(255, 214, 120))
        }
    };
    egui::Frame::new().fill(fill).inner_margin(egui::Margin::symmetric(8, 4)).corner_radius(4).show(ui, |ui| {
        ui.set_width(ui.available_width());
        // Wrapped: a long banner must not widen the central panel (and the transcript with it).
        ui.add(egui::Label::new(RichText::new(text).color(Color32::from_rgb(30, 30, 30))).wrap());
    });
    ui.add_space(4.0);
}

fn left_panel(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut ps.left_tab, LeftTab::Documents, t(Key::Documents));
        ui.selectable_value(&mut ps.left_tab, LeftTab::Respondents, t(Key::Respondents));
        ui.selectable_value(&mut ps.left_tab, LeftTab::Search, t(Key::Search));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| hide_button(ui, true, lang, queue));
    });
    ui.separator();
    egui::ScrollArea::vertical().id_salt("left-scroll").auto_shrink([false, false]).show(ui, |ui| match ps.left_tab {
        LeftTab::Documents => documents_tab(ui, ps, lang, queue),
        LeftTab::Respondents => respondents_tab(ui, ps, lang, queue),
        LeftTab::Search => search_tab(ui, ps, lang, queue),
    });
}

fn documents_tab(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let p = ps.session.project();
    if p.documents.is_empty() {
        ui.label(RichText::new(t(Key::NoDocuments)).weak());
        if ui.button(t(Key::ImportTranscripts)).clicked() {
            queue.push(Command::ImportFilesDialog);
        }
    }
    for d in p.documents.values() {
        let n = p.codings.values().filter(|k| k.document == d.id).count();
        let speakers: Vec<String> = {
            let mut v: Vec<String> = p
                .turns_of_document(d.id)
                .iter()
                .filter_map(|t| t.case)
                .filter_map(|c| p.cases.get(&c))
                .map(|c| c.label.clone())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let sub = format!("{} · {}", speakers.join(", "), trf(lang, Key::NCodings, &[&n]));
        let r = ui.add(egui::Button::selectable(ps.current_doc == Some(d.id), RichText::new(&d.name).strong()));
        ui.label(RichText::new(sub).weak().small());
        if r.clicked() {
            queue.push(Command::SelectDocument(d.id));
        }
    }
    let Some(doc) = ps.current_doc.filter(|d| p.documents.contains_key(d)) else { return };
    ui.add_space(8.0);
    ui.separator();
    // Speaker -> respondent mapping for this document.
    ui.label(RichText::new(t(Key::Speakers)).strong());
    let mut speakers: Vec<(String, Option<Id>, usize)> = Vec::new();
    for turn in p.turns_of_document(doc) {
        match speakers.iter_mut().find(|s| s.0 == turn.speaker) {
            Some(s) => s.2 += 1,
            None => speakers.push((turn.speaker.clone(), turn.case, 1)),
        }
    }
    if speakers.is_empty() {
        ui.label(RichText::new(t(Key::NoSpeakers)).weak());
    }
    let writable = !ps.session.is_read_only();
    ui.add_enabled_ui(writable, |ui| {
        egui::Grid::new("speakers").num_columns(3).show(ui, |ui| {
            for (sp, case, n) in &speakers {
                let spl = ui.label(RichText::new(format!("{sp}:")).strong()).id;
                ui.label(RichText::new(trf(lang, Key::NTurns, &[n])).weak().small());
                let current =
                    case.and_then(|c| p.cases.get(&c)).map_or_else(|| t(Key::Nobody).to_string(), |c| c.label.clone());
                egui::ComboBox::from_id_salt(("speaker", doc, sp.as_str()))
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(case.is_none(), t(Key::Nobody)).clicked() {
                            queue.push(Command::AssignSpeaker { document: Some(doc), speaker: sp.clone(), case: None });
                        }
                        for c in p.cases.values() {
                            if ui.selectable_label(*case == Some(c.id), &c.label).clicked() {
                                queue.push(Command::AssignSpeaker {
                                    document: Some(doc),
                                    speaker: sp.clone(),
                                    case: Some(c.id),
                                });
                            }
                        }
                    })
                    .response
                    .labelled_by(spl);
                ui.end_row();
            }
        })
    });
    ui.add_space(8.0);
    memo_editor(ui, ps, MemoTarget::Document(doc), t(Key::DocumentMemo), lang, queue);
    ui.add_space(8.0);
    if ui.button(t(Key::DeleteDocument)).clicked() {
        queue.push(Command::DeleteDocumentDialog { document: doc });
    }
}

/// A memo text area with a save button; the memo is one undo step when saved.
fn memo_editor(
    ui: &mut Ui,
    ps: &mut ProjectState,
    target: MemoTarget,
    label: &str,
    lang: Lang,
    queue: &mut Vec<Command>,
) -> egui::Response {
    let stored = ps.session.project().memo_for(target).map(|m| m.text.clone()).unwrap_or_default();
    if ps.session.is_read_only() {
        ui.label(RichText::new(label).strong());
        return ui.label(if stored.is_empty() { RichText::new("—").weak() } else { RichText::new(stored) });
    }
    let text = ps.memo_edit.entry(target).or_insert_with(|| stored.clone());
    let l = ui.label(RichText::new(label).strong());
    let r = ui
        .add(
            egui::TextEdit::multiline(text)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text(tr(lang, Key::MemoHint)),
        )
        .labelled_by(l.id);
    let dirty = *text != stored;
    let save = ui.add_enabled(dirty, egui::Button::new(tr(lang, Key::SaveMemo))).clicked();
    if save || (r.lost_focus() && dirty) {
        queue.push(Command::SetMemo { target, text: text.clone() });
    }
    if !dirty && !r.has_focus() {
        // Follow undo/redo of the stored memo while not editing.
        *text = stored;
    }
    r
}

fn respondents_tab(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let cases: Vec<(Id, String, String)> = {
        let p = ps.session.project();
        p.cases
            .values()
            .map(|c| (c.id, c.label.clone(), c.attributes.values().cloned().collect::<Vec<_>>().join(" · ")))
            .collect()
    };
    for (id, label, attrs) in &cases {
        let r = ui.add(egui::Button::selectable(ps.selected_case == Some(*id), RichText::new(label).strong()));
        if !attrs.is_empty() {
            ui.label(RichText::new(attrs).weak().small());
        }
        if r.clicked() {
            ps.selected_case = Some(*id);
        }
    }
    // Read-only: the respondents and their attributes can be read, not changed.
    let writable = !ps.session.is_read_only();
    ui.add_enabled_ui(writable, |ui| {
        ui.horizontal(|ui| {
            let r = labelled_field(ui, t(Key::NewRespondentLabel), &mut ps.new_respondent, "R1", 70.0);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(t(Key::Add)).clicked() || enter) && !ps.new_respondent.trim().is_empty() {
                queue.push(Command::AddRespondent { label: ps.new_respondent.trim().to_string() });
            }
        });
        ui.separator();
        let Some(case) = ps.selected_case.filter(|c| ps.session.project().cases.contains_key(c)) else {
            ui.label(RichText::new(t(Key::SelectRespondent)).weak());
            return;
        };
        let (label, defs, values) = {
            let p = ps.session.project();
            let c = &p.cases[&case];
            let defs: Vec<(String, AttributeKind)> =
                p.attribute_defs.values().map(|d| (d.name.clone(), d.kind)).collect();
            (c.label.clone(), defs, c.attributes.clone())
        };
        ui.label(RichText::new(trf(lang, Key::AttributesOf, &[&label])).strong());
        egui::Grid::new("attrs").num_columns(2).show(ui, |ui| {
            for (name, kind) in &defs {
                let l = ui.label(format!("{name}:")).on_hover_text(kind.as_str());
                let v = ps
                    .attr_edit
                    .entry((case, name.clone()))
                    .or_insert_with(|| values.get(name).cloned().unwrap_or_default());
                ui.add(egui::TextEdit::singleline(v).desired_width(140.0)).labelled_by(l.id);
                ui.end_row();
            }
        });
        let edited: Vec<(String, String)> = defs
            .iter()
            .filter_map(|(n, _)| ps.attr_edit.get(&(case, n.clone())).map(|v| (n.clone(), v.clone())))
            .filter(|(n, v)| values.get(n).map(String::as_str).unwrap_or("") != v.trim())
            .collect();
        if ui.add_enabled(!edited.is_empty(), egui::Button::new(t(Key::SaveAttributes))).clicked() {
            queue.push(Command::SetAttributes { case, values: edited });
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let l = labelled_field(ui, t(Key::NewAttributeLabel), &mut ps.new_attr, "leeftijd", 90.0);
            egui::ComboBox::from_id_salt("attr-kind")
                .selected_text(ps.new_attr_kind.as_str())
                .width(70.0)
                .show_ui(ui, |ui| {
                    for k in AttributeKind::ALL {
                        ui.selectable_value(&mut ps.new_attr_kind, k, k.as_str());
                    }
                })
                .response
                .on_hover_text(t(Key::AttributeType));
            let _ = l;
            if ui.add_enabled(!ps.new_attr.trim().is_empty(), egui::Button::new(t(Key::AddAttribute))).clicked() {
                queue.push(Command::DefineAttribute { name: ps.new_attr.trim().to_string(), kind: ps.new_attr_kind });
            }
        });
        ui.add_space(6.0);
        memo_editor(ui, ps, MemoTarget::Case(case), t(Key::RespondentMemo), lang, queue);
        ui.add_space(8.0);
        if ui.button(t(Key::DeleteRespondent)).clicked() {
            queue.push(Command::DeleteRespondentDialog { case });
        }
    });
}

fn search_tab(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let mut search = ps.search.clone();
    ui.horizontal(|ui| {
        let r = labelled_field(ui, t(Key::SearchLabel), &mut search, t(Key::SearchHint), 120.0);
        if ps.focus_search {
            r.request_focus();
            ps.focus_search = false;
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(t(Key::Find)).clicked() || enter {
            queue.push(Command::Search { text: search.clone() });
        }
    });
    ps.search = search;
    let p = ps.session.project();
    ui.label(RichText::new(trf(lang, Key::Hits, &[&ps.search_hits.len()])).weak());
    match ps.selected_code.and_then(|c| p.codes.get(&c)) {
        Some(c) => {
            let label = trf(lang, Key::CodeAllHitsWith, &[&c.name]);
            if ui
                .add_enabled(!ps.search_hits.is_empty(), egui::Button::new(t(Key::CodeAllHits)))
                .on_hover_text(&label)
                .clicked()
            {
                queue.push(Command::CodeAllHits { code: c.id });
            }
            ui.label(RichText::new(label).small().weak());
        }
        None => {
            ui.add_enabled(false, egui::Button::new(t(Key::CodeAllHits)));
            ui.label(RichText::new(t(Key::SelectCodeForHits)).small().weak());
        }
    }
    ui.separator();
    for (i, &(doc, s, e)) in ps.search_hits.iter().enumerate().take(500) {
        let Some(d) = p.documents.get(&doc) else { continue };
        let ctx_s = s.saturating_sub(30);
        let text = format!("{}: …{}…", d.name, snippet(&d.text, ctx_s, e + 30, 90));
        if ui
            .add(egui::Button::selectable(false, RichText::new(text).small()).wrap())
            .on_hover_text(slice_chars(&d.text, s, e))
            .clicked()
        {
            queue.push(Command::Jump { document: doc, start: s, end: e });
        }
        let _ = i;
    }
}

fn right_panel(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let writable = !ps.session.is_read_only();
    ui.horizontal(|ui| {
        ui.heading(t(Key::Codes));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            hide_button(ui, false, lang, queue);
            if writable && ui.button("+").on_hover_text(t(Key::NewCode)).clicked() {
                queue.push(Command::NewCodeDialog { parent: None });
            }
        });
    });
    if !writable {
        // Read-only: the tree, counts and details to read; nothing to apply or edit.
        ui.separator();
        code_tree_and_details(ui, ps, lang, queue);
        return;
    }
    // Quick search: type part of a code path, Enter applies the first match to the selection.
    let w = (ui.available_width() - 10.0).clamp(120.0, 320.0);
    let r = labelled_field(ui, t(Key::QuickCodeLabel), &mut ps.quick, t(Key::QuickCodeHint), w);
    if ps.focus_quick {
        r.request_focus();
        ps.focus_quick = false;
    }
    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !ps.quick.trim().is_empty() {
        queue.push(Command::ApplyQuickSearch);
    }
    if !ps.quick.trim().is_empty() {
        let hits = ps.code_matches(&ps.quick);
        let p = ps.session.project();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            for (i, id) in hits.iter().take(8).enumerate() {
                let label = p.code_path_string(*id);
                let text = if i == 0 { format!("{label}  [Enter]") } else { label };
                if ui.selectable_label(false, RichText::new(text).small()).clicked() {
                    queue.push(Command::SelectCode(Some(*id)));
                    queue.push(Command::ApplyCode { code: *id });
                }
            }
            if hits.is_empty() {
                ui.label(RichText::new(t(Key::NoCodeMatches)).weak().small());
            }
        });
    }
    pinned_row(ui, ps, lang, queue);
    ui.separator();
    code_tree_and_details(ui, ps, lang, queue);
}

/// The code tree fills the panel; the details of the selected code or coding sit below it in a
/// resizable part that is there only when something is selected.
fn code_tree_and_details(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let selected = ps.selected_code.is_some_and(|c| ps.session.project().codes.contains_key(&c))
        || ps.selected_coding.is_some_and(|k| ps.session.project().codings.contains_key(&k));
    if selected {
        let h = ui.available_height();
        egui::Panel::bottom("code-details")
            .resizable(true)
            .default_size((h * 0.45).clamp(150.0, 420.0))
            .size_range(90.0..=(h - 80.0).max(100.0))
            .show(ui, |ui| {
                let writable = !ps.session.is_read_only();
                egui::ScrollArea::vertical().id_salt("details-scroll").auto_shrink([false, false]).show(ui, |ui| {
                    ui.add_enabled_ui(writable, |ui| details(ui, ps, lang, queue));
                });
            });
    }
    // What the two numbers after a code mean, once, above the tree.
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(t(Key::CountsLegend)).small()).on_hover_text(t(Key::CountsLegendTip));
        });
    });
    egui::ScrollArea::vertical().id_salt("tree-scroll").auto_shrink([false, false]).show(ui, |ui| {
        let counts = ps.counts.get(&ps.session, ps.coder_filter).clone();
        let p = ps.session.project();
        if p.codes.is_empty() {
            ui.label(RichText::new(t(Key::NoCodes)).weak());
        }
        let has_sel = ps.selection.is_some_and(|s| s.1 < s.2) && !ps.session.is_read_only();
        // "Show in code tree": the code and its parents, to open them and scroll to it.
        let mut reveal = Vec::new();
        let mut at = ps.reveal_code;
        // Kept for a few frames: opening the parents animates, the row settles after that.
        ps.reveal_frames = ps.reveal_frames.saturating_sub(1);
        if ps.reveal_frames == 0 {
            ps.reveal_code = None;
        }
        while let Some(c) = at.and_then(|c| p.codes.get(&c)) {
            reveal.push(c.id);
            at = c.parent;
        }
        let extra = TreeExtra { pinned: &ps.pinned, reveal: &reveal };
        for c in p.children(None) {
            code_node(ui, p, c.id, ps.selected_code, has_sel, &counts, lang, &extra, queue);
        }
    });
}

/// Keys 1-9 and 0 in a row of fixed height: pinning, unpinning or coding never moves the tree.
fn pinned_row(ui: &mut Ui, ps: &ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let p = ps.session.project();
    let chip_h = ui.spacing().interact_size.y;
    let h = ui.text_style_height(&egui::TextStyle::Small) + 2.0 * chip_h + 8.0;
    let w = ui.available_width();
    let (rect, _) = ui.allocate_exact_size(vec2(w, h), Sense::hover());
    let mut child =
        ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(egui::Layout::top_down(egui::Align::Min)));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    child.add(egui::Label::new(RichText::new(t(Key::PinnedLabel)).weak().small()).truncate());
    child.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 3.0);
        let name = |id: Id| p.codes.get(&id).map(|c| elide_name(&c.name, 16));
        for (i, slot) in ps.pinned.iter().enumerate() {
            let Some(id) = *slot else { continue };
            let Some(label) = name(id) else { continue };
            let color = p.codes.get(&id).map_or(Color32::GRAY, |c| parse_color(&c.color));
            let r = ui
                .add(
                    egui::Button::new(RichText::new(format!("{} {label}", i + 1)).small())
                        .stroke(egui::Stroke::new(1.5, color)),
                )
                .on_hover_text(p.code_path_string(id));
            if r.clicked() {
                queue.push(Command::SelectCode(Some(id)));
                queue.push(Command::ApplyCode { code: id });
            }
            r.context_menu(|ui| {
                if ui.button(t(Key::Unpin)).clicked() {
                    queue.push(Command::PinCode { slot: i, code: None });
                    ui.close();
                }
            });
        }
        match ps.last_code.and_then(|c| name(c).map(|n| (c, n))) {
            Some((id, label)) => {
                let r = ui.add(egui::Button::new(RichText::new(trf(lang, Key::LastCode, &[&label])).small().italics()));
                if r.on_hover_text(format!("{} — {}", t(Key::RepeatLastCode), p.code_path_string(id))).clicked() {
                    queue.push(Command::SelectCode(Some(id)));
                    queue.push(Command::ApplyCode { code: id });
                }
            }
            None => {
                ui.add_enabled(false, egui::Button::new(RichText::new("0 —").small()))
                    .on_disabled_hover_text(t(Key::NoLastCode));
            }
        }
    });
}

fn elide_name(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

/// The "Pin to key" submenu of a code.
fn pin_menu(ui: &mut Ui, p: &Project, pinned: &[Option<Id>; 9], code: Id, lang: Lang, queue: &mut Vec<Command>) {
    ui.menu_button(tr(lang, Key::PinTo), |ui| {
        for (i, slot) in pinned.iter().enumerate() {
            let now = slot.and_then(|c| p.codes.get(&c)).map_or("—".to_string(), |c| c.name.clone());
            if ui.selectable_label(*slot == Some(code), format!("{}   {now}", i + 1)).clicked() {
                queue.push(Command::PinCode { slot: i, code: Some(code) });
                ui.close();
            }
        }
        if let Some(i) = pinned.iter().position(|s| *s == Some(code)) {
            ui.separator();
            if ui.button(tr(lang, Key::Unpin)).clicked() {
                queue.push(Command::PinCode { slot: i, code: None });
                ui.close();
            }
        }
    });
}

/// What the tree needs besides the project: the pinned keys and the code to reveal (with its
/// parents).
struct TreeExtra<'a> {
    pinned: &'a [Option<Id>; 9],
    reveal: &'a [Id],
}

#[allow(clippy::too_many_arguments)]
fn code_node(
    ui: &mut Ui,
    p: &Project,
    id: Id,
    selected: Option<Id>,
    has_selection: bool,
    counts: &std::collections::HashMap<Id, (usize, usize, usize)>,
    lang: Lang,
    extra: &TreeExtra,
    queue: &mut Vec<Command>,
) {
    let Some(c) = p.codes.get(&id) else { return };
    let children = p.children(Some(id));
    let state_id = ui.make_persistent_id(("code", id));
    let row = |ui: &mut Ui, queue: &mut Vec<Command>| {
        swatch(ui, parse_color(&c.color), 11.0);
        let (n, r, _) = counts.get(&id).copied().unwrap_or_default();
        let name = if c.kind == crate::core::model::CodeKind::Code {
            RichText::new(&c.name)
        } else {
            RichText::new(&c.name).strong()
        };
        // Long names are cut to the panel width (full path on hover), leaving room for the counts.
        let room = (ui.available_width() - if n > 0 { 44.0 } else { 4.0 }).max(40.0);
        let resp = ui
            .scope(|ui| {
                ui.set_max_width(room);
                ui.add(egui::Button::selectable(selected == Some(id), name).truncate().sense(Sense::click_and_drag()))
            })
            .inner;
        let resp = resp.on_hover_text(if c.description.is_empty() {
            p.code_path_string(id)
        } else {
            format!("{}\n\n{}", p.code_path_string(id), c.description)
        });
        if resp.drag_started() {
            resp.dnd_set_drag_payload(CodeDrag(id));
        }
        if extra.reveal.first() == Some(&id) {
            resp.scroll_to_me(Some(egui::Align::Center));
        }
        if resp.clicked() {
            queue.push(Command::SelectCode(Some(id)));
            if has_selection {
                queue.push(Command::ApplyCode { code: id });
            }
        }
        // Drop another code here: move it under this one.
        if let Some(dragged) = resp.dnd_release_payload::<CodeDrag>()
            && dragged.0 != id
        {
            let index = children.len();
            queue.push(Command::MoveCode { code: dragged.0, parent: Some(id), index });
        }
        if resp.dnd_hover_payload::<CodeDrag>().is_some_and(|d| d.0 != id) {
            ui.painter().rect_stroke(
                resp.rect,
                3.0,
                egui::Stroke::new(1.5, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Outside,
            );
        }
        resp.context_menu(|ui| {
            let t = |k| tr(lang, k);
            let mut it = |ui: &mut Ui, k: Key, cmd: Command| {
                if ui.button(t(k)).clicked() {
                    queue.push(Command::SelectCode(Some(id)));
                    queue.push(cmd);
                    ui.close();
                }
            };
            it(ui, Key::NewChildCode, Command::NewCodeDialog { parent: Some(id) });
            it(ui, Key::NewSiblingCode, Command::NewCodeDialog { parent: c.parent });
            it(ui, Key::RenameCode, Command::RenameCodeDialog);
            it(ui, Key::MergeCode, Command::MergeCodeDialog);
            it(ui, Key::DeleteCode, Command::DeleteCodeDialog);
            if c.parent.is_some() {
                it(ui, Key::MoveToTop, Command::MoveCode { code: id, parent: None, index: usize::MAX });
            }
            if c.codable {
                ui.separator();
                pin_menu(ui, p, extra.pinned, id, lang, queue);
            }
        });
        if n > 0 {
            // Readable, not faint: these numbers go into the thesis.
            ui.label(RichText::new(format!("{n} · {r}")).small().color(ui.visuals().text_color())).on_hover_text(trf(
                lang,
                Key::CountsTip,
                &[&n, &r],
            ));
        }
    };
    if children.is_empty() {
        ui.horizontal(|ui| {
            ui.add_space(ui.spacing().indent);
            row(ui, queue);
        });
    } else {
        let mut state =
            egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), state_id, p.depth(id) < 2);
        if extra.reveal.get(1..).is_some_and(|r| r.contains(&id)) {
            state.set_open(true);
        }
        state.show_header(ui, |ui| row(ui, queue)).body(|ui| {
            for ch in &children {
                code_node(ui, p, ch.id, selected, has_selection, counts, lang, extra, queue);
            }
        });
    }
}

fn details(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    // The selected coding first: it is what the user just clicked in the text.
    if let Some(k) = ps.selected_coding.and_then(|k| ps.session.project().codings.get(&k)).cloned() {
        let p = ps.session.project();
        ui.label(RichText::new(t(Key::SelectedCoding)).strong());
        ui.horizontal_wrapped(|ui| {
            swatch(ui, p.codes.get(&k.code).map_or(Color32::GRAY, |c| parse_color(&c.color)), 10.0);
            ui.label(p.code_path_string(k.code));
        });
        let coder = p.coders.get(&k.coder).map_or("?", |c| c.name.as_str());
        let case = p.coding_case(&k).and_then(|c| p.cases.get(&c)).map_or("—", |c| c.label.as_str());
        ui.label(
            RichText::new(format!(
                "{} · {} · {}",
                trf(lang, Key::CodedBy, &[&coder]),
                case,
                trf(lang, Key::CharsRange, &[&k.start, &k.end])
            ))
            .weak()
            .small(),
        );
        ui.horizontal(|ui| {
            if ui.button(t(Key::RemoveCoding)).clicked() {
                queue.push(Command::RemoveCoding);
            }
            // Truncated: a long code name must not widen the panel and re-wrap the transcript.
            if let Some(code) = ps.selected_code.filter(|c| *c != k.code)
                && let Some(c) = p.codes.get(&code)
                && ui
                    .add(egui::Button::new(trf(lang, Key::RecodeAs, &[&c.name])).truncate())
                    .on_hover_text(p.code_path_string(code))
                    .clicked()
            {
                queue.push(Command::Recode { coding: k.id, code });
            }
        });
        let r = memo_editor(ui, ps, MemoTarget::Coding(k.id), t(Key::CodingMemo), lang, queue);
        if std::mem::take(&mut ps.focus_coding_memo) {
            r.request_focus();
            r.scroll_to_me(None);
        }
        ui.separator();
    }
    let Some(code) = ps.selected_code.filter(|c| ps.session.project().codes.contains_key(c)) else {
        ui.label(RichText::new(t(Key::SelectCodeHint)).weak());
        return;
    };
    let c = ps.session.project().codes[&code].clone();
    ui.label(RichText::new(ps.session.project().code_path_string(code)).strong());
    ui.horizontal_wrapped(|ui| {
        ui.label(t(Key::Colour));
        for hex in PALETTE {
            let col = parse_color(hex);
            let r = swatch(ui, col, 14.0).interact(Sense::click()).on_hover_text(hex);
            if c.color.eq_ignore_ascii_case(hex) {
                ui.painter().rect_stroke(
                    r.rect,
                    3.0,
                    egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Outside,
                );
            }
            if r.clicked() {
                queue.push(Command::SetCodeColor { code, color: hex.to_string() });
            }
        }
        let mut rgb = parse_color(&c.color);
        let r = egui::color_picker::color_edit_button_srgba(ui, &mut rgb, egui::color_picker::Alpha::Opaque)
            .on_hover_text(t(Key::CustomColour));
        // Commit once when the picker closes, not on every drag step.
        let picked = format!("#{:02x}{:02x}{:02x}", rgb.r(), rgb.g(), rgb.b());
        let pending_id = egui::Id::unique(("picked-colour", code));
        if r.changed() {
            ui.data_mut(|d| d.insert_temp(pending_id, picked));
        } else if !egui::Popup::is_id_open(ui.ctx(), r.id.with("popup"))
            && let Some(p) = ui.data_mut(|d| d.remove_temp::<String>(pending_id))
        {
            queue.push(Command::SetCodeColor { code, color: p });
        }
    });
    let desc = ps.code_desc_edit.get_or_insert_with(|| (code, c.description.clone()));
    if desc.0 != code {
        *desc = (code, c.description.clone());
    }
    let l = ui.label(t(Key::DescriptionLabel));
    let r =
        ui.add(egui::TextEdit::multiline(&mut desc.1).desired_rows(2).desired_width(f32::INFINITY)).labelled_by(l.id);
    let dirty = desc.1 != c.description;
    let save = ui.add_enabled(dirty, egui::Button::new(t(Key::SaveDescription))).clicked() || r.lost_focus();
    if save && dirty {
        queue.push(Command::SetCodeDescription { code, text: desc.1.clone() });
    } else if !dirty && !r.has_focus() {
        desc.1 = c.description.clone();
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button(t(Key::NewChildCode)).clicked() {
            queue.push(Command::NewCodeDialog { parent: Some(code) });
        }
        if ui.button(t(Key::RenameCode)).clicked() {
            queue.push(Command::RenameCodeDialog);
        }
        if ui.button(t(Key::MergeCode)).clicked() {
            queue.push(Command::MergeCodeDialog);
        }
        if ui.button(t(Key::DeleteCode)).clicked() {
            queue.push(Command::DeleteCodeDialog);
        }
    });
    memo_editor(ui, ps, MemoTarget::Code(code), t(Key::CodeMemo), lang, queue);
}

/// All coded segments of the selected code and the codes below it.
fn retrieval(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let p = ps.session.project();
    let Some(code) = ps.selected_code.filter(|c| p.codes.contains_key(c)) else {
        ui.label(RichText::new(tr(lang, Key::RetrievalHint)).weak());
        return;
    };
    // Found once per (revision, filter, code), not by scanning all codings every frame.
    let key = (ps.session.revision(), ps.coder_filter, code);
    if ps.segments.as_ref().is_none_or(|s| s.0 != key) {
        let subtree: std::collections::HashSet<Id> = p.subtree(code).into_iter().collect();
        let me = ps.session.coder();
        let mut segs: Vec<&crate::core::model::Coding> = p
            .codings
            .values()
            .filter(|k| subtree.contains(&k.code) && transcript::visible_coding(p, ps.coder_filter, me, k.coder))
            .collect();
        segs.sort_by_key(|k| (k.document, k.start));
        ps.segments = Some((key, segs.into_iter().map(|k| k.id).collect()));
    }
    let segs: Vec<&crate::core::model::Coding> =
        ps.segments.as_ref().map_or(&[][..], |s| &s.1[..]).iter().filter_map(|k| p.codings.get(k)).collect();
    ui.horizontal(|ui| {
        ui.label(RichText::new(trf(lang, Key::Segments, &[&p.code_path_string(code), &segs.len()])).strong());
    });
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical().id_salt("retrieval-scroll").auto_shrink([false, false]).show_rows(
        ui,
        row_h,
        segs.len(),
        |ui, range| {
            for k in &segs[range] {
                let d = &p.documents[&k.document];
                let case = p.coding_case(k).and_then(|c| p.cases.get(&c)).map_or("—", |c| c.label.as_str());
                ui.horizontal(|ui| {
                    swatch(ui, p.codes.get(&k.code).map_or(Color32::GRAY, |c| parse_color(&c.color)), 9.0);
                    let text = format!("{case} · {} — {}", d.name, snippet(&d.text, k.start, k.end, 160));
                    let r = ui.add(egui::Button::selectable(ps.selected_coding == Some(k.id), text).truncate());
                    if r.clicked() {
                        queue.push(Command::Jump { document: k.document, start: k.start, end: k.end });
                    }
                    r.on_hover_ui(|ui| transcript::coding_tooltip(ui, p, lang, &[k.id]));
                });
            }
        },
    );
}
