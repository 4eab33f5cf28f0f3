//! The one place where an error becomes a sentence in the user's language. Commands return typed
//! errors ([`UiError`]: the session's and the edits' own, or "select something first"); the app
//! shows them through [`UiError::say`] only, so a message is translated once, the same way for
//! every command, and no code in between turns an error into a `String` early.
//!
//! What is translated: everything the app itself decides (nothing to undo, a code that was
//! deleted meanwhile, select a passage first) and the model's refusals (`core::edit::Refusal`: a
//! range outside the text, a code moved below itself), which the command line says from the same
//! table. Sentences that come from the layers below already written for people (a file that
//! cannot be read) are shown as they are.

use super::i18n::{Key, Lang, tr, trf};
use crate::core::edit::EditError;
use crate::session::SessionError;

#[derive(Debug)]
pub enum UiError {
    /// Undo, redo, an edit refused by the model, or the project file refusing the write.
    Session(SessionError),
    /// The user has to do something first ("Select a passage in the transcript first.").
    Needs(Key),
    /// Number key `n` has no code pinned to it.
    NoPinnedCode(usize),
    /// A sentence a lower layer already wrote for people (import, workflow, withdrawal).
    Said(String),
}

impl From<SessionError> for UiError {
    fn from(e: SessionError) -> Self {
        UiError::Session(e)
    }
}

impl From<EditError> for UiError {
    fn from(e: EditError) -> Self {
        UiError::Session(SessionError::Edit(e))
    }
}

impl From<&str> for UiError {
    fn from(s: &str) -> Self {
        UiError::Said(s.to_string())
    }
}

impl From<String> for UiError {
    fn from(s: String) -> Self {
        UiError::Said(s)
    }
}

impl UiError {
    /// The message for the status bar, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            UiError::Session(SessionError::NothingToUndo) => tr(lang, Key::NothingToUndo).into(),
            UiError::Session(SessionError::NothingToRedo) => tr(lang, Key::NothingToRedo).into(),
            UiError::Session(SessionError::Reloaded) => tr(lang, Key::ProjectReloaded).into(),
            UiError::Session(SessionError::Edit(e)) => edit_error(lang, e),
            UiError::Session(SessionError::Store(e)) => e.to_string(),
            UiError::Needs(k) => tr(lang, *k).into(),
            UiError::NoPinnedCode(n) => trf(lang, Key::NoPinnedCode, &[n]),
            UiError::Said(s) => s.clone(),
        }
    }
}

fn edit_error(lang: Lang, e: &EditError) -> String {
    let what = |kind: &str| {
        let key = match kind {
            "code" => Key::EntityCode,
            "coding" => Key::EntityCoding,
            "document" => Key::EntityDocument,
            "case" | "respondent" => Key::EntityRespondent,
            "memo" => Key::EntityMemo,
            "turn" => Key::EntityTurn,
            "coder" => Key::EntityCoder,
            "attribute" => Key::EntityAttribute,
            _ => return kind.to_string(),
        };
        tr(lang, key).to_string()
    };
    match e {
        EditError::Missing { kind, .. } => trf(lang, Key::ErrGone, &[&what(kind)]),
        EditError::Stale { kind, .. } => trf(lang, Key::ErrChanged, &[&what(kind)]),
        EditError::AlreadyExists { kind, .. } => trf(lang, Key::ErrExists, &[&what(kind)]),
        EditError::Mismatch => tr(lang, Key::ErrInconsistent).into(),
        EditError::Invalid(refusal) => refusal.say(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_deleted_meanwhile_is_said_in_dutch_and_english() {
        let gone = UiError::from(EditError::Missing { kind: "code", id: 7 });
        assert_eq!(gone.say(Lang::Nl), "Deze code bestaat niet meer: intussen verwijderd of ongedaan gemaakt.");
        assert_eq!(gone.say(Lang::En), "This code no longer exists: it was deleted or undone in the meantime.");
        let stale = UiError::from(EditError::Stale { kind: "case", id: 7 });
        assert_eq!(stale.say(Lang::Nl), "Deze respondent is intussen gewijzigd; probeer het opnieuw.");
        assert_eq!(UiError::Session(SessionError::NothingToUndo).say(Lang::Nl), "Niets om ongedaan te maken");
        assert_eq!(UiError::NoPinnedCode(3).say(Lang::En), tr(Lang::En, Key::NoPinnedCode).replace("{0}", "3"));
    }

    #[test]
    fn a_range_outside_the_text_is_refused_in_the_language_of_the_app() {
        use crate::core::actions::{self, NewCode, NewDocument};
        let mut p = crate::core::Project::default();
        let doc = NewDocument { name: "Int", text: "kort", source_name: "int.txt", turns: vec![] };
        let (doc, e) = actions::add_document(&p, doc).unwrap();
        p.apply(&e).unwrap();
        let code = NewCode { parent: None, name: "Vertrouwen", kind: None, color: None, description: "" };
        let (code, e) = actions::add_code(&p, code).unwrap();
        p.apply(&e).unwrap();
        let (coder, e) = actions::ensure_coder(&p, "Anna").unwrap();
        p.apply(&e).unwrap();
        let refused = UiError::from(actions::add_coding(&p, doc, 2, 99, code, coder).unwrap_err());
        assert_eq!(refused.say(Lang::Nl), "het bereik 2..99 valt buiten 'Int', dat 4 tekens heeft");
        assert_eq!(refused.say(Lang::En), "the range 2..99 lies outside 'Int', which has 4 characters");
    }
}
