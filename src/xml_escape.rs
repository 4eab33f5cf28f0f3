//! Escaping text for XML and HTML output (REFI-QDA files, Word, Excel, HTML reports, SVG), in
//! one place so every writer produces well-formed files from any user text.

/// Whether `c` may appear in an XML 1.0 document at all (even escaped).
pub fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes character data. Characters XML 1.0 cannot carry are replaced by U+FFFD.
pub fn esc_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char_ok(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value (double- or single-quoted), keeping tabs and line ends as character refs so
/// attribute normalisation does not turn them into spaces.
pub fn esc_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if !xml_char_ok(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
