//! Analysis: the numbers and quotes a thesis appendix needs, computed from the model alone.
//!
//! Everything here is a pure function of a [`Project`] (no SQL, no egui, no IO), so the UI, the
//! CLI and the exporters show the same figures.
//!
//! # Definitions
//!
//! * **Coding**: one coded stretch of text (a [`Coding`]). A passage coded with two codes is two
//!   codings.
//! * **Respondent of a coding**: the case of the speaker turn that contains the coding's *start*
//!   (the lowest-id turn with a respondent, if turns overlap), else the document's case (exactly
//!   [`Project::coding_case`]). A coding in an interviewer turn of a document without a case has
//!   *no* respondent: it counts as a coding, never as a respondent, and the attribute filter
//!   excludes it.
//! * **Own** counts of a code count codings made with that code itself; **total** (aggregated)
//!   counts cover the code and its whole subtree. Total codings are a sum (every coding has exactly
//!   one code); total respondents and documents are *distinct* (a respondent coded under two
//!   children counts once at the parent), never summed.
//! * **Turn of a coding** (for [`CoMode::SameTurn`]): the speaker turn (of anyone, interviewer
//!   included) containing the coding's start; codings outside every turn have none.
//! * Respondents are listed in natural order of their labels ([`natural_cmp`]: `A2` before `A10`,
//!   letters compared first, then the number), documents in natural order of their names.
//! * Tree order is depth first, siblings by `position` then id; depth is 1 for top-level codes
//!   (as [`Project::depth`]). A code whose parent is missing is treated as top level.
//!
//! # Performance
//!
//! [`Analysis::new`] takes the project's index ([`crate::core::index`]), so the respondent and
//! turn of a coding are found by binary search over per-document segment lists. Every function
//! is then linear in the number of codings (plus, for overlap co-occurrence, the number of
//! overlapping pairs). Build one [`Analysis`] and call several methods on it when you need several
//! tables; the free functions build one per call.

use super::model::*;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};

mod filter;
mod memos;
mod quotes;
mod results;
mod tables;
pub use filter::*;
pub use memos::*;
pub use quotes::*;
pub use results::*;

// ---------------------------------------------------------------------------------------------
// Natural order and citations
// ---------------------------------------------------------------------------------------------

/// Natural order for respondent labels and document names: runs of digits compare by value, other
/// runs case-insensitively, so `A2 < A10 < M1 < R1 < R2 < R10`. Ties fall back to plain string
/// order so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digit = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digit.is_some_and(|x| x != d) {
                out.push((digit.unwrap(), &s[start..i]));
                start = i;
            }
            digit = Some(d);
        }
        if let Some(d) = digit {
            out.push((d, &s[start..]));
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let ord = match (x.0, y.0) {
            (true, true) => {
                let (tx, ty) = (x.1.trim_start_matches('0'), y.1.trim_start_matches('0'));
                tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty))
            }
            (false, false) => x.1.to_lowercase().cmp(&y.1.to_lowercase()),
            // A label starting with a number sorts before one with letters at that place.
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// Respondent labels in citation form: `(M1, R1, R2)`; empty string when there are none.
pub fn citation<S: AsRef<str>>(labels: &[S]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let joined: Vec<&str> = labels.iter().map(|s| s.as_ref()).collect();
    format!("({})", joined.join(", "))
}

// ---------------------------------------------------------------------------------------------
// The code tree in depth-first order
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, Clone)]
struct Tree {
    /// Code ids in depth-first order.
    order: Vec<Id>,
    index: HashMap<Id, usize>,
    depth: Vec<usize>,
    /// The subtree of `order[i]` is `order[i..end[i]]`.
    end: Vec<usize>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
}

impl Tree {
    fn build(project: &Project) -> Tree {
        let mut kids: HashMap<Option<Id>, Vec<&Code>> = HashMap::new();
        for c in project.codes.values() {
            let parent = c.parent.filter(|p| project.codes.contains_key(p) && *p != c.id);
            kids.entry(parent).or_default().push(c);
        }
        for v in kids.values_mut() {
            v.sort_by_key(|c| (c.position, c.id));
        }
        let mut t = Tree::default();
        // Iterative DFS; `visited` guards against cycles in a corrupt tree.
        let mut visited = HashSet::new();
        fn visit(
            id: Id,
            depth: usize,
            parent: Option<usize>,
            kids: &HashMap<Option<Id>, Vec<&Code>>,
            t: &mut Tree,
            visited: &mut HashSet<Id>,
        ) {
            if !visited.insert(id) {
                return;
            }
            let i = t.order.len();
            t.order.push(id);
            t.index.insert(id, i);
            t.depth.push(depth);
            t.end.push(i + 1);
            t.children.push(Vec::new());
            t.parent.push(parent);
            if let Some(p) = parent {
                t.children[p].push(i);
            }
            if let Some(cs) = kids.get(&Some(id)) {
                for c in cs {
                    visit(c.id, depth + 1, Some(i), kids, t, visited);
                }
            }
            t.end[i] = t.order.len();
        }
        if let Some(roots) = kids.get(&None) {
            for c in roots {
                visit(c.id, 1, None, &kids, &mut t, &mut visited);
            }
        }
        // Codes only reachable through a cycle: append as top level so nothing is lost.
        for c in project.codes.values() {
            if !visited.contains(&c.id) {
                visit(c.id, 1, None, &kids, &mut t, &mut visited);
            }
        }
        t
    }

