//! Bounded reading of zip packages (.docx, .odt). A zip bomb or a lying central directory must
//! cost us milliseconds and a few MiB, not gigabytes: declared sizes are checked up front, and the
//! actual decompressed size is enforced while reading, because declared sizes can lie.

use super::{ImportError, MAX_ARCHIVE_TOTAL_BYTES, MAX_FILE_BYTES};
use std::io::{Cursor, Read};
use zip::ZipArchive;
use zip::result::ZipError;

pub(crate) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes decompressed so far, over all reads.
    read_total: u64,
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8], format: &str) -> Result<Package<'a>, ImportError> {
        if bytes.is_empty() {
            return Err(ImportError::CorruptArchive(format!("the {format} file is empty")));
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(ImportError::CorruptArchive(format!(
                "this is an old binary Office file or a password-protected document, not a \
                 {format} package; open it in your word processor and save it as {format} \
                 without a password"
            )));
        }
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_err(e, format))?;
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| zip_err(e, format))?;
            let size = entry.size();
            if size > MAX_FILE_BYTES {
                return Err(ImportError::TooLarge {
                    what: format!("the part “{}” (declared size)", entry.name()),
                    size,
                    limit: MAX_FILE_BYTES,
                });
            }
            total = total.saturating_add(size);
        }
        if total > MAX_ARCHIVE_TOTAL_BYTES {
            return Err(ImportError::TooLarge {
                what: "the unpacked archive (declared size)".into(),
                size: total,
                limit: MAX_ARCHIVE_TOTAL_BYTES,
            });
        }
        Ok(Package { archive, read_total: 0 })
    }

    /// Index of an entry by exact name, else case-insensitively.
    fn find(&self, name: &str) -> Option<usize> {
        self.archive.index_for_name(name).or_else(|| {
            let real = self.archive.file_names().find(|n| n.eq_ignore_ascii_case(name))?;
            self.archive.index_for_name(real)
        })
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Reads a whole entry, never more than 64 MiB (and 256 MiB over all reads). `Ok(None)` if
    /// the entry does not exist.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(index) = self.find(name) else {
            return Ok(None);
        };
        let mut entry = self.archive.by_index(index).map_err(|e| zip_err(e, name))?;
        let declared = entry.size();
        let mut buf = Vec::with_capacity(declared.min(1 << 20) as usize);
        let remaining_total = MAX_ARCHIVE_TOTAL_BYTES.saturating_sub(self.read_total);
        let limit = MAX_FILE_BYTES.min(remaining_total);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| ImportError::CorruptArchive(format!("the part “{name}” cannot be unpacked: {e}")))?;
        let got = buf.len() as u64;
        if got > limit {
            return Err(ImportError::TooLarge { what: format!("the unpacked part “{name}”"), size: got, limit });
        }
        self.read_total += got;
        Ok(Some(buf))
    }
}

fn zip_err(e: ZipError, what: &str) -> ImportError {
    match e {
        ZipError::UnsupportedArchive(msg) if msg == ZipError::PASSWORD_REQUIRED => {
            ImportError::CorruptArchive(format!("{what}: the archive is password-protected"))
        }
        other => ImportError::CorruptArchive(format!("{what}: {other}")),
    }
}

/// Resolves a relationship target against the folder of the part that references it.
/// `base_dir` is "" for the package root or e.g. "word/".
pub(crate) fn resolve_target(base_dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base_dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let path = parts.join("/");
    // Targets are URIs: undo percent-encoding of the common case (spaces).
    path.replace("%20", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve() {
        assert_eq!(resolve_target("", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_target("word/", "footnotes.xml"), "word/footnotes.xml");
        assert_eq!(resolve_target("word/", "../customXml/item1.xml"), "customXml/item1.xml");
    }

    #[test]
    fn garbage_is_not_a_package() {
        assert!(matches!(Package::open(b"", "docx"), Err(ImportError::CorruptArchive(_))));
        assert!(matches!(
            Package::open(b"PK\x03\x04 definitely not a zip", "docx"),
            Err(ImportError::CorruptArchive(_))
        ));
    }
}
