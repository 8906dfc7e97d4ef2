//! Breaking-change diagnostics: a package checked against its previous version (the
//! baseline), each breaking change a `breaking-change` diagnostic at the changed item.
//!
//! Whether a change is an error depends on the versions: a new version that may not break
//! its users (the same major version for 1.0 and later, the same minor version for 0.x, the
//! same patch for 0.0.x, or the very same version) turns every breaking change into an
//! error; after a proper bump they are reported as information.

mod diff;

use std::ops::Range;
use std::path::PathBuf;

pub use diff::{BreakingChange, Site, breaking_changes};
use wit_parser::{PackageName, Resolve};
use wit_syntax::ast::AstNode;

use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::{PackageSources, ResolvedPackage};

/// How the two versions relate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionVerdict {
    /// The new version may break users of the old one.
    BreakingAllowed,
    /// It may not; `suggested` is the next version that may.
    BreakingNotAllowed { suggested: String },
    /// One side has no version, so nothing can be told.
    Missing { side: &'static str },
}

/// The version rule, as Cargo and the component model's semver matching apply it.
pub fn version_verdict(old: &PackageName, new: &PackageName) -> VersionVerdict {
    let (Some(old), Some(new)) = (&old.version, &new.version) else {
        return VersionVerdict::Missing {
            side: if new.version.is_none() {
                "here"
            } else {
                "in the baseline"
            },
        };
    };
    let key = |v: &semver::Version| {
        if v.major > 0 {
            (v.major, 0, 0)
        } else if v.minor > 0 {
            (0, v.minor, 0)
        } else {
            (0, 0, v.patch)
        }
    };
    // Pre-releases promise nothing: any other version may break them.
    let prerelease_moved = (!old.pre.is_empty() || !new.pre.is_empty()) && old != new;
    if new > old && (key(old) != key(new) || prerelease_moved) {
        return VersionVerdict::BreakingAllowed;
    }
    let base = if new > old { new } else { old };
    let suggested = if base.major > 0 {
        format!("{}.0.0", base.major + 1)
    } else if base.minor > 0 {
        format!("0.{}.0", base.minor + 1)
    } else {
        format!("0.0.{}", base.patch + 1)
    };
    VersionVerdict::BreakingNotAllowed { suggested }
}

/// Where the package declares itself: the `ns:name@version` of its `package` line, and the
/// version's range when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageDeclaration {
    pub path: PathBuf,
    pub name_range: Range<usize>,
    pub version_range: Option<Range<usize>>,
}

/// The first `package` declaration in the package's own files.
pub fn package_declaration(sources: &PackageSources) -> Option<PackageDeclaration> {
    sources.files.iter().find_map(|file| {
        let text = file.contents.text()?;
        // Cheap test first: most files of a big package have no header.
        if !text.contains("package") {
            return None;
        }
        let parse = wit_syntax::parse(text);
        let name = parse.tree().package_decl()?.package_name()?;
        let name_range = name.syntax().text_range().to_range();
        let version_range = name.version().map(|v| v.syntax().text_range().to_range());
        Some(PackageDeclaration {
            path: file.path.clone(),
            name_range,
            version_range,
        })
    })
}

/// The `breaking-change` diagnostics of `new` against `old`, located in `sources` (the new
/// package's files). `baseline` names the baseline in messages (`git:HEAD`, a path).
pub fn baseline_diagnostics(
    sources: &PackageSources,
    new: &ResolvedPackage,
    old: &ResolvedPackage,
    baseline: &str,
) -> Vec<Diagnostic> {
    let changes = breaking_changes(&old.resolve, old.package, &new.resolve, new.package);
    if changes.is_empty() {
        return Vec::new();
    }
    let old_name = &old.resolve.packages[old.package].name;
    let new_name = &new.resolve.packages[new.package].name;
    let declaration = package_declaration(sources);
    let package_site = || match &declaration {
        Some(decl) => (decl.path.clone(), decl.name_range.clone()),
        None => (
            sources
                .files
                .first()
                .map(|f| f.path.clone())
                .unwrap_or_else(|| sources.root.clone()),
            0..0,
        ),
    };
    let verdict = version_verdict(old_name, new_name);
    let version_text = |name: &PackageName| {
        name.version
            .as_ref()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "no version".into())
    };
    let (severity, note) = match &verdict {
        VersionVerdict::BreakingAllowed => (
            Severity::Information,
            format!(
                "allowed: the version goes from {} ({baseline}) to {}",
                version_text(old_name),
                version_text(new_name)
            ),
        ),
        VersionVerdict::BreakingNotAllowed { suggested } => (
            Severity::Error,
            format!(
                "the version is {} here and {} in the baseline ({baseline}); a breaking change needs version {suggested}",
                version_text(new_name),
                version_text(old_name)
            ),
        ),
        VersionVerdict::Missing { side } => (
            Severity::Error,
            format!("the package has no version {side}, so no version bump can allow this change"),
        ),
    };
    let mut diagnostics = Vec::with_capacity(changes.len() + 1);
    if let VersionVerdict::Missing { side } = verdict {
        let (path, range) = package_site();
        diagnostics.push(Diagnostic {
            path,
            range,
            severity: Severity::Warning,
            code: DiagnosticCode::Baseline,
            message: format!(
                "`{}` has no version {side}: breaking changes against the baseline ({baseline}) are reported as errors",
                plain_name(new_name)
            ),
            related: Vec::new(),
        });
    }
    for change in changes {
        let (path, range) = match change.site {
            Site::Span(span) => locate(&new.resolve, span).unwrap_or_else(package_site),
            Site::Package => package_site(),
        };
        diagnostics.push(Diagnostic {
            path,
            range,
            severity,
            code: DiagnosticCode::BreakingChange,
            message: format!("{}\n{note}", change.message),
            related: Vec::new(),
        });
    }
    diagnostics
}

fn plain_name(name: &PackageName) -> String {
    format!("{}:{}", name.namespace, name.name)
}

fn locate(resolve: &Resolve, span: wit_parser::Span) -> Option<(PathBuf, Range<usize>)> {
    let location = resolve.source_map.resolve_span(span)?;
    Some((PathBuf::from(location.path), location.range))
}
