//! Analysis results as [`Table`]s (and code-tree lines), with Dutch or English headers.

use super::options::{CountsShown, Figure, ReportOptions};
use super::{Cell, Label, Lang, Table, TreeLine};
use crate::core::analysis::{
    Analysis, CoMode, CodeRow, Counts, Filter, GroupBy, GroupFrequencies, Matrix, Quote, RespondentOverview,
};
use crate::core::model::Id;

/// A code's kind as theses name it: concept, dimension (dimensie), indicator.
pub fn kind_name(lang: Lang, kind: crate::core::CodeKind) -> &'static str {
    match kind {
        crate::core::CodeKind::Concept => Label::Concept.text(lang),
        crate::core::CodeKind::Dimension => Label::Dimension.text(lang),
        crate::core::CodeKind::Code => Label::Indicator.text(lang),
    }
}

fn headers(lang: Lang, keys: &[Label]) -> Vec<String> {
    keys.iter().map(|k| k.text(lang).to_string()).collect()
}

/// The count sets a table shows, by header key: "own", "total" or both.
fn sets(shown: CountsShown) -> &'static [&'static str] {
    match shown {
        CountsShown::Own => &["own"],
        CountsShown::Total => &["total"],
        CountsShown::Both => &["own", "total"],
    }
}

/// Own and total count columns as the options ask: `(set, counts)`.
fn count_sets(r: &CodeRow, shown: CountsShown) -> Vec<(&'static str, &Counts)> {
    sets(shown).iter().map(|&s| (s, if s == "own" { &r.own } else { &r.total })).collect()
}

/// Header texts of the figure columns for one count set.
fn figure_headers(o: &ReportOptions, set: &str, shown: CountsShown, with_documents: bool) -> Vec<String> {
    let lang = o.lang;
    let suffix = |key: Label| -> String {
        match (shown, set) {
            (CountsShown::Both, "own") | (CountsShown::Own, _) => match key {
                Label::Codings => Label::OwnCodings.text(lang).into(),
                _ => Label::OwnRespondents.text(lang).into(),
            },
            _ => key.text(lang).into(),
        }
    };
    let mut h = Vec::new();
    if o.figure != Figure::Respondents && o.figure != Figure::None {
        h.push(suffix(Label::Codings));
    }
    if o.figure != Figure::Codings && o.figure != Figure::None {
        h.push(suffix(Label::Respondents));
    }
    if with_documents && set == "total" && o.figure != Figure::None {
        h.push(Label::Documents.text(lang).into());
    }
    h
}

/// The figure cells of one count set, in the order of [`figure_headers`].
fn figure_cells(o: &ReportOptions, c: &Counts, set: &str, with_documents: bool) -> Vec<Cell> {
    let mut cells = Vec::new();
    if o.figure != Figure::Respondents && o.figure != Figure::None {
        cells.push(if o.wording { Cell::text(o.worded(c.codings, Label::NCodings)) } else { Cell::int(c.codings) });
    }
    if o.figure != Figure::Codings && o.figure != Figure::None {
        let n = c.respondent_count();
        cells.push(if o.wording { Cell::text(o.worded(n, Label::NRespondents)) } else { Cell::int(n) });
    }
    if with_documents && set == "total" && o.figure != Figure::None {
        cells.push(Cell::int(c.document_count()));
    }
    cells
}

/// The full flat frequency table (one row per code, tree order): code, full path, level, kind,
/// the counts the options ask for (default: own and total side by side) and the respondent labels
/// in citation form. Suited for CSV/XLSX.
pub fn frequency_table(rows: &[CodeRow], o: &ReportOptions) -> Table {
    let lang = o.lang;
    let shown = o.counts_or(CountsShown::Both);
    let mut h = headers(lang, &[Label::Code, Label::Path, Label::Level, Label::Kind]);
    for set in sets(shown) {
        h.extend(figure_headers(o, set, shown, true));
    }
    if o.labels {
        h.push(Label::RespondentLabels.text(lang).into());
    }
    let mut t = Table::new(Label::Frequencies.text(lang), h);
    t.sheet_only = vec![1, 2, 3];
    for r in rows {
        let mut cells = vec![
            Cell::text(&r.name),
            Cell::text(r.path_string()),
            Cell::int(r.depth),
            Cell::text(kind_name(lang, r.kind)),
        ];
        for (set, c) in count_sets(r, shown) {
            cells.extend(figure_cells(o, c, set, true));
        }
        if o.labels {
            let labels = if shown == CountsShown::Own { &r.own } else { &r.total };
            cells.push(Cell::text(o.citation(&labels.respondent_labels)));
        }
        t.rows.push(cells);
        t.indent.push(r.depth.saturating_sub(1));
    }
    t
}

