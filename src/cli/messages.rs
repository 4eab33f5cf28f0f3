//! The command line's errors in the language of the verb: the one place where an error becomes
//! the line `werkbank: …` on stderr (and the lines `code` and `memo` print, which speak it too). Verbs and the layers below return typed errors (the CLI's own
//! [`CliError`], a workflow's code or document that does not exist, a file that cannot be written);
//! [`error_message`] says them once, at the binary's edge, in the verb's `--lang` (Dutch by
//! default, as its report), from the checked table [`Say`]. A Dutch student who mistypes a code
//! path reads "geen code …; bedoelde je …?" under a Dutch table rather than an English line.
//!
//! Errors not in the table (an unreadable file's reason from the system, a project made by a
//! newer version) are said as their layer wrote them, in English.

use crate::core::lang::{Lang, Said, string_table};
use crate::output::OutputError;
use crate::store::StoreError;
use crate::workflow::WorkflowError;

string_table! {
    /// A sentence of the command line's errors, or a line of `code` and `memo`.
    pub enum Say {
        NoCode => "no code '{0}'", "geen code '{0}'";
        NoCodeDidYouMean => "no code '{0}'; did you mean {1}?", "geen code '{0}'; bedoelde je {1}?";
        Or => "or", "of";
        AmbiguousCode =>
            "'{0}' is ambiguous ({1} codes have that name); give the full path, e.g. {2}",
            "'{0}' is niet eenduidig ({1} codes heten zo); geef het hele pad, bijvoorbeeld {2}";
        NoDocument => "no document '{0}'", "geen document '{0}'";
        AmbiguousDocument =>
            "'{0}' matches {1} documents; be more specific",
            "'{0}' past bij {1} documenten; geef meer van de naam";
        NoRespondent => "no respondent '{0}'", "geen respondent '{0}'";
        CountsInCodebookFile =>
            "counts are written in .docx, .html, .md or .txt code trees, not in a codebook file (--format)",
            "aantallen komen in codebomen als .docx, .html, .md of .txt, niet in een codeboekbestand (--format)";
        NoCoder => "no coder '{0}'", "geen codeur '{0}'";
        BadWhere =>
            "--where '{0}' should look like name=value, name!=value, name<value or name>=value",
            "--where '{0}' moet de vorm naam=waarde, naam!=waarde, naam<waarde of naam>=waarde hebben";
        CodeSelectsCodings =>
            "--code selects codings: use it with `list codings`",
            "--code kiest coderingen: gebruik het met `list codings`";
        LabelOrderForm =>
            "--label-order takes natural, number, import, a comma-separated list of labels or a file",
            "--label-order neemt natural, number, import, een lijst labels met komma's of een bestand";
        PerCoderWhere =>
            "--per-coder gives a column or a bar per coder: use it with `export frequencies`, `export bar-chart` or `counts`",
            "--per-coder geeft een kolom of staaf per codeur: gebruik het met `export frequencies`, `export bar-chart` of `counts`";
        PerCoderOrBy =>
            "--per-coder and --by both choose the columns: give one of them",
            "--per-coder en --by kiezen allebei de kolommen: geef er één";
        GroupsNeedBy =>
            "the groups report needs --by ATTRIBUTE or --per-coder",
            "het groepenrapport heeft --by KENMERK of --per-coder nodig";
        QuotesNeedCode => "quotes need --code", "citaten hebben --code nodig";
        UnusedOptions =>
            "export {0} has no use for {1}: they shape count tables; {0} is filtered with --code, --doc, --only-coder and --where",
            "export {0} heeft niets aan {1}: die vormen teltabellen; {0} filter je met --code, --doc, --only-coder en --where";
        Strict => "{0} (--strict)", "{0} (--strict)";
        // `code`
        GiveProject => "give the project file", "geef het projectbestand";
        RangeNeedsDoc => "--range needs --doc", "--range heeft --doc nodig";
        RangeForm => "--range must look like 120..245", "--range moet de vorm 120..245 hebben";
        GiveRange => "give --range, --phrase or --regex", "geef --range, --phrase of --regex";
        AddedWith => "added {0} {0:coding|codings} with {1}", "{0} {0:codering|coderingen} toegevoegd met {1}";
        CodedPassage => "coding {0}: \"{1}\"", "codering {0}: \"{1}\"";
        AlreadyCoded => "already coded: coding {0}: \"{1}\" (nothing added)", "al gecodeerd: codering {0}: \"{1}\" (niets toegevoegd)";
        PhraseNowhere =>
            "the phrase '{0}' was found nowhere; nothing was coded",
            "de zinsnede '{0}' komt nergens voor; er is niets gecodeerd";
        PatternNowhere =>
            "the pattern '{0}' was found nowhere; nothing was coded",
            "het patroon '{0}' komt nergens voor; er is niets gecodeerd";
        // `code --ranges-file`
        AddedFrom =>
            "added {0} {0:coding|codings} from {1} in one action",
            "{0} {0:codering|coderingen} uit {1} toegevoegd in één handeling";
        SkippedIdentical => "; skipped {0} already coded identically", "; {0} al precies zo gecodeerd overgeslagen";
        BadLines =>
            "{0}: {1} bad {1:line|lines}; nothing was coded. Fix these and run again:",
            "{0}: {1} foute {1:regel|regels}; er is niets gecodeerd. Verbeter ze en probeer het opnieuw:";
        BadLine => "line {0}: {1}", "regel {0}: {1}";
        LineFields => "expected document<TAB>start<TAB>end[<TAB>code path]", "verwacht document<TAB>begin<TAB>einde[<TAB>codepad]";
        NotAPosition => "'{0}' is not a character position", "'{0}' is geen tekenpositie";
        // `code rename|move|merge|describe|recolour`
        Renamed => "renamed {0} to {1}", "hernoemd: {0} heet nu {1}";
        Moved => "moved to {0}", "verplaatst naar {0}";
        Merged => "merged {0} ({1} {1:coding|codings}) into {2}", "{0} ({1} {1:codering|coderingen}) samengevoegd met {2}";
        Described => "described {0}", "beschreven: {0}";
        IsNow => "{0} is now {1}", "{0} is nu {1}";
        // `codebook import`, `backup --list`
        CodesAdded =>
            "added {0} {0:code|codes}; the project now has {1} {1:code|codes}",
            "{0} {0:code|codes} toegevoegd; het project heeft nu {1} {1:code|codes}";
        BackupLine => "{0}\t{1}\t{2} bytes", "{0}\t{1}\t{2} bytes";
        // `delete`
        BackupsStillHold =>
            "note: {0} {0:backup|backups} of the project still {0:holds|hold} it; run again with --purge-backups to remove it from them",
            "let op: {0} {0:back-up|back-ups} van het project {0:bevat|bevatten} het nog; voer dit opnieuw uit met --purge-backups om het daaruit te verwijderen";
        PurgedBackups =>
            "removed it from {0} {0:backup|backups} (each checked afterwards); {1} did not hold it",
            "uit {0} {0:back-up|back-ups} verwijderd (elk daarna gecontroleerd); {1} bevatten het niet";
        BackupsNotCleaned =>
            "{0} {0:backup|backups} could not be cleaned and may still hold it",
            "{0} {0:back-up kon|back-ups konden} niet worden opgeschoond en {0:bevat|bevatten} het misschien nog";
        // `pseudonymise`
        NothingToReplace =>
            "nothing to replace: give --terms, or record respondents' real names with `werkbank respondent alias PROJECT LABEL NAME`",
            "niets te vervangen: geef --terms, of leg de echte namen van respondenten vast met `werkbank respondent alias PROJECT LABEL NAAM`";
        WrotePseudonymised =>
            "wrote pseudonymised copy {0} ({1} {1:term|terms})",
            "gepseudonimiseerde kopie {0} geschreven ({1} {1:term|termen})";
        Pseudonymised =>
            "pseudonymised {0} {0:document|documents} ({1} {1:term|terms})",
            "{0} {0:document|documenten} gepseudonimiseerd ({1} {1:term|termen})";
        // `respondent`
        AddedRespondent => "added respondent {0}", "respondent {0} toegevoegd";
        RespondentsImported =>
            "{0} new {0:respondent|respondents}, {1} updated; the project now has {2} {2:respondent|respondents}",
            "{0} {0:nieuwe respondent|nieuwe respondenten}, {1} bijgewerkt; het project heeft nu {2} {2:respondent|respondenten}";
        PreviewOnly => "preview only: nothing was written", "alleen een voorbeeld: er is niets geschreven";
        Updated => "updated {0}", "{0} bijgewerkt";
        ValueForm => "'{0}' should look like name=value", "'{0}' moet de vorm naam=waarde hebben";
        GiveAliases =>
            "give the real names to record for {0}, or --clear to remove them",
            "geef de echte namen om vast te leggen voor {0}, of --clear om ze te verwijderen";
        AliasesRecorded =>
            "{0} has {1} real {1:name|names} recorded",
            "van {0} {1:is|zijn} {1} echte {1:naam|namen} vastgelegd";
        MappedTurns =>
            "mapped {0} {0:turn|turns} of speaker {1} to {2}",
            "{0} {0:spreekbeurt|spreekbeurten} van spreker {1} gekoppeld aan {2}";
        // `survey import`
        PerForm => "--per is respondent or question", "--per is respondent of question";
        CannotImportAsChosen => "cannot import as chosen: {0}", "kan niet importeren zoals gekozen: {0}";
        SurveyImported =>
            "imported {0} {0:answer|answers} into {1} {1:document|documents}; {2} new {2:respondent|respondents}, {3} existing; {4} empty {4:answer|answers} skipped",
            "{0} {0:antwoord|antwoorden} geïmporteerd in {1} {1:document|documenten}; {2} {2:nieuwe respondent|nieuwe respondenten}, {3} bestaande; {4} {4:leeg antwoord|lege antwoorden} overgeslagen";
        // `import`
        NoTranscripts => "no transcripts found (supported: {0})", "geen transcripten gevonden (ondersteund: {0})";
        SpeakerForm =>
            "--speaker {0}: write TAG=interviewer, TAG=ignore, TAG=none or TAG=LABEL",
            "--speaker {0}: schrijf TAG=interviewer, TAG=ignore, TAG=none of TAG=LABEL";
        ImportedFile =>
            "[{0}/{1}] {2} -> '{3}': {4} {4:character|characters}, {5} speaker {5:turn|turns}",
            "[{0}/{1}] {2} -> '{3}': {4} {4:teken|tekens}, {5} {5:spreekbeurt|spreekbeurten}";
        ImportedOf => "imported {0} of {1} {1:file|files}", "{0} van {1} {1:bestand|bestanden} geïmporteerd";
        SkippedFiles => "; skipped {0}:", "; {0} overgeslagen:";
        NotImported =>
            "{0} {0:file|files} could not be imported",
            "{0} {0:bestand kon|bestanden konden} niet worden geïmporteerd";
        // `import --preview`
        WouldSkipDuplicate =>
            "{0}: would be skipped: the same text as the document “{1}” (use --allow-duplicates to import it anyway)",
            "{0}: zou worden overgeslagen: dezelfde tekst als het document “{1}” (gebruik --allow-duplicates om het toch te importeren)";
        WouldSkip => "{0}: would be skipped: {1}", "{0}: zou worden overgeslagen: {1}";
        PreviewDocument =>
            "{0} -> document '{1}': {2} {2:character|characters}, {3} speaker {3:turn|turns}",
            "{0} -> document '{1}': {2} {2:teken|tekens}, {3} {3:spreekbeurt|spreekbeurten}";
        WholeDocument => "whole document -> respondent {0}", "het hele document -> respondent {0}";
        ThisDocumentOnly => " (this document only)", " (alleen dit document)";
        ToInterviewer => "interviewer (no respondent)", "interviewer (geen respondent)";
        ToIgnored => "ignored (no respondent)", "genegeerd (geen respondent)";
        ToRespondent => "respondent {0}", "respondent {0}";
        ToNewRespondent => "new respondent {0}{1}", "nieuwe respondent {0}{1}";
        ToUnlinked =>
            "respondent, not linked (use --speakers-as-respondents or --speaker TAG=LABEL)",
            "respondent, niet gekoppeld (gebruik --speakers-as-respondents of --speaker TAG=LABEL)";
        ByLegend => "legend: {0}", "legenda: {0}";
        ByTag => "by its tag", "door de tag";
        Guessed => "guessed, please check: {0}", "geraden, controleer: {0}";
        SpeakerTurns => "{0} {0:turn|turns}", "{0} {0:beurt|beurten}";
        NothingImported =>
            "preview only: nothing was imported; change a speaker with --speaker TAG=interviewer|ignore|none|LABEL",
            "alleen een voorbeeld: er is niets geïmporteerd; verander een spreker met --speaker TAG=interviewer|ignore|none|LABEL";
        // `memo`
        NoMemoOn => "(no memo on {0})", "(geen memo bij {0})";
        RemovedMemo => "removed the memo of {0}", "memo verwijderd van {0}";
        NoMemoToRemove => "no memo to remove on {0}", "geen memo om te verwijderen bij {0}";
        UpdatedMemo => "updated the memo of {0}", "memo bijgewerkt van {0}";
        WroteMemo => "wrote a memo on {0}", "memo geschreven bij {0}";
        MemoOfCode => "code {0}", "code {0}";
        MemoOfDocument => "document {0}", "document {0}";
        MemoOfRespondent => "respondent {0}", "respondent {0}";
        MemoOfCoding => "coding {0}", "codering {0}";
        MemoOfProject => "the project", "het project";
        NoCoding => "no coding {0} (see `werkbank list PROJECT codings`)", "geen codering {0} (zie `werkbank list PROJECT codings`)";
        CoderTwice =>
            "coder '{0}' is given twice: agreement compares different coders",
            "codeur '{0}' staat er twee keer: overeenstemming vergelijkt verschillende codeurs";
        MinOverlap =>
            "--min-overlap must be between 0 and 1 (0.9 = 90 %)",
            "--min-overlap moet tussen 0 en 1 liggen (0,9 = 90 %)";
        // Files
        NotFound => "{0} does not exist", "{0} bestaat niet";
        NotAProject => "{0} is not a Werkbank project file", "{0} is geen projectbestand van Werkbank";
        AlreadyExists => "{0} already exists; choose another name", "{0} bestaat al; kies een andere naam";
        ProjectExists =>
            "{0} already exists; choose another name or open it",
            "{0} bestaat al; kies een andere naam of open het";
        NeverOverProject =>
            "{0} is a Werkbank project file (or another database); Werkbank never writes over one: choose another file name",
            "{0} is een projectbestand van Werkbank (of een andere database); Werkbank schrijft daar nooit overheen: kies een andere bestandsnaam";
        OpenProject =>
            "{0} belongs to the project being read; choose another file name",
            "{0} hoort bij het project dat gelezen wordt; kies een andere bestandsnaam";
        IsFolder => "{0} is a folder; give a file name", "{0} is een map; geef een bestandsnaam";
        NoFolder => "the folder {0} does not exist", "de map {0} bestaat niet";
        Unsupported => "{0} cannot be written as '{1}'; use {2}", "{0} kan niet als '{1}' worden geschreven; gebruik {2}";
        // What a report verb writes, as `output::format_of` is told it (and said in English).
        AReport => "a report", "een rapport";
        AChart => "a chart", "een grafiek";
        ACodeTree => "a code tree", "een codeboom";
        AChapterCheck => "a chapter check report", "een controle van het hoofdstuk";
        NoExtension => "a file without extension", "een bestand zonder extensie";
        CannotOpen => "cannot open {0}", "kan {0} niet openen";
        CannotCreate => "cannot create {0}", "kan {0} niet maken";
        CannotRead => "cannot read {0}", "kan {0} niet lezen";
        CannotWrite => "cannot write {0}", "kan {0} niet schrijven";
        NotRestored =>
            "{0} was not restored: {1}. The project is unchanged; choose another backup",
            "{0} is niet teruggezet: {1}. Het project is niet veranderd; kies een andere back-up";
        CannotReadChapter => "cannot read the chapter {0}", "kan het hoofdstuk {0} niet lezen";
        // Why a file cannot be read, as `import::io_reason` says it.
        NoSuchFile => "no such file", "dat bestand bestaat niet";
        NoReadPermission => "no permission to read the file", "geen toestemming om het bestand te lezen";
        NotAFile => "a folder, not a file", "een map, geen bestand";
    }
}

