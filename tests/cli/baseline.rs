//! `wit-lsp check --baseline`: golden output per kind of breaking change
//! (`tests/fixtures/baseline/<kind>/{old,new}`, expected output beside them; refresh with
//! `BLESS=1 cargo test -p wit-lsp --test cli_baseline`), git and encoded baselines, several
//! packages matched by name, and bad baselines.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(3)
        .expect("workspace root")
        .to_path_buf()
}

fn check_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run wit-lsp check")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 output")
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

fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures/baseline")
}

#[test]
fn each_kind_of_breaking_change_matches_its_golden_output() {
    let dir = fixtures();
    let mut kinds: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| {
            let e = e.ok()?;
            e.file_type()
                .ok()?
                .is_dir()
                .then(|| e.file_name().into_string().ok())?
        })
        .collect();
    kinds.sort();
    assert!(kinds.len() >= 15, "fixtures missing: {kinds:?}");
    for kind in kinds {
        for format in ["human", "json"] {
            let output = check_in(
                &dir,
                &[
                    "--format",
                    format,
                    "--color",
                    "never",
                    &format!("{kind}/new"),
                    "--baseline",
                    &format!("{kind}/old"),
                ],
            );
            let text = stdout(&output);
            assert!(
                text.contains("breaking-change"),
                "{kind}: no breaking change reported:\n{text}{}",
                stderr(&output)
            );
            // A breaking change is an error unless the version was bumped.
            let expected_status = if kind == "version-bumped" { 0 } else { 1 };
            assert_eq!(
                output.status.code(),
                Some(expected_status),
                "{kind}:\n{text}"
            );
            assert_golden(
                &dir.join(kind.clone()).join(format!("expected.{format}")),
                &text,
            );
        }
    }
}

#[test]
fn a_package_against_itself_has_no_breaking_change() {
    let root = workspace_root();
    for sample in ["wit-samples", "tests/fixtures/baseline/removed-field/old"] {
        let output = check_in(&root, &[sample, "--baseline", sample]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{sample}: {}{}",
            stdout(&output),
            stderr(&output)
        );
        assert!(
            !stdout(&output).contains("breaking-change"),
            "{}",
            stdout(&output)
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn a_git_revision_is_read_through_git_without_touching_the_work_tree() {
    let repo = tempfile::tempdir().unwrap();
    let wit = repo.path().join("wit");
    copy_dir(&fixtures().join("removed-field/old"), &wit);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "v1.2.0"]);
    git(repo.path(), &["tag", "v1.2.0"]);

    // Unchanged: nothing to report.
    let output = check_in(repo.path(), &["wit", "--baseline", "git:HEAD"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );

    // Edit the work tree (uncommitted): the field is gone.
    let types = wit.join("types.wit");
    let edited = std::fs::read_to_string(&types)
        .unwrap()
        .replace("    price: u32,\n", "");
    std::fs::write(&types, &edited).unwrap();
    for rev in ["git:HEAD", "git:v1.2.0"] {
        let output = check_in(repo.path(), &["wit", "--baseline", rev, "--format", "json"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}{}",
            stdout(&output),
            stderr(&output)
        );
        let lines: Vec<serde_json::Value> = stdout(&output)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0]["code"], "breaking-change");
        assert_eq!(lines[0]["path"], "wit/types.wit");
        assert_eq!(lines[0]["line"], 4);
        assert!(
            lines[0]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("in the baseline ({rev})"))
        );
    }
    // The work tree still holds the edit, and git sees it as the only change.
    assert_eq!(std::fs::read_to_string(&types).unwrap(), edited);
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&status.stdout).trim(),
        "M wit/types.wit"
    );

    // A path below the top of the repository, and a checked path given from elsewhere.
    let output = check_in(&wit, &[".", "--baseline", "git:HEAD"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let output = check_in(
        &workspace_root(),
        &[wit.to_str().unwrap(), "--baseline", "git:HEAD"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );

    // A deps/ entry that is a symbolic link in the repository is followed at the revision.
    let shared = repo.path().join("shared-logging");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(
        shared.join("log.wit"),
        "package demo:log@1.0.0;\ninterface log { type level = u8; write: func(m: string); }\n",
    )
    .unwrap();
    std::fs::create_dir_all(wit.join("deps")).unwrap();
    std::os::unix::fs::symlink("../../shared-logging", wit.join("deps/logging")).unwrap();
    std::fs::write(
        &types,
        std::fs::read_to_string(&types).unwrap().replace(
            "interface ledger {",
            "interface ledger {\n  use demo:log/log@1.0.0.{level};",
        ),
    )
    .unwrap();
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "logging"]);
    std::fs::write(shared.join("log.wit"), "package demo:log@1.0.0;\ninterface log { type level = u8; write: func(m: string, level: u8); }\n").unwrap();
    // The dependency changed in the work tree: both worlds pull it in.
    let output = check_in(
        repo.path(),
        &["wit", "--baseline", "git:HEAD", "--color", "never"],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}{}", stderr(&output));
    assert!(!text.contains("does not resolve"), "{text}");
    for world in ["shop", "backend"] {
        assert!(
            text.contains(&format!("error: `demo:log/log`, which world `{world}` imports, changed: parameter `level` was added to function `write`")),
            "{text}"
        );
    }
    assert!(
        text.ends_with("2 errors, 1 warning in 1 package\n"),
        "{text}"
    );
}

