//! Stopping a call from outside: a [`CancelToken`] the caller keeps while a
//! run is in progress, and the errors a stopped call traps with.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// A cheap, cloneable flag that stops a run when set. The guest is stopped
/// at its next epoch tick (a few milliseconds) when it is running wasm, and
/// at once when it is waiting inside a host call (for example a WASI
/// `poll`). Cancelling is permanent: a token cancels every run it is given
/// to, before or after [`CancelToken::cancel`].
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<CancelInner>,
}

#[derive(Default)]
struct CancelInner {
    cancelled: AtomicBool,
    notify: Notify,
}

impl std::fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks every run holding this token to stop.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Completes once the token is cancelled.
    pub(crate) async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            let mut notified = std::pin::pin!(notified);
            // Register before checking the flag, so a `cancel` between the
            // check and the await is not missed.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Cancels its token when dropped: hold one across an `await` so an aborted
/// task (a cancelled request) stops the guest it started.
#[derive(Debug)]
pub struct CancelOnDrop(pub CancelToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The error a call trapped with because it ran past its deadline.
#[derive(Debug, thiserror::Error)]
#[error("the call ran past its deadline")]
pub(crate) struct DeadlineExceeded;

/// The error a call trapped with because its [`CancelToken`] was cancelled.
#[derive(Debug, thiserror::Error)]
#[error("the call was cancelled")]
pub(crate) struct Cancelled;
