//! Resolving one package (and its `deps/`) with wit-parser, the authority on validity, and
//! turning its structured errors into diagnostics with exact file ranges.
//!
//! wit-parser stops at the first error. We read its inputs in the same order it does
//! (`Resolve::push_dir`: the package's files, then `deps/` entries sorted by name, then the
//! topological merge), so the error we report is the one the toolchain reports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use wit_parser::{
    PackageId, ParseError, ParseErrorKind, Resolve, ResolveError, ResolveErrorKind, SourceMap,
    UnresolvedPackageGroup,
};

use crate::dependency_sites::dependency_use_sites;
use crate::diagnostic::{Diagnostic, DiagnosticCode, RelatedInformation, Severity};
use crate::features::Features;
use crate::source::{DependencySource, FileContents, PackageKind, PackageSources, SourceFile};

/// The result of analysing a package.
#[derive(Debug)]
pub struct PackageAnalysis {
    /// Every diagnostic, on whichever file (package or dependency) it belongs to.
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved package when it resolved without errors.
    pub resolved: Option<ResolvedPackage>,
}

/// A package that resolved cleanly.
#[derive(Debug)]
pub struct ResolvedPackage {
    pub resolve: Resolve,
    pub package: PackageId,
}

/// Parsed dependency packages kept between analyses: while only the edited package changes,
/// its dependencies are not parsed again.
#[derive(Default)]
pub struct AnalysisCache {
    parsed_dependencies: FxHashMap<PathBuf, CachedGroup>,
}

struct CachedGroup {
    fingerprint: Vec<(PathBuf, Arc<str>)>,
    group: UnresolvedPackageGroup,
}

impl AnalysisCache {
    /// How many dependency packages are kept parsed.
    pub fn cached_dependency_count(&self) -> usize {
        self.parsed_dependencies.len()
    }

    fn parse_dependency(
        &mut self,
        path: &Path,
        files: &[(PathBuf, Arc<str>)],
    ) -> Result<UnresolvedPackageGroup, (SourceMap, ParseError)> {
        if let Some(cached) = self.parsed_dependencies.get(path)
            && cached.fingerprint.len() == files.len()
            && cached
                .fingerprint
                .iter()
                .zip(files)
                .all(|((p1, t1), (p2, t2))| p1 == p2 && (Arc::ptr_eq(t1, t2) || t1 == t2))
        {
            return Ok(cached.group.clone());
        }
        let group = parse_files(files)?;
        self.parsed_dependencies.insert(
            path.to_path_buf(),
            CachedGroup {
                fingerprint: files.to_vec(),
                group: group.clone(),
            },
        );
        Ok(group)
    }
}

/// Analyses `sources` as wit-parser would resolve them, with `features` enabled.
pub fn analyze_package(
    sources: &PackageSources,
    features: &Features,
    cache: &mut AnalysisCache,
) -> PackageAnalysis {
    let mut analysis = analyze_package_unsnapped(sources, features, cache);
    for diagnostic in &mut analysis.diagnostics {
        snap_to_characters(sources, &diagnostic.path.clone(), &mut diagnostic.range);
        for related in &mut diagnostic.related {
            snap_to_characters(sources, &related.path.clone(), &mut related.range);
        }
    }
    analysis
}

/// wit-parser's lexer reports a bad character as the one byte at its start; widen ranges to
/// whole characters so every range is valid UTF-8 for the editor and the terminal.
fn snap_to_characters(sources: &PackageSources, path: &Path, range: &mut std::ops::Range<usize>) {
    let text = sources.text_for_positions(path);
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    *range = start..end;
}

