//! The one guarded XML reader, for every XML Werkbank reads: Word and OpenDocument parts, REFI-QDA
//! projects and `.qdc` codebooks. A file from someone else's computer may be built to hurt, so:
//! no DOCTYPE (and so no external or custom entities: XXE, "billion laughs"), only the five
//! predefined entities and character references, and bounded depth, element and attribute counts
//! and text ([`Limits`]). Documents stream through a [`Handler`] ([`parse`]); REFI files, small
//! enough for a tree, become [`Element`]s ([`parse_tree`]). quick-xml (maintained, MIT) tokenises;
//! only the guards and the tree are ours.
//!
//! Decoding comes first ([`decode_xml`]), a thin layer on the one text decoder ([`super::text`]):
//! a byte order mark decides (strictly: a wrong byte is a broken file), else UTF-8, else the
//! encoding the XML declaration names (`encoding="ISO-8859-1"`), else the file is refused. Unlike
//! plain text there is no Windows-1252 guess: XML says what it is.

use super::text::{DecodeError, decode_bom_strict, decode_labelled};
use quick_xml::Reader;
pub use quick_xml::events::BytesStart;
use quick_xml::events::Event;
use std::borrow::Cow;

/// Decodes an XML document's bytes; `what` names it in errors (a part name or file name).
pub fn decode_xml<'a>(bytes: &'a [u8], what: &str) -> Result<Cow<'a, str>, DecodeError> {
    if let Some(decoded) = decode_bom_strict(bytes, what) {
        return decoded;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => match declared_encoding(bytes).and_then(|label| decode_labelled(bytes, &label)) {
            Some((enc, text)) if enc != encoding_rs::UTF_8 => Ok(Cow::Owned(text)),
            _ => Err(DecodeError::Invalid { what: what.to_string(), encoding: "UTF-8", detail: Some(e.to_string()) }),
        },
    }
}

/// The `encoding="…"` of the XML declaration, if the first 200 bytes have one.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let rest = head.split("encoding=").nth(1)?;
    let quote = rest.chars().next()?;
    rest[quote.len_utf8()..].split(quote).next().map(str::to_string)
}

/// Limits of the guarded XML reader. The defaults hold for every file Werkbank reads: real
/// documents and code trees nest under 50 levels, and a REFI project with 200,000 codings needs
/// about 700,000 elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting.
    pub max_depth: usize,
    /// Most elements in the document.
    pub max_elements: usize,
    /// Most attributes on one element (REFI elements have at most a dozen, Word's a few).
    pub max_attributes_per_element: usize,
    /// Most attributes in the document.
    pub max_attributes: usize,
    /// Most bytes of character data (text, CDATA, references) in the document.
    pub max_text_bytes: usize,
}

/// Deeper nesting than this is treated as hostile. The REFI reader used 256 and the document
/// reader 4,096; the stricter is kept (a Word table nested in a table costs four levels).
pub const MAX_DEPTH: usize = 256;
/// More elements than this is hostile: each costs ~150 bytes in a tree, so a tree stays near
/// 150 MiB at most.
pub const MAX_ELEMENTS: usize = 1_000_000;
/// More attributes on one element than this is hostile.
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;
/// More attributes in the whole file than this is hostile (~80 bytes each in a tree; a project
/// with 100,000 codings has about a million).
pub const MAX_ATTRIBUTES: usize = 1_000_000;
/// Most character data: as much as a transcript import may produce (64 MiB).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

impl Default for Limits {
    /// The limits of a tree ([`parse_tree`]), whose every element and attribute costs memory.
    fn default() -> Self {
        Limits {
            max_depth: MAX_DEPTH,
            max_elements: MAX_ELEMENTS,
            max_attributes_per_element: MAX_ATTRIBUTES_PER_ELEMENT,
            max_attributes: MAX_ATTRIBUTES,
            max_text_bytes: MAX_TEXT_BYTES,
        }
    }
}

impl Limits {
    /// The limits of a streamed document part (.docx, .odt): depth and text as for a tree, but no
    /// element or attribute counts, because streaming keeps none of them (a table of millions of
    /// empty rows costs a byte a row of output, which the importer's text limit bounds).
    pub fn streaming() -> Self {
        Limits {
            max_elements: usize::MAX,
            max_attributes_per_element: usize::MAX,
            max_attributes: usize::MAX,
            ..Limits::default()
        }
    }
}

