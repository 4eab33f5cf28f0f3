//! The command line as a researcher scripts it: every verb, its output, its errors and exit codes.

mod support;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

#[test]
fn a_thesis_project_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("scriptie.werkbank");
    let ps = p.to_str().unwrap();
    assert!(ok(&["new", ps]).contains("aangemaakt"));
    assert!(fails(&["new", ps]).contains("bestaat al; kies een andere naam of open het"));
    assert!(fails(&["--lang", "en", "new", ps]).contains("already exists; choose another name or open it"));

    // Transcripts: a focus group with [id] tags whose speakers become respondents, and a docx.
    // First the preview, which shows the mapping and writes nothing.
    let focus = fixture("transcripts/qualcoder_focusgroup_transcript.txt");
    let preview = ok(&["import", ps, focus.to_str().unwrap(), "--speakers-as-respondents", "--preview"]);
    assert!(preview.contains("id1") && preview.contains("3 beurten -> nieuwe respondent id1  [geraden"), "{preview}");
    assert!(ok(&["list", ps, "documents"]).is_empty(), "the preview imported something");
    let out = ok(&[
        "import",
        ps,
        fixture("transcripts/qualcoder_focusgroup_transcript.txt").to_str().unwrap(),
        "--speakers-as-respondents",
    ]);
    assert!(out.contains("7 spreekbeurten"), "{out}");
    let out = ok(&["import", ps, fixture("docx/qualcoder_ID1.docx").to_str().unwrap(), "--respondent", "R9"]);
    assert!(out.contains("1 van 1 bestand geïmporteerd"), "{out}");
    let docs = ok(&["list", ps, "documents"]);
    assert!(docs.contains("qualcoder_focusgroup_transcript") && docs.contains("qualcoder_ID1\t"), "{docs}");
    assert_eq!(ok(&["list", ps, "respondents"]).lines().count(), 4, "id1, id2, id3 and R9");

    // A code tree from the QualCoder plain-text format, then coding by phrase and by range.
    ok(&["codebook", "import", ps, fixture("transcripts/qualcoder_plain_codes_categories.txt").to_str().unwrap()]);
    let codes = ok(&["list", ps, "codes"]);
    assert!(codes.contains("cat3") && codes.contains("    code4"), "{codes}");
    let out = ok(&["code", ps, "--code", "cat1>>code2", "--phrase", "struggling"]);
    assert!(out.contains("2 coderingen toegevoegd met cat1 > code2"), "{out}");
    let out = ok(&["code", ps, "--code", "code6", "--doc", "qualcoder_focusgroup", "--range", "6..12"]);
    assert!(out.contains("\"hello,\""), "{out}");
    // The same phrase again adds nothing: no duplicate codings.
    assert!(ok(&["code", ps, "--code", "cat1 > code2", "--phrase", "struggling"]).contains("0 coderingen toegevoegd"));

    let counts = ok(&["counts", ps]);
    let line = |name: &str| counts.lines().find(|l| l.trim_start().starts_with(name)).unwrap().to_string();
    assert!(line("cat1").split_whitespace().eq(["cat1", "2", "1", "(id2)"]), "{counts}");
    assert!(line("code6").split_whitespace().eq(["code6", "1", "1", "(id1)"]), "{counts}");

    let log = ok(&["list", ps, "log"]);
    assert!(log.contains("Anna") && log.contains("Import codebook"), "{log}");

    // Errors are clear and exit with 2.
    assert!(fails(&["code", ps, "--code", "nope", "--phrase", "x"]).contains("geen code 'nope'"));
    // The model's refusal, said once in the verb's language.
    let outside = fails(&["code", ps, "--code", "code6", "--doc", "qualcoder_focusgroup", "--range", "5..99999"]);
    assert_eq!(outside.matches("valt buiten").count(), 1, "{outside}");
    assert!(outside.contains("het bereik 5..99999 valt buiten 'qualcoder_focusgroup_transcript', dat "), "{outside}");
    let outside =
        fails(&["--lang", "en", "code", ps, "--code", "code6", "--doc", "qualcoder_focusgroup", "--range", "5..99999"]);
    assert!(outside.contains("the range 5..99999 lies outside 'qualcoder_focusgroup_transcript'"), "{outside}");
    let junk = dir.path().join("junk.docx");
    std::fs::write(&junk, b"PK\x03\x04 definitely not a real zip archive").unwrap();
    let err = fails(&["import", ps, junk.to_str().unwrap()]);
    assert!(err.contains("junk.docx"), "{err}");
    let unknown = dir.path().join("notes.pdf");
    std::fs::write(&unknown, b"%PDF-1.4").unwrap();
    assert!(fails(&["import", ps, unknown.to_str().unwrap()]).contains("notes.pdf"));

    // Codebook export round-trips through the outline format.
    let outline = dir.path().join("codes.txt");
    ok(&["codebook", "export", ps, outline.to_str().unwrap()]);
    let text = std::fs::read_to_string(&outline).unwrap();
    assert!(text.contains("cat3") && text.contains("code4"), "{text}");
}

#[test]
fn a_project_open_in_the_app_is_refused_by_the_cli_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("open.werkbank");
    let _open = werkbank::session::Session::create(&p, "p", "Anna").unwrap();
    let err = fails(&["respondent", "add", p.to_str().unwrap(), "R1"]);
    assert!(err.contains("already open in another Werkbank"), "{err}");
    // Reading is still possible.
    ok(&["list", p.to_str().unwrap(), "codes"]);
}

