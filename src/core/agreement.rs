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
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

// ---------------------------------------------------------------------------------------------
// Pure statistics: two raters
// ---------------------------------------------------------------------------------------------

/// A square contingency table of two raters' labels: `counts[i][j]` is the number of units that
/// rater A put in `labels[i]` and rater B in `labels[j]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contingency<L> {
    pub labels: Vec<L>,
    pub counts: Vec<Vec<u64>>,
}

/// Cross-tabulates paired labels (one pair per unit both raters labelled; drop units with a
/// missing label before calling). Labels are the sorted union of both raters' labels.
pub fn contingency<L: Ord + Clone>(pairs: &[(L, L)]) -> Contingency<L> {
    let labels: Vec<L> =
        pairs.iter().flat_map(|(a, b)| [a.clone(), b.clone()]).collect::<BTreeSet<L>>().into_iter().collect();
    let index: BTreeMap<&L, usize> = labels.iter().enumerate().map(|(i, l)| (l, i)).collect();
    let q = labels.len();
    let mut counts = vec![vec![0u64; q]; q];
    for (a, b) in pairs {
        counts[index[a]][index[b]] += 1;
    }
    Contingency { labels, counts }
}

/// Observed proportion of agreement of a contingency table: `p_o = Σ_k n_kk / n`.
/// `None` when the table is empty (n = 0).
pub fn percent_agreement_table(counts: &[Vec<u64>]) -> Option<f64> {
    let n: u64 = counts.iter().flatten().sum();
    if n == 0 {
        return None;
    }
    let diag: u64 = (0..counts.len()).map(|k| counts[k].get(k).copied().unwrap_or(0)).sum();
    Some(diag as f64 / n as f64)
}

