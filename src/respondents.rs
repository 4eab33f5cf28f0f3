//! Respondent tables: the spreadsheet of respondents (label, function, organisation, age) that
//! every thesis keeps, imported as respondents with typed attributes in one step.
//!
//! The table is read by the one table reader ([`crate::import::table`]: .csv in any encoding and
//! delimiter, .xlsx, .ods). The user picks the respondent column (by default the first) and the
//! attribute columns (by default all others); every attribute's kind (integer, float, boolean,
//! date, else text) is inferred from its values. Existing respondents are matched by label and
//! updated, new ones created. The survey import ([`crate::survey`]) uses the same steps for its
//! respondent and attribute columns.

use crate::core::actions::{self, IdSource};
use crate::core::edit::{Change, Edit, EditError, Entity};
use crate::core::lang::{Lang, Said};
use crate::core::model::{AttributeDef, AttributeKind, Case, Id, Project};
use crate::import::table::{Table, TableError, Value};
use std::collections::{BTreeMap, HashMap};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum RespondentError {
    #[error("{}", self.say(Lang::En))]
    Empty,
    /// Row `row` as the spreadsheet numbers it (the header is row 1), and what is wrong there.
    #[error("{}", self.say(Lang::En))]
    Row { row: usize, why: Said<RespondentSay> },
    #[error("{}", self.say(Lang::En))]
    NoColumn { name: String, columns: String },
    #[error("{}", self.say(Lang::En))]
    Choice(Said<RespondentSay>),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("{0}")]
    Edit(#[from] EditError),
}

crate::core::lang::string_table! {
    /// What is wrong with a respondent table or the columns chosen of it, in the reader's language.
    pub enum RespondentSay {
        NoHeader => "the table has no header row", "de tabel heeft geen kopregel";
        OnRow => "row {0}: {1}", "rij {0}: {1}";
        NoColumn => "no column '{0}' in the table (the columns are {1})", "geen kolom '{0}' in de tabel (de kolommen zijn {1})";
        RespondentEmpty => "the respondent column '{0}' is empty", "de respondentkolom '{0}' is leeg";
        RespondentTwice =>
            "respondent '{0}' already appears on row {1}",
            "respondent '{0}' staat al op rij {1}";
        ColumnTwice => "the column '{0}' appears twice", "de kolom '{0}' staat er twee keer in";
        NoAttribute => "no attribute '{0}' (attributes: {1})", "geen kenmerk '{0}' (kenmerken: {1})";
        UnknownKind =>
            "unknown kind '{0}'; use number, integer, float, date, boolean or text",
            "onbekende soort '{0}'; gebruik getal, integer, float, date, boolean of text";
        ChooseRespondentColumn =>
            "choose the column that holds the respondents",
            "kies de kolom met de respondenten";
        ChooseAnswers =>
            "choose at least one column of open answers (or import the table as a respondent table)",
            "kies minstens één kolom met open antwoorden (of importeer de tabel als respondententabel)";
        RespondentNotAnswer =>
            "the respondent column cannot also be an answer column",
            "de respondentkolom kan niet ook een antwoordkolom zijn";
    }
}

impl RespondentError {
    /// The reason in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            RespondentError::Empty => RespondentSay::NoHeader.text(lang).to_string(),
            RespondentError::Row { row, why } => RespondentSay::OnRow.fill(lang, &[row, &why.say(lang)]),
            RespondentError::NoColumn { name, columns } => RespondentSay::NoColumn.fill(lang, &[name, columns]),
            RespondentError::Choice(why) => why.say(lang),
            RespondentError::Table(e) => e.say(lang),
            RespondentError::Edit(EditError::Invalid(refusal)) => refusal.say(lang),
            RespondentError::Edit(e) => e.to_string(),
        }
    }
}

/// The narrowest kind that accepts every non-empty value (numbers and dates from a spreadsheet
/// arrive typed and read as `58` and `2015-09-28`; from a CSV they are text in the same form; a
/// Dutch decimal comma `4,5` is a float).
pub fn infer_kind<'a>(values: impl IntoIterator<Item = &'a Value>) -> AttributeKind {
    let texts: Vec<String> = values.into_iter().filter(|v| !v.is_empty()).map(Value::text).collect();
    if texts.is_empty() {
        return AttributeKind::Text;
    }
    [AttributeKind::Integer, AttributeKind::Float, AttributeKind::Boolean, AttributeKind::Date]
        .into_iter()
        .find(|k| texts.iter().all(|v| k.accepts(v)))
        .unwrap_or(AttributeKind::Text)
}

