//! REFI-QDA exchange, told as the researcher's stories: bringing NVivo, QualCoder and codebook
//! exports into Werkbank, handing a Werkbank project to another tool, and not getting hurt by a
//! hostile or broken file. Fixtures are real exports from other tools (see
//! tests/fixtures/README.md for provenance and licences).

mod support;

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use werkbank::core::text::{content_fingerprint, slice_chars, text_hash};
use werkbank::core::*;
use werkbank::refi::*;

// ---------- helpers ----------

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// Imports into `project` and applies the edit, returning the report.
fn import_into(project: &mut Project, bytes: &[u8]) -> ImportReport {
    let imp = import_qdpx(bytes, project).expect("import");
    assert!(imp.edit.changes.iter().all(|c| matches!(c, Change::Insert(_))));
    project.apply(&imp.edit).expect("the import edit applies");
    imp.report
}

fn max_depth(p: &Project) -> usize {
    p.codes.keys().map(|&id| p.depth(id)).max().unwrap_or(0)
}

/// Reads one entry of a zip (test side, independent of the importer).
fn zip_entry(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut v = Vec::new();
    f.read_to_end(&mut v).unwrap();
    v
}

/// Builds a zip from (name, content, deflate?) entries.
fn make_zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data, deflate) in entries {
        let m = if *deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        z.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(m)).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Validates `xml` against an XSD with xmllint; returns false (and says so) if xmllint is absent.
fn validate(xml: &[u8], xsd: &str) -> bool {
    if std::process::Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("SKIPPED schema validation: xmllint is not installed (apt-get install libxml2-utils)");
        return false;
    }
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("doc.xml");
    std::fs::write(&f, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(fixture(&format!("xsd/{xsd}")))
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{xsd} validation failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(xml).chars().take(3000).collect::<String>()
    );
    true
}

/// Independent reading of a .qde: code GUID -> path, and each selection as
/// (source GUID, start, end, name, [code GUIDs]).
struct QdeFacts {
    code_paths: HashMap<String, Vec<String>>,
    selections: Vec<(String, usize, usize, String, Vec<String>)>,
}

fn qde_facts(qde: &[u8]) -> QdeFacts {
    use quick_xml::events::Event;
    let src = std::str::from_utf8(qde).unwrap();
    let mut r = quick_xml::Reader::from_str(src);
    let mut code_stack: Vec<String> = Vec::new();
    let mut facts = QdeFacts { code_paths: HashMap::new(), selections: Vec::new() };
    let mut source = String::new();
    let attr = |e: &quick_xml::events::BytesStart, k: &str| -> String {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == k.as_bytes())
            .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned())
            .unwrap_or_default()
    };
    loop {
        let ev = r.read_event().unwrap();
        let (e, empty) = match &ev {
            Event::Eof => break,
            Event::Start(e) => (e.clone(), false),
            Event::Empty(e) => (e.clone(), true),
            Event::End(e) => {
                if e.local_name().as_ref() == b"Code" {
                    code_stack.pop();
                }
                continue;
            }
            _ => continue,
        };
        match e.local_name().as_ref() {
            b"Code" => {
                code_stack.push(attr(&e, "name"));
                facts.code_paths.insert(attr(&e, "guid").to_lowercase(), code_stack.clone());
                if empty {
                    code_stack.pop();
                }
            }
            b"TextSource" => source = attr(&e, "guid"),
            b"PlainTextSelection" => facts.selections.push((
                source.clone(),
                attr(&e, "startPosition").parse().unwrap(),
                attr(&e, "endPosition").parse().unwrap(),
                attr(&e, "name"),
                Vec::new(),
            )),
            b"CodeRef" => {
                if let Some(s) = facts.selections.last_mut() {
                    s.4.push(attr(&e, "targetGUID").to_lowercase());
                }
            }
            _ => {}
        }
    }
    facts
}

