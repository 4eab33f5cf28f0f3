//! The code tree as a table with its own indexes: children by parent (in sibling order) and codes by
//! (parent, name).
//!
//! Codebooks of tens of thousands of codes are real (imported NVivo trees, generated indicator
//! lists), and every tree operation — listing children, checking that a sibling name is unique,
//! finding a code by its path, writing a REFI or codebook export — asked "which codes have this
//! parent?" by scanning every code, which made imports and exports quadratic. The table keeps the
//! map and both indexes together, so reads are plain `BTreeMap` reads (through `Deref`) and every
//! mutation goes through [`CodeTable::insert`] / [`CodeTable::remove`], which keep the indexes
//! exact. There is deliberately no `DerefMut`: a caller cannot change a code behind the indexes'
//! back.

use super::model::{Code, Id};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

/// All codes by id, with children-by-parent and name-by-parent indexes.
#[derive(Clone, Default)]
pub struct CodeTable {
    map: BTreeMap<Id, Code>,
    /// `(parent, position, id)`: the children of one parent are one contiguous, sibling-ordered range.
    children: BTreeSet<(Option<Id>, i64, Id)>,
    /// `(parent, name, id)`: a sibling with a given name is one range lookup away. Several ids may
    /// share a key while an edit is half applied (a swap of two names); the edit check refuses an
    /// edit that leaves them so.
    names: BTreeSet<(Option<Id>, String, Id)>,
}

impl CodeTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts or replaces the code stored under `id` (which must equal `code.id`, as in the map it
    /// replaces) and returns the one it replaced.
    pub fn insert(&mut self, id: Id, code: Code) -> Option<Code> {
        debug_assert_eq!(id, code.id, "a code is stored under its own id");
        let old = self.remove(&id);
        self.children.insert((code.parent, code.position, id));
        self.names.insert((code.parent, code.name.clone(), id));
        self.map.insert(id, code);
        old
    }

    pub fn remove(&mut self, id: &Id) -> Option<Code> {
        let old = self.map.remove(id)?;
        self.children.remove(&(old.parent, old.position, old.id));
        self.names.remove(&(old.parent, old.name.clone(), old.id));
        Some(old)
    }

    /// The children of `parent` (`None` = top level) in sibling order (position, then id).
    pub fn children_of(&self, parent: Option<Id>) -> impl DoubleEndedIterator<Item = &Code> + '_ {
        self.children.range((parent, i64::MIN, Id::MIN)..=(parent, i64::MAX, Id::MAX)).map(|&(_, _, id)| &self.map[&id])
    }

    /// Whether `parent` has any child.
    pub fn has_children(&self, parent: Option<Id>) -> bool {
        self.children_of(parent).next().is_some()
    }

    /// The codes directly below `parent` that are called `name` (normally at most one).
    pub fn named(&self, parent: Option<Id>, name: &str) -> impl Iterator<Item = &Code> + '_ {
        let key = |id| (parent, name.to_string(), id);
        self.names.range(key(Id::MIN)..=key(Id::MAX)).map(|(_, _, id)| &self.map[id])
    }
}

impl Deref for CodeTable {
    type Target = BTreeMap<Id, Code>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<'a> IntoIterator for &'a CodeTable {
    type Item = (&'a Id, &'a Code);
    type IntoIter = std::collections::btree_map::Iter<'a, Id, Code>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl FromIterator<(Id, Code)> for CodeTable {
    fn from_iter<I: IntoIterator<Item = (Id, Code)>>(iter: I) -> Self {
        let mut t = CodeTable::new();
        for (id, c) in iter {
            t.insert(id, c);
        }
        t
    }
}

impl From<BTreeMap<Id, Code>> for CodeTable {
    fn from(map: BTreeMap<Id, Code>) -> Self {
        map.into_iter().collect()
    }
}

impl PartialEq for CodeTable {
    fn eq(&self, o: &Self) -> bool {
        self.map == o.map
    }
}

impl Eq for CodeTable {}

impl std::fmt::Debug for CodeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.map.fmt(f)
    }
}

impl Serialize for CodeTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(s)
    }
}

impl<'de> Deserialize<'de> for CodeTable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<Id, Code>::deserialize(d).map(CodeTable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::CodeKind;

    fn code(id: Id, parent: Option<Id>, name: &str, position: i64) -> Code {
        Code {
            id,
            parent,
            name: name.into(),
            kind: CodeKind::Code,
            color: crate::core::Color::from_u24(0x000000),
            description: String::new(),
            codable: true,
            position,
        }
    }

    fn kids(t: &CodeTable, parent: Option<Id>) -> Vec<Id> {
        t.children_of(parent).map(|c| c.id).collect()
    }

    #[test]
    fn children_follow_moves_renames_and_removals() {
        let mut t = CodeTable::new();
        for c in [code(1, None, "A", 0), code(2, None, "B", 1), code(3, Some(1), "x", 1), code(4, Some(1), "y", 0)] {
            t.insert(c.id, c);
        }
        assert_eq!(kids(&t, None), [1, 2]);
        assert_eq!(kids(&t, Some(1)), [4, 3], "sibling order is by position, not id");
        assert_eq!(t.named(Some(1), "x").map(|c| c.id).collect::<Vec<_>>(), [3]);

        // Move x below B and rename it: both indexes follow.
        let old = t.insert(3, code(3, Some(2), "z", 0)).unwrap();
        assert_eq!(old.name, "x");
        assert_eq!(kids(&t, Some(1)), [4]);
        assert_eq!(kids(&t, Some(2)), [3]);
        assert_eq!(t.named(Some(1), "x").count(), 0);
        assert_eq!(t.named(Some(2), "z").count(), 1);

        t.remove(&4);
        assert!(!t.has_children(Some(1)));
        assert_eq!(t.len(), 3);
        assert_eq!(t.named(Some(1), "y").count(), 0);
    }

    #[test]
    fn a_table_read_back_from_json_has_working_indexes() {
        let t: CodeTable = [code(1, None, "A", 0), code(2, Some(1), "B", 0)].into_iter().map(|c| (c.id, c)).collect();
        let back: CodeTable = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        assert_eq!(kids(&back, Some(1)), [2]);
    }
}
