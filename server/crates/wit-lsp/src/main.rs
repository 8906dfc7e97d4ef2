//! The `wit-lsp` binary: serves LSP on stdio, and runs the command-line tools.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd_bindgen;
mod cmd_check;
mod cmd_compose;
mod cmd_fmt;
mod cmd_run;
mod cmd_wit;
mod load;

/// Language server and command-line tools for WIT (WebAssembly Interface Types).
///
/// With no subcommand, serves the Language Server Protocol on stdin/stdout.
#[derive(Parser)]
#[command(name = "wit-lsp", version, about, long_about = None)]
struct Cli {
    /// Serve LSP on stdin/stdout (the default when no subcommand is given).
    #[arg(long)]
    stdio: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check WIT packages and report every error, for CI.
    Check(cmd_check::Args),
    /// Run an export of a built component in a sandbox, or list its exports.
    Run(cmd_run::Args),
    /// Format WIT files in place (`--check` to only report, `-` for stdin to stdout).
    Fmt(cmd_fmt::Args),
    /// Print the files a bindings generator writes for a world (guest languages, wasmtime host).
    Bindgen(cmd_bindgen::Args),
    /// Print the WIT embedded in a built component.
    Wit(cmd_wit::Args),
    /// Plug a component's imports with other components' exports into one component.
    Compose(cmd_compose::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(),
        Some(Command::Check(args)) => cmd_check::run(args),
        Some(Command::Run(args)) => cmd_run::run(args),
        Some(Command::Fmt(args)) => cmd_fmt::run(args),
        Some(Command::Bindgen(args)) => cmd_bindgen::run(args),
        Some(Command::Wit(args)) => cmd_wit::run(args),
        Some(Command::Compose(args)) => cmd_compose::run(args),
    }
}

fn serve() -> ExitCode {
    init_logging();
    // A panic is logged once, with its place; the request it happened in answers with the
    // panic's message.
    wit_lsp_server::install_panic_hook();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let end = runtime.block_on(wit_lsp_server::serve_stdio());
    // The stdin reader may still be blocked in a read on its own thread; do not wait for it.
    runtime.shutdown_background();
    match end {
        wit_lsp_server::SessionEnd::Clean => ExitCode::SUCCESS,
        // The LSP's rule: `exit` without `shutdown` first ends with status 1.
        wit_lsp_server::SessionEnd::ExitWithoutShutdown => ExitCode::from(1),
    }
}

/// Logs go to stderr, never stdout (stdout carries the protocol). `RUST_LOG` filters them,
/// e.g. `RUST_LOG=wit_lsp_server=debug`; the default shows warnings and errors.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
}
