//! JSON codebooks: `{"name", "source", "language", "codes": [...]}` or a bare array of nodes,
//! read with positions in errors and written back.

use super::*;

// ---------------------------------------------------------------------------------------------
// JSON

pub(super) fn json_error(e: serde_json::Error) -> CodebookError {
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

pub(super) fn validate_nodes(
    nodes: &mut [CodeNode],
    at: &str,
    depth: usize,
    count: &mut usize,
) -> Result<(), CodebookError> {
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
