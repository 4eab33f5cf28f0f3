//! A ready-made, coded project so a first-time user (and the screenshot, and the tests) sees what
//! Werkbank does before importing anything: the code tree of a real thesis appendix
//! (`codebooks/000_codeboom.json`), four short fictional Dutch interviews on value-driven
//! digitalisation in a municipality, respondents with attributes, and about thirty codings by two
//! coders. Also builds large synthetic projects for measuring the transcript view's frame time.

use crate::codebook;
use crate::core::actions::{self, NewDocument};
use crate::core::model::{AttributeKind, Id, MemoTarget};
use crate::import::detect_speakers;
use crate::session::Session;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

const CODEBOOK: &str = include_str!("../codebooks/000_codeboom.json");

/// (document name, respondent label, functie, organisatie, text)
const INTERVIEWS: [(&str, &str, &str, &str, &str); 4] = [
    (
        "Interview A1",
        "A1",
        "Informatieadviseur",
        "Gemeente Veldhoven-Oost",
        include_str!("../assets/demo/interview_A1.txt"),
    ),
    (
        "Interview M2",
        "M2",
        "Afdelingsmanager Publiekszaken",
        "Gemeente Veldhoven-Oost",
        include_str!("../assets/demo/interview_M2.txt"),
    ),
    ("Interview P3", "P3", "Wethouder", "Gemeente Veldhoven-Oost", include_str!("../assets/demo/interview_P3.txt")),
    (
        "Interview O4",
        "O4",
        "Projectleider",
        "Omgevingsdienst De Kempen",
        include_str!("../assets/demo/interview_O4.txt"),
    ),
];

