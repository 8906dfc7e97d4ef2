//! The previous version of the packages being checked (the baseline): a directory, a `.wit`
//! file, an encoded `.wasm` package, or `git:REV`, the same path at a git revision.

use std::path::{Path, PathBuf};

use wit_analysis::{AnalysisCache, Features, ResolvedPackage, analyze_package};

use crate::git::GitReader;
use crate::load::{DiskReader, FileReader};
use crate::{discover_packages, load_package};

/// Where the baseline comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BaselineSpec {
    /// A directory, `.wit` file or encoded package on disk.
    Path(PathBuf),
    /// The checked path itself, at a git revision (`HEAD`, `origin/main`, `v1.2.0`).
    Git(String),
}

impl BaselineSpec {
    /// `git:REV` or a path.
    pub fn parse(text: &str) -> Result<BaselineSpec, String> {
        match text.strip_prefix("git:") {
            Some("") => Err("`git:` needs a revision, such as `git:HEAD`".into()),
            Some(rev) => Ok(BaselineSpec::Git(rev.to_string())),
            None if text.is_empty() => Err("the baseline is empty".into()),
            None => Ok(BaselineSpec::Path(PathBuf::from(text))),
        }
    }

    /// How messages name the baseline.
    pub fn label(&self) -> String {
        match self {
            BaselineSpec::Path(path) => path.display().to_string(),
            BaselineSpec::Git(rev) => format!("git:{rev}"),
        }
    }
}

/// One package of the baseline.
pub struct BaselinePackage {
    /// `ns:name`, without the version: how packages are matched.
    pub name: String,
    pub root: PathBuf,
    /// The package resolved, or the first problem that kept it from resolving.
    pub resolved: Result<ResolvedPackage, String>,
}

/// The packages of a baseline.
pub struct Baseline {
    pub label: String,
    /// For a git baseline, the commit the revision named (a cache key: the same commit
    /// always reads the same files).
    pub commit: Option<String>,
    pub packages: Vec<BaselinePackage>,
}

impl Baseline {
    /// The baseline package named like `name` (`ns:name`, versions ignored).
    pub fn find(&self, name: &str) -> Option<&BaselinePackage> {
        self.packages.iter().find(|p| p.name == name)
    }
}

/// For `git:REV`, the commit `REV` names in the repository holding `path`: cheap, so a
/// caller can tell whether a baseline it read earlier is still current.
pub fn resolve_git_revision(path: &Path, rev: &str) -> Result<String, String> {
    crate::git::commit_of(path, rev)
        .map_err(|error| format!("cannot read the baseline `git:{rev}`: {error}"))
}

/// Reads and resolves the baseline of `checked` (the path being checked; a git baseline
/// reads that same path at the revision). Fails with a message naming what is missing.
///
/// `cache` is the checked packages' cache: dependencies the baseline shares with them (same
/// path and text) are not parsed again.
pub fn load_baseline(
    spec: &BaselineSpec,
    checked: &Path,
    features: &Features,
    cache: &mut AnalysisCache,
) -> Result<Baseline, String> {
    match spec {
        BaselineSpec::Path(path) => {
            if !path.exists() {
                return Err(format!("the baseline `{}` does not exist", path.display()));
            }
            read_packages(&DiskReader, path, spec.label(), None, features, cache)
        }
        BaselineSpec::Git(rev) => {
            let reader = GitReader::open(checked, rev)
                .map_err(|error| format!("cannot read the baseline `git:{rev}`: {error}"))?;
            let commit = reader.commit().to_string();
            // Paths as given, like the checked packages', so the cache recognises them.
            read_packages(
                &reader,
                checked,
                spec.label(),
                Some(commit),
                features,
                cache,
            )
        }
    }
}

