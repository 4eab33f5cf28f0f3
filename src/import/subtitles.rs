//! Subtitle files as transcripts: WebVTT (.vtt) and SubRip (.srt) are what Zoom, Teams, Otter,
//! Whisper and YouTube export, and students code those recordings like any interview. A subtitle
//! file cuts speech into cues of a few seconds; a coder wants speaker turns. So cues are merged:
//! consecutive cues of one speaker become one turn that starts at the first cue's start time.
//!
//! The speaker of a cue is its WebVTT voice tag (`<v Anna Jansen>…</v>`, as Teams writes) or a
//! `Name: ` prefix (Zoom, Otter), which counts when the name is a speaker tag by itself
//! ("Speaker 1") or starts at least two cues, so that one "Note: …" in a subtitle is no speaker. A
//! cue without a speaker continues the turn before it (tools name the speaker only when it
//! changes). Cue numbers, identifiers, timing lines and NOTE/STYLE/REGION blocks are dropped;
//! tags (`<i>`, `<b>`, `<c.yellow>`, `<00:00:01.500>`) are stripped and entities (`&amp;`,
//! `&lt;`, `&gt;`, `&#39;`) decoded; `&nbsp;` becomes a plain space, so that searching the text
//! finds the words either side of it. YouTube's rolling captions repeat the previous
//! cue's last line as the next cue's first: the repeat is dropped.
//!
//! The document text has one paragraph per turn, "[00:01:02] Anna Jansen: words", a blank line
//! between turns; subtitles without any speaker become timed paragraphs ("[00:01:02] words"),
//! a new one after a pause of two seconds or more.
//!
//! Teams' older "Download as .docx" transcript is cues too, in a word processor: a paragraph with
//! the cue's times ("0:12:3.456 --> 0:12:8.2"), one with the speaker's name, then the words. A
//! document of any transcript format whose text is laid out like that ([`is_cue_layout`]: from
//! the first time line on, nothing but cues) is read here as well, the name line naming the
//! speaker; text above the first cue (a title) stays as its first paragraph.
//!
//! Memory is bounded by the text produced: the file is read cue by cue into the output, nothing
//! per cue is kept, and the turn count is capped like every transcript's ([`super::MAX_TURNS`]).
//!
//! Hand-written: the subtitle crates on crates.io parse cues into owned structures per cue (the
//! memory we avoid) and know nothing of speakers; what we need of the two formats is the few
//! lines below.

use super::{DetectedTurn, ImportError, MAX_TURNS};
use crate::core::text::normalize_newlines;

/// The subtitle formats read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    WebVtt,
    SubRip,
    /// A transcript document laid out as cues, the speaker's name on the line after the times
    /// (Teams' older .docx download).
    Document,
}

impl Flavour {
    fn name(self) -> &'static str {
        match self {
            Flavour::WebVtt => "WebVTT (.vtt)",
            Flavour::SubRip => "SubRip (.srt)",
            Flavour::Document => "transcript",
        }
    }
}

/// A subtitle file read as a transcript: its text, the turns its speakers give, notes.
pub(crate) struct Read {
    pub text: String,
    pub turns: Vec<DetectedTurn>,
    pub warnings: Vec<super::Warning>,
}

/// A pause of this many milliseconds between cues without speakers starts a new paragraph.
const PARAGRAPH_PAUSE_MS: u64 = 2_000;

/// Reads a .vtt or .srt file.
pub(crate) fn import_subtitles(bytes: &[u8], flavour: Flavour) -> Result<Read, ImportError> {
    let decoded = crate::input::text::decode_text(bytes)?;
    let warnings = super::decoder_warnings(&decoded);
    let text = normalize_newlines(&decoded.text);
    drop(decoded);
    if flavour == Flavour::WebVtt {
        let first = text.lines().next().unwrap_or("");
        if !first.trim_start_matches('\u{feff}').starts_with("WEBVTT") && !text.trim().is_empty() {
            return Err(ImportError::Subtitles(format!(
                "this is not a {} file: it does not start with “WEBVTT”",
                flavour.name()
            )));
        }
    }
    let (out, cue_count) = read_cues(&text, flavour, Writer::default())?;
    // No cue at all: an empty file (a header, notes) is an empty document; words without cues
    // are not subtitles.
    let has_words = || {
        text.split("\n\n")
            .map(str::trim)
            .any(|b| !b.is_empty() && !["WEBVTT", "NOTE", "STYLE", "REGION"].iter().any(|k| b.starts_with(k)))
    };
    if cue_count == 0 && has_words() {
        return Err(ImportError::Subtitles(format!(
            "no cue found: a {} file has cues with a time line such as “00:00:01.000 --> 00:00:04.000”",
            flavour.name()
        )));
    }
    let Writer { text, turns, .. } = out;
    Ok(Read { text, turns, warnings })
}

