//! The chapter check as a file: HTML shows the chapter itself with every claim highlighted
//! (green when it matches the coding, red when not, hover for the evidence) followed by the list
//! of claims; Word and CSV give the list as a table; JSON gives everything for scripts. Every word
//! is an `export::Label`, in the language the check was run in ([`CheckReport::lang`]).

use super::{CheckReport, Claim, ClaimKind};
use crate::export::{Block, Cell, Label, Lang, Table, escape_xml};
use std::fmt::Write as _;

/// "paragraph 4" or "table 1, row 3, column 2".
pub fn location(c: &Claim, lang: Lang) -> String {
    match c.location.table {
        Some((t, r, k)) => Label::CheckAtCell.fill(lang, &[&t, &r, &k]),
        None => Label::CheckAtParagraph.fill(lang, &[&c.location.paragraph]),
    }
}

/// What differs in a label list: "not listed: …; listed without the code: …; no such respondent: …".
pub fn differences(c: &Claim, lang: Lang) -> String {
    let mut parts = Vec::new();
    for (labels, label) in [
        (&c.missing, Label::CheckNotListed),
        (&c.extra, Label::CheckListedWithout),
        (&c.unknown, Label::CheckNoSuchRespondent),
    ] {
        if !labels.is_empty() {
            parts.push(label.fill(lang, &[&labels.join(", ")]));
        }
    }
    parts.join("; ")
}

/// The title of the report's document: "Hoofdstukcontrole: hoofdstuk4.docx — <project>".
pub fn document_title(r: &CheckReport, chapter_name: &str, project_name: &str) -> String {
    let what = Label::CheckTitle.fill(r.lang, &[&chapter_name]);
    Label::DocumentTitle.fill(r.lang, &[&what, &project_name])
}

/// The claims as one table (Word, CSV, XLSX).
pub fn claims_table(r: &CheckReport) -> Table {
    let lang = r.lang;
    let headers = [
        "#",
        Label::CheckLocation.text(lang),
        Label::Kind.text(lang),
        Label::CheckClaim.text(lang),
        Label::Code.text(lang),
        Label::CheckVerdict.text(lang),
        Label::CheckDifferences.text(lang),
        Label::CheckEvidence.text(lang),
    ];
    let mut t = Table::new(Label::CheckClaimsTitle.text(lang), headers.map(String::from).to_vec());
    for (i, c) in r.claims.iter().enumerate() {
        let kind = match c.kind {
            ClaimKind::Quote => Label::CheckKindQuote,
            ClaimKind::Labels => Label::CheckKindLabels,
            ClaimKind::Count => Label::CheckKindCount,
        };
        t.rows.push(vec![
            Cell::int(i + 1),
            Cell::text(location(c, lang)),
            Cell::text(kind.text(lang)),
            Cell::text(&c.claim),
            c.code_path.clone().map_or(Cell::Empty, Cell::Text),
            Cell::text(c.verdict.describe(lang)),
            Cell::text(differences(c, lang)),
            Cell::text(&c.evidence),
        ]);
    }
    t
}

pub fn report_blocks(r: &CheckReport, chapter_name: &str) -> Vec<Block> {
    vec![
        Block::Paragraph(Label::CheckChapterLine.fill(r.lang, &[&chapter_name, &r.summary()])),
        Block::Table(claims_table(r)),
    ]
}

const CSS: &str = "body{font-family:Calibri,Arial,sans-serif;margin:2em;color:#222;max-width:60em}\n\
mark.ok{background:#c8f0c8}mark.bad{background:#ffc4c4}\n\
table{border-collapse:collapse}th,td{border:1px solid #999;padding:0.25em 0.6em;vertical-align:top}\n\
th{background:#d9e2f3;text-align:left}tr.bad td.v{color:#a00;font-weight:bold}\n\
.chapter p{line-height:1.5}.summary{font-size:1.1em;font-weight:bold}\n";

/// The chapter with its claims highlighted, then the claims with their evidence.
pub fn html(r: &CheckReport, chapter_name: &str, chapter: &str, project_name: &str) -> String {
    let lang = r.lang;
    let mut s = String::new();
    let title = document_title(r, chapter_name, project_name);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p class=\"summary\">{}</p>\n<div class=\"chapter\">\n",
        lang.code(),
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
                escape_xml(c.verdict.describe(lang)),
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
    let _ = write!(s, "</div>\n<h2>{}</h2>\n<table>\n<tr><th>#</th>", escape_xml(Label::CheckClaims.text(lang)));
    for h in [Label::CheckLocation, Label::CheckClaim, Label::Code, Label::CheckVerdict, Label::CheckEvidence] {
        let _ = write!(s, "<th>{}</th>", escape_xml(h.text(lang)));
    }
    s.push_str("</tr>\n");
    for (i, c) in r.claims.iter().enumerate() {
        let diff = differences(c, lang);
        let _ = writeln!(
            s,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td dir=\"auto\">{}</td><td>{}</td><td class=\"v\">{}</td><td dir=\"auto\">{}{}</td></tr>",
            if c.verdict.is_consistent() { "ok" } else { "bad" },
            i + 1,
            escape_xml(&location(c, lang)),
            escape_xml(&c.claim),
            escape_xml(c.code_path.as_deref().unwrap_or("")),
            escape_xml(c.verdict.describe(lang)),
            if diff.is_empty() { String::new() } else { format!("<b>{}</b><br>", escape_xml(&diff)) },
            escape_xml(&c.evidence),
        );
    }
    s.push_str("</table>\n</body>\n</html>\n");
    s
}

/// Writes the report in the format `path`'s extension names: .html, .docx, .csv, .xlsx or .json,
/// in the language of the check.
pub fn write(
    path: &std::path::Path,
    r: &CheckReport,
    chapter_name: &str,
    chapter: &str,
    project_name: &str,
) -> anyhow::Result<()> {
    use crate::output::{self, Format};
    const FORMATS: &[Format] = &[Format::Html, Format::Docx, Format::Csv, Format::Xlsx, Format::Json];
    match output::format_of(path, "a chapter check report", FORMATS)? {
        Format::Html => output::write_bytes(path, html(r, chapter_name, chapter, project_name).as_bytes())?,
        Format::Json => output::write_bytes(path, serde_json::to_string_pretty(r)?.as_bytes())?,
        _ => crate::export::write_report_in(
            path,
            &document_title(r, chapter_name, project_name),
            &report_blocks(r, chapter_name),
            crate::export::csv::CsvOptions::standard(),
            r.lang,
        )?,
    }
    Ok(())
}
