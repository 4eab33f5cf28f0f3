//! The project file: one SQLite database per project, and the only module that speaks SQL.
//!
//! The store loads a whole [`Project`] on open and afterwards only writes: each [`Edit`] becomes
//! one transaction that applies its changes and appends a line to the audit log. WAL mode and
//! `synchronous=FULL` mean a committed edit survives a crash or power cut; a lock file held with
//! an OS lock keeps a second Werkbank from writing to the same project.

pub mod backup;
pub mod lock;
mod rows;
pub mod schema;

use crate::core::edit::{Change, Edit, Entity};
use crate::core::model::*;
use rows::{Row, put_row, put_rows, read_rows};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path} is already open in another Werkbank window ({holder}); close it there first, or open it read-only")]
    Locked { path: PathBuf, holder: String },
    #[error(
        "{path} was made by a newer Werkbank (file version {found}, this version understands up to {supported}); update Werkbank to open it"
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("{0} is not a Werkbank project file")]
    NotAProject(PathBuf),
    #[error("{0} already exists; choose another name or open it")]
    AlreadyExists(PathBuf),
    #[error("{0} does not exist")]
    NotFound(PathBuf),
    #[error("the project is open read-only")]
    ReadOnly,
    #[error(
        "{} is read-only (no permission to write it or its folder); open it read-only, or copy it to a folder you can write to",
        .0.display()
    )]
    ReadOnlyFile(PathBuf),
    #[error("the disk holding {} is full; free some space and try again (nothing saved before was lost)", .0.display())]
    DiskFull(PathBuf),
    #[error(
        "{} is damaged ({detail}); run `werkbank backup {} --list` and restore the newest backup with `werkbank restore`",
        path.display(),
        path.display()
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("the project file is damaged: {0}")]
    Corrupt(String),
    #[error("{} was not restored: {reason}. The project is unchanged; choose another backup", path.display())]
    BadBackup { path: PathBuf, reason: String },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Output(crate::output::OutputError),
}

