//! The project view's layout: the left and right side panels around the transcript, their
//! collapsed strips and hide buttons, and the coder banner.

use super::*;

impl WerkbankApp {
    pub(in crate::ui) fn project_view(&mut self, ui: &mut Ui) {
        let lang = self.settings.language;
        let (show_left, show_right, show_retrieval) =
            (self.settings.show_left, self.settings.show_right, self.settings.show_retrieval);
        // Keyboard scrolling of the transcript: not while a dialog, the palette or a field has the keys.
        let focused = ui.memory(|m| m.focused());
        let transcript_focused = self.project.as_ref().and_then(|p| p.transcript_id);
        let keys =
            self.dialog.is_none() && self.palette.is_none() && (focused.is_none() || focused == transcript_focused);
        let Some(ps) = self.project.as_mut() else { return };
        ps.view.refresh(&ps.session, ps.coder_filter);
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
                            let shown = crate::ui::bidi::label(ui, &d.name, egui::TextStyle::Heading, false);
                            let l = ui.add(egui::Label::new(shown).truncate());
                            crate::ui::bidi::name(l, egui::Role::Label, &d.name, None)
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
            let info = match ps.selection.filter(|s| s.document == doc && !s.span.is_empty()) {
                Some(s) => RichText::new(trf(lang, Key::SelectedChars, &[&s.span.len()])),
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
                    has_selection: ps.selection.is_some_and(|s| s.document == doc && !s.span.is_empty()),
                    queue,
                    label: title,
                },
            );
            ps.transcript_id = Some(out.text_edit_id);
            if let Some(sel) = out.selection {
                ps.selection = sel.map(|span| DocSpan::new(doc, span));
            }
            if let Some(code) = out.dropped_code {
                queue.push(Command::SelectCode(Some(code)));
                queue.push(Command::ApplyCode { code });
            }
        });
    }
}

/// The thin strip a hidden side panel leaves behind, with the button that shows it again.
pub(super) fn collapsed_strip(ui: &mut Ui, id: &str, left: bool, tip: &str, queue: &mut Vec<Command>) {
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

/// The small button in a side panel's header that hides it.
pub(super) fn hide_button(ui: &mut Ui, left: bool, lang: Lang, queue: &mut Vec<Command>) {
    let (label, cmd) = if left { ("«", Command::ToggleLeftPanel) } else { ("»", Command::ToggleRightPanel) };
    if ui.small_button(label).on_hover_text(tr(lang, Key::HidePanel)).clicked() {
        queue.push(cmd);
    }
}

/// A side panel keeps the width it has (its default, or what the user dragged it to): its content
/// fills exactly that and truncates or wraps inside it, so a long label, a count or a button
/// appearing never widens or narrows the panel and re-wraps the transcript.
pub(super) fn pin_width(ui: &mut Ui) {
    let w = ui.available_width();
    ui.set_min_width(w);
    ui.set_max_width(w);
}

pub(super) fn coder_banner(ui: &mut Ui, ps: &mut ProjectState, lang: Lang) {
    let hidden = ps.view.hidden();
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
