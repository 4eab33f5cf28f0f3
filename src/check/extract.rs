//! Reading the claims out of a results chapter: quoted passages (with the respondent they are
//! attributed to), respondent-label lists "(M1, A2 en A6)", counts ("vier van de veertien
//! respondenten", "n = 4", "9/14") and tables whose rows or columns are codes. Dutch and English.
//!
//! The chapter arrives as plain text from the transcript importers (one paragraph per line, a
//! table row as cells separated by tabs), so .docx, .odt, .md and .txt chapters share this code.
//! Which code a sentence is about is decided by the code names (or paths, or the user's aliases)
//! it mentions: the one nearest before the claim, else the nearest after it.

use regex::Regex;
use std::sync::LazyLock;

/// A character range in the chapter text, end exclusive.
pub use crate::core::Span;

/// A quoted passage of the chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteClaim {
    pub text: String,
    /// The whole quote including its quote marks.
    pub span: Span,
    /// The respondent label the chapter attributes it to, as written.
    pub attributed: Option<String>,
    /// 1-based paragraph number.
    pub paragraph: usize,
}

/// Labels cited after a finding, or a count, with the code names found around it.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingClaim {
    pub span: Span,
    pub paragraph: usize,
    /// The sentence (or table cell) the claim stands in.
    pub context: String,
    /// Code names mentioned, each with its position (for "nearest before the claim").
    pub subject: Subject,
    pub what: Finding,
}

/// What the claim says about the code.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// These respondent labels, as written.
    Labels(Vec<String>),
    /// This many respondents (or codings, when the sentence says so); `of` is the denominator
    /// when written ("4 van de 14").
    Count { n: usize, of: Option<usize>, codings: bool },
}

/// How the code a claim is about is named.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// Free text: the sentence; the checker looks for code names in it around `at`.
    Sentence { text: String, at: usize },
    /// A table row or column header: the whole cell names the code.
    Cell(String),
}

/// Where a claim sits, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Location {
    pub paragraph: usize,
    /// (table number, row, column), 1-based, for table cells.
    pub table: Option<(usize, usize, usize)>,
}

/// Everything found in one chapter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub quotes: Vec<QuoteClaim>,
    pub findings: Vec<(Location, FindingClaim)>,
}

/// Quotes shorter than this are names and phrases, not evidence.
pub const MIN_QUOTE_WORDS: usize = 6;

static QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"“([^”“]+)”|„([^“”"]+)[“”"]|"([^"]+)"|‘([^’‘]+)’(?:[^\p{L}]|$)|«([^»]+)»|(?:^|[\s(])'([^']+)'(?:[^\p{L}]|$)"#,
    )
    .unwrap()
});
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^()]{1,200})\)").unwrap());
static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Lu}{1,3}\d{1,3}$").unwrap());
static LIST_SPLIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*(?:,|;|&|\ben\b|\band\b)\s*").unwrap());
static NUM: &str = r"(\d{1,3}|[\p{L}]+)";
static COUNT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{NUM}\s+(?:van\s+de|van\s+alle|uit|of\s+the|of|out\s+of)\s+{NUM}\b")).unwrap()
});
static SLASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{1,3})\s*/\s*(\d{1,3})\b").unwrap());
static N_EQ: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bn\s*=\s*(\d{1,4})\b").unwrap());
static COUNT_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{NUM}\s+(?:(?:van\s+de\s+|of\s+the\s+)?(?:andere\s+|other\s+)?)(respondent(?:en|s)?|geïnterviewden|geinterviewden|deelnemers|participanten|informanten|interviewees|participants|people|mensen|keer|times|coderingen|codings|fragmenten|passages|segments)\b"
    ))
    .unwrap()
});

