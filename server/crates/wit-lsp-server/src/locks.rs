//! The one lock-poisoning policy of the server: a lock whose holder panicked is taken over,
//! not given up on. The state behind every lock of the server is consistent between
//! statements (each update is a few assignments), so the value a panicking holder left is
//! still usable, and refusing it would stop diagnostics, hovers or runs for the rest of the
//! session after a single bug.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

static POISON_REPORTED: AtomicBool = AtomicBool::new(false);

/// Locks `mutex`, recovering it if a holder panicked (reported in the log the first time).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| {
        if !POISON_REPORTED.swap(true, Ordering::Relaxed) {
            tracing::warn!("a request panicked while holding a lock; carrying on with its state");
        }
        poisoned.into_inner()
    })
}