fn analyze_package_unsnapped(
    sources: &PackageSources,
    features: &Features,
    cache: &mut AnalysisCache,
) -> PackageAnalysis {
    let mut analysis = PackageAnalysis {
        diagnostics: Vec::new(),
        resolved: None,
    };
    collect_read_problems(sources, &mut analysis.diagnostics);
    if !analysis.diagnostics.is_empty() {
        return analysis;
    }

    let mut resolve = Resolve::default();
    features.apply_to(&mut resolve);

    if sources.kind == PackageKind::Encoded {
        let mut main_package = None;
        for dependency in &sources.dependencies {
            let DependencySource::Wasm {
                path,
                bytes: Ok(bytes),
            } = dependency
            else {
                continue;
            };
            match merge_wasm_dependency(&mut resolve, path, bytes) {
                Ok(package) => main_package = Some(package),
                Err(message) => analysis.diagnostics.push(Diagnostic {
                    path: path.clone(),
                    range: 0..0,
                    severity: Severity::Error,
                    code: DiagnosticCode::InvalidWasmDependency,
                    message,
                    related: Vec::new(),
                }),
            }
        }
        if analysis.diagnostics.is_empty()
            && let Some(package) = main_package
        {
            analysis.resolved = Some(ResolvedPackage { resolve, package });
        }
        return analysis;
    }

    let main_files = text_files(&sources.files);
    let main = match parse_files(&main_files) {
        Ok(group) => group,
        Err((map, error)) => {
            let fallback = fallback_path(sources);
            analysis
                .diagnostics
                .push(parse_error_diagnostic(&map, &error, &fallback));
            return analysis;
        }
    };

    let mut dependency_groups = Vec::new();
    for dependency in &sources.dependencies {
        let failure = match dependency {
            DependencySource::Directory { path, files } => {
                match cache.parse_dependency(path, &text_files(files)) {
                    Ok(group) => {
                        dependency_groups.push(group);
                        continue;
                    }
                    Err((map, error)) => {
                        parse_error_diagnostic(&map, &error, &first_file_or(files, path))
                    }
                }
            }
            DependencySource::WitFile(file) => {
                match cache.parse_dependency(&file.path, &text_files(std::slice::from_ref(file))) {
                    Ok(group) => {
                        dependency_groups.push(group);
                        continue;
                    }
                    Err((map, error)) => parse_error_diagnostic(&map, &error, &file.path),
                }
            }
            DependencySource::Wasm { path, bytes } => match bytes {
                Ok(bytes) => match merge_wasm_dependency(&mut resolve, path, bytes) {
                    Ok(_) => continue,
                    Err(message) => Diagnostic {
                        path: path.clone(),
                        range: 0..0,
                        severity: Severity::Error,
                        code: DiagnosticCode::InvalidWasmDependency,
                        message,
                        related: Vec::new(),
                    },
                },
                Err(message) => unreadable(path, message),
            },
            DependencySource::Unreadable { path, message } => unreadable(path, message),
        };
        report_with_use_sites(sources, failure, &mut analysis.diagnostics);
        return analysis;
    }

    match resolve.push_groups(main, dependency_groups) {
        Ok(package) => {
            analysis.resolved = Some(ResolvedPackage { resolve, package });
        }
        Err(error) => {
            let fallback = fallback_path(sources);
            let diagnostic = resolve_error_diagnostic(&resolve.source_map, &error, &fallback);
            report_with_use_sites(sources, diagnostic, &mut analysis.diagnostics);
        }
    }
    analysis
}

fn collect_read_problems(sources: &PackageSources, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(message) = &sources.read_error {
        diagnostics.push(unreadable(&sources.root, message));
    }
    for file in sources.all_files() {
        match &file.contents {
            FileContents::Text(_) => {}
            FileContents::NotUtf8 { valid_up_to, .. } => diagnostics.push(Diagnostic {
                path: file.path.clone(),
                range: *valid_up_to..*valid_up_to,
                severity: Severity::Error,
                code: DiagnosticCode::InvalidUtf8,
                message: format!(
                    "this file is not valid UTF-8 (first invalid byte at offset {valid_up_to}); WIT files must be UTF-8"
                ),
                related: Vec::new(),
            }),
            FileContents::Unreadable(message) => diagnostics.push(unreadable(&file.path, message)),
        }
    }
    for dependency in &sources.dependencies {
        if let DependencySource::Unreadable { path, message } = dependency {
            diagnostics.push(unreadable(path, message));
        }
    }
}

fn unreadable(path: &Path, message: &str) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        range: 0..0,
        severity: Severity::Error,
        code: DiagnosticCode::Unreadable,
        message: format!("cannot read {}: {message}", path.display()),
        related: Vec::new(),
    }
}

fn text_files(files: &[SourceFile]) -> Vec<(PathBuf, Arc<str>)> {
    files
        .iter()
        .filter_map(|file| Some((file.path.clone(), file.contents.text()?.clone())))
        .collect()
}

fn parse_files(
    files: &[(PathBuf, Arc<str>)],
) -> Result<UnresolvedPackageGroup, (SourceMap, ParseError)> {
    let mut map = SourceMap::new();
    for (path, text) in files {
        map.push(path, &**text);
    }
    map.parse()
}

/// Where to put an error wit-parser reports without a location: the package's first file.
fn fallback_path(sources: &PackageSources) -> PathBuf {
    match sources.kind {
        PackageKind::SingleFile | PackageKind::Encoded => sources.root.clone(),
        PackageKind::Directory => first_file_or(&sources.files, &sources.root),
    }
}

fn first_file_or(files: &[SourceFile], or: &Path) -> PathBuf {
    files
        .first()
        .map(|file| file.path.clone())
        .unwrap_or_else(|| or.to_path_buf())
}

