//! `werkbank <verb>`: the same core as the GUI, for scripts, tests and benchmarks.
//!
//! Every verb opens the project, performs its actions through the [`Session`] (so the CLI gets the
//! same validation, transactions and audit log as the GUI) and prints plain text. Errors go to
//! stderr with a non-zero exit code.

use crate::core::analysis::{self, CitationStyle, CoMode, Filter};
use crate::core::model::{Id, Project};
use crate::export::options::{CountsShown, Figure, LabelOrder, ReportOptions};
use crate::output;
use crate::session::Session;
use crate::workflow::{self, ImportOptions, Pattern};
use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(name = "werkbank", version, long_version = crate::about::LONG_VERSION, about = "Werkbank: qualitative interview coding", args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Project to open in the app (without a project, the demo project opens).
    pub project: Option<PathBuf>,
    /// Your name as a coder (defaults to $WERKBANK_CODER, then $USER).
    #[arg(long, global = true)]
    pub coder: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Import transcripts (.docx .odt .txt .md), files or folders.
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
    /// Write an appendix table, report or chart (.docx .html .xlsx .csv .txt .svg .png).
    Export(ExportArgs),
    /// Intercoder agreement between two or more coders, with the disagreements to discuss.
    Agreement(AgreementArgs),
    /// Exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette: REFI-QDA .qdpx and .qdc.
    #[command(subcommand)]
    Refi(RefiCmd),
    /// Manage respondents: add, set attributes, map speaker tags.
    #[command(subcommand)]
    Respondent(RespondentCmd),
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
        /// Only these groups (repeatable): frame, scale, install.
        #[arg(long, value_enum)]
        only: Vec<BenchGroup>,
        /// One JSON object: {"machine": …, "results": {what: {seconds, detail}}}.
        #[arg(long)]
        json: bool,
    },
    /// Crash-safety workload: performs many small actions, printing each acknowledged one.
    #[command(hide = true)]
    Stress {
        project: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 1000)]
        actions: usize,
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
    /// Write the code tree to a file; the format follows the extension (.json, .txt outline, .qdc is separate).
    Export {
        project: PathBuf,
        file: PathBuf,
        #[arg(long, value_enum)]
        format: Option<CodebookFormatArg>,
    },
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
    /// Apply many codings from a file of `document<TAB>start<TAB>end[<TAB>code path]` lines, each
    /// as its own action (as a user coding passage by passage would); --code is the default code.
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
    /// Only respondents with this attribute value, e.g. `functie=manager`.
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
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    /// The code tree with counts, as theses print it.
    Codeboom,
    /// Codings, respondents and citation labels per code.
    Frequencies,
    /// Counts per value of an attribute (`--by functie`).
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
    /// Bar chart of codings per concept.
    BarChart,
    /// Heat map of the code x respondent matrix.
    Heatmap,
    /// Every coded segment: document, respondent, code path, coder, start/end, text, memo.
    Segments,
    /// Every memo: what it is about, author, date, text.
    Memos,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoModeArg {
    Overlap,
    Turn,
    Document,
    Respondent,
}

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
    /// Language of headers and labels.
    #[arg(long, value_enum, default_value_t = LangArg::Nl)]
    pub lang: LangArg,
    /// CSV for Dutch Excel: `;` between fields and decimal commas.
    #[arg(long)]
    pub semicolon: bool,
    /// Citation template for quotes: {quote} {label} {year} {document} {line} {code} {coder}.
    #[arg(long, default_value = "“{quote}” ({label})")]
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
    /// Replace respondents' real names (their aliases) and the terms in this file by labels.
    #[arg(long)]
    pub pseudonymise: bool,
    #[arg(long)]
    pub terms: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Nl,
    En,
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
    #[arg(long, value_enum, default_value_t = LangArg::Nl)]
    pub lang: LangArg,
    /// CSV for Dutch Excel: `;` between fields and decimal commas.
    #[arg(long)]
    pub semicolon: bool,
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

/// `werkbank check` found claims that differ from the coding: exit status 1, not 2 (an error).
#[derive(Debug)]
pub struct ClaimsDiffer(pub usize);

impl std::fmt::Display for ClaimsDiffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} claim(s) differ from the coding", self.0)
    }
}

impl std::error::Error for ClaimsDiffer {}

fn check(a: CheckArgs, out: &mut dyn Write) -> Result<()> {
    use crate::check::{self, CheckOptions, Scope};
    let s = Session::open_read_only(&a.project).with_context(|| format!("cannot open {}", a.project.display()))?;
    let p = s.project();
    let chapter = crate::import::import_path(&a.chapter)
        .with_context(|| format!("cannot read the chapter {}", a.chapter.display()))?
        .text;
    let coder = match &a.only_coder {
        Some(name) => {
            Some(p.coder_by_name(name).with_context(|| format!("no coder named {name:?} in the project"))?.id)
        }
        None => None,
    };
    let aliases = check::parse_aliases(p, &a.aliases).map_err(|e| anyhow::anyhow!("--alias {e}"))?;
    let opts =
        CheckOptions { scope: if a.counts == CheckScope::Own { Scope::Own } else { Scope::Total }, coder, aliases };
    let report = check::check_chapter(p, &chapter, &opts);
    let name = a.chapter.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        writeln!(out, "{}", report.summary())?;
        for (i, c) in report.claims.iter().enumerate().filter(|(_, c)| !c.verdict.is_consistent()) {
            let at = check::report::location(c);
            writeln!(out, "[{}] {at}: {} — {}", i + 1, c.verdict.describe(), c.claim)?;
            let detail = check::report::differences(c);
            if !detail.is_empty() {
                writeln!(out, "    {detail}")?;
            }
            writeln!(out, "    {}", c.evidence)?;
        }
    }
    if let Some(dest) = &a.out {
        check::report::write(dest, &report, &name, &chapter)?;
        writeln!(out, "wrote {}", dest.display())?;
    }
    match report.differing() {
        0 => Ok(()),
        n => Err(ClaimsDiffer(n).into()),
    }
}

