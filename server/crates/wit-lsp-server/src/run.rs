//! Run export over LSP: `▶ Run` code lenses on exported functions, `wit/runTemplate`,
//! `wit/validateCall`, `wit/runExport`, `wit/endSession`, and the `wit.runExport` command
//! for generic clients. Component work (locating, compiling, calling) runs on blocking
//! threads; a trap or crash of the guest is a result, never a server failure.
//!
//! A run honours `$/cancelRequest`: tower-lsp-server drops the handler's future, and a
//! guard held by that future cancels the runner's token, which stops the guest within an
//! epoch tick (or at once when it waits inside WASI). A run reports `$/progress` (begin,
//! "Building…", "Loading…", "Running…", end) on the client's `workDoneToken`, or on a token
//! the server creates when the client supports `window.workDoneProgress`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{self as lsp, MessageType, Uri};
use wit_analysis::{LineIndex, ResolvedPackage};
use wit_parser::WorldItem;
use wit_runner::{
    CallResult, CancelOnDrop, CancelToken, LoadedComponent, LocateRequest, LocateStep, Mocks,
    RunOptions, Runner, RunnerConfig, SessionId,
};

use crate::convert;
use crate::server::Backend;

/// The runner, made on first use (it starts an epoch thread) and shared by every request.
#[derive(Default)]
pub struct RunState {
    runner: OnceLock<std::result::Result<Arc<Runner>, String>>,
    /// The last call text per function, to prefill the next run.
    last_calls: Mutex<HashMap<String, String>>,
    /// The client accepts `window/workDoneProgress/create`.
    client_creates_progress: AtomicBool,
    /// Numbers the progress tokens the server creates.
    next_progress: AtomicU64,
}

/// Where one run's `$/progress` goes. Cheap to clone: reports may come from a forwarding
/// task while the run goes on.
#[derive(Clone)]
struct ProgressSink {
    client: Client,
    token: Option<lsp::ProgressToken>,
}

impl ProgressSink {
    async fn send(&self, value: lsp::WorkDoneProgress) {
        if let Some(token) = &self.token {
            self.client
                .send_notification::<lsp::notification::Progress>(lsp::ProgressParams {
                    token: token.clone(),
                    value: lsp::ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    }

    async fn report(&self, message: String) {
        self.send(lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
            message: Some(message),
            ..Default::default()
        }))
        .await;
    }
}

/// One run's progress: begun when made, ended by [`RunProgress::end`] or, when the request
/// is cancelled and its future dropped, by a notification sent from `Drop`.
struct RunProgress {
    sink: ProgressSink,
    ended: bool,
}

impl RunProgress {
    async fn end(mut self, message: String) {
        self.ended = true;
        self.sink
            .send(lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
                message: Some(message),
            }))
            .await;
    }
}

impl Drop for RunProgress {
    fn drop(&mut self) {
        if self.ended || self.sink.token.is_none() {
            return;
        }
        let sink = self.sink.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                sink.send(lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
                    message: Some("Cancelled".to_string()),
                }))
                .await;
            });
        }
    }
}

