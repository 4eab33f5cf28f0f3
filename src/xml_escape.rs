//! Escaping text for XML and HTML output (REFI-QDA files, Word, Excel, HTML reports, SVG), in
//! one place so every writer produces well-formed files from any user text.
//!
//! XML 1.0 forbids most C0 control characters even as character references, and text pasted from
//! Word carries them: `\v` (a manual line break) and `\f` (a page break) become a line end, any
//! other forbidden character U+FFFD. Writers that hand text to a library (docx-rs, rust_xlsxwriter)
//! pass it through [`xml_safe`] first; the hand-written ones (REFI-QDA, HTML, SVG) escape with
//! [`esc_text`]/[`esc_attr`], which do the same. One character in, one character out, so character
//! offsets stay valid.

use std::borrow::Cow;

/// Whether `c` may appear in an XML 1.0 document at all (even escaped).
pub fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The character written for `c`: itself when XML 1.0 allows it, a line end for Word's vertical
/// tab and form feed, U+FFFD otherwise.
pub fn xml_char(c: char) -> char {
    match c {
        c if xml_char_ok(c) => c,
        '\u{0B}' | '\u{0C}' => '\n',
        _ => '\u{FFFD}',
    }
}

/// `s` with every character XML 1.0 forbids replaced ([`xml_char`]); borrowed when already clean.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_char_ok) { Cow::Borrowed(s) } else { Cow::Owned(s.chars().map(xml_char).collect()) }
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
            c if !xml_char_ok(c) => out.push(xml_char(c)),
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
            '\u{0B}' | '\u{0C}' => out.push_str("&#10;"),
            c if !xml_char_ok(c) => out.push(xml_char(c)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_line_and_page_breaks_become_line_ends_and_other_controls_a_replacement_character() {
        assert_eq!(
            xml_safe("one\u{0B}two\u{0C}three\u{1}\u{1B}[31m\u{FFFE}"),
            "one\ntwo\nthree\u{FFFD}\u{FFFD}[31m\u{FFFD}"
        );
        assert!(matches!(xml_safe("plain é 😀\ttab"), Cow::Borrowed(_)));
        assert_eq!(esc_attr("a\u{0B}b"), "a&#10;b");
    }
}
