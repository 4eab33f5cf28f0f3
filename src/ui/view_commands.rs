//! Applying the view commands to the open project's view state: what is selected, which document
//! is shown, where the transcript scrolls, which dialog asks what. None of these changes the
//! project; the ones that end in a change (apply the pinned code to the selection, remove the
//! selected coding) resolve the view state into an [`EditCommand`] and hand it on, so every
//! change is built and performed in one place (`edits.rs`).

use super::commands::{Command, EditCommand};
use super::errors::UiError;
use super::i18n::{Key, Lang, trf};
use super::{Dialog, LeftTab, ProjectState, backend, withdraw_dialog};
use crate::core::analysis::{Analysis, CitationStyle};
use crate::core::edit::EditError;
use crate::core::text::{snap_to_graphemes, snap_to_words};
use crate::core::{DocSpan, Span};

/// What the app needs besides the project state to apply a view command.
pub(super) struct Context {
    pub lang: Lang,
    pub snap_to_words: bool,
    /// The Analysis window's citation template (for "copy as quote").
    pub template: String,
}

/// What applying a command asks of the app afterwards.
#[derive(Default)]
pub(super) struct Outcome {
    /// The status bar's message.
    pub said: Option<String>,
    pub dialog: Option<Dialog>,
    pub clipboard: Option<String>,
    /// The command this one resolved into (a key press → apply that code → add this coding).
    pub then: Option<Command>,
}

impl Outcome {
    pub fn said(text: impl Into<String>) -> Self {
        Outcome { said: Some(text.into()), ..Default::default() }
    }

    fn then(cmd: Command) -> Self {
        Outcome { then: Some(cmd), ..Default::default() }
    }

    fn dialog(d: Dialog) -> Self {
        Outcome { dialog: Some(d), ..Default::default() }
    }
}

