//! `wit-lsp check`: the language server's diagnostics, for CI.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use unicode_width::UnicodeWidthChar;
use wit_analysis::{
    AnalysisCache, ColumnEncoding, Diagnostic, Features, LineIndex, LineIndexes, Severity,
    check_package,
};
use wit_project::baseline::{Baseline, BaselineSpec, baseline_check, load_baseline};
use wit_project::{DiskReader, discover_packages};

#[derive(clap::Args)]
pub struct Args {
    /// `.wit` files (or `.wasm`/`.wat` encoded packages) or directories: a package
    /// directory, or a directory holding packages.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Exit with status 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,

    /// Enable `@unstable(feature = ...)` gates, comma-separated.
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,

    /// Enable every `@unstable` gate.
    #[arg(long)]
    all_features: bool,

    /// Report breaking changes against a previous version: a directory, a `.wit` file, an
    /// encoded `.wasm` package, or `git:REV` (each checked path at a git revision, read
    /// through git: `git:HEAD`, `git:origin/main`, `git:v1.2.0`). Packages are matched by
    /// name; breaking changes are errors unless the version was bumped to allow them.
    #[arg(long, value_name = "REF")]
    baseline: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// rustc-style messages with the source line.
    Human,
    /// One JSON object per diagnostic per line.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub fn run(args: Args) -> ExitCode {
    let features = Features {
        all: args.all_features,
        names: args.features.clone(),
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };

    let baseline_spec = match args.baseline.as_deref().map(BaselineSpec::parse) {
        None => None,
        Some(Ok(spec)) => Some(spec),
        Some(Err(message)) => {
            eprintln!("error: --baseline: {message}");
            return ExitCode::from(2);
        }
    };

    // Each package, with the path argument it was found under (a git baseline reads that
    // path at the revision).
    let mut roots = BTreeMap::new();
    for path in &args.paths {
        if !path.exists() {
            eprintln!("error: path `{}` does not exist", path.display());
            return ExitCode::from(2);
        }
        let extension = path.extension().and_then(|e| e.to_str());
        if path.is_file() && !matches!(extension, Some("wit" | "wasm" | "wat")) {
            eprintln!(
                "error: `{}` is not a `.wit`, `.wasm` or `.wat` file or a directory",
                path.display()
            );
            return ExitCode::from(2);
        }
        match discover_packages(&DiskReader, path) {
            Ok(found) if found.is_empty() => {
                eprintln!("error: no WIT packages found under `{}`", path.display());
                return ExitCode::from(2);
            }
            Ok(found) => {
                for root in found {
                    roots.entry(root).or_insert_with(|| path.clone());
                }
            }
            Err(error) => {
                eprintln!("error: cannot read `{}`: {error}", path.display());
                return ExitCode::from(2);
            }
        }
    }

