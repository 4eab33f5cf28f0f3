//! Every word Werkbank writes into an exported table, chart or report, in English and Dutch, in
//! one checked table (the same [`string_table!`] the app's menus use, see `core::lang`): a header
//! or title without a translation does not compile, and the test below fails when two languages
//! use different placeholders. Exports used to pick their words in match arms spread over the
//! writers, keyed by strings where a typo silently gave an empty header.

use crate::core::lang::{Lang, fill, string_table};

string_table! {
    /// A word or phrase of an export.
    pub enum Label {
        // Column headers
        Code => "Code", "Code";
        Path => "Path", "Pad";
        Level => "Level", "Niveau";
        Kind => "Kind", "Soort";
        OwnCodings => "Codings (own)", "Coderingen (eigen)";
        OwnRespondents => "Respondents (own)", "Respondenten (eigen)";
        Codings => "Codings", "Coderingen";
        Respondents => "Respondents", "Respondenten";
        Documents => "Documents", "Documenten";
        RespondentLabels => "Respondent labels", "Respondentlabels";
        Total => "Total", "Totaal";
        Respondent => "Respondent", "Respondent";
        Document => "Document", "Document";
        Line => "Line", "Regel";
        Quote => "Quote", "Citaat";
        Citation => "Citation", "Bronvermelding";
        Codes => "Codes", "Codes";
        Coder => "Coder", "Codeur";
        Start => "Start", "Begin";
        End => "End", "Einde";
        Text => "Text", "Tekst";
        Memo => "Memo", "Memo";
        MemoAbout => "About", "Over";
        Author => "Author", "Auteur";
        Date => "Date", "Datum";
        MemoTitle => "Title", "Titel";
        Position => "Position", "Positie";
        Passage => "Passage", "Passage";
        // Headers of one attribute group: "<value>: codings (n=4)".
        GroupCodings => "{0}: codings (n={1})", "{0}: coderingen (n={1})";
        GroupRespondents => "{0}: respondents", "{0}: respondenten";
        GroupLabels => "{0}: respondent labels", "{0}: respondentlabels";
        // Titles of tables and sheets
        Table => "Table", "Tabel";
        Frequencies => "Code frequencies", "Codefrequenties";
        CodeTree => "Code tree", "Codeboom";
        Codebook => "Codebook", "Codeboek";
        Definition => "Definition", "Definitie";
        Example => "Example quote", "Voorbeeldcitaat";
        Overview => "Respondent overview", "Respondentenoverzicht";
        Quotes => "Quotes", "Citaten";
        Segments => "Coded segments", "Gecodeerde fragmenten";
        Memos => "Memos", "Memo's";
        FrequenciesBy => "Code frequencies by {0}", "Codefrequenties per {0}";
        MatrixTitle => "Codings per respondent", "Coderingen per respondent";
        PresenceTitle => "Codes named per respondent", "Genoemde codes per respondent";
        DocumentsTitle => "Codings per document", "Coderingen per document";
        PresenceDocumentsTitle => "Codes present per document", "Aanwezige codes per document";
        CodingsPerCode => "Codings per code", "Coderingen per code";
        RespondentsPerCode => "Respondents per code", "Respondenten per code";
        OwnSuffix => "{0} (own)", "{0} (eigen)";
        Titled => "{0}: {1}", "{0}: {1}";
        CoOverlap => "Co-occurrence: overlapping pairs of codings", "Co-occurrence: aantal overlappende paren coderingen";
        CoSameTurn => "Co-occurrence: speaker turns with both codes", "Co-occurrence: aantal spreekbeurten met beide codes";
        CoSameDocument => "Co-occurrence: documents with both codes", "Co-occurrence: aantal documenten met beide codes";
        CoSameRespondent => "Co-occurrence: respondents with both codes", "Co-occurrence: aantal respondenten met beide codes";
        // Words in cells and code trees
        Unknown => "(unknown)", "(onbekend)";
        Concept => "concept", "concept";
        Dimension => "dimension", "dimensie";
        Indicator => "indicator", "indicator";
        NCodings => "{0} {0:coding|codings}", "{0} {0:codering|coderingen}";
        NRespondents => "{0} {0:respondent|respondents}", "{0} {0:respondent|respondenten}";
        OwnCounts => "own {0}", "eigen {0}";
        TotalCounts => "total {0}", "totaal {0}";
        LastAnd => "{0} and {1}", "{0} en {1}";
        // In place of a table with nothing in it
        NoPassages => "No passages found.", "Geen passages gevonden.";
        NoMemos => "No memos found.", "Geen memo's gevonden.";
        // Memo targets
        ProjectMemo => "Project: {0}", "Project: {0}";
        CodeMemo => "Code: {0}", "Code: {0}";
        DocumentMemo => "Document: {0}", "Document: {0}";
        RespondentMemo => "Respondent: {0}", "Respondent: {0}";
        CodingMemo => "Coding: {0} {1}..{2} ({3})", "Codering: {0} {1}..{2} ({3})";
        Coding => "Coding", "Codering";
        // The line under a filtered table
        FilterCoders => "{0:coder|coders} {1}", "{0:codeur|codeurs} {1}";
        FilterDocuments => "documents: {0}", "documenten: {0}";
        // Intercoder agreement
        AgreementTitle => "Intercoder agreement", "Intercodeursbetrouwbaarheid";
        CoderA => "Coder A", "Codeur A";
        CoderB => "Coder B", "Codeur B";
        Units => "Units", "Eenheden";
        PercentAgreement => "% agreement", "% overeenstemming";
        CohenKappa => "Cohen's κ", "Cohens κ";
        KrippendorffAlpha => "Krippendorff's α", "Krippendorffs α";
        AllCodesPooled => "All codes (pooled)", "Alle codes (gepoold)";
        AllCodersTitle => "All {0} coders together ({1}; {2})", "Alle {0} codeurs samen ({1}; {2})";
        DisagreementsTitle => "Disagreements between coders", "Verschillen tussen codeurs";
        SegmentLevel => "segment level", "segmentniveau";
        CharacterLevel => "character level", "tekenniveau";
        DocumentLevel => "document level", "documentniveau";
        MethodsIntro =>
            "Agreement between the coders ({0}) was computed at the {1} over {2} documents and {3} codes.",
            "De overeenstemming tussen de codeurs ({0}) is berekend op {1} over {2} documenten en {3} codes.";
        MethodsThreshold =>
            " Two segments count as matching when they overlap by at least {0} (intersection over union).",
            " Twee segmenten gelden als overeenkomend bij een overlap van ten minste {0} (doorsnede gedeeld door vereniging).";
        MethodsPair =>
            " Pooled over all codes, between {0} and {1}: {2} agreement, Cohen's κ = {3}, Brennan-Prediger κ = {4}, Krippendorff's α = {5} (n = {6} units).",
            " Gepoold over alle codes, tussen {0} en {1}: {2} overeenstemming, Cohens κ = {3}, Brennan-Prediger κ = {4}, Krippendorffs α = {5} (n = {6} eenheden).";
        MethodsAllCoders =>
            " Across all {0} coders together ({1}), pooled over all codes: {2} agreement, Fleiss' κ = {3}, Krippendorff's α = {4} (n = {5} units).",
            " Over alle {0} codeurs samen ({1}), gepoold over alle codes: {2} overeenstemming, Fleiss' κ = {3}, Krippendorffs α = {4} (n = {5} eenheden).";
        MethodsPerPair =>
            " Per pair, pooled over all codes (Cohen's κ): {0}; the table gives every pair per code.",
            " Per paar, gepoold over alle codes (Cohens κ): {0}; de tabel geeft elk paar per code.";
    }
}

impl Label {
    /// The text in `lang` with its placeholders filled (see [`fill`]).
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        fill(self.text(lang), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lang::check_table;

    #[test]
    fn every_label_exists_in_every_language_with_the_same_placeholders() {
        let problems = check_table(Label::ALL, Label::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn counts_are_worded_with_the_right_number() {
        assert_eq!(Label::NCodings.fill(Lang::Nl, &[&1]), "1 codering");
        assert_eq!(Label::NCodings.fill(Lang::Nl, &[&4]), "4 coderingen");
        assert_eq!(Label::NRespondents.fill(Lang::En, &[&1]), "1 respondent");
        assert_eq!(Label::NRespondents.fill(Lang::En, &[&2]), "2 respondents");
        assert_eq!(Label::FilterCoders.fill(Lang::Nl, &[&2, &"Anna, Bob"]), "codeurs Anna, Bob");
        assert_eq!(Label::Table.text(Lang::Nl), "Tabel");
    }
}
