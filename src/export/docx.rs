//! Word documents (docx-rs) a thesis can take as is: the title in Word's "Title" style, headings
//! in "Heading 1", real Word tables in a named table style (bordered, bold header row shaded
//! light blue, numbers right-aligned, first column indented by tree depth) whose header row
//! repeats on every page and whose rows never split across pages, a caption *below* each table
//! in Word's "Caption" style with a `SEQ Tabel`/`SEQ Table` field (so Word's caption numbering
//! and table of figures work), and the code tree as an indented list.
//!
//! Columns are fitted to their content ([`grid`]): every column is at least as wide as its
//! longest word, so a code name never breaks mid-word. Pages are A4 portrait; a document turns
//! landscape only when one of its tables cannot fit the portrait text width even with every
//! column at its minimum. [`Block::Svg`] is skipped: Word needs a raster image for a dependable
//! result.
//!
//! Right-to-left text (Arabic, Hebrew, Persian, Urdu quotes, code names) is marked as Word
//! expects: a paragraph whose text reads from the right gets `w:bidi` (right-aligned, read from the
//! right), and every stretch of right-to-left letters is a run of its own with `w:rtl`, so Word
//! orders and shapes it as complex script while Dutch words beside it stay plain runs.
//!
//! docx-rs 0.4 cannot write `w:tblHeader`, `w:rtl` nor the document's creator and title, so the
//! built XML is patched in three small, tested places ([`mark_header_rows`], [`mark_rtl_runs`],
//! [`core_properties`]).

use super::{Block, Cell, ExportError, Lang, Table, TreeLine, TreeStyle};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, FieldCharType, IndentLevel, InstrText, Level, LevelJc,
    LevelText, NumberFormat, Numbering, NumberingId, PageOrientationType, Paragraph, Run, RunFonts, Shading,
    SpecialIndentType, Start, Style, StyleType, Table as WTable, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableLayoutType, TableRow, WidthType,
};

const HEADER_FILL: &str = "D9E2F3";
/// Indentation per tree level, in twentieths of a point (0.5 cm).
const INDENT_TWIPS: i32 = 284;

/// A placeholder character style on right-to-left runs, replaced by `<w:rtl />` in the XML.
const RTL_MARK: &str = "WerkbankRtlRun";