impl From<crate::output::OutputError> for StoreError {
    fn from(e: crate::output::OutputError) -> StoreError {
        match e {
            crate::output::OutputError::Exists(p) => StoreError::AlreadyExists(p),
            e => StoreError::Output(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// The error in the user's terms, for the project at `path`: SQLite's and the OS's codes for a
    /// read-only file, a full disk or a damaged file become [`StoreError::ReadOnlyFile`],
    /// [`StoreError::DiskFull`] and [`StoreError::Damaged`] (a file without the SQLite header is
    /// [`StoreError::NotAProject`]). Applied once, where the store meets SQLite; every display
    /// (CLI, app) shows the result.
    pub fn about(self, path: &Path) -> StoreError {
        use std::io::ErrorKind as K;
        match self {
            StoreError::Sql(e) => {
                use rusqlite::ErrorCode as C;
                match e.sqlite_error_code() {
                    Some(C::ReadOnly) => StoreError::ReadOnlyFile(path.to_path_buf()),
                    Some(C::DiskFull) => StoreError::DiskFull(path.to_path_buf()),
                    Some(C::DatabaseCorrupt | C::NotADatabase) => damaged_or_foreign(path, &e.to_string()),
                    Some(C::CannotOpen | C::PermissionDenied) if is_read_only_file(path) => {
                        StoreError::ReadOnlyFile(path.to_path_buf())
                    }
                    _ => StoreError::Sql(e),
                }
            }
            StoreError::Io(e) => match e.kind() {
                K::PermissionDenied | K::ReadOnlyFilesystem => StoreError::ReadOnlyFile(path.to_path_buf()),
                K::StorageFull | K::QuotaExceeded => StoreError::DiskFull(path.to_path_buf()),
                _ => StoreError::Io(e),
            },
            e => e,
        }
    }
}

/// A file SQLite cannot read: damaged when it has the SQLite header (a truncated or overwritten
/// project), otherwise not a project at all.
fn damaged_or_foreign(path: &Path, detail: &str) -> StoreError {
    if crate::output::is_project_file(path) {
        StoreError::Damaged { path: path.to_path_buf(), detail: detail.to_string() }
    } else {
        StoreError::NotAProject(path.to_path_buf())
    }
}

/// Whether the file at `path` is marked read-only (its permissions, not who we are: even an
/// administrator should not write over a file its owner made read-only).
fn is_read_only_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// A `-shm`/`-wal` side file left read-only by an earlier attempt on a read-only project would
/// keep every write failing after the project was made writable again; it is given the project
/// file's permissions (only called while holding the project's lock).
fn repair_side_files(path: &Path) {
    let Ok(mode) = std::fs::metadata(path).map(|m| m.permissions()) else { return };
    for side in ["-shm", "-wal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(side);
        let p = PathBuf::from(p);
        if is_read_only_file(&p) {
            let _ = std::fs::set_permissions(&p, mode.clone());
        }
    }
}

/// Whether an edit in the audit log was a new action or an undo/redo of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Do,
    Undo,
    Redo,
}

impl LogKind {
    fn as_str(self) -> &'static str {
        match self {
            LogKind::Do => "do",
            LogKind::Undo => "undo",
            LogKind::Redo => "redo",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub seq: i64,
    pub at: Timestamp,
    pub coder: String,
    pub kind: String,
    pub action: String,
    pub changes: String,
}

/// Whether opening a file of an older schema for writing keeps it as it was, beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Upgrade {
    KeepingTheOld,
    InPlace,
}

/// Which document texts a load reads. Transcripts are most of a project file's bytes and most of
/// the time of loading it, and a verb that counts codings or lists codes needs none of them: it
/// loads [`Texts::None`] (documents with empty texts) and reads the few it shows with
/// [`Store::read_texts`], in the same read transaction as the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    All,
    None,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// A read transaction left open by a load without texts, so texts read later come from the
    /// same state of the file as the rest of the project (see [`Store::load_with`]).
    snapshot: bool,
    /// Held for as long as the store is open; the OS releases it if the process dies.
    _lock: Option<lock::ProjectLock>,
    /// Keeps every writer of this process off the project file while it is open.
    _protected: crate::output::Protected,
}

/// Opens `path` for reading. When no other connection is writing to it (no `-wal` file beside
/// it), it is opened as immutable, so that reading creates no `-wal`/`-shm` files either: a
/// preview or a listing leaves the folder exactly as it was.
fn open_without_writing(path: &Path) -> Result<Connection> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Ok(Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?);
    }
    let mut uri = String::from("file://");
    let abs = std::path::absolute(path)?;
    let s = abs.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        uri.push('/'); // Windows: file:///C:/...
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~:".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    match Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI) {
        Ok(c) => Ok(c),
        // A path SQLite's URI form cannot express (a network share, say): read it the plain way.
        Err(_) => Ok(Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?),
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Deleted rows are overwritten, not left in free pages: a withdrawn interview must not linger
    // in the file (or in a backup copied from it).
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

impl Store {
    /// Creates a new, empty project file. Refuses to overwrite anything.
    pub fn create(path: &Path, name: &str) -> Result<Store> {
        Store::create_with(path, name, None)
    }

    /// Creates a new project file holding `contents` (an edit written as the first log entry by
    /// the given coder), complete or not at all: the file is built at a temporary path beside
    /// `path` and moved there only when finished, so a crash, a full disk or a failed write
    /// leaves nothing at `path` and a retry works.
    pub fn create_with(path: &Path, name: &str, contents: Option<(&Edit, &str)>) -> Result<Store> {
        let staged = crate::output::stage_new(path)?;
        let lock = lock::acquire(path)?;
        {
            let mut conn = Connection::open(staged.path())?;
            configure(&conn)?;
            migrate(&mut conn, schema::current_version())?;
            conn.execute("INSERT INTO meta(key, value) VALUES ('name', ?1), ('created_at', ?2)", params![name, now()])?;
            if let Some((edit, coder)) = contents {
                let mut building = Store {
                    conn,
                    path: staged.path().to_path_buf(),
                    read_only: false,
                    snapshot: false,
                    _lock: None,
                    _protected: crate::output::protect(staged.path()),
                };
                building.write(edit, coder, LogKind::Do)?;
            }
        }
        staged.commit()?;
        Store::open_locked(path, lock, Upgrade::KeepingTheOld)
    }

