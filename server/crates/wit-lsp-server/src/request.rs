//! The one request policy, for standard and custom requests alike:
//!
//! - Work never runs on the protocol task. Synchronous handlers ([`Session::request`]) run on
//!   a blocking thread over a [`RequestSnapshot`]; asynchronous ones
//!   ([`Session::request_async`], for runs that report progress) run as their own task,
//!   aborted when the protocol drops the request (`$/cancelRequest`).
//! - A panic answers that one request with `InternalError` carrying the panic message; the
//!   panic is logged once, by the panic hook ([`install_panic_hook`]). Locks a panicking
//!   handler held are recovered ([`crate::locks`]), so diagnostics and other requests carry
//!   on.
//! - Errors map the same way everywhere: [`invalid_params`] for a request that cannot be
//!   answered as asked, [`request_failed`] for a valid request refused (a rename of a
//!   vendored item), [`internal_error`] for a bug.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use crate::session::{DISCOVERY_PATIENCE, Session};
use crate::snapshot::RequestSnapshot;

/// What a request looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// One document or package: answered right away.
    Document,
    /// Every package of the workspace: waits for the workspace search for packages first.
    Workspace,
}

pub(crate) fn invalid_params(message: impl Into<String>) -> Error {
    Error::invalid_params(message.into())
}

pub(crate) fn internal_error(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into().into(),
        data: None,
    }
}

/// LSP `RequestFailed`: the request was valid, the answer is a refusal the editor shows.
pub(crate) fn request_failed(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: message.into().into(),
        data: None,
    }
}

/// The message of a panic payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|message| message.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

fn join_error(method: &str, error: tokio::task::JoinError) -> Error {
    if error.is_panic() {
        let message = panic_message(&*error.into_panic());
        internal_error(format!("{method} failed: {message}"))
    } else {
        internal_error(format!("{method} was cancelled"))
    }
}

/// Logs every panic once, through the log (stderr), with its place; requests then answer
/// with the message, without logging it again.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|location| format!(" at {}:{}", location.file(), location.line()))
            .unwrap_or_default();
        let thread = std::thread::current();
        let thread = thread.name().unwrap_or("unnamed");
        tracing::error!(
            "panic in thread {thread}{location}: {}",
            panic_message(info.payload())
        );
    }));
}

#[cfg(feature = "testing")]
static PANIC_NEXT: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Test hook (feature `testing`): the next request of `method` (e.g. `textDocument/hover`)
/// panics while holding the session's state lock, as a bug in a handler would.
#[cfg(feature = "testing")]
pub fn panic_in_next_request(method: &str) {
    *crate::locks::lock(&PANIC_NEXT) = Some(method.to_string());
}

/// Aborts a spawned request task when the request's future is dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Session {
    /// Answers a request with `work` over a snapshot, on a blocking thread.
    pub(crate) async fn request<T: Send + 'static>(
        self: &Arc<Self>,
        method: &'static str,
        scope: Scope,
        work: impl FnOnce(&RequestSnapshot) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        if scope == Scope::Workspace {
            self.discovery_finished(DISCOVERY_PATIENCE).await;
        }
        let session = self.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            session.test_hook(method);
            let snapshot = session.snapshot();
            let snapshot_time = started.elapsed();
            let answer = work(&snapshot);
            tracing::debug!(
                "{method}: snapshot {:.2} ms, work {:.2} ms",
                snapshot_time.as_secs_f64() * 1000.0,
                (started.elapsed() - snapshot_time).as_secs_f64() * 1000.0
            );
            (answer, snapshot.take_messages())
        })
        .await;
        let (answer, messages) = joined.map_err(|error| join_error(method, error))?;
        for (kind, message) in messages {
            self.client.show_message(kind, message).await;
        }
        answer
    }

    /// Answers a request with an asynchronous handler, as a task of its own (cancelled
    /// with the request).
    pub(crate) async fn request_async<T: Send + 'static>(
        self: &Arc<Self>,
        method: &'static str,
        work: impl Future<Output = Result<T>> + Send + 'static,
    ) -> Result<T> {
        let session = self.clone();
        let mut task = AbortOnDrop(tokio::spawn(async move {
            session.test_hook(method);
            work.await
        }));
        let joined = (&mut task.0).await;
        joined.map_err(|error| join_error(method, error))?
    }

    /// Test hook: panics (holding the state lock, so poisoning it) when a test asked the
    /// next request of `method` to ([`panic_in_next_request`]).
    #[cfg(feature = "testing")]
    fn test_hook(&self, method: &str) {
        let armed = crate::locks::lock(&PANIC_NEXT).take_if(|armed| armed == method);
        if armed.is_some() {
            let _state = self.state();
            panic!("test hook: {method} panics");
        }
    }

    #[cfg(not(feature = "testing"))]
    fn test_hook(&self, _method: &str) {}
}
