//! Who said what, and when: a researcher imports real-style transcripts (a Danish couple
//! interview with a speaker legend, stage directions and `h.mm.ss` times; two Danish interviews
//! that both call the informant `Y`; an English transcript with the speaker on its own line; an
//! f4 transcript; Dutch time codes) and expects exactly the right turns, roles, respondents and
//! start times. Fixtures: tests/fixtures/transcripts (written for these stories, see README).

use std::path::PathBuf;
use werkbank::core::model::Project;
use werkbank::core::text::slice_chars;
use werkbank::import::{ImportedText, Role, RoleSource, import_path};
use werkbank::session::Session;
use werkbank::workflow::{self, ImportOptions, SpeakerMapping};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/transcripts/")).join(name)
}

fn import(name: &str) -> ImportedText {
    import_path(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `(tag, start time, text)` per turn.
fn turns(r: &ImportedText) -> Vec<(&str, Option<u64>, &str)> {
    r.turns.iter().map(|t| (t.speaker.as_str(), t.start_ms, slice_chars(&r.text, t.start, t.end))).collect()
}

fn roles(r: &ImportedText) -> Vec<(&str, Role)> {
    r.speakers.iter().map(|s| (s.tag.as_str(), s.role)).collect()
}

fn speakers_as_respondents() -> ImportOptions {
    ImportOptions { create_speaker_respondents: true, ..Default::default() }
}

/// Respondent label -> number of turns mapped to it.
fn respondent_turns(p: &Project) -> Vec<(String, usize)> {
    p.cases.values().map(|c| (c.label.clone(), p.turns.values().filter(|t| t.case == Some(c.id)).count())).collect()
}

#[test]
fn a_danish_legend_makes_i1_and_i2_interviewers_and_is_not_a_turn() {
    let r = import("da_aegtepar_legende.txt");
    assert_eq!(
        turns(&r),
        [
            (
                "I1",
                Some(0),
                "*0:0 = I1: Velkommen, og tak fordi I ville være med. Kan I starte med at fortælle lidt om jer selv?"
            ),
            ("M", None, "M: Ja, vi har boet her i snart tyve år.\n[Alle griner lidt]"),
            ("K", None, "K: Tyve år og tre måneder, hvis vi skal være præcise."),
            ("K", Some(3_695_000), "*1.01.35 = K: Det var en stor beslutning at flytte herud fra byen.\n[Y mumler]"),
            ("I1", Some(4_590_000), "1.16.30 = I1: Hvordan oplevede I det første år?\n[Støj i baggrunden]"),
            ("M", None, "M: Svært, ærligt talt. (utydeligt) Men vi fandt vores plads."),
            ("I2", None, "I2: Hvad med naboerne?"),
            ("K", None, "K: De var søde. Især familien på hjørnet.\n[Alle griner lidt]"),
            ("I2", None, "I2: Og hvordan er det i dag?"),
            ("M", None, "M: Vi bliver her."),
        ]
    );
    assert_eq!(
        roles(&r),
        [("I1", Role::Interviewer), ("M", Role::Respondent), ("K", Role::Respondent), ("I2", Role::Interviewer)]
    );
    assert_eq!(r.speakers[0].source, RoleSource::Legend("Interviewer 1".into()));
    assert_eq!(r.speakers[2].source, RoleSource::Legend("Kvinde".into()));
    // Neither the legend nor the table header is inside any turn.
    for t in &r.turns {
        let said = slice_chars(&r.text, t.start, t.end);
        assert!(!said.contains("Interviewer 1") && !said.contains("UDTALELSE"), "{said:?}");
    }
    // The displayed text is unchanged: timestamps and stage directions stay as written.
    assert_eq!(r.text, std::fs::read_to_string(fixture("da_aegtepar_legende.txt")).unwrap());
}

#[test]
fn interviewers_from_the_legend_are_no_respondents_in_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    workflow::import_file(&mut s, &fixture("da_aegtepar_legende.txt"), &speakers_as_respondents()).unwrap();
    assert_eq!(
        respondent_turns(s.project()),
        [("da_aegtepar_legende: M".to_string(), 3), ("da_aegtepar_legende: K".to_string(), 3)]
    );
    let interviewer_turns = s.project().turns.values().filter(|t| t.speaker.starts_with('I')).collect::<Vec<_>>();
    assert_eq!(interviewer_turns.len(), 4);
    assert!(interviewer_turns.iter().all(|t| t.case.is_none()));
}

#[test]
fn tab_separated_rows_with_m_ss_times_start_turns() {
    let r = import("da_informant_y_1.txt");
    assert_eq!(
        turns(&r),
        [
            ("I", Some(0), "0.00\tI:\tVil du fortælle, hvordan du kom hertil?"),
            ("Y", Some(7_000), "0.07\tY:\tJeg kom i 1998, for at arbejde på fabrikken. Det var hårdt i starten."),
            ("I", Some(192_000), "3.12\tI:\tHvad var hårdest?"),
            ("Y", Some(300_000), "5.00\tY:\tSproget. Og vinteren."),
            ("I", Some(341_000), "5.41\tI:\tHar du familie her?"),
            ("Y", Some(362_000), "6.02\tY:\tMin søster bor i Vejle."),
        ]
    );
    // Y is no known role word: its role is a guess the user is asked to confirm.
    assert_eq!(roles(&r), [("I", Role::Interviewer), ("Y", Role::Respondent)]);
    let RoleSource::Evidence(why) = &r.speakers[1].source else { panic!("{:?}", r.speakers[1].source) };
    let why = why.to_string();
    assert!(why.contains("0 of 3"), "{why}");
}

#[test]
fn two_interviews_that_both_use_y_get_two_respondents() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let opts = speakers_as_respondents();
    // The preview of the second file, after the first is imported, proposes a new respondent.
    workflow::import_file(&mut s, &fixture("da_informant_y_1.txt"), &opts).unwrap();
    let plan = workflow::plan_file(s.project(), &fixture("da_informant_y_2.txt"), &opts).unwrap();
    let y = plan.speakers.iter().find(|sp| sp.speaker == "Y").unwrap();
    assert!(y.generic);
    assert_eq!(y.mapping, SpeakerMapping::New("da_informant_y_2: Y".into()));
    workflow::import_plan(&mut s, plan).unwrap();
    assert_eq!(
        respondent_turns(s.project()),
        [("da_informant_y_1: Y".to_string(), 3), ("da_informant_y_2: Y".to_string(), 3)]
    );
}

