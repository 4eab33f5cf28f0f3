//! Speaker-turn detection. Interview transcripts mark who speaks with a tag at the start of a
//! line ("R3:", "I:", "Interviewer:", "[id1]", "00:01:23 R1:"); a coder wants each turn as a
//! ready-made segment. This finds the turns so that import can offer them.
//!
//! A turn starts at a line whose beginning is a tag and runs until the next tag line or the end
//! of the text. `start` is the start of the tag line; `end` excludes trailing white space
//! (newlines, blank lines) before the next turn.
//!
//! Tags accepted anywhere: short codes of 1–3 letters plus 1–3 digits ("R3", "A2", "id1",
//! "I1"), a single capital letter ("I", "R", "B"), and role words with an optional number
//! ("Interviewer", "Respondent 3", "Int", "Moderator", Dutch/German equivalents). Other
//! capitalised names and letter codes ("Jan:", "Marie-Claire:", "[Jan]", "IV:") count only if the same tag starts at
//! least two lines, so that "Note: ..." once in a text does not start a turn. A tag ends with
//! ":" or a tab (two-column transcripts from Word tables); bracketed tags need neither. An
//! optional timestamp may precede the tag: "00:01:23 R1:", "[00:01:23] I:", "*0:0 = I1:".

use super::DetectedTurn;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static LINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^[\ \t]*
        (?: [\[(]? \*? \d{1,2}:\d{1,2} (?::\d{1,2})? (?:[.,-]\d{1,3})? [\])]? [\ \t]* (?:=[\ \t]*)? )?
        (?: \[ (?P<b>[^\]\n:]{1,30}) \]
          | (?P<c>[^:\t\n\[\]]{1,40}?) [\ ]* [:\t] )",
    )
    .expect("valid regex")
});

static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            [a-z]{1,3}\d{1,3}
          | (?-i:[A-Z])
          | (?:interviewer(?:in)?|interviewee|interviewster|respondent(?:e|in)?|participant(?:e)?
              |moderator(?:in)?|facilitator|speaker|spreker|int|resp|befragte[rn]?|geïnterviewde
              |deelnemer|onderzoeker|researcher|teilnehmer(?:in)?|proband(?:in)?|sprecher(?:in)?)
            (?:\ ?\d{1,3})?
        )$",
    )
    .expect("valid regex")
});

static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}\p{M}'’.\-]*(?: [\p{L}\p{M}'’.\-]+){0,2}$").expect("valid regex"));

#[derive(PartialEq)]
enum Strength {
    Strong,
    /// Accepted only if it recurs.
    Name,
}

fn classify(tag: &str) -> Option<Strength> {
    if STRONG.is_match(tag) {
        Some(Strength::Strong)
    } else if tag.chars().count() <= 30 && NAME.is_match(tag) {
        Some(Strength::Name)
    } else {
        None
    }
}

/// The tag at the start of `line`, normalised, if any.
fn line_tag(line: &str) -> Option<(String, Strength)> {
    let caps = LINE_TAG.captures(line)?;
    let raw = caps.name("b").or_else(|| caps.name("c"))?.as_str();
    let tag = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if tag.is_empty() {
        return None;
    }
    let strength = classify(&tag)?;
    Some((tag, strength))
}

/// Finds speaker turns in `text` (character offsets; see the module docs for the rules).
pub fn detect_speakers(text: &str) -> Vec<DetectedTurn> {
    // Pass 1: candidate tag lines (byte offset of the line start).
    let mut candidates: Vec<(usize, String, Strength)> = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if let Some((tag, strength)) = line_tag(line) {
            candidates.push((offset, tag, strength));
        }
        offset += line.len() + 1;
    }
    let mut name_counts: HashMap<&str, usize> = HashMap::new();
    for (_, tag, s) in &candidates {
        if *s == Strength::Name {
            *name_counts.entry(tag.as_str()).or_default() += 1;
        }
    }
    let starts: Vec<(usize, &str)> = candidates
        .iter()
        .filter(|(_, tag, s)| *s == Strength::Strong || name_counts[tag.as_str()] >= 2)
        .map(|(b, tag, _)| (*b, tag.as_str()))
        .collect();

    // Pass 2: byte ranges -> character offsets, in one sweep.
    let mut turns = Vec::with_capacity(starts.len());
    let mut counter = CharCounter { text, byte: 0, chars: 0 };
    for (i, (start, tag)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map(|(b, _)| *b).unwrap_or(text.len());
        let end = start + text[*start..next].trim_end().len();
        let start_c = counter.chars_at(*start);
        let end_c = counter.chars_at(end);
        turns.push(DetectedTurn { start: start_c, end: end_c, speaker: tag.to_string() });
    }
    turns
}

/// Converts increasing byte offsets to character offsets without rescanning.
struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl CharCounter<'_> {
    fn chars_at(&mut self, byte: usize) -> usize {
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::slice_chars;

    fn speakers(text: &str) -> Vec<String> {
        detect_speakers(text).into_iter().map(|t| t.speaker).collect()
    }

    #[test]
    fn code_tags_and_ranges() {
        let text = "Intro line\nI: Hoe gaat het?\nR3: Goed, één ding:\nnog een regel\n\nI: Dank je.\n";
        let turns = detect_speakers(text);
        assert_eq!(turns.len(), 3);
        assert_eq!(turns[0].speaker, "I");
        assert_eq!(slice_chars(text, turns[0].start, turns[0].end), "I: Hoe gaat het?");
        assert_eq!(turns[1].speaker, "R3");
        assert_eq!(slice_chars(text, turns[1].start, turns[1].end), "R3: Goed, één ding:\nnog een regel");
        assert_eq!(slice_chars(text, turns[2].start, turns[2].end), "I: Dank je.");
    }

    #[test]
    fn role_words_brackets_and_timestamps() {
        let text = "Interviewer: a\nRespondent 3: b\nInt: c\n[id1] d\n*0:0 = I1: e\n00:01:23 R1: f\n[00:01:23] I: g\nA2: h\nM1:\ti";
        assert_eq!(speakers(text), ["Interviewer", "Respondent 3", "Int", "id1", "I1", "R1", "I", "A2", "M1"]);
    }

    #[test]
    fn names_need_to_recur() {
        assert!(speakers("Jan: hallo\nNote: this is a sentence.\nNB: once\n").is_empty());
        assert_eq!(speakers("IV: a\nIP: b\nIV: c\nIP: d"), ["IV", "IP", "IV", "IP"]);
        assert_eq!(speakers("Jan: hallo\nPiet: hoi\nJan: hoe is het?\n"), ["Jan", "Jan"]);
        assert!(speakers("Dit is gewoon een zin: met een dubbele punt.\n10:30 we met\n[laughs] ja").is_empty());
    }

    #[test]
    fn tab_separated_speaker_column() {
        assert_eq!(speakers("I\tHoe was het?\nR1\tGoed.\n"), ["I", "R1"]);
    }

    #[test]
    fn offsets_are_chars_not_bytes() {
        let text = "Ëén intro\nI: ‘één’\nR: ja";
        let turns = detect_speakers(text);
        assert_eq!(turns[0].start, 10);
        assert_eq!(slice_chars(text, turns[1].start, turns[1].end), "R: ja");
        assert_eq!(turns[1].end, text.chars().count());
    }
}
