//! The crash-safety run (`werkbank stress`) and the benchmarks (`werkbank bench`), over the
//! synthetic workload of [`crate::workload`]. Developer tools, not part of the program users get:
//! compiled only with the `bench` cargo feature, which the tests switch on (Cargo.toml) and
//! `cargo run --features bench -- bench` uses by hand.

use crate::core::actions::{self, NewCode};
use crate::core::model::Id;
use crate::session::Session;
use crate::workflow::{self, ImportOptions};
use crate::workload::{Rng, as_imported, synthetic_transcript};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Performs `count` small actions one by one (imports every 25th, codings otherwise) and prints
/// `ok <kind> <id>` after each one is committed, so a test can kill the process at any moment
/// and check that every acknowledged action survived.
pub fn stress(path: &Path, coder: &str, seed: u64, count: usize, out: &mut dyn Write) -> Result<()> {
    let mut s = Session::open(path, coder)?;
    let mut rng = Rng::new(seed);
    while s.project().codes.len() < 5 {
        let name = format!("Code {}", s.project().codes.len() + 1);
        let id = s.run(|p| {
            actions::add_code(p, NewCode { parent: None, name: &name, kind: None, color: None, description: "" })
        })?;
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
            let (id, edit) =
                workflow::import_edit(s.project(), &name, "stress.txt", &imported, &ImportOptions::default())?;
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

/// One measured figure: a time in seconds, a human detail, and any other measured numbers under
/// stable keys (`mib` for memory, `ratio` for a figure against its floor, …), which `--json`
/// gives as numbers beside `seconds` and `detail` so a script need not parse the detail text.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Measurement {
    pub what: String,
    pub seconds: f64,
    pub detail: String,
    pub numbers: Vec<(&'static str, f64)>,
}

impl Measurement {
    /// This figure with one more number under `key`.
    pub fn with(mut self, key: &'static str, value: f64) -> Measurement {
        self.numbers.push((key, value));
        self
    }

    /// The JSON value of this figure: `{"seconds": …, "detail": …, <key>: <number>…}`.
    pub fn json(&self) -> serde_json::Value {
        let mut o = serde_json::Map::new();
        o.insert("seconds".into(), self.seconds.into());
        o.insert("detail".into(), self.detail.clone().into());
        for &(k, v) in &self.numbers {
            o.insert(k.into(), v.into());
        }
        serde_json::Value::Object(o)
    }
}

/// The whole report as one JSON object: `machine`, `peak_memory_mib` (this process's peak
/// resident memory over every group that ran, a number) and `results` (`what` -> [`Measurement::json`]).
pub fn report_json(figures: &[Measurement]) -> serde_json::Value {
    let results: serde_json::Map<String, serde_json::Value> =
        figures.iter().map(|m| (m.what.clone(), m.json())).collect();
    serde_json::json!({"machine": machine(), "peak_memory_mib": peak_rss_mib(), "results": results})
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

/// CPU time this thread has used so far, in seconds (Unix; `None` elsewhere). On a shared,
/// loaded machine the wall clock also counts time spent waiting for a core; the thread's own
/// CPU time is what the work costs. Read from the thread's CPU clock, exact to the nanosecond
/// (`/proc/thread-self/schedstat` moved in scheduler ticks: every frame read 4.00 ms).
#[cfg(unix)]
pub fn thread_cpu_seconds() -> Option<f64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a pointer to a live one.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    ok.then(|| ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9)
}

#[cfg(not(unix))]
pub fn thread_cpu_seconds() -> Option<f64> {
    None
}

/// A wall-clock and CPU-time stopwatch for one measured step.
struct Stopwatch(std::time::Instant, Option<f64>);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(std::time::Instant::now(), thread_cpu_seconds())
    }
    /// (wall seconds, this thread's CPU seconds; the wall time where unknown).
    fn stop(&self) -> (f64, f64) {
        let wall = self.0.elapsed().as_secs_f64();
        let cpu = self.1.zip(thread_cpu_seconds()).map_or(wall, |(a, b)| b - a);
        (wall, cpu)
    }
}

/// A line describing the machine, for the benchmark report.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!(
        "{cpu}, {cores} cores, {mem:.0} GiB RAM, {} build",
        if cfg!(debug_assertions) { "debug" } else { "release" }
    )
}

/// What a user downloads and waits for: the size of this binary, and the time from starting the
/// app on a project to its first frame. The start-up is measured only where a display is available
/// (a desktop, or Xvfb): the app is started with `WERKBANK_QUIT_AFTER_FIRST_FRAME`, which closes
/// the window once the first frame showing the project (opened on a worker) is drawn.
pub fn install_benchmarks(dir: &Path) -> Result<Vec<Measurement>> {
    let exe = std::env::current_exe()?;
    let size = std::fs::metadata(&exe)?.len();
    let mut m = vec![
        Measurement {
            what: "binary size".into(),
            seconds: 0.0,
            detail: format!("{:.1} MiB ({})", size as f64 / 1024.0 / 1024.0, exe.display()),
            ..Default::default()
        }
        .with("mib", size as f64 / 1024.0 / 1024.0),
    ];
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    if !has_display {
        m.push(Measurement {
            what: "cold start to first frame".into(),
            seconds: 0.0,
            detail: "not measured: no display (run under a desktop or Xvfb)".into(),
            ..Default::default()
        });
        return Ok(m);
    }
    let project = dir.join("startup.werkbank");
    if !project.exists() {
        crate::demo::create_demo_project(&project, "bench")?;
    }
    let mut runs = Vec::new();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let status = std::process::Command::new(&exe)
            .arg(&project)
            .env("WERKBANK_QUIT_AFTER_FIRST_FRAME", "1")
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        anyhow::ensure!(status.success(), "the app did not start: {status}");
        runs.push(t.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    m.push(Measurement {
        what: "cold start to first frame".into(),
        seconds: runs[1],
        detail: format!("median of 3, demo project; min {:.3} s, max {:.3} s", runs[0], runs[2]),
        ..Default::default()
    });
    Ok(m)
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
        crate::output::write_bytes(&f, text.as_bytes())?;
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
                workflow::import_file(
                    &mut s,
                    f,
                    &ImportOptions { create_speaker_respondents: true, ..Default::default() },
                )?;
            }
            Ok(())
        })?;
        let chars: usize = s.project().documents.values().map(|d| d.char_len()).sum();
        m.push(Measurement {
            what: format!("import {n} transcripts"),
            seconds: secs,
            detail: format!("{chars} characters, one transaction per file"),
            ..Default::default()
        });
    }
    // The biggest project gets a code tree and the codings.
    let path = dir.join(format!("import{}.werkbank", max_documents.min(200)));
    let mut s = Session::open(&path, "bench")?;
    let codes = concepts_with_indicators(&mut s)?;
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
        ..Default::default()
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
    m.push(Measurement {
        what: "200 single codings".into(),
        seconds: secs,
        detail: format!("{:.2} ms per action incl. fsync", secs * 1000.0 / 200.0),
        ..Default::default()
    });
    drop(s);
    let (s, secs) = time(|| Ok(Session::open(&path, "bench")?))?;
    m.push(Measurement {
        what: "open project".into(),
        seconds: secs,
        detail: format!(
            "{} documents, {} codings, {total_chars} characters on disk",
            s.project().documents.len(),
            s.project().codings.len()
        ),
        ..Default::default()
    });
    analysis_benchmarks(s.project(), dir, &mut m)?;
    check_benchmarks(s.project(), &mut m)?;
    let rows = s.project().codings.len();
    drop(s);
    m.extend(segments_export_benchmarks(&path, dir, rows)?);
    m.push(
        Measurement {
            what: "peak memory".into(),
            seconds: 0.0,
            detail: format!("{:.0} MiB resident", peak_rss_mib()),
            ..Default::default()
        }
        .with("mib", peak_rss_mib()),
    );
    Ok(m)
}

