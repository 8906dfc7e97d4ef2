//! What run-related requests share: the one [`Runner`] (made on first use: it starts an
//! epoch thread), the last call text of each function (to prefill the next run), and the
//! numbering of the progress tokens the server creates. Finding a component
//! ([`Runs::locate`]) blocks: callers run it on a blocking thread.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tower_lsp_server::ls_types as lsp;
use wit_runner::{
    CancelToken, LoadedComponent, LocateRequest, LocateStep, Mocks, Plugs, Runner, RunnerConfig,
};

use wit_project::config::ProjectConfig;

use crate::locks;
use crate::protocol::ExportTarget;
use crate::session::settings::RunnerSettings;

#[derive(Default)]
pub struct Runs {
    runner: OnceLock<Result<Arc<Runner>, String>>,
    last_calls: Mutex<HashMap<String, String>>,
    next_progress: AtomicU64,
    /// Plug checks by the stamps of the files checked: plug index and message.
    plug_checks: Mutex<HashMap<Vec<FileStamp>, wit_runner::PlugRefusals>>,
    /// The interfaces each plug file exports, by its stamp.
    plug_exports: Mutex<HashMap<FileStamp, Vec<String>>>,
}

/// Where a run's component is looked for, from the document's place in the workspace.
pub(crate) struct RunContext {
    /// The package directory of the document (or the directory of a single-file package).
    pub package_dir: PathBuf,
    /// The workspace folder holding it; relative paths of the settings are resolved there.
    pub workspace_root: Option<PathBuf>,
    pub settings: RunnerSettings,
}

/// A component found and loaded, with the runner and the mocks to run it with.
pub(crate) struct Located {
    pub runner: Arc<Runner>,
    pub component: Arc<LoadedComponent>,
    pub mocks: Option<Arc<Mocks>>,
    /// The plugs its `[[component]]` entry configures, checked to fit.
    pub plugs: Option<Arc<Plugs>>,
}

impl Runs {
    pub(crate) fn runner(&self) -> Result<Arc<Runner>, String> {
        self.runner
            .get_or_init(|| {
                Runner::new(RunnerConfig::default())
                    .map(Arc::new)
                    .map_err(|error| error.to_string())
            })
            .clone()
    }