/// Percent agreement of paired labels: the share of units both raters labelled the same,
/// `p_o = #{u : a_u = b_u} / n`. `None` for no pairs.
pub fn percent_agreement<L: PartialEq>(pairs: &[(L, L)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    Some(pairs.iter().filter(|(a, b)| a == b).count() as f64 / pairs.len() as f64)
}

/// Cohen's kappa (1960), two raters, nominal, from a contingency table:
///
/// `κ = (p_o − p_e) / (1 − p_e)` with `p_o = Σ_k n_kk / n` and `p_e = Σ_k n_k· n_·k / n²`,
///
/// computed as the equivalent `κ = 1 − n Σ_{k≠l} n_kl / Σ_{k≠l} n_k· n_·l` (scikit-learn's
/// `cohen_kappa_score` form). `None` when n = 0, or when `p_e = 1` (both raters used one and the
/// same category for every unit; then `p_o = 1` too and kappa is 0/0 — scikit-learn returns its
/// `replace_undefined_by`, NaN by default). Perfect agreement with `p_e < 1` gives exactly 1.
pub fn cohen_kappa_table(counts: &[Vec<u64>]) -> Option<f64> {
    let q = counts.len();
    let n: u64 = counts.iter().flatten().sum();
    if n == 0 {
        return None;
    }
    let rows: Vec<u64> = counts.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<u64> = (0..q).map(|j| counts.iter().map(|r| r.get(j).copied().unwrap_or(0)).sum()).collect();
    let mut observed_off = 0u64;
    let mut expected_off = 0f64;
    for (k, row) in counts.iter().enumerate() {
        for (l, col) in cols.iter().enumerate() {
            if k != l {
                observed_off += row.get(l).copied().unwrap_or(0);
                expected_off += rows[k] as f64 * *col as f64;
            }
        }
    }
    if expected_off == 0.0 {
        return None;
    }
    Some(1.0 - n as f64 * observed_off as f64 / expected_off)
}

/// Cohen's kappa from paired labels (see [`cohen_kappa_table`]).
pub fn cohen_kappa<L: Ord + Clone>(pairs: &[(L, L)]) -> Option<f64> {
    cohen_kappa_table(&contingency(pairs).counts)
}

/// Brennan & Prediger's (1981) kappa (also Bennett's S, Randolph's free-marginal kappa) for `q`
/// equally likely categories: `κ_BP = (p_o − 1/q) / (1 − 1/q)`.
///
/// For `q < 2` the chance term is 1 and the formula is 0/0. irrCAC substitutes `p_e = 1e-15`
/// there, which returns `p_o` (= 1 whenever only one category exists); we mirror that as
/// `Some(1.0)` when `p_o == 1` and `None` otherwise (which only inconsistent input can reach).
pub fn brennan_prediger(p_o: f64, q: usize) -> Option<f64> {
    if q < 2 {
        return (p_o == 1.0).then_some(1.0);
    }
    let p_e = 1.0 / q as f64;
    Some((p_o - p_e) / (1.0 - p_e))
}

// ---------------------------------------------------------------------------------------------
// Pure statistics: any number of raters, missing values
// ---------------------------------------------------------------------------------------------

/// Reliability data: one row per unit, one column per coder, `None` where that coder did not
/// label that unit. Rows may be ragged; a missing trailing column is the same as `None`.
pub type ReliabilityData<L> = [Vec<Option<L>>];

fn row_counts<L: Ord>(row: &[Option<L>]) -> BTreeMap<&L, u64> {
    let mut m = BTreeMap::new();
    for v in row.iter().flatten() {
        *m.entry(v).or_insert(0) += 1;
    }
    m
}

/// Gwet's / irrCAC's multi-rater percent agreement: over the units labelled by at least two
/// coders (`r_u ≥ 2`), the mean share of agreeing ordered coder pairs,
/// `p_a = (1/n') Σ_u Σ_k r_uk (r_uk − 1) / (r_u (r_u − 1))`.
/// For two coders this is the share of units both labelled the same. `None` when no unit has two
/// labels.
pub fn percent_agreement_multi<L: Ord>(data: &ReliabilityData<L>) -> Option<f64> {
    let mut sum = 0.0;
    let mut n2 = 0u64;
    for row in data {
        let counts = row_counts(row);
        let r: u64 = counts.values().sum();
        if r < 2 {
            continue;
        }
        let agree: u64 = counts.values().map(|&c| c * (c - 1)).sum();
        sum += agree as f64 / (r * (r - 1)) as f64;
        n2 += 1;
    }
    (n2 > 0).then(|| sum / n2 as f64)
}

/// Number of distinct labels in the data (irrCAC's default `q`).
pub fn distinct_labels<L: Ord>(data: &ReliabilityData<L>) -> usize {
    data.iter().flat_map(|r| r.iter().flatten()).collect::<BTreeSet<&L>>().len()
}

/// Brennan-Prediger for any number of coders with missing values (irrCAC `CAC.bp()`):
/// `(p_a − 1/q) / (1 − 1/q)` with `p_a` from [`percent_agreement_multi`] and `q` the number of
/// possible categories (`None` = the number of distinct labels observed, irrCAC's default).
pub fn brennan_prediger_multi<L: Ord>(data: &ReliabilityData<L>, q: Option<usize>) -> Option<f64> {
    let p_a = percent_agreement_multi(data)?;
    brennan_prediger(p_a, q.unwrap_or_else(|| distinct_labels(data)))
}

/// Fleiss' kappa (1971) generalised to missing values as in irrCAC `CAC.fleiss()` (Gwet 2014):
/// `κ_F = (p_a − p_e) / (1 − p_e)`, `p_a` from [`percent_agreement_multi`],
/// `p_e = Σ_k π_k²`, `π_k = (1/n) Σ_u r_uk / r_u` over the n units with at least one label.
/// `None` when no unit has two labels or fewer than two categories occur (`p_e = 1`; irrCAC
/// returns NaN there).
pub fn fleiss_kappa<L: Ord>(data: &ReliabilityData<L>) -> Option<f64> {
    let p_a = percent_agreement_multi(data)?;
    let mut pi: BTreeMap<&L, f64> = BTreeMap::new();
    let mut n = 0u64;
    for row in data {
        let counts = row_counts(row);
        let r: u64 = counts.values().sum();
        if r == 0 {
            continue;
        }
        n += 1;
        for (k, c) in counts {
            *pi.entry(k).or_insert(0.0) += c as f64 / r as f64;
        }
    }
    if pi.len() < 2 {
        return None;
    }
    let p_e: f64 = pi.values().map(|s| (s / n as f64).powi(2)).sum();
    if p_e >= 1.0 {
        return None;
    }
    Some((p_a - p_e) / (1.0 - p_e))
}

/// Krippendorff's alpha, nominal metric, any number of coders, missing values allowed
/// (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"):
///
/// Coincidences `o_ck = Σ_u (number of c-k pairs of values in u, ordered, from different coders)
/// / (m_u − 1)` over units with `m_u ≥ 2` values (pairable values); `n_c = Σ_k o_ck`,
/// `n = Σ_c n_c`. Then `α = 1 − D_o / D_e = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k`.
///
/// `None` when no unit has two values (the `krippendorff` package raises), or when all pairable
/// values are one category (`D_e = 0`; the package raises or returns NaN).
pub fn krippendorff_alpha_nominal<L: Ord>(data: &ReliabilityData<L>) -> Option<f64> {
    let mut n_c: BTreeMap<&L, f64> = BTreeMap::new();
    let mut disagree = 0.0;
    for row in data {
        let counts = row_counts(row);
        let m: u64 = counts.values().sum();
        if m < 2 {
            continue;
        }
        let same: u64 = counts.values().map(|&c| c * c).sum();
        disagree += (m * m - same) as f64 / (m - 1) as f64;
        for (k, c) in counts {
            *n_c.entry(k).or_insert(0.0) += c as f64;
        }
    }
    if n_c.is_empty() {
        return None;
    }
    let n: f64 = n_c.values().sum();
    let expected = n * n - n_c.values().map(|x| x * x).sum::<f64>();
    if expected <= 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * disagree / expected)
}

