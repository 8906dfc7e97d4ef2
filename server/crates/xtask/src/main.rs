//! Project automation. `cargo run -p xtask -- <task>`:
//!
//! - `conformance [--bin PATH] [--corpus DIR]`: runs `wit-lsp check` over wit-parser's own
//!   UI suite and compares with what wit-parser reports.
//! - `bench [--bin PATH] [--corpus DIR] [PART...]`: the benchmark program (drives the release
//!   binary); parts: startup, edits, check, features, format, bindings, runner.
//! - `ci`: the gate: `cargo fmt --check`, clippy with `-D warnings`, every test.
//! - `corpus`: the checks that need `../shared/corpus`: conformance, and each crate's
//!   `corpus` test target.

// A command-line program: its output is for people.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bench;
mod bench_compose;
mod bench_runner;
mod bench_scale;
mod bench_validate;
mod conformance;
mod gate;
mod scratch;
mod stats;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(3)
        .expect("xtask lives at server/crates/xtask")
        .to_path_buf()
}

/// Options shared by the tasks.
pub struct Options {
    pub binary: PathBuf,
    pub corpus: PathBuf,
    pub rest: Vec<String>,
}

fn parse_options(args: &[String], default_profile: &str) -> anyhow::Result<Options> {
    let root = workspace_root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut options = Options {
        binary: target_dir.join(default_profile).join("wit-lsp"),
        corpus: std::env::var_os("WIT_LSP_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../shared/corpus")),
        rest: Vec::new(),
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--bin" => {
                options.binary = iter
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--bin needs a path"))?
                    .into()
            }
            "--corpus" => {
                options.corpus = iter
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--corpus needs a path"))?
                    .into()
            }
            other => options.rest.push(other.to_string()),
        }
    }
    if !options.binary.exists() {
        anyhow::bail!(
            "{} does not exist; build it first (cargo build {}-p wit-lsp)",
            options.binary.display(),
            if default_profile == "release" {
                "--release "
            } else {
                ""
            }
        );
    }
    if !options.corpus.is_dir() {
        anyhow::bail!(
            "corpus {} not found (set WIT_LSP_CORPUS or --corpus)",
            options.corpus.display()
        );
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("conformance") => {
            parse_options(&args[1..], "debug").and_then(|o| conformance::run(&o))
        }
        Some("bench") => parse_options(&args[1..], "release").and_then(|o| bench::run(&o)),
        Some("ci") => gate::ci(&workspace_root()),
        Some("corpus") => gate::corpus(&workspace_root()).and_then(|corpus_tests_ok| {
            let options = parse_options(&args[1..], "debug")?;
            Ok(conformance::run(&options)? && corpus_tests_ok)
        }),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci|corpus|conformance|bench> [--bin PATH] [--corpus DIR]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
