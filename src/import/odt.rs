//! OpenDocument text (LibreOffice's native format) read from `content.xml`: paragraphs and
//! headings, spaces and tabs as encoded, tables, lists, and notes appended like in Word files.
//! Comments (annotations) and the deleted text kept in tracked changes are left out.

use super::ImportError;
use super::xml::{XmlEvent, attr, walk};
use super::zipsafe::SafeZip;

const FORMAT: &str = "OpenDocument (.odt)";
const SKIPPED: &[&str] = &["annotation", "tracked-changes", "note-citation", "bookmark-ref"];

pub fn extract(bytes: &[u8]) -> Result<String, ImportError> {
    let mut zip = SafeZip::open(bytes, FORMAT)?;
    let content = zip.read("content.xml")?.ok_or_else(|| ImportError::MissingPart("content.xml".into(), FORMAT))?;
    let mut out = String::new();
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut skipping = 0usize;
    let mut in_body = false;
    let mut notes: Vec<String> = Vec::new();
    let mut note_start: Vec<usize> = Vec::new();
    let mut cell_start: Vec<usize> = Vec::new();
    walk(&content, |ev| {
        match ev {
            XmlEvent::Start { name, attrs } => {
                let skip = SKIPPED.contains(&name);
                stack.push((name.to_string(), skip));
                if skip {
                    skipping += 1;
                }
                if name == "text" && stack.iter().any(|(n, _)| n == "body") {
                    in_body = true;
                }
                if skipping > 0 || !in_body {
                    return Ok(());
                }
                match name {
                    "s" => out.extend(std::iter::repeat_n(' ', attr(attrs, "c").and_then(|c| c.parse().ok()).unwrap_or(1usize).min(1000))),
                    "tab" => out.push('\t'),
                    "line-break" => out.push('\n'),
                    "note" => {
                        out.push_str(&format!("[{}]", notes.len() + note_start.len() + 1));
                        note_start.push(out.len());
                    }
                    "table-cell" => cell_start.push(out.len()),
                    _ => {}
                }
            }
            XmlEvent::End { name } => {
                let Some((_, skip)) = stack.pop() else { return Ok(()) };
                if skip {
                    skipping -= 1;
                    return Ok(());
                }
                if skipping > 0 || !in_body {
                    return Ok(());
                }
                match name {
                    "p" | "h" => out.push('\n'),
                    "note" => {
                        let start = note_start.pop().unwrap_or(out.len()).min(out.len());
                        let text = out[start..].split_whitespace().collect::<Vec<_>>().join(" ");
                        out.truncate(start);
                        notes.push(text);
                    }
                    "table-cell" => {
                        let start = cell_start.pop().unwrap_or(out.len()).min(out.len());
                        let cell = out[start..].split_whitespace().collect::<Vec<_>>().join(" ");
                        out.truncate(start);
                        out.push_str(&cell);
                        out.push('\t');
                    }
                    "table-row" => {
                        if out.ends_with('\t') {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            XmlEvent::Text(t) => {
                if in_body && skipping == 0 && stack.iter().any(|(n, _)| n == "p" || n == "h") {
                    out.push_str(t);
                }
            }
        }
        Ok(())
    })?;
    if !notes.is_empty() {
        out.push_str("\n[Notes]\n");
        for (i, n) in notes.iter().enumerate() {
            out.push_str(&format!("[{}] {}\n", i + 1, n));
        }
    }
    Ok(out)
}
