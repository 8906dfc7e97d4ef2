//! Loading one WIT package from disk for the command-line tools, with errors rendered the
//! way `check` prints them.

use std::fmt;
use std::path::Path;

use wit_analysis::{AnalysisCache, Features, LineIndexes, analyze_package};
use wit_project::{DiskReader, PackageRoot, discover_packages};

use crate::cmd_check::render_human;

/// A package that resolved cleanly.
pub struct LoadedPackage {
    pub resolve: wit_parser::Resolve,
    pub package: wit_parser::PackageId,
}

/// Why a package could not be loaded; `Display` is the message for the user.
#[derive(Debug)]
pub enum LoadError {
    /// The path does not exist or cannot be read.
    Io(String),
    /// The path holds no package, or several where one was wanted.
    NotOnePackage(String),
    /// The package has errors, rendered like `wit-lsp check` prints them.
    Invalid(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(message)
            | LoadError::NotOnePackage(message)
            | LoadError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads the one package at `path` (a `.wit` file, a package directory, or a directory that
/// holds exactly one package, such as a project with a `wit/` folder).
pub fn load_package(path: &Path, features: &Features) -> Result<LoadedPackage, LoadError> {
    if !path.exists() {
        return Err(LoadError::Io(format!(
            "path `{}` does not exist",
            path.display()
        )));
    }
    let roots = discover_packages(&DiskReader, path)
        .map_err(|error| LoadError::Io(format!("cannot read `{}`: {error}", path.display())))?;
    let root: PackageRoot = match roots.as_slice() {
        [root] => root.clone(),
        [] => {
            return Err(LoadError::NotOnePackage(format!(
                "no WIT package found at `{}`",
                path.display()
            )));
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|r| format!("  {}", r.path.display()))
                .collect();
            return Err(LoadError::NotOnePackage(format!(
                "`{}` holds {} WIT packages; name one of them:\n{}",
                path.display(),
                many.len(),
                list.join("\n")
            )));
        }
    };
    let sources = wit_project::load_package(&DiskReader, &root);
    let analysis = analyze_package(&sources, features, &mut AnalysisCache::default());
    match analysis.resolved {
        Some(resolved) if analysis.diagnostics.is_empty() => Ok(LoadedPackage {
            resolve: resolved.resolve,
            package: resolved.package,
        }),
        _ => {
            let mut rendered = String::new();
            let mut indexes = LineIndexes::default();
            for diagnostic in &analysis.diagnostics {
                let index = indexes.get(&diagnostic.path, || {
                    sources.text_for_positions(&diagnostic.path)
                });
                rendered.push_str(&render_human(diagnostic, &index, false));
            }
            Err(LoadError::Invalid(rendered.trim_end().to_string()))
        }
    }
}
