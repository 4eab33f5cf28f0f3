//! Performing an [`EditCommand`], and undo/redo: the command builds its edit from the project,
//! the session performs it (one transaction, one undo step), and then the app's own state follows
//! (the new coding selected, a deleted code unpinned, the memo field closed) and the status bar
//! says what was done. Every edit the app makes goes through [`ProjectState::apply_edit`].

use super::commands::EditCommand;
use super::errors::UiError;
use super::i18n::{Key, Lang, tr, trf};
use super::view_commands::Outcome;
use super::{ProjectState, review};
use crate::core::Span;
use crate::core::actions;
use crate::core::edit::{Change, Edit};
use crate::core::model::{DocSpan, Id, Project};
use crate::session::SessionError;

impl ProjectState {
    /// Builds, performs and follows up one edit command.
    pub(super) fn apply_edit(&mut self, cmd: EditCommand, lang: Lang) -> Result<Outcome, UiError> {
        // Said before the edit: a deleted code's name is gone after it.
        let said = done_message(&cmd, self.project(), lang);
        let edit = cmd.build(self.project())?;
        let created = created(&edit);
        self.session.perform(edit)?;
        self.after_edit(&cmd, created);
        Ok(Outcome { said, ..Default::default() })
    }

    /// Undo (or redo) the last action; "nothing to undo" is news, not an error.
    pub(super) fn undo(&mut self, redo: bool, lang: Lang) -> Result<Outcome, UiError> {
        let done = if redo { self.session.redo() } else { self.session.undo() };
        match done {
            Ok(label) => Ok(Outcome::said(trf(lang, if redo { Key::Redone } else { Key::Undone }, &[&label]))),
            Err(e @ (SessionError::NothingToUndo | SessionError::NothingToRedo)) => {
                Ok(Outcome::said(UiError::from(e).say(lang)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The app's state after `cmd` was performed; `created` is the id of the entity it inserted.
    fn after_edit(&mut self, cmd: &EditCommand, created: Option<Id>) {
        use EditCommand as E;
        match cmd {
            E::AddCoding { document, start, end, code, coder } => {
                self.last_code = Some(*code);
                self.pin_if_free(*code);
                // An identical coding is not added twice: then the existing one is selected.
                self.selected_coding = created
                    .or_else(|| actions::identical_coding(self.project(), *document, *start, *end, *code, *coder));
                self.selection = None;
                self.pending_selection = Some(Span::new(*end, *end));
            }
            E::RemoveCodings { codings } => {
                if self.selected_coding.is_some_and(|k| codings.contains(&k)) {
                    self.selected_coding = None;
                }
            }
            E::CreateCode { .. } => self.selected_code = created.or(self.selected_code),
            E::MergeCodes { target, .. } => self.selected_code = Some(*target),
            E::DeleteCode { code, .. } => {
                if self.selected_code == Some(*code) {
                    self.selected_code = None;
                }
                let codes = &self.session.project().codes;
                let before = self.pinned;
                for s in self.pinned.iter_mut() {
                    *s = s.filter(|c| codes.contains_key(c));
                }
                if before != self.pinned {
                    self.save_pinned();
                }
            }
            E::SetMemo { target, .. } => {
                self.memo_edit.remove(target);
            }
            E::AddRespondent { .. } => {
                self.selected_case = created.or(self.selected_case);
                self.new_respondent.clear();
            }
            E::DefineAttribute { .. } => self.new_attr.clear(),
            E::SetAttributes { case, .. } => self.attr_edit.retain(|(c, _), _| c != case),
            E::SetAliases { case, .. } => {
                self.alias_edit.remove(case);
            }
            E::RecordConsensus { document, start, end, .. } => {
                if let Some(r) = &mut self.review {
                    r.memos.remove(&DocSpan::new(*document, Span::new(*start, *end)));
                }
            }
            E::Recode { .. }
            | E::RenameCode { .. }
            | E::SetCodeColor { .. }
            | E::SetCodeDescription { .. }
            | E::MoveCode { .. }
            | E::AssignSpeaker { .. } => {}
        }
    }
}

/// The entity an edit inserts first (the new code, coding or respondent).
fn created(edit: &Edit) -> Option<Id> {
    edit.changes.iter().find_map(|c| match c {
        Change::Insert(e) => Some(e.id()),
        _ => None,
    })
}

/// What the status bar says once `cmd` is done (`None`: the change shows for itself), from the
/// project before the edit.
fn done_message(cmd: &EditCommand, p: &Project, lang: Lang) -> Option<String> {
    use EditCommand as E;
    let path = |code: &Id| p.code_path_string(*code);
    Some(match cmd {
        E::AddCoding { code, .. } => trf(lang, Key::CodedWith, &[&path(code)]),
        E::Recode { code, .. } => trf(lang, Key::Recoded, &[&path(code)]),
        E::RemoveCodings { .. } => tr(lang, Key::CodingRemoved).into(),
        E::CreateCode { name, .. } => trf(lang, Key::CodeCreated, &[name]),
        E::MergeCodes { target, .. } => trf(lang, Key::Merged, &[&path(target)]),
        E::DeleteCode { code, .. } => trf(lang, Key::CodeDeleted, &[&path(code)]),
        E::SetMemo { .. } => tr(lang, Key::MemoSaved).into(),
        E::SetCodeDescription { .. } | E::SetAttributes { .. } | E::SetAliases { .. } => tr(lang, Key::Saved).into(),
        E::RecordConsensus { codes, .. } => {
            trf(lang, Key::ConsensusRecorded, &[&review::code_names(p, codes, lang).replace('\n', "; ")])
        }
        E::RenameCode { .. }
        | E::SetCodeColor { .. }
        | E::MoveCode { .. }
        | E::AddRespondent { .. }
        | E::DefineAttribute { .. }
        | E::AssignSpeaker { .. } => return None,
    })
}