impl ProjectState {
    /// Applies a view command (anything but `Command::Edit`); commands for the app as a whole
    /// (files, windows, settings) are handled by `WerkbankApp::apply` before this.
    pub(super) fn apply_view(&mut self, cmd: Command, cx: &Context) -> Result<Outcome, UiError> {
        let lang = cx.lang;
        let done = Ok(Outcome::default());
        match cmd {
            Command::ApplyCode { code } => self.apply_code(code, cx.snap_to_words),
            Command::ApplyPinned(i) => {
                let code = self.pinned.get(i).copied().flatten().filter(|c| self.project().codes.contains_key(c));
                self.apply_by_key(code.ok_or(UiError::NoPinnedCode(i + 1))?)
            }
            Command::RepeatLastCode => {
                let code = self.last_code.filter(|c| self.project().codes.contains_key(c));
                self.apply_by_key(code.ok_or(UiError::Needs(Key::NoLastCode))?)
            }
            Command::ApplyCodeConfirmed { code } => Ok(Outcome::then(Command::ApplyCode { code })),
            Command::ApplyQuickSearch => {
                let code = self.code_matches(&self.quick).first().copied().ok_or(UiError::Needs(Key::NoCodeMatches))?;
                self.quick.clear();
                Ok(Outcome::then(Command::ApplyCode { code }))
            }
            Command::RemoveCoding => {
                let k = self.selected_coding.ok_or(UiError::Needs(Key::SelectCodingFirst))?;
                Ok(Outcome::then(Command::Edit(EditCommand::RemoveCodings { codings: vec![k] })))
            }
            Command::CodeAllHits { code } => {
                let n = backend::code_all(&mut self.session, &self.search, code)?;
                Ok(Outcome::said(trf(lang, Key::CodedHits, &[&n, &self.project().code_path_string(code)])))
            }
            Command::PinCode { slot, code } => {
                if slot < self.pinned.len() {
                    if let Some(c) = code {
                        for s in self.pinned.iter_mut().filter(|s| **s == Some(c)) {
                            *s = None;
                        }
                    }
                    self.pinned[slot] = code;
                    self.save_pinned();
                }
                done
            }
            Command::CopySelection | Command::CopyQuote => self.copy(cmd == Command::CopyQuote, cx),
            Command::SelectCoding(k) => {
                self.selected_coding = k;
                if let Some(code) = k.and_then(|k| self.project().codings.get(&k)).map(|k| k.code) {
                    self.selected_code = Some(code);
                }
                done
            }
            Command::EditCodingMemo(k) => {
                self.selected_coding = Some(k);
                self.selected_code = self.project().codings.get(&k).map(|k| k.code);
                self.focus_coding_memo = true;
                done
            }
            Command::SelectCode(c) => {
                self.selected_code = c;
                done
            }
            Command::RevealCode(c) => {
                self.selected_code = Some(c);
                self.reveal_code = Some(c);
                self.reveal_frames = 4;
                done
            }
            Command::SelectDocument(d) => {
                self.select_document(d);
                done
            }
            Command::Jump { document, start, end } => {
                self.jump(DocSpan::new(document, Span::new(start, end)));
                done
            }
            Command::NextCoding | Command::PreviousCoding => self.step_coding(cmd == Command::NextCoding),
            Command::Search { text } => {
                self.search = text;
                self.search_hits = backend::find(self.project(), &self.search);
                Ok(Outcome::said(trf(lang, Key::Hits, &[&self.search_hits.len()])))
            }
            Command::SetCoderFilter(f) => {
                self.coder_filter = f;
                done
            }
            Command::FocusQuickSearch => {
                self.focus_quick = true;
                done
            }
            Command::FocusSearch => {
                self.left_tab = LeftTab::Search;
                self.focus_search = true;
                done
            }
            Command::NewCodeDialog { parent } => Ok(Outcome::dialog(Dialog::NewCode { parent, name: String::new() })),
            Command::RenameCodeDialog => {
                let code = self.selected_code.ok_or(UiError::Needs(Key::SelectCodeFirst))?;
                let name = self.project().codes.get(&code).map(|c| c.name.clone()).unwrap_or_default();
                Ok(Outcome::dialog(Dialog::RenameCode { code, name }))
            }
            Command::MergeCodeDialog => {
                let source = self.selected_code.ok_or(UiError::Needs(Key::SelectCodeFirst))?;
                Ok(Outcome::dialog(Dialog::MergeCode { source, target: None, filter: String::new() }))
            }
            Command::DeleteCodeDialog => {
                let code = self.selected_code.ok_or(UiError::Needs(Key::SelectCodeFirst))?;
                Ok(Outcome::dialog(Dialog::DeleteCode { code, move_to: None }))
            }
            Command::DeleteDocumentDialog { document } => {
                let d = self
                    .project()
                    .documents
                    .get(&document)
                    .ok_or(EditError::Missing { kind: "document", id: document })?;
                let subject =
                    crate::withdrawal::Subject::Document { name: d.name.clone(), text_hash: Some(d.text_hash.clone()) };
                Ok(Outcome::dialog(withdraw_dialog(self, subject, lang)))
            }
            Command::DeleteRespondentDialog { case } => {
                let c = self.project().cases.get(&case).ok_or(EditError::Missing { kind: "case", id: case })?;
                let subject = crate::withdrawal::Subject::Respondent { label: c.label.clone() };
                Ok(Outcome::dialog(withdraw_dialog(self, subject, lang)))
            }
            // From the backups too: `WerkbankApp::apply` does that on a worker after this.
            Command::Withdraw { subject, .. } => self.withdraw(subject, lang),
            _ => done,
        }
    }

    /// `span` of `doc` widened to whole words (`words`) or at least whole grapheme clusters,
    /// through the document's cached char index (never a walk over the whole text).
    fn snapped(&self, doc: crate::core::model::Id, span: Span, words: bool) -> Option<Span> {
        let p = self.project();
        let (d, ix) = (p.documents.get(&doc)?, p.char_index(doc)?);
        Some(if words { snap_to_words(&d.text, &ix, span) } else { snap_to_graphemes(&d.text, &ix, span) })
    }

    /// The selection (snapped to words when that is on) coded with `code`; with no text selected,
    /// the selected coding is re-coded instead.
    fn apply_code(&mut self, code: crate::core::model::Id, snap: bool) -> Result<Outcome, UiError> {
        let Some(DocSpan { document: doc, span }) = self.selection.filter(|s| !s.span.is_empty()) else {
            return match self.selected_coding.filter(|k| self.project().codings.contains_key(k)) {
                Some(coding) => Ok(Outcome::then(Command::Edit(EditCommand::Recode { coding, code }))),
                None => Err(UiError::Needs(Key::SelectTextFirst)),
            };
        };
        let Span { start, end } = self.snapped(doc, span, snap).ok_or(UiError::Needs(Key::SelectTextFirst))?;
        if start >= end {
            return Err(UiError::Needs(Key::SelectTextFirst));
        }
        let coder = self.session.coder();
        Ok(Outcome::then(Command::Edit(EditCommand::AddCoding { document: doc, start, end, code, coder })))
    }

