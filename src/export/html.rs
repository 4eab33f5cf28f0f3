//! A standalone HTML page (inline CSS, no scripts, no external resources), every text escaped.
//! Every element holding project text (quotes, code names, headings, cells) has `dir="auto"`: the
//! browser reads an Arabic or Hebrew quote from the right and a Dutch one from the left, each by
//! its own first strong letter.

use super::{Block, Cell, Lang, Table, TreeLine, TreeStyle, escape_xml};
use std::fmt::Write as _;

const CSS: &str = "body{font-family:Calibri,Arial,sans-serif;margin:2em;color:#222}\n\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}\n\
table{border-collapse:collapse;margin:0.5em 0 1.5em}\n\
th,td{border:1px solid #999;padding:0.25em 0.6em;vertical-align:top}\n\
th{background:#d9e2f3;text-align:left}\n\
td.num{text-align:right}\n\
ul.codeboom,ol.codeboom{padding-left:1.5em}.codeboom li{margin:0.1em 0}\n\
.detail{color:#555}\n";

/// A complete Dutch page with `title` as `<title>` and `<h1>`, then the blocks in order.
pub fn html_page(title: &str, blocks: &[Block]) -> String {
    html_page_in(title, blocks, Lang::Nl)
}

/// [`html_page`] in `lang`: the page's language and the decimal separator (`0,85` in Dutch).
pub fn html_page_in(title: &str, blocks: &[Block], lang: Lang) -> String {
    let code = if lang == Lang::Nl { "nl" } else { "en" };
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1 dir=\"auto\">{t}</h1>\n",
        t = escape_xml(title)
    );
    for b in blocks {
        match b {
            Block::Heading(h) => {
                let _ = writeln!(s, "<h2 dir=\"auto\">{}</h2>", escape_xml(h));
            }
            Block::Paragraph(p) => {
                let _ = writeln!(s, "<p dir=\"auto\">{}</p>", escape_xml(p));
            }
            Block::Table(t) => s.push_str(&html_table_in(&t.for_document(), lang)),
            Block::CodeTree(lines, style) => s.push_str(&html_tree(lines, *style)),
            Block::Svg(svg) => {
                // Our own SVG writer escapes its labels; drop an XML declaration if present.
                let body = svg.trim_start();
                let body = match body.strip_prefix("<?xml") {
                    Some(rest) => rest.split_once("?>").map(|x| x.1).unwrap_or(rest).trim_start(),
                    None => body,
                };
                let _ = writeln!(s, "<figure>\n{body}\n</figure>");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// The code tree as real nested lists (`<ul>` bullets or `<ol>` numbers, one list per level) or
/// as headings `<h2>`…`<h6>` under the page's `<h1>`; each name with its detail (counts) after it.
pub fn html_tree(lines: &[TreeLine], style: TreeStyle) -> String {
    let mut s = String::new();
    let item = |l: &TreeLine| {
        let detail = if l.detail.is_empty() {
            String::new()
        } else {
            format!(" <span class=\"detail\">{}</span>", escape_xml(&l.detail))
        };
        let name = format!("<span dir=\"auto\">{}</span>", escape_xml(&l.name));
        let name = if l.level == 0 { format!("<strong>{name}</strong>") } else { name };
        format!("{name}{detail}")
    };
    if style == TreeStyle::Headings {
        for l in lines {
            let h = (l.level + 2).min(6);
            let _ = writeln!(s, "<h{h}>{}</h{h}>", item(l));
        }
        return s;
    }
    let (open, close) = if style == TreeStyle::Numbered {
        ("<ol class=\"codeboom\">", "</ol>")
    } else {
        ("<ul class=\"codeboom\">", "</ul>")
    };
    // Open lists as the tree goes down, close them (and their items) as it comes back up.
    let mut depth = 0usize;
    for (i, l) in lines.iter().enumerate() {
        let level = l.level.min(depth);
        if i == 0 || level >= depth {
            s.push_str(open);
            s.push('\n');
            depth = level + 1;
        } else {
            s.push_str("</li>\n");
            while depth > level + 1 {
                let _ = writeln!(s, "{close}</li>");
                depth -= 1;
            }
        }
        let _ = write!(s, "<li>{}", item(l));
        // A deeper next line opens a list inside this item.
        if lines.get(i + 1).is_some_and(|n| n.level > l.level) {
            s.push('\n');
        }
    }
    if depth > 0 {
        s.push_str("</li>\n");
        while depth > 1 {
            let _ = writeln!(s, "{close}</li>");
            depth -= 1;
        }
        let _ = writeln!(s, "{close}");
    }
    s
}

/// One table as an HTML `<table>` with its title as `<caption>`; numbers right-aligned, the first
/// column indented by [`Table::indent`]; decimal points.
pub fn html_table(t: &Table) -> String {
    html_table_in(t, Lang::En)
}

/// [`html_table`] with `lang`'s decimal separator.
pub fn html_table_in(t: &Table, lang: Lang) -> String {
    let decimal = lang.decimal();
    let mut s = String::from("<table>\n");
    if !t.title.is_empty() || !t.note.is_empty() {
        let note = if t.note.is_empty() {
            String::new()
        } else {
            format!("<br><span class=\"detail\">{}</span>", escape_xml(&t.note))
        };
        let _ = writeln!(s, "<caption dir=\"auto\">{}{note}</caption>", escape_xml(&t.title));
    }
    s.push_str("<thead><tr>");
    for h in &t.headers {
        let _ = write!(s, "<th dir=\"auto\">{}</th>", escape_xml(h));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for (i, row) in t.rows.iter().enumerate() {
        s.push_str("<tr>");
        for (j, c) in row.iter().enumerate() {
            let ind = t.indent_of(i);
            let style = if j == 0 && ind > 0 {
                format!(" style=\"padding-left:{}em\"", 0.6 + ind as f32 * 1.5)
            } else {
                String::new()
            };
            let class = if matches!(c, Cell::Int(_) | Cell::Float(_)) { " class=\"num\"" } else { "" };
            let _ = write!(
                s,
                "<td dir=\"auto\"{class}{style}>{}</td>",
                escape_xml(&c.display_with(decimal)).replace("&#10;", "<br>")
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_element_lets_the_browser_pick_its_direction() {
        let mut t = Table::new("مقتطفات", vec!["Code".into(), "ציטוט".into()]);
        t.rows.push(vec![Cell::Text("الخدمات".into()), Cell::Text("בשבילי השירות".into())]);
        let blocks = vec![
            Block::Heading("Antwoorden".into()),
            Block::Paragraph("بالنسبة لي".into()),
            Block::Table(t),
            Block::CodeTree(
                vec![super::super::TreeLine { level: 0, name: "الخدمات".into(), detail: "(2)".into() }],
                TreeStyle::Bullets,
            ),
        ];
        let html = html_page("Meertalig", &blocks);
        for needle in [
            "<h2 dir=\"auto\">Antwoorden</h2>",
            "<p dir=\"auto\">بالنسبة لي</p>",
            "<caption dir=\"auto\">مقتطفات</caption>",
            "<th dir=\"auto\">ציטוט</th>",
            "<td dir=\"auto\">בשבילי השירות</td>",
            "<span dir=\"auto\">الخدمات</span>",
        ] {
            assert!(html.contains(needle), "{needle} missing in\n{html}");
        }
    }

    #[test]
    fn a_code_tree_is_nested_lists_that_close_where_the_tree_comes_back_up() {
        let l = |level: usize, name: &str| TreeLine { level, name: name.into(), detail: String::new() };
        let lines = vec![l(0, "A"), l(1, "A1"), l(2, "A1a"), l(0, "B"), l(1, "B1")];
        let html = html_tree(&lines, TreeStyle::Numbered);
        let compact: String = html.lines().collect();
        let s = |n: &str| format!("<span dir=\"auto\">{n}</span>");
        assert_eq!(
            compact,
            format!(
                "<ol class=\"codeboom\"><li><strong>{}</strong><ol class=\"codeboom\"><li>{}<ol class=\"codeboom\"><li>{}</li></ol></li></ol></li><li><strong>{}</strong><ol class=\"codeboom\"><li>{}</li></ol></li></ol>",
                s("A"),
                s("A1"),
                s("A1a"),
                s("B"),
                s("B1")
            )
        );
        assert!(html_tree(&lines, TreeStyle::Headings).contains("<h4><span dir=\"auto\">A1a</span></h4>"));
    }
}