/// Groups of `werkbank bench`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchGroup {
    /// Frame time of the transcript view.
    Frame,
    /// Import, coding, opening, analysis and exports at 200 documents / 100,000 codings.
    Scale,
    /// Binary size and cold start to the first frame.
    Install,
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
pub enum RespondentCmd {
    /// Add a respondent with a label such as R3 or M1.
    Add { project: PathBuf, label: String },
    /// Import a respondent table (.csv, `,` or `;`): the first column is the label, every other
    /// column an attribute whose kind (number, date, text, ...) is inferred.
    Import { project: PathBuf, table: PathBuf },
    /// Set an attribute value: `functie=beleidsmedewerker`.
    Set {
        project: PathBuf,
        label: String,
        #[arg(required = true)]
        values: Vec<String>,
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

/// An error and its causes on one line, each message once: layers that wrap an error often
/// repeat its text ("X does not exist: X does not exist"), so a cause already said is left out.
pub fn error_message(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if text.is_empty() || msg.contains(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    msg
}

/// The coder name to use when none is given.
pub fn default_coder(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("WERKBANK_CODER").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "coder".into())
}

fn open(path: &Path, coder: &str) -> Result<Session> {
    let mut s = Session::open(path, coder).with_context(|| format!("cannot open {}", path.display()))?;
    for w in s.take_warnings() {
        crate::terminal::eprint_line(&format!("warning: {w}"));
    }
    Ok(s)
}

/// Runs a CLI verb, writing its report to `out` (control characters in user data escaped, a
/// closed pipe taken quietly: see [`crate::terminal`]).
pub fn run(command: Command, coder: &str, out: &mut dyn Write) -> Result<()> {
    let mut safe = crate::terminal::SafeOutput::new(out);
    run_verb(command, coder, &mut safe)
}

fn run_verb(command: Command, coder: &str, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::New { path, name } => {
            output::format_of(&path, "a project", output::PROJECT_FORMATS)?;
            let name = name.unwrap_or_else(|| workflow::document_name(&path));
            Session::create(&path, &name, coder).with_context(|| format!("cannot create {}", path.display()))?;
            writeln!(out, "created {}", path.display())?;
        }
        Command::Import(args) => {
            let files = workflow::collect_files(&args.files)?;
            if files.is_empty() {
                bail!("no transcripts found (supported: {})", crate::import::SUPPORTED_EXTENSIONS.join(", "));
            }
            let opts =
                ImportOptions { respondent: args.respondent, create_speaker_respondents: args.speakers_as_respondents };
            let choices = args.speakers.iter().map(|c| speaker_choice(c)).collect::<Result<Vec<_>>>()?;
            if args.preview {
                // A preview writes nothing: no coder, no backup, no migration of the file.
                let s = Session::open_read_only(&args.project)
                    .with_context(|| format!("cannot read {}", args.project.display()))?;
                return preview(&s, &files, &opts, &choices, out);
            }
            let mut s = open(&args.project, coder)?;
            let (mut ok, mut failed) = (0, 0);
            for (i, f) in files.iter().enumerate() {
                let planned = workflow::plan_file(s.project(), f, &opts).and_then(|mut plan| {
                    apply_choices(s.project(), &mut plan, &choices);
                    let doc = workflow::import_plan(&mut s, &plan)?;
                    Ok((doc, plan.imported))
                });
                match planned {
                    Ok((doc, imported)) => {
                        ok += 1;
                        let d = &s.project().documents[&doc];
                        writeln!(
                            out,
                            "[{}/{}] {} -> '{}': {} characters, {} speaker turns",
                            i + 1,
                            files.len(),
                            f.display(),
                            d.name,
                            d.char_len(),
                            imported.turns.len()
                        )?;
                        for w in &imported.warnings {
                            writeln!(out, "    warning: {w}")?;
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        crate::terminal::eprint_line(&format!("[{}/{}] {e}", i + 1, files.len()));
                    }
                }
            }
            writeln!(out, "imported {ok} of {} file(s)", files.len())?;
            if failed > 0 {
                bail!("{failed} file(s) could not be imported");
            }
        }
        Command::Codebook(CodebookCmd::Import { project, file, under }) => {
            let mut s = open(&project, coder)?;
            let parent = under.map(|u| workflow::resolve_code(s.project(), &u)).transpose()?;
            let n = workflow::import_codebook_file(&mut s, &file, parent)?;
            writeln!(out, "added {n} code(s); the project now has {} codes", s.project().codes.len())?;
        }
        Command::Codebook(CodebookCmd::Export { project, file, format }) => {
            let s = Session::open_read_only(&project).or_else(|_| open(&project, coder))?;
            use workflow::CodebookOut;
            let ext = output::format_of(&file, "a codebook", crate::codebook::EXPORT_FORMATS)?;
            let format = match format {
                Some(CodebookFormatArg::Json) => CodebookOut::Json,
                Some(CodebookFormatArg::Outline) => CodebookOut::Outline,
                Some(CodebookFormatArg::Lines) => CodebookOut::Lines,
                None if ext == output::Format::Json => CodebookOut::Json,
                None => CodebookOut::Outline,
            };
            let text = workflow::codebook_text(s.project(), format);
            output::write_bytes(&file, text.as_bytes())?;
            writeln!(out, "wrote {} codes to {}", s.project().codes.len(), file.display())?;
        }
        Command::Code(CodeArgs { action: Some(action), .. }) => code_action(action, coder, out)?,
        Command::Code(args) => code(args, coder, out)?,
        Command::Memo(args) => memo(args, coder, out)?,
        Command::List { project, what } => {
            let s = Session::open_read_only(&project)?;
            list(&s, what, out)?;
        }
        Command::Counts { project, filter, shape, json } => {
            let s = Session::open_read_only(&project)?;
            counts(s.project(), &filter, &shape, json, out)?;
        }
        Command::Export(args) => export(args, out)?,
        Command::Agreement(args) => agreement(args, out)?,
        Command::Refi(cmd) => refi(cmd, coder, out)?,
        Command::Respondent(cmd) => respondent(cmd, coder, out)?,
        Command::Check(args) => check(args, out)?,
        Command::Merge { project, other } => {
            let mut s = open(&project, coder)?;
            let (edit, report) = crate::exchange::preview_merge(s.project(), &other)?;
            s.perform(edit)?;
            for line in crate::exchange::merge_lines(&other, &report) {
                writeln!(out, "{line}")?;
            }
        }
        Command::Handout { project, out: dest, with_memos, with_aliases } => {
            output::format_of(&dest, "a hand-out", output::PROJECT_FORMATS)?;
            let s = Session::open_read_only(&project)?;
            let options = crate::core::merge::HandoutOptions { with_memos, with_aliases };
            for line in crate::exchange::write_handout(s.project(), &dest, options, coder)? {
                writeln!(out, "{line}")?;
            }
        }
        Command::Delete { project, what, name, purge_backups } => {
            delete(&project, what, &name, purge_backups, coder, out)?
        }
        Command::Backup { project, list } => {
            if list {
                for b in crate::store::backup::list_backups(&project) {
                    let at: chrono::DateTime<chrono::Local> = b.modified.into();
                    writeln!(out, "{}\t{}\t{} bytes", at.format("%Y-%m-%d %H:%M:%S"), b.path.display(), b.size)?;
                }
            } else {
                let s = open(&project, coder)?;
                let path = s.store().backup_now("manual")?;
                writeln!(out, "backup written to {}", path.display())?;
            }
        }
        Command::Restore { project, backup } => {
            let safety = crate::store::backup::restore(&project, &backup)?;
            writeln!(
                out,
                "restored {}; the state before the restore is kept in {}",
                backup.display(),
                safety.display()
            )?;
        }
        Command::Pseudonymise { project, terms, out: dest } => {
            pseudonymise(&project, terms.as_deref(), dest.as_deref(), coder, out)?
        }
        Command::Bench { dir, documents, codings, write_workload, only, json } => {
            if let Some(w) = write_workload {
                let files = crate::bench::write_workload(&w, documents, 7)?;
                writeln!(out, "wrote {} transcripts to {}", files.len(), w.display())?;
                return Ok(());
            }
            let tmp;
            let dir = match dir {
                Some(d) => d,
                None => {
                    tmp = tempfile::tempdir()?;
                    tmp.path().to_path_buf()
                }
            };
            let run = |g: BenchGroup| only.is_empty() || only.contains(&g);
            let mut figures = Vec::new();
            if run(BenchGroup::Install) {
                figures.extend(crate::bench::install_benchmarks(&dir)?);
            }
            if run(BenchGroup::Frame) {
                figures.extend(crate::bench::frame_benchmarks(&dir, 150_000, 2_000)?);
            }
            if run(BenchGroup::Scale) {
                figures.extend(crate::bench::run_benchmarks(&dir, documents, codings)?);
            }
            if json {
                let results: serde_json::Map<String, serde_json::Value> = figures
                    .iter()
                    .map(|m| (m.what.clone(), serde_json::json!({"seconds": m.seconds, "detail": m.detail})))
                    .collect();
                let report = serde_json::json!({"machine": crate::bench::machine(), "results": results});
                writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
            } else {
                writeln!(out, "machine: {}", crate::bench::machine())?;
                for m in figures {
                    writeln!(out, "{:<40} {:>9.3} s   {}", m.what, m.seconds, m.detail)?;
                }
            }
        }
        Command::Stress { project, seed, actions } => crate::bench::stress(&project, coder, seed, actions, out)?,
    }
    Ok(())
}

/// Deletes a document or withdraws a respondent (one action), optionally from every backup too.
fn delete(project: &Path, what: DeleteWhat, name: &str, purge: bool, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::withdrawal::{self, Subject};
    let mut s = open(project, coder)?;
    let p = s.project();
    let subject = match what {
        DeleteWhat::Document => match workflow::resolve_document(p, name) {
            Ok(id) => {
                let d = &p.documents[&id];
                Subject::Document { name: d.name.clone(), text_hash: Some(d.text_hash.clone()) }
            }
            Err(_) if purge => Subject::Document { name: name.to_string(), text_hash: None },
            Err(e) => return Err(e.into()),
        },
        DeleteWhat::Respondent => {
            if p.case_by_label(name).is_none() && !purge {
                bail!("no respondent '{name}'");
            }
            Subject::Respondent { label: name.to_string() }
        }
    };
    match withdrawal::deletion(s.project(), &subject)? {
        Some(edit) => {
            let removal = crate::core::actions::Removal::of(&edit);
            s.perform(edit)?;
            writeln!(out, "deleted {}: {}", subject.describe(), withdrawal::describe_removal(&removal))?;
        }
        None => writeln!(out, "{} is no longer in the project", subject.describe())?,
    }
    let backups = crate::store::backup::list_backups(project);
    if !purge {
        if !backups.is_empty() {
            writeln!(
                out,
                "note: {} backup(s) of the project still hold it; run again with --purge-backups to remove it from them",
                backups.len()
            )?;
        }
        return Ok(());
    }
    s.store().vacuum(false)?;
    drop(s);
    let report = withdrawal::purge_backups(project, &subject, coder);
    writeln!(
        out,
        "removed it from {} backup(s) (each checked afterwards); {} did not hold it",
        report.cleaned.len(),
        report.untouched
    )?;
    if !report.failed.is_empty() {
        for (path, why) in &report.failed {
            crate::terminal::eprint_line(&format!("{}: {why}", path.display()));
        }
        bail!("{} backup(s) could not be cleaned and may still hold it", report.failed.len());
    }
    Ok(())
}

/// What to replace: every respondent's aliases, plus the `term = replacement` lines of `terms`.
fn substitutions(p: &Project, terms: Option<&Path>) -> Result<Vec<crate::core::pseudonym::Substitution>> {
    use crate::core::pseudonym;
    let mut subs = pseudonym::substitutions_from_aliases(p);
    if let Some(t) = terms {
        let text = std::fs::read_to_string(t).with_context(|| format!("cannot read {}", t.display()))?;
        subs.extend(pseudonym::parse_substitutions(&text).map_err(anyhow::Error::msg)?);
    }
    Ok(subs)
}

fn pseudonymise(
    project: &Path,
    terms: Option<&Path>,
    dest: Option<&Path>,
    coder: &str,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::core::pseudonym;
    if let Some(dest) = dest {
        output::format_of(dest, "a pseudonymised copy", output::PROJECT_FORMATS)?;
    }
    let mut s = open(project, coder)?;
    let subs = substitutions(s.project(), terms)?;
    if subs.is_empty() {
        bail!("nothing to replace: give --terms or record respondents' real names as aliases");
    }
    match dest {
        Some(dest) => {
            let copy = pseudonym::pseudonymised(s.project(), &subs);
            Session::create_from(dest, &copy, coder)?;
            writeln!(out, "wrote pseudonymised copy {} ({} terms)", dest.display(), subs.len())?;
        }
        None => {
            let edit = pseudonym::pseudonymise_edit(s.project(), &subs);
            let docs = edit
                .changes
                .iter()
                .filter(|c| matches!(c, crate::core::Change::Update { after: crate::core::Entity::Document(_), .. }))
                .count();
            s.perform(edit)?;
            writeln!(out, "pseudonymised {docs} document(s) ({} terms)", subs.len())?;
        }
    }
    Ok(())
}

/// `code rename|move|merge|describe|recolour`: the app's Code menu, one undoable action each.
fn code_action(action: CodeAction, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::core::actions;
    match action {
        CodeAction::Rename { project, code, new_name } => {
            let mut s = open(&project, coder)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let old = s.project().code_path_string(id);
            s.perform(actions::rename_code(s.project(), id, &new_name)?)?;
            writeln!(out, "renamed {old} to {}", s.project().code_path_string(id))?;
        }
        CodeAction::Move { project, code, under, top, position } => {
            let mut s = open(&project, coder)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let parent = if top { None } else { under.map(|u| workflow::resolve_code(s.project(), &u)).transpose()? };
            let index = position.map_or(usize::MAX, |p| p.saturating_sub(1));
            s.perform(actions::move_code(s.project(), id, parent, index)?)?;
            writeln!(out, "moved to {}", s.project().code_path_string(id))?;
        }
        CodeAction::Merge { project, source, target } => {
            let mut s = open(&project, coder)?;
            let (src, dst) =
                (workflow::resolve_code(s.project(), &source)?, workflow::resolve_code(s.project(), &target)?);
            let (name, n) =
                (s.project().code_path_string(src), s.project().codings.values().filter(|k| k.code == src).count());
            s.perform(actions::merge_codes(s.project(), src, dst)?)?;
            writeln!(out, "merged {name} ({n} coding(s)) into {}", s.project().code_path_string(dst))?;
        }
        CodeAction::Describe { project, code, description } => {
            let mut s = open(&project, coder)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let text = description.trim().to_string();
            s.perform(actions::change_code(s.project(), id, "Describe code", |c| c.description = text)?)?;
            writeln!(out, "described {}", s.project().code_path_string(id))?;
        }
        CodeAction::Recolour { project, code, colour } => {
            let mut s = open(&project, coder)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let colour = colour.trim().to_lowercase();
            s.perform(actions::change_code(s.project(), id, "Recolour code", |c| c.color = colour.clone())?)?;
            writeln!(out, "{} is now {colour}", s.project().code_path_string(id))?;
        }
    }
    Ok(())
}

/// `memo`: prints the memo of one subject, or sets it (one undoable action; "" removes it).
fn memo(args: MemoArgs, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::core::model::MemoTarget;
    let new_text = match (&args.text, &args.file) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(f)) => Some(std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?),
        (None, None) => None,
    };
    let mut s = if new_text.is_some() { open(&args.project, coder)? } else { Session::open_read_only(&args.project)? };
    let p = s.project();
    let (target, what) = if let Some(c) = &args.code {
        let id = workflow::resolve_code(p, c)?;
        (MemoTarget::Code(id), format!("code {}", p.code_path_string(id)))
    } else if let Some(d) = &args.doc {
        let id = workflow::resolve_document(p, d)?;
        (MemoTarget::Document(id), format!("document {}", p.documents[&id].name))
    } else if let Some(l) = &args.respondent {
        let c = p.case_by_label(l).with_context(|| format!("no respondent '{l}'"))?;
        (MemoTarget::Case(c.id), format!("respondent {}", c.label))
    } else if let Some(k) = args.coding {
        if !p.codings.contains_key(&k) {
            bail!("no coding {k} (see `werkbank list PROJECT codings`)");
        }
        (MemoTarget::Coding(k), format!("coding {k}"))
    } else {
        (MemoTarget::Project, "the project".to_string())
    };
    match new_text {
        None => match p.memo_for(target) {
            Some(m) => writeln!(out, "{}", m.text)?,
            None => writeln!(out, "(no memo on {what})")?,
        },
        Some(text) => {
            let had = p.memo_for(target).is_some();
            let edit = crate::core::actions::set_memo(p, target, "", text.trim_end(), s.coder())?;
            s.perform(edit)?;
            let verb = match (had, text.trim().is_empty()) {
                (_, true) if had => "removed the memo of",
                (_, true) => "no memo to remove on",
                (true, false) => "updated the memo of",
                (false, false) => "wrote a memo on",
            };
            writeln!(out, "{verb} {what}")?;
        }
    }
    Ok(())
}

