//! Inlay hints: after each use of a type alias, what it finally stands for.

use std::ops::Range;
use std::path::Path;

use wit_syntax::SyntaxKind;
use wit_syntax::ast::{self, AstNode};

use crate::ide::Snapshot;
use crate::ide::index::{DefId, DefKind};

/// What an alias finally stands for: `record body`, or the type text (`list<u8>`).
pub fn resolved_alias_text(snapshot: &Snapshot, alias: DefId) -> Option<String> {
    let index = &snapshot.index;
    let mut current = index.resolve_alias(alias);
    for _ in 0..16 {
        let def = index.def(current);
        if def.kind != DefKind::TypeAlias {
            return Some(format!("{} {}", def.kind.describe(), def.name));
        }
        let ty = ast::TypeAlias::cast(def.node.clone())?.ty()?;
        let ast::Type::TypeRef(type_ref) = &ty else {
            return Some(ty.syntax().text().trim().to_string());
        };
        let token = type_ref.name_ref()?.ident_token()?;
        let reference = index.reference_at(def.file, token.text_range().start())?;
        current = index.resolve_alias(reference.target);
    }
    None
}

/// Inlay hints in `range`: after each use of a type alias, what it resolves to.
pub fn inlay_hints(snapshot: &Snapshot, path: &Path, range: Range<usize>) -> Vec<(usize, String)> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let index = &snapshot.index;
    let root = snapshot.file(file).parse.syntax_node();
    let mut hints = Vec::new();
    for node in root.descendants() {
        if node.kind() != SyntaxKind::TYPE_REF {
            continue;
        }
        let Some(token) = ast::TypeRef::cast(node)
            .and_then(|t| t.name_ref())
            .and_then(|n| n.ident_token())
        else {
            continue;
        };
        let token_range = token.text_range().to_range();
        if token_range.end < range.start || token_range.start > range.end {
            continue;
        }
        let Some(reference) = index.reference_at(file, token.text_range().start()) else {
            continue;
        };
        let target = index.resolve_alias(reference.target);
        if index.def(target).kind != DefKind::TypeAlias {
            continue;
        }
        if let Some(text) = resolved_alias_text(snapshot, target) {
            hints.push((token_range.end, format!(" = {text}")));
        }
    }
    hints
}
