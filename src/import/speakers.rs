//! Speaker-turn detection. Interview transcripts mark who speaks with a tag at the start of a
//! line ("R3:", "I:", "Interviewer:", "[id1]", "00:01:23 R1:"); a coder wants each turn as a
//! ready-made segment, its start time, and to know which speakers are the interviewers. This
//! finds the turns, the times and proposes a role per speaker so that import can offer them.
//!
//! A turn starts at a line whose beginning is a tag and runs until the next tag line, a boundary
//! (a legend line, a table header) or the end of the text. `start` is the start of the tag line;
//! `end` excludes trailing white space (newlines, blank lines) before the next turn.
//!
//! Tags accepted anywhere: short codes of 1–3 letters plus 1–3 digits ("R3", "A2", "id1",
//! "I1"), a single capital letter ("I", "R", "B"), and role words with an optional number
//! ("Interviewer", "Respondent 3", "Int", "Moderator", Dutch/German equivalents). Other
//! capitalised names and letter codes ("Jan:", "Marie-Claire:", "[Jan]", "IV:") count only if the same tag starts at
//! least two lines, so that "Note: ..." once in a text does not start a turn, or once where the
//! line before calls on them by name ("And Tom, what do you do?" / "Tom: …"); so do a
//! deposition's "Q." and "A.", so that an initial does not. Names in scripts without capitals
//! (Arabic, Hebrew, Chinese) count as names. A tag ends with ":", a full-width "：" or a tab
//! (two-column transcripts from Word tables, a bold name in Word); bracketed tags need neither.
//! Line numbers before the tags ("12  I: …") are read past when most lines have one. A tag
//! alone on its line ("RESEARCHER", "[00:10] PARTICIPANT") starts a turn whose words follow on
//! the next lines, provided it is a role word or written in capitals.
//!
//! Transcription tools put the speaker and the time on a line of their own, the time after two
//! or more spaces or a tab, the words on the next lines: Otter ("Speaker 1  0:05"), Microsoft
//! Teams ("Jansen, Anna   0:03", also in its Word download). Such a line starts a turn when the
//! transcript has at least two of them; the tool's own notes ("… started transcription", Otter's
//! "Transcribed by" footer) end a turn and belong to nobody.
//!
//! Bracketed or parenthesised non-speech ("[laughs]", "[Alle griner lidt]", "(inaudible)",
//! "[Deleted to preserve anonymity]") is never a speaker: a bracketed tag is one word (or a role
//! word with a number) and not a known stage direction.
//!
//! Timestamps before the tag, between the tag and its colon ("MOD [00:00:10]:", Rev's
//! "Jan de Vries (00:00:05):") or after a tag alone on its line ("INT [00:00:12]"), are parsed into the turn's start time and left in the text as
//! written: "00:01:23 R1:", "[00:01:23] I:", "1:40 I:", "*0:0 = I1:", "*1.01.35 = K:" (h.mm.ss),
//! "5.00<TAB>Y:" (m.ss, tab-separated time/speaker/text rows), "#00:01:02-5#" (f4/f5, also at
//! the end of the previous turn, where f4 puts it by default).
//!
//! A legend at the top ("I1: Interviewer 1", "M: Mand", in nl/en/de/da/no/sv/fr) is not made of
//! turns; it gives its speakers their roles. So does a header block whose lines have a role word
//! as their tag ("Interviewer: Jan de Vries (JV)", "Geïnterviewde: wethouder (W2)"): those lines
//! are no turns, and a speaker tag named in them, or in a legend written as a sentence
//! ("Sprekers: Interviewer = Jan de Vries (JV); Respondent = … (R3)"), gets the role beside it,
//! as does a tag with its role in parentheses where it first speaks ("I (Interviewer): …"). A
//! name in parentheses belongs to the speaker ("Interviewer (Jan):"); anything else there is
//! what they do ("R1 (lacht):" is R1).
//! Speakers without a legend entry get a role from
//! their tag ("I", "Interviewer", "Q", "R", "B") or, failing that, from evidence (who asks the
//! questions, who speaks briefly, who speaks first; a second moderator "M2" numbered like the
//! first): a proposal the user confirms at import.
//!
//! Hand-written: no crate knows transcript conventions; the rules are tested line by line below
//! and on real-style transcripts in tests/fixtures/transcripts.

use super::{DetectedTurn, Notice, Warning};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// One timestamp as transcribers write it (see the module docs); the captures are parsed by
/// [`parse_time`].
const TIME: &str = r"(?:
    \#\d{1,2}:\d{2}:\d{2}(?:-\d{1,3})?\#
  | [\[(]?\*?(?:\d{1,2}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?[\])]?
  | [\[(]?\*?\d{1,2}\.\d{2}(?:\.\d{2})?[\])]?
)";

static LINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^[\ \t]*
        (?: (?P<t>{TIME}) [\ \t]* (?:=[\ \t]*)? )?
        (?: \[ (?P<b>[^\]\n:]{{1,30}}) \] [\ \t]* :?
          | (?P<c>[^:：\t\n\[\]()]{{1,40}}?) [\ ]*
            (?: \( (?P<paren>[^()\n:]{{1,30}}) \) [\ ]* )?
            (?: (?P<after>{TIME}) [\ ]* )? [:：\t] )"
    ))
    .expect("valid regex")
});

/// A label alone on its line, optionally after or before a timestamp: "RESEARCHER", "[00:10]
/// SPEAKER 2", "INT [00:00:12]".
static OWN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^[\ \t]* (?: (?P<t>{TIME}) [\ \t]* )? (?P<c>\p{{L}}[\p{{L}}\d\ .'’\-]{{0,29}}?)
        (?: [\ \t]+ (?P<after>{TIME}) )? [\ \t]*$"
    ))
    .expect("valid regex")
});

/// A speaker and the time they start, alone on a line, as transcription tools write them: Otter
/// ("Speaker 1  0:05", "Anna Jansen  1:02:03"), Microsoft Teams ("Jansen, Anna   0:03",
/// "de Vries, Pieter<TAB>0:07", "Bakker, Sanne (Guest)   12:10") and a transcript saved in a Zoom
/// meeting ("[Anna Jansen] 10:01:02"). The time follows after two or more spaces or a tab, or
/// after the bracketed name; the words are on the next lines. A PDF of such a transcript keeps
/// one space before the time (`gap`): a name is then a speaker only if it recurs, as a name
/// before a colon must.
static NAME_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^[\ \t]*
        (?: \[ (?P<b>\p{L}[\p{L}\p{M}\d\ ,.'’\-()]{0,59}) \] [\ \t]+
          | (?P<c>\p{L}[\p{L}\p{M}\d\ ,.'’\-()]{0,59}?) (?P<gap>\ {2,}|\ *\t[\ \t]*|\ ) )
        (?P<t>\d{1,2}:\d{2}(?::\d{2})?) [\ \t]*$",
    )
    .expect("valid regex")
});

/// A line with nothing but a name ("Jansen, Anna") and the line under it nothing but a time
/// ("0:03", "1:02:15"): how a transcript copied from Teams' or Stream's transcript pane names who
/// speaks and when.
static NAME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\ \t]*(?P<c>\p{L}[\p{L}\p{M}\d\ ,.'’\-()]{0,59}?)[\ \t]*$").expect("valid regex"));
static TIME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\ \t]*(?P<t>\d{1,2}:\d{2}(?::\d{2})?)[\ \t]*$").expect("valid regex"));

/// Lines a transcription tool adds that are nobody's words: they end the turn before them
/// ("Anna Jansen started transcription", "… heeft de transcriptie gestopt", Otter's footer).
static TOOL_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\ \t]*(?:
            transcribed\ by\ \S*otter\.ai\S*
          | .{1,60}\ (?:started|stopped)\ transcription
          | .{1,60}\ heeft\ de\ transcriptie\ (?:gestart|gestopt|beëindigd)
          | .{1,60}\ hat\ die\ transkription\ (?:gestartet|beendet|gestoppt)
        )[\ \t.]*$",
    )
    .expect("valid regex")
});

