//! Every file Werkbank writes goes through here, so no writer can clobber, half-write or
//! mis-format a file.
//!
//! Months of coding live in one project file, and thesis students type output names by hand
//! (`werkbank codebook export thesis.werkbank thesis.werkbank` once destroyed a project). So:
//! - a file is written to a temporary file in the target folder, flushed to disk (fsync) and only
//!   then renamed into place: a crash, a full disk or a killed process leaves the old file (or
//!   nothing), never a partial one;
//! - a writer refuses to write over a Werkbank project file (any SQLite database: no Werkbank
//!   output is one), over the project being read or its side files (`-wal`, `-shm`, `.lock`),
//!   and over a folder;
//! - the file format follows the extension through one dispatch ([`format_of`]), which refuses
//!   an extension the writer does not write and names the ones it does.
//!
//! Project files themselves (new projects, hand-outs, pseudonymised copies, backups) are built
//! by SQLite at a [`Staged`] temporary path and moved into place with [`Staged::commit`], which
//! never replaces an existing file.
//!
//! The temporary-file and no-clobber rename come from the `tempfile` crate (`persist`,
//! `persist_noclobber` do the right thing on Windows and Unix); only the checks are our own.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use thiserror::Error;

/// The first 16 bytes of every SQLite database, so of every Werkbank project file.
pub const PROJECT_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, Error)]
pub enum OutputError {
    #[error(
        "{0} is a Werkbank project file (or another database); Werkbank never writes over one: choose another file name"
    )]
    ProjectFile(PathBuf),
    #[error("{0} belongs to the project being read; choose another file name")]
    OpenProject(PathBuf),
    #[error("{0} already exists; choose another name")]
    Exists(PathBuf),
    #[error("{0} is a folder; give a file name")]
    IsFolder(PathBuf),
    #[error("the folder {0} does not exist")]
    NoFolder(PathBuf),
    #[error("{what} cannot be written as '{ext}'; use {supported}")]
    Unsupported { what: String, ext: String, supported: String },
    #[error("cannot write {}: {}", path.display(), describe_io(source))]
    Io { path: PathBuf, source: std::io::Error },
    /// The user cancelled the work before the file was put in place: nothing was written.
    #[error("cancelled: {} was not written", .0.display())]
    Cancelled(PathBuf),
}

impl OutputError {
    fn io(path: &Path, source: std::io::Error) -> OutputError {
        OutputError::Io { path: path.to_path_buf(), source }
    }
}

/// A plain-language reason for a failed file operation: read-only folder, full disk, missing file.
pub fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            "the file or folder is read-only (no permission to write)".into()
        }
        K::StorageFull | K::QuotaExceeded => "the disk is full".into(),
        K::NotFound => "the file or folder does not exist".into(),
        K::FileTooLarge => "the file is too large for this disk".into(),
        _ => e.to_string(),
    }
}

/// A file format Werkbank reads or writes, named by its extension: the one table of formats.
/// Which purpose takes which formats is said by the lists below ([`TRANSCRIPT_FORMATS`],
/// [`TABLE_FORMATS`], [`REPORT_FORMATS`], …); readers, writers, the app's file dialogs and the
/// messages that name "the ones that work" all take them from here, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Odt,
    Rtf,
    Pdf,
    Html,
    Xlsx,
    Ods,
    Csv,
    Tsv,
    Txt,
    Md,
    Json,
    Svg,
    Png,
    Qdpx,
    Qdc,
    Werkbank,
    Vtt,
    Srt,
}

impl Format {
    pub const ALL: [Format; 19] = [
        Format::Docx,
        Format::Odt,
        Format::Rtf,
        Format::Pdf,
        Format::Html,
        Format::Xlsx,
        Format::Ods,
        Format::Csv,
        Format::Tsv,
        Format::Txt,
        Format::Md,
        Format::Json,
        Format::Svg,
        Format::Png,
        Format::Qdpx,
        Format::Qdc,
        Format::Werkbank,
        Format::Vtt,
        Format::Srt,
    ];