/// The compact code tree table ("codeboom met aantallen"): indented code name, the figures the
/// options ask for (default: subtree codings and respondents) and the respondent labels. Suited
/// for DOCX/HTML. With `figure respondents`, `counts own` and wording this is the thesis table
/// "Code | 4 respondenten".
pub fn codeboom_table(rows: &[CodeRow], o: &ReportOptions) -> Table {
    let shown = o.counts_or(CountsShown::Total);
    let mut h = headers(o.lang, &[Label::Code, Label::Path]);
    for set in sets(shown) {
        h.extend(figure_headers(o, set, shown, false));
    }
    let labels = o.labels && o.figure != Figure::None;
    if labels {
        h.push(Label::RespondentLabels.text(o.lang).into());
    }
    let mut t = Table::new(Label::CodeTree.text(o.lang), h);
    t.sheet_only = vec![1];
    for r in rows {
        let mut cells = vec![Cell::text(&r.name), Cell::text(r.path_string())];
        for (set, c) in count_sets(r, shown) {
            cells.extend(figure_cells(o, c, set, false));
        }
        if labels {
            let c = if shown == CountsShown::Own { &r.own } else { &r.total };
            cells.push(Cell::text(o.citation(&c.respondent_labels)));
        }
        t.rows.push(cells);
        t.indent.push(r.depth.saturating_sub(1));
    }
    t
}

/// What follows a code's name in the code tree: `(12; M1, R1, R2)` by default; the figures the
/// options ask for (worded when asked) and the labels; nothing with `Figure::None`.
pub fn count_detail(r: &CodeRow, o: &ReportOptions) -> String {
    if o.figure == Figure::None {
        return String::new();
    }
    let shown = o.counts_or(CountsShown::Total);
    let mut figures = Vec::new();
    for (set, c) in count_sets(r, shown) {
        let mut parts = Vec::new();
        if o.wording && c.codings == 0 {
            // Nothing coded: one "-", as theses print it, not "-, -".
            parts.push("-".to_string());
        } else if o.figure != Figure::Respondents {
            parts.push(if o.wording { o.worded(c.codings, Label::NCodings) } else { c.codings.to_string() });
        }
        let nothing = o.wording && c.codings == 0;
        if !nothing && o.figure != Figure::Codings && (o.wording || o.figure == Figure::Respondents) {
            let n = c.respondent_count();
            parts.push(if o.wording { o.worded(n, Label::NRespondents) } else { n.to_string() });
        }
        let text = parts.join(", ");
        figures.push(if shown == CountsShown::Both {
            (if set == "own" { Label::OwnCounts } else { Label::TotalCounts }).fill(o.lang, &[&text])
        } else {
            text
        });
    }
    let c = if shown == CountsShown::Own { &r.own } else { &r.total };
    let labels = if o.labels { o.join(&c.respondent_labels) } else { String::new() };
    let figures = figures.join(" / ");
    if labels.is_empty() { format!("({figures})") } else { format!("({figures}; {labels})") }
}

/// The code tree as indented lines, with [`count_detail`] after each name.
pub fn codeboom_lines(rows: &[CodeRow], o: &ReportOptions) -> Vec<TreeLine> {
    rows.iter()
        .map(|r| TreeLine { level: r.depth.saturating_sub(1), name: r.name.clone(), detail: count_detail(r, o) })
        .collect()
}

/// A code x something matrix: first column the (indented) code, its full path (spreadsheets
/// only), then one column per matrix column, then a total. With `presence` the cells are 0/1 and the total counts columns with 1
/// (e.g. number of respondents); otherwise the total is the row sum.
pub fn matrix_table(title: &str, m: &Matrix, presence: bool, lang: Lang) -> Table {
    let mut h = headers(lang, &[Label::Code, Label::Path]);
    h.extend(m.columns.iter().map(|c| c.label.clone()));
    h.push(Label::Total.text(lang).to_string());
    let mut t = Table::new(title, h);
    t.sheet_only = vec![1];
    for (row, vals) in m.rows.iter().zip(&m.values) {
        let mut cells = vec![Cell::text(&row.name), Cell::text(row.path.join(" > "))];
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
    let mut h = headers(lang, &[Label::Code, Label::Path]);
    h.extend(m.rows.iter().map(|r| r.name.clone()));
    let mut t = Table::new(cooccurrence_title(mode, lang), h);
    t.sheet_only = vec![1];
    for (row, vals) in m.rows.iter().zip(&m.values) {
        let mut cells = vec![Cell::text(&row.name), Cell::text(row.path.join(" > "))];
        cells.extend(vals.iter().map(|&v| Cell::int(v)));
        t.rows.push(cells);
        t.indent.push(row.depth.saturating_sub(1));
    }
    t
}

/// The title of a co-occurrence table or heat map: what a count means.
pub fn cooccurrence_title(mode: CoMode, lang: Lang) -> &'static str {
    match mode {
        CoMode::Overlap => Label::CoOverlap,
        CoMode::SameTurn => Label::CoSameTurn,
        CoMode::SameDocument => Label::CoSameDocument,
        CoMode::SameRespondent => Label::CoSameRespondent,
    }
    .text(lang)
}