    fn len(&self) -> usize {
        self.order.len()
    }
}

// ---------------------------------------------------------------------------------------------
// The analysis context
// ---------------------------------------------------------------------------------------------

/// A filtered coding with its respondent and turn looked up.
#[derive(Debug, Clone, Copy)]
struct Rec<'p> {
    coding: &'p Coding,
    code: usize,
    case: Option<Id>,
}

/// Precomputed lookups over one project; cheap to build (linear in turns, codes, cases,
/// documents, plus sorting).
pub struct Analysis<'p> {
    pub project: &'p Project,
    tree: Tree,
    /// Respondents in natural label order, and each one's rank in it.
    case_order: Vec<Id>,
    case_rank: HashMap<Id, usize>,
    doc_order: Vec<Id>,
    doc_rank: HashMap<Id, usize>,
    /// The project's index: respondent and turn of a position by binary search.
    index: std::sync::Arc<super::index::Index>,
}

impl<'p> Analysis<'p> {
    pub fn new(project: &'p Project) -> Self {
        let tree = Tree::build(project);
        let mut case_order: Vec<Id> = project.cases.keys().copied().collect();
        case_order.sort_by(|a, b| natural_cmp(&project.cases[a].label, &project.cases[b].label).then(a.cmp(b)));
        let case_rank = case_order.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        let mut doc_order: Vec<Id> = project.documents.keys().copied().collect();
        doc_order.sort_by(|a, b| natural_cmp(&project.documents[a].name, &project.documents[b].name).then(a.cmp(b)));
        let doc_rank = doc_order.iter().enumerate().map(|(i, &id)| (id, i)).collect();

        let index = project.index();
        Analysis { project, tree, case_order, case_rank, doc_order, doc_rank, index }
    }

    /// The respondent at a position (same answer as [`Project::case_at`], by binary search).
    pub fn case_at(&self, document: Id, pos: usize) -> Option<Id> {
        self.index.case_at(self.project, document, pos)
    }

    /// The speaker turn containing a position (any speaker).
    pub fn turn_at(&self, document: Id, pos: usize) -> Option<Id> {
        self.index.turn_at(document, pos)
    }

    /// Code ids in tree order.
    pub fn tree_order(&self) -> &[Id] {
        &self.tree.order
    }

