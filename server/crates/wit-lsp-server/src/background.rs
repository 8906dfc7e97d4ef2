//! Threads for work nobody is waiting on. They run at a lower scheduling priority than the
//! threads that answer requests (tokio's blocking pool), so while the machine is busy a
//! completion or hover typed after an edit is not slowed down by the work that edit started.
//!
//! - [`run`]: package analyses, whose diagnostics are published when ready (one thread per
//!   core, niceness 5). An urgent job (a package with an open document) goes before every
//!   background one (a package found at start-up), and one of the threads takes only urgent
//!   jobs, so a file opened or edited while the workspace's packages are still being
//!   analysed is not queued behind them.
//! - [`run_idle`]: work that only makes something later quicker, such as warming up the
//!   binding-preview cache (one thread, niceness 10): it never holds up an analysis, and
//!   two such jobs run one after the other.

use std::collections::VecDeque;
use std::sync::{Condvar, LazyLock, Mutex, PoisonError};

type Job = Box<dyn FnOnce() + Send>;

/// Niceness of the analysis threads on Linux (0 is normal, 19 the lowest priority). A
/// mild 5 (a third of a normal thread's share when the CPU is contended): at 10 an analysis
/// of a 5 MB file starved for tens of seconds while a build ran beside the editor.
const NICENESS: i32 = 5;

/// Niceness of the idle thread: below the analyses, whose results someone is waiting for.
const IDLE_NICENESS: i32 = 10;

/// Which queue a job joins: the threads take every urgent job before the next one of the
/// background queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Urgency {
    /// Someone is looking at the result (a package with an open document).
    Urgent,
    /// Nobody is waiting (a package found at start-up, say).
    Background,
}

#[derive(Default)]
struct Queues {
    urgent: VecDeque<Job>,
    background: VecDeque<Job>,
}

struct Pool {
    queues: Mutex<Queues>,
    ready: Condvar,
}

impl Pool {
    fn push(&self, urgency: Urgency, job: Job) {
        let mut queues = self.queues.lock().unwrap_or_else(PoisonError::into_inner);
        match urgency {
            Urgency::Urgent => queues.urgent.push_back(job),
            Urgency::Background => queues.background.push_back(job),
        }
        drop(queues);
        // Every thread: the one woken must be able to take the job.
        self.ready.notify_all();
    }

    /// The next job for a thread; one that takes only urgent jobs waits for one.
    fn next(&self, urgent_only: bool) -> Job {
        let mut queues = self.queues.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let job = match queues.urgent.pop_front() {
                Some(job) => Some(job),
                None if urgent_only => None,
                None => queues.background.pop_front(),
            };
            if let Some(job) = job {
                return job;
            }
            queues = self
                .ready
                .wait(queues)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

static POOL: LazyLock<Option<&'static Pool>> = LazyLock::new(|| {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    start("wit-analysis", threads, NICENESS)
});

static IDLE: LazyLock<Option<&'static Pool>> =
    LazyLock::new(|| start("wit-idle", 1, IDLE_NICENESS));

fn start(name: &str, threads: usize, niceness: i32) -> Option<&'static Pool> {
    // The pool lives as long as the process, as its threads do.
    let pool: &'static Pool = Box::leak(Box::new(Pool {
        queues: Mutex::default(),
        ready: Condvar::new(),
    }));
    let mut started = 0;
    for i in 0..threads {
        // With several threads the last one keeps itself for urgent jobs, so an edit of an
        // open file never waits for background analyses that started before it.
        let urgent_only = threads > 1 && i == threads - 1;
        let spawned = std::thread::Builder::new()
            .name(format!("{name}-{i}"))
            .spawn(move || {
                lower_priority(niceness);
                loop {
                    (pool.next(urgent_only))();
                }
            });
        match spawned {
            Ok(_) => started += 1,
            Err(error) => tracing::warn!("cannot start a {name} thread: {error}"),
        }
    }
    (started > 0).then_some(pool)
}

