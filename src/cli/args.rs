//! The command line as clap parses it: the verbs, their arguments and value enums. Kept apart
//! from the code that runs them so `--help` and the verbs can be read separately.

use super::*;

#[derive(Parser, Debug)]
#[command(name = "werkbank", version, long_version = crate::about::LONG_VERSION, about = "Werkbank: qualitative interview coding")]
// Flags may come before the verb (`--lang`, `--coder`); a project and a verb together are refused
// by `Cli::parse_checked`.
pub struct Cli {
    /// Project to open in the app (without a project, the demo project opens).
    pub project: Option<PathBuf>,
    /// Your name as a coder (defaults to $WERKBANK_CODER, then $USER).
    #[arg(long, global = true)]
    pub coder: Option<String>,
    /// Language of what a verb prints, writes and answers: Dutch unless asked otherwise, as the
    /// thesis; before or after the verb (`werkbank --lang en counts P`, `werkbank counts P --lang en`).
    #[arg(long, global = true, value_enum, default_value_t = Lang::Nl)]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The command line, refused (as clap refuses, exit code 2) when it names both a project to
    /// open in the app and a verb.
    pub fn parse_checked() -> Cli {
        let cli = Cli::parse();
        if let (Some(project), Some(_)) = (&cli.project, &cli.command) {
            let msg =
                format!("a project to open in the app ({}) and a verb cannot be given together", project.display());
            <Cli as clap::CommandFactory>::command().error(clap::error::ErrorKind::ArgumentConflict, msg).exit();
        }
        cli
    }
}