    // The baseline of each path argument (one for a path baseline, which names packages
    // the same way whatever is checked), read on a second thread while the packages are
    // checked: reading a git baseline is mostly waiting for git.
    let load_baselines = || -> Result<BTreeMap<PathBuf, Baseline>, String> {
        let mut baselines = BTreeMap::new();
        let Some(spec) = &baseline_spec else {
            return Ok(baselines);
        };
        let mut cache = AnalysisCache::default();
        for path in roots.values() {
            let key = match spec {
                BaselineSpec::Path(_) => PathBuf::new(),
                BaselineSpec::Git(_) => path.clone(),
            };
            if let std::collections::btree_map::Entry::Vacant(entry) = baselines.entry(key) {
                entry.insert(load_baseline(spec, path, &features, &mut cache)?);
            }
        }
        Ok(baselines)
    };
    let check_all = || {
        let mut cache = AnalysisCache::default();
        roots
            .iter()
            .map(|(root, path)| {
                let sources = wit_project::load_package(&DiskReader, root);
                // The same check as the editor's: wit-parser's diagnostics and the lints.
                let syntax = std::sync::Mutex::default();
                let analysis = check_package(&sources, &features, &mut cache, &syntax, &|| false)
                    .expect("a check that is never cancelled finishes");
                (sources, analysis, path)
            })
            .collect::<Vec<_>>()
    };
    let (checked, baselines) = std::thread::scope(|scope| {
        let baselines = scope.spawn(load_baselines);
        let checked = check_all();
        (checked, baselines.join())
    });
    let baselines = match baselines {
        Ok(Ok(baselines)) => baselines,
        Ok(Err(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        Err(panic) => std::panic::resume_unwind(panic),
    };

    let mut seen = BTreeSet::new();
    let mut output = String::new();
    let (mut errors, mut warnings) = (0usize, 0usize);
    for ((sources, mut analysis, path), root) in checked.into_iter().zip(roots.keys()) {
        let baseline = match &baseline_spec {
            Some(BaselineSpec::Git(_)) => baselines.get(path),
            Some(BaselineSpec::Path(_)) => baselines.get(Path::new("")),
            None => None,
        };
        if let (Some(baseline), Some(resolved)) = (baseline, &analysis.resolved) {
            analysis
                .diagnostics
                .extend(baseline_check(baseline, &sources, resolved).diagnostics);
        }
        // The project file that applies is part of the package's configuration, as in the
        // editor: a broken one, or a plug that does not fit, is reported on it.
        let mut config_text = None;
        if let Some((file, diagnostics, text)) = wit_lsp_server::project_file::project_file_problems(
            &DiskReader,
            root,
            &mut wit_runner::refusals_of,
        ) {
            config_text = Some((file, text));
            analysis.diagnostics.extend(diagnostics);
        }
        let mut indexes = LineIndexes::default();
        for diagnostic in analysis.diagnostics {
            // A dependency shared by two checked packages reports its error once.
            let key = (
                diagnostic.path.clone(),
                diagnostic.range.start,
                diagnostic.range.end,
                diagnostic.message.clone(),
            );
            if !seen.insert(key) {
                continue;
            }
            match diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Information | Severity::Hint => {}
            }
            let index = indexes.get(&diagnostic.path, || match &config_text {
                Some((file, text)) if *file == diagnostic.path => text.clone(),
                _ => sources.text_for_positions(&diagnostic.path),
            });
            match args.format {
                Format::Human => output.push_str(&render_human(&diagnostic, &index, color)),
                Format::Json => output.push_str(&render_json(&diagnostic, &index)),
                Format::Github => output.push_str(&render_github(&diagnostic, &index)),
            }
        }
    }
    if args.format == Format::Human {
        output.push_str(&format!(
            "{} in {}\n",
            summary_counts(errors, warnings),
            plural(roots.len(), "package", "packages")
        ));
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write output: {error}");
        return ExitCode::from(2);
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary_counts(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    )
}

/// 1-based line and 1-based column counting UTF-8 bytes, as wit-parser prints `file:line:col`.
fn one_based(index: &LineIndex, offset: usize) -> (u32, u32) {
    let position = index.line_col(offset, ColumnEncoding::Utf8);
    (position.line + 1, position.col + 1)
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
}

const MAX_SNIPPET_BYTES: usize = 500;

/// rustc-style: header, `-->` location, the source line with a caret underline, then any
/// further lines of the message (hints) as notes.
pub fn render_human(diagnostic: &Diagnostic, index: &LineIndex, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let severity_color = match diagnostic.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Information | Severity::Hint => "1;36",
    };
    let mut lines = diagnostic.message.lines();
    let headline = lines.next().unwrap_or_default();
    let (line, col) = one_based(index, diagnostic.range.start);
    let gutter_width = line.to_string().len();
    let pad = " ".repeat(gutter_width);
    let mut out = format!(
        "{}{} {}\n{}{} {}:{line}:{col}\n",
        paint(severity_color, diagnostic.severity.as_str()),
        paint("1", ":"),
        paint("1", headline),
        pad,
        paint("1;34", "-->"),
        display_path(&diagnostic.path),
    );
    let line_range = index.line_range(line - 1);
    // Like wit-parser, leave out the snippet of a very long line (minified or generated).
    if !index.text().is_empty() && line_range.len() <= MAX_SNIPPET_BYTES {
        let source_line = &index.text()[line_range.clone()];
        let start_in_line = diagnostic
            .range
            .start
            .clamp(line_range.start, line_range.end)
            - line_range.start;
        let end_in_line =
            diagnostic.range.end.clamp(line_range.start, line_range.end) - line_range.start;
        // Align the caret by display width (CJK and emoji take two columns), keeping tabs.
        let lead: String = source_line
            .get(..start_in_line)
            .unwrap_or_default()
            .chars()
            .map(|ch| match ch {
                '\t' => "\t".to_string(),
                _ => " ".repeat(UnicodeWidthChar::width(ch).unwrap_or(0)),
            })
            .collect();
        let width = source_line
            .get(start_in_line..end_in_line.max(start_in_line))
            .unwrap_or_default()
            .chars()
            .map(|ch| UnicodeWidthChar::width(ch).unwrap_or(0))
            .sum::<usize>()
            .max(1);
        let bar = paint("1;34", "|");
        out.push_str(&format!("{pad} {bar}\n"));
        out.push_str(&format!(
            "{} {bar} {source_line}\n",
            paint("1;34", &line.to_string())
        ));
        out.push_str(&format!(
            "{pad} {bar} {lead}{}\n",
            paint(severity_color, &"^".repeat(width))
        ));
    }
    for note in lines {
        out.push_str(&format!("{pad} = {}\n", note.trim()));
    }
    out.push_str(&format!("{pad} = code: {}\n", diagnostic.code.as_str()));
    for related in &diagnostic.related {
        out.push_str(&format!(
            "{pad} = note: {} ({})\n",
            related.message.lines().next().unwrap_or_default(),
            display_path(&related.path)
        ));
    }
    out.push('\n');
    out
}

fn render_json(diagnostic: &Diagnostic, index: &LineIndex) -> String {
    let (line, column) = one_based(index, diagnostic.range.start);
    let (end_line, end_column) = one_based(index, diagnostic.range.end);
    let value = serde_json::json!({
        "path": display_path(&diagnostic.path),
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "severity": diagnostic.severity.as_str(),
        "code": diagnostic.code.as_str(),
        "message": diagnostic.message,
    });
    format!("{value}\n")
}

/// GitHub workflow commands: data is escaped with `%25 %0D %0A`, properties also `%3A %2C`.
fn render_github(diagnostic: &Diagnostic, index: &LineIndex) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_property = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let (line, col) = one_based(index, diagnostic.range.start);
    let (end_line, end_column) = one_based(index, diagnostic.range.end);
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    };
    format!(
        "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_column},title={}::{}\n",
        escape_property(&display_path(&diagnostic.path)),
        escape_property(diagnostic.code.as_str()),
        escape_data(&diagnostic.message),
    )
}
