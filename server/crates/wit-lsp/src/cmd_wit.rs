//! `wit-lsp wit`: print the WIT embedded in a built component.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A component binary (`.wasm`).
    component: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let bytes = match std::fs::read(&args.component) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: cannot read `{}`: {error}", args.component.display());
            return ExitCode::from(2);
        }
    };
    let wit = match wit_bindings::component_wit(&bytes) {
        Ok(wit) => wit,
        Err(error) => {
            eprintln!("error: `{}`: {error}", args.component.display());
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all(wit.as_bytes())
        .and_then(|()| {
            if wit.ends_with('\n') {
                Ok(())
            } else {
                writeln!(out)
            }
        })
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write to stdout: {error}");
            ExitCode::from(2)
        }
    }
}
