//! Codebooks: code trees that live outside a project.
//!
//! Researchers rarely start coding from nothing: the concept -> dimension -> indicator tree
//! ("codeboom") already sits in a thesis appendix, an operationalisation table, a colleague's
//! QualCoder project or a JSON file shipped in `codebooks/`. This module turns those texts into a
//! plain tree of [`CodeNode`]s, turns a tree back into text, and turns a tree into one undoable
//! [`Edit`] that adds it to a [`Project`], merging with the codes already there by *path* (the same
//! child name may recur under different parents, so a code is identified by its path, not its
//! name). It is pure: no SQL, no UI; the store and the front ends call into it.
//!
//! # Formats
//!
//! * [`CodebookFormat::Json`]: `{"name", "source", "language", "codes": [CodeNode...]}` where a
//!   node is `{"name", "description"?, "kind"?, "color"?, "children"?}`. Unknown fields are
//!   ignored, missing optional fields default, `null` counts as missing, `kind` is `concept`,
//!   `dimension` (or `dimensie`) or `code` (or `indicator`), any case; `color` is `#rrggbb` or
//!   `#rgb`. A bare array of nodes is accepted too.
//! * [`CodebookFormat::Outline`]: an indented outline as pasted from a thesis appendix; see
//!   [`parse_outline`] for the rules.
//! * [`CodebookFormat::PathLines`]: QualCoder's plain-text code list, one `a>>b>>c<TAB>memo` line
//!   per code; see [`parse_path_lines`].
//!
//! # Normalisation (all formats)
//!
//! Names are trimmed (tabs and line breaks inside a name become spaces); an empty name is an
//! error that names the line (text formats) or the position `codes[0].children[2]` (JSON).
//! Control characters other than tabs and line breaks are rejected (binary input). Sibling codes
//! with exactly the same name are **merged** into the first one: their children are concatenated
//! (and merged in turn), and the first non-empty description, kind and colour win. This mirrors
//! the project rule that sibling names are unique. Inputs are limited to [`MAX_INPUT_BYTES`],
//! [`MAX_CODES`] codes and [`MAX_DEPTH`] levels; beyond that parsing fails with a clear error.
//! No input makes a parser panic.

use crate::core::{Change, Code, CodeKind, Color, Edit, Entity, Id, PALETTE, Project};
use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use thiserror::Error;

mod json;
mod outline;
mod pathlines;
mod project;
pub use json::*;
pub use outline::*;
pub use pathlines::*;
pub use project::*;

/// Largest input any parser accepts (10 MiB).
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;
/// Most codes a codebook may hold.
pub const MAX_CODES: usize = 100_000;
/// Deepest nesting a codebook may have (top-level codes are at depth 1). The theses' trees are at
/// most 4 deep; the limit sits just below what serde_json's recursion guard (128 nested values, two
/// per level) lets through in the JSON format, so every format fails at the same depth with the
/// same message.
pub const MAX_DEPTH: usize = 60;

/// One code of a codebook with the codes below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeNode {
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_default", skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, with = "kind_serde", skip_serializing_if = "Option::is_none")]
    pub kind: Option<CodeKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub children: Vec<CodeNode>,
}

impl CodeNode {
    /// A node with just a name.
    pub fn new(name: impl Into<String>) -> Self {
        CodeNode { name: name.into(), description: String::new(), kind: None, color: None, children: Vec::new() }
    }

    pub fn with_description(mut self, d: impl Into<String>) -> Self {
        self.description = d.into();
        self
    }

    pub fn with_children(mut self, children: Vec<CodeNode>) -> Self {
        self.children = children;
        self
    }
}

/// A named code tree; the JSON format of the files in `codebooks/`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Codebook {
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Where the tree comes from (a thesis file, an appendix, a file name).
    #[serde(default, deserialize_with = "null_default")]
    pub source: String,
    /// Language code, e.g. `nl`; empty when unknown.
    #[serde(default, deserialize_with = "null_default")]
    pub language: String,
    #[serde(default, deserialize_with = "null_default")]
    pub codes: Vec<CodeNode>,
}

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `kind` as lower-case text (`concept`, `dimension`, `code`), read in any case.
mod kind_serde {
    use super::*;
    use serde::de::Error as _;