/// A run holding `text`, with line breaks for `\n`.
fn text_run(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// `text` split where its direction changes: (stretch, right to left). Spaces and punctuation
/// stay with the stretch before them.
fn direction_runs(text: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    let mut rtl: Option<bool> = None;
    for (b, c) in text.char_indices() {
        let strong = if crate::core::bidi::is_rtl_char(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        };
        if let (Some(now), Some(was)) = (strong, rtl)
            && now != was
        {
            out.push((&text[start..b], was));
            start = b;
        }
        if strong.is_some() {
            rtl = strong;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push((&text[start..], rtl.unwrap_or(false)));
    }
    out
}

/// `text` added to `p` as runs (each shaped by `style`), right-to-left stretches marked; the
/// paragraph reads from the right when its text does.
fn add_text(mut p: Paragraph, text: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    if !crate::core::bidi::has_rtl(text) {
        return p.add_run(style(text_run(text)));
    }
    if crate::core::bidi::is_rtl_content(text) {
        p.property = p.property.bidi(true);
    }
    for (part, rtl) in direction_runs(text) {
        let run = style(text_run(part));
        p = p.add_run(if rtl { run.style(RTL_MARK) } else { run });
    }
    p
}

/// Turns the placeholder style of right-to-left runs into `<w:rtl />`.
fn mark_rtl_runs(document: &[u8]) -> Vec<u8> {
    let xml = String::from_utf8_lossy(document);
    xml.replace(&format!("<w:rStyle w:val=\"{RTL_MARK}\" />"), "<w:rtl />")
        .replace(&format!("<w:rStyle w:val=\"{RTL_MARK}\"/>"), "<w:rtl />")
        .into_bytes()
}

/// A4 portrait and landscape text widths: the page minus docx-rs's default 3 cm side margins.
const PORTRAIT: usize = 11906 - 2 * 1701;
const LANDSCAPE: usize = 16838 - 2 * 1701;

/// Table font sizes in half-points, largest first: 10, 9 and 8 pt.
const SIZES: [usize; 3] = [20, 18, 16];

/// Whether the document must be landscape (a table's minimum widths exceed the portrait text
/// width even at 9 pt) and the text width to fit tables into. Theses are portrait: a table that
/// fits portrait at 9 pt gets 9 pt ([`font_size`]); a turned page is the last resort.
fn table_width(tables: &[Table]) -> (bool, usize) {
    let wide = tables.iter().any(|t| min_widths(t, SIZES[1]).iter().sum::<usize>() > PORTRAIT);
    (wide, if wide { LANDSCAPE } else { PORTRAIT })
}

/// The largest of 10, 9 and 8 pt at which every column of `t` fits `total` with its longest word
/// whole (8 pt when none does).
fn font_size(t: &Table, total: usize) -> usize {
    SIZES.into_iter().find(|&size| min_widths(t, size).iter().sum::<usize>() <= total).unwrap_or(SIZES[2])
}

/// Column widths in twips, summing to `total`: every column gets room for its longest
/// word (so "Respondent" is never broken into syllables), the rest of the page is shared in
/// proportion to how much longer each column's longest line is. A table too wide even for that
/// keeps its first column (the code names) whole and narrows the others.
fn grid(t: &Table, total: usize, size: usize) -> Vec<usize> {
    let (min, want) = measure(t, size);
    let (smin, swant) = (min.iter().sum::<usize>(), want.iter().sum::<usize>());
    if swant <= total {
        // Text columns get what they want, numbers stay narrow; the table is as wide as needed.
        want
    } else if smin >= total {
        let first = min[0].min(total / 2);
        let rest: usize = min[1..].iter().sum::<usize>().max(1);
        std::iter::once(first).chain(min[1..].iter().map(|m| m * (total - first) / rest)).collect()
    } else {
        min.iter().zip(&want).map(|(m, w)| m + (w - m) * (total - smin) / (swant - smin)).collect()
    }
}

/// The narrowest width of each column that keeps its longest word whole, at `size` half-points.
fn min_widths(t: &Table, size: usize) -> Vec<usize> {
    measure(t, size).0
}

/// Per column: (room for the longest word, room for the longest line), in twips.
fn measure(t: &Table, size: usize) -> (Vec<usize>, Vec<usize>) {
    let n = t.columns().max(1);
    // Calibri's average character is about half an em (100 twips at 10 pt). Measured: LibreOffice without Calibri substitutes a wider sans (Noto Sans, DejaVu Sans), whose
    // long words need ~125 twips a character at 10 pt; plan for that so no word ever breaks.
    let per_char = size * 6;
    let pad = 280;
    let mut word = vec![2usize; n];
    let mut line = vec![2usize; n];
    let mut note = |j: usize, text: &str, extra: usize| {
        let longest_word = text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
        word[j] = word[j].max((longest_word + extra).min(30));
        line[j] = line[j].max((text.lines().map(|l| l.chars().count()).max().unwrap_or(0) + extra).min(45));
    };
    for (j, h) in t.headers.iter().enumerate() {
        note(j, h, 2); // bold
    }
    for (i, row) in t.rows.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            let extra = if j == 0 { t.indent_of(i) * 3 } else { 0 };
            note(j, &c.display(), extra);
        }
    }
    let min: Vec<usize> = word.iter().map(|w| w * per_char + pad).collect();
    let want: Vec<usize> = line.iter().zip(&min).map(|(l, m)| (l * per_char + pad).max(*m)).collect();
    (min, want)
}

