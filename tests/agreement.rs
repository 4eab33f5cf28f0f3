//! Intercoder agreement: every figure of `tests/agreement/vectors.json` (made by
//! `tests/agreement/make_vectors.py` from krippendorff, scikit-learn and irrCAC) to 1e-9, the
//! published unitized-alpha example of Krippendorff (2004), and hand-computed unit tables for a
//! small project.

use serde_json::Value;
use std::sync::Arc;
use werkbank::core::agreement::*;
use werkbank::core::*;

const EPS: f64 = 1e-9;

fn close(what: &str, got: Option<f64>, want: Option<f64>, eps: f64) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= eps, "{what}: got {g}, want {w}"),
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

#[test]
fn reference_vectors() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/agreement/vectors.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let sets = json["datasets"].as_array().unwrap();
    assert!(sets.len() >= 15);
    let mut checked = 0;
    for set in sets {
        let name = set["name"].as_str().unwrap();
        let data: Vec<Vec<Option<i64>>> = serde_json::from_value(set["data"].clone()).unwrap();
        let e = &set["expected"];
        close(&format!("{name} alpha"), krippendorff_alpha_nominal(&data), num(&e["krippendorff_alpha"]), EPS);
        checked += 1;
        if e["bp_error"].is_null() {
            close(&format!("{name} pa"), percent_agreement_multi(&data), num(&e["percent_agreement"]), EPS);
            close(&format!("{name} bp"), brennan_prediger_multi(&data, None), num(&e["brennan_prediger"]), EPS);
            checked += 2;
        }
        if e["fleiss_error"].is_null() {
            close(&format!("{name} fleiss"), fleiss_kappa(&data), num(&e["fleiss_kappa"]), EPS);
            checked += 1;
        }
        let m = data.iter().map(|r| r.len()).max().unwrap_or(0);
        for p in e["pairs"].as_array().unwrap() {
            let (i, j) = (p["coders"][0].as_u64().unwrap() as usize, p["coders"][1].as_u64().unwrap() as usize);
            let pairs: Vec<(i64, i64)> = data
                .iter()
                .filter_map(|r| Some((r.get(i).copied().flatten()?, r.get(j).copied().flatten()?)))
                .collect();
            assert_eq!(pairs.len() as u64, p["n"].as_u64().unwrap(), "{name} pair n");
            let what = format!("{name} pair {i}-{j}");
            close(&format!("{what} kappa"), cohen_kappa(&pairs), num(&p["cohen_kappa"]), EPS);
            close(
                &format!("{what} kappa(table)"),
                cohen_kappa_table(&contingency(&pairs).counts),
                num(&p["cohen_kappa"]),
                EPS,
            );
            checked += 2;
            if p["bp_error"].is_null() {
                let sub: Vec<Vec<Option<i64>>> =
                    data.iter().map(|r| vec![r.get(i).copied().flatten(), r.get(j).copied().flatten()]).collect();
                close(&format!("{what} pa"), percent_agreement_multi(&sub), num(&p["percent_agreement"]), EPS);
                close(&format!("{what} pa(pairs)"), percent_agreement(&pairs), num(&p["percent_agreement"]), EPS);
                checked += 2;
            }
            // Complete binary data: the 2x2 shortcut must give the same figures.
            let binary = data.iter().all(|r| r.len() == m && r.iter().all(|v| matches!(v, Some(0) | Some(1))));
            if m == 2 && binary {
                let mut t = Table2x2::default();
                for &(x, y) in &pairs {
                    match (x, y) {
                        (1, 1) => t.a += 1,
                        (1, 0) => t.b += 1,
                        (0, 1) => t.c += 1,
                        _ => t.d += 1,
                    }
                }
                close(&format!("{what} 2x2 kappa"), t.cohen_kappa(), num(&p["cohen_kappa"]), EPS);
                if p["bp_error"].is_null() {
                    close(&format!("{what} 2x2 pa"), t.percent_agreement(), num(&p["percent_agreement"]), EPS);
                }
                close(&format!("{what} 2x2 alpha"), t.krippendorff_alpha(), num(&e["krippendorff_alpha"]), EPS);
                checked += 3;
            }
        }
    }
    assert!(checked > 100, "only {checked} figures checked");
}