/// Whether `line` is a [`TOOL_NOTE`]. Every note names the transcription ("transc…", "transk…")
/// within its first 61 characters and a few words (past the spaces it starts with), so only lines
/// that do there are matched: the pattern's `.{1,60}` makes a large automaton, slow to run over
/// every line of a long transcript, and Dutch answers are full of "t" and of "transparantie".
/// ASCII letters are looked for in either case; a non-ASCII byte where "s" or "c"/"k" stands may
/// be a letter that folds to them (ſ, the Kelvin sign), and is left to the pattern.
fn is_tool_note(line: &str) -> bool {
    // Where its "t" can stand at most: after 60 characters of 4 bytes and " heeft de ".
    const WHERE_IT_NAMES_IT: usize = 60 * 4 + 10;
    let bytes = line.trim_start_matches([' ', '\t']).as_bytes();
    let is = |at: usize, letters: &[u8]| {
        bytes.get(at).is_some_and(|b| !b.is_ascii() || letters.iter().any(|l| b.eq_ignore_ascii_case(l)))
    };
    let window = &bytes[..bytes.len().min(WHERE_IT_NAMES_IT + 1)];
    let names_transcription = memchr::memchr2_iter(b't', b'T', window).any(|i| {
        bytes.get(i + 1..i + 4).is_some_and(|w| w.eq_ignore_ascii_case(b"ran"))
            && is(i + 4, b"s")
            && (!bytes[i + 4].is_ascii() || is(i + 5, b"ck"))
    });
    names_transcription && TOOL_NOTE.is_match(line)
}

/// An f4/f5 timestamp at the end of a line: the time the next turn starts.
static END_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#(\d{1,2}:\d{2}:\d{2}(?:-\d{1,3})?)#\s*$").expect("valid regex"));

/// A line number at the start of a line, as some universities ask transcripts to have ("12  I:
/// …", "12<TAB>I: …"); read past when most lines have one ([`numbered_lines`]).
static LINE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\ \t]*\d{1,5}(?:[\ \t]+|$)").expect("valid regex"));

/// A question or an answer in the style of a deposition: "Q. …", "A. …". A tag only where it
/// recurs, so that an initial ("A. Jansen wrote …") starts no turn.
static DEPOSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\ \t]*(?P<c>[QA])\.[\ \t]+\S").expect("valid regex"));

static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            [a-z]{1,3}\d{1,3}
          | (?-i:[A-Z])
          | (?:interviewer(?:in)?|interviewee|interviewster|respondent(?:e|in)?|participant(?:e)?
              |moderator(?:in)?|facilitator|speaker|spreker|int|resp|befragte[rn]?|geïnterviewde
              |deelnemer|onderzoeker|researcher|teilnehmer(?:in)?|proband(?:in)?|sprecher(?:in)?
              |informant|intervjuer|intervjuare|deltager|deltagare|deltaker|enquêteur|enquêtrice)
            (?:\ ?\d{1,3})?
        )$",
    )
    .expect("valid regex")
});

/// A name: a capital first, or a letter of a script without capitals (Arabic, Hebrew, Chinese).
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Lu}\p{Lo}][\p{L}\p{M}'’.\-]*(?: [\p{L}\p{M}'’.\-]+){0,2}$").expect("valid regex")
});

/// Words that describe an interviewer, in the languages our users transcribe in.
const INTERVIEWER_WORDS: &[&str] = &[
    "interviewer",
    "interviewerin",
    "interviewster",
    "interviewende",
    "interviewerinnen",
    "moderator",
    "moderatorin",
    "moderatrice",
    "facilitator",
    "researcher",
    "onderzoeker",
    "onderzoekster",
    "forscher",
    "forscherin",
    "forsker",
    "forskare",
    "spørger",
    "spørgeren",
    "spørgsmål",
    "intervjuer",
    "intervjuaren",
    "intervjuare",
    "intervjueren",
    "enquêteur",
    "enquêtrice",
    "intervieweur",
    "chercheur",
    "chercheuse",
    "animateur",
    "animatrice",
    "访谈者",
    "访谈人",
    "采访者",
    "访问者",
    "主持人",
    "研究者",
    "المحاور",
    "محاور",
    "المحاورة",
    "الباحث",
    "الباحثة",
    "מראיין",
    "מראיינת",
    "חוקר",
    "חוקרת",
    "מנחה",
];

/// Tags that abbreviate an interviewer ("I", "Q", "Int"); never read in a legend's description.
const INTERVIEWER_TAGS: &[&str] = &["i", "int", "iv", "q", "vraag", "frage", "question", "spm"];

/// Tags that abbreviate someone interviewed ("R", "B" for Befragte, "IP", "A" for answer).
const RESPONDENT_TAGS: &[&str] = &["r", "b", "a", "resp", "ip", "antwoord", "antwort", "answer", "tn", "p"];

/// Words that describe someone interviewed (or a person described by gender or age).
const RESPONDENT_WORDS: &[&str] = &[
    "respondent",
    "respondente",
    "respondentin",
    "interviewee",
    "informant",
    "informantin",
    "participant",
    "participante",
    "deelnemer",
    "deelneemster",
    "geïnterviewde",
    "befragte",
    "befragter",
    "teilnehmer",
    "teilnehmerin",
    "interviewpartner",
    "interviewpartnerin",
    "deltager",
    "deltagare",
    "deltaker",
    "svarsperson",
    "enquêté",
    "enquêtée",
    "répondant",
    "répondante",
    "interviewé",
    "interviewée",
    "mand",
    "kvinde",
    "mann",
    "frau",
    "man",
    "woman",
    "vrouw",
    "kvinne",
    "kvinna",
    "homme",
    "femme",
    "dreng",
    "pige",
    "barn",
    "jongen",
    "meisje",
    "受访者",
    "被访者",
    "受访人",
    "参与者",
    "المشارك",
    "المشاركة",
    "مشارك",
    "المستجيب",
    "מרואיין",
    "מרואיינת",
    "משתתף",
    "משתתפת",
];

/// Words that describe someone present whose words are not data.
const IGNORE_WORDS: &[&str] = &[
    "observer",
    "observateur",
    "observatrice",
    "observator",
    "observatør",
    "observatör",
    "beobachter",
    "beobachterin",
    "notulist",
    "notetaker",
    "tolk",
    "interpreter",
    "dolmetscher",
    "dolmetscherin",
    "interprète",
    "transcriber",
    "transcriptor",
];

/// Bracketed words that are stage directions, not speakers ("[Laughs]" can recur).
const NON_SPEECH: &[&str] = &[
    "laughs",
    "laughter",
    "laughing",
    "laugh",
    "pause",
    "inaudible",
    "unclear",
    "crosstalk",
    "silence",
    "noise",
    "sighs",
    "coughs",
    "applause",
    "music",
    "unintelligible",
    "overlap",
    "overlapping",
    "interruption",
    "lacht",
    "lachen",
    "gelach",
    "stilte",
    "onverstaanbaar",
    "onduidelijk",
    "pauze",
    "zucht",
    "griner",
    "latter",
    "utydeligt",
    "uforståeligt",
    "ler",
    "skratt",
    "skrattar",
    "paus",
    "ohörbar",
    "unverständlich",
    "rires",
    "rire",
    "rit",
    "silencio",
    "risas",
];

