//! The retrieval list: every coded segment of the selected code and the codes below it.

use super::*;

/// All coded segments of the selected code and the codes below it.
pub(super) fn retrieval(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
    let Some(code) = ps.selected_code.filter(|c| ps.session.project().codes.contains_key(c)) else {
        ui.label(RichText::new(tr(lang, Key::RetrievalHint)).weak());
        return;
    };
    // Found once per (revision, filter, code) from the index, not by scanning all codings.
    let segs: Vec<Id> = ps.view.retrieval(&ps.session, ps.coder_filter, code).to_vec();
    let p = ps.session.project();
    ui.horizontal(|ui| {
        let title = trf(lang, Key::Segments, &[&p.code_path_string(code), &segs.len()]);
        crate::ui::bidi::show(ui, &title, egui::TextStyle::Body, true);
    });
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical().id_salt("retrieval-scroll").auto_shrink([false, false]).show_rows(
        ui,
        row_h,
        segs.len(),
        |ui, range| {
            let ix = p.index();
            for k in segs[range].iter().filter_map(|k| p.codings.get(k)) {
                let Some(d) = p.documents.get(&k.document) else { continue };
                let case = ix.coding_case(k.id).and_then(|c| p.cases.get(&c)).map_or("—", |c| c.label.as_str());
                ui.horizontal(|ui| {
                    swatch(ui, p.codes.get(&k.code).map_or(Color32::GRAY, |c| egui_color(c.color)), 9.0);
                    let text = ps.view.snippet(k.id, || {
                        format!("{case} · {} — {}", d.name, snippet(p, k.document, k.start, k.end, 160))
                    });
                    // Arabic or Hebrew quotes right to left, cut at the end of what was said.
                    let on = ps.selected_coding == Some(k.id);
                    let width = ui.available_width() - 2.0 * ui.spacing().button_padding.x;
                    let shown = crate::ui::bidi::one_row(ui, text, egui::TextStyle::Button, width);
                    let r = ui.add(egui::Button::selectable(on, shown).truncate());
                    let r = crate::ui::bidi::name(r, egui::Role::Button, text, Some(on));
                    if r.clicked() {
                        queue.push(Command::Jump { document: k.document, start: k.start, end: k.end });
                    }
                    r.on_hover_ui(|ui| transcript::coding_tooltip(ui, p, lang, &[k.id]));
                });
            }
        },
    );
}
