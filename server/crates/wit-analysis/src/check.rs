//! The whole check of a package, as the editor and `wit-lsp check` both report it:
//! wit-parser's diagnostics, then the name-index lints (`unused-use`, `deprecated`) on the
//! package's own files. One function, so the CLI shows exactly the warnings, with the same
//! codes, that the editor shows.

use std::sync::Mutex;

use crate::ide::{Snapshot, SyntaxCache};
use crate::{AnalysisCache, Features, PackageAnalysis, PackageSources, analyze_package};

/// wit-parser's diagnostics of the package plus the name-index lints (unused `use`,
/// deprecated items). `None` when `cancelled()` turned true between the two passes (a
/// newer edit superseded this check).
///
/// `syntax` is locked only while the package's parse trees are brought up to date, never
/// while wit-parser resolves, so a server can share it with its requests. A bug in the lint
/// pass (a panic) costs only the lints, never wit-parser's diagnostics.
pub fn check_package(
    sources: &PackageSources,
    features: &Features,
    cache: &mut AnalysisCache,
    syntax: &Mutex<SyntaxCache>,
    cancelled: &dyn Fn() -> bool,
) -> Option<PackageAnalysis> {
    let mut analysis = analyze_package(sources, features, cache);
    if cancelled() {
        return None;
    }
    // Building the name index and linting both sit inside the unwind guard: a bug in
    // either costs only the lints.
    let lints = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let snapshot = {
            let mut syntax = syntax
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Snapshot::build(sources, &mut syntax)
        };
        crate::ide::diagnostics::lint_diagnostics(&snapshot)
    }))
    .unwrap_or_default();
    analysis.diagnostics.extend(lints);
    Some(analysis)
}
