//! The shape of a file: document symbols (the hierarchical outline), workspace symbols
//! (fuzzy match), folding ranges, selection ranges and semantic tokens.

use std::ops::Range;
use std::path::Path;

use rustc_hash::FxHashMap;
use wit_syntax::{SyntaxKind, SyntaxNode};

use crate::ide::hover::signature;
use crate::ide::index::{DefId, DefKind};
use crate::ide::{Location, Snapshot};

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub kind: DefKind,
    pub detail: Option<String>,
    pub deprecated: bool,
    /// The whole item.
    pub range: Range<usize>,
    /// The name.
    pub selection_range: Range<usize>,
    pub children: Vec<DocumentSymbol>,
}

fn in_outline(kind: DefKind) -> bool {
    !matches!(kind, DefKind::Param | DefKind::UseAlias | DefKind::Package)
}

fn symbol(
    snapshot: &Snapshot,
    id: DefId,
    children_of: &FxHashMap<DefId, Vec<DefId>>,
) -> DocumentSymbol {
    let def = snapshot.index.def(id);
    let detail = match def.kind {
        DefKind::Function
        | DefKind::Method
        | DefKind::StaticMethod
        | DefKind::Constructor
        | DefKind::Field => Some(signature(snapshot, id)),
        _ => None,
    };
    DocumentSymbol {
        name: def.name.clone(),
        kind: def.kind,
        detail,
        deprecated: def.deprecated,
        range: def.node.text_range().to_range(),
        selection_range: def.name_range.to_range(),
        children: children_of
            .get(&id)
            .map(|children| {
                children
                    .iter()
                    .map(|c| symbol(snapshot, *c, children_of))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The outline of a file: interfaces and worlds, their types and functions, and members.
pub fn document_symbols(snapshot: &Snapshot, path: &Path) -> Vec<DocumentSymbol> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let index = &snapshot.index;
    let mut roots = Vec::new();
    let mut children_of: FxHashMap<DefId, Vec<DefId>> = FxHashMap::default();
    for id in index.def_ids() {
        let def = index.def(id);
        if def.file != file || !in_outline(def.kind) {
            continue;
        }
        match def.parent {
            Some(parent) if index.def(parent).kind != DefKind::Package => {
                children_of.entry(parent).or_default().push(id);
            }
            _ => roots.push(id),
        }
    }
    roots
        .iter()
        .map(|id| symbol(snapshot, *id, &children_of))
        .collect()
}

/// A workspace symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: DefKind,
    pub location: Location,
    pub container: Option<String>,
    pub deprecated: bool,
}

/// True if the characters of `query` appear in `name` in order (case-insensitive).
pub fn fuzzy_match(query: &str, name: &str) -> bool {
    let mut name = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .all(|q| name.any(|n| n == q))
}

/// Named items of the package and its dependencies whose names fuzzy-match `query`.
pub fn workspace_symbols(snapshot: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    let index = &snapshot.index;
    index
        .def_ids()
        .filter(|id| {
            let def = index.def(*id);
            in_outline(def.kind) && !def.name.is_empty() && fuzzy_match(query, &def.name)
        })
        .map(|id| {
            let def = index.def(id);
            WorkspaceSymbol {
                name: def.name.clone(),
                kind: def.kind,
                location: snapshot.location(def.file, def.name_range),
                container: def
                    .parent
                    .map(|p| index.def(p).name.clone())
                    .filter(|n| !n.is_empty()),
                deprecated: def.deprecated,
            }
        })
        .collect()
}

/// What a folding range folds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
    Imports,
}

/// Foldable ranges: braced bodies, multi-line lists, comment blocks and runs of `use`.
pub fn folding_ranges(snapshot: &Snapshot, path: &Path) -> Vec<(Range<usize>, FoldKind)> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let file = snapshot.file(file);
    let text = &file.text;
    let spans_lines =
        |range: &Range<usize>| text.get(range.clone()).is_some_and(|t| t.contains('\n'));
    let mut folds = Vec::new();
    let root = file.parse.syntax_node();
    for node in root.descendants() {
        let foldable = matches!(
            node.kind(),
            SyntaxKind::ITEM_LIST
                | SyntaxKind::MEMBER_LIST
                | SyntaxKind::RESOURCE_BODY
                | SyntaxKind::USE_NAME_LIST
                | SyntaxKind::INCLUDE_NAME_LIST
                | SyntaxKind::PARAM_LIST
        ) || (node.kind() == SyntaxKind::NESTED_PACKAGE);
        if foldable {
            let range = node.text_range().to_range();
            if spans_lines(&range) {
                folds.push((range, FoldKind::Region));
            }
        }
    }
    // Comments: a block comment over several lines, or consecutive line comments.
    let mut run: Option<Range<usize>> = None;
    for token in root.tokens() {
        let range = token.text_range().to_range();
        match token.kind() {
            SyntaxKind::BLOCK_COMMENT if spans_lines(&range) => {
                folds.push((range, FoldKind::Comment))
            }
            SyntaxKind::LINE_COMMENT => {
                run = Some(match run.take() {
                    Some(previous) => previous.start..range.end,
                    None => range,
                });
            }
            SyntaxKind::WHITESPACE if token.text().matches('\n').count() <= 1 => {}
            _ => {
                if let Some(previous) = run.take()
                    && spans_lines(&previous)
                {
                    folds.push((previous, FoldKind::Comment));
                }
            }
        }
    }
    if let Some(previous) = run.take()
        && spans_lines(&previous)
    {
        folds.push((previous, FoldKind::Comment));
    }
    // Consecutive `use` statements fold as imports.
    let bodies =
        std::iter::once(root.clone())
            .chain(root.descendants().filter(|n| {
                matches!(n.kind(), SyntaxKind::ITEM_LIST | SyntaxKind::NESTED_PACKAGE)
            }));
    for body in bodies {
        let mut uses: Option<Range<usize>> = None;
        for node in body.children() {
            if matches!(node.kind(), SyntaxKind::USE | SyntaxKind::TOP_LEVEL_USE) {
                let range = node.text_range().to_range();
                uses = Some(match uses.take() {
                    Some(previous) => previous.start..range.end,
                    None => range,
                });
            } else if let Some(previous) = uses.take()
                && spans_lines(&previous)
            {
                folds.push((previous, FoldKind::Imports));
            }
        }
        if let Some(previous) = uses.take()
            && spans_lines(&previous)
        {
            folds.push((previous, FoldKind::Imports));
        }
    }
    folds.sort_by_key(|(range, _)| (range.start, range.end));
    folds.dedup();
    folds
}

