//! Verbs that change a project: delete, pseudonymise, codes, memos, codings and respondents.

use super::*;

/// Deletes a document or withdraws a respondent (one action), optionally from every backup too.
pub(super) fn delete(
    project: &Path,
    what: DeleteWhat,
    name: &str,
    purge: bool,
    lang: Lang,
    coder: &str,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::withdrawal::{self, Subject};
    use crate::workflow::Line;
    let mut s = open(project, coder, lang)?;
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
                return Err(CliError::NoRespondent(name.to_string()).into());
            }
            Subject::Respondent { label: name.to_string() }
        }
    };
    match withdrawal::deletion(s.project(), &subject)? {
        Some(edit) => {
            let removal = crate::core::actions::Removal::of(&edit);
            s.perform(edit)?;
            let removed = withdrawal::describe_removal(&removal, lang);
            writeln!(out, "{}", Line::WithdrawnWhat.fill(lang, &[&subject.describe(lang), &removed]))?;
        }
        None => writeln!(out, "{}", Line::NoLongerInProject.fill(lang, &[&subject.describe(lang)]))?,
    }
    let backups = crate::store::backup::every_copy(project);
    if !purge {
        if !backups.is_empty() {
            writeln!(out, "{}", Say::BackupsStillHold.fill(lang, &[&backups.len()]))?;
        }
        return Ok(());
    }
    s.store().vacuum(false)?;
    drop(s);
    let report = withdrawal::purge_backups(project, &subject, coder);
    writeln!(out, "{}", Say::PurgedBackups.fill(lang, &[&report.cleaned.len(), &report.untouched]))?;
    if !report.failed.is_empty() {
        for (path, why) in &report.failed {
            crate::terminal::eprint_line(&format!("{}: {why}", path.display()));
        }
        return Err(CliError::Refused(Said::new(Say::BackupsNotCleaned, &[&report.failed.len()])).into());
    }
    Ok(())
}

/// What to replace: every respondent's aliases, plus the `term = replacement` lines of `terms`.
pub(super) fn substitutions(p: &Project, terms: Option<&Path>) -> Result<Vec<crate::core::pseudonym::Substitution>> {
    use crate::core::pseudonym;
    let mut subs = pseudonym::substitutions_from_aliases(p);
    if let Some(t) = terms {
        let text =
            crate::input::text::read_text_file(t).with_context(|| CliError::File(Say::CannotRead, t.to_path_buf()))?;
        subs.extend(pseudonym::parse_substitutions(&text).map_err(anyhow::Error::msg)?);
    }
    Ok(subs)
}

pub(super) fn pseudonymise(
    project: &Path,
    terms: Option<&Path>,
    dest: Option<&Path>,
    lang: Lang,
    coder: &str,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::core::pseudonym;
    if let Some(dest) = dest {
        output::format_of(dest, "a pseudonymised copy", output::PROJECT_FORMATS)?;
    }
    let mut s = open(project, coder, lang)?;
    let subs = substitutions(s.project(), terms)?;
    if subs.is_empty() {
        return Err(CliError::Usage(Say::NothingToReplace).into());
    }
    match dest {
        Some(dest) => {
            let copy = pseudonym::pseudonymised(s.project(), &subs);
            Session::create_from(dest, &copy, coder)?;
            writeln!(out, "{}", Say::WrotePseudonymised.fill(lang, &[&dest.display(), &subs.len()]))?;
        }
        None => {
            let edit = pseudonym::pseudonymise_edit(s.project(), &subs);
            let docs = edit
                .changes
                .iter()
                .filter(|c| matches!(c, crate::core::Change::Update { after, .. } if matches!(**after, crate::core::Entity::Document(_))))
                .count();
            s.perform(edit)?;
            writeln!(out, "{}", Say::Pseudonymised.fill(lang, &[&docs, &subs.len()]))?;
        }
    }
    Ok(())
}

