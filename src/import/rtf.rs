//! RTF import: the text of an `.rtf` file as macOS TextEdit, WordPad, Word and many transcription
//! services write it, with paragraphs and line breaks kept and everything else (fonts, colours,
//! styles, document info, pictures, Word's theme and data stores) left out.
//!
//! Hand-written rather than a crate: the one maintained Rust RTF crate (`rtf-parser` 0.4) decodes
//! `\'xx` escapes without the document's code page (`\ansicpg`, per-font `\fcharset`) and keeps
//! the text of ignorable `\*` destinations, both of which garble real interview notes; and text
//! extraction needs only a small tokenizer (RTF 1.9.1 spec, "Conventions of an RTF Reader"), not
//! a document model. What it handles:
//!
//! * control words and symbols, groups with per-group state (current font, `\ucN`);
//! * `\'xx` byte runs decoded with the code page of the current font's `\fcharset` (or `\cpg`),
//!   else `\ansicpg`, else the `\mac`/`\pc`/`\ansi` character set (Windows-1252 by default);
//! * `\uN` (negative N as Word writes it, surrogate pairs as TextEdit writes emoji) and skipping
//!   the `\ucN` fallback characters after it;
//! * destinations skipped: font, colour, style and list tables, `\info`, headers/footers, field
//!   instructions (the field result is kept), pictures, objects, comments and every other `\*`
//!   destination; tracked deletions (`\deleted`) are left out, as in the other readers;
//! * footnotes (`\footnote`, `\chftn` for their mark) are listed after the body under "[Notes]"
//!   with "[n]" where they are referenced, as the .docx and .odt readers do;
//! * `\par`, `\line`, `\sect`, `\page`, `\row` and TextEdit's backslash-newline start a new line;
//!   `\tab` and `\cell` a tab; `\~`, `\_`, quotes and dashes map to their characters;
//! * `\b`: a speaker's name in bold at the start of a paragraph gets a tab after it instead of
//!   the space, so that it reads as a tag (as in the .docx and .odt readers).
//!
//! Input is bounded by the importer's file size limit; group depth is capped so a hostile file
//! cannot exhaust memory, and the output never exceeds the input's length in characters.

use super::ImportError;
use std::collections::HashMap;

/// Deepest group nesting we follow (Word writes under 20).
const MAX_DEPTH: usize = 1000;
/// Most fonts we remember from the font table (documents have a few dozen): a table of millions of
/// definitions must not cost a map of millions.
const MAX_FONTS: usize = 10_000;

/// Reads an `.rtf` file; returns text and warnings.
pub(crate) fn import_rtf(bytes: &[u8]) -> Result<(String, Vec<super::Warning>), ImportError> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"{\\rtf") {
        return Err(ImportError::Encoding("the file does not start with {\\rtf; it is not an RTF document".into()));
    }
    let mut p = Parser::new(&bytes[start..]);
    p.run()?;
    let mut warnings = Vec::new();
    if p.tracked {
        warnings.push(super::Notice::TrackedChanges.into());
    }
    if p.comments {
        warnings.push(super::Notice::Comments.into());
    }
    if p.depth_exceeded {
        warnings.push(super::Notice::NestedTooDeep.into());
    }
    Ok((p.finish(), warnings))
}

