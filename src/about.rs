//! What this build is — version, commit, build date, licence, home page — for `werkbank --version`
//! and Help → About, and the diagnostic block of Help → Report a problem. The diagnostic block
//! holds figures only (how many documents, characters, codes, codings), never a name or a word of
//! the interviews: a user pastes it into a public issue tracker.

use crate::core::model::Project;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const COMMIT: &str = env!("WERKBANK_COMMIT");
pub const BUILD_DATE: &str = env!("WERKBANK_BUILD_DATE");
pub const LICENSE: &str = env!("CARGO_PKG_LICENSE");
pub const HOMEPAGE: &str = env!("CARGO_PKG_REPOSITORY");

/// `werkbank --version`: one line a bug report can quote, then licence and home page.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("WERKBANK_COMMIT"),
    ", built ",
    env!("WERKBANK_BUILD_DATE"),
    ")\nLicence: ",
    env!("CARGO_PKG_LICENSE"),
    "\n",
    env!("CARGO_PKG_REPOSITORY"),
);

/// The block Help → Report a problem copies: build, platform and the size of the open project.
pub fn diagnostics(project: Option<&Project>, file_bytes: Option<u64>) -> String {
    let mut s = format!(
        "Werkbank {VERSION} (commit {COMMIT}, built {BUILD_DATE})\nPlatform: {} {}\n",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    match project {
        Some(p) => {
            let chars: usize = p.documents.values().map(|d| d.text.chars().count()).sum();
            s += &format!(
                "Project: {} documents, {chars} characters, {} turns, {} respondents, {} codes, {} codings, {} coders, {} memos",
                p.documents.len(),
                p.turns.len(),
                p.cases.len(),
                p.codes.len(),
                p.codings.len(),
                p.coders.len(),
                p.memos.len(),
            );
            if let Some(b) = file_bytes {
                s += &format!(", file {} KiB", b.div_ceil(1024));
            }
            s.push('\n');
        }
        None => s += "Project: none open\n",
    }
    s
}