#[test]
fn reference_edge_cases_are_what_the_docs_say() {
    // one category only: kappa and alpha undefined, percent agreement 1, BP 1 (irrCAC)
    let one = vec![vec![Some(1), Some(1)]; 12];
    let pairs = vec![(1, 1); 12];
    assert_eq!(cohen_kappa(&pairs), None);
    assert_eq!(krippendorff_alpha_nominal(&one), None);
    assert_eq!(fleiss_kappa(&one), None);
    assert_eq!(percent_agreement_multi(&one), Some(1.0));
    assert_eq!(brennan_prediger_multi(&one, None), Some(1.0));
    // zero units
    let empty: Vec<Vec<Option<i64>>> = Vec::new();
    assert_eq!(krippendorff_alpha_nominal(&empty), None);
    assert_eq!(percent_agreement_multi(&empty), None);
    assert_eq!(cohen_kappa::<i64>(&[]), None);
    assert_eq!(Table2x2::default().percent_agreement(), None);
    // perfect agreement with two categories: exactly 1
    assert_eq!(cohen_kappa(&[(0, 0), (1, 1)]), Some(1.0));
}

// ---------------------------------------------------------------------------------------------
// Unitized alpha: Krippendorff (2004, p. 254), continuum 150..450, two coders, categories c, k.
// Published: c: D_o = .0144, D_e = .0532, alpha = .7286; k: alpha = 1; overall alpha = .8591.
// ---------------------------------------------------------------------------------------------

/// Units as the book gives them, `(begin, length)` on the continuum 150..450.
fn shift(v: &[(usize, usize)]) -> Vec<Span> {
    v.iter().map(|&(b, l)| Span::new(b - 150, b - 150 + l)).collect()
}

/// Units as `(start, end)` pairs.
fn spans(v: &[(usize, usize)]) -> Vec<Span> {
    v.iter().map(|&p| Span::from(p)).collect()
}

#[test]
fn unitized_alpha_krippendorff_2004() {
    let c = unitized_alpha(300, &[shift(&[(225, 70), (370, 30)]), shift(&[(220, 80), (355, 20), (400, 20)])]);
    let k = unitized_alpha(300, &[shift(&[(180, 60), (300, 50)]), shift(&[(180, 60), (300, 50)])]);
    // observed disagreement is exact: (25+25) + (225+625) + 400 = 1300 per ordered pair direction
    assert!((c.observed - 2.0 * 1300.0 / (2.0 * 300.0 * 300.0)).abs() < 1e-12);
    close("c D_o", Some(c.observed), Some(0.0144), 5e-5);
    close("c D_e", Some(c.expected), Some(0.0532), 5e-5);
    close("c alpha", c.alpha, Some(0.7286), 5e-5);
    close("k D_e", Some(k.expected), Some(0.0490), 5e-5);
    assert_eq!(k.observed, 0.0);
    assert_eq!(k.alpha, Some(1.0));
    // The book's .8591 is 1 − .0144/(.0532 + .0490) from the rounded D's; unrounded it is .8587.
    close("overall", unitized_alpha_pooled(&[c, k]), Some(0.8591), 5e-4);
    close("overall (rounded D's)", Some(1.0 - 0.0144 / (0.0532 + 0.0490)), Some(0.8591), 5e-5);
    eprintln!("2004 example: c {c:?}, k {k:?}, overall {:?}", unitized_alpha_pooled(&[c, k]));
    // nobody unitized anything: undefined
    assert_eq!(unitized_alpha(300, &[vec![], vec![]]).alpha, None);
}

/// Krippendorff (1995, p. 57) example A (Bertha vs Bill), 24 positions: the digitised
/// (character-level) figures differ from unitized alpha; published digitised values:
/// Cohen .385, alpha .329. Unitized observed disagreement for A: .03125.
#[test]
fn krippendorff_1995_digitised_vs_unitized() {
    let bertha = vec![(2, 10), (14, 20)];
    let bill = vec![(4, 8), (15, 17)];
    let u = unitized_alpha(24, &[spans(&bertha), spans(&bill)]);
    assert!((u.observed - 0.03125).abs() < 1e-12);
    let bit = |v: &[(usize, usize)], i: usize| v.iter().any(|&(b, e)| b <= i && i < e) as i64;
    let pairs: Vec<(i64, i64)> = (0..24).map(|i| (bit(&bertha, i), bit(&bill, i))).collect();
    let rows: Vec<Vec<Option<i64>>> = pairs.iter().map(|&(a, b)| vec![Some(a), Some(b)]).collect();
    close("kappa", cohen_kappa(&pairs), Some(0.385), 5e-4);
    close("alpha", krippendorff_alpha_nominal(&rows), Some(0.329), 5e-4);
    // Krippendorff's 1995 figures treat the continuum as (near) continuous; DKPro reproduces
    // alpha_U(A) = .553 by stretching the 24 positions, as do we.
    let s = 50_000;
    let scale = |v: &[(usize, usize)]| v.iter().map(|&(b, e)| Span::new(b * s, e * s)).collect::<Vec<_>>();
    let u = unitized_alpha(24 * s, &[scale(&bertha), scale(&bill)]);
    close("u-alpha A stretched", u.alpha, Some(0.553), 2e-3);
}

