//! .docx reader (zip + streaming quick-xml). We do not use docx-rs for reading: it panics on
//! corrupt input, has no size limits, drops footnotes and text boxes. This reader follows
//! `_rels/.rels` to the main part, matches elements by local name (so ISO Strict files work),
//! accepts tracked changes, leaves out hidden text, headers, footers, comments and field codes,
//! and appends footnotes/endnotes as numbered notes. A paragraph that opens with a few words in
//! bold and goes on in regular type ("**Interviewer** How …") gets a tab after the bold words
//! instead of the space, so that a speaker's name in bold reads as a tag.

use super::ImportError;
use super::Package;
use super::xml::{Builder, Handler, attr, parse, part_to_str};
use quick_xml::events::BytesStart;
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum NoteKind {
    Foot,
    End,
}

type NoteMap = HashMap<(NoteKind, String), String>;

struct Relationship {
    kind: String,
    target: String,
    external: bool,
}

/// Reads a .docx package; returns text and warnings.
pub(crate) fn import_docx(bytes: &[u8]) -> Result<(String, Vec<super::Warning>), ImportError> {
    let mut pkg = super::open_package(bytes, ".docx")?;
    let mut warnings = Vec::new();

    let main = main_part(&mut pkg)?;
    let (dir, file) = match main.rfind('/') {
        Some(i) => (&main[..=i], &main[i + 1..]),
        None => ("", main.as_str()),
    };
    let part_rels = read_rels(&mut pkg, &format!("{dir}_rels/{file}.rels"))?;

    // Notes first, so that the body walk can number them in reading order.
    let mut note_parts: Vec<(NoteKind, String)> = Vec::new();
    match &part_rels {
        Some(rels) => {
            for r in rels.iter().filter(|r| !r.external) {
                if r.kind.ends_with("/footnotes") {
                    note_parts.push((NoteKind::Foot, resolve_target(dir, &r.target)));
                } else if r.kind.ends_with("/endnotes") {
                    note_parts.push((NoteKind::End, resolve_target(dir, &r.target)));
                }
            }
        }
        None => {
            for (kind, name) in [(NoteKind::Foot, "footnotes.xml"), (NoteKind::End, "endnotes.xml")] {
                let path = format!("{dir}{name}");
                if pkg.contains(&path) {
                    note_parts.push((kind, path));
                }
            }
        }
    }
    if part_rels.iter().flatten().any(|r| r.kind.ends_with("/comments")) {
        warnings.push(super::Notice::Comments.into());
    }
    let mut notes = NoteMap::new();
    for (kind, part) in &note_parts {
        let Some(bytes) = pkg.read_named(part)? else {
            continue;
        };
        let xml = part_to_str(&bytes, part)?;
        let mut w = Walker::new(Mode::Notes(*kind), None);
        parse(&xml, part, &mut w)?;
        notes.extend(w.notes_out);
    }

    let bytes =
        pkg.read_named(&main)?.ok_or_else(|| ImportError::MissingPart(format!("the main document part “{main}”")))?;
    let xml = part_to_str(&bytes, &main)?;
    let mut w = Walker::new(Mode::Body, Some(&notes));
    parse(&xml, &main, &mut w)?;
    if !w.saw_body {
        return Err(ImportError::MissingPart(format!("the document body in “{main}”")));
    }
    if w.tracked {
        warnings.push(super::Notice::TrackedChanges.into());
    }
    if w.hidden {
        warnings.push(super::Notice::HiddenText.into());
    }
    if w.bad_symbols {
        warnings.push(super::Notice::SymbolFont.into());
    }
    if w.missing_notes {
        warnings.push(super::Notice::MissingNotes.into());
    }
    Ok((w.b.finish(), warnings))
}

/// The main part named by the officeDocument relationship (Transitional or Strict), else the
/// conventional `word/document.xml`.
fn main_part(pkg: &mut Package<'_>) -> Result<String, ImportError> {
    if let Some(rels) = read_rels(pkg, "_rels/.rels")?
        && let Some(r) = rels.iter().find(|r| r.kind.ends_with("/officeDocument") && !r.external)
    {
        let target = resolve_target("", &r.target);
        if pkg.contains(&target) {
            return Ok(target);
        }
        return Err(ImportError::MissingPart(format!("the main document part “{target}”")));
    }
    if pkg.contains("word/document.xml") {
        return Ok("word/document.xml".into());
    }
    Err(ImportError::MissingPart("the main document part (word/document.xml); this is not a Word document".into()))
}

