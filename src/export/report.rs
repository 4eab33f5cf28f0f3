//! One report, one implementation: `werkbank export` and the app's Analysis window both name a
//! [`Report`], a filter and the thesis's [`ReportOptions`], and this module builds the blocks (or
//! the chart) and writes the file. Why a module of its own: before it, the CLI built its reports
//! inline and the app had a second, smaller copy that ignored the options; a table exported from
//! the app now is byte for byte the table the command line writes with the same choices.

use super::options::{CountsShown, ReportOptions, filter_note};
use super::{Block, ExportError, Label, Table, csv::CsvOptions, svg, tables};
use crate::core::analysis::{Analysis, CitationStyle, CoMode, Filter, GroupBy};
use crate::core::model::{Id, Project};
use crate::output::{self, Format};
use std::path::Path;

/// Which report to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// The code tree with counts (a nested list in .docx/.html/.txt, a table in .csv/.xlsx).
    Codeboom,
    /// Codings, respondents and citation labels per code.
    Frequencies,
    /// Counts per value of an attribute, or per coder.
    Groups { by: GroupBy },
    /// Respondents with their attributes and number of codings.
    Respondents,
    /// Code x respondent matrix (0/1 with `presence`).
    Matrix { presence: bool },
    /// Code x document matrix.
    Documents { presence: bool },
    /// Code co-occurrence.
    Cooccurrence { mode: CoMode },
    /// Verbatim quotes of a code (and its subcodes), cited in `style`.
    Quotes { code: Id, subtree: bool, style: CitationStyle },
    /// Everything an appendix needs in one document.
    Appendix { presence: bool },
    /// Bar chart of the concepts (or of the branch's children).
    BarChart,
    /// The same bars grouped per code, one per coder, with a legend of the coders.
    CoderBarChart,
    /// Heat map of the code x respondent matrix.
    Heatmap,
    /// Heat map of the co-occurrence matrix.
    CooccurrenceHeatmap { mode: CoMode },
    /// Every coded segment: document, respondent, code path, coder, start/end, text, memo.
    Segments,
    /// Every memo: target, author, date, text.
    Memos,
    /// The codebook with definitions: code, definition, an example quote cited in `style`, counts.
    Codebook { example: tables::ExampleQuote, style: CitationStyle },
}

impl Report {
    /// Whether the report is a chart (.svg/.png) rather than a table or document.
    pub fn is_chart(&self) -> bool {
        matches!(self, Report::BarChart | Report::CoderBarChart | Report::Heatmap | Report::CooccurrenceHeatmap { .. })
    }
}

/// The report's title, which Word and HTML print as the table's caption ("Tabel 3: Coderingen per
/// code en respondent — Vertrouwen") and spreadsheets use for the sheet: what the figures are
/// (codings or respondents, own counts), and the branch it is limited to.
pub fn title(project: &Project, report: &Report, o: &ReportOptions) -> String {
    let mut t = what(project, report, o);
    if let Report::Quotes { .. } = report {
        return t;
    }
    let counted = matches!(
        report,
        Report::Matrix { presence: false }
            | Report::Documents { presence: false }
            | Report::Heatmap
            | Report::BarChart
            | Report::CoderBarChart
    );
    if o.counts_or(CountsShown::Total) == CountsShown::Own && counted {
        t = Label::OwnSuffix.fill(o.lang, &[&t]);
    }
    if let Some(b) = o.branch.filter(|b| project.codes.contains_key(b)) {
        t = format!("{t} — {}", project.code_path_string(b));
    }
    t
}

/// The title line of the document a report is written to (Word's Title and its document
/// properties, the page title of HTML and Markdown): what it is and of which project,
/// "Codefrequenties — Vertrouwen in het openbaar bestuur". Without the branch and count choices,
/// which each table's caption states.
pub fn document_title(project: &Project, report: &Report, o: &ReportOptions) -> String {
    let kind = match report {
        Report::Appendix { .. } => Label::Appendix.text(o.lang).to_string(),
        _ => what(project, report, o),
    };
    Label::DocumentTitle.fill(o.lang, &[&kind, &project.name])
}