    /// The extension, lower case, without dot.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Json => "json",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
            Format::Werkbank => "werkbank",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
        }
    }

    /// The format an extension (without dot, any case; `htm` is HTML) names.
    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        if ext == "htm" {
            return Some(Format::Html);
        }
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }

    /// The format a path's (or a bare file name's) extension names, if any.
    pub fn of_path(path: impl AsRef<Path>) -> Option<Format> {
        path.as_ref().extension().and_then(|e| e.to_str()).and_then(Format::from_extension)
    }

    /// The format `path`'s extension names if it is one of `formats`.
    pub fn of_path_in(path: impl AsRef<Path>, formats: &[Format]) -> Option<Format> {
        Format::of_path(path).filter(|f| formats.contains(f))
    }
}

/// The extensions of `formats`, in order, without dots (for file dialogs and folder scans).
pub fn extensions(formats: &[Format]) -> Vec<&'static str> {
    formats.iter().map(|f| f.extension()).collect()
}

/// `formats` as the messages name them: `.docx, .html, .xlsx`.
pub fn listing(formats: &[Format]) -> String {
    formats.iter().map(|f| format!(".{}", f.extension())).collect::<Vec<_>>().join(", ")
}

/// The extension of `path` as a message names it: `.xyz`, or "a file without extension".
pub fn named_extension(path: impl AsRef<Path>) -> String {
    match path.as_ref().extension().map(|e| e.to_string_lossy()) {
        Some(e) if !e.is_empty() => format!(".{e}"),
        _ => "a file without extension".into(),
    }
}

/// Read: the transcripts the import takes (and chapters the citation check reads), subtitles
/// (WebVTT, SubRip) as Zoom, Teams, Otter, Whisper and YouTube export them included.
pub const TRANSCRIPT_FORMATS: &[Format] =
    &[Format::Txt, Format::Md, Format::Docx, Format::Odt, Format::Rtf, Format::Pdf, Format::Vtt, Format::Srt];
/// Read: tables of respondents and survey answers (a `.txt` is read as delimited text).
pub const TABLE_FORMATS: &[Format] = &[Format::Csv, Format::Tsv, Format::Txt, Format::Xlsx, Format::Ods];
/// Read: codebooks, as JSON or as an outline in text (Markdown is an outline too).
pub const CODEBOOK_FORMATS: &[Format] = &[Format::Json, Format::Txt, Format::Md];
/// Written: the code tree (`codebook export`, the app's Codebook export): a codebook file that
/// reads back ([`CODEBOOK_FORMATS`]), a Word/web/Markdown tree or a table.
pub const CODE_TREE_FORMATS: &[Format] =
    &[Format::Json, Format::Txt, Format::Md, Format::Docx, Format::Html, Format::Xlsx, Format::Csv];
/// Written: reports, tables and agreement reports.
pub const REPORT_FORMATS: &[Format] = &[Format::Docx, Format::Html, Format::Xlsx, Format::Csv, Format::Md, Format::Txt];
/// Written: charts.
pub const CHART_FORMATS: &[Format] = &[Format::Svg, Format::Png];
/// Read and written: REFI-QDA exchange, a whole project (.qdpx) or its codebook (.qdc).
pub const REFI_FORMATS: &[Format] = &[Format::Qdpx, Format::Qdc];
/// Read and written: project files (new projects, hand-outs, pseudonymised copies, merges).
pub const PROJECT_FORMATS: &[Format] = &[Format::Werkbank];

/// The format `path`'s extension names, if `what` can be written in it; otherwise an error that
/// names the extensions it can be written as.
pub fn format_of(path: &Path, what: &str, allowed: &[Format]) -> Result<Format, OutputError> {
    Format::of_path_in(path, allowed).ok_or_else(|| OutputError::Unsupported {
        what: what.to_string(),
        ext: named_extension(path),
        supported: listing(allowed),
    })
}