// ---------------------------------------------------------------------------------------------
// Binary (present / absent) shortcuts used by the unit builders
// ---------------------------------------------------------------------------------------------

/// The 2x2 table of one code for coders A and B over some units:
/// `a` = both applied the code, `b` = only A, `c` = only B, `d` = neither.
/// At segment level `d` is always 0: "a segment neither coder coded" does not exist.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table2x2 {
    pub a: u64,
    pub b: u64,
    pub c: u64,
    pub d: u64,
}

impl Table2x2 {
    pub fn n(&self) -> u64 {
        self.a + self.b + self.c + self.d
    }

    pub fn add(&mut self, o: &Table2x2) {
        self.a += o.a;
        self.b += o.b;
        self.c += o.c;
        self.d += o.d;
    }

    /// As a contingency table with label order `[present, absent]`.
    pub fn counts(&self) -> Vec<Vec<u64>> {
        vec![vec![self.a, self.b], vec![self.c, self.d]]
    }

    /// `(a + d) / n`.
    pub fn percent_agreement(&self) -> Option<f64> {
        percent_agreement_table(&self.counts())
    }

    /// Cohen's kappa of the 2x2 table ([`cohen_kappa_table`]).
    pub fn cohen_kappa(&self) -> Option<f64> {
        cohen_kappa_table(&self.counts())
    }

    /// Brennan-Prediger with q = 2 (present / absent): `2 p_o − 1`.
    pub fn brennan_prediger(&self) -> Option<f64> {
        brennan_prediger(self.percent_agreement()?, 2)
    }

    /// Krippendorff's alpha (nominal = binary) for two coders without missing values:
    /// with `n = 2N`, `n_1 = 2a + b + c`, `n_0 = 2d + b + c`:
    /// `α = 1 − (n − 1)(b + c) / (n_0 n_1)`. `None` if one value only or no units.
    pub fn krippendorff_alpha(&self) -> Option<f64> {
        BinaryCounts { coders: 2, by_present: vec![self.d, self.b + self.c, self.a] }.krippendorff_alpha()
    }
}

/// Binary ratings of `coders` coders who all rated every unit, summarised as a histogram:
/// `by_present[k]` = number of units exactly `k` coders marked present (`k = 0..=coders`).
/// Lets character-level statistics over long transcripts run without one row per character.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinaryCounts {
    pub coders: usize,
    pub by_present: Vec<u64>,
}

impl BinaryCounts {
    pub fn units(&self) -> u64 {
        self.by_present.iter().sum()
    }

    pub fn add(&mut self, o: &BinaryCounts) {
        if self.by_present.len() < o.by_present.len() {
            self.by_present.resize(o.by_present.len(), 0);
        }
        for (k, n) in o.by_present.iter().enumerate() {
            self.by_present[k] += n;
        }
        self.coders = self.coders.max(o.coders);
    }

    fn totals(&self) -> (f64, f64, f64) {
        let m = self.coders as f64;
        let n = m * self.units() as f64;
        let n1: f64 = self.by_present.iter().enumerate().map(|(k, &u)| k as f64 * u as f64).sum();
        (n, n1, n - n1)
    }

    /// [`percent_agreement_multi`] for this data.
    pub fn percent_agreement(&self) -> Option<f64> {
        let m = self.coders as u64;
        let units = self.units();
        if m < 2 || units == 0 {
            return None;
        }
        let sum: f64 = self
            .by_present
            .iter()
            .enumerate()
            .map(|(k, &u)| {
                let k = k as u64;
                u as f64 * (k * k.saturating_sub(1) + (m - k) * (m - k).saturating_sub(1)) as f64
            })
            .sum();
        Some(sum / (m * (m - 1)) as f64 / units as f64)
    }

    /// [`krippendorff_alpha_nominal`] for this data: a unit with `k` of `m` present contributes
    /// `2k(m − k)/(m − 1)` disagreeing coincidences; `α = 1 − (n − 1) Σ / (2 n_0 n_1)`.
    pub fn krippendorff_alpha(&self) -> Option<f64> {
        let m = self.coders as f64;
        if self.coders < 2 || self.units() == 0 {
            return None;
        }
        let (n, n1, n0) = self.totals();
        if n1 == 0.0 || n0 == 0.0 {
            return None;
        }
        let disagree: f64 = self
            .by_present
            .iter()
            .enumerate()
            .map(|(k, &u)| u as f64 * 2.0 * k as f64 * (m - k as f64) / (m - 1.0))
            .sum();
        Some(1.0 - (n - 1.0) * disagree / (2.0 * n0 * n1))
    }

    /// [`fleiss_kappa`] for this data (`π_1 = n_1 / n`).
    pub fn fleiss_kappa(&self) -> Option<f64> {
        let p_a = self.percent_agreement()?;
        let (n, n1, n0) = self.totals();
        if n1 == 0.0 || n0 == 0.0 {
            return None;
        }
        let p_e = (n1 / n).powi(2) + (n0 / n).powi(2);
        Some((p_a - p_e) / (1.0 - p_e))
    }

