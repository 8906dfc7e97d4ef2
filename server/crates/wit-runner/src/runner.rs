//! The runner: one wasmtime engine (shared, `Send + Sync`), loading and
//! caching compiled components, and running exports in a fresh sandbox per
//! call or in a session that keeps its instance (and resource handles) alive.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use wasmtime::component::{Instance, InstancePre, ResourceAny, ResourceType, Val};
use wasmtime::{Config, Engine, Store, Trap, UpdateDeadline, WasmBacktrace};

use crate::cache::{CompileCache, sha256_hex};
use crate::cancel::{CancelToken, Cancelled, DeadlineExceeded};
use crate::component::LoadedComponent;
use crate::imports::{MockExhausted, UnmockedImport, build_linker, unmatched_mock_keys};
use crate::loaded::{FileStamp, LoadedComponents};
use crate::mocks::{MockError, MockState, Mocks};
use crate::plugs::{PlugMode, Plugs};
use crate::sandbox::{CapturedOutput, StoreState};
use crate::types::{FunctionInfo, FunctionKind, ImportCall};
use crate::wave::{CallSyntaxError, format_wave, split_call, to_json, type_arguments};

/// How often the engine's epoch advances; deadlines are this precise.
const EPOCH_TICK: Duration = Duration::from_millis(5);
/// Host stack for the thread a call runs on.
const HOST_STACK: usize = 16 * 1024 * 1024;

/// Engine-wide settings (changing them changes the compile-cache key).
#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// Where compiled components are cached; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// Count fuel and report it with each call.
    pub fuel: bool,
    /// Maximum wasm stack, in bytes.
    pub max_wasm_stack: usize,
    /// Sessions idle longer than this are ended.
    pub session_idle_timeout: Duration,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        Self {
            cache_dir: CompileCache::default_dir(),
            fuel: false,
            max_wasm_stack: 1024 * 1024,
            session_idle_timeout: Duration::from_secs(15 * 60),
        }
    }
}

/// Per-call limits and mocks.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Wall-clock budget of one call (default 5 s).
    pub timeout: Duration,
    /// Linear memory the guest may hold, in bytes (default 256 MiB).
    pub max_memory: usize,
    /// Bytes kept of each of stdout and stderr (default 1 MiB).
    pub max_output: usize,
    /// Mocks for non-WASI imports; unmocked imports trap when called.
    pub mocks: Option<Arc<Mocks>>,
    /// Stops the run (instantiation and call) when cancelled.
    pub cancel: Option<CancelToken>,
    /// Components plugged into the component's imports ([`Runner::plugs`]).
    pub plugs: Option<Arc<Plugs>>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(5),
            max_memory: 256 * 1024 * 1024,
            max_output: 1024 * 1024,
            mocks: None,
            cancel: None,
            plugs: None,
        }
    }
}

/// Why a run could not start or a call could not be made (a trap is not an
/// error: it is a [`CallResult::Trapped`]).
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    #[error("cannot read {path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{origin}: not a valid component: {message}")]
    InvalidComponent { origin: String, message: String },
    #[error("cannot link the component: {0}")]
    Link(String),
    #[error("cannot instantiate the component: {0}")]
    Instantiate(String),
    #[error(transparent)]
    Mock(#[from] MockError),
    #[error("{0}")]
    UnknownFunction(String),
    #[error("bad call: {0}")]
    BadCall(#[from] CallSyntaxError),
    #[error("no session {0} (it ended, timed out, or the component was rebuilt)")]
    NoSession(SessionId),
    #[error("no handle `{0}` in this session")]
    NoHandle(String),
    #[error("cannot start the engine: {0}")]
    Engine(String),
}

/// What [`Runner::locate`] should find.
#[derive(Clone, Debug)]
pub struct LocateRequest<'a> {
    /// A path the user gave; used as is when set.
    pub explicit: Option<&'a Path>,
    /// The WIT package directory (e.g. `project/wit`).
    pub package_dir: &'a Path,
    /// The workspace root, for a `wit-lsp.toml` there.
    pub workspace_root: Option<&'a Path>,
    /// The world, `ns:pkg/world`, to pick among `[[component]]` entries.
    pub world: Option<&'a str>,
    /// Only components exporting this function (any accepted name) match.
    pub function: Option<&'a str>,
    /// ... with this WIT signature, when given.
    pub signature: Option<&'a str>,
    /// Run configured build commands when the component is out of date.
    pub run_builds: bool,
}

/// What [`Runner::locate_with_steps`] is about to do.
#[derive(Clone, Copy, Debug)]
pub enum LocateStep<'a> {
    /// Run a configured build command in `dir`.
    Building { command: &'a str, dir: &'a Path },
    /// Load a candidate component (compiling it unless it is in the cache).
    Loading { path: &'a Path },
}

/// A component [`Runner::locate`] found.
#[derive(Debug)]
pub struct Located {
    pub component: Arc<LoadedComponent>,
    pub found_by: crate::discover::FoundBy,
    /// Build commands that ran first (all succeeded).
    pub builds: Vec<crate::discover::BuildOutcome>,
    /// The plugs its `[[component]]` entry configures (their files).
    pub plugs: Vec<PathBuf>,
}

/// Why [`Runner::locate`] found nothing.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    #[error(transparent)]
    Discover(#[from] crate::discover::DiscoverError),
    #[error("the build command `{}` failed:\n{}", .0.last().map_or("", |b| b.command.as_str()), .0.last().map_or("", |b| b.output.trim_end()))]
    BuildFailed(Vec<crate::discover::BuildOutcome>),
    #[error("{}", no_match_message(function.as_deref(), candidates))]
    NoMatch {
        function: Option<String>,
        candidates: Vec<PathBuf>,
    },
}

