//! Mock definitions for imports WASI does not provide, read from TOML
//! (the `[mocks]` table of `wit-lsp.toml` or a file of its own).
//!
//! ```toml
//! [mocks]
//! log = "log"                                    # print the call, return the zero value
//! "kvdb.[constructor]connection" = "log"         # a fresh host stand-in
//! "kvdb.[method]connection.get" = ['some("old")', "none"]   # results in turn
//! "kvdb.[method]connection.set" = { log = true }
//! "clock.now" = { result = "{seconds: 0, nanoseconds: 0}" }
//! ```

use std::collections::HashMap;
use std::path::Path;

/// What a mocked import does when called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MockBehaviour {
    /// Record the call and return the zero value of the result type.
    Log,
    /// Return these WAVE results, one per call, in turn; a call past the
    /// end traps with a message saying the mock ran out.
    Results(Vec<String>),
}

/// One mock as written in the file: the key it was written under and what
/// it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockEntry {
    pub key: String,
    pub behaviour: MockBehaviour,
}

/// A set of mocks; matched against a component's imports when it is linked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mocks {
    pub entries: Vec<MockEntry>,
    /// Where the mocks came from, for messages.
    pub source: String,
}

/// A mock file that cannot be used, with the place and the reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct MockError {
    pub source_name: String,
    pub message: String,
}

impl Mocks {
    /// Reads the `[mocks]` table of a TOML file.
    pub fn from_file(path: &Path) -> Result<Self, MockError> {
        let text = std::fs::read_to_string(path).map_err(|error| MockError {
            source_name: path.display().to_string(),
            message: format!("cannot read the mock file: {error}"),
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// Parses the `[mocks]` table of TOML text; `source` names it in errors.
    pub fn from_toml(text: &str, source: &str) -> Result<Self, MockError> {
        let error = |message: String| MockError {
            source_name: source.to_string(),
            message,
        };
        let document: toml::Table = text.parse().map_err(|parse: toml::de::Error| {
            let location = parse
                .span()
                .map(|span| {
                    let line = text[..span.start].matches('\n').count() + 1;
                    let column =
                        span.start - text[..span.start].rfind('\n').map_or(0, |n| n + 1) + 1;
                    format!("{line}:{column}: ")
                })
                .unwrap_or_default();
            error(format!("{location}{}", parse.message()))
        })?;
        let Some(mocks) = document.get("mocks") else {
            return Ok(Self {
                entries: Vec::new(),
                source: source.to_string(),
            });
        };
        let toml::Value::Table(mocks) = mocks else {
            return Err(error("`mocks` must be a table (`[mocks]`)".into()));
        };
        let mut entries = Vec::new();
        for (key, value) in mocks {
            let behaviour = match value {
                toml::Value::String(text) if text == "log" => MockBehaviour::Log,
                toml::Value::String(text) => MockBehaviour::Results(vec![text.clone()]),
                toml::Value::Array(items) => {
                    let mut results = Vec::new();
                    for item in items {
                        match item {
                            toml::Value::String(text) => results.push(text.clone()),
                            other => {
                                return Err(error(format!(
                                    "mock `{key}`: each result must be a WAVE string, found {}",
                                    other.type_str()
                                )));
                            }
                        }
                    }
                    if results.is_empty() {
                        return Err(error(format!("mock `{key}`: the list of results is empty")));
                    }
                    MockBehaviour::Results(results)
                }
                toml::Value::Table(table) => {
                    if table.get("log").and_then(toml::Value::as_bool) == Some(true) {
                        MockBehaviour::Log
                    } else if let Some(result) = table.get("result").and_then(toml::Value::as_str) {
                        MockBehaviour::Results(vec![result.to_string()])
                    } else if let Some(toml::Value::Array(items)) = table.get("results") {
                        let results: Option<Vec<String>> = items
                            .iter()
                            .map(|item| item.as_str().map(str::to_string))
                            .collect();
                        match results {
                            Some(results) if !results.is_empty() => MockBehaviour::Results(results),
                            _ => {
                                return Err(error(format!(
                                    "mock `{key}`: `results` must be a non-empty list of WAVE strings"
                                )));
                            }
                        }
                    } else {
                        return Err(error(format!(
                            "mock `{key}`: expected `log = true`, `result = \"...\"` or `results = [...]`"
                        )));
                    }
                }
                other => {
                    return Err(error(format!(
                        "mock `{key}`: expected \"log\", a WAVE result string, a list of them or a table, found {}",
                        other.type_str()
                    )));
                }
            };
            entries.push(MockEntry {
                key: key.clone(),
                behaviour,
            });
        }
        Ok(Self {
            entries,
            source: source.to_string(),
        })
    }
}

/// Per-store state of the mocks: how many times each was called, and the
/// next representation number for host resource stand-ins.
#[derive(Debug, Default)]
pub(crate) struct MockState {
    pub(crate) calls_made: HashMap<String, usize>,
    pub(crate) next_rep: u32,
    /// Host stand-ins created by `log` mocks, with their names.
    pub(crate) stand_ins: Vec<(wasmtime::component::ResourceAny, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let mocks = Mocks::from_toml(
            r#"
[[component]]
path = "x.wasm"
[mocks]
a = "log"
b = "42"
c = ["1", "2"]
d = { log = true }
e = { result = "none" }
f = { results = ["ok", "err"] }
"#,
            "wit-lsp.toml",
        )
        .unwrap();
        let behaviours: Vec<(&str, &MockBehaviour)> = mocks
            .entries
            .iter()
            .map(|entry| (entry.key.as_str(), &entry.behaviour))
            .collect();
        assert_eq!(
            behaviours,
            [
                ("a", &MockBehaviour::Log),
                ("b", &MockBehaviour::Results(vec!["42".into()])),
                ("c", &MockBehaviour::Results(vec!["1".into(), "2".into()])),
                ("d", &MockBehaviour::Log),
                ("e", &MockBehaviour::Results(vec!["none".into()])),
                (
                    "f",
                    &MockBehaviour::Results(vec!["ok".into(), "err".into()])
                ),
            ]
        );
    }

    #[test]
    fn bad_files_name_the_place() {
        let error = Mocks::from_toml("[mocks]\na = 3\n", "m.toml").unwrap_err();
        assert!(error.to_string().starts_with("m.toml: mock `a`"), "{error}");
        let error = Mocks::from_toml("[mocks\n", "m.toml").unwrap_err();
        assert!(error.to_string().starts_with("m.toml: 1:"), "{error}");
        let error = Mocks::from_toml("[mocks]\na = []\n", "m.toml").unwrap_err();
        assert!(error.to_string().contains("empty"), "{error}");
    }
}
