//! One mapping per entity between the model and its table: the table's name, its columns in
//! order, how a value binds to a row ([`Row::bind`]) and how a row reads back ([`Row::read`]).
//! Writing an edit (`put`) and loading a project both go through these, so a field is added in
//! one place; the tests check every column list against the schema and round-trip a project with
//! every field set. A case's attributes live in their own table (`case_attributes`, one row per
//! attribute) and are written and read beside the case's row.
//!
//! Hand-written rather than an ORM (diesel, sea-orm): eight small tables, and the store needs
//! exact control over transactions and statements for durability.

use super::{Result, StoreError, Texts};
use crate::core::model::*;
use rusqlite::{Connection, ToSql};
use std::sync::Arc;

/// An entity stored as one row of one table.
pub(super) trait Row: Sized {
    const TABLE: &'static str;
    /// The columns, in the order [`Row::bind`] gives their values and [`Row::read`] reads them.
    const COLUMNS: &'static [&'static str];
    /// Columns a load without texts ([`Texts::None`]) reads as `''`: large values read later, by
    /// id, only where a verb needs them.
    const DEFERRED: &'static [&'static str] = &[];
    /// Calls `f` with the values of [`Row::COLUMNS`] (borrowed: a transcript is not copied).
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R;
    /// The value of a row selected with [`Row::COLUMNS`].
    fn read(r: &rusqlite::Row) -> Result<Self>;
}

/// `INSERT OR REPLACE INTO table(columns) VALUES (…), (…)` for `rows` rows.
pub(super) fn insert_sql<T: Row>(rows: usize) -> String {
    let n = T::COLUMNS.len();
    let row = |r: usize| format!("({})", (1..=n).map(|i| format!("?{}", r * n + i)).collect::<Vec<_>>().join(", "));
    let values: Vec<String> = (0..rows).map(row).collect();
    format!("INSERT OR REPLACE INTO {}({}) VALUES {}", T::TABLE, T::COLUMNS.join(", "), values.join(", "))
}

/// Writes `v`'s row, replacing any row with the same id.
pub(super) fn put_row<T: Row>(conn: &Connection, v: &T) -> rusqlite::Result<()> {
    put_rows(conn, std::slice::from_ref(v))
}

/// Rows one statement writes: an import's thousands of speaker turns cost a statement per
/// [`ROWS_PER_INSERT`], not one a turn (each step of a statement costs about as much as the row
/// it writes). 64 rows of the widest table bind 576 values, far below SQLite's limit.
const ROWS_PER_INSERT: usize = 64;

/// Writes the rows of `values`, [`ROWS_PER_INSERT`] to a statement, the statements built and
/// looked up once per size.
pub(super) fn put_rows<T: Row>(conn: &Connection, values: &[T]) -> rusqlite::Result<()> {
    let chunks = values.chunks_exact(ROWS_PER_INSERT);
    let rest = chunks.remainder();
    if chunks.len() > 0 {
        let mut st = conn.prepare_cached(&insert_sql::<T>(ROWS_PER_INSERT))?;
        chunks.into_iter().try_for_each(|chunk| insert_into(&mut st, chunk))?;
    }
    if !rest.is_empty() {
        insert_into(&mut conn.prepare_cached(&insert_sql::<T>(rest.len()))?, rest)?;
    }
    Ok(())
}

/// Binds the values of `rows` to `st`, built by [`insert_sql`] for as many rows, and runs it.
fn insert_into<T: Row>(st: &mut rusqlite::CachedStatement, rows: &[T]) -> rusqlite::Result<()> {
    let n = T::COLUMNS.len();
    for (r, v) in rows.iter().enumerate() {
        v.bind(|values| {
            values.iter().enumerate().try_for_each(|(j, value)| st.raw_bind_parameter(r * n + j + 1, value))
        })?;
    }
    st.raw_execute().map(|_| ())
}

/// Every row of `T`'s table, handed to `each`; with [`Texts::None`] its [`Row::DEFERRED`] columns
/// are read as empty.
pub(super) fn read_rows<T: Row>(conn: &Connection, texts: Texts, mut each: impl FnMut(T)) -> Result<()> {
    let columns: Vec<String> = T::COLUMNS
        .iter()
        .map(|&c| match texts {
            Texts::None if T::DEFERRED.contains(&c) => format!("'' AS {c}"),
            _ => c.to_string(),
        })
        .collect();
    let mut st = conn.prepare(&format!("SELECT {} FROM {}", columns.join(", "), T::TABLE))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        each(T::read(r)?);
    }
    Ok(())
}

