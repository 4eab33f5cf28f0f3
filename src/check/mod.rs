//! Checks a results chapter against the coding — the check a supervisor does by hand before a
//! thesis is submitted, and that no QDA tool offers: is every quote really in a transcript and
//! spoken by the respondent it is attributed to, does every "(M1, A2, A6)" list the respondents
//! who have that code, is every "vier van de veertien respondenten" right, and every cell of a
//! result table.
//!
//! [`extract`] reads the claims out of the chapter text, [`quotes`] finds quoted passages in the
//! transcripts, and the counts come from [`crate::core::analysis`] (the same figures as every
//! export; no second counting loop). [`report`] writes the result as HTML (the chapter with its
//! claims highlighted), Word, CSV or JSON.

pub mod extract;
pub mod quotes;
pub mod report;

use crate::core::analysis::{Analysis, Filter, natural_cmp};
use crate::core::model::{Id, Project};
use crate::export::{Label, Lang};
use extract::{Finding, Location, Subject};
use std::collections::{BTreeSet, HashMap};

/// Which codings count for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum Scope {
    /// The code and every code below it (a claim about a concept covers its indicators).
    #[default]
    Total,
    /// The code itself only.
    Own,
}

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub scope: Scope,
    /// Only this coder's codings; all coders when `None`.
    pub coder: Option<Id>,
    /// Other names the chapter uses for codes: (name as written, code).
    pub aliases: Vec<(String, Id)>,
    /// The language of the report: its verdicts, evidence and headings.
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ClaimKind {
    Quote,
    Labels,
    Count,
}

/// The outcome of one claim.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Verdict {
    /// Matches the coding: quote verbatim (and attributed right), labels or count equal.
    Consistent,
    /// A quote found with a few words different (the diff is in the evidence).
    QuoteDiffers,
    QuoteNotFound,
    /// Found, but the transcript gives it to another respondent than the chapter does.
    WrongSpeaker,
    /// Found, but the interviewer said it.
    SpokenByInterviewer,
    /// The label list differs from the respondents who have the code.
    LabelsDiffer,
    CountDiffers,
    /// Labels that are no respondent of the project.
    UnknownLabels,
    /// No code is named near the labels or count, so it cannot be checked.
    NoCode,
}

impl Verdict {
    pub fn is_consistent(&self) -> bool {
        *self == Verdict::Consistent
    }
    /// For reports and the summary line, in `lang`.
    pub fn describe(&self, lang: Lang) -> &'static str {
        match self {
            Verdict::Consistent => Label::VerdictConsistent,
            Verdict::QuoteDiffers => Label::VerdictQuoteDiffers,
            Verdict::QuoteNotFound => Label::VerdictQuoteNotFound,
            Verdict::WrongSpeaker => Label::VerdictWrongSpeaker,
            Verdict::SpokenByInterviewer => Label::VerdictSpokenByInterviewer,
            Verdict::LabelsDiffer => Label::VerdictLabelsDiffer,
            Verdict::CountDiffers => Label::VerdictCountDiffers,
            Verdict::UnknownLabels => Label::VerdictUnknownLabels,
            Verdict::NoCode => Label::VerdictNoCode,
        }
        .text(lang)
    }
}

/// A passage in a transcript that backs (or contradicts) a claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Passage {
    pub document: Id,
    pub document_name: String,
    pub start: usize,
    pub end: usize,
    /// Speaker tag of the turn the passage starts in, and the respondent it maps to.
    pub speaker: Option<String>,
    pub respondent: Option<String>,
    pub text: String,
}

