//! Tables of respondents: the one reader for the spreadsheets students keep (.csv from Excel or
//! Google Forms, .xlsx, .ods), used by both the respondent-attribute import and the survey import.
//!
//! A table is a header row and data rows of [`Value`]s. Spreadsheet cells keep their type (a
//! number stays a number, a date a date), so "58" from Excel and 58.0 from LibreOffice read the
//! same. CSV text goes through the one text decoder ([`crate::input::text`]: UTF-8, UTF-16, Excel's
//! Windows-1252), the delimiter is sniffed (`,` `;` tab) and quoted fields may span lines.
//!
//! Untrusted input: the file is size-capped, archives are checked with the same bounded zip reader
//! as .docx ([`crate::input::zip`]), .xlsx sheets are *streamed* cell by cell so a sheet claiming a
//! million rows costs nothing before the row limit stops it, and rows, columns, cells and cell
//! length are limited ([`Limits`]). calamine (maintained, MIT) reads the spreadsheets, under
//! `catch_unwind` like every third-party parser here.

use super::{ImportError, MAX_FILE_BYTES, open_package};
use crate::core::lang::Lang;
use std::io::{Cursor, Read};
use std::path::Path;

use crate::output::Format;
/// The formats [`read_table`] accepts: the table's list of tables.
pub use crate::output::TABLE_FORMATS;

/// How much of a table we read. A thesis survey has tens to thousands of rows; these bounds keep
/// a hostile or mistaken file (a log, a database dump) from filling memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_rows: usize,
    pub max_columns: usize,
    /// Longest cell, in characters (Excel's own limit is 32 767).
    pub max_cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_rows: 50_000, max_columns: 500, max_cell_chars: 100_000 }
    }
}

/// One cell, typed where the spreadsheet says so.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A calendar date (a date-time keeps its date part: survey tools stamp submissions).
    Date(chrono::NaiveDate),
}

impl Value {
    /// The value as the user would type it: numbers without a trailing `.0`, dates as ISO
    /// `YYYY-MM-DD`, text trimmed.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.trim().to_string(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if *b { "true" } else { "false" }.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A read table: column names (trimmed; a column without a name is `""`) and data rows, each
/// exactly as long as `headers`. Rows that are entirely empty are dropped.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// Where the rows came from: "CSV, delimiter ';', Windows-1252" or "sheet 'Antwoorden'".
    pub source: String,
    pub warnings: Vec<String>,
}

impl Table {
    /// Index of the column called `name` (trimmed, case-insensitive on a miss), or a 1-based
    /// column number ("3") or a spreadsheet letter ("C").
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        if let Some(i) = self.headers.iter().position(|h| h == name) {
            return Some(i);
        }
        if let Some(i) = self.headers.iter().position(|h| h.to_lowercase() == name.to_lowercase()) {
            return Some(i);
        }
        if let Ok(n) = name.parse::<usize>() {
            return (1..=self.headers.len()).contains(&n).then(|| n - 1);
        }
        if !name.is_empty() && name.len() <= 3 && name.chars().all(|c| c.is_ascii_uppercase()) {
            let n = name.bytes().fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize);
            return (1..=self.headers.len()).contains(&n).then(|| n - 1);
        }
        None
    }

    /// The values of column `i`, one per row.
    pub fn column_values(&self, i: usize) -> impl Iterator<Item = &Value> {
        self.rows.iter().map(move |r| r.get(i).unwrap_or(&Value::Empty))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("{}", self.say(Lang::En))]
    Unsupported(String),
    #[error("{}", self.say(Lang::En))]
    Empty,
    #[error("{}", self.say(Lang::En))]
    TooManyRows(usize),
    #[error("{}", self.say(Lang::En))]
    TooManyColumns(usize),
    #[error("{}", self.say(Lang::En))]
    CellTooLong { row: usize, column: usize, limit: usize },
    #[error("{}", self.say(Lang::En))]
    Spreadsheet(String),
    #[error("{}", self.say(Lang::En))]
    Csv(String),
    #[error(transparent)]
    Import(#[from] ImportError),
}

