//! Survey tables: one row per respondent, one column per open question, plus attribute columns
//! (gender, age, function), as Google Forms, Qualtrics, LimeSurvey or a student's own Excel sheet
//! deliver them. The open answers become text to code, attributed to their respondents; the
//! attributes are set on the respondents; all of it is one undoable action.
//!
//! Two layouts, as NVivo and MAXQDA offer them:
//! * **per respondent**: one document per respondent (named by the label), a heading line per
//!   question and the answer below it as a turn of that respondent;
//! * **per question**: one document per question (named by the question), a turn per respondent
//!   written `S01: answer`, attributed to that respondent.
//!
//! Empty answers are skipped; existing respondents are matched by label. The respondent and
//! attribute steps are those of the respondent-table import ([`crate::respondents`]).

use crate::core::Lang;
use crate::core::actions::{self, NewDocument, NewTurn};
use crate::core::edit::Edit;
use crate::core::model::{Id, Project, Speaker};
use crate::import::table::{Table, Value};
use crate::respondents::{self, ColumnInfo, ColumnUse, RespondentError, RespondentSay, RespondentSummary};
use crate::workflow::Line;

/// How the answers are laid out in documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// One document per respondent, a turn per question.
    #[default]
    PerRespondent,
    /// One document per question, a turn per respondent.
    PerQuestion,
}

impl Layout {
    pub fn parse(s: &str) -> Option<Layout> {
        match s.trim().to_lowercase().as_str() {
            "respondent" | "respondents" | "per-respondent" => Some(Layout::PerRespondent),
            "question" | "questions" | "per-question" => Some(Layout::PerQuestion),
            _ => None,
        }
    }
}

/// The user's choices: which column holds the respondents, which are open answers and which are
/// attributes (0-based column indices into the table), and the layout.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SurveyChoice {
    pub respondent: usize,
    pub answers: Vec<usize>,
    pub attributes: Vec<usize>,
    pub layout: Layout,
}

impl SurveyChoice {
    /// What column `i` is used for under this choice.
    pub fn use_of(&self, i: usize) -> ColumnUse {
        if i == self.respondent {
            ColumnUse::Respondent
        } else if self.answers.contains(&i) {
            ColumnUse::Answer
        } else if self.attributes.contains(&i) {
            ColumnUse::Attribute
        } else {
            ColumnUse::Ignore
        }
    }

    /// Sets the use of column `i` (making it the respondent column moves the old one to attributes).
    pub fn set_use(&mut self, i: usize, to: ColumnUse) {
        self.answers.retain(|&c| c != i);
        self.attributes.retain(|&c| c != i);
        match to {
            ColumnUse::Respondent => {
                let old = std::mem::replace(&mut self.respondent, i);
                if old != i {
                    self.attributes.push(old);
                    self.attributes.sort_unstable();
                }
            }
            ColumnUse::Answer => {
                self.answers.push(i);
                self.answers.sort_unstable();
            }
            ColumnUse::Attribute => {
                self.attributes.push(i);
                self.attributes.sort_unstable();
            }
            ColumnUse::Ignore => {}
        }
    }
}

/// The proposed choice: the id-like column as respondent, questions (text phrased as a question
/// or of sentence length) as answers, every other named column as an attribute.
pub fn propose(table: &Table, info: &[ColumnInfo]) -> SurveyChoice {
    let respondent = respondents::propose_respondent_column(table, info);
    let mut choice = SurveyChoice { respondent, ..Default::default() };
    for c in info.iter().filter(|c| c.index != respondent && !c.name.is_empty() && c.filled > 0) {
        if respondents::looks_like_answers(c) {
            choice.answers.push(c.index);
        } else {
            choice.attributes.push(c.index);
        }
    }
    choice
}

