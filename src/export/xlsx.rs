//! Excel workbooks (rust_xlsxwriter): one worksheet per table, bold shaded header row frozen at
//! the top, numbers as numbers, column widths from the content, first column indented by tree
//! depth. Sheet names come from the table titles (shortened to Excel's 31 characters, forbidden
//! characters replaced, made unique).
//!
//! Text goes through the one XML clean-up ([`crate::xml_escape::xml_safe`]) and a text cell a
//! spreadsheet would run as a formula ([`super::formula_risk`]) gets Excel's own "quote prefix"
//! style: it shows and stays text, also after the user edits it, without a visible `'`.

use super::{Cell, ExportError, Table};
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook};

/// `s` in at most `max` characters, cut at a word boundary (never mid-word unless the first word
/// alone is too long), without a dangling "(" or separator at the end.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max + 1).collect();
    let at_space = cut.rfind(' ').filter(|&i| i > 0).map(|i| cut[..i].to_string());
    let out = at_space.unwrap_or_else(|| s.chars().take(max).collect());
    out.trim_end_matches(|c: char| c == '(' || c == '-' || c == ':' || c == ',' || c.is_whitespace()).to_string()
}

/// A valid, unique worksheet name for `title`.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String =
        title.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '-' } else { c }).collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base: String = if clean.is_empty() { "Tabel".into() } else { shorten(&clean, 31) };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = base.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
        n += 1;
    }
    used.push(name.clone());
    name
}

/// The tables as one `.xlsx` file in memory.
pub fn xlsx_bytes(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let header = Format::new().set_bold().set_background_color(Color::RGB(0xD9E2F3)).set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut used = Vec::new();
    let safe = |s: &str| crate::xml_escape::xml_safe(s).into_owned();
    for t in tables {
        let t = &t.map_text(safe);
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.title, &mut used))?;
        let ncols = t.columns();
        let mut widths = vec![8usize; ncols];
        let header_text = header.clone().set_quote_prefix();
        for (j, h) in t.headers.iter().enumerate() {
            let f = if super::formula_risk(h) { &header_text } else { &header };
            ws.write_string_with_format(0, j as u16, h, f)?;
            widths[j] = widths[j].max(h.chars().count().min(30) + 2);
        }
        for (i, row) in t.rows.iter().enumerate() {
            let r = (i + 1) as u32;
            for (j, c) in row.iter().enumerate() {
                let col = j as u16;
                let indent = if j == 0 { t.indent_of(i).min(15) as u8 } else { 0 };
                let as_text = matches!(c, Cell::Text(s) if super::formula_risk(s));
                let fmt = match (indent, as_text) {
                    (0, false) => None,
                    (0, true) => Some(wrap.clone().set_quote_prefix()),
                    (i, q) => Some(if q {
                        Format::new().set_indent(i).set_quote_prefix()
                    } else {
                        Format::new().set_indent(i)
                    }),
                };
                match (c, &fmt) {
                    (Cell::Empty, _) => {}
                    (Cell::Int(n), _) => {
                        ws.write_number(r, col, *n as f64)?;
                    }
                    (Cell::Float(f), _) => {
                        ws.write_number(r, col, *f)?;
                    }
                    (Cell::Text(s), Some(f)) => {
                        ws.write_string_with_format(r, col, s, f)?;
                    }
                    (Cell::Text(s), None) if s.contains('\n') => {
                        ws.write_string_with_format(r, col, s, &wrap)?;
                    }
                    (Cell::Text(s), None) => {
                        ws.write_string(r, col, s)?;
                    }
                }
                let len = c.display().lines().map(|l| l.chars().count()).max().unwrap_or(0) + 2 * indent as usize;
                widths[j] = widths[j].max(len + 2);
            }
        }
        for (j, w) in widths.iter().enumerate() {
            ws.set_column_width(j as u16, (*w).min(80) as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
        // Print setup: landscape, as wide as one page, the header row on every printed page.
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
    }
    if tables.is_empty() {
        wb.add_worksheet();
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cut_at_a_word_not_mid_word() {
        let mut used = Vec::new();
        let long = "Intercodeursbetrouwbaarheid (segmenten, 90 % overlap)";
        assert_eq!(sheet_name(long, &mut used), "Intercodeursbetrouwbaarheid");
        assert_eq!(sheet_name("Codes × respondenten", &mut used), "Codes × respondenten");
        assert_eq!(sheet_name("Codes × respondenten", &mut used), "Codes × respondenten (2)");
        assert!(sheet_name("Eenheelerglangwoordzonderspatiesdatnietpast", &mut used).chars().count() <= 31);
    }
}