fn word_table(t: &Table, total: usize, size: usize, decimal: char) -> WTable {
    let widths = grid(t, total, size);
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    let n = t.columns();
    let header: Vec<TableCell> = (0..n)
        .map(|j| {
            let h = t.headers.get(j).map(String::as_str).unwrap_or("");
            TableCell::new()
                .width(widths[j], WidthType::Dxa)
                .shading(Shading::new().fill(HEADER_FILL))
                .add_paragraph(add_text(Paragraph::new(), h, |r| r.bold().size(size)))
        })
        .collect();
    rows.push(TableRow::new(header).cant_split());
    for (i, row) in t.rows.iter().enumerate() {
        let cells: Vec<TableCell> = (0..n)
            .map(|j| {
                let c = row.get(j).unwrap_or(&Cell::Empty);
                let mut p = add_text(Paragraph::new(), &c.display_with(decimal), |r| r.size(size));
                if c.is_number() {
                    p = p.align(AlignmentType::Right);
                }
                let ind = t.indent_of(i) as i32;
                if j == 0 && ind > 0 {
                    p = p.indent(Some(ind * INDENT_TWIPS), None, None, None);
                }
                TableCell::new().width(widths[j], WidthType::Dxa).add_paragraph(p)
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    let total: usize = widths.iter().sum();
    WTable::new(rows).style(TABLE_STYLE).width(total, WidthType::Dxa).layout(TableLayoutType::Fixed).set_grid(widths)
}

/// One line of the code tree: an item of Word's bulleted or numbered list at the line's level
/// (real numbering levels, so Word's list tools and "Increase indent" work), or a heading
/// "Heading 2"… (the report's own heading is "Heading 1"), so the navigation pane and a table of
/// contents show the tree. Top-level names are bold in lists; the detail (counts) is never bold.
fn tree_paragraph(l: &TreeLine, style: TreeStyle) -> Paragraph {
    let level = l.level.min(8);
    let bold = l.level == 0;
    let p = match style {
        TreeStyle::Bullets => Paragraph::new().numbering(NumberingId::new(BULLETS), IndentLevel::new(level)),
        TreeStyle::Numbered => Paragraph::new().numbering(NumberingId::new(NUMBERS), IndentLevel::new(level)),
        TreeStyle::Headings => Paragraph::new().style(&format!("Heading{}", (level + 2).min(9))).keep_next(true),
    };
    let mut p = add_text(p, &l.name, |r| if bold && style != TreeStyle::Headings { r.bold() } else { r });
    if !l.detail.is_empty() {
        p = p.add_run(Run::new().disable_bold().add_text(format!(" {}", l.detail)));
    }
    p
}

/// Numbering ids of the code tree's lists (docx-rs reserves 1 for its default list).
const BULLETS: usize = 2;
const NUMBERS: usize = 3;

/// The bulleted (•, ○, ▪ by level) and the numbered list (1., 1.1., 1.1.1.), nine levels each,
/// indented 0.63 cm a level with the text hanging after the mark, as Word's own lists.
fn tree_numbering(doc: Docx) -> Docx {
    let indent =
        |lvl: usize, hang: i32| (Some(360 * (lvl as i32 + 1) + hang - 360), Some(SpecialIndentType::Hanging(hang)));
    let mut bullets = AbstractNumbering::new(BULLETS);
    let mut numbers = AbstractNumbering::new(NUMBERS);
    for lvl in 0..9 {
        let mark = ["•", "○", "▪"][lvl % 3];
        let (left, hang) = indent(lvl, 360);
        bullets = bullets.add_level(
            Level::new(lvl, Start::new(1), NumberFormat::new("bullet"), LevelText::new(mark), LevelJc::new("left"))
                .indent(left, hang, None, None),
        );
        let text: String = (1..=lvl + 1).map(|n| format!("%{n}.")).collect();
        let (left, hang) = indent(lvl, 360 + 200 * lvl as i32);
        numbers = numbers.add_level(
            Level::new(lvl, Start::new(1), NumberFormat::new("decimal"), LevelText::new(text), LevelJc::new("left"))
                .indent(left, hang, None, None),
        );
    }
    doc.add_abstract_numbering(bullets)
        .add_abstract_numbering(numbers)
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .add_numbering(Numbering::new(NUMBERS, NUMBERS))
}

/// Style ids (Word's built-in names, so Word's navigation, table of contents and caption
/// numbering recognise them).
const TABLE_STYLE: &str = "WerkbankTable";

fn styles(doc: Docx) -> Docx {
    let font = RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri").east_asia("Calibri");
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .color("1F3864")
            .fonts(font.clone())
            .outline_lvl(level)
    };
    let border = |p| TableBorder::new(p).size(4).color("808080");
    let borders = TableBorders::with_empty()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let doc = doc
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .size(36)
                .fonts(font.clone()),
        )
        .add_style(heading("Heading1", "heading 1", 28, 0))
        .add_style(heading("Heading2", "heading 2", 24, 1));
    // Deeper headings for a code tree printed as headings (Heading 3 to 9).
    let doc =
        (3..=9).fold(doc, |d, n| d.add_style(heading(&format!("Heading{n}"), &format!("heading {n}"), 22, n - 1)));
    doc.add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .italic()
            .size(18)
            .color("44546A"),
    )
    .add_style(Style::new(TABLE_STYLE, StyleType::Table).name("Werkbank table").set_borders(borders))
}