/// The text in column `i`, borrowed from SQLite's buffer.
pub(super) fn text_at<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// Offsets are stored as SQLite integers; a negative one is damage, not a position.
fn usize_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<usize> {
    let v: i64 = r.get(i)?;
    usize::try_from(v).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(i, v))
}

fn offset(v: usize) -> i64 {
    v as i64
}

impl Row for Coder {
    const TABLE: &'static str = "coders";
    const COLUMNS: &'static [&'static str] = &["id", "name"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[&self.id, &self.name])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        Ok(Coder { id: r.get(0)?, name: r.get(1)? })
    }
}

impl Row for Document {
    const TABLE: &'static str = "documents";
    const COLUMNS: &'static [&'static str] =
        &["id", "name", "text", "source_name", "imported_at", "text_hash", "case_id", "group_label", "fingerprint"];
    const DEFERRED: &'static [&'static str] = &["text"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        let text: &str = &self.text;
        let fingerprint: &[u8] = &self.fingerprint;
        f(&[
            &self.id,
            &self.name,
            &text,
            &self.source_name,
            &self.imported_at,
            &self.text_hash,
            &self.case,
            &self.group,
            &fingerprint,
        ])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        let id: Id = r.get(0)?;
        // Straight from SQLite's buffer into the shared text: one copy, not two.
        let text: Arc<str> = Arc::from(text_at(r, 2)?);
        let fingerprint = match r.get::<_, Option<Vec<u8>>>(8)?.map(crate::core::text::Fingerprint::try_from) {
            Some(Ok(f)) => f,
            // Every document has its fingerprint since the migration that added the column; a
            // row without one (edited by hand) is fingerprinted here rather than refused.
            _ => crate::core::text::content_fingerprint(&text),
        };
        Ok(Document {
            id,
            name: r.get(1)?,
            text,
            source_name: r.get(3)?,
            imported_at: r.get(4)?,
            text_hash: r.get(5)?,
            case: r.get(6)?,
            group: r.get(7)?,
            fingerprint,
        })
    }
}

impl Row for AttributeDef {
    const TABLE: &'static str = "attribute_defs";
    const COLUMNS: &'static [&'static str] = &["id", "name", "kind"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[&self.id, &self.name, &self.kind.as_str()])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        let kind: String = r.get(2)?;
        let kind =
            AttributeKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("unknown attribute type {kind}")))?;
        Ok(AttributeDef { id: r.get(0)?, name: r.get(1)?, kind })
    }
}

/// The case's own row; its attributes are rows of `case_attributes` (see the module docs).
impl Row for Case {
    const TABLE: &'static str = "cases";
    const COLUMNS: &'static [&'static str] = &["id", "label", "aliases", "description"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        let aliases = serde_json::to_string(&self.aliases).expect("strings serialise");
        f(&[&self.id, &self.label, &aliases, &self.description])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        let label: String = r.get(1)?;
        let aliases: String = r.get(2)?;
        let aliases =
            serde_json::from_str(&aliases).map_err(|e| StoreError::Corrupt(format!("aliases of {label}: {e}")))?;
        Ok(Case { id: r.get(0)?, label, aliases, attributes: Default::default(), description: r.get(3)? })
    }
}

impl Row for Turn {
    const TABLE: &'static str = "turns";
    const COLUMNS: &'static [&'static str] = &["id", "document_id", "start", "end", "speaker", "case_id", "start_ms"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        let start_ms = self.start_ms.map(|ms| ms.min(i64::MAX as u64) as i64);
        let speaker: &str = &self.speaker;
        f(&[&self.id, &self.document, &offset(self.start), &offset(self.end), &speaker, &self.case, &start_ms])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        Ok(Turn {
            id: r.get(0)?,
            document: r.get(1)?,
            start: usize_at(r, 2)?,
            end: usize_at(r, 3)?,
            speaker: Speaker::from(r.get::<_, String>(4)?),
            case: r.get(5)?,
            start_ms: r.get::<_, Option<i64>>(6)?.map(|ms| ms.max(0) as u64),
        })
    }
}

impl Row for Code {
    const TABLE: &'static str = "codes";
    const COLUMNS: &'static [&'static str] =
        &["id", "parent_id", "name", "kind", "color", "description", "codable", "position"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[
            &self.id,
            &self.parent,
            &self.name,
            &self.kind.as_str(),
            &self.color.hex(),
            &self.description,
            &self.codable,
            &self.position,
        ])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        let kind: String = r.get(3)?;
        Ok(Code {
            id: r.get(0)?,
            parent: r.get(1)?,
            name: r.get(2)?,
            kind: CodeKind::parse(&kind).unwrap_or(CodeKind::Code),
            // An old or hand-edited project may hold an empty or unreadable colour: grey, not
            // a project that no longer opens.
            color: crate::core::Color::or_neutral(&r.get::<_, String>(4)?),
            description: r.get(5)?,
            codable: r.get(6)?,
            position: r.get(7)?,
        })
    }
}