/// `werkbank import`'s one-line help, naming every transcript format the import reads.
fn transcripts_help() -> String {
    format!("Import transcripts ({}), files or folders", crate::output::listing(crate::import::SUPPORTED_FORMATS))
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new, empty project file.
    New {
        path: PathBuf,
        /// Project name (defaults to the file name).
        #[arg(long)]
        name: Option<String>,
    },
    // The formats in the help come from the one format table.
    #[command(about = transcripts_help())]
    Import(ImportArgs),
    /// Import or export a code tree.
    #[command(subcommand)]
    Codebook(CodebookCmd),
    /// Apply a code to a character range or to every match of a phrase or regex; or change a code
    /// (`code rename|move|merge|describe|recolour`).
    Code(CodeArgs),
    /// Read or write the memo of a code, document, respondent, coding or the project.
    Memo(MemoArgs),
    /// List documents, codes, respondents, codings, coders or the edit log.
    List {
        project: PathBuf,
        #[arg(value_enum, default_value_t = ListWhat::Documents)]
        what: ListWhat,
        /// Machine-readable output: a JSON array, one object per item. Keys: documents {name,
        /// characters, turns, codings, respondent}; codes {name, path, depth, kind, color,
        /// description}; respondents {label, attributes}; codings {id, document, start, end, code,
        /// path, coder, respondent, text (full), memo}; coders {name, codings}; log {seq, at,
        /// coder, kind, action}.
        #[arg(long)]
        json: bool,
        /// Codings: the whole coded passage instead of its first 60 characters.
        #[arg(long)]
        full_text: bool,
        /// Codings: only those of this code and the codes below it (path "Parent > Child" or name).
        #[arg(long)]
        code: Option<String>,
    },
    /// Code counts over the code tree: codings and respondents per code, aggregated upwards.
    Counts {
        project: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        shape: ShapeArgs,
        /// Machine-readable output: one object per code with own and total counts.
        #[arg(long)]
        json: bool,
    },
    /// Write an appendix table, report or chart (.docx .html .xlsx .csv .md .txt .svg .png).
    Export(ExportArgs),
    /// Intercoder agreement between two or more coders, with the disagreements to discuss.
    Agreement(AgreementArgs),
    /// Exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette: REFI-QDA .qdpx and .qdc.
    #[command(subcommand)]
    Refi(RefiCmd),
    /// Manage respondents: add, import a table, set attributes and their kinds, map speaker tags.
    #[command(subcommand)]
    Respondent(RespondentCmd),
    /// Import a survey table (.csv .xlsx .ods): open answers become documents, the other columns
    /// respondent attributes.
    #[command(subcommand)]
    Survey(SurveyCmd),
    /// Check a results chapter against the coding: quotes, respondent label lists, counts, tables.
    /// Exits with 1 when a claim differs from the coding.
    Check(CheckArgs),
    /// Merge another coder's project file into this one (documents matched by text, codes by path).
    Merge { project: PathBuf, other: PathBuf },
    /// Write a copy for a second coder: transcripts, respondents and codebook, without codings
    /// (and without memos and respondents' real names unless asked).
    Handout {
        project: PathBuf,
        out: PathBuf,
        /// Include the memos and respondents' descriptions.
        #[arg(long)]
        with_memos: bool,
        /// Include respondents' aliases (their real names).
        #[arg(long)]
        with_aliases: bool,
    },
    /// Delete a document, or a respondent who withdrew consent with everything of theirs.
    Delete {
        project: PathBuf,
        #[arg(value_enum)]
        what: DeleteWhat,
        /// Document name (or unique prefix), or respondent label.
        name: String,
        /// Also remove it from every backup of the project (rewritten and verified).
        #[arg(long)]
        purge_backups: bool,
    },
    /// Make a backup now, or list the backups.
    Backup {
        project: PathBuf,
        #[arg(long)]
        list: bool,
    },
    /// Restore a backup (the current state is backed up first).
    Restore { project: PathBuf, backup: PathBuf },
    /// Replace names and other terms by labels, keeping every coding on the same words.
    Pseudonymise {
        project: PathBuf,
        /// File with `term = replacement` lines; respondents' aliases are always included.
        #[arg(long)]
        terms: Option<PathBuf>,
        /// Write a pseudonymised copy here instead of changing the project.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Measure import, coding, opening, analysis and export speed on a synthetic workload.
    #[cfg(feature = "bench")]
    Bench {
        /// Work directory (a temporary one when omitted).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long, default_value_t = 200)]
        documents: usize,
        #[arg(long, default_value_t = 100_000)]
        codings: usize,
        /// Only write the synthetic transcripts to this folder (for the Taguette comparison).
        #[arg(long)]
        write_workload: Option<PathBuf>,
        /// Only these groups (repeatable): frame, scale, ui, codes, install, bidi, floor.
        #[arg(long, value_enum)]
        only: Vec<BenchGroup>,
        /// One JSON object: {"machine": …, "peak_memory_mib": N, "results": {what: {seconds, detail, [mib, ratio, …]}}}.
        #[arg(long)]
        json: bool,
    },
    /// Crash-safety workload: performs many small actions, printing each acknowledged one.
    #[cfg(feature = "bench")]
    #[command(hide = true)]
    Stress {
        project: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 1000)]
        actions: usize,
    },
    /// The `ui` benchmark's frames on a scale project, in a process of its own so that its peak
    /// memory is the app's: prints the figures as a JSON list.
    #[cfg(feature = "bench")]
    #[command(hide = true, name = "bench-ui")]
    BenchUi { project: PathBuf },
    /// Runs another verb, then prints this process's own peak resident memory (`peak-mib N`) as
    /// the last line: how the benchmarks measure a command in a child process.
    #[cfg(feature = "bench")]
    #[command(hide = true, name = "bench-peak")]
    BenchPeak {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    pub project: PathBuf,
    /// Files or folders to import.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The whole transcript belongs to this respondent (e.g. R3); created if new.
    #[arg(long)]
    pub respondent: Option<String>,
    /// Create a respondent for every speaker tag that is not the interviewer's.
    #[arg(long)]
    pub speakers_as_respondents: bool,
    /// Only show the detected speakers and how they would map to respondents; import nothing.
    #[arg(long)]
    pub preview: bool,
    /// Import a transcript even when its text is already in the project (or twice in the files
    /// given); without it such a file is skipped with a note naming the existing document.
    #[arg(long)]
    pub allow_duplicates: bool,
    /// Decide one speaker yourself: `TAG=interviewer`, `TAG=ignore`, `TAG=none` (not linked) or
    /// `TAG=LABEL` (that respondent, new or existing), e.g. `--speaker Y=R7 --speaker I2=interviewer`.
    #[arg(long = "speaker", value_name = "TAG=ROLE|LABEL")]
    pub speakers: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum CodebookCmd {
    /// Load codes from JSON, an indented outline (.txt/.md) or `a>>b<TAB>memo` lines.
    Import {
        project: PathBuf,
        file: PathBuf,
        /// Put the codes under this existing code path.
        #[arg(long)]
        under: Option<String>,
    },
    /// Write the code tree to a file; the format follows the extension: .json, an outline (.txt,
    /// .md) that `codebook import` reads back, or the tree as a Word document or web page (.docx,
    /// .html) with Word headings or a real nested list, names only or with counts. (.qdc: `refi export`.)
    Export(CodebookExportArgs),
}

/// `codebook export`: the file, and for documents the tree's look and figures.
#[derive(Args, Debug)]
pub struct CodebookExportArgs {
    pub project: PathBuf,
    pub file: PathBuf,
    /// For .txt/.md/.json: json, an outline, or `a>>b<TAB>memo` lines.
    #[arg(long, value_enum)]
    pub format: Option<CodebookFormatArg>,
    /// Names only (none, the default), or with the code's own counts, its subtree's totals, or both.
    #[arg(long, value_enum, default_value_t = TreeCountsArg::None)]
    pub counts: TreeCountsArg,
    /// With counts: codings, respondents or both ("Vertrouwen (12 coderingen, 7 respondenten)").
    #[arg(long, value_enum, default_value_t = FigureArg::Both)]
    pub figure: FigureArg,
    /// Only this code and everything below it (a code path or unique name).
    #[arg(long)]
    pub code: Option<String>,
    /// Leave out codes that have no codings.
    #[arg(long)]
    pub hide_uncoded: bool,
    /// How .docx/.html/.md print the tree: a bulleted list, a numbered list or headings
    /// (Word's Heading 2, 3, … under the "Codeboom" Heading 1, for the navigation pane and contents).
    #[arg(long, value_enum, default_value_t = TreeStyleArg::List)]
    pub style: TreeStyleArg,
    /// With counts: the respondent labels after the figures, e.g. "(3 respondenten; M1, A2, A5)".
    #[arg(long)]
    pub labels: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeCountsArg {
    /// Names only.
    None,
    /// Codings of the code itself.
    Own,
    /// The code and everything below it.
    Total,
    /// Own and total side by side.
    Both,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeStyleArg {
    /// A bulleted list (•, ○, ▪ by level).
    List,
    /// A numbered list (1, 1.1, 1.1.1).
    Numbered,
    /// Headings (Word's Heading styles).
    Headings,
}

/// Changes to the code tree, each one undoable action (as the app's Code menu).
#[derive(Subcommand, Debug)]
pub enum CodeAction {
    /// Give a code a new name: `code rename P "Waarden > Oud" "Nieuw"`.
    Rename { project: PathBuf, code: String, new_name: String },
    /// Move a code (with its subcodes) under another code, or to the top with --top.
    Move {
        project: PathBuf,
        code: String,
        /// The new parent code path.
        #[arg(long, conflicts_with = "top", required_unless_present = "top")]
        under: Option<String>,
        /// Move to the top level of the tree.
        #[arg(long)]
        top: bool,
        /// Place it at this position among its new siblings (1 = first; default last).
        #[arg(long)]
        position: Option<usize>,
    },
    /// Merge a code into another: its codings, subcodes and memo move there, then it is deleted.
    Merge { project: PathBuf, source: String, target: String },
    /// Set a code's description (its definition in the codebook); "" clears it.
    Describe { project: PathBuf, code: String, description: String },
    /// Set a code's colour, e.g. `#1f77b4`.
    #[command(alias = "recolor")]
    Recolour { project: PathBuf, code: String, colour: String },
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["code", "doc", "respondent", "coding", "project_memo"])))]
pub struct MemoArgs {
    pub project: PathBuf,
    /// The memo of this code (path or unique name).
    #[arg(long)]
    pub code: Option<String>,
    /// The memo of this document (name or unique prefix).
    #[arg(long)]
    pub doc: Option<String>,
    /// The memo of this respondent (label).
    #[arg(long)]
    pub respondent: Option<String>,
    /// The memo of this coding (its number from `list codings`).
    #[arg(long)]
    pub coding: Option<Id>,
    /// The project's own memo.
    #[arg(long = "project")]
    pub project_memo: bool,
    /// New memo text; "" removes the memo. Without it (and without --file) the memo is printed.
    #[arg(long, conflicts_with = "file")]
    pub text: Option<String>,
    /// Read the new memo text from this UTF-8 file.
    #[arg(long)]
    pub file: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum CodebookFormatArg {
    Json,
    Outline,
    Lines,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CodeArgs {
    /// Change a code instead of applying it.
    #[command(subcommand)]
    pub action: Option<CodeAction>,
    #[arg(required = true)]
    pub project: Option<PathBuf>,
    /// Code path, e.g. "Publieke waarden > Vertrouwen" (or a unique code name).
    #[arg(long, default_value = "")]
    pub code: String,
    /// Document name (or unique prefix); all documents when omitted with --phrase/--regex.
    #[arg(long)]
    pub doc: Option<String>,
    /// Character range START..END (end exclusive).
    #[arg(long, conflicts_with_all = ["phrase", "regex"])]
    pub range: Option<String>,
    /// Code every occurrence of this phrase (case-insensitive).
    #[arg(long, conflicts_with = "regex")]
    pub phrase: Option<String>,
    /// Code every match of this regular expression.
    #[arg(long)]
    pub regex: Option<String>,
    /// With --phrase: only whole words.
    #[arg(long)]
    pub whole_words: bool,
    /// Apply many codings from a file of `document<TAB>start<TAB>end[<TAB>code path]` lines as one
    /// action (one undo step): every line is checked first, a bad line codes nothing; --code is the
    /// default code; passages already coded identically are skipped.
    #[arg(long, conflicts_with_all = ["range", "phrase", "regex"])]
    pub ranges_file: Option<PathBuf>,
    /// A phrase or regex found nowhere is an error, not a warning.
    #[arg(long)]
    pub strict: bool,
}

/// Which codings count in a table.
#[derive(Args, Debug, Default)]
pub struct FilterArgs {
    /// Only codings by this coder (repeatable).
    #[arg(long = "only-coder")]
    pub only_coders: Vec<String>,
    /// Only these documents (repeatable; name or unique prefix).
    #[arg(long = "doc")]
    pub docs: Vec<String>,
    /// Only respondents whose attribute matches, e.g. `functie=manager`, `Leeftijd>=40`,
    /// `Uren<4,5` (numbers compare as numbers, dates as dates; also `!=`, `<`, `<=`, `>`).
    #[arg(long = "where")]
    pub attribute: Option<String>,
    /// Treat a filter that matches nothing (or an unknown attribute) as an error, not a warning.
    #[arg(long)]
    pub strict: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountsArg {
    /// Codings of the code itself.
    Own,
    /// The code and everything below it.
    Total,
    /// Own and total side by side.
    Both,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureArg {
    Codings,
    Respondents,
    Both,
    /// Names only.
    None,
}

/// What a count table shows: the choices a thesis makes (see `export::options`).
#[derive(Args, Debug, Default)]
pub struct ShapeArgs {
    /// Own counts, subtree totals or both (default: the report's own).
    #[arg(long, value_enum)]
    pub counts: Option<CountsArg>,
    /// The figure per code: codings, respondents, both, or none (names only).
    #[arg(long, value_enum)]
    pub figure: Option<FigureArg>,
    /// Leave out codes that have no codings.
    #[arg(long)]
    pub hide_uncoded: bool,
    /// Write "4 respondenten" / "1 respondent" (and "-" for none) instead of bare numbers.
    #[arg(long)]
    pub wording: bool,
    /// Order of respondent labels: natural (A2, A10, M1), number (M1, A2, O7), import (the order
    /// respondents were added), or your own order as a comma-separated list or a file of labels.
    #[arg(long = "label-order", default_value = "natural")]
    pub label_order: String,
    /// Join the last two labels with " en " (" and " in English).
    #[arg(long = "and")]
    pub join_and: bool,
    /// Leave out the respondent-label column.
    #[arg(long)]
    pub no_labels: bool,
    /// Only this code and everything below it (a code path or unique name).
    #[arg(long)]
    pub code: Option<String>,
    /// One column per coder plus their total (frequencies and `counts`), or a bar per coder with
    /// a legend (`bar-chart`), to compare coders.
    #[arg(long)]
    pub per_coder: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    /// The code tree with counts, as theses print it.
    Codeboom,
    /// Codings, respondents and citation labels per code.
    Frequencies,
    /// Counts per value of an attribute (`--by functie`) or per coder (`--per-coder`).
    Groups,
    /// Respondents with their attributes and number of codings.
    Respondents,
    /// Code x respondent matrix (`--presence` for 0/1).
    Matrix,
    /// Code x document matrix.
    Documents,
    /// Code co-occurrence (`--mode`).
    Cooccurrence,
    /// Verbatim quotes of a code or branch (`--code`), cited in `--style`.
    Quotes,
    /// Everything an appendix needs in one document.
    Appendix,
    /// Bar chart of codings per concept (with --per-coder: a bar per coder for each concept).
    BarChart,
    /// Heat map of the code x respondent matrix.
    Heatmap,
    /// Every coded segment: document, respondent, code path, coder, start/end, text, memo.
    Segments,
    /// Every memo: what it is about, author, date, text.
    Memos,
    /// The codebook with definitions: code, definition, an example quote (`--example`, cited in
    /// `--style`) and own/total counts.
    Codebook,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleArg {
    /// The code's first coding (document order).
    First,
    /// The code's longest coding.
    Longest,
    /// No example quote column.
    None,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoModeArg {
    Overlap,
    Turn,
    Document,
    Respondent,
}

/// The citation template quotes use unless `--style` says otherwise.
pub const QUOTE_STYLE: &str = "“{quote}” ({label})";

#[derive(Args, Debug)]
pub struct ExportArgs {
    pub project: PathBuf,
    #[arg(value_enum)]
    pub report: ReportKind,
    /// Output file; the extension picks the format.
    pub out: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub shape: ShapeArgs,
    /// CSV for Dutch Excel: `;` between fields and decimal commas.
    #[arg(long)]
    pub semicolon: bool,
    /// Citation template for quotes: {quote} {label} {year} {document} {line} {code} {coder}.
    #[arg(long, default_value = QUOTE_STYLE)]
    pub style: String,
    #[arg(long, default_value = "")]
    pub year: String,
    /// Attribute to group by (groups report).
    #[arg(long)]
    pub by: Option<String>,
    #[arg(long, value_enum, default_value_t = CoModeArg::Overlap)]
    pub mode: CoModeArg,
    /// Matrices with 0/1 presence instead of counts.
    #[arg(long)]
    pub presence: bool,
    /// The codebook's example quote per code: its first or its longest coding, or none.
    #[arg(long, value_enum, default_value_t = ExampleArg::First)]
    pub example: ExampleArg,
    /// Replace respondents' real names (their aliases) and the terms in this file by labels.
    #[arg(long)]
    pub pseudonymise: bool,
    #[arg(long)]
    pub terms: Option<PathBuf>,
}

/// `--lang nl|en`: the one [`Lang`] of the app and the exports, by its ISO code.
impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &[Lang::Nl, Lang::En]
    }
    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.code()))
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitArg {
    Segment,
    Character,
    Document,
}

#[derive(Args, Debug)]
pub struct AgreementArgs {
    pub project: PathBuf,
    /// Coders to compare (two or more names).
    #[arg(long = "between", num_args = 2.., required = true)]
    pub coders: Vec<String>,
    #[arg(long, value_enum, default_value_t = UnitArg::Segment)]
    pub unit: UnitArg,
    /// Segment level: minimum overlap (intersection over union) for two codings to match.
    #[arg(long, default_value_t = 0.9)]
    pub min_overlap: f64,
    /// Only these documents (repeatable).
    #[arg(long = "doc")]
    pub docs: Vec<String>,
    /// Only these codes (repeatable code paths).
    #[arg(long = "code")]
    pub codes: Vec<String>,
    /// Write the report (.docx .html .xlsx .csv .txt).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// CSV for Dutch Excel: `;` between fields and decimal commas.
    #[arg(long)]
    pub semicolon: bool,
    /// Print the report as JSON instead of text: `{"report": …, "disagreements": […], "names":
    /// {"coders": {id: name}, "codes": {id: path}, "documents": {id: name}}}`; figures are numbers
    /// (null where undefined), ids resolve through `names`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    pub project: PathBuf,
    /// The chapter: .docx, .odt, .md or .txt.
    pub chapter: PathBuf,
    /// Write the report: .html (the chapter with its claims highlighted), .docx, .csv, .xlsx, .json.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Count a code's own codings, or its whole subtree (default).
    #[arg(long, value_enum, default_value_t = CheckScope::Total)]
    pub counts: CheckScope,
    /// Only this coder's codings (default: all coders).
    #[arg(long = "only-coder")]
    pub only_coder: Option<String>,
    /// Another name the chapter uses for a code: "name=Code > Path" (repeatable).
    #[arg(long = "alias")]
    pub aliases: Vec<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckScope {
    Total,
    Own,
}

/// Groups of `werkbank bench`.
#[cfg(feature = "bench")]
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchGroup {
    /// Frame time of the transcript view.
    Frame,
    /// Import, coding, opening, analysis and exports at 200 documents / 100,000 codings.
    Scale,
    /// Binary size and cold start to the first frame.
    Install,
    /// Frame times of the whole window at 200 documents / 100,000 codings (documents tab, code
    /// tree, retrieval list, delete dialog, analysis window, memo typing, coding, undo) and memory.
    Ui,
    /// Code-tree operations: importing 100,000 codes; opening, listing and exporting 20,000.
    Codes,
    /// Right-to-left layout: a 50,000-character mixed Arabic/Dutch transcript laid out and shown.
    Bidi,
    /// A transcript at the limit of 100,000 speaker turns: imported and opened, each in its own
    /// process, with that process's peak memory.
    Turns,
    /// Against the floor: importing a 1M-character .txt vs read + decode + one SQLite write; CLI
    /// verbs on the 100,000-coding project vs `sqlite3` doing the same query; quotes and
    /// segments of 1,000 / 10,000 / 100,000 passages (linear?).
    Floor,
}

#[derive(Subcommand, Debug)]
pub enum RefiCmd {
    /// Import a .qdpx project or .qdc codebook into this project.
    Import { project: PathBuf, file: PathBuf },
    /// Export this project as .qdpx, or its codebook as .qdc.
    Export { project: PathBuf, out: PathBuf },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteWhat {
    Document,
    Respondent,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListWhat {
    Documents,
    Codes,
    Respondents,
    Codings,
    Coders,
    Log,
}

#[derive(Subcommand, Debug)]
pub enum SurveyCmd {
    /// Import a survey table: one row per respondent. Without choices the columns are proposed
    /// (an id-like respondent column, questions as answers, the rest as attributes); run with
    /// `--preview` first to see them.
    Import {
        #[command(flatten)]
        table: TableArgs,
        /// The open-answer columns, comma-separated (repeat the option for a question that
        /// contains a comma).
        #[arg(long)]
        answers: Vec<String>,
        /// One document per respondent (a turn per question) or per question (a turn per
        /// respondent).
        #[arg(long, default_value = "respondent", value_parser = ["respondent", "question"])]
        per: String,
    },
}

/// A table to import and the choice of its respondent and attribute columns.
#[derive(Args, Debug)]
pub struct TableArgs {
    pub project: PathBuf,
    /// A .csv (`,` `;` or tab, any encoding), .xlsx or .ods file, one row per respondent.
    pub table: PathBuf,
    /// The column with the respondents' labels (name, number or spreadsheet letter); default:
    /// the first column (respondent import) or the id-like column (survey import).
    #[arg(long)]
    pub respondent_column: Option<String>,
    /// The attribute columns, comma-separated; default: every column not otherwise used.
    #[arg(long)]
    pub attributes: Vec<String>,
    /// Show the columns with their inferred kinds, sample values and what would be created or
    /// changed; write nothing.
    #[arg(long)]
    pub preview: bool,
}

#[derive(Subcommand, Debug)]
pub enum RespondentCmd {
    /// Add a respondent with a label such as R3 or M1.
    Add { project: PathBuf, label: String },
    /// Import a respondent table (.csv with `,` `;` or tab in any encoding, .xlsx, .ods): one row
    /// per respondent; by default the first column is the label and every other column an
    /// attribute whose kind (number, date, text, ...) is inferred. Existing respondents are
    /// matched by label and updated.
    Import(TableArgs),
    /// Change the kind of an attribute: number, integer, float, date, boolean or text (refused
    /// when a respondent's value does not fit). Filters and group tables compare by kind.
    Kind { project: PathBuf, attribute: String, kind: String },
    /// Set an attribute value: `functie=beleidsmedewerker`.
    Set {
        project: PathBuf,
        label: String,
        #[arg(required = true)]
        values: Vec<String>,
    },
    /// Record a respondent's real names (aliases), replacing the ones recorded before:
    /// `pseudonymise` and `export --pseudonymise` replace each by the label, and a speaker tag
    /// equal to one maps to this respondent. `--clear` removes them all.
    Alias {
        project: PathBuf,
        label: String,
        names: Vec<String>,
        #[arg(long, conflicts_with = "names")]
        clear: bool,
    },
    /// Map a speaker tag (in one document or all) to a respondent.
    Assign {
        project: PathBuf,
        speaker: String,
        label: String,
        #[arg(long)]
        doc: Option<String>,
    },
}
