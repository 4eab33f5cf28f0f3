//! Derived indexes over a [`Project`]: codings by document (in text order), turns by document with
//! a binary-search respondent lookup, memos by target, codings by code, per-code tallies, and a
//! char <-> byte index per document text ([`CharIndex`]).
//!
//! The model keeps its entities in maps ordered by id, which is what edits, the store and exports
//! want; the views want "the codings of this document in text order", "the respondent at this
//! position" and "how many codings under this code" on every frame of a 100,000-coding project.
//! Scanning all codings for each of those made frames grow with the project, so the answers live
//! here, built once (O(n log n)) and then kept up to date by [`Project::apply`] in time
//! proportional to the edit (plus the codings of a document whose turns or respondent changed).
//!
//! The index is cached inside the project behind a lock and handed out as an `Arc`, so `&Project`
//! readers (the UI, analysis) can use it without `&mut`. Code that fills the model's maps directly
//! (loading, merging, tests) never has to remember it: a cheap stamp (sizes and highest ids of the
//! indexed maps) detects such changes and the index is rebuilt on the next use. Every build is
//! counted ([`Project::index_builds`]) so tests can assert that a frame or an edit did not fall
//! back to a whole-project rebuild.

use super::edit::{Change, Edit, Entity};
use super::model::{Coding, Id, MemoTarget, Project, Turn};
use super::span::Span;
use super::text::{CharIndex, TextLines};
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Disjoint, sorted half-open ranges with a value each: position -> turn or respondent.
#[derive(Debug, Default, Clone)]
pub(crate) struct Segments {
    starts: Vec<usize>,
    ends: Vec<usize>,
    values: Vec<Id>,
}

impl Segments {
    /// `items` are (start, end, priority, value), sorted by (start, priority); where items overlap
    /// the lowest priority wins (priority = turn id: where turns overlap, the first turn in id
    /// order decides). Turns that do not overlap, as in nearly every transcript, are their own
    /// segments: laid down in one pass at their exact size, without the sweep over every bound.
    pub(crate) fn build<I>(items: I) -> Segments
    where
        I: Iterator<Item = (usize, usize, Id, Id)> + Clone,
    {
        let items = items.filter(|i| i.0 < i.1);
        let mut end = 0;
        let mut count = 0;
        let mut last: Option<(usize, Id)> = None;
        for (s, e, _, v) in items.clone() {
            if s < end {
                return Segments::sweep(items.collect());
            }
            end = e;
            count += usize::from(last != Some((s, v)));
            last = Some((e, v));
        }
        let mut seg = Segments {
            starts: Vec::with_capacity(count),
            ends: Vec::with_capacity(count),
            values: Vec::with_capacity(count),
        };
        for (s, e, _, v) in items {
            seg.push(s, e, v);
        }
        seg
    }

    /// Appends `[start, end)` with `value`, joined to the last segment when it continues it.
    fn push(&mut self, start: usize, end: usize, value: Id) {
        if self.ends.last() == Some(&start) && self.values.last() == Some(&value) {
            *self.ends.last_mut().expect("a segment was pushed") = end;
        } else {
            self.starts.push(start);
            self.ends.push(end);
            self.values.push(value);
        }
    }

    /// [`Segments::build`] for overlapping items: a sweep over every bound with the items that
    /// cover it on a heap.
    fn sweep(mut items: Vec<(usize, usize, Id, Id)>) -> Segments {
        items.sort_by_key(|i| (i.0, i.2));
        let mut seg = Segments::default();
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
                seg.push(b, b_next, *val);
            }
        }
        seg
    }

    pub(crate) fn at(&self, pos: usize) -> Option<Id> {
        let i = self.starts.partition_point(|&s| s <= pos);
        if i == 0 {
            return None;
        }
        (pos < self.ends[i - 1]).then(|| self.values[i - 1])
    }
}

/// A coding or a turn where it lies in its document, sorted by `(start, end, id)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Located {
    pub span: Span,
    pub id: Id,
}

/// A coding in a code's list, ordered by document, position and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placed {
    pub document: Id,
    pub start: usize,
    pub id: Id,
    pub coder: Id,
}

/// A turn as the index keeps it: (start, end, id, respondent).
type TurnRow = (usize, usize, Id, Option<Id>);

/// One document's turns and the lookups built from them.
#[derive(Debug, Default, Clone)]
struct DocTurns {
    /// (start, id) order.
    turns: Vec<TurnRow>,
    cases: Segments,
    /// Which turn is where, when turns overlap (or one is empty); otherwise `turns` says it.
    any: Option<Segments>,
}

impl DocTurns {
    fn rebuild_segments(&mut self) {
        self.turns.sort_unstable_by_key(|t| (t.0, t.2));
        self.cases = Segments::build(self.turns.iter().filter_map(|t| t.3.map(|c| (t.0, t.1, t.2, c))));
        let plain = self.turns.iter().all(|t| t.0 < t.1) && self.turns.windows(2).all(|w| w[0].1 <= w[1].0);
        self.any = (!plain).then(|| Segments::build(self.turns.iter().map(|t| (t.0, t.1, t.2, t.2))));
    }

