//! User stories for the analysis and export layer, on one small hand-checkable project.
//!
//! # The project (built through `Project::apply`, like the app does)
//!
//! Respondents (attribute `functie`, `organisatie`):
//! R1 beleidsmedewerker/gemeente, R2 beleidsmedewerker/provincie, M1 manager/gemeente,
//! A10 manager/(none). Coders: Anna, Bram.
//!
//! Documents (natural order: "Interview 1" < "Interview 2" < "Interview 10"):
//! * Interview 1 — group interview, no document respondent, four speaker turns
//!   (line 1 `I`, line 2 `R1`, line 3 `I`, line 4 `R2`).
//! * Interview 2 — document respondent M1; turns: line 1 `I` (no respondent), lines 2-3 `M1`.
//!   Contains "één" so character and byte offsets differ.
//! * Interview 10 — document respondent A10, no speaker turns (codings fall back to A10).
//!
//! Code tree (siblings ordered by `position`, deliberately not by id):
//! ```text
//! Vertrouwen (concept)                         V
//!   Institutioneel vertrouwen (dimensie)       IV
//!     Vertrouwen in gemeente (indicator)       VG
//!     Vertrouwen in rijk (indicator)           VR
//!   Interpersoonlijk vertrouwen (dimensie)     IP
//!     Vertrouwen in collega's (indicator)      VC
//! Samenwerking (concept)                       S
//!   Overleg (indicator)                        OV
//! ```
//!
//! Codings (number: document, respondent, code, coder, text):
//! ```text
//!  1  Int 1   R1   VG  Anna  "Ik heb veel vertrouwen in de gemeente."
//!  2  Int 1   R1   VR  Anna  "Het rijk vind ik ver weg."
//!  3  Int 1   —    OV  Anna  "En uw collega's? Zij overleggen toch veel."   (interviewer turn)
//!  4  Int 1   R2   VC  Anna  "Mijn collega's vertrouw ik blind."
//!  5  Int 1   R2   OV  Anna  "Wij hebben elke week overleg met het rijk."
//!  6  Int 1   R2   VR  Bram  "overleg met het rijk"                         (inside 5)
//!  7  Int 2   M1   OV  Anna  "Het overleg met de gemeente is één groot probleem."
//!  8  Int 2   M1   VG  Bram  7 + "\n" + 9                                    (overlaps 7 and 9)
//!  9  Int 2   M1   IV  Anna  "Ik vertrouw de gemeente niet meer."            (coded on the dimension)
//! 10  Int 10  A10  VR  Anna  "Het rijk luistert niet."
//! 11  Int 10  A10  VG  Anna  "De gemeente wel, daar heb ik vertrouwen in."
//! 12  Int 10  A10  V   Bram  "daar heb ik vertrouwen in"                     (inside 11, on the concept)
//! 13  Int 1   R1   VG  Bram  "Ik heb veel vertrouwen"                        (inside 1, same code)
//! ```
//!
//! Golden files live in `tests/golden/`. After an intended change of an export format, regenerate
//! them with `UPDATE_GOLDEN=1 cargo test --test analysis`, look at the diff, and commit it.

mod support;

use std::collections::BTreeMap;
use werkbank::core::analysis::*;
use werkbank::core::text::byte_to_char;
use werkbank::core::*;
use werkbank::export::options::*;
use werkbank::export::{self, Block, Lang};

struct Fixture {
    p: Project,
    /// code abbreviation -> id
    c: BTreeMap<&'static str, Id>,
    /// respondent label -> id
    r: BTreeMap<&'static str, Id>,
    /// document short name -> id
    d: BTreeMap<&'static str, Id>,
    anna: Id,
    bram: Id,
    /// coding number (1-13 as in the table above) -> id
    k: BTreeMap<usize, Id>,
}

impl Fixture {
    fn add(&mut self, e: Entity) {
        self.p.apply(&Edit::new("test").insert(e)).expect("edit applies");
    }

    /// Anna's definition of "VG" as its code memo.
    fn definition_memo(&mut self) {
        let id = self.p.next_id();
        self.add(Entity::Memo(Memo {
            id,
            target: MemoTarget::Code(self.c["VG"]),
            title: "Definitie".into(),
            text: "Vertrouwen dat de gemeente doet wat zij zegt.".into(),
            author: self.anna,
            updated_at: 1_700_000_000,
        }));
    }

    fn case(&mut self, label: &'static str, attrs: &[(&str, &str)]) {
        let id = self.p.next_id();
        let attributes = attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.add(Entity::Case(Case {
            id,
            label: label.into(),
            aliases: vec![],
            attributes,
            description: String::new(),
        }));
        self.r.insert(label, id);
    }

    fn code(&mut self, abbr: &'static str, name: &str, parent: Option<&str>, kind: CodeKind, position: i64) {
        let id = self.p.next_id();
        let parent = parent.map(|p| self.c[p]);
        let color = Color::from_u24(if kind == CodeKind::Concept { 0xc0504d } else { 0x4f81bd });
        self.add(Entity::Code(Code {
            id,
            parent,
            name: name.into(),
            kind,
            color,
            description: String::new(),
            codable: true,
            position,
        }));
        self.c.insert(abbr, id);
    }

    /// A document from speaker lines `(tag, respondent)`; every line becomes one turn (the whole
    /// line including its `\n`), except when `turns` is false.
    fn document(
        &mut self,
        short: &'static str,
        name: &str,
        case: Option<&str>,
        lines: &[(&str, Option<&str>, &str)],
        turns: bool,
    ) {
        let id = self.p.next_id();
        let mut text = String::new();
        let mut spans = Vec::new();
        for (tag, who, line) in lines {
            let start = text.chars().count();
            if !tag.is_empty() {
                text.push_str(&format!("{tag}: "));
            }
            text.push_str(line);
            text.push('\n');
            spans.push((start, text.chars().count(), tag.to_string(), who.map(|w| self.r[w])));
        }
        let case = case.map(|c| self.r[c]);
        self.add(Entity::Document(Document {
            id,
            name: name.into(),
            text: text.into(),
            source_name: format!("{name}.docx"),
            imported_at: 0,
            text_hash: String::new(),
            fingerprint: Default::default(),
            case,
            group: String::new(),
        }));
        self.d.insert(short, id);
        if turns {
            for (start, end, speaker, case) in spans {
                let tid = self.p.next_id();
                self.add(Entity::Turn(Turn {
                    id: tid,
                    document: id,
                    start,
                    end,
                    speaker: speaker.into(),
                    case,
                    start_ms: None,
                }));
            }
        }
    }

    /// Codes the first occurrence of `needle` in the document.
    fn coding(&mut self, n: usize, doc: &str, needle: &str, code: &str, coder: Id) {
        let d = self.d[doc];
        let text = self.p.documents[&d].text.clone();
        let b = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {doc}"));
        let start = byte_to_char(&text, b);
        let end = start + needle.chars().count();
        let id = self.p.next_id();
        self.add(Entity::Coding(Coding {
            id,
            document: d,
            start,
            end,
            code: self.c[code],
            coder,
            created_at: 0,
            memo: String::new(),
        }));
        self.k.insert(n, id);
    }
}

fn fixture() -> Fixture {
    let mut f = Fixture {
        p: Project { name: "Vertrouwen in het openbaar bestuur".into(), ..Default::default() },
        c: BTreeMap::new(),
        r: BTreeMap::new(),
        d: BTreeMap::new(),
        anna: 0,
        bram: 0,
        k: BTreeMap::new(),
    };
    f.anna = f.p.next_id();
    f.add(Entity::Coder(Coder { id: f.anna, name: "Anna".into() }));
    f.bram = f.p.next_id();
    f.add(Entity::Coder(Coder { id: f.bram, name: "Bram".into() }));
    for name in ["functie", "organisatie"] {
        let id = f.p.next_id();
        f.add(Entity::AttributeDef(AttributeDef { id, name: name.into(), kind: AttributeKind::Text }));
    }
    // Created in an order that differs from the natural order.
    f.case("R2", &[("functie", "beleidsmedewerker"), ("organisatie", "provincie")]);
    f.case("M1", &[("functie", "manager"), ("organisatie", "gemeente")]);
    f.case("R1", &[("functie", "beleidsmedewerker"), ("organisatie", "gemeente")]);
    f.case("A10", &[("functie", "manager")]);

    // Samenwerking gets the lower id but position 1; "in rijk" is created before "in gemeente".
    f.code("S", "Samenwerking", None, CodeKind::Concept, 1);
    f.code("V", "Vertrouwen", None, CodeKind::Concept, 0);
    f.code("IV", "Institutioneel vertrouwen", Some("V"), CodeKind::Dimension, 0);
    f.code("IP", "Interpersoonlijk vertrouwen", Some("V"), CodeKind::Dimension, 1);
    f.code("VR", "Vertrouwen in rijk", Some("IV"), CodeKind::Code, 1);
    f.code("VG", "Vertrouwen in gemeente", Some("IV"), CodeKind::Code, 0);
    f.code("VC", "Vertrouwen in collega's", Some("IP"), CodeKind::Code, 0);
    f.code("OV", "Overleg", Some("S"), CodeKind::Code, 0);

    f.document(
        "D10",
        "Interview 10",
        Some("A10"),
        &[("", None, "Het rijk luistert niet. De gemeente wel, daar heb ik vertrouwen in.")],
        false,
    );
    f.document(
        "D1",
        "Interview 1",
        None,
        &[
            ("I", None, "Hoe kijkt u naar de gemeente?"),
            ("R1", Some("R1"), "Ik heb veel vertrouwen in de gemeente. Het rijk vind ik ver weg."),
            ("I", None, "En uw collega's? Zij overleggen toch veel."),
            ("R2", Some("R2"), "Mijn collega's vertrouw ik blind. Wij hebben elke week overleg met het rijk."),
        ],
        true,
    );
    f.document(
        "D2",
        "Interview 2",
        Some("M1"),
        &[
            ("I", None, "Wat vindt u van de samenwerking?"),
            (
                "M1",
                Some("M1"),
                "Het overleg met de gemeente is één groot probleem.\nIk vertrouw de gemeente niet meer.",
            ),
        ],
        true,
    );
    // The M1 line holds a "\n", so the helper made its turn cover lines 2 and 3: good.

    let (a, b) = (f.anna, f.bram);
    f.coding(1, "D1", "Ik heb veel vertrouwen in de gemeente.", "VG", a);
    f.coding(2, "D1", "Het rijk vind ik ver weg.", "VR", a);
    f.coding(3, "D1", "En uw collega's? Zij overleggen toch veel.", "OV", a);
    f.coding(4, "D1", "Mijn collega's vertrouw ik blind.", "VC", a);
    f.coding(5, "D1", "Wij hebben elke week overleg met het rijk.", "OV", a);
    f.coding(6, "D1", "overleg met het rijk", "VR", b);
    f.coding(7, "D2", "Het overleg met de gemeente is één groot probleem.", "OV", a);
    f.coding(
        8,
        "D2",
        "Het overleg met de gemeente is één groot probleem.\nIk vertrouw de gemeente niet meer.",
        "VG",
        b,
    );
    f.coding(9, "D2", "Ik vertrouw de gemeente niet meer.", "IV", a);
    f.coding(10, "D10", "Het rijk luistert niet.", "VR", a);
    f.coding(11, "D10", "De gemeente wel, daar heb ik vertrouwen in.", "VG", a);
    f.coding(12, "D10", "daar heb ik vertrouwen in", "V", b);
    f.coding(13, "D1", "Ik heb veel vertrouwen", "VG", b);
    f
}

fn row<'a>(rows: &'a [CodeRow], f: &Fixture, abbr: &str) -> &'a CodeRow {
    rows.iter().find(|r| r.code == f.c[abbr]).unwrap()
}

/// (codings, respondent citation, documents) of a count, for compact assertions.
fn sum(c: &Counts) -> (usize, String, usize) {
    (c.codings, c.citation(), c.document_count())
}

// -------------------------------------------------------------------------------------------------
// Code frequencies
// -------------------------------------------------------------------------------------------------

#[test]
fn the_codeboom_lists_every_code_in_tree_order_with_depth_and_path() {
    let f = fixture();
    let rows = code_frequencies(&f.p, &Filter::all());
    let names: Vec<(usize, &str)> = rows.iter().map(|r| (r.depth, r.name.as_str())).collect();
    assert_eq!(
        names,
        [
            (1, "Vertrouwen"),
            (2, "Institutioneel vertrouwen"),
            (3, "Vertrouwen in gemeente"),
            (3, "Vertrouwen in rijk"),
            (2, "Interpersoonlijk vertrouwen"),
            (3, "Vertrouwen in collega's"),
            (1, "Samenwerking"),
            (2, "Overleg"),
        ]
    );
    assert_eq!(row(&rows, &f, "VR").path_string(), "Vertrouwen > Institutioneel vertrouwen > Vertrouwen in rijk");
}

#[test]
fn own_counts_count_codings_and_distinct_respondents_of_the_code_itself() {
    let f = fixture();
    let rows = code_frequencies(&f.p, &Filter::all());
    // VG: codings 1, 8, 11, 13; respondents R1 (1 and 13: once), M1, A10; all three documents.
    assert_eq!(sum(&row(&rows, &f, "VG").own), (4, "(A10, M1, R1)".into(), 3));
    // VR: 2, 6, 10 -> R1, R2, A10 in Interview 1 and 10.
    assert_eq!(sum(&row(&rows, &f, "VR").own), (3, "(A10, R1, R2)".into(), 2));
    // IV itself: coding 9 only.
    assert_eq!(sum(&row(&rows, &f, "IV").own), (1, "(M1)".into(), 1));
    // V itself: coding 12 only.
    assert_eq!(sum(&row(&rows, &f, "V").own), (1, "(A10)".into(), 1));
    // IP has no codings of its own.
    assert_eq!(sum(&row(&rows, &f, "IP").own), (0, String::new(), 0));
}

#[test]
fn a_coding_in_an_interviewer_turn_counts_as_coding_but_not_as_respondent() {
    let f = fixture();
    let rows = code_frequencies(&f.p, &Filter::all());
    let ov = row(&rows, &f, "OV");
    // OV: codings 3 (interviewer), 5 (R2), 7 (M1).
    assert_eq!(sum(&ov.own), (3, "(M1, R2)".into(), 2));
    assert_eq!(ov.own.without_respondent, 1);
    assert_eq!(ov.own.respondent_count(), 2);
    // The concept above inherits both numbers.
    assert_eq!(row(&rows, &f, "S").total.without_respondent, 1);
}

