//! `wit-lsp.toml`, the project file: where it is (one rule, [`find_config`]: the nearest
//! file in the package directory or above it) and what it says, as typed sections parsed
//! with the `toml` crate. Every problem is a [`ConfigError`] naming the file, the line and
//! column, and the key, so the CLI prints something a user can act on and the editor shows
//! it as a diagnostic on the file.
//!
//! ```toml
//! [format]
//! indent = 4          # spaces per level, 1-16
//! width = 100         # line width, 20-1000
//! use-tabs = false
//!
//! [[component]]       # a built component, for runs
//! world = "sample:kv-store/kv-database"
//! path = "target/wasm32-wasip2/release/kv_store.wasm"   # relative to this file
//! build = "cargo build --target wasm32-wasip2 --release"
//! plugs = ["../adder/adder.wasm", { path = "calc.wasm", build = "make calc.wasm" }]
//!
//! [mocks]             # imports WASI does not provide
//! log = "log"                                    # record the call, return the zero value
//! "kvdb.[method]connection.get" = ['some("a#b")', "none"]   # results in turn
//! "clock.now" = { result = "{seconds: 0, nanoseconds: 0}" }
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// The name of the project file.
pub const CONFIG_FILE: &str = "wit-lsp.toml";

/// The project file that applies to `package_dir`: the nearest `wit-lsp.toml` in it or in a
/// directory above it (as cargo finds its configuration).
pub fn find_config(package_dir: &Path) -> Option<PathBuf> {
    package_dir
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|file| file.is_file())
}

/// A `wit-lsp.toml`, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectConfig {
    /// The file it was read from.
    pub path: PathBuf,
    pub format: FormatConfig,
    /// The `[[component]]` entries, in file order.
    pub components: Vec<ComponentConfig>,
    /// The `[mocks]` table, by key.
    pub mocks: Vec<MockConfig>,
}

/// The `[format]` table: what it sets, the rest left to the editor or the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormatConfig {
    pub indent: Option<usize>,
    pub width: Option<usize>,
    pub use_tabs: Option<bool>,
}

impl FormatConfig {
    /// Sets the formatter options this table gives.
    pub fn apply(&self, options: &mut wit_syntax::format::FormatOptions) {
        if let Some(indent) = self.indent {
            options.indent = indent;
        }
        if let Some(width) = self.width {
            options.width = width;
        }
        if let Some(use_tabs) = self.use_tabs {
            options.use_tabs = use_tabs;
        }
    }
}

/// One `[[component]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentConfig {
    /// The world it implements, `ns:pkg/world`, if given.
    pub world: Option<String>,
    /// The component file, resolved against the project file's directory.
    pub path: PathBuf,
    /// The command that builds it, run in the project file's directory.
    pub build: Option<String>,
    /// Components plugged into its imports for runs, in file order.
    pub plugs: Vec<PlugConfig>,
}

/// One entry of a component's `plugs`: a component whose exports satisfy its imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlugConfig {
    /// The plug's file, resolved against the project file's directory.
    pub path: PathBuf,
    /// The command that builds it (run in `dir` when the file does not exist yet).
    pub build: Option<String>,
    /// The project file's directory.
    pub dir: PathBuf,
    /// Where the entry is written in the project file.
    pub range: Range<usize>,
}

/// One mock of the `[mocks]` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockConfig {
    /// The import it mocks, as written (`log`, `kvdb.[method]connection.get`).
    pub key: String,
    pub behaviour: MockBehaviour,
}

/// What a mocked import does when called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MockBehaviour {
    /// Record the call and return the zero value of the result type.
    Log,
    /// Return these WAVE results, one per call, in turn.
    Results(Vec<String>),
}

/// A project file that cannot be used: where, which key, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), place(*line, *column))]
pub struct ConfigError {
    pub path: PathBuf,
    /// The byte range of the offending text, when there is one (not for an IO error).
    pub range: Option<Range<usize>>,
    /// 1-based line and column of the range's start (0 when there is no range).
    pub line: usize,
    pub column: usize,
    /// The dotted key, e.g. `format.width`, `component[2].path`, `mocks."log"`.
    pub key: Option<String>,
    pub message: String,
}

fn place(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}:{column}")
    }
}