fn no_match_message(function: Option<&str>, candidates: &[PathBuf]) -> String {
    let names: Vec<String> = candidates
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    match function {
        Some(function) => format!(
            "no component exports `{function}` (looked at: {})",
            names.join(", ")
        ),
        None => format!("no loadable component (looked at: {})", names.join(", ")),
    }
}

/// What kind of trap ended a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrapKind {
    /// The call ran past its deadline.
    Deadline,
    /// The guest asked for more memory than allowed.
    MemoryLimit,
    StackOverflow,
    /// A wasm `unreachable` (for example a Rust panic).
    Unreachable,
    /// The guest called an import that has no mock.
    ImportNotMocked,
    /// The guest called a mock whose results were used up.
    MockExhausted,
    /// The caller cancelled the run.
    Cancelled,
    Other,
}

/// How a call ended.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum CallResult {
    /// The call returned; `wave` is `None` for functions without a result.
    Returned {
        wave: Option<String>,
        json: serde_json::Value,
    },
    /// The call trapped.
    Trapped {
        kind: TrapKind,
        message: String,
        /// The wasm backtrace, innermost frame first.
        backtrace: Vec<String>,
    },
}

/// Everything a call produced.
#[derive(Clone, Debug, Serialize)]
pub struct RunOutcome {
    /// The export that was called (its full name).
    pub function: String,
    pub result: CallResult,
    pub stdout: CapturedOutput,
    pub stderr: CapturedOutput,
    /// Calls the guest made to non-WASI imports, in order.
    pub import_calls: Vec<ImportCall>,
    /// Fuel consumed, when the runner counts fuel.
    pub fuel_consumed: Option<u64>,
    /// Wall time of the call itself (instantiation excluded).
    pub call_micros: u64,
}

impl RunOutcome {
    /// Whether the call returned (rather than trapped).
    pub fn returned(&self) -> bool {
        matches!(self.result, CallResult::Returned { .. })
    }
}

/// A session's id.
pub type SessionId = u64;

/// A session and, outside its lock, the component it runs (so rebuilds can
/// end sessions without waiting for a call in progress).
struct SessionEntry {
    component: Arc<LoadedComponent>,
    session: Arc<Mutex<Session>>,
}

/// Ticks the engine epoch while the runner lives.
struct EpochTicker {
    stop: Arc<AtomicBool>,
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Runs component exports. Cheap to share: `Send + Sync`; calls block the
/// calling thread (run them on a worker, never on a protocol task).
pub struct Runner {
    engine: Engine,
    cache: Option<CompileCache>,
    fuel: bool,
    session_idle_timeout: Duration,
    sessions: Mutex<HashMap<SessionId, SessionEntry>>,
    next_session: AtomicU64,
    executor: Executor,
    /// Components loaded from files, reused while the files are unchanged.
    loaded: LoadedComponents,
    /// Components read and compiled or deserialized (not answered from `loaded`).
    component_loads: AtomicUsize,
    _ticker: EpochTicker,
}

/// The tokio runtime guest calls are driven on: wasmtime-wasi's async
/// host functions (timers, streams) need one, and a call waiting in one of
/// them is stopped by dropping its future when the deadline passes or the
/// run is cancelled.
struct Executor {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Executor {
    fn new() -> Result<Self, RunnerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("wit-runner-io")
            .enable_all()
            .build()
            .map_err(|error| RunnerError::Engine(format!("cannot start the runtime: {error}")))?;
        Ok(Self {
            runtime: Some(runtime),
        })
    }

    /// Runs a guest future to its end, its deadline or its cancellation,
    /// on a fresh thread with a big host stack (so no caller's async
    /// context is blocked or re-entered). The guest itself runs on a wasmtime
    /// fiber; the epoch callback stops it when it runs wasm, and dropping the
    /// future stops it when it waits in a host call.
    fn drive<R: Send>(
        &self,
        future: impl Future<Output = wasmtime::Result<R>> + Send,
        deadline: Instant,
        cancel: Option<&CancelToken>,
    ) -> wasmtime::Result<R> {
        let Some(runtime) = &self.runtime else {
            return Err(wasmtime::Error::msg("the runner is shutting down"));
        };
        on_big_stack(move || {
            runtime.block_on(async move {
                let cancelled = async {
                    match cancel {
                        Some(cancel) => cancel.cancelled().await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    biased;
                    () = cancelled => Err(wasmtime::Error::new(Cancelled)),
                    () = tokio::time::sleep_until(tokio::time::Instant::from_std(deadline)) => {
                        Err(wasmtime::Error::new(DeadlineExceeded))
                    }
                    result = future => result,
                }
            })
        })
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        // Dropping a runtime inside another runtime's context panics; a
        // background shutdown never does.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Stops the current call at the epoch tick after its deadline or after its
/// token is cancelled; otherwise lets it run one more tick.
fn on_epoch_tick(
    store: wasmtime::StoreContextMut<'_, StoreState>,
) -> wasmtime::Result<UpdateDeadline> {
    let state = store.data();
    if state.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
        return Err(wasmtime::Error::new(Cancelled));
    }
    if state
        .call_deadline
        .is_some_and(|deadline| Instant::now() >= deadline)
    {
        return Err(wasmtime::Error::new(DeadlineExceeded));
    }
    Ok(UpdateDeadline::Continue(1))
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("cache", &self.cache)
            .field("fuel", &self.fuel)
            .finish_non_exhaustive()
    }
}

impl Runner {
    /// Creates the engine (epoch interruption, bounded wasm stack, fuel if
    /// asked) and opens the compile cache.
    pub fn new(config: RunnerConfig) -> Result<Self, RunnerError> {
        let mut wasmtime_config = Config::new();
        wasmtime_config
            .wasm_component_model(true)
            .epoch_interruption(true)
            .max_wasm_stack(config.max_wasm_stack)
            // Guests run on fibers: room for the wasm stack plus host calls.
            .async_stack_size(config.max_wasm_stack + 2 * 1024 * 1024)
            .consume_fuel(config.fuel);
        let engine = Engine::new(&wasmtime_config)
            .map_err(|error| RunnerError::Engine(format!("{error:#}")))?;
        // An unusable cache directory only costs speed: compile every time.
        let cache = config
            .cache_dir
            .and_then(|dir| CompileCache::open(dir).ok());
        let stop = Arc::new(AtomicBool::new(false));
        let ticker_engine = engine.weak();
        let ticker_stop = stop.clone();
        std::thread::Builder::new()
            .name("wit-runner-epoch".into())
            .spawn(move || {
                while !ticker_stop.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    match ticker_engine.upgrade() {
                        Some(engine) => engine.increment_epoch(),
                        None => break,
                    }
                }
            })
            .map_err(|error| RunnerError::Engine(error.to_string()))?;
        Ok(Self {
            engine,
            cache,
            fuel: config.fuel,
            session_idle_timeout: config.session_idle_timeout,
            sessions: Mutex::new(HashMap::new()),
            next_session: AtomicU64::new(1),
            executor: Executor::new()?,
            loaded: LoadedComponents::default(),
            component_loads: AtomicUsize::new(0),
            _ticker: EpochTicker { stop },
        })
    }

