//! Word documents read straight from their XML (zip + quick-xml), because a transcript needs
//! what docx-rs drops (footnotes, endnotes) and must survive what it panics on.
//!
//! What counts as the transcript: body text in reading order, tables (cells separated by tabs,
//! rows by line breaks), lists, text boxes once (Word writes each twice: a DrawingML choice and a
//! VML fallback), tracked changes as if accepted, field results without field codes. Hidden text,
//! headers, footers and comments are left out; footnotes and endnotes are appended as numbered
//! notes with a `[n]` mark where they were referenced.

use super::ImportError;
use super::xml::{XmlEvent, attr, walk};
use super::zipsafe::SafeZip;

const FORMAT: &str = "Word (.docx)";

/// Elements whose whole content is not part of the accepted, visible text.
const SKIPPED: &[&str] = &[
    "del", "moveFrom", "instrText", "delInstrText", "Fallback", "rPrChange", "pPrChange", "sectPrChange",
    "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
];

/// Relationship targets of a given type from a `.rels` part.
fn relationships(rels: &[u8], type_suffix: &str) -> Result<Vec<String>, ImportError> {
    let mut found = Vec::new();
    walk(rels, |ev| {
        if let XmlEvent::Start { name: "Relationship", attrs } = ev {
            if attr(attrs, "Type").is_some_and(|t| t.ends_with(type_suffix)) && attr(attrs, "TargetMode") != Some("External") {
                if let Some(t) = attr(attrs, "Target") {
                    found.push(t.to_string());
                }
            }
        }
        Ok(())
    })?;
    Ok(found)
}

