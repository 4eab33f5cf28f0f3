//! Codebooks as the researchers use them: the theses' trees shipped in `codebooks/`, outlines
//! pasted from an appendix, QualCoder's code list, and importing any of them into a project.

use std::path::{Path, PathBuf};
use werkbank::codebook::*;
use werkbank::core::{Change, CodeKind, Entity, Project};

fn codebooks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks")
}

fn shipped(file: &str) -> (String, Codebook) {
    let text = std::fs::read_to_string(codebooks_dir().join(file)).unwrap();
    let cb = parse_auto(file, &text).unwrap_or_else(|e| panic!("{file}: {e}"));
    (text, cb)
}

/// Applies `edit` to `project` and returns it, panicking with the edit's error.
fn applied(mut project: Project, edit: &werkbank::core::Edit) -> Project {
    project.apply(edit).unwrap_or_else(|e| panic!("{e}"));
    project
}

fn import(nodes: &[CodeNode]) -> Project {
    let edit = insert_into_project(&Project::default(), None, nodes, true);
    applied(Project::default(), &edit)
}

/// The tree as "a > b" paths with descriptions, depth-first, for exact asserts.
fn paths(nodes: &[CodeNode]) -> Vec<String> {
    fn walk(out: &mut Vec<String>, prefix: &str, nodes: &[CodeNode]) {
        for n in nodes {
            let p = if prefix.is_empty() { n.name.clone() } else { format!("{prefix} > {}", n.name) };
            out.push(if n.description.is_empty() { p.clone() } else { format!("{p} [{}]", n.description) });
            walk(out, &p, &n.children);
        }
    }
    let mut out = Vec::new();
    walk(&mut out, "", nodes);
    out
}

/// Drops kinds and colours, which outlines and path lines do not carry.
fn bare(nodes: &[CodeNode]) -> Vec<CodeNode> {
    nodes.iter().map(|n| CodeNode { kind: None, color: None, children: bare(&n.children), ..n.clone() }).collect()
}

// Expected (code count, max depth) per shipped file, computed independently of this crate with
//   jq '[.codes | .. | objects | select(has("name"))] | length' FILE
//   jq '[paths(objects and has("name")) | map(select(. == "children")) | length + 1] | max' <(jq .codes FILE)
// and cross-checked with a recursive walk in `python3 -c 'import json; ...'`.
const EXPECTED: &[(&str, usize, usize)] = &[
    ("000_codeboom.json", 49, 4),
    ("000_operationalisering_tabel1.json", 19, 2),
    ("000_topiclijst.json", 19, 2),
    ("001_apriori_concepten_reconstructie.json", 18, 2),
    ("001_coping_strategieen_tabel1.json", 8, 2),
    ("001_coping_strategieen_tabel2.json", 10, 2),
    ("002_codeboom.json", 54, 3),
    ("002_codio_tabel1.json", 38, 3),
    ("002_operationalisatie_tabel3.json", 51, 4),
    ("003_waardenkaart.json", 39, 2),
    ("004_codeboom.json", 68, 3),
    ("004_competentiemodel_tabel4.json", 12, 1),
    ("004_tabel8_genoemde_competenties.json", 24, 3),
];

