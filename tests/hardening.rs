//! Issue 10 (parts 4, 5 and 6): a damaged file from someone else never crashes a merge, a respondent
//! who withdraws can be removed completely (backups included), a pseudonymised copy or hand-out
//! carries no real name anywhere, and hostile names and texts give safe output.

mod support;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;
use werkbank::core::actions::{self, NewCode, NewDocument};
use werkbank::core::integrity;
use werkbank::core::model::{MemoTarget, Project};
use werkbank::export::{Cell, Table};
use werkbank::session::Session;
use werkbank::withdrawal::Subject;
use werkbank::xml_escape::xml_char_ok;

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
        let err = fails(&["merge", mine.to_str().unwrap(), theirs.to_str().unwrap(), "--lang", "en"]);
        assert!(err.contains("damaged") && err.contains(says), "{what}: {err}");
        let nl = fails(&["merge", mine.to_str().unwrap(), theirs.to_str().unwrap()]);
        assert!(
            nl.contains("niets samengevoegd uit") && nl.contains("beschadigd") && nl.contains(says),
            "{what}: {nl}"
        );
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
    assert!(note.contains("respondent R3 verwijderd: 1 document, 5 spreekbeurten, 2 coderingen, 3 memo's"), "{note}");
    assert!(note.contains("let op: 1 back-up van het project bevat het nog"), "{note}");

    let out = ok(&["delete", ps, "respondent", "R3", "--purge-backups", "--lang", "en"]);
    assert!(
        out.contains("Deleted respondent R3: 1 document, 5 speaker turns, 2 codings, 3 memos, passages cut from 1 shared document"),
        "{out}"
    );
    assert!(out.contains(&format!("removed it from {backups_before} backups")), "{out}");

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

/// A project made with an older Werkbank keeps, beside it, the copy taken before it was upgraded,
/// and each of its backups is upgraded when it is purged: a respondent who withdraws is removed
/// from those copies too, and purging leaves no copy of its own behind.
#[test]
fn a_respondent_who_withdraws_is_removed_from_the_copies_kept_from_before_an_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_r3(dir.path());
    let ps = p.to_str().unwrap();
    ok(&["backup", ps]);
    // Version 5 only recomputed the digests: a file of today set back to version 4 is one of then.
    let made_older = |f: &Path| rusqlite::Connection::open(f).unwrap().pragma_update(None, "user_version", 4).unwrap();
    made_older(&p);
    for b in werkbank::store::backup::list_backups(&p) {
        made_older(&b.path);
    }
    drop(Session::open(&p, "Anna").unwrap()); // the upgrade, and its copy from before
    let upgraded_from = p.with_extension("v4.backup.werkbank");
    assert!(file_holds(&upgraded_from, "Lindenlaan"), "the test data is not where expected");

    let out = ok(&["delete", ps, "respondent", "R3", "--purge-backups", "--lang", "en"]);
    assert!(out.contains("Deleted respondent R3"), "{out}");
    let mut files = vec![];
    let mut folders = vec![dir.path().to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { folders.push(path) } else { files.push(path) }
        }
    }
    assert!(files.contains(&upgraded_from), "{files:?}");
    for f in &files {
        assert!(!file_holds(f, "Lindenlaan"), "{} still holds R3's words", f.display());
    }
    let copies = files.iter().filter(|f| f.to_string_lossy().contains(".backup.werkbank")).count();
    assert_eq!(copies, 1, "purging made no copies of its own: {files:?}");
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
    let out = ok(&["delete", p.to_str().unwrap(), "document", "Focusgroep", "--lang", "en"]);
    assert!(out.contains("Deleted document 'Focusgroep': 1 document, 3 speaker turns, 2 codings, 2 memos"), "{out}");
    assert!(out.contains("backup of the project still holds it; run again with --purge-backups"), "{out}");
    assert!(fails(&["delete", p.to_str().unwrap(), "respondent", "R99"]).contains("geen respondent 'R99'"));
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

// ---------------------------------------------------------------------------------------------
// Part 6: whatever names and texts a project holds, what Werkbank writes is safe to open. A code
// named `=HYPERLINK(…)` does not become a live formula in Excel, text pasted from Word with its
// vertical tabs and page breaks still gives a valid Word document, a REFI-QDA file from someone
// else cannot put terminal escape sequences into names, and listing a project never lets its data
// drive the terminal.

fn has_python() -> bool {
    Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The rows of a CSV file as a spreadsheet reads them: through Python's csv module when python3
/// is there (an independent reader), else the csv crate.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    if has_python() {
        let out = Command::new("python3")
            .args([
                "-c",
                "import csv,sys,json; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))",
            ])
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        return serde_json::from_slice(&out.stdout).unwrap();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let mut r =
        csv::ReaderBuilder::new().has_headers(false).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

/// What a spreadsheet would run: a cell starting with `= + - @`, tab or CR that is not a number.
fn live_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.trim().parse::<f64>().is_err()
}

