//! Work that takes seconds (reading and parsing a folder of transcripts, writing an export,
//! preparing a merge, copying a backup) runs on a worker thread, so the window keeps drawing,
//! shows how far it is, and can be cancelled.
//!
//! A [`Job`] is a `std::thread` plus a channel for its one result, a shared counter of finished
//! steps and a shared state the worker checks between steps. The worker gets owned inputs (a
//! clone of the project, which shares transcript texts), never the session: the result comes
//! back as plain data and the frame that receives it turns it into a dialog or one edit, so every
//! change still goes through `Session::perform` on the UI thread.
//!
//! Cancelling and finishing race: a worker that writes a file asks [`Progress::commit`] right
//! before the file is renamed into place (the writers in `crate::output` do this through
//! [`crate::output::with_commit_gate`]). Only one of the two wins: a cancelled job never renames
//! its file (the temporary file goes away), and a job past that point finishes and reports what
//! it wrote ([`Job::cancel`] then returns false). Hand-written because it is a few lines over
//! `std` and needs no async runtime.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};

const RUNNING: u8 = 0;
const CANCELLED: u8 = 1;
const COMMITTED: u8 = 2;

/// Lets a test drive a job step by step: a held job waits for one message before it starts and
/// after every step (a closed channel lets it run freely).
#[derive(Clone)]
pub struct Hold(Arc<Mutex<Receiver<()>>>);

impl Hold {
    /// A hold and the sender that releases one step per message.
    pub fn new() -> (Hold, Sender<()>) {
        let (tx, rx) = channel();
        (Hold(Arc::new(Mutex::new(rx))), tx)
    }

    fn wait(&self) {
        if let Ok(rx) = self.0.lock() {
            let _ = rx.recv();
        }
    }
}

/// What the worker sees: report a finished step, ask whether the user cancelled.
#[derive(Clone)]
pub struct Progress {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    state: Arc<AtomicU8>,
    hold: Option<Hold>,
}

impl Progress {
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
        if let Some(h) = &self.hold {
            h.wait();
        }
    }

    /// For work that learns its size as it goes (a backup being copied): the steps so far and
    /// in all. A held job waits here as after a step.
    pub fn set(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        if let Some(h) = &self.hold {
            h.wait();
        }
    }

    pub fn cancelled(&self) -> bool {
        self.state.load(Ordering::Acquire) == CANCELLED
    }

    /// The point of no return (a file about to be renamed into place): true when the job goes
    /// on (it can no longer be cancelled), false when it was cancelled before.
    pub fn commit(&self) -> bool {
        match self.state.compare_exchange(RUNNING, COMMITTED, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => true,
            Err(now) => now == COMMITTED,
        }
    }

    /// Runs `work` with the file writers asking [`Progress::commit`] before they rename.
    pub fn writing<T>(&self, work: impl FnOnce() -> T) -> T {
        let p = self.clone();
        crate::output::with_commit_gate(move || p.commit(), work)
    }
}

/// A running piece of background work producing one `T` (`None` when it was cancelled).
pub struct Job<T> {
    pub label: String,
    progress: Progress,
    rx: Receiver<Option<T>>,
}

/// What polling a job found.
pub enum Poll<T> {
    Running,
    Done(T),
    Cancelled,
    /// The worker died without an answer (a panic inside a parser).
    Failed,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a worker thread; `total` is the number of steps it will report (0: it
    /// cannot say, the progress bar just shows that it is working).
    pub fn spawn(label: impl Into<String>, total: usize, work: impl FnOnce(&Progress) -> T + Send + 'static) -> Self {
        Self::spawn_held(label, total, None, work)
    }

    /// [`Job::spawn`], waiting on `hold` before it starts and after every step (tests).
    pub fn spawn_held(
        label: impl Into<String>,
        total: usize,
        hold: Option<Hold>,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Self {
        let progress = Progress {
            done: Arc::new(AtomicUsize::new(0)),
            total: Arc::new(AtomicUsize::new(total)),
            state: Arc::new(AtomicU8::new(RUNNING)),
            hold,
        };
        let (tx, rx) = channel();
        let p = progress.clone();
        std::thread::spawn(move || {
            if let Some(h) = &p.hold {
                h.wait();
            }
            let out = if p.cancelled() { None } else { Some(work(&p)) };
            let _ = tx.send(out.filter(|_| !p.cancelled()));
        });
        Job { label: label.into(), progress, rx }
    }

    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(Some(v)) => Poll::Done(v),
            Ok(None) => Poll::Cancelled,
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Failed,
        }
    }

