//! `cargo xtask bench compose`: composing the calculator sample with interfaced-adder, as
//! the library does it (`wit_runner::compose`, in process) and as a user runs it (`wit-lsp
//! compose` whole-process), and `wit-lsp run calculator.wasm 'eval-expression(...)'
//! --plug interfaced_adder.wasm` whole-process (compile cache warm, as after a first run).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use wit_runner::compose::{ComposeInput, compose};

use crate::bench_runner::built_sample;
use crate::scratch::Scratch;
use crate::stats::percentile;

const RUNS: usize = 20;

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<44} p50 {:>8.2} ms  p95 {:>8.2} ms  (n={})",
        percentile(&samples, 50.0).as_secs_f64() * 1000.0,
        percentile(&samples, 95.0).as_secs_f64() * 1000.0,
        samples.len()
    );
}

pub fn run(binary: &Path, workspace_root: &Path) -> anyhow::Result<()> {
    let find = |file: &str| {
        built_sample(workspace_root, file).ok_or_else(|| {
            anyhow::anyhow!(
                "{file} is not built: run `cargo build --target wasm32-wasip2 --release` in \
                 wit-samples/ (or set WIT_SAMPLES_TARGET_DIR)"
            )
        })
    };
    let calculator = find("calculator.wasm")?;
    let adder = find("interfaced_adder.wasm")?;
    let scratch = Scratch::new("compose")?;
    let output = scratch.path().join("app.wasm");

    let consumer_bytes = std::fs::read(&calculator)?;
    let adder_bytes = std::fs::read(&adder)?;
    let mut in_process = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let composition = compose(
            &ComposeInput {
                name: "calculator.wasm".into(),
                bytes: &consumer_bytes,
            },
            &[ComposeInput {
                name: "interfaced_adder.wasm".into(),
                bytes: &adder_bytes,
            }],
        )
        .map_err(|refused| anyhow::anyhow!("{refused}"))?;
        in_process.push(started.elapsed());
        anyhow::ensure!(!composition.bytes.is_empty());
    }
    report("compose calculator + adder, in process", in_process);

    let mut whole = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let status = Command::new(binary)
            .arg("compose")
            .arg(&calculator)
            .arg("--plug")
            .arg(&adder)
            .arg("-o")
            .arg(&output)
            .output()?;
        whole.push(started.elapsed());
        anyhow::ensure!(
            status.status.success(),
            "wit-lsp compose failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    report("wit-lsp compose, whole process", whole);

    let run = |plugged: bool| -> anyhow::Result<Duration> {
        let mut command = Command::new(binary);
        command.arg("run");
        if plugged {
            command.arg(&calculator).arg("--plug").arg(&adder);
        } else {
            command.arg(&output);
        }
        let started = Instant::now();
        let ran = command.arg(r#"eval-expression("40 + 2")"#).output()?;
        let elapsed = started.elapsed();
        anyhow::ensure!(
            String::from_utf8_lossy(&ran.stdout).ends_with("ok(42)\n"),
            "the run did not return ok(42): {}{}",
            String::from_utf8_lossy(&ran.stdout),
            String::from_utf8_lossy(&ran.stderr)
        );
        Ok(elapsed)
    };
    // The first runs fill the compile cache.
    run(true)?;
    run(false)?;
    let plugged = (0..RUNS)
        .map(|_| run(true))
        .collect::<anyhow::Result<Vec<_>>>()?;
    report("wit-lsp run --plug (2 instances), whole process", plugged);
    let composed = (0..RUNS)
        .map(|_| run(false))
        .collect::<anyhow::Result<Vec<_>>>()?;
    report("wit-lsp run of the composed file, whole process", composed);
    Ok(())
}
