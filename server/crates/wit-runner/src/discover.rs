//! Finding the built component for a WIT package (this module does the file
//! IO): an explicit path first; then a `[[component]]` entry of the
//! project file (the nearest `wit-lsp.toml` in the package directory or above); then
//! `*.wasm` files under the usual build outputs and next to the WIT, newest
//! first. Also decides whether a configured build command must run first,
//! and runs it with its output captured.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use serde::Serialize;

pub use wit_project::config::CONFIG_FILE;

/// A problem finding or building a component, naming the file involved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiscoverError {
    #[error("{0}")]
    Config(#[from] wit_project::config::ConfigError),
    #[error("{0}")]
    NotFound(String),
}

/// How a component was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FoundBy {
    Explicit,
    Config,
    Discovered,
}

/// A component file and how it was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FoundComponent {
    pub path: PathBuf,
    pub found_by: FoundBy,
    /// The configured build command and the directory to run it in.
    pub build: Option<(String, PathBuf)>,
    /// Its configured plugs (`plugs` of its `[[component]]` entry).
    #[serde(skip)]
    pub plugs: Vec<wit_project::config::PlugConfig>,
}

/// The project file whose `[mocks]` table applies to the package: the nearest
/// `wit-lsp.toml` (see [`wit_project::config::find_config`]) when it has mocks, or when it
/// cannot be read, so that reading it as a mock file reports the problem with its place.
pub fn mocks_file(package_dir: &Path) -> Option<PathBuf> {
    let file = wit_project::config::find_config(package_dir)?;
    match wit_project::config::load_config(&file) {
        Ok(config) if config.mocks.is_empty() => None,
        _ => Some(file),
    }
}

/// `*.wasm` files under the usual build outputs of a project and next to
/// its WIT, newest first. `package_dir` is the WIT package directory; its
/// parent is taken as the project directory when it is named `wit`.
pub fn candidate_components(package_dir: &Path, workspace_root: Option<&Path>) -> Vec<PathBuf> {
    let mut project_dirs = vec![package_dir.to_path_buf()];
    if let Some(parent) = package_dir.parent() {
        project_dirs.push(parent.to_path_buf());
    }
    if let Some(root) = workspace_root {
        project_dirs.push(root.to_path_buf());
    }
    let mut dirs = Vec::new();
    for project in &project_dirs {
        dirs.push(project.clone());
        for target in ["wasm32-wasip2", "wasm32-wasip1"] {
            for profile in ["release", "debug"] {
                dirs.push(project.join("target").join(target).join(profile));
            }
        }
    }
    let mut files: Vec<(SystemTime, PathBuf)> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "wasm")
                && path.is_file()
                && !files.iter().any(|(_, known)| *known == path)
            {
                let modified = entry
                    .metadata()
                    .and_then(|metadata| metadata.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((modified, path));
            }
        }
    }
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    files.into_iter().map(|(_, path)| path).collect()
}

/// Finds the component for a package, in the documented order. `world`
/// (`ns:pkg/world`) picks among several `[[component]]` entries. Discovered
/// files are returned newest first for the caller to check which one
/// exports what it needs (see `Runner::first_exporting`).
pub fn find_components(
    explicit: Option<&Path>,
    package_dir: &Path,
    workspace_root: Option<&Path>,
    world: Option<&str>,
) -> Result<Vec<FoundComponent>, DiscoverError> {
    if let Some(path) = explicit {
        if !path.is_file() {
            return Err(DiscoverError::NotFound(format!(
                "component `{}` does not exist",
                path.display()
            )));
        }
        return Ok(vec![FoundComponent {
            path: path.to_path_buf(),
            found_by: FoundBy::Explicit,
            build: None,
            plugs: Vec::new(),
        }]);
    }
    if let Some(file) = wit_project::config::find_config(package_dir) {
        let config = wit_project::config::load_config(&file)?;
        let base = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let matching: Vec<&wit_project::config::ComponentConfig> = config
            .components
            .iter()
            .filter(|entry| match (world, &entry.world) {
                (Some(wanted), Some(have)) => world_matches(wanted, have),
                _ => true,
            })
            .collect();
        if !matching.is_empty() {
            return Ok(matching
                .into_iter()
                .map(|entry| FoundComponent {
                    path: entry.path.clone(),
                    found_by: FoundBy::Config,
                    build: entry.build.clone().map(|command| (command, base.clone())),
                    plugs: entry.plugs.clone(),
                })
                .collect());
        }
    }
    let discovered = candidate_components(package_dir, workspace_root);
    if discovered.is_empty() {
        return Err(DiscoverError::NotFound(format!(
            "no built component found for `{}`: build it (e.g. `cargo build --target \
             wasm32-wasip2 --release`), give its path, or add a `[[component]]` entry to {CONFIG_FILE}",
            package_dir.display()
        )));
    }
    Ok(discovered
        .into_iter()
        .map(|path| FoundComponent {
            path,
            found_by: FoundBy::Discovered,
            build: None,
            plugs: Vec::new(),
        })
        .collect())
}

