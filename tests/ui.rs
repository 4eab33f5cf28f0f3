//! The desktop app's user flows, driven headless through egui_kittest: what a student clicks and
//! types, and what ends up in the project.

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use support::app::{partial_files, step_until, wait_for_background_work};
use werkbank::core::model::{Id, MemoTarget};
use werkbank::core::{DocSpan, Span};
use werkbank::ui::{CoderFilter, Command, EditCommand, Lang, Settings, WerkbankApp};

fn harness(app: WerkbankApp) -> Harness<'static, WerkbankApp> {
    Harness::builder().with_size(egui::vec2(1400.0, 860.0)).build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), app)
}

fn settings() -> Settings {
    Settings::in_memory()
}

fn demo() -> (tempfile::TempDir, Harness<'static, WerkbankApp>) {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::demo::create_demo_project(&dir.path().join("demo.werkbank"), "Anna").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    (dir, h)
}

fn code_id(h: &Harness<WerkbankApp>, path: &[&str]) -> Id {
    h.state().session().unwrap().project().code_by_path(path).unwrap()
}

fn doc_id(h: &Harness<WerkbankApp>, name: &str) -> Id {
    h.state().session().unwrap().project().document_by_name(name).unwrap().id
}

fn char_range(h: &Harness<WerkbankApp>, doc: Id, phrase: &str) -> (usize, usize) {
    let text = h.state().session().unwrap().project().documents[&doc].text.clone();
    let b = text.find(phrase).unwrap();
    let s = text[..b].chars().count();
    (s, s + phrase.chars().count())
}

/// Characters `start..end` of `doc`, as the app reports a selection or a jump.
fn passage(doc: Id, start: usize, end: usize) -> DocSpan {
    DocSpan::new(doc, Span::new(start, end))
}

#[test]
fn start_screen_creates_a_project_from_a_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scriptie.werkbank");
    let mut h = harness(WerkbankApp::start_screen(settings()));
    h.run();
    h.get_by_label("Path:").focus();
    h.run();
    h.get_by_label("Path:").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("Create").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let s = h.state().session().expect("project open");
    assert_eq!(s.path(), path);
    assert!(path.exists());
    assert_eq!(h.state().settings().recent.len(), 1);
}

#[test]
fn a_locked_project_explains_itself_and_offers_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.werkbank");
    let _other_window = werkbank::session::Session::create(&path, "p", "Bob").unwrap();
    let mut h = harness(WerkbankApp::start_screen(settings()));
    h.state_mut().open_path(&path, false);
    h.run();
    assert!(h.state().session().is_none());
    assert!(h.state().status().unwrap().text.contains("another Werkbank window"));
    h.get_by_label("Open read-only").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    assert!(h.state().session().unwrap().is_read_only());
}

#[test]
fn the_demo_opens_with_a_coded_transcript() {
    let (_d, h) = demo();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.documents.len(), 4);
    assert!(p.codings.len() >= 25, "{}", p.codings.len());
    assert_eq!(p.cases.len(), 4);
    assert!(h.state().current_document().is_some());
    // The tree and the document list are on screen.
    h.get_by_label("Publieke waarden");
    assert!(h.get_all_by_label("Interview A1").count() >= 1);
    // Speaker turns were mapped to respondents.
    let a1 = p.case_by_label("A1").unwrap().id;
    assert!(p.turns.values().any(|t| t.case == Some(a1)));
}

#[test]
fn clicking_a_code_applies_it_to_the_selection_and_undo_removes_it() {
    let (_d, mut h) = demo();
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let (s, e) = char_range(&h, doc, "gebruikerstesten in de bibliotheek");
    h.state_mut().set_selection(s, e);
    h.run();
    let before = h.state().session().unwrap().project().codings.len();
    h.get_by_label("Zbo").click();
    h.run();
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    let p = h.state().session().unwrap().project();
    assert_eq!(p.codings.len(), before + 1);
    assert!(p.codings.values().any(|k| k.document == doc && k.start == s && k.end == e && k.code == zbo));
    // Undo through the Edit menu, whose item names the action.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Undo Code with Zbo").click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings.len(), before);
    // Redo with the keyboard, then undo again with Ctrl+Z.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings.len(), before + 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings.len(), before);
}

#[test]
fn selection_snaps_to_whole_words_and_recent_codes_have_number_keys() {
    let (_d, mut h) = demo();
    let doc = doc_id(&h, "Interview P3");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let (s, e) = char_range(&h, doc, "ethische commissie");
    h.state_mut().set_selection(s + 2, e - 3); // "hische commis"
    h.run();
    let code = code_id(&h, &["Publieke waardenstrategieën", "Lerende", "Rol van leren"]);
    h.state_mut().push(Command::ApplyCode { code });
    h.run();
    let p = h.state().session().unwrap().project();
    let k = p.codings.values().max_by_key(|k| k.id).unwrap();
    assert_eq!((k.start, k.end, k.code), (s, e, code));
    // Key 1 applies the most recent code to a new selection.
    let (s2, e2) = char_range(&h, doc, "panel van inwoners");
    h.state_mut().set_selection(s2, e2);
    h.run();
    h.key_press(egui::Key::Num1);
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(p.codings.values().any(|k| k.start == s2 && k.end == e2 && k.code == code));
}

#[test]
fn quick_search_applies_the_first_matching_code() {
    let (_d, mut h) = demo();
    let doc = h.state().current_document().unwrap();
    let (s, e) = char_range(&h, doc, "toegankelijkheid");
    h.state_mut().set_selection(s, e);
    h.run();
    type_in(&mut h, "Code:", "negeren");
    h.key_press(egui::Key::Enter);
    h.run();
    let code = code_id(&h, &["Publieke waardenstrategieën", "Ontwijkende", "Negeren van het conflict"]);
    let p = h.state().session().unwrap().project();
    assert!(p.codings.values().any(|k| k.start == s && k.end == e && k.code == code));
}

#[test]
fn rename_code_through_the_dialog() {
    let (_d, mut h) = demo();
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    h.get_by_label("Zbo").click();
    h.run();
    assert_eq!(h.state().selected_code(), Some(zbo));
    h.key_press(egui::Key::F2);
    h.run();
    h.get_by_label("New name:").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("New name:").type_text("Zelfstandig bestuursorgaan");
    h.run();
    h.get_by_label("Rename").click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().codes[&zbo].name, "Zelfstandig bestuursorgaan");
    assert_eq!(h.state().session().unwrap().undo_label(), Some("Rename code Zbo"));
}

#[test]
fn create_a_code_with_the_dialog() {
    let (_d, mut h) = demo();
    h.get_by_label("+").click();
    h.run();
    h.get_by_label("Name:").focus();
    h.run();
    h.get_by_label("Name:").type_text("Vertrouwen");
    h.run();
    h.get_by_label("Create").click();
    h.run();
    let p = h.state().session().unwrap().project();
    let id = p.code_by_path(&["Vertrouwen"]).expect("new top-level code");
    assert_eq!(h.state().selected_code(), Some(id));
    assert!(h.get_all_by_label("Vertrouwen").count() >= 1);
}

#[test]
fn delete_a_code_with_codings_asks_and_can_move_them() {
    let (_d, mut h) = demo();
    let comp = code_id(&h, &["Publieke waardenstrategieën", "Compromissen"]);
    let held: usize = {
        let p = h.state().session().unwrap().project();
        let sub = p.subtree(comp);
        p.codings.values().filter(|k| sub.contains(&k.code)).count()
    };
    assert!(held > 0);
    h.state_mut().push(Command::SelectCode(Some(comp)));
    h.state_mut().push(Command::DeleteCodeDialog);
    h.run();
    h.get_by_label_contains("together they hold");
    h.get_by_label(&format!("Delete with {held} {}", if held == 1 { "coding" } else { "codings" })).click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(!p.codes.contains_key(&comp));
    // Undo brings code, subcodes and codings back.
    h.state_mut().push(Command::Undo);
    h.run();
    let p = h.state().session().unwrap().project();
    let sub = p.subtree(comp);
    assert_eq!(p.codings.values().filter(|k| sub.contains(&k.code)).count(), held);
}

#[test]
fn retrieval_lists_segments_of_a_concept_and_click_jumps() {
    let (_d, mut h) = demo();
    let lerende = code_id(&h, &["Publieke waardenstrategieën", "Lerende"]);
    h.state_mut().push(Command::SelectCode(Some(lerende)));
    h.run();
    h.run();
    let n = {
        let p = h.state().session().unwrap().project();
        let sub = p.subtree(lerende);
        p.codings.values().filter(|k| sub.contains(&k.code)).count()
    };
    assert!(n >= 4);
    h.get_by_label_contains(&format!("Lerende ({n})"));
    let p3 = doc_id(&h, "Interview P3");
    let (s, e) = char_range(&h, p3, "We leggen het voor aan de ethische commissie en aan een panel van inwoners");
    h.get_by_label_contains("P3 · Interview P3 — We leggen het voor").click();
    h.run();
    assert_eq!(h.state().current_document(), Some(p3));
    assert_eq!(h.state().scroll_target(), Some(passage(p3, s, e)));
    let sel = h.state().selected_coding().unwrap();
    assert_eq!(h.state().session().unwrap().project().codings[&sel].start, s);
}

#[test]
fn next_coding_walks_through_the_document() {
    let (_d, mut h) = demo();
    let doc = h.state().current_document().unwrap();
    h.key_press(egui::Key::F8);
    h.run();
    let first = h.state().selected_coding().unwrap();
    let order: Vec<(Id, usize)> =
        h.state().session().unwrap().project().codings_of_document(doc).iter().map(|k| (k.id, k.start)).collect();
    assert_eq!(first, order[0].0);
    h.key_press(egui::Key::F8);
    h.run();
    assert_eq!(h.state().selected_coding(), Some(order[1].0));
    assert_eq!(h.state().scroll_target().unwrap().span.start, order[1].1);
}

#[test]
fn search_and_code_all_hits() {
    let (_d, mut h) = demo();
    let code = code_id(&h, &["Publieke waarden", "Omschrijving publieke waarden"]);
    h.state_mut().push(Command::SelectCode(Some(code)));
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search:").focus();
    h.run();
    h.get_by_label("Search:").type_text("inwoners");
    h.run();
    h.get_by_label("Find").click();
    h.run();
    let hits = h.state().project_state().unwrap().search_hits.len();
    assert!(hits >= 5, "{hits}");
    let before = h.state().session().unwrap().project().codings.len();
    h.get_by_label("Code all hits").click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.codings.len(), before + hits);
    assert_eq!(p.codings.values().filter(|k| k.code == code).count(), hits + 1);
}

#[test]
fn typing_a_document_memo_saves_it() {
    let (_d, mut h) = demo();
    let doc = h.state().current_document().unwrap();
    h.get_by_label("Document memo").click();
    h.run();
    h.get_by_label("Document memo").focus();
    h.run();
    h.get_by_label("Document memo").type_text("Lange stilte na vraag 3.");
    h.run();
    h.get_by_label("Save memo").click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.memo_for(MemoTarget::Document(doc)).unwrap().text, "Lange stilte na vraag 3.");
}

#[test]
fn editing_respondent_attributes() {
    let (_d, mut h) = demo();
    h.get_by_label("Respondents").click();
    h.run();
    h.get_by_label("M2").click();
    h.run();
    h.get_by_label("New attribute:").focus();
    h.run();
    h.get_by_label("New attribute:").type_text("leeftijd");
    h.run();
    h.get_by_label("Add attribute").click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(p.attribute_defs.values().any(|d| d.name == "leeftijd"));
    h.get_by_label("functie:").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("functie:").type_text("Teamleider");
    h.run();
    h.get_by_label("Save attributes").click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.case_by_label("M2").unwrap().attributes["functie"], "Teamleider");
}

#[test]
fn language_switch_shows_dutch_labels() {
    let (_d, mut h) = demo();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Language").click();
    h.run();
    h.get_by_label("Nederlands").click();
    h.run();
    assert_eq!(h.state().language(), Lang::Nl);
    h.get_by_label("Bewerken");
    h.get_by_label("Documenten");
    h.get_by_label("Respondenten");
}

#[test]
fn coder_filter_banner_says_what_is_hidden() {
    let (_d, mut h) = demo();
    h.get_by_label_contains("Showing codings of all 2 coders");
    h.state_mut().push(Command::SetCoderFilter(CoderFilter::Mine));
    h.run();
    h.run();
    let hidden = {
        let s = h.state().session().unwrap();
        s.project().codings.values().filter(|k| k.coder != s.coder()).count()
    };
    h.get_by_label(&format!("FILTER: only your codings (Anna) are shown — {hidden} codings by others are hidden"));
}

#[test]
fn command_palette_filters_and_runs() {
    let (_d, mut h) = demo();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    h.run();
    h.get_by_label("Command:").type_text("open document p3");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    let p3 = doc_id(&h, "Interview P3");
    assert_eq!(h.state().current_document(), Some(p3));
}

#[test]
fn removing_the_selected_coding() {
    let (_d, mut h) = demo();
    h.key_press(egui::Key::F8);
    h.run();
    let k = h.state().selected_coding().unwrap();
    h.get_by_label("Remove coding").click();
    h.run();
    assert!(!h.state().session().unwrap().project().codings.contains_key(&k));
}

#[test]
fn a_large_transcript_renders_from_the_layout_cache() {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::workload::synthetic_project(&dir.path().join("big.werkbank"), 150_000, 2_000).unwrap();
    assert_eq!(s.project().codings.len(), 2_000);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::with_session(s, settings()));
    h.run();
    let built = h.state().layouts_built();
    for _ in 0..5 {
        h.key_press(egui::Key::F8);
        h.run();
    }
    assert!(built >= 1);
    assert_eq!(h.state().layouts_built(), built, "scrolling and selecting must not re-layout the transcript");
}

/// The values shown by the open dialog's combo boxes, in order.
fn combo_values(h: &Harness<WerkbankApp>) -> Vec<String> {
    h.get_all_by_role(egui::accesskit::Role::ComboBox).map(|n| n.value().unwrap_or_default()).collect()
}

/// The text field showing `value`.
fn text_field<'a>(h: &'a Harness<WerkbankApp>, value: &str) -> egui_kittest::Node<'a> {
    let value = value.to_string();
    h.get_by(move |n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some(value.as_str()))
}

