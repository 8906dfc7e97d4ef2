//! Formatting benchmark: formats one file many times and prints the latency distribution.
//!
//! ```text
//! cargo run --release -p wit-syntax --example format_bench -- [FILE] [RUNS]
//! ```
//!
//! FILE defaults to the largest WASI 0.2 file in the shared corpus
//! (`$WIT_LSP_CORPUS` or `../shared/corpus`, then `wasi-http/deps/filesystem/types.wit`),
//! RUNS to 1000.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        let corpus = std::env::var("WIT_LSP_CORPUS").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/corpus").to_string()
        });
        format!("{corpus}/wasi-http/deps/filesystem/types.wit")
    });
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1000);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = wit_syntax::format::format(&text, &Default::default()) {
        eprintln!("{path}: {error}");
        return ExitCode::from(2);
    }
    // Warm up caches and the allocator.
    for _ in 0..10 {
        let _ = std::hint::black_box(wit_syntax::format::format_for_benchmark(&text));
    }
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let started = Instant::now();
            let _ = std::hint::black_box(wit_syntax::format::format_for_benchmark(
                std::hint::black_box(&text),
            ));
            started.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let parse_started = Instant::now();
    for _ in 0..runs.max(1) {
        std::hint::black_box(wit_syntax::parse(std::hint::black_box(&text)));
    }
    let parse_mean = parse_started.elapsed() / runs.max(1) as u32;
    println!(
        "format {path} ({} bytes, {} lines), {} runs: p50 {:?}, p95 {:?}, p99 {:?}, max {:?} (parse alone: mean {:?})",
        text.len(),
        text.lines().count(),
        times.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        times[times.len() - 1],
        parse_mean
    );
    ExitCode::SUCCESS
}
