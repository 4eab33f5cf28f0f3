//! Every user-visible string of the app, in English and Dutch, in one table: a translator edits
//! one file, and switching language at runtime is just a different column. Placeholders are
//! `{0}`, `{1}`, … filled by [`trf`]; `{0:coding|codings}` picks the singular or plural form by
//! the count in `{0}`, so both languages say "1 coding" and "2 codings".

pub use crate::core::lang::Lang;
use crate::core::lang::{fill, string_table};

/// The text for `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    key.text(lang)
}

/// [`tr`] with `{0}`, `{1}`, … replaced by `args`, and `{0:one|many}` by `one` when `{0}` is 1,
/// else `many` (see [`fill`]).
pub fn trf(lang: Lang, key: Key, args: &[&dyn std::fmt::Display]) -> String {
    fill(tr(lang, key), args)
}

string_table! {
    /// A user-visible string.
    pub enum Key {
    // Menus
    MenuFile => "File", "Bestand";
    MenuEdit => "Edit", "Bewerken";
    MenuCode => "Code", "Code";
    MenuView => "View", "Beeld";
    MenuHelp => "Help", "Help";
    CheckChapter => "Check a chapter…", "Hoofdstuk controleren…";
    ImportedIntoNewProject => "Imported {0} into the new project {1}", "{0} geïmporteerd in het nieuwe project {1}";
    CheckTitle => "Chapter check", "Hoofdstukcontrole";
    CheckFailed => "Could not check {0}: {1}", "Kon {0} niet controleren: {1}";
    CheckOnlyDifferences => "Only claims that differ", "Alleen afwijkende claims";
    CheckAnother => "Check another chapter…", "Ander hoofdstuk controleren…";
    CheckJump => "Click to show the evidence", "Klik om het bewijs te tonen";
    CheckAliases => "Other names for codes", "Andere namen voor codes";
    CheckAliasesExplain => "When the chapter calls a code differently, write one name = Code > Path per line.", "Noemt het hoofdstuk een code anders, schrijf dan per regel naam = Code > Pad.";
    CheckAliasesLabel => "Names:", "Namen:";
    CheckAgain => "Check again", "Opnieuw controleren";
    About => "About Werkbank", "Over Werkbank";
    ReportProblem => "Report a problem (copy diagnostics)", "Probleem melden (diagnose kopiëren)";
    AboutVersion => "Version {0}, commit {1}, built {2}", "Versie {0}, commit {1}, gebouwd {2}";
    AboutLicence => "Licence: {0}", "Licentie: {0}";
    AboutPrivacy => "Everything stays on this computer: Werkbank sends nothing anywhere.", "Alles blijft op deze computer: Werkbank verstuurt niets.";
    DiagnosticsCopied => "Copied to the clipboard (figures only, no names or text): paste it into your problem report.", "Naar het klembord gekopieerd (alleen aantallen, geen namen of tekst): plak het in je melding.";
    NewProject => "New project…", "Nieuw project…";
    OpenProject => "Open project…", "Project openen…";
    OpenDemo => "Open demo project", "Demoproject openen";
    ImportTranscripts => "Import transcripts…", "Transcripten importeren…";
    MergeProjectMenu => "Merge a coder's project…", "Project van een codeur samenvoegen…";
    HandoutMenu => "Make a hand-out for a second coder…", "Kopie voor een tweede codeur maken…";
    ImportRefiMenu => "Import REFI-QDA (.qdpx, .qdc)…", "REFI-QDA importeren (.qdpx, .qdc)…";
    ExportRefiMenu => "Export REFI-QDA (.qdpx, .qdc)…", "REFI-QDA exporteren (.qdpx, .qdc)…";
    ExchangePreviewExplain => "Nothing has changed yet. This is what would happen:", "Er is nog niets veranderd. Dit zou er gebeuren:";
    MergeNow => "Merge", "Samenvoegen";
    ImportCodebook => "Import codebook…", "Codeboek importeren…";
    // Respondent and survey tables (tables.rs)
    ImportRespondentTable => "Import respondent table…", "Respondententabel importeren…";
    ImportSurveyTable => "Import survey table…", "Enquêtetabel importeren…";
    TblRead => "{0} rows, {1} columns ({2})", "{0} rijen, {1} kolommen ({2})";
    TblExplain => "Nothing has been imported yet. Choose what each column is; the kinds (number, date, text) are inferred and can be changed later under Respondents.", "Er is nog niets geïmporteerd. Kies wat elke kolom is; de soorten (getal, datum, tekst) worden herkend en zijn later bij Respondenten te wijzigen.";
    TblColumn => "Column", "Kolom";
    TblUse => "Use as", "Gebruiken als";
    TblUseOf => "Use of {0}", "Gebruik van {0}";
    KindOf => "Kind of {0}", "Soort van {0}";
    TblKind => "Kind", "Soort";
    TblFilled => "Filled", "Gevuld";
    TblSamples => "Sample values", "Voorbeeldwaarden";
    TblUseRespondent => "respondent", "respondent";
    TblUseAnswer => "open answer", "open antwoord";
    TblUseAttribute => "attribute", "kenmerk";
    TblUseIgnore => "ignored", "negeren";
    TblPerRespondent => "One document per respondent (a turn per question)", "Eén document per respondent (een beurt per vraag)";
    TblPerQuestion => "One document per question (a turn per respondent)", "Eén document per vraag (een beurt per respondent)";
    TblWillRespondents => "{0} new respondents; {1} existing respondents matched by label ({2} with changed attributes)", "{0} nieuwe respondenten; {1} bestaande respondenten herkend aan hun label ({2} met gewijzigde kenmerken)";
    TblWillAttributes => "Attributes: {0}", "Kenmerken: {0}";
    TblWillDocuments => "{0} documents with {1} answers; {2} empty answers skipped", "{0} documenten met {1} antwoorden; {2} lege antwoorden overgeslagen";
    TblSurveyImported => "Imported {0} answers into {1} documents ({2} new respondents, {3} empty answers skipped)", "{0} antwoorden in {1} documenten geïmporteerd ({2} nieuwe respondenten, {3} lege antwoorden overgeslagen)";
    TblRespondentsImported => "Respondent table imported: {0} new respondents, {1} updated", "Respondententabel geïmporteerd: {0} nieuwe respondenten, {1} bijgewerkt";
    CloseProject => "Close project", "Project sluiten";
    // Workflow dialogs and the demo (workflows.rs)
    DemoBadge => "Demo", "Demo";
    DemoExplain => "You are trying Werkbank on a demo project. Changes stay in the demo until you reset it; your own interviews belong in a project of your own.", "Je probeert Werkbank uit met een demoproject. Wijzigingen blijven in de demo tot je die herstelt; je eigen interviews horen in een eigen project.";
    SaveAsMyProject => "Save as my project…", "Opslaan als mijn project…";
    SavedAsProject => "Saved as {0}; this is now your own project.", "Opgeslagen als {0}; dit is nu je eigen project.";
    ResetDemo => "Reset demo…", "Demo herstellen…";
    ResetDemoTitle => "Reset the demo project?", "Het demoproject herstellen?";
    ResetDemoExplain => "Everything you did in the demo (codings, memos, codes) is thrown away and the original demo is built again. Your own projects are not touched.", "Alles wat je in de demo deed (coderingen, memo's, codes) wordt weggegooid en de oorspronkelijke demo wordt opnieuw gemaakt. Je eigen projecten blijven onaangeroerd.";
    ResetDemoConfirm => "Reset the demo", "Demo herstellen";
    DemoReset => "The demo was reset to its original state.", "De demo is teruggezet naar de oorspronkelijke staat.";
    DemoOpened => "Opened the demo project, as you left it.", "Het demoproject is geopend, zoals je het achterliet.";
    DemoAlreadyOpen => "The demo is already open. To start it over, use Reset demo… in the banner.", "De demo is al geopend. Opnieuw beginnen kan met Demo herstellen… in de balk.";
    TryDemo => "Try the demo", "Probeer de demo";
    NoFileDialog => "No system file dialog is available on this computer (no desktop portal), so type or paste the path here.", "Er is op deze computer geen systeembestandsvenster beschikbaar (geen desktopportaal); typ of plak daarom hier het pad.";
    Browse => "Choose…", "Kiezen…";
    PseudonymiseTitle => "Pseudonymise…", "Pseudonimiseren…";
    PsExplain => "Names and other identifying terms are replaced by labels; every coding keeps covering the same words. Respondents' recorded real names (aliases) are filled in below.", "Namen en andere herleidbare termen worden vervangen door labels; elke codering blijft dezelfde woorden omvatten. De vastgelegde echte namen (aliassen) van respondenten staan hieronder al ingevuld.";
    PsTermsLabel => "Replace (one `term = replacement` per line):", "Vervangen (één `term = vervanging` per regel):";
    PsPreview => "Preview", "Voorbeeld";
    PsFound => "{0} {0:time|times} in {1} {1:document|documents}", "{0} {0:keer|keer} in {1} {1:document|documenten}";
    PsNotFound => "not found in any document", "in geen enkel document gevonden";
    PsNoTerms => "Nothing to replace yet: type `term = replacement` lines.", "Nog niets te vervangen: typ regels `term = vervanging`.";
    PsModeCopy => "Write a pseudonymised copy (this project stays as it is)", "Een gepseudonimiseerde kopie schrijven (dit project blijft zoals het is)";
    PsModeInPlace => "Change this project (one step, undo with Ctrl+Z)", "Dit project wijzigen (één stap, ongedaan maken met Ctrl+Z)";
    PsCopyPath => "Copy:", "Kopie:";
    PsApply => "Pseudonymise", "Pseudonimiseren";
    PsCopyWritten => "{0} {0:replacement|replacements} made in the copy {1}", "{0} {0:vervanging|vervangingen} gedaan in de kopie {1}";
    PsDone => "Pseudonymised: {0} {0:replacement|replacements} (undo with Ctrl+Z)", "Gepseudonimiseerd: {0} {0:vervanging|vervangingen} (ongedaan maken met Ctrl+Z)";
    CbSummary => "{0}: {1} {1:code|codes}, {2} of them new", "{0}: {1} {1:code|codes}, waarvan {2} nieuw";
    CbUnder => "Put them under:", "Plaatsen onder:";
    CbTopLevel => "(top level)", "(hoogste niveau)";
    CbNew => "new", "nieuw";
    CbExists => "exists — kept", "bestaat — blijft";
    CbReused => "{0} {0:code exists|codes exist} already and {0:is|are} kept (an empty description is filled in).", "{0} {0:code bestaat|codes bestaan} al en {0:blijft|blijven} behouden (een lege beschrijving wordt aangevuld).";
    CbAlsoExists => "'{0}' also exists as {1}: importing makes a second code of that name.", "'{0}' bestaat ook als {1}: importeren maakt een tweede code met die naam.";
    CbMoreWarnings => "… and {0} more like this.", "… en nog {0} zulke.";
    CbLongNames => "Some code names are very long; the file may not be a codebook.", "Sommige codenamen zijn erg lang; het bestand is misschien geen codeboek.";
    CbEmpty => "This file holds no codes.", "Dit bestand bevat geen codes.";
    ExportCodebook => "Export codebook…", "Codeboek exporteren…";
    CodebookWritten => "Wrote {0} {0:code|codes} to {1}", "{0} {0:code|codes} geschreven naar {1}";
    CbxExplain => "The code tree as a Word document, web page or outline, names only or with counts; or as a codebook file (.json) another project can import.", "De codeboom als Word-document, webpagina of opsomming, alleen namen of met aantallen; of als codeboekbestand (.json) dat een ander project kan importeren.";
    CbxFormat => "Format:", "Formaat:";
    CbxNamesOnly => "names only", "alleen namen";
    CbxStyle => "Tree as:", "Boom als:";
    CbxBullets => "bulleted list", "opsomming met bolletjes";
    CbxNumbered => "numbered list (1, 1.1, 1.1.1)", "genummerde lijst (1, 1.1, 1.1.1)";
    CbxHeadings => "headings (Word navigation pane, contents)", "koppen (navigatievenster, inhoudsopgave)";
    CbxPath => "File:", "Bestand:";
    ExportAppendix => "Export appendix…", "Bijlage exporteren…";
    EditLogMenu => "Edit log…", "Wijzigingslogboek…";
    EditLogTitle => "Edit log", "Wijzigingslogboek";
    EditLogExplain => "Every change to this project, newest first: who did what, and when.", "Elke wijziging aan dit project, nieuwste eerst: wie deed wat, en wanneer.";
    EditLogCount => "{0} of {1} {1:entry|entries}", "{0} van {1} {1:regel|regels}";
    BackupsMenu => "Backups…", "Back-ups…";
    BackupNow => "Back up now", "Nu een back-up maken";
    BackupWritten => "Backup written to {0}", "Back-up geschreven naar {0}";
    CountsLegend => "codings · respondents", "coderingen · respondenten";
    AnSaveAs => "Save as…", "Opslaan als…";
    CountsLegendTip => "After each code: how many passages are coded with it or its subcodes, and from how many respondents.", "Achter elke code: hoeveel fragmenten ermee of met een subcode zijn gecodeerd, en bij hoeveel respondenten.";
    HidePanel => "Hide this panel", "Dit paneel verbergen";
    ShowDocuments => "Show documents", "Documenten tonen";
    ShowCodes => "Show codes", "Codes tonen";
    ImportPreviewTitle => "Import transcripts: speakers", "Transcripten importeren: sprekers";
    ReadingFiles => "Reading transcripts…", "Transcripten lezen…";
    WritingFile => "Writing the file…", "Bestand schrijven…";
    WritingFailed => "Writing the file stopped unexpectedly; check the folder and try again.", "Het schrijven van het bestand stopte onverwacht; controleer de map en probeer het opnieuw.";
    JobReading => "Reading {0}…", "{0} lezen…";
    JobWriting => "Writing {0}…", "{0} schrijven…";
    JobImporting => "Importing {0} {0:transcript|transcripts}…", "{0} {0:transcript|transcripten} importeren…";
    JobBackup => "Writing a backup…", "Reservekopie maken…";
    JobRestoring => "Restoring the backup…", "Reservekopie terugzetten…";
    JobFindingTerms => "Finding the terms in the transcripts…", "De termen in de transcripten zoeken…";
    JobPseudonymising => "Pseudonymising…", "Pseudonimiseren…";
    JobBusy => "Wait until “{0}” is done, or cancel it.", "Wacht tot “{0}” klaar is, of annuleer het.";
    JobCancelling => "Cancelling…", "Annuleren…";
    JobFinishing => "Almost done: the file is being put in place.", "Bijna klaar: het bestand wordt op zijn plaats gezet.";
    JobWorking => "Working…", "Bezig…";
    JobProjectChanged => "The project changed while this was being prepared; nothing was done. Please try again.", "Het project is veranderd terwijl dit werd voorbereid; er is niets gedaan. Probeer het opnieuw.";
    JobFailed => "“{0}” stopped unexpectedly; nothing was changed.", "“{0}” stopte onverwacht; er is niets veranderd.";
    ReadingFilesFailed => "Reading the transcripts stopped unexpectedly; nothing was imported.", "Het lezen van de transcripten stopte onverwacht; er is niets geïmporteerd.";
    ImportPreviewExplain => "Check each speaker's role and respondent before importing; guessed roles are marked. A generic tag such as Y or Speaker 1 becomes a respondent of that transcript only.", "Controleer per spreker de rol en de respondent voordat u importeert; geraden rollen zijn gemarkeerd. Een algemene aanduiding zoals Y of Spreker 1 wordt een respondent van alleen dat transcript.";
    ColSpeaker => "Speaker", "Spreker";
    ColTurns => "Turns", "Beurten";
    ColRole => "Role", "Rol";
    ColWhy => "Why", "Waarom";
    ColRespondent => "Respondent", "Respondent";
    RoleInterviewer => "interviewer", "interviewer";
    RoleRespondent => "respondent", "respondent";
    RoleIgnore => "ignore", "negeren";
    WhyLegend => "legend: {0}", "legenda: {0}";
    WhyTag => "its tag", "de aanduiding";
    WhyGuess => "guessed — please check: {0}", "geraden — controleer: {0}";
    RoleOf => "Role of {0} in {1}", "Rol van {0} in {1}";
    RespondentOf => "Respondent of {0} in {1}", "Respondent van {0} in {1}";
    NewRespondentOption => "new respondent", "nieuwe respondent";
    NewRespondentHint => "label for {0}", "label voor {0}";
    NoRespondent => "—", "—";
    SpeakersAsRespondents => "Make every speaker who is not the interviewer a respondent", "Maak van elke spreker behalve de interviewer een respondent";
    NoSpeakersFound => "No speaker turns found; the whole text is one document.", "Geen spreekbeurten gevonden; de hele tekst wordt één document.";
    MapNone => "not linked", "niet gekoppeld";
    ImportNow => "Import", "Importeren";
    FilesLeftOut => " ({0} {0:file|files} left out, as listed in the preview)", " ({0} {0:bestand|bestanden} overgeslagen, zoals in het voorbeeld vermeld)";
    SkippedFile => "Skipped: {0}", "Overgeslagen: {0}";
    DuplicateNotImported => "Same text as the document “{0}” already in the project: not imported.", "Dezelfde tekst als het document “{0}” dat al in het project staat: wordt niet geïmporteerd.";
    ImportDuplicatesAnyway => "Import duplicates anyway", "Dubbele transcripten toch importeren";
    RestoreBackupMenu => "Restore backup…", "Back-up terugzetten…";
    RestoreBackupTitle => "Restore a backup", "Een back-up terugzetten";
    RestoreBackupExplain => "Werkbank backs the project up when you open it and every hour. Restoring first backs up the current state, so a restore can be undone by restoring that backup.", "Werkbank maakt een back-up bij het openen en elk uur. Terugzetten maakt eerst een back-up van de huidige stand, zodat u het terugzetten ongedaan kunt maken door die terug te zetten.";
    NoBackups => "There are no backups of this project yet.", "Er zijn nog geen back-ups van dit project.";
    Restore => "Restore", "Terugzetten";
    Restored => "Restored {0}; the state before is kept in {1}", "{0} teruggezet; de stand daarvoor staat in {1}";
    Undo => "Undo", "Ongedaan maken";
    Redo => "Redo", "Opnieuw";
    UndoLabel => "Undo {0}", "Ongedaan maken: {0}";
    RedoLabel => "Redo {0}", "Opnieuw: {0}";
    CommandPalette => "Command palette… (Ctrl+K)", "Opdrachtenpalet… (Ctrl+K)";
    CommandPaletteShort => "Commands…", "Opdrachten…";
    NewCode => "New code…", "Nieuwe code…";
    NewChildCode => "New child code…", "Nieuwe subcode…";
    NewSiblingCode => "New sibling code…", "Nieuwe code op dit niveau…";
    RenameCode => "Rename code…", "Code hernoemen…";
    MergeCode => "Merge into…", "Samenvoegen met…";
    DeleteCode => "Delete code…", "Code verwijderen…";
    MoveToTop => "Move to top level", "Naar hoogste niveau";
    NextShort => "Next coding", "Volgende codering";
    PrevShort => "Previous", "Vorige";
    RemoveCoding => "Remove coding", "Codering verwijderen";
    NextCoding => "Next coding (F8)", "Volgende codering (F8)";
    PreviousCoding => "Previous coding (Shift+F8)", "Vorige codering (Shift+F8)";
    Language => "Language", "Taal";
    LanguageEnglish => "English", "English";
    LanguageDutch => "Nederlands", "Nederlands";
    Coders => "Coders", "Codeurs";
    ShowAllCoders => "Show codings of all coders", "Coderingen van alle codeurs tonen";
    ShowMine => "Show only my codings", "Alleen mijn coderingen tonen";
    ShowOnlyCoder => "Show only {0}", "Alleen {0} tonen";
    SnapToWords => "Snap selection to whole words", "Selectie uitbreiden tot hele woorden";
    ToggleDocuments => "Documents panel", "Documentenpaneel";
    ToggleCodes => "Codes panel", "Codepaneel";
    ToggleRetrieval => "Coded segments panel", "Paneel gecodeerde fragmenten";
    FocusQuickCode => "Apply code by typing (Ctrl+E)", "Code toepassen door te typen (Ctrl+E)";
    FocusSearch => "Search in all documents (Ctrl+F)", "Zoeken in alle documenten (Ctrl+F)";
    // Palette
    PaletteLabel => "Command:", "Opdracht:";
    PaletteHint => "type to filter, Enter runs", "typ om te filteren, Enter voert uit";
    PaletteApply => "Apply code: {0}", "Code toepassen: {0}";
    PaletteOpenDoc => "Open document: {0}", "Document openen: {0}";
    NothingFound => "Nothing found", "Niets gevonden";
    // Start screen
    Tagline => "Qualitative interview coding for theses: transcripts, code trees, respondents.", "Kwalitatief interviews coderen voor je scriptie: transcripten, codebomen, respondenten.";
    PathLabel => "Path:", "Pad:";
    PathHint => "/home/you/thesis.werkbank", "/home/jij/scriptie.werkbank";
    Open => "Open", "Openen";
    Create => "Create", "Aanmaken";
    OpenReadOnly => "Open read-only", "Alleen-lezen openen";
    RecentProjects => "Recent projects", "Recente projecten";
    NoRecent => "No recent projects yet.", "Nog geen recente projecten.";
    TypePathExplain => "Type or paste a path (the file dialog was cancelled or is not available).", "Typ of plak een pad (het bestandsvenster is geannuleerd of niet beschikbaar).";
    // Messages
    Opened => "Opened {0}", "{0} geopend";
    Created => "Created {0}", "{0} aangemaakt";
    LockedExplain => "{0} is open in another Werkbank window ({1}). Close it there, or open it read-only here.", "{0} is geopend in een ander Werkbank-venster ({1}). Sluit het daar, of open het hier alleen-lezen.";
    ReadOnlyRefused => "This project is open read-only: nothing can be changed. To edit, open it with Open project… in the File menu.", "Dit project is alleen-lezen geopend: er kan niets worden gewijzigd. Open het met Project openen… in het menu Bestand om te bewerken.";
    DemoCreated => "This is the demo project: a coded example to try things out. Your own work goes in a project of your own (New project…, or Save as my project… in the banner).", "Dit is het demoproject: een gecodeerd voorbeeld om dingen uit te proberen. Je eigen werk hoort in een eigen project (Nieuw project…, of Opslaan als mijn project… in de balk).";
    ReadOnlyNotice => "Opened read-only: you can read and search, but not change anything.", "Alleen-lezen geopend: je kunt lezen en zoeken, maar niets wijzigen.";
    ReadOnly => "READ-ONLY", "ALLEEN-LEZEN";
    SettingsNotSaved => "Settings could not be saved: {0}", "Instellingen konden niet worden opgeslagen: {0}";
    Undone => "Undone: {0}", "Ongedaan gemaakt: {0}";
    Redone => "Redone: {0}", "Opnieuw gedaan: {0}";
    NothingToUndo => "Nothing to undo", "Niets om ongedaan te maken";
    NothingToRedo => "Nothing to redo", "Niets om opnieuw te doen";
    NoLongerInProject => "{0} is no longer in the project", "{0} zit niet meer in het project";
    ErrGone => "This {0} no longer exists: it was deleted or undone in the meantime.", "Deze {0} bestaat niet meer: intussen verwijderd of ongedaan gemaakt.";
    ErrChanged => "This {0} was changed in the meantime; please try again.", "Deze {0} is intussen gewijzigd; probeer het opnieuw.";
    ErrExists => "This {0} exists already.", "Deze {0} bestaat al.";
    ErrInconsistent => "This change does not fit the project any more; nothing was changed.", "Deze wijziging past niet meer bij het project; er is niets gewijzigd.";
    EntityCode => "code", "code";
    EntityCoding => "coding", "codering";
    EntityDocument => "document", "document";
    EntityRespondent => "respondent", "respondent";
    EntityMemo => "memo", "memo";
    EntityTurn => "turn", "beurt";
    EntityCoder => "coder", "codeur";
    EntityAttribute => "attribute", "kenmerk";
    SelectTextFirst => "Select a passage in the transcript first.", "Selecteer eerst een fragment in het transcript.";
    SelectCodingFirst => "Click a coding (a coloured bar or highlight) first.", "Klik eerst op een codering (gekleurde balk of markering).";
    SelectCodeFirst => "Select a code in the tree first.", "Selecteer eerst een code in de boom.";
    CodedWith => "Coded with {0}", "Gecodeerd met {0}";
    Recoded => "Recoded as {0}", "Gehercodeerd als {0}";
    NoRecentCode => "No recently used code under key {0}", "Geen recent gebruikte code onder toets {0}";
    NoCodeMatches => "No code matches", "Geen code gevonden";
    CodingRemoved => "Coding removed", "Codering verwijderd";
    CodeCreated => "Code {0} created", "Code {0} aangemaakt";
    CodeDeleted => "Deleted {0}", "{0} verwijderd";
    Merged => "Merged into {0}", "Samengevoegd met {0}";
    NoCodings => "This document has no (visible) codings", "Dit document heeft geen (zichtbare) coderingen";
    Hits => "{0} {0:hit|hits}", "{0} {0:treffer|treffers}";
    CodedHits => "Coded {0} {0:hit|hits} with {1}", "{0} {0:treffer|treffers} gecodeerd met {1}";
    MemoSaved => "Memo saved", "Memo opgeslagen";
    Saved => "Saved", "Opgeslagen";
    Imported => "Imported {0} {0:file|files}", "{0} {0:bestand|bestanden} geïmporteerd";
    CodebookImported => "Codebook imported ({0} {0:change|changes} to the code tree)", "Codeboek geïmporteerd ({0} {0:wijziging|wijzigingen} in de codeboom)";
    Ready => "Ready", "Gereed";
    CoderIs => "Coder: {0}", "Codeur: {0}";
    // Coder banner
    BannerAll => "Showing codings of {0:the only coder|all {0} coders}: {1}", "{0:Coderingen van de enige codeur|Coderingen van alle {0} codeurs} zichtbaar: {1}";
    BannerMine => "FILTER: only your codings ({0}) are shown — {1} {1:coding|codings} by others {1:is|are} hidden", "FILTER: alleen jouw coderingen ({0}) zichtbaar — {1} {1:codering|coderingen} van anderen verborgen";
    BannerOne => "FILTER: only codings by {0} are shown — {1} {1:other is|others are} hidden", "FILTER: alleen coderingen van {0} zichtbaar — {1} {1:andere|andere} verborgen";
    // Left panel
    Documents => "Documents", "Documenten";
    Respondents => "Respondents", "Respondenten";
    Search => "Search", "Zoeken";
    NoDocuments => "No documents yet.", "Nog geen documenten.";
    NCodings => "{0} {0:coding|codings}", "{0} {0:codering|coderingen}";
    Speakers => "Speakers in this document", "Sprekers in dit document";
    NoSpeakers => "No speaker turns detected.", "Geen sprekerbeurten herkend.";
    NTurns => "{0} {0:turn|turns}", "{0} {0:beurt|beurten}";
    Nobody => "(interviewer / nobody)", "(interviewer / niemand)";
    DocumentMemo => "Document memo", "Documentmemo";
    RespondentMemo => "Respondent memo", "Respondentmemo";
    CodeMemo => "Code memo", "Codememo";
    CodingMemo => "Coding memo", "Coderingsmemo";
    MemoHint => "Write a memo…", "Schrijf een memo…";
    SaveMemo => "Save memo", "Memo opslaan";
    NewRespondentLabel => "New respondent:", "Nieuwe respondent:";
    Add => "Add", "Toevoegen";
    AttributeType => "Type of the attribute", "Soort kenmerk";
    AddAttribute => "Add attribute", "Kenmerk toevoegen";
    AddRespondent => "Add respondent", "Respondent toevoegen";
    SelectRespondent => "Select a respondent to edit its attributes.", "Selecteer een respondent om de kenmerken te bewerken.";
    AttributesOf => "Attributes of {0}", "Kenmerken van {0}";
    RealNames => "Real names:", "Echte namen:";
    RealNamesHint => "Comma-separated. Pseudonymising replaces each by the label; they never leave this project in a pseudonymised copy or export.", "Gescheiden door komma's. Pseudonimiseren vervangt elk door het label; ze verlaten dit project nooit in een gepseudonimiseerde kopie of export.";
    SaveRealNames => "Save names", "Namen opslaan";
    SaveAttributes => "Save attributes", "Kenmerken opslaan";
    NewAttributeLabel => "New attribute:", "Nieuw kenmerk:";
    SearchLabel => "Search:", "Zoek:";
    SearchHint => "word or phrase", "woord of zin";
    Find => "Find", "Zoeken";
    CodeAllHits => "Code all hits", "Alle treffers coderen";
    CodeAllHitsWith => "with the selected code: {0}", "met de geselecteerde code: {0}";
    SelectCodeForHits => "Select a code in the tree to code all hits with it.", "Selecteer een code in de boom om alle treffers ermee te coderen.";
    // Centre
    NoDocument => "Open a document on the left, or import transcripts (File menu).", "Open links een document, of importeer transcripten (menu Bestand).";
    DocCodings => "{0} {0:coding|codings} shown", "{0} {0:codering|coderingen} zichtbaar";
    SelectedChars => "{0} {0:character|characters} selected — click a code or press 1–9 to apply", "{0} {0:teken|tekens} geselecteerd — klik een code of druk 1–9 om toe te passen";
    SelectionHint => "Drag over text to select it; click coded text to select its coding; right-click for more.", "Sleep over tekst om te selecteren; klik gecodeerde tekst om de codering te kiezen; rechtsklik voor meer.";
    ChooseCoding => "Which coding?", "Welke codering?";
    EditCodingMemo => "Edit memo…", "Memo bewerken…";
    AddCodingMemo => "Add memo…", "Memo toevoegen…";
    RecodeMenu => "Recode as", "Hercoderen als";
    ShowInTree => "Show in code tree", "Toon in codeboom";
    RemoveThisCoding => "Remove this coding", "Deze codering verwijderen";
    CopyText => "Copy", "Kopiëren";
    CopyAsQuote => "Copy as quote", "Kopiëren als citaat";
    Copied => "Copied {0} {0:character|characters}", "{0} {0:teken|tekens} gekopieerd";
    CopiedQuote => "Copied: {0}", "Gekopieerd: {0}";
    PinnedLabel => "Keys 1–9 (right-click a code to pin), 0 = last code:", "Toetsen 1–9 (rechtsklik een code om vast te zetten), 0 = laatste code:";
    PinTo => "Pin to key", "Vastzetten op toets";
    Unpin => "Unpin", "Losmaken";
    RepeatLastCode => "Apply the last code again", "Laatste code opnieuw toepassen";
    LastCode => "0: {0}", "0: {0}";
    NoLastCode => "No code applied yet: key 0 repeats the last code", "Nog geen code toegepast: toets 0 herhaalt de laatste code";
    NoPinnedCode => "No code on key {0}: right-click a code in the tree and pin it", "Geen code op toets {0}: rechtsklik een code in de boom om hem vast te zetten";
    ConfirmLargeTitle => "Code {0} {0:paragraph|paragraphs}?", "{0} {0:alinea|alinea's} coderen?";
    ConfirmLargeExplain => "The selection spans {0} paragraphs ({1} characters). Code all of it with {2}?", "De selectie beslaat {0} alinea's ({1} tekens). Alles coderen met {2}?";
    CodeAnyway => "Code them", "Toch coderen";
    CodedBy => "coded by {0}", "gecodeerd door {0}";
    CharsRange => "characters {0}–{1}", "tekens {0}–{1}";
    RetrievalHint => "Select a code to see all its coded segments (including subcodes).", "Selecteer een code om alle gecodeerde fragmenten te zien (inclusief subcodes).";
    Segments => "Coded segments: {0} ({1})", "Gecodeerde fragmenten: {0} ({1})";
    // Right panel
    Codes => "Codes", "Codes";
    QuickCodeLabel => "Code:", "Code:";
    QuickCodeHint => "type part of a code, Enter applies", "typ een deel van een code, Enter past toe";
    Recent => "Recent (keys 1-9):", "Recent (toetsen 1-9):";
    NoCodes => "No codes yet: add one with + or import a codebook.", "Nog geen codes: voeg er een toe met + of importeer een codeboek.";
    CountsTip => "{0} {0:coding|codings} by {1} {1:respondent|respondents} (including subcodes)", "{0} {0:codering|coderingen} bij {1} {1:respondent|respondenten} (inclusief subcodes)";
    SelectedCoding => "Selected coding", "Geselecteerde codering";
    RecodeAs => "Recode as {0}", "Hercoderen als {0}";
    SelectCodeHint => "Select a code to edit its colour, description and memo.", "Selecteer een code om kleur, omschrijving en memo te bewerken.";
    Colour => "Colour:", "Kleur:";
    CustomColour => "Custom colour", "Eigen kleur";
    DescriptionLabel => "Description:", "Omschrijving:";
    SaveDescription => "Save description", "Omschrijving opslaan";
    // Dialogs
    Under => "Under: {0}", "Onder: {0}";
    NameLabel => "Name:", "Naam:";
    NewNameLabel => "New name:", "Nieuwe naam:";
    Rename => "Rename", "Hernoemen";
    Cancel => "Cancel", "Annuleren";
    Ok => "OK", "OK";
    MergeInto => "Merge {0} into…", "{0} samenvoegen met…";
    MergeExplain => "Its codings and subcodes move to the code you pick; then it is removed.", "De coderingen en subcodes gaan naar de gekozen code; daarna wordt deze code verwijderd.";
    FilterLabel => "Filter:", "Filter:";
    Merge => "Merge", "Samenvoegen";
    DeleteTitle => "Delete {0}?", "{0} verwijderen?";
    DeleteDocument => "Delete document…", "Document verwijderen…";
    DeleteRespondent => "Delete respondent…", "Respondent verwijderen…";
    DeleteDocumentTitle => "Delete document '{0}'?", "Document '{0}' verwijderen?";
    DeleteRespondentTitle => "Delete respondent {0} and everything of theirs?", "Respondent {0} en alles van hen verwijderen?";
    WithdrawExplain => "This removes {0}. You can undo it until you close the project.", "Dit verwijdert {0}. Ongedaan maken kan tot je het project sluit.";
    AlsoFromBackups => "Also remove it from the {0} {0:backup|backups} of this project (for a respondent who withdrew consent)", "Ook uit de {0} {0:back-up|back-ups} van dit project verwijderen (voor een respondent die toestemming intrekt)";
    BackupsKeepIt => "Without this, the backups keep it.", "Zonder dit houden de back-ups het.";
    Withdrawn => "Deleted {0}", "{0} verwijderd";
    WithdrawnFromBackups => "Deleted {0}; removed from {1} {1:backup|backups}", "{0} verwijderd; uit {1} {1:back-up|back-ups} gehaald";
    BackupsNotCleaned => "Deleted {0}, but {1} {1:backup|backups} could not be cleaned: {2}", "{0} verwijderd, maar {1} {1:back-up is|back-ups zijn} niet opgeschoond: {2}";
    DeleteExplain => "This code has {0} {0:subcode|subcodes}; together they hold {1} {1:coding|codings} from {2} {2:respondent|respondents}.", "Deze code heeft {0} {0:subcode|subcodes}; samen bevatten ze {1} {1:codering|coderingen} van {2} {2:respondent|respondenten}.";
    DeleteMoveTo => "Move the codings to:", "Verplaats de coderingen naar:";
    DeleteCodingsToo => "(delete the codings too)", "(verwijder de coderingen ook)";
    DeleteWithCodings => "Delete with {0} {0:coding|codings}", "Verwijderen met {0} {0:codering|coderingen}";
    Delete => "Delete", "Verwijderen";
    // Analysis window (src/ui/analysis_view.rs)
    OpenAnalysis => "Analysis…", "Analyse…";
    AnalysisTitle => "Analysis", "Analyse";
    AnFrequencies => "Code frequencies", "Codefrequenties";
    AnMatrix => "Code × respondent", "Code × respondent";
    AnCooccurrence => "Co-occurrence", "Co-occurrence";
    AnQuotes => "Quotes", "Citaten";
    AnCoder => "Coder:", "Codeur:";
    AnAllCoders => "all coders", "alle codeurs";
    AnAttribute => "Attribute:", "Kenmerk:";
    AnNoAttribute => "(no attribute filter)", "(geen kenmerkfilter)";
    AnValue => "Value:", "Waarde:";
    AnCode => "Code", "Code";
    AnCodings => "Codings", "Coderingen";
    AnRespondents => "Respondents", "Respondenten";
    AnCitation => "Citation", "Bronvermelding";
    AnTotal => "Total", "Totaal";
    AnPresence => "Show presence (0/1) instead of counts", "Aanwezigheid (0/1) tonen in plaats van aantallen";
    AnMode => "Co-occurring:", "Samen voorkomend:";
    AnModeOverlap => "overlapping codings", "overlappende coderingen";
    AnModeTurn => "same speaker turn", "dezelfde spreekbeurt";
    AnModeDocument => "same document", "hetzelfde document";
    AnQuoteCode => "Code for quotes:", "Code voor citaten:";
    AnPickCode => "(pick a code)", "(kies een code)";
    AnSubcodes => "Include subcodes", "Inclusief subcodes";
    AnTemplate => "Citation template:", "Citeersjabloon:";
    AnTemplateHint => "placeholders: {quote} {label} {document} {line} {code}", "plaatshouders: {quote} {label} {document} {line} {code}";
    AnCopy => "Copy", "Kopiëren";
    AnCopyAll => "Copy all", "Alles kopiëren";
    AnCopied => "Copied {0} {0:quote|quotes} to the clipboard", "{0} {0:citaat|citaten} naar het klembord gekopieerd";
    AnNoQuotes => "No coded passages for this code under the current filter.", "Geen gecodeerde fragmenten voor deze code met het huidige filter.";
    AnEmpty => "Nothing to show under the current filter.", "Niets te tonen met het huidige filter.";
    AnExportPath => "Export path:", "Exportpad:";
    AnExportHint => "/home/you/appendix.docx (.docx .html .xlsx .csv .md .txt .svg .png)", "/home/jij/bijlage.docx (.docx .html .xlsx .csv .md .txt .svg .png)";
    AnScopeSection => "this section", "deze sectie";
    AnScopeAppendix => "whole appendix", "hele bijlage";
    AnScopeSegments => "every coded segment", "alle gecodeerde fragmenten";
    AnScopeMemos => "every memo", "alle memo's";
    AnScopeCodebook => "codebook with definitions", "codeboek met definities";
    AnCountsLabel => "Counts:", "Aantallen:";
    AnCountsOwn => "own (the code itself)", "eigen (alleen de code zelf)";
    AnCountsTotal => "total (with subcodes)", "totaal (met subcodes)";
    AnCountsBoth => "own and total", "eigen en totaal";
    AnFigureLabel => "Figure:", "Getal:";
    AnFigureCodings => "codings", "coderingen";
    AnFigureRespondents => "respondents", "respondenten";
    AnFigureBoth => "codings and respondents", "coderingen en respondenten";
    AnFigureNone => "names only", "alleen namen";
    AnBranch => "Branch:", "Tak:";
    AnWholeTree => "(whole code tree)", "(hele codeboom)";
    AnHideUncoded => "Hide uncoded codes", "Ongecodeerde codes verbergen";
    AnWording => "Write \"4 respondents\"", "Schrijf \"4 respondenten\"";
    AnOrderLabel => "Label order:", "Volgorde labels:";
    AnOrderNatural => "natural (A2, A10, M1)", "natuurlijk (A2, A10, M1)";
    AnOrderNumber => "interview number (M1, A2, O7)", "interviewnummer (M1, A2, O7)";
    AnOrderImport => "order added (import)", "volgorde van toevoegen (import)";
    AnOrderCustom => "my own order", "eigen volgorde";
    AnOrderList => "Order:", "Volgorde:";
    AnJoinAnd => "\"A2 and A5\" before the last label", "\"A2 en A5\" voor het laatste label";
    ExportSegmentsMenu => "Export every coded segment…", "Alle gecodeerde fragmenten exporteren…";
    ExportMemosMenu => "Export every memo…", "Alle memo's exporteren…";
    AnExport => "Export", "Exporteren";
    AnExported => "Exported to {0}", "Geëxporteerd naar {0}";
    AnExportFailed => "Export failed: {0}", "Exporteren mislukt: {0}";
    AnPseudonymise => "Pseudonymise", "Pseudonimiseren";
    AnPseudonymiseHint => "Replace respondents' real names (their aliases) by their labels in everything exported, memos and document names included; the project stays as it is", "Echte namen van respondenten (hun aliassen) overal in de export door hun labels vervangen, ook in memo's en documentnamen; het project blijft zoals het is";
    AnPseudonymiseNoAliases => "No respondent has a real name (alias) to replace. Add aliases under Respondents, or use Pseudonymise… in the File menu with a list of terms.", "Geen respondent heeft een echte naam (alias) om te vervangen. Voeg aliassen toe onder Respondenten, of gebruik Pseudonimiseren… in het menu Bestand met een lijst termen.";
    AnNoPath => "Type a path to export to first.", "Typ eerst een pad om naar te exporteren.";
    AnNoChart => "This section has no chart; use .docx, .html, .xlsx, .csv or .txt", "Deze sectie heeft geen grafiek; gebruik .docx, .html, .xlsx, .csv of .txt";
    // Review (supervisor): agreement and disagreements of two coders
    OpenReview => "Review agreement and disagreements…", "Overeenstemming en verschillen beoordelen…";
    ReviewTitle => "Review", "Beoordeling";
    CoderA => "Coder A:", "Codeur A:";
    CoderB => "Coder B:", "Codeur B:";
    Unit => "Unit:", "Eenheid:";
    UnitSegment => "Segment", "Segment";
    UnitCharacter => "Character", "Teken";
    UnitDocument => "Document", "Document";
    MinOverlap => "Min. overlap:", "Min. overlap:";
    PickTwoCoders => "Pick two different coders.", "Kies twee verschillende codeurs.";
    ColCode => "Code", "Code";
    ColPercent => "% agreement", "% overeenstemming";
    ColKappa => "Cohen's κ", "Cohens κ";
    ColBrennan => "Brennan-Prediger κ", "Brennan-Prediger κ";
    ColAlpha => "Krippendorff's α", "Krippendorffs α";
    ColFleiss => "Fleiss' κ", "Fleiss' κ";
    AllCodersTitle => "All coders together", "Alle codeurs samen";
    AllCodersPerCode => "Per code, all coders", "Per code, alle codeurs";
    PooledRow => "All codes (pooled)", "Alle codes (gepoold)";
    NDisagreements => "{0} {0:disagreement|disagreements}", "{0} {0:verschil|verschillen}";
    NoDisagreements => "No disagreements: both coders coded the same.", "Geen verschillen: beide codeurs codeerden hetzelfde.";
    Passage => "Passage (click to show)", "Passage (klik om te tonen)";
    Decision => "Consensus", "Consensus";
    ReviewNoCodes => "(no code)", "(geen code)";
    ReviewMemo => "Memo:", "Memo:";
    AdoptA => "Adopt A", "A overnemen";
    AdoptB => "Adopt B", "B overnemen";
    AdoptBoth => "Adopt both", "Beide overnemen";
    AdoptTip => "Record the codes of {0} as the consensus coding of this passage", "Leg de codes van {0} vast als consensuscodering van dit fragment";
    ConsensusDone => "Consensus: {0}", "Consensus: {0}";
    ConsensusRecorded => "Consensus recorded: {0}", "Consensus vastgelegd: {0}";
    ReportPathLabel => "Report file:", "Rapportbestand:";
    ReportPathHint => "/home/you/agreement.docx (.docx, .html, .csv)", "/home/jij/overeenstemming.docx (.docx, .html, .csv)";
    ExportReport => "Export report…", "Rapport exporteren…";
    ReportWritten => "Report written to {0}", "Rapport geschreven naar {0}";
    Close => "Close", "Sluiten";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_in_both_languages() {
        assert_eq!(trf(Lang::En, Key::NCodings, &[&1]), "1 coding");
        assert_eq!(trf(Lang::En, Key::NCodings, &[&2]), "2 codings");
        assert_eq!(trf(Lang::Nl, Key::NCodings, &[&1]), "1 codering");
        assert_eq!(trf(Lang::Nl, Key::NCodings, &[&0]), "0 coderingen");
        assert_eq!(trf(Lang::En, Key::BannerAll, &[&1, &"Anna"]), "Showing codings of the only coder: Anna");
        assert_eq!(trf(Lang::En, Key::BannerAll, &[&2, &"Anna, Bob"]), "Showing codings of all 2 coders: Anna, Bob");
        assert_eq!(trf(Lang::En, Key::CountsTip, &[&1, &3]), "1 coding by 3 respondents (including subcodes)");
        // No string is left with "(s)" or "(en)" style plurals.
        for &k in Key::ALL {
            for l in [Lang::En, Lang::Nl] {
                let s = tr(l, k);
                assert!(!s.contains("(s)") && !s.contains("(en)"), "{k:?}: {s}");
            }
        }
    }

    #[test]
    fn every_string_exists_in_both_languages_and_placeholders_match() {
        let problems = crate::core::lang::check_table(Key::ALL, Key::text);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
