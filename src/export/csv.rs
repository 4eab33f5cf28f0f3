//! CSV: UTF-8 with a byte-order mark (so Excel detects UTF-8 and shows "één" correctly), RFC 4180
//! quoting, `,` or `;` as delimiter. Dutch Excel expects `;` and a decimal comma; use
//! [`CsvOptions::excel_nl`]. The table title is not written (CSV has no place for it).
//!
//! Text cells that a spreadsheet would run as a formula get a leading `'` ([`super::defuse_formula`]);
//! headers too, since they hold code names and respondent labels.

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

/// The table as CSV bytes: header row, then the rows (ragged rows are padded).
pub fn csv_bytes(table: &Table, opts: CsvOptions) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    if opts.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let n = table.columns();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .quote_style(::csv::QuoteStyle::Necessary)
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<String> = table.headers.iter().map(|h| super::defuse_formula(h).into_owned()).collect();
        header.resize(n, String::new());
        w.write_record(&header)?;
        for row in &table.rows {
            let mut rec: Vec<String> = row
                .iter()
                .map(|c| match c {
                    super::Cell::Text(s) => super::defuse_formula(s).into_owned(),
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