/// (document index, quoted phrase, code path, coder: 0 = the user, 1 = the supervisor, memo)
const CODINGS: &[(usize, &str, &str, u8, &str)] = &[
    (0, "Ik ben informatieadviseur bij het team Dienstverlening", "Introductie > Functie respondent", 0, ""),
    (
        0,
        "Voor mij gaat het om toegankelijkheid en gelijke behandeling",
        "Publieke waarden > Inventarisering publieke waarden > (Im)materiele waarden",
        0,
        "Toegankelijkheid als eerste genoemd.",
    ),
    (
        0,
        "privacy natuurlijk heel belangrijk",
        "Publieke waarden > Inventarisering publieke waarden > (Im)materiele waarden",
        0,
        "",
    ),
    (
        0,
        "Efficiëntie en privacy staan soms haaks op elkaar",
        "Waardengedreven digitaliseren > In kaart brengen conflicten > Gelijkwaardig",
        0,
        "",
    ),
    (
        0,
        "Efficiëntie en privacy staan soms haaks op elkaar. Het is sneller als we gegevens automatisch uit de basisregistratie halen",
        "Waardengedreven digitaliseren > In kaart brengen conflicten",
        1,
        "Begeleider: ook als incommensurabel te lezen?",
    ),
    (
        0,
        "We hebben een tussenvorm gekozen",
        "Publieke waardenstrategieën > Compromissen > Verschillende vormen van compromissen",
        0,
        "",
    ),
    (
        0,
        "niemand is helemaal tevreden, maar het werkt",
        "Publieke waardenstrategieën > Compromissen > Wekt frustraties op",
        0,
        "",
    ),
    (
        0,
        "We organiseren gebruikerstesten in de bibliotheek",
        "Publieke waardenstrategieën > Lerende > Stakeholders betrekken",
        0,
        "",
    ),
    (
        0,
        "Die lessen nemen we mee naar het volgende project",
        "Publieke waardenstrategieën > Lerende > Rol van leren",
        1,
        "",
    ),
    (1, "vooral een kostenverhaal", "Introductie > Omschrijving innovatieproces", 0, ""),
    (
        1,
        "Pas later zijn we gaan nadenken over welke waarden we eigenlijk wilden beschermen",
        "Inductieve resultaten > Elementen van waardengedreven digitaliseren > Vooraf nadenken over waarden",
        0,
        "",
    ),
    (
        1,
        "We hebben een waardensessie georganiseerd",
        "Waardengedreven digitaliseren > Identificeren publieke waarden",
        0,
        "",
    ),
    (
        1,
        "betrouwbaarheid, rechtmatigheid, menselijke maat, snelheid",
        "Publieke waarden > Inventarisering publieke waarden > Proceswaarden",
        0,
        "",
    ),
    (
        1,
        "Soms hebben we het conflict gewoon niet benoemd",
        "Publieke waardenstrategieën > Ontwijkende > Negeren van het conflict",
        0,
        "Eerlijke erkenning: ontwijken onder tijdsdruk.",
    ),
    (
        1,
        "Als de planning krap is, dan parkeer je zo'n discussie",
        "Publieke waardenstrategieën > Ontwijkende > Wel of niet bewust",
        1,
        "",
    ),
    (
        1,
        "Dat is precies het 'computer says no' waar we vanaf wilden",
        "Inductieve resultaten > Elementen van waardengedreven digitaliseren > De mens blijft in controle van IT > Geen computer says no",
        0,
        "",
    ),
    (
        1,
        "Nu beslist altijd een mens bij een afwijzing",
        "Inductieve resultaten > Elementen van waardengedreven digitaliseren > De mens blijft in controle van IT",
        0,
        "",
    ),
    (
        1,
        "We publiceren nu in het algoritmeregister welke regels we gebruiken",
        "Waardengedreven digitaliseren > Verantwoorden",
        0,
        "",
    ),
    (2, "De menselijke maat staat voor mij voorop", "Publieke waarden > Omschrijving publieke waarden", 0, ""),
    (
        2,
        "Bij elk nieuw systeem vragen we vooraf: welke waarden staan hier op het spel, en voor wie?",
        "Inductieve resultaten > Elementen van waardengedreven digitaliseren > Vooraf nadenken over waarden",
        0,
        "",
    ),
    (
        2,
        "Neem transparantie en veiligheid",
        "Waardengedreven digitaliseren > In kaart brengen conflicten > Incommensurabel",
        0,
        "",
    ),
    (
        2,
        "Die waarden zijn allebei belangrijk, je kunt ze niet tegen elkaar wegstrepen",
        "Waardengedreven digitaliseren > In kaart brengen conflicten > Incommensurabel",
        1,
        "",
    ),
    (
        2,
        "We leggen het voor aan de ethische commissie en aan een panel van inwoners",
        "Publieke waardenstrategieën > Lerende > Consulteren stakeholders",
        0,
        "",
    ),
    (
        2,
        "Ik zie dat als een leerproces voor de hele organisatie",
        "Publieke waardenstrategieën > Lerende > Rol van leren",
        0,
        "",
    ),
    (
        2,
        "De raad moet kunnen controleren of we doen wat we beloven",
        "Waardengedreven digitaliseren > Verantwoorden",
        0,
        "",
    ),
    (
        3,
        "Ik ben projectleider voor de aansluiting op het Digitaal Stelsel Omgevingswet",
        "Omschrijving cases > Omgevingswet",
        0,
        "",
    ),
    (
        3,
        "Rechtszekerheid in de eerste plaats",
        "Publieke waarden > Inventarisering publieke waarden > Proceswaarden",
        0,
        "",
    ),
    (
        3,
        "Dat zijn conflicterende uitgangspunten die je niet met een technische oplossing wegneemt",
        "Waardengedreven digitaliseren > In kaart brengen conflicten > Conflicterende uitgangspunten",
        0,
        "",
    ),
    (
        3,
        "We hebben per gemeente een uitzonderingstabel gemaakt",
        "Publieke waardenstrategieën > Compromissen > Keuzes maken tussen waarden",
        0,
        "",
    ),
    (3, "het frustreert de ontwikkelaars", "Publieke waardenstrategieën > Compromissen > Wekt frustraties op", 0, ""),
    (
        3,
        "Begin met het gesprek over waarden voordat je een leverancier kiest",
        "Inductieve resultaten > Elementen van waardengedreven digitaliseren > Vooraf nadenken over waarden",
        1,
        "",
    ),
];

/// The name of the second (supervisor) coder in the demo.
pub const DEMO_SUPERVISOR: &str = "Begeleider";

/// The character range of the first occurrence of `phrase` in `text`.
fn find_chars(text: &str, phrase: &str) -> Option<(usize, usize)> {
    let b = text.find(phrase)?;
    let start = text[..b].chars().count();
    Some((start, start + phrase.chars().count()))
}

