//! Speaker turns in transcripts: `R3:`, `I:`, `Interviewer:`, `Respondent 2:`, `[id1]`, and
//! timestamped forms like `*0:0 = I1:` or `[00:01:23] R1:`.
//!
//! A turn starts at a line that begins with a tag and runs to the next such line. Short codes
//! (`R3`, `I`, `M1`, `[id1]`) and the usual role words are always tags; any other word before a
//! colon or in brackets (a name such as `Jan:`) counts only when it starts at least two lines, so
//! an ordinary sentence like "Kortom: ..." or a `[Notes]` heading does not become a speaker.

use super::DetectedTurn;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

const ROLE_WORDS: &[&str] = &[
    "interviewer", "interviewee", "respondent", "int", "onderzoeker", "geïnterviewde", "moderator",
    "facilitator", "spreker", "speaker", "participant", "deelnemer",
];

fn patterns() -> &'static (Regex, Regex) {
    static P: OnceLock<(Regex, Regex)> = OnceLock::new();
    P.get_or_init(|| {
        // An optional timestamp (`00:01:23`, `[0:12]`, `*0:0 =`), then `[tag]` or `tag:`.
        let ts = r"(?:\*?\s*\[?\(?\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d+)?\)?\]?\s*=?\s*)?";
        let bracket = Regex::new(&format!(r"^\s*{ts}\[([A-Za-z][A-Za-z0-9_-]{{0,15}})\]")).expect("valid regex");
        let colon = Regex::new(&format!(r"^\s*{ts}([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ]{{0,19}}(?: ?\d{{1,3}})?)\s*:(?:\s|$)")).expect("valid regex");
        (bracket, colon)
    })
}

fn is_code_tag(tag: &str) -> bool {
    let letters = tag.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &tag[letters..];
    (1..=3).contains(&letters) && rest.chars().all(|c| c.is_ascii_digit()) && rest.len() <= 3
}

fn is_role(tag: &str) -> bool {
    let word = tag.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ').to_lowercase();
    ROLE_WORDS.contains(&word.as_str())
}

pub fn detect_speakers(text: &str) -> Vec<DetectedTurn> {
    let (bracket, colon) = patterns();
    // (char offset of line start, tag, whether the tag is trusted on its own)
    let mut candidates: Vec<(usize, String, bool)> = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if let Some(c) = bracket.captures(line) {
            let tag = c[1].to_string();
            let trusted = tag.chars().any(|c| c.is_ascii_digit()) || is_role(&tag);
            candidates.push((offset, tag, trusted));
        } else if let Some(c) = colon.captures(line) {
            let tag = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
            let trusted = is_code_tag(&tag) || is_role(&tag);
            candidates.push((offset, tag, trusted));
        }
        offset += line.chars().count() + 1;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, tag, _) in &candidates {
        *counts.entry(tag.as_str()).or_default() += 1;
    }
    let starts: Vec<&(usize, String, bool)> =
        candidates.iter().filter(|(_, tag, trusted)| *trusted || counts[tag.as_str()] >= 2).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut turns = Vec::new();
    for (i, (start, tag, _)) in starts.iter().enumerate() {
        let mut end = starts.get(i + 1).map_or(chars.len(), |n| n.0);
        while end > *start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        if end > *start {
            turns.push(DetectedTurn { start: *start, end, speaker: tag.clone() });
        }
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(t: &str) -> Vec<String> {
        detect_speakers(t).into_iter().map(|t| t.speaker).collect()
    }

    #[test]
    fn tags_of_every_common_form() {
        assert_eq!(speakers("I: Vraag?\nR3: Antwoord.\n"), ["I", "R3"]);
        assert_eq!(speakers("Interviewer: a\nRespondent 2: b\n"), ["Interviewer", "Respondent 2"]);
        assert_eq!(speakers("[id1] hello\n\n[id2] hi\n"), ["id1", "id2"]);
        assert_eq!(speakers("*0:0 = I1: vraag\n*0:12 = R1: antwoord\n"), ["I1", "R1"]);
        assert_eq!(speakers("[00:01:23] I: vraag\n00:02:01 M1: antwoord\n"), ["I", "M1"]);
    }

    #[test]
    fn names_count_only_when_they_recur_and_sentences_with_colons_do_not() {
        assert_eq!(speakers("Kortom: dat is het.\nJan: ja\nPiet: nee\nJan: toch wel\n"), ["Jan", "Jan"]);
    }

    #[test]
    fn a_turn_runs_to_the_next_tag_without_trailing_blank_lines() {
        let t = "Intro\nI: a\nvervolg\n\nR1: b\n";
        let turns = detect_speakers(t);
        assert_eq!(turns.len(), 2);
        let s: String = t.chars().skip(turns[0].start).take(turns[0].end - turns[0].start).collect();
        assert_eq!(s, "I: a\nvervolg");
        assert_eq!(turns[1].end, t.chars().count() - 1);
    }
}
