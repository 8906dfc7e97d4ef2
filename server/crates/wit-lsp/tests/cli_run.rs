//! `wit-lsp run` end to end: the real binary on components written as
//! component-model WAT (no wasm toolchain needed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ADDER: &str = r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))
    (func (export "spin") (loop $l (br $l)))
    (func (export "boom") unreachable))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" s32) (param "b" s32) (result s32)
    (canon lift (core func $i "add")))
  (func (export "spin") (canon lift (core func $i "spin")))
  (func (export "boom") (canon lift (core func $i "boom")))
)"#;

/// Imports `log: func(msg: string)`, calls it with "hi" and returns
/// a string it builds in memory.
const LOGGER: &str = r#"(component
  (import "log" (func $log (param "msg" string)))
  (core module $memory (memory (export "memory") 1))
  (core instance $memory (instantiate $memory))
  (core func $log_lowered (canon lower (func $log) (memory $memory "memory")))
  (core module $m
    (import "env" "memory" (memory 1))
    (import "env" "log" (func $log (param i32 i32)))
    (data (i32.const 0) "hi")
    (func (export "run") (result i32)
      (call $log (i32.const 0) (i32.const 2))
      (i32.store (i32.const 16) (i32.const 0))
      (i32.store (i32.const 20) (i32.const 2))
      (i32.const 16)))
  (core instance $i (instantiate $m
    (with "env" (instance
      (export "memory" (memory $memory "memory"))
      (export "log" (func $log_lowered))))))
  (func (export "run") (result string)
    (canon lift (core func $i "run") (memory $memory "memory")))
)"#;

