//! The REFI-QDA side of reading a `.qdpx` archive: finding the project document in it. The
//! archive itself is read by the one safe-zip reader ([`crate::input::zip`]: entry count, path
//! tricks, declared and actual sizes, compression ratio), opened with [`Archive::open`] because a
//! project may carry audio or video sources that are never read.

use super::RefiError;
pub(super) use crate::input::zip::Archive;
use crate::input::zip::Limits;

/// Opens a `.qdpx` archive within `limits`.
pub(super) fn open(bytes: &[u8], limits: Limits) -> Result<Archive<'_>, RefiError> {
    Ok(Archive::open(bytes, limits, "the .qdpx file")?)
}

/// The project document: `project.qde` at the root, else the single `*.qde` anywhere.
pub(super) fn project_entry(ar: &Archive<'_>) -> Result<usize, RefiError> {
    if let Some(i) = ar.find("project.qde") {
        return Ok(i);
    }
    let names = ar.names();
    let qdes: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].to_ascii_lowercase().ends_with(".qde") && !names[i].ends_with('/'))
        .collect();
    match qdes.as_slice() {
        [one] => Ok(*one),
        [] => Err(RefiError::NoProjectFile),
        many => {
            let root: Vec<usize> = many.iter().copied().filter(|&i| !names[i].contains('/')).collect();
            if root.len() == 1 {
                Ok(root[0])
            } else {
                Err(RefiError::Format(format!("the archive holds {} .qde project files; expected one", many.len())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(open(b"PK\x03\x04garbage", Limits::default()), Err(RefiError::Zip(_))));
        assert!(open(b"", Limits::default()).is_err());
    }
}
