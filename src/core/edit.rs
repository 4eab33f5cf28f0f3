//! Edits as values: every user action is one [`Edit`], a named list of entity-level changes.
//!
//! Because a change carries the entity before and/or after, the inverse of an edit is mechanical
//! (reverse the list, swap before and after) and the same value drives the in-memory model, the
//! SQLite store and the audit log. That is what makes "every action is one transaction and one undo
//! step" hold by construction rather than by discipline.

use super::lang::{Said, string_table};
use super::model::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use thiserror::Error;

/// One stored thing of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entity {
    Coder(Coder),
    Document(Document),
    AttributeDef(AttributeDef),
    Case(Case),
    Turn(Turn),
    Code(Code),
    Coding(Coding),
    Memo(Memo),
}

impl Entity {
    pub fn id(&self) -> Id {
        match self {
            Entity::Coder(x) => x.id,
            Entity::Document(x) => x.id,
            Entity::AttributeDef(x) => x.id,
            Entity::Case(x) => x.id,
            Entity::Turn(x) => x.id,
            Entity::Code(x) => x.id,
            Entity::Coding(x) => x.id,
            Entity::Memo(x) => x.id,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Entity::Coder(_) => "coder",
            Entity::Document(_) => "document",
            Entity::AttributeDef(_) => "attribute",
            Entity::Case(_) => "case",
            Entity::Turn(_) => "turn",
            Entity::Code(_) => "code",
            Entity::Coding(_) => "coding",
            Entity::Memo(_) => "memo",
        }
    }
}

/// One entity-level change. `Update` keeps both versions so it can be inverted and checked; they
/// are boxed so that a change is one entity wide, not two.
///
/// The speaker turns of a transcript come and go together (import, removing the document), up to
/// 100,000 of them: one change each would cost an entity's width (152 bytes) per turn in the undo
/// step, so they are one change holding the turns themselves (80 bytes each), in id order, shared
/// with the inverse rather than copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Insert(Entity),
    Delete(Entity),
    Update { before: Box<Entity>, after: Box<Entity> },
    InsertTurns(Arc<[Turn]>),
    DeleteTurns(Arc<[Turn]>),
}

impl Change {
    /// The change from `before` to `after` (the same entity).
    pub fn update(before: Entity, after: Entity) -> Change {
        Change::Update { before: Box::new(before), after: Box::new(after) }
    }

    pub fn inverse(&self) -> Change {
        match self {
            Change::Insert(e) => Change::Delete(e.clone()),
            Change::Delete(e) => Change::Insert(e.clone()),
            Change::Update { before, after } => Change::Update { before: after.clone(), after: before.clone() },
            Change::InsertTurns(t) => Change::DeleteTurns(t.clone()),
            Change::DeleteTurns(t) => Change::InsertTurns(t.clone()),
        }
    }

    /// A short human description for the audit log.
    pub fn describe(&self) -> String {
        fn name(e: &Entity) -> String {
            match e {
                Entity::Coder(x) => x.name.clone(),
                Entity::Document(x) => x.name.clone(),
                Entity::AttributeDef(x) => x.name.clone(),
                Entity::Case(x) => x.label.clone(),
                Entity::Turn(x) => format!("{}@{}..{}", x.speaker, x.start, x.end),
                Entity::Code(x) => x.name.clone(),
                Entity::Coding(x) => format!("code {} in document {} [{}..{})", x.code, x.document, x.start, x.end),
                Entity::Memo(x) => x.title.clone(),
            }
        }
        let turns = |sign: char, t: &[Turn]| match (t.first(), t.last()) {
            (Some(a), Some(b)) => format!("{sign}{} speaker turns, ids {} to {}", t.len(), a.id, b.id),
            _ => format!("{sign}0 speaker turns"),
        };
        match self {
            Change::InsertTurns(t) => turns('+', t),
            Change::DeleteTurns(t) => turns('-', t),
            Change::Insert(e) => format!("+{} {} '{}'", e.kind(), e.id(), name(e)),
            Change::Delete(e) => format!("-{} {} '{}'", e.kind(), e.id(), name(e)),
            Change::Update { before, after } => {
                let (b, a) = (name(before), name(after));
                if b == a {
                    format!("~{} {} '{}'", after.kind(), after.id(), a)
                } else {
                    format!("~{} {} '{}' -> '{}'", after.kind(), after.id(), b, a)
                }
            }
        }
    }
}