#[test]
fn aggregated_counts_sum_codings_but_count_each_respondent_once() {
    let f = fixture();
    let rows = code_frequencies(&f.p, &Filter::all());
    // IV total = IV 1 + VG 4 + VR 3 = 8 codings. Respondents: {M1} ∪ {A10,M1,R1} ∪ {A10,R1,R2}
    // = 4 distinct (summing the children's counts would give 1 + 3 + 3 = 7).
    let iv = row(&rows, &f, "IV");
    assert_eq!(sum(&iv.total), (8, "(A10, M1, R1, R2)".into(), 3));
    assert_eq!(iv.total.respondent_count(), 4);
    // V total = V 1 + IV 8 + IP 1 = 10; still 4 respondents, 3 documents.
    assert_eq!(sum(&row(&rows, &f, "V").total), (10, "(A10, M1, R1, R2)".into(), 3));
    // IP total = VC's one coding (R2).
    assert_eq!(sum(&row(&rows, &f, "IP").total), (1, "(R2)".into(), 1));
    // Leaves: total == own.
    let vg = row(&rows, &f, "VG");
    assert_eq!(vg.total, vg.own);
    // Every coding is counted exactly once at the top level: 10 + 3 = 13.
    let top: usize = rows.iter().filter(|r| r.depth == 1).map(|r| r.total.codings).sum();
    assert_eq!(top, f.p.codings.len());
}

#[test]
fn respondent_labels_are_sorted_naturally_for_citation() {
    // R2 was created before R1, M1 before A10; A10 sorts before M1 (letters first, then number),
    // and a label "A2" would sort before "A10".
    let f = fixture();
    let filter = Filter::all().documents([f.d["D1"], f.d["D2"]]);
    let rows = code_frequencies(&f.p, &filter);
    // IV subtree without Interview 10: codings 1, 2, 6, 8, 9, 13 -> M1, R1, R2.
    assert_eq!(row(&rows, &f, "IV").total.citation(), "(M1, R1, R2)");
    assert_eq!(row(&rows, &f, "IV").total.codings, 6);
    let mut labels = vec!["A10", "R10", "A2", "M1", "R2"];
    labels.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(labels, ["A2", "A10", "M1", "R2", "R10"]);
}

#[test]
fn filter_by_coder_counts_only_that_coders_codings() {
    let f = fixture();
    let rows = code_frequencies(&f.p, &Filter::all().coders([f.bram]));
    // Bram coded 6 (VR, R2), 8 (VG, M1), 12 (V, A10), 13 (VG, R1).
    assert_eq!(sum(&row(&rows, &f, "VG").own), (2, "(M1, R1)".into(), 2));
    assert_eq!(sum(&row(&rows, &f, "VR").own), (1, "(R2)".into(), 1));
    assert_eq!(sum(&row(&rows, &f, "IV").total), (3, "(M1, R1, R2)".into(), 2));
    assert_eq!(sum(&row(&rows, &f, "V").total), (4, "(A10, M1, R1, R2)".into(), 3));
    assert_eq!(row(&rows, &f, "S").total.codings, 0);
    // Both coders together = no coder filter.
    assert_eq!(code_frequencies(&f.p, &Filter::all().coders([f.anna, f.bram])), code_frequencies(&f.p, &Filter::all()));
}

#[test]
fn filter_by_attribute_keeps_only_respondents_with_that_value() {
    let f = fixture();
    let managers = Filter::all().attribute("functie", "manager");
    let rows = code_frequencies(&f.p, &managers);
    // Managers M1 and A10: codings 7, 8, 9, 10, 11, 12.
    assert_eq!(sum(&row(&rows, &f, "VG").own), (2, "(A10, M1)".into(), 2)); // 8, 11
    assert_eq!(sum(&row(&rows, &f, "IV").total), (4, "(A10, M1)".into(), 2)); // 9 + 8, 11 + 10
    assert_eq!(sum(&row(&rows, &f, "V").total), (5, "(A10, M1)".into(), 2)); // + 12
    // The interviewer coding 3 has no respondent, so it is excluded under an attribute filter.
    assert_eq!(sum(&row(&rows, &f, "OV").own), (1, "(M1)".into(), 1));
    assert_eq!(row(&rows, &f, "OV").own.without_respondent, 0);

    let staff = code_frequencies(&f.p, &Filter::all().attribute("functie", "beleidsmedewerker"));
    // R1, R2: codings 1, 2, 4, 5, 6, 13 -> V subtree 5 (1, 2, 4, 6, 13), OV 1 (5).
    assert_eq!(sum(&row(&staff, &f, "V").total), (5, "(R1, R2)".into(), 1));
    assert_eq!(sum(&row(&staff, &f, "OV").own), (1, "(R2)".into(), 1));
    // A value nobody has: nothing.
    let none = code_frequencies(&f.p, &Filter::all().attribute("functie", "wethouder"));
    assert!(none.iter().all(|r| r.total.codings == 0));
}

#[test]
fn counts_per_group_compare_functions() {
    let f = fixture();
    let g = frequencies_by_group(&f.p, &Filter::all(), "functie", true);
    let groups: Vec<(&str, String)> =
        g.groups.iter().map(|g| (g.value.as_str(), citation(&g.respondent_labels))).collect();
    assert_eq!(groups, [("beleidsmedewerker", "(R1, R2)".into()), ("manager", "(A10, M1)".into())]);
    let v = g.rows.iter().find(|r| r.code == f.c["V"]).unwrap();
    // Beleidsmedewerkers: 1, 2, 4, 6, 13 under V; managers: 8, 9, 10, 11, 12.
    assert_eq!(sum(&v.cells[0]), (5, "(R1, R2)".into(), 1));
    assert_eq!(sum(&v.cells[1]), (5, "(A10, M1)".into(), 2));
    let s = g.rows.iter().find(|r| r.code == f.c["S"]).unwrap();
    // Overleg: 5 (R2) and 7 (M1); the interviewer's coding 3 belongs to no group.
    assert_eq!((s.cells[0].codings, s.cells[1].codings), (1, 1));

    // Per organisatie: A10 has none and forms the last group, with an empty value.
    let g = frequencies_by_group(&f.p, &Filter::all(), "organisatie", false);
    let values: Vec<&str> = g.groups.iter().map(|g| g.value.as_str()).collect();
    assert_eq!(values, ["gemeente", "provincie", ""]);
    let vg = g.rows.iter().find(|r| r.code == f.c["VG"]).unwrap();
    // VG own: gemeente R1 (1, 13) + M1 (8) = 3; provincie 0; none: A10 (11) = 1.
    assert_eq!(vg.cells.iter().map(|c| c.codings).collect::<Vec<_>>(), [3, 0, 1]);
}

/// The rows of `t` as (code name, shown cells), the path column left out.
fn coder_rows(t: &export::Table) -> Vec<(String, Vec<String>)> {
    t.rows.iter().map(|r| (r[0].display(), r[2..].iter().map(|c| c.display()).collect())).collect()
}

fn coder_row(t: &export::Table, name: &str) -> Vec<String> {
    coder_rows(t).into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no row {name} in {t:?}")).1
}

#[test]
fn a_supervisor_compares_the_counts_of_two_coders_code_by_code() {
    let f = fixture();
    let a = Analysis::new(&f.p);
    let table = |filter: &Filter, o: &ReportOptions| export::tables::coder_table(&o.coder_frequencies(&a, filter), o);
    let codings = ReportOptions { figure: Figure::Codings, ..ReportOptions::new(Lang::Nl) };

    // Codings per coder and their total, subtree totals by default.
    let t = table(&Filter::all(), &codings);
    assert_eq!(t.title, "Codefrequenties per codeur");
    assert_eq!(t.headers, ["Code", "Pad", "Codeur Anna: coderingen", "Codeur Bram: coderingen", "Totaal: coderingen"]);
    // Word heads the figure once over its coders (and each column keeps its full header above).
    let word: Vec<(&str, &str)> = (0..5).map(|j| t.document_header(j)).collect();
    assert_eq!(
        word,
        [("", "Code"), ("", "Pad"), ("Coderingen", "Anna"), ("Coderingen", "Bram"), ("Coderingen", "Totaal")]
    );
    // V: Anna 1, 2, 4, 9, 10, 11; Bram 6, 8, 12, 13. S: Anna 3, 5, 7 (3 in an interviewer turn).
    assert_eq!(coder_row(&t, "Vertrouwen"), ["6", "4", "10"]);
    assert_eq!(coder_row(&t, "Samenwerking"), ["3", "0", "3"]);
    // Every coding belongs to one coder: the coders' columns add up to the frequency table's.
    for r in a.code_frequencies(&Filter::all()) {
        let row = coder_row(&t, &r.name);
        let n: Vec<usize> = row.iter().map(|c| c.parse().unwrap()).collect();
        assert_eq!((n[0] + n[1], n[2]), (r.total.codings, r.total.codings), "{}", r.name);
    }

    // Respondents per coder: distinct, so the total is no sum (VG: Anna R1, A10; Bram M1, R1).
    let respondents = ReportOptions { figure: Figure::Respondents, ..codings.clone() };
    let t = table(&Filter::all(), &respondents);
    assert_eq!(t.headers[2..], ["Codeur Anna: respondenten", "Codeur Bram: respondenten", "Totaal: respondenten"]);
    assert_eq!(coder_row(&t, "Vertrouwen in gemeente"), ["2", "2", "3"]);
    assert_eq!(coder_row(&t, "Samenwerking"), ["2", "0", "2"]);

    // Own counts, and own beside total: V's own coding is Bram's 12.
    let own = ReportOptions { counts: Some(CountsShown::Own), ..codings.clone() };
    assert_eq!(coder_row(&table(&Filter::all(), &own), "Vertrouwen"), ["0", "1", "1"]);
    let both = ReportOptions { counts: Some(CountsShown::Both), ..codings.clone() };
    let t = table(&Filter::all(), &both);
    assert_eq!(
        t.headers[2..],
        [
            "Codeur Anna: coderingen (eigen)",
            "Codeur Bram: coderingen (eigen)",
            "Totaal: coderingen (eigen)",
            "Codeur Anna: coderingen",
            "Codeur Bram: coderingen",
            "Totaal: coderingen"
        ]
    );
    assert_eq!(coder_row(&t, "Vertrouwen"), ["0", "1", "1", "6", "4", "10"]);

    // Both figures, in words, English: per figure the coders side by side.
    let en = ReportOptions { wording: true, ..ReportOptions::new(Lang::En) };
    let t = table(&Filter::all(), &en);
    assert_eq!(t.title, "Code frequencies by coder");
    assert_eq!(
        t.headers[2..],
        [
            "Coder Anna: codings",
            "Coder Bram: codings",
            "Total: codings",
            "Coder Anna: respondents",
            "Coder Bram: respondents",
            "Total: respondents"
        ]
    );
    assert_eq!(coder_row(&t, "Samenwerking"), ["3 codings", "-", "3 codings", "2 respondents", "-", "2 respondents"]);

    // Managers only (M1, A10), a branch, uncoded codes hidden: Interpersoonlijk vertrouwen goes.
    let managers = Filter::all().attribute("functie", "manager");
    let shaped = ReportOptions { branch: Some(f.c["V"]), hide_uncoded: true, ..codings.clone() };
    let t = table(&managers, &shaped);
    let names: Vec<String> = coder_rows(&t).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Vertrouwen", "Institutioneel vertrouwen", "Vertrouwen in gemeente", "Vertrouwen in rijk"]);
    // Anna 9, 10, 11; Bram 8, 12.
    assert_eq!(coder_row(&t, "Vertrouwen"), ["3", "2", "5"]);
    assert_eq!(t.indent[0], 0, "the branch is level 1");
}

#[test]
fn counts_per_coder_with_one_coder_give_one_column_and_no_total_that_repeats_it() {
    let f = fixture();
    let a = Analysis::new(&f.p);
    let o = ReportOptions { figure: Figure::Codings, ..ReportOptions::new(Lang::Nl) };
    // Only Bram's codings: his column is all there is.
    let t = export::tables::coder_table(&o.coder_frequencies(&a, &Filter::all().coders([f.bram])), &o);
    assert_eq!(t.headers, ["Code", "Pad", "Codeur Bram: coderingen"]);
    assert_eq!(coder_row(&t, "Vertrouwen"), ["4"]);
    // A project with a single coder: the same.
    let mut p = f.p.clone();
    p.codings.retain(|_, k| k.coder == f.anna);
    let a = Analysis::new(&p);
    let t = export::tables::coder_table(&o.coder_frequencies(&a, &Filter::all()), &o);
    assert_eq!(t.headers, ["Code", "Pad", "Codeur Anna: coderingen"]);
    assert_eq!(coder_row(&t, "Vertrouwen"), ["6"]);
    // And with no coding at all: every code, no coder column, nothing to crash on.
    // (A clone builds its own index: the one above saw Anna's codings.)
    let mut nothing = p.clone();
    nothing.codings.clear();
    let a = Analysis::new(&nothing);
    let t = export::tables::coder_table(&o.coder_frequencies(&a, &Filter::all()), &o);
    assert_eq!(t.headers, ["Code", "Pad"]);
    assert_eq!(t.rows.len(), f.p.codes.len());
}

// -------------------------------------------------------------------------------------------------
// Matrices and co-occurrence
// -------------------------------------------------------------------------------------------------

fn mrow(m: &Matrix, f: &Fixture, abbr: &str) -> Vec<usize> {
    m.values[m.rows.iter().position(|r| r.code == f.c[abbr]).unwrap()].clone()
}

#[test]
fn code_by_respondent_matrix_counts_codings_per_respondent() {
    let f = fixture();
    let m = code_case_matrix(&f.p, &Filter::all(), false);
    let cols: Vec<&str> = m.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(cols, ["A10", "M1", "R1", "R2"]);
    assert_eq!(mrow(&m, &f, "VG"), [1, 1, 2, 0]); // 11 | 8 | 1, 13 | -
    assert_eq!(mrow(&m, &f, "VR"), [1, 0, 1, 1]); // 10 | - | 2 | 6
    assert_eq!(mrow(&m, &f, "OV"), [0, 1, 0, 1]); // 3 has no respondent, so no column
    assert_eq!(mrow(&m, &f, "V"), [1, 0, 0, 0]); // own only: 12
    assert_eq!(m.value(f.c["IV"], f.r["M1"]), Some(1));
    let presence = m.presence();
    assert_eq!(presence[m.rows.iter().position(|r| r.code == f.c["VG"]).unwrap()], [1, 1, 1, 0]);
}