// ---------------------------------------------------------------------------------------------
// Unit builders on a small project
// ---------------------------------------------------------------------------------------------

const A: Id = 1;
const B: Id = 2;
const C: Id = 3;
const X: Id = 10;
const Y: Id = 11;
const Z: Id = 12;
const D1: Id = 20;
const D2: Id = 21;

fn project() -> Project {
    let mut p = Project::default();
    let mut e = Edit::new("setup");
    for (id, name) in [(A, "A"), (B, "B"), (C, "C")] {
        e = e.insert(Entity::Coder(Coder { id, name: name.into() }));
    }
    for (id, name) in [(X, "X"), (Y, "Y"), (Z, "Z")] {
        e = e.insert(Entity::Code(Code {
            id,
            parent: None,
            name: name.into(),
            kind: CodeKind::Code,
            color: werkbank::core::Color::from_u24(0x336699),
            description: String::new(),
            codable: true,
            position: id,
        }));
    }
    for (id, len) in [(D1, 100), (D2, 50)] {
        let text: String = "ab cd efgh ".chars().cycle().take(len).collect();
        e = e.insert(Entity::Document(Document {
            id,
            name: format!("doc{id}"),
            text: Arc::from(text.as_str()),
            source_name: String::new(),
            imported_at: 0,
            text_hash: String::new(),
            fingerprint: Default::default(),
            case: None,
            group: String::new(),
        }));
    }
    let codings = [
        (100, D1, 0, 10, X, A),
        (101, D1, 0, 9, X, B), // IoU 9/10 = exactly 0.9
        (102, D1, 40, 50, X, A),
        (103, D1, 40, 48, X, B), // IoU 0.8
        (104, D1, 60, 80, Y, A),
        (105, D1, 60, 80, Z, B), // same passage, different code
        (106, D1, 70, 90, Z, A), // overlaps A's own Y; IoU with B's Z = 10/30
        (107, D2, 10, 20, Y, B),
        (108, D1, 0, 10, X, C),
    ];
    for (id, document, start, end, code, coder) in codings {
        e = e.insert(Entity::Coding(Coding {
            id,
            document,
            start,
            end,
            code,
            coder,
            created_at: 0,
            memo: String::new(),
        }));
    }
    p.apply(&e).unwrap();
    p
}

fn params(coders: &[Id], unit: AgreementUnit) -> AgreementParams {
    AgreementParams { coders: coders.to_vec(), unit, ..AgreementParams::default() }
}

fn t(a: u64, b: u64, c: u64, d: u64) -> Table2x2 {
    Table2x2 { a, b, c, d }
}

/// Cohen's kappa the textbook way, for hand checks.
fn kappa2(t: Table2x2) -> f64 {
    let n = t.n() as f64;
    let po = (t.a + t.d) as f64 / n;
    let pe = ((t.a + t.b) * (t.a + t.c) + (t.c + t.d) * (t.b + t.d)) as f64 / (n * n);
    (po - pe) / (1.0 - pe)
}