fn code(args: CodeArgs, coder: &str, out: &mut dyn Write) -> Result<()> {
    let project = args.project.context("give the project file")?;
    let mut s = open(&project, coder)?;
    if let Some(file) = &args.ranges_file {
        return code_ranges_file(&mut s, file, &args.code, out);
    }
    let code = workflow::resolve_code(s.project(), &args.code)?;
    let docs: Vec<Id> =
        args.doc.as_deref().map(|d| workflow::resolve_document(s.project(), d)).transpose()?.into_iter().collect();
    if let Some(range) = args.range {
        let [doc] = docs.as_slice() else { bail!("--range needs --doc") };
        let (a, b) = range.split_once("..").context("--range must look like 120..245")?;
        let (start, end): (usize, usize) = (a.trim().parse()?, b.trim().parse()?);
        let (id, edit) = crate::core::actions::add_coding(s.project(), *doc, start, end, code, s.coder())?;
        s.perform(edit)?;
        writeln!(out, "coding {id}: \"{}\"", workflow::passage(s.project(), *doc, start, end))?;
        return Ok(());
    }
    let pattern = match (args.phrase, args.regex) {
        (Some(text), None) => Pattern::Phrase { text, case_sensitive: false, whole_words: args.whole_words },
        (None, Some(re)) => Pattern::Regex(re),
        _ => bail!("give --range, --phrase or --regex"),
    };
    let shown = match &pattern {
        Pattern::Phrase { text, .. } => format!("the phrase '{text}'"),
        Pattern::Regex(re) => format!("the pattern '{re}'"),
    };
    let n = workflow::code_matches(&mut s, &docs, &pattern, code)?;
    if n == 0 {
        warn([format!("{shown} was found nowhere; nothing was coded")], args.strict)?;
    }
    writeln!(out, "added {n} coding(s) with {}", s.project().code_path_string(code))?;
    Ok(())
}

