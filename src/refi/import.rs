//! Reading REFI-QDA projects and codebooks into one insert-only [`Edit`], leniently: real files
//! from NVivo, ATLAS.ti, MAXQDA and QualCoder bend the standard (lower-case `sources/`, bare
//! `plainTextPath`s, UTF-16 offsets, empty text files beside a .docx), and a researcher is better
//! served by an import with a clear report than by a refusal.

use super::archive::{self, Archive};
use super::guid::norm;
use super::offsets::{SourceText, Units, Vote};
use super::xml::{self, Element};
use super::{
    ImportOptions, ImportReport, MEMO_SEPARATOR, RefiError, RefiImport, TURN_PREFIX, memo_paragraph,
    strip_memo_paragraph,
};
use crate::core::text::text_hash;
use crate::core::*;
use crate::input::xml::decode_xml;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

pub fn import_qdpx(bytes: &[u8], project: &Project) -> Result<RefiImport, RefiError> {
    import_qdpx_with(bytes, project, &ImportOptions::default())
}

pub fn import_qdc(bytes: &[u8], project: &Project) -> Result<RefiImport, RefiError> {
    import_qdc_with(bytes, project, &ImportOptions::default())
}

fn looks_like_xml(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = b.iter().find(|c| !c.is_ascii_whitespace());
    first == Some(&b'<') || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

/// Imports a `.qdpx` archive (or, leniently, a bare `project.qde` XML document).
pub fn import_qdpx_with(bytes: &[u8], project: &Project, opts: &ImportOptions) -> Result<RefiImport, RefiError> {
    let (root, archive) = if looks_like_xml(bytes) {
        let src = decode_xml(bytes, "project.qde")?;
        (xml::parse(&src, "project.qde")?, None)
    } else {
        let mut ar = archive::open(bytes, opts.limits)?;
        let idx = archive::project_entry(&ar)?;
        let name = ar.names()[idx].clone();
        let data = ar.read(idx)?;
        let src = decode_xml(&data, &name)?;
        (xml::parse(&src, &name)?, Some(ar))
    };
    if root.name != "Project" {
        return Err(RefiError::Format(format!("the root element is <{}>, expected <Project>", root.name)));
    }
    let mut imp = Importer::new(project, opts, "qdpx");
    imp.archive = archive;
    imp.project_file(&root)?;
    Ok(imp.finish())
}

/// Imports a `.qdc` codebook (XML, or leniently a zip holding one).
pub fn import_qdc_with(bytes: &[u8], project: &Project, opts: &ImportOptions) -> Result<RefiImport, RefiError> {
    let root = if looks_like_xml(bytes) {
        let src = decode_xml(bytes, "codebook")?;
        xml::parse(&src, "codebook")?
    } else {
        let mut ar = archive::open(bytes, opts.limits)?;
        let idx = (0..ar.names().len())
            .find(|&i| ar.names()[i].to_ascii_lowercase().ends_with(".qdc"))
            .ok_or_else(|| RefiError::Format("the archive contains no .qdc codebook".into()))?;
        let name = ar.names()[idx].clone();
        let data = ar.read(idx)?;
        xml::parse(&decode_xml(&data, &name)?, &name)?
    };
    let codes = match root.name.as_str() {
        "CodeBook" => root.child("Codes"),
        "Project" => root.child("CodeBook").and_then(|c| c.child("Codes")),
        other => return Err(RefiError::Format(format!("the root element is <{other}>, expected <CodeBook>"))),
    };
    let mut imp = Importer::new(project, opts, "qdc");
    if let Some(codes) = codes {
        imp.codes(codes, None);
    }
    if root.child("Sets").is_some_and(|s| !s.children.is_empty()) {
        imp.report.skipped.push("code sets in the codebook are not imported".into());
    }
    Ok(imp.finish())
}

fn parse_time(s: Option<&str>) -> Option<Timestamp> {
    let s = s?.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp());
        }
    }
    None
}

/// One text source read from the file, before positions are mapped.
struct PendingSource<'a> {
    el: &'a Element,
    name: String,
    guid: String,
    text: SourceText,
}