#[test]
fn a_participant_id_is_the_same_respondent_across_an_interview_series() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let one = dir.path().join("R3 eerste gesprek.txt");
    let two = dir.path().join("R3 tweede gesprek.txt");
    std::fs::write(&one, "I: Hoe gaat het?\nR3: Goed.\n").unwrap();
    std::fs::write(&two, "I: En nu?\nR3: Nog steeds goed.\n").unwrap();
    for f in [&one, &two] {
        workflow::import_file(&mut s, f, &speakers_as_respondents()).unwrap();
    }
    assert_eq!(respondent_turns(s.project()), [("R3".to_string(), 2)]);
    // `--respondent` ties a generic tag to a named respondent across documents too.
    let opts = ImportOptions { respondent: Some("R7".into()), create_speaker_respondents: true };
    for f in ["da_informant_y_1.txt", "da_informant_y_2.txt"] {
        workflow::import_file(&mut s, &fixture(f), &opts).unwrap();
    }
    assert_eq!(respondent_turns(s.project()), [("R3".to_string(), 2), ("R7".to_string(), 6)]);
}

#[test]
fn the_user_changes_a_proposed_mapping_before_importing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let before = s.project().clone();
    let mut plan = workflow::plan_file(s.project(), &fixture("nl_tijdcodes.txt"), &speakers_as_respondents()).unwrap();
    assert_eq!(s.project(), &before, "planning writes nothing");
    assert_eq!(plan.speakers[1].mapping, SpeakerMapping::New("nl_tijdcodes: Jansen".into()));
    plan.speakers[1].mapping = SpeakerMapping::New("M1".into());
    plan.speakers[0].mapping = SpeakerMapping::Ignore;
    workflow::import_plan(&mut s, plan).unwrap();
    assert_eq!(respondent_turns(s.project()), [("M1".to_string(), 2)]);
    // One import, one undo step.
    s.undo().unwrap();
    assert_eq!(s.project(), &before);
}

#[test]
fn stage_directions_never_become_speakers_or_respondents() {
    let r = import("en_speaker_own_line.txt");
    assert_eq!(
        turns(&r),
        [
            (
                "RESEARCHER",
                Some(10_000),
                "[00:10] RESEARCHER:\nThanks for joining. Could you tell me how long you have lived here?"
            ),
            (
                "PARTICIPANT",
                Some(25_000),
                "[00:25] PARTICIPANT:\nAbout eleven years now. We moved in when the estate was new.\nIt was quiet then. [laughs]"
            ),
            ("RESEARCHER", Some(62_000), "[01:02] RESEARCHER:\nWhat changed?\n\n[Deleted to preserve anonymity]"),
            ("PARTICIPANT", None, "PARTICIPANT\nThe shop closed (inaudible) and the bus stopped coming."),
        ]
    );
    assert_eq!(roles(&r), [("RESEARCHER", Role::Interviewer), ("PARTICIPANT", Role::Respondent)]);
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    workflow::import_file(&mut s, &fixture("da_aegtepar_legende.txt"), &speakers_as_respondents()).unwrap();
    workflow::import_file(&mut s, &fixture("en_speaker_own_line.txt"), &speakers_as_respondents()).unwrap();
    let labels: Vec<String> = s.project().cases.values().map(|c| c.label.clone()).collect();
    assert_eq!(labels, ["da_aegtepar_legende: M", "da_aegtepar_legende: K", "en_speaker_own_line: PARTICIPANT"]);
}

