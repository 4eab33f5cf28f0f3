//! The view model: every tally the panels show, computed once per project revision (or per
//! document generation) from the project's index, never by scanning all codings in a frame.
//!
//! A 200-document, 100,000-coding project must draw its documents tab, code tree, banner,
//! retrieval list and delete dialog in a few milliseconds, and applying a coding must not make
//! the next frame pay for the whole project. So the numbers come from [`crate::core::index`]
//! (codings per document, per code and per coder, respondents per code), which `Project::apply`
//! keeps current in time proportional to the edit; this module only aggregates them up the code
//! tree (linear in codes and respondents) and caches the result until the revision moves.

use super::commands::CoderFilter;
use super::transcript;
use crate::core::index::Index;
use crate::core::model::{Id, Project};
use crate::session::Session;
use std::collections::{HashMap, HashSet};

/// One row of the documents tab.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRow {
    pub id: Id,
    pub name: String,
    /// Respondent labels speaking in the document, sorted.
    pub speakers: Vec<String>,
    pub codings: usize,
}

/// Coding and respondent counts of one code: its subtree's codings, the distinct respondents
/// across its subtree, and its own codings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TreeCount {
    pub total: usize,
    pub respondents: usize,
    pub own: usize,
}

/// What deleting a code takes with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeleteImpact {
    pub subcodes: usize,
    pub codings: usize,
    pub respondents: usize,
}

type Key = (u64, CoderFilter, Id);

#[derive(Default)]
pub struct ViewModel {
    key: Option<Key>,
    docs: Vec<DocRow>,
    /// Per document, the generation its row was built at.
    doc_gen: HashMap<Id, u64>,
    tree: HashMap<Id, TreeCount>,
    /// Codes in depth-first tree order with their depth (1 = top level).
    children: HashMap<Option<Id>, Vec<Id>>,
    hidden: usize,
    retrieval: Option<(Id, Vec<Id>)>,
    impact: Option<(Id, DeleteImpact)>,
    snippets: HashMap<Id, String>,
    /// How many times the per-revision tallies were recomputed (tests check caching holds).
    pub rebuilds: usize,
}

impl ViewModel {
    /// Brings the tallies up to the session's revision and the coder filter; cheap when nothing
    /// moved. Call once per frame before drawing.
    pub fn refresh(&mut self, session: &Session, filter: CoderFilter) {
        let key = (session.revision(), filter, session.coder());
        if self.key == Some(key) {
            return;
        }
        let p = session.project();
        let ix = p.index();
        self.rebuilds += 1;
        self.refresh_docs(p, &ix);
        self.children = children(p);
        self.tree = tree_counts(p, &ix, &self.children, filter, session.coder());
        let total = p.codings.len();
        self.hidden = match filter {
            CoderFilter::All => 0,
            CoderFilter::Mine => total - ix.codings_by_coder(session.coder()),
            CoderFilter::One(c) => total - ix.codings_by_coder(c),
        };
        self.retrieval = None;
        self.impact = None;
        if self.key.is_none_or(|k| k.0 != key.0) {
            self.snippets.clear();
        }
        self.key = Some(key);
    }

    /// Rows of the documents tab, in id order. A row is rebuilt only when its document changed.
    fn refresh_docs(&mut self, p: &Project, ix: &Index) {
        let mut rows = Vec::with_capacity(p.documents.len());
        let mut old: HashMap<Id, DocRow> = std::mem::take(&mut self.docs).into_iter().map(|r| (r.id, r)).collect();
        let mut gens = HashMap::with_capacity(p.documents.len());
        for d in p.documents.values() {
            let g = ix.document_generation(d.id);
            gens.insert(d.id, g);
            let row = match old.remove(&d.id) {
                Some(r) if self.doc_gen.get(&d.id) == Some(&g) => r,
                _ => {
                    let mut speakers: Vec<String> = ix
                        .turns_of_document(d.id)
                        .iter()
                        .filter_map(|t| p.turns.get(&t.id).and_then(|t| t.case))
                        .filter_map(|c| p.cases.get(&c))
                        .map(|c| c.label.clone())
                        .collect();
                    speakers.sort();
                    speakers.dedup();
                    DocRow { id: d.id, name: d.name.clone(), speakers, codings: ix.codings_of_document(d.id).len() }
                }
            };
            rows.push(row);
        }
        self.docs = rows;
        self.doc_gen = gens;
    }

    pub fn documents(&self) -> &[DocRow] {
        &self.docs
    }