    fn turn_at(&self, pos: usize) -> Option<Id> {
        if let Some(any) = &self.any {
            return any.at(pos);
        }
        let i = self.turns.partition_point(|t| t.0 <= pos);
        let t = self.turns.get(i.checked_sub(1)?)?;
        (pos < t.1).then_some(t.2)
    }
}

/// What the index was built from: changes to the model's maps that bypass [`Project::apply`]
/// change at least one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    lens: [usize; 5],
    last: [Option<Id>; 5],
}

impl Stamp {
    fn of(p: &Project) -> Stamp {
        Stamp {
            lens: [p.documents.len(), p.turns.len(), p.codings.len(), p.memos.len(), p.codes.len()],
            last: [
                p.documents.keys().next_back().copied(),
                p.turns.keys().next_back().copied(),
                p.codings.keys().next_back().copied(),
                p.memos.keys().next_back().copied(),
                p.codes.keys().next_back().copied(),
            ],
        }
    }
}

/// Generations are drawn from one process-wide counter, so a rebuilt index never hands out a
/// generation a view may already have cached.
static GENERATION: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// The derived indexes of one project state. Get it with [`Project::index`].
#[derive(Debug, Clone)]
pub struct Index {
    stamp: Stamp,
    codings_by_doc: HashMap<Id, Vec<Located>>,
    turns_by_doc: HashMap<Id, DocTurns>,
    memos_by_target: HashMap<MemoTarget, BTreeSet<Id>>,
    /// Per code, its codings in (document, position) order: the retrieval list without lookups.
    codings_by_code: HashMap<Id, Vec<Placed>>,
    /// The respondent each coding is tallied under.
    coding_case: HashMap<Id, Option<Id>>,
    /// code -> (coder, respondent) -> codings.
    tallies: HashMap<Id, HashMap<(Id, Option<Id>), usize>>,
    codings_by_coder: HashMap<Id, usize>,
    doc_generation: HashMap<Id, u64>,
    /// Per document, when its text or speaker turns last changed (what the transcript's labels,
    /// paragraph numbers and layout depend on; codings and memos do not move it).
    text_generation: HashMap<Id, u64>,
    /// Bumped by changes that can alter how any document is shown (codes, coders, respondents).
    global_generation: u64,
    built_generation: u64,
    /// True only inside [`Index::build`] (lists are sorted once at the end).
    building: bool,
}

impl Index {
    fn build(p: &Project) -> Index {
        let generation = next_generation();
        let mut ix = Index {
            stamp: Stamp::of(p),
            codings_by_doc: HashMap::new(),
            turns_by_doc: HashMap::new(),
            memos_by_target: HashMap::new(),
            codings_by_code: HashMap::new(),
            coding_case: HashMap::with_capacity(p.codings.len()),
            tallies: HashMap::new(),
            codings_by_coder: HashMap::new(),
            doc_generation: HashMap::new(),
            text_generation: HashMap::new(),
            global_generation: generation,
            built_generation: generation,
            building: true,
        };
        // Each document's list at its exact size: 100,000 rows grown by doubling leave room for
        // 131,072.
        let mut counts: HashMap<Id, usize> = HashMap::new();
        for t in p.turns.values() {
            *counts.entry(t.document).or_default() += 1;
        }
        for (d, n) in counts {
            ix.turns_by_doc.entry(d).or_default().turns.reserve_exact(n);
        }
        for t in p.turns.values() {
            ix.turns_by_doc.entry(t.document).or_default().turns.push(turn_row(t));
        }
        for dt in ix.turns_by_doc.values_mut() {
            dt.rebuild_segments();
        }
        for k in p.codings.values() {
            ix.codings_by_doc.entry(k.document).or_default().push(span(k));
            ix.add_coding_tallies(p, k);
        }
        for v in ix.codings_by_doc.values_mut() {
            v.sort_unstable();
        }
        for v in ix.codings_by_code.values_mut() {
            v.sort_unstable();
        }
        for m in p.memos.values() {
            ix.memos_by_target.entry(m.target).or_default().insert(m.id);
        }
        ix.building = false;
        ix
    }

    fn case_at_in(&self, p: &Project, document: Id, pos: usize) -> Option<Id> {
        self.turns_by_doc
            .get(&document)
            .and_then(|t| t.cases.at(pos))
            .or_else(|| p.documents.get(&document).and_then(|d| d.case))
    }

