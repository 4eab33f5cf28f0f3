//! What the command-line user stories share: run the `werkbank` binary as coder Anna, expect it
//! to succeed (its output) or to fail with a message and exit code 2, never a panic.
//!
//! Test files that script the CLI use it with `mod support; use support::*;` (Cargo does not build
//! a folder under `tests/` as a test of its own). What the app's kittests share is in [`app`].

#![allow(dead_code)]

use std::process::{Command, Output};

pub mod app;
#[cfg(target_os = "linux")]
pub mod memory;

pub const BIN: &str = env!("CARGO_BIN_EXE_werkbank");

/// `werkbank ARGS --coder Anna`.
pub fn werkbank(args: &[&str]) -> Output {
    Command::new(BIN).args(args).args(["--coder", "Anna"]).output().unwrap()
}

/// Runs `werkbank ARGS`, which must succeed; its standard output.
pub fn ok(args: &[&str]) -> String {
    let out = werkbank(args);
    assert!(out.status.success(), "werkbank {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `werkbank ARGS`, which must fail with exit code 2 and a message (no panic); the message.
pub fn fails(args: &[&str]) -> String {
    let out = werkbank(args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "werkbank {args:?} should fail with a message, got: {err}{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A Python with the peer readers (`.ci/run` makes one in a venv with pyqdpx, pyrefiqda and
/// openpyxl, and names it in `WERKBANK_REFI_PEERS_PYTHON`); without it the test says it skipped.
pub fn peer_python() -> Option<String> {
    match std::env::var("WERKBANK_REFI_PEERS_PYTHON") {
        Ok(p) if !p.trim().is_empty() => Some(p),
        _ => {
            eprintln!("SKIPPED peer readers: WERKBANK_REFI_PEERS_PYTHON is not set (.ci/run sets it)");
            None
        }
    }
}