/// Reads and parses the project file at `path`.
pub fn load_config(path: &Path) -> Result<ProjectConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
        path: path.to_path_buf(),
        range: None,
        line: 0,
        column: 0,
        key: None,
        message: format!("cannot read the project file: {error}"),
    })?;
    parse_config(path, &text)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    format: Option<RawFormat>,
    #[serde(default)]
    component: Vec<RawComponent>,
    #[serde(default)]
    mocks: BTreeMap<String, Spanned<RawMock>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    indent: Option<Spanned<i64>>,
    width: Option<Spanned<i64>>,
    use_tabs: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponent {
    world: Option<String>,
    path: Option<String>,
    build: Option<String>,
    #[serde(default)]
    plugs: Vec<Spanned<RawPlug>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPlug {
    Path(String),
    Table(RawPlugTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlugTable {
    path: String,
    build: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawMock {
    Text(String),
    List(Vec<String>),
    Table(RawMockTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMockTable {
    log: Option<bool>,
    result: Option<String>,
    results: Option<Vec<String>>,
}

/// Where a parse failed: the key of the line the span is on, under its table header.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim();
    if line.starts_with('[') {
        return Some(
            line.trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string(),
        );
    }
    let header = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))
        .map(|header| {
            header
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string()
        });
    let key = line
        .split_once('=')
        .map(|(key, _)| key.trim().to_string())
        .filter(|key| !key.is_empty())?;
    Some(match header {
        Some(header) => format!("{header}.{key}"),
        None => key,
    })
}

struct Errors<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Errors<'_> {
    fn at(&self, range: Option<Range<usize>>, key: Option<String>, message: String) -> ConfigError {
        let (line, column) = match &range {
            Some(range) => {
                let start = range.start.min(self.text.len());
                let line = self.text[..start].matches('\n').count() + 1;
                let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
                (line, start - line_start + 1)
            }
            None => (0, 0),
        };
        ConfigError {
            path: self.path.to_path_buf(),
            range,
            line,
            column,
            key,
            message,
        }
    }
}

/// Parses the text of the project file at `path` (relative paths in it are resolved against
/// `path`'s directory).
pub fn parse_config(path: &Path, text: &str) -> Result<ProjectConfig, ConfigError> {
    let errors = Errors { path, text };
    let raw: RawConfig = toml::from_str(text).map_err(|error| {
        let range = error.span();
        let key = range.as_ref().and_then(|range| key_at(text, range.start));
        let mut message = error
            .message()
            .trim()
            .replace("expected i64", "expected an integer");
        if message.contains("did not match any variant of untagged enum RawMock") {
            message = "a mock is \"log\", a WAVE result string, a list of them, or a table \
                       `{ log = true }`, `{ result = \"...\" }` or `{ results = [...] }`"
                .to_string();
        }
        if message.contains("did not match any variant of untagged enum RawPlug") {
            message =
                "a plug is a component's path, or a table `{ path = \"...\", build = \"...\" }`"
                    .to_string();
        }
        let message = match &key {
            Some(key) => format!("`{key}`: {message}"),
            None => message,
        };
        errors.at(range, key, message)
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut format = FormatConfig::default();
    if let Some(raw_format) = raw.format {
        let within = |value: Option<Spanned<i64>>, name: &str, allowed: Range<i64>| {
            value
                .map(|value| {
                    let number = *value.get_ref();
                    if allowed.contains(&number) {
                        Ok(number as usize)
                    } else {
                        let key = format!("format.{name}");
                        Err(errors.at(
                            Some(value.span()),
                            Some(key.clone()),
                            format!(
                                "`{key}` must be from {} to {}, found {number}",
                                allowed.start,
                                allowed.end - 1
                            ),
                        ))
                    }
                })
                .transpose()
        };
        format = FormatConfig {
            indent: within(raw_format.indent, "indent", 1..17)?,
            width: within(raw_format.width, "width", 20..1001)?,
            use_tabs: raw_format.use_tabs,
        };
    }
    let mut components = Vec::new();
    for (index, entry) in raw.component.into_iter().enumerate() {
        let Some(component_path) = entry.path else {
            let key = format!("component[{}].path", index + 1);
            let header = nth_component_header(text, index);
            return Err(errors.at(
                header,
                Some(key.clone()),
                format!("`{key}` is required: the built component's file"),
            ));
        };
        let plugs = entry
            .plugs
            .into_iter()
            .map(|plug| {
                let range = plug.span();
                let (path, build) = match plug.into_inner() {
                    RawPlug::Path(path) => (path, None),
                    RawPlug::Table(table) => (table.path, table.build),
                };
                PlugConfig {
                    path: base.join(path),
                    build,
                    dir: base.to_path_buf(),
                    range,
                }
            })
            .collect();
        components.push(ComponentConfig {
            world: entry.world,
            path: base.join(component_path),
            build: entry.build,
            plugs,
        });
    }
    let mut mocks = Vec::new();
    for (key, value) in raw.mocks {
        let span = value.span();
        let dotted = format!("mocks.\"{key}\"");
        let invalid = |message: &str| {
            Err(errors.at(
                Some(span.clone()),
                Some(dotted.clone()),
                format!("`{dotted}`: {message}"),
            ))
        };
        let behaviour = match value.into_inner() {
            RawMock::Text(text) if text == "log" => MockBehaviour::Log,
            RawMock::Text(text) => MockBehaviour::Results(vec![text]),
            RawMock::List(results) if results.is_empty() => {
                return invalid("the list of results is empty");
            }
            RawMock::List(results) => MockBehaviour::Results(results),
            RawMock::Table(table) => match (table.log, table.result, table.results) {
                (Some(true), None, None) => MockBehaviour::Log,
                (None, Some(result), None) => MockBehaviour::Results(vec![result]),
                (None, None, Some(results)) if !results.is_empty() => {
                    MockBehaviour::Results(results)
                }
                _ => {
                    return invalid(
                        "expected one of `log = true`, `result = \"...\"` or a non-empty \
                         `results = [...]`",
                    );
                }
            },
        };
        mocks.push(MockConfig { key, behaviour });
    }
    Ok(ProjectConfig {
        path: path.to_path_buf(),
        format,
        components,
        mocks,
    })
}

/// The byte range of the `index`th `[[component]]` header, for an error about the entry.
fn nth_component_header(text: &str, index: usize) -> Option<Range<usize>> {
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "[[component]]" {
            if seen == index {
                return Some(offset..offset + line.trim_end().len());
            }
            seen += 1;
        }
        offset += line.len();
    }
    None
}