/// A `--speaker TAG=…` decision.
fn speaker_choice(arg: &str) -> Result<(String, workflow::SpeakerMapping)> {
    use workflow::SpeakerMapping;
    let Some((tag, value)) = arg.split_once('=') else {
        bail!("--speaker {arg}: write TAG=interviewer, TAG=ignore, TAG=none or TAG=LABEL");
    };
    let (tag, value) = (tag.trim(), value.trim());
    if tag.is_empty() || value.is_empty() {
        bail!("--speaker {arg}: write TAG=interviewer, TAG=ignore, TAG=none or TAG=LABEL");
    }
    let mapping = match value.to_lowercase().as_str() {
        "interviewer" => SpeakerMapping::Interviewer,
        "ignore" => SpeakerMapping::Ignore,
        "none" => SpeakerMapping::Unmapped,
        _ => SpeakerMapping::New(value.to_string()),
    };
    Ok((tag.to_string(), mapping))
}

/// Puts the user's `--speaker` decisions into a plan (a label that exists maps to that respondent).
fn apply_choices(project: &Project, plan: &mut workflow::ImportPlan, choices: &[(String, workflow::SpeakerMapping)]) {
    use workflow::SpeakerMapping;
    for sp in &mut plan.speakers {
        if let Some((_, m)) = choices.iter().rev().find(|(t, _)| *t == sp.speaker) {
            sp.mapping = match m {
                SpeakerMapping::New(l) if project.case_by_label(l).is_some() => SpeakerMapping::Existing(l.clone()),
                m => m.clone(),
            };
        }
    }
}