crate::core::lang::string_table! {
    /// Why a table cannot be read, in the reader's language.
    pub enum TableSay {
        ReadFrom =>
            "tables are read from {0} files, not from {1}",
            "tabellen worden gelezen uit bestanden met {0}, niet uit {1}";
        SaveAsXlsx => "{0} (save the sheet as .xlsx or .csv)", "{0} (sla het blad op als .xlsx of .csv)";
        Empty => "the table is empty: it has no header row", "de tabel is leeg: ze heeft geen kopregel";
        TooManyRows =>
            "the table has more than {0} rows; split it or remove rows that are no respondents",
            "de tabel heeft meer dan {0} rijen; splits haar of verwijder rijen die geen respondenten zijn";
        TooManyColumns => "the table has more than {0} columns", "de tabel heeft meer dan {0} kolommen";
        CellTooLong =>
            "row {0}, column {1}: the cell is longer than {2} characters",
            "rij {0}, kolom {1}: de cel is langer dan {2} tekens";
        Spreadsheet => "the spreadsheet cannot be read: {0}", "het rekenblad kan niet worden gelezen: {0}";
        Csv => "the CSV cannot be read: {0}", "de CSV kan niet worden gelezen: {0}";
    }
}

impl TableError {
    /// The reason in `lang` (what a library said of a damaged file stays in its words).
    pub fn say(&self, lang: Lang) -> String {
        match self {
            TableError::Unsupported(ext) => {
                let what = super::files_with(ext, lang);
                let what = if ext == "xls" { TableSay::SaveAsXlsx.fill(lang, &[&what]) } else { what };
                TableSay::ReadFrom.fill(lang, &[&crate::output::listing(TABLE_FORMATS), &what])
            }
            TableError::Empty => TableSay::Empty.text(lang).to_string(),
            TableError::TooManyRows(n) => TableSay::TooManyRows.fill(lang, &[n]),
            TableError::TooManyColumns(n) => TableSay::TooManyColumns.fill(lang, &[n]),
            TableError::CellTooLong { row, column, limit } => TableSay::CellTooLong.fill(lang, &[row, column, limit]),
            TableError::Spreadsheet(why) => TableSay::Spreadsheet.fill(lang, &[why]),
            TableError::Csv(why) => TableSay::Csv.fill(lang, &[why]),
            TableError::Import(e) => e.to_string(),
        }
    }
}

/// Reads a table file (format by extension), with the default [`Limits`].
pub fn read_table(path: &Path) -> Result<Table, TableError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = extension(&name);
    if Format::of_path_in(&name, TABLE_FORMATS).is_none() {
        return Err(TableError::Unsupported(ext));
    }
    let size = std::fs::metadata(path).map_err(ImportError::from)?.len();
    too_large(size)?;
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(ImportError::from)?;
    read_table_bytes(&name, &bytes, Limits::default())
}

/// Reads table contents; `file_name` picks the format by its extension.
pub fn read_table_bytes(file_name: &str, bytes: &[u8], limits: Limits) -> Result<Table, TableError> {
    too_large(bytes.len() as u64)?;
    let ext = extension(file_name);
    let result = std::panic::catch_unwind(|| match Format::of_path_in(file_name, TABLE_FORMATS) {
        Some(Format::Csv | Format::Tsv | Format::Txt) => read_csv(bytes, limits),
        Some(Format::Xlsx) => read_xlsx(bytes, limits),
        Some(Format::Ods) => read_ods(bytes, limits),
        _ => Err(TableError::Unsupported(ext.clone())),
    });
    let table = match result {
        Ok(r) => r?,
        Err(_) => return Err(TableError::Spreadsheet("the file is damaged (the reader gave up)".into())),
    };
    if table.headers.iter().all(|h| h.is_empty()) {
        return Err(TableError::Empty);
    }
    Ok(table)
}

fn extension(name: &str) -> String {
    Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

fn too_large(size: u64) -> Result<(), TableError> {
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { what: "the file".into(), size, limit: MAX_FILE_BYTES }.into());
    }
    Ok(())
}

/// Collects rows (header first) into a [`Table`], applying the limits and dropping empty rows.
struct Builder {
    limits: Limits,
    rows: Vec<Vec<Value>>,
    width: usize,
}

impl Builder {
    fn new(limits: Limits) -> Self {
        Builder { limits, rows: Vec::new(), width: 0 }
    }