#[test]
fn segment_level() {
    let p = project();
    let r = agreement(&p, &params(&[A, B], AgreementUnit::Segment));
    assert_eq!(r.unit, AgreementUnit::Segment);
    assert_eq!(r.codes, vec![X, Y, Z]);
    assert_eq!(r.documents, vec![D1, D2]);
    assert!(r.all_coders.is_none());
    let pair = &r.pairs[0];
    assert_eq!((pair.coder_a, pair.coder_b), (A, B));
    let x = &pair.codes[0];
    assert_eq!(x.segments, Some(SegmentCounts { segments_a: 2, matched_a: 1, segments_b: 2, matched_b: 1 }));
    assert_eq!(x.table, t(2, 1, 1, 0));
    assert_eq!(x.units, 4);
    close("X pa", x.percent_agreement, Some(0.5), EPS);
    close("X bp (q=3)", x.brennan_prediger, Some(0.25), EPS);
    assert_eq!(x.cohen_kappa, None);
    assert_eq!(x.krippendorff_alpha, None);
    assert_eq!(pair.codes[1].table, t(0, 1, 1, 0)); // Y: A in D1, B in D2
    assert_eq!(pair.codes[2].table, t(0, 1, 1, 0)); // Z: 1/3 overlap only
    close("Y bp", pair.codes[1].brennan_prediger, Some(-0.5), EPS);
    assert_eq!(pair.pooled.table, t(2, 3, 3, 0));
    close("pooled pa", pair.pooled.percent_agreement, Some(0.25), EPS);
    close("pooled bp", pair.pooled.brennan_prediger, Some(-0.125), EPS);

    // threshold 0.8: the 8/10 pair now matches too
    let r = agreement(&p, &AgreementParams { min_overlap: 0.8, ..params(&[A, B], AgreementUnit::Segment) });
    assert_eq!(r.pairs[0].codes[0].table, t(4, 0, 0, 0));
    close("X pa@0.8", r.pairs[0].codes[0].percent_agreement, Some(1.0), EPS);
    // just above 0.9: the 9/10 pair no longer matches
    let r = agreement(&p, &AgreementParams { min_overlap: 0.9000001, ..params(&[A, B], AgreementUnit::Segment) });
    assert_eq!(r.pairs[0].codes[0].table, t(0, 2, 2, 0));
    assert!(r.notes.contains(&AgreementNote::SegmentPairsOnly), "{:?}", r.notes);
}

#[test]
fn character_level() {
    let p = project();
    let r = agreement(&p, &params(&[A, B], AgreementUnit::Character));
    let pair = &r.pairs[0];
    // 150 characters; X: A 20, B 17, both 17
    let tx = t(17, 3, 0, 130);
    let ty = t(0, 20, 10, 120);
    let tz = t(10, 10, 10, 120);
    assert_eq!(pair.codes[0].table, tx);
    assert_eq!(pair.codes[1].table, ty);
    assert_eq!(pair.codes[2].table, tz);
    assert_eq!(pair.codes[0].units, 150);
    close("X pa", pair.codes[0].percent_agreement, Some(147.0 / 150.0), EPS);
    close("X kappa", pair.codes[0].cohen_kappa, Some(kappa2(tx)), EPS);
    close("X bp", pair.codes[0].brennan_prediger, Some(2.0 * 147.0 / 150.0 - 1.0), EPS);
    // n = 300, n1 = 37, n0 = 263: alpha = 1 - 299*3/(263*37)
    close("X alpha", pair.codes[0].krippendorff_alpha, Some(1.0 - 897.0 / 9731.0), EPS);
    close("Y kappa", pair.codes[1].cohen_kappa, Some(kappa2(ty)), EPS);
    close("Z kappa", pair.codes[2].cohen_kappa, Some(kappa2(tz)), EPS);
    assert_eq!(pair.pooled.table, t(27, 33, 20, 370));
    close("pooled kappa", pair.pooled.cohen_kappa, Some(kappa2(t(27, 33, 20, 370))), EPS);

    // Same figures from explicit per-character reliability data and the generic functions.
    for (i, code) in [X, Y, Z].into_iter().enumerate() {
        let mut rows = Vec::new();
        for (doc, len) in [(D1, 100usize), (D2, 50)] {
            for pos in 0..len {
                let has = |coder| {
                    p.codings.values().any(|c| {
                        c.document == doc && c.coder == coder && c.code == code && c.start <= pos && pos < c.end
                    })
                };
                rows.push(vec![Some(has(A) as i64), Some(has(B) as i64)]);
            }
        }
        close("alpha vs generic", pair.codes[i].krippendorff_alpha, krippendorff_alpha_nominal(&rows), EPS);
        let pairs: Vec<(i64, i64)> = rows.iter().map(|r| (r[0].unwrap(), r[1].unwrap())).collect();
        close("kappa vs generic", pair.codes[i].cohen_kappa, cohen_kappa(&pairs), EPS);
    }

    // Unitized alpha of X: documents laid end to end (150 chars). D_o = 2*(1 + 4)/(2*150^2).
    let u = unitized_alpha(150, &[spans(&[(0, 10), (40, 50)]), spans(&[(0, 9), (40, 48)])]);
    assert!((u.observed - 10.0 / 45000.0).abs() < 1e-15);
    close("X u-alpha", pair.codes[0].unitized_alpha, u.alpha, EPS);
    // Y: B's unit lies in document 2, i.e. at 110..120 on the continuum
    let uy = unitized_alpha(150, &[spans(&[(60, 80)]), spans(&[(110, 120)])]);
    close("Y u-alpha", pair.codes[1].unitized_alpha, uy.alpha, EPS);
}

