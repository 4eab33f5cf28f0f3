//! What an agreement run is asked for (unit, coders, documents, codes, minimum overlap) and
//! what it reports, per code, per coder pair and over all coders.

use super::*;

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
    pub(super) fn add(&mut self, o: &SegmentCounts) {
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
    pub notes: Vec<AgreementNote>,
}

/// Something the reader of an agreement report should know next to the figures. Data, not words:
/// a report is written in the thesis's language, so the words are `export::Label`'s (one table
/// for every language), and the names are looked up when it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", content = "id", rename_all = "snake_case")]
pub enum AgreementNote {
    /// A document asked for that the project does not have; it was left out.
    UnknownDocument(Id),
    /// A code asked for that the project does not have; it was left out.
    UnknownCode(Id),
    /// A coder asked for that the project does not have; they were left out.
    UnknownCoder(Id),
    /// A coder named twice: counted once.
    CoderGivenTwice(Id),
    /// Fewer than two coders remain, so nothing was compared.
    TooFewCoders,
    /// A coder without codings in the compared documents: every figure with them only counts
    /// what the others coded.
    CoderWithoutCodings(Id),
    /// A code none of the compared coders used: its "agreement" is only agreeing absence.
    CodeUnused(Id),
    /// At segment level only pairs of coders are compared; there is no all-coder statistic.
    SegmentPairsOnly,
}
