//! The codebook appendix a thesis prints, from the command line, on the demo project (the code
//! tree of a real thesis appendix, four interviews A1, M2, P3, O4, about thirty codings):
//!
//! * the code tree as a Word document with real headings (Heading 1, 2, … under its title) or a
//!   real nested list (Word numbering levels, not spaces), names only or with counts
//!   ("Publieke waarden (7 coderingen, 3 respondenten)"), and as an outline (.md/.txt) that
//!   `codebook import` reads back to the same tree;
//! * the codebook table with definitions (code, definition, example quote with its citation,
//!   counts) in .docx, .xlsx, .html, .csv and .md.
//!
//! Golden files live in `tests/golden/` (`UPDATE_GOLDEN=1 cargo test --test codebook_outputs`
//! rewrites them; look at the diff before committing). Set `WERKBANK_KEEP_EXPORTS=/some/dir` to
//! keep the rendered PDFs.

mod support;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

/// The demo project in a temporary folder, with two code descriptions set the way a student
/// does (`code describe`); "Publieke waardenstrategieën > Lerende" has a code memo instead.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("scriptie.werkbank");
    drop(werkbank::demo::create_demo_project(&p, "Anna").unwrap());
    let ps = p.to_str().unwrap();
    ok(&[
        "code",
        "describe",
        ps,
        "Publieke waarden",
        "Waarden die overheden bij digitalisering willen borgen, zoals privacy, gelijkheid en transparantie.",
    ]);
    ok(&["code", "describe", ps, "Introductie > Functie respondent", "De rol van de respondent in de organisatie."]);
    (dir, p)
}

fn unzip(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap_or_else(|_| panic!("{name} missing in {}", path.display())).read_to_string(&mut s).unwrap();
    s
}

/// The paragraphs of document.xml as (style, numbering level, text).
fn paragraphs(document: &str) -> Vec<(String, Option<usize>, String)> {
    let attr = |p: &str, tag: &str| -> Option<String> {
        let at = p.find(&format!("<{tag} w:val=\""))? + tag.len() + 9;
        Some(p[at..at + p[at..].find('"')?].to_string())
    };
    document
        .split("<w:p>")
        .skip(1)
        .chain(document.split("<w:p ").skip(1))
        .map(|p| p.split("</w:p>").next().unwrap_or(""))
        .map(|p| {
            // Text runs only: `<w:t>` or `<w:t xml:space=…>`, not `<w:tab/>` or `<w:tbl>`.
            let text: String = p
                .split("<w:t")
                .skip(1)
                .filter(|t| t.starts_with('>') || t.starts_with(' '))
                .filter_map(|t| t.split_once('>')?.1.split("</w:t>").next())
                .collect();
            (attr(p, "w:pStyle").unwrap_or_default(), attr(p, "w:ilvl").and_then(|l| l.parse().ok()), text)
        })
        .collect()
}

/// `(codings, respondents)` of `path` as `counts --json` reports them (own or total).
fn counts(p: &str, path: &[&str], set: &str) -> (u64, u64) {
    let json: serde_json::Value = serde_json::from_str(&ok(&["counts", p, "--json"])).unwrap();
    let row = json.as_array().unwrap().iter().find(|r| r["path"] == serde_json::json!(path)).expect("code in counts");
    (row[set]["codings"].as_u64().unwrap(), row[set]["respondents"].as_u64().unwrap())
}

/// Compares `actual` with `tests/golden/<name>`; with `UPDATE_GOLDEN=1` (re)writes the file.
fn golden(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; create it with UPDATE_GOLDEN=1 cargo test --test codebook_outputs",
            path.display()
        )
    });
    if expected != actual {
        let new = std::env::temp_dir().join(format!("werkbank-golden-{name}"));
        std::fs::write(&new, actual).unwrap();
        panic!(
            "{} differs from the golden file; the new output is in {} (UPDATE_GOLDEN=1 to accept)",
            path.display(),
            new.display()
        );
    }
}

fn export_tree(p: &str, dir: &Path, file: &str, extra: &[&str]) -> PathBuf {
    let f = dir.join(file);
    let mut args = vec!["codebook", "export", p, f.to_str().unwrap()];
    args.extend(extra);
    let said = ok(&args);
    assert!(said.contains(&format!(" {}", f.display())), "{said}");
    f
}