#[test]
fn document_level() {
    let p = project();
    let r = agreement(&p, &params(&[A, B], AgreementUnit::Document));
    let pair = &r.pairs[0];
    assert_eq!(pair.codes[0].table, t(1, 0, 0, 1)); // X: both in D1, neither in D2
    assert_eq!(pair.codes[1].table, t(0, 1, 1, 0)); // Y: A in D1, B in D2
    assert_eq!(pair.codes[2].table, t(1, 0, 0, 1));
    assert_eq!(pair.codes[0].units, 2);
    close("X kappa", pair.codes[0].cohen_kappa, Some(1.0), EPS);
    close("Y kappa", pair.codes[1].cohen_kappa, Some(-1.0), EPS);
    close("Y pa", pair.codes[1].percent_agreement, Some(0.0), EPS);
    assert_eq!(pair.pooled.table, t(2, 1, 1, 2));
    close("pooled pa", pair.pooled.percent_agreement, Some(4.0 / 6.0), EPS);
    assert_eq!(pair.codes[0].unitized_alpha, None);

    // Only document 2: X used by nobody there but listed explicitly -> one category, undefined.
    let r = agreement(
        &p,
        &AgreementParams { documents: vec![D2], codes: vec![X], ..params(&[A, B], AgreementUnit::Document) },
    );
    let x = &r.pairs[0].codes[0];
    assert_eq!(x.table, t(0, 0, 0, 1));
    assert_eq!(x.percent_agreement, Some(1.0));
    assert_eq!(x.cohen_kappa, None);
    assert_eq!(x.krippendorff_alpha, None);
}

#[test]
fn three_coders() {
    let p = project();
    let r = agreement(&p, &params(&[A, B, C], AgreementUnit::Character));
    let pairs: Vec<(Id, Id)> = r.pairs.iter().map(|q| (q.coder_a, q.coder_b)).collect();
    assert_eq!(pairs, vec![(A, B), (A, C), (B, C)]);
    let all = r.all_coders.as_ref().unwrap();
    assert_eq!(all.coders, vec![A, B, C]);
    let x = &all.codes[0];
    // X: 0..9 all three, 9..10 A+C, 40..48 A+B, 48..50 A only, rest nobody
    assert_eq!(x.counts.by_present, vec![130, 2, 9, 9]);
    let mut rows = Vec::new();
    rows.extend(std::iter::repeat_n(vec![Some(0), Some(0), Some(0)], 130));
    rows.extend(std::iter::repeat_n(vec![Some(1), Some(0), Some(0)], 2));
    rows.extend(std::iter::repeat_n(vec![Some(1), Some(0), Some(1)], 1));
    rows.extend(std::iter::repeat_n(vec![Some(1), Some(1), Some(0)], 8));
    rows.extend(std::iter::repeat_n(vec![Some(1), Some(1), Some(1)], 9));
    close("alpha", x.krippendorff_alpha, krippendorff_alpha_nominal(&rows), EPS);
    close("fleiss", x.fleiss_kappa, fleiss_kappa(&rows), EPS);
    close("pa", x.percent_agreement, percent_agreement_multi(&rows), EPS);
    close("bp", x.brennan_prediger, brennan_prediger_multi(&rows, Some(2)), EPS);
    assert_eq!(all.pooled.units, 450);
    // serialisable
    let s = serde_json::to_string(&r).unwrap();
    assert!(s.contains("\"unit\":\"Character\""));
}