/// Opens the import dialog for `path` (a file or a folder) through the typed path.
fn open_import_preview(h: &mut Harness<WerkbankApp>, path: &std::path::Path) {
    // An empty project's document list offers the import; otherwise the File menu.
    if h.query_by_label("Import transcripts…").is_none() {
        h.get_by_label("File").click();
        h.run();
    }
    h.get_by_label("Import transcripts…").click();
    h.run();
    h.get_by_label("Path:").focus();
    h.run();
    h.get_by_label("Path:").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    // Stepped, not run to rest: the files are read on a worker and the preview opens when the
    // worker is done, which can be any frame.
    h.step();
    wait_for_background_work(h);
    // The table's columns settle over a few frames.
    for _ in 0..3 {
        h.run();
    }
}

/// Why a speaker's role was guessed is said in the app's language: a Dutch student reads Dutch.
#[test]
fn a_dutch_student_reads_why_a_speakers_role_was_guessed_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts/da_informant_y_1.txt");
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.state_mut().push(Command::SetLanguage(Lang::Nl));
    h.run();
    h.state_mut().push(Command::PreviewImport { paths: vec![file] });
    h.step();
    wait_for_background_work(&mut h);
    for _ in 0..3 {
        h.run();
    }
    assert_shows(&h, "geraden — controleer: stelt vragen in 0 van 3 beurten");
    assert!(h.query_all_by_label_contains("asks questions").next().is_none());
}

#[test]
fn the_import_dialog_lets_the_user_set_each_speakers_role_and_respondent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    s.run(|p| werkbank::core::actions::add_case(p, "R7")).unwrap();
    let folder = dir.path().join("interviews");
    std::fs::create_dir(&folder).unwrap();
    for f in ["da_aegtepar_legende.txt", "da_informant_y_1.txt", "da_informant_y_2.txt"] {
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts").join(f);
        std::fs::copy(from, folder.join(f)).unwrap();
    }
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    open_import_preview(&mut h, &folder);

    // Per file a table: speaker, turns, role, why, respondent. The legend's interviewers are
    // interviewers; each Y is a new respondent of its own interview, not one shared "Y".
    h.get_by_label("legend: Interviewer 2");
    assert_eq!(
        combo_values(&h),
        [
            "interviewer",    // I1
            "respondent",     // M
            "new respondent", // M's respondent
            "respondent",     // K
            "new respondent",
            "interviewer", // I2
            "interviewer", // I of interview 1
            "respondent",  // Y of interview 1
            "new respondent",
            "interviewer", // I of interview 2
            "respondent",  // Y of interview 2
            "new respondent",
        ]
    );
    text_field(&h, "da_informant_y_1: Y");
    text_field(&h, "da_informant_y_2: Y");
    text_field(&h, "da_aegtepar_legende: M");
    assert!(h.state().session().unwrap().project().documents.is_empty(), "the preview imported something");

    // The second interviewer was only an observer; interview 2's Y is the existing R7; interview
    // 1's Y gets a label of the researcher's choosing.
    h.get_by_label("Role of I2 in da_aegtepar_legende").click_accesskit();
    h.run();
    h.get_by_label("ignore").click_accesskit();
    h.run();
    h.get_by_label("Respondent of Y in da_informant_y_2").click_accesskit();
    h.run();
    h.get_by_label("R7").click_accesskit();
    h.run();
    text_field(&h, "da_informant_y_1: Y").set_text_value_accesskit("Informant Y (Aarhus)");
    h.run();
    assert_eq!(combo_values(&h)[5], "ignore");
    assert_eq!(combo_values(&h)[11], "R7");
    assert!(h.state().session().unwrap().project().documents.is_empty());

    h.get_by_label("Import").click();
    h.step();

    wait_for_background_work(&mut h);

    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.documents.len(), 3);
    let turns_of = |label: &str| {
        let c = p.case_by_label(label).unwrap_or_else(|| panic!("no respondent {label}")).id;
        p.turns.values().filter(|t| t.case == Some(c)).count()
    };
    assert_eq!(turns_of("R7"), 3);
    assert_eq!(turns_of("Informant Y (Aarhus)"), 3);
    assert_eq!(turns_of("da_aegtepar_legende: M"), 3);
    assert_eq!(turns_of("da_aegtepar_legende: K"), 3);
    assert!(p.case_by_label("da_informant_y_2: Y").is_none());
    assert_eq!(p.cases.len(), 4);
    assert!(p.turns.values().filter(|t| t.speaker == "I2").all(|t| t.case.is_none()));

    // The transcript shows each turn's start time in the margin.
    let doc = h.state().current_document().unwrap();
    assert_eq!(h.state().session().unwrap().project().documents[&doc].name, "da_informant_y_2");
    let marks = h.state().gutter_marks();
    assert_eq!(marks, ["1", "0:00  2", "0:05  3", "1:20  4", "1:22  5", "2:48  6"]);
}

#[test]
fn a_teams_subtitle_file_can_be_chosen_for_import_and_its_preview_shows_the_speakers() {
    // The file dialog offers subtitles among the transcripts.
    let filters = werkbank::ui::FilePurpose::ImportFiles.filters();
    assert!(filters[0].1.contains(&"vtt") && filters[0].1.contains(&"srt"), "{filters:?}");
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let vtt = dir.path().join("interview M4.vtt");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts/en_teams.vtt"),
        &vtt,
    )
    .unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    open_import_preview(&mut h, &vtt);
    // The voices are the speakers: the one asking the questions interviews.
    h.get_by_label("Role of Anna Jansen in interview M4");
    h.get_by_label("Role of Pieter de Vries in interview M4");
    assert_eq!(combo_values(&h), ["interviewer", "respondent", "new respondent"]);
    assert!(h.state().session().unwrap().project().documents.is_empty(), "the preview imported something");
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().unwrap().project();
    let turns: Vec<(&str, Option<u64>)> = p.turns.values().map(|t| (t.speaker.as_str(), t.start_ms)).collect();
    assert_eq!(
        turns,
        [
            ("Anna Jansen", Some(3_120)),
            ("Pieter de Vries", Some(8_200)),
            ("Anna Jansen", Some(62_000)),
            ("Pieter de Vries", Some(3_600_500))
        ]
    );
    assert_eq!(h.state().gutter_marks(), ["0:03  1", "0:08  2", "1:02  3", "1:00:00  4"]);
}

#[test]
fn the_import_dialog_skips_a_transcript_already_in_the_project_unless_the_user_insists() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let interview = "I: Wat betekent vertrouwen voor u?\nR3: Vertrouwen is de basis van ons werk.\n";
    let first = dir.path().join("Interview R3.txt");
    std::fs::write(&first, interview).unwrap();
    werkbank::workflow::import_file(&mut s, &first, &Default::default()).unwrap();
    // The folder holds the same interview saved again, a new one, and a photo.
    let folder = dir.path().join("map");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("R3 opnieuw.txt"), interview.replace('\n', "\r\n")).unwrap();
    std::fs::write(folder.join("Interview R4.txt"), "I: En u?\nR4: Ik twijfel.\n").unwrap();
    std::fs::write(folder.join("foto.jpg"), b"\xff\xd8\xff").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    open_import_preview(&mut h, &folder);
    h.get_by_label("Same text as the document “Interview R3” already in the project: not imported.");
    h.get_by_label("Skipped: not a transcript format (.jpg)");
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let names = |h: &Harness<WerkbankApp>| {
        let mut n: Vec<String> =
            h.state().session().unwrap().project().documents.values().map(|d| d.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&h), ["Interview R3", "Interview R4"]);
    assert!(h.state().status().unwrap().text.contains("2 files left out"), "{}", h.state().status().unwrap().text);

    // Asked again, with the box ticked, the copy comes in (the researcher wants both versions).
    open_import_preview(&mut h, &folder.join("R3 opnieuw.txt"));
    h.get_by_label("Import duplicates anyway").click();
    h.run();
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    assert_eq!(names(&h), ["Interview R3", "Interview R4", "R3 opnieuw"]);
}

/// In a Dutch app, the import preview gives a damaged Word file's reason in Dutch, and nothing is
/// imported.
#[test]
fn the_import_preview_says_in_dutch_why_a_file_cannot_be_imported() {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let docx = dir.path().join("R1.docx");
    std::fs::write(&docx, b"PK\x03\x04 kapot").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.state_mut().push(Command::SetLanguage(Lang::Nl));
    h.run();
    h.get_by_label("Transcripten importeren…").click();
    h.run();
    h.get_by_label("Pad:").focus();
    h.run();
    h.get_by_label("Pad:").type_text(docx.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    h.get_by_label_contains("het bestand is geen leesbaar documentarchief");
    assert!(h.state().session().unwrap().project().documents.is_empty());
}

#[test]
fn importing_a_transcript_through_the_typed_path_maps_speakers() {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let file = dir.path().join("Interview R3.txt");
    std::fs::write(&file, "I: Wat betekent vertrouwen voor u?\nR3: Vertrouwen is de basis van ons werk.\n").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    // The empty project's document list offers the import (the File menu has the same item).
    open_import_preview(&mut h, &file);
    // The preview shows the speakers and their mapping; nothing is imported yet.
    let combos: Vec<String> = combo_values(&h);
    assert_eq!(combos, ["interviewer", "respondent", "new respondent"]);
    text_field(&h, "R3"); // the new respondent's label, editable
    assert!(h.state().session().unwrap().project().documents.is_empty());
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().unwrap().project();
    let doc = p.document_by_name("Interview R3").expect("imported");
    assert_eq!(h.state().current_document(), Some(doc.id));
    let r3 = p.case_by_label("R3").expect("speaker became a respondent").id;
    assert!(p.turns.values().any(|t| t.speaker == "R3" && t.case == Some(r3)));
    // The speaker mapping is shown for the document.
    h.get_by_label("R3:");
}

#[test]
fn a_backup_is_restored_from_the_file_menu_and_the_state_before_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.werkbank");
    let mut s = werkbank::session::Session::create(&path, "p", "Anna").unwrap();
    let code = s
        .run(|p| {
            werkbank::core::actions::add_code(
                p,
                werkbank::core::actions::NewCode {
                    parent: None,
                    name: "Vertrouwen",
                    kind: None,
                    color: None,
                    description: "",
                },
            )
        })
        .unwrap();
    s.store().backup_now("test").unwrap();
    let e =
        werkbank::core::actions::delete_code(s.project(), code, werkbank::core::actions::OnCodings::Refuse).unwrap();
    s.perform(e).unwrap();
    assert!(s.project().codes.is_empty());
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Backups…").click();
    h.run();
    h.get_by_label("Restore").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(p.code_by_path(&["Vertrouwen"]).is_some(), "the backup's code is back");
    // The state before the restore (no codes) was itself backed up.
    let backups = werkbank::store::backup::list_backups(&path);
    assert!(backups.iter().any(|b| b.path.to_string_lossy().contains("before-restore")));
}

#[test]
fn merge_a_code_into_another_through_the_dialog() {
    let (_d, mut h) = demo();
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    let omgevingswet = code_id(&h, &["Omschrijving cases", "Omgevingswet"]);
    let p = h.state().session().unwrap().project();
    let moved = p.codings.values().filter(|k| k.code == zbo).count();
    let before = p.codings.values().filter(|k| k.code == omgevingswet).count();
    h.get_by_label("Zbo").click();
    h.run();
    h.get_by_label("Merge into…").click();
    h.run();
    h.get_by_label("Filter:").focus();
    h.run();
    h.get_by_label("Filter:").type_text("omgevingswet");
    h.run();
    h.get_by_label("Omschrijving cases > Omgevingswet").click();
    h.run();
    h.get_by_label("Merge").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(!p.codes.contains_key(&zbo), "the merged code is gone");
    assert_eq!(p.codings.values().filter(|k| k.code == omgevingswet).count(), before + moved);
    assert!(h.state().session().unwrap().undo_label().unwrap().starts_with("Merge code Zbo"));
}

