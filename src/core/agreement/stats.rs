//! Pure statistics over plain inputs: two raters (contingency, percent agreement, Cohen,
//! Brennan-Prediger), any number of raters with missing values (Fleiss, Krippendorff) and the
//! binary present/absent shortcuts the unit builders use.

use super::*;

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

pub(super) fn row_counts<L: Ord>(row: &[Option<L>]) -> BTreeMap<&L, u64> {
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
