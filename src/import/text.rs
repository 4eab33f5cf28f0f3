//! Plain-text and Markdown import. Transcripts arrive from every kind of tool: UTF-8 with or
//! without BOM, UTF-16 from Windows transcription software (sometimes without BOM), and old
//! Windows-1252 files. This module guesses the encoding and hands back clean `\n` text.

use super::ImportError;
use crate::core::text::normalize_newlines;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decodes a `.txt` file; returns text and warnings.
pub(crate) fn import_txt(bytes: &[u8]) -> Result<(String, Vec<String>), ImportError> {
    let mut warnings = Vec::new();
    let text = decode_text(bytes, &mut warnings)?;
    Ok((normalize_newlines(&text), warnings))
}

/// Decodes a `.md` file and removes the markup that would get in a coder's way (heading `#`s,
/// `**`/`__` emphasis); the words stay.
pub(crate) fn import_md(bytes: &[u8]) -> Result<(String, Vec<String>), ImportError> {
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

fn decode_text(bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, ImportError> {
    if bytes.is_empty() {
        return Ok(String::new());
    }
    // 1. A byte order mark decides.
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom_len..], warnings);
    }
    // 2. UTF-16 without BOM: ASCII-heavy text has a NUL in every other byte.
    if let Some(enc) = sniff_utf16(bytes) {
        warnings.push(format!("No byte order mark; the file was read as {}.", enc.name()));
        return decode_with(enc, bytes, warnings);
    }
    // 3. UTF-8 if it is valid, else Windows-1252 (the usual legacy encoding of Word-era files).
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            warnings.push("The file is not valid UTF-8; it was read as Windows-1252 (Western European).".into());
            let (cow, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            cow.into_owned()
        }
    };
    check_not_binary(&text)?;
    Ok(text)
}

fn decode_with(enc: &'static Encoding, bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, ImportError> {
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!("Some bytes were not valid {}; they were replaced by �.", enc.name()));
    }
    let text = cow.into_owned();
    check_not_binary(&text)?;
    Ok(text)
}

/// UTF-16 without BOM: count NUL bytes at even and odd positions in the first 4 KiB.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs == 0 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += (pair[0] == 0) as usize;
        odd += (pair[1] == 0) as usize;
    }
    // Mostly-ASCII text: more than 40% of the code units have a zero high byte.
    let many = |n: usize| n * 10 > pairs * 4;
    let few = |n: usize| n * 20 < pairs;
    if many(odd) && few(even) {
        Some(UTF_16LE)
    } else if many(even) && few(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Refuses binary data that happens to decode (NULs, many control characters).
fn check_not_binary(text: &str) -> Result<(), ImportError> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' {
            return Err(ImportError::Encoding(
                "the file contains NUL bytes; it looks like a binary file, not text".into(),
            ));
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    if total > 0 && control * 20 > total {
        return Err(ImportError::Encoding(
            "the file contains many control characters; it looks like a binary file, not text".into(),
        ));
    }
    Ok(())
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
            assert_eq!(import_txt(&with_bom).unwrap().0, "I: één\n");
            let (t, w) = import_txt(&utf16("R1: hello there", le)).unwrap();
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
