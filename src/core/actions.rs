//! The user's actions as functions from the current project to one [`Edit`].
//!
//! Each function decides what should change (and refuses what must not happen, like deleting a
//! code that still holds codings) without touching the project; the session applies the returned
//! edit to memory and disk in one step, which is also the undo step.

use super::color::Color;
use super::edit::{Change, Edit, EditError, Entity, Why, refused};
use super::model::*;
use super::span::Span;
use super::text::TextDigests;
use std::collections::HashSet;
use std::sync::Arc;

type Result<T> = std::result::Result<T, EditError>;

fn invalid<T>(why: Why, values: &[&dyn std::fmt::Display]) -> Result<T> {
    Err(refused(why, values))
}

/// Hands out fresh ids for the inserts of one edit, continuing after the project's last id.
pub struct IdSource(Id);

impl IdSource {
    pub fn new(project: &Project) -> Self {
        IdSource(project.last_id)
    }
    pub fn fresh(&mut self) -> Id {
        self.0 += 1;
        self.0
    }
}

/// The entity with `id` in `map`, or a "does not exist" error naming its `kind`.
fn get<'a, T>(map: &'a std::collections::BTreeMap<Id, T>, id: Id, kind: &'static str) -> Result<&'a T> {
    map.get(&id).ok_or(EditError::Missing { kind, id })
}

fn code(project: &Project, id: Id) -> Result<&Code> {
    get(&project.codes, id, "code")
}

fn coding(project: &Project, id: Id) -> Result<&Coding> {
    get(&project.codings, id, "coding")
}

/// The edit that replaces `before` by `after`, empty when nothing changed.
fn update_edit(label: String, before: Entity, after: Entity) -> Edit {
    let mut e = Edit::new(label);
    if after != before {
        e.push(update(before, after));
    }
    e
}

fn update(before: Entity, after: Entity) -> Change {
    Change::update(before, after)
}

// ---------------------------------------------------------------------------------------------
// Coders

/// The coder with this name, created if needed. Returns the id and the (possibly empty) edit.
pub fn ensure_coder(project: &Project, name: &str) -> Result<(Id, Edit)> {
    let name = name.trim();
    if name.is_empty() {
        return invalid(Why::CoderNeedsName, &[]);
    }
    if let Some(c) = project.coder_by_name(name) {
        return Ok((c.id, Edit::new("Add coder")));
    }
    let id = IdSource::new(project).fresh();
    Ok((id, Edit::new(format!("Add coder {name}")).insert(Entity::Coder(Coder { id, name: name.into() }))))
}

// ---------------------------------------------------------------------------------------------
// Code tree

pub struct NewCode<'a> {
    pub parent: Option<Id>,
    pub name: &'a str,
    pub kind: Option<CodeKind>,
    pub color: Option<&'a str>,
    pub description: &'a str,
}

pub fn add_code(project: &Project, new: NewCode) -> Result<(Id, Edit)> {
    let name = new.name.trim();
    if let Some(p) = new.parent {
        code(project, p)?;
    }
    let id = IdSource::new(project).fresh();
    let siblings = project.children(new.parent);
    let kind = new.kind.unwrap_or(match new.parent.map(|p| project.depth(p)) {
        None => CodeKind::Concept,
        Some(1) => CodeKind::Dimension,
        Some(_) => CodeKind::Code,
    });
    let color = match new.color {
        Some(c) => c.parse::<Color>().or_else(|e| invalid(Why::NotAColour, &[&e.0]))?,
        None => match new.parent {
            Some(p) => project.codes[&p].color,
            None => Color::palette(siblings.len()),
        },
    };
    let c = Code {
        id,
        parent: new.parent,
        name: name.to_string(),
        kind,
        color,
        description: new.description.to_string(),
        codable: true,
        position: siblings.last().map_or(0, |s| s.position + 1),
    };
    Ok((id, Edit::new(format!("Add code {name}")).insert(Entity::Code(c))))
}

/// Changes a code's own properties (name, colour, description, kind, codable) in one step.
pub fn change_code(project: &Project, id: Id, label: &str, f: impl FnOnce(&mut Code)) -> Result<Edit> {
    let before = code(project, id)?.clone();
    let mut after = before.clone();
    f(&mut after);
    after.id = before.id;
    after.name = after.name.trim().to_string();
    Ok(update_edit(format!("{label} {}", before.name), Entity::Code(before), Entity::Code(after)))
}

