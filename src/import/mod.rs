//! Transcript import: turns a researcher's file (.txt, .md, .docx, .odt, .rtf, .pdf, subtitles
//! .vtt/.srt) into plain text with
//! `\n` line ends plus detected speaker turns. It exists so that the rest of Werkbank never sees
//! file formats, encodings or hostile archives: bytes in, text out. No SQL, no UI.
//!
//! Everything here must survive untrusted input: files and zip entries are size-capped *while*
//! reading (declared sizes can lie), XML with a DOCTYPE is refused, and any failure is a
//! user-facing [`ImportError`], never a panic.

mod docx;
mod odt;
mod pdf;
mod rtf;
mod speakers;
mod subtitles;
pub mod table;
mod text;
mod xml;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

pub use speakers::{DetectedSpeaker, Detection, Evidence, Role, RoleSource, detect, detect_speakers};

/// Largest file (and largest single zip entry, after decompression) we accept: 64 MiB.
pub const MAX_FILE_BYTES: u64 = crate::input::zip::MAX_ENTRY_BYTES;
/// Most text an import may produce (after decoding, notes, tables): 64 MiB. Checked on the output
/// as it grows, not only on the file, because a small file can expand (a note referenced a
/// thousand times, a compressed part).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Most speaker turns one transcript may have (a two-hour interview has a few hundred; a tag line
/// that repeats the previous speaker continues its turn and does not count).
pub const MAX_TURNS: usize = 100_000;
/// Largest sum of declared (and actually read) entry sizes in one archive: 256 MiB.
pub const MAX_ARCHIVE_TOTAL_BYTES: u64 = crate::input::zip::MAX_TOTAL_BYTES;

use crate::core::lang::Lang;
use crate::core::text::TextDigests;
use crate::output::Format;
/// The formats [`import_path`] and [`import_bytes`] accept: the table's transcript list.
pub use crate::output::TRANSCRIPT_FORMATS as SUPPORTED_FORMATS;

/// The result of an import: the document text and what we noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedText {
    /// The text, with `\n` line ends only (no `\r`, no BOM).
    pub text: String,
    /// Speaker turns found by [`detect_speakers`] in `text`.
    pub turns: Vec<DetectedTurn>,
    /// The speakers of `turns` with their proposed roles, in order of first appearance.
    pub speakers: Vec<DetectedSpeaker>,
    /// Things the user should know (encoding guessed, tracked changes accepted, ...).
    pub warnings: Vec<Warning>,
    /// The digests of `text`, worked out while its speakers are found.
    pub digests: TextDigests,
}

crate::core::lang::string_table! {
    /// What a reader noticed in a transcript, said by the app's import and the command line's in
    /// the reader's language.
    pub enum Notice {
        ReadAsUtf16 => "No byte order mark; the file was read as {0}.", "Geen byte order mark; het bestand is gelezen als {0}.";
        ReadAsWindows1252 =>
            "The file is not valid UTF-8; it was read as Windows-1252 (Western European).",
            "Het bestand is geen geldige UTF-8; het is gelezen als Windows-1252 (West-Europees).";
        BytesReplaced =>
            "Some bytes were not valid {0}; they were replaced by �.",
            "Sommige bytes waren geen geldige {0}; ze zijn vervangen door �.";
        TrackedChanges =>
            "The document contains tracked changes; the imported text shows them accepted.",
            "Het document bevat bijgehouden wijzigingen; de geïmporteerde tekst toont ze geaccepteerd.";
        Comments =>
            "Comments in the document were not imported (only the text).",
            "Opmerkingen in het document zijn niet geïmporteerd (alleen de tekst).";
        NestedTooDeep =>
            "The RTF file nests groups too deeply; the deepest parts were left out.",
            "Het RTF-bestand nest groepen te diep; de diepste delen zijn weggelaten.";
        HiddenText => "Hidden text in the document was left out.", "Verborgen tekst in het document is weggelaten.";
        SymbolFont =>
            "Some symbol-font characters could not be converted and show as �.",
            "Sommige tekens uit een symboollettertype konden niet worden omgezet en staan er als �.";
        MissingNotes =>
            "Some footnote or endnote references point to missing notes.",
            "Sommige verwijzingen naar voet- of eindnoten wijzen naar noten die ontbreken.";
        NoText => "The document contains no text.", "Het document bevat geen tekst.";
        NoLineBreaks =>
            "The text has no line breaks: speaker tags (“I:”, “R3:”) are recognised only at the start of a line, so it was imported with {0} speaker {0:turn|turns}. Put each turn on a line of its own and import it again.",
            "De tekst heeft geen regeleinden: sprekerstags (“I:”, “R3:”) worden alleen aan het begin van een regel herkend, dus is hij geïmporteerd met {0} {0:spreekbeurt|spreekbeurten}. Zet elke beurt op een eigen regel en importeer hem opnieuw.";
        NoTurnsThoughQuestions =>
            "No speaker turns were found, though the text asks questions: a turn starts at a line that begins with a speaker tag (“I:”, “R3:”, “Interviewer:”, a name in bold); speakers told apart only by italics or colour are not recognised. The document was imported as one text.",
            "Er zijn geen spreekbeurten gevonden, hoewel de tekst vragen stelt: een beurt begint bij een regel die met een sprekerstag begint (“I:”, “R3:”, “Interviewer:”, een naam in vet); sprekers die alleen door cursief of kleur te onderscheiden zijn, worden niet herkend. Het document is als één tekst geïmporteerd.";
        // Why a speaker's role was guessed (`RoleSource::Evidence`), one clause each
        AsksQuestions => "asks questions in {0} of {1} turns", "stelt vragen in {0} van {1} beurten";
        SpeaksFirst => "speaks first", "spreekt als eerste";
        ShorterTurns => "shorter turns than the others", "kortere beurten dan de anderen";
        MoreQuestions => "more questions than the others", "meer vragen dan de anderen";
        CharsPerTurn => "about {0} characters per turn", "ongeveer {0} tekens per beurt";
        NumberedLike => "numbered like {0}", "genummerd als {0}";
        PagesWithoutText =>
            "{0} {0:page has|pages have} no text layer (scanned?) and {0:was|were} left out: {0:page|pages} {1}",
            "{0} {0:pagina heeft|pagina's hebben} geen tekstlaag (gescand?) en {0:is|zijn} weggelaten: {0:pagina|pagina's} {1}";
    }
}