#[test]
fn every_shipped_codebook_loads_with_its_known_size() {
    let mut on_disk: Vec<String> = std::fs::read_dir(codebooks_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    assert_eq!(on_disk, listed, "every shipped codebook needs its expected size here");

    for &(file, count, depth) in EXPECTED {
        let (text, cb) = shipped(file);
        assert_eq!(stats(&cb.codes), (count, depth), "{file}");
        assert_eq!(cb.language, "nl", "{file}");
        assert!(!cb.name.is_empty() && !cb.source.is_empty(), "{file}");
        // Written back, the file is byte for byte what we shipped.
        assert_eq!(to_json(&cb), text, "{file}");
        // Imported, the project holds exactly that many codes at that depth.
        let project = import(&cb.codes);
        assert_eq!(project.codes.len(), count, "{file}");
        assert_eq!(project.codes.keys().map(|&id| project.depth(id)).max().unwrap(), depth, "{file}");
    }
}

#[test]
fn recurring_child_names_in_002_stay_distinct_codes() {
    let (_, cb) = shipped("002_codeboom.json");
    let project = import(&cb.codes);
    let parents = [
        vec!["Goed Digitaal Bestuur", "Verantwoordelijkheid van goed digitaal bestuur"],
        vec!["Rollen bij de implementatie van goed digitaal bestuur"],
        vec!["Succesfactoren"],
        vec!["Uitdagingen"],
    ];
    let mut ids = Vec::new();
    for parent in &parents {
        let mut path = parent.clone();
        path.push("Ambtenaren");
        let id = project.code_by_path(&path).unwrap_or_else(|| panic!("{path:?} missing"));
        assert_eq!(project.code_path(id), path);
        assert_eq!(project.codes[&id].parent, project.code_by_path(parent));
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "four different 'Ambtenaren' codes");
    assert_eq!(project.codes.values().filter(|c| c.name == "Ambtenaren").count(), 4);
    assert!(project.code_by_path(&["Ambtenaren"]).is_none());
}

#[test]
fn an_outline_pasted_from_word_with_bullets_and_tabs() {
    let pasted = "\
• Publieke waarden: waarden die burgers van de overheid verwachten
\t○ Procedurele waarden
\t\t▪ Transparantie
\t\t▪ Inspraak
\t○ Vertrouwen (trust): de mate waarin burgers op de overheid rekenen

• Digitalisering
\t○ Algoritmen
";
    let nodes = parse_outline(pasted).unwrap();
    assert_eq!(
        paths(&nodes),
        [
            "Publieke waarden [waarden die burgers van de overheid verwachten]",
            "Publieke waarden > Procedurele waarden",
            "Publieke waarden > Procedurele waarden > Transparantie",
            "Publieke waarden > Procedurele waarden > Inspraak",
            "Publieke waarden > Vertrouwen (trust) [de mate waarin burgers op de overheid rekenen]",
            "Digitalisering",
            "Digitalisering > Algoritmen",
        ]
    );
    assert_eq!(stats(&nodes), (7, 3));
}

#[test]
fn an_outline_with_four_space_indents_and_numbering() {
    let typed = "\
1. Rollen
    1.1 Ambtenaren
        a) Uitvoerder
        b) Adviseur
    1.2 Politiek
2. Voorwaarden
    2.1 Kennis
";
    assert_eq!(
        paths(&parse_outline(typed).unwrap()),
        [
            "Rollen",
            "Rollen > Ambtenaren",
            "Rollen > Ambtenaren > Uitvoerder",
            "Rollen > Ambtenaren > Adviseur",
            "Rollen > Politiek",
            "Voorwaarden",
            "Voorwaarden > Kennis",
        ]
    );
}

#[test]
fn an_outline_with_tabs_and_spaces_mixed() {
    // Tabs in some lines, four spaces in others (the indent unit), one line with both, one
    // over-indented line and one that dedents to no known level.
    let mixed = "\
Vertrouwen
\tIntegriteit
\t\tEerlijkheid
        Betrouwbaarheid
    Competentie
    \tDeskundigheid
\t\t\t\tOver-ingesprongen
      Halverwege
Legitimiteit
";
    assert_eq!(
        paths(&parse_outline(mixed).unwrap()),
        [
            "Vertrouwen",
            "Vertrouwen > Integriteit",
            "Vertrouwen > Integriteit > Eerlijkheid",
            "Vertrouwen > Integriteit > Betrouwbaarheid",
            "Vertrouwen > Competentie",
            "Vertrouwen > Competentie > Deskundigheid",
            "Vertrouwen > Competentie > Deskundigheid > Over-ingesprongen",
            "Vertrouwen > Competentie > Halverwege",
            "Legitimiteit",
        ]
    );
}

/// Byte for byte tests/fixtures/transcripts/qualcoder_plain_codes_categories.txt
/// (QualCoder's plain-text code export: CRLF line ends, TAB before the memo, no final newline).
const QUALCODER_CODES: &str =
    "code1\tA memo for code 1\r\ncat1>>code2\r\ncat1>>code3\r\ncat3>>cat2>>code4\tanother memo\r\ncat3>>code5\r\ncode6";

