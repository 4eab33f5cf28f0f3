//! Shared machinery of the .docx and .odt readers: their parts go through the one guarded XML
//! reader ([`crate::input::xml`]: no DOCTYPE, bounded nesting and counts, only the five predefined
//! entities), and [`Builder`] assembles paragraphs, tables, text boxes and notes into plain text
//! in reading order.

use super::ImportError;
use std::borrow::Cow;
use std::collections::HashMap;

pub(crate) use crate::input::xml::{Handler, attr};

/// Decodes a part's bytes through the one XML decoder ([`crate::input::xml::decode_xml`]).
pub(crate) fn part_to_str<'a>(bytes: &'a [u8], part: &str) -> Result<Cow<'a, str>, ImportError> {
    Ok(crate::input::xml::decode_xml(bytes, part)?)
}

/// Runs `h` over every event of the part `xml` through the one guarded XML reader, with its
/// limits for streamed parts.
pub(crate) fn parse(xml: &str, part: &str, h: &mut impl Handler<ImportError>) -> Result<(), ImportError> {
    crate::input::xml::parse(xml, part, crate::input::xml::Limits::streaming(), h)
}

impl From<crate::input::xml::XmlError> for ImportError {
    fn from(e: crate::input::xml::XmlError) -> Self {
        match e {
            crate::input::xml::XmlError::Doctype { what } => {
                ImportError::Xml(format!("{what} contains a DOCTYPE (entity declarations); refused for safety"))
            }
            other => ImportError::Xml(other.to_string()),
        }
    }
}

enum Frame {
    /// Body, note body or text box: receives finished blocks, one per line.
    Block(String),
    /// A paragraph being filled. `merge`: its mark is hidden or deleted, so it runs on into the
    /// next paragraph. `ws`: the last character was collapsible white space (ODF). `bold_lead`:
    /// all its text so far is bold (see [`Builder::bold`]).
    Para { text: String, merge: bool, ws: bool, bold_lead: bool },
    /// A table rendered as it is read: rows on lines, cells separated by tabs (a flood of empty
    /// rows or cells costs a byte each, as in the output).
    Table { text: String, rows: usize, cells_in_row: usize },
    /// A table cell: its blocks, later joined by spaces so that a row stays one line.
    Cell(Vec<String>),
}

/// Assembles text in reading order. Tables become one line per row with cells separated by a
/// tab; paragraphs inside a cell are joined with spaces; text boxes become lines of their own;
/// notes become "[n]" markers and are listed after the body under "[Notes]".
pub(crate) struct Builder {
    frames: Vec<Frame>,
    notes: Vec<String>,
    /// Note number by the key of a note referenced by id (docx), so that a note referenced many
    /// times is listed once.
    note_numbers: HashMap<String, usize>,
    /// Bytes of text produced so far, and the most allowed (see [`super::MAX_TEXT_BYTES`]).
    produced: usize,
    limit: usize,
    /// Whether the text the reader adds next is bold.
    bold: bool,
}

