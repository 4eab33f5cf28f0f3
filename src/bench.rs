//! Synthetic workloads: the crash-safety run (`werkbank stress`) and the benchmarks
//! (`werkbank bench`). They live in the library so the same generator feeds tests, benchmarks and
//! the comparison script against Taguette in `bench/`.

use crate::core::actions::{self, NewCode};
use crate::core::model::Id;
use crate::import::ImportedText;
use crate::session::Session;
use crate::workflow::{self, ImportOptions};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// A small deterministic generator (SplitMix64), so every run of a workload is identical.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "de", "het", "een", "gemeente", "burger", "vertrouwen", "transparantie", "digitalisering", "waarden",
    "beleid", "algoritme", "privacy", "wij", "ik", "denk", "dat", "is", "niet", "wel", "heel", "belangrijk",
    "organisatie", "ambtenaar", "raad", "verantwoording", "data", "keuze", "dilemma", "ethiek", "en", "maar",
    "omdat", "we", "moeten", "kunnen", "zien", "ook", "soms", "één", "café", "überhaupt", "proces",
];

/// An interview transcript of about `chars` characters with `I:` / `R<n>:` turns.
pub fn synthetic_transcript(rng: &mut Rng, chars: usize, respondent: usize) -> String {
    let mut text = String::with_capacity(chars + 200);
    let mut turn = 0;
    while text.len() < chars {
        let tag = if turn % 2 == 0 { "I".to_string() } else { format!("R{respondent}") };
        text.push_str(&tag);
        text.push_str(": ");
        let words = if turn % 2 == 0 { 8 + rng.below(15) } else { 30 + rng.below(120) };
        for w in 0..words {
            let word = WORDS[rng.below(WORDS.len())];
            if w == 0 {
                let mut c = word.chars();
                text.extend(c.next().map(|f| f.to_ascii_uppercase()));
                text.push_str(c.as_str());
            } else {
                text.push(' ');
                text.push_str(word);
            }
            if w + 1 < words && rng.below(12) == 0 {
                text.push(',');
            }
        }
        text.push_str(if turn % 2 == 0 { "?\n" } else { ".\n" });
        turn += 1;
    }
    text
}

/// The transcript as the importer would deliver it (speaker turns detected).
pub fn as_imported(text: String) -> ImportedText {
    let turns = crate::import::detect_speakers(&text);
    ImportedText { text, turns, warnings: vec![] }
}

/// Performs `count` small actions one by one (imports every 25th, codings otherwise) and prints
/// `ok <kind> <id>` after each one is committed, so a test can kill the process at any moment
/// and check that every acknowledged action survived.
pub fn stress(path: &Path, coder: &str, seed: u64, count: usize, out: &mut dyn Write) -> Result<()> {
    let mut s = Session::open(path, coder)?;
    let mut rng = Rng::new(seed);
    while s.project().codes.len() < 5 {
        let name = format!("Code {}", s.project().codes.len() + 1);
        let id = s.run(|p| actions::add_code(p, NewCode { parent: None, name: &name, kind: None, color: None, description: "" }))?;
        writeln!(out, "ok code {id}")?;
        out.flush()?;
    }
    let codes: Vec<Id> = s.project().codes.keys().copied().collect();
    let coder_id = s.coder();
    for i in 0..count {
        if i % 25 == 0 || s.project().documents.is_empty() {
            let n = s.project().documents.len();
            let chars = 5_000 + rng.below(20_000);
            let imported = as_imported(synthetic_transcript(&mut rng, chars, n % 15 + 1));
            let name = format!("Stress {seed}-{n}");
            let (id, edit) = workflow::import_edit(s.project(), &name, "stress.txt", &imported, &ImportOptions::default())?;
            s.perform(edit)?;
            writeln!(out, "ok document {id}")?;
        } else {
            let docs: Vec<(Id, usize)> = s.project().documents.values().map(|d| (d.id, d.char_len())).collect();
            let (doc, len) = docs[rng.below(docs.len())];
            let start = rng.below(len - 1);
            let end = (start + 1 + rng.below(300)).min(len);
            let code = codes[rng.below(codes.len())];
            let id = s.run(|p| actions::add_coding(p, doc, start, end, code, coder_id))?;
            writeln!(out, "ok coding {id}")?;
        }
        out.flush()?;
    }
    Ok(())
}

/// One measured figure.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub what: String,
    pub seconds: f64,
    pub detail: String,
}

