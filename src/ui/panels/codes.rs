//! The right panel: pinned codes, the code tree with its counts, and the details of the
//! selected code.

use super::*;

pub(super) fn right_panel(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
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
                if crate::ui::bidi::selectable(ui, false, &text, egui::TextStyle::Small).clicked() {
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
pub(super) fn code_tree_and_details(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
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
        ps.view.refresh(&ps.session, ps.coder_filter);
        let (p, vm) = (ps.session.project(), &ps.view);
        if p.codes.is_empty() {
            ui.label(RichText::new(t(Key::NoCodes)).weak());
        }
        let has_sel = ps.selection.is_some_and(|s| !s.span.is_empty()) && !ps.session.is_read_only();
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
        let extra = TreeExtra { pinned: &ps.pinned, reveal: &reveal, writable: !ps.session.is_read_only() };
        for &c in vm.children(None) {
            code_node(ui, p, c, ps.selected_code, has_sel, vm, lang, &extra, queue);
        }
    });
}

/// Keys 1-9 and 0 in a row of fixed height: pinning, unpinning or coding never moves the tree.
pub(super) fn pinned_row(ui: &mut Ui, ps: &ProjectState, lang: Lang, queue: &mut Vec<Command>) {
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
            let color = p.codes.get(&id).map_or(Color32::GRAY, |c| egui_color(c.color));
            let chip = format!("{} {label}", i + 1);
            let shown = crate::ui::bidi::label(ui, &chip, egui::TextStyle::Small, false);
            let r = ui.add(egui::Button::new(shown).stroke(egui::Stroke::new(1.5, color)));
            let r = crate::ui::bidi::name(r, egui::Role::Button, &chip, None);
            let r = crate::ui::bidi::on_hover(r, &p.code_path_string(id));
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
                let last = trf(lang, Key::LastCode, &[&label]);
                let r = if crate::ui::bidi::needed(&last) {
                    let shown = crate::ui::bidi::label(ui, &last, egui::TextStyle::Small, false);
                    crate::ui::bidi::name(ui.add(egui::Button::new(shown)), egui::Role::Button, &last, None)
                } else {
                    ui.add(egui::Button::new(RichText::new(last).small().italics()))
                };
                let tip = format!("{} — {}", t(Key::RepeatLastCode), p.code_path_string(id));
                if crate::ui::bidi::on_hover(r, &tip).clicked() {
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

pub(super) fn elide_name(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

/// The "Pin to key" submenu of a code.
pub(super) fn pin_menu(
    ui: &mut Ui,
    p: &Project,
    pinned: &[Option<Id>; 9],
    code: Id,
    lang: Lang,
    queue: &mut Vec<Command>,
) {
    ui.menu_button(tr(lang, Key::PinTo), |ui| {
        for (i, slot) in pinned.iter().enumerate() {
            let now = slot.and_then(|c| p.codes.get(&c)).map_or("—".to_string(), |c| c.name.clone());
            let item = format!("{}   {now}", i + 1);
            if crate::ui::bidi::selectable(ui, *slot == Some(code), &item, egui::TextStyle::Button).clicked() {
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
pub(super) struct TreeExtra<'a> {
    pinned: &'a [Option<Id>; 9],
    reveal: &'a [Id],
    /// False for a read-only project: no dragging, no edit items in the menu.
    writable: bool,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn code_node(
    ui: &mut Ui,
    p: &Project,
    id: Id,
    selected: Option<Id>,
    has_selection: bool,
    vm: &super::super::view_model::ViewModel,
    lang: Lang,
    extra: &TreeExtra,
    queue: &mut Vec<Command>,
) {
    let Some(c) = p.codes.get(&id) else { return };
    let children = vm.children(Some(id));
    let state_id = ui.make_persistent_id(("code", id));
    let row = |ui: &mut Ui, queue: &mut Vec<Command>| {
        swatch(ui, egui_color(c.color), 11.0);
        let count = vm.tree_count(id);
        let (n, r) = (count.total, count.respondents);
        // Arabic or Hebrew names right to left, letters joined (see `ui::bidi`).
        let name =
            crate::ui::bidi::label(ui, &c.name, egui::TextStyle::Button, c.kind != crate::core::model::CodeKind::Code);
        // Long names are cut to the panel width (full path on hover), leaving room for the counts.
        let room = (ui.available_width() - if n > 0 { 44.0 } else { 4.0 }).max(40.0);
        let resp = ui
            .scope(|ui| {
                ui.set_max_width(room);
                let sense = if extra.writable { Sense::click_and_drag() } else { Sense::click() };
                ui.add(egui::Button::selectable(selected == Some(id), name).truncate().sense(sense))
            })
            .inner;
        if crate::ui::bidi::needed(&c.name) {
            // Screen readers get the name as written, not the drawn (visual) order.
            let on = selected == Some(id);
            resp.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, c.name.as_str()));
        }
        let tip = if c.description.is_empty() {
            p.code_path_string(id)
        } else {
            format!("{}\n\n{}", p.code_path_string(id), c.description)
        };
        let resp = crate::ui::bidi::on_hover(resp, &tip);
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
            && extra.writable
        {
            let index = children.len();
            queue.push(Command::Edit(EditCommand::MoveCode { code: dragged.0, parent: Some(id), index }));
        }
        if resp.dnd_hover_payload::<CodeDrag>().is_some_and(|d| d.0 != id) {
            ui.painter().rect_stroke(
                resp.rect,
                3.0,
                egui::Stroke::new(1.5, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Outside,
            );
        }
        // Read-only: nothing to create, rename, merge, move, delete or pin.
        let menu = if extra.writable { Some(resp.clone()) } else { None };
        menu.map(|resp| {
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
                    it(
                        ui,
                        Key::MoveToTop,
                        Command::Edit(EditCommand::MoveCode { code: id, parent: None, index: usize::MAX }),
                    );
                }
                if c.codable {
                    ui.separator();
                    pin_menu(ui, p, extra.pinned, id, lang, queue);
                }
            })
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
            for &ch in children {
                code_node(ui, p, ch, selected, has_selection, vm, lang, extra, queue);
            }
        });
    }
}

pub(super) fn details(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    // The selected coding first: it is what the user just clicked in the text.
    if let Some(k) = ps.selected_coding.and_then(|k| ps.session.project().codings.get(&k)).cloned() {
        let p = ps.session.project();
        ui.label(RichText::new(t(Key::SelectedCoding)).strong());
        ui.horizontal_wrapped(|ui| {
            swatch(ui, p.codes.get(&k.code).map_or(Color32::GRAY, |c| egui_color(c.color)), 10.0);
            crate::ui::bidi::show(ui, &p.code_path_string(k.code), egui::TextStyle::Body, false);
        });
        let coder = p.coders.get(&k.coder).map_or("?", |c| c.name.as_str());
        let case = p.coding_case(&k).and_then(|c| p.cases.get(&c)).map_or("—", |c| c.label.as_str());
        let by = format!(
            "{} · {} · {}",
            trf(lang, Key::CodedBy, &[&coder]),
            case,
            trf(lang, Key::CharsRange, &[&k.start, &k.end])
        );
        let shown = crate::ui::bidi::weak(ui, &by, egui::TextStyle::Small);
        crate::ui::bidi::name(ui.label(shown), egui::Role::Label, &by, None);
        ui.horizontal(|ui| {
            if ui.button(t(Key::RemoveCoding)).clicked() {
                queue.push(Command::RemoveCoding);
            }
            // Truncated: a long code name must not widen the panel and re-wrap the transcript.
            if let Some(code) = ps.selected_code.filter(|c| *c != k.code)
                && let Some(c) = p.codes.get(&code)
            {
                let label = trf(lang, Key::RecodeAs, &[&c.name]);
                let shown = crate::ui::bidi::label(ui, &label, egui::TextStyle::Button, false);
                let r = ui.add(egui::Button::new(shown).truncate());
                let r = crate::ui::bidi::name(r, egui::Role::Button, &label, None);
                if crate::ui::bidi::on_hover(r, &p.code_path_string(code)).clicked() {
                    queue.push(Command::Edit(EditCommand::Recode { coding: k.id, code }));
                }
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
    crate::ui::bidi::show(ui, &ps.session.project().code_path_string(code), egui::TextStyle::Body, true);
    ui.horizontal_wrapped(|ui| {
        ui.label(t(Key::Colour));
        for colour in PALETTE {
            let col = transcript::egui_color(colour);
            let r = swatch(ui, col, 14.0).interact(Sense::click()).on_hover_text(colour.hex());
            if c.color == colour {
                ui.painter().rect_stroke(
                    r.rect,
                    3.0,
                    egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Outside,
                );
            }
            if r.clicked() {
                queue.push(Command::Edit(EditCommand::SetCodeColor { code, color: colour }));
            }
        }
        let mut rgb = transcript::egui_color(c.color);
        let r = egui::color_picker::color_edit_button_srgba(ui, &mut rgb, egui::color_picker::Alpha::Opaque)
            .on_hover_text(t(Key::CustomColour));
        // Commit once when the picker closes, not on every drag step.
        let picked = crate::core::Color::rgb(rgb.r(), rgb.g(), rgb.b());
        let pending_id = egui::Id::unique(("picked-colour", code));
        if r.changed() {
            ui.data_mut(|d| d.insert_temp(pending_id, picked));
        } else if !egui::Popup::is_id_open(ui.ctx(), r.id.with("popup"))
            && let Some(p) = ui.data_mut(|d| d.remove_temp::<crate::core::Color>(pending_id))
        {
            queue.push(Command::Edit(EditCommand::SetCodeColor { code, color: p }));
        }
    });
    let desc = ps.code_desc_edit.get_or_insert_with(|| (code, c.description.clone()));
    if desc.0 != code {
        *desc = (code, c.description.clone());
    }
    let l = ui.label(t(Key::DescriptionLabel));
    let field = egui::Id::unique(("code-description", code));
    let r = crate::ui::bidi::text_field(ui, field, &mut desc.1, |e| e.desired_rows(2).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    let dirty = desc.1 != c.description;
    let save = ui.add_enabled(dirty, egui::Button::new(t(Key::SaveDescription))).clicked() || r.lost_focus();
    if save && dirty {
        queue.push(Command::Edit(EditCommand::SetCodeDescription { code, text: desc.1.clone() }));
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