/// Something a reader noticed: the sentence of [`Notice`] and the values it names.
pub type Warning = crate::core::lang::Said<Notice>;

/// What the text decoder had to guess, as warnings.
fn decoder_warnings(decoded: &crate::input::text::Decoded) -> Vec<Warning> {
    use crate::input::text::Guess;
    let warning = |g: &Guess| match g {
        Guess::Utf16WithoutBom(enc) => Warning::new(Notice::ReadAsUtf16, &[&enc.name()]),
        Guess::Windows1252 => Notice::ReadAsWindows1252.into(),
        Guess::Replaced(enc) => Warning::new(Notice::BytesReplaced, &[&enc.name()]),
    };
    decoded.guesses.iter().map(warning).collect()
}

/// One speaker turn: `start..end` are character offsets (Unicode scalar values) into the text,
/// end exclusive. `start` is the start of the tag line; `end` is the end of the turn's last
/// non-whitespace character (trailing newlines and blank lines before the next turn are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedTurn {
    pub start: usize,
    pub end: usize,
    /// Normalised tag: "R3", "I", "Interviewer", "Respondent 3", "id1", "I1", "Jan"; one shared
    /// value per speaker, not a copy per turn.
    pub speaker: crate::core::Speaker,
    /// When the turn starts in the recording, in milliseconds, if the transcript says.
    pub start_ms: Option<u64>,
}

