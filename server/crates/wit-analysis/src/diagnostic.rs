//! Diagnostics as the core reports them: a file, a UTF-8 byte range, a stable code.

use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    /// The lowercase name used by `wit-lsp check --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

/// A stable identifier for each kind of problem, published as the LSP diagnostic `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagnosticCode {
    /// The lexer rejected a character or an unterminated comment.
    InvalidToken,
    /// The grammar or a package-local rule was violated.
    Syntax,
    /// A name that does not exist in the package.
    ItemNotFound,
    /// A type, interface or world that depends on itself.
    TypeCycle,
    /// A `use` or `import` of a package that is not in `deps/`.
    PackageNotFound,
    InvalidTransitiveDependency,
    DuplicatePackage,
    PackageCycle,
    ItemShadowing,
    StabilityMismatch,
    /// Any other resolution error (type mismatch, invalid use, ...).
    Semantic,
    /// A file of a dependency has an error; reported where the package uses that dependency.
    DependencyError,
    /// A `.wasm`/`.wat` dependency that does not decode to a WIT package.
    InvalidWasmDependency,
    /// The file is not UTF-8.
    InvalidUtf8,
    /// The file or directory could not be read.
    Unreadable,
    /// An error wit-parser reported without a location.
    Unlocated,
    /// A name brought in by `use` that nothing refers to (a warning).
    UnusedUse,
    /// A use of an item marked `@deprecated` (a warning).
    Deprecated,
    /// The project file `wit-lsp.toml` cannot be used (unknown key, wrong type, bad TOML).
    InvalidConfig,
    /// A change that breaks users of the baseline version of the package.
    BreakingChange,
    /// The baseline cannot be used: missing, unreadable, invalid, or without a version.
    Baseline,
    /// A plug configured in `wit-lsp.toml` does not fit the component it plugs.
    PlugMismatch,
}

impl DiagnosticCode {
    /// The kebab-case name published to clients and printed by `check`.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticCode::InvalidToken => "invalid-token",
            DiagnosticCode::Syntax => "syntax",
            DiagnosticCode::ItemNotFound => "item-not-found",
            DiagnosticCode::TypeCycle => "type-cycle",
            DiagnosticCode::PackageNotFound => "package-not-found",
            DiagnosticCode::InvalidTransitiveDependency => "invalid-transitive-dependency",
            DiagnosticCode::DuplicatePackage => "duplicate-package",
            DiagnosticCode::PackageCycle => "package-cycle",
            DiagnosticCode::ItemShadowing => "item-shadowing",
            DiagnosticCode::StabilityMismatch => "stability-mismatch",
            DiagnosticCode::Semantic => "semantic",
            DiagnosticCode::DependencyError => "dependency-error",
            DiagnosticCode::InvalidWasmDependency => "invalid-wasm-dependency",
            DiagnosticCode::InvalidUtf8 => "invalid-utf8",
            DiagnosticCode::Unreadable => "unreadable",
            DiagnosticCode::Unlocated => "unlocated",
            DiagnosticCode::UnusedUse => "unused-use",
            DiagnosticCode::Deprecated => "deprecated",
            DiagnosticCode::InvalidConfig => "invalid-config",
            DiagnosticCode::BreakingChange => "breaking-change",
            DiagnosticCode::Baseline => "baseline",
            DiagnosticCode::PlugMismatch => "plug-mismatch",
        }
    }

    /// The tags editors render specially (struck through, faded) for this kind of problem.
    pub fn tags(self) -> &'static [DiagnosticTag] {
        match self {
            DiagnosticCode::UnusedUse => &[DiagnosticTag::Unnecessary],
            DiagnosticCode::Deprecated => &[DiagnosticTag::Deprecated],
            _ => &[],
        }
    }
}

/// Extra meaning of a diagnostic that editors show (LSP `DiagnosticTag`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagnosticTag {
    /// Unused or unnecessary code: shown faded.
    Unnecessary,
    /// A deprecated item: shown struck through.
    Deprecated,
}

/// A second location that explains a diagnostic (the other definition of a duplicate, ...).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RelatedInformation {
    pub path: PathBuf,
    pub range: std::ops::Range<usize>,
    pub message: String,
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// UTF-8 byte range in the file's text.
    pub range: std::ops::Range<usize>,
    pub severity: Severity,
    pub code: DiagnosticCode,
    pub message: String,
    pub related: Vec<RelatedInformation>,
}
