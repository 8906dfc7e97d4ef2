//! Which `@unstable(feature = ...)` gates are enabled, as wasm-tools and wit-bindgen take them.

/// The set of enabled unstable features.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Features {
    /// Enable every feature (`--all-features`).
    pub all: bool,
    /// Feature names enabled one by one (`--features a,b`).
    pub names: Vec<String>,
}

impl Features {
    /// Parses a comma- or whitespace-separated list such as `"active, other"`.
    pub fn from_list(list: &str) -> Features {
        let names = list
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect();
        Features { all: false, names }
    }

    pub(crate) fn apply_to(&self, resolve: &mut wit_parser::Resolve) {
        resolve.all_features = self.all;
        resolve.features.extend(self.names.iter().cloned());
    }
}
