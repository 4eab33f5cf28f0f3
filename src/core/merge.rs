//! Bringing a second coder's work into this project, and preparing a copy for a second coder.
//!
//! Two project files share nothing but content, so everything is matched by meaning: documents by
//! text hash (and among equal texts by name, then order; ambiguity is refused), codes by their path of names, coders by name, respondents by label. Merging adds what
//! is missing, never overwrites what is here, lists every conflict it left alone, and is idempotent
//! (merging the same file twice adds nothing the second time).

use super::actions::IdSource;
use super::edit::{Change, Edit, Entity};
use super::lang::{Lang, Said, string_table};
use super::model::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use thiserror::Error;

/// Why a merge was refused; nothing was changed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MergeError {
    #[error("{}", self.say(Lang::En))]
    Damaged(Vec<String>),
    /// Per text both projects hold more than once: their copies' names, and ours.
    #[error("{}", self.say(Lang::En))]
    AmbiguousDocuments(Vec<(String, String)>),
}

impl MergeError {
    /// Why nothing was merged, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            MergeError::Damaged(problems) => {
                format!("{}\n  {}", Merged::Damaged.text(lang), problems.join("\n  "))
            }
            MergeError::AmbiguousDocuments(copies) => {
                let lines: Vec<String> =
                    copies.iter().map(|(theirs, ours)| Merged::SameTextAs.fill(lang, &[theirs, ours])).collect();
                format!("{}\n{}", Merged::Ambiguous.text(lang), lines.join("\n"))
            }
        }
    }
}

string_table! {
    /// How a document was matched and what a merge left for a person to decide, said by either
    /// front end in the reader's language.
    pub enum Merged {
        Damaged =>
            "the other project file is damaged, so nothing was merged:",
            "het andere projectbestand is beschadigd, dus er is niets samengevoegd:";
        Ambiguous =>
            "cannot tell which document some codings belong to; rename the copies so their names match in both projects, then merge again:",
            "niet te zeggen bij welk document sommige coderingen horen; geef de kopieën in beide projecten dezelfde namen en voeg dan opnieuw samen:";
        SameTextAs => "  their {0} have the same text as our {1}", "  hun {0} hebben dezelfde tekst als onze {1}";
        SameText => "'{0}' matched to '{1}': same text", "'{0}' herkend als '{1}': dezelfde tekst";
        SameTextAndName => "'{0}' matched to '{1}': same text and name", "'{0}' herkend als '{1}': dezelfde tekst en naam";
        SameTextByOrder =>
            "'{0}' matched to '{1}': same text, by order among the copies with that text",
            "'{0}' herkend als '{1}': dezelfde tekst, op volgorde van de kopieën met die tekst";
        AttributeKinds =>
            "attribute '{0}' is {1} here and {2} in the other project; kept {1}",
            "kenmerk '{0}' is hier {1} en in het andere project {2}; {1} behouden";
        AttributeValues =>
            "respondent {0}: '{1}' is '{2}' here and '{3}' in the other project; kept '{2}'",
            "respondent {0}: '{1}' is hier '{2}' en in het andere project '{3}'; '{2}' behouden";
        DescriptionsDiffer =>
            "code {0}: descriptions differ; kept this project's",
            "code {0}: de beschrijvingen verschillen; die van dit project is behouden";
        DocumentDiffers =>
            "document '{0}' exists here with different text; the other version was added as '{1}'",
            "document '{0}' bestaat hier met een andere tekst; de andere versie is toegevoegd als '{1}'";
        ProjectMemoDiffers =>
            "the project has a different memo in the other project (by {0}); kept this project's",
            "het project heeft in het andere project een andere memo (van {0}); die van dit project is behouden";
        DocumentMemoDiffers =>
            "document '{0}' has a different memo in the other project (by {1}); kept this project's",
            "document '{0}' heeft in het andere project een andere memo (van {1}); die van dit project is behouden";
        CodeMemoDiffers =>
            "code {0} has a different memo in the other project (by {1}); kept this project's",
            "code {0} heeft in het andere project een andere memo (van {1}); die van dit project is behouden";
        RespondentMemoDiffers =>
            "respondent {0} has a different memo in the other project (by {1}); kept this project's",
            "respondent {0} heeft in het andere project een andere memo (van {1}); die van dit project is behouden";
        CodingMemoDiffers =>
            "coding {0} has a different memo in the other project (by {1}); kept this project's",
            "codering {0} heeft in het andere project een andere memo (van {1}); die van dit project is behouden";
    }
}

