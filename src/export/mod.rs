//! Files for thesis appendices: analysis results as tables ([`Table`]) and charts, written as
//! CSV, XLSX, HTML, DOCX, SVG and plain text.
//!
//! The flow is always: analysis result ([`crate::core::analysis`]) → a builder in [`tables`]
//! (or [`text`]/[`svg`] directly) → a writer. Writers only know [`Table`]/[`Block`], so any new
//! table gets every format for free. All writers are deterministic (same input, same bytes),
//! except the zip containers' metadata (xlsx/docx timestamps).

pub mod agreement;
pub mod csv;
pub mod docx;
pub mod html;
pub mod labels;
pub mod md;
pub mod options;
pub mod report;
pub mod svg;
pub mod tables;
pub mod text;
pub mod xlsx;

use std::borrow::Cow;
use thiserror::Error;

/// Whether a spreadsheet would take text cell `s` for a formula (or a DDE command) when it is
/// opened or edited: it starts with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list,
/// also after leading spaces, and the full-width forms Excel accepts too). Text that is a plain
/// number ("-3", "+0.5") is no formula and stays as it is; number cells are never text.
pub fn formula_risk(s: &str) -> bool {
    let trigger = |c: char| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠');
    let first = s.chars().next();
    let first_visible = s.trim_start_matches(' ').chars().next();
    if !first.is_some_and(trigger) && !first_visible.is_some_and(trigger) {
        return false;
    }
    !is_plain_number(s.trim())
}

/// `-3`, `+12`, `-0.25`, `-0,25`: a signed decimal number and nothing else.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.splitn(2, ['.', ',']);
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A text cell as CSV writes it: a cell at [`formula_risk`] gets a leading `'`, as OWASP
/// recommends, so Excel and LibreOffice show it as text instead of running it.
pub fn defuse_formula(s: &str) -> Cow<'_, str> {
    if formula_risk(s) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

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
    /// A line under the title, e.g. the filter and coders of a filtered table; empty for none.
    pub note: String,
    /// Columns only spreadsheets get (full code path, level, kind): documents (Word, HTML) show
    /// the tree by indentation instead, as theses print it.
    pub sheet_only: Vec<usize>,
    /// Empty, or per column the group it stands under in Word and its own short header there:
    /// ("Coderingen", "Bram") for the column "Codeur Bram: coderingen". Word prints a header of
    /// two rows, each group once over its columns, so twelve per-coder columns read in two lines
    /// instead of four; a column with no group ("", "Code") takes both rows. Spreadsheets and CSV
    /// keep `headers`, one full header a column, as a pivot table needs.
    pub header_groups: Vec<(String, String)>,
}

impl Table {
    pub fn new(title: impl Into<String>, headers: Vec<String>) -> Table {
        Table {
            title: title.into(),
            headers,
            rows: Vec::new(),
            indent: Vec::new(),
            note: String::new(),
            sheet_only: Vec::new(),
            header_groups: Vec::new(),
        }
    }
    pub fn indent_of(&self, row: usize) -> usize {
        self.indent.get(row).copied().unwrap_or(0)
    }
    /// The table as a document prints it: without its [`Table::sheet_only`] columns.
    pub fn for_document(&self) -> Table {
        if self.sheet_only.is_empty() {
            return self.clone();
        }
        let keep = |j: &usize| !self.sheet_only.contains(j);
        let pick = |cells: &[Cell]| cells.iter().enumerate().filter(|(j, _)| keep(j)).map(|(_, c)| c.clone()).collect();
        Table {
            headers: self.headers.iter().enumerate().filter(|(j, _)| keep(j)).map(|(_, h)| h.clone()).collect(),
            rows: self.rows.iter().map(|r| pick(r)).collect(),
            sheet_only: Vec::new(),
            header_groups: self
                .header_groups
                .iter()
                .enumerate()
                .filter(|(j, _)| keep(j))
                .map(|(_, g)| g.clone())
                .collect(),
            ..self.clone()
        }
    }
    /// The table with `f` applied to its title, note, headers and text cells (numbers unchanged).
    pub fn map_text(&self, f: impl Fn(&str) -> String) -> Table {
        let cell = |c: &Cell| match c {
            Cell::Text(s) => Cell::Text(f(s)),
            c => c.clone(),
        };
        Table {
            title: f(&self.title),
            headers: self.headers.iter().map(|h| f(h)).collect(),
            rows: self.rows.iter().map(|r| r.iter().map(cell).collect()).collect(),
            note: f(&self.note),
            header_groups: self.header_groups.iter().map(|(g, h)| (f(g), f(h))).collect(),
            ..self.clone()
        }
    }
    /// Per column, whether it holds numbers: every filled cell of the column is a number (and at
    /// least one is). Writers right-align such a column, its header too, as tables in print do.
    pub fn numeric_columns(&self) -> Vec<bool> {
        (0..self.columns())
            .map(|j| {
                let filled = || self.rows.iter().filter_map(|r| r.get(j)).filter(|c| **c != Cell::Empty);
                filled().next().is_some() && filled().all(Cell::is_number)
            })
            .collect()
    }
    /// Column `j`'s header in a document: its group ("" for none) and its own header under it
    /// (see [`Table::header_groups`]).
    pub fn document_header(&self, j: usize) -> (&str, &str) {
        match self.header_groups.get(j) {
            Some((group, own)) => (group, own),
            None => ("", self.headers.get(j).map_or("", String::as_str)),
        }
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

/// How a document prints a code tree: a bulleted list (the default, as theses print their
/// "codeboom"), a numbered list (1, 1.1, 1.1.1) or headings (Word's Heading 1, 2, 3…, so the
/// navigation pane and a table of contents show the tree). Lists are real lists in every format
/// (Word numbering levels, HTML `<ul>`/`<ol>`, Markdown list items), never indentation by spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TreeStyle {
    #[default]
    Bullets,
    Numbered,
    Headings,
}

/// Content of a report (HTML page or Word document).
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Table(Table),
    /// The code tree as a nested list or as headings, as theses print it.
    CodeTree(Vec<TreeLine>, TreeStyle),
    /// Inline SVG markup (HTML only; the DOCX writer skips it, see [`docx`]).
    Svg(String),
}

