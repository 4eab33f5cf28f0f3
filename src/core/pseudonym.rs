//! Pseudonymisation: replacing respondents' names and other identifying terms with labels.
//!
//! Interview data is personal data. Replacing "Jan de Vries" by "R3" changes text lengths, so every
//! coding and speaker turn is mapped through the replacements (see [`text::map_position`]) and
//! keeps covering the same words. The same function serves exports (a pseudonymised copy) and the
//! project itself (one undoable edit).
//!
//! A name hides in more places than the transcript: document names ("Interview Jan de Vries") and
//! their source file names, every memo (project, document, code, respondent, coding), respondent
//! descriptions and attribute values, code names and descriptions, document groups and the project
//! name. All of them go through the same replacement; a copy also drops the aliases (they *are* the
//! real names) and starts with a fresh edit log (see `Session::create_from`).

use super::edit::{Change, Edit, Entity};
use super::model::*;
use super::span::Span;
use super::text::{self, Replacement};
use std::sync::Arc;

/// One term to replace and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    pub term: String,
    pub replacement: String,
}

/// The default list: each respondent's aliases (real names) replaced by the label.
pub fn substitutions_from_aliases(project: &Project) -> Vec<Substitution> {
    project
        .cases
        .values()
        .flat_map(|c| {
            c.aliases
                .iter()
                .filter(|a| !a.trim().is_empty() && **a != c.label)
                .map(|a| Substitution { term: a.clone(), replacement: c.label.clone() })
        })
        .collect()
}

/// Parses `term = replacement` lines (blank lines and `#` comments skipped).
pub fn parse_substitutions(s: &str) -> Result<Vec<Substitution>, String> {
    let mut out = Vec::new();
    for (i, line) in s.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (t, r) = line.split_once('=').ok_or_else(|| format!("line {}: expected `term = replacement`", i + 1))?;
        if t.trim().is_empty() {
            return Err(format!("line {}: empty term", i + 1));
        }
        out.push(Substitution { term: t.trim().to_string(), replacement: r.trim().to_string() });
    }
    Ok(out)
}

/// Where the terms occur in `text`: whole-word, case-insensitive, longest term first at each
/// position, non-overlapping, sorted.
pub fn find_replacements(text: &str, subs: &[Substitution]) -> Vec<Replacement> {
    let mut subs: Vec<&Substitution> = subs.iter().filter(|s| !s.term.is_empty()).collect();
    subs.sort_by_key(|s| std::cmp::Reverse(s.term.chars().count()));
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let terms: Vec<Vec<char>> =
        subs.iter().map(|s| s.term.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()).collect();
    let is_word = |c: char| c.is_alphanumeric();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let boundary_before = i == 0 || !is_word(chars[i - 1]);
        let hit = boundary_before
            .then(|| {
                terms.iter().position(|t| {
                    lower[i..].starts_with(t) && (i + t.len() == chars.len() || !is_word(chars[i + t.len()]))
                })
            })
            .flatten();
        match hit {
            Some(k) => {
                out.push(Replacement { start: i, end: i + terms[k].len(), with: subs[k].replacement.clone() });
                i += terms[k].len();
            }
            None => i += 1,
        }
    }
    out
}

/// Maps a span through replacements: it keeps covering the same words.
fn map_span(span: Span, reps: &[Replacement]) -> Span {
    let s = text::map_position(span.start, reps, true);
    let e = text::map_position(span.end, reps, false).max(s + 1);
    Span::new(s, e)
}

/// `s` with every term replaced (the same rules as in transcripts).
pub fn scrub(s: &str, subs: &[Substitution]) -> String {
    let reps = find_replacements(s, subs);
    if reps.is_empty() { s.to_string() } else { text::apply_replacements(s, &reps) }
}

