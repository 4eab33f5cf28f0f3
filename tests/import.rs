//! User stories for transcript import: a thesis researcher brings the files she actually has
//! (Word documents from various tools, LibreOffice files, plain-text transcripts in odd
//! encodings) and expects the words, only the words, and her speaker turns. Hostile or broken
//! files must give an error quickly, never a crash or a memory blow-up.
//!
//! Fixtures live in tests/fixtures (see its README for provenance and licences).

use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use werkbank::core::text::slice_chars;
use werkbank::import::{ImportError, ImportedText, SUPPORTED_FORMATS, detect_speakers, import_bytes, import_path};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/")).join(rel)
}

fn docx(name: &str) -> ImportedText {
    let path = fixture(&format!("docx/{name}"));
    import_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_lacks(text: &str, unwanted: &[&str]) {
    for u in unwanted {
        assert!(!text.contains(u), "{u:?} must not appear in {text:?}");
    }
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

// ---------------------------------------------------------------------------------------------
// Word documents: the words, in reading order, exactly once.
// ---------------------------------------------------------------------------------------------

#[test]
fn every_docx_fixture_imports() {
    // Guard: a new fixture without a story below fails here until someone looks at it.
    let mut names: Vec<String> = std::fs::read_dir(fixture("docx"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 25);
    for name in names {
        let r = docx(&name);
        assert!(!r.text.contains('\r'), "{name}: \\r in text");
        assert!(!r.text.contains('\u{feff}'), "{name}: BOM in text");
    }
}

#[test]
fn main_part_is_found_through_relationships_and_bom_is_ignored() {
    // word/document2.xml, named only in _rels/.rels, with a UTF-8 BOM before <?xml.
    assert_eq!(docx("docxrs_bom.docx").text, "Hello");
    assert_eq!(docx("mammoth_utf8-bom.docx").text, "This XML has a byte order mark.");
}

#[test]
fn iso_strict_documents_read_like_transitional_ones() {
    assert_eq!(docx("mammoth_strict-format.docx").text, "Test");
}

#[test]
fn tracked_changes_are_shown_accepted() {
    let r = docx("docxrs_history.docx");
    assert_eq!(r.text, "Warld"); // insertions "W"+"a"+"rld" joined without spaces
    assert_lacks(&r.text, &["Hello"]); // w:delText
    assert!(r.warnings.iter().any(|w| w.to_string().contains("tracked changes")));

    let r = docx("docxrs_del_in_ins.docx");
    assert_eq!(r.text, "Hello “EWold");
    assert_lacks(&r.text, &["DelText"]);

    // Inserted, then deleted by someone else: nothing remains, the comment neither.
    let r = docx("docxrs_comment_in_delete_in_insert.docx");
    assert_eq!(r.text, "");
    assert_lacks(&r.text, &["Hello", "World", "Comment"]);
    assert!(r.warnings.iter().any(|w| w.to_string().contains("no text")));
}

#[test]
fn hidden_text_is_left_out() {
    let r = docx("docxrs_hidden.docx");
    assert_eq!(r.text, "Hello World");
    assert_lacks(&r.text, &["Hidden"]);
    assert!(r.warnings.iter().any(|w| w.to_string().contains("Hidden text")));
}

#[test]
fn hidden_paragraph_marks_run_headings_into_their_paragraph() {
    // A real legal template: "Place of Meetings" is a heading whose paragraph mark is hidden
    // (w:vanish + w:specVanish), so Word shows it run-in with the following paragraph.
    let r = docx("docxrs_spec_vanish.docx");
    let t = &r.text;
    assert!(t.starts_with("BYLAWS OF\n[INSERT US SUB NAME]"), "{}", &t[..60]);
    assert!(t.contains("\nPlace of Meetings.\u{a0} Meetings of stockholders of [Insert US Sub Name] (the “Company”)"));
    assert!(t.contains("\nAnnual Meeting.\u{a0} Unless directors are elected"));
    // Field results are kept, field codes are not; runs "S"+"ection " join cleanly.
    assert!(t.contains("this Section\u{a0}1.3 shall be construed"), "field result");
    assert_lacks(t, &["MERGEFORMAT", "REF _Ref", "PAGE"]);
    // Header and footer text ("TABLE OF CONTENTS (Continued)", page numbers) stays out.
    assert_lacks(t, &["(Continued)", "- ii -", "- 4 -"]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn headers_and_footers_stay_out_of_the_body() {
    let r = docx("docxrs_header_footer.docx");
    assert_lacks(&r.text, &["Hello Header", "Hello Footer", "Header", "Footer"]);
    assert_eq!(r.text, "");

    // Three headers (first/even/default) around a body of page breaks only.
    let r = docx("docxrs_first_even_header.docx");
    assert_lacks(&r.text, &["EvenHeader", "FirstHeader", "Header"]);
    assert_eq!(r.text.trim(), "");
}

#[test]
fn comments_are_not_part_of_the_text() {
    let r = docx("mammoth_comments.docx");
    assert_eq!(r.text, "Ouch.");
    assert_lacks(&r.text, &["tachyon", "Fin"]);
    assert!(r.warnings.iter().any(|w| w.to_string().contains("Comments")));

    let r = docx("docxrs_nested_comments.docx");
    assert_eq!(r.text, "Hello"); // "H"+"ello", comments say "Hello" and "World"
    assert_lacks(&r.text, &["World", "H ello"]);

    let r = docx("docxrs_multi_paragraph_comment.docx");
    assert_eq!(r.text, "comment test\n\nHello\nWorld\n\nHello");
    assert_lacks(&r.text, &["Aaaaaa", "aaa"]);
}

#[test]
fn footnotes_and_endnotes_are_appended_with_markers() {
    let notes = "Ouch[1].[2]\n\n[Notes]\n[1] A tachyon walks into a bar.\n[2] Fin.";
    assert_eq!(docx("mammoth_footnotes.docx").text, notes);
    assert_eq!(docx("mammoth_endnotes.docx").text, notes);
    assert_eq!(docx("docxrs_footnotes.docx").text, "Hello[1]\n\n[Notes]\n[1] World");
}

#[test]
fn tables_read_row_by_row_with_tabs_between_cells() {
    let t = docx("mammoth_tables.docx").text;
    assert_eq!(t, "Above\nTop left\tTop right\nBottom left\tBottom right\nBelow");
    let cells: usize = t.lines().skip(1).take(2).map(|l| l.split('\t').count()).sum();
    assert_eq!(cells, 4);

    // Merged cells: 2 + 3 + 3 cells, all empty; the structure survives.
    let t = docx("docxrs_table_merged.docx").text;
    assert_eq!(t, "\t\n\t\t\n\t\t");
    assert_eq!(t.lines().map(|l| l.split('\t').count()).collect::<Vec<_>>(), [2, 3, 3]);

    // A 2×2 table inside the first cell of a 2×2 table: the inner one flattens into its cell.
    let t = docx("docxrs_nested_table.docx").text;
    assert_eq!(t, "Hello\t\n\t");
    assert_eq!(t.lines().count(), 2);
}

#[test]
fn text_boxes_appear_exactly_once() {
    // Word writes each text box twice (DrawingML choice + VML fallback); we read one.
    let t = docx("mammoth_text-box.docx").text;
    assert_eq!(t, "Datum plane");
    let t = docx("docxrs_textbox.docx").text;
    assert_eq!(t, "Hello");
    assert_eq!(count(&t, "Hello"), 1);
}

#[test]
fn lists_and_tables_of_contents() {
    assert_eq!(docx("mammoth_simple-list.docx").text, "Apple\nBanana");
    let t = docx("docxrs_toc1.docx").text;
    assert!(t.starts_with("第１章\tHello\t2\n第１節\tWorld\t2\n第２章\tこんにちは\t3\n第１節\t世界\t3\n"));
    assert!(t.ends_with("Hello\nWorld\n\n\nこんにちは\n世界"));
    assert_lacks(&t, &["TOC", "PAGEREF", "H ello", "W orld"]);
    assert_eq!(count(&t, "Hello"), 2);
}

#[test]
fn qualcoder_interview_answers() {
    let r = docx("qualcoder_ID1.docx");
    let lines: Vec<&str> = r.text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("I really like learning new things."));
    assert!(lines[0].ends_with("web links have been really good."));
    assert_eq!(
        lines[1],
        "I guess some less computer-savvy people would have some trouble accessing the \
         internet-based material, but its like a duck to water for me - no problem at all."
    );
    assert!(lines[2].ends_with("I'm happy to pay €200."));
    assert!(r.warnings.is_empty());

    let r = import_path(&fixture("docx/qualcoder_ID2.odt")).unwrap();
    assert_eq!(
        r.text,
        "I have not studied much before, but my father Joe Bloggs really encouraged me to study \
         again. I know that I must get help as I have struggled understanding the lecture slides \
         so far and searching the web did not help.\n\
         I really want someone to sit down with me and explain the course material.\n\
         The course cost €200.00 and I do not want to waste my money."
    );
    assert!(r.turns.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Plain-text transcripts and speaker turns.
// ---------------------------------------------------------------------------------------------

#[test]
fn focus_group_transcript_has_seven_turns() {
    let r = import_path(&fixture("transcripts/qualcoder_focusgroup_transcript.txt")).unwrap();
    let speakers: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(speakers, ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]);
    let first = slice_chars(&r.text, r.turns[0].start, r.turns[0].end);
    assert!(first.starts_with("[id1] hello, I like the course."));
    assert!(first.ends_with("life in the past."), "trailing blank line excluded");
    let last = r.turns.last().unwrap();
    assert_eq!(
        slice_chars(&r.text, last.start, last.end),
        "[id2] Hmm, I will ask the tutor for more help as I am really struggling."
    );
    // Turns tile the text: each starts where the previous one's blank line ends.
    for w in r.turns.windows(2) {
        assert_eq!(slice_chars(&r.text, w[0].end, w[1].start), "\n\n");
    }
}

#[test]
fn windows_transcripts_in_utf16_and_cp1252() {
    let text = "Interviewer: Hoe was het café?\r\nRespondent 3: Één woord: “geweldig”.\r\n";
    let expected = "Interviewer: Hoe was het café?\nRespondent 3: Één woord: “geweldig”.\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (label, bytes) in [
        ("utf-16le bom", [&[0xFF, 0xFE][..], &le].concat()),
        ("utf-16be bom", [&[0xFE, 0xFF][..], &be].concat()),
        ("utf-16le", le.clone()),
        ("utf-16be", be.clone()),
        ("utf-8 bom", [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()),
    ] {
        let r = import_bytes("t.txt", &bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(r.text, expected, "{label}");
        let speakers: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(speakers, ["Interviewer", "Respondent 3"], "{label}");
    }
    // Windows-1252: é = E9, curly quotes 93/94, É = C9; old Mac line ends (CR only).
    let cp1252 = b"I: Caf\xE9 \x93De Re\xFCnie\x94\rR1: \xC9\xE9n euro: \x80 1\r";
    let r = import_bytes("t.txt", cp1252).unwrap();
    assert_eq!(r.text, "I: Café “De Reünie”\nR1: Één euro: € 1\n");
    assert!(r.warnings.iter().any(|w| w.to_string().contains("Windows-1252")));
    assert_eq!(r.turns.len(), 2);
    assert_eq!(slice_chars(&r.text, r.turns[1].start, r.turns[1].end), "R1: Één euro: € 1");
}

#[test]
fn speaker_tags_in_the_forms_transcribers_use() {
    let text = "Interview 4, 12 maart\n\
                *0:0 = I1: Goedemorgen.\n\
                00:01:23 R1: Morgen!\n\
                [00:01:30] I: Zullen we beginnen?\n\
                Jan: Ja hoor.\n\
                Int: Mooi.\n\
                Jan: Prima.\n\
                Opmerking: dit is geen spreker.\n";
    let r = import_bytes("interview.md", text.as_bytes()).unwrap();
    let speakers: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(speakers, ["I1", "R1", "I", "Jan", "Int", "Jan"]);
    // The last turn runs to the end of the text, including the untagged line.
    let last = r.turns.last().unwrap();
    assert_eq!(slice_chars(&r.text, last.start, last.end), "Jan: Prima.\nOpmerking: dit is geen spreker.");
    assert_eq!(detect_speakers(&r.text), r.turns);
}

#[test]
fn markdown_keeps_the_words() {
    let md = "# Interview 2\n\n**Interviewer:** Wat __vond__ u ervan?\n\n**R2:** Goed.\n";
    let r = import_bytes("notes.MD", md.as_bytes()).unwrap();
    assert_eq!(r.text, "Interview 2\n\nInterviewer: Wat vond u ervan?\n\nR2: Goed.\n");
    assert_eq!(r.turns.len(), 2);
}

#[test]
fn empty_and_unsupported_files() {
    let r = import_bytes("leeg.txt", b"").unwrap();
    assert_eq!(r.text, "");
    assert!(!r.warnings.is_empty());
    assert!(import_bytes("leeg.docx", b"").is_err());
    assert!(import_bytes("leeg.odt", b"").is_err());
    // A PDF that is only a header is damaged, not "unsupported".
    assert!(matches!(import_bytes("kapot.pdf", b"%PDF-1.7"), Err(ImportError::Pdf(_))));
    assert!(matches!(import_bytes("leeg.rtf", b""), Err(ImportError::Encoding(_))));
    assert!(matches!(import_bytes("README", b"x"), Err(ImportError::UnsupportedFormat { .. })));
    assert_eq!(
        werkbank::output::extensions(SUPPORTED_FORMATS),
        ["txt", "md", "docx", "odt", "rtf", "pdf", "vtt", "srt"]
    );
    let e = import_bytes("foto.jpg", b"").unwrap_err().to_string();
    assert!(e.contains(".rtf") && e.contains(".pdf"), "{e}");
    let e = import_bytes("oud.doc", b"").unwrap_err().to_string();
    assert!(e.contains(".doc"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Subtitles (.vtt, .srt) as Zoom, Teams, Otter, Whisper and YouTube export them: cues merged into
// speaker turns with their start times.
// ---------------------------------------------------------------------------------------------

fn transcript(name: &str) -> ImportedText {
    let path = fixture(&format!("transcripts/{name}"));
    import_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `(speaker, start time, text)` per turn.
fn timed_turns(r: &ImportedText) -> Vec<(&str, Option<u64>, &str)> {
    r.turns.iter().map(|t| (t.speaker.as_str(), t.start_ms, slice_chars(&r.text, t.start, t.end))).collect()
}

#[test]
fn a_teams_webvtt_file_gives_one_turn_per_change_of_voice_without_tags_or_timing_lines() {
    let r = transcript("en_teams.vtt");
    assert_eq!(
        timed_turns(&r),
        [
            ("Anna Jansen", Some(3_120), "[00:00:03] Anna Jansen: Thanks for joining. Could you introduce yourself?"),
            (
                "Pieter de Vries",
                Some(8_200),
                "[00:00:08] Pieter de Vries: Sure. I work at the municipality, housing & planning. Six years now <and counting>."
            ),
            // A non-breaking space is a space to a coder who searches for "What changed".
            ("Anna Jansen", Some(62_000), "[00:01:02] Anna Jansen: What changed?"),
            ("Pieter de Vries", Some(3_600_500), "[01:00:00] Pieter de Vries: Everything."),
        ]
    );
    // Nothing of the cue identifiers, timing lines, NOTE or STYLE blocks is left.
    assert_lacks(&r.text, &["WEBVTT", "-->", "3f1c2b9e", "NOTE", "Teams writes", "::cue", "align:"]);
    assert_lacks(&r.text, &["<v", "<i>", "</", "&amp;", "&nbsp;"]);
    assert_eq!(r.text.matches("\n\n").count(), 3, "a blank line between turns: {:?}", r.text);
    let roles: Vec<(&str, werkbank::import::Role)> = r.speakers.iter().map(|s| (s.tag.as_str(), s.role)).collect();
    assert_eq!(
        roles,
        [("Anna Jansen", werkbank::import::Role::Interviewer), ("Pieter de Vries", werkbank::import::Role::Respondent)]
    );
}

#[test]
fn zoom_and_otter_subtitles_name_the_speaker_before_a_colon() {
    let r = transcript("en_zoom.vtt");
    assert_eq!(
        timed_turns(&r),
        [
            ("Anna Jansen", Some(1_500), "[00:00:01] Anna Jansen: Thanks for joining. Could you introduce yourself?"),
            // "Note:" once is no speaker: the words stay with who said them.
            (
                "Pieter de Vries",
                Some(6_500),
                "[00:00:06] Pieter de Vries: Sure. I'm a policy officer. Note: this is where I started."
            ),
            ("Anna Jansen", Some(11_500), "[00:00:11] Anna Jansen: And before that?"),
            ("Pieter de Vries", Some(13_500), "[00:00:13] Pieter de Vries: Housing."),
        ]
    );
    // SubRip from Otter: cue numbers and CRLF; a cue without a name continues the speaker.
    let r = transcript("en_otter.srt");
    assert_eq!(
        timed_turns(&r),
        [
            ("Speaker 1", Some(0), "[00:00:00] Speaker 1: Thanks for joining. Could you introduce yourself?"),
            ("Speaker 2", Some(5_000), "[00:00:05] Speaker 2: Sure. I am a policy officer. Six years now."),
            ("Speaker 1", Some(12_000), "[00:00:12] Speaker 1: And before that?"),
        ]
    );
}

/// Teams' older "Download as .docx" transcript, a paragraph per line: each cue is its time line
/// (hours and minutes without leading zeros), the speaker's name on a line of its own, the words.
const OLD_TEAMS: &[&str] = &[
    "0:0:0.0 --> 0:0:5.230",
    "Jan de Vries",
    "Goedemorgen allemaal, fijn dat jullie er zijn.",
    "",
    "0:0:5.230 --> 0:0:9.870",
    "Anna Bakker",
    "Goedemorgen.",
    "",
    "0:0:9.870 --> 0:0:14.100",
    "Anna Bakker",
    "Zal ik beginnen met de eerste vraag?",
    "",
    "0:12:3.456 --> 0:12:8.2",
    "Jan de Vries",
    "Ja, graag.",
    "",
    "0:12:8.2 --> 0:12:10.0",
    "Smit, Sanne (Gast)",
    "Mag ik iets vragen?",
];

/// The turns the old Teams layout must give: one per change of speaker, started at its first cue.
const OLD_TEAMS_TURNS: [(&str, Option<u64>, &str); 4] = [
    ("Jan de Vries", Some(0), "[00:00:00] Jan de Vries: Goedemorgen allemaal, fijn dat jullie er zijn."),
    ("Anna Bakker", Some(5_230), "[00:00:05] Anna Bakker: Goedemorgen. Zal ik beginnen met de eerste vraag?"),
    ("Jan de Vries", Some(723_456), "[00:12:03] Jan de Vries: Ja, graag."),
    ("Smit, Sanne (Gast)", Some(728_200), "[00:12:08] Smit, Sanne (Gast): Mag ik iets vragen?"),
];

#[test]
fn an_old_teams_transcript_downloaded_as_word_gives_a_turn_per_speaker_with_its_cue_time() {
    let body: String = OLD_TEAMS
        .iter()
        .map(|p| if p.is_empty() { "<w:p/>".to_string() } else { format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>") })
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let r = import_bytes("Teams vergadering.docx", &docx_with(xml.as_bytes())).unwrap();
    assert_eq!(timed_turns(&r), OLD_TEAMS_TURNS);
    assert_lacks(&r.text, &["-->", "0:0:"]);
    assert_eq!(r.text.matches("\n\n").count(), 3, "a blank line between turns: {:?}", r.text);
}

#[test]
fn an_old_teams_transcript_copied_to_text_gives_the_same_turns() {
    // Copied without the blank lines, or with them and Windows line ends: the same turns.
    for text in [
        OLD_TEAMS.join("\n"),
        OLD_TEAMS.join("\r\n"),
        OLD_TEAMS.iter().filter(|l| !l.is_empty()).copied().collect::<Vec<_>>().join("\n"),
    ] {
        let r = import_bytes("teams.txt", text.as_bytes()).unwrap();
        assert_eq!(timed_turns(&r), OLD_TEAMS_TURNS, "{text:?}");
    }
}

#[test]
fn a_title_above_the_cues_stays_and_words_between_them_keep_the_text_as_written() {
    // A heading the student typed above the cues stays as the first paragraph, nobody's words.
    let text = format!("Focusgroep 2\n\n{}", OLD_TEAMS.join("\n"));
    let r = import_bytes("teams.txt", text.as_bytes()).unwrap();
    assert!(r.text.starts_with("Focusgroep 2\n\n[00:00:00] Jan de Vries: "), "{:?}", r.text);
    assert_eq!(timed_turns(&r), OLD_TEAMS_TURNS);
    // Notes between the cues are not a cue layout: nothing is dropped, the text stays as written.
    let text = format!("{}\n\nNotitie: hier viel de verbinding weg.\n", OLD_TEAMS.join("\n"));
    let r = import_bytes("teams.txt", text.as_bytes()).unwrap();
    assert_eq!(r.text, text);
    // One arrow in a sentence is no cue.
    let text = "Het proces: aanvraag --> besluit.\nDaarna 0:05 --> 0:10 wachten.\n";
    assert_eq!(import_bytes("notes.txt", text.as_bytes()).unwrap().text, text);
}

#[test]
fn subtitles_without_speakers_become_timed_paragraphs() {
    // Whisper: no names; a pause of two seconds or more starts a paragraph.
    let r = transcript("en_whisper.srt");
    assert_eq!(
        r.text,
        "[00:00:00] So how did you end up in this job? Well, it was a bit of an accident, really.\n\n\
         [00:00:10] I was looking for something else."
    );
    assert!(r.turns.is_empty());
    // YouTube's rolling captions repeat each line in the next cue; word timings are tags.
    let r = transcript("en_youtube.vtt");
    assert_eq!(r.text, "[00:00:00] so how did it start it began with a letter");
}

#[test]
fn broken_subtitles_are_refused_with_a_clear_message() {
    let e = import_bytes("x.vtt", b"1\n00:00:01.000 --> 00:00:02.000\nHallo\n").unwrap_err().to_string();
    assert!(e.contains("WEBVTT"), "{e}");
    let e = import_bytes("x.srt", b"just some words\nand more words\n").unwrap_err().to_string();
    assert!(e.contains("no cue found") && e.contains("-->"), "{e}");
    assert!(import_bytes("x.srt", b"\x00\x01\x02binary\x03\x04").is_err());
    // Hostile times and tags: no panic, an answer.
    for junk in [
        "WEBVTT\n\n99999999999999999999:00:00.000 --> 1:00.000\n<v>x</v>\n",
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Anna\n<<<>>>&#xFFFFFFFF;&#55296;&\n",
        "WEBVTT\n\n00:02.000 --> 00:01.000\n-->\n",
    ] {
        let _ = import_bytes("junk.vtt", junk.as_bytes());
    }
    // A header and notes without cues: an empty document, as an empty .txt is.
    let r = import_bytes("empty.vtt", b"WEBVTT\n\nNOTE nothing was said\n").unwrap();
    assert_eq!(r.text, "");
    assert!(r.warnings.iter().any(|w| w.to_string().contains("no text")), "{:?}", r.warnings);
}

// ---------------------------------------------------------------------------------------------
// Hostile and broken input: an error, quickly, with bounded memory.
// ---------------------------------------------------------------------------------------------

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn docx_with(document_xml: &[u8]) -> Vec<u8> {
    zip_of(&[("_rels/.rels", RELS), ("word/document.xml", document_xml)])
}

/// Overwrites the uncompressed size of every entry (local and central headers).
fn patch_declared_sizes(zip: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 46 <= zip.len() {
        match &zip[i..i + 4] {
            b"PK\x03\x04" => zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes()),
            b"PK\x01\x02" => zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes()),
            _ => {}
        }
        i += 1;
    }
}

fn assert_fast_err(label: &str, file: &str, bytes: &[u8]) -> ImportError {
    let t = Instant::now();
    let r = import_bytes(file, bytes);
    assert!(t.elapsed() < Duration::from_secs(3), "{label}: took {:?}", t.elapsed());
    match r {
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e
        }
        Ok(r) => panic!("{label}: expected an error, got {:?}", &r.text[..r.text.len().min(80)]),
    }
}

#[test]
fn a_declared_huge_entry_is_refused_before_unpacking() {
    let mut z = docx_with(b"<w:document><w:body/></w:document>");
    patch_declared_sizes(&mut z, 0xF000_0000);
    let e = assert_fast_err("declared 3.75 GiB", "bomb.docx", &z);
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e}");

    // Five parts of 60 MiB each: every one under the part limit, together over 256 MiB.
    let mut z = zip_of(&[("a", b"1"), ("b", b"2"), ("c", b"3"), ("d", b"4"), ("e", b"5")]);
    patch_declared_sizes(&mut z, 60 * 1024 * 1024);
    let e = assert_fast_err("sum of declared sizes", "bomb.odt", &z);
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e}");
}

/// Word documents, OpenDocument files and spreadsheets are read by the same safe-zip reader as
/// REFI-QDA projects: an entry name that climbs out of the archive, or a flood of entries, is a
/// crafted file and is refused before anything is unpacked.
#[test]
fn a_document_with_path_tricks_or_a_flood_of_entries_is_refused_like_a_refi_project() {
    let doc = b"<w:document><w:body><w:p><w:r><w:t>R1: ja</w:t></w:r></w:p></w:body></w:document>";
    let crafted = zip_of(&[("_rels/.rels", RELS), ("word/document.xml", doc), ("../../evil.xml", b"x")]);
    for name in ["crafted.docx", "crafted.odt"] {
        let e = assert_fast_err("path trick", name, &crafted);
        assert!(matches!(e, ImportError::CorruptArchive(_)), "{e}");
        assert!(e.to_string().contains("unsafe path"), "{e}");
    }
    let names: Vec<String> = (0..100_001).map(|i| format!("media/{i}")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("_rels/.rels", RELS), ("word/document.xml", doc)];
    entries.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    let e = import_bytes("flood.docx", &zip_of(&entries)).unwrap_err();
    assert!(e.to_string().contains("entries (limit 100000)"), "{e}");
}

#[test]
fn a_zip_bomb_is_stopped_while_unpacking() {
    // ~80 MiB of zeros deflate to well under a MiB.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    w.start_file("_rels/.rels", opts).unwrap();
    w.write_all(RELS).unwrap();
    w.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..80 {
        w.write_all(&chunk).unwrap();
    }
    let honest = w.finish().unwrap().into_inner();
    assert!(honest.len() < 4 << 20, "bomb is {} bytes", honest.len());

    let e = assert_fast_err("honest 80 MiB part", "bomb.docx", &honest);
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e}");

    // The same archive lying about its size: the limit must hold while inflating.
    let mut liar = honest.clone();
    patch_declared_sizes(&mut liar, 1000);
    let e = assert_fast_err("lying 80 MiB part", "bomb.docx", &liar);
    assert!(matches!(e, ImportError::TooLarge { .. } | ImportError::CorruptArchive(_)), "{e}");
}

#[test]
fn a_corrupt_deflate_stream_is_an_error() {
    let good = std::fs::read(fixture("docx/mammoth_tables.docx")).unwrap();
    // Find word/document.xml's local header and damage its compressed data.
    let name = b"word/document.xml";
    let at = good
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x03\x04")
        .map(|(i, _)| i)
        .find(|&i| good[i + 30..].starts_with(name))
        .expect("local header");
    let n = u16::from_le_bytes([good[at + 26], good[at + 27]]) as usize;
    let m = u16::from_le_bytes([good[at + 28], good[at + 29]]) as usize;
    let csize = u32::from_le_bytes(good[at + 18..at + 22].try_into().unwrap()) as usize;
    let data = at + 30 + n + m;
    assert!(csize > 64);
    let mut bad = good.clone();
    for b in &mut bad[data + 8..data + csize - 8] {
        *b ^= 0x5A;
    }
    let e = assert_fast_err("corrupt deflate", "kapot.docx", &bad);
    assert!(matches!(e, ImportError::CorruptArchive(_)), "{e}");
}

#[test]
fn random_bytes_and_truncated_archives_are_errors() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let random: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    for name in ["r.docx", "r.odt", "r.txt", "r.md"] {
        assert_fast_err("random bytes", name, &random);
    }
    // A zip signature followed by garbage.
    let mut pk = b"PK\x03\x04".to_vec();
    pk.extend_from_slice(&random[..5000]);
    assert_fast_err("PK + garbage", "r.docx", &pk);

    for f in ["docx/mammoth_tables.docx", "docx/qualcoder_ID2.odt"] {
        let good = std::fs::read(fixture(f)).unwrap();
        let file = f.rsplit('/').next().unwrap();
        for cut in [10, good.len() / 2, good.len() - 30] {
            assert_fast_err("truncated", file, &good[..cut]);
        }
    }
    // Old binary Word / password-protected files (OLE compound file) get a helpful message.
    let e = assert_fast_err("ole", "oud.docx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest");
    assert!(e.to_string().contains("password"), "{e}");
}

#[test]
fn doctype_and_entity_expansion_are_refused() {
    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;&xxe;</w:t></w:r></w:p></w:body></w:document>"#;
    let e = assert_fast_err("billion laughs", "lol.docx", &docx_with(laughs));
    assert!(matches!(e, ImportError::Xml(_)), "{e}");
    assert!(e.to_string().contains("DOCTYPE"), "{e}");

    let odt = zip_of(&[("content.xml", laughs)]);
    let e = assert_fast_err("billion laughs odt", "lol.odt", &odt);
    assert!(matches!(e, ImportError::Xml(_)), "{e}");

    // Without a DOCTYPE an undefined entity is just an error.
    let undefined = b"<w:document><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>";
    assert_fast_err("undefined entity", "e.docx", &docx_with(undefined));
}

#[test]
fn malformed_and_incomplete_documents_are_errors() {
    let e = assert_fast_err("no main part", "x.docx", &zip_of(&[("[Content_Types].xml", b"<Types/>")]));
    assert!(matches!(e, ImportError::MissingPart(_)), "{e}");
    let e = assert_fast_err("no content.xml", "x.odt", &zip_of(&[("mimetype", b"x")]));
    assert!(matches!(e, ImportError::MissingPart(_)), "{e}");
    let e = assert_fast_err(
        "malformed xml",
        "x.docx",
        &docx_with(b"<w:document><w:body><w:p><w:t>open</w:p></w:body></w:document>"),
    );
    assert!(matches!(e, ImportError::Xml(_)), "{e}");
    assert_fast_err("deep nesting", "x.docx", &docx_with("<a>".repeat(100_000).as_bytes()));
    assert_fast_err("not utf-8", "x.docx", &docx_with(b"<w:document>\xFF\xFE\xFD</w:document>"));
}

#[test]
fn files_over_64_mib_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(65 * 1024 * 1024).unwrap(); // sparse: costs no disk and no time
    let t = Instant::now();
    let e = import_path(&path).unwrap_err();
    assert!(t.elapsed() < Duration::from_millis(500));
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e}");
    assert!(e.to_string().contains("too large"));
}

// ---------------------------------------------------------------------------------------------
// RTF: as macOS TextEdit, Word and LibreOffice write it.
// ---------------------------------------------------------------------------------------------

/// Converts `file` with LibreOffice (`soffice --convert-to FORMAT`) into `dir` and returns the
/// result. CI installs LibreOffice; without it this fails loudly rather than skipping.
fn libreoffice_convert(file: &std::path::Path, format: &str, dir: &std::path::Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("LibreOffice (soffice) is needed to make PDF/RTF test files and could not be started: {e}")
        });
    let ext = format.split(':').next().unwrap();
    let result = dir.join(file.file_stem().unwrap()).with_extension(ext);
    assert!(
        result.exists(),
        "soffice did not convert {} to {format}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    result
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn textedit_notes_keep_their_lines_code_pages_and_emoji() {
    let r = import_path(&fixture("rtf/textedit_interview_notes.rtf")).unwrap();
    assert_eq!(
        r.text,
        "Interview 3 – noter (København, 12. marts)\n\nI: Hvordan oplevede du samarbejdet med kommunen?\n\
         K: Det var “fint”, men vi fik aldrig svar på vores mails. Så vi ringede bare. 🙂\n[griner]\n\
         I: Og hvad med €\u{a0}budgettet?\n\
         K: „Det er en anden historie“, sagde min chef. Æble, øl og ål."
    );
    let speakers: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(speakers, ["I", "K", "I", "K"]);
    assert_lacks(&r.text, &["Helvetica", "cocoa", "\\", "{", "}"]);
}

#[test]
fn word_rtf_gives_the_body_text_without_fonts_styles_header_or_fields() {
    let r = import_path(&fixture("rtf/word_interview_a2.rtf")).unwrap();
    assert_eq!(
        r.text,
        "Interview A2\nInterviewer: Hoe zou u de samenwerking beschrijven?\n\
         A2: Tja. “Samenwerking” is een groot woord. We zitten één keer per maand om tafel, en dan is het vooral \
         coördineren.\nMaar goed, het werkt.\n\
         Interviewer: Wat betekent dat voor de cliënt?\n\
         A2: Dat hij soms drie keer hetzelfde verhaal moet vertellen… [zucht]\n\
         Meer info: het rapport. (łódź)"
    );
    // Font, style and info tables, the page header, the hyperlink's target, Word's theme blobs:
    // none of it is interview text.
    assert_lacks(
        &r.text,
        &["Times New Roman", "Calibri", "Normal", "Student", "Vertrouwelijk", "HYPERLINK", "example.org", "504b03"],
    );
}

#[test]
fn rtf_that_libreoffice_writes_from_a_docx_has_the_docx_text() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["qualcoder_ID1.docx", "mammoth_tables.docx", "docxrs_header_footer.docx"] {
        let from_docx = docx(name);
        let rtf = libreoffice_convert(&fixture(&format!("docx/{name}")), "rtf", dir.path());
        let from_rtf = import_path(&rtf).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(words(&from_rtf.text), words(&from_docx.text), "{name}");
    }
}

#[test]
fn hostile_rtf_is_refused_or_read_without_panicking() {
    // Not RTF at all, unbalanced groups, absurd nesting, escapes cut off at the end.
    assert!(import_bytes("x.rtf", b"hello").is_err());
    for bytes in [
        b"{\\rtf1 abc".to_vec(),
        b"{\\rtf1 }}}}} abc".to_vec(),
        [b"{\\rtf1 ".to_vec(), vec![b'{'; 200_000], b"deep".to_vec()].concat(),
        b"{\\rtf1 \\'".to_vec(),
        b"{\\rtf1 \\u".to_vec(),
        b"{\\rtf1 \\u-99999999999999 \\bin99999999999 x}".to_vec(),
        b"{\\rtf1 \\uc99999 \\u233 abc}".to_vec(),
    ] {
        let _ = import_bytes("x.rtf", &bytes);
    }
    // A surrogate pair broken by other text becomes a replacement character, not garbage.
    let r = import_bytes("x.rtf", b"{\\rtf1 \\uc0\\u55357 x\\u56898 y}").unwrap();
    assert_eq!(r.text, "\u{fffd}x\u{fffd}y");
}

// ---------------------------------------------------------------------------------------------
// PDF: from the text layer, as Word and LibreOffice export it.
// ---------------------------------------------------------------------------------------------

#[test]
fn pdf_that_libreoffice_writes_from_a_docx_has_the_docx_text() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["qualcoder_ID1.docx", "mammoth_tables.docx", "docxrs_nested_table.docx", "docxrs_bom.docx"] {
        let from_docx = docx(name);
        let pdf = libreoffice_convert(&fixture(&format!("docx/{name}")), "pdf", dir.path());
        let from_pdf = import_path(&pdf).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(words(&from_pdf.text), words(&from_docx.text), "{name}");
    }
}

#[test]
fn a_three_page_pdf_transcript_comes_back_as_its_paragraphs_without_header_footer_or_page_numbers() {
    // Written with a running header and a "Pagina N van 3" footer; justified text, so every
    // line of a turn fills the measure and turns continue across page breaks.
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("pdf/interview_r3_header_footer.fodt");
    let pdf = libreoffice_convert(&source, "pdf", dir.path());
    let word = libreoffice_convert(&source, "docx", dir.path());
    let from_pdf = import_path(&pdf).unwrap();
    let from_docx = import_path(&word).unwrap();
    assert_lacks(&from_pdf.text, &["vertrouwelijk", "masterscriptie", "Pagina", " van 3"]);
    // Not only the words: the paragraphs (one per turn) are the document's.
    assert_eq!(from_pdf.text, from_docx.text);
    assert_eq!(from_pdf.text.lines().count(), 28);
    assert_eq!(from_pdf.turns.len(), 28);
    assert!(from_pdf.warnings.is_empty(), "{:?}", from_pdf.warnings);
}

#[test]
fn a_structured_interview_that_repeats_its_questions_loses_no_line_and_no_turn_as_a_pdf() {
    // An interview guide asks the same question of every item, so the same wrapped line sits at
    // the top of many pages: content, not a running header. Written as plain text (no paragraph
    // spacing), so only the speaker tags show where a turn starts.
    let dir = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    for i in 1..60 {
        lines.push(format!(
            "I: Vraag nummer {i}, wat vindt u van de dienstverlening van de gemeente in het algemeen en van het digitale loket in het bijzonder?"
        ));
        lines.push(format!(
            "R{}: Antwoord {i}. Ik vind het eigenlijk wel prima, al zou het sneller kunnen. Soms duurt het weken voordat ik iets hoor, en dan moet ik zelf weer bellen.",
            i % 3 + 1
        ));
    }
    let source = dir.path().join("gestructureerd.txt");
    std::fs::write(&source, lines.join("\n")).unwrap();
    let pdf = libreoffice_convert(&source, "pdf", dir.path());
    let from_pdf = import_path(&pdf).unwrap();
    assert_eq!(words(&from_pdf.text), words(&lines.join(" ")), "every word, once, in order");
    assert_eq!(from_pdf.text.lines().collect::<Vec<_>>(), lines, "a paragraph per turn");
    assert_eq!(from_pdf.turns.len(), 118);
}

#[test]
fn a_scanned_pdf_without_text_is_refused_with_a_clear_message() {
    // Two pages that are only pictures (grey 8x8 images stretched over the page), as a scanner
    // writes them: no text layer at all.
    let pixels = vec![0x80u8; 64];
    let page = |content: u32| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R \
             /Resources << /XObject << /Im1 5 0 R >> >> >>"
        )
        .into_bytes()
    };
    let scan = pdf_of(&[
        page(4),
        stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        stream(
            "/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8",
            &pixels,
        ),
    ]);
    let err = import_bytes("scan.pdf", &scan).unwrap_err().to_string();
    assert!(err.contains("no text layer") && err.contains("OCR"), "{err}");
}