    fn add_coding_tallies(&mut self, p: &Project, k: &Coding) {
        let case = self.case_at_in(p, k.document, k.start);
        self.coding_case.insert(k.id, case);
        *self.tallies.entry(k.code).or_default().entry((k.coder, case)).or_default() += 1;
        *self.codings_by_coder.entry(k.coder).or_default() += 1;
        let v = self.codings_by_code.entry(k.code).or_default();
        let pl = placed(k);
        // While building, rows are pushed and sorted once at the end.
        if v.last().is_none_or(|l| *l < pl) || self.building {
            v.push(pl);
        } else {
            let i = v.partition_point(|x| *x < pl);
            v.insert(i, pl);
        }
    }

    fn remove_coding_tallies(&mut self, k: &Coding) {
        let case = self.coding_case.remove(&k.id).flatten();
        if let Some(t) = self.tallies.get_mut(&k.code) {
            if let Some(n) = t.get_mut(&(k.coder, case)) {
                *n -= 1;
                if *n == 0 {
                    t.remove(&(k.coder, case));
                }
            }
            if t.is_empty() {
                self.tallies.remove(&k.code);
            }
        }
        if let Some(n) = self.codings_by_coder.get_mut(&k.coder) {
            *n = n.saturating_sub(1);
        }
        if let Some(s) = self.codings_by_code.get_mut(&k.code) {
            if let Ok(i) = s.binary_search(&placed(k)) {
                s.remove(i);
            }
            if s.is_empty() {
                self.codings_by_code.remove(&k.code);
            }
        }
    }

    /// Brings the index from the state before `edit` to the state after it (`p` is after).
    fn update(&mut self, p: &Project, edit: &Edit) {
        let generation = next_generation();
        let mut retally: HashSet<Id> = HashSet::new();
        let mut touched: HashSet<Id> = HashSet::new();
        let mut global = false;
        // Turns: every touched turn leaves its document's list in one pass, then goes back in as
        // its last change left it (read from the end). Undoing an import of 100,000 turns must not
        // search the list once per turn, nor copy the turns into a list of its own first.
        let mut pending: HashSet<Id> = HashSet::new();
        let mut added: HashMap<Id, usize> = HashMap::new();
        for change in &edit.changes {
            each_turn(change, |before, after| {
                for t in before.into_iter().chain(after) {
                    pending.insert(t.id);
                    retally.insert(t.document);
                }
                if let Some(t) = after {
                    *added.entry(t.document).or_default() += 1;
                }
            });
        }
        if !pending.is_empty() {
            for doc in &retally {
                if let Some(dt) = self.turns_by_doc.get_mut(doc) {
                    dt.turns.retain(|r| !pending.contains(&r.2));
                }
            }
            for (doc, n) in added {
                self.turns_by_doc.entry(doc).or_default().turns.reserve_exact(n);
            }
            for change in edit.changes.iter().rev() {
                each_turn(change, |before, after| {
                    if let Some(t) = after
                        && pending.remove(&t.id)
                    {
                        self.turns_by_doc.entry(t.document).or_default().turns.push(turn_row(t));
                    }
                    if let Some(t) = before {
                        pending.remove(&t.id);
                    }
                });
            }
        }
        // Document respondents and the code tree: a coding added in the same edit is tallied
        // under the respondent of the final turns.
        for change in &edit.changes {
            let (before, after) = parts(change);
            for (e, added) in [(before, false), (after, true)] {
                match e {
                    Some(Entity::Document(d)) => {
                        retally.insert(d.id);
                        if !added && !p.documents.contains_key(&d.id) {
                            self.doc_generation.remove(&d.id);
                        }
                    }
                    Some(Entity::Code(_) | Entity::Coder(_) | Entity::Case(_) | Entity::AttributeDef(_)) => {
                        global = true
                    }
                    _ => {}
                }
            }
        }
        for d in &retally {
            if let Some(dt) = self.turns_by_doc.get_mut(d) {
                dt.rebuild_segments();
                if dt.turns.is_empty() {
                    self.turns_by_doc.remove(d);
                }
            }
            touched.insert(*d);
            if p.documents.contains_key(d) {
                self.text_generation.insert(*d, generation);
            } else {
                self.text_generation.remove(d);
            }
        }
        for change in &edit.changes {
            let (before, after) = parts(change);
            if let Some(Entity::Coding(k)) = before {
                if let Some(v) = self.codings_by_doc.get_mut(&k.document) {
                    if let Ok(i) = v.binary_search(&span(k)) {
                        v.remove(i);
                    }
                    if v.is_empty() {
                        self.codings_by_doc.remove(&k.document);
                    }
                }
                self.remove_coding_tallies(k);
                touched.insert(k.document);
            }
            if let Some(Entity::Coding(k)) = after {
                let v = self.codings_by_doc.entry(k.document).or_default();
                let s = span(k);
                let i = v.partition_point(|x| *x < s);
                v.insert(i, s);
                self.add_coding_tallies(p, k);
                touched.insert(k.document);
            }
            for (e, added) in [(before, false), (after, true)] {
                if let Some(Entity::Memo(m)) = e {
                    if added {
                        self.memos_by_target.entry(m.target).or_default().insert(m.id);
                    } else if let Some(s) = self.memos_by_target.get_mut(&m.target) {
                        s.remove(&m.id);
                        if s.is_empty() {
                            self.memos_by_target.remove(&m.target);
                        }
                    }
                    match m.target {
                        MemoTarget::Document(d) => {
                            touched.insert(d);
                        }
                        MemoTarget::Coding(k) => {
                            if let Some(d) = p.codings.get(&k).map(|k| k.document).or_else(|| coding_doc(edit, k)) {
                                touched.insert(d);
                            }
                        }
                        MemoTarget::Project | MemoTarget::Code(_) | MemoTarget::Case(_) => global = true,
                    }
                }
            }
        }
        // Codings of documents whose turns or respondent changed may now belong to someone else.
        for d in &retally {
            let ids: Vec<Id> = self.codings_by_doc.get(d).map(|v| v.iter().map(|s| s.id).collect()).unwrap_or_default();
            for id in ids {
                let Some(k) = p.codings.get(&id) else { continue };
                let now = self.case_at_in(p, k.document, k.start);
                if self.coding_case.get(&id).copied().flatten() != now {
                    self.remove_coding_tallies(k);
                    self.add_coding_tallies(p, k);
                }
            }
        }
        for d in touched {
            if p.documents.contains_key(&d) {
                self.doc_generation.insert(d, generation);
            }
        }
        if global {
            self.global_generation = generation;
        }
        self.stamp = Stamp::of(p);
    }