/// Column headings of transcript tables ("TID<TAB>PERSON<TAB>UDTALELSE").
const HEADER_WORDS: &[&str] = &[
    "tid",
    "time",
    "tijd",
    "zeit",
    "temps",
    "timestamp",
    "tidskode",
    "tidkode",
    "person",
    "persoon",
    "speaker",
    "spreker",
    "sprecher",
    "taler",
    "talare",
    "locuteur",
    "udtalelse",
    "utterance",
    "text",
    "tekst",
    "transcript",
    "transkript",
    "transcriptie",
    "uttalelse",
    "yttrande",
    "äußerung",
    "texte",
    "who",
    "wie",
    "wer",
    "hvem",
];

/// The role a speaker plays in a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Asks the questions: their turns belong to no respondent.
    Interviewer,
    /// Someone interviewed: their turns are data about a respondent.
    Respondent,
    /// Present but not data (an observer, an interpreter): no respondent.
    Ignore,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Interviewer, Role::Respondent, Role::Ignore];
}

/// Why a role was proposed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleSource {
    /// The transcript's legend describes the tag ("I1: Interviewer 1"); holds the description.
    Legend(String),
    /// The tag itself is a role word or a common abbreviation ("Interviewer", "I", "R").
    Tag,
    /// Guessed from how the speaker talks; holds the reason, for the user to confirm.
    Evidence(Evidence),
}

/// Why a role was guessed: clauses of [`Notice`] ("asks questions in 3 of 5 turns", "speaks
/// first"), said in the reader's language by [`Evidence::say`]; its `Display` is the English.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence(pub Vec<Warning>);

impl Evidence {
    /// The clauses in `lang`, joined by commas.
    pub fn say(&self, lang: crate::core::Lang) -> String {
        self.0.iter().map(|w| w.say(lang)).collect::<Vec<_>>().join(", ")
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(crate::core::Lang::En))
    }
}

/// One speaker of a transcript with its proposed role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedSpeaker {
    pub tag: String,
    pub turns: usize,
    pub role: Role,
    pub source: RoleSource,
}

/// Everything speaker detection finds in a text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Detection {
    pub turns: Vec<DetectedTurn>,
    /// The speakers in order of first appearance.
    pub speakers: Vec<DetectedSpeaker>,
    /// The text has more than [`super::MAX_TURNS`] speaker turns; nothing was detected.
    pub too_many_turns: bool,
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Strength {
    Strong,
    /// Accepted only if it recurs (or is in the legend).
    Name,
    /// A name with a time, alone on its line ([`NAME_TIME`]): accepted when the transcript has
    /// at least two such lines (it is then written by a tool that marks every turn this way).
    Timed,
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

fn word_in(list: &[&str], word: &str) -> bool {
    let w = word.to_lowercase();
    list.contains(&w.as_str())
}

/// A candidate turn start.
#[derive(Debug, PartialEq)]
struct Line<'a> {
    tag: String,
    strength: Strength,
    time_ms: Option<u64>,
    /// What follows the tag on its line.
    rest: &'a str,
    /// A role written in parentheses after the tag ("I (Interviewer):"), read as a legend entry.
    described: Option<&'a str>,
}

/// A timestamp as written ("[00:01:02]", "*1.01.35", "#00:01:02-5#", "5.00") to milliseconds:
/// the transcriber's brackets and marks around it dropped, the clock read by
/// [`crate::core::text::parse_clock`].
fn parse_time(raw: &str) -> Option<u64> {
    crate::core::text::parse_clock(raw.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')' | '*' | '#')))
}

/// Whether a bracketed text may name a speaker: one word (or a role word with a number), and not
/// a stage direction.
fn bracket_may_be_speaker(tag: &str) -> bool {
    (!tag.contains(' ') || STRONG.is_match(tag)) && !word_in(NON_SPEECH, tag)
}

/// The tag at the start of `line`, normalised, if any.
fn line_tag(line: &str) -> Option<Line<'_>> {
    short_tag(line).or_else(|| tag_by_patterns(line))
}

/// The tag line nearly every transcript is made of, "I: …", "R1: …", "INT: …" (one to three
/// letters, up to three digits, a colon, then no digit), read as [`tag_by_patterns`] reads it
/// without running its patterns; `None` for any other line.
fn short_tag(line: &str) -> Option<Line<'_>> {
    let body = line.trim_start_matches([' ', '\t']);
    let b = body.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = b[letters..].iter().take_while(|c| c.is_ascii_digit()).count();
    let colon = letters + digits;
    let simple = (1..=3).contains(&letters) && digits <= 3 && b.get(colon) == Some(&b':');
    if !simple || b.get(colon + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let tag = &body[..colon];
    let strength = classify(tag)?;
    Some(Line { tag: tag.to_string(), strength, time_ms: None, rest: &body[colon + 1..], described: None })
}

/// A tag line by the patterns above: every form of tag, time and description they know.
fn tag_by_patterns(line: &str) -> Option<Line<'_>> {
    // The patterns' captures are worked out only for lines that can match them: a megabyte of
    // answers is mostly lines that cannot ("Q."/"A." first, a time last).
    let first = line.trim_start_matches([' ', '\t']).as_bytes();
    let deposition = first.starts_with(b"Q.") || first.starts_with(b"A.");
    if deposition && let Some(caps) = DEPOSITION.captures(line) {
        let rest = &line[caps.name("c").map_or(0, |c| c.end() + 1)..];
        return Some(Line {
            tag: caps["c"].to_string(),
            strength: Strength::Name,
            time_ms: None,
            rest,
            described: None,
        });
    }
    if ends_with_digit(line)
        && let Some(caps) = NAME_TIME.captures(line)
        && let Some(l) = caps.name("b").or(caps.name("c")).and_then(|c| {
            let one_space = caps.name("gap").is_some_and(|g| g.as_str() == " ");
            timed_name(c.as_str(), &caps["t"])
                .filter(|l| !one_space || l.strength == Strength::Strong || l.tag.split(' ').count() <= 4)
                .map(|l| {
                    if one_space && l.strength == Strength::Timed { Line { strength: Strength::Name, ..l } } else { l }
                })
        })
    {
        return Some(l);
    }
    if let Some(caps) = LINE_TAG.captures(line) {
        let (raw, bracketed) = match (caps.name("b"), caps.name("c")) {
            (Some(b), _) => (b.as_str(), true),
            (_, Some(c)) => (c.as_str(), false),
            _ => return None,
        };
        // "I (Interviewer):" is the speaker "I" described as an interviewer; "Interviewer (Jan):"
        // is a speaker of its own, beside "Interviewer (Anna):"; "R1 (lacht):" is R1 laughing.
        let paren = caps.name("paren").map(|p| p.as_str().trim());
        let described = paren.filter(|p| role_of_words(p).is_some());
        let named =
            paren.filter(|p| described.is_none() && p.starts_with(char::is_uppercase) && !word_in(NON_SPEECH, p));
        let tag = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let strength = classify(&tag);
        let tag = match named {
            Some(p) => format!("{tag} ({p})"),
            None => tag,
        };
        // The colon that ends a tag is no colon inside a time after it ("INT [00:00:12]",
        // "Speaker 2 1:02:03" cut at "1:02"): such a line is a label with its time, read below.
        let end = caps.get(0).map_or(0, |m| m.end());
        if let Some(after) = caps.name("after")
            && (line[end..].starts_with(|c: char| c.is_ascii_digit()) || !closed(after.as_str()))
        {
            return own_line(line);
        }
        let time_ms = caps.name("t").or(caps.name("after")).and_then(|t| parse_time(t.as_str()));
        // What follows the tag is the rest of the line: left out of the pattern, whose captures
        // would otherwise be worked out over every character of every line.
        let rest = caps.get(0).map_or("", |m| &line[m.end()..]);
        let ok = !tag.is_empty() && (!bracketed || bracket_may_be_speaker(&tag));
        if ok && let Some(strength) = strength {
            return Some(Line { tag, strength, time_ms, rest, described });
        }
        if !ok || bracketed {
            return None;
        }
    }
    own_line(line)
}

