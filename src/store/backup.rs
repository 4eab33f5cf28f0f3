//! Rotating backups of a project file, and restoring one.
//!
//! Months of coding live in one file, so Werkbank copies it (SQLite `VACUUM INTO`, consistent even
//! while the project is open) into a `<name>.backups` folder beside it when it is opened and then
//! hourly, keeping the newest few. Restoring first backs up the current state, so a restore can
//! itself be undone: nothing is ever lost.

use super::{Result, Store, StoreError, acquire_lock, check_version};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How many automatic backups are kept per project.
pub const KEEP: usize = 12;

/// A new automatic backup is made when the newest is older than this.
pub const INTERVAL: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub modified: SystemTime,
    pub size: u64,
}

/// `thesis.werkbank` -> `thesis.werkbank.backups/`.
pub fn backup_dir(project: &Path) -> PathBuf {
    let mut s = project.as_os_str().to_owned();
    s.push(".backups");
    PathBuf::from(s)
}

/// The project's backups, newest first.
pub fn list_backups(project: &Path) -> Vec<BackupInfo> {
    let Ok(rd) = std::fs::read_dir(backup_dir(project)) else { return vec![] };
    let mut v: Vec<BackupInfo> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "werkbank"))
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some(BackupInfo { path: e.path(), modified: m.modified().ok()?, size: m.len() })
        })
        .collect();
    v.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.path.cmp(&a.path)));
    v
}

/// Writes a backup of the database behind `conn` (the project at `project`) named with the time
/// and `reason`, then deletes the oldest beyond [`KEEP`].
fn write_backup(conn: &Connection, project: &Path, reason: &str) -> Result<PathBuf> {
    let dir = backup_dir(project);
    std::fs::create_dir_all(&dir)?;
    let stem = project.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "project".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
    let dest = dir.join(format!("{stem}-{stamp}-{reason}.werkbank"));
    conn.execute("VACUUM INTO ?1", [dest.to_string_lossy()])?;
    for old in list_backups(project).into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(old.path);
    }
    Ok(dest)
}

impl Store {
    /// Writes a backup now (see [`KEEP`] for rotation).
    pub fn backup_now(&self, reason: &str) -> Result<PathBuf> {
        write_backup(&self.conn, &self.path, reason)
    }

    /// Makes a backup when the newest one is older than [`INTERVAL`] (or there is none).
    pub fn backup_if_due(&self, reason: &str) -> Result<Option<PathBuf>> {
        if self.read_only {
            return Ok(None);
        }
        let due = match list_backups(&self.path).first() {
            None => true,
            Some(b) => b.modified.elapsed().map_or(true, |age| age >= INTERVAL),
        };
        if due { self.backup_now(reason).map(Some) } else { Ok(None) }
    }
}

/// Replaces the project's contents with `backup`'s. The project must not be open elsewhere. The
/// current state is backed up first; its path is returned.
pub fn restore(project: &Path, backup: &Path) -> Result<PathBuf> {
    if !backup.exists() {
        return Err(StoreError::NotFound(backup.to_path_buf()));
    }
    let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_version(&src, backup)?;
    let _lock = acquire_lock(project)?;
    let mut dst = Connection::open(project)?;
    check_version(&dst, project)?;
    let safety = write_backup(&dst, project, "before-restore")?;
    {
        let b = rusqlite::backup::Backup::new(&src, &mut dst)?;
        b.run_to_completion(256, Duration::ZERO, None)?;
    }
    Ok(safety)
}
