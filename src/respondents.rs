//! Respondent tables: the spreadsheet of respondents (label, function, organisation, age) that
//! every thesis keeps, imported as respondents with typed attributes in one step.
//!
//! The first column is the label; every other column becomes an attribute whose type is inferred
//! from its values (integer, float, boolean, date, else text). Existing respondents are updated,
//! new ones created.

use crate::core::actions::{self, IdSource};
use crate::core::edit::{Change, Edit, EditError, Entity};
use crate::core::model::{AttributeDef, AttributeKind, Case, Project};
use std::collections::BTreeMap;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum TableError {
    #[error("the table has no header row")]
    Empty,
    #[error("row {row}: {msg}")]
    Row { row: usize, msg: String },
    #[error("could not read the table: {0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Edit(#[from] EditError),
}

/// The narrowest type that accepts every non-empty value.
fn infer_kind(values: &[&str]) -> AttributeKind {
    let filled: Vec<&str> = values.iter().copied().filter(|v| !v.trim().is_empty()).collect();
    if filled.is_empty() {
        return AttributeKind::Text;
    }
    [AttributeKind::Integer, AttributeKind::Float, AttributeKind::Boolean, AttributeKind::Date]
        .into_iter()
        .find(|k| filled.iter().all(|v| k.accepts(v)))
        .unwrap_or(AttributeKind::Text)
}

/// Builds the edit that imports a respondent table (CSV with `,` or `;`, UTF-8, optional BOM).
/// Columns without a header are ignored; a repeated column name or respondent label is refused.
pub fn import_table(project: &Project, csv_text: &str) -> Result<Edit, TableError> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let first = text.lines().next().ok_or(TableError::Empty)?;
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers()?.iter().map(|h| h.trim().to_string()).collect();
    if headers.len() < 2 {
        return Err(TableError::Empty);
    }
    // A column without a name (e.g. after a trailing separator) is no attribute and is ignored;
    // a name used twice would make two attributes of one name.
    for (i, h) in headers.iter().enumerate().skip(1) {
        if !h.is_empty() && headers[1..i].contains(h) {
            return Err(TableError::Row { row: 1, msg: format!("the column '{h}' appears twice") });
        }
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec?;
        let row: Vec<String> = rec.iter().map(|v| v.trim().to_string()).collect();
        if row.iter().all(|v| v.is_empty()) {
            continue;
        }
        if row[0].is_empty() {
            return Err(TableError::Row {
                row: i + 2,
                msg: "the first column (the respondent's label) is empty".into(),
            });
        }
        if let Some(first) = seen.insert(row[0].clone(), i + 2) {
            return Err(TableError::Row {
                row: i + 2,
                msg: format!("respondent '{}' already appears on row {first}", row[0]),
            });
        }
        rows.push(row);
    }
    let mut ids = IdSource::new(project);
    let mut edit = Edit::new(format!("Import respondent table ({} respondents)", rows.len()));
    for (col, name) in headers.iter().enumerate().skip(1).filter(|(_, h)| !h.is_empty()) {
        let values: Vec<&str> = rows.iter().map(|r| r.get(col).map_or("", String::as_str)).collect();
        let kind = infer_kind(&values);
        match project.attribute_defs.values().find(|d| &d.name == name) {
            Some(d) if values.iter().all(|v| d.kind.accepts(v)) => {}
            // Values that no longer fit the declared type widen it to text.
            Some(_) => edit.extend(actions::define_attribute(project, name, AttributeKind::Text)?.1),
            None => edit.push(Change::Insert(Entity::AttributeDef(AttributeDef {
                id: ids.fresh(),
                name: name.clone(),
                kind,
            }))),
        }
    }
    for row in rows {
        let attrs: BTreeMap<String, String> = headers
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, h)| !h.is_empty())
            .filter_map(|(i, h)| row.get(i).filter(|v| !v.is_empty()).map(|v| (h.clone(), v.clone())))
            .collect();
        match project.case_by_label(&row[0]) {
            Some(c) => {
                let mut after = c.clone();
                after.attributes.extend(attrs);
                if &after != c {
                    edit.push(Change::Update { before: Entity::Case(c.clone()), after: Entity::Case(after) });
                }
            }
            None => edit.push(Change::Insert(Entity::Case(Case {
                id: ids.fresh(),
                label: row[0].clone(),
                aliases: vec![],
                attributes: attrs,
                description: String::new(),
            }))),
        }
    }
    Ok(edit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_inferred_per_column() {
        assert_eq!(infer_kind(&["42", "", "7"]), AttributeKind::Integer);
        assert_eq!(infer_kind(&["4,5", "3"]), AttributeKind::Float);
        assert_eq!(infer_kind(&["ja", "nee"]), AttributeKind::Boolean);
        assert_eq!(infer_kind(&["2022-03-01"]), AttributeKind::Date);
        assert_eq!(infer_kind(&["manager", "12"]), AttributeKind::Text);
    }

    #[test]
    fn repeated_labels_and_columns_are_refused_and_nameless_columns_ignored() {
        // Found by tests/fuzz.rs: these used to give an edit that could not be applied.
        let p = Project::default();
        assert!(matches!(import_table(&p, "label;age\nR1;4\nR1;5\n"), Err(TableError::Row { row: 3, .. })));
        assert!(matches!(import_table(&p, "label,age,age\nR1,4,5\n"), Err(TableError::Row { row: 1, .. })));
        let edit = import_table(&p, "label,,age,\nR1,x,4,\n").unwrap();
        let mut q = p.clone();
        q.apply(&edit).unwrap();
        assert_eq!(q.attribute_defs.len(), 1);
    }
}