/// A user action: a label for menus and the audit log, and its changes in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub label: String,
    pub changes: Vec<Change>,
}

impl Edit {
    pub fn new(label: impl Into<String>) -> Self {
        Edit { label: label.into(), changes: Vec::new() }
    }

    pub fn insert(mut self, e: Entity) -> Self {
        self.changes.push(Change::Insert(e));
        self
    }

    pub fn push(&mut self, c: Change) {
        self.changes.push(c);
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        Edit { label: self.label.clone(), changes: self.changes.iter().rev().map(Change::inverse).collect() }
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("{kind} {id} already exists")]
    AlreadyExists { kind: &'static str, id: Id },
    #[error("{kind} {id} does not exist")]
    Missing { kind: &'static str, id: Id },
    #[error("{kind} {id} was changed by something else in the meantime")]
    Stale { kind: &'static str, id: Id },
    #[error("update changes the kind or id of an entity")]
    Mismatch,
    #[error("{0}")]
    Invalid(Refusal),
}

string_table! {
    /// Why the model refuses an edit: what the user asked cannot be (a range outside the text, a
    /// code moved below itself), said in the reader's language by the app and the command line.
    pub enum Why {
        CodeNeedsName => "a code needs a name", "een code heeft een naam nodig";
        ParentMissing => "code '{0}' has a parent that does not exist", "code '{0}' heeft een bovenliggende code die niet bestaat";
        BelowItself => "'{0}' cannot be moved below itself", "'{0}' kan niet onder zichzelf worden geplaatst";
        CodeNameTaken => "there is already a code named '{0}' at this level", "er is op dit niveau al een code met de naam '{0}'";
        RespondentNeedsLabel => "a respondent needs a label, like R3 or M1", "een respondent heeft een label nodig, zoals R3 of M1";
        LabelTaken => "there is already a respondent labelled '{0}'", "er is al een respondent met het label '{0}'";
        CodingNoDocument => "coding {0} refers to a document that does not exist", "codering {0} verwijst naar een document dat niet bestaat";
        CodingNoCode => "coding {0} refers to a code that does not exist", "codering {0} verwijst naar een code die niet bestaat";
        CodingNoCoder => "coding {0} refers to a coder that does not exist", "codering {0} verwijst naar een codeur die niet bestaat";
        CodingOutside =>
            "coding range {0}..{1} is empty or outside document '{2}' ({3} characters)",
            "het bereik {0}..{1} van de codering is leeg of valt buiten document '{2}' ({3} tekens)";
        DocumentNoRespondent =>
            "document '{0}' refers to a respondent that does not exist",
            "document '{0}' verwijst naar een respondent die niet bestaat";
        MemoNoSubject => "memo '{0}' is about something that does not exist", "memo '{0}' gaat over iets dat niet bestaat";
        CoderNameTaken => "there is already a coder named '{0}'", "er is al een codeur met de naam '{0}'";
        AttributeNameTaken => "there is already an attribute named '{0}'", "er is al een kenmerk met de naam '{0}'";
        TurnNoDocument =>
            "speaker turn {0} refers to a document that does not exist",
            "spreekbeurt {0} verwijst naar een document dat niet bestaat";
        TurnNoRespondent =>
            "speaker turn {0} refers to a respondent that does not exist",
            "spreekbeurt {0} verwijst naar een respondent die niet bestaat";
        TurnOrder =>
            "speaker turn {0} is listed out of id order or twice",
            "spreekbeurt {0} staat niet op volgorde van nummer, of twee keer";
        StillInUse => "{0} {1} is still in use", "{0} {1} is nog in gebruik";
        CoderNeedsName => "a coder needs a name", "een codeur heeft een naam nodig";
        NotAColour => "'{0}' is not a colour like #a1b2c3", "'{0}' is geen kleur zoals #a1b2c3";
        MergeIntoItself =>
            "'{0}' cannot be merged into itself or a code below it",
            "'{0}' kan niet worden samengevoegd met zichzelf of een code eronder";
        StillHoldsCodings =>
            "'{0}' still holds {1} {1:coding|codings}; move them to another code or delete them explicitly",
            "'{0}' heeft nog {1} {1:codering|coderingen}; verplaats ze naar een andere code of verwijder ze uitdrukkelijk";
        IntoDeletedCode =>
            "codings cannot be moved into the code being deleted",
            "coderingen kunnen niet naar de code worden verplaatst die verwijderd wordt";
        GroupingCode =>
            "'{0}' is a grouping code and cannot be applied",
            "'{0}' is een groeperende code en kan niet worden toegekend";
        EmptyRange =>
            "the range {0}..{1} is empty (the end must come after the start)",
            "het bereik {0}..{1} is leeg (het einde moet na het begin komen)";
        OutsideText =>
            "the range {0}..{1} lies outside '{2}', which has {3} characters",
            "het bereik {0}..{1} valt buiten '{2}', dat {3} tekens heeft";
        NoMemoSubject => "the memo's subject does not exist", "waar de memo over gaat, bestaat niet";
        TurnOutsideText => "speaker turn {0}..{1} lies outside the text", "spreekbeurt {0}..{1} valt buiten de tekst";
        TextUnchangeable => "a document's text cannot be changed this way", "de tekst van een document kan niet op deze manier veranderen";
        NotAValidValue => "'{0}' is not a valid {1} for attribute '{2}'", "'{0}' is geen geldige {1} voor kenmerk '{2}'";
        AliasTaken => "'{0}' already names respondent {1}", "'{0}' is al een naam van respondent {1}";
        AttributeNeedsName => "an attribute needs a name", "een kenmerk heeft een naam nodig";
        ValueDoesNotFit =>
            "respondent {0} has a value for '{1}' that is not a {2}",
            "respondent {0} heeft een waarde voor '{1}' die geen {2} is";
    }
}

/// A refused edit: the sentence of [`Why`] and the values it names.
pub type Refusal = Said<Why>;

/// An edit refused for `why`, naming `values`.
pub fn refused(why: Why, values: &[&dyn std::fmt::Display]) -> EditError {
    EditError::Invalid(Said::new(why, values))
}

/// A project table as the edit machinery sees it: plain maps, and tables that keep indexes
/// (such as [`CodeTable`]) and therefore only change through their own `insert`/`remove`.
trait Table<T> {
    fn get_row(&self, id: Id) -> Option<&T>;
    fn put(&mut self, id: Id, v: T);
    fn take(&mut self, id: Id);
}

impl<T> Table<T> for BTreeMap<Id, T> {
    fn get_row(&self, id: Id) -> Option<&T> {
        self.get(&id)
    }
    fn put(&mut self, id: Id, v: T) {
        self.insert(id, v);
    }
    fn take(&mut self, id: Id) {
        self.remove(&id);
    }
}

impl Table<Code> for CodeTable {
    fn get_row(&self, id: Id) -> Option<&Code> {
        self.get(&id)
    }
    fn put(&mut self, id: Id, v: Code) {
        self.insert(id, v);
    }
    fn take(&mut self, id: Id) {
        self.remove(&id);
    }
}

fn table_insert<T: Clone>(map: &mut impl Table<T>, id: Id, v: &T, kind: &'static str) -> Result<(), EditError> {
    if map.get_row(id).is_some() {
        return Err(EditError::AlreadyExists { kind, id });
    }
    map.put(id, v.clone());
    Ok(())
}

fn table_delete<T: PartialEq>(map: &mut impl Table<T>, id: Id, v: &T, kind: &'static str) -> Result<(), EditError> {
    match map.get_row(id) {
        None => Err(EditError::Missing { kind, id }),
        Some(cur) if cur != v => Err(EditError::Stale { kind, id }),
        Some(_) => {
            map.take(id);
            Ok(())
        }
    }
}

fn table_update<T: PartialEq + Clone>(
    map: &mut impl Table<T>,
    id: Id,
    before: &T,
    after: &T,
    kind: &'static str,
) -> Result<(), EditError> {
    match map.get_row(id) {
        None => Err(EditError::Missing { kind, id }),
        Some(cur) if cur != before => Err(EditError::Stale { kind, id }),
        Some(_) => {
            map.put(id, after.clone());
            Ok(())
        }
    }
}

/// Runs `$op` on the project table that matches the entity variant.
macro_rules! on_table {
    ($project:expr, $entity:expr, |$map:ident, $val:ident| $op:expr) => {
        match $entity {
            Entity::Coder($val) => {
                let $map = &mut $project.coders;
                $op
            }
            Entity::Document($val) => {
                let $map = &mut $project.documents;
                $op
            }
            Entity::AttributeDef($val) => {
                let $map = &mut $project.attribute_defs;
                $op
            }
            Entity::Case($val) => {
                let $map = &mut $project.cases;
                $op
            }
            Entity::Turn($val) => {
                let $map = &mut $project.turns;
                $op
            }
            Entity::Code($val) => {
                let $map = &mut $project.codes;
                $op
            }
            Entity::Coding($val) => {
                let $map = &mut $project.codings;
                $op
            }
            Entity::Memo($val) => {
                let $map = &mut $project.memos;
                $op
            }
        }
    };
}

/// Adds speaker turns given in id order, all or none. They fill the map by appending sorted
/// chunks ([`CompactFill`]): one at a time, the 100,000 turns of an import would leave its B-tree
/// nodes half empty.
fn insert_turns(project: &mut Project, turns: &[Turn]) -> Result<(), EditError> {
    in_id_order(turns)?;
    if let Some(t) = turns.iter().find(|t| project.turns.contains_key(&t.id)) {
        return Err(EditError::AlreadyExists { kind: "turn", id: t.id });
    }
    let mut fill = CompactFill::default();
    for t in turns {
        fill.insert(t.id, t.clone());
    }
    fill.finish(&mut project.turns);
    if let Some(t) = turns.last() {
        project.last_id = project.last_id.max(t.id);
    }
    Ok(())
}

/// Removes speaker turns given in id order, all or none; each must be as given.
fn delete_turns(project: &mut Project, turns: &[Turn]) -> Result<(), EditError> {
    in_id_order(turns)?;
    for t in turns {
        match project.turns.get(&t.id) {
            None => return Err(EditError::Missing { kind: "turn", id: t.id }),
            Some(cur) if cur != t => return Err(EditError::Stale { kind: "turn", id: t.id }),
            Some(_) => {}
        }
    }
    for t in turns {
        project.turns.remove(&t.id);
    }
    Ok(())
}

fn in_id_order(turns: &[Turn]) -> Result<(), EditError> {
    match turns.windows(2).find(|w| w[0].id >= w[1].id) {
        Some(w) => Err(refused(Why::TurnOrder, &[&w[1].id])),
        None => Ok(()),
    }
}

fn apply_change(project: &mut Project, change: &Change) -> Result<(), EditError> {
    match change {
        Change::InsertTurns(turns) => insert_turns(project, turns),
        Change::DeleteTurns(turns) => delete_turns(project, turns),
        Change::Insert(e) => {
            let (id, kind) = (e.id(), e.kind());
            on_table!(project, e, |map, v| table_insert(map, id, v, kind))?;
            project.last_id = project.last_id.max(id);
            Ok(())
        }
        Change::Delete(e) => {
            let (id, kind) = (e.id(), e.kind());
            on_table!(project, e, |map, v| table_delete(map, id, v, kind))
        }
        Change::Update { before, after } => {
            let (before, after): (&Entity, &Entity) = (before, after);
            if before.id() != after.id() || std::mem::discriminant(before) != std::mem::discriminant(after) {
                return Err(EditError::Mismatch);
            }
            let (id, kind) = (after.id(), after.kind());
            match (before, after) {
                (Entity::Coder(b), Entity::Coder(a)) => table_update(&mut project.coders, id, b, a, kind),
                (Entity::Document(b), Entity::Document(a)) => table_update(&mut project.documents, id, b, a, kind),
                (Entity::AttributeDef(b), Entity::AttributeDef(a)) => {
                    table_update(&mut project.attribute_defs, id, b, a, kind)
                }
                (Entity::Case(b), Entity::Case(a)) => table_update(&mut project.cases, id, b, a, kind),
                (Entity::Turn(b), Entity::Turn(a)) => table_update(&mut project.turns, id, b, a, kind),
                (Entity::Code(b), Entity::Code(a)) => table_update(&mut project.codes, id, b, a, kind),
                (Entity::Coding(b), Entity::Coding(a)) => table_update(&mut project.codings, id, b, a, kind),
                (Entity::Memo(b), Entity::Memo(a)) => table_update(&mut project.memos, id, b, a, kind),
                _ => Err(EditError::Mismatch),
            }
        }
    }
}

impl Project {
    /// Applies `edit` atomically: either every change applies and the project is consistent, or
    /// the project is left exactly as it was and the first problem is returned.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        let last_id = self.last_id;
        let stamp = super::index::IndexCell::stamp(self);
        for (i, change) in edit.changes.iter().enumerate() {
            if let Err(e) = apply_change(self, change) {
                for done in edit.changes[..i].iter().rev() {
                    apply_change(self, &done.inverse()).expect("inverse of an applied change always applies");
                }
                self.last_id = last_id;
                return Err(e);
            }
        }
        let before = self.index.built_for(stamp);
        let checked = self.check_edit(edit, before.as_deref());
        drop(before);
        if let Err(e) = checked {
            for done in edit.changes.iter().rev() {
                apply_change(self, &done.inverse()).expect("inverse of an applied change always applies");
            }
            self.last_id = last_id;
            return Err(e);
        }
        let mut index = std::mem::take(&mut self.index);
        index.update(self, edit, stamp);
        self.index = index;
        Ok(())
    }

    /// The invariants the database also enforces, checked in memory (the project already changed
    /// by `edit`) for what `edit` touched so a bad edit never reaches the store: references exist
    /// (in both directions), coding ranges lie inside their document, sibling code names and
    /// respondent labels are unique, the code tree has no cycles. Cost is proportional to the
    /// edit; with `before`, the index of the project before the edit, a deleted document, code or
    /// coding costs what referred to it, and without, one scan of what could refer to it.
    fn check_edit(&self, edit: &Edit, before: Option<&super::index::Index>) -> Result<(), EditError> {
        let mut doc_lens: HashMap<Id, usize> = HashMap::new();
        for change in &edit.changes {
            match change {
                Change::Insert(e) => self.check_present(e, &mut doc_lens)?,
                Change::Update { after, .. } => self.check_present(after, &mut doc_lens)?,
                Change::Delete(e) => {
                    let used = match before {
                        Some(ix) => self.still_referenced(e, ix),
                        None => self.referenced(e),
                    };
                    if used {
                        return Err(refused(Why::StillInUse, &[&e.kind(), &e.id()]));
                    }
                }
                Change::InsertTurns(turns) => turns.iter().try_for_each(|t| self.check_turn(t))?,
                // Nothing refers to a speaker turn.
                Change::DeleteTurns(_) => {}
            }
        }
        Ok(())
    }

    fn check_present(&self, e: &Entity, doc_lens: &mut HashMap<Id, usize>) -> Result<(), EditError> {
        match e {
            Entity::Code(c) => {
                if c.name.trim().is_empty() {
                    return Err(refused(Why::CodeNeedsName, &[]));
                }
                if let Some(p) = c.parent {
                    if !self.codes.contains_key(&p) {
                        return Err(refused(Why::ParentMissing, &[&c.name]));
                    }
                    if p == c.id || self.ancestors(p).contains(&c.id) {
                        return Err(refused(Why::BelowItself, &[&c.name]));
                    }
                }
                if self.codes.named(c.parent, &c.name).any(|o| o.id != c.id) {
                    return Err(refused(Why::CodeNameTaken, &[&c.name]));
                }
            }
            Entity::Case(c) => {
                if c.label.trim().is_empty() {
                    return Err(refused(Why::RespondentNeedsLabel, &[]));
                }
                if self.cases.values().any(|o| o.id != c.id && o.label == c.label) {
                    return Err(refused(Why::LabelTaken, &[&c.label]));
                }
            }
            Entity::Coding(c) => {
                let Some(doc) = self.documents.get(&c.document) else {
                    return Err(refused(Why::CodingNoDocument, &[&c.id]));
                };
                if !self.codes.contains_key(&c.code) {
                    return Err(refused(Why::CodingNoCode, &[&c.id]));
                }
                if !self.coders.contains_key(&c.coder) {
                    return Err(refused(Why::CodingNoCoder, &[&c.id]));
                }
                let len = *doc_lens.entry(doc.id).or_insert_with(|| self.char_len(doc.id));
                if c.start >= c.end || c.end > len {
                    return Err(refused(Why::CodingOutside, &[&c.start, &c.end, &doc.name, &len]));
                }
            }
            Entity::Turn(t) => self.check_turn(t)?,
            Entity::Document(d) => {
                if d.case.is_some_and(|c| !self.cases.contains_key(&c)) {
                    return Err(refused(Why::DocumentNoRespondent, &[&d.name]));
                }
            }
            Entity::Memo(m) => {
                if !self.memo_target_exists(m.target) {
                    return Err(refused(Why::MemoNoSubject, &[&m.title]));
                }
            }
            Entity::Coder(c) => {
                if self.coders.values().any(|o| o.id != c.id && o.name == c.name) {
                    return Err(refused(Why::CoderNameTaken, &[&c.name]));
                }
            }
            Entity::AttributeDef(a) => {
                if self.attribute_defs.values().any(|o| o.id != a.id && o.name == a.name) {
                    return Err(refused(Why::AttributeNameTaken, &[&a.name]));
                }
            }
        }
        Ok(())
    }

    fn check_turn(&self, t: &Turn) -> Result<(), EditError> {
        if !self.documents.contains_key(&t.document) {
            return Err(refused(Why::TurnNoDocument, &[&t.id]));
        }
        if t.case.is_some_and(|c| !self.cases.contains_key(&c)) {
            return Err(refused(Why::TurnNoRespondent, &[&t.id]));
        }
        Ok(())
    }

    /// Whether anything in the project refers to `e`, read from every coding, turn and memo.
    fn referenced(&self, e: &Entity) -> bool {
        let id = e.id();
        match e {
            Entity::Document(_) => {
                self.codings.values().any(|c| c.document == id)
                    || self.turns.values().any(|t| t.document == id)
                    || self.memos.values().any(|m| m.target == MemoTarget::Document(id))
            }
            Entity::Code(_) => {
                self.codings.values().any(|c| c.code == id)
                    || self.codes.has_children(Some(id))
                    || self.memos.values().any(|m| m.target == MemoTarget::Code(id))
            }
            Entity::Coder(_) => {
                self.codings.values().any(|c| c.coder == id) || self.memos.values().any(|m| m.author == id)
            }
            Entity::Case(_) => {
                self.turns.values().any(|t| t.case == Some(id))
                    || self.documents.values().any(|d| d.case == Some(id))
                    || self.memos.values().any(|m| m.target == MemoTarget::Case(id))
            }
            Entity::Coding(_) => self.memos.values().any(|m| m.target == MemoTarget::Coding(id)),
            Entity::Turn(_) | Entity::Memo(_) | Entity::AttributeDef(_) => false,
        }
    }

    /// [`Project::referenced`] from `before`, the index of the project before the edit: what
    /// referred to `e` then is looked up there and checked against the project now. What the edit
    /// itself inserted or changed need not be: [`Project::check_present`] refuses it when it refers
    /// to something gone. Deleting a code of 5,000 codings with them, or undoing an import, then
    /// costs those codings or turns rather than 5,000 reads of every memo or one of every coding.
    /// A coder or a respondent (rarely deleted, and not indexed by what refers to them) is read as
    /// [`Project::referenced`] reads it.
    fn still_referenced(&self, e: &Entity, before: &super::index::Index) -> bool {
        let id = e.id();
        let memo_about =
            |target| before.memos_of(target).any(|m| self.memos.get(&m).is_some_and(|m| m.target == target));
        match e {
            Entity::Document(_) => {
                let coding = |c: Id| self.codings.get(&c).is_some_and(|c| c.document == id);
                let turn = |t: Id| self.turns.get(&t).is_some_and(|t| t.document == id);
                before.codings_of_document(id).iter().any(|l| coding(l.id))
                    || before.turns_in(id).any(|l| turn(l.id))
                    || memo_about(MemoTarget::Document(id))
            }
            Entity::Code(_) => {
                before.codings_of_code(id).iter().any(|p| self.codings.get(&p.id).is_some_and(|c| c.code == id))
                    || self.codes.has_children(Some(id))
                    || memo_about(MemoTarget::Code(id))
            }
            Entity::Coding(_) => memo_about(MemoTarget::Coding(id)),
            _ => self.referenced(e),
        }
    }

    pub fn memo_target_exists(&self, target: MemoTarget) -> bool {
        match target {
            MemoTarget::Project => true,
            MemoTarget::Document(id) => self.documents.contains_key(&id),
            MemoTarget::Code(id) => self.codes.contains_key(&id),
            MemoTarget::Case(id) => self.cases.contains_key(&id),
            MemoTarget::Coding(id) => self.codings.contains_key(&id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_both_languages_with_the_same_placeholders() {
        let problems = super::super::lang::check_table(Why::ALL, Why::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    fn project_with_a_document() -> Project {
        let mut p = Project::default();
        let text: Arc<str> = "I: x\nR1: y\n".repeat(4).into();
        p.documents.insert(
            1,
            Document {
                id: 1,
                name: "d".into(),
                text,
                source_name: String::new(),
                imported_at: 0,
                text_hash: String::new(),
                fingerprint: Default::default(),
                case: None,
                group: String::new(),
            },
        );
        p.last_id = 1;
        p
    }

    fn turns(ids: impl IntoIterator<Item = Id>) -> Arc<[Turn]> {
        let speaker = Speaker::from("R1");
        ids.into_iter()
            .map(|id| Turn {
                id,
                document: 1,
                start: 5 * id as usize,
                end: 5 * id as usize + 4,
                speaker: speaker.clone(),
                case: None,
                start_ms: None,
            })
            .collect()
    }

    /// Whether a deletion is refused because something still refers to what it deletes reads
    /// alike from the index and from every coding, turn and memo: for each edit below, a project
    /// whose index is built and a copy whose index is not agree, and both with what is expected.
    #[test]
    fn a_deletion_is_refused_or_allowed_alike_with_and_without_the_index() {
        use super::super::actions::{self, NewCode, NewDocument, OnCodings};
        let mut p = project_with_a_document();
        p.apply(&Edit::new("turns").with(Change::InsertTurns(turns(2..4)))).unwrap();
        let (anna, e) = actions::ensure_coder(&p, "Anna").unwrap();
        p.apply(&e).unwrap();
        let text = "R2: een tweede gesprek, lang genoeg";
        let (other, e) =
            actions::add_document(&p, NewDocument { name: "d2", text, source_name: "", turns: vec![] }).unwrap();
        p.apply(&e).unwrap();
        let code = |name, parent| NewCode { parent, name, kind: None, color: None, description: "" };
        let (concept, e) = actions::add_code(&p, code("Vertrouwen", None)).unwrap();
        p.apply(&e).unwrap();
        let (indicator, e) = actions::add_code(&p, code("Uitleg", Some(concept))).unwrap();
        p.apply(&e).unwrap();
        let (coding, e) = actions::add_coding(&p, 1, 0, 4, indicator, anna).unwrap();
        p.apply(&e).unwrap();
        for target in [MemoTarget::Coding(coding), MemoTarget::Document(1)] {
            p.apply(&actions::set_memo(&p, target, "", "waarom", anna).unwrap()).unwrap();
        }
        let entity = |e: Entity| Change::Delete(e);
        let doc1 = Entity::Document(p.documents[&1].clone());
        let moved = {
            let mut k = p.codings[&coding].clone();
            k.document = other;
            let mut e = actions::remove_document(&p, 1).unwrap();
            e.changes.retain(|c| match c {
                Change::Delete(Entity::Coding(_)) => false,
                Change::Delete(Entity::Memo(m)) => m.target != MemoTarget::Coding(coding),
                _ => true,
            });
            e.changes.insert(0, Change::update(Entity::Coding(p.codings[&coding].clone()), Entity::Coding(k)));
            e
        };
        let coded_meanwhile = {
            let (_, mut e) = actions::add_coding(&p, 1, 5, 9, indicator, anna).unwrap();
            e.extend(actions::remove_document(&p, 1).unwrap());
            e
        };
        let cases: [(&str, Edit, bool); 9] = [
            ("a transcript still coded", Edit::new("").with(entity(doc1)), false),
            ("a transcript with all that refers to it", actions::remove_document(&p, 1).unwrap(), true),
            ("a concept with an indicator", Edit::new("").with(entity(Entity::Code(p.codes[&concept].clone()))), false),
            ("a concept with all below it", actions::delete_code(&p, concept, OnCodings::Delete).unwrap(), true),
            ("a coding with a memo", Edit::new("").with(entity(Entity::Coding(p.codings[&coding].clone()))), false),
            ("a coding with its memo", actions::remove_codings(&p, &[coding]).unwrap(), true),
            ("a transcript whose coding moves away in the same edit", moved, true),
            ("a transcript coded in the same edit", coded_meanwhile, false),
            ("a coder with codings", Edit::new("").with(entity(Entity::Coder(p.coders[&anna].clone()))), false),
        ];
        for (what, edit, allowed) in cases {
            let mut indexed = p.clone();
            let _ = indexed.index();
            let mut scanned = p.clone();
            assert!(indexed.index.built_for(super::super::index::IndexCell::stamp(&indexed)).is_some());
            assert!(scanned.index.built_for(super::super::index::IndexCell::stamp(&scanned)).is_none());
            assert_eq!(indexed.apply(&edit).is_ok(), allowed, "{what}, with the index");
            assert_eq!(scanned.apply(&edit).is_ok(), allowed, "{what}, without");
        }
    }

    #[test]
    fn turns_added_together_apply_whole_or_not_at_all_and_undo_exactly() {
        let mut p = project_with_a_document();
        let empty = p.clone();
        let add = Edit::new("Import d").with(Change::InsertTurns(turns(2..6)));
        p.apply(&add).unwrap();
        assert_eq!(p.turns.len(), 4);
        assert_eq!(p.last_id, 5);
        assert_eq!(p.turns_of_document(1).iter().map(|t| t.id).collect::<Vec<_>>(), [2, 3, 4, 5]);
        let added = p.clone();

        // One that exists already, one given twice, ids out of order: nothing is added.
        for bad in [turns([5, 6]), turns([6, 7, 7]), turns([8, 6])] {
            let e = Edit::new("bad").with(Change::InsertTurns(bad));
            assert!(p.apply(&e).is_err(), "{e:?}");
            assert_eq!(p, added);
        }
        // A turn that is not as the change says (changed meanwhile): nothing is removed.
        let mut stale = turns(2..6).to_vec();
        stale[3].case = Some(1);
        assert!(matches!(
            p.apply(&Edit::new("bad").with(Change::DeleteTurns(stale.into()))),
            Err(EditError::Stale { kind: "turn", id: 5 })
        ));
        assert_eq!(p, added);
        // A turn of a document that does not exist: refused, nothing added.
        let mut stray = turns([9]).to_vec();
        stray[0].document = 99;
        assert!(p.apply(&Edit::new("bad").with(Change::InsertTurns(stray.into()))).is_err());
        assert_eq!(p, added);

        p.apply(&add.inverse()).unwrap();
        assert_eq!(p, empty);
        assert!(p.turns_of_document(1).is_empty());
        p.apply(&add).unwrap();
        assert_eq!(p, added);
        assert_eq!(add.changes[0].describe(), "+4 speaker turns, ids 2 to 5");
    }
}