#[test]
fn the_code_tree_as_word_headings_one_heading_level_per_tree_level_with_respondents() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let f = export_tree(
        ps,
        dir.path(),
        "codeboom.docx",
        &["--style", "headings", "--counts", "total", "--figure", "respondents"],
    );
    let pars = paragraphs(&unzip(&f, "word/document.xml"));
    let heading = |text: &str| {
        pars.iter()
            .find(|(_, _, t)| t == text)
            .map(|(s, _, _)| s.as_str())
            .unwrap_or_else(|| panic!("{text:?} not a paragraph in {pars:#?}"))
    };
    // The document's title says what it is; the tree's concepts are its first heading level
    // (no "Codeboom" heading repeating the title above them).
    assert!(pars.iter().any(|(s, _, t)| s == "Title" && t.starts_with("Codeboom — ")), "{pars:#?}");
    assert!(!pars.iter().any(|(_, _, t)| t == "Codeboom"), "the title repeated as a heading: {pars:#?}");
    // The figure is the number of respondents in the code's subtree, as `counts` reports it.
    let (_, pw) = counts(ps, &["Publieke waarden"], "total");
    assert_eq!(heading(&format!("Publieke waarden ({pw} respondenten)")), "Heading1");
    let (_, inv) = counts(ps, &["Publieke waarden", "Inventarisering publieke waarden"], "total");
    assert_eq!(heading(&format!("Inventarisering publieke waarden ({inv} respondenten)")), "Heading2");
    assert_eq!(heading("(Im)materiele waarden (1 respondent)"), "Heading3");
    assert_eq!(heading("Geen computer says no (1 respondent)"), "Heading4");
    // A code nobody was coded on says so with one dash, not "(0)".
    assert_eq!(heading("Zbo (-)"), "Heading2");
    // Word knows these styles as its own headings (navigation pane, table of contents).
    let styles = unzip(&f, "word/styles.xml");
    for n in 1..=5 {
        assert!(styles.contains(&format!("w:styleId=\"Heading{n}\"")), "Heading{n} missing in styles.xml");
    }
    assert!(styles.contains("<w:outlineLvl w:val=\"3\" />") || styles.contains("<w:outlineLvl w:val=\"3\"/>"));
}

#[test]
fn the_code_tree_as_a_real_nested_word_list_names_only_or_numbered() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let f = export_tree(ps, dir.path(), "codeboom.docx", &[]);
    let pars = paragraphs(&unzip(&f, "word/document.xml"));
    let item = |text: &str| {
        pars.iter()
            .find(|(_, _, t)| t == text)
            .and_then(|(_, l, _)| *l)
            .unwrap_or_else(|| panic!("{text:?} is no list item: {pars:#?}"))
    };
    // Names only, each at its tree level as a numbering level (not indented by spaces).
    assert_eq!(item("Publieke waarden"), 0);
    assert_eq!(item("Inventarisering publieke waarden"), 1);
    assert_eq!(item("Proceswaarden"), 2);
    assert_eq!(item("Geen computer says no"), 3);
    assert!(pars.iter().all(|(_, _, t)| !t.starts_with(' ')), "levels are list levels, not spaces");
    assert!(!pars.iter().any(|(_, _, t)| t.contains("coderingen")), "names only");
    let numbering = unzip(&f, "word/numbering.xml");
    assert!(
        numbering.contains("<w:numFmt w:val=\"bullet\" />") && numbering.contains("<w:lvlText w:val=\"○\" />"),
        "{numbering}"
    );

    let f = export_tree(ps, dir.path(), "genummerd.docx", &["--style", "numbered"]);
    let numbering = unzip(&f, "word/numbering.xml");
    assert!(numbering.contains("<w:numFmt w:val=\"decimal\" />") && numbering.contains("%1.%2.%3."), "{numbering}");
    let doc = unzip(&f, "word/document.xml");
    let numbered = paragraphs(&doc).into_iter().filter(|(_, l, _)| l.is_some()).count();
    let codes = ok(&["list", ps, "codes"]).lines().count();
    assert_eq!(numbered, codes, "every code of the demo tree is a numbered item");
}

#[test]
fn counts_in_the_tree_follow_the_choices_in_english_and_dutch_and_the_branch_is_honoured() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let (c, r) = counts(ps, &["Publieke waardenstrategieën", "Compromissen"], "total");
    let f = export_tree(
        ps,
        dir.path(),
        "tree.docx",
        &["--counts", "total", "--lang", "en", "--code", "Publieke waardenstrategieën", "--hide-uncoded"],
    );
    let pars = paragraphs(&unzip(&f, "word/document.xml"));
    let texts: Vec<&str> = pars.iter().map(|(_, _, t)| t.as_str()).collect();
    assert!(texts.contains(&format!("Compromissen ({c} codings, {r} respondents)").as_str()), "{texts:#?}");
    assert!(texts.contains(&"Code tree — Publieke waardenstrategieën"), "{texts:#?}");
    // Only the branch, and only what was coded.
    assert!(!texts.iter().any(|t| t.starts_with("Publieke waarden (") || t.starts_with("Introductie")), "{texts:#?}");
    assert!(!texts.iter().any(|t| t.starts_with("Verbergen van het conflict")), "uncoded code shown: {texts:#?}");

    // Own and total side by side, Dutch, in Markdown: a parent without own codings shows "-".
    let f = export_tree(ps, dir.path(), "tree.md", &["--counts", "both"]);
    let md = std::fs::read_to_string(&f).unwrap();
    let (c, r) = counts(ps, &["Publieke waardenstrategieën"], "total");
    assert!(
        md.contains(&format!("- Publieke waardenstrategieën (eigen - / totaal {c} coderingen, {r} respondenten)\n")),
        "{md}"
    );
    golden("codebook_tree_counts.md", md.as_bytes());
}

