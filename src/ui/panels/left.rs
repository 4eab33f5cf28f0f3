//! The left panel: documents (with memos), respondents and search tabs.

use super::*;

pub(super) fn left_panel(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
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

pub(super) fn documents_tab(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let p = ps.session.project();
    if p.documents.is_empty() {
        ui.label(RichText::new(t(Key::NoDocuments)).weak());
        if ui.button(t(Key::ImportTranscripts)).clicked() {
            queue.push(Command::ImportFilesDialog);
        }
    }
    // Counted once per document change (view model), not per frame.
    ps.view.refresh(&ps.session, ps.coder_filter);
    for d in ps.view.documents() {
        let sub = format!("{} · {}", d.speakers.join(", "), trf(lang, Key::NCodings, &[&d.codings]));
        let shown = crate::ui::bidi::label(ui, &d.name, egui::TextStyle::Button, true);
        let on = ps.current_doc == Some(d.id);
        let r =
            crate::ui::bidi::name(ui.add(egui::Button::selectable(on, shown)), egui::Role::Button, &d.name, Some(on));
        let shown = crate::ui::bidi::weak(ui, &sub, egui::TextStyle::Small);
        crate::ui::bidi::name(ui.label(shown), egui::Role::Label, &sub, None);
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
            None => speakers.push((turn.speaker.to_string(), turn.case, 1)),
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
                            queue.push(Command::Edit(EditCommand::AssignSpeaker {
                                document: Some(doc),
                                speaker: sp.clone(),
                                case: None,
                            }));
                        }
                        for c in p.cases.values() {
                            if ui.selectable_label(*case == Some(c.id), &c.label).clicked() {
                                queue.push(Command::Edit(EditCommand::AssignSpeaker {
                                    document: Some(doc),
                                    speaker: sp.clone(),
                                    case: Some(c.id),
                                }));
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
pub(super) fn memo_editor(
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
        if stored.is_empty() {
            return ui.label(RichText::new("—").weak());
        }
        let width = ui.available_width();
        let shown = crate::ui::bidi::paragraph(ui, &stored, egui::TextStyle::Body, width);
        return crate::ui::bidi::name(ui.label(shown), egui::Role::Label, &stored, None);
    }
    let text = ps.memo_edit.entry(target).or_insert_with(|| stored.clone());
    let l = ui.label(RichText::new(label).strong());
    // Arabic or Hebrew memos read right to left while not being edited (see `ui::bidi`).
    let hint = tr(lang, Key::MemoHint);
    let r = crate::ui::bidi::text_field(ui, super::super::memo_field_id(target), text, |e| {
        e.desired_rows(3).desired_width(f32::INFINITY).hint_text(hint)
    })
    .labelled_by(l.id);
    let dirty = *text != stored;
    let save = ui.add_enabled(dirty, egui::Button::new(tr(lang, Key::SaveMemo))).clicked();
    if save || (r.lost_focus() && dirty) {
        queue.push(Command::Edit(EditCommand::SetMemo { target, text: text.clone(), author: ps.session.coder() }));
    }
    if !dirty && !r.has_focus() {
        // Follow undo/redo of the stored memo while not editing.
        *text = stored;
    }
    r
}

pub(super) fn respondents_tab(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let cases: Vec<(Id, String, String)> = {
        let p = ps.session.project();
        p.cases
            .values()
            .map(|c| (c.id, c.label.clone(), c.attributes.values().cloned().collect::<Vec<_>>().join(" · ")))
            .collect()
    };
    // A survey brings dozens of respondents: the list scrolls on its own so the selected
    // respondent's attributes stay in view below it.
    egui::ScrollArea::vertical().id_salt("respondent-list").max_height(240.0).auto_shrink([false, true]).show(
        ui,
        |ui| {
            for (id, label, attrs) in &cases {
                let r = ui.add(egui::Button::selectable(ps.selected_case == Some(*id), RichText::new(label).strong()));
                if !attrs.is_empty() {
                    ui.label(RichText::new(attrs).weak().small());
                }
                if r.clicked() {
                    ps.selected_case = Some(*id);
                }
            }
        },
    );
    // Read-only: the respondents and their attributes can be read, not changed.
    let writable = !ps.session.is_read_only();
    ui.add_enabled_ui(writable, |ui| {
        ui.horizontal(|ui| {
            let r = labelled_field(ui, t(Key::NewRespondentLabel), &mut ps.new_respondent, "R1", 70.0);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(t(Key::Add)).clicked() || enter) && !ps.new_respondent.trim().is_empty() {
                queue.push(Command::Edit(EditCommand::AddRespondent { label: ps.new_respondent.trim().to_string() }));
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
        egui::Grid::new("attrs").num_columns(3).show(ui, |ui| {
            for (name, kind) in &defs {
                let l = ui.label(format!("{name}:")).on_hover_text(kind.as_str());
                let v = ps
                    .attr_edit
                    .entry((case, name.clone()))
                    .or_insert_with(|| values.get(name).cloned().unwrap_or_default());
                ui.add(egui::TextEdit::singleline(v).desired_width(140.0)).labelled_by(l.id);
                // The kind inferred at import, changeable (refused with a message when a
                // respondent's value does not fit); filters and group tables compare by it.
                let mut chosen = *kind;
                let r = egui::ComboBox::from_id_salt(("attr-kind", name.as_str()))
                    .selected_text(kind.as_str())
                    .width(70.0)
                    .show_ui(ui, |ui| {
                        for k in AttributeKind::ALL {
                            ui.selectable_value(&mut chosen, k, k.as_str());
                        }
                    })
                    .response
                    .on_hover_text(t(Key::AttributeType));
                name_combo(&r, trf(lang, Key::KindOf, &[name]), kind.as_str());
                if chosen != *kind {
                    queue.push(Command::Edit(EditCommand::DefineAttribute { name: name.clone(), kind: chosen }));
                }
                ui.end_row();
            }
        });
        let edited: Vec<(String, String)> = defs
            .iter()
            .filter_map(|(n, _)| ps.attr_edit.get(&(case, n.clone())).map(|v| (n.clone(), v.clone())))
            .filter(|(n, v)| values.get(n).map(String::as_str).unwrap_or("") != v.trim())
            .collect();
        if ui.add_enabled(!edited.is_empty(), egui::Button::new(t(Key::SaveAttributes))).clicked() {
            queue.push(Command::Edit(EditCommand::SetAttributes { case, values: edited }));
        }
        ui.add_space(6.0);
        let recorded = ps.session.project().cases[&case].aliases.join(", ");
        ui.horizontal(|ui| {
            let l = ui.label(t(Key::RealNames)).on_hover_text(t(Key::RealNamesHint));
            // Kept only once typed in, so an undo shows the names recorded now.
            let mut v = ps.alias_edit.get(&case).cloned().unwrap_or_else(|| recorded.clone());
            let r = ui.add(egui::TextEdit::singleline(&mut v).desired_width(180.0).hint_text("Marieke Jansen"));
            if r.labelled_by(l.id).changed() {
                ps.alias_edit.insert(case, v.clone());
            }
            let changed = v.trim() != recorded;
            if ui.add_enabled(changed, egui::Button::new(t(Key::SaveRealNames))).clicked() {
                let aliases = v.split(',').map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
                queue.push(Command::Edit(EditCommand::SetAliases { case, aliases }));
            }
        });
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
                queue.push(Command::Edit(EditCommand::DefineAttribute {
                    name: ps.new_attr.trim().to_string(),
                    kind: ps.new_attr_kind,
                }));
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

pub(super) fn search_tab(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
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
                .on_hover_ui(|ui| {
                    crate::ui::bidi::show(ui, &label, egui::TextStyle::Body, false);
                })
                .clicked()
            {
                queue.push(Command::CodeAllHits { code: c.id });
            }
            let shown = crate::ui::bidi::weak(ui, &label, egui::TextStyle::Small);
            crate::ui::bidi::name(ui.label(shown), egui::Role::Label, &label, None);
        }
        None => {
            ui.add_enabled(false, egui::Button::new(t(Key::CodeAllHits)));
            ui.label(RichText::new(t(Key::SelectCodeForHits)).small().weak());
        }
    }
    ui.separator();
    for (i, &DocSpan { document: doc, span: Span { start: s, end: e } }) in ps.search_hits.iter().enumerate().take(500)
    {
        let Some(d) = p.documents.get(&doc) else { continue };
        let ctx_s = s.saturating_sub(30);
        let text = format!("{}: …{}…", d.name, snippet(p, doc, ctx_s, e + 30, 90));
        // Arabic or Hebrew hits read right to left, wrapped like the transcript.
        let width = ui.available_width() - 2.0 * ui.spacing().button_padding.x;
        let shown = crate::ui::bidi::paragraph(ui, &text, egui::TextStyle::Small, width);
        let r = ui.add(egui::Button::selectable(false, shown).wrap());
        let r = crate::ui::bidi::name(r, egui::Role::Button, &text, Some(false));
        if crate::ui::bidi::on_hover(r, p.passage(doc, s, e)).clicked() {
            queue.push(Command::Jump { document: doc, start: s, end: e });
        }
        let _ = i;
    }
}