/// Every coded segment of the project (`rows` of them) exported as .docx by the `werkbank`
/// command in its own process: its peak memory, also per row (project and libraries included),
/// keys `mib` and `bytes_per_row`.
fn segments_export_benchmarks(project: &Path, dir: &Path, rows: usize) -> Result<Vec<Measurement>> {
    let out = dir.join("segments.docx");
    let (secs, peak) = child_run(&["export".as_ref(), project.as_os_str(), "segments".as_ref(), out.as_os_str()])?;
    let size = std::fs::metadata(&out).map_or(0, |md| md.len());
    let per_row = peak * 1024.0 * 1024.0 / rows.max(1) as f64;
    Ok(vec![
        Measurement {
            what: "export: segments .docx".into(),
            seconds: secs,
            detail: format!("{rows} rows, {size} bytes; peak {peak:.0} MiB resident, {per_row:.0} bytes per row"),
            ..Default::default()
        }
        .with("mib", peak)
        .with("bytes_per_row", per_row),
    ])
}

/// The chapter check on the whole project: indexing every transcript, then finding 40 verbatim
/// quotes and 10 with one word changed (each a 12-word stretch of a different transcript).
fn check_benchmarks(p: &crate::core::Project, m: &mut Vec<Measurement>) -> Result<()> {
    use crate::check::quotes::{QuoteIndex, words};
    let (index, secs) = time(|| Ok(QuoteIndex::new(p)))?;
    m.push(Measurement {
        what: "check: index transcripts".into(),
        seconds: secs,
        detail: format!("{} transcripts", p.documents.len()),
        ..Default::default()
    });
    let mut quotes = Vec::new();
    for (k, d) in p.documents.values().enumerate().step_by((p.documents.len() / 50).max(1)).take(50) {
        let ws = words(&d.text);
        let from = (ws.len() / 2).min(ws.len().saturating_sub(12));
        let mut q: Vec<String> = ws.iter().skip(from).take(12).map(|(w, _)| w.clone()).collect();
        if k % 5 == 4 && q.len() > 6 {
            q[6] = "anders".into();
        }
        quotes.push(q.join(" "));
    }
    let (found, secs) = time(|| Ok(quotes.iter().filter(|q| index.find(q).is_some()).count()))?;
    m.push(Measurement {
        what: "check: find quotes".into(),
        seconds: secs,
        detail: format!("{} quotes ({found} found), one in five with a word changed", quotes.len()),
        ..Default::default()
    });
    Ok(())
}

/// Times every table of the analysis core and the appendix exports on `p`.
fn analysis_benchmarks(p: &crate::core::Project, dir: &Path, m: &mut Vec<Measurement>) -> Result<()> {
    use crate::core::analysis::{Analysis, CitationStyle, CoMode, Filter};
    use crate::export::options::ReportOptions;
    use crate::export::{self, Block, Lang, tables};
    let all = Filter::all();
    let (a, secs) = time(|| Ok(Analysis::new(p)))?;
    m.push(Measurement {
        what: "analysis: index".into(),
        seconds: secs,
        detail: "turn and respondent lookups".into(),
        ..Default::default()
    });
    let (rows, secs) = time(|| Ok(a.code_frequencies(&all)))?;
    m.push(Measurement {
        what: "analysis: code frequencies".into(),
        seconds: secs,
        detail: format!("{} codes", rows.len()),
        ..Default::default()
    });
    let (matrix, secs) = time(|| Ok(a.code_case_matrix(&all, true)))?;
    m.push(Measurement {
        what: "analysis: code x respondent".into(),
        seconds: secs,
        detail: format!("{} x {}", matrix.rows.len(), matrix.columns.len()),
        ..Default::default()
    });
    let (_, secs) = time(|| Ok(a.code_document_matrix(&all, true)))?;
    m.push(Measurement {
        what: "analysis: code x document".into(),
        seconds: secs,
        detail: String::new(),
        ..Default::default()
    });
    for (mode, name) in
        [(CoMode::Overlap, "overlap"), (CoMode::SameTurn, "same turn"), (CoMode::SameDocument, "same document")]
    {
        let (_, secs) = time(|| Ok(a.cooccurrence(&all, mode)))?;
        m.push(Measurement {
            what: format!("analysis: co-occurrence ({name})"),
            seconds: secs,
            detail: String::new(),
            ..Default::default()
        });
    }
    let concept = rows.first().map(|r| r.code).unwrap_or_default();
    let (quotes, secs) = time(|| Ok(a.quotes(concept, true, &all, &CitationStyle::label())))?;
    m.push(Measurement {
        what: "analysis: quotes of a concept".into(),
        seconds: secs,
        detail: format!("{} quotes", quotes.len()),
        ..Default::default()
    });
    let blocks = vec![
        Block::CodeTree(tables::codeboom_lines(&rows, &ReportOptions::default()), Default::default()),
        Block::Table(tables::frequency_table(&rows, &ReportOptions::default())),
        Block::Table(tables::respondent_table(&a.respondent_overview(), Lang::Nl)),
        Block::Table(tables::matrix_table("", &matrix, false, Lang::Nl)),
    ];
    for ext in ["docx", "xlsx", "html", "csv"] {
        let path = dir.join(format!("appendix.{ext}"));
        let (_, secs) = time(|| {
            Ok(export::write_report_in(&path, "bench", &blocks, export::csv::CsvOptions::standard(), Lang::Nl)?)
        })?;
        let size = std::fs::metadata(&path).map_or(0, |md| md.len());
        m.push(Measurement {
            what: format!("export: appendix .{ext}"),
            seconds: secs,
            detail: format!("{size} bytes"),
            ..Default::default()
        });
    }
    Ok(())
}

/// A codebook outline of `concepts` concepts with `per_concept` codes each.
fn codebook_outline(concepts: usize, per_concept: usize) -> String {
    let mut s = String::new();
    for c in 0..concepts {
        s.push_str(&format!("Concept {c}\n"));
        for d in 0..per_concept {
            s.push_str(&format!("  Indicator {c}.{d}\n"));
        }
    }
    s
}