impl Block {
    /// The block with `f` applied to all of its text (SVG markup is left as it is: it is escaped
    /// when built).
    pub fn map_text(&self, f: &dyn Fn(&str) -> String) -> Block {
        match self {
            Block::Heading(h) => Block::Heading(f(h)),
            Block::Paragraph(p) => Block::Paragraph(f(p)),
            Block::Table(t) => Block::Table(t.map_text(f)),
            Block::CodeTree(lines, style) => Block::CodeTree(
                lines.iter().map(|l| TreeLine { level: l.level, name: f(&l.name), detail: f(&l.detail) }).collect(),
                *style,
            ),
            Block::Svg(s) => Block::Svg(s.clone()),
        }
    }
}

/// Language of headers and labels in generated tables and texts (exports default to Dutch).
pub use crate::core::lang::Lang;
pub use labels::Label;

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
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Output(#[from] crate::output::OutputError),
}

/// Escapes text for HTML/XML content and attribute values.
pub use crate::xml_escape::esc_attr as escape_xml;

/// Writes `blocks` to `path` in the format its extension names, in `lang` (Word captions "Tabel N"
/// or "Table N", the page's language, untitled sheets): `.docx`, `.html` and `.md` get the whole report,
/// `.xlsx` every table (one sheet each), `.csv` every table (one under the other, each under its
/// title, when there are several), `.txt` headings, paragraphs and code trees as text. Returns an
/// error for other extensions. There is deliberately no variant without a language: a report
/// written from the English app must not come out with Dutch captions.
pub fn write_report_in(
    path: &std::path::Path,
    title: &str,
    blocks: &[Block],
    csv_options: csv::CsvOptions,
    lang: Lang,
) -> Result<(), ExportError> {
    let tables: Vec<Table> =
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t.clone()) } else { None }).collect();
    use crate::output::{self, Format};
    let titled = without_repeated_title(title, blocks, lang);
    let bytes = match output::format_of(path, "a report", output::REPORT_FORMATS)? {
        Format::Docx => docx::docx_bytes_in(title, titled, lang)?,
        Format::Html => html::html_page_in(title, titled, lang).into_bytes(),
        Format::Xlsx => xlsx::xlsx_bytes_in(title, &tables, lang)?,
        Format::Csv if tables.is_empty() => {
            return Err(ExportError::Unsupported("this report has no table to write as CSV".into()));
        }
        Format::Csv => csv::csv_report_bytes(&tables, csv_options)?,
        Format::Md => md::markdown_in(title, titled, lang).into_bytes(),
        _ => text::blocks_text(blocks, lang).into_bytes(),
    };
    output::write_bytes(path, &bytes)?;
    Ok(())
}

/// Word, HTML and Markdown open with the title line "Codeboom — Scriptie"; a report whose first
/// heading only says what it is ("Codeboom") would say it twice. Plain text has no title line and
/// keeps the heading.
fn without_repeated_title<'a>(title: &str, blocks: &'a [Block], lang: Lang) -> &'a [Block] {
    match blocks.split_first() {
        Some((Block::Heading(h), rest)) if title.starts_with(&Label::DocumentTitle.fill(lang, &[h, &""])) => rest,
        _ => blocks,
    }
}

/// The blocks of a thesis appendix: code tree, frequency table, respondent overview, the
/// code × respondent matrix (counts, or 0/1 with `presence`) and a bar chart of the concepts (or
/// of the branch's children). Each table carries its own title (one caption per table, no extra
/// heading); a filtered appendix says so under its first heading. The options choose counts,
/// branch, labels and wording. One list for the CLI (`export appendix`) and the app's Analysis
/// window.
pub fn appendix_blocks(
    a: &crate::core::analysis::Analysis,
    filter: &crate::core::analysis::Filter,
    presence: bool,
    o: &options::ReportOptions,
) -> Vec<Block> {
    use report::{Report, title};
    let lang = o.lang;
    let p = a.project;
    let rows = o.shape(p, a.code_frequencies(filter));
    let note = options::filter_note(p, filter, lang);
    let mut blocks = vec![Block::Heading(Label::CodeTree.text(lang).into())];
    if !note.is_empty() {
        blocks.push(Block::Paragraph(note.clone()));
    }
    blocks.push(Block::CodeTree(tables::codeboom_lines(&rows, o), o.tree_style));
    let mut freq = tables::frequency_table(&rows, o);
    freq.title = title(p, &Report::Frequencies, o);
    freq.note = note.clone();
    blocks.push(Block::Table(freq));
    blocks.push(Block::Table(tables::respondent_table(&a.respondent_overview(), lang)));
    let aggregate = o.counts_or(options::CountsShown::Total) != options::CountsShown::Own;
    let m = o.shape_matrix(p, a.code_case_matrix(filter, aggregate), true);
    let mut matrix = tables::matrix_table(&title(p, &Report::Matrix { presence }, o), &m, presence, lang);
    matrix.note = note;
    blocks.push(Block::Table(matrix));
    blocks.push(Block::Svg(svg::code_bar_chart(&rows, &title(p, &Report::BarChart, o), o)));
    blocks
}