struct Importer<'p> {
    project: &'p Project,
    archive: Option<Archive<'p>>,
    file_label: String,
    fallback_coder_name: String,
    source_name: Option<String>,
    next_id: Id,
    changes: Vec<Entity>,
    report: ImportReport,
    // Lookups over existing + new entities.
    code_by_path: HashMap<(Option<Id>, String), Id>,
    sibling_count: HashMap<Option<Id>, i64>,
    code_by_guid: HashMap<String, Id>,
    coder_by_name: HashMap<String, Id>,
    coder_by_guid: HashMap<String, Id>,
    fallback_coder: Option<Id>,
    case_by_label: HashMap<String, Id>,
    case_by_guid: HashMap<String, Id>,
    new_cases: HashSet<Id>,
    attr_by_name: HashMap<String, (Id, AttributeKind)>,
    /// Project documents by text hash, and those a source of this file already matched: sources
    /// with equal texts (a passage quoted twice, a re-sent transcript) stay separate documents.
    doc_by_hash: HashMap<String, Vec<Id>>,
    docs_claimed: HashSet<Id>,
    doc_by_guid: HashMap<String, Id>,
    new_docs: BTreeMap<Id, Document>,
    /// (document, start, end, code, coder) -> the coding, of the project and of this file: an
    /// identical coding is never added twice.
    codings_seen: HashMap<(Id, usize, usize, Id, Id), Id>,
    /// The same keys, of this file only: a second one is a duplicate within the file.
    codings_in_file: HashSet<(Id, usize, usize, Id, Id)>,
    new_codings: BTreeMap<Id, Coding>,
    /// Coding/selection GUID -> coding ids it produced (new or matched).
    codings_by_guid: HashMap<String, Vec<Id>>,
    /// Selection GUID -> document, for notes on selections without codings.
    selection_doc: HashMap<String, Id>,
    /// Selection GUID -> the case that refers to it (`Case/SelectionRef`).
    case_selections: HashMap<String, Id>,
    /// Turns already in the project or the file; their speakers share one tag each.
    turns_seen: HashSet<(Id, usize, usize, Speaker)>,
    speakers: SpeakerPool,
    /// `Description` of new documents and of new codings' selections, until notes are matched.
    doc_desc: BTreeMap<Id, String>,
    coding_desc: BTreeMap<Id, String>,
    /// NVivo export artefact: every coding has one user and one time; the coder is the selection's.
    coder_from_selection: bool,
}