/// What a column of a table will be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnUse {
    /// The respondents' labels (S01, R3).
    Respondent,
    /// An open question: its answers become text to code.
    Answer,
    /// A respondent attribute (gender, age, function).
    Attribute,
    /// Not imported.
    Ignore,
}

impl ColumnUse {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnUse::Respondent => "respondent",
            ColumnUse::Answer => "answer",
            ColumnUse::Attribute => "attribute",
            ColumnUse::Ignore => "ignored",
        }
    }
}

/// A column as the preview shows it: its inferred kind, how full it is and a few sample values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    pub index: usize,
    pub name: String,
    pub kind: AttributeKind,
    /// Rows with a value.
    pub filled: usize,
    pub distinct: usize,
    /// Up to three distinct values, each cut to 40 characters.
    pub samples: Vec<String>,
    /// Average length of the filled values, in characters.
    pub avg_chars: usize,
}

/// Describes every column of `table`.
pub fn describe_columns(table: &Table) -> Vec<ColumnInfo> {
    (0..table.headers.len())
        .map(|i| {
            let texts: Vec<String> = table.column_values(i).filter(|v| !v.is_empty()).map(Value::text).collect();
            let mut distinct: Vec<&String> = texts.iter().collect();
            distinct.sort();
            distinct.dedup();
            let mut samples: Vec<String> = Vec::new();
            for t in &texts {
                let t = clip(t, 40);
                if !samples.contains(&t) && samples.len() < 3 {
                    samples.push(t);
                }
            }
            let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
            ColumnInfo {
                index: i,
                name: table.headers[i].clone(),
                kind: infer_kind(table.column_values(i)),
                filled: texts.len(),
                distinct: distinct.len(),
                samples,
                avg_chars: chars.checked_div(texts.len()).unwrap_or(0),
            }
        })
        .collect()
}

/// `s` on one line, at most `max` characters (with "…").
pub fn clip(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        format!("{}…", one_line.chars().take(max.saturating_sub(1)).collect::<String>())
    }
}

const ID_WORDS: &[&str] = &[
    "respondent",
    "id",
    "label",
    "case",
    "participant",
    "deelnemer",
    "nr",
    "nummer",
    "code",
    "respondentnummer",
    "teilnehmer",
    "informant",
];

/// The column that most likely holds the respondents' labels: one named like an id
/// ("Respondent", "ID", "Deelnemer") whose values are all filled and distinct, else the first such
/// column, else the first column.
pub fn propose_respondent_column(table: &Table, info: &[ColumnInfo]) -> usize {
    let rows = table.rows.len();
    let unique = |c: &ColumnInfo| c.filled == rows && c.distinct == rows && c.avg_chars <= 30;
    let named = |c: &ColumnInfo| {
        let n = c.name.to_lowercase();
        ID_WORDS.iter().any(|w| n == *w || n.split(|ch: char| !ch.is_alphanumeric()).any(|p| p == *w))
    };
    info.iter().find(|c| unique(c) && named(c)).or_else(|| info.iter().find(|c| unique(c))).map_or(0, |c| c.index)
}

/// Whether a column looks like an open question: text, and either phrased as a question or with
/// answers of sentence length.
pub fn looks_like_answers(c: &ColumnInfo) -> bool {
    c.kind == AttributeKind::Text && c.filled > 0 && (c.name.trim_end().ends_with('?') || c.avg_chars >= 30)
}

/// Resolves a column name, number or letter, or says which columns there are.
pub fn resolve_column(table: &Table, name: &str) -> Result<usize, RespondentError> {
    table.column(name).ok_or_else(|| {
        let names: Vec<String> = table.headers.iter().filter(|h| !h.is_empty()).map(|h| format!("'{h}'")).collect();
        RespondentError::NoColumn { name: name.trim().to_string(), columns: names.join(", ") }
    })
}

/// Resolves a list of columns given as the user typed it: names separated by commas, except that
/// a whole entry that is itself a column name (a question containing a comma) is taken as it is.
pub fn resolve_columns(table: &Table, entries: &[String]) -> Result<Vec<usize>, RespondentError> {
    let mut out = Vec::new();
    for e in entries {
        let parts: Vec<usize> = match table.column(e) {
            Some(i) if !e.trim().is_empty() => vec![i],
            _ => e
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| resolve_column(table, p))
                .collect::<Result<_, _>>()?,
        };
        for i in parts {
            if !out.contains(&i) {
                out.push(i);
            }
        }
    }
    Ok(out)
}

