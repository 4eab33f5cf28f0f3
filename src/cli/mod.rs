//! `werkbank <verb>`: the same core as the GUI, for scripts, tests and benchmarks.
//!
//! Every verb opens the project, performs its actions through the [`Session`] (so the CLI gets the
//! same validation, transactions and audit log as the GUI) and prints plain text. Errors go to
//! stderr with a non-zero exit code, said by [`error_message`] in the verb's `--lang`.

use crate::core::Lang;
use crate::core::analysis::{self, CitationStyle, CoMode, Filter};
use crate::core::lang::Said;
use crate::core::model::{Id, Project};
use crate::export::options::{CountsShown, Figure, LabelOrder, ReportOptions};
use crate::output;
use crate::session::Session;
use crate::workflow::{self, ImportOptions, Pattern};
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

mod args;
mod chapter;
mod edit;
mod import;
mod messages;
mod report;
pub use args::*;
pub use chapter::*;
use edit::*;
use import::*;
pub use messages::{CliError, Say, error_message};
use report::*;

/// The coder name to use when none is given.
pub fn default_coder(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("WERKBANK_CODER").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "coder".into())
}

fn open(path: &Path, coder: &str, lang: Lang) -> Result<Session> {
    let mut s = Session::open(path, coder).map_err(|e| {
        // Said once: an error that names the file already says which one could not be opened.
        let named = e.to_string().contains(&path.display().to_string());
        let e = anyhow::Error::new(e);
        if named { e } else { e.context(CliError::File(Say::CannotOpen, path.to_path_buf())) }
    })?;
    for w in s.take_warnings() {
        crate::terminal::eprint_line(&crate::export::Label::Warning.fill(lang, &[&w.say(lang)]));
    }
    Ok(s)
}

/// Runs a CLI verb, writing its report to `out` (control characters in user data escaped, a
/// closed pipe taken quietly: see [`crate::terminal`]).
pub fn run(command: Command, coder: &str, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let mut safe = crate::terminal::SafeOutput::new(out);
    run_verb(command, coder, lang, &mut safe)
}