    /// Opens an existing project for editing: takes the lock, refuses files from a newer
    /// Werkbank, and migrates older files after backing them up next to the original.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_for_writing(path, Upgrade::KeepingTheOld)
    }

    /// Opens a copy of a project (a backup) to rewrite it, as [`Store::open`] does but without
    /// keeping the file as it was before an upgrade: what is being removed from the copy (a
    /// withdrawn interview) must not survive in a copy of the copy.
    pub fn open_to_rewrite(path: &Path) -> Result<Store> {
        Store::open_for_writing(path, Upgrade::InPlace)
    }

    fn open_for_writing(path: &Path, upgrade: Upgrade) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        // Refused before SQLite touches it: opening a read-only file for writing would leave
        // read-only `-wal`/`-shm` files that block writes even after it is made writable.
        if is_read_only_file(path) {
            return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
        }
        let lock = lock::acquire(path).map_err(|e| e.about(path))?;
        Store::open_locked(path, lock, upgrade)
    }

    fn open_locked(path: &Path, lock: lock::ProjectLock, upgrade: Upgrade) -> Result<Store> {
        repair_side_files(path);
        Store::open_locked_inner(path, lock, upgrade).map_err(|e| e.about(path))
    }

    fn open_locked_inner(path: &Path, lock: lock::ProjectLock, upgrade: Upgrade) -> Result<Store> {
        let mut conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let version = check_version(&conn, path)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        configure(&conn)?;
        if version < schema::current_version() {
            let backup = backup::upgrade_copy(path, version);
            if upgrade == Upgrade::KeepingTheOld && !backup.exists() {
                backup::write_copy(&conn, &backup)?;
            }
            migrate(&mut conn, schema::current_version())?;
        }
        let protected = crate::output::protect(path);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            snapshot: false,
            _lock: Some(lock),
            _protected: protected,
        })
    }

    /// Opens a project without the lock and without writing: for a project open elsewhere, or a
    /// preview. A file from an older Werkbank is read into memory and migrated there, leaving the
    /// file itself untouched.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        Store::open_read_only_inner(path).map_err(|e| e.about(path))
    }

    fn open_read_only_inner(path: &Path) -> Result<Store> {
        let mut conn = open_without_writing(path)?;
        let version = check_version(&conn, path)?;
        if version < schema::current_version() {
            let mut copy = Connection::open_in_memory()?;
            rusqlite::backup::Backup::new(&conn, &mut copy)?.run_to_completion(
                1024,
                std::time::Duration::ZERO,
                None,
            )?;
            migrate(&mut copy, schema::current_version())?;
            conn = copy;
        }
        configure(&conn)?;
        let protected = crate::output::protect(path);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            snapshot: false,
            _lock: None,
            _protected: protected,
        })
    }

    /// Another connection to this open project, for a worker thread of the same process: this
    /// store holds the lock, so the new one needs none (and takes none; it must not outlive this
    /// one). SQLite's own locking keeps the two connections' transactions apart. Of a read-only
    /// store, a read-only one.
    pub fn second_connection(&self) -> Result<Store> {
        if self.read_only {
            return Store::open_read_only(&self.path);
        }
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        configure(&conn)?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            read_only: false,
            snapshot: false,
            _lock: None,
            _protected: crate::output::protect(&self.path),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Reads the whole project.
    pub fn load(&self) -> Result<Project> {
        if self.snapshot {
            // Already inside the read transaction a load without texts left open.
            return load_rows(&self.conn, Texts::All);
        }
        load_project(&self.conn)
    }

    /// Reads the project, with or without its documents' texts. Without ([`Texts::None`], only
    /// for a read-only store: an edit must never be built on a project missing its texts), every
    /// document's text is empty until [`Store::read_texts`] reads it, and the read transaction
    /// stays open until the store is closed, so a writer committing meanwhile (another window)
    /// cannot hand the texts of a later state to codings of an earlier one.
    pub fn load_with(&mut self, texts: Texts) -> Result<Project> {
        if texts == Texts::All || !self.read_only {
            return self.load();
        }
        if !self.snapshot {
            self.conn.execute_batch("BEGIN")?;
            self.snapshot = true;
        }
        load_rows(&self.conn, Texts::None)
    }

    /// Reads the texts of `documents` into `p` (a project this store loaded; unknown ids are
    /// skipped), through the documents' one row mapping.
    pub fn read_texts(&self, p: &mut Project, documents: impl IntoIterator<Item = Id>) -> Result<()> {
        let sql = format!("SELECT {} FROM {} WHERE id = ?1", Document::COLUMNS.join(", "), Document::TABLE);
        let mut st = self.conn.prepare_cached(&sql)?;
        for id in documents {
            if !p.documents.contains_key(&id) {
                continue;
            }
            let mut rows = st.query([id])?;
            if let Some(r) = rows.next()? {
                let d = Document::read(r)?;
                p.documents.insert(id, d);
            }
        }
        Ok(())
    }

    /// How many characters each document's text has, counted one text at a time and none kept:
    /// for a verb that shows lengths but no text (`list documents`, agreement per character) on a
    /// project loaded without texts. Counted as [`Document::char_len`] counts, from the same state
    /// of the file as the rest of the project.
    pub fn text_lengths(&self) -> Result<std::collections::BTreeMap<Id, usize>> {
        let mut st = self.conn.prepare(&format!("SELECT id, text FROM {}", Document::TABLE))?;
        let mut rows = st.query([])?;
        let mut lengths = std::collections::BTreeMap::new();
        while let Some(r) = rows.next()? {
            lengths.insert(r.get(0)?, rows::text_at(r, 1)?.chars().count());
        }
        Ok(lengths)
    }

    /// Writes one edit and its audit line in a single transaction.
    pub fn write(&mut self, edit: &Edit, coder: &str, kind: LogKind) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let described: Vec<String> = edit.changes.iter().take(1000).map(Change::describe).collect();
        let mut changes = described.join("\n");
        if edit.changes.len() > 1000 {
            changes.push_str(&format!("\n… and {} more", edit.changes.len() - 1000));
        }
        self.write_logged(edit, coder, kind, &changes)
    }

    /// Writes an edit whose log line says only `changes` (not what each change touched): for the
    /// first edit of a copy, whose log must not repeat names the copy no longer holds.
    pub fn write_logged(&mut self, edit: &Edit, coder: &str, kind: LogKind, changes: &str) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let path = self.path.clone();
        self.write_logged_inner(edit, coder, kind, changes).map_err(|e| e.about(&path))
    }

    fn write_logged_inner(&mut self, edit: &Edit, coder: &str, kind: LogKind, changes: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        for change in &edit.changes {
            write_change(&tx, change)?;
        }
        tx.execute(
            "INSERT INTO edit_log(at, coder, kind, action, changes) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now(), coder, kind.as_str(), edit.label, changes],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The audit trail, oldest first.
    pub fn log(&self) -> Result<Vec<LogEntry>> {
        let mut st = self.conn.prepare("SELECT seq, at, coder, kind, action, changes FROM edit_log ORDER BY seq")?;
        let rows = st.query_map([], |r| {
            Ok(LogEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                coder: r.get(2)?,
                kind: r.get(3)?,
                action: r.get(4)?,
                changes: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", params![key, value])?;
        Ok(())
    }

    /// A consistent copy of the project at `dest` (safe while the project is in use).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        backup::write_copy(&self.conn, dest).map(|_| ())
    }

    /// SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let res: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if res != "ok" {
            return Err(StoreError::Corrupt(res));
        }
        let fk: Option<String> = self.conn.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional()?;
        if let Some(table) = fk {
            return Err(StoreError::Corrupt(format!("dangling reference in table {table}")));
        }
        Ok(())
    }

    /// Rebuilds the file so no freed page still holds deleted text (after a withdrawal), and
    /// empties the write-ahead log; `to_single_file` also leaves WAL mode (for a backup copy).
    pub fn vacuum(&self, to_single_file: bool) -> Result<()> {
        self.checkpoint()?;
        self.conn.execute_batch("VACUUM")?;
        self.checkpoint()?;
        if to_single_file {
            self.conn.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
        }
        Ok(())
    }

    /// Runs SQLite's checkpoint so the main file holds everything (used before copying it).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

fn check_version(conn: &Connection, path: &Path) -> Result<i64> {
    let unreadable = |e: rusqlite::Error| damaged_or_foreign(path, &e.to_string());
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(unreadable)?;
    let has_meta: bool = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n > 0)
        .map_err(unreadable)?;
    if version == 0 || !has_meta {
        return Err(StoreError::NotAProject(path.to_path_buf()));
    }
    if version > schema::current_version() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: schema::current_version(),
        });
    }
    Ok(version)
}

