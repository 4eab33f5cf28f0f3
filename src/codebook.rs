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

use crate::core::{Change, Code, CodeKind, Edit, Entity, Id, Project};
use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use thiserror::Error;

/// Largest input any parser accepts (10 MiB).
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;
/// Most codes a codebook may hold.
pub const MAX_CODES: usize = 100_000;
/// Deepest nesting a codebook may have (top-level codes are at depth 1). The theses' trees are at
/// most 4 deep; the limit sits just below what serde_json's recursion guard (128 nested values, two
/// per level) lets through in the JSON format, so every format fails at the same depth with the
/// same message.
pub const MAX_DEPTH: usize = 60;

/// Colours for imported branches (Tableau 10: distinct, readable on light and dark backgrounds).
pub const PALETTE: [&str; 10] =
    ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
/// The files `codebook export` writes: JSON, or an outline as text (Markdown is an outline too).
pub const EXPORT_FORMATS: &[crate::output::Format] =
    &[crate::output::Format::Json, crate::output::Format::Txt, crate::output::Format::Md];

/// Colour of imported codes without a colour when default colours are off.
pub const NEUTRAL_COLOR: &str = "#9e9e9e";

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
        let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("json") => Some(CodebookFormat::Json),
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
    let name: String = raw.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
    let name = name.trim();
    if name.is_empty() {
        return Err("empty code name".into());
    }
    Ok(name.to_string())
}

/// A trimmed description (line breaks and tabs kept, `\r` dropped), or why not.
fn clean_description(raw: &str) -> Result<String, String> {
    if raw.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return Err(BINARY_MSG.into());
    }
    Ok(raw.replace('\r', "").trim().to_string())
}

/// `#rrggbb` in lower case (from `#rrggbb` or `#rgb`), `None` for empty.
fn clean_color(raw: &str) -> Result<Option<String>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let hex = t.strip_prefix('#').unwrap_or("");
    if hex.chars().all(|c| c.is_ascii_hexdigit()) {
        if hex.len() == 6 {
            return Ok(Some(format!("#{}", hex.to_ascii_lowercase())));
        }
        if hex.len() == 3 {
            let full: String = hex.chars().flat_map(|c| [c, c]).collect();
            return Ok(Some(format!("#{}", full.to_ascii_lowercase())));
        }
    }
    Err(format!("colour '{}' is not of the form #rrggbb", t.chars().take(40).collect::<String>()))
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
// JSON

fn json_error(e: serde_json::Error) -> CodebookError {
    let msg = e.to_string();
    if msg.contains("recursion limit exceeded") {
        return CodebookError::TooDeep { at: format!("line {}, column {}", e.line(), e.column()), limit: MAX_DEPTH };
    }
    // serde_json appends " at line L column C"; the variant carries those already.
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    CodebookError::Json { line: e.line(), column: e.column(), msg }
}

/// Reads a JSON codebook (an object as in `codebooks/*.json`, or a bare array of codes).
pub fn parse_json(s: &str) -> Result<Codebook, CodebookError> {
    check_size(s)?;
    let body = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut cb: Codebook = if body.trim_start().starts_with('[') {
        Codebook { codes: serde_json::from_str(body).map_err(json_error)?, ..Codebook::default() }
    } else {
        serde_json::from_str(body).map_err(json_error)?
    };
    let mut count = 0;
    validate_nodes(&mut cb.codes, "codes", 1, &mut count)?;
    cb.codes = merge_duplicates(std::mem::take(&mut cb.codes));
    cb.name = cb.name.trim().to_string();
    Ok(cb)
}

fn validate_nodes(nodes: &mut [CodeNode], at: &str, depth: usize, count: &mut usize) -> Result<(), CodebookError> {
    for (i, n) in nodes.iter_mut().enumerate() {
        let here = format!("{at}[{i}]");
        if depth > MAX_DEPTH {
            let name: String = n.name.trim().chars().take(60).collect();
            return Err(CodebookError::TooDeep { at: format!("code '{name}'"), limit: MAX_DEPTH });
        }
        *count += 1;
        if *count > MAX_CODES {
            return Err(CodebookError::TooManyCodes { limit: MAX_CODES });
        }
        let err = |msg: String| CodebookError::Code { at: here.clone(), msg };
        n.name = clean_name(&n.name).map_err(err)?;
        let named = |msg: String| CodebookError::Code { at: format!("{here} ('{}')", n.name), msg };
        n.description = clean_description(&n.description).map_err(named)?;
        n.color = match &n.color {
            Some(c) => clean_color(c).map_err(named)?,
            None => None,
        };
        validate_nodes(&mut n.children, &format!("{here}.children"), depth + 1, count)?;
    }
    Ok(())
}

