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
//! [`Analysis::new`] builds, once, per-document sorted segment lists for the speaker turns, so the
//! respondent and turn of a coding are found by binary search (never `Project::case_at`, which
//! scans all turns). Every function is then linear in the number of codings (plus, for overlap
//! co-occurrence, the number of overlapping pairs). Build one [`Analysis`] and call several methods
//! on it when you need several tables; the free functions build one per call.

use super::model::*;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

// ---------------------------------------------------------------------------------------------
// Filter
// ---------------------------------------------------------------------------------------------

/// Which codings an analysis looks at. An empty list means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only codings made by these coders.
    pub coders: Vec<Id>,
    /// Only codings in these documents.
    pub documents: Vec<Id>,
    /// Only codings whose respondent has this attribute value (name, value), compared after
    /// trimming, case-sensitively. Codings without a respondent are excluded when this is set.
    pub attribute: Option<(String, String)>,
}

impl Filter {
    pub fn all() -> Self {
        Filter::default()
    }
    pub fn coders(mut self, coders: impl IntoIterator<Item = Id>) -> Self {
        self.coders = coders.into_iter().collect();
        self
    }
    pub fn documents(mut self, docs: impl IntoIterator<Item = Id>) -> Self {
        self.documents = docs.into_iter().collect();
        self
    }
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attribute = Some((name.into(), value.into()));
        self
    }
}

/// Why a filter or grouping will give an empty or meaningless table: the user most likely
/// mistyped a name. The CLI prints these as warnings (an error with `--strict`); the app shows them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterWarning {
    #[error("no respondent has an attribute '{name}' (known attributes: {known})")]
    UnknownAttribute { name: String, known: String },
    #[error("no respondent has {name} = {value} (values of {name}: {known})")]
    NoSuchValue { name: String, value: String, known: String },
    #[error("the filter matches no codings: every count is 0")]
    NoCodings,
}

/// Attribute names used by respondents or defined in the project, in natural order.
fn attribute_names(project: &Project) -> Vec<String> {
    let mut names: BTreeSet<String> = project.attribute_defs.values().map(|d| d.name.clone()).collect();
    names.extend(project.cases.values().flat_map(|c| c.attributes.keys().cloned()));
    let mut v: Vec<String> = names.into_iter().collect();
    v.sort_by(|a, b| natural_cmp(a, b));
    v
}

/// A warning when no respondent has attribute `name` (for `--by` and the attribute filter).
pub fn check_attribute(project: &Project, name: &str) -> Option<FilterWarning> {
    let has = project.cases.values().any(|c| c.attributes.get(name).is_some_and(|v| !v.trim().is_empty()));
    (!has).then(|| FilterWarning::UnknownAttribute { name: name.into(), known: attribute_names(project).join(", ") })
}

/// What is wrong with `filter` for this project: an unknown attribute, a value no respondent has,
/// or no coding left at all. Empty when the filter selects something.
pub fn filter_warnings(project: &Project, filter: &Filter) -> Vec<FilterWarning> {
    let mut out = Vec::new();
    if let Some((name, value)) = &filter.attribute {
        if let Some(w) = check_attribute(project, name) {
            out.push(w);
        } else if !project.cases.values().any(|c| case_matches(c, &filter.attribute)) {
            let values: BTreeSet<&str> =
                project.cases.values().filter_map(|c| c.attributes.get(name)).map(|v| v.trim()).collect();
            let known: Vec<&str> = values.into_iter().filter(|v| !v.is_empty()).collect();
            out.push(FilterWarning::NoSuchValue { name: name.clone(), value: value.clone(), known: known.join(", ") });
        }
    }
    if !project.codings.is_empty() && Analysis::new(project).records(filter).is_empty() {
        out.push(FilterWarning::NoCodings);
    }
    out
}

/// Whether respondent `case` satisfies the attribute part of a filter.
fn case_matches(case: &Case, attribute: &Option<(String, String)>) -> bool {
    match attribute {
        None => true,
        Some((name, value)) => case.attributes.get(name).is_some_and(|v| v.trim() == value.trim()),
    }
}

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
// Segment lists: position -> turn / respondent by binary search
// ---------------------------------------------------------------------------------------------

/// Disjoint, sorted half-open ranges with a value each.
#[derive(Debug, Default, Clone)]
struct Segments {
    starts: Vec<usize>,
    ends: Vec<usize>,
    values: Vec<Id>,
}