#[test]
fn hostile_pdfs_give_errors_not_crashes() {
    // A content stream that inflates to far more than any transcript (a deflate bomb), a form
    // that draws itself, truncated and garbage files.
    let bomb = {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..100 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap()
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bomb", pdf_with_stream(&bomb, "/Filter /FlateDecode", "")),
        (
            "self-drawing form",
            pdf_with_stream(b"/X1 Do", "", "/Type /XObject /Subtype /Form /Resources << /XObject << /X1 4 0 R >> >>"),
        ),
        ("garbage", [b"%PDF-1.4\n".to_vec(), vec![0xAB; 10_000]].concat()),
        ("truncated", pdf_with_stream(b"BT /F1 12 Tf (hi) Tj ET", "", "")[..200].to_vec()),
    ];
    for (what, bytes) in cases {
        let started = Instant::now();
        let r = import_bytes("hostile.pdf", &bytes);
        assert!(r.is_err() || r.as_ref().unwrap().text.is_empty(), "{what}: {r:?}");
        assert!(started.elapsed() < Duration::from_secs(30), "{what} took {:?}", started.elapsed());
    }
}

/// A minimal PDF: objects 1 (catalog) and 2 (pages) are written here, `objects` are numbered
/// from 3 on; object 3 must be the page.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let head = [b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(), b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()];
    for body in head.iter().chain(objects) {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for o in &offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1).as_bytes(),
    );
    out
}

fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} {dict} >>\nstream\n", content.len()).into_bytes();
    s.extend(content);
    s.extend(b"\nendstream");
    s
}

/// A one-page PDF whose page content is object 4; the page's resources name object 4 as form X1
/// when `form` holds the form's dictionary entries.
fn pdf_with_stream(content: &[u8], filter: &str, form: &str) -> Vec<u8> {
    let resources = if form.is_empty() { "" } else { "/Resources << /XObject << /X1 4 0 R >> >>" };
    pdf_of(&[
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R {resources} >>").into_bytes(),
        stream(&format!("{filter} {form}"), content),
    ])
}

#[test]
fn speaker_names_in_bold_without_a_colon_start_turns_in_word() {
    // Typed in Word: the speaker in bold at the start of the paragraph, a space, the words.
    let dir = tempfile::tempdir().unwrap();
    let html = fixture("transcripts/en_bold_speakers.html");
    let word = libreoffice_convert(&html, "docx:MS Word 2007 XML", dir.path());
    let r = import_path(&word).unwrap();
    // Saved as OpenDocument or RTF, the same turns and the same text.
    for format in ["odt", "rtf"] {
        let other = import_path(&libreoffice_convert(&word, format, dir.path())).unwrap();
        assert_eq!(other.text, r.text, "{format}");
        assert_eq!(other.turns, r.turns, "{format}");
    }
    let turns: Vec<(&str, &str)> =
        r.turns.iter().map(|t| (t.speaker.as_str(), slice_chars(&r.text, t.start, t.end))).collect();
    assert_eq!(
        turns,
        [
            ("Interviewer", "Interviewer\tHow long have you lived in the neighbourhood?"),
            ("Respondent", "Respondent\tSince 1998. Before that in Rotterdam, near the Maas."),
            ("Interviewer", "Interviewer\tWhat changed?"),
            ("Respondent", "Respondent\tEverything, really. The shops, the people.1"),
            ("Interviewer", "Interviewer\nAnd the library itself?"),
            (
                "Respondent",
                "Respondent\tMuch busier. It is the only warm place in winter.\nNote\tthe recording stopped here for two minutes."
            ),
        ]
    );
    // A word in bold once ("Note") is no speaker; only the space after it became a tab.
    // Nothing lost: the same words as the page shows.
    let page = "Interview 4 – community library study, 2 May 2024 Interviewer How long have you lived in the neighbourhood? \
Respondent Since 1998. Before that in Rotterdam, near the Maas. Interviewer What changed? Respondent Everything, really. \
The shops, the people.1 Interviewer And the library itself? Respondent Much busier. It is the only warm place in winter. \
Note the recording stopped here for two minutes.";
    assert_eq!(words(&r.text), words(page));
    // Names in bold, in a two-column table and in paragraphs.
    let word =
        libreoffice_convert(&fixture("transcripts/en_bold_names_table.html"), "docx:MS Word 2007 XML", dir.path());
    let r = import_path(&word).unwrap();
    let speakers: Vec<&str> = r.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(speakers, ["Anna", "Bert", "Anna", "Bert", "Anna", "Bert"]);
}

