//! Every workflow a thesis student needs, done in the app without a terminal (egui_kittest):
//! the demo and the start screen, pseudonymising, codebook import with a preview and export, the
//! appendix through a Save dialog (typed-path fallback), the edit log, backups; and the polish
//! that keeps the app honest (read-only, title, plurals, panels, Review window, Quotes).

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use support::app::{partial_files, step_until, wait_for_background_work};
use werkbank::core::model::MemoTarget;
use werkbank::session::Session;
use werkbank::ui::workflows::{Workflow, WorkflowCommand};
use werkbank::ui::{Command, EditCommand, Settings, WerkbankApp};

fn harness(app: WerkbankApp) -> Harness<'static, WerkbankApp> {
    harness_at(app, 1400.0, 860.0)
}

fn harness_at(app: WerkbankApp, w: f32, h: f32) -> Harness<'static, WerkbankApp> {
    Harness::builder().with_size(egui::vec2(w, h)).build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), app)
}

fn demo(dir: &std::path::Path) -> Harness<'static, WerkbankApp> {
    let s = werkbank::demo::create_demo_project(&dir.join("project.werkbank"), "Anna").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, Settings::in_memory()));
    h.run();
    h
}

/// Types `text` into the field labelled `label` (the last one: a dialog's, over the screen's),
/// and waits for what the typing started on a worker (the pseudonymise preview).
fn type_into(h: &mut Harness<'static, WerkbankApp>, label: &str, text: &str) {
    h.get_all_by_label(label).last().unwrap().focus();
    h.run();
    h.get_all_by_label(label).last().unwrap().type_text(text);
    h.run();
    wait_for_background_work(h);
    h.run();
}

/// Clicks `label` and lets the frames run until what it started (an export, a backup on a worker
/// thread) is done.
fn click(h: &mut Harness<'static, WerkbankApp>, label: &str) {
    h.get_by_label(label).click();
    h.step();
    wait_for_background_work(h);
    h.run();
    h.run();
}

fn menu(h: &mut Harness<'static, WerkbankApp>, top: &str, item: &str) {
    click(h, top);
    click(h, item);
}

#[test]
fn the_demo_is_marked_keeps_what_you_did_and_resets_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let demo_path = dir.path().join("data").join("demo.werkbank");
    let app = WerkbankApp::start_screen(Settings::in_memory()).with_demo_path(demo_path.clone());
    let mut h = harness(app);
    h.run();
    // The start screen: New, Open, Try the demo, recent projects.
    h.get_by_label("New project…");
    h.get_by_label("Open project…");
    h.get_by_label("Recent projects");
    click(&mut h, "Try the demo");
    assert!(h.state().is_demo());
    assert!(h.state().window_title().contains("(Demo)"), "{}", h.state().window_title());
    // The first time, the status says what the demo is (not "as you left it").
    let first = h.state().status().unwrap().text.clone();
    assert!(first.starts_with("This is the demo project"), "{first}");
    // The banner stays, with a way out to a project of one's own.
    h.get_by_label("Save as my project…");
    h.get_by_label("Reset demo…");

    // Work done in the demo survives closing it and "Open demo project".
    let a1 = h.state().session().unwrap().project().case_by_label("A1").unwrap().id;
    let me = h.state().session().unwrap().coder();
    h.state_mut().push(Command::Edit(EditCommand::SetMemo {
        target: MemoTarget::Case(a1),
        text: "Mijn aantekening".into(),
        author: me,
    }));
    h.run();
    h.state_mut().push(Command::CloseProject);
    h.run();
    h.state_mut().push(Command::OpenDemo);
    h.run();
    let memo = |h: &Harness<WerkbankApp>| {
        h.state().session().unwrap().project().memo_for(MemoTarget::Case(a1)).map(|m| m.text.clone())
    };
    assert_eq!(memo(&h).as_deref(), Some("Mijn aantekening"), "the demo was rebuilt behind the user's back");
    assert!(h.state().status().unwrap().text.contains("as you left it"));
    // Opening the demo while it is open says so and changes nothing.
    h.state_mut().push(Command::OpenDemo);
    h.run();
    assert!(h.state().status().unwrap().text.contains("already open"));
    assert_eq!(memo(&h).as_deref(), Some("Mijn aantekening"));

    // Reset asks first; Cancel keeps everything.
    click(&mut h, "Reset demo…");
    h.get_by_label("Reset the demo project?");
    click(&mut h, "Cancel");
    assert_eq!(memo(&h).as_deref(), Some("Mijn aantekening"));
    click(&mut h, "Reset demo…");
    click(&mut h, "Reset the demo");
    assert!(h.state().is_demo());
    assert_eq!(memo(&h), None, "a confirmed reset rebuilds the demo");
    assert!(h.state().session().unwrap().project().codings.len() >= 25);
}

#[test]
fn save_the_demo_as_my_project_through_the_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let demo_path = dir.path().join("data").join("demo.werkbank");
    let mut h = harness(WerkbankApp::start_screen(Settings::in_memory()).with_demo_path(demo_path));
    h.run();
    click(&mut h, "Try the demo");
    click(&mut h, "Save as my project…");
    // No system file dialog here: the typed path is asked for.
    let mine = dir.path().join("mijn scriptie");
    type_into(&mut h, "Path:", mine.to_str().unwrap());
    click(&mut h, "OK");
    let s = h.state().session().expect("my project is open");
    assert_eq!(s.path(), mine.with_extension("werkbank"));
    assert!(!h.state().is_demo(), "my own project carries no demo banner");
    assert_eq!(s.project().name, "mijn scriptie");
    assert!(s.project().codings.len() >= 25, "the demo's work came along");
    assert!(h.state().window_title().starts_with("mijn scriptie — Werkbank"), "{}", h.state().window_title());
    assert_eq!(h.state().settings().recent.len(), 1, "it is a recent project now");
    assert!(h.query_by_label("Save as my project…").is_none());
}

