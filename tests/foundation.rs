//! User stories for the foundation: a project file that keeps everything, edits that undo.

use werkbank::core::actions::{self, NewCode, NewDocument, OnCodings};
use werkbank::core::{CodeKind, Edit, MemoTarget, Project};
use werkbank::session::{Session, SessionError};
use werkbank::store::{Store, StoreError, schema};

fn temp_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("thesis.werkbank");
    (dir, path)
}

const TRANSCRIPT: &str = "I: Wat betekent vertrouwen voor u?\nR3: Vertrouwen is de basis van ons werk.\nI: En transparantie?\nR3: Transparantie hoort erbij, maar het kost tijd.\n";

fn code(s: &mut Session, parent: Option<i64>, name: &str) -> i64 {
    s.run(|p| actions::add_code(p, NewCode { parent, name, kind: None, color: None, description: "" })).unwrap()
}

/// A small coded project: two codes under a concept, one interview with turns, two codings.
fn seeded(path: &std::path::Path) -> (Session, i64, i64, i64, i64) {
    let mut s = Session::create(path, "Scriptie", "Anna").unwrap();
    let concept = code(&mut s, None, "Publieke waarden");
    let trust = code(&mut s, Some(concept), "Vertrouwen");
    let transp = code(&mut s, Some(concept), "Transparantie");
    let turns = vec![
        (0, 35, "I".to_string()),
        (35, 76, "R3".to_string()),
        (76, 97, "I".to_string()),
        (97, 148, "R3".to_string()),
    ];
    let doc = s
        .run(|p| {
            actions::add_document(
                p,
                NewDocument {
                    name: "Interview R3",
                    text: TRANSCRIPT,
                    source_name: "r3.txt",
                    turns: actions::turns_mapped_by_label(p, turns.clone()),
                },
            )
        })
        .unwrap();
    let coder = s.coder();
    s.run(|p| actions::add_coding(p, doc, 39, 49, trust, coder)).unwrap();
    s.run(|p| actions::add_coding(p, doc, 101, 114, transp, coder)).unwrap();
    (s, concept, trust, transp, doc)
}

#[test]
fn a_coded_project_survives_closing_and_reopening() {
    let (_dir, path) = temp_project();
    let (s, _, trust, _, doc) = seeded(&path);
    let before = s.project().clone();
    drop(s);
    let reopened = Session::open(&path, "Anna").unwrap();
    assert_eq!(reopened.project(), &before);
    let p = reopened.project();
    assert_eq!(p.code_path_string(trust), "Publieke waarden > Vertrouwen");
    let k = p.codings_of_document(doc)[0];
    assert_eq!(werkbank::core::text::slice_chars(&p.documents[&doc].text, k.start, k.end), "Vertrouwen");
    assert_eq!(p.codes[&trust].kind, CodeKind::Dimension);
    reopened.store().integrity_check().unwrap();
}

#[test]
fn every_action_undoes_to_exactly_the_state_before_and_redoes() {
    let (_dir, path) = temp_project();
    let (mut s, concept, trust, transp, doc) = seeded(&path);
    let coder = s.coder();
    let r3 = s.run(|p| actions::add_case(p, "R3")).unwrap();
    type Step = Box<dyn Fn(&Project) -> Edit>;
    let steps: Vec<Step> = vec![
        Box::new(move |p| actions::rename_code(p, trust, "Vertrouwen in de overheid").unwrap()),
        Box::new(move |p| {
            actions::change_code(p, transp, "Recolour", |c| c.color = werkbank::core::Color::from_u24(0x123456))
                .unwrap()
        }),
        Box::new(move |p| actions::move_code(p, transp, None, 0).unwrap()),
        Box::new(move |p| actions::merge_codes(p, transp, trust).unwrap()),
        Box::new(move |p| actions::delete_code(p, concept, OnCodings::Delete).unwrap()),
        Box::new(move |p| actions::add_coding(p, doc, 0, 10, trust, coder).unwrap().1),
        Box::new(move |p| actions::remove_codings(p, &p.codings.keys().copied().collect::<Vec<_>>()).unwrap()),
        Box::new(move |p| actions::assign_speaker(p, Some(doc), "R3", Some(r3)).unwrap()),
        Box::new(move |p| actions::set_memo(p, MemoTarget::Code(trust), "", "Let op: ook impliciet", coder).unwrap()),
        Box::new(move |p| actions::remove_document(p, doc).unwrap()),
        Box::new(move |p| actions::delete_case(p, r3).unwrap()),
    ];
    for (i, step) in steps.iter().enumerate() {
        let before = s.project().clone();
        let edit = step(s.project());
        assert!(!edit.is_empty(), "step {i} should change something");
        s.perform(edit).unwrap();
        let after = s.project().clone();
        assert_ne!(after, before, "step {i}");
        s.undo().unwrap();
        assert_eq!(s.project(), &before, "undo of step {i}");
        s.redo().unwrap();
        assert_eq!(s.project(), &after, "redo of step {i}");
        s.undo().unwrap();
        // What is on disk matches memory after every undo.
        assert_eq!(&s.store().load().unwrap(), s.project(), "disk after undo of step {i}");
    }
}