    /// The wasmtime engine (for benchmarks and advanced callers).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The compile cache, if one is in use.
    pub fn compile_cache(&self) -> Option<&CompileCache> {
        self.cache.as_ref()
    }

    /// Loads a component from a `.wasm` or `.wat` file, or answers with the one already
    /// loaded from it while the file is unchanged (same size and modification time, or else
    /// the same contents). Sessions running an older build of the same file are ended.
    pub fn load_file(&self, path: &Path) -> Result<Arc<LoadedComponent>, RunnerError> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let stamp = FileStamp::of(&canonical);
        if let Some(stamp) = stamp
            && let Some(loaded) = self.loaded.unchanged(&canonical, stamp)
        {
            return Ok(loaded);
        }
        let bytes = std::fs::read(path).map_err(|error| RunnerError::Read {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        let bytes = if path.extension().is_some_and(|ext| ext == "wat") {
            wat::parse_bytes(&bytes)
                .map_err(|error| RunnerError::InvalidComponent {
                    origin: path.display().to_string(),
                    message: error.to_string(),
                })?
                .into_owned()
        } else {
            bytes
        };
        if let Some(stamp) = stamp
            && let Some(loaded) = self
                .loaded
                .same_contents(&canonical, &sha256_hex(&bytes), stamp)
        {
            return Ok(loaded);
        }
        let loaded = self.load_bytes(bytes, Some(path.to_path_buf()))?;
        self.end_stale_sessions(path, &loaded.content_hash);
        if let Some(stamp) = stamp {
            self.loaded.insert(canonical, stamp, loaded.clone());
        }
        Ok(loaded)
    }

    /// How many components were read and compiled (or taken from the compile cache) so far;
    /// loads answered from memory do not count.
    pub fn component_loads(&self) -> usize {
        self.component_loads.load(Ordering::Relaxed)
    }

    /// Loads a component from its binary (or WAT text), compiling it or
    /// taking it from the compile cache.
    pub fn load_bytes(
        &self,
        bytes: Vec<u8>,
        origin: Option<PathBuf>,
    ) -> Result<Arc<LoadedComponent>, RunnerError> {
        let origin_name = origin.as_ref().map_or_else(
            || "<component>".to_string(),
            |path| path.display().to_string(),
        );
        let invalid = |message: String| RunnerError::InvalidComponent {
            origin: origin_name.clone(),
            message,
        };
        let bytes = if bytes.starts_with(b"\0asm") {
            bytes
        } else {
            wat::parse_bytes(&bytes)
                .map_err(|error| invalid(error.to_string()))?
                .into_owned()
        };
        if wasmparser::Parser::is_core_wasm(&bytes) {
            return Err(invalid(
                "this is a core wasm module, not a component; build for `wasm32-wasip2` \
                 or wrap it with `wasm-tools component new`"
                    .into(),
            ));
        }
        let content_hash = sha256_hex(&bytes);
        self.component_loads.fetch_add(1, Ordering::Relaxed);
        let key = CompileCache::key(&self.engine, &content_hash);
        let cached = self
            .cache
            .as_ref()
            .and_then(|cache| cache.load(&self.engine, &key));
        let from_cache = cached.is_some();
        let component = match cached {
            Some(component) => component,
            None => {
                let component = wasmtime::component::Component::new(&self.engine, &bytes)
                    .map_err(|error| invalid(format!("{error:#}")))?;
                if let Some(cache) = &self.cache {
                    // A failed cache write only costs the next load a compile.
                    let _ = cache.store(&key, &component);
                }
                component
            }
        };
        Ok(Arc::new(LoadedComponent::new(
            &self.engine,
            component,
            bytes.into(),
            content_hash,
            origin,
            from_cache,
        )))
    }

    /// Finds the built component for a package and loads it, in the
    /// documented order (explicit path, `wit-lsp.toml`, discovery). When
    /// `run_builds` is set and a configured build command's inputs (the WIT,
    /// `src/`, `Cargo.toml`) are newer than the component, the command runs
    /// first; its outcome is returned either way it went.
    pub fn locate(&self, request: &LocateRequest<'_>) -> Result<Located, LocateError> {
        self.locate_with_steps(request, &mut |_| {}, None)
    }

    /// [`Runner::locate`], telling `on_step` what it is about to do (run a
    /// build command, load and compile a component) so a caller can show
    /// progress; a build in progress is killed when `cancel` is cancelled.
    pub fn locate_with_steps(
        &self,
        request: &LocateRequest<'_>,
        on_step: &mut dyn FnMut(LocateStep<'_>),
        cancel: Option<&CancelToken>,
    ) -> Result<Located, LocateError> {
        use crate::discover;
        let found = discover::find_components(
            request.explicit,
            request.package_dir,
            request.workspace_root,
            request.world,
        )?;
        let mut builds = Vec::new();
        let mut candidates = Vec::new();
        let mut candidate_plugs = Vec::new();
        let mut found_by = discover::FoundBy::Discovered;
        for component in found {
            if request.run_builds {
                // A plug's build runs when its file does not exist yet.
                for plug in &component.plugs {
                    if let Some(command) = &plug.build
                        && !plug.path.is_file()
                    {
                        on_step(LocateStep::Building {
                            command,
                            dir: &plug.dir,
                        });
                        let outcome = discover::run_build_cancellable(command, &plug.dir, cancel);
                        let failed = !outcome.success;
                        builds.push(outcome);
                        if failed {
                            return Err(LocateError::BuildFailed(builds));
                        }
                    }
                }
            }
            candidate_plugs.push(
                component
                    .plugs
                    .iter()
                    .map(|plug| plug.path.clone())
                    .collect::<Vec<_>>(),
            );
            found_by = component.found_by.clone();
            if request.run_builds
                && let Some((command, dir)) = &component.build
            {
                let inputs = [
                    request.package_dir.to_path_buf(),
                    dir.join("src"),
                    dir.join("Cargo.toml"),
                ];
                if discover::needs_rebuild(&component.path, &inputs) {
                    on_step(LocateStep::Building { command, dir });
                    let outcome = discover::run_build_cancellable(command, dir, cancel);
                    let failed = !outcome.success;
                    builds.push(outcome);
                    if failed {
                        return Err(LocateError::BuildFailed(builds));
                    }
                }
            }
            candidates.push(component.path);
        }
        let component = candidates
            .iter()
            .zip(candidate_plugs)
            .find_map(|(path, plugs)| {
                on_step(LocateStep::Loading { path });
                let component = match request.function {
                    Some(function) => self.exporting(path, function, request.signature),
                    None => self.load_file(path).ok(),
                };
                component.map(|component| (component, plugs))
            });
        match component {
            Some((component, plugs)) => Ok(Located {
                component,
                found_by,
                builds,
                plugs,
            }),
            None => Err(LocateError::NoMatch {
                function: request.function.map(str::to_string),
                candidates,
            }),
        }
    }

    /// Loads `candidates` in order (newest first, as discovery returns them)
    /// and returns the first that exports `function` (any accepted name) and,
    /// when `signature` is given, with that WIT signature. Files that fail
    /// to load are skipped.
    pub fn first_exporting(
        &self,
        candidates: &[PathBuf],
        function: &str,
        signature: Option<&str>,
    ) -> Option<Arc<LoadedComponent>> {
        candidates
            .iter()
            .find_map(|path| self.exporting(path, function, signature))
    }

    /// Loads `path` if it exports `function` (with `signature`, when given).
    fn exporting(
        &self,
        path: &Path,
        function: &str,
        signature: Option<&str>,
    ) -> Option<Arc<LoadedComponent>> {
        let component = self.load_file(path).ok()?;
        let call_name = component.find_export(function).ok()?.call_name.clone();
        let matches = match signature {
            None => true,
            Some(signature) => component
                .exports()
                .iter()
                .any(|export| export.call_name == call_name && export.signature == signature),
        };
        matches.then_some(component)
    }

    /// Loads the plug files and checks them against `consumer` (see
    /// [`Runner::plugs`]); `None` when there are none.
    pub fn prepare_plugs(
        &self,
        consumer_name: &str,
        consumer: &Arc<LoadedComponent>,
        plug_files: &[PathBuf],
    ) -> Result<Option<Arc<Plugs>>, crate::PlugError> {
        if plug_files.is_empty() {
            return Ok(None);
        }
        let mut providers = Vec::new();
        for path in plug_files {
            // `./adder.wasm` or `app/../adder.wasm` (a project file's directory joined to
            // its entry) read as the shortest equivalent path.
            let name = lexically_normal(path).display().to_string();
            let provider = self
                .load_file(path)
                .map_err(|error| crate::PlugError::Load(error.to_string()))?;
            providers.push((name, provider));
        }
        self.plugs(consumer_name, consumer, providers)
            .map(|plugs| Some(Arc::new(plugs)))
    }

    /// Checks that `providers` (named as messages should call them) fit `consumer` and
    /// prepares a run with them ([`RunOptions::plugs`]).
    pub fn plugs(
        &self,
        consumer_name: &str,
        consumer: &Arc<LoadedComponent>,
        providers: Vec<(String, Arc<LoadedComponent>)>,
    ) -> Result<Plugs, crate::PlugError> {
        Plugs::new(consumer_name, consumer, providers, &|bytes| {
            self.load_bytes(bytes, None)
                .map_err(|error| error.to_string())
        })
    }

    /// Parses and types a call against the component's exports without
    /// running it. Returns the export it names.
    pub fn validate_call<'a>(
        &self,
        component: &'a LoadedComponent,
        call: &str,
    ) -> Result<&'a FunctionInfo, RunnerError> {
        let parsed = split_call(call)?;
        let function = component
            .find_export(&parsed.name)
            .map_err(|message| CallSyntaxError {
                message,
                span: parsed.name_span.clone(),
            })?;
        let mut known_handle = |_: &str| None;
        if has_handle_params(function) {
            // Handles only exist in a session; check the rest of the call.
            let params: Vec<_> = function
                .param_types()
                .into_iter()
                .filter(|(_, ty)| {
                    !matches!(
                        ty,
                        wasmtime::component::Type::Own(_) | wasmtime::component::Type::Borrow(_)
                    )
                })
                .collect();
            let arguments = parsed
                .arguments
                .iter()
                .zip(function.param_types())
                .filter(|(_, (_, ty))| {
                    !matches!(
                        ty,
                        wasmtime::component::Type::Own(_) | wasmtime::component::Type::Borrow(_)
                    )
                })
                .map(|(arg, _)| arg.clone())
                .collect();
            let partial = crate::wave::CallText {
                arguments,
                ..parsed.clone()
            };
            type_arguments(&partial, &params, &mut known_handle)?;
        } else {
            type_arguments(&parsed, &function.param_types(), &mut known_handle)?;
        }
        Ok(function)
    }

