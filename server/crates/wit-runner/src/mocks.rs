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
    /// Reads the `[mocks]` table of a TOML file (a `wit-lsp.toml`, or a mock file of its
    /// own), with the project file's parser.
    pub fn from_file(path: &Path) -> Result<Self, MockError> {
        let config = wit_project::config::load_config(path).map_err(MockError::from)?;
        Ok(Self::from_config(
            &config.mocks,
            &path.display().to_string(),
        ))
    }

    /// Parses the `[mocks]` table of TOML text; `source` names it in errors.
    pub fn from_toml(text: &str, source: &str) -> Result<Self, MockError> {
        let config =
            wit_project::config::parse_config(Path::new(source), text).map_err(MockError::from)?;
        Ok(Self::from_config(&config.mocks, source))
    }

    /// The mocks of a project file's `[mocks]` table.
    pub fn from_config(mocks: &[wit_project::config::MockConfig], source: &str) -> Self {
        use wit_project::config::MockBehaviour as Configured;
        Self {
            entries: mocks
                .iter()
                .map(|mock| MockEntry {
                    key: mock.key.clone(),
                    behaviour: match &mock.behaviour {
                        Configured::Log => MockBehaviour::Log,
                        Configured::Results(results) => MockBehaviour::Results(results.clone()),
                    },
                })
                .collect(),
            source: source.to_string(),
        }
    }
}

impl From<wit_project::config::ConfigError> for MockError {
    fn from(error: wit_project::config::ConfigError) -> Self {
        let place = if error.line == 0 {
            String::new()
        } else {
            format!(":{}:{}", error.line, error.column)
        };
        MockError {
            source_name: format!("{}{place}", error.path.display()),
            message: error.message,
        }
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
        assert!(
            error.to_string().starts_with("m.toml:2:5: `mocks.a`"),
            "{error}"
        );
        let error = Mocks::from_toml("[mocks\n", "m.toml").unwrap_err();
        assert!(error.to_string().starts_with("m.toml:1:"), "{error}");
        let error = Mocks::from_toml("[mocks]\na = []\n", "m.toml").unwrap_err();
        assert!(error.to_string().contains("empty"), "{error}");
    }
}
