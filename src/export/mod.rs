//! Files for thesis appendices: analysis results as tables ([`Table`]) and charts, written as
//! CSV, XLSX, HTML, DOCX, SVG and plain text.
//!
//! The flow is always: analysis result ([`crate::core::analysis`]) → a builder in [`tables`]
//! (or [`text`]/[`svg`] directly) → a writer. Writers only know [`Table`]/[`Block`], so any new
//! table gets every format for free. All writers are deterministic (same input, same bytes),
//! except the zip containers' metadata (xlsx/docx timestamps).

pub mod csv;
pub mod docx;
pub mod html;
pub mod svg;
pub mod tables;
pub mod text;
pub mod xlsx;

use thiserror::Error;

/// One table cell. Numbers stay numbers so spreadsheets can compute with them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn int(n: usize) -> Cell {
        Cell::Int(n as i64)
    }
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_))
    }
    /// The cell as text; floats with two decimals and a `.` (see [`Cell::display_with`]).
    pub fn display(&self) -> String {
        self.display_with('.')
    }
    /// The cell as text with the given decimal separator (`,` for Dutch spreadsheets).
    pub fn display_with(&self, decimal: char) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => {
                let s = format!("{f:.2}");
                if decimal == '.' { s } else { s.replace('.', &decimal.to_string()) }
            }
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Int(n as i64)
    }
}

/// A titled table. `indent` optionally gives, per row, an indentation level for the first column
/// (the depth in the code tree); writers that can (HTML, DOCX, XLSX) indent, CSV does not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Empty, or one level per row (0 = not indented).
    pub indent: Vec<usize>,
}

impl Table {
    pub fn new(title: impl Into<String>, headers: Vec<String>) -> Table {
        Table { title: title.into(), headers, rows: Vec::new(), indent: Vec::new() }
    }
    pub fn indent_of(&self, row: usize) -> usize {
        self.indent.get(row).copied().unwrap_or(0)
    }
    pub fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).chain(std::iter::once(self.headers.len())).max().unwrap_or(0)
    }
}

/// One line of an indented code tree ("codeboom") for documents: text at an indentation level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLine {
    /// 0 for top-level codes.
    pub level: usize,
    pub name: String,
    /// Shown after the name, e.g. `(12; M1, R1, R2)`.
    pub detail: String,
}

/// Content of a report (HTML page or Word document).
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Table(Table),
    /// An indented list, as theses print their code tree.
    CodeTree(Vec<TreeLine>),
    /// Inline SVG markup (HTML only; the DOCX writer skips it, see [`docx`]).
    Svg(String),
}

/// Language of headers and labels in generated tables and texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("could not write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("could not write the Excel file: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("could not write the Word file: {0}")]
    Docx(String),
}

/// Escapes text for HTML/XML content and attribute values.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0; drop them.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