pub fn rename_code(project: &Project, id: Id, new_name: &str) -> Result<Edit> {
    change_code(project, id, "Rename code", |c| c.name = new_name.to_string())
}

/// Moves a code (with its subtree) under `new_parent` at sibling index `index` (clamped).
pub fn move_code(project: &Project, id: Id, new_parent: Option<Id>, index: usize) -> Result<Edit> {
    let moving = code(project, id)?.clone();
    if let Some(p) = new_parent {
        code(project, p)?;
        if p == id || project.ancestors(p).contains(&id) {
            return invalid(Why::BelowItself, &[&moving.name]);
        }
    }
    let mut siblings: Vec<Code> = project.children(new_parent).into_iter().filter(|c| c.id != id).cloned().collect();
    let mut placed = moving.clone();
    placed.parent = new_parent;
    siblings.insert(index.min(siblings.len()), placed);
    let mut e = Edit::new(format!("Move code {}", moving.name));
    for (pos, mut c) in siblings.into_iter().enumerate() {
        c.position = pos as i64;
        let before = project.codes[&c.id].clone();
        if before != c {
            e.push(update(Entity::Code(before), Entity::Code(c)));
        }
    }
    Ok(e)
}

/// Merges `source` into `target`: codings move to `target` (exact duplicates dropped), children
/// of `source` move under `target` (merging recursively when a child of the same name exists),
/// the memo is appended, then `source` is deleted.
pub fn merge_codes(project: &Project, source: Id, target: Id) -> Result<Edit> {
    let (s, t) = (code(project, source)?.clone(), code(project, target)?.clone());
    if source == target || project.subtree(source).contains(&target) {
        return invalid(Why::MergeIntoItself, &[&s.name]);
    }
    let mut e = Edit::new(format!("Merge code {} into {}", s.name, t.name));
    merge_into(project, &mut e, source, target);
    Ok(e)
}

fn merge_into(project: &Project, e: &mut Edit, source: Id, target: Id) {
    let key = |c: &Coding| (c.document, c.start, c.end, c.coder);
    let existing: HashSet<_> = project.codings.values().filter(|c| c.code == target).map(key).collect();
    for c in project.codings.values().filter(|c| c.code == source) {
        if existing.contains(&key(c)) {
            delete_coding_into(project, e, c);
        } else {
            let mut moved = c.clone();
            moved.code = target;
            e.push(update(Entity::Coding(c.clone()), Entity::Coding(moved)));
        }
    }
    let mut next_pos = project.children(Some(target)).last().map_or(0, |c| c.position + 1);
    for child in project.children(Some(source)) {
        match project.children(Some(target)).into_iter().find(|t| t.name == child.name) {
            Some(twin) => merge_into(project, e, child.id, twin.id),
            None => {
                let mut moved = child.clone();
                moved.parent = Some(target);
                moved.position = next_pos;
                next_pos += 1;
                e.push(update(Entity::Code(child.clone()), Entity::Code(moved)));
            }
        }
    }
    if let Some(memo) = project.memo_for(MemoTarget::Code(source)) {
        match project.memo_for(MemoTarget::Code(target)) {
            Some(tm) => {
                let mut joined = tm.clone();
                joined.text = format!("{}\n\n{}", tm.text, memo.text);
                e.push(update(Entity::Memo(tm.clone()), Entity::Memo(joined)));
                e.push(Change::Delete(Entity::Memo(memo.clone())));
            }
            None => {
                let mut moved = memo.clone();
                moved.target = MemoTarget::Code(target);
                e.push(update(Entity::Memo(memo.clone()), Entity::Memo(moved)));
            }
        }
    }
    e.push(Change::Delete(Entity::Code(project.codes[&source].clone())));
}

/// What to do with the codings of a code being deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnCodings {
    /// Refuse when the code or a code below it holds codings.
    Refuse,
    /// Move all codings of the subtree to this code first.
    MoveTo(Id),
    /// Delete the codings too.
    Delete,
}

