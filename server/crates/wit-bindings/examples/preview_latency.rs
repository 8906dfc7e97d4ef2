//! Binding-preview latency for the `wasi:http/proxy` world: Rust guest and wasmtime host, each
//! timed through `wit_bindings::generate_bindings`, the function the language server calls.
//!
//! `cargo run --release -p wit-bindings --example preview_latency [WASI_HTTP_DIR] [RUNS]`
//! (the directory defaults to `$WIT_LSP_CORPUS/wasi-http`, else `../shared/corpus/wasi-http`).

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::{Duration, Instant};
use wit_bindings::{BindingsOptions, Language, generate_bindings, select_world};

fn main() {
    let mut arguments = std::env::args().skip(1);
    let dir = arguments.next().map(PathBuf::from).unwrap_or_else(|| {
        let corpus = std::env::var_os("WIT_LSP_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/corpus")
            });
        corpus.join("wasi-http")
    });
    let runs = arguments
        .next()
        .map(|runs| runs.parse::<usize>().expect("RUNS is a number"))
        .unwrap_or(50);

    let mut resolve = wit_parser::Resolve::default();
    let (package, _) = resolve
        .push_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot load {}: {error:#}", dir.display()));
    let world = select_world(&resolve, package, Some("proxy")).expect("wasi:http has `proxy`");
    println!(
        "world wasi:http/proxy from {}, {runs} runs each",
        dir.display()
    );

    // WASI imports interfaces of other packages, which the Rust guest generator only
    // generates with `generate_all` (as `wit_bindgen::generate!` needs it).
    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    for language in [Language::Rust, Language::HostRust] {
        let mut times = Vec::with_capacity(runs);
        let mut bytes = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let files = generate_bindings(&resolve, world, language, &options)
                .expect("wasi:http/proxy generates");
            times.push(start.elapsed());
            bytes = files.iter().map(|file| file.text.len()).sum::<usize>();
        }
        times.sort();
        let at = |quantile: f64| -> Duration {
            let index = ((times.len() as f64 - 1.0) * quantile).round() as usize;
            times[index]
        };
        println!(
            "{language:>9}: p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  ({bytes} bytes of output)",
            at(0.50).as_secs_f64() * 1e3,
            at(0.95).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
}