/// Every XML part of a zip container (docx, xlsx, qdpx) as text.
fn xml_parts(path: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".qde") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            parts.push((name, s));
        }
    }
    assert!(!parts.is_empty(), "{} holds no XML", path.display());
    parts
}

/// Asserts `xml` is well-formed XML 1.0: no forbidden character (raw or as a character reference),
/// parsed to the end by quick-xml, and by Python's expat (which enforces the character rules)
/// when python3 is there.
fn assert_valid_xml(what: &str, xml: &str) {
    if let Some(c) = xml.chars().find(|&c| !xml_char_ok(c)) {
        panic!("{what} holds U+{:04X}, which XML 1.0 forbids", c as u32);
    }
    for bad in ["&#1;", "&#x1;", "&#11;", "&#xB;", "&#12;", "&#27;", "&#x1B;", "&#7;"] {
        assert!(!xml.contains(bad), "{what} holds the forbidden reference {bad}");
    }
    let mut r = quick_xml::Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{what} is not well-formed: {e}"),
        }
    }
    if has_python() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("part.xml");
        std::fs::write(&f, xml).unwrap();
        let out = Command::new("python3")
            .args(["-c", "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{what}: expat refuses it: {}", String::from_utf8_lossy(&out.stderr));
    }
}

const HOSTILE_CODES: [&str; 4] =
    ["=HYPERLINK(\"http://evil.example\";\"klik\")", "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3"];

/// Text pasted from Word: a manual line break (\v), a page break (\f) and a stray control character.
const INTERVIEW: &str =
    "I: Wat vindt u ervan?\nR1: =1+1 zei ze,\u{0B}en toen\u{0C}was het klaar\u{1}.\nR1: @iedereen weet dat.\n";

/// A project whose code names are spreadsheet formulas and whose transcript came from Word, with
/// every code applied once (made through the library: hostile text is what it must survive).
fn hostile_project(dir: &Path) -> PathBuf {
    let path = dir.join("hostile.werkbank");
    let mut s = Session::create(&path, "Hostile", "Anna").unwrap();
    let doc = s
        .run(|p| {
            actions::add_document(
                p,
                NewDocument { name: "Interview 1", text: INTERVIEW, source_name: "i1.docx", turns: vec![] },
            )
        })
        .unwrap();
    let coder = s.coder();
    let find = |phrase: &str| {
        let b = INTERVIEW.find(phrase).unwrap();
        let a = INTERVIEW[..b].chars().count();
        (a, a + phrase.chars().count())
    };
    let passages =
        ["=1+1 zei ze,\u{0B}en toen\u{0C}was het klaar\u{1}.", "@iedereen weet dat.", "Wat vindt u", "ervan"];
    for (name, passage) in HOSTILE_CODES.iter().zip(passages) {
        let code = s
            .run(|p| actions::add_code(p, NewCode { parent: None, name, kind: None, color: None, description: "" }))
            .unwrap();
        let (a, b) = find(passage);
        s.run(|p| actions::add_coding(p, doc, a, b, code, coder)).unwrap();
    }
    path
}

#[test]
fn a_csv_export_never_hands_excel_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_project(dir.path());
    let ps = p.to_str().unwrap();
    for report in ["segments", "frequencies", "matrix"] {
        let out = dir.path().join(format!("{report}.csv"));
        ok(&["export", ps, report, out.to_str().unwrap()]);
        let rows = csv_rows(&out);
        for cell in rows.iter().flatten() {
            assert!(!live_formula(cell), "{report}.csv hands Excel the formula {cell:?}");
        }
        let all: Vec<&String> = rows.iter().flatten().collect();
        assert!(
            all.iter().any(|c| c.as_str() == "'=HYPERLINK(\"http://evil.example\";\"klik\")"),
            "{report}.csv lost the code name: {all:?}"
        );
    }
    let rows = csv_rows(&dir.path().join("segments.csv"));
    let texts: Vec<&str> = rows.iter().map(|r| r[6].as_str()).collect();
    assert!(texts.contains(&"'@iedereen weet dat."), "a coded passage starting with @ is neutralised: {texts:?}");
}