#[test]
fn deleting_a_code_with_codings_is_refused_unless_they_are_moved_or_deleted() {
    let (_dir, path) = temp_project();
    let (mut s, concept, trust, transp, _) = seeded(&path);
    let err = actions::delete_code(s.project(), concept, OnCodings::Refuse).unwrap_err();
    assert!(err.to_string().contains("still holds 2 coding"), "{err}");
    let other = code(&mut s, None, "Overig");
    let edit = actions::delete_code(s.project(), trust, OnCodings::MoveTo(other)).unwrap();
    s.perform(edit).unwrap();
    assert!(!s.project().codes.contains_key(&trust));
    assert_eq!(s.project().codings.values().filter(|k| k.code == other).count(), 1);
    assert_eq!(s.project().codings.values().filter(|k| k.code == transp).count(), 1);
    assert_eq!(s.undo_label(), Some("Delete code Vertrouwen"));
}

#[test]
fn merging_codes_moves_codings_children_and_logs_the_merge() {
    let (_dir, path) = temp_project();
    let (mut s, _, trust, transp, doc) = seeded(&path);
    let child = code(&mut s, Some(transp), "Openheid");
    let coder = s.coder();
    // Same passage coded with both codes: after the merge it is one coding, not two.
    s.run(|p| actions::add_coding(p, doc, 101, 114, trust, coder)).unwrap();
    let merge = actions::merge_codes(s.project(), transp, trust).unwrap();
    s.perform(merge).unwrap();
    let p = s.project();
    assert!(!p.codes.contains_key(&transp));
    assert_eq!(p.codes[&child].parent, Some(trust));
    assert_eq!(p.codings.values().filter(|k| k.code == trust).count(), 2);
    let log = s.store().log().unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.action, "Merge code Transparantie into Vertrouwen");
    assert_eq!(last.coder, "Anna");
    assert!(last.changes.contains("-code"), "{}", last.changes);
}

#[test]
fn sibling_names_are_unique_but_the_same_name_may_recur_elsewhere() {
    let (_dir, path) = temp_project();
    let mut s = Session::create(&path, "p", "Anna").unwrap();
    let a = code(&mut s, None, "Verantwoordelijkheid");
    let b = code(&mut s, None, "Rollen");
    let a1 = code(&mut s, Some(a), "Ambtenaren");
    let b1 = code(&mut s, Some(b), "Ambtenaren");
    assert_ne!(a1, b1);
    assert_eq!(s.project().code_by_path(&["Rollen", "Ambtenaren"]), Some(b1));
    let dup = actions::add_code(
        s.project(),
        NewCode { parent: Some(a), name: "Ambtenaren", kind: None, color: None, description: "" },
    );
    let err = s.perform(dup.unwrap().1).unwrap_err();
    assert!(matches!(err, SessionError::Edit(_)), "{err}");
    assert!(err.to_string().contains("already a code named 'Ambtenaren'"));
    // A failed action leaves no trace, in memory or on disk.
    assert_eq!(s.project().codes.len(), 4);
    assert_eq!(s.store().load().unwrap().codes.len(), 4);
    // Moving a code below itself is refused.
    assert!(actions::move_code(s.project(), a, Some(a1), 0).is_err());
}