    pub fn serialize<S: Serializer>(k: &Option<CodeKind>, s: S) -> Result<S::Ok, S::Error> {
        match k {
            Some(k) => s.serialize_str(k.as_str()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CodeKind>, D::Error> {
        let v: Option<String> = Option::deserialize(d)?;
        let Some(v) = v else { return Ok(None) };
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if t.eq_ignore_ascii_case("dimensie") {
            return Ok(Some(CodeKind::Dimension));
        }
        CodeKind::parse(t)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("unknown code kind '{t}' (expected concept, dimension or code)")))
    }
}

/// What went wrong reading a codebook. Every message is meant for the researcher.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum CodebookError {
    #[error("the codebook is too large: {size} bytes (at most {limit} bytes)")]
    TooLarge { size: usize, limit: usize },
    #[error("the codebook has more than {limit} codes")]
    TooManyCodes { limit: usize },
    #[error("{at}: codes are nested deeper than {limit} levels")]
    TooDeep { at: String, limit: usize },
    /// A problem on one line of a text format (lines count from 1).
    #[error("line {line}: {msg}")]
    Line { line: usize, msg: String },
    /// A problem with one code of a JSON codebook, `at` like `codes[0].children[2]`.
    #[error("{at}: {msg}")]
    Code { at: String, msg: String },
    #[error("not a valid JSON codebook (line {line}, column {column}): {msg}")]
    Json { line: usize, column: usize, msg: String },
    /// The file is something else (a table, a Word document, running prose); `why` says what.
    #[error("this is not a codebook: {why}. {READABLE_FORMATS}")]
    NotACodebook { why: String },
}

/// What a codebook import reads, for messages that refuse anything else.
pub const READABLE_FORMATS: &str = "Codebook import reads a JSON codebook (.json), an indented outline of code names \
    (.txt or .md, one code per line) or a QualCoder code list (a>>b>>c, .txt); a REFI-QDA codebook (.qdc) is \
    imported with `werkbank refi import`";

/// The text formats a codebook can be read from and written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodebookFormat {
    Json,
    Outline,
    PathLines,
}

impl CodebookFormat {
    pub const ALL: [CodebookFormat; 3] = [CodebookFormat::Json, CodebookFormat::Outline, CodebookFormat::PathLines];

    pub fn label(self) -> &'static str {
        match self {
            CodebookFormat::Json => "JSON codebook",
            CodebookFormat::Outline => "Indented outline",
            CodebookFormat::PathLines => "QualCoder code list (a>>b>>c)",
        }
    }

    /// The format a file name promises on its own: only `.json` is unambiguous.
    pub fn from_file_name(file_name: &str) -> Option<Self> {
        match crate::output::Format::of_path(file_name) {
            Some(crate::output::Format::Json) => Some(CodebookFormat::Json),
            _ => None,
        }
    }

    /// The format of `content`: `.json` files and text starting with `{` or `[` are JSON; text
    /// where some line holds `>>`, no line is indented and no line starts with a bullet is
    /// QualCoder path lines; everything else is an outline.
    pub fn detect(file_name: &str, content: &str) -> Self {
        if let Some(f) = Self::from_file_name(file_name) {
            return f;
        }
        let body = content.trim_start_matches('\u{feff}').trim_start();
        // `[` opens a JSON array only when a value follows; `[id1] hello` is a transcript line.
        let array_of_values = body
            .strip_prefix('[')
            .is_some_and(|rest| rest.trim_start().is_empty() || rest.trim_start().starts_with(['{', '"', '[', ']']));
        if body.starts_with('{') || array_of_values {
            return CodebookFormat::Json;
        }
        let mut any_path = false;
        for line in content.lines().filter(|l| !l.trim().is_empty()) {
            if line.starts_with(|c: char| c.is_whitespace()) {
                return CodebookFormat::Outline;
            }
            let (style, _) = strip_marker(line);
            if style.is_some() {
                return CodebookFormat::Outline;
            }
            any_path |= line.split('\t').next().unwrap_or("").contains(">>");
        }
        if any_path { CodebookFormat::PathLines } else { CodebookFormat::Outline }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared cleaning

fn check_size(s: &str) -> Result<(), CodebookError> {
    if s.len() > MAX_INPUT_BYTES {
        return Err(CodebookError::TooLarge { size: s.len(), limit: MAX_INPUT_BYTES });
    }
    Ok(())
}

const BINARY_MSG: &str = "contains control characters (is this a binary file?)";

/// A trimmed, single-line name, or why not.
fn clean_name(raw: &str) -> Result<String, String> {
    if raw.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return Err(BINARY_MSG.into());
    }
    // Tabs and line ends become spaces, the name NFC: the one form every stored name has.
    let name = crate::core::names::clean_name(raw);
    if name.is_empty() {
        return Err("empty code name".into());
    }
    Ok(name.into_owned())
}