#[test]
fn f4_and_dutch_time_codes_are_start_times() {
    let r = import("de_f4_zeitmarken.txt");
    let times: Vec<(&str, Option<u64>)> = r.turns.iter().map(|t| (t.speaker.as_str(), t.start_ms)).collect();
    assert_eq!(times, [("I", Some(3_200)), ("B", Some(9_500)), ("I", Some(62_500)), ("B", Some(70_000))]);
    assert_eq!(roles(&r), [("I", Role::Interviewer), ("B", Role::Respondent)]);
    let r = import("nl_tijdcodes.txt");
    let times: Vec<(&str, Option<u64>)> = r.turns.iter().map(|t| (t.speaker.as_str(), t.start_ms)).collect();
    assert_eq!(times, [("Q", Some(5_000)), ("Jansen", Some(11_000)), ("Q", Some(100_000)), ("Jansen", Some(112_000))]);
    assert_eq!(roles(&r), [("Q", Role::Interviewer), ("Jansen", Role::Respondent)]);
}

#[test]
fn start_times_are_stored_with_the_turns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.werkbank");
    let mut s = Session::create(&path, "p", "Anna").unwrap();
    workflow::import_file(&mut s, &fixture("da_aegtepar_legende.txt"), &ImportOptions::default()).unwrap();
    drop(s);
    let s = Session::open_read_only(&path).unwrap();
    let times: Vec<Option<u64>> = s.project().turns.values().map(|t| t.start_ms).collect();
    assert_eq!(times, [Some(0), None, None, Some(3_695_000), Some(4_590_000), None, None, None, None, None]);
}

// Transcripts as transcription tools write them: the speaker and the time on a line of their
// own, the words on the next lines.

#[test]
fn an_otter_transcript_gives_a_turn_per_speaker_with_its_start_time() {
    let r = import("en_otter.txt");
    assert_eq!(
        turns(&r),
        [
            ("Speaker 1", Some(0), "Speaker 1  0:00\nThanks for joining. Could you introduce yourself?"),
            (
                "Speaker 2",
                Some(5_000),
                "Speaker 2  0:05\nSure. I'm a policy officer at the municipality, I've been there for six years.\nBefore that I worked in housing."
            ),
            ("Speaker 1", Some(21_000), "Speaker 1  0:21\nWhat does a normal week look like?"),
            ("Speaker 2", Some(26_000), "Speaker 2  0:26\nMeetings, mostly. Some site visits."),
            ("Speaker 1", Some(3_598_000), "Speaker 1  59:58\nAnd in ten years' time?"),
            // h:mm:ss after the first hour; Otter's footer is nobody's words.
            ("Speaker 2", Some(3_723_000), "Speaker 2  1:02:03\nHopefully still here. Maybe leading the team."),
        ]
    );
    assert_eq!(roles(&r), [("Speaker 1", Role::Interviewer), ("Speaker 2", Role::Respondent)]);
}

/// The Teams turns of nl_teams.txt / nl_teams.docx: names written "Surname, First name", the time
/// after a few spaces or a tab.
const TEAMS_TURNS: [(&str, Option<u64>, &str); 4] = [
    ("Jansen, Anna", Some(3_000), "Jansen, Anna   0:03\nZullen we beginnen? Kunt u iets vertellen over uw werk?"),
    (
        "de Vries, Pieter",
        Some(7_000),
        "de Vries, Pieter   0:07\nJa hoor, prima. Ik werk bij de gemeente, afdeling wonen.",
    ),
    ("Jansen, Anna", Some(15_000), "Jansen, Anna   0:15\nHoe lang al?"),
    ("de Vries, Pieter", Some(18_000), "de Vries, Pieter\t0:18\nSinds 2016. Daarvoor zat ik in het onderwijs."),
];

#[test]
fn a_teams_transcript_copied_to_text_gives_the_named_speakers_and_not_its_heading() {
    let r = import("nl_teams.txt");
    let mut expected = TEAMS_TURNS.to_vec();
    // A guest who speaks once is a speaker too; "… heeft de transcriptie gestopt" is nobody's words.
    expected.push((
        "Bakker, Sanne (Gast)",
        Some(31_000),
        "Bakker, Sanne (Gast)   0:31\nMag ik als observator even iets vragen?",
    ));
    assert_eq!(turns(&r), expected);
    assert!(r.turns[0].start > r.text.find("Jansen, Anna heeft de transcriptie gestart").unwrap());
    assert_eq!(
        roles(&r),
        [
            ("Jansen, Anna", Role::Interviewer),
            ("de Vries, Pieter", Role::Respondent),
            ("Bakker, Sanne (Gast)", Role::Respondent)
        ]
    );
}

#[test]
fn a_teams_transcript_downloaded_as_word_gives_the_same_turns() {
    let r = import("nl_teams.docx");
    let mut expected = TEAMS_TURNS[..3].to_vec();
    // The .docx keeps the time in its own run after three spaces; an interview past the hour.
    expected.push((
        "de Vries, Pieter",
        Some(3_738_000),
        "de Vries, Pieter   1:02:18\nSinds 2016. Daarvoor zat ik in het onderwijs.",
    ));
    assert_eq!(turns(&r), expected);
    assert_eq!(roles(&r), [("Jansen, Anna", Role::Interviewer), ("de Vries, Pieter", Role::Respondent)]);
}

