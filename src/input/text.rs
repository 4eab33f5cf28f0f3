//! The one text decoder. Interview material arrives from every kind of tool: UTF-8 with or
//! without BOM, UTF-16 from Windows transcription software and Excel's "Unicode text" (sometimes
//! without BOM), and old Windows-1252 files. Transcripts, codebooks, CSV tables, REFI-QDA sources,
//! the app's previews and the XML parts of documents all decode through here, so a file reads the
//! same wherever it is opened, and every guess is reported as a [`Guess`] the caller can show.
//!
//! `encoding_rs` (maintained, the decoder of Firefox) does the decoding; only the choice of
//! encoding is ours: a byte order mark decides, else UTF-16 is recognised by its NUL bytes, else
//! valid UTF-8 is UTF-8, else Windows-1252.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// Why bytes are not text.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file contains NUL bytes; it looks like a binary file, not text")]
    NulBytes,
    #[error("the file contains many control characters; it looks like a binary file, not text")]
    ControlCharacters,
    /// Strict decoding (XML parts): `what` is not valid in `encoding`.
    #[error("“{what}” is not valid {encoding}{}", detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Invalid { what: String, encoding: &'static str, detail: Option<String> },
}

/// A guess the decoder had to make; its `Display` is the sentence to show the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    /// No byte order mark, but the NUL bytes say UTF-16 (LE or BE).
    Utf16WithoutBom(&'static Encoding),
    /// Not valid UTF-8 and no BOM: read as Windows-1252.
    Windows1252,
    /// Some bytes were invalid in the (BOM-declared or recognised) encoding and became U+FFFD.
    Replaced(&'static Encoding),
}

impl std::fmt::Display for Guess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Guess::Utf16WithoutBom(enc) => write!(f, "No byte order mark; the file was read as {}.", enc.name()),
            Guess::Windows1252 => {
                write!(f, "The file is not valid UTF-8; it was read as Windows-1252 (Western European).")
            }
            Guess::Replaced(enc) => write!(f, "Some bytes were not valid {}; they were replaced by �.", enc.name()),
        }
    }
}

/// Decoded text (BOM removed, line ends as in the file) and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding the text was read as.
    pub encoding: &'static Encoding,
    /// What the decoder had to guess, in the order it guessed.
    pub guesses: Vec<Guess>,
}

impl Decoded {
    /// The guesses as sentences for the user.
    pub fn warnings(&self) -> Vec<String> {
        self.guesses.iter().map(Guess::to_string).collect()
    }
}

/// Decodes bytes that should be text, whatever they are: never fails (bytes that are invalid in
/// the chosen encoding become U+FFFD and a [`Guess::Replaced`]). For text inside a container that
/// already says it is text (a REFI-QDA source).
pub fn decode(bytes: &[u8]) -> Decoded {
    // 1. A byte order mark decides.
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(enc, &bytes[bom_len..], vec![]);
    }
    // 2. UTF-16 without BOM: ASCII-heavy text has a NUL in every other byte.
    if let Some(enc) = sniff_utf16(bytes) {
        return decode_as(enc, bytes, vec![Guess::Utf16WithoutBom(enc)]);
    }
    // 3. UTF-8 if it is valid, else Windows-1252 (the usual legacy encoding of Word-era files).
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: s.to_string(), encoding: UTF_8, guesses: vec![] },
        Err(_) => {
            let (cow, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded { text: cow.into_owned(), encoding: WINDOWS_1252, guesses: vec![Guess::Windows1252] }
        }
    }
}

/// [`decode`] of bytes the caller no longer needs: UTF-8 (the usual case) becomes the text
/// without being copied, so a large transcript is not held twice.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    let has_bom = Encoding::for_bom(&bytes).is_some();
    if has_bom || sniff_utf16(&bytes).is_some() {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, encoding: UTF_8, guesses: vec![] },
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes a file that the user says is text (a transcript, a codebook, a CSV table) and refuses
/// binary data that happens to decode (NUL bytes, many control characters).
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let decoded = decode(bytes);
    check_not_binary(&decoded.text)?;
    Ok(decoded)
}