fn locate(map: &SourceMap, span: wit_parser::Span) -> Option<(PathBuf, std::ops::Range<usize>)> {
    let location = map.resolve_span(span)?;
    Some((PathBuf::from(location.path), location.range))
}

fn parse_error_diagnostic(map: &SourceMap, error: &ParseError, fallback: &Path) -> Diagnostic {
    let kind = error.kind();
    let code = match kind {
        // The lexer also reports "expected X, found Y" between tokens: that is a syntax
        // error to the user. Its error enum is private, so tell them apart by the message.
        ParseErrorKind::Lex(error) if error.to_string().starts_with("expected") => {
            DiagnosticCode::Syntax
        }
        ParseErrorKind::Lex(_) => DiagnosticCode::InvalidToken,
        ParseErrorKind::Syntax { .. } => DiagnosticCode::Syntax,
        ParseErrorKind::ItemNotFound { .. } => DiagnosticCode::ItemNotFound,
        ParseErrorKind::TypeCycle { .. } => DiagnosticCode::TypeCycle,
        _ => DiagnosticCode::Semantic,
    };
    let (path, range) = locate(map, kind.span()).unwrap_or_else(|| (fallback.to_path_buf(), 0..0));
    Diagnostic {
        path,
        range,
        severity: Severity::Error,
        code,
        message: kind.to_string(),
        related: Vec::new(),
    }
}

fn resolve_error_diagnostic(map: &SourceMap, error: &ResolveError, fallback: &Path) -> Diagnostic {
    let kind = error.kind();
    let code = match kind {
        ResolveErrorKind::PackageNotFound { .. } => DiagnosticCode::PackageNotFound,
        ResolveErrorKind::InvalidTransitiveDependency { .. } => {
            DiagnosticCode::InvalidTransitiveDependency
        }
        ResolveErrorKind::DuplicatePackage { .. } => DiagnosticCode::DuplicatePackage,
        ResolveErrorKind::PackageCycle { .. } => DiagnosticCode::PackageCycle,
        ResolveErrorKind::ItemShadowing { .. } => DiagnosticCode::ItemShadowing,
        ResolveErrorKind::StabilityMismatch { .. } => DiagnosticCode::StabilityMismatch,
        _ => DiagnosticCode::Semantic,
    };
    let mut related = Vec::new();
    if let ResolveErrorKind::DuplicatePackage { name, span2, .. } = kind
        && let Some((path, range)) = locate(map, *span2)
    {
        related.push(RelatedInformation {
            path,
            range,
            message: format!("package `{name}` is also defined here"),
        });
    }
    let (path, range) = locate(map, kind.span()).unwrap_or_else(|| (fallback.to_path_buf(), 0..0));
    Diagnostic {
        path,
        range,
        severity: Severity::Error,
        code,
        message: kind.to_string(),
        related,
    }
}

/// Merges an encoded WIT package into `resolve`; returns its package.
fn merge_wasm_dependency(
    resolve: &mut Resolve,
    path: &Path,
    bytes: &[u8],
) -> Result<PackageId, String> {
    let binary = wat::parse_bytes(bytes).map_err(|error| {
        let mut error = error;
        error.set_path(path);
        error.to_string()
    })?;
    match wit_parser::decoding::decode(&binary) {
        Ok(wit_parser::decoding::DecodedWasm::WitPackage(decoded, package)) => resolve
            .merge(decoded)
            .map(|remap| remap.packages[package.index()])
            .map_err(|error| format!("{error:#}")),
        Ok(wit_parser::decoding::DecodedWasm::Component(..)) => {
            Err("found an actual component instead of an encoded WIT package in wasm".to_string())
        }
        Err(error) => Err(format!(
            "not a WIT package encoded as WebAssembly: {error:#}"
        )),
    }
}

/// Adds `diagnostic`, and when it sits in a dependency, also reports it on every place in the
/// package's own files that uses that dependency, so the user sees why their file is broken.
fn report_with_use_sites(
    sources: &PackageSources,
    diagnostic: Diagnostic,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let in_dependency = sources
        .dependencies
        .iter()
        .find(|dependency| diagnostic.path.starts_with(dependency.path()));
    let primary = diagnostic.clone();
    diagnostics.push(diagnostic);
    if let Some(dependency) = in_dependency {
        for site in dependency_use_sites(sources, dependency) {
            diagnostics.push(Diagnostic {
                path: site.path,
                range: site.range,
                severity: primary.severity,
                code: DiagnosticCode::DependencyError,
                message: format!(
                    "dependency `{}` has an error: {}",
                    site.package_name,
                    primary.message.lines().next().unwrap_or_default()
                ),
                related: vec![RelatedInformation {
                    path: primary.path.clone(),
                    range: primary.range.clone(),
                    message: primary.message.clone(),
                }],
            });
        }
    }
}