/// Whether a transcript's text is laid out as cues: at least two time lines, and from the first
/// on every block (after a blank line) starts with a time line or a cue number before one. Text
/// that is anything else keeps its own layout, so nothing outside a cue is ever dropped.
pub(crate) fn is_cue_layout(text: &str) -> bool {
    if !text.contains("-->") {
        return false;
    }
    let (mut timings, mut block_start) = (0usize, true);
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() {
            block_start = true;
            continue;
        }
        if parse_timing(line).is_some() {
            timings += 1;
        } else if timings > 0 && block_start && lines.peek().is_none_or(|next| parse_timing(next).is_none()) {
            return false;
        }
        block_start = false;
    }
    timings >= 2
}

/// A transcript document laid out as cues ([`is_cue_layout`]) as turns: the text above the first
/// cue as written, then a paragraph per turn as subtitles give.
pub(crate) fn import_cue_document(text: &str) -> Result<Read, ImportError> {
    // Where the first cue starts: its time line, or the cue number just above it.
    let (mut offset, mut previous) = (0, None);
    for line in text.split('\n') {
        if parse_timing(line).is_some() {
            break;
        }
        let number = !line.trim().is_empty() && line.trim().bytes().all(|b| b.is_ascii_digit());
        previous = number.then_some(offset);
        offset += line.len() + 1;
    }
    let (above, cues) = text.split_at(previous.unwrap_or(offset).min(text.len()));
    let mut out = Writer::default();
    if !above.trim().is_empty() {
        out.push(above.trim())?;
    }
    let (out, _) = read_cues(cues, Flavour::Document, out)?;
    let Writer { text, turns, .. } = out;
    Ok(Read { text, turns, warnings: Vec::new() })
}

/// The cues of `text` written into `out` as turns; also how many cues there were.
fn read_cues(text: &str, flavour: Flavour, mut out: Writer) -> Result<(Writer, usize), ImportError> {
    // Pass 1: which `Name:` prefixes recur. A recording has a handful of speakers: past
    // MAX_NAMES distinct names no new one is counted, so a hostile file cannot grow the table.
    const MAX_NAMES: usize = 10_000;
    let mut prefix_counts: std::collections::HashMap<String, u8> = std::collections::HashMap::new();
    for cue in cues(text, flavour) {
        if let Some(name) = cue.payload.first().and_then(|l| prefix_name(&clean(l))) {
            if let Some(n) = prefix_counts.get_mut(&name) {
                *n = n.saturating_add(1);
            } else if prefix_counts.len() < MAX_NAMES {
                prefix_counts.insert(name, 1);
            }
        }
    }
    let is_prefix_speaker = |name: &str| super::speakers::is_speaker_tag(name) || prefix_counts.get(name) >= Some(&2);

    // Pass 2: cues into turns, written straight into the text.
    let mut cue_count = 0usize;
    let mut previous_last_line = String::new();
    for cue in cues(text, flavour) {
        cue_count += 1;
        let mut lines: Vec<&str> = cue.payload.clone();
        // YouTube's rolling captions: the previous cue's last line comes again first (or alone,
        // in a cue of a few milliseconds).
        if !previous_last_line.is_empty()
            && (lines.len() > 1 || cue.end_ms - cue.start_ms < 100)
            && lines.first().is_some_and(|l| clean(l) == previous_last_line)
        {
            lines.remove(0);
        }
        if let Some(last) = cue.payload.iter().rev().map(|l| clean(l)).find(|l| !l.is_empty()) {
            previous_last_line = last;
        }
        // A document's cue names its speaker on the line after the times.
        let named = match lines.as_slice() {
            [first, _, ..] if flavour == Flavour::Document => Some(clean(first)).filter(|n| name_line(n)),
            _ => None,
        };
        if named.is_some() {
            lines.remove(0);
        }
        for (voice, words) in voiced_segments(&lines.join("\n")) {
            let (speaker, words) = match voice.or_else(|| named.clone()) {
                Some(v) => (Some(v), words),
                None => match prefix_name(&words) {
                    Some(name) if is_prefix_speaker(&name) => {
                        let rest = words.split_once(':').map_or("", |(_, r)| r).trim().to_string();
                        (Some(name), rest)
                    }
                    _ => (None, words),
                },
            };
            out.add(speaker, cue.start_ms, cue.end_ms, &words)?;
        }
    }
    Ok((out, cue_count))
}

/// One cue: its start and end in milliseconds and its text lines (with tags and entities).
struct Cue<'a> {
    start_ms: u64,
    end_ms: u64,
    payload: Vec<&'a str>,
}