/// Why XML is refused. `what` names the file or part.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    #[error("{what}: DOCTYPE declarations are refused (they can pull in external entities)")]
    Doctype { what: String },
    #[error("undefined or external entity {what}: &{name};: only the predefined XML entities are accepted")]
    Entity { what: String, name: String },
    #[error("{what}: malformed XML near byte {pos}: {detail}")]
    Malformed { what: String, pos: u64, detail: String },
    #[error("{what}: elements nested more than {limit} deep")]
    TooDeep { what: String, limit: usize },
    #[error("{what} has more than {limit} XML elements (the limit is {limit})")]
    TooManyElements { what: String, limit: usize },
    #[error("{what}: an element <{element}> has more than {limit} attributes (the limit is {limit})")]
    TooManyAttributesOnElement { what: String, element: String, limit: usize },
    #[error("{what} has more than {limit} XML attributes (the limit is {limit})")]
    TooManyAttributes { what: String, limit: usize },
    #[error("{what} has more than {limit} bytes of text (the limit is {limit})")]
    TooMuchText { what: String, limit: usize },
    #[error("{what}: {detail}")]
    Structure { what: String, detail: String },
    #[error("{what}: malformed attribute: {detail}")]
    Attribute { what: String, detail: String },
}

impl XmlError {
    /// Whether the document was refused for its size (a limit), not its form.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            XmlError::TooManyElements { .. }
                | XmlError::TooManyAttributesOnElement { .. }
                | XmlError::TooManyAttributes { .. }
                | XmlError::TooMuchText { .. }
        )
    }
}

/// Receives the events of one XML document, by local name (namespace prefixes are ignored, so
/// Transitional and Strict OOXML look the same). `E` is the caller's error type; the reader's
/// own refusals arrive as [`XmlError`] through `From`.
pub trait Handler<E> {
    fn start(&mut self, e: &BytesStart<'_>, local: &[u8]) -> Result<(), E>;
    fn end(&mut self, local: &[u8]) -> Result<(), E>;
    /// Receives character data; an error (such as the caller's text limit) stops the parse.
    fn text(&mut self, text: &str) -> Result<(), E>;
}

fn malformed(what: &str, pos: u64, e: impl std::fmt::Display) -> XmlError {
    XmlError::Malformed { what: what.to_string(), pos, detail: e.to_string() }
}

/// Runs `h` over every event of `xml` within `limits`: no DOCTYPE (so no external or custom
/// entities: XXE, "billion laughs"), only the five predefined entities and character references,
/// end tags must match. Empty elements arrive as `start` then `end`; character data outside the
/// root element arrives too (a handler that cares refuses it, as [`parse_tree`] does).
pub fn parse<E: From<XmlError>>(xml: &str, what: &str, limits: Limits, h: &mut impl Handler<E>) -> Result<(), E> {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    let (mut depth, mut elements, mut attributes, mut text_bytes) = (0usize, 0usize, 0usize, 0usize);
    let mut text = |h: &mut dyn FnMut(&str) -> Result<(), E>, s: &str| -> Result<(), E> {
        text_bytes = text_bytes.saturating_add(s.len());
        if text_bytes > limits.max_text_bytes {
            return Err(XmlError::TooMuchText { what: what.to_string(), limit: limits.max_text_bytes }.into());
        }
        h(s)
    };
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| malformed(what, pos, e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                elements += 1;
                if elements > limits.max_elements {
                    return Err(XmlError::TooManyElements { what: what.to_string(), limit: limits.max_elements }.into());
                }
                if depth >= limits.max_depth {
                    return Err(XmlError::TooDeep { what: what.to_string(), limit: limits.max_depth }.into());
                }
                let n = e.attributes().with_checks(false).count();
                if n > limits.max_attributes_per_element {
                    let element = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    let limit = limits.max_attributes_per_element;
                    return Err(XmlError::TooManyAttributesOnElement { what: what.to_string(), element, limit }.into());
                }
                attributes += n;
                if attributes > limits.max_attributes {
                    return Err(
                        XmlError::TooManyAttributes { what: what.to_string(), limit: limits.max_attributes }.into()
                    );
                }
                let local = e.local_name();
                h.start(e, local.as_ref())?;
                if matches!(event, Event::Empty(_)) {
                    h.end(local.as_ref())?;
                } else {
                    depth += 1;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                h.end(e.local_name().as_ref())?;
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| malformed(what, pos, e))?;
                text(&mut |s| h.text(s), &s)?;
            }
            Event::CData(t) => {
                let s = t.xml10_content().map_err(|e| malformed(what, pos, e))?;
                text(&mut |s| h.text(s), &s)?;
            }
            Event::GeneralRef(r) => {
                let resolved: Cow<str> = if r.is_char_ref() {
                    match r.resolve_char_ref().map_err(|e| malformed(what, pos, e))? {
                        Some(c) => Cow::Owned(c.to_string()),
                        None => return Err(malformed(what, pos, "invalid character reference").into()),
                    }
                } else {
                    let name = r.decode().map_err(|e| malformed(what, pos, e))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => Cow::Borrowed(s),
                        None => {
                            return Err(XmlError::Entity { what: what.to_string(), name: name.into_owned() }.into());
                        }
                    }
                };
                text(&mut |s| h.text(s), &resolved)?;
            }
            Event::DocType(_) => return Err(XmlError::Doctype { what: what.to_string() }.into()),
            Event::Eof => {
                if depth != 0 {
                    return Err(malformed(what, pos, "the XML ends before its elements are closed").into());
                }
                return Ok(());
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
}

/// The value of the attribute with local name `local` (any prefix), unescaped; `None` if it is
/// missing or its value is malformed.
pub fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// An element of a tree read by [`parse_tree`]: namespaces ignored, attributes unescaped.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Local name (namespace prefix dropped).
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// Concatenated character data directly inside this element.
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Attribute value, or "" when absent.
    pub fn attr_or_empty(&self, name: &str) -> &str {
        self.attr(name).unwrap_or("")
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Text of the first child element `name`, if present.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// Breadth-first list of this element and all descendants.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            let e = out[i];
            out.extend(e.children.iter());
            i += 1;
        }
        out
    }
}