#[test]
fn aggregated_matrix_folds_subcodes_into_their_parents() {
    let f = fixture();
    let m = code_case_matrix(&f.p, &Filter::all(), true);
    // IV = IV [0,1,0,0] + VG [1,1,2,0] + VR [1,0,1,1] = [2,2,3,1]
    assert_eq!(mrow(&m, &f, "IV"), [2, 2, 3, 1]);
    // V = V [1,0,0,0] + IV [2,2,3,1] + IP (VC) [0,0,0,1] = [3,2,3,2], i.e. 10 codings.
    assert_eq!(mrow(&m, &f, "V"), [3, 2, 3, 2]);
    assert_eq!(mrow(&m, &f, "S"), [0, 1, 0, 1]);
    // Managers only: columns A10, M1.
    let m = code_case_matrix(&f.p, &Filter::all().attribute("functie", "manager"), true);
    assert_eq!(m.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["A10", "M1"]);
    assert_eq!(mrow(&m, &f, "V"), [3, 2]);
}

#[test]
fn code_by_document_matrix_uses_natural_document_order() {
    let f = fixture();
    let m = code_document_matrix(&f.p, &Filter::all(), false);
    let cols: Vec<&str> = m.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(cols, ["Interview 1", "Interview 2", "Interview 10"]);
    assert_eq!(mrow(&m, &f, "VG"), [2, 1, 1]); // 1, 13 | 8 | 11
    assert_eq!(mrow(&m, &f, "OV"), [2, 1, 0]); // 3, 5 | 7 | -  (document counts include 3)
    let m = code_document_matrix(&f.p, &Filter::all(), true);
    assert_eq!(mrow(&m, &f, "V"), [5, 2, 3]); // 1, 2, 4, 6, 13 | 8, 9 | 10, 11, 12
}

/// The co-occurrence value for two codes.
fn co(m: &Matrix, f: &Fixture, a: &str, b: &str) -> usize {
    let i = m.rows.iter().position(|r| r.code == f.c[a]).unwrap();
    let j = m.rows.iter().position(|r| r.code == f.c[b]).unwrap();
    assert_eq!(m.values[i][j], m.values[j][i], "symmetric");
    m.values[i][j]
}

#[test]
fn cooccurrence_by_overlap_counts_pairs_of_overlapping_codings() {
    let f = fixture();
    let m = cooccurrence(&f.p, &Filter::all(), CoMode::Overlap);
    // Overlapping pairs with different codes: 5/6 (OV-VR), 7/8 (OV-VG), 8/9 (VG-IV), 11/12 (VG-V).
    // 1/13 overlap but share the code VG; 1/2 and 7/9 only touch or are separated by a space/newline.
    assert_eq!(co(&m, &f, "OV", "VR"), 1);
    assert_eq!(co(&m, &f, "OV", "VG"), 1);
    assert_eq!(co(&m, &f, "VG", "IV"), 1);
    assert_eq!(co(&m, &f, "VG", "V"), 1);
    assert_eq!(co(&m, &f, "VG", "VR"), 0);
    let off_diagonal: usize = (0..m.rows.len())
        .flat_map(|i| (0..m.rows.len()).map(move |j| (i, j)))
        .filter(|(i, j)| i < j)
        .map(|(i, j)| m.values[i][j])
        .sum();
    assert_eq!(off_diagonal, 4);
    // Diagonal: the code's own number of codings.
    assert_eq!(co(&m, &f, "VG", "VG"), 4);
    assert_eq!(co(&m, &f, "OV", "OV"), 3);
}

#[test]
fn cooccurrence_by_turn_counts_speaker_turns_with_both_codes() {
    let f = fixture();
    let m = cooccurrence(&f.p, &Filter::all(), CoMode::SameTurn);
    // Turns: R1 {VG, VR}; I (line 3) {OV}; R2 {VC, OV, VR}; M1 {OV, VG, IV}. Interview 10 has no
    // turns, so 10, 11, 12 take no part.
    assert_eq!(co(&m, &f, "VG", "VR"), 1);
    assert_eq!(co(&m, &f, "VC", "OV"), 1);
    assert_eq!(co(&m, &f, "VC", "VR"), 1);
    assert_eq!(co(&m, &f, "OV", "VR"), 1);
    assert_eq!(co(&m, &f, "OV", "VG"), 1);
    assert_eq!(co(&m, &f, "OV", "IV"), 1);
    assert_eq!(co(&m, &f, "VG", "IV"), 1);
    assert_eq!(co(&m, &f, "VG", "V"), 0);
    // Diagonal: turns containing the code. OV: line 3 (interviewer), R2, M1.
    assert_eq!(co(&m, &f, "OV", "OV"), 3);
    assert_eq!(co(&m, &f, "VG", "VG"), 2);
    assert_eq!(co(&m, &f, "V", "V"), 0);
}

#[test]
fn cooccurrence_by_document_and_respondent() {
    let f = fixture();
    let m = cooccurrence(&f.p, &Filter::all(), CoMode::SameDocument);
    // Int 1 {VG, VR, OV, VC}; Int 2 {OV, VG, IV}; Int 10 {VR, VG, V}.
    assert_eq!(co(&m, &f, "VG", "VR"), 2); // Int 1, Int 10
    assert_eq!(co(&m, &f, "VG", "OV"), 2); // Int 1, Int 2
    assert_eq!(co(&m, &f, "VR", "IV"), 0);
    assert_eq!(co(&m, &f, "VR", "V"), 1);
    assert_eq!(co(&m, &f, "VG", "VG"), 3);
    let m = cooccurrence(&f.p, &Filter::all(), CoMode::SameRespondent);
    // R1 {VG, VR}; R2 {VC, OV, VR}; M1 {OV, VG, IV}; A10 {VR, VG, V}.
    assert_eq!(co(&m, &f, "VG", "VR"), 2); // R1, A10
    assert_eq!(co(&m, &f, "OV", "VR"), 1); // R2
    assert_eq!(co(&m, &f, "VG", "OV"), 1); // M1
    assert_eq!(co(&m, &f, "VG", "VG"), 3);
}

// -------------------------------------------------------------------------------------------------
// Quotes
// -------------------------------------------------------------------------------------------------

#[test]
fn quotes_are_cited_with_the_respondent_label() {
    let f = fixture();
    let q = quotes(&f.p, f.c["VG"], false, &Filter::all(), &CitationStyle::label());
    let cites: Vec<&str> = q.iter().map(|q| q.citation.as_str()).collect();
    // Document order (Interview 1, 2, 10), then position; 13 starts with 1 but ends first.
    assert_eq!(
        cites,
        [
            "“Ik heb veel vertrouwen” (R1)",
            "“Ik heb veel vertrouwen in de gemeente.” (R1)",
            // The newline inside the quote is collapsed in the citation...
            "“Het overleg met de gemeente is één groot probleem. Ik vertrouw de gemeente niet meer.” (M1)",
            "“De gemeente wel, daar heb ik vertrouwen in.” (A10)",
        ]
    );
    // ...but kept in the verbatim text; offsets are characters ("één" before the end).
    assert_eq!(q[2].text, "Het overleg met de gemeente is één groot probleem.\nIk vertrouw de gemeente niet meer.");
    assert_eq!(q[2].document_name, "Interview 2");
    assert_eq!(q[2].label.as_deref(), Some("M1"));
    assert_eq!(q[2].coder, "Bram");
    assert_eq!(q[2].start, "I: Wat vindt u van de samenwerking?\nM1: ".chars().count());
}

#[test]
fn quotes_with_year_document_and_line() {
    let f = fixture();
    let q = quotes(&f.p, f.c["VG"], false, &Filter::all(), &CitationStyle::label_year(2022));
    assert_eq!(q[0].citation, "“Ik heb veel vertrouwen” (R1, 2022)");
    let q = quotes(&f.p, f.c["VG"], false, &Filter::all(), &CitationStyle::label_document_line());
    assert_eq!(q[1].citation, "“Ik heb veel vertrouwen in de gemeente.” (R1, Interview 1, line 2)");
    assert_eq!(q[3].citation, "“De gemeente wel, daar heb ik vertrouwen in.” (A10, Interview 10, line 1)");
    let custom =
        CitationStyle::template("{label} ({year}): “{quote}” [{document}, {coder}] {unknown}").with_year("2023");
    let q = quotes(&f.p, f.c["VG"], false, &Filter::all().coders([f.bram]), &custom);
    assert_eq!(q[0].citation, "R1 (2023): “Ik heb veel vertrouwen” [Interview 1, Bram] {unknown}");
}

#[test]
fn quotes_of_a_dimension_include_its_indicators_when_asked() {
    let f = fixture();
    let own = quotes(&f.p, f.c["IV"], false, &Filter::all(), &CitationStyle::label());
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].line, 3); // M1's second line
    let all = quotes(&f.p, f.c["IV"], true, &Filter::all(), &CitationStyle::label());
    // As many quotes as the aggregated count: 8 (13, 1, 2, 6 | 8, 9 | 10, 11).
    assert_eq!(all.len(), 8);
    let order: Vec<Id> = all.iter().map(|q| q.coding).collect();
    let expect: Vec<Id> = [13, 1, 2, 6, 8, 9, 10, 11].iter().map(|n| f.k[n]).collect();
    assert_eq!(order, expect);
}

#[test]
fn a_quote_without_respondent_is_cited_with_the_speaker_tag() {
    let f = fixture();
    let q = quotes(&f.p, f.c["OV"], false, &Filter::all(), &CitationStyle::label());
    assert_eq!(q[0].label, None);
    assert_eq!(q[0].speaker.as_deref(), Some("I"));
    assert_eq!(q[0].citation, "“En uw collega's? Zij overleggen toch veel.” (I)");
    assert_eq!(q.len(), 3);
}

// -------------------------------------------------------------------------------------------------
// Respondents
// -------------------------------------------------------------------------------------------------

#[test]
fn respondent_overview_has_all_attributes_documents_and_codings() {
    let f = fixture();
    let o = respondent_overview(&f.p);
    assert_eq!(o.attributes, ["functie", "organisatie"]);
    type Row<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, usize, usize);
    let rows: Vec<Row> = o
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.attributes.iter().map(String::as_str).collect(),
                r.documents.iter().map(String::as_str).collect(),
                r.codings,
                r.codes,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("A10", vec!["manager", ""], vec!["Interview 10"], 3, 3), // 10, 11, 12: VR, VG, V
            ("M1", vec!["manager", "gemeente"], vec!["Interview 2"], 3, 3), // 7, 8, 9: OV, VG, IV
            ("R1", vec!["beleidsmedewerker", "gemeente"], vec!["Interview 1"], 3, 2), // 1, 2, 13: VG, VR
            ("R2", vec!["beleidsmedewerker", "provincie"], vec!["Interview 1"], 3, 3), // 4, 5, 6
        ]
    );
}

