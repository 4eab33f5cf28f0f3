//! Issue 10 (part 3): no file, however small or hostile, makes an import take memory out of
//! proportion to the text it produces. Each bomb from the issue is generated here (never committed
//! as a binary), imported by the real `werkbank` CLI code in a child process, and the child's peak
//! resident memory is compared with a bound derived from the text the import produces (or would be
//! allowed to produce). The bombs are scaled so that an unguarded importer would blow far past the
//! bound while the guarded one stays quick.
//!
//! The child is this test binary, re-executed to run one CLI command in-process and report its own
//! `VmHWM` (the peak of *its* address space; a fork's `ru_maxrss` would include the parent's).

#![cfg(target_os = "linux")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_werkbank");
const CHILD_ENV: &str = "WERKBANK_BOMB_ARGS";
const MIB: f64 = 1024.0 * 1024.0;

/// What the child reported: did the command succeed (with its error message if not), and its
/// peak resident memory in MiB.
#[derive(Debug)]
struct Outcome {
    result: Result<String, String>,
    peak_mib: f64,
}

/// Runs `werkbank <args>` in a fresh child process and returns its outcome and peak memory.
fn measured(args: &[&str]) -> Outcome {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_runs_one_command", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, serde_json::to_string(args).unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // libtest may print "test child_runs_one_command ... " in front of the first line.
    let line = |key: &str| stdout.lines().find_map(|l| l.split_once(key)).map(|(_, v)| v.to_string());
    let peak_kib: f64 = line("BOMB-PEAK-KIB ")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("the child reported no peak: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    let result = match (line("BOMB-OK "), line("BOMB-ERR ")) {
        (Some(o), _) => Ok(o),
        (None, Some(e)) => Err(format!("{e} | {}", String::from_utf8_lossy(&out.stderr).replace('\n', " | "))),
        _ => panic!("the child reported no outcome: {stdout}"),
    };
    eprintln!("werkbank {:?}: peak {:.0} MiB", &args[..1], peak_kib / 1024.0);
    Outcome { result, peak_mib: peak_kib / 1024.0 }
}

