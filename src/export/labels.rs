//! Every word Werkbank writes into an exported table, chart or report, in English and Dutch, in
//! one checked table (the same [`string_table!`] the app's menus use, see `core::lang`): a header
//! or title without a translation does not compile, and the test below fails when two languages
//! use different placeholders. Exports used to pick their words in match arms spread over the
//! writers, keyed by strings where a typo silently gave an empty header.

use crate::core::lang::string_table;

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
        // Headers of the per-coder table: "Codeur Anna: coderingen", "Totaal: coderingen".
        CoderColumn => "Coder {0}: {1}", "Codeur {0}: {1}";
        AllCoders => "Total: {0}", "Totaal: {0}";
        // Titles of tables and sheets
        Table => "Table", "Tabel";
        // The caption under the second and later column blocks of a table too wide for a page:
        // "Tabel 3 (vervolg)".
        Continued => "(continued)", "(vervolg)";
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
        FrequenciesByCoder => "Code frequencies by coder", "Codefrequenties per codeur";
        MatrixTitle => "Codings per respondent", "Coderingen per respondent";
        PresenceTitle => "Codes named per respondent", "Genoemde codes per respondent";
        DocumentsTitle => "Codings per document", "Coderingen per document";
        PresenceDocumentsTitle => "Codes present per document", "Aanwezige codes per document";
        CodingsPerCode => "Codings per code", "Coderingen per code";
        RespondentsPerCode => "Respondents per code", "Respondenten per code";
        CodingsPerCoder => "Codings per code and coder", "Coderingen per code en codeur";
        RespondentsPerCoder => "Respondents per code and coder", "Respondenten per code en codeur";
        OwnSuffix => "{0} (own)", "{0} (eigen)";
        Titled => "{0}: {1}", "{0}: {1}";
        // A document's title line: what it is, of which project.
        DocumentTitle => "{0} — {1}", "{0} — {1}";
        Appendix => "Appendix", "Bijlage";
        // A Dutch methods chapter says "samen voorkomen" and gives the technical term in brackets.
        CoOverlap => "Co-occurrence: overlapping pairs of codings", "Samen voorkomen van codes (co-occurrence): aantal overlappende paren coderingen";
        CoSameTurn => "Co-occurrence: speaker turns with both codes", "Samen voorkomen van codes (co-occurrence): aantal spreekbeurten met beide codes";
        CoSameDocument => "Co-occurrence: documents with both codes", "Samen voorkomen van codes (co-occurrence): aantal documenten met beide codes";
        CoSameRespondent => "Co-occurrence: respondents with both codes", "Samen voorkomen van codes (co-occurrence): aantal respondenten met beide codes";
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
        // What came out empty, said where the file is written (the CLI's warning, the app's status)
        NoPassagesFor => "no passages found for {0}", "geen passages gevonden voor {0}";
        NoMemosFor => "no memos found for {0}", "geen memo's gevonden voor {0}";
        // The command line's own lines around a report (`counts`, `list`, `export`, …)
        Warning => "warning: {0}", "waarschuwing: {0}";
        Wrote => "wrote {0}", "geschreven: {0}";
        WroteCodes => "wrote {0} {0:code|codes} to {1}", "{0} {0:code|codes} geschreven naar {1}";
        NCharacters => "{0} chars", "{0} tekens";
        NTurns => "{0} turns", "{0} spreekbeurten";
        // What the edit log says an entry was (`list log`): done, undone, redone.
        LogDo => "do", "gedaan";
        LogUndo => "undo", "ongedaan";
        LogRedo => "redo", "opnieuw";
        UnknownInOrder => "--label-order names unknown respondents: {0}", "--label-order noemt onbekende respondenten: {0}";
        // Why a filter gives an empty table (core::analysis::FilterWarning)
        FilterUnknownAttribute =>
            "no respondent has an attribute '{0}' (known attributes: {1})",
            "geen respondent heeft een kenmerk '{0}' (bekende kenmerken: {1})";
        FilterNoSuchValue => "no respondent has {0} (values of {1}: {2})", "geen respondent heeft {0} (waarden van {1}: {2})";
        FilterNoCodings => "the filter matches no codings: every count is 0", "het filter laat geen coderingen over: elk aantal is 0";
        // Memo targets
        ProjectMemo => "Project: {0}", "Project: {0}";
        CodeMemo => "Code: {0}", "Code: {0}";
        DocumentMemo => "Document: {0}", "Document: {0}";
        RespondentMemo => "Respondent: {0}", "Respondent: {0}";
        CodingMemo => "Coding: {0} {1}..{2} ({3})", "Codering: {0} {1}..{2} ({3})";
        Coding => "Coding", "Codering";
        // The line under a filtered table
        FilterNote => "Filter: {0}", "Filter: {0}";
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
        // Krippendorff's α for unitizing (his `|uα` per code): how far the coders agree on where
        // the coded passages begin and end, the "reliability of unitizing" of his papers.
        UnitizingAlpha => "Krippendorff's α (unitizing)", "Krippendorffs α (segmentering)";
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
        DisagreementCount =>
            "{0} {0:passage|passages} coded differently by {1} and {2}",
            "{0} {0:passage|passages} verschillend gecodeerd door {1} en {2}";
        // Notes beside the agreement figures (core::agreement::AgreementNote)
        NoteUnknownDocument => "Document {0} does not exist and was skipped.", "Document {0} bestaat niet en is overgeslagen.";
        NoteUnknownCode => "Code {0} does not exist and was skipped.", "Code {0} bestaat niet en is overgeslagen.";
        NoteUnknownCoder => "Coder {0} does not exist and was skipped.", "Codeur {0} bestaat niet en is overgeslagen.";
        NoteCoderGivenTwice =>
            "Warning: coder {0} was given twice and is counted once.",
            "Let op: codeur {0} is twee keer opgegeven en telt één keer mee.";
        NoteTooFewCoders => "Agreement needs at least two coders.", "Voor overeenstemming zijn ten minste twee codeurs nodig.";
        NoteCoderWithoutCodings =>
            "Warning: coder {0} has no codings in the compared documents; every figure with {0} only counts what the others coded.",
            "Let op: codeur {0} heeft geen coderingen in de vergeleken documenten; elk cijfer met {0} telt alleen wat de anderen codeerden.";
        NoteCodeUnused =>
            "Warning: code {0} was used by none of the compared coders.",
            "Let op: code {0} is door geen van de vergeleken codeurs gebruikt.";
        NoteSegmentPairsOnly =>
            "At segment level only pairs of coders are compared; there is no figure over all coders together.",
            "Op segmentniveau worden alleen paren codeurs vergeleken; er is geen cijfer over alle codeurs samen.";
        // The chapter check (check::report)
        CheckTitle => "Chapter check: {0}", "Hoofdstukcontrole: {0}";
        CheckAliasForm => "\"{0}\": write name = Code > Path", "\"{0}\": schrijf naam = Code > Pad";
        CheckAliasNoCode => "\"{0}\": there is no code \"{1}\"", "\"{0}\": er is geen code \"{1}\"";
        CheckChapterLine => "Chapter: {0}. {1}.", "Hoofdstuk: {0}. {1}.";
        CheckClaims => "Claims", "Beweringen";
        CheckClaimsTitle => "Claims in the chapter", "Beweringen in het hoofdstuk";
        CheckLocation => "Location", "Plaats";
        CheckClaim => "Claim", "Bewering";
        CheckVerdict => "Verdict", "Oordeel";
        CheckDifferences => "Differences", "Verschillen";
        CheckEvidence => "Evidence", "Onderbouwing";
        CheckKindQuote => "quote", "citaat";
        CheckKindLabels => "labels", "labels";
        CheckKindCount => "count", "aantal";
        CheckAtParagraph => "paragraph {0}", "alinea {0}";
        CheckAtCell => "table {0}, row {1}, column {2}", "tabel {0}, rij {1}, kolom {2}";
        CheckNotListed => "not listed: {0}", "niet genoemd: {0}";
        CheckListedWithout => "listed without the code: {0}", "genoemd zonder de code: {0}";
        CheckNoSuchRespondent => "no such respondent: {0}", "geen respondent van het project: {0}";
        CheckSummary => "{0} {0:claim|claims}: {1}", "{0} {0:bewering|beweringen}: {1}";
        CheckNoneFound => "none found", "geen gevonden";
        CheckNone => "none", "geen";
        CheckCodedFor => "Coded for {0} {0:respondent|respondents}: {1}", "Gecodeerd bij {0} {0:respondent|respondenten}: {1}";
        CheckProjectHas => "; the project has {0} respondents, not {1}", "; het project heeft {0} respondenten, niet {1}";
        CheckNoCodeNamed =>
            "No code is named in “{0}”; add the name the chapter uses as an alias.",
            "In “{0}” wordt geen code genoemd; voeg de naam die het hoofdstuk gebruikt toe als alias.";
        CheckNotFound => "Not found in any transcript.", "In geen enkel transcript gevonden.";
        CheckNotARespondent => "{0} (not a respondent)", "{0} (geen respondent)";
        CheckNoSpeakerTurn => "no speaker turn", "geen spreekbeurt";
        CheckFoundVerbatim => "Found verbatim in {0}, spoken by {1}.", "Letterlijk gevonden in {0}, gezegd door {1}.";
        CheckFoundWithDifferences =>
            "Found with differences in {0}, spoken by {1}: {2}",
            "Met verschillen gevonden in {0}, gezegd door {1}: {2}";
        CheckAttributedTo => " The chapter attributes it to {0}.", " Het hoofdstuk schrijft het toe aan {0}.";
        VerdictConsistent => "consistent", "klopt";
        VerdictQuoteDiffers => "quote differs", "citaat wijkt af";
        VerdictQuoteNotFound => "quote not found", "citaat niet gevonden";
        VerdictWrongSpeaker => "other speaker", "andere spreker";
        VerdictSpokenByInterviewer => "spoken by the interviewer", "gezegd door de interviewer";
        VerdictLabelsDiffer => "label list differs", "labellijst wijkt af";
        VerdictCountDiffers => "count differs", "aantal wijkt af";
        VerdictUnknownLabels => "unknown labels", "onbekende labels";
        VerdictNoCode => "no code named", "geen code genoemd";
        MethodsPerPair =>
            " Per pair, pooled over all codes (Cohen's κ): {0}; the table gives every pair per code.",
            " Per paar, gepoold over alle codes (Cohens κ): {0}; de tabel geeft elk paar per code.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lang::{Lang, check_table};

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
