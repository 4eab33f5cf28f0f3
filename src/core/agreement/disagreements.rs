//! Disagreements for review: the passages where two coders' codes differ, for a supervisor
//! and a student to talk through.

use super::*;

// ---------------------------------------------------------------------------------------------
// Disagreements for review
// ---------------------------------------------------------------------------------------------

/// A passage where two coders' codes differ: `codes_a` and `codes_b` are the codes each coder has
/// on all of `[start, end)` (sorted ids), and they are not equal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    pub document: Id,
    pub start: usize,
    pub end: usize,
    pub codes_a: Vec<Id>,
    pub codes_b: Vec<Id>,
}

/// The disagreements of one coder pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairDisagreements {
    pub coder_a: Id,
    pub coder_b: Id,
    pub passages: Vec<Disagreement>,
}

/// [`disagreements`] for every pair of the report's coders, in the order of its pair table.
pub fn disagreements_of_pairs(project: &Project, report: &AgreementReport) -> Vec<PairDisagreements> {
    report
        .pairs
        .iter()
        .map(|x| PairDisagreements {
            coder_a: x.coder_a,
            coder_b: x.coder_b,
            passages: disagreements(project, x.coder_a, x.coder_b, &report.params.documents, report.params.min_overlap),
        })
        .collect()
}

/// Passages where `coder_a` and `coder_b` differ, over `docs` (empty = all documents) and all
/// codes, in document then position order.
///
/// The text is cut at every coding boundary of either coder; a piece is a disagreement when the
/// sets of codes covering it differ. Boundary noise is forgiven with the segment-level rule: when
/// a coding of A and one of B with the same code match (overlap ≥ `min_overlap`, intersection
/// over union), that code counts as present for both coders over the union of the two ranges.
/// Adjacent pieces with the same two code sets are joined.
pub fn disagreements(project: &Project, coder_a: Id, coder_b: Id, docs: &[Id], min_overlap: f64) -> Vec<Disagreement> {
    let doc_ids: Vec<Id> = if docs.is_empty() {
        project.documents.keys().copied().collect()
    } else {
        docs.iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|d| project.documents.contains_key(d))
            .collect()
    };
    let mut out = Vec::new();
    for doc in doc_ids {
        let of = |coder: Id| -> Vec<&Coding> {
            project.codings_of_document(doc).into_iter().filter(|c| c.coder == coder && !c.span().is_empty()).collect()
        };
        let (ca, cb) = (of(coder_a), of(coder_b));
        // (code -> ranges) per coder, widened by matched pairs
        let mut ra: BTreeMap<Id, Vec<Span>> = BTreeMap::new();
        let mut rb: BTreeMap<Id, Vec<Span>> = BTreeMap::new();
        for x in &ca {
            ra.entry(x.code).or_default().push(x.span());
        }
        for y in &cb {
            rb.entry(y.code).or_default().push(y.span());
        }
        for x in &ca {
            for y in cb.iter().filter(|y| y.code == x.code) {
                if matches(x.span(), y.span(), min_overlap) {
                    let u = x.span().hull(y.span());
                    ra.entry(x.code).or_default().push(u);
                    rb.entry(x.code).or_default().push(u);
                }
            }
        }
        let ra: BTreeMap<Id, Vec<Span>> = ra.into_iter().map(|(k, v)| (k, coverage(v))).collect();
        let rb: BTreeMap<Id, Vec<Span>> = rb.into_iter().map(|(k, v)| (k, coverage(v))).collect();
        let mut cuts: BTreeSet<usize> = BTreeSet::new();
        for v in ra.values().chain(rb.values()) {
            for s in v {
                cuts.insert(s.start);
                cuts.insert(s.end);
            }
        }
        let cuts: Vec<usize> = cuts.into_iter().collect();
        let at = |m: &BTreeMap<Id, Vec<Span>>, s: usize, e: usize| -> Vec<Id> {
            m.iter().filter(|(_, v)| v.iter().any(|r| r.covers(Span::new(s, e)))).map(|(k, _)| *k).collect()
        };
        let mut last: Option<Disagreement> = None;
        for w in cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            let (sa, sb) = (at(&ra, s, e), at(&rb, s, e));
            if sa == sb {
                out.extend(last.take());
                continue;
            }
            match last.as_mut() {
                Some(l) if l.end == s && l.codes_a == sa && l.codes_b == sb => l.end = e,
                _ => {
                    out.extend(last.take());
                    last = Some(Disagreement { document: doc, start: s, end: e, codes_a: sa, codes_b: sb });
                }
            }
        }
        out.extend(last);
    }
    out
}
