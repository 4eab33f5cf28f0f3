//! Supervisor stories: hand a copy to a second coder, merge their work back, nothing lost twice.

use werkbank::core::actions::{self, NewCode, NewDocument};
use werkbank::core::merge::{handout, merge_projects};
use werkbank::core::{MemoTarget, Project};
use werkbank::session::Session;

const TEXT: &str = "I: Hoe kijkt u naar vertrouwen?\nR1: Vertrouwen moet je verdienen, zeker digitaal.\n";

fn first_coder_project(dir: &std::path::Path) -> Session {
    let mut s = Session::create(&dir.join("anna.werkbank"), "Scriptie", "Anna").unwrap();
    let concept = s
        .run(|p| {
            actions::add_code(p, NewCode { parent: None, name: "Waarden", kind: None, color: None, description: "" })
        })
        .unwrap();
    let trust = s
        .run(|p| {
            actions::add_code(
                p,
                NewCode { parent: Some(concept), name: "Vertrouwen", kind: None, color: None, description: "" },
            )
        })
        .unwrap();
    let r1 = s.run(|p| actions::add_case(p, "R1")).unwrap();
    let doc = s
        .run(|p| {
            actions::add_document(
                p,
                NewDocument {
                    name: "R1",
                    text: TEXT,
                    source_name: "r1.txt",
                    turns: actions::turns_mapped_by_label(p, vec![(32, 81, "R1".into())]),
                },
            )
        })
        .unwrap();
    let e = actions::assign_speaker(s.project(), Some(doc), "R1", Some(r1)).unwrap();
    s.perform(e).unwrap();
    let coder = s.coder();
    let k = s.run(|p| actions::add_coding(p, doc, 37, 47, trust, coder)).unwrap();
    let e = actions::set_memo(s.project(), MemoTarget::Code(trust), "", "Vertrouwen in de overheid", coder).unwrap();
    s.perform(e).unwrap();
    let e = actions::set_memo(s.project(), MemoTarget::Coding(k), "", "Anna's eigen notitie", coder).unwrap();
    s.perform(e).unwrap();
    s
}

#[test]
fn a_handout_has_the_codebook_and_transcripts_but_none_of_the_first_coders_codings() {
    let dir = tempfile::tempdir().unwrap();
    let anna = first_coder_project(dir.path());
    let copy = handout(anna.project());
    let bert = Session::create_from(&dir.path().join("bert.werkbank"), &copy, "Bert").unwrap();
    let p = bert.project();
    assert_eq!(p.documents.len(), 1);
    assert_eq!(p.codes.len(), 2);
    assert_eq!(p.cases.len(), 1);
    assert!(p.codings.is_empty());
    assert!(p.memos.values().all(|m| !matches!(m.target, MemoTarget::Coding(_))));
    assert_eq!(p.memos.len(), 1, "the code memo travels with the codebook");
    assert_eq!(bert.coder_name(), "Bert");
    assert_eq!(p.turns.values().next().unwrap().case, Some(*p.cases.keys().next().unwrap()));
}

