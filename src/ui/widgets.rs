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
