//! PDF import from the text layer. Transcripts arrive as PDFs exported from Word, from
//! transcription services and from university templates; their text layer holds positioned
//! glyphs, not paragraphs. This module turns those glyphs back into the text a coder expects:
//! lines in reading order (top to bottom), lines re-joined into paragraphs (a line that ends
//! mid-sentence continues, also across a page break), hyphenation at line ends undone, running
//! page headers/footers and page numbers removed. A PDF without any text (a scan) is refused with
//! a message that says so, instead of importing an empty document.
//!
//! Glyphs come from `pdf-extract` (pure Rust, on `lopdf`; it decodes fonts, encodings and
//! ToUnicode maps, which we do not want to hand-write). Its own plain-text output guesses line
//! and word breaks glyph by glyph and knows nothing of pages' margins, so we collect glyph
//! positions through its `OutputDev` trait and lay out the text here. The crate can panic and
//! recurses on form XObjects, so before extracting we bound what it will do: the file size (the
//! importer's limit), the page count, every compressed stream's decompressed size (checked with
//! a capped decoder) and the nesting of form XObjects (cycles refused); the extraction itself
//! runs under the importer's `catch_unwind`, and the glyph count is capped while it runs.

use super::ImportError;
use pdf_extract::{Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// Most pages we read (a 600-page transcript is already extreme).
const MAX_PAGES: usize = 5_000;
/// Largest decompressed stream, and the largest sum of them, we let the PDF library inflate.
const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;
const MAX_TOTAL_STREAM_BYTES: u64 = 512 * 1024 * 1024;
/// Most glyphs we collect (about 20 million characters of text).
const MAX_GLYPHS: usize = 20_000_000;
/// Most glyphs on one page (a dense A4 page has about 6,000): a page's glyphs are held with their
/// positions until the page is laid out, at ~90 bytes each, so this bounds that buffer (~9 MB)
/// whatever the document; the laid-out text is bounded by [`super::MAX_TEXT_BYTES`].
const MAX_GLYPHS_PER_PAGE: usize = 100_000;
/// Largest decompressed drawing instructions of one page or form. `lopdf` parses them into
/// operations of ~150 bytes per few bytes of input before any text comes out, so this bounds that
/// (a page of typed text needs 5–50 KB).
const MAX_PAGE_CONTENT_BYTES: u64 = 2 * 1024 * 1024;
/// Deepest nesting of form XObjects (drawings inside drawings) we follow.
const MAX_FORM_DEPTH: usize = 16;

/// Reads a `.pdf` file's text layer; returns text and warnings.
pub(crate) fn import_pdf(bytes: &[u8]) -> Result<(String, Vec<super::Warning>), ImportError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(pdf_error("the file does not start like a PDF (no %PDF- header)"));
    }
    let mut doc = Document::load_mem(bytes).map_err(|e| pdf_error(&format!("the PDF is damaged ({e})")))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(pdf_error("the PDF is protected by a password; save an unprotected copy and import that"));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(ImportError::TooLarge {
            what: "the PDF".into(),
            size: pages.len() as u64,
            limit: MAX_PAGES as u64,
        });
    }
    let sizes = check_streams(&doc)?;
    check_forms(&doc)?;
    check_page_contents(&doc, &pages, &sizes)?;
    let mut collector = Collector::default();
    pdf_extract::output_doc(&doc, &mut collector).map_err(|e| match e {
        OutputError::FormatError(_) if collector.glyphs_on_page.len() >= MAX_GLYPHS_PER_PAGE => ImportError::TooLarge {
            what: format!("the text of page {} of the PDF (in characters)", collector.page),
            size: collector.glyphs_on_page.len() as u64,
            limit: MAX_GLYPHS_PER_PAGE as u64,
        },
        OutputError::FormatError(_) if collector.text_bytes > super::MAX_TEXT_BYTES => ImportError::TooLarge {
            what: "the PDF's text".into(),
            size: collector.text_bytes as u64,
            limit: super::MAX_TEXT_BYTES as u64,
        },
        OutputError::FormatError(_) if collector.glyphs >= MAX_GLYPHS => ImportError::TooLarge {
            what: "the PDF's text".into(),
            size: collector.glyphs as u64,
            limit: MAX_GLYPHS as u64,
        },
        e => pdf_error(&format!("the PDF's content cannot be read ({e:?})")),
    })?;
    let pages = collector.pages;
    let mut warnings = Vec::new();
    let empty: Vec<usize> = pages.iter().enumerate().filter(|(_, p)| p.lines.is_empty()).map(|(i, _)| i + 1).collect();
    if !pages.is_empty() && empty.len() == pages.len() {
        return Err(pdf_error(
            "the PDF has no text layer (it is probably a scan or a photo of the pages). Run it through text \
             recognition (OCR) first, or import the original Word or text file",
        ));
    }
    if !empty.is_empty() {
        let list: Vec<String> = empty.iter().take(10).map(|n| n.to_string()).collect();
        let pages = format!("{}{}", list.join(", "), if empty.len() > 10 { ", ..." } else { "" });
        warnings.push(super::Warning::new(super::Notice::PagesWithoutText, &[&empty.len(), &pages]));
    }
    Ok((layout(pages), warnings))
}