#[test]
fn second_coder_handout_merge_backup_restore_and_pseudonymise() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("anna.werkbank");
    let b = dir.path().join("bert.werkbank");
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    ok(&["new", a_s]);
    ok(&["import", a_s, fixture("transcripts/qualcoder_focusgroup_transcript.txt").to_str().unwrap()]);
    ok(&["codebook", "import", a_s, fixture("transcripts/qualcoder_plain_codes_categories.txt").to_str().unwrap()]);
    ok(&["code", a_s, "--code", "code1", "--phrase", "course"]);
    assert!(ok(&["handout", a_s, b_s]).contains("geschreven voor een tweede codeur"));
    let out = Command::new(BIN)
        .args(["code", b_s, "--code", "code1", "--phrase", "history", "--coder", "Bert"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let merged = ok(&["merge", a_s, b_s]);
    assert!(merged.contains("samengevoegd: 2 coderingen toegevoegd"), "{merged}");
    let matched = merged.lines().nth(1).unwrap();
    assert!(matched.starts_with("herkend: 'qualcoder_focusgroup_transcript' herkend als '"), "{merged}");
    assert!(matched.ends_with("': dezelfde tekst"), "{merged}");
    let again = ok(&["--lang", "en", "merge", a_s, b_s]);
    assert!(again.contains("0 codings added (2 already present)"), "{again}");
    assert!(again.lines().nth(1).unwrap().starts_with("matched: "), "{again}");
    let coders = ok(&["list", a_s, "coders"]);
    assert!(coders.contains("Bert\t2 coderingen"), "{coders}");
    assert!(ok(&["list", a_s, "coders", "--lang", "en"]).contains("Bert\t2 codings"));

    let backup = ok(&["backup", a_s]);
    let path = backup.trim().strip_prefix("Back-up geschreven naar ").unwrap().to_string();
    assert!(ok(&["backup", a_s, "--list"]).contains(&path));
    let terms = dir.path().join("terms.txt");
    std::fs::write(&terms, "# names\nmuseum = [werkplek]\n").unwrap();
    ok(&["pseudonymise", a_s, "--terms", terms.to_str().unwrap()]);
    let codings = ok(&["list", a_s, "codings"]);
    assert!(!codings.contains("museum"));
    let restored = ok(&["restore", a_s, &path]);
    assert!(restored.contains("teruggezet; de stand daarvoor staat in"), "{restored}");
    let s = werkbank::session::Session::open_read_only(&a).unwrap();
    assert!(s.project().documents.values().next().unwrap().text.contains("museum"));
}

#[test]
fn appendix_exports_agreement_report_and_refi_exchange() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.werkbank");
    let a_s = a.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    ok(&["new", a_s]);
    ok(&[
        "import",
        a_s,
        fixture("transcripts/qualcoder_focusgroup_transcript.txt").to_str().unwrap(),
        "--speakers-as-respondents",
    ]);
    ok(&["codebook", "import", a_s, fixture("transcripts/qualcoder_plain_codes_categories.txt").to_str().unwrap()]);
    ok(&["code", a_s, "--code", "code1", "--phrase", "course"]);
    ok(&["code", a_s, "--code", "cat1>>code2", "--phrase", "struggling"]);
    let out_b = Command::new(BIN)
        .args(["code", a_s, "--code", "code1", "--phrase", "course", "--coder", "Bert"])
        .output()
        .unwrap();
    assert!(out_b.status.success());
    Command::new(BIN).args(["code", a_s, "--code", "code6", "--phrase", "slides", "--coder", "Bert"]).output().unwrap();

    // Counts cite respondents.
    let counts = ok(&["counts", a_s, "--only-coder", "Anna"]);
    let code1 = counts.lines().find(|l| l.starts_with("code1")).unwrap();
    assert!(code1.contains("(id1, id3)"), "{counts}");

    // Appendix in every format.
    for (report, file) in [
        ("appendix", "appendix.docx"),
        ("appendix", "appendix.html"),
        ("frequencies", "freq.xlsx"),
        ("codeboom", "codeboom.txt"),
        ("respondents", "respondents.csv"),
        ("bar-chart", "bar.png"),
        ("heatmap", "heat.svg"),
    ] {
        assert!(ok(&["export", a_s, report, &out(file)]).starts_with("geschreven: "), "{report} {file}");
        assert!(std::fs::metadata(out(file)).unwrap().len() > 100, "{file} is empty");
    }
    ok(&["export", a_s, "frequencies", &out("freq-nl.csv"), "--semicolon"]);
    let csv = std::fs::read_to_string(out("freq-nl.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.lines().next().unwrap().contains(';'), "{csv}");
    assert!(std::fs::read_to_string(out("codeboom.txt")).unwrap().contains("cat1 — 2 coderingen, 1 respondent (id2)"));
    assert_eq!(&std::fs::read(out("bar.png")).unwrap()[1..4], b"PNG");
    ok(&[
        "export",
        a_s,
        "quotes",
        &out("quotes.html"),
        "--code",
        "cat1",
        "--style",
        "“{quote}” ({label}, {year})",
        "--year",
        "2024",
    ]);
    let html = std::fs::read_to_string(out("quotes.html")).unwrap();
    assert!(html.contains("(id2, 2024)"), "{html}");
    assert!(fails(&["export", a_s, "quotes", &out("q.pdf"), "--code", "cat1"]).contains(".pdf"));

    // Agreement between Anna and Bert on code1 (both coded "course" identically).
    let report =
        ok(&["agreement", a_s, "--between", "Anna", "Bert", "--code", "code1", "--out", &out("agreement.docx")]);
    // Dutch reports print decimal commas (a Dutch thesis prints "0,85").
    assert!(report.contains("segmentniveau") && report.contains("100,00"), "{report}");
    let agreement_csv = out("agreement.csv");
    ok(&["agreement", a_s, "--between", "Anna", "Bert", "--code", "code1", "--out", &agreement_csv, "--semicolon"]);
    let csv = std::fs::read_to_string(&agreement_csv).unwrap();
    assert!(csv.contains(';') && csv.contains("100,00") && !csv.contains("100.00"), "{csv}");
    let report = ok(&["agreement", a_s, "--between", "Anna", "Bert", "--unit", "character", "--lang", "en"]);
    assert!(report.contains("character level"), "{report}");
    assert!(report.contains("coded differently by Anna and Bert"), "{report}");
    let report = ok(&["agreement", a_s, "--between", "Anna", "Bert", "--unit", "character"]);
    assert!(report.contains("verschillend gecodeerd door Anna en Bert"), "{report}");
    // The same coder twice is refused instead of giving an empty table.
    assert!(fails(&["agreement", a_s, "--between", "Anna", "Anna", "--lang", "en"]).contains("given twice"));

    // REFI-QDA: export, then import into a fresh project: same codings.
    ok(&["refi", "export", a_s, &out("a.qdpx")]);
    let b = dir.path().join("b.werkbank");
    ok(&["new", b.to_str().unwrap()]);
    let imported = ok(&["refi", "import", b.to_str().unwrap(), &out("a.qdpx")]);
    assert!(imported.contains("geïmporteerd: 1 bron,"), "{imported}");
    let codings = |p: &Path| {
        let s = werkbank::session::Session::open_read_only(p).unwrap();
        let p = s.project();
        let mut v: Vec<(String, usize, usize, String)> = p
            .codings
            .values()
            .map(|k| (p.code_path_string(k.code), k.start, k.end, p.coders[&k.coder].name.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(codings(&a), codings(&b));
    // NVivo's UTF-16 positions are detected and converted.
    let nvivo = ok(&[
        "refi",
        "import",
        b.to_str().unwrap(),
        fixture("refi/nvivo12mac_vaccine_comments.qdpx").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(nvivo.contains("positions were UTF-16 code units"), "{nvivo}");
}

/// Every file in `dir` with its size and a digest of its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, usize, String)> {
    let mut files: Vec<(PathBuf, usize, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.clone(), bytes.len(), werkbank::core::text::text_hash(&String::from_utf8_lossy(&bytes)))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_import_preview_shows_roles_and_respondents_per_document_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("studie.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let y1 = fixture("transcripts/da_informant_y_1.txt");
    let y2 = fixture("transcripts/da_informant_y_2.txt");
    let legend = fixture("transcripts/da_aegtepar_legende.txt");
    ok(&["import", ps, y1.to_str().unwrap(), "--speakers-as-respondents"]);
    let before = snapshot(dir.path());

    // A preview by another coder: no phantom coder, no backup, not one byte changed.
    let out = Command::new(BIN)
        .args(["import", ps, legend.to_str().unwrap(), y2.to_str().unwrap(), "--speakers-as-respondents"])
        .args(["--preview", "--coder", "Zoe", "--lang", "en"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let preview = String::from_utf8(out.stdout).unwrap();
    assert_eq!(snapshot(dir.path()), before, "the preview wrote something");
    assert!(!ok(&["list", ps, "coders"]).contains("Zoe"));
    for line in [
        "  I1                2 turns -> interviewer (no respondent)  [legend: Interviewer 1]",
        "  M                 3 turns -> new respondent da_aegtepar_legende: M (this document only)  [legend: Mand]",
        "  I2                2 turns -> interviewer (no respondent)  [legend: Interviewer 2]",
        "  I                 2 turns -> interviewer (no respondent)  [by its tag]",
    ] {
        assert!(preview.lines().any(|l| l == line), "missing {line:?} in\n{preview}");
    }
    // The second interview's Y is not the first interview's Y.
    let y = preview.lines().find(|l| l.trim_start().starts_with("Y ")).unwrap();
    assert!(y.contains("-> new respondent da_informant_y_2: Y (this document only)"), "{y}");
    assert!(y.contains("[guessed, please check: asks questions in 0 of 3 turns"), "{y}");
    assert!(preview.contains("preview only: nothing was imported"), "{preview}");
    // A Dutch student reads the same preview in Dutch.
    let dutch =
        ok(&["import", ps, legend.to_str().unwrap(), y2.to_str().unwrap(), "--speakers-as-respondents", "--preview"]);
    for line in [
        "  I1                2 beurten -> interviewer (geen respondent)  [legenda: Interviewer 1]",
        "  M                 3 beurten -> nieuwe respondent da_aegtepar_legende: M (alleen dit document)  [legenda: Mand]",
        "  I                 2 beurten -> interviewer (geen respondent)  [door de tag]",
    ] {
        assert!(dutch.lines().any(|l| l == line), "missing {line:?} in\n{dutch}");
    }
    assert!(dutch.contains("alleen een voorbeeld: er is niets geïmporteerd"), "{dutch}");
    let y = dutch.lines().find(|l| l.trim_start().starts_with("Y ")).unwrap();
    assert!(y.contains("[geraden, controleer: stelt vragen in 0 van 3 beurten"), "{y}");
    assert_eq!(snapshot(dir.path()), before, "the preview wrote something");

    // The user decides a speaker herself.
    ok(&[
        "import",
        ps,
        y2.to_str().unwrap(),
        "--speakers-as-respondents",
        "--speaker",
        "Y=R7",
        "--speaker",
        "I=ignore",
    ]);
    let respondents = ok(&["list", ps, "respondents"]);
    assert!(respondents.contains("da_informant_y_1: Y") && respondents.contains("R7"), "{respondents}");
    assert_eq!(respondents.lines().count(), 2, "{respondents}");
    assert!(
        fails(&["import", ps, y2.to_str().unwrap(), "--speaker", "Y"]).contains("--speaker Y: schrijf TAG=interviewer")
    );
}

// ---- The app's Code menu and memo fields, from the command line ----------------------------

fn demo_project(dir: &Path) -> String {
    let p = dir.join("demo.werkbank");
    drop(werkbank::demo::create_demo_project(&p, "Anna").unwrap());
    p.to_str().unwrap().to_string()
}

fn project(p: &str) -> werkbank::core::model::Project {
    werkbank::session::Session::open_read_only(Path::new(p)).unwrap().project().clone()
}

#[test]
fn a_student_reorganises_the_code_tree_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let zbo = project(&p).code_by_path(&["Omschrijving cases", "Zbo"]).unwrap();

    let out = ok(&["code", "rename", &p, "Omschrijving cases > Zbo", "Zelfstandig bestuursorgaan"]);
    assert!(out.contains("Omschrijving cases > Zelfstandig bestuursorgaan"), "{out}");
    assert_eq!(project(&p).codes[&zbo].name, "Zelfstandig bestuursorgaan");

    let out = ok(&["code", "describe", &p, "Zelfstandig bestuursorgaan", "Een organisatie op afstand van het Rijk."]);
    assert!(out.contains("beschreven"), "{out}");
    assert_eq!(project(&p).codes[&zbo].description, "Een organisatie op afstand van het Rijk.");

    ok(&["code", "recolour", &p, "Zelfstandig bestuursorgaan", "#1F77B4"]);
    assert_eq!(project(&p).codes[&zbo].color.hex(), "#1f77b4");
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
            .contains("kan niet onder zichzelf worden geplaatst")
    );

    // Merge: the codings of the source end up on the target and the source is gone.
    let (src, dst) =
        (pr.code_by_path(&["Introductie", "Functie respondent"]).unwrap(), pr.code_by_path(&["Introductie"]).unwrap());
    let moving = pr.codings.values().filter(|k| k.code == src).count();
    let before = pr.codings.values().filter(|k| k.code == dst).count();
    assert!(moving > 0);
    let out = ok(&["code", "merge", &p, "Introductie > Functie respondent", "Introductie", "--lang", "en"]);
    let codings = if moving == 1 { "coding" } else { "codings" };
    assert!(out.contains(&format!("({moving} {codings}) into Introductie")), "{out}");
    let pr = project(&p);
    assert!(!pr.codes.contains_key(&src));
    assert_eq!(pr.codings.values().filter(|k| k.code == dst).count(), before + moving);

    // Every change is one action in the edit log, and the old way of coding still works.
    let log = ok(&["list", &p, "log"]);
    for action in ["Rename code", "Describe code", "Recolour code", "Move code", "Merge"] {
        assert!(log.contains(action), "{action} missing from\n{log}");
    }
    assert!(ok(&["code", &p, "--code", "Introductie", "--phrase", "gemeente"]).contains("toegevoegd met Introductie"));
    assert!(fails(&["code", "rename", &p, "Bestaat niet", "x"]).contains("Bestaat niet"));
}

#[test]
fn memos_are_written_read_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let pr = project(&p);
    let a1 = pr.case_by_label("A1").unwrap().id;
    let doc = pr.document_by_name("Interview A1").unwrap().id;
    let coding = *pr.codings.keys().next().unwrap();

    assert!(ok(&["memo", &p, "--respondent", "A1"]).contains("(geen memo bij respondent A1)"));
    assert!(
        ok(&["memo", &p, "--respondent", "A1", "--text", "Sprak snel; twee keer onderbroken."])
            .contains("memo geschreven")
    );
    assert_eq!(ok(&["memo", &p, "--respondent", "A1"]).trim(), "Sprak snel; twee keer onderbroken.");
    assert_eq!(
        project(&p).memo_for(werkbank::core::model::MemoTarget::Case(a1)).unwrap().text,
        "Sprak snel; twee keer onderbroken."
    );

    let file = dir.path().join("memo.txt");
    std::fs::write(&file, "Eerste regel.\nTweede regel.\n").unwrap();
    ok(&["memo", &p, "--doc", "Interview A1", "--file", file.to_str().unwrap()]);
    assert_eq!(
        project(&p).memo_for(werkbank::core::model::MemoTarget::Document(doc)).unwrap().text,
        "Eerste regel.\nTweede regel."
    );

    ok(&["memo", &p, "--coding", &coding.to_string(), "--text", "Mooi citaat."]);
    ok(&["memo", &p, "--code", "Publieke waarden", "--text", "Kernbegrip."]);
    ok(&["memo", &p, "--project", "--text", "Onderzoeksdagboek."]);
    let pr = project(&p);
    assert_eq!(pr.memo_for(werkbank::core::model::MemoTarget::Coding(coding)).unwrap().text, "Mooi citaat.");
    assert_eq!(pr.memo_for(werkbank::core::model::MemoTarget::Project).unwrap().text, "Onderzoeksdagboek.");

    assert!(ok(&["memo", &p, "--respondent", "A1", "--text", ""]).contains("memo verwijderd van respondent A1"));
    assert!(project(&p).memo_for(werkbank::core::model::MemoTarget::Case(a1)).is_none());

    assert!(fails(&["memo", &p, "--coding", "999999", "--text", "x"]).contains("geen codering 999999"));
    assert!(fails(&["memo", &p, "--text", "x"]).contains("required"), "a subject is required");
}

/// "Which passages did I code as X?": `list codings --code` lists one branch, each coding with its
/// passage (the texts are read only for the documents it quotes), and quotes of a branch carry
/// their text too; counting needs no text and counts as before.
#[test]
fn the_codings_of_one_code_are_listed_and_quoted_with_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path());
    let all = ok(&["list", &p, "codings"]);
    let branch = ok(&["list", &p, "codings", "--code", "cat1"]);
    assert!(!branch.is_empty() && branch.lines().count() < all.lines().count(), "{branch}\n---\n{all}");
    for line in branch.lines() {
        assert!(line.contains("\tcat1 > code2\t") && line.to_lowercase().contains("struggling"), "{line}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["list", &p, "codings", "--code", "code1", "--json"])).unwrap();
    let json = json.as_array().unwrap();
    assert!(!json.is_empty());
    for c in json {
        assert_eq!(c["code"], "code1");
        assert!(c["text"].as_str().unwrap().to_lowercase().contains("course"), "{c}");
        assert!(c["respondent"].is_string(), "{c}");
    }
    assert!(fails(&["list", &p, "codes", "--code", "code1"]).contains("list codings"));
    assert!(fails(&["list", &p, "codings", "--code", "nope"]).contains("nope"));

    let quotes = dir.path().join("quotes.txt");
    ok(&["export", &p, "quotes", quotes.to_str().unwrap(), "--code", "cat1"]);
    let text = std::fs::read_to_string(&quotes).unwrap();
    assert!(text.to_lowercase().contains("struggling"), "{text}");

    let counts = ok(&["counts", &p]);
    assert!(counts.lines().any(|l| l.trim_start().starts_with("code1") && l.contains("id")), "{counts}");
}

/// A small coded project: the QualCoder focus group (respondents id1-id3) and its code tree.
fn coded_project(dir: &Path) -> String {
    let p = dir.join("thesis.werkbank").to_str().unwrap().to_string();
    ok(&["new", &p]);
    let focus = fixture("transcripts/qualcoder_focusgroup_transcript.txt");
    ok(&["import", &p, focus.to_str().unwrap(), "--speakers-as-respondents"]);
    ok(&["codebook", "import", &p, fixture("transcripts/qualcoder_plain_codes_categories.txt").to_str().unwrap()]);
    ok(&["code", &p, "--code", "code1", "--phrase", "course"]);
    ok(&["code", &p, "--code", "cat1>>code2", "--phrase", "struggling"]);
    p
}

#[test]
fn a_students_choices_own_counts_a_branch_json_and_strict_filters() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path());
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    // --json: one object per code with own and total counts, for scripts.
    let json: serde_json::Value = serde_json::from_str(&ok(&["counts", &p, "--json"])).unwrap();
    let cat1 = json.as_array().unwrap().iter().find(|c| c["code"] == "cat1").unwrap();
    assert_eq!(cat1["own"]["codings"], 0);
    assert_eq!(cat1["total"]["codings"], 2);
    assert_eq!(cat1["path"], serde_json::json!(["cat1"]));

    // Own counts, a branch, uncoded codes hidden: code2 has codings of its own, cat1 above it
    // has none but stays, so the tree never shows a child without its parent; code3 goes.
    let counts = ok(&["counts", &p, "--counts", "own", "--code", "cat1", "--hide-uncoded"]);
    let lines: Vec<&str> = counts.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "cat1 and its coded child code2: {counts}");
    assert!(lines[0].starts_with("cat1") && lines[1].trim_start().starts_with("code2"), "{counts}");

    // --code is honoured by the code tree export (it used to print the whole tree).
    ok(&["export", &p, "codeboom", &out("branch.txt"), "--code", "cat1", "--wording", "--figure", "respondents"]);
    let text = std::fs::read_to_string(out("branch.txt")).unwrap();
    assert_eq!(text, "cat1 — 1 respondent (id2)\n  code2 — 1 respondent (id2)\n  code3 — 0 respondenten\n");
    ok(&["export", &p, "codeboom", &out("names.txt"), "--figure", "none"]);
    assert!(std::fs::read_to_string(out("names.txt")).unwrap().starts_with("code1\ncat1\n  code2\n"));

    // A filter that matches nothing warns, in the report's language, and with --strict it fails.
    let o = werkbank(&["counts", &p, "--where", "functie=Nope"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("waarschuwing: geen respondent heeft een kenmerk 'functie'"));
    let o = werkbank(&["counts", &p, "--where", "functie=Nope", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("warning: no respondent has an attribute 'functie'"));
    assert!(fails(&["counts", &p, "--where", "functie=Nope", "--strict"]).contains("--strict"));
    let o = werkbank(&["export", &p, "groups", &out("g.csv"), "--by", "unknown", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no respondent has an attribute 'unknown'"));
    assert!(fails(&["export", &p, "groups", &out("g.csv"), "--by", "unknown", "--strict"]).contains("unknown"));
    let o = werkbank(&["code", &p, "--code", "code6", "--phrase", "no such words here", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("found nowhere"));
    assert!(fails(&["code", &p, "--code", "code6", "--phrase", "no such words here", "--strict"]).contains("nergens"));

    // A filtered export says which coder it shows.
    ok(&["export", &p, "frequencies", &out("anna.html"), "--only-coder", "Anna"]);
    assert!(std::fs::read_to_string(out("anna.html")).unwrap().contains("Filter: codeur Anna"));
}

#[test]
fn every_coded_segment_and_every_memo_exported_with_the_full_code_path() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path());
    let file = dir.path().join("segments.csv");
    ok(&["export", &p, "segments", file.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&file).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "\u{feff}Document,Respondent,Pad,Codeur,Begin,Einde,Tekst,Memo");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 4, "two 'course' and two 'struggling' codings: {csv}");
    assert!(rows.iter().any(|r| r.contains(",cat1 > code2,Anna,") && r.contains("struggling")), "{csv}");
    // A branch keeps only its segments.
    ok(&["export", &p, "segments", file.to_str().unwrap(), "--code", "code1", "--lang", "en"]);
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("\u{feff}Document,Respondent,Path,Coder,Start,End,Text,Memo"));
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let memos = dir.path().join("memos.xlsx");
    ok(&["export", &p, "memos", memos.to_str().unwrap()]);
    assert!(std::fs::metadata(&memos).unwrap().len() > 1000);
}

#[test]
fn a_respondent_table_from_excel_is_imported_from_the_command_line() {
    // Excel (Dutch settings) saves "CSV (puntkomma)" in Windows-1252; the shared decoder reads it.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("survey.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let table = fixture("survey/survey_57_excel_nl.csv");
    assert!(ok(&["respondent", "import", ps, table.to_str().unwrap()]).contains("57 respondenten"));
    let s = werkbank::session::Session::open_read_only(&p).unwrap();
    let s03 = s.project().case_by_label("S03").unwrap();
    assert!(s03.attributes["Functie"].chars().all(|c| c.is_alphabetic() || c == 'ö'));
    let kinds: Vec<(String, &str)> =
        s.project().attribute_defs.values().map(|d| (d.name.clone(), d.kind.as_str())).collect();
    assert!(kinds.contains(&("Leeftijd".into(), "integer")), "{kinds:?}");
    assert!(kinds.contains(&("Startdatum".into(), "date")), "{kinds:?}");
    assert!(s.project().cases.values().any(|c| c.attributes.values().any(|v| v.contains("coördinator"))));
    // The same table saved as .xlsx updates the same respondents; an old .xls is named, not garbled.
    let out = ok(&["respondent", "import", ps, fixture("survey/survey_57.xlsx").to_str().unwrap(), "--lang", "en"]);
    assert!(out.contains("0 new respondents") && out.contains("57 respondents"), "{out}");
    let xls = dir.path().join("oud.xls");
    std::fs::write(&xls, b"\xd0\xcf\x11\xe0").unwrap();
    let err = fails(&["respondent", "import", ps, xls.to_str().unwrap()]);
    assert!(err.contains(".xlsx") && err.contains(".csv"), "{err}");
}

#[test]
fn from_the_command_line_the_preview_writes_nothing_and_the_import_follows_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("survey.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let before = std::fs::read(&p).unwrap();
    let xlsx = fixture("survey/survey_57.xlsx");
    let preview = ok(&["survey", "import", ps, xlsx.to_str().unwrap(), "--preview", "--lang", "en"]);
    for expected in [
        "57 data rows, 8 columns",
        "Leeftijd",
        "integer",
        "Startdatum",
        "date",
        "58 | 53 | 61",
        "answer",
        "57 new respondents",
        "57 documents (one per respondent",
        "11 empty answers skipped",
        "nothing was written",
    ] {
        assert!(preview.contains(expected), "{expected:?} missing from the preview:\n{preview}");
    }
    // A Dutch student reads the same preview in Dutch.
    let dutch = ok(&["survey", "import", ps, xlsx.to_str().unwrap(), "--preview"]);
    for expected in [
        "57 gegevensrijen, 8 kolommen",
        "kolom",
        "voorbeeldwaarden",
        "57 nieuwe respondenten, 0 bestaande respondenten herkend aan het label",
        "57 documenten (één per respondent, een beurt per vraag)",
        "11 lege antwoorden overgeslagen",
        "alleen een voorbeeld: er is niets geschreven",
    ] {
        assert!(dutch.contains(expected), "{expected:?} missing from the Dutch preview:\n{dutch}");
    }
    assert_eq!(std::fs::read(&p).unwrap(), before, "the preview wrote to the project");
    let s = werkbank::session::Session::open_read_only(&p).unwrap();
    assert!(s.project().cases.is_empty() && s.project().coders.len() <= 1);
    drop(s);
    let out = ok(&[
        "survey",
        "import",
        ps,
        xlsx.to_str().unwrap(),
        "--respondent-column",
        "Respondent",
        "--answers",
        "Wat zou u willen veranderen?",
        "--attributes",
        "Leeftijd,Geslacht",
        "--per",
        "question",
    ]);
    assert!(out.contains("46 antwoorden geïmporteerd in 1 document;"), "{out}");
    let s = werkbank::session::Session::open_read_only(&p).unwrap();
    let pr = s.project();
    assert_eq!(pr.documents.len(), 1);
    let names: Vec<&str> = pr.attribute_defs.values().map(|d| d.name.as_str()).collect();
    assert_eq!(names, vec!["Leeftijd", "Geslacht"], "in the order the student listed them");
    assert_eq!(pr.case_by_label("S42").unwrap().attributes["Leeftijd"], "38");
    drop(s);
    // The kind of an attribute can be changed afterwards, and is kept in the file.
    assert!(ok(&["respondent", "kind", ps, "Leeftijd", "text"]).contains("Leeftijd is nu text"));
    let s = werkbank::session::Session::open_read_only(&p).unwrap();
    assert_eq!(
        s.project().attribute_defs.values().find(|d| d.name == "Leeftijd").unwrap().kind,
        werkbank::core::AttributeKind::Text
    );
    drop(s);
    assert!(ok(&["respondent", "kind", ps, "leeftijd", "number", "--lang", "en"]).contains("is now integer"));
    let err = werkbank(&["respondent", "kind", ps, "Geslacht", "number"]);
    assert!(!err.status.success());
    let msg = String::from_utf8_lossy(&err.stderr);
    assert!(msg.contains("respondent S01 heeft een waarde voor 'Geslacht' die geen "), "{msg}");
}

#[test]
fn a_respondent_table_in_a_spreadsheet_is_imported_with_chosen_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("survey.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let ods = fixture("survey/survey_57.ods");
    let preview = ok(&[
        "respondent",
        "import",
        ps,
        ods.to_str().unwrap(),
        "--attributes",
        "Functie,Startdatum",
        "--preview",
        "--lang",
        "en",
    ]);
    assert!(preview.contains("attributes: Functie (text), Startdatum (date)"), "{preview}");
    assert!(preview.contains("ignored"), "{preview}");
    assert!(werkbank::session::Session::open_read_only(&p).unwrap().project().cases.is_empty());
    let out = ok(&["respondent", "import", ps, ods.to_str().unwrap(), "--attributes", "Functie,Startdatum"]);
    assert!(out.contains("57 nieuwe respondenten"), "{out}");
    let s = werkbank::session::Session::open_read_only(&p).unwrap();
    let s01 = s.project().case_by_label("S01").unwrap();
    assert_eq!(s01.attributes.len(), 2);
    assert_eq!(s01.attributes["Startdatum"], "2015-09-28");
}

#[test]
fn lists_and_agreement_as_json_for_scripts_and_codings_with_their_full_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = coded_project(dir.path());
    let json = |what: &str| -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(&ok(&["list", &p, what, "--json"]))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let codings = json("codings");
    assert_eq!(codings.len(), 4);
    let c = codings.iter().find(|c| c["code"] == "cat1 > code2").expect("a code2 coding");
    assert_eq!(c["path"], serde_json::json!(["cat1", "code2"]));
    assert_eq!(c["coder"], "Anna");
    assert!(c["text"].as_str().unwrap().to_lowercase().contains("struggling"));
    assert!(c["start"].as_u64().unwrap() < c["end"].as_u64().unwrap());
    let codes = json("codes");
    let code2 = codes.iter().find(|c| c["name"] == "code2").unwrap();
    assert_eq!((code2["depth"].as_u64(), &code2["path"]), (Some(2), &serde_json::json!(["cat1", "code2"])));
    assert_eq!(json("documents")[0]["codings"], 4);
    assert_eq!(json("respondents").len(), 3);
    assert_eq!(json("coders")[0]["name"], "Anna");
    assert!(!json("log").is_empty());

    // `list codings` cuts passages at 60 characters; --full-text gives the whole passage.
    ok(&["code", &p, "--code", "code6", "--doc", "qualcoder_focusgroup", "--range", "0..150"]);
    let passage = |out: &str| -> usize {
        out.lines().find(|l| l.contains("\tcode6\t")).unwrap().rsplit('\t').next().unwrap().chars().count()
    };
    assert_eq!(passage(&ok(&["list", &p, "codings"])), 60);
    assert_eq!(passage(&ok(&["list", &p, "codings", "--full-text"])), 150);

    // Agreement as JSON: the figures as numbers, names resolved.
    let bert =
        Command::new(BIN).args(["code", &p, "--code", "code1", "--phrase", "course", "--coder", "Bert"]).output();
    assert!(bert.unwrap().status.success());
    let out = ok(&["agreement", &p, "--between", "Anna", "Bert", "--code", "code1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("only JSON on stdout");
    let pooled = &v["report"]["pairs"][0]["pooled"];
    assert_eq!(pooled["percent_agreement"], 1.0);
    let anna = v["report"]["pairs"][0]["coder_a"].to_string();
    assert_eq!(v["names"]["coders"][&anna], "Anna");
    assert!(v["names"]["codes"].as_object().unwrap().values().any(|n| n == "code1"));
    assert!(v["disagreements"].is_array());
}

#[test]
fn real_names_recorded_on_the_command_line_are_replaced_in_a_pseudonymised_copy() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    let t = dir.path().join("m1.txt");
    std::fs::write(&t, "I: Hoe gaat het, Marieke?\nM1: Goed. Marieke Jansen is mijn naam.\n").unwrap();
    ok(&["new", ps]);
    ok(&["import", ps, t.to_str().unwrap(), "--speakers-as-respondents"]);
    assert!(fails(&["respondent", "alias", ps, "M1"]).contains("--clear"));
    assert!(
        ok(&["respondent", "alias", ps, "M1", "Marieke Jansen", "Marieke"]).contains("zijn 2 echte namen vastgelegd")
    );
    // A name that already belongs to someone else would turn one person into another.
    ok(&["respondent", "add", ps, "M2"]);
    assert!(
        fails(&["respondent", "alias", ps, "M2", "marieke"]).contains("'marieke' is al een naam van respondent M1")
    );
    assert!(
        fails(&["respondent", "alias", ps, "M2", "marieke", "--lang", "en"]).contains("already names respondent M1")
    );
    let copy = dir.path().join("copy.werkbank");
    ok(&["pseudonymise", ps, "--out", copy.to_str().unwrap()]);
    let s = werkbank::session::Session::open_read_only(&copy).unwrap();
    let text = &s.project().documents.values().next().unwrap().text;
    assert_eq!(&**text, "I: Hoe gaat het, M1?\nM1: Goed. M1 is mijn naam.\n");
    assert!(s.project().cases.values().all(|c| c.aliases.is_empty()), "real names stay out of the copy");
    assert!(ok(&["respondent", "alias", ps, "M1", "--clear", "--lang", "en"]).contains("0 real names"));
}

#[test]
fn setting_several_respondent_attributes_is_one_action_in_the_edit_log() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    ok(&["respondent", "add", ps, "M1"]);
    let before = ok(&["list", ps, "log"]).lines().count();
    ok(&["respondent", "set", ps, "M1", "functie=teamleider", "leeftijd=41"]);
    let log = ok(&["list", ps, "log"]);
    assert_eq!(log.lines().count(), before + 1, "{log}");
    assert!(log.contains("Set attributes of M1"), "{log}");
    let listed = ok(&["list", ps, "respondents", "--json"]);
    assert!(listed.contains("teamleider") && listed.contains("41"), "{listed}");
}

// ---- Filtered and empty reports say what they are (issue 12) ------------------------------

/// The memos of the demo project by what they are about, plus a project and a respondent memo.
const PROJECT_MEMO: &str = "Onderzoeksdagboek.";
const RESPONDENT_MEMO: &str = "Sprak snel; twee keer onderbroken.";
const DOCUMENT_MEMO: &str = "Gesprek op het stadskantoor";
const CODE_MEMO: &str = "Lerende strategie";
const A1_BY_ANNA: &str = "Toegankelijkheid als eerste genoemd.";
const A1_BY_SUPERVISOR: &str = "Begeleider: ook als incommensurabel te lezen?";
const M2_BY_ANNA: &str = "Eerlijke erkenning";
const MEMOS: [&str; 7] =
    [PROJECT_MEMO, RESPONDENT_MEMO, DOCUMENT_MEMO, CODE_MEMO, A1_BY_ANNA, A1_BY_SUPERVISOR, M2_BY_ANNA];

/// `export P memos memos.md EXTRA…`: the file's text and the warnings on stderr.
fn export_memos(p: &str, dir: &Path, extra: &[&str]) -> (String, String) {
    let out = dir.join("memos.md");
    let mut args = vec!["export", p, "memos", out.to_str().unwrap()];
    args.extend(extra);
    let run = werkbank(&args);
    assert!(run.status.success(), "export memos {extra:?}: {}", String::from_utf8_lossy(&run.stderr));
    (std::fs::read_to_string(&out).unwrap(), String::from_utf8(run.stderr).unwrap())
}

fn memos_in(text: &str) -> std::collections::BTreeSet<&'static str> {
    MEMOS.into_iter().filter(|m| text.contains(m)).collect()
}

#[test]
fn exported_memos_are_those_of_the_chosen_branch_documents_coders_and_respondents() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    ok(&["memo", &p, "--project", "--text", PROJECT_MEMO]);
    ok(&["memo", &p, "--respondent", "A1", "--text", RESPONDENT_MEMO]);
    let memos = |extra: &[&str]| memos_in(&export_memos(&p, dir.path(), extra).0);
    let set = |m: &[&'static str]| m.iter().copied().collect::<std::collections::BTreeSet<_>>();

    assert_eq!(memos(&[]), set(&MEMOS), "unfiltered: every memo");
    // A branch: the memo of its code and the memos on codings with its codes, nothing else.
    assert_eq!(memos(&["--code", "Publieke waardenstrategieën"]), set(&[CODE_MEMO, M2_BY_ANNA]));
    // A document: its respondent's memo and the memos on codings in it.
    assert_eq!(memos(&["--doc", "Interview A1"]), set(&[RESPONDENT_MEMO, A1_BY_ANNA, A1_BY_SUPERVISOR]));
    assert_eq!(memos(&["--doc", "Interview M2"]), set(&[DOCUMENT_MEMO, M2_BY_ANNA]));
    // A coder: the memos on that coder's codings and the memos the coder wrote.
    assert_eq!(memos(&["--only-coder", "Begeleider"]), set(&[A1_BY_SUPERVISOR]));
    assert_eq!(
        memos(&["--only-coder", "Anna"]),
        set(&[RESPONDENT_MEMO, DOCUMENT_MEMO, CODE_MEMO, A1_BY_ANNA, M2_BY_ANNA]),
        "the project memo is about no coder's work"
    );
    // An attribute: the respondents who have it, their documents and codings.
    assert_eq!(
        memos(&["--where", "functie=Informatieadviseur"]),
        set(&[RESPONDENT_MEMO, A1_BY_ANNA, A1_BY_SUPERVISOR])
    );

    // The file says what it holds: the branch in the title, the filter under it.
    let (md, _) = export_memos(&p, dir.path(), &["--code", "Publieke waardenstrategieën", "--only-coder", "Anna"]);
    assert!(md.contains("Memo's — Publieke waardenstrategieën"), "{md}");
    assert!(md.contains("Filter: codeur Anna"), "{md}");

    // Options that shape count tables mean nothing for memos: refused by name, no file written.
    let out = dir.path().join("refused.md");
    let err =
        fails(&["export", &p, "memos", out.to_str().unwrap(), "--hide-uncoded", "--counts", "own", "--by", "functie"]);
    for option in ["--hide-uncoded", "--counts", "--by"] {
        assert!(err.contains(option), "{option} not named: {err}");
    }
    assert!(!out.exists());

    // The memo column of every coded segment holds the memos written on codings.
    let segments = dir.path().join("segmenten.md");
    ok(&["export", &p, "segments", segments.to_str().unwrap()]);
    assert_eq!(
        memos_in(&std::fs::read_to_string(&segments).unwrap()),
        set(&[A1_BY_ANNA, A1_BY_SUPERVISOR, M2_BY_ANNA])
    );
}

/// A code of the demo project that nobody coded (nor anything below it).
fn uncoded_code(p: &str) -> String {
    let pr = project(p);
    let coded = |c: werkbank::core::model::Id| pr.subtree(c).iter().any(|s| pr.codings.values().any(|k| k.code == *s));
    let code = pr.codes.values().find(|c| !coded(c.id)).expect("an uncoded code in the demo");
    pr.code_path_string(code.id)
}

fn document_xml(docx: &Path) -> String {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn a_report_with_nothing_in_it_says_so_on_stderr_and_in_the_file_instead_of_an_empty_table() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let code = uncoded_code(&p);
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    // Quotes of a code nobody coded: a warning naming it, and a Word file that says so.
    let docx = file("citaten.docx");
    let run = werkbank(&["export", &p, "quotes", &docx, "--code", &code]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("waarschuwing: geen passages gevonden") && err.contains(&code), "{err}");
    let xml = document_xml(Path::new(&docx));
    assert!(xml.contains("Geen passages gevonden."), "the document does not say so");
    assert!(!xml.contains("<w:tbl>"), "an empty table in the document");
    assert_eq!(xml.matches("Citaten: ").count(), 1, "the title once, as the document's title");
    // With --strict it is an error.
    let err = fails(&["export", &p, "quotes", &file("strict.docx"), "--code", &code, "--strict"]);
    assert!(err.contains("geen passages gevonden") && err.contains("--strict"), "{err}");
    assert!(!Path::new(&file("strict.docx")).exists());
    // A file that cannot be written is the only thing said: no warning about its contents first.
    let run = werkbank(&["export", &p, "quotes", &file("citaten.docq"), "--code", &code]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success() && err.contains("'.docq'"), "{err}");
    assert!(!err.contains("waarschuwing"), "a warning before the refusal: {err}");

    // Segments, a matrix and the frequencies of that branch; in English too.
    for (report, name, sentence) in [
        ("segments", "segmenten.md", "Geen passages gevonden."),
        ("matrix", "matrix.html", "Geen passages gevonden."),
        ("frequencies", "frequenties.md", "Geen passages gevonden."),
    ] {
        let f = file(name);
        let run = werkbank(&["export", &p, report, &f, "--code", &code]);
        assert!(String::from_utf8_lossy(&run.stderr).contains("geen passages gevonden"), "{report}: no warning");
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.contains(sentence), "{report}: {text}");
    }
    let f = file("matrix-en.html");
    let run = werkbank(&["export", &p, "matrix", &f, "--code", &code, "--lang", "en"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("warning: no passages found"));
    assert!(std::fs::read_to_string(&f).unwrap().contains("No passages found."));
    // A spreadsheet keeps the header row and says so above it.
    let f = file("segmenten.csv");
    ok(&["export", &p, "segments", &f, "--code", &code]);
    let csv = std::fs::read_to_string(&f).unwrap();
    assert!(csv.contains("Geen passages gevonden.") && csv.contains("Document"), "{csv}");

    // A --where that matches nothing: the filter warning, and the file says so.
    let f = file("matrix-nope.md");
    let run = werkbank(&["export", &p, "matrix", &f, "--where", "functie=Nope"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("geen respondent heeft functie = Nope"));
    let md = std::fs::read_to_string(&f).unwrap();
    assert!(md.contains("Geen passages gevonden.") && md.contains("functie = Nope"), "{md}");

    // No memo left after filtering.
    let (md, err) = export_memos(&p, dir.path(), &["--only-coder", "Begeleider", "--code", "Introductie"]);
    assert!(md.contains("Geen memo's gevonden."), "{md}");
    assert!(err.contains("waarschuwing: geen memo's gevonden"), "{err}");

    // `counts` of an empty branch warns too.
    let run = werkbank(&["counts", &p, "--code", &code]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("geen passages gevonden"));
}

#[test]
fn counts_and_lists_speak_the_language_of_the_report_dutch_unless_asked_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let code = uncoded_code(&p);
    let header = |args: &[&str]| ok(args).lines().next().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");

    // The header of `counts`, Dutch by default as every report verb is.
    let nl = header(&["counts", &p, "--lang", "nl"]);
    assert_eq!(nl, "Code Coderingen Respondenten Respondentlabels");
    assert_eq!(header(&["counts", &p]), nl);
    assert_eq!(header(&["counts", &p, "--lang", "en"]), "Code Codings Respondents Respondent labels");
    // `--lang` before the verb reaches it as well.
    assert_eq!(header(&["--lang", "en", "counts", &p]), "Code Codings Respondents Respondent labels");
    assert!(ok(&["--lang", "en", "list", &p, "documents"]).contains(" turns\t"));
    let both = header(&["counts", &p, "--counts", "both", "--lang", "nl"]);
    assert_eq!(both, "Code Coderingen (eigen) Respondenten (eigen) Coderingen Respondenten Respondentlabels");
    // Wording and label lists follow the same language: "(M1, A2 en A6)".
    let counts = ok(&["counts", &p, "--and", "--lang", "nl"]);
    assert!(counts.lines().any(|l| l.contains(" en ") && l.ends_with(')')), "{counts}");
    assert!(!ok(&["counts", &p, "--and", "--lang", "en"]).contains(" en "));

    // The warning about what came out empty, in that language.
    let warning = |lang: &str| {
        let run = werkbank(&["counts", &p, "--code", &code, "--lang", lang]);
        String::from_utf8_lossy(&run.stderr).into_owned()
    };
    assert!(
        warning("nl").starts_with("waarschuwing: geen passages gevonden voor 'Codefrequenties"),
        "{}",
        warning("nl")
    );
    assert!(warning("en").starts_with("warning: no passages found for 'Code frequencies"), "{}", warning("en"));

    // `list`: the words in its lines.
    let documents = ok(&["list", &p, "documents"]);
    assert!(documents.contains(" tekens\t") && documents.contains(" spreekbeurten\t"), "{documents}");
    assert!(documents.contains(" coderingen\t"), "{documents}");
    let documents = ok(&["list", &p, "documents", "--lang", "en"]);
    assert!(documents.contains(" chars\t") && documents.contains(" turns\t") && documents.contains(" codings\t"));

    // The status line of an export and of a code tree export.
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let said = ok(&["export", &p, "frequencies", &out("f.docx")]);
    assert_eq!(said.trim(), format!("geschreven: {}", out("f.docx")));
    assert_eq!(
        ok(&["export", &p, "frequencies", &out("f.html"), "--lang", "en"]).trim(),
        format!("wrote {}", out("f.html"))
    );
    assert!(ok(&["codebook", "export", &p, &out("boom.txt")]).contains(" codes geschreven naar "));

    // clap's own usage errors stay English.
    assert!(fails(&["counts", &p, "--lang", "de"]).contains("invalid value 'de'"));
}

/// Dark pixels (text, not the grey of a frame or grid) in the middle of a PNG: the centre third
/// across, the middle fifth down.
fn ink_in_the_centre(png: &Path) -> usize {
    let img = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(png).unwrap()).unwrap();
    let (w, h) = (img.width(), img.height());
    (w / 3..w * 2 / 3)
        .flat_map(|x| (h * 2 / 5..h * 3 / 5).map(move |y| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y).unwrap().red() < 128)
        .count()
}

#[test]
fn a_chart_of_nothing_says_so_in_the_picture_under_its_title_and_filter() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let code = uncoded_code(&p);
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    // A bar chart of a branch nobody coded: the picture itself says no passages were found,
    // under its title, with the branch; as SVG and as PNG.
    ok(&["export", &p, "bar-chart", &file("leeg.svg"), "--code", &code]);
    let svg = std::fs::read_to_string(file("leeg.svg")).unwrap();
    assert!(svg.contains(">Geen passages gevonden.</text>"), "{svg}");
    assert!(svg.contains("Coderingen per code"), "no title: {svg}");
    ok(&["export", &p, "bar-chart", &file("leeg.png"), "--code", &code]);
    let ink = ink_in_the_centre(Path::new(&file("leeg.png")));
    assert!(ink > 100, "the centre of the empty chart is blank ({ink} dark pixels)");

    // A heat map whose filter matches nobody: the sentence and the filter, in English too.
    ok(&["export", &p, "heatmap", &file("leeg-heat.svg"), "--where", "functie=Nope"]);
    let svg = std::fs::read_to_string(file("leeg-heat.svg")).unwrap();
    assert!(svg.contains(">Geen passages gevonden.</text>") && svg.contains("functie = Nope"), "{svg}");
    ok(&["export", &p, "heatmap", &file("empty.png"), "--where", "functie=Nope", "--lang", "en"]);
    assert!(ink_in_the_centre(Path::new(&file("empty.png"))) > 100, "the centre of the empty heat map is blank");
    ok(&["export", &p, "heatmap", &file("empty.svg"), "--where", "functie=Nope", "--lang", "en"]);
    assert!(std::fs::read_to_string(file("empty.svg")).unwrap().contains(">No passages found.</text>"));

    // A chart with bars and cells says nothing of the kind.
    for (report, name) in [("bar-chart", "staven.svg"), ("heatmap", "warmte.svg")] {
        ok(&["export", &p, report, &file(name)]);
        let svg = std::fs::read_to_string(file(name)).unwrap();
        assert!(!svg.contains("Geen passages gevonden."), "{report}: {svg}");
    }
}