/// Respondents with all attributes, their documents, number of codings and distinct codes.
pub fn respondent_table(o: &RespondentOverview, lang: Lang) -> Table {
    let mut h = vec![Label::Respondent.text(lang).to_string()];
    h.extend(o.attributes.iter().cloned());
    h.extend(headers(lang, &[Label::Documents, Label::Codings, Label::Codes]));
    let mut t = Table::new(Label::Overview.text(lang), h);
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
    let mut t = Table::new(
        title,
        headers(
            lang,
            &[Label::Respondent, Label::Document, Label::Line, Label::Code, Label::Path, Label::Quote, Label::Citation],
        ),
    );
    t.sheet_only = vec![4];
    for q in quotes {
        t.rows.push(vec![
            Cell::text(q.label.clone().or_else(|| q.speaker.clone()).unwrap_or_default()),
            Cell::text(&q.document_name),
            Cell::int(q.line),
            Cell::text(q.code_path.last().cloned().unwrap_or_default()),
            Cell::text(q.code_path.join(" > ")),
            Cell::text(&q.text),
            Cell::text(&q.citation),
        ]);
    }
    t
}

/// Counts per attribute value: per group three columns, codings and respondents as numbers (the
/// header gives the group size) and the group's respondent labels in citation form; the full
/// code path for spreadsheets.
pub fn group_table(g: &GroupFrequencies, o: &ReportOptions) -> Table {
    let lang = o.lang;
    let mut h = headers(lang, &[Label::Code, Label::Path]);
    for grp in &g.groups {
        let name = if grp.value.is_empty() { Label::Unknown.text(lang).to_string() } else { grp.value.clone() };
        h.push(Label::GroupCodings.fill(lang, &[&name, &grp.respondents.len()]));
        h.push(Label::GroupRespondents.fill(lang, &[&name]));
        h.push(Label::GroupLabels.fill(lang, &[&name]));
    }
    let title = match &g.by {
        GroupBy::Attribute(attribute) => Label::FrequenciesBy.fill(lang, &[attribute]),
        GroupBy::Coder => Label::FrequenciesByCoder.text(lang).to_string(),
    };
    let mut t = Table::new(title, h);
    t.sheet_only = vec![1];
    for row in &g.rows {
        let mut cells =
            vec![Cell::text(row.path.last().cloned().unwrap_or_default()), Cell::text(row.path.join(" > "))];
        for c in &row.cells {
            cells.push(Cell::int(c.codings));
            cells.push(Cell::int(c.respondent_count()));
            let labels = o.citation(&c.respondent_labels);
            cells.push(if labels.is_empty() { Cell::Empty } else { Cell::text(labels) });
        }
        t.rows.push(cells);
        t.indent.push(row.depth.saturating_sub(1));
    }
    t
}