#[test]
fn codings_must_lie_inside_their_document() {
    let (_dir, path) = temp_project();
    let (mut s, _, trust, _, doc) = seeded(&path);
    let len = s.project().documents[&doc].char_len();
    let coder = s.coder();
    for (start, end) in [(5, 5), (10, 4), (len - 1, len + 1)] {
        // Refused when the action is built (or, for an edit built by hand, when it is applied).
        let refused = match actions::add_coding(s.project(), doc, start, end, trust, coder) {
            Err(_) => true,
            Ok((_, edit)) => s.perform(edit).is_err(),
        };
        assert!(refused, "{start}..{end} accepted");
    }
    let edit = actions::add_coding(s.project(), doc, len - 1, len, trust, coder).unwrap().1;
    s.perform(edit).unwrap();
}

#[test]
fn a_project_open_in_one_window_is_refused_in_another_and_can_be_read() {
    let (_dir, path) = temp_project();
    let (s, ..) = seeded(&path);
    let err = Session::open(&path, "Bert").err().expect("second open must fail");
    assert!(matches!(err, SessionError::Store(StoreError::Locked { .. })), "{err}");
    assert!(err.to_string().contains("already open in another Werkbank"), "{err}");
    let mut ro = Session::open_read_only(&path).unwrap();
    assert_eq!(ro.project().codings.len(), 2);
    let edit = actions::add_case(ro.project(), "R9").unwrap().1;
    assert!(matches!(ro.perform(edit), Err(SessionError::Store(StoreError::ReadOnly))));
    drop(s);
    Session::open(&path, "Bert").unwrap();
}

#[test]
fn files_that_are_not_projects_or_too_new_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("notes.werkbank");
    std::fs::write(&junk, b"this is not a database at all, just some text that is long enough....").unwrap();
    let err = Session::open(&junk, "A").err().unwrap();
    assert!(err.to_string().contains("not a Werkbank project"), "{err}");

    let newer = dir.path().join("newer.werkbank");
    {
        let mut conn = rusqlite::Connection::open(&newer).unwrap();
        werkbank::store::migrate(&mut conn, schema::current_version()).unwrap();
        conn.execute("INSERT INTO meta VALUES ('name', 'x')", []).unwrap();
        conn.pragma_update(None, "user_version", schema::current_version() + 1).unwrap();
    }
    let err = Session::open(&newer, "A").err().unwrap();
    assert!(matches!(err, SessionError::Store(StoreError::TooNew { .. })), "{err}");
    assert!(Session::open(&dir.path().join("missing.werkbank"), "A").is_err());
}

/// A colour someone typed into the file by hand (or an old tool left empty) does not keep the
/// project from opening: the code shows grey, and a readable short form is read.
#[test]
fn a_project_with_an_unreadable_colour_still_opens_and_shows_it_grey() {
    let (_dir, path) = temp_project();
    {
        let mut s = Session::create(&path, "Scriptie", "Anna").unwrap();
        for name in ["Vertrouwen", "Zorg", "Kort"] {
            code(&mut s, None, name);
        }
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE codes SET color = 'blauw' WHERE name = 'Vertrouwen';
         UPDATE codes SET color = '' WHERE name = 'Zorg';
         UPDATE codes SET color = '#ABC' WHERE name = 'Kort';",
    )
    .unwrap();
    drop(conn);
    let mut s = Session::open(&path, "Anna").unwrap();
    let colour = |s: &Session, name: &str| s.project().codes[&s.project().code_by_path(&[name]).unwrap()].color;
    assert_eq!(colour(&s, "Vertrouwen"), werkbank::core::Color::NEUTRAL);
    assert_eq!(colour(&s, "Zorg"), werkbank::core::Color::NEUTRAL);
    assert_eq!(colour(&s, "Kort").hex(), "#aabbcc");
    // Recolouring it stores a readable colour again.
    let id = s.project().code_by_path(&["Vertrouwen"]).unwrap();
    let blue = werkbank::core::Color::from_u24(0x1f77b5);
    s.perform(actions::change_code(s.project(), id, "Recolour", |c| c.color = blue).unwrap()).unwrap();
    drop(s);
    assert_eq!(colour(&Session::open(&path, "Anna").unwrap(), "Vertrouwen"), blue);
}

