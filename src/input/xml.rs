//! XML decoding: the bytes of an XML file or package part to text. A thin layer on the one text
//! decoder ([`super::text`]): a byte order mark decides (strictly: a wrong byte is a broken file),
//! else UTF-8, else the encoding the XML declaration names (`encoding="ISO-8859-1"`), else the
//! file is refused. Unlike plain text there is no Windows-1252 guess: XML says what it is.

use super::text::{DecodeError, decode_bom_strict, decode_labelled};
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

#[cfg(test)]
mod tests {
    use super::*;

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
