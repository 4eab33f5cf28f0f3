//! Plain-text transcripts in the encodings transcription tools and Windows editors produce:
//! UTF-8 (with or without BOM), UTF-16 (with BOM, or recognised by its zero bytes) and
//! Windows-1252 as the fallback for text that is not valid UTF-8.

use super::ImportError;

/// Decodes `bytes` to text and says how, when it was not plain UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<String>), ImportError> {
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (t, _, bad) = encoding_rs::Encoding::for_bom(bytes).map(|(e, _)| e).unwrap_or(encoding_rs::UTF_16LE).decode(bytes);
        if bad {
            warnings.push("some characters could not be decoded as UTF-16".into());
        }
        t.into_owned()
    } else if let Some(enc) = utf16_without_bom(bytes) {
        let (t, bad) = enc.decode_without_bom_handling(bytes);
        warnings.push(format!("decoded as {} (no byte-order mark)", enc.name()));
        if bad {
            warnings.push("some characters could not be decoded".into());
        }
        t.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => {
                let (t, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                warnings.push("not UTF-8: decoded as Windows-1252".into());
                t.into_owned()
            }
        }
    };
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if text.contains('\0') || (control > 8 && control * 20 > text.chars().count()) {
        return Err(ImportError::NotText(format!("{control} control characters")));
    }
    Ok((text, warnings))
}

/// UTF-16 text without BOM shows up as ASCII with zero bytes in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Markdown made readable as a transcript: heading marks and emphasis markers go, words stay.
pub fn strip_markdown(text: &str) -> String {
    text.lines()
        .map(|line| {
            let t = line.trim_start();
            let t = if t.starts_with('#') { t.trim_start_matches('#').trim_start() } else { line };
            t.replace("**", "").replace("__", "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