/// Project files open in this process (canonical paths), which no writer may touch.
static OPEN_PROJECTS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Keeps a project path protected from writers while it lives (the store holds one per open
/// project, read-only or not).
#[derive(Debug)]
pub struct Protected(PathBuf);

/// Marks `project` as being read: until the returned guard is dropped, no writer writes over it
/// or its side files.
pub fn protect(project: &Path) -> Protected {
    let p = canonical(project);
    OPEN_PROJECTS.lock().unwrap_or_else(|e| e.into_inner()).push(p.clone());
    Protected(p)
}

impl Drop for Protected {
    fn drop(&mut self) {
        let mut open = OPEN_PROJECTS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = open.iter().position(|p| *p == self.0) {
            open.remove(i);
        }
    }
}

/// The canonical form of `path`, also for a file that does not exist yet (its folder is resolved).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(c) = path.canonicalize() {
        return c;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
            dir.canonicalize().map(|d| d.join(name)).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Whether `target` is an open project or one of its side files.
fn belongs_to_open_project(target: &Path) -> bool {
    let target = canonical(target);
    let open = OPEN_PROJECTS.lock().unwrap_or_else(|e| e.into_inner());
    open.iter().any(|p| {
        target == *p
            || ["-wal", "-shm", "-journal", ".lock"].iter().any(|side| {
                let mut s = p.as_os_str().to_owned();
                s.push(side);
                target == Path::new(&s)
            })
    })
}

/// Whether the file at `path` starts with the SQLite header (every Werkbank project does).
pub fn is_project_file(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == PROJECT_HEADER
}

/// The folder `path` lives in ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The checks every writer makes before writing `path`.
fn check_target(path: &Path) -> Result<(), OutputError> {
    if path.file_name().is_none() {
        return Err(OutputError::IsFolder(path.to_path_buf()));
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        return Err(OutputError::NoFolder(dir.to_path_buf()));
    }
    if belongs_to_open_project(path) {
        return Err(OutputError::OpenProject(path.to_path_buf()));
    }
    if path.is_dir() {
        return Err(OutputError::IsFolder(path.to_path_buf()));
    }
    if is_project_file(path) {
        return Err(OutputError::ProjectFile(path.to_path_buf()));
    }
    Ok(())
}

/// A temporary file in the same folder as `dest`; hidden, and named so no listing takes it for
/// a real file. Removed when dropped unless committed.
fn temp_beside(dest: &Path) -> Result<tempfile::NamedTempFile, OutputError> {
    tempfile::Builder::new()
        .prefix(".werkbank-")
        .suffix(".partial")
        .tempfile_in(folder_of(dest))
        .map_err(|e| OutputError::io(dest, e))
}

/// Makes a rename durable: the folder entry itself is flushed (Unix; Windows has no such call).
fn sync_folder(dest: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(folder_of(dest)) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dest;
}

thread_local! {
    /// Asked right before a finished file is renamed into place (see [`with_commit_gate`]).
    static COMMIT_GATE: std::cell::RefCell<Option<Box<dyn Fn() -> bool>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `work` (on a worker thread of the app) with `gate` asked right before any file it writes
/// is renamed into place: when `gate` says no (the user cancelled), the temporary file is removed
/// and the writer returns [`OutputError::Cancelled`], so a cancelled export leaves no file, not
/// even a complete one. A thread-local hook rather than a parameter, so that every writer (report,
/// codebook, REFI, hand-out) is cancellable without passing a flag through each of them.
pub fn with_commit_gate<T>(gate: impl Fn() -> bool + 'static, work: impl FnOnce() -> T) -> T {
    struct Reset(Option<Box<dyn Fn() -> bool>>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let before = self.0.take();
            COMMIT_GATE.with(|g| *g.borrow_mut() = before);
        }
    }
    let before = COMMIT_GATE.with(|g| g.borrow_mut().replace(Box::new(gate)));
    let _reset = Reset(before);
    work()
}

/// Whether the file at `dest` may be put in place now.
fn pass_gate(dest: &Path) -> Result<(), OutputError> {
    let open = COMMIT_GATE.with(|g| g.borrow().as_ref().is_none_or(|gate| gate()));
    if open { Ok(()) } else { Err(OutputError::Cancelled(dest.to_path_buf())) }
}

/// Writes a file through `write`: into a temporary file beside `path`, flushed to disk, then
/// renamed over `path` only when complete. Replaces an earlier export at `path`, but never a
/// project file, the project being read or a folder. On any error nothing at `path` changes.
pub fn write_output(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    check_target(path)?;
    let tmp = temp_beside(path)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        write(&mut w).map_err(|e| OutputError::io(path, e))?;
        w.flush().map_err(|e| OutputError::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| OutputError::io(path, e))?;
    // Checked again right before the rename: the file may have appeared meanwhile.
    check_target(path)?;
    pass_gate(path)?;
    tmp.persist(path).map_err(|e| OutputError::io(path, e.error))?;
    sync_folder(path);
    Ok(())
}

/// [`write_output`] for bytes already in memory.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_output(path, |w| w.write_all(bytes))
}

