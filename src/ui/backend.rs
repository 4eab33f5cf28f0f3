//! The UI's calls into the multi-step workflows (import, search, code-all-hits, codebook files),
//! kept in one file so the GUI and the CLI share one implementation in [`crate::workflow`]; this
//! file only adapts arguments and turns errors into status-bar text.

use crate::core::model::{Id, Project};
use crate::session::Session;
use crate::workflow::{self, ImportOptions, Pattern};
use std::path::PathBuf;

fn phrase(text: &str) -> Pattern {
    Pattern::Phrase { text: text.trim().to_string(), case_sensitive: false, whole_words: false }
}

/// Every case-insensitive match of `text` in all documents.
pub fn find(project: &Project, text: &str) -> Vec<(Id, usize, usize)> {
    workflow::find_matches(project, &[], &phrase(text)).unwrap_or_default()
}

/// Codes every hit of `text` with `code` as one undo step; returns the number of new codings.
pub fn code_all(session: &mut Session, text: &str, code: Id) -> Result<usize, String> {
    workflow::code_matches(session, &[], &phrase(text), code).map_err(|e| e.to_string())
}

/// Imports transcript files (folders expanded), one undo step each. Non-interviewer speaker tags
/// become respondents; the mapping can be changed afterwards under "Speakers in this document".
/// Returns the last document, how many were imported, and warnings (including failed files).
pub fn import_files(
    session: &mut Session,
    paths: &[PathBuf],
    speakers_as_respondents: bool,
) -> Result<(Option<Id>, usize, Vec<String>), String> {
    let files = workflow::collect_files(paths).map_err(|e| e.to_string())?;
    let opts = ImportOptions { create_speaker_respondents: speakers_as_respondents, ..Default::default() };
    let (mut last, mut n, mut warnings) = (None, 0, Vec::new());
    for f in &files {
        match workflow::import_file(session, f, &opts) {
            Ok((doc, imported)) => {
                last = Some(doc);
                n += 1;
                let name = f.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                warnings.extend(imported.warnings.into_iter().map(|w| format!("{name}: {w}")));
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    if n == 0 {
        return Err(if warnings.is_empty() { "no transcript files found".into() } else { warnings.join("; ") });
    }
    Ok((last, n, warnings))
}

/// What importing `paths` would do with their speakers: per file, its name and speakers (or the
/// error that would stop it), without writing anything.
pub fn preview_import(
    project: &Project,
    paths: &[PathBuf],
    speakers_as_respondents: bool,
) -> Vec<(String, Result<Vec<workflow::SpeakerPreview>, String>)> {
    let files = match workflow::collect_files(paths) {
        Ok(f) => f,
        Err(e) => return vec![(String::new(), Err(e.to_string()))],
    };
    let opts = ImportOptions { create_speaker_respondents: speakers_as_respondents, ..Default::default() };
    files
        .iter()
        .map(|f| {
            let name = f.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let r = crate::import::import_path(f)
                .map(|imported| workflow::preview_speakers(project, &imported, &opts))
                .map_err(|e| e.to_string());
            (name, r)
        })
        .collect()
}
