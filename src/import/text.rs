//! Plain-text and Markdown import: the one text decoder ([`crate::input::text`]) guesses the
//! encoding (and says so in the warnings); this hands back clean `\n` text.

use super::ImportError;
use crate::core::text::normalize_newlines_owned;
use std::borrow::Cow;

/// Decodes a `.txt` file; returns text and warnings.
pub(crate) fn import_txt<'a>(bytes: impl Into<Cow<'a, [u8]>>) -> Result<(String, Vec<super::Warning>), ImportError> {
    let decoded = crate::input::text::decode_text_owned(bytes.into().into_owned())?;
    let warnings = super::decoder_warnings(&decoded);
    Ok((normalize_newlines_owned(decoded.text), warnings))
}

/// Decodes a `.md` file and removes the markup that would get in a coder's way (heading `#`s,
/// `**`/`__` emphasis); the words stay.
pub(crate) fn import_md<'a>(bytes: impl Into<Cow<'a, [u8]>>) -> Result<(String, Vec<super::Warning>), ImportError> {
    let (text, warnings) = import_txt(bytes)?;
    Ok((strip_markdown(&text), warnings))
}

fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start_matches(' ');
        let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
        let line = if (1..=6).contains(&hashes) {
            let rest = &trimmed[hashes..];
            if rest.is_empty() {
                rest
            } else if let Some(r) = rest.strip_prefix(' ') {
                r.trim_end().trim_end_matches('#').trim_end()
            } else {
                line
            }
        } else {
            line
        };
        out.push_str(&line.replace("**", "").replace("__", ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
    }

    #[test]
    fn utf8_bom_and_crlf() {
        let (t, w) = import_txt(b"\xEF\xBB\xBFcaf\xC3\xA9\r\nline\rend").unwrap();
        assert_eq!(t, "café\nline\nend");
        assert!(w.is_empty());
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for le in [true, false] {
            let mut with_bom = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            with_bom.extend(utf16("I: één\r\n", le));
            assert_eq!(import_txt(with_bom).unwrap().0, "I: één\n");
            let (t, w) = import_txt(utf16("R1: hello there", le)).unwrap();
            assert_eq!(t, "R1: hello there");
            assert_eq!(w.len(), 1);
        }
    }

    #[test]
    fn cp1252_fallback() {
        let (t, w) = import_txt(b"Caf\xE9 \x93quoted\x94 \x80 5").unwrap();
        assert_eq!(t, "Café “quoted” € 5");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn binary_is_refused() {
        assert!(import_txt(b"abc\0\x01\x02def\x03").is_err());
    }

    #[test]
    fn markdown_markers_are_stripped() {
        let (t, _) = import_md(b"# Interview 1\n\n**Interviewer:** how __was__ it?\n#hashtag").unwrap();
        assert_eq!(t, "Interview 1\n\nInterviewer: how was it?\n#hashtag");
    }
}