#[test]
fn every_older_file_version_is_backed_up_and_migrated() {
    for version in 1..schema::current_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.werkbank");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            werkbank::store::migrate(&mut conn, version).unwrap();
            // Data as a version-1 file holds it.
            conn.execute_batch(
                "INSERT INTO meta VALUES ('name', 'Oud project');
                 INSERT INTO coders VALUES (1, 'Anna');
                 INSERT INTO codes VALUES (2, NULL, 'Vertrouwen', 'concept', '#8dd3c7', '', 1, 0);
                 INSERT INTO documents(id, name, text, source_name, imported_at, text_hash, case_id)
                    VALUES (3, 'R1', 'Ik vertrouw de gemeente.', 'r1.txt', 0, 'h', NULL);
                 INSERT INTO codings VALUES (4, 3, 3, 11, 2, 1, 0, '');",
            )
            .unwrap();
        }
        let s = Session::open(&path, "Anna").unwrap();
        let p = s.project();
        assert_eq!(p.name, "Oud project");
        assert_eq!(p.codings.len(), 1, "from version {version}");
        assert_eq!(p.documents[&3].group, "");
        let backup = path.with_extension(format!("v{version}.backup.werkbank"));
        assert!(backup.exists(), "no backup of version {version}");
        let v: i64 =
            rusqlite::Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, schema::current_version());
    }
}

#[test]
fn a_new_file_is_created_at_the_current_version_and_never_overwritten() {
    let (_dir, path) = temp_project();
    drop(Session::create(&path, "A", "Anna").unwrap());
    assert!(matches!(Store::create(&path, "B"), Err(StoreError::AlreadyExists(_))));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.meta("name").unwrap().as_deref(), Some("A"));
    store.integrity_check().unwrap();
}

/// What the app hands a worker thread to add the code "Integriteit" under `concept`: a second
/// connection and a copy of the project; run, it commits the code and gives what to adopt.
fn integriteit_on_a_worker(s: &Session, concept: i64) -> impl FnOnce() -> werkbank::session::Committed + Send + use<> {
    let worker = s.worker().unwrap();
    let copy = s.project().clone();
    let new = NewCode { parent: Some(concept), name: "Integriteit", kind: None, color: None, description: "" };
    let (_, edit) = actions::add_code(&copy, new).unwrap();
    move || worker.commit(copy, edit).unwrap()
}

/// An edit committed through a worker's own connection (the app does this for a codebook of
/// 100,000 codes, so the window does not wait) reaches the session whole: the file holds it as
/// soon as the worker is done, the session takes it over as one undo step, and undo takes it
/// back from both.
#[test]
fn an_edit_committed_on_a_worker_is_taken_over_as_one_undo_step() {
    let (_d, path) = temp_project();
    let (mut s, concept, ..) = seeded(&path);
    let done = std::thread::spawn(integriteit_on_a_worker(&s, concept)).join().unwrap();
    let stored = |path: &std::path::Path| Session::open_read_only(path).unwrap().project().codes.len();
    let before = s.project().codes.len();
    assert_eq!(stored(&path), before + 1, "the worker's connection committed it");
    assert_eq!(s.project().codes.len(), before, "the session has not taken it over yet");
    let revision = s.revision();
    s.adopt(done).unwrap();
    let builds = s.project().index_builds();
    s.project().index();
    assert_eq!(s.project().index_builds(), builds, "its index came along, built on the worker");
    assert_eq!(s.project().codes.len(), before + 1);
    assert_eq!((s.revision(), s.undo_label()), (revision + 1, Some("Add code Integriteit")));
    assert_eq!(s.undo().unwrap(), "Add code Integriteit");
    assert_eq!((s.project().codes.len(), stored(&path)), (before, before));
    // Redone (or undone) on a worker the same way, for an action of 100,000 changes.
    let (worker, edit) = s.worker_to_undo(true).unwrap();
    let copy = s.project().clone();
    let done = std::thread::spawn(move || worker.commit(copy, edit).unwrap()).join().unwrap();
    s.adopt(done).unwrap();
    assert_eq!((s.project().codes.len(), stored(&path)), (before + 1, before + 1));
    assert_eq!((s.undo_label(), s.redo_label()), (Some("Add code Integriteit"), None));
    assert_eq!(s.log().unwrap().last().map(|e| e.kind.as_str()), Some("redo"));
}

