//! Timing of the analysis functions on a thesis-sized-and-then-some project: 200 documents with
//! speaker turns, 17 respondents, a 3-level tree of ~100 codes, 100,000 codings by 2 coders.
//!
//! Run: `cargo run --release --example analysis_bench` (or without `--release` for a rough
//! debug-build figure). Not a test: timings depend on the machine.

use std::sync::Arc;
use std::time::Instant;
use werkbank::core::analysis::*;
use werkbank::core::*;

/// A small deterministic PRNG (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn build() -> Project {
    let mut p = Project::default();
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    for name in ["Anna", "Bram"] {
        let id = p.next_id();
        p.coders.insert(id, Coder { id, name: name.into() });
    }
    let coders: Vec<Id> = p.coders.keys().copied().collect();
    let functions = ["manager", "beleidsmedewerker", "wethouder"];
    let mut cases = Vec::new();
    for i in 0..17 {
        let id = p.next_id();
        let label = format!("{}{}", ["R", "M", "A"][i % 3], i + 1);
        let attributes = [("functie".to_string(), functions[i % 3].to_string())].into_iter().collect();
        p.cases.insert(id, Case { id, label, aliases: vec![], attributes, description: String::new() });
        cases.push(id);
    }
    let mut codes = Vec::new();
    for c in 0..5 {
        let cid = p.next_id();
        p.codes.insert(cid, code(cid, None, format!("Concept {c}"), CodeKind::Concept, c));
        codes.push(cid);
        for d in 0..4 {
            let did = p.next_id();
            p.codes.insert(did, code(did, Some(cid), format!("Dimensie {c}.{d}"), CodeKind::Dimension, d));
            codes.push(did);
            for k in 0..4 {
                let kid = p.next_id();
                p.codes.insert(kid, code(kid, Some(did), format!("Indicator {c}.{d}.{k}"), CodeKind::Code, k));
                codes.push(kid);
            }
        }
    }
    let line = "Dat vind ik een lastige vraag, want het vertrouwen in de gemeente is één ding en het rijk iets anders.\n";
    let doc_len_lines = 200;
    for d in 0..200 {
        let id = p.next_id();
        let text: String = line.repeat(doc_len_lines);
        let len = text.chars().count();
        p.documents.insert(
            id,
            Document {
                id,
                name: format!("Interview {}", d + 1),
                text: Arc::from(text),
                source_name: String::new(),
                imported_at: 0,
                text_hash: String::new(),
                case: None,
                group: String::new(),
            },
        );
        // Alternate interviewer / respondent turns of 4 lines each; two respondents per document.
        let per_line = len / doc_len_lines;
        let resp = [cases[d % 17], cases[(d + 5) % 17]];
        for t in 0..doc_len_lines / 4 {
            let tid = p.next_id();
            let case = if t % 2 == 0 { None } else { Some(resp[(t / 2) % 2]) };
            p.turns.insert(
                tid,
                Turn { id: tid, document: id, start: t * 4 * per_line, end: (t + 1) * 4 * per_line, speaker: "S".into(), case },
            );
        }
        for _ in 0..500 {
            let cid = p.next_id();
            let start = rng.below(len - 200);
            let end = start + 20 + rng.below(180);
            p.codings.insert(
                cid,
                Coding {
                    id: cid,
                    document: id,
                    start,
                    end,
                    code: codes[rng.below(codes.len())],
                    coder: coders[rng.below(2)],
                    created_at: 0,
                    memo: String::new(),
                },
            );
        }
    }
    p.last_id = p.max_used_id();
    p
}

fn code(id: Id, parent: Option<Id>, name: String, kind: CodeKind, position: i64) -> Code {
    Code { id, parent, name, kind, color: "#4472c4".into(), description: String::new(), codable: true, position }
}

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    println!("{what:<40} {:>8.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    r
}

fn main() {
    let p = time("build project", build);
    println!(
        "{} documents, {} turns, {} respondents, {} codes, {} codings",
        p.documents.len(),
        p.turns.len(),
        p.cases.len(),
        p.codes.len(),
        p.codings.len()
    );
    let all = Filter::all();
    let a = time("Analysis::new", || Analysis::new(&p));
    let rows = time("code_frequencies", || a.code_frequencies(&all));
    time("code_frequencies (attribute filter)", || a.code_frequencies(&Filter::all().attribute("functie", "manager")));
    time("frequencies_by_group (functie)", || a.frequencies_by_group(&all, "functie", true));
    time("code_case_matrix (aggregate)", || a.code_case_matrix(&all, true));
    time("code_document_matrix", || a.code_document_matrix(&all, false));
    time("cooccurrence Overlap", || a.cooccurrence(&all, CoMode::Overlap));
    time("cooccurrence SameTurn", || a.cooccurrence(&all, CoMode::SameTurn));
    time("cooccurrence SameDocument", || a.cooccurrence(&all, CoMode::SameDocument));
    let q = time("quotes (concept 0, subtree)", || a.quotes(rows[0].code, true, &all, &CitationStyle::label_document_line()));
    let leaf = *a.tree_order().last().unwrap();
    let ql = time("quotes (one indicator)", || a.quotes(leaf, false, &all, &CitationStyle::label()));
    println!("  ({} quotes)", ql.len());
    time("respondent_overview", || a.respondent_overview());
    time("free fn code_frequencies (incl. new)", || code_frequencies(&p, &all));
    println!("top concept: {} codings, {} quotes", rows[0].total.codings, q.len());
}