/// Completes a partial choice from the command line: given answers but no attributes, the
/// attributes are every other named column; given neither, the proposal's.
pub fn complete(
    table: &Table,
    info: &[ColumnInfo],
    respondent: Option<usize>,
    answers: Option<Vec<usize>>,
    attributes: Option<Vec<usize>>,
    layout: Layout,
) -> SurveyChoice {
    let mut choice = propose(table, info);
    if let Some(r) = respondent {
        choice.set_use(r, ColumnUse::Respondent);
    }
    choice.layout = layout;
    let named = |i: &usize| *i != choice.respondent && !table.headers[*i].is_empty();
    match (answers, attributes) {
        (None, None) => {}
        (Some(a), None) => {
            choice.answers = a.into_iter().filter(named).collect();
            choice.attributes = (0..table.headers.len()).filter(|i| named(i) && !choice.answers.contains(i)).collect();
        }
        (None, Some(b)) => {
            choice.attributes = b.into_iter().filter(named).collect();
            choice.answers.retain(|i| !choice.attributes.contains(i));
        }
        (Some(a), Some(b)) => {
            choice.answers = a.into_iter().filter(named).collect();
            choice.attributes = b.into_iter().filter(|i| named(i) && !choice.answers.contains(i)).collect();
        }
    }
    choice
}

/// What the import will create, for the preview and the confirmation message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SurveyPlan {
    pub respondents: RespondentSummary,
    /// Documents to create: name and number of answers (turns).
    pub documents: Vec<(String, usize)>,
    pub answers: usize,
    pub skipped_empty: usize,
}

/// Builds the one edit that imports a survey as chosen, and what it will create.
pub fn plan(
    project: &Project,
    table: &Table,
    choice: &SurveyChoice,
    source_name: &str,
) -> Result<(Edit, SurveyPlan), RespondentError> {
    if choice.respondent >= table.headers.len() {
        return Err(RespondentError::Choice(RespondentSay::ChooseRespondentColumn.into()));
    }
    if choice.answers.is_empty() {
        return Err(RespondentError::Choice(RespondentSay::ChooseAnswers.into()));
    }
    if choice.answers.contains(&choice.respondent) {
        return Err(RespondentError::Choice(RespondentSay::RespondentNotAnswer.into()));
    }
    let mut scratch = project.clone();
    let mut edit = Edit::new(String::new());
    let rows = respondents::stage_respondents(&mut scratch, &mut edit, table, choice.respondent, &choice.attributes)?;
    let mut plan = SurveyPlan {
        respondents: respondents::summarise(project, &scratch, &rows, &choice.attributes, table),
        ..Default::default()
    };
    let answer = |row: usize, col: usize| -> Option<String> {
        let v = table.rows[row].get(col).filter(|v| !v.is_empty())?;
        Some(match v {
            Value::Text(s) => crate::core::text::normalize_newlines(s.trim()),
            other => other.text(),
        })
    };
    let question = |col: usize| -> String {
        let h = table.headers[col].split_whitespace().collect::<Vec<_>>().join(" ");
        if h.is_empty() { format!("Column {}", col + 1) } else { h }
    };
    let mut docs: Vec<(String, String, Vec<NewTurn>, Option<Id>)> = Vec::new();
    match choice.layout {
        Layout::PerRespondent => {
            for (r, &case) in rows.iter().enumerate() {
                let label = scratch.cases[&case].label.clone();
                let mut text = String::new();
                let mut turns = Vec::new();
                for &col in &choice.answers {
                    let Some(a) = answer(r, col) else {
                        plan.skipped_empty += 1;
                        continue;
                    };
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&question(col));
                    text.push('\n');
                    let start = text.chars().count();
                    text.push_str(&a);
                    turns.push(NewTurn {
                        start,
                        end: start + a.chars().count(),
                        speaker: Speaker::from(&label),
                        start_ms: None,
                        case: Some(case),
                    });
                }
                if !turns.is_empty() {
                    docs.push((label, text, turns, Some(case)));
                }
            }
        }
        Layout::PerQuestion => {
            for &col in &choice.answers {
                let q = question(col);
                let mut text = String::new();
                let mut turns = Vec::new();
                for (r, &case) in rows.iter().enumerate() {
                    let Some(a) = answer(r, col) else {
                        plan.skipped_empty += 1;
                        continue;
                    };
                    let label = scratch.cases[&case].label.clone();
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    let start = text.chars().count();
                    text.push_str(&format!("{label}: {a}"));
                    turns.push(NewTurn {
                        start,
                        end: text.chars().count(),
                        speaker: label.into(),
                        start_ms: None,
                        case: Some(case),
                    });
                }
                if !turns.is_empty() {
                    docs.push((respondents::clip(&q, 80), text, turns, None));
                }
            }
        }
    }
    for (name, text, turns, case) in docs {
        let n = turns.len();
        let (doc, e) = actions::add_document(&scratch, NewDocument { name: &name, text: &text, source_name, turns })?;
        scratch.apply(&e)?;
        edit.extend(e);
        if case.is_some() {
            let e = actions::change_document(&scratch, doc, "Assign", |d| d.case = case)?;
            scratch.apply(&e)?;
            edit.extend(e);
        }
        plan.answers += n;
        plan.documents.push((scratch.documents[&doc].name.clone(), n));
    }
    edit.label = format!("Import survey {source_name} ({} respondents, {} answers)", rows.len(), plan.answers);
    Ok((edit, plan))
}