    /// A number key or "repeat": a key press is quick to make by accident, so a long selection is
    /// confirmed first.
    fn apply_by_key(&self, code: crate::core::model::Id) -> Result<Outcome, UiError> {
        Ok(match self.large_selection() {
            Some((paragraphs, chars)) => Outcome::dialog(Dialog::ConfirmLargeCoding { code, paragraphs, chars }),
            None => Outcome::then(Command::ApplyCode { code }),
        })
    }

    fn copy(&self, as_quote: bool, cx: &Context) -> Result<Outcome, UiError> {
        let DocSpan { document: doc, span } =
            self.selection.filter(|s| !s.span.is_empty()).ok_or(UiError::Needs(Key::SelectTextFirst))?;
        self.project().documents.get(&doc).ok_or(UiError::Needs(Key::SelectTextFirst))?;
        if !as_quote {
            let text = self.project().passage(doc, span.start, span.end).to_string();
            return Ok(Outcome { clipboard: Some(text), ..Outcome::said(trf(cx.lang, Key::Copied, &[&span.len()])) });
        }
        let Span { start: s, end: e } =
            self.snapped(doc, span, cx.snap_to_words).ok_or(UiError::Needs(Key::SelectTextFirst))?;
        let style = CitationStyle::template(cx.template.clone());
        let quote = Analysis::new(self.project())
            .cite_passage(doc, s, e, self.session.coder_name(), &style)
            .ok_or(UiError::Needs(Key::SelectTextFirst))?;
        Ok(Outcome { clipboard: Some(quote.clone()), ..Outcome::said(trf(cx.lang, Key::CopiedQuote, &[&quote])) })
    }

    fn select_document(&mut self, d: crate::core::model::Id) {
        if self.current_doc == Some(d) {
            return;
        }
        self.current_doc = Some(d);
        self.selection = None;
        self.pending_selection = None;
        if self.selected_coding.and_then(|k| self.project().codings.get(&k)).is_some_and(|k| k.document != d) {
            self.selected_coding = None;
        }
    }

    fn jump(&mut self, to: DocSpan) {
        self.current_doc = Some(to.document);
        self.selection = None;
        self.pending_scroll = Some(to.span);
        self.last_jump = Some(to);
        if let Some(k) = self.project().codings.values().find(|k| k.document == to.document && k.span() == to.span) {
            self.selected_coding = Some(k.id);
        }
    }

    /// F8 / Shift+F8: the next or previous visible coding, relative to what is on screen: the
    /// selected coding when it is in view, otherwise the top of the view (after scrolling, F8
    /// goes on from there).
    fn step_coding(&mut self, forward: bool) -> Result<Outcome, UiError> {
        let list = self.visible_codings();
        if list.is_empty() {
            return Err(UiError::Needs(Key::NoCodings));
        }
        let view = self.transcript.visible_chars().filter(|_| self.transcript.shown_document() == self.current_doc);
        let in_view = |s: Span| view.is_none_or(|v| s.start < v.end.max(v.start + 1) && s.end > v.start);
        let cur = self.selected_coding.and_then(|k| list.iter().position(|x| x.0 == k)).filter(|&i| in_view(list[i].1));
        let top = view.map_or(0, |v| v.start);
        let n = list.len();
        let i = match (cur, forward) {
            (None, true) => list.iter().position(|x| x.1.start >= top).unwrap_or(0),
            (None, false) => list.iter().rposition(|x| x.1.start < top).unwrap_or(n - 1),
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        let (id, span) = list[i];
        self.selected_coding = Some(id);
        self.selected_code = self.project().codings.get(&id).map(|k| k.code);
        self.pending_scroll = Some(span);
        self.last_jump = self.current_doc.map(|d| DocSpan::new(d, span));
        Ok(Outcome::default())
    }

    /// Deletes a document or respondent as one undoable action (withdrawal of consent; see
    /// `crate::withdrawal`).
    fn withdraw(&mut self, subject: crate::withdrawal::Subject, lang: Lang) -> Result<Outcome, UiError> {
        use crate::withdrawal;
        let what = subject.describe(lang);
        let edit = withdrawal::deletion(self.project(), &subject)?
            .ok_or_else(|| UiError::Said(crate::workflow::Line::NoLongerInProject.fill(lang, &[&what])))?;
        self.session.perform(edit)?;
        let p = self.session.project();
        if self.current_doc.is_some_and(|d| !p.documents.contains_key(&d)) {
            self.current_doc = p.documents.keys().next().copied();
            self.selection = None;
        }
        if self.selected_case.is_some_and(|c| !p.cases.contains_key(&c)) {
            self.selected_case = None;
        }
        Ok(Outcome::said(crate::workflow::Line::Withdrawn.fill(lang, &[&what])))
    }
}