/// The import preview: per file, its speakers, their proposed roles (and why) and the respondent
/// each would be mapped to.
fn preview(
    s: &Session,
    files: &[PathBuf],
    opts: &ImportOptions,
    choices: &[(String, workflow::SpeakerMapping)],
    out: &mut dyn Write,
) -> Result<()> {
    use crate::import::RoleSource;
    use workflow::SpeakerMapping;
    for f in files {
        let mut plan = workflow::plan_file(s.project(), f, opts)?;
        apply_choices(s.project(), &mut plan, choices);
        writeln!(
            out,
            "{} -> document '{}': {} characters, {} speaker turns",
            f.display(),
            plan.name,
            plan.imported.text.chars().count(),
            plan.imported.turns.len()
        )?;
        if let Some(label) = &plan.respondent {
            writeln!(out, "  whole document -> respondent {label}")?;
        }
        for sp in &plan.speakers {
            let scope = if sp.generic { " (this document only)" } else { "" };
            let to = match &sp.mapping {
                SpeakerMapping::Interviewer => "interviewer (no respondent)".to_string(),
                SpeakerMapping::Ignore => "ignored (no respondent)".to_string(),
                SpeakerMapping::Existing(l) => format!("respondent {l}"),
                SpeakerMapping::New(l) => format!("new respondent {l}{scope}"),
                SpeakerMapping::Unmapped => {
                    "respondent, not linked (use --speakers-as-respondents or --speaker TAG=LABEL)".to_string()
                }
            };
            let why = match &sp.source {
                RoleSource::Legend(d) => format!("legend: {d}"),
                RoleSource::Tag => "by its tag".to_string(),
                RoleSource::Evidence(w) => format!("guessed, please check: {w}"),
            };
            writeln!(out, "  {:<14} {:>4} turns -> {to}  [{why}]", sp.speaker, sp.turns)?;
        }
    }
    writeln!(
        out,
        "preview only: nothing was imported; change a speaker with --speaker TAG=interviewer|ignore|none|LABEL"
    )?;
    Ok(())
}

fn code_ranges_file(s: &mut Session, file: &Path, default_code: &str, out: &mut dyn Write) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut n = 0;
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let ctx = || format!("{}:{}: expected document<TAB>start<TAB>end[<TAB>code]", file.display(), i + 1);
        let (doc, start, end) = match f.as_slice() {
            [d, s, e, ..] => {
                (*d, s.trim().parse::<usize>().with_context(ctx)?, e.trim().parse::<usize>().with_context(ctx)?)
            }
            _ => bail!(ctx()),
        };
        let path = f.get(3).copied().filter(|c| !c.trim().is_empty()).unwrap_or(default_code);
        let code = workflow::resolve_code(s.project(), path)?;
        let doc = workflow::resolve_document(s.project(), doc)?;
        let coder = s.coder();
        s.run(|p| crate::core::actions::add_coding(p, doc, start, end, code, coder))
            .with_context(|| format!("{}:{}", file.display(), i + 1))?;
        n += 1;
    }
    writeln!(out, "added {n} coding(s), one action each")?;
    Ok(())
}