#[test]
fn the_fast_respondent_lookup_agrees_with_the_model() {
    let f = fixture();
    let a = Analysis::new(&f.p);
    for c in f.p.codings.values() {
        assert_eq!(a.case_at(c.document, c.start), f.p.coding_case(c), "coding {}", c.id);
    }
    for d in f.p.documents.values() {
        for pos in 0..d.char_len() + 2 {
            assert_eq!(a.case_at(d.id, pos), f.p.case_at(d.id, pos));
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Exports
// -------------------------------------------------------------------------------------------------

/// Compares `actual` with `tests/golden/<name>`; with `UPDATE_GOLDEN=1` (re)writes the file.
fn golden(name: &str, actual: &[u8]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|_| {
        panic!("missing golden file {}; create it with UPDATE_GOLDEN=1 cargo test --test analysis", path.display())
    });
    if expected != actual {
        let new = path.with_extension(format!("{}.new", path.extension().unwrap().to_string_lossy()));
        std::fs::write(&new, actual).unwrap();
        panic!(
            "{} differs from the golden file; the new output is in {} (UPDATE_GOLDEN=1 to accept)",
            path.display(),
            new.display()
        );
    }
}

fn tables(f: &Fixture) -> (Vec<CodeRow>, Matrix) {
    (code_frequencies(&f.p, &Filter::all()), code_case_matrix(&f.p, &Filter::all(), true))
}

#[test]
fn codeboom_text_export() {
    let f = fixture();
    let (rows, _) = tables(&f);
    let text = export::text::codeboom_text(&rows, &ReportOptions::new(Lang::Nl));
    assert!(text.starts_with("Vertrouwen — 10 coderingen, 4 respondenten (A10, M1, R1, R2)\n"));
    assert!(text.contains("\n    Vertrouwen in collega's — 1 codering, 1 respondent (R2)\n"));
    golden("codeboom.txt", text.as_bytes());
    golden("codeboom_en.txt", export::text::codeboom_text(&rows, &ReportOptions::new(Lang::En)).as_bytes());
}

#[test]
fn csv_exports_with_bom_quoting_and_dutch_delimiter() {
    let f = fixture();
    let (rows, m) = tables(&f);
    let freq = export::tables::frequency_table(&rows, &ReportOptions::new(Lang::Nl));
    let bytes = export::csv::csv_bytes(&freq, export::csv::CsvOptions::standard()).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM for Excel");
    let s = String::from_utf8(bytes.clone()).unwrap();
    // Labels contain ", " so they are quoted.
    assert!(s.contains(",\"(A10, M1, R1, R2)\"\r\n"));
    golden("frequencies.csv", &bytes);
    // Reading it back gives the same cells.
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let recs: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 8);
    assert_eq!(&recs[1][1], "Vertrouwen > Institutioneel vertrouwen");
    assert_eq!(&recs[1][6], "8");

    let matrix = export::tables::matrix_table("Code x respondent", &m, false, Lang::Nl);
    let bytes = export::csv::csv_bytes(&matrix, export::csv::CsvOptions::excel_nl()).unwrap();
    let s = String::from_utf8(bytes.clone()).unwrap();
    assert!(s.contains("\u{feff}Code;Pad;A10;M1;R1;R2;Totaal\r\nVertrouwen;Vertrouwen;3;2;3;2;10\r\n"));
    golden("code_respondent_matrix_nl.csv", &bytes);
}

#[test]
fn html_export_is_a_standalone_escaped_page() {
    let mut f = fixture();
    // A code name with markup must come out escaped.
    let id = f.p.next_id();
    f.add(Entity::Code(Code {
        id,
        parent: Some(f.c["S"]),
        name: "<b>Rol & \"regie\"</b>".into(),
        kind: CodeKind::Code,
        color: werkbank::core::Color::from_u24(0x000000),
        description: String::new(),
        codable: true,
        position: 5,
    }));
    let (rows, m) = tables(&f);
    let q = quotes(&f.p, f.c["VG"], false, &Filter::all(), &CitationStyle::label());
    let html = export::html::html_page(
        "Analyse <vertrouwen>",
        &[
            Block::Heading("Codeboom".into()),
            Block::CodeTree(export::tables::codeboom_lines(&rows, &ReportOptions::default()), Default::default()),
            Block::Table(export::tables::codeboom_table(&rows, &ReportOptions::new(Lang::Nl))),
            Block::Table(export::tables::matrix_table("Code x respondent", &m, true, Lang::Nl)),
            Block::Table(export::tables::quotes_table("Citaten: Vertrouwen in gemeente", &q, Lang::Nl)),
            Block::Svg(export::svg::concept_bar_chart(&rows, "Coderingen per concept")),
        ],
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>Analyse &lt;vertrouwen&gt;</title>"));
    assert!(html.contains("&lt;b&gt;Rol &amp; &quot;regie&quot;&lt;/b&gt;"));
    assert!(!html.contains("<b>Rol"));
    assert!(!html.contains("<script"));
    golden("report.html", html.as_bytes());
}

#[test]
fn svg_charts_bar_chart_per_concept_and_heat_map() {
    let f = fixture();
    let (rows, m) = tables(&f);
    let bars = export::svg::concept_bar_chart(&rows, "Coderingen per concept");
    // Two concepts: Vertrouwen 10, Samenwerking 3.
    assert_eq!(bars.matches("<rect x=").count(), 2);
    assert!(bars.contains(">Vertrouwen</text>") && bars.contains(">10</text>"));
    golden("concepts_bar.svg", bars.as_bytes());
    let heat = export::svg::heatmap_svg("Code x respondent (incl. subcodes)", &m);
    // One rect per cell (8 codes x 4 respondents) + background + the legend: 0 and every value
    // up to the maximum of 3.
    assert_eq!(m.max(), 3);
    assert_eq!(heat.matches("<rect class=\"legend\"").count(), 4);
    assert_eq!(heat.matches("<rect ").count(), 8 * 4 + 1 + 4);
    assert!(heat.contains("Vertrouwen in collega&#39;s"));
    golden("code_respondent_heatmap.svg", heat.as_bytes());
}

/// The `<text>` elements of an SVG with their visible text (tspans joined by a space), and
/// whether each sits in a group with a `<title>` (the tooltip with the full label).
fn svg_labels(svg: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text ") {
        let before = &rest[..i];
        let title = before
            .rfind("<g><title>")
            .filter(|&g| !before[g..].contains("</g>"))
            .map(|g| before[g + 10..before[g..].find("</title>").unwrap() + g].to_string());
        let end = rest[i..].find("</text>").unwrap() + i;
        let inner = &rest[i..end];
        let inner = &inner[inner.find('>').unwrap() + 1..];
        // The text without its tags; a space where a new line (tspan) starts.
        let mut text = String::new();
        for (k, part) in inner.split('<').enumerate() {
            let (tag, content) = if k == 0 { ("", part) } else { part.split_once('>').unwrap_or((part, "")) };
            if tag.starts_with("tspan") && !text.is_empty() {
                text.push(' ');
            }
            text.push_str(content);
        }
        out.push((text, title));
        rest = &rest[end..];
    }
    out
}

#[test]
fn a_heat_map_wraps_long_code_names_cuts_only_with_a_tooltip_and_shows_every_colour_step() {
    // Real codebooks have long names: "Ontwijkende strategie geen onderdeel van waardengedreven
    // digitaliseren" used to be clipped at the picture's edge ("...waardengedreven digit").
    let mut f = fixture();
    let long = "Ontwijkende strategie geen onderdeel van waardengedreven digitaliseren";
    let very_long = format!("{long}, volgens de wethouder en de projectleider van de omgevingsdienst");
    f.code("L1", long, Some("S"), CodeKind::Code, 7);
    f.code("L2", &very_long, Some("S"), CodeKind::Code, 8);
    let id = f.p.next_id();
    f.add(Entity::Case(Case {
        id,
        label: "Wethouder van de gemeente Veldhoven-Oost (portefeuille digitalisering)".into(),
        aliases: vec![],
        attributes: Default::default(),
        description: String::new(),
    }));
    // Many codings on one cell, so the scale has ranges: R1 gets 20 codings on "Overleg".
    let anna = f.anna;
    for i in 0..20 {
        f.coding(100 + i, "D1", "Ik heb veel vertrouwen in de gemeente.", "OV", anna);
    }
    let m = code_case_matrix(&f.p, &Filter::all(), true);
    let svg = export::svg::heatmap_svg("Coderingen per respondent", &m);
    let labels = svg_labels(&svg);
    // The long name is there in full, over two lines, no tooltip needed.
    let wrapped = labels.iter().find(|(t, _)| t == long).unwrap_or_else(|| panic!("{long} whole in {labels:?}"));
    assert!(wrapped.1.is_none());
    assert!(svg.contains("<tspan"), "wrapped onto lines");
    // The very long one is cut with "…" and kept whole in a tooltip.
    let cut = labels.iter().find(|(_, t)| t.as_deref() == Some(very_long.as_str())).expect("tooltip");
    assert!(cut.0.ends_with('…') && very_long.starts_with(cut.0.trim_end_matches('…')), "{cut:?}");
    // The long respondent label (a rotated column heading) too.
    assert!(labels.iter().any(|(_, t)| t.as_deref().is_some_and(|t| t.starts_with("Wethouder van de gemeente"))));
    // No label line is wider than the picture: every x + estimated width fits the svg's width.
    let width: usize = svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    for (text, _) in &labels {
        assert!(text.chars().count() * 7 / 2 < width, "{text} in {width} px");
    }
    // The legend: 0 and every step of the scale with the values it stands for.
    let max = m.max();
    assert!(max > 6, "{max}");
    let legend = svg.matches("<rect class=\"legend\"").count();
    assert_eq!(legend, 7, "white for 0 and six steps");
    assert!(svg.contains(">0</text>") && svg.contains(&format!("–{max}</text>")), "{svg}");
    // And as a picture: the PNG has the same width (at twice the resolution).
    let png = werkbank::raster::svg_to_png(&svg, 2.0).unwrap();
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()) as usize, width * 2);
}

#[test]
fn a_bar_chart_of_any_branch_counts_codings_or_respondents_own_or_total() {
    let f = fixture();
    let branch = |code: &str, figure, counts| ReportOptions {
        branch: Some(f.c[code]),
        figure,
        counts,
        ..ReportOptions::new(Lang::Nl)
    };
    let bars = |o: &ReportOptions| {
        let title = export::report::title(&f.p, &export::report::Report::BarChart, o);
        let svg = export::svg::code_bar_chart(&shaped(&f, o), &title, o);
        (svg_labels(&svg).into_iter().map(|(t, _)| t).collect::<Vec<_>>(), title)
    };
    // The children of a dimension (level 2), codings in the subtree.
    let (labels, title) = bars(&branch("IV", Figure::Codings, None));
    assert_eq!(title, "Coderingen per code — Vertrouwen > Institutioneel vertrouwen");
    assert_eq!(labels[1..], ["Vertrouwen in gemeente", "4", "Vertrouwen in rijk", "3"]);
    // Respondents per child of the concept.
    let (labels, title) = bars(&branch("V", Figure::Respondents, None));
    assert_eq!(title, "Respondenten per code — Vertrouwen");
    assert_eq!(labels[1..], ["Institutioneel vertrouwen", "4", "Interpersoonlijk vertrouwen", "1"]);
    // Own codings: the dimension Institutioneel vertrouwen has one coding of its own (9).
    let (labels, title) = bars(&branch("V", Figure::Codings, Some(CountsShown::Own)));
    assert_eq!(title, "Coderingen per code (eigen) — Vertrouwen");
    assert_eq!(labels[1..], ["Institutioneel vertrouwen", "1", "Interpersoonlijk vertrouwen", "0"]);
    // A code without children is one bar of its own.
    let (labels, _) = bars(&branch("VR", Figure::Codings, None));
    assert_eq!(labels[1..], ["Vertrouwen in rijk", "3"]);
}

fn unzip(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut s = String::new();
    z.by_name(name).unwrap_or_else(|_| panic!("{name} in zip")).read_to_string(&mut s).unwrap();
    s
}

fn report_docx(f: &Fixture) -> Vec<u8> {
    let (rows, m) = tables(f);
    let q = quotes(&f.p, f.c["VG"], false, &Filter::all(), &CitationStyle::label_year(2022));
    export::docx::docx_bytes(
        "Bijlage C: analyse",
        &[
            Block::Heading("Codeboom".into()),
            Block::CodeTree(export::tables::codeboom_lines(&rows, &ReportOptions::default()), Default::default()),
            Block::Table(export::tables::codeboom_table(&rows, &ReportOptions::new(Lang::Nl))),
            Block::Table(export::tables::respondent_table(&respondent_overview(&f.p), Lang::Nl)),
            Block::Table(export::tables::matrix_table("Code x respondent", &m, false, Lang::Nl)),
            Block::Table(export::tables::quotes_table("Citaten", &q, Lang::Nl)),
        ],
    )
    .unwrap()
}

#[test]
fn docx_export_has_real_word_tables_and_an_indented_codeboom() {
    let f = fixture();
    let bytes = report_docx(&f);
    let xml = unzip(&bytes, "word/document.xml");
    assert_eq!(xml.matches("<w:tbl>").count(), 4);
    for text in [
        "Bijlage C: analyse",
        "Vertrouwen in gemeente",
        "(A10, M1, R1, R2)",
        "beleidsmedewerker",
        "Interview 10",
        "één groot probleem.",
        "(M1, 2022)",
        "Totaal",
    ] {
        assert!(xml.contains(text), "document.xml contains {text:?}");
    }
    // Header row shading and bold.
    assert!(xml.contains("w:fill=\"D9E2F3\""));
    // Codeboom lines: "Vertrouwen in gemeente (4; A10, M1, R1)" is an item of Word's bulleted
    // list at level 3 (numbering level 2), not a paragraph indented by hand.
    assert!(xml.contains(" (4; A10, M1, R1)"));
    let at = xml.find("Vertrouwen in gemeente</w:t>").unwrap();
    let p = &xml[xml[..at].rfind("<w:pPr>").unwrap()..at];
    assert!(p.contains("<w:ilvl w:val=\"2\" />") && p.contains("<w:numId w:val=\"2\" />"), "{p}");
}

#[test]
fn docx_export_converts_to_pdf_with_libreoffice() {
    let Some(office) = ["libreoffice", "soffice"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        eprintln!(
            "SKIPPED docx_export_converts_to_pdf_with_libreoffice: libreoffice is not installed \
             (apt-get install -y --no-install-recommends libreoffice-writer-nogui)"
        );
        return;
    };
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("bijlage.docx");
    std::fs::write(&docx, report_docx(&f)).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = std::process::Command::new(office)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    let pdf = dir.path().join("bijlage.pdf");
    assert!(pdf.exists(), "LibreOffice made no PDF: {}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // To look at it: WERKBANK_KEEP_EXPORTS=/some/dir cargo test --test analysis libreoffice
    if let Some(keep) = std::env::var_os("WERKBANK_KEEP_EXPORTS") {
        std::fs::copy(&docx, std::path::Path::new(&keep).join("bijlage.docx")).unwrap();
        std::fs::copy(&pdf, std::path::Path::new(&keep).join("bijlage.pdf")).unwrap();
    }
    // With poppler-utils, check the text made it through.
    if let Ok(o) = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output()
        && o.status.success()
    {
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("Vertrouwen in gemeente"), "PDF text: {text}");
        assert!(text.contains("één"));
    }
}

#[test]
fn xlsx_export_has_one_sheet_per_table_with_the_values() {
    let f = fixture();
    let (rows, m) = tables(&f);
    let bytes = export::xlsx::xlsx_bytes(&[
        export::tables::frequency_table(&rows, &ReportOptions::new(Lang::Nl)),
        export::tables::matrix_table("Code x respondent", &m, false, Lang::Nl),
    ])
    .unwrap();
    let workbook = unzip(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Codefrequenties\"") && workbook.contains("name=\"Code x respondent\""));
    let strings = unzip(&bytes, "xl/sharedStrings.xml");
    for s in [
        "Vertrouwen in gemeente",
        "(A10, M1, R1, R2)",
        "Coderingen (eigen)",
        "Vertrouwen &gt; Institutioneel vertrouwen",
    ] {
        assert!(strings.contains(s), "shared strings contain {s:?}");
    }
    let sheet1 = unzip(&bytes, "xl/worksheets/sheet1.xml");
    // Numbers are numbers: V's total of 10 in column G (7th).
    assert!(sheet1.contains("<c r=\"G2\"><v>10</v></c>") || sheet1.contains("r=\"G2\""), "{sheet1}");
    assert!(sheet1.contains("<pane ")); // frozen header
    assert!(sheet1.contains("<col ")); // column widths
    let sheet2 = unzip(&bytes, "xl/worksheets/sheet2.xml");
    assert!(sheet2.contains("<v>10</v>"));
}

// -------------------------------------------------------------------------------------------------
// The thesis's choices (issue 12): own/total, branch, uncoded, figure, wording, label order
// -------------------------------------------------------------------------------------------------

fn shaped(f: &Fixture, o: &ReportOptions) -> Vec<CodeRow> {
    o.shape(&f.p, code_frequencies(&f.p, &Filter::all()))
}

#[test]
fn a_thesis_table_of_own_respondents_with_wording_and_a_dash_for_none() {
    // "Tabel 8": code | named by, own respondents, "1 respondent" / "3 respondenten" / "-".
    let f = fixture();
    let o = ReportOptions {
        counts: Some(CountsShown::Own),
        figure: Figure::Respondents,
        wording: true,
        labels: false,
        ..ReportOptions::new(Lang::Nl)
    };
    // As the thesis prints it (spreadsheets also get the full path).
    let t = export::tables::codeboom_table(&shaped(&f, &o), &o).for_document();
    assert_eq!(t.headers, ["Code", "Respondenten (eigen)"]);
    let cell = |name: &str| t.rows.iter().find(|r| r[0] == export::Cell::text(name)).unwrap()[1].display();
    assert_eq!(cell("Vertrouwen"), "1 respondent", "only A10 coded the concept itself");
    assert_eq!(cell("Interpersoonlijk vertrouwen"), "-");
    assert_eq!(cell("Vertrouwen in gemeente"), "3 respondenten");
    // The default stays the subtree total.
    let d = ReportOptions::new(Lang::Nl);
    let t = export::tables::codeboom_table(&shaped(&f, &d), &d).for_document();
    assert_eq!(t.rows[0][1], export::Cell::int(10));
}