/// Creates the demo project at `path` (which must not exist yet) and opens it with `coder` as the
/// current coder. The history starts empty: the demo's own construction is not undoable.
pub fn create_demo_project(path: &Path, coder: &str) -> Result<Session> {
    {
        let mut s = Session::create(path, "Demo: waardengedreven digitalisering", DEMO_SUPERVISOR)
            .with_context(|| format!("creating {}", path.display()))?;
        let cb = codebook::parse_json(CODEBOOK).context("reading the demo codebook")?;
        let edit = codebook::insert_into_project(s.project(), None, &cb.codes, true);
        s.perform(edit)?;
        for attr in ["functie", "organisatie"] {
            s.run(|p| actions::define_attribute(p, attr, AttributeKind::Text))?;
        }
        let mut docs: Vec<Id> = Vec::new();
        for (name, label, functie, org, text) in INTERVIEWS {
            let case = s.run(|p| actions::add_case(p, label))?;
            let e = actions::change_case(s.project(), case, "Set attributes of", |c| {
                c.attributes.insert("functie".into(), functie.into());
                c.attributes.insert("organisatie".into(), org.into());
            })?;
            s.perform(e)?;
            let tags = detect_speakers(text).into_iter().map(|t| (t.start, t.end, t.speaker)).collect();
            let source = format!("{}.txt", name.replace(' ', "_"));
            let doc = s.run(|p| {
                let turns = actions::turns_mapped_by_label(p, tags);
                actions::add_document(p, NewDocument { name, text, source_name: &source, turns })
            })?;
            docs.push(doc);
        }
        let supervisor = s.coder();
        let user = s.switch_coder(coder)?;
        for &(di, phrase, path, who, memo) in CODINGS {
            let doc = docs[di];
            let text = s.project().documents[&doc].text.clone();
            let (start, end) = find_chars(&text, phrase).with_context(|| format!("demo phrase not found: {phrase}"))?;
            let parts: Vec<&str> = path.split(" > ").collect();
            let code = s.project().code_by_path(&parts).with_context(|| format!("demo code not found: {path}"))?;
            let by = if who == 0 { user } else { supervisor };
            let id = s.run(|p| actions::add_coding(p, doc, start, end, code, by))?;
            if !memo.is_empty() {
                s.perform(actions::set_memo(s.project(), MemoTarget::Coding(id), "", memo, by)?)?;
            }
        }
        let e = actions::set_memo(
            s.project(),
            MemoTarget::Document(docs[1]),
            "",
            "Gesprek op het stadskantoor, 45 minuten. Respondent was open over ontwijkend gedrag.",
            user,
        )?;
        s.perform(e)?;
        if let Some(code) = s.project().code_by_path(&["Publieke waardenstrategieën", "Lerende"]) {
            let e = actions::set_memo(
                s.project(),
                MemoTarget::Code(code),
                "",
                "Lerende strategie: inwoners of stakeholders worden actief betrokken en het project past zich aan.",
                user,
            )?;
            s.perform(e)?;
        }
    }
    Ok(Session::open(path, coder)?)
}

/// Where `werkbank` without arguments keeps its demo project: `demo.werkbank` in the platform's
/// data folder ([`crate::app_dirs::data_dir`]). It is built once and then reopened as the user left
/// it; only an explicit, confirmed "Reset demo" rebuilds it ([`reset_demo_at`]).
pub fn demo_path() -> PathBuf {
    crate::app_dirs::data_dir().join("demo.werkbank")
}

/// Whether `path` is a demo project made by [`open_demo_at`] (the demo file or its per-process
/// fallback copy beside it): the app marks it with a permanent "Demo" banner.
pub fn is_demo_path(path: &Path, demo: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let same_dir = |a: &Path, b: &Path| {
        let c = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        c(a) == c(b)
    };
    path == demo
        || (name.starts_with("demo") && name.ends_with(".werkbank") && {
            match (path.parent(), demo.parent()) {
                (Some(a), Some(b)) => same_dir(a, b),
                _ => false,
            }
        })
}

/// Opens the demo project at `path`, building it only when it does not exist yet: whatever the
/// user did in the demo is still there. When another window holds it, a per-process copy is built.
pub fn open_demo_at(path: &Path, coder: &str) -> Result<Session> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    if path.exists() {
        match Session::open(path, coder) {
            Ok(s) => return Ok(s),
            Err(crate::session::SessionError::Store(crate::store::StoreError::Locked { .. })) => {
                let alt = path.with_file_name(format!("demo-{}.werkbank", std::process::id()));
                if alt.exists() {
                    return Ok(Session::open(&alt, coder)?);
                }
                return create_demo_project(&alt, coder);
            }
            Err(e) => return Err(e).with_context(|| format!("opening the demo {}", path.display())),
        }
    }
    create_demo_project(path, coder)
}

/// Throws the demo at `path` away and builds it again (the user confirmed this).
pub fn reset_demo_at(path: &Path, coder: &str) -> Result<Session> {
    remove_project_files(path)?;
    create_demo_project(path, coder)
}

/// Opens the demo at [`demo_path`] (built on first use, then reopened as left).
pub fn open_fresh_demo(coder: &str) -> Result<Session> {
    open_demo_at(&demo_path(), coder)
}

fn remove_project_files(path: &Path) -> Result<()> {
    // Refuse to delete a demo another Werkbank has open.
    if crate::store::lock::is_held(path) {
        anyhow::bail!("the demo is open in another window");
    }
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    Ok(())
}