impl Segments {
    /// `items` are (start, end, priority, value); where items overlap the lowest priority wins
    /// (priority = turn id, matching `Project::case_at`, which takes the first turn in id order).
    fn build(mut items: Vec<(usize, usize, Id, Id)>) -> Segments {
        items.retain(|i| i.0 < i.1);
        items.sort_by_key(|i| (i.0, i.2));
        let mut seg = Segments::default();
        if items.is_empty() {
            return seg;
        }
        let mut bounds: Vec<usize> = items.iter().flat_map(|i| [i.0, i.1]).collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut heap: BinaryHeap<Reverse<(Id, usize, Id)>> = BinaryHeap::new(); // (priority, end, value)
        let mut next = 0;
        for w in bounds.windows(2) {
            let (b, b_next) = (w[0], w[1]);
            while next < items.len() && items[next].0 <= b {
                let (_, end, prio, val) = items[next];
                heap.push(Reverse((prio, end, val)));
                next += 1;
            }
            while heap.peek().is_some_and(|Reverse((_, end, _))| *end <= b) {
                heap.pop();
            }
            if let Some(Reverse((_, _, val))) = heap.peek() {
                let val = *val;
                if seg.ends.last() == Some(&b) && seg.values.last() == Some(&val) {
                    *seg.ends.last_mut().unwrap() = b_next;
                } else {
                    seg.starts.push(b);
                    seg.ends.push(b_next);
                    seg.values.push(val);
                }
            }
        }
        seg
    }

    fn at(&self, pos: usize) -> Option<Id> {
        let i = self.starts.partition_point(|&s| s <= pos);
        if i == 0 {
            return None;
        }
        (pos < self.ends[i - 1]).then(|| self.values[i - 1])
    }
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
// Result types
// ---------------------------------------------------------------------------------------------

/// Counts for one code (own or aggregated over its subtree).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Number of codings.
    pub codings: usize,
    /// Of these, codings without a respondent (e.g. in an interviewer turn).
    pub without_respondent: usize,
    /// Distinct respondents, in natural label order.
    pub respondents: Vec<Id>,
    /// Their labels, same order.
    pub respondent_labels: Vec<String>,
    /// Distinct documents, in natural name order.
    pub documents: Vec<Id>,
}

impl Counts {
    pub fn respondent_count(&self) -> usize {
        self.respondents.len()
    }
    pub fn document_count(&self) -> usize {
        self.documents.len()
    }
    /// `(M1, R1, R2)`, or an empty string.
    pub fn citation(&self) -> String {
        citation(&self.respondent_labels)
    }
}

/// One line of the code tree with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    pub code: Id,
    pub name: String,
    pub kind: CodeKind,
    pub color: String,
    /// 1 for top-level codes.
    pub depth: usize,
    /// Names from the root down.
    pub path: Vec<String>,
    /// Codings with this code itself.
    pub own: Counts,
    /// Codings with this code or any code below it (respondents/documents distinct).
    pub total: Counts,
}

impl CodeRow {
    pub fn path_string(&self) -> String {
        self.path.join(" > ")
    }
}

/// A respondent group: all respondents sharing one value of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The attribute value; empty for respondents without a value.
    pub value: String,
    /// Members in natural order (the denominator for "3 of 5 managers").
    pub respondents: Vec<Id>,
    pub respondent_labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub code: Id,
    pub depth: usize,
    pub path: Vec<String>,
    /// One cell per [`GroupFrequencies::groups`] entry.
    pub cells: Vec<Counts>,
}

/// Code counts split by the value of one respondent attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFrequencies {
    pub attribute: String,
    pub aggregate: bool,
    pub groups: Vec<Group>,
    pub rows: Vec<GroupRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub code: Id,
    pub name: String,
    pub depth: usize,
    pub path: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixColumn {
    pub id: Id,
    pub label: String,
}

/// A code x something table of counts. What a count means depends on the function that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub rows: Vec<MatrixRow>,
    pub columns: Vec<MatrixColumn>,
    /// `values[row][column]`.
    pub values: Vec<Vec<usize>>,
}