/// Every coding as (document name, code path, coded text, coder name), sorted.
fn coded_texts(p: &Project) -> Vec<(String, Vec<String>, String, String)> {
    let mut v: Vec<_> = p
        .codings
        .values()
        .map(|c| {
            let d = &p.documents[&c.document];
            (
                d.name.clone(),
                p.code_path(c.code),
                slice_chars(&d.text, c.start, c.end).to_string(),
                p.coders[&c.coder].name.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

// ---------- NVivo for Mac: emoji and UTF-16 positions ----------

#[test]
fn nvivo_mac_comments_with_emoji_import_with_every_selection_on_the_coded_text() {
    let bytes = read_fixture("refi/nvivo12mac_vaccine_comments.qdpx");
    let mut project = Project::default();
    let report = import_into(&mut project, &bytes);
    eprintln!("{report:#?}");

    assert!(report.utf16_offsets_detected, "NVivo for Mac writes UTF-16 offsets: {:?}", report.warnings);
    assert_eq!(report.codes, 152);
    assert_eq!(project.codes.len(), 152);
    assert_eq!(max_depth(&project), 4);
    assert_eq!(report.sources, 2);
    assert_eq!(project.documents.len(), 2);
    assert_eq!(report.codings, 297);
    assert_eq!(project.codings.len(), 297);
    let mut coders: Vec<_> = project.coders.values().map(|c| c.name.as_str()).collect();
    coders.sort();
    assert_eq!(coders, ["Gergo", "floriansipos"]);

    // The selections carry no text of their own (name="" and no Description), so the reference
    // is the source file itself as NVivo for Mac addressed it: UTF-16 code units.
    let qde = zip_entry(&bytes, "project.qde");
    let facts = qde_facts(&qde);
    assert_eq!(facts.selections.len(), 297);
    let mut expected = Vec::new();
    let mut whole_comment_lines = 0;
    let mut sources: HashMap<String, (String, Vec<u16>)> = HashMap::new();
    for (src, start, end, name, codes) in &facts.selections {
        assert!(name.is_empty());
        let (doc_name, units) = sources.entry(src.clone()).or_insert_with(|| {
            let raw = String::from_utf8(zip_entry(&bytes, &format!("sources/{src}.txt"))).unwrap();
            let doc = project.documents.values().find(|d| *d.text == *raw).expect("document text is the source file");
            (doc.name.clone(), raw.encode_utf16().collect())
        });
        let text = String::from_utf16(&units[*start..*end]).expect("NVivo positions never split an emoji");
        let nl = b'\n' as u16;
        if (*start == 0 || units[*start - 1] == nl) && (*end == units.len() || units[*end] == nl) {
            whole_comment_lines += 1;
        }
        for g in codes {
            expected.push((doc_name.clone(), facts.code_paths[g].clone(), text.clone()));
        }
    }
    // Coders coded whole comments (one per line) or whole sentences: the reading is right.
    assert!(whole_comment_lines >= 270, "only {whole_comment_lines} selections are whole comment lines");
    expected.sort();
    let actual: Vec<_> = coded_texts(&project).into_iter().map(|(d, p, t, _)| (d, p, t)).collect();
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(&expected) {
        assert_eq!(a, e);
    }
}

#[test]
fn an_imported_nvivo_project_exports_valid_refi_and_comes_back_identical() {
    let mut project = Project { name: "Vaccine comments".into(), ..Default::default() };
    import_into(&mut project, &read_fixture("refi/nvivo12mac_vaccine_comments.qdpx"));
    let out = export_qdpx(&project).unwrap();
    validate(&zip_entry(&out, "project.qde"), "Project.xsd");

    let mut again = Project::default();
    let report = import_into(&mut again, &out);
    assert!(!report.utf16_offsets_detected, "Werkbank writes code points: {:?}", report.warnings);
    assert_eq!(coded_texts(&again), coded_texts(&project));
}

// ---------- NVivo 15: deep codebook, sources without text ----------

#[test]
fn nvivo15_deep_codebook_imports_and_empty_sources_are_reported_not_fatal() {
    let mut project = Project::default();
    let report = import_into(&mut project, &read_fixture("refi/nvivo15mac_codebook_emptysources.qdpx"));
    eprintln!("{report:#?}");
    assert_eq!(report.codes, 262);
    assert_eq!(project.codes.len(), 262);
    assert_eq!(max_depth(&project), 7);
    assert_eq!(report.codings, 0);
    assert_eq!(report.sources, 0);
    assert!(project.documents.is_empty());
    let empty: Vec<_> = report.skipped.iter().filter(|s| s.contains("no plain text")).collect();
    assert_eq!(empty.len(), 2, "{:?}", report.skipped);
    // Codes without a colour get one, so the tree is usable straight away.
    assert!(project.codes.values().all(|c| c.color != werkbank::core::Color::NEUTRAL), "every code has a colour");
}

// ---------- QualCoder-style export with bare plainTextPath ----------

#[test]
fn nonconformant_qc_export_imports_with_each_coding_on_its_line() {
    let bytes = read_fixture("refi/qc132_demo_nonconformant.qdpx");
    let mut project = Project::default();
    let report = import_into(&mut project, &bytes);
    eprintln!("{report:#?}");
    assert!(!report.utf16_offsets_detected);
    assert_eq!(report.codes, 262);
    assert_eq!(max_depth(&project), 7);
    assert_eq!(report.sources, 2);
    assert_eq!(report.codings, 205);
    assert_eq!(project.codings.len(), 205);
    let ranges: std::collections::BTreeSet<_> =
        project.codings.values().map(|c| (c.document, c.start, c.end)).collect();
    assert_eq!(ranges.len(), 158, "158 selections, several codes on some");
    let coder_names: Vec<_> = project.coders.values().map(|c| c.name.as_str()).collect();
    assert_eq!(coder_names, ["cp"]);

    // The tool names each selection "line:N" (0-based); the coded text is that line.
    let facts = qde_facts(&zip_entry(&bytes, "project.qde"));
    let board = project.documents.values().find(|d| d.name == "board_2017").expect("named after the file");
    assert!(project.documents.values().any(|d| d.name == "admin-1"));
    let lines: Vec<&str> = board.text.split('\n').collect();
    let mut checked = 0;
    for (_, start, end, name, codes) in &facts.selections {
        let n: usize = name.strip_prefix("line:").unwrap().parse().unwrap();
        let expected = format!("{}\n", lines[n]);
        let paths: Vec<_> = codes.iter().map(|g| facts.code_paths[g].clone()).collect();
        let here: Vec<_> =
            project.codings.values().filter(|c| c.document == board.id && c.start == *start && c.end == *end).collect();
        assert_eq!(here.len(), codes.len());
        for c in here {
            assert_eq!(slice_chars(&board.text, c.start, c.end), expected);
            assert!(paths.contains(&project.code_path(c.code)));
            checked += 1;
        }
    }
    assert_eq!(checked, 205);
}

// ---------- Werkbank -> REFI -> Werkbank ----------

fn sample_project() -> Project {
    let mut p = Project { name: "Vertrouwen in de overheid".into(), ..Default::default() };
    let mut e = Edit::new("setup");
    let ann = Coder { id: 1, name: "Ann".into() };
    let bo = Coder { id: 2, name: "Bo Ørsted".into() };
    e = e.insert(Entity::Coder(ann)).insert(Entity::Coder(bo));
    e = e
        .insert(Entity::AttributeDef(AttributeDef { id: 3, name: "leeftijd".into(), kind: AttributeKind::Integer }))
        .insert(Entity::AttributeDef(AttributeDef { id: 4, name: "functie".into(), kind: AttributeKind::Text }))
        .insert(Entity::AttributeDef(AttributeDef { id: 5, name: "ambtenaar".into(), kind: AttributeKind::Boolean }))
        .insert(Entity::AttributeDef(AttributeDef { id: 6, name: "interviewdatum".into(), kind: AttributeKind::Date }))
        .insert(Entity::AttributeDef(AttributeDef { id: 7, name: "score".into(), kind: AttributeKind::Float }));
    let attrs = |a: &[(&str, &str)]| a.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>();
    e = e
        .insert(Entity::Case(Case {
            id: 8,
            label: "R1".into(),
            aliases: vec![],
            attributes: attrs(&[
                ("leeftijd", "47"),
                ("functie", "beleidsmedewerker & <coördinator>"),
                ("ambtenaar", "true"),
                ("interviewdatum", "2024-03-01"),
                ("score", "7.5"),
            ]),
            description: "Eerste respondent\nmet twee regels".into(),
        }))
        .insert(Entity::Case(Case {
            id: 9,
            label: "R2".into(),
            aliases: vec![],
            attributes: attrs(&[("leeftijd", "31")]),
            description: String::new(),
        }));
    let t1 = "Ik vertrouw de gemeente 😀 best wel.\nMaar café-eigenaren zeggen: \"nee\" 👍🏽!\nTot ziens.";
    let t2 = "Tweede interview — über Zürich, naïeve vragen.\n🙂 Einde.";
    let doc = |id, name: &str, text: &str, case, group: &str| Document {
        id,
        name: name.into(),
        text: Arc::from(text),
        source_name: format!("{name}.docx"),
        imported_at: 1_700_000_000,
        text_hash: text_hash(text),
        fingerprint: content_fingerprint(text),
        case,
        group: group.into(),
    };
    e = e.insert(Entity::Document(doc(10, "Interview R1", t1, Some(8), "gemeente"))).insert(Entity::Document(doc(
        11,
        "Interview R2",
        t2,
        Some(9),
        "",
    )));
    let code = |id, parent, name: &str, color: &str, desc: &str, position| Code {
        id,
        parent,
        name: name.into(),
        kind: CodeKind::Code,
        color: color.parse().unwrap(),
        description: desc.into(),
        codable: true,
        position,
    };
    e = e
        .insert(Entity::Code(code(12, None, "Vertrouwen", "#1f77b4", "Alles over vertrouwen", 0)))
        .insert(Entity::Code(code(13, Some(12), "Institutioneel", "#ff7f0e", "", 0)))
        .insert(Entity::Code(code(14, Some(13), "Gemeente & provincie", "#2ca02c", "Lokaal\n\"bestuur\"", 0)))
        .insert(Entity::Code(code(15, Some(12), "Persoonlijk", "#d62728", "", 1)))
        .insert(Entity::Code(code(16, None, "Emotie 😀", "#9467bd", "", 1)));
    let chars = |t: &str, s: &str| t.chars().count() - t[t.find(s).unwrap()..].chars().count();
    let span = |t: &str, s: &str| (chars(t, s), chars(t, s) + s.chars().count());
    let coding = |id, document, (start, end): (usize, usize), code, coder, memo: &str| Coding {
        id,
        document,
        start,
        end,
        code,
        coder,
        created_at: 1_700_000_100 + id,
        memo: memo.into(),
    };
    e = e
        .insert(Entity::Coding(coding(17, 10, span(t1, "Ik vertrouw de gemeente 😀"), 14, 1, "sterk citaat")))
        .insert(Entity::Coding(coding(18, 10, span(t1, "Ik vertrouw de gemeente 😀"), 16, 2, "")))
        .insert(Entity::Coding(coding(19, 10, span(t1, "gemeente 😀 best wel.\nMaar café"), 15, 1, "")))
        .insert(Entity::Coding(coding(20, 10, span(t1, "👍🏽"), 16, 2, "")))
        .insert(Entity::Coding(coding(21, 11, span(t2, "über Zürich"), 13, 1, "")))
        .insert(Entity::Coding(coding(22, 11, span(t2, "🙂 Einde."), 16, 1, "")));
    let memo = |id, target, title: &str, text: &str| Memo {
        id,
        target,
        title: title.into(),
        text: text.into(),
        author: 1,
        updated_at: 1_700_000_500,
    };
    e = e
        .insert(Entity::Memo(memo(
            23,
            MemoTarget::Project,
            "Onderzoeksvraag",
            "Waarom vertrouwen burgers?\nTweede regel.",
        )))
        .insert(Entity::Memo(memo(24, MemoTarget::Document(10), "Sfeer", "Ontspannen gesprek 😀")))
        .insert(Entity::Memo(memo(25, MemoTarget::Code(14), "Definitie", "Gemeente én provincie")))
        .insert(Entity::Memo(memo(26, MemoTarget::Coding(19), "Overlap", "Loopt over twee zinnen")))
        .insert(Entity::Memo(memo(27, MemoTarget::Case(8), "Over R1", "Werkt al 20 jaar bij <de> gemeente")));
    p.apply(&e).expect("sample project is consistent");
    p
}

/// The project as comparable facts, independent of ids.
fn facts(p: &Project) -> impl PartialEq + std::fmt::Debug {
    let mut docs: Vec<_> = p
        .documents
        .values()
        .map(|d| (d.name.clone(), d.text.to_string(), d.case.map(|c| p.cases[&c].label.clone()), d.group.clone()))
        .collect();
    docs.sort();
    let mut codes: Vec<_> =
        p.codes.values().map(|c| (p.code_path(c.id), c.color, c.description.clone(), c.codable, c.position)).collect();
    codes.sort();
    let mut codings: Vec<_> = p
        .codings
        .values()
        .map(|c| {
            (
                p.documents[&c.document].text.to_string(),
                c.start,
                c.end,
                p.code_path(c.code),
                p.coders[&c.coder].name.clone(),
                c.created_at,
                c.memo.clone(),
            )
        })
        .collect();
    codings.sort();
    let mut cases: Vec<_> =
        p.cases.values().map(|c| (c.label.clone(), c.attributes.clone(), c.description.clone())).collect();
    cases.sort();
    let mut attrs: Vec<_> = p.attribute_defs.values().map(|a| (a.name.clone(), a.kind)).collect();
    attrs.sort();
    let target = |t: MemoTarget| match t {
        MemoTarget::Project => "project".to_string(),
        MemoTarget::Document(d) => format!("document {}", p.documents[&d].name),
        MemoTarget::Code(c) => format!("code {}", p.code_path_string(c)),
        MemoTarget::Case(c) => format!("case {}", p.cases[&c].label),
        MemoTarget::Coding(c) => {
            let c = &p.codings[&c];
            format!("coding {}..{} {}", c.start, c.end, p.code_path_string(c.code))
        }
    };
    let mut memos: Vec<_> = p
        .memos
        .values()
        .map(|m| (target(m.target), m.title.clone(), m.text.clone(), p.coders[&m.author].name.clone(), m.updated_at))
        .collect();
    memos.sort();
    let mut coders: Vec<_> = p.coders.values().map(|c| c.name.clone()).collect();
    coders.sort();
    let mut turns: Vec<_> = p
        .turns
        .values()
        .map(|t| {
            (
                p.documents[&t.document].name.clone(),
                t.start,
                t.end,
                t.speaker.clone(),
                t.case.map(|c| p.cases[&c].label.clone()),
            )
        })
        .collect();
    turns.sort();
    (docs, codes, codings, cases, attrs, memos, coders, turns)
}

/// The sample project plus a group interview whose speakers are respondents (imported with
/// `--speakers-as-respondents`): an interviewer turn, turns by R1 and by a new respondent M2,
/// one passage coded by both coders with the same code (each with a memo), a memo on that coding.
fn sample_project_with_speakers() -> Project {
    let mut p = sample_project();
    let text = "I: Hoe kijkt u naar de gemeente?\nR1: Ik vertrouw ze niet.\nM2: Ik wel, eerlijk gezegd.\n";
    let at = |s: &str| text[..text.find(s).unwrap()].chars().count();
    let line = |s: &str| (at(s), at(s) + s.chars().count());
    let mut e = Edit::new("group interview");
    e = e.insert(Entity::Case(Case {
        id: 40,
        label: "M2".into(),
        aliases: vec![],
        attributes: [("functie".to_string(), "wethouder".to_string())].into(),
        description: "Tweede respondent".into(),
    }));
    e = e.insert(Entity::Document(Document {
        id: 41,
        name: "Groepsgesprek".into(),
        text: Arc::from(text),
        source_name: "groep.txt".into(),
        imported_at: 1_700_000_000,
        text_hash: text_hash(text),
        fingerprint: content_fingerprint(text),
        case: None,
        group: "gemeente".into(),
    }));
    for (id, tag, case) in [
        (42, "I: Hoe kijkt u naar de gemeente?", None),
        (43, "R1: Ik vertrouw ze niet.", Some(8)),
        (44, "M2: Ik wel, eerlijk gezegd.", Some(40)),
    ] {
        let (start, end) = line(tag);
        e = e.insert(Entity::Turn(Turn {
            id,
            document: 41,
            start,
            end,
            speaker: tag[..2].into(),
            case,
            start_ms: None,
        }));
    }
    let (s, t) = line("Ik vertrouw ze niet.");
    let coding = |id, coder, memo: &str| Coding {
        id,
        document: 41,
        start: s,
        end: t,
        code: 15,
        coder,
        created_at: 1_700_000_200 + id,
        memo: memo.into(),
    };
    e = e.insert(Entity::Coding(coding(45, 1, "Ann: wantrouwen"))).insert(Entity::Coding(coding(46, 2, "Bo: twijfel")));
    let (s2, t2) = line("Ik wel, eerlijk gezegd.");
    e = e.insert(Entity::Coding(Coding {
        id: 47,
        document: 41,
        start: s2,
        end: t2,
        code: 14,
        coder: 2,
        created_at: 1_700_000_300,
        memo: String::new(),
    }));
    e = e.insert(Entity::Memo(Memo {
        id: 48,
        target: MemoTarget::Coding(46),
        title: "Twijfel".into(),
        text: "Bo twijfelt of dit persoonlijk is".into(),
        author: 2,
        updated_at: 1_700_000_600,
    }));
    e = e.insert(Entity::Memo(Memo {
        id: 49,
        target: MemoTarget::Case(40),
        title: "Over M2".into(),
        text: "Sprak kort".into(),
        author: 2,
        updated_at: 1_700_000_700,
    }));
    p.apply(&e).expect("group interview is consistent");
    p
}

/// The (escaped) text of every `<Description>` in a .qde.
fn descriptions(qde: &str) -> Vec<String> {
    qde.split("<Description>")
        .skip(1)
        .filter_map(|s| s.split_once("</Description>").map(|(d, _)| d.to_string()))
        .collect()
}

#[test]
fn respondents_keep_their_turns_and_two_coders_their_codings_through_qdpx() {
    let original = sample_project_with_speakers();
    let bytes = export_qdpx(&original).unwrap();
    let qde = zip_entry(&bytes, "project.qde");
    validate(&qde, "Project.xsd");
    let qde_s = String::from_utf8(qde.clone()).unwrap();

    // One PlainTextSelection per coder on the passage both coded, each with its coder as creatingUser.
    let f = qde_facts(&qde);
    let text = &original.documents[&41].text;
    let (s, e) = (original.codings[&45].start, original.codings[&45].end);
    let on_passage: Vec<_> = f.selections.iter().filter(|x| (x.1, x.2) == (s, e)).collect();
    assert_eq!(on_passage.len(), 2, "one selection per coder: {on_passage:?}");
    assert!(on_passage.iter().all(|x| x.4.len() == 1), "one coding per selection");
    assert!(f.selections.iter().all(|x| x.4.len() <= 1));
    // Every memo is in a Description peers read: the coding memos, the code memo, the case memo.
    let d = descriptions(&qde_s);
    for expected in [
        "Ann: wantrouwen",
        "Bo: twijfel\n\nTwijfel: Bo twijfelt of dit persoonlijk is",
        "Lokaal\n&quot;bestuur&quot;\n\nDefinitie: Gemeente én provincie",
        "Tweede respondent\n\nOver M2: Sprak kort",
        "Sfeer: Ontspannen gesprek 😀",
    ] {
        let expected = expected.replace("&quot;", "\"");
        assert!(d.iter().any(|x| x.replace("&quot;", "\"") == expected), "no Description {expected:?} in {d:#?}");
    }
    // The turns are selections named by their speaker; cases refer to their own turns and documents.
    assert_eq!(f.selections.iter().filter(|x| ["I:", "R1", "M2"].contains(&x.3.as_str())).count(), 3);
    assert_eq!(qde_s.matches("<SelectionRef ").count(), 2, "R1 and M2 each refer to their turn");
    assert!(slice_chars(text, s, e) == "Ik vertrouw ze niet.");

    let mut copy = Project::default();
    let report = import_into(&mut copy, &bytes);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!((report.sources, report.codings, report.cases, report.turns), (3, 9, 3, 3));
    assert_eq!(facts(&copy), facts(&original));
    assert_eq!(coded_texts(&copy), coded_texts(&original));
    // Citations survive: the coding of R1's turn is R1's, M2's is M2's.
    let respondent = |p: &Project, id: Id| p.coding_case(&p.codings[&id]).map(|c| p.cases[&c].label.clone());
    let find = |p: &Project, coder: &str, code: &str| {
        p.codings
            .values()
            .find(|c| {
                p.coders[&c.coder].name == coder
                    && p.code_path_string(c.code).ends_with(code)
                    && p.documents[&c.document].name == "Groepsgesprek"
            })
            .unwrap()
            .id
    };
    assert_eq!(respondent(&copy, find(&copy, "Ann", "Persoonlijk")), Some("R1".into()));
    assert_eq!(respondent(&copy, find(&copy, "Bo Ørsted", "Persoonlijk")), Some("R1".into()));
    assert_eq!(respondent(&copy, find(&copy, "Bo Ørsted", "provincie")), Some("M2".into()));
    // And a second trip gives the same file.
    let mut again = Project::default();
    import_into(&mut again, &export_qdpx(&copy).unwrap());
    assert_eq!(facts(&again), facts(&original));
}

#[test]
fn nvivo_windows_codings_all_by_the_exporting_user_go_to_the_selections_coder() {
    // The shape of a real NVivo 12 Windows export: every <Coding> carries the exporting user and the
    // export moment; who coded is on the PlainTextSelection.
    let qde = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="NVivo 12 Windows">
<Users><User guid="00000000-0000-0000-0000-00000000000a" name="Anna"/><User guid="00000000-0000-0000-0000-00000000000b" name="Bert"/></Users>
<CodeBook><Codes><Code guid="00000000-0000-0000-0000-0000000000c1" name="Trust" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="00000000-0000-0000-0000-0000000000d1" name="Int 1"><PlainTextContent>Ik vertrouw de gemeente niet.</PlainTextContent>
<PlainTextSelection guid="00000000-0000-0000-0000-0000000000e1" startPosition="0" endPosition="11" creatingUser="00000000-0000-0000-0000-00000000000a" creationDateTime="2023-01-02T10:00:00Z">
<Coding guid="00000000-0000-0000-0000-0000000000f1" creatingUser="00000000-0000-0000-0000-00000000000a" creationDateTime="2024-05-05T09:00:00Z"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000c1"/></Coding></PlainTextSelection>
<PlainTextSelection guid="00000000-0000-0000-0000-0000000000e2" startPosition="0" endPosition="11" creatingUser="00000000-0000-0000-0000-00000000000b" creationDateTime="2023-02-03T10:00:00Z">
<Coding guid="00000000-0000-0000-0000-0000000000f2" creatingUser="00000000-0000-0000-0000-00000000000a" creationDateTime="2024-05-05T09:00:00Z"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"#;
    let bytes = make_zip(&[("project.qde", qde.as_bytes(), true)]);
    let mut p = Project::default();
    let report = import_into(&mut p, &bytes);
    let mut coders: Vec<_> = p.codings.values().map(|c| p.coders[&c.coder].name.clone()).collect();
    coders.sort();
    assert_eq!(coders, ["Anna", "Bert"], "each coding belongs to its selection's coder");
    assert!(report.warnings.iter().any(|w| w.to_string().contains("NVivo export artefact")), "{:?}", report.warnings);
    // The coding's own time is the artefact too: the selection's time is used.
    let bert = p.codings.values().find(|c| p.coders[&c.coder].name == "Bert").unwrap();
    assert_eq!(bert.created_at, 1_675_418_400);

    // A file whose codings carry real, differing users is read as it says.
    let honest = qde.replacen("creatingUser=\"00000000-0000-0000-0000-00000000000a\" creationDateTime=\"2024-05-05T09:00:00Z\"><CodeRef targetGUID=\"00000000-0000-0000-0000-0000000000c1\"/></Coding></PlainTextSelection>\n</TextSource>", "creatingUser=\"00000000-0000-0000-0000-00000000000b\" creationDateTime=\"2023-02-03T10:00:00Z\"><CodeRef targetGUID=\"00000000-0000-0000-0000-0000000000c1\"/></Coding></PlainTextSelection>\n</TextSource>", 1);
    assert_ne!(honest, qde);
    let mut p = Project::default();
    let report = import_into(&mut p, &make_zip(&[("project.qde", honest.as_bytes(), true)]));
    assert!(!report.warnings.iter().any(|w| w.to_string().contains("NVivo")), "{:?}", report.warnings);
    assert_eq!(p.codings.len(), 2);
}

#[test]
fn memos_written_by_qualcoder_in_descriptions_come_in() {
    // QualCoder writes coding memos into PlainTextSelection/Description and file memos into
    // TextSource/Description, with no Note.
    let qde = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="QualCoder">
<Users><User guid="00000000-0000-0000-0000-00000000000a" name="Anna"/></Users>
<CodeBook><Codes><Code guid="00000000-0000-0000-0000-0000000000c1" name="Trust" isCodable="true"><Description>Code memo</Description></Code></Codes></CodeBook>
<Sources><TextSource guid="00000000-0000-0000-0000-0000000000d1" name="Int 1"><Description>File memo</Description><PlainTextContent>Ik vertrouw de gemeente niet.</PlainTextContent>
<PlainTextSelection guid="00000000-0000-0000-0000-0000000000e1" startPosition="0" endPosition="11" creatingUser="00000000-0000-0000-0000-00000000000a"><Description>Coding memo</Description>
<Coding guid="00000000-0000-0000-0000-0000000000f1" creatingUser="00000000-0000-0000-0000-00000000000a"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000c1"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"#;
    let mut p = Project::default();
    import_into(&mut p, &make_zip(&[("project.qde", qde.as_bytes(), true)]));
    assert_eq!(p.codings.values().next().unwrap().memo, "Coding memo");
    assert_eq!(p.codes.values().next().unwrap().description, "Code memo");
    let m = p.memos.values().next().expect("the file memo");
    assert_eq!((m.target, m.text.as_str()), (MemoTarget::Document(*p.documents.keys().next().unwrap()), "File memo"));
}

#[test]
fn a_werkbank_project_survives_export_and_reimport() {
    let original = sample_project();
    let bytes = export_qdpx(&original).unwrap();
    let qde = zip_entry(&bytes, "project.qde");
    validate(&qde, "Project.xsd");
    let qde_s = String::from_utf8(qde.clone()).unwrap();
    assert!(qde_s.contains("plainTextPath=\"internal://"));
    assert!(qde_s.contains("color=\"#1F77B4\""));
    // Sources are UTF-8 text files next to the project, named by GUID.
    let names: Vec<String> = {
        let z = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
        z.file_names().map(str::to_string).collect()
    };
    assert_eq!(names.iter().filter(|n| n.starts_with("sources/") && n.ends_with(".txt")).count(), 2);

    let mut copy = Project::default();
    let report = import_into(&mut copy, &bytes);
    assert_eq!((report.sources, report.codes, report.codings, report.cases, report.memos), (2, 5, 6, 2, 5));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(facts(&copy), facts(&original));
    assert_eq!(coded_texts(&copy), coded_texts(&original));

    // Exporting twice gives the same bytes: GUIDs are stable.
    assert_eq!(export_qdpx(&original).unwrap(), bytes);
}

#[test]
fn a_codebook_travels_as_qdc() {
    let original = sample_project();
    let qdc = export_qdc(&original).unwrap();
    validate(&qdc, "Codebook.xsd");
    let imp = import_qdc(&qdc, &Project::default()).unwrap();
    let mut copy = Project::default();
    copy.apply(&imp.edit).unwrap();
    assert_eq!(imp.report.codes, 5);
    let tree = |p: &Project| {
        let mut v: Vec<_> = p.codes.values().map(|c| (p.code_path(c.id), c.color, c.description.clone())).collect();
        v.sort();
        v
    };
    assert_eq!(tree(&copy), tree(&original));
    assert!(matches!(export_qdc(&Project::default()), Err(RefiError::Nothing(_))));

    // Importing it into the project it came from adds nothing.
    let again = import_qdc(&qdc, &original).unwrap();
    assert!(again.edit.is_empty(), "{:?}", again.edit);
}

/// A colour no tool could mean ("red", "#12345") does not stop the import: the code gets its
/// default colour and the report says so.
#[test]
fn an_unreadable_refi_colour_gets_a_default_and_a_warning() {
    let qdc = "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\
        <Code guid=\"00000000-0000-0000-0000-000000000001\" name=\"Rood\" isCodable=\"true\" color=\"red\"/>\
        </Codes></CodeBook>";
    let imp = import_qdc(qdc.as_bytes(), &Project::default()).unwrap();
    assert_eq!(imp.report.warnings, ["code 'Rood': colour 'red' not understood; it got a default colour"]);
    let mut p = Project::default();
    p.apply(&imp.edit).unwrap();
    let c = p.codes[&p.code_by_path(&["Rood"]).unwrap()].color;
    assert!(PALETTE.contains(&c), "{c}");
}

/// Colours in a codebook from another tool arrive in any of REFI's spellings (`#RGB`, `#RRGGBB`,
/// `#RRGGBBAA` with alpha); each keeps its colour, and a code without one gets a palette colour.
#[test]
fn codebook_colours_in_every_refi_spelling_keep_their_colour() {
    let code = |guid: u32, name: &str, color: &str| {
        format!("<Code guid=\"00000000-0000-0000-0000-{guid:012}\" name=\"{name}\" isCodable=\"true\"{color}/>")
    };
    let qdc = format!(
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>{}{}{}{}</Codes></CodeBook>",
        code(1, "Kort", " color=\"#F0A\""),
        code(2, "Lang", " color=\"#1F77B4\""),
        code(3, "Met alfa", " color=\"#FF7F0E80\""),
        code(4, "Zonder", ""),
    );
    let imp = import_qdc(qdc.as_bytes(), &Project::default()).unwrap();
    assert!(imp.report.warnings.is_empty(), "{:?}", imp.report.warnings);
    let mut p = Project::default();
    p.apply(&imp.edit).unwrap();
    let color = |name: &str| p.codes[&p.code_by_path(&[name]).unwrap()].color.hex();
    assert_eq!(color("Kort"), "#ff00aa");
    assert_eq!(color("Lang"), "#1f77b4");
    assert_eq!(color("Met alfa"), "#ff7f0e");
    assert!(PALETTE.iter().any(|c| c.hex() == color("Zonder")), "{}", color("Zonder"));
    // And they leave as REFI writes them.
    let out = String::from_utf8(export_qdc(&p).unwrap()).unwrap();
    assert!(out.contains("color=\"#FF7F0E\""), "{out}");
}

// ---------- importing into an existing project ----------

#[test]
fn importing_into_a_project_merges_instead_of_duplicating() {
    let bytes = read_fixture("refi/qc132_demo_nonconformant.qdpx");
    let mut project = Project::default();
    import_into(&mut project, &bytes);
    let before = project.clone();
    let imp = import_qdpx(&bytes, &project).unwrap();
    assert!(imp.edit.is_empty(), "second import should add nothing, got {} changes", imp.edit.changes.len());
    assert_eq!(imp.report.codes, 262);
    assert_eq!(imp.report.codings, 205);
    project.apply(&imp.edit).unwrap();
    assert_eq!(project, before);

    // A different file with an overlapping codebook reuses codes by path and ids stay fresh.
    let mut p2 = sample_project();
    let last = p2.last_id;
    let imp = import_qdpx(&export_qdpx(&sample_project()).unwrap(), &p2).unwrap();
    assert!(imp.edit.is_empty(), "{:#?}", imp.edit.changes.iter().map(Change::describe).collect::<Vec<_>>());
    let imp = import_qdpx(&bytes, &p2).unwrap();
    assert!(imp.edit.changes.iter().all(|c| matches!(c, Change::Insert(e) if e.id() > last)));
    p2.apply(&imp.edit).unwrap();
}

// ---------- lenient reading of other tools' quirks ----------

#[test]
fn quirky_archives_from_other_tools_still_import() {
    let user = "11111111-2222-3333-4444-555555555555";
    let code_a = "AAAAAAAA-0000-0000-0000-000000000001";
    let code_b = "{aaaaaaaa-0000-0000-0000-000000000002}";
    // BOM + CRLF in the source; positions count the original text (code points, CRLF = 2).
    let raw = "Eerste regel\r\nTweede regel met café\r\nDerde";
    let start = raw.chars().count() - raw[raw.find("Tweede").unwrap()..].chars().count();
    let end = start + "Tweede regel met café\r\nDerde".chars().count();
    let qde = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"q\" origin=\"Some Tool\"><Users><User guid=\"{user}\" name=\"Kim\"/></Users><CodeBook><Codes><Code guid=\"{code_a}\" name=\"A\" isCodable=\"true\" color=\"#F0A\"><Code guid=\"{code_b}\" name=\"B\" isCodable=\"false\"/></Code></Codes></CodeBook><Sources><TextSource guid=\"00000000-0000-0000-0000-0000000000f1\" name=\"crlf\" plainTextPath=\"interview.txt\"><PlainTextSelection guid=\"00000000-0000-0000-0000-0000000000e1\" startPosition=\"{start}\" endPosition=\"{end}\"><Coding guid=\"00000000-0000-0000-0000-0000000000c1\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{code_a}\"/></Coding><Coding guid=\"00000000-0000-0000-0000-0000000000c2\"><CodeRef targetGUID=\"{code_b}\"/></Coding></PlainTextSelection></TextSource><TextSource guid=\"00000000-0000-0000-0000-0000000000f2\" name=\"inline\"><PlainTextContent>Inline tekst 🙂 hier</PlainTextContent><PlainTextSelection guid=\"00000000-0000-0000-0000-0000000000e2\" startPosition=\"13\" endPosition=\"19\"><Coding guid=\"00000000-0000-0000-0000-0000000000c3\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{code_a}\"/></Coding></PlainTextSelection></TextSource><PDFSource guid=\"00000000-0000-0000-0000-0000000000f3\" name=\"scan\" path=\"internal://scan.pdf\"/><AudioSource guid=\"00000000-0000-0000-0000-0000000000f4\" path=\"internal://talk.mp3\"/></Sources><Sets/></Project>"
    );
    let mut text = b"\xEF\xBB\xBF".to_vec();
    text.extend_from_slice(raw.as_bytes());
    let bytes = make_zip(&[
        ("export/studie.qde", qde.as_bytes(), false),
        ("Sources/interview.txt", &text, true),
        ("Sources/scan.pdf", b"%PDF-1.4", false),
    ]);
    let opts = ImportOptions { file_name: Some("studie.qdpx".into()), ..Default::default() };
    let imp = import_qdpx_with(&bytes, &Project::default(), &opts).unwrap();
    assert_eq!(imp.edit.label, "Import studie.qdpx");
    let mut p = Project::default();
    p.apply(&imp.edit).unwrap();
    let r = &imp.report;
    assert_eq!((r.sources, r.codes, r.codings), (2, 2, 3));
    assert!(r.skipped.iter().any(|s| s == "PDF source 'scan.pdf' skipped"), "{:?}", r.skipped);
    assert!(r.skipped.iter().any(|s| s == "audio source 'talk.mp3' skipped"), "{:?}", r.skipped);

    let crlf = p.document_by_name("crlf").unwrap();
    assert_eq!(&*crlf.text, "Eerste regel\nTweede regel met café\nDerde");
    let texts = coded_texts(&p);
    assert!(texts.contains(&("crlf".into(), vec!["A".into()], "Tweede regel met café\nDerde".into(), "Kim".into())));
    // The coding without a user is attributed to a coder named after the file.
    assert!(texts.contains(&(
        "crlf".into(),
        vec!["A".into(), "B".into()],
        "Tweede regel met café\nDerde".into(),
        "studie".into()
    )));
    assert!(texts.contains(&("inline".into(), vec!["A".into()], "🙂 hier".into(), "Kim".into())));
    let a = p.code_by_path(&["A"]).unwrap();
    assert_eq!(p.codes[&a].color.hex(), "#ff00aa");
    assert!(!p.codes[&p.code_by_path(&["A", "B"]).unwrap()].codable);
}

#[test]
fn utf16_offsets_are_converted_when_positions_run_past_the_code_point_length() {
    // Two emoji then a coded tail: as UTF-16 the end (= text length in units) lies past the
    // code-point length; read as code points it would be out of range.
    let text = "😀😀 aan het eind";
    let units = text.encode_utf16().count();
    let start = units - "het eind".len();
    let qde = format!(
        "<Project name=\"n\" xmlns=\"urn:QDA-XML:project:1.0\"><CodeBook><Codes><Code guid=\"00000000-0000-0000-0000-000000000001\" name=\"x\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"00000000-0000-0000-0000-000000000002\" name=\"t\" plainTextPath=\"internal://t.txt\"><PlainTextSelection guid=\"00000000-0000-0000-0000-000000000003\" startPosition=\"{start}\" endPosition=\"{units}\"><Coding guid=\"00000000-0000-0000-0000-000000000004\"><CodeRef targetGUID=\"00000000-0000-0000-0000-000000000001\"/></Coding></PlainTextSelection></TextSource></Sources></Project>"
    );
    let bytes = make_zip(&[("project.qde", qde.as_bytes(), true), ("sources/t.txt", text.as_bytes(), true)]);
    let mut p = Project::default();
    let r = import_into(&mut p, &bytes);
    assert!(r.utf16_offsets_detected);
    assert_eq!(coded_texts(&p)[0].2, "het eind");
    assert_eq!(coded_texts(&p)[0].3, "imported");
}

#[test]
fn identical_codings_in_a_file_are_skipped_and_counted_once_not_line_by_line() {
    // An export (or a merge of two coders' files) that repeats one coding 13 times: same source,
    // range, code and coder. It comes in once; the rest is one count in the report.
    let g = |n: usize| format!("00000000-0000-0000-0000-{n:012}");
    let mut sel = String::new();
    for i in 0..13 {
        sel += &format!(
            "<PlainTextSelection guid=\"{}\" startPosition=\"0\" endPosition=\"5\" creatingUser=\"{}\"><Coding guid=\"{}\" creatingUser=\"{}\"><CodeRef targetGUID=\"{}\"/></Coding></PlainTextSelection>",
            g(100 + i),
            g(9),
            g(200 + i),
            g(9),
            g(1)
        );
    }
    sel += &format!(
        "<PlainTextSelection guid=\"{}\" startPosition=\"6\" endPosition=\"11\" creatingUser=\"{}\"><Coding guid=\"{}\" creatingUser=\"{}\"><CodeRef targetGUID=\"{}\"/></Coding></PlainTextSelection>",
        g(300),
        g(9),
        g(301),
        g(9),
        g(1)
    );
    let qde = format!(
        "<Project name=\"n\" xmlns=\"urn:QDA-XML:project:1.0\"><Users><User guid=\"{}\" name=\"Anna\"/></Users><CodeBook><Codes><Code guid=\"{}\" name=\"x\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"{}\" name=\"t\" plainTextPath=\"internal://t.txt\">{sel}</TextSource></Sources></Project>",
        g(9),
        g(1),
        g(2)
    );
    let bytes = make_zip(&[("project.qde", qde.as_bytes(), true), ("sources/t.txt", b"hallo wereld", true)]);
    let mut p = Project::default();
    let r = import_into(&mut p, &bytes);
    assert_eq!(p.codings.len(), 2);
    assert_eq!((r.codings, r.duplicate_codings), (2, 12));
    let lines = werkbank::exchange::refi_import_lines(Path::new("dubbel.qdpx"), &r, werkbank::core::Lang::En, true);
    let dup_lines: Vec<&String> = lines.iter().filter(|l| l.contains("duplicate")).collect();
    assert_eq!(dup_lines.len(), 1, "{lines:#?}");
    assert!(dup_lines[0].contains("12 duplicate codings skipped"), "{lines:#?}");
    assert!(lines[0].contains("2 codings"), "{lines:#?}");

    // The same file again: every coding is already there, said in one line, not fourteen.
    let again = import_qdpx(&bytes, &p).unwrap();
    assert!(again.edit.is_empty());
    let lines =
        werkbank::exchange::refi_import_lines(Path::new("dubbel.qdpx"), &again.report, werkbank::core::Lang::En, true);
    assert!(lines.iter().all(|l| !l.contains("a coding in")), "one line per coding: {lines:#?}");
    assert!(lines.iter().any(|l| l.contains("2 codings were already in the project")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("12 duplicate codings skipped")), "{lines:#?}");
}

// ---------- hostile and broken files ----------

fn minimal_qde() -> &'static str {
    "<Project name=\"n\" xmlns=\"urn:QDA-XML:project:1.0\"><CodeBook><Codes><Code guid=\"00000000-0000-0000-0000-000000000001\" name=\"x\" isCodable=\"true\"/></Codes></CodeBook></Project>"
}

#[test]
fn zip_slip_paths_are_refused() {
    for evil in ["../evil.txt", "/etc/evil.txt", "sources/../../evil.txt"] {
        let bytes = make_zip(&[("project.qde", minimal_qde().as_bytes(), true), (evil, b"x", true)]);
        match import_qdpx(&bytes, &Project::default()) {
            Err(e @ RefiError::UnsafePath(_)) => assert!(e.to_string().contains("unsafe path"), "{e}"),
            other => panic!("{evil}: expected UnsafePath, got {other:?}"),
        }
    }
    // A plainTextPath pointing outside the archive is refused too.
    let qde = minimal_qde().replace(
        "</Project>",
        "<Sources><TextSource guid=\"00000000-0000-0000-0000-000000000002\" plainTextPath=\"internal://../../etc/passwd\"/></Sources></Project>",
    );
    let bytes = make_zip(&[("project.qde", qde.as_bytes(), true)]);
    assert!(matches!(import_qdpx(&bytes, &Project::default()), Err(RefiError::UnsafePath(_))));
}

#[test]
fn zip_bombs_are_stopped_by_declared_and_actual_size() {
    let big = vec![b'a'; 2 << 20];
    let bytes = make_zip(&[("project.qde", minimal_qde().as_bytes(), true), ("sources/big.txt", &big, true)]);
    let qde = minimal_qde().replace(
        "</Project>",
        "<Sources><TextSource guid=\"00000000-0000-0000-0000-000000000002\" plainTextPath=\"internal://big.txt\"/></Sources></Project>",
    );
    let bytes2 = make_zip(&[("project.qde", qde.as_bytes(), true), ("sources/big.txt", &big, true)]);
    assert!(bytes.len() < 64 << 10, "the bomb is small on disk");
    let limits = Limits { max_entry_bytes: 1 << 20, ..Default::default() };
    let opts = ImportOptions { limits, ..Default::default() };
    // Unused big entries are never inflated.
    assert!(import_qdpx_with(&bytes, &Project::default(), &opts).is_ok());
    // Declared size above the limit.
    let err = import_qdpx_with(&bytes2, &Project::default(), &opts).unwrap_err();
    assert!(matches!(err, RefiError::TooLarge(_)), "{err}");

    // A header that lies about the size: patch the declared uncompressed size to 10 bytes.
    let mut lying = bytes2.clone();
    let big_len = (2u32 << 20).to_le_bytes();
    let mut patched = 0;
    for i in 0..lying.len().saturating_sub(30) {
        let sig = &lying[i..i + 4];
        let off = if sig == b"PK\x03\x04" {
            22
        } else if sig == b"PK\x01\x02" {
            24
        } else {
            continue;
        };
        if lying[i + off..i + off + 4] == big_len {
            lying[i + off..i + off + 4].copy_from_slice(&10u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2);
    let err = import_qdpx_with(&lying, &Project::default(), &opts).unwrap_err();
    eprintln!("lying header: {err}");
    assert!(matches!(err, RefiError::TooLarge(_) | RefiError::Zip(_)), "{err}");
}

#[test]
fn doctype_and_external_entities_are_refused() {
    let xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE Project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Project name=\"&x;\"/>";
    let bytes = make_zip(&[("project.qde", xxe.as_bytes(), true)]);
    let err = import_qdpx(&bytes, &Project::default()).unwrap_err();
    assert!(matches!(err, RefiError::Doctype(_)), "{err}");
    assert!(err.to_string().contains("DOCTYPE"));
    let lol = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><CodeBook><Codes/></CodeBook>";
    assert!(matches!(import_qdc(lol.as_bytes(), &Project::default()), Err(RefiError::Doctype(_))));
    let undefined = "<Project name=\"&secret;\"/>";
    assert!(import_qdpx(&make_zip(&[("project.qde", undefined.as_bytes(), true)]), &Project::default()).is_err());
}

#[test]
fn corrupt_files_give_errors_never_panics() {
    let p = Project::default();
    assert!(matches!(import_qdpx(b"not a zip at all", &p), Err(RefiError::Zip(_))));
    assert!(matches!(import_qdpx(b"", &p), Err(RefiError::Zip(_))));
    assert!(matches!(import_qdpx(&make_zip(&[("readme.txt", b"hi", true)]), &p), Err(RefiError::NoProjectFile)));
    assert!(import_qdpx(&make_zip(&[("project.qde", b"<Project name='x'><Sources>", true)]), &p).is_err());
    assert!(matches!(import_qdpx(&make_zip(&[("project.qde", b"<Other/>", true)]), &p), Err(RefiError::Format(_))));

    let good = read_fixture("refi/qc132_demo_nonconformant.qdpx");
    for cut in [10, good.len() / 3, good.len() / 2, good.len() - 10] {
        assert!(import_qdpx(&good[..cut], &p).is_err(), "truncated at {cut}");
    }
    // Flipped bytes anywhere: an error or a (reported) import, but no panic.
    let mut seed = 0x2545_f491_u32;
    for _ in 0..60 {
        let mut bad = good.clone();
        for _ in 0..8 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let i = seed as usize % bad.len();
            bad[i] ^= (seed >> 8) as u8 | 1;
        }
        if let Ok(imp) = import_qdpx(&bad, &p) {
            let mut fresh = Project::default();
            fresh.apply(&imp.edit).expect("whatever is imported is consistent");
        }
    }
}

// ---------- read by tools nobody here wrote ----------

#[test]
fn independent_refi_readers_see_every_respondents_text_every_memo_and_every_coders_coding() {
    let Some(python) = support::peer_python() else { return };
    let p = sample_project_with_speakers();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.qdpx");
    std::fs::write(&file, export_qdpx(&p).unwrap()).unwrap();
    let out = std::process::Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/read_qdpx.py"))
        .arg(&file)
        .output()
        .expect("the peer readers' python runs");
    assert!(out.status.success(), "peer readers failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // pyqdpx: every coder is a user and every coding is there, with its coder.
    let q = &seen["pyqdpx"];
    let mut users: Vec<String> = q["users"].as_array().unwrap().iter().map(|u| u.as_str().unwrap().into()).collect();
    users.sort();
    assert_eq!(users, ["Ann", "Bo Ørsted"]);
    let mut theirs: Vec<(String, u64, u64, String, String)> = q["selections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap().into(),
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["code"].as_str().unwrap().into(),
                s["user"].as_str().unwrap().into(),
            )
        })
        .collect();
    theirs.sort();
    let mut ours: Vec<(String, u64, u64, String, String)> = p
        .codings
        .values()
        .map(|c| {
            (
                p.documents[&c.document].name.clone(),
                c.start as u64,
                c.end as u64,
                p.codes[&c.code].name.clone(),
                p.coders[&c.coder].name.clone(),
            )
        })
        .collect();
    ours.sort();
    assert_eq!(theirs, ours, "pyqdpx sees every coder's codings");

    // Every memo is where a peer reads it: coding memos in the selection's Description, code memos in
    // the code's Description (pyqdpx), respondent memos in the case's Description (pyrefiqda), and
    // every memo as a Note.
    let sel_desc: Vec<&str> =
        q["selections"].as_array().unwrap().iter().filter_map(|s| s["description"].as_str()).collect();
    let code_desc: Vec<&str> =
        q["codes"].as_object().unwrap().values().filter_map(|c| c["description"].as_str()).collect();
    let r = &seen["pyrefiqda"];
    let case_desc: Vec<&str> =
        r["cases"].as_array().unwrap().iter().filter_map(|c| c["description"].as_str()).collect();
    let notes: Vec<&str> = r["notes"].as_array().unwrap().iter().filter_map(|n| n["text"].as_str()).collect();
    for c in p.codings.values().filter(|c| !c.memo.is_empty()) {
        assert!(sel_desc.iter().any(|d| d.contains(&c.memo)), "coding memo {:?} not in {sel_desc:?}", c.memo);
        assert!(notes.contains(&c.memo.as_str()));
    }
    for m in p.memos.values() {
        assert!(notes.contains(&m.text.as_str()), "memo {:?} is not a Note", m.title);
        let in_description = match m.target {
            MemoTarget::Coding(_) => &sel_desc,
            MemoTarget::Code(_) => &code_desc,
            MemoTarget::Case(_) => &case_desc,
            _ => continue,
        };
        assert!(
            in_description.iter().any(|d| d.contains(&m.text)),
            "memo {:?} not in a Description peers read",
            m.title
        );
    }

    // pyrefiqda: every respondent has linked text, and a speaking respondent exactly their turns.
    for case in r["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let sources = case["sources"].as_array().unwrap();
        assert!(!sources.is_empty() && sources.iter().all(|s| s.is_string()), "case {name} has no linked text: {case}");
        let id = p.case_by_label(name).unwrap().id;
        let mut turns: Vec<(u64, u64)> =
            p.turns.values().filter(|t| t.case == Some(id)).map(|t| (t.start as u64, t.end as u64)).collect();
        let mut linked: Vec<(u64, u64)> = case["selections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
            .collect();
        turns.sort();
        linked.sort();
        assert_eq!(linked, turns, "case {name}'s selections are its turns");
    }
    assert_eq!(r["cases"].as_array().unwrap().len(), p.cases.len());
}

#[test]
fn two_sources_with_the_same_text_keep_their_own_codings_through_qdpx() {
    // A re-sent transcript: the same text twice under two names, coded differently.
    let mut p = sample_project();
    let text = p.documents[&10].text.clone();
    let copy = Document {
        id: 50,
        name: "Interview R1 herzonden".into(),
        case: None,
        group: String::new(),
        ..p.documents[&10].clone()
    };
    let coding = Coding {
        id: 51,
        document: 50,
        start: 0,
        end: 2,
        code: 15,
        coder: 2,
        created_at: 1_700_000_900,
        memo: String::new(),
    };
    p.apply(&Edit::new("copy").insert(Entity::Document(copy)).insert(Entity::Coding(coding))).unwrap();
    assert_eq!(&*p.documents[&50].text, &*text);
    let bytes = export_qdpx(&p).unwrap();
    let mut fresh = Project::default();
    import_into(&mut fresh, &bytes);
    assert_eq!(fresh.documents.len(), 3, "equal texts stay two documents");
    assert_eq!(facts(&fresh), facts(&p));
    // Importing the same file into the project it came from matches each copy by name: nothing new.
    let again = import_qdpx(&bytes, &p).unwrap();
    assert!(again.edit.is_empty(), "{:#?}", again.edit.changes.iter().map(Change::describe).collect::<Vec<_>>());
}

/// A transcript in Turkish, Chinese, Arabic, Hindi, Hebrew and Russian, coded in Arabic and Hebrew
/// under an Arabic code name, travels through REFI-QDA with every character and coded range intact
/// (offsets are code points, the same for right-to-left text).
#[test]
fn a_multilingual_transcript_keeps_its_text_and_codings_through_qdpx() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = werkbank::session::Session::create(&dir.path().join("m.werkbank"), "m", "Anna").unwrap();
    let (doc, _) =
        werkbank::workflow::import_file(&mut s, &fixture("transcripts/multilingual.txt"), &Default::default()).unwrap();
    let new = werkbank::core::actions::NewCode {
        parent: None,
        name: "الخدمات الرقمية",
        kind: None,
        color: Some("#e07b39"),
        description: "",
    };
    let (code, edit) = werkbank::core::actions::add_code(s.project(), new).unwrap();
    s.perform(edit).unwrap();
    let text = s.project().documents[&doc].text.clone();
    let range = |phrase: &str| {
        let b = text.find(phrase).unwrap();
        let start = text[..b].chars().count();
        (doc, start, start + phrase.chars().count())
    };
    let ranges = [range("الخدمات الرقمية مفيدة"), range("השירות הדיגיטלי"), range("\"استمارة\"")];
    let edit = werkbank::core::actions::code_ranges(s.project(), &ranges, code, s.coder()).unwrap();
    s.perform(edit).unwrap();
    let bytes = export_qdpx(s.project()).unwrap();
    validate(&zip_entry(&bytes, "project.qde"), "Project.xsd");
    let mut copy = Project::default();
    import_into(&mut copy, &bytes);
    let d = copy.documents.values().next().unwrap();
    assert_eq!(d.text, text, "the transcript's text changed");
    let mut coded: Vec<String> = coded_texts(&copy).into_iter().map(|c| c.2).collect();
    coded.sort();
    let mut expected = vec!["\"استمارة\"", "الخدمات الرقمية مفيدة", "השירות הדיגיטלי"];
    expected.sort();
    assert_eq!(coded, expected);
    assert_eq!(coded_texts(&copy)[0].1, vec!["الخدمات الرقمية".to_string()]);
}
