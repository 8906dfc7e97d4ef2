//! `wit-lsp compose` and `wit-lsp run --plug`, as a user runs them: components built
//! at test time from WIT and WAT, the real binary, exit statuses and files on disk.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wit_lsp_test_client::components::{CALC_WIT, build_component, write_calculator_pair};

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let files = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        write_calculator_pair(files.dir.path(), CALC_WIT);
        files
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path(name), bytes).unwrap();
    }
}

fn wit_lsp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run wit-lsp")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn compose_writes_a_valid_component_that_runs() {
    let files = Files::new();
    let output = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "adder.wasm",
            "-o",
            "app.wasm",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stderr),
        format!(
            "calculator.wasm: bars:calc/adder@0.1.0 <- adder.wasm\nwrote app.wasm ({} bytes)\n",
            std::fs::metadata(files.path("app.wasm")).unwrap().len()
        )
    );
    let bytes = std::fs::read(files.path("app.wasm")).unwrap();
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .expect("the composition validates");

    let run = wit_lsp(files.dir.path(), &["run", "app.wasm", "calculate(40, 2)"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout), "--- result ---\n42\n");
}

#[test]
fn compose_prints_wat_and_json() {
    let files = Files::new();
    let output = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "adder.wasm",
            "--wat",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let wat = text(&output.stdout);
    assert!(wat.starts_with("(component"), "{wat}");
    // The WAT is the component: it parses back to a valid binary.
    wasmparser::Validator::new()
        .validate_all(&wat::parse_str(&wat).expect("printed WAT parses"))
        .expect("valid");

    let output = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "adder.wasm",
            "-o",
            "app.wasm",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["composed"], true);
    assert_eq!(report["output"], "app.wasm");
    assert_eq!(report["links"][0]["import"], "bars:calc/adder@0.1.0");
    assert_eq!(report["links"][0]["provider"], "adder.wasm");
    assert_eq!(report["openImports"], serde_json::json!([]));
}

#[test]
fn a_plug_that_does_not_fit_is_refused_and_nothing_is_written() {
    let files = Files::new();
    // An older output must survive a refused composition untouched.
    files.write("app.wasm", b"previous");
    let output = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "adder64.wasm",
            "-o",
            "app.wasm",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "error: bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32, \
         adder64.wasm exports func(a: u64, b: u64) -> u64\n\
         nothing was written: the composition was refused\n"
    );
    assert_eq!(std::fs::read(files.path("app.wasm")).unwrap(), b"previous");
    let leftovers: Vec<_> = std::fs::read_dir(files.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let output = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "adder64.wasm",
            "-o",
            "new.wasm",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["composed"], false);
    assert_eq!(report["refusals"][0]["kind"], "signature-differs");
    assert_eq!(report["refusals"][0]["item"], "bars:calc/adder.add");
    assert!(!files.path("new.wasm").exists());
}

#[test]
fn usage_and_io_errors_exit_2() {
    let files = Files::new();
    let missing = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "nowhere.wasm",
            "-o",
            "app.wasm",
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).starts_with("error: cannot read `nowhere.wasm`: "),
        "{}",
        text(&missing.stderr)
    );
    // No output named at all.
    let no_output = wit_lsp(
        files.dir.path(),
        &["compose", "calculator.wasm", "--plug", "adder.wasm"],
    );
    assert_eq!(no_output.status.code(), Some(2));
    // The output's directory does not exist: an I/O error, nothing half-written.
    let bad_dir = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "adder.wasm",
            "-o",
            "no/such/dir/app.wasm",
        ],
    );
    assert_eq!(bad_dir.status.code(), Some(2));
    assert!(
        text(&bad_dir.stderr).starts_with("error: cannot write `no/such/dir/app.wasm`: "),
        "{}",
        text(&bad_dir.stderr)
    );
    // A file that is not a component is a refusal naming it.
    files.write("notes.txt", b"hello");
    let not_wasm = wit_lsp(
        files.dir.path(),
        &[
            "compose",
            "calculator.wasm",
            "--plug",
            "notes.txt",
            "-o",
            "app.wasm",
        ],
    );
    assert_eq!(not_wasm.status.code(), Some(1));
    assert!(
        text(&not_wasm.stderr).starts_with("error: notes.txt: not wasm or WAT: "),
        "{}",
        text(&not_wasm.stderr)
    );
}

