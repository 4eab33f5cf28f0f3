//! Intercoder agreement: how far two or more coders who coded the same transcripts independently
//! agree, as the numbers a supervisor reports (percent agreement, Cohen's kappa,
//! Brennan-Prediger, Fleiss' kappa, Krippendorff's alpha, unitized alpha) and as a list of
//! passages to talk through.
//!
//! The module has two layers. The first is pure statistics over plain inputs (paired labels, a
//! contingency table, a units x coders reliability matrix, a continuum of units), each checked to
//! 1e-9 against reference implementations (`tests/agreement/vectors.json`, made by
//! `tests/agreement/make_vectors.py` from the Python packages `krippendorff`, `scikit-learn` and
//! `irrCAC`). The second builds the *units* those statistics count from a [`Project`]'s codings:
//! a figure is only meaningful together with its unit, so every result says which unit it was
//! computed over ([`AgreementUnit`]).
//!
//! Undefined is `None`, never NaN: a coefficient is `None` when its chance term leaves a zero
//! denominator (e.g. both coders used one and the same category everywhere, so Cohen's expected
//! agreement is 1 — scikit-learn returns NaN there and `krippendorff` raises) or when there are
//! no units to compare. Percent agreement stays defined in those cases, so a report can still say
//! "100 % agreement, kappa undefined (one category only)".
//!
//! # Definitions used
//!
//! * **Percent agreement**: two coders, share of units with equal labels; more coders, irrCAC's
//!   mean share of agreeing coder pairs per unit ([`percent_agreement_multi`]).
//! * **Cohen's kappa**: nominal, two coders, marginals of each coder ([`cohen_kappa_table`]).
//! * **Brennan-Prediger**: chance agreement `1/q` for `q` categories ([`brennan_prediger`]);
//!   `q = 2` (present/absent) for character and document units, `q` = number of codes compared
//!   at segment level.
//! * **Fleiss' kappa**: irrCAC's version with missing values ([`fleiss_kappa`]).
//! * **Krippendorff's alpha**: nominal, coincidence matrix, any number of coders, missing values
//!   ([`krippendorff_alpha_nominal`]).
//! * **Character-level alpha** (what ATLAS.ti users may know as a per-code binary "cu-alpha"
//!   figure): per code, every character of the selected documents is a unit, each coder's value
//!   is 1 if they coded it with the code and 0 otherwise, and the statistic is plain nominal
//!   alpha over those units ([`CodeAgreement::krippendorff_alpha`] at
//!   [`AgreementUnit::Character`]). This *digitises* the continuum. It is not Krippendorff's
//!   unitizing alpha: a character-level disagreement counts once per character, while the
//!   unitizing alpha weighs a misplaced boundary by the *square* of the displacement and tells
//!   two adjacent units from one long unit. Krippendorff (1995) shows both on one example
//!   (digitised alpha .329 vs. unitized alpha .553 for his coders Bertha and Bill); the tests
//!   reproduce both (the latter on a stretched continuum, as DKPro Statistics does).
//! * **Unitized alpha** `α_U` (Krippendorff 1995; 2004 §12.4; written `|uα` per category in
//!   Krippendorff, Mathet, Bouvry & Widlöcher 2016): implemented as published in [`unitized_alpha`]
//!   and checked against the worked example of Krippendorff (2004, p. 254). ATLAS.ti's
//!   `cu-α` / `Cu-α` (2016/2019 family, codes within and across semantic domains) are *not*
//!   implemented; per code, `|uα` is the member of that family this module reports.
//! * **Segment overlap**: `|A ∩ B| / |A ∪ B|` (intersection over the combined extent), so a match
//!   is symmetric and a short segment inside a long one does not count as agreeing. MAXQDA's
//!   setting ("overlapping of segments at least X %") is documented as relative to the combined
//!   area of both segments, which this follows; our figures were not compared with MAXQDA output.

use super::model::{Coding, Id, Project};
use super::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

mod disagreements;
mod results;
mod stats;
mod unitized;
pub use disagreements::*;
pub use results::*;
pub use stats::*;
pub use unitized::*;