impl Matrix {
    /// 1 where the count is positive, else 0.
    pub fn presence(&self) -> Vec<Vec<u8>> {
        self.values.iter().map(|r| r.iter().map(|&v| u8::from(v > 0)).collect()).collect()
    }
    pub fn value(&self, row_code: Id, column: Id) -> Option<usize> {
        let r = self.rows.iter().position(|r| r.code == row_code)?;
        let c = self.columns.iter().position(|c| c.id == column)?;
        Some(self.values[r][c])
    }
    pub fn max(&self) -> usize {
        self.values.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// What counts as two codes occurring together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoMode {
    /// Off-diagonal: number of *pairs of codings* (one with each code) in the same document whose
    /// ranges share at least one character. Diagonal: number of codings of the code.
    Overlap,
    /// Number of *speaker turns* containing (the start of) a coding of each code. Diagonal: number
    /// of turns with the code. Codings outside every turn are ignored.
    SameTurn,
    /// Number of *documents* containing a coding of each code. Diagonal: documents with the code.
    SameDocument,
    /// Number of *respondents* with a coding of each code. Diagonal: respondents with the code.
    /// Codings without a respondent are ignored.
    SameRespondent,
}

/// How quotes are cited. The template's placeholders: `{quote}` (the text, whitespace collapsed),
/// `{label}` (respondent label, else the turn's speaker tag, else `?`), `{year}`, `{document}`,
/// `{line}` (1-based line of the coding's start), `{paragraph}` (the paragraph number shown in the
/// transcript's margin), `{position}` (character offset of the start),
/// `{code}` (code path), `{coder}`. Unknown placeholders stay as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationStyle {
    pub template: String,
    pub year: String,
}

impl CitationStyle {
    pub const LABEL: &'static str = "“{quote}” ({label})";
    pub const LABEL_YEAR: &'static str = "“{quote}” ({label}, {year})";
    pub const LABEL_DOCUMENT_LINE: &'static str = "“{quote}” ({label}, {document}, line {line})";

    /// `“…” (R4)`
    pub fn label() -> Self {
        Self::template(Self::LABEL)
    }
    /// `“…” (R4, 2022)`
    pub fn label_year(year: impl ToString) -> Self {
        Self { template: Self::LABEL_YEAR.into(), year: year.to_string() }
    }
    /// `“…” (R4, Interview 3, line 12)`
    pub fn label_document_line() -> Self {
        Self::template(Self::LABEL_DOCUMENT_LINE)
    }
    pub fn template(template: impl Into<String>) -> Self {
        Self { template: template.into(), year: String::new() }
    }
    pub fn with_year(mut self, year: impl ToString) -> Self {
        self.year = year.to_string();
        self
    }
}

impl Default for CitationStyle {
    fn default() -> Self {
        Self::label()
    }
}