#[test]
fn an_exported_outline_reads_back_as_the_same_tree_with_its_definitions() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let tree = |project: &str| -> Vec<(String, String)> {
        let json: serde_json::Value = serde_json::from_str(&ok(&["list", project, "codes", "--json"])).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|c| (c["path"].to_string(), c["description"].as_str().unwrap().to_string()))
            .collect()
    };
    let original = tree(ps);
    assert!(original.iter().any(|(_, d)| d.starts_with("Waarden die overheden")), "the description is set");
    for (file, style) in
        [("tree.md", "list"), ("tree.txt", "list"), ("genummerd.txt", "numbered"), ("koppen.md", "headings")]
    {
        let f = export_tree(ps, dir.path(), file, &["--style", style]);
        let copy = dir.path().join(format!("{file}.werkbank"));
        ok(&["new", copy.to_str().unwrap()]);
        ok(&["codebook", "import", copy.to_str().unwrap(), f.to_str().unwrap()]);
        assert_eq!(tree(copy.to_str().unwrap()), original, "{file} ({style}) did not read back as the same tree");
    }
    let md = std::fs::read_to_string(dir.path().join("koppen.md")).unwrap();
    assert!(md.starts_with("# Introductie\n## Functie respondent: De rol van de respondent"), "{md}");
}

#[test]
fn the_code_tree_refuses_what_it_cannot_write_with_a_clear_message() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let pdf = dir.path().join("tree.pdf");
    let e = fails(&["codebook", "export", ps, pdf.to_str().unwrap()]);
    assert!(e.contains(".docx") && e.contains(".md"), "{e}");
    let json = dir.path().join("tree.json");
    let e = fails(&["codebook", "export", ps, json.to_str().unwrap(), "--counts", "total"]);
    assert!(e.contains("aantallen komen in codebomen als .docx"), "{e}");
    let e = fails(&["codebook", "export", ps, json.to_str().unwrap(), "--counts", "total", "--lang", "en"]);
    assert!(e.contains("counts are written in .docx"), "{e}");
    assert!(!json.exists() && !pdf.exists());
}

fn export_codebook(p: &str, dir: &Path, file: &str, extra: &[&str]) -> PathBuf {
    let f = dir.join(file);
    let mut args = vec!["export", p, "codebook", f.to_str().unwrap()];
    args.extend(extra);
    ok(&args);
    f
}

#[test]
fn the_codebook_table_has_definitions_example_quotes_and_counts_in_markdown_and_csv() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let md = std::fs::read_to_string(export_codebook(ps, dir.path(), "codeboek.md", &[])).unwrap();
    let row = |name: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no row {name}: {md}"))
            .to_string()
    };
    assert!(md.contains("| Code | Pad | Definitie | Voorbeeldcitaat | Coderingen | Respondenten |"), "{md}");
    // The definition is the code's description, or its memo when it has none.
    assert!(row("Publieke waarden").contains("| Waarden die overheden bij digitalisering willen borgen"), "{md}");
    assert!(row("Lerende").contains("| Lerende strategie: inwoners of stakeholders worden actief betrokken"), "{md}");
    // The example is the code's first coding, cited with the default template.
    let (c, r) = counts(ps, &["Introductie", "Functie respondent"], "total");
    assert_eq!(
        row("Functie respondent"),
        format!(
            "| Functie respondent | Introductie > Functie respondent | De rol van de respondent in de organisatie. | “Ik ben informatieadviseur bij het team Dienstverlening” (A1) | {c} | {r} |"
        )
    );
    golden("codebook_table.md", md.as_bytes());

    let csv =
        std::fs::read(export_codebook(ps, dir.path(), "codeboek.csv", &["--semicolon", "--counts", "both"])).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with("\u{feff}Code;Pad;Definitie;Voorbeeldcitaat;Coderingen (eigen);Respondenten (eigen);Coderingen;Respondenten\r\n"), "{text}");
    golden("codebook_table_nl.csv", &csv);

    // English, the longest coding as example, cited with a year.
    let csv = std::fs::read_to_string(export_codebook(
        ps,
        dir.path(),
        "codebook.csv",
        &["--lang", "en", "--example", "longest", "--style", "“{quote}” ({label}, {year})", "--year", "2024"],
    ))
    .unwrap();
    assert!(csv.contains("Code,Path,Definition,Example quote,Codings,Respondents"), "{csv}");
    let line = csv.lines().find(|l| l.starts_with("In kaart brengen conflicten,")).unwrap();
    assert!(line.contains(", 2024)"), "{line}");
}

