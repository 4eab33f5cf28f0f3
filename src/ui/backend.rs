//! The UI's calls into the multi-step workflows (import, search, code-all-hits, codebook files),
//! kept in one file so the GUI and the CLI share one implementation in `crate::workflow`.
//!
//! TEMPORARY: `crate::workflow` is not yet declared in lib.rs (it waits for the `import` module).
//! Until it is, search and codebook import below call the same core pieces directly, and importing
//! transcripts reports that the importer is not available. Replace the bodies with the
//! `crate::workflow` calls noted beside each when the module lands.

use crate::core::actions;
use crate::core::model::{Id, Project};
use crate::session::Session;
use std::path::{Path, PathBuf};

/// Every case-insensitive match of `text` in all documents (`workflow::find_matches` with
/// `Pattern::Phrase { case_sensitive: false, whole_words: false }`).
pub fn find(project: &Project, text: &str) -> Vec<(Id, usize, usize)> {
    let needle = text.trim();
    if needle.is_empty() {
        return vec![];
    }
    let Ok(re) = regex::Regex::new(&format!("(?i){}", regex::escape(needle))) else { return vec![] };
    let mut out = Vec::new();
    for d in project.documents.values() {
        let (mut byte, mut chr) = (0usize, 0usize);
        for m in re.find_iter(&d.text) {
            chr += d.text[byte..m.start()].chars().count();
            let start = chr;
            chr += d.text[m.start()..m.end()].chars().count();
            byte = m.end();
            out.push((d.id, start, chr));
        }
    }
    out
}

/// Codes every hit of `text` with `code` as one undo step (`workflow::code_matches`).
pub fn code_all(session: &mut Session, text: &str, code: Id) -> Result<usize, String> {
    let ranges = find(session.project(), text);
    let edit = actions::code_ranges(session.project(), &ranges, code, session.coder()).map_err(|e| e.to_string())?;
    let n = edit.changes.len();
    session.perform(edit).map_err(|e| e.to_string())?;
    Ok(n)
}

/// Imports transcript files, one undo step each (`workflow::import_file`). Returns the last
/// document, how many were imported, and the importer's warnings.
pub fn import_files(_session: &mut Session, paths: &[PathBuf]) -> Result<(Option<Id>, usize, Vec<String>), String> {
    let _ = paths;
    Err("Importing transcripts is not available in this build yet (the importer is still being merged).".into())
}

/// Loads a codebook file at the top level (`workflow::import_codebook_file`).
pub fn import_codebook(session: &mut Session, path: &Path) -> Result<usize, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let s = String::from_utf8_lossy(&bytes);
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let cb = crate::codebook::parse_auto(&name, &s).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut edit = crate::codebook::insert_into_project(session.project(), None, &cb.codes, true);
    edit.label = format!("Import codebook {name}");
    let n = edit.changes.len();
    session.perform(edit).map_err(|e| e.to_string())?;
    Ok(n)
}
