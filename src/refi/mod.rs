//! REFI-QDA exchange: import and export of `.qdpx` projects and `.qdc` codebooks, so researchers
//! can move their coding between Werkbank and NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette.
//!
//! Import never writes to the project: it returns one [`Edit`] of inserts (fresh ids from
//! `project.last_id + 1`) that the caller applies, plus a report of what was taken over, merged,
//! skipped or guessed. Existing entities are reused rather than duplicated: codes by path, coders
//! by name, cases by label, documents by text hash, attributes by name, identical codings.
//!
//! Positions: Werkbank stores character offsets (code points) over text with `\n` line ends.
//! Imported positions are mapped from the original text (BOM dropped, CRLF kept) to the
//! normalised one, and from UTF-16 code units when the file uses them (see [`offsets`] for the
//! detection rule). Exports always use code points over UTF-8 `\n` text.
//!
//! Lossy or skipped: PDF, picture, audio and video sources (reported), code kinds and sibling
//! positions beyond their order, case aliases, speaker turns, REFI graphs, code sets, document
//! variables; sources without plain text are reported as skipped.

mod archive;
mod export;
pub mod guid;
mod import;
pub mod offsets;
mod xml;

pub use archive::Limits;
pub use export::{export_qdc, export_qdpx};
pub use import::{import_qdc, import_qdc_with, import_qdpx, import_qdpx_with};

use crate::core::Edit;

/// The result of reading a REFI-QDA file: the edit to apply and what happened.
#[derive(Debug, Clone)]
pub struct RefiImport {
    /// One edit, labelled "Import <file>", of `Change::Insert` only.
    pub edit: Edit,
    pub report: ImportReport,
}

/// What an import took over. Counts are of things in the file that are now represented in the
/// project, whether newly inserted or matched to something already there (see `warnings`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Text sources imported as (or matched to) documents.
    pub sources: usize,
    pub codes: usize,
    pub codings: usize,
    pub cases: usize,
    /// Memos created from REFI notes.
    pub memos: usize,
    /// Things not imported at all, e.g. "PDF source 'x.pdf' skipped".
    pub skipped: Vec<String>,
    /// Things imported with a change or a guess, and merges with existing data.
    pub warnings: Vec<String>,
    /// Whether the selection positions were read as UTF-16 code units (NVivo for Mac).
    pub utf16_offsets_detected: bool,
}

/// Options for [`import_qdpx_with`] and [`import_qdc_with`].
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The file's name, for the edit label, the fallback coder and `Document::source_name`.
    pub file_name: Option<String>,
    pub limits: Limits,
}

/// Whether `path` names a REFI-QDA exchange file (.qdpx project or .qdc codebook).
pub fn is_exchange_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx") || e.eq_ignore_ascii_case("qdc"))
}

#[derive(thiserror::Error, Debug)]
pub enum RefiError {
    #[error("not a readable zip archive: {0}")]
    Zip(String),
    #[error("refusing the archive: entry '{0}' has an unsafe path (absolute or leading outside the archive)")]
    UnsafePath(String),
    #[error("refusing to import: {0}")]
    TooLarge(String),
    #[error("the archive contains no project.qde (nor any other .qde file)")]
    NoProjectFile,
    #[error("{0}: DOCTYPE declarations are refused (they can pull in external entities)")]
    Doctype(String),
    #[error("undefined or external entity {0}: only the predefined XML entities are accepted")]
    Entity(String),
    #[error("{0}")]
    Xml(String),
    #[error("not a REFI-QDA file: {0}")]
    Format(String),
    #[error("nothing to export: {0}")]
    Nothing(String),
    #[error("could not write the archive: {0}")]
    Write(String),
}
