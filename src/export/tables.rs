//! Analysis results as [`Table`]s (and code-tree lines), with Dutch or English headers.

use super::{Cell, Lang, Table, TreeLine};
use crate::core::analysis::{CoMode, CodeRow, GroupFrequencies, Matrix, Quote, RespondentOverview};

/// Header and label texts.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    let nl = lang == Lang::Nl;
    macro_rules! t {
        ($($k:literal => $nl:literal, $en:literal;)*) => {
            match key { $($k => if nl { $nl } else { $en },)* _ => "" }
        };
    }
    t! {
        "code" => "Code", "Code";
        "path" => "Pad", "Path";
        "level" => "Niveau", "Level";
        "kind" => "Soort", "Kind";
        "own_codings" => "Coderingen (eigen)", "Codings (own)";
        "own_respondents" => "Respondenten (eigen)", "Respondents (own)";
        "codings" => "Coderingen", "Codings";
        "respondents" => "Respondenten", "Respondents";
        "documents" => "Documenten", "Documents";
        "labels" => "Respondentlabels", "Respondent labels";
        "total" => "Totaal", "Total";
        "respondent" => "Respondent", "Respondent";
        "document" => "Document", "Document";
        "line" => "Regel", "Line";
        "quote" => "Citaat", "Quote";
        "citation" => "Bronvermelding", "Citation";
        "codes" => "Codes", "Codes";
        "frequencies" => "Codefrequenties", "Code frequencies";
        "codeboom" => "Codeboom", "Code tree";
        "overview" => "Respondentenoverzicht", "Respondent overview";
        "quotes" => "Citaten", "Quotes";
        "unknown" => "(onbekend)", "(unknown)";
        "concept" => "concept", "concept";
        "dimension" => "dimensie", "dimension";
        "indicator" => "indicator", "indicator";
        "coding_s" => "codering", "coding";
        "coding_p" => "coderingen", "codings";
        "respondent_s" => "respondent", "respondent";
        "respondent_p" => "respondenten", "respondents";
    }
}

fn kind_name(lang: Lang, row: &CodeRow) -> &'static str {
    match row.kind {
        crate::core::CodeKind::Concept => tr(lang, "concept"),
        crate::core::CodeKind::Dimension => tr(lang, "dimension"),
        crate::core::CodeKind::Code => tr(lang, "indicator"),
    }
}

fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, k).to_string()).collect()
}

/// The full flat frequency table (one row per code, tree order): path, level, kind, own and
/// aggregated counts, respondent labels in citation form. Suited for CSV/XLSX.
pub fn frequency_table(rows: &[CodeRow], lang: Lang) -> Table {
    let mut t = Table::new(
        tr(lang, "frequencies"),
        headers(
            lang,
            &[
                "code",
                "path",
                "level",
                "kind",
                "own_codings",
                "own_respondents",
                "codings",
                "respondents",
                "documents",
                "labels",
            ],
        ),
    );
    for r in rows {
        t.rows.push(vec![
            Cell::text(&r.name),
            Cell::text(r.path_string()),
            Cell::int(r.depth),
            Cell::text(kind_name(lang, r)),
            Cell::int(r.own.codings),
            Cell::int(r.own.respondent_count()),
            Cell::int(r.total.codings),
            Cell::int(r.total.respondent_count()),
            Cell::int(r.total.document_count()),
            Cell::text(r.total.citation()),
        ]);
        t.indent.push(r.depth.saturating_sub(1));
    }
    t
}

/// The compact code tree table ("codeboom met aantallen"): indented code name, aggregated
/// codings, distinct respondents and their labels. Suited for DOCX/HTML.
pub fn codeboom_table(rows: &[CodeRow], lang: Lang) -> Table {
    let mut t = Table::new(tr(lang, "codeboom"), headers(lang, &["code", "codings", "respondents", "labels"]));
    for r in rows {
        t.rows.push(vec![
            Cell::text(&r.name),
            Cell::int(r.total.codings),
            Cell::int(r.total.respondent_count()),
            Cell::text(r.total.citation()),
        ]);
        t.indent.push(r.depth.saturating_sub(1));
    }
    t
}

/// The code tree as indented lines: `Name (12; M1, R1, R2)` = aggregated codings; respondents.
pub fn codeboom_lines(rows: &[CodeRow]) -> Vec<TreeLine> {
    rows.iter()
        .map(|r| {
            let labels = r.total.respondent_labels.join(", ");
            let detail = if labels.is_empty() {
                format!("({})", r.total.codings)
            } else {
                format!("({}; {})", r.total.codings, labels)
            };
            TreeLine { level: r.depth.saturating_sub(1), name: r.name.clone(), detail }
        })
        .collect()
}