#[test]
fn a_long_example_quote_is_cut_at_a_word_and_marked() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    // Most of A1's interview, from her first answer on, coded on a code without other codings.
    let codings: serde_json::Value = serde_json::from_str(&ok(&["list", ps, "codings", "--json"])).unwrap();
    let start = codings
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["text"].as_str().unwrap().starts_with("Ik ben informatieadviseur"))
        .unwrap()["start"]
        .as_u64()
        .unwrap();
    let range = format!("{start}..{}", start + 1200);
    ok(&[
        "code",
        ps,
        "--code",
        "Verhouding waardenstrategieën > Lerende strategie als meest positief ervaren",
        "--doc",
        "Interview A1",
        "--range",
        &range,
    ]);
    let md = std::fs::read_to_string(export_codebook(ps, dir.path(), "codeboek.md", &[])).unwrap();
    let row = md.lines().find(|l| l.starts_with("| Lerende strategie als meest positief ervaren |")).unwrap();
    let quote = row.split(" | ").nth(3).unwrap();
    assert!(quote.starts_with('“') && quote.ends_with(" […]” (A1)"), "{quote}");
    let inner = quote.trim_start_matches('“').trim_end_matches(" […]” (A1)");
    assert!(inner.chars().count() <= 240, "{} characters", inner.chars().count());
    assert!(!inner.ends_with(' '), "cut at a word: {inner}");
}

#[test]
fn the_codebook_table_in_word_and_excel_is_a_real_table_with_caption_and_print_setup() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let f = export_codebook(ps, dir.path(), "codeboek.docx", &[]);
    let doc = unzip(&f, "word/document.xml");
    assert!(doc.contains("<w:tblHeader />") && doc.contains("<w:cantSplit />"), "header row repeats, rows never split");
    assert!(doc.contains("SEQ Tabel"), "caption with a Word SEQ field");
    let pars = paragraphs(&doc);
    assert!(pars.iter().any(|(s, _, t)| s == "Caption" && t == "Tabel 1: Codeboek"), "{pars:#?}");
    // Documents show the tree by indentation, not by a path column.
    assert!(!pars.iter().any(|(_, _, t)| t == "Pad"));
    assert!(pars.iter().any(|(_, _, t)| t == "Voorbeeldcitaat"));

    let f = export_codebook(ps, dir.path(), "codeboek.xlsx", &[]);
    assert!(unzip(&f, "xl/workbook.xml").contains("<sheet name=\"Codeboek\""));
    let sheet = unzip(&f, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("fitToPage=\"1\"") && sheet.contains("orientation=\"landscape\""), "print setup");
    let styles = unzip(&f, "xl/styles.xml");
    assert!(styles.contains("wrapText=\"1\""), "long definitions and quotes wrap");
    // The definition of "Publieke waarden" (row 9, column C) is in a wrapping cell.
    let cell = &sheet[sheet.find("r=\"C9\"").expect("C9")..];
    let style: usize = cell.split("s=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    let xfs: Vec<&str> = styles.split("<cellXfs").nth(1).unwrap().split("<xf ").skip(1).collect();
    assert!(xfs[style].contains("wrapText=\"1\""), "{}", xfs[style]);

    let html = std::fs::read_to_string(export_codebook(ps, dir.path(), "codeboek.html", &[])).unwrap();
    assert!(
        html.contains("<caption dir=\"auto\">Codeboek</caption>") && html.contains("Waarden die overheden"),
        "{html}"
    );
}

/// The text of `docx` as LibreOffice prints it (pdftotext `-layout`, pages split by '\f'); with
/// `WERKBANK_KEEP_EXPORTS` set the PDF is kept there to look at.
fn pdf_text(docx: &Path) -> String {
    rendered(docx).0
}