/// Presses at `from`, moves in steps (egui starts a drag after a few pixels) and releases at `to`.
fn drag(h: &mut Harness<'static, WerkbankApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=8 {
        h.hover_at(from + (to - from) * (i as f32 / 8.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    h.run();
}

#[test]
fn dragging_a_code_onto_another_moves_it_there() {
    let (_d, mut h) = demo();
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    let target = code_id(&h, &["Publieke waarden"]);
    let from = h.get_by_label("Zbo").rect().center();
    let to = h.get_by_label("Publieke waarden").rect().center();
    drag(&mut h, from, to);
    assert_eq!(h.state().session().unwrap().project().codes[&zbo].parent, Some(target));
}

#[test]
fn dragging_a_code_onto_the_transcript_codes_the_selection() {
    let (_d, mut h) = demo();
    let doc = h.state().current_document().unwrap();
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    let text = h.state().session().unwrap().project().documents[&doc].text.clone();
    let phrase: String = text.lines().nth(2).unwrap().chars().skip(4).take(20).collect();
    let (s, e) = char_range(&h, doc, &phrase);
    h.state_mut().set_selection(s, e);
    h.run();
    let from = h.get_by_label("Zbo").rect().center();
    let to = egui::pos2(500.0, 300.0);
    drag(&mut h, from, to);
    let p = h.state().session().unwrap().project();
    let got: Vec<(usize, usize)> =
        p.codings.values().filter(|k| k.document == doc && k.code == zbo).map(|k| (k.start, k.end)).collect();
    // Selections snap to whole words (on by default).
    let expected = if h.state().settings().snap_to_words { snapped_to_words(&text, s, e) } else { (s, e) };
    assert_eq!(got, vec![expected], "selection {s}..{e}");
}

/// `s..e` widened to whole words, as the app snaps a selection.
fn snapped_to_words(text: &str, s: usize, e: usize) -> (usize, usize) {
    let ix = werkbank::core::text::CharIndex::new(text);
    let w = werkbank::core::text::snap_to_words(text, &ix, werkbank::core::Span::new(s, e));
    (w.start, w.end)
}

// ---- Analysis window (src/ui/analysis_view.rs) ------------------------------------------------

fn open_analysis(h: &mut Harness<'static, WerkbankApp>) {
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Analysis…").click();
    h.run();
    h.run();
}

/// Types `path` into the Analysis window's export path (over what it held) and presses Export.
fn export_from_analysis(h: &mut Harness<'static, WerkbankApp>, path: &std::path::Path) {
    h.get_by_label("Export path:").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Export path:").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("Export").click();
    h.step();
    wait_for_background_work(h);
    h.run();
}

#[test]
fn analysis_window_shows_frequencies_with_citations_and_the_matrix() {
    use werkbank::core::analysis::{Analysis, Filter};
    let (_d, mut h) = demo();
    open_analysis(&mut h);
    let rows = Analysis::new(h.state().session().unwrap().project()).code_frequencies(&Filter::all());
    let row = rows.iter().find(|r| r.total.respondent_count() > 0).expect("a coded code");
    let citation = row.total.citation();
    assert!(citation.starts_with('('), "{citation}");
    assert!(h.query_all_by_label(&citation).count() >= 1, "citation {citation} of {} not shown", row.name);
    let computed = h.state().analysis_computations();
    for _ in 0..5 {
        h.run();
    }
    assert_eq!(h.state().analysis_computations(), computed, "frames must not recompute the analysis");

    let label = h.state().session().unwrap().project().cases.values().next().unwrap().label.clone();
    let before = h.query_all_by_label(&label).count();
    h.get_by_label("Code × respondent").click();
    h.run();
    h.run();
    assert!(h.query_all_by_label(&label).count() > before, "respondent column {label} not shown");
}

#[test]
fn analysis_exports_the_current_section_as_csv_with_a_bom() {
    let (d, mut h) = demo();
    open_analysis(&mut h);
    let path = d.path().join("frequencies.csv");
    export_from_analysis(&mut h, &path);
    let status = h.state().status().unwrap();
    assert!(!status.error, "{}", status.text);
    let bytes = std::fs::read(&path).expect("exported file");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no UTF-8 BOM");
}

#[test]
fn an_export_that_comes_out_empty_says_so_in_the_status_bar() {
    let (d, mut h) = demo();
    open_analysis(&mut h);
    // An export with passages in it just says where it went.
    let full = d.path().join("full.csv");
    export_from_analysis(&mut h, &full);
    let status = h.state().status().unwrap().text.clone();
    assert!(status.starts_with("Exported to") && !status.contains("no passages"), "{status}");

    // The branch of a code nobody coded: the file is written, and the status bar says it is empty
    // and what it was filtered on, rather than "Exported" alone.
    let p = h.state().session().unwrap().project();
    let coded = |c: Id| p.subtree(c).iter().any(|s| p.codings.values().any(|k| k.code == *s));
    let uncoded = p.codes.values().find(|c| !coded(c.id)).expect("an uncoded code in the demo");
    let (name, path) = (uncoded.name.clone(), p.code_path_string(uncoded.id));
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Branch:").click();
    h.run();
    h.get_all_by_label(&name).last().unwrap().click();
    h.run();
    let empty = d.path().join("empty.csv");
    export_from_analysis(&mut h, &empty);
    let status = h.state().status().unwrap();
    assert!(!status.error, "{}", status.text);
    assert!(
        status.text.starts_with("Exported to")
            && status.text.contains("no passages found")
            && status.text.contains(&path),
        "{}",
        status.text
    );
    assert!(std::fs::read_to_string(&empty).unwrap().contains("No passages found."));
}

#[test]
fn analysis_choices_read_as_a_form_with_each_label_before_its_drop_down() {
    use egui::accesskit::Role;
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    open_analysis(&mut h);
    for label in ["Coder:", "Counts:", "Figure:", "Branch:", "Label order:"] {
        let text = h.get_by_role_and_label(Role::Label, label);
        let combo = h.get_by_role_and_label(Role::ComboBox, label);
        assert!(text.rect().right() <= combo.rect().left() + 1.0, "{label} is not in front of its drop-down");
        assert!(combo.rect().right() <= 1024.0, "{label}'s drop-down is outside a 1024 px window");
    }
}

#[test]
fn a_student_records_a_real_name_and_exports_memos_pseudonymised() {
    let (d, mut h) = demo();
    // The transcriber's note names M2; the student records M2's real name under Respondents.
    let doc = h.state().current_document().unwrap();
    let me = h.state().session().unwrap().coder();
    h.state_mut().push(Command::Edit(EditCommand::SetMemo {
        target: MemoTarget::Document(doc),
        text: "Marieke Jansen was nervous".into(),
        author: me,
    }));
    h.run();
    h.get_by_label("Respondents").click();
    h.run();
    h.get_by_label("M2").click();
    h.run();
    h.get_by_label("Real names:").focus();
    h.run();
    h.get_by_label("Real names:").type_text("Marieke Jansen, Marieke");
    h.run();
    h.get_by_label("Save names").click();
    h.run();
    let m2 = h.state().session().unwrap().project().case_by_label("M2").unwrap().aliases.clone();
    assert_eq!(m2, vec!["Marieke Jansen".to_string(), "Marieke".to_string()]);
    // Every memo, pseudonymised, from the Analysis window.
    open_analysis(&mut h);
    let path = d.path().join("memos.csv");
    h.get_by_label("every memo").click();
    h.run();
    h.get_by_label("Pseudonymise").click();
    h.run();
    export_from_analysis(&mut h, &path);
    let status = h.state().status().unwrap();
    assert!(!status.error, "{}", status.text);
    let text = std::fs::read_to_string(&path).expect("exported file");
    assert!(!text.contains("Marieke"), "real name exported:\n{text}");
    assert!(text.contains("M2 was nervous"), "memo missing or not pseudonymised:\n{text}");
    // The project itself keeps the memo as written; undo takes the names back in one step.
    let p = h.state().session().unwrap().project();
    assert!(p.memos.values().any(|m| m.text.contains("Marieke Jansen")));
    h.state_mut().push(Command::Undo);
    h.run();
    assert!(h.state().session().unwrap().project().case_by_label("M2").unwrap().aliases.is_empty());
}

#[test]
fn in_dutch_the_analysis_window_calls_co_occurrence_samen_voorkomen() {
    let (_d, mut h) = demo();
    h.state_mut().push(Command::SetLanguage(Lang::Nl));
    h.run();
    h.get_by_label("Beeld").click();
    h.run();
    h.get_by_label("Analyse…").click();
    h.run();
    h.run();
    assert!(h.query_by_label("Co-occurrence").is_none(), "the English tab name in the Dutch app");
    h.get_by_label("Samen voorkomen").click();
    h.run();
    h.run();
    // The section's own choice ("Samen voorkomend: overlap") shows it is open.
    assert!(h.query_all_by_label("Samen voorkomend:").count() >= 1, "the co-occurrence section is not open");
}

#[test]
fn a_pseudonymised_export_without_any_real_name_recorded_says_what_to_do() {
    let (d, mut h) = demo();
    open_analysis(&mut h);
    let path = d.path().join("frequencies.csv");
    h.get_by_label("Pseudonymise").click();
    h.run();
    export_from_analysis(&mut h, &path);
    let status = h.state().status().unwrap();
    assert!(status.error && status.text.contains("real name"), "{}", status.text);
    assert!(!path.exists(), "nothing may be written that could hold a real name");
}

// ---- supervisor review: agreement and disagreements of two coders ----------------------------

fn open_review(h: &mut Harness<'static, WerkbankApp>) {
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Review agreement and disagreements…").click();
    h.run();
    h.run();
}

fn coder_id(h: &Harness<WerkbankApp>, name: &str) -> Id {
    h.state().session().unwrap().project().coders.values().find(|c| c.name == name).unwrap().id
}

#[test]
fn review_lists_disagreements_and_adopting_a_version_records_consensus() {
    use werkbank::core::agreement::{AgreementUnit, disagreements};
    let (_d, mut h) = demo();
    open_review(&mut h);
    let review = h.state().project_state().unwrap().review.as_ref().expect("review open");
    let (anna, sup) = (coder_id(&h, "Anna"), coder_id(&h, werkbank::demo::DEMO_SUPERVISOR));
    assert_eq!((review.coder_a, review.coder_b, review.unit), (Some(anna), Some(sup), AgreementUnit::Segment));
    // Pick the coders explicitly: B = the supervisor.
    h.get_by_label("Coder B:").click();
    h.run();
    h.get_all_by_label(werkbank::demo::DEMO_SUPERVISOR).last().unwrap().click();
    h.run();
    assert_eq!(h.state().project_state().unwrap().review.as_ref().unwrap().coder_b, Some(sup));
    // The pooled figures state the unit; the first disagreement is listed side by side.
    h.get_by_label_contains("computed at the segment level");
    h.get_by_label("Cohen's κ");
    let list = disagreements(h.state().session().unwrap().project(), anna, sup, &[], 0.9);
    assert!(!list.is_empty());
    h.get_by_label_contains(&format!("{} disagreements", list.len()));
    let first = list[0].clone();
    let doc_name = h.state().session().unwrap().project().documents[&first.document].name.clone();
    let row = format!("{doc_name} {}–{}:", first.start, first.end);
    // Clicking the row shows the passage in the transcript.
    h.get_by_label_contains(&row).click();
    h.run();
    assert_eq!(h.state().current_document(), Some(first.document));
    assert_eq!(h.state().scroll_target(), Some(passage(first.document, first.start, first.end)));
    // Memo, then adopt the version that has codes.
    let (button, codes) =
        if first.codes_a.is_empty() { ("Adopt B", first.codes_b.clone()) } else { ("Adopt A", first.codes_a.clone()) };
    h.get_all_by_label("Memo:").next().unwrap().focus();
    h.run();
    h.get_all_by_label("Memo:").next().unwrap().type_text("Besproken: versie overgenomen.");
    h.run();
    let before = h.state().session().unwrap().project().codings.len();
    h.get_all_by_label(button).next().unwrap().click();
    h.run();
    {
        let p = h.state().session().unwrap().project();
        let consensus = p
            .coders
            .values()
            .find(|c| c.name == "Consensus")
            .unwrap_or_else(|| panic!("no consensus coder; status {:?}, first {first:?}", h.state().status()))
            .id;
        let made: Vec<_> = p.codings.values().filter(|k| k.coder == consensus).collect();
        assert_eq!(made.len(), codes.len());
        assert_eq!(p.codings.len(), before + codes.len());
        for k in made {
            assert!(codes.contains(&k.code));
            assert_eq!((k.document, k.start, k.end), (first.document, first.start, first.end));
            assert_eq!(k.memo, "Besproken: versie overgenomen.");
        }
    }
    assert_eq!(h.state().session().unwrap().undo_label(), Some("Record consensus"));
    assert!(h.state().status().unwrap().text.starts_with("Consensus recorded"));
    h.run();
    h.get_by_label_contains("Consensus: ");
    // One undo step removes it again.
    h.state_mut().push(Command::Undo);
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.codings.len(), before);
    assert!(!p.codings.values().any(|k| p.coders.get(&k.coder).is_some_and(|c| c.name == "Consensus")));
}

#[test]
fn in_dutch_the_review_window_gives_its_notes_in_dutch() {
    let (_d, mut h) = demo();
    h.state_mut().push(Command::SetLanguage(Lang::Nl));
    h.state_mut().push(Command::Review(werkbank::ui::commands::ReviewCommand::Open));
    h.run();
    h.run();
    // Two coders compared at segment level: the note says there is no all-coder figure.
    assert_shows(&h, "Op segmentniveau worden alleen paren codeurs vergeleken");
    assert!(h.query_all_by_label_contains("compares coder pairs only").next().is_none());
}

#[test]
fn review_exports_the_agreement_report_and_reports_errors() {
    let (d, mut h) = demo();
    open_review(&mut h);
    h.get_by_label("Document").click(); // unit: document level
    h.run();
    h.get_by_label_contains("computed at the document level");
    let path = d.path().join("overeenstemming.html");
    h.get_by_label("Report file:").focus();
    h.run();
    h.get_by_label("Report file:").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("Export report…").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let status = h.state().status().unwrap().clone();
    assert!(!status.error && status.text.starts_with("Report written to"), "{status:?}");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("document level") && html.contains("Begeleider"), "{html}");
    // Written in the app's language (English here): no Dutch page language or "Tabel" captions.
    assert!(html.contains("<html lang=\"en\">") && !html.contains("Tabel "), "{html}");
    // An unknown format is an error in the status bar, not a panic.
    h.get_by_label("Report file:").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Report file:").type_text(d.path().join("x.pdf").to_str().unwrap());
    h.run();
    h.get_by_label("Export report…").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    assert!(h.state().status().unwrap().error);
    // Dutch labels, and closing.
    h.state_mut().push(Command::SetLanguage(Lang::Nl));
    h.run();
    h.get_by_label("Codeur A:");
    h.get_by_label("Sluiten").click();
    h.run();
    assert!(h.state().project_state().unwrap().review.is_none());
}

#[test]
fn deleting_a_document_asks_first_and_says_what_goes_with_it() {
    let (_d, mut h) = demo();
    let doc = h.state().current_document().unwrap();
    let (name, expected) = {
        let p = h.state().session().unwrap().project();
        let d = &p.documents[&doc];
        let subject = werkbank::withdrawal::Subject::Document { name: d.name.clone(), text_hash: None };
        let edit = werkbank::withdrawal::deletion(p, &subject).unwrap().unwrap();
        (d.name.clone(), werkbank::withdrawal::describe_removal(&werkbank::core::actions::Removal::of(&edit), Lang::En))
    };
    assert!(expected.contains(" codings") && !expected.contains(" 0 codings"), "{expected}");
    h.get_by_label("Delete document…").click();
    h.run();
    h.get_by_label_contains(&format!("Delete document '{name}'?"));
    h.get_by_label_contains(&format!("This removes {expected}."));
    // Cancel keeps everything.
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().session().unwrap().project().documents.contains_key(&doc));
    h.get_by_label("Delete document…").click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(!p.documents.contains_key(&doc));
    assert!(p.codings.values().all(|k| k.document != doc) && p.turns.values().all(|t| t.document != doc));
    assert_ne!(h.state().current_document(), Some(doc), "the app moved on to another document");
    h.state_mut().push(Command::Undo);
    h.run();
    assert!(h.state().session().unwrap().project().documents.contains_key(&doc), "one undo brings it back");
}

