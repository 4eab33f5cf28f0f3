//! CSV: UTF-8 with a byte-order mark (so Excel detects UTF-8 and shows "één" correctly), RFC 4180
//! quoting, `,` or `;` as delimiter. Dutch Excel expects `;` and a decimal comma; use
//! [`CsvOptions::excel_nl`]. A single table is written without its title (CSV has no place for
//! it), so scripts read the header in the first row; a filtered table states its filter in a
//! line above the header, so a filtered file is never mistaken for the whole. A report of several
//! tables (the appendix) is written as sections: title, (filter,) header, rows, a blank line.
//!
//! Text a spreadsheet would run as a formula gets a leading `'` ([`super::defuse_formula`]): text
//! cells, headers, titles and notes, since they hold code names and respondent labels.

use super::{ExportError, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    pub delimiter: u8,
    pub bom: bool,
    /// Decimal separator for [`super::Cell::Float`].
    pub decimal: char,
}

impl CsvOptions {
    /// `,` delimiter, `.` decimals, with BOM.
    pub fn standard() -> Self {
        CsvOptions { delimiter: b',', bom: true, decimal: '.' }
    }
    /// `;` delimiter, `,` decimals, with BOM: opens directly in Excel with Dutch regional settings.
    pub fn excel_nl() -> Self {
        CsvOptions { delimiter: b';', bom: true, decimal: ',' }
    }
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self::standard()
    }
}

/// The table as CSV bytes: its filter note (if any), the header row, then the rows (ragged rows
/// are padded).
pub fn csv_bytes(table: &Table, opts: CsvOptions) -> Result<Vec<u8>, ExportError> {
    csv_tables(std::slice::from_ref(table), opts, false)
}

/// Several tables in one file, each under its title and separated by a blank line; one table is
/// written as [`csv_bytes`] writes it.
pub fn csv_report_bytes(tables: &[Table], opts: CsvOptions) -> Result<Vec<u8>, ExportError> {
    csv_tables(tables, opts, tables.len() > 1)
}

fn csv_tables(tables: &[Table], opts: CsvOptions, titled: bool) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    if opts.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .quote_style(::csv::QuoteStyle::Necessary)
            .terminator(::csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        let safe = |s: &str| super::defuse_formula(s).into_owned();
        if titled {
            w.write_record([safe(&table.title)])?;
        }
        if !table.note.is_empty() {
            w.write_record([safe(&table.note)])?;
        }
        let n = table.columns();
        let mut header: Vec<String> = table.headers.iter().map(|h| safe(h)).collect();
        header.resize(n, String::new());
        w.write_record(&header)?;
        for row in &table.rows {
            let mut rec: Vec<String> = row
                .iter()
                .map(|c| match c {
                    super::Cell::Text(s) => safe(s),
                    c => c.display_with(opts.decimal),
                })
                .collect();
            rec.resize(n, String::new());
            w.write_record(&rec)?;
        }
        w.flush()?;
    }
    Ok(out)
}