#[test]
fn qualcoder_code_list_becomes_the_same_tree() {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/transcripts/qualcoder_plain_codes_categories.txt"
    ))
    .unwrap();
    assert_eq!(fixture, QUALCODER_CODES, "the inline copy matches the real file");
    assert_eq!(
        CodebookFormat::detect("qualcoder_plain_codes_categories.txt", QUALCODER_CODES),
        CodebookFormat::PathLines
    );
    let cb = parse_auto("qualcoder_plain_codes_categories.txt", QUALCODER_CODES).unwrap();
    assert_eq!(cb.name, "qualcoder_plain_codes_categories");
    let leaf = |n: &str, d: &str| CodeNode::new(n).with_description(d);
    let expected = vec![
        leaf("code1", "A memo for code 1"),
        CodeNode::new("cat1").with_children(vec![CodeNode::new("code2"), CodeNode::new("code3")]),
        CodeNode::new("cat3").with_children(vec![
            CodeNode::new("cat2").with_children(vec![leaf("code4", "another memo")]),
            CodeNode::new("code5"),
        ]),
        CodeNode::new("code6"),
    ];
    assert_eq!(cb.codes, expected);
    assert_eq!(stats(&cb.codes), (9, 3));
    // Written back in QualCoder's form (with \n line ends), it reads back the same.
    let written = to_path_lines(&cb.codes);
    assert_eq!(written, QUALCODER_CODES.replace("\r\n", "\n") + "\n");
    assert_eq!(parse_path_lines(&written).unwrap(), expected);
}

#[test]
fn json_to_project_to_json_keeps_every_tree() {
    for &(file, _, _) in EXPECTED {
        let (_, cb) = shipped(file);
        let project = import(&cb.codes);
        let exported = from_project(&project, None);
        assert_eq!(bare(&exported), cb.codes, "{file}");
        // With kinds and colours now explicit, a second trip changes nothing at all.
        let again = from_project(&import(&exported), None);
        assert_eq!(again, exported, "{file}");
        let json = to_json(&Codebook { codes: exported.clone(), ..cb.clone() });
        assert_eq!(parse_json(&json).unwrap().codes, exported, "{file}");
    }
}

#[test]
fn exporting_one_branch() {
    let (_, cb) = shipped("002_codeboom.json");
    let project = import(&cb.codes);
    let root = project.code_by_path(&["Succesfactoren"]).unwrap();
    let branch = from_project(&project, Some(root));
    assert_eq!(bare(&branch), vec![cb.codes[2].clone()]);
    assert!(from_project(&project, Some(999_999)).is_empty());
}

#[test]
fn outline_and_path_lines_round_trip() {
    let outline = "\
- Publieke waarden: verwacht door burgers
  - Uitleg\\: drie rollen: vraag aan respondent
    - 1. Participatie
  - Vertrouwen (trust): de mate waarin\\nook op een tweede regel
- Digitalisering
";
    let nodes = parse_outline(outline).unwrap();
    assert_eq!(nodes[0].children[0].name, "Uitleg: drie rollen");
    assert_eq!(nodes[0].children[0].children[0].name, "1. Participatie");
    assert_eq!(nodes[0].children[1].description, "de mate waarin\nook op een tweede regel");
    assert_eq!(to_outline(&nodes), outline);

    for &(file, _, _) in EXPECTED {
        let (_, cb) = shipped(file);
        let text = to_outline(&cb.codes);
        assert_eq!(parse_outline(&text).unwrap(), bare(&cb.codes), "{file} via outline");
        assert_eq!(CodebookFormat::detect("x.txt", &text), CodebookFormat::Outline);
        let lines = to_path_lines(&cb.codes);
        assert_eq!(parse_path_lines(&lines).unwrap(), bare(&cb.codes), "{file} via path lines");
    }
}

#[test]
fn importing_the_same_codebook_twice_adds_nothing() {
    let (_, cb) = shipped("003_waardenkaart.json");
    let first = insert_into_project(&Project::default(), None, &cb.codes, true);
    assert_eq!(first.label, "Import codebook");
    assert_eq!(first.changes.len(), 39);
    let project = applied(Project::default(), &first);
    let second = insert_into_project(&project, None, &cb.codes, true);
    assert!(second.is_empty(), "{:?}", second.changes.iter().map(Change::describe).collect::<Vec<_>>());
}

