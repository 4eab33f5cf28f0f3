//! A user who needs help finds out exactly what she runs — version, commit, build date, licence —
//! and can hand over a diagnostic block that holds figures only, never a name or a quote.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::process::Command;
use werkbank::ui::{Settings, WerkbankApp};

#[test]
fn version_names_the_commit_the_build_date_the_licence_and_the_home_page() {
    let out = Command::new(env!("CARGO_BIN_EXE_werkbank")).arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with(&format!("werkbank {} (commit ", env!("CARGO_PKG_VERSION"))), "{first}");
    let date = first.rsplit("built ").next().unwrap().trim_end_matches(')');
    assert!(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(), "build date {date:?}");
    assert!(text.contains("MIT OR Apache-2.0"), "{text}");
    assert!(text.contains("https://"), "{text}");
}

fn demo_app() -> (tempfile::TempDir, Harness<'static, WerkbankApp>) {
    let dir = tempfile::tempdir().unwrap();
    let s = werkbank::demo::create_demo_project(&dir.path().join("demo.werkbank"), "Anna").unwrap();
    let h = Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .build_ui_state(|ui, app: &mut WerkbankApp| app.ui(ui), WerkbankApp::with_session(s, Settings::in_memory()));
    (dir, h)
}

#[test]
fn help_about_shows_the_build() {
    let (_dir, mut h) = demo_app();
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About Werkbank").click();
    h.run();
    h.get_by_label_contains(&format!("Version {}", werkbank::about::VERSION));
    h.get_by_label_contains(werkbank::about::COMMIT);
    h.get_by_label_contains("MIT OR Apache-2.0");
}

#[test]
fn report_a_problem_copies_figures_but_no_content() {
    let (_dir, mut h) = demo_app();
    h.run();
    let (names, texts): (Vec<String>, Vec<String>) = {
        let p = h.state().session().unwrap().project();
        (
            p.documents.values().map(|d| d.name.clone()).chain(p.cases.values().map(|c| c.label.clone())).collect(),
            p.documents.values().map(|d| d.text.chars().take(40).collect()).collect(),
        )
    };
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Report a problem (copy diagnostics)").click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "one block copied: {copied:?}");
    let block = &copied[0];
    assert!(block.contains(&format!("Werkbank {}", werkbank::about::VERSION)), "{block}");
    assert!(block.contains("4 documents"), "{block}");
    assert!(block.contains(std::env::consts::OS), "{block}");
    for n in names.iter().chain(&texts) {
        assert!(!block.contains(n.as_str()), "diagnostics leak {n:?}: {block}");
    }
}

#[test]
fn bench_reports_the_binary_size_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_werkbank"))
        .args(["bench", "--only", "install", "--json", "--dir"])
        .arg(dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let size = std::fs::metadata(env!("CARGO_BIN_EXE_werkbank")).unwrap().len() as f64 / 1024.0 / 1024.0;
    let detail = v["results"]["binary size"]["detail"].as_str().unwrap();
    assert!(detail.starts_with(&format!("{size:.1} MiB")), "{detail} vs {size:.1}");
    assert!(v["results"]["cold start to first frame"]["detail"].as_str().unwrap().contains("no display"));
    // The figures a script compares are numbers under stable keys, not text inside `detail`.
    let mib = v["results"]["binary size"]["mib"].as_f64().expect("binary size as a number");
    assert!((mib - size).abs() < 0.01, "{mib} vs {size}");
    let peak = v["peak_memory_mib"].as_f64().expect("peak memory as a number");
    assert!(peak > 1.0 && peak < 4096.0, "peak memory of the bench run: {peak} MiB");
    assert!(v["machine"].is_string());
    for (what, figure) in v["results"].as_object().unwrap() {
        assert!(figure["seconds"].is_number(), "{what}: {figure}");
    }
}

/// "Open with Werkbank" on a REFI-QDA export from another tool: a new project appears beside it,
/// holding the import; nothing existing is overwritten, and a broken file leaves nothing behind.
#[test]
fn opening_a_qdpx_makes_a_new_project_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let qdpx = dir.path().join("vaccine.qdpx");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/refi/nvivo12mac_vaccine_comments.qdpx"), &qdpx)
        .unwrap();
    let mut app = WerkbankApp::start_screen(Settings::in_memory());
    app.open_exchange_file(&qdpx);
    let s = app.session().expect("a project is open");
    assert_eq!(s.path(), dir.path().join("vaccine.werkbank"));
    assert_eq!(s.project().documents.len(), 2);
    assert!(s.project().codings.len() > 250, "{} codings", s.project().codings.len());
    let mut again = WerkbankApp::start_screen(Settings::in_memory());
    again.open_exchange_file(&qdpx);
    assert_eq!(again.session().unwrap().path(), dir.path().join("vaccine (2).werkbank"));

    let broken = dir.path().join("broken.qdpx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let mut app = WerkbankApp::start_screen(Settings::in_memory());
    app.open_exchange_file(&broken);
    assert!(app.session().is_none());
    assert!(app.status().unwrap().error);
    assert!(!dir.path().join("broken.werkbank").exists());
}