/// Whether a time's opening bracket, if any, is closed ("[00:00:12]", not "[00:00").
fn closed(time: &str) -> bool {
    match time.chars().next() {
        Some('[') => time.ends_with(']'),
        Some('(') => time.ends_with(')'),
        _ => true,
    }
}

/// A label alone on its line: a role word, or capitals ("RESEARCHER", "JOHN SMITH"), with a time
/// before or after it.
fn own_line(line: &str) -> Option<Line<'_>> {
    let caps = OWN_LINE.captures(line)?;
    let tag = caps.name("c")?.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
    let time_ms = caps.name("t").or(caps.name("after")).and_then(|t| parse_time(t.as_str()));
    let capitals = tag.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && tag.chars().count() >= 2;
    let strength = if STRONG.is_match(&tag) && tag.chars().count() >= 2 {
        Strength::Strong
    } else if capitals && NAME.is_match(&tag) {
        Strength::Name
    } else {
        return None;
    };
    Some(Line { tag, strength, time_ms, rest: "", described: None })
}

/// The speaker of a name written with the time they start ([`NAME_TIME`], [`NAME_ONLY`] over
/// [`TIME_ONLY`]): a name of at most six words and one comma, not a stage direction.
fn timed_name(name: &str, time: &str) -> Option<Line<'static>> {
    let tag = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = tag.split(' ').count() <= 6 && tag.matches(',').count() <= 1 && !tag.ends_with(',');
    if !ok || word_in(NON_SPEECH, &tag) {
        return None;
    }
    let strength = if STRONG.is_match(&tag) { Strength::Strong } else { Strength::Timed };
    Some(Line { time_ms: parse_time(time), tag, strength, rest: "", described: None })
}

/// A name alone on `above`, the time alone on `line` ([`NAME_ONLY`] over [`TIME_ONLY`]).
fn name_over_time(above: &str, line: &str) -> Option<Line<'static>> {
    if !ends_with_digit(line) {
        return None;
    }
    let time = TIME_ONLY.captures(line)?;
    let name = NAME_ONLY.captures(above)?;
    timed_name(&name["c"], &time["t"])
}

/// Whether `line` ends in a digit before any spaces and tabs: a time last on the line
/// ([`NAME_TIME`], [`TIME_ONLY`]) needs one.
fn ends_with_digit(line: &str) -> bool {
    line.trim_end_matches([' ', '\t']).ends_with(|c: char| c.is_ascii_digit())
}

/// A table header row: at least two tab-separated cells, all heading words.
fn is_table_header(line: &str) -> bool {
    // The vectorised search: every line of a transcript is looked through for a tab.
    if memchr::memchr(b'\t', line.as_bytes()).is_none() {
        return false;
    }
    let cells: Vec<&str> = line.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
    cells.len() >= 2 && cells.iter().all(|c| word_in(HEADER_WORDS, c.trim_end_matches(':')))
}

/// The role a description or a tag names, if any ("Interviewer 1" -> interviewer, "Mand" ->
/// respondent).
fn role_of_words(text: &str) -> Option<Role> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != 'ï' && c != 'é')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect();
    if words.iter().any(|w| word_in(IGNORE_WORDS, w)) {
        Some(Role::Ignore)
    } else if words.iter().any(|w| word_in(INTERVIEWER_WORDS, w)) {
        Some(Role::Interviewer)
    } else if words.iter().any(|w| word_in(RESPONDENT_WORDS, w)) {
        Some(Role::Respondent)
    } else {
        None
    }
}

/// The role a tag names by itself: "I", "I1", "Int", "Interviewer 2", "Q" interview; "R3", "B",
/// "Respondent" are interviewed.
fn role_of_tag(tag: &str) -> Option<Role> {
    let tag = tag.trim_end_matches('.'); // "Int.", "Resp."
    let letters: String = tag.chars().filter(|c| c.is_alphabetic()).collect();
    let digits_only_after = tag.trim_start_matches(char::is_alphabetic).trim().chars().all(|c| c.is_ascii_digit());
    if digits_only_after && !letters.is_empty() {
        if word_in(INTERVIEWER_TAGS, &letters) {
            return Some(Role::Interviewer);
        }
        if word_in(RESPONDENT_TAGS, &letters) {
            return Some(Role::Respondent);
        }
        if let Some(r) = role_of_words(&letters) {
            return Some(r);
        }
    }
    role_of_words(tag).filter(|_| tag.split_whitespace().count() <= 2)
}

/// A legend line's description: short, no sentence punctuation.
fn looks_like_description(rest: &str) -> bool {
    let d = rest.trim();
    !d.is_empty()
        && d.chars().count() <= 40
        && d.split_whitespace().count() <= 5
        && !d.contains(['?', '!'])
        && !d.ends_with("...")
        && !d.ends_with('…')
}

/// Whether bold text at the start of a paragraph (`lead`), followed by regular text `next`, is a
/// speaker's name, as word processors' readers ask before they end it with a tab: a word boundary between them, at most four words on one line, and no colon
/// or sentence end of its own. `breaks`: a newline in `next` is a line break, not white space.
pub(super) fn ends_a_bold_tag(lead: &str, next: &str, breaks: bool) -> bool {
    let tag = lead.trim();
    (lead.ends_with(char::is_whitespace) || next.starts_with(char::is_whitespace))
        && !lead.contains('\n')
        && !(breaks && next.contains('\n'))
        && tag.chars().count() <= 40
        && tag.split_whitespace().count() <= 4
        && tag.chars().any(char::is_alphabetic)
        && !tag.ends_with([':', '：', '.', '?', '!', '\t'])
        && !next.trim_start().starts_with([':', '：'])
}