/// Deletes a code and everything below it.
pub fn delete_code(project: &Project, id: Id, on_codings: OnCodings) -> Result<Edit> {
    let c = code(project, id)?.clone();
    let subtree = project.subtree(id);
    let in_subtree: HashSet<Id> = subtree.iter().copied().collect();
    let codings: Vec<&Coding> = project.codings.values().filter(|k| in_subtree.contains(&k.code)).collect();
    let mut e = Edit::new(format!("Delete code {}", c.name));
    match on_codings {
        OnCodings::Refuse if !codings.is_empty() => {
            return invalid(Why::StillHoldsCodings, &[&c.name, &codings.len()]);
        }
        OnCodings::MoveTo(t) => {
            code(project, t)?;
            if in_subtree.contains(&t) {
                return invalid(Why::IntoDeletedCode, &[]);
            }
            let key = |k: &Coding| (k.document, k.start, k.end, k.coder);
            let mut seen: HashSet<_> = project.codings.values().filter(|k| k.code == t).map(key).collect();
            for k in codings {
                if seen.insert(key(k)) {
                    let mut moved = k.clone();
                    moved.code = t;
                    e.push(update(Entity::Coding(k.clone()), Entity::Coding(moved)));
                } else {
                    delete_coding_into(project, &mut e, k);
                }
            }
        }
        OnCodings::Delete => codings.into_iter().for_each(|k| delete_coding_into(project, &mut e, k)),
        OnCodings::Refuse => {}
    }
    for cid in subtree.iter().rev() {
        if let Some(m) = project.memo_for(MemoTarget::Code(*cid)) {
            e.push(Change::Delete(Entity::Memo(m.clone())));
        }
        e.push(Change::Delete(Entity::Code(project.codes[cid].clone())));
    }
    Ok(e)
}

// ---------------------------------------------------------------------------------------------
// Codings

/// Adds a coding, unless this coder already coded exactly this passage with this code: then the
/// existing coding's id and an empty edit (nothing changes). An identical coding would only inflate
/// every count; the app, the CLI, ranges files, merges and REFI-QDA imports all skip it.
pub fn add_coding(
    project: &Project,
    document: Id,
    start: usize,
    end: usize,
    code_id: Id,
    coder: Id,
) -> Result<(Id, Edit)> {
    let c = code(project, code_id)?;
    check_passage(project, &Passage { document, start, end, code: code_id })?;
    if let Some(existing) = identical_coding(project, document, start, end, code_id, coder) {
        return Ok((existing, Edit::new(format!("Code with {}", c.name))));
    }
    let id = IdSource::new(project).fresh();
    let k = Coding { id, document, start, end, code: code_id, coder, created_at: now(), memo: String::new() };
    Ok((id, Edit::new(format!("Code with {}", c.name)).insert(Entity::Coding(k))))
}

/// The coding with exactly this document, range, code and coder, if there is one.
pub fn identical_coding(project: &Project, document: Id, start: usize, end: usize, code: Id, coder: Id) -> Option<Id> {
    let ix = project.index();
    let v = ix.codings_of_document(document);
    let span = Span::new(start, end);
    let from = v.partition_point(|s| s.span < span);
    v[from..]
        .iter()
        .take_while(|s| s.span == span)
        .filter_map(|s| project.codings.get(&s.id))
        .find(|k| k.code == code && k.coder == coder)
        .map(|k| k.id)
}

/// A passage to code: a range of a document and the code to give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Passage {
    pub document: Id,
    pub start: usize,
    pub end: usize,
    pub code: Id,
}

/// Why `p` cannot be coded (unknown document or code, a grouping code, a range outside the text),
/// or `Ok`.
pub fn check_passage(project: &Project, p: &Passage) -> Result<()> {
    let c = code(project, p.code)?;
    if !c.codable {
        return invalid(Why::GroupingCode, &[&c.name]);
    }
    let d = get(&project.documents, p.document, "document")?;
    let len = project.char_len(d.id);
    if p.start >= p.end {
        return invalid(Why::EmptyRange, &[&p.start, &p.end]);
    }
    if p.end > len {
        return invalid(Why::OutsideText, &[&p.start, &p.end, &d.name, &len]);
    }
    Ok(())
}