    /// The counts shown next to a code in the tree (zero when it has no codings).
    pub fn tree_count(&self, code: Id) -> TreeCount {
        self.tree.get(&code).copied().unwrap_or_default()
    }

    /// Children of a code (None = top level) in sibling order.
    pub fn children(&self, parent: Option<Id>) -> &[Id] {
        self.children.get(&parent).map_or(&[], |v| v.as_slice())
    }

    /// Codings the coder filter hides (the banner).
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// The retrieval list of `code`: codings of its subtree visible under the filter, by document
    /// and position. Found once per revision, filter and code.
    pub fn retrieval(&mut self, session: &Session, filter: CoderFilter, code: Id) -> &[Id] {
        self.refresh(session, filter);
        if self.retrieval.as_ref().is_none_or(|r| r.0 != code) {
            let p = session.project();
            let ix = p.index();
            let me = session.coder();
            let mut rows: Vec<(Id, usize, Id)> = Vec::new();
            let codes = subtree(&self.children, code);
            for &c in &codes {
                rows.extend(
                    ix.codings_of_code(c)
                        .iter()
                        .filter(|k| transcript::visible_coding(p, filter, me, k.coder))
                        .map(|k| (k.document, k.start, k.id)),
                );
            }
            // Each code's list is in this order already; only a subtree's lists need merging.
            if codes.len() > 1 {
                rows.sort_unstable();
            }
            self.retrieval = Some((code, rows.into_iter().map(|r| r.2).collect()));
        }
        self.retrieval.as_ref().map_or(&[], |r| r.1.as_slice())
    }

    /// `code` and every code below it, parents first.
    pub fn subtree(&self, code: Id) -> Vec<Id> {
        subtree(&self.children, code)
    }

    /// What deleting `code` would take with it (all coders' codings, like the delete itself).
    pub fn delete_impact(&mut self, session: &Session, filter: CoderFilter, code: Id) -> DeleteImpact {
        self.refresh(session, filter);
        let p = session.project();
        if let Some((c, i)) = self.impact
            && c == code
        {
            return i;
        }
        let ix = p.index();
        let codes = subtree(&self.children, code);
        let mut cases = HashSet::new();
        let mut codings = 0;
        for c in &codes {
            for (_, case, n) in ix.tallies_of_code(*c) {
                codings += n;
                cases.extend(case);
            }
        }
        let i = DeleteImpact { subcodes: codes.len().saturating_sub(1), codings, respondents: cases.len() };
        self.impact = Some((code, i));
        i
    }

    /// The retrieval row's text for a coding, made once per revision (walking a long transcript
    /// to the passage is not free).
    pub fn snippet(&mut self, coding: Id, make: impl FnOnce() -> String) -> &str {
        self.snippets.entry(coding).or_insert_with(make)
    }
}

/// Children per parent in sibling order, from the code table's index; a code whose parent is
/// missing counts as top level (as in the analysis tables).
fn children(p: &Project) -> HashMap<Option<Id>, Vec<Id>> {
    let mut kids: HashMap<Option<Id>, Vec<Id>> = HashMap::new();
    kids.insert(None, p.codes.children_of(None).map(|c| c.id).collect());
    for c in p.codes.values() {
        let below: Vec<Id> = p.codes.children_of(Some(c.id)).filter(|k| k.id != c.id).map(|k| k.id).collect();
        if !below.is_empty() {
            kids.insert(Some(c.id), below);
        }
        if c.parent.is_some_and(|q| !p.codes.contains_key(&q) || q == c.id) {
            kids.entry(None).or_default().push(c.id);
        }
    }
    kids
}

/// `code` and every code below it, parents first (never loops on a corrupt tree).
fn subtree(children: &HashMap<Option<Id>, Vec<Id>>, code: Id) -> Vec<Id> {
    let mut out = vec![code];
    let mut seen: HashSet<Id> = HashSet::from([code]);
    let mut i = 0;
    while i < out.len() {
        for &k in children.get(&Some(out[i])).into_iter().flatten() {
            if seen.insert(k) {
                out.push(k);
            }
        }
        i += 1;
    }
    out
}