/// Whether `line` holds `name` as a word of its own ("And Tom, what …" names "Tom"): a name
/// that speaks once is a speaker when the line before calls on them.
fn names_word(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether `tag` names a speaker by itself ("Speaker 1", "Interviewer", "R3", "I"), without having
/// to recur.
pub(super) fn is_speaker_tag(tag: &str) -> bool {
    STRONG.is_match(tag)
}

/// The speakers and their proposed roles for turns a reader found itself (subtitles name their
/// speakers): as [`detect`] proposes them, from the tags and from how each speaker talks.
pub(super) fn with_roles(text: &str, turns: Vec<DetectedTurn>) -> Detection {
    // Character offsets back to byte ranges in one forward sweep (turns are in text order).
    let mut bytes = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    let mut next_char = 0; // the character whose byte offset `bytes` yields next
    let mut last = (usize::MAX, 0);
    let mut byte_of = |c: usize| {
        if c != last.0 {
            let b = bytes.nth(c.saturating_sub(next_char)).unwrap_or(text.len());
            next_char = c + 1;
            last = (c, b);
        }
        last.1
    };
    let said: Vec<&str> =
        turns.iter().map(|t| (byte_of(t.start), byte_of(t.end))).map(|(s, e)| &text[s..e.max(s)]).collect();
    let speakers = propose_roles(&turns, &said, &[]);
    Detection { turns, speakers, too_many_turns: false }
}

/// Per line of a text whose paragraphs are not known (a PDF's lines): `Some(bare)` where the line
/// starts a speaker turn as [`detect`] reads tags (one that counts by itself, or a name that starts
/// two or more of the lines), `bare` when the tag is all the line holds.
pub(super) fn turn_starts(lines: &[&str]) -> Vec<Option<bool>> {
    let numbered = numbered_lines(lines.iter().copied());
    let tagged: Vec<Option<Line>> = lines.iter().map(|l| line_tag(unnumbered(l, numbered))).collect();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for l in tagged.iter().flatten().filter(|l| l.strength == Strength::Name) {
        *names.entry(l.tag.as_str()).or_default() += 1;
    }
    tagged
        .iter()
        .map(|t| {
            let l = t.as_ref()?;
            let counts = l.strength != Strength::Name || names[l.tag.as_str()] >= 2;
            counts.then(|| l.rest.trim().is_empty())
        })
        .collect()
}

/// Whether a text numbers its lines: at least three of its lines with text, and four in five,
/// start with a number ([`LINE_NUMBER`]).
fn numbered_lines<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let (mut numbered, mut with_text) = (0usize, 0usize);
    for line in lines.filter(|l| !l.trim().is_empty()) {
        with_text += 1;
        numbered += usize::from(line_number(line).is_some());
    }
    numbered >= 3 && numbered * 5 >= with_text * 4
}

/// `line` without its line number, if the text numbers its lines.
fn unnumbered(line: &str, numbered: bool) -> &str {
    match numbered.then(|| line_number(line)).flatten() {
        Some(end) => &line[end..],
        None => line,
    }
}

/// Where the line number at the start of `line` ([`LINE_NUMBER`]) ends, if it has one. The
/// pattern runs only on a line whose first character after spaces and tabs could be its digit:
/// a transcript's lines are mostly words, and running it on each cost an eighth of the detection
/// (1.57 against 1.38 ms for a million characters).
fn line_number(line: &str) -> Option<usize> {
    // `\d` is any Unicode decimal digit; `is_numeric` admits those and more.
    let first = line.trim_start_matches([' ', '\t']).chars().next()?;
    if !first.is_numeric() {
        return None;
    }
    LINE_NUMBER.find(line).map(|m| m.end())
}

/// The lines of `text` as `text.split('\n')` gives them, found by a vectorised search: a long
/// transcript is split twice.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes()).map(Some).chain([None]).map(move |end| {
        let end = end.unwrap_or(text.len());
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// Finds speaker turns in `text` (character offsets; see the module docs for the rules).
pub fn detect_speakers(text: &str) -> Vec<DetectedTurn> {
    detect(text).turns
}

/// Finds speaker turns, their start times and the speakers' proposed roles.
pub fn detect(text: &str) -> Detection {
    // Pass 1: candidate tag lines and boundaries (byte offset of the line start). A tag line that
    // repeats the previous speaker's tag, with no time and nothing in between that ends a turn,
    // continues that speaker's turn: it is counted (for recurring names) but not kept, so a
    // transcript that tags every paragraph costs one turn per change of speaker, not per line.
    let mut candidates: Vec<(usize, Line, usize)> = Vec::new();
    let mut headers: Vec<usize> = Vec::new();
    let mut end_times: HashMap<usize, u64> = HashMap::new(); // line start -> time at its end
    let mut offset = 0;
    let mut continues: Option<usize> = None; // index of the candidate a same-tag line would continue
    let mut too_many_turns = false;
    let mut above: (usize, &str) = (0, ""); // the line before, and where it starts
    let mut said_before = ""; // the last line with words
    let mut addressed: HashSet<usize> = HashSet::new(); // names the line before them calls by name
    let numbered = numbered_lines(lines(text));
    for full in lines(text) {
        let line = unnumbered(full, numbered);
        // A name over a time line starts its turn at the name; a name that started a turn by
        // itself ("Interviewer") gets the time.
        let tagged = match line_tag(line) {
            Some(l) => Some((offset, l)),
            None => name_over_time(above.1, line).and_then(|l| match candidates.last_mut() {
                Some((at, c, _)) if *at == above.0 => {
                    c.time_ms = c.time_ms.or(l.time_ms);
                    None
                }
                _ => Some((above.0, l)),
            }),
        };
        if is_table_header(line) || is_tool_note(line) || line == super::NOTES_HEADING {
            headers.push(offset);
            continues = None;
        } else if let Some((at, l)) = tagged {
            if l.strength == Strength::Name && names_word(said_before, &l.tag) {
                addressed.insert(at);
            }
            match continues {
                Some(i) if l.time_ms.is_none() && candidates[i].1.tag == l.tag => candidates[i].2 += 1,
                _ if candidates.len() >= super::MAX_TURNS => {
                    too_many_turns = true;
                    break;
                }
                _ => {
                    continues = Some(candidates.len());
                    candidates.push((at, l, 1));
                }
            }
        }
        if line.trim_end().ends_with('#')
            && let Some(c) = END_TIME.captures(line)
            && let Some(ms) = parse_time(&c[1])
        {
            end_times.insert(offset, ms);
            continues = None;
        }
        above = (offset, line);
        if !line.trim().is_empty() {
            said_before = line;
        }
        offset += full.len() + 1;
    }
    if too_many_turns {
        return Detection { too_many_turns, ..Detection::default() };
    }

    // The legend: distinct tags with short descriptions before the first turn, at least one of
    // which names a role.
    let mut legend: Vec<(usize, String, String)> = Vec::new();
    for (b, l, _) in &candidates {
        if !looks_like_description(l.rest) || l.time_ms.is_some() || legend.iter().any(|(_, t, _)| *t == l.tag) {
            break;
        }
        legend.push((*b, l.tag.clone(), l.rest.trim().to_string()));
    }
    // A legend may be all the file holds ("I: Interviewer\nR: Respondent"), when it names only roles.
    let legend_ok = !legend.is_empty()
        && legend.iter().any(|(_, _, d)| role_of_words(d).is_some())
        && (candidates.len() > legend.len() || legend.iter().all(|(_, _, d)| role_of_words(d).is_some()))
        && legend.iter().all(|(_, t, d)| {
            role_of_words(d).is_some()
                || candidates.iter().filter(|(_, l, _)| l.tag == *t).map(|c| c.2).sum::<usize>() > 1
        });
    if !legend_ok {
        legend.clear();
    }
    let mut legend_lines: HashSet<usize> = legend.iter().map(|(b, ..)| *b).collect();
    let legend_tags: HashSet<&str> = legend.iter().map(|(_, t, _)| t.as_str()).collect();
    legend_lines.extend(header_block(&candidates, &legend_lines));

    let mut name_counts: HashMap<&str, usize> = HashMap::new();
    for (b, l, lines) in &candidates {
        if l.strength == Strength::Name && !legend_lines.contains(b) {
            *name_counts.entry(l.tag.as_str()).or_default() += lines;
        }
    }
    let timed_lines = candidates.iter().filter(|(_, l, _)| l.strength == Strength::Timed).count();
    let starts_with = |named: &HashSet<&str>| -> Vec<(usize, &Line)> {
        candidates
            .iter()
            .filter(|(b, ..)| !legend_lines.contains(b))
            .filter(|(b, l, _)| match l.strength {
                Strength::Strong => true,
                Strength::Timed => timed_lines >= 2,
                Strength::Name => {
                    named.contains(l.tag.as_str()) || name_counts[l.tag.as_str()] >= 2 || addressed.contains(b)
                }
            })
            .map(|(b, l, _)| (*b, l))
            .collect()
    };
    // Tags described where they speak ("I (Interviewer): …"), the first description of each.
    let mut described: Vec<(usize, String, String)> = Vec::new();
    for (b, l, _) in &candidates {
        if let Some(d) = l.described
            && !legend_tags.contains(l.tag.as_str())
            && !described.iter().any(|(_, t, _)| *t == l.tag)
        {
            described.push((*b, l.tag.clone(), format!("{} ({d})", l.tag)));
        }
    }
    let mut starts = starts_with(&legend_tags);
    // A legend in prose before the first turn; the speakers it names need not recur ("OBS" once).
    let prose = match starts.first() {
        Some((first, _)) => {
            let mut tags: Vec<&str> = candidates
                .iter()
                .filter(|(b, l, _)| b >= first && !legend_tags.contains(l.tag.as_str()))
                .map(|(_, l, _)| l.tag.as_str())
                .collect();
            tags.sort_unstable();
            tags.dedup();
            prose_legend(&text[..*first], &tags)
        }
        None => Vec::new(),
    };
    let prose: Vec<_> = prose.into_iter().filter(|(_, t, _)| !described.iter().any(|(_, d, _)| d == t)).collect();
    if !prose.is_empty() || !described.is_empty() {
        let named: HashSet<&str> =
            legend_tags.iter().copied().chain(prose.iter().chain(&described).map(|(_, t, _)| t.as_str())).collect();
        starts = starts_with(&named);
    }

    // Boundaries end a turn without starting one.
    let mut boundaries: Vec<usize> = headers;
    boundaries.extend(legend_lines.iter().copied());
    boundaries.sort_unstable();

    // Pass 2: byte ranges -> character offsets, in one sweep.
    let mut turns = Vec::with_capacity(starts.len());
    let mut said: Vec<&str> = Vec::with_capacity(starts.len());
    let mut prev_end_time: Option<u64> = None;
    let mut counter = CharCounter { text, byte: 0, chars: 0 };
    let mut tags = crate::core::SpeakerPool::default();
    for (i, (start, line)) in starts.iter().enumerate() {
        let next_turn = starts.get(i + 1).map(|(b, _)| *b).unwrap_or(text.len());
        let next_boundary = boundaries.get(boundaries.partition_point(|b| b <= start)).copied().unwrap_or(text.len());
        let body = text[*start..next_turn.min(next_boundary)].trim_end();
        if body.is_empty() {
            continue;
        }
        let end = start + body.len();
        let start_ms = line.time_ms.or(prev_end_time);
        // f4/f5 write the time a turn ends (= the next one starts) at the end of its last line.
        let last_line_start = start + memchr::memrchr(b'\n', body.as_bytes()).map_or(0, |i| i + 1);
        prev_end_time = end_times.get(&last_line_start).copied();
        let start_c = counter.chars_at(*start);
        let end_c = counter.chars_at(end);
        turns.push(DetectedTurn { start: start_c, end: end_c, speaker: tags.get(&line.tag), start_ms });
        said.push(body);
    }
    legend.extend(prose);
    legend.extend(described);
    let speakers = propose_roles(&turns, &said, &legend);
    Detection { turns, speakers, too_many_turns: false }
}