/// The respondents of a table: for each data row, the label in `respondent` (trimmed) or `None`
/// for a row without one. A repeated label is refused (two rows would claim one respondent).
pub fn row_labels(table: &Table, respondent: usize) -> Result<Vec<String>, RespondentError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let label = row.get(respondent).map(Value::text).unwrap_or_default();
        // Row numbers as the user sees them in the spreadsheet (header is row 1).
        let row_no = i + 2;
        if label.is_empty() {
            let why = Said::new(RespondentSay::RespondentEmpty, &[&table.headers[respondent]]);
            return Err(RespondentError::Row { row: row_no, why });
        }
        if let Some(first) = seen.insert(label.clone(), row_no) {
            let why = Said::new(RespondentSay::RespondentTwice, &[&label, &first]);
            return Err(RespondentError::Row { row: row_no, why });
        }
        out.push(label);
    }
    Ok(out)
}

/// Stages the respondents and attributes of a table into `edit` (and `scratch`, which must start
/// as the project the edit will apply to): attribute definitions for the chosen columns (kind
/// inferred; an existing definition whose kind no longer fits every value is widened to text), then
/// one respondent per row, matched by label, created if new. Returns each row's respondent id.
pub(crate) fn stage_respondents(
    scratch: &mut Project,
    edit: &mut Edit,
    table: &Table,
    respondent: usize,
    attributes: &[usize],
) -> Result<Vec<Id>, RespondentError> {
    if table.headers.is_empty() {
        return Err(RespondentError::Empty);
    }
    let labels = row_labels(table, respondent)?;
    let attributes: Vec<usize> =
        attributes.iter().copied().filter(|&i| i != respondent && !table.headers[i].is_empty()).collect();
    for (n, &i) in attributes.iter().enumerate() {
        if attributes[..n].iter().any(|&j| table.headers[j] == table.headers[i]) {
            let why = Said::new(RespondentSay::ColumnTwice, &[&table.headers[i]]);
            return Err(RespondentError::Row { row: 1, why });
        }
    }
    let mut ids = IdSource::new(scratch);
    let mut staged = Edit::new(String::new());
    for &col in &attributes {
        let name = &table.headers[col];
        let texts: Vec<String> = table.column_values(col).map(Value::text).collect();
        match scratch.attribute_defs.values().find(|d| &d.name == name) {
            Some(d) if texts.iter().all(|v| d.kind.accepts(v)) => {}
            // Values that no longer fit the declared kind widen it to text.
            Some(_) => staged.extend(actions::define_attribute(scratch, name, AttributeKind::Text)?.1),
            None => staged.push(Change::Insert(Entity::AttributeDef(AttributeDef {
                id: ids.fresh(),
                name: name.clone(),
                kind: infer_kind(table.column_values(col)),
            }))),
        }
    }
    let mut out = Vec::with_capacity(labels.len());
    for (row, label) in table.rows.iter().zip(labels) {
        let attrs: BTreeMap<String, String> = attributes
            .iter()
            .filter_map(|&i| row.get(i).filter(|v| !v.is_empty()).map(|v| (table.headers[i].clone(), v.text())))
            .collect();
        match scratch.case_by_label(&label) {
            Some(c) => {
                let mut after = c.clone();
                after.attributes.extend(attrs);
                if &after != c {
                    staged.push(Change::update(Entity::Case(c.clone()), Entity::Case(after)));
                }
                out.push(c.id);
            }
            None => {
                let id = ids.fresh();
                staged.push(Change::Insert(Entity::Case(Case {
                    id,
                    label,
                    aliases: vec![],
                    attributes: attrs,
                    description: String::new(),
                })));
                out.push(id);
            }
        }
    }
    scratch.apply(&staged)?;
    edit.extend(staged);
    Ok(out)
}

/// What a respondent-table import will do, for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RespondentSummary {
    pub new_respondents: Vec<String>,
    /// Respondents the project already has, matched by label.
    pub existing_respondents: Vec<String>,
    /// The existing respondents whose attributes change.
    pub updated_respondents: Vec<String>,
    /// Attributes with the kind they will have.
    pub attributes: Vec<(String, AttributeKind)>,
}

/// Summarises an edit built from [`stage_respondents`] against the project it applies to.
pub(crate) fn summarise(
    project: &Project,
    after: &Project,
    rows: &[Id],
    attributes: &[usize],
    table: &Table,
) -> RespondentSummary {
    let mut s = RespondentSummary::default();
    for id in rows {
        let label = after.cases[id].label.clone();
        match project.cases.get(id) {
            None => s.new_respondents.push(label),
            Some(before) => {
                if before != &after.cases[id] {
                    s.updated_respondents.push(label.clone());
                }
                s.existing_respondents.push(label);
            }
        }
    }
    for &i in attributes {
        let name = &table.headers[i];
        if let Some(d) = after.attribute_defs.values().find(|d| &d.name == name)
            && !s.attributes.iter().any(|(n, _)| n == name)
        {
            s.attributes.push((name.clone(), d.kind));
        }
    }
    s
}

