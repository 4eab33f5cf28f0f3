use super::*;

#[test]
fn natural_order_of_labels() {
    let mut v = vec!["R10", "r2", "A10", "M1", "A2", "R1", "B", "10"];
    v.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(v, ["10", "A2", "A10", "B", "M1", "R1", "r2", "R10"]);
    assert_eq!(natural_cmp("R01", "R1"), "R01".cmp("R1"));
    assert_eq!(citation(&["M1", "R1"]), "(M1, R1)");
    assert_eq!(citation::<&str>(&[]), "");
}

#[test]
fn templates_fill_known_keys_only() {
    let f = |k: &str| (k == "label").then(|| "R4".to_string());
    assert_eq!(fill_template("“x” ({label}, {nope}) {", f), "“x” (R4, {nope}) {");
}

#[test]
fn binary_search_lookup_agrees_with_case_at() {
    let mut p = Project::default();
    p.documents.insert(
        1,
        Document {
            id: 1,
            name: "d".into(),
            text: "x".repeat(100).into(),
            source_name: String::new(),
            imported_at: 0,
            text_hash: String::new(),
            fingerprint: Default::default(),
            case: Some(9),
            group: String::new(),
        },
    );
    for (id, label) in [(7, "R1"), (8, "R2"), (9, "R3")] {
        p.cases.insert(
            id,
            Case {
                id,
                label: label.into(),
                aliases: vec![],
                attributes: Default::default(),
                description: String::new(),
            },
        );
    }
    let turns = [(20, 0, 30, Some(7)), (21, 30, 50, None), (22, 40, 70, Some(8)), (23, 60, 90, Some(7))];
    for (id, start, end, case) in turns {
        p.turns.insert(id, Turn { id, document: 1, start, end, speaker: "S".into(), case, start_ms: None });
    }
    let a = Analysis::new(&p);
    for pos in 0..100 {
        // The definition: the lowest-id turn with a respondent containing the position, else the
        // document's respondent.
        let linear = p
            .turns
            .values()
            .find(|t| t.start <= pos && pos < t.end && t.case.is_some())
            .and_then(|t| t.case)
            .or(Some(9));
        assert_eq!(a.case_at(1, pos), linear, "position {pos}");
        assert_eq!(p.case_at(1, pos), linear, "position {pos}");
    }
    assert_eq!(a.turn_at(1, 45), Some(21));
    assert_eq!(a.turn_at(1, 95), None);
}

#[test]
fn a_shortened_quote_ends_at_a_whole_word_with_the_omission_mark() {
    assert_eq!(shorten_quote("kort citaat", 40), "kort citaat");
    assert_eq!(shorten_quote("Ik heb veel vertrouwen in de gemeente", 20), "Ik heb veel […]");
    assert_eq!(shorten_quote("Ik heb veel, vertrouwen", 12), "Ik heb veel […]");
    assert_eq!(shorten_quote("Donaudampfschifffahrt", 5), "Donau […]");
}

/// Quotes and segments of a whole code tree: every passage is cut through its document's cached
/// char and line index, so each transcript is walked once, however many quotes and calls there
/// are (it was walked again per code and per call). Line and paragraph numbers and the text stay
/// what a walk from the start gives.
#[test]
fn quotes_of_many_codes_walk_each_transcript_once() {
    use crate::core::actions::{self, NewCode, NewDocument};
    let apply = |p: &mut Project, (id, e): (Id, crate::core::edit::Edit)| {
        p.apply(&e).unwrap();
        id
    };
    let mut p = Project::default();
    let made = actions::ensure_coder(&p, "Anna").unwrap();
    let coder = apply(&mut p, made);
    let mut docs = Vec::new();
    for d in 0..3 {
        let text =
            format!("I: Wat vond u van de café-avond {d}?\n\nR1: Überhaupt één ding: {}\n", "vertrouwen. ".repeat(40));
        let name = format!("R{d}");
        let made =
            actions::add_document(&p, NewDocument { name: &name, text: &text, source_name: &name, turns: vec![] })
                .unwrap();
        docs.push(apply(&mut p, made));
    }
    let mut roots = Vec::new();
    for c in 0..4 {
        let name = format!("Code {c}");
        let made =
            actions::add_code(&p, NewCode { parent: None, name: &name, kind: None, color: None, description: "" })
                .unwrap();
        let code = apply(&mut p, made);
        let ranges: Vec<(Id, usize, usize)> =
            docs.iter().flat_map(|&d| (0..10).map(move |i| (d, 40 + i * 17 + c, 52 + i * 17 + c))).collect();
        let e = actions::code_ranges(&p, &ranges, code, coder).unwrap();
        p.apply(&e).unwrap();
        roots.push(code);
    }
    let before = p.char_index_builds();
    let a = Analysis::new(&p);
    let style = CitationStyle::template("{quote} ({label}, r. {line}, ¶ {paragraph})");
    for _ in 0..2 {
        for &root in &roots {
            let quotes = a.quotes(root, true, &Filter::all(), &style);
            assert_eq!(quotes.len(), 30);
            for q in &quotes {
                let text = &p.documents[&q.document].text;
                let walked: String = text.chars().skip(q.start).take(q.end - q.start).collect();
                assert_eq!(q.text, walked.trim());
                let line = text.chars().take(q.start).filter(|&c| c == '\n').count() + 1;
                assert_eq!((q.line, line), (3, 3));
                assert!(q.citation.ends_with("r. 3, ¶ 2)"), "{}", q.citation);
            }
        }
    }
    assert_eq!(p.char_index_builds() - before, docs.len(), "one line index per transcript, for 240 quotes");
}

#[test]
fn line_and_paragraph_starts_agree_with_a_walk() {
    use crate::core::text::{TextLines, paragraph_number};
    let text = "I: één\n\n  R1: café\n\t\nR2: ja 🙂\nnog\n";
    let lines = TextLines::new(text);
    let starts = crate::core::text::paragraph_starts(text);
    assert_eq!(starts, vec![0, 10, 21, 30]);
    for ch in 0..=text.chars().count() {
        let walked = text.chars().take(ch).filter(|&c| c == '\n').count() + 1;
        assert_eq!(lines.line_of(ch), walked, "line at {ch}");
        assert_eq!(lines.paragraph_of(ch), paragraph_number(&starts, ch).max(1), "paragraph at {ch}");
    }
}