#[test]
fn numbers_stay_numbers_while_formula_text_becomes_text() {
    let mut t = Table::new("Kappa", vec!["Code".into(), "Kappa".into(), "Verschil".into(), "Label".into()]);
    t.rows.push(vec![Cell::text("=1+2"), Cell::Float(-0.25), Cell::Int(-3), Cell::text("-3")]);
    t.rows.push(vec![Cell::text("\tTab"), Cell::Float(0.5), Cell::Int(2), Cell::text("\rCR")]);
    t.rows.push(vec![Cell::text("  =padded"), Cell::Empty, Cell::Int(0), Cell::text("-2+3")]);

    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("t.csv");
    std::fs::write(&csv_path, werkbank::export::csv::csv_bytes(&t, Default::default()).unwrap()).unwrap();
    let rows = csv_rows(&csv_path);
    assert_eq!(rows[1], ["'=1+2", "-0.25", "-3", "-3"]);
    assert_eq!(rows[2], ["'\tTab", "0.50", "2", "'\rCR"]);
    assert_eq!(rows[3], ["'  =padded", "", "0", "'-2+3"]);

    let xlsx = dir.path().join("t.xlsx");
    std::fs::write(&xlsx, werkbank::export::xlsx::xlsx_bytes(std::slice::from_ref(&t)).unwrap()).unwrap();
    let parts = xml_parts(&xlsx);
    let part = |n: &str| parts.iter().find(|(name, _)| name == n).map(|(_, s)| s.clone()).unwrap();
    let sheet = part("xl/worksheets/sheet1.xml");
    let styles = part("xl/styles.xml");
    // Numbers are number cells (no t="s"), negative ones included.
    assert!(sheet.contains("<c r=\"B2\" s=") || sheet.contains("<c r=\"B2\">"), "{sheet}");
    assert!(sheet.contains("<v>-0.25</v>") && sheet.contains("<v>-3</v>"), "{sheet}");
    // Formula-like text is a string cell in a style with Excel's quote prefix; plain text is not.
    let xfs: Vec<&str> =
        styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap().split("<xf ").skip(1).collect();
    let style_of = |cell: &str| -> Option<usize> {
        let at = sheet.find(&format!("<c r=\"{cell}\""))?;
        let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
        tag.split(" s=\"").nth(1).map(|s| s.split('"').next().unwrap().parse().unwrap())
    };
    for cell in ["A2", "A3", "D3", "A4", "D4"] {
        let s = style_of(cell).unwrap_or_else(|| panic!("{cell} has no style: {sheet}"));
        assert!(xfs[s].contains("quotePrefix=\"1\""), "{cell} is not quote-prefixed: {}", xfs[s]);
        assert!(
            sheet[sheet.find(&format!("<c r=\"{cell}\"")).unwrap()..].split('>').next().unwrap().contains("t=\"s\"")
        );
    }
    assert!(style_of("D2").is_none_or(|s| !xfs[s].contains("quotePrefix")), "the text \"-3\" is not a formula");
    for (name, xml) in &parts {
        assert_valid_xml(name, xml);
    }
}

#[test]
fn every_file_written_from_hostile_text_is_valid_xml() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_project(dir.path());
    let ps = p.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    for (report, file) in [
        ("segments", "segments.docx"),
        ("segments", "segments.xlsx"),
        ("appendix", "appendix.docx"),
        ("appendix", "appendix.xlsx"),
        ("segments", "segments.html"),
        ("bar-chart", "chart.svg"),
    ] {
        ok(&["export", ps, report, &out(file)]);
    }
    ok(&["export", ps, "quotes", &out("quotes.docx"), "--code", "=HYPERLINK(\"http://evil.example\";\"klik\")"]);
    ok(&["refi", "export", ps, &out("project.qdpx")]);
    ok(&["refi", "export", ps, &out("codes.qdc")]);
    for file in ["segments.docx", "segments.xlsx", "appendix.docx", "appendix.xlsx", "quotes.docx", "project.qdpx"] {
        for (name, xml) in xml_parts(&dir.path().join(file)) {
            assert_valid_xml(&format!("{file}:{name}"), &xml);
        }
    }
    for file in ["chart.svg", "codes.qdc"] {
        assert_valid_xml(file, &std::fs::read_to_string(dir.path().join(file)).unwrap());
    }
    let html = std::fs::read_to_string(dir.path().join("segments.html")).unwrap();
    assert!(html.chars().all(xml_char_ok), "the HTML report carries control characters");
    // Word's line and page breaks inside the quote become line breaks, the passage is all there.
    let quotes = xml_parts(&dir.path().join("quotes.docx"));
    let doc = &quotes.iter().find(|(n, _)| n == "word/document.xml").unwrap().1;
    assert!(doc.contains("en toen") && doc.contains("was het klaar"), "the quote lost its text");
}

