//! A thesis keeps a table of respondents; importing it gives typed attributes in one step.

use werkbank::core::AttributeKind;
use werkbank::core::actions::{self};
use werkbank::respondents::import_table;
use werkbank::session::Session;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/transcripts/qualcoder_cases123.csv");

#[test]
fn qualcoders_case_table_becomes_three_respondents_with_typed_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(&dir.path().join("p.werkbank"), "p", "Anna").unwrap();
    let csv = std::fs::read_to_string(FIXTURE).unwrap();
    s.perform(import_table(s.project(), &csv).unwrap()).unwrap();
    let p = s.project();
    assert_eq!(p.cases.len(), 3);
    let id2 = p.case_by_label("ID2").unwrap();
    assert_eq!(id2.attributes["interest"], "performing arts");
    assert_eq!(id2.attributes["Age"], "22");
    let kind = |n: &str| p.attribute_defs.values().find(|d| d.name == n).unwrap().kind;
    assert_eq!(kind("Age"), AttributeKind::Integer);
    assert_eq!(kind("gender"), AttributeKind::Text);
    // Importing again changes nothing; a Dutch Excel table with ';' updates values.
    assert!(import_table(s.project(), &csv).unwrap().is_empty());
    let dutch = "\u{feff}case;Age;functie\nID1;21;beleidsadviseur\nM1;;wethouder\n";
    s.perform(import_table(s.project(), dutch).unwrap()).unwrap();
    let p = s.project();
    assert_eq!(p.case_by_label("ID1").unwrap().attributes["Age"], "21");
    assert_eq!(p.case_by_label("M1").unwrap().attributes["functie"], "wethouder");
    assert!(!p.case_by_label("M1").unwrap().attributes.contains_key("Age"));
    // A value that does not fit an integer attribute is refused by the editor...
    let m1 = p.case_by_label("M1").unwrap().id;
    assert!(
        actions::change_case(p, m1, "Set", |c| {
            c.attributes.insert("Age".into(), "oud".into());
        })
        .is_err()
    );
    // ...while a table with such a value widens the column to text.
    s.perform(import_table(s.project(), "case,Age\nM1,onbekend\n").unwrap()).unwrap();
    assert_eq!(s.project().attribute_defs.values().find(|d| d.name == "Age").unwrap().kind, AttributeKind::Text);
    assert!(import_table(s.project(), "").is_err());
    assert!(import_table(s.project(), "case,Age\n,3\n").unwrap_err().to_string().contains("row 2"));
}