/// Should the session change while a worker commits (the app keeps changes waiting, so this is
/// a safety net), the worker's result is not laid over it: the project is read again from the
/// file, which holds both changes, and the undo history starts afresh.
#[test]
fn a_worker_commit_for_a_project_that_changed_meanwhile_reads_the_file_again() {
    let (_d, path) = temp_project();
    let (mut s, concept, trust, ..) = seeded(&path);
    let done = integriteit_on_a_worker(&s, concept)();
    s.perform(actions::rename_code(s.project(), trust, "Vertrouwen in de overheid").unwrap()).unwrap();
    assert!(matches!(s.adopt(done), Err(SessionError::Reloaded)));
    let p = s.project();
    assert!(p.code_by_path(&["Publieke waarden", "Integriteit"]).is_some());
    assert!(p.code_by_path(&["Publieke waarden", "Vertrouwen in de overheid"]).is_some());
    assert!(s.undo_label().is_none(), "no undo step refers to a project the session no longer holds");
    assert_eq!(s.project(), Session::open_read_only(&path).unwrap().project());
}

#[test]
fn the_edit_log_is_append_only() {
    let (_dir, path) = temp_project();
    let (s, ..) = seeded(&path);
    let n = s.store().log().unwrap().len();
    assert!(n >= 5);
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let err = conn.execute("DELETE FROM edit_log", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(conn.execute("UPDATE edit_log SET action = 'x'", []).is_err());
}

mod random_action_sequences {
    use super::*;
    use proptest::prelude::*;

    /// One randomly chosen user action; indices pick among existing entities.
    #[derive(Debug, Clone)]
    enum Op {
        AddCode(usize, u8),
        Rename(usize, u8),
        Move(usize, usize, usize),
        Merge(usize, usize),
        Delete(usize, u8),
        Code(usize, usize, usize),
        Uncode(usize),
        Memo(usize, u8),
        AddCase(u8),
        Assign(u8, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Op::AddCode(a, b)),
            (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Op::Rename(a, b)),
            (any::<usize>(), any::<usize>(), 0usize..4).prop_map(|(a, b, c)| Op::Move(a, b, c)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Merge(a, b)),
            (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Op::Delete(a, b)),
            (any::<usize>(), 0usize..148, 1usize..40).prop_map(|(a, b, c)| Op::Code(a, b, c)),
            any::<usize>().prop_map(Op::Uncode),
            (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Op::Memo(a, b)),
            any::<u8>().prop_map(Op::AddCase),
            (any::<u8>(), any::<usize>()).prop_map(|(a, b)| Op::Assign(a, b)),
        ]
    }

    fn pick<T: Copy>(v: &[T], i: usize) -> Option<T> {
        (!v.is_empty()).then(|| v[i % v.len()])
    }

    /// The edit for `op` in the current project, if the op makes sense there.
    fn edit_for(p: &Project, op: &Op, doc: i64, coder: i64) -> Option<Edit> {
        let codes: Vec<i64> = p.codes.keys().copied().collect();
        let codings: Vec<i64> = p.codings.keys().copied().collect();
        let cases: Vec<i64> = p.cases.keys().copied().collect();
        let r = match op {
            Op::AddCode(i, n) => {
                let parent = if n % 3 == 0 { None } else { pick(&codes, *i) };
                actions::add_code(
                    p,
                    NewCode { parent, name: &format!("c{}", n % 16), kind: None, color: None, description: "" },
                )
                .map(|x| x.1)
            }
            Op::Rename(i, n) => actions::rename_code(p, pick(&codes, *i)?, &format!("c{}", n % 16)),
            Op::Move(i, j, k) => actions::move_code(p, pick(&codes, *i)?, pick(&codes, *j).filter(|_| j % 4 != 0), *k),
            Op::Merge(i, j) => actions::merge_codes(p, pick(&codes, *i)?, pick(&codes, *j)?),
            Op::Delete(i, mode) => {
                let c = pick(&codes, *i)?;
                let on = match mode % 3 {
                    0 => OnCodings::Refuse,
                    1 => OnCodings::Delete,
                    _ => OnCodings::MoveTo(pick(&codes, *i + 1)?),
                };
                actions::delete_code(p, c, on)
            }
            Op::Code(i, start, len) => {
                actions::add_coding(p, doc, *start, (*start + len).min(148), pick(&codes, *i)?, coder).map(|x| x.1)
            }
            Op::Uncode(i) => actions::remove_codings(p, &[pick(&codings, *i)?]),
            Op::Memo(i, n) => {
                let target = match n % 3 {
                    0 => MemoTarget::Project,
                    1 => MemoTarget::Code(pick(&codes, *i)?),
                    _ => MemoTarget::Coding(pick(&codings, *i)?),
                };
                actions::set_memo(p, target, "", if n % 5 == 0 { "" } else { "memo" }, coder)
            }
            Op::AddCase(n) => actions::add_case(p, &format!("R{}", n % 8)).map(|x| x.1),
            Op::Assign(n, i) => {
                actions::assign_speaker(p, Some(doc), if n % 2 == 0 { "R3" } else { "I" }, pick(&cases, *i))
            }
        };
        r.ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Whatever sequence of actions a user takes, each one undoes to exactly the state before,
        /// redoes to exactly the state after, and the file on disk always equals what is shown.
        #[test]
        fn apply_undo_redo_round_trips(ops in proptest::collection::vec(op(), 1..40)) {
            let (_dir, path) = temp_project();
            let (mut s, ..) = seeded(&path);
            let doc = *s.project().documents.keys().next().unwrap();
            let coder = s.coder();
            for op in &ops {
                let Some(edit) = edit_for(s.project(), op, doc, coder) else { continue };
                let before = s.project().clone();
                if s.perform(edit).is_err() {
                    prop_assert_eq!(s.project(), &before, "a refused action changed the project: {:?}", op);
                    continue;
                }
                let after = s.project().clone();
                if after == before { continue; }
                s.undo().unwrap();
                prop_assert_eq!(s.project(), &before, "undo of {:?}", op);
                s.redo().unwrap();
                prop_assert_eq!(s.project(), &after, "redo of {:?}", op);
            }
            let on_disk = s.store().load().unwrap();
            prop_assert_eq!(&on_disk, s.project());
            s.store().integrity_check().unwrap();
        }
    }
}