    /// Runs one call in a fresh sandbox and returns what it produced.
    pub fn run(
        &self,
        component: &Arc<LoadedComponent>,
        call: &str,
        options: &RunOptions,
    ) -> Result<RunOutcome, RunnerError> {
        // One big-stack thread for instantiation and the call together.
        on_big_stack(|| {
            let mut session = self.new_session(component.clone(), options.clone())?;
            let outcome = session.call(call, &self.call_context(options.cancel.as_ref()));
            // The store (and everything the guest allocated) is dropped here.
            drop(session);
            outcome
        })
    }

    fn new_session(
        &self,
        component: Arc<LoadedComponent>,
        mut options: RunOptions,
    ) -> Result<Session, RunnerError> {
        let plugs = options.plugs.take();
        if let Some(plugs) = &plugs
            && plugs.consumer_hash != component.content_hash
        {
            return Err(RunnerError::Link(
                "the plugs were prepared for another component".to_string(),
            ));
        }
        let (linked_order, forwards) = match plugs.as_deref().map(|plugs| &plugs.mode) {
            // Resource handles cross a boundary: run the composition itself.
            Some(PlugMode::Composed(composed)) => {
                return self.new_session(composed.clone(), options);
            }
            Some(PlugMode::Linked { order, forwards }) => (order.as_slice(), forwards.as_slice()),
            None => (&[][..], &[][..]),
        };
        let state = StoreState::new(options.max_memory, options.max_output, MockState::default());
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| state);
        if self.fuel {
            let _ = store.set_fuel(u64::MAX);
        }
        store.epoch_deadline_callback(on_epoch_tick);
        let deadline = Instant::now() + options.timeout;
        store.set_epoch_deadline(1);
        store.data_mut().call_deadline = Some(deadline);
        store.data_mut().cancel = options.cancel.clone();
        let instance = match &plugs {
            None => {
                let pre = instance_pre(&component, options.mocks.as_ref())?;
                self.executor
                    .drive(
                        pre.instantiate_async(&mut store),
                        deadline,
                        options.cancel.as_ref(),
                    )
                    .map_err(|error| RunnerError::Instantiate(format!("{error:#}")))?
            }
            Some(plugs) => {
                // Providers first (each after the plugs it imports from), then the
                // consumer, all in this one store.
                // One mock table for every component of the run: each key must name an
                // open import of one of them.
                if let Some(mocks) = options.mocks.as_deref() {
                    let mut imports = vec![(component.raw_imports(), &forwards[0])];
                    for &index in linked_order {
                        imports.push((plugs.providers[index - 1].raw_imports(), &forwards[index]));
                    }
                    let unmatched = unmatched_mock_keys(mocks, &imports);
                    if let Some(key) = unmatched.first() {
                        return Err(RunnerError::Mock(MockError {
                            source_name: mocks.source.clone(),
                            message: format!(
                                "mock `{key}` matches no open import of the component or its plugs"
                            ),
                        }));
                    }
                }
                store.data_mut().plug_instances = vec![None; plugs.names.len()];
                for &index in linked_order {
                    let provider = &plugs.providers[index - 1];
                    let linker =
                        build_linker(provider, options.mocks.as_deref(), &forwards[index], true)?;
                    let instance = self
                        .executor
                        .drive(
                            linker.instantiate_async(&mut store, &provider.component),
                            deadline,
                            options.cancel.as_ref(),
                        )
                        .map_err(|error| {
                            RunnerError::Instantiate(format!(
                                "plug {}: {error:#}",
                                plugs.names[index]
                            ))
                        })?;
                    store.data_mut().plug_instances[index] = Some(instance);
                }
                let linker = build_linker(
                    &component,
                    options.mocks.as_deref(),
                    forwards.first().unwrap_or(&Default::default()),
                    true,
                )?;
                self.executor
                    .drive(
                        linker.instantiate_async(&mut store, &component.component),
                        deadline,
                        options.cancel.as_ref(),
                    )
                    .map_err(|error| RunnerError::Instantiate(format!("{error:#}")))?
            }
        };
        let mut resource_types = Vec::new();
        for (index, info) in &component.exported_resources {
            if let Some(index) = index
                && let Some(ty) = instance.get_resource(&mut store, index)
            {
                resource_types.push((ty, info.name.clone()));
            }
        }
        for (id, info) in component.imported_resources.iter().enumerate() {
            if let Ok(id) = u32::try_from(id) {
                resource_types.push((ResourceType::host_dynamic(id), info.name.clone()));
            }
        }
        Ok(Session {
            component,
            store,
            instance,
            options,
            handles: BTreeMap::new(),
            counters: HashMap::new(),
            resource_types,
            last_used: Instant::now(),
            trapped_earlier: None,
        })
    }

