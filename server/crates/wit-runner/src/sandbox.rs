//! The per-call sandbox: store state, WASI preview 2 with nothing inherited,
//! bounded output capture, memory limits and the recorded import calls.

use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use serde::Serialize;
use wasmtime::component::ResourceTable;
use wasmtime::{StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::mocks::MockState;
use crate::types::ImportCall;

/// Output the guest wrote to one stream, cut at the configured cap.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CapturedOutput {
    /// The bytes kept, decoded lossily as UTF-8.
    pub text: String,
    /// Total bytes the guest wrote, including any that were dropped.
    pub total_bytes: u64,
    /// Whether bytes beyond the cap were dropped.
    pub truncated: bool,
}

#[derive(Default)]
struct CappedBuffer {
    kept: Vec<u8>,
    total: u64,
}

/// A stdout/stderr sink that accepts every write, keeps the first `cap`
/// bytes and counts the rest, so a flooding guest never blocks or traps
/// on output and never grows host memory past the cap.
#[derive(Clone)]
pub(crate) struct CappedOutputPipe {
    cap: usize,
    buffer: Arc<Mutex<CappedBuffer>>,
}

impl CappedOutputPipe {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            cap,
            buffer: Arc::default(),
        }
    }

    fn push(&self, bytes: &[u8]) {
        let mut buffer = self.buffer.lock().unwrap_or_else(PoisonError::into_inner);
        buffer.total += bytes.len() as u64;
        let room = self.cap.saturating_sub(buffer.kept.len());
        let take = room.min(bytes.len());
        buffer.kept.extend_from_slice(&bytes[..take]);
    }

    /// Takes what was captured so far and resets the buffer.
    pub(crate) fn take(&self) -> CapturedOutput {
        let mut buffer = self.buffer.lock().unwrap_or_else(PoisonError::into_inner);
        let kept = std::mem::take(&mut buffer.kept);
        let total = std::mem::take(&mut buffer.total);
        CapturedOutput {
            truncated: total > kept.len() as u64,
            text: String::from_utf8_lossy(&kept).into_owned(),
            total_bytes: total,
        }
    }
}

/// Largest write the guest is told it may make at once.
const WRITE_BUDGET: usize = 64 * 1024;

#[wasmtime_wasi::async_trait]
impl OutputStream for CappedOutputPipe {
    fn write(&mut self, bytes: Bytes) -> Result<(), StreamError> {
        self.push(&bytes);
        Ok(())
    }
    fn flush(&mut self) -> Result<(), StreamError> {
        Ok(())
    }
    fn check_write(&mut self) -> Result<usize, StreamError> {
        Ok(WRITE_BUDGET)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CappedOutputPipe {
    async fn ready(&mut self) {}
}

impl tokio::io::AsyncWrite for CappedOutputPipe {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.push(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

impl IsTerminal for CappedOutputPipe {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CappedOutputPipe {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }
    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

/// Everything a guest's store holds.
pub(crate) struct StoreState {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(crate) limits: StoreLimits,
    pub(crate) stdout: CappedOutputPipe,
    pub(crate) stderr: CappedOutputPipe,
    /// Import calls made since the last [`StoreState::take_calls`].
    pub(crate) calls: Vec<ImportCall>,
    pub(crate) mocks: MockState,
    /// Set when the memory limiter refused a growth during the current call.
    pub(crate) memory_limit_hit: bool,
    /// When the current call must stop; checked at every epoch tick.
    pub(crate) call_deadline: Option<std::time::Instant>,
    /// Stops the current call when cancelled; checked at every epoch tick.
    pub(crate) cancel: Option<crate::cancel::CancelToken>,
    /// Instances of the plugs, by plan index (`1..`), when run with plugs.
    pub(crate) plug_instances: Vec<Option<wasmtime::component::Instance>>,
}

impl StoreState {
    pub(crate) fn new(max_memory: usize, output_cap: usize, mocks: MockState) -> Self {
        let stdout = CappedOutputPipe::new(output_cap);
        let stderr = CappedOutputPipe::new(output_cap);
        // Nothing is inherited: no preopened directories, no environment,
        // no arguments, no network, and stdin is empty.
        let wasi = WasiCtxBuilder::new()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        let limits = StoreLimitsBuilder::new()
            .memory_size(max_memory)
            .trap_on_grow_failure(true)
            .instances(64)
            .tables(256)
            .memories(16)
            .build();
        Self {
            wasi,
            table: ResourceTable::new(),
            limits,
            stdout,
            stderr,
            calls: Vec::new(),
            mocks,
            memory_limit_hit: false,
            call_deadline: None,
            cancel: None,
            plug_instances: Vec::new(),
        }
    }

    pub(crate) fn take_calls(&mut self) -> Vec<ImportCall> {
        std::mem::take(&mut self.calls)
    }
}

impl WasiView for StoreState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}