/// The header block of a transcript that names the people on lines shaped like turns, a role word
/// (not an abbreviation such as "I") as the tag ("Interviewer: Jan de Vries (JV)", "Geïnterviewde: wethouder (W2)"): the line
/// starts of those lines, which are then no turns. Such a tag is written once, before the
/// interview proper, whose tags recur; a short exchange of role tags ("Interviewer: Hoe gaat
/// het\nRespondent: Goed") has no recurring tag after it and stays turns.
fn header_block(candidates: &[(usize, Line, usize)], legend_lines: &HashSet<usize>) -> Vec<usize> {
    let lines_of = |tag: &str| candidates.iter().filter(|(_, l, _)| l.tag == tag).map(|c| c.2).sum::<usize>();
    let rest: Vec<&(usize, Line, usize)> = candidates.iter().filter(|(b, ..)| !legend_lines.contains(b)).collect();
    let header = rest
        .iter()
        .take_while(|(_, l, _)| {
            l.time_ms.is_none()
                && role_of_words(&l.tag).is_some()
                && lines_of(&l.tag) == 1
                && looks_like_description(l.rest)
                && !l.rest.trim_end().ends_with(['.', ':'])
        })
        .count();
    if rest[header..].iter().any(|(_, l, _)| lines_of(&l.tag) > 1) {
        rest[..header].iter().map(|(b, ..)| *b).collect()
    } else {
        Vec::new()
    }
}

/// Roles a transcript's opening lines give in prose: "Interviewer = Jan de Vries (JV);
/// Respondent = beleidsmedewerker (R3)", "Aanwezig: Jan de Vries (interviewer, JV), …",
/// "Speakers: JV = interviewer, R3 = participant". A clause (split at ";" and at "," outside
/// parentheses) that names exactly one of the transcript's `tags` as a tag, in parentheses or
/// beside "=" or ":", and a role word gives that speaker the role: `(line start, tag, clause)`.
fn prose_legend(head: &str, tags: &[&str]) -> Vec<(usize, String, String)> {
    let mut out: Vec<(usize, String, String)> = Vec::new();
    let mut offset = 0;
    for line in head.split('\n').take(40) {
        for clause in clauses(line) {
            let parts: Vec<&str> = clause.split(['(', ')', '=', ',', ':']).map(str::trim).collect();
            let mut named = tags.iter().filter(|t| parts.contains(t));
            let (Some(tag), None) = (named.next(), named.next()) else { continue };
            let words = parts.iter().filter(|p| *p != tag).copied().collect::<Vec<_>>().join(" ");
            if role_of_words(&words).is_some() && !out.iter().any(|(_, t, _)| t == tag) {
                out.push((offset, tag.to_string(), clause.trim().to_string()));
            }
        }
        offset += line.len() + 1;
    }
    out
}

