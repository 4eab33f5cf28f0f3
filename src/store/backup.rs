//! Rotating backups of a project file, and restoring one.
//!
//! Months of coding live in one file, so Werkbank copies it (SQLite's online backup, consistent
//! even while the project is open) into a `<name>.backups` folder beside it when it is opened and then
//! hourly, keeping the newest few. Restoring first backs up the current state, so a restore can
//! itself be undone: nothing is ever lost.

use super::{Result, Store, StoreError, check_version, lock};
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

/// Whether a file looks like a whole SQLite database: the header, and a length that matches the
/// page count the header records. A killed or disk-full backup fails this (0 bytes, or cut off);
/// every backup Werkbank moves into the folder passed a full check before, so this cheap test is
/// enough when listing.
fn looks_whole(path: &Path, len: u64) -> bool {
    let mut head = [0u8; 100];
    if std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_err() {
        return false;
    }
    if &head[..16] != crate::output::PROJECT_HEADER {
        return false;
    }
    let page = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    // The page count is only valid when the "version valid for" number matches the change counter.
    let valid = head[92..96] == head[24..28];
    page > 0 && (!valid || pages * page == len) && len.is_multiple_of(page)
}

/// Everything in the backup folder that has a backup's name, whole or not.
fn backup_files(project: &Path) -> Vec<(BackupInfo, bool)> {
    let Ok(rd) = std::fs::read_dir(backup_dir(project)) else { return vec![] };
    let mut v: Vec<(BackupInfo, bool)> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "werkbank"))
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            let info = BackupInfo { path: e.path(), modified: m.modified().ok()?, size: m.len() };
            let whole = m.is_file() && looks_whole(&info.path, info.size);
            Some((info, whole))
        })
        .collect();
    v.sort_by(|(a, _), (b, _)| b.modified.cmp(&a.modified).then(b.path.cmp(&a.path)));
    v
}

/// The project's backups, newest first: only whole ones (a failed attempt is not a backup).
pub fn list_backups(project: &Path) -> Vec<BackupInfo> {
    backup_files(project).into_iter().filter(|(_, whole)| *whole).map(|(b, _)| b).collect()
}

/// Where opening a file of schema `version` for writing keeps the file as it was before the
/// upgrade: `thesis.werkbank` -> `thesis.v4.backup.werkbank`, beside it.
pub fn upgrade_copy(project: &Path, version: i64) -> PathBuf {
    project.with_extension(format!("v{version}.backup.werkbank"))
}

/// Every copy of the project's data that Werkbank made and keeps: its backups (newest first) and
/// the copies kept from before each upgrade. What a withdrawal must reach besides the project.
pub fn every_copy(project: &Path) -> Vec<PathBuf> {
    let mut copies: Vec<PathBuf> = list_backups(project).into_iter().map(|b| b.path).collect();
    copies.extend((1..super::schema::current_version()).map(|v| upgrade_copy(project, v)).filter(|p| p.is_file()));
    copies
}

/// SQLite's full check of a finished copy, plus the Werkbank header check.
pub fn verify(path: &Path) -> Result<()> {
    verify_with(path, "integrity_check")
}

fn verify_with(path: &Path, pragma: &str) -> Result<()> {
    let damaged = |why: String| StoreError::Corrupt(why);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_version(&conn, path)?;
    let res: String = conn
        .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
        .map_err(|e| damaged(format!("{} cannot be read: {e}", path.display())))?;
    if res != "ok" {
        return Err(damaged(format!("{}: {res}", path.display())));
    }
    Ok(())
}

/// A verified copy of the database behind `conn` at `dest` (which must not exist): written to a
/// temporary file beside it, checked with `PRAGMA quick_check`, flushed and only then given its
/// name. A failed attempt leaves nothing.
pub(super) fn write_copy(conn: &Connection, dest: &Path) -> Result<PathBuf> {
    write_copy_with(conn, dest, &mut |_, _, _| true)
}