/// Codes many passages as one action (one undo step). Every passage is checked first: the first bad
/// one fails the whole action and nothing is coded. Passages this coder already coded identically
/// (in the project or earlier in the list) are skipped; returns the edit and how many were skipped.
pub fn code_passages(project: &Project, passages: &[Passage], coder: Id) -> Result<(Edit, usize)> {
    for p in passages {
        check_passage(project, p)?;
    }
    let mut seen: HashSet<Passage> = project
        .codings
        .values()
        .filter(|k| k.coder == coder)
        .map(|k| Passage { document: k.document, start: k.start, end: k.end, code: k.code })
        .collect();
    let mut ids = IdSource::new(project);
    let created_at = now();
    let mut e = Edit::new(format!("Code {} passages", passages.len()));
    let mut skipped = 0;
    for p in passages {
        if !seen.insert(*p) {
            skipped += 1;
            continue;
        }
        e.push(Change::Insert(Entity::Coding(Coding {
            id: ids.fresh(),
            document: p.document,
            start: p.start,
            end: p.end,
            code: p.code,
            coder,
            created_at,
            memo: String::new(),
        })));
    }
    Ok((e, skipped))
}

fn delete_coding_into(project: &Project, e: &mut Edit, k: &Coding) {
    if let Some(m) = project.memo_for(MemoTarget::Coding(k.id)) {
        e.push(Change::Delete(Entity::Memo(m.clone())));
    }
    e.push(Change::Delete(Entity::Coding(k.clone())));
}

pub fn remove_codings(project: &Project, ids: &[Id]) -> Result<Edit> {
    let mut e =
        Edit::new(if ids.len() == 1 { "Remove coding".to_string() } else { format!("Remove {} codings", ids.len()) });
    for id in ids {
        delete_coding_into(project, &mut e, coding(project, *id)?);
    }
    Ok(e)
}

/// Gives a coding another code (keeps its range, coder and memo).
pub fn recode(project: &Project, id: Id, new_code: Id) -> Result<Edit> {
    let before = coding(project, id)?.clone();
    let c = code(project, new_code)?;
    let mut after = before.clone();
    after.code = new_code;
    Ok(Edit::new(format!("Recode as {}", c.name)).with(update(Entity::Coding(before), Entity::Coding(after))))
}

/// Changes the range of a coding (e.g. widening it to the whole sentence).
pub fn resize_coding(project: &Project, id: Id, start: usize, end: usize) -> Result<Edit> {
    let before = coding(project, id)?.clone();
    let mut after = before.clone();
    after.start = start;
    after.end = end;
    Ok(Edit::new("Resize coding").with(update(Entity::Coding(before), Entity::Coding(after))))
}

/// Codes every given range with `code`, skipping ranges this coder already coded with it.
pub fn code_ranges(project: &Project, ranges: &[(Id, usize, usize)], code_id: Id, coder: Id) -> Result<Edit> {
    let c = code(project, code_id)?;
    if !c.codable {
        return invalid(Why::GroupingCode, &[&c.name]);
    }
    let mut seen: HashSet<(Id, usize, usize)> = project
        .codings
        .values()
        .filter(|k| k.code == code_id && k.coder == coder)
        .map(|k| (k.document, k.start, k.end))
        .collect();
    let mut ids = IdSource::new(project);
    let mut e = Edit::new(format!("Code {} passages with {}", ranges.len(), c.name));
    let created_at = now();
    for &(document, start, end) in ranges {
        if seen.insert((document, start, end)) {
            let id = ids.fresh();
            e.push(Change::Insert(Entity::Coding(Coding {
                id,
                document,
                start,
                end,
                code: code_id,
                coder,
                created_at,
                memo: String::new(),
            })));
        }
    }
    Ok(e)
}

// ---------------------------------------------------------------------------------------------
// Memos

