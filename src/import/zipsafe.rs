//! Reading parts of a zip container (docx, odt) with hard limits, because a zip's declared sizes
//! can lie and a few kilobytes can inflate to gigabytes.

use super::ImportError;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// Largest single part we inflate.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

pub struct SafeZip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
    /// Decompression budget left for this document, across parts.
    budget: u64,
}

impl<'a> SafeZip<'a> {
    pub fn open(bytes: &'a [u8], format: &'static str) -> Result<Self, ImportError> {
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ImportError::CorruptArchive { format, detail: e.to_string() })?;
        if archive.len() > 10_000 {
            return Err(ImportError::CorruptArchive { format, detail: format!("{} entries", archive.len()) });
        }
        Ok(SafeZip { archive, format, budget: 4 * MAX_PART_BYTES })
    }

    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The part's bytes, or `None` if it is absent. Errors when it is damaged or too large.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let format = self.format;
        let corrupt = |e: &dyn std::fmt::Display| ImportError::CorruptArchive { format, detail: format!("{name}: {e}") };
        let Some(index) = self.archive.index_for_name(name) else { return Ok(None) };
        let file = self.archive.by_index(index).map_err(|e| corrupt(&e))?;
        let limit = MAX_PART_BYTES.min(self.budget);
        if file.size() > limit {
            return Err(ImportError::TooLarge { size: file.size(), limit });
        }
        let mut out = Vec::with_capacity(file.size() as usize);
        file.take(limit + 1).read_to_end(&mut out).map_err(|e| corrupt(&e))?;
        if out.len() as u64 > limit {
            return Err(ImportError::TooLarge { size: out.len() as u64, limit });
        }
        self.budget -= out.len() as u64;
        Ok(Some(out))
    }
}
