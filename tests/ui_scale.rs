//! The workbench at thesis-team scale, driven headless through egui_kittest: the frames a student
//! sees while browsing, typing a memo, coding and undoing must never fall back to work over the
//! whole project. Speed itself is measured by `werkbank bench --only ui`; here the work is
//! counted (project index builds, transcript layouts and coding indexes, view-model
//! recomputations, analysis computations), so the test does not depend on the machine.

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use support::app::wait_for_background_work;
use werkbank::core::model::{Id, MemoTarget};
use werkbank::ui::{Command, EditCommand, Settings, WerkbankApp};

/// A project like the benchmark's, smaller so the test stays quick in a debug build: 12
/// interviews, 6,000 codings, 1,500 of them with the first indicator.
fn scale() -> (tempfile::TempDir, Harness<'static, WerkbankApp>, Id) {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::bench::scale_project(&dir.path().join("scale.werkbank"), 12, 6_000, 1_500).unwrap();
    assert_eq!(s.project().codings.len(), 6_000);
    let focus = s.project().code_by_path(&["Concept 0", "Indicator 0.0"]).unwrap();
    let h = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::with_session(s, Settings::in_memory()));
    (dir, h, focus)
}

fn hover(h: &mut Harness<'static, WerkbankApp>, x: f32, frames: usize) {
    for i in 0..frames {
        h.hover_at(egui::pos2(x, 120.0 + (i % 30) as f32 * 17.0));
        h.step();
    }
}

#[test]
fn browsing_typing_coding_and_undoing_never_rebuild_work_over_the_whole_project() {
    let (_dir, mut h, focus) = scale();
    h.run();
    let (layouts, transcript_indexes, views, index_builds) = h.state().work_counters();
    assert!(layouts >= 1 && transcript_indexes >= 1 && views >= 1, "the first frame built what it shows");
    assert_eq!(index_builds, 1, "opening built the project index once");

    // Browsing: documents tab, code tree, the retrieval list of a code with 1,500 codings, the
    // delete-code dialog, the analysis window. Nothing changes, so nothing is rebuilt.
    hover(&mut h, 120.0, 20);
    hover(&mut h, 1250.0, 20);
    h.state_mut().push(Command::SelectCode(Some(focus)));
    h.run();
    hover(&mut h, 1250.0, 20);
    h.state_mut().push(Command::DeleteCodeDialog);
    h.run();
    assert!(
        h.query_by_label_contains("hold 1500 codings from").is_some(),
        "the delete dialog names what goes, counted from the index"
    );
    hover(&mut h, 700.0, 10);
    h.key_press(egui::Key::Escape);
    h.run();
    h.state_mut().push(Command::OpenAnalysis);
    h.run();
    let analyses = h.state().analysis_computations();
    hover(&mut h, 700.0, 10);
    assert_eq!(h.state().analysis_computations(), analyses, "the analysis window computed once");
    h.state_mut().close_analysis();
    h.run();
    assert_eq!(
        h.state().work_counters(),
        (layouts, transcript_indexes, views, index_builds),
        "browsing rebuilt something"
    );

    // Typing a memo about another code's document is local to the text field until it is saved.
    h.get_by_label("Document memo").focus();
    h.run();
    h.get_by_label("Document memo").type_text("Lange passages over vertrouwen");
    h.run();
    assert_eq!(
        h.state().work_counters(),
        (layouts, transcript_indexes, views, index_builds),
        "typing rebuilt something"
    );

    // Coding and undoing: one edit each. The project index is kept current by the edit itself,
    // the transcript is not laid out again, and the view model and the shown document's coding
    // index are recomputed once per edit (from the index, in time of the document and the tree).
    let doc = h.state().current_document().unwrap();
    let before = h.state().session().unwrap().project().codings.len();
    let texts = h.state().text_work_counters();
    for i in 0..3 {
        h.state_mut().set_selection(500 + i * 50, 540 + i * 50);
        h.run();
        h.state_mut().push(Command::ApplyCode { code: focus });
        h.run();
        assert_eq!(h.state().session().unwrap().project().codings.len(), before + 1);
        h.state_mut().push(Command::Undo);
        h.run();
        assert_eq!(h.state().session().unwrap().project().codings.len(), before);
    }
    let (l, ti, v, ib) = h.state().work_counters();
    assert_eq!(ib, index_builds, "an edit rebuilt the project index");
    assert_eq!(l, layouts, "coding or undo laid the transcript out again");
    assert_eq!(
        h.state().text_work_counters(),
        texts,
        "coding or undo walked the transcript's text again (labels, paragraphs or its char index)"
    );
    assert!(
        ti - transcript_indexes <= 6 + 1,
        "one transcript index per edit (+ the memo), got {}",
        ti - transcript_indexes
    );
    assert!(v - views <= 6 + 1, "one view model per edit (+ the memo), got {}", v - views);
    assert_eq!(h.state().current_document(), Some(doc));
}