#[test]
fn every_verb_that_takes_a_code_names_a_code_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let codebook = out("codeboek.docx");
    let frequencies = out("frequenties.docx");
    let memos = out("memos.docx");
    let quotes = out("quotes.docx");
    let table = out("codeboek-tabel.docx");
    for args in [
        vec!["codebook", "export", &p, &codebook, "--code", "Onbekend"],
        vec!["export", &p, "frequencies", &frequencies, "--code", "Onbekend"],
        vec!["export", &p, "memos", &memos, "--code", "Onbekend"],
        vec!["export", &p, "quotes", &quotes, "--code", "Onbekend"],
        vec!["export", &p, "codebook", &table, "--code", "Onbekend"],
        vec!["list", &p, "codings", "--code", "Onbekend"],
        vec!["counts", &p, "--code", "Onbekend"],
        vec!["agreement", &p, "--between", "Anna", "Begeleider", "--code", "Onbekend"],
        vec!["code", &p, "--code", "Onbekend", "--phrase", "gemeente"],
        vec!["memo", &p, "--code", "Onbekend"],
    ] {
        // Dutch unless asked otherwise.
        let err = fails(&args);
        assert!(err.contains("geen code 'Onbekend'"), "{args:?}: {err}");
    }
    for f in [codebook, frequencies, memos, quotes, table] {
        assert!(!Path::new(&f).exists(), "{f} written");
    }
}