/// What a merge did and what it left for a person to decide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub documents_added: usize,
    pub documents_matched: usize,
    pub codes_added: usize,
    pub coders_added: usize,
    pub cases_added: usize,
    pub codings_added: usize,
    pub codings_already_present: usize,
    pub memos_added: usize,
    /// Each document of the other project found here, and how: "'A' matched to 'A': same text and name".
    pub matched: Vec<Said<Merged>>,
    /// Differences merging did not resolve (kept this project's version), one line each.
    pub conflicts: Vec<Said<Merged>>,
}

/// The edit that merges `other` into `base`, and its report. A damaged `other` (dangling
/// references, a code that is its own ancestor, an id used twice) is refused whole, listing what
/// is wrong (see [`super::integrity::problems`]); so is one where it cannot tell which document the
/// other coder's codings belong to.
pub fn merge_projects(base: &Project, other: &Project) -> Result<(Edit, MergeReport), MergeError> {
    let problems = super::integrity::problems(other);
    if !problems.is_empty() {
        return Err(MergeError::Damaged(problems));
    }
    let mut ids = IdSource::new(base);
    let mut report = MergeReport::default();
    let mut edit = Edit::new("Merge project");

    // Coders by name.
    let mut coder_map: HashMap<Id, Id> = HashMap::new();
    for c in other.coders.values() {
        let id = match base.coder_by_name(&c.name) {
            Some(b) => b.id,
            None => {
                let id = ids.fresh();
                edit.push(Change::Insert(Entity::Coder(Coder { id, name: c.name.clone() })));
                report.coders_added += 1;
                id
            }
        };
        coder_map.insert(c.id, id);
    }

    // Attribute definitions by name.
    for a in other.attribute_defs.values() {
        match base.attribute_defs.values().find(|b| b.name == a.name) {
            Some(b) if b.kind != a.kind => {
                report.conflicts.push(Said::new(Merged::AttributeKinds, &[&a.name, &b.kind.as_str(), &a.kind.as_str()]))
            }
            Some(_) => {}
            None => edit.push(Change::Insert(Entity::AttributeDef(AttributeDef { id: ids.fresh(), ..a.clone() }))),
        }
    }

    // Respondents by label.
    let mut case_map: HashMap<Id, Id> = HashMap::new();
    for c in other.cases.values() {
        let id = match base.case_by_label(&c.label) {
            Some(b) => {
                let mut filled = b.clone();
                for (k, v) in &c.attributes {
                    match b.attributes.get(k) {
                        Some(bv) if bv != v => {
                            report.conflicts.push(Said::new(Merged::AttributeValues, &[&c.label, k, bv, v]))
                        }
                        Some(_) => {}
                        None => {
                            filled.attributes.insert(k.clone(), v.clone());
                        }
                    }
                }
                if &filled != b {
                    edit.push(Change::update(Entity::Case(b.clone()), Entity::Case(filled)));
                }
                b.id
            }
            None => {
                let id = ids.fresh();
                edit.push(Change::Insert(Entity::Case(Case { id, ..c.clone() })));
                report.cases_added += 1;
                id
            }
        };
        case_map.insert(c.id, id);
    }

    // Codes by path, parents first.
    let mut code_map: HashMap<Id, Id> = HashMap::new();
    let mut added_codes: Vec<Code> = Vec::new();
    let mut order: Vec<Id> = Vec::new();
    for root in other.children(None) {
        order.extend(other.subtree(root.id));
    }
    for oid in order {
        let oc = &other.codes[&oid];
        let parent = oc.parent.map(|p| code_map[&p]);
        let existing = base
            .codes
            .values()
            .find(|c| c.parent == parent && c.name == oc.name)
            .or_else(|| added_codes.iter().find(|c| c.parent == parent && c.name == oc.name))
            .cloned();
        let id = match existing {
            Some(b) => {
                if !oc.description.is_empty() && !b.description.is_empty() && oc.description != b.description {
                    report.conflicts.push(Said::new(Merged::DescriptionsDiffer, &[&other.code_path_string(oid)]));
                }
                b.id
            }
            None => {
                let id = ids.fresh();
                let siblings = base.children(parent).len() + added_codes.iter().filter(|c| c.parent == parent).count();
                let c = Code { id, parent, position: siblings as i64, ..oc.clone() };
                added_codes.push(c.clone());
                edit.push(Change::Insert(Entity::Code(c)));
                report.codes_added += 1;
                id
            }
        };
        code_map.insert(oid, id);
    }

    // Documents by text hash, and among equal texts by name, then by order.
    let doc_pairs = match_documents(base, other)?;
    let mut doc_map: HashMap<Id, Id> = HashMap::new();
    for d in other.documents.values() {
        let id = match doc_pairs.get(&d.id) {
            Some(&(b, how)) => {
                report.documents_matched += 1;
                let how = match how {
                    DocumentMatch::Text => Merged::SameText,
                    DocumentMatch::TextAndName => Merged::SameTextAndName,
                    DocumentMatch::TextAndOrder => Merged::SameTextByOrder,
                };
                report.matched.push(Said::new(how, &[&d.name, &base.documents[&b].name]));
                b
            }
            None => {
                let id = ids.fresh();
                let mut name = d.name.clone();
                if base.document_by_name(&name).is_some() {
                    name = format!("{} (merged)", d.name);
                    report.conflicts.push(Said::new(Merged::DocumentDiffers, &[&d.name, &name]));
                }
                let case = d.case.map(|c| case_map[&c]);
                edit.push(Change::Insert(Entity::Document(Document { id, name, case, ..d.clone() })));
                for t in other.turns_of_document(d.id) {
                    let turn = Turn { id: ids.fresh(), document: id, case: t.case.map(|c| case_map[&c]), ..t.clone() };
                    edit.push(Change::Insert(Entity::Turn(turn)));
                }
                report.documents_added += 1;
                id
            }
        };
        doc_map.insert(d.id, id);
    }

    // Codings: add those not already present (same document, range, code and coder).
    let present: HashMap<(Id, usize, usize, Id, Id), Id> =
        base.codings.values().map(|k| ((k.document, k.start, k.end, k.code, k.coder), k.id)).collect();
    let mut coding_map: HashMap<Id, Id> = HashMap::new();
    for k in other.codings.values() {
        let mapped = (doc_map[&k.document], k.start, k.end, code_map[&k.code], coder_map[&k.coder]);
        if let Some(&existing) = present.get(&mapped) {
            report.codings_already_present += 1;
            coding_map.insert(k.id, existing);
            continue;
        }
        let id = ids.fresh();
        coding_map.insert(k.id, id);
        edit.push(Change::Insert(Entity::Coding(Coding {
            id,
            document: mapped.0,
            code: mapped.3,
            coder: mapped.4,
            ..k.clone()
        })));
        report.codings_added += 1;
    }

    // Memos: added when the subject has no memo with the same text yet.
    for m in other.memos.values() {
        let target = match m.target {
            MemoTarget::Project => Some(MemoTarget::Project),
            MemoTarget::Document(d) => doc_map.get(&d).map(|&d| MemoTarget::Document(d)),
            MemoTarget::Code(c) => code_map.get(&c).map(|&c| MemoTarget::Code(c)),
            MemoTarget::Case(c) => case_map.get(&c).map(|&c| MemoTarget::Case(c)),
            MemoTarget::Coding(c) => coding_map.get(&c).map(|&c| MemoTarget::Coding(c)),
        };
        let Some(target) = target else { continue };
        let author = coder_map[&m.author];
        match base.memo_for(target) {
            Some(b) if b.text == m.text => {}
            Some(_) => {
                let by = other.coders.get(&m.author).map_or("?", |c| c.name.as_str());
                report.conflicts.push(memo_differs(other, m.target, by));
            }
            None => {
                edit.push(Change::Insert(Entity::Memo(Memo { id: ids.fresh(), target, author, ..m.clone() })));
                report.memos_added += 1;
            }
        }
    }
    Ok((edit, report))
}