    /// Starts a session: one instance kept alive across calls, so resource
    /// handles returned by one call (`connection#1`) can be passed to later
    /// ones. Ends on [`Runner::end_session`], when the component file is
    /// loaded again with different contents, or after the idle timeout.
    pub fn open_session(
        &self,
        component: &Arc<LoadedComponent>,
        options: &RunOptions,
    ) -> Result<SessionId, RunnerError> {
        self.reap_idle_sessions();
        let session = self.new_session(component.clone(), options.clone())?;
        let id = self.next_session.fetch_add(1, Ordering::Relaxed);
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                id,
                SessionEntry {
                    component: component.clone(),
                    session: Arc::new(Mutex::new(session)),
                },
            );
        Ok(id)
    }

    fn session(&self, id: SessionId) -> Result<Arc<Mutex<Session>>, RunnerError> {
        self.reap_idle_sessions();
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .map(|entry| entry.session.clone())
            .ok_or(RunnerError::NoSession(id))
    }

    /// Makes a call in a session. Handle names from earlier results may be
    /// passed as arguments; a handle passed as an owned argument is consumed.
    pub fn call_in_session(&self, id: SessionId, call: &str) -> Result<RunOutcome, RunnerError> {
        self.call_in_session_cancellable(id, call, None)
    }

    /// [`Runner::call_in_session`], stopped early when `cancel` is cancelled.
    pub fn call_in_session_cancellable(
        &self,
        id: SessionId,
        call: &str,
        cancel: Option<&CancelToken>,
    ) -> Result<RunOutcome, RunnerError> {
        let session = self.session(id)?;
        let mut session = session.lock().unwrap_or_else(PoisonError::into_inner);
        session.call(call, &self.call_context(cancel))
    }

    fn call_context<'a>(&'a self, cancel: Option<&'a CancelToken>) -> CallContext<'a> {
        CallContext {
            fuel: self.fuel,
            executor: &self.executor,
            cancel,
        }
    }

    /// The live handles of a session, by name.
    pub fn session_handles(&self, id: SessionId) -> Result<Vec<String>, RunnerError> {
        let session = self.session(id)?;
        let session = session.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(session.handles.keys().cloned().collect())
    }

    /// Drops a handle, running the guest's destructor for owned resources.
    pub fn drop_handle(&self, id: SessionId, handle: &str) -> Result<RunOutcome, RunnerError> {
        let session = self.session(id)?;
        let mut session = session.lock().unwrap_or_else(PoisonError::into_inner);
        session.drop_handle(handle, &self.call_context(None))
    }

    /// Ends a session, dropping its instance. Returns whether it existed.
    pub fn end_session(&self, id: SessionId) -> bool {
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id)
            .is_some()
    }

    /// The sessions still open.
    pub fn session_ids(&self) -> Vec<SessionId> {
        self.reap_idle_sessions();
        let mut ids: Vec<SessionId> = self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .copied()
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Ends sessions idle longer than the configured timeout.
    pub fn reap_idle_sessions(&self) {
        let timeout = self.session_idle_timeout;
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.retain(|_, entry| match entry.session.try_lock() {
            Ok(session) => session.last_used.elapsed() < timeout,
            // In use right now: not idle.
            Err(_) => true,
        });
    }

    /// Ends every session of the component at `path` (it was rebuilt).
    pub fn end_sessions_for(&self, path: &Path) {
        self.end_stale_sessions(path, "");
    }

    fn end_stale_sessions(&self, path: &Path, current_hash: &str) {
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.retain(|_, entry| {
            entry.component.origin.as_deref() != Some(path)
                || entry.component.content_hash == current_hash
        });
    }
}