#[test]
fn new_and_open_on_the_start_screen_ask_for_a_path_when_there_is_no_file_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(WerkbankApp::start_screen(Settings::in_memory()));
    h.run();
    click(&mut h, "New project…");
    assert!(h.state().dialog().is_some(), "New project… did nothing");
    let path = dir.path().join("interviews.werkbank");
    type_into(&mut h, "Path:", path.to_str().unwrap());
    click(&mut h, "OK");
    assert_eq!(h.state().session().unwrap().path(), path);
    h.state_mut().push(Command::CloseProject);
    h.run();
    // The project is listed on the start screen, and Open works the same way.
    h.get_by_label("interviews.werkbank");
    click(&mut h, "Open project…");
    type_into(&mut h, "Path:", path.to_str().unwrap());
    click(&mut h, "OK");
    assert_eq!(h.state().session().unwrap().path(), path);
}

#[test]
fn pseudonymise_a_copy_after_previewing_every_replacement() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let before = h.state().session().unwrap().project().clone();
    let hits = before.documents.values().filter(|d| d.text.contains("Veldhoven")).count();
    assert!(hits > 0);
    menu(&mut h, "File", "Pseudonymise…");
    type_into(&mut h, "Replace (one `term = replacement` per line):", "Veldhoven = [gemeente]\nXyzzy = Q");
    // The preview counts each term and shows it in context, before and after.
    let Some(Workflow::Pseudonymise(st)) = h.state().workflow() else { panic!("no pseudonymise dialog") };
    let rows = st.preview.as_ref().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].count > 0 && rows[0].documents == hits, "{rows:?}");
    let (b, a) = rows[0].example.clone().unwrap();
    assert!(b.contains("Veldhoven") && a.contains("[gemeente]") && !a.contains("Veldhoven"), "{b} / {a}");
    assert_eq!(rows[1].count, 0);
    h.get_by_label("not found in any document");
    let copy = dir.path().join("anoniem.werkbank");
    type_into(&mut h, "Copy:", copy.to_str().unwrap());
    // The copy is written on a worker: meanwhile the progress window stands over the dialog, and
    // there is no file yet, not even half a one.
    held(
        &mut h,
        "Writing anoniem.werkbank…",
        |h| h.get_by_label("Pseudonymise").click(),
        |h| {
            assert!(!copy.exists());
            assert!(h.state().workflow().is_some(), "the dialog stays until the copy is written");
        },
    );
    assert!(h.state().workflow().is_none());
    assert!(h.state().status().unwrap().text.contains("in the copy"), "{:?}", h.state().status());
    let c = Session::open_read_only(&copy).unwrap();
    assert!(c.project().documents.values().all(|d| !d.text.contains("Veldhoven")));
    assert!(c.project().documents.values().any(|d| d.text.contains("[gemeente]")));
    assert_eq!(c.project().codings.len(), before.codings.len());
    // This project is unchanged.
    assert_eq!(h.state().session().unwrap().project().documents, before.documents);
}

#[test]
fn pseudonymise_in_place_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let before = h.state().session().unwrap().project().documents.clone();
    h.state_mut().push(Command::Workflow(werkbank::ui::workflows::WorkflowCommand::PseudonymiseDialog));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    type_into(&mut h, "Replace (one `term = replacement` per line):", "Veldhoven = [gemeente]");
    click(&mut h, "Change this project (one step, undo with Ctrl+Z)");
    // Every transcript is searched on a worker; the project changes only when that is done.
    held(
        &mut h,
        "Pseudonymising…",
        |h| h.get_by_label("Pseudonymise").click(),
        |h| {
            assert_eq!(h.state().session().unwrap().project().documents, before);
        },
    );
    assert!(h.state().workflow().is_none(), "the dialog closes once it is done");
    let p = h.state().session().unwrap().project();
    assert!(p.documents.values().all(|d| !d.text.contains("Veldhoven")));
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(h.state().session().unwrap().project().documents, before);
}

#[test]
fn codebook_import_previews_the_tree_and_warns_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let file = dir.path().join("deductief.txt");
    std::fs::write(&file, "Publieke waarden\n    Rechtvaardigheid\nNieuw concept\n    Zbo\n").unwrap();
    let n = h.state().session().unwrap().project().codes.len();
    menu(&mut h, "File", "Import codebook…");
    type_into(&mut h, "Path:", file.to_str().unwrap());
    click(&mut h, "OK");
    // The tree, which codes are new, and the warnings; nothing is written yet.
    h.get_by_label("Rechtvaardigheid");
    h.get_by_label("Nieuw concept");
    let Some(Workflow::CodebookPreview(pv)) = h.state().workflow() else { panic!("no preview") };
    let marks: Vec<(&str, bool)> = pv.codes.iter().map(|c| (c.name.as_str(), c.exists)).collect();
    assert_eq!(
        marks,
        [("Publieke waarden", true), ("Rechtvaardigheid", false), ("Nieuw concept", false), ("Zbo", false)]
    );
    assert!(
        pv.warnings.iter().any(|w| w.to_string().contains("1 code exists already and is kept")),
        "{:?}",
        pv.warnings
    );
    assert!(
        pv.warnings.iter().any(|w| w.to_string().contains("'Zbo' also exists as Omschrijving cases > Zbo")),
        "{:?}",
        pv.warnings
    );
    assert_eq!(h.state().session().unwrap().project().codes.len(), n);
    click(&mut h, "Import");
    let p = h.state().session().unwrap().project();
    assert_eq!(p.codes.len(), n + 3);
    assert!(p.code_by_path(&["Publieke waarden", "Rechtvaardigheid"]).is_some());
    // One undo step takes it back.
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(h.state().session().unwrap().project().codes.len(), n);
}

