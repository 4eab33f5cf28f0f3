//! Survey and respondent tables: a student's 57-respondent survey, exported from Excel (Dutch
//! settings), Google Sheets, LibreOffice, becomes respondents with typed attributes and open
//! answers to code, in one undoable step, after a preview that writes nothing.

use std::path::{Path, PathBuf};
use werkbank::core::AttributeKind;
use werkbank::import::table::{Limits, TableError, Value, read_table, read_table_bytes};
use werkbank::respondents::{self, ColumnUse};
use werkbank::session::Session;
use werkbank::survey::{self, Layout};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/survey").join(rel)
}

fn new_project(dir: &Path) -> Session {
    Session::create(&dir.join("survey.werkbank"), "survey", "Anna").unwrap()
}

const Q1: &str = "Wat betekent samenwerking voor u?";
const Q2: &str = "Wat zou u willen veranderen?";

#[test]
fn the_same_survey_reads_the_same_from_excel_csv_google_csv_xlsx_and_ods() {
    let nl = read_table(&fixture("survey_57_excel_nl.csv")).unwrap();
    assert!(nl.source.contains("';'"), "{}", nl.source);
    assert!(
        nl.warnings.iter().any(|w| w.to_string().contains("1252")),
        "the guessed encoding is named: {:?}",
        nl.warnings
    );
    let utf8 = read_table(&fixture("survey_57_utf8.csv")).unwrap();
    let xlsx = read_table(&fixture("survey_57.xlsx")).unwrap();
    let ods = read_table(&fixture("survey_57.ods")).unwrap();
    let texts = |t: &werkbank::import::table::Table| -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.iter().map(Value::text).collect()).collect()
    };
    for t in [&utf8, &xlsx, &ods] {
        assert_eq!(t.headers, nl.headers);
        assert_eq!(texts(t), texts(&nl));
    }
    assert_eq!(nl.rows.len(), 57);
    assert_eq!(nl.headers[6], Q1);
    // A quoted answer over two lines stays one cell; `ö` and `–` survive Windows-1252.
    let s15 = nl.rows.iter().find(|r| r[0].text() == "S15").unwrap();
    assert_eq!(s15[6].text(), "Eerlijk gezegd: vergaderen. Veel vergaderen.\nMaar soms levert het écht iets op.");
    assert!(nl.rows.iter().any(|r| r[3].text() == "coördinator"));
    // Spreadsheets keep their types: ages are numbers, start dates dates.
    assert!(matches!(xlsx.rows[0][2], Value::Number(n) if n == 58.0));
    assert!(matches!(xlsx.rows[0][5], Value::Date(_)));
    assert!(matches!(ods.rows[0][5], Value::Date(_)));
}

#[test]
fn a_student_imports_the_57_row_survey_from_dutch_excel_one_document_per_respondent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_project(dir.path());
    let table = read_table(&fixture("survey_57_excel_nl.csv")).unwrap();
    let info = respondents::describe_columns(&table);
    let choice = survey::propose(&table, &info);
    // Proposed: the id column, the two questions as answers, everything else as attributes.
    assert_eq!(choice.respondent, 0);
    assert_eq!(choice.answers, vec![6, 7]);
    assert_eq!(choice.attributes, vec![1, 2, 3, 4, 5]);
    assert_eq!(choice.layout, Layout::PerRespondent);
    let (edit, plan) = survey::plan(s.project(), &table, &choice, "survey_57_excel_nl.csv").unwrap();
    assert_eq!(plan.respondents.new_respondents.len(), 57);
    assert_eq!(plan.answers, 57 + 46);
    assert_eq!(plan.skipped_empty, 11);
    s.perform(edit).unwrap();
    let p = s.project();
    assert_eq!(p.cases.len(), 57);
    assert_eq!(p.documents.len(), 57, "every respondent answered at least one question");
    let kind = |n: &str| p.attribute_defs.values().find(|d| d.name == n).unwrap().kind;
    assert_eq!(kind("Leeftijd"), AttributeKind::Integer);
    assert_eq!(kind("Dienstjaren"), AttributeKind::Integer);
    assert_eq!(kind("Startdatum"), AttributeKind::Date);
    assert_eq!(kind("Functie"), AttributeKind::Text);
    assert!(!p.attribute_defs.values().any(|d| d.name == Q1), "answers are no attributes");
    let s15 = p.case_by_label("S15").unwrap();
    assert_eq!(s15.attributes["Leeftijd"], "36");
    assert_eq!(s15.attributes["Geslacht"], "man");
    // S15's document: the question as heading, the answer (two lines) as S15's turn; the empty
    // second answer is left out.
    let doc = p.document_by_name("S15").unwrap();
    assert_eq!(doc.case, Some(s15.id));
    assert_eq!(
        &*doc.text,
        format!("{Q1}\nEerlijk gezegd: vergaderen. Veel vergaderen.\nMaar soms levert het écht iets op.").as_str()
    );
    let turns = p.turns_of_document(doc.id);
    assert_eq!(turns.len(), 1);
    let said: String = doc.text.chars().skip(turns[0].start).take(turns[0].end - turns[0].start).collect();
    assert!(said.starts_with("Eerlijk gezegd") && said.ends_with("iets op."), "{said}");
    assert_eq!(turns[0].case, Some(s15.id));
    // A coding in an answer counts for its respondent.
    assert_eq!(p.case_at(doc.id, turns[0].start + 3), Some(s15.id));
    // All of it is one undo step.
    s.undo().unwrap();
    assert!(s.project().cases.is_empty() && s.project().documents.is_empty() && s.project().attribute_defs.is_empty());
}

