//! QualCoder's plain-text code list: one `a>>b>>c<TAB>memo` line per code.

use super::*;

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