    /// The codings of `document` in text order `(start, end, id)`.
    pub fn codings_of_document(&self, document: Id) -> &[Located] {
        self.codings_by_doc.get(&document).map_or(&[], |v| v.as_slice())
    }

    /// The codings of `document` that overlap `[start, end)` (an empty range: that touch `start`).
    pub fn codings_overlapping(&self, document: Id, start: usize, end: usize) -> impl Iterator<Item = &Located> {
        let v = self.codings_of_document(document);
        let upto = v.partition_point(|s| s.span.start < end.max(start + 1));
        v[..upto].iter().filter(move |s| s.span.end > start || (s.span.is_empty() && s.span.start == start))
    }

    /// The turns of `document` in text order `(start, end, id)`.
    pub fn turns_of_document(&self, document: Id) -> Vec<Located> {
        self.turns_in(document).collect()
    }

    /// [`Index::turns_of_document`] without making a list of them.
    pub(crate) fn turns_in(&self, document: Id) -> impl Iterator<Item = Located> + '_ {
        let rows = self.turns_by_doc.get(&document).map_or(&[][..], |t| t.turns.as_slice());
        rows.iter().map(|r| Located { span: Span::new(r.0, r.1), id: r.2 })
    }

    /// How many speaker turns `document` has.
    pub fn turn_count(&self, document: Id) -> usize {
        self.turns_by_doc.get(&document).map_or(0, |t| t.turns.len())
    }

    /// The respondent at a position: the lowest-id turn with a respondent containing it, else the
    /// document's respondent. Binary search.
    pub fn case_at(&self, p: &Project, document: Id, pos: usize) -> Option<Id> {
        self.case_at_in(p, document, pos)
    }

    /// The speaker turn (of anyone) containing a position. Binary search.
    pub fn turn_at(&self, document: Id, pos: usize) -> Option<Id> {
        self.turns_by_doc.get(&document).and_then(|t| t.turn_at(pos))
    }

    /// The respondent a coding is counted under (see [`Index::case_at`]).
    pub fn coding_case(&self, coding: Id) -> Option<Id> {
        self.coding_case.get(&coding).copied().flatten()
    }

    /// Memo ids about `target`, lowest id first.
    pub fn memos_of(&self, target: MemoTarget) -> impl Iterator<Item = Id> + '_ {
        self.memos_by_target.get(&target).into_iter().flatten().copied()
    }

    /// The codings made with exactly `code`, by document and position.
    pub fn codings_of_code(&self, code: Id) -> &[Placed] {
        self.codings_by_code.get(&code).map_or(&[], |v| v.as_slice())
    }

    /// How many codings were made with exactly `code`.
    pub fn coding_count_of_code(&self, code: Id) -> usize {
        self.codings_by_code.get(&code).map_or(0, |s| s.len())
    }

    /// How many codings `coder` made.
    pub fn codings_by_coder(&self, coder: Id) -> usize {
        self.codings_by_coder.get(&coder).copied().unwrap_or(0)
    }

    /// Per (coder, respondent) the number of codings made with exactly `code`.
    pub fn tallies_of_code(&self, code: Id) -> impl Iterator<Item = (Id, Option<Id>, usize)> + '_ {
        self.tallies.get(&code).into_iter().flatten().map(|(&(coder, case), &n)| (coder, case, n))
    }

    /// Changes when the text or the speaker turns of `document` change, not with its codings or
    /// memos: what the transcript's layout, speaker labels and paragraph numbers depend on.
    pub fn text_generation(&self, document: Id) -> u64 {
        self.text_generation.get(&document).copied().unwrap_or(self.built_generation)
    }

    /// Changes whenever anything that shows in `document` changes: its text, turns, codings and
    /// their memos, or the codes, coders and respondents of the project. Views key their caches
    /// on it so an edit elsewhere does not rebuild them.
    pub fn document_generation(&self, document: Id) -> u64 {
        let own = self.doc_generation.get(&document).copied().unwrap_or(self.built_generation);
        own.max(self.global_generation)
    }
}