/// A transcript typed inline, imported as the named file.
fn import_text(file_name: &str, text: &str) -> ImportedText {
    werkbank::import::import_bytes(file_name, text.as_bytes()).unwrap_or_else(|e| panic!("{file_name}: {e}"))
}

#[test]
fn a_zoom_transcript_saved_from_the_meeting_names_the_speaker_in_brackets_before_the_clock() {
    let r = import_text(
        "zoom.txt",
        "[Anna Jansen] 10:01:02\nGoedemorgen, zullen we beginnen?\n\n[Pieter de Vries] 10:01:09\nJa hoor.\n\n\
         [Anna Jansen] 10:01:15\nWat doet u precies?\n",
    );
    assert_eq!(
        turns(&r),
        [
            ("Anna Jansen", Some(36_062_000), "[Anna Jansen] 10:01:02\nGoedemorgen, zullen we beginnen?"),
            ("Pieter de Vries", Some(36_069_000), "[Pieter de Vries] 10:01:09\nJa hoor."),
            ("Anna Jansen", Some(36_075_000), "[Anna Jansen] 10:01:15\nWat doet u precies?"),
        ]
    );
    // Zoom's other layout, the time first and the name before a colon, was read already.
    let r = import_text(
        "zoom.txt",
        "00:00:01 Anna Jansen: Zullen we beginnen?\n00:00:07 Pieter de Vries: Ja hoor.\n00:00:12 Anna Jansen: Goed.\n\
         00:00:15 Pieter de Vries: Dan begin ik.\n",
    );
    assert_eq!(
        turns(&r),
        [
            ("Anna Jansen", Some(1_000), "00:00:01 Anna Jansen: Zullen we beginnen?"),
            ("Pieter de Vries", Some(7_000), "00:00:07 Pieter de Vries: Ja hoor."),
            ("Anna Jansen", Some(12_000), "00:00:12 Anna Jansen: Goed."),
            ("Pieter de Vries", Some(15_000), "00:00:15 Pieter de Vries: Dan begin ik."),
        ]
    );
}

#[test]
fn a_transcript_copied_from_teams_or_stream_gives_the_name_and_the_time_on_lines_of_their_own() {
    let r = import_text(
        "teams.txt",
        "Jansen, Anna\n0:03\nZullen we beginnen?\n\nde Vries, Pieter\n0:07\nJa hoor, prima.\n\n\
         Jansen, Anna\n1:02:15\nHoe lang al?\n",
    );
    assert_eq!(
        turns(&r),
        [
            ("Jansen, Anna", Some(3_000), "Jansen, Anna\n0:03\nZullen we beginnen?"),
            ("de Vries, Pieter", Some(7_000), "de Vries, Pieter\n0:07\nJa hoor, prima."),
            ("Jansen, Anna", Some(3_735_000), "Jansen, Anna\n1:02:15\nHoe lang al?"),
        ]
    );
    // A single heading above a time is no speaker.
    assert!(import_text("notes.txt", "Transcript\n00:00:00\nWe begonnen laat.\n").turns.is_empty());
}

#[test]
fn a_heading_or_a_date_line_with_a_time_is_not_a_speaker() {
    for text in [
        "Interview M3 - Microsoft Teams transcript\n3 oktober 2024, 10:02:15\nWe begonnen om  10:15\nen stopten om 11:30",
        "Meeting notes  12:30\nNothing else here.",
    ] {
        let r = werkbank::import::import_bytes("notes.txt", text.as_bytes()).unwrap();
        assert!(r.turns.is_empty(), "{text:?}: {:?}", r.turns);
    }
}

#[test]
fn in_a_short_word_transcribe_interview_the_first_speaker_who_asks_is_the_interviewer() {
    let r = import("nl_word_transcribe.txt");
    let tags: Vec<(&str, Option<u64>)> = r.turns.iter().map(|t| (t.speaker.as_str(), t.start_ms)).collect();
    assert_eq!(
        tags,
        [
            ("Speaker 1", Some(1_000)),
            ("Speaker 2", Some(9_000)),
            ("Speaker 1", Some(14_000)),
            ("Speaker 2", Some(21_000))
        ]
    );
    // Speaker 1 asks long questions and Speaker 2 answers briefly: the questions decide.
    assert_eq!(roles(&r), [("Speaker 1", Role::Interviewer), ("Speaker 2", Role::Respondent)]);
    let RoleSource::Evidence(why) = &r.speakers[0].source else { panic!("{:?}", r.speakers[0].source) };
    let why = why.to_string();
    assert!(why.contains("2 of 2") && why.contains("speaks first"), "{why}");
}

/// A transcript typed with an Arabic keyboard layout has Arabic-Indic digits in a time's fraction
/// (`[00:01:02.٣٣]`): the import read a character boundary wrong and panicked. The turns are
/// still found; a time that is not in ASCII digits is no time.
#[test]
fn a_time_written_in_other_digits_is_no_time_and_never_stops_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("arabisch.txt");
    std::fs::write(&path, "[00:01:02.\u{663}\u{663}] R1: hallo\n[00:01:05] I: ja?\n").unwrap();
    let r = import_path(&path).expect("imported");
    assert_eq!(
        turns(&r),
        [("R1", None, "[00:01:02.\u{663}\u{663}] R1: hallo"), ("I", Some(65_000), "[00:01:05] I: ja?")]
    );
}