impl<'p> Importer<'p> {
    fn new(project: &'p Project, opts: &ImportOptions, ext: &str) -> Self {
        let file_label = opts.file_name.clone().unwrap_or_else(|| format!("REFI-QDA {ext} file"));
        let fallback_coder_name = opts
            .file_name
            .as_deref()
            .map(|f| {
                let base = f.rsplit(['/', '\\']).next().unwrap_or(f);
                base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base).to_string()
            })
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "imported".to_string());
        let mut code_by_path = HashMap::new();
        let mut sibling_count: HashMap<Option<Id>, i64> = HashMap::new();
        for c in project.codes.values() {
            code_by_path.insert((c.parent, c.name.clone()), c.id);
            let e = sibling_count.entry(c.parent).or_insert(0);
            *e = (*e).max(c.position + 1);
        }
        Importer {
            project,
            archive: None,
            file_label,
            fallback_coder_name,
            source_name: opts.file_name.clone(),
            next_id: project.last_id.max(project.max_used_id()) + 1,
            changes: Vec::new(),
            report: ImportReport::default(),
            code_by_path,
            sibling_count,
            code_by_guid: HashMap::new(),
            coder_by_name: project.coders.values().map(|c| (c.name.clone(), c.id)).collect(),
            coder_by_guid: HashMap::new(),
            fallback_coder: None,
            case_by_label: project.cases.values().map(|c| (c.label.clone(), c.id)).collect(),
            case_by_guid: HashMap::new(),
            new_cases: HashSet::new(),
            attr_by_name: project.attribute_defs.values().map(|a| (a.name.clone(), (a.id, a.kind))).collect(),
            doc_by_hash: project.documents.values().fold(HashMap::new(), |mut m, d| {
                m.entry(d.text_hash.clone()).or_insert_with(Vec::new).push(d.id);
                m
            }),
            docs_claimed: HashSet::new(),
            doc_by_guid: HashMap::new(),
            new_docs: BTreeMap::new(),
            codings_seen: project
                .codings
                .values()
                .map(|c| ((c.document, c.start, c.end, c.code, c.coder), c.id))
                .collect(),
            codings_in_file: HashSet::new(),
            new_codings: BTreeMap::new(),
            codings_by_guid: HashMap::new(),
            selection_doc: HashMap::new(),
            case_selections: HashMap::new(),
            turns_seen: project.turns.values().map(|t| (t.document, t.start, t.end, t.speaker.clone())).collect(),
            speakers: SpeakerPool::default(),
            doc_desc: BTreeMap::new(),
            coding_desc: BTreeMap::new(),
            coder_from_selection: false,
        }
    }

    fn id(&mut self) -> Id {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn warn(&mut self, s: String) {
        self.report.warnings.push(s);
    }

    fn finish(mut self) -> RefiImport {
        let docs = std::mem::take(&mut self.new_docs);
        self.changes.extend(docs.into_values().map(Entity::Document));
        let codings = std::mem::take(&mut self.new_codings);
        self.changes.extend(codings.into_values().map(Entity::Coding));
        // Order so every reference points backwards: coders, attributes, cases, codes,
        // documents, codings, memos.
        let rank = |e: &Entity| match e {
            Entity::Coder(_) => 0,
            Entity::AttributeDef(_) => 1,
            Entity::Case(_) => 2,
            Entity::Code(_) => 3,
            Entity::Document(_) => 4,
            Entity::Turn(_) => 5,
            Entity::Coding(_) => 6,
            Entity::Memo(_) => 7,
        };
        self.changes.sort_by_key(|e| (rank(e), e.id()));
        let mut edit = Edit::new(format!("Import {}", self.file_label));
        for e in self.changes {
            edit.push(Change::Insert(e));
        }
        RefiImport { edit, report: self.report }
    }

    // ----- coders -----

    fn coder_named(&mut self, name: &str) -> Id {
        if let Some(&id) = self.coder_by_name.get(name) {
            return id;
        }
        let id = self.id();
        self.coder_by_name.insert(name.to_string(), id);
        self.changes.push(Entity::Coder(Coder { id, name: name.to_string() }));
        id
    }

    fn fallback_coder(&mut self) -> Id {
        if let Some(id) = self.fallback_coder {
            return id;
        }
        let name = self.fallback_coder_name.clone();
        let id = self.coder_named(&name);
        self.fallback_coder = Some(id);
        id
    }

    /// The coder for a `creatingUser` GUID, else the fallback coder.
    fn coder_for(&mut self, guids: &[Option<&str>]) -> Id {
        for g in guids.iter().flatten() {
            let g = norm(g);
            if let Some(&id) = self.coder_by_guid.get(&g) {
                return id;
            }
        }
        self.fallback_coder()
    }

    fn users(&mut self, users: &Element) {
        for u in users.children_named("User") {
            let name = [u.attr("name"), u.attr("id")]
                .into_iter()
                .flatten()
                .map(str::trim)
                .find(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!("User {}", &norm(u.attr_or_empty("guid")).chars().take(8).collect::<String>())
                });
            let id = self.coder_named(&name);
            if let Some(g) = u.attr("guid") {
                self.coder_by_guid.insert(norm(g), id);
            }
        }
    }

    // ----- codes -----

    fn codes(&mut self, codes: &Element, parent: Option<Id>) {
        for c in codes.children_named("Code") {
            let mut name = c.attr_or_empty("name").trim().to_string();
            if name.is_empty() {
                name = "Unnamed code".to_string();
                self.warn(format!("a code without a name was imported as '{name}'"));
            }
            let id = if let Some(&id) = self.code_by_path.get(&(parent, name.clone())) {
                if self.project.codes.contains_key(&id) {
                    // Reused an existing code; nothing to insert.
                } else {
                    self.warn(format!("two codes named '{name}' at the same level were merged"));
                }
                id
            } else {
                let id = self.id();
                let pos = self.sibling_count.entry(parent).or_insert(0);
                let position = *pos;
                *pos += 1;
                let color = match c.attr("color") {
                    Some(col) => Color::parse(col).unwrap_or_else(|| {
                        self.report
                            .warnings
                            .push(format!("code '{name}': colour '{col}' not understood; it got a default colour"));
                        Color::for_name(&name)
                    }),
                    None => Color::for_name(&name),
                };
                let codable = !matches!(c.attr("isCodable").map(str::trim), Some("false" | "0"));
                self.code_by_path.insert((parent, name.clone()), id);
                self.changes.push(Entity::Code(Code {
                    id,
                    parent,
                    name: name.clone(),
                    kind: CodeKind::Code,
                    color,
                    description: c.child_text("Description").map(normalize_newlines).unwrap_or_default(),
                    codable,
                    position,
                }));
                id
            };
            self.report.codes += 1;
            if let Some(g) = c.attr("guid")
                && self.code_by_guid.insert(norm(g), id).is_some()
            {
                self.warn(format!("code GUID {g} occurs more than once"));
            }
            self.codes(c, Some(id));
        }
    }

    // ----- variables and cases -----

    fn variables(&mut self, vars: &Element) -> HashMap<String, String> {
        let mut by_guid = HashMap::new();
        for v in vars.children_named("Variable") {
            let name = v.attr_or_empty("name").trim().to_string();
            if name.is_empty() {
                continue;
            }
            let kind = match v.attr_or_empty("typeOfVariable").trim() {
                "Integer" => AttributeKind::Integer,
                "Float" => AttributeKind::Float,
                "Boolean" => AttributeKind::Boolean,
                "Date" => AttributeKind::Date,
                "DateTime" => {
                    self.warn(format!("variable '{name}' is a date-time; imported as text"));
                    AttributeKind::Text
                }
                _ => AttributeKind::Text,
            };
            match self.attr_by_name.get(&name) {
                Some(&(_, k)) if k != kind => {
                    self.warn(format!(
                        "variable '{name}' is {} in the file but {} in this project; kept {}",
                        kind.as_str(),
                        k.as_str(),
                        k.as_str()
                    ));
                }
                Some(_) => {}
                None => {
                    let id = self.id();
                    self.attr_by_name.insert(name.clone(), (id, kind));
                    self.changes.push(Entity::AttributeDef(AttributeDef { id, name: name.clone(), kind }));
                }
            }
            if let Some(g) = v.attr("guid") {
                by_guid.insert(norm(g), name);
            }
        }
        by_guid
    }

    fn variable_value(v: &Element) -> Option<String> {
        for tag in ["TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"] {
            if let Some(t) = v.child_text(tag) {
                return Some(if tag == "TextValue" { normalize_newlines(t) } else { t.trim().to_string() });
            }
        }
        None
    }

    /// Cases; returns source GUID -> case ids that claim it.
    fn cases(&mut self, cases: &Element, vars: &HashMap<String, String>) -> HashMap<String, Vec<Id>> {
        let mut sources: HashMap<String, Vec<Id>> = HashMap::new();
        let mut coderefs = 0;
        for (i, c) in cases.children_named("Case").enumerate() {
            let label = c
                .attr("name")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| format!("Case {}", i + 1));
            let mut attributes = BTreeMap::new();
            for vv in c.children_named("VariableValue") {
                let Some(var) =
                    vv.child("VariableRef").and_then(|r| r.attr("targetGUID")).and_then(|g| vars.get(&norm(g)))
                else {
                    self.warn(format!("case '{label}': a value refers to an unknown variable"));
                    continue;
                };
                if let Some(val) = Self::variable_value(vv) {
                    attributes.insert(var.clone(), val);
                }
            }
            let id = if let Some(&id) = self.case_by_label.get(&label) {
                if self
                    .project
                    .cases
                    .get(&id)
                    .is_some_and(|old| attributes.iter().any(|(k, v)| old.attributes.get(k) != Some(v)))
                {
                    self.warn(format!(
                        "case '{label}' already exists; its attribute values in the file were not applied"
                    ));
                }
                id
            } else {
                let id = self.id();
                self.case_by_label.insert(label.clone(), id);
                self.new_cases.insert(id);
                self.changes.push(Entity::Case(Case {
                    id,
                    label: label.clone(),
                    aliases: Vec::new(),
                    attributes,
                    description: c.child_text("Description").map(normalize_newlines).unwrap_or_default(),
                }));
                id
            };
            self.report.cases += 1;
            if let Some(g) = c.attr("guid") {
                self.case_by_guid.insert(norm(g), id);
            }
            for s in c.children_named("SourceRef") {
                if let Some(g) = s.attr("targetGUID") {
                    sources.entry(norm(g)).or_default().push(id);
                }
            }
            coderefs += c.children_named("CodeRef").count();
            for s in c.children_named("SelectionRef") {
                if let Some(g) = s.attr("targetGUID")
                    && let Some(prev) = self.case_selections.insert(norm(g), id)
                    && prev != id
                {
                    self.warn(format!("a selection is claimed by several cases; it is taken as '{label}''s text"));
                }
            }
        }
        if coderefs > 0 {
            self.report.skipped.push(format!("{coderefs} code references of cases skipped"));
        }
        sources
    }

    // ----- sources -----

    /// Reads a TextSource's (or Note's) plain text: inline content or a file in the archive.
    fn read_plain_text(&mut self, el: &Element, what: &str) -> Result<Option<String>, RefiError> {
        if let Some(t) = el.child_text("PlainTextContent") {
            return Ok(Some(t.strip_prefix('\u{feff}').unwrap_or(t).to_string()));
        }
        let Some(path) = el.attr("plainTextPath").map(str::trim).filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let lower = path.to_ascii_lowercase();
        let rel = ["internal://", "relative://", "absolute://", "file://"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| &path[p.len()..])
            .unwrap_or(path);
        let external = !lower.starts_with("internal://") && lower.contains("://");
        let rel = rel.replace('\\', "/");
        let Some(ar) = self.archive.as_mut() else {
            self.report.warnings.push(format!("{what}: text file '{path}' cannot be read from a bare .qde"));
            return Ok(None);
        };
        let base = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        let candidates = if external {
            vec![format!("sources/{base}"), base.clone()]
        } else {
            if rel.split('/').any(|p| p == "..") || rel.starts_with('/') {
                return Err(RefiError::UnsafePath(path.to_string()));
            }
            vec![format!("sources/{rel}"), rel.clone(), format!("sources/{base}")]
        };
        let found = candidates.iter().find_map(|c| ar.find(c)).or_else(|| {
            let hits: Vec<usize> = (0..ar.names().len())
                .filter(|&i| ar.names()[i].rsplit('/').next().is_some_and(|n| n.eq_ignore_ascii_case(&base)))
                .collect();
            (hits.len() == 1).then(|| hits[0])
        });
        let Some(idx) = found else {
            self.report.warnings.push(format!("{what}: text file '{path}' is not in the archive"));
            return Ok(None);
        };
        let bytes = ar.read(idx)?;
        // The archive says this is text: decoded leniently, every guess reported.
        let decoded = crate::input::text::decode(&bytes);
        for guess in &decoded.guesses {
            self.report.warnings.push(format!("{what}: '{path}': {guess}"));
        }
        Ok(Some(decoded.text))
    }

    fn project_file(&mut self, root: &Element) -> Result<(), RefiError> {
        if let Some(u) = root.child("Users") {
            self.users(u);
        }
        if let Some(codes) = root.child("CodeBook").and_then(|c| c.child("Codes")) {
            self.codes(codes, None);
        }
        let vars = match root.child("Variables") {
            Some(v) => self.variables(v),
            None => HashMap::new(),
        };
        let case_sources = match root.child("Cases") {
            Some(c) => self.cases(c, &vars),
            None => HashMap::new(),
        };
        let groups = self.sets(root.child("Sets"));

        // Read all text sources first: the position units are decided over all of them.
        let mut pending = Vec::new();
        if let Some(sources) = root.child("Sources") {
            for (i, s) in sources.children.iter().enumerate() {
                let name = s
                    .attr("name")
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string)
                    .or_else(|| {
                        ["plainTextPath", "path", "richTextPath"].iter().find_map(|a| {
                            s.attr(a).map(|p| {
                                let b = p.rsplit(['/', '\\']).next().unwrap_or(p);
                                b.rsplit_once('.').map(|(x, _)| x).unwrap_or(b).to_string()
                            })
                        })
                    })
                    .unwrap_or_else(|| format!("Source {}", i + 1));
                let kind = match s.name.as_str() {
                    "TextSource" => None,
                    "PDFSource" => Some("PDF"),
                    "PictureSource" => Some("picture"),
                    "AudioSource" => Some("audio"),
                    "VideoSource" => Some("video"),
                    _ => Some("unknown"),
                };
                if let Some(kind) = kind {
                    let path = s.attr("path").unwrap_or(&name);
                    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
                    self.report.skipped.push(format!("{kind} source '{file}' skipped"));
                    continue;
                }
                let what = format!("text source '{name}'");
                let selections = s.children_named("PlainTextSelection").count() + s.children_named("Coding").count();
                let text = self.read_plain_text(s, &what)?;
                let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
                    let also =
                        if selections > 0 { format!(" with its {selections} selections") } else { String::new() };
                    self.report
                        .skipped
                        .push(format!("{what} has no plain text (only rich text, or an empty .txt){also}; skipped"));
                    continue;
                };
                let guid = norm(s.attr_or_empty("guid"));
                pending.push(PendingSource { el: s, name, guid, text: SourceText::new(&text) });
            }
        }

        let mut vote = Vote::default();
        for p in &pending {
            for sel in p.el.children_named("PlainTextSelection") {
                if let (Some(a), Some(b)) = (pos_attr(sel, "startPosition"), pos_attr(sel, "endPosition")) {
                    vote.add(&p.text, a.min(b), a.max(b));
                }
            }
        }
        let units = vote.decide(root.attr_or_empty("origin"));
        if units == Units::Utf16 {
            self.report.utf16_offsets_detected = true;
            self.warn(format!("selection positions read as UTF-16 code units ({})", vote.describe()));
        }

        self.coder_from_selection = nvivo_single_coding_user(&pending);
        if self.coder_from_selection {
            self.warn(
                "every coding in the file carries the same user and time (an NVivo export artefact); \
                 each coding's coder was taken from its selection's creatingUser"
                    .to_string(),
            );
        }
        for p in &pending {
            self.text_source(p, units, &case_sources, &groups);
        }
        self.notes(root)?;
        self.descriptions_to_memos();
        Ok(())
    }

    fn sets(&mut self, sets: Option<&Element>) -> HashMap<String, String> {
        let mut groups = HashMap::new();
        let Some(sets) = sets else { return groups };
        let mut code_sets = 0;
        for set in sets.children_named("Set") {
            let name = set.attr_or_empty("name").trim().to_string();
            if set.children_named("MemberCode").next().is_some() || set.children_named("MemberNote").next().is_some() {
                code_sets += 1;
            }
            for m in set.children_named("MemberSource") {
                if let Some(g) = m.attr("targetGUID")
                    && let Some(prev) = groups.insert(norm(g), name.clone())
                    && prev != name
                {
                    self.report
                        .warnings
                        .push(format!("a source is in sets '{prev}' and '{name}'; its document group is '{name}'"));
                }
            }
        }
        if code_sets > 0 {
            self.report.skipped.push(format!("{code_sets} sets of codes or notes skipped"));
        }
        groups
    }

    fn text_source(
        &mut self,
        p: &PendingSource,
        units: Units,
        case_sources: &HashMap<String, Vec<Id>>,
        groups: &HashMap<String, String>,
    ) {
        let s = p.el;
        let text: Arc<str> = Arc::from(p.text.normalized.as_str());
        let hash = text_hash(&text);
        // A case that refers to selections in this source speaks in it; only a case that claims
        // the source without any selection owns the whole document.
        let speaking: HashSet<Id> = s
            .children_named("PlainTextSelection")
            .filter_map(|sel| self.case_selections.get(&norm(sel.attr_or_empty("guid"))).copied())
            .collect();
        let cases: Vec<Id> =
            case_sources.get(&p.guid).into_iter().flatten().copied().filter(|c| !speaking.contains(c)).collect();
        let existing = self.existing_document(&hash, &p.name);
        let is_new = existing.is_none();
        let doc_id = if let Some((id, how)) = existing {
            let name = self.project.documents.get(&id).map(|d| d.name.clone()).unwrap_or_default();
            self.warn(format!(
                "text source '{}' is document '{name}' already in the project ({how}); reused it",
                p.name
            ));
            id
        } else {
            let id = self.id();
            let case = match cases.as_slice() {
                [one] if self.new_cases.contains(one) || self.project.cases.contains_key(one) => Some(*one),
                [] | [_] => None,
                _ => {
                    self.warn(format!("text source '{}' belongs to several cases; no case assigned", p.name));
                    None
                }
            };
            self.new_docs.insert(
                id,
                Document {
                    id,
                    name: p.name.clone(),
                    text: text.clone(),
                    source_name: self
                        .source_name
                        .clone()
                        .or_else(|| s.attr("plainTextPath").map(str::to_string))
                        .unwrap_or_else(|| p.name.clone()),
                    imported_at: now(),
                    text_hash: hash,
                    fingerprint: crate::core::text::content_fingerprint(&text),
                    case,
                    group: groups.get(&p.guid).cloned().unwrap_or_default(),
                },
            );
            id
        };
        self.report.sources += 1;
        if !p.guid.is_empty() {
            self.doc_by_guid.insert(p.guid.clone(), doc_id);
        }
        if s.children_named("VariableValue").next().is_some() {
            self.report.skipped.push(format!("variable values of text source '{}' skipped", p.name));
        }
        if is_new && let Some(d) = s.child_text("Description").map(normalize_newlines).filter(|d| !d.trim().is_empty())
        {
            self.doc_desc.insert(doc_id, d);
        }
        let len = text.chars().count();
        let src_user = s.attr("creatingUser");
        // Codings of the whole source.
        for c in s.children_named("Coding") {
            self.coding(c, doc_id, 0, len, src_user, None, &p.name);
        }
        let (mut empty, mut outside) = (0, 0);
        for sel in s.children_named("PlainTextSelection") {
            let sel_guid = norm(sel.attr_or_empty("guid"));
            let (Some(a), Some(b)) = (pos_attr(sel, "startPosition"), pos_attr(sel, "endPosition")) else {
                outside += 1;
                continue;
            };
            let (a, b) = (a.min(b), a.max(b));
            let (Some(start), Some(end)) = (p.text.to_normalized(a, units), p.text.to_normalized(b, units)) else {
                outside += 1;
                continue;
            };
            if !sel_guid.is_empty() {
                self.selection_doc.insert(sel_guid.clone(), doc_id);
            }
            if start >= end {
                empty += 1;
                continue;
            }
            let mut ids = Vec::new();
            for c in sel.children_named("Coding") {
                if let Some(id) =
                    self.coding(c, doc_id, start, end, sel.attr("creatingUser"), sel.attr("creationDateTime"), &p.name)
                {
                    ids.push(id);
                }
            }
            let desc = sel.child_text("Description").map(normalize_newlines).unwrap_or_default();
            let case = self.case_selections.get(&sel_guid).copied();
            let speaker = sel.attr("name").map(str::trim).filter(|n| !n.is_empty());
            let werkbank_turn = ids.is_empty()
                && speaker.is_some_and(|n| desc.strip_prefix(TURN_PREFIX).is_some_and(|d| d.trim() == n));
            if case.is_some() || werkbank_turn {
                let speaker =
                    speaker.map(str::to_string).or_else(|| case.and_then(|c| self.case_label(c))).unwrap_or_default();
                self.turn(doc_id, start, end, speaker, case);
            } else if !desc.trim().is_empty() {
                for &id in &ids {
                    if self.new_codings.contains_key(&id) {
                        self.coding_desc.insert(id, desc.clone());
                    }
                }
            }
            if !sel_guid.is_empty() {
                self.codings_by_guid.entry(sel_guid).or_default().extend(ids);
            }
        }
        if empty > 0 {
            self.report.skipped.push(format!("{empty} empty selections in '{}' skipped", p.name));
        }
        if outside > 0 {
            self.report.skipped.push(format!(
                "{outside} selections in '{}' lie outside its text ({} characters) and were skipped",
                p.name, len
            ));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn coding(
        &mut self,
        c: &Element,
        doc: Id,
        start: usize,
        end: usize,
        user: Option<&str>,
        created: Option<&str>,
        doc_name: &str,
    ) -> Option<Id> {
        let Some(code) = c
            .child("CodeRef")
            .and_then(|r| r.attr("targetGUID"))
            .and_then(|g| self.code_by_guid.get(&norm(g)))
            .copied()
        else {
            self.report.skipped.push(format!("a coding in '{doc_name}' refers to a code not in the codebook; skipped"));
            return None;
        };
        let (coder, created_at) = if self.coder_from_selection {
            (
                self.coder_for(&[user, c.attr("creatingUser")]),
                parse_time(created).or_else(|| parse_time(c.attr("creationDateTime"))),
            )
        } else {
            (
                self.coder_for(&[c.attr("creatingUser"), user]),
                parse_time(c.attr("creationDateTime")).or_else(|| parse_time(created)),
            )
        };
        let created_at = created_at.unwrap_or_else(now);
        let key = (doc, start, end, code, coder);
        // Counted once, never line by line: a file may repeat one coding thousands of times.
        let id = if !self.codings_in_file.insert(key) {
            self.report.duplicate_codings += 1;
            *self.codings_seen.get(&key)?
        } else if let Some(&existing) = self.codings_seen.get(&key) {
            self.report.codings_already_in_project += 1;
            self.report.codings += 1;
            existing
        } else {
            let id = self.id();
            self.codings_seen.insert(key, id);
            self.new_codings
                .insert(id, Coding { id, document: doc, start, end, code, coder, created_at, memo: String::new() });
            self.report.codings += 1;
            id
        };
        if let Some(g) = c.attr("guid") {
            self.codings_by_guid.entry(norm(g)).or_default().push(id);
        }
        Some(id)
    }

    /// The project document a source with this text and name is, if that is clear: the only
    /// unclaimed one with that text, or the one among several that has the same name.
    fn existing_document(&mut self, hash: &str, name: &str) -> Option<(Id, &'static str)> {
        let free: Vec<Id> =
            self.doc_by_hash.get(hash)?.iter().copied().filter(|id| !self.docs_claimed.contains(id)).collect();
        let named: Vec<Id> =
            free.iter().copied().filter(|id| self.project.documents.get(id).is_some_and(|d| d.name == name)).collect();
        let found = match (free.as_slice(), named.as_slice()) {
            (_, [one]) => Some((*one, "same text and name")),
            ([one], _) => Some((*one, "same text")),
            _ => None,
        };
        if found.is_none() && !free.is_empty() {
            self.warn(format!(
                "text source '{name}' has the same text as {} documents here and none has its name; added it as a new document",
                free.len()
            ));
        }
        if let Some((id, _)) = found {
            self.docs_claimed.insert(id);
        }
        found
    }

    fn case_label(&self, id: Id) -> Option<String> {
        self.project.cases.get(&id).map(|c| c.label.clone()).or_else(|| {
            self.changes.iter().find_map(|e| match e {
                Entity::Case(c) if c.id == id => Some(c.label.clone()),
                _ => None,
            })
        })
    }

    fn turn(&mut self, document: Id, start: usize, end: usize, speaker: String, case: Option<Id>) {
        let speaker = self.speakers.get(&speaker);
        if !self.turns_seen.insert((document, start, end, speaker.clone())) {
            return;
        }
        let id = self.id();
        self.changes.push(Entity::Turn(Turn { id, document, start, end, speaker, case, start_ms: None }));
        self.report.turns += 1;
    }

    /// Removes a memo's paragraph from the `Description` of what it is about, where the file
    /// wrote it both as Note and as Description (Werkbank does, for peers that read only the latter).
    fn strip_description(&mut self, target: MemoTarget, title: &str, text: &str) {
        let para = memo_paragraph(title, text);
        match target {
            MemoTarget::Code(id) | MemoTarget::Case(id) => {
                for e in self.changes.iter_mut() {
                    let desc = match e {
                        Entity::Code(c) if c.id == id && matches!(target, MemoTarget::Code(_)) => &mut c.description,
                        Entity::Case(c) if c.id == id && matches!(target, MemoTarget::Case(_)) => &mut c.description,
                        _ => continue,
                    };
                    strip_memo_paragraph(desc, &para);
                }
            }
            MemoTarget::Document(id) => {
                if let Some(d) = self.doc_desc.get_mut(&id) {
                    strip_memo_paragraph(d, &para);
                }
            }
            MemoTarget::Coding(id) => {
                if let Some(d) = self.coding_desc.get_mut(&id) {
                    strip_memo_paragraph(d, &para);
                }
            }
            MemoTarget::Project => {}
        }
    }

    /// What is left of source and selection `Description`s once their notes are matched: a
    /// document's becomes a memo, a selection's the coding's memo (how QualCoder writes them).
    fn descriptions_to_memos(&mut self) {
        for (id, text) in std::mem::take(&mut self.coding_desc) {
            let text = text.trim().to_string();
            if let Some(c) = self.new_codings.get_mut(&id)
                && !text.is_empty()
                && !c.memo.contains(&text)
            {
                if !c.memo.is_empty() {
                    c.memo.push_str(MEMO_SEPARATOR);
                }
                c.memo.push_str(&text);
            }
        }
        for (doc, text) in std::mem::take(&mut self.doc_desc) {
            if text.trim().is_empty() {
                continue;
            }
            let id = self.id();
            let author = self.fallback_coder();
            self.changes.push(Entity::Memo(Memo {
                id,
                target: MemoTarget::Document(doc),
                title: "Description".into(),
                text,
                author,
                updated_at: now(),
            }));
            self.report.memos += 1;
        }
    }

    // ----- notes -----

    fn notes(&mut self, root: &Element) -> Result<(), RefiError> {
        let Some(notes) = root.child("Notes") else { return Ok(()) };
        // Who refers to which note: (note guid) -> targets; `None` = a coding's unnamed note.
        let mut refs: HashMap<String, Vec<(MemoTarget, bool)>> = HashMap::new();
        let add = |refs: &mut HashMap<String, Vec<(MemoTarget, bool)>>, note: &str, t: MemoTarget, on_coding: bool| {
            refs.entry(norm(note)).or_default().push((t, on_coding));
        };
        for r in root.children_named("NoteRef") {
            add(&mut refs, r.attr_or_empty("targetGUID"), MemoTarget::Project, false);
        }
        for el in root.descendants() {
            let guid = norm(el.attr_or_empty("guid"));
            let targets: Vec<(MemoTarget, bool)> = match el.name.as_str() {
                "Code" => {
                    self.code_by_guid.get(&guid).map(|&id| vec![(MemoTarget::Code(id), false)]).unwrap_or_default()
                }
                "TextSource" => {
                    self.doc_by_guid.get(&guid).map(|&id| vec![(MemoTarget::Document(id), false)]).unwrap_or_default()
                }
                "Coding" => self
                    .codings_by_guid
                    .get(&guid)
                    .map(|ids| ids.iter().map(|&id| (MemoTarget::Coding(id), true)).collect())
                    .unwrap_or_default(),
                "PlainTextSelection" => match self.codings_by_guid.get(&guid) {
                    Some(ids) if !ids.is_empty() => vec![(MemoTarget::Coding(ids[0]), false)],
                    _ => self
                        .selection_doc
                        .get(&guid)
                        .map(|&d| vec![(MemoTarget::Document(d), false)])
                        .unwrap_or_default(),
                },
                _ => continue,
            };
            for r in el.children_named("NoteRef") {
                for &(t, on_coding) in &targets {
                    add(&mut refs, r.attr_or_empty("targetGUID"), t, on_coding);
                }
            }
        }
        if let Some(links) = root.child("Links") {
            for l in links.children_named("Link") {
                let (o, t) = (norm(l.attr_or_empty("originGUID")), norm(l.attr_or_empty("targetGUID")));
                for (note, other) in [(&o, &t), (&t, &o)] {
                    if let Some(target) = self.target_for_guid(other) {
                        add(&mut refs, note, target, false);
                    }
                }
            }
        }
        let mut unattached = 0;
        for note in notes.children_named("Note") {
            let guid = norm(note.attr_or_empty("guid"));
            let title_attr = note.attr("name").map(str::trim).filter(|s| !s.is_empty());
            let text = self.read_plain_text(note, "note")?.unwrap_or_default();
            let mut text = normalize_newlines(&text);
            if text.trim().is_empty() {
                text = note.child_text("Description").map(normalize_newlines).unwrap_or_default();
            }
            if note.children_named("PlainTextSelection").next().is_some() {
                self.report.skipped.push(format!("codings inside note '{}' skipped", title_attr.unwrap_or("")));
            }
            let author = self.coder_for(&[note.attr("creatingUser"), note.attr("modifyingUser")]);
            let updated_at = parse_time(note.attr("modifiedDateTime"))
                .or_else(|| parse_time(note.attr("creationDateTime")))
                .unwrap_or_else(now);
            let mut targets = refs.remove(&guid).unwrap_or_default();
            targets.dedup();
            if targets.is_empty() {
                unattached += 1;
                targets.push((MemoTarget::Project, false));
            }
            for &(target, on_coding) in &targets {
                let title = if on_coding && title_attr.is_none() { "" } else { title_attr.unwrap_or("Note") };
                self.strip_description(target, title, &text);
            }
            for (target, on_coding) in targets {
                // A coding's note without a title is the coding's own memo field.
                if on_coding
                    && title_attr.is_none()
                    && let MemoTarget::Coding(id) = target
                {
                    if let Some(c) = self.new_codings.get_mut(&id) {
                        if !c.memo.is_empty() {
                            c.memo.push_str("\n\n");
                        }
                        c.memo.push_str(&text);
                        continue;
                    }
                    // A coding already in the project: its memo field cannot change here.
                    if self.project.codings.get(&id).is_some_and(|c| c.memo.contains(text.trim())) {
                        continue;
                    }
                }
                let title = match title_attr {
                    Some(t) => t.to_string(),
                    None if on_coding => "Coding memo".to_string(),
                    None => "Note".to_string(),
                };
                if self.project.memos.values().any(|m| m.target == target && m.text == text && m.title == title) {
                    self.warn(format!("note '{title}' was already in the project"));
                    continue;
                }
                let id = self.id();
                self.changes.push(Entity::Memo(Memo { id, target, title, text: text.clone(), author, updated_at }));
                self.report.memos += 1;
            }
        }
        if unattached > 0 {
            self.warn(format!("{unattached} notes not attached to anything became project memos"));
        }
        Ok(())
    }

    fn target_for_guid(&self, g: &str) -> Option<MemoTarget> {
        if let Some(&id) = self.case_by_guid.get(g) {
            return Some(MemoTarget::Case(id));
        }
        if let Some(&id) = self.code_by_guid.get(g) {
            return Some(MemoTarget::Code(id));
        }
        if let Some(&id) = self.doc_by_guid.get(g) {
            return Some(MemoTarget::Document(id));
        }
        self.codings_by_guid.get(g).and_then(|v| v.first()).map(|&id| MemoTarget::Coding(id))
    }
}

/// NVivo 12 (Windows) writes every `<Coding>` with one user and one timestamp (the exporting
/// user and moment), while the coder who made it is on the enclosing `PlainTextSelection`. True
/// when all codings in selections share one user and time and some selection names another user.
fn nvivo_single_coding_user(pending: &[PendingSource]) -> bool {
    let mut coding_keys = HashSet::new();
    let mut sel_users = HashSet::new();
    let mut codings = 0;
    for p in pending {
        for sel in p.el.children_named("PlainTextSelection") {
            if let Some(u) = sel.attr("creatingUser") {
                sel_users.insert(norm(u));
            }
            for c in sel.children_named("Coding") {
                codings += 1;
                coding_keys.insert((c.attr("creatingUser").map(norm), c.attr("creationDateTime").map(str::to_string)));
            }
        }
    }
    let Some((Some(user), Some(_))) = (coding_keys.len() == 1).then(|| coding_keys.into_iter().next()).flatten() else {
        return false;
    };
    codings >= 2 && sel_users.iter().any(|u| *u != user)
}

fn pos_attr(el: &Element, name: &str) -> Option<usize> {
    el.attr(name).and_then(|v| v.trim().parse::<i64>().ok()).filter(|&v| v >= 0).map(|v| v as usize)
}

fn normalize_newlines(s: &str) -> String {
    crate::core::text::normalize_newlines(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_in_common_shapes() {
        assert_eq!(parse_time(Some("1970-01-01T00:01:00Z")), Some(60));
        assert_eq!(parse_time(Some("1970-01-01T00:01:00")), Some(60));
        assert_eq!(parse_time(Some("1970-01-01T01:01:00+01:00")), Some(60));
        assert_eq!(parse_time(Some("yesterday")), None);
    }
}