#[cfg(target_os = "linux")]
fn lower_priority(niceness: i32) {
    // On Linux the nice value belongs to the calling thread (and threads it starts).
    if let Err(error) = rustix::process::nice(niceness) {
        tracing::debug!("cannot lower a background thread's priority: {error}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority(_niceness: i32) {}

/// Runs `job` on an analysis thread and waits for its result. `None` if the job panicked
/// (the thread carries on with the next job). Without background threads (none could be
/// started) the job runs on tokio's blocking pool instead.
pub(crate) async fn run<T: Send + 'static>(
    urgency: Urgency,
    job: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    run_on(&POOL, urgency, job).await
}

/// Runs `job` on the idle thread, after the idle jobs queued before it, and waits for its
/// result; as [`run`] otherwise.
pub(crate) async fn run_idle<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    run_on(&IDLE, Urgency::Background, job).await
}

async fn run_on<T: Send + 'static>(
    pool: &LazyLock<Option<&'static Pool>>,
    urgency: Urgency,
    job: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let Some(pool) = **pool else {
        return tokio::task::spawn_blocking(job).await.ok();
    };
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        if let Err(panic) = &outcome {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!("background job panicked: {message}");
        }
        let _ = done.send(outcome.ok());
    });
    pool.push(urgency, job);
    result.await.ok().flatten()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn jobs_run_and_a_panic_fails_only_its_own_job() {
        assert_eq!(
            super::run(super::Urgency::Background, || 2 + 2).await,
            Some(4)
        );
        assert_eq!(super::run_idle(|| 3 + 3).await, Some(6));
        let panicked: Option<()> =
            super::run(super::Urgency::Urgent, || panic!("a bug in one analysis")).await;
        assert_eq!(panicked, None);
        let panicked: Option<()> = super::run_idle(|| panic!("a bug in a warm-up")).await;
        assert_eq!(panicked, None);
        assert_eq!(
            super::run_idle(|| "still running").await,
            Some("still running")
        );
        let jobs: Vec<_> = (0..8)
            .map(|i| tokio::spawn(super::run(super::Urgency::Background, move || i * 10)))
            .collect();
        for (i, job) in jobs.into_iter().enumerate() {
            assert_eq!(job.await.expect("joined"), Some(i * 10));
        }
    }

    #[tokio::test]
    async fn an_urgent_job_does_not_wait_for_the_background_queue() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let finished = Arc::new(AtomicUsize::new(0));
        let background: Vec<_> = (0..12)
            .map(|_| {
                let finished = finished.clone();
                tokio::spawn(super::run(super::Urgency::Background, move || {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    finished.fetch_add(1, Ordering::SeqCst)
                }))
            })
            .collect();
        // Let the background jobs start filling the threads.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let urgent = {
            let finished = finished.clone();
            super::run(super::Urgency::Urgent, move || {
                finished.fetch_add(1, Ordering::SeqCst)
            })
            .await
            .expect("the urgent job ran")
        };
        // Behind at most the jobs already running, never the twelve queued.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        assert!(urgent <= threads, "the urgent job finished {urgent}th");
        for job in background {
            job.await.expect("joined").expect("a background job ran");
        }
    }

    #[tokio::test]
    async fn idle_jobs_run_one_after_the_other() {
        let running = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let jobs: Vec<_> = (0..4)
            .map(|_| {
                let running = running.clone();
                tokio::spawn(super::run_idle(move || {
                    let before = running.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    running.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    before
                }))
            })
            .collect();
        for job in jobs {
            assert_eq!(
                job.await.expect("joined"),
                Some(0),
                "two idle jobs overlapped"
            );
        }
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn background_threads_run_at_a_lower_priority() {
        let own = rustix::process::getpriority_process(None).expect("own priority");
        let niceness = super::run(super::Urgency::Urgent, || {
            rustix::process::getpriority_process(None)
        })
        .await
        .expect("the job ran");
        assert_eq!(
            niceness.expect("its priority"),
            (own + super::NICENESS).min(19)
        );
        let idle = super::run_idle(|| rustix::process::getpriority_process(None))
            .await
            .expect("the job ran");
        assert_eq!(
            idle.expect("its priority"),
            (own + super::IDLE_NICENESS).min(19)
        );
    }
}