/// Brings the schema from its current version up to `target`, one transaction per step.
pub fn migrate(conn: &mut Connection, target: i64) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, step) in schema::MIGRATIONS.iter().enumerate().take(target as usize).skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        for (_, fill) in schema::FILLS.iter().filter(|(v, _)| *v == (i + 1) as i64) {
            fill(&tx)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn table_of(e: &Entity) -> &'static str {
    match e {
        Entity::Coder(_) => Coder::TABLE,
        Entity::Document(_) => Document::TABLE,
        Entity::AttributeDef(_) => AttributeDef::TABLE,
        Entity::Case(_) => Case::TABLE,
        Entity::Turn(_) => Turn::TABLE,
        Entity::Code(_) => Code::TABLE,
        Entity::Coding(_) => Coding::TABLE,
        Entity::Memo(_) => Memo::TABLE,
    }
}

/// Writes the row(s) of `e`, replacing any row with the same id.
fn put(tx: &Transaction, e: &Entity) -> rusqlite::Result<()> {
    match e {
        Entity::Coder(c) => put_row(tx, c),
        Entity::Document(d) => put_row(tx, d),
        Entity::AttributeDef(a) => put_row(tx, a),
        Entity::Case(c) => {
            put_row(tx, c)?;
            tx.prepare_cached("DELETE FROM case_attributes WHERE case_id = ?1")?.execute([c.id])?;
            let mut st = tx.prepare_cached("INSERT INTO case_attributes(case_id, name, value) VALUES (?1, ?2, ?3)")?;
            for (k, v) in &c.attributes {
                st.execute(params![c.id, k, v])?;
            }
            Ok(())
        }
        Entity::Turn(t) => put_row(tx, t),
        Entity::Code(c) => put_row(tx, c),
        Entity::Coding(k) => put_row(tx, k),
        Entity::Memo(m) => put_row(tx, m),
    }
}

