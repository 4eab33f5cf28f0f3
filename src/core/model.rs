//! The project as plain data: documents, respondents, the code tree, codings and memos.
//!
//! Everything the researcher creates lives here as values with stable numeric ids chosen by the
//! core (never by the database), so an edit can be replayed, inverted and written to disk in the
//! same shape. Positions are character offsets (Unicode scalar values), start inclusive, end
//! exclusive, over text with `\n` line ends.

pub use super::code_table::CodeTable;
use super::index::{Index, IndexCell};
use super::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

pub type Id = i64;

/// Seconds since the Unix epoch (UTC).
pub type Timestamp = i64;

pub fn now() -> Timestamp {
    chrono::Utc::now().timestamp()
}

/// Characters of one document: a passage found, selected or jumped to (a coding adds a code and
/// a coder to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocSpan {
    pub document: Id,
    pub span: Span,
}

impl DocSpan {
    pub const fn new(document: Id, span: Span) -> Self {
        DocSpan { document, span }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coder {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: Id,
    pub name: String,
    /// Shared so that undo history and snapshots do not copy transcripts.
    pub text: Arc<str>,
    pub source_name: String,
    pub imported_at: Timestamp,
    /// [`super::text::text_hash`] of `text`; identifies the same transcript across project files.
    pub text_hash: String,
    /// [`super::text::content_fingerprint`] of `text`, kept with the document so an import
    /// recognises a transcript already in the project without hashing every transcript again.
    pub fingerprint: super::text::Fingerprint,
    /// The respondent the whole document belongs to, when it is a one-respondent interview.
    pub case: Option<Id>,
    /// Free grouping label ("gemeente", "ministerie") for comparisons per document group.
    pub group: String,
}

impl Document {
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }
}

/// The value type of a respondent attribute; REFI-QDA variables use the same five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum AttributeKind {
    Text,
    Integer,
    Float,
    Boolean,
    Date,
}

impl AttributeKind {
    pub const ALL: [AttributeKind; 5] = [
        AttributeKind::Text,
        AttributeKind::Integer,
        AttributeKind::Float,
        AttributeKind::Boolean,
        AttributeKind::Date,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttributeKind::Text => "text",
            AttributeKind::Integer => "integer",
            AttributeKind::Float => "float",
            AttributeKind::Boolean => "boolean",
            AttributeKind::Date => "date",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether `value` is acceptable for this kind (empty means "unknown" and is always allowed).
    pub fn accepts(self, value: &str) -> bool {
        let v = value.trim();
        if v.is_empty() {
            return true;
        }
        match self {
            AttributeKind::Text => true,
            AttributeKind::Integer => v.parse::<i64>().is_ok(),
            AttributeKind::Float => v.replace(',', ".").parse::<f64>().is_ok(),
            AttributeKind::Boolean => {
                matches!(v.to_lowercase().as_str(), "true" | "false" | "ja" | "nee" | "yes" | "no" | "1" | "0")
            }
            AttributeKind::Date => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(),
        }
    }
}

/// A declared respondent attribute ("functie", "organisatie", "leeftijd").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeDef {
    pub id: Id,
    pub name: String,
    pub kind: AttributeKind,
}

/// A respondent (or any other case): the unit findings are cited by, e.g. `R3`, `M1`, `A2`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: Id,
    pub label: String,
    /// Other names this respondent goes by in transcripts (speaker tags, real names to pseudonymise).
    pub aliases: Vec<String>,
    /// Attribute name -> value; names refer to [`AttributeDef::name`].
    pub attributes: BTreeMap<String, String>,
    pub description: String,
}

/// A speaker tag as written in a transcript (`R3`, `I`, `Interviewer`, `id1`), shared by every
/// turn of that speaker: a transcript of 100,000 turns holds each tag once, and the project, the
/// import's undo step and the detected turns share it instead of copying it per turn (see
/// [`SpeakerPool`]). Compares with and reads as a `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Speaker(Arc<str>);

