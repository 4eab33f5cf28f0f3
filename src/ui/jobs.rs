//! Work that takes seconds (reading and parsing a folder of transcripts) runs on a worker thread,
//! so the window keeps drawing, shows how far it is, and can be cancelled.
//!
//! A [`Job`] is a `std::thread` plus a channel for its one result, a shared counter of finished
//! steps and a shared cancel flag the worker checks between steps. The worker gets owned inputs
//! (a clone of the project, which shares transcript texts), never the session: the result comes
//! back as plain data and the frame that receives it turns it into a dialog or one edit, so every
//! change still goes through `Session::perform` on the UI thread. Hand-written because it is a
//! few lines over `std` and needs no async runtime.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What the worker sees: report a finished step, ask whether the user cancelled.
#[derive(Clone)]
pub struct Progress {
    done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
}

impl Progress {
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A running piece of background work producing one `T` (`None` when it was cancelled).
pub struct Job<T> {
    pub label: String,
    total: usize,
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
    /// Starts `work` on a worker thread; `total` is the number of steps it will report.
    pub fn spawn(label: impl Into<String>, total: usize, work: impl FnOnce(&Progress) -> T + Send + 'static) -> Self {
        let progress = Progress { done: Arc::new(AtomicUsize::new(0)), cancel: Arc::new(AtomicBool::new(false)) };
        let (tx, rx) = channel();
        let p = progress.clone();
        std::thread::spawn(move || {
            let out = work(&p);
            let _ = tx.send((!p.cancelled()).then_some(out));
        });
        Job { label: label.into(), total, progress, rx }
    }

    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(Some(v)) => Poll::Done(v),
            Ok(None) => Poll::Cancelled,
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Failed,
        }
    }

    /// Asks the worker to stop at its next step; its result is then dropped.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// (finished steps, all steps).
    pub fn progress(&self) -> (usize, usize) {
        (self.progress.done.load(Ordering::Relaxed).min(self.total), self.total)
    }
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
    fn a_worker_that_panics_is_reported_not_waited_for_forever() {
        let job: Job<()> = Job::spawn("broken", 1, |_| panic!("parser bug"));
        assert!(matches!(wait(&job), Poll::Failed));
    }
}
