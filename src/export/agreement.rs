//! Intercoder agreement as tables and a short methods paragraph a thesis can cite, stating the
//! unit of analysis and the parameters so the figures can be reproduced, and which figure covers
//! which coders: every pair (Cohen's κ) and, with three or more coders, all of them at once
//! (Fleiss' κ, Krippendorff's α).

use super::{Block, Cell, Label, Lang, Table};
use crate::core::Project;
use crate::core::agreement::{
    AgreementNote, AgreementReport, AgreementUnit, CodeAgreement, MultiCodeAgreement, PairDisagreements,
};

fn float(v: Option<f64>) -> Cell {
    v.map_or(Cell::text("–"), Cell::Float)
}

/// A proportion as a percentage cell.
fn percent(v: Option<f64>) -> Cell {
    float(v.map(|v| v * 100.0))
}

fn coder(p: &Project, id: i64) -> String {
    p.coders.get(&id).map_or_else(|| format!("#{id}"), |c| c.name.clone())
}

fn unit_name(unit: AgreementUnit, lang: Lang) -> &'static str {
    match unit {
        AgreementUnit::Segment => Label::SegmentLevel,
        AgreementUnit::Character => Label::CharacterLevel,
        AgreementUnit::Document => Label::DocumentLevel,
    }
    .text(lang)
}

/// The title line of the report's document: "Intercodeursbetrouwbaarheid — <project>".
pub fn document_title(p: &Project, lang: Lang) -> String {
    Label::DocumentTitle.fill(lang, &[&Label::AgreementTitle.text(lang), &p.name])
}

/// A note of the report in `lang`, naming the coder, code or document it is about.
pub fn note_text(p: &Project, note: &AgreementNote, lang: Lang) -> String {
    let document = |id: i64| p.documents.get(&id).map_or_else(|| format!("#{id}"), |d| d.name.clone());
    let code = |id: i64| if p.codes.contains_key(&id) { p.code_path_string(id) } else { format!("#{id}") };
    match *note {
        AgreementNote::UnknownDocument(id) => Label::NoteUnknownDocument.fill(lang, &[&document(id)]),
        AgreementNote::UnknownCode(id) => Label::NoteUnknownCode.fill(lang, &[&code(id)]),
        AgreementNote::UnknownCoder(id) => Label::NoteUnknownCoder.fill(lang, &[&coder(p, id)]),
        AgreementNote::CoderGivenTwice(id) => Label::NoteCoderGivenTwice.fill(lang, &[&coder(p, id)]),
        AgreementNote::TooFewCoders => Label::NoteTooFewCoders.text(lang).into(),
        AgreementNote::CoderWithoutCodings(id) => Label::NoteCoderWithoutCodings.fill(lang, &[&coder(p, id)]),
        AgreementNote::CodeUnused(id) => Label::NoteCodeUnused.fill(lang, &[&code(id)]),
        AgreementNote::SegmentPairsOnly => Label::NoteSegmentPairsOnly.text(lang).into(),
    }
}

/// The line the text report ends each pair with: how many passages the two coded differently.
pub fn disagreement_count(p: &Project, d: &PairDisagreements, lang: Lang) -> String {
    Label::DisagreementCount.fill(lang, &[&d.passages.len(), &coder(p, d.coder_a), &coder(p, d.coder_b)])
}

/// One row per coder pair and code, then the pooled row of each pair, with the counts behind
/// every figure (a = both, b = only A, c = only B, d = neither).
pub fn agreement_table(p: &Project, r: &AgreementReport, lang: Lang) -> Table {
    let h: Vec<String> = [
        Label::CoderA.text(lang),
        Label::CoderB.text(lang),
        Label::Code.text(lang),
        Label::Units.text(lang),
        "a",
        "b",
        "c",
        "d",
        Label::PercentAgreement.text(lang),
        Label::CohenKappa.text(lang),
        "Brennan-Prediger κ",
        Label::KrippendorffAlpha.text(lang),
        Label::UnitizingAlpha.text(lang),
    ]
    .map(String::from)
    .into();
    let title = Label::AgreementTitle.text(lang);
    let mut t = Table::new(format!("{title} ({})", unit_name(r.unit, lang)), h);
    let row = |a: &str, b: &str, code: String, c: &CodeAgreement| -> Vec<Cell> {
        vec![
            a.into(),
            b.into(),
            code.into(),
            Cell::Int(c.units as i64),
            Cell::Int(c.table.a as i64),
            Cell::Int(c.table.b as i64),
            Cell::Int(c.table.c as i64),
            Cell::Int(c.table.d as i64),
            percent(c.percent_agreement),
            float(c.cohen_kappa),
            float(c.brennan_prediger),
            float(c.krippendorff_alpha),
            float(c.unitized_alpha),
        ]
    };
    for pair in &r.pairs {
        let (a, b) = (coder(p, pair.coder_a), coder(p, pair.coder_b));
        for c in &pair.codes {
            let name = c.code.map_or_else(String::new, |id| p.code_path_string(id));
            t.rows.push(row(&a, &b, name, c));
        }
        t.rows.push(row(&a, &b, Label::AllCodesPooled.text(lang).to_string(), &pair.pooled));
    }
    t
}

