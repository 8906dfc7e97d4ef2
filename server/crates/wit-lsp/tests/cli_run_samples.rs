//! `wit-lsp run` on the Rust guest samples in `wit-samples/`, built for
//! `wasm32-wasip2`. Needs the `samples` feature and, after the build,
//! `WIT_LSP_SAMPLES_BUILT=1`; fails (rather than passing silently) when the
//! samples are not there. The build output is read from
//! `WIT_SAMPLES_TARGET_DIR` if set, else `wit-samples/target`.

use std::path::PathBuf;
use std::process::{Command, Output};

use wit_lsp_test_client::built_sample;

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../wit-samples")
}

fn wit_lsp(args: &[&str]) -> Output {
    let cache = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("run")
        .args(args)
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .expect("wit-lsp runs")
}

fn stdout_of(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn adder_adds_and_wraps() {
    let adder = built_sample("adder");
    let wit = samples_dir().join("adder/wit");
    let output = wit_lsp(&[
        adder.to_str().unwrap(),
        "add(2147483647, 1)",
        "--wit",
        wit.to_str().unwrap(),
    ]);
    assert_eq!(stdout_of(&output), "--- result ---\n-2147483648\n");
}

#[test]
fn interfaced_adder_is_called_through_its_interface() {
    let adder = built_sample("interfaced_adder");
    let output = wit_lsp(&[adder.to_str().unwrap(), "add.add(40, 2)"]);
    assert_eq!(stdout_of(&output), "--- result ---\n42\n");
    let output = wit_lsp(&[adder.to_str().unwrap(), "--list"]);
    assert!(stdout_of(&output).contains("add: func(a: s32, b: s32) -> s32"));
}

#[test]
fn kv_store_runs_with_its_mock_file() {
    let kv = built_sample("kv_store");
    let mocks = samples_dir().join("kv-store/wit-lsp.toml");
    let wit = samples_dir().join("kv-store/wit");
    let output = wit_lsp(&[
        kv.to_str().unwrap(),
        "replace-value(\"hello\", \"world\")",
        "--mock",
        mocks.to_str().unwrap(),
        "--wit",
        wit.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout_of(&output),
        "--- import calls ---
log(\"replacing `hello`\") (logged)
kv-store/kvdb.[constructor]connection() -> connection#1 (logged)
kv-store/kvdb.[method]connection.get(connection#1, \"hello\") -> some(\"old value\")
kv-store/kvdb.[method]connection.set(connection#1, \"hello\", \"world\") (logged)
--- result ---
some(\"old value\")
"
    );
}

#[test]
fn greeter_uses_its_mocked_logger_and_clock() {
    let greeter = built_sample("greeter");
    let dir = tempfile::tempdir().unwrap();
    let mocks = dir.path().join("mocks.toml");
    std::fs::write(
        &mocks,
        "[mocks]\n\"logger.log\" = \"log\"\n\
         \"wall-clock.now\" = { result = \"{seconds: 1700000000, nanoseconds: 5}\" }\n",
    )
    .unwrap();
    let output = wit_lsp(&[
        greeter.to_str().unwrap(),
        "greet(\"Ann\", formal(\"Dr.\"))",
        "--mock",
        mocks.to_str().unwrap(),
    ]);
    let stdout = stdout_of(&output);
    assert!(
        stdout.ends_with(
            "--- result ---\n{text: \"Good day, Dr. Ann.\", made-at: {seconds: 1700000000, \
             nanoseconds: 5}, logged-at: info}\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("logging/logger.log(info, \"greeter\", \"Good day, Dr. Ann.\") (logged)"),
        "{stdout}"
    );
}

#[test]
fn sandbox_probe_gets_wasi_denials_for_files_and_environment() {
    let probe = built_sample("sandbox_probe");
    let probe = probe.to_str().unwrap();
    // The host really has these; the guest must not see them.
    assert!(std::path::Path::new("/etc/passwd").is_file());
    assert!(std::env::var_os("PATH").is_some());

    // No preopened directory: the standard library's open finds no
    // directory to resolve the path in, and WASI answers "no such file".
    let output = wit_lsp(&[probe, "read-file(\"/etc/passwd\")"]);
    assert_eq!(
        stdout_of(&output),
        "--- result ---\nerr(\"No such file or directory (os error 44)\")\n"
    );
    let output = wit_lsp(&[probe, "read-file(\"Cargo.toml\")"]);
    assert_eq!(
        stdout_of(&output),
        "--- result ---\nerr(\"No such file or directory (os error 44)\")\n"
    );
    // No environment at all.
    let output = wit_lsp(&[probe, "env-var(\"PATH\")"]);
    assert_eq!(
        stdout_of(&output),
        "--- result ---\nerr(\"environment variable not found\")\n"
    );
    let output = wit_lsp(&[probe, "env-count()"]);
    assert_eq!(stdout_of(&output), "--- result ---\n0\n");
}

#[test]
fn calculator_composed_with_interfaced_adder_evaluates_sums() {
    let calculator = built_sample("calculator");
    let adder = built_sample("interfaced_adder");
    let dir = tempfile::tempdir().unwrap();
    let composed = dir.path().join("app.wasm");
    let output = Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("compose")
        .arg(&calculator)
        .arg("--plug")
        .arg(&adder)
        .arg("-o")
        .arg(&composed)
        .output()
        .expect("wit-lsp compose runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = wit_lsp(&[composed.to_str().unwrap(), r#"eval-expression("40 + 2")"#]);
    assert_eq!(stdout_of(&output), "--- result ---\nok(42)\n");

    // Run with the plug instead: the calls across it are shown.
    let output = wit_lsp(&[
        calculator.to_str().unwrap(),
        r#"eval-expression("40 + 2")"#,
        "--plug",
        adder.to_str().unwrap(),
    ]);
    let shown = adder.display().to_string();
    assert_eq!(
        stdout_of(&output),
        format!(
            "--- import calls ---\ncalculator/add.add(0, 40) -> 40 ({shown})\n\
             calculator/add.add(40, 2) -> 42 ({shown})\n--- result ---\nok(42)\n"
        )
    );
    // Without it the import traps by name.
    let output = wit_lsp(&[calculator.to_str().unwrap(), r#"eval-expression("1 + 2")"#]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("calculator/add.add(0, 1) -> trap: not mocked")
    );
}