/// What a report shows, in a few words: "Codefrequenties", "Citaten: Vertrouwen".
fn what(project: &Project, report: &Report, o: &ReportOptions) -> String {
    let lang = o.lang;
    let tr = |label: Label| label.text(lang).to_string();
    match report {
        Report::Codeboom => tr(Label::CodeTree),
        Report::Frequencies | Report::Appendix { .. } => tr(Label::Frequencies),
        Report::Groups { by: GroupBy::Attribute(by) } => Label::FrequenciesBy.fill(lang, &[by]),
        Report::Groups { by: GroupBy::Coder } => tr(Label::FrequenciesByCoder),
        Report::Respondents => tr(Label::Overview),
        Report::Matrix { presence: false } | Report::Heatmap => tr(Label::MatrixTitle),
        Report::Matrix { presence: true } => tr(Label::PresenceTitle),
        Report::Documents { presence: false } => tr(Label::DocumentsTitle),
        Report::Documents { presence: true } => tr(Label::PresenceDocumentsTitle),
        Report::Cooccurrence { mode } | Report::CooccurrenceHeatmap { mode } => {
            tables::cooccurrence_title(*mode, lang).to_string()
        }
        Report::Quotes { code, .. } => {
            Label::Titled.fill(lang, &[&Label::Quotes.text(lang), &project.code_path_string(*code)])
        }
        Report::BarChart if o.figure == super::options::Figure::Respondents => tr(Label::RespondentsPerCode),
        Report::BarChart => tr(Label::CodingsPerCode),
        Report::CoderBarChart if o.figure == super::options::Figure::Respondents => tr(Label::RespondentsPerCoder),
        Report::CoderBarChart => tr(Label::CodingsPerCoder),
        Report::Segments => tr(Label::Segments),
        Report::Memos => tr(Label::Memos),
        Report::Codebook { .. } => tr(Label::Codebook),
    }
}

/// A report with nothing to show after filtering: no coded passage in its branch under its filter
/// (quotes, segments, every count table and chart), or no memo, with the report's title and filter.
/// The CLI prints it as a warning (an error with `--strict`), the app beside "exported"; the
/// document or chart says so in place of an empty table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Empty {
    NoPassages(String),
    NoMemos(String),
}

impl std::fmt::Display for Empty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(super::Lang::En))
    }
}

impl Empty {
    /// What came out empty, in `lang`: "geen passages gevonden voor 'Citaten: X (Filter: …)'".
    pub fn say(&self, lang: super::Lang) -> String {
        match self {
            Empty::NoPassages(what) => Label::NoPassagesFor.fill(lang, &[what]),
            Empty::NoMemos(what) => Label::NoMemosFor.fill(lang, &[what]),
        }
    }

    /// The sentence the document prints instead of the table.
    fn sentence(&self, lang: super::Lang) -> &'static str {
        match self {
            Empty::NoPassages(_) => Label::NoPassages.text(lang),
            Empty::NoMemos(_) => Label::NoMemos.text(lang),
        }
    }
}

/// Whether `report` has nothing to show under `filter` and the options' branch. The code tree,
/// the codebook and the respondent overview are never empty: their rows are codes and
/// respondents, which stand whatever was coded (a filter matching nothing is warned about by
/// [`crate::core::analysis::filter_warnings`]).
pub fn empty(project: &Project, report: &Report, filter: &Filter, o: &ReportOptions) -> Option<Empty> {
    let a = Analysis::new(project);
    let what = || {
        let mut t = title(project, report, o);
        let note = filter_note(project, filter, o.lang);
        if !note.is_empty() {
            t = format!("{t} ({note})");
        }
        format!("'{t}'")
    };
    match report {
        Report::Codeboom | Report::Codebook { .. } | Report::Respondents => None,
        Report::Memos => a.memos(filter, o.branch).is_empty().then(|| Empty::NoMemos(what())),
        Report::Quotes { code, subtree, .. } => {
            (a.passages(filter, Some(*code), *subtree) == 0).then(|| Empty::NoPassages(what()))
        }
        _ => (a.passages(filter, o.branch, true) == 0).then(|| Empty::NoPassages(what())),
    }
}

