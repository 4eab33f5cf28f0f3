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
