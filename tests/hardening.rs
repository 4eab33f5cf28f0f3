//! Issue 10 (parts 4 and 5): a damaged file from someone else never crashes a merge, a respondent
//! who withdraws can be removed completely (backups included), and a pseudonymised copy or
//! hand-out carries no real name anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use werkbank::core::actions::{self, NewCode, NewDocument};
use werkbank::core::integrity;
use werkbank::core::model::{MemoTarget, Project};
use werkbank::session::Session;
use werkbank::withdrawal::Subject;

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

const INTERVIEW_R3: &str = "I: Waar woont u?\nR3: Aan de Lindenlaan 42, met mijn zus Els.\nI: En het werk?\nR3: Ik vertrouw de gemeente niet.\n";
const FOCUS_GROUP: &str =
    "R4: Ik begin.\nR3: Bij ons in de Lindenlaan is het onrustig.\nR4: Bij ons vertrouwen we elkaar.\n";

/// One speaker turn per line, `R3: …` (the texts here are ASCII: bytes are chars).
fn line_turns(project: &Project, text: &str) -> Vec<actions::NewTurn> {
    let mut at = 0;
    let lines = text
        .split_inclusive('\n')
        .map(|line| {
            let turn = (at, at + line.chars().count(), line.split(':').next().unwrap().to_string());
            at = turn.1;
            turn
        })
        .collect();
    actions::turns_mapped_by_label(project, lines)
}

/// A thesis project in which respondent R3 has an interview of their own and speaks in a focus
/// group with R4; both documents are coded and carry memos. Made through the library (memos have
/// no CLI verb), then closed.
fn project_with_r3(dir: &Path) -> PathBuf {
    let path = dir.join("scriptie.werkbank");
    let mut s = Session::create(&path, "Scriptie over Jan de Vries", "Anna").unwrap();
    let r3 = s.run(|p| actions::add_case(p, "R3")).unwrap();
    s.run(|p| actions::add_case(p, "R4")).unwrap();
    let e = actions::change_case(s.project(), r3, "Set", |c| {
        c.aliases = vec!["Jan de Vries".into()];
        c.description = "Jan de Vries, wethouder".into();
        c.attributes.insert("woonplaats".into(), "Jan de Vries woont in Zwolle".into());
    })
    .unwrap();
    s.perform(e).unwrap();
    let code = s
        .run(|p| {
            actions::add_code(p, NewCode { parent: None, name: "Vertrouwen", kind: None, color: None, description: "" })
        })
        .unwrap();
    let own = s
        .run(|p| {
            let turns = line_turns(p, INTERVIEW_R3);
            actions::add_document(
                p,
                NewDocument {
                    name: "Interview Jan de Vries",
                    text: INTERVIEW_R3,
                    source_name: "Interview Jan de Vries.txt",
                    turns,
                },
            )
        })
        .unwrap();
    let group = s
        .run(|p| {
            let turns = line_turns(p, FOCUS_GROUP);
            actions::add_document(
                p,
                NewDocument { name: "Focusgroep", text: FOCUS_GROUP, source_name: "focusgroep.txt", turns },
            )
        })
        .unwrap();
    let coder = s.coder();
    let at = |text: &str, phrase: &str| {
        let b = text.find(phrase).unwrap();
        (text[..b].chars().count(), text[..b].chars().count() + phrase.chars().count())
    };
    for (doc, text, phrase) in [
        (own, INTERVIEW_R3, "vertrouw de gemeente niet"),
        (group, FOCUS_GROUP, "onrustig"),
        (group, FOCUS_GROUP, "vertrouwen we elkaar"),
    ] {
        let (a, b) = at(text, phrase);
        let k = s.run(|p| actions::add_coding(p, doc, a, b, code, coder)).unwrap();
        let e = actions::set_memo(s.project(), MemoTarget::Coding(k), "", "Jan de Vries klinkt boos", coder).unwrap();
        s.perform(e).unwrap();
    }
    let e =
        actions::set_memo(s.project(), MemoTarget::Document(own), "", "Gesprek bij Jan de Vries thuis", coder).unwrap();
    s.perform(e).unwrap();
    let e = actions::set_memo(s.project(), MemoTarget::Project, "", "Eerste gesprek: Jan de Vries", coder).unwrap();
    s.perform(e).unwrap();
    s.store().backup_now("manual").unwrap();
    path
}