/// Per code: codings in its subtree, distinct respondents in its subtree, own codings, under the
/// coder filter. The same figures as `analysis::code_frequencies`, from the index's tallies.
fn tree_counts(
    p: &Project,
    ix: &Index,
    children: &HashMap<Option<Id>, Vec<Id>>,
    filter: CoderFilter,
    me: Id,
) -> HashMap<Id, TreeCount> {
    // Post-order over the tree: each code's respondents are the union of its own and its children's.
    let mut out: HashMap<Id, TreeCount> = HashMap::new();
    let mut order: Vec<Id> = Vec::with_capacity(p.codes.len());
    let mut stack: Vec<Id> = children.get(&None).into_iter().flatten().rev().copied().collect();
    let mut seen: HashSet<Id> = HashSet::new();
    while let Some(c) = stack.pop() {
        if !seen.insert(c) {
            continue;
        }
        order.push(c);
        stack.extend(children.get(&Some(c)).into_iter().flatten().rev().copied());
    }
    let mut cases: HashMap<Id, HashSet<Id>> = HashMap::new();
    for &c in order.iter().rev() {
        let mut own = 0;
        let mut mine: HashSet<Id> = HashSet::new();
        for (coder, case, n) in ix.tallies_of_code(c) {
            if transcript::visible_coding(p, filter, me, coder) {
                own += n;
                mine.extend(case);
            }
        }
        let mut total = own;
        for k in children.get(&Some(c)).into_iter().flatten() {
            total += out.get(k).map_or(0, |t| t.total);
            if let Some(s) = cases.remove(k) {
                if mine.len() < s.len() {
                    let small = std::mem::replace(&mut mine, s);
                    mine.extend(small);
                } else {
                    mine.extend(s);
                }
            }
        }
        if total > 0 {
            out.insert(c, TreeCount { total, respondents: mine.len(), own });
        }
        cases.insert(c, mine);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analysis::{Filter, code_frequencies};

    /// A study with two coders, respondents mapped from speakers, one speaker left unmapped and a
    /// document-level respondent: the tree shows the same figures as the analysis tables.
    #[test]
    fn tree_counts_from_the_index_equal_the_analysis_figures() {
        use crate::core::actions;
        let dir = tempfile::tempdir().unwrap();
        let mut s = crate::workload::synthetic_project(&dir.path().join("t.werkbank"), 20_000, 1_500).unwrap();
        let doc = *s.project().documents.keys().next().unwrap();
        let mut speakers: Vec<String> = s.project().turns.values().map(|t| t.speaker.to_string()).collect();
        speakers.sort();
        speakers.dedup();
        assert!(speakers.len() >= 2, "{speakers:?}");
        for (i, sp) in speakers.iter().enumerate().skip(1) {
            let case = s.run(|p| actions::add_case(p, &format!("R{i}"))).unwrap();
            s.run(|p| Ok(((), actions::assign_speaker(p, Some(doc), sp, Some(case))?))).unwrap();
        }
        let whole = s.run(|p| actions::add_case(p, "M1")).unwrap();
        s.run(|p| Ok(((), actions::change_document(p, doc, "case", |d| d.case = Some(whole))?))).unwrap();
        let first = s.coder();
        s.switch_coder("tweede").unwrap();
        let codes: Vec<Id> = s.project().codes.values().filter(|c| c.codable).map(|c| c.id).take(5).collect();
        for (i, code) in codes.iter().enumerate() {
            let ranges: Vec<(Id, usize, usize)> =
                (0..40).map(|j| (doc, i * 700 + j * 13, i * 700 + j * 13 + 9)).collect();
            s.run(|p| Ok(((), actions::code_ranges(p, &ranges, *code, s_coder(p, "tweede"))?))).unwrap();
        }
        let p = s.project();
        let mut filters = vec![CoderFilter::All, CoderFilter::Mine, CoderFilter::One(first)];
        filters.extend(p.coders.keys().map(|c| CoderFilter::One(*c)));
        for filter in filters {
            let mut vm = ViewModel::default();
            vm.refresh(&s, filter);
            let who = match filter {
                CoderFilter::All => vec![],
                CoderFilter::Mine => vec![s.coder()],
                CoderFilter::One(c) => vec![c],
            };
            let rows = code_frequencies(p, &Filter::all().coders(who));
            let mut with_respondents = 0;
            for r in rows {
                let want =
                    TreeCount { total: r.total.codings, respondents: r.total.respondent_count(), own: r.own.codings };
                let want = if want.total > 0 { want } else { TreeCount::default() };
                assert_eq!(vm.tree_count(r.code), want, "{filter:?} code {}", r.code);
                with_respondents += usize::from(want.respondents > 1);
            }
            assert!(with_respondents > 0, "{filter:?}: the study has codes with several respondents");
        }
    }

    fn s_coder(p: &Project, name: &str) -> Id {
        p.coder_by_name(name).unwrap().id
    }
}
