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

/// Spans from `(start, end)` pairs, as the published examples write them.
fn spans(v: &[(usize, usize)]) -> Vec<Span> {
    v.iter().map(|&p| Span::from(p)).collect()
}

#[test]
fn overlap_threshold_is_inclusive_and_needs_a_shared_character() {
    let s = Span::new;
    assert_eq!(s(0, 10).overlap_ratio(s(0, 9)), 0.9);
    assert!(matches(s(0, 10), s(0, 9), 0.9));
    assert!(!matches(s(0, 10), s(0, 8), 0.9));
    assert!(matches(s(0, 10), s(1, 9), 0.8));
    assert!(!matches(s(0, 5), s(5, 10), 0.0));
    assert_eq!(s(3, 7).overlap_ratio(s(3, 7)), 1.0);
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
        unitize(20, &spans(&[(5, 9), (0, 3), (8, 12), (12, 15), (18, 30)])),
        spans(&[(0, 3), (5, 12), (12, 15), (18, 20)])
    );
    assert_eq!(
        sections(10, &spans(&[(2, 4), (4, 6)])),
        vec![(0, 2, false), (2, 4, true), (4, 6, true), (6, 10, false)]
    );
    assert_eq!(coverage(spans(&[(4, 6), (2, 4), (8, 9)])), spans(&[(2, 6), (8, 9)]));
}

#[test]
fn coverage_histogram_counts_every_character_once() {
    let h = coverage_histogram(20, &[spans(&[(0, 10)]), spans(&[(5, 15)]), spans(&[(8, 9)])]);
    assert_eq!(h.by_present, vec![5, 10, 4, 1]);
    assert_eq!(h.units(), 20);
}

#[test]
fn unitized_alpha_identical_unitizing_is_one() {
    let u = unitized_alpha(
        100,
        &[spans(&[(10, 20), (50, 70)]), spans(&[(10, 20), (50, 70)]), spans(&[(50, 70), (10, 20)])],
    );
    assert_eq!(u.observed, 0.0);
    assert_eq!(u.alpha, Some(1.0));
    assert_eq!(unitized_alpha(100, &[spans(&[(1, 2)])]).alpha, None);
}
