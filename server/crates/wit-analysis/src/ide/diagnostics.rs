//! Warnings from the name index, added to wit-parser's diagnostics: `use` items nothing
//! refers to (`unused-use`, tagged unnecessary) and uses of `@deprecated` items
//! (`deprecated`, tagged deprecated). Only the package's own files are checked.

use rustc_hash::{FxHashMap, FxHashSet};
use wit_syntax::ast::{self, AstNode};
use wit_syntax::{SyntaxNode, TextRange};

use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::ide::Snapshot;
use crate::ide::index::{DefId, RefKind, UseSite, gates_of};
use crate::ide::snapshot::FileId;

/// The local name a `use` item introduces (`b` in `a as b`).
pub(crate) fn local_name(name_node: &SyntaxNode) -> Option<String> {
    let use_name = ast::UseName::cast(name_node.clone())?;
    match use_name.alias() {
        Some(alias) => Some(alias.text()),
        None => use_name.name_ref().map(|n| n.text()),
    }
}

/// What the unused-`use` lint needs to know about a snapshot, computed in one pass over its
/// references and `use` items, so each question is a hash lookup (a package with thousands
/// of `use` items is linted in time proportional to its size).
pub(crate) struct UseFacts {
    /// `(def, container)` for every type reference written in `container`.
    referenced: FxHashSet<(DefId, DefId)>,
    /// `(interface, name)` -> the interfaces and worlds whose `use` of `interface` names
    /// `name`.
    reused_from: FxHashMap<(DefId, String), Vec<DefId>>,
}

impl UseFacts {
    pub(crate) fn new(snapshot: &Snapshot) -> UseFacts {
        let index = &snapshot.index;
        let mut referenced = FxHashSet::default();
        let mut paths: FxHashMap<FileId, Vec<(TextRange, DefId)>> = FxHashMap::default();
        for reference in &index.refs {
            match reference.kind {
                RefKind::Type => {
                    if let Some(container) = reference.container {
                        referenced.insert((reference.target, container));
                    }
                }
                RefKind::Path => paths
                    .entry(reference.file)
                    .or_default()
                    .push((reference.range, reference.target)),
                _ => {}
            }
        }
        for list in paths.values_mut() {
            list.sort_by_key(|(range, _)| (range.start(), range.end()));
        }
        let mut reused_from: FxHashMap<(DefId, String), Vec<DefId>> = FxHashMap::default();
        for site in &index.uses {
            let Some(interface) = statement_interface(snapshot, &paths, site) else {
                continue;
            };
            let Some(name) = ast::UseName::cast(site.name_node.clone())
                .and_then(|n| n.name_ref())
                .map(|n| n.text())
            else {
                continue;
            };
            reused_from
                .entry((interface, name))
                .or_default()
                .push(site.container);
        }
        UseFacts {
            referenced,
            reused_from,
        }
    }

    /// True if the name a `use` brings in is referred to (in its scope, or re-used from it
    /// by another interface's `use`).
    pub(crate) fn is_used(&self, site: &UseSite) -> bool {
        let Some(local) = site.local else {
            // Unresolved: wit-parser reports it; do not add a second warning.
            return true;
        };
        if self.referenced.contains(&(local, site.container)) {
            return true;
        }
        let Some(name) = local_name(&site.name_node) else {
            return true;
        };
        self.reused_from
            .get(&(site.container, name))
            .is_some_and(|containers| containers.iter().any(|c| *c != site.container))
    }
}

/// The interface a `use` statement names: the first path reference inside its path.
fn statement_interface(
    snapshot: &Snapshot,
    paths: &FxHashMap<FileId, Vec<(TextRange, DefId)>>,
    site: &UseSite,
) -> Option<DefId> {
    let range = ast::Use::cast(site.statement.clone())?
        .path()?
        .syntax()
        .text_range();
    let list = paths.get(&site.file)?;
    let first = list.partition_point(|(r, _)| r.start() < range.start());
    list[first..]
        .iter()
        .take_while(|(r, _)| r.start() < range.end())
        .find(|(r, _)| range.contains_range(*r))
        .map(|(_, target)| snapshot.index.resolve_alias(*target))
}

/// Unused-`use` and deprecated-item warnings for the package's own files.
pub fn lint_diagnostics(snapshot: &Snapshot) -> Vec<Diagnostic> {
    let index = &snapshot.index;
    let mut diagnostics = Vec::new();
    let facts = UseFacts::new(snapshot);
    for site in &index.uses {
        if !snapshot.is_package_file(site.file) || facts.is_used(site) {
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