#[test]
fn a_code_path_with_a_level_left_out_is_refused_and_the_full_path_suggested() {
    // The thesis's path skips a level: "Publieke waarden > Proceswaarden" is really
    // "Publieke waarden > Inventarisering publieke waarden > Proceswaarden". Guessing would code
    // or count under a code the student did not name; every verb refuses and names the path.
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let frequencies = out("frequenties.docx");
    let quotes = out("citaten.docx");
    let before = ok(&["list", &p, "codings"]);
    let full = "'Publieke waarden > Inventarisering publieke waarden > Proceswaarden'";
    for short in [
        "Publieke waarden > Proceswaarden",
        "Inventarisering publieke waarden > Proceswaarden",
        "publieke waarden>>proceswaarden",
    ] {
        for args in [
            vec!["code", &p, "--code", short, "--phrase", "gemeente"],
            vec!["counts", &p, "--code", short],
            vec!["export", &p, "frequencies", &frequencies, "--code", short],
            vec!["export", &p, "quotes", &quotes, "--code", short],
            vec!["list", &p, "codings", "--code", short],
            vec!["memo", &p, "--code", short],
        ] {
            let err = fails(&[&args[..], &["--lang", "en"][..]].concat());
            assert!(err.contains(&format!("no code '{short}'")), "{args:?}: {err}");
            assert!(err.contains(&format!("did you mean {full}?")), "{args:?}: {err}");
        }
    }
    assert_eq!(ok(&["list", &p, "codings"]), before, "nothing was coded");
    assert!(!Path::new(&frequencies).exists() && !Path::new(&quotes).exists());
    // Two codes fit the shortened path: both are named, and neither is taken.
    let extra = dir.path().join("extra.txt");
    std::fs::write(&extra, "Proceswaarden\n").unwrap();
    ok(&[
        "codebook",
        "import",
        &p,
        extra.to_str().unwrap(),
        "--under",
        "Publieke waarden > Omschrijving publieke waarden",
    ]);
    let err = fails(&["counts", &p, "--code", "Publieke waarden > Proceswaarden"]);
    assert!(
        err.contains(&format!(
            "bedoelde je {full} of 'Publieke waarden > Omschrijving publieke waarden > Proceswaarden'?"
        )),
        "{err}"
    );
    // A name that fits nothing still says only that.
    let err = fails(&["counts", &p, "--code", "Publieke waarden > Onbekend"]);
    assert!(err.contains("geen code 'Publieke waarden > Onbekend'") && !err.contains("bedoelde je"), "{err}");
}