    fn records(&self, filter: &Filter) -> Vec<Rec<'p>> {
        self.records_in(filter, None)
    }

    /// The codings under `filter`, of the codes at tree positions `codes` only when given (found
    /// through the index, so quoting one code costs its own codings, not a pass over all).
    fn records_in(&self, filter: &Filter, codes: Option<std::ops::Range<usize>>) -> Vec<Rec<'p>> {
        let coders: HashSet<Id> = filter.coders.iter().copied().collect();
        let docs: HashSet<Id> = filter.documents.iter().copied().collect();
        let allowed: Option<HashSet<Id>> = filter.attribute.as_ref().map(|_| {
            self.project
                .cases
                .values()
                .filter(|c| case_matches(self.project, c, &filter.attribute))
                .map(|c| c.id)
                .collect()
        });
        let mut out = Vec::new();
        let codings: Box<dyn Iterator<Item = &'p Coding>> = match codes {
            None => Box::new(self.project.codings.values()),
            Some(range) => {
                let index = self.index.clone();
                let ids: Vec<Id> = self.tree.order[range]
                    .iter()
                    .flat_map(|&code| index.codings_of_code(code).iter().map(|k| k.id).collect::<Vec<_>>())
                    .collect();
                Box::new(ids.into_iter().filter_map(|id| self.project.codings.get(&id)))
            }
        };
        for c in codings {
            if (!coders.is_empty() && !coders.contains(&c.coder)) || (!docs.is_empty() && !docs.contains(&c.document)) {
                continue;
            }
            let Some(&code) = self.tree.index.get(&c.code) else { continue };
            // Worked out once per coding when the index was built.
            let case = self.index.coding_case(c.id);
            if let Some(allowed) = &allowed
                && !case.is_some_and(|k| allowed.contains(&k))
            {
                continue;
            }
            out.push(Rec { coding: c, code, case });
        }
        out
    }

    /// Respondents that can appear as matrix columns under `filter`: those matching the attribute
    /// filter and, with a document filter, those that belong to or speak in one of the documents.
    fn cases_in_scope(&self, filter: &Filter) -> Vec<Id> {
        let in_docs: Option<HashSet<Id>> = (!filter.documents.is_empty()).then(|| {
            let docs: HashSet<Id> = filter.documents.iter().copied().collect();
            let mut s: HashSet<Id> = HashSet::new();
            for d in &docs {
                if let Some(c) = self.project.documents.get(d).and_then(|d| d.case) {
                    s.insert(c);
                }
            }
            for t in self.project.turns.values() {
                if let Some(c) = t.case.filter(|_| docs.contains(&t.document)) {
                    s.insert(c);
                }
            }
            s
        });
        self.case_order
            .iter()
            .copied()
            .filter(|id| case_matches(self.project, &self.project.cases[id], &filter.attribute))
            .filter(|id| in_docs.as_ref().is_none_or(|s| s.contains(id)))
            .collect()
    }

    fn label(&self, case: Id) -> String {
        self.project.cases.get(&case).map(|c| c.label.clone()).unwrap_or_default()
    }

    fn code(&self, i: usize) -> &'p Code {
        &self.project.codes[&self.tree.order[i]]
    }

    fn path(&self, i: usize) -> Vec<String> {
        let mut p = Vec::new();
        let mut cur = Some(i);
        // Walk up the built tree (not Project::ancestors) so a broken parent link cannot loop.
        while let Some(j) = cur {
            p.push(self.code(j).name.clone());
            cur = self.tree.parent[j];
        }
        p.reverse();
        p
    }

    fn matrix_rows(&self) -> Vec<MatrixRow> {
        (0..self.tree.len())
            .map(|i| MatrixRow {
                code: self.tree.order[i],
                name: self.code(i).name.clone(),
                depth: self.tree.depth[i],
                path: self.path(i),
            })
            .collect()
    }

    /// Own and total counts per tree index from a set of records.
    fn counts_of(&self, recs: &[&Rec<'p>]) -> (Vec<Counts>, Vec<Counts>) {
        let n = self.tree.len();
        let mut codings = vec![0usize; n];
        let mut without = vec![0usize; n];
        let mut cases: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        let mut docs: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        for r in recs {
            codings[r.code] += 1;
            match r.case.and_then(|c| self.case_rank.get(&c)) {
                Some(&rank) => {
                    cases[r.code].insert(rank);
                }
                None => without[r.code] += 1,
            }
            if let Some(&d) = self.doc_rank.get(&r.coding.document) {
                docs[r.code].insert(d);
            }
        }
        let mut t_codings = codings.clone();
        let mut t_without = without.clone();
        let mut t_cases = cases.clone();
        let mut t_docs = docs.clone();
        // Children come after their parent in depth-first order: fold them in from the back.
        for i in (0..n).rev() {
            for &k in &self.tree.children[i] {
                t_codings[i] += t_codings[k];
                t_without[i] += t_without[k];
                let (kc, kd) = (t_cases[k].clone(), t_docs[k].clone());
                t_cases[i].extend(kc);
                t_docs[i].extend(kd);
            }
        }
        let make = |c: usize, w: usize, cs: &BTreeSet<usize>, ds: &BTreeSet<usize>| {
            let respondents: Vec<Id> = cs.iter().map(|&r| self.case_order[r]).collect();
            Counts {
                codings: c,
                without_respondent: w,
                respondent_labels: respondents.iter().map(|&id| self.label(id)).collect(),
                respondents,
                documents: ds.iter().map(|&d| self.doc_order[d]).collect(),
            }
        };
        let own = (0..n).map(|i| make(codings[i], without[i], &cases[i], &docs[i])).collect();
        let total = (0..n).map(|i| make(t_codings[i], t_without[i], &t_cases[i], &t_docs[i])).collect();
        (own, total)
    }
}

// ---------------------------------------------------------------------------------------------
// Free functions (build an Analysis per call)
// ---------------------------------------------------------------------------------------------

pub fn code_frequencies(project: &Project, filter: &Filter) -> Vec<CodeRow> {
    Analysis::new(project).code_frequencies(filter)
}

pub fn frequencies_by_group(
    project: &Project,
    filter: &Filter,
    by: impl Into<GroupBy>,
    aggregate: bool,
) -> GroupFrequencies {
    Analysis::new(project).frequencies_by_group(filter, by, aggregate)
}

pub fn code_case_matrix(project: &Project, filter: &Filter, aggregate: bool) -> Matrix {
    Analysis::new(project).code_case_matrix(filter, aggregate)
}

pub fn code_document_matrix(project: &Project, filter: &Filter, aggregate: bool) -> Matrix {
    Analysis::new(project).code_document_matrix(filter, aggregate)
}

pub fn cooccurrence(project: &Project, filter: &Filter, mode: CoMode) -> Matrix {
    Analysis::new(project).cooccurrence(filter, mode)
}

pub fn quotes(
    project: &Project,
    code: Id,
    include_subtree: bool,
    filter: &Filter,
    style: &CitationStyle,
) -> Vec<Quote> {
    Analysis::new(project).quotes(code, include_subtree, filter, style)
}

pub fn respondent_overview(project: &Project) -> RespondentOverview {
    Analysis::new(project).respondent_overview()
}

#[cfg(test)]
mod tests;
