//! Whether a project read from someone else's file is whole: every reference points at something
//! that exists, the code tree has no cycles, and no id is used twice.
//!
//! A project this Werkbank wrote is whole by construction (every change goes through validated
//! edits and foreign keys), but a file from another machine, an old version, a crash on a broken
//! disk or a hand-edited database is not. Merging, handing out and copying walk every reference,
//! so they check first and refuse with a list of what is wrong instead of panicking halfway.

use super::model::*;
use std::collections::{HashMap, HashSet};

/// At most this many problems are listed; the rest are counted.
const MAX_LISTED: usize = 20;

/// What is wrong with `project`, one line each (empty when it is whole).
pub fn problems(project: &Project) -> Vec<String> {
    let p = project;
    let mut out: Vec<String> = Vec::new();

    // Ids are unique across all entity kinds.
    let mut seen: HashMap<Id, &'static str> = HashMap::new();
    let all = p
        .coders
        .keys()
        .map(|&id| (id, "coder"))
        .chain(p.documents.keys().map(|&id| (id, "document")))
        .chain(p.attribute_defs.keys().map(|&id| (id, "attribute")))
        .chain(p.cases.keys().map(|&id| (id, "respondent")))
        .chain(p.turns.keys().map(|&id| (id, "speaker turn")))
        .chain(p.codes.keys().map(|&id| (id, "code")))
        .chain(p.codings.keys().map(|&id| (id, "coding")))
        .chain(p.memos.keys().map(|&id| (id, "memo")));
    for (id, kind) in all {
        if let Some(first) = seen.insert(id, kind) {
            out.push(format!("id {id} is used by a {first} and a {kind}"));
        }
    }

    let lengths: HashMap<Id, usize> = p.documents.values().map(|d| (d.id, d.char_len())).collect();
    let case_ok = |c: Option<Id>| c.is_none_or(|c| p.cases.contains_key(&c));
    for d in p.documents.values() {
        if !case_ok(d.case) {
            out.push(format!(
                "document '{}' belongs to respondent {} that does not exist",
                d.name,
                d.case.unwrap_or(0)
            ));
        }
    }
    for t in p.turns.values() {
        match lengths.get(&t.document) {
            None => out.push(format!("speaker turn {} is in document {} that does not exist", t.id, t.document)),
            Some(&len) if t.start >= t.end || t.end > len => {
                out.push(format!("speaker turn {} ({}..{}) lies outside its document", t.id, t.start, t.end))
            }
            Some(_) => {}
        }
        if !case_ok(t.case) {
            out.push(format!(
                "speaker turn {} belongs to respondent {} that does not exist",
                t.id,
                t.case.unwrap_or(0)
            ));
        }
    }

    for c in p.codes.values() {
        if let Some(parent) = c.parent
            && !p.codes.contains_key(&parent)
        {
            out.push(format!("code '{}' ({}) has parent {parent} that does not exist", c.name, c.id));
        }
    }
    out.extend(cycles(p).into_iter().map(|id| format!("code '{}' ({id}) is its own ancestor", p.codes[&id].name)));

    for k in p.codings.values() {
        match lengths.get(&k.document) {
            None => out.push(format!("coding {} is in document {} that does not exist", k.id, k.document)),
            Some(&len) if k.start >= k.end || k.end > len => {
                out.push(format!("coding {} ({}..{}) lies outside its document", k.id, k.start, k.end))
            }
            Some(_) => {}
        }
        if !p.codes.contains_key(&k.code) {
            out.push(format!("coding {} uses code {} that does not exist", k.id, k.code));
        }
        if !p.coders.contains_key(&k.coder) {
            out.push(format!("coding {} is by coder {} who does not exist", k.id, k.coder));
        }
    }

    for m in p.memos.values() {
        let exists = match m.target {
            MemoTarget::Project => true,
            MemoTarget::Document(id) => p.documents.contains_key(&id),
            MemoTarget::Code(id) => p.codes.contains_key(&id),
            MemoTarget::Case(id) => p.cases.contains_key(&id),
            MemoTarget::Coding(id) => p.codings.contains_key(&id),
        };
        if !exists {
            out.push(format!("memo {} is about {:?}, which does not exist", m.id, m.target));
        }
        if !p.coders.contains_key(&m.author) {
            out.push(format!("memo {} is by coder {} who does not exist", m.id, m.author));
        }
    }

    if out.len() > MAX_LISTED {
        let more = out.len() - MAX_LISTED;
        out.truncate(MAX_LISTED);
        out.push(format!("… and {more} more"));
    }
    out
}

/// Codes that lie on a parent cycle (in id order). Linear: each code is walked up at most once.
fn cycles(p: &Project) -> Vec<Id> {
    // 0 = unvisited, 1 = on the current walk, 2 = reaches the top (or a missing parent) safely.
    let mut state: HashMap<Id, u8> = HashMap::with_capacity(p.codes.len());
    let mut on_cycle: HashSet<Id> = HashSet::new();
    for &start in p.codes.keys() {
        let mut walk = Vec::new();
        let mut cur = Some(start);
        while let Some(id) = cur {
            match state.get(&id).copied().unwrap_or(0) {
                2 => break,
                1 => {
                    // `id` was reached twice in this walk: everything from its first visit is a cycle.
                    let from = walk.iter().position(|&w| w == id).unwrap_or(0);
                    on_cycle.extend(walk[from..].iter().copied());
                    break;
                }
                _ => {
                    if !p.codes.contains_key(&id) {
                        break;
                    }
                    state.insert(id, 1);
                    walk.push(id);
                    cur = p.codes[&id].parent;
                }
            }
        }
        for id in walk {
            state.insert(id, 2);
        }
    }
    let mut v: Vec<Id> = on_cycle.into_iter().collect();
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(id: Id, parent: Option<Id>) -> Code {
        Code {
            id,
            parent,
            name: format!("c{id}"),
            kind: CodeKind::Code,
            color: crate::core::Color::NEUTRAL,
            description: String::new(),
            codable: true,
            position: 0,
        }
    }

    #[test]
    fn a_parent_cycle_and_a_missing_parent_are_reported_but_a_plain_tree_is_not() {
        let mut p = Project::default();
        for c in [code(1, None), code(2, Some(1)), code(3, Some(2))] {
            p.codes.insert(c.id, c);
        }
        assert!(problems(&p).is_empty(), "{:?}", problems(&p));
        for c in [code(4, Some(5)), code(5, Some(4)), code(6, Some(4)), code(7, Some(99))] {
            p.codes.insert(c.id, c);
        }
        let found = problems(&p);
        assert!(found.iter().any(|l| l.contains("'c4' (4) is its own ancestor")), "{found:?}");
        assert!(found.iter().any(|l| l.contains("'c5' (5) is its own ancestor")), "{found:?}");
        assert!(!found.iter().any(|l| l.contains("'c6'")), "c6 hangs below the cycle but is not on it: {found:?}");
        assert!(found.iter().any(|l| l.contains("parent 99 that does not exist")), "{found:?}");
    }
}
