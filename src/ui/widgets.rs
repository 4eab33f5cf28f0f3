//! Small widgets shared by the panels, the dialogs and the windows, kept below all of them so no
//! drawing module has to import another one for a helper (which is how import circles start).

/// Gives a combo box an accessible name (what it chooses), keeping its shown value.
pub fn name_combo(r: &egui::Response, name: String, value: &str) {
    r.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, r.enabled(), &name);
        info.current_text_value = Some(value.to_string());
        info
    });
}

/// A drop-down named for screen readers by `name` (what it chooses), showing `shown`, right to
/// left when that is Arabic or Hebrew (see `ui::bidi`).
pub fn combo(
    ui: &mut egui::Ui,
    id: &str,
    name: &str,
    shown: &str,
    width: Option<f32>,
    add: impl FnOnce(&mut egui::Ui),
) -> egui::Response {
    let text = super::bidi::label(ui, shown, egui::TextStyle::Button, false);
    let mut combo = egui::ComboBox::from_id_salt(id).selected_text(text);
    if let Some(w) = width {
        combo = combo.width(w);
    }
    let r = combo.show_ui(ui, add).response;
    name_combo(&r, name.to_string(), shown);
    r
}

/// A [`combo`] with its label in front ("Coder: all coders"), as forms read; egui's own
/// `ComboBox::new` puts the label after the box. The label also names the box.
pub fn labelled_combo(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    shown: &str,
    width: Option<f32>,
    add: impl FnOnce(&mut egui::Ui),
) -> egui::Response {
    ui.label(label);
    combo(ui, id, label, shown, width, add)
}