/// `path` without `.` components and with `dir/..` pairs removed (no file system access).
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(normal.components().next_back(), Some(Component::Normal(_))) =>
            {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    if normal.as_os_str().is_empty() {
        normal.push(".");
    }
    normal
}

fn has_handle_params(function: &FunctionInfo) -> bool {
    function.param_types().iter().any(|(_, ty)| {
        matches!(
            ty,
            wasmtime::component::Type::Own(_) | wasmtime::component::Type::Borrow(_)
        )
    })
}

/// When guest code started, its deadline, and the fuel left before it ran.
struct InvokeStart {
    started: Instant,
    deadline: Instant,
    fuel_before: Option<u64>,
}

/// What a call runs with besides its session.
struct CallContext<'a> {
    fuel: bool,
    executor: &'a Executor,
    cancel: Option<&'a CancelToken>,
}

fn instance_pre(
    component: &LoadedComponent,
    mocks: Option<&Arc<Mocks>>,
) -> Result<InstancePre<StoreState>, RunnerError> {
    let mut cache = component
        .instance_pres
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some((_, pre)) = cache.iter().find(|(key, _)| match (key, mocks) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
        _ => false,
    }) {
        return Ok(pre.clone());
    }
    let linker = build_linker(
        component,
        mocks.map(|mocks| &**mocks),
        &Default::default(),
        false,
    )?;
    let pre = linker
        .instantiate_pre(&component.component)
        .map_err(|error| RunnerError::Link(format!("{error:#}")))?;
    if cache.len() >= 8 {
        cache.remove(0);
    }
    cache.push((mocks.cloned(), pre.clone()));
    Ok(pre)
}

/// Runs `f` where it may block on the runner's runtime. Guest code runs on
/// wasmtime fibers with their own stacks (the wasm stack limit plus room for
/// host calls), so the calling thread's stack is not at stake: `f` runs
/// inline on a plain thread (the CLI, a benchmark, a test), which keeps an
/// in-session call free of thread start-up. A thread that belongs to a tokio
/// runtime (a worker, or a `spawn_blocking` thread of the language server)
/// must not block on another runtime from inside it, so there `f` runs on a
/// fresh thread with a large stack.
fn on_big_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    thread_local! {
        static ON_BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if ON_BIG_STACK.get() || tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    let cell = Mutex::new(Some(f));
    let take = || cell.lock().unwrap_or_else(PoisonError::into_inner).take();
    let spawned = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("wit-runner-call".into())
            .stack_size(HOST_STACK)
            .spawn_scoped(scope, || {
                ON_BIG_STACK.set(true);
                take().map(|f| f())
            });
        match handle {
            Ok(handle) => match handle.join() {
                Ok(value) => value,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => None,
        }
    });
    match spawned {
        Some(value) => value,
        // No thread could be started (the OS is out of resources): run on
        // this thread's stack rather than not at all.
        None => match take() {
            Some(f) => f(),
            None => std::panic::resume_unwind(Box::new("wit-runner: call closure lost")),
        },
    }
}

