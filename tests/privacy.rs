//! Interview data is personal data: names are replaced by labels and every coding stays on the
//! same words, whether in an exported copy or in the project itself.

use werkbank::core::actions::{self, NewCode, NewDocument};
use werkbank::core::pseudonym::{self, Substitution};
use werkbank::core::text::slice_chars;
use werkbank::session::Session;

const TEXT: &str = "I: Goedemiddag mevrouw De Vries.\nR1: Dag! Ik werk met Ahmed al jaren bij gemeente Zwolle.\nI: En Ahmed vindt?\nR1: Ahmed vertrouwt het algoritme niet.\n";

fn coded() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let code = s
        .run(|p| {
            actions::add_code(p, NewCode { parent: None, name: "Vertrouwen", kind: None, color: None, description: "" })
        })
        .unwrap();
    let doc = s
        .run(|p| actions::add_document(p, NewDocument { name: "R1", text: TEXT, source_name: "r1.txt", turns: vec![] }))
        .unwrap();
    let r1 = s.run(|p| actions::add_case(p, "R1")).unwrap();
    let e = actions::change_case(s.project(), r1, "Set", |c| c.aliases = vec!["De Vries".into()]).unwrap();
    s.perform(e).unwrap();
    let coder = s.coder();
    // Codings before, on, across and after names.
    for phrase in ["Goedemiddag", "De Vries", "met Ahmed al jaren bij gemeente Zwolle", "vertrouwt het algoritme niet"]
    {
        let start = TEXT.find(phrase).unwrap();
        let (start, end) = (TEXT[..start].chars().count(), TEXT[..start].chars().count() + phrase.chars().count());
        s.run(|p| actions::add_coding(p, doc, start, end, code, coder)).unwrap();
    }
    (dir, s)
}

fn coded_texts(p: &werkbank::core::Project) -> Vec<String> {
    let mut v: Vec<(usize, String)> = p
        .codings
        .values()
        .map(|k| (k.start, slice_chars(&p.documents[&k.document].text, k.start, k.end).to_string()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, t)| t).collect()
}

#[test]
fn an_exported_copy_replaces_names_and_keeps_codings_on_the_same_words() {
    let (_dir, s) = coded();
    let mut subs = pseudonym::substitutions_from_aliases(s.project());
    subs.push(Substitution { term: "Ahmed".into(), replacement: "[collega]".into() });
    subs.push(Substitution { term: "Zwolle".into(), replacement: "[gemeente X]".into() });
    let copy = pseudonym::pseudonymised(s.project(), &subs);
    let text = &copy.documents.values().next().unwrap().text;
    assert!(!text.contains("Ahmed") && !text.contains("Vries") && !text.contains("Zwolle"), "{text}");
    assert!(text.contains("mevrouw R1."));
    assert_eq!(
        coded_texts(&copy),
        vec!["Goedemiddag", "R1", "met [collega] al jaren bij gemeente [gemeente X]", "vertrouwt het algoritme niet"]
    );
    assert!(copy.cases.values().all(|c| c.aliases.is_empty()), "real names do not travel in the copy");
    // The project itself is untouched.
    assert!(s.project().documents.values().next().unwrap().text.contains("Ahmed"));
}

#[test]
fn pseudonymising_the_project_is_one_undoable_step() {
    let (_dir, mut s) = coded();
    let before = s.project().clone();
    let subs = vec![Substitution { term: "ahmed".into(), replacement: "A".into() }];
    s.perform(pseudonym::pseudonymise_edit(s.project(), &subs)).unwrap();
    assert_eq!(coded_texts(s.project())[2], "met A al jaren bij gemeente Zwolle");
    assert_eq!(s.store().load().unwrap(), *s.project());
    s.undo().unwrap();
    assert_eq!(*s.project(), before);
}