/// The cues of a subtitle text, in order: blocks whose first or second line is a timing line.
/// Other blocks (the WEBVTT header, NOTE, STYLE, REGION, junk) are skipped. A WebVTT cue ends at
/// an empty line (YouTube puts lines of one space inside cues); a SubRip cue also at a line of
/// spaces; either ends before a line that is itself a timing line.
fn cues(text: &str, flavour: Flavour) -> impl Iterator<Item = Cue<'_>> {
    let mut lines = text.split('\n').peekable();
    let ends_block = move |l: &str| match flavour {
        Flavour::WebVtt => l.is_empty(),
        Flavour::SubRip | Flavour::Document => l.trim().is_empty(),
    };
    std::iter::from_fn(move || {
        loop {
            while lines.peek().is_some_and(|l| l.trim().is_empty()) {
                lines.next();
            }
            let first = lines.next()?;
            let timing = if first.contains("-->") {
                Some(first)
            } else if lines.peek().is_some_and(|l| l.contains("-->")) {
                lines.next() // `first` was a cue number or identifier
            } else {
                None
            };
            let mut payload = Vec::new();
            while let Some(l) = lines.next_if(|l| !ends_block(l) && parse_timing(l).is_none()) {
                payload.push(l);
            }
            if let Some((start_ms, end_ms)) = timing.and_then(parse_timing) {
                return Some(Cue { start_ms, end_ms, payload });
            }
        }
    })
}

/// "00:01:02.500 --> 00:01:04,000 align:start" -> (62500, 64000).
fn parse_timing(line: &str) -> Option<(u64, u64)> {
    let (a, b) = line.split_once("-->")?;
    let start = parse_cue_time(a.trim())?;
    let end = parse_cue_time(b.split_whitespace().next()?)?;
    Some((start, end.max(start)))
}

/// "01:02:03.456", "02:03.456" (WebVTT) or "01:02:03,456" (SubRip) to milliseconds: both
/// formats always separate hours, minutes and seconds by colons.
fn parse_cue_time(s: &str) -> Option<u64> {
    if s.contains(':') { crate::core::text::parse_clock(s) } else { None }
}

/// A cue's text split by WebVTT voice: `(Some(name), words)` inside `<v name>…</v>`, `(None,
/// words)` outside; tags stripped, entities decoded, white space (line breaks too) collapsed.
fn voiced_segments(payload: &str) -> Vec<(Option<String>, String)> {
    let mut segments: Vec<(Option<String>, String)> = Vec::new();
    let mut voice: Option<String> = None;
    let mut words = String::new();
    let flush = |segments: &mut Vec<(Option<String>, String)>, voice: &Option<String>, words: &mut String| {
        let w = collapse(&decode_entities(words));
        if !w.is_empty() {
            segments.push((voice.clone(), w));
        }
        words.clear();
    };
    let mut rest = payload;
    while let Some(open) = rest.find('<') {
        words.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // A lone "<" is text.
            words.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if let Some(v) = tag.strip_prefix('v').filter(|t| t.starts_with([' ', '.', '\t'])) {
            flush(&mut segments, &voice, &mut words);
            // `<v.loud Anna Jansen>`: classes after dots, then the name.
            let name = v.trim_start_matches(|c: char| c != ' ' && c != '\t');
            let name = collapse(&decode_entities(name));
            voice = (!name.is_empty()).then_some(name);
        } else if tag == "/v" {
            flush(&mut segments, &voice, &mut words);
            voice = None;
        } else if tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/') {
            // <i>, </i>, <b>, <u>, <c.yellow>, <ruby>, <lang en>, <00:00:01.500>: dropped.
        } else {
            words.push('<');
            words.push_str(tag);
            words.push('>');
        }
    }
    words.push_str(rest);
    flush(&mut segments, &voice, &mut words);
    segments
}

/// A line without tags and entities, white space collapsed (for comparing rolling captions).
fn clean(line: &str) -> String {
    voiced_segments(line).into_iter().map(|(_, w)| w).collect::<Vec<_>>().join(" ")
}

/// The name of a "Name: words" prefix if it looks like one ([`looks_like_name`]).
fn prefix_name(words: &str) -> Option<String> {
    let (name, rest) = words.split_once(':')?;
    let name = name.trim();
    (looks_like_name(name) && !rest.starts_with("//")).then(|| collapse(name))
}

/// A letter first, at most five words and 40 characters, no sentence punctuation: "Anna Jansen",
/// "de Vries, Pieter", "Smit, Sanne (Gast)".
fn looks_like_name(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_alphabetic)
        && name.chars().count() <= 40
        && name.split_whitespace().count() <= 5
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | ',' | '(' | ')'))
}