#[test]
fn importing_into_an_existing_tree_merges_by_path() {
    let base = parse_outline("Rollen\n  Ambtenaren\n  Politiek\nUitdagingen\n").unwrap();
    let project = import(&base);
    let last = project.last_id;
    let rollen = project.code_by_path(&["Rollen"]).unwrap();
    let incoming = parse_outline(
        "Rollen: wie doet wat\n  Ambtenaren\n    Uitvoerder\n  Managers\nUitdagingen\n  Ambtenaren\nNieuw\n",
    )
    .unwrap();
    let edit = insert_into_project(&project, None, &incoming, true);
    let described: Vec<String> = edit.changes.iter().map(Change::describe).collect();
    assert_eq!(
        described,
        [
            format!("~code {rollen} 'Rollen'"),
            format!("+code {} 'Uitvoerder'", last + 1),
            format!("+code {} 'Managers'", last + 2),
            format!("+code {} 'Ambtenaren'", last + 3),
            format!("+code {} 'Nieuw'", last + 4),
        ]
    );
    let project = applied(project, &edit);
    assert_eq!(project.codes[&rollen].description, "wie doet wat");
    let names = |p: Option<i64>| project.children(p).iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(Some(rollen)), ["Ambtenaren", "Politiek", "Managers"]);
    assert_eq!(names(None), ["Rollen", "Uitdagingen", "Nieuw"]);
    let uitvoerder = project.code_by_path(&["Rollen", "Ambtenaren", "Uitvoerder"]).unwrap();
    // Kind by depth, colour of the branch it joins.
    assert_eq!(project.codes[&uitvoerder].kind, CodeKind::Code);
    assert_eq!(project.codes[&uitvoerder].color, project.codes[&rollen].color);
    let nieuw = project.code_by_path(&["Nieuw"]).unwrap();
    assert_eq!(project.codes[&nieuw].kind, CodeKind::Concept);
    assert_eq!(project.codes[&nieuw].position, 2);
    // A description already there is never overwritten.
    let again = parse_outline("Rollen: iets anders\n").unwrap();
    assert!(insert_into_project(&project, None, &again, true).is_empty());
}

#[test]
fn importing_below_a_chosen_code() {
    let project = import(&parse_outline("Waarden\n  Vrijheid\n").unwrap());
    let waarden = project.code_by_path(&["Waarden"]).unwrap();
    let nodes = parse_outline("Vrijheid\n  Keuzevrijheid\nGelijkheid\n  Gelijke behandeling\n").unwrap();
    let edit = insert_into_project(&project, Some(waarden), &nodes, true);
    assert_eq!(edit.changes.len(), 3);
    let project = applied(project, &edit);
    let gelijk = project.code_by_path(&["Waarden", "Gelijkheid"]).unwrap();
    assert_eq!(project.codes[&gelijk].kind, CodeKind::Dimension, "depth 2 with children");
    let keuze = project.code_by_path(&["Waarden", "Vrijheid", "Keuzevrijheid"]).unwrap();
    assert_eq!(project.codes[&keuze].kind, CodeKind::Code);
    assert!(project.codes.values().all(|c| c.color == project.codes[&waarden].color));
    assert!(
        matches!(edit.changes[0], Change::Insert(Entity::Code(ref c)) if c.parent == project.code_by_path(&["Waarden", "Vrijheid"]))
    );
}

#[test]
fn duplicate_siblings_in_a_pasted_outline_become_one_code() {
    let nodes = parse_outline("Rollen\n  Ambtenaren\n  Ambtenaren: dubbel geplakt\n    Uitvoerder\n").unwrap();
    assert_eq!(paths(&nodes), ["Rollen", "Rollen > Ambtenaren [dubbel geplakt]", "Rollen > Ambtenaren > Uitvoerder"]);
    // And the result is a valid edit (unique sibling names).
    assert_eq!(import(&nodes).codes.len(), 3);
}

#[test]
fn empty_names_are_rejected_with_their_line() {
    let err = parse_outline("Rollen\n  Ambtenaren\n  •\n").unwrap_err();
    assert_eq!(err.to_string(), "line 3: empty code name");
    let err = parse_auto("codes.txt", "a>>b\n\nc>>  \tmemo\n").unwrap_err();
    assert_eq!(err.to_string(), "line 3: empty code name in path");
}

/// A tiny deterministic generator so the garbage is the same on every run.
fn garbage(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 56) as u8
        })
        .collect()
}

