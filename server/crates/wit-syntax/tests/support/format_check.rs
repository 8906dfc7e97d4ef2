//! Checks a formatter result must pass: idempotence, no new syntax errors, the same comments,
//! and (for whole packages) the same resolved package as printed by `wit_component::WitPrinter`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use wit_syntax::format::{FormatOptions, format, normalize_comment};

/// The comments of `text`, normalised (trailing whitespace per line, `\n` endings), sorted.
pub fn comment_multiset(text: &str) -> Vec<String> {
    let (tokens, _) = wit_syntax::lex(text);
    let mut comments: Vec<String> = tokens
        .iter()
        .filter(|t| t.kind.is_comment())
        .map(|t| normalize_comment(&text[t.range.to_range()]))
        .collect();
    comments.sort();
    comments
}

/// Formats `text` and checks the per-file properties; returns the formatted text.
pub fn check_file(text: &str, options: &FormatOptions) -> Result<String, String> {
    let once = format(text, options).map_err(|e| format!("format failed: {e}"))?;
    let errors = wit_syntax::parse(&once).errors().to_vec();
    if !errors.is_empty() {
        return Err(format!(
            "formatted text has syntax errors: {errors:?}\n{once}"
        ));
    }
    let twice = format(&once, options).map_err(|e| format!("second format failed: {e}"))?;
    if twice != once {
        return Err(format!(
            "not idempotent:\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    if comment_multiset(text) != comment_multiset(&once) {
        return Err(format!("comments changed:\n{once}"));
    }
    if once.lines().any(|l| l.ends_with([' ', '\t'])) {
        return Err(format!("trailing whitespace:\n{once}"));
    }
    Ok(once)
}

/// Every package in `path` (a file or a directory with optional `deps/`), printed by WitPrinter
/// with all features enabled; `None` if wit-parser cannot resolve it.
pub fn resolved_print(path: &Path) -> Option<String> {
    let mut resolve = wit_parser::Resolve {
        all_features: true,
        ..Default::default()
    };
    resolve.push_path(path).ok()?;
    let mut out = String::new();
    let ids: Vec<_> = resolve.packages.iter().map(|(id, _)| id).collect();
    for id in ids {
        let mut printer = wit_component::WitPrinter::default();
        printer.print(&resolve, id, &[]).ok()?;
        out.push_str(&printer.output.to_string());
        out.push('\n');
    }
    Some(out)
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Copies `path` (file or directory) to a fresh temporary location with every `.wit` file
/// formatted; returns the copy's path.
pub fn formatted_copy(path: &Path, options: &FormatOptions) -> Result<PathBuf, String> {
    let root = std::env::temp_dir().join(format!(
        "wit-syntax-fmt-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    let target = root.join(path.file_name().ok_or("path has a file name")?);
    copy_formatted(path, &target, options)?;
    Ok(target)
}

fn copy_formatted(from: &Path, to: &Path, options: &FormatOptions) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
        for entry in std::fs::read_dir(from)
            .map_err(|e| e.to_string())?
            .flatten()
        {
            copy_formatted(&entry.path(), &to.join(entry.file_name()), options)?;
        }
        return Ok(());
    }
    let bytes = std::fs::read(from).map_err(|e| e.to_string())?;
    let contents = if from.extension().is_some_and(|e| e == "wit") {
        let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
        let formatted = format(&text, options).map_err(|e| format!("{}: {e}", from.display()))?;
        formatted.into_bytes()
    } else {
        bytes
    };
    std::fs::write(to, contents).map_err(|e| e.to_string())
}

/// Compares the resolved packages of `path` before and after formatting: `Ok(true)` if equal,
/// `Ok(false)` if the original does not resolve (nothing to compare).
pub fn check_same_resolve(path: &Path, options: &FormatOptions) -> Result<bool, String> {
    let Some(before) = resolved_print(path) else {
        return Ok(false);
    };
    let copy = formatted_copy(path, options)?;
    let after = resolved_print(&copy);
    let _ = std::fs::remove_dir_all(copy.parent().unwrap_or(&copy));
    match after {
        Some(after) if after == before => Ok(true),
        Some(after) => Err(format!(
            "{}: resolves differently after formatting\n--- before\n{before}\n--- after\n{after}",
            path.display()
        )),
        None => Err(format!(
            "{}: no longer resolves after formatting",
            path.display()
        )),
    }
}
