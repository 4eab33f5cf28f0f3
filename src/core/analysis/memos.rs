//! Which memos a filtered report lists, and whether a filtered report has any passage at all.
//!
//! Why a module of its own: a memo is about the project, a document, a code, a respondent or a
//! coding, and each filter (coders, documents, a respondent attribute, a branch of the code tree)
//! means something different for each of them. `export memos` used to ignore every filter, so the
//! memos of "one branch, coder Anna" came out as all memos under an unfiltered title.

use super::*;

/// One memo as a report lists it: a memo of the project's memo table, or the memo text a
/// REFI-QDA import kept on the coding itself (author: the coding's coder, date: when it was
/// coded, no title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoEntry {
    pub target: MemoTarget,
    pub author: Id,
    pub updated_at: Timestamp,
    pub title: String,
    pub text: String,
}

impl<'p> Analysis<'p> {
    /// The memos within `filter` and the subtree of `branch`, in the order they were written
    /// (coding texts from an import after the memo table):
    ///
    /// * the project's memo only when nothing is filtered;
    /// * a code's memo when the code is in the branch, never with a document or attribute filter
    ///   (a code is about no document or respondent);
    /// * a document's memo when the document is chosen and its respondent has the attribute; never
    ///   with a branch;
    /// * a respondent's memo when the respondent has the attribute and belongs to or speaks in a
    ///   chosen document; never with a branch;
    /// * a coding's memo when the coding is counted under the filter (its coder, document and
    ///   respondent) and its code is in the branch.
    ///
    /// With chosen coders a memo that is not about a coding counts when one of them wrote it.
    pub fn memos(&self, filter: &Filter, branch: Option<Id>) -> Vec<MemoEntry> {
        let p = self.project;
        let codes: Option<HashSet<Id>> = branch.map(|b| p.subtree(b).into_iter().collect());
        let range = branch.and_then(|b| self.tree.index.get(&b)).map(|&i| i..self.tree.end[i]);
        let codings: HashSet<Id> = if branch.is_some() && range.is_none() {
            HashSet::new()
        } else {
            self.records_in(filter, range).iter().map(|r| r.coding.id).collect()
        };
        let about_documents = !filter.documents.is_empty();
        let about_respondents = filter.attribute.is_some();
        let by_coders = !filter.coders.is_empty();
        let unfiltered = !about_documents && !about_respondents && !by_coders && branch.is_none();
        let cases = (about_documents || about_respondents).then(|| self.cases_in_scope(filter));
        let written = |m: &Memo| !by_coders || filter.coders.contains(&m.author);
        let passes = |m: &Memo| match m.target {
            MemoTarget::Project => unfiltered,
            MemoTarget::Code(c) => {
                !about_documents && !about_respondents && codes.as_ref().is_none_or(|s| s.contains(&c)) && written(m)
            }
            MemoTarget::Document(d) => {
                branch.is_none()
                    && (!about_documents || filter.documents.contains(&d))
                    && (!about_respondents
                        || p.documents
                            .get(&d)
                            .and_then(|d| d.case)
                            .and_then(|c| p.cases.get(&c))
                            .is_some_and(|c| case_matches(p, c, &filter.attribute)))
                    && written(m)
            }
            MemoTarget::Case(c) => branch.is_none() && cases.as_ref().is_none_or(|s| s.contains(&c)) && written(m),
            MemoTarget::Coding(k) => codings.contains(&k),
        };
        let entry = |m: &Memo| MemoEntry {
            target: m.target,
            author: m.author,
            updated_at: m.updated_at,
            title: m.title.clone(),
            text: m.text.clone(),
        };
        let mut out: Vec<MemoEntry> = p.memos.values().filter(|m| passes(m)).map(entry).collect();
        // A coding's own memo text (REFI-QDA imports keep it there) unless the memo table holds it.
        let index = p.index();
        for k in p.codings.values().filter(|k| !k.memo.trim().is_empty() && codings.contains(&k.id)) {
            let known =
                index.memos_of(MemoTarget::Coding(k.id)).filter_map(|m| p.memos.get(&m)).any(|m| m.text == k.memo);
            if !known {
                out.push(MemoEntry {
                    target: MemoTarget::Coding(k.id),
                    author: k.coder,
                    updated_at: k.created_at,
                    title: String::new(),
                    text: k.memo.clone(),
                });
            }
        }
        out
    }

    /// How many codings a report of `branch` (with `subtree`, and the codes below it; every code
    /// without a branch) counts under `filter`: 0 means the report has no passage to show.
    pub fn passages(&self, filter: &Filter, branch: Option<Id>, subtree: bool) -> usize {
        match branch {
            None => self.records(filter).len(),
            Some(b) => match self.tree.index.get(&b) {
                Some(&i) => self.records_in(filter, Some(i..if subtree { self.tree.end[i] } else { i + 1 })).len(),
                None => 0,
            },
        }
    }
}

/// What a coding's memo says: its memo in the memo table (written in the app or with `memo
/// --coding`), else the text a REFI-QDA import kept on the coding; "" for none.
pub fn coding_memo<'a>(project: &'a Project, coding: &'a Coding) -> &'a str {
    project
        .memo_for(MemoTarget::Coding(coding.id))
        .map(|m| m.text.as_str())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&coding.memo)
}