/// A new file being built at a temporary path beside its destination (by SQLite, which needs a
/// path rather than a writer). Dropping it removes the temporary file: a failed attempt leaves
/// nothing behind, and a retry starts clean.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::TempPath,
    dest: PathBuf,
}

/// Prepares to create `dest`, which must not exist yet (nor be the project being read).
pub fn stage_new(dest: &Path) -> Result<Staged, OutputError> {
    if dest.exists() {
        return Err(OutputError::Exists(dest.to_path_buf()));
    }
    check_target(dest)?;
    let tmp = temp_beside(dest)?;
    // SQLite creates its database in an empty file just as in a missing one.
    Ok(Staged { tmp: tmp.into_temp_path(), dest: dest.to_path_buf() })
}

impl Staged {
    /// Where to build the file.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Flushes the finished file to disk and moves it to its destination, unless a file appeared
    /// there meanwhile (then the temporary file is removed and nothing is replaced).
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let dest = self.dest;
        std::fs::File::open(&self.tmp).and_then(|f| f.sync_all()).map_err(|e| OutputError::io(&dest, e))?;
        pass_gate(&dest)?;
        match self.tmp.persist_noclobber(&dest) {
            Ok(()) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => return Err(OutputError::Exists(dest)),
            Err(e) => return Err(OutputError::io(&dest, e.error)),
        }
        sync_folder(&dest);
        Ok(dest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_replaces_an_earlier_export_but_never_a_project_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("table.csv");
        write_bytes(&out, b"first").unwrap();
        write_bytes(&out, b"second").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"second");