#[test]
fn counts_own_total_or_both_choose_the_columns_of_the_frequency_table() {
    let f = fixture();
    let own = ReportOptions { counts: Some(CountsShown::Own), ..ReportOptions::new(Lang::En) };
    let t = export::tables::frequency_table(&shaped(&f, &own), &own);
    assert_eq!(t.headers, ["Code", "Path", "Level", "Kind", "Codings (own)", "Respondents (own)", "Respondent labels"]);
    assert_eq!(t.rows[0][4], export::Cell::int(1), "Vertrouwen has one coding of its own");
    assert_eq!(t.rows[0][6].display(), "(A10)");
    let codings = ReportOptions { counts: Some(CountsShown::Total), figure: Figure::Codings, ..own };
    let t = export::tables::frequency_table(&shaped(&f, &codings), &codings);
    assert_eq!(t.headers, ["Code", "Path", "Level", "Kind", "Codings", "Documents", "Respondent labels"]);
    assert_eq!(t.rows[0][4], export::Cell::int(10));
}

#[test]
fn a_branch_is_honoured_by_tree_table_matrix_and_bar_chart() {
    let f = fixture();
    let o = ReportOptions { branch: Some(f.c["V"]), ..ReportOptions::new(Lang::Nl) };
    let rows = shaped(&f, &o);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Vertrouwen",
            "Institutioneel vertrouwen",
            "Vertrouwen in gemeente",
            "Vertrouwen in rijk",
            "Interpersoonlijk vertrouwen",
            "Vertrouwen in collega's"
        ]
    );
    assert_eq!(rows[0].depth, 1, "the branch is the top of the printed tree");
    let sub = ReportOptions { branch: Some(f.c["IV"]), ..ReportOptions::new(Lang::Nl) };
    let text = export::text::codeboom_text(&shaped(&f, &sub), &sub);
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(!text.contains("Samenwerking"));
    let m = sub.shape_matrix(&f.p, code_case_matrix(&f.p, &Filter::all(), true), true);
    assert_eq!(m.rows.len(), 3);
    assert_eq!(m.rows[1].depth, 2);
    // The bar chart of a branch has a bar per child: the two dimensions of Vertrouwen.
    let bars = export::svg::code_bar_chart(&rows, "Vertrouwen", &o);
    assert_eq!(bars.matches("<rect x=").count(), 2);
    assert!(bars.contains(">Institutioneel vertrouwen</text>") && bars.contains(">8</text>"));
    // Respondents instead of codings: Institutioneel vertrouwen has A10, M1, R1, R2.
    let resp = ReportOptions { figure: Figure::Respondents, ..o };
    assert!(export::svg::code_bar_chart(&rows, "Vertrouwen", &resp).contains(">4</text>"));
}

#[test]
fn uncoded_codes_can_be_left_out() {
    let mut f = fixture();
    f.code("LEEG", "Nog niet gecodeerd", Some("S"), CodeKind::Code, 9);
    let all = ReportOptions::new(Lang::Nl);
    assert!(shaped(&f, &all).iter().any(|r| r.name == "Nog niet gecodeerd"));
    let hide = ReportOptions { hide_uncoded: true, ..all };
    let rows = shaped(&f, &hide);
    assert!(!rows.iter().any(|r| r.name == "Nog niet gecodeerd"));
    assert_eq!(rows.len(), 8);
    let m = hide.shape_matrix(&f.p, code_case_matrix(&f.p, &Filter::all(), true), true);
    assert_eq!(m.rows.len(), 8);
}

#[test]
fn respondent_labels_in_number_import_or_custom_order_joined_with_en() {
    let f = fixture();
    let vg = |o: &ReportOptions| {
        let rows = shaped(&f, o);
        let r = rows.iter().find(|r| r.code == f.c["VG"]).unwrap();
        o.citation(&r.total.respondent_labels)
    };
    let mut o = ReportOptions::new(Lang::Nl);
    assert_eq!(vg(&o), "(A10, M1, R1)", "natural: letters first");
    o.order = LabelOrder::Number;
    assert_eq!(vg(&o), "(M1, R1, A10)", "by the interview number, whatever the letter");
    o.order = LabelOrder::Import;
    assert_eq!(vg(&o), "(M1, R1, A10)", "respondents were added R2, M1, R1, A10");
    o.order = LabelOrder::Custom(vec!["R1".into(), "A10".into(), "M1".into()]);
    o.join_and = true;
    assert_eq!(vg(&o), "(R1, A10 en M1)");
    o.lang = Lang::En;
    assert_eq!(vg(&o), "(R1, A10 and M1)");
    // Matrix columns follow the same order.
    let m = o.shape_matrix(&f.p, code_case_matrix(&f.p, &Filter::all(), true), true);
    let cols: Vec<&str> = m.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(cols, ["R1", "A10", "M1", "R2"]);
    assert_eq!(m.value(f.c["VR"], f.r["A10"]), Some(1));
    assert_eq!(m.values[m.rows.iter().position(|r| r.code == f.c["VR"]).unwrap()][1], 1);
}

#[test]
fn a_filter_that_matches_nothing_is_a_warning_and_a_filtered_table_says_so() {
    let f = fixture();
    let w = filter_warnings(&f.p, &Filter::all().attribute("functie", "Nope"));
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].to_string().contains("no respondent has functie = Nope"), "{}", w[0]);
    assert!(w[0].to_string().contains("beleidsmedewerker, manager"));
    assert_eq!(w[1], FilterWarning::NoCodings);
    let w = filter_warnings(&f.p, &Filter::all().attribute("leeftijd", "40"));
    assert!(matches!(&w[0], FilterWarning::UnknownAttribute { name, .. } if name == "leeftijd"));
    assert!(check_attribute(&f.p, "functie").is_none());
    assert!(check_attribute(&f.p, "rol").is_some());
    assert!(filter_warnings(&f.p, &Filter::all().attribute("functie", "manager")).is_empty());

    let filter = Filter::all().coders([f.bram]).attribute("functie", "manager");
    assert_eq!(filter_note(&f.p, &filter, Lang::Nl), "Filter: codeur Bram; functie = manager");
    assert_eq!(filter_note(&f.p, &Filter::all(), Lang::Nl), "");
    let a = Analysis::new(&f.p);
    let blocks = export::appendix_blocks(&a, &filter, false, &ReportOptions::new(Lang::Nl));
    assert!(matches!(&blocks[1], Block::Paragraph(p) if p.contains("codeur Bram")));
    let html = export::html::html_page("Bijlage", &blocks);
    assert!(html.contains("Filter: codeur Bram; functie = manager"));
}

// -------------------------------------------------------------------------------------------------
// Word output a thesis can take as is
// -------------------------------------------------------------------------------------------------

/// Converts a .docx to PDF with LibreOffice and returns pdftotext's text (pages split by '\f').
/// Fails with a clear message when LibreOffice or poppler is missing: CI installs both.
fn docx_pdf_text(docx: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.docx"));
    std::fs::write(&path, docx).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("LibreOffice (soffice) is needed for this test: apt-get install libreoffice-writer-nogui");
    let pdf = dir.path().join(format!("{name}.pdf"));
    assert!(pdf.exists(), "LibreOffice made no PDF: {}", String::from_utf8_lossy(&out.stderr));
    if let Some(keep) = std::env::var_os("WERKBANK_KEEP_EXPORTS") {
        std::fs::copy(&pdf, std::path::Path::new(&keep).join(format!("{name}.pdf"))).unwrap();
        std::fs::copy(&path, std::path::Path::new(&keep).join(format!("{name}.docx"))).unwrap();
    }
    let o = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn a_long_word_table_repeats_its_header_on_every_page_and_never_breaks_a_code_name() {
    let mut f = fixture();
    // A real codebook's long Dutch names, 110 of them: the table runs over several pages (a portrait page holds about 45 rows).
    let names = [
        "Informatiehuishouding",
        "Verantwoordingsmechanismen",
        "Klantgerichtheid",
        "Samenwerkingsverbanden",
        "Beleidsontwikkeling",
        "Professionaliseringstrajecten",
        "Burgerparticipatie",
    ];
    for i in 0..110 {
        let id = f.p.next_id();
        f.add(Entity::Code(Code {
            id,
            parent: Some(f.c["S"]),
            name: format!("{} {i}", names[i % names.len()]),
            kind: CodeKind::Code,
            color: werkbank::core::Color::from_u24(0x4f81bd),
            description: String::new(),
            codable: true,
            position: 10 + i as i64,
        }));
    }
    let o = ReportOptions { counts: Some(CountsShown::Total), ..ReportOptions::new(Lang::Nl) };
    let rows = shaped(&f, &o);
    let blocks = [Block::Heading("Bijlage B".into()), Block::Table(export::tables::frequency_table(&rows, &o))];
    let bytes = export::docx::docx_bytes("Bijlage", &blocks).unwrap();
    let xml = unzip(&bytes, "word/document.xml");
    assert_eq!(xml.matches("<w:tblHeader").count(), 1, "the header row is marked to repeat");
    assert!(xml.matches("<w:cantSplit").count() > 70, "rows do not split across pages");
    assert!(xml.contains("SEQ Tabel"), "captions are numbered by Word");
    assert!(xml.contains("w:pStyle w:val=\"Caption\"") && xml.contains("w:pStyle w:val=\"Heading1\""));
    assert_eq!(xml.matches("Codefrequenties").count(), 1, "one title per table");
    let core = unzip(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:creator>Werkbank</dc:creator>") && core.contains("<dc:title>Bijlage</dc:title>"));
    assert!(!core.contains("1970"), "{core}");

    let text = docx_pdf_text(&bytes, "long_table");
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 3, "110 rows run over several pages: {} page(s)", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("Respondentlabels"), "page {} has no header row:\n{page}", i + 1);
    }
    // Every word of every code name comes out whole (no "Informatiehu|ishouding").
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    for r in &rows {
        for w in r.name.split_whitespace() {
            assert!(words.contains(w), "'{w}' of '{}' is broken across lines", r.name);
        }
    }
    assert!(text.contains("Tabel 1: Codefrequenties"), "caption below the table");
}

#[test]
fn memos_export_says_what_each_memo_is_about_who_wrote_it_and_when() {
    let mut f = fixture();
    f.definition_memo();
    let t = export::tables::memos_table(&Analysis::new(&f.p), &Filter::all(), None, Lang::Nl);
    assert_eq!(t.headers, ["Over", "Auteur", "Datum", "Titel", "Tekst"]);
    assert_eq!(
        t.rows[0].iter().map(|c| c.display()).collect::<Vec<_>>(),
        [
            "Code: Vertrouwen > Institutioneel vertrouwen > Vertrouwen in gemeente",
            "Anna",
            "2023-11-14 22:13",
            "Definitie",
            "Vertrouwen dat de gemeente doet wat zij zegt."
        ]
    );
    let xlsx = export::xlsx::xlsx_bytes(&[t]).unwrap();
    assert!(
        unzip(&xlsx, "xl/workbook.xml").contains("name=\"Memo&apos;s\"")
            || unzip(&xlsx, "xl/workbook.xml").contains("Memo's")
    );
    // Print setup: landscape, one page wide, the header row repeated.
    let sheet = unzip(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("orientation=\"landscape\"")
            && sheet.contains("fitToPage=\"1\"")
            && sheet.contains("fitToHeight=\"0\""),
        "{sheet}"
    );
    assert!(unzip(&xlsx, "xl/workbook.xml").contains("_xlnm.Print_Titles"));
}

// -------------------------------------------------------------------------------------------------
// Spreadsheet details (issue 12, item 5 and 7): full paths, numbers, filter notes, languages
// -------------------------------------------------------------------------------------------------

/// The header of `t` as the spreadsheet writers see it, and as documents print it.
fn sheet_and_document_headers(t: &export::Table) -> (Vec<String>, Vec<String>) {
    (t.headers.clone(), t.for_document().headers)
}

#[test]
fn every_spreadsheet_table_has_the_full_code_path_documents_do_not() {
    // A real codebook has the same name under several parents ("Ambtenaren" four times): a
    // spreadsheet row must say which one it is.
    let f = fixture();
    let (rows, m) = tables(&f);
    let o = ReportOptions::new(Lang::Nl);
    let a = Analysis::new(&f.p);
    let g = a.frequencies_by_group(&Filter::all(), "functie", true);
    let co = a.cooccurrence(&Filter::all(), CoMode::SameRespondent);
    let q = quotes(&f.p, f.c["IV"], true, &Filter::all(), &CitationStyle::label());
    for t in [
        export::tables::codeboom_table(&rows, &o),
        export::tables::matrix_table("Codes × respondenten", &m, false, Lang::Nl),
        export::tables::cooccurrence_table(&co, CoMode::SameRespondent, Lang::Nl),
        export::tables::group_table(&g, &o),
        export::tables::quotes_table("Citaten", &q, Lang::Nl),
    ] {
        let (sheet, doc) = sheet_and_document_headers(&t);
        assert!(sheet.iter().any(|h| h == "Pad"), "{}: {sheet:?}", t.title);
        assert!(!doc.iter().any(|h| h == "Pad"), "{}: documents show the tree by indentation", t.title);
        let csv = String::from_utf8(export::csv::csv_bytes(&t, export::csv::CsvOptions::standard()).unwrap()).unwrap();
        assert!(csv.contains("Vertrouwen > Institutioneel vertrouwen > Vertrouwen in gemeente"), "{}: {csv}", t.title);
    }
    // The matrix CSV: code, path, one column per respondent, total.
    let matrix = export::tables::matrix_table("Codes × respondenten", &m, false, Lang::Nl);
    let csv = export::csv::csv_bytes(&matrix, export::csv::CsvOptions::excel_nl()).unwrap();
    assert!(
        String::from_utf8(csv)
            .unwrap()
            .starts_with("\u{feff}Code;Pad;A10;M1;R1;R2;Totaal\r\nVertrouwen;Vertrouwen;3;2;3;2;10\r\n")
    );
}