    /// Brennan-Prediger with q = 2.
    pub fn brennan_prediger(&self) -> Option<f64> {
        brennan_prediger(self.percent_agreement()?, 2)
    }
}

// ---------------------------------------------------------------------------------------------
// Krippendorff's unitized alpha on a continuum
// ---------------------------------------------------------------------------------------------

/// Observed and expected disagreement of Krippendorff's unitizing alpha for one category, and
/// `α = 1 − D_o / D_e` (`None` when `D_e = 0`, i.e. nobody identified a unit of the category).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UnitizedAlpha {
    pub observed: f64,
    pub expected: f64,
    pub alpha: Option<f64>,
}

/// Across categories: `α = 1 − Σ_c D_oc / Σ_c D_ec` (Krippendorff 2004, §12.4; DKPro's
/// overall alpha_U averages both terms, which is the same ratio).
pub fn unitized_alpha_pooled(per_category: &[UnitizedAlpha]) -> Option<f64> {
    let o: f64 = per_category.iter().map(|u| u.observed).sum();
    let e: f64 = per_category.iter().map(|u| u.expected).sum();
    (e > 0.0).then(|| 1.0 - o / e)
}

/// One coder's sections of the continuum: `(begin, end, is_unit)`, covering `[0, len)`.
fn sections(len: usize, units: &[(usize, usize)]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &(b, e) in units {
        if b > pos {
            out.push((pos, b, false));
        }
        out.push((b, e, true));
        pos = e;
    }
    if pos < len {
        out.push((pos, len, false));
    }
    out
}

/// Units of one coder made non-overlapping: clipped to `[0, len)`, sorted, and codings that
/// overlap merged into their union. Touching units stay separate units.
fn unitize(len: usize, units: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> =
        units.iter().map(|&(b, e)| (b.min(len), e.min(len))).filter(|(b, e)| b < e).collect();
    v.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (b, e) in v {
        match out.last_mut() {
            Some(last) if b < last.1 => last.1 = last.1.max(e),
            _ => out.push((b, e)),
        }
    }
    out
}

/// Krippendorff's (1995; 2004 §12.4) alpha for unitizing a continuum, one category, `m ≥ 2`
/// coders who each went through the whole continuum `[0, len)`; `coders[i]` holds coder i's
/// units of the category as `(begin, end)` (end exclusive; overlapping units of one coder are
/// merged). Every coder's continuum splits into sections g of length `ℓ_g`: units and the gaps
/// between them.
///
/// Observed: `D_o = Σ_{i≠j} Σ_g Σ_h δ²(g, h) / (m(m−1) L²)`, where for a section g of coder i and
/// h of coder j: both units and overlapping → `(b_g − b_h)² + (e_g − e_h)²`; a unit lying
/// entirely inside the other's gap → its length squared; otherwise 0.
///
/// Expected: with `N_c` the number of units (all coders),
/// `D_e = (2/L) Σ_units u [ (N_c − 1) ℓ_u(ℓ_u − 1)(2ℓ_u − 1)/3 + ℓ_u² Σ_{gaps g, all coders,
/// ℓ_g ≥ ℓ_u} (ℓ_g − ℓ_u + 1) ] / [ mL(mL − 1) − Σ_units ℓ_u(ℓ_u − 1) ]`.
///
/// This is Krippendorff's original `α_U` (called `|uα` for a single category in Krippendorff,
/// Mathet, Bouvry & Widlöcher 2016), as in DKPro Statistics; the test suite reproduces the
/// published example of Krippendorff (2004, p. 254).
pub fn unitized_alpha(len: usize, coders: &[Vec<(usize, usize)>]) -> UnitizedAlpha {
    let m = coders.len();
    let undefined = UnitizedAlpha { observed: 0.0, expected: 0.0, alpha: None };
    if m < 2 || len == 0 {
        return undefined;
    }
    let units: Vec<Vec<(usize, usize)>> = coders.iter().map(|u| unitize(len, u)).collect();
    let secs: Vec<Vec<(usize, usize, bool)>> = units.iter().map(|u| sections(len, u)).collect();
    let l = len as f64;

    // Observed: walk each pair of partitions; every overlapping pair of sections is met once.
    let mut obs = 0.0;
    for i in 0..m {
        for j in (i + 1)..m {
            let (s1, s2) = (&secs[i], &secs[j]);
            let (mut x, mut y) = (0, 0);
            while x < s1.len() && y < s2.len() {
                let (b1, e1, u1) = s1[x];
                let (b2, e2, u2) = s2[y];
                let d = match (u1, u2) {
                    (true, true) => {
                        let db = b1 as f64 - b2 as f64;
                        let de = e1 as f64 - e2 as f64;
                        db * db + de * de
                    }
                    (true, false) if b2 <= b1 && e1 <= e2 => ((e1 - b1) as f64).powi(2),
                    (false, true) if b1 <= b2 && e2 <= e1 => ((e2 - b2) as f64).powi(2),
                    _ => 0.0,
                };
                obs += d;
                match e1.cmp(&e2) {
                    std::cmp::Ordering::Less => x += 1,
                    std::cmp::Ordering::Greater => y += 1,
                    std::cmp::Ordering::Equal => {
                        x += 1;
                        y += 1;
                    }
                }
            }
        }
    }
    let observed = 2.0 * obs / ((m * (m - 1)) as f64 * l * l);

    // Expected.
    let lens: Vec<f64> = units.iter().flatten().map(|&(b, e)| (e - b) as f64).collect();
    let n_c = lens.len() as f64;
    if lens.is_empty() {
        return UnitizedAlpha { observed, expected: 0.0, alpha: None };
    }
    let mut gaps: Vec<usize> = secs.iter().flatten().filter(|s| !s.2).map(|s| s.1 - s.0).collect();
    gaps.sort_unstable();
    // suffix sums over gaps sorted ascending: count and total length of gaps at index >= i
    let mut suf_n = vec![0f64; gaps.len() + 1];
    let mut suf_len = vec![0f64; gaps.len() + 1];
    for i in (0..gaps.len()).rev() {
        suf_n[i] = suf_n[i + 1] + 1.0;
        suf_len[i] = suf_len[i + 1] + gaps[i] as f64;
    }
    let mut num = 0.0;
    let mut self_pairs = 0.0;
    for &lu in &lens {
        let first = gaps.partition_point(|&g| (g as f64) < lu);
        let fit = suf_len[first] - (lu - 1.0) * suf_n[first];
        num += (n_c - 1.0) * lu * (lu - 1.0) * (2.0 * lu - 1.0) / 3.0 + lu * lu * fit;
        self_pairs += lu * (lu - 1.0);
    }
    let ml = m as f64 * l;
    let expected = 2.0 / l * num / (ml * (ml - 1.0) - self_pairs);
    let alpha = (expected > 0.0).then(|| 1.0 - observed / expected);
    UnitizedAlpha { observed, expected, alpha }
}