#[test]
fn opening_makes_a_backup_and_a_restore_brings_old_work_back_without_losing_the_current() {
    use werkbank::store::backup;
    let (_dir, path) = temp_project();
    let (s, ..) = seeded(&path);
    drop(s);
    let s = Session::open(&path, "Anna").unwrap();
    let backups = backup::list_backups(&path);
    assert_eq!(backups.len(), 1, "one backup on open (the first open of the hour)");
    assert_eq!(Store::open_read_only(&backups[0].path).unwrap().load().unwrap(), *s.project());
    drop(s);
    // Re-opening within the hour does not pile up backups.
    drop(Session::open(&path, "Anna").unwrap());
    assert_eq!(backup::list_backups(&path).len(), 1);

    // Work continues, then the researcher wants the state of the backup back.
    let mut s = Session::open(&path, "Anna").unwrap();
    let all: Vec<i64> = s.project().codings.keys().copied().collect();
    s.run(|p| actions::remove_codings(p, &all).map(|e| ((), e))).unwrap();
    let emptied = s.project().clone();
    // Restoring while the project is open is refused.
    assert!(matches!(backup::restore(&path, &backups[0].path), Err(StoreError::Locked { .. })));
    drop(s);
    let safety = backup::restore(&path, &backups[0].path).unwrap();
    let restored = Session::open(&path, "Anna").unwrap();
    assert_eq!(restored.project().codings.len(), 2);
    restored.store().integrity_check().unwrap();
    // The state before the restore is itself kept.
    assert_eq!(Store::open_read_only(&safety).unwrap().load().unwrap(), emptied);
}