/// One coded passage, ready to cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub coding: Id,
    pub code: Id,
    pub code_path: Vec<String>,
    pub document: Id,
    pub document_name: String,
    pub respondent: Option<Id>,
    /// The respondent's label; `None` for codings without a respondent.
    pub label: Option<String>,
    /// The speaker tag of the turn the coding starts in, if any.
    pub speaker: Option<String>,
    pub coder: String,
    /// Character offsets of the coding (as stored, before trimming).
    pub start: usize,
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// The coded text verbatim, leading/trailing whitespace trimmed, inner newlines kept.
    pub text: String,
    /// The citation per the style; inside it the quote's whitespace runs (newlines included) are
    /// collapsed to single spaces, since a citation sits in running text.
    pub citation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespondentRow {
    pub case: Id,
    pub label: String,
    /// One value per [`RespondentOverview::attributes`] entry; empty when unset.
    pub attributes: Vec<String>,
    /// Names of documents the respondent belongs to or speaks in, natural order.
    pub documents: Vec<String>,
    /// Codings attributed to this respondent.
    pub codings: usize,
    /// Distinct codes among them.
    pub codes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespondentOverview {
    /// Declared attributes in declaration (id) order, then undeclared ones used by respondents,
    /// alphabetically.
    pub attributes: Vec<String>,
    pub rows: Vec<RespondentRow>,
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
    turn: Option<Id>,
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
    case_segments: HashMap<Id, Segments>,
    turn_segments: HashMap<Id, Segments>,
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

        let mut with_case: HashMap<Id, Vec<(usize, usize, Id, Id)>> = HashMap::new();
        let mut all: HashMap<Id, Vec<(usize, usize, Id, Id)>> = HashMap::new();
        for t in project.turns.values() {
            all.entry(t.document).or_default().push((t.start, t.end, t.id, t.id));
            if let Some(c) = t.case {
                with_case.entry(t.document).or_default().push((t.start, t.end, t.id, c));
            }
        }
        let case_segments = with_case.into_iter().map(|(d, v)| (d, Segments::build(v))).collect();
        let turn_segments = all.into_iter().map(|(d, v)| (d, Segments::build(v))).collect();
        Analysis { project, tree, case_order, case_rank, doc_order, doc_rank, case_segments, turn_segments }
    }

    /// The respondent at a position (same answer as [`Project::case_at`], by binary search).
    pub fn case_at(&self, document: Id, pos: usize) -> Option<Id> {
        self.case_segments
            .get(&document)
            .and_then(|s| s.at(pos))
            .or_else(|| self.project.documents.get(&document).and_then(|d| d.case))
    }

    /// The speaker turn containing a position (any speaker).
    pub fn turn_at(&self, document: Id, pos: usize) -> Option<Id> {
        self.turn_segments.get(&document).and_then(|s| s.at(pos))
    }

    /// Code ids in tree order.
    pub fn tree_order(&self) -> &[Id] {
        &self.tree.order
    }

    fn records(&self, filter: &Filter) -> Vec<Rec<'p>> {
        let coders: HashSet<Id> = filter.coders.iter().copied().collect();
        let docs: HashSet<Id> = filter.documents.iter().copied().collect();
        let allowed: Option<HashSet<Id>> = filter.attribute.as_ref().map(|_| {
            self.project.cases.values().filter(|c| case_matches(c, &filter.attribute)).map(|c| c.id).collect()
        });
        let mut out = Vec::new();
        for c in self.project.codings.values() {
            if (!coders.is_empty() && !coders.contains(&c.coder)) || (!docs.is_empty() && !docs.contains(&c.document)) {
                continue;
            }
            let Some(&code) = self.tree.index.get(&c.code) else { continue };
            let case = self.case_at(c.document, c.start);
            if let Some(allowed) = &allowed
                && !case.is_some_and(|k| allowed.contains(&k))
            {
                continue;
            }
            out.push(Rec { coding: c, code, case, turn: self.turn_at(c.document, c.start) });
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
            .filter(|id| case_matches(&self.project.cases[id], &filter.attribute))
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

    /// Every code in tree order with own and aggregated counts.
    pub fn code_frequencies(&self, filter: &Filter) -> Vec<CodeRow> {
        let recs = self.records(filter);
        let refs: Vec<&Rec> = recs.iter().collect();
        let (own, total) = self.counts_of(&refs);
        own.into_iter()
            .zip(total)
            .enumerate()
            .map(|(i, (own, total))| {
                let c = self.code(i);
                CodeRow {
                    code: c.id,
                    name: c.name.clone(),
                    kind: c.kind,
                    color: c.color.clone(),
                    depth: self.tree.depth[i],
                    path: self.path(i),
                    own,
                    total,
                }
            })
            .collect()
    }

    /// Counts per value of `attribute` (e.g. per `functie`). Each cell holds the codings and the
    /// distinct respondents of that group; with `aggregate` a code's cell covers its subtree.
    /// Groups are in natural order of the value; respondents without a value form a last group
    /// with an empty value (only if it has members). Codings without a respondent are left out.
    pub fn frequencies_by_group(&self, filter: &Filter, attribute: &str, aggregate: bool) -> GroupFrequencies {
        let recs = self.records(filter);
        let scope: HashSet<Id> = self
            .case_order
            .iter()
            .copied()
            .filter(|id| case_matches(&self.project.cases[id], &filter.attribute))
            .collect();
        let value_of = |case: Id| -> String {
            self.project.cases[&case].attributes.get(attribute).map(|v| v.trim().to_string()).unwrap_or_default()
        };
        let mut values: Vec<String> = scope.iter().map(|&c| value_of(c)).collect();
        values.sort_by(|a, b| a.is_empty().cmp(&b.is_empty()).then_with(|| natural_cmp(a, b)));
        values.dedup();
        let groups: Vec<Group> = values
            .iter()
            .map(|v| {
                let respondents: Vec<Id> =
                    self.case_order.iter().copied().filter(|c| scope.contains(c) && &value_of(*c) == v).collect();
                Group {
                    value: v.clone(),
                    respondent_labels: respondents.iter().map(|&c| self.label(c)).collect(),
                    respondents,
                }
            })
            .collect();
        let mut per_group: Vec<Vec<Counts>> = Vec::new();
        for g in &groups {
            let subset: Vec<&Rec> =
                recs.iter().filter(|r| r.case.is_some_and(|c| scope.contains(&c) && value_of(c) == g.value)).collect();
            let (own, total) = self.counts_of(&subset);
            per_group.push(if aggregate { total } else { own });
        }
        let rows = (0..self.tree.len())
            .map(|i| GroupRow {
                code: self.tree.order[i],
                depth: self.tree.depth[i],
                path: self.path(i),
                cells: per_group.iter().map(|g| g[i].clone()).collect(),
            })
            .collect();
        GroupFrequencies { attribute: attribute.to_string(), aggregate, groups, rows }
    }

    /// Rows: every code in tree order; columns: respondents in scope (natural order). A value is
    /// the number of codings of that code (with `aggregate`: of its subtree) attributed to that
    /// respondent; [`Matrix::presence`] gives 0/1. Codings without a respondent do not appear.
    pub fn code_case_matrix(&self, filter: &Filter, aggregate: bool) -> Matrix {
        let columns = self.cases_in_scope(filter);
        let col_of: HashMap<Id, usize> = columns.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut values = vec![vec![0usize; columns.len()]; self.tree.len()];
        for r in self.records(filter) {
            if let Some(&j) = r.case.and_then(|c| col_of.get(&c)) {
                values[r.code][j] += 1;
            }
        }
        if aggregate {
            self.aggregate_rows(&mut values);
        }
        Matrix {
            rows: self.matrix_rows(),
            columns: columns.into_iter().map(|id| MatrixColumn { id, label: self.label(id) }).collect(),
            values,
        }
    }

    /// Rows: every code; columns: documents (the filter's, else all) in natural name order.
    /// A value is the number of codings of the code (with `aggregate`: of its subtree) in the
    /// document.
    pub fn code_document_matrix(&self, filter: &Filter, aggregate: bool) -> Matrix {
        let wanted: HashSet<Id> = filter.documents.iter().copied().collect();
        let columns: Vec<Id> =
            self.doc_order.iter().copied().filter(|d| wanted.is_empty() || wanted.contains(d)).collect();
        let col_of: HashMap<Id, usize> = columns.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut values = vec![vec![0usize; columns.len()]; self.tree.len()];
        for r in self.records(filter) {
            if let Some(&j) = col_of.get(&r.coding.document) {
                values[r.code][j] += 1;
            }
        }
        if aggregate {
            self.aggregate_rows(&mut values);
        }
        Matrix {
            rows: self.matrix_rows(),
            columns: columns
                .into_iter()
                .map(|id| MatrixColumn { id, label: self.project.documents[&id].name.clone() })
                .collect(),
            values,
        }
    }

    /// Sums children's rows into their parents (coding counts add up; each coding has one code).
    fn aggregate_rows(&self, values: &mut [Vec<usize>]) {
        for i in (0..self.tree.len()).rev() {
            for k in self.tree.children[i].clone() {
                let (head, tail) = values.split_at_mut(k);
                for (a, b) in head[i].iter_mut().zip(&tail[0]) {
                    *a += *b;
                }
            }
        }
    }

    /// Symmetric code x code matrix (rows and columns: every code in tree order, own codings
    /// only). See [`CoMode`] for what a count means.
    pub fn cooccurrence(&self, filter: &Filter, mode: CoMode) -> Matrix {
        let n = self.tree.len();
        let mut values = vec![vec![0usize; n]; n];
        let recs = self.records(filter);
        match mode {
            CoMode::Overlap => {
                let mut by_doc: HashMap<Id, Vec<&Rec>> = HashMap::new();
                for r in &recs {
                    values[r.code][r.code] += 1;
                    by_doc.entry(r.coding.document).or_default().push(r);
                }
                for list in by_doc.values_mut() {
                    list.sort_by_key(|r| (r.coding.start, r.coding.end, r.coding.id));
                    let mut active: Vec<(usize, usize)> = Vec::new(); // (end, code)
                    for r in list.iter() {
                        active.retain(|&(end, _)| end > r.coding.start);
                        for &(_, code) in &active {
                            if code != r.code {
                                values[code][r.code] += 1;
                                values[r.code][code] += 1;
                            }
                        }
                        active.push((r.coding.end, r.code));
                    }
                }
            }
            CoMode::SameTurn | CoMode::SameDocument | CoMode::SameRespondent => {
                let mut units: HashMap<Id, Vec<usize>> = HashMap::new();
                for r in &recs {
                    let unit = match mode {
                        CoMode::SameTurn => r.turn,
                        CoMode::SameDocument => Some(r.coding.document),
                        _ => r.case,
                    };
                    if let Some(u) = unit {
                        units.entry(u).or_default().push(r.code);
                    }
                }
                for codes in units.values_mut() {
                    codes.sort_unstable();
                    codes.dedup();
                    for (a, &x) in codes.iter().enumerate() {
                        values[x][x] += 1;
                        for &y in &codes[a + 1..] {
                            values[x][y] += 1;
                            values[y][x] += 1;
                        }
                    }
                }
            }
        }
        let rows = self.matrix_rows();
        let columns = rows.iter().map(|r| MatrixColumn { id: r.code, label: r.path.join(" > ") }).collect();
        Matrix { rows, columns, values }
    }

    /// The passages coded with `code` (and, with `include_subtree`, any code below it), in
    /// document order (natural name order, then position).
    pub fn quotes(&self, code: Id, include_subtree: bool, filter: &Filter, style: &CitationStyle) -> Vec<Quote> {
        let Some(&ci) = self.tree.index.get(&code) else { return Vec::new() };
        let range = if include_subtree { ci..self.tree.end[ci] } else { ci..ci + 1 };
        let mut recs: Vec<Rec> = self.records(filter).into_iter().filter(|r| range.contains(&r.code)).collect();
        recs.sort_by_key(|r| {
            (self.doc_rank.get(&r.coding.document).copied(), r.coding.start, r.coding.end, r.coding.id)
        });
        let mut texts: HashMap<Id, DocText> = HashMap::new();
        let mut paths: HashMap<usize, (Vec<String>, String)> = HashMap::new();
        recs.iter()
            .map(|r| {
                let c = r.coding;
                let doc = &self.project.documents[&c.document];
                let dt = texts.entry(doc.id).or_insert_with(|| DocText::new(&doc.text));
                let raw = dt.slice(&doc.text, c.start, c.end);
                let text = raw.trim().to_string();
                let line = dt.line_of(c.start);
                let label = r.case.map(|k| self.label(k));
                let speaker = r.turn.and_then(|t| self.project.turns.get(&t)).map(|t| t.speaker.clone());
                let coder = self.project.coders.get(&c.coder).map(|x| x.name.clone()).unwrap_or_default();
                let (path, path_string) = paths
                    .entry(r.code)
                    .or_insert_with(|| {
                        let p = self.path(r.code);
                        let s = p.join(" > ");
                        (p, s)
                    })
                    .clone();
                let shown_label = label.clone().or_else(|| speaker.clone()).unwrap_or_else(|| "?".into());
                let place = Place {
                    label: &shown_label,
                    document: &doc.name,
                    line,
                    paragraph: dt.paragraph_of(c.start),
                    position: c.start,
                };
                let citation = cite(style, &text, &place, &path_string, &coder);
                Quote {
                    coding: c.id,
                    code: c.code,
                    code_path: path,
                    document: doc.id,
                    document_name: doc.name.clone(),
                    respondent: r.case,
                    label,
                    speaker,
                    coder,
                    start: c.start,
                    end: c.end,
                    line,
                    text,
                    citation,
                }
            })
            .collect()
    }

    /// `start..end` of `document` cited with `style`, as "Copy as quote" puts it on the clipboard:
    /// the respondent (else the speaker) at the passage's start, `{code}` empty. `None` when the
    /// document does not exist.
    pub fn cite_passage(
        &self,
        document: Id,
        start: usize,
        end: usize,
        coder: &str,
        style: &CitationStyle,
    ) -> Option<String> {
        let doc = self.project.documents.get(&document)?;
        let dt = DocText::new(&doc.text);
        let len = dt.len(&doc.text);
        let (start, end) = (start.min(len), end.min(len).max(start.min(len)));
        let text = dt.slice(&doc.text, start, end).trim();
        let label = self
            .case_at(document, start)
            .map(|k| self.label(k))
            .or_else(|| {
                self.turn_at(document, start).and_then(|t| self.project.turns.get(&t)).map(|t| t.speaker.clone())
            })
            .unwrap_or_else(|| "?".into());
        let place = Place {
            label: &label,
            document: &doc.name,
            line: dt.line_of(start),
            paragraph: dt.paragraph_of(start),
            position: start,
        };
        Some(cite(style, text, &place, "", coder))
    }

    /// One row per respondent (natural order) with all attributes, documents and coding counts
    /// (all codings, unfiltered).
    pub fn respondent_overview(&self) -> RespondentOverview {
        let p = self.project;
        let mut attributes: Vec<String> = p.attribute_defs.values().map(|a| a.name.clone()).collect();
        let mut extra: BTreeSet<String> = BTreeSet::new();
        for c in p.cases.values() {
            for k in c.attributes.keys() {
                if !attributes.contains(k) {
                    extra.insert(k.clone());
                }
            }
        }
        attributes.extend(extra);
        let mut docs_of: HashMap<Id, BTreeSet<usize>> = HashMap::new();
        for d in p.documents.values() {
            if let Some(c) = d.case {
                docs_of.entry(c).or_default().insert(self.doc_rank[&d.id]);
            }
        }
        for t in p.turns.values() {
            if let (Some(c), Some(&r)) = (t.case, self.doc_rank.get(&t.document)) {
                docs_of.entry(c).or_default().insert(r);
            }
        }
        let mut codings: HashMap<Id, usize> = HashMap::new();
        let mut codes: HashMap<Id, HashSet<Id>> = HashMap::new();
        for r in self.records(&Filter::all()) {
            if let Some(c) = r.case {
                *codings.entry(c).or_default() += 1;
                codes.entry(c).or_default().insert(r.coding.code);
            }
        }
        let rows = self
            .case_order
            .iter()
            .map(|id| {
                let c = &p.cases[id];
                RespondentRow {
                    case: *id,
                    label: c.label.clone(),
                    attributes: attributes.iter().map(|a| c.attributes.get(a).cloned().unwrap_or_default()).collect(),
                    documents: docs_of
                        .get(id)
                        .map(|s| s.iter().map(|&r| p.documents[&self.doc_order[r]].name.clone()).collect())
                        .unwrap_or_default(),
                    codings: codings.get(id).copied().unwrap_or(0),
                    codes: codes.get(id).map_or(0, |s| s.len()),
                }
            })
            .collect();
        RespondentOverview { attributes, rows }
    }
}

/// Character -> byte offsets and line starts of one document, built once per quoted document.
struct DocText {
    /// Byte offset of each char (plus the end); `None` for ASCII text where they coincide.
    bytes: Option<Vec<usize>>,
    /// Character offsets of every `\n`.
    newlines: Vec<usize>,
    /// Where each paragraph (non-empty line) starts, as numbered in the transcript's margin.
    paragraphs: Vec<usize>,
}

/// Where a cited passage is, for [`cite`].
struct Place<'a> {
    label: &'a str,
    document: &'a str,
    line: usize,
    paragraph: usize,
    position: usize,
}

