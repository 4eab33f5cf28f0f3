//! The chapter check as a file: HTML shows the chapter itself with every claim highlighted
//! (green when it matches the coding, red when not, hover for the evidence) followed by the list
//! of claims; Word and CSV give the list as a table; JSON gives everything for scripts.

use super::{CheckReport, Claim};
use crate::export::{Block, Cell, Table, escape_xml};
use std::fmt::Write as _;

/// "paragraph 4" or "table 1, row 3, column 2".
pub fn location(c: &Claim) -> String {
    match c.location.table {
        Some((t, r, k)) => format!("table {t}, row {r}, column {k}"),
        None => format!("paragraph {}", c.location.paragraph),
    }
}

/// What differs in a label list: "not listed: …; listed without the code: …; no such respondent: …".
pub fn differences(c: &Claim) -> String {
    let mut parts = Vec::new();
    if !c.missing.is_empty() {
        parts.push(format!("not listed: {}", c.missing.join(", ")));
    }
    if !c.extra.is_empty() {
        parts.push(format!("listed without the code: {}", c.extra.join(", ")));
    }
    if !c.unknown.is_empty() {
        parts.push(format!("no such respondent: {}", c.unknown.join(", ")));
    }
    parts.join("; ")
}

/// The claims as one table (Word, CSV, XLSX).
pub fn claims_table(r: &CheckReport) -> Table {
    let mut t = Table::new(
        "Claims in the chapter",
        ["#", "Location", "Kind", "Claim", "Code", "Verdict", "Differences", "Evidence"].map(String::from).to_vec(),
    );
    for (i, c) in r.claims.iter().enumerate() {
        t.rows.push(vec![
            Cell::int(i + 1),
            Cell::text(location(c)),
            Cell::text(format!("{:?}", c.kind).to_lowercase()),
            Cell::text(&c.claim),
            c.code_path.clone().map_or(Cell::Empty, Cell::Text),
            Cell::text(c.verdict.describe()),
            Cell::text(differences(c)),
            Cell::text(&c.evidence),
        ]);
    }
    t
}

pub fn report_blocks(r: &CheckReport, chapter_name: &str) -> Vec<Block> {
    vec![Block::Paragraph(format!("Chapter: {chapter_name}. {}.", r.summary())), Block::Table(claims_table(r))]
}

const CSS: &str = "body{font-family:Calibri,Arial,sans-serif;margin:2em;color:#222;max-width:60em}\n\
mark.ok{background:#c8f0c8}mark.bad{background:#ffc4c4}\n\
table{border-collapse:collapse}th,td{border:1px solid #999;padding:0.25em 0.6em;vertical-align:top}\n\
th{background:#d9e2f3;text-align:left}tr.bad td.v{color:#a00;font-weight:bold}\n\
.chapter p{line-height:1.5}.summary{font-size:1.1em;font-weight:bold}\n";

/// The chapter with its claims highlighted, then the claims with their evidence.
pub fn html(r: &CheckReport, chapter_name: &str, chapter: &str) -> String {
    let mut s = String::new();
    let title = format!("Chapter check: {chapter_name}");
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p class=\"summary\">{}</p>\n<div class=\"chapter\">\n",
        escape_xml(&r.summary()),
        t = escape_xml(&title)
    );
    // Highlights: claims with a span in the text, in order, not overlapping.
    let mut marks: Vec<(usize, usize, usize)> = r
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.span.is_empty())
        .map(|(i, c)| (c.span.start, c.span.end, i))
        .collect();
    marks.sort();
    let mut pos = 0;
    let mut para = String::new();
    let mut next = marks.iter().peekable();
    let flush = |s: &mut String, para: &mut String| {
        if !para.trim().is_empty() {
            let _ = writeln!(s, "<p dir=\"auto\">{para}</p>");
        }
        para.clear();
    };
    let chars: Vec<char> = chapter.chars().collect();
    while pos < chars.len() {
        if let Some(&&(a, b, i)) = next.peek()
            && a == pos
        {
            next.next();
            let c = &r.claims[i];
            let class = if c.verdict.is_consistent() { "ok" } else { "bad" };
            let text: String = chars[a..b.min(chars.len())].iter().collect();
            let _ = write!(
                para,
                "<mark class=\"{class}\" title=\"[{}] {}: {}\">{}</mark><sup>{}</sup>",
                i + 1,
                escape_xml(c.verdict.describe()),
                escape_xml(&c.evidence),
                escape_xml(&text),
                i + 1
            );
            pos = b.max(pos + 1);
            while next.peek().is_some_and(|m| m.0 < pos) {
                next.next();
            }
            continue;
        }
        let ch = chars[pos];
        if ch == '\n' {
            flush(&mut s, &mut para);
        } else if ch == '\t' {
            para.push_str(" | ");
        } else {
            para.push_str(&escape_xml(&ch.to_string()));
        }
        pos += 1;
    }
    flush(&mut s, &mut para);
    s.push_str("</div>\n<h2>Claims</h2>\n<table>\n<tr><th>#</th><th>Location</th><th>Claim</th><th>Code</th><th>Verdict</th><th>Evidence</th></tr>\n");
    for (i, c) in r.claims.iter().enumerate() {
        let diff = differences(c);
        let _ = writeln!(
            s,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td dir=\"auto\">{}</td><td>{}</td><td class=\"v\">{}</td><td dir=\"auto\">{}{}</td></tr>",
            if c.verdict.is_consistent() { "ok" } else { "bad" },
            i + 1,
            escape_xml(&location(c)),
            escape_xml(&c.claim),
            escape_xml(c.code_path.as_deref().unwrap_or("")),
            escape_xml(c.verdict.describe()),
            if diff.is_empty() { String::new() } else { format!("<b>{}</b><br>", escape_xml(&diff)) },
            escape_xml(&c.evidence),
        );
    }
    s.push_str("</table>\n</body>\n</html>\n");
    s
}

/// Writes the report in the format `path`'s extension names: .html, .docx, .csv, .xlsx or .json.
pub fn write(path: &std::path::Path, r: &CheckReport, chapter_name: &str, chapter: &str) -> anyhow::Result<()> {
    use crate::output::{self, Format};
    const FORMATS: &[Format] = &[Format::Html, Format::Docx, Format::Csv, Format::Xlsx, Format::Json];
    match output::format_of(path, "a chapter check report", FORMATS)? {
        Format::Html => output::write_bytes(path, html(r, chapter_name, chapter).as_bytes())?,
        Format::Json => output::write_bytes(path, serde_json::to_string_pretty(r)?.as_bytes())?,
        // The check report's labels are English: so are its captions ("Table 1").
        _ => crate::export::write_report_in(
            path,
            &format!("Chapter check: {chapter_name}"),
            &report_blocks(r, chapter_name),
            crate::export::csv::CsvOptions::standard(),
            crate::export::Lang::En,
        )?,
    }
    Ok(())
}
