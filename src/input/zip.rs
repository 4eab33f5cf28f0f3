//! The one safe-zip reader, for every archive Werkbank opens: Word and OpenDocument packages
//! (.docx, .odt), spreadsheets (.xlsx, .ods) and REFI-QDA projects (.qdpx). An archive comes from
//! someone else's computer, so a zip bomb or a lying central directory must cost milliseconds and
//! a few MiB, not gigabytes:
//!
//! - at most [`Limits::max_entries`] entries, and no entry name that is absolute, has a drive
//!   letter, a NUL or a `..` segment (nothing is ever extracted to disk, but such a name is a
//!   crafted file, and refusing it keeps every reader honest);
//! - each entry at most [`Limits::max_entry_bytes`] and everything read together at most
//!   [`Limits::max_total_bytes`], checked against the declared size before inflating *and*
//!   enforced while inflating, because declared sizes can lie;
//! - an entry may not inflate to more than [`Limits::max_ratio`] times its compressed size (beyond
//!   a first MiB). Honest deflate cannot exceed about 1032:1, so the default only stops streams no
//!   honest writer produces; a caller that knows its entries can ask for less.
//!
//! The two readers this replaces differed: the document reader refused by declared size up front
//! but had no entry-count or name checks; the REFI reader checked names and counts but only the
//! entries it read. The stricter of each is kept: every archive gets the count and name checks;
//! [`Archive::open_package`] (documents, whose every part may be read) still refuses by declared
//! sizes up front, while [`Archive::open`] (a project that may carry audio or video it never
//! reads) checks each entry when it is read.
//!
//! The `zip` crate (maintained, MIT) does the unpacking; only the limits are ours.

use std::io::{Cursor, Read};

/// Largest decompressed entry: 64 MiB (a 600-page transcript is ~2 MB).
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Largest sum of entry sizes, declared and actually read: 256 MiB.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Most entries an archive may list (a large REFI project with sources has a few thousand).
pub const MAX_ENTRIES: usize = 100_000;

/// Resource limits for reading an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed size of any one entry.
    pub max_entry_bytes: u64,
    /// Largest decompressed size of everything read from the archive together.
    pub max_total_bytes: u64,
    /// Most entries an archive may list.
    pub max_entries: usize,
    /// Most bytes an entry may inflate to per compressed byte, beyond its first MiB.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry_bytes: MAX_ENTRY_BYTES,
            max_total_bytes: MAX_TOTAL_BYTES,
            max_entries: MAX_ENTRIES,
            max_ratio: 1100,
        }
    }
}

/// An entry may always inflate this far, whatever its ratio (small parts compress well).
const RATIO_GRACE_BYTES: u64 = 1 << 20;

/// Why an archive (or one of its entries) is refused.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    #[error("the file is empty")]
    Empty,
    /// An OLE compound file: an old binary Office document, or an encrypted (password-protected)
    /// Office file, which Office wraps the same way.
    #[error("this is an old binary Office file or a password-protected document, not a zip package")]
    CompoundFile,
    #[error("{what}: the archive is password-protected")]
    Password { what: String },
    #[error("{what}: {detail}")]
    Corrupt { what: String, detail: String },
    #[error("the archive lists {count} entries (limit {limit})")]
    TooManyEntries { count: usize, limit: usize },
    #[error("entry '{0}' has an unsafe path (absolute or leading outside the archive)")]
    UnsafeName(String),
    /// `declared`: refused by the size its header declares, before inflating.
    #[error("'{name}' {} {size} bytes uncompressed (limit {limit})", if *declared { "declares" } else { "inflates to more than" })]
    EntryTooLarge { name: String, size: u64, limit: u64, declared: bool },
    #[error("the entries declare {size} bytes uncompressed together (limit {limit})")]
    TotalTooLarge { size: u64, limit: u64 },
    /// `limit`: the bytes the entry was allowed, which it exceeded.
    #[error("'{name}' inflates more than {ratio} times its compressed size of {compressed} bytes")]
    Ratio { name: String, compressed: u64, ratio: u64, limit: u64 },
}