impl Row for Coding {
    const TABLE: &'static str = "codings";
    const COLUMNS: &'static [&'static str] =
        &["id", "document_id", "start", "end", "code_id", "coder_id", "created_at", "memo"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[
            &self.id,
            &self.document,
            &offset(self.start),
            &offset(self.end),
            &self.code,
            &self.coder,
            &self.created_at,
            &self.memo,
        ])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        Ok(Coding {
            id: r.get(0)?,
            document: r.get(1)?,
            start: usize_at(r, 2)?,
            end: usize_at(r, 3)?,
            code: r.get(4)?,
            coder: r.get(5)?,
            created_at: r.get(6)?,
            memo: r.get(7)?,
        })
    }
}

impl Row for Memo {
    const TABLE: &'static str = "memos";
    const COLUMNS: &'static [&'static str] =
        &["id", "target_kind", "target_id", "title", "text", "author_id", "updated_at"];
    fn bind<R>(&self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        let (kind, target) = memo_target_parts(self.target);
        f(&[&self.id, &kind, &target, &self.title, &self.text, &self.author, &self.updated_at])
    }
    fn read(r: &rusqlite::Row) -> Result<Self> {
        let kind: String = r.get(1)?;
        Ok(Memo {
            id: r.get(0)?,
            target: memo_target_from(&kind, r.get(2)?)?,
            title: r.get(3)?,
            text: r.get(4)?,
            author: r.get(5)?,
            updated_at: r.get(6)?,
        })
    }
}

fn memo_target_parts(t: MemoTarget) -> (&'static str, Option<Id>) {
    match t {
        MemoTarget::Project => ("project", None),
        MemoTarget::Document(id) => ("document", Some(id)),
        MemoTarget::Code(id) => ("code", Some(id)),
        MemoTarget::Case(id) => ("case", Some(id)),
        MemoTarget::Coding(id) => ("coding", Some(id)),
    }
}

