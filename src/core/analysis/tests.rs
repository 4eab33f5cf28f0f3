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
fn segments_pick_lowest_id_turn_like_case_at() {
    // (start, end, priority, value)
    let s = Segments::build(vec![(0, 10, 5, 50), (5, 20, 3, 30), (20, 25, 7, 30), (30, 40, 1, 10)]);
    assert_eq!(s.at(0), Some(50));
    assert_eq!(s.at(4), Some(50));
    assert_eq!(s.at(5), Some(30)); // overlap: turn 3 beats turn 5
    assert_eq!(s.at(24), Some(30));
    assert_eq!(s.at(25), None);
    assert_eq!(s.at(35), Some(10));
    assert_eq!(s.at(40), None);
    // Adjacent segments with the same value merge.
    assert_eq!(s.starts, vec![0, 5, 30]);
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
        assert_eq!(a.case_at(1, pos), p.case_at(1, pos), "position {pos}");
    }
    assert_eq!(a.turn_at(1, 45), Some(21));
    assert_eq!(a.turn_at(1, 95), None);
}