/// Sets (or, with empty text, removes) the memo on `target`.
pub fn set_memo(project: &Project, target: MemoTarget, title: &str, text: &str, author: Id) -> Result<Edit> {
    if !project.memo_target_exists(target) {
        return invalid(Why::NoMemoSubject, &[]);
    }
    let mut e = Edit::new("Edit memo");
    match (project.memo_for(target), text.trim().is_empty()) {
        (Some(m), true) => e.push(Change::Delete(Entity::Memo(m.clone()))),
        (Some(m), false) => {
            let mut after = m.clone();
            after.text = text.to_string();
            after.title = title.to_string();
            after.author = author;
            after.updated_at = now();
            if (after.text.as_str(), after.title.as_str()) != (m.text.as_str(), m.title.as_str()) {
                e.push(update(Entity::Memo(m.clone()), Entity::Memo(after)));
            }
        }
        (None, true) => {}
        (None, false) => {
            let id = IdSource::new(project).fresh();
            e.push(Change::Insert(Entity::Memo(Memo {
                id,
                target,
                title: title.to_string(),
                text: text.to_string(),
                author,
                updated_at: now(),
            })));
        }
    }
    Ok(e)
}

// ---------------------------------------------------------------------------------------------
// Documents, respondents, speaker turns

/// A transcript ready to be added: text already normalised to `\n` line ends.
pub struct NewDocument<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub source_name: &'a str,
    /// Detected speaker turns, each already mapped to its respondent (or none).
    pub turns: Vec<NewTurn>,
}

/// A speaker turn of a document being added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTurn {
    pub start: usize,
    pub end: usize,
    pub speaker: Speaker,
    pub start_ms: Option<u64>,
    pub case: Option<Id>,
}

/// Turns whose speaker tag equals an existing respondent's label or alias are mapped to that
/// respondent; the others to nobody.
pub fn turns_mapped_by_label(project: &Project, turns: Vec<(usize, usize, impl Into<Speaker>)>) -> Vec<NewTurn> {
    turns
        .into_iter()
        .map(|(start, end, speaker)| {
            let speaker = speaker.into();
            let case = case_for_speaker(project, &speaker);
            NewTurn { start, end, speaker, start_ms: None, case }
        })
        .collect()
}

/// `name` (trimmed, "Untitled" if empty), numbered "name (2)" if a document has it already.
pub fn unique_document_name(project: &Project, name: &str) -> String {
    let name = super::names::clean_name(name);
    let base = if name.is_empty() { "Untitled" } else { &name };
    let mut unique = base.to_string();
    let mut n = 2;
    while project.document_by_name(&unique).is_some() {
        unique = format!("{base} ({n})");
        n += 1;
    }
    unique
}

/// Adds a document with its speaker turns.
pub fn add_document(project: &Project, doc: NewDocument) -> Result<(Id, Edit)> {
    let mut e = Edit::new("");
    let id = add_document_into(project, doc, &mut e)?;
    Ok((id, e))
}

/// Adds a document with its speaker turns to `edit` (labelled "Import NAME"): the document, then
/// its turns as one change ([`Change::InsertTurns`]).
pub fn add_document_into(project: &Project, doc: NewDocument, edit: &mut Edit) -> Result<Id> {
    let digests = TextDigests::of(doc.text);
    add_digested_document_into(project, doc, digests, edit)
}

/// [`add_document_into`] of a text whose [`TextDigests`] are known already (an import worked
/// them out beside finding its speakers, and looked for a duplicate with them): a transcript is
/// not hashed twice.
pub fn add_digested_document_into(
    project: &Project,
    doc: NewDocument,
    TextDigests { fingerprint, text_hash }: TextDigests,
    edit: &mut Edit,
) -> Result<Id> {
    let mut ids = IdSource::new(project);
    let id = ids.fresh();
    let name = unique_document_name(project, doc.name);
    let d = Document {
        id,
        name: name.clone(),
        text: Arc::from(doc.text),
        source_name: doc.source_name.to_string(),
        imported_at: now(),
        text_hash,
        fingerprint,
        case: None,
        group: String::new(),
    };
    let len = d.char_len();
    if let Some(t) = doc.turns.iter().find(|t| t.start >= t.end || t.end > len) {
        return invalid(Why::TurnOutsideText, &[&t.start, &t.end]);
    }
    edit.label = format!("Import {name}");
    edit.push(Change::Insert(Entity::Document(d)));
    if !doc.turns.is_empty() {
        let turns = doc.turns.into_iter().map(|NewTurn { start, end, speaker, start_ms, case }| Turn {
            id: ids.fresh(),
            document: id,
            start,
            end,
            speaker,
            case,
            start_ms,
        });
        edit.push(Change::InsertTurns(turns.collect()));
    }
    Ok(id)
}

