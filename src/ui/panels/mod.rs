//! Drawing: menus, status bar, start screen, the three panels, retrieval list, palette and
//! dialogs. Everything here reads state and pushes [`Command`]s; nothing changes the project.

use super::commands::WorkflowCommand;
use super::commands::{self, CoderFilter, Command, EditCommand};
use super::i18n::{Key, Lang, tr, trf};
use super::transcript::{self, CodeDrag, TranscriptView, egui_color};
use super::widgets::name_combo;
use super::{Dialog, FilePurpose, LeftTab, ProjectState, WerkbankApp};
use crate::core::actions::OnCodings;
use crate::core::model::{AttributeKind, Id, MemoTarget, Project};
use crate::core::{DocSpan, PALETTE, Span};
use egui::{Color32, RichText, Sense, Ui, vec2};

mod chrome;
mod codes;
mod dialogs;
mod layout;
mod left;
mod retrieval;
use codes::*;
use layout::*;
use left::*;
use retrieval::*;

/// A text field tied to a visible label (screen readers and tests find it by that label).
fn labelled_field(ui: &mut Ui, label: &str, value: &mut String, hint: &str, width: f32) -> egui::Response {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(width)).labelled_by(l.id)
}

fn swatch(ui: &mut Ui, color: Color32, size: f32) -> egui::Response {
    let (r, resp) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    ui.painter().rect_filled(r, 3.0, color);
    resp
}

/// `start..end` of `document` on one line, cut after `max` characters.
fn snippet(p: &Project, document: Id, start: usize, end: usize, max: usize) -> String {
    let s: String = p.passage(document, start, end).chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    if s.chars().count() > max { format!("{}…", s.chars().take(max).collect::<String>()) } else { s }
}