// ---------------------------------------------------------------------------------------------
// Unit builders: from a project's codings to tables
// ---------------------------------------------------------------------------------------------

/// What one unit of comparison is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgreementUnit {
    /// MAXQDA-style: each coded segment of each coder is a unit; it agrees when the other coder
    /// has a segment of the same code in the same document overlapping it by at least
    /// `min_overlap` (intersection over union). There is no "neither coded" cell (`d = 0`).
    Segment,
    /// Each character of the selected documents, per code: coded or not, per coder.
    Character,
    /// Each selected document, per code: code used anywhere in it or not, per coder.
    Document,
}

/// What to compare. Empty `documents` = all documents; empty `codes` = every codable code that at
/// least one of the coders used in the selected documents (explicitly listed codes are always
/// reported, used or not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementParams {
    /// Two or more coder ids; statistics are computed for every pair and, for
    /// character/document units, across all of them.
    pub coders: Vec<Id>,
    pub documents: Vec<Id>,
    pub codes: Vec<Id>,
    pub unit: AgreementUnit,
    /// Segment level only: minimum `|A ∩ B| / |A ∪ B|` (0..=1) for two segments to match.
    pub min_overlap: f64,
}

pub const DEFAULT_MIN_OVERLAP: f64 = 0.9;

impl Default for AgreementParams {
    fn default() -> Self {
        AgreementParams {
            coders: Vec::new(),
            documents: Vec::new(),
            codes: Vec::new(),
            unit: AgreementUnit::Character,
            min_overlap: DEFAULT_MIN_OVERLAP,
        }
    }
}

/// Segment-level detail: how many segments each coder made and how many found a match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentCounts {
    pub segments_a: u64,
    pub matched_a: u64,
    pub segments_b: u64,
    pub matched_b: u64,
}

impl SegmentCounts {
    fn add(&mut self, o: &SegmentCounts) {
        self.segments_a += o.segments_a;
        self.matched_a += o.matched_a;
        self.segments_b += o.segments_b;
        self.matched_b += o.matched_b;
    }

    /// Segment table: `a = matched_a + matched_b` (agreeing segments of both coders, as MAXQDA
    /// counts them), `b` = A's unmatched, `c` = B's unmatched, `d = 0`.
    pub fn table(&self) -> Table2x2 {
        Table2x2 {
            a: self.matched_a + self.matched_b,
            b: self.segments_a - self.matched_a,
            c: self.segments_b - self.matched_b,
            d: 0,
        }
    }
}