/// `docx` as LibreOffice prints it: pdftotext's text (`-layout`, pages split by '\f') and the
/// size of every page in points (width, height) as pdfinfo reads it.
fn rendered(docx: &Path) -> (String, Vec<(f64, f64)>) {
    let dir = tempfile::tempdir().unwrap();
    let run = |program: &str, args: &[&std::ffi::OsStr]| {
        Command::new(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{program} is needed for this test (LibreOffice, poppler-utils): {e}"))
    };
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let office = run(
        "soffice",
        &[
            profile.as_ref(),
            "--headless".as_ref(),
            "--convert-to".as_ref(),
            "pdf".as_ref(),
            "--outdir".as_ref(),
            dir.path().as_os_str(),
            docx.as_os_str(),
        ],
    );
    let pdf = dir.path().join(docx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.is_file(), "no PDF from LibreOffice: {}", String::from_utf8_lossy(&office.stderr));
    if let Some(keep) = std::env::var_os("WERKBANK_KEEP_EXPORTS") {
        std::fs::copy(&pdf, Path::new(&keep).join(pdf.file_name().unwrap())).unwrap();
        std::fs::copy(docx, Path::new(&keep).join(docx.file_name().unwrap())).unwrap();
    }
    let text =
        String::from_utf8(run("pdftotext", &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()]).stdout).unwrap();
    let info = run("pdfinfo", &["-f".as_ref(), "1".as_ref(), "-l".as_ref(), "999".as_ref(), pdf.as_os_str()]);
    // "Page    1 size: 595.304 x 841.89 pts (A4)"
    let sizes = String::from_utf8(info.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let dims: Vec<f64> =
                l.split(" size: ").nth(1).unwrap().split_whitespace().filter_map(|w| w.parse().ok()).collect();
            (dims[0], dims[1])
        })
        .collect();
    (text, sizes)
}

#[test]
fn the_respondent_overview_and_the_codebook_table_turn_the_page_rather_than_break_their_headers() {
    // Beside the demo's long words ("Afdelingsmanager Publiekszaken", "Omgevingsdienst", the
    // definitions and example quotes) a portrait page leaves the number columns too narrow for
    // "Coderingen" and "Respondenten" at 9 pt: they would break into syllables or shrink to 8 pt.
    // A student turns the page instead, with every word whole. (A table of shorter words under the
    // same headers stays portrait: the docx unit test
    // a_table_of_narrow_numbers_under_long_headers_stays_portrait.)
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    for (report, file, words) in [
        (
            "respondents",
            "respondenten.docx",
            &["Afdelingsmanager Publiekszaken", "Interview A1", "Respondentenoverzicht"][..],
        ),
        ("codebook", "codeboek.docx", &["Informatiehuishouding Rijk", "Omschrijving publieke waarden", "Codeboek"][..]),
    ] {
        let f = dir.path().join(file);
        ok(&["export", ps, report, f.to_str().unwrap()]);
        let (text, pages) = rendered(&f);
        assert!(!pages.is_empty(), "{report}: no pages");
        for (i, (w, h)) in pages.iter().enumerate() {
            assert!(w > h, "{report}: page {} is portrait ({w} x {h} pt)", i + 1);
        }
        for word in words.iter().chain(&["Coderingen", "Respondenten"]) {
            assert!(text.contains(word), "{report}: {word:?} broken or missing:\n{text}");
        }
        assert!(
            !text.split_whitespace().any(|w| w.len() > 2 && w.ends_with('-')),
            "{report}: a hyphenated word:\n{text}"
        );
    }
}

#[test]
fn the_codebook_outputs_render_in_libreoffice_with_whole_names_and_repeated_headers() {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let tree = pdf_text(&export_tree(ps, dir.path(), "codeboom.docx", &["--style", "numbered"]));
    for line in ["1.   Introductie", "3.2.1.   (Im)materiele waarden", "7.1.2.1.   Geen computer says no"] {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(
            tree.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == words),
            "{line:?} not a line of\n{tree}"
        );
    }
    let table = pdf_text(&export_codebook(ps, dir.path(), "codeboek.docx", &[]));
    let pages: Vec<&str> = table.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() > 1, "the demo's codebook runs over more than one page");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("Voorbeeldcitaat"), "page {} has no header row:\n{page}", i + 1);
    }
    // No code name is broken across lines.
    for name in ["Informatiehuishouding Rijk", "Omschrijving publieke waarden", "Proceswaarden"] {
        assert!(table.contains(name), "{name:?} broken or missing:\n{table}");
    }
    assert!(table.contains("Tabel 1: Codeboek"));
}

