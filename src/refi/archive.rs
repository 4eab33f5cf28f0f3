//! Reading `.qdpx` archives safely. A project file comes from someone else's computer, so the
//! zip layer refuses path tricks (`../evil.txt`, absolute paths), caps entry count and
//! decompressed sizes (checked against the declared size *and* enforced while inflating, since
//! a header can lie), and never panics on a corrupt archive.

use super::RefiError;
use std::io::{Cursor, Read};

/// Resource limits for reading an archive. The defaults are generous for interview projects
/// (a 600-page transcript is ~2 MB) and small enough to stop zip bombs: one entry (a source, the
/// project XML) may be as large as the most text a transcript import may produce
/// ([`crate::import::MAX_TEXT_BYTES`]), all entries together as large as a document package
/// ([`crate::import::MAX_ARCHIVE_TOTAL_BYTES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed size of any one entry.
    pub max_entry_bytes: u64,
    /// Largest decompressed size of everything read from the archive together.
    pub max_total_bytes: u64,
    /// Most entries an archive may list.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry_bytes: crate::import::MAX_TEXT_BYTES as u64,
            max_total_bytes: crate::import::MAX_ARCHIVE_TOTAL_BYTES,
            max_entries: 100_000,
        }
    }
}

pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry names with `\` turned into `/`, in index order.
    names: Vec<String>,
    limits: Limits,
    total: u64,
}

/// Why an entry name is unsafe, if it is.
fn unsafe_name(name: &str) -> bool {
    let n = name.replace('\\', "/");
    n.contains('\0')
        || n.starts_with('/')
        || n.as_bytes().get(1) == Some(&b':')
        || n.split('/').any(|part| part == "..")
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, RefiError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| RefiError::Zip(e.to_string()))?;
        if zip.len() > limits.max_entries {
            return Err(RefiError::TooLarge(format!(
                "the archive lists {} entries (limit {})",
                zip.len(),
                limits.max_entries
            )));
        }
        let mut names = Vec::with_capacity(zip.len());
        for name in zip.file_names() {
            if unsafe_name(name) {
                return Err(RefiError::UnsafePath(name.to_string()));
            }
            names.push(name.replace('\\', "/"));
        }
        Ok(Archive { zip, names, limits, total: 0 })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Index of the entry whose path equals `path`, ignoring ASCII case and a leading `./`.
    pub fn find(&self, path: &str) -> Option<usize> {
        let p = path.replace('\\', "/");
        let p = p.trim_start_matches("./");
        self.names.iter().position(|n| n == p).or_else(|| self.names.iter().position(|n| n.eq_ignore_ascii_case(p)))
    }

    /// The project document: `project.qde` at the root, else the single `*.qde` anywhere.
    pub fn project_entry(&self) -> Result<usize, RefiError> {
        if let Some(i) = self.find("project.qde") {
            return Ok(i);
        }
        let qdes: Vec<usize> = (0..self.names.len())
            .filter(|&i| self.names[i].to_ascii_lowercase().ends_with(".qde") && !self.names[i].ends_with('/'))
            .collect();
        match qdes.as_slice() {
            [one] => Ok(*one),
            [] => Err(RefiError::NoProjectFile),
            many => {
                let root: Vec<usize> = many.iter().copied().filter(|&i| !self.names[i].contains('/')).collect();
                if root.len() == 1 {
                    Ok(root[0])
                } else {
                    Err(RefiError::Format(format!("the archive holds {} .qde project files; expected one", many.len())))
                }
            }
        }
    }

    /// The decompressed bytes of entry `index`, within the limits.
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, RefiError> {
        let name = self.names.get(index).cloned().unwrap_or_default();
        let limit = self.limits.max_entry_bytes.min(self.limits.max_total_bytes.saturating_sub(self.total));
        let file = self.zip.by_index(index).map_err(|e| RefiError::Zip(format!("{name}: {e}")))?;
        if file.size() > limit {
            return Err(RefiError::TooLarge(format!(
                "'{name}' declares {} bytes uncompressed (limit {limit})",
                file.size()
            )));
        }
        let mut out = Vec::with_capacity(file.size().min(limit) as usize);
        file.take(limit + 1).read_to_end(&mut out).map_err(|e| RefiError::Zip(format!("{name}: {e}")))?;
        if out.len() as u64 > limit {
            return Err(RefiError::TooLarge(format!("'{name}' inflates to more than {limit} bytes")));
        }
        self.total += out.len() as u64;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(Archive::open(b"PK\x03\x04garbage", Limits::default()), Err(RefiError::Zip(_))));
        assert!(Archive::open(b"", Limits::default()).is_err());
    }
}