/// A minimal REFI-QDA project whose names carry terminal escape sequences and bells, as a hostile
/// (or broken) file from another tool might.
fn hostile_qdpx(dir: &Path) -> PathBuf {
    let esc = "\u{1b}[2J\u{1b}]0;pwned\u{7}";
    let qde = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project name="P{esc}" xmlns="urn:QDA-XML:project:1.0">
<Users><User guid="00000000-0000-0000-0000-000000000001" name="Eve{esc}"/></Users>
<CodeBook><Codes><Code guid="00000000-0000-0000-0000-000000000002" name="Trust{esc}" isCodable="true"/></Codes></CodeBook>
<Variables><Variable guid="00000000-0000-0000-0000-000000000005" name="Role{esc}" typeOfVariable="Text"/></Variables>
<Cases><Case guid="00000000-0000-0000-0000-000000000006" name="R1{esc}"><VariableValue><VariableRef targetGUID="00000000-0000-0000-0000-000000000005"/><TextValue>mayor{esc}</TextValue></VariableValue></Case></Cases>
<Sources><TextSource guid="00000000-0000-0000-0000-000000000003" name="Interview{esc}" plainTextPath="internal://00000000-0000-0000-0000-000000000003.txt">
<PlainTextSelection guid="00000000-0000-0000-0000-000000000004" startPosition="0" endPosition="5" creatingUser="00000000-0000-0000-0000-000000000001"><Coding guid="00000000-0000-0000-0000-000000000007" creatingUser="00000000-0000-0000-0000-000000000001"><CodeRef targetGUID="00000000-0000-0000-0000-000000000002"/></Coding></PlainTextSelection>
</TextSource></Sources>
</Project>"#
    );
    let path = dir.join("hostile.qdpx");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("project.qde", opts).unwrap();
    std::io::Write::write_all(&mut z, qde.as_bytes()).unwrap();
    z.start_file("sources/00000000-0000-0000-0000-000000000003.txt", opts).unwrap();
    std::io::Write::write_all(&mut z, b"Hello world, I trust the council.\n").unwrap();
    z.finish().unwrap();
    path
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