/// Resolves a relationship target against the folder of the part that refers to it.
fn resolve(base_dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

pub fn extract(bytes: &[u8]) -> Result<String, ImportError> {
    let mut zip = SafeZip::open(bytes, FORMAT)?;
    let main = match zip.read("_rels/.rels")? {
        Some(rels) => relationships(&rels, "/officeDocument")?.into_iter().next().map(|t| resolve("", &t)),
        None => None,
    }
    .filter(|p| zip.has(p))
    .unwrap_or_else(|| "word/document.xml".to_string());
    let body = zip.read(&main)?.ok_or_else(|| ImportError::MissingPart(main.clone(), FORMAT))?;
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels_path = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let (mut footnotes, mut endnotes) = (Vec::new(), Vec::new());
    if let Some(rels) = zip.read(&rels_path)? {
        for (suffix, out) in [("/footnotes", &mut footnotes), ("/endnotes", &mut endnotes)] {
            if let Some(target) = relationships(&rels, suffix)?.into_iter().next() {
                if let Some(part) = zip.read(&resolve(dir, &target))? {
                    *out = Extractor::run(&part)?.notes;
                }
            }
        }
    }
    let doc = Extractor::run(&body)?;
    let mut text = doc.out;
    if !doc.note_refs.is_empty() {
        text.push_str("\n[Notes]\n");
        for (n, (kind, id)) in doc.note_refs.iter().enumerate() {
            let pool = if kind == "endnote" { &endnotes } else { &footnotes };
            let note = pool.iter().find(|(nid, _)| nid == id).map_or("", |(_, t)| t.as_str());
            text.push_str(&format!("[{}] {}\n", n + 1, note));
        }
    }
    Ok(text)
}

#[derive(Default)]
struct Extractor {
    out: String,
    /// Open elements and whether each one starts a skipped subtree.
    stack: Vec<(String, bool)>,
    skipping: usize,
    run_hidden: bool,
    /// The paragraph mark itself is hidden: Word runs this paragraph into the next one.
    mark_hidden: bool,
    /// One entry per open complex field: true while reading its instruction part.
    fields: Vec<bool>,
    cell_starts: Vec<usize>,
    note_refs: Vec<(String, String)>,
    /// Footnote/endnote bodies when reading a notes part: (id, text).
    notes: Vec<(String, String)>,
    note_start: Option<(String, usize)>,
}

impl Extractor {
    fn run(xml: &[u8]) -> Result<Extractor, ImportError> {
        let mut x = Extractor::default();
        walk(xml, |ev| {
            x.event(ev);
            Ok(())
        })?;
        Ok(x)
    }

    fn parent(&self) -> Option<&str> {
        self.stack.len().checked_sub(2).map(|i| self.stack[i].0.as_str())
    }

    fn visible(&self) -> bool {
        self.skipping == 0 && !self.run_hidden && !self.fields.last().copied().unwrap_or(false)
    }

    fn event(&mut self, ev: XmlEvent) {
        match ev {
            XmlEvent::Start { name, attrs } => {
                let skip = SKIPPED.contains(&name);
                self.stack.push((name.to_string(), skip));
                if skip {
                    self.skipping += 1;
                }
                if self.skipping > 0 {
                    return;
                }
                let in_run = self.parent() == Some("r");
                let grandparent = self.stack.len().checked_sub(3).map(|i| self.stack[i].0.as_str());
                match name {
                    "r" => self.run_hidden = false,
                    "p" => self.mark_hidden = false,
                    "vanish" if self.parent() == Some("rPr") && grandparent == Some("pPr") => {
                        self.mark_hidden = !matches!(attr(attrs, "val"), Some("0" | "false" | "off"));
                    }
                    "vanish" | "specVanish" if self.parent() == Some("rPr") && grandparent == Some("r") => {
                        self.run_hidden = !matches!(attr(attrs, "val"), Some("0" | "false" | "off"));
                    }
                    "fldChar" => match attr(attrs, "fldCharType") {
                        Some("begin") => self.fields.push(true),
                        Some("separate") => {
                            if let Some(f) = self.fields.last_mut() {
                                *f = false;
                            }
                        }
                        Some("end") => {
                            self.fields.pop();
                        }
                        _ => {}
                    },
                    "tab" | "ptab" if in_run && self.visible() => self.out.push('\t'),
                    "br" | "cr" if in_run && self.visible() => self.out.push('\n'),
                    "noBreakHyphen" if in_run && self.visible() => self.out.push('-'),
                    "footnoteReference" | "endnoteReference" if self.visible() => {
                        let kind = if name == "endnoteReference" { "endnote" } else { "footnote" };
                        self.note_refs.push((kind.to_string(), attr(attrs, "id").unwrap_or("").to_string()));
                        self.out.push_str(&format!("[{}]", self.note_refs.len()));
                    }
                    "tc" => self.cell_starts.push(self.out.len()),
                    "footnote" | "endnote" => {
                        let separator = attr(attrs, "type").is_some_and(|t| t != "normal");
                        if !separator {
                            self.note_start = Some((attr(attrs, "id").unwrap_or("").to_string(), self.out.len()));
                        }
                    }
                    _ => {}
                }
            }
            XmlEvent::End { name } => {
                let Some((_, skip)) = self.stack.pop() else { return };
                if skip {
                    self.skipping -= 1;
                    return;
                }
                if self.skipping > 0 {
                    return;
                }
                match name {
                    "p" if !self.mark_hidden => self.out.push('\n'),
                    "r" => self.run_hidden = false,
                    "tc" => {
                        let start = self.cell_starts.pop().unwrap_or(self.out.len()).min(self.out.len());
                        let cell: String = self.out[start..].split_whitespace().collect::<Vec<_>>().join(" ");
                        self.out.truncate(start);
                        self.out.push_str(&cell);
                        self.out.push('\t');
                    }
                    "tr" => {
                        if self.out.ends_with('\t') {
                            self.out.pop();
                        }
                        self.out.push('\n');
                    }
                    "footnote" | "endnote" => {
                        if let Some((id, start)) = self.note_start.take() {
                            let text = self.out[start..].split_whitespace().collect::<Vec<_>>().join(" ");
                            self.out.truncate(start);
                            self.notes.push((id, text));
                        }
                    }
                    _ => {}
                }
            }
            XmlEvent::Text(t) => {
                if self.visible() && self.stack.last().is_some_and(|(n, _)| n == "t") {
                    self.out.push_str(t);
                }
            }
        }
    }
}
