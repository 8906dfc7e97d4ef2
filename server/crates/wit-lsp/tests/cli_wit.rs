//! `wit-lsp wit COMPONENT.wasm` through the real binary: a component built from the adder
//! sample (WAT + wit-component) prints its world; bad inputs give one-line errors and the
//! documented exit codes (1 for a file that is not a usable component, 2 for IO).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../wit-samples")
}

/// A core module implementing adder's `add` with `i32.add`.
const ADDER_WAT: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add))"#;

fn adder_component() -> Vec<u8> {
    let mut resolve = wit_parser::Resolve::default();
    let (package, _) = resolve
        .push_dir(samples_dir().join("adder/wit"))
        .expect("the adder sample loads");
    let world = resolve
        .select_world(&[package], None)
        .expect("the adder sample has one world");
    let mut module = wat::parse_str(ADDER_WAT).expect("test WAT is valid");
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
    )
    .expect("metadata embeds");
    wit_component::ComponentEncoder::default()
        .module(&module)
        .expect("module is accepted")
        .validate(true)
        .encode()
        .expect("component encodes")
}

fn wit_lsp_wit(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("wit")
        .arg(path)
        .output()
        .expect("the wit-lsp binary runs")
}

fn one_line_stderr(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "expected a one-line error, got:\n{stderr}"
    );
    stderr
}

#[test]
fn prints_the_wit_of_a_built_component() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("adder.wasm");
    std::fs::write(&path, adder_component()).unwrap();
    let output = wit_lsp_wit(&path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("world root {"), "{stdout}");
    assert!(
        stdout.contains("export add: func(a: s32, b: s32) -> s32;"),
        "{stdout}"
    );
}

#[test]
fn a_core_module_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("core.wasm");
    std::fs::write(&path, wat::parse_str(ADDER_WAT).unwrap()).unwrap();
    let output = wit_lsp_wit(&path);
    assert_eq!(output.status.code(), Some(1));
    let stderr = one_line_stderr(&output);
    assert!(stderr.contains("core WebAssembly module"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_corrupt_file_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrupt.wasm");
    let component = adder_component();
    // Cut inside the last section (a cut between sections can leave a valid component).
    std::fs::write(&path, &component[..component.len() - 1]).unwrap();
    let output = wit_lsp_wit(&path);
    assert_eq!(output.status.code(), Some(1));
    let stderr = one_line_stderr(&output);
    assert!(stderr.contains("corrupt.wasm"), "{stderr}");
    assert!(stderr.contains("cannot decode component"), "{stderr}");
}

#[test]
fn a_missing_file_is_an_io_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.wasm");
    let output = wit_lsp_wit(&path);
    assert_eq!(output.status.code(), Some(2));
    let stderr = one_line_stderr(&output);
    assert!(stderr.contains("cannot read"), "{stderr}");
    assert!(stderr.contains("missing.wasm"), "{stderr}");
}