#[test]
fn a_file_that_is_not_a_codebook_is_refused_in_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let file = dir.path().join("leeg.json");
    std::fs::write(&file, "{\"codes\": []}").unwrap();
    h.state_mut().push(Command::ImportCodebook { path: file });
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    h.get_by_label("This file holds no codes.");
    let n = h.state().session().unwrap().project().codes.len();
    h.get_by_label("Import").click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().codes.len(), n);
}

#[test]
fn codebook_and_appendix_are_exported_through_the_save_dialog_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    // The codebook dialog: a codebook file (.json) through the typed path.
    menu(&mut h, "File", "Export codebook…");
    choose(&mut h, "Format:", ".json");
    let cb = dir.path().join("codeboek.json");
    type_into(&mut h, "File:", cb.to_str().unwrap());
    click(&mut h, "Export");
    let n = h.state().session().unwrap().project().codes.len();
    let parsed = werkbank::codebook::parse_json(&std::fs::read_to_string(&cb).unwrap()).unwrap();
    assert_eq!(werkbank::codebook::stats(&parsed.codes).0, n);
    assert!(h.state().status().unwrap().text.contains(&format!("Wrote {n} codes")));
    assert!(h.state().workflow().is_none(), "the dialog closes once written");

    // A format it does not write is refused with the ones it does; the dialog stays open.
    menu(&mut h, "File", "Export codebook…");
    type_into(&mut h, "File:", dir.path().join("codeboek.pdf").to_str().unwrap());
    click(&mut h, "Export");
    assert!(h.state().status().unwrap().error);
    assert!(h.state().status().unwrap().text.contains(".json, .txt, .md, .docx"), "{:?}", h.state().status());
    click(&mut h, "Cancel");

    // The appendix from the Analysis window's Save as… button.
    h.state_mut().push(Command::OpenAnalysis);
    h.run();
    h.run();
    click(&mut h, "Save as…");
    let appendix = dir.path().join("bijlage.docx");
    type_into(&mut h, "Path:", appendix.to_str().unwrap());
    click(&mut h, "OK");
    assert!(appendix.exists(), "{:?}", h.state().status());
    assert!(std::fs::read(&appendix).unwrap().starts_with(b"PK"));
}

#[test]
fn the_edit_log_shows_who_did_what_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let zbo = h.state().session().unwrap().project().code_by_path(&["Omschrijving cases", "Zbo"]).unwrap();
    h.state_mut().push(Command::Edit(EditCommand::RenameCode { code: zbo, name: "ZBO".into() }));
    h.run();
    // Read on a worker, through a connection of its own: the window goes on answering.
    let open_log = |h: &mut Harness<'static, WerkbankApp>| {
        h.get_by_label("File").click();
        h.run();
        h.get_by_label("Edit log…").click();
    };
    held(&mut h, "Reading the edit log…", open_log, |h| {
        assert!(h.state().workflow().is_none(), "the log opens when it is read");
        h.get_by_label("ZBO").click();
        h.run();
        assert_eq!(h.state().selected_code(), Some(zbo), "the window answered a click while the log was read");
    });
    let Some(Workflow::EditLog { rows, .. }) = h.state().workflow() else { panic!("no edit log") };
    assert!(rows[0].action.contains("Rename code Zbo"), "{:?}", rows[0]);
    assert_eq!(rows[0].coder, "Anna");
    assert!(rows.windows(2).all(|w| w[0].seq > w[1].seq));
    let total = rows.len();
    type_into(&mut h, "Filter:", "rename");
    h.get_by_label(&format!("1 of {total} entries"));
    click(&mut h, "Close");
    assert!(h.state().workflow().is_none());
}

#[test]
fn read_only_shows_the_project_but_no_editing_controls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.werkbank");
    drop(werkbank::demo::create_demo_project(&path, "Anna").unwrap());
    let mut h = harness(WerkbankApp::start_screen(Settings::in_memory()));
    h.state_mut().open_path(&path, true);
    h.run();
    h.run();
    assert!(h.state().window_title().contains("(READ-ONLY)"), "{}", h.state().window_title());
    // No Code menu, no new-code button, no quick coding field.
    assert!(h.query_by_label("Code").is_none());
    assert!(h.query_by_label("+").is_none());
    assert!(h.query_by_label("Code:").is_none());
    h.get_by_label("Publieke waarden");
    assert!(h.get_all_by_label("Interview A1").count() >= 1);
}

#[test]
fn counts_have_a_legend_and_say_one_coding_not_one_codings() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::create(&dir.path().join("p.werkbank"), "Scriptie", "Anna").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, Settings::in_memory()));
    h.run();
    h.get_by_label("codings · respondents");
    h.get_by_label("Showing codings of the only coder: Anna");
    assert_eq!(h.state().window_title(), "Scriptie — Werkbank");
}

#[test]
fn side_panels_hide_and_come_back_and_review_opens_in_its_own_window() {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::demo::create_demo_project(&dir.path().join("p.werkbank"), "Anna").unwrap();
    let mut h = harness_at(WerkbankApp::with_session(s, Settings::in_memory()), 1024.0, 700.0);
    h.run();
    h.get_by_label("Documents");
    h.get_all_by_label("«").next().unwrap().click();
    h.run();
    h.run();
    assert!(!h.state().settings().show_left);
    assert!(h.query_by_label("Documents").is_none());
    h.get_by_label("Show documents").click();
    h.run();
    h.run();
    assert!(h.state().settings().show_left);
    // Review is a window of its own: the transcript keeps its place.
    h.state_mut().push(Command::Review(werkbank::ui::review::ReviewCommand::Open));
    h.run();
    h.run();
    assert!(h.get_all_by_label("Review").count() >= 1);
    assert!(h.state().project_state().unwrap().review.is_some());
    // The window closes like any window and the review ends.
    h.state_mut().push(Command::Review(werkbank::ui::review::ReviewCommand::Close));
    h.run();
    assert!(h.state().project_state().unwrap().review.is_none());
}