fn list(s: &Session, what: ListWhat, out: &mut dyn Write) -> Result<()> {
    let p = s.project();
    match what {
        ListWhat::Documents => {
            for d in p.documents.values() {
                let turns = p.turns_of_document(d.id).len();
                let codings = p.codings.values().filter(|k| k.document == d.id).count();
                let owner = d.case.and_then(|c| p.cases.get(&c)).map_or("", |c| c.label.as_str());
                writeln!(out, "{}\t{} chars\t{turns} turns\t{codings} codings\t{owner}", d.name, d.char_len())?;
            }
        }
        ListWhat::Codes => {
            fn walk(p: &Project, parent: Option<Id>, depth: usize, out: &mut dyn Write) -> std::io::Result<()> {
                for c in p.children(parent) {
                    writeln!(out, "{}{} [{}] {}", "  ".repeat(depth), c.name, c.kind.as_str(), c.color)?;
                    walk(p, Some(c.id), depth + 1, out)?;
                }
                Ok(())
            }
            walk(p, None, 0, out)?;
        }
        ListWhat::Respondents => {
            for c in p.cases.values() {
                let attrs: Vec<String> = c.attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                writeln!(out, "{}\t{}", c.label, attrs.join("\t"))?;
            }
        }
        ListWhat::Codings => {
            for k in p.codings.values() {
                let doc = p.documents.get(&k.document).map_or("?", |d| d.name.as_str());
                let coder = p.coders.get(&k.coder).map_or("?", |c| c.name.as_str());
                let text: String = workflow::passage(p, k.document, k.start, k.end).chars().take(60).collect();
                writeln!(
                    out,
                    "{}\t{doc}\t{}..{}\t{}\t{coder}\t{}",
                    k.id,
                    k.start,
                    k.end,
                    p.code_path_string(k.code),
                    text.replace('\n', " ")
                )?;
            }
        }
        ListWhat::Coders => {
            for c in p.coders.values() {
                let n = p.codings.values().filter(|k| k.coder == c.id).count();
                writeln!(out, "{}\t{n} codings", c.name)?;
            }
        }
        ListWhat::Log => {
            for e in s.store().log()? {
                let at = chrono::DateTime::from_timestamp(e.at, 0)
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                    .unwrap_or_default();
                writeln!(out, "{}\t{at}\t{}\t{}\t{}", e.seq, e.coder, e.kind, e.action)?;
            }
        }
    }
    Ok(())
}

fn filter(p: &Project, f: &FilterArgs) -> Result<Filter> {
    let mut filter = Filter::all();
    for name in &f.only_coders {
        filter.coders.push(p.coder_by_name(name).with_context(|| format!("no coder '{name}'"))?.id);
    }
    for d in &f.docs {
        filter.documents.push(workflow::resolve_document(p, d)?);
    }
    if let Some(kv) = &f.attribute {
        let (k, v) = kv.split_once('=').with_context(|| format!("--where '{kv}' should look like name=value"))?;
        filter = filter.attribute(k.trim(), v.trim());
    }
    warn(analysis::filter_warnings(p, &filter), f.strict)?;
    Ok(filter)
}

/// Prints warnings to stderr; with `strict` the first one is an error (non-zero exit).
fn warn<W: std::fmt::Display>(warnings: impl IntoIterator<Item = W>, strict: bool) -> Result<()> {
    for w in warnings {
        if strict {
            bail!("{w} (--strict)");
        }
        crate::terminal::eprint_line(&format!("warning: {w}"));
    }
    Ok(())
}

/// The report options from the command line.
fn report_options(p: &Project, shape: &ShapeArgs, lang: crate::export::Lang) -> Result<ReportOptions> {
    let order = match shape.label_order.trim() {
        "natural" => LabelOrder::Natural,
        "number" => LabelOrder::Number,
        "import" | "interview" => LabelOrder::Import,
        list => {
            let text = if Path::new(list).is_file() {
                std::fs::read_to_string(list).with_context(|| format!("cannot read {list}"))?
            } else if list.contains(',') {
                list.to_string()
            } else {
                bail!("--label-order takes natural, number, import, a comma-separated list of labels or a file");
            };
            let labels: Vec<String> =
                text.split([',', '\n', ';', '\t']).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
            let unknown: Vec<&str> =
                labels.iter().filter(|l| p.case_by_label(l).is_none()).map(String::as_str).collect();
            if !unknown.is_empty() {
                crate::terminal::eprint_line(&format!(
                    "warning: --label-order names unknown respondents: {}",
                    unknown.join(", ")
                ));
            }
            LabelOrder::Custom(labels)
        }
    };
    Ok(ReportOptions {
        lang,
        counts: shape.counts.map(|c| match c {
            CountsArg::Own => CountsShown::Own,
            CountsArg::Total => CountsShown::Total,
            CountsArg::Both => CountsShown::Both,
        }),
        figure: match shape.figure {
            None | Some(FigureArg::Both) => Figure::Both,
            Some(FigureArg::Codings) => Figure::Codings,
            Some(FigureArg::Respondents) => Figure::Respondents,
            Some(FigureArg::None) => Figure::None,
        },
        hide_uncoded: shape.hide_uncoded,
        wording: shape.wording,
        order,
        join_and: shape.join_and,
        branch: shape.code.as_deref().map(|c| workflow::resolve_code(p, c)).transpose()?,
        labels: !shape.no_labels,
    })
}

/// The code tree with codings and distinct respondents per code (totals over the subtree by
/// default), or with `--json` one object per code with own and total counts.
fn counts(p: &Project, f: &FilterArgs, shape: &ShapeArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let filter = filter(p, f)?;
    let o = report_options(p, shape, crate::export::Lang::En)?;
    let rows = o.shape(p, analysis::code_frequencies(p, &filter));
    if json {
        let counts = |c: &analysis::Counts| {
            serde_json::json!({
                "codings": c.codings,
                "respondents": c.respondent_count(),
                "documents": c.document_count(),
                "labels": c.respondent_labels,
            })
        };
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.name,
                    "path": r.path,
                    "depth": r.depth,
                    "own": counts(&r.own),
                    "total": counts(&r.total),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(());
    }
    let shown = o.counts_or(CountsShown::Total);
    let head = match shown {
        CountsShown::Own => format!("{:>8} {:>12}", "own", "respondents"),
        CountsShown::Total => format!("{:>8} {:>12}", "codings", "respondents"),
        CountsShown::Both => format!("{:>8} {:>12} {:>8} {:>12}", "own", "respondents", "total", "respondents"),
    };
    writeln!(out, "{:<60} {head}  labels", "code")?;
    for r in rows {
        let name = format!("{}{}", "  ".repeat(r.depth.saturating_sub(1)), r.name);
        let pair = |c: &analysis::Counts| format!("{:>8} {:>12}", c.codings, c.respondent_count());
        let (figures, labels) = match shown {
            CountsShown::Own => (pair(&r.own), &r.own),
            CountsShown::Total => (pair(&r.total), &r.total),
            CountsShown::Both => (format!("{} {}", pair(&r.own), pair(&r.total)), &r.total),
        };
        writeln!(out, "{name:<60} {figures}  {}", o.citation(&labels.respondent_labels))?;
    }
    Ok(())
}