/// Pretty JSON (two-space indent, ending in a newline), readable by [`parse_json`].
pub fn to_json(cb: &Codebook) -> String {
    let mut s = serde_json::to_string_pretty(cb).expect("a codebook always serialises");
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// Outline

const BULLETS_ALONE: &[char] = &[
    '•', '○', '▪', '◦', '●', '■', '□', '▫', '‣', '⁃', '►', '▶', '➢', '➤', '→', '✓', '✔', '◆', '◇', '♦', '·',
    // Word's Symbol/Wingdings bullets as they arrive through the clipboard (private use area).
    '\u{f0b7}', '\u{f0a7}', '\u{f0d8}', '\u{f076}', '\u{f0fc}', '\u{f0e0}',
];
const BULLETS_SPACED: &[char] = &['-', '*', '+', '–', '—'];

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\((?:\d{1,3}|[A-Za-z]|[ivx]{1,5}|[IVX]{1,5})\)|\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|[A-Za-z][.)]|[ivx]{1,5}[.)]|[IVX]{1,5}[.)])\s+",
    )
    .expect("valid regex")
});

/// Strips one list marker (a bullet or a numbering) from the start of `s` (no leading
/// whitespace). Returns the marker's style key (`None` without marker) and the rest, trimmed at
/// the start. A marker is only stripped when text follows it.
fn strip_marker(s: &str) -> (Option<String>, &str) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        let rest = chars.as_str();
        let after_ws = rest.trim_start();
        if BULLETS_ALONE.contains(&c) && !after_ws.is_empty() {
            return (Some(c.to_string()), after_ws);
        }
        if BULLETS_SPACED.contains(&c) && rest.starts_with(char::is_whitespace) && !after_ws.is_empty() {
            return (Some(c.to_string()), after_ws);
        }
        // Word's second-level bullet arrives as "o<TAB>".
        if c == 'o' && rest.starts_with('\t') && !after_ws.is_empty() {
            return (Some("o".into()), after_ws);
        }
    }
    if let Some(m) = NUMBERING.find(s) {
        let rest = &s[m.end()..];
        if !rest.trim().is_empty() {
            return (Some(numbering_style(m.as_str().trim_end())), rest);
        }
    }
    (None, s)
}

/// Whether a line is nothing but a marker (an empty list item).
fn is_bare_marker(s: &str) -> bool {
    let mut chars = s.chars();
    let single = matches!((chars.next(), chars.next()), (Some(c), None) if BULLETS_ALONE.contains(&c) || BULLETS_SPACED.contains(&c));
    let padded = format!("{s} ");
    single || NUMBERING.find(&padded).is_some_and(|m| m.end() == padded.len())
}

/// `1.2` -> `1.1`, `3.` -> `1.`, `b)` -> `a)`, `(iv)` -> `(i)`: one key per numbering style.
fn numbering_style(token: &str) -> String {
    let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let mut out = String::new();
    let mut prev_digit = false;
    let mut prev_alpha = false;
    for c in token.chars() {
        if c.is_ascii_digit() {
            if !prev_digit {
                out.push('1');
            }
            prev_digit = true;
            prev_alpha = false;
        } else if c.is_ascii_alphabetic() {
            if !prev_alpha {
                out.push(match (letters == 1, c.is_ascii_lowercase()) {
                    (true, true) => 'a',
                    (true, false) => 'A',
                    (false, true) => 'i',
                    (false, false) => 'I',
                });
            }
            prev_alpha = true;
            prev_digit = false;
        } else {
            out.push(c);
            prev_digit = false;
            prev_alpha = false;
        }
    }
    out
}

/// Splits `content` (marker already stripped) into name and description at the first `:`
/// followed by whitespace or the first tab, whichever comes first; `\:` and `\\` in the name are
/// a literal `:` and `\`. Both parts are returned raw (not trimmed).
fn split_description(content: &str) -> (String, Option<&str>) {
    let mut name = String::new();
    let mut it = content.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            '\\' => match it.peek() {
                Some(&(_, n @ (':' | '\\'))) => {
                    name.push(n);
                    it.next();
                }
                _ => name.push('\\'),
            },
            '\t' => return (name, Some(&content[i + 1..])),
            ':' => match it.peek() {
                Some(&(j, n)) if n.is_whitespace() => return (name, Some(&content[j..])),
                _ => name.push(':'),
            },
            _ => name.push(c),
        }
    }
    (name, None)
}