#[test]
fn quotes_follow_the_selected_code_and_the_palette_offers_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let code = h.state().session().unwrap().project().code_by_path(&["Publieke waarden"]).unwrap();
    h.state_mut().push(Command::SelectCode(Some(code)));
    h.state_mut().push(Command::OpenAnalysis);
    h.run();
    h.run();
    h.run();
    assert_eq!(h.state().analysis_quote_code(), Some(code));
    h.state_mut().push(Command::OpenPalette);
    h.run();
    type_into(&mut h, "Command:", "export");
    h.get_by_label("Export appendix…");
    h.get_by_label("Export codebook…");
}

// ---- the Analysis window: the thesis's choices, and exports that are the command line's ------

fn open_analysis(h: &mut Harness<'static, WerkbankApp>) {
    h.state_mut().push(Command::OpenAnalysis);
    h.run();
    h.run();
}

/// Picks `item` in the combo box labelled `combo`.
fn choose(h: &mut Harness<'static, WerkbankApp>, combo: &str, item: &str) {
    let before: Vec<egui::Rect> = h.query_all_by_label(item).map(|n| n.rect()).collect();
    // The drop-down itself, not the label in front of it (both carry the label's text).
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, combo).click_accesskit();
    h.run();
    // The item in the opened list (the same name may be on screen elsewhere too).
    h.get_all_by_label(item).find(|n| !before.contains(&n.rect())).expect("item in the list").click_accesskit();
    h.run();
    h.run();
}

/// The code names in the Analysis window's frequency table, as shown.
fn table_codes(h: &Harness<'static, WerkbankApp>) -> Vec<String> {
    let t = h.state().analysis_table().expect("the frequency table is shown");
    t.rows.iter().map(|r| r[0].display()).collect()
}

#[test]
fn the_analysis_window_offers_the_thesis_choices_and_exports_what_the_command_line_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    open_analysis(&mut h);
    let p = h.state().session().unwrap().project().clone();
    // The default table: subtree totals, codings and respondents, labels in natural order.
    assert!(h.query_all_by_label("Codings").count() >= 1);
    assert!(h.query_by_label("Respondents (own)").is_none());
    assert!(table_codes(&h).contains(&"Introductie".to_string()));

    // A branch, own counts, respondents as the figure in words, uncoded codes hidden,
    // a custom label order and " and " before the last label.
    choose(&mut h, "Branch:", "Publieke waarden");
    choose(&mut h, "Counts:", "own (the code itself)");
    choose(&mut h, "Figure:", "respondents");
    click(&mut h, "Hide uncoded codes");
    click(&mut h, "Write \"4 respondents\"");
    click(&mut h, "\"A2 and A5\" before the last label");
    choose(&mut h, "Label order:", "my own order");
    // The custom order starts from the respondent list; the student reverses it.
    h.get_by(|n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some("A1, M2, P3, O4"))
        .set_text_value_accesskit("O4, P3, M2, A1");
    h.run();
    h.run();

    // On screen: only the branch, only codes with codings of their own and the codes above them, worded respondents,
    // the labels in the chosen order joined with "and".
    let shown = table_codes(&h);
    assert!(!shown.is_empty());
    // "Publieke waarden" itself has no codings of its own but its children do: it stays above them.
    assert!(shown.contains(&"Publieke waarden".to_string()), "{shown:?}");
    assert!(!shown.contains(&"Introductie".to_string()), "a row outside the branch is shown");
    h.get_by_label("Respondents (own)");
    assert!(h.query_by_label("Codings (own)").is_none());
    let a = werkbank::core::analysis::Analysis::new(&p);
    let rows = a.code_frequencies(&werkbank::core::analysis::Filter::all());
    let coded: Vec<_> = rows
        .iter()
        .filter(|r| r.own.codings > 0 && p.code_path(r.code).first().map(String::as_str) == Some("Publieke waarden"))
        .collect();
    let two = coded.iter().find(|r| r.own.respondent_count() >= 2).expect("a code two respondents named");
    let mut labels = two.own.respondent_labels.clone();
    let rank = |l: &String| ["O4", "P3", "M2", "A1"].iter().position(|x| x == l).unwrap();
    labels.sort_by_key(rank);
    let (last, init) = labels.split_last().unwrap();
    h.get_all_by_label(&format!("({} and {last})", init.join(", "))).next().expect("citation in the chosen order");
    h.get_all_by_label(&format!("{} respondents", two.own.respondent_count())).next().expect("worded figure");
    // Exactly the branch's codes with codings in or below them, in tree order.
    let in_branch = |r: &&werkbank::core::analysis::CodeRow| {
        p.code_path(r.code).first().map(String::as_str) == Some("Publieke waarden")
    };
    let with_codings: Vec<String> =
        rows.iter().filter(in_branch).filter(|r| r.total.codings > 0).map(|r| r.name.clone()).collect();
    assert_eq!(shown, with_codings);

    // Exported from the app (after the frame), it is byte for byte what `werkbank export` writes
    // with the same choices.
    let from_app = dir.path().join("app.csv");
    type_into(&mut h, "Export path:", from_app.to_str().unwrap());
    click(&mut h, "Export");
    assert!(!h.state().status().unwrap().error, "{}", h.state().status().unwrap().text);
    let from_cli = dir.path().join("cli.csv");
    let project = h.state().session().unwrap().path().to_path_buf();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_werkbank"))
        .args(["export", project.to_str().unwrap(), "frequencies", from_cli.to_str().unwrap()])
        .args(["--lang", "en", "--code", "Publieke waarden", "--counts", "own", "--figure", "respondents"])
        .args(["--hide-uncoded", "--wording", "--and", "--label-order", "O4, P3, M2, A1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let app_text = std::fs::read_to_string(&from_app).unwrap();
    assert_eq!(app_text, std::fs::read_to_string(&from_cli).unwrap());
    assert!(app_text.contains(&format!("{} respondents", two.own.respondent_count())), "{app_text}");
    assert!(!app_text.contains("Introductie"));

    // The bar chart of the branch's children, as a picture.
    let chart = dir.path().join("chart.png");
    h.get_by_label("Export path:").set_text_value_accesskit(chart.to_str().unwrap());
    h.run();
    click(&mut h, "Export");
    assert!(std::fs::read(&chart).unwrap().starts_with(b"\x89PNG"), "{:?}", h.state().status());
}

#[test]
fn every_segment_and_every_memo_are_exported_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let p = h.state().session().unwrap().project().clone();
    menu(&mut h, "File", "Export every coded segment…");
    let segments = dir.path().join("segments.csv");
    type_into(&mut h, "Path:", segments.to_str().unwrap());
    click(&mut h, "OK");
    let text = std::fs::read_to_string(&segments).expect("segments written");
    // One line per coding (plus the header), with the full code path and the coded text.
    let k = p.codings.values().next().unwrap();
    let passage = werkbank::core::text::slice_chars(&p.documents[&k.document].text, k.start, k.end).to_string();
    let first_line = passage.lines().next().unwrap().to_string();
    assert!(text.contains(&first_line), "{first_line} missing");
    assert!(text.contains(&p.code_path_string(k.code).replace(" / ", " > ")) || text.contains(" > "));
    assert!(h.state().status().unwrap().text.contains("segments.csv"));

    menu(&mut h, "File", "Export every memo…");
    let memos = dir.path().join("memos.csv");
    type_into(&mut h, "Path:", memos.to_str().unwrap());
    click(&mut h, "OK");
    let text = std::fs::read_to_string(&memos).expect("memos written");
    let memo = p.memos.values().find(|m| !m.text.is_empty()).expect("the demo has memos");
    assert!(text.contains(memo.text.lines().next().unwrap()), "memo text missing");
}