/// `blocks` of an [`empty`] report: in documents each result table gives way to its title, the
/// filter note and the sentence saying nothing was found; spreadsheets keep the table's header
/// row under a note that says so.
fn emptied(blocks: Vec<Block>, empty: &Empty, format: Format, lang: super::Lang) -> Vec<Block> {
    let sentence = empty.sentence(lang);
    // The respondent overview of an appendix is not filtered: it stays.
    let result = |t: &Table| t.title != Label::Overview.text(lang);
    let document = matches!(format, Format::Docx | Format::Html | Format::Md | Format::Txt);
    blocks
        .into_iter()
        .flat_map(|b| match b {
            Block::Table(t) if result(&t) && document => {
                let mut out = vec![Block::Heading(t.title.clone())];
                if !t.note.is_empty() {
                    out.push(Block::Paragraph(t.note.clone()));
                }
                out.push(Block::Paragraph(sentence.to_string()));
                out
            }
            Block::Table(mut t) if result(&t) => {
                t.rows.clear();
                t.indent.clear();
                t.note = if t.note.is_empty() { sentence.to_string() } else { format!("{}; {sentence}", t.note) };
                vec![Block::Table(t)]
            }
            // An appendix's chart of nothing.
            Block::Svg(_) => Vec::new(),
            b => vec![b],
        })
        .collect()
}

/// What [`write`] produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A report document or table file.
    Blocks(Vec<Block>),
    /// SVG markup of a chart.
    Chart(String),
    /// Plain text (the code tree as an indented outline).
    Text(String),
}

