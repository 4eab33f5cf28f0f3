//! Issue 16 (deliverable 5): a verb that reads a project loads what it prints. A supervisor who
//! lists the documents, computes agreement or reads a memo of a project of long transcripts does
//! not wait for (or hold in memory) every transcript: the child process running the verb stays
//! far below the size of the texts, while its answer is the one a full load gives.

#![cfg(target_os = "linux")]

mod support;
use support::memory::{MIB, measured};
use werkbank::core::actions::{self, NewCode, NewDocument};
use werkbank::core::agreement::{self, AgreementParams, AgreementUnit};
use werkbank::core::model::{Id, MemoTarget};
use werkbank::session::Session;

/// The child side of [`measured`].
#[test]
fn child_runs_one_command() {
    support::memory::child_runs_one_command()
}

const DOCUMENTS: usize = 8;
/// Bytes of each transcript: together far more than a verb may take.
const TEXT_BYTES: usize = 16 << 20;

/// A transcript of about `TEXT_BYTES` bytes with accented letters, so characters and bytes differ.
fn transcript(i: usize) -> String {
    let line = format!("R{i}: één brief van de gemeente, daarna niets meer gehoord.\n");
    line.repeat(TEXT_BYTES / line.len())
}

/// Eight long interviews coded by Anna and Bert, who disagree on one passage of the first; a memo
/// on the second. The project file and each document's length in characters.
fn coded_project(dir: &std::path::Path) -> (std::path::PathBuf, Vec<(String, usize)>) {
    let path = dir.join("lang.werkbank");
    let mut s = Session::create(&path, "Lange interviews", "Anna").unwrap();
    let anna = s.coder();
    let code = s
        .run(|p| {
            actions::add_code(p, NewCode { parent: None, name: "Brief", kind: None, color: None, description: "" })
        })
        .unwrap();
    let mut docs = Vec::new();
    let mut ids = Vec::new();
    for i in 1..=DOCUMENTS {
        let text = transcript(i);
        let name = format!("interview_{i}");
        let doc = s
            .run(|p| {
                actions::add_document(p, NewDocument { name: &name, text: &text, source_name: &name, turns: vec![] })
            })
            .unwrap();
        docs.push((name, text.chars().count()));
        ids.push(doc);
    }
    for &doc in &ids {
        s.run(|p| actions::add_coding(p, doc, 4, 20, code, anna)).unwrap();
    }
    s.run(|p| Ok(((), actions::set_memo(p, MemoTarget::Document(ids[1]), "", "Tweede gesprek, kort.", anna)?)))
        .unwrap();
    let bert = s.switch_coder("Bert").unwrap();
    for &doc in &ids[1..] {
        s.run(|p| actions::add_coding(p, doc, 4, 20, code, bert)).unwrap();
    }
    s.run(|p| actions::add_coding(p, ids[0], 100, 160, code, bert)).unwrap();
    (path, docs)
}

/// A verb may take the program's own memory and one transcript at a time; loading every text
/// would take all of them.
fn bound_mib() -> f64 {
    60.0 + 2.0 * TEXT_BYTES as f64 / MIB
}

#[test]
fn documents_agreement_and_a_memo_of_long_transcripts_are_read_without_loading_the_transcripts() {
    assert!((DOCUMENTS * TEXT_BYTES) as f64 / MIB > 1.3 * bound_mib(), "the texts outweigh the bound");
    let dir = tempfile::tempdir().unwrap();
    let (path, docs) = coded_project(dir.path());
    let p = path.to_str().unwrap();

    let listed = measured(&["list", p, "documents"]);
    let lines = listed.result.expect("the documents are listed");
    for (name, chars) in &docs {
        assert!(
            lines.contains(&format!("{name}\t{chars} tekens\t0 spreekbeurten\t")),
            "{name} with {chars} chars: {lines}"
        );
    }
    assert!(listed.peak_mib < bound_mib(), "list documents took {:.0} MiB", listed.peak_mib);

    // The character-level figures depend on every document's length: the same as from a full load.
    let full = Session::open_read_only(&path).unwrap();
    let coder = |n: &str| full.project().coder_by_name(n).unwrap().id;
    let params = AgreementParams {
        coders: vec![coder("Anna"), coder("Bert")],
        documents: vec![],
        codes: vec![],
        unit: AgreementUnit::Character,
        min_overlap: agreement::DEFAULT_MIN_OVERLAP,
    };
    // Through text as the CLI's figures come (serde_json reads a float back to within a unit in
    // the last place).
    let expected = serde_json::to_string(&agreement::agreement(full.project(), &params)).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let first: Id = *full.project().documents.keys().next().unwrap();
    let disagreement = full.project().passage(first, 100, 160).to_string();
    drop(full);
    let table = dir.path().join("overeenstemming.csv");
    let computed = measured(&[
        "agreement",
        p,
        "--between",
        "Anna",
        "Bert",
        "--unit",
        "character",
        "--json",
        "--out",
        table.to_str().unwrap(),
    ]);
    let json = computed.result.expect("agreement is computed").replace(" | ", "\n");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["report"], expected);
    assert!(computed.peak_mib < bound_mib(), "agreement took {:.0} MiB", computed.peak_mib);
    let csv = std::fs::read_to_string(&table).unwrap();
    let words = disagreement.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(csv.contains(&words), "the passage coded differently is quoted: {csv}");

    let memo = measured(&["memo", p, "--doc", "interview_2"]);
    assert_eq!(memo.result.expect("the memo is read").trim_end_matches(" | "), "Tweede gesprek, kort.");
    assert!(memo.peak_mib < bound_mib(), "reading a memo took {:.0} MiB", memo.peak_mib);
}

/// Issue 16 (deliverable 6): `werkbank bench` measures a command in a child process after it has
/// built a 100,000-coding project itself, so the figure must be the child's own peak: Linux starts
/// an exec'd child's `ru_maxrss` at its parent's peak, which made every child figure (the app with
/// the project open, the segments export, the 100,000-turn import) at least the benchmark's size.
#[test]
fn a_benchmark_that_grew_large_reports_the_small_peak_of_the_command_it_measured() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("klein.werkbank");
    drop(Session::create(&path, "Klein", "Anna").unwrap());
    // The measuring process holds 400 MiB, as the benchmark does after building its project.
    let ballast = vec![7u8; 400 << 20];
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_werkbank"));
    let run = werkbank::bench::measure_child(exe, &["list".as_ref(), path.as_os_str(), "documents".as_ref()]).unwrap();
    assert!(std::hint::black_box(&ballast).iter().step_by(1 << 20).all(|&b| b == 7));
    assert!(run.peak_mib > 1.0, "a peak was read: {:.1} MiB", run.peak_mib);
    assert!(
        run.peak_mib < 200.0,
        "listing an empty project took {:.0} MiB: the parent's 400 MiB leaked in",
        run.peak_mib
    );
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(!out.contains("peak-mib"), "the command's own output comes without the peak line: {out}");
}