fn remove(tx: &Transaction, e: &Entity) -> rusqlite::Result<()> {
    if let Entity::Case(c) = e {
        tx.prepare_cached("DELETE FROM case_attributes WHERE case_id = ?1")?.execute([c.id])?;
    }
    let sql = format!("DELETE FROM {} WHERE id = ?1", table_of(e));
    tx.prepare_cached(&sql)?.execute([e.id()])?;
    Ok(())
}

fn write_change(tx: &Transaction, change: &Change) -> rusqlite::Result<()> {
    match change {
        Change::Insert(e) => put(tx, e),
        Change::Update { after, .. } => put(tx, after),
        Change::Delete(e) => remove(tx, e),
        Change::InsertTurns(turns) => put_rows(tx, turns),
        Change::DeleteTurns(turns) => {
            let mut st = tx.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", Turn::TABLE))?;
            turns.iter().try_for_each(|t| st.execute([t.id]).map(|_| ()))
        }
    }
}

/// Reads the whole project inside one read transaction, so a writer committing meanwhile (another
/// window, a CLI run) cannot make it see codings whose document is already gone.
fn load_project(conn: &Connection) -> Result<Project> {
    let tx = conn.unchecked_transaction()?;
    let p = load_rows(&tx, Texts::All)?;
    tx.finish()?;
    Ok(p)
}