/// [`write_copy`], asking `progress` (pages copied, all pages, whether the next step finishes)
/// before every step of the copy; when it returns false the copy stops and nothing is left.
///
/// SQLite's online backup copies a few hundred pages a step, so a long copy can say how far it
/// is (`VACUUM INTO` cannot). It runs inside one read transaction on `conn`: the copy is of one
/// state of the project even while the app goes on writing (outside one, the online backup
/// starts over after every write and may never finish).
fn write_copy_with(
    conn: &Connection,
    dest: &Path,
    progress: &mut dyn FnMut(usize, usize, bool) -> bool,
) -> Result<PathBuf> {
    let staged = crate::output::stage_new(dest)?;
    {
        let _snapshot = if conn.is_autocommit() { Some(conn.unchecked_transaction()?) } else { None };
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        let mut copy = Connection::open(staged.path())?;
        copy_pages(conn, &mut copy, dest, progress)?;
        // A copy of a WAL project is marked WAL too; a backup is one self-contained file.
        copy.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    }
    verify_with(staged.path(), "quick_check")?;
    Ok(staged.commit()?)
}

/// Copies every page of `src` over `dst` with SQLite's online backup, asking `progress` (pages
/// copied, all pages, whether the next step completes the copy) before every step. When it
/// returns false the copy stops with [`OutputError::Cancelled`] about `target`, and `dst` is as it
/// was (SQLite rolls an unfinished backup back).
///
/// [`OutputError::Cancelled`]: crate::output::OutputError::Cancelled
fn copy_pages(
    src: &Connection,
    dst: &mut Connection,
    target: &Path,
    progress: &mut dyn FnMut(usize, usize, bool) -> bool,
) -> Result<()> {
    use rusqlite::backup::StepResult;
    const PAGES: usize = 256;
    let pages: i64 = src.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let (mut all, mut left) = (pages.max(0) as usize, pages.max(0) as usize);
    let b = rusqlite::backup::Backup::new(src, dst)?;
    loop {
        if !progress(all - left.min(all), all, left <= PAGES) {
            return Err(StoreError::Output(crate::output::OutputError::Cancelled(target.to_path_buf())));
        }
        let step = b.step(PAGES as std::os::raw::c_int)?;
        let p = b.progress();
        (all, left) = (p.pagecount.max(0) as usize, p.remaining.max(0) as usize);
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds the file for a moment: try again shortly.
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Temporary files of attempts that were killed mid-way, older than this, are cleared away.
const STALE_ATTEMPT: Duration = Duration::from_secs(3600);

/// Writes a verified backup of the database behind `conn` (the project at `project`) named with
/// the time and `reason`, then rotates: failed attempts go, and of the whole backups the newest
/// [`KEEP`] stay. `progress` as for [`write_copy_with`].
fn write_backup(
    conn: &Connection,
    project: &Path,
    reason: &str,
    progress: &mut dyn FnMut(usize, usize, bool) -> bool,
) -> Result<PathBuf> {
    let dir = backup_dir(project);
    std::fs::create_dir_all(&dir)?;
    let stem = project.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "project".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
    let dest = dir.join(format!("{stem}-{stamp}-{reason}.werkbank"));
    let written = write_copy_with(conn, &dest, progress)?;
    rotate(project);
    Ok(written)
}

/// Removes failed attempts (cut-off files, stale temporary files) and whole backups beyond the
/// newest [`KEEP`]. A whole backup is never removed to make room for anything but a newer whole one.
fn rotate(project: &Path) {
    let mut whole = 0;
    for (b, is_whole) in backup_files(project) {
        if !is_whole || {
            whole += 1;
            whole > KEEP
        } {
            let _ = std::fs::remove_file(&b.path);
        }
    }
    let Ok(rd) = std::fs::read_dir(backup_dir(project)) else { return };
    for e in rd.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = e.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
        if name.starts_with(".werkbank-")
            && (name.ends_with(".partial") || name.contains(".partial-"))
            && stale.is_some_and(|age| age >= STALE_ATTEMPT)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes a backup of the project at `project` now through a read connection of its own (the
/// project may be open for editing meanwhile: SQLite copies a consistent snapshot), so the app can
/// do it on a worker thread while the window goes on; `progress` as for [`write_copy_with`].
pub fn backup_file_now(
    project: &Path,
    reason: &str,
    progress: &mut dyn FnMut(usize, usize, bool) -> bool,
) -> Result<PathBuf> {
    let conn = Connection::open_with_flags(project, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_version(&conn, project)?;
    write_backup(&conn, project, reason, progress)
}

impl Store {
    /// Writes a backup now (see [`KEEP`] for rotation).
    pub fn backup_now(&self, reason: &str) -> Result<PathBuf> {
        write_backup(&self.conn, &self.path, reason, &mut |_, _, _| true)
    }

    /// Makes a backup when the newest whole one is older than [`INTERVAL`] (or there is none).
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

/// Replaces the project's contents with `backup`'s. The backup is checked in full first: a
/// damaged one is refused and the project is left untouched. The project must not be open
/// elsewhere. The current state is kept first (as a backup, or, when the project itself is
/// damaged, as a plain copy); its path is returned.
pub fn restore(project: &Path, backup: &Path) -> Result<PathBuf> {
    restore_with(project, backup, &mut |_, _, _| true)
}

/// [`restore`], asking `progress` (pages copied, all pages, whether the next step completes the
/// copy) before every step of the copy; when it returns false the copy stops and SQLite rolls the
/// project back to where it was (the state before is kept as a backup either way).
pub fn restore_with(
    project: &Path,
    backup: &Path,
    progress: &mut dyn FnMut(usize, usize, bool) -> bool,
) -> Result<PathBuf> {
    if !backup.exists() {
        return Err(StoreError::NotFound(backup.to_path_buf()));
    }
    if !project.exists() {
        return Err(StoreError::NotFound(project.to_path_buf()));
    }
    if backup.canonicalize()? == project.canonicalize()? {
        return Err(StoreError::BadBackup { path: backup.to_path_buf(), reason: "it is the project itself".into() });
    }
    verify(backup).map_err(|e| StoreError::BadBackup {
        path: backup.to_path_buf(),
        reason: match e {
            StoreError::Corrupt(why) | StoreError::Damaged { detail: why, .. } => format!("damaged: {why}"),
            StoreError::NotAProject(_) => "it is not a Werkbank project file".into(),
            e => e.to_string(),
        },
    })?;
    let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let _lock = lock::acquire(project)?;
    let mut dst = Connection::open_with_flags(project, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let safety = match check_version(&dst, project)
        .and_then(|_| write_backup(&dst, project, "before-restore", &mut |_, _, _| true))
    {
        Ok(p) => p,
        Err(StoreError::TooNew { .. }) => return Err(check_version(&dst, project).unwrap_err()),
        Err(e @ StoreError::Output(crate::output::OutputError::Cancelled(_))) => return Err(e),
        Err(_) => keep_damaged(project)?,
    };
    copy_pages(&src, &mut dst, project, progress)?;
    Ok(safety)
}

/// A byte-for-byte copy of a project SQLite cannot copy (it is damaged), kept in the backup
/// folder under a name no listing takes for a backup, so even a damaged state is never lost.
fn keep_damaged(project: &Path) -> Result<PathBuf> {
    let dir = backup_dir(project);
    std::fs::create_dir_all(&dir)?;
    let stem = project.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "project".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
    let dest = dir.join(format!("{stem}-{stamp}-before-restore.damaged"));
    let staged = crate::output::stage_new(&dest)?;
    std::fs::copy(project, staged.path())?;
    Ok(staged.commit()?)
}
