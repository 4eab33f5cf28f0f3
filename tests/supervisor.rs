//! Supervisor stories: hand a copy to a second coder, merge their work back, nothing lost twice.

use werkbank::core::actions::{self, NewCode, NewDocument};
use werkbank::core::merge::{HandoutOptions, handout, merge_projects};
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
                    turns: actions::turns_mapped_by_label(p, vec![(32, 81, "R1")]),
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
    let copy = handout(anna.project(), HandoutOptions { with_memos: true, with_aliases: false });
    let bert = Session::create_from(&dir.path().join("bert.werkbank"), &copy, "Bert").unwrap();
    let p = bert.project();
    assert_eq!(p.documents.len(), 1);
    assert_eq!(p.codes.len(), 2);
    assert_eq!(p.cases.len(), 1);
    assert!(p.codings.is_empty());
    assert!(p.memos.values().all(|m| !matches!(m.target, MemoTarget::Coding(_))));
    assert_eq!(p.memos.len(), 1, "asked for, the code memo travels with the codebook");
    assert_eq!(bert.coder_name(), "Bert");
    assert_eq!(p.turns.values().next().unwrap().case, Some(*p.cases.keys().next().unwrap()));
}

#[test]
fn merging_a_second_coders_file_adds_their_codings_once_and_lists_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = first_coder_project(dir.path());
    let mut bert = Session::create_from(
        &dir.path().join("bert.werkbank"),
        &handout(anna.project(), HandoutOptions::default()),
        "Bert",
    )
    .unwrap();
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
    assert!(report.conflicts[0].to_string().contains("different memo"), "{:?}", report.conflicts);
    let nl = report.conflicts[0].say(werkbank::core::Lang::Nl);
    assert!(nl.contains("heeft in het andere project een andere memo"), "{nl}");
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

/// Anna's project with the same transcript twice (a re-sent file): "Interview 3" and "Interview 3 herzonden".
fn project_with_a_text_twice(dir: &std::path::Path) -> (Session, werkbank::core::Id) {
    let mut s = Session::create(&dir.join("anna.werkbank"), "Scriptie", "Anna").unwrap();
    let code = s
        .run(|p| {
            actions::add_code(p, NewCode { parent: None, name: "Vertrouwen", kind: None, color: None, description: "" })
        })
        .unwrap();
    for name in ["Interview 3", "Interview 3 herzonden"] {
        s.run(|p| actions::add_document(p, NewDocument { name, text: TEXT, source_name: "r1.txt", turns: vec![] }))
            .unwrap();
    }
    (s, code)
}

#[test]
fn merge_puts_each_copy_of_a_repeated_text_on_its_own_document_and_says_how_it_matched() {
    let dir = tempfile::tempdir().unwrap();
    let (anna, code) = project_with_a_text_twice(dir.path());
    let mut anna = anna;
    let mut bert = Session::create_from(
        &dir.path().join("bert.werkbank"),
        &handout(anna.project(), HandoutOptions::default()),
        "Bert",
    )
    .unwrap();
    let doc_named = |p: &Project, n: &str| p.document_by_name(n).unwrap().id;
    let coder = bert.coder();
    // Bert codes a word in the re-sent copy only.
    let resent = doc_named(bert.project(), "Interview 3 herzonden");
    bert.run(|p| actions::add_coding(p, resent, 37, 47, code, coder)).unwrap();

    let (edit, report) = merge_projects(anna.project(), bert.project()).unwrap();
    anna.perform(edit).unwrap();
    let p = anna.project();
    let k = p.codings.values().next().unwrap();
    assert_eq!(p.documents[&k.document].name, "Interview 3 herzonden", "not on the first copy");
    assert_eq!(report.documents_matched, 2);
    assert!(
        report
            .matched
            .iter()
            .any(|m| m.to_string() == "'Interview 3 herzonden' matched to 'Interview 3 herzonden': same text and name"),
        "{:?}",
        report.matched
    );
}

#[test]
fn renamed_copies_of_one_text_are_matched_by_their_order_and_unresolvable_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut anna, code) = project_with_a_text_twice(dir.path());
    let mut bert = Session::create_from(
        &dir.path().join("bert.werkbank"),
        &handout(anna.project(), HandoutOptions::default()),
        "Bert",
    )
    .unwrap();
    // Bert renamed both copies; the hand-out kept their order.
    let ids: Vec<_> = bert.project().documents.keys().copied().collect();
    for (id, name) in ids.iter().zip(["Eerste", "Tweede"]) {
        let e = actions::change_document(bert.project(), *id, "Rename", |d| d.name = name.to_string()).unwrap();
        bert.perform(e).unwrap();
    }
    let coder = bert.coder();
    bert.run(|p| actions::add_coding(p, ids[1], 37, 47, code, coder)).unwrap();
    let (edit, report) = merge_projects(anna.project(), bert.project()).unwrap();
    assert!(report.matched.iter().all(|m| m.to_string().contains("by order")), "{:?}", report.matched);
    anna.perform(edit).unwrap();
    let k = anna.project().codings.values().next().unwrap();
    assert_eq!(anna.project().documents[&k.document].name, "Interview 3 herzonden");

    // A third copy under yet another name: which of ours is it? Refused, with the names, nothing merged.
    bert.run(|p| {
        actions::add_document(p, NewDocument { name: "Derde", text: TEXT, source_name: "x.txt", turns: vec![] })
    })
    .unwrap();
    let before = anna.project().clone();
    let mut renamed = anna.project().clone();
    renamed.documents.values_mut().for_each(|d| d.name = format!("{} (oud)", d.name));
    let err = merge_projects(&renamed, bert.project()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("'Eerste'") && msg.contains("'Derde'") && msg.contains("'Interview 3 (oud)'"), "{msg}");
    let nl = err.say(werkbank::core::Lang::Nl);
    assert!(nl.contains("geef de kopieën in beide projecten dezelfde namen") && nl.contains("'Derde'"), "{nl}");
    assert_eq!(anna.project(), &before);
}