impl wasmtime::ResourceLimiter for StoreState {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = self.limits.memory_growing(current, desired, maximum);
        if allowed.is_err() {
            self.memory_limit_hit = true;
        }
        allowed
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }
    fn tables(&self) -> usize {
        self.limits.tables()
    }
    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

/// A live instance and its named handles.
struct Session {
    component: Arc<LoadedComponent>,
    store: Store<StoreState>,
    instance: Instance,
    options: RunOptions,
    handles: BTreeMap<String, ResourceAny>,
    counters: HashMap<String, u32>,
    resource_types: Vec<(ResourceType, String)>,
    last_used: Instant,
    /// Set by a call that trapped: wasmtime never enters the instance again.
    trapped_earlier: Option<String>,
}

impl Session {
    fn resource_name(&self, resource: &ResourceAny) -> String {
        let ty = resource.ty();
        self.resource_types
            .iter()
            .find(|(known, _)| *known == ty)
            .map_or_else(|| "resource".to_string(), |(_, name)| name.clone())
    }

    fn call(&mut self, call: &str, context: &CallContext<'_>) -> Result<RunOutcome, RunnerError> {
        self.last_used = Instant::now();
        let parsed = split_call(call)?;
        if let Some(outcome) = self.refuse_after_trap(&parsed.name) {
            return Ok(outcome);
        }
        let function = self
            .component
            .find_export(&parsed.name)
            .map_err(|message| CallSyntaxError {
                message,
                span: parsed.name_span.clone(),
            })?
            .clone();
        let params = function.param_types();
        let handles = &self.handles;
        let args = type_arguments(&parsed, &params, |name| handles.get(name).copied())?;
        let func = function
            .export_index
            .as_ref()
            .and_then(|index| self.instance.get_func(&mut self.store, index))
            .ok_or_else(|| {
                RunnerError::UnknownFunction(format!(
                    "`{}` is not a function of this instance",
                    function.call_name
                ))
            })?;
        // Owned handles passed in move into the guest.
        for ((_, ty), arg) in params.iter().zip(&parsed.arguments) {
            if matches!(ty, wasmtime::component::Type::Own(_)) {
                self.handles.remove(&arg.text);
            }
        }
        let mut results = vec![Val::Bool(false); function.ty.results().len()];
        let started = self.begin_invoke(context);
        let result = context.executor.drive(
            func.call_async(&mut self.store, &args, &mut results),
            started.deadline,
            context.cancel,
        );
        let outcome = self.end_invoke(result, &started);
        let result = match outcome.0 {
            Ok(()) => {
                self.name_new_handles(&results);
                let handles = self.handles.clone();
                let mut name_handle = |resource: &ResourceAny| {
                    handles
                        .iter()
                        .find(|(_, known)| *known == resource)
                        .map_or_else(|| "<resource>".to_string(), |(name, _)| name.clone())
                };
                let wave = results
                    .first()
                    .map(|val| format_wave(val, &mut name_handle));
                let json = results.first().map_or(serde_json::Value::Null, |val| {
                    to_json(val, &mut name_handle)
                });
                CallResult::Returned { wave, json }
            }
            Err(error) => self.describe_trap(&error),
        };
        Ok(self.finish(function.call_name.clone(), result, outcome.1, outcome.2))
    }

    fn drop_handle(
        &mut self,
        handle: &str,
        context: &CallContext<'_>,
    ) -> Result<RunOutcome, RunnerError> {
        self.last_used = Instant::now();
        if !self.handles.contains_key(handle) {
            return Err(RunnerError::NoHandle(handle.to_string()));
        }
        if let Some(outcome) = self.refuse_after_trap(&format!("drop {handle}")) {
            return Ok(outcome);
        }
        let resource = self
            .handles
            .remove(handle)
            .ok_or_else(|| RunnerError::NoHandle(handle.to_string()))?;
        let started = self.begin_invoke(context);
        let result = context.executor.drive(
            resource.resource_drop_async(&mut self.store),
            started.deadline,
            context.cancel,
        );
        let outcome = self.end_invoke(result, &started);
        let result = match outcome.0 {
            Ok(()) => CallResult::Returned {
                wave: None,
                json: serde_json::Value::Null,
            },
            Err(error) => self.describe_trap(&error),
        };
        Ok(self.finish(format!("drop {handle}"), result, outcome.1, outcome.2))
    }

    /// Arms a fresh deadline (and the caller's cancel token) before guest
    /// code runs.
    fn begin_invoke(&mut self, context: &CallContext<'_>) -> InvokeStart {
        let fuel_before = if context.fuel {
            self.store.get_fuel().ok()
        } else {
            None
        };
        let started = Instant::now();
        let deadline = started + self.options.timeout;
        let state = self.store.data_mut();
        state.memory_limit_hit = false;
        state.call_deadline = Some(deadline);
        state.cancel = context.cancel.cloned();
        self.store.set_epoch_deadline(1);
        InvokeStart {
            started,
            deadline,
            fuel_before,
        }
    }