/// A cue line that names its speaker: a name ([`looks_like_name`]) that does not end a sentence
/// ("Goedemorgen." in a cue of two lines is words).
fn name_line(line: &str) -> bool {
    looks_like_name(line) && !line.ends_with(['.', ','])
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the character references subtitles use: the named ones WebVTT defines and numeric
/// ones; anything else stays as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..].find(';').filter(|&n| n <= 10).and_then(|n| {
            let name = &rest[1..1 + n];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some('\u{a0}'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lrm" => Some('\u{200e}'),
                "rlm" => Some('\u{200f}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32)
                    // "&#13;" would change the text's line ends after the turns were placed.
                    .filter(|c| !c.is_control()),
            };
            c.map(|c| (c, n + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// "[01:02:03]" for a start time.
fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("[{:02}:{:02}:{:02}]", s / 3600, s / 60 % 60, s % 60)
}

/// Builds the document text and its turns as cues arrive.
#[derive(Default)]
struct Writer {
    text: String,
    /// Characters in `text` (turn offsets are characters).
    chars: usize,
    turns: Vec<DetectedTurn>,
    /// The speaker of the paragraph being written (`None` for unvoiced text), and its end time.
    open: Option<(Option<String>, u64)>,
    /// One shared tag per speaker, not a copy per turn.
    speakers: crate::core::SpeakerPool,
}

impl Writer {
    fn push(&mut self, s: &str) -> Result<(), ImportError> {
        self.text.push_str(s);
        self.chars += s.chars().count();
        super::check_text_size(self.text.len())
    }

    /// Adds one cue's words of `speaker` (None: unnamed, continuing the current speaker if any).
    fn add(&mut self, speaker: Option<String>, start_ms: u64, end_ms: u64, words: &str) -> Result<(), ImportError> {
        if words.is_empty() {
            return Ok(());
        }
        let continues = match (&self.open, &speaker) {
            (Some((Some(current), _)), Some(s)) => current == s,
            (Some((Some(_), _)), None) => true,
            (Some((None, last_end)), None) => start_ms < last_end + PARAGRAPH_PAUSE_MS,
            _ => false,
        };
        if continues {
            self.push(" ")?;
            self.push(words)?;
            if let Some(t) = self.turns.last_mut().filter(|_| matches!(self.open, Some((Some(_), _)))) {
                t.end = self.chars;
            }
            if let Some((_, end)) = &mut self.open {
                *end = end_ms;
            }
            return Ok(());
        }
        if !self.text.is_empty() {
            self.push("\n\n")?;
        }
        let start = self.chars;
        self.push(&clock(start_ms))?;
        self.push(" ")?;
        if let Some(s) = &speaker {
            if self.turns.len() >= MAX_TURNS {
                return Err(ImportError::TooManyTurns { limit: MAX_TURNS });
            }
            self.push(s)?;
            self.push(": ")?;
        }
        self.push(words)?;
        if let Some(s) = &speaker {
            let speaker = self.speakers.get(s);
            self.turns.push(DetectedTurn { start, end: self.chars, speaker, start_ms: Some(start_ms) });
        }
        self.open = Some((speaker, end_ms));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_times_in_both_notations() {
        assert_eq!(parse_cue_time("00:01:02.500"), Some(62_500));
        assert_eq!(parse_cue_time("01:02.5"), Some(62_500));
        assert_eq!(parse_cue_time("1:00:00,001"), Some(3_600_001));
        assert_eq!(parse_cue_time("00:61:00.000"), None);
        assert_eq!(parse_timing("00:00:01.000 --> 00:00:04.000 align:start position:10%"), Some((1_000, 4_000)));
    }

    #[test]
    fn tags_are_stripped_and_entities_decoded() {
        // `&nbsp;` is a space like any other to a coder searching the text.
        assert_eq!(
            voiced_segments(
                "<v.loud Anna  Jansen><i>Fish</i> &amp; chips &lt;3</v> <c.yellow>ok</c>&nbsp;&#39;x&#x27;"
            ),
            [(Some("Anna Jansen".to_string()), "Fish & chips <3".to_string()), (None, "ok 'x'".to_string())]
        );
        assert_eq!(voiced_segments("a < b and c&d; &bogus;"), [(None, "a < b and c&d; &bogus;".to_string())]);
        assert_eq!(
            voiced_segments("<00:00:01.500><c> so</c><00:00:02.000><c> yes</c>"),
            [(None, "so yes".to_string())]
        );
    }

    #[test]
    fn a_name_prefix_looks_like_a_name() {
        assert_eq!(prefix_name("Anna Jansen: hallo"), Some("Anna Jansen".into()));
        assert_eq!(prefix_name("see https://x.org"), None);
        assert_eq!(prefix_name("Well, what I mean is this, you know, really: no"), None);
    }
}