#[test]
fn hostile_input_is_refused_without_panicking() {
    // 10 000 levels of nested codes, and of bare arrays.
    let deep =
        "{\"codes\":[".to_string() + &"{\"name\":\"x\",\"children\":[".repeat(10_000) + &"]}".repeat(10_000) + "]}";
    assert!(matches!(parse_json(&deep), Err(CodebookError::TooDeep { .. })), "{:?}", parse_json(&deep));
    assert!(parse_json(&("[".repeat(10_000) + &"]".repeat(10_000))).is_err());
    assert!(parse_auto("deep.json", &deep).is_err());
    let deep_outline: String = (0..3_000).map(|i| format!("{}x\n", " ".repeat(i))).collect();
    assert!(matches!(parse_outline(&deep_outline), Err(CodebookError::TooDeep { .. })));
    let deep_path = vec!["x"; 10_000].join(">>");
    assert!(matches!(parse_path_lines(&deep_path), Err(CodebookError::TooDeep { .. })));

    // Larger than 10 MiB, in every format.
    let huge = "- code\n".repeat(2_000_000);
    for format in CodebookFormat::ALL {
        let err = parse(&huge, format).unwrap_err();
        assert!(matches!(err, CodebookError::TooLarge { .. }), "{format:?}: {err}");
        assert!(err.to_string().contains("too large"));
    }

    // Too many codes, though small enough in bytes.
    let many: String = (0..100_001).map(|i| format!("c{i}\n")).collect();
    assert_eq!(parse_outline(&many).unwrap_err(), CodebookError::TooManyCodes { limit: MAX_CODES });

    // Binary garbage, decoded as a text field would be.
    for seed in 0..50 {
        let text = String::from_utf8_lossy(&garbage(4096, seed)).into_owned();
        for format in CodebookFormat::ALL {
            assert!(parse(&text, format).is_err(), "seed {seed}, {format:?}");
        }
        assert!(parse_auto("upload.bin", &text).is_err());
        assert!(parse_auto("upload.json", &text).is_err());
    }

    // Not a codebook at all, but valid JSON.
    assert!(parse_json("42").is_err());
    assert!(parse_json("{\"codes\": {\"name\": \"x\"}}").is_err());
    assert!(parse_json("{\"codes\": [{\"name\": 7}]}").is_err());
}

fn chain(depth: usize) -> Vec<CodeNode> {
    let mut node = CodeNode::new(format!("niveau {depth}"));
    for d in (1..depth).rev() {
        node = CodeNode::new(format!("niveau {d}")).with_children(vec![node]);
    }
    vec![node]
}

