//! Prints p50/p95/p99 latencies of the three ways a call runs:
//! cold (compile + instantiate + call, no cache), warm (a new runner loading
//! the cached artifact + instantiate + call, as a new process would) and a
//! call in a live session.
//!
//! `cargo run --release -p wit-runner --example run_bench -- [COMPONENT.wasm CALL]`
//! (default: a small adder built in memory).

// A benchmark is a program that prints its numbers.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use wit_runner::{RunOptions, Runner, RunnerConfig};

const ADDER: &str = r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" s32) (param "b" s32) (result s32)
    (canon lift (core func $i "add"))))"#;

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |p: f64| {
        let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[index].as_secs_f64() * 1000.0
    };
    println!(
        "{name:<40} n={:<5} p50={:>8.3} ms  p95={:>8.3} ms  p99={:>8.3} ms",
        samples.len(),
        at(0.50),
        at(0.95),
        at(0.99)
    );
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (bytes, call) = match args.as_slice() {
        [path, call] => (std::fs::read(path)?, call.clone()),
        [] => (wat::parse_str(ADDER)?, "add(1, 2)".to_string()),
        _ => anyhow::bail!("usage: run_bench [COMPONENT.wasm CALL]"),
    };
    let cache = tempfile::tempdir()?;
    let options = RunOptions::default();

    let mut cold = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let runner = Runner::new(RunnerConfig {
            cache_dir: None,
            ..RunnerConfig::default()
        })?;
        let component = runner.load_bytes(bytes.clone(), None)?;
        let outcome = runner.run(&component, &call, &options)?;
        anyhow::ensure!(outcome.returned(), "the call trapped: {:?}", outcome.result);
        cold.push(started.elapsed());
    }
    percentiles("cold: compile + instantiate + call", cold);

    let cached = RunnerConfig {
        cache_dir: Some(cache.path().to_path_buf()),
        ..RunnerConfig::default()
    };
    Runner::new(cached.clone())?.load_bytes(bytes.clone(), None)?;
    let mut warm = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let runner = Runner::new(cached.clone())?;
        let component = runner.load_bytes(bytes.clone(), None)?;
        anyhow::ensure!(component.from_cache, "the compile cache was not used");
        let outcome = runner.run(&component, &call, &options)?;
        anyhow::ensure!(outcome.returned(), "the call trapped: {:?}", outcome.result);
        warm.push(started.elapsed());
    }
    percentiles("warm: cached load + instantiate + call", warm);

    let runner = Runner::new(cached)?;
    let component = runner.load_bytes(bytes, None)?;
    let mut fresh = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let outcome = runner.run(&component, &call, &options)?;
        anyhow::ensure!(outcome.returned(), "the call trapped: {:?}", outcome.result);
        fresh.push(started.elapsed());
    }
    percentiles("loaded: fresh store + instantiate + call", fresh);

    let session = runner.open_session(&component, &options)?;
    let mut in_session = Vec::new();
    for _ in 0..1000 {
        let started = Instant::now();
        let outcome = runner.call_in_session(session, &call)?;
        anyhow::ensure!(outcome.returned(), "the call trapped: {:?}", outcome.result);
        in_session.push(started.elapsed());
    }
    percentiles("session: call in a live instance", in_session);
    Ok(())
}
