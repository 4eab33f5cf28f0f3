//! Peak memory of one CLI command: the test binary re-executes itself to run the command
//! in-process (through the real `werkbank` CLI code) and reports its own `VmHWM` — the peak of
//! *its* address space; a fork's `ru_maxrss` would include the parent's.
//!
//! A test file using it declares the child side as a test of that exact name:
//! `#[test] fn child_runs_one_command() { support::memory::child_runs_one_command() }`.

pub const MIB: f64 = 1024.0 * 1024.0;
const CHILD_ENV: &str = "WERKBANK_BOMB_ARGS";

/// What the child reported: did the command succeed (its output, lines joined with " | ", or
/// its error message), and its peak resident memory in MiB.
#[derive(Debug)]
pub struct Outcome {
    pub result: Result<String, String>,
    pub peak_mib: f64,
}

/// Runs `werkbank <args>` in a fresh child process and returns its outcome and peak memory.
pub fn measured(args: &[&str]) -> Outcome {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
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
/// outcome and the peak resident memory of this process. Run as an ordinary test it does nothing.
pub fn child_runs_one_command() {
    let Ok(json) = std::env::var(CHILD_ENV) else {
        return;
    };
    use clap::Parser;
    let args: Vec<String> = serde_json::from_str(&json).unwrap();
    let cli = werkbank::cli::Cli::try_parse_from(std::iter::once("werkbank".to_string()).chain(args)).unwrap();
    let mut sink = Vec::new();
    let result = werkbank::cli::run(cli.command.expect("a verb"), "Bomb", cli.lang, &mut sink);
    match result {
        Ok(()) => println!("BOMB-OK {}", String::from_utf8_lossy(&sink).replace('\n', " | ")),
        Err(e) => {
            println!("BOMB-ERR {}", werkbank::cli::error_message(&e, cli.lang).replace('\n', " | "))
        }
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap();
    println!("BOMB-PEAK-KIB {}", hwm.trim().trim_end_matches("kB").trim());
}