/// A span as the JSON report has always written it: `[start, end]`.
fn span_as_pair<S: serde::Serializer>(span: &crate::core::Span, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&(span.start, span.end), s)
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Claim {
    pub kind: ClaimKind,
    pub location: Location,
    /// The claim as the chapter writes it.
    pub claim: String,
    /// Character range in the chapter text (empty for table cells); `[start, end]` in JSON.
    #[serde(serialize_with = "span_as_pair")]
    pub span: crate::core::Span,
    pub code: Option<Id>,
    pub code_path: Option<String>,
    pub verdict: Verdict,
    /// What the coding says, in words: the correct label list, the count, the diff.
    pub evidence: String,
    /// Labels the chapter lists that lack the code / has not listed / are no respondents.
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    pub unknown: Vec<String>,
    pub passage: Option<Passage>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckReport {
    pub claims: Vec<Claim>,
    pub respondents: usize,
    pub scope: Scope,
    /// The language the evidence was written in, and the report is.
    pub lang: Lang,
}

impl CheckReport {
    pub fn differing(&self) -> usize {
        self.claims.iter().filter(|c| !c.verdict.is_consistent()).count()
    }

    /// "37 claims: 31 consistent, 4 label list differs, 2 quote not found", in the report's language.
    pub fn summary(&self) -> String {
        let mut by: Vec<(bool, &'static str, usize)> = Vec::new();
        for c in &self.claims {
            let d = c.verdict.describe(self.lang);
            match by.iter_mut().find(|(_, k, _)| *k == d) {
                Some((_, _, n)) => *n += 1,
                None => by.push((!c.verdict.is_consistent(), d, 1)),
            }
        }
        by.sort();
        let parts: Vec<String> = by.iter().map(|(_, k, n)| format!("{n} {k}")).collect();
        let found = if parts.is_empty() { Label::CheckNoneFound.text(self.lang).to_string() } else { parts.join(", ") };
        Label::CheckSummary.fill(self.lang, &[&self.claims.len(), &found])
    }
}

/// Parses the names a chapter uses for codes, one `name = Code > Path` per line (or per `--alias`
/// option); blank lines are skipped.
pub fn parse_aliases<S: AsRef<str>>(project: &Project, lines: &[S], lang: Lang) -> Result<Vec<(String, Id)>, String> {
    let mut out = Vec::new();
    for line in lines.iter().map(|l| l.as_ref().trim()).filter(|l| !l.is_empty()) {
        let (name, path) = line.split_once('=').ok_or_else(|| Label::CheckAliasForm.fill(lang, &[&line]))?;
        let parts: Vec<&str> = path.split('>').map(str::trim).collect();
        let code =
            project.code_by_path(&parts).ok_or_else(|| Label::CheckAliasNoCode.fill(lang, &[&line, &path.trim()]))?;
        out.push((name.trim().to_string(), code));
    }
    Ok(out)
}

/// Checks `chapter` (plain text: one paragraph per line, table rows as tab-separated cells).
pub fn check_chapter(project: &Project, chapter: &str, opts: &CheckOptions) -> CheckReport {
    let lang = opts.lang;
    let analysis = Analysis::new(project);
    let labels: HashMap<String, Id> = project.cases.values().map(|c| (c.label.to_lowercase(), c.id)).collect();
    let known = |s: &str| labels.contains_key(&s.to_lowercase());
    let extracted = extract::extract(chapter, &known);

    let filter = match opts.coder {
        Some(c) => Filter::all().coders([c]),
        None => Filter::all(),
    };
    let rows: HashMap<Id, crate::core::analysis::CodeRow> =
        analysis.code_frequencies(&filter).into_iter().map(|r| (r.code, r)).collect();
    let counts_of = |code: Id| {
        rows.get(&code).map(|r| match opts.scope {
            Scope::Total => &r.total,
            Scope::Own => &r.own,
        })
    };
    let names = CodeNames::new(project, &opts.aliases);
    let index = quotes::QuoteIndex::new(project);
    let chapter_chars: Vec<char> = chapter.chars().collect();
    let slice = |span: crate::core::Span| {
        let s = span.clip_to(chapter_chars.len());
        chapter_chars[s.start..s.end.max(s.start)].iter().collect::<String>()
    };

    let mut claims = Vec::new();
    for q in &extracted.quotes {
        claims.push(check_quote(project, &analysis, &index, q, &labels, slice(q.span), lang));
    }
    for (location, f) in &extracted.findings {
        let code = match &f.subject {
            Subject::Cell(name) => names.exact(name),
            Subject::Sentence { text, at } => names.nearest(text, *at),
        };
        let claim_text = if !f.span.is_empty() { slice(f.span) } else { f.context.clone() };
        let mut c = Claim {
            kind: if matches!(f.what, Finding::Labels(_)) { ClaimKind::Labels } else { ClaimKind::Count },
            location: location.clone(),
            claim: claim_text,
            span: f.span,
            code,
            code_path: code.map(|c| project.code_path_string(c)),
            verdict: Verdict::NoCode,
            evidence: String::new(),
            missing: Vec::new(),
            extra: Vec::new(),
            unknown: Vec::new(),
            passage: None,
        };
        let Some(code) = code else {
            c.evidence = Label::CheckNoCodeNamed.fill(lang, &[&f.context]);
            claims.push(c);
            continue;
        };
        let empty = crate::core::analysis::Counts::default();
        let counts = counts_of(code).unwrap_or(&empty);
        let actual: Vec<String> = counts.respondent_labels.clone();
        match &f.what {
            Finding::Labels(listed) => {
                let listed_set: BTreeSet<String> = listed.iter().map(|l| l.to_lowercase()).collect();
                let actual_set: BTreeSet<String> = actual.iter().map(|l| l.to_lowercase()).collect();
                c.unknown = listed.iter().filter(|l| !known(l)).cloned().collect();
                c.extra =
                    listed.iter().filter(|l| known(l) && !actual_set.contains(&l.to_lowercase())).cloned().collect();
                c.missing = actual.iter().filter(|l| !listed_set.contains(&l.to_lowercase())).cloned().collect();
                c.verdict = if !c.unknown.is_empty() {
                    Verdict::UnknownLabels
                } else if c.extra.is_empty() && c.missing.is_empty() {
                    Verdict::Consistent
                } else {
                    Verdict::LabelsDiffer
                };
                let who = if actual.is_empty() {
                    Label::CheckNone.text(lang).to_string()
                } else {
                    crate::core::analysis::citation(&actual)
                };
                c.evidence = Label::CheckCodedFor.fill(lang, &[&actual.len(), &who]);
            }
            Finding::Count { n, of, codings } => {
                let total = project.cases.len();
                let claimed = if *n == extract::ALL { total } else { *n };
                let (value, unit) =
                    if *codings { (counts.codings, Label::NCodings) } else { (actual.len(), Label::NRespondents) };
                let of_ok = of.is_none_or(|d| d == total);
                c.verdict = if claimed == value && of_ok { Verdict::Consistent } else { Verdict::CountDiffers };
                c.evidence = unit.fill(lang, &[&value]);
                if !*codings && !actual.is_empty() {
                    c.evidence += " ";
                    c.evidence += &crate::core::analysis::citation(&actual);
                }
                if let Some(d) = of.filter(|&d| d != total) {
                    c.evidence += &Label::CheckProjectHas.fill(lang, &[&total, &d]);
                }
            }
        }
        claims.push(c);
    }
    claims.sort_by_key(|c| (c.location.paragraph, c.location.table, c.span.start));
    CheckReport { claims, respondents: project.cases.len(), scope: opts.scope, lang }
}

fn check_quote(
    project: &Project,
    analysis: &Analysis<'_>,
    index: &quotes::QuoteIndex,
    q: &extract::QuoteClaim,
    labels: &HashMap<String, Id>,
    claim: String,
    lang: Lang,
) -> Claim {
    let mut c = Claim {
        kind: ClaimKind::Quote,
        location: Location { paragraph: q.paragraph, table: None },
        claim,
        span: q.span,
        code: None,
        code_path: None,
        verdict: Verdict::QuoteNotFound,
        evidence: Label::CheckNotFound.text(lang).into(),
        missing: Vec::new(),
        extra: Vec::new(),
        unknown: Vec::new(),
        passage: None,
    };
    let speaker_of = |f: &quotes::Found| {
        let turn = analysis.turn_at(f.document, f.start).and_then(|t| project.turns.get(&t));
        let label = turn.and_then(|t| t.case).and_then(|id| project.cases.get(&id)).map(|k| k.label.clone());
        (turn, label)
    };
    // Of several occurrences, the one spoken by the respondent the chapter names.
    let all = index.find_all(&q.text);
    let found = all
        .iter()
        .find(|f| q.attributed.as_ref().is_some_and(|a| speaker_of(f).1.is_some_and(|l| l.eq_ignore_ascii_case(a))))
        .or(all.first());
    let Some(found) = found else { return c };
    let doc = &project.documents[&found.document];
    let (turn, respondent) = speaker_of(found);
    let text = project.passage(doc.id, found.start, found.end).to_string();
    c.passage = Some(Passage {
        document: doc.id,
        document_name: doc.name.clone(),
        start: found.start,
        end: found.end,
        speaker: turn.map(|t| t.speaker.to_string()),
        respondent: respondent.clone(),
        text,
    });
    let who = match (&respondent, turn) {
        (Some(r), _) => r.clone(),
        (None, Some(t)) => Label::CheckNotARespondent.fill(lang, &[&t.speaker]),
        (None, None) => Label::CheckNoSpeakerTurn.text(lang).into(),
    };
    c.evidence = if found.diff.is_empty() {
        Label::CheckFoundVerbatim.fill(lang, &[&doc.name, &who])
    } else {
        Label::CheckFoundWithDifferences.fill(lang, &[&doc.name, &who, &quotes::diff_text(&found.diff)])
    };
    c.verdict = if turn.is_some_and(|t| t.case.is_none()) {
        Verdict::SpokenByInterviewer
    } else if let Some(a) = &q.attributed {
        if !labels.contains_key(&a.to_lowercase()) {
            c.unknown.push(a.clone());
            Verdict::UnknownLabels
        } else if respondent.as_ref().is_none_or(|r| !r.eq_ignore_ascii_case(a)) {
            c.evidence += &Label::CheckAttributedTo.fill(lang, &[a]);
            Verdict::WrongSpeaker
        } else if found.diff.is_empty() {
            Verdict::Consistent
        } else {
            Verdict::QuoteDiffers
        }
    } else if found.diff.is_empty() {
        Verdict::Consistent
    } else {
        Verdict::QuoteDiffers
    };
    c
}

/// Code names as a chapter writes them: the name, the full path ("Publieke waarden > …"), and
/// the user's aliases, matched case-insensitively on word boundaries.
struct CodeNames {
    /// (lower-cased name, code), longest first so "Lerende strategie" wins over "Lerende".
    names: Vec<(String, Id)>,
}

impl CodeNames {
    fn new(project: &Project, aliases: &[(String, Id)]) -> Self {
        let mut names: Vec<(String, Id)> = project
            .codes
            .values()
            .flat_map(|c| [(c.name.to_lowercase(), c.id), (project.code_path_string(c.id).to_lowercase(), c.id)])
            .chain(aliases.iter().map(|(a, id)| (a.to_lowercase(), *id)))
            .filter(|(n, _)| n.chars().count() >= 3)
            .collect();
        names.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then_with(|| natural_cmp(&a.0, &b.0)));
        names.dedup();
        CodeNames { names }
    }

    /// The code a table cell names (whole cell), or failing that the longest name it contains.
    fn exact(&self, cell: &str) -> Option<Id> {
        let cell = cell.trim().to_lowercase();
        self.names.iter().find(|(n, _)| *n == cell).map(|(_, id)| *id).or_else(|| self.nearest(&cell, 0))
    }

    /// The code named nearest before character `at` of `sentence`, else nearest after it.
    fn nearest(&self, sentence: &str, at: usize) -> Option<Id> {
        let lower = sentence.to_lowercase();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut hits: Vec<(usize, Id)> = Vec::new(); // (char position, code)
        for (name, id) in &self.names {
            for (b, _) in lower.match_indices(name.as_str()) {
                let e = b + name.len();
                let before_ok = lower[..b].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let after_ok = lower[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok && !taken.iter().any(|&(s, t)| b < t && s < e) {
                    taken.push((b, e));
                    hits.push((lower[..b].chars().count(), *id));
                }
            }
        }
        let before = hits.iter().filter(|(p, _)| *p <= at).max_by_key(|(p, _)| *p);
        let after = hits.iter().filter(|(p, _)| *p > at).min_by_key(|(p, _)| *p);
        before.or(after).map(|(_, id)| *id)
    }
}