fn read_packages(
    reader: &dyn FileReader,
    path: &Path,
    label: String,
    commit: Option<String>,
    features: &Features,
    cache: &mut AnalysisCache,
) -> Result<Baseline, String> {
    let roots = discover_packages(reader, path).map_err(|error| {
        format!(
            "cannot read the baseline `{label}` at `{}`: {error}",
            path.display()
        )
    })?;
    if roots.is_empty() {
        return Err(format!(
            "no WIT packages in the baseline `{label}` at `{}`",
            path.display()
        ));
    }
    let packages = roots
        .iter()
        .map(|root| {
            let sources = load_package(reader, root);
            let analysis = analyze_package(&sources, features, cache);
            let resolved = match (analysis.resolved, analysis.diagnostics.first()) {
                (Some(resolved), None) => Ok(resolved),
                (_, Some(first)) => Err(format!(
                    "{} (in `{}`)",
                    first.message.lines().next().unwrap_or_default(),
                    first.path.display()
                )),
                (None, None) => Err("the package does not resolve".to_string()),
            };
            let name = match &resolved {
                Ok(r) => {
                    let n = &r.resolve.packages[r.package].name;
                    format!("{}:{}", n.namespace, n.name)
                }
                // Still match a broken baseline by its `package` line, to say why.
                Err(_) => declared_name(&sources).unwrap_or_default(),
            };
            BaselinePackage {
                name,
                root: root.path.clone(),
                resolved,
            }
        })
        .collect();
    Ok(Baseline {
        label,
        commit,
        packages,
    })
}

/// `ns:name` of the package's `package` line, read from the text.
fn declared_name(sources: &wit_analysis::PackageSources) -> Option<String> {
    let declaration = wit_analysis::breaking::package_declaration(sources)?;
    let text = sources.text_for_positions(&declaration.path);
    let name = text.get(declaration.name_range.clone())?;
    Some(name.split('@').next().unwrap_or(name).trim().to_string())
}

/// What checking one package against its baseline found.
pub struct BaselineReport {
    pub diagnostics: Vec<wit_analysis::Diagnostic>,
    /// When there are breaking changes the current version does not allow: the next
    /// version that does (the editor offers to bump to it).
    pub bump_to: Option<String>,
}

/// The baseline diagnostics of one checked package: its breaking changes against the
/// baseline package of the same name, or why there is nothing to compare it with. The
/// editor and `wit-lsp check --baseline` both report these.
pub fn baseline_check(
    baseline: &Baseline,
    sources: &wit_analysis::PackageSources,
    resolved: &ResolvedPackage,
) -> BaselineReport {
    use wit_analysis::{Diagnostic, DiagnosticCode, Severity};
    let name = &resolved.resolve.packages[resolved.package].name;
    let name = format!("{}:{}", name.namespace, name.name);
    let at_declaration = |severity, message| {
        let (path, range) = match wit_analysis::breaking::package_declaration(sources) {
            Some(decl) => (decl.path, decl.name_range),
            None => (
                sources
                    .files
                    .first()
                    .map(|f| f.path.clone())
                    .unwrap_or_else(|| sources.root.clone()),
                0..0,
            ),
        };
        BaselineReport {
            diagnostics: vec![Diagnostic {
                path,
                range,
                severity,
                code: DiagnosticCode::Baseline,
                message,
                related: Vec::new(),
            }],
            bump_to: None,
        }
    };
    match baseline.find(&name) {
        None => at_declaration(
            Severity::Information,
            format!(
                "`{name}` is not in the baseline ({}): a new package, nothing to compare",
                baseline.label
            ),
        ),
        Some(BaselinePackage {
            resolved: Err(problem),
            ..
        }) => at_declaration(
            Severity::Warning,
            format!(
                "the baseline ({}) of `{name}` does not resolve: {problem}",
                baseline.label
            ),
        ),
        Some(BaselinePackage {
            resolved: Ok(old), ..
        }) => {
            let diagnostics = wit_analysis::breaking::baseline_diagnostics(
                sources,
                resolved,
                old,
                &baseline.label,
            );
            let old_name = &old.resolve.packages[old.package].name;
            let new_name = &resolved.resolve.packages[resolved.package].name;
            let bump_to = match wit_analysis::breaking::version_verdict(old_name, new_name) {
                wit_analysis::breaking::VersionVerdict::BreakingNotAllowed { suggested }
                    if diagnostics
                        .iter()
                        .any(|d| d.code == DiagnosticCode::BreakingChange) =>
                {
                    Some(suggested)
                }
                _ => None,
            };
            BaselineReport {
                diagnostics,
                bump_to,
            }
        }
    }
}