/// [`decode_text`] of bytes the caller no longer needs (see [`decode_owned`]).
pub fn decode_text_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    let decoded = decode_owned(bytes);
    check_not_binary(&decoded.text)?;
    Ok(decoded)
}

/// Why a small text file (a list of terms, a memo, a ranges file) cannot be read.
#[derive(thiserror::Error, Debug)]
pub enum ReadTextError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the file is larger than {limit} bytes; a text file for this is much smaller")]
    TooLarge { limit: u64 },
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// Most bytes [`read_text_file`] reads.
pub const MAX_TEXT_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a small text file the user wrote (in Notepad, Word's "plain text", Excel): any encoding
/// [`decode_text`] reads, `\n` line ends, at most [`MAX_TEXT_FILE_BYTES`]. Guesses are not reported:
/// the content is short and shown back to the user anyway.
pub fn read_text_file(path: &std::path::Path) -> Result<String, ReadTextError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_TEXT_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Err(ReadTextError::TooLarge { limit: MAX_TEXT_FILE_BYTES });
    }
    Ok(crate::core::text::normalize_newlines(&decode_text(&bytes)?.text))
}

fn decode_as(enc: &'static Encoding, bytes: &[u8], mut guesses: Vec<Guess>) -> Decoded {
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        guesses.push(Guess::Replaced(enc));
    }
    Decoded { text: cow.into_owned(), encoding: enc, guesses }
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
fn check_not_binary(text: &str) -> Result<(), DecodeError> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' {
            return Err(DecodeError::NulBytes);
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    if total > 0 && control * 20 > total {
        return Err(DecodeError::ControlCharacters);
    }
    Ok(())
}

/// Decodes bytes strictly in the encoding their BOM names, if they start with one: `None` without
/// a BOM, an error if any byte is invalid. The base of XML decoding ([`crate::input::xml`]),
/// where a wrong byte means a broken file rather than a legacy one.
pub fn decode_bom_strict<'a>(bytes: &'a [u8], what: &str) -> Option<Result<Cow<'a, str>, DecodeError>> {
    let (enc, bom_len) = Encoding::for_bom(bytes)?;
    let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
    Some(if had_errors {
        Err(DecodeError::Invalid { what: what.to_string(), encoding: enc.name(), detail: None })
    } else {
        Ok(cow)
    })
}

/// Decodes `bytes` in the encoding a label names (`ISO-8859-1`, `windows-1250`, as in an XML
/// declaration or an HTML meta tag); `None` for a label the Encoding Standard does not know.
pub fn decode_labelled(bytes: &[u8], label: &str) -> Option<(&'static Encoding, String)> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    Some((enc, enc.decode_without_bom_handling(bytes).0.into_owned()))
}