#[test]
fn backups_rotate() {
    use werkbank::store::backup;
    let (_dir, path) = temp_project();
    let (s, ..) = seeded(&path);
    for _ in 0..backup::KEEP + 3 {
        s.store().backup_now("test").unwrap();
    }
    assert_eq!(backup::list_backups(&path).len(), backup::KEEP);
}

#[test]
fn a_version_2_file_keeps_its_speaker_turns_and_gains_start_times() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.werkbank");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        werkbank::store::migrate(&mut conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('name', 'Scriptie 2025');
             INSERT INTO coders VALUES (1, 'Anna');
             INSERT INTO cases(id, label) VALUES (2, 'R3');
             INSERT INTO documents(id, name, text, source_name, imported_at, text_hash, case_id, group_label)
                VALUES (3, 'R3', '00:01:02 I: Hoe?\n00:01:05 R3: Zo.', 'r3.txt', 0, 'h', NULL, '');
             INSERT INTO turns VALUES (4, 3, 0, 16, 'I', NULL), (5, 3, 17, 32, 'R3', 2);",
        )
        .unwrap();
    }
    // Reading it without upgrading (a preview, a listing) migrates a copy in memory only.
    let bytes = std::fs::read(&path).unwrap();
    let ro = Session::open_read_only(&path).unwrap();
    assert_eq!(ro.project().turns.len(), 2);
    drop(ro);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "reading must not upgrade the file");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["v2.werkbank"]);

    let mut s = Session::open(&path, "Anna").unwrap();
    let turns: Vec<_> = s.project().turns.values().map(|t| (t.speaker.to_string(), t.case, t.start_ms)).collect();
    assert_eq!(turns, [("I".to_string(), None, None), ("R3".to_string(), Some(2), None)]);
    // Turns stored from now on keep their start time across closing and opening.
    let e = actions::change_document(s.project(), 3, "Rename", |d| d.name = "R3 gesprek".into()).unwrap();
    s.perform(e).unwrap();
    let mut timed = s.project().turns[&5].clone();
    timed.start_ms = Some(65_000);
    let e = Edit::new("Set time").with(werkbank::core::edit::Change::update(
        werkbank::core::edit::Entity::Turn(s.project().turns[&5].clone()),
        werkbank::core::edit::Entity::Turn(timed),
    ));
    s.perform(e).unwrap();
    drop(s);
    let s = Session::open(&path, "Anna").unwrap();
    assert_eq!(s.project().turns[&5].start_ms, Some(65_000));
    assert!(path.with_extension("v2.backup.werkbank").exists());
}