/// `code rename|move|merge|describe|recolour`: the app's Code menu, one undoable action each.
pub(super) fn code_action(action: CodeAction, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::core::actions;
    match action {
        CodeAction::Rename { project, code, new_name } => {
            let mut s = open(&project, coder, lang)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let old = s.project().code_path_string(id);
            s.perform(actions::rename_code(s.project(), id, &new_name)?)?;
            writeln!(out, "{}", Say::Renamed.fill(lang, &[&old, &s.project().code_path_string(id)]))?;
        }
        CodeAction::Move { project, code, under, top, position } => {
            let mut s = open(&project, coder, lang)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let parent = if top { None } else { under.map(|u| workflow::resolve_code(s.project(), &u)).transpose()? };
            let index = position.map_or(usize::MAX, |p| p.saturating_sub(1));
            s.perform(actions::move_code(s.project(), id, parent, index)?)?;
            writeln!(out, "{}", Say::Moved.fill(lang, &[&s.project().code_path_string(id)]))?;
        }
        CodeAction::Merge { project, source, target } => {
            let mut s = open(&project, coder, lang)?;
            let (src, dst) =
                (workflow::resolve_code(s.project(), &source)?, workflow::resolve_code(s.project(), &target)?);
            let (name, n) =
                (s.project().code_path_string(src), s.project().codings.values().filter(|k| k.code == src).count());
            s.perform(actions::merge_codes(s.project(), src, dst)?)?;
            writeln!(out, "{}", Say::Merged.fill(lang, &[&name, &n, &s.project().code_path_string(dst)]))?;
        }
        CodeAction::Describe { project, code, description } => {
            let mut s = open(&project, coder, lang)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let text = description.trim().to_string();
            s.perform(actions::change_code(s.project(), id, "Describe code", |c| c.description = text)?)?;
            writeln!(out, "{}", Say::Described.fill(lang, &[&s.project().code_path_string(id)]))?;
        }
        CodeAction::Recolour { project, code, colour } => {
            let mut s = open(&project, coder, lang)?;
            let id = workflow::resolve_code(s.project(), &code)?;
            let colour: crate::core::Color = colour.parse()?;
            s.perform(actions::change_code(s.project(), id, "Recolour code", |c| c.color = colour)?)?;
            let p = s.project();
            writeln!(out, "{}", Say::IsNow.fill(lang, &[&p.code_path_string(id), &p.codes[&id].color]))?;
        }
    }
    Ok(())
}

/// `memo`: prints the memo of one subject, or sets it (one undoable action; "" removes it).
pub(super) fn memo(args: MemoArgs, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::core::model::MemoTarget;
    let new_text = match (&args.text, &args.file) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(f)) => {
            Some(crate::input::text::read_text_file(f).with_context(|| CliError::File(Say::CannotRead, f.clone()))?)
        }
        (None, None) => None,
    };
    // Reading a memo needs no transcript.
    let mut s = if new_text.is_some() {
        open(&args.project, coder, lang)?
    } else {
        Session::open_read_only_without_texts(&args.project)?
    };
    let p = s.project();
    let (target, what) = if let Some(c) = &args.code {
        let id = workflow::resolve_code(p, c)?;
        (MemoTarget::Code(id), Say::MemoOfCode.fill(lang, &[&p.code_path_string(id)]))
    } else if let Some(d) = &args.doc {
        let id = workflow::resolve_document(p, d)?;
        (MemoTarget::Document(id), Say::MemoOfDocument.fill(lang, &[&p.documents[&id].name]))
    } else if let Some(l) = &args.respondent {
        let c = p.case_by_label(l).ok_or_else(|| CliError::NoRespondent(l.clone()))?;
        (MemoTarget::Case(c.id), Say::MemoOfRespondent.fill(lang, &[&c.label]))
    } else if let Some(k) = args.coding {
        if !p.codings.contains_key(&k) {
            return Err(CliError::NoCoding(k).into());
        }
        (MemoTarget::Coding(k), Say::MemoOfCoding.fill(lang, &[&k]))
    } else {
        (MemoTarget::Project, Say::MemoOfProject.text(lang).to_string())
    };
    match new_text {
        None => match p.memo_for(target) {
            Some(m) => writeln!(out, "{}", m.text)?,
            None => writeln!(out, "{}", Say::NoMemoOn.fill(lang, &[&what]))?,
        },
        Some(text) => {
            let had = p.memo_for(target).is_some();
            let edit = crate::core::actions::set_memo(p, target, "", text.trim_end(), s.coder())?;
            s.perform(edit)?;
            let said = match (had, text.trim().is_empty()) {
                (_, true) if had => Say::RemovedMemo,
                (_, true) => Say::NoMemoToRemove,
                (true, false) => Say::UpdatedMemo,
                (false, false) => Say::WroteMemo,
            };
            writeln!(out, "{}", said.fill(lang, &[&what]))?;
        }
    }
    Ok(())
}