/// The decoder for a Windows/Mac code page number (RTF's `\ansicpg`, `\cpg`, a font's charset);
/// Windows-1252 for unknown ones (and for the DOS code pages 437/850, which the Encoding Standard
/// lacks and whose Western text it mostly matches).
pub fn for_code_page(cp: u16) -> &'static Encoding {
    let label = match cp {
        65001 => "utf-8".to_string(),
        10000 => "macintosh".into(),
        10007 => "x-mac-cyrillic".into(),
        932 => "shift_jis".into(),
        936 => "gbk".into(),
        949 => "euc-kr".into(),
        950 => "big5".into(),
        874 => "windows-874".into(),
        1250..=1258 => format!("windows-{cp}"),
        _ => return WINDOWS_1252,
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(WINDOWS_1252)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
    }

    #[test]
    fn a_utf8_bom_is_dropped_without_a_warning() {
        let d = decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9\r\nline").unwrap();
        assert_eq!(d.text, "café\r\nline");
        assert_eq!(d.encoding, UTF_8);
        assert!(d.guesses.is_empty());
    }

    #[test]
    fn utf16_is_read_with_and_without_bom_and_the_guess_is_reported() {
        for (le, enc) in [(true, UTF_16LE), (false, UTF_16BE)] {
            let mut with_bom = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            with_bom.extend(utf16("I: één", le));
            let d = decode_text(&with_bom).unwrap();
            assert_eq!((d.text.as_str(), d.encoding, d.guesses.len()), ("I: één", enc, 0));
            let d = decode_text(&utf16("R1: hello there", le)).unwrap();
            assert_eq!(d.text, "R1: hello there");
            assert_eq!(d.guesses, vec![Guess::Utf16WithoutBom(enc)]);
            assert_eq!(d.warnings(), vec![format!("No byte order mark; the file was read as {}.", enc.name())]);
        }
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252_with_a_warning() {
        let d = decode_text(b"Caf\xE9 \x93quoted\x94 \x80 5").unwrap();
        assert_eq!(d.text, "Café “quoted” € 5");
        assert_eq!(d.guesses, vec![Guess::Windows1252]);
        assert!(d.warnings()[0].contains("Windows-1252"));
    }

    #[test]
    fn a_broken_utf16_file_keeps_its_text_and_says_what_was_replaced() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(utf16("ok", true));
        bytes.extend([0x00, 0xD8]); // a lone high surrogate at the end
        let d = decode_text(&bytes).unwrap();
        assert_eq!(d.text, "ok\u{FFFD}");
        assert_eq!(d.guesses, vec![Guess::Replaced(UTF_16LE)]);
    }

    #[test]
    fn binary_is_refused_as_text_but_decoded_when_the_container_says_text() {
        assert_eq!(decode_text(b"abc\0\x01\x02def\x03"), Err(DecodeError::NulBytes));
        assert_eq!(decode_text(b"\x01\x02\x03\x04abc"), Err(DecodeError::ControlCharacters));
        assert_eq!(decode(b"abc\0def").text, "abc\0def");
        assert_eq!(decode_text(b"").unwrap().text, "");
    }

    #[test]
    fn strict_bom_decoding_refuses_broken_bytes_and_ignores_files_without_bom() {
        assert!(decode_bom_strict(b"<p/>", "x").is_none());
        assert_eq!(decode_bom_strict(b"\xEF\xBB\xBF<p/>", "x").unwrap().unwrap(), "<p/>");
        let e = decode_bom_strict(b"\xEF\xBB\xBF<p>\xFF</p>", "word/document.xml").unwrap().unwrap_err();
        assert_eq!(e.to_string(), "“word/document.xml” is not valid UTF-8");
    }

    #[test]
    fn a_terms_file_saved_by_notepad_as_unicode_reads_like_a_utf8_one() {
        let dir = tempfile::tempdir().unwrap();
        let (wide, utf8) = (dir.path().join("terms16.txt"), dir.path().join("terms8.txt"));
        let text = "Jansen = [R3]\r\nAmsterdam = [stad]\r\n";
        std::fs::write(&wide, [0xFF, 0xFE].into_iter().chain(utf16(text, true)).collect::<Vec<u8>>()).unwrap();
        std::fs::write(&utf8, text).unwrap();
        assert_eq!(read_text_file(&wide).unwrap(), "Jansen = [R3]\nAmsterdam = [stad]\n");
        assert_eq!(read_text_file(&utf8).unwrap(), read_text_file(&wide).unwrap());
        let binary = dir.path().join("photo.jpg");
        std::fs::write(&binary, b"\xFF\xD8\xFF\xE0\0\x10JFIF\0").unwrap();
        assert!(matches!(read_text_file(&binary), Err(ReadTextError::Decode(_))));
    }

    #[test]
    fn code_pages_map_to_their_encodings() {
        assert_eq!(for_code_page(1251).name(), "windows-1251");
        assert_eq!(for_code_page(10000).name(), "macintosh");
        assert_eq!(for_code_page(437), WINDOWS_1252);
        assert_eq!(decode_labelled(b"caf\xE9", "ISO-8859-1").unwrap().1, "café");
        assert!(decode_labelled(b"x", "no-such-encoding").is_none());
    }
}
