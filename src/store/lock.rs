//! The project lock: one Werkbank window (or CLI command) writes to a project at a time, and a
//! second one is told who has it open.
//!
//! Why not simply `File::try_lock` (`flock` on Unix)? An `flock` lock belongs to the *open file*,
//! and a child process shares its parent's open files from `fork` until `exec` closes them. So
//! while any thread of this process is starting a child (the app opening a PDF viewer, a test
//! running the `werkbank` binary), a project closed a moment ago is still locked by that child,
//! and opening it again said "already open in another Werkbank window (pid <our own pid>)" — the
//! flaky failures of `create_demo_project`, `hardening` and `trust` tests under load. A retry only
//! narrowed the window: a child can take arbitrarily long from `fork` to `exec` on a loaded machine.
//!
//! So on Unix the lock is a POSIX record lock (`fcntl(F_SETLK)`), which belongs to the *process*
//! and is never inherited by a child. Because such a lock does not keep two sessions of one process
//! apart, and is dropped when the process closes *any* descriptor of the file, a registry of the
//! lock files this process holds answers for them without ever opening the file again. Elsewhere
//! (Windows) `File::try_lock` is used: its handles are not inherited by children.
//!
//! Hand-written: the `fcntl` call is a few lines of `libc`; the crates that wrap it use `flock` or
//! open-file-description locks, which have the inheritance problem above.

use super::{Result, StoreError};
use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The lock files this process holds, with the holder text written into them.
static HELD: Mutex<Option<HashMap<PathBuf, String>>> = Mutex::new(None);

/// A held project lock; released when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    /// `None` only after `drop` took it: the file is closed *before* the registry entry goes, so
    /// no other session of this process can open (and by closing, release) it in between.
    file: Option<File>,
    key: PathBuf,
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        drop(self.file.take());
        if let Some(held) = HELD.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            held.remove(&self.key);
        }
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// The registry key of a lock file: its folder resolved (links, `..`), so two spellings of one
/// project are one key. Resolved without opening the lock file (see the module comment).
fn key_of(lock: &Path) -> PathBuf {
    let parent = lock.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    dir.join(lock.file_name().unwrap_or_default())
}

/// Takes the project's lock, or says who holds it: another process, or another session of this
/// one.
pub fn acquire(path: &Path) -> Result<ProjectLock> {
    let lp = lock_path(path);
    let key = key_of(&lp);
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    let held = held.get_or_insert_with(HashMap::new);
    if let Some(holder) = held.get(&key) {
        return Err(StoreError::Locked { path: path.to_path_buf(), holder: holder.clone() });
    }
    let mut f = std::fs::OpenOptions::new().create(true).truncate(false).read(true).write(true).open(&lp)?;
    if !try_lock(&f)? {
        drop(f);
        let holder = std::fs::read_to_string(&lp).unwrap_or_default();
        let holder = if holder.trim().is_empty() { "unknown process".to_string() } else { holder.trim().to_string() };
        return Err(StoreError::Locked { path: path.to_path_buf(), holder });
    }
    let holder = format!("pid {} {}", std::process::id(), std::env::var("HOSTNAME").unwrap_or_default());
    f.set_len(0)?;
    f.write_all(holder.as_bytes())?;
    f.flush()?;
    held.insert(key.clone(), holder.trim().to_string());
    Ok(ProjectLock { file: Some(f), key })
}

/// Whether a project is open in some Werkbank (this process or another), without keeping a lock.
pub fn is_held(path: &Path) -> bool {
    matches!(acquire(path), Err(StoreError::Locked { .. }))
}

/// Tries to take an exclusive lock on the whole file: `Ok(false)` when someone else holds it.
#[cfg(unix)]
fn try_lock(f: &File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: `flock` is a plain C struct for which all-zero is a valid value; `fcntl` with
    // `F_SETLK` reads it and does not keep the pointer; the descriptor is open for writing.
    let rc = unsafe {
        let mut fl: libc::flock = std::mem::zeroed();
        fl.l_type = libc::F_WRLCK as _;
        fl.l_whence = libc::SEEK_SET as _;
        fl.l_start = 0;
        fl.l_len = 0; // the whole file
        libc::fcntl(f.as_raw_fd(), libc::F_SETLK, &fl)
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EACCES | libc::EAGAIN) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(unix))]
fn try_lock(f: &File) -> std::io::Result<bool> {
    match f.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}
