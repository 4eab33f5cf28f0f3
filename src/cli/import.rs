//! Verbs that bring material in: the import preview with speaker choices, and REFI-QDA.

use super::*;

/// A `--speaker TAG=…` decision.
pub(super) fn speaker_choice(arg: &str) -> Result<(String, workflow::SpeakerMapping)> {
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

/// The import preview: per file, its speakers, their proposed roles (and why) and the respondent
/// each would be mapped to.
pub(super) fn preview(
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

pub(super) fn refi(cmd: RefiCmd, coder: &str, out: &mut dyn Write) -> Result<()> {
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