/// Code-tree operations at sizes where a scan per code shows: importing a codebook of 100,000
/// codes (one action), then on a project of 20,000 codes opening it, listing the tree (as
/// `list codes` and `list codes --json` do), and the REFI and codebook exports.
pub fn code_tree_benchmarks(dir: &Path) -> Result<Vec<Measurement>> {
    let mut m = Vec::new();
    for (codes, file) in [(100_000usize, "codes100k"), (20_000, "codes20k")] {
        let outline = dir.join(format!("{file}.txt"));
        crate::output::write_bytes(&outline, codebook_outline(codes / 1_000, 999).as_bytes())?;
        let path = dir.join(format!("{file}.werkbank"));
        let _ = std::fs::remove_file(&path);
        let mut s = Session::create(&path, "bench", "bench")?;
        let (n, secs) = time(|| Ok(workflow::import_codebook_file(&mut s, &outline, None)?))?;
        m.push(Measurement {
            what: format!("codes: import {codes} codes"),
            seconds: secs,
            detail: format!("{n} codes from an outline, one action"),
            ..Default::default()
        });
    }
    let path = dir.join("codes20k.werkbank");
    let (s, secs) = time(|| Ok(Session::open(&path, "bench")?))?;
    let p = s.project();
    m.push(Measurement {
        what: "codes: open 20000 codes".into(),
        seconds: secs,
        detail: format!("{} codes", p.codes.len()),
        ..Default::default()
    });
    let (lines, secs) = time(|| {
        fn walk(p: &crate::core::Project, parent: Option<Id>, depth: usize, out: &mut String) {
            for c in p.children(parent) {
                out.push_str(&format!("{}{} [{}] {}\n", "  ".repeat(depth), c.name, c.kind.as_str(), c.color));
                walk(p, Some(c.id), depth + 1, out);
            }
        }
        let mut out = String::new();
        walk(p, None, 0, &mut out);
        Ok(out.lines().count())
    })?;
    m.push(Measurement {
        what: "codes: list 20000 codes".into(),
        seconds: secs,
        detail: format!("{lines} lines"),
        ..Default::default()
    });
    let (paths, secs) = time(|| {
        let analysis = crate::core::analysis::Analysis::new(p);
        Ok(analysis.tree_order().iter().map(|&id| p.code_path(id).len()).sum::<usize>())
    })?;
    m.push(Measurement {
        what: "codes: list 20000 codes with paths".into(),
        seconds: secs,
        detail: format!("tree order and each code's path ({paths} names), as list --json"),
        ..Default::default()
    });
    let qdpx = dir.join("codes20k.qdpx");
    let _ = std::fs::remove_file(&qdpx);
    let (_, secs) = time(|| Ok(crate::exchange::export_refi(p, &qdpx, crate::core::Lang::En)?))?;
    m.push(Measurement {
        what: "codes: refi export 20000 codes".into(),
        seconds: secs,
        detail: format!("{} bytes", std::fs::metadata(&qdpx).map_or(0, |md| md.len())),
        ..Default::default()
    });
    let (text, secs) = time(|| Ok(workflow::codebook_text(p, workflow::CodebookOut::Outline)))?;
    m.push(Measurement {
        what: "codes: codebook export 20000 codes".into(),
        seconds: secs,
        detail: format!("{} bytes of outline", text.len()),
        ..Default::default()
    });
    Ok(m)
}

/// Runs this program with `args` in a child process: its wall time and its own peak resident
/// memory in MiB (see [`measure_child`]).
fn child_run(args: &[&std::ffi::OsStr]) -> Result<(f64, f64)> {
    let run = measure_child(&std::env::current_exe()?, args)?;
    Ok((run.seconds, run.peak_mib))
}

/// What a command run in a child process took.
#[derive(Debug)]
pub struct ChildRun {
    pub seconds: f64,
    /// The child's own peak resident memory (Linux; 0 elsewhere).
    pub peak_mib: f64,
    /// What the command wrote to its standard output.
    pub stdout: Vec<u8>,
}

/// Runs `exe bench-peak <args>`: the hidden verb runs the command `args` and then reports the
/// peak of its own address space (`VmHWM`). Not `wait4`'s `ru_maxrss`: Linux starts an exec'd
/// child's maximum at its parent's peak, so every figure would be at least the benchmark's size.
pub fn measure_child(exe: &Path, args: &[&std::ffi::OsStr]) -> Result<ChildRun> {
    let t = std::time::Instant::now();
    let out = std::process::Command::new(exe)
        .arg("bench-peak")
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()?;
    let seconds = t.elapsed().as_secs_f64();
    anyhow::ensure!(out.status.success(), "werkbank {:?} failed: {}", args, out.status);
    let text = &out.stdout;
    // The last line is `peak-mib N`; what comes before it is the command's own output.
    let body_end = text[..text.len().saturating_sub(1)].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let peak_mib = std::str::from_utf8(&text[body_end..])
        .ok()
        .and_then(|l| l.trim().strip_prefix("peak-mib "))
        .and_then(|v| v.parse::<f64>().ok())
        .ok_or_else(|| anyhow::anyhow!("werkbank {:?} reported no peak memory", args))?;
    Ok(ChildRun { seconds, peak_mib, stdout: text[..body_end].to_vec() })
}

/// A transcript at the turn limit (`I: x` / `R1: y` alternating: 100,000 speaker turns, 550 KB),
/// imported with R1 mapped to a respondent, then the project opened and listed, each by the
/// `werkbank` command in its own process so the peak memory is that step's alone. The same two
/// steps on a two-turn transcript give the program's own peak (SQLite, the libraries), so the
/// figures also say what a turn costs beyond it (`bytes_per_turn`).
pub fn turn_limit_benchmarks(dir: &Path) -> Result<Vec<Measurement>> {
    const TURNS: usize = 100_000;
    // (seconds, peak MiB) of importing `pairs` pairs of turns into a new project, then listing it.
    let run = |name: &str, pairs: usize| -> Result<[(f64, f64); 2]> {
        let txt = dir.join(format!("{name}.txt"));
        crate::output::write_bytes(&txt, "I: x\nR1: y\n".repeat(pairs).as_bytes())?;
        let path = dir.join(format!("{name}.werkbank"));
        let _ = std::fs::remove_file(&path);
        drop(Session::create(&path, "bench", "bench")?);
        let (p, t) = (path.as_os_str(), txt.as_os_str());
        let import = child_run(&["import".as_ref(), p, t, "--speaker".as_ref(), "R1=R1".as_ref()])?;
        let open = child_run(&["list".as_ref(), p, "documents".as_ref()])?;
        Ok([import, open])
    };
    let base = run("turns2", 1)?;
    let full = run("turns100k", TURNS / 2)?;
    let steps = [("import", "the import's own process"), ("open", "`list documents`: loads and indexes every turn")];
    Ok(steps
        .into_iter()
        .zip(base.into_iter().zip(full))
        .map(|((step, how), ((_, base_mib), (secs, peak)))| {
            let per_turn = (peak - base_mib) * 1024.0 * 1024.0 / TURNS as f64;
            Measurement {
                what: format!("{step}: 100,000 turns"),
                seconds: secs,
                detail: format!(
                    "peak {peak:.0} MiB resident ({how}), 550 KB of text; {per_turn:.0} bytes per turn beyond \
                     the {base_mib:.0} MiB of two turns"
                ),
                numbers: vec![],
            }
            .with("mib", peak)
            .with("bytes_per_turn", per_turn)
        })
        .collect())
}