    /// Puts `value` at (`row`, `col`), 0-based in the sheet; rows arrive in order.
    fn set(&mut self, row: usize, col: usize, value: Value) -> Result<(), TableError> {
        if value.is_empty() {
            return Ok(());
        }
        if col >= self.limits.max_columns {
            return Err(TableError::TooManyColumns(self.limits.max_columns));
        }
        // +1: the header row is not a data row.
        if row > self.limits.max_rows {
            return Err(TableError::TooManyRows(self.limits.max_rows));
        }
        if let Value::Text(s) = &value
            && s.chars().count() > self.limits.max_cell_chars
        {
            return Err(TableError::CellTooLong { row: row + 1, column: col + 1, limit: self.limits.max_cell_chars });
        }
        while self.rows.len() <= row {
            // Sparse sheets: rows in between stay empty and are dropped in `finish`.
            if self.rows.len() > self.limits.max_rows {
                return Err(TableError::TooManyRows(self.limits.max_rows));
            }
            self.rows.push(Vec::new());
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Value::Empty);
        }
        r[col] = value;
        self.width = self.width.max(col + 1);
        Ok(())
    }

    fn finish(self, source: String, warnings: Vec<String>) -> Result<Table, TableError> {
        let width = self.width;
        let mut rows = self.rows.into_iter().filter(|r| r.iter().any(|v| !v.is_empty()));
        let headers: Vec<String> = rows.next().ok_or(TableError::Empty)?.iter().map(Value::text).collect();
        let mut headers = headers;
        headers.resize(width, String::new());
        let rows = rows
            .map(|mut r| {
                r.resize(width, Value::Empty);
                r
            })
            .collect();
        Ok(Table { headers, rows, source, warnings })
    }
}

fn read_csv(bytes: &[u8], limits: Limits) -> Result<Table, TableError> {
    let decoded = crate::input::text::decode_text(bytes).map_err(ImportError::from)?;
    let (text, mut warnings) = (crate::core::text::normalize_newlines(&decoded.text), decoded.warnings());
    let delimiter = sniff_delimiter(&text);
    let mut rdr =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut b = Builder::new(limits);
    for (row, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| TableError::Csv(e.to_string()))?;
        if rec.len() > limits.max_columns {
            return Err(TableError::TooManyColumns(limits.max_columns));
        }
        for (col, field) in rec.iter().enumerate() {
            b.set(row, col, Value::Text(field.trim().to_string()))?;
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            // Keep row numbering aligned with the file for messages, without storing anything.
            continue;
        }
    }
    let name = match delimiter {
        b'\t' => "tab",
        b';' => "';'",
        _ => "','",
    };
    warnings.retain(|w| !w.is_empty());
    b.finish(format!("CSV, separated by {name}"), warnings)
}

/// The delimiter that splits the first lines into the most columns *consistently*: Excel in a
/// Dutch or German locale writes `;`, elsewhere `,`; tab-separated exports exist too. Quotes are
/// respected (a `;` inside a quoted answer is no separator).
pub fn sniff_delimiter(text: &str) -> u8 {
    let sample: String = text.chars().take(64 * 1024).collect();
    let mut best = (b',', 0usize, false);
    for d in [b',', b';', b'\t'] {
        let mut rdr =
            csv::ReaderBuilder::new().delimiter(d).has_headers(false).flexible(true).from_reader(sample.as_bytes());
        let counts: Vec<usize> = rdr.records().take(20).filter_map(Result::ok).map(|r| r.len()).collect();
        let Some(&first) = counts.first() else { continue };
        // The last sampled record may be cut off by the sample; ignore it when judging.
        let judged = &counts[..counts.len().saturating_sub(1).max(1)];
        let consistent = judged.iter().all(|&c| c == first);
        let better = (consistent, first) > (best.2, best.1);
        if first > 1 && better {
            best = (d, first, consistent);
        }
    }
    best.0
}

fn spreadsheet_err(e: impl std::fmt::Display) -> TableError {
    TableError::Spreadsheet(e.to_string())
}

/// Excel serial dates (and LibreOffice's ISO strings) to a calendar date.
fn excel_date(dt: &calamine::ExcelDateTime) -> Value {
    if !dt.is_datetime() {
        return Value::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).map_or(Value::Number(dt.as_f64()), Value::Date)
}

fn iso_date(s: &str) -> Value {
    let day = s.get(..10).unwrap_or(s);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_or_else(|_| Value::Text(s.to_string()), Value::Date)
}

