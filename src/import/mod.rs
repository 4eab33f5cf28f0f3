//! Transcript import: bytes in, plain text with `\n` line ends and detected speaker turns out.
//!
//! Transcripts arrive as Word, OpenDocument, plain text in whatever encoding the transcription
//! tool used, or Markdown. Every reader here is bounded (file size, decompressed size, no DTDs), so
//! a corrupt or hostile file yields an [`ImportError`] quickly instead of a panic or an exhausted
//! machine. Pure: no SQL, no egui.

mod docx;
mod odt;
mod speakers;
mod txt;
mod xml;
mod zipsafe;

pub use speakers::detect_speakers;

use std::path::Path;
use thiserror::Error;

/// Files larger than this are refused before reading (a transcript is rarely over 2 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub const SUPPORTED_EXTENSIONS: &[&str] = &["docx", "odt", "txt", "md"];

/// A transcript ready to become a document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportedText {
    /// The text, `\n` line ends only.
    pub text: String,
    pub turns: Vec<DetectedTurn>,
    /// Things the researcher should know (e.g. "decoded as Windows-1252").
    pub warnings: Vec<String>,
}

/// A speaker turn: from the start of the tagged line up to the next turn (trailing line breaks
/// excluded). Offsets are characters (Unicode scalar values), end exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedTurn {
    pub start: usize,
    pub end: usize,
    /// The tag as normalised: `R3`, `I`, `Interviewer`, `id1`, `I1`.
    pub speaker: String,
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("'.{ext}' files cannot be imported; use .docx, .odt, .txt or .md")]
    UnsupportedFormat { ext: String },
    #[error("the file is too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is not a valid {format} document: {detail}")]
    CorruptArchive { format: &'static str, detail: String },
    #[error("the document has no {0}; it may be damaged or not a {1} file")]
    MissingPart(String, &'static str),
    #[error("the document's XML is damaged: {0}")]
    Xml(String),
    #[error("the document declares a DTD or entities, which Werkbank refuses for safety")]
    Doctype,
    #[error("this does not look like a text file ({0})")]
    NotText(String),
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads and imports a transcript by extension. Files over [`MAX_FILE_BYTES`] are refused
/// before reading.
pub fn import_path(path: &Path) -> Result<ImportedText, ImportError> {
    let ext = extension(&path.to_string_lossy());
    if !SUPPORTED_EXTENSIONS.contains(&ext.as_str()) {
        return Err(ImportError::UnsupportedFormat { ext });
    }
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { size, limit: MAX_FILE_BYTES });
    }
    let bytes = std::fs::read(path)?;
    import_bytes(&path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), &bytes)
}

fn extension(name: &str) -> String {
    Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Imports a transcript from memory; the format follows the file name's extension.
pub fn import_bytes(file_name: &str, bytes: &[u8]) -> Result<ImportedText, ImportError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { size: bytes.len() as u64, limit: MAX_FILE_BYTES });
    }
    let (text, mut warnings) = match extension(file_name).as_str() {
        "docx" => (docx::extract(bytes)?, vec![]),
        "odt" => (odt::extract(bytes)?, vec![]),
        "txt" => txt::decode(bytes)?,
        "md" => {
            let (t, w) = txt::decode(bytes)?;
            (txt::strip_markdown(&t), w)
        }
        ext => return Err(ImportError::UnsupportedFormat { ext: ext.to_string() }),
    };
    let text = tidy(&text);
    if text.trim().is_empty() {
        warnings.push("the document contains no text".into());
    }
    let turns = detect_speakers(&text);
    Ok(ImportedText { text, turns, warnings })
}

/// Normalises line ends, trims trailing spaces, leading and trailing blank lines, and collapses
/// runs of blank lines (layout, not content) to one.
fn tidy(text: &str) -> String {
    let t = crate::core::text::normalize_newlines(text);
    let mut out = String::with_capacity(t.len());
    let mut blank_run = 0;
    for line in t.lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}
