//! What the app's kittests share: letting frames run while work is on a worker thread.

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