/// A Dutch thesis transcript opens with a header block that names the interviewer and the
/// respondent on lines that look like turns ("Interviewer: Jan de Vries (JV)").
const HEADER_BLOCK: &str = "Interview 5\nInterviewer: Jan de Vries (JV)\nRespondent: beleidsmedewerker gemeente (R5)\n\
Datum: 14 maart 2024\n\nJV: Goedemorgen, fijn dat u er bent. Hoe gaat het?\nR5: Goed, dank u.\n\
JV: Wat is uw functie?\nR5: Ik ben beleidsmedewerker digitalisering sinds 2019.";

#[test]
fn a_header_block_naming_interviewer_and_respondent_is_no_speaker_and_gives_the_roles() {
    let r = import_text("interview_5.txt", HEADER_BLOCK);
    let tags: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(tags, ["JV", "R5", "JV", "R5"], "the header lines are not turns of 'Interviewer' and 'Respondent'");
    assert_eq!(roles(&r), [("JV", Role::Interviewer), ("R5", Role::Respondent)]);
    assert_eq!(r.speakers[0].source, RoleSource::Legend("Interviewer: Jan de Vries (JV)".into()));

    // Imported with a respondent per speaker: R5 is the only respondent; nobody is called "Respondent".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("interview_5.txt");
    std::fs::write(&path, HEADER_BLOCK).unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    workflow::import_file(&mut s, &path, &speakers_as_respondents()).unwrap();
    let labels: Vec<(String, usize)> = respondent_turns(s.project());
    assert_eq!(labels.len(), 1, "{labels:?}");
    assert!(labels[0].0.ends_with("R5") && labels[0].1 == 2, "{labels:?}");
}

#[test]
fn a_header_line_with_only_a_name_is_no_speaker_either() {
    let text = "Interviewer: Anna Bakker\nGeïnterviewde: wethouder (W2)\n\nI: Hoe lang bent u wethouder?\nW2: Sinds 2022.\nI: En daarvoor?\nW2: Raadslid, acht jaar.";
    let r = import_text("w2.txt", text);
    assert_eq!(r.turns.iter().map(|t| t.speaker.as_str()).collect::<Vec<_>>(), ["I", "W2", "I", "W2"]);
    assert_eq!(roles(&r), [("I", Role::Interviewer), ("W2", Role::Respondent)]);
    assert!(matches!(&r.speakers[1].source, RoleSource::Legend(d) if d.contains("wethouder")), "{:?}", r.speakers[1]);
}

#[test]
fn a_speaker_legend_written_as_a_sentence_gives_the_roles() {
    for (legend, interviewer) in [
        ("Sprekers: Interviewer = Jan de Vries (JV); Respondent = beleidsmedewerker (R3)", "JV"),
        ("Aanwezig: Jan de Vries (interviewer, JV), Petra Smit (respondent, R3)", "JV"),
        ("Speakers: JV = interviewer, R3 = participant", "JV"),
    ] {
        // The respondent asks and the interviewer does not: only the legend can tell.
        let text = format!(
            "{legend}\n\nR3: Mag ik eerst iets vragen?\nJV: Natuurlijk, dat is goed.\nR3: Wordt dit opgenomen?\nJV: Ja, dat is goed, zoals afgesproken."
        );
        let r = import_text("legend.txt", &text);
        assert_eq!(r.turns.len(), 4, "{legend}");
        let roles = roles(&r);
        assert!(roles.contains(&(interviewer, Role::Interviewer)), "{legend}: {roles:?}");
        assert!(roles.contains(&("R3", Role::Respondent)), "{legend}: {roles:?}");
        assert!(r.speakers.iter().all(|s| matches!(s.source, RoleSource::Legend(_))), "{legend}: {:?}", r.speakers);
    }
}

#[test]
fn a_first_exchange_between_role_tags_is_still_an_interview() {
    // "Interviewer:" and "Respondent:" each once, with nobody else: these are the turns.
    let r = import_text("kort.txt", "Interviewer: Hoe gaat het\nRespondent: Goed");
    assert_eq!(r.turns.len(), 2);
    // And a transcript that uses the role words as its tags throughout keeps every turn.
    let r = import_text(
        "lang.txt",
        "Interviewer: Hoe gaat het?\nRespondent: Goed.\nInterviewer: En verder?\nRespondent: Ook goed.",
    );
    assert_eq!(r.turns.len(), 4);
}