#[test]
fn the_seven_column_frequency_table_turns_the_page_rather_than_wrap_code_names_or_hyphenate_headers() {
    // Code, own codings and respondents, total codings, respondents and documents, labels: in
    // portrait most code names wrapped over two lines and "Respon-denten" broke into syllables.
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let f = dir.path().join("frequenties.docx");
    ok(&["export", ps, "frequencies", f.to_str().unwrap()]);
    let (text, pages) = rendered(&f);
    assert!(!pages.is_empty());
    for (i, (w, h)) in pages.iter().enumerate() {
        assert!(w > h, "page {} is portrait ({w} x {h} pt)", i + 1);
    }
    // Every code name of the demo's codebook keeps its words whole, and every name up to 35
    // characters stands on one line: 40 of its 49 codes (in portrait most names wrapped). The
    // longer ones are sentences ("Ontwijkende strategie geen onderdeel van waardengedreven
    // digitaliseren") that wrap between words beside five number columns.
    let codes: serde_json::Value = serde_json::from_str(&ok(&["list", ps, "codes", "--json"])).unwrap();
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    let mut on_one_line = 0;
    let codes = codes.as_array().unwrap();
    for code in codes {
        let name = code["name"].as_str().unwrap();
        for w in name.split_whitespace() {
            assert!(words.contains(w), "'{w}' of {name:?} is broken across lines:\n{text}");
        }
        let parts: Vec<&str> = name.split_whitespace().collect();
        let one_line =
            text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>().windows(parts.len()).any(|w| w == parts));
        assert!(one_line || name.chars().count() > 35, "{name:?} is not on one line:\n{text}");
        on_one_line += usize::from(one_line);
    }
    assert!(on_one_line * 5 >= codes.len() * 4, "{on_one_line} of {} names on one line", codes.len());
    // No header word broken at a syllable.
    for header in ["Coderingen", "Respondenten", "Documenten", "Respondentlabels"] {
        assert!(text.contains(header), "{header} broken or missing:\n{text}");
    }
    assert!(!text.split_whitespace().any(|w| w.len() > 2 && w.ends_with('-')), "a hyphenated word:\n{text}");
}

/// Bram codes four leaves of the demo's long code paths, Carla the first two of them; the leaves
/// with the phrase each was coded at.
fn bram_and_carla_code_four_leaves(ps: &str) -> [(&'static str, &'static str); 4] {
    let leaves = [
        ("Publieke waarden > Inventarisering publieke waarden > (Im)materiele waarden", "privacy"),
        ("Publieke waarden > Inventarisering publieke waarden > Proceswaarden", "inwoner"),
        ("Waardengedreven digitaliseren > In kaart brengen conflicten > Gelijkwaardig", "gemeente"),
        ("Waardengedreven digitaliseren > In kaart brengen conflicten > Incommensurabel", "digitaal"),
    ];
    let code_as = |coder: &str, code: &str, phrase: &str| {
        let out = Command::new(BIN).args(["code", ps, "--code", code, "--phrase", phrase, "--coder", coder]).output();
        assert!(out.unwrap().status.success(), "{coder} codes {phrase:?} with {code:?}");
    };
    for (i, (code, phrase)) in leaves.iter().enumerate() {
        code_as("Bram", code, phrase);
        if i < 2 {
            code_as("Carla", code, phrase);
        }
    }
    leaves
}

/// The demo project with `more` respondents beside its four (A1, M2, P3, O4), labelled on from
/// A5, M6, P7, O8, …, each saying a sentence in a focus group; Anna codes the four leaves of
/// [`bram_and_carla_code_four_leaves`] wherever their phrase is said. The labels of all of them.
fn demo_with_respondents(more: usize) -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let mut labels: Vec<String> = ["A1", "M2", "P3", "O4"].map(String::from).to_vec();
    let mut transcript = String::from("Interviewer: Wat betekent digitalisering voor u?\n");
    for i in 5..5 + more {
        let label = format!("{}{i}", ["A", "M", "P", "O"][(i - 1) % 4]);
        transcript += &format!("{label}: De gemeente moet de privacy van de inwoner borgen, ook digitaal.\n");
        transcript += "Interviewer: Dank u.\n";
        labels.push(label);
    }
    let group = dir.path().join("focusgroep.txt");
    std::fs::write(&group, transcript).unwrap();
    ok(&["import", ps, group.to_str().unwrap(), "--speakers-as-respondents"]);
    for (code, phrase) in [
        ("Publieke waarden > Inventarisering publieke waarden > (Im)materiele waarden", "privacy"),
        ("Publieke waarden > Inventarisering publieke waarden > Proceswaarden", "inwoner"),
        ("Waardengedreven digitaliseren > In kaart brengen conflicten > Gelijkwaardig", "gemeente"),
        ("Waardengedreven digitaliseren > In kaart brengen conflicten > Incommensurabel", "digitaal"),
    ] {
        ok(&["code", ps, "--code", code, "--phrase", phrase]);
    }
    (dir, p, labels)
}