/// The child side: runs the command from the environment through the CLI code, then prints the
/// outcome and the peak resident memory of this process.
#[test]
fn child_runs_one_command() {
    let Ok(json) = std::env::var(CHILD_ENV) else {
        return; // run as an ordinary test: nothing to do
    };
    use clap::Parser;
    let args: Vec<String> = serde_json::from_str(&json).unwrap();
    let cli = werkbank::cli::Cli::try_parse_from(std::iter::once("werkbank".to_string()).chain(args)).unwrap();
    let mut sink = Vec::new();
    let result = werkbank::cli::run(cli.command.expect("a verb"), "Bomb", &mut sink);
    match result {
        Ok(()) => println!("BOMB-OK {}", String::from_utf8_lossy(&sink).replace('\n', " | ")),
        Err(e) => println!("BOMB-ERR {}", werkbank::cli::error_message(&e).replace('\n', " | ")),
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap();
    println!("BOMB-PEAK-KIB {}", hwm.trim().trim_end_matches("kB").trim());
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn new_project(dir: &Path) -> PathBuf {
    let p = dir.join("thesis.werkbank");
    let st = Command::new(BIN).arg("new").arg(&p).output().unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    p
}

/// Writes one zip entry's content piece by piece (so the test itself stays small).
type Fill = Box<dyn Fn(&mut dyn Write)>;

/// Writes a zip of the named entries.
fn write_zip(path: &Path, entries: Vec<(&str, Fill)>) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    for (name, fill) in entries {
        z.start_file(name, opts).unwrap();
        fill(&mut z);
    }
    z.finish().unwrap();
}

fn repeat(w: &mut dyn Write, piece: &str, times: usize) {
    let chunk = piece.repeat((1 << 16) / piece.len().max(1) + 1);
    let per_chunk = chunk.len() / piece.len();
    let mut left = times;
    while left > 0 {
        let n = left.min(per_chunk);
        w.write_all(&chunk.as_bytes()[..n * piece.len()]).unwrap();
        left -= n;
    }
}

/// A .docx whose body refers `refs` times to one footnote of `note_chars` characters.
fn footnote_bomb(path: &Path, note_chars: usize, refs: usize) {
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let doc_rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/></Relationships>";
    write_zip(
        path,
        vec![
            ("_rels/.rels", Box::new(move |w: &mut dyn Write| w.write_all(rels.as_bytes()).unwrap())),
            (
                "word/_rels/document.xml.rels",
                Box::new(move |w: &mut dyn Write| w.write_all(doc_rels.as_bytes()).unwrap()),
            ),
            (
                "word/document.xml",
                Box::new(move |w: &mut dyn Write| {
                    write!(w, "<w:document {W}><w:body><w:p><w:r><w:t>R1: Zie de noot.</w:t></w:r>").unwrap();
                    repeat(w, "<w:r><w:footnoteReference w:id=\"1\"/></w:r>", refs);
                    w.write_all(b"</w:p></w:body></w:document>").unwrap();
                }),
            ),
            (
                "word/footnotes.xml",
                Box::new(move |w: &mut dyn Write| {
                    write!(w, "<w:footnotes {W}><w:footnote w:id=\"1\"><w:p><w:r><w:t>").unwrap();
                    repeat(w, "x", note_chars);
                    w.write_all(b"</w:t></w:r></w:p></w:footnote></w:footnotes>").unwrap();
                }),
            ),
        ],
    );
}

/// A bound of `factor` times the produced text plus a constant for the program itself.
fn bound(text_bytes: usize, factor: f64) -> f64 {
    const CONSTANT_MIB: f64 = 60.0;
    CONSTANT_MIB + factor * text_bytes as f64 / MIB
}

#[test]
fn a_footnote_referenced_400_times_is_imported_once_not_400_times() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let docx = dir.path().join("noot.docx");
    footnote_bomb(&docx, 1_000_000, 400);
    let size = std::fs::metadata(&docx).unwrap().len();
    assert!(size < 8_000, "the bomb is a small file ({size} bytes)");
    let o = measured(&["import", s(&project), s(&docx)]);
    assert!(o.result.is_ok(), "{o:?}");
    let text_bytes = 1_000_000 + 400 * 8;
    assert!(o.peak_mib < bound(text_bytes, 8.0), "peak {:.0} MiB for {} bytes of text", o.peak_mib, text_bytes);
    let list = Command::new(BIN).args(["list", s(&project), "documents"]).output().unwrap();
    let listing = String::from_utf8_lossy(&list.stdout);
    assert!(listing.contains("noot"), "{listing}");
}

#[test]
fn a_10_mb_note_referenced_5000_times_costs_one_note() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let docx = dir.path().join("noot.docx");
    footnote_bomb(&docx, 10_000_000, 5_000);
    let o = measured(&["import", s(&project), s(&docx)]);
    assert!(o.result.is_ok(), "{o:?}");
    let text_bytes = 10_000_000 + 5_000 * 8;
    assert!(o.peak_mib < bound(text_bytes, 8.0), "peak {:.0} MiB for {} bytes of text", o.peak_mib, text_bytes);
}

#[test]
fn a_transcript_that_tags_every_line_with_the_same_speaker_is_one_turn_of_modest_memory() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let txt = dir.path().join("r1.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&txt).unwrap());
    repeat(&mut f, "R1: x\n", 1_000_000); // 6 MB; the 60 MB took 9.2 GB
    drop(f);
    let o = measured(&["import", s(&project), s(&txt)]);
    let report = o.result.as_ref().expect("imported");
    assert!(report.contains("1 speaker turns"), "{report}");
    assert!(o.peak_mib < bound(6_000_000, 8.0), "peak {:.0} MiB for 6 MB of text", o.peak_mib);
}