#[test]
fn the_codebook_dialog_writes_the_tree_as_word_headings_with_counts() {
    use std::io::Read as _;
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    menu(&mut h, "File", "Export codebook…");
    let Some(Workflow::CodebookExport(st)) = h.state().workflow() else { panic!("no codebook dialog") };
    assert_eq!(st.format, werkbank::output::Format::Docx, "a Word document by default");
    // A typed path follows the format chosen after it.
    type_into(&mut h, "File:", dir.path().join("codeboom.txt").to_str().unwrap());
    choose(&mut h, "Format:", ".md");
    choose(&mut h, "Counts:", "total (with subcodes)");
    choose(&mut h, "Tree as:", "headings (Word navigation pane, contents)");
    choose(&mut h, "Format:", ".docx");
    let docx = dir.path().join("codeboom.docx");
    let Some(Workflow::CodebookExport(st)) = h.state().workflow() else { panic!("no codebook dialog") };
    assert_eq!(std::path::Path::new(&st.path), docx);
    click(&mut h, "Export");
    assert!(docx.exists(), "{:?}", h.state().status());
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(&docx).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // "Publieke waarden (5 codings, 4 respondents)" is a Heading 1 under the title "Code tree — …".
    let at = xml.find(">Publieke waarden<").expect("top-level code in the document");
    let p = &xml[xml[..at].rfind("<w:pPr>").unwrap()..];
    assert!(p[..p.find("</w:p>").unwrap()].contains("w:val=\"Heading1\""), "{}", &p[..p.find("</w:p>").unwrap()]);
    assert!(!xml.contains(">Code tree</w:t>"), "the title repeated as a heading");
    assert!(xml.contains(" codings, ") && xml.contains(" respondents)"), "counts with wording");
}

/// Exports what the Analysis window's `scope` choice names to `file`; the file's text.
fn export_from_analysis(h: &mut Harness<'static, WerkbankApp>, scope: &str, file: &std::path::Path) -> String {
    click(h, scope);
    type_into(h, "Export path:", file.to_str().unwrap());
    click(h, "Export");
    std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}: {:?}", h.state().status()))
}

#[test]
fn the_analysis_window_shows_and_exports_a_column_per_coder() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    open_analysis(&mut h);
    assert!(h.query_by_label("Coder Begeleider: codings").is_none());
    click(&mut h, "Per coder");
    // On screen: each coder's codings and respondents beside their total.
    for header in
        ["Coder Anna: codings", "Coder Begeleider: codings", "Total: codings", "Coder Begeleider: respondents"]
    {
        h.get_by_label(header);
    }
    let t = h.state().analysis_table().expect("the frequency table is shown");
    let shown: Vec<&str> = t.headers.iter().map(String::as_str).collect();
    assert_eq!(shown[..4], ["Code", "Coder Anna: codings", "Coder Begeleider: codings", "Total: codings"]);
    assert_eq!(t.rows.len(), h.state().session().unwrap().project().codes.len());
    for row in &t.rows {
        let n = |j: usize| row[j].display().parse::<usize>().unwrap();
        assert_eq!(n(1) + n(2), n(3), "{row:?}");
    }
    // The export is the table on screen, with the full path for a spreadsheet.
    let text = export_from_analysis(&mut h, "this section", &dir.path().join("per-codeur.csv"));
    assert!(
        text.contains("Code,Path,Coder Anna: codings,Coder Begeleider: codings,Total: codings,Coder Anna: respondents"),
        "{text}"
    );
}

#[test]
fn the_analysis_window_exports_the_codebook_with_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    open_analysis(&mut h);
    let text = export_from_analysis(&mut h, "codebook with definitions", &dir.path().join("codeboek.md"));
    assert!(text.contains("| Code | Path | Definition | Example quote | Codings | Respondents |"), "{text}");
    // "Lerende" has a code memo and no description: the memo is its definition.
    assert!(text.contains("| Lerende | Publieke waardenstrategieën > Lerende | Lerende strategie: inwoners"), "{text}");
}