/// What a locate step looks like in the progress UI.
fn describe_step(step: LocateStep<'_>) -> String {
    match step {
        LocateStep::Building { command, dir } => {
            format!("Building: `{command}` in {}…", dir.display())
        }
        LocateStep::Loading { path } => format!(
            "Compiling {}…",
            path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned()
            )
        ),
    }
}

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
pub struct CallDiagnostic {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct ValidateResult {
    pub diagnostics: Vec<CallDiagnostic>,
}

/// The result of `wit/runExport`, with the field names the protocol documents.
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

#[derive(Debug, Deserialize)]
pub struct EndSessionParams {
    pub session: SessionId,
}

fn utf16_offset(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices()
        .take_while(|(index, _)| *index < byte)
        .map(|(_, ch)| ch.len_utf16())
        .sum()
}

/// The name the runner calls an export by.
fn export_call_name(
    resolved: &ResolvedPackage,
    interface: Option<wit_parser::InterfaceId>,
    name: &str,
) -> String {
    match interface.and_then(|id| resolved.resolve.id_of(id)) {
        Some(interface) => format!("{interface}#{name}"),
        None => name.to_string(),
    }
}

/// One `▶ Run` lens: where it goes and what it runs.
struct ExportLens {
    range: std::ops::Range<usize>,
    world: String,
    function: String,
}

/// The exported functions of the package's worlds that are defined in `path`.
fn export_lenses(resolved: &ResolvedPackage, path: &Path) -> Vec<ExportLens> {
    let resolve = &resolved.resolve;
    let mut lenses = Vec::new();
    let mut push = |span: wit_parser::Span, world: &str, function: String| {
        if let Some(location) = resolve.source_map.resolve_span(span)
            && Path::new(location.path) == path
            && !lenses
                .iter()
                .any(|l: &ExportLens| l.function == function && l.world == world)
        {
            lenses.push(ExportLens {
                range: location.range,
                world: world.to_string(),
                function,
            });
        }
    };
    for (_, &world_id) in &resolve.packages[resolved.package].worlds {
        let world = &resolve.worlds[world_id];
        let world_name = match world.package {
            Some(package) => resolve.id_of_name(package, &world.name),
            None => world.name.clone(),
        };
        for item in world.exports.values() {
            match item {
                WorldItem::Function(function) => {
                    push(
                        function.span,
                        &world_name,
                        export_call_name(resolved, None, &function.name),
                    );
                }
                WorldItem::Interface { id, .. } => {
                    for function in resolve.interfaces[*id].functions.values() {
                        push(
                            function.span,
                            &world_name,
                            export_call_name(resolved, Some(*id), &function.name),
                        );
                    }
                }
                WorldItem::Type { .. } => {}
            }
        }
    }
    lenses
}

impl Backend {
    fn runner(&self) -> std::result::Result<Arc<Runner>, String> {
        self.run
            .runner
            .get_or_init(|| {
                Runner::new(RunnerConfig::default())
                    .map(Arc::new)
                    .map_err(|error| error.to_string())
            })
            .clone()
    }

    /// Records whether the client supports server-created progress
    /// (`window.workDoneProgress` in its capabilities); called from `initialize`.
    pub fn set_client_work_done_progress(&self, supported: bool) {
        self.run
            .client_creates_progress
            .store(supported, Ordering::Relaxed);
    }

