//! Interview data is irreplaceable: killing Werkbank mid-work must never lose an acknowledged
//! action or damage the project file.
//!
//! The `stress` verb performs many small actions (imports and codings) and prints each one after
//! it is committed. This test SIGKILLs it at pseudo-random moments, hundreds of times, and after
//! every kill opens the project: SQLite's integrity check must pass and every acknowledged action
//! must be there. `WERKBANK_CRASH_ROUNDS` sets the number of kills (default 150).

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;
use werkbank::session::Session;
use werkbank::workload::Rng;

const BIN: &str = env!("CARGO_BIN_EXE_werkbank");

#[test]
fn killing_the_process_at_random_moments_never_loses_acknowledged_work() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("crash.werkbank");
    let st = Command::new(BIN).args(["new"]).arg(&project).status().unwrap();
    assert!(st.success());
    let rounds: usize = std::env::var("WERKBANK_CRASH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(150);
    let mut rng = Rng::new(42);
    let (mut acked_codings, mut acked_documents) = (Vec::new(), Vec::new());
    let mut killed_mid_run = 0;
    for round in 0..rounds {
        let mut child = Command::new(BIN)
            .args(["stress", "--coder", "Anna", "--actions", "100000", "--seed"])
            .arg(round.to_string())
            .arg(&project)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut out = String::new();
        // Odd rounds kill at any moment from the start (opening, recovery, the first commit);
        // even rounds first wait for one acknowledged action, so on a loaded machine (where
        // starting the process alone can take longer than the delay) the workload still runs.
        if round % 2 == 0 {
            stdout.read_line(&mut out).unwrap();
        }
        std::thread::sleep(Duration::from_millis(5 + rng.below(120) as u64));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no flush, no checkpoint
        child.wait().unwrap();
        stdout.read_to_string(&mut out).unwrap();
        for line in out.lines() {
            match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["ok", "coding", id] => acked_codings.push(id.parse::<i64>().unwrap()),
                ["ok", "document", id] => acked_documents.push(id.parse::<i64>().unwrap()),
                _ => {}
            }
        }
        let s = Session::open(&project, "Checker").unwrap_or_else(|e| panic!("round {round}: cannot reopen: {e}"));
        s.store().integrity_check().unwrap_or_else(|e| panic!("round {round}: {e}"));
        let p = s.project();
        for id in &acked_codings {
            assert!(p.codings.contains_key(id), "round {round}: acknowledged coding {id} lost");
        }
        for id in &acked_documents {
            assert!(p.documents.contains_key(id), "round {round}: acknowledged document {id} lost");
        }
    }
    assert!(
        killed_mid_run * 10 >= rounds * 9,
        "most kills must interrupt a running workload ({killed_mid_run}/{rounds})"
    );
    assert!(acked_codings.len() > rounds, "the workload made progress ({} codings)", acked_codings.len());
    eprintln!(
        "{rounds} kills, {} codings and {} documents acknowledged, all present",
        acked_codings.len(),
        acked_documents.len()
    );
}