/// Whether two segments match at `min_overlap` (intersection over union; they must share at
/// least one character).
fn matches(a: Span, b: Span, min_overlap: f64) -> bool {
    let r = a.overlap_ratio(b);
    r > 0.0 && r >= min_overlap
}

/// Sorted, merged (touching merged too) coverage of spans.
fn coverage(v: impl IntoIterator<Item = Span>) -> Vec<Span> {
    crate::core::span::merged(v, true)
}

/// For `k` coverages over `[0, len)`: `by_present[j]` = characters covered by exactly j of them.
fn coverage_histogram(len: usize, covers: &[Vec<Span>]) -> BinaryCounts {
    let mut events: Vec<(usize, i64)> = Vec::new();
    for cov in covers {
        for s in cov {
            let s = s.clip_to(len);
            events.push((s.start, 1));
            events.push((s.end, -1));
        }
    }
    events.sort();
    let mut by_present = vec![0u64; covers.len() + 1];
    let (mut pos, mut depth) = (0usize, 0i64);
    for (p, delta) in events {
        by_present[depth as usize] += (p - pos) as u64;
        pos = p;
        depth += delta;
    }
    by_present[0] += (len - pos) as u64;
    BinaryCounts { coders: covers.len(), by_present }
}

struct Selection {
    docs: Vec<(Id, usize)>,
    codes: Vec<Id>,
    /// (coder, code, doc) -> spans, sorted
    ranges: BTreeMap<(Id, Id, Id), Vec<Span>>,
}

fn select(
    project: &Project,
    coders: &[Id],
    documents: &[Id],
    codes: &[Id],
    notes: &mut Vec<AgreementNote>,
) -> Selection {
    let docs: Vec<(Id, usize)> = if documents.is_empty() {
        project.documents.values().map(|d| (d.id, d.char_len())).collect()
    } else {
        let mut v = Vec::new();
        for id in documents.iter().collect::<BTreeSet<_>>() {
            match project.documents.get(id) {
                Some(d) => v.push((d.id, d.char_len())),
                None => notes.push(AgreementNote::UnknownDocument(*id)),
            }
        }
        v
    };
    let doc_set: BTreeSet<Id> = docs.iter().map(|d| d.0).collect();
    let coder_set: BTreeSet<Id> = coders.iter().copied().collect();
    let mut ranges: BTreeMap<(Id, Id, Id), Vec<Span>> = BTreeMap::new();
    for c in project.codings.values() {
        if doc_set.contains(&c.document) && coder_set.contains(&c.coder) && !c.span().is_empty() {
            ranges.entry((c.coder, c.code, c.document)).or_default().push(c.span());
        }
    }
    for v in ranges.values_mut() {
        v.sort();
    }
    let codes: Vec<Id> = if codes.is_empty() {
        let used: BTreeSet<Id> = ranges.keys().map(|k| k.1).collect();
        project.codes.values().filter(|c| c.codable && used.contains(&c.id)).map(|c| c.id).collect()
    } else {
        let mut v = Vec::new();
        for id in codes.iter().collect::<BTreeSet<_>>() {
            if project.codes.contains_key(id) {
                v.push(*id);
            } else {
                notes.push(AgreementNote::UnknownCode(*id));
            }
        }
        v
    };
    Selection { docs, codes, ranges }
}

impl Selection {
    fn get(&self, coder: Id, code: Id, doc: Id) -> &[Span] {
        self.ranges.get(&(coder, code, doc)).map(|v| v.as_slice()).unwrap_or(&[])
    }

    fn total_len(&self) -> usize {
        self.docs.iter().map(|d| d.1).sum()
    }

    /// Coder's units of `code` on the continuum of the selected documents laid end to end.
    fn continuum_units(&self, coder: Id, code: Id) -> Vec<Span> {
        let mut out = Vec::new();
        let mut offset = 0;
        for &(doc, len) in &self.docs {
            out.extend(self.get(coder, code, doc).iter().map(|s| {
                let s = s.clip_to(len);
                Span::new(offset + s.start, offset + s.end)
            }));
            offset += len;
        }
        out
    }

