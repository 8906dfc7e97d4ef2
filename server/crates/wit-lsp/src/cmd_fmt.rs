//! `wit-lsp fmt`: formats WIT files in place, checks them (`--check`), or formats stdin (`-`).
//!
//! Settings come from the `[format]` table (`indent`, `width`, `use-tabs`) of the nearest
//! `wit-lsp.toml` found by walking up from each file (from the current directory for stdin).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use wit_project::config::{find_config, load_config};
use wit_syntax::format::{FormatError, FormatOptions, format};

/// Arguments of `wit-lsp fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories to format (directories: every `*.wit` below them); `-` reads
    /// stdin and writes stdout. Defaults to the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Do not write anything: print a unified diff for each file that would change, and exit
    /// with status 1 if any would (or cannot be formatted).
    #[arg(long)]
    pub check: bool,
}

/// Runs `wit-lsp fmt`. Exit status: 0 all formatted, 1 a file would change (`--check`) or has
/// syntax errors, 2 usage or IO errors.
pub fn run(args: Args) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: Args) -> Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut configs = ConfigCache::default();
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &paths {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read stdin")?;
            let cwd = std::env::current_dir().context("cannot read the current directory")?;
            let options = configs.options_for(&cwd)?;
            match format(&text, &options) {
                Ok(formatted) if args.check => {
                    if formatted != text {
                        out.write_all(unified_diff("<stdin>", &text, &formatted).as_bytes())?;
                        failed = true;
                    }
                }
                Ok(formatted) => out.write_all(formatted.as_bytes())?,
                Err(error) => {
                    report_refusal("<stdin>", &error);
                    failed = true;
                }
            }
            continue;
        }
        let files = wit_files(path)?;
        for file in files {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let dir = file.parent().unwrap_or(Path::new("."));
            let options = configs.options_for(dir)?;
            let shown = file.display().to_string();
            let formatted = match format(&text, &options) {
                Ok(formatted) => formatted,
                Err(error) => {
                    report_refusal(&shown, &error);
                    failed = true;
                    continue;
                }
            };
            if formatted == text {
                continue;
            }
            if args.check {
                out.write_all(unified_diff(&shown, &text, &formatted).as_bytes())?;
                failed = true;
            } else {
                std::fs::write(&file, &formatted)
                    .with_context(|| format!("cannot write {}", file.display()))?;
                eprintln!("formatted {shown}");
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn report_refusal(path: &str, error: &FormatError) {
    match error {
        FormatError::SyntaxErrors {
            line,
            column,
            message,
            count,
        } => eprintln!(
            "{path}:{line}:{column}: not formatted: {message} ({count} syntax error(s); fix them first)"
        ),
    }
}

/// `path` itself if it is a file, else every `*.wit` below it (hidden directories skipped),
/// sorted.
fn wit_files(path: &Path) -> Result<Vec<PathBuf>> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let entry_path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if entry.file_type()?.is_dir() {
                if !hidden {
                    stack.push(entry_path);
                }
            } else if entry_path.extension().is_some_and(|e| e == "wit") {
                files.push(entry_path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Format settings per directory, from the nearest `wit-lsp.toml` above it.
#[derive(Default)]
struct ConfigCache {
    by_dir: HashMap<PathBuf, FormatOptions>,
}

impl ConfigCache {
    fn options_for(&mut self, dir: &Path) -> Result<FormatOptions> {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(options) = self.by_dir.get(&dir) {
            return Ok(options.clone());
        }
        let mut options = FormatOptions::default();
        if let Some(config) = find_config(&dir) {
            load_config(&config)?.format.apply(&mut options);
        }
        self.by_dir.insert(dir, options.clone());
        Ok(options)
    }
}

/// A unified diff (`---`/`+++` headers, `@@` hunks with 3 lines of context) of two texts.
fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let ops = diff_lines(&old_lines, &new_lines);
    let mut out = format!("--- {path}\n+++ {path} (formatted)\n");
    const CONTEXT: usize = 3;
    // Indices of changed ops, grouped into hunks with context.
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(CONTEXT);
        let mut end = changed[i];
        while i < changed.len() && changed[i] <= end + 2 * CONTEXT + 1 {
            end = changed[i];
            i += 1;
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let (old_start, new_start) = positions(&ops[..start]);
        let old_count = hunk
            .iter()
            .filter(|op| !matches!(op, Op::Insert(_)))
            .count();
        let new_count = hunk
            .iter()
            .filter(|op| !matches!(op, Op::Delete(_)))
            .count();
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            old_start + 1,
            old_count,
            new_start + 1,
            new_count
        ));
        for op in hunk {
            match op {
                Op::Same(line) => out.push_str(&format!(" {line}\n")),
                Op::Delete(line) => out.push_str(&format!("-{line}\n")),
                Op::Insert(line) => out.push_str(&format!("+{line}\n")),
            }
        }
    }
    out
}

enum Op<'a> {
    Same(&'a str),
    Delete(&'a str),
    Insert(&'a str),
}

fn positions(ops: &[Op<'_>]) -> (usize, usize) {
    let old = ops.iter().filter(|op| !matches!(op, Op::Insert(_))).count();
    let new = ops.iter().filter(|op| !matches!(op, Op::Delete(_))).count();
    (old, new)
}

/// A line diff: common prefix and suffix, then a longest-common-subsequence table for the
/// middle (or delete-all/insert-all if the middle is too large for the table).
fn diff_lines<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Op<'a>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old[prefix..old.len() - suffix];
    let new_mid = &new[prefix..new.len() - suffix];
    let mut ops: Vec<Op<'a>> = old[..prefix].iter().map(|l| Op::Same(l)).collect();
    if old_mid.len().saturating_mul(new_mid.len()) > 4_000_000 {
        ops.extend(old_mid.iter().map(|l| Op::Delete(l)));
        ops.extend(new_mid.iter().map(|l| Op::Insert(l)));
    } else {
        let (n, m) = (old_mid.len(), new_mid.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if old_mid[i] == new_mid[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && old_mid[i] == new_mid[j] {
                ops.push(Op::Same(old_mid[i]));
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] > lcs[(i + 1) * (m + 1) + j]) {
                ops.push(Op::Insert(new_mid[j]));
                j += 1;
            } else {
                ops.push(Op::Delete(old_mid[i]));
                i += 1;
            }
        }
    }
    ops.extend(old[old.len() - suffix..].iter().map(|l| Op::Same(l)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use wit_project::config::CONFIG_FILE;

    fn args(paths: &[&Path], check: bool) -> Args {
        Args {
            paths: paths.iter().map(|p| p.to_path_buf()).collect(),
            check,
        }
    }

    #[test]
    fn formats_a_directory_in_place_with_settings_from_wit_lsp_toml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "[format]\nindent = 2\n").unwrap();
        let nested = dir.path().join("wit/deps");
        std::fs::create_dir_all(&nested).unwrap();
        let main = dir.path().join("wit/main.wit");
        let dep = nested.join("dep.wit");
        std::fs::write(&main, "interface i{f:func();}").unwrap();
        std::fs::write(&dep, "interface j {\n  g: func();\n}\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not wit{").unwrap();

        let code = run_inner(args(&[dir.path()], false)).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        assert_eq!(
            std::fs::read_to_string(&main).unwrap(),
            "interface i {\n  f: func();\n}\n"
        );
        assert_eq!(
            std::fs::read_to_string(&dep).unwrap(),
            "interface j {\n  g: func();\n}\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "not wit{"
        );
        // Now everything is formatted: --check passes.
        assert_eq!(
            run_inner(args(&[dir.path()], true)).unwrap(),
            ExitCode::SUCCESS
        );
    }

    #[test]
    fn check_reports_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.wit");
        std::fs::write(&file, "interface i{}").unwrap();
        assert_eq!(run_inner(args(&[&file], true)).unwrap(), ExitCode::from(1));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "interface i{}");
    }

    #[test]
    fn files_with_syntax_errors_are_left_alone_and_fail() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.wit");
        let fine = dir.path().join("fine.wit");
        std::fs::write(&broken, "interface i { f: func() }").unwrap();
        std::fs::write(&fine, "interface i{}").unwrap();
        assert_eq!(
            run_inner(args(&[dir.path()], false)).unwrap(),
            ExitCode::from(1)
        );
        assert_eq!(
            std::fs::read_to_string(&broken).unwrap(),
            "interface i { f: func() }"
        );
        assert_eq!(std::fs::read_to_string(&fine).unwrap(), "interface i {}\n");
    }

    #[test]
    fn missing_paths_and_bad_settings_are_usage_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(run_inner(args(&[&dir.path().join("nope.wit")], false)).is_err());
        std::fs::write(dir.path().join(CONFIG_FILE), "[format]\nwidth = -1\n").unwrap();
        std::fs::write(dir.path().join("a.wit"), "interface i {}\n").unwrap();
        let error = run_inner(args(&[dir.path()], true)).unwrap_err();
        assert!(format!("{error:#}").contains("wit-lsp.toml"), "{error:#}");
    }

    #[test]
    fn unified_diff_shows_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nD\ne\nf\ng\nh\n";
        let diff = unified_diff("x.wit", old, new);
        assert_eq!(
            diff,
            "--- x.wit\n+++ x.wit (formatted)\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n"
        );
    }

    #[test]
    fn unified_diff_of_insertions_and_deletions() {
        let diff = unified_diff("x.wit", "a\nb\n", "a\nx\nb\ny\n");
        assert!(diff.contains("+x\n") && diff.contains("+y\n"), "{diff}");
        assert!(!diff.contains("-a"), "{diff}");
    }
}
