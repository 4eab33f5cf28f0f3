//! Word documents (docx-rs): a bold title paragraph, headings, real Word tables (bordered, bold
//! header row shaded light blue, numbers right-aligned, first column indented by tree depth) and
//! the code tree as an indented list, the way theses print their "codeboom".
//!
//! Pages are A4; when a table has more than 8 columns (e.g. a code x respondent matrix) the whole
//! document is landscape and table text is 9 pt. [`Block::Svg`] is skipped: Word needs a raster
//! image (PNG) for a dependable result, which needs a rasteriser crate (see [`super::svg`]).

use super::{Block, Cell, ExportError, Table, TreeLine};
use docx_rs::{
    AlignmentType, BreakType, Docx, PageOrientationType, Paragraph, Run, RunFonts, Shading, Table as WTable, TableCell,
    TableRow, WidthType,
};

const HEADER_FILL: &str = "D9E2F3";
/// Indentation per tree level, in twentieths of a point (0.5 cm).
const INDENT_TWIPS: i32 = 284;

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

fn table_width(blocks: &[Block]) -> (bool, usize) {
    let wide = blocks.iter().any(|b| matches!(b, Block::Table(t) if t.columns() > 8));
    // A4 minus docx-rs's default 3 cm side margins (1701 twips each).
    (wide, if wide { 16838 - 2 * 1701 } else { 11906 - 2 * 1701 })
}

/// Column widths in twips, summing to `total`: every column gets room for its longest
/// word (so "Respondent" is never broken into syllables), the rest of the page is shared in
/// proportion to how much longer each column's longest line is.
fn grid(t: &Table, total: usize, small: bool) -> Vec<usize> {
    let n = t.columns().max(1);
    // Calibri's average character is about half an em (100 twips at 10 pt); a little more for
    // bold headers and safety. LibreOffice without Calibri or Carlito falls back to a wider font.
    let per_char = if small { 100 } else { 110 };
    let pad = 240;
    let mut word = vec![2usize; n];
    let mut line = vec![2usize; n];
    let mut note = |j: usize, text: &str, extra: usize| {
        let longest_word = text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
        word[j] = word[j].max((longest_word + extra).min(16));
        line[j] = line[j].max((text.lines().map(|l| l.chars().count()).max().unwrap_or(0) + extra).min(45));
    };
    for (j, h) in t.headers.iter().enumerate() {
        note(j, h, 1); // bold
    }
    for (i, row) in t.rows.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            let extra = if j == 0 { t.indent_of(i) * 3 } else { 0 };
            note(j, &c.display(), extra);
        }
    }
    let min: Vec<usize> = word.iter().map(|w| w * per_char + pad).collect();
    let want: Vec<usize> = line.iter().zip(&min).map(|(l, m)| (l * per_char + pad).max(*m)).collect();
    let (smin, swant) = (min.iter().sum::<usize>(), want.iter().sum::<usize>());
    if swant <= total {
        // Fill the text width, as thesis tables usually do.
        want.iter().map(|w| w * total / swant).collect()
    } else if smin >= total {
        min.iter().map(|m| m * total / smin).collect()
    } else {
        min.iter().zip(&want).map(|(m, w)| m + (w - m) * (total - smin) / (swant - smin)).collect()
    }
}

fn word_table(t: &Table, total: usize, small: bool) -> WTable {
    let widths = grid(t, total, small);
    let size = if small { 18 } else { 20 };
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    let n = t.columns();
    let header: Vec<TableCell> = (0..n)
        .map(|j| {
            let h = t.headers.get(j).map(String::as_str).unwrap_or("");
            TableCell::new()
                .width(widths[j], WidthType::Dxa)
                .shading(Shading::new().fill(HEADER_FILL))
                .add_paragraph(Paragraph::new().add_run(text_run(h).bold().size(size)))
        })
        .collect();
    rows.push(TableRow::new(header));
    for (i, row) in t.rows.iter().enumerate() {
        let cells: Vec<TableCell> = (0..n)
            .map(|j| {
                let c = row.get(j).unwrap_or(&Cell::Empty);
                let mut p = Paragraph::new().add_run(text_run(&c.display()).size(size));
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
        rows.push(TableRow::new(cells));
    }
    WTable::new(rows).set_grid(widths)
}

fn tree_paragraph(l: &TreeLine) -> Paragraph {
    let mut name = Run::new().add_text(&l.name);
    if l.level == 0 {
        name = name.bold();
    }
    let mut p = Paragraph::new().add_run(name);
    if !l.detail.is_empty() {
        p = p.add_run(Run::new().add_text(format!(" {}", l.detail)));
    }
    if l.level > 0 {
        p = p.indent(Some(l.level as i32 * INDENT_TWIPS * 2), None, None, None);
    }
    p
}

/// The document as `.docx` bytes.
pub fn docx_bytes(title: &str, blocks: &[Block]) -> Result<Vec<u8>, ExportError> {
    let (wide, total) = table_width(blocks);
    let font = RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri").east_asia("Calibri");
    let mut doc = Docx::new().default_size(22).default_fonts(font);
    if wide {
        doc = doc.page_size(16838, 11906).page_orient(PageOrientationType::Landscape);
    }
    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold().size(32)));
    for b in blocks {
        match b {
            Block::Heading(h) => {
                doc =
                    doc.add_paragraph(Paragraph::new().keep_next(true).add_run(Run::new().add_text(h).bold().size(26)));
            }
            Block::Paragraph(p) => doc = doc.add_paragraph(Paragraph::new().add_run(text_run(p))),
            Block::Table(t) => {
                if !t.title.is_empty() {
                    doc = doc.add_paragraph(
                        Paragraph::new().keep_next(true).add_run(Run::new().add_text(&t.title).bold().italic()),
                    );
                }
                doc = doc.add_table(word_table(t, total, wide));
                doc = doc.add_paragraph(Paragraph::new());
            }
            Block::CodeTree(lines) => {
                for l in lines {
                    doc = doc.add_paragraph(tree_paragraph(l));
                }
            }
            Block::Svg(_) => {}
        }
    }
    let mut cur = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut cur).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(cur.into_inner())
}