    /// Units by number of `coders` that have `code`, at character or document level.
    fn histogram(&self, coders: &[Id], code: Id, unit: AgreementUnit) -> BinaryCounts {
        let mut total = BinaryCounts { coders: coders.len(), by_present: vec![0; coders.len() + 1] };
        for &(doc, len) in &self.docs {
            let covers: Vec<Vec<Span>> =
                coders.iter().map(|&c| coverage(self.get(c, code, doc).iter().map(|s| s.clip_to(len)))).collect();
            match unit {
                AgreementUnit::Document => {
                    let k = covers.iter().filter(|c| !c.is_empty()).count();
                    total.by_present[k] += 1;
                }
                _ => total.add(&coverage_histogram(len, &covers)),
            }
        }
        total
    }

    fn segment_counts(&self, a: Id, b: Id, code: Id, min_overlap: f64) -> SegmentCounts {
        let mut s = SegmentCounts::default();
        for &(doc, _) in &self.docs {
            let (ra, rb) = (self.get(a, code, doc), self.get(b, code, doc));
            s.segments_a += ra.len() as u64;
            s.segments_b += rb.len() as u64;
            s.matched_a += ra.iter().filter(|x| rb.iter().any(|y| matches(**x, *y, min_overlap))).count() as u64;
            s.matched_b += rb.iter().filter(|y| ra.iter().any(|x| matches(*x, **y, min_overlap))).count() as u64;
        }
        s
    }
}

/// 2x2 table of two coders from a 2-coder histogram would lose who is who; build it directly.
fn pair_table(sel: &Selection, a: Id, b: Id, code: Id, unit: AgreementUnit) -> Table2x2 {
    let mut t = Table2x2::default();
    for &(doc, len) in &sel.docs {
        let clip = |v: &[Span]| coverage(v.iter().map(|s| s.clip_to(len)));
        let (ca, cb) = (clip(sel.get(a, code, doc)), clip(sel.get(b, code, doc)));
        match unit {
            AgreementUnit::Document => match (!ca.is_empty(), !cb.is_empty()) {
                (true, true) => t.a += 1,
                (true, false) => t.b += 1,
                (false, true) => t.c += 1,
                (false, false) => t.d += 1,
            },
            _ => {
                let h = coverage_histogram(len, &[ca.clone(), cb.clone()]);
                let len_a: usize = ca.iter().map(|s| s.len()).sum();
                let both = h.by_present[2];
                t.a += both;
                t.b += len_a as u64 - both;
                t.c += h.by_present[1] - (len_a as u64 - both);
                t.d += h.by_present[0];
            }
        }
    }
    t
}

fn code_agreement(code: Option<Id>, table: Table2x2, unit: AgreementUnit, q_segment: usize) -> CodeAgreement {
    let segment = unit == AgreementUnit::Segment;
    let pa = table.percent_agreement();
    CodeAgreement {
        code,
        units: table.n(),
        table,
        segments: None,
        percent_agreement: pa,
        cohen_kappa: if segment { None } else { table.cohen_kappa() },
        brennan_prediger: if segment {
            pa.and_then(|p| brennan_prediger(p, q_segment))
        } else {
            table.brennan_prediger()
        },
        krippendorff_alpha: if segment { None } else { table.krippendorff_alpha() },
        unitized_alpha: None,
    }
}

fn multi_agreement(code: Option<Id>, counts: BinaryCounts, unitized: Option<f64>) -> MultiCodeAgreement {
    MultiCodeAgreement {
        code,
        units: counts.units(),
        percent_agreement: counts.percent_agreement(),
        fleiss_kappa: counts.fleiss_kappa(),
        brennan_prediger: counts.brennan_prediger(),
        krippendorff_alpha: counts.krippendorff_alpha(),
        unitized_alpha: unitized,
        counts,
    }
}