#[test]
fn one_document_per_question_has_a_turn_per_respondent_attributed_to_that_respondent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_project(dir.path());
    // The researcher already interviewed S03 and recorded her function; the survey adds to her.
    let (s03, e) = werkbank::core::actions::add_case(s.project(), "S03").unwrap();
    s.perform(e).unwrap();
    let table = read_table(&fixture("survey_57.xlsx")).unwrap();
    let info = respondents::describe_columns(&table);
    let mut choice = survey::propose(&table, &info);
    choice.layout = Layout::PerQuestion;
    choice.set_use(4, ColumnUse::Ignore); // Dienstjaren not wanted
    let (edit, plan) = survey::plan(s.project(), &table, &choice, "survey_57.xlsx").unwrap();
    assert_eq!(plan.respondents.existing_respondents, vec!["S03".to_string()]);
    assert_eq!(plan.documents, vec![(Q1.to_string(), 57), (Q2.to_string(), 46)]);
    s.perform(edit).unwrap();
    let p = s.project();
    assert_eq!(p.cases.len(), 57, "S03 matched by label, not created twice");
    assert_eq!(p.cases[&s03].attributes["Functie"], "docent");
    assert!(!p.cases[&s03].attributes.contains_key("Dienstjaren"));
    let doc = p.document_by_name(Q2).unwrap();
    assert_eq!(doc.case, None);
    let turns = p.turns_of_document(doc.id);
    assert_eq!(turns.len(), 46);
    for t in &turns {
        let said: String = doc.text.chars().skip(t.start).take(t.end - t.start).collect();
        let label = &p.cases[&t.case.unwrap()].label;
        assert_eq!(&t.speaker, label);
        assert!(said.starts_with(&format!("{label}: ")), "{said}");
    }
    // S05 left question 2 empty: no turn of S05 there.
    let s05 = p.case_by_label("S05").unwrap().id;
    assert!(!turns.iter().any(|t| t.case == Some(s05)));
}

#[test]
fn bad_tables_get_clear_errors_not_garbage() {
    // An old .xls or a Numbers file is named, with what to do.
    let err = read_table_bytes("antwoorden.xls", b"\xd0\xcf\x11\xe0", Limits::default()).unwrap_err();
    assert!(err.to_string().contains(".xlsx"), "{err}");
    // Limits: rows, columns, cell length.
    let small = Limits { max_rows: 3, max_columns: 3, max_cell_chars: 10 };
    let many_rows = "id,a\n1,x\n2,x\n3,x\n4,x\n";
    assert!(matches!(read_table_bytes("t.csv", many_rows.as_bytes(), small), Err(TableError::TooManyRows(3))));
    assert!(matches!(read_table_bytes("t.csv", b"a,b,c,d\n1,2,3,4\n", small), Err(TableError::TooManyColumns(3))));
    let long = "id,a\n1,\"eleven char\"\n";
    assert!(matches!(
        read_table_bytes("t.csv", long.as_bytes(), small),
        Err(TableError::CellTooLong { row: 2, column: 2, .. })
    ));
    // A damaged spreadsheet is an error, not a panic.
    let mut broken = std::fs::read(fixture("survey_57.xlsx")).unwrap();
    broken.truncate(broken.len() / 2);
    assert!(read_table_bytes("t.xlsx", &broken, Limits::default()).is_err());
    // Tab-separated exports work; the respondent column must be filled and unique.
    let t = read_table_bytes("t.tsv", b"ID\tLeeftijd\nR1\t9\nR1\t10\n", Limits::default()).unwrap();
    let err = respondents::import_respondents(&Default::default(), &t, 0, &[1]).unwrap_err();
    assert_eq!(err.to_string(), "row 3: respondent 'R1' already appears on row 2");
    // No answer column chosen: the survey import says what to do.
    let t = read_table(&fixture("survey_57_utf8.csv")).unwrap();
    let choice =
        survey::SurveyChoice { respondent: 0, answers: vec![], attributes: vec![1], layout: Layout::PerRespondent };
    assert!(survey::plan(&Default::default(), &t, &choice, "x").unwrap_err().to_string().contains("open answers"));
}