fn world_matches(wanted: &str, have: &str) -> bool {
    let strip = |name: &str| name.split('@').next().unwrap_or(name).to_string();
    wanted == have || strip(wanted) == strip(have)
}

fn newest_modification(path: &Path, newest: &mut Option<SystemTime>) {
    let Ok(metadata) = std::fs::metadata(path) else {
        return;
    };
    if metadata.is_dir() {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if name == "target" || name.starts_with('.') {
            return;
        }
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                newest_modification(&entry.path(), newest);
            }
        }
    } else if let Ok(modified) = metadata.modified()
        && newest.is_none_or(|current| modified > current)
    {
        *newest = Some(modified);
    }
}

/// Whether the component is missing or older than any of `inputs` (files or
/// directories searched recursively, skipping `target/` and dot-folders).
pub fn needs_rebuild(component: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(built) = std::fs::metadata(component).and_then(|metadata| metadata.modified()) else {
        return true;
    };
    let mut newest = None;
    for input in inputs {
        newest_modification(input, &mut newest);
    }
    newest.is_some_and(|newest| newest > built)
}

/// What a build command did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuildOutcome {
    pub command: String,
    pub success: bool,
    /// stdout and stderr of the command, interleaved by stream.
    pub output: String,
}

/// Runs a configured build command through the shell in `dir`, capturing
/// its output.
pub fn run_build(command: &str, dir: &Path) -> BuildOutcome {
    run_build_cancellable(command, dir, None)
}