#[test]
fn a_rev_style_transcript_names_the_speaker_with_the_time_in_parentheses() {
    let r = import_text(
        "rev.txt",
        "Jan de Vries (00:00:05): Hoe lang werkt u hier al?\nKarin Smit (00:00:09): Sinds 2015, daarvoor bij de provincie.\n\
Jan de Vries (00:00:20): Wat is uw rol?\nKarin Smit (00:00:24):\nIk coördineer de projecten.",
    );
    assert_eq!(
        turns(&r),
        [
            ("Jan de Vries", Some(5_000), "Jan de Vries (00:00:05): Hoe lang werkt u hier al?"),
            ("Karin Smit", Some(9_000), "Karin Smit (00:00:09): Sinds 2015, daarvoor bij de provincie."),
            ("Jan de Vries", Some(20_000), "Jan de Vries (00:00:20): Wat is uw rol?"),
            ("Karin Smit", Some(24_000), "Karin Smit (00:00:24):\nIk coördineer de projecten."),
        ]
    );
    assert_eq!(roles(&r), [("Jan de Vries", Role::Interviewer), ("Karin Smit", Role::Respondent)]);
}

#[test]
fn a_focus_group_with_the_time_after_the_tag_and_an_observer_in_the_legend() {
    let r = import_text(
        "focusgroep.txt",
        "Focusgroep 2 – buurtbewoners Kanaleneiland\nModerator (MOD), observator (OBS), deelnemers P1–P4\n\n\
MOD [00:00:10]: Welkom allemaal. Wie wil beginnen?\nP1 [00:00:15]: Ik wel. Ik woon hier twaalf jaar.\n\
P2 [00:00:31]: Ik pas vier jaar. (gelach)\nMOD [00:00:40]: En wat merken jullie van de nieuwe app?\n\
OBS [00:00:50]: [noteert]\nP1 [00:01:02]: Ik gebruik hem elke week.\nMOD [00:01:10]: Oké. Nog iemand?",
    );
    let tags: Vec<(&str, Option<u64>)> = r.turns.iter().map(|t| (t.speaker.as_str(), t.start_ms)).collect();
    assert_eq!(
        tags,
        [
            ("MOD", Some(10_000)),
            ("P1", Some(15_000)),
            ("P2", Some(31_000)),
            ("MOD", Some(40_000)),
            ("OBS", Some(50_000)),
            ("P1", Some(62_000)),
            ("MOD", Some(70_000))
        ]
    );
    assert_eq!(
        roles(&r),
        [("MOD", Role::Interviewer), ("P1", Role::Respondent), ("P2", Role::Respondent), ("OBS", Role::Ignore)]
    );
}

#[test]
fn a_role_in_parentheses_after_the_tag_describes_the_speaker() {
    // The first turns introduce the tags; afterwards only the tag is written.
    let r = import_text(
        "p1.txt",
        "I (Interviewer): Hoe gaat het met u?\nR (Respondent): Goed.\nI: En met uw werk?\nR: Druk, heel druk.",
    );
    assert_eq!(r.turns.iter().map(|t| t.speaker.as_str()).collect::<Vec<_>>(), ["I", "R", "I", "R"]);
    assert_eq!(r.speakers[0].source, RoleSource::Legend("I (Interviewer)".into()));
    // A name in parentheses is part of who speaks: two interviewers stay two speakers.
    let r = import_text(
        "p2.txt",
        "Interviewer (Jan): Hoe gaat het?\nRespondent (Piet): Goed.\nInterviewer (Anna): En verder?\nRespondent (Piet): Ook goed.",
    );
    assert_eq!(
        roles(&r),
        [
            ("Interviewer (Jan)", Role::Interviewer),
            ("Respondent (Piet)", Role::Respondent),
            ("Interviewer (Anna)", Role::Interviewer)
        ]
    );
    // What a speaker does is no part of who speaks.
    let r = import_text("p3.txt", "I: Hoe was dat?\nR1 (lacht): Vreselijk.\nI: Echt?\nR1: Ja.");
    assert_eq!(r.turns.iter().map(|t| t.speaker.as_str()).collect::<Vec<_>>(), ["I", "R1", "I", "R1"]);
}

/// `(tag, start time)` per turn.
fn tags_and_times(r: &ImportedText) -> Vec<(&str, Option<u64>)> {
    r.turns.iter().map(|t| (t.speaker.as_str(), t.start_ms)).collect()
}

/// Every word of `source`, in order: what an import must keep whatever it makes of the turns.
fn words(source: &str) -> Vec<&str> {
    source.split_whitespace().collect()
}

#[test]
fn a_time_after_the_tag_is_read_whole_not_cut_at_its_first_colon() {
    // The speaker and the time alone on a line, the time in brackets or after one space (as a PDF
    // of an Otter transcript has it): the turn starts at 00:00:12, not at 00:00.
    let r = import_text(
        "int.txt",
        "INT [00:00:12]\nCan you tell me about your first week?\nRESP [00:00:18]\nIt was chaotic.\n\
INT [00:01:02]\nWhat helped?\nRESP [01:01:05]\nA colleague.",
    );
    let tags = tags_and_times(&r);
    assert_eq!(tags, [("INT", Some(12_000)), ("RESP", Some(18_000)), ("INT", Some(62_000)), ("RESP", Some(3_665_000))]);
    let r = import_text(
        "otter.txt",
        "Speaker 1 0:05\nSo how long?\n\nSpeaker 2 0:09\nEleven years.\n\nSpeaker 1 1:02:03\nAnd now?\n\nSpeaker 2 1:02:09\nStill here.",
    );
    let tags = tags_and_times(&r);
    assert_eq!(
        tags,
        [
            ("Speaker 1", Some(5_000)),
            ("Speaker 2", Some(9_000)),
            ("Speaker 1", Some(3_723_000)),
            ("Speaker 2", Some(3_729_000))
        ]
    );
}