/// Codings or respondents per coder, as QualCoder's frequency report compares coders: per code,
/// for each count set in `sets` (from [`ReportOptions::coder_frequencies`]) and each figure the
/// options ask for, one column per coder ("Codeur Anna: coderingen") and, with two coders or
/// more, the total of all of them; the full code path for spreadsheets. Coders side by side per
/// figure, so the eye compares them along a row. Word heads each figure once over its coders
/// ([`Table::header_groups`]): "Coderingen" over "Anna", "Bram", "Totaal".
pub fn coder_table(sets: &[GroupFrequencies], o: &ReportOptions) -> Table {
    let lang = o.lang;
    let shown = o.counts_or(CountsShown::Total);
    let set_of = |g: &GroupFrequencies| if g.aggregate { "total" } else { "own" };
    let coders = sets.first().map_or(&[][..], |g| &g.groups[..]);
    // One coder's counts are the total: a second column would repeat them.
    let with_total = coders.len() > 1;
    let mut h = headers(lang, &[Label::Code, Label::Path]);
    // Word: the figure over its coders ("Coderingen" over "Anna", "Bram", "Totaal").
    let mut groups: Vec<(String, String)> = h.iter().map(|c| (String::new(), c.clone())).collect();
    for g in sets {
        for group in figure_headers(o, set_of(g), shown, false) {
            let mut chars = group.chars();
            let figure: String = chars.next().into_iter().flat_map(char::to_lowercase).chain(chars).collect();
            h.extend(coders.iter().map(|c| Label::CoderColumn.fill(lang, &[&c.value, &figure])));
            groups.extend(coders.iter().map(|c| (group.clone(), c.value.clone())));
            if with_total {
                h.push(Label::AllCoders.fill(lang, &[&figure]));
                groups.push((group.clone(), Label::Total.text(lang).to_string()));
            }
        }
    }
    let mut t = Table::new(Label::FrequenciesByCoder.text(lang), h);
    t.header_groups = groups;
    t.sheet_only = vec![1];
    for (i, row) in sets.first().map_or(&[][..], |g| &g.rows[..]).iter().enumerate() {
        let mut cells =
            vec![Cell::text(row.path.last().cloned().unwrap_or_default()), Cell::text(row.path.join(" > "))];
        for g in sets {
            let r = &g.rows[i];
            let columns: Vec<Vec<Cell>> = r
                .cells
                .iter()
                .chain(with_total.then_some(&r.total))
                .map(|c| figure_cells(o, c, set_of(g), false))
                .collect();
            for figure in 0..columns.first().map_or(0, Vec::len) {
                cells.extend(columns.iter().map(|c| c[figure].clone()));
            }
        }
        t.rows.push(cells);
        t.indent.push(row.depth.saturating_sub(1));
    }
    t
}

/// Every coded segment (Taguette's "highlights" export): document, respondent, full code path,
/// coder, start and end (character offsets), the text and the coding's memo; in document order
/// then position. `branch` restricts to one code and its subtree.
pub fn segments_table(a: &Analysis, filter: &Filter, branch: Option<Id>, lang: Lang) -> Table {
    let p = a.project;
    let roots: Vec<Id> = match branch {
        Some(b) => vec![b],
        None => p.children(None).iter().map(|c| c.id).collect(),
    };
    let style = crate::core::analysis::CitationStyle::label();
    let mut quotes: Vec<Quote> = roots.iter().flat_map(|&c| a.quotes(c, true, filter, &style)).collect();
    quotes.sort_by(|x, y| {
        crate::core::analysis::natural_cmp(&x.document_name, &y.document_name)
            .then(x.start.cmp(&y.start))
            .then(x.end.cmp(&y.end))
            .then(x.coding.cmp(&y.coding))
    });
    let mut t = Table::new(
        Label::Segments.text(lang),
        headers(
            lang,
            &[
                Label::Document,
                Label::Respondent,
                Label::Path,
                Label::Coder,
                Label::Start,
                Label::End,
                Label::Text,
                Label::Memo,
            ],
        ),
    );
    for q in &quotes {
        let memo = p.codings.get(&q.coding).map_or("", |k| crate::core::analysis::coding_memo(p, k));
        t.rows.push(vec![
            Cell::text(&q.document_name),
            Cell::text(q.label.clone().or_else(|| q.speaker.clone()).unwrap_or_default()),
            Cell::text(q.code_path.join(" > ")),
            Cell::text(&q.coder),
            Cell::int(q.start),
            Cell::int(q.end),
            Cell::text(&q.text),
            Cell::text(memo),
        ]);
    }
    t
}