/// `line` split at ";" and at "," outside parentheses.
fn clauses(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut from) = (0usize, 0);
    for (i, c) in line.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ';' | ',' if c == ';' || depth == 0 => {
                out.push(&line[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&line[from..]);
    out
}

/// Per speaker: turns, questions asked, characters spoken.
struct Talk {
    turns: usize,
    questions: usize,
    chars: usize,
}

/// Roles from the legend, then from the tag, then from evidence (see the module docs).
fn propose_roles(turns: &[DetectedTurn], said: &[&str], legend: &[(usize, String, String)]) -> Vec<DetectedSpeaker> {
    let mut tags: Vec<&str> = Vec::new();
    let mut talk: Vec<Talk> = Vec::new();
    for (t, words) in turns.iter().zip(said) {
        let i = match tags.iter().position(|k| *k == t.speaker) {
            Some(i) => i,
            None => {
                tags.push(&t.speaker);
                talk.push(Talk { turns: 0, questions: 0, chars: 0 });
                talk.len() - 1
            }
        };
        talk[i].turns += 1;
        talk[i].questions += usize::from(memchr::memchr(b'?', words.as_bytes()).is_some());
        talk[i].chars += t.end - t.start;
    }
    let mut out: Vec<DetectedSpeaker> = tags
        .iter()
        .zip(&talk)
        .map(|(tag, k)| {
            let from_legend = legend.iter().find(|(_, t, _)| t == tag);
            let (role, source) = match from_legend {
                Some((_, _, d)) => (role_of_words(d).unwrap_or(Role::Respondent), RoleSource::Legend(d.clone())),
                None => match role_of_tag(tag) {
                    Some(r) => (r, RoleSource::Tag),
                    None => (Role::Respondent, RoleSource::Evidence(Evidence::default())),
                },
            };
            DetectedSpeaker { tag: tag.to_string(), turns: k.turns, role, source }
        })
        .collect();

    // Evidence for the rest: the one who asks most (at least a third of their turns; on a tie,
    // more questions, then who speaks first) interviews if their turns are shorter than everyone
    // else's, or if they ask in at least half their turns and more questions than anyone else
    // (a short interview: long questions, brief answers).
    let avg = |k: &Talk| k.chars as f64 / k.turns.max(1) as f64;
    let ratio = |k: &Talk| k.questions as f64 / k.turns.max(1) as f64;
    let unknown: Vec<usize> = (0..out.len()).filter(|&i| matches!(out[i].source, RoleSource::Evidence(_))).collect();
    let has_interviewer = out.iter().any(|s| s.role == Role::Interviewer);
    let others = |i: usize| talk.iter().enumerate().filter(move |(j, _)| *j != i).map(|(_, o)| o);
    let shorter = |i: usize| others(i).all(|o| avg(o) > avg(&talk[i]));
    let asks_most = |i: usize| {
        ratio(&talk[i]) >= 0.5 && others(i).all(|o| o.questions < talk[i].questions && ratio(o) <= ratio(&talk[i]))
    };
    let asker = unknown
        .iter()
        .copied()
        .filter(|&i| ratio(&talk[i]) >= 1.0 / 3.0)
        .max_by(|&a, &b| {
            ratio(&talk[a]).total_cmp(&ratio(&talk[b])).then(talk[a].questions.cmp(&talk[b].questions)).then(b.cmp(&a))
        })
        .filter(|&i| talk.len() > 1 && (shorter(i) || asks_most(i)) && (!has_interviewer || ratio(&talk[i]) >= 0.5));
    for i in unknown {
        let k = &talk[i];
        let mut why = vec![Warning::new(Notice::AsksQuestions, &[&k.questions, &k.turns])];
        if i == 0 {
            why.push(Notice::SpeaksFirst.into());
        }
        if Some(i) == asker {
            why.push(if shorter(i) { Notice::ShorterTurns } else { Notice::MoreQuestions }.into());
            out[i].role = Role::Interviewer;
        } else if talk.len() > 1 {
            why.push(Warning::new(Notice::CharsPerTurn, &[&(avg(k).round() as usize)]));
        }
        out[i].source = RoleSource::Evidence(Evidence(why));
    }
    // A focus group's second moderator: numbered like an interviewer ("M2" beside "M1") and
    // asking in at least half their turns.
    for i in 0..out.len() {
        let RoleSource::Evidence(why) = &out[i].source else { continue };
        let colleague = out.iter().find(|o| {
            o.role == Role::Interviewer
                && o.tag != out[i].tag
                && series(&o.tag).is_some_and(|s| Some(s) == series(&out[i].tag))
        });
        if let Some(c) = colleague
            && out[i].role == Role::Respondent
            && ratio(&talk[i]) >= 0.5
        {
            let mut why = why.clone();
            why.0.push(Warning::new(Notice::NumberedLike, &[&c.tag]));
            out[i] = DetectedSpeaker { role: Role::Interviewer, source: RoleSource::Evidence(why), ..out[i].clone() };
        }
    }
    out
}

/// The letters of a numbered tag ("M" of "M2"), if it is one.
fn series(tag: &str) -> Option<&str> {
    let letters = tag.trim_end_matches(|c: char| c.is_ascii_digit());
    (letters.len() < tag.len() && !letters.is_empty() && letters.chars().all(char::is_alphabetic)).then_some(letters)
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

    #[test]
    fn a_short_tag_is_read_as_the_patterns_read_it() {
        let lines = [
            "I: Dank u wel.",
            "R1: Ja.",
            "  R12:  goed",
            "INT: vraag",
            "\tA2:x",
            "I:",
            "R1:nee",
            "Q: ja",
            "Ab1: ja",
            "ABC123: ja",
            "I (Interviewer): ja",
            "R1:23 minuten",
            "R1: 12 jaar",
            "é1: ja",
            "ABCD: ja",
            "R1234: ja",
            "Anna: ja",
            "R1 : ja",
            "1R: ja",
            "I:: ja",
            "i: ja",
            "ja: zeker",
            "R1: om 12:30",
            "I: ja  0:05",
            "Q: A.",
            "A: ja",
        ];
        for line in lines {
            if let Some(short) = short_tag(line) {
                assert_eq!(Some(short), tag_by_patterns(line), "{line:?}");
            }
        }
        assert!(short_tag("R1: Ja.").is_some() && short_tag("INT: vraag").is_some());
        assert!(short_tag("R1:23 minuten").is_none() && short_tag("Anna: ja").is_none());
    }

    #[test]
    fn a_line_number_is_read_as_the_pattern_reads_it() {
        for line in
            ["12  I: ja", "\t7\tR1: nee", "  3", "٣ I: ja", "١٢\tR1: ja", "12a I: ja", "I: 12 jaar", "", " ", "½ uur"]
        {
            assert_eq!(line_number(line), LINE_NUMBER.find(line).map(|m| m.end()), "{line:?}");
        }
        assert_eq!(line_number("٣ I: ja"), Some("٣ ".len()));
    }

    /// The look for "transc…"/"transk…" that spares most lines the tool-note pattern never turns
    /// a note away: every line, and the same with letters that fold to an ASCII one and with a
    /// long name, is a note exactly when the pattern says so.
    #[test]
    fn a_tool_note_is_found_as_the_pattern_finds_it() {
        let long = "Wethouder Anna-Maria van der Berg-Jansen de Oude, gemeente Utrecht";
        let lines = [
            "Anna Jansen started transcription".to_string(),
            "  Anna Jansen stopped transcription.".into(),
            "Piet heeft de transcriptie gestart".into(),
            "Piet heeft de TRANSCRIPTIE beëindigd".into(),
            "Frau Müller hat die Transkription beendet".into(),
            "Transcribed by https://otter.ai".into(),
            "\tTRANSCRIBED BY OTTER.AI ...".into(),
            "Anna Jansen started tranſcription".into(),
            "Frau Müller hat die Trans\u{212a}ription beendet".into(),
            format!("{} started transcription", "é".repeat(60)),
            format!("{} started transcription", "日".repeat(60)),
            format!("{} started transcription", "é".repeat(61)),
            format!("{} heeft de transcriptie gestopt", "🙂".repeat(60)),
            format!("{} heeft de transcriptie gestopt", "🙂".repeat(61)),
            format!("{long} heeft de transcriptie gestopt"),
            format!("{}{long} heeft de transcriptie gestopt", " ".repeat(300)),
            "R1: de transparantie van het transport, dat transcendeert".into(),
            "R1: ik zou de transcriptie graag lezen".into(),
            "I: Wanneer is de transcriptie gestart?".into(),
            "transcription".into(),
            "".into(),
        ];
        let mut notes = 0;
        for line in &lines {
            assert_eq!(is_tool_note(line), TOOL_NOTE.is_match(line), "{line:?}");
            notes += usize::from(is_tool_note(line));
        }
        assert!(notes >= 10, "the notes above are found: {notes}");
    }

    #[test]
    fn lines_are_split_as_str_split_splits_them() {
        for text in ["", "\n", "a", "a\n", "\na", "I: ja\n\nR1: nee\n", "é\nü\n\n\n日本"] {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
    }

    fn speakers(text: &str) -> Vec<String> {
        detect_speakers(text).into_iter().map(|t| t.speaker.to_string()).collect()
    }

    fn times(text: &str) -> Vec<Option<u64>> {
        detect_speakers(text).into_iter().map(|t| t.start_ms).collect()
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

    #[test]
    fn every_timestamp_form_is_a_start_time() {
        assert_eq!(parse_time("[00:01:02]"), Some(62_000));
        assert_eq!(parse_time("00:01:02"), Some(62_000));
        assert_eq!(parse_time("1:40"), Some(100_000));
        assert_eq!(parse_time("*0:0"), Some(0));
        assert_eq!(parse_time("*1.01.35"), Some(3_695_000));
        assert_eq!(parse_time("1.16.30"), Some(4_590_000));
        assert_eq!(parse_time("5.00"), Some(300_000));
        assert_eq!(parse_time("#00:01:02-5#"), Some(62_500));
        assert_eq!(parse_time("00:01:02.250"), Some(62_250));
        assert_eq!(parse_time("1:75"), None);
        let text = "[00:01:02] I: a\n00:01:05 R: b\n1:40 I: c\n*1.01.35 = R: d\n1.16.30 = I: e\n5.00\tR:\tf\n#01:02:03-5# I: g";
        assert_eq!(speakers(text), ["I", "R", "I", "R", "I", "R", "I"]);
        assert_eq!(
            times(text),
            [
                Some(62_000),
                Some(65_000),
                Some(100_000),
                Some(3_695_000),
                Some(4_590_000),
                Some(300_000),
                Some(3_723_500)
            ]
        );
    }

    #[test]
    fn f4_times_at_the_end_of_a_turn_start_the_next() {
        let text = "I: Wie war es? #00:00:04-2#\nB: Gut. #00:00:09-0#\nI: Und dann?";
        assert_eq!(times(text), [None, Some(4_200), Some(9_000)]);
    }

    #[test]
    fn stage_directions_are_never_speakers() {
        let text = "I: a\n[Laughs]\nR: b\n[Laughs] ja\n[Alle griner lidt]\n[Alle griner lidt]\n(inaudible)\n(inaudible)\n[Deleted to preserve anonymity]\n[Y mumler]\n[Y mumler]\nR: c";
        // R's second tag only continues R's turn: nobody else spoke in between.
        assert_eq!(speakers(text), ["I", "R"]);
        assert_eq!(speakers("[Jan] a\n[Piet] b\n[Jan] c"), ["Jan", "Jan"]);
    }

    #[test]
    fn a_label_on_its_own_line_starts_a_turn() {
        let text = "[00:10] RESEARCHER:\nHow long?\n\nPARTICIPANT\nEleven years.\nINTRODUCTION\nInterviewer\nAnd then?";
        let turns = detect_speakers(text);
        assert_eq!(speakers(text), ["RESEARCHER", "PARTICIPANT", "Interviewer"]);
        assert_eq!(turns[0].start_ms, Some(10_000));
        assert_eq!(slice_chars(text, turns[1].start, turns[1].end), "PARTICIPANT\nEleven years.\nINTRODUCTION");
    }

    #[test]
    fn a_legend_gives_roles_and_is_not_a_turn() {
        let text = "I1: Interviewer 1\nI2: Interviewer 2\nM: Mand\nK: Kvinde\n\nTID\tPERSON\tUDTALELSE\nI1: Hvordan?\nM: Godt.\nK: Ja.\nI2: Og?";
        let d = detect(text);
        let tags: Vec<&str> = d.turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(tags, ["I1", "M", "K", "I2"]);
        assert_eq!(slice_chars(text, d.turns[0].start, d.turns[0].end), "I1: Hvordan?");
        let roles: Vec<(&str, Role)> = d.speakers.iter().map(|s| (s.tag.as_str(), s.role)).collect();
        assert_eq!(
            roles,
            [("I1", Role::Interviewer), ("M", Role::Respondent), ("K", Role::Respondent), ("I2", Role::Interviewer)]
        );
        assert_eq!(d.speakers[1].source, RoleSource::Legend("Mand".into()));
        // Legends in other languages; an observer's words are not data.
        let fr = "E: Enquêtrice\nP: Participante\nO: Observateur\nE: Bonjour?\nP: Bonjour.\nO: Moi aussi.";
        let d = detect(fr);
        assert_eq!(d.turns.len(), 3);
        assert_eq!(
            d.speakers.iter().map(|s| s.role).collect::<Vec<_>>(),
            [Role::Interviewer, Role::Respondent, Role::Ignore]
        );
        let de = "IV: Interviewerin\nB1: Befragte\nIV: Wie?\nB1: So.";
        assert_eq!(
            detect(de).speakers.iter().map(|s| s.role).collect::<Vec<_>>(),
            [Role::Interviewer, Role::Respondent]
        );
        // A short first exchange is not a legend.
        let d = detect("I: Hallo\nR: Hoi\nI: Hoe gaat het?\nR: Goed.");
        assert_eq!(d.turns.len(), 4);
    }

    #[test]
    fn roles_from_tags_and_from_evidence() {
        let d =
            detect("Q: Hoe?\nJansen: Zo, en dat duurde lang.\nQ: En toen?\nJansen: Toen niets meer, helemaal niets.");
        assert_eq!(d.speakers[0].role, Role::Interviewer);
        assert_eq!(d.speakers[0].source, RoleSource::Tag);
        assert_eq!(d.speakers[1].role, Role::Respondent);
        assert!(matches!(d.speakers[1].source, RoleSource::Evidence(_)));
        // Nobody is named a role: who asks the questions in short turns interviews.
        let d = detect(
            "Anna: Wie lange schon?\nBernd: Seit zehn Jahren, davor war ich in Köln.\nAnna: Und?\nBernd: Es gefällt mir gut hier, wirklich.",
        );
        assert_eq!(d.speakers[0].role, Role::Interviewer);
        let RoleSource::Evidence(why) = &d.speakers[0].source else { panic!() };
        let why = why.to_string();
        assert!(why.contains("2 of 2") && why.contains("speaks first"), "{why}");
        assert_eq!(d.speakers[1].role, Role::Respondent);
    }

    #[test]
    fn a_repeated_tag_continues_the_turn_unless_a_time_or_another_speaker_intervenes() {
        assert_eq!(speakers("R1: a\nR1: b\nI: c\nR1: d"), ["R1", "I", "R1"]);
        let turns = detect_speakers("R1: a\nR1: b\nI: c");
        assert_eq!((turns[0].start, turns[0].end), (0, 11), "one turn over both lines");
        assert_eq!(speakers("[00:01] R1: a\n[00:05] R1: b"), ["R1", "R1"], "timed lines stay turns of their own");
        // A name counts as a speaker when it recurs, also on consecutive lines.
        assert_eq!(speakers("Jan: a\nJan: b\nPiet: c\nPiet: d"), ["Jan", "Piet"]);
    }
}
