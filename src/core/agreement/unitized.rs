//! Krippendorff's unitized alpha on a continuum (character ranges of one document).

use super::*;

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
pub(super) fn sections(len: usize, units: &[Span]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &Span { start: b, end: e } in units {
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
pub(super) fn unitize(len: usize, units: &[Span]) -> Vec<Span> {
    crate::core::span::merged(units.iter().map(|s| s.clip_to(len)), false)
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
pub fn unitized_alpha(len: usize, coders: &[Vec<Span>]) -> UnitizedAlpha {
    let m = coders.len();
    let undefined = UnitizedAlpha { observed: 0.0, expected: 0.0, alpha: None };
    if m < 2 || len == 0 {
        return undefined;
    }
    let units: Vec<Vec<Span>> = coders.iter().map(|u| unitize(len, u)).collect();
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
    let lens: Vec<f64> = units.iter().flatten().map(|s| s.len() as f64).collect();
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
