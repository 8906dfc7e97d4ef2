//! The one gate CI runs, and the corpus checks it runs as a separate step.

use std::path::Path;
use std::process::Command;

fn cargo(root: &Path, args: &[&str]) -> anyhow::Result<bool> {
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(args)
        .current_dir(root)
        .status()?;
    Ok(status.success())
}

/// `cargo fmt --check`, clippy with warnings as errors, and every test of the workspace.
pub fn ci(root: &Path) -> anyhow::Result<bool> {
    Ok(cargo(root, &["fmt", "--all", "--check"])?
        && cargo(
            root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )?
        && cargo(root, &["test", "--workspace"])?)
}

/// Runs the `corpus` test target of every crate that has one (see each crate's Cargo.toml).
pub fn corpus(root: &Path) -> anyhow::Result<bool> {
    let mut all_passed = true;
    let crates = root.join("server/crates");
    let mut names: Vec<String> = std::fs::read_dir(&crates)?
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let manifest =
            std::fs::read_to_string(crates.join(&name).join("Cargo.toml")).unwrap_or_default();
        if manifest.contains("name = \"corpus\"") {
            let feature = format!("{name}/corpus");
            all_passed &= cargo(
                root,
                &[
                    "test",
                    "-p",
                    &name,
                    "--features",
                    &feature,
                    "--test",
                    "corpus",
                ],
            )?;
        }
    }
    Ok(all_passed)
}