#[test]
fn a_respondent_who_withdraws_can_be_removed_from_the_backups_too() {
    let (_d, mut h) = demo();
    let backup = h.state().session().unwrap().store().backup_now("manual").unwrap();
    let (case, label) = {
        let p = h.state().session().unwrap().project();
        let c = p.cases.values().find(|c| p.turns.values().any(|t| t.case == Some(c.id))).unwrap();
        (c.id, c.label.clone())
    };
    h.state_mut().push(Command::DeleteRespondentDialog { case });
    h.run();
    h.get_by_label_contains(&format!("Delete respondent {label} and everything of theirs?"));
    h.get_by_label_contains("Without this, the backups keep it.");
    let n = werkbank::store::backup::list_backups(h.state().session().unwrap().path()).len();
    h.get_by_label_contains(&format!("Also remove it from the {n} backup")).click();
    h.run();
    // Rewriting every backup takes seconds on a big project: on a worker, after the deletion
    // itself (one undo step), while the window goes on drawing.
    let hold = h.state_mut().hold_background_work();
    h.get_by_label("Delete").click();
    h.run();
    assert!(h.state().busy());
    h.get_by_label("Removing it from the backups…");
    assert!(h.state().session().unwrap().project().case_by_label(&label).is_none());
    let undo = h.state().session().unwrap().undo_label().map(str::to_string);
    let held = werkbank::session::Session::open_read_only(&backup).unwrap();
    assert!(held.project().case_by_label(&label).is_some(), "the backups are rewritten on the worker");
    drop(held);
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo");
    drop(hold);
    wait_for_background_work(&mut h);
    h.run();
    assert_eq!(h.state().session().unwrap().undo_label().map(str::to_string), undo, "one undo step, no more");
    assert!(h.state().session().unwrap().project().case_by_label(&label).is_none());
    let status = h.state().status().unwrap().text.clone();
    assert!(status.contains(&format!("removed from {n} backup")), "{status}");
    let b = werkbank::session::Session::open_read_only(&backup).unwrap();
    assert!(b.project().case_by_label(&label).is_none(), "the backup still holds {label}");
    assert!(b.project().turns.values().all(|t| t.case != Some(case)), "their turns are gone from the backup");
}

// ---------- exchange: merge, hand-out, REFI-QDA from the File menu ----------

/// Some label (dialog or status bar) contains `text`.
fn assert_shows(h: &Harness<'static, WerkbankApp>, text: &str) {
    assert!(h.query_all_by_label_contains(text).next().is_some(), "nothing shows {text:?}");
}

fn choose_from_file_menu(h: &mut Harness<'static, WerkbankApp>, item: &str, path: &std::path::Path) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
    h.get_by_label("Path:").focus();
    h.run();
    h.get_by_label("Path:").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    h.step();
    // Exports and hand-outs are written on a worker thread.
    wait_for_background_work(h);
    h.run();
}

#[test]
fn a_supervisor_hands_out_a_copy_and_merges_the_second_coders_work_after_a_preview() {
    use werkbank::core::actions;
    let (dir, mut h) = demo();
    // File → Make a hand-out for a second coder…
    let handout = dir.path().join("bert.werkbank");
    choose_from_file_menu(&mut h, "Make a hand-out for a second coder…", &handout);
    assert_shows(&h, "for a second coder:");
    let mut bert = werkbank::session::Session::open(&handout, "Bert").unwrap();
    assert!(bert.project().codings.is_empty(), "the hand-out has no codings");
    h.get_by_label("Close").click();
    h.run();
    // Bert codes one passage.
    let (doc, code) = {
        let p = bert.project();
        (*p.documents.keys().next().unwrap(), p.codes.values().find(|c| c.codable).unwrap().id)
    };
    let coder = bert.coder();
    bert.run(|p| actions::add_coding(p, doc, 0, 5, code, coder)).unwrap();
    drop(bert);

    // File → Merge a coder's project…: the preview says what would happen, nothing changes yet.
    let before = h.state().session().unwrap().project().codings.len();
    choose_from_file_menu(&mut h, "Merge a coder's project…", &handout);
    assert_shows(&h, "would merge ");
    assert_shows(&h, "1 coding added");
    assert_shows(&h, "same text");
    assert_eq!(h.state().session().unwrap().project().codings.len(), before);
    h.get_by_label("Merge").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.codings.len(), before + 1);
    assert!(p.coder_by_name("Bert").is_some());
    assert_eq!(h.state().session().unwrap().undo_label(), Some("Merge project"));
}

/// What a merge would do and what a deletion removes come from the workflows' table, in the app's
/// language: a Dutch supervisor reads them in Dutch, as the command line says them.
#[test]
fn a_dutch_supervisor_reads_the_merge_preview_and_what_a_deletion_removes_in_dutch() {
    let (dir, mut h) = demo();
    let theirs = dir.path().join("bert.werkbank");
    let p = h.state().session().unwrap().project().clone();
    werkbank::exchange::write_handout(&p, &theirs, Default::default(), "Bert", Lang::Nl).unwrap();
    {
        let mut bert = werkbank::session::Session::open(&theirs, "Bert").unwrap();
        let doc = *bert.project().documents.keys().next().unwrap();
        let code = bert.project().code_by_path(&["Omschrijving cases", "Zbo"]).unwrap();
        let coder = bert.coder();
        bert.run(|p| werkbank::core::actions::add_coding(p, doc, 0, 5, code, coder)).unwrap();
    }
    h.state_mut().push(Command::SetLanguage(Lang::Nl));
    h.run();
    h.state_mut().push(Command::PreviewExchange(werkbank::ui::Exchange::Merge(theirs)));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    assert_shows(&h, "samenvoegen zou geven: 1 codering toegevoegd");
    assert_shows(&h, "herkend: ");
    assert_shows(&h, "dezelfde tekst");
    assert!(h.query_all_by_label_contains("would merge").next().is_none());
    h.get_by_label("Annuleren").click();
    h.run();

    let doc = h.state().current_document().unwrap();
    h.state_mut().push(Command::DeleteDocumentDialog { document: doc });
    h.run();
    assert_shows(&h, " coderingen");
    assert_shows(&h, " spreekbeurten");
    assert!(h.query_all_by_label_contains("coding(s)").next().is_none());
}

#[test]
fn a_project_travels_to_refi_qdpx_and_back_through_the_file_menu() {
    let (dir, mut h) = demo();
    let qdpx = dir.path().join("uitwisseling.qdpx");
    choose_from_file_menu(&mut h, "Export REFI-QDA (.qdpx, .qdc)…", &qdpx);
    assert_shows(&h, "respondents linked to their text");
    assert!(qdpx.exists());
    let original = h.state().session().unwrap().project().clone();

    let s = werkbank::session::Session::create(&dir.path().join("leeg.werkbank"), "leeg", "Anna").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    choose_from_file_menu(&mut h, "Import REFI-QDA (.qdpx, .qdc)…", &qdpx);
    let summary = format!("{} sources", original.documents.len());
    assert_shows(&h, &summary);
    assert!(h.state().session().unwrap().project().documents.is_empty(), "nothing imported before confirming");
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.documents.len(), original.documents.len());
    assert_eq!(p.codings.len(), original.codings.len());
    assert_eq!(p.turns.len(), original.turns.len());
    h.get_by_label("Close").click();
    h.run();

    // A file that is not REFI-QDA is refused with a message, and nothing changes.
    let bad = dir.path().join("kapot.qdpx");
    std::fs::write(&bad, b"not a zip").unwrap();
    choose_from_file_menu(&mut h, "Import REFI-QDA (.qdpx, .qdc)…", &bad);
    assert_shows(&h, "cannot import");
    assert_eq!(h.state().session().unwrap().project().documents.len(), original.documents.len());
}

#[test]
fn review_with_three_coders_shows_all_of_them_together_and_reports_every_pair() {
    use werkbank::core::actions;
    let dir = tempfile::tempdir().unwrap();
    let mut s = werkbank::demo::create_demo_project(&dir.path().join("demo.werkbank"), "Anna").unwrap();
    // A third coder codes one passage.
    let (doc, code) = {
        let p = s.project();
        (*p.documents.keys().next().unwrap(), p.codes.values().find(|c| c.codable).unwrap().id)
    };
    let (chris, e) = actions::ensure_coder(s.project(), "Chris").unwrap();
    s.perform(e).unwrap();
    s.run(|p| actions::add_coding(p, doc, 0, 20, code, chris)).unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    open_review(&mut h);
    h.get_by_label("All coders together");
    let ps = h.state().session().unwrap().project().clone();
    let names: Vec<&str> = ps.coders.values().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 3);
    let together = format!("Across all 3 coders together ({})", names.join(", "));
    assert_shows(&h, &together);
    assert_shows(&h, "Fleiss' κ = ");
    // The exported report covers all coders and the disagreements of every pair.
    let path = dir.path().join("drie.html");
    h.get_by_label("Report file:").focus();
    h.run();
    h.get_by_label("Report file:").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("Export report…").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("All 3 coders together"), "{html}");
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            assert!(html.contains(&format!("Disagreements between coders: {a} – {b}")), "{a} – {b} missing");
        }
    }
}

// ---- the transcript: selection, codings under the pointer, keys, long documents (issue 18) ------

fn demo_sized(w: f32, h: f32) -> (tempfile::TempDir, Harness<'static, WerkbankApp>) {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::demo::create_demo_project(&dir.path().join("demo.werkbank"), "Anna").unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(w, h))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::with_session(s, settings()));
    h.run();
    (dir, h)
}

fn transcript<'a>(h: &'a Harness<'_, WerkbankApp>) -> &'a werkbank::ui::TranscriptCache {
    &h.state().project_state().unwrap().transcript
}

/// Where character `idx` of the open transcript is on screen (left edge, middle of its row).
fn char_pos(h: &Harness<WerkbankApp>, idx: usize) -> egui::Pos2 {
    transcript(h).char_pos(idx).expect("transcript drawn")
}

fn click_at(h: &mut Harness<'static, WerkbankApp>, pos: egui::Pos2, button: egui::PointerButton) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton { pos, button, pressed, modifiers: egui::Modifiers::NONE });
        h.step();
    }
    h.run();
}

/// Clicks on character `idx` of the open transcript.
fn click_char(h: &mut Harness<'static, WerkbankApp>, idx: usize, button: egui::PointerButton) {
    let pos = char_pos(h, idx);
    click_at(h, pos, button);
}

fn copies<'a>(h: &'a Harness<'_, WerkbankApp>) -> impl Iterator<Item = String> + 'a {
    h.output().platform_output.commands.iter().filter_map(|c| match c {
        egui::OutputCommand::CopyText(t) => Some(t.clone()),
        _ => None,
    })
}

/// Presses `key` with `modifiers` one event per frame (kittest keeps only the last frame's
/// output) and returns what was put on the clipboard.
fn press_and_copy(h: &mut Harness<'static, WerkbankApp>, modifiers: egui::Modifiers, key: egui::Key) -> Vec<String> {
    let mut out = Vec::new();
    let key_event = |pressed| egui::Event::Key { key, pressed, modifiers, repeat: false, physical_key: None };
    for e in [
        egui::Event::ModifiersChanged(modifiers),
        key_event(true),
        key_event(false),
        egui::Event::ModifiersChanged(egui::Modifiers::NONE),
    ] {
        h.event(e);
        h.step();
        out.extend(copies(h));
    }
    out
}

/// What the app put on the clipboard over the next frames.
fn copied_text(h: &mut Harness<'static, WerkbankApp>) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..3 {
        h.step();
        out.extend(copies(h));
    }
    out
}

/// A drag from the start of "afdelingen" to the end of `to` (rows further down) selects exactly
/// that, and the text does not move or re-wrap while dragging.
fn drag_selects_exactly(w: f32, height: f32, to: &str) {
    let (_d, mut h) = demo_sized(w, height);
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let (s, _) = char_range(&h, doc, "afdelingen om hun");
    let (_, e) = char_range(&h, doc, to);
    h.state_mut().push(Command::Jump { document: doc, start: s, end: e });
    h.run();
    let Span { start: v0, end: v1 } = transcript(&h).visible_chars().unwrap();
    assert!(v0 <= s && e < v1, "{s}..{e} is not in view ({v0}..{v1})");
    let (from, to) = (char_pos(&h, s), char_pos(&h, e));
    assert!(to.y > from.y + 30.0, "the drag crosses rows: {from:?} -> {to:?}");
    let layouts = h.state().layouts_built();
    drag(&mut h, from, to);
    assert_eq!(h.state().selection(), Some(passage(doc, s, e)), "at {w}x{height}");
    assert_eq!(char_pos(&h, s), from, "the text moved during the drag at {w}x{height}");
    assert_eq!(h.state().layouts_built(), layouts, "the drag re-wrapped the transcript");
    h.get_by_label_contains(&format!("{} characters selected", e - s));
}

#[test]
fn dragging_selects_the_exact_range_at_1024x700() {
    drag_selects_exactly(1024.0, 700.0, "van een parkeervergunning");
}

#[test]
fn dragging_selects_the_exact_range_at_800x600() {
    drag_selects_exactly(800.0, 600.0, "om hun processen");
}

#[test]
fn switching_documents_disarms_the_selection() {
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    let a1 = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(a1));
    h.run();
    let (s, e) = char_range(&h, a1, "gebruikerstesten in de bibliotheek");
    h.state_mut().set_selection(s, e);
    h.run();
    h.get_all_by_label("Interview M2").next().unwrap().click();
    h.run();
    assert_eq!(h.state().current_document(), Some(doc_id(&h, "Interview M2")));
    assert_eq!(h.state().selection(), None);
    let before = h.state().session().unwrap().project().codings.len();
    h.get_by_label("Zbo").click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings.len(), before, "an invisible selection was coded");
    // Back in A1 the old selection is not re-armed either.
    h.get_all_by_label("Interview A1").next().unwrap().click();
    h.run();
    assert_eq!(h.state().selection(), None);
}