#[test]
fn the_analysis_window_exports_only_the_memos_of_the_chosen_coder_and_says_whose() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    open_analysis(&mut h);
    let supervisor = h.state().session().unwrap().project().coder_by_name("Begeleider").unwrap().id;
    h.state_mut().analysis_view_mut().coder = Some(supervisor);
    let text = export_from_analysis(&mut h, "every memo", &dir.path().join("memos.md"));
    assert!(text.contains("Filter: coder Begeleider"), "{text}");
    assert!(text.contains("Begeleider: ook als incommensurabel te lezen?"), "{text}");
    for other in ["Toegankelijkheid als eerste genoemd.", "Lerende strategie", "Gesprek op het stadskantoor"] {
        assert!(!text.contains(other), "{other} is not the supervisor's:\n{text}");
    }
}

// ---- long workflows on a worker thread (src/ui/background.rs) --------------------------------

/// An outline codebook `codeboek.txt` in `dir`: `themes` themes of `codes` codes each.
fn codebook_file(dir: &std::path::Path, themes: usize, codes: usize) -> std::path::PathBuf {
    let file = dir.join("codeboek.txt");
    let outline: String = (1..=themes)
        .map(|i| format!("Thema {i}\n") + &(1..=codes).map(|j| format!("    Code {i}.{j}\n")).collect::<String>())
        .collect();
    std::fs::write(&file, outline).unwrap();
    file
}

/// How many codes the project file in `dir` holds (read through a connection of its own).
fn codes_on_disk(dir: &std::path::Path) -> usize {
    Session::open_read_only(&dir.join("project.werkbank")).unwrap().project().codes.len()
}

fn code_count(h: &Harness<'static, WerkbankApp>) -> usize {
    h.state().session().unwrap().project().codes.len()
}

/// Does `start` (a click, a command) with the work it starts held on the worker thread: the
/// progress window says what runs (`label`) and `meanwhile` looks at the app; then the work is
/// let go and its result applied.
fn held(
    h: &mut Harness<'static, WerkbankApp>,
    label: &str,
    start: impl FnOnce(&mut Harness<'static, WerkbankApp>),
    meanwhile: impl FnOnce(&mut Harness<'static, WerkbankApp>),
) {
    let hold = h.state_mut().hold_background_work();
    start(h);
    h.run();
    assert!(h.state().busy() && h.query_by_label(label).is_some(), "no progress window “{label}”");
    meanwhile(h);
    drop(hold);
    wait_for_background_work(h);
    h.run();
}

/// While a job is held half-way the window goes on drawing and answering: a click on a code in
/// the tree selects it.
fn window_answers(h: &mut Harness<'static, WerkbankApp>) {
    let zbo = h.state().session().unwrap().project().code_by_path(&["Omschrijving cases", "Zbo"]).unwrap();
    h.get_by_label("Zbo").click();
    h.run();
    assert_eq!(h.state().selected_code(), Some(zbo), "the window answered a click while the work ran");
}

/// A codebook of two thousand codes takes a while to read: it is read on a worker while the
/// window goes on drawing, its preview opens when it is read, and the import, prepared on a
/// worker too, adds every code as one undo step.
#[test]
fn a_big_codebook_is_read_and_imported_on_a_worker_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let file = codebook_file(dir.path(), 40, 49);
    let n = code_count(&h);
    let read = |h: &mut Harness<'static, WerkbankApp>| h.state_mut().push(Command::ImportCodebook { path: file });
    held(&mut h, "Reading codeboek.txt…", read, |h| {
        window_answers(h);
        assert!(h.state().workflow().is_none(), "the preview opens when the file is read");
    });
    h.get_by_label("codeboek: 2000 codes, 2000 of them new");
    held(
        &mut h,
        "Reading codeboek.txt…",
        |h| h.get_by_label("Import").click(),
        |h| {
            assert_eq!(code_count(h), n, "nothing changes while the import is prepared");
        },
    );
    assert_eq!(code_count(&h), n + 2000);
    assert_eq!(h.state().session().unwrap().undo_label(), Some("Import codebook codeboek.txt"));
    assert!(h.state().status().unwrap().text.starts_with("Codebook imported"), "{:?}", h.state().status());
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(code_count(&h), n, "one undo takes the whole codebook back");
}

/// A codebook file cut off half-way is refused with the reason, never a panic: in the preview,
/// and when it is imported without one (the file broke after the preview was read).
#[test]
fn a_broken_codebook_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let file = dir.path().join("codeboek.json");
    std::fs::write(&file, r#"{"name": "Codeboek", "codes": [{"name": "Vertrouwen", "children": ["#).unwrap();
    let revision = h.state().session().unwrap().revision();
    h.state_mut().push(Command::ImportCodebook { path: file.clone() });
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    h.get_by_label_contains("not a valid JSON codebook");
    click(&mut h, "Cancel");
    h.state_mut().push(Command::Workflow(WorkflowCommand::ImportCodebook { path: file, under: None }));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let st = h.state().status().unwrap();
    assert!(
        st.error && st.text.contains("codeboek.json") && st.text.contains("not a valid JSON codebook"),
        "{}",
        st.text
    );
    assert_eq!(h.state().session().unwrap().revision(), revision, "nothing was imported");
}

/// A respondent table is read on a worker for the dialog, and imported on one: the new
/// respondent and the new attribute arrive as one undo step.
#[test]
fn a_respondent_table_is_read_and_imported_on_a_worker_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let file = dir.path().join("respondenten.csv");
    std::fs::write(&file, "respondent;functie\nM2;wethouder\nZ9;ambtenaar\n").unwrap();
    let respondents = h.state().session().unwrap().project().cases.len();
    let m2 = h.state().session().unwrap().project().case_by_label("M2").unwrap().attributes.clone();
    assert_ne!(m2["functie"], "wethouder");
    let read = |h: &mut Harness<'static, WerkbankApp>| {
        h.state_mut().push(Command::Workflow(WorkflowCommand::PreviewTable { path: file, survey: false }))
    };
    held(&mut h, "Reading respondenten.csv…", read, window_answers);
    h.get_by_label_contains("2 rows, 2 columns");
    held(
        &mut h,
        "Reading respondenten.csv…",
        |h| h.get_by_label("Import").click(),
        |h| {
            assert_eq!(h.state().session().unwrap().project().cases.len(), respondents, "nothing changes meanwhile");
        },
    );
    let p = h.state().session().unwrap().project();
    assert_eq!(p.cases.len(), respondents + 1, "{:?}", h.state().status());
    assert_eq!(p.case_by_label("M2").unwrap().attributes["functie"], "wethouder");
    assert_eq!(p.case_by_label("Z9").unwrap().attributes["functie"], "ambtenaar");
    h.state_mut().push(Command::Undo);
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.cases.len(), respondents, "one undo takes the whole table back");
    assert_eq!(p.case_by_label("M2").unwrap().attributes, m2);
}

