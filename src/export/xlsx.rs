//! Excel workbooks (rust_xlsxwriter): one worksheet per table, bold shaded header row frozen at
//! the top, numbers as numbers, column widths from the content, first column indented by tree
//! depth. Sheet names come from the table titles (shortened to Excel's 31 characters, forbidden
//! characters replaced, made unique).
//!
//! Text goes through the one XML clean-up ([`crate::xml_escape::xml_safe`]) and a text cell a
//! spreadsheet would run as a formula ([`super::formula_risk`]) gets Excel's own "quote prefix"
//! style: it shows and stays text, also after the user edits it, without a visible `'`.

use super::{Cell, ExportError, Lang, Table};
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook};

/// How many lines a cell's text takes in a column of at most [`MAX_WIDTH`] characters (an
/// estimate by word wrapping; Excel and LibreOffice do the real layout).
fn wrapped_lines(text: &str) -> usize {
    wrapped_lines_in(text, MAX_WIDTH - 2)
}

/// How many lines `text` takes wrapped at `width` characters (an estimate, see [`wrapped_lines`]).
fn wrapped_lines_in(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.lines()
        .map(|line| {
            let (mut lines, mut used) = (1, 0);
            for word in line.split(' ') {
                let n = word.chars().count();
                if used == 0 {
                    used = n;
                } else if used + 1 + n <= width {
                    used += 1 + n;
                } else {
                    lines += 1;
                    used = n;
                }
                // A word longer than the column breaks inside it.
                while used > width {
                    lines += 1;
                    used -= width;
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

/// The widest a column gets, in characters: a long code path or quote wraps within it (its
/// cell has "wrap text") instead of running under the next column or off the printed page.
const MAX_WIDTH: usize = 60;

/// `s` in at most `max` characters, cut at a word boundary (never mid-word unless the first word
/// alone is too long), without a dangling "(" or separator at the end.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max + 1).collect();
    let at_space = cut.rfind(' ').filter(|&i| i > 0).map(|i| cut[..i].to_string());
    let out = at_space.unwrap_or_else(|| s.chars().take(max).collect());
    out.trim_end_matches(|c: char| matches!(c, '(' | '-' | '—' | '>' | ':' | ',') || c.is_whitespace()).to_string()
}

/// A valid, unique worksheet name for `title` ("Tabel"/"Table" for an untitled one).
fn sheet_name(title: &str, used: &mut Vec<String>, lang: Lang) -> String {
    let clean: String =
        title.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '-' } else { c }).collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base: String = if clean.is_empty() { super::Label::Table.text(lang).into() } else { shorten(&clean, 31) };
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

/// The tables as one `.xlsx` file in memory (Dutch sheet names for untitled tables).
pub fn xlsx_bytes(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    xlsx_bytes_in("", tables, Lang::Nl)
}

/// [`xlsx_bytes`] in `lang`, with `title` as the file's document title (Excel's File > Info, as
/// the Word reports have theirs) and Werkbank as its author. A filtered table (one with a
/// [`Table::note`]) states its filter in the first row, above the header.
pub fn xlsx_bytes_in(title: &str, tables: &[Table], lang: Lang) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let title = crate::xml_escape::xml_safe(title);
    wb.set_properties(&DocProperties::new().set_title(title.as_ref()).set_author("Werkbank"));
    let note_format = Format::new().set_italic();
    let header = Format::new().set_bold().set_background_color(Color::RGB(0xD9E2F3)).set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut used = Vec::new();
    let safe = |s: &str| crate::xml_escape::xml_safe(s).into_owned();
    for t in tables {
        let t = &t.map_text(safe);
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.title, &mut used, lang))?;
        let ncols = t.columns();
        let mut widths = vec![8usize; ncols];
        // The header's row: 0, or 1 below the filter note.
        let top = u32::from(!t.note.is_empty());
        if top > 0 {
            let nf =
                if super::formula_risk(&t.note) { note_format.clone().set_quote_prefix() } else { note_format.clone() };
            ws.write_string_with_format(0, 0, &t.note, &nf)?;
        }
        let numeric = t.numeric_columns();
        for (j, h) in t.headers.iter().enumerate() {
            let rtl = crate::core::bidi::is_rtl_content(h);
            // A number column's header stands over its (right-aligned) numbers.
            let hf = if numeric.get(j) == Some(&true) {
                header.clone().set_align(FormatAlign::Right)
            } else {
                header.clone()
            };
            let hf = if rtl { hf.set_reading_direction(2) } else { hf };
            let hf = if super::formula_risk(h) { hf.set_quote_prefix() } else { hf };
            ws.write_string_with_format(top, j as u16, h, &hf)?;
            widths[j] = widths[j].max(h.chars().count().min(30) + 2);
        }
        for (i, row) in t.rows.iter().enumerate() {
            let r = top + 1 + i as u32;
            let mut lines = 1;
            for (j, c) in row.iter().enumerate() {
                let col = j as u16;
                let indent = if j == 0 { t.indent_of(i).min(15) as u8 } else { 0 };
                let fmt = if indent > 0 { Some(Format::new().set_indent(indent)) } else { None };
                match (c, &fmt) {
                    (Cell::Empty, _) => {}
                    (Cell::Int(n), _) => {
                        ws.write_number(r, col, *n as f64)?;
                    }
                    (Cell::Float(f), _) => {
                        ws.write_number(r, col, *f)?;
                    }
                    // A quote or code name that reads from the right: the cell reads right to left
                    // (Excel's reading order), so it is aligned and ordered as written. Text that
                    // looks like a formula is quote-prefixed.
                    (Cell::Text(s), f) if crate::core::bidi::is_rtl_content(s) || super::formula_risk(s) => {
                        let mut base =
                            f.clone().unwrap_or_else(|| if s.contains('\n') { wrap.clone() } else { Format::new() });
                        if crate::core::bidi::is_rtl_content(s) {
                            base = base.set_reading_direction(2);
                        }
                        if super::formula_risk(s) {
                            base = base.set_quote_prefix();
                        }
                        ws.write_string_with_format(r, col, s, &base)?;
                    }
                    (Cell::Text(s), Some(f)) => {
                        ws.write_string_with_format(r, col, s, f)?;
                    }
                    (Cell::Text(s), None) if s.contains('\n') || s.chars().count() > MAX_WIDTH - 2 => {
                        ws.write_string_with_format(r, col, s, &wrap)?;
                    }
                    (Cell::Text(s), None) => {
                        ws.write_string(r, col, s)?;
                    }
                }
                let text = c.display();
                let len = text.lines().map(|l| l.chars().count()).max().unwrap_or(0) + 2 * indent as usize;
                widths[j] = widths[j].max(len + 2);
                lines = lines.max(wrapped_lines(&text));
            }
            // A wrapped cell needs a taller row: LibreOffice keeps the default height of a row
            // written without one, hiding every line after the first.
            if lines > 1 {
                ws.set_row_height(r, 15.0 * lines as f64)?;
            }
        }
        for (j, w) in widths.iter().enumerate() {
            ws.set_column_width(j as u16, (*w).min(MAX_WIDTH) as f64)?;
        }
        // A header longer than its column wraps (its format has "wrap text"): the header row is
        // made tall enough for every line, or only the last one would show.
        let header_lines = t
            .headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| wrapped_lines_in(h, (*w).min(MAX_WIDTH).saturating_sub(2)))
            .max()
            .unwrap_or(1);
        if header_lines > 1 {
            ws.set_row_height(top, 15.0 * header_lines as f64)?;
        }
        ws.set_freeze_panes(top + 1, 0)?;
        // Print setup: landscape, as wide as one page, the header row on every printed page.
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(top, top)?;
    }
    if tables.is_empty() {
        wb.add_worksheet();
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Right-to-left quotes are stored as written and read right to left in Excel; Dutch cells
    /// keep the default reading order.
    #[test]
    fn a_row_with_a_wrapped_cell_is_tall_enough_for_every_line() {
        use std::io::Read as _;
        assert_eq!(wrapped_lines("Publieke waarden"), 1);
        assert_eq!(wrapped_lines("a\nb"), 2);
        let path =
            "Inductieve resultaten > Elementen van waardengedreven digitaliseren > De mens blijft in controle van IT";
        assert_eq!(wrapped_lines(path), 2);
        assert_eq!(wrapped_lines(&"x".repeat(120)), 3);
        let t = Table {
            title: "Codes".into(),
            headers: vec!["Pad".into()],
            rows: vec![vec![Cell::Text("kort".into())], vec![Cell::Text(path.into())]],
            ..Default::default()
        };
        let bytes = xlsx_bytes(&[t]).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
        let row = |n: u32| {
            let r = &sheet[sheet.find(&format!("<row r=\"{n}\"")).unwrap()..];
            r[..r.find('>').unwrap()].to_string()
        };
        assert!(!row(2).contains("ht="), "{}", row(2));
        assert!(row(3).contains("ht=\"30\"") && row(3).contains("customHeight=\"1\""), "{}", row(3));
    }

    #[test]
    fn headers_over_numbers_are_right_aligned_like_the_numbers() {
        use std::io::Read as _;
        let mut t = Table::new("Codes", vec!["Code".into(), "Coderingen".into(), "Labels".into()]);
        t.rows.push(vec![Cell::text("Vertrouwen"), Cell::int(12), Cell::text("M1, R2")]);
        t.rows.push(vec![Cell::text("Overleg"), Cell::Empty, Cell::Empty]);
        let bytes = xlsx_bytes(&[t]).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let (mut styles, mut sheet) = (String::new(), String::new());
        z.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
        z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
        let xfs: Vec<&str> = styles.split("<cellXfs").nth(1).unwrap().split("<xf ").skip(1).collect();
        let xf_of = |cell: &str| {
            let c = &sheet[sheet.find(&format!("r=\"{cell}\"")).unwrap()..];
            let c = &c[..c.find('>').unwrap()];
            xfs[c.split("s=\"").nth(1).map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap())]
        };
        assert!(xf_of("B1").contains("horizontal=\"right\""), "{}", xf_of("B1"));
        // Headers fit their columns here: the header row keeps its default height.
        assert!(!sheet[sheet.find("<row r=\"1\"").unwrap()..].split('>').next().unwrap().contains("ht="));
        for text_header in ["A1", "C1"] {
            assert!(!xf_of(text_header).contains("horizontal="), "{text_header}: {}", xf_of(text_header));
        }

        // A group header longer than its column wraps onto a second line, and the row shows both.
        let mut t = Table::new("Groepen", vec!["Code".into(), "beleidsmedewerker: coderingen (n=2)".into()]);
        t.rows.push(vec![Cell::text("Vertrouwen"), Cell::int(5)]);
        let bytes = xlsx_bytes(&[t]).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
        let row = sheet[sheet.find("<row r=\"1\"").unwrap()..].split('>').next().unwrap().to_string();
        assert!(row.contains("ht=\"30\""), "{row}");
    }

    #[test]
    fn arabic_and_hebrew_cells_read_right_to_left() {
        use calamine::Reader as _;
        use std::io::Read as _;
        let mut t = Table::new("Citaten", vec!["Code".into(), "Citaat".into()]);
        t.rows.push(vec![Cell::Text("الخدمات الرقمية".into()), Cell::Text("בשבילי השירות".into())]);
        t.rows.push(vec![Cell::Text("Vertrouwen".into()), Cell::Text("Gewoon Nederlands".into())]);
        let bytes = xlsx_bytes(&[t]).unwrap();
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(range.get((1, 0)).unwrap().to_string(), "الخدمات الرقمية");
        assert_eq!(range.get((1, 1)).unwrap().to_string(), "בשבילי השירות");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let (mut styles, mut sheet) = (String::new(), String::new());
        z.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
        z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
        let xfs: Vec<&str> = styles.split("<cellXfs").nth(1).unwrap().split("<xf ").skip(1).collect();
        let style_of = |cell: &str| -> usize {
            let c = &sheet[sheet.find(&format!("r=\"{cell}\"")).unwrap()..];
            let c = &c[..c.find('>').unwrap()];
            c.split("s=\"").nth(1).map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap())
        };
        for cell in ["A2", "B2"] {
            assert!(xfs[style_of(cell)].contains("readingOrder=\"2\""), "{cell} not right to left");
        }
        for cell in ["A3", "B3"] {
            assert!(!xfs[style_of(cell)].contains("readingOrder"), "{cell} should read left to right");
        }
    }

    #[test]
    fn sheet_names_are_cut_at_a_word_not_mid_word() {
        let mut used = Vec::new();
        let long = "Intercodeursbetrouwbaarheid (segmenten, 90 % overlap)";
        assert_eq!(sheet_name(long, &mut used, Lang::Nl), "Intercodeursbetrouwbaarheid");
        assert_eq!(sheet_name("Codes × respondenten", &mut used, Lang::Nl), "Codes × respondenten");
        assert_eq!(sheet_name("Codes × respondenten", &mut used, Lang::Nl), "Codes × respondenten (2)");
        // A branch after the title is left out rather than cut to a dangling dash.
        assert_eq!(
            sheet_name("Coderingen per respondent — Vertrouwen > Institutioneel", &mut used, Lang::Nl),
            "Coderingen per respondent"
        );
        assert!(sheet_name("Eenheelerglangwoordzonderspatiesdatnietpast", &mut used, Lang::Nl).chars().count() <= 31);
        assert_eq!(sheet_name("", &mut used, Lang::En), "Table");
    }
}