#[test]
fn clicking_coded_text_selects_that_coding_and_overlaps_offer_a_chooser() {
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let (s, e) = char_range(&h, doc, "informatieadviseur bij het team");
    let first = {
        let p = h.state().session().unwrap().project();
        p.codings.values().find(|k| k.document == doc && k.start <= s && k.end >= e).expect("demo coding").id
    };
    click_char(&mut h, s + 3, egui::PointerButton::Primary);
    assert_eq!(h.state().selected_coding(), Some(first));
    // A second coding over the same words: a click offers both.
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    h.state_mut().set_selection(s, e);
    h.state_mut().push(Command::ApplyCode { code: zbo });
    h.run();
    let second = h.state().selected_coding().unwrap();
    assert_ne!(second, first);
    click_char(&mut h, s + 3, egui::PointerButton::Primary);
    h.get_by_label("Which coding?");
    h.get_by_label_contains("Introductie > Functie respondent ·").click();
    h.run();
    assert_eq!(h.state().selected_coding(), Some(first));
}

#[test]
fn right_click_on_a_coding_offers_memo_recode_remove_and_show_in_tree() {
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let (s, _) = char_range(&h, doc, "informatieadviseur bij het team");
    let (k, code) = {
        let p = h.state().session().unwrap().project();
        let k = p.codings.values().find(|k| k.document == doc && k.start <= s && k.end > s).unwrap();
        (k.id, k.code)
    };
    // Memo: the memo field gets the keyboard; the margin then shows a memo marker.
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Add memo…").click();
    h.run();
    assert_eq!(h.state().selected_coding(), Some(k));
    h.get_by_label("Coding memo").type_text("Noemt zichzelf adviseur, geen beleidsmaker.");
    h.run();
    h.get_all_by_label("Save memo").next().unwrap().click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.memo_for(MemoTarget::Coding(k)).unwrap().text, "Noemt zichzelf adviseur, geen beleidsmaker.");
    assert!(transcript(&h).bars.iter().any(|b| b.coding == k && b.memo), "no memo marker in the margin");
    // Show in tree selects the code.
    h.state_mut().push(Command::SelectCode(None));
    h.run();
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Show in code tree").click();
    h.run();
    assert_eq!(h.state().selected_code(), Some(code));
    // Recode through the submenu.
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Recode as").click();
    h.run();
    assert!(h.query_by_label("Omschrijving cases > Zbo").is_some(), "every code is offered");
    // The code selected in the tree comes first.
    h.key_press(egui::Key::Escape);
    h.run();
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    h.state_mut().push(Command::SelectCode(Some(zbo)));
    h.run();
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Recode as").click();
    h.run();
    h.get_by_label("Recode as Omschrijving cases > Zbo").click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings[&k].code, zbo);
    // Remove.
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Remove this coding").click();
    h.run();
    assert!(!h.state().session().unwrap().project().codings.contains_key(&k));
}

#[test]
fn ctrl_c_copies_the_selected_text() {
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    // Dragged: the transcript has the keyboard and copies.
    let (s, _) = char_range(&h, doc, "afdelingen om hun");
    let (_, e) = char_range(&h, doc, "processen te digitaliseren");
    let (from, to) = (char_pos(&h, s), char_pos(&h, e));
    drag(&mut h, from, to);
    assert_eq!(h.state().selection(), Some(passage(doc, s, e)));
    h.event(egui::Event::Copy);
    assert_eq!(copied_text(&mut h), vec!["afdelingen om hun processen te digitaliseren".to_string()]);
    // The keyboard elsewhere (after a code was clicked): the kept selection is still copied.
    h.run();
    h.state_mut().set_selection(s, e);
    h.run();
    h.get_by_label("Zbo").click();
    h.run();
    let (s2, e2) = char_range(&h, doc, "gebruikerstesten in de bibliotheek");
    h.state_mut().set_selection(s2, e2);
    h.run();
    h.event(egui::Event::Copy);
    assert_eq!(copied_text(&mut h), vec!["gebruikerstesten in de bibliotheek".to_string()]);
}

#[test]
fn copy_as_quote_adds_the_citation_of_the_analysis_template() {
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let (s, e) = char_range(&h, doc, "Daar leren we enorm veel van");
    h.state_mut().push(Command::Jump { document: doc, start: s, end: e });
    h.run();
    h.state_mut().set_selection(s + 1, e); // "aar leren…": snapped to whole words
    h.run();
    let copied = press_and_copy(&mut h, egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::C);
    assert_eq!(copied, vec!["“Daar leren we enorm veel van” (A1)".to_string()]);
    h.run();
    // The same from the right-click menu.
    h.state_mut().set_selection(s, e);
    h.run();
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Copy as quote").click();
    assert_eq!(copied_text(&mut h), vec!["“Daar leren we enorm veel van” (A1)".to_string()]);
}

#[test]
fn keys_1_to_9_keep_their_code_and_0_repeats_the_last() {
    let (d, mut h) = demo_sized(1024.0, 700.0);
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let tree_top = h.get_by_label("Introductie").rect().min.y;
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    let wet = code_id(&h, &["Omschrijving cases", "Omgevingswet"]);
    let coded = |h: &Harness<WerkbankApp>, s: usize, e: usize, code: Id| {
        h.state().session().unwrap().project().codings.values().any(|k| k.start == s && k.end == e && k.code == code)
    };
    let (s1, e1) = char_range(&h, doc, "toegankelijkheid");
    h.state_mut().set_selection(s1, e1);
    h.run();
    h.get_by_label("Zbo").click();
    h.run();
    assert_eq!(h.get_by_label("Introductie").rect().min.y, tree_top, "the key row pushed the tree down");
    let (s2, e2) = char_range(&h, doc, "gelijke behandeling");
    h.state_mut().set_selection(s2, e2);
    h.run();
    h.get_by_label("Omgevingswet").click();
    h.run();
    // Key 1 is still Zbo (the first code applied), key 2 Omgevingswet.
    let (s3, e3) = char_range(&h, doc, "privacy natuurlijk");
    h.state_mut().set_selection(s3, e3);
    h.run();
    h.key_press(egui::Key::Num1);
    h.run();
    assert!(coded(&h, s3, e3, zbo));
    // 0 repeats the last code: Zbo again.
    let (s4, e4) = char_range(&h, doc, "Efficiëntie en privacy");
    h.state_mut().set_selection(s4, e4);
    h.run();
    h.key_press(egui::Key::Num0);
    h.run();
    assert!(coded(&h, s4, e4, zbo));
    assert_eq!(h.state().project_state().unwrap().pinned[..2], [Some(zbo), Some(wet)]);
    // Pin Omgevingswet to key 5 from the tree's right-click menu.
    h.get_by_label("Omgevingswet").click_secondary();
    h.run();
    h.get_by_label("Pin to key").click();
    h.run();
    h.get_by_label_contains("5   ").click();
    h.run();
    let pinned = h.state().project_state().unwrap().pinned;
    assert_eq!((pinned[1], pinned[4]), (None, Some(wet)));
    assert_eq!(h.get_by_label("Introductie").rect().min.y, tree_top);
    // The keys are kept with the project for this coder.
    let path = d.path().join("demo.werkbank");
    drop(h);
    let s = werkbank::session::Session::open(&path, "Anna").unwrap();
    let h = harness(WerkbankApp::with_session(s, settings()));
    assert_eq!(h.state().project_state().unwrap().pinned[4], Some(wet));
    assert_eq!(h.state().project_state().unwrap().pinned[0], Some(zbo));
}

#[test]
fn a_key_asks_before_coding_more_than_three_paragraphs() {
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let zbo = code_id(&h, &["Omschrijving cases", "Zbo"]);
    h.state_mut().push(Command::PinCode { slot: 0, code: Some(zbo) });
    h.run();
    let len = h.state().session().unwrap().project().documents[&doc].char_len();
    let before = h.state().session().unwrap().project().codings.len();
    h.state_mut().set_selection(0, len);
    h.run();
    h.key_press(egui::Key::Num1);
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings.len(), before, "coded without asking");
    let text = h.state().session().unwrap().project().documents[&doc].text.clone();
    let paragraphs = werkbank::core::text::paragraph_starts(&text).len();
    assert!(paragraphs > 3);
    h.get_by_label(&format!("Code {paragraphs} paragraphs?"));
    h.get_by_label("Code them").click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.codings.len(), before + 1);
    // Three paragraphs or fewer: no question.
    let (s, _) = char_range(&h, doc, "Voor mij gaat het om");
    let (_, e) = char_range(&h, doc, "Efficiëntie en privacy");
    h.state_mut().set_selection(s, e);
    h.run();
    h.key_press(egui::Key::Num1);
    h.run();
    assert!(h.state().dialog().is_none());
    assert_eq!(h.state().session().unwrap().project().codings.len(), before + 2);
}

fn long_transcript() -> (tempfile::TempDir, Harness<'static, WerkbankApp>) {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::workload::synthetic_project(&dir.path().join("big.werkbank"), 150_000, 2_000).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::with_session(s, settings()));
    h.run();
    (dir, h)
}

fn view(h: &Harness<WerkbankApp>) -> Span {
    transcript(h).visible_chars().unwrap()
}

#[test]
fn keyboard_scrolls_a_long_transcript() {
    let (_d, mut h) = long_transcript();
    let len = h.state().session().unwrap().project().documents.values().next().unwrap().char_len();
    assert_eq!(view(&h).start, 0);
    let pointer = char_pos(&h, 10);
    h.hover_at(pointer);
    h.run();
    h.key_press(egui::Key::PageDown);
    h.run();
    let Span { start: a, end: b } = view(&h);
    let first_page = (0, a);
    assert!(a > 0 && a < b, "PageDown did not scroll: {a}..{b}");
    h.key_press(egui::Key::Space);
    h.run();
    assert!(view(&h).start > a, "Space did not scroll on");
    h.key_press(egui::Key::PageUp);
    h.run();
    assert_eq!(view(&h).start, a, "PageUp goes back one page");
    h.key_press(egui::Key::End);
    h.run();
    assert!(view(&h).end >= len - 1, "End shows the end: {:?} of {len}", view(&h));
    h.key_press(egui::Key::Home);
    h.run();
    assert_eq!(view(&h).start, first_page.0);
}

#[test]
fn f8_goes_on_from_where_the_reader_is() {
    let (_d, mut h) = long_transcript();
    let doc = h.state().current_document().unwrap();
    h.hover_at(char_pos(&h, 10));
    h.run();
    for _ in 0..20 {
        h.key_press(egui::Key::PageDown);
        h.run();
    }
    let top = view(&h).start;
    assert!(top > 10_000, "{top}");
    h.key_press(egui::Key::F8);
    h.run();
    let starts: Vec<(Id, usize)> =
        h.state().session().unwrap().project().codings_of_document(doc).iter().map(|k| (k.id, k.start)).collect();
    let next = starts.iter().find(|k| k.1 >= top).unwrap();
    assert_eq!(h.state().selected_coding(), Some(next.0), "F8 must start at the view, not at the top");
    // Scroll on without F8, then Shift+F8: the last coding before the view.
    for _ in 0..10 {
        h.key_press(egui::Key::PageDown);
        h.run();
    }
    let top2 = view(&h).start;
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F8);
    h.run();
    let prev = starts.iter().rev().find(|k| k.1 < top2).unwrap();
    assert_eq!(h.state().selected_coding(), Some(prev.0));
}

#[test]
fn the_overview_strip_jumps_to_where_it_is_clicked() {
    let (_d, mut h) = long_transcript();
    let len = h.state().session().unwrap().project().documents.values().next().unwrap().char_len();
    let strip = transcript(&h).overview_rect().expect("overview strip drawn");
    assert!(strip.width() >= 8.0 && strip.height() > 300.0, "{strip:?}");
    click_at(&mut h, egui::pos2(strip.center().x, strip.min.y + strip.height() * 0.75), egui::PointerButton::Primary);
    let Span { start: a, end: b } = view(&h);
    let middle = (a + b) / 2;
    assert!((middle as f32 / len as f32 - 0.75).abs() < 0.05, "view {a}..{b} of {len} is not at 3/4");
}

#[test]
fn coding_does_not_lay_the_transcript_out_again() {
    let (_d, mut h) = demo_sized(1024.0, 700.0);
    let doc = h.state().current_document().unwrap();
    let built = h.state().layouts_built();
    let (s, e) = char_range(&h, doc, "toegankelijkheid");
    h.state_mut().set_selection(s, e);
    h.run();
    h.get_by_label("Zbo").click();
    h.run();
    h.state_mut().push(Command::Undo);
    h.run();
    h.state_mut().push(Command::SetCoderFilter(CoderFilter::Mine));
    h.run();
    assert_eq!(h.state().layouts_built(), built);
}

// ---- read-only: everything to read and copy, nothing to change ------------------------------

#[test]
fn a_read_only_project_offers_reading_and_copying_but_nothing_that_changes_it() {
    use egui_kittest::kittest::NodeT as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.werkbank");
    drop(werkbank::demo::create_demo_project(&path, "Anna").unwrap());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::start_screen(settings()));
    h.state_mut().open_path(&path, true);
    h.run();
    let status = h.state().status().unwrap().text.clone();
    assert!(status.contains("read-only"), "{status}");
    let doc = doc_id(&h, "Interview A1");
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    let before = h.state().session().unwrap().project().codings.len();

    // Right-click on coded text: show in tree, copy; no memo, recode or remove.
    let (s, _) = char_range(&h, doc, "informatieadviseur bij het team");
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Show in code tree");
    for edit in ["Add memo…", "Edit memo…", "Recode as", "Remove this coding"] {
        assert!(h.query_by_label(edit).is_none(), "{edit} offered read-only");
    }
    h.key_press(egui::Key::Escape);
    h.run();

    // Right-click on a code in the tree: no menu of edits.
    let p = h.state().session().unwrap().project();
    let top = p.children(None)[0].name.clone();
    let pos = h.get_all_by_label(&top).next().unwrap().rect().center();
    click_at(&mut h, pos, egui::PointerButton::Secondary);
    for edit in ["Rename code…", "Delete code…", "New child code…"] {
        assert!(h.query_by_label(edit).is_none(), "{edit} offered read-only");
    }
    h.key_press(egui::Key::Escape);
    h.run();

    // The File menu's imports and merges are disabled; exports are not.
    h.get_by_label("File").click();
    h.run();
    for edit in
        ["Import transcripts…", "Import codebook…", "Merge a coder's project…", "Import REFI-QDA (.qdpx, .qdc)…"]
    {
        let n = h.query_by_label(edit).unwrap_or_else(|| panic!("{edit} missing"));
        assert!(n.accesskit_node().is_disabled(), "{edit} enabled read-only");
    }
    assert!(!h.get_by_label("Export appendix…").accesskit_node().is_disabled());
    h.key_press(egui::Key::Escape);
    h.run();

    // A shortcut that would code or undo says why nothing happens.
    h.state_mut().set_selection(s, s + 20);
    h.run();
    for key in [egui::Key::Num1, egui::Key::Num0] {
        h.key_press(key);
        h.run();
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let st = h.state().status().unwrap();
    assert!(st.error && st.text.contains("read-only"), "{}", st.text);
    assert_eq!(h.state().session().unwrap().project().codings.len(), before);
    // Commands that change the project are refused, whichever way they come.
    h.state_mut().push(Command::Edit(EditCommand::CreateCode { parent: None, name: "Nieuw".into() }));
    h.run();
    assert!(h.state().session().unwrap().project().codes.values().all(|c| c.name != "Nieuw"));
    assert!(h.state().status().unwrap().text.contains("read-only"));
}