#[test]
fn a_memo_on_another_document_neither_relayouts_nor_reindexes_the_shown_transcript() {
    let (_dir, mut h, _) = scale();
    h.run();
    let (layouts, transcript_indexes, _, builds) = h.state().work_counters();
    let shown = h.state().current_document().unwrap();
    let other = *h.state().session().unwrap().project().documents.keys().find(|d| **d != shown).unwrap();
    let me = h.state().session().unwrap().coder();
    h.state_mut().push(Command::Edit(EditCommand::SetMemo {
        target: MemoTarget::Document(other),
        text: "Anders dan R3".into(),
        author: me,
    }));
    h.run();
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.memo_for(MemoTarget::Document(other)).map(|m| m.text.as_str()), Some("Anders dan R3"));
    let (l, ti, _, b) = h.state().work_counters();
    assert_eq!((l, ti, b), (layouts, transcript_indexes, builds), "a memo elsewhere touched the shown transcript");
    // The same memo on the shown document refreshes its index (memo markers), still no relayout.
    let me = h.state().session().unwrap().coder();
    h.state_mut().push(Command::Edit(EditCommand::SetMemo {
        target: MemoTarget::Document(shown),
        text: "Hier".into(),
        author: me,
    }));
    h.run();
    let (l, ti, _, b) = h.state().work_counters();
    assert_eq!((l, b), (layouts, builds));
    assert_eq!(ti, transcript_indexes + 1);
}

/// Reading transcripts for the import preview happens on a worker thread: the frame that asks
/// for it returns at once, a progress window with Cancel is drawn while the files are read, and
/// the preview opens when they are done, with nothing written to the project.
#[test]
fn transcripts_are_read_on_a_worker_while_the_window_keeps_drawing() {
    let (dir, mut h, _) = scale();
    h.run();
    let folder = dir.path().join("nieuw");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..20 {
        let text: String = (0..3000).map(|j| format!("I: Vraag {j}?\nR{i}: Antwoord over vertrouwen {j}.\n")).collect();
        std::fs::write(folder.join(format!("interview_{i}.txt")), text).unwrap();
    }
    let docs = h.state().session().unwrap().project().documents.len();
    h.state_mut().push(Command::PreviewImport { paths: vec![folder] });
    h.step();
    let mut frames_while_busy = 0;
    for _ in 0..4000 {
        if !h.state().busy() {
            break;
        }
        if h.query_by_label("Cancel").is_some() {
            frames_while_busy += 1;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
        h.step();
    }
    assert!(!h.state().busy(), "the worker finished");
    h.step();
    match h.state().dialog() {
        Some(werkbank::ui::Dialog::ImportPreview { files, .. }) => {
            assert_eq!(files.len(), 20);
            assert!(files.iter().all(|f| f.1.is_ok()), "every file was read");
        }
        _ => panic!("the import preview opened after reading"),
    }
    assert_eq!(h.state().session().unwrap().project().documents.len(), docs, "reading wrote nothing");
    assert!(frames_while_busy > 0, "the window drew the progress (with Cancel) while reading");
}

/// Cancel in the progress window stops the reading: no preview opens, nothing is imported.
#[test]
fn cancelling_the_reading_of_transcripts_opens_no_preview() {
    let (dir, mut h, _) = scale();
    h.run();
    let folder = dir.path().join("nieuw");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..20 {
        let text: String = (0..3000).map(|j| format!("I: Vraag {j}?\nR{i}: Antwoord over vertrouwen {j}.\n")).collect();
        std::fs::write(folder.join(format!("interview_{i}.txt")), text).unwrap();
    }
    let docs = h.state().session().unwrap().project().documents.len();
    h.state_mut().push(Command::PreviewImport { paths: vec![folder] });
    // The progress window appears within a few frames (a new window measures itself first).
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().busy(), "still reading twenty transcripts");
    h.get_by_label("Cancel").click();
    h.step();
    // The worker stops after the file it is reading; until then the window says so.
    for _ in 0..2000 {
        if !h.state().busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    assert!(!h.state().busy(), "the reading stopped");
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().dialog().is_none(), "a cancelled reading opens no preview");
    assert_eq!(h.state().session().unwrap().project().documents.len(), docs);
}

/// Exporting the project to REFI-QDA writes the file on a worker thread: the frame that asks for
/// it returns without the file, the window keeps drawing, and the report opens when it is written.
#[test]
fn a_refi_export_is_written_on_a_worker_and_reported_when_done() {
    let (dir, mut h, _) = scale();
    h.run();
    let qdpx = dir.path().join("uitwisseling.qdpx");
    h.state_mut().push(Command::ExportRefi { path: qdpx.clone() });
    h.step();
    assert!(h.state().busy(), "the export runs in the background");
    wait_for_background_work(&mut h);
    h.step();
    assert!(qdpx.exists() && std::fs::metadata(&qdpx).unwrap().len() > 1000);
    assert!(matches!(h.state().dialog(), Some(werkbank::ui::Dialog::ExchangeDone { .. })), "the report opened");
}