/// For each offset, the ranges from the token outwards to the whole file (innermost first).
pub fn selection_ranges(
    snapshot: &Snapshot,
    path: &Path,
    offsets: &[usize],
) -> Vec<Vec<Range<usize>>> {
    let Some(file) = snapshot.file_id(path) else {
        return offsets
            .iter()
            .map(|o| std::iter::once(*o..*o).collect())
            .collect();
    };
    let root = snapshot.file(file).parse.syntax_node();
    offsets
        .iter()
        .map(|offset| {
            let mut ranges: Vec<Range<usize>> = Vec::new();
            let Some(token) = root.token_at_offset(*offset as u32) else {
                return std::iter::once(*offset..*offset).collect();
            };
            ranges.push(token.text_range().to_range());
            for node in token.parent().ancestors() {
                let range = node.text_range().to_range();
                if ranges.last() != Some(&range) && !range.is_empty() {
                    ranges.push(range);
                }
            }
            ranges
        })
        .collect()
}

/// The standard semantic token types this server uses (the legend, in order).
pub const TOKEN_TYPES: &[&str] = &[
    "namespace",
    "type",
    "class",
    "enum",
    "interface",
    "struct",
    "typeParameter",
    "parameter",
    "property",
    "enumMember",
    "function",
    "method",
    "keyword",
    "comment",
    "string",
    "number",
    "operator",
    "decorator",
];

/// The standard modifiers this server uses (bit `i` is `TOKEN_MODIFIERS[i]`).
pub const TOKEN_MODIFIERS: &[&str] = &[
    "declaration",
    "documentation",
    "deprecated",
    "defaultLibrary",
];

pub const MODIFIER_DECLARATION: u32 = 1;
pub const MODIFIER_DOCUMENTATION: u32 = 2;
pub const MODIFIER_DEPRECATED: u32 = 4;
pub const MODIFIER_DEFAULT_LIBRARY: u32 = 8;

/// One semantic token: a byte range, an index into [`TOKEN_TYPES`] and modifier bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: Range<usize>,
    pub token_type: u32,
    pub modifiers: u32,
}

fn type_index(name: &str) -> u32 {
    TOKEN_TYPES.iter().position(|t| *t == name).unwrap_or(1) as u32
}