#[test]
fn imported_names_carry_no_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let out = werkbank(&["refi", "import", ps, hostile_qdpx(dir.path()).to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // A transcript whose file name carries a bell, a codebook written on a Mac (decomposed
    // characters) and a respondent table with escapes.
    let t = dir.path().join("Gesprek\u{7} twee.txt");
    std::fs::write(&t, "I: Vraag?\nR2: Antwoord.\n").unwrap();
    ok(&["import", ps, t.to_str().unwrap()]);
    let cb = dir.path().join("codes.json");
    std::fs::write(&cb, r#"{"codes": [{"name": "Waarden\u2067[31m", "children": [{"name": "A\u030Aberg"}]}]}"#)
        .unwrap();
    ok(&["codebook", "import", ps, cb.to_str().unwrap()]);
    let table = dir.path().join("resp.csv");
    let rows: String = (3..40).map(|i| format!("R{i},ambtenaar bij de gemeente\n")).collect();
    std::fs::write(&table, format!("label,functie\u{1b}[5m\nR2\u{7},wethouder\n{rows}")).unwrap();
    ok(&["respondent", "import", ps, table.to_str().unwrap()]);

    let project = werkbank::store::Store::open_read_only(&p).unwrap().load().unwrap();
    let mut names: Vec<String> = Vec::new();
    names.extend(project.codes.values().map(|c| c.name.clone()));
    names.extend(project.documents.values().map(|d| d.name.clone()));
    names.extend(project.coders.values().map(|c| c.name.clone()));
    names.extend(project.attribute_defs.values().map(|a| a.name.clone()));
    for c in project.cases.values() {
        names.push(c.label.clone());
        names.extend(c.attributes.iter().flat_map(|(k, v)| [k.clone(), v.clone()]));
    }
    names.extend(project.turns.values().map(|t| t.speaker.to_string()));
    for n in &names {
        assert!(!has_control(n), "a stored name carries a control character: {n:?}");
        assert!(!n.contains('\u{2067}'), "a stored name carries a bidi isolate: {n:?}");
    }
    for expected in [
        "Trust[2J]0;pwned",
        "Eve[2J]0;pwned",
        "Interview[2J]0;pwned",
        "Gesprek twee",
        "Waarden[31m",
        "\u{C5}berg",
        "R2",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected:?} not among {names:?}");
    }
}

#[test]
fn listing_a_project_never_sends_its_data_to_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_project(dir.path());
    let ps = p.to_str().unwrap();
    // A project written by an older Werkbank (or by hand) may still hold such names.
    let conn = rusqlite::Connection::open(&p).unwrap();
    conn.execute("UPDATE codes SET name = name || char(27) || '[2J' || char(7) || char(155) || 'x'", []).unwrap();
    conn.execute("UPDATE documents SET name = 'Interview' || char(27) || ']0;title' || char(7)", []).unwrap();
    drop(conn);
    for what in ["codes", "codings", "documents"] {
        let out = werkbank(&["list", ps, what]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "list {what} printed {text:?}");
        assert!(text.contains("\\u{1b}"), "list {what} shows the escape character visibly: {text}");
    }
    let out = werkbank(&["code", ps, "--code", "\u{1b}[2Jgone", "--doc", "Interview", "--range", "0..3"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains('\u{1b}') && err.contains("\\u{1b}[2Jgone"), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Part 7: errors that say what happened, and nothing counted twice.

fn lines_of(args: &[&str]) -> usize {
    ok(args).lines().filter(|l| !l.trim().is_empty()).count()
}

#[test]
fn a_ranges_file_is_checked_whole_then_coded_in_one_action_and_never_twice() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path(), "p");
    let ps = p.to_str().unwrap();
    let before = lines_of(&["list", ps, "codings"]);
    let log_before = lines_of(&["list", ps, "log"]);

    let ranges = dir.path().join("ranges.tsv");
    std::fs::write(
        &ranges,
        "p-interview\t0\t2\tVertrouwen\np-interview\t3\t6\n\np-interview\t10\t999\np-interview\t0\t4\tGeen code\np-interview\tx\t4\nnergens\t0\t4\n",
    )
    .unwrap();
    let err = fails(&["code", ps, "--ranges-file", ranges.to_str().unwrap(), "--code", "Vertrouwen > Gemeente"]);
    for line in ["regel 4:", "regel 5:", "regel 6:", "regel 7:"] {
        assert!(err.contains(line), "the report names {line}: {err}");
    }
    assert!(!err.contains("regel 1:") && !err.contains("regel 2:"), "{err}");
    assert!(err.contains("regel 4: het bereik 10..999 valt buiten 'p-interview'"), "{err}");
    assert!(err.contains("Geen code") && err.contains("'x'"), "{err}");
    assert!(err.contains("4 foute regels; er is niets gecodeerd"), "{err}");
    assert_eq!(lines_of(&["list", ps, "codings"]), before, "a bad file coded something");

    // Fixed: the good lines, plus one passage the project already has coded by this coder.
    let existing = ok(&["list", ps, "codings"]);
    let first = existing.lines().next().unwrap();
    let f: Vec<&str> = first.split('\t').collect();
    let (a, b) = f[2].split_once("..").unwrap();
    std::fs::write(
        &ranges,
        format!("p-interview\t0\t2\tVertrouwen\np-interview\t3\t6\np-interview\t{a}\t{b}\t{}\n", f[3]),
    )
    .unwrap();
    let out = ok(&["code", ps, "--ranges-file", ranges.to_str().unwrap(), "--code", "Vertrouwen > Gemeente"]);
    assert!(out.contains("2 coderingen uit ") && out.contains("in één handeling"), "{out}");
    assert!(out.contains("1 al precies zo gecodeerd overgeslagen"), "{out}");
    assert_eq!(lines_of(&["list", ps, "codings"]), before + 2);
    assert_eq!(lines_of(&["list", ps, "log"]), log_before + 1, "one action, one log entry");

    // Running it again adds nothing.
    let out = ok(&["code", ps, "--ranges-file", ranges.to_str().unwrap(), "--code", "Vertrouwen > Gemeente"]);
    assert!(out.contains("0 coderingen uit ") && out.contains("3 al precies zo gecodeerd overgeslagen"), "{out}");
    assert_eq!(lines_of(&["list", ps, "codings"]), before + 2);
}

#[test]
fn coding_the_same_passage_twice_adds_one_coding() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path(), "p");
    let ps = p.to_str().unwrap();
    let before = lines_of(&["list", ps, "codings"]);
    ok(&["code", ps, "--code", "Vertrouwen", "--doc", "p-interview", "--range", "0..2"]);
    let again = ok(&["code", ps, "--code", "Vertrouwen", "--doc", "p-interview", "--range", "0..2"]);
    assert!(again.contains("al gecodeerd"), "{again}");
    ok(&["code", ps, "--code", "Vertrouwen", "--phrase", "vertrouwen"]);
    assert_eq!(lines_of(&["list", ps, "codings"]), before + 1);
    // Another coder's identical coding is a coding of its own (that is what agreement compares).
    let out = Command::new(BIN)
        .args(["code", ps, "--code", "Vertrouwen", "--doc", "p-interview", "--range", "0..2", "--coder", "Bram"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(lines_of(&["list", ps, "codings"]), before + 2);
    // Out of the text: a clear refusal, nothing added.
    let err = fails(&["code", ps, "--code", "Vertrouwen", "--doc", "p-interview", "--range", "5..5000"]);
    assert!(err.contains("het bereik 5..5000 valt buiten 'p-interview', dat 65 tekens heeft"), "{err}");
}

#[test]
fn errors_say_what_happened_and_say_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path(), "p");
    let ps = p.to_str().unwrap();
    let ranges = dir.path().join("r.tsv");
    std::fs::write(&ranges, "p-interview\t0\t3\tVertrouwen\n").unwrap();
    let codes = dir.path().join("p-codes.txt");

    // Not a project: a table.
    let err = fails(&["list", ranges.to_str().unwrap()]);
    assert!(err.contains("is geen projectbestand van Werkbank"), "{err}");
    let err = fails(&["list", ranges.to_str().unwrap(), "--lang", "en"]);
    assert!(err.contains("is not a Werkbank project file"), "{err}");

    // Damaged: a truncated copy of a real project, for reading and for writing; restore refuses it.
    let bytes = std::fs::read(&p).unwrap();
    let broken = dir.path().join("broken.werkbank");
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let bs = broken.to_str().unwrap();
    for args in [vec!["list", bs, "codes"], vec!["codebook", "import", bs, codes.to_str().unwrap()]] {
        let err = fails(&args);
        assert!(err.contains("is damaged") && err.contains("werkbank restore"), "{args:?}: {err}");
        assert!(!err.contains("not a Werkbank project"), "{err}");
        assert_eq!(err.matches(bs).count(), 2, "the file is named once, plus once in the advice: {err}");
    }
    let err = fails(&["restore", ps, bs, "--lang", "en"]);
    assert!(err.contains("damaged") && err.contains("The project is unchanged"), "{err}");
    let err = fails(&["restore", ps, bs]);
    assert!(err.contains("is niet teruggezet: damaged") && err.contains("Het project is niet veranderd"), "{err}");

    // Missing: said once.
    let missing = dir.path().join("nope.werkbank");
    let err = fails(&["list", missing.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(err.matches("does not exist").count(), 1, "{err}");
    let err = fails(&["list", missing.to_str().unwrap()]);
    assert_eq!(err.matches("bestaat niet").count(), 1, "{err}");

    // Read-only: refused before SQLite writes anything, and no side file blocks later writes.
    let mut perms = std::fs::metadata(&p).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&p, perms.clone()).unwrap();
    let err = fails(&["code", ps, "--ranges-file", ranges.to_str().unwrap()]);
    assert!(err.contains("is read-only"), "{err}");
    assert!(!err.contains("not a Werkbank project"), "{err}");
    for side in ["-wal", "-shm"] {
        assert!(!dir.path().join(format!("p.werkbank{side}")).exists(), "a {side} file was left behind");
    }
    ok(&["list", ps, "codes"]);
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&p, perms.clone()).unwrap();
    // A read-only -shm left by an older Werkbank or another tool does not block writes either.
    let shm = dir.path().join("p.werkbank-shm");
    std::fs::write(&shm, b"").unwrap();
    let mut ro = perms.clone();
    ro.set_readonly(true);
    std::fs::set_permissions(&shm, ro).unwrap();
    let out = ok(&["code", ps, "--ranges-file", ranges.to_str().unwrap()]);
    assert!(out.contains("1 codering uit "), "{out}");
    assert!(!shm.exists() || !std::fs::metadata(&shm).unwrap().permissions().readonly());

    // Open elsewhere: says which process holds it.
    let held = Session::open(&p, "Bram").unwrap();
    let err = fails(&["code", ps, "--code", "Vertrouwen", "--doc", "p-interview", "--range", "5..9"]);
    assert!(err.contains("already open") && err.contains(&format!("pid {}", std::process::id())), "{err}");
    drop(held);
}