fn time<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, f64)> {
    let t = std::time::Instant::now();
    let v = f()?;
    Ok((v, t.elapsed().as_secs_f64()))
}

/// Peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
pub fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A line describing the machine, for the benchmark report.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!("{cpu}, {cores} cores, {mem:.0} GiB RAM, {} build", if cfg!(debug_assertions) { "debug" } else { "release" })
}

/// Writes the synthetic transcripts of the standard workload to `dir` (for Taguette and friends).
pub fn write_workload(dir: &Path, documents: usize, seed: u64) -> Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let mut files = Vec::new();
    for i in 0..documents {
        let chars = 10_000 + rng.below(90_001);
        let text = synthetic_transcript(&mut rng, chars, i % 17 + 1);
        let f = dir.join(format!("interview_{:03}.txt", i + 1));
        std::fs::write(&f, text)?;
        files.push(f);
    }
    Ok(files)
}

/// Runs the standard benchmark in `dir` and returns its figures.
pub fn run_benchmarks(dir: &Path, max_documents: usize, codings: usize) -> Result<Vec<Measurement>> {
    let mut m = Vec::new();
    let files = write_workload(&dir.join("transcripts"), max_documents, 7)?;
    let total_chars: usize = files.iter().map(|f| std::fs::read_to_string(f).map_or(0, |t| t.chars().count())).sum();
    for n in [1usize, 20, 200].into_iter().filter(|&n| n <= max_documents) {
        let path = dir.join(format!("import{n}.werkbank"));
        let mut s = Session::create(&path, "bench", "bench")?;
        let (_, secs) = time(|| {
            for f in &files[..n] {
                workflow::import_file(&mut s, f, &ImportOptions { create_speaker_respondents: true, ..Default::default() })?;
            }
            Ok(())
        })?;
        let chars: usize = s.project().documents.values().map(|d| d.char_len()).sum();
        m.push(Measurement { what: format!("import {n} transcripts"), seconds: secs, detail: format!("{chars} characters, one transaction per file") });
    }
    // The biggest project gets a code tree and the codings.
    let path = dir.join(format!("import{}.werkbank", max_documents.min(200)));
    let mut s = Session::open(&path, "bench")?;
    let mut codes = Vec::new();
    for c in 0..10 {
        let concept = s.run(|p| actions::add_code(p, NewCode { parent: None, name: &format!("Concept {c}"), kind: None, color: None, description: "" }))?;
        for d in 0..5 {
            codes.push(s.run(|p| actions::add_code(p, NewCode { parent: Some(concept), name: &format!("Indicator {c}.{d}"), kind: None, color: None, description: "" }))?);
        }
    }
    let mut rng = Rng::new(99);
    let docs: Vec<(Id, usize)> = s.project().documents.values().map(|d| (d.id, d.char_len())).collect();
    let coder = s.coder();
    let per_code = codings / codes.len();
    let (_, secs) = time(|| {
        for &code in &codes {
            let ranges: Vec<(Id, usize, usize)> = (0..per_code)
                .map(|_| {
                    let (doc, len) = docs[rng.below(docs.len())];
                    let start = rng.below(len - 400);
                    (doc, start, start + 20 + rng.below(380))
                })
                .collect();
            let edit = actions::code_ranges(s.project(), &ranges, code, coder)?;
            s.perform(edit)?;
        }
        Ok(())
    })?;
    m.push(Measurement {
        what: format!("apply {} codings", s.project().codings.len()),
        seconds: secs,
        detail: format!("{} bulk actions (one transaction each)", codes.len()),
    });
    let (_, secs) = time(|| {
        for _ in 0..200 {
            let (doc, len) = docs[rng.below(docs.len())];
            let start = rng.below(len - 100);
            let code = codes[rng.below(codes.len())];
            s.run(|p| actions::add_coding(p, doc, start, start + 50, code, coder))?;
        }
        Ok(())
    })?;
    m.push(Measurement { what: "200 single codings".into(), seconds: secs, detail: format!("{:.2} ms per action incl. fsync", secs * 1000.0 / 200.0) });
    drop(s);
    let (s, secs) = time(|| Ok(Session::open(&path, "bench")?))?;
    m.push(Measurement {
        what: "open project".into(),
        seconds: secs,
        detail: format!("{} documents, {} codings, {total_chars} characters on disk", s.project().documents.len(), s.project().codings.len()),
    });
    m.push(Measurement { what: "peak memory".into(), seconds: 0.0, detail: format!("{:.0} MiB resident", peak_rss_mib()) });
    Ok(m)
}
