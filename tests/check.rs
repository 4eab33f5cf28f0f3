//! A supervisor checks a results chapter against the coding before the thesis goes out: every
//! quote, every "(M1, A2)" list, every count and every cell of a result table gets a verdict,
//! with the evidence. The chapters are written for the demo project (four interviews, A1, M2,
//! P3, O4), with deliberate mistakes of the kinds found in real theses.

mod support;

use std::process::Command;
use support::app::wait_for_background_work;
use werkbank::check::{CheckOptions, ClaimKind, Scope, Verdict, check_chapter};

const CHAPTER_NL: &str = include_str!("fixtures/chapters/resultaten_demo.md");

fn demo() -> (tempfile::TempDir, werkbank::session::Session) {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::demo::create_demo_project(&dir.path().join("demo.werkbank"), "Anna").unwrap();
    (dir, s)
}

/// (kind, verdict) of the claim whose text contains `needle`.
fn verdict_of(r: &werkbank::check::CheckReport, needle: &str) -> Vec<(ClaimKind, Verdict)> {
    r.claims.iter().filter(|c| c.claim.contains(needle)).map(|c| (c.kind, c.verdict.clone())).collect()
}

#[test]
fn every_claim_of_a_dutch_chapter_gets_the_right_verdict() {
    let (_d, s) = demo();
    let r = check_chapter(s.project(), CHAPTER_NL, &CheckOptions::default());
    use ClaimKind::*;
    use Verdict::*;
    assert_eq!(verdict_of(&r, "vier respondenten"), [(Count, Consistent)]);
    assert_eq!(verdict_of(&r, "(A1, M2, O4, P3)"), [(Labels, Consistent)]);
    assert_eq!(verdict_of(&r, "toegankelijkheid en gelijke"), [(Quote, Consistent)]);
    assert_eq!(verdict_of(&r, "doolhof van formulieren"), [(Quote, WrongSpeaker)]);
    assert_eq!(verdict_of(&r, "staan vaak haaks"), [(Quote, QuoteDiffers)]);
    assert_eq!(verdict_of(&r, "nooit over waarden"), [(Quote, QuoteNotFound)]);
    assert_eq!(verdict_of(&r, "nieuw digitaal loket"), [(Quote, SpokenByInterviewer)]);
    assert_eq!(verdict_of(&r, "automatisch […] halen"), [(Quote, Consistent)]);
    assert_eq!(verdict_of(&r, "drie respondenten"), [(Count, CountDiffers)]);
    assert_eq!(verdict_of(&r, "(A1, M2, O4)"), [(Labels, LabelsDiffer)]);
    assert_eq!(verdict_of(&r, "drie van de vier"), [(Count, Consistent)]);
    assert_eq!(verdict_of(&r, "(M2, O4, P3)"), [(Labels, Consistent)]);
    assert_eq!(verdict_of(&r, "(A1, P3, R9)"), [(Labels, UnknownLabels)]);
    assert_eq!(verdict_of(&r, "(A1, M2)."), []);
    assert_eq!(verdict_of(&r, "(A1, M2)"), [(Labels, NoCode)]);
    // The tables, cell by cell.
    let cell = |t, row, col| {
        r.claims
            .iter()
            .filter(|c| c.location.table == Some((t, row, col)))
            .map(|c| (c.kind, c.verdict.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(cell(1, 2, 2), [(Labels, Consistent)]);
    assert_eq!(cell(1, 2, 3), [(Count, Consistent)]);
    assert_eq!(cell(1, 3, 2), [(Labels, Consistent)]);
    assert_eq!(cell(1, 3, 3), [(Count, CountDiffers)]);
    assert_eq!(cell(2, 2, 1), [(Labels, Consistent)]);
    assert_eq!(cell(2, 3, 1), [(Labels, LabelsDiffer)]);

    // The evidence says what is wrong and what is right.
    let compromissen = r.claims.iter().find(|c| c.claim == "(A1, M2, O4)").unwrap();
    assert_eq!(compromissen.code_path.as_deref(), Some("Publieke waardenstrategieën > Compromissen"));
    assert_eq!(compromissen.extra, ["M2"]);
    assert!(compromissen.missing.is_empty());
    assert_eq!(compromissen.evidence, "Coded for 2 respondents: (A1, O4)");
    let wrong = r.claims.iter().find(|c| c.claim.contains("doolhof")).unwrap();
    let p = wrong.passage.as_ref().unwrap();
    assert_eq!((p.document_name.as_str(), p.respondent.as_deref()), ("Interview P3", Some("P3")));
    assert!(p.text.starts_with("Digitalisering mag nooit"), "{}", p.text);
    let differs = r.claims.iter().find(|c| c.claim.contains("staan vaak haaks")).unwrap();
    assert!(differs.evidence.contains("[-vaak-] {+soms+}"), "{}", differs.evidence);
    assert_eq!(
        r.summary(),
        "20 claims: 10 consistent, 2 count differs, 2 label list differs, 1 no code named, 1 other speaker, 1 quote differs, 1 quote not found, 1 spoken by the interviewer, 1 unknown labels"
    );
}

#[test]
fn own_counts_and_one_coder_change_the_figures() {
    let (_d, s) = demo();
    let chapter = "Compromissen worden door twee respondenten genoemd (A1, O4).";
    let total = check_chapter(s.project(), chapter, &CheckOptions::default());
    assert!(total.claims.iter().all(|c| c.verdict == Verdict::Consistent), "{:#?}", total.claims);
    // "Compromissen" itself holds no codings: own counts differ.
    let own = check_chapter(s.project(), chapter, &CheckOptions { scope: Scope::Own, ..Default::default() });
    assert!(own.claims.iter().all(|c| c.verdict != Verdict::Consistent));
    let anna = s.project().coder_by_name("Anna").unwrap().id;
    let only = check_chapter(
        s.project(),
        "Rol van leren wordt door twee respondenten genoemd (A1, P3).",
        &CheckOptions { coder: Some(anna), ..Default::default() },
    );
    // One of the two codings is the supervisor's.
    assert!(only.claims.iter().any(|c| c.verdict != Verdict::Consistent), "{:#?}", only.claims);
}

#[test]
fn an_english_chapter_with_aliases() {
    let (_d, s) = demo();
    let p = s.project();
    let learning = p.code_by_path(&["Publieke waardenstrategieën", "Lerende"]).unwrap();
    let chapter = "The learning strategy was named by two of the four respondents (A1, P3). \
        As A1 put it, \"we organise user tests in the library\" — no, that is a translation.\n\
        Learning strategy: n = 3.";
    let opts = CheckOptions { aliases: vec![("learning strategy".into(), learning)], ..Default::default() };
    let r = check_chapter(p, chapter, &opts);
    assert_eq!(verdict_of(&r, "two of the four"), [(ClaimKind::Count, Verdict::Consistent)]);
    assert_eq!(verdict_of(&r, "(A1, P3)"), [(ClaimKind::Labels, Verdict::Consistent)]);
    assert_eq!(verdict_of(&r, "user tests"), [(ClaimKind::Quote, Verdict::QuoteNotFound)]);
    assert_eq!(verdict_of(&r, "n = 3"), [(ClaimKind::Count, Verdict::CountDiffers)]);
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn a_dutch_check_gives_dutch_verdicts_and_evidence() {
    use werkbank::export::Lang;
    let (_d, s) = demo();
    let r = check_chapter(s.project(), CHAPTER_NL, &CheckOptions { lang: Lang::Nl, ..Default::default() });
    assert_eq!(
        r.summary(),
        "20 beweringen: 10 klopt, 2 aantal wijkt af, 1 andere spreker, 1 citaat niet gevonden, 1 citaat wijkt af, 1 geen code genoemd, 1 gezegd door de interviewer, 2 labellijst wijkt af, 1 onbekende labels"
    );
    let compromissen = r.claims.iter().find(|c| c.claim == "(A1, M2, O4)").unwrap();
    assert_eq!(compromissen.evidence, "Gecodeerd bij 2 respondenten: (A1, O4)");
    assert_eq!(werkbank::check::report::differences(compromissen, Lang::Nl), "genoemd zonder de code: M2");
    let wrong = r.claims.iter().find(|c| c.claim.contains("doolhof")).unwrap();
    assert!(wrong.evidence.contains("gevonden in Interview P3, gezegd door P3"), "{}", wrong.evidence);
    assert!(wrong.evidence.contains("Het hoofdstuk schrijft het toe aan"), "{}", wrong.evidence);
    let table = werkbank::check::report::claims_table(&r);
    assert_eq!(table.title, "Beweringen in het hoofdstuk");
    assert_eq!(table.headers, ["#", "Plaats", "Soort", "Bewering", "Code", "Oordeel", "Verschillen", "Onderbouwing"]);
    let cell = |row: &[werkbank::export::Cell], j: usize| row[j].display();
    let cells = table.rows.iter().find(|row| cell(row, 3) == "(A1, M2, O4)").unwrap();
    assert_eq!((cell(cells, 2).as_str(), cell(cells, 5).as_str()), ("labels", "labellijst wijkt af"));
    assert!(table.rows.iter().any(|row| cell(row, 1).starts_with("tabel 1, rij 2, kolom")));
}

#[test]
fn the_cli_reports_exits_1_and_writes_every_format() {
    let (dir, s) = demo();
    let project = s.path().to_path_buf();
    drop(s);
    let chapter = dir.path().join("hoofdstuk4.md");
    std::fs::write(&chapter, CHAPTER_NL).unwrap();
    for ext in ["html", "docx", "csv", "json"] {
        let out = dir.path().join(format!("check.{ext}"));
        let o = Command::new(env!("CARGO_BIN_EXE_werkbank"))
            .arg("check")
            .arg(&project)
            .arg(&chapter)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "differences exit with 1: {}", String::from_utf8_lossy(&o.stderr));
        // Dutch, as every export is unless asked otherwise.
        let stdout = String::from_utf8(o.stdout).unwrap();
        assert!(stdout.starts_with("20 beweringen: 10 klopt"), "{stdout}");
        assert!(stdout.contains("genoemd zonder de code: M2"), "{stdout}");
        let bytes = std::fs::read(&out).unwrap();
        match ext {
            "html" => {
                let h = String::from_utf8(bytes).unwrap();
                assert!(h.contains("<mark class=\"bad\""), "claims highlighted in the chapter");
                assert!(h.contains("Vooraf nadenken over waarden"));
                assert!(h.contains("<html lang=\"nl\">") && h.contains("<h2>Beweringen</h2>"), "{h}");
                assert!(h.contains("<th>Oordeel</th>") && h.contains("labellijst wijkt af"), "{h}");
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(v["claims"].as_array().unwrap().len(), 20);
                // Where a claim stands in the chapter: `[start, end]` characters, as always.
                let span = v["claims"][0]["span"].as_array().unwrap();
                assert!(span.len() == 2 && span[0].as_u64() < span[1].as_u64(), "{span:?}");
            }
            "csv" => {
                let csv = String::from_utf8(bytes).unwrap();
                assert!(csv.contains("labellijst wijkt af") && csv.contains("Onderbouwing"), "{csv}");
                assert!(!csv.contains("label list differs") && !csv.contains("Evidence"), "{csv}");
            }
            _ => {
                let core = zip_entry(&bytes, "docProps/core.xml");
                assert!(core.contains("<dc:title>Hoofdstukcontrole: hoofdstuk4.md — "), "{core}");
                let doc = zip_entry(&bytes, "word/document.xml").replace('\u{ad}', "");
                assert!(doc.contains("Beweringen in het hoofdstuk") && doc.contains("Oordeel"), "{doc}");
                assert!(!doc.contains("Claims in the chapter") && !doc.contains("Verdict"), "{doc}");
            }
        }
    }
    // In English when asked.
    let o = Command::new(env!("CARGO_BIN_EXE_werkbank"))
        .arg("check")
        .arg(&project)
        .arg(&chapter)
        .args(["--lang", "en"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.starts_with("20 claims: 10 consistent"), "{stdout}");
    assert!(stdout.contains("listed without the code: M2"), "{stdout}");
    // A consistent chapter exits 0.
    std::fs::write(&chapter, "Zo zegt A1: “Voor mij gaat het om toegankelijkheid en gelijke behandeling.”\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_werkbank")).arg("check").arg(&project).arg(&chapter).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn in_the_app_file_check_a_chapter_lists_the_claims_and_a_click_shows_the_passage() {
    use egui_kittest::kittest::Queryable as _;
    let (dir, s) = demo();
    let chapter = dir.path().join("hoofdstuk4.md");
    std::fs::write(&chapter, CHAPTER_NL).unwrap();
    let p3 = s.project().document_by_name("Interview P3").unwrap().id;
    let app = werkbank::ui::WerkbankApp::with_session(s, werkbank::ui::Settings::in_memory());
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .build_ui_state(|ui, app: &mut werkbank::ui::WerkbankApp| app.ui(ui), app);
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Check a chapter…").click();
    h.run();
    h.get_by_label("Path:").focus();
    h.run();
    h.get_by_label("Path:").type_text(chapter.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    h.step();
    // The chapter is read and checked on a worker thread.
    wait_for_background_work(&mut h);
    h.run();
    // The summary heads the report window and stands in the status bar.
    assert_eq!(h.query_all_by_label_contains("20 claims: 10 consistent").count(), 2);
    h.get_by_label("Only claims that differ").click();
    h.run();
    assert!(h.query_by_label_contains("Voor mij gaat het om toegankelijkheid").is_none(), "consistent claims hidden");
    h.get_by_label_contains("verdwaalt in een doolhof").click();
    h.run();
    assert_eq!(h.state().current_document(), Some(p3), "the passage's transcript is shown");
    let werkbank::core::DocSpan { document: doc, span } = h.state().scroll_target().expect("scrolled to the passage");
    let text = &h.state().session().unwrap().project().documents[&doc].text;
    assert!(werkbank::core::text::slice_chars(text, span.start, span.end).starts_with("Digitalisering mag nooit"));
}

/// A synthetic study built the way a student builds one with the CLI: two interviews in which the
/// same sentence occurs (R1 says it, and R2 repeats it), an English code tree, codings by phrase.
#[test]
fn a_synthetic_study_with_a_repeated_sentence_and_an_english_chapter() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("study.werkbank");
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_werkbank")).args(args).args(["--coder", "Sam"]).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    let one = dir.path().join("interview_1.txt");
    let two = dir.path().join("interview_2.txt");
    std::fs::write(
        &one,
        "I: What matters most to you?\n\nR1: Trust matters most, because without trust nobody shares their data with the city.\n\nI: And cost?\n\nR1: Cost is a secondary concern for our small team.\n",
    )
    .unwrap();
    std::fs::write(
        &two,
        "I: Do you agree with your colleague?\n\nR2: Yes. As he said, without trust nobody shares their data with the city. Cost is secondary.\n",
    )
    .unwrap();
    let tree = dir.path().join("codes.txt");
    std::fs::write(&tree, "Values\n\tTrust\n\tCost\n").unwrap();
    let ps = p.to_str().unwrap();
    run(&["new", ps]);
    run(&["import", ps, one.to_str().unwrap(), two.to_str().unwrap(), "--speakers-as-respondents"]);
    run(&["codebook", "import", ps, tree.to_str().unwrap()]);
    run(&["code", ps, "--code", "Values > Trust", "--phrase", "without trust nobody shares"]);
    run(&["code", ps, "--code", "Values > Cost", "--phrase", "Cost is a secondary concern"]);

    let s = werkbank::session::Session::open_read_only(&p).unwrap();
    let chapter = "Trust came up in both interviews (R1, R2): \u{201c}without trust nobody shares their data with the city\u{201d} (R2).\n\
        Cost was named by one respondent (R1); R1 called it \u{201c}a secondary concern for our small team\u{201d}.\n\
        All respondents mention values.";
    let r = check_chapter(s.project(), chapter, &CheckOptions::default());
    assert_eq!(verdict_of(&r, "(R1, R2)"), [(ClaimKind::Labels, Verdict::Consistent)]);
    // The sentence is in both transcripts; R2's occurrence is the one the chapter means.
    let quote = r.claims.iter().find(|c| c.kind == ClaimKind::Quote && c.claim.contains("nobody shares")).unwrap();
    assert_eq!(quote.verdict, Verdict::Consistent, "{}", quote.evidence);
    assert_eq!(quote.passage.as_ref().unwrap().respondent.as_deref(), Some("R2"));
    assert_eq!(verdict_of(&r, "one respondent"), [(ClaimKind::Count, Verdict::Consistent)]);
    assert_eq!(verdict_of(&r, "(R1)"), [(ClaimKind::Labels, Verdict::Consistent)]);
    assert_eq!(verdict_of(&r, "small team"), [(ClaimKind::Quote, Verdict::Consistent)]);
    assert_eq!(verdict_of(&r, "All respondents"), [(ClaimKind::Count, Verdict::Consistent)]);
}

#[test]
fn in_the_app_a_name_the_chapter_uses_for_a_code_is_added_and_checked_again() {
    use egui_kittest::kittest::Queryable as _;
    let (dir, s) = demo();
    let chapter = dir.path().join("intro.md");
    std::fs::write(&chapter, "Dit bleek uit de introductiegesprekken (A1, M2).\n").unwrap();
    let app = werkbank::ui::WerkbankApp::with_session(s, werkbank::ui::Settings::in_memory());
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .build_ui_state(|ui, app: &mut werkbank::ui::WerkbankApp| app.ui(ui), app);
    h.run();
    h.state_mut().apply(werkbank::ui::Command::CheckChapter { path: chapter.clone() });
    wait_for_background_work(&mut h);
    h.run();
    h.get_by_label("no code named");
    h.get_by_label("Other names for codes").click();
    h.run();
    h.get_by_label("Names:").focus();
    h.run();
    h.get_by_label("Names:").type_text("introductiegesprekken = Introductie");
    h.run();
    h.get_by_label("Check again").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    assert!(h.query_by_label("no code named").is_none());
    h.get_by_label("consistent");
}
