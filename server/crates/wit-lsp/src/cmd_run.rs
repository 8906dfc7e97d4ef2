//! `wit-lsp run`: call an export of a built component in the sandbox and
//! print its result, the guest's output and the import calls it made; or
//! list the exports with `--list`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use wit_runner::{
    CallResult, FunctionInfo, Mocks, PlugError, Plugs, RunOptions, RunOutcome, Runner,
    RunnerConfig, RunnerError,
};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Results as WAVE text, guest output in labelled sections.
    Wave,
    /// One JSON object.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The component: a `.wasm` (or `.wat`) file, or a project directory to
    /// find it in (a `wit-lsp.toml` `[[component]]` entry, running its `build`
    /// command when the sources are newer, else the newest `*.wasm` under
    /// `target/wasm32-wasip{2,1}/{release,debug}` that exports the function).
    component: PathBuf,

    /// The call, e.g. 'add(1, 2)' or 'greetings.greet("Ann", casual)'.
    #[arg(required_unless_present = "list")]
    call: Option<String>,

    /// List the exports with their WIT signatures instead of calling one.
    #[arg(long, conflicts_with = "call")]
    list: bool,

    /// WIT package (file or directory) to check the component against first.
    #[arg(long)]
    wit: Option<PathBuf>,

    /// World in the `--wit` package, when it has several.
    #[arg(long, requires = "wit")]
    world: Option<String>,

    /// TOML file with a `[mocks]` table for imports WASI does not provide.
    #[arg(long)]
    mock: Option<PathBuf>,

    /// A component whose exports satisfy imports of the component (or of another
    /// plug); repeat for several. Calls across a plug are shown with the import calls.
    #[arg(long = "plug", value_name = "PROVIDER")]
    plugs: Vec<PathBuf>,

    /// Seconds the call may run.
    #[arg(long, default_value_t = 5.0)]
    timeout: f64,

    /// Bytes of linear memory the guest may use.
    #[arg(long, default_value_t = 256 * 1024 * 1024)]
    max_memory: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Wave)]
    format: Format,

    /// Do not use the on-disk compile cache.
    #[arg(long)]
    no_cache: bool,
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub fn run(args: Args) -> ExitCode {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return usage_error("--timeout must be a positive number of seconds");
    }
    // Without --mock, a project directory's own wit-lsp.toml `[mocks]` is used, as the
    // editor does.
    let mock_file = args.mock.clone().or_else(|| {
        args.component
            .is_dir()
            .then(|| wit_runner::discover::mocks_file(&args.component))
            .flatten()
    });
    let mocks = match &mock_file {
        Some(path) => match Mocks::from_file(path) {
            Ok(mocks) => Some(Arc::new(mocks)),
            Err(error) => return usage_error(error),
        },
        None => None,
    };
    let config = RunnerConfig {
        cache_dir: if args.no_cache {
            None
        } else {
            RunnerConfig::default().cache_dir
        },
        ..RunnerConfig::default()
    };
    let runner = match Runner::new(config) {
        Ok(runner) => runner,
        Err(error) => return usage_error(error),
    };
    // A project directory's `[[component]]` entry may configure plugs; --plug replaces them.
    let (component, configured_plugs) = if args.component.is_dir() {
        match find_in_directory(&runner, &args) {
            Ok(found) => found,
            Err(code) => return code,
        }
    } else {
        match runner.load_file(&args.component) {
            Ok(component) => (component, Vec::new()),
            Err(error) => return usage_error(error),
        }
    };

    if let Some(wit) = &args.wit {
        let loaded = match crate::load::load_package(wit, &wit_analysis::Features::default()) {
            Ok(loaded) => loaded,
            Err(error) => return usage_error(error),
        };
        let world = match loaded
            .resolve
            .select_world(&[loaded.package], args.world.as_deref())
        {
            Ok(world) => world,
            Err(error) => return usage_error(format!("{}: {error}", wit.display())),
        };
        let mismatches = wit_runner::check_against_world(&component, &loaded.resolve, world);
        if !mismatches.is_empty() {
            eprintln!(
                "error: {} does not match the WIT at {}:",
                args.component.display(),
                wit.display()
            );
            for mismatch in &mismatches {
                eprintln!("  {}", mismatch.message);
            }
            return ExitCode::from(1);
        }
    }

    if args.list {
        return list(&component.exports(), args.format);
    }
    let plug_files = if args.plugs.is_empty() {
        configured_plugs
    } else {
        args.plugs.clone()
    };
    let plugs = match load_plugs(&runner, &args, &component, &plug_files) {
        Ok(plugs) => plugs,
        Err(code) => return code,
    };
    let Some(call) = args.call.as_deref() else {
        return usage_error("give a call such as 'add(1, 2)', or --list");
    };
    let options = RunOptions {
        timeout: Duration::from_secs_f64(args.timeout),
        max_memory: args.max_memory,
        mocks,
        plugs,
        ..RunOptions::default()
    };
    match runner.run(&component, call, &options) {
        Ok(outcome) => {
            print_outcome(&outcome, args.format);
            if outcome.returned() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(RunnerError::BadCall(error)) => {
            eprintln!("error: {}", error.message);
            eprintln!("  {call}");
            let start = call[..error.span.start.min(call.len())].chars().count();
            let width = call
                .get(error.span.clone())
                .map_or(1, |text| text.chars().count().max(1));
            eprintln!("  {}{}", " ".repeat(start), "^".repeat(width));
            ExitCode::from(1)
        }
        Err(RunnerError::UnknownFunction(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(error) => usage_error(error),
    }
}

/// Loads the plug components and checks that they fit; a refusal exits 1.
fn load_plugs(
    runner: &Runner,
    args: &Args,
    component: &Arc<wit_runner::LoadedComponent>,
    plug_files: &[PathBuf],
) -> Result<Option<Arc<Plugs>>, ExitCode> {
    // A project directory names its component by the file found in it.
    let consumer = match (&component.origin, args.component.is_dir()) {
        (Some(origin), true) => origin.strip_prefix(".").unwrap_or(origin).to_path_buf(),
        _ => args.component.clone(),
    };
    match runner.prepare_plugs(&consumer.display().to_string(), component, plug_files) {
        Ok(plugs) => {
            if plugs.as_ref().is_some_and(|plugs| plugs.composed()) {
                eprintln!(
                    "note: resource handles cross a plug boundary, so the composed component \
                     runs and calls between its components are not shown"
                );
            }
            Ok(plugs)
        }
        Err(PlugError::Refused(refused)) => {
            for refusal in &refused.0 {
                eprintln!("error: {}", refusal.message);
            }
            Err(ExitCode::from(1))
        }
        Err(PlugError::Load(message)) => Err(usage_error(message)),
    }
}

/// Finds (and if configured, rebuilds) the component of a project directory.
fn find_in_directory(
    runner: &Runner,
    args: &Args,
) -> Result<(Arc<wit_runner::LoadedComponent>, Vec<PathBuf>), ExitCode> {
    let project = args.component.as_path();
    let wit_dir = project.join("wit");
    let package_dir = if wit_dir.is_dir() {
        wit_dir
    } else {
        project.to_path_buf()
    };
    let function = args
        .call
        .as_deref()
        .and_then(|call| wit_runner::split_call(call).ok())
        .map(|call| call.name);
    let request = wit_runner::LocateRequest {
        explicit: None,
        package_dir: &package_dir,
        workspace_root: None,
        world: args.world.as_deref(),
        function: function.as_deref(),
        signature: None,
        run_builds: true,
    };
    match runner.locate(&request) {
        Ok(located) => {
            for build in &located.builds {
                eprintln!("built: {}", build.command);
            }
            Ok((located.component, located.plugs))
        }
        Err(error) => Err(usage_error(error)),
    }
}

fn list(exports: &[FunctionInfo], format: Format) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut stdout, exports)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(stdout)),
        Format::Wave => (|| {
            if exports.is_empty() {
                writeln!(stdout, "(the component exports no functions)")?;
            }
            let mut interface = None;
            for export in exports {
                if export.interface != interface {
                    interface = export.interface.clone();
                    if let Some(name) = &interface {
                        writeln!(stdout, "{name}:")?;
                    }
                }
                let indent = if export.interface.is_some() { "  " } else { "" };
                writeln!(stdout, "{indent}{}: {}", export.function, export.signature)?;
                writeln!(stdout, "{indent}    call: {}", export.call_template())?;
            }
            Ok(())
        })(),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => usage_error(format!("cannot write the output: {error}")),
    }
}