fn unescape_description(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.peek() {
                Some('n') => {
                    out.push('\n');
                    it.next();
                }
                Some('\\') => {
                    out.push('\\');
                    it.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads an indented outline, as pasted from a thesis appendix or typed by hand.
///
/// Rules:
/// * One code per line; blank lines are ignored.
/// * A line may start with one list marker, which is dropped: a bullet (`•`, `○`, `▪`, `◦`, `●`,
///   `■`, `►`, `➢`, `✓`, Word's private-use bullets, ..., or `-`, `*`, `+`, `–`, `—` followed by
///   a space, or `o` followed by a tab as Word pastes second-level bullets) or a numbering (`1.`,
///   `1)`, `(1)`, `1.2`, `1.2.3.`, `a)`, `a.`, `(a)`, `iv.`, `IV)`) followed by whitespace. Only
///   one marker is dropped, so `- 1. Participatie` is the code `1. Participatie`.
/// * Nesting follows indentation (spaces, tabs, or both; a tab advances to the next multiple of
///   the indent unit, which is the smallest indentation made of spaces only, 2 to 8, default 4).
///   A line indented more than the line before it is that line's child, however much more; a
///   line indented less closes every open code indented at least as much. So over- and
///   under-indentation never fail, they attach to the nearest sensible parent.
/// * When no line is indented at all but the lines use two or more marker styles (unmarked
///   headings followed by bullets, or `•` / `o` / `▪` as Word pastes levels, or `1.` / `1.1`),
///   each style is a level, in the order the styles first appear.
/// * An optional description follows the name after the first `:` followed by whitespace, or
///   after a tab: `Vertrouwen (trust): de mate waarin ...`. A colon not followed by whitespace
///   (`10:30`, `https://`) or at the very end of the line (`Dimensies:`) stays in the name.
///   Write `\:` for a colon the name should keep; in descriptions `\n` is a line break and `\\`
///   a backslash (this is what [`to_outline`] writes).
/// * A line with a marker but no name (`-`, `1.`) or no name before the description is an error
///   that names the line.
pub fn parse_outline(s: &str) -> Result<Vec<CodeNode>, CodebookError> {
    check_size(s)?;
    struct Item {
        line: usize,
        raw_indent: String,
        style: Option<String>,
        node: CodeNode,
    }
    let mut items: Vec<Item> = Vec::new();
    for (line, text) in numbered_lines(s) {
        if text.trim().is_empty() {
            continue;
        }
        if items.len() >= MAX_CODES {
            return Err(CodebookError::TooManyCodes { limit: MAX_CODES });
        }
        let err = |msg: String| CodebookError::Line { line, msg };
        let content = text.trim_start();
        let raw_indent = text[..text.len() - content.len()].to_string();
        let content = content.trim_end();
        if is_bare_marker(content) {
            return Err(err("empty code name".into()));
        }
        let (style, rest) = strip_marker(content);
        let (name, description) = split_description(rest);
        let name = clean_name(&name).map_err(err)?;
        let description = match description {
            Some(d) => clean_description(&unescape_description(d)).map_err(err)?,
            None => String::new(),
        };
        items.push(Item { line, raw_indent, style, node: CodeNode::new(name).with_description(description) });
    }

    // Indent unit: the smallest indentation made of spaces only.
    let unit = items
        .iter()
        .filter(|it| !it.raw_indent.is_empty() && !it.raw_indent.contains('\t'))
        .map(|it| it.raw_indent.chars().count())
        .min()
        .unwrap_or(4)
        .clamp(2, 8);
    let width =
        |indent: &str| indent.chars().fold(0usize, |w, c| if c == '\t' { (w / unit + 1) * unit } else { w + 1 });
    let flat = items.iter().all(|it| it.raw_indent.is_empty());
    let mut styles: Vec<Option<String>> = Vec::new();
    if flat {
        for it in &items {
            if !styles.contains(&it.style) {
                styles.push(it.style.clone());
            }
        }
    }
    let by_style = flat && styles.len() > 1;

    let mut arena = Arena::new();
    let mut open: Vec<(usize, usize)> = Vec::new(); // (width, arena index) from the root down
    for it in items {
        let w = if by_style { styles.iter().position(|s| *s == it.style).unwrap_or(0) } else { width(&it.raw_indent) };
        while open.last().is_some_and(|&(ow, _)| ow >= w) {
            open.pop();
        }
        if open.len() >= MAX_DEPTH {
            return Err(CodebookError::TooDeep { at: format!("line {}", it.line), limit: MAX_DEPTH });
        }
        let idx = arena.add(open.last().map(|&(_, i)| i), it.node)?;
        open.push((w, idx));
    }
    Ok(merge_duplicates(arena.into_tree()))
}

fn escape_outline_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut it = name.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ':' if it.peek().is_some_and(|n| n.is_whitespace()) => out.push_str("\\:"),
            '\t' | '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Two-space indented `- name` lines (`- name: description` when there is one); reads back
/// through [`parse_outline`] to the same names, descriptions and structure (kinds and colours are
/// not written).
pub fn to_outline(nodes: &[CodeNode]) -> String {
    fn walk(out: &mut String, nodes: &[CodeNode], depth: usize) {
        for n in nodes {
            for _ in 0..depth {
                out.push_str("  ");
            }
            out.push_str("- ");
            out.push_str(&escape_outline_name(n.name.trim()));
            let d = n.description.trim();
            if !d.is_empty() {
                out.push_str(": ");
                out.push_str(&d.replace('\\', "\\\\").replace('\r', "").replace('\n', "\\n"));
            }
            out.push('\n');
            walk(out, &n.children, depth + 1);
        }
    }
    let mut out = String::new();
    walk(&mut out, nodes, 0);
    out
}

// ---------------------------------------------------------------------------------------------
// QualCoder path lines

/// Reads QualCoder's plain-text code list: one `category>>category>>code<TAB>memo` line per
/// code. Lines sharing a prefix share those codes (`cat1>>code2` and `cat1>>code3` make one
/// `cat1` with two children); the memo becomes the description of the line's last code (a later
/// memo for the same code only fills an empty description). A line that names only a category
/// (`cat1<TAB>memo`) is allowed. Blank lines are ignored; an empty segment (`a>>>>b`, `>>a`) is
/// an error that names the line.
pub fn parse_path_lines(s: &str) -> Result<Vec<CodeNode>, CodebookError> {
    check_size(s)?;
    let mut arena = Arena::new();
    let mut index: HashMap<(Option<usize>, String), usize> = HashMap::new();
    for (line, text) in numbered_lines(s) {
        if text.trim().is_empty() {
            continue;
        }
        let err = |msg: String| CodebookError::Line { line, msg };
        let (path, memo) = match text.split_once('\t') {
            Some((p, m)) => (p, m),
            None => (text, ""),
        };
        let segments: Vec<&str> = path.split(">>").collect();
        if segments.len() > MAX_DEPTH {
            return Err(CodebookError::TooDeep { at: format!("line {line}"), limit: MAX_DEPTH });
        }
        let memo = clean_description(memo).map_err(err)?;
        let mut parent = None;
        for seg in segments {
            let name = clean_name(seg)
                .map_err(|m| err(if m == "empty code name" { "empty code name in path".into() } else { m }))?;
            let key = (parent, name);
            let idx = match index.get(&key) {
                Some(&i) => i,
                None => {
                    let i = arena.add(parent, CodeNode::new(key.1.clone()))?;
                    index.insert(key, i);
                    i
                }
            };
            parent = Some(idx);
        }
        if let Some(leaf) = parent {
            let d = &mut arena.nodes[leaf].description;
            if d.is_empty() {
                *d = memo;
            }
        }
    }
    Ok(arena.into_tree())
}

/// One `a>>b>>c<TAB>memo` line per leaf code and per code with a description, parents before
/// children; reads back through [`parse_path_lines`] to the same tree. Line breaks and tabs in a
/// description become spaces (the format has no way to write them); a name containing `>>`
/// cannot be written faithfully either.
pub fn to_path_lines(nodes: &[CodeNode]) -> String {
    fn walk(out: &mut String, path: &mut Vec<String>, nodes: &[CodeNode]) {
        for n in nodes {
            path.push(n.name.trim().replace(['\t', '\n', '\r'], " "));
            let d = n.description.trim();
            if n.children.is_empty() || !d.is_empty() {
                out.push_str(&path.join(">>"));
                if !d.is_empty() {
                    out.push('\t');
                    let flat: String =
                        d.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
                    out.push_str(&flat);
                }
                out.push('\n');
            }
            walk(out, path, &n.children);
            path.pop();
        }
    }
    let mut out = String::new();
    walk(&mut out, &mut Vec::new(), nodes);
    out
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

/// Refuses, by extension, files that are documents or tables of another kind: read as text they
/// would give one junk code per line (or per line of zip garbage).
fn refuse_other_files(file_name: &str) -> Result<(), CodebookError> {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let why = match ext.as_str() {
        "csv" | "tsv" | "xlsx" | "xls" | "ods" => format!("“.{ext}” is a table of rows, not a tree of codes"),
        "docx" | "doc" | "odt" | "rtf" | "pdf" => format!(
            "“.{ext}” is a document; copy its list of codes into a .txt file (one code per line, indented by level)"
        ),
        "qdc" | "qdpx" => format!("“.{ext}” is a REFI-QDA file"),
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

// ---------------------------------------------------------------------------------------------
// Project

/// The project's code tree as nodes, with kinds, colours and descriptions: all top-level codes
/// for `None`, or the branch starting at `root` (empty if there is no such code).
pub fn from_project(project: &Project, root: Option<Id>) -> Vec<CodeNode> {
    fn node(project: &Project, code: &Code, seen: &mut HashSet<Id>) -> CodeNode {
        seen.insert(code.id);
        let children = project
            .children(Some(code.id))
            .into_iter()
            .filter(|c| !seen.contains(&c.id))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|c| node(project, c, seen))
            .collect();
        CodeNode {
            name: code.name.clone(),
            description: code.description.clone(),
            kind: Some(code.kind),
            color: Some(code.color.clone()),
            children,
        }
    }
    let mut seen = HashSet::new();
    match root {
        None => project.children(None).into_iter().map(|c| node(project, c, &mut seen)).collect(),
        Some(id) => project.codes.get(&id).map(|c| vec![node(project, c, &mut seen)]).unwrap_or_default(),
    }
}

/// Names cleaned, nameless nodes dropped, duplicates merged: what the parsers guarantee, for nodes
/// built by hand.
fn prepare(nodes: &[CodeNode]) -> Vec<CodeNode> {
    fn clean(nodes: &[CodeNode]) -> Vec<CodeNode> {
        nodes
            .iter()
            .filter_map(|n| {
                let name = clean_name(&n.name).ok()?;
                Some(CodeNode {
                    name,
                    description: n.description.replace('\r', "").trim().to_string(),
                    kind: n.kind,
                    color: n.color.as_deref().and_then(|c| clean_color(c).ok().flatten()),
                    children: clean(&n.children),
                })
            })
            .collect()
    }
    merge_duplicates(clean(nodes))
}

/// One edit, "Import codebook", that adds `nodes` below `parent` (top level for `None`).
///
/// * A node whose path already exists (same name under the same parent) reuses that code: nothing
///   is duplicated, only an empty description is filled in (as an update). Importing the same
///   codebook twice therefore gives an empty edit the second time.
/// * New codes get fresh ids from `project.last_id + 1` upwards, in depth-first order (parents
///   first), and positions after the existing siblings.
/// * A node without a kind becomes a [`CodeKind::Concept`] at depth 1 of the project, a
///   [`CodeKind::Dimension`] at depth 2 when it has children, and a [`CodeKind::Code`] otherwise.
/// * A node's own colour always wins. With `default_colors`, a node without one takes the colour
///   of its nearest ancestor (in the import or already in the project), and a new top-level
///   branch takes the next [`PALETTE`] colour by its position, so each branch has one colour.
///   Without `default_colors`, a node without a colour gets [`NEUTRAL_COLOR`].
/// * Nodes are cleaned as the parsers do (names trimmed, duplicates merged; nameless nodes and
///   invalid colours are dropped, as this function cannot fail).
pub fn insert_into_project(project: &Project, parent: Option<Id>, nodes: &[CodeNode], default_colors: bool) -> Edit {
    struct Ctx<'a> {
        project: &'a Project,
        edit: Edit,
        next_id: Id,
        default_colors: bool,
    }
    fn walk(
        ctx: &mut Ctx,
        parent: Option<Id>,
        parent_existing: bool,
        depth: usize,
        inherited: Option<&str>,
        nodes: &[CodeNode],
    ) {
        let existing: Vec<&Code> = if parent_existing { ctx.project.children(parent) } else { Vec::new() };
        let mut position = existing.iter().map(|c| c.position + 1).max().unwrap_or(0);
        for n in nodes {
            if let Some(old) = existing.iter().find(|c| c.name == n.name) {
                if old.description.trim().is_empty() && !n.description.is_empty() {
                    let mut after = (*old).clone();
                    after.description = n.description.clone();
                    ctx.edit.push(Change::Update { before: Entity::Code((*old).clone()), after: Entity::Code(after) });
                }
                let color = old.color.clone();
                walk(ctx, Some(old.id), true, depth + 1, Some(&color), &n.children);
                continue;
            }
            let kind = n.kind.unwrap_or(match depth {
                1 => CodeKind::Concept,
                2 if !n.children.is_empty() => CodeKind::Dimension,
                _ => CodeKind::Code,
            });
            let color = match (&n.color, ctx.default_colors) {
                (Some(c), _) => c.clone(),
                (None, true) => match inherited {
                    Some(c) => c.to_string(),
                    None => PALETTE[(position.rem_euclid(PALETTE.len() as i64)) as usize].to_string(),
                },
                (None, false) => NEUTRAL_COLOR.to_string(),
            };
            let id = ctx.next_id;
            ctx.next_id += 1;
            ctx.edit.push(Change::Insert(Entity::Code(Code {
                id,
                parent,
                name: n.name.clone(),
                kind,
                color: color.clone(),
                description: n.description.clone(),
                codable: true,
                position,
            })));
            position += 1;
            walk(ctx, Some(id), false, depth + 1, Some(&color), &n.children);
        }
    }
    let nodes = prepare(nodes);
    let (depth, inherited) = match parent.and_then(|p| project.codes.get(&p)) {
        Some(p) => (project.depth(p.id) + 1, Some(p.color.clone())),
        None => (1, None),
    };
    let mut ctx = Ctx {
        project,
        edit: Edit::new("Import codebook"),
        next_id: project.last_id.max(project.max_used_id()) + 1,
        default_colors,
    };
    walk(&mut ctx, parent, true, depth, inherited.as_deref(), &nodes);
    ctx.edit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(nodes: &[CodeNode]) -> Vec<String> {
        // "a", "a/b", ... depth-first, for compact structural asserts
        fn walk(out: &mut Vec<String>, prefix: &str, nodes: &[CodeNode]) {
            for n in nodes {
                let p = if prefix.is_empty() { n.name.clone() } else { format!("{prefix}/{}", n.name) };
                out.push(p.clone());
                walk(out, &p, &n.children);
            }
        }
        let mut out = Vec::new();
        walk(&mut out, "", nodes);
        out
    }

    #[test]
    fn markers_are_stripped_once() {
        assert_eq!(strip_marker("• Vertrouwen"), (Some("•".into()), "Vertrouwen"));
        assert_eq!(strip_marker("•Vertrouwen"), (Some("•".into()), "Vertrouwen"));
        assert_eq!(strip_marker("o\tIntegriteit"), (Some("o".into()), "Integriteit"));
        assert_eq!(strip_marker("- 1. Participatie"), (Some("-".into()), "1. Participatie"));
        assert_eq!(strip_marker("1. Participatie"), (Some("1.".into()), "Participatie"));
        assert_eq!(strip_marker("2.3 Legitimiteit"), (Some("1.1".into()), "Legitimiteit"));
        assert_eq!(strip_marker("(iv) Zorg"), (Some("(i)".into()), "Zorg"));
        assert_eq!(strip_marker("b) Zorg"), (Some("a)".into()), "Zorg"));
        assert_eq!(strip_marker("-Vertrouwen"), (None, "-Vertrouwen"));
        assert_eq!(strip_marker("1.5"), (None, "1.5"));
        assert_eq!(strip_marker("2024 evaluatie"), (None, "2024 evaluatie"));
        assert_eq!(strip_marker("Software – proces matching"), (None, "Software – proces matching"));
        assert_eq!(strip_marker("(Im)materiële waarden"), (None, "(Im)materiële waarden"));
    }

    #[test]
    fn descriptions_follow_colon_space_or_tab() {
        let n = parse_outline("Vertrouwen (trust): de mate waarin burgers erop rekenen").unwrap();
        assert_eq!(n[0].name, "Vertrouwen (trust)");
        assert_eq!(n[0].description, "de mate waarin burgers erop rekenen");
        let n = parse_outline("Dimensies:\n  Tijd 10:30\n  Bron https://example.org\n  Tab\tuitleg: met dubbele punt")
            .unwrap();
        assert_eq!(
            names(&n),
            ["Dimensies:", "Dimensies:/Tijd 10:30", "Dimensies:/Bron https://example.org", "Dimensies:/Tab"]
        );
        assert_eq!(n[0].children[2].description, "uitleg: met dubbele punt");
        let n = parse_outline("- Uitleg\\: drie rollen\\\\x: vraag\\nnog een regel").unwrap();
        assert_eq!(n[0].name, "Uitleg: drie rollen\\x");
        assert_eq!(n[0].description, "vraag\nnog een regel");
    }

    #[test]
    fn outline_nesting_tolerates_over_and_under_indentation() {
        let s = "A\n        A1\n            A1a\n      A2\n  B\nC\n";
        // A1 is over-indented (child of A), A2 sits between A and A1 (child of A), B between
        // root and A2 (child of A), C back at the root.
        assert_eq!(names(&parse_outline(s).unwrap()), ["A", "A/A1", "A/A1/A1a", "A/A2", "A/B", "C"]);
    }

    #[test]
    fn flat_outline_uses_marker_styles_as_levels() {
        let s = "Vertrouwen\n• Integriteit\n• Competentie\nLegitimiteit\n• Inspraak\n";
        assert_eq!(
            names(&parse_outline(s).unwrap()),
            ["Vertrouwen", "Vertrouwen/Integriteit", "Vertrouwen/Competentie", "Legitimiteit", "Legitimiteit/Inspraak"]
        );
        let s = "1. Waarden\n1.1 Vrijheid\n1.2 Rechtvaardigheid\n2. Rollen\n2.1 Ambtenaren\n";
        assert_eq!(
            names(&parse_outline(s).unwrap()),
            ["Waarden", "Waarden/Vrijheid", "Waarden/Rechtvaardigheid", "Rollen", "Rollen/Ambtenaren"]
        );
        let s = "•\tA\no\tB\n\u{f0a7}\tC\n•\tD\n";
        assert_eq!(names(&parse_outline(s).unwrap()), ["A", "A/B", "A/B/C", "D"]);
        // One style: a flat list.
        assert_eq!(names(&parse_outline("- a\n- b\n").unwrap()), ["a", "b"]);
    }

    #[test]
    fn duplicate_siblings_merge() {
        let s = "A\n  x: eerste\n  y\nA\n  x\n    z\n  w\nB\n  x\n";
        let n = parse_outline(s).unwrap();
        assert_eq!(names(&n), ["A", "A/x", "A/x/z", "A/y", "A/w", "B", "B/x"]);
        assert_eq!(n[0].children[0].description, "eerste");
        let cb = parse_json(r#"{"codes":[{"name":" A "},{"name":"A","description":"d","children":[{"name":"k"}]}]}"#)
            .unwrap();
        assert_eq!(cb.codes, vec![CodeNode::new("A").with_description("d").with_children(vec![CodeNode::new("k")])]);
    }

    #[test]
    fn empty_names_report_their_line() {
        assert_eq!(
            parse_outline("A\n\n  - \nB").unwrap_err(),
            CodebookError::Line { line: 3, msg: "empty code name".into() }
        );
        assert_eq!(
            parse_outline("A\n  : alleen uitleg").unwrap_err(),
            CodebookError::Line { line: 2, msg: "empty code name".into() }
        );
        assert_eq!(parse_outline("A\n1.").unwrap_err().to_string(), "line 2: empty code name");
        assert_eq!(parse_path_lines("a>>b\na>> >>c\n").unwrap_err().to_string(), "line 2: empty code name in path");
        assert_eq!(
            parse_json(r#"{"codes":[{"name":"A","children":[{"name":"  "}]}]}"#).unwrap_err().to_string(),
            "codes[0].children[0]: empty code name"
        );
    }

    #[test]
    fn json_fields_are_lenient_but_checked() {
        let cb = parse_json(r##"{"name":"x","extra":1,"codes":[{"name":"A","description":null,"kind":"Dimensie","color":"#ABC","children":null,"weight":3}]}"##).unwrap();
        assert_eq!(cb.codes[0].kind, Some(CodeKind::Dimension));
        assert_eq!(cb.codes[0].color.as_deref(), Some("#aabbcc"));
        assert_eq!(cb.source, "");
        let cb = parse_json(r#"[{"name":"A","kind":"indicator"}]"#).unwrap();
        assert_eq!(cb.codes[0].kind, Some(CodeKind::Code));
        assert!(matches!(parse_json(r#"[{"name":"A","kind":"blah"}]"#), Err(CodebookError::Json { .. })));
        assert!(parse_json(r#"[{"name":"A","color":"red"}]"#).unwrap_err().to_string().contains("#rrggbb"));
        assert!(matches!(parse_json("{\"codes\": [ }"), Err(CodebookError::Json { line: 1, .. })));
        let json = to_json(&Codebook {
            name: "n".into(),
            codes: vec![CodeNode {
                kind: Some(CodeKind::Concept),
                color: Some("#112233".into()),
                ..CodeNode::new("A")
            }],
            ..Default::default()
        });
        assert!(json.contains("\"kind\": \"concept\""), "{json}");
        assert_eq!(parse_json(&json).unwrap().codes[0].kind, Some(CodeKind::Concept));
    }

    #[test]
    fn binary_and_oversized_input_fail() {
        assert_eq!(parse_outline("A\n  B\0C").unwrap_err(), CodebookError::Line { line: 2, msg: BINARY_MSG.into() });
        assert!(parse_path_lines("a>>\u{1}b").is_err());
        let big = "a\n".repeat(MAX_INPUT_BYTES / 2 + 1);
        assert!(matches!(parse_outline(&big), Err(CodebookError::TooLarge { .. })));
        let many = "a\n".repeat(MAX_CODES + 1);
        assert_eq!(parse_outline(&many).unwrap_err(), CodebookError::TooManyCodes { limit: MAX_CODES });
        let deep: String = (0..MAX_DEPTH + 1).map(|i| format!("{}x{i}\n", " ".repeat(i))).collect();
        assert_eq!(
            parse_outline(&deep).unwrap_err().to_string(),
            format!("line {}: codes are nested deeper than {MAX_DEPTH} levels", MAX_DEPTH + 1)
        );
        let ok: String = (0..MAX_DEPTH).map(|i| format!("{}x{i}\n", " ".repeat(i))).collect();
        assert_eq!(stats(&parse_outline(&ok).unwrap()), (MAX_DEPTH, MAX_DEPTH));
        let deep_path = vec!["a"; MAX_DEPTH + 1].join(">>");
        assert!(matches!(parse_path_lines(&deep_path), Err(CodebookError::TooDeep { .. })));
    }

    #[test]
    fn line_ends_and_bom() {
        let n = parse_outline("\u{feff}A\r\n\tB\r\n").unwrap();
        assert_eq!(names(&n), ["A", "A/B"]);
        let n = parse_outline("A\r\tB\rC").unwrap();
        assert_eq!(names(&n), ["A", "A/B", "C"]);
    }

    #[test]
    fn format_detection() {
        use CodebookFormat::*;
        assert_eq!(CodebookFormat::detect("boom.JSON", "- a"), Json);
        assert_eq!(CodebookFormat::detect("x.txt", "  {\"codes\": []}"), Json);
        assert_eq!(CodebookFormat::detect("codes.txt", "code1\tmemo\ncat1>>code2\n"), PathLines);
        assert_eq!(CodebookFormat::detect("codes.txt", "cat1\n  code2\n"), Outline);
        assert_eq!(CodebookFormat::detect("codes.txt", "- a>>b\n"), Outline);
        assert_eq!(CodebookFormat::detect("codes.txt", "a\nb\n"), Outline);
    }

    #[test]
    fn path_lines_round_trip_and_category_memos() {
        let s = "cat1\tover categorie\ncat1>>code2\ncat1>>code3\tmemo 3\ncode4\n";
        let n = parse_path_lines(s).unwrap();
        assert_eq!(names(&n), ["cat1", "cat1/code2", "cat1/code3", "code4"]);
        assert_eq!(n[0].description, "over categorie");
        assert_eq!(to_path_lines(&n), s);
    }

    #[test]
    fn kinds_and_colours_on_import() {
        let nodes = parse_outline("A\n  A1\n    x\n  A2\nB\n  B1\n").unwrap();
        let edit = insert_into_project(&Project::default(), None, &nodes, true);
        let codes: Vec<Code> = edit
            .changes
            .iter()
            .map(|c| match c {
                Change::Insert(Entity::Code(c)) => c.clone(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        let kinds: Vec<_> = codes.iter().map(|c| (c.name.as_str(), c.kind, c.id, c.position)).collect();
        assert_eq!(
            kinds,
            [
                ("A", CodeKind::Concept, 1, 0),
                ("A1", CodeKind::Dimension, 2, 0),
                ("x", CodeKind::Code, 3, 0),
                ("A2", CodeKind::Code, 4, 1),
                ("B", CodeKind::Concept, 5, 1),
                ("B1", CodeKind::Code, 6, 0)
            ]
        );
        assert!(codes[..4].iter().all(|c| c.color == PALETTE[0]));
        assert!(codes[4..].iter().all(|c| c.color == PALETTE[1]));
        let plain = insert_into_project(&Project::default(), None, &nodes, false);
        assert!(plain.changes.iter().all(|c| matches!(c, Change::Insert(Entity::Code(c)) if c.color == NEUTRAL_COLOR)));
    }
}