/// The entity a single-entity change removes or replaces, and the one it leaves; the batched
/// speaker turns are read by [`each_turn`].
fn parts(change: &Change) -> (Option<&Entity>, Option<&Entity>) {
    match change {
        Change::Insert(e) => (None, Some(e)),
        Change::Delete(e) => (Some(e), None),
        Change::Update { before, after } => (Some(&**before), Some(&**after)),
        Change::InsertTurns(_) | Change::DeleteTurns(_) => (None, None),
    }
}

/// Calls `f` with (before, after) for each speaker turn `change` touches.
fn each_turn<'a>(change: &'a Change, mut f: impl FnMut(Option<&'a Turn>, Option<&'a Turn>)) {
    let turn = |e: Option<&'a Entity>| match e {
        Some(Entity::Turn(t)) => Some(t),
        _ => None,
    };
    match change {
        Change::InsertTurns(turns) => turns.iter().for_each(|t| f(None, Some(t))),
        Change::DeleteTurns(turns) => turns.iter().for_each(|t| f(Some(t), None)),
        c => {
            let (before, after) = parts(c);
            if let (None, None) = (turn(before), turn(after)) {
                return;
            }
            f(turn(before), turn(after))
        }
    }
}

/// The document of a coding deleted by `edit` (a memo about it may be deleted in the same edit).
fn coding_doc(edit: &Edit, coding: Id) -> Option<Id> {
    edit.changes.iter().find_map(|c| match parts(c) {
        (Some(Entity::Coding(k)), _) | (_, Some(Entity::Coding(k))) if k.id == coding => Some(k.document),
        _ => None,
    })
}

fn placed(k: &Coding) -> Placed {
    Placed { document: k.document, start: k.start, id: k.id, coder: k.coder }
}

fn span(k: &Coding) -> Located {
    Located { span: k.span(), id: k.id }
}

fn turn_row(t: &Turn) -> TurnRow {
    (t.start, t.end, t.id, t.case)
}

/// The char <-> byte indexes of the documents' texts, each kept with (a share of) the text it was
/// built from, so a changed text is noticed by pointer and never given a stale index.
#[derive(Default)]
struct TextIndexes(Mutex<HashMap<Id, TextEntry>>, AtomicUsize);

/// The text the indexes were built from, its char index, and its line index once asked for.
#[derive(Clone)]
struct TextEntry {
    text: Arc<str>,
    chars: Arc<CharIndex>,
    lines: Option<Arc<TextLines>>,
}

impl TextIndexes {
    /// The entry of `document`, (re)built when missing or built from another text.
    fn entry<'m>(&self, map: &'m mut HashMap<Id, TextEntry>, document: Id, text: &Arc<str>) -> &'m mut TextEntry {
        let fresh = map.get(&document).is_some_and(|e| Arc::ptr_eq(&e.text, text));
        if !fresh {
            self.1.fetch_add(1, Ordering::Relaxed);
            let e = TextEntry { text: text.clone(), chars: Arc::new(CharIndex::new(text)), lines: None };
            map.insert(document, e);
        }
        map.get_mut(&document).expect("just inserted")
    }

    fn get(&self, document: Id, text: &Arc<str>) -> Arc<CharIndex> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        self.entry(&mut map, document, text).chars.clone()
    }

    fn lines(&self, document: Id, text: &Arc<str>) -> Arc<TextLines> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let e = self.entry(&mut map, document, text);
        e.lines
            .get_or_insert_with(|| {
                self.1.fetch_add(1, Ordering::Relaxed);
                Arc::new(TextLines::new(text))
            })
            .clone()
    }

    fn forget(&self, document: Id) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(&document);
    }
}

impl Clone for TextIndexes {
    fn clone(&self) -> Self {
        TextIndexes(Mutex::new(self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()), AtomicUsize::new(0))
    }
}

impl std::fmt::Debug for TextIndexes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextIndexes")
    }
}