/// Replaces `reps` in document `d`'s text, moving its codings and speaker turns along so they keep
/// covering the same words; `after` is the document as it should end up apart from its text.
pub(crate) fn replace_in_document(
    project: &Project,
    d: &Document,
    after: Document,
    reps: &[Replacement],
    e: &mut Edit,
) {
    let mut nd = after;
    if !reps.is_empty() {
        let new_text = text::apply_replacements(&d.text, reps);
        nd.text = Arc::from(new_text.as_str());
        let text::TextDigests { fingerprint, text_hash } = text::TextDigests::of(&new_text);
        (nd.fingerprint, nd.text_hash) = (fingerprint, text_hash);
    }
    if nd != *d {
        e.push(Change::update(Entity::Document(d.clone()), Entity::Document(nd)));
    }
    if reps.is_empty() {
        return;
    }
    for k in project.codings.values().filter(|k| k.document == d.id) {
        let moved = map_span(k.span(), reps);
        if moved != k.span() {
            let nk = Coding { start: moved.start, end: moved.end, ..k.clone() };
            e.push(Change::update(Entity::Coding(k.clone()), Entity::Coding(nk)));
        }
    }
    for t in project.turns.values().filter(|t| t.document == d.id) {
        let moved = map_span(t.span(), reps);
        if moved != t.span() {
            let nt = Turn { start: moved.start, end: moved.end, ..t.clone() };
            e.push(Change::update(Entity::Turn(t.clone()), Entity::Turn(nt)));
        }
    }
}

/// The edit that pseudonymises the project in place (undoable): document texts with their codings
/// and speaker turns, and every other text field that can hold a name (see the module comment).
/// Aliases stay, as the record of who is who; [`pseudonymised`] drops them from a copy.
pub fn pseudonymise_edit(project: &Project, subs: &[Substitution]) -> Edit {
    let mut e = Edit::new("Pseudonymise");
    let sc = |s: &str| scrub(s, subs);
    for d in project.documents.values() {
        let reps = find_replacements(&d.text, subs);
        let after = Document { name: sc(&d.name), source_name: sc(&d.source_name), group: sc(&d.group), ..d.clone() };
        replace_in_document(project, d, after, &reps, &mut e);
    }
    // Coding memos: on the coding as moved above, when it was.
    for k in project.codings.values() {
        let memo = sc(&k.memo);
        if memo == k.memo {
            continue;
        }
        let moved = e.changes.iter_mut().find_map(|c| match c {
            Change::Update { after, .. } => match &mut **after {
                Entity::Coding(a) if a.id == k.id => Some(a),
                _ => None,
            },
            _ => None,
        });
        match moved {
            Some(a) => a.memo = memo,
            None => e.push(Change::update(Entity::Coding(k.clone()), Entity::Coding(Coding { memo, ..k.clone() }))),
        }
    }
    let mut update = |before: Entity, after: Entity| {
        if before != after {
            e.push(Change::update(before, after));
        }
    };
    for c in project.cases.values() {
        let attributes = c.attributes.iter().map(|(k, v)| (k.clone(), sc(v))).collect();
        let after = Case { label: sc(&c.label), description: sc(&c.description), attributes, ..c.clone() };
        update(Entity::Case(c.clone()), Entity::Case(after));
    }
    for c in project.codes.values() {
        let after = Code { name: sc(&c.name), description: sc(&c.description), ..c.clone() };
        update(Entity::Code(c.clone()), Entity::Code(after));
    }
    for m in project.memos.values() {
        let after = Memo { title: sc(&m.title), text: sc(&m.text), ..m.clone() };
        update(Entity::Memo(m.clone()), Entity::Memo(after));
    }
    e
}

/// A pseudonymised copy of the project for export or hand-out: everything [`pseudonymise_edit`]
/// covers plus the project name, and without the respondents' aliases.
pub fn pseudonymised(project: &Project, subs: &[Substitution]) -> Project {
    let mut p = project.clone();
    p.apply(&pseudonymise_edit(project, subs)).expect("pseudonymisation keeps every reference valid");
    for c in p.cases.values_mut() {
        c.aliases.clear();
    }
    p.name = scrub(&p.name, subs);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only_longest_first_case_insensitive() {
        let subs = vec![
            Substitution { term: "Jan".into(), replacement: "R1".into() },
            Substitution { term: "Jan de Vries".into(), replacement: "R2".into() },
        ];
        let t = "jan de vries en Jan, niet Janssen.";
        let reps = find_replacements(t, &subs);
        assert_eq!(text::apply_replacements(t, &reps), "R2 en R1, niet Janssen.");
    }
}