pub(super) fn code(args: CodeArgs, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    let project = args.project.ok_or(CliError::Usage(Say::GiveProject))?;
    let mut s = open(&project, coder, lang)?;
    if let Some(file) = &args.ranges_file {
        return code_ranges_file(&mut s, file, &args.code, lang, out);
    }
    let code = workflow::resolve_code(s.project(), &args.code)?;
    let docs: Vec<Id> =
        args.doc.as_deref().map(|d| workflow::resolve_document(s.project(), d)).transpose()?.into_iter().collect();
    if let Some(range) = args.range {
        let [doc] = docs.as_slice() else { return Err(CliError::Usage(Say::RangeNeedsDoc).into()) };
        let form = || CliError::Usage(Say::RangeForm);
        let (a, b) = range.split_once("..").ok_or_else(form)?;
        let (start, end): (usize, usize) =
            (a.trim().parse().map_err(|_| form())?, b.trim().parse().map_err(|_| form())?);
        let (id, edit) = crate::core::actions::add_coding(s.project(), *doc, start, end, code, s.coder())?;
        let already = edit.is_empty();
        s.perform(edit)?;
        let passage = workflow::passage(s.project(), *doc, start, end);
        let said = if already { Say::AlreadyCoded } else { Say::CodedPassage };
        writeln!(out, "{}", said.fill(lang, &[&id, &passage]))?;
        return Ok(());
    }
    let pattern = match (args.phrase, args.regex) {
        (Some(text), None) => Pattern::Phrase { text, case_sensitive: false, whole_words: args.whole_words },
        (None, Some(re)) => Pattern::Regex(re),
        _ => return Err(CliError::Usage(Say::GiveRange).into()),
    };
    let nowhere = match &pattern {
        Pattern::Phrase { text, .. } => Say::PhraseNowhere.fill(lang, &[text]),
        Pattern::Regex(re) => Say::PatternNowhere.fill(lang, &[re]),
    };
    let n = workflow::code_matches(&mut s, &docs, &pattern, code)?;
    if n == 0 {
        warn([nowhere], args.strict, lang)?;
    }
    writeln!(out, "{}", Say::AddedWith.fill(lang, &[&n, &s.project().code_path_string(code)]))?;
    Ok(())
}

/// Codes the passages of a ranges file as one action: every line is checked first and each bad
/// one reported (line number and reason) before anything is coded; a file with a bad line codes
/// nothing, so fixing it and running again never doubles a coding (identical ones are skipped too).
pub(super) fn code_ranges_file(
    s: &mut Session,
    file: &Path,
    default_code: &str,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::core::actions::{Passage, check_passage, code_passages};
    let text =
        crate::input::text::read_text_file(file).with_context(|| CliError::File(Say::CannotRead, file.into()))?;
    let mut passages = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parsed = (|| -> Result<Passage> {
            let f: Vec<&str> = line.split('\t').collect();
            let [doc, start, end, rest @ ..] = f.as_slice() else {
                return Err(CliError::Usage(Say::LineFields).into());
            };
            let number = |v: &str| v.trim().parse::<usize>().map_err(|_| CliError::NotAPosition(v.trim().to_string()));
            let (start, end) = (number(start)?, number(end)?);
            let path = rest.first().copied().filter(|c| !c.trim().is_empty()).unwrap_or(default_code);
            let code = workflow::resolve_code(s.project(), path)?;
            let document = workflow::resolve_document(s.project(), doc)?;
            let p = Passage { document, start, end, code };
            check_passage(s.project(), &p)?;
            Ok(p)
        })();
        match parsed {
            Ok(p) => passages.push(p),
            Err(e) => problems.push((i + 1, super::error_message(&e, lang))),
        }
    }
    if !problems.is_empty() {
        return Err(CliError::BadLines { file: file.into(), lines: problems }.into());
    }
    let (edit, skipped) = code_passages(s.project(), &passages, s.coder())?;
    let added = edit.changes.len();
    s.perform(edit)?;
    write!(out, "{}", Say::AddedFrom.fill(lang, &[&added, &file.display()]))?;
    if skipped > 0 {
        write!(out, "{}", Say::SkippedIdentical.fill(lang, &[&skipped]))?;
    }
    writeln!(out)?;
    Ok(())
}