#[test]
fn a_teams_transcript_saved_as_pdf_keeps_its_speakers_though_the_spaces_before_the_time_collapsed() {
    // What Word's "Save as PDF" of Teams' download gives back as text: one space before the time.
    let r = import_text(
        "teams.txt",
        "Interview M3 - Microsoft Teams transcript\n3 oktober 2024, 10:02:15\nJansen, Anna 0:03\n\
Zullen we beginnen? Kunt u iets vertellen over uw werk?\nde Vries, Pieter 0:07\nJa hoor. Ik werk bij de gemeente.\n\
Jansen, Anna 0:15\nHoe lang al?\nde Vries, Pieter 1:02:18\nSinds 2016.",
    );
    let tags = tags_and_times(&r);
    assert_eq!(
        tags,
        [
            ("Jansen, Anna", Some(3_000)),
            ("de Vries, Pieter", Some(7_000)),
            ("Jansen, Anna", Some(15_000)),
            ("de Vries, Pieter", Some(3_738_000))
        ]
    );
    // A date line with a time, once, is still no speaker.
    assert!(import_text("kop.txt", "Vergadering 10:30\nWe begonnen laat.").turns.is_empty());
}

#[test]
fn a_transcript_with_numbered_lines_keeps_its_turns() {
    // Universities that ask for line numbers get them from Word ("12  I: …") or typed with a tab.
    for (name, text) in [
        (
            "spaties.txt",
            "1  Interview 3, 12 maart 2024\n2  I: Hoe lang woont u al in de wijk?\n3  R: Sinds 1998. Daarvoor woonde ik in\n4  Rotterdam-Zuid.\n5  I: En wat is er veranderd?\n6  R: Alles eigenlijk.",
        ),
        (
            "tab.txt",
            "1\tI: Hoe lang woont u al in de wijk?\n2\tR: Sinds 1998. Daarvoor woonde ik in\n3\tRotterdam-Zuid.\n4\tI: En wat is er veranderd?\n5\tR: Alles eigenlijk.",
        ),
        (
            "tien.txt",
            "9 Interview 3\n10 I: Hoe lang woont u al in de wijk?\n11 R: Sinds 1998. Daarvoor woonde ik in\n12 Rotterdam-Zuid.\n13 I: En wat is er veranderd?\n14 R: Alles eigenlijk.",
        ),
    ] {
        let r = import_text(name, text);
        let tags: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(tags, ["I", "R", "I", "R"], "{name}");
        let second = slice_chars(&r.text, r.turns[1].start, r.turns[1].end);
        assert!(second.contains("R: Sinds 1998") && second.ends_with("Rotterdam-Zuid."), "{name}: {second:?}");
        assert_eq!(words(&r.text), words(text), "{name}");
    }
    // Numbered paragraphs of an ordinary text are no transcript.
    assert!(
        import_text("lijst.txt", "1 Inleiding: waarom dit onderzoek\n2 Methode: interviews\n3 Resultaten")
            .turns
            .is_empty()
    );
}

#[test]
fn a_deposition_style_transcript_with_q_and_a_gives_question_and_answer_turns() {
    let text = "Interview transcript, case 14\nQ. How long have you worked at the clinic?\n\
A. About six years now. Before that I was at the hospital.\nQ. And what made you change?\n\
A. The hours, mostly. And my daughter was born.\nQ. Did you discuss that with your manager?\nA. Yes. She was very understanding.";
    let r = import_text("deposition.txt", text);
    let tags: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(tags, ["Q", "A", "Q", "A", "Q", "A"]);
    assert_eq!(roles(&r), [("Q", Role::Interviewer), ("A", Role::Respondent)]);
    assert_eq!(
        slice_chars(&r.text, r.turns[1].start, r.turns[1].end),
        "A. About six years now. Before that I was at the hospital."
    );
    // A sentence that happens to start with "A." or an initial ("J. Smit said …") is no turn.
    assert!(import_text("zin.txt", "A. Jansen schreef het rapport.\nHet werd goed ontvangen.").turns.is_empty());
}