fn file_holds(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The project file, its write-ahead log and every backup.
fn every_file_of(project: &Path) -> Vec<PathBuf> {
    let mut files = vec![project.to_path_buf(), PathBuf::from(format!("{}-wal", project.display()))];
    files.extend(werkbank::store::backup::list_backups(project).into_iter().map(|b| b.path));
    files
}

#[test]
fn a_respondent_who_withdraws_is_removed_from_the_project_and_every_backup() {
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_r3(dir.path());
    let ps = p.to_str().unwrap();
    ok(&["backup", ps]);
    let backups_before = werkbank::store::backup::list_backups(&p).len();
    assert!(backups_before >= 2);
    assert!(every_file_of(&p).iter().any(|f| file_holds(f, "Lindenlaan")), "the test data is not where expected");

    // Without --purge-backups the user is told the backups still hold it.
    let dry = dir.path().join("copy.werkbank");
    std::fs::copy(&p, &dry).unwrap();
    let note = ok(&["delete", dry.to_str().unwrap(), "respondent", "R3"]);
    assert!(note.contains("deleted respondent R3"), "{note}");

    let out = ok(&["delete", ps, "respondent", "R3", "--purge-backups"]);
    assert!(
        out.contains("deleted respondent R3: 1 document(s), 5 speaker turn(s), 2 coding(s), 3 memo(s), passages cut from 1 shared document(s)"),
        "{out}"
    );
    assert!(out.contains(&format!("removed it from {backups_before} backup(s)")), "{out}");

    let s = Session::open_read_only(&p).unwrap();
    let project = s.project();
    assert!(project.case_by_label("R3").is_none());
    assert_eq!(project.documents.len(), 1, "R3's own interview is gone");
    let group = project.documents.values().next().unwrap();
    assert_eq!(
        &*group.text,
        format!("R4: Ik begin.\n{}\nR4: Bij ons vertrouwen we elkaar.\n", werkbank::core::actions::WITHDRAWN_PASSAGE)
    );
    let coded: Vec<&str> = project
        .codings
        .values()
        .map(|k| werkbank::core::text::slice_chars(&project.documents[&k.document].text, k.start, k.end))
        .collect();
    assert_eq!(coded, ["vertrouwen we elkaar"], "R4's coding stays on the same words");
    assert!(integrity::problems(project).is_empty());
    drop(s);

    assert_eq!(werkbank::store::backup::list_backups(&p).len(), backups_before, "no backup was lost or added");
    for f in every_file_of(&p) {
        assert!(!file_holds(&f, "Lindenlaan"), "{} still holds R3's words", f.display());
        if f.extension().is_some_and(|e| e == "werkbank") {
            let b = Session::open_read_only(&f).unwrap();
            b.store().integrity_check().unwrap();
            assert!(b.project().case_by_label("R3").is_none(), "{}", f.display());
        }
    }
}

#[test]
fn deleting_a_document_or_withdrawing_a_respondent_is_one_undoable_action() {
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_r3(dir.path());
    let mut s = Session::open(&p, "Anna").unwrap();
    let before = s.project().clone();
    for subject in [
        Subject::Document { name: "Interview Jan de Vries".into(), text_hash: None },
        Subject::Respondent { label: "R3".into() },
    ] {
        let edit = werkbank::withdrawal::deletion(s.project(), &subject).unwrap().unwrap();
        s.perform(edit).unwrap();
        assert!(werkbank::withdrawal::deletion(s.project(), &subject).unwrap().is_none());
        assert_eq!(s.store().load().unwrap(), *s.project());
        s.undo().unwrap();
        assert_eq!(*s.project(), before, "undoing {subject:?} brings everything back");
    }
    // The CLI names the document and what went with it, and reminds of the backups.
    drop(s);
    let out = ok(&["delete", p.to_str().unwrap(), "document", "Focusgroep"]);
    assert!(
        out.contains("deleted document 'Focusgroep': 1 document(s), 3 speaker turn(s), 2 coding(s), 2 memo(s)"),
        "{out}"
    );
    assert!(out.contains("backup(s) of the project still hold it; run again with --purge-backups"), "{out}");
    assert!(fails(&["delete", p.to_str().unwrap(), "respondent", "R99"]).contains("no respondent 'R99'"));
}

#[test]
fn a_pseudonymised_copy_holds_the_real_name_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_r3(dir.path());
    let ps = p.to_str().unwrap();
    let copy = dir.path().join("anoniem.werkbank");
    ok(&["pseudonymise", ps, "--out", copy.to_str().unwrap()]);
    assert!(!file_holds(&copy, "Vries"), "the copy's file still holds the name");
    let s = Session::open_read_only(&copy).unwrap();
    let c = s.project();
    assert_eq!(c.name, "Scriptie over R3");
    assert!(
        c.document_by_name("Interview R3").is_some(),
        "{:?}",
        c.documents.values().map(|d| &d.name).collect::<Vec<_>>()
    );
    assert!(c.cases.values().all(|r| r.aliases.is_empty()));
    let r3 = c.case_by_label("R3").unwrap();
    assert_eq!(r3.description, "R3, wethouder");
    assert_eq!(r3.attributes["woonplaats"], "R3 woont in Zwolle");
    assert!(c.memos.values().all(|m| !m.text.contains("Vries")));
    assert_eq!(c.memos.values().filter(|m| m.text == "R3 klinkt boos").count(), 3, "coding memos too");
    let log = ok(&["list", copy.to_str().unwrap(), "log"]);
    assert_eq!(s.store().log().unwrap().len(), 1, "a fresh edit log: {log}");
    drop(s);

    // The quotes table of a pseudonymised export names the document by its pseudonym.
    let csv = dir.path().join("quotes.csv");
    ok(&["export", ps, "quotes", csv.to_str().unwrap(), "--code", "Vertrouwen", "--pseudonymise"]);
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(table.contains("Interview R3") && !table.contains("Vries"), "{table}");
}

#[test]
fn a_handout_leaves_real_names_and_memos_behind_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_r3(dir.path());
    let plain = dir.path().join("bert.werkbank");
    ok(&["handout", p.to_str().unwrap(), plain.to_str().unwrap()]);
    let s = Session::open_read_only(&plain).unwrap();
    assert!(s.project().cases.values().all(|c| c.aliases.is_empty() && c.description.is_empty()));
    assert!(s.project().memos.is_empty());
    assert!(s.project().codings.is_empty());
    drop(s);
    let full = dir.path().join("bert-full.werkbank");
    ok(&["handout", p.to_str().unwrap(), full.to_str().unwrap(), "--with-memos", "--with-aliases"]);
    let s = Session::open_read_only(&full).unwrap();
    assert_eq!(s.project().case_by_label("R3").unwrap().aliases, ["Jan de Vries"]);
    assert_eq!(s.project().memos.len(), 2, "the project and document memos; coding memos never travel");
}