/// A project from before transcripts kept their fingerprint (version 3), or from when both
/// digests were SHA-256 (version 4): opening it gives every transcript the digests of today (in
/// the file; in memory only when read without upgrading), so the same interview saved on a Mac
/// (NFD, CRLF) is still recognised as already in the project, and a merge still pairs it with its
/// copy in a project of today.
#[test]
fn an_older_file_gets_todays_digests_and_still_recognises_a_transcript_already_in_it() {
    use werkbank::core::text::{content_fingerprint, text_hash};
    use werkbank::workflow::{DuplicateCheck, SkipReason, plan_file, skip_reason};
    let text = "I: Wat vond u van het café?\nR1: Één ding: überhaupt niets.\n";
    for version in [3, 4] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{version}.werkbank"));
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            werkbank::store::migrate(&mut conn, version).unwrap();
            conn.execute_batch(
                "INSERT INTO meta VALUES ('name', 'Scriptie 2025'); INSERT INTO coders VALUES (1, 'Anna');",
            )
            .unwrap();
            // What version 4 stored: SHA-256 of the text in hex, and a 32-byte fingerprint.
            let sha256_hex = "9f2c".repeat(16);
            conn.execute(
                "INSERT INTO documents(id, name, text, source_name, imported_at, text_hash, case_id, group_label)
                    VALUES (3, 'R1', ?1, 'r1.txt', 0, ?2, NULL, '')",
                [text, &sha256_hex],
            )
            .unwrap();
            if version == 4 {
                conn.execute("UPDATE documents SET fingerprint = ?1", [[7u8; 32].as_slice()]).unwrap();
            }
        }
        let mac = dir.path().join("R1 op de Mac.txt");
        std::fs::write(
            &mac,
            "I: Wat vond u van het cafe\u{301}?\r\nR1: E\u{301}e\u{301}n ding: u\u{308}berhaupt niets.\r\n",
        )
        .unwrap();
        let recognised = |s: &Session| {
            let plan = plan_file(s.project(), &mac, &Default::default()).unwrap();
            skip_reason(&plan, &mut DuplicateCheck::new(s.project()), false)
        };
        let ro = Session::open_read_only(&path).unwrap();
        assert_eq!(ro.project().documents[&3].fingerprint, content_fingerprint(text), "v{version}");
        assert_eq!(ro.project().documents[&3].text_hash, text_hash(text), "v{version}");
        assert_eq!(recognised(&ro), Some(SkipReason::Duplicate { of: "R1".into() }), "v{version}");
        drop(ro);
        let s = Session::open(&path, "Anna").unwrap();
        assert_eq!(recognised(&s), Some(SkipReason::Duplicate { of: "R1".into() }), "v{version}");
        let mut today = Session::create(&dir.path().join("today.werkbank"), "Vandaag", "Bert").unwrap();
        let copy = today
            .run(|p| {
                actions::add_document(p, NewDocument { name: "Kopie", text, source_name: "r1.txt", turns: vec![] })
            })
            .unwrap();
        let pairs = werkbank::core::merge::match_documents(s.project(), today.project()).unwrap();
        assert_eq!(pairs.get(&copy).map(|(id, _)| *id), Some(3), "v{version}: the merge pairs the copy");
        drop(s);
        let (fingerprint, hash): (Vec<u8>, String) = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT fingerprint, text_hash FROM documents WHERE id = 3", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((fingerprint, hash), (content_fingerprint(text).to_vec(), text_hash(text)), "v{version}");
    }
}

/// An import at the turn limit is one action like any other: undone, the project in memory and
/// on disk is exactly as before; redone, exactly as after, each of its 100,000 speaker turns back
/// with its id, place, speaker and respondent. Removing the document is one step back, too.
#[test]
fn undoing_and_redoing_an_import_of_100000_speaker_turns_restores_it_exactly() {
    let (dir, path) = temp_project();
    let txt = dir.path().join("wissel.txt");
    std::fs::write(&txt, "I: x\nR1: y\n".repeat(50_000)).unwrap();
    let mut s = Session::create(&path, "Scriptie", "Anna").unwrap();
    let r1 = s.run(|p| actions::add_case(p, "R1")).unwrap();
    let before = s.project().clone();

    let (doc, _) = werkbank::workflow::import_file(&mut s, &txt, &Default::default()).unwrap();
    let after = s.project().clone();
    assert_eq!(after.turns_of_document(doc).len(), 100_000);
    assert_eq!(after.turns.values().filter(|t| t.case == Some(r1)).count(), 50_000);
    assert_eq!(s.undo_label(), Some("Import wissel"));

    s.undo().unwrap();
    assert_eq!(s.project(), &before);
    assert!(s.project().turns_of_document(doc).is_empty());
    assert_eq!(&s.store().load().unwrap(), &before, "disk after undo");
    s.redo().unwrap();
    assert_eq!(s.project(), &after);
    assert_eq!((s.project().case_at(doc, 5), s.project().case_at(doc, 0)), (Some(r1), None));
    assert_eq!(&s.store().load().unwrap(), &after, "disk after redo");

    s.perform(actions::remove_document(s.project(), doc).unwrap()).unwrap();
    assert_eq!(s.project(), &before);
    assert_eq!(&s.store().load().unwrap(), &before, "disk after removing the document");
    s.undo().unwrap();
    assert_eq!(s.project(), &after);
    assert_eq!(&s.store().load().unwrap(), &after, "disk after undoing the removal");
}