fn local_name(name: &[u8]) -> String {
    let n = match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(n).into_owned()
}

/// Builds the element tree of [`parse_tree`] from the reader's events.
struct Tree<'w> {
    what: &'w str,
    stack: Vec<Element>,
    root: Option<Element>,
}

impl Handler<XmlError> for Tree<'_> {
    fn start(&mut self, e: &BytesStart<'_>, _local: &[u8]) -> Result<(), XmlError> {
        if self.root.is_some() && self.stack.is_empty() {
            return Err(XmlError::Structure {
                what: self.what.to_string(),
                detail: "more than one root element".into(),
            });
        }
        let mut el = Element { name: local_name(e.name().as_ref()), ..Default::default() };
        for a in e.attributes() {
            let bad = |detail: String| XmlError::Attribute { what: self.what.to_string(), detail };
            let a = a.map_err(|e| bad(e.to_string()))?;
            let key = a.key.as_ref();
            if key == b"xmlns" || key.starts_with(b"xmlns:") {
                continue;
            }
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| {
                let s = e.to_string();
                bad(if s.to_lowercase().contains("entity") {
                    format!("{s} (only the predefined XML entities are accepted)")
                } else {
                    s
                })
            })?;
            el.attrs.push((local_name(key), v.into_owned()));
        }
        self.stack.push(el);
        Ok(())
    }

    fn end(&mut self, _local: &[u8]) -> Result<(), XmlError> {
        let el = self
            .stack
            .pop()
            .ok_or_else(|| XmlError::Structure { what: self.what.to_string(), detail: "unexpected end tag".into() })?;
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(el),
            None => self.root = Some(el),
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), XmlError> {
        match self.stack.last_mut() {
            Some(el) => el.text.push_str(text),
            None if !text.trim().is_empty() => {
                return Err(XmlError::Structure {
                    what: self.what.to_string(),
                    detail: "text outside the root element".into(),
                });
            }
            None => {}
        }
        Ok(())
    }
}