#[test]
fn run_with_a_plug_shows_the_calls_across_it() {
    let files = Files::new();
    let output = wit_lsp(
        files.dir.path(),
        &[
            "run",
            "calculator.wasm",
            "calculate(40, 2)",
            "--plug",
            "adder.wasm",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "--- import calls ---\ncalc/adder.add(40, 2) -> 42 (adder.wasm)\n--- result ---\n42\n"
    );
    // Without the plug the import traps by name.
    let unplugged = wit_lsp(
        files.dir.path(),
        &["run", "calculator.wasm", "calculate(40, 2)"],
    );
    assert_eq!(unplugged.status.code(), Some(1));
    assert!(text(&unplugged.stdout).contains("calc/adder.add(40, 2) -> trap: not mocked"));
}

#[test]
fn run_with_a_plug_that_does_not_fit_exits_1_naming_it() {
    let files = Files::new();
    let output = wit_lsp(
        files.dir.path(),
        &[
            "run",
            "calculator.wasm",
            "calculate(40, 2)",
            "--plug",
            "adder64.wasm",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "error: bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32, \
         adder64.wasm exports func(a: u64, b: u64) -> u64\n"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn run_dir_uses_the_plugs_of_its_component_entry() {
    let files = Files::new();
    std::fs::write(
        files.path("wit-lsp.toml"),
        "[[component]]\npath = \"calculator.wasm\"\n\
         plugs = [{ path = \"built/adder.wasm\", build = \"mkdir -p built && cp adder.wasm built/adder.wasm\" }]\n",
    )
    .unwrap();
    let output = wit_lsp(files.dir.path(), &["run", ".", "calculate(40, 2)"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // The plug did not exist: its build ran first.
    assert!(
        text(&output.stderr).contains("built: mkdir -p built"),
        "{}",
        text(&output.stderr)
    );
    assert!(files.path("built/adder.wasm").is_file());
    assert_eq!(
        text(&output.stdout),
        "--- import calls ---\ncalc/adder.add(40, 2) -> 42 (built/adder.wasm)\n--- result ---\n42\n"
    );
    assert!(text(&output.stdout).ends_with("--- result ---\n42\n"));

    // A plug that does not fit is refused by name.
    std::fs::write(
        files.path("wit-lsp.toml"),
        "[[component]]\npath = \"calculator.wasm\"\nplugs = [\"adder64.wasm\"]\n",
    )
    .unwrap();
    let output = wit_lsp(files.dir.path(), &["run", ".", "calculate(40, 2)"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .contains("bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32"),
        "{}",
        text(&output.stderr)
    );

    // A malformed entry names the file, line and key.
    std::fs::write(
        files.path("wit-lsp.toml"),
        "[[component]]\npath = \"calculator.wasm\"\nplugs = [42]\n",
    )
    .unwrap();
    let output = wit_lsp(files.dir.path(), &["run", ".", "calculate(40, 2)"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("wit-lsp.toml:3:")
            && text(&output.stderr).contains("a plug is a component's path"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn every_kind_of_misfit_exits_1_names_it_and_writes_nothing() {
    let files = Files::new();
    let sub = CALC_WIT.replace("add: func(", "sub: func(");
    files.write(
        "subber.wasm",
        &build_component(
            &[&sub],
            "adder-provider",
            r#"(module
              (func (export "bars:calc/adder@0.1.0#sub") (param i32 i32) (result i32)
                (i32.sub (local.get 0) (local.get 1))))"#,
        ),
    );
    let major = CALC_WIT.replace("bars:calc@0.1.0", "bars:calc@1.0.0");
    files.write(
        "adder-v1.wasm",
        &build_component(
            &[&major],
            "adder-provider",
            r#"(module
              (func (export "bars:calc/adder@1.0.0#add") (param i32 i32) (result i32)
                (i32.add (local.get 0) (local.get 1))))"#,
        ),
    );
    let cases = [
        (
            "adder64.wasm",
            "signature-differs",
            "bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32, adder64.wasm exports func(a: u64, b: u64) -> u64",
        ),
        (
            "subber.wasm",
            "missing-function",
            "bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32, but subber.wasm exports no `add` in bars:calc/adder@0.1.0",
        ),
        (
            "adder-v1.wasm",
            "incompatible-version",
            "bars:calc/adder: calculator.wasm imports @0.1.0, which semver does not let adder-v1.wasm exports @1.0.0 satisfy",
        ),
        (
            "calculator.wasm",
            "unused-plug",
            "calculator.wasm: plugs nothing: it exports no interface",
        ),
    ];
    for (plug, kind, message) in cases {
        let output = wit_lsp(
            files.dir.path(),
            &[
                "compose",
                "calculator.wasm",
                "--plug",
                plug,
                "-o",
                "out.wasm",
                "--format",
                "json",
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{plug}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["refusals"][0]["kind"], kind, "{plug}: {report}");
        assert_eq!(
            report["refusals"][0]["message"], message,
            "{plug}: {report}"
        );
        assert!(
            !files.path("out.wasm").exists(),
            "{plug}: out.wasm was written"
        );
    }
}