    /// Asks the worker to stop at its next step; its result is then dropped. False when the job
    /// is past its point of no return (writing its file into place): it finishes instead.
    pub fn cancel(&self) -> bool {
        match self.progress.state.compare_exchange(RUNNING, CANCELLED, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => true,
            Err(now) => now == CANCELLED,
        }
    }

    /// Whether Cancel was pressed (the worker may still be winding down).
    pub fn cancelling(&self) -> bool {
        self.progress.cancelled()
    }

    /// (finished steps, all steps); all steps is 0 when the job cannot count them.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.progress.done.load(Ordering::Relaxed);
        let total = self.progress.total.load(Ordering::Relaxed);
        (if total > 0 { done.min(total) } else { done }, total)
    }
}

/// A file's name as a job's label names it ("Writing bijlage.docx…").
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(job: &Job<T>) -> Poll<T> {
        for _ in 0..500 {
            match job.poll() {
                Poll::Running => std::thread::sleep(std::time::Duration::from_millis(10)),
                other => return other,
            }
        }
        panic!("the job never finished");
    }

    #[test]
    fn a_job_reports_its_steps_and_hands_back_its_result() {
        let job = Job::spawn("count", 3, |p| {
            for _ in 0..3 {
                p.step();
            }
            42
        });
        assert!(matches!(wait(&job), Poll::Done(42)));
        assert_eq!(job.progress(), (3, 3));
    }

    #[test]
    fn a_cancelled_job_stops_at_its_next_step_and_its_result_is_dropped() {
        let job = Job::spawn("endless", 10, |p| {
            let mut n = 0;
            while !p.cancelled() {
                std::thread::sleep(std::time::Duration::from_millis(2));
                n += 1;
            }
            n
        });
        assert!(matches!(job.poll(), Poll::Running), "still working until cancelled");
        job.cancel();
        assert!(matches!(wait(&job), Poll::Cancelled));
    }

    #[test]
    fn a_file_written_by_a_cancelled_job_is_never_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("table.csv");
        let (hold, release) = Hold::new();
        let target = path.clone();
        let job = Job::spawn_held("export", 0, Some(hold), move |p| {
            p.writing(|| crate::output::write_bytes(&target, b"a;b\n"))
        });
        assert!(job.cancel(), "not yet at its point of no return");
        drop(release);
        assert!(matches!(wait(&job), Poll::Cancelled));
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary file is left");
    }

    #[test]
    fn a_job_putting_its_file_in_place_finishes_instead_of_being_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("table.csv");
        let (tx, rx) = channel::<()>();
        let target = path.clone();
        let job = Job::spawn("export", 0, move |p| {
            let r = p.writing(|| crate::output::write_bytes(&target, b"a;b\n"));
            let _ = rx.recv();
            r.is_ok()
        });
        while !path.exists() {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert!(!job.cancel(), "too late: the file is in place");
        drop(tx);
        assert!(matches!(wait(&job), Poll::Done(true)), "its result is reported");
    }

    #[test]
    fn a_worker_that_panics_is_reported_not_waited_for_forever() {
        let job: Job<()> = Job::spawn("broken", 1, |_| panic!("parser bug"));
        assert!(matches!(wait(&job), Poll::Failed));
    }
}