/// Reads a whole (small) XML document into an element tree, within `limits`: for REFI-QDA
/// projects and codebooks, which are small enough (hundreds of KB) that a tree is simpler and
/// safer than streaming.
pub fn parse_tree(src: &str, what: &str, limits: Limits) -> Result<Element, XmlError> {
    let mut tree = Tree { what, stack: Vec::new(), root: None };
    parse(src, what, limits, &mut tree)?;
    tree.root.ok_or_else(|| XmlError::Structure { what: what.to_string(), detail: "no root element".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(String);
    impl Handler<XmlError> for Collect {
        fn start(&mut self, _: &BytesStart<'_>, local: &[u8]) -> Result<(), XmlError> {
            self.0.push_str(&format!("<{}>", String::from_utf8_lossy(local)));
            Ok(())
        }
        fn end(&mut self, _: &[u8]) -> Result<(), XmlError> {
            Ok(())
        }
        fn text(&mut self, t: &str) -> Result<(), XmlError> {
            self.0.push_str(t);
            Ok(())
        }
    }

    fn events(xml: &str) -> Result<String, XmlError> {
        let mut c = Collect(String::new());
        parse(xml, "t", Limits::default(), &mut c).map(|()| c.0)
    }

    #[test]
    fn events_arrive_by_local_name_with_entities_resolved() {
        assert_eq!(events("<w:a xmlns:w='x'>a &amp; b &#233;<b/></w:a>").unwrap(), "<a>a & b é<b>");
    }

    #[test]
    fn doctype_unknown_entities_and_broken_nesting_are_refused() {
        let bomb = "<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaa'>]><r>&a;</r>";
        assert!(matches!(events(bomb), Err(XmlError::Doctype { .. })));
        assert!(matches!(events("<r>&a;</r>"), Err(XmlError::Entity { .. })));
        assert!(events("<r><a></r>").is_err());
        assert!(events("<r><a>").is_err());
    }

    #[test]
    fn parses_a_namespaced_one_line_refi_file_into_a_tree() {
        let src = r#"<?xml version="1.0"?><p:Project xmlns:p="urn:x" name="a &amp; b"><p:Note>x &lt; y&#x1F600;<![CDATA[<z>]]></p:Note><Empty/></p:Project>"#;
        let root = parse_tree(src, "t", Limits::default()).unwrap();
        assert_eq!(root.name, "Project");
        assert_eq!(root.attr("name"), Some("a & b"));
        assert_eq!(root.child_text("Note"), Some("x < y😀<z>"));
        assert!(root.child("Empty").is_some());
    }

    #[test]
    fn a_tree_refuses_doctype_entities_and_broken_structure() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>"#;
        assert!(matches!(parse_tree(xxe, "t", Limits::default()), Err(XmlError::Doctype { .. })));
        assert!(matches!(parse_tree("<p>&x;</p>", "t", Limits::default()), Err(XmlError::Entity { .. })));
        for broken in ["<p><q></p>", "", "<p/><q/>", "<p/>text"] {
            assert!(parse_tree(broken, "t", Limits::default()).is_err(), "{broken}");
        }
    }

    #[test]
    fn escaping_round_trips() {
        use crate::xml_escape::{esc_attr, esc_text};
        let s = "a\"b<c>&d\ne\tf\r\u{1}g😀";
        let xml = format!("<r a=\"{}\">{}</r>", esc_attr(s), esc_text(s));
        let root = parse_tree(&xml, "t", Limits::default()).unwrap();
        assert_eq!(root.attr("a"), Some("a\"b<c>&d\ne\tf\r\u{FFFD}g😀"));
        assert_eq!(root.text, "a\"b<c>&d\ne\tf\r\u{FFFD}g😀");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_for_documents_and_trees() {
        let open = "<a>".repeat(MAX_DEPTH + 5);
        let xml = open.clone() + &"</a>".repeat(MAX_DEPTH + 5);
        assert!(matches!(events(&xml), Err(XmlError::TooDeep { limit: MAX_DEPTH, .. })));
        assert!(matches!(parse_tree(&xml, "t", Limits::default()), Err(XmlError::TooDeep { .. })));
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse_tree(&ok, "t", Limits::default()).is_ok());
    }

    #[test]
    fn floods_of_elements_attributes_and_text_are_refused_naming_the_limit() {
        let many = format!("<p>{}</p>", "<a/>".repeat(MAX_ELEMENTS));
        let err = parse_tree(&many, "project.qde", Limits::default()).unwrap_err().to_string();
        assert!(err.contains("more than 1000000 XML elements"), "{err}");
        let attrs: String = (0..=MAX_ATTRIBUTES_PER_ELEMENT).map(|i| format!(" a{i}=\"\"")).collect();
        let err = parse_tree(&format!("<p{attrs}/>"), "project.qde", Limits::default()).unwrap_err().to_string();
        assert!(err.contains("more than 64 attributes"), "{err}");
        let ok: String = (0..MAX_ATTRIBUTES_PER_ELEMENT).map(|i| format!(" a{i}=\"\"")).collect();
        assert!(parse_tree(&format!("<p{ok}/>"), "t", Limits::default()).is_ok());
        let small = Limits { max_text_bytes: 10, ..Limits::default() };
        let err = parse_tree("<p>0123456789&amp;</p>", "word/document.xml", small).unwrap_err();
        assert_eq!(err.to_string(), "word/document.xml has more than 10 bytes of text (the limit is 10)");
    }

    #[test]
    fn utf8_utf16_and_declared_legacy_encodings_are_read() {
        assert_eq!(decode_xml(b"<p>caf\xC3\xA9</p>", "t").unwrap(), "<p>café</p>");
        assert!(matches!(decode_xml(b"<p/>", "t").unwrap(), Cow::Borrowed(_)));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("<p>é</p>".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_xml(&utf16, "t").unwrap(), "<p>é</p>");
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p n=\"caf\xE9\"/>";
        assert!(decode_xml(latin1, "t").unwrap().contains("café"));
    }

    #[test]
    fn undeclared_legacy_bytes_and_broken_declarations_are_refused_not_guessed() {
        let e = decode_xml(b"<p n=\"caf\xE9\"/>", "project.qde").unwrap_err().to_string();
        assert!(e.starts_with("“project.qde” is not valid UTF-8 ("), "{e}");
        // A non-ASCII "quote" after `encoding=` (found by tests/fuzz.rs) is an error, not a panic.
        assert!(decode_xml(b"<?xml version=\"1.0\" encoding=\xC3\xA9x\xC3\xA9?>\xFF<p/>", "t").is_err());
        assert!(decode_xml(b"\xEF\xBB\xBF<p>\xFF</p>", "t").is_err());
    }
}