#[test]
fn group_counts_are_numbers_and_the_labels_have_their_own_column() {
    // groups.xlsx used to store "1 (M2)" as text: Excel could not sum it.
    let f = fixture();
    let g = Analysis::new(&f.p).frequencies_by_group(&Filter::all(), "functie", true);
    let t = export::tables::group_table(&g, &ReportOptions::new(Lang::Nl));
    let col = |h: &str| t.headers.iter().position(|x| x == h).unwrap_or_else(|| panic!("no {h:?} in {:?}", t.headers));
    let v = t.rows.iter().position(|r| r[0] == export::Cell::text("Vertrouwen")).unwrap();
    assert_eq!(t.rows[v][col("manager: respondenten")], export::Cell::Int(2));
    assert_eq!(t.rows[v][col("manager: respondentlabels")], export::Cell::text("(A10, M1)"));
    assert!(matches!(t.rows[v][col("manager: coderingen (n=2)")], export::Cell::Int(_)));
    // In the workbook the counts are numeric cells.
    let bytes = export::xlsx::xlsx_bytes(std::slice::from_ref(&t)).unwrap();
    let sheet = unzip(&bytes, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("t=\"str\""), "no counts as text: {sheet}");
    let strings = unzip(&bytes, "xl/sharedStrings.xml");
    assert!(!strings.contains("2 (A10, M1)"), "{strings}");
}

#[test]
fn a_filtered_csv_and_workbook_state_their_filter_above_the_table() {
    let f = fixture();
    let (rows, _) = tables(&f);
    let mut t = export::tables::frequency_table(&rows, &ReportOptions::new(Lang::Nl));
    t.note = "Filter: codeur Bram".into();
    let csv = String::from_utf8(export::csv::csv_bytes(&t, export::csv::CsvOptions::standard()).unwrap()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "\u{feff}Filter: codeur Bram");
    assert!(lines.next().unwrap().starts_with("Code,Pad,"));
    let bytes = export::xlsx::xlsx_bytes(&[t]).unwrap();
    assert!(unzip(&bytes, "xl/sharedStrings.xml").contains("Filter: codeur Bram"));
    let sheet = unzip(&bytes, "xl/worksheets/sheet1.xml");
    // The note is row 1, the header row 2, frozen and repeated on every printed page.
    assert!(sheet.contains("<c r=\"A1\"") && sheet.contains("<c r=\"A2\""), "{sheet}");
    assert!(sheet.contains("ySplit=\"2\""), "{sheet}");
    assert!(unzip(&bytes, "xl/workbook.xml").contains("$2:$2"), "print titles: the header row");
    // An unfiltered table starts with its header, as scripts expect.
    let (rows, _) = tables(&f);
    let plain = export::tables::frequency_table(&rows, &ReportOptions::new(Lang::Nl));
    let csv = String::from_utf8(export::csv::csv_bytes(&plain, export::csv::CsvOptions::standard()).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}Code,Pad,"));
}

#[test]
fn dutch_documents_print_decimal_commas_english_ones_decimal_points() {
    let mut t = export::Table::new("Intercodeursbetrouwbaarheid", vec!["Code".into(), "Cohens κ".into()]);
    t.rows.push(vec![export::Cell::text("Vertrouwen"), export::Cell::Float(0.8512)]);
    let blocks = [Block::Table(t)];
    let nl = unzip(&export::docx::docx_bytes_in("Bijlage", &blocks, Lang::Nl).unwrap(), "word/document.xml");
    assert!(nl.contains(">0,85<") && !nl.contains("0.85"), "Word, Dutch");
    let en = unzip(&export::docx::docx_bytes_in("Appendix", &blocks, Lang::En).unwrap(), "word/document.xml");
    assert!(en.contains(">0.85<"), "Word, English");
    let nl = export::html::html_page_in("Bijlage", &blocks, Lang::Nl);
    assert!(nl.contains(">0,85<") && nl.contains("<html lang=\"nl\">"), "{nl}");
    let en = export::html::html_page_in("Appendix", &blocks, Lang::En);
    assert!(en.contains(">0.85<") && en.contains("<html lang=\"en\">"), "{en}");
}

#[test]
fn the_appendix_as_csv_is_every_table_of_the_appendix_not_only_the_first() {
    let f = fixture();
    let a = Analysis::new(&f.p);
    let blocks = export::appendix_blocks(&a, &Filter::all(), false, &ReportOptions::new(Lang::Nl));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("appendix.csv");
    export::write_report_in(&path, "Bijlage", &blocks, export::csv::CsvOptions::standard(), Lang::Nl).unwrap();
    let appendix = std::fs::read_to_string(&path).unwrap();
    let freq_path = dir.path().join("frequencies.csv");
    let (rows, _) = tables(&f);
    let freq = [Block::Table(export::tables::frequency_table(&rows, &ReportOptions::new(Lang::Nl)))];
    export::write_report_in(&freq_path, "Bijlage", &freq, export::csv::CsvOptions::standard(), Lang::Nl).unwrap();
    assert_ne!(appendix, std::fs::read_to_string(&freq_path).unwrap());
    // Each table under its title, a blank line between them.
    for title in ["Codefrequenties", "Respondentenoverzicht", "Coderingen per respondent"] {
        assert!(
            appendix.contains(&format!("\r\n{title}\r\n")) || appendix.starts_with(&format!("\u{feff}{title}\r\n")),
            "{title}: {appendix}"
        );
    }
    assert!(appendix.contains("\r\nCode,Pad,A10,M1,R1,R2,Totaal\r\n"), "{appendix}");
    assert!(appendix.contains("\r\nRespondent,functie,organisatie,"), "{appendix}");
    // Read back: every record parses.
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(appendix.as_bytes());
    assert!(rdr.records().all(|r| r.is_ok()));
}

