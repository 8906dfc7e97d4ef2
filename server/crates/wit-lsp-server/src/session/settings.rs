//! Settings from `initializationOptions` or `workspace/didChangeConfiguration` (either bare
//! or under a `wit-lsp` key), read leniently: a field of the wrong type keeps its default and
//! is reported, and the rest still applies.

use serde::de::DeserializeOwned;
use wit_analysis::Features;

/// Runner settings from the client (`wit-lsp.runner.*` in VS Code).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunnerSettings {
    /// Deadline of one call, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Linear memory a guest may use, in bytes.
    pub max_memory_bytes: Option<usize>,
    /// A TOML file with a `[mocks]` table (relative paths: from the workspace root).
    pub mock_file: Option<std::path::PathBuf>,
    /// A component to run instead of finding one.
    pub component: Option<std::path::PathBuf>,
}

/// Formatter settings from the client; a `wit-lsp.toml` `[format]` table still wins.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FormatSettings {
    pub indent_width: Option<usize>,
    pub max_width: Option<usize>,
}

/// Binding-preview settings from the client (`wit-lsp.bindings.*` in VS Code).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BindingsSettings {
    /// Warm the preview cache up when an opened package first resolves (default: on).
    pub warm_up: Option<bool>,
}

impl BindingsSettings {
    pub fn warm_up(&self) -> bool {
        self.warm_up.unwrap_or(true)
    }
}

/// Every setting the server reads.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub features: Features,
    pub runner: RunnerSettings,
    pub format: FormatSettings,
    pub bindings: BindingsSettings,
    /// The previous version to report breaking changes against (`git:HEAD`, a directory,
    /// a `.wit` or `.wasm` file); off when unset.
    pub baseline: Option<String>,
}

impl Settings {
    /// The settings in `value`, leniently: a field of the wrong type is left at its default
    /// and described in the returned problems (`runner.timeoutMs: invalid type: ...`), and
    /// the rest still applies. `None` when `value` is not an object (no settings at all).
    pub fn from_value(value: &serde_json::Value) -> Option<(Settings, Vec<String>)> {
        let value = value.get("wit-lsp").unwrap_or(value);
        let object = value.as_object()?;
        let mut problems = Vec::new();
        let settings = Settings {
            features: Features {
                names: lenient(object, "features", &mut problems),
                all: lenient(object, "allFeatures", &mut problems),
            },
            runner: lenient(object, "runner", &mut problems),
            format: lenient(object, "format", &mut problems),
            bindings: lenient(object, "bindings", &mut problems),
            baseline: lenient::<Option<String>>(object, "baseline", &mut problems)
                .filter(|text| !text.trim().is_empty()),
        };
        Some((settings, problems))
    }
}

/// Reads `object[key]` as a `T`, or `T`'s default when it is missing or null. When it does
/// not fit, an object is read field by field: the fields that do not fit on their own are
/// reported and dropped, and the others are kept.
fn lenient<T: DeserializeOwned + Default>(
    object: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> T {
    let value = match object.get(key) {
        None | Some(serde_json::Value::Null) => return T::default(),
        Some(value) => value,
    };
    let error = match serde_json::from_value::<T>(value.clone()) {
        Ok(parsed) => return parsed,
        Err(error) => error,
    };
    if let Some(fields) = value.as_object() {
        let mut kept = serde_json::Map::new();
        for (name, field) in fields {
            let alone = serde_json::Map::from_iter([(name.clone(), field.clone())]);
            match serde_json::from_value::<T>(alone.into()) {
                Ok(_) => {
                    kept.insert(name.clone(), field.clone());
                }
                Err(error) => problems.push(format!("`{key}.{name}`: {error}")),
            }
        }
        if let Ok(parsed) = serde_json::from_value::<T>(kept.into()) {
            return parsed;
        }
    }
    problems.push(format!("`{key}`: {error}"));
    T::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_of_the_wrong_type_keeps_its_default_and_the_rest_applies() {
        let value = serde_json::json!({ "wit-lsp": {
            "allFeatures": true,
            "runner": { "timeoutMs": "soon", "maxMemoryBytes": 1024 },
            "bindings": 3,
        }});
        let (settings, problems) = Settings::from_value(&value).expect("an object");
        assert!(settings.features.all);
        assert_eq!(settings.runner.timeout_ms, None);
        assert_eq!(settings.runner.max_memory_bytes, Some(1024));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("`runner.timeoutMs`"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("`bindings`"), "{problems:?}");
        assert!(Settings::from_value(&serde_json::json!(null)).is_none());
    }
}