        let project = dir.path().join("thesis.csv");
        std::fs::write(&project, [&PROJECT_HEADER[..], b"rest of a database"].concat()).unwrap();
        let e = write_bytes(&project, b"oops").unwrap_err();
        assert!(matches!(e, OutputError::ProjectFile(_)), "{e}");
        assert!(std::fs::read(&project).unwrap().starts_with(PROJECT_HEADER));
    }

    #[test]
    fn a_failed_writer_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("table.csv");
        write_bytes(&out, b"good").unwrap();
        let e = write_output(&out, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk gone"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("disk gone"), "{e}");
        assert_eq!(std::fs::read(&out).unwrap(), b"good");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left behind");
    }

    #[test]
    fn the_project_being_read_and_its_side_files_are_protected() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.werkbank");
        std::fs::write(&project, b"").unwrap();
        let guard = protect(&project);
        for name in ["p.werkbank", "p.werkbank-wal", "p.werkbank.lock"] {
            let e = write_bytes(&dir.path().join(name), b"x").unwrap_err();
            assert!(matches!(e, OutputError::OpenProject(_)), "{name}: {e}");
        }
        drop(guard);
        write_bytes(&dir.path().join("p.werkbank-wal"), b"x").unwrap();
    }

    #[test]
    fn every_format_reads_back_from_its_extension_in_any_case() {
        for f in Format::ALL {
            assert_eq!(Format::from_extension(f.extension()), Some(f));
            assert_eq!(Format::of_path(format!("Thesis.{}", f.extension().to_uppercase())), Some(f));
        }
        assert_eq!(Format::of_path("page.HTM"), Some(Format::Html));
        assert_eq!(Format::of_path("README"), None);
        assert_eq!(Format::of_path_in("codes.QDC", REFI_FORMATS), Some(Format::Qdc));
        assert_eq!(Format::of_path_in("codes.qdc", REPORT_FORMATS), None);
        assert_eq!(named_extension("x"), "a file without extension");
    }

    /// The one table is what every message and every file dialog says: for each purpose, the
    /// refusal of a wrong file names exactly its list, and the app's dialog filters on it.
    #[test]
    fn each_list_of_formats_is_what_the_messages_and_dialogs_say() {
        use crate::ui::FilePurpose as P;
        let project = crate::core::Project::default();
        let filter = crate::core::analysis::Filter::default();
        let options = crate::export::options::ReportOptions::new(crate::core::Lang::En);
        let dir = tempfile::tempdir().unwrap();
        let wrong = dir.path().join("wrong.zip");

        let transcripts = crate::import::import_bytes("photo.jpg", b"").unwrap_err().to_string();
        assert!(transcripts.ends_with(&format!("supported are {}", listing(TRANSCRIPT_FORMATS))), "{transcripts}");
        assert_eq!(listing(TRANSCRIPT_FORMATS), ".txt, .md, .docx, .odt, .rtf, .pdf, .vtt, .srt");

        let tables =
            crate::import::table::read_table_bytes("answers.sav", b"x", Default::default()).unwrap_err().to_string();
        assert!(tables.contains(&format!("read from {} files", listing(TABLE_FORMATS))), "{tables}");
        assert_eq!(listing(TABLE_FORMATS), ".csv, .tsv, .txt, .xlsx, .ods");

        let csv = crate::export::csv::CsvOptions::standard();
        let report = crate::export::report::Report::Frequencies;
        let reports = crate::export::report::write(&project, &report, &filter, &options, csv, &wrong).unwrap_err();
        assert!(reports.to_string().ends_with(&format!("use {}", listing(REPORT_FORMATS))), "{reports}");
        let chart = crate::export::report::Report::BarChart;
        let charts = crate::export::report::write(&project, &chart, &filter, &options, csv, &wrong).unwrap_err();
        assert_eq!(charts.to_string(), "a chart cannot be written as '.zip'; use .svg, .png");

        let tree = crate::workflow::write_code_tree(&project, &filter, &options, None, &wrong).unwrap_err();
        assert!(tree.to_string().ends_with(&format!("use {}", listing(CODE_TREE_FORMATS))), "{tree}");
        assert!(CODEBOOK_FORMATS.iter().all(|f| CODE_TREE_FORMATS.contains(f)), "a codebook written reads back");

        let refi = crate::exchange::export_refi(&project, &wrong, crate::core::Lang::En).unwrap_err().to_string();
        assert!(refi.ends_with("use .qdpx, .qdc"), "{refi}");
        assert!(!wrong.exists());

        let filters = |p: P| -> Vec<&str> { p.filters().into_iter().flat_map(|(_, e)| e).collect() };
        assert_eq!(filters(P::ImportFiles), extensions(TRANSCRIPT_FORMATS));
        assert_eq!(filters(P::CheckChapter), extensions(TRANSCRIPT_FORMATS));
        assert_eq!(filters(P::ImportRespondentTable), extensions(TABLE_FORMATS));
        assert_eq!(filters(P::ImportSurveyTable), extensions(TABLE_FORMATS));
        assert_eq!(filters(P::ImportCodebook), extensions(CODEBOOK_FORMATS));
        assert_eq!(filters(P::ExportCodebook), extensions(CODE_TREE_FORMATS));
        let reports_and_charts: Vec<Format> = REPORT_FORMATS.iter().chain(CHART_FORMATS).copied().collect();
        assert_eq!(filters(P::ExportReport(crate::ui::commands::Scope::Appendix)), extensions(&reports_and_charts));
        assert_eq!(filters(P::ImportRefi), extensions(REFI_FORMATS));
        assert_eq!(filters(P::ExportRefi), extensions(REFI_FORMATS));
        for p in [P::OpenProject, P::NewProject, P::MergeProject, P::Handout, P::SaveProjectCopy, P::PseudonymisedCopy]
        {
            assert_eq!(filters(p), ["werkbank"]);
        }
    }

    #[test]
    fn an_unsupported_extension_is_refused_naming_the_ones_that_work() {
        let e = format_of(Path::new("x.pdf"), "a report", REPORT_FORMATS).unwrap_err().to_string();
        assert_eq!(e, "a report cannot be written as '.pdf'; use .docx, .html, .xlsx, .csv, .md, .txt");
        assert_eq!(format_of(Path::new("X.HTM"), "a report", REPORT_FORMATS).unwrap(), Format::Html);
        assert!(format_of(Path::new("noext"), "a chart", CHART_FORMATS).is_err());
    }

    #[test]
    fn a_staged_file_never_replaces_one_that_appeared_and_leaves_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("new.werkbank");
        let staged = stage_new(&dest).unwrap();
        std::fs::write(staged.path(), b"built").unwrap();
        std::fs::write(&dest, b"someone else's").unwrap();
        assert!(matches!(staged.commit(), Err(OutputError::Exists(_))));
        assert_eq!(std::fs::read(&dest).unwrap(), b"someone else's");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        let dest2 = dir.path().join("other.werkbank");
        drop(stage_new(&dest2).unwrap());
        assert!(!dest2.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "an abandoned attempt left a file");
    }
}