fn export(args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    use crate::export::{self, Block, Lang, svg, tables};
    let s = Session::open_read_only(&args.project)?;
    let mut project = s.project().clone();
    if args.pseudonymise || args.terms.is_some() {
        let subs = substitutions(&project, args.terms.as_deref())?;
        project = crate::core::pseudonym::pseudonymised(&project, &subs);
    }
    let p = &project;
    let lang = if args.lang == LangArg::En { Lang::En } else { Lang::Nl };
    let filter = filter(p, &args.filter)?;
    let o = report_options(p, &args.shape, lang)?;
    let note = export::options::filter_note(p, &filter, lang);
    let a = analysis::Analysis::new(p);
    let ext = args.out.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let chart = |svg_text: String| -> Result<()> {
        let bytes = match output::format_of(&args.out, "a chart", output::CHART_FORMATS)? {
            output::Format::Png => crate::raster::svg_to_png(&svg_text, 2.0)?,
            _ => svg_text.into_bytes(),
        };
        output::write_bytes(&args.out, &bytes)?;
        Ok(())
    };
    let freq = || o.shape(p, a.code_frequencies(&filter));
    let aggregate = o.counts_or(CountsShown::Total) != CountsShown::Own;
    let matrix = || o.shape_matrix(p, a.code_case_matrix(&filter, aggregate), true);
    let key = match args.report {
        ReportKind::Codeboom => "codeboom",
        ReportKind::Respondents => "overview",
        ReportKind::Quotes => "quotes",
        ReportKind::Matrix | ReportKind::Heatmap => "matrix_title",
        ReportKind::Documents => "documents_title",
        _ => "frequencies",
    };
    // A chart or table of a branch names the branch; a filtered one says so.
    let mut title = tables::tr(lang, key).to_string();
    if let Some(b) = o.branch {
        title = format!("{title}: {}", p.code_path_string(b));
    }
    let chart_title = if note.is_empty() { title.clone() } else { format!("{title} ({note})") };
    let table = |mut t: export::Table| {
        t.note = note.clone();
        Block::Table(t)
    };
    let blocks: Vec<Block> = match args.report {
        ReportKind::BarChart => {
            return chart(svg::code_bar_chart(&freq(), &chart_title, &o)).map(|()| report_written(out, &args.out));
        }
        ReportKind::Heatmap => {
            return chart(svg::heatmap_svg(&chart_title, &matrix())).map(|()| report_written(out, &args.out));
        }
        ReportKind::Codeboom if ext == "txt" => {
            let mut text = export::text::codeboom_text(&freq(), &o);
            if !note.is_empty() {
                text = format!("{note}\n\n{text}");
            }
            output::write_bytes(&args.out, text.as_bytes())?;
            report_written(out, &args.out);
            return Ok(());
        }
        ReportKind::Codeboom if ext == "docx" || ext == "html" => {
            let mut b = vec![Block::Heading(title.clone())];
            if !note.is_empty() {
                b.push(Block::Paragraph(note.clone()));
            }
            b.push(Block::CodeTree(tables::codeboom_lines(&freq(), &o)));
            b
        }
        ReportKind::Codeboom => vec![table(tables::codeboom_table(&freq(), &o))],
        ReportKind::Frequencies => vec![table(tables::frequency_table(&freq(), &o))],
        ReportKind::Groups => {
            let by = args.by.as_deref().context("the groups report needs --by ATTRIBUTE")?;
            warn(analysis::check_attribute(p, by), args.filter.strict)?;
            let g = o.shape_groups(p, a.frequencies_by_group(&filter, by, aggregate));
            vec![table(tables::group_table(&g, &o))]
        }
        ReportKind::Respondents => vec![table(tables::respondent_table(&a.respondent_overview(), lang))],
        ReportKind::Matrix => vec![table(tables::matrix_table(&title, &matrix(), args.presence, lang))],
        ReportKind::Documents => {
            let m = o.shape_matrix(p, a.code_document_matrix(&filter, aggregate), false);
            vec![table(tables::matrix_table(&title, &m, args.presence, lang))]
        }
        ReportKind::Cooccurrence => {
            let mode = match args.mode {
                CoModeArg::Overlap => CoMode::Overlap,
                CoModeArg::Turn => CoMode::SameTurn,
                CoModeArg::Document => CoMode::SameDocument,
                CoModeArg::Respondent => CoMode::SameRespondent,
            };
            let m = o.shape_matrix(p, a.cooccurrence(&filter, mode), false);
            vec![table(tables::cooccurrence_table(&m, mode, lang))]
        }
        ReportKind::Quotes => {
            let code = o.branch.context("quotes need --code")?;
            let style = CitationStyle::template(args.style.clone()).with_year(args.year.clone());
            let quotes = a.quotes(code, true, &filter, &style);
            vec![table(tables::quotes_table(&p.code_path_string(code), &quotes, lang))]
        }
        ReportKind::Appendix => export::appendix_blocks(&a, &filter, args.presence, &o),
        ReportKind::Segments => vec![table(tables::segments_table(&a, &filter, o.branch, lang))],
        ReportKind::Memos => vec![table(tables::memos_table(p, lang))],
    };
    let csv = if args.semicolon { export::csv::CsvOptions::excel_nl() } else { export::csv::CsvOptions::standard() };
    export::write_report_in(&args.out, &p.name, &blocks, csv, lang)?;
    report_written(out, &args.out);
    Ok(())
}

fn report_written(out: &mut dyn Write, path: &Path) {
    let _ = writeln!(out, "wrote {}", path.display());
}