fn read_rels(pkg: &mut Package<'_>, name: &str) -> Result<Option<Vec<Relationship>>, ImportError> {
    let Some(bytes) = pkg.read_named(name)? else {
        return Ok(None);
    };
    let xml = part_to_str(&bytes, name)?;
    struct Rels(Vec<Relationship>);
    impl Handler<ImportError> for Rels {
        fn start(&mut self, e: &BytesStart<'_>, local: &[u8]) -> Result<(), ImportError> {
            if local == b"Relationship"
                && let (Some(kind), Some(target)) = (attr(e, b"Type"), attr(e, b"Target"))
            {
                let external = attr(e, b"TargetMode").is_some_and(|m| m == "External");
                self.0.push(Relationship { kind, target, external });
            }
            Ok(())
        }
        fn end(&mut self, _: &[u8]) -> Result<(), ImportError> {
            Ok(())
        }
        fn text(&mut self, _: &str) -> Result<(), ImportError> {
            Ok(())
        }
    }
    let mut rels = Rels(Vec::new());
    parse(&xml, name, &mut rels)?;
    Ok(Some(rels.0))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    P,
    R,
    T,
    RPr,
    PPr,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Notes(NoteKind),
}

struct Walker<'n> {
    mode: Mode,
    b: Builder,
    stack: Vec<Tag>,
    /// While `Some(d)`, everything inside the element at stack depth `d` is ignored.
    skip: Option<usize>,
    /// One entry per open run: is it hidden (`w:vanish`)?
    runs_hidden: Vec<bool>,
    /// One entry per open run: is it bold (`w:b`)?
    runs_bold: Vec<bool>,
    /// One entry per open `mc:AlternateContent`: has a branch been taken already?
    alt: Vec<bool>,
    notes_in: Option<&'n NoteMap>,
    notes_out: NoteMap,
    current_note: Option<String>,
    saw_body: bool,
    tracked: bool,
    hidden: bool,
    bad_symbols: bool,
    missing_notes: bool,
}

