//! The export's header and label texts in Dutch and English, apart from the table builders so the
//! options (which name their choices with them) and the tables (which read the options) do not
//! import each other.

use super::Lang;

/// Header and label texts.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    let nl = lang == Lang::Nl;
    macro_rules! t {
        ($($k:literal => $nl:literal, $en:literal;)*) => {
            match key { $($k => if nl { $nl } else { $en },)* _ => "" }
        };
    }
    t! {
        "code" => "Code", "Code";
        "path" => "Pad", "Path";
        "level" => "Niveau", "Level";
        "kind" => "Soort", "Kind";
        "own_codings" => "Coderingen (eigen)", "Codings (own)";
        "own_respondents" => "Respondenten (eigen)", "Respondents (own)";
        "codings" => "Coderingen", "Codings";
        "respondents" => "Respondenten", "Respondents";
        "documents" => "Documenten", "Documents";
        "labels" => "Respondentlabels", "Respondent labels";
        "labels_l" => "respondentlabels", "respondent labels";
        "codings_l" => "coderingen", "codings";
        "respondents_l" => "respondenten", "respondents";
        "total" => "Totaal", "Total";
        "respondent" => "Respondent", "Respondent";
        "document" => "Document", "Document";
        "line" => "Regel", "Line";
        "quote" => "Citaat", "Quote";
        "citation" => "Bronvermelding", "Citation";
        "codes" => "Codes", "Codes";
        "frequencies" => "Codefrequenties", "Code frequencies";
        "codeboom" => "Codeboom", "Code tree";
        "overview" => "Respondentenoverzicht", "Respondent overview";
        "quotes" => "Citaten", "Quotes";
        "unknown" => "(onbekend)", "(unknown)";
        "concept" => "concept", "concept";
        "dimension" => "dimensie", "dimension";
        "indicator" => "indicator", "indicator";
        "coding_s" => "codering", "coding";
        "coding_p" => "coderingen", "codings";
        "respondent_s" => "respondent", "respondent";
        "respondent_p" => "respondenten", "respondents";
        "own" => "eigen", "own";
        "segments" => "Gecodeerde fragmenten", "Coded segments";
        "memos" => "Memo's", "Memos";
        "coder" => "Codeur", "Coder";
        "start" => "Begin", "Start";
        "end" => "Einde", "End";
        "text" => "Tekst", "Text";
        "memo" => "Memo", "Memo";
        "target" => "Over", "About";
        "author" => "Auteur", "Author";
        "date" => "Datum", "Date";
        "memo_title" => "Titel", "Title";
        "matrix_title" => "Coderingen per respondent", "Codings per respondent";
        "presence_title" => "Genoemde codes per respondent", "Codes named per respondent";
        "documents_title" => "Coderingen per document", "Codings per document";
        "presence_documents_title" => "Aanwezige codes per document", "Codes present per document";
        "frequencies_by" => "Codefrequenties per", "Code frequencies by";
        "codings_per_code" => "Coderingen per code", "Codings per code";
        "respondents_per_code" => "Respondenten per code", "Respondents per code";
        "own_suffix" => "(eigen)", "(own)";
        "total_l" => "totaal", "total";
        "codebook" => "Codeboek", "Codebook";
        "definition" => "Definitie", "Definition";
        "example" => "Voorbeeldcitaat", "Example quote";
    }
}
