//! What the app's kittests share: letting frames run while work is on a worker thread, and the
//! temporary files a cancelled writer must not leave behind.

use egui_kittest::Harness;
use werkbank::ui::WerkbankApp;

/// Lets the frames run until the work on the worker thread (an import, an export, a backup) is
/// done; fails the test after about ten seconds.
pub fn wait_for_background_work(h: &mut Harness<'_, WerkbankApp>) {
    for _ in 0..2000 {
        if !h.state().busy() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    panic!("background work did not finish");
}

/// Steps frames until `found` holds (the worker runs on its own thread); fails the test after
/// about ten seconds.
pub fn step_until(
    h: &mut Harness<'static, WerkbankApp>,
    mut found: impl FnMut(&Harness<'static, WerkbankApp>) -> bool,
) {
    for _ in 0..2000 {
        if found(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    panic!("the window never showed what was expected");
}

/// Temporary files a writer left beside its target (none may remain after a cancelled export).
pub fn partial_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial"))
        .collect()
}