/// Before regular text `s` is added to a paragraph whose `text` so far is bold (`lead`): if the
/// bold words are a speaker's name ([`ends_a_bold_tag`]), the space after them becomes a tab, so
/// that "**Interviewer** How …" reads as the tag "Interviewer" as a table's first column does;
/// returns `s` without its leading white space then.
fn end_bold_lead<'s>(text: &mut String, lead: &mut bool, bold: bool, s: &'s str, breaks: bool) -> Option<&'s str> {
    if !*lead || bold || (text.trim().is_empty() && s.trim().is_empty()) {
        return None;
    }
    *lead = false;
    if !super::speakers::ends_a_bold_tag(text, s, breaks) {
        return None;
    }
    text.truncate(text.trim_end().len());
    text.push('\t');
    Some(s.trim_start())
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder::with_limit(super::MAX_TEXT_BYTES)
    }

    pub(crate) fn with_limit(limit: usize) -> Builder {
        Builder {
            frames: vec![Frame::Block(String::new())],
            notes: Vec::new(),
            note_numbers: HashMap::new(),
            produced: 0,
            limit,
            bold: false,
        }
    }

    /// Counts `bytes` more of output; false (and nothing more is kept) once over the limit.
    fn grow(&mut self, bytes: usize) -> bool {
        self.produced = self.produced.saturating_add(bytes);
        self.produced <= self.limit
    }

    /// The text-limit error once more text was produced than allowed; parsing stops on it.
    pub(crate) fn status(&self) -> Result<(), ImportError> {
        if self.produced > self.limit {
            return Err(ImportError::TooLarge {
                what: "the imported text".into(),
                size: self.produced as u64,
                limit: self.limit as u64,
            });
        }
        Ok(())
    }

    pub(crate) fn in_para(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Para { .. }))
    }

    /// Says whether the text added from now on is bold: a paragraph that opens with a few bold
    /// words and goes on in regular type gets a tab after them ([`end_bold_lead`]).
    pub(crate) fn bold(&mut self, on: bool) {
        self.bold = on;
    }

    /// Appends run text to the current paragraph.
    pub(crate) fn inline(&mut self, s: &str) {
        if !self.grow(s.len()) {
            return;
        }
        let bold = self.bold;
        match self.frames.last_mut() {
            Some(Frame::Para { text, ws, bold_lead, .. }) => {
                let s = end_bold_lead(text, bold_lead, bold, s, true).unwrap_or(s);
                text.push_str(s);
                *ws = false;
            }
            Some(Frame::Block(b)) => b.push_str(s),
            Some(Frame::Cell(pieces)) => match pieces.last_mut() {
                Some(last) => last.push_str(s),
                None => pieces.push(s.to_string()),
            },
            Some(Frame::Table { .. }) | None => {}
        }
    }

    /// Appends ODF text: runs of white space collapse to one space, none at paragraph start.
    pub(crate) fn inline_collapsed(&mut self, s: &str) {
        if !self.grow(s.len()) {
            return;
        }
        let bold = self.bold;
        if let Some(Frame::Para { text, ws, bold_lead, .. }) = self.frames.last_mut() {
            let s = match end_bold_lead(text, bold_lead, bold, s, false) {
                Some(rest) => {
                    *ws = true;
                    rest
                }
                None => s,
            };
            for c in s.chars() {
                if matches!(c, ' ' | '\t' | '\n' | '\r') {
                    if !*ws {
                        text.push(' ');
                        *ws = true;
                    }
                } else {
                    text.push(c);
                    *ws = false;
                }
            }
        }
    }

    pub(crate) fn start_para(&mut self) {
        self.frames.push(Frame::Para { text: String::new(), merge: false, ws: true, bold_lead: true });
    }

    /// Marks the current paragraph as running on into the next one (hidden/deleted mark).
    pub(crate) fn merge_para(&mut self) {
        if let Some(Frame::Para { merge, .. }) = self.frames.last_mut() {
            *merge = true;
        }
    }

    pub(crate) fn end_para(&mut self) {
        if let Some(Frame::Para { .. }) = self.frames.last()
            && let Some(Frame::Para { mut text, merge, ws, .. }) = self.frames.pop()
        {
            // A trailing newline (after a text box) or collapsed ODF space adds nothing.
            if text.ends_with('\n') || ws && text.ends_with(' ') {
                text.pop();
            }
            match self.frames.last_mut() {
                Some(Frame::Block(b)) if merge => b.push_str(&text),
                _ => self.deliver(text),
            }
        }
    }

    pub(crate) fn start_table(&mut self) {
        self.frames.push(Frame::Table { text: String::new(), rows: 0, cells_in_row: 0 });
    }

    pub(crate) fn start_row(&mut self) {
        if self.grow(1)
            && let Some(Frame::Table { text, rows, cells_in_row }) = self.frames.last_mut()
        {
            if *rows > 0 {
                text.push('\n');
            }
            *rows += 1;
            *cells_in_row = 0;
        }
    }

    /// Appends a finished cell to the current row of the innermost table.
    fn push_cell(&mut self, cell: &str) {
        if !matches!(self.frames.last(), Some(Frame::Table { .. })) || !self.grow(cell.len() + 1) {
            return;
        }
        if let Some(Frame::Table { rows: 0, .. }) = self.frames.last() {
            self.start_row();
        }
        if let Some(Frame::Table { text, cells_in_row, .. }) = self.frames.last_mut() {
            if *cells_in_row > 0 {
                text.push('\t');
            }
            text.push_str(cell);
            *cells_in_row += 1;
        }
    }

    pub(crate) fn start_cell(&mut self) {
        self.frames.push(Frame::Cell(Vec::new()));
    }

    pub(crate) fn end_cell(&mut self) {
        self.close_open_paras();
        if let Some(Frame::Cell(_)) = self.frames.last()
            && let Some(Frame::Cell(pieces)) = self.frames.pop()
        {
            let joined: Vec<String> = pieces
                .iter()
                .map(|p| p.replace(['\n', '\t'], " ").trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            self.push_cell(&joined.join(" "));
        }
    }

    pub(crate) fn end_table(&mut self) {
        self.close_open_paras();
        while let Some(Frame::Cell(_)) = self.frames.last() {
            self.end_cell();
        }
        if let Some(Frame::Table { .. }) = self.frames.last()
            && let Some(Frame::Table { text, .. }) = self.frames.pop()
        {
            self.deliver(text);
        }
    }

    /// Starts a nested block container (text box, note body).
    pub(crate) fn start_block(&mut self) {
        self.frames.push(Frame::Block(String::new()));
    }

    /// Ends a block container and returns its text (trailing newlines removed). Never pops the
    /// root.
    pub(crate) fn end_block(&mut self) -> String {
        self.close_open_paras();
        if self.frames.len() > 1
            && let Some(Frame::Block(_)) = self.frames.last()
            && let Some(Frame::Block(b)) = self.frames.pop()
        {
            return b.trim_end_matches('\n').to_string();
        }
        String::new()
    }

    /// Puts a finished text box on lines of its own at the current position.
    pub(crate) fn insert_box(&mut self, content: String) {
        if !content.trim().is_empty() {
            self.deliver(content);
        }
    }

    /// Records a note and puts its marker "[n]" at the current position.
    pub(crate) fn add_note(&mut self, note: String) {
        if !self.grow(note.len()) {
            return;
        }
        self.notes.push(note.trim().to_string());
        let marker = format!("[{}]", self.notes.len());
        self.inline(&marker);
    }

    /// Puts the marker of the note known as `key` at the current position; the note's text is
    /// listed once, however often it is referenced (a note referenced a thousand times must not
    /// become a thousand copies).
    pub(crate) fn add_note_ref(&mut self, key: String, note: &str) {
        let number = match self.note_numbers.get(&key) {
            Some(&n) => n,
            None => {
                if !self.grow(note.len()) {
                    return;
                }
                self.notes.push(note.trim().to_string());
                self.note_numbers.insert(key, self.notes.len());
                self.notes.len()
            }
        };
        self.inline(&format!("[{number}]"));
    }

    /// Hands a finished block to the enclosing container.
    fn deliver(&mut self, block: String) {
        if !self.grow(1) {
            return;
        }
        match self.frames.last_mut() {
            Some(Frame::Block(b)) => {
                b.push_str(&block);
                b.push('\n');
            }
            Some(Frame::Cell(pieces)) => pieces.push(block),
            Some(Frame::Para { text, ws, .. }) => {
                // A text box (or stray block) inside a paragraph: on lines of its own.
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&block);
                text.push('\n');
                *ws = true;
            }
            Some(Frame::Table { .. }) => {
                // Content directly in a table (invalid, but keep it): as a cell of its own.
                self.push_cell(&block.replace(['\n', '\t'], " "));
            }
            None => {}
        }
    }

    fn close_open_paras(&mut self) {
        while let Some(Frame::Para { .. }) = self.frames.last() {
            self.end_para();
        }
    }

    /// The body text (leading and trailing blank lines removed), followed by the
    /// notes: "\n\n[Notes]\n[1] text\n[2] text".
    pub(crate) fn finish(mut self) -> String {
        while self.frames.len() > 1 {
            match self.frames.last() {
                Some(Frame::Para { .. }) => self.end_para(),
                Some(Frame::Cell(_)) => self.end_cell(),
                Some(Frame::Table { .. }) => self.end_table(),
                Some(Frame::Block(_)) => {
                    let b = self.end_block();
                    self.insert_box(b);
                }
                None => break,
            }
        }
        let body = match self.frames.pop() {
            Some(Frame::Block(b)) => b,
            _ => String::new(),
        };
        let mut out = body.trim_matches('\n').to_string();
        super::append_notes(&mut out, &self.notes);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_tables_and_notes() {
        let mut b = Builder::new();
        b.start_para();
        b.inline("Above");
        b.end_para();
        b.start_table();
        for row in [["a", "b"], ["c", "d"]] {
            b.start_row();
            for cell in row {
                b.start_cell();
                b.start_para();
                b.inline(cell);
                b.end_para();
                b.end_cell();
            }
        }
        b.end_table();
        b.start_para();
        b.inline("Below");
        b.add_note("a note ".into());
        b.end_para();
        assert_eq!(b.finish(), "Above\na\tb\nc\td\nBelow[1]\n\n[Notes]\n[1] a note");
    }

    #[test]
    fn a_note_referenced_twice_is_listed_once_with_one_number() {
        let mut b = Builder::new();
        b.start_para();
        b.inline("Eerst");
        b.add_note_ref("Foot 1".into(), "de noot");
        b.inline(" en weer");
        b.add_note_ref("Foot 1".into(), "de noot");
        b.add_note_ref("Foot 2".into(), "een andere");
        b.end_para();
        assert_eq!(b.finish(), "Eerst[1] en weer[1][2]\n\n[Notes]\n[1] de noot\n[2] een andere");
    }

    #[test]
    fn text_beyond_the_limit_stops_with_an_error_naming_it() {
        let mut b = Builder::with_limit(10);
        b.start_para();
        b.inline("twelve bytes");
        assert!(matches!(b.status(), Err(ImportError::TooLarge { limit: 10, .. })));
        let mut b = Builder::with_limit(100);
        b.start_table();
        for _ in 0..200 {
            b.start_row();
        }
        assert!(b.status().is_err(), "empty rows count as output too");
    }

    #[test]
    fn tables_render_rows_and_cells_as_they_are_read() {
        let mut b = Builder::new();
        b.start_table();
        b.start_cell(); // a cell before any row starts one
        b.inline("a");
        b.end_cell();
        b.start_cell();
        b.end_cell();
        b.start_row();
        b.start_row();
        b.start_cell();
        b.start_para();
        b.inline("c");
        b.end_para();
        b.end_cell();
        b.end_table();
        assert_eq!(b.finish(), "a\t\n\nc");
    }
}
