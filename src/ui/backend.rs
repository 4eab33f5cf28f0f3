//! The UI's calls into the multi-step workflows (import, search, code-all-hits, codebook files),
//! kept in one file so the GUI and the CLI share one implementation in [`crate::workflow`]; this
//! file only adapts arguments and turns errors into status-bar text.

use crate::core::edit::Edit;
use crate::core::model::{Id, Project};
use crate::core::{DocSpan, Span};
use crate::session::Session;
use crate::workflow::{self, ImportOptions, Pattern};
use std::path::PathBuf;

fn phrase(text: &str) -> Pattern {
    Pattern::Phrase { text: text.trim().to_string(), case_sensitive: false, whole_words: false }
}

/// Every case-insensitive match of `text` in all documents.
pub fn find(project: &Project, text: &str) -> Vec<DocSpan> {
    let hits = workflow::find_matches(project, &[], &phrase(text)).unwrap_or_default();
    hits.into_iter().map(|(doc, start, end)| DocSpan::new(doc, Span::new(start, end))).collect()
}

/// Codes every hit of `text` with `code` as one undo step; returns the number of new codings.
pub fn code_all(session: &mut Session, text: &str, code: Id) -> Result<usize, String> {
    workflow::code_matches(session, &[], &phrase(text), code).map_err(|e| e.to_string())
}

/// The transcripts planned and confirmed in the preview as ONE edit (one undo step; the mapping
/// can still be changed afterwards under "Speakers in this document"), built on a worker from the
/// project's copy; `next` runs after each file and stops when it returns false. Returns the edit,
/// the last document, how many were imported, and warnings (including failed files) in `lang`.
pub fn import_edit(
    project: &Project,
    plans: &[workflow::ImportPlan],
    lang: crate::core::Lang,
    next: &mut dyn FnMut() -> bool,
) -> Result<(Edit, Option<Id>, usize, Vec<String>), String> {
    let (edit, built) = workflow::plans_edit(project, plans, next);
    let (mut last, mut n, mut warnings) = (None, 0, Vec::new());
    for (plan, result) in plans.iter().zip(built) {
        match result {
            Ok(doc) => {
                last = Some(doc);
                n += 1;
                warnings
                    .extend(plan.imported.warnings.iter().map(|w| format!("{}: {}", plan.source_name, w.say(lang))));
            }
            Err(e) => warnings.push(format!("{}: {e}", plan.source_name)),
        }
    }
    if n == 0 {
        return Err(if warnings.is_empty() {
            super::i18n::tr(lang, super::i18n::Key::NoTranscriptFiles).into()
        } else {
            warnings.join("; ")
        });
    }
    Ok((edit, last, n, warnings))
}

/// What importing `paths` would do: per file, its name and plan (or why it is left out: another
/// format, a temporary file, empty, unreadable), without writing anything. A transcript whose text
/// is already in the project (or earlier in this batch) gets [`workflow::ImportPlan::duplicate_of`].
/// Two files named alike get distinct document names.
/// (Called on a worker: `next` runs after each file and stops the reading when it returns false.)
pub fn plan_import(
    project: &Project,
    paths: &[PathBuf],
    speakers_as_respondents: bool,
    lang: crate::core::Lang,
    next: &mut dyn FnMut() -> bool,
) -> Vec<(String, Result<workflow::ImportPlan, workflow::SkipReason>)> {
    let selection = match workflow::select_files(paths) {
        Ok(s) => s,
        Err(e) => return vec![(String::new(), Err(workflow::SkipReason::Unreadable(e.to_string())))],
    };
    let opts = ImportOptions { create_speaker_respondents: speakers_as_respondents, ..Default::default() };
    let mut dups = workflow::DuplicateCheck::new(project);
    let mut out = Vec::with_capacity(selection.files.len() + selection.skipped.len());
    for f in &selection.files {
        let name = f.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let planned = workflow::plan_file(project, f, &opts).map_err(|e| workflow::failure_reason(&e, lang)).and_then(
            |mut plan| {
                match workflow::skip_reason(&plan, &mut dups, false) {
                    Some(workflow::SkipReason::Duplicate { of }) => plan.duplicate_of = Some(of),
                    Some(other) => return Err(other),
                    None => {}
                }
                Ok(plan)
            },
        );
        out.push((name, planned));
        if !next() {
            break;
        }
    }
    out.extend(selection.skipped.into_iter().map(|s| (s.file_name(), Err(s.reason))));
    out
}

/// The proposed mapping again after the "speakers become respondents" switch changed.
pub fn replan(project: &Project, plan: &mut workflow::ImportPlan, speakers_as_respondents: bool) {
    let opts =
        ImportOptions { create_speaker_respondents: speakers_as_respondents, respondent: plan.respondent.clone() };
    plan.speakers = workflow::preview_speakers(project, &plan.name, &plan.imported, &opts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_imports_warnings_reach_the_status_bar_in_the_language_of_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cursief.txt");
        std::fs::write(&file, "How long have you lived here?\nSince 1998.\nWhat changed?\nEverything, really.\n")
            .unwrap();
        let p = Project::default();
        let plan = workflow::plan_file(&p, &file, &Default::default()).unwrap();
        let plans = [plan];
        let (.., nl) = import_edit(&p, &plans, crate::core::Lang::Nl, &mut || true).unwrap();
        assert_eq!(nl.len(), 1, "{nl:?}");
        assert!(
            nl[0].starts_with("cursief.txt: Er zijn geen spreekbeurten gevonden, hoewel de tekst vragen stelt"),
            "{nl:?}"
        );
        let (.., en) = import_edit(&p, &plans, crate::core::Lang::En, &mut || true).unwrap();
        assert!(en[0].starts_with("cursief.txt: No speaker turns were found"), "{en:?}");
    }
}