impl Speaker {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Speaker {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Speaker {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Speaker {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Speaker {
    fn from(s: &str) -> Speaker {
        Speaker(Arc::from(s))
    }
}

impl From<String> for Speaker {
    fn from(s: String) -> Speaker {
        Speaker(Arc::from(s))
    }
}

impl From<&String> for Speaker {
    fn from(s: &String) -> Speaker {
        Speaker(Arc::from(s.as_str()))
    }
}

impl From<Speaker> for String {
    fn from(s: Speaker) -> String {
        s.0.to_string()
    }
}

impl PartialEq<str> for Speaker {
    fn eq(&self, o: &str) -> bool {
        *self.0 == *o
    }
}

impl PartialEq<&str> for Speaker {
    fn eq(&self, o: &&str) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<String> for Speaker {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<Speaker> for str {
    fn eq(&self, o: &Speaker) -> bool {
        *self == *o.0
    }
}

impl PartialEq<Speaker> for &str {
    fn eq(&self, o: &Speaker) -> bool {
        **self == *o.0
    }
}

impl PartialEq<Speaker> for String {
    fn eq(&self, o: &Speaker) -> bool {
        **self == *o.0
    }
}

/// The distinct speaker tags seen so far, so that equal tags become one shared [`Speaker`]
/// (used by speaker detection and when a project is loaded).
#[derive(Debug, Default)]
pub struct SpeakerPool(std::collections::HashSet<Speaker>);

impl SpeakerPool {
    /// The shared speaker for `tag`.
    pub fn get(&mut self, tag: &str) -> Speaker {
        if let Some(s) = self.0.get(tag) {
            return s.clone();
        }
        let s = Speaker::from(tag);
        self.0.insert(s.clone());
        s
    }

    /// `speaker`, or the equal one already in the pool (whose storage is then shared).
    pub fn share(&mut self, speaker: Speaker) -> Speaker {
        match self.0.get(speaker.as_str()) {
            Some(s) => s.clone(),
            None => {
                self.0.insert(speaker.clone());
                speaker
            }
        }
    }
}

/// A stretch of a document spoken by one speaker, as detected at import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub id: Id,
    pub document: Id,
    pub start: usize,
    pub end: usize,
    /// The tag as written in the transcript: `R3`, `I`, `Interviewer`, `id1`.
    pub speaker: Speaker,
    /// The respondent this speaker was mapped to; `None` for interviewers and unmapped speakers.
    pub case: Option<Id>,
    /// When the turn starts in the recording (milliseconds), as the transcript's timestamp says.
    #[serde(default)]
    pub start_ms: Option<u64>,
}

/// Fills a map in id order with its B-tree nodes full (loading a project, adding an import's
/// speaker turns). Inserted one by one in ascending order, a `BTreeMap` leaves its nodes about
/// half full (100,000 turns took 18 MB where their values are 9); appending sorted chunks makes
/// the standard library build full nodes. The chunks gather apart from the map being filled, so
/// a large map is rebuilt once, not once per chunk.
pub struct CompactFill<T> {
    done: BTreeMap<Id, T>,
    chunk: BTreeMap<Id, T>,
}

impl<T> Default for CompactFill<T> {
    fn default() -> Self {
        CompactFill { done: BTreeMap::new(), chunk: BTreeMap::new() }
    }
}

impl<T> CompactFill<T> {
    const CHUNK: usize = 8192;

    pub fn insert(&mut self, id: Id, v: T) {
        self.chunk.insert(id, v);
        if self.chunk.len() >= Self::CHUNK {
            self.done.append(&mut self.chunk);
        }
    }

