//! `werkbank check`: a thesis chapter's claims checked against the coding.

use super::*;

/// `werkbank check` found claims that differ from the coding: exit status 1, not 2 (an error).
#[derive(Debug)]
pub struct ClaimsDiffer(pub usize);

impl std::fmt::Display for ClaimsDiffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} claim(s) differ from the coding", self.0)
    }
}

impl std::error::Error for ClaimsDiffer {}

pub(super) fn check(a: CheckArgs, lang: Lang, out: &mut dyn Write) -> Result<()> {
    use crate::check::{self, CheckOptions, Scope};
    let s = Session::open_read_only(&a.project).with_context(|| CliError::File(Say::CannotOpen, a.project.clone()))?;
    let p = s.project();
    let chapter = crate::import::import_path(&a.chapter)
        .with_context(|| CliError::File(Say::CannotReadChapter, a.chapter.clone()))?
        .text;
    let coder = match &a.only_coder {
        Some(name) => Some(p.coder_by_name(name).ok_or_else(|| CliError::NoCoder(name.clone()))?.id),
        None => None,
    };
    let aliases = check::parse_aliases(p, &a.aliases, lang).map_err(|e| anyhow::anyhow!("--alias {e}"))?;
    let scope = if a.counts == CheckScope::Own { Scope::Own } else { Scope::Total };
    let opts = CheckOptions { scope, coder, aliases, lang };
    let report = check::check_chapter(p, &chapter, &opts);
    let name = a.chapter.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        writeln!(out, "{}", report.summary())?;
        for (i, c) in report.claims.iter().enumerate().filter(|(_, c)| !c.verdict.is_consistent()) {
            let at = check::report::location(c, lang);
            writeln!(out, "[{}] {at}: {} — {}", i + 1, c.verdict.describe(lang), c.claim)?;
            let detail = check::report::differences(c, lang);
            if !detail.is_empty() {
                writeln!(out, "    {detail}")?;
            }
            writeln!(out, "    {}", c.evidence)?;
        }
    }
    if let Some(dest) = &a.out {
        check::report::write(dest, &report, &name, &chapter, &p.name)?;
        writeln!(out, "{}", crate::export::Label::Wrote.fill(lang, &[&dest.display()]))?;
    }
    match report.differing() {
        0 => Ok(()),
        n => Err(ClaimsDiffer(n).into()),
    }
}