#[test]
fn a_supervisor_compares_the_second_coders_counts_per_code_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let coders = [werkbank::demo::DEMO_SUPERVISOR, "Anna"];
    let coders_json: serde_json::Value = serde_json::from_str(&ok(&["list", &p, "coders", "--json"])).unwrap();
    let codings_of = |coder: &str| {
        coders_json.as_array().unwrap().iter().find(|c| c["name"] == coder).unwrap()["codings"].as_u64().unwrap()
    };

    // In the terminal: a column per coder and their total, the tree indented.
    let counts = ok(&["counts", &p, "--per-coder", "--figure", "codings", "--lang", "en"]);
    let head: Vec<&str> = counts.lines().next().unwrap().split("  ").map(str::trim).filter(|h| !h.is_empty()).collect();
    assert_eq!(head, ["Code", "Coder Anna: codings", "Coder Begeleider: codings", "Total: codings"], "{counts}");
    assert!(counts.lines().any(|l| l.starts_with("  Inventarisering publieke waarden ")), "{counts}");
    // In Dutch unless asked otherwise, as every report.
    let counts = ok(&["counts", &p, "--per-coder", "--figure", "respondents"]);
    assert!(counts.starts_with("Code ") && counts.contains("Codeur Begeleider: respondenten"), "{counts}");

    // --json: own and total of every coder and of all together, under stable keys.
    let json: serde_json::Value = serde_json::from_str(&ok(&["counts", &p, "--per-coder", "--json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), project(&p).codes.len());
    let mut per_coder = std::collections::BTreeMap::new();
    for row in rows {
        let names: Vec<&str> = row["coders"].as_array().unwrap().iter().map(|c| c["coder"].as_str().unwrap()).collect();
        assert_eq!(names, ["Anna", "Begeleider"]);
        let own: u64 = row["coders"].as_array().unwrap().iter().map(|c| c["own"]["codings"].as_u64().unwrap()).sum();
        assert_eq!(own, row["own"]["codings"].as_u64().unwrap(), "{row}");
        for c in row["coders"].as_array().unwrap() {
            *per_coder.entry(c["coder"].as_str().unwrap().to_string()).or_insert(0) +=
                c["own"]["codings"].as_u64().unwrap();
        }
        assert!(row["path"].is_array() && row["depth"].is_u64() && row["total"]["labels"].is_array(), "{row}");
    }
    for coder in coders {
        assert_eq!(per_coder[coder], codings_of(coder), "{coder}'s codings");
    }

    // The export, in Dutch, respondents per coder of one branch, uncoded codes left out.
    let md = out("per-codeur.md");
    ok(&[
        "export",
        &p,
        "frequencies",
        &md,
        "--per-coder",
        "--figure",
        "respondents",
        "--code",
        "Publieke waarden",
        "--hide-uncoded",
    ]);
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.contains(
            "| Code | Pad | Codeur Anna: respondenten | Codeur Begeleider: respondenten | Totaal: respondenten |"
        ),
        "{text}"
    );
    assert!(text.contains("Codefrequenties per codeur — Publieke waarden") && !text.contains("Introductie"), "{text}");
    // One coder's codings: his column alone, and the filter says whose they are.
    let csv = out("begeleider.csv");
    ok(&[
        "export",
        &p,
        "frequencies",
        &csv,
        "--per-coder",
        "--only-coder",
        "Begeleider",
        "--figure",
        "codings",
        "--semicolon",
    ]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("Filter: codeur Begeleider"), "{text}");
    assert!(text.contains("Code;Pad;Codeur Begeleider: coderingen\r\n") && !text.contains("Totaal"), "{text}");

    // A branch nobody coded: the warning names the table.
    let run = werkbank(&["counts", &p, "--per-coder", "--code", "Zbo"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("'Codefrequenties per codeur — Omschrijving cases > Zbo'"));

    // Columns are chosen once; a table without coder columns says so.
    let err = fails(&["export", &p, "groups", &out("g.csv"), "--per-coder", "--by", "functie"]);
    assert!(err.contains("--per-coder en --by"), "{err}");
    let err = fails(&["export", &p, "matrix", &out("m.csv"), "--per-coder"]);
    assert!(err.contains("--per-coder") && err.contains("export frequencies"), "{err}");
    assert!(!Path::new(&out("g.csv")).exists() && !Path::new(&out("m.csv")).exists());
}

#[test]
fn the_import_preview_says_when_a_transcript_gives_no_speaker_turns() {
    // The interviewer's questions were in italics only: as text, nothing tells the speakers apart.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("studie.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let t = dir.path().join("cursief.txt");
    std::fs::write(&t, "How long have you lived here?\nSince 1998.\nWhat changed?\nEverything, really.\n").unwrap();
    let preview = ok(&["import", ps, t.to_str().unwrap(), "--preview"]);
    let preview_en = ok(&["import", ps, t.to_str().unwrap(), "--preview", "--lang", "en"]);
    assert!(preview_en.contains("0 speaker turns\n  warning: No speaker turns were found"), "{preview_en}");
    assert!(preview.contains("0 spreekbeurten\n  waarschuwing: Er zijn geen spreekbeurten gevonden"), "{preview}");
}

/// A transcript that cannot be imported (a Pages file, a damaged Word file, a "PDF" that is not
/// one) is named with its reason in the student's language, and nothing is imported.
#[test]
fn a_transcript_that_cannot_be_imported_is_answered_in_dutch_and_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let file = |name: &str, bytes: &[u8]| {
        let f = dir.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        f.to_str().unwrap().to_string()
    };
    let cases = [
        (
            file("R1.pages", b"x"),
            "Werkbank kan geen \u{201c}.pages\u{201d}-bestanden importeren; wel .txt",
            "Werkbank cannot import \u{201c}.pages\u{201d} files; supported are .txt",
        ),
        (
            file("R2.docx", b"PK\x03\x04 kapot"),
            "het bestand is geen leesbaar documentarchief",
            "the file is not a readable document archive",
        ),
        (file("R3.pdf", b"geen pdf"), "de PDF kan niet worden ge\u{ef}mporteerd", "the PDF cannot be imported"),
    ];
    for (f, nl, en) in &cases {
        let said = fails(&["import", ps, f]);
        assert!(said.contains(nl), "{said}");
        let said = fails(&["import", ps, f, "--lang", "en"]);
        assert!(said.contains(en), "{said}");
    }
    assert!(werkbank::session::Session::open_read_only(&p).unwrap().project().documents.is_empty());
}

/// A REFI-QDA file that is not one (a renamed Word file, a project without its .qde) is refused
/// in the student's language, and the project is left as it was.
#[test]
fn a_refi_file_that_is_not_one_is_refused_in_dutch_and_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let not_zip = dir.path().join("hoofdstuk.qdpx");
    std::fs::write(&not_zip, "dit is geen archief").unwrap();
    let no_qde = dir.path().join("leeg.qdpx");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&no_qde).unwrap());
        zip.start_file("sources/a.txt", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, b"I: ja").unwrap();
        zip.finish().unwrap();
    }
    for (file, nl, en) in [
        (&not_zip, "geen leesbaar zip-archief", "not a readable zip archive"),
        (&no_qde, "het archief bevat geen project.qde", "the archive contains no project.qde"),
    ] {
        let said = fails(&["refi", "import", ps, file.to_str().unwrap()]);
        assert!(said.contains(nl) && said.contains("kan "), "{said}");
        let said = fails(&["refi", "import", ps, file.to_str().unwrap(), "--lang", "en"]);
        assert!(said.contains(en), "{said}");
    }
    assert!(werkbank::session::Session::open_read_only(&p).unwrap().project().documents.is_empty());
}

