//! REFI-QDA exchange, told as the researcher's stories: bringing NVivo, QualCoder and codebook
//! exports into Werkbank, handing a Werkbank project to another tool, and not getting hurt by a
//! hostile or broken file. Fixtures are real exports from other tools (see
//! tests/fixtures/README.md for provenance and licences).

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use werkbank::core::text::{slice_chars, text_hash};
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
    assert!(project.codes.values().all(|c| c.color.len() == 7 && c.color.starts_with('#')));
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
        color: color.into(),
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
    let mut codes: Vec<_> = p
        .codes
        .values()
        .map(|c| (p.code_path(c.id), c.color.clone(), c.description.clone(), c.codable, c.position))
        .collect();
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
    (docs, codes, codings, cases, attrs, memos, coders)
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
        let mut v: Vec<_> =
            p.codes.values().map(|c| (p.code_path(c.id), c.color.clone(), c.description.clone())).collect();
        v.sort();
        v
    };
    assert_eq!(tree(&copy), tree(&original));
    assert!(matches!(export_qdc(&Project::default()), Err(RefiError::Nothing(_))));

    // Importing it into the project it came from adds nothing.
    let again = import_qdc(&qdc, &original).unwrap();
    assert!(again.edit.is_empty(), "{:?}", again.edit);
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
    assert_eq!(p.codes[&a].color, "#ff00aa");
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