impl<'n> Walker<'n> {
    fn new(mode: Mode, notes_in: Option<&'n NoteMap>) -> Walker<'n> {
        Walker {
            mode,
            b: Builder::new(),
            stack: Vec::new(),
            skip: None,
            runs_hidden: Vec::new(),
            runs_bold: Vec::new(),
            alt: Vec::new(),
            notes_in,
            notes_out: NoteMap::new(),
            current_note: None,
            saw_body: false,
            tracked: false,
            hidden: false,
            bad_symbols: false,
            missing_notes: false,
        }
    }

    fn run_hidden(&self) -> bool {
        self.runs_hidden.iter().any(|h| *h)
    }

    fn emit(&mut self, s: &str) {
        if !self.run_hidden() {
            self.b.bold(self.runs_bold.iter().any(|b| *b));
            self.b.inline(s);
        }
    }

    fn start_skip(&mut self) {
        self.skip = Some(self.stack.len());
    }
}

fn is_off(e: &BytesStart<'_>) -> bool {
    attr(e, b"val").is_some_and(|v| matches!(v.as_str(), "false" | "0" | "off"))
}

/// `w:sym`: a character in a symbol font. Real Unicode passes through; the private-use codes of
/// Symbol/Wingdings get a few common mappings, else U+FFFD.
fn symbol_char(e: &BytesStart<'_>) -> Option<char> {
    let code = u32::from_str_radix(attr(e, b"char")?.trim(), 16).ok()?;
    let font = attr(e, b"font").unwrap_or_default().to_ascii_lowercase();
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else if code <= 0xFF && (font.contains("wingdings") || font == "symbol") {
        code
    } else {
        return char::from_u32(code).filter(|c| !c.is_control());
    };
    let mapped = if font.contains("wingdings") {
        match low {
            0x9F | 0x6C => '•',
            0xA7 | 0x6E => '▪',
            0xE0 | 0xE8 => '→',
            0xFC => '✓',
            0xFB => '✗',
            _ => return None,
        }
    } else {
        match low {
            0xB7 => '•',
            0x2D => '−',
            0xB0 => '°',
            0xB1 => '±',
            0xB4 => '×',
            0xAE => '→',
            0x20..=0x2C | 0x2E..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E => char::from_u32(low)?,
            _ => return None,
        }
    };
    Some(mapped)
}

impl Handler<ImportError> for Walker<'_> {
    fn start(&mut self, e: &BytesStart<'_>, local: &[u8]) -> Result<(), ImportError> {
        if self.skip.is_some() {
            self.stack.push(Tag::Other);
            return Ok(());
        }
        let parent = self.stack.last().copied();
        let grand = self.stack.len().checked_sub(2).map(|i| self.stack[i]);
        let tag = match local {
            b"p" => Tag::P,
            b"r" => Tag::R,
            b"t" => Tag::T,
            b"rPr" => Tag::RPr,
            b"pPr" => Tag::PPr,
            _ => Tag::Other,
        };
        self.stack.push(tag);
        let in_run = parent == Some(Tag::R);
        match local {
            b"body" => self.saw_body = true,
            b"p" => self.b.start_para(),
            b"r" => {
                self.runs_hidden.push(false);
                self.runs_bold.push(false);
            }
            b"b" if parent == Some(Tag::RPr) && grand == Some(Tag::R) && !is_off(e) => {
                if let Some(b) = self.runs_bold.last_mut() {
                    *b = true;
                }
            }
            b"tab" | b"ptab" if in_run => self.emit("\t"),
            b"br" | b"cr" if in_run => self.emit("\n"),
            b"noBreakHyphen" if in_run => self.emit("-"),
            b"sym" if in_run => match symbol_char(e) {
                Some(c) => self.emit(c.encode_utf8(&mut [0; 4])),
                None => {
                    self.bad_symbols = true;
                    self.emit("\u{FFFD}");
                }
            },
            b"footnoteReference" | b"endnoteReference" if in_run && self.mode == Mode::Body => {
                let kind = if local == b"footnoteReference" { NoteKind::Foot } else { NoteKind::End };
                if !self.run_hidden() {
                    let id = attr(e, b"id").unwrap_or_default();
                    match self.notes_in.and_then(|n| n.get(&(kind, id.clone()))) {
                        Some(text) => self.b.add_note_ref(format!("{kind:?} {id}"), text),
                        None => self.missing_notes = true,
                    }
                }
            }
            b"vanish" if parent == Some(Tag::RPr) && !is_off(e) => match grand {
                Some(Tag::R) => {
                    if let Some(h) = self.runs_hidden.last_mut() {
                        *h = true;
                    }
                    self.hidden = true;
                }
                Some(Tag::PPr) => self.b.merge_para(),
                _ => {}
            },
            b"del" => {
                // A deleted paragraph mark joins the paragraph with the next one; a deleted
                // run container is dropped with everything in it.
                if parent == Some(Tag::RPr) && grand == Some(Tag::PPr) {
                    self.b.merge_para();
                }
                self.tracked = true;
                self.start_skip();
            }
            b"ins" | b"moveTo" => self.tracked = true,
            b"moveFrom" | b"delText" | b"delInstrText" => {
                self.tracked = true;
                self.start_skip();
            }
            b"instrText" | b"rPrChange" | b"pPrChange" | b"sectPrChange" | b"tblPrChange" | b"tblPrExChange"
            | b"trPrChange" | b"tcPrChange" | b"tblGridChange" | b"numberingChange" | b"sdtPr" | b"sdtEndPr"
            | b"fldData" | b"rt" => self.start_skip(),
            b"AlternateContent" => self.alt.push(false),
            b"Choice" | b"Fallback" => match self.alt.last_mut() {
                Some(taken) if *taken => self.start_skip(),
                Some(taken) => *taken = true,
                None => {}
            },
            b"tbl" => self.b.start_table(),
            b"tr" => self.b.start_row(),
            b"tc" => self.b.start_cell(),
            b"txbxContent" => self.b.start_block(),
            b"footnote" | b"endnote" if matches!(self.mode, Mode::Notes(_)) => {
                let kind = attr(e, b"type").unwrap_or_default();
                if matches!(kind.as_str(), "separator" | "continuationSeparator" | "continuationNotice") {
                    self.start_skip();
                } else {
                    self.current_note = attr(e, b"id");
                    self.b.start_block();
                }
            }
            _ => {}
        }
        self.b.status()
    }

