//! Verbs that bring material in: the import preview with speaker choices, and REFI-QDA.

use super::*;

/// A `--speaker TAG=…` decision.
pub(super) fn speaker_choice(arg: &str) -> Result<(String, workflow::SpeakerMapping)> {
    use workflow::SpeakerMapping;
    let Some((tag, value)) = arg.split_once('=') else {
        return Err(CliError::Refused(Said::new(Say::SpeakerForm, &[&arg])).into());
    };
    let (tag, value) = (tag.trim(), value.trim());
    if tag.is_empty() || value.is_empty() {
        return Err(CliError::Refused(Said::new(Say::SpeakerForm, &[&arg])).into());
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
pub(super) fn apply_choices(
    project: &Project,
    plan: &mut workflow::ImportPlan,
    choices: &[(String, workflow::SpeakerMapping)],
) {
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

/// `werkbank import P FILES...`: each transcript one undo step; every file not imported is listed
/// with its reason. Fails (exit status 2) when a transcript could not be read; files passed over on
/// purpose (other formats, hidden/temporary files, empty files, duplicates) only get a note.
pub(super) fn transcripts(args: ImportArgs, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    let selection = workflow::select_files(&args.files)?;
    if selection.files.is_empty() && selection.skipped.is_empty() {
        let supported = crate::output::listing(crate::import::SUPPORTED_FORMATS);
        return Err(CliError::Refused(Said::new(Say::NoTranscripts, &[&supported])).into());
    }
    let opts = ImportOptions { respondent: args.respondent, create_speaker_respondents: args.speakers_as_respondents };
    let choices = args.speakers.iter().map(|c| speaker_choice(c)).collect::<Result<Vec<_>>>()?;
    if args.preview {
        // A preview writes nothing: no coder, no backup, no migration of the file. It reads no
        // transcript of the project either: duplicates are known by their stored fingerprints.
        let s = Session::open_read_only_without_texts(&args.project)
            .with_context(|| CliError::File(Say::CannotRead, args.project.clone()))?;
        return preview(&s, &selection.files, &opts, &choices, args.allow_duplicates, lang, out);
    }
    let mut s = super::open(&args.project, coder, lang)?;
    let total = selection.files.len() + selection.skipped.len();
    let mut skipped = selection.skipped;
    let mut dups = workflow::DuplicateCheck::new(s.project());
    let mut ok = 0;
    for (i, f) in selection.files.iter().enumerate() {
        let mut plan = match workflow::plan_file(s.project(), f, &opts) {
            Ok(plan) => plan,
            Err(e) => {
                skipped.push(workflow::Skipped { path: f.clone(), reason: workflow::failure_reason(&e, lang) });
                continue;
            }
        };
        if let Some(reason) = workflow::skip_reason(&plan, &mut dups, args.allow_duplicates) {
            skipped.push(workflow::Skipped { path: f.clone(), reason });
            continue;
        }
        apply_choices(s.project(), &mut plan, &choices);
        let turns = plan.imported.turns.len();
        let warnings = std::mem::take(&mut plan.imported.warnings);
        let doc = match workflow::import_plan(&mut s, plan) {
            Ok(doc) => doc,
            Err(e) => {
                skipped.push(workflow::Skipped { path: f.clone(), reason: workflow::failure_reason(&e, lang) });
                continue;
            }
        };
        ok += 1;
        let d = &s.project().documents[&doc];
        let (n, of) = (i + 1, selection.files.len());
        writeln!(out, "{}", Say::ImportedFile.fill(lang, &[&n, &of, &f.display(), &d.name, &d.char_len(), &turns]))?;
        for w in &warnings {
            writeln!(out, "    {}", crate::export::Label::Warning.fill(lang, &[&w.say(lang)]))?;
        }
    }
    // Files passed over on purpose are listed in the summary; those that failed go to standard
    // error (each once) and make the command fail.
    let (failed, passed_over): (Vec<_>, Vec<_>) = skipped.iter().partition(|s| s.reason.is_failure());
    write!(out, "{}", Say::ImportedOf.fill(lang, &[&ok, &total]))?;
    if passed_over.is_empty() {
        writeln!(out)?;
    } else {
        writeln!(out, "{}", Say::SkippedFiles.fill(lang, &[&passed_over.len()]))?;
        for sk in &passed_over {
            writeln!(out, "  {}: {}", sk.file_name(), sk.reason.say(lang))?;
        }
    }
    if !failed.is_empty() {
        for sk in &failed {
            // A reader's reason is said in its fixed words ("no such file"), which the table has.
            let why = super::messages::in_lang(&sk.reason.say(lang), lang);
            crate::terminal::eprint_line(&format!("{}: {why}", sk.path.display()));
        }
        return Err(CliError::Refused(Said::new(Say::NotImported, &[&failed.len()])).into());
    }
    Ok(())
}

/// The import preview: per file, its speakers, their proposed roles (and why) and the respondent
/// each would be mapped to; or that the import would skip it (its text is already in the project
/// or earlier in the batch, unless `allow_duplicates`; it has no text).
pub(super) fn preview(
    s: &Session,
    files: &[PathBuf],
    opts: &ImportOptions,
    choices: &[(String, workflow::SpeakerMapping)],
    allow_duplicates: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::import::RoleSource;
    use workflow::SpeakerMapping;
    let mut dups = workflow::DuplicateCheck::new(s.project());
    for f in files {
        let mut plan = workflow::plan_file(s.project(), f, opts)?;
        match workflow::skip_reason(&plan, &mut dups, allow_duplicates) {
            Some(workflow::SkipReason::Duplicate { of }) => {
                writeln!(out, "{}", Say::WouldSkipDuplicate.fill(lang, &[&f.display(), &of]))?;
                continue;
            }
            Some(reason) => {
                writeln!(out, "{}", Say::WouldSkip.fill(lang, &[&f.display(), &reason.say(lang)]))?;
                continue;
            }
            None => {}
        }
        apply_choices(s.project(), &mut plan, choices);
        let (chars, turns) = (plan.imported.text.chars().count(), plan.imported.turns.len());
        writeln!(out, "{}", Say::PreviewDocument.fill(lang, &[&f.display(), &plan.name, &chars, &turns]))?;
        for w in &plan.imported.warnings {
            writeln!(out, "  {}", crate::export::Label::Warning.fill(lang, &[&w.say(lang)]))?;
        }
        if let Some(label) = &plan.respondent {
            writeln!(out, "  {}", Say::WholeDocument.fill(lang, &[label]))?;
        }
        for sp in &plan.speakers {
            let scope = if sp.generic { Say::ThisDocumentOnly.text(lang) } else { "" };
            let to = match &sp.mapping {
                SpeakerMapping::Interviewer => Say::ToInterviewer.text(lang).to_string(),
                SpeakerMapping::Ignore => Say::ToIgnored.text(lang).to_string(),
                SpeakerMapping::Existing(l) => Say::ToRespondent.fill(lang, &[l]),
                SpeakerMapping::New(l) => Say::ToNewRespondent.fill(lang, &[l, &scope]),
                SpeakerMapping::Unmapped => Say::ToUnlinked.text(lang).to_string(),
            };
            let why = match &sp.source {
                RoleSource::Legend(d) => Say::ByLegend.fill(lang, &[d]),
                RoleSource::Tag => Say::ByTag.text(lang).to_string(),
                RoleSource::Evidence(w) => Say::Guessed.fill(lang, &[&w.say(lang)]),
            };
            // The counts right-aligned under each other, as a column.
            let turns = Say::SpeakerTurns.fill(lang, &[&sp.turns]);
            let pad = turns.len() - sp.turns.to_string().len() + 4;
            writeln!(out, "  {:<14} {turns:>pad$} -> {to}  [{why}]", sp.speaker)?;
        }
    }
    writeln!(out, "{}", Say::NothingImported.text(lang))?;
    Ok(())
}

pub(super) fn refi(cmd: RefiCmd, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    match cmd {
        RefiCmd::Import { project, file } => {
            let mut s = open(&project, coder, lang)?;
            let imported = crate::exchange::preview_refi_import(s.project(), &file)?;
            s.perform(imported.edit)?;
            for line in crate::exchange::refi_import_lines(&file, &imported.report, lang, true) {
                writeln!(out, "{line}")?;
            }
        }
        RefiCmd::Export { project, out: dest } => {
            let s = Session::open_read_only(&project)?;
            for line in crate::exchange::export_refi(s.project(), &dest, lang)? {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// Reads a respondent or survey table, printing the reader's notes (encoding guessed, sheets).
pub(super) fn read_table(path: &Path) -> Result<crate::import::table::Table> {
    let t = crate::import::table::read_table(path).with_context(|| path.display().to_string())?;
    for w in &t.warnings {
        crate::terminal::eprint_line(&format!("{}: {w}", path.display()));
    }
    Ok(t)
}

pub(super) fn survey(cmd: SurveyCmd, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    let SurveyCmd::Import { table: TableArgs { project, table, respondent_column, attributes, preview }, answers, per } =
        cmd;
    let t = read_table(&table)?;
    let info = crate::respondents::describe_columns(&t);
    let respondent = respondent_column.as_deref().map(|c| crate::respondents::resolve_column(&t, c)).transpose()?;
    let list = |v: &[String]| -> Result<Option<Vec<usize>>> {
        if v.is_empty() { Ok(None) } else { Ok(Some(crate::respondents::resolve_columns(&t, v)?)) }
    };
    let layout = crate::survey::Layout::parse(&per).ok_or(CliError::Usage(Say::PerForm))?;
    let choice = crate::survey::complete(&t, &info, respondent, list(&answers)?, list(&attributes)?, layout);
    let base = if preview { Session::open_read_only(&project)? } else { open(&project, coder, lang)? };
    let name = table.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let planned = crate::survey::plan(base.project(), &t, &choice, &name);
    if preview {
        writeln!(out, "{}:", table.display())?;
        match &planned {
            Ok((_, plan)) => {
                for l in crate::survey::preview_lines(&t, &info, &choice, plan, true, lang) {
                    writeln!(out, "{l}")?;
                }
            }
            Err(e) => {
                let empty = crate::survey::SurveyPlan::default();
                for l in crate::survey::preview_lines(&t, &info, &choice, &empty, false, lang) {
                    writeln!(out, "{l}")?;
                }
                writeln!(out, "{}", Say::CannotImportAsChosen.fill(lang, &[&e.say(lang)]))?;
            }
        }
        writeln!(out, "{}", Say::PreviewOnly.text(lang))?;
        return Ok(());
    }
    let (edit, plan) = planned.with_context(|| table.display().to_string())?;
    let mut s = base;
    s.perform(edit)?;
    let r = &plan.respondents;
    let (new, existing) = (r.new_respondents.len(), r.existing_respondents.len());
    let figures: [&dyn std::fmt::Display; 5] =
        [&plan.answers, &plan.documents.len(), &new, &existing, &plan.skipped_empty];
    writeln!(out, "{}", Say::SurveyImported.fill(lang, &figures))?;
    Ok(())
}
