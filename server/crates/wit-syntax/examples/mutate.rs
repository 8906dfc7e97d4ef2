//! The long mutation campaign for the parser.
//!
//! ```text
//! cargo run --release -p wit-syntax --example mutate -- --inputs 1000000 --corpus /work/shared/corpus
//! ```
//!
//! Seeds are all `*.wit` files under each `--corpus DIR` (repeatable; default: the crate's
//! test data and the workspace's `wit-samples`). Each input is a seed with one to three byte- or
//! token-level mutations. Checks per input: no panic, the tree covers every byte exactly, and
//! parsing takes under 100 ms. `--differential` also checks that we report a syntax error
//! exactly when wit-parser's parser does (slower). `--format` also formats every input without
//! syntax errors and checks idempotence, unchanged comments and a clean re-parse.
//! `--seed N` picks the random sequence.
//! A failing input is written to `mutate-failure-<n>.wit` and the exit status is 1.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use support::mutate::{Rng, mutate};

fn wit_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            wit_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "wit") {
            out.push(path);
        }
    }
}

fn lossless(text: &str, parse: &wit_syntax::Parse) -> bool {
    let root = parse.syntax_node();
    let mut offset = 0;
    let mut rebuilt = String::with_capacity(text.len());
    for token in root.tokens() {
        if token.text_range().start() != offset {
            return false;
        }
        offset = token.text_range().end();
        rebuilt.push_str(token.text());
    }
    rebuilt == text && root.text() == text
}

fn main() -> ExitCode {
    let mut inputs: u64 = 100_000;
    let mut seed: u64 = 1;
    let mut differential = false;
    let mut check_format = false;
    let mut dirs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--inputs" => inputs = args.next().and_then(|v| v.parse().ok()).unwrap_or(inputs),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--corpus" => dirs.extend(args.next().map(PathBuf::from)),
            "--differential" => differential = true,
            "--format" => check_format = true,
            other => {
                eprintln!("unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    if dirs.is_empty() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        dirs.push(manifest.join("test-data"));
        dirs.push(manifest.join("../../../wit-samples"));
    }
    let mut files = Vec::new();
    for dir in &dirs {
        wit_files(dir, &mut files);
    }
    files.sort();
    let seeds: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if seeds.is_empty() {
        eprintln!("no .wit files found under {dirs:?}");
        return ExitCode::from(2);
    }
    println!(
        "mutating {} seed files, {inputs} inputs, seed {seed}{}",
        seeds.len(),
        if differential {
            ", differential against wit-parser"
        } else {
            ""
        }
    );

    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut with_errors = 0u64;
    let mut bytes = 0u64;
    let mut failures = 0u64;
    let mut wit_parser_panics = 0u64;
    let mut formatted_inputs = 0u64;
    if differential {
        // wit-parser panics on some inputs; those are counted, not printed.
        std::panic::set_hook(Box::new(|_| {}));
    }
    for n in 0..inputs {
        let input = mutate(&seeds[rng.below(seeds.len())], &mut rng);
        bytes += input.len() as u64;
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| wit_syntax::parse(&input));
        let mut elapsed = t.elapsed();
        if elapsed > Duration::from_millis(100) {
            // Re-time before blaming the parser: on a loaded machine one run can be descheduled.
            elapsed = (0..3)
                .map(|_| {
                    let t = Instant::now();
                    let _ = std::panic::catch_unwind(|| wit_syntax::parse(&input));
                    t.elapsed()
                })
                .min()
                .unwrap_or(elapsed);
        }
        slowest = slowest.max(elapsed);
        let problem = match &result {
            Err(_) => Some("panic".to_string()),
            Ok(parse) if !lossless(&input, parse) => Some("tree does not round-trip".to_string()),
            Ok(_) if elapsed > Duration::from_millis(100) => {
                Some(format!("slow: {elapsed:?} (best of 3 re-runs)"))
            }
            Ok(parse) => {
                let mut problem = None;
                if differential {
                    let ours = parse.errors().first();
                    match support::wit_parser_verdict(Path::new("x.wit"), &input) {
                        None => wit_parser_panics += 1,
                        Some(theirs) if theirs.is_some() != ours.is_some() => {
                            problem = Some(format!(
                                "disagreement: wit-parser {theirs:?}, ours {ours:?}"
                            ));
                        }
                        Some(_) => {}
                    }
                }
                if problem.is_none() && check_format && parse.errors().is_empty() {
                    formatted_inputs += 1;
                    problem = support::format_check::check_file(&input, &Default::default()).err();
                }
                problem
            }
        };
        if let Ok(parse) = &result
            && !parse.errors().is_empty()
        {
            with_errors += 1;
        }
        if let Some(problem) = problem {
            failures += 1;
            let file = format!("mutate-failure-{n}.wit");
            let _ = std::fs::write(&file, &input);
            eprintln!("input {n}: {problem} (saved to {file})");
            if failures >= 10 {
                break;
            }
        }
    }
    let wall = started.elapsed();
    if check_format {
        println!("formatter checked on {formatted_inputs} error-free inputs");
    }
    if differential {
        println!("wit-parser itself panicked on {wit_parser_panics} inputs (not compared)");
    }
    println!(
        "{inputs} inputs ({:.1} MB) in {wall:.2?}: {failures} failures, {with_errors} inputs with syntax errors, slowest parse {slowest:?}, mean {:?}",
        bytes as f64 / 1e6,
        wall / inputs.max(1) as u32
    );
    if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