/// The preview as lines of text: every column with its inferred kind, how full it is, sample
/// values and its use, then what will be created. The CLI prints these; tests read them.
pub fn preview_lines(
    table: &Table,
    info: &[ColumnInfo],
    choice: &SurveyChoice,
    plan: &SurveyPlan,
    with_documents: bool,
    lang: Lang,
) -> Vec<String> {
    let mut out = vec![table_line(table, lang)];
    out.extend(table.warnings.iter().map(|w| Line::Note.fill(lang, &[w])));
    out.extend(column_lines(table, info, |i| choice.use_of(i), lang));
    out.push(String::new());
    out.extend(respondent_lines(&plan.respondents, lang));
    if with_documents {
        let how = match choice.layout {
            Layout::PerRespondent => Line::OnePerRespondent,
            Layout::PerQuestion => Line::OnePerQuestion,
        };
        let figures: [&dyn std::fmt::Display; 4] =
            [&plan.documents.len(), &how.text(lang), &plan.answers, &plan.skipped_empty];
        out.push(Line::SurveyDocuments.fill(lang, &figures));
        for (name, n) in plan.documents.iter().take(8) {
            out.push(format!("  {}", Line::DocumentAnswers.fill(lang, &[name, n])));
        }
        if plan.documents.len() > 8 {
            out.push(format!("  {}", Line::AndMore.fill(lang, &[&(plan.documents.len() - 8)])));
        }
    }
    out
}

/// "57 data rows, 8 columns (sheet 'survey_57')", in `lang`.
pub fn table_line(table: &Table, lang: Lang) -> String {
    Line::TableRows.fill(lang, &[&table.rows.len(), &table.headers.len(), &table.source])
}

/// One line per column: name, kind, filled, samples, use.
pub fn column_lines(
    table: &Table,
    info: &[ColumnInfo],
    use_of: impl Fn(usize) -> ColumnUse,
    lang: Lang,
) -> Vec<String> {
    let width = info.iter().map(|c| c.name.chars().count().min(40)).max().unwrap_or(6).max(6);
    let (column, kind, filled, used, samples) = (
        Line::ColumnHeader.text(lang),
        Line::KindHeader.text(lang),
        Line::FilledHeader.text(lang),
        Line::UseHeader.text(lang),
        Line::SamplesHeader.text(lang),
    );
    let mut out = vec![format!("  {column:<width$}  {kind:<8} {filled:>7}  {used:<10}  {samples}")];
    for c in info {
        let name = if c.name.is_empty() {
            Line::ColumnN.fill(lang, &[&(c.index + 1)])
        } else {
            respondents::clip(&c.name, 40)
        };
        out.push(format!(
            "  {:<width$}  {:<8} {:>7}  {:<10}  {}",
            name,
            c.kind.as_str(),
            format!("{}/{}", c.filled, table.rows.len()),
            use_of(c.index).as_str(),
            c.samples.join(" | ")
        ));
    }
    out
}

/// "57 new respondents, 0 updated; attributes Geslacht (text), Leeftijd (integer)".
pub fn respondent_lines(s: &RespondentSummary, lang: Lang) -> Vec<String> {
    let attrs: Vec<String> = s.attributes.iter().map(|(n, k)| format!("{n} ({})", k.as_str())).collect();
    let (new, existing, updated) = (s.new_respondents.len(), s.existing_respondents.len(), s.updated_respondents.len());
    vec![
        Line::RespondentsMatched.fill(lang, &[&new, &existing, &updated]),
        if attrs.is_empty() {
            Line::NoAttributes.text(lang).to_string()
        } else {
            Line::Attributes.fill(lang, &[&attrs.join(", ")])
        },
    ]
}