/// An open archive, read entry by entry within its [`Limits`].
pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry names with `\` turned into `/`, in index order.
    names: Vec<String>,
    limits: Limits,
    /// Bytes decompressed so far, over all reads.
    read_total: u64,
}

/// Whether an entry name is unsafe: absolute, a drive letter, a NUL or a `..` segment.
fn unsafe_name(name: &str) -> bool {
    let n = name.replace('\\', "/");
    n.contains('\0') || n.starts_with('/') || n.as_bytes().get(1) == Some(&b':') || n.split('/').any(|p| p == "..")
}

fn corrupt(what: &str, e: zip::result::ZipError) -> ZipError {
    match e {
        zip::result::ZipError::UnsupportedArchive(msg) if msg == zip::result::ZipError::PASSWORD_REQUIRED => {
            ZipError::Password { what: what.to_string() }
        }
        other => ZipError::Corrupt { what: what.to_string(), detail: other.to_string() },
    }
}

impl<'a> Archive<'a> {
    /// Opens an archive whose entries are checked as they are read. `what` names the archive in
    /// errors about its directory ("docx", "the project").
    pub fn open(bytes: &'a [u8], limits: Limits, what: &str) -> Result<Self, ZipError> {
        if bytes.is_empty() {
            return Err(ZipError::Empty);
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(ZipError::CompoundFile);
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(what, e))?;
        if zip.len() > limits.max_entries {
            return Err(ZipError::TooManyEntries { count: zip.len(), limit: limits.max_entries });
        }
        let mut names = Vec::with_capacity(zip.len());
        for name in zip.file_names() {
            if unsafe_name(name) {
                return Err(ZipError::UnsafeName(name.to_string()));
            }
            names.push(name.replace('\\', "/"));
        }
        Ok(Archive { zip, names, limits, read_total: 0 })
    }

    /// Opens a document package (.docx, .odt, .xlsx, .ods), any part of which may be read: also
    /// refuses it up front when one entry or all together declare more than the limits.
    pub fn open_package(bytes: &'a [u8], limits: Limits, what: &str) -> Result<Self, ZipError> {
        let mut archive = Archive::open(bytes, limits, what)?;
        let mut total: u64 = 0;
        for i in 0..archive.zip.len() {
            let entry = archive.zip.by_index_raw(i).map_err(|e| corrupt(what, e))?;
            let size = entry.size();
            if size > limits.max_entry_bytes {
                let name = entry.name().to_string();
                return Err(ZipError::EntryTooLarge { name, size, limit: limits.max_entry_bytes, declared: true });
            }
            total = total.saturating_add(size);
        }
        if total > limits.max_total_bytes {
            return Err(ZipError::TotalTooLarge { size: total, limit: limits.max_total_bytes });
        }
        archive.read_total = 0;
        Ok(archive)
    }

    /// Entry names (`\` turned into `/`), in archive order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Index of the entry whose path equals `path`, ignoring a leading `./`, else ignoring ASCII
    /// case (zip tools on Windows and macOS do not agree on case).
    pub fn find(&self, path: &str) -> Option<usize> {
        let p = path.replace('\\', "/");
        let p = p.trim_start_matches("./");
        self.names.iter().position(|n| n == p).or_else(|| self.names.iter().position(|n| n.eq_ignore_ascii_case(p)))
    }

    pub fn contains(&self, path: &str) -> bool {
        self.find(path).is_some()
    }

    /// The decompressed bytes of the entry named `path` ([`Archive::find`]), `Ok(None)` if there
    /// is none.
    pub fn read_named(&mut self, path: &str) -> Result<Option<Vec<u8>>, ZipError> {
        match self.find(path) {
            Some(i) => self.read(i).map(Some),
            None => Ok(None),
        }
    }

    /// The decompressed bytes of entry `index`, within the limits.
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, ZipError> {
        let name = self.names.get(index).cloned().unwrap_or_default();
        let limit = self.limits.max_entry_bytes.min(self.limits.max_total_bytes.saturating_sub(self.read_total));
        let entry = self.zip.by_index(index).map_err(|e| corrupt(&name, e))?;
        if entry.size() > limit {
            return Err(ZipError::EntryTooLarge { name, size: entry.size(), limit, declared: true });
        }
        let compressed = entry.compressed_size();
        let by_ratio = compressed.saturating_mul(self.limits.max_ratio).max(RATIO_GRACE_BYTES);
        let cap = limit.min(by_ratio);
        let mut out = Vec::with_capacity(entry.size().min(cap).min(1 << 20) as usize);
        entry
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| ZipError::Corrupt { what: name.clone(), detail: format!("cannot be unpacked: {e}") })?;
        let got = out.len() as u64;
        if got > limit {
            return Err(ZipError::EntryTooLarge { name, size: got, limit, declared: false });
        }
        if got > cap {
            return Err(ZipError::Ratio { name, compressed, ratio: self.limits.max_ratio, limit: cap });
        }
        self.read_total += got;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn unsafe_names_detected() {
        for n in ["../evil.txt", "sources/../../x", "/etc/passwd", "C:\\x", "a\\..\\..\\b", "a\0b"] {
            assert!(unsafe_name(n), "{n}");
        }
        for n in ["project.qde", "sources/x.txt", "Sources/a..b.txt"] {
            assert!(!unsafe_name(n), "{n}");
        }
    }

    #[test]
    fn garbage_empty_and_old_office_files_are_errors_not_panics() {
        assert!(matches!(Archive::open(b"PK\x03\x04garbage", Limits::default(), "x"), Err(ZipError::Corrupt { .. })));
        assert_eq!(Archive::open(b"", Limits::default(), "x").err(), Some(ZipError::Empty));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(Archive::open(&ole, Limits::default(), "x").err(), Some(ZipError::CompoundFile));
    }

    #[test]
    fn entries_are_found_by_exact_name_then_by_case_and_read() {
        let z = zip_of(&[("word/document.xml", b"<w/>"), ("Sources/A.txt", b"hallo")]);
        let mut a = Archive::open(&z, Limits::default(), "x").unwrap();
        assert_eq!(a.read_named("./word/document.xml").unwrap().unwrap(), b"<w/>");
        assert_eq!(a.read_named("sources/a.txt").unwrap().unwrap(), b"hallo");
        assert_eq!(a.read_named("missing.xml").unwrap(), None);
    }

    #[test]
    fn too_many_entries_and_path_tricks_are_refused_when_opening() {
        let z = zip_of(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
        let e = Archive::open(&z, Limits { max_entries: 2, ..Default::default() }, "x").err().unwrap();
        assert_eq!(e.to_string(), "the archive lists 3 entries (limit 2)");
        let z = zip_of(&[("word/../../evil.xml", b"1")]);
        assert!(matches!(Archive::open_package(&z, Limits::default(), "x"), Err(ZipError::UnsafeName(_))));
    }

    #[test]
    fn an_entry_that_inflates_beyond_the_ratio_is_stopped_while_inflating() {
        let zeros = vec![0u8; 3 << 20];
        let z = zip_of(&[("big.txt", &zeros)]);
        let strict = Limits { max_ratio: 100, ..Default::default() };
        let mut a = Archive::open(&z, strict, "x").unwrap();
        assert!(matches!(a.read(0), Err(ZipError::Ratio { ratio: 100, .. })));
        // The default ratio is beyond what honest deflate produces: the same entry reads.
        let mut a = Archive::open(&z, Limits::default(), "x").unwrap();
        assert_eq!(a.read(0).unwrap().len(), 3 << 20);
    }

    #[test]
    fn entry_and_total_limits_hold_while_reading() {
        let z = zip_of(&[("a", &[b'a'; 600]), ("b", &[b'b'; 600])]);
        let limits = Limits { max_entry_bytes: 500, ..Default::default() };
        let e = Archive::open(&z, limits, "x").unwrap().read(0).unwrap_err();
        assert_eq!(e.to_string(), "'a' declares 600 bytes uncompressed (limit 500)");
        let limits = Limits { max_total_bytes: 1000, ..Default::default() };
        let mut a = Archive::open(&z, limits, "x").unwrap();
        a.read(0).unwrap();
        assert!(matches!(a.read(1), Err(ZipError::EntryTooLarge { limit: 400, .. })));
        assert!(matches!(Archive::open_package(&z, limits, "x"), Err(ZipError::TotalTooLarge { size: 1200, .. })));
    }
}