/// The respondent whose label or alias is this speaker tag, if any.
pub fn case_for_speaker(project: &Project, speaker: &str) -> Option<Id> {
    project.cases.values().find(|c| is_named(c, speaker)).map(|c| c.id)
}

/// Whether `name` is the respondent's label or one of its aliases (ASCII case ignored).
fn is_named(case: &Case, name: &str) -> bool {
    case.label.eq_ignore_ascii_case(name) || case.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
}

/// Removes a document with everything attached to it (codings, turns, memos).
pub fn remove_document(project: &Project, id: Id) -> Result<Edit> {
    let d = get(&project.documents, id, "document")?;
    let mut e = Edit::new(format!("Remove document {}", d.name));
    for k in project.codings_of_document(id) {
        delete_coding_into(project, &mut e, k);
    }
    let mut turns = project.turns_of_document(id);
    if !turns.is_empty() {
        turns.sort_unstable_by_key(|t| t.id);
        e.push(Change::DeleteTurns(turns.into_iter().cloned().collect()));
    }
    if let Some(m) = project.memo_for(MemoTarget::Document(id)) {
        e.push(Change::Delete(Entity::Memo(m.clone())));
    }
    e.push(Change::Delete(Entity::Document(d.clone())));
    Ok(e)
}

pub fn change_document(project: &Project, id: Id, label: &str, f: impl FnOnce(&mut Document)) -> Result<Edit> {
    let before = get(&project.documents, id, "document")?.clone();
    let mut after = before.clone();
    f(&mut after);
    if after.text != before.text {
        return invalid(Why::TextUnchangeable, &[]);
    }
    Ok(update_edit(format!("{label} {}", before.name), Entity::Document(before), Entity::Document(after)))
}

pub fn add_case(project: &Project, label: &str) -> Result<(Id, Edit)> {
    let label = label.trim();
    if label.is_empty() {
        return invalid(Why::RespondentNeedsLabel, &[]);
    }
    let id = IdSource::new(project).fresh();
    let c =
        Case { id, label: label.into(), aliases: vec![], attributes: Default::default(), description: String::new() };
    Ok((id, Edit::new(format!("Add respondent {label}")).insert(Entity::Case(c))))
}

pub fn change_case(project: &Project, id: Id, label: &str, f: impl FnOnce(&mut Case)) -> Result<Edit> {
    let before = get(&project.cases, id, "respondent")?.clone();
    let mut after = before.clone();
    f(&mut after);
    after.label = after.label.trim().to_string();
    for (name, value) in &after.attributes {
        if let Some(def) = project.attribute_defs.values().find(|d| &d.name == name)
            && !def.kind.accepts(value)
        {
            return invalid(Why::NotAValidValue, &[value, &def.kind.as_str(), name]);
        }
    }
    Ok(update_edit(format!("{label} {}", before.label), Entity::Case(before), Entity::Case(after)))
}

/// Records a respondent's real names (aliases): pseudonymisation replaces each by the label, and
/// a speaker tag equal to one maps to this respondent. Blank and repeated names are dropped; a
/// name that is another respondent's label or alias is refused, because pseudonymising would
/// then turn one person into another.
pub fn set_aliases(project: &Project, id: Id, names: &[String]) -> Result<Edit> {
    let mut aliases: Vec<String> = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if !aliases.iter().any(|a| a.eq_ignore_ascii_case(n)) {
            aliases.push(n.to_string());
        }
    }
    for a in &aliases {
        if let Some(other) = project.cases.values().find(|c| c.id != id && is_named(c, a)) {
            return invalid(Why::AliasTaken, &[a, &other.label]);
        }
    }
    change_case(project, id, "Set real names of", |c| c.aliases = aliases)
}