/// Why an import failed. The messages are meant to be shown to the user as they are.
#[derive(thiserror::Error, Debug)]
pub enum ImportError {
    #[error("{}", self.say(Lang::En))]
    UnsupportedFormat { ext: String },
    #[error("{what} is too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge { what: String, size: u64, limit: u64 },
    #[error("{}", self.say(Lang::En))]
    TooManyTurns { limit: usize },
    #[error("{}", self.say(Lang::En))]
    CorruptArchive(String),
    #[error("{}", self.say(Lang::En))]
    MissingPart(String),
    #[error("{}", self.say(Lang::En))]
    Xml(String),
    /// Said in the user's words by [`io_reason`]; not a `source` of its own, so that nobody says
    /// "no such file: No such file or directory (os error 2)".
    #[error("{}", io_reason(.0))]
    Io(std::io::Error),
    #[error("{}", self.say(Lang::En))]
    Encoding(String),
    #[error("{}", self.say(Lang::En))]
    Decode(#[from] crate::input::text::DecodeError),
    #[error("{}", self.say(Lang::En))]
    Subtitles(String),
    #[error("{}", self.say(Lang::En))]
    Pdf(String),
    #[error("{}", self.say(Lang::En))]
    Internal(String),
}

crate::core::lang::string_table! {
    /// Why a transcript cannot be imported, in the reader's language; what a reader found wrong
    /// in the file itself follows in its own words.
    pub enum ImportSay {
        Unsupported =>
            "Werkbank cannot import {0}; supported are {1}",
            "Werkbank kan geen {0} importeren; wel {1}";
        WithoutExtension => "files without an extension", "bestanden zonder extensie";
        WithExtension => "“.{0}” files", "“.{0}”-bestanden";
        TooManyTurns =>
            "the transcript has more than {0} speaker turns (the limit is {0}); split it into several documents",
            "het transcript heeft meer dan {0} spreekbeurten (de grens is {0}); verdeel het over meer documenten";
        CorruptArchive => "the file is not a readable document archive: {0}", "het bestand is geen leesbaar documentarchief: {0}";
        MissingPart => "the document is incomplete: {0} is missing", "het document is onvolledig: {0} ontbreekt";
        Xml => "the document's XML cannot be read: {0}", "de XML van het document kan niet worden gelezen: {0}";
        Decode => "the text cannot be decoded: {0}", "de tekst kan niet worden gedecodeerd: {0}";
        Subtitles => "the subtitles cannot be read: {0}", "de ondertitels kunnen niet worden gelezen: {0}";
        Pdf => "the PDF cannot be imported: {0}", "de PDF kan niet worden geïmporteerd: {0}";
        Internal =>
            "internal error while importing (please report this): {0}",
            "interne fout bij het importeren (meld dit alstublieft): {0}";
    }
}

impl ImportError {
    /// The reason in `lang`. A size over a limit, and why a file cannot be read at all, are said
    /// in English (the command line says the latter's common phrases in Dutch itself).
    pub fn say(&self, lang: Lang) -> String {
        match self {
            ImportError::UnsupportedFormat { ext } => {
                ImportSay::Unsupported.fill(lang, &[&files_with(ext, lang), &crate::output::listing(SUPPORTED_FORMATS)])
            }
            ImportError::TooManyTurns { limit } => ImportSay::TooManyTurns.fill(lang, &[limit]),
            ImportError::CorruptArchive(why) => ImportSay::CorruptArchive.fill(lang, &[why]),
            ImportError::MissingPart(part) => ImportSay::MissingPart.fill(lang, &[part]),
            ImportError::Xml(why) => ImportSay::Xml.fill(lang, &[why]),
            ImportError::Encoding(why) => ImportSay::Decode.fill(lang, &[why]),
            ImportError::Decode(e) => ImportSay::Decode.fill(lang, &[e]),
            ImportError::Subtitles(why) => ImportSay::Subtitles.fill(lang, &[why]),
            ImportError::Pdf(why) => ImportSay::Pdf.fill(lang, &[why]),
            ImportError::Internal(why) => ImportSay::Internal.fill(lang, &[why]),
            ImportError::TooLarge { .. } | ImportError::Io(_) => self.to_string(),
        }
    }
}

/// "“.pages” files" (or "files without an extension"), in `lang`: what a reader turns away.
pub(crate) fn files_with(ext: &str, lang: Lang) -> String {
    match ext {
        "" => ImportSay::WithoutExtension.text(lang).to_string(),
        ext => ImportSay::WithExtension.fill(lang, &[&ext]),
    }
}

impl From<std::io::Error> for ImportError {
    fn from(e: std::io::Error) -> Self {
        ImportError::Io(e)
    }
}

/// Why a file cannot be read, in a user's words and once ("no such file", not "cannot be read:
/// the file cannot be read: No such file or directory (os error 2)").
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file".into(),
        K::PermissionDenied => "no permission to read the file".into(),
        K::IsADirectory => "a folder, not a file".into(),
        _ => format!("the file cannot be read ({e})"),
    }
}

/// Imports a file, choosing the reader by its extension. Files over 64 MiB are refused before
/// reading them.
pub fn import_path(path: &Path) -> Result<ImportedText, ImportError> {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = format_of(&file_name)?;
    let bytes = read_capped(path, MAX_FILE_BYTES)?.ok_or_else(|| ImportError::TooLarge {
        what: "the file".into(),
        size: std::fs::metadata(path).map_or(MAX_FILE_BYTES + 1, |m| m.len()),
        limit: MAX_FILE_BYTES,
    })?;
    import_kind(kind, bytes.into())
}

