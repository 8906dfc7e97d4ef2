//! The custom protocol: params and results of the `wit/*` methods and notifications, with
//! the field names the README documents. Every field is camelCase, as in LSP itself.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::ls_types::{self as lsp, Position, Uri};
use wit_bindings::{BindingsOptions, GeneratedFile};
use wit_runner::SessionId;

/// `wit/documentText`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    pub uri: Uri,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextResult {
    pub text: String,
    pub version: i32,
}

/// `wit/bindings` (and the `wit.showBindings` command).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingsParams {
    pub uri: Uri,
    /// `name` or `ns:pkg/name`; when absent, the world under `position`, else the only one.
    #[serde(default)]
    pub world: Option<String>,
    pub language: String,
    #[serde(default)]
    pub options: BindingsOptions,
    #[serde(default)]
    pub position: Option<Position>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingsResult {
    /// The world the files were generated for (`ns:pkg/name`).
    pub world: String,
    pub language: String,
    pub files: Vec<GeneratedFile>,
    /// True while the WIT has errors: the files are from the last version that resolved.
    pub stale: bool,
}

/// `wit/componentWit`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentWitParams {
    pub path: PathBuf,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentWitResult {
    pub wit: String,
}

/// `wit/compose`: plug a component's imports with other components' exports.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComposeParams {
    /// The consumer component.
    pub consumer: PathBuf,
    /// The plugs; when absent, the `plugs` of the consumer's `[[component]]` entry in
    /// the nearest `wit-lsp.toml`.
    pub plugs: Option<Vec<PathBuf>>,
    /// Where to write the composition; when absent, it is only checked.
    pub output: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComposeResult {
    /// False when a plug was refused (then nothing was written).
    pub composed: bool,
    /// The file written, if any.
    pub output: Option<PathBuf>,
    /// Size of the composed component in bytes (0 when refused).
    pub size: usize,
    pub links: Vec<wit_runner::compose::Link>,
    pub open_imports: Vec<String>,
    pub refusals: Vec<wit_runner::compose::Refusal>,
}

/// `wit/bindingsChanged`: a package was analysed again; previews of `uris` may re-request.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingsChangedParams {
    pub uris: Vec<Uri>,
    pub stale: bool,
}

pub enum BindingsChanged {}

impl lsp::notification::Notification for BindingsChanged {
    type Params = BindingsChangedParams;
    const METHOD: &'static str = "wit/bindingsChanged";
}

/// `wit/bindingsCacheStatus`: what the preview cache holds and whether warm-ups are running
/// (for tests, the benchmark and debugging).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingsCacheStatus {
    /// Formatted Rust items (and module headers) in the cache.
    pub entries: usize,
    /// Generator runs so far (previews and warm-ups not answered from the latest files).
    pub generator_runs: usize,
    /// Warm-up jobs queued or running.
    pub warm_ups_running: usize,
    /// Warm-up jobs finished since the server started.
    pub warm_ups_finished: usize,
}

/// The export a run-related request is about (also the data of a `▶ Run` lens).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportTarget {
    /// A file of the package (the WIT document the lens is in).
    pub uri: Uri,
    /// `ns:pkg/world`, to choose among configured components.
    #[serde(default)]
    pub world: Option<String>,
    /// The function: `add`, or `ns:pkg/iface@1.0.0#add` for an interface's function.
    pub function: String,
    /// A component to use instead of finding one.
    #[serde(default)]
    pub component: Option<PathBuf>,
}

/// `wit/validateCall` and `wit/runExport`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallParams {
    #[serde(flatten)]
    pub target: ExportTarget,
    #[serde(default)]
    pub call: Option<String>,
    /// Call inside this live session (its resource handles can be passed by name).
    #[serde(default)]
    pub session: Option<SessionId>,
    /// Keep the instance alive after the call and return its session id.
    #[serde(default)]
    pub keep_session: bool,
    /// A token the client made for this request's `$/progress`.
    #[serde(default)]
    pub work_done_token: Option<lsp::ProgressToken>,
    /// Deadline of the call in milliseconds (else the `runner.timeoutMs` setting).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// Linear memory the guest may use (else the `runner.maxMemoryBytes` setting).
    #[serde(default)]
    pub max_memory_bytes: Option<usize>,
    /// A TOML file with a `[mocks]` table (else the `runner.mockFile` setting).
    #[serde(default)]
    pub mock_file: Option<PathBuf>,
}

impl CallParams {
    /// A run of `target` with the last call (or the template) and the configured limits.
    pub fn with_defaults(target: ExportTarget) -> CallParams {
        CallParams {
            target,
            call: None,
            session: None,
            keep_session: false,
            work_done_token: None,
            timeout_ms: None,
            max_memory_bytes: None,
            mock_file: None,
        }
    }
}

/// `wit/runTemplate`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateResult {
    pub call: String,
    pub function: String,
    pub signature: String,
    pub component: Option<PathBuf>,
}

/// A problem in the call text; offsets count UTF-16 code units of the call text (as an
/// editor's input box does).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallDiagnostic {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateResult {
    pub diagnostics: Vec<CallDiagnostic>,
}

/// The result of `wit/runExport`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunExportResult {
    pub function: String,
    pub component: Option<PathBuf>,
    pub result_wave: Option<String>,
    pub result_json: Value,
    pub stdout: String,
    pub stdout_truncated: bool,
    pub stderr: String,
    pub stderr_truncated: bool,
    pub import_calls: Vec<wit_runner::ImportCall>,
    pub duration_ms: f64,
    pub trap: Option<Value>,
    pub session: Option<SessionId>,
}

/// `wit/endSession`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndSessionParams {
    pub session: SessionId,
}