#[test]
fn a_transcript_with_more_turns_than_the_limit_is_refused_early_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let txt = dir.path().join("wissel.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&txt).unwrap());
    repeat(&mut f, "I: x\nR1: y\n", 600_000); // 1.2 M turns, 6.6 MB
    drop(f);
    let o = measured(&["import", s(&project), s(&txt)]);
    let err = o.result.as_ref().expect_err("refused");
    assert!(err.contains("more than 100000 speaker turns"), "{err}");
    // Refused while counting: memory stays near the file, far from a million turns' worth.
    assert!(o.peak_mib < bound(6_600_000, 8.0), "peak {:.0} MiB", o.peak_mib);
}

/// A .qdpx whose project.qde is `qde` (written piece by piece) with the given sources.
fn qdpx(path: &Path, qde: Fill, sources: Vec<(&'static str, usize)>) {
    let mut entries: Vec<(&str, Fill)> = vec![("project.qde", qde)];
    for (name, bytes) in sources {
        entries.push((name, Box::new(move |w: &mut dyn Write| repeat(w, "Ja. ", bytes / 4))));
    }
    write_zip(path, entries);
}

const QDE_HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"b\">";

/// The memory the REFI element tree may take at its limits (see `input/xml.rs`): ~150 bytes per
/// element and ~80 per attribute.
fn refi_tree_mib() -> f64 {
    (1_000_000.0 * 150.0 + 1_000_000.0 * 80.0) / MIB
}

#[test]
fn a_qdpx_with_four_sources_over_the_text_limit_is_refused_before_inflating_them() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let file = dir.path().join("groot.qdpx");
    let mut qde = String::from(QDE_HEAD);
    qde.push_str("<Sources>");
    for i in 1..=4 {
        qde.push_str(&format!(
            "<TextSource guid=\"00000000-0000-0000-0000-00000000000{i}\" name=\"s{i}\" plainTextPath=\"internal://s{i}.txt\"/>"
        ));
    }
    qde.push_str("</Sources></Project>");
    let big = 68 * 1024 * 1024; // each just over the 64 MiB text limit; the were 120 MB
    qdpx(
        &file,
        Box::new(move |w: &mut dyn Write| w.write_all(qde.as_bytes()).unwrap()),
        vec![("sources/s1.txt", big), ("sources/s2.txt", big), ("sources/s3.txt", big), ("sources/s4.txt", big)],
    );
    let o = measured(&["refi", "import", s(&project), s(&file)]);
    let err = o.result.as_ref().expect_err("refused");
    assert!(err.contains("limit 67108864"), "{err}");
    assert!(o.peak_mib < bound(0, 0.0), "peak {:.0} MiB", o.peak_mib);
}

#[test]
fn a_qdpx_with_five_million_empty_elements_is_refused_at_the_element_limit() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let file = dir.path().join("leeg.qdpx");
    qdpx(
        &file,
        Box::new(|w: &mut dyn Write| {
            w.write_all(QDE_HEAD.as_bytes()).unwrap();
            repeat(w, "<a/>", 4_900_000);
            w.write_all(b"</Project>").unwrap();
        }),
        vec![],
    );
    assert!(std::fs::metadata(&file).unwrap().len() < 100_000);
    let o = measured(&["refi", "import", s(&project), s(&file)]);
    let err = o.result.as_ref().expect_err("refused");
    assert!(err.contains("more than 1000000 XML elements"), "{err}");
    assert!(o.peak_mib < bound(0, 0.0) + refi_tree_mib(), "peak {:.0} MiB", o.peak_mib);
}

