//! Code actions: add the `use` for an unknown type defined in another interface or in deps,
//! fix a typo to a name in scope (wit-parser's hint for the old float type names, then names
//! in scope by edit distance), convert a name to kebab-case, remove an unused `use`.

use std::ops::Range;
use std::path::Path;

use wit_syntax::ast::{self, AstNode};
use wit_syntax::{SyntaxKind, TextRange};

use crate::ide::diagnostics::{UseFacts, local_name};
use crate::ide::index::{DefId, DefKind, UnresolvedKind};
use crate::ide::rename::{rename, validate_identifier};
use crate::ide::{FileEdits, Snapshot};

/// What kind of action (LSP `CodeActionKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    RefactorRewrite,
}

/// One action: a title and the edits it makes, by file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: ActionKind,
    pub preferred: bool,
    pub edits: FileEdits,
}

fn single_edit(path: &Path, range: Range<usize>, text: String) -> FileEdits {
    vec![(path.to_path_buf(), vec![(range, text)])]
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

/// `words` of a name, for kebab-case conversion (`myHTTPThing` -> my, http, thing).
pub fn to_kebab_case(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.trim_start_matches('%').chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '_' || *c == '-' || *c == ' ' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars[i - 1].is_ascii_digit()
                || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())
                    && chars[i - 1].is_ascii_uppercase());
        if boundary && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out.trim_end_matches('-').to_string()
}

/// The new name of a type wit-parser no longer accepts: its `ItemNotFound` error for
/// `float32`/`float64` carries the hint that they were renamed to `f32`/`f64`
/// (`attach_old_float_type_context` in wit-parser's `ast/resolve.rs`). An unresolved type
/// of that name is exactly where wit-parser reports that error with that hint.
fn renamed_float_type(name: &str) -> Option<&'static str> {
    match name {
        "float32" => Some("f32"),
        "float64" => Some("f64"),
        _ => None,
    }
}

/// The path text naming an interface from `file`: its name in the same package, else
/// `ns:pkg/name@version`.
fn path_text(snapshot: &Snapshot, from_package: Option<DefId>, interface: DefId) -> Option<String> {
    let index = &snapshot.index;
    let def = index.def(interface);
    let package = index.package_of(interface)?;
    if Some(package) == from_package {
        return Some(def.name.clone());
    }
    let (key, version, _) = index.packages().find(|(_, _, id)| *id == package)?;
    Some(match version {
        Some(version) => format!("{key}/{}@{version}", def.name),
        None => format!("{key}/{}", def.name),
    })
}