    /// Begins a run's progress on the client's token, or on a new one when the client
    /// supports server-created progress; reports nothing otherwise.
    async fn begin_run_progress(
        &self,
        client_token: Option<lsp::ProgressToken>,
        title: String,
    ) -> RunProgress {
        let token = match client_token {
            Some(token) => Some(token),
            None if self.run.client_creates_progress.load(Ordering::Relaxed) => {
                let number = self.run.next_progress.fetch_add(1, Ordering::Relaxed);
                let token = lsp::ProgressToken::String(format!("wit-lsp/run/{number}"));
                self.client
                    .create_work_done_progress(token.clone())
                    .await
                    .ok()
                    .map(|()| token)
            }
            None => None,
        };
        let sink = ProgressSink {
            client: self.client.clone(),
            token,
        };
        sink.send(lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
            title,
            cancellable: Some(false),
            message: Some("Finding the component…".to_string()),
            percentage: None,
        }))
        .await;
        RunProgress { sink, ended: false }
    }

    fn runner_settings(&self) -> crate::state::RunnerSettings {
        self.state
            .lock()
            .map(|state| state.runner_settings.clone())
            .unwrap_or_default()
    }

    /// The package directory and workspace root of a document.
    fn package_dirs(&self, uri: &Uri) -> (PathBuf, Option<PathBuf>) {
        let path = convert::uri_to_path(uri);
        let root = Backend::package_of(uri, &path);
        let package_dir = match root.kind {
            wit_analysis::PackageKind::Directory => root.path,
            _ => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        let state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let workspace = state
            .workspace_roots
            .iter()
            .find(|folder| package_dir.starts_with(folder))
            .cloned();
        (package_dir, workspace)
    }

    /// Finds (and loads) the component for `target`, on a blocking thread.
    async fn locate_component(
        &self,
        target: &ExportTarget,
        run_builds: bool,
    ) -> Result<(Arc<Runner>, Arc<LoadedComponent>, Option<Arc<Mocks>>)> {
        self.locate_component_reporting(target, run_builds, None, None, None)
            .await
    }

    /// [`Backend::locate_component`], reporting build and compile steps to `progress`; a
    /// build command in progress is killed when `cancel` is cancelled. `mock_file` (from the
    /// request) wins over the `runner.mockFile` setting.
    async fn locate_component_reporting(
        &self,
        target: &ExportTarget,
        run_builds: bool,
        progress: Option<&ProgressSink>,
        cancel: Option<CancelToken>,
        mock_file: Option<PathBuf>,
    ) -> Result<(Arc<Runner>, Arc<LoadedComponent>, Option<Arc<Mocks>>)> {
        let runner = self.runner().map_err(Error::invalid_params)?;
        let (package_dir, workspace) = self.package_dirs(&target.uri);
        let settings = self.runner_settings();
        // Paths from the settings are relative to the workspace root.
        let in_workspace = |path: PathBuf| match (&workspace, path.is_relative()) {
            (Some(root), true) => root.join(path),
            _ => path,
        };
        let explicit = target
            .component
            .clone()
            .or(settings.component.clone())
            .map(in_workspace);
        let mock_file = mock_file.or(settings.mock_file.clone()).map(in_workspace);
        let target = target.clone();
        let (steps, mut step_messages) = tokio::sync::mpsc::unbounded_channel::<String>();
        let forward_steps = async {
            while let Some(message) = step_messages.recv().await {
                if let Some(progress) = progress {
                    progress.report(message).await;
                }
            }
        };
        let locate = tokio::task::spawn_blocking(move || {
            let mut on_step = |step: LocateStep<'_>| {
                let _ = steps.send(describe_step(step));
            };
            let located = runner
                .locate_with_steps(
                    &LocateRequest {
                        explicit: explicit.as_deref(),
                        package_dir: &package_dir,
                        workspace_root: workspace.as_deref(),
                        world: target.world.as_deref(),
                        function: Some(&target.function),
                        signature: None,
                        run_builds,
                    },
                    &mut on_step,
                    cancel.as_ref(),
                )
                .map_err(|error| error.to_string())?;
            // Mocks: the configured mock file, else the project's `[mocks]` table.
            let mocks = mock_file
                .or_else(|| wit_runner::discover::mocks_file(&package_dir, workspace.as_deref()))
                .map(|file| Mocks::from_file(&file).map(Arc::new))
                .transpose()
                .map_err(|error| error.to_string())?;
            Ok::<_, String>((runner, located.component, mocks))
        });
        // The sender lives in the blocking task, so forwarding ends when it does.
        let (located, ()) = tokio::join!(locate, forward_steps);
        located
            .map_err(|panic| {
                Error::invalid_params(format!("finding the component failed: {panic}"))
            })?
            .map_err(Error::invalid_params)
    }

    pub async fn run_template(&self, target: ExportTarget) -> Result<TemplateResult> {
        let (_, component, _) = self.locate_component(&target, false).await?;
        let info = component
            .find_export(&target.function)
            .map_err(Error::invalid_params)?;
        let last = self
            .run
            .last_calls
            .lock()
            .ok()
            .and_then(|calls| calls.get(&info.call_name).cloned());
        Ok(TemplateResult {
            call: last.unwrap_or_else(|| info.call_template()),
            function: info.call_name.clone(),
            signature: info.signature.clone(),
            component: component.origin.clone(),
        })
    }

    pub async fn validate_call(&self, params: CallParams) -> Result<ValidateResult> {
        let (runner, component, _) = self.locate_component(&params.target, false).await?;
        let call = params.call.unwrap_or_default();
        let diagnostics = match runner.validate_call(&component, &call) {
            Ok(_) => Vec::new(),
            Err(wit_runner::RunnerError::BadCall(error)) => vec![CallDiagnostic {
                start: utf16_offset(&call, error.span.start),
                end: utf16_offset(&call, error.span.end),
                message: error.message,
            }],
            Err(error) => vec![CallDiagnostic {
                start: 0,
                end: utf16_offset(&call, call.len()),
                message: error.to_string(),
            }],
        };
        Ok(ValidateResult { diagnostics })
    }

    pub async fn run_export(&self, params: CallParams) -> Result<RunExportResult> {
        // Dropped with this future when the request is cancelled: stops the guest.
        let cancel = CancelToken::new();
        let _cancel_on_drop = CancelOnDrop(cancel.clone());
        let progress = self
            .begin_run_progress(
                params.work_done_token.clone(),
                format!("Run {}", params.target.function),
            )
            .await;
        let (runner, component, mocks) = match self
            .locate_component_reporting(
                &params.target,
                true,
                Some(&progress.sink),
                Some(cancel.clone()),
                params.mock_file.clone(),
            )
            .await
        {
            Ok(located) => located,
            Err(error) => {
                progress.end(format!("Failed: {}", error.message)).await;
                return Err(error);
            }
        };
        let call = match params.call {
            Some(call) => call,
            None => match self.run_template(params.target.clone()).await {
                Ok(template) => template.call,
                Err(error) => {
                    progress.end(format!("Failed: {}", error.message)).await;
                    return Err(error);
                }
            },
        };
        progress.sink.report(format!("Running {call}…")).await;
        let settings = self.runner_settings();
        let defaults = RunOptions::default();
        let options = RunOptions {
            mocks,
            timeout: params
                .timeout_ms
                .or(settings.timeout_ms)
                .map(std::time::Duration::from_millis)
                .unwrap_or(defaults.timeout),
            max_memory: params
                .max_memory_bytes
                .or(settings.max_memory_bytes)
                .unwrap_or(defaults.max_memory),
            cancel: Some(cancel.clone()),
            ..defaults
        };
        let task_call = call.clone();
        let origin = component.origin.clone();
        let ran = tokio::task::spawn_blocking(move || {
            let session = match (params.session, params.keep_session) {
                (Some(id), _) => Some(id),
                (None, true) => Some(runner.open_session(&component, &options)?),
                (None, false) => None,
            };
            let outcome = match session {
                Some(id) => runner.call_in_session_cancellable(id, &task_call, Some(&cancel))?,
                None => runner.run(&component, &task_call, &options)?,
            };
            Ok::<_, wit_runner::RunnerError>((outcome, session))
        })
        .await
        .map_err(|panic| Error::invalid_params(format!("the run failed: {panic}")))
        .and_then(|ran| ran.map_err(|error| Error::invalid_params(error.to_string())));
        let (outcome, session) = match ran {
            Ok(ran) => ran,
            Err(error) => {
                progress.end(format!("Failed: {}", error.message)).await;
                return Err(error);
            }
        };
        let summary = match &outcome.result {
            CallResult::Returned { .. } => format!("Returned in {} µs", outcome.call_micros),
            CallResult::Trapped { kind, .. } => format!("Trapped ({kind:?})"),
        };
        progress.end(summary).await;
        if let Ok(mut calls) = self.run.last_calls.lock() {
            calls.insert(outcome.function.clone(), call);
        }
        let (result_wave, result_json, trap) = match &outcome.result {
            CallResult::Returned { wave, json } => (wave.clone(), json.clone(), None),
            CallResult::Trapped { .. } => (
                None,
                Value::Null,
                serde_json::to_value(&outcome.result).ok(),
            ),
        };
        Ok(RunExportResult {
            function: outcome.function.clone(),
            component: origin,
            result_wave,
            result_json,
            stdout: outcome.stdout.text.clone(),
            stdout_truncated: outcome.stdout.truncated,
            stderr: outcome.stderr.text.clone(),
            stderr_truncated: outcome.stderr.truncated,
            import_calls: outcome.import_calls.clone(),
            duration_ms: outcome.call_micros as f64 / 1000.0,
            trap,
            session,
        })
    }

    pub async fn end_session(&self, params: EndSessionParams) -> Result<bool> {
        let runner = self.runner().map_err(Error::invalid_params)?;
        Ok(runner.end_session(params.session))
    }

    /// `textDocument/codeLens`: one `▶ Run` per exported function defined in the document.
    pub(crate) async fn run_code_lenses(&self, uri: Uri) -> Result<Option<Vec<lsp::CodeLens>>> {
        let path = convert::uri_to_path(&uri);
        let root = Backend::package_of(&uri, &path);
        let (resolved, text, encoding) = {
            let mut state = self
                .state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let encoding = state.encoding;
            let text = state
                .documents
                .get_mut(&path)
                .map(|open| open.document.text());
            let resolved = state
                .packages
                .get(&root)
                .and_then(|entry| entry.last_clean.clone());
            (resolved, text, encoding)
        };
        let (Some(resolved), Some(text)) = (resolved, text) else {
            return Ok(None);
        };
        let index = LineIndex::new(text);
        let lenses = export_lenses(&resolved, &path)
            .into_iter()
            .map(|lens| {
                let target = ExportTarget {
                    uri: uri.clone(),
                    world: Some(lens.world),
                    function: lens.function,
                    component: None,
                };
                lsp::CodeLens {
                    range: convert::range(&index, &lens.range, encoding),
                    command: None,
                    data: serde_json::to_value(target).ok(),
                }
            })
            .collect();
        Ok(Some(lenses))
    }

    /// `codeLens/resolve`: `▶ Run` when a built component exports the function, else says
    /// what is missing.
    pub(crate) async fn resolve_run_code_lens(
        &self,
        mut lens: lsp::CodeLens,
    ) -> Result<lsp::CodeLens> {
        let Some(target) = lens
            .data
            .clone()
            .and_then(|data| serde_json::from_value::<ExportTarget>(data).ok())
        else {
            return Ok(lens);
        };
        let title = match self.locate_component(&target, false).await {
            Ok(_) => "▶ Run".to_string(),
            Err(error) => format!(
                "▶ Run: {} (configure [[component]] in wit-lsp.toml)",
                error.message
            ),
        };
        lens.command = Some(lsp::Command {
            title,
            command: "wit.runExport".to_string(),
            arguments: Some(vec![serde_json::to_value(&target).unwrap_or(Value::Null)]),
        });
        Ok(lens)
    }

    /// `wit.runExport` for generic clients: runs with the last call (or the template) and
    /// shows the result.
    pub(crate) async fn run_export_command(&self, argument: Value) -> Result<Option<Value>> {
        let target: ExportTarget = serde_json::from_value(argument)
            .map_err(|error| Error::invalid_params(format!("wit.runExport: {error}")))?;
        let function = target.function.clone();
        let result = self
            .run_export(CallParams {
                target,
                call: None,
                session: None,
                keep_session: false,
                work_done_token: None,
                timeout_ms: None,
                max_memory_bytes: None,
                mock_file: None,
            })
            .await;
        match result {
            Ok(result) => {
                let summary = match (&result.result_wave, &result.trap) {
                    (_, Some(trap)) => format!(
                        "{function} trapped: {}",
                        trap.get("message")
                            .and_then(Value::as_str)
                            .unwrap_or("trap")
                    ),
                    (Some(wave), None) => format!("{function} → {wave}"),
                    (None, None) => format!("{function} returned"),
                };
                let kind = if result.trap.is_some() {
                    MessageType::WARNING
                } else {
                    MessageType::INFO
                };
                self.client.show_message(kind, &summary).await;
                let full = serde_json::to_string_pretty(&result).unwrap_or_default();
                self.client
                    .log_message(MessageType::INFO, format!("{summary}\n{full}"))
                    .await;
                Ok(serde_json::to_value(result).ok())
            }
            Err(error) => {
                self.client
                    .show_message(MessageType::ERROR, format!("{function}: {}", error.message))
                    .await;
                Err(error)
            }
        }
    }
}