    /// Returns the guest code's result with the fuel it used and its wall time.
    fn end_invoke(
        &mut self,
        result: wasmtime::Result<()>,
        start: &InvokeStart,
    ) -> (wasmtime::Result<()>, Option<u64>, Duration) {
        let elapsed = start.started.elapsed();
        let state = self.store.data_mut();
        state.call_deadline = None;
        state.cancel = None;
        let fuel_used = start.fuel_before.and_then(|before| {
            self.store
                .get_fuel()
                .ok()
                .map(|after| before.saturating_sub(after))
        });
        (result, fuel_used, elapsed)
    }

    fn name_new_handles(&mut self, results: &[Val]) {
        let mut found = Vec::new();
        collect_resources(results, &mut found);
        for resource in found {
            if self.handles.values().any(|known| *known == resource) || !resource.owned() {
                continue;
            }
            let name = self.resource_name(&resource);
            let counter = self.counters.entry(name.clone()).or_insert(0);
            *counter += 1;
            self.handles.insert(format!("{name}#{counter}"), resource);
        }
    }

    fn describe_trap(&self, error: &wasmtime::Error) -> CallResult {
        let backtrace = error
            .downcast_ref::<WasmBacktrace>()
            .map(|backtrace| {
                backtrace
                    .to_string()
                    .lines()
                    .map(str::trim)
                    .filter(|line| {
                        !line.is_empty()
                            && *line != "wasm backtrace:"
                            && !line.starts_with("error while executing at wasm backtrace")
                    })
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let (kind, message) = if let Some(unmocked) = error.downcast_ref::<UnmockedImport>() {
            (TrapKind::ImportNotMocked, unmocked.to_string())
        } else if let Some(exhausted) = error.downcast_ref::<MockExhausted>() {
            (TrapKind::MockExhausted, exhausted.to_string())
        } else if self.store.data().memory_limit_hit {
            (
                TrapKind::MemoryLimit,
                format!(
                    "memory limit reached: the guest tried to grow its memory past {} bytes",
                    self.options.max_memory
                ),
            )
        } else if error.downcast_ref::<DeadlineExceeded>().is_some() {
            (
                TrapKind::Deadline,
                format!(
                    "deadline exceeded: the call ran longer than {:?} and was stopped",
                    self.options.timeout
                ),
            )
        } else if error.downcast_ref::<Cancelled>().is_some() {
            (
                TrapKind::Cancelled,
                "cancelled: the run was stopped on request".to_string(),
            )
        } else if let Some(trap) = error.downcast_ref::<Trap>() {
            match trap {
                Trap::Interrupt => (
                    TrapKind::Deadline,
                    format!(
                        "deadline exceeded: the call ran longer than {:?} and was stopped",
                        self.options.timeout
                    ),
                ),
                Trap::StackOverflow => (
                    TrapKind::StackOverflow,
                    "stack overflow: the guest recursed deeper than the wasm stack allows".into(),
                ),
                Trap::UnreachableCodeReached => (
                    TrapKind::Unreachable,
                    "wasm `unreachable` instruction executed (a guest panic or abort)".into(),
                ),
                other => (TrapKind::Other, other.to_string()),
            }
        } else {
            (TrapKind::Other, root_message(error))
        };
        CallResult::Trapped {
            kind,
            message,
            backtrace,
        }
    }

    /// After a trap the instance cannot be entered again; says so (with the
    /// first trap's message) instead of wasmtime's bare refusal.
    fn refuse_after_trap(&mut self, function: &str) -> Option<RunOutcome> {
        let earlier = self.trapped_earlier.clone()?;
        let result = CallResult::Trapped {
            kind: TrapKind::Other,
            message: format!(
                "this session's instance trapped earlier ({earlier}) and cannot be called \
                 again; end the session and start a new session"
            ),
            backtrace: Vec::new(),
        };
        Some(self.finish(function.to_string(), result, None, Duration::ZERO))
    }

    fn finish(
        &mut self,
        function: String,
        result: CallResult,
        fuel_consumed: Option<u64>,
        elapsed: Duration,
    ) -> RunOutcome {
        if let CallResult::Trapped { message, .. } = &result
            && self.trapped_earlier.is_none()
        {
            self.trapped_earlier = Some(message.clone());
        }
        let state = self.store.data_mut();
        RunOutcome {
            function,
            result,
            stdout: state.stdout.take(),
            stderr: state.stderr.take(),
            import_calls: state.take_calls(),
            fuel_consumed,
            call_micros: u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        }
    }
}

fn root_message(error: &wasmtime::Error) -> String {
    let messages: Vec<String> = error
        .chain()
        .map(|cause| cause.to_string())
        .filter(|message| !message.starts_with("error while executing at wasm backtrace"))
        .collect();
    messages.join(": ")
}

fn collect_resources(values: &[Val], found: &mut Vec<ResourceAny>) {
    for value in values {
        match value {
            Val::Resource(resource) => found.push(*resource),
            Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => {
                collect_resources(items, found);
            }
            Val::Map(entries) => {
                for (key, value) in entries {
                    collect_resources(std::slice::from_ref(key), found);
                    collect_resources(std::slice::from_ref(value), found);
                }
            }
            Val::Record(fields) => {
                for (_, value) in fields {
                    collect_resources(std::slice::from_ref(value), found);
                }
            }
            Val::Variant(_, Some(payload))
            | Val::Option(Some(payload))
            | Val::Result(Ok(Some(payload)) | Err(Some(payload))) => {
                collect_resources(std::slice::from_ref(&**payload), found);
            }
            _ => {}
        }
    }
}

/// Whether a function's kind involves a resource.
pub fn resource_of(function: &FunctionInfo) -> Option<&str> {
    match &function.kind {
        FunctionKind::Freestanding => None,
        FunctionKind::Constructor { resource }
        | FunctionKind::Method { resource }
        | FunctionKind::Static { resource } => Some(resource),
    }
}