fn print_outcome(outcome: &RunOutcome, format: Format) {
    let mut stdout = std::io::stdout().lock();
    let _ = match format {
        Format::Json => serde_json::to_writer_pretty(&mut stdout, outcome)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(stdout)),
        Format::Wave => write_wave_outcome(&mut stdout, outcome),
    };
}

fn write_wave_outcome(out: &mut impl Write, outcome: &RunOutcome) -> std::io::Result<()> {
    for (name, captured) in [("stdout", &outcome.stdout), ("stderr", &outcome.stderr)] {
        if captured.total_bytes == 0 {
            continue;
        }
        writeln!(out, "--- guest {name} ({} bytes) ---", captured.total_bytes)?;
        write!(out, "{}", captured.text)?;
        if !captured.text.ends_with('\n') {
            writeln!(out)?;
        }
        if captured.truncated {
            writeln!(
                out,
                "[truncated: kept {} of {} bytes]",
                captured.text.len(),
                captured.total_bytes
            )?;
        }
    }
    if !outcome.import_calls.is_empty() {
        writeln!(out, "--- import calls ---")?;
        for call in &outcome.import_calls {
            let result = match (&call.result, call.outcome) {
                (_, wit_runner::ImportOutcome::NotMocked) => " -> trap: not mocked".to_string(),
                (_, wit_runner::ImportOutcome::MockExhausted) => {
                    " -> trap: mock has no results left".to_string()
                }
                (Some(result), wit_runner::ImportOutcome::Logged) => {
                    format!(" -> {result} (logged)")
                }
                (None, wit_runner::ImportOutcome::Logged) => " (logged)".to_string(),
                (result, wit_runner::ImportOutcome::Plugged) => format!(
                    "{} ({})",
                    result
                        .as_deref()
                        .map_or(String::new(), |result| format!(" -> {result}")),
                    call.provider.as_deref().unwrap_or("plug")
                ),
                (Some(result), _) => format!(" -> {result}"),
                (None, _) => String::new(),
            };
            writeln!(out, "{}({}){result}", call.function, call.args.join(", "))?;
        }
    }
    match &outcome.result {
        CallResult::Returned { wave, .. } => {
            writeln!(out, "--- result ---")?;
            writeln!(out, "{}", wave.as_deref().unwrap_or("(no result)"))?;
        }
        CallResult::Trapped {
            kind,
            message,
            backtrace,
        } => {
            let kind = serde_json::to_value(kind)
                .ok()
                .and_then(|value| value.as_str().map(str::to_string))
                .unwrap_or_default();
            writeln!(out, "--- trap ({kind}) ---")?;
            writeln!(out, "{message}")?;
            if !backtrace.is_empty() {
                writeln!(out, "wasm backtrace:")?;
                for frame in backtrace {
                    writeln!(out, "  {frame}")?;
                }
            }
        }
    }
    if let Some(fuel) = outcome.fuel_consumed {
        writeln!(out, "(fuel consumed: {fuel})")?;
    }
    Ok(())
}