#[test]
fn a_matrix_of_17_or_30_respondents_prints_in_column_blocks_that_each_repeat_the_code_column() {
    for (more, file) in [(13, "matrix17.docx"), (26, "matrix30.docx")] {
        let (dir, p, labels) = demo_with_respondents(more);
        let ps = p.to_str().unwrap();
        let f = dir.path().join(file);
        ok(&["export", ps, "matrix", f.to_str().unwrap()]);
        let (text, pages) = rendered(&f);
        let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
        for label in labels.iter().map(String::as_str).chain(["Totaal"]) {
            assert!(words.contains(label), "{file}: column {label:?} missing or broken:\n{text}");
        }
        // No cell text is broken mid-word: every word of every code name stands whole.
        let codes: serde_json::Value = serde_json::from_str(&ok(&["list", ps, "codes", "--json"])).unwrap();
        for code in codes.as_array().unwrap() {
            let name = code["name"].as_str().unwrap();
            for w in name.split_whitespace() {
                assert!(words.contains(w), "{file}: '{w}' of {name:?} is broken across lines:\n{text}");
            }
        }
        assert!(!text.split_whitespace().any(|w| w.len() > 1 && w.ends_with('-')), "{file}: a broken word:\n{text}");
        // Each block is a table of its own with the code column, captioned below it: the first
        // "Tabel 1: …", the next ones "Tabel 1 (vervolg)".
        let caption = "Tabel 1: Coderingen per respondent";
        let blocks: Vec<&str> =
            text.split_inclusive(caption).flat_map(|t| t.split_inclusive("Tabel 1 (vervolg)")).collect();
        let blocks: Vec<&str> = blocks.into_iter().filter(|b| b.contains("Tabel 1")).collect();
        assert_eq!(blocks.len(), if more == 13 { 1 } else { 2 }, "{file}: the blocks:\n{text}");
        assert!(blocks[0].ends_with(caption), "{file}: the first block's caption:\n{text}");
        for (i, block) in blocks.iter().enumerate() {
            assert!(
                block.lines().any(|l| l.trim_start().starts_with("Code ")),
                "{file}: block {i} has no code column header:\n{block}"
            );
            for code in ["Introductie", "Proceswaarden", "Incommensurabel"] {
                assert!(block.contains(code), "{file}: block {i} has no {code:?}:\n{block}");
            }
        }
        assert!(pages.iter().all(|(w, h)| w > h), "{file}: the matrix turns its pages: {pages:?}");
    }
}

#[test]
fn per_coder_counts_in_word_have_a_header_of_two_lines_the_coder_under_the_figure() {
    // Three coders, codings and respondents, own and total: twelve figure columns headed
    // "Codeur Bram: coderingen (eigen)", which wrapped over four lines in Word. Word now heads
    // each figure once over its coders; the spreadsheet keeps one full header a column.
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    bram_and_carla_code_four_leaves(ps);
    for (file, extra) in [("percodeur.docx", &[][..]), ("percodeur_beide.docx", &["--counts", "both"][..])] {
        let f = dir.path().join(file);
        let mut args = vec!["export", ps, "frequencies", f.to_str().unwrap(), "--per-coder", "--figure", "both"];
        args.extend(extra);
        ok(&args);
        let text = pdf_text(&f);
        let lines: Vec<&str> = text.lines().collect();
        let top = lines.iter().position(|l| l.trim_start().starts_with("Code ")).expect("the header row");
        let first = lines.iter().position(|l| l.trim_start().starts_with("Introductie")).expect("the first code");
        let header = &lines[top..first];
        assert!(header.len() <= 2, "{file}: a header of {} lines:\n{}", header.len(), header.join("\n"));
        for coder in ["Anna", "Bram", "Carla"] {
            assert!(header.iter().any(|l| l.contains(coder)), "{file}: no {coder}:\n{}", header.join("\n"));
        }
        assert!(header[0].contains("Coderingen") && header[0].contains("Respondenten"), "{}", header.join("\n"));
    }
    // The spreadsheet and the CSV keep one full header a column, for a pivot table.
    let csv = dir.path().join("percodeur.csv");
    ok(&["export", ps, "frequencies", csv.to_str().unwrap(), "--per-coder", "--figure", "both"]);
    let first_line = std::fs::read_to_string(&csv).unwrap().lines().next().unwrap().to_string();
    assert!(
        first_line.contains("Codeur Bram: coderingen") && first_line.contains("Totaal: respondenten"),
        "{first_line}"
    );
}