#[test]
fn english_output_has_no_dutch_labels() {
    let f = fixture();
    let a = Analysis::new(&f.p);
    let filter = Filter::all().coders([f.bram]);
    let mut blocks = export::appendix_blocks(&a, &filter, false, &ReportOptions::new(Lang::En));
    blocks.push(Block::Table(export::Table::new("", vec!["Code".into()])));
    let docx = unzip(&export::docx::docx_bytes_in("Appendix", &blocks, Lang::En).unwrap(), "word/document.xml");
    let html = export::html::html_page_in("Appendix", &blocks, Lang::En);
    let tables: Vec<export::Table> =
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t.clone()) } else { None }).collect();
    let xlsx = export::xlsx::xlsx_bytes_in("", &tables, Lang::En).unwrap();
    let sheets = unzip(&xlsx, "xl/workbook.xml") + &unzip(&xlsx, "xl/sharedStrings.xml");
    for (what, text) in [("docx", docx), ("html", html), ("xlsx", sheets)] {
        for dutch in ["Tabel", "Codeur", "codeur", "respondenten", "Coderingen", "Pad<", "Totaal", "Codeboom"] {
            assert!(!text.contains(dutch), "{what} contains the Dutch {dutch:?}");
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Golden files of every format of the main reports (issue 12): a change in how a table, caption,
// sheet or chart is written shows up as a diff. Regenerate with
// `UPDATE_GOLDEN=1 cargo test --test analysis golden`, look at the diff, commit it.
// -------------------------------------------------------------------------------------------------

/// The parts of an exported file that say how it looks, as diffable text: document.xml of a
/// .docx and the sheets (with their shared strings and the workbook's sheet names and print
/// titles) of a .xlsx, one element per line where it helps; other formats as they are.
/// Zip metadata and document properties (times) are left out: they change on every run.
fn golden_text(path: &std::path::Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    let lines = |xml: String| {
        let mut s = xml;
        for tag in ["<w:p>", "<w:p ", "<w:tbl>", "<w:tr>", "<w:tr ", "<row ", "<si>", "<sheet ", "<definedName "] {
            s = s.replace(tag, &format!("\n{tag}"));
        }
        // docx-rs numbers paragraphs from a counter shared by every document the process writes.
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(i) = rest.find(" w14:paraId=\"") {
            out.push_str(&rest[..i]);
            rest = &rest[i + 14..];
            rest = &rest[rest.find('"').map_or(rest.len(), |j| j + 1)..];
        }
        out.push_str(rest);
        out + "\n"
    };
    match path.extension().and_then(|e| e.to_str()) {
        Some("docx") => lines(unzip(&bytes, "word/document.xml")).into_bytes(),
        Some("xlsx") => {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let mut names: Vec<String> = z.file_names().map(String::from).collect();
            names.sort();
            let mut out = String::new();
            for name in names.iter().filter(|n| {
                n.starts_with("xl/worksheets/sheet") || *n == "xl/sharedStrings.xml" || *n == "xl/workbook.xml"
            }) {
                use std::io::Read;
                let mut s = String::new();
                z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
                out.push_str(&format!("==> {name}\n{}", lines(s)));
            }
            out.into_bytes()
        }
        _ => bytes,
    }
}

#[test]
fn golden_files_of_every_format_of_the_main_reports() {
    use export::report::{self, Report};
    let mut f = fixture();
    f.definition_memo();
    let dir = tempfile::tempdir().unwrap();
    let all = Filter::all();
    let bram = Filter::all().coders([f.bram]);
    let nl = ReportOptions::new(Lang::Nl);
    let en = ReportOptions::new(Lang::En);
    let branch = ReportOptions { branch: Some(f.c["V"]), figure: Figure::Respondents, ..nl.clone() };
    let thesis = ReportOptions {
        counts: Some(CountsShown::Own),
        figure: Figure::Respondents,
        wording: true,
        order: LabelOrder::Number,
        join_and: true,
        ..nl.clone()
    };
    let csv = export::csv::CsvOptions::standard;
    let cases: Vec<(&str, Report, &Filter, &ReportOptions, export::csv::CsvOptions)> = vec![
        ("frequencies.csv", Report::Frequencies, &all, &nl, csv()),
        ("frequencies_nl_semicolon.csv", Report::Frequencies, &all, &thesis, export::csv::CsvOptions::excel_nl()),
        ("frequencies.html", Report::Frequencies, &all, &nl, csv()),
        ("frequencies.docx", Report::Frequencies, &all, &nl, csv()),
        ("frequencies.xlsx", Report::Frequencies, &all, &nl, csv()),
        ("frequencies_en.docx", Report::Frequencies, &all, &en, csv()),
        ("frequencies_filtered.docx", Report::Frequencies, &bram, &nl, csv()),
        ("frequencies_filtered.html", Report::Frequencies, &bram, &nl, csv()),
        ("frequencies_filtered.xlsx", Report::Frequencies, &bram, &nl, csv()),
        ("codeboom_thesis.docx", Report::Codeboom, &all, &thesis, csv()),
        ("codeboom_thesis.html", Report::Codeboom, &all, &thesis, csv()),
        ("codeboom_thesis.txt", Report::Codeboom, &all, &thesis, csv()),
        ("codeboom.xlsx", Report::Codeboom, &all, &nl, csv()),
        ("matrix.csv", Report::Matrix { presence: false }, &all, &nl, csv()),
        ("matrix_branch.docx", Report::Matrix { presence: false }, &all, &branch, csv()),
        ("matrix_presence.xlsx", Report::Matrix { presence: true }, &all, &nl, csv()),
        ("groups.xlsx", Report::Groups { by: "functie".into() }, &all, &nl, csv()),
        ("frequencies_per_coder.csv", Report::Groups { by: GroupBy::Coder }, &all, &nl, csv()),
        ("frequencies_per_coder.docx", Report::Groups { by: GroupBy::Coder }, &all, &nl, csv()),
        ("frequencies_per_coder.xlsx", Report::Groups { by: GroupBy::Coder }, &all, &nl, csv()),
        ("frequencies_per_coder_en.html", Report::Groups { by: GroupBy::Coder }, &all, &en, csv()),
        ("frequencies_per_coder_thesis.md", Report::Groups { by: GroupBy::Coder }, &all, &thesis, csv()),
        ("frequencies_per_coder_filtered.txt", Report::Groups { by: GroupBy::Coder }, &bram, &nl, csv()),
        ("cooccurrence.html", Report::Cooccurrence { mode: CoMode::SameRespondent }, &all, &nl, csv()),
        (
            "quotes.docx",
            Report::Quotes { code: f.c["IV"], subtree: true, style: CitationStyle::label_year(2022) },
            &all,
            &nl,
            csv(),
        ),
        ("appendix.docx", Report::Appendix { presence: false }, &all, &nl, csv()),
        ("appendix.html", Report::Appendix { presence: false }, &all, &nl, csv()),
        ("appendix_en.xlsx", Report::Appendix { presence: false }, &all, &en, csv()),
        ("segments.csv", Report::Segments, &all, &nl, csv()),
        ("memos.csv", Report::Memos, &all, &nl, csv()),
        ("heatmap.svg", Report::Heatmap, &all, &nl, csv()),
        ("heatmap_filtered.svg", Report::Heatmap, &bram, &nl, csv()),
        ("bar_branch_respondents.svg", Report::BarChart, &all, &branch, csv()),
        ("cooccurrence_heatmap.svg", Report::CooccurrenceHeatmap { mode: CoMode::SameDocument }, &all, &en, csv()),
    ];
    for (name, r, filter, o, csv) in cases {
        let path = dir.path().join(name);
        report::write(&f.p, &r, filter, o, csv, &path).unwrap_or_else(|e| panic!("{name}: {e}"));
        // To look at them: WERKBANK_KEEP_EXPORTS=/some/dir cargo test --test analysis golden
        if let Some(keep) = std::env::var_os("WERKBANK_KEEP_EXPORTS") {
            std::fs::copy(&path, std::path::Path::new(&keep).join(name)).unwrap();
        }
        let ext = path.extension().unwrap().to_str().unwrap().to_string();
        let golden_name = if ext == "docx" || ext == "xlsx" { format!("{name}.xml") } else { name.to_string() };
        golden(&format!("reports/{golden_name}"), &golden_text(&path));
    }
}

/// Converts .docx files to PDF with one LibreOffice run and returns pdftotext's text of each
/// (pages split by '\f'), in the order given.
fn docx_pdf_texts(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(&paths)
        .output()
        .expect("LibreOffice (soffice) is needed for this test: apt-get install libreoffice-writer-nogui");
    paths
        .iter()
        .map(|path| {
            let pdf = path.with_extension("pdf");
            assert!(pdf.exists(), "LibreOffice made no {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
            if let Some(keep) = std::env::var_os("WERKBANK_KEEP_EXPORTS") {
                std::fs::copy(&pdf, std::path::Path::new(&keep).join(pdf.file_name().unwrap())).unwrap();
            }
            let o = std::process::Command::new("pdftotext")
                .arg("-layout")
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) is needed for this test");
            String::from_utf8(o.stdout).unwrap()
        })
        .collect()
}

#[test]
fn every_word_report_renders_with_whole_code_names_a_numbered_caption_and_repeated_headers() {
    use export::report::{self, Report};
    // A codebook with long Dutch names, enough of them that the tables run over pages.
    let mut f = fixture();
    let names = [
        "Informatiehuishouding",
        "Verantwoordingsmechanismen",
        "Professionaliseringstrajecten",
        "Burgerparticipatie en klantgerichtheid",
    ];
    let mut long = Vec::new();
    for i in 0..40 {
        let name = format!("{} {i}", names[i % names.len()]);
        let id = f.p.next_id();
        f.add(Entity::Code(Code {
            id,
            parent: Some(f.c["S"]),
            name: name.clone(),
            kind: CodeKind::Code,
            color: werkbank::core::Color::from_u24(0x4f81bd),
            description: String::new(),
            codable: true,
            position: 10 + i as i64,
        }));
        long.push(name);
    }
    f.definition_memo();
    let o = ReportOptions::new(Lang::Nl);
    let all = Filter::all();
    let kinds = [
        ("codeboom", Report::Codeboom),
        ("frequencies", Report::Frequencies),
        ("groups", Report::Groups { by: "functie".into() }),
        ("respondents", Report::Respondents),
        ("matrix", Report::Matrix { presence: false }),
        ("documents", Report::Documents { presence: true }),
        ("cooccurrence", Report::Cooccurrence { mode: CoMode::SameDocument }),
        ("quotes", Report::Quotes { code: f.c["V"], subtree: true, style: CitationStyle::label() }),
        ("appendix", Report::Appendix { presence: false }),
        ("segments", Report::Segments),
        ("memos", Report::Memos),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, r) in &kinds {
        let path = dir.path().join(format!("{name}.docx"));
        report::write(&f.p, r, &all, &o, export::csv::CsvOptions::standard(), &path).unwrap();
        files.push((name.to_string(), std::fs::read(&path).unwrap()));
    }
    let texts = docx_pdf_texts(&files);
    let all_names: Vec<String> = f.p.codes.values().map(|c| c.name.clone()).collect();
    for ((name, r), text) in kinds.iter().zip(&texts) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Every table has a numbered caption with its title (the code tree is a list, no table).
        if !matches!(r, Report::Codeboom) {
            let title = match r {
                Report::Appendix { .. } => "Codefrequenties".to_string(),
                r => report::title(&f.p, r, &o),
            };
            assert!(flat.contains(&format!("Tabel 1: {title}")), "{name}: no caption 'Tabel 1: {title}' in\n{flat}");
        }
        // No code name is broken inside a word: every word of every name shown comes out whole.
        let words: std::collections::HashSet<&str> =
            text.split_whitespace().map(|w| w.trim_matches(|c: char| ",;()\"'.".contains(c))).collect();
        // A long word whose start is on the page must be on it whole ("Informatiehu|ishouding").
        for n in &all_names {
            for w in n.split_whitespace().filter(|w| w.chars().count() >= 10) {
                let start: String = w.chars().take(7).collect();
                if text.contains(&start) {
                    assert!(words.contains(w), "{name}: '{w}' of '{n}' is broken across lines:\n{text}");
                }
            }
        }
        // A table that runs over pages repeats its header row: the first header on every page
        // that continues it.
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        let first_header = match r {
            Report::Respondents | Report::Segments | Report::Codeboom | Report::Appendix { .. } => None,
            Report::Quotes { .. } => Some("Respondent"),
            Report::Memos => Some("Over"),
            _ => Some("Code"),
        };
        if let Some(h) = first_header {
            for (i, page) in pages.iter().enumerate().skip(1) {
                assert!(
                    page.lines().any(|l| l.split_whitespace().next() == Some(h)),
                    "{name}: page {} has no header row starting with {h:?}:\n{page}",
                    i + 1
                );
            }
        }
        if matches!(r, Report::Frequencies | Report::Matrix { .. }) {
            assert!(pages.len() >= 2, "{name}: 47 codes run over pages ({} page)", pages.len());
        }
    }
    // Landscape only when a table needs it: the memos, the code tree and the matrix fit portrait.
    for (name, bytes) in &files {
        let xml = unzip(bytes, "word/document.xml");
        let landscape = xml.contains("w:orient=\"landscape\"");
        if ["memos", "codeboom", "matrix"].contains(&name.as_str()) {
            assert!(!landscape, "{name} is landscape");
        }
    }
}

#[test]
fn a_long_code_path_in_a_workbook_wraps_in_a_column_of_at_most_sixty_characters() {
    // A real codebook's paths run to 100+ characters: the column used to be 80 wide and the text
    // clipped by the next column; now the column stops at 60 and the cell wraps.
    let mut f = fixture();
    f.code(
        "LONG",
        "Verschillende aanpakken van waardengedreven digitalisering bij gemeenten en provincies",
        Some("OV"),
        CodeKind::Code,
        1,
    );
    let o = ReportOptions::new(Lang::Nl);
    let t = export::tables::frequency_table(&shaped(&f, &o), &o);
    let bytes = export::xlsx::xlsx_bytes(&[t]).unwrap();
    let sheet = unzip(&bytes, "xl/worksheets/sheet1.xml");
    for col in sheet.split("<col ").skip(1) {
        let width: f64 = col.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(width <= 61.0, "column wider than 60 characters: {col}");
    }
    // The long path's cell (column B of its row) has a style with wrap text.
    let styles = unzip(&bytes, "xl/styles.xml");
    let row = sheet.split("<row ").find(|r| r.contains("<c r=\"B10\"")).expect("row 10");
    let cell = &row[row.find("<c r=\"B10\"").unwrap()..];
    let style: usize = cell.split("s=\"").nth(1).expect("B10 has a style").split('"').next().unwrap().parse().unwrap();
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    assert!(xf.contains("wrapText=\"1\""), "{xf}");
}

// -------------------------------------------------------------------------------------------------
// Read back by software nobody here wrote: openpyxl and Python's csv module
// -------------------------------------------------------------------------------------------------

/// What `tests/peers/read_tables.py` reads from `files` (path, CSV delimiter).
fn read_by_peers(python: &str, files: &[(std::path::PathBuf, char)]) -> Vec<serde_json::Value> {
    use std::io::Write as _;
    let list: Vec<serde_json::Value> = files
        .iter()
        .map(|(p, d)| serde_json::json!({"path": p.to_str().unwrap(), "delimiter": d.to_string()}))
        .collect();
    let mut child = std::process::Command::new(python)
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/read_tables.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the peer readers' python runs");
    child.stdin.take().unwrap().write_all(serde_json::to_string(&list).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openpyxl/csv could not read the exports:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
}

#[test]
fn every_spreadsheet_export_reads_back_in_openpyxl_and_pythons_csv_module() {
    use export::report::{self, Report};
    use werkbank::core::agreement::{AgreementParams, AgreementUnit, agreement, disagreements_of_pairs};
    let Some(python) = support::peer_python() else { return };
    let mut f = fixture();
    f.definition_memo();
    let all = Filter::all();
    let bram = Filter::all().coders([f.bram]);
    let kinds = vec![
        ("codeboom", Report::Codeboom, &all),
        ("frequencies", Report::Frequencies, &all),
        ("frequencies_filtered", Report::Frequencies, &bram),
        ("groups", Report::Groups { by: "functie".into() }, &all),
        ("respondents", Report::Respondents, &all),
        ("matrix", Report::Matrix { presence: false }, &all),
        ("presence", Report::Matrix { presence: true }, &all),
        ("documents", Report::Documents { presence: false }, &all),
        ("cooccurrence", Report::Cooccurrence { mode: CoMode::Overlap }, &all),
        ("quotes", Report::Quotes { code: f.c["V"], subtree: true, style: CitationStyle::label() }, &all),
        ("appendix", Report::Appendix { presence: false }, &all),
        ("segments", Report::Segments, &all),
        ("memos", Report::Memos, &all),
        (
            "codebook",
            Report::Codebook { example: export::tables::ExampleQuote::First, style: CitationStyle::label() },
            &all,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    // (file, CSV delimiter, decimal separator, the tables written)
    let mut files: Vec<(std::path::PathBuf, char, char, Vec<export::Table>)> = Vec::new();
    let tables_of = |blocks: &[Block]| -> Vec<export::Table> {
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t.clone()) } else { None }).collect()
    };
    for lang in [Lang::Nl, Lang::En] {
        let o = ReportOptions { counts: Some(CountsShown::Both), ..ReportOptions::new(lang) };
        for (name, r, filter) in &kinds {
            for (ext, csv, delimiter, decimal) in [
                ("xlsx", export::csv::CsvOptions::standard(), ',', '.'),
                ("csv", export::csv::CsvOptions::standard(), ',', '.'),
                ("nl.csv", export::csv::CsvOptions::excel_nl(), ';', ','),
            ] {
                use werkbank::output::Format;
                let format = if ext == "xlsx" { Format::Xlsx } else { Format::Csv };
                let path = dir.path().join(format!("{name}_{lang:?}.{ext}"));
                report::write(&f.p, r, filter, &o, csv, &path).unwrap_or_else(|e| panic!("{name}: {e}"));
                let report::Output::Blocks(blocks) = report::build(&f.p, r, filter, &o, format) else {
                    panic!("{name} is no table")
                };
                files.push((path, delimiter, decimal, tables_of(&blocks)));
            }
        }
        // The agreement report (floats: κ, α, percentages) between Anna and Bram.
        let params = AgreementParams {
            coders: vec![f.anna, f.bram],
            unit: AgreementUnit::Segment,
            ..AgreementParams::default()
        };
        let r = agreement(&f.p, &params);
        let blocks = export::agreement::agreement_blocks(&f.p, &r, &disagreements_of_pairs(&f.p, &r), lang);
        for (ext, csv, delimiter, decimal) in [
            ("xlsx", export::csv::CsvOptions::standard(), ',', '.'),
            ("csv", export::csv::CsvOptions::standard(), ',', '.'),
            ("nl.csv", export::csv::CsvOptions::excel_nl(), ';', ','),
        ] {
            let path = dir.path().join(format!("agreement_{lang:?}.{ext}"));
            export::write_report_in(&path, &f.p.name, &blocks, csv, lang).unwrap();
            files.push((path, delimiter, decimal, tables_of(&blocks)));
        }
    }
    let seen = read_by_peers(&python, &files.iter().map(|(p, d, _, _)| (p.clone(), *d)).collect::<Vec<_>>());
    let mut floats = 0;
    for ((path, _, decimal, tables), read) in files.iter().zip(&seen) {
        let name = path.file_name().unwrap().to_string_lossy();
        if name.ends_with(".xlsx") {
            let sheets = read["sheets"].as_array().unwrap();
            assert_eq!(sheets.len(), tables.len(), "{name}: one sheet per table");
            let mut names = std::collections::HashSet::new();
            for (t, sheet) in tables.iter().zip(sheets) {
                let sheet_name = sheet["name"].as_str().unwrap();
                assert!(!sheet_name.is_empty() && sheet_name.chars().count() <= 31, "{name}: sheet {sheet_name:?}");
                assert!(names.insert(sheet_name.to_lowercase()), "{name}: sheet name {sheet_name:?} twice");
                let rows = sheet["rows"].as_array().unwrap();
                // A filtered table states its filter in the first row, above the header.
                let top = usize::from(!t.note.is_empty());
                if top == 1 {
                    assert_eq!(rows[0][0]["text"].as_str(), Some(t.note.as_str()), "{name}: filter note");
                }
                let header_row = top + 1;
                assert_eq!(
                    sheet["print_title_rows"].as_str(),
                    Some(format!("${header_row}:${header_row}").as_str()),
                    "{name}: the header row repeats on every printed page"
                );
                assert_eq!(sheet["orientation"].as_str(), Some("landscape"), "{name}");
                assert!(
                    sheet["fit_to_page"].as_bool().unwrap()
                        && sheet["fit_to_width"] == 1
                        && sheet["fit_to_height"] == 0,
                    "{name}: one page wide, as many tall as needed"
                );
                assert_eq!(sheet["paper_size"], 9, "{name}: A4");
                let header: Vec<&str> =
                    rows[top].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap_or("")).collect();
                assert_eq!(header, t.headers, "{name}: header");
                assert_eq!(rows.len(), top + 1 + t.rows.len(), "{name}: {} rows", t.title);
                for (i, row) in t.rows.iter().enumerate() {
                    let theirs = rows[top + 1 + i].as_array().unwrap();
                    for (j, c) in row.iter().enumerate() {
                        let got = theirs.get(j).unwrap_or(&serde_json::Value::Null);
                        let at = format!("{name}: {} row {} column {}", t.title, i + 1, j + 1);
                        match c {
                            // An empty text is a blank cell to a spreadsheet.
                            export::Cell::Empty => assert!(got.is_null(), "{at}: {got}"),
                            export::Cell::Text(s) if s.is_empty() => assert!(got.is_null(), "{at}: {got}"),
                            export::Cell::Int(n) => {
                                assert_eq!(got["number"].as_f64(), Some(*n as f64), "{at}: a number")
                            }
                            export::Cell::Float(x) => {
                                floats += 1;
                                let v = got["number"].as_f64().unwrap_or_else(|| panic!("{at}: {got} is no number"));
                                assert!((v - x).abs() < 1e-9, "{at}: {v} != {x}");
                            }
                            export::Cell::Text(s) => assert_eq!(got["text"].as_str(), Some(s.as_str()), "{at}"),
                        }
                    }
                }
            }
        } else {
            // CSV: one table as it is; several one under the other, each under its title.
            let records = read["records"].as_array().unwrap();
            let titled = tables.len() > 1;
            let mut k = 0;
            for (n, t) in tables.iter().enumerate() {
                let field = |k: usize, j: usize| records[k][j].as_str().unwrap().to_string();
                if n > 0 {
                    assert!(records[k].as_array().unwrap().is_empty(), "{name}: a blank line between tables");
                    k += 1;
                }
                if titled {
                    assert_eq!(field(k, 0), t.title, "{name}: title");
                    k += 1;
                }
                if !t.note.is_empty() {
                    assert_eq!(field(k, 0), t.note, "{name}: filter note");
                    k += 1;
                }
                let header: Vec<String> =
                    records[k].as_array().unwrap().iter().map(|v| v.as_str().unwrap().into()).collect();
                assert_eq!(header[..t.headers.len()], t.headers[..], "{name}: header");
                k += 1;
                for (i, row) in t.rows.iter().enumerate() {
                    let at = format!("{name}: {} row {}", t.title, i + 1);
                    assert_eq!(
                        records[k].as_array().unwrap().len(),
                        t.columns(),
                        "{at}: every record has every column"
                    );
                    for (j, c) in row.iter().enumerate() {
                        let got = field(k, j);
                        match c {
                            export::Cell::Empty => assert_eq!(got, "", "{at}"),
                            export::Cell::Int(n) => assert_eq!(got.parse::<i64>().ok(), Some(*n), "{at}: {got:?}"),
                            export::Cell::Float(x) => {
                                floats += 1;
                                let other = if *decimal == ',' { '.' } else { ',' };
                                assert!(!got.contains(other), "{at}: {got:?} has a decimal {other:?}");
                                let v: f64 =
                                    got.replace(*decimal, ".").parse().unwrap_or_else(|_| panic!("{at}: {got:?}"));
                                assert!((v - x).abs() <= 0.005 + 1e-9, "{at}: {v} != {x}");
                            }
                            export::Cell::Text(s) => assert_eq!(got, export::defuse_formula(s), "{at}"),
                        }
                    }
                    k += 1;
                }
            }
            assert_eq!(k, records.len(), "{name}: nothing after the last table");
        }
    }
    assert!(floats > 0, "the exports hold decimal numbers (agreement), so decimals are checked");
}