/// [`run_build`], stopped when `cancel` is cancelled: the shell and every
/// process it started (its process group, on Unix) are killed and the
/// outcome is a failure whose output ends with `(cancelled)`.
pub fn run_build_cancellable(
    command: &str,
    dir: &Path,
    cancel: Option<&crate::CancelToken>,
) -> BuildOutcome {
    use std::io::Read;
    use std::process::Stdio;

    let mut shell = if cfg!(windows) {
        let mut shell = Command::new("cmd");
        shell.arg("/C");
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c");
        shell
    };
    shell
        .arg(command)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so a cancel reaches the compiler the shell runs.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    let failed = |error: std::io::Error| BuildOutcome {
        command: command.to_string(),
        success: false,
        output: format!("cannot run `{command}` in {}: {error}", dir.display()),
    };
    let mut child = match shell.spawn() {
        Ok(child) => child,
        Err(error) => return failed(error),
    };
    // Both pipes are drained while the command runs, so a chatty build never
    // blocks on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    );
    let mut cancelled = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) => {}
            Err(error) => break Err(error),
        }
        if !cancelled && cancel.is_some_and(crate::CancelToken::is_cancelled) {
            cancelled = true;
            #[cfg(unix)]
            {
                let group = rustix::process::Pid::from_child(&child);
                let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
            }
            let _ = child.kill();
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let text = |handle: std::thread::JoinHandle<Vec<u8>>| {
        handle
            .join()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    };
    let mut output = format!("{}{}", text(stdout), text(stderr));
    match status {
        Ok(status) => {
            if cancelled {
                if !output.is_empty() && !output.ends_with('\n') {
                    output.push('\n');
                }
                output.push_str("(cancelled)");
            }
            BuildOutcome {
                command: command.to_string(),
                success: status.success() && !cancelled,
                output,
            }
        }
        Err(error) => failed(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_cancelled_build_stops_with_everything_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let cancel = crate::CancelToken::new();
        let canceller = {
            let cancel = cancel.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(200));
                cancel.cancel();
            })
        };
        let started = std::time::Instant::now();
        // A background job that would write `late` after the cancel, and a
        // foreground wait that would hold the build for 30 s.
        let outcome = run_build_cancellable(
            "echo building; (sleep 1; touch late) & sleep 30",
            dir.path(),
            Some(&cancel),
        );
        canceller.join().unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
        assert!(!outcome.success);
        assert_eq!(outcome.output, "building\n(cancelled)");
        std::thread::sleep(std::time::Duration::from_millis(1500));
        assert!(
            !dir.path().join("late").exists(),
            "a process the build started outlived the cancel"
        );
    }

    fn touch(path: &Path, contents: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    #[test]
    fn explicit_then_config_then_discovery() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path();
        let wit = project.join("wit");
        touch(&wit.join("world.wit"), "package a:b;");
        assert!(matches!(
            find_components(None, &wit, None, None),
            Err(DiscoverError::NotFound(_))
        ));

        let old = project.join("target/wasm32-wasip2/debug/old.wasm");
        touch(&old, "old");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let new = project.join("target/wasm32-wasip1/release/new.wasm");
        touch(&new, "new");
        let found = find_components(None, &wit, None, None).unwrap();
        let paths: Vec<&Path> = found.iter().map(|found| found.path.as_path()).collect();
        assert_eq!(paths, [new.as_path(), old.as_path()]);
        assert!(
            found
                .iter()
                .all(|found| found.found_by == FoundBy::Discovered)
        );

        touch(
            &project.join(CONFIG_FILE),
            "[[component]]\nworld = \"a:b/w\"\npath = \"out/c.wasm\"\nbuild = \"make\"\n\
             [[component]]\nworld = \"a:b/other\"\npath = \"out/d.wasm\"\n",
        );
        let found = find_components(None, &wit, None, Some("a:b/w@1.0.0")).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, project.join("out/c.wasm"));
        assert_eq!(found[0].found_by, FoundBy::Config);
        assert_eq!(found[0].build, Some(("make".into(), project.to_path_buf())));

        let explicit = find_components(Some(&old), &wit, None, None).unwrap();
        assert_eq!(explicit[0].found_by, FoundBy::Explicit);
        assert!(find_components(Some(&project.join("nope.wasm")), &wit, None, None).is_err());
    }

    #[test]
    fn bad_config_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CONFIG_FILE);
        touch(&file, "[[component]]\nworld = 3\npath = \"x\"\n");
        let wit = dir.path().join("wit");
        touch(&wit.join("world.wit"), "package a:b;");
        let error = find_components(None, &wit, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("wit-lsp.toml:2:9") && error.contains("`component.world`"),
            "{error}"
        );
        touch(&file, "[[component]]\nworld = \"x\"\n");
        assert!(
            find_components(None, &wit, None, None)
                .unwrap_err()
                .to_string()
                .contains("`component[1].path` is required")
        );
    }

    #[test]
    fn rebuild_when_inputs_are_newer_and_builds_capture_output() {
        let dir = tempfile::tempdir().unwrap();
        let component = dir.path().join("c.wasm");
        let source = dir.path().join("src/lib.rs");
        assert!(needs_rebuild(&component, &[dir.path().to_path_buf()]));
        touch(&source, "fn main() {}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        touch(&component, "built");
        assert!(!needs_rebuild(&component, &[dir.path().join("src")]));
        std::thread::sleep(std::time::Duration::from_millis(20));
        touch(&source, "fn main() { }");
        assert!(needs_rebuild(&component, &[dir.path().join("src")]));

        let ok = run_build("echo built; echo warned >&2", dir.path());
        assert!(ok.success);
        assert!(
            ok.output.contains("built") && ok.output.contains("warned"),
            "{}",
            ok.output
        );
        let failed = run_build("echo broken >&2; exit 3", dir.path());
        assert!(!failed.success);
        assert!(failed.output.contains("broken"));
    }
}