#[test]
fn a_qdpx_flooded_with_attributes_is_refused_at_the_attribute_limits() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let attrs: String = (0..10).map(|i| format!(" x{i}=\"\"")).collect();
    let element = format!("<User{attrs}/>");
    for (name, elements, expected) in
        [("breed.qdpx", 110_000, "more than 1000000 XML attributes"), ("lang.qdpx", 1, "more than 64 attributes")]
    {
        let file = dir.path().join(name);
        let one: String = if elements == 1 {
            format!("<User{}/>", (0..500_000).map(|i| format!(" x{i}=\"\"")).collect::<String>())
        } else {
            element.clone()
        };
        qdpx(
            &file,
            Box::new(move |w: &mut dyn Write| {
                w.write_all(QDE_HEAD.as_bytes()).unwrap();
                w.write_all(b"<Users>").unwrap();
                repeat(w, &one, elements);
                w.write_all(b"</Users></Project>").unwrap();
            }),
            vec![],
        );
        let o = measured(&["refi", "import", s(&project), s(&file)]);
        let err = o.result.as_ref().expect_err("refused");
        assert!(err.contains(expected), "{err}");
        assert!(o.peak_mib < bound(0, 0.0) + refi_tree_mib(), "{name}: peak {:.0} MiB", o.peak_mib);
    }
}

#[test]
fn a_huge_codebook_or_transcript_file_is_refused_by_its_size_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    for (name, verb, expected) in [
        ("codes.txt", vec!["codebook", "import"], "at most 10485760 bytes"),
        ("interview.txt", vec!["import"], "the limit is 67108864 bytes"),
    ] {
        let file = dir.path().join(name);
        // Sparse: 300 MB that take no disk space, but would take 300 MB (and more) if read.
        std::fs::File::create(&file).unwrap().set_len(300 * 1024 * 1024).unwrap();
        let mut args = verb.clone();
        args.extend([s(&project), s(&file)]);
        let o = measured(&args);
        let err = o.result.as_ref().expect_err("refused");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(o.peak_mib < bound(0, 0.0), "{name}: peak {:.0} MiB", o.peak_mib);
    }
}

#[test]
fn a_qdpx_with_large_sources_within_the_limits_imports_in_a_small_multiple_of_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let file = dir.path().join("vier.qdpx");
    let mut qde = String::from(QDE_HEAD);
    qde.push_str("<Sources>");
    for i in 1..=4 {
        qde.push_str(&format!(
            "<TextSource guid=\"00000000-0000-0000-0000-00000000000{i}\" name=\"s{i}\" plainTextPath=\"internal://s{i}.txt\"/>"
        ));
    }
    qde.push_str("</Sources></Project>");
    let each = 6_000_000;
    qdpx(
        &file,
        Box::new(move |w: &mut dyn Write| w.write_all(qde.as_bytes()).unwrap()),
        vec![("sources/s1.txt", each), ("sources/s2.txt", each), ("sources/s3.txt", each), ("sources/s4.txt", each)],
    );
    let o = measured(&["refi", "import", s(&project), s(&file)]);
    assert!(o.result.is_ok(), "{o:?}");
    assert!(o.peak_mib < bound(4 * each, 8.0), "peak {:.0} MiB for {} bytes of text", o.peak_mib, 4 * each);
}

#[test]
fn a_docx_table_of_millions_of_empty_rows_costs_about_a_byte_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let docx = dir.path().join("rijen.docx");
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let rows = 4_900_000;
    write_zip(
        &docx,
        vec![(
            "word/document.xml",
            Box::new(move |w: &mut dyn Write| {
                write!(w, "<w:document {W}><w:body><w:p><w:r><w:t>R1: tabel</w:t></w:r></w:p><w:tbl>").unwrap();
                repeat(w, "<w:tr/>", rows);
                w.write_all(b"</w:tbl><w:p><w:r><w:t>I: einde</w:t></w:r></w:p></w:body></w:document>").unwrap();
            }),
        )],
    );
    assert!(std::fs::metadata(&docx).unwrap().len() < 200_000);
    let o = measured(&["import", s(&project), s(&docx)]);
    assert!(o.result.is_ok(), "{o:?}");
    assert!(o.peak_mib < bound(rows, 8.0), "peak {:.0} MiB for {rows} bytes of text", o.peak_mib);
}