#[test]
fn tags_in_scripts_without_capitals_and_with_a_full_width_colon_are_speakers() {
    let cases: [(&str, &str, [&str; 2]); 4] = [
        (
            "zh.txt",
            "访谈者：您在这个社区住了多久？\n受访者：大概十年了。\n访谈者：您觉得变化大吗？\n受访者：很大，特别是交通。",
            ["访谈者", "受访者"],
        ),
        (
            "zh_codes.txt",
            "I：您在这个社区住了多久？\nR1：大概十年了。\nI：您觉得变化大吗？\nR1：很大，特别是交通。",
            ["I", "R1"],
        ),
        (
            "ar.txt",
            "المحاور: منذ متى تعيش هنا؟\nالمشارك: منذ عشر سنوات تقريبا.\nالمحاور: وهل تغير الحي؟\nالمشارك: نعم، كثيرا.",
            ["المحاور", "المشارك"],
        ),
        (
            "he.txt",
            "מראיין: כמה זמן אתה גר כאן?\nמרואיין: בערך עשר שנים.\nמראיין: האם השכונה השתנתה?\nמרואיין: כן, מאוד.",
            ["מראיין", "מרואיין"],
        ),
    ];
    for (name, text, [interviewer, respondent]) in cases {
        let r = import_text(name, text);
        let tags: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(tags, [interviewer, respondent, interviewer, respondent], "{name}");
        assert_eq!(roles(&r), [(interviewer, Role::Interviewer), (respondent, Role::Respondent)], "{name}");
    }
}

#[test]
fn in_a_focus_group_the_second_moderator_numbered_like_the_first_is_a_moderator_too() {
    let mut text = String::from("Focusgroep 3, 4 april 2024\nM1: Welkom allemaal. Zullen we een rondje doen?\n");
    for i in 1..=8 {
        text.push_str(&format!("P{i}: Ik ben deelnemer {i}, ik woon hier al {} jaar.\n", i + 2));
    }
    text.push_str("M2: Dank jullie wel. Wat vinden jullie van het park?\n");
    for i in [3, 5, 1, 8] {
        text.push_str(&format!("P{i}: Het park is prima, maar 's avonds onveilig.\n"));
    }
    text.push_str("M1: Oké. Nog iets?\nP7: Nee.\n");
    let r = import_text("focusgroep.txt", &text);
    assert_eq!(r.turns.len(), 16);
    let interviewers: Vec<&str> =
        r.speakers.iter().filter(|s| s.role == Role::Interviewer).map(|s| s.tag.as_str()).collect();
    assert_eq!(interviewers, ["M1", "M2"]);
    assert_eq!(r.speakers.iter().filter(|s| s.role == Role::Respondent).count(), 8);
}

#[test]
fn a_file_that_holds_only_the_speaker_legend_has_no_turns() {
    let r = import_text("legenda.txt", "I: Interviewer\nR: Respondent\n");
    assert!(r.turns.is_empty(), "{:?}", r.turns);
    assert_eq!(r.text, "I: Interviewer\nR: Respondent\n");
}

#[test]
fn a_text_without_speaker_tags_says_so_instead_of_importing_silently_without_turns() {
    // A transcript whose interviewer is in italics only arrives as plain paragraphs: no tags.
    let r = import_text(
        "cursief.txt",
        "How long have you lived here?\nSince 1998. Before that in Rotterdam.\nWhat changed?\nEverything, really.\nThank you.",
    );
    assert!(r.turns.is_empty());
    assert!(r.warnings.iter().any(|w| w.to_string().contains("No speaker turns")), "{:?}", r.warnings);
    // A transcript typed on one line: its tags are not at line starts.
    let line = "I: Hoe gaat het? R: Goed. ".repeat(200);
    let r = import_text("een_regel.txt", &line);
    assert!(r.warnings.iter().any(|w| w.to_string().contains("line break")), "{:?}", r.warnings);
    assert_eq!(words(&r.text), words(&line));
    // A written answer or field notes ask no questions: nothing to warn about.
    let notes = "Ik werk hier sinds 2015.\nHet team is klein.\nWat ik mis is overleg?\nMeer niet.\nDank.\nTot ziens.";
    assert!(import_text("notities.txt", notes).warnings.is_empty());
    assert!(import_text("notitie.txt", "Bel Jan terug.").warnings.is_empty());
}

#[test]
fn a_participant_who_speaks_once_after_being_asked_by_name_is_a_speaker() {
    let r = import_text(
        "vrijwilligers.txt",
        "Q: Could you introduce yourself?\nMaria: I am Maria, I coordinate the volunteers.\nQ: How many volunteers are there?\n\
Maria: Around forty, depending on the season.\nQ: And Tom, what is your role?\n\nTom: I do the logistics. Trucks, mostly.\nQ: Thanks.",
    );
    let tags: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(tags, ["Q", "Maria", "Q", "Maria", "Q", "Tom", "Q"], "Tom's words are not the interviewer's");
    // A word before a colon once, that nobody addressed, is still no speaker.
    let r =
        import_text("notitie.txt", "Q: And then?\nMaria: We left.\nQ: Why?\nMaria: Money.\nNote: the tape ends here.");
    assert_eq!(r.turns.len(), 4);
}

#[test]
fn abbreviated_role_tags_with_a_period_name_their_role() {
    let r = import_text(
        "afkortingen.txt",
        "Int.: Hoe lang woont u al in de wijk?\nResp.: Sinds 1998.\nInt.: En wat is er veranderd?\nResp.: Alles eigenlijk.",
    );
    assert_eq!(roles(&r), [("Int.", Role::Interviewer), ("Resp.", Role::Respondent)]);
    assert!(r.speakers.iter().all(|s| s.source == RoleSource::Tag), "{:?}", r.speakers);
}