/// Deletes a respondent; speaker turns and documents that pointed to it become unassigned.
pub fn delete_case(project: &Project, id: Id) -> Result<Edit> {
    let c = get(&project.cases, id, "respondent")?;
    let mut e = Edit::new(format!("Delete respondent {}", c.label));
    for t in project.turns.values().filter(|t| t.case == Some(id)) {
        let mut after = t.clone();
        after.case = None;
        e.push(update(Entity::Turn(t.clone()), Entity::Turn(after)));
    }
    for d in project.documents.values().filter(|d| d.case == Some(id)) {
        let mut after = d.clone();
        after.case = None;
        e.push(update(Entity::Document(d.clone()), Entity::Document(after)));
    }
    if let Some(m) = project.memo_for(MemoTarget::Case(id)) {
        e.push(Change::Delete(Entity::Memo(m.clone())));
    }
    e.push(Change::Delete(Entity::Case(c.clone())));
    Ok(e)
}

/// What deleting a document or withdrawing a respondent takes away, for the confirmation that
/// states it before anything goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removal {
    pub documents: usize,
    pub turns: usize,
    pub codings: usize,
    pub memos: usize,
    /// Documents shared with others (focus groups) from which the respondent's turns were cut.
    pub documents_cut: usize,
}

impl Removal {
    /// Counts what `edit` deletes; a coding's own memo counts as a memo.
    pub fn of(edit: &Edit) -> Removal {
        let mut r = Removal::default();
        for c in &edit.changes {
            match c {
                Change::Delete(Entity::Document(_)) => r.documents += 1,
                Change::Delete(Entity::Turn(_)) => r.turns += 1,
                Change::DeleteTurns(t) => r.turns += t.len(),
                Change::Delete(Entity::Coding(k)) => {
                    r.codings += 1;
                    r.memos += usize::from(!k.memo.is_empty());
                }
                Change::Delete(Entity::Memo(_)) => r.memos += 1,
                Change::Update { before, after }
                    if let (Entity::Document(b), Entity::Document(a)) = (&**before, &**after)
                        && a.text != b.text =>
                {
                    r.documents_cut += 1
                }
                _ => {}
            }
        }
        r
    }
}

/// What replaces a withdrawn respondent's speaker turns in a document shared with others.
pub const WITHDRAWN_PASSAGE: &str = "[passage removed: respondent withdrew]";

/// Removes a respondent who withdrew consent, as one action: their own documents (assigned to them,
/// or in which no other respondent speaks) with everything attached (speaker turns, codings,
/// memos); in documents they share with others (a focus group) the text of their speaker turns
/// (replaced by [`WITHDRAWN_PASSAGE`], other codings moved along, codings inside the cut passages
/// removed); their memo, attributes and the respondent itself.
pub fn withdraw_respondent(project: &Project, id: Id) -> Result<Edit> {
    let c = get(&project.cases, id, "respondent")?;
    let mut e = Edit::new(format!("Withdraw respondent {}", c.label));
    // Their own documents: assigned to them as a whole, or where every respondent who speaks is them
    // (an interview with "I:" and "R3:" turns).
    let own = |d: &Document| {
        d.case == Some(id) || {
            let mut speakers = project.turns_of_document(d.id).into_iter().filter_map(|t| t.case).peekable();
            speakers.peek().is_some() && speakers.all(|c| c == id)
        }
    };
    for d in project.documents.values().filter(|d| own(d)) {
        e.extend(remove_document(project, d.id)?);
    }
    for d in project.documents.values().filter(|d| !own(d)) {
        let cut: Vec<&Turn> = project.turns_of_document(d.id).into_iter().filter(|t| t.case == Some(id)).collect();
        if cut.is_empty() {
            continue;
        }
        for k in project.codings_of_document(d.id) {
            if cut.iter().any(|t| t.span().covers(k.span())) {
                delete_coding_into(project, &mut e, k);
            }
        }
        for t in &cut {
            e.push(Change::Delete(Entity::Turn((*t).clone())));
        }
        let reps: Vec<super::text::Replacement> = cut
            .iter()
            .map(|t| {
                // The line break that ends the turn stays, so the next speaker keeps their line.
                let ends_line = project.passage(d.id, t.end - 1, t.end) == "\n" && t.end - 1 > t.start;
                let end = if ends_line { t.end - 1 } else { t.end };
                super::text::Replacement { start: t.start, end, with: WITHDRAWN_PASSAGE.to_string() }
            })
            .collect();
        // Move what stays (codings and turns not deleted above) past the shortened passages.
        let mut rest = project.clone();
        rest.apply(&e)?;
        super::pseudonym::replace_in_document(&rest, d, d.clone(), &reps, &mut e);
    }
    if let Some(m) = project.memo_for(MemoTarget::Case(id)) {
        e.push(Change::Delete(Entity::Memo(m.clone())));
    }
    e.push(Change::Delete(Entity::Case(c.clone())));
    Ok(e)
}