// -------------------------------------------------------------------------------------------------
// One language per report (issue 12): a Dutch report holds no English label, in any format.
// -------------------------------------------------------------------------------------------------

/// The words a reader sees in a written file, lower-cased, three letters or more: the text of a
/// .docx (body and document properties, without field codes) or .xlsx (cells and sheet names),
/// the text of HTML and SVG outside their tags and style sheets, other files as they are. Soft
/// hyphens (Word's break hints in headers) are taken out first, character references written out.
fn visible_words(path: &std::path::Path) -> std::collections::BTreeSet<String> {
    let text = visible_text(path);
    text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 3).map(str::to_lowercase).collect()
}

/// The text a reader of `path` sees, words separated by single spaces.
fn visible_text(path: &std::path::Path) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let without = |s: &str, open: &str, close: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find(open) {
            out.push_str(&rest[..i]);
            rest = rest[i..].find(close).map_or("", |j| &rest[i + j + close.len()..]);
        }
        out + rest
    };
    let strip_tags = |s: &str| without(s, "<", ">");
    let text = if bytes.starts_with(b"PK") {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut out = String::new();
        for i in 0..z.len() {
            let mut entry = z.by_index(i).unwrap();
            let name = entry.name().to_string();
            let mut xml = String::new();
            entry.read_to_string(&mut xml).unwrap();
            if name == "xl/workbook.xml" {
                // Sheet names are attributes: <sheet name="Codefrequenties" …/>.
                for part in xml.split("<sheet name=\"").skip(1) {
                    out.push_str(part.split('"').next().unwrap_or(""));
                    out.push('\n');
                }
            } else if name == "word/document.xml"
                || name == "docProps/core.xml"
                || name == "xl/sharedStrings.xml"
                || name.starts_with("xl/worksheets/")
            {
                out.push_str(&strip_tags(&without(&xml, "<w:instrText", "</w:instrText>").replace('>', "> ")));
                out.push('\n');
            }
        }
        out
    } else {
        let s = String::from_utf8(bytes).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html" | "svg") => strip_tags(&without(&s, "<style", "</style>").replace('>', "> ")),
            _ => s,
        }
    };
    let text = unescape(&text).replace('\u{ad}', "");
    // A word a chart cut short ("Interperso…") is a cut name, not a word.
    text.split_whitespace().filter(|w| !w.ends_with('…')).collect::<Vec<_>>().join(" ")
}

/// XML text with its character references written out.
fn unescape(xml: &str) -> String {
    [("&apos;", "'"), ("&#39;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")]
        .iter()
        .fold(xml.to_string(), |s, (entity, c)| s.replace(entity, c))
}

#[test]
fn every_dutch_report_in_every_format_leaves_no_english_label() {
    use export::report::{self, Report};
    use werkbank::core::agreement::{AgreementParams, AgreementUnit, agreement, disagreements_of_pairs};
    let mut f = fixture();
    f.definition_memo();
    let p = &f.p;
    let chapter = "Vertrouwen in gemeente wordt door drie respondenten genoemd (M1, R1, R2). \
        R1 zegt: “Ik heb veel vertrouwen in de gemeente. Het rijk vind ik ver weg.”\n\
        Overleg noemen twee respondenten (A10, M1).";
    // The words of the project (and the chapter) are data: the same in both reports.
    let mut data: Vec<String> = vec![p.name.clone(), chapter.into(), "werkbank".into()];
    data.extend(p.coders.values().map(|c| c.name.clone()));
    data.extend(p.attribute_defs.values().map(|a| a.name.clone()));
    data.extend(
        p.cases
            .values()
            .flat_map(|c| [c.label.clone(), c.description.clone()].into_iter().chain(c.attributes.values().cloned())),
    );
    data.extend(p.codes.values().flat_map(|c| [c.name.clone(), c.description.clone()]));
    data.extend(p.documents.values().flat_map(|d| [d.name.clone(), d.text.to_string(), d.source_name.clone()]));
    data.extend(p.turns.values().map(|t| t.speaker.to_string()));
    data.extend(p.memos.values().flat_map(|m| [m.title.clone(), m.text.clone()]));
    // Words the Dutch labels use as well ("Code", "concept", "(co-occurrence)", "Cohens κ").
    data.extend(export::Label::ALL.iter().map(|l| l.text(Lang::Nl).to_string()));
    let allowed: std::collections::BTreeSet<String> = data
        .iter()
        .flat_map(|s| s.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase).collect::<Vec<_>>())
        .collect();

    let all = Filter::all();
    let bram = Filter::all().coders([f.bram]);
    let both = |lang| ReportOptions { counts: Some(CountsShown::Both), ..ReportOptions::new(lang) };
    let thesis = |lang| ReportOptions {
        counts: Some(CountsShown::Own),
        figure: Figure::Respondents,
        wording: true,
        join_and: true,
        ..ReportOptions::new(lang)
    };
    type Options = fn(Lang) -> ReportOptions;
    let kinds: Vec<(&str, Report, &Filter, Options)> = vec![
        ("codeboom", Report::Codeboom, &all, thesis),
        ("codeboom_both", Report::Codeboom, &bram, both),
        ("frequencies", Report::Frequencies, &bram, both),
        ("frequencies_thesis", Report::Frequencies, &all, thesis),
        ("groups", Report::Groups { by: "functie".into() }, &all, both),
        ("respondents", Report::Respondents, &all, both),
        ("matrix", Report::Matrix { presence: false }, &all, thesis),
        ("presence", Report::Matrix { presence: true }, &all, both),
        ("documents", Report::Documents { presence: false }, &all, both),
        ("cooccurrence", Report::Cooccurrence { mode: CoMode::SameTurn }, &all, both),
        ("quotes", Report::Quotes { code: f.c["V"], subtree: true, style: CitationStyle::label() }, &all, both),
        ("appendix", Report::Appendix { presence: false }, &bram, thesis),
        ("segments", Report::Segments, &all, both),
        ("memos", Report::Memos, &all, both),
        (
            "codebook",
            Report::Codebook { example: export::tables::ExampleQuote::First, style: CitationStyle::label() },
            &all,
            both,
        ),
        ("bar", Report::BarChart, &bram, thesis),
        ("heatmap", Report::Heatmap, &all, both),
        ("cooccurrence_heatmap", Report::CooccurrenceHeatmap { mode: CoMode::SameDocument }, &all, both),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str, lang: Lang, ext: &str| dir.path().join(format!("{name}_{}.{ext}", lang.code()));
    let mut written: Vec<(String, std::path::PathBuf, std::path::PathBuf)> = Vec::new();
    for (name, r, filter, options) in &kinds {
        let formats: &[&str] = if r.is_chart() { &["svg"] } else { &["docx", "xlsx", "csv", "html", "md", "txt"] };
        for ext in formats {
            for lang in Lang::ALL {
                let csv = export::csv::CsvOptions::standard();
                report::write(p, r, filter, &options(lang), csv, &path(name, lang, ext))
                    .unwrap_or_else(|e| panic!("{name}.{ext}: {e}"));
            }
            written.push((format!("{name}.{ext}"), path(name, Lang::En, ext), path(name, Lang::Nl, ext)));
        }
    }
    // The agreement report and the chapter check, in every format they are written in.
    let params = AgreementParams { coders: vec![f.anna, f.bram], unit: AgreementUnit::Segment, ..Default::default() };
    let r = agreement(p, &params);
    let d = disagreements_of_pairs(p, &r);
    for ext in ["docx", "xlsx", "csv", "html", "md", "txt"] {
        for lang in Lang::ALL {
            let blocks = export::agreement::agreement_blocks(p, &r, &d, lang);
            let title = export::agreement::document_title(p, lang);
            let csv = export::csv::CsvOptions::standard();
            export::write_report_in(&path("agreement", lang, ext), &title, &blocks, csv, lang).unwrap();
        }
        written.push((format!("agreement.{ext}"), path("agreement", Lang::En, ext), path("agreement", Lang::Nl, ext)));
    }
    for ext in ["docx", "xlsx", "csv", "html"] {
        for lang in Lang::ALL {
            let check = werkbank::check::check_chapter(
                p,
                chapter,
                &werkbank::check::CheckOptions { lang, ..Default::default() },
            );
            werkbank::check::report::write(&path("check", lang, ext), &check, "hoofdstuk4.docx", chapter, &p.name)
                .unwrap();
        }
        written.push((format!("check.{ext}"), path("check", Lang::En, ext), path("check", Lang::Nl, ext)));
    }

    let mut problems = Vec::new();
    for (what, en, nl) in &written {
        // "Co-occurrence" is an English word the Dutch labels borrow as a technical term: a Dutch
        // report says "samen voorkomen" and gives the term in brackets only.
        let dutch = visible_text(nl).to_lowercase();
        if dutch.matches("co-occurrence").count() != dutch.matches("(co-occurrence)").count() {
            problems.push(format!("{what}: 'co-occurrence' outside brackets"));
        }
        let (en, nl) = (visible_words(en), visible_words(nl));
        // A word of the English report that is no data and no Dutch label is an English label:
        // it must not be in the Dutch report.
        let left: Vec<&String> = en.iter().filter(|w| !allowed.contains(*w) && nl.contains(*w)).collect();
        if !left.is_empty() {
            problems.push(format!("{what}: {left:?}"));
        }
        // And the check can fail: the English report has labels of its own.
        assert!(en.iter().any(|w| !allowed.contains(w)), "{what}: no English label found at all");
    }
    assert!(written.len() >= 90, "{}", written.len());
    assert!(problems.is_empty(), "English labels in Dutch reports:\n{}", problems.join("\n"));
}

/// The text of the paragraph in Word's Title style and the document properties' title.
fn word_titles(bytes: &[u8]) -> (String, String) {
    let doc = unzip(bytes, "word/document.xml");
    let at = doc.find("w:val=\"Title\"").expect("a paragraph in the Title style");
    let para = &doc[at..doc[at..].find("</w:p>").map_or(doc.len(), |e| at + e)];
    let text: String = para
        .split("<w:t")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest.split("</w:t>").next().unwrap_or("")))
        .collect();
    let core = unzip(bytes, "docProps/core.xml");
    let title = core.split("<dc:title>").nth(1).and_then(|t| t.split("</dc:title>").next()).unwrap_or("");
    (text, title.to_string())
}

#[test]
fn every_word_file_opens_with_what_it_is_and_of_which_project() {
    use export::report::{self, Report};
    let mut f = fixture();
    f.definition_memo();
    let all = Filter::all();
    let project = "Vertrouwen in het openbaar bestuur";
    let kinds: Vec<(Report, &str, &str)> = vec![
        (Report::Frequencies, "Codefrequenties", "Code frequencies"),
        (Report::Codeboom, "Codeboom", "Code tree"),
        (Report::Matrix { presence: false }, "Coderingen per respondent", "Codings per respondent"),
        (Report::Matrix { presence: true }, "Genoemde codes per respondent", "Codes named per respondent"),
        (Report::Documents { presence: false }, "Coderingen per document", "Codings per document"),
        (Report::Groups { by: "functie".into() }, "Codefrequenties per functie", "Code frequencies by functie"),
        (Report::Respondents, "Respondentenoverzicht", "Respondent overview"),
        (
            Report::Cooccurrence { mode: CoMode::SameRespondent },
            "Samen voorkomen van codes (co-occurrence): aantal respondenten met beide codes",
            "Co-occurrence: respondents with both codes",
        ),
        (
            Report::Quotes { code: f.c["V"], subtree: true, style: CitationStyle::label() },
            "Citaten: Vertrouwen",
            "Quotes: Vertrouwen",
        ),
        (Report::Appendix { presence: false }, "Bijlage", "Appendix"),
        (Report::Segments, "Gecodeerde fragmenten", "Coded segments"),
        (Report::Memos, "Memo's", "Memos"),
        (
            Report::Codebook { example: export::tables::ExampleQuote::First, style: CitationStyle::label() },
            "Codeboek",
            "Codebook",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (r, nl, en) in &kinds {
        for (lang, what) in [(Lang::Nl, nl), (Lang::En, en)] {
            // A branch and own counts change the tables' captions, not what the document is.
            let o =
                ReportOptions { branch: Some(f.c["V"]), counts: Some(CountsShown::Own), ..ReportOptions::new(lang) };
            let path = dir.path().join(format!("{what}.docx"));
            report::write(&f.p, r, &all, &o, export::csv::CsvOptions::standard(), &path).unwrap();
            let want = format!("{what} — {project}");
            assert_eq!(report::document_title(&f.p, r, &o), want);
            let (line, property) = word_titles(&std::fs::read(&path).unwrap());
            assert_eq!(unescape(&line), want, "the title line of {what}");
            assert_eq!(unescape(&property), want, "the document title of {what}");
            // Nor does the document repeat what it is as a heading under its title.
            let plain = dir.path().join(format!("{what} (plain).docx"));
            report::write(&f.p, r, &all, &ReportOptions::new(lang), export::csv::CsvOptions::standard(), &plain)
                .unwrap();
            let doc = unzip(&std::fs::read(&plain).unwrap(), "word/document.xml");
            assert!(!doc.contains(&format!(">{what}</w:t>")), "{what} is said twice: title and heading");
        }
    }
}