/// How a document of the other project was found here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentMatch {
    /// The only document here with that text.
    Text,
    /// Several documents here have that text; the one with the same name.
    TextAndName,
    /// Several documents with that text on both sides and names do not decide: the n-th copy here
    /// for the n-th copy there (a hand-out keeps the order).
    TextAndOrder,
}

/// Pairs each document of `other` with one here (other id -> (base id, how)); unpaired ones are
/// new. Equal texts (a passage quoted twice, a re-sent transcript) are told apart by name, then
/// by order when both sides hold the same number of copies; anything else is refused, never put
/// on the first copy.
pub fn match_documents(base: &Project, other: &Project) -> Result<HashMap<Id, (Id, DocumentMatch)>, MergeError> {
    let mut by_hash_base: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for d in base.documents.values() {
        by_hash_base.entry(&d.text_hash).or_default().push(d);
    }
    let mut by_hash_other: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for d in other.documents.values() {
        by_hash_other.entry(&d.text_hash).or_default().push(d);
    }
    let mut pairs = HashMap::new();
    let mut ambiguous = Vec::new();
    for (hash, theirs) in by_hash_other {
        let Some(ours) = by_hash_base.get(hash) else { continue };
        if let ([o], [b]) = (theirs.as_slice(), ours.as_slice()) {
            pairs.insert(o.id, (b.id, DocumentMatch::Text));
            continue;
        }
        let mut free: Vec<&Document> = ours.clone();
        let mut left: Vec<&Document> = Vec::new();
        for o in &theirs {
            let same_name: Vec<usize> = (0..free.len()).filter(|&i| free[i].name == o.name).collect();
            match same_name.as_slice() {
                [i] => {
                    pairs.insert(o.id, (free.remove(*i).id, DocumentMatch::TextAndName));
                }
                _ => left.push(o),
            }
        }
        match (left.len(), free.len()) {
            (0, _) => {}
            (n, m) if n == m => {
                for (o, b) in left.iter().zip(&free) {
                    pairs.insert(o.id, (b.id, DocumentMatch::TextAndOrder));
                }
            }
            (_, 0) => {} // copies only the other project has: added
            _ => {
                let names = |v: &[&Document]| v.iter().map(|d| format!("'{}'", d.name)).collect::<Vec<_>>().join(", ");
                ambiguous.push((names(&left), names(&free)));
            }
        }
    }
    if ambiguous.is_empty() { Ok(pairs) } else { Err(MergeError::AmbiguousDocuments(ambiguous)) }
}