/// What is wrong with a respondent table is said in the student's language, with the row as the
/// spreadsheet numbers it: a label twice, an empty label, a column that is not there, an old .xls.
#[test]
fn a_respondent_table_with_a_mistake_is_answered_in_dutch_and_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.werkbank");
    let ps = p.to_str().unwrap();
    ok(&["new", ps]);
    let table = |name: &str, text: &str| {
        let f = dir.path().join(name);
        std::fs::write(&f, text).unwrap();
        f.to_str().unwrap().to_string()
    };
    let twice = table("twee.csv", "label;leeftijd\nR1;40\nR1;41\n");
    let empty = table("leeg.csv", "label;leeftijd\nR1;40\n;41\n");
    let xls = table("oud.xls", "\u{d0}");
    let cases: [(Vec<&str>, &str, &str); 4] = [
        (vec![&twice], "rij 3: respondent 'R1' staat al op rij 2", "row 3: respondent 'R1' already appears on row 2"),
        (vec![&empty], "rij 3: de respondentkolom 'label' is leeg", "row 3: the respondent column 'label' is empty"),
        (
            vec![&twice, "--respondent-column", "naam"],
            "geen kolom 'naam' in de tabel (de kolommen zijn 'label', 'leeftijd')",
            "no column 'naam' in the table (the columns are 'label', 'leeftijd')",
        ),
        (
            vec![&xls],
            ".xlsx, .ods, niet uit “.xls”-bestanden (sla het blad op als .xlsx of .csv)",
            ".xlsx, .ods files, not from “.xls” files (save the sheet as .xlsx or .csv)",
        ),
    ];
    for (args, nl, en) in cases {
        let mut all = vec!["respondent", "import", ps];
        all.extend(&args);
        let said = fails(&all);
        assert!(said.contains(nl), "{said}");
        all.extend(["--lang", "en"]);
        let said = fails(&all);
        assert!(said.contains(en), "{said}");
    }
    // The survey import's preview says why the table cannot be imported as chosen, in Dutch too.
    let survey = table("enquete.csv", "label;antwoord\nR1;Het werkt\nR2;Niet zo\n");
    let said =
        ok(&["survey", "import", ps, &survey, "--answers", "label", "--respondent-column", "label", "--preview"]);
    assert!(said.contains("kan niet importeren zoals gekozen: kies minstens één kolom met open antwoorden"), "{said}");
    assert!(werkbank::session::Session::open_read_only(&p).unwrap().project().cases.is_empty());
}