fn agreement(args: AgreementArgs, out: &mut dyn Write) -> Result<()> {
    use crate::core::agreement::{self as ag, AgreementParams, AgreementUnit};
    use crate::export::{self, Lang};
    let s = Session::open_read_only(&args.project)?;
    let p = s.project();
    let coders = args
        .coders
        .iter()
        .map(|n| p.coder_by_name(n).map(|c| c.id).with_context(|| format!("no coder '{n}'")))
        .collect::<Result<Vec<_>>>()?;
    if let Some((i, _)) = coders.iter().enumerate().find(|(i, c)| coders[..*i].contains(c)) {
        bail!("coder '{}' is given twice: agreement compares different coders", args.coders[i]);
    }
    let documents =
        args.docs.iter().map(|d| workflow::resolve_document(p, d)).collect::<std::result::Result<Vec<_>, _>>()?;
    let codes = args.codes.iter().map(|c| workflow::resolve_code(p, c)).collect::<std::result::Result<Vec<_>, _>>()?;
    if !(0.0..=1.0).contains(&args.min_overlap) {
        bail!("--min-overlap must be between 0 and 1 (0.9 = 90 %)");
    }
    let unit = match args.unit {
        UnitArg::Segment => AgreementUnit::Segment,
        UnitArg::Character => AgreementUnit::Character,
        UnitArg::Document => AgreementUnit::Document,
    };
    let params = AgreementParams {
        coders: coders.clone(),
        documents: documents.clone(),
        codes,
        unit,
        min_overlap: args.min_overlap,
    };
    let report = ag::agreement(p, &params);
    let lang = if args.lang == LangArg::En { Lang::En } else { Lang::Nl };
    let disagreements = ag::disagreements_of_pairs(p, &report);
    writeln!(out, "{}", export::agreement::methods_paragraph(p, &report, lang))?;
    for note in &report.notes {
        writeln!(out, "{note}")?;
    }
    let tables = std::iter::once(export::agreement::agreement_table(p, &report, lang))
        .chain(export::agreement::all_coders_table(p, &report, lang));
    for table in tables {
        writeln!(out, "\n{}", table.title)?;
        writeln!(out, "{}", table.headers.join("\t"))?;
        for row in &table.rows {
            // Dutch reports write decimal commas, as Dutch theses print them.
            let decimal = if lang == Lang::Nl { ',' } else { '.' };
            writeln!(out, "{}", row.iter().map(|c| c.display_with(decimal)).collect::<Vec<_>>().join("\t"))?;
        }
    }
    for d in &disagreements {
        let name = |id| p.coders.get(&id).map_or("?", |c| c.name.as_str());
        writeln!(
            out,
            "{} passage(s) coded differently by {} and {}",
            d.passages.len(),
            name(d.coder_a),
            name(d.coder_b)
        )?;
    }
    if let Some(path) = &args.out {
        let blocks = export::agreement::agreement_blocks(p, &report, &disagreements, lang);
        let csv =
            if args.semicolon { export::csv::CsvOptions::excel_nl() } else { export::csv::CsvOptions::standard() };
        export::write_report_in(path, &p.name, &blocks, csv, lang)?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}

fn refi(cmd: RefiCmd, coder: &str, out: &mut dyn Write) -> Result<()> {
    match cmd {
        RefiCmd::Import { project, file } => {
            let mut s = open(&project, coder)?;
            let imported = crate::exchange::preview_refi_import(s.project(), &file)?;
            s.perform(imported.edit)?;
            for line in crate::exchange::refi_import_lines(&file, &imported.report) {
                writeln!(out, "{line}")?;
            }
        }
        RefiCmd::Export { project, out: dest } => {
            let s = Session::open_read_only(&project)?;
            for line in crate::exchange::export_refi(s.project(), &dest)? {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

fn respondent(cmd: RespondentCmd, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::core::actions;
    match cmd {
        RespondentCmd::Add { project, label } => {
            let mut s = open(&project, coder)?;
            s.run(|p| actions::add_case(p, &label))?;
            writeln!(out, "added respondent {label}")?;
        }
        RespondentCmd::Import { project, table } => {
            let ext = table.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
            if !matches!(ext.as_str(), "csv" | "tsv" | "txt") {
                bail!("{}: respondent tables are read from .csv files (save the sheet as CSV)", table.display());
            }
            let bytes = std::fs::read(&table).with_context(|| format!("cannot read {}", table.display()))?;
            // The one text decoder: UTF-8 (BOM or not), UTF-16, or Excel's Windows-1252.
            let (text, warnings) = crate::import::decode_text(&bytes).with_context(|| table.display().to_string())?;
            for w in warnings {
                crate::terminal::eprint_line(&format!("{}: {w}", table.display()));
            }
            let mut s = open(&project, coder)?;
            let edit =
                crate::respondents::import_table(s.project(), &text).with_context(|| format!("{}", table.display()))?;
            s.perform(edit)?;
            writeln!(out, "the project now has {} respondents", s.project().cases.len())?;
        }
        RespondentCmd::Set { project, label, values } => {
            let mut s = open(&project, coder)?;
            let case = s.project().case_by_label(&label).with_context(|| format!("no respondent '{label}'"))?.id;
            for kv in &values {
                let (k, v) = kv.split_once('=').with_context(|| format!("'{kv}' should look like name=value"))?;
                if !s.project().attribute_defs.values().any(|d| d.name == k.trim()) {
                    s.run(|p| actions::define_attribute(p, k, crate::core::AttributeKind::Text))?;
                }
                let edit = actions::change_case(s.project(), case, "Set attribute of", |c| {
                    c.attributes.insert(k.trim().to_string(), v.trim().to_string());
                })?;
                s.perform(edit)?;
            }
            writeln!(out, "updated {label}")?;
        }
        RespondentCmd::Assign { project, speaker, label, doc } => {
            let mut s = open(&project, coder)?;
            let case = s.project().case_by_label(&label).with_context(|| format!("no respondent '{label}'"))?.id;
            let doc = doc.map(|d| workflow::resolve_document(s.project(), &d)).transpose()?;
            let edit = actions::assign_speaker(s.project(), doc, &speaker, Some(case))?;
            let n = edit.changes.len();
            s.perform(edit)?;
            writeln!(out, "mapped {n} turn(s) of speaker {speaker} to {label}")?;
        }
    }
    Ok(())
}