pub(super) fn respondent(cmd: RespondentCmd, lang: Lang, coder: &str, out: &mut dyn Write) -> Result<()> {
    use crate::core::actions;
    match cmd {
        RespondentCmd::Add { project, label } => {
            let mut s = open(&project, coder, lang)?;
            s.run(|p| actions::add_case(p, &label))?;
            writeln!(out, "{}", Say::AddedRespondent.fill(lang, &[&label]))?;
        }
        RespondentCmd::Import(TableArgs { project, table, respondent_column, attributes, preview }) => {
            let t = read_table(&table)?;
            let respondent = match &respondent_column {
                Some(c) => crate::respondents::resolve_column(&t, c)?,
                None => 0,
            };
            let attrs = if attributes.is_empty() {
                (0..t.headers.len()).filter(|&i| i != respondent).collect()
            } else {
                crate::respondents::resolve_columns(&t, &attributes)?
            };
            let base = if preview { Session::open_read_only(&project)? } else { open(&project, coder, lang)? };
            let (edit, summary) = crate::respondents::import_respondents(base.project(), &t, respondent, &attrs)
                .with_context(|| table.display().to_string())?;
            if preview {
                let info = crate::respondents::describe_columns(&t);
                writeln!(out, "{}: {}", table.display(), crate::survey::table_line(&t, lang))?;
                let use_of = |i: usize| {
                    use crate::respondents::ColumnUse;
                    if i == respondent {
                        ColumnUse::Respondent
                    } else if attrs.contains(&i) && !t.headers[i].is_empty() {
                        ColumnUse::Attribute
                    } else {
                        ColumnUse::Ignore
                    }
                };
                for l in crate::survey::column_lines(&t, &info, use_of, lang) {
                    writeln!(out, "{l}")?;
                }
                for l in crate::survey::respondent_lines(&summary, lang) {
                    writeln!(out, "{l}")?;
                }
                writeln!(out, "{}", Say::PreviewOnly.text(lang))?;
                return Ok(());
            }
            let mut s = base;
            s.perform(edit)?;
            let (new, updated) = (summary.new_respondents.len(), summary.updated_respondents.len());
            writeln!(out, "{}", Say::RespondentsImported.fill(lang, &[&new, &updated, &s.project().cases.len()]))?;
        }
        RespondentCmd::Kind { project, attribute, kind } => {
            let mut s = open(&project, coder, lang)?;
            let edit = crate::respondents::set_attribute_kind(s.project(), &attribute, &kind)?;
            s.perform(edit)?;
            let d = s.project().attribute_defs.values().find(|d| d.name.eq_ignore_ascii_case(attribute.trim()));
            writeln!(out, "{}", Say::IsNow.fill(lang, &[&attribute.trim(), &d.map_or("?", |d| d.kind.as_str())]))?;
        }
        RespondentCmd::Set { project, label, values } => {
            let mut s = open(&project, coder, lang)?;
            let case = s.project().case_by_label(&label).ok_or_else(|| CliError::NoRespondent(label.clone()))?.id;
            // Every value (and any new attribute) in one action: one commit, one undo step.
            let mut scratch = s.project().clone();
            let mut edit = crate::core::Edit::new(format!("Set attributes of {label}"));
            for kv in &values {
                let (k, v) = kv.split_once('=').ok_or_else(|| CliError::Refused(Said::new(Say::ValueForm, &[kv])))?;
                if !scratch.attribute_defs.values().any(|d| d.name == k.trim()) {
                    let (_, e) = actions::define_attribute(&scratch, k, crate::core::AttributeKind::Text)?;
                    scratch.apply(&e)?;
                    edit.extend(e);
                }
                let e = actions::change_case(&scratch, case, "Set attribute of", |c| {
                    c.attributes.insert(k.trim().to_string(), v.trim().to_string());
                })?;
                scratch.apply(&e)?;
                edit.extend(e);
            }
            s.perform(edit)?;
            writeln!(out, "{}", Say::Updated.fill(lang, &[&label]))?;
        }
        RespondentCmd::Alias { project, label, names, clear } => {
            if names.is_empty() && !clear {
                return Err(CliError::Refused(Said::new(Say::GiveAliases, &[&label])).into());
            }
            let mut s = open(&project, coder, lang)?;
            let case = s.project().case_by_label(&label).ok_or_else(|| CliError::NoRespondent(label.clone()))?.id;
            let edit = actions::set_aliases(s.project(), case, &names)?;
            s.perform(edit)?;
            let n = s.project().cases[&case].aliases.len();
            writeln!(out, "{}", Say::AliasesRecorded.fill(lang, &[&label, &n]))?;
        }
        RespondentCmd::Assign { project, speaker, label, doc } => {
            let mut s = open(&project, coder, lang)?;
            let case = s.project().case_by_label(&label).ok_or_else(|| CliError::NoRespondent(label.clone()))?.id;
            let doc = doc.map(|d| workflow::resolve_document(s.project(), &d)).transpose()?;
            let edit = actions::assign_speaker(s.project(), doc, &speaker, Some(case))?;
            let n = edit.changes.len();
            s.perform(edit)?;
            writeln!(out, "{}", Say::MappedTurns.fill(lang, &[&n, &speaker, &label]))?;
        }
    }
    Ok(())
}