    fn end(&mut self, local: &[u8]) -> Result<(), ImportError> {
        if let Some(depth) = self.skip {
            if self.stack.len() == depth {
                self.skip = None;
            }
            self.stack.pop();
            return Ok(());
        }
        self.stack.pop();
        match local {
            b"p" => self.b.end_para(),
            b"r" => {
                self.runs_hidden.pop();
                self.runs_bold.pop();
            }
            b"tc" => self.b.end_cell(),
            b"tbl" => self.b.end_table(),
            b"txbxContent" => {
                let content = self.b.end_block();
                if !self.run_hidden() {
                    self.b.insert_box(content);
                }
            }
            b"AlternateContent" => {
                self.alt.pop();
            }
            b"footnote" | b"endnote" => {
                if let (Mode::Notes(kind), Some(id)) = (self.mode, self.current_note.take()) {
                    let text = self.b.end_block();
                    self.notes_out.insert((kind, id), text);
                }
            }
            _ => {}
        }
        self.b.status()
    }

    fn text(&mut self, text: &str) -> Result<(), ImportError> {
        if self.skip.is_none() && self.stack.last() == Some(&Tag::T) {
            self.emit(text);
        }
        self.b.status()
    }
}

/// Resolves a relationship target against the folder of the part that references it.
/// `base_dir` is "" for the package root or e.g. "word/".
pub(crate) fn resolve_target(base_dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base_dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let path = parts.join("/");
    // Targets are URIs: undo percent-encoding of the common case (spaces).
    path.replace("%20", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve() {
        assert_eq!(resolve_target("", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_target("word/", "footnotes.xml"), "word/footnotes.xml");
        assert_eq!(resolve_target("word/", "../customXml/item1.xml"), "customXml/item1.xml");
    }

    fn body(xml_body: &str) -> String {
        let xml = format!(
            "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main' \
             xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'><w:body>{xml_body}</w:body></w:document>"
        );
        let notes = NoteMap::new();
        let mut w = Walker::new(Mode::Body, Some(&notes));
        parse(&xml, "document.xml", &mut w).unwrap();
        w.b.finish()
    }

    #[test]
    fn runs_join_without_spaces_and_tabs_breaks() {
        assert_eq!(
            body("<w:p><w:r><w:t>H</w:t></w:r><w:r><w:t>ello</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>"),
            "Hello\tx\ny"
        );
    }

    #[test]
    fn tab_stops_in_paragraph_properties_are_not_text() {
        assert_eq!(
            body("<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"),
            "a"
        );
    }

    #[test]
    fn fields_keep_results_only() {
        assert_eq!(
            body(
                "<w:p><w:r><w:t>See </w:t></w:r><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGEREF x </w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
            ),
            "See 7"
        );
    }

    #[test]
    fn tracked_changes_and_hidden_text() {
        assert_eq!(
            body(
                "<w:p><w:ins><w:r><w:t>new </w:t></w:r></w:ins><w:del><w:r><w:delText>old </w:delText></w:r></w:del><w:moveFrom><w:r><w:t>moved </w:t></w:r></w:moveFrom><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret </w:t></w:r><w:r><w:rPr><w:vanish w:val='false'/></w:rPr><w:t>shown</w:t></w:r></w:p>"
            ),
            "new shown"
        );
    }

    #[test]
    fn deleted_or_hidden_paragraph_mark_joins_paragraphs() {
        assert_eq!(
            body(
                "<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:t>one </w:t></w:r></w:p><w:p><w:r><w:t>two</w:t></w:r></w:p><w:p><w:r><w:t>three</w:t></w:r></w:p>"
            ),
            "one two\nthree"
        );
    }

    #[test]
    fn alternate_content_taken_once() {
        let choice = "<w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent>";
        let xml = format!(
            "<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'>{choice}</mc:Choice><mc:Fallback>{choice}</mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>After</w:t></w:r></w:p>"
        );
        assert_eq!(body(&xml), "Box\nAfter");
    }

    #[test]
    fn ruby_annotations_are_left_out() {
        assert_eq!(
            body(
                "<w:p><w:r><w:ruby><w:rt><w:r><w:t>かんじ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>漢字</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"
            ),
            "漢字"
        );
    }

    #[test]
    fn symbols() {
        assert_eq!(
            body(
                "<w:p><w:r><w:sym w:font='Symbol' w:char='F0B7'/><w:sym w:font='Wingdings' w:char='F0FC'/><w:sym w:font='Arial' w:char='00E9'/><w:noBreakHyphen/><w:softHyphen/></w:r></w:p>"
            ),
            "•✓é-"
        );
    }
}