/// A code x something matrix: first column the (indented) code, then one column per matrix
/// column, then a total. With `presence` the cells are 0/1 and the total counts columns with 1
/// (e.g. number of respondents); otherwise the total is the row sum.
pub fn matrix_table(title: &str, m: &Matrix, presence: bool, lang: Lang) -> Table {
    let mut h = vec![tr(lang, "code").to_string()];
    h.extend(m.columns.iter().map(|c| c.label.clone()));
    h.push(tr(lang, "total").to_string());
    let mut t = Table::new(title, h);
    for (row, vals) in m.rows.iter().zip(&m.values) {
        let mut cells = vec![Cell::text(&row.name)];
        let shown: Vec<usize> = vals.iter().map(|&v| if presence { usize::from(v > 0) } else { v }).collect();
        cells.extend(shown.iter().map(|&v| Cell::int(v)));
        cells.push(Cell::int(shown.iter().sum()));
        t.rows.push(cells);
        t.indent.push(row.depth.saturating_sub(1));
    }
    t
}

/// A co-occurrence matrix as a table; the title says what a count means.
pub fn cooccurrence_table(m: &Matrix, mode: CoMode, lang: Lang) -> Table {
    let title = match (lang, mode) {
        (Lang::Nl, CoMode::Overlap) => "Co-occurrence: aantal overlappende paren coderingen",
        (Lang::Nl, CoMode::SameTurn) => "Co-occurrence: aantal spreekbeurten met beide codes",
        (Lang::Nl, CoMode::SameDocument) => "Co-occurrence: aantal documenten met beide codes",
        (Lang::Nl, CoMode::SameRespondent) => "Co-occurrence: aantal respondenten met beide codes",
        (Lang::En, CoMode::Overlap) => "Co-occurrence: overlapping pairs of codings",
        (Lang::En, CoMode::SameTurn) => "Co-occurrence: speaker turns with both codes",
        (Lang::En, CoMode::SameDocument) => "Co-occurrence: documents with both codes",
        (Lang::En, CoMode::SameRespondent) => "Co-occurrence: respondents with both codes",
    };
    let mut h = vec![tr(lang, "code").to_string()];
    h.extend(m.rows.iter().map(|r| r.name.clone()));
    let mut t = Table::new(title, h);
    for (row, vals) in m.rows.iter().zip(&m.values) {
        let mut cells = vec![Cell::text(&row.name)];
        cells.extend(vals.iter().map(|&v| Cell::int(v)));
        t.rows.push(cells);
        t.indent.push(row.depth.saturating_sub(1));
    }
    t
}

/// Respondents with all attributes, their documents, number of codings and distinct codes.
pub fn respondent_table(o: &RespondentOverview, lang: Lang) -> Table {
    let mut h = vec![tr(lang, "respondent").to_string()];
    h.extend(o.attributes.iter().cloned());
    h.extend(headers(lang, &["documents", "codings", "codes"]));
    let mut t = Table::new(tr(lang, "overview"), h);
    for r in &o.rows {
        let mut cells = vec![Cell::text(&r.label)];
        cells.extend(r.attributes.iter().map(|a| if a.is_empty() { Cell::Empty } else { Cell::text(a) }));
        cells.push(Cell::text(r.documents.join("; ")));
        cells.push(Cell::int(r.codings));
        cells.push(Cell::int(r.codes));
        t.rows.push(cells);
    }
    t
}

/// Quotes with their source and formatted citation.
pub fn quotes_table(title: &str, quotes: &[Quote], lang: Lang) -> Table {
    let mut t = Table::new(title, headers(lang, &["respondent", "document", "line", "code", "quote", "citation"]));
    for q in quotes {
        t.rows.push(vec![
            Cell::text(q.label.clone().or_else(|| q.speaker.clone()).unwrap_or_default()),
            Cell::text(&q.document_name),
            Cell::int(q.line),
            Cell::text(q.code_path.last().cloned().unwrap_or_default()),
            Cell::text(&q.text),
            Cell::text(&q.citation),
        ]);
    }
    t
}

/// Counts per attribute value: per group two columns, codings and respondents (`n of group
/// size`), plus the group's respondent labels in the header.
pub fn group_table(g: &GroupFrequencies, lang: Lang) -> Table {
    let mut h = vec![tr(lang, "code").to_string()];
    for grp in &g.groups {
        let name = if grp.value.is_empty() { tr(lang, "unknown").to_string() } else { grp.value.clone() };
        h.push(format!("{name}: {} (n={})", tr(lang, "codings").to_lowercase(), grp.respondents.len()));
        h.push(format!("{name}: {}", tr(lang, "respondents").to_lowercase()));
    }
    let title = format!("{} / {}", tr(lang, "frequencies"), g.attribute);
    let mut t = Table::new(title, h);
    for row in &g.rows {
        let mut cells = vec![Cell::text(row.path.last().cloned().unwrap_or_default())];
        for c in &row.cells {
            cells.push(Cell::int(c.codings));
            cells.push(Cell::text(if c.respondents.is_empty() {
                "0".to_string()
            } else {
                format!("{} {}", c.respondent_count(), c.citation())
            }));
        }
        t.rows.push(cells);
        t.indent.push(row.depth.saturating_sub(1));
    }
    t
}