fn pdf_error(msg: &str) -> ImportError {
    ImportError::Pdf(msg.to_string())
}

/// Every compressed stream must inflate to a bounded size: `lopdf` inflates without a limit.
/// Returns each stream's size once inflated (as far as it was measured).
fn check_streams(doc: &Document) -> Result<HashMap<ObjectId, u64>, ImportError> {
    let mut total = 0u64;
    let mut sizes = HashMap::new();
    for (id, obj) in &doc.objects {
        let Object::Stream(stream) = obj else { continue };
        let filters = stream.filters().unwrap_or_default();
        sizes.insert(*id, stream.content.len() as u64);
        if filters.is_empty() {
            continue;
        }
        if filters.iter().any(|f| *f == &b"FlateDecode"[..]) {
            let mut dec = flate2::read::ZlibDecoder::new(&stream.content[..]);
            let n = std::io::copy(&mut (&mut dec).take(MAX_STREAM_BYTES + 1), &mut std::io::sink()).unwrap_or(0);
            if n > MAX_STREAM_BYTES {
                return Err(ImportError::TooLarge {
                    what: "a stream inside the PDF".into(),
                    size: n,
                    limit: MAX_STREAM_BYTES,
                });
            }
            total += n;
            sizes.insert(*id, n);
            if total > MAX_TOTAL_STREAM_BYTES {
                return Err(ImportError::TooLarge {
                    what: "the PDF's decompressed content".into(),
                    size: total,
                    limit: MAX_TOTAL_STREAM_BYTES,
                });
            }
        }
    }
    Ok(sizes)
}

/// Each page's drawing instructions, and each form's, are parsed whole before any text comes out:
/// refuse a page or form whose instructions exceed [`MAX_PAGE_CONTENT_BYTES`], naming it.
fn check_page_contents(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
    sizes: &HashMap<ObjectId, u64>,
) -> Result<(), ImportError> {
    let too_large = |what: String, size: u64| ImportError::TooLarge {
        what: format!("the drawing instructions of {what} of the PDF"),
        size,
        limit: MAX_PAGE_CONTENT_BYTES,
    };
    for (&n, &page) in pages {
        let size: u64 = doc.get_page_contents(page).iter().map(|id| sizes.get(id).copied().unwrap_or(0)).sum();
        if size > MAX_PAGE_CONTENT_BYTES {
            return Err(too_large(format!("page {n}"), size));
        }
    }
    for (id, obj) in &doc.objects {
        if let Object::Stream(s) = obj
            && s.dict.get(b"Subtype").and_then(|o| o.as_name()).is_ok_and(|n| n == b"Form")
            && let Some(&size) = sizes.get(id).filter(|&&size| size > MAX_PAGE_CONTENT_BYTES)
        {
            return Err(too_large("a drawing".into(), size));
        }
    }
    Ok(())
}