/// The memos within `filter` and `branch` (see [`crate::core::analysis::Analysis::memos`]): what
/// each is about (project, document, code path, respondent or coding), its author, the date it
/// was last changed (UTC, ISO) and its title and text.
pub fn memos_table(a: &Analysis, filter: &Filter, branch: Option<Id>, lang: Lang) -> Table {
    use crate::core::model::MemoTarget;
    let p = a.project;
    let mut t = Table::new(
        Label::Memos.text(lang),
        headers(lang, &[Label::MemoAbout, Label::Author, Label::Date, Label::MemoTitle, Label::Text]),
    );
    for m in a.memos(filter, branch) {
        let target = match m.target {
            MemoTarget::Project => Label::ProjectMemo.fill(lang, &[&p.name]),
            MemoTarget::Document(d) => {
                Label::DocumentMemo.fill(lang, &[&p.documents.get(&d).map_or("?", |d| d.name.as_str())])
            }
            MemoTarget::Code(c) => Label::CodeMemo.fill(lang, &[&p.code_path_string(c)]),
            MemoTarget::Case(c) => {
                Label::RespondentMemo.fill(lang, &[&p.cases.get(&c).map_or("?", |c| c.label.as_str())])
            }
            MemoTarget::Coding(k) => match p.codings.get(&k) {
                Some(k) => Label::CodingMemo.fill(
                    lang,
                    &[
                        &p.documents.get(&k.document).map_or("?", |d| d.name.as_str()),
                        &k.start,
                        &k.end,
                        &p.code_path_string(k.code),
                    ],
                ),
                None => Label::Coding.text(lang).to_string(),
            },
        };
        let date = chrono::DateTime::from_timestamp(m.updated_at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        t.rows.push(vec![
            Cell::text(target),
            Cell::text(p.coders.get(&m.author).map_or("?", |c| c.name.as_str())),
            Cell::text(date),
            Cell::text(m.title),
            Cell::text(m.text),
        ]);
    }
    t
}

/// Which coding of a code a codebook shows as its example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExampleQuote {
    /// The first coding in document order (natural order of document names, then position).
    #[default]
    First,
    /// The longest coding (the first of equally long ones).
    Longest,
    /// No example column.
    None,
}

/// Longest example quote a codebook prints, in characters; longer ones are cut at a word and
/// marked `[…]`.
pub const EXAMPLE_QUOTE_CHARS: usize = 240;

/// The codebook with definitions, the table most theses print in their methods chapter or
/// appendix (NVivo's and MAXQDA's codebook export): per code in tree order its name (indented by
/// depth in documents) and full path (spreadsheets), its definition (the code's description, or
/// its memo when it has no description), an example quote cited with `style` (from the code's own
/// codings within `filter`, cut to [`EXAMPLE_QUOTE_CHARS`]) and the counts the options ask for
/// (default: codings and respondents of the code's subtree, so the table fits a portrait page;
/// `counts own` or `both` for the code's own). Branch, hidden uncoded codes, figure and
/// wording follow the options like every count table.
pub fn codebook_table(
    a: &crate::core::analysis::Analysis,
    filter: &crate::core::analysis::Filter,
    o: &ReportOptions,
    example: ExampleQuote,
    style: &crate::core::analysis::CitationStyle,
) -> Table {
    use crate::core::model::{Id, MemoTarget};
    let p = a.project;
    let lang = o.lang;
    let rows = o.shape(p, a.code_frequencies(filter));
    let shown = o.counts_or(CountsShown::Total);
    let mut h = headers(lang, &[Label::Code, Label::Path, Label::Definition]);
    if example != ExampleQuote::None {
        h.push(Label::Example.text(lang).into());
    }
    for set in sets(shown) {
        h.extend(figure_headers(o, set, shown, false));
    }
    // One pass over the codings of every shown branch: each code's chosen example.
    let mut examples: std::collections::HashMap<Id, Quote> = std::collections::HashMap::new();
    if example != ExampleQuote::None {
        let style = style.clone().shortened(EXAMPLE_QUOTE_CHARS);
        let roots: Vec<Id> = match o.branch {
            Some(b) => vec![b],
            None => p.children(None).iter().map(|c| c.id).collect(),
        };
        for q in roots.iter().flat_map(|&root| a.quotes(root, true, filter, &style)) {
            let better = match examples.get(&q.code) {
                None => true,
                Some(best) => example == ExampleQuote::Longest && q.text.chars().count() > best.text.chars().count(),
            };
            if better {
                examples.insert(q.code, q);
            }
        }
    }
    let mut t = Table::new(Label::Codebook.text(lang), h);
    t.sheet_only = vec![1];
    for r in &rows {
        let code = p.codes.get(&r.code);
        let description = code.map_or("", |c| c.description.trim());
        let definition = if description.is_empty() {
            p.index()
                .memos_of(MemoTarget::Code(r.code))
                .filter_map(|m| p.memos.get(&m))
                .map(|m| m.text.trim())
                .find(|t| !t.is_empty())
                .unwrap_or("")
        } else {
            description
        };
        let mut cells = vec![Cell::text(&r.name), Cell::text(r.path_string()), Cell::text(definition)];
        if example != ExampleQuote::None {
            cells.push(examples.get(&r.code).map_or(Cell::Empty, |q| Cell::text(&q.citation)));
        }
        for (set, c) in count_sets(r, shown) {
            cells.extend(figure_cells(o, c, set, false));
        }
        t.rows.push(cells);
        t.indent.push(r.depth.saturating_sub(1));
    }
    t
}