/// The command line's own refusals of what was asked.
#[derive(Debug)]
pub enum CliError {
    NoCoder(String),
    BadWhere(String),
    /// `agreement --between` naming a coder twice.
    CoderTwice(String),
    NoRespondent(String),
    NoCoding(crate::core::model::Id),
    /// A line of a ranges file that is no passage: its number and why, said in full.
    BadLines {
        file: std::path::PathBuf,
        lines: Vec<(usize, String)>,
    },
    NotAPosition(String),
    /// `export KIND` given options it has no use for (`--counts`, `--by`, …).
    UnusedOptions {
        kind: String,
        options: Vec<&'static str>,
    },
    /// A warning that `--strict` turns into an error, already said in the report's language.
    Strict(String),
    /// A fixed sentence: the usage of an option.
    Usage(Say),
    /// A sentence with its values: what was given and why it cannot be done.
    Refused(Said<Say>),
    /// Said before the reason a file could not be created, opened or read (`CannotCreate`,
    /// `CannotOpen`, `CannotRead`, `CannotReadChapter`), naming the file.
    File(Say, std::path::PathBuf),
}

impl CliError {
    /// The refusal in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            CliError::NoCoder(name) => Say::NoCoder.fill(lang, &[name]),
            CliError::BadWhere(kv) => Say::BadWhere.fill(lang, &[kv]),
            CliError::CoderTwice(name) => Say::CoderTwice.fill(lang, &[name]),
            CliError::NoRespondent(label) => Say::NoRespondent.fill(lang, &[label]),
            CliError::NoCoding(id) => Say::NoCoding.fill(lang, &[id]),
            CliError::NotAPosition(v) => Say::NotAPosition.fill(lang, &[v]),
            CliError::BadLines { file, lines } => {
                let mut s = Say::BadLines.fill(lang, &[&file.display(), &lines.len()]);
                for (n, why) in lines {
                    s.push_str("\n  ");
                    s.push_str(&Say::BadLine.fill(lang, &[n, why]));
                }
                s
            }
            CliError::UnusedOptions { kind, options } => Say::UnusedOptions.fill(lang, &[kind, &options.join(", ")]),
            CliError::Strict(w) => Say::Strict.fill(lang, &[w]),
            CliError::Usage(say) => say.text(lang).to_string(),
            CliError::Refused(said) => said.say(lang),
            CliError::File(say, path) => say.fill(lang, &[&path.display()]),
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl std::error::Error for CliError {}

/// An error and its causes on one line in `lang`, each message once: layers that wrap an error
/// often repeat its text ("X does not exist: X does not exist"), so a cause already said is left
/// out, and a cause the table has words for replaces its English words where a wrapper said them.
pub fn error_message(e: &anyhow::Error, lang: Lang) -> String {
    let mut msg = String::new();
    for (i, cause) in e.chain().enumerate() {
        let english = cause.to_string();
        // The outermost error may be a context ("kan X niet lezen"), which only `e` downcasts.
        let own = if i == 0 { e.downcast_ref::<CliError>().map(|c| c.say(lang)) } else { None };
        let text = own.or_else(|| said(cause, lang)).unwrap_or_else(|| english.clone());
        if english.is_empty() || msg.contains(&text) {
            continue;
        }
        if msg.contains(&english) {
            msg = msg.replacen(&english, &text, 1);
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    msg
}

/// `cause` in `lang`, when it is an error the table has words for.
fn said(cause: &(dyn std::error::Error + 'static), lang: Lang) -> Option<String> {
    if let Some(e) = cause.downcast_ref::<CliError>() {
        return Some(e.say(lang));
    }
    if let Some(e) = cause.downcast_ref::<WorkflowError>() {
        return match e {
            WorkflowError::NoCode { path, candidates } if candidates.is_empty() => {
                Some(Say::NoCode.fill(lang, &[path]))
            }
            WorkflowError::NoCode { path, candidates } => {
                let choices = crate::workflow::choices(candidates, Say::Or.text(lang));
                Some(Say::NoCodeDidYouMean.fill(lang, &[path, &choices]))
            }
            WorkflowError::AmbiguousCode { name, count, example } => {
                Some(Say::AmbiguousCode.fill(lang, &[name, count, example]))
            }
            WorkflowError::NoDocument(name) => Some(Say::NoDocument.fill(lang, &[name])),
            WorkflowError::AmbiguousDocument { name, count } => Some(Say::AmbiguousDocument.fill(lang, &[name, count])),
            WorkflowError::NoRespondent(label) => Some(Say::NoRespondent.fill(lang, &[label])),
            WorkflowError::CountsInCodebookFile => Some(Say::CountsInCodebookFile.text(lang).to_string()),
            _ => None,
        };
    }
    if let Some(crate::core::EditError::Invalid(refusal)) = cause.downcast_ref::<crate::core::EditError>() {
        return Some(refusal.say(lang));
    }
    if let Some(e) = cause.downcast_ref::<crate::respondents::RespondentError>() {
        return Some(e.say(lang));
    }
    if let Some(e) = cause.downcast_ref::<crate::import::table::TableError>() {
        return Some(e.say(lang));
    }
    if let Some(e) = cause.downcast_ref::<crate::refi::RefiError>() {
        return Some(e.say(lang));
    }
    if let Some(e) = cause.downcast_ref::<crate::exchange::ExchangeError>() {
        return Some(match e {
            // Its cause follows, said in turn.
            crate::exchange::ExchangeError::Write(path, _) => Say::CannotWrite.fill(lang, &[path]),
            e => e.say(lang),
        });
    }
    if let Some(e) = cause.downcast_ref::<OutputError>() {
        return match e {
            OutputError::ProjectFile(p) => Some(Say::NeverOverProject.fill(lang, &[&p.display()])),
            OutputError::OpenProject(p) => Some(Say::OpenProject.fill(lang, &[&p.display()])),
            OutputError::Exists(p) => Some(Say::AlreadyExists.fill(lang, &[&p.display()])),
            OutputError::IsFolder(p) => Some(Say::IsFolder.fill(lang, &[&p.display()])),
            OutputError::NoFolder(p) => Some(Say::NoFolder.fill(lang, &[&p.display()])),
            OutputError::Unsupported { what, ext, supported } => {
                Some(Say::Unsupported.fill(lang, &[&in_lang(what, lang), &in_lang(ext, lang), supported]))
            }
            _ => None,
        };
    }
    if let Some(e) = cause.downcast_ref::<StoreError>() {
        return match e {
            StoreError::NotFound(p) => Some(Say::NotFound.fill(lang, &[&p.display()])),
            StoreError::NotAProject(p) => Some(Say::NotAProject.fill(lang, &[&p.display()])),
            StoreError::AlreadyExists(p) => Some(Say::ProjectExists.fill(lang, &[&p.display()])),
            StoreError::BadBackup { path, reason } => Some(Say::NotRestored.fill(lang, &[&path.display(), reason])),
            _ => None,
        };
    }
    // A reason a lower layer says in a fixed phrase ("no such file").
    let english = cause.to_string();
    Say::ALL.iter().any(|s| s.text(Lang::En) == english).then(|| in_lang(&english, lang))
}

/// A phrase a lower layer wrote in English, in `lang` when the table has it.
pub(super) fn in_lang(english: &str, lang: Lang) -> String {
    Say::ALL.iter().find(|s| s.text(Lang::En) == english).map_or(english, |s| s.text(lang)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_sentence_has_both_languages_with_the_same_placeholders() {
        let problems = crate::core::lang::check_table(Say::ALL, Say::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_wrapped_error_is_said_once_in_the_language_asked() {
        let inner =
            WorkflowError::NoCode { path: "Proceswaarden".into(), candidates: vec!["A > Proceswaarden".into()] };
        let e = anyhow::Error::new(inner);
        assert_eq!(error_message(&e, Lang::En), "no code 'Proceswaarden'; did you mean 'A > Proceswaarden'?");
        assert_eq!(error_message(&e, Lang::Nl), "geen code 'Proceswaarden'; bedoelde je 'A > Proceswaarden'?");
        // An export error that only repeats the file error under it is said by that error.
        let wrapped = anyhow::Error::new(crate::export::ExportError::from(OutputError::NoFolder("/nergens".into())));
        assert_eq!(error_message(&wrapped, Lang::Nl), "de map /nergens bestaat niet");
        // A wrapper that adds words keeps them, with its cause's words in the language asked.
        let context = anyhow::Error::new(WorkflowError::NoDocument("Int".into())).context("counts: no document 'Int'");
        assert_eq!(error_message(&context, Lang::Nl), "counts: geen document 'Int'");
        assert_eq!(error_message(&context, Lang::En), "counts: no document 'Int'");
    }
}
