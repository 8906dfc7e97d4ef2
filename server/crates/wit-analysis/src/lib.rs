//! The pure analysis core of wit-lsp.
//!
//! Input is plain data: the files of a WIT package (and of its `deps/`) as the IO layer
//! read them. Output is plain data: diagnostics with UTF-8 byte ranges, and the resolved
//! package when it resolves. This crate never touches the file system, the LSP protocol,
//! an async runtime or wasmtime (see `server/ARCHITECTURE.md`).

pub mod breaking;
mod check;
mod dependency_sites;
mod diagnostic;
mod features;
pub mod ide;
mod line_index;
mod package;
mod source;

pub use check::check_package;
pub use diagnostic::{Diagnostic, DiagnosticCode, DiagnosticTag, RelatedInformation, Severity};
pub use features::Features;
pub use line_index::{ColumnEncoding, LineCol, LineIndex, LineIndexes};
pub use package::{AnalysisCache, PackageAnalysis, ResolvedPackage, analyze_package};
pub use source::{DependencySource, FileContents, PackageKind, PackageSources, SourceFile};
