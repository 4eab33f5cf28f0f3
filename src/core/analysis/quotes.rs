//! Quotes with their citations: passages cut from the text by char offsets, with line and
//! paragraph numbers found once per document.

use super::*;
use crate::core::text::{CharIndex, TextLines};
use std::sync::Arc;

impl<'p> Analysis<'p> {
    /// The passages coded with `code` (and, with `include_subtree`, any code below it), in
    /// document order (natural name order, then position).
    pub fn quotes(&self, code: Id, include_subtree: bool, filter: &Filter, style: &CitationStyle) -> Vec<Quote> {
        let Some(&ci) = self.tree.index.get(&code) else { return Vec::new() };
        let range = if include_subtree { ci..self.tree.end[ci] } else { ci..ci + 1 };
        let mut recs: Vec<Rec> = self.records_in(filter, Some(range));
        recs.sort_by_key(|r| {
            (self.doc_rank.get(&r.coding.document).copied(), r.coding.start, r.coding.end, r.coding.id)
        });
        let mut texts: HashMap<Id, DocText> = HashMap::new();
        let mut paths: HashMap<usize, (Vec<String>, String)> = HashMap::new();
        recs.iter()
            .map(|r| {
                let c = r.coding;
                let doc = &self.project.documents[&c.document];
                let dt =
                    texts.entry(doc.id).or_insert_with(|| DocText::of(self.project, doc.id).expect("a known document"));
                let raw = dt.slice(&doc.text, c.start, c.end);
                let text = raw.trim().to_string();
                let line = dt.line_of(c.start);
                let label = r.case.map(|k| self.label(k));
                let turn = self.turn_at(c.document, c.start);
                let speaker = turn.and_then(|t| self.project.turns.get(&t)).map(|t| t.speaker.clone());
                let coder = self.project.coders.get(&c.coder).map(|x| x.name.clone()).unwrap_or_default();
                let (path, path_string) = paths
                    .entry(r.code)
                    .or_insert_with(|| {
                        let p = self.path(r.code);
                        let s = p.join(" > ");
                        (p, s)
                    })
                    .clone();
                let shown_label = label.clone().or_else(|| speaker.clone()).unwrap_or_else(|| "?".into());
                let place = Place {
                    label: &shown_label,
                    document: &doc.name,
                    line,
                    paragraph: dt.paragraph_of(c.start),
                    position: c.start,
                };
                let citation = cite(style, &text, &place, &path_string, &coder);
                Quote {
                    coding: c.id,
                    code: c.code,
                    code_path: path,
                    document: doc.id,
                    document_name: doc.name.clone(),
                    respondent: r.case,
                    label,
                    speaker,
                    coder,
                    start: c.start,
                    end: c.end,
                    line,
                    text,
                    citation,
                }
            })
            .collect()
    }

    /// `start..end` of `document` cited with `style`, as "Copy as quote" puts it on the clipboard:
    /// the respondent (else the speaker) at the passage's start, `{code}` empty. `None` when the
    /// document does not exist.
    pub fn cite_passage(
        &self,
        document: Id,
        start: usize,
        end: usize,
        coder: &str,
        style: &CitationStyle,
    ) -> Option<String> {
        let doc = self.project.documents.get(&document)?;
        let dt = DocText::of(self.project, document)?;
        let len = dt.len();
        let (start, end) = (start.min(len), end.min(len).max(start.min(len)));
        let text = dt.slice(&doc.text, start, end).trim();
        let label = self
            .case_at(document, start)
            .map(|k| self.label(k))
            .or_else(|| {
                self.turn_at(document, start).and_then(|t| self.project.turns.get(&t)).map(|t| t.speaker.clone())
            })
            .unwrap_or_else(|| "?".into());
        let place = Place {
            label: &label,
            document: &doc.name,
            line: dt.line_of(start),
            paragraph: dt.paragraph_of(start),
            position: start,
        };
        Some(cite(style, text, &place, "", coder))
    }
}

/// Char -> byte offsets and line starts of one document: the project's cached [`CharIndex`] and
/// [`TextLines`] of its text (built once per text, not per quote or per call), so each quote
/// costs a lookup, not a walk from the document's start.
pub(super) struct DocText {
    chars: Arc<CharIndex>,
    lines: Arc<TextLines>,
}

/// Where a cited passage is, for [`cite`].
pub(super) struct Place<'a> {
    label: &'a str,
    document: &'a str,
    line: usize,
    paragraph: usize,
    position: usize,
}

/// One citation: the template filled for a passage (whitespace in the quote collapsed).
pub(super) fn cite(style: &CitationStyle, text: &str, place: &Place, code: &str, coder: &str) -> String {
    let mut collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(max) = style.max_quote_chars {
        collapsed = shorten_quote(&collapsed, max);
    }
    fill_template(&style.template, |key| match key {
        "quote" => Some(collapsed.clone()),
        "label" => Some(place.label.to_string()),
        "year" => Some(style.year.clone()),
        "document" => Some(place.document.to_string()),
        "line" => Some(place.line.to_string()),
        "paragraph" => Some(place.paragraph.to_string()),
        "position" => Some(place.position.to_string()),
        "code" => Some(code.to_string()),
        "coder" => Some(coder.to_string()),
        _ => None,
    })
}

impl DocText {
    fn of(p: &Project, document: Id) -> Option<Self> {
        Some(DocText { chars: p.char_index(document)?, lines: p.text_lines(document)? })
    }
    fn len(&self) -> usize {
        self.chars.char_len()
    }
    fn paragraph_of(&self, ch: usize) -> usize {
        self.lines.paragraph_of(ch)
    }
    fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        self.chars.slice(text, start, end)
    }
    fn line_of(&self, ch: usize) -> usize {
        self.lines.line_of(ch)
    }
}

/// `text` in at most `max` characters (plus the mark): cut after the last whole word that fits,
/// then ` […]`, the mark theses use for omitted words. A first word longer than `max` is cut
/// inside. Text that fits is returned as it is.
pub fn shorten_quote(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max + 1).collect();
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if i > 0 => &head[..i],
        _ => &head[..head.char_indices().nth(max).map_or(head.len(), |(i, _)| i)],
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '('));
    format!("{cut} […]")
}

/// Replaces `{name}` placeholders using `lookup`; unknown names are kept verbatim.
pub fn fill_template(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if !after[..close].contains('{') => {
                let key = &after[..close];
                match lookup(key) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