/// "Save as my project" writes the new file on a worker. Cancel before it is put in place leaves
/// nothing (the demo stays open); without Cancel the new project opens.
#[test]
fn save_as_my_project_is_written_on_a_worker_and_cancel_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let mine = dir.path().join("mijn scriptie.werkbank");
    let save = |h: &mut Harness<'static, WerkbankApp>| {
        h.state_mut()
            .push(Command::Workflow(WorkflowCommand::SaveProjectCopy { path: dir.path().join("mijn scriptie") }))
    };
    held(&mut h, "Writing mijn scriptie.werkbank…", save, |h| {
        window_answers(h);
        h.get_by_label("Cancel").click();
        h.run();
    });
    assert!(!mine.exists(), "a cancelled copy writes no file");
    assert_eq!(partial_files(dir.path()), Vec::<String>::new());
    assert_eq!(h.state().session().unwrap().path(), dir.path().join("project.werkbank"), "the project stays open");
    h.state_mut().push(Command::Workflow(WorkflowCommand::SaveProjectCopy { path: mine.clone() }));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let s = h.state().session().expect("my project is open");
    assert_eq!(s.path(), mine);
    assert!(s.project().codings.len() >= 25, "the work came along");
}

/// The Backups dialog lists the backups; "Back up now" counts the pages it copies, its progress
/// window stands over the dialog with Cancel in reach, and a cancelled backup leaves nothing in
/// the backup folder.
#[test]
fn backups_are_listed_and_back_up_now_shows_how_far_it_is_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    menu(&mut h, "File", "Backups…");
    let count = |h: &Harness<WerkbankApp>| match h.state().workflow() {
        Some(Workflow::Backups { list }) => list.len(),
        _ => panic!("no backups dialog"),
    };
    let before = count(&h);
    let step = h.state_mut().hold_background_work();
    h.get_by_label("Back up now").click();
    h.run();
    assert!(h.query_by_label("Writing a backup…").is_some());
    step.send(()).unwrap(); // start: the copy reports its first step and waits
    step_until(&mut h, |h| h.query_by_label_contains("0 / ").is_some());
    use egui_kittest::kittest::NodeT as _;
    let shown = h.query_by_label_contains("0 / ").unwrap().accesskit_node().label().unwrap_or_default();
    let pages: usize = shown.rsplit(" / ").next().unwrap().trim().parse().unwrap();
    assert!(pages > 1, "the bar counts the project's pages: {shown}");
    h.get_by_label("Cancel").click();
    h.run();
    drop(step);
    wait_for_background_work(&mut h);
    h.run();
    assert_eq!(count(&h), before);
    let folder = dir.path().join("project.werkbank.backups");
    assert_eq!(partial_files(&folder), Vec::<String>::new(), "a cancelled backup leaves nothing");
    click(&mut h, "Back up now");
    assert_eq!(count(&h), before + 1);
    assert!(h.state().status().unwrap().text.contains("Backup written"));
}

/// Opening a project loads it (and writes the open-time backup) on a worker: the start screen
/// goes on drawing under "Opening p.werkbank…", nothing is shown half loaded, and the project
/// appears once, when it is loaded. Cancel leaves it closed and free to open again; creating a
/// project runs the same way.
#[test]
fn a_project_is_opened_and_created_on_a_worker_while_the_window_draws() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.werkbank");
    drop(werkbank::demo::create_demo_project(&path, "Anna").unwrap());
    let mut h = harness(WerkbankApp::start_screen(Settings::in_memory()));
    h.run();
    let open = |h: &mut Harness<'static, WerkbankApp>| {
        h.state_mut().push(Command::OpenProject { path: dir.path().join("p.werkbank"), read_only: false })
    };
    held(&mut h, "Opening p.werkbank…", open, |h| {
        assert!(h.state().session().is_none(), "nothing is shown half loaded");
        h.get_by_label("New project…");
        h.get_by_label("Cancel").click();
        h.run();
    });
    assert!(h.state().session().is_none(), "a cancelled open leaves the project closed");
    h.get_by_label("New project…");
    let hold = h.state_mut().hold_background_work();
    open(&mut h);
    h.run();
    assert!(h.state().busy() && h.query_by_label("Opening p.werkbank…").is_some());
    assert!(h.state().session().is_none());
    h.get_by_label("Open project…");
    drop(hold);
    step_until(&mut h, |h| h.state().session().is_some());
    assert_eq!(
        h.state().session().unwrap().project().index_builds(),
        1,
        "the project arrives with its index built on the worker, before any frame draws it"
    );
    h.run();
    let s = h.state().session().expect("the project is open");
    assert_eq!(s.path(), path);
    assert_eq!(h.state().settings().recent.len(), 1, "remembered once");
    assert!(h.state().status().unwrap().text.starts_with("Opened"), "{:?}", h.state().status());
    h.get_by_label("Publieke waarden");

    let new = dir.path().join("nieuw");
    let create = |h: &mut Harness<'static, WerkbankApp>| h.state_mut().push(Command::CreateProject { path: new });
    held(&mut h, "Creating nieuw.werkbank…", create, |h| {
        assert_eq!(h.state().session().unwrap().path(), path, "the open project stays until the new one is made");
    });
    assert_eq!(h.state().session().unwrap().path(), dir.path().join("nieuw.werkbank"));
    assert!(h.state().session().unwrap().project().documents.is_empty());
}