fn path_of(d: &tempfile::TempDir) -> std::path::PathBuf {
    d.path().join("demo.werkbank")
}

#[test]
fn status_messages_fade_and_do_not_follow_the_user_into_another_project() {
    let (d, mut h) = demo_sized(1024.0, 700.0);
    h.state_mut().push(Command::Undo);
    h.run();
    assert!(h.state().status().is_some());
    // A message is news for a few seconds, an error a little longer.
    h.state_mut().age_status(std::time::Duration::from_secs(9));
    h.run();
    assert!(h.state().status().is_none(), "a stale message is still shown");
    h.state_mut().push(Command::RemoveCoding);
    h.run();
    assert!(h.state().status().unwrap().error);
    h.state_mut().age_status(std::time::Duration::from_secs(9));
    h.run();
    assert!(h.state().status().is_some(), "an error went before it could be read");
    // Closing the project or opening another clears it.
    h.state_mut().push(Command::CloseProject);
    h.run();
    assert!(h.state().status().is_none());
    let other = d.path().join("other.werkbank");
    drop(werkbank::session::Session::create(&other, "Other", "Anna").unwrap());
    h.state_mut().open_path(&path_of(&d), false);
    h.state_mut().push(Command::RemoveCoding);
    h.run();
    assert!(h.state().status().unwrap().error);
    h.state_mut().open_path(&other, false);
    h.run();
    assert!(h.state().status().unwrap().text.starts_with("Opened"), "{:?}", h.state().status());
}

// ---- right-to-left and mixed lines (issue 17) ---------------------------------------------------

/// A project with the multilingual test transcript (Turkish, Chinese, Arabic, Dutch quoting an
/// Arabic word, Hindi, Hebrew, Russian) and one code, open at `w`x`h`, word snapping off so a drag
/// gives exactly what it covers.
fn multilingual(w: f32, height: f32) -> (tempfile::TempDir, Harness<'static, WerkbankApp>, Id, Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = werkbank::session::Session::create(&dir.path().join("m.werkbank"), "m", "Anna").unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts/multilingual.txt");
    let (doc, _) = werkbank::workflow::import_file(&mut s, &file, &Default::default()).unwrap();
    let new = werkbank::core::actions::NewCode {
        parent: None,
        name: "الخدمات الرقمية",
        kind: None,
        color: Some("#e07b39"),
        description: "",
    };
    let (code, edit) = werkbank::core::actions::add_code(s.project(), new).unwrap();
    s.perform(edit).unwrap();
    let mut st = settings();
    st.snap_to_words = false;
    let mut h = Harness::builder()
        .with_size(egui::vec2(w, height))
        .with_max_steps(16)
        // The app's system-font provider, as at start (CI installs the fonts, see .ci/run).
        .with_context_setup(|ctx| ctx.add_font_provider(werkbank::ui::fonts::SystemFonts::start()))
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::with_session(s, st));
    h.run();
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    (dir, h, doc, code)
}

/// Drags over `phrase` from its first character's starting edge to its end (for a right-to-left
/// phrase: from the right edge of its first letter leftwards), codes it, and checks the coding,
/// the copy, the highlight and the margin bar.
fn drag_code_and_copy(h: &mut Harness<'static, WerkbankApp>, doc: Id, code: Id, phrase: &str) {
    let (s, e) = char_range(h, doc, phrase);
    h.state_mut().push(Command::Jump { document: doc, start: s, end: e });
    h.run();
    h.state_mut().push(Command::Jump { document: doc, start: s, end: s });
    h.run();
    let (from, to) = (char_pos(h, s), char_pos(h, e));
    drag(h, from, to);
    assert_eq!(h.state().selection(), Some(passage(doc, s, e)), "dragging {from:?} -> {to:?} over {phrase:?}");
    // Copying gives the words in the order they were spoken (logical), not as drawn.
    h.event(egui::Event::Copy);
    assert_eq!(copied_text(h), vec![phrase.to_string()]);
    h.state_mut().push(Command::ApplyCode { code });
    h.run();
    let p = h.state().session().unwrap().project();
    let k = p.codings.values().find(|k| k.document == doc && k.start == s).expect("coded");
    assert_eq!((k.start, k.end, k.code), (s, e, code), "the coded range of {phrase:?}");
    let coding = k.id;
    h.state_mut().push(Command::SelectCoding(None));
    h.state_mut().set_selection(e, e);
    h.run();
    // The highlight covers the glyphs of the phrase and not those beside it.
    let t = transcript(h);
    let rects = t.highlight_rects(Span::new(s, e));
    let covered = |i: usize| {
        let g = t.glyph_rect(i).unwrap();
        rects.iter().any(|r| r.contains(g.center()))
    };
    let text = h.state().session().unwrap().project().documents[&doc].text.clone();
    for (i, c) in text.chars().enumerate().skip(s).take(e - s) {
        if c != ' ' {
            assert!(covered(i), "char {i} {c:?} of {phrase:?} is not highlighted");
        }
    }
    for i in [s.saturating_sub(2), e + 1] {
        assert!(!covered(i), "char {i} beside {phrase:?} is highlighted");
    }
    // The margin bar spans the rows of the phrase.
    let bar = t.bars.iter().find(|b| b.coding == coding).expect("a margin bar");
    let top = rects.iter().map(|r| r.min.y).fold(f32::MAX, f32::min);
    let bottom = rects.iter().map(|r| r.max.y).fold(f32::MIN, f32::max);
    assert!(((bar.y1 - bar.y0) - (bottom - top)).abs() < 0.5, "bar {}..{} vs rows {top}..{bottom}", bar.y0, bar.y1);
}

#[test]
fn dragging_over_arabic_codes_and_copies_the_exact_logical_range() {
    let (_d, mut h, doc, code) = multilingual(1024.0, 700.0);
    drag_code_and_copy(&mut h, doc, code, "الخدمات الرقمية");
    // A phrase that the line wrap splits over two rows at this width.
    drag_code_and_copy(&mut h, doc, code, "مساعدة في مكتب");
}

#[test]
fn dragging_over_hebrew_codes_and_copies_the_exact_logical_range() {
    let (_d, mut h, doc, code) = multilingual(1024.0, 700.0);
    drag_code_and_copy(&mut h, doc, code, "השירות הדיגיטלי");
}

#[test]
fn a_dutch_line_quoting_an_arabic_word_selects_what_the_drag_covers() {
    let (_d, mut h, doc, code) = multilingual(1024.0, 700.0);
    // From Dutch into the Arabic word and out again: one logical range.
    drag_code_and_copy(&mut h, doc, code, "het woord was \u{200f}\"استمارة\"\u{200f}");
    // Only the Arabic word, dragged right to left.
    drag_code_and_copy(&mut h, doc, code, "استمارة");
}

#[test]
fn right_to_left_paragraphs_are_right_aligned_and_read_from_the_right() {
    let (_d, h, doc, _) = multilingual(1024.0, 700.0);
    let (s, e) = char_range(&h, doc, "בשבילי השירות");
    let t = transcript(&h);
    // The first word of the Hebrew answer is right of the second, and the line ends at the
    // column's right edge, right of the Dutch line above it.
    let (first, second) = (t.glyph_rect(s).unwrap(), t.glyph_rect(e - 1).unwrap());
    assert!(first.min.x > second.max.x, "{first:?} should be right of {second:?}");
    let (d, _) = char_range(&h, doc, "Dus de 2");
    let dutch = t.glyph_rect(d).unwrap();
    assert!(first.max.x > dutch.min.x + 300.0, "the Hebrew line starts at the right: {first:?} vs {dutch:?}");
    // The speaker tag "R5:" stands at the right end, where the answer begins.
    let (r5, _) = char_range(&h, doc, "R5:");
    assert!(t.glyph_rect(r5).unwrap().min.x > first.max.x);
}

#[test]
fn an_arabic_code_name_in_the_tree_is_found_by_its_name_and_codes_the_selection() {
    let (_d, mut h, doc, code) = multilingual(1024.0, 700.0);
    let (s, e) = char_range(&h, doc, "השירות הדיגיטלי");
    h.state_mut().set_selection(s, e);
    h.run();
    // The button is drawn right to left; screen readers and tests find it by its written name.
    h.get_by_label("الخدمات الرقمية").click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(p.codings.values().any(|k| k.document == doc && (k.start, k.end, k.code) == (s, e, code)));
    // The margin bar of the new coding is labelled with the code's name.
    assert!(transcript(&h).bars.iter().any(|b| b.label == "الخدمات الرقمية"));
}

/// `text` as it is drawn: in visual order, Arabic letters in their joining forms.
fn visual(text: &str) -> String {
    let p = werkbank::core::bidi::Paragraph::new(text);
    p.visual_line(0..p.len()).into_iter().map(|u| u.text).collect()
}

