//! Threads for work nobody is waiting on: package analyses, whose diagnostics are published
//! when ready. They run at a lower scheduling priority than the threads that answer
//! requests, so while the machine is busy (two analyses queued behind a burst of edits, a
//! build in another window) a completion or hover typed after an edit is not slowed down by
//! the analysis that edit started. Requests keep tokio's blocking pool.

use std::sync::mpsc;
use std::sync::{LazyLock, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// Niceness of the background threads on Linux (0 is normal, 19 the lowest priority). A
/// mild 5 (a third of a normal thread's share when the CPU is contended): at 10 an analysis
/// of a 5 MB file starved for tens of seconds while a build ran beside the editor.
const NICENESS: i32 = 5;

struct Pool {
    jobs: Mutex<mpsc::Sender<Job>>,
}

static POOL: LazyLock<Option<Pool>> = LazyLock::new(start);

fn start() -> Option<Pool> {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = std::sync::Arc::new(Mutex::new(receiver));
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut started = 0;
    for i in 0..threads {
        let receiver = receiver.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("wit-analysis-{i}"))
            .spawn(move || {
                lower_priority();
                loop {
                    let job = {
                        let Ok(receiver) = receiver.lock() else {
                            return;
                        };
                        match receiver.recv() {
                            Ok(job) => job,
                            Err(_) => return,
                        }
                    };
                    job();
                }
            });
        match spawned {
            Ok(_) => started += 1,
            Err(error) => tracing::warn!("cannot start an analysis thread: {error}"),
        }
    }
    (started > 0).then(|| Pool {
        jobs: Mutex::new(sender),
    })
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // On Linux the nice value belongs to the calling thread.
    if let Err(error) = rustix::process::nice(NICENESS) {
        tracing::debug!("cannot lower the analysis threads' priority: {error}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Runs `job` on a background thread and waits for its result. `None` if the job panicked
/// (the thread carries on with the next job). Without background threads (none could be
/// started) the job runs on tokio's blocking pool instead.
pub(crate) async fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let Some(pool) = POOL.as_ref() else {
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
    let sent = pool.jobs.lock().ok()?.send(job);
    if sent.is_err() {
        return None;
    }
    result.await.ok().flatten()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn jobs_run_and_a_panic_fails_only_its_own_job() {
        assert_eq!(super::run(|| 2 + 2).await, Some(4));
        let panicked: Option<()> = super::run(|| panic!("a bug in one analysis")).await;
        assert_eq!(panicked, None);
        let jobs: Vec<_> = (0..8)
            .map(|i| tokio::spawn(super::run(move || i * 10)))
            .collect();
        for (i, job) in jobs.into_iter().enumerate() {
            assert_eq!(job.await.expect("joined"), Some(i * 10));
        }
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn background_threads_run_at_a_lower_priority() {
        let niceness = super::run(|| rustix::process::getpriority_process(None))
            .await
            .expect("the job ran");
        let own = rustix::process::getpriority_process(None).expect("own priority");
        assert_eq!(
            niceness.expect("its priority"),
            (own + super::NICENESS).min(19)
        );
    }
}