#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path(), "p");
    for what in ["codings", "codes", "log"] {
        let mut child = Command::new(BIN)
            .args(["list", p.to_str().unwrap(), what])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader went away, as `| head -0` does
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 141)), "list {what} exited with {:?}: {err}", out.status);
        assert!(err.is_empty(), "list {what} complained: {err}");
    }
}

/// A folder as a student's interview folder really looks: one transcript, the same transcript
/// saved again as Markdown (CRLF line ends, other spacing, NFD accents as macOS writes them), Word's lock file, macOS's folder file,
/// a photo, an empty placeholder and an old subfolder.
fn messy_interview_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("interviews");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("1 Interview A1.txt"),
        "I: Hoe gaat het?\nR1: Goed, het vertrouwen in het caf\u{e9} groeit.\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("2 Interview A1 kopie.md"),
        "I: Hoe gaat het?\r\nR1:  Goed, het vertrouwen in het cafe\u{301} groeit.\r\n\r\n",
    )
    .unwrap();
    std::fs::write(folder.join("~$Interview A1.docx"), b"lock").unwrap();
    std::fs::write(folder.join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    std::fs::write(folder.join("foto.jpg"), b"\xff\xd8\xff").unwrap();
    std::fs::write(folder.join("leeg.txt"), b"").unwrap();
    std::fs::create_dir(folder.join("oud")).unwrap();
    folder
}