/// "Tabel 3: title" in the Caption style, the number a `SEQ` field Word renumbers.
fn caption(word: &str, n: usize, title: &str) -> Paragraph {
    Paragraph::new()
        .style("Caption")
        .add_run(Run::new().add_text(format!("{word} ")))
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::Unsupported(format!(" SEQ {word} \\* ARABIC "))))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text(n.to_string()))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
        .add_run(Run::new().add_text(if title.is_empty() { String::new() } else { format!(": {title}") }))
}

/// The document as `.docx` bytes, captions in Dutch ("Tabel N").
pub fn docx_bytes(title: &str, blocks: &[Block]) -> Result<Vec<u8>, ExportError> {
    docx_bytes_in(title, blocks, Lang::Nl)
}

/// The document as `.docx` bytes, captions and properties in `lang`.
pub fn docx_bytes_in(title: &str, blocks: &[Block], lang: Lang) -> Result<Vec<u8>, ExportError> {
    // docx-rs escapes `<&>` but passes control characters through, which makes document.xml
    // invalid: every text goes through the one XML clean-up first.
    let safe = |s: &str| crate::xml_escape::xml_safe(s).into_owned();
    let title = &safe(title);
    let blocks: &[Block] = &blocks.iter().map(|b| b.map_text(&safe)).collect::<Vec<_>>();
    // Documents show tables without their spreadsheet-only columns (paths, levels, kinds).
    let tables: Vec<Table> =
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t.for_document()) } else { None }).collect();
    let (wide, total) = table_width(&tables);
    let font = RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri").east_asia("Calibri");
    let mut doc = tree_numbering(styles(Docx::new().default_size(22).default_fonts(font)));
    if wide {
        doc = doc.page_size(16838, 11906).page_orient(PageOrientationType::Landscape);
    }
    let word = if lang == Lang::Nl { "Tabel" } else { "Table" };
    let mut n_tables = 0;
    doc = doc.add_paragraph(add_text(Paragraph::new().style("Title"), title, |r| r));
    for b in blocks {
        match b {
            Block::Heading(h) => {
                doc = doc.add_paragraph(add_text(Paragraph::new().style("Heading1").keep_next(true), h, |r| r));
            }
            Block::Paragraph(p) => doc = doc.add_paragraph(add_text(Paragraph::new(), p, |r| r)),
            Block::Table(_) => {
                let t = &tables[n_tables];
                n_tables += 1;
                // A filtered table says so above it, where the reader starts (the caption stays
                // below, as theses print it).
                if !t.note.is_empty() {
                    doc = doc.add_paragraph(
                        Paragraph::new().style("Caption").keep_next(true).add_run(Run::new().add_text(&t.note)),
                    );
                }
                doc = doc.add_table(word_table(t, total, font_size(t, total), lang.decimal()));
                doc = doc.add_paragraph(caption(word, n_tables, &t.title));
                doc = doc.add_paragraph(Paragraph::new());
            }
            Block::CodeTree(lines, style) => {
                for l in lines {
                    doc = doc.add_paragraph(tree_paragraph(l, *style));
                }
            }
            Block::Svg(_) => {}
        }
    }
    let mut xml = doc.build();
    xml.document = mark_rtl_runs(&mark_header_rows(&xml.document));
    xml.doc_props.core = core_properties(title, lang);
    let mut cur = std::io::Cursor::new(Vec::new());
    xml.pack(&mut cur).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(cur.into_inner())
}

