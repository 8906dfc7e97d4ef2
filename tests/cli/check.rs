//! Golden tests of `wit-lsp check`: each broken package under `tests/fixtures/broken/` has
//! its expected output beside it (`<name>.human`, `<name>.json`, `<name>.github`). Refresh
//! them with `BLESS=1 cargo test -p wit-lsp --test cli_check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(3)
        .expect("workspace root")
        .to_path_buf()
}

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("check")
        .args(args)
        .current_dir(workspace_root())
        .env_remove("NO_COLOR")
        .output()
        .expect("run wit-lsp check")
}

fn assert_golden(expected_path: &Path, actual: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(expected_path, actual).expect("bless");
        return;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with BLESS=1",
            expected_path.display()
        )
    });
    assert_eq!(
        actual,
        expected,
        "output differs from {}",
        expected_path.display()
    );
}

#[test]
fn broken_fixtures_match_their_golden_output_in_every_format() {
    let broken = workspace_root().join("tests/fixtures/broken");
    let mut names: Vec<String> = std::fs::read_dir(&broken)
        .expect("fixtures")
        .filter_map(|entry| {
            let entry = entry.ok()?;
            entry
                .file_type()
                .ok()?
                .is_dir()
                .then(|| entry.file_name().into_string().ok())?
        })
        .collect();
    names.sort();
    assert!(names.len() >= 5, "fixtures missing: {names:?}");
    for name in names {
        let relative = format!("tests/fixtures/broken/{name}");
        for format in ["human", "json", "github"] {
            let output = check(&["--format", format, "--color", "never", &relative]);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{name} {format}: expected errors"
            );
            let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
            assert_golden(&broken.join(format!("{name}.{format}")), &stdout);
        }
    }
}

#[test]
fn samples_are_clean() {
    let output = check(&["wit-samples"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with("0 errors, 0 warnings in 6 packages\n"),
        "{stdout}"
    );
}

#[test]
fn json_lines_carry_every_documented_key_with_one_based_byte_columns() {
    let output = check(&["--format", "json", "tests/fixtures/broken/non-ascii"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = stdout.lines().next().expect("one diagnostic");
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    for key in [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "code",
        "message",
    ] {
        assert!(value.get(key).is_some(), "missing {key} in {line}");
    }
    assert_eq!(value["path"], "tests/fixtures/broken/non-ascii/world.wit");
    // `形` follows 38 bytes of the line (CJK and an emoji in a comment before it):
    // columns count UTF-8 bytes, 1-based, as wit-parser prints them.
    assert_eq!(value["line"], 5);
    assert_eq!(value["column"], 39);
    assert_eq!(value["severity"], "error");
}

#[test]
fn usage_and_io_errors_exit_2_with_one_line_on_stderr() {
    let output = check(&["does/not/exist"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("does/not/exist"), "{stderr}");

    let output = check(&["--format", "yaml", "wit-samples"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn colour_is_used_only_when_asked_or_on_a_terminal() {
    let plain = check(&["tests/fixtures/broken/syntax-error"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
    let coloured = check(&["--color", "always", "tests/fixtures/broken/syntax-error"]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b[1;31merror"));
}

#[test]
fn deny_warnings_and_features_flags_are_accepted() {
    let output = check(&[
        "--deny-warnings",
        "--features",
        "active,other",
        "wit-samples",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let output = check(&["--all-features", "wit-samples/adder"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn unstable_gates_follow_the_features_flag() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gated.wit");
    std::fs::write(
        &file,
        "package a:b;\n\ninterface i {\n    @unstable(feature = active)\n    type t = u32;\n\n    f: func(x: t);\n}\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    // Without the feature, `t` does not exist for `f`.
    assert_eq!(check(&[path]).status.code(), Some(1));
    assert_eq!(
        check(&["--features", "active", path]).status.code(),
        Some(0)
    );
    assert_eq!(check(&["--all-features", path]).status.code(), Some(0));
}

#[test]
fn the_samples_are_formatted() {
    let output = Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .args(["fmt", "--check", "wit-samples"])
        .current_dir(workspace_root())
        .output()
        .expect("run wit-lsp fmt");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// The editor's warnings (unused `use`, deprecated items) come from the same check, with
/// the same codes, golden in every format; they fail the check only with
/// `--deny-warnings`.
#[test]
fn the_editors_warnings_are_reported_and_fail_only_with_deny_warnings() {
    let warnings = workspace_root().join("tests/fixtures/warnings");
    let relative = "tests/fixtures/warnings/lints";
    for format in ["human", "json", "github"] {
        let output = check(&["--format", format, "--color", "never", relative]);
        assert_eq!(output.status.code(), Some(0), "{format}: warnings only");
        let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
        assert_golden(&warnings.join(format!("lints.{format}")), &stdout);
        let denied = check(&["--deny-warnings", "--format", format, relative]);
        assert_eq!(denied.status.code(), Some(1), "{format}: --deny-warnings");
    }
    let output = check(&["--format", "json", relative]);
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let unused = lines
        .iter()
        .find(|value| value["code"] == "unused-use")
        .expect("an unused-use warning");
    assert_eq!(unused["severity"], "warning");
    assert_eq!(
        (&unused["line"], &unused["column"]),
        (&12.into(), &20.into())
    );
    assert!(lines.iter().any(|value| value["code"] == "deprecated"));
}

#[test]
fn the_project_file_is_checked_with_its_package() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("wit");
    std::fs::create_dir_all(&package).unwrap();
    std::fs::write(
        package.join("a.wit"),
        "package a:b;\ninterface i { f: func(); }\n",
    )
    .unwrap();
    let config = dir.path().join("wit-lsp.toml");
    let check_json = || {
        let output = Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
            .args(["check", "--format", "json"])
            .arg(&package)
            .output()
            .expect("run wit-lsp check");
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        (output.status.code(), lines)
    };

    // A value out of range: an error at the value, as the editor shows it.
    std::fs::write(&config, "[format]\nwidth = 5\n").unwrap();
    let (status, lines) = check_json();
    assert_eq!(status, Some(1));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["code"], "invalid-config");
    assert_eq!(
        (lines[0]["line"].clone(), lines[0]["column"].clone()),
        (2.into(), 9.into())
    );
    assert_eq!(
        lines[0]["message"],
        "`format.width` must be from 20 to 1000, found 5"
    );

    // A plug whose file does not exist and that has no build: a warning on its entry.
    std::fs::write(
        &config,
        "[[component]]\npath = \"app.wasm\"\nplugs = [\n  \"missing.wasm\",\n]\n",
    )
    .unwrap();
    let (status, lines) = check_json();
    assert_eq!(status, Some(0));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["code"], "plug-mismatch");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["line"], 4);
}