#[test]
fn a_folder_import_lists_every_file_it_skipped_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let folder = messy_interview_folder(dir.path());
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let out = ok(&["import", ps, folder.to_str().unwrap(), "--lang", "en"]);
    assert!(out.contains("imported 1 of 7 files; skipped 6:"), "{out}");
    let dutch = ok(&["import", ps, folder.to_str().unwrap()]);
    assert!(dutch.contains("0 van 7 bestanden geïmporteerd; 7 overgeslagen:"), "{dutch}");
    assert!(dutch.contains("  foto.jpg: geen transcriptformaat (.jpg)"), "{dutch}");
    assert!(dutch.contains("  oud: een map (mappen worden niet doorzocht; importeer die apart)"), "{dutch}");
    let reason = |file: &str| {
        let line = out.lines().find(|l| l.trim_start().starts_with(&format!("{file}:")));
        line.unwrap_or_else(|| panic!("{file} is not listed as skipped:\n{out}")).to_string()
    };
    assert!(reason("2 Interview A1 kopie.md").contains("duplicate"), "{out}");
    assert!(reason("2 Interview A1 kopie.md").contains("“1 Interview A1”"), "the note names the document: {out}");
    assert!(reason("~$Interview A1.docx").contains("temporary"), "{out}");
    assert!(reason(".DS_Store").contains("hidden"), "{out}");
    assert!(reason("foto.jpg").contains("not a transcript format (.jpg)"), "{out}");
    assert!(reason("leeg.txt").contains("empty"), "{out}");
    assert!(reason("oud").contains("folder"), "{out}");
    let docs = ok(&["list", ps, "documents", "--json"]);
    let docs: Vec<serde_json::Value> = serde_json::from_str(&docs).unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");

    // A damaged transcript is not passed over quietly: it is listed, and the import fails.
    std::fs::write(folder.join("3 Interview A2.docx"), b"PK\x03\x04 not really a zip").unwrap();
    let out = werkbank(&["import", ps, folder.to_str().unwrap(), "--lang", "en"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stdout.contains("imported 0 of 8 files; skipped 7:"), "{stdout}");
    assert!(stderr.contains("3 Interview A2.docx: the file is not a readable document archive"), "{stderr}");
    assert!(stderr.contains("1 file could not be imported"), "{stderr}");
}

#[test]
fn a_transcript_already_in_the_project_is_skipped_unless_duplicates_are_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = messy_interview_folder(dir.path());
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    let count =
        || serde_json::from_str::<Vec<serde_json::Value>>(&ok(&["list", ps, "documents", "--json"])).unwrap().len();
    ok(&["new", ps]);
    ok(&["import", ps, folder.join("1 Interview A1.txt").to_str().unwrap()]);
    // The same interview again, now as the Markdown copy.
    let again = folder.join("2 Interview A1 kopie.md");
    let out = ok(&["import", ps, again.to_str().unwrap()]);
    assert!(out.contains("0 van 1 bestand geïmporteerd; 1 overgeslagen:"), "{out}");
    assert!(out.contains("dezelfde tekst als het document “1 Interview A1” dat al in het project staat"), "{out}");
    assert!(out.contains("--allow-duplicates"), "{out}");
    assert_eq!(count(), 1);
    let out = ok(&["import", ps, again.to_str().unwrap(), "--allow-duplicates", "--lang", "en"]);
    assert!(out.contains("imported 1 of 1 file\n"), "{out}");
    assert_eq!(count(), 2);
    // Each transcript is stored with the fingerprint the next import compares against.
    let conn = rusqlite::Connection::open(&p).unwrap();
    let mut st = conn.prepare("SELECT text, fingerprint FROM documents").unwrap();
    let stored: Vec<(String, Vec<u8>)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(stored.len(), 2);
    for (text, fingerprint) in stored {
        assert_eq!(fingerprint, werkbank::core::text::content_fingerprint(&text), "{text}");
    }
}

/// The preview reads no transcript of the project (it loads it without texts) and still knows
/// the ones already in it, by their stored fingerprints.
#[test]
fn a_project_loaded_without_its_texts_still_recognises_a_transcript_already_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = messy_interview_folder(dir.path());
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    ok(&["import", ps, folder.join("1 Interview A1.txt").to_str().unwrap()]);
    let s = Session::open_read_only_without_texts(&p).unwrap();
    assert!(s.project().documents.values().all(|d| d.text.is_empty()));
    let copy = folder.join("2 Interview A1 kopie.md");
    let plan = werkbank::workflow::plan_file(s.project(), &copy, &Default::default()).unwrap();
    let mut dups = werkbank::workflow::DuplicateCheck::new(s.project());
    assert_eq!(
        werkbank::workflow::skip_reason(&plan, &mut dups, false),
        Some(werkbank::workflow::SkipReason::Duplicate { of: "1 Interview A1".into() })
    );
}

