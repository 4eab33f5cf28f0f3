//! File → Import respondent table… and File → Import survey table…: the dialog that shows a
//! table's columns (inferred kind, how full, sample values), lets the student choose what each
//! column is (respondent, open answer, attribute, ignored) and, for a survey, the layout, and
//! previews what will be created before anything is written. The table is read and the preview
//! computed when the dialog opens or a choice changes, never per frame; importing re-reads the
//! file and runs the same functions as the CLI (`crate::respondents`, `crate::survey`) as one undo
//! step.

use super::commands::WorkflowCommand;
use super::i18n::{Key, Lang, tr, trf};
use super::{Command, FilePurpose};
use crate::core::edit::Edit;
use crate::core::model::Project;
use crate::import::table::{Table, read_table};
use crate::respondents::{self, ColumnInfo, ColumnUse};
use crate::survey::{self, Layout, SurveyChoice, SurveyPlan};
use egui::{Color32, RichText, Ui};
use std::path::{Path, PathBuf};

/// The open table-import dialog.
#[derive(Debug, Clone)]
pub struct TableImport {
    pub path: PathBuf,
    /// A survey (answers become documents) or a respondent table (attributes only).
    pub survey: bool,
    /// The table, or why it cannot be read.
    pub table: Result<Table, String>,
    pub info: Vec<ColumnInfo>,
    pub choice: SurveyChoice,
    /// What importing with `choice` would do, or why it cannot.
    pub plan: Result<SurveyPlan, String>,
    computed_for: Option<SurveyChoice>,
}

impl TableImport {
    pub fn new(project: &Project, path: &Path, survey: bool, lang: Lang) -> Self {
        let table = read_table(path).map_err(|e| e.say(lang));
        let info = table.as_ref().map(respondents::describe_columns).unwrap_or_default();
        let mut choice = table.as_ref().map(|t| survey::propose(t, &info)).unwrap_or_default();
        if !survey {
            // A respondent table: the first column is the label, every other named one an attribute.
            choice = SurveyChoice {
                respondent: 0,
                answers: vec![],
                attributes: (1..info.len()).filter(|&i| !info[i].name.is_empty()).collect(),
                layout: Layout::PerRespondent,
            };
        }
        let mut st = TableImport {
            path: path.to_path_buf(),
            survey,
            table,
            info,
            choice,
            plan: Err(String::new()),
            computed_for: None,
        };
        st.refresh(project, lang);
        st
    }