#[test]
fn a_dutch_student_who_mistypes_a_code_path_is_answered_in_dutch_and_an_english_one_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let short = "Publieke waarden > Proceswaarden";
    let full = "'Publieke waarden > Inventarisering publieke waarden > Proceswaarden'";
    // Dutch by default, as the table she asked for.
    let nl = fails(&["counts", &p, "--code", short]);
    assert_eq!(nl.trim(), format!("werkbank: geen code '{short}'; bedoelde je {full}?"));
    let en = fails(&["counts", &p, "--code", short, "--lang", "en"]);
    assert_eq!(en.trim(), format!("werkbank: no code '{short}'; did you mean {full}?"));
    // Every sibling the report verbs refuse with: a coder, a document, a --where, a folder.
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let cases: [(Vec<String>, &str, &str); 8] = [
        (vec!["check".into(), p.clone(), out("hoofdstuk4.docx")], "kan het hoofdstuk ", "cannot read the chapter "),
        (
            vec!["export".into(), p.clone(), "bar-chart".into(), out("staaf.pdf")],
            "een grafiek kan niet als '.pdf' worden geschreven; gebruik .svg, .png",
            "a chart cannot be written as '.pdf'; use .svg, .png",
        ),
        (
            vec!["counts".into(), p.clone(), "--only-coder".into(), "Niemand".into()],
            "geen codeur 'Niemand'",
            "no coder 'Niemand'",
        ),
        (
            vec!["list".into(), p.clone(), "codings".into(), "--code".into(), "Onbekend".into()],
            "geen code 'Onbekend'",
            "no code 'Onbekend'",
        ),
        (
            vec!["export".into(), p.clone(), "frequencies".into(), out("f.docx"), "--doc".into(), "Onbekend".into()],
            "geen document 'Onbekend'",
            "no document 'Onbekend'",
        ),
        (
            vec!["counts".into(), p.clone(), "--where".into(), "functie".into()],
            "--where 'functie' moet de vorm",
            "--where 'functie' should look like",
        ),
        (vec!["export".into(), p.clone(), "bar-chart".into(), out("nergens/staaf.png")], "de map ", "the folder "),
        (
            vec!["agreement".into(), p.clone(), "--between".into(), "Anna".into(), "Anna".into()],
            "codeur 'Anna' staat er twee keer",
            "coder 'Anna' is given twice",
        ),
    ];
    for (args, dutch, english) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let nl = fails(&args);
        assert!(nl.starts_with(&format!("werkbank: {dutch}")), "{args:?}: {nl}");
        let en = fails(&[&args[..], &["--lang", "en"]].concat());
        assert!(en.starts_with(&format!("werkbank: {english}")), "{args:?}: {en}");
    }
    let missing = fails(&["check", &p, &out("hoofdstuk4.docx")]);
    assert!(missing.trim_end().ends_with("hoofdstuk4.docx niet lezen: dat bestand bestaat niet"), "{missing}");
    // A warning made an error by --strict stays in the report's language.
    let strict = fails(&["counts", &p, "--where", "functie=Nope", "--strict"]);
    assert!(strict.starts_with("werkbank: geen respondent heeft functie = Nope"), "{strict}");
    assert!(strict.trim_end().ends_with("(--strict)"), "{strict}");
    let strict = fails(&["counts", &p, "--where", "functie=Nope", "--strict", "--lang", "en"]);
    assert!(strict.starts_with("werkbank: no respondent has functie = Nope"), "{strict}");
}