/// A spreadsheet cell as a [`Value`]: numbers, booleans and dates typed, errors empty.
fn cell_value(v: &calamine::Data) -> Value {
    match v {
        calamine::Data::Int(i) => Value::Number(*i as f64),
        calamine::Data::Float(f) => Value::Number(*f),
        calamine::Data::String(s) => Value::Text(s.clone()),
        calamine::Data::Bool(x) => Value::Bool(*x),
        calamine::Data::DateTime(dt) => excel_date(dt),
        calamine::Data::DateTimeIso(s) => iso_date(s),
        calamine::Data::DurationIso(s) => Value::Text(s.clone()),
        calamine::Data::Error(_) | calamine::Data::Empty => Value::Empty,
    }
}

fn read_xlsx(bytes: &[u8], limits: Limits) -> Result<Table, TableError> {
    // Declared part sizes checked before calamine unpacks anything.
    open_package(bytes, "Excel workbook (.xlsx)")?;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(spreadsheet_err)?;
    let names = calamine::Reader::sheet_names(&wb);
    let sheet = names.first().cloned().ok_or_else(|| TableError::Spreadsheet("the workbook has no sheets".into()))?;
    let mut warnings = Vec::new();
    if names.len() > 1 {
        warnings.push(format!("the workbook has {} sheets; read the first, '{sheet}'", names.len()));
    }
    let mut reader = wb.worksheet_cells_reader(&sheet).map_err(spreadsheet_err)?;
    let mut b = Builder::new(limits);
    while let Some(cell) = reader.next_cell().map_err(spreadsheet_err)? {
        let (row, col) = cell.get_position();
        let value = cell_value(&calamine::Data::from(cell.get_value().clone()));
        b.set(row as usize, col as usize, value)?;
    }
    b.finish(format!("sheet '{sheet}'"), warnings)
}

fn read_ods(bytes: &[u8], limits: Limits) -> Result<Table, TableError> {
    open_package(bytes, "OpenDocument spreadsheet (.ods)")?;
    let mut wb: calamine::Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(spreadsheet_err)?;
    let names = calamine::Reader::sheet_names(&wb);
    let sheet =
        names.first().cloned().ok_or_else(|| TableError::Spreadsheet("the spreadsheet has no sheets".into()))?;
    let mut warnings = Vec::new();
    if names.len() > 1 {
        warnings.push(format!("the spreadsheet has {} sheets; read the first, '{sheet}'", names.len()));
    }
    // calamine reads an .ods sheet whole (capped at its own cell limit); ours apply after.
    let range = calamine::Reader::worksheet_range(&mut wb, &sheet).map_err(spreadsheet_err)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut b = Builder::new(limits);
    for (r, row) in range.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            b.set(r0 as usize + r, c0 as usize + c, cell_value(v))?;
        }
    }
    b.finish(format!("sheet '{sheet}'"), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_reason_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(TableSay::ALL, TableSay::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_delimiter_is_the_one_that_splits_consistently() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        // Dutch Excel: `;` separates, the answers contain commas.
        assert_eq!(sniff_delimiter("ID;Antwoord\nS1;Ja, soms\nS2;Nee, nooit, echt niet\n"), b';');
        // A quoted `;` is text, not a separator.
        assert_eq!(sniff_delimiter("ID,Antwoord\nS1,\"a; b\"\nS2,c\n"), b',');
    }

    #[test]
    fn numbers_and_dates_read_as_typed_text() {
        assert_eq!(Value::Number(58.0).text(), "58");
        assert_eq!(Value::Number(4.5).text(), "4.5");
        assert_eq!(Value::Date(chrono::NaiveDate::from_ymd_opt(2015, 9, 28).unwrap()).text(), "2015-09-28");
    }

    #[test]
    fn columns_are_found_by_name_number_or_letter() {
        let t = Table { headers: vec!["ID".into(), "Leeftijd".into(), "Q1".into()], ..Default::default() };
        assert_eq!(t.column("leeftijd"), Some(1));
        assert_eq!(t.column("3"), Some(2));
        assert_eq!(t.column("C"), Some(2));
        assert_eq!(t.column("D"), None);
        assert_eq!(t.column("Geslacht"), None);
    }
}
