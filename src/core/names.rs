//! Names as they are stored: documents, codes, respondents (labels, aliases, attributes), speaker
//! tags and coders.
//!
//! Names come from file names, REFI-QDA files of other tools, codebooks and respondent tables, and
//! end up in terminals, spreadsheets, Word tables and `--doc "…"` arguments. So every name is
//! stored in one form: Unicode NFC (macOS writes file names decomposed, NFD, while what a user
//! types is composed, so "Åberg" must be one string however it arrived), without control
//! characters (an ESC or BEL in a code name would drive the terminal that lists it) and without
//! the bidirectional override and isolate marks that can make a name display as something it is
//! not. Tabs and line ends become spaces. Lookups by name normalise the query the same way.
//!
//! The clean-up runs on every edit a session performs ([`clean_edit`]), so the app, the CLI and
//! every importer get it without each remembering to.

use super::edit::{Change, Edit, Entity};
use super::model::{SpeakerPool, Turn};
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Bidirectional embedding, override and isolate marks (LRE…RLO, LRI…PDI).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_unwanted(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `name` in its stored form: NFC, control and bidi-override characters removed (whitespace ones
/// become a space), trimmed. Borrowed when it already is.
pub fn clean_name(name: &str) -> Cow<'_, str> {
    let nfc = is_nfc_quick(name.chars()) == IsNormalized::Yes;
    if nfc && !name.chars().any(is_unwanted) && name.trim() == name {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    for c in name.nfc() {
        match c {
            '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' => out.push(' '),
            c if is_unwanted(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out.trim().to_string())
}

fn clean(s: &mut String) {
    if let Cow::Owned(c) = clean_name(s) {
        *s = c;
    }
}

/// Cleans every name an entity carries.
pub fn clean_entity(e: &mut Entity) {
    match e {
        Entity::Coder(c) => clean(&mut c.name),
        Entity::Document(d) => {
            clean(&mut d.name);
            clean(&mut d.group);
        }
        Entity::AttributeDef(a) => clean(&mut a.name),
        Entity::Case(c) => {
            clean(&mut c.label);
            c.aliases.iter_mut().for_each(clean);
            if c.attributes
                .iter()
                .any(|(k, v)| !matches!(clean_name(k), Cow::Borrowed(_)) || !matches!(clean_name(v), Cow::Borrowed(_)))
            {
                c.attributes = std::mem::take(&mut c.attributes)
                    .into_iter()
                    .map(|(k, v)| (clean_name(&k).into_owned(), clean_name(&v).into_owned()))
                    .collect();
            }
        }
        Entity::Turn(t) => {
            if let Cow::Owned(c) = clean_name(&t.speaker) {
                t.speaker = c.into();
            }
        }
        Entity::Code(c) => clean(&mut c.name),
        Entity::Coding(_) | Entity::Memo(_) => {}
    }
}

/// `edit` with every name it inserts or changes cleaned ([`clean_name`]); what it changes from
/// (`before`) is left as it is, so undo restores exactly what was there.
pub fn clean_edit(mut edit: Edit) -> Edit {
    for change in &mut edit.changes {
        match change {
            Change::Insert(e) => clean_entity(e),
            Change::Update { after, .. } => clean_entity(after),
            Change::InsertTurns(turns) => clean_speakers(turns),
            Change::Delete(_) | Change::DeleteTurns(_) => {}
        }
    }
    edit
}

/// Cleans the speaker tags of turns added together; copies them only when a tag changes (each
/// cleaned tag then shared again by its turns).
fn clean_speakers(turns: &mut std::sync::Arc<[Turn]>) {
    if turns.iter().all(|t| matches!(clean_name(&t.speaker), Cow::Borrowed(_))) {
        return;
    }
    let mut pool = SpeakerPool::default();
    *turns = turns.iter().map(|t| Turn { speaker: pool.get(&clean_name(&t.speaker)), ..t.clone() }).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_tags_of_turns_added_together_are_cleaned_and_stay_shared() {
        let turn = |id, speaker: &str| Turn {
            id,
            document: 1,
            start: 0,
            end: 1,
            speaker: speaker.into(),
            case: None,
            start_ms: None,
        };
        let clean = vec![turn(2, "Åberg"), turn(3, "I")];
        let edit = clean_edit(Edit::new("Import").with(Change::InsertTurns(clean.into())));
        let Change::InsertTurns(kept) = &edit.changes[0] else { panic!("{edit:?}") };
        assert_eq!(kept.iter().map(|t| t.speaker.as_str()).collect::<Vec<_>>(), ["Åberg", "I"]);

        let from_a_mac = vec![turn(2, "A\u{30A}berg\u{7}"), turn(3, "I"), turn(4, "A\u{30A}berg")];
        let edit = clean_edit(Edit::new("Import").with(Change::InsertTurns(from_a_mac.into())));
        let Change::InsertTurns(cleaned) = &edit.changes[0] else { panic!("{edit:?}") };
        assert_eq!(cleaned.iter().map(|t| t.speaker.as_str()).collect::<Vec<_>>(), ["\u{C5}berg", "I", "\u{C5}berg"]);
        assert_eq!(cleaned.iter().map(|t| t.id).collect::<Vec<_>>(), [2, 3, 4]);
        assert!(std::ptr::eq(cleaned[0].speaker.as_str(), cleaned[2].speaker.as_str()), "one tag, shared");
    }

    #[test]
    fn a_name_typed_on_windows_and_one_from_a_mac_file_name_are_the_same_name() {
        let nfd = "Interview A\u{30A}berg";
        assert_eq!(clean_name(nfd), "Interview \u{C5}berg");
        assert!(matches!(clean_name("Interview \u{C5}berg"), Cow::Borrowed(_)));
    }

    #[test]
    fn control_characters_and_display_tricks_are_removed_from_names() {
        assert_eq!(clean_name("\u{1B}[31mRed\u{7} code\u{9B}"), "[31mRed code");
        assert_eq!(clean_name("Jan\tde\nVries "), "Jan de Vries");
        assert_eq!(clean_name("Interview\u{202E}txt.exe"), "Interviewtxt.exe");
        assert_eq!(clean_name("Åberg – één 😀"), "Åberg – één 😀");
    }
}