/// Actions for the byte range `range` of `path`.
pub fn code_actions(snapshot: &Snapshot, path: &Path, range: Range<usize>) -> Vec<CodeAction> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    if !snapshot.is_package_file(file) {
        return Vec::new();
    }
    let index = &snapshot.index;
    let text = &snapshot.file(file).text;
    let wanted = TextRange::new(range.start as u32, range.end as u32);
    let touches = |r: TextRange| r.intersects(wanted) || r.touches(wanted.start());
    let mut actions = Vec::new();
    let own_package = index.package_of_file(file);
    let old_float_types: Vec<(TextRange, &'static str)> = index
        .unresolved
        .iter()
        .filter(|u| u.file == file && matches!(u.kind, UnresolvedKind::Type { .. }))
        .filter_map(|u| Some((u.range, renamed_float_type(&u.name)?)))
        .collect();
    let mut offered_fix_all = false;
    for unresolved in index
        .unresolved
        .iter()
        .filter(|u| u.file == file && touches(u.range))
    {
        let UnresolvedKind::Type { container } = &unresolved.kind else {
            continue;
        };
        if let Some(new_name) = renamed_float_type(&unresolved.name) {
            actions.push(CodeAction {
                title: format!("Replace `{}` with `{new_name}`", unresolved.name),
                kind: ActionKind::QuickFix,
                preferred: true,
                edits: single_edit(path, unresolved.range.to_range(), new_name.to_string()),
            });
            if old_float_types.len() > 1 && !offered_fix_all {
                offered_fix_all = true;
                let mut edits: Vec<(Range<usize>, String)> = old_float_types
                    .iter()
                    .map(|(range, new_name)| (range.to_range(), new_name.to_string()))
                    .collect();
                edits.sort_by_key(|(range, _)| range.start);
                actions.push(CodeAction {
                    title: format!(
                        "Replace all {} uses of `float32`/`float64` in this file with `f32`/`f64`",
                        edits.len()
                    ),
                    kind: ActionKind::QuickFix,
                    preferred: false,
                    edits: vec![(path.to_path_buf(), edits)],
                });
            }
        }
        // Add a `use` for a type of that name defined in another interface or in deps.
        for id in index.def_ids() {
            let def = index.def(id);
            if def.name != unresolved.name || !def.kind.is_type() {
                continue;
            }
            let Some(interface) = index.container_of(id) else {
                continue;
            };
            if interface == *container || index.def(interface).kind != DefKind::Interface {
                continue;
            }
            let Some(path_text) = path_text(snapshot, own_package, interface) else {
                continue;
            };
            let Some(list) = index
                .def(*container)
                .node
                .descendants()
                .find(|n| n.kind() == SyntaxKind::ITEM_LIST)
                .and_then(ast::ItemList::cast)
                .and_then(|l| l.l_brace())
            else {
                continue;
            };
            let insert_at = list.text_range().end() as usize;
            let indent = index
                .def(*container)
                .node
                .text()
                .lines()
                .next()
                .map_or(0, |l| l.len() - l.trim_start().len());
            let indent = " ".repeat(indent + 4);
            actions.push(CodeAction {
                title: format!("Add `use {path_text}.{{{}}}`", unresolved.name),
                kind: ActionKind::QuickFix,
                preferred: true,
                edits: single_edit(
                    path,
                    insert_at..insert_at,
                    format!("\n{indent}use {path_text}.{{{}}};", unresolved.name),
                ),
            });
        }
        // A typo of a type in scope.
        let mut candidates: Vec<(usize, String)> = index
            .scope(*container)
            .filter(|(_, id)| index.def(index.resolve_alias(*id)).kind.is_type())
            .map(|(name, _)| (edit_distance(name, &unresolved.name), name.to_string()))
            .filter(|(distance, _)| *distance <= 2)
            .collect();
        candidates.sort();
        for (_, name) in candidates.into_iter().take(3) {
            actions.push(CodeAction {
                title: format!("Change to `{name}`"),
                kind: ActionKind::QuickFix,
                preferred: false,
                edits: single_edit(path, unresolved.range.to_range(), name),
            });
        }
    }
    // Remove an unused `use` item (or the whole statement when it is the only one).
    let mut facts = None;
    for site in index.uses.iter().filter(|s| s.file == file) {
        if !touches(site.name_node.text_range())
            || facts
                .get_or_insert_with(|| UseFacts::new(snapshot))
                .is_used(site)
        {
            continue;
        }
        let name = local_name(&site.name_node).unwrap_or_default();
        let names = ast::Use::cast(site.statement.clone())
            .map(|u| u.names())
            .unwrap_or_default();
        let (remove, what) = if names.len() <= 1 {
            // The statement and its line.
            let start = site.statement.text_range().start() as usize;
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let end = site.statement.text_range().end() as usize;
            let end = if text[end..].starts_with('\n') {
                end + 1
            } else {
                end
            };
            let start = if text[line_start..start].trim().is_empty() {
                line_start
            } else {
                start
            };
            (start..end, "statement")
        } else {
            // The name and the comma after it (or before it, for the last one).
            let start = site.name_node.text_range().start() as usize;
            let end = site.name_node.text_range().end() as usize;
            let after = &text[end..];
            let trimmed = after.trim_start();
            if trimmed.starts_with(',') {
                let comma = end + (after.len() - trimmed.len()) + 1;
                let rest = &text[comma..];
                let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                (start..comma + spaces, "item")
            } else {
                let before = text[..start].trim_end();
                let comma = before
                    .rfind(',')
                    .filter(|c| before[c + 1..].trim().is_empty());
                (comma.unwrap_or(start)..end, "item")
            }
        };
        actions.push(CodeAction {
            title: if what == "statement" {
                format!("Remove the unused `use` of `{name}`")
            } else {
                format!("Remove unused `{name}` from the `use`")
            },
            kind: ActionKind::QuickFix,
            preferred: true,
            edits: single_edit(path, remove, String::new()),
        });
    }
    // Convert the name at the cursor to kebab-case.
    if let Some(id) = index.target_at(file, range.start as u32) {
        let def = index.def(id);
        let source_name = text
            .get(def.name_range.to_range())
            .filter(|_| def.file == file);
        let current = source_name
            .map(str::to_string)
            .unwrap_or_else(|| def.name.clone());
        if validate_identifier(&current).is_err() {
            let kebab = to_kebab_case(&current);
            if validate_identifier(&kebab).is_ok()
                && let Ok(edits) = rename(snapshot, path, range.start, &kebab)
            {
                actions.push(CodeAction {
                    title: format!("Convert `{current}` to kebab-case: `{kebab}`"),
                    kind: ActionKind::RefactorRewrite,
                    preferred: false,
                    edits,
                });
            }
        }
    }
    actions
}

/// "Bump the package version to `to`": rewrites the version of the package's `package`
/// line, the fix for breaking changes the current version does not allow.
pub fn bump_version_action(snapshot: &Snapshot, to: &str) -> Option<CodeAction> {
    use wit_syntax::ast::AstNode;
    let (file, version) = snapshot
        .files
        .iter()
        .filter(|file| file.origin == crate::ide::snapshot::FileOrigin::Package)
        .find_map(|file| {
            let version = file
                .parse
                .tree()
                .package_decl()?
                .package_name()?
                .version()?;
            Some((file, version))
        })?;
    let range = version.syntax().text_range().to_range();
    // The version node may include the `@`.
    let text = &file.text[range.clone()];
    let replacement = if text.starts_with('@') {
        format!("@{to}")
    } else {
        to.to_string()
    };
    Some(CodeAction {
        title: format!("Bump the package version to {to}"),
        kind: ActionKind::QuickFix,
        preferred: true,
        edits: single_edit(&file.path, range, replacement),
    })
}
