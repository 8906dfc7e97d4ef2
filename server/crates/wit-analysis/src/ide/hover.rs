//! Hover: the item's signature, the alias chain, its doc comment as Markdown, where it is
//! defined (package and interface), its gates and deprecation.

use std::path::Path;

use wit_syntax::SyntaxKind;
use wit_syntax::ast::{self, AstNode, HasDocs};

use crate::ide::index::{DefId, DefKind, gates_of};
use crate::ide::navigation::type_targets_following;
use crate::ide::{Snapshot, item_text};

/// The hover text and the range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub markdown: String,
    pub range: std::ops::Range<usize>,
}

/// The short signature of a definition (one line for containers, the item for the rest).
pub fn signature(snapshot: &Snapshot, id: DefId) -> String {
    let def = snapshot.index.def(id);
    match def.kind {
        DefKind::Package => format!("package {}", def.name),
        DefKind::Interface => format!("interface {}", def.name),
        DefKind::World => format!("world {}", def.name),
        DefKind::UseAlias => {
            let target = snapshot.index.resolve_alias(id);
            format!(
                "{} (alias of {})",
                def.name,
                snapshot.index.def(target).name
            )
        }
        _ => {
            let text = item_text(&def.node);
            let text = text.trim_end_matches([',', ';']).to_string();
            if def.kind == DefKind::Resource {
                // Only the head; methods get their own hovers.
                text.split('{')
                    .next()
                    .unwrap_or(&text)
                    .trim_end()
                    .to_string()
            } else {
                text
            }
        }
    }
}

fn docs(node: &wit_syntax::SyntaxNode) -> Option<String> {
    macro_rules! try_docs {
        ($($ty:ty),*) => {$(
            if let Some(item) = <$ty>::cast(node.clone()) {
                return item.docs();
            }
        )*};
    }
    try_docs!(
        ast::Interface,
        ast::World,
        ast::TypeDef,
        ast::NamedFunc,
        ast::Constructor,
        ast::RecordField,
        ast::VariantCase,
        ast::EnumCase,
        ast::Flag,
        ast::Import,
        ast::Export,
        ast::PackageDecl
    );
    None
}

/// Where a definition lives, as `ns:pkg@v` / `interface` text.
pub fn location_text(snapshot: &Snapshot, id: DefId) -> Option<String> {
    let index = &snapshot.index;
    let package = index.package_of(id).map(|p| index.def(p).name.clone());
    let container = index
        .container_of(id)
        .filter(|c| *c != id)
        .map(|c| index.def(c).name.clone());
    match (package, container) {
        (Some(package), Some(container)) if !package.is_empty() => {
            Some(format!("{package}/{container}"))
        }
        (_, Some(container)) => Some(container),
        (Some(package), None) if !package.is_empty() => Some(package),
        _ => None,
    }
}

/// Hover for the name under the cursor.
pub fn hover(snapshot: &Snapshot, path: &Path, offset: usize) -> Option<HoverResult> {
    let file = snapshot.file_id(path)?;
    let index = &snapshot.index;
    let (id, range) = match index.reference_at(file, offset as u32) {
        Some(reference) => (reference.target, reference.range),
        None => {
            let id = index.definition_at(file, offset as u32)?;
            (id, index.def(id).name_range)
        }
    };
    let original = index.resolve_alias(id);
    let def = index.def(original);
    let mut out = String::new();
    out.push_str("```wit\n");
    out.push_str(&signature(snapshot, original));
    out.push_str("\n```\n");
    if id != original {
        let alias = index.def(id);
        let how = if alias.node.kind() == SyntaxKind::INCLUDE_NAME {
            "the name an `include ... with` gives"
        } else {
            "a `use` alias"
        };
        out.push_str(&format!("\n`{}` is {how} of `{}`\n", alias.name, def.name));
    }
    if def.kind == DefKind::TypeAlias {
        let mut chain = vec![format!("`{}`", def.name)];
        let mut current = original;
        for _ in 0..16 {
            let Some(next) = type_targets_following(snapshot, current, false)
                .into_iter()
                .next()
            else {
                break;
            };
            if next == current {
                break;
            }
            let next_def = index.def(next);
            chain.push(format!("`{} {}`", next_def.kind.describe(), next_def.name));
            current = next;
            if next_def.kind != DefKind::TypeAlias {
                break;
            }
        }
        if chain.len() > 1 {
            out.push_str(&format!("\nResolves to: {}\n", chain.join(" → ")));
        }
    }
    if let Some(location) = location_text(snapshot, original) {
        out.push_str(&format!("\n*{}* in `{location}`\n", def.kind.describe()));
    }
    let gates = gates_of(&def.node);
    if !gates.is_empty() {
        let gates: Vec<String> = gates.iter().map(|g| format!("`{g}`")).collect();
        out.push_str(&format!("\nGates: {}\n", gates.join(" ")));
    }
    if def.deprecated {
        out.push_str("\n**Deprecated**\n");
    }
    if let Some(docs) = docs(&def.node) {
        out.push_str("\n---\n\n");
        out.push_str(&docs);
        out.push('\n');
    }
    Some(HoverResult {
        markdown: out,
        range: range.to_range(),
    })
}

/// The interface a world imports or exports at `offset` (the cursor on its name in the
/// world's `import`/`export`): the world and the interface as `ns:pkg/name`, without
/// versions. `None` anywhere else.
pub fn world_interface_at(
    snapshot: &Snapshot,
    path: &Path,
    offset: usize,
) -> Option<(String, String)> {
    let file = snapshot.file_id(path)?;
    let index = &snapshot.index;
    let id = index.resolve_alias(index.target_at(file, offset as u32)?);
    let world = index.container_at(file, offset as u32)?;
    if index.def(id).kind != DefKind::Interface || index.def(world).kind != DefKind::World {
        return None;
    }
    let qualified = |id: DefId| -> Option<String> {
        let package = index.def(index.package_of(id)?).name.clone();
        let package = package.split('@').next().unwrap_or(&package).to_string();
        Some(format!("{package}/{}", index.def(id).name))
    };
    Some((qualified(world)?, qualified(id)?))
}