/// Declares a respondent attribute, or changes its type.
pub fn define_attribute(project: &Project, name: &str, kind: AttributeKind) -> Result<(Id, Edit)> {
    let name = name.trim();
    if name.is_empty() {
        return invalid(Why::AttributeNeedsName, &[]);
    }
    if let Some(d) = project.attribute_defs.values().find(|d| d.name == name) {
        let mut e = Edit::new(format!("Change attribute {name}"));
        if d.kind != kind {
            if let Some(c) = project.cases.values().find(|c| c.attributes.get(name).is_some_and(|v| !kind.accepts(v))) {
                return invalid(Why::ValueDoesNotFit, &[&c.label, &name, &kind.as_str()]);
            }
            let mut after = d.clone();
            after.kind = kind;
            e.push(update(Entity::AttributeDef(d.clone()), Entity::AttributeDef(after)));
        }
        return Ok((d.id, e));
    }
    let id = IdSource::new(project).fresh();
    Ok((
        id,
        Edit::new(format!("Add attribute {name}")).insert(Entity::AttributeDef(AttributeDef {
            id,
            name: name.into(),
            kind,
        })),
    ))
}

/// Maps a speaker tag in a document (or in all documents when `document` is None) to a
/// respondent, or unmaps it with `None`.
pub fn assign_speaker(project: &Project, document: Option<Id>, speaker: &str, case: Option<Id>) -> Result<Edit> {
    if let Some(c) = case {
        get(&project.cases, c, "respondent")?;
    }
    let label = case.map(|c| project.cases[&c].label.clone()).unwrap_or_else(|| "nobody".into());
    let mut e = Edit::new(format!("Assign speaker {speaker} to {label}"));
    for t in project.turns.values() {
        if t.speaker == speaker && document.is_none_or(|d| d == t.document) && t.case != case {
            let mut after = t.clone();
            after.case = case;
            e.push(update(Entity::Turn(t.clone()), Entity::Turn(after)));
        }
    }
    Ok(e)
}

impl Edit {
    /// Builder form of [`Edit::push`].
    pub fn with(mut self, c: Change) -> Self {
        self.push(c);
        self
    }

    /// Appends another edit's changes (for actions made of several steps).
    pub fn extend(&mut self, other: Edit) {
        self.changes.extend(other.changes);
    }
}

/// The coder name under which agreed codings are recorded after a disagreement review.
pub const CONSENSUS_CODER: &str = "Consensus";

/// Records the agreed coding of a passage after two coders disagreed: one coding per code in
/// `codes` by the [`CONSENSUS_CODER`] (created if needed), each carrying `memo`. Nothing of either
/// coder's own work is changed, so the review itself stays auditable.
pub fn record_consensus(
    project: &Project,
    document: Id,
    start: usize,
    end: usize,
    codes: &[Id],
    memo: &str,
) -> Result<Edit> {
    let (coder, mut e) = ensure_coder(project, CONSENSUS_CODER)?;
    let mut scratch = project.clone();
    scratch.apply(&e)?;
    let existing: HashSet<Id> = project
        .codings
        .values()
        .filter(|k| k.coder == coder && k.document == document && (k.start, k.end) == (start, end))
        .map(|k| k.code)
        .collect();
    let mut ids = IdSource::new(&scratch);
    for &c in codes {
        code(project, c)?;
        if existing.contains(&c) {
            continue;
        }
        e.push(Change::Insert(Entity::Coding(Coding {
            id: ids.fresh(),
            document,
            start,
            end,
            code: c,
            coder,
            created_at: now(),
            memo: memo.to_string(),
        })));
    }
    e.label = "Record consensus".into();
    Ok(e)
}