/// One frame of the whole workbench window (1400 x 860) with `events`: egui layout and
/// tessellation on the CPU, in seconds.
fn window_frame(ctx: &egui::Context, app: &mut crate::ui::WerkbankApp, events: Vec<egui::Event>) -> f64 {
    window_frame_timed(ctx, app, events).0
}

/// [`window_frame`] returning (wall, this thread's CPU) seconds.
fn window_frame_timed(ctx: &egui::Context, app: &mut crate::ui::WerkbankApp, events: Vec<egui::Event>) -> (f64, f64) {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 860.0));
    let input = egui::RawInput { screen_rect: Some(screen), events, ..Default::default() };
    let t = Stopwatch::start();
    let mut out = ctx.run_ui(input, |ui| app.ui(ui));
    let _ = ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
    let secs = t.stop();
    // No GPU here: the font atlas updates a renderer would upload are discarded.
    out.drop_without_applying_deltas();
    secs
}

/// Frame time of the whole workbench window (1400 x 860) showing a `chars`-character transcript
/// with `codings` codings: egui layout and tessellation on the CPU, as a real frame does before
/// the GPU draws. Measures the first frame (layout built), steady frames, frames while scrolling
/// with the mouse wheel, and frames while walking from coding to coding (F8).
pub fn frame_benchmarks(dir: &Path, chars: usize, codings: usize) -> Result<Vec<Measurement>> {
    let session = crate::workload::synthetic_project(&dir.join("frames.werkbank"), chars, codings)?;
    let mut app = crate::ui::WerkbankApp::with_session(session, crate::ui::Settings::in_memory());
    let ctx = egui::Context::default();
    let mut frame = |events: Vec<egui::Event>| -> f64 { window_frame(&ctx, &mut app, events) };
    let first = frame(vec![]);
    let mut m = vec![Measurement {
        what: "frame: first (builds layout)".into(),
        seconds: first,
        detail: format!("{chars} characters, {codings} codings"),
        ..Default::default()
    }];
    let mut summarise = |what: &str, times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
        m.push(Measurement {
            what: format!("frame: {what}"),
            seconds: mean,
            detail: format!(
                "mean of {}; p95 {:.2} ms, max {:.2} ms",
                times.len(),
                p95 * 1e3,
                times[times.len() - 1] * 1e3
            ),
            ..Default::default()
        });
    };
    let mut idle: Vec<f64> = (0..60).map(|_| frame(vec![])).collect();
    summarise("steady", &mut idle);
    let wheel = || egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -120.0),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    };
    let hover = egui::Event::PointerMoved(egui::pos2(700.0, 400.0));
    frame(vec![hover]);
    let mut scrolling: Vec<f64> = (0..120).map(|_| frame(vec![wheel()])).collect();
    summarise("scrolling", &mut scrolling);
    let f8 = || egui::Event::Key {
        key: egui::Key::F8,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    };
    let mut jumping: Vec<f64> = (0..60).map(|_| frame(vec![f8()])).collect();
    summarise("jump to next coding", &mut jumping);
    Ok(m)
}

/// A `chars`-character interview in Dutch and Arabic, as a migration study's transcript reads:
/// Dutch questions quoting an Arabic word, Arabic answers with numbers and Dutch names.
pub fn mixed_rtl_transcript(chars: usize) -> String {
    const TURNS: [&str; 4] = [
        "I: Kunt u vertellen hoe u het formulier \u{200f}\"استمارة\"\u{200f} van de gemeente heeft ingevuld?\n\n",
        "R1: بالنسبة لي، الخدمات الرقمية مفيدة، لكن كبار السن في عائلتي لا يستطيعون استخدامها. ذهبت إلى مكتب Gemeente Utrecht في 2023 مرتين.\n\n",
        "I: En wat gebeurde er toen bij de balie? Hoe vaak (3 of 4 keer) moest u terugkomen?\n\n",
        "R1: قالوا لي إن الموقع يعمل فقط باللغة الهولندية، ونحتاج إلى مساعدة في مكتب البلدية. انتظرت 45 دقيقة.\n\n",
    ];
    let (mut s, mut n) = (String::new(), 0);
    for t in TURNS.iter().cycle() {
        if n >= chars {
            break;
        }
        s.push_str(t);
        n += t.chars().count();
    }
    s
}

/// Right-to-left layout (`werkbank bench --only bidi`): a `chars`-character mixed Arabic/Dutch
/// transcript laid out by the transcript view's two-pass layout (wrapping, then each row in
/// visual order; [`crate::ui::bidi`]) at five column widths, and the window's frames showing it.
pub fn bidi_benchmarks(dir: &Path, chars: usize) -> Result<Vec<Measurement>> {
    let text = mixed_rtl_transcript(chars);
    let ctx = egui::Context::default();
    ctx.add_font_provider(crate::ui::fonts::SystemFonts::start());
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 860.0));
    let layout_at = |width: f32| -> f64 {
        let input = egui::RawInput { screen_rect: Some(screen), ..Default::default() };
        let mut secs = 0.0;
        let out = ctx.run_ui(input, |ui| {
            let t = std::time::Instant::now();
            let _ = crate::ui::bidi::layout_in(ui, &text, egui::TextStyle::Body, width);
            secs = t.elapsed().as_secs_f64();
        });
        out.drop_without_applying_deltas();
        secs
    };
    // The first layout also finds and loads the Arabic font.
    let first = layout_at(800.0);
    let mut times: Vec<f64> = (0..5).map(|k| layout_at(900.0 + 10.0 * k as f32)).collect();
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let mut m = vec![Measurement {
        what: format!("bidi: lay out {chars} chars Arabic/Dutch"),
        seconds: mean,
        detail: format!(
            "mean of 5 widths (both passes), max {:.1} ms; first incl. font loading {:.1} ms",
            times[times.len() - 1] * 1e3,
            first * 1e3
        ),
        ..Default::default()
    }];
    // Snapping a selection to words at the end of the transcript: through the char index, so it
    // costs the selection and its two words, not the characters before it.
    let ix = crate::core::text::CharIndex::new(&text);
    let n = ix.char_len();
    let spots = [n / 100, n / 2, n.saturating_sub(40)];
    let t = std::time::Instant::now();
    for _ in 0..100 {
        for &at in &spots {
            std::hint::black_box(crate::core::text::snap_to_words(&text, &ix, crate::core::Span::new(at, at + 25)));
        }
    }
    let each = t.elapsed().as_secs_f64() / 300.0;
    m.push(Measurement {
        what: "snap a selection to words".into(),
        seconds: each,
        detail: format!(
            "{:.1} µs, mean of 300 (25-character selections at 1%, 50% and the end of {n} characters)",
            each * 1e6
        ),
        ..Default::default()
    });
    let file = dir.join("bidi-interview.txt");
    std::fs::write(&file, &text)?;
    let mut session = Session::create(&dir.join("bidi.werkbank"), "bidi", "bench")?;
    let (doc, _) = workflow::import_file(&mut session, &file, &ImportOptions::default())?;
    let mut app = crate::ui::WerkbankApp::with_session(session, crate::ui::Settings::in_memory());
    app.push(crate::ui::Command::SelectDocument(doc));
    let mut frame = || -> f64 { window_frame(&ctx, &mut app, Vec::new()) };
    let (a, b) = (frame(), frame());
    m.push(Measurement {
        what: "bidi frame: first (builds layout)".into(),
        seconds: a + b,
        detail: format!("{chars} characters, window 1400 x 860 (two frames: open, show)"),
        ..Default::default()
    });
    let idle: Vec<f64> = (0..30).map(|_| frame()).collect();
    m.push(Measurement {
        what: "bidi frame: steady".into(),
        seconds: idle.iter().sum::<f64>() / idle.len() as f64,
        detail: "mean of 30".into(),
        ..Default::default()
    });
    Ok(m)
}