/// Reads a whole file of at most `limit` bytes; `Ok(None)` when it is larger. Refused by its size
/// before reading, and capped while reading (the file may grow in between), so a huge file costs
/// nothing.
pub fn read_capped(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, std::io::Error> {
    let size = std::fs::metadata(path)?.len();
    if size > limit {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Imports file contents; `file_name` only serves to pick the format by its extension.
pub fn import_bytes(file_name: &str, bytes: &[u8]) -> Result<ImportedText, ImportError> {
    let kind = format_of(file_name)?;
    check_file_size(bytes.len() as u64)?;
    import_kind(kind, bytes.into())
}

/// Appends a document's footnotes and endnotes, numbered as their "[n]" markers in the text, after
/// the body: "\n\n[Notes]\n[1] text\n[2] text". Speaker detection ends the last turn at the heading.
pub(crate) fn append_notes(out: &mut String, notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(NOTES_HEADING);
    for (i, note) in notes.iter().enumerate() {
        out.push_str(&format!("\n[{}] {}", i + 1, note));
    }
}

/// The line above a document's notes ([`append_notes`]).
pub(crate) const NOTES_HEADING: &str = "[Notes]";

/// A document package (.docx, .odt, .xlsx, .ods) read through the one safe-zip reader.
pub(crate) type Package<'a> = crate::input::zip::Archive<'a>;

/// Opens a document package with the default limits; `format` (".docx") names it in the
/// messages a user sees for an empty file or an old binary / password-protected Office file.
pub(crate) fn open_package<'a>(bytes: &'a [u8], format: &str) -> Result<Package<'a>, ImportError> {
    use crate::input::zip::{Archive, Limits, ZipError};
    Archive::open_package(bytes, Limits::default(), format).map_err(|e| match e {
        ZipError::Empty => ImportError::CorruptArchive(format!("the {format} file is empty")),
        ZipError::CompoundFile => ImportError::CorruptArchive(format!(
            "this is an old binary Office file or a password-protected document, not a \
             {format} package; open it in your word processor and save it as {format} \
             without a password"
        )),
        other => other.into(),
    })
}

impl From<crate::input::zip::ZipError> for ImportError {
    fn from(e: crate::input::zip::ZipError) -> Self {
        use crate::input::zip::ZipError as Z;
        match e {
            Z::EntryTooLarge { name, size, limit, declared: true } => {
                ImportError::TooLarge { what: format!("the part “{name}” (declared size)"), size, limit }
            }
            Z::EntryTooLarge { name, size, limit, declared: false } => {
                ImportError::TooLarge { what: format!("the unpacked part “{name}”"), size, limit }
            }
            Z::TotalTooLarge { size, limit } => {
                ImportError::TooLarge { what: "the unpacked archive (declared size)".into(), size, limit }
            }
            Z::Ratio { ref name, limit, .. } => {
                ImportError::TooLarge { what: format!("the unpacked part “{name}” ({e})"), size: limit + 1, limit }
            }
            other => ImportError::CorruptArchive(other.to_string()),
        }
    }
}

fn check_file_size(size: u64) -> Result<(), ImportError> {
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { what: "the file".into(), size, limit: MAX_FILE_BYTES });
    }
    Ok(())
}

/// Refuses produced text beyond [`MAX_TEXT_BYTES`].
pub(crate) fn check_text_size(bytes: usize) -> Result<(), ImportError> {
    if bytes > MAX_TEXT_BYTES {
        return Err(ImportError::TooLarge {
            what: "the imported text".into(),
            size: bytes as u64,
            limit: MAX_TEXT_BYTES as u64,
        });
    }
    Ok(())
}