#[test]
fn disagreement_list() {
    let p = project();
    let d = |document, start, end, a: &[Id], b: &[Id]| Disagreement {
        document,
        start,
        end,
        codes_a: a.to_vec(),
        codes_b: b.to_vec(),
    };
    let got = disagreements(&p, A, B, &[], 0.9);
    assert_eq!(
        got,
        vec![
            d(D1, 48, 50, &[X], &[]),
            d(D1, 60, 70, &[Y], &[Z]),
            d(D1, 70, 80, &[Y, Z], &[Z]),
            d(D1, 80, 90, &[Z], &[]),
            d(D2, 10, 20, &[], &[Y]),
        ]
    );
    // stricter threshold: the 9/10 X pair no longer forgives its last character
    let got = disagreements(&p, A, B, &[D1], 0.95);
    assert_eq!(got[0], d(D1, 9, 10, &[X], &[]));
    assert_eq!(got.len(), 5);
    // a coder agrees with itself
    assert!(disagreements(&p, A, A, &[], 0.9).is_empty());
}

#[test]
fn three_coders_are_reported_all_together_and_pair_by_pair_with_who_each_figure_covers() {
    use werkbank::export::{Block, Lang, agreement as rep};
    let p = project();
    let r = agreement(&p, &params(&[A, B, C], AgreementUnit::Character));
    let para = rep::methods_paragraph(&p, &r, Lang::En);
    let all = r.all_coders.as_ref().unwrap();
    let fleiss = format!("Fleiss' κ = {:.2}", all.pooled.fleiss_kappa.unwrap());
    let alpha = format!("Krippendorff's α = {:.2}", all.pooled.krippendorff_alpha.unwrap());
    assert!(para.contains("Across all 3 coders together (A, B, C)"), "{para}");
    assert!(para.contains(&fleiss) && para.contains(&alpha), "{para}");
    for pair in ["A–B", "A–C", "B–C"] {
        assert!(para.contains(pair), "every pair's pooled κ is named: {para}");
    }
    // The all-coders table has a row per code and a pooled row, with Fleiss' κ and Krippendorff's α.
    let t = rep::all_coders_table(&p, &r, Lang::En).unwrap();
    assert!(t.headers.contains(&"Fleiss' κ".to_string()) && t.headers.contains(&"Krippendorff's α".to_string()));
    assert_eq!(t.rows.len(), r.codes.len() + 1);
    // The report carries the disagreements of every pair, not just the first.
    let d = disagreements_of_pairs(&p, &r);
    assert_eq!(d.iter().map(|x| (x.coder_a, x.coder_b)).collect::<Vec<_>>(), vec![(A, B), (A, C), (B, C)]);
    let blocks = rep::agreement_blocks(&p, &r, &d, Lang::En);
    let titles: Vec<&str> =
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t.title.as_str()) } else { None }).collect();
    assert!(titles.iter().any(|t| t.starts_with("All 3 coders together")), "{titles:?}");
    for pair in ["A – B", "A – C", "B – C"] {
        assert!(titles.iter().any(|t| t.starts_with("Disagreements") && t.ends_with(pair)), "{titles:?}");
    }
    // Two coders: the pooled figure says which pair it is.
    let two = agreement(&p, &params(&[A, B], AgreementUnit::Character));
    assert!(rep::methods_paragraph(&p, &two, Lang::En).contains("between A and B"));
}

#[test]
fn a_coder_without_codings_a_coder_given_twice_and_an_unused_code_are_warned_about() {
    let mut p = project();
    p.apply(&Edit::new("coder").insert(Entity::Coder(Coder { id: 900, name: "Leeg".into() }))).unwrap();
    let r = agreement(&p, &AgreementParams { codes: vec![X, Y, Z], ..params(&[A, 900, A], AgreementUnit::Character) });
    assert!(r.notes.contains(&AgreementNote::CoderWithoutCodings(900)), "{:?}", r.notes);
    assert!(r.notes.contains(&AgreementNote::CoderGivenTwice(A)), "{:?}", r.notes);
    // Written with the coders' names, in the report's language.
    let text = |r: &AgreementReport, lang| {
        r.notes.iter().map(|n| werkbank::export::agreement::note_text(&p, n, lang)).collect::<Vec<_>>().join("\n")
    };
    let en = text(&r, werkbank::export::Lang::En);
    assert!(en.contains("coder Leeg has no codings") && en.contains("coder A was given twice"), "{en}");
    let nl = text(&r, werkbank::export::Lang::Nl);
    assert!(nl.contains("codeur Leeg heeft geen coderingen") && nl.contains("codeur A is twee keer opgegeven"), "{nl}");
    let w = Code { id: 901, name: "W".into(), ..p.codes[&X].clone() };
    p.apply(&Edit::new("code").insert(Entity::Code(w))).unwrap();
    let r = agreement(&p, &AgreementParams { codes: vec![X, 901], ..params(&[A, C], AgreementUnit::Character) });
    assert_eq!(r.notes, [AgreementNote::CodeUnused(901)]);
    assert_eq!(
        werkbank::export::agreement::note_text(&p, &r.notes[0], werkbank::export::Lang::En),
        "Warning: code W was used by none of the compared coders."
    );
}

