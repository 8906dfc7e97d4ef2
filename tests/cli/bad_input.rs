//! `wit-lsp check` on hostile input: each case ends with a clear diagnostic or error
//! message and an exit status of 1 or 2, never a crash (101) or a hang.

use std::path::Path;
use std::process::{Command, Output};

fn check(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .expect("run wit-lsp check")
}

fn first_diagnostic(output: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().next().unwrap_or_else(|| {
        panic!(
            "no diagnostic; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    serde_json::from_str(line).expect("json")
}

#[test]
fn non_utf8_bytes_are_a_diagnostic_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.wit");
    std::fs::write(&file, b"package a:b;\n\xff\xfe interface i {}\n").unwrap();
    let output = check(&file);
    assert_eq!(output.status.code(), Some(1));
    let diagnostic = first_diagnostic(&output);
    assert_eq!(diagnostic["code"], "invalid-utf8");
    assert_eq!(diagnostic["line"], 2);
    assert_eq!(diagnostic["column"], 1);
}

#[test]
fn an_empty_file_lacks_a_package_header() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.wit");
    std::fs::write(&file, "").unwrap();
    let output = check(&file);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        first_diagnostic(&output)["message"]
            .as_str()
            .unwrap()
            .contains("package")
    );
}

#[test]
fn a_five_megabyte_file_checks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.wit");
    let mut text = String::from("package a:b;\ninterface i {\n");
    let mut i = 0;
    while text.len() < 5_000_000 {
        text.push_str(&format!(
            "    /// Function number {i}.\n    g{i}: func(a: u32, b: string) -> list<u8>;\n"
        ));
        i += 1;
    }
    text.push_str("}\n");
    std::fs::write(&file, &text).unwrap();
    let output = check(&file);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_hundred_thousand_deep_nested_type_is_refused_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.wit");
    let n = 100_000;
    let text = format!(
        "package a:b;\ninterface i {{\n    type t = {}u8{};\n}}\n",
        "list<".repeat(n),
        ">".repeat(n)
    );
    std::fs::write(&file, text).unwrap();
    let output = check(&file);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        first_diagnostic(&output)["message"]
            .as_str()
            .unwrap()
            .contains("too deep")
    );
    // The human format leaves out a 600 KB source line instead of printing it.
    let human = Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        human.stdout.len() < 2_000,
        "printed {} bytes",
        human.stdout.len()
    );
}

#[test]
fn a_dependency_cycle_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path();
    std::fs::create_dir_all(package.join("deps")).unwrap();
    std::fs::write(
        package.join("world.wit"),
        "package app:main;\nworld w { import x:a/i; }\n",
    )
    .unwrap();
    std::fs::write(
        package.join("deps/a.wit"),
        "package x:a;\ninterface i { use x:b/j.{t}; }\n",
    )
    .unwrap();
    std::fs::write(
        package.join("deps/b.wit"),
        "package x:b;\ninterface j { use x:a/i.{}; type t = u8; }\n",
    )
    .unwrap();
    let output = check(package);
    assert_eq!(output.status.code(), Some(1));
    let diagnostic = first_diagnostic(&output);
    assert_eq!(diagnostic["code"], "package-cycle", "{diagnostic}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_neither_followed_forever_nor_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let package = root.join("pkg");
    std::fs::create_dir_all(package.join("deps")).unwrap();
    std::fs::write(package.join("world.wit"), "package app:main;\nworld w {}\n").unwrap();
    // A directory that links to its parent, a file link cycle, and a deps entry that links
    // to deps itself.
    std::os::unix::fs::symlink(root, root.join("again")).unwrap();
    std::os::unix::fs::symlink(package.join("x.wit"), package.join("y.wit")).unwrap();
    std::os::unix::fs::symlink(package.join("y.wit"), package.join("x.wit")).unwrap();
    std::os::unix::fs::symlink(package.join("deps"), package.join("deps/self")).unwrap();
    let output = check(root);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stdout}");
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let output = check(Path::new("/nonexistent/wit/package"));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/wit/package"));
}

/// Symbolic links wit-parser cannot follow are errors naming the path, as wasm-tools
/// reports them: a `deps/` entry linking to itself, a dangling `deps/` link, and a `.wit`
/// file of the package that is a link loop.
#[cfg(unix)]
#[test]
fn links_that_cannot_be_followed_are_errors_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("p");
    std::fs::create_dir_all(package.join("deps")).unwrap();
    std::fs::write(package.join("a.wit"), "package a:b;\ninterface i {}\n").unwrap();
    let clean = check(&package);
    assert_eq!(clean.status.code(), Some(0));
    let cases = [
        (
            package.join("deps/a"),
            package.join("deps/a"),
            "Too many levels",
        ),
        (
            package.join("deps/gone"),
            package.join("deps/missing"),
            "No such file",
        ),
        (
            package.join("loop.wit"),
            package.join("loop.wit"),
            "Too many levels",
        ),
    ];
    for (link, target, reason) in cases {
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let output = check(&package);
        assert_eq!(output.status.code(), Some(1), "{}", link.display());
        let diagnostic = first_diagnostic(&output);
        assert_eq!(diagnostic["code"], "unreadable", "{diagnostic}");
        assert_eq!(diagnostic["path"], link.to_str().unwrap(), "{diagnostic}");
        assert!(
            diagnostic["message"].as_str().unwrap().contains(reason),
            "{diagnostic}"
        );
        std::fs::remove_file(&link).unwrap();
    }
}

#[test]
fn a_generator_that_panics_is_one_line_naming_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.wit");
    std::fs::write(
        &file,
        "package a:b;\ninterface i {\n  resource r {\n    m: async func() -> u32;\n  }\n}\nworld w {\n  import i;\n}\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .args(["bindgen", "--lang", "cpp"])
        .arg(&file)
        .output()
        .expect("run wit-lsp bindgen");
    assert_eq!(output.status.code(), Some(1));
    // No panic hook output ("thread 'main' panicked at ..."), just the error.
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: wit-bindgen-cpp cannot generate bindings for world `a:b/w`: wit-bindgen-cpp does \
         not support async functions yet (async: r.m in interface i); it stopped with: not yet \
         implemented\n"
    );
    assert!(output.stdout.is_empty());
}