#[test]
fn a_dutch_student_lists_her_codes_by_kind_in_dutch_while_scripts_keep_the_english_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let nl = ok(&["list", &p, "codes"]);
    assert!(nl.contains("[concept]") && nl.contains("[dimensie]") && nl.contains("[indicator]"), "{nl}");
    assert!(!nl.contains("[dimension]") && !nl.contains("[code]"), "{nl}");
    let en = ok(&["list", &p, "codes", "--lang", "en"]);
    assert!(en.contains("[dimension]") && en.contains("[indicator]") && !en.contains("[dimensie]"), "{en}");
    // --json is for scripts: the same stable English values in either language.
    let kinds = |lang: &str| -> std::collections::BTreeSet<String> {
        let json: serde_json::Value =
            serde_json::from_str(&ok(&["list", &p, "codes", "--json", "--lang", lang])).unwrap();
        json.as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(kinds("nl"), ["code", "concept", "dimension"].map(String::from).into());
    assert_eq!(kinds("nl"), kinds("en"));
    // The edit log says what each entry was in her language too.
    ok(&["code", &p, "--code", "Proceswaarden", "--phrase", "gemeente"]);
    let log = ok(&["list", &p, "log"]);
    assert!(log.lines().any(|l| l.contains("\tgedaan\t")), "{log}");
    assert!(ok(&["list", &p, "log", "--lang", "en"]).lines().any(|l| l.contains("\tdo\t")));
}

#[test]
fn a_supervisor_sees_each_coders_bars_side_by_side_in_a_chart_with_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let json: serde_json::Value = serde_json::from_str(&ok(&["counts", &p, "--per-coder", "--json"])).unwrap();
    let top: Vec<&serde_json::Value> = json.as_array().unwrap().iter().filter(|r| r["depth"] == 1).collect();

    ok(&["export", &p, "bar-chart", &out("codeurs.svg"), "--per-coder"]);
    let svg = std::fs::read_to_string(out("codeurs.svg")).unwrap();
    assert!(svg.contains("<title>Coderingen per code en codeur</title>"), "{svg}");
    // A legend naming each coder beside the colour of their bars.
    let legend: Vec<&str> = svg.lines().filter(|l| l.contains("class=\"legend\"")).collect();
    assert_eq!(legend.len(), 2, "{svg}");
    let colour = |line: &str| line.split("fill=\"").nth(1).unwrap()[..7].to_string();
    assert_ne!(colour(legend[0]), colour(legend[1]));
    // One bar per coder per top-level code, as long as that coder's count, in the coder's colour.
    for (i, coder) in ["Anna", werkbank::demo::DEMO_SUPERVISOR].into_iter().enumerate() {
        assert!(svg.contains(&format!(">{coder}</text>")), "{coder} not in the legend");
        let bars: Vec<&str> =
            svg.lines().filter(|l| l.contains("class=\"bar\"") && l.contains(&format!("<title>{coder}: "))).collect();
        assert_eq!(bars.len(), top.len(), "{coder}: {svg}");
        for (bar, row) in bars.iter().zip(&top) {
            let c = row["coders"].as_array().unwrap().iter().find(|c| c["coder"] == coder).unwrap();
            let n = c["total"]["codings"].as_u64().unwrap();
            assert!(bar.contains(&format!("<title>{coder}: {n}</title>")), "{bar} vs {c}");
            assert_eq!(colour(bar), colour(legend[i]), "{bar}");
        }
    }
    // Respondents per coder carry each coder's respondent labels after the bar, as the table does.
    ok(&[
        "export",
        &p,
        "bar-chart",
        &out("respondenten.svg"),
        "--per-coder",
        "--figure",
        "respondents",
        "--lang",
        "en",
    ]);
    let svg = std::fs::read_to_string(out("respondenten.svg")).unwrap();
    assert!(svg.contains("<title>Respondents per code and coder</title>"), "{svg}");
    let labelled = top
        .iter()
        .flat_map(|r| r["coders"].as_array().unwrap())
        .find(|c| c["total"]["labels"].as_array().unwrap().len() > 1)
        .unwrap();
    let labels: Vec<&str> =
        labelled["total"]["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert!(svg.contains(&format!("({})", labels.join(", "))), "{labels:?} not after the bar: {svg}");

    // The PNG is the same chart: both coders' colours are in the picture.
    ok(&["export", &p, "bar-chart", &out("codeurs.png"), "--per-coder"]);
    let img = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(out("codeurs.png")).unwrap()).unwrap();
    for line in &legend {
        let hex = colour(line);
        let rgb = u32::from_str_radix(&hex[1..], 16).unwrap();
        let found = img
            .pixels()
            .iter()
            .filter(|px| (u32::from(px.red()) << 16 | u32::from(px.green()) << 8 | u32::from(px.blue())) == rgb);
        assert!(found.count() > 500, "{hex} missing from the PNG");
    }
}

#[test]
fn a_dutch_student_codes_changes_codes_and_writes_memos_in_dutch_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let full = "Publieke waarden > Inventarisering publieke waarden > Proceswaarden";
    // Coding by phrase: what was added, in Dutch unless asked otherwise, as every report verb.
    let out = ok(&["code", &p, "--code", "Proceswaarden", "--phrase", "gemeente"]);
    assert!(out.contains(" toegevoegd met ") && out.contains(full), "{out}");
    let out = ok(&["code", &p, "--code", "Proceswaarden", "--phrase", "gemeente", "--lang", "en"]);
    assert!(out.starts_with("added 0 codings with "), "{out}");
    // A phrase found nowhere: a Dutch warning, and with --strict a Dutch refusal.
    let run = werkbank(&["code", &p, "--code", "Proceswaarden", "--phrase", "zeppelin"]);
    let warning = String::from_utf8_lossy(&run.stderr);
    assert!(
        warning.starts_with("waarschuwing: de zinsnede 'zeppelin' komt nergens voor; er is niets gecodeerd"),
        "{warning}"
    );
    let err = fails(&["code", &p, "--code", "Proceswaarden", "--phrase", "zeppelin", "--strict"]);
    assert!(err.contains("komt nergens voor") && err.contains("(--strict)"), "{err}");
    let err = fails(&["code", &p, "--code", "Proceswaarden", "--phrase", "zeppelin", "--strict", "--lang", "en"]);
    assert!(err.contains("was found nowhere"), "{err}");
    // The code she mistyped, and how to give a range.
    let err = fails(&["code", &p, "--code", "Publieke waarden > Proceswaarden", "--phrase", "x"]);
    assert!(err.contains(&format!("geen code 'Publieke waarden > Proceswaarden'; bedoelde je '{full}'?")), "{err}");
    assert!(fails(&["code", &p, "--code", "Proceswaarden", "--range", "1..5"]).contains("--range heeft --doc nodig"));
    // Changing a code (its own sub-verbs take --lang after their arguments).
    let out = ok(&["code", "describe", &p, "Proceswaarden", "Waarden van het proces"]);
    assert!(out.trim() == format!("beschreven: {full}"), "{out}");
    let out = ok(&["code", "describe", &p, "Proceswaarden", "Waarden van het proces", "--lang", "en"]);
    assert!(out.trim() == format!("described {full}"), "{out}");
    // Memos: read, written, refused.
    assert_eq!(ok(&["memo", &p, "--respondent", "A1"]).trim(), "(geen memo bij respondent A1)");
    assert_eq!(ok(&["memo", &p, "--respondent", "A1", "--lang", "en"]).trim(), "(no memo on respondent A1)");
    let out = ok(&["memo", &p, "--respondent", "A1", "--text", "Open gesprek."]);
    assert_eq!(out.trim(), "memo geschreven bij respondent A1");
    assert!(fails(&["memo", &p, "--respondent", "Z9"]).contains("geen respondent 'Z9'"));
}

#[test]
fn a_dutch_student_who_mistypes_an_alias_for_the_chapter_check_is_answered_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo_project(dir.path());
    let chapter = dir.path().join("hoofdstuk.txt");
    std::fs::write(&chapter, "Vier respondenten noemen vertrouwen.\n").unwrap();
    let c = chapter.to_str().unwrap();
    let err = fails(&["check", &p, c, "--alias", "vertrouwen"]);
    assert!(err.contains("--alias \"vertrouwen\": schrijf naam = Code > Pad"), "{err}");
    let err = fails(&["check", &p, c, "--alias", "vertrouwen = Geen > Code"]);
    assert!(err.contains("er is geen code \"Geen > Code\""), "{err}");
    let err = fails(&["--lang", "en", "check", &p, c, "--alias", "vertrouwen"]);
    assert!(err.contains("--alias \"vertrouwen\": write name = Code > Path"), "{err}");
}
