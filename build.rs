//! Stamps the build with the commit it was built from and the build date, for `werkbank --version`,
//! Help → About and the diagnostic block a user pastes into a problem report. Release builds set
//! `WERKBANK_COMMIT` / `SOURCE_DATE_EPOCH` themselves (reproducible packages); a checkout asks git.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()).filter(|s| !s.is_empty())
}

fn main() {
    println!("cargo:rerun-if-env-changed=WERKBANK_COMMIT");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    // A new commit in this checkout appends to HEAD's reflog: rebuild the stamp then, not on every build.
    if let Some(reflog) = git(&["rev-parse", "--git-path", "logs/HEAD"]) {
        println!("cargo:rerun-if-changed={reflog}");
    }
    let commit = std::env::var("WERKBANK_COMMIT")
        .ok()
        .or_else(|| git(&["rev-parse", "--short=9", "HEAD"]))
        .unwrap_or_else(|| "unknown".into());
    let date = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now)
        .format("%Y-%m-%d");
    println!("cargo:rustc-env=WERKBANK_COMMIT={commit}");
    println!("cargo:rustc-env=WERKBANK_BUILD_DATE={date}");

    // Windows: the app icon and version resource inside werkbank.exe (Explorer, taskbar, installer).
    #[cfg(windows)]
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut res = winresource::WindowsResource::new();
        res.set_icon("assets/icons/werkbank.ico");
        if let Err(e) = res.compile() {
            println!("cargo:warning=could not embed the Windows icon: {e}");
        }
    }
}