/// Builds the edit that imports respondents and the chosen attribute columns of `table`, with a
/// summary of what it does.
pub fn import_respondents(
    project: &Project,
    table: &Table,
    respondent: usize,
    attributes: &[usize],
) -> Result<(Edit, RespondentSummary), RespondentError> {
    let mut scratch = project.clone();
    let mut edit = Edit::new(String::new());
    let rows = stage_respondents(&mut scratch, &mut edit, table, respondent, attributes)?;
    let summary = summarise(project, &scratch, &rows, attributes, table);
    edit.label = format!("Import respondent table ({} respondents)", rows.len());
    Ok((edit, summary))
}

/// Builds the edit that imports a respondent table given as CSV text: the first column is the
/// label, every other named column an attribute.
pub fn import_table(project: &Project, csv_text: &str) -> Result<Edit, RespondentError> {
    let table = crate::import::table::read_table_bytes("table.csv", csv_text.as_bytes(), Default::default())?;
    if table.headers.len() < 2 {
        return Err(RespondentError::Empty);
    }
    let attributes: Vec<usize> = (1..table.headers.len()).collect();
    Ok(import_respondents(project, &table, 0, &attributes)?.0)
}

/// Changes an attribute's kind. `number` picks integer when every value is a whole number, else
/// float; a kind that does not fit every respondent's value is refused, naming the respondent.
pub fn set_attribute_kind(project: &Project, name: &str, kind: &str) -> Result<Edit, RespondentError> {
    let name = name.trim();
    let def = project
        .attribute_defs
        .values()
        .find(|d| d.name == name)
        .or_else(|| project.attribute_defs.values().find(|d| d.name.eq_ignore_ascii_case(name)))
        .ok_or_else(|| {
            let known: Vec<&str> = project.attribute_defs.values().map(|d| d.name.as_str()).collect();
            RespondentError::Choice(Said::new(RespondentSay::NoAttribute, &[&name, &known.join(", ")]))
        })?;
    let kind = match kind.trim().to_lowercase().as_str() {
        "number" | "numeric" | "getal" => {
            let all_int = project
                .cases
                .values()
                .filter_map(|c| c.attributes.get(&def.name))
                .all(|v| AttributeKind::Integer.accepts(v));
            if all_int { AttributeKind::Integer } else { AttributeKind::Float }
        }
        k => AttributeKind::parse(k)
            .ok_or_else(|| RespondentError::Choice(Said::new(RespondentSay::UnknownKind, &[&k])))?,
    };
    Ok(actions::define_attribute(project, &def.name, kind)?.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_respondent_table_reason_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(RespondentSay::ALL, RespondentSay::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn types_are_inferred_per_column() {
        assert_eq!(infer_kind(&[t("42"), t(""), t("7")]), AttributeKind::Integer);
        assert_eq!(infer_kind(&[t("4,5"), t("3")]), AttributeKind::Float);
        assert_eq!(infer_kind(&[t("ja"), t("nee")]), AttributeKind::Boolean);
        assert_eq!(infer_kind(&[t("2022-03-01")]), AttributeKind::Date);
        assert_eq!(infer_kind(&[t("manager"), t("12")]), AttributeKind::Text);
        assert_eq!(infer_kind(&[Value::Number(58.0), Value::Number(23.0)]), AttributeKind::Integer);
        assert_eq!(infer_kind(&[Value::Number(1.5)]), AttributeKind::Float);
    }

    #[test]
    fn repeated_labels_and_columns_are_refused_and_nameless_columns_ignored() {
        // Found by tests/fuzz.rs: these used to give an edit that could not be applied.
        let p = Project::default();
        assert!(matches!(import_table(&p, "label;age\nR1;4\nR1;5\n"), Err(RespondentError::Row { row: 3, .. })));
        assert!(matches!(import_table(&p, "label,age,age\nR1,4,5\n"), Err(RespondentError::Row { row: 1, .. })));
        let edit = import_table(&p, "label,,age,\nR1,x,4,\n").unwrap();
        let mut q = p.clone();
        q.apply(&edit).unwrap();
        assert_eq!(q.attribute_defs.len(), 1);
    }
}