#[test]
fn the_depth_limit_is_the_same_in_every_format() {
    for depth in [MAX_DEPTH, MAX_DEPTH + 1] {
        let nodes = chain(depth);
        let texts = [
            (CodebookFormat::Json, to_json(&Codebook { codes: nodes.clone(), ..Default::default() })),
            (CodebookFormat::Outline, to_outline(&nodes)),
            (CodebookFormat::PathLines, to_path_lines(&nodes)),
        ];
        for (format, text) in texts {
            match parse(&text, format) {
                Ok(cb) if depth == MAX_DEPTH => assert_eq!(stats(&cb.codes), (depth, depth)),
                Err(CodebookError::TooDeep { limit, .. }) if depth > MAX_DEPTH => assert_eq!(limit, MAX_DEPTH),
                other => panic!("{format:?} at depth {depth}: {other:?}"),
            }
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Names that stress the outline syntax: markers, numbering, colons, backslashes, padding.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-zëé0-9 ():.\\\\•\\-–*]{1,16}",
            Just("1. Participatie".to_string()),
            Just("Uitleg: drie rollen".to_string()),
            Just("- ".to_string()),
            Just("a)".to_string()),
        ]
        .prop_filter("a name", |s| !s.trim().is_empty())
    }

    fn description() -> impl Strategy<Value = String> {
        prop_oneof![Just(String::new()), "[a-z :\\\\]{0,12}", Just("regel\\nregel: twee".to_string())]
    }

    fn tree() -> impl Strategy<Value = Vec<CodeNode>> {
        let leaf = (name(), description()).prop_map(|(n, d)| CodeNode::new(n).with_description(d));
        let node = leaf.prop_recursive(4, 40, 5, |inner| {
            (name(), description(), prop::collection::vec(inner, 0..5))
                .prop_map(|(n, d, c)| CodeNode::new(n).with_description(d).with_children(c))
        });
        prop::collection::vec(node, 0..5)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_tree_survives_outline_and_path_lines(nodes in tree()) {
            // The JSON reader is the reference normalisation (trim, merge duplicate siblings).
            let norm = parse_json(&to_json(&Codebook { codes: nodes, ..Default::default() })).unwrap().codes;
            prop_assert_eq!(parse_outline(&to_outline(&norm)).unwrap(), norm.clone());
            // Path lines have no way to write a line break in a memo; they become spaces.
            fn one_line(nodes: &[CodeNode]) -> Vec<CodeNode> {
                nodes.iter().map(|n| CodeNode { description: n.description.replace('\n', " "), children: one_line(&n.children), ..n.clone() }).collect()
            }
            let single_line = one_line(&norm);
            prop_assert_eq!(parse_path_lines(&to_path_lines(&single_line)).unwrap(), single_line.clone());
            let project = import(&norm);
            prop_assert_eq!(bare(&from_project(&project, None)), norm.clone());
            prop_assert!(insert_into_project(&project, None, &norm, true).is_empty());
        }

        #[test]
        fn no_text_makes_a_parser_panic(s in "(?s).{0,300}") {
            for format in CodebookFormat::ALL {
                let _ = parse(&s, format);
            }
            let _ = parse_auto("x.txt", &s);
        }

        #[test]
        fn no_text_of_outline_characters_makes_a_parser_panic(s in "[ \t\n\r•○▪o\\-*1.)(a:\\\\>x]{0,200}") {
            for format in CodebookFormat::ALL {
                if let Ok(cb) = parse(&s, format) {
                    let (count, depth) = stats(&cb.codes);
                    prop_assert!(count <= MAX_CODES && depth <= MAX_DEPTH);
                    // Whatever was read can be imported as a valid edit.
                    let _ = import(&cb.codes);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Files that are not codebooks
// ---------------------------------------------------------------------------------------------

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

/// Imports `file` as a codebook into a fresh project the way `werkbank codebook import` does and
/// returns the error message; the project must have gained no codes.
fn refused_codebook(file: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut s = werkbank::session::Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let err = match werkbank::workflow::import_codebook_file(&mut s, file, None) {
        Ok(n) => panic!("{}: imported {n} changes from a file that is no codebook", file.display()),
        Err(e) => e.to_string(),
    };
    assert!(s.project().codes.is_empty(), "{}: codes were added", file.display());
    for format in [".json", "outline", ".txt", "a>>b>>c", ".qdc"] {
        assert!(err.contains(format), "{}: the message should name {format}: {err}", file.display());
    }
    err
}

#[test]
fn a_survey_table_is_refused_instead_of_becoming_one_code_per_row() {
    // Used to give 58 junk codes, each named after a whole line of the table.
    for name in ["survey_57_utf8.csv", "survey_57_excel_nl.csv"] {
        let err = refused_codebook(&fixture(&format!("survey/{name}")));
        assert!(err.contains("table"), "{err}");
    }
    // The same table renamed to .txt is recognised by its content.
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("codes.txt");
    std::fs::copy(fixture("survey/survey_57_utf8.csv"), &renamed).unwrap();
    assert!(refused_codebook(&renamed).contains("table"));
    // QualCoder's own case table too.
    refused_codebook(&fixture("transcripts/qualcoder_cases123.csv"));
}

#[test]
fn a_word_document_or_a_transcript_is_refused_as_a_codebook() {
    let err = refused_codebook(&fixture("docx/qualcoder_ID1.docx"));
    assert!(err.contains(".docx"), "{err}");
    // Running prose in a text file: a transcript is no outline of code names.
    let err = refused_codebook(&fixture("transcripts/qualcoder_focusgroup_transcript.txt"));
    assert!(err.contains("prose") || err.contains("sentences"), "{err}");
}

#[test]
fn short_outlines_with_long_descriptions_still_import() {
    let outline = "Vertrouwen: de mate waarin een respondent zegt te kunnen rekenen op collega's, ook wanneer \
                   het werk spannend wordt en er fouten gemaakt worden, zoals in de interviews vaak genoemd.\n\
                   \tInstitutioneel\n\tPersoonlijk\nSamenwerking, afstemming en overleg\n";
    let cb = parse_auto("codes.txt", outline).unwrap();
    assert_eq!(stats(&cb.codes).0, 4);
    // A two-column list "code,description" is an outline too, not a refused table.
    let cb = parse_auto("codes.txt", "Vertrouwen\nSamenwerking, overleg\nMacht\n").unwrap();
    assert_eq!(stats(&cb.codes).0, 3);
}
