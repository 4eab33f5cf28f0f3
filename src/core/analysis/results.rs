//! The tables an analysis returns (frequencies, groups, matrices, quotes, respondent
//! overview) and the citation style; plain data the exporters and the UI render.

use super::*;

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
    pub color: crate::core::color::Color,
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

/// What splits code counts into groups of columns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// The value of this respondent attribute: one group per value (`functie`: manager, …).
    Attribute(String),
    /// Who coded: one group per coder, to compare a second coder's counts with the first's.
    Coder,
}

impl From<&str> for GroupBy {
    fn from(attribute: &str) -> Self {
        GroupBy::Attribute(attribute.to_string())
    }
}

impl From<String> for GroupBy {
    fn from(attribute: String) -> Self {
        GroupBy::Attribute(attribute)
    }
}

/// One group of columns: the respondents sharing one value of an attribute, or one coder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The attribute value (empty for respondents without a value), or the coder's name.
    pub value: String,
    /// Members in natural order (the denominator for "3 of 5 managers"); none for a coder.
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
    /// All groups together (respondents distinct): the total beside the per-coder columns.
    pub total: Counts,
}

/// Code counts split by the value of one respondent attribute, or by coder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFrequencies {
    pub by: GroupBy,
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
    /// At most this many characters of the quote in `{quote}`, cut at a word and marked with
    /// `[…]` as theses mark omitted words (a codebook's example quote); `None`: the whole quote.
    pub max_quote_chars: Option<usize>,
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
        Self::template(Self::LABEL_YEAR).with_year(year)
    }
    /// `“…” (R4, Interview 3, line 12)`
    pub fn label_document_line() -> Self {
        Self::template(Self::LABEL_DOCUMENT_LINE)
    }
    pub fn template(template: impl Into<String>) -> Self {
        Self { template: template.into(), year: String::new(), max_quote_chars: None }
    }
    /// The style with quotes cut to at most `max` characters (see [`Self::max_quote_chars`]).
    pub fn shortened(mut self, max: usize) -> Self {
        self.max_quote_chars = Some(max);
        self
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