/// Every text drawn in the last frame: its galley and where it was drawn.
fn drawn(h: &Harness<'static, WerkbankApp>) -> Vec<(std::sync::Arc<egui::Galley>, egui::Pos2)> {
    fn walk(s: &egui::Shape, out: &mut Vec<(std::sync::Arc<egui::Galley>, egui::Pos2)>) {
        match s {
            egui::Shape::Text(t) => out.push((t.galley.clone(), t.pos)),
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    h.output().shapes.iter().for_each(|c| walk(&c.shape, &mut out));
    out
}

/// How many drawn texts contain `part` (as drawn).
fn drawn_count(h: &Harness<'static, WerkbankApp>, part: &str) -> usize {
    drawn(h).iter().filter(|(g, _)| g.text().contains(part)).count()
}

/// Asserts that `text` is drawn right to left somewhere (and never in logical order).
fn assert_drawn_rtl(h: &Harness<'static, WerkbankApp>, text: &str, what: &str) {
    let v = visual(text);
    assert_ne!(v, text);
    assert!(drawn_count(h, &v) > 0, "{what}: {text:?} is not drawn in visual order");
    let logical: Vec<String> =
        drawn(h).iter().filter(|(g, _)| g.text().contains(text)).map(|(g, _)| g.text().to_string()).collect();
    assert!(logical.is_empty(), "{what}: {text:?} is drawn in logical order in {logical:?}");
}

/// Focuses the field labelled `label` and types `text` into it.
fn type_in(h: &mut Harness<'static, WerkbankApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn no_tooltip_delay(h: &mut Harness<'static, WerkbankApp>) {
    h.ctx.all_styles_mut(|s| s.interaction.tooltip_delay = 0.0);
}

#[test]
fn an_arabic_code_reads_right_to_left_in_the_tree_tooltip_quick_search_menus_and_retrieval_list() {
    let (_d, mut h, doc, code) = multilingual(1024.0, 700.0);
    no_tooltip_delay(&mut h);
    let name = "الخدمات الرقمية";
    // A child code, so that paths mix two Arabic names and a separator.
    let new = werkbank::core::actions::NewCode {
        parent: Some(code),
        name: "بيت",
        kind: None,
        color: Some("#3977e0"),
        description: "",
    };
    let (child, edit) = werkbank::core::actions::add_code(h.state().session().unwrap().project(), new).unwrap();
    h.state_mut().session_mut().unwrap().perform(edit).unwrap();
    let phrase = "مساعدة في مكتب";
    let (s, e) = char_range(&h, doc, phrase);
    h.state_mut().set_selection(s, e);
    h.state_mut().push(Command::ApplyCode { code });
    h.state_mut().push(Command::SelectCode(Some(code)));
    h.run();
    // The tree: the name drawn right to left, found by its written name.
    assert_drawn_rtl(&h, name, "code tree");
    // Its tooltip: the path, right to left.
    let at = h.get_by_label("بيت").rect().center();
    h.hover_at(at);
    h.run();
    h.run();
    let path = format!("{name} > بيت");
    assert!(drawn_count(&h, &visual(&path)) > 0, "the tree tooltip does not show {path:?} right to left");
    // The retrieval list: the coded Arabic words right to left in the row, which is found by
    // its text as written and jumps to the coding.
    assert!(drawn_count(&h, &visual(phrase)) > 0, "the retrieval row does not show {phrase:?} right to left");
    let row = h.get_by_label_contains(phrase);
    row.click();
    h.run();
    assert_eq!(h.state().scroll_target(), Some(passage(doc, s, e)));
    // Right-click on the coded words: "Recode as" lists the Arabic paths right to left and
    // recodes by the one clicked.
    let coding = h.state().session().unwrap().project().codings.values().find(|k| k.start == s).unwrap().id;
    click_char(&mut h, s + 2, egui::PointerButton::Secondary);
    h.get_by_label("Recode as").hover();
    h.run();
    h.run();
    assert!(drawn_count(&h, &visual(&path)) > 0, "the Recode menu does not show {path:?} right to left");
    h.get_by_label(&path).click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings[&coding].code, child);
    // Quick search by an Arabic word: the match is shown right to left and applies the code.
    let (s2, e2) = char_range(&h, doc, "השירות");
    h.state_mut().set_selection(s2, e2);
    h.run();
    type_in(&mut h, "Code:", "بيت");
    assert!(drawn_count(&h, &visual(&format!("{path}  [Enter]"))) > 0, "the quick search match is not right to left");
    h.get_by_label(&format!("{path}  [Enter]")).click();
    h.run();
    let p = h.state().session().unwrap().project();
    assert!(p.codings.values().any(|k| (k.document, k.start, k.end, k.code) == (doc, s2, e2, child)));
}

#[test]
fn search_hits_and_hover_details_show_arabic_right_to_left() {
    let (_d, mut h, doc, code) = multilingual(1024.0, 700.0);
    no_tooltip_delay(&mut h);
    // A coding with an Arabic memo.
    let phrase = "الخدمات الرقمية";
    let (s, e) = char_range(&h, doc, phrase);
    h.state_mut().set_selection(s, e);
    h.state_mut().push(Command::ApplyCode { code });
    h.run();
    let coding = h.state().session().unwrap().project().codings.values().next().unwrap().id;
    let memo = "مهم جدا";
    let me = h.state().session().unwrap().coder();
    h.state_mut().push(Command::Edit(EditCommand::SetMemo {
        target: MemoTarget::Coding(coding),
        text: memo.into(),
        author: me,
    }));
    h.state_mut().push(Command::SelectCoding(None));
    h.state_mut().set_selection(0, 0);
    h.run();
    // Hovering the coded words: the code and the memo, right to left.
    h.hover_at(char_pos(&h, s + 3));
    h.run();
    h.run();
    assert_drawn_rtl(&h, memo, "coding tooltip memo");
    assert!(drawn_count(&h, &visual(phrase)) >= 2, "the tooltip's code name is not right to left");
    // Searching for an Arabic word: the hit's words right to left, the hit found by its text.
    h.get_by_label("Search").click();
    h.run();
    h.state_mut().push(Command::Search { text: "استمارة".into() });
    h.run();
    assert!(drawn_count(&h, &visual("استمارة")) >= 2, "the search hit is not right to left");
    h.get_by_label_contains("(het woord was").click();
    h.run();
    let (s, e) = char_range(&h, doc, "استمارة");
    assert_eq!(h.state().scroll_target(), Some(passage(doc, s, e)));
}

#[test]
fn an_arabic_memo_reads_right_to_left_until_it_is_edited_and_a_click_puts_the_caret_there() {
    let (_d, mut h, _doc, code) = multilingual(1600.0, 1000.0);
    let memo = "الخدمات مفيدة";
    let me = h.state().session().unwrap().coder();
    h.state_mut().push(Command::Edit(EditCommand::SetMemo {
        target: MemoTarget::Code(code),
        text: memo.into(),
        author: me,
    }));
    h.state_mut().push(Command::SelectCode(Some(code)));
    h.run();
    // Not focused: drawn right to left, against the field's right edge.
    let field = h.get_by_label("Code memo").rect();
    let shown = visual(memo);
    let (g, pos) = drawn(&h).into_iter().find(|(g, _)| g.text() == shown).expect("the memo drawn right to left");
    let row = g.rows[0].rect().translate(pos.to_vec2());
    assert!((field.max.x - row.max.x) < 12.0, "the memo is not right-aligned: row {row:?} in field {field:?}");
    assert!(row.min.x > field.min.x + 40.0, "the memo is not right-aligned: row {row:?} in field {field:?}");
    assert_eq!(drawn_count(&h, memo), 0);
    // A click on the right half of the rightmost letter (the memo's first) puts the caret
    // before it: typing there adds to the start of what was written.
    let first = g.rows[0].glyphs.last().unwrap();
    let click = pos + g.rows[0].pos.to_vec2() + first.pos.to_vec2() + egui::vec2(first.advance_width * 0.8, 0.0);
    let click = egui::pos2(click.x, row.center().y);
    click_at(&mut h, click, egui::PointerButton::Primary);
    h.event(egui::Event::Text("X ".into()));
    h.run();
    let edited = h.state().project_state().unwrap().memo_edit[&MemoTarget::Code(code)].clone();
    assert_eq!(edited, format!("X {memo}"));
    // While editing, egui's field shows the logical order (no bidi editing in egui 0.37).
    assert!(drawn_count(&h, &edited) > 0);
    // Leaving the field saves the memo; it is drawn right to left again.
    h.key_press(egui::Key::Escape);
    h.run();
    h.run();
    assert_eq!(h.state().session().unwrap().project().memo_for(MemoTarget::Code(code)).unwrap().text, edited);
    assert!(drawn_count(&h, &visual(&edited)) > 0, "the saved memo is not drawn right to left");
}

#[test]
fn the_analysis_window_shows_an_arabic_code_right_to_left_and_opens_its_quotes() {
    let (_d, mut h, doc, code) = multilingual(1024.0, 700.0);
    let name = "الخدمات الرقمية";
    let (s, e) = char_range(&h, doc, name);
    h.state_mut().set_selection(s, e);
    h.state_mut().push(Command::ApplyCode { code });
    h.run();
    open_analysis(&mut h);
    assert!(drawn_count(&h, &visual(name)) >= 2, "the frequency table does not show the code right to left");
    // The row's name, as written, opens the code's quotes; the quote reads right to left.
    let rows: Vec<_> = h.query_all_by_label(name).map(|n| n.rect()).collect();
    assert!(!rows.is_empty());
    h.query_all_by_label(name).last().unwrap().click();
    h.run();
    h.run();
    assert!(drawn_count(&h, &visual(name)) >= 3, "the quote is not drawn right to left");
}

// ---- Devanagari clusters and Chinese line breaking (issue 17) ---------------------------------

/// A project with one transcript of `text`, open at `w`x`height`, word snapping off; fonts from
/// the bundled set only (as on a bare Linux desktop, so the test does not depend on the machine),
/// or also from the system (Chinese is not bundled; CI installs a font, see .ci/run).
fn one_transcript(
    text: &str,
    w: f32,
    height: f32,
    system: bool,
) -> (tempfile::TempDir, Harness<'static, WerkbankApp>, Id) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("interview.txt");
    std::fs::write(&file, text).unwrap();
    let mut s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let (doc, _) = werkbank::workflow::import_file(&mut s, &file, &Default::default()).unwrap();
    let mut st = settings();
    st.snap_to_words = false;
    let mut h = Harness::builder()
        .with_size(egui::vec2(w, height))
        .with_max_steps(16)
        .with_context_setup(move |ctx| {
            ctx.add_font_provider(if system {
                werkbank::ui::fonts::SystemFonts::start()
            } else {
                std::sync::Arc::new(werkbank::ui::fonts::SystemFonts::without_system_fonts())
            })
        })
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::with_session(s, st));
    h.run();
    h.state_mut().push(Command::SelectDocument(doc));
    h.run();
    h.run();
    (dir, h, doc)
}

/// The transcript's galley (the document's text, laid out) and where it is drawn.
fn transcript_galley(h: &Harness<'static, WerkbankApp>, doc: Id) -> (std::sync::Arc<egui::Galley>, egui::Pos2) {
    let text = h.state().session().unwrap().project().documents[&doc].text.clone();
    drawn(h).into_iter().find(|(g, _)| g.text() == &*text).expect("the transcript is drawn")
}

/// The glyph drawing char `i` of a galley (egui keeps one glyph per char; the extra chars of a
/// cluster drawn by fewer glyphs get zero-width ones).
fn glyph_of(g: &egui::Galley, i: usize) -> &egui::epaint::text::Glyph {
    let mut at = 0;
    for row in &g.rows {
        let n = row.glyphs.len();
        if i < at + n {
            return &row.glyphs[i - at];
        }
        at += row.char_count_including_newline().0;
    }
    panic!("char {i} not in the galley")
}

#[test]
fn devanagari_conjuncts_are_drawn_joined_with_the_bundled_font() {
    let text = "R4: क्षत्रिय और हिन्दी की समस्या";
    let (_d, h, doc) = one_transcript(text, 1024.0, 700.0, false);
    let (g, _) = transcript_galley(&h, doc);
    let at = |w: &str| text[..text.find(w).unwrap()].chars().count();
    // क्ष: one glyph for the three chars (क, virama, ष): the conjunct, not "क्" and "ष".
    let k = at("क्षत्रिय");
    let widths: Vec<f32> = (k..k + 8).map(|i| glyph_of(&g, i).advance_width).collect();
    assert!(widths[0] > 0.0 && widths[1] == 0.0 && widths[2] == 0.0, "क्ष not joined: {widths:?}");
    // त्रि: the vowel sign ि is drawn before the conjunct त्र: two glyphs for four chars.
    assert_eq!(widths[3..7].iter().filter(|w| **w > 0.0).count(), 2, "त्रि: {widths:?}");
    // न्द in हिन्दी and स्य in समस्या: fewer glyphs than chars, none of them an empty box.
    for word in ["हिन्दी", "समस्या"] {
        let s = at(word);
        let n = word.chars().count();
        let drawn = (s..s + n).filter(|&i| glyph_of(&g, i).advance_width > 0.0).count();
        assert!(drawn < n, "{word}: {drawn} glyphs for {n} chars");
    }
    // The conjunct is narrower than its parts written out with a visible virama.
    let part = |t: &str| {
        h.ctx
            .fonts_mut(|f| f.layout_no_wrap(t.into(), egui::FontId::proportional(14.0), egui::Color32::BLACK))
            .rect
            .width()
    };
    assert!(part("क्ष") < part("क्") + part("ष") - 1.0, "{} vs {} + {}", part("क्ष"), part("क्"), part("ष"));
}

#[test]
fn a_selection_in_hindi_never_splits_a_cluster() {
    let text = "R4: भाषा की समस्या है। नगरपालिका की वेबसाइट हिन्दी में नहीं है।";
    let (_d, mut h, doc) = one_transcript(text, 1024.0, 700.0, false);
    let (s, _) = char_range(&h, doc, "समस्या");
    // egui's caret can stop between स् and या (inside the cluster स्या): the selection the app
    // takes from it widens to the whole cluster.
    click_char(&mut h, s, egui::PointerButton::Primary);
    let te_id = egui::Id::unique(("transcript", doc));
    let mut state = egui::text_edit::TextEditState::load(&h.ctx, te_id).unwrap_or_default();
    let range = egui::text::CCursorRange::two(egui::text::CCursor::new(s), egui::text::CCursor::new(s + 4));
    state.cursor.set_char_range(Some(range));
    state.store(&h.ctx, te_id);
    h.run();
    assert_eq!(h.state().selection(), Some(passage(doc, s, s + 6)), "the selection must end after स्या");
    // A drag that ends on a char inside a cluster: the selection ends on a cluster boundary, and
    // the coding made from it too.
    for end in [s + 3, s + 4, s + 5] {
        h.state_mut().push(Command::Jump { document: doc, start: 0, end: 0 });
        h.run();
        let (from, to) = (char_pos(&h, s), char_pos(&h, end));
        drag(&mut h, from, to);
        let Span { start: a, end: b } = h.state().selection().expect("a selection").span;
        let ix = werkbank::core::text::CharIndex::new(text);
        let whole = werkbank::core::text::snap_to_graphemes(text, &ix, werkbank::core::Span::new(a, b));
        assert_eq!((a, b), (whole.start, whole.end), "drag to {end}: {a}..{b}");
        assert!(a == s && (b == s + 2 || b == s + 6), "drag to {end}: {a}..{b}");
    }
}

#[test]
fn a_long_chinese_line_wraps_between_characters_and_selects_exactly() {
    let sentence = "对我来说数字化服务很方便但是我担心我的个人信息的安全政府应该更透明";
    let text = format!("R2: {}", sentence.repeat(8));
    let (_d, mut h, doc) = one_transcript(&text, 1024.0, 700.0, true);
    let (g, pos) = transcript_galley(&h, doc);
    let width = g.job.wrap.max_width;
    assert!(g.rows.len() >= 3, "{} rows", g.rows.len());
    // No row runs past the column; rows break between two Chinese characters (there are no
    // spaces or punctuation to break at).
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    for row in &g.rows[..g.rows.len() - 1] {
        assert!(row.rect().max.x <= width + 0.5, "row {:?} wider than {width}", row.rect());
        at += row.char_count_including_newline().0;
        let (a, b) = (chars[at - 1], chars[at]);
        assert!(('\u{4e00}'..='\u{9fff}').contains(&a) && ('\u{4e00}'..='\u{9fff}').contains(&b), "{a}|{b}");
    }
    // A drag from a character on the first row to one on the third selects exactly those.
    let first_row = g.rows[0].char_count_including_newline().0;
    let (s, e) = (10, first_row + g.rows[1].char_count_including_newline().0 + 5);
    let (from, to) = (char_pos(&h, s), char_pos(&h, e));
    drag(&mut h, from, to);
    assert_eq!(h.state().selection(), Some(passage(doc, s, e)));
    h.event(egui::Event::Copy);
    assert_eq!(copied_text(&mut h), vec![werkbank::core::text::slice_chars(&text, s, e).to_string()]);
    let _ = pos;
}

fn survey_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/survey").join(name)
}

#[test]
fn a_student_imports_a_survey_from_the_file_menu_choosing_columns_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    choose_from_file_menu(&mut h, "Import survey table…", &survey_fixture("survey_57.xlsx"));
    h.run();
    // The preview: columns with kinds and samples, and what would be created. Nothing written yet.
    assert_shows(&h, "57 rows, 8 columns");
    assert_shows(&h, "58 | 53 | 61");
    assert_shows(&h, "57 new respondents");
    assert_shows(&h, "57 documents with 103 answers; 11 empty answers skipped");
    assert!(h.state().session().unwrap().project().cases.is_empty());
    // One document per question, and years of service left out.
    h.get_by_label("One document per question (a turn per respondent)").click();
    h.run();
    h.get_by_label("Use of Dienstjaren").click();
    h.run();
    h.get_by_label("ignored").click();
    h.run();
    h.run();
    assert_shows(&h, "Attributes: Geslacht (text), Leeftijd (integer), Functie (text), Startdatum (date)");
    assert_shows(&h, "2 documents with 103 answers");
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let s = h.state().session().unwrap();
    let p = s.project();
    assert_eq!(p.cases.len(), 57);
    assert_eq!(p.documents.len(), 2);
    assert!(!p.attribute_defs.values().any(|d| d.name == "Dienstjaren"));
    let q2 = p.document_by_name("Wat zou u willen veranderen?").unwrap();
    assert_eq!(p.turns_of_document(q2.id).len(), 46);
    assert!(h.state().status().unwrap().text.contains("Imported 103 answers into 2 documents"));
    // One action: one undo step takes it all back.
    assert!(s.undo_label().unwrap().starts_with("Import survey"));
}