/// Agreement of two coders on one code (`code: Some`) or pooled over all codes (`code: None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeAgreement {
    pub code: Option<Id>,
    /// Number of units compared (`table.n()`): segments, characters (x codes when pooled), or
    /// documents (x codes when pooled).
    pub units: u64,
    pub table: Table2x2,
    /// Segment level only.
    pub segments: Option<SegmentCounts>,
    pub percent_agreement: Option<f64>,
    /// `None` at segment level (no `d` cell, so no marginals to build chance agreement from).
    pub cohen_kappa: Option<f64>,
    /// q = 2 for character/document units; at segment level q = number of codes compared.
    pub brennan_prediger: Option<f64>,
    /// Binary Krippendorff alpha over the units; `None` at segment level.
    pub krippendorff_alpha: Option<f64>,
    /// Character level only: Krippendorff's unitized alpha (|uα) of the code, documents
    /// concatenated into one continuum; pooled = `1 − ΣD_o/ΣD_e` over codes.
    pub unitized_alpha: Option<f64>,
}

/// Two coders compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAgreement {
    pub coder_a: Id,
    pub coder_b: Id,
    pub codes: Vec<CodeAgreement>,
    pub pooled: CodeAgreement,
}

/// All selected coders at once on one code (`code: Some`) or pooled (`code: None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultiCodeAgreement {
    pub code: Option<Id>,
    pub units: u64,
    /// `counts.by_present[k]` = units exactly k coders marked with the code.
    pub counts: BinaryCounts,
    /// irrCAC-style multi-rater percent agreement.
    pub percent_agreement: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub brennan_prediger: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    /// Character level only (see [`CodeAgreement::unitized_alpha`]).
    pub unitized_alpha: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllCodersAgreement {
    pub coders: Vec<Id>,
    pub codes: Vec<MultiCodeAgreement>,
    pub pooled: MultiCodeAgreement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementReport {
    pub unit: AgreementUnit,
    pub params: AgreementParams,
    /// The documents and codes actually compared (after resolving "empty = all").
    pub documents: Vec<Id>,
    pub codes: Vec<Id>,
    /// One entry per coder pair, in the order of `params.coders`.
    pub pairs: Vec<PairAgreement>,
    /// Across all coders (character and document units; `None` at segment level or with fewer
    /// than two coders).
    pub all_coders: Option<AllCodersAgreement>,
    /// Things the reader should know: unknown ids, too few coders, ...
    pub notes: Vec<String>,
}

/// `|A ∩ B| / |A ∪ B|` of two ranges; 0 when they do not overlap.
pub fn overlap_ratio(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    if inter == 0 {
        return 0.0;
    }
    let union = a.1.max(b.1) - a.0.min(b.0);
    inter as f64 / union as f64
}

/// Whether two ranges match at `min_overlap` (they must share at least one character).
fn matches(a: (usize, usize), b: (usize, usize), min_overlap: f64) -> bool {
    let r = overlap_ratio(a, b);
    r > 0.0 && r >= min_overlap
}

/// Sorted, merged (touching merged too) coverage of ranges.
fn coverage(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    v.retain(|(b, e)| b < e);
    v.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (b, e) in v {
        match out.last_mut() {
            Some(last) if b <= last.1 => last.1 = last.1.max(e),
            _ => out.push((b, e)),
        }
    }
    out
}

/// For `k` coverages over `[0, len)`: `by_present[j]` = characters covered by exactly j of them.
fn coverage_histogram(len: usize, covers: &[Vec<(usize, usize)>]) -> BinaryCounts {
    let mut events: Vec<(usize, i64)> = Vec::new();
    for cov in covers {
        for &(b, e) in cov {
            events.push((b.min(len), 1));
            events.push((e.min(len), -1));
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
    /// (coder, code, doc) -> ranges, sorted
    ranges: BTreeMap<(Id, Id, Id), Vec<(usize, usize)>>,
}

fn select(project: &Project, coders: &[Id], documents: &[Id], codes: &[Id], notes: &mut Vec<String>) -> Selection {
    let docs: Vec<(Id, usize)> = if documents.is_empty() {
        project.documents.values().map(|d| (d.id, d.char_len())).collect()
    } else {
        let mut v = Vec::new();
        for id in documents.iter().collect::<BTreeSet<_>>() {
            match project.documents.get(id) {
                Some(d) => v.push((d.id, d.char_len())),
                None => notes.push(format!("document {id} does not exist and was skipped")),
            }
        }
        v
    };
    let doc_set: BTreeSet<Id> = docs.iter().map(|d| d.0).collect();
    let coder_set: BTreeSet<Id> = coders.iter().copied().collect();
    let mut ranges: BTreeMap<(Id, Id, Id), Vec<(usize, usize)>> = BTreeMap::new();
    for c in project.codings.values() {
        if doc_set.contains(&c.document) && coder_set.contains(&c.coder) && c.start < c.end {
            ranges.entry((c.coder, c.code, c.document)).or_default().push((c.start, c.end));
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
                notes.push(format!("code {id} does not exist and was skipped"));
            }
        }
        v
    };
    Selection { docs, codes, ranges }
}

impl Selection {
    fn get(&self, coder: Id, code: Id, doc: Id) -> &[(usize, usize)] {
        self.ranges.get(&(coder, code, doc)).map(|v| v.as_slice()).unwrap_or(&[])
    }

    fn total_len(&self) -> usize {
        self.docs.iter().map(|d| d.1).sum()
    }

    /// Coder's units of `code` on the continuum of the selected documents laid end to end.
    fn continuum_units(&self, coder: Id, code: Id) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut offset = 0;
        for &(doc, len) in &self.docs {
            out.extend(self.get(coder, code, doc).iter().map(|&(b, e)| (offset + b.min(len), offset + e.min(len))));
            offset += len;
        }
        out
    }

    /// Units by number of `coders` that have `code`, at character or document level.
    fn histogram(&self, coders: &[Id], code: Id, unit: AgreementUnit) -> BinaryCounts {
        let mut total = BinaryCounts { coders: coders.len(), by_present: vec![0; coders.len() + 1] };
        for &(doc, len) in &self.docs {
            let covers: Vec<Vec<(usize, usize)>> = coders
                .iter()
                .map(|&c| coverage(self.get(c, code, doc).iter().map(|&(b, e)| (b.min(len), e.min(len))).collect()))
                .collect();
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
        let clip = |v: &[(usize, usize)]| coverage(v.iter().map(|&(s, e)| (s.min(len), e.min(len))).collect());
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
                let len_a: usize = ca.iter().map(|r| r.1 - r.0).sum();
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
            let name = project.coders.get(&c).map_or_else(|| c.to_string(), |x| x.name.clone());
            notes.push(format!("warning: coder {name} was given twice and is counted once"));
            continue;
        }
        if project.coders.contains_key(&c) {
            coders.push(c);
        } else {
            notes.push(format!("coder {c} does not exist and was skipped"));
        }
    }
    if coders.len() < 2 {
        notes.push("agreement needs at least two coders".into());
    }
    let unit = params.unit;
    let sel = select(project, &coders, &params.documents, &params.codes, &mut notes);
    let q = sel.codes.len();
    let total_len = sel.total_len();
    // Figures with a coder who coded nothing, or over a code nobody used, look plausible (many
    // "neither" units agree) but mean nothing: say so next to them.
    for &c in &coders {
        if !sel.ranges.keys().any(|k| k.0 == c) {
            notes.push(format!(
                "warning: coder {} has no codings in the compared documents; every figure with {} only counts what the others coded",
                project.coders[&c].name, project.coders[&c].name
            ));
        }
    }
    for &code in &sel.codes {
        if !sel.ranges.keys().any(|k| k.1 == code && coders.contains(&k.0)) {
            notes.push(format!(
                "warning: code {} was used by none of the compared coders",
                project.code_path_string(code)
            ));
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
                let units: Vec<Vec<(usize, usize)>> = coders.iter().map(|&c| sel.continuum_units(c, code)).collect();
                unitized_alpha(total_len, &units)
            });
            unitized.extend(u);
            per_code.push(multi_agreement(Some(code), h, u.and_then(|u| u.alpha)));
        }
        let pooled_u = (unit == AgreementUnit::Character).then(|| unitized_alpha_pooled(&unitized)).flatten();
        AllCodersAgreement { coders: coders.clone(), codes: per_code, pooled: multi_agreement(None, pooled, pooled_u) }
    });
    if coders.len() >= 2 && unit == AgreementUnit::Segment {
        notes.push("segment level compares coder pairs only; no all-coder statistic".into());
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
            project.codings_of_document(doc).into_iter().filter(|c| c.coder == coder && c.start < c.end).collect()
        };
        let (ca, cb) = (of(coder_a), of(coder_b));
        // (code -> ranges) per coder, widened by matched pairs
        let mut ra: BTreeMap<Id, Vec<(usize, usize)>> = BTreeMap::new();
        let mut rb: BTreeMap<Id, Vec<(usize, usize)>> = BTreeMap::new();
        for x in &ca {
            ra.entry(x.code).or_default().push((x.start, x.end));
        }
        for y in &cb {
            rb.entry(y.code).or_default().push((y.start, y.end));
        }
        for x in &ca {
            for y in cb.iter().filter(|y| y.code == x.code) {
                if matches((x.start, x.end), (y.start, y.end), min_overlap) {
                    let u = (x.start.min(y.start), x.end.max(y.end));
                    ra.entry(x.code).or_default().push(u);
                    rb.entry(x.code).or_default().push(u);
                }
            }
        }
        let ra: BTreeMap<Id, Vec<(usize, usize)>> = ra.into_iter().map(|(k, v)| (k, coverage(v))).collect();
        let rb: BTreeMap<Id, Vec<(usize, usize)>> = rb.into_iter().map(|(k, v)| (k, coverage(v))).collect();
        let mut cuts: BTreeSet<usize> = BTreeSet::new();
        for v in ra.values().chain(rb.values()) {
            for &(s, e) in v {
                cuts.insert(s);
                cuts.insert(e);
            }
        }
        let cuts: Vec<usize> = cuts.into_iter().collect();
        let at = |m: &BTreeMap<Id, Vec<(usize, usize)>>, s: usize, e: usize| -> Vec<Id> {
            m.iter().filter(|(_, v)| v.iter().any(|&(b, f)| b <= s && e <= f)).map(|(k, _)| *k).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_from_hist(m: usize, hist: &[u64]) -> Vec<Vec<Option<u8>>> {
        let mut rows = Vec::new();
        for (k, &n) in hist.iter().enumerate() {
            for _ in 0..n {
                rows.push((0..m).map(|i| Some((i < k) as u8)).collect());
            }
        }
        rows
    }

    fn same(a: Option<f64>, b: Option<f64>) {
        match (a, b) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{x} vs {y}"),
            (None, None) => {}
            _ => panic!("{a:?} vs {b:?}"),
        }
    }

    #[test]
    fn binary_counts_match_the_generic_formulas() {
        for (m, hist) in [
            (2, vec![5u64, 3, 7]),
            (3, vec![130, 2, 9, 9]),
            (4, vec![1, 0, 0, 2, 6]),
            (3, vec![0, 0, 0, 4]),
            (2, vec![4, 0, 0]),
            (5, vec![3, 1, 4, 1, 5, 9]),
        ] {
            let c = BinaryCounts { coders: m, by_present: hist.clone() };
            let rows = rows_from_hist(m, &hist);
            same(c.krippendorff_alpha(), krippendorff_alpha_nominal(&rows));
            same(c.percent_agreement(), percent_agreement_multi(&rows));
            same(c.fleiss_kappa(), fleiss_kappa(&rows));
            same(c.brennan_prediger(), brennan_prediger_multi(&rows, Some(2)));
        }
    }

    #[test]
    fn table_2x2_matches_the_generic_formulas() {
        for (a, b, c, d) in [(17, 3, 0, 130), (0, 1, 1, 0), (4, 0, 0, 0), (3, 4, 3, 90), (0, 0, 0, 0)] {
            let t = Table2x2 { a, b, c, d };
            let mut rows = Vec::new();
            let mut pairs = Vec::new();
            for (n, x, y) in [(a, 1, 1), (b, 1, 0), (c, 0, 1), (d, 0, 0)] {
                for _ in 0..n {
                    rows.push(vec![Some(x), Some(y)]);
                    pairs.push((x, y));
                }
            }
            same(t.krippendorff_alpha(), krippendorff_alpha_nominal(&rows));
            same(t.cohen_kappa(), cohen_kappa(&pairs));
            same(t.percent_agreement(), percent_agreement(&pairs));
        }
    }

    #[test]
    fn overlap_threshold_is_inclusive_and_needs_a_shared_character() {
        assert_eq!(overlap_ratio((0, 10), (0, 9)), 0.9);
        assert!(matches((0, 10), (0, 9), 0.9));
        assert!(!matches((0, 10), (0, 8), 0.9));
        assert!(matches((0, 10), (1, 9), 0.8));
        assert!(!matches((0, 5), (5, 10), 0.0));
        assert_eq!(overlap_ratio((3, 7), (3, 7)), 1.0);
    }

    #[test]
    fn brennan_prediger_edges() {
        assert_eq!(brennan_prediger(1.0, 1), Some(1.0));
        assert_eq!(brennan_prediger(0.5, 1), None);
        assert_eq!(brennan_prediger(0.5, 2), Some(0.0));
        assert_eq!(brennan_prediger(1.0, 4), Some(1.0));
    }

    #[test]
    fn unitize_merges_overlaps_but_keeps_touching_units() {
        assert_eq!(
            unitize(20, &[(5, 9), (0, 3), (8, 12), (12, 15), (18, 30)]),
            vec![(0, 3), (5, 12), (12, 15), (18, 20)]
        );
        assert_eq!(sections(10, &[(2, 4), (4, 6)]), vec![(0, 2, false), (2, 4, true), (4, 6, true), (6, 10, false)]);
        assert_eq!(coverage(vec![(4, 6), (2, 4), (8, 9)]), vec![(2, 6), (8, 9)]);
    }

    #[test]
    fn coverage_histogram_counts_every_character_once() {
        let h = coverage_histogram(20, &[vec![(0, 10)], vec![(5, 15)], vec![(8, 9)]]);
        assert_eq!(h.by_present, vec![5, 10, 4, 1]);
        assert_eq!(h.units(), 20);
    }

    #[test]
    fn unitized_alpha_identical_unitizing_is_one() {
        let u = unitized_alpha(100, &[vec![(10, 20), (50, 70)], vec![(10, 20), (50, 70)], vec![(50, 70), (10, 20)]]);
        assert_eq!(u.observed, 0.0);
        assert_eq!(u.alpha, Some(1.0));
        assert_eq!(unitized_alpha(100, &[vec![(1, 2)]]).alpha, None);
    }
}
