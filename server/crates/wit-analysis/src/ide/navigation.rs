//! Go to definition, declaration and type definition; find references; document highlight.

use std::path::Path;

use wit_syntax::SyntaxKind;
use wit_syntax::ast::{self, AstNode};

use crate::ide::index::{DefId, DefKind, RefKind};
use crate::ide::{Location, Snapshot};

/// A navigation result: where the item is, and the part to select (its name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavigationTarget {
    /// The whole item.
    pub full: Location,
    /// The name.
    pub focus: Location,
}

impl Snapshot {
    fn target(&self, id: DefId) -> NavigationTarget {
        let def = self.index.def(id);
        NavigationTarget {
            full: self.location(def.file, def.node.text_range()),
            focus: self.location(def.file, def.name_range),
        }
    }

    /// The definition under the cursor (aliases not followed).
    pub(crate) fn def_at(&self, path: &Path, offset: usize) -> Option<DefId> {
        let file = self.file_id(path)?;
        self.index.target_at(file, offset as u32)
    }
}

/// Where the thing under the cursor is defined, following `use ... as` aliases to the
/// original item.
pub fn goto_definition(snapshot: &Snapshot, path: &Path, offset: usize) -> Vec<NavigationTarget> {
    let Some(id) = snapshot.def_at(path, offset) else {
        return Vec::new();
    };
    let id = snapshot.index.resolve_alias(id);
    vec![snapshot.target(id)]
}

/// Where the name under the cursor is declared in the current scope: the `use` that brings
/// it in (or its `as` alias), else the definition itself.
pub fn goto_declaration(snapshot: &Snapshot, path: &Path, offset: usize) -> Vec<NavigationTarget> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let index = &snapshot.index;
    if let Some(reference) = index.reference_at(file, offset as u32)
        && reference.kind == RefKind::Type
        && let Some(container) = reference.container
    {
        // A name brought in by a `use` of this interface or world is declared there.
        if let Some(site) = index
            .uses
            .iter()
            .find(|site| site.container == container && site.local == Some(reference.target))
        {
            let range = site.name_node.text_range();
            let location = snapshot.location(site.file, range);
            return vec![NavigationTarget {
                full: location.clone(),
                focus: location,
            }];
        }
    }
    match index.target_at(file, offset as u32) {
        Some(id) => vec![snapshot.target(id)],
        None => Vec::new(),
    }
}

/// The type of the thing under the cursor: for a field, parameter, case or alias, the named
/// type(s) its type mentions; for a type, its own definition after aliases.
pub fn goto_type_definition(
    snapshot: &Snapshot,
    path: &Path,
    offset: usize,
) -> Vec<NavigationTarget> {
    let Some(id) = snapshot.def_at(path, offset) else {
        return Vec::new();
    };
    let index = &snapshot.index;
    let id = index.resolve_alias(id);
    let mut result = Vec::new();
    for target in type_targets(snapshot, id) {
        let target = snapshot.target(target);
        if !result.contains(&target) {
            result.push(target);
        }
    }
    result
}

/// The named types a definition's type refers to, with type aliases followed.
pub(crate) fn type_targets(snapshot: &Snapshot, id: DefId) -> Vec<DefId> {
    type_targets_following(snapshot, id, true)
}

/// The named types a definition's type refers to; `follow_aliases` also follows type aliases.
pub(crate) fn type_targets_following(
    snapshot: &Snapshot,
    id: DefId,
    follow_aliases: bool,
) -> Vec<DefId> {
    let index = &snapshot.index;
    let def = index.def(id);
    let type_node = match def.kind {
        DefKind::Field => ast::RecordField::cast(def.node.clone()).and_then(|f| f.ty()),
        DefKind::Case => ast::VariantCase::cast(def.node.clone()).and_then(|c| c.ty()),
        DefKind::Param => ast::Param::cast(def.node.clone()).and_then(|p| p.ty()),
        DefKind::TypeAlias => ast::TypeAlias::cast(def.node.clone()).and_then(|a| a.ty()),
        DefKind::Function | DefKind::Method | DefKind::StaticMethod => {
            ast::NamedFunc::cast(def.node.clone())
                .and_then(|f| f.func_type())
                .and_then(|f| f.result())
        }
        _ if def.kind.is_type() => return vec![id],
        _ => None,
    };
    let Some(type_node) = type_node else {
        return Vec::new();
    };
    let mut targets = Vec::new();
    for node in std::iter::once(type_node.syntax().clone()).chain(type_node.syntax().descendants())
    {
        if !matches!(node.kind(), SyntaxKind::TYPE_REF | SyntaxKind::HANDLE_TYPE) {
            continue;
        }
        let Some(token) = node
            .children()
            .find(|n| n.kind() == SyntaxKind::NAME_REF)
            .and_then(|n| n.first_token())
        else {
            continue;
        };
        let Some(reference) = index.reference_at(def.file, token.text_range().start()) else {
            continue;
        };
        let mut target = index.resolve_alias(reference.target);
        // Follow `type a = b;` chains to the type that is not an alias.
        for _ in 0..16 {
            if !follow_aliases || index.def(target).kind != DefKind::TypeAlias {
                break;
            }
            match type_targets(snapshot, target).first() {
                Some(next) if *next != target => target = *next,
                _ => break,
            }
        }
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    targets
}

/// How a highlighted occurrence uses the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// The definition.
    Write,
    /// A use.
    Read,
}

/// Every reference to the item under the cursor, across the package and its deps; with
/// `include_declaration`, the definition too. Sorted by path and offset.
pub fn find_references(
    snapshot: &Snapshot,
    path: &Path,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(id) = snapshot.def_at(path, offset) else {
        return Vec::new();
    };
    let id = snapshot.index.resolve_alias(id);
    let mut result: Vec<Location> = snapshot
        .index
        .references_to(id)
        .map(|r| snapshot.location(r.file, r.range))
        .collect();
    if include_declaration {
        let def = snapshot.index.def(id);
        if !def.name_range.is_empty() {
            result.push(snapshot.location(def.file, def.name_range));
        }
    }
    result.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
    result.dedup();
    result
}

/// The occurrences of the item under the cursor in this file.
pub fn document_highlight(
    snapshot: &Snapshot,
    path: &Path,
    offset: usize,
) -> Vec<(std::ops::Range<usize>, HighlightKind)> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let Some(id) = snapshot.def_at(path, offset) else {
        return Vec::new();
    };
    let index = &snapshot.index;
    let id = index.resolve_alias(id);
    let mut result = Vec::new();
    let def = index.def(id);
    if def.file == file && !def.name_range.is_empty() {
        result.push((def.name_range.to_range(), HighlightKind::Write));
    }
    for reference in index.references_to(id).filter(|r| r.file == file) {
        result.push((reference.range.to_range(), HighlightKind::Read));
    }
    result.sort_by_key(|(range, _)| range.start);
    result
}