/// State that a group inherits from its parent and that `}` restores.
#[derive(Clone, Copy)]
struct GroupState {
    /// Text in this group is not part of the document (font table, `\*` destination, ...).
    skip: bool,
    /// Fallback characters to skip after `\uN`.
    uc: usize,
    /// Code page for `\'xx` bytes in this group (from the current font), if any.
    font_cp: Option<u16>,
    /// Inside the font table: the font number being defined.
    in_fonttbl: bool,
    /// Text is bold (`\b`).
    bold: bool,
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    out: String,
    stack: Vec<GroupState>,
    state: GroupState,
    /// Document code page (`\ansicpg`, or implied by `\mac`/`\pc`).
    doc_cp: u16,
    /// `\fN` -> code page, from the font table's `\fcharsetN` / `\cpgN`.
    font_cps: HashMap<i32, u16>,
    /// The font currently being defined in the font table.
    defining_font: Option<i32>,
    /// Pending `\'xx` bytes, decoded together so multi-byte code pages work.
    bytes: Vec<u8>,
    /// Fallback characters still to skip after a `\uN`.
    skip_fallback: usize,
    /// A high surrogate from `\uN` waiting for its low half.
    high_surrogate: Option<u16>,
    depth_exceeded: bool,
    /// Where the current line of `out` starts, and whether all of it so far is bold.
    line_start: usize,
    bold_lead: bool,
    /// The footnotes read so far, and the one being read: while it is, `out` collects its text
    /// and this holds the group depth it ends at, the body's text and its line state.
    notes: Vec<String>,
    note: Option<(usize, String, usize, bool)>,
    tracked: bool,
    comments: bool,
    /// Groups opened beyond [`MAX_DEPTH`] and not yet closed: counted, not remembered, so 40 MB of
    /// `{` cost nothing; with the state to restore when the outermost of them closes.
    overflow: usize,
    before_overflow: Option<GroupState>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a [u8]) -> Self {
        Parser {
            src,
            pos: 0,
            out: String::new(),
            stack: Vec::new(),
            state: GroupState { skip: false, uc: 1, font_cp: None, in_fonttbl: false, bold: false },
            doc_cp: 1252,
            font_cps: HashMap::new(),
            defining_font: None,
            bytes: Vec::new(),
            skip_fallback: 0,
            high_surrogate: None,
            depth_exceeded: false,
            line_start: 0,
            bold_lead: true,
            notes: Vec::new(),
            note: None,
            tracked: false,
            comments: false,
            overflow: 0,
            before_overflow: None,
        }
    }

    fn finish(mut self) -> String {
        self.flush_bytes();
        // Trailing spaces before line ends come from `\par ` conventions, not from the author.
        let mut text = String::with_capacity(self.out.len());
        for (i, line) in self.out.split('\n').enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(line.trim_end_matches(' '));
        }
        let mut text = text.trim_end().to_string();
        super::append_notes(&mut text, &self.notes);
        text
    }

    fn run(&mut self) -> Result<(), ImportError> {
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            match b {
                b'{' => {
                    self.pos += 1;
                    self.flush_bytes();
                    if self.stack.len() >= MAX_DEPTH {
                        self.depth_exceeded = true;
                        if self.overflow == 0 {
                            self.before_overflow = Some(self.state);
                        }
                        self.overflow += 1;
                        self.state.skip = true;
                        continue;
                    }
                    self.stack.push(self.state);
                    self.skip_fallback = 0;
                    // `{\*\dest ...}`: an ignorable destination; skip it whole.
                    if self.src[self.pos..].starts_with(b"\\*") {
                        self.state.skip = true;
                    }
                }
                b'}' => {
                    self.pos += 1;
                    self.flush_bytes();
                    if self.overflow > 0 {
                        self.overflow -= 1;
                        if self.overflow == 0
                            && let Some(s) = self.before_overflow.take()
                        {
                            self.state = s;
                        }
                        continue;
                    }
                    if self.state.in_fonttbl {
                        self.defining_font = None;
                    }
                    match self.stack.pop() {
                        Some(s) => self.state = s,
                        None => break, // the closing brace of the document
                    }
                    self.skip_fallback = 0;
                    if self.note.as_ref().is_some_and(|(depth, ..)| self.stack.len() < *depth)
                        && let Some((_, body, line_start, bold_lead)) = self.note.take()
                    {
                        let note = std::mem::replace(&mut self.out, body);
                        self.notes.push(note.split_whitespace().collect::<Vec<_>>().join(" "));
                        (self.line_start, self.bold_lead) = (line_start, bold_lead);
                    }
                }
                b'\\' => self.control()?,
                b'\r' | b'\n' => self.pos += 1,
                _ => {
                    self.pos += 1;
                    if self.skip_fallback > 0 {
                        self.skip_fallback -= 1;
                        continue;
                    }
                    if b == b';' && self.state.in_fonttbl {
                        self.defining_font = None;
                    }
                    if b >= 0x80 {
                        // Raw 8-bit text (not allowed by the spec, written by some tools).
                        self.bytes.push(b);
                    } else {
                        self.flush_bytes();
                        self.emit(b as char);
                    }
                }
            }
        }
        Ok(())
    }

    fn emit(&mut self, c: char) {
        if !self.state.skip {
            if self.high_surrogate.take().is_some() {
                // A high surrogate without its low half.
                self.out.push('\u{fffd}');
            }
            if c == '\n' {
                self.out.push(c);
                self.line_start = self.out.len();
                self.bold_lead = true;
                return;
            }
            if self.bold_lead
                && !self.state.bold
                && !(c.is_whitespace() && self.out[self.line_start..].trim().is_empty())
            {
                self.bold_lead = false;
                if super::speakers::ends_a_bold_tag(&self.out[self.line_start..], c.encode_utf8(&mut [0; 4]), true) {
                    self.out.truncate(self.line_start + self.out[self.line_start..].trim_end().len());
                    self.out.push('\t');
                    if c.is_whitespace() {
                        return;
                    }
                }
            }
            self.out.push(c);
        }
    }

    fn emit_str(&mut self, s: &str) {
        for c in s.chars() {
            self.emit(c);
        }
    }

    /// Decodes the pending `\'xx` bytes with the current code page.
    fn flush_bytes(&mut self) {
        if self.bytes.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.bytes);
        let cp = self.state.font_cp.unwrap_or(self.doc_cp);
        let enc = crate::input::text::for_code_page(cp);
        let (text, _) = enc.decode_without_bom_handling(&bytes);
        let text = text.into_owned();
        self.emit_str(&text);
    }

    fn control(&mut self) -> Result<(), ImportError> {
        let src = self.src;
        self.pos += 1; // the backslash
        let Some(&c) = src.get(self.pos) else { return Ok(()) };
        if !c.is_ascii_alphabetic() {
            // Control symbol.
            self.pos += 1;
            if c == b'\'' {
                let hex = src.get(self.pos..self.pos + 2).and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                if byte.is_some() {
                    self.pos += 2;
                }
                if self.skip_fallback > 0 {
                    self.skip_fallback -= 1;
                    return Ok(());
                }
                if let Some(byte) = byte {
                    self.bytes.push(byte);
                }
                return Ok(());
            }
            if self.skip_fallback > 0 {
                self.skip_fallback -= 1;
                return Ok(());
            }
            self.flush_bytes();
            match c {
                b'\\' | b'{' | b'}' => self.emit(c as char),
                b'~' => self.emit('\u{a0}'),
                b'_' => self.emit('\u{2011}'),
                b'-' => {}                        // optional hyphen
                b'\n' | b'\r' => self.emit('\n'), // TextEdit: backslash-newline is \par
                b'\t' => self.emit('\t'),
                _ => {} // \*, \:, \| and unknown symbols
            }
            return Ok(());
        }
        let start = self.pos;
        while self.pos < src.len() && src[self.pos].is_ascii_alphabetic() && self.pos - start < 32 {
            self.pos += 1;
        }
        let word = std::str::from_utf8(&src[start..self.pos]).unwrap_or("");
        let num_start = self.pos;
        if self.pos < src.len() && src[self.pos] == b'-' {
            self.pos += 1;
        }
        while self.pos < src.len() && src[self.pos].is_ascii_digit() && self.pos - num_start < 11 {
            self.pos += 1;
        }
        let param: Option<i32> = std::str::from_utf8(&src[num_start..self.pos]).ok().and_then(|n| n.parse().ok());
        // One space after a control word belongs to it.
        if self.pos < src.len() && src[self.pos] == b' ' {
            self.pos += 1;
        }
        self.word(word, param);
        Ok(())
    }

    fn word(&mut self, word: &str, param: Option<i32>) {
        if word != "u" && self.skip_fallback > 0 && !matches!(word, "uc") {
            // A control word counts as one fallback character.
            self.skip_fallback -= 1;
            return;
        }
        if word != "u" {
            self.flush_bytes();
        }
        match word {
            // Character sets and code pages.
            "ansicpg" => {
                if let Some(n) = param.filter(|n| (1..=65535).contains(n)) {
                    self.doc_cp = n as u16;
                }
            }
            "mac" => self.doc_cp = 10000,
            "pc" => self.doc_cp = 437,
            "pca" => self.doc_cp = 850,
            "fonttbl" => {
                self.state.skip = true;
                self.state.in_fonttbl = true;
            }
            "f" => {
                if self.state.in_fonttbl {
                    self.defining_font = param;
                } else if let Some(n) = param {
                    self.state.font_cp = self.font_cps.get(&n).copied();
                }
            }
            "fcharset" => {
                if let (Some(f), Some(cs)) = (self.defining_font, param)
                    && let Some(cp) = charset_code_page(cs)
                    && (self.font_cps.len() < MAX_FONTS || self.font_cps.contains_key(&f))
                {
                    self.font_cps.entry(f).or_insert(cp);
                }
            }
            "cpg" => {
                if let (Some(f), Some(cp)) = (self.defining_font, param.filter(|n| (1..=65535).contains(n)))
                    && (self.font_cps.len() < MAX_FONTS || self.font_cps.contains_key(&f))
                {
                    self.font_cps.insert(f, cp as u16);
                }
            }
            "uc" => self.state.uc = param.unwrap_or(1).clamp(0, 16) as usize,
            "b" => self.state.bold = param != Some(0),
            "deleted" => {
                self.tracked = true;
                self.state.skip = true;
            }
            "revised" => self.tracked = true,
            "atnid" | "annotation" => {
                self.comments = true;
                self.state.skip = true;
            }
            // A footnote, unless it is inside something left out (a header's): its text is
            // collected apart and listed after the body.
            "footnote" if self.note.is_none() && !self.stack.last().is_some_and(|s| s.skip) => {
                let body = std::mem::take(&mut self.out);
                self.note = Some((self.stack.len(), body, self.line_start, self.bold_lead));
                (self.line_start, self.bold_lead) = (0, false);
                self.state.skip = false;
            }
            "chftn" if self.note.is_none() && !self.state.skip => {
                let mark = format!("[{}]", self.notes.len() + 1);
                self.emit_str(&mark);
            }
            "plain" => self.state.bold = false,
            "u" => {
                self.flush_bytes();
                let n = param.unwrap_or(0);
                let unit = if n < 0 { (n + 65536) as u32 } else { n as u32 };
                self.unicode(unit);
                self.skip_fallback = self.state.uc;
            }
            // Destinations whose text is not the document's.
            "colortbl" | "stylesheet" | "info" | "pict" | "object" | "fldinst" | "header" | "headerl" | "headerr"
            | "headerf" | "footer" | "footerl" | "footerr" | "footerf" | "listtable" | "listoverridetable"
            | "revtbl" | "rsidtbl" | "xmlnstbl" | "filetbl" | "themedata" | "colorschememapping" | "datastore"
            | "latentstyles" | "pntext" | "pntxta" | "pntxtb" | "bkmkstart" | "bkmkend" | "generator"
            | "nonshppict" | "shppict" | "shpinst" | "fchars" | "lchars" | "pgdsctbl" | "protusertbl"
            | "expandedcolortbl" | "listtext" | "atnauthor" | "footnote" | "xe" | "tc" | "template" | "userprops"
            | "operator" | "title" | "author" | "subject" | "keywords" | "doccomm" | "company" => {
                self.state.skip = true;
            }
            // Breaks and special characters.
            "par" | "line" | "sect" | "page" | "row" | "lbr" => self.emit('\n'),
            "tab" | "cell" => self.emit('\t'),
            "emdash" => self.emit('—'),
            "endash" => self.emit('–'),
            "lquote" => self.emit('‘'),
            "rquote" => self.emit('’'),
            "ldblquote" => self.emit('“'),
            "rdblquote" => self.emit('”'),
            "bullet" => self.emit('•'),
            "emspace" | "enspace" | "qmspace" => self.emit(' '),
            "zwj" => self.emit('\u{200d}'),
            "zwnj" => self.emit('\u{200c}'),
            "bin" => {
                // Binary data of `param` bytes follows: skip it (bounded by the file).
                let n = param.unwrap_or(0).max(0) as usize;
                self.pos = self.pos.saturating_add(n).min(self.src.len());
            }
            _ => {}
        }
    }

    /// One UTF-16 code unit from `\uN`; pairs surrogates.
    fn unicode(&mut self, unit: u32) {
        match unit {
            0xD800..=0xDBFF => {
                if self.high_surrogate.take().is_some() && !self.state.skip {
                    self.out.push('\u{fffd}');
                }
                self.high_surrogate = Some(unit as u16);
            }
            0xDC00..=0xDFFF => match self.high_surrogate.take() {
                Some(h) => {
                    let c = 0x10000 + ((h as u32 - 0xD800) << 10) + (unit - 0xDC00);
                    self.emit(char::from_u32(c).unwrap_or('\u{fffd}'));
                }
                None => self.emit('\u{fffd}'),
            },
            _ => self.emit(char::from_u32(unit).unwrap_or('\u{fffd}')),
        }
    }
}

/// The code page of an RTF `\fcharsetN` (RTF 1.9.1 spec table); `None` for "default" and symbol
/// fonts, which fall back to the document code page.
fn charset_code_page(charset: i32) -> Option<u16> {
    Some(match charset {
        0 => 1252,
        77 => 10000,
        78 => 932,
        79 => 949,
        80 => 936,
        81 => 950,
        85 => 10006,
        89 => 10007,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        254 => 437,
        255 => 850,
        _ => return None,
    })
}
