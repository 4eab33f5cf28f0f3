use super::*;

fn names(nodes: &[CodeNode]) -> Vec<String> {
    // "a", "a/b", ... depth-first, for compact structural asserts
    fn walk(out: &mut Vec<String>, prefix: &str, nodes: &[CodeNode]) {
        for n in nodes {
            let p = if prefix.is_empty() { n.name.clone() } else { format!("{prefix}/{}", n.name) };
            out.push(p.clone());
            walk(out, &p, &n.children);
        }
    }
    let mut out = Vec::new();
    walk(&mut out, "", nodes);
    out
}

#[test]
fn markers_are_stripped_once() {
    assert_eq!(strip_marker("• Vertrouwen"), (Some("•".into()), "Vertrouwen"));
    assert_eq!(strip_marker("•Vertrouwen"), (Some("•".into()), "Vertrouwen"));
    assert_eq!(strip_marker("o\tIntegriteit"), (Some("o".into()), "Integriteit"));
    assert_eq!(strip_marker("- 1. Participatie"), (Some("-".into()), "1. Participatie"));
    assert_eq!(strip_marker("1. Participatie"), (Some("1.".into()), "Participatie"));
    assert_eq!(strip_marker("2.3 Legitimiteit"), (Some("1.1".into()), "Legitimiteit"));
    assert_eq!(strip_marker("(iv) Zorg"), (Some("(i)".into()), "Zorg"));
    assert_eq!(strip_marker("b) Zorg"), (Some("a)".into()), "Zorg"));
    assert_eq!(strip_marker("-Vertrouwen"), (None, "-Vertrouwen"));
    assert_eq!(strip_marker("1.5"), (None, "1.5"));
    assert_eq!(strip_marker("2024 evaluatie"), (None, "2024 evaluatie"));
    assert_eq!(strip_marker("Software – proces matching"), (None, "Software – proces matching"));
    assert_eq!(strip_marker("(Im)materiële waarden"), (None, "(Im)materiële waarden"));
}

#[test]
fn descriptions_follow_colon_space_or_tab() {
    let n = parse_outline("Vertrouwen (trust): de mate waarin burgers erop rekenen").unwrap();
    assert_eq!(n[0].name, "Vertrouwen (trust)");
    assert_eq!(n[0].description, "de mate waarin burgers erop rekenen");
    let n =
        parse_outline("Dimensies:\n  Tijd 10:30\n  Bron https://example.org\n  Tab\tuitleg: met dubbele punt").unwrap();
    assert_eq!(
        names(&n),
        ["Dimensies:", "Dimensies:/Tijd 10:30", "Dimensies:/Bron https://example.org", "Dimensies:/Tab"]
    );
    assert_eq!(n[0].children[2].description, "uitleg: met dubbele punt");
    let n = parse_outline("- Uitleg\\: drie rollen\\\\x: vraag\\nnog een regel").unwrap();
    assert_eq!(n[0].name, "Uitleg: drie rollen\\x");
    assert_eq!(n[0].description, "vraag\nnog een regel");
}

#[test]
fn outline_nesting_tolerates_over_and_under_indentation() {
    let s = "A\n        A1\n            A1a\n      A2\n  B\nC\n";
    // A1 is over-indented (child of A), A2 sits between A and A1 (child of A), B between
    // root and A2 (child of A), C back at the root.
    assert_eq!(names(&parse_outline(s).unwrap()), ["A", "A/A1", "A/A1/A1a", "A/A2", "A/B", "C"]);
}