/// Intercoder agreement of `params.coders` on the selected documents and codes, per code and
/// pooled, for every coder pair and (character/document units) across all coders.
///
/// Pooling: the per-code tables are added up, so a pooled unit is a (code, character),
/// (code, document) or segment; the pooled figures are the measures of that summed table (for
/// the unitized alpha: `1 − ΣD_o/ΣD_e`). At segment level, Brennan-Prediger uses
/// `q` = number of codes compared, following MAXQDA's chance model for segments (its manual: chance
/// agreement from the number of categories in the table), both per code and pooled.
pub fn agreement(project: &Project, params: &AgreementParams) -> AgreementReport {
    let mut notes = Vec::new();
    let mut coders: Vec<Id> = Vec::new();
    for &c in &params.coders {
        if coders.contains(&c) {
            notes.push(AgreementNote::CoderGivenTwice(c));
            continue;
        }
        if project.coders.contains_key(&c) {
            coders.push(c);
        } else {
            notes.push(AgreementNote::UnknownCoder(c));
        }
    }
    if coders.len() < 2 {
        notes.push(AgreementNote::TooFewCoders);
    }
    let unit = params.unit;
    let sel = select(project, &coders, &params.documents, &params.codes, &mut notes);
    let q = sel.codes.len();
    let total_len = sel.total_len();
    // Figures with a coder who coded nothing, or over a code nobody used, look plausible (many
    // "neither" units agree) but mean nothing: say so next to them.
    for &c in &coders {
        if !sel.ranges.keys().any(|k| k.0 == c) {
            notes.push(AgreementNote::CoderWithoutCodings(c));
        }
    }
    for &code in &sel.codes {
        if !sel.ranges.keys().any(|k| k.1 == code && coders.contains(&k.0)) {
            notes.push(AgreementNote::CodeUnused(code));
        }
    }

    let mut pairs = Vec::new();
    for i in 0..coders.len() {
        for j in (i + 1)..coders.len() {
            let (a, b) = (coders[i], coders[j]);
            let mut per_code = Vec::new();
            let mut pooled_table = Table2x2::default();
            let mut pooled_seg = SegmentCounts::default();
            let mut unitized = Vec::new();
            for &code in &sel.codes {
                let mut ca = if unit == AgreementUnit::Segment {
                    let s = sel.segment_counts(a, b, code, params.min_overlap);
                    pooled_seg.add(&s);
                    let mut ca = code_agreement(Some(code), s.table(), unit, q);
                    ca.segments = Some(s);
                    ca
                } else {
                    code_agreement(Some(code), pair_table(&sel, a, b, code, unit), unit, q)
                };
                if unit == AgreementUnit::Character {
                    let u = unitized_alpha(total_len, &[sel.continuum_units(a, code), sel.continuum_units(b, code)]);
                    ca.unitized_alpha = u.alpha;
                    unitized.push(u);
                }
                pooled_table.add(&ca.table);
                per_code.push(ca);
            }
            let mut pooled = code_agreement(None, pooled_table, unit, q);
            if unit == AgreementUnit::Segment {
                pooled.segments = Some(pooled_seg);
            }
            if unit == AgreementUnit::Character {
                pooled.unitized_alpha = unitized_alpha_pooled(&unitized);
            }
            pairs.push(PairAgreement { coder_a: a, coder_b: b, codes: per_code, pooled });
        }
    }

    let all_coders = (coders.len() >= 2 && unit != AgreementUnit::Segment).then(|| {
        let mut per_code = Vec::new();
        let mut pooled = BinaryCounts { coders: coders.len(), by_present: vec![0; coders.len() + 1] };
        let mut unitized = Vec::new();
        for &code in &sel.codes {
            let h = sel.histogram(&coders, code, unit);
            pooled.add(&h);
            let u = (unit == AgreementUnit::Character).then(|| {
                let units: Vec<Vec<Span>> = coders.iter().map(|&c| sel.continuum_units(c, code)).collect();
                unitized_alpha(total_len, &units)
            });
            unitized.extend(u);
            per_code.push(multi_agreement(Some(code), h, u.and_then(|u| u.alpha)));
        }
        let pooled_u = (unit == AgreementUnit::Character).then(|| unitized_alpha_pooled(&unitized)).flatten();
        AllCodersAgreement { coders: coders.clone(), codes: per_code, pooled: multi_agreement(None, pooled, pooled_u) }
    });
    if coders.len() >= 2 && unit == AgreementUnit::Segment {
        notes.push(AgreementNote::SegmentPairsOnly);
    }

    AgreementReport {
        unit,
        params: params.clone(),
        documents: sel.docs.iter().map(|d| d.0).collect(),
        codes: sel.codes.clone(),
        pairs,
        all_coders,
        notes,
    }
}

#[cfg(test)]
mod tests;