#[test]
fn an_otter_transcript_saved_as_pdf_keeps_a_turn_per_speaker_with_its_time() {
    // The PDF's text layer has one space where Otter wrote two before the time.
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("transcripts/en_otter.txt");
    let pdf = libreoffice_convert(&source, "pdf", dir.path());
    let from_pdf = import_path(&pdf).unwrap();
    let from_txt = import_path(&source).unwrap();
    assert_eq!(words(&from_pdf.text), words(&from_txt.text));
    let turns = |r: &ImportedText| -> Vec<(String, Option<u64>)> {
        r.turns.iter().map(|t| (t.speaker.to_string(), t.start_ms)).collect()
    };
    assert_eq!(turns(&from_pdf), turns(&from_txt));
    assert!(from_pdf.turns.len() >= 6, "{:?}", turns(&from_pdf));
}

#[test]
fn a_word_transcript_with_a_footnote_tracked_changes_and_a_comment_keeps_the_notes_out_of_the_last_turn() {
    // Bold speaker names, a header and a page-number footer, line numbering, a footnote in an
    // answer, an insertion and a deletion not yet accepted, a comment on a question.
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("transcripts/nl_interview_notes_changes.fodt");
    let word = libreoffice_convert(&source, "docx:MS Word 2007 XML", dir.path());
    let r = import_path(&word).unwrap();
    assert_eq!(
        r.text,
        "Interview 5, gemeente Utrecht\nInterviewer\tHoe lang werkt u al bij de gemeente?\n\
Respondent\tSinds 2015, afdeling wonen.[1]\nInterviewer\tWat doet u precies?\n\
Respondent\tIk coördineer de projecten voor digitalisering.\n\n[Notes]\n[1] Daarvoor bij de provincie."
    );
    let turns: Vec<(&str, &str)> =
        r.turns.iter().map(|t| (t.speaker.as_str(), slice_chars(&r.text, t.start, t.end))).collect();
    assert_eq!(turns.len(), 4);
    assert_eq!(turns[3], ("Respondent", "Respondent\tIk coördineer de projecten voor digitalisering."));
    // The same from its OpenDocument and RTF copies: the deletion left out, the footnote kept.
    for format in ["odt", "rtf"] {
        let other = import_path(&libreoffice_convert(&word, format, dir.path())).unwrap();
        assert_eq!(other.text, r.text, "{format}");
        assert_eq!(other.turns, r.turns, "{format}");
        assert!(
            other.warnings.iter().any(|w| w.to_string().contains("tracked changes")),
            "{format}: {:?}",
            other.warnings
        );
    }
}

/// The fingerprint that recognises a transcript already in the project, and the hash a
/// withdrawal finds it by, are worked out while the speakers are found: they must be those of
/// the text the document keeps, whatever the format.
#[test]
fn an_imported_transcript_carries_the_digests_of_the_text_it_keeps() {
    for name in ["en_teams.vtt", "en_otter.txt", "nl_teams.docx", "de_f4_zeitmarken.txt", "multilingual.txt"] {
        let r = transcript(name);
        assert!(!r.turns.is_empty(), "{name}");
        assert_eq!(r.digests, werkbank::core::text::TextDigests::of(&r.text), "{name}");
    }
}