#[test]
fn the_preview_of_a_transcript_already_in_the_project_says_it_would_be_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let folder = messy_interview_folder(dir.path());
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let a1 = folder.join("1 Interview A1.txt");
    ok(&["import", ps, a1.to_str().unwrap()]);
    let before = std::fs::read(&p).unwrap();
    // The same text again, under its own name and as the Markdown copy.
    let again = folder.join("2 Interview A1 kopie.md");
    let out = ok(&["import", "--preview", ps, a1.to_str().unwrap(), again.to_str().unwrap()]);
    assert!(!out.contains("-> document"), "a duplicate is not previewed as a new document:\n{out}");
    for file in ["1 Interview A1.txt", "2 Interview A1 kopie.md"] {
        let line = out.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} not listed:\n{out}"));
        assert!(line.contains("zou worden overgeslagen") && line.contains("“1 Interview A1”"), "{line}");
    }
    assert!(out.contains("--allow-duplicates"), "{out}");
    // With --allow-duplicates the preview shows the document the import would make.
    let out = ok(&["import", "--preview", "--allow-duplicates", ps, again.to_str().unwrap()]);
    assert!(out.contains("2 Interview A1 kopie.md -> document '2 Interview A1 kopie'"), "{out}");
    // Two copies in one batch: the second would be skipped as a copy of the first.
    let q = dir.path().join("q.werkbank");
    ok(&["new", q.to_str().unwrap()]);
    let out = ok(&[
        "import",
        "--preview",
        q.to_str().unwrap(),
        a1.to_str().unwrap(),
        again.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(out.contains("1 Interview A1.txt -> document '1 Interview A1'"), "{out}");
    let line = out.lines().find(|l| l.contains("2 Interview A1 kopie.md")).unwrap();
    assert!(line.contains("would be skipped") && line.contains("“1 Interview A1”"), "{line}");
    assert_eq!(std::fs::read(&p).unwrap(), before, "a preview writes nothing");
}

/// Fails when a phrase of three words or more appears twice on one line of `message`.
fn assert_no_phrase_twice(message: &str) {
    for line in message.lines() {
        let words: Vec<String> =
            line.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
        for (i, w) in words.windows(3).enumerate() {
            if w.iter().any(|x| x.is_empty()) {
                continue;
            }
            let again = words[i + 1..].windows(3).any(|v| v == w);
            assert!(!again, "“{}” is said twice in: {line}", w.join(" "));
        }
    }
}

#[test]
fn a_file_that_is_not_there_is_named_once_with_a_plain_reason() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let missing = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let err = fails(&["import", ps, &missing("missing.rtf")]);
    assert!(err.contains("missing.rtf: dat bestand bestaat niet"), "{err}");
    assert_no_phrase_twice(&err);
    let err = fails(&["import", ps, &missing("missing.rtf"), "--lang", "en"]);
    assert!(err.contains("missing.rtf: no such file"), "{err}");
    assert_no_phrase_twice(&err);
    // Every reader says it once: transcripts, damaged ones, subtitles, codebooks, REFI, tables.
    let damaged = dir.path().join("kapot.docx");
    std::fs::write(&damaged, b"PK\x03\x04 not really a zip").unwrap();
    let no_cues = dir.path().join("leeg.vtt");
    std::fs::write(&no_cues, b"WEBVTT\n\nNOTE nothing here\n\njust words\n").unwrap();
    for args in [
        vec!["import", ps, damaged.to_str().unwrap()],
        vec!["import", ps, no_cues.to_str().unwrap()],
        vec!["import", "--preview", ps, &missing("weg.docx")],
        vec!["codebook", "import", ps, &missing("codes.json")],
        vec!["refi", "import", ps, &missing("project.qdpx")],
        vec!["respondent", "import", ps, &missing("table.csv")],
        vec!["list", &missing("elders.werkbank"), "documents"],
        vec!["merge", ps, &missing("ander.werkbank")],
    ] {
        let err = werkbank(&args);
        let msg = String::from_utf8_lossy(&err.stderr).to_string();
        assert!(!err.status.success() && !msg.is_empty(), "{args:?}");
        assert_no_phrase_twice(&msg);
        // A missing file is named once, with a plain reason, not the system's error text.
        if let Some(name) = args.iter().rev().find(|a| a.starts_with(dir.path().to_str().unwrap()) && **a != ps) {
            let name = std::path::Path::new(name).file_name().unwrap().to_str().unwrap();
            if !["kapot.docx", "leeg.vtt"].contains(&name) {
                assert_eq!(msg.matches(name).count(), 1, "{name} named more than once: {msg}");
                let said = ["no such file", "does not exist", "bestaat niet"];
                assert!(said.iter().any(|s| msg.contains(s)), "{msg}");
                assert!(!msg.contains("os error"), "{msg}");
            }
        }
    }
}