    /// Finds (building it first when `run_builds` and one is configured) and loads the
    /// component for `target`, and the mocks: `mock_file` (from the request), else the
    /// `runner.mockFile` setting, else the project's `[mocks]` table. Each step is reported
    /// to `on_step`; a build in progress is killed when `cancel` fires.
    pub(crate) fn locate(
        &self,
        target: &ExportTarget,
        context: &RunContext,
        mock_file: Option<PathBuf>,
        run_builds: bool,
        on_step: &mut dyn FnMut(LocateStep<'_>),
        cancel: Option<&CancelToken>,
    ) -> Result<Located, String> {
        let runner = self.runner()?;
        // Paths from the settings are relative to the workspace root.
        let in_workspace = |path: PathBuf| match (&context.workspace_root, path.is_relative()) {
            (Some(root), true) => root.join(path),
            _ => path,
        };
        let explicit = target
            .component
            .clone()
            .or(context.settings.component.clone())
            .map(in_workspace);
        let mock_file = mock_file
            .or(context.settings.mock_file.clone())
            .map(in_workspace);
        let located = runner
            .locate_with_steps(
                &LocateRequest {
                    explicit: explicit.as_deref(),
                    package_dir: &context.package_dir,
                    workspace_root: context.workspace_root.as_deref(),
                    world: target.world.as_deref(),
                    function: Some(&target.function),
                    signature: None,
                    run_builds,
                },
                on_step,
                cancel,
            )
            .map_err(|error| error.to_string())?;
        let mocks = mock_file
            .or_else(|| wit_runner::discover::mocks_file(&context.package_dir))
            .map(|file| Mocks::from_file(&file).map(Arc::new))
            .transpose()
            .map_err(|error| error.to_string())?;
        let name = located
            .component
            .origin
            .as_deref()
            .map_or_else(|| "the component".to_string(), file_name);
        // Plugs are named by their file names in the run report, as the lens shows files.
        let plugs = if located.plugs.is_empty() {
            None
        } else {
            let mut providers = Vec::new();
            for path in &located.plugs {
                let provider = runner.load_file(path).map_err(|error| error.to_string())?;
                providers.push((file_name(path), provider));
            }
            let plugs = runner
                .plugs(&name, &located.component, providers)
                .map_err(|error| error.to_string())?;
            Some(Arc::new(plugs))
        };
        Ok(Located {
            runner,
            component: located.component,
            mocks,
            plugs,
        })
    }

    /// The call text last run for `function` (its full call name).
    pub(crate) fn last_call(&self, function: &str) -> Option<String> {
        locks::lock(&self.last_calls).get(function).cloned()
    }

    pub(crate) fn remember_call(&self, function: &str, call: &str) {
        locks::lock(&self.last_calls).insert(function.to_string(), call.to_string());
    }

    /// A fresh token for a progress the server creates.
    pub(crate) fn next_progress_token(&self) -> lsp::ProgressToken {
        let number = self.next_progress.fetch_add(1, Ordering::Relaxed);
        lsp::ProgressToken::String(format!("wit-lsp/run/{number}"))
    }
}

/// A file's identity for the plug-check cache: its path, length and modification time.
type FileStamp = (PathBuf, Option<(u64, std::time::SystemTime)>);

fn stamp(path: &Path) -> FileStamp {
    let meta = std::fs::metadata(path)
        .ok()
        .and_then(|meta| Some((meta.len(), meta.modified().ok()?)));
    (path.to_path_buf(), meta)
}

impl Runs {
    /// [`wit_runner::refusals_of`], kept until one of the files changes.
    pub(crate) fn cached_refusals(
        &self,
        component: &Path,
        plugs: &[PathBuf],
    ) -> wit_runner::PlugRefusals {
        let key: Vec<FileStamp> = std::iter::once(component)
            .chain(plugs.iter().map(PathBuf::as_path))
            .map(stamp)
            .collect();
        if let Some(cached) = locks::lock(&self.plug_checks).get(&key).cloned() {
            return cached;
        }
        let refusals = wit_runner::refusals_of(component, plugs);
        let mut checks = locks::lock(&self.plug_checks);
        if checks.len() >= 64 {
            checks.clear();
        }
        checks.insert(key, refusals.clone());
        refusals
    }
}

impl Runs {
    /// The plugs (file names) configured for `world` (`ns:pkg/name`, any version) that
    /// export `interface` (`ns:pkg/name`, any version), from the `[[component]]` entries
    /// of `config` for that world (or for no world in particular).
    pub(crate) fn plugs_providing(
        &self,
        config: &ProjectConfig,
        world: &str,
        interface: &str,
    ) -> Vec<String> {
        let unversioned = |name: &str| name.split('@').next().unwrap_or(name).to_string();
        let mut providers = Vec::new();
        for entry in &config.components {
            if entry
                .world
                .as_deref()
                .is_some_and(|have| unversioned(have) != unversioned(world))
            {
                continue;
            }
            for plug in &entry.plugs {
                let key = stamp(&plug.path);
                let cached = locks::lock(&self.plug_exports).get(&key).cloned();
                let exports = cached.unwrap_or_else(|| {
                    let exports = std::fs::read(&plug.path)
                        .ok()
                        .and_then(|bytes| {
                            wit_runner::compose::exported_interfaces(
                                &wit_runner::compose::ComposeInput {
                                    name: String::new(),
                                    bytes: &bytes,
                                },
                            )
                            .ok()
                        })
                        .unwrap_or_default();
                    let mut cache = locks::lock(&self.plug_exports);
                    if cache.len() >= 64 {
                        cache.clear();
                    }
                    cache.insert(key, exports.clone());
                    exports
                });
                if exports
                    .iter()
                    .any(|export| unversioned(export) == unversioned(interface))
                {
                    providers.push(file_name(&plug.path));
                }
            }
        }
        providers
    }
}

/// What a locate step looks like in the progress UI.
pub(crate) fn describe_step(step: LocateStep<'_>) -> String {
    match step {
        LocateStep::Building { command, dir } => {
            format!("Building: `{command}` in {}…", dir.display())
        }
        LocateStep::Loading { path } => format!("Compiling {}…", file_name(path)),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