/// Dutch and English number words up to twenty, plus "alle"/"all" and "geen"/"no(ne)" which the
/// caller resolves to the number of respondents and zero.
pub fn number_word(w: &str) -> Option<usize> {
    let w = w.to_lowercase();
    if let Ok(n) = w.parse() {
        return Some(n);
    }
    const NL: [&str; 21] = [
        "geen",
        "één",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
        "twintig",
    ];
    const EN: [&str; 21] = [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    match w.as_str() {
        "een" => Some(1),
        "none" => Some(0),
        _ => NL.iter().position(|x| *x == w).or_else(|| EN.iter().position(|x| *x == w)),
    }
}

/// "alle"/"all": every respondent; resolved by the caller.
pub const ALL: usize = usize::MAX;

fn count_value(w: &str) -> Option<usize> {
    match w.to_lowercase().as_str() {
        "alle" | "all" => Some(ALL),
        _ => number_word(w),
    }
}

/// A label list: every item looks like a respondent label (`M1`, `A12`, `R3`) or is one of the
/// project's labels.
pub fn label_list(inner: &str, known: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    let items: Vec<String> =
        LIST_SPLIT.split(inner.trim()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    (!items.is_empty() && items.iter().all(|i| LABEL.is_match(i) || known(i))).then_some(items)
}

fn char_index(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Sentence ranges (byte offsets) of a paragraph, with quoted passages masked so their inner
/// full stops do not end the sentence. A sentence that is only a label list joins the one before.
fn sentences(para: &str, masked: &str) -> Vec<(usize, usize)> {
    let bytes = masked.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, c) in masked.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = masked[i + 1..].chars().next();
            let after = masked[i + 1..].trim_start().chars().next();
            let ends = next.is_none_or(char::is_whitespace) && after.is_none_or(|a| a.is_uppercase() || a == '(');
            if ends {
                out.push((start, i + 1));
                start = i + 1;
            }
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    // "(M1, A2)." after the full stop belongs to the sentence before.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in out {
        let t = para[s..e].trim().trim_end_matches('.');
        let only_list = t.starts_with('(') && t.ends_with(')');
        match merged.last_mut() {
            Some(last) if only_list => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Extracts every claim of `chapter`. `known` tells whether a string is a respondent label of
/// the project (so labels such as "Wethouder1" or "R-3" still count when the project has them).
pub fn extract(chapter: &str, known: &dyn Fn(&str) -> bool) -> Extracted {
    let mut out = Extracted::default();
    let mut offset_chars = 0; // character offset of the current line in the chapter
    let mut paragraph = 0;
    let mut table: Vec<(usize, &str)> = Vec::new(); // consecutive tab-separated lines
    let mut tables = 0;
    let lines: Vec<&str> = chapter.split('\n').collect();
    for (li, line) in lines.iter().enumerate() {
        let len = line.chars().count();
        if !line.trim().is_empty() {
            paragraph += 1;
        }
        if line.contains('\t') {
            table.push((paragraph, line));
        } else if !line.trim().is_empty() {
            paragraph_claims(line, offset_chars, paragraph, known, &mut out);
        }
        let table_ends = !line.contains('\t') || li + 1 == lines.len();
        if table_ends && !table.is_empty() {
            tables += 1;
            table_claims(&table, tables, known, &mut out);
            table.clear();
        }
        offset_chars += len + 1;
    }
    out
}

fn paragraph_claims(line: &str, base: usize, paragraph: usize, known: &dyn Fn(&str) -> bool, out: &mut Extracted) {
    // A Markdown block quote is a quote as a whole.
    let (body, block_quote) = match line.strip_prefix('>') {
        Some(rest) => (rest, true),
        None => (line, false),
    };
    let shift = line.len() - body.len();
    let mut masked = line.to_string();
    let mut quotes: Vec<(usize, usize, String)> = Vec::new(); // byte range in line incl. marks, text
    if block_quote {
        let text = body.trim().trim_matches(|c| "\"“”„'‘’".contains(c)).to_string();
        quotes.push((shift, line.len(), text));
    } else {
        for c in QUOTE.captures_iter(line) {
            let inner = (1..=6).find_map(|k| c.get(k)).unwrap();
            // The quote marks are the characters around the inner text (some forms also match a
            // neighbouring character, which is not part of the quote).
            let open = line[..inner.start()].chars().next_back().map_or(0, char::len_utf8);
            let close = line[inner.end()..].chars().next().map_or(0, char::len_utf8);
            quotes.push((inner.start() - open, inner.end() + close, inner.as_str().to_string()));
        }
    }
    // Same byte length, so offsets stay valid in both; a quote that ends its sentence keeps
    // the full stop so the sentence ends there too.
    for (s, e, text) in &quotes {
        let mut fill = "x".repeat(e - s);
        if text.trim_end().ends_with(['.', '!', '?']) {
            fill.replace_range(fill.len() - 1.., ".");
        }
        masked.replace_range(*s..*e, &fill);
    }
    let sents = sentences(line, &masked);
    let sentence_of = |b: usize| sents.iter().copied().find(|&(s, e)| b >= s && b < e).unwrap_or((0, line.len()));

    for (s, e, text) in &quotes {
        if text.split_whitespace().count() < MIN_QUOTE_WORDS {
            continue;
        }
        let (ss, se) = sentence_of(*s);
        let attributed = attribution(line, &masked, (ss, se), (*s, *e), known);
        out.quotes.push(QuoteClaim {
            text: text.clone(),
            span: Span::new(base + char_index(line, *s), base + char_index(line, *e)),
            attributed,
            paragraph,
        });
    }

    // Label lists in parentheses (not the attribution right after a quote).
    for m in PAREN.captures_iter(&masked) {
        let whole = m.get(0).unwrap();
        let Some(labels) = label_list(&line[m.get(1).unwrap().range()], known) else { continue };
        let just_after_quote = quotes.iter().any(|(_, qe, _)| {
            whole.start() >= *qe && line[*qe..whole.start()].trim().trim_matches(|c| ",.".contains(c)).is_empty()
        });
        if just_after_quote && labels.len() == 1 {
            continue;
        }
        let (ss, se) = sentence_of(whole.start());
        out.findings.push((
            Location { paragraph, table: None },
            FindingClaim {
                span: Span::new(base + char_index(line, whole.start()), base + char_index(line, whole.end())),
                paragraph,
                context: line[ss..se].trim().to_string(),
                subject: Subject::Sentence {
                    text: masked[ss..se].to_string(),
                    at: char_index(&masked[ss..se], whole.start() - ss),
                },
                what: Finding::Labels(labels),
            },
        ));
    }

    // Counts.
    for (s, e, n, of, codings) in counts(&masked) {
        let (ss, se) = sentence_of(s);
        out.findings.push((
            Location { paragraph, table: None },
            FindingClaim {
                span: Span::new(base + char_index(line, s), base + char_index(line, e)),
                paragraph,
                context: line[ss..se].trim().to_string(),
                subject: Subject::Sentence {
                    text: masked[ss..se].to_string(),
                    at: char_index(&masked[ss..se], s - ss),
                },
                what: Finding::Count { n, of, codings },
            },
        ));
    }
}

/// Counts in a (masked) paragraph, as byte ranges: (start, end, n, of, codings).
fn counts(masked: &str) -> Vec<(usize, usize, usize, Option<usize>, bool)> {
    let mut out: Vec<(usize, usize, usize, Option<usize>, bool)> = Vec::new();
    let taken = |out: &Vec<(usize, usize, usize, Option<usize>, bool)>, s: usize, e: usize| {
        out.iter().any(|&(a, b, ..)| s < b && a < e)
    };
    for c in COUNT_OF.captures_iter(masked) {
        let (Some(n), Some(of)) = (count_value(&c[1]), number_word(&c[2])) else { continue };
        let m = c.get(0).unwrap();
        let codings = masked[m.end()..].trim_start().to_lowercase().starts_with("keer");
        out.push((m.start(), m.end(), n, Some(of), codings));
    }
    for c in SLASH.captures_iter(masked) {
        let m = c.get(0).unwrap();
        if !taken(&out, m.start(), m.end()) {
            out.push((m.start(), m.end(), c[1].parse().unwrap_or(0), c[2].parse().ok(), false));
        }
    }
    for c in N_EQ.captures_iter(masked) {
        let m = c.get(0).unwrap();
        if !taken(&out, m.start(), m.end()) {
            out.push((m.start(), m.end(), c[1].parse().unwrap_or(0), None, false));
        }
    }
    for c in COUNT_NOUN.captures_iter(masked) {
        let m = c.get(0).unwrap();
        let Some(n) = count_value(&c[1]) else { continue };
        if taken(&out, m.start(), m.end()) {
            continue;
        }
        let noun = c[2].to_lowercase();
        let codings = matches!(
            noun.as_str(),
            "keer" | "times" | "coderingen" | "codings" | "fragmenten" | "passages" | "segments"
        );
        out.push((m.start(), m.end(), n, None, codings));
    }
    out.sort_by_key(|c| c.0);
    out
}

/// The respondent a quote is attributed to: a label in parentheses right after it, or a label
/// named in the same sentence ("zegt R3", "R3 vertelt:", "according to A2"), nearest first.
fn attribution(
    line: &str,
    masked: &str,
    sentence: (usize, usize),
    quote: (usize, usize),
    known: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let after = &masked[quote.1..sentence.1.max(quote.1)];
    if let Some(m) = PAREN.captures(after)
        && line[quote.1..quote.1 + m.get(0).unwrap().start()].trim().trim_matches(|c| ",.".contains(c)).is_empty()
    {
        // "(A2)", "(A2, 2024)", "(A2, p. 3)": the first item is the label.
        let first = m[1].split([',', ';']).next().unwrap_or("").trim().to_string();
        if LABEL.is_match(&first) || known(&first) {
            return Some(first);
        }
    }
    let is_label = |w: &str| LABEL.is_match(w) || known(w);
    let word_at = |text: &str, base: usize| -> Vec<(usize, String)> {
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .scan(0usize, |pos, w| {
                let at = *pos;
                *pos += w.len() + 1;
                Some((base + at, w.to_string()))
            })
            .filter(|(_, w)| !w.is_empty() && is_label(w))
            .collect()
    };
    let after_labels = word_at(after, quote.1);
    if let Some((_, l)) = after_labels.first() {
        return Some(l.clone());
    }
    let before = &masked[sentence.0..quote.0.max(sentence.0)];
    word_at(before, sentence.0).last().map(|(_, l)| l.clone())
}

/// Claims in a table: rows or columns named after codes, cells with label lists, counts or marks.
fn table_claims(rows: &[(usize, &str)], number: usize, known: &dyn Fn(&str) -> bool, out: &mut Extracted) {
    let cells: Vec<Vec<&str>> = rows.iter().map(|(_, l)| l.split('\t').map(str::trim).collect()).collect();
    let Some(header) = cells.first() else { return };
    let is_mark = |c: &str| matches!(c.to_lowercase().as_str(), "x" | "✓" | "✔" | "•" | "ja" | "yes" | "+" | "1");
    let is_blank = |c: &str| matches!(c.to_lowercase().as_str(), "" | "-" | "–" | "0" | "nee" | "no");
    let header_labels =
        header.iter().skip(1).filter(|h| !h.is_empty()).all(|h| LABEL.is_match(h) || known(h)) && header.len() > 1;
    let first_col_labels =
        cells.iter().skip(1).all(|r| r.first().is_some_and(|c| LABEL.is_match(c) || known(c))) && cells.len() > 1;

    let push = |out: &mut Extracted, r: usize, c: usize, subject: String, what: Finding| {
        let paragraph = rows[r.min(rows.len() - 1)].0;
        out.findings.push((
            Location { paragraph, table: Some((number, r + 1, c + 1)) },
            FindingClaim {
                span: Span::default(),
                paragraph,
                context: cells[r].join(" | "),
                subject: Subject::Cell(subject),
                what,
            },
        ));
    };

    if header_labels {
        // Codes down the side, respondents across: one claim per row.
        for (r, row) in cells.iter().enumerate().skip(1) {
            let Some(code) = row.first().filter(|c| !c.is_empty()) else { continue };
            let marked: Vec<String> = row
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, c)| is_mark(c))
                .filter_map(|(k, _)| header.get(k).map(|h| h.to_string()))
                .collect();
            if row.iter().skip(1).all(|c| is_mark(c) || is_blank(c)) {
                push(out, r, 0, code.to_string(), Finding::Labels(marked));
            }
        }
        return;
    }
    if first_col_labels {
        // Respondents down the side, codes across: one claim per column.
        for (k, code) in header.iter().enumerate().skip(1) {
            if code.is_empty() || !cells.iter().skip(1).all(|r| r.get(k).is_none_or(|c| is_mark(c) || is_blank(c))) {
                continue;
            }
            let marked: Vec<String> = cells
                .iter()
                .skip(1)
                .filter(|r| r.get(k).is_some_and(|c| is_mark(c)))
                .map(|r| r[0].to_string())
                .collect();
            push(out, 0, k, code.to_string(), Finding::Labels(marked));
        }
        return;
    }
    // Codes down the side; cells hold label lists or counts.
    let codings_column = |k: usize| {
        header.get(k).is_some_and(|h| {
            let h = h.to_lowercase();
            ["coderingen", "codings", "fragmenten", "segments", "keer", "times"].iter().any(|w| h.contains(w))
        })
    };
    for (r, row) in cells.iter().enumerate().skip(1) {
        let Some(code) = row.first().filter(|c| !c.is_empty()) else { continue };
        for (k, cell) in row.iter().enumerate().skip(1) {
            let inner = cell.trim().trim_start_matches('(').trim_end_matches(')');
            if let Ok(n) = cell.trim().parse::<usize>() {
                push(out, r, k, code.to_string(), Finding::Count { n, of: None, codings: codings_column(k) });
            } else if let Some(labels) = label_list(inner, known) {
                push(out, r, k, code.to_string(), Finding::Labels(labels));
            } else if let Some((n, labels)) = cell.split_once('(').and_then(|(n, rest)| {
                Some((n.trim().parse::<usize>().ok()?, label_list(rest.trim_end_matches(')'), known)?))
            }) {
                // "3 (A1, M2, P3)": both.
                push(out, r, k, code.to_string(), Finding::Count { n, of: None, codings: codings_column(k) });
                push(out, r, k, code.to_string(), Finding::Labels(labels));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> bool {
        false
    }

    #[test]
    fn quotes_with_their_attribution() {
        let t = "Zo zegt A1: “Efficiëntie en privacy staan soms haaks op elkaar.” Anderen zijn stelliger \"dit kan echt niet zo doorgaan met ons\" (M2, 2024).";
        let e = extract(t, &none);
        assert_eq!(e.quotes.len(), 2);
        assert_eq!(e.quotes[0].text, "Efficiëntie en privacy staan soms haaks op elkaar.");
        assert_eq!(e.quotes[0].attributed.as_deref(), Some("A1"));
        assert_eq!(e.quotes[1].attributed.as_deref(), Some("M2"));
        // The attribution "(M2, 2024)" is not a label-list claim.
        assert!(e.findings.is_empty(), "{:?}", e.findings);
    }

    #[test]
    fn label_lists_and_counts() {
        let t = "Vier van de veertien respondenten noemen compromissen (M1, A2, A6 en O7). De meerderheid (9/14) noemt privacy; n = 3 voor lerende.";
        let e = extract(t, &none);
        let what: Vec<&Finding> = e.findings.iter().map(|(_, f)| &f.what).collect();
        assert!(what.contains(&&Finding::Labels(vec!["M1".into(), "A2".into(), "A6".into(), "O7".into()])));
        assert!(what.contains(&&Finding::Count { n: 4, of: Some(14), codings: false }));
        assert!(what.contains(&&Finding::Count { n: 9, of: Some(14), codings: false }));
        assert!(what.contains(&&Finding::Count { n: 3, of: None, codings: false }));
    }

    #[test]
    fn short_quotes_and_scare_quotes_are_not_claims() {
        let e = extract("Dit heet ook wel 'computer says no' in de literatuur.", &none);
        assert!(e.quotes.is_empty());
    }

    #[test]
    fn tables_in_three_orientations() {
        let t = "Code\tRespondenten\tAantal\nCompromissen\tA1, M2\t2\n\nCode\tA1\tM2\nCompromissen\tx\t\n\nResp.\tCompromissen\nA1\tx\nM2\t-";
        let e = extract(t, &none);
        let cells: Vec<_> = e.findings.iter().map(|(l, f)| (l.table, &f.what)).collect();
        assert_eq!(
            cells,
            vec![
                (Some((1, 2, 2)), &Finding::Labels(vec!["A1".into(), "M2".into()])),
                (Some((1, 2, 3)), &Finding::Count { n: 2, of: None, codings: false }),
                (Some((2, 2, 1)), &Finding::Labels(vec!["A1".into()])),
                (Some((3, 1, 2)), &Finding::Labels(vec!["A1".into()])),
            ]
        );
    }
}