/// A Dutch student's agreement report, in every format it can be written in: the notes, the
/// headers and the title are Dutch, none of the English words is left.
#[test]
fn a_dutch_agreement_report_at_segment_level_speaks_dutch_in_every_format() {
    use werkbank::export::{self, Lang, agreement as rep};
    let mut p = project();
    p.name = "Scriptie".into();
    let r = agreement(&p, &AgreementParams { documents: vec![D1, 999], ..params(&[A, B], AgreementUnit::Segment) });
    assert!(
        r.notes.contains(&AgreementNote::SegmentPairsOnly) && r.notes.contains(&AgreementNote::UnknownDocument(999))
    );
    let blocks = rep::agreement_blocks(&p, &r, &disagreements_of_pairs(&p, &r), Lang::Nl);
    let dir = tempfile::tempdir().unwrap();
    for ext in ["docx", "html", "md", "txt", "xlsx", "csv"] {
        let path = dir.path().join(format!("overeenstemming.{ext}"));
        let csv = export::csv::CsvOptions::excel_nl();
        export::write_report_in(&path, &rep::document_title(&p, Lang::Nl), &blocks, csv, Lang::Nl).unwrap();
        let text = readable_text(&path);
        for english in [
            "segment level compares",
            "pairs of coders",
            "does not exist",
            "|uα",
            "(unitizing)",
            "Intercoder agreement",
        ] {
            assert!(!text.contains(english), "{ext}: {english:?} in the Dutch report:\n{text}");
        }
        if ext != "csv" && ext != "xlsx" {
            assert!(text.contains("Op segmentniveau worden alleen paren codeurs vergeleken"), "{ext}:\n{text}");
            assert!(text.contains("Document #999 bestaat niet en is overgeslagen."), "{ext}:\n{text}");
        }
        assert!(text.contains("Krippendorffs α (segmentering)"), "{ext}: the unitizing α is named\n{text}");
        if ext == "txt" || ext == "md" {
            // Figures with a decimal comma, as a Dutch thesis prints them.
            let point =
                text.as_bytes().windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit());
            assert!(!point && text.contains("0,00"), "{ext}: decimal points in the Dutch report\n{text}");
        }
        if ext == "docx" || ext == "xlsx" {
            assert!(text.contains("<dc:title>Intercodeursbetrouwbaarheid — Scriptie</dc:title>"), "{ext}: {text}");
        }
        // Documents with a title line don't repeat it as their first heading; plain text keeps it.
        let heading = match ext {
            "docx" => text.contains(">Intercodeursbetrouwbaarheid</w:t>"),
            "html" => text.contains(">Intercodeursbetrouwbaarheid</h"),
            "md" | "txt" => text.lines().any(|l| l.trim_start_matches(['#', ' ']) == "Intercodeursbetrouwbaarheid"),
            _ => false,
        };
        assert_eq!(heading, ext == "txt", "{ext}: the title as a heading\n{text}");
    }
    // The methods paragraph prints its figures with decimal commas, as the tables do.
    let methods = rep::methods_paragraph(&p, &r, Lang::Nl);
    let pooled = r.pairs[0].pooled.brennan_prediger.unwrap();
    assert!(
        methods.contains(&format!("Brennan-Prediger κ = {}", format!("{pooled:.2}").replace('.', ","))),
        "{methods}"
    );
    assert!(!methods.contains(&format!("{pooled:.2}")), "{methods}");
    let en = rep::agreement_table(&p, &r, Lang::En);
    assert!(en.headers.contains(&"Krippendorff's α (unitizing)".to_string()), "{:?}", en.headers);
}

/// The words of a written file: the XML parts of a .docx/.xlsx (document, properties, shared
/// strings, sheet names) without soft hyphens, other files as they are.
fn readable_text(path: &std::path::Path) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    if !bytes.starts_with(b"PK") {
        return String::from_utf8(bytes).unwrap();
    }
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.name().ends_with(".xml") {
            f.read_to_string(&mut out).unwrap();
        }
    }
    // Word's headers carry soft hyphens where a long word may break.
    out.replace('\u{ad}', "")
}