#[test]
fn merging_a_second_coders_file_adds_their_codings_once_and_lists_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = first_coder_project(dir.path());
    let mut bert = Session::create_from(&dir.path().join("bert.werkbank"), &handout(anna.project()), "Bert").unwrap();
    let bp: &Project = bert.project();
    let doc = *bp.documents.keys().next().unwrap();
    let trust = bp.code_by_path(&["Waarden", "Vertrouwen"]).unwrap();
    let coder = bert.coder();
    // Bert codes the same word and a longer passage, and adds a code of his own.
    bert.run(|p| actions::add_coding(p, doc, 37, 47, trust, coder)).unwrap();
    let own = bert
        .run(|p| {
            actions::add_code(
                p,
                NewCode { parent: None, name: "Digitalisering", kind: None, color: None, description: "" },
            )
        })
        .unwrap();
    bert.run(|p| actions::add_coding(p, doc, 37, 80, own, coder)).unwrap();
    let e = actions::change_case(bert.project(), *bert.project().cases.keys().next().unwrap(), "Set", |c| {
        c.attributes.insert("functie".into(), "manager".into());
    })
    .unwrap();
    bert.perform(e).unwrap();
    let e = actions::set_memo(bert.project(), MemoTarget::Code(trust), "", "Bert ziet het anders", coder).unwrap();
    bert.perform(e).unwrap();

    let (edit, report) = merge_projects(anna.project(), bert.project()).unwrap();
    anna.perform(edit).unwrap();
    assert_eq!(report.documents_matched, 1);
    assert_eq!(report.documents_added, 0);
    assert_eq!(report.coders_added, 1);
    assert_eq!(report.codes_added, 1);
    assert_eq!(report.codings_added, 2);
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    assert!(report.conflicts[0].contains("different memo"), "{:?}", report.conflicts);
    let p = anna.project();
    assert_eq!(p.codings.len(), 3);
    let bert_id = p.coder_by_name("Bert").unwrap().id;
    assert_eq!(p.codings.values().filter(|k| k.coder == bert_id).count(), 2);
    assert!(p.code_by_path(&["Digitalisering"]).is_some());
    // Attribute values only the second coder recorded are kept, not dropped.
    assert_eq!(p.case_by_label("R1").unwrap().attributes.get("functie").map(String::as_str), Some("manager"));

    // Merging the same file again adds nothing.
    let (again, report2) = merge_projects(anna.project(), bert.project()).unwrap();
    assert!(again.is_empty(), "{:?}", again.changes.iter().map(|c| c.describe()).collect::<Vec<_>>());
    assert_eq!(report2.codings_already_present, 2);
    // And the merge is one undo step.
    assert_eq!(anna.undo_label(), Some("Merge project"));
    anna.undo().unwrap();
    assert_eq!(anna.project().codings.len(), 1);
}

#[test]
fn a_disagreement_is_resolved_by_a_consensus_coding_with_a_memo_leaving_both_coders_work_intact() {
    use werkbank::core::agreement::disagreements;
    let dir = tempfile::tempdir().unwrap();
    let mut s = first_coder_project(dir.path());
    let doc = *s.project().documents.keys().next().unwrap();
    let trust = s.project().code_by_path(&["Waarden", "Vertrouwen"]).unwrap();
    let anna = s.coder();
    let bert = s.switch_coder("Bert").unwrap();
    let other = s
        .run(|p| {
            actions::add_code(p, NewCode { parent: None, name: "Digitaal", kind: None, color: None, description: "" })
        })
        .unwrap();
    s.run(|p| actions::add_coding(p, doc, 37, 47, other, bert)).unwrap();
    let list = disagreements(s.project(), anna, bert, &[], 0.9);
    assert_eq!(list.len(), 1, "{list:?}");
    let d = &list[0];
    assert_eq!((d.start, d.end, d.codes_a.clone(), d.codes_b.clone()), (37, 47, vec![trust], vec![other]));
    let before = s.project().codings.len();
    let e =
        actions::record_consensus(s.project(), d.document, d.start, d.end, &[trust], "Besproken: gaat over vertrouwen")
            .unwrap();
    s.perform(e).unwrap();
    let p = s.project();
    let consensus = p.coder_by_name(actions::CONSENSUS_CODER).unwrap().id;
    let agreed: Vec<_> = p.codings.values().filter(|k| k.coder == consensus).collect();
    assert_eq!(agreed.len(), 1);
    assert_eq!((agreed[0].code, agreed[0].memo.as_str()), (trust, "Besproken: gaat over vertrouwen"));
    assert_eq!(p.codings.len(), before + 1, "both coders' codings are kept");
    // Recording the same consensus again adds nothing; undo removes it (and the new coder).
    assert!(actions::record_consensus(s.project(), doc, 37, 47, &[trust], "x").unwrap().is_empty());
    s.undo().unwrap();
    assert!(s.project().coder_by_name(actions::CONSENSUS_CODER).is_none());
}