#[cfg(test)]
thread_local! {
    /// Runs while a load is between two tables: lets a test commit a write exactly there.
    static BETWEEN_TABLES: std::cell::RefCell<Option<Box<dyn FnMut()>>> = const { std::cell::RefCell::new(None) };
}

fn between_tables() {
    #[cfg(test)]
    BETWEEN_TABLES.with(|f| {
        if let Some(f) = f.borrow_mut().as_mut() {
            f()
        }
    });
}

fn load_rows(conn: &Connection, texts: Texts) -> Result<Project> {
    let mut p = Project {
        name: conn
            .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| r.get(0))
            .optional()?
            .unwrap_or_default(),
        ..Default::default()
    };
    read_rows(conn, texts, |c: Coder| {
        p.coders.insert(c.id, c);
    })?;
    read_rows(conn, texts, |a: AttributeDef| {
        p.attribute_defs.insert(a.id, a);
    })?;
    read_rows(conn, texts, |c: Case| {
        p.cases.insert(c.id, c);
    })?;
    let mut st = conn.prepare("SELECT case_id, name, value FROM case_attributes")?;
    for a in st.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
        let (case, name, value) = a?;
        if let Some(c) = p.cases.get_mut(&case) {
            c.attributes.insert(name, value);
        }
    }
    read_rows(conn, texts, |d: Document| {
        p.documents.insert(d.id, d);
    })?;
    // Every turn of a speaker shares one tag (a project of 100,000 turns holds a few tags).
    let mut speakers = SpeakerPool::default();
    let mut turns = CompactFill::default();
    read_rows(conn, texts, |mut t: Turn| {
        t.speaker = speakers.share(t.speaker);
        turns.insert(t.id, t);
    })?;
    turns.finish(&mut p.turns);
    read_rows(conn, texts, |c: Code| {
        p.codes.insert(c.id, c);
    })?;
    between_tables();
    let mut codings = CompactFill::default();
    read_rows(conn, texts, |k: Coding| codings.insert(k.id, k))?;
    codings.finish(&mut p.codings);
    read_rows(conn, texts, |m: Memo| {
        p.memos.insert(m.id, m);
    })?;
    p.last_id = p.max_used_id();
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::actions::{self, NewCode, NewDocument};
    use crate::session::Session;
    use std::sync::Arc;

    #[test]
    fn a_write_committed_while_loading_is_either_wholly_seen_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.werkbank");
        let mut s = Session::create(&path, "p", "Anna").unwrap();
        let doc = s
            .run(|p| {
                actions::add_document(
                    p,
                    NewDocument { name: "R1", text: "R1: ja", source_name: "r1.txt", turns: vec![] },
                )
            })
            .unwrap();
        let coder = s.coder();
        // Another Werkbank adds a code and a coding of it in one action, just after this load read
        // the codes and before it reads the codings.
        let mut writer = Some(s);
        BETWEEN_TABLES.with(|f| {
            *f.borrow_mut() = Some(Box::new(move || {
                if let Some(mut s) = writer.take() {
                    let (code, mut edit) = actions::add_code(
                        s.project(),
                        NewCode { parent: None, name: "Nieuw", kind: None, color: None, description: "" },
                    )
                    .unwrap();
                    let mut scratch = s.project().clone();
                    scratch.apply(&edit).unwrap();
                    edit.extend(actions::add_coding(&scratch, doc, 0, 2, code, coder).unwrap().1);
                    s.perform(edit).unwrap();
                }
            }))
        });
        let seen = Store::open_read_only(&path).unwrap().load().unwrap();
        BETWEEN_TABLES.with(|f| f.borrow_mut().take());
        assert!(seen.codes.is_empty() && seen.codings.is_empty(), "the load mixed two states: {seen:?}");
        assert_eq!(Store::open_read_only(&path).unwrap().load().unwrap().codings.len(), 1);
    }

    fn two_interviews(path: &Path) -> (Session, Id, Id) {
        let mut s = Session::create(path, "p", "Anna").unwrap();
        let mut add = |name: &str, text: &str| {
            s.run(|p| actions::add_document(p, NewDocument { name, text, source_name: name, turns: vec![] })).unwrap()
        };
        let (a, b) = (add("R1", "R1: één brief van de gemeente"), add("R2", "R2: nee"));
        (s, a, b)
    }

    /// A verb that counts reads no transcript; one that quotes reads only the ones it quotes.
    #[test]
    fn a_load_without_texts_reads_only_the_texts_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.werkbank");
        let (s, a, b) = two_interviews(&path);
        drop(s);
        let mut store = Store::open_read_only(&path).unwrap();
        let mut p = store.load_with(Texts::None).unwrap();
        assert_eq!(p.documents.len(), 2);
        assert!(p.documents.values().all(|d| d.text.is_empty() && !d.text_hash.is_empty()), "{p:?}");
        store.read_texts(&mut p, [a, 9999]).unwrap();
        assert_eq!(&*p.documents[&a].text, "R1: één brief van de gemeente");
        assert_eq!(p.passage(a, 4, 7), "één");
        assert!(p.documents[&b].text.is_empty());
        let full = store.load().unwrap();
        assert_eq!(&*full.documents[&b].text, "R2: nee", "a full load after a lazy one still works");
    }

    /// Texts read after the rest come from the same state of the file: a text changed by another
    /// window in between is not mixed in.
    #[test]
    fn texts_read_later_come_from_the_state_the_project_was_loaded_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.werkbank");
        let (mut writer, a, _) = two_interviews(&path);
        let mut store = Store::open_read_only(&path).unwrap();
        let mut p = store.load_with(Texts::None).unwrap();
        let mut changed = writer.project().documents[&a].clone();
        changed.text = Arc::from("R1: [weggelaten]");
        let before = writer.project().documents[&a].clone();
        let mut edit = Edit::new("Pseudonymise");
        edit.push(Change::update(Entity::Document(before), Entity::Document(changed)));
        writer.perform(edit).unwrap();
        store.read_texts(&mut p, [a]).unwrap();
        assert_eq!(&*p.documents[&a].text, "R1: één brief van de gemeente");
        let now = Store::open_read_only(&path).unwrap().load().unwrap();
        assert_eq!(&*now.documents[&a].text, "R1: [weggelaten]");
    }

    /// Only a read-only store loads without texts: an edit is never built on missing texts.
    #[test]
    fn a_writable_store_always_loads_the_texts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.werkbank");
        let (s, a, _) = two_interviews(&path);
        drop(s);
        let mut store = Store::open(&path).unwrap();
        let p = store.load_with(Texts::None).unwrap();
        assert_eq!(&*p.documents[&a].text, "R1: één brief van de gemeente");
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;

    fn sqlite(code: i32) -> StoreError {
        StoreError::Sql(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None))
    }

    #[test]
    fn sqlite_and_os_errors_are_said_in_the_users_terms() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.werkbank");
        std::fs::write(&p, [&crate::output::PROJECT_HEADER[..], &[0u8; 100]].concat()).unwrap();
        let full = sqlite(rusqlite::ffi::SQLITE_FULL).about(&p);
        assert!(matches!(full, StoreError::DiskFull(_)) && full.to_string().contains("disk holding"), "{full}");
        let io_full = StoreError::Io(std::io::ErrorKind::StorageFull.into()).about(&p);
        assert!(matches!(io_full, StoreError::DiskFull(_)), "{io_full}");
        let ro = sqlite(rusqlite::ffi::SQLITE_READONLY).about(&p);
        assert!(matches!(ro, StoreError::ReadOnlyFile(_)) && ro.to_string().contains("read-only"), "{ro}");
        let corrupt = sqlite(rusqlite::ffi::SQLITE_CORRUPT).about(&p);
        assert!(matches!(corrupt, StoreError::Damaged { .. }) && corrupt.to_string().contains("restore"), "{corrupt}");
        let csv = dir.path().join("t.csv");
        std::fs::write(&csv, "a,b\n").unwrap();
        assert!(matches!(sqlite(rusqlite::ffi::SQLITE_NOTADB).about(&csv), StoreError::NotAProject(_)));
    }
}
