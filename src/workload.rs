//! The synthetic workload: a deterministic generator of Dutch interview transcripts and a
//! project built from one, for the benchmarks, the crash-safety run and tests that need a large
//! project. Kept apart from the benchmarks so tests build projects without timing anything; like
//! them it is left out of the shipped program (feature `bench`). `bench/compare_taguette.py` ports
//! [`Rng`] to produce byte-identical files.

use crate::core::actions::{self, NewCode, NewDocument};
use crate::core::model::Id;
use crate::import::{ImportedText, detect_speakers};
use crate::session::Session;
use anyhow::Result;
use std::path::Path;

/// A small deterministic generator (SplitMix64), so every run of a workload is identical.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "gemeente",
    "burger",
    "vertrouwen",
    "transparantie",
    "digitalisering",
    "waarden",
    "beleid",
    "algoritme",
    "privacy",
    "wij",
    "ik",
    "denk",
    "dat",
    "is",
    "niet",
    "wel",
    "heel",
    "belangrijk",
    "organisatie",
    "ambtenaar",
    "raad",
    "verantwoording",
    "data",
    "keuze",
    "dilemma",
    "ethiek",
    "en",
    "maar",
    "omdat",
    "we",
    "moeten",
    "kunnen",
    "zien",
    "ook",
    "soms",
    "één",
    "café",
    "überhaupt",
    "proces",
];

/// An interview transcript of about `chars` characters with `I:` / `R<n>:` turns.
pub fn synthetic_transcript(rng: &mut Rng, chars: usize, respondent: usize) -> String {
    let mut text = String::with_capacity(chars + 200);
    let mut turn = 0;
    while text.len() < chars {
        let tag = if turn % 2 == 0 { "I".to_string() } else { format!("R{respondent}") };
        text.push_str(&tag);
        text.push_str(": ");
        let words = if turn % 2 == 0 { 8 + rng.below(15) } else { 30 + rng.below(120) };
        for w in 0..words {
            let word = WORDS[rng.below(WORDS.len())];
            if w == 0 {
                let mut c = word.chars();
                text.extend(c.next().map(|f| f.to_ascii_uppercase()));
                text.push_str(c.as_str());
            } else {
                text.push(' ');
                text.push_str(word);
            }
            if w + 1 < words && rng.below(12) == 0 {
                text.push(',');
            }
        }
        text.push_str(if turn % 2 == 0 { "?\n" } else { ".\n" });
        turn += 1;
    }
    text
}

/// The transcript as the importer would deliver it (speaker turns detected).
pub fn as_imported(text: String) -> ImportedText {
    let crate::import::Detection { turns, speakers, .. } = crate::import::detect(&text);
    let digests = crate::core::text::TextDigests::of(&text);
    ImportedText { text, turns, speakers, warnings: vec![], digests }
}

/// A project with one synthetic transcript of about `chars` characters (speaker turns `I:`/`R1:`)
/// and `codings` codings spread over it, some overlapping, on a small three-level code tree.
/// Used to measure the transcript view: `synthetic_project(path, 150_000, 2_000)`.
pub fn synthetic_project(path: &Path, chars: usize, codings: usize) -> Result<Session> {
    let mut s = Session::create(path, "Synthetic", "bench")?;
    let mut rng = Rng::new(0x5eed);
    let mut codes = Vec::new();
    for c in 0..3 {
        let concept = s.run(|p| {
            actions::add_code(
                p,
                NewCode { parent: None, name: &format!("Concept {}", c + 1), kind: None, color: None, description: "" },
            )
        })?;
        for d in 0..4 {
            let dim = s.run(|p| {
                actions::add_code(
                    p,
                    NewCode {
                        parent: Some(concept),
                        name: &format!("Dimensie {}.{}", c + 1, d + 1),
                        kind: None,
                        color: None,
                        description: "",
                    },
                )
            })?;
            codes.push(dim);
            for i in 0..2 {
                let ind = s.run(|p| {
                    actions::add_code(
                        p,
                        NewCode {
                            parent: Some(dim),
                            name: &format!("Indicator {}.{}.{}", c + 1, d + 1, i + 1),
                            kind: None,
                            color: None,
                            description: "",
                        },
                    )
                })?;
                codes.push(ind);
            }
        }
    }
    let text = synthetic_transcript(&mut rng, chars, 1);
    let turns: Vec<(usize, usize, crate::core::Speaker)> =
        detect_speakers(&text).into_iter().map(|t| (t.start, t.end, t.speaker)).collect();
    let len = text.chars().count();
    let doc = s.run(|p| {
        let turns = actions::turns_mapped_by_label(p, turns);
        actions::add_document(
            p,
            NewDocument { name: "Synthetic transcript", text: &text, source_name: "synthetic.txt", turns },
        )
    })?;
    let mut by_code: std::collections::BTreeMap<Id, Vec<(Id, usize, usize)>> = Default::default();
    for _ in 0..codings {
        let start = rng.below(len.saturating_sub(400).max(1));
        let end = (start + 20 + rng.below(350)).min(len);
        by_code.entry(codes[rng.below(codes.len())]).or_default().push((doc, start, end));
    }
    let coder = s.coder();
    for (code, ranges) in by_code {
        let e = actions::code_ranges(s.project(), &ranges, code, coder)?;
        s.perform(e)?;
    }
    Ok(s)
}