/// "code X has a different memo in the other project (by Bert)", naming the memo's subject in `p`.
fn memo_differs(p: &Project, t: MemoTarget, by: &str) -> Said<Merged> {
    match t {
        MemoTarget::Project => Said::new(Merged::ProjectMemoDiffers, &[&by]),
        MemoTarget::Document(d) => {
            let name = p.documents.get(&d).map_or("?", |d| d.name.as_str());
            Said::new(Merged::DocumentMemoDiffers, &[&name, &by])
        }
        MemoTarget::Code(c) => Said::new(Merged::CodeMemoDiffers, &[&p.code_path_string(c), &by]),
        MemoTarget::Case(c) => {
            let label = p.cases.get(&c).map_or("?", |c| c.label.as_str());
            Said::new(Merged::RespondentMemoDiffers, &[&label, &by])
        }
        MemoTarget::Coding(c) => Said::new(Merged::CodingMemoDiffers, &[&c, &by]),
    }
}

/// What a hand-out carries beyond transcripts, respondents and the codebook.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HandoutOptions {
    /// Memos (project, document, code, respondent) and respondents' descriptions: the first
    /// coder's interpretations, and often names.
    pub with_memos: bool,
    /// Respondents' aliases: their real names.
    pub with_aliases: bool,
}

/// The project as a second coder should receive it: documents, respondents, speaker turns and the
/// code tree, but none of the codings (nor their memos), so the second coding is independent. The
/// respondents' real names (aliases) and the memos stay behind unless `options` asks for them.
pub fn handout(project: &Project, options: HandoutOptions) -> Project {
    let mut p = project.clone();
    p.codings.clear();
    p.memos.retain(|_, m| options.with_memos && !matches!(m.target, MemoTarget::Coding(_)));
    for c in p.cases.values_mut() {
        if !options.with_aliases {
            c.aliases.clear();
        }
        if !options.with_memos {
            c.description.clear();
        }
    }
    let authors: HashSet<Id> = p.memos.values().map(|m| m.author).collect();
    p.coders.retain(|id, _| authors.contains(id));
    p
}

/// The inserts that recreate `project` in an empty project file, in dependency order.
pub fn as_inserts(project: &Project, label: &str) -> Edit {
    let mut e = Edit::new(label);
    e.changes.extend(project.coders.values().cloned().map(|x| Change::Insert(Entity::Coder(x))));
    e.changes.extend(project.attribute_defs.values().cloned().map(|x| Change::Insert(Entity::AttributeDef(x))));
    e.changes.extend(project.cases.values().cloned().map(|x| Change::Insert(Entity::Case(x))));
    e.changes.extend(project.documents.values().cloned().map(|x| Change::Insert(Entity::Document(x))));
    if !project.turns.is_empty() {
        e.push(Change::InsertTurns(project.turns.values().cloned().collect()));
    }
    let mut codes: Vec<Id> = Vec::new();
    for root in project.children(None) {
        codes.extend(project.subtree(root.id));
    }
    e.changes.extend(codes.into_iter().map(|id| Change::Insert(Entity::Code(project.codes[&id].clone()))));
    e.changes.extend(project.codings.values().cloned().map(|x| Change::Insert(Entity::Coding(x))));
    e.changes.extend(project.memos.values().cloned().map(|x| Change::Insert(Entity::Memo(x))));
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_merge_note_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(Merged::ALL, Merged::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
