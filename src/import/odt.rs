//! .odt reader (zip + streaming quick-xml over content.xml). LibreOffice users and QualCoder
//! examples deliver OpenDocument text; this reads paragraphs, headings, lists, tables, text
//! boxes and notes in reading order, with ODF's white-space rules (`text:s`, `text:tab`,
//! `text:line-break`), and leaves out annotations, tracked deletions and hidden text. Which
//! spans are bold is read from the automatic styles, so that a speaker's name in bold at the
//! start of a paragraph reads as a tag (see [`Builder::bold`]).

use super::ImportError;
use super::xml::{Builder, Handler, attr, parse, part_to_str};
use quick_xml::events::BytesStart;
use std::collections::HashSet;

/// Reads an .odt package; returns text and warnings.
pub(crate) fn import_odt(bytes: &[u8]) -> Result<(String, Vec<super::Warning>), ImportError> {
    let mut pkg = super::open_package(bytes, ".odt")?;
    let mut warnings = Vec::new();
    let content = pkg
        .read_named("content.xml")?
        .ok_or_else(|| ImportError::MissingPart("content.xml; this is not an OpenDocument text file".into()))?;
    let xml = part_to_str(&content, "content.xml")?;
    let mut w = OdtWalker::new();
    parse(&xml, "content.xml", &mut w)?;
    if w.tracked {
        warnings.push(super::Notice::TrackedChanges.into());
    }
    if w.comments {
        warnings.push(super::Notice::Comments.into());
    }
    Ok((w.b.finish(), warnings))
}

struct OdtWalker {
    b: Builder,
    depth: usize,
    /// While `Some(d)`, everything inside the element at depth `d` is ignored.
    skip: Option<usize>,
    tracked: bool,
    comments: bool,
    /// While `Some(d)`: inside the automatic styles (element at depth `d`).
    styles: Option<usize>,
    /// The text style being read there, if it is one.
    text_style: Option<String>,
    /// Text styles that make their text bold.
    bold_styles: HashSet<String>,
    /// One entry per open span: is its text bold?
    spans: Vec<bool>,
}

impl OdtWalker {
    fn new() -> Self {
        OdtWalker {
            b: Builder::new(),
            depth: 0,
            skip: None,
            tracked: false,
            comments: false,
            styles: None,
            text_style: None,
            bold_styles: HashSet::new(),
            spans: Vec::new(),
        }
    }

    /// An automatic style's element: remembers the text styles that are bold.
    fn style(&mut self, e: &BytesStart<'_>, local: &[u8]) {
        match local {
            b"style" => self.text_style = attr(e, b"name").filter(|_| attr(e, b"family").as_deref() == Some("text")),
            b"text-properties" => {
                let weight = attr(e, b"font-weight").unwrap_or_default();
                let bold = weight == "bold" || weight.parse::<u16>().is_ok_and(|w| w >= 600);
                if let Some(name) = self.text_style.clone().filter(|_| bold) {
                    self.bold_styles.insert(name);
                }
            }
            _ => {}
        }
    }
}

impl Handler<ImportError> for OdtWalker {
    fn start(&mut self, e: &BytesStart<'_>, local: &[u8]) -> Result<(), ImportError> {
        self.depth += 1;
        if self.skip.is_some() {
            return Ok(());
        }
        if self.styles.is_some() {
            self.style(e, local);
            return Ok(());
        }
        match local {
            b"automatic-styles" => self.styles = Some(self.depth),
            b"span" => {
                let bold = self.spans.last().copied().unwrap_or(false)
                    || attr(e, b"style-name").is_some_and(|n| self.bold_styles.contains(&n));
                self.spans.push(bold);
                self.b.bold(bold);
            }
            b"p" | b"h" => self.b.start_para(),
            b"s" if self.b.in_para() => {
                let n: usize = attr(e, b"c").and_then(|c| c.trim().parse().ok()).unwrap_or(1);
                self.b.inline(&" ".repeat(n.clamp(1, 1000)));
            }
            b"tab" if self.b.in_para() => self.b.inline("\t"),
            b"line-break" if self.b.in_para() => self.b.inline("\n"),
            b"table" => self.b.start_table(),
            b"table-row" => self.b.start_row(),
            b"table-cell" | b"covered-table-cell" => self.b.start_cell(),
            b"note-body" | b"text-box" => self.b.start_block(),
            b"section" if attr(e, b"display").is_some_and(|d| d == "none") => self.skip = Some(self.depth),
            b"tracked-changes" => {
                self.tracked = true;
                self.skip = Some(self.depth);
            }
            b"annotation" => {
                self.comments = true;
                self.skip = Some(self.depth);
            }
            b"note-citation" | b"sequence-decls" | b"variable-decls" | b"user-field-decls" | b"hidden-text"
            | b"hidden-paragraph" | b"number" | b"title" | b"desc" | b"font-face-decls" | b"scripts" | b"forms" => {
                self.skip = Some(self.depth)
            }
            l if l.ends_with(b"-source") => self.skip = Some(self.depth),
            _ => {}
        }
        self.b.status()
    }

    fn end(&mut self, local: &[u8]) -> Result<(), ImportError> {
        let depth = self.depth;
        self.depth = self.depth.saturating_sub(1);
        if let Some(d) = self.skip {
            if d == depth {
                self.skip = None;
            }
            return Ok(());
        }
        if let Some(d) = self.styles {
            if d == depth {
                self.styles = None;
            }
            return Ok(());
        }
        match local {
            b"span" => {
                self.spans.pop();
                self.b.bold(self.spans.last().copied().unwrap_or(false));
            }
            b"p" | b"h" => self.b.end_para(),
            b"table-cell" | b"covered-table-cell" => self.b.end_cell(),
            b"table" => self.b.end_table(),
            b"note-body" => {
                let note = self.b.end_block();
                self.b.add_note(note);
            }
            b"text-box" => {
                let content = self.b.end_block();
                self.b.insert_box(content);
            }
            _ => {}
        }
        self.b.status()
    }

    fn text(&mut self, text: &str) -> Result<(), ImportError> {
        if self.skip.is_none() && self.b.in_para() {
            self.b.inline_collapsed(text);
        }
        self.b.status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> String {
        let xml = format!(
            "<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0' \
             xmlns:text='urn:oasis:names:tc:opendocument:xmlns:text:1.0' \
             xmlns:table='urn:oasis:names:tc:opendocument:xmlns:table:1.0'>\
             <office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        let mut w = OdtWalker::new();
        parse(&xml, "content.xml", &mut w).unwrap();
        w.b.finish()
    }

    #[test]
    fn spaces_tabs_and_breaks() {
        assert_eq!(
            content(
                "<text:p>  a   b<text:s text:c='3'/>c<text:tab/>d<text:line-break/>e</text:p>\n  <text:h>Kop</text:h>"
            ),
            "a b   c\td\ne\nKop"
        );
    }

    #[test]
    fn notes_tables_and_annotations() {
        assert_eq!(
            content(
                "<text:p>Ouch<text:note text:note-class='footnote'><text:note-citation>1</text:note-citation><text:note-body><text:p>A tachyon.</text:p></text:note-body></text:note>.<office:annotation><text:p>comment</text:p></office:annotation></text:p>\
                     <table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>\
                     <text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>"
            ),
            "Ouch[1].\na\t\tb\n\n[Notes]\n[1] A tachyon."
        );
    }
}
