//! The modal dialogs (import preview, merge, REFI-QDA, delete, backups, ...), drawn from
//! [`Dialog`] state; like the rest of the panels they only push commands.

use super::*;

pub(super) const IMPORT_DIALOG_W: f32 = 880.0;
/// The "why" column; the full reason shows on hover.
pub(super) const WHY_W: f32 = 230.0;

/// The import preview's table for one transcript: per speaker its tag, turns, role (changeable),
/// why that role was proposed, and the respondent its turns will belong to (changeable).
pub(super) fn speaker_table(ui: &mut Ui, lang: Lang, p: &Project, file: usize, plan: &mut crate::workflow::ImportPlan) {
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
                RoleSource::Evidence(w) => (trf(lang, Key::WhyGuess, &[&w.say(lang)]), true),
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

impl WerkbankApp {
    pub(in crate::ui) fn dialog_ui(&mut self, ctx: &egui::Context) {
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        let Some(dialog) = self.dialog.as_mut() else { return };
        let (project, mut view) = match self.project.as_mut() {
            Some(ps) => (Some(ps.session.project()), Some((&mut ps.view, &ps.session, ps.coder_filter))),
            None => (None, None),
        };
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
                            cmd = Some(Command::Edit(EditCommand::CreateCode {
                                parent: *parent,
                                name: name.trim().to_string(),
                            }));
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
                            cmd = Some(Command::Edit(EditCommand::RenameCode {
                                code: *code,
                                name: name.trim().to_string(),
                            }));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ImportPreview { files, speakers_as_respondents, allow_duplicates } => {
                    let Some(p) = project else { return };
                    // Fixed widths, so the dialog does not move while its table settles.
                    ui.set_width(IMPORT_DIALOG_W);
                    ui.heading(t(Key::ImportPreviewTitle));
                    ui.label(RichText::new(t(Key::ImportPreviewExplain)).weak());
                    if ui.checkbox(speakers_as_respondents, t(Key::SpeakersAsRespondents)).changed() {
                        for plan in files.iter_mut().filter_map(|(_, r)| r.as_mut().ok()) {
                            crate::ui::backend::replan(p, plan, *speakers_as_respondents);
                        }
                    }
                    let max_h = (ui.ctx().content_rect().height() - 260.0).max(200.0);
                    egui::ScrollArea::vertical().max_height(max_h).show(ui, |ui| {
                        for (fi, (file, r)) in files.iter_mut().enumerate() {
                            ui.add_space(4.0);
                            ui.label(RichText::new(file.as_str()).strong());
                            match r {
                                Err(reason) if reason.is_failure() => {
                                    ui.colored_label(Color32::from_rgb(180, 30, 30), reason.say(lang));
                                }
                                Err(reason) => {
                                    ui.label(RichText::new(trf(lang, Key::SkippedFile, &[&reason.say(lang)])).weak());
                                }
                                Ok(plan) if plan.duplicate_of.is_some() && !*allow_duplicates => {
                                    let of = plan.duplicate_of.as_deref().unwrap_or_default();
                                    ui.colored_label(
                                        Color32::from_rgb(150, 90, 0),
                                        trf(lang, Key::DuplicateNotImported, &[&of]),
                                    );
                                }
                                Ok(plan) if plan.speakers.is_empty() => {
                                    ui.label(t(Key::NoSpeakersFound));
                                }
                                Ok(plan) => speaker_table(ui, lang, p, fi, plan),
                            }
                        }
                    });
                    if files.iter().any(|(_, r)| r.as_ref().is_ok_and(|p| p.duplicate_of.is_some())) {
                        ui.checkbox(allow_duplicates, t(Key::ImportDuplicatesAnyway));
                    }
                    ui.horizontal(|ui| {
                        if ui.button(t(Key::ImportNow)).clicked() {
                            let plans: Vec<_> = files
                                .iter()
                                .filter_map(|(_, r)| r.as_ref().ok())
                                .filter(|p| *allow_duplicates || p.duplicate_of.is_none())
                                .cloned()
                                .collect();
                            let skipped = files.len() - plans.len();
                            cmd = Some(Command::ImportPlans { plans, skipped });
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ExchangePreview { action, lines } => {
                    let (title, go) = match action {
                        crate::ui::Exchange::Merge(_) => (Key::MergeProjectMenu, Key::MergeNow),
                        crate::ui::Exchange::ImportRefi(_) => (Key::ImportRefiMenu, Key::ImportNow),
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
                    crate::ui::bidi::show(
                        ui,
                        &trf(lang, Key::MergeInto, &[&p.code_path_string(*source)]),
                        egui::TextStyle::Heading,
                        false,
                    );
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
                                && crate::ui::bidi::selectable(
                                    ui,
                                    *target == Some(c.id),
                                    &path,
                                    egui::TextStyle::Button,
                                )
                                .clicked()
                            {
                                *target = Some(c.id);
                            }
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.add_enabled(target.is_some(), egui::Button::new(t(Key::Merge))).clicked() {
                            cmd = target.map(|t| Command::Edit(EditCommand::MergeCodes { source: *source, target: t }));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::DeleteCode { code, move_to } => {
                    let (Some(p), Some((vm, session, filter))) = (project, view.as_mut()) else { return };
                    // From the index's tallies, once per revision: not a scan of all codings.
                    let impact = vm.delete_impact(session, *filter, *code);
                    let n = impact.codings;
                    crate::ui::bidi::show(
                        ui,
                        &trf(lang, Key::DeleteTitle, &[&p.code_path_string(*code)]),
                        egui::TextStyle::Heading,
                        false,
                    );
                    ui.label(trf(lang, Key::DeleteExplain, &[&impact.subcodes, &n, &impact.respondents]));
                    if n > 0 {
                        ui.add_space(6.0);
                        let ml = ui.label(t(Key::DeleteMoveTo)).id;
                        egui::ComboBox::from_id_salt("move-to")
                            .width(300.0)
                            .selected_text(crate::ui::bidi::label(
                                ui,
                                &move_to
                                    .map_or_else(|| t(Key::DeleteCodingsToo).to_string(), |m| p.code_path_string(m)),
                                egui::TextStyle::Button,
                                false,
                            ))
                            .show_ui(ui, |ui| {
                                ui.selectable_value(move_to, None, t(Key::DeleteCodingsToo));
                                let subtree: std::collections::HashSet<Id> = vm.subtree(*code).into_iter().collect();
                                for c in p.codes.values().filter(|c| !subtree.contains(&c.id)) {
                                    crate::ui::bidi::selectable_value(
                                        ui,
                                        move_to,
                                        Some(c.id),
                                        &p.code_path_string(c.id),
                                    );
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
                            cmd = Some(Command::Edit(EditCommand::DeleteCode { code: *code, on_codings: on }));
                        }
                        if ui.button(t(Key::Cancel)).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Withdraw { subject, purge_backups, removal, backups } => {
                    use crate::withdrawal::Subject;
                    let title = match &*subject {
                        Subject::Document { name, .. } => trf(lang, Key::DeleteDocumentTitle, &[name]),
                        Subject::Respondent { label } => trf(lang, Key::DeleteRespondentTitle, &[label]),
                    };
                    ui.heading(title);
                    ui.label(trf(lang, Key::WithdrawExplain, &[&*removal]));
                    if *backups > 0 {
                        ui.checkbox(purge_backups, trf(lang, Key::AlsoFromBackups, &[&*backups]));
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

/// The lines of a merge, hand-out or REFI-QDA report: the summary first, conflicts in red.
pub(super) fn exchange_lines(ui: &mut Ui, lines: &[String]) {
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