/// Marks the first row of every table as a header row (`w:tblHeader`), repeated on every page.
/// Every row has a `w:trPr` holding `w:cantSplit` (see [`word_table`]), so the first one after
/// each `<w:tbl>` is the header row's.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let xml = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest: &str = &xml;
    while let Some(i) = rest.find("<w:tbl>") {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        match tail.find("<w:cantSplit />").or_else(|| tail.find("<w:cantSplit/>")) {
            Some(j) => {
                out.push_str(&tail[..j]);
                out.push_str("<w:tblHeader />");
                rest = &tail[j..];
            }
            None => {
                out.push_str(tail);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// `docProps/core.xml` with the title, "Werkbank" as creator and the time of writing (docx-rs
/// would write 1970-01-01 by "unknown").
fn core_properties(title: &str, lang: Lang) -> Vec<u8> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let language = if lang == Lang::Nl { "nl-NL" } else { "en-GB" };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{t}</dc:title><dc:creator>Werkbank</dc:creator><cp:lastModifiedBy>Werkbank</cp:lastModifiedBy><dc:language>{language}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>"#,
        t = super::escape_xml(title)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn document_xml(bytes: &[u8]) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// The `<w:p>` element holding `text`.
    fn paragraph_with<'a>(xml: &'a str, text: &str) -> &'a str {
        let at = xml.find(text).unwrap_or_else(|| panic!("{text:?} not in the document"));
        let start = xml[..at].rfind("<w:p>").or_else(|| xml[..at].rfind("<w:p ")).unwrap();
        let end = at + xml[at..].find("</w:p>").unwrap();
        &xml[start..end]
    }

    #[test]
    fn arabic_and_hebrew_quotes_are_right_to_left_paragraphs_with_rtl_runs() {
        let mut t = Table::new("Citaten", vec!["Code".into(), "Citaat".into()]);
        t.rows.push(vec![Cell::Text("الخدمات الرقمية".into()), Cell::Text("בשבילי השירות הדיגיטלי".into())]);
        let blocks = vec![
            Block::Paragraph("R3: بالنسبة لي، الخدمات الرقمية مفيدة".into()),
            Block::Paragraph("Dus de 2 formulieren (het woord was \"استمارة\") waren te moeilijk?".into()),
            Block::Paragraph("Gewoon Nederlands.".into()),
            Block::Table(t),
        ];
        let xml = document_xml(&docx_bytes("Meertalig", &blocks).unwrap());
        assert!(!xml.contains(RTL_MARK), "placeholder style left in the document");
        // The Arabic answer: a right-to-left paragraph; its Arabic letters in rtl runs, "R3:" not.
        let p = paragraph_with(&xml, "بالنسبة");
        assert!(p.contains("<w:bidi />"), "{p}");
        let arabic_run = &p[p[..p.find("بالنسبة").unwrap()].rfind("<w:r>").unwrap()..];
        assert!(arabic_run[..arabic_run.find("</w:r>").unwrap()].contains("<w:rtl />"), "{p}");
        let tag_run = &p[p[..p.find("R3:").unwrap()].rfind("<w:r>").unwrap()..p.find("R3:").unwrap()];
        assert!(!tag_run.contains("<w:rtl />"), "{p}");
        // The Dutch question quoting an Arabic word: a left-to-right paragraph, the word rtl.
        let p = paragraph_with(&xml, "formulieren");
        assert!(!p.contains("<w:bidi />") && p.contains("<w:rtl />"), "{p}");
        assert!(!paragraph_with(&xml, "Gewoon Nederlands.").contains("<w:rtl />"));
        // Table cells too: the Hebrew quote and the Arabic code name.
        for text in ["בשבילי", "الخدمات الرقمية"] {
            let p = paragraph_with(&xml, text);
            assert!(p.contains("<w:bidi />") && p.contains("<w:rtl />"), "{text}: {p}");
        }
    }

    #[test]
    fn direction_runs_split_where_the_script_changes() {
        assert_eq!(
            direction_runs("was \"استمارة\") waren"),
            vec![("was \"", false), ("استمارة\") ", true), ("waren", false)]
        );
        assert_eq!(direction_runs("alleen Nederlands"), vec![("alleen Nederlands", false)]);
    }
}