/// The transcript format a file name's extension names ([`SUPPORTED_FORMATS`]).
fn format_of(file_name: &str) -> Result<Format, ImportError> {
    Format::of_path_in(file_name, SUPPORTED_FORMATS).ok_or_else(|| ImportError::UnsupportedFormat {
        ext: Path::new(file_name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default(),
    })
}

/// `bytes` are taken, not borrowed, where the caller gives them up (a file just read): a UTF-8
/// transcript then becomes its text without a copy (see [`crate::input::text::decode_owned`]).
fn import_kind(kind: Format, bytes: std::borrow::Cow<[u8]>) -> Result<ImportedText, ImportError> {
    // The digests take half as long as finding the speakers (0.65 against 0.95 ms for a million
    // characters), on a second core beside it. That thread starts before the text is read: one
    // started only once the text is there often waited for a core until the speakers were found
    // (import of a 1M-character .txt on a 2-core machine: median 2.36 ms, started early 1.8).
    let (give_text, text_to_digest) = std::sync::mpsc::sync_channel::<Arc<String>>(1);
    // Where no thread can be started, the digests are worked out here after the speakers.
    let digester = std::thread::Builder::new()
        .name("digests".into())
        .spawn(move || text_to_digest.recv().ok().map(|text| TextDigests::of(&text)))
        .ok();
    // Defence in depth: a panic in a dependency on hostile input becomes an error, not a crash.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || -> Result<_, ImportError> {
        // Subtitles say who speaks in their structure: their turns are not guessed from the text.
        let subtitles =
            |flavour| subtitles::import_subtitles(&bytes, flavour).map(|r| (r.text, r.warnings, Some(r.turns)));
        Ok(match kind {
            Format::Vtt => subtitles(subtitles::Flavour::WebVtt)?,
            Format::Srt => subtitles(subtitles::Flavour::SubRip)?,
            Format::Txt => with_no_turns(text::import_txt(bytes)?),
            Format::Md => with_no_turns(text::import_md(bytes)?),
            Format::Docx => with_no_turns(docx::import_docx(&bytes)?),
            Format::Odt => with_no_turns(odt::import_odt(&bytes)?),
            Format::Rtf => with_no_turns(rtf::import_rtf(&bytes)?),
            Format::Pdf => with_no_turns(pdf::import_pdf(&bytes)?),
            other => return Err(ImportError::UnsupportedFormat { ext: other.extension().to_string() }),
        })
    }));
    let (text, mut warnings, turns) = match result {
        Ok(r) => r?,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            return Err(ImportError::Internal(msg));
        }
    };
    check_text_size(text.len())?;
    let text = crate::core::text::normalize_newlines_owned(text);
    if text.trim().is_empty() {
        warnings.push(Notice::NoText.into());
    }
    // A document laid out as subtitle cues (Teams' older transcript download) is read as cues.
    let (text, turns) = match turns {
        None if subtitles::is_cue_layout(&text) => {
            let cues = subtitles::import_cue_document(&text)?;
            (cues.text, Some(cues.turns))
        }
        turns => (text, turns),
    };
    let text = Arc::new(text);
    if digester.is_some() {
        let _ = give_text.send(text.clone());
    }
    let detection = match turns {
        Some(turns) => speakers::with_roles(&text, turns),
        None => detect(&text),
    };
    let digests = match digester {
        Some(thread) => thread.join().ok().flatten(),
        None => Some(TextDigests::of(&text)),
    };
    let digests = digests.ok_or_else(|| ImportError::Internal("the text could not be fingerprinted".into()))?;
    // The digester let go of the text when it finished: no copy is made here.
    let text = Arc::try_unwrap(text).unwrap_or_else(|shared| shared.to_string());
    let Detection { turns, speakers, too_many_turns } = detection;
    if too_many_turns {
        return Err(ImportError::TooManyTurns { limit: MAX_TURNS });
    }
    warnings.extend(turn_warning(&text, &turns));
    Ok(ImportedText { text, turns, speakers, warnings, digests })
}

/// Paragraphs a text must have, of which one in five a question, before missing speaker tags
/// are worth a warning: it then reads as an interview (an essay or a form has none).
const LINES_OF_A_TRANSCRIPT: usize = 3;
/// Characters on one line beyond which a text without line breaks is a transcript run together.
const ONE_LINE_CHARS: usize = 1000;

/// Says why a transcript has no speaker turns, or too few, where the user could not tell from the
/// text: tags are read at line starts only, so a text run together on one line, or an interview
/// whose speakers are told apart by italics or colour, give none.
fn turn_warning(text: &str, turns: &[DetectedTurn]) -> Option<Warning> {
    let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut first_two = lines();
    if first_two.next().is_some() && first_two.next().is_none() && text.trim().chars().count() > ONE_LINE_CHARS {
        return Some(Warning::new(Notice::NoLineBreaks, &[&turns.len()]));
    }
    // Only a transcript without turns is read through for its questions.
    if !turns.is_empty() {
        return None;
    }
    let (lines, questions) = lines().fold((0, 0), |(n, q), l| (n + 1, q + usize::from(l.ends_with(['?', '？', '؟']))));
    (lines >= LINES_OF_A_TRANSCRIPT && questions >= 2 && questions * 5 >= lines)
        .then(|| Notice::NoTurnsThoughQuestions.into())
}

/// A reader's text and warnings, its turns still to be detected.
fn with_no_turns((text, warnings): (String, Vec<Warning>)) -> (String, Vec<Warning>, Option<Vec<DetectedTurn>>) {
    (text, warnings, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_import_notice_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(Notice::ALL, Notice::text);
        assert!(problems.is_empty(), "{problems:#?}");
        let problems = crate::core::lang::check_table(ImportSay::ALL, ImportSay::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
