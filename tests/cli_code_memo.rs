//! The CLI can do what the app's Code menu and memo fields do: rename, move, merge, describe and
//! recolour codes, and read or write memos, each one undoable action recorded in the edit log.

use std::path::Path;
use std::process::{Command, Output};
use werkbank::core::model::MemoTarget;
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
    assert!(!out.status.success(), "werkbank {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

fn demo(dir: &Path) -> String {
    let p = dir.join("demo.werkbank");
    drop(werkbank::demo::create_demo_project(&p, "Anna").unwrap());
    p.to_str().unwrap().to_string()
}

fn project(p: &str) -> werkbank::core::model::Project {
    Session::open_read_only(Path::new(p)).unwrap().project().clone()
}

#[test]
fn a_student_reorganises_the_code_tree_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let zbo = project(&p).code_by_path(&["Omschrijving cases", "Zbo"]).unwrap();

    let out = ok(&["code", "rename", &p, "Omschrijving cases > Zbo", "Zelfstandig bestuursorgaan"]);
    assert!(out.contains("Omschrijving cases > Zelfstandig bestuursorgaan"), "{out}");
    assert_eq!(project(&p).codes[&zbo].name, "Zelfstandig bestuursorgaan");

    let out = ok(&["code", "describe", &p, "Zelfstandig bestuursorgaan", "Een organisatie op afstand van het Rijk."]);
    assert!(out.contains("described"), "{out}");
    assert_eq!(project(&p).codes[&zbo].description, "Een organisatie op afstand van het Rijk.");

    ok(&["code", "recolour", &p, "Zelfstandig bestuursorgaan", "#1F77B4"]);
    assert_eq!(project(&p).codes[&zbo].color, "#1f77b4");
    assert!(fails(&["code", "recolor", &p, "Zelfstandig bestuursorgaan", "blauwig"]).contains("not a colour"));

    // Move to the top, first place; then under another code.
    ok(&["code", "move", &p, "Zelfstandig bestuursorgaan", "--top", "--position", "1"]);
    let pr = project(&p);
    assert_eq!(pr.codes[&zbo].parent, None);
    assert_eq!(pr.children(None)[0].id, zbo);
    ok(&["code", "move", &p, "Zelfstandig bestuursorgaan", "--under", "Publieke waarden"]);
    let pr = project(&p);
    assert_eq!(pr.code_path_string(zbo), "Publieke waarden > Zelfstandig bestuursorgaan");
    assert!(
        fails(&["code", "move", &p, "Publieke waarden", "--under", "Zelfstandig bestuursorgaan"])
            .contains("below itself")
    );

    // Merge: the codings of the source end up on the target and the source is gone.
    let (src, dst) =
        (pr.code_by_path(&["Introductie", "Functie respondent"]).unwrap(), pr.code_by_path(&["Introductie"]).unwrap());
    let moving = pr.codings.values().filter(|k| k.code == src).count();
    let before = pr.codings.values().filter(|k| k.code == dst).count();
    assert!(moving > 0);
    let out = ok(&["code", "merge", &p, "Introductie > Functie respondent", "Introductie"]);
    assert!(out.contains(&format!("({moving} coding(s)) into Introductie")), "{out}");
    let pr = project(&p);
    assert!(!pr.codes.contains_key(&src));
    assert_eq!(pr.codings.values().filter(|k| k.code == dst).count(), before + moving);

    // Every change is one action in the edit log, and the old way of coding still works.
    let log = ok(&["list", &p, "log"]);
    for action in ["Rename code", "Describe code", "Recolour code", "Move code", "Merge"] {
        assert!(log.contains(action), "{action} missing from\n{log}");
    }
    assert!(ok(&["code", &p, "--code", "Introductie", "--phrase", "gemeente"]).contains("coding(s) with Introductie"));
    assert!(fails(&["code", "rename", &p, "Bestaat niet", "x"]).contains("Bestaat niet"));
}

#[test]
fn memos_are_written_read_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let pr = project(&p);
    let a1 = pr.case_by_label("A1").unwrap().id;
    let doc = pr.document_by_name("Interview A1").unwrap().id;
    let coding = *pr.codings.keys().next().unwrap();

    assert!(ok(&["memo", &p, "--respondent", "A1"]).contains("(no memo on respondent A1)"));
    assert!(
        ok(&["memo", &p, "--respondent", "A1", "--text", "Sprak snel; twee keer onderbroken."])
            .contains("wrote a memo")
    );
    assert_eq!(ok(&["memo", &p, "--respondent", "A1"]).trim(), "Sprak snel; twee keer onderbroken.");
    assert_eq!(project(&p).memo_for(MemoTarget::Case(a1)).unwrap().text, "Sprak snel; twee keer onderbroken.");

    let file = dir.path().join("memo.txt");
    std::fs::write(&file, "Eerste regel.\nTweede regel.\n").unwrap();
    ok(&["memo", &p, "--doc", "Interview A1", "--file", file.to_str().unwrap()]);
    assert_eq!(project(&p).memo_for(MemoTarget::Document(doc)).unwrap().text, "Eerste regel.\nTweede regel.");

    ok(&["memo", &p, "--coding", &coding.to_string(), "--text", "Mooi citaat."]);
    ok(&["memo", &p, "--code", "Publieke waarden", "--text", "Kernbegrip."]);
    ok(&["memo", &p, "--project", "--text", "Onderzoeksdagboek."]);
    let pr = project(&p);
    assert_eq!(pr.memo_for(MemoTarget::Coding(coding)).unwrap().text, "Mooi citaat.");
    assert_eq!(pr.memo_for(MemoTarget::Project).unwrap().text, "Onderzoeksdagboek.");

    assert!(ok(&["memo", &p, "--respondent", "A1", "--text", ""]).contains("removed the memo of respondent A1"));
    assert!(project(&p).memo_for(MemoTarget::Case(a1)).is_none());

    assert!(fails(&["memo", &p, "--coding", "999999", "--text", "x"]).contains("no coding 999999"));
    assert!(fails(&["memo", &p, "--text", "x"]).contains("required"), "a subject is required");
}