/// Builds `report` for a file with extension `ext` (the code tree is a list in documents and
/// a table in spreadsheets). Every table carries the filter note under its title.
pub fn build(project: &Project, report: &Report, filter: &Filter, o: &ReportOptions, format: Format) -> Output {
    let p = project;
    let lang = o.lang;
    let a = Analysis::new(p);
    let note = filter_note(p, filter, lang);
    let title = title(p, report, o);
    let chart_title = if note.is_empty() { title.clone() } else { format!("{title} ({note})") };
    let freq = || o.shape(p, a.code_frequencies(filter));
    let aggregate = o.counts_or(CountsShown::Total) != CountsShown::Own;
    let matrix = || o.shape_matrix(p, a.code_case_matrix(filter, aggregate), true);
    // A report of one table: the table carries the report's title (its caption in Word) and the
    // filter note.
    let table = |mut t: Table| {
        t.title = title.clone();
        t.note = note.clone();
        Block::Table(t)
    };
    let nothing = empty(p, report, filter, o);
    if let (true, Some(nothing)) = (report.is_chart(), &nothing) {
        return Output::Chart(svg::empty_chart(&chart_title, nothing.sentence(lang)));
    }
    let blocks = match report {
        Report::BarChart => return Output::Chart(svg::code_bar_chart(&freq(), &chart_title, o)),
        Report::CoderBarChart => {
            let g = o.shape_groups(p, a.frequencies_by_group(filter, GroupBy::Coder, aggregate));
            return Output::Chart(svg::coder_bar_chart(&g, &chart_title, o));
        }
        Report::Heatmap => return Output::Chart(svg::heatmap_svg(&chart_title, &matrix())),
        Report::CooccurrenceHeatmap { mode } => {
            let m = o.shape_matrix(p, a.cooccurrence(filter, *mode), false);
            return Output::Chart(svg::heatmap_svg(&chart_title, &m));
        }
        Report::Codeboom if format == Format::Txt => {
            let text = super::text::codeboom_text(&freq(), o);
            return Output::Text(if note.is_empty() { text } else { format!("{note}\n\n{text}") });
        }
        Report::Codeboom if matches!(format, Format::Docx | Format::Html | Format::Md) => {
            let mut b = vec![Block::Heading(title.clone())];
            if !note.is_empty() {
                b.push(Block::Paragraph(note.clone()));
            }
            b.push(Block::CodeTree(tables::codeboom_lines(&freq(), o), o.tree_style));
            b
        }
        Report::Codeboom => vec![table(tables::codeboom_table(&freq(), o))],
        Report::Frequencies => vec![table(tables::frequency_table(&freq(), o))],
        Report::Groups { by: GroupBy::Coder } => vec![table(tables::coder_table(&o.coder_frequencies(&a, filter), o))],
        Report::Groups { by } => {
            let g = o.shape_groups(p, a.frequencies_by_group(filter, by.clone(), aggregate));
            vec![table(tables::group_table(&g, o))]
        }
        Report::Respondents => vec![table(tables::respondent_table(&a.respondent_overview(), lang))],
        Report::Matrix { presence } => vec![table(tables::matrix_table(&title, &matrix(), *presence, lang))],
        Report::Documents { presence } => {
            let m = o.shape_matrix(p, a.code_document_matrix(filter, aggregate), false);
            vec![table(tables::matrix_table(&title, &m, *presence, lang))]
        }
        Report::Cooccurrence { mode } => {
            let m = o.shape_matrix(p, a.cooccurrence(filter, *mode), false);
            vec![table(tables::cooccurrence_table(&m, *mode, lang))]
        }
        Report::Quotes { code, subtree, style } => {
            let quotes = a.quotes(*code, *subtree, filter, style);
            vec![table(tables::quotes_table(&p.code_path_string(*code), &quotes, lang))]
        }
        Report::Appendix { presence } => super::appendix_blocks(&a, filter, *presence, o),
        Report::Segments => vec![table(tables::segments_table(&a, filter, o.branch, lang))],
        Report::Memos => vec![table(tables::memos_table(&a, filter, o.branch, lang))],
        Report::Codebook { example, style } => {
            vec![table(tables::codebook_table(&a, filter, o, *example, style))]
        }
    };
    Output::Blocks(match nothing {
        Some(nothing) => emptied(blocks, &nothing, format, lang),
        None => blocks,
    })
}

/// Writes `report` to `path` in the format its extension names (a chart as .svg or .png, a
/// report as .docx/.html/.xlsx/.csv/.txt); a format the report cannot take is a clear error.
/// The format `report` is written in at `path`, or why it cannot be (a chart as .docx, an
/// unknown extension): known before anything is computed or warned about.
pub fn format_for(report: &Report, path: &Path) -> Result<Format, ExportError> {
    let (what, formats) =
        if report.is_chart() { ("a chart", output::CHART_FORMATS) } else { ("a report", output::REPORT_FORMATS) };
    Ok(output::format_of(path, what, formats)?)
}

pub fn write(
    project: &Project,
    report: &Report,
    filter: &Filter,
    o: &ReportOptions,
    csv: CsvOptions,
    path: &Path,
) -> Result<(), ExportError> {
    let format = format_for(report, path)?;
    match build(project, report, filter, o, format) {
        Output::Chart(svg_text) => {
            let bytes = if format == Format::Png {
                crate::raster::svg_to_png(&svg_text, 2.0).map_err(|e| ExportError::Unsupported(e.to_string()))?
            } else {
                svg_text.into_bytes()
            };
            output::write_bytes(path, &bytes).map_err(ExportError::from)
        }
        Output::Text(text) => output::write_bytes(path, text.as_bytes()).map_err(ExportError::from),
        Output::Blocks(blocks) => {
            super::write_report_in(path, &document_title(project, report, o), &blocks, csv, o.lang)
        }
    }
}
