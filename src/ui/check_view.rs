//! File → Check a chapter…: the chapter-check report beside the transcript. The report is
//! computed once when the chapter is chosen (it reads the file); the window only draws it.
//! Clicking a claim shows its evidence: the quoted passage in its transcript, or the code in the
//! tree with its codings in the retrieval list.

use super::WerkbankApp;
use super::commands::Command;
use super::i18n::{Key, tr, trf};
use crate::check::{self, CheckOptions, CheckReport, Verdict};
use egui::{Color32, RichText};
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct CheckView {
    pub open: bool,
    pub report: Option<(PathBuf, CheckReport)>,
    /// Show only the claims that differ.
    pub only_differences: bool,
    /// Other names the chapter uses for codes, one `name = Code > Path` per line.
    pub aliases: String,
}

/// Reads `chapter` and checks it against `project` (all coders, subtree counts) with the
/// chapter's own names for codes.
pub fn run_check(
    project: &crate::core::model::Project,
    chapter: &Path,
    aliases: &str,
    lang: crate::core::lang::Lang,
) -> Result<CheckReport, String> {
    let aliases = check::parse_aliases(project, &aliases.lines().collect::<Vec<_>>(), lang)?;
    let text = crate::import::import_path(chapter).map_err(|e| e.to_string())?.text;
    Ok(check::check_chapter(project, &text, &CheckOptions { aliases, lang, ..Default::default() }))
}

impl WerkbankApp {
    /// Reads and checks the chapter on a worker (a long chapter against a whole project takes a
    /// while); the report opens when it is done.
    pub(super) fn check_chapter(&mut self, path: PathBuf) {
        let lang = self.settings.language;
        let aliases = self.check.aliases.clone();
        let label = trf(lang, Key::JobReading, &[&super::jobs::file_name(&path)]);
        self.start_check(label, move |project| {
            run_check(project, &path, &aliases, lang)
                .map(|report| (path.clone(), report))
                .map_err(|e| trf(lang, Key::CheckFailed, &[&path.display(), &e]))
        });
    }

    /// Shows a finished check: its summary, and the report in the window.
    pub(super) fn show_check(&mut self, path: PathBuf, report: CheckReport) {
        self.ok(report.summary());
        self.check.report = Some((path, report));
        self.check.open = true;
    }

    pub(super) fn check_window(&mut self, ctx: &egui::Context) {
        if !self.check.open {
            return;
        }
        let lang = self.settings.language;
        let t = |k| tr(lang, k);
        let view = &mut self.check;
        let queue = &mut self.queue;
        let mut open = true;
        egui::Window::new(t(Key::CheckTitle))
            .id(egui::Id::unique("check_window"))
            .open(&mut open)
            // Beside the transcript (over the code tree), so a clicked claim's passage stays visible.
            .default_size([440.0, 560.0])
            .default_pos(ctx.content_rect().right_top() + egui::vec2(-452.0, 36.0))
            .show(ctx, |ui| {
                let Some((path, report)) = &view.report else {
                    if ui.button(t(Key::CheckChapter)).clicked() {
                        queue.push(Command::CheckChapterDialog);
                    }
                    return;
                };
                ui.label(RichText::new(path.display().to_string()).weak());
                ui.label(RichText::new(report.summary()).strong());
                ui.horizontal(|ui| {
                    ui.checkbox(&mut view.only_differences, t(Key::CheckOnlyDifferences));
                    if ui.button(t(Key::CheckAnother)).clicked() {
                        queue.push(Command::CheckChapterDialog);
                    }
                });
                ui.collapsing(t(Key::CheckAliases), |ui| {
                    ui.label(RichText::new(t(Key::CheckAliasesExplain)).weak());
                    let l = ui.label(t(Key::CheckAliasesLabel));
                    ui.add(
                        egui::TextEdit::multiline(&mut view.aliases)
                            .desired_rows(3)
                            .hint_text("learning strategy = Strategies > Learning"),
                    )
                    .labelled_by(l.id);
                    if ui.button(t(Key::CheckAgain)).clicked() {
                        queue.push(Command::CheckChapter { path: path.clone() });
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    for (i, c) in report.claims.iter().enumerate() {
                        if view.only_differences && c.verdict.is_consistent() {
                            continue;
                        }
                        let colour = if c.verdict.is_consistent() {
                            Color32::from_rgb(30, 120, 40)
                        } else if c.verdict == Verdict::NoCode {
                            Color32::from_rgb(140, 110, 20)
                        } else {
                            Color32::from_rgb(180, 30, 30)
                        };
                        let at = check::report::location(c, lang);
                        ui.horizontal_wrapped(|ui| {
                            ui.label(RichText::new(format!("{}.", i + 1)).weak());
                            ui.label(RichText::new(c.verdict.describe(lang)).color(colour).strong());
                            ui.label(RichText::new(at).weak());
                        });
                        let resp = ui.add(egui::Label::new(&c.claim).sense(egui::Sense::click()).wrap());
                        ui.label(RichText::new(&c.evidence).small());
                        let target = c
                            .passage
                            .as_ref()
                            .map(|p| Command::Jump { document: p.document, start: p.start, end: p.end })
                            .or(c.code.map(|code| Command::SelectCode(Some(code))));
                        if let Some(cmd) = target
                            && resp.on_hover_text(t(Key::CheckJump)).clicked()
                        {
                            queue.push(cmd);
                        }
                        ui.separator();
                    }
                });
            });
        if !open {
            self.check.open = false;
        }
    }
}