/// One citation: the template filled for a passage (whitespace in the quote collapsed).
fn cite(style: &CitationStyle, text: &str, place: &Place, code: &str, coder: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    fill_template(&style.template, |key| match key {
        "quote" => Some(collapsed.clone()),
        "label" => Some(place.label.to_string()),
        "year" => Some(style.year.clone()),
        "document" => Some(place.document.to_string()),
        "line" => Some(place.line.to_string()),
        "paragraph" => Some(place.paragraph.to_string()),
        "position" => Some(place.position.to_string()),
        "code" => Some(code.to_string()),
        "coder" => Some(coder.to_string()),
        _ => None,
    })
}

impl DocText {
    fn new(text: &str) -> Self {
        let bytes = (!text.is_ascii()).then(|| {
            let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            v.push(text.len());
            v
        });
        let newlines = text.chars().enumerate().filter(|(_, c)| *c == '\n').map(|(i, _)| i).collect();
        DocText { bytes, newlines, paragraphs: crate::core::text::paragraph_starts(text) }
    }
    fn len(&self, text: &str) -> usize {
        self.bytes.as_ref().map_or(text.len(), |v| v.len() - 1)
    }
    fn paragraph_of(&self, ch: usize) -> usize {
        crate::core::text::paragraph_number(&self.paragraphs, ch).max(1)
    }
    fn byte(&self, text: &str, ch: usize) -> usize {
        match &self.bytes {
            None => ch.min(text.len()),
            Some(v) => v[ch.min(v.len() - 1)],
        }
    }
    fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let (s, e) = (self.byte(text, start), self.byte(text, end.max(start)));
        &text[s..e]
    }
    fn line_of(&self, ch: usize) -> usize {
        self.newlines.partition_point(|&n| n < ch) + 1
    }
}

