//! The project file's schema as an ordered list of migrations.
//!
//! `PRAGMA user_version` holds how many migrations a file has had. Migrations are only ever
//! appended: a released step is never edited, so every older file can be brought up to date and a
//! file from a newer Werkbank is recognised (its version exceeds [`MIGRATIONS`]'s length).

use crate::core::text::TextDigests;

/// Step `i` takes a file from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the foundation.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE coders (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE attribute_defs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
    CREATE TABLE case_attributes (
        case_id INTEGER NOT NULL REFERENCES cases(id) DEFERRABLE INITIALLY DEFERRED,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (case_id, name)
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        source_name TEXT NOT NULL,
        imported_at INTEGER NOT NULL,
        text_hash TEXT NOT NULL,
        case_id INTEGER REFERENCES cases(id) DEFERRABLE INITIALLY DEFERRED
    );
    CREATE TABLE turns (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        case_id INTEGER REFERENCES cases(id) DEFERRABLE INITIALLY DEFERRED,
        CHECK (start < end)
    );
    CREATE INDEX turns_document ON turns(document_id, start);
    CREATE TABLE codes (
        id INTEGER PRIMARY KEY,
        parent_id INTEGER REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('concept', 'dimension', 'code')),
        color TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        codable INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code_id INTEGER NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        coder_id INTEGER NOT NULL REFERENCES coders(id) DEFERRABLE INITIALLY DEFERRED,
        created_at INTEGER NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        CHECK (start < end)
    );
    CREATE INDEX codings_document ON codings(document_id, start);
    CREATE INDEX codings_code ON codings(code_id);
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'document', 'code', 'case', 'coding')),
        target_id INTEGER,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        author_id INTEGER NOT NULL REFERENCES coders(id) DEFERRABLE INITIALLY DEFERRED,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE edit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        coder TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
        action TEXT NOT NULL,
        changes TEXT NOT NULL
    );
    CREATE TRIGGER edit_log_append_only_update BEFORE UPDATE ON edit_log
        BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END;
    CREATE TRIGGER edit_log_append_only_delete BEFORE DELETE ON edit_log
        BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END;
    "#,
    // 2: document groups (compare "gemeente" with "ministerie" interviews).
    r#"
    ALTER TABLE documents ADD COLUMN group_label TEXT NOT NULL DEFAULT '';
    "#,
    // 3: a turn's start time in the recording, from the transcript's timestamp (milliseconds).
    r#"
    ALTER TABLE turns ADD COLUMN start_ms INTEGER CHECK (start_ms IS NULL OR start_ms >= 0);
    "#,
    // 4: each transcript's content fingerprint, so an import recognises a transcript already in
    // the project without hashing every transcript again; filled by `fill_digests`.
    r#"
    ALTER TABLE documents ADD COLUMN fingerprint BLOB;
    "#,
    // 5: both digests of a text become XXH3-128 (they were SHA-256): recomputed for every
    // document by `fill_digests`, which this step marks by clearing the fingerprints.
    r#"
    UPDATE documents SET fingerprint = NULL;
    "#,
];

/// A step whose values SQL cannot compute: filled in Rust after the step's SQL, in the same
/// transaction, so a file at that version always has them. Keyed by the version the step reaches.
pub type Fill = fn(&rusqlite::Connection) -> rusqlite::Result<()>;

/// The fills of [`MIGRATIONS`], by the version their step reaches.
pub const FILLS: &[(i64, Fill)] = &[(4, fill_digests), (5, fill_digests)];

/// Gives every document without a fingerprint its [`TextDigests`] (fingerprint and text hash),
/// one text in memory at a time.
fn fill_digests(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM documents WHERE fingerprint IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut read = conn.prepare("SELECT text FROM documents WHERE id = ?1")?;
    let mut write = conn.prepare("UPDATE documents SET fingerprint = ?2, text_hash = ?3 WHERE id = ?1")?;
    for id in ids {
        let d = read.query_row([id], |r| Ok(TextDigests::of(super::rows::text_at(r, 0)?)))?;
        write.execute(rusqlite::params![id, &d.fingerprint[..], d.text_hash])?;
    }
    Ok(())
}

/// The version a file has after all migrations.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