fn def_token_type(kind: DefKind) -> &'static str {
    match kind {
        DefKind::Package => "namespace",
        DefKind::Interface | DefKind::World => "interface",
        DefKind::TypeAlias | DefKind::UseAlias => "type",
        DefKind::Record => "struct",
        DefKind::Variant | DefKind::Enum | DefKind::Flags => "enum",
        DefKind::Resource => "class",
        DefKind::Function | DefKind::StaticMethod | DefKind::Constructor => "function",
        DefKind::Method => "method",
        DefKind::Field => "property",
        DefKind::Case | DefKind::EnumCase | DefKind::Flag => "enumMember",
        DefKind::Param => "parameter",
    }
}

fn inside(token_parent: &SyntaxNode, kind: SyntaxKind) -> bool {
    token_parent.ancestors().any(|n| n.kind() == kind)
}

/// Semantic tokens of a file, optionally only those touching `range`.
pub fn semantic_tokens(
    snapshot: &Snapshot,
    path: &Path,
    range: Option<Range<usize>>,
) -> Vec<SemanticToken> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let index = &snapshot.index;
    // Names defined or referenced in this file, by start offset.
    let mut names: FxHashMap<u32, (DefId, bool)> = FxHashMap::default();
    for id in index.def_ids() {
        let def = index.def(id);
        if def.file == file && !def.name_range.is_empty() && def.kind != DefKind::Package {
            names.insert(def.name_range.start(), (id, true));
        }
    }
    for reference in index.refs.iter().filter(|r| r.file == file) {
        names.insert(reference.range.start(), (reference.target, false));
    }
    let root = snapshot.file(file).parse.syntax_node();
    let mut tokens = Vec::new();
    for token in root.tokens() {
        let token_range = token.text_range().to_range();
        if let Some(range) = &range
            && (token_range.end < range.start || token_range.start > range.end)
        {
            continue;
        }
        let kind = token.kind();
        let (token_type, modifiers) = if kind.is_primitive_type_keyword() {
            ("type", MODIFIER_DEFAULT_LIBRARY)
        } else if kind.is_keyword() {
            if matches!(
                kind,
                SyntaxKind::LIST_KW
                    | SyntaxKind::OPTION_KW
                    | SyntaxKind::RESULT_KW
                    | SyntaxKind::TUPLE_KW
                    | SyntaxKind::FUTURE_KW
                    | SyntaxKind::STREAM_KW
                    | SyntaxKind::MAP_KW
                    | SyntaxKind::BORROW_KW
                    | SyntaxKind::OWN_KW
            ) && matches!(
                token.parent().kind(),
                SyntaxKind::LIST_TYPE
                    | SyntaxKind::OPTION_TYPE
                    | SyntaxKind::RESULT_TYPE
                    | SyntaxKind::TUPLE_TYPE
                    | SyntaxKind::FUTURE_TYPE
                    | SyntaxKind::STREAM_TYPE
                    | SyntaxKind::MAP_TYPE
                    | SyntaxKind::HANDLE_TYPE
            ) {
                ("type", MODIFIER_DEFAULT_LIBRARY)
            } else {
                ("keyword", 0)
            }
        } else if kind.is_comment() {
            let documentation = if token.is_doc_comment() {
                MODIFIER_DOCUMENTATION
            } else {
                0
            };
            ("comment", documentation)
        } else if kind == SyntaxKind::INTEGER {
            ("number", 0)
        } else if kind == SyntaxKind::STRING {
            ("string", 0)
        } else if kind == SyntaxKind::AT && token.parent().kind() == SyntaxKind::ATTRIBUTE {
            ("decorator", 0)
        } else if matches!(kind, SyntaxKind::IDENT | SyntaxKind::EXPLICIT_IDENT) {
            let parent = token.parent();
            if let Some((id, declaration)) = names.get(&token.text_range().start()) {
                let def = index.def(index.resolve_alias(*id));
                let mut modifiers = if *declaration {
                    MODIFIER_DECLARATION
                } else {
                    0
                };
                if def.deprecated {
                    modifiers |= MODIFIER_DEPRECATED;
                }
                (def_token_type(def.kind), modifiers)
            } else if parent.kind() == SyntaxKind::ATTRIBUTE {
                ("decorator", 0)
            } else if inside(&parent, SyntaxKind::VERSION) {
                ("number", 0)
            } else if inside(&parent, SyntaxKind::PACKAGE_NAME)
                || inside(&parent, SyntaxKind::USE_PATH)
            {
                ("namespace", 0)
            } else if inside(&parent, SyntaxKind::ATTRIBUTE) {
                ("property", 0)
            } else {
                continue;
            }
        } else {
            continue;
        };
        tokens.push(SemanticToken {
            range: token_range,
            token_type: type_index(token_type),
            modifiers,
        });
    }
    tokens
}