/// Replaces `{name}` placeholders using `lookup`; unknown names are kept verbatim.
pub fn fill_template(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if !after[..close].contains('{') => {
                let key = &after[..close];
                match lookup(key) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// Free functions (build an Analysis per call)
// ---------------------------------------------------------------------------------------------

pub fn code_frequencies(project: &Project, filter: &Filter) -> Vec<CodeRow> {
    Analysis::new(project).code_frequencies(filter)
}

pub fn frequencies_by_group(project: &Project, filter: &Filter, attribute: &str, aggregate: bool) -> GroupFrequencies {
    Analysis::new(project).frequencies_by_group(filter, attribute, aggregate)
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
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_labels() {
        let mut v = vec!["R10", "r2", "A10", "M1", "A2", "R1", "B", "10"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["10", "A2", "A10", "B", "M1", "R1", "r2", "R10"]);
        assert_eq!(natural_cmp("R01", "R1"), "R01".cmp("R1"));
        assert_eq!(citation(&["M1", "R1"]), "(M1, R1)");
        assert_eq!(citation::<&str>(&[]), "");
    }

    #[test]
    fn segments_pick_lowest_id_turn_like_case_at() {
        // (start, end, priority, value)
        let s = Segments::build(vec![(0, 10, 5, 50), (5, 20, 3, 30), (20, 25, 7, 30), (30, 40, 1, 10)]);
        assert_eq!(s.at(0), Some(50));
        assert_eq!(s.at(4), Some(50));
        assert_eq!(s.at(5), Some(30)); // overlap: turn 3 beats turn 5
        assert_eq!(s.at(24), Some(30));
        assert_eq!(s.at(25), None);
        assert_eq!(s.at(35), Some(10));
        assert_eq!(s.at(40), None);
        // Adjacent segments with the same value merge.
        assert_eq!(s.starts, vec![0, 5, 30]);
    }

    #[test]
    fn templates_fill_known_keys_only() {
        let f = |k: &str| (k == "label").then(|| "R4".to_string());
        assert_eq!(fill_template("“x” ({label}, {nope}) {", f), "“x” (R4, {nope}) {");
    }

    #[test]
    fn binary_search_lookup_agrees_with_case_at() {
        let mut p = Project::default();
        p.documents.insert(
            1,
            Document {
                id: 1,
                name: "d".into(),
                text: "x".repeat(100).into(),
                source_name: String::new(),
                imported_at: 0,
                text_hash: String::new(),
                case: Some(9),
                group: String::new(),
            },
        );
        for (id, label) in [(7, "R1"), (8, "R2"), (9, "R3")] {
            p.cases.insert(
                id,
                Case {
                    id,
                    label: label.into(),
                    aliases: vec![],
                    attributes: Default::default(),
                    description: String::new(),
                },
            );
        }
        let turns = [(20, 0, 30, Some(7)), (21, 30, 50, None), (22, 40, 70, Some(8)), (23, 60, 90, Some(7))];
        for (id, start, end, case) in turns {
            p.turns.insert(id, Turn { id, document: 1, start, end, speaker: "S".into(), case, start_ms: None });
        }
        let a = Analysis::new(&p);
        for pos in 0..100 {
            assert_eq!(a.case_at(1, pos), p.case_at(1, pos), "position {pos}");
        }
        assert_eq!(a.turn_at(1, 45), Some(21));
        assert_eq!(a.turn_at(1, 95), None);
    }
}