/// A very large edit (a codebook of thousands of codes) is written to the project file on the
/// worker, not in a frame: the file holds every new code before the window takes the result over,
/// and the window then shows it whole, as one undo step.
#[test]
fn a_big_edit_is_committed_on_the_worker_and_taken_over_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let on_disk = || codes_on_disk(dir.path());
    let file = codebook_file(dir.path(), 40, 49);
    h.state_mut().push(Command::ImportCodebook { path: file });
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let (n, revision) = (code_count(&h), h.state().session().unwrap().revision());
    let hold = h.state_mut().hold_background_work();
    h.get_by_label("Import").click();
    h.run();
    assert!(h.state().busy() && h.query_by_label("Reading codeboek.txt…").is_some());
    window_answers(&mut h);
    assert_eq!(on_disk(), n, "nothing is written before the worker runs");
    drop(hold);
    // No frame runs meanwhile: whatever reaches the file, the worker wrote.
    for _ in 0..2000 {
        if on_disk() == n + 2000 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(on_disk(), n + 2000, "the worker committed the codebook");
    assert_eq!(code_count(&h), n, "the window shows the project as it was until it takes the result over");
    wait_for_background_work(&mut h);
    h.run();
    assert_eq!(code_count(&h), n + 2000);
    assert_eq!(h.state().session().unwrap().revision(), revision + 1, "taken over once");
    assert_eq!(h.state().session().unwrap().undo_label(), Some("Import codebook codeboek.txt"));
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(code_count(&h), n, "one undo takes the whole codebook back");
    assert_eq!(on_disk(), n, "from the file too");
}

/// The pseudonymise preview searches every transcript: on a worker, never in a frame. While it
/// runs the dialog says so and goes on taking keystrokes; the preview then shows the terms as
/// they stand after the last one.
#[test]
fn the_pseudonymise_preview_is_searched_on_a_worker_while_the_dialog_takes_keystrokes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    h.state_mut().push(Command::Workflow(WorkflowCommand::PseudonymiseDialog));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let field = "Replace (one `term = replacement` per line):";
    let terms = |h: &Harness<'static, WerkbankApp>| match h.state().workflow() {
        Some(Workflow::Pseudonymise(st)) => st.preview.as_ref().unwrap().iter().map(|t| t.term.clone()).collect(),
        _ => panic!("no pseudonymise dialog"),
    };
    let before: Vec<String> = terms(&h);
    let hold = h.state_mut().hold_background_work();
    h.get_by_label(field).focus();
    h.run();
    h.get_by_label(field).type_text("Veldhoven = [gemeente]\n");
    h.run();
    h.get_by_label("Searching the transcripts…");
    assert!(h.state().busy());
    assert_eq!(terms(&h), before, "the preview shown is the last one searched");
    h.get_by_label(field).type_text("Xyzzy = Q");
    h.run();
    h.get_by_label("Searching the transcripts…");
    drop(hold);
    wait_for_background_work(&mut h);
    h.run();
    assert!(h.query_by_label("Searching the transcripts…").is_none());
    let after = terms(&h);
    assert_eq!(after[after.len() - 2..], ["Veldhoven".to_string(), "Xyzzy".to_string()], "{after:?}");
    let Some(Workflow::Pseudonymise(st)) = h.state().workflow() else { unreachable!() };
    let rows = st.preview.as_ref().unwrap();
    assert!(rows[rows.len() - 2].count > 0 && rows[rows.len() - 1].count == 0, "{rows:?}");
}

/// Taking back an action of more than 10,000 changes (a big codebook) writes as much as doing
/// it: undo and redo run on the worker too, the window goes on answering, and each is taken
/// over as the one step it is.
#[test]
fn undoing_and_redoing_a_very_large_import_run_on_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = demo(dir.path());
    let on_disk = || codes_on_disk(dir.path());
    let file = codebook_file(dir.path(), 101, 99);
    let n = code_count(&h);
    h.state_mut().push(Command::Workflow(WorkflowCommand::ImportCodebook { path: file, under: None }));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    assert_eq!(code_count(&h), n + 10_100);
    let label = "Import codebook codeboek.txt";
    held(
        &mut h,
        &format!("Undoing “{label}”…"),
        |h| h.state_mut().push(Command::Undo),
        |h| {
            window_answers(h);
            assert_eq!(code_count(h), n + 10_100, "shown whole until the undo is taken over");
        },
    );
    assert_eq!((code_count(&h), on_disk()), (n, n));
    assert_eq!(h.state().session().unwrap().redo_label(), Some(label));
    assert_eq!(h.state().status().unwrap().text, format!("Undone: {label}"));
    held(&mut h, &format!("Redoing “{label}”…"), |h| h.state_mut().push(Command::Redo), window_answers);
    assert_eq!((code_count(&h), on_disk()), (n + 10_100, n + 10_100));
    assert_eq!(h.state().session().unwrap().undo_label(), Some(label));
    assert_eq!(h.state().session().unwrap().redo_label(), None);
}
