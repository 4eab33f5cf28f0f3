//! Markdown (CommonMark with GitHub's pipe tables): the report as text a student pastes into a
//! notes app, Obsidian or a Git-hosted thesis, and that reads well as plain text too. Title and
//! headings are `#` headings, a code tree is a real nested list (`-` bullets or `1.` numbers,
//! nested by indentation as CommonMark wants it) or headings, tables are pipe tables with the title
//! in bold above them and every column (full code paths included: a Markdown table cannot indent).
//!
//! Hand-written: a Markdown writer is a few escapes and line formats; the crates that exist
//! (pulldown-cmark and friends) parse Markdown, they do not write tables from our [`Table`]s.

use super::{Block, Lang, Table, TreeLine, TreeStyle};
use std::fmt::Write as _;

/// Text in a Markdown line: characters that would start markup (`* _ < | \``, a backslash, a
/// `]` that would close a link) are escaped, line breaks become spaces. (`>` only quotes at the start of a line, which no text
/// here is, so code paths keep their plain `A > B`.)
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `[…]` (omitted words) stays as it is; only `](` / `][` would make a link.
            ']' if matches!(chars.peek(), Some('(' | '[')) => {
                out.push('\\');
                out.push(c);
            }
            '\\' | '*' | '_' | '<' | '|' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A table cell: as [`inline`], but a line break is `<br>` (GitHub renders it; still readable).
fn cell(s: &str) -> String {
    s.split('\n').map(inline).collect::<Vec<_>>().join("<br>")
}

/// The code tree as Markdown lines: nested `-` items (two spaces a level), `1.` items (three
/// spaces a level, so each number's text lines up with its children), or `##`… headings below the
/// page title. The name comes first, its detail (counts) after it.
pub fn tree_markdown(lines: &[TreeLine], style: TreeStyle) -> String {
    let mut s = String::new();
    for l in lines {
        let text =
            if l.detail.is_empty() { inline(&l.name) } else { format!("{} {}", inline(&l.name), inline(&l.detail)) };
        match style {
            TreeStyle::Bullets => {
                let _ = writeln!(s, "{}- {text}", "  ".repeat(l.level));
            }
            TreeStyle::Numbered => {
                let _ = writeln!(s, "{}1. {text}", "   ".repeat(l.level));
            }
            TreeStyle::Headings => {
                let _ = writeln!(s, "\n{} {text}\n", "#".repeat((l.level + 2).min(6)));
            }
        }
    }
    s
}

/// A pipe table: bold title line, the filter note in italics, header, alignment row (numbers
/// right-aligned), rows. Every column is kept.
pub fn table_markdown(t: &Table, lang: Lang) -> String {
    let mut s = String::new();
    if !t.title.is_empty() {
        let _ = writeln!(s, "**{}**\n", inline(&t.title));
    }
    if !t.note.is_empty() {
        let _ = writeln!(s, "*{}*\n", inline(&t.note));
    }
    let n = t.columns();
    let header: Vec<String> = (0..n).map(|j| cell(t.headers.get(j).map_or("", String::as_str))).collect();
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let numeric = |j: usize| !t.rows.is_empty() && t.rows.iter().all(|r| r.get(j).is_none_or(|c| c.is_number()));
    let align: Vec<&str> = (0..n).map(|j| if numeric(j) { "---:" } else { "---" }).collect();
    let _ = writeln!(s, "| {} |", align.join(" | "));
    for row in &t.rows {
        let cells: Vec<String> =
            (0..n).map(|j| row.get(j).map_or(String::new(), |c| cell(&c.display_with(lang.decimal())))).collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
    s
}

/// The whole report: `# title`, then each block separated by a blank line (SVG charts left out).
pub fn markdown_in(title: &str, blocks: &[Block], lang: Lang) -> String {
    let mut parts = vec![format!("# {}\n", inline(title))];
    for b in blocks {
        match b {
            Block::Heading(h) => parts.push(format!("## {}\n", inline(h))),
            Block::Paragraph(p) => parts.push(format!("{}\n", inline(p))),
            Block::Table(t) => parts.push(table_markdown(t, lang)),
            Block::CodeTree(lines, style) => {
                let tree = tree_markdown(lines, *style);
                parts.push(if *style == TreeStyle::Headings { format!("{}\n", tree.trim()) } else { tree });
            }
            Block::Svg(_) => {}
        }
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Cell;

    #[test]
    fn markup_in_names_is_escaped_and_pipes_do_not_split_cells() {
        let mut t = Table::new("Codes", vec!["Code".into(), "Aantal".into()]);
        t.rows.push(vec![Cell::text("A | B *nadruk*"), Cell::int(3)]);
        let md = table_markdown(&t, Lang::Nl);
        assert!(md.contains("| A \\| B \\*nadruk\\* | 3 |"), "{md}");
        assert!(md.contains("| --- | ---: |"), "{md}");
    }

    #[test]
    fn a_numbered_tree_nests_by_three_spaces_and_bullets_by_two() {
        let lines = vec![
            TreeLine { level: 0, name: "Vertrouwen".into(), detail: String::new() },
            TreeLine { level: 1, name: "Institutioneel".into(), detail: "(2 coderingen)".into() },
        ];
        assert_eq!(tree_markdown(&lines, TreeStyle::Bullets), "- Vertrouwen\n  - Institutioneel (2 coderingen)\n");
        assert_eq!(tree_markdown(&lines, TreeStyle::Numbered), "1. Vertrouwen\n   1. Institutioneel (2 coderingen)\n");
    }
}