/// Form XObjects may draw other forms; `pdf-extract` follows them recursively, so a cycle (or
/// absurd nesting) would overflow the stack. Refuse those before extracting.
fn check_forms(doc: &Document) -> Result<(), ImportError> {
    // form -> forms named in its resources
    let xobjects_of = |dict: &pdf_extract::Dictionary| -> Vec<ObjectId> {
        let res = match dict.get(b"Resources") {
            Ok(Object::Reference(id)) => doc.get_object(*id).ok().and_then(|o| o.as_dict().ok()),
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let xo = res.and_then(|r| match r.get(b"XObject") {
            Ok(Object::Reference(id)) => doc.get_object(*id).ok().and_then(|o| o.as_dict().ok()),
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        });
        xo.map(|d| d.iter().filter_map(|(_, v)| v.as_reference().ok()).collect()).unwrap_or_default()
    };
    let mut edges: HashMap<ObjectId, Vec<ObjectId>> = HashMap::new();
    for (id, obj) in &doc.objects {
        if let Object::Stream(s) = obj {
            edges.insert(*id, xobjects_of(&s.dict));
        }
    }
    // Depth-first search with an explicit stack: 0 = unseen, 1 = on the path, 2 = done.
    let mut state: HashMap<ObjectId, u8> = HashMap::new();
    for &start in edges.keys() {
        if state.contains_key(&start) {
            continue;
        }
        let mut path: Vec<(ObjectId, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = path.last_mut() {
            let children = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&child) = children.get(*next) {
                *next += 1;
                match state.get(&child) {
                    Some(1) => return Err(pdf_error("the PDF's drawings refer to themselves in a loop")),
                    Some(_) => {}
                    None if edges.contains_key(&child) => {
                        if path.len() >= MAX_FORM_DEPTH {
                            return Err(pdf_error("the PDF's drawings are nested too deeply"));
                        }
                        state.insert(child, 1);
                        path.push((child, 0));
                    }
                    None => {}
                }
            } else {
                state.insert(*node, 2);
                path.pop();
            }
        }
    }
    Ok(())
}

/// One glyph (or a few characters drawn as one) at its position, y growing downwards.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

/// A line of text on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub x: f64,
    pub end: f64,
    /// Baseline, from the top of the page.
    pub y: f64,
    pub size: f64,
    pub text: String,
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub height: f64,
    pub lines: Vec<Line>,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    glyphs_on_page: Vec<Glyph>,
    /// The page's top edge in PDF coordinates.
    top: f64,
    height: f64,
    glyphs: usize,
    /// The page being read (1-based), for messages.
    page: u32,
    /// Bytes of laid-out text so far.
    text_bytes: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        n: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = (media_box.ury - media_box.lly).abs();
        self.top = media_box.ury;
        self.page = n;
        self.glyphs_on_page.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let glyphs = std::mem::take(&mut self.glyphs_on_page);
        let lines = lines_of(glyphs);
        self.text_bytes += lines.iter().map(|l| l.text.len() + 1).sum::<usize>();
        if self.text_bytes > super::MAX_TEXT_BYTES {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.pages.push(Page { height: self.height, lines });
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS || self.glyphs_on_page.len() >= MAX_GLYPHS_PER_PAGE {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // The text rendering matrix maps glyph space to the page; we flip y to grow downwards.
        let (x, y) = (trm.m31, self.top - trm.m32);
        let (vx, vy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let size = (vx * vy).abs().sqrt();
        if !x.is_finite() || !y.is_finite() || !size.is_finite() {
            return Ok(());
        }
        self.glyphs_on_page.push(Glyph { x, end: x + width * size, y, size: size.max(0.1), text: text.to_string() });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Groups a page's glyphs into lines (same baseline), sorted top to bottom, glyphs left to right,
/// with a space wherever the gap between glyphs is wider than a fraction of the font size.
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| !g.text.is_empty());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut groups: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match groups.last_mut() {
            Some(line) if (g.y - line[0].y).abs() <= line[0].size.max(g.size) * 0.4 => line.push(g),
            _ => groups.push(vec![g]),
        }
    }
    let mut lines = Vec::new();
    for mut group in groups {
        group.sort_by(|a, b| a.x.total_cmp(&b.x));
        let size = group.iter().map(|g| g.size).fold(0.0, f64::max);
        let mut text = String::new();
        let mut last_end: Option<f64> = None;
        for g in &group {
            if let Some(end) = last_end
                && g.x - end > g.size * 0.15
                && !text.ends_with(' ')
                && !g.text.starts_with(' ')
            {
                text.push(' ');
            }
            text.push_str(&normalize_glyph(&g.text));
            last_end = Some(last_end.map_or(g.end, |e: f64| e.max(g.end)));
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        lines.push(Line { x: group[0].x, end: last_end.unwrap_or(group[0].x), y: group[0].y, size, text });
    }
    lines
}

/// Typographic ligatures as their letters (a search for "fi" must find "ﬁ").
fn normalize_glyph(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// The part of the page (from top and bottom) where running headers and footers live.
const MARGIN_SHARE: f64 = 0.15;

/// `Page 3`, `- 3 -`, `3 / 12`, `Seite 3 von 12`, `p. 3`, a Roman numeral: a page number line.
fn is_page_number(text: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^(page|pagina|blz\.?|seite|side|sida|sivu|p\.|pag\.)?\s*[-–—(\[]?\s*(\d{1,4}|[ivxlc]{1,6})\s*[-–—)\]]?\s*((of|van|von|af|av|de|/|\|)\s*\d{1,4})?$",
        )
        .expect("valid regex")
    });
    RE.is_match(text.trim())
}