#[test]
fn an_agreement_report_in_dutch_or_english_breaks_its_headers_between_syllables_never_inside_a_name() {
    // The headers of the Dutch agreement tables ("% overeenstemming", "Krippendorffs α
    // (segmentering)", "Brennan-Prediger κ", "Fleiss' κ") in narrow number columns. A rule of
    // thumb broke them as "overeens-temming" and "Krippen-dorffs α"; a student would have to
    // retype every header before the table could go in the thesis. The English report's headers
    // ("Krippendorff's α (unitizing)") against the breaks an English dictionary allows.
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    bram_and_carla_code_four_leaves(ps);
    // The breaks a Dutch dictionary (Woordenlijst) or an English one allows in the headers' words,
    // the word's own hyphen ("Brennan-Prediger") and nothing else: no name of a statistic or a
    // person breaks.
    let allowed = [
        "over-",
        "overeen-",
        "overeenstem-",
        "seg-",
        "segmen-",
        "segmente-",
        "Een-",
        "Eenhe-",
        "Co-",
        "Brennan-",
        "Res-",
        "Respon-",
        "Responden-",
        "Ge-",
        "Geco-",
        "Gecodeer-",
        "agree-",
        "uni-",
        "unitiz-",
        "Re-",
    ];
    for (file, coders) in [
        ("twee.docx", &["Bram", "Carla"][..]),
        ("drie.docx", &["Anna", "Bram", "Carla"][..]),
        ("en.docx", &["Bram", "Carla", "--lang", "en"][..]),
    ] {
        let f = dir.path().join(file);
        let mut args = vec!["agreement", ps, "--between"];
        args.extend(coders);
        args.extend(["--out", f.to_str().unwrap()]);
        ok(&args);
        let text = pdf_text(&f);
        for w in text.split_whitespace().filter(|w| w.len() > 2 && w.ends_with('-')) {
            let w = w.trim_start_matches(|c: char| !c.is_alphabetic());
            assert!(allowed.contains(&w), "{file}: {w:?} breaks a header mid-syllable:\n{text}");
        }
    }
}

#[test]
fn the_agreement_table_gives_its_room_to_the_code_paths_rather_than_to_the_number_columns() {
    // Two coders on the demo's long code paths ("Publieke waarden > Inventarisering publieke
    // waarden > (Im)materiele waarden"): thirteen columns, nine of them numbers under long
    // headers ("Krippendorffs α (segmentering)"). The number columns used to keep every header
    // word whole while each path wrapped over four or five lines.
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let leaves = bram_and_carla_code_four_leaves(ps);
    let f = dir.path().join("overeenstemming.docx");
    ok(&["agreement", ps, "--between", "Bram", "Carla", "--out", f.to_str().unwrap()]);
    let (text, pages) = rendered(&f);
    let table_page = text.split('\u{c}').position(|page| page.contains("Tabel 1")).expect("the table's caption");
    let (w, h) = pages[table_page];
    assert!(w > h, "the thirteen columns turn the page: {pages:?}");
    // No word of a path is broken across lines.
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    for (code, _) in leaves {
        for w in code.split_whitespace() {
            assert!(words.contains(w), "'{w}' of {code:?} is broken across lines:\n{text}");
        }
    }
    // Each row starts with the coders' names; the lines up to the next row are the lines its
    // path wraps over.
    let table = &text[..text.find("Tabel 1").expect("the table's caption")];
    let mut rows: Vec<Vec<&str>> = Vec::new();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        if line.split_whitespace().take(2).eq(["Bram", "Carla"]) {
            rows.push(vec![line]);
        } else if let Some(row) = rows.last_mut() {
            row.push(line);
        }
    }
    assert_eq!(rows.len(), leaves.len() + 1, "a row per code and the pooled row:\n{table}");
    // Four lines at most: the names of the statistics ("Krippendorffs") take their whole width.
    for row in &rows {
        assert!(row.len() <= 4, "a path over {} lines:\n{}", row.len(), row.join("\n"));
    }
}

#[test]
fn the_appendix_turns_only_the_pages_of_its_wide_tables() {
    // A thesis appendix keeps its code tree and narrow tables on portrait pages; a table too wide
    // for them (the seven-column frequency table) gets landscape pages of its own, through Word
    // section breaks. The whole appendix used to turn when one of its tables did.
    let (dir, p) = demo();
    let ps = p.to_str().unwrap();
    let f = dir.path().join("bijlage.docx");
    ok(&["export", ps, "appendix", f.to_str().unwrap()]);
    let (text, sizes) = rendered(&f);
    // (the page's text, landscape)
    let pages: Vec<(&str, bool)> = text.split('\u{c}').zip(&sizes).map(|(t, (w, h))| (t, w > h)).collect();
    let page_of = |what: &str| {
        pages.iter().position(|(t, _)| t.contains(what)).unwrap_or_else(|| panic!("no page with {what:?}:\n{text}"))
    };
    assert!(!pages[page_of("Codeboom")].1, "the code tree is portrait: {sizes:?}");
    assert!(!pages[page_of("Tabel 3: Coderingen per respondent")].1, "the matrix is portrait: {sizes:?}");
    // Every page of the frequency table is landscape, from its first header row to its caption,
    // and every page of the code tree before it portrait.
    let (first, caption) = (page_of("Respondentlabels"), page_of("Tabel 1: Codefrequenties"));
    assert!(pages[first..=caption].iter().all(|(_, landscape)| *landscape), "{sizes:?}");
    assert!(pages[..first].iter().all(|(_, landscape)| !*landscape), "{sizes:?}");
}