/// Imports `get: func() -> option<string>` and returns what it answers. The host writes the
/// string through `realloc`, a bump allocator.
const FORWARDER: &str = r#"(component
  (import "get" (func $get (result (option string))))
  (core module $libc
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $start i32)
      (local.set $start
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $start) (local.get 3)))
      (local.get $start)))
  (core instance $libc (instantiate $libc))
  (core func $get_lowered
    (canon lower (func $get) (memory $libc "memory") (realloc (func $libc "realloc"))))
  (core module $m
    (import "env" "get" (func $get (param i32)))
    (func (export "run") (result i32)
      (call $get (i32.const 16))
      (i32.const 16)))
  (core instance $i (instantiate $m
    (with "env" (instance (export "get" (func $get_lowered))))))
  (func (export "run") (result (option string))
    (canon lift (core func $i "run") (memory $libc "memory")))
)"#;

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn wit_lsp(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("run")
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("wit-lsp runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn run_prints_the_result_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let adder = write(dir.path(), "adder.wat", ADDER);
    let output = wit_lsp(&[adder.to_str().unwrap(), "add(40, 2)"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "--- result ---\n42\n");
    // Again, now from the compile cache.
    let output = wit_lsp(&[adder.to_str().unwrap(), "add(-1, 1)"], dir.path());
    assert_eq!(text(&output.stdout), "--- result ---\n0\n");
    assert!(dir.path().join("wit-lsp/components").is_dir());
}

#[test]
fn json_output_is_one_object() {
    let dir = tempfile::tempdir().unwrap();
    let adder = write(dir.path(), "adder.wat", ADDER);
    let output = wit_lsp(
        &[adder.to_str().unwrap(), "add(1, 2)", "--format", "json"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["function"], "add");
    assert_eq!(value["result"]["status"], "returned");
    assert_eq!(value["result"]["wave"], "3");
    assert_eq!(value["result"]["json"], 3);
}

#[test]
fn list_shows_exports_with_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let adder = write(dir.path(), "adder.wat", ADDER);
    let output = wit_lsp(&[adder.to_str().unwrap(), "--list"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("add: func(a: s32, b: s32) -> s32\n    call: add(0, 0)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("spin: func()"), "{stdout}");
}

#[test]
fn traps_and_bad_calls_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let adder = write(dir.path(), "adder.wat", ADDER);
    let adder = adder.to_str().unwrap();

    let output = wit_lsp(&[adder, "spin()", "--timeout", "0.2"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).contains("--- trap (deadline) ---"),
        "{}",
        text(&output.stdout)
    );

    let output = wit_lsp(&[adder, "boom()"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("--- trap (unreachable) ---"));

    let output = wit_lsp(&[adder, "add(1, \"x\")"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: argument `b: s32`"), "{stderr}");
    assert!(
        stderr.contains("  add(1, \"x\")\n         ^^^\n"),
        "{stderr}"
    );

    let output = wit_lsp(&[adder, "sub(1, 2)"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("exports: add, spin, boom"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let output = wit_lsp(&["/nonexistent/c.wasm", "f()"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with("error: cannot read /nonexistent/c.wasm"));
    let adder = write(dir.path(), "adder.wat", ADDER);
    let output = wit_lsp(&[adder.to_str().unwrap()], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let mock = write(dir.path(), "bad.toml", "[mocks]\nnope = 3\n");
    let output = wit_lsp(
        &[
            adder.to_str().unwrap(),
            "add(1, 2)",
            "--mock",
            mock.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("bad.toml:2:8: `mocks.nope`"), "{stderr}");
}

#[test]
fn unmocked_and_mocked_imports() {
    let dir = tempfile::tempdir().unwrap();
    let logger = write(dir.path(), "logger.wat", LOGGER);
    let logger = logger.to_str().unwrap();
    let output = wit_lsp(&[logger, "run()"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("--- import calls ---\nlog(\"hi\") -> trap: not mocked\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("log was called but is not mocked"),
        "{stdout}"
    );

    let mocks = write(dir.path(), "wit-lsp.toml", "[mocks]\nlog = \"log\"\n");
    let output = wit_lsp(
        &[logger, "run()", "--mock", mocks.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "--- import calls ---\nlog(\"hi\") (logged)\n--- result ---\n\"hi\"\n"
    );
}

#[test]
fn a_stale_component_is_reported_against_the_wit() {
    let dir = tempfile::tempdir().unwrap();
    let adder = write(dir.path(), "adder.wat", ADDER);
    let wit = write(
        dir.path(),
        "world.wit",
        "package test:adder;\nworld adder {\n  export add: func(a: s64, b: s64) -> s64;\n}\n",
    );
    let output = wit_lsp(
        &[
            adder.to_str().unwrap(),
            "add(1, 2)",
            "--wit",
            wit.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "export `add` differs: the WIT says `func(a: s64, b: s64) -> s64` but the component \
             has `func(a: s32, b: s32) -> s32`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_project_directory_is_built_and_searched_for_the_component() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("wit")).unwrap();
    std::fs::create_dir_all(project.join("src")).unwrap();

    let output = wit_lsp(&[project.to_str().unwrap(), "add(1, 2)"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no built component found"),
        "{}",
        text(&output.stderr)
    );

    // A configured component whose build command "builds" it by copying.
    write(&project.join("src"), "adder.wat", ADDER);
    write(
        &project,
        "wit-lsp.toml",
        "[[component]]\npath = \"out/adder.wat\"\n\
         build = \"mkdir -p out && cp src/adder.wat out/adder.wat && echo built\"\n",
    );
    let output = wit_lsp(&[project.to_str().unwrap(), "add(1, 2)"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "--- result ---\n3\n");
    assert!(text(&output.stderr).starts_with("built: mkdir -p out"));
    // Up to date now: no rebuild.
    let output = wit_lsp(&[project.to_str().unwrap(), "add(2, 2)"], dir.path());
    assert_eq!(text(&output.stdout), "--- result ---\n4\n");
    assert!(!text(&output.stderr).contains("built"));

    // A failing build is shown and stops the run.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(&project.join("src"), "adder.wat", ADDER);
    write(
        &project,
        "wit-lsp.toml",
        "[[component]]\npath = \"out/adder.wat\"\nbuild = \"echo compile error >&2; exit 1\"\n",
    );
    let output = wit_lsp(&[project.to_str().unwrap(), "add(1, 2)"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("compile error"), "{stderr}");
    assert!(
        stderr.contains("the build command `echo compile error >&2; exit 1` failed"),
        "{stderr}"
    );
}

#[test]
fn a_project_directory_uses_its_own_mocks_without_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    write(&project, "logger.wat", LOGGER);
    write(
        &project,
        "wit-lsp.toml",
        "[[component]]\npath = \"logger.wat\"\n\n[mocks]\nlog = \"log\"\n",
    );
    let output = wit_lsp(&[project.to_str().unwrap(), "run()"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("log(\"hi\") (logged)"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn a_mock_result_may_contain_a_hash() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    write(&project, "forwarder.wat", FORWARDER);
    write(
        &project,
        "wit-lsp.toml",
        "[[component]]\npath = \"forwarder.wat\" # built by hand\n\n\
         [mocks]\nget = ['some(\"a#b\")'] # one result\n",
    );
    let output = wit_lsp(&[project.to_str().unwrap(), "run()"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "--- import calls ---\nget() -> some(\"a#b\")\n--- result ---\nsome(\"a#b\")\n"
    );
}
