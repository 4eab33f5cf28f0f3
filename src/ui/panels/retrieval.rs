//! The retrieval list: every coded segment of the selected code and the codes below it.

use super::*;

/// All coded segments of the selected code and the codes below it.
pub(super) fn retrieval(ui: &mut Ui, ps: &mut ProjectState, lang: Lang, queue: &mut Vec<Command>) {
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