#[test]
fn flat_outline_uses_marker_styles_as_levels() {
    let s = "Vertrouwen\n• Integriteit\n• Competentie\nLegitimiteit\n• Inspraak\n";
    assert_eq!(
        names(&parse_outline(s).unwrap()),
        ["Vertrouwen", "Vertrouwen/Integriteit", "Vertrouwen/Competentie", "Legitimiteit", "Legitimiteit/Inspraak"]
    );
    let s = "1. Waarden\n1.1 Vrijheid\n1.2 Rechtvaardigheid\n2. Rollen\n2.1 Ambtenaren\n";
    assert_eq!(
        names(&parse_outline(s).unwrap()),
        ["Waarden", "Waarden/Vrijheid", "Waarden/Rechtvaardigheid", "Rollen", "Rollen/Ambtenaren"]
    );
    let s = "•\tA\no\tB\n\u{f0a7}\tC\n•\tD\n";
    assert_eq!(names(&parse_outline(s).unwrap()), ["A", "A/B", "A/B/C", "D"]);
    // One style: a flat list.
    assert_eq!(names(&parse_outline("- a\n- b\n").unwrap()), ["a", "b"]);
}

#[test]
fn duplicate_siblings_merge() {
    let s = "A\n  x: eerste\n  y\nA\n  x\n    z\n  w\nB\n  x\n";
    let n = parse_outline(s).unwrap();
    assert_eq!(names(&n), ["A", "A/x", "A/x/z", "A/y", "A/w", "B", "B/x"]);
    assert_eq!(n[0].children[0].description, "eerste");
    let cb =
        parse_json(r#"{"codes":[{"name":" A "},{"name":"A","description":"d","children":[{"name":"k"}]}]}"#).unwrap();
    assert_eq!(cb.codes, vec![CodeNode::new("A").with_description("d").with_children(vec![CodeNode::new("k")])]);
}

#[test]
fn empty_names_report_their_line() {
    assert_eq!(
        parse_outline("A\n\n  - \nB").unwrap_err(),
        CodebookError::Line { line: 3, msg: "empty code name".into() }
    );
    assert_eq!(
        parse_outline("A\n  : alleen uitleg").unwrap_err(),
        CodebookError::Line { line: 2, msg: "empty code name".into() }
    );
    assert_eq!(parse_outline("A\n1.").unwrap_err().to_string(), "line 2: empty code name");
    assert_eq!(parse_path_lines("a>>b\na>> >>c\n").unwrap_err().to_string(), "line 2: empty code name in path");
    assert_eq!(
        parse_json(r#"{"codes":[{"name":"A","children":[{"name":"  "}]}]}"#).unwrap_err().to_string(),
        "codes[0].children[0]: empty code name"
    );
}

#[test]
fn json_fields_are_lenient_but_checked() {
    let cb = parse_json(r##"{"name":"x","extra":1,"codes":[{"name":"A","description":null,"kind":"Dimensie","color":"#ABC","children":null,"weight":3}]}"##).unwrap();
    assert_eq!(cb.codes[0].kind, Some(CodeKind::Dimension));
    assert_eq!(cb.codes[0].color.as_deref(), Some("#aabbcc"));
    assert_eq!(cb.source, "");
    let cb = parse_json(r#"[{"name":"A","kind":"indicator"}]"#).unwrap();
    assert_eq!(cb.codes[0].kind, Some(CodeKind::Code));
    assert!(matches!(parse_json(r#"[{"name":"A","kind":"blah"}]"#), Err(CodebookError::Json { .. })));
    assert!(parse_json(r#"[{"name":"A","color":"red"}]"#).unwrap_err().to_string().contains("#rrggbb"));
    assert!(matches!(parse_json("{\"codes\": [ }"), Err(CodebookError::Json { line: 1, .. })));
    let json = to_json(&Codebook {
        name: "n".into(),
        codes: vec![CodeNode { kind: Some(CodeKind::Concept), color: Some("#112233".into()), ..CodeNode::new("A") }],
        ..Default::default()
    });
    assert!(json.contains("\"kind\": \"concept\""), "{json}");
    assert_eq!(parse_json(&json).unwrap().codes[0].kind, Some(CodeKind::Concept));
}

#[test]
fn binary_and_oversized_input_fail() {
    assert_eq!(parse_outline("A\n  B\0C").unwrap_err(), CodebookError::Line { line: 2, msg: BINARY_MSG.into() });
    assert!(parse_path_lines("a>>\u{1}b").is_err());
    let big = "a\n".repeat(MAX_INPUT_BYTES / 2 + 1);
    assert!(matches!(parse_outline(&big), Err(CodebookError::TooLarge { .. })));
    let many = "a\n".repeat(MAX_CODES + 1);
    assert_eq!(parse_outline(&many).unwrap_err(), CodebookError::TooManyCodes { limit: MAX_CODES });
    let deep: String = (0..MAX_DEPTH + 1).map(|i| format!("{}x{i}\n", " ".repeat(i))).collect();
    assert_eq!(
        parse_outline(&deep).unwrap_err().to_string(),
        format!("line {}: codes are nested deeper than {MAX_DEPTH} levels", MAX_DEPTH + 1)
    );
    let ok: String = (0..MAX_DEPTH).map(|i| format!("{}x{i}\n", " ".repeat(i))).collect();
    assert_eq!(stats(&parse_outline(&ok).unwrap()), (MAX_DEPTH, MAX_DEPTH));
    let deep_path = vec!["a"; MAX_DEPTH + 1].join(">>");
    assert!(matches!(parse_path_lines(&deep_path), Err(CodebookError::TooDeep { .. })));
}

#[test]
fn line_ends_and_bom() {
    let n = parse_outline("\u{feff}A\r\n\tB\r\n").unwrap();
    assert_eq!(names(&n), ["A", "A/B"]);
    let n = parse_outline("A\r\tB\rC").unwrap();
    assert_eq!(names(&n), ["A", "A/B", "C"]);
}

#[test]
fn format_detection() {
    use CodebookFormat::*;
    assert_eq!(CodebookFormat::detect("boom.JSON", "- a"), Json);
    assert_eq!(CodebookFormat::detect("x.txt", "  {\"codes\": []}"), Json);
    assert_eq!(CodebookFormat::detect("codes.txt", "code1\tmemo\ncat1>>code2\n"), PathLines);
    assert_eq!(CodebookFormat::detect("codes.txt", "cat1\n  code2\n"), Outline);
    assert_eq!(CodebookFormat::detect("codes.txt", "- a>>b\n"), Outline);
    assert_eq!(CodebookFormat::detect("codes.txt", "a\nb\n"), Outline);
}

#[test]
fn path_lines_round_trip_and_category_memos() {
    let s = "cat1\tover categorie\ncat1>>code2\ncat1>>code3\tmemo 3\ncode4\n";
    let n = parse_path_lines(s).unwrap();
    assert_eq!(names(&n), ["cat1", "cat1/code2", "cat1/code3", "code4"]);
    assert_eq!(n[0].description, "over categorie");
    assert_eq!(to_path_lines(&n), s);
}

#[test]
fn kinds_and_colours_on_import() {
    let nodes = parse_outline("A\n  A1\n    x\n  A2\nB\n  B1\n").unwrap();
    let edit = insert_into_project(&Project::default(), None, &nodes, true);
    let codes: Vec<Code> = edit
        .changes
        .iter()
        .map(|c| match c {
            Change::Insert(Entity::Code(c)) => c.clone(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    let kinds: Vec<_> = codes.iter().map(|c| (c.name.as_str(), c.kind, c.id, c.position)).collect();
    assert_eq!(
        kinds,
        [
            ("A", CodeKind::Concept, 1, 0),
            ("A1", CodeKind::Dimension, 2, 0),
            ("x", CodeKind::Code, 3, 0),
            ("A2", CodeKind::Code, 4, 1),
            ("B", CodeKind::Concept, 5, 1),
            ("B1", CodeKind::Code, 6, 0)
        ]
    );
    assert!(codes[..4].iter().all(|c| c.color == PALETTE[0]));
    assert!(codes[4..].iter().all(|c| c.color == PALETTE[1]));
    let plain = insert_into_project(&Project::default(), None, &nodes, false);
    assert!(plain.changes.iter().all(|c| matches!(c, Change::Insert(Entity::Code(c)) if c.color == Color::NEUTRAL)));
}