    /// Adds what was inserted to `map`. `append` rebuilds the whole map: worth it to fill an
    /// empty or smaller map with full nodes, not to add an import's 3,000 turns to a project's
    /// 40,000, which are put in one by one.
    pub fn finish(mut self, map: &mut BTreeMap<Id, T>) {
        self.done.append(&mut self.chunk);
        if map.len() > self.done.len() {
            map.extend(self.done);
        } else {
            map.append(&mut self.done);
        }
    }
}

/// Where a code sits in an operationalisation; purely descriptive, all kinds can hold codings
/// unless `codable` is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum CodeKind {
    Concept,
    Dimension,
    Code,
}

impl CodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::Concept => "concept",
            CodeKind::Dimension => "dimension",
            CodeKind::Code => "code",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "concept" => Some(CodeKind::Concept),
            "dimension" => Some(CodeKind::Dimension),
            "code" | "indicator" => Some(CodeKind::Code),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    pub id: Id,
    pub parent: Option<Id>,
    pub name: String,
    pub kind: CodeKind,
    /// Stored as `#rrggbb` (see [`super::color`]).
    pub color: super::color::Color,
    pub description: String,
    pub codable: bool,
    /// Order among siblings.
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    pub id: Id,
    pub document: Id,
    pub start: usize,
    pub end: usize,
    pub code: Id,
    pub coder: Id,
    pub created_at: Timestamp,
    pub memo: String,
}

impl Coding {
    /// The characters it covers.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

impl Turn {
    /// The characters the speaker speaks.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// What a memo is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum MemoTarget {
    Project,
    Document(Id),
    Code(Id),
    Case(Id),
    Coding(Id),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memo {
    pub id: Id,
    pub target: MemoTarget,
    pub title: String,
    pub text: String,
    pub author: Id,
    pub updated_at: Timestamp,
}

/// The whole project in memory. Maps are ordered by id so iteration (and thus every export) is
/// deterministic. Equality compares content only, not the id allocator (`last_id`): ids are never
/// reused within a session, so undoing an insert leaves the allocator ahead.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    pub coders: BTreeMap<Id, Coder>,
    pub documents: BTreeMap<Id, Document>,
    pub attribute_defs: BTreeMap<Id, AttributeDef>,
    pub cases: BTreeMap<Id, Case>,
    pub turns: BTreeMap<Id, Turn>,
    /// The code tree, indexed by parent and by sibling name (see [`CodeTable`]).
    pub codes: CodeTable,
    pub codings: BTreeMap<Id, Coding>,
    pub memos: BTreeMap<Id, Memo>,
    /// Highest id handed out so far, across all entity kinds.
    pub last_id: Id,
    /// Derived lookups (codings by document, respondent by position, memos by target), kept
    /// current by [`Project::apply`]; see [`super::index`].
    #[serde(skip)]
    pub index: IndexCell,
}

impl PartialEq for Project {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && self.coders == o.coders
            && self.documents == o.documents
            && self.attribute_defs == o.attribute_defs
            && self.cases == o.cases
            && self.turns == o.turns
            && self.codes == o.codes
            && self.codings == o.codings
            && self.memos == o.memos
    }
}

impl Eq for Project {}

impl Project {
    /// A fresh id, unique across all entities of this project.
    pub fn next_id(&mut self) -> Id {
        self.last_id += 1;
        self.last_id
    }

    /// The highest id in use, recomputed from the data (used after loading).
    pub fn max_used_id(&self) -> Id {
        let maxes = [
            self.coders.keys().next_back(),
            self.documents.keys().next_back(),
            self.attribute_defs.keys().next_back(),
            self.cases.keys().next_back(),
            self.turns.keys().next_back(),
            self.codes.keys().next_back(),
            self.codings.keys().next_back(),
            self.memos.keys().next_back(),
        ];
        maxes.into_iter().flatten().copied().max().unwrap_or(0)
    }

    /// Lookups by name compare names in stored form
    /// ([`super::names::clean_name`]): `--doc "Interview Åberg"` typed composed finds a
    /// document whose file name came decomposed from a Mac.
    pub fn coder_by_name(&self, name: &str) -> Option<&Coder> {
        let name = super::names::clean_name(name);
        self.coders.values().find(|c| super::names::clean_name(&c.name) == name)
    }

    pub fn case_by_label(&self, label: &str) -> Option<&Case> {
        let label = super::names::clean_name(label);
        self.cases.values().find(|c| super::names::clean_name(&c.label) == label)
    }

    pub fn document_by_name(&self, name: &str) -> Option<&Document> {
        let name = super::names::clean_name(name);
        self.documents.values().find(|d| super::names::clean_name(&d.name) == name)
    }

    /// Children of `parent` (None = top level) in sibling order; an index lookup.
    pub fn children(&self, parent: Option<Id>) -> Vec<&Code> {
        self.codes.children_of(parent).collect()
    }

    /// `code` and all codes below it, depth first, parents before children.
    pub fn subtree(&self, code: Id) -> Vec<Id> {
        let mut out = vec![code];
        let mut i = 0;
        while i < out.len() {
            let id = out[i];
            out.extend(self.codes.children_of(Some(id)).map(|c| c.id));
            i += 1;
        }
        out
    }

    /// Ancestors of `code` from the root down, excluding `code` itself.
    pub fn ancestors(&self, code: Id) -> Vec<Id> {
        let mut chain = Vec::new();
        let mut cur = self.codes.get(&code).and_then(|c| c.parent);
        while let Some(id) = cur {
            if chain.contains(&id) {
                break; // defensive: never loop on a corrupt tree
            }
            chain.push(id);
            cur = self.codes.get(&id).and_then(|c| c.parent);
        }
        chain.reverse();
        chain
    }

    pub fn depth(&self, code: Id) -> usize {
        self.ancestors(code).len() + 1
    }