/// A thesis-team-scale project built in memory and committed: `documents` synthetic interviews
/// (10,000-100,000 characters, speakers `I` and `R1`..`R17` mapped to 17 respondents), a tree of
/// 10 concepts with 5 indicators each, and `codings` codings by one coder, of which the first
/// indicator holds `focus` (the retrieval list the benchmark opens) and the rest are spread evenly.
pub fn scale_project(path: &Path, documents: usize, codings: usize, focus: usize) -> Result<Session> {
    let mut s = Session::create(path, "Scale", "bench")?;
    let mut rng = Rng::new(7);
    for r in 1..=17 {
        s.run(|p| actions::add_case(p, &format!("R{r}")))?;
    }
    for i in 0..documents {
        let chars = 10_000 + rng.below(90_001);
        let text = synthetic_transcript(&mut rng, chars, i % 17 + 1);
        let turns: Vec<(usize, usize, crate::core::Speaker)> =
            crate::import::detect_speakers(&text).into_iter().map(|t| (t.start, t.end, t.speaker)).collect();
        let name = format!("interview_{:03}", i + 1);
        s.run(|p| {
            let turns = actions::turns_mapped_by_label(p, turns);
            actions::add_document(
                p,
                crate::core::actions::NewDocument { name: &name, text: &text, source_name: &name, turns },
            )
        })?;
    }
    let codes = concepts_with_indicators(&mut s)?;
    let docs: Vec<(Id, usize)> = s.project().documents.values().map(|d| (d.id, d.char_len())).collect();
    let coder = s.coder();
    let focus = focus.min(codings);
    let rest = (codings - focus) / (codes.len() - 1).max(1);
    for (i, &code) in codes.iter().enumerate() {
        let n = if i == 0 {
            focus
        } else if i + 1 == codes.len() {
            codings - focus - rest * (codes.len() - 2)
        } else {
            rest
        };
        let ranges: Vec<(Id, usize, usize)> = (0..n)
            .map(|_| {
                let (doc, len) = docs[rng.below(docs.len())];
                let start = rng.below(len.saturating_sub(400).max(1));
                (doc, start, (start + 20 + rng.below(380)).min(len))
            })
            .collect();
        let edit = actions::code_ranges(s.project(), &ranges, code, coder)?;
        s.perform(edit)?;
    }
    Ok(s)
}

/// Frame times of the workbench window at thesis-team scale (`documents` documents, `codings`
/// codings): the documents tab, the code tree, the retrieval list of a code with 5,000 codings,
/// the delete-code dialog, the analysis window, typing in a memo, applying a coding and undoing it
/// (both including the commit to disk), and the peak memory of the app with that project open.
/// Each frame figure is the mean with p95 and max in the detail, plus `… p95` and `… max` keys of
/// their own. The project is built here; the app runs in a process of its own ([`ui_frames`],
/// the hidden `bench-ui` verb), so its peak memory is the app's alone, not that of building the
/// project or of the benchmarks before it.
pub fn ui_benchmarks(dir: &Path, documents: usize, codings: usize) -> Result<Vec<Measurement>> {
    let path = dir.join("ui-scale.werkbank");
    let (session, build) = time(|| scale_project(&path, documents, codings, 5_000))?;
    let mut m = vec![Measurement {
        what: "ui: build scale project".into(),
        seconds: build,
        detail: format!("{} documents, {} codings", session.project().documents.len(), session.project().codings.len()),
        ..Default::default()
    }];
    drop(session);
    let child = measure_child(&std::env::current_exe()?, &["bench-ui".as_ref(), path.as_os_str()])?;
    let peak = child.peak_mib;
    // The child's figures: `what`, `seconds`, `detail` (frame figures carry no other numbers).
    #[derive(serde::Deserialize)]
    struct Figure {
        what: String,
        seconds: f64,
        detail: String,
    }
    let figures: Vec<Figure> = serde_json::from_slice(&child.stdout)?;
    m.extend(figures.into_iter().map(|f| Measurement {
        what: f.what,
        seconds: f.seconds,
        detail: f.detail,
        numbers: vec![],
    }));
    m.push(
        Measurement {
            what: "ui: peak memory".into(),
            seconds: 0.0,
            detail: format!(
                "{peak:.0} MiB resident: the app's own process, the project opened as the window opens it, \
                 then every frame above (egui on the CPU; a GPU's textures not counted)"
            ),
            ..Default::default()
        }
        .with("mib", peak),
    );
    Ok(m)
}