/// All compared coders at once, per code and pooled (character and document level).
pub fn all_coders_table(p: &Project, r: &AgreementReport, lang: Lang) -> Option<Table> {
    let all = r.all_coders.as_ref()?;
    let names: Vec<String> = all.coders.iter().map(|c| coder(p, *c)).collect();
    let h: Vec<String> = [
        Label::Code.text(lang),
        Label::Units.text(lang),
        Label::PercentAgreement.text(lang),
        "Fleiss' κ",
        "Brennan-Prediger κ",
        Label::KrippendorffAlpha.text(lang),
        Label::UnitizingAlpha.text(lang),
    ]
    .map(String::from)
    .into();
    let title = Label::AllCodersTitle.fill(lang, &[&names.len(), &names.join(", "), &unit_name(r.unit, lang)]);
    let mut t = Table::new(title, h);
    let row = |name: String, c: &MultiCodeAgreement| -> Vec<Cell> {
        vec![
            name.into(),
            Cell::Int(c.units as i64),
            percent(c.percent_agreement),
            float(c.fleiss_kappa),
            float(c.brennan_prediger),
            float(c.krippendorff_alpha),
            float(c.unitized_alpha),
        ]
    };
    for c in &all.codes {
        t.rows.push(row(c.code.map_or_else(String::new, |id| p.code_path_string(id)), c));
    }
    t.rows.push(row(Label::AllCodesPooled.text(lang).to_string(), &all.pooled));
    Some(t)
}

/// The passages the two coders coded differently, verbatim, for the consensus meeting.
pub fn disagreement_table(
    p: &Project,
    list: &[crate::core::agreement::Disagreement],
    coder_a: &str,
    coder_b: &str,
    lang: Lang,
) -> Table {
    let names = |ids: &[i64]| ids.iter().map(|id| p.code_path_string(*id)).collect::<Vec<_>>().join("; ");
    let (doc, pos, passage) = (Label::Document.text(lang), Label::Position.text(lang), Label::Passage.text(lang));
    let title = Label::DisagreementsTitle.text(lang);
    let mut t = Table::new(title, vec![doc.into(), pos.into(), passage.into(), coder_a.into(), coder_b.into()]);
    for d in list {
        let document = p.documents.get(&d.document);
        let text: String = document
            .map_or("", |_| p.passage(d.document, d.start, d.end))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        t.rows.push(vec![
            document.map_or("?", |x| x.name.as_str()).into(),
            format!("{}–{}", d.start, d.end).into(),
            text.into(),
            names(&d.codes_a).into(),
            names(&d.codes_b).into(),
        ]);
    }
    t
}

/// A paragraph for the methods section: unit, documents, codes, coders, threshold, and the pooled
/// results, each naming the coders it covers.
pub fn methods_paragraph(p: &Project, r: &AgreementReport, lang: Lang) -> String {
    let coders: Vec<String> = r.params.coders.iter().map(|c| coder(p, *c)).collect();
    // Decimal commas in Dutch, as the tables print them.
    let decimal = |s: String| s.replace('.', &lang.decimal().to_string());
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| decimal(format!("{:.1} %", v * 100.0)));
    let num = |v: Option<f64>| v.map_or("–".to_string(), |v| decimal(format!("{v:.2}")));
    let threshold = (r.unit == AgreementUnit::Segment).then(|| format!("{:.0} %", r.params.min_overlap * 100.0));
    let mut s = Label::MethodsIntro
        .fill(lang, &[&coders.join(", "), &unit_name(r.unit, lang), &r.documents.len(), &r.codes.len()]);
    if let Some(t) = threshold {
        s.push_str(&Label::MethodsThreshold.fill(lang, &[&t]));
    }
    match r.pairs.as_slice() {
        [] => {}
        [pair] => {
            let c = &pair.pooled;
            let (a, b) = (coder(p, pair.coder_a), coder(p, pair.coder_b));
            s.push_str(&Label::MethodsPair.fill(
                lang,
                &[
                    &a,
                    &b,
                    &pct(c.percent_agreement),
                    &num(c.cohen_kappa),
                    &num(c.brennan_prediger),
                    &num(c.krippendorff_alpha),
                    &c.units,
                ],
            ));
        }
        pairs => {
            if let Some(all) = &r.all_coders {
                let c = &all.pooled;
                let names: Vec<String> = all.coders.iter().map(|x| coder(p, *x)).collect();
                s.push_str(&Label::MethodsAllCoders.fill(
                    lang,
                    &[
                        &names.len(),
                        &names.join(", "),
                        &pct(c.percent_agreement),
                        &num(c.fleiss_kappa),
                        &num(c.krippendorff_alpha),
                        &c.units,
                    ],
                ));
            }
            let each: Vec<String> = pairs
                .iter()
                .map(|x| format!("{}–{} {}", coder(p, x.coder_a), coder(p, x.coder_b), num(x.pooled.cohen_kappa)))
                .collect();
            s.push_str(&Label::MethodsPerPair.fill(lang, &[&each.join(", ")]));
        }
    }
    s
}

/// The whole report: heading, methods paragraph, warnings, the pair table, the all-coders table,
/// and the disagreements of every pair.
pub fn agreement_blocks(
    p: &Project,
    r: &AgreementReport,
    disagreements: &[PairDisagreements],
    lang: Lang,
) -> Vec<Block> {
    let mut blocks =
        vec![Block::Heading(Label::AgreementTitle.text(lang).into()), Block::Paragraph(methods_paragraph(p, r, lang))];
    for note in &r.notes {
        blocks.push(Block::Paragraph(note_text(p, note, lang)));
    }
    blocks.push(Block::Table(agreement_table(p, r, lang)));
    if let Some(t) = all_coders_table(p, r, lang) {
        blocks.push(Block::Table(t));
    }
    for d in disagreements {
        let (a, b) = (coder(p, d.coder_a), coder(p, d.coder_b));
        let mut t = disagreement_table(p, &d.passages, &a, &b, lang);
        t.title = format!("{}: {a} – {b}", t.title);
        blocks.push(Block::Table(t));
    }
    blocks
}