    /// Recomputes the preview when the choice changed.
    pub fn refresh(&mut self, project: &Project, lang: Lang) {
        if self.computed_for.as_ref() == Some(&self.choice) {
            return;
        }
        self.computed_for = Some(self.choice.clone());
        self.plan = match &self.table {
            Err(e) => Err(e.clone()),
            Ok(t) => plan(project, t, &self.choice, self.survey, &file_name(&self.path), lang).map(|(_, p)| p),
        };
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The edit of a table import as chosen, and what it does.
fn plan(
    project: &Project,
    table: &Table,
    choice: &SurveyChoice,
    survey: bool,
    name: &str,
    lang: Lang,
) -> Result<(Edit, SurveyPlan), String> {
    if survey {
        survey::plan(project, table, choice, name).map_err(|e| e.say(lang))
    } else {
        respondents::import_respondents(project, table, choice.respondent, &choice.attributes)
            .map(|(edit, respondents)| (edit, SurveyPlan { respondents, ..Default::default() }))
            .map_err(|e| e.say(lang))
    }
}

/// Reads the table again and imports it as chosen: the edit to perform and the status message.
pub fn import(
    project: &Project,
    path: &Path,
    survey: bool,
    choice: &SurveyChoice,
    lang: Lang,
) -> Result<(Edit, String), String> {
    let table = read_table(path).map_err(|e| e.say(lang))?;
    let (edit, p) = plan(project, &table, choice, survey, &file_name(path), lang)?;
    let msg = if survey {
        trf(
            lang,
            Key::TblSurveyImported,
            &[&p.answers, &p.documents.len(), &p.respondents.new_respondents.len(), &p.skipped_empty],
        )
    } else {
        trf(
            lang,
            Key::TblRespondentsImported,
            &[&p.respondents.new_respondents.len(), &p.respondents.updated_respondents.len()],
        )
    };
    Ok((edit, msg))
}

fn use_key(u: ColumnUse) -> Key {
    match u {
        ColumnUse::Respondent => Key::TblUseRespondent,
        ColumnUse::Answer => Key::TblUseAnswer,
        ColumnUse::Attribute => Key::TblUseAttribute,
        ColumnUse::Ignore => Key::TblUseIgnore,
    }
}

/// Draws the dialog; returns the command to run (import or browse) and whether to close.
pub fn draw(
    ui: &mut Ui,
    st: &mut TableImport,
    project: &Project,
    lang: Lang,
    read_only: bool,
    max_h: f32,
) -> (Option<Command>, bool) {
    let t = |k| tr(lang, k);
    let mut cmd = None;
    let mut close = false;
    st.refresh(project, lang);
    ui.set_width(760.0);
    ui.heading(t(if st.survey { Key::ImportSurveyTable } else { Key::ImportRespondentTable }));
    ui.label(RichText::new(st.path.display().to_string()).weak());
    match &st.table {
        Err(e) => {
            ui.colored_label(Color32::from_rgb(180, 30, 30), e);
        }
        Ok(table) => {
            ui.label(trf(lang, Key::TblRead, &[&table.rows.len(), &table.headers.len(), &table.source]));
            for w in &table.warnings {
                ui.colored_label(Color32::from_rgb(160, 90, 0), w);
            }
            ui.label(RichText::new(t(Key::TblExplain)).weak());
            let uses: &[ColumnUse] = if st.survey {
                &[ColumnUse::Respondent, ColumnUse::Answer, ColumnUse::Attribute, ColumnUse::Ignore]
            } else {
                &[ColumnUse::Respondent, ColumnUse::Attribute, ColumnUse::Ignore]
            };
            let rows = table.rows.len();
            egui::ScrollArea::vertical().max_height((max_h - 200.0).max(140.0)).show(ui, |ui| {
                egui::Grid::new("table-columns").num_columns(5).striped(true).show(ui, |ui| {
                    for k in [Key::TblColumn, Key::TblUse, Key::TblKind, Key::TblFilled, Key::TblSamples] {
                        ui.label(RichText::new(t(k)).strong());
                    }
                    ui.end_row();
                    for c in &st.info {
                        let name = if c.name.is_empty() {
                            format!("({})", c.index + 1)
                        } else {
                            respondents::clip(&c.name, 40)
                        };
                        ui.label(name).on_hover_text(&c.name);
                        let current = st.choice.use_of(c.index);
                        let mut chosen = current;
                        let shown = t(use_key(current));
                        let r = egui::ComboBox::from_id_salt(("table-use", c.index))
                            .selected_text(shown)
                            .width(110.0)
                            .show_ui(ui, |ui| {
                                for &u in uses {
                                    ui.selectable_value(&mut chosen, u, t(use_key(u)));
                                }
                            })
                            .response;
                        super::widgets::name_combo(&r, trf(lang, Key::TblUseOf, &[&c.name]), shown);
                        if chosen != current {
                            st.choice.set_use(c.index, chosen);
                        }
                        ui.label(c.kind.as_str());
                        ui.label(format!("{}/{rows}", c.filled));
                        ui.label(RichText::new(c.samples.join(" | ")).small());
                        ui.end_row();
                    }
                });
            });
            if st.survey {
                ui.radio_value(&mut st.choice.layout, Layout::PerRespondent, t(Key::TblPerRespondent));
                ui.radio_value(&mut st.choice.layout, Layout::PerQuestion, t(Key::TblPerQuestion));
            }
            ui.separator();
            match &st.plan {
                Err(e) => {
                    ui.colored_label(Color32::from_rgb(180, 30, 30), e);
                }
                Ok(p) => {
                    let r = &p.respondents;
                    ui.label(trf(
                        lang,
                        Key::TblWillRespondents,
                        &[&r.new_respondents.len(), &r.existing_respondents.len(), &r.updated_respondents.len()],
                    ));
                    let attrs: Vec<String> =
                        r.attributes.iter().map(|(n, k)| format!("{n} ({})", k.as_str())).collect();
                    if !attrs.is_empty() {
                        ui.label(trf(lang, Key::TblWillAttributes, &[&attrs.join(", ")]));
                    }
                    if st.survey {
                        ui.label(trf(lang, Key::TblWillDocuments, &[&p.documents.len(), &p.answers, &p.skipped_empty]));
                    }
                }
            }
        }
    }
    ui.horizontal(|ui| {
        let ok = st.plan.is_ok() && !read_only;
        if ui.add_enabled(ok, egui::Button::new(t(Key::ImportNow))).clicked() {
            cmd = Some(Command::Workflow(WorkflowCommand::ImportTable {
                path: st.path.clone(),
                survey: st.survey,
                choice: st.choice.clone(),
            }));
        }
        if ui.button(t(Key::Browse)).clicked() {
            let purpose = if st.survey { FilePurpose::ImportSurveyTable } else { FilePurpose::ImportRespondentTable };
            cmd = Some(Command::Workflow(WorkflowCommand::PickFile(purpose)));
        }
        if ui.button(t(Key::Cancel)).clicked() {
            close = true;
        }
    });
    (cmd, close)
}
