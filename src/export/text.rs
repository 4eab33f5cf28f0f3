//! Plain-text code tree ("codeboom") with counts, for pasting into a thesis or a memo.

use super::Label;
use super::options::{CountsShown, Figure, ReportOptions};
use crate::core::analysis::CodeRow;

/// The code tree, two spaces of indentation per level, counts after each code:
///
/// ```text
/// Vertrouwen — 9 coderingen, 4 respondenten (A10, M1, R1, R2)
///   Institutioneel vertrouwen — 6 coderingen, 3 respondenten (A10, M1, R1)
/// ```
///
/// By default the counts are totals over the code's subtree (codings summed, respondents
/// distinct); the options choose own counts, one figure, names only, the label order and joining.
/// Lines end in `\n`, including the last.
pub fn codeboom_text(rows: &[CodeRow], o: &ReportOptions) -> String {
    let lang = o.lang;
    let own = o.counts_or(CountsShown::Total) == CountsShown::Own;
    let mut out = String::new();
    for r in rows {
        let c = if own { &r.own } else { &r.total };
        let n = c.codings;
        let k = c.respondent_count();
        let codings = Label::NCodings.fill(lang, &[&n]);
        let resp = Label::NRespondents.fill(lang, &[&k]);
        out.push_str(&"  ".repeat(r.depth.saturating_sub(1)));
        out.push_str(&r.name);
        let figures = match o.figure {
            Figure::None => String::new(),
            Figure::Codings => codings,
            Figure::Respondents => resp,
            Figure::Both => format!("{codings}, {resp}"),
        };
        if !figures.is_empty() {
            out.push_str(" — ");
            out.push_str(&figures);
            let cit = if o.labels { o.citation(&c.respondent_labels) } else { String::new() };
            if !cit.is_empty() {
                out.push(' ');
                out.push_str(&cit);
            }
        }
        out.push('\n');
    }
    out
}

/// A report as plain text: headings underlined, paragraphs, code trees indented, tables (title,
/// filter note) as tab-separated lines with `lang`'s decimal separator (SVG charts are left out).
pub fn blocks_text(blocks: &[super::Block], lang: super::Lang) -> String {
    use super::Block;
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(h) => out.push_str(&format!("{h}\n{}\n\n", "=".repeat(h.chars().count()))),
            Block::Paragraph(p) => out.push_str(&format!("{p}\n\n")),
            Block::CodeTree(lines, style) => {
                // Numbered trees keep their numbers (1, 1.1, 1.1.1); other styles indent.
                let mut numbers: Vec<usize> = Vec::new();
                for l in lines {
                    let mark = if *style == super::TreeStyle::Numbered {
                        numbers.truncate(l.level + 1);
                        numbers.resize(l.level + 1, 0);
                        numbers[l.level] += 1;
                        let n: Vec<String> = numbers.iter().map(|n| n.to_string()).collect();
                        format!("{} ", n.join("."))
                    } else {
                        String::new()
                    };
                    out.push_str(format!("{}{mark}{} {}", "  ".repeat(l.level), l.name, l.detail).trim_end());
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(t) => {
                if !t.title.is_empty() {
                    out.push_str(&format!("{}\n", t.title));
                }
                // The filter, so a filtered table is never taken for the whole.
                if !t.note.is_empty() {
                    out.push_str(&format!("{}\n", t.note));
                }
                out.push_str(&t.headers.join("\t"));
                out.push('\n');
                for (i, row) in t.rows.iter().enumerate() {
                    let cells: Vec<String> = row.iter().map(|c| c.display_with(lang.decimal())).collect();
                    out.push_str(&"  ".repeat(t.indent_of(i)));
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Svg(_) => {}
        }
    }
    out
}