/// The frames of [`ui_benchmarks`] on the scale project at `path`, in this process: the project
/// opened as the window opens it (the session, then its derived index), then each step.
pub fn ui_frames(path: &Path) -> Result<Vec<Measurement>> {
    use crate::ui::{Command, WerkbankApp};
    let session = Session::open(path, "bench")?;
    session.project().index();
    let mut m = Vec::new();
    let focus = session
        .project()
        .code_by_path(&["Concept 0", "Indicator 0.0"])
        .ok_or_else(|| anyhow::anyhow!("no focus code"))?;
    let first_doc = *session.project().documents.keys().next().ok_or_else(|| anyhow::anyhow!("no documents"))?;
    let mut app = WerkbankApp::with_session(session, crate::ui::Settings::in_memory());
    let ctx = egui::Context::default();
    // One frame as the window runs it: input, the UI, the commands queued during the frame applied
    // after it (inside `ui`), tessellation. Returns (wall, CPU) seconds.
    let mut frame =
        |app: &mut WerkbankApp, events: Vec<egui::Event>| -> (f64, f64) { window_frame_timed(&ctx, app, events) };
    // Keys per step: `ui frame: X` (mean wall time), `… p95`, `… max`, and `… cpu p95` (the
    // thread's CPU time: on a loaded machine the wall clock also counts waiting for a core).
    let summarise = |m: &mut Vec<Measurement>, what: &str, times: Vec<(f64, f64)>| {
        let (mut wall, mut cpu): (Vec<f64>, Vec<f64>) = times.into_iter().unzip();
        wall.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        let n = wall.len();
        let mean = wall.iter().sum::<f64>() / n as f64;
        let p95 = |v: &[f64]| v[(n * 95 / 100).min(n - 1)];
        let max = wall[n - 1];
        m.push(Measurement {
            what: format!("ui frame: {what}"),
            seconds: mean,
            detail: format!(
                "mean of {n}; p95 {:.2} ms, max {:.2} ms; CPU p95 {:.2} ms",
                p95(&wall) * 1e3,
                max * 1e3,
                p95(&cpu) * 1e3
            ),
            ..Default::default()
        });
        m.push(Measurement {
            what: format!("ui frame: {what} p95"),
            seconds: p95(&wall),
            detail: String::new(),
            ..Default::default()
        });
        m.push(Measurement {
            what: format!("ui frame: {what} max"),
            seconds: max,
            detail: String::new(),
            ..Default::default()
        });
        m.push(Measurement {
            what: format!("ui frame: {what} cpu p95"),
            seconds: p95(&cpu),
            detail: String::new(),
            ..Default::default()
        });
    };
    let moves = |x: f32, n: usize| -> Vec<Vec<egui::Event>> {
        (0..n).map(|i| vec![egui::Event::PointerMoved(egui::pos2(x, 120.0 + (i % 40) as f32 * 15.0))]).collect()
    };
    // Warm up: first layouts, fonts, the index.
    for _ in 0..3 {
        frame(&mut app, vec![]);
    }
    let run = |app: &mut WerkbankApp, frame: &mut FrameFn, ev: Vec<Vec<egui::Event>>| {
        ev.into_iter().map(|e| frame(app, e)).collect::<Vec<(f64, f64)>>()
    };
    let t = run(&mut app, &mut frame, moves(120.0, 60));
    summarise(&mut m, "documents tab", t);
    let t = run(&mut app, &mut frame, moves(1250.0, 60));
    summarise(&mut m, "code tree", t);
    app.apply(Command::SelectCode(Some(focus)));
    frame(&mut app, vec![]);
    let t = run(&mut app, &mut frame, moves(1250.0, 60));
    summarise(&mut m, "retrieval list (5,000 codings)", t);
    app.apply(Command::DeleteCodeDialog);
    frame(&mut app, vec![]);
    let t = run(&mut app, &mut frame, moves(700.0, 60));
    summarise(&mut m, "delete-code dialog", t);
    frame(
        &mut app,
        vec![egui::Event::Key {
            key: egui::Key::Escape,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }],
    );
    app.apply(Command::OpenAnalysis);
    frame(&mut app, vec![]);
    let t = run(&mut app, &mut frame, moves(700.0, 60));
    summarise(&mut m, "analysis window", t);
    // Close the analysis window again (the same command toggles nothing; reopen state directly).
    app.close_analysis();
    frame(&mut app, vec![]);
    ctx.memory_mut(|mem| {
        mem.request_focus(crate::ui::memo_field_id(crate::core::model::MemoTarget::Document(first_doc)))
    });
    frame(&mut app, vec![]);
    let t: Vec<(f64, f64)> =
        (0..60).map(|i| frame(&mut app, vec![egui::Event::Text(if i % 10 == 9 { " " } else { "a" }.into())])).collect();
    summarise(&mut m, "typing in a memo", t);
    ctx.memory_mut(|mem| {
        mem.surrender_focus(crate::ui::memo_field_id(crate::core::model::MemoTarget::Document(first_doc)))
    });
    frame(&mut app, vec![]);
    // Applying a coding and undoing it: the command, its commit (fsync) and the next frame.
    let mut coding = Vec::new();
    let mut undo = Vec::new();
    let add = |a: (f64, f64), b: (f64, f64)| (a.0 + b.0, a.1 + b.1);
    for i in 0..30 {
        app.set_selection(1_000 + i * 97, 1_060 + i * 97);
        frame(&mut app, vec![]);
        let t = Stopwatch::start();
        app.apply(Command::ApplyCode { code: focus });
        let applied = t.stop();
        coding.push(add(applied, frame(&mut app, vec![])));
        let t = Stopwatch::start();
        app.apply(Command::Undo);
        let undone = t.stop();
        undo.push(add(undone, frame(&mut app, vec![])));
    }
    summarise(&mut m, "apply a coding (incl. commit)", coding);
    summarise(&mut m, "undo (incl. commit)", undo);
    Ok(m)
}

/// One measured frame of the app with these input events: (wall, CPU) seconds.
type FrameFn<'a> = dyn FnMut(&mut crate::ui::WerkbankApp, Vec<egui::Event>) -> (f64, f64) + 'a;

/// The benchmark code tree: 10 concepts of 5 indicators each; returns the indicators.
fn concepts_with_indicators(s: &mut Session) -> Result<Vec<Id>> {
    let mut codes = Vec::new();
    for c in 0..10 {
        let concept = s.run(|p| {
            actions::add_code(
                p,
                NewCode { parent: None, name: &format!("Concept {c}"), kind: None, color: None, description: "" },
            )
        })?;
        for d in 0..5 {
            codes.push(s.run(|p| {
                actions::add_code(
                    p,
                    NewCode {
                        parent: Some(concept),
                        name: &format!("Indicator {c}.{d}"),
                        kind: None,
                        color: None,
                        description: "",
                    },
                )
            })?);
        }
    }
    Ok(codes)
}

/// The median of `runs` timings of `f` (seconds).
fn median_of(runs: usize, mut f: impl FnMut() -> Result<f64>) -> Result<f64> {
    Ok(median((0..runs).map(|_| f()).collect::<Result<Vec<f64>>>()?))
}

/// The middle of `v` (of an even count, the upper middle).
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Werkbank beside the floor of the same work (`werkbank bench --only floor`): what any program
/// must spend, so a ratio says how much Werkbank adds.
///
/// 1. Importing a 1M-character `.txt` as `werkbank import` does (duplicate check included), into a
///    new project and into the `documents`-transcript project, against reading the file, decoding
///    it and one SQLite write of the text (a fresh database with the project's durability
///    settings: WAL, `synchronous=FULL`, one transaction). Keys `floor: import …` with `ratio`.
/// 2. CLI verbs on a `documents` / `codings` project (a process each, as a script runs them)
///    against `sqlite3` running the SQL that gives the same answer, also a process. Without a
///    `sqlite3` program the SQL runs in this process through rusqlite, which the detail says.
/// 3. Quotes and segments of 1,000, 10,000 and 100,000 passages, with the time per passage and
///    the ratio of the largest to the smallest per passage (1 = linear).
///
/// The floor is SQLite used directly (here, not through `store`): what the store costs on top of
/// SQLite is what is being measured.
pub fn floor_benchmarks(dir: &Path, documents: usize, codings: usize) -> Result<Vec<Measurement>> {
    let scale = dir.join("floor-scale.werkbank");
    if !scale.exists() {
        drop(scale_project(&scale, documents, codings, 5_000)?);
    }
    let mut m = import_floor(dir, &scale)?;
    m.extend(cli_floor(dir, &scale)?);
    m.extend(quotes_linearity()?);
    Ok(m)
}

