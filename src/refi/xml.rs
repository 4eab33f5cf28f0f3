//! A small, defensive XML layer for REFI-QDA files: a read-only element tree built from
//! quick-xml events (namespaces ignored, DOCTYPE and custom entities refused, depth and size
//! bounded) and the escaping helpers the exporter writes with. The REFI files are small enough
//! (hundreds of KB) that a tree is simpler and safer than streaming.

use super::RefiError;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::borrow::Cow;

/// Deeper nesting than this is treated as hostile (real code trees are < 20 levels).
pub const MAX_DEPTH: usize = 256;
/// More elements than this is treated as hostile. A project with 200,000 codings needs about
/// 700,000; each element costs ~150 bytes in the tree, so the tree stays near 150 MiB at most.
pub const MAX_ELEMENTS: usize = 1_000_000;
/// More attributes on one element than this is hostile (REFI elements have at most a dozen).
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;
/// More attributes in the whole file than this is hostile (~80 bytes each in the tree; a project
/// with 100,000 codings has about a million).
pub const MAX_ATTRIBUTES: usize = 1_000_000;

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

    /// Depth-first iteration over this element and all descendants.
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

fn local(name: &[u8]) -> String {
    let n = match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(n).into_owned()
}

fn xml_err(what: &str, pos: u64, e: impl std::fmt::Display) -> RefiError {
    RefiError::Xml(format!("{what}: malformed XML near byte {pos}: {e}"))
}

/// Parses `src` into its root element. Refuses DOCTYPE declarations (and so external and
/// custom entities, the basis of XXE and "billion laughs") and any entity other than the five
/// predefined ones and character references.
pub fn parse(src: &str, what: &str) -> Result<Element, RefiError> {
    let mut reader = Reader::from_str(src);
    let cfg = reader.config_mut();
    cfg.check_end_names = true;
    cfg.expand_empty_elements = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    let mut attributes = 0usize;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| xml_err(what, pos, e))?;
        match ev {
            Event::DocType(_) => {
                return Err(RefiError::Doctype(what.to_string()));
            }
            Event::Start(ref s) | Event::Empty(ref s) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(RefiError::TooLarge(format!(
                        "{what} has more than {MAX_ELEMENTS} XML elements (the limit is {MAX_ELEMENTS})"
                    )));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(RefiError::Xml(format!("{what}: elements nested more than {MAX_DEPTH} deep")));
                }
                let mut el = Element { name: local(s.name().as_ref()), ..Default::default() };
                for (i, a) in s.attributes().enumerate() {
                    if i >= MAX_ATTRIBUTES_PER_ELEMENT {
                        return Err(RefiError::TooLarge(format!(
                            "{what}: an element <{}> has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes (the limit \
                             is {MAX_ATTRIBUTES_PER_ELEMENT})",
                            el.name
                        )));
                    }
                    attributes += 1;
                    if attributes > MAX_ATTRIBUTES {
                        return Err(RefiError::TooLarge(format!(
                            "{what} has more than {MAX_ATTRIBUTES} XML attributes (the limit is {MAX_ATTRIBUTES})"
                        )));
                    }
                    let a = a.map_err(|e| xml_err(what, pos, e))?;
                    let key = a.key.as_ref();
                    if key == b"xmlns" || key.starts_with(b"xmlns:") {
                        continue;
                    }
                    let v =
                        a.normalized_value(XmlVersion::Implicit1_0).map_err(|e| xml_err(what, pos, entity_hint(e)))?;
                    el.attrs.push((local(key), v.into_owned()));
                }
                if root.is_some() && stack.is_empty() {
                    return Err(RefiError::Xml(format!("{what}: more than one root element")));
                }
                if matches!(ev, Event::Empty(_)) {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => root = Some(el),
                    }
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| xml_err(what, pos, "unexpected end tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| xml_err(what, pos, e))?;
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&s);
                } else if !s.trim().is_empty() {
                    return Err(xml_err(what, pos, "text outside the root element"));
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| xml_err(what, pos, e))?;
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let ch: Cow<str> = if r.is_char_ref() {
                    match r.resolve_char_ref().map_err(|e| xml_err(what, pos, e))? {
                        Some(c) => Cow::Owned(c.to_string()),
                        None => return Err(xml_err(what, pos, "bad character reference")),
                    }
                } else {
                    let name = r.decode().map_err(|e| xml_err(what, pos, e))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => Cow::Borrowed(s),
                        None => return Err(RefiError::Entity(format!("{what}: &{name};"))),
                    }
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&ch);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(RefiError::Xml(format!("{what}: the XML ends before <{}> is closed", stack[0].name)));
    }
    root.ok_or_else(|| RefiError::Xml(format!("{what}: no root element")))
}

fn entity_hint(e: quick_xml::Error) -> String {
    let s = e.to_string();
    if s.contains("entity") || s.contains("Entity") {
        format!("{s} (only the predefined XML entities are accepted)")
    } else {
        s
    }
}

pub use crate::xml_escape::{esc_attr, esc_text};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_namespaced_one_line_xml() {
        let src = r#"<?xml version="1.0"?><p:Project xmlns:p="urn:x" name="a &amp; b"><p:Note>x &lt; y&#x1F600;<![CDATA[<z>]]></p:Note><Empty/></p:Project>"#;
        let root = parse(src, "t").unwrap();
        assert_eq!(root.name, "Project");
        assert_eq!(root.attr("name"), Some("a & b"));
        assert_eq!(root.child_text("Note"), Some("x < y😀<z>"));
        assert!(root.child("Empty").is_some());
    }

    #[test]
    fn refuses_doctype_and_unknown_entities() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>"#;
        assert!(matches!(parse(xxe, "t"), Err(RefiError::Doctype(_))));
        assert!(matches!(parse("<p>&x;</p>", "t"), Err(RefiError::Entity(_))));
        assert!(parse("<p><q></p>", "t").is_err());
        assert!(parse("", "t").is_err());
    }

    #[test]
    fn escaping_round_trips() {
        let s = "a\"b<c>&d\ne\tf\r\u{1}g😀";
        let xml = format!("<r a=\"{}\">{}</r>", esc_attr(s), esc_text(s));
        let root = parse(&xml, "t").unwrap();
        assert_eq!(root.attr("a"), Some("a\"b<c>&d\ne\tf\r\u{FFFD}g😀"));
        assert_eq!(root.text, "a\"b<c>&d\ne\tf\r\u{FFFD}g😀");
    }

    #[test]
    fn deep_nesting_refused() {
        let xml = "<a>".repeat(MAX_DEPTH + 5) + &"</a>".repeat(MAX_DEPTH + 5);
        assert!(parse(&xml, "t").is_err());
    }

    #[test]
    fn floods_of_elements_and_attributes_are_refused_naming_the_limit() {
        let many = format!("<p>{}</p>", "<a/>".repeat(MAX_ELEMENTS));
        let err = parse(&many, "project.qde").unwrap_err().to_string();
        assert!(err.contains("more than 1000000 XML elements"), "{err}");
        let attrs: String = (0..=MAX_ATTRIBUTES_PER_ELEMENT).map(|i| format!(" a{i}=\"\"")).collect();
        let err = parse(&format!("<p{attrs}/>"), "project.qde").unwrap_err().to_string();
        assert!(err.contains("more than 64 attributes"), "{err}");
        let ok: String = (0..MAX_ATTRIBUTES_PER_ELEMENT).map(|i| format!(" a{i}=\"\"")).collect();
        assert!(parse(&format!("<p{ok}/>"), "t").is_ok());
    }
}
