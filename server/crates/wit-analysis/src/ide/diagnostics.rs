//! Warnings from the name index, added to wit-parser's diagnostics: `use` items nothing
//! refers to (`unused-use`, tagged unnecessary) and uses of `@deprecated` items
//! (`deprecated`, tagged deprecated). Only the package's own files are checked.

use wit_syntax::SyntaxNode;
use wit_syntax::ast::{self, AstNode};

use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::ide::Snapshot;
use crate::ide::index::{DefId, RefKind, UseSite, gates_of};

/// The local name a `use` item introduces (`b` in `a as b`).
pub(crate) fn local_name(name_node: &SyntaxNode) -> Option<String> {
    let use_name = ast::UseName::cast(name_node.clone())?;
    match use_name.alias() {
        Some(alias) => Some(alias.text()),
        None => use_name.name_ref().map(|n| n.text()),
    }
}

/// The interface a `use` statement names.
fn statement_interface(snapshot: &Snapshot, site: &UseSite) -> Option<DefId> {
    let range = ast::Use::cast(site.statement.clone())?
        .path()?
        .syntax()
        .text_range();
    snapshot
        .index
        .refs
        .iter()
        .find(|r| r.file == site.file && r.kind == RefKind::Path && range.contains_range(r.range))
        .map(|r| snapshot.index.resolve_alias(r.target))
}

/// True if the name a `use` brings in is referred to (in its scope, or re-used from it by
/// another interface's `use`).
pub(crate) fn is_used(snapshot: &Snapshot, site: &UseSite) -> bool {
    let Some(local) = site.local else {
        // Unresolved: wit-parser reports it; do not add a second warning.
        return true;
    };
    let index = &snapshot.index;
    if index.refs.iter().any(|r| {
        r.target == local && r.kind == RefKind::Type && r.container == Some(site.container)
    }) {
        return true;
    }
    let Some(name) = local_name(&site.name_node) else {
        return true;
    };
    index.uses.iter().any(|other| {
        other.container != site.container
            && statement_interface(snapshot, other) == Some(site.container)
            && ast::UseName::cast(other.name_node.clone())
                .and_then(|n| n.name_ref())
                .is_some_and(|n| n.text() == name)
    })
}

/// Unused-`use` and deprecated-item warnings for the package's own files.
pub fn lint_diagnostics(snapshot: &Snapshot) -> Vec<Diagnostic> {
    let index = &snapshot.index;
    let mut diagnostics = Vec::new();
    for site in &index.uses {
        if !snapshot.is_package_file(site.file) || is_used(snapshot, site) {
            continue;
        }
        let name = local_name(&site.name_node).unwrap_or_default();
        diagnostics.push(Diagnostic {
            path: snapshot.file(site.file).path.clone(),
            range: site.name_node.text_range().to_range(),
            severity: Severity::Warning,
            code: DiagnosticCode::UnusedUse,
            message: format!("`{name}` is brought in by `use` but never used"),
            related: Vec::new(),
        });
    }
    for reference in &index.refs {
        if !snapshot.is_package_file(reference.file) {
            continue;
        }
        let def = index.def(index.resolve_alias(reference.target));
        if !def.deprecated {
            continue;
        }
        let gate = gates_of(&def.node)
            .into_iter()
            .find(|g| g.contains("deprecated"))
            .unwrap_or_default();
        diagnostics.push(Diagnostic {
            path: snapshot.file(reference.file).path.clone(),
            range: reference.range.to_range(),
            severity: Severity::Warning,
            code: DiagnosticCode::Deprecated,
            message: format!("`{}` is deprecated ({gate})", def.name),
            related: Vec::new(),
        });
    }
    diagnostics.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
    diagnostics
}