/// The project's cached index; cloning a project starts the clone without one (it is rebuilt on
/// first use), equality and serialisation ignore it.
#[derive(Default)]
pub struct IndexCell {
    index: Mutex<Option<Arc<Index>>>,
    builds: AtomicUsize,
    /// Char <-> byte index per document text, built on first use. Apart from the other indexes:
    /// it is checked against the text itself, so it stays valid however the maps change.
    texts: TextIndexes,
}

impl Clone for IndexCell {
    fn clone(&self) -> Self {
        IndexCell::default()
    }
}

impl std::fmt::Debug for IndexCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IndexCell")
    }
}

impl IndexCell {
    pub(crate) fn get(&self, p: &Project) -> Arc<Index> {
        let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ix) = slot.as_ref()
            && ix.stamp == Stamp::of(p)
        {
            return ix.clone();
        }
        let ix = Arc::new(Index::build(p));
        self.builds.fetch_add(1, Ordering::Relaxed);
        *slot = Some(ix.clone());
        ix
    }

    /// The index as built for the maps `stamp` describes, if it is: not built, and not rebuilt.
    /// [`Project::apply`] reads the index of the project before an edit with it; the clone must be
    /// dropped before [`IndexCell::update`], which keeps the index current only while it is alone.
    pub(crate) fn built_for(&self, stamp: Stamp) -> Option<Arc<Index>> {
        let slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        slot.as_ref().filter(|ix| ix.stamp == stamp).cloned()
    }

    /// Keeps a built index current after `edit` was applied to `p`. If someone still holds the
    /// old index, or the model was changed behind the index's back, it is dropped and rebuilt on
    /// the next use instead.
    pub(crate) fn update(&mut self, p: &Project, edit: &Edit, before: Stamp) {
        for change in &edit.changes {
            if let (Some(Entity::Document(d)), _) = parts(change)
                && !p.documents.contains_key(&d.id)
            {
                self.texts.forget(d.id);
            }
        }
        let slot = self.index.get_mut().unwrap_or_else(|e| e.into_inner());
        let Some(arc) = slot.as_mut() else { return };
        match Arc::get_mut(arc) {
            Some(ix) if ix.stamp == before => ix.update(p, edit),
            _ => *slot = None,
        }
    }

    /// The char <-> byte index of `document`'s text (built on first use, then kept while the
    /// text stays the same), or `None` for an unknown document.
    pub(crate) fn char_index(&self, p: &Project, document: Id) -> Option<Arc<CharIndex>> {
        p.documents.get(&document).map(|d| self.texts.get(document, &d.text))
    }

    /// The line and paragraph starts of `document`'s text (built on first use, then kept while
    /// the text stays the same), or `None` for an unknown document.
    pub(crate) fn text_lines(&self, p: &Project, document: Id) -> Option<Arc<TextLines>> {
        p.documents.get(&document).map(|d| self.texts.lines(document, &d.text))
    }

    pub(crate) fn char_index_builds(&self) -> usize {
        self.texts.1.load(Ordering::Relaxed)
    }

    pub(crate) fn stamp(p: &Project) -> Stamp {
        Stamp::of(p)
    }

    pub(crate) fn builds(&self) -> usize {
        self.builds.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{Case, Code, CodeKind, Coder, Document, Memo};
    use std::collections::BTreeMap;

    /// Everything the index answers, in a comparable form.
    type Snapshot = (
        BTreeMap<Id, Vec<Located>>,
        BTreeMap<Id, Vec<Located>>,
        BTreeMap<MemoTarget, Vec<Id>>,
        BTreeMap<Id, Vec<Placed>>,
        BTreeMap<Id, Option<Id>>,
        BTreeMap<(Id, Id, Option<Id>), usize>,
        BTreeMap<Id, usize>,
    );

    fn snapshot(p: &Project, ix: &Index) -> Snapshot {
        let docs = p.documents.keys();
        (
            docs.clone().map(|d| (*d, ix.codings_of_document(*d).to_vec())).filter(|x| !x.1.is_empty()).collect(),
            docs.map(|d| (*d, ix.turns_of_document(*d))).filter(|x| !x.1.is_empty()).collect(),
            p.memos.values().map(|m| (m.target, ix.memos_of(m.target).collect())).collect(),
            p.codes.keys().map(|c| (*c, ix.codings_of_code(*c).to_vec())).collect(),
            p.codings.keys().map(|k| (*k, ix.coding_case(*k))).collect(),
            p.codes.keys().flat_map(|c| ix.tallies_of_code(*c).map(move |(a, b, n)| ((*c, a, b), n))).collect(),
            p.coders.keys().map(|c| (*c, ix.codings_by_coder(*c))).collect(),
        )
    }

    /// The old linear definitions the index replaces.
    fn linear_case_at(p: &Project, document: Id, pos: usize) -> Option<Id> {
        p.turns
            .values()
            .find(|t| t.document == document && t.span().contains(pos) && t.case.is_some())
            .and_then(|t| t.case)
            .or_else(|| p.documents.get(&document).and_then(|d| d.case))
    }

    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    fn base() -> Project {
        let mut p = Project::default();
        for id in 1..=2 {
            p.coders.insert(id, Coder { id, name: format!("c{id}") });
        }
        for id in 3..=5 {
            p.cases.insert(
                id,
                Case {
                    id,
                    label: format!("R{id}"),
                    aliases: vec![],
                    attributes: BTreeMap::new(),
                    description: String::new(),
                },
            );
        }
        for id in 6..=8 {
            p.codes.insert(
                id,
                Code {
                    id,
                    parent: None,
                    name: format!("k{id}"),
                    kind: CodeKind::Code,
                    color: crate::core::Color::from_u24(0x112233),
                    description: String::new(),
                    codable: true,
                    position: id,
                },
            );
        }
        for id in 9..=10 {
            p.documents.insert(
                id,
                Document {
                    id,
                    name: format!("d{id}"),
                    text: "x".repeat(200).into(),
                    source_name: String::new(),
                    imported_at: 0,
                    text_hash: String::new(),
                    fingerprint: Default::default(),
                    case: (id == 10).then_some(5),
                    group: String::new(),
                },
            );
        }
        p.last_id = 10;
        p
    }

    /// A random edit: add or delete codings, add, move or delete turns, recode, add or delete
    /// memos, change a document's respondent.
    fn random_edit(p: &mut Project, r: &mut Lcg) -> Edit {
        let mut e = Edit::new("random");
        for _ in 0..1 + r.below(3) {
            let doc = 9 + r.below(2) as Id;
            match r.below(9) {
                0 | 1 => {
                    let start = r.below(190) as usize;
                    let id = p.next_id();
                    e.push(Change::Insert(Entity::Coding(Coding {
                        id,
                        document: doc,
                        start,
                        end: start + 1 + r.below(9) as usize,
                        code: 6 + r.below(3) as Id,
                        coder: 1 + r.below(2) as Id,
                        created_at: 0,
                        memo: String::new(),
                    })));
                }
                2 => {
                    let start = r.below(150) as usize;
                    let id = p.next_id();
                    let case = [None, Some(3), Some(4)][r.below(3) as usize];
                    e.push(Change::Insert(Entity::Turn(Turn {
                        id,
                        document: doc,
                        start,
                        end: start + 1 + r.below(60) as usize,
                        speaker: "S".into(),
                        case,
                        start_ms: None,
                    })));
                }
                3 => {
                    if let Some(t) = p.turns.values().nth(r.below(p.turns.len().max(1) as u64) as usize) {
                        let mut after = t.clone();
                        after.case = [None, Some(3), Some(4)][r.below(3) as usize];
                        after.start = after.start.saturating_sub(5);
                        e.push(Change::update(Entity::Turn(t.clone()), Entity::Turn(after)));
                    }
                }
                4 => {
                    if let Some(k) = p.codings.values().nth(r.below(p.codings.len().max(1) as u64) as usize) {
                        let mut after = k.clone();
                        after.code = 6 + r.below(3) as Id;
                        after.start = after.start.min(after.end - 1);
                        e.push(Change::update(Entity::Coding(k.clone()), Entity::Coding(after)));
                    }
                }
                5 => {
                    let pick = r.below(p.codings.len().max(1) as u64) as usize;
                    if let Some(k) = p.codings.keys().nth(pick).copied() {
                        let id = p.next_id();
                        e.push(Change::Insert(Entity::Memo(Memo {
                            id,
                            target: MemoTarget::Coding(k),
                            title: String::new(),
                            text: "m".into(),
                            author: 1,
                            updated_at: 0,
                        })));
                    }
                }
                7 => {
                    // Several turns at once, as an import adds them.
                    let turns: Vec<Turn> = (0..1 + r.below(4))
                        .map(|_| {
                            let start = r.below(150) as usize;
                            Turn {
                                id: p.next_id(),
                                document: doc,
                                start,
                                end: start + 1 + r.below(40) as usize,
                                speaker: "S".into(),
                                case: [None, Some(3), Some(4)][r.below(3) as usize],
                                start_ms: None,
                            }
                        })
                        .collect();
                    e.push(Change::InsertTurns(turns.into()));
                }
                8 => {
                    // Every turn of a document at once, as removing it takes them.
                    let turns: Vec<Turn> = p.turns.values().filter(|t| t.document == doc).cloned().collect();
                    if !turns.is_empty() {
                        e.push(Change::DeleteTurns(turns.into()));
                    }
                }
                _ => {
                    let d = &p.documents[&doc];
                    let mut after = d.clone();
                    after.case = [None, Some(3), Some(5)][r.below(3) as usize];
                    e.push(Change::update(Entity::Document(d.clone()), Entity::Document(after)));
                }
            }
        }
        e
    }

    #[test]
    fn segments_pick_the_lowest_id_turn_where_turns_overlap() {
        // (start, end, priority, value)
        let s = Segments::build([(0, 10, 5, 50), (5, 20, 3, 30), (20, 25, 7, 30), (30, 40, 1, 10)].into_iter());
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
    fn turns_that_do_not_overlap_are_their_own_segments_as_the_sweep_finds_them() {
        let mut r = Lcg(11);
        for _ in 0..200 {
            let mut items = Vec::new();
            let mut at = r.below(3) as usize;
            for id in 0..r.below(12) as Id {
                let end = at + r.below(6) as usize; // sometimes empty
                items.push((at, end, id, [1, 2][r.below(2) as usize]));
                at = end + r.below(2) as usize; // sometimes touching the next
            }
            let fast = Segments::build(items.iter().copied());
            let swept = Segments::sweep(items.clone());
            assert_eq!((&fast.starts, &fast.ends, &fast.values), (&swept.starts, &swept.ends, &swept.values));
            assert_eq!(fast.starts.capacity(), fast.starts.len(), "laid down at its exact size");
        }
    }

    #[test]
    fn the_turn_at_a_position_is_found_whether_or_not_turns_overlap() {
        let mut r = Lcg(5);
        for round in 0..200 {
            let mut turns = Vec::new();
            let mut at = 0;
            for id in 0..r.below(10) as Id {
                let start = if round % 2 == 0 { at } else { r.below(40) as usize };
                let end = start + r.below(6) as usize + usize::from(round % 2 == 0);
                turns.push((start, end, id, None));
                at = end + r.below(3) as usize;
            }
            let mut dt = DocTurns { turns: turns.clone(), ..Default::default() };
            dt.rebuild_segments();
            if round % 2 == 0 {
                assert!(dt.any.is_none(), "turns that do not overlap need no segments of their own");
            }
            for pos in 0..50 {
                let linear = turns.iter().filter(|t| t.0 <= pos && pos < t.1).map(|t| t.2).min();
                assert_eq!(dt.turn_at(pos), linear, "round {round} pos {pos}: {turns:?}");
            }
        }
    }

    #[test]
    fn the_index_kept_current_by_edits_equals_one_built_from_scratch() {
        let mut p = base();
        let mut r = Lcg(7);
        let _ = p.index();
        let mut applied = Vec::new();
        for step in 0..400 {
            let e = random_edit(&mut p, &mut r);
            if p.apply(&e).is_ok() {
                applied.push(e);
            }
            if step % 5 == 4
                && let Some(e) = applied.pop()
            {
                p.apply(&e.inverse()).expect("undo applies");
            }
            let kept = p.index();
            let fresh = Index::build(&p);
            assert_eq!(snapshot(&p, &kept), snapshot(&p, &fresh), "after step {step}");
            for d in [9, 10] {
                for pos in (0..200).step_by(7) {
                    assert_eq!(kept.case_at(&p, d, pos), linear_case_at(&p, d, pos), "doc {d} pos {pos}");
                    let turn = p.turns.values().find(|t| t.document == d && t.span().contains(pos)).map(|t| t.id);
                    assert_eq!(kept.turn_at(d, pos), turn, "doc {d} pos {pos}");
                }
            }
        }
        assert!(p.codings.len() > 50 && !p.turns.is_empty(), "the walk exercised the index");
        assert_eq!(p.index_builds(), 1, "edits kept the index current without rebuilding it");
    }

    #[test]
    fn filling_the_maps_directly_is_noticed_and_the_index_rebuilt() {
        let mut p = base();
        assert!(p.codings_of_document(9).is_empty());
        p.codings.insert(
            11,
            Coding { id: 11, document: 9, start: 3, end: 5, code: 6, coder: 1, created_at: 0, memo: String::new() },
        );
        assert_eq!(p.codings_of_document(9).len(), 1);
        assert_eq!(p.index_builds(), 2);
    }

    #[test]
    fn a_memo_on_another_document_leaves_this_documents_generation_alone() {
        let mut p = base();
        let k = |id, document| Coding {
            id,
            document,
            start: 1,
            end: 4,
            code: 6,
            coder: 1,
            created_at: 0,
            memo: String::new(),
        };
        p.apply(&Edit::new("a").insert(Entity::Coding(k(11, 9))).insert(Entity::Coding(k(12, 10)))).unwrap();
        let (g9, g10) = (p.index().document_generation(9), p.index().document_generation(10));
        let memo = Memo {
            id: 13,
            target: MemoTarget::Coding(12),
            title: String::new(),
            text: "x".into(),
            author: 1,
            updated_at: 0,
        };
        p.apply(&Edit::new("memo").insert(Entity::Memo(memo))).unwrap();
        assert_eq!(p.index().document_generation(9), g9);
        assert_ne!(p.index().document_generation(10), g10);
        assert_eq!(p.memo_for(MemoTarget::Coding(12)).map(|m| m.id), Some(13));
    }
}
