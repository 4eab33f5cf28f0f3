//! Issue 10 (parts 4 and 5): a damaged file from someone else never crashes a merge, a reader next
//! to a writer sees one consistent state, a respondent who withdraws can be removed completely,
//! and a pseudonymised copy or hand-out carries no real name anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use werkbank::session::Session;

const BIN: &str = env!("CARGO_BIN_EXE_werkbank");

fn werkbank(args: &[&str]) -> Output {
    Command::new(BIN).args(args).args(["--coder", "Anna"]).output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = werkbank(args);
    assert!(out.status.success(), "werkbank {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let out = werkbank(args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "werkbank {args:?} should fail with a message, got: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A small coded project made through the CLI: one interview, two codes (one below the other),
/// one coding of each.
fn coded_project(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(format!("{name}.werkbank"));
    let ps = p.to_str().unwrap();
    let t = dir.join(format!("{name}-interview.txt"));
    std::fs::write(&t, "I: Hoe gaat het?\nR1: Goed, het vertrouwen in de gemeente groeit.\n").unwrap();
    let codes = dir.join(format!("{name}-codes.txt"));
    std::fs::write(&codes, "Vertrouwen\n  Gemeente\n").unwrap();
    ok(&["new", ps]);
    ok(&["import", ps, t.to_str().unwrap()]);
    ok(&["codebook", "import", ps, codes.to_str().unwrap()]);
    ok(&["code", ps, "--code", "Vertrouwen", "--phrase", "vertrouwen"]);
    ok(&["code", ps, "--code", "Vertrouwen > Gemeente", "--phrase", "gemeente"]);
    p
}

fn damage(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn merging_a_damaged_project_file_is_refused_with_a_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mine = coded_project(dir.path(), "mine");
    let before = Session::open_read_only(&mine).unwrap().project().clone();
    for (what, sql, says) in [
        (
            "a coding of a code that does not exist",
            "UPDATE codings SET code_id = 9999;",
            "code 9999 that does not exist",
        ),
        (
            "a code that is its own grandparent",
            "UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'Gemeente') WHERE name = 'Vertrouwen';",
            "is its own ancestor",
        ),
        ("a coding in a document that does not exist", "UPDATE codings SET document_id = 777;", "document 777"),
        ("a coder used as a code id too", "UPDATE coders SET id = (SELECT min(id) FROM codes);", "is used by a"),
        (
            "a memo by nobody",
            "INSERT INTO memos(target_kind, text, author_id, updated_at) VALUES ('project', 'x', 4242, 0);",
            "coder 4242",
        ),
    ] {
        let theirs = coded_project(dir.path(), &format!("theirs-{}", what.len()));
        damage(&theirs, sql);
        let err = fails(&["merge", mine.to_str().unwrap(), theirs.to_str().unwrap()]);
        assert!(err.contains("damaged") && err.contains(says), "{what}: {err}");
        assert_eq!(Session::open_read_only(&mine).unwrap().project(), &before, "{what}: the merge changed my project");
    }
}