    /// The code's names from the root down, e.g. `["Publieke waarden", "Proceswaarden"]`.
    pub fn code_path(&self, code: Id) -> Vec<String> {
        self.ancestors(code)
            .into_iter()
            .chain(std::iter::once(code))
            .filter_map(|id| self.codes.get(&id).map(|c| c.name.clone()))
            .collect()
    }

    /// The path joined for display: `Publieke waarden > Proceswaarden`.
    pub fn code_path_string(&self, code: Id) -> String {
        self.code_path(code).join(" > ")
    }

    /// Finds a code by its path of names (a code is identified by its path, not its name).
    pub fn code_by_path<S: AsRef<str>>(&self, path: &[S]) -> Option<Id> {
        let mut parent = None;
        let mut found = None;
        for name in path {
            let c = self.codes.named(parent, &super::names::clean_name(name.as_ref())).next()?;
            parent = Some(c.id);
            found = Some(c.id);
        }
        found
    }

    /// The derived indexes of the current state (built on first use, then kept current by
    /// [`Project::apply`]). Hold it for a loop rather than calling the helpers below per item.
    pub fn index(&self) -> Arc<Index> {
        self.index.get(self)
    }

    /// How many times the index was built from scratch (tests assert edits and frames do not).
    pub fn index_builds(&self) -> usize {
        self.index.builds()
    }

    /// The respondent a coded position belongs to: the speaker turn's case, else the document's
    /// (where turns overlap, the lowest-id turn with a respondent). Binary search.
    pub fn case_at(&self, document: Id, pos: usize) -> Option<Id> {
        self.index().case_at(self, document, pos)
    }

    /// The respondent of a coding (see [`Project::case_at`]).
    pub fn coding_case(&self, coding: &Coding) -> Option<Id> {
        self.case_at(coding.document, coding.start)
    }

    /// The codings of a document in text order (start, end, id).
    pub fn codings_of_document(&self, document: Id) -> Vec<&Coding> {
        self.index().codings_of_document(document).iter().filter_map(|s| self.codings.get(&s.id)).collect()
    }

    /// The turns of a document in text order (start, id).
    pub fn turns_of_document(&self, document: Id) -> Vec<&Turn> {
        self.index().turns_in(document).filter_map(|s| self.turns.get(&s.id)).collect()
    }

    /// The text of `document` between two character offsets (clamped; empty for an unknown
    /// document), found through the document's char index instead of walking from its start.
    pub fn passage(&self, document: Id, start: usize, end: usize) -> &str {
        let Some(d) = self.documents.get(&document) else { return "" };
        match self.index.char_index(self, document) {
            Some(ix) => ix.slice(&d.text, start, end),
            None => "",
        }
    }

    /// The char <-> byte index of `document`'s text, or `None` for an unknown document.
    pub fn char_index(&self, document: Id) -> Option<Arc<crate::core::text::CharIndex>> {
        self.index.char_index(self, document)
    }

    /// Where the lines and paragraphs of `document`'s text start, or `None` for an unknown
    /// document: a passage's line and paragraph number without walking the text.
    pub fn text_lines(&self, document: Id) -> Option<Arc<crate::core::text::TextLines>> {
        self.index.text_lines(self, document)
    }

    /// How many indexes of document texts were built, char <-> byte or lines (each walks a whole
    /// text).
    pub fn char_index_builds(&self) -> usize {
        self.index.char_index_builds()
    }

    /// How many characters `document` has (0 when unknown), from its char index.
    pub fn char_len(&self, document: Id) -> usize {
        self.index.char_index(self, document).map_or(0, |ix| ix.char_len())
    }

    /// The memo about `target` (the first one, should there be several).
    pub fn memo_for(&self, target: MemoTarget) -> Option<&Memo> {
        self.index().memos_of(target).next().and_then(|id| self.memos.get(&id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compact_fill_adds_its_entries_to_an_empty_a_smaller_and_a_larger_map() {
        for (before, added) in [(0, 20_000), (100, 20_000), (40_000, 3_000)] {
            let mut map: BTreeMap<Id, Id> = (0..before).map(|i| (i, i)).collect();
            let mut fill = CompactFill::default();
            for i in before..before + added {
                fill.insert(i, i);
            }
            fill.finish(&mut map);
            assert_eq!(map.len() as Id, before + added);
            assert!(map.iter().all(|(k, v)| k == v), "{before} + {added}");
        }
    }
}
