//! A small, strict XML event walk shared by the docx and odt readers: local names only (so
//! Transitional and Strict OOXML namespaces read alike), entities resolved, DTDs refused.

use super::ImportError;
use quick_xml::Reader;
use quick_xml::events::Event;

pub enum XmlEvent<'a> {
    /// An opening tag (an empty tag gives `Start` then `End`).
    Start { name: &'a str, attrs: &'a [(String, String)] },
    End { name: &'a str },
    Text(&'a str),
}

fn local(qname: &[u8]) -> String {
    let s = String::from_utf8_lossy(qname);
    match s.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => s.into_owned(),
    }
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// Calls `f` for every element and text node of `bytes`, in document order.
pub fn walk(bytes: &[u8], mut f: impl FnMut(XmlEvent) -> Result<(), ImportError>) -> Result<(), ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let decoder = reader.decoder();
    let err = |e: &dyn std::fmt::Display| ImportError::Xml(e.to_string());
    let attrs_of = |e: &quick_xml::events::BytesStart| -> Result<Vec<(String, String)>, ImportError> {
        let mut v = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| err(&e))?;
            let value = a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder).map_err(|e| err(&e))?.into_owned();
            v.push((local(a.key.as_ref()), value));
        }
        Ok(v)
    };
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| err(&e))? {
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                f(XmlEvent::Start { name: &name, attrs: &attrs_of(&e)? })?;
            }
            Event::Empty(e) => {
                let name = local(e.name().as_ref());
                f(XmlEvent::Start { name: &name, attrs: &attrs_of(&e)? })?;
                f(XmlEvent::End { name: &name })?;
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                f(XmlEvent::End { name: &name })?;
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| err(&e))?;
                f(XmlEvent::Text(&s))?;
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                f(XmlEvent::Text(&s))?;
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| err(&e))? {
                    Some(c) => Some(c),
                    None => predefined(&r.decode().map_err(|e| err(&e))?),
                };
                if let Some(c) = c {
                    f(XmlEvent::Text(c.encode_utf8(&mut [0; 4])))?;
                }
            }
            Event::DocType(_) => return Err(ImportError::Doctype),
            Event::Eof => return Ok(()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        buf.clear();
    }
}

pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}