#[test]
fn a_respondent_table_from_dutch_excel_is_imported_and_an_attribute_kind_changed() {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let mut h = harness(WerkbankApp::with_session(s, settings()));
    h.run();
    choose_from_file_menu(&mut h, "Import respondent table…", &survey_fixture("survey_57_excel_nl.csv"));
    h.run();
    assert_shows(&h, "Windows-1252");
    assert_shows(&h, "57 new respondents");
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.cases.len(), 57);
    let kind =
        |p: &werkbank::core::model::Project, n: &str| p.attribute_defs.values().find(|d| d.name == n).unwrap().kind;
    assert_eq!(kind(p, "Leeftijd"), werkbank::core::AttributeKind::Integer);
    assert!(h.state().status().unwrap().text.contains("57 new respondents"));
    // Under Respondents, Leeftijd's kind is shown and can be changed.
    h.get_by_label("Respondents").click();
    h.run();
    h.get_by_label("S01").click();
    h.run();
    h.get_by_label("Kind of Leeftijd").click();
    h.run();
    h.get_by_label("text").click();
    h.run();
    h.run();
    assert_eq!(kind(h.state().session().unwrap().project(), "Leeftijd"), werkbank::core::AttributeKind::Text);
    // A kind the values do not fit is refused, with the respondent named.
    h.get_by_label("Kind of Geslacht").click();
    h.run();
    h.get_by_label("integer").click();
    h.run();
    h.run();
    assert_eq!(kind(h.state().session().unwrap().project(), "Geslacht"), werkbank::core::AttributeKind::Text);
    assert!(h.state().status().unwrap().text.contains("Geslacht"), "{}", h.state().status().unwrap().text);
}

#[test]
fn a_dutch_student_is_told_in_dutch_when_a_change_no_longer_fits() {
    let (_dir, mut h) = demo();
    h.state_mut().push(Command::SetLanguage(Lang::Nl));
    h.run();
    // A code is deleted (say, from the palette) while its rename dialog's command is still queued.
    let code = *h.state().session().unwrap().project().codes.keys().last().unwrap();
    h.state_mut()
        .push(Command::Edit(EditCommand::DeleteCode { code, on_codings: werkbank::core::actions::OnCodings::Delete }));
    h.state_mut().push(Command::Edit(EditCommand::RenameCode { code, name: "Nieuwe naam".into() }));
    h.run();
    let status = h.state().status().unwrap();
    assert!(status.error);
    assert_eq!(status.text, "Deze code bestaat niet meer: intussen verwijderd of ongedaan gemaakt.");
    // The delete was one undo step, said in Dutch; undoing everything ends in Dutch news, not an error.
    h.state_mut().push(Command::Undo);
    h.run();
    assert!(h.state().session().unwrap().project().codes.contains_key(&code));
    assert!(h.state().status().unwrap().text.starts_with("Ongedaan gemaakt"), "{}", h.state().status().unwrap().text);
    // A key without a pinned code says which key, in Dutch.
    h.state_mut().push(Command::ApplyPinned(8));
    h.run();
    assert!(h.state().status().unwrap().text.starts_with("Geen code op toets 9"));
}

/// A codebook saved by Notepad as "Unicode" (UTF-16 with BOM) or by an export tool as UTF-16
/// without BOM is previewed with its real code names, exactly as the import will read it.
#[test]
fn a_utf16_codebook_is_previewed_with_its_real_code_names() {
    for with_bom in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
        let file = dir.path().join("Codeboek.txt");
        let outline = "Vertrouwen\n  Vertrouwen in collega’s\n  Vertrouwen in leiding\nWerkdruk\n";
        let mut bytes: Vec<u8> = if with_bom { vec![0xFF, 0xFE] } else { vec![] };
        bytes.extend(outline.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&file, bytes).unwrap();
        let mut h = harness(WerkbankApp::with_session(s, settings()));
        h.run();
        choose_from_file_menu(&mut h, "Import codebook…", &file);
        // The summary counts four codes, all new, and the preview lists them by name.
        assert_shows(&h, "Codeboek: 4 codes, 4 of them new");
        for name in ["Vertrouwen", "Vertrouwen in collega’s", "Vertrouwen in leiding", "Werkdruk"] {
            h.get_by_label(name);
        }
        // Importing adds exactly those codes.
        h.get_by_label("Import").click();
        h.step();
        wait_for_background_work(&mut h);
        h.run();
        let p = h.state().session().unwrap().project();
        let mut names: Vec<&str> = p.codes.values().map(|c| c.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["Vertrouwen", "Vertrouwen in collega’s", "Vertrouwen in leiding", "Werkdruk"]);
    }
}

// ---- Background work (src/ui/background.rs, src/ui/jobs.rs) -------------------------------------

/// A student imports a folder of three interviews. Reading them is slow (here: each file waits
/// for the test), yet the window goes on drawing: the progress window counts the files read, and
/// meanwhile the student can still pick a code. The confirmed import is one undo step.
#[test]
fn a_long_import_shows_its_progress_while_the_window_keeps_drawing_and_is_one_undo_step() {
    let (d, mut h) = demo();
    let folder = d.path().join("interviews");
    std::fs::create_dir(&folder).unwrap();
    for i in 1..=3 {
        let text = format!("I: Hoe gaat het met het vertrouwen?\nR{i}: Goed, het vertrouwen groeit langzaam.\n");
        std::fs::write(folder.join(format!("interview_{i}.txt")), text).unwrap();
    }
    let docs = h.state().session().unwrap().project().documents.len();
    let step = h.state_mut().hold_background_work();
    h.state_mut().push(Command::PreviewImport { paths: vec![folder] });
    h.run();
    assert!(h.state().busy());
    step.send(()).unwrap(); // start
    step.send(()).unwrap(); // after the first file
    step_until(&mut h, |h| h.query_by_label_contains("2 / 3").is_some());
    assert!(h.query_by_label("Reading transcripts…").is_some(), "the progress window names the work");
    // The window keeps drawing and answering while the worker waits.
    let code = code_id(&h, &["Omschrijving cases", "Zbo"]);
    h.get_by_label("Zbo").click();
    h.run();
    assert_eq!(h.state().selected_code(), Some(code), "the window answered a click while the work ran");
    assert!(h.state().busy(), "still reading the third file");
    drop(step);
    wait_for_background_work(&mut h);
    h.run();
    assert!(matches!(h.state().dialog(), Some(werkbank::ui::Dialog::ImportPreview { .. })), "the preview opened");
    h.get_by_label("Import").click();
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let s = h.state().session().unwrap();
    assert_eq!(s.project().documents.len(), docs + 3);
    assert_eq!(s.undo_label(), Some("Import 3 transcripts"));
    assert!(!h.state().status().unwrap().error, "{}", h.state().status().unwrap().text);
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(h.state().session().unwrap().project().documents.len(), docs, "one undo takes the whole import back");
}

/// Cancel in the progress window of an export: no file is written, not even a temporary one.
#[test]
fn cancelling_an_export_leaves_no_file() {
    use werkbank::ui::commands::{Scope, WorkflowCommand};
    let (d, mut h) = demo();
    let path = d.path().join("bijlage.docx");
    let step = h.state_mut().hold_background_work();
    h.state_mut().push(Command::Workflow(WorkflowCommand::ExportReport { path: path.clone(), scope: Scope::Appendix }));
    h.run();
    assert!(h.query_by_label("Writing bijlage.docx…").is_some(), "the progress window names the file");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Cancelling…").is_some(), "the window says it is stopping");
    drop(step);
    wait_for_background_work(&mut h);
    h.run();
    assert!(!path.exists(), "a cancelled export writes no file");
    assert_eq!(partial_files(d.path()), Vec::<String>::new());
    assert!(h.state().status().is_none_or(|s| !s.error), "cancelling is not an error");
    // Without Cancel the same export is written.
    h.state_mut().push(Command::Workflow(WorkflowCommand::ExportReport { path: path.clone(), scope: Scope::Appendix }));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    assert!(path.exists(), "{:?}", h.state().status());
}

/// Cancel while a REFI-QDA import is being prepared: the project stays exactly as it was.
#[test]
fn cancelling_a_refi_import_leaves_the_project_unchanged() {
    let (_d, mut h) = demo();
    let qdpx =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi/nvivo12mac_vaccine_comments.qdpx");
    let (revision, docs) = {
        let s = h.state().session().unwrap();
        (s.revision(), s.project().documents.len())
    };
    let step = h.state_mut().hold_background_work();
    h.state_mut().push(Command::ApplyExchange(werkbank::ui::Exchange::ImportRefi(qdpx.clone())));
    h.run();
    // Changing the project meanwhile waits: the import is prepared for the project as it is.
    h.state_mut().push(Command::NewCodeDialog { parent: None });
    h.run();
    let st = h.state().status().unwrap();
    assert!(st.error && st.text.contains("nvivo12mac_vaccine_comments.qdpx"), "{}", st.text);
    h.get_by_label("Cancel").click();
    h.run();
    drop(step);
    wait_for_background_work(&mut h);
    h.run();
    let s = h.state().session().unwrap();
    assert_eq!((s.revision(), s.project().documents.len()), (revision, docs), "nothing was imported");
    assert!(h.state().dialog().is_none());
    // Without Cancel it is imported, as one undo step.
    h.state_mut().push(Command::ApplyExchange(werkbank::ui::Exchange::ImportRefi(qdpx)));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let s = h.state().session().unwrap();
    assert!(s.project().documents.len() > docs);
    assert!(matches!(h.state().dialog(), Some(werkbank::ui::Dialog::ExchangeDone { .. })), "the report opened");
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(h.state().session().unwrap().project().documents.len(), docs, "one undo takes the import back");
}

/// A second coder's project is merged on a worker; the merge is one undo step.
#[test]
fn a_merge_prepared_in_the_background_is_one_undo_step() {
    let (d, mut h) = demo();
    let theirs = d.path().join("bert.werkbank");
    let p = h.state().session().unwrap().project().clone();
    werkbank::exchange::write_handout(&p, &theirs, Default::default(), "Bert", Lang::En).unwrap();
    {
        let mut bert = werkbank::session::Session::open(&theirs, "Bert").unwrap();
        let doc = *bert.project().documents.keys().next().unwrap();
        let code = bert.project().code_by_path(&["Omschrijving cases", "Zbo"]).unwrap();
        let coder = bert.coder();
        bert.run(|p| werkbank::core::actions::add_coding(p, doc, 0, 12, code, coder)).unwrap();
    }
    let codings = p.codings.len();
    h.state_mut().push(Command::ApplyExchange(werkbank::ui::Exchange::Merge(theirs)));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let s = h.state().session().unwrap();
    assert_eq!(s.project().codings.len(), codings + 1, "Bert's coding was merged");
    assert_eq!(s.undo_label(), Some("Merge project"));
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings.len(), codings);
}

/// An export that fails on the worker (its folder does not exist) says why, once: the message is
/// not repeated by later frames, and nothing else happens.
#[test]
fn an_error_on_the_worker_is_shown_once() {
    use werkbank::ui::commands::{Scope, WorkflowCommand};
    let (d, mut h) = demo();
    let path = d.path().join("ontbreekt").join("bijlage.csv");
    h.state_mut().push(Command::Workflow(WorkflowCommand::ExportReport { path, scope: Scope::Appendix }));
    h.step();
    wait_for_background_work(&mut h);
    h.run();
    let st = h.state().status().expect("the error is shown").clone();
    assert!(st.error && st.text.contains("does not exist"), "{}", st.text);
    assert!(h.state().dialog().is_none());
    h.state_mut().age_status(std::time::Duration::from_secs(60));
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().status().is_none(), "the error was said once, not again by later frames");
}

/// A project `p.werkbank` in `dir` with a backup, then the code "Vertrouwen" (which the backup
/// lacks), open in the app; and the backup.
fn coded_after_a_backup(dir: &std::path::Path) -> (Harness<'static, WerkbankApp>, std::path::PathBuf) {
    let mut s = werkbank::session::Session::create(&dir.join("p.werkbank"), "p", "Anna").unwrap();
    let backup = s.backup_task().run().unwrap();
    let new =
        werkbank::core::actions::NewCode { parent: None, name: "Vertrouwen", kind: None, color: None, description: "" };
    s.run(|p| werkbank::core::actions::add_code(p, new)).unwrap();
    (harness(WerkbankApp::with_session(s, settings())), backup)
}

/// Restoring a backup runs on a worker with the project closed; Cancel before the copy is done
/// leaves the project as it was, and it is opened again either way.
#[test]
fn a_cancelled_restore_reopens_the_project_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, backup) = coded_after_a_backup(dir.path());
    h.run();
    let step = h.state_mut().hold_background_work();
    h.state_mut().push(Command::RestoreBackup { backup });
    h.step();
    step_until(&mut h, |h| h.query_by_label("Restoring the backup…").is_some());
    assert!(h.state().session().is_none(), "the project is closed while it is restored");
    h.get_by_label("Cancel").click();
    h.step();
    drop(step);
    wait_for_background_work(&mut h);
    h.run();
    let p = h.state().session().expect("the project is open again").project();
    assert!(p.code_by_path(&["Vertrouwen"]).is_some(), "nothing was restored");
}

/// A restored project is opened again on the worker too, with its index built there: the first
/// frame that shows it does not load or index it; the status says what was restored.
#[test]
fn a_restored_project_is_opened_again_on_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, backup) = coded_after_a_backup(dir.path());
    h.run();
    h.state_mut().push(Command::RestoreBackup { backup });
    h.step();
    step_until(&mut h, |h| h.state().session().is_some());
    let p = h.state().session().unwrap().project();
    assert_eq!(p.index_builds(), 1, "opened and indexed on the worker, before any frame drew it");
    assert!(p.code_by_path(&["Vertrouwen"]).is_none(), "the backup's state is back");
    h.run();
    assert!(h.state().status().unwrap().text.starts_with("Restored"), "{:?}", h.state().status());
}