/// A header/footer line's identity across pages: digits stand for any page number.
fn running_key(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c.to_ascii_lowercase() }).collect()
}

/// Lines that are page furniture: within the top or bottom margin share of the page, among the
/// first or last two lines, and either a page number or the same text (page numbers aside) on at
/// least half of the pages (and on two or more) and nowhere else. A line that also occurs in the
/// body ("algemeen en van het digitale loket?" of a question an interview guide repeats, which
/// lands at the top of many pages) is content and stays.
fn remove_running_lines(pages: &mut [Page]) {
    let candidates = |p: &Page| -> Vec<usize> {
        let n = p.lines.len();
        (0..n)
            .filter(|&i| i < 2 || i + 2 >= n)
            .filter(|&i| {
                let y = p.lines[i].y;
                p.height > 0.0 && (y < p.height * MARGIN_SHARE || y > p.height * (1.0 - MARGIN_SHARE))
            })
            .collect()
    };
    // Running headers and footers sit at the same height on every page.
    let key = |l: &Line| (running_key(&l.text), (l.y / 2.0).round() as i64);
    let mut seen: HashMap<(String, i64), usize> = HashMap::new();
    let mut there: HashMap<(String, i64), usize> = HashMap::new(); // lines at that place
    let mut anywhere: HashMap<String, usize> = HashMap::new(); // lines with that text
    for p in pages.iter() {
        let places: Vec<(String, i64)> = candidates(p).into_iter().map(|i| key(&p.lines[i])).collect();
        for k in &places {
            *there.entry(k.clone()).or_default() += 1;
        }
        for k in places.into_iter().collect::<HashSet<_>>() {
            *seen.entry(k).or_default() += 1;
        }
        for l in &p.lines {
            *anywhere.entry(running_key(&l.text)).or_default() += 1;
        }
    }
    let only_there = |k: &(String, i64)| anywhere.get(&k.0) == there.get(k);
    let needed = (pages.len() / 2).max(2);
    for p in pages.iter_mut() {
        let drop: HashSet<usize> = candidates(p)
            .into_iter()
            .filter(|&i| {
                let t = &p.lines[i].text;
                let k = key(&p.lines[i]);
                is_page_number(t) || (seen.get(&k).is_some_and(|&n| n >= needed) && only_there(&k))
            })
            .collect();
        let mut i = 0;
        p.lines.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    t.ends_with(['.', '?', '!', ':', '…'])
}

/// Re-joins lines into paragraphs. A new paragraph starts after a vertical gap clearly wider
/// than the usual line spacing, at an indented first line, after a short line, at a line that
/// starts a speaker turn ("R2: …", a text typed without paragraph spacing shows turns no other
/// way) and after a speaker's tag alone on its line; a line that fills the measure continues into
/// the next, on the next page too unless it ends a sentence.
pub(crate) fn layout(mut pages: Vec<Page>) -> String {
    remove_running_lines(&mut pages);
    let texts: Vec<&str> = pages.iter().flat_map(|p| p.lines.iter().map(|l| l.text.as_str())).collect();
    let turn_starts = super::speakers::turn_starts(&texts);
    let mut turn_start = turn_starts.iter();
    // The usual baseline distance, relative to font size: the median over all pages.
    let mut gaps: Vec<f64> = Vec::new();
    for p in &pages {
        for w in p.lines.windows(2) {
            let d = (w[1].y - w[0].y) / w[0].size.max(0.1);
            if d > 0.0 {
                gaps.push(d);
            }
        }
    }
    gaps.sort_by(f64::total_cmp);
    let usual_gap = gaps.get(gaps.len() / 2).copied().unwrap_or(1.2);
    let all: Vec<&Line> = pages.iter().flat_map(|p| p.lines.iter()).collect();
    let mut lefts: Vec<f64> = all.iter().map(|l| l.x).collect();
    lefts.sort_by(f64::total_cmp);
    let left = lefts.get(lefts.len() / 10).copied().unwrap_or(0.0);
    let right = all.iter().map(|l| l.end).fold(0.0, f64::max);

    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev: Option<&Line> = None;
    let mut after_bare_tag = false;
    for (pi, p) in pages.iter().enumerate() {
        for (li, line) in p.lines.iter().enumerate() {
            let starts_turn = turn_start.next().copied().flatten();
            let new_paragraph = match prev {
                None => true,
                Some(prev) => {
                    let short = prev.end < left + (right - left) * 0.8;
                    let indented = line.x > left + line.size * 1.0 && line.x > prev.x + line.size;
                    let first_on_page = li == 0 && pi > 0;
                    let gap = (line.y - prev.y) / prev.size.max(0.1);
                    let wide_gap = !first_on_page && (gap > usual_gap * 1.3 || gap < 0.0);
                    let size_change = (line.size - prev.size).abs() > prev.size * 0.2;
                    let mut tail = prev.text.chars().rev();
                    let broken_word = match (tail.next(), tail.next()) {
                        (Some('\u{ad}'), _) => true,
                        (Some('-' | '‐'), Some(c)) => c.is_alphabetic(),
                        _ => false,
                    };
                    !broken_word
                        && (wide_gap
                            || starts_turn.is_some()
                            || after_bare_tag
                            || indented
                            || size_change
                            || (short && (!first_on_page || ends_sentence(&prev.text)))
                            || (first_on_page && ends_sentence(&prev.text)))
                }
            };
            if new_paragraph && !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            join_line(&mut current, &line.text);
            prev = Some(line);
            after_bare_tag = starts_turn == Some(true);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n")
}

/// Appends a line to a paragraph: a soft hyphen or a hyphen between lower-case letters at the
/// line end is a word broken by hyphenation and is undone; otherwise the line break is a space.
fn join_line(paragraph: &mut String, line: &str) {
    if paragraph.is_empty() {
        paragraph.push_str(line);
        return;
    }
    if paragraph.ends_with('\u{ad}') {
        paragraph.pop();
        paragraph.push_str(line);
        return;
    }
    let mut tail = paragraph.chars().rev();
    let hyphenated = matches!(
        (tail.next(), tail.next(), line.chars().next()),
        (Some('-' | '‐'), Some(before), Some(after)) if before.is_lowercase() && after.is_lowercase()
    );
    if hyphenated {
        paragraph.pop();
    } else {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f64, x: f64, end: f64, text: &str) -> Line {
        Line { x, end, y, size: 12.0, text: text.into() }
    }

    fn page(lines: Vec<Line>) -> Page {
        Page { height: 842.0, lines }
    }

    #[test]
    fn hyphenated_words_at_line_ends_are_joined() {
        let p = page(vec![
            line(100.0, 72.0, 520.0, "De samenwerking met de gemeente was in het begin erg moei-"),
            line(114.0, 72.0, 520.0, "zaam, zei ze, maar Noord-"),
            line(128.0, 72.0, 300.0, "Holland bleef lastig. Een zelf\u{ad}"),
            line(142.0, 72.0, 300.0, "standig oordeel."),
        ]);
        assert_eq!(
            layout(vec![p]),
            "De samenwerking met de gemeente was in het begin erg moeizaam, zei ze, maar Noord- Holland bleef \
             lastig. Een zelfstandig oordeel."
        );
    }

    #[test]
    fn page_numbers_and_running_headers_are_removed_and_sentences_continue_across_pages() {
        let mut pages = Vec::new();
        let body = ["Eerst loopt de tekst door tot het einde van de regel en", "Daarna", "Tot slot"];
        for (n, first) in body.iter().enumerate() {
            pages.push(page(vec![
                line(40.0, 72.0, 300.0, "Interview R3 – vertrouwelijk"),
                line(100.0, 72.0, 520.0, first),
                line(
                    114.0,
                    72.0,
                    520.0,
                    &format!("gaat op regel {} verder zonder dat de zin daar al eindigt", ["een", "twee", "drie"][n]),
                ),
                line(800.0, 290.0, 300.0, &format!("{}", n + 1)),
            ]));
        }
        let text = layout(pages);
        assert!(!text.contains("vertrouwelijk"), "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("al eindigt Daarna gaat op regel twee"), "{text}");
        assert!(!text.contains(" 2 "), "{text}");
    }

    #[test]
    fn page_number_forms() {
        for t in ["3", "- 3 -", "Page 3 of 12", "Pagina 3 van 12", "Seite 3 von 12", "3 / 12", "iv", "(3)"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["R3: ja", "3 jaar", "Page three", "I: 3"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn a_line_at_the_top_of_every_page_that_also_occurs_in_the_body_is_content() {
        let question = "algemeen en van het digitale loket in het bijzonder?";
        let pages: Vec<Page> = (0..3)
            .map(|n| {
                page(vec![
                    line(40.0, 72.0, 300.0, question),
                    line(
                        100.0,
                        72.0,
                        520.0,
                        &format!("R{n}: Antwoord dat de hele regel vult, van links tot rechts, en"),
                    ),
                    line(114.0, 72.0, 520.0, "verder gaat. I: Vraag, wat vindt u van de gemeente in het"),
                    line(128.0, 72.0, 300.0, question),
                ])
            })
            .collect();
        assert_eq!(layout(pages).matches(question).count(), 6);
    }

    #[test]
    fn a_speaker_tag_starts_a_paragraph_and_a_bare_tag_ends_one() {
        let p = page(vec![
            line(100.0, 72.0, 520.0, "I: Een vraag die de hele regel vult, van de linker- tot de rechter"),
            line(114.0, 72.0, 520.0, "marge, zonder witregel ervoor. En dan nog een regel die ook vol is"),
            line(128.0, 72.0, 520.0, "R3: Een antwoord."),
            line(142.0, 72.0, 520.0, "INTERVIEWER"),
            line(156.0, 72.0, 520.0, "Nog een vraag?"),
        ]);
        assert_eq!(
            layout(vec![p]),
            "I: Een vraag die de hele regel vult, van de linker- tot de rechter marge, zonder witregel ervoor. \
             En dan nog een regel die ook vol is\nR3: Een antwoord.\nINTERVIEWER\nNog een vraag?"
        );
    }

    #[test]
    fn paragraph_gaps_start_new_paragraphs() {
        let p = page(vec![
            line(100.0, 72.0, 520.0, "I: Hoe was dat voor u? Dat wil ik graag weten, en ook hoe het"),
            line(114.0, 72.0, 200.0, "daarna ging."),
            line(142.0, 72.0, 520.0, "R3: Moeilijk."),
        ]);
        assert_eq!(
            layout(vec![p]),
            "I: Hoe was dat voor u? Dat wil ik graag weten, en ook hoe het daarna ging.\nR3: Moeilijk."
        );
    }
}