/// The survey imported one document per respondent, every first answer coded "samenwerking".
fn coded_survey(dir: &Path) -> (Session, werkbank::core::model::Id) {
    let mut s = new_project(dir);
    let table = read_table(&fixture("survey_57_excel_nl.csv")).unwrap();
    let choice = survey::propose(&table, &respondents::describe_columns(&table));
    s.perform(survey::plan(s.project(), &table, &choice, "survey.csv").unwrap().0).unwrap();
    let code = s
        .run(|p| {
            werkbank::core::actions::add_code(
                p,
                werkbank::core::actions::NewCode {
                    parent: None,
                    name: "samenwerking",
                    kind: None,
                    color: None,
                    description: "",
                },
            )
        })
        .unwrap();
    let coder = s.coder();
    let firsts: Vec<(werkbank::core::model::Id, usize, usize)> = s
        .project()
        .documents
        .keys()
        .map(|&d| {
            let t = s.project().turns_of_document(d)[0];
            (d, t.start, t.end)
        })
        .collect();
    s.perform(werkbank::core::actions::code_ranges(s.project(), &firsts, code, coder).unwrap()).unwrap();
    (s, code)
}

#[test]
fn filters_and_group_tables_compare_numbers_as_numbers() {
    use werkbank::core::analysis::{AttributeFilter, Filter, code_frequencies, frequencies_by_group};
    let dir = tempfile::tempdir().unwrap();
    let (s, code) = coded_survey(dir.path());
    let p = s.project();
    let years = |label: &str| p.case_by_label(label).unwrap().attributes["Dienstjaren"].parse::<i64>().unwrap();
    let respondents_where = |cond: &str| -> usize {
        let f = Filter::all().attribute_where(AttributeFilter::parse(cond).unwrap());
        code_frequencies(p, &f).iter().find(|r| r.code == code).unwrap().own.respondents.len()
    };
    // "5" > "10" as text; as numbers 5 < 10. Every respondent with fewer than 10 years counts.
    let under_10 = p.cases.values().filter(|c| years(&c.label) < 10).count();
    assert!(p.cases.values().any(|c| years(&c.label) == 5), "the fixture has 5-year respondents");
    assert_eq!(respondents_where("Dienstjaren<10"), under_10);
    assert_eq!(respondents_where("Dienstjaren >= 10"), 57 - under_10);
    let forty_plus = p.cases.values().filter(|c| c.attributes["Leeftijd"].parse::<i64>().unwrap() >= 40).count();
    assert_eq!(respondents_where("Leeftijd>=40"), forty_plus);
    assert_eq!(
        respondents_where("Functie=docent"),
        p.cases.values().filter(|c| c.attributes["Functie"] == "docent").count()
    );
    assert_eq!(
        respondents_where("Functie!=docent"),
        p.cases.values().filter(|c| c.attributes["Functie"] != "docent").count()
    );
    // The group table lists years of service in numeric order: 1, 2, 3, 5, 7, 10, 12, 25.
    let groups: Vec<String> =
        frequencies_by_group(p, &Filter::all(), "Dienstjaren", false).groups.into_iter().map(|g| g.value).collect();
    assert_eq!(groups, ["1", "2", "3", "5", "7", "10", "12", "25"]);
}

#[test]
fn decimal_comma_values_from_dutch_excel_are_numbers_in_filters_and_groups() {
    use werkbank::core::analysis::{AttributeFilter, Filter, code_frequencies, filter_warnings, frequencies_by_group};
    let dir = tempfile::tempdir().unwrap();
    let (mut s, code) = coded_survey(dir.path());
    // Hours of consultation per week, as Dutch Excel writes them: decimal commas, `;` separated.
    let hours = "Respondent;Uren overleg\nS01;4,5\nS02;4,25\nS03;10\nS04;-1,5\n";
    s.perform(respondents::import_table(s.project(), hours).unwrap()).unwrap();
    let p = s.project();
    assert_eq!(p.attribute_defs.values().find(|d| d.name == "Uren overleg").unwrap().kind, AttributeKind::Float);
    let who = |cond: &str| -> Vec<String> {
        let f = Filter::all().attribute_where(AttributeFilter::parse(cond).unwrap());
        code_frequencies(p, &f).iter().find(|r| r.code == code).unwrap().own.respondent_labels.clone()
    };
    // As text "4,25" > "4,3" and "10" < "4,3"; as numbers they are not.
    assert_eq!(who("Uren overleg > 4,3"), ["S01", "S03"]);
    assert_eq!(who("Uren overleg<0"), ["S04"]);
    assert_eq!(who("Uren overleg=4,50"), ["S01"], "4,50 is 4,5");
    let groups: Vec<String> =
        frequencies_by_group(p, &Filter::all(), "Uren overleg", false).groups.into_iter().map(|g| g.value).collect();
    assert_eq!(groups, ["-1,5", "4,25", "4,5", "10", ""]);
    // A filter nobody matches says so, listing the values in numeric order.
    let none = Filter::all().attribute_where(AttributeFilter::parse("Uren overleg>=100").unwrap());
    let w = filter_warnings(p, &none);
    assert_eq!(w[0].to_string(), "no respondent has Uren overleg >= 100 (values of Uren overleg: -1,5, 4,25, 4,5, 10)");
}