fn memo_target_from(kind: &str, id: Option<Id>) -> rusqlite::Result<MemoTarget> {
    Ok(match (kind, id) {
        ("project", _) => MemoTarget::Project,
        ("document", Some(id)) => MemoTarget::Document(id),
        ("code", Some(id)) => MemoTarget::Code(id),
        ("case", Some(id)) => MemoTarget::Case(id),
        ("coding", Some(id)) => MemoTarget::Coding(id),
        _ => {
            return Err(rusqlite::Error::InvalidColumnType(1, kind.into(), rusqlite::types::Type::Text));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::{Edit, Entity};
    use crate::store::Store;

    /// The columns of a case's attribute rows, written and read beside the case (see `put`).
    const CASE_ATTRIBUTES: (&str, &[&str]) = ("case_attributes", &["case_id", "name", "value"]);

    /// Every table with its mapped columns.
    fn mappings() -> Vec<(&'static str, &'static [&'static str])> {
        vec![
            (Coder::TABLE, Coder::COLUMNS),
            (Document::TABLE, Document::COLUMNS),
            (AttributeDef::TABLE, AttributeDef::COLUMNS),
            (Case::TABLE, Case::COLUMNS),
            CASE_ATTRIBUTES,
            (Turn::TABLE, Turn::COLUMNS),
            (Code::TABLE, Code::COLUMNS),
            (Coding::TABLE, Coding::COLUMNS),
            (Memo::TABLE, Memo::COLUMNS),
        ]
    }

    #[test]
    fn every_mapping_names_exactly_the_columns_its_table_has() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("p.werkbank"), "p").unwrap();
        let mut tables: Vec<String> = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('meta', 'edit_log') AND name NOT LIKE 'sqlite_%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        tables.sort();
        let mut mapped: Vec<String> = mappings().iter().map(|(t, _)| t.to_string()).collect();
        mapped.sort();
        assert_eq!(mapped, tables, "every entity table has a mapping");
        for (table, columns) in mappings() {
            let mut schema: Vec<String> = store
                .conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            schema.sort();
            let mut mine: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
            mine.sort();
            assert_eq!(mine, schema, "columns of {table}");
        }
    }

    /// A project in which every field of every entity holds something other than its default.
    fn everything() -> Edit {
        let text = "I: Hoe begon het?\nR3: Met een brief van de gemeente 🙂.\n";
        Edit::new("Everything")
            .insert(Entity::Coder(Coder { id: 1, name: "Anna de Vries".into() }))
            .insert(Entity::AttributeDef(AttributeDef { id: 2, name: "functie".into(), kind: AttributeKind::Integer }))
            .insert(Entity::Case(Case {
                id: 3,
                label: "R3".into(),
                aliases: vec!["Jan Jansen".into(), "J.".into()],
                attributes: [("functie".to_string(), "12".to_string()), ("regio".into(), "Noord".into())].into(),
                description: "Wethouder, 2e gesprek".into(),
            }))
            .insert(Entity::Document(Document {
                id: 4,
                name: "Interview R3".into(),
                text: Arc::from(text),
                source_name: "r3.docx".into(),
                imported_at: 1_700_000_000,
                text_hash: crate::core::text::text_hash(text),
                fingerprint: crate::core::text::content_fingerprint(text),
                case: Some(3),
                group: "gemeente".into(),
            }))
            .insert(Entity::Turn(Turn {
                id: 5,
                document: 4,
                start: 18,
                end: 52,
                speaker: "R3".into(),
                case: Some(3),
                start_ms: Some(61_500),
            }))
            .insert(Entity::Code(Code {
                id: 6,
                parent: None,
                name: "Vertrouwen".into(),
                kind: CodeKind::Concept,
                color: crate::core::Color::from_u24(0x1f77b4),
                description: "Alles over vertrouwen".into(),
                codable: false,
                position: 3,
            }))
            .insert(Entity::Code(Code {
                id: 7,
                parent: Some(6),
                name: "Institutioneel".into(),
                kind: CodeKind::Dimension,
                color: crate::core::Color::from_u24(0xff7f0e),
                description: "".into(),
                codable: true,
                position: 1,
            }))
            .insert(Entity::Coding(Coding {
                id: 8,
                document: 4,
                start: 22,
                end: 50,
                code: 7,
                coder: 1,
                created_at: 1_700_000_100,
                memo: "sterk citaat".into(),
            }))
            .insert(Entity::Memo(Memo {
                id: 9,
                target: MemoTarget::Coding(8),
                title: "Brief".into(),
                text: "Terugkomen in H4".into(),
                author: 1,
                updated_at: 1_700_000_200,
            }))
            .insert(Entity::Memo(Memo {
                id: 10,
                target: MemoTarget::Project,
                title: "Logboek".into(),
                text: "Start".into(),
                author: 1,
                updated_at: 1_700_000_300,
            }))
    }

    #[test]
    fn a_project_with_every_field_set_round_trips_through_the_store_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.werkbank");
        let edit = everything();
        let mut expected = Project::default();
        expected.apply(&edit).unwrap();
        drop(Store::create_with(&path, "Scriptie", Some((&edit, "Anna de Vries"))).unwrap());
        let loaded = Store::open(&path).unwrap().load().unwrap();
        assert_eq!(loaded.name, "Scriptie");
        assert_eq!(loaded.coders, expected.coders);
        assert_eq!(loaded.attribute_defs, expected.attribute_defs);
        assert_eq!(loaded.cases, expected.cases);
        assert_eq!(loaded.documents, expected.documents);
        assert_eq!(loaded.turns, expected.turns);
        assert_eq!(*loaded.codes, *expected.codes);
        assert_eq!(loaded.codings, expected.codings);
        assert_eq!(loaded.memos, expected.memos);
    }

    #[test]
    fn turns_written_many_rows_to_a_statement_read_back_as_they_were() {
        // Two full statements and a remainder, with each nullable column both set and empty.
        for n in [1, ROWS_PER_INSERT, 2 * ROWS_PER_INSERT + 5] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("p.werkbank");
            let mut edit = everything();
            let turns: Vec<Turn> = (0..n)
                .map(|i| Turn {
                    id: 100 + i as Id,
                    document: 4,
                    start: i,
                    end: i + 1,
                    speaker: if i % 2 == 0 { "I".into() } else { format!("R{i}").as_str().into() },
                    case: (i % 3 == 0).then_some(3),
                    start_ms: (i % 4 == 0).then_some(1_000 * i as u64),
                })
                .collect();
            edit.push(crate::core::edit::Change::InsertTurns(turns.into()));
            let mut expected = Project::default();
            expected.apply(&edit).unwrap();
            drop(Store::create_with(&path, "Scriptie", Some((&edit, "Anna"))).unwrap());
            let loaded = Store::open(&path).unwrap().load().unwrap();
            assert_eq!(loaded.turns.len(), n + 1);
            assert_eq!(loaded.turns, expected.turns, "{n} turns");
        }
    }
}