/// A trimmed description (line breaks and tabs kept, `\r` dropped), or why not.
fn clean_description(raw: &str) -> Result<String, String> {
    if raw.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return Err(BINARY_MSG.into());
    }
    Ok(raw.replace('\r', "").trim().to_string())
}

/// The stored colour (`#rrggbb`, see [`Color::parse`] for what is read), `None` for empty.
fn clean_color(raw: &str) -> Result<Option<String>, String> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Color::normalize(raw).map(Some).map_err(|e| format!("colour '{}' is not of the form #rrggbb", e.0))
}

/// Merges siblings with the same name (see the module docs), recursively.
fn merge_duplicates(nodes: Vec<CodeNode>) -> Vec<CodeNode> {
    let mut out: Vec<CodeNode> = Vec::with_capacity(nodes.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for n in nodes {
        match index.get(&n.name) {
            Some(&i) => {
                let t = &mut out[i];
                if t.description.is_empty() {
                    t.description = n.description;
                }
                if t.kind.is_none() {
                    t.kind = n.kind;
                }
                if t.color.is_none() {
                    t.color = n.color;
                }
                t.children.extend(n.children);
            }
            None => {
                index.insert(n.name.clone(), out.len());
                out.push(n);
            }
        }
    }
    for n in &mut out {
        n.children = merge_duplicates(std::mem::take(&mut n.children));
    }
    out
}

/// Splits text into numbered lines; `\r\n`, `\n` and lone `\r` all end a line.
fn numbered_lines(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let lone_cr = s.contains('\r') && !s.contains('\n');
    let it: Box<dyn Iterator<Item = &str>> = if lone_cr { Box::new(s.split('\r')) } else { Box::new(s.lines()) };
    it.enumerate().map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// Children lists by index, assembled into nodes (parents always precede their children).
struct Arena {
    nodes: Vec<CodeNode>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
}

impl Arena {
    fn new() -> Self {
        Arena { nodes: Vec::new(), children: Vec::new(), roots: Vec::new() }
    }

    fn add(&mut self, parent: Option<usize>, node: CodeNode) -> Result<usize, CodebookError> {
        if self.nodes.len() >= MAX_CODES {
            return Err(CodebookError::TooManyCodes { limit: MAX_CODES });
        }
        let i = self.nodes.len();
        self.nodes.push(node);
        self.children.push(Vec::new());
        match parent {
            Some(p) => self.children[p].push(i),
            None => self.roots.push(i),
        }
        Ok(i)
    }

    fn into_tree(mut self) -> Vec<CodeNode> {
        // Children have larger indices than their parents: fill bottom-up.
        let mut built: Vec<Option<CodeNode>> = Vec::with_capacity(self.nodes.len());
        built.resize_with(self.nodes.len(), || None);
        for i in (0..self.nodes.len()).rev() {
            let mut n = std::mem::replace(&mut self.nodes[i], CodeNode::new(""));
            n.children = self.children[i].iter().map(|&c| built[c].take().expect("child built once")).collect();
            built[i] = Some(n);
        }
        self.roots.iter().map(|&r| built[r].take().expect("root built once")).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Any format

/// Reads `s` in the given format. Text formats give a codebook without name or source.
pub fn parse(s: &str, format: CodebookFormat) -> Result<Codebook, CodebookError> {
    match format {
        CodebookFormat::Json => parse_json(s),
        CodebookFormat::Outline => Ok(Codebook { codes: parse_outline(s)?, ..Codebook::default() }),
        CodebookFormat::PathLines => Ok(Codebook { codes: parse_path_lines(s)?, ..Codebook::default() }),
    }
}

/// Reads a file's content in the format [`CodebookFormat::detect`] picks. For text formats the
/// codebook is named after the file (without directory and extension) and `source` is the name.
pub fn parse_auto(file_name: &str, s: &str) -> Result<Codebook, CodebookError> {
    refuse_other_files(file_name)?;
    let format = CodebookFormat::detect(file_name, s);
    if format != CodebookFormat::Json {
        refuse_other_text(s)?;
    }
    let mut cb = parse(s, format)?;
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    if cb.name.is_empty() {
        cb.name = base.rsplit_once('.').map(|(stem, _)| stem).filter(|s| !s.is_empty()).unwrap_or(base).to_string();
    }
    if cb.source.is_empty() {
        cb.source = base.to_string();
    }
    Ok(cb)
}

/// Reads a codebook file's bytes: refused by name if it is another kind of file, decoded by the
/// one text decoder ([`crate::input::text`]: UTF-8, UTF-16 with or without BOM, Windows-1252),
/// then parsed as [`parse_auto`] does. What the app's preview shows and what the import imports.
pub fn parse_file(file_name: &str, bytes: &[u8]) -> Result<Codebook, CodebookError> {
    refuse_other_files(file_name)?;
    let decoded =
        crate::input::text::decode_text(bytes).map_err(|e| CodebookError::NotACodebook { why: e.to_string() })?;
    parse_auto(file_name, &crate::core::text::normalize_newlines(&decoded.text))
}

/// Refuses, by extension, files that are documents or tables of another kind: read as text they
/// would give one junk code per line (or per line of zip garbage).
fn refuse_other_files(file_name: &str) -> Result<(), CodebookError> {
    use crate::output::Format as F;
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    // The formats of the one table, plus the old Office formats it does not read at all.
    let why = match (F::from_extension(&ext), ext.as_str()) {
        (Some(F::Csv | F::Tsv | F::Xlsx | F::Ods), _) | (_, "xls") => {
            format!("“.{ext}” is a table of rows, not a tree of codes")
        }
        (Some(F::Docx | F::Odt | F::Rtf | F::Pdf), _) | (_, "doc") => format!(
            "“.{ext}” is a document; copy its list of codes into a .txt file (one code per line, indented by level)"
        ),
        (Some(F::Qdc | F::Qdpx), _) => format!("“.{ext}” is a REFI-QDA file"),
        _ => return Ok(()),
    };
    Err(CodebookError::NotACodebook { why })
}

/// Refuses text that is clearly no outline or code list: a delimited table (most lines split
/// into the same three or more fields) or running prose (most lines are long sentences). Code
/// names are short; a long explanation belongs after `: ` and is not counted.
fn refuse_other_text(s: &str) -> Result<(), CodebookError> {
    let lines: Vec<&str> =
        s.lines().map(|l| l.trim_start_matches('\u{feff}')).filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 3 {
        return Ok(());
    }
    for delim in [b',', b';', b'\t'] {
        let mut rdr =
            csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(s.as_bytes());
        let widths: Vec<usize> = rdr.records().take(1000).map(|r| r.map_or(0, |r| r.len())).collect();
        let Some(&header) = widths.first() else { continue };
        let rows = widths.len();
        let same = widths.iter().filter(|&&w| w == header).count();
        // QualCoder code lists use one tab (path, memo): never three fields.
        if header >= 3 && rows >= 3 && same * 5 >= rows * 4 {
            return Err(CodebookError::NotACodebook {
                why: format!("it is a table of {rows} rows with {header} columns each"),
            });
        }
    }
    let prose = lines
        .iter()
        .filter(|l| {
            let (_, rest) = strip_marker(l);
            let name = split_description(rest.trim()).0;
            name.split_whitespace().count() > 15
        })
        .count();
    if prose * 2 > lines.len() {
        return Err(CodebookError::NotACodebook {
            why: format!("{prose} of its {} lines are running prose (whole sentences), not code names", lines.len()),
        });
    }
    Ok(())
}

/// Number of codes and the depth of the deepest one (top level = 1; 0 for no codes).
pub fn stats(nodes: &[CodeNode]) -> (usize, usize) {
    let mut count = 0;
    let mut max_depth = 0;
    let mut stack: Vec<(&CodeNode, usize)> = nodes.iter().map(|n| (n, 1)).collect();
    while let Some((n, d)) = stack.pop() {
        count += 1;
        max_depth = max_depth.max(d);
        stack.extend(n.children.iter().map(|c| (c, d + 1)));
    }
    (count, max_depth)
}

#[cfg(test)]
mod tests;
