//! Indented outlines as pasted from a thesis appendix: bullets, numbering and indentation
//! make the tree, `name: description` the descriptions.

use super::*;

// ---------------------------------------------------------------------------------------------
// Outline

pub(super) const BULLETS_ALONE: &[char] = &[
    '•', '○', '▪', '◦', '●', '■', '□', '▫', '‣', '⁃', '►', '▶', '➢', '➤', '→', '✓', '✔', '◆', '◇', '♦', '·',
    // Word's Symbol/Wingdings bullets as they arrive through the clipboard (private use area).
    '\u{f0b7}', '\u{f0a7}', '\u{f0d8}', '\u{f076}', '\u{f0fc}', '\u{f0e0}',
];
pub(super) const BULLETS_SPACED: &[char] = &['-', '*', '+', '–', '—'];

pub(super) static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\((?:\d{1,3}|[A-Za-z]|[ivx]{1,5}|[IVX]{1,5})\)|\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|[A-Za-z][.)]|[ivx]{1,5}[.)]|[IVX]{1,5}[.)])\s+",
    )
    .expect("valid regex")
});

/// Strips one list marker (a bullet or a numbering) from the start of `s` (no leading
/// whitespace). Returns the marker's style key (`None` without marker) and the rest, trimmed at
/// the start. A marker is only stripped when text follows it.
pub(super) fn strip_marker(s: &str) -> (Option<String>, &str) {
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
    // Markdown headings: `#` to `######`, one style (so one level) per depth.
    let hashes = s.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && s[hashes..].starts_with(' ') && !s[hashes..].trim().is_empty() {
        return (Some("#".repeat(hashes)), s[hashes..].trim_start());
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
pub(super) fn is_bare_marker(s: &str) -> bool {
    let mut chars = s.chars();
    let single = matches!((chars.next(), chars.next()), (Some(c), None) if BULLETS_ALONE.contains(&c) || BULLETS_SPACED.contains(&c));
    let padded = format!("{s} ");
    single || NUMBERING.find(&padded).is_some_and(|m| m.end() == padded.len())
}

/// `1.2` -> `1.1`, `3.` -> `1.`, `b)` -> `a)`, `(iv)` -> `(i)`: one key per numbering style.
pub(super) fn numbering_style(token: &str) -> String {
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
pub(super) fn split_description(content: &str) -> (String, Option<&str>) {
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

pub(super) fn unescape_description(s: &str) -> String {
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

pub(super) fn escape_outline_name(name: &str) -> String {
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
    to_outline_as(nodes, OutlineStyle::Bullets)
}

/// How [`to_outline_as`] marks the levels of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutlineStyle {
    /// `- name`, two spaces of indentation a level.
    #[default]
    Bullets,
    /// `1.`, `1.1.`, `1.1.1.` numbers, two spaces of indentation a level.
    Numbered,
    /// Markdown headings: `#` for top-level codes, `##` for their children, ... (`######` at most,
    /// deeper codes as `- ` items under the last heading).
    Headings,
}

/// The tree as an outline in `style`, with `: description` after a name that has one; every
/// style reads back through [`parse_outline`] to the same names, descriptions and structure
/// (headings: for trees up to six levels deep).
pub fn to_outline_as(nodes: &[CodeNode], style: OutlineStyle) -> String {
    fn walk(out: &mut String, nodes: &[CodeNode], depth: usize, style: OutlineStyle, number: &mut Vec<usize>) {
        for n in nodes {
            number.truncate(depth + 1);
            number.resize(depth + 1, 0);
            number[depth] += 1;
            match style {
                OutlineStyle::Headings if depth < 6 => {
                    out.push_str(&"#".repeat(depth + 1));
                    out.push(' ');
                }
                OutlineStyle::Numbered => {
                    out.push_str(&"  ".repeat(depth));
                    let parts: Vec<String> = number.iter().map(|n| n.to_string()).collect();
                    out.push_str(&parts.join("."));
                    out.push_str(". ");
                }
                OutlineStyle::Headings => {
                    out.push_str(&"  ".repeat(depth - 6));
                    out.push_str("- ");
                }
                OutlineStyle::Bullets => {
                    out.push_str(&"  ".repeat(depth));
                    out.push_str("- ");
                }
            }
            out.push_str(&escape_outline_name(n.name.trim()));
            let d = n.description.trim();
            if !d.is_empty() {
                out.push_str(": ");
                out.push_str(&d.replace('\\', "\\\\").replace('\r', "").replace('\n', "\\n"));
            }
            out.push('\n');
            walk(out, &n.children, depth + 1, style, number);
        }
    }
    let mut out = String::new();
    walk(&mut out, nodes, 0, style, &mut Vec::new());
    out
}