/// Imports a transcript as `werkbank import` does: the duplicate check, then one undo step.
fn import_like_the_cli(s: &mut Session, file: &Path) -> Result<()> {
    let mut dups = workflow::DuplicateCheck::new(s.project());
    let plan = workflow::plan_file(s.project(), file, &ImportOptions::default())?;
    if let Some(reason) = workflow::skip_reason(&plan, &mut dups, false) {
        anyhow::bail!("{}: {reason}", file.display());
    }
    workflow::import_plan(s, plan)?;
    Ok(())
}

fn import_floor(dir: &Path, scale: &Path) -> Result<Vec<Measurement>> {
    const RUNS: usize = 7;
    let file = dir.join("interview-1m.txt");
    let text = synthetic_transcript(&mut Rng::new(11), 1_000_000, 1);
    let chars = text.chars().count();
    crate::output::write_bytes(&file, text.as_bytes()).or_else(|_| std::fs::write(&file, text.as_bytes()))?;
    drop(text);
    let mut k = 0;
    let mut fresh = |name: &str| {
        k += 1;
        let p = dir.join(format!("{name}-{k}.werkbank"));
        let _ = std::fs::remove_file(&p);
        p
    };
    // The same import into a project of many transcripts (undone after each run, unmeasured):
    // the duplicate check compares their stored fingerprints instead of hashing their texts.
    let copy = dir.join("floor-scale-import.werkbank");
    let _ = std::fs::remove_file(&copy);
    std::fs::copy(scale, &copy)?;
    let mut into = Session::open(&copy, "bench")?;
    let documents = into.project().documents.len();
    let text_bytes: usize = into.project().documents.values().map(|d| d.text.len()).sum();
    // The floor and both imports take turns, round after round, so that each sees the disk as the
    // others do: a commit's fsync is most of the floor, and its cost drifts over seconds.
    let (mut floors, mut imports, mut into_scale, mut close) = (vec![], vec![], vec![], vec![]);
    for _ in 0..RUNS {
        let path = fresh("floor");
        let conn = rusqlite::Connection::open(&path)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch("CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")?;
        let t = std::time::Instant::now();
        let bytes = std::fs::read(&file)?;
        let decoded = crate::input::text::decode_owned(bytes);
        let tx = conn.unchecked_transaction()?;
        tx.execute("INSERT INTO documents(text) VALUES (?1)", [&decoded.text])?;
        tx.commit()?;
        floors.push(t.elapsed().as_secs_f64());
        drop(conn);

        let mut s = Session::create(&fresh("import"), "bench", "bench")?;
        let t = std::time::Instant::now();
        import_like_the_cli(&mut s, &file)?;
        imports.push(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        drop(s);
        close.push(t.elapsed().as_secs_f64());

        let t = std::time::Instant::now();
        import_like_the_cli(&mut into, &file)?;
        into_scale.push(t.elapsed().as_secs_f64());
        into.undo()?;
    }
    drop(into);
    let (floor, import, into_scale, close) = (median(floors), median(imports), median(into_scale), median(close));
    let ratio = import / floor;
    Ok(vec![
        Measurement {
            what: "floor: import 1M-char .txt".into(),
            seconds: import,
            detail: format!(
                "{chars} characters, median of {RUNS} taking turns with the floor; {:.1} x the floor (target <= 3); closing the project (WAL checkpoint) {:.1} ms more",
                ratio,
                close * 1e3
            ),
            ..Default::default()
        }
        .with("ratio", ratio)
        .with("floor_seconds", floor)
        .with("close_seconds", close),
        Measurement {
            what: "floor: import 1M-char .txt into the scale project".into(),
            seconds: into_scale,
            detail: format!(
                "{chars} characters into a project of {documents} transcripts ({} MB of text), median of {RUNS}; {:.1} x the floor (target <= 3)",
                text_bytes / 1_000_000,
                into_scale / floor
            ),
            ..Default::default()
        }
        .with("ratio", into_scale / floor)
        .with("floor_seconds", floor),
        Measurement {
            what: "floor: read + decode + one SQLite write".into(),
            seconds: floor,
            detail: "the same file: std::fs::read, the text decoder, one INSERT in a WAL database with synchronous=FULL"
                .into(),
            ..Default::default()
        },
    ])
}

/// How long one run of a program takes, median of 3 (seconds), failing if it fails.
fn run_program(program: &Path, args: &[&std::ffi::OsStr]) -> Result<f64> {
    median_of(3, || {
        let t = std::time::Instant::now();
        let out = std::process::Command::new(program).args(args).stdin(std::process::Stdio::null()).output()?;
        let secs = t.elapsed().as_secs_f64();
        anyhow::ensure!(
            out.status.success(),
            "{} failed: {}",
            program.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        Ok(secs)
    })
}

fn cli_floor(dir: &Path, path: &Path) -> Result<Vec<Measurement>> {
    let (code, concept, documents, codings) = {
        let s = Session::open_read_only(path)?;
        let p = s.project();
        let code = p.code_by_path(&["Concept 0", "Indicator 0.0"]).ok_or_else(|| anyhow::anyhow!("no focus code"))?;
        let concept = p.code_by_path(&["Concept 0"]).ok_or_else(|| anyhow::anyhow!("no concept"))?;
        (code, concept, p.documents.len(), p.codings.len())
    };
    let exe = std::env::current_exe()?;
    let sqlite3 = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(if cfg!(windows) { "sqlite3.exe" } else { "sqlite3" }))
        .find(|p| p.is_file());
    let out_file = dir.join("floor-quotes.txt");
    // The SQL giving the same answer: codings and distinct respondents per code (the respondent
    // of the turn a coding starts in, else the document's); one code's codings with document,
    // position, code and passage; a concept's quotes with their text.
    let respondent = "coalesce((SELECT t.case_id FROM turns t WHERE t.document_id = k.document_id AND t.start <= k.start \
         AND k.start < t.end ORDER BY t.start DESC LIMIT 1), d.case_id)";
    let counts_sql = format!(
        "SELECT c.name, count(k.id), count(DISTINCT {respondent}) FROM codes c LEFT JOIN codings k ON k.code_id = c.id \
         LEFT JOIN documents d ON d.id = k.document_id GROUP BY c.id ORDER BY c.position, c.id;"
    );
    let passage = "substr(d.text, k.start + 1, k.end - k.start)";
    let list_sql = format!(
        "SELECT k.id, d.name, k.start, k.end, c.name, {passage} FROM codings k JOIN documents d ON d.id = k.document_id \
         JOIN codes c ON c.id = k.code_id WHERE k.code_id = {code} ORDER BY k.id;"
    );
    let quotes_sql = format!(
        "SELECT d.name, k.start, {passage} FROM codings k JOIN documents d ON d.id = k.document_id \
         WHERE k.code_id IN (SELECT id FROM codes WHERE id = {concept} OR parent_id = {concept}) ORDER BY d.name, k.start;"
    );
    let p = path.as_os_str();
    let verbs: [(&str, Vec<&std::ffi::OsStr>, &str); 3] = [
        ("counts", vec!["counts".as_ref(), p], &counts_sql),
        (
            "list codings of one code",
            vec!["list".as_ref(), p, "codings".as_ref(), "--code".as_ref(), "Concept 0 > Indicator 0.0".as_ref()],
            &list_sql,
        ),
        (
            "quotes of a concept",
            vec![
                "export".as_ref(),
                p,
                "quotes".as_ref(),
                out_file.as_os_str(),
                "--code".as_ref(),
                "Concept 0".as_ref(),
                "--lang".as_ref(),
                "en".as_ref(),
            ],
            &quotes_sql,
        ),
    ];
    let mut m = Vec::new();
    for (what, args, sql) in verbs {
        let ours = run_program(&exe, &args)?;
        let _ = std::fs::remove_file(&out_file);
        let (floor, how) = match &sqlite3 {
            Some(bin) => (run_program(bin, &["-readonly".as_ref(), p, sql.as_ref()])?, "sqlite3 (a process)"),
            None => {
                let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                let secs = median_of(3, || {
                    let t = std::time::Instant::now();
                    let mut st = conn.prepare(sql)?;
                    let mut rows = st.query([])?;
                    let mut n = 0usize;
                    while rows.next()?.is_some() {
                        n += 1;
                    }
                    std::hint::black_box(n);
                    Ok(t.elapsed().as_secs_f64())
                })?;
                (secs, "no sqlite3 program here: rusqlite in this process (no process start)")
            }
        };
        let ratio = ours / floor;
        m.push(
            Measurement {
                what: format!("floor: cli {what}"),
                seconds: ours,
                detail: format!(
                    "werkbank (a process, median of 3) on {documents} documents / {codings} codings: {:.1} x {how} at {:.3} s (target <= 2)",
                    ratio, floor
                ),
                ..Default::default()
            }
            .with("ratio", ratio)
            .with("floor_seconds", floor),
        );
    }
    Ok(m)
}

/// Quotes and coded segments of 1,000, 10,000 and 100,000 passages spread over 200 interviews (an
/// in-memory project: nothing is written), time per passage and the ratio largest / smallest.
fn quotes_linearity() -> Result<Vec<Measurement>> {
    use crate::core::analysis::{Analysis, CitationStyle, Filter};
    let mut p = crate::core::Project::default();
    let mut rng = Rng::new(5);
    let apply = |p: &mut crate::core::Project, (id, e): (Id, crate::core::edit::Edit)| -> Result<Id> {
        p.apply(&e)?;
        Ok(id)
    };
    let made = actions::ensure_coder(&p, "bench")?;
    let coder = apply(&mut p, made)?;
    let mut docs = Vec::new();
    for i in 0..200 {
        let chars = 10_000 + rng.below(90_001);
        let text = synthetic_transcript(&mut rng, chars, i % 17 + 1);
        let name = format!("interview_{:03}", i + 1);
        let new = actions::NewDocument { name: &name, text: &text, source_name: &name, turns: vec![] };
        let made = actions::add_document(&p, new)?;
        let id = apply(&mut p, made)?;
        docs.push((id, p.char_len(id)));
    }
    // The line and char indexes each transcript gets once (one walk per text, whatever the number
    // of quotes), timed apart so the per-passage figures below show what each passage costs.
    let (_, lines) = time(|| {
        for &(d, _) in &docs {
            std::hint::black_box(p.text_lines(d));
        }
        Ok(())
    })?;
    let mut m = vec![Measurement {
        what: "floor: index the lines of 200 transcripts".into(),
        seconds: lines,
        detail: format!(
            "{} characters, once per text (quotes then look lines up)",
            docs.iter().map(|d| d.1).sum::<usize>()
        ),
        ..Default::default()
    }];
    let mut per_passage = Vec::new();
    for n in [1_000usize, 10_000, 100_000] {
        let name = format!("Quotes {n}");
        let new = NewCode { parent: None, name: &name, kind: None, color: None, description: "" };
        let made = actions::add_code(&p, new)?;
        let code = apply(&mut p, made)?;
        let ranges: Vec<(Id, usize, usize)> = (0..n)
            .map(|_| {
                let (doc, len) = docs[rng.below(docs.len())];
                let start = rng.below(len - 400);
                (doc, start, start + 20 + rng.below(380))
            })
            .collect();
        let e = actions::code_ranges(&p, &ranges, code, coder)?;
        p.apply(&e)?;
        let a = Analysis::new(&p);
        let style = CitationStyle::label();
        let (quotes, q) = time(|| Ok(a.quotes(code, true, &Filter::all(), &style)))?;
        let (table, s) = time(|| {
            Ok(crate::export::tables::segments_table(&a, &Filter::all(), Some(code), crate::export::Lang::En))
        })?;
        per_passage.push(((q + s) / n as f64, n));
        m.push(
            Measurement {
                what: format!("floor: quotes of {n} passages"),
                seconds: q,
                detail: format!("{} quotes, {:.1} µs each", quotes.len(), q * 1e6 / n as f64),
                ..Default::default()
            }
            .with("per_passage_seconds", q / n as f64),
        );
        m.push(
            Measurement {
                what: format!("floor: segments of {n} passages"),
                seconds: s,
                detail: format!("{} rows, {:.1} µs each", table.rows.len(), s * 1e6 / n as f64),
                ..Default::default()
            }
            .with("per_passage_seconds", s / n as f64),
        );
    }
    let ratio = per_passage[2].0 / per_passage[0].0;
    m.push(
        Measurement {
            what: "floor: quotes and segments linearity".into(),
            seconds: 0.0,
            detail: format!(
                "time per passage at 100,000 / at 1,000 = {ratio:.2} (1 = linear in the number of passages)"
            ),
            ..Default::default()
        }
        .with("ratio", ratio),
    );
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn the_thread_cpu_clock_moves_in_less_than_a_scheduler_tick() {
        // A clock that moves in ticks (4 ms at 250 Hz) first moves by a whole tick; this one moves
        // by the work done, so a frame of 1 ms reads 1 ms, not 0 or 4.
        let start = thread_cpu_seconds().unwrap();
        let mut now = start;
        while now - start < 0.001 {
            now = thread_cpu_seconds().unwrap();
        }
        assert!(now - start < 0.003, "the clock first moved by {:.1} ms", (now - start) * 1e3);
    }
}