#[test]
fn an_encoded_package_is_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let mut resolve = wit_parser::Resolve::default();
    let (package, _) = resolve
        .push_dir(fixtures().join("removed-field/old"))
        .unwrap();
    let bytes = wit_component::encode(&resolve, package).unwrap();
    let wasm = dir.path().join("shop-1.2.0.wasm");
    std::fs::write(&wasm, bytes).unwrap();
    let output = check_in(
        &fixtures(),
        &[
            "removed-field/new",
            "--baseline",
            wasm.to_str().unwrap(),
            "--color",
            "never",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("error: field `price` was removed from record `item`"),
        "{}",
        stdout(&output)
    );
    let output = check_in(
        &fixtures(),
        &["removed-field/old", "--baseline", wasm.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn several_packages_are_matched_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    copy_dir(&fixtures().join("removed-field/old"), &old.join("shop"));
    copy_dir(&fixtures().join("removed-field/new"), &new.join("b-shop"));
    let other = "package demo:other@0.1.0;\ninterface i { f: func(); }\n";
    std::fs::create_dir_all(old.join("other")).unwrap();
    std::fs::write(old.join("other/other.wit"), other).unwrap();
    std::fs::create_dir_all(new.join("a-other")).unwrap();
    std::fs::write(
        new.join("a-other/other.wit"),
        other.replace("f: func();", "f: func(x: u8);"),
    )
    .unwrap();
    std::fs::create_dir_all(new.join("fresh")).unwrap();
    std::fs::write(
        new.join("fresh/fresh.wit"),
        "package demo:fresh@0.1.0;\ninterface i {}\n",
    )
    .unwrap();
    let output = check_in(
        dir.path(),
        &["new", "--baseline", "old", "--color", "never"],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error: field `price` was removed from record `item`"),
        "{text}"
    );
    assert!(
        text.contains("error: parameter `x` was added to function `f`"),
        "{text}"
    );
    assert!(
        text.contains(
            "info: `demo:fresh` is not in the baseline (old): a new package, nothing to compare"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("2 errors, 0 warnings in 3 packages\n"),
        "{text}"
    );
}

#[test]
fn bad_baselines_are_clear_errors() {
    let dir = fixtures();
    let cases: &[(&[&str], &str)] = &[
        (
            &["removed-field/new", "--baseline", "git:"],
            "error: --baseline: `git:` needs a revision, such as `git:HEAD`",
        ),
        (
            &["removed-field/new", "--baseline", "no/such/dir"],
            "error: the baseline `no/such/dir` does not exist",
        ),
        (
            &[
                "removed-field/new",
                "--baseline",
                "git:no-such-revision-anywhere",
            ],
            "error: cannot read the baseline `git:no-such-revision-anywhere`: no revision `no-such-revision-anywhere` in the repository at",
        ),
    ];
    for (args, expected) in cases {
        let output = check_in(&dir, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).starts_with(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // Outside any repository.
    let outside = tempfile::tempdir().unwrap();
    copy_dir(
        &fixtures().join("removed-field/new"),
        &outside.path().join("wit"),
    );
    let output = check_in(outside.path(), &["wit", "--baseline", "git:HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("error: cannot read the baseline `git:HEAD`: not a git repository"),
        "{}",
        stderr(&output)
    );
    // A baseline that does not resolve is a warning on the package, not a crash.
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(
        broken.path().join("shop.wit"),
        "package demo:shop@1.1.0;\ninterface types { f: func() -> nope; }\n",
    )
    .unwrap();
    let output = check_in(
        &dir,
        &[
            "removed-field/new",
            "--baseline",
            broken.path().to_str().unwrap(),
            "--color",
            "never",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("warning: the baseline"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("does not resolve: name `nope` does not exist"),
        "{}",
        stdout(&output)
    );
}