fn run_verb(command: Command, coder: &str, lang: Lang, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::New { path, name } => {
            output::format_of(&path, "a project", output::PROJECT_FORMATS)?;
            let name = name.unwrap_or_else(|| workflow::document_name(&path));
            Session::create(&path, &name, coder).with_context(|| CliError::File(Say::CannotCreate, path.clone()))?;
            writeln!(out, "{}", workflow::Line::Created.fill(lang, &[&path.display()]))?;
        }
        Command::Import(args) => import::transcripts(args, lang, coder, out)?,
        Command::Codebook(CodebookCmd::Import { project, file, under }) => {
            let mut s = open(&project, coder, lang)?;
            let parent = under.map(|u| workflow::resolve_code(s.project(), &u)).transpose()?;
            let n = workflow::import_codebook_file(&mut s, &file, parent)?;
            writeln!(out, "{}", Say::CodesAdded.fill(lang, &[&n, &s.project().codes.len()]))?;
        }
        Command::Codebook(CodebookCmd::Export(args)) => report::codebook_export(args, lang, coder, out)?,
        Command::Code(CodeArgs { action: Some(action), .. }) => code_action(action, lang, coder, out)?,
        Command::Code(args) => code(args, lang, coder, out)?,
        Command::Memo(args) => memo(args, lang, coder, out)?,
        Command::List { project, what, json, full_text, code } => {
            if code.is_some() && what != ListWhat::Codings {
                return Err(CliError::Usage(Say::CodeSelectsCodings).into());
            }
            // The codings list reads the texts of the documents it quotes; the documents list
            // counts each transcript's characters without keeping it; the other lists read none.
            let mut s = Session::open_read_only_without_texts(&project)?;
            let codings = if what == ListWhat::Codings { listed_codings(&mut s, code.as_deref())? } else { vec![] };
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list_json(&s, what, &codings)?)?)?;
            } else {
                list(&s, what, full_text, &codings, lang, out)?;
            }
        }
        Command::Counts { project, filter, shape, json } => {
            // Counting reads no transcript.
            let s = Session::open_read_only_without_texts(&project)?;
            counts(s.project(), &filter, &shape, json, lang, out)?;
        }
        Command::Export(args) => export(args, lang, out)?,
        Command::Agreement(args) => agreement(args, lang, out)?,
        Command::Refi(cmd) => refi(cmd, lang, coder, out)?,
        Command::Respondent(cmd) => respondent(cmd, lang, coder, out)?,
        Command::Survey(cmd) => survey(cmd, lang, coder, out)?,
        Command::Check(args) => check(args, lang, out)?,
        Command::Merge { project, other } => {
            let mut s = open(&project, coder, lang)?;
            let (edit, report) = crate::exchange::preview_merge(s.project(), &other)?;
            s.perform(edit)?;
            for line in crate::exchange::merge_lines(&other, &report, lang, true) {
                writeln!(out, "{line}")?;
            }
        }
        Command::Handout { project, out: dest, with_memos, with_aliases } => {
            output::format_of(&dest, "a hand-out", output::PROJECT_FORMATS)?;
            let s = Session::open_read_only(&project)?;
            let options = crate::core::merge::HandoutOptions { with_memos, with_aliases };
            for line in crate::exchange::write_handout(s.project(), &dest, options, coder, lang)? {
                writeln!(out, "{line}")?;
            }
        }
        Command::Delete { project, what, name, purge_backups } => {
            delete(&project, what, &name, purge_backups, lang, coder, out)?
        }
        Command::Backup { project, list } => {
            if list {
                for b in crate::store::backup::list_backups(&project) {
                    let at: chrono::DateTime<chrono::Local> = b.modified.into();
                    let at = at.format("%Y-%m-%d %H:%M:%S");
                    writeln!(out, "{}", Say::BackupLine.fill(lang, &[&at, &b.path.display(), &b.size]))?;
                }
            } else {
                let s = open(&project, coder, lang)?;
                let path = s.store().backup_now("manual")?;
                writeln!(out, "{}", workflow::Line::BackupWritten.fill(lang, &[&path.display()]))?;
            }
        }
        Command::Restore { project, backup } => {
            let safety = crate::store::backup::restore(&project, &backup)?;
            writeln!(out, "{}", workflow::Line::Restored.fill(lang, &[&backup.display(), &safety.display()]))?;
        }
        Command::Pseudonymise { project, terms, out: dest } => {
            pseudonymise(&project, terms.as_deref(), dest.as_deref(), lang, coder, out)?
        }
        #[cfg(feature = "bench")]
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
            if run(BenchGroup::Bidi) {
                figures.extend(crate::bench::bidi_benchmarks(&dir, 50_000)?);
            }
            if run(BenchGroup::Codes) {
                figures.extend(crate::bench::code_tree_benchmarks(&dir)?);
            }
            if run(BenchGroup::Turns) {
                figures.extend(crate::bench::turn_limit_benchmarks(&dir)?);
            }
            if run(BenchGroup::Scale) {
                figures.extend(crate::bench::run_benchmarks(&dir, documents, codings)?);
            }
            if run(BenchGroup::Floor) {
                figures.extend(crate::bench::floor_benchmarks(&dir, documents, codings)?);
            }
            if run(BenchGroup::Ui) {
                figures.extend(crate::bench::ui_benchmarks(&dir, documents, codings)?);
            }
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&crate::bench::report_json(&figures))?)?;
            } else {
                writeln!(out, "machine: {}", crate::bench::machine())?;
                for m in figures {
                    writeln!(out, "{:<40} {:>9.3} s   {}", m.what, m.seconds, m.detail)?;
                }
                writeln!(out, "{:<40} {:>9.0} MiB", "peak memory of this run", crate::bench::peak_rss_mib())?;
            }
        }
        #[cfg(feature = "bench")]
        Command::Stress { project, seed, actions } => crate::bench::stress(&project, coder, seed, actions, out)?,
        #[cfg(feature = "bench")]
        Command::BenchPeak { command } => {
            let inner = Cli::try_parse_from(std::iter::once("werkbank".into()).chain(command))?;
            run(inner.command.context("bench-peak: which verb?")?, coder, inner.lang, out)?;
            writeln!(out, "peak-mib {:.3}", crate::bench::peak_rss_mib())?;
        }
        #[cfg(feature = "bench")]
        Command::BenchUi { project } => {
            writeln!(out, "{}", serde_json::to_string(&crate::bench::ui_frames(&project)?)?)?
        }
    }
    Ok(())
}
