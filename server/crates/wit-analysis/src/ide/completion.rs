//! Completion with context: keywords valid at the cursor, types in scope in type positions,
//! interface and world names after `import`/`export`/`include`, `use` paths step by step
//! (dependency packages, then interfaces, then the `{items}` of that interface), gates, and
//! snippets for the common items. Works from the tokens before the cursor and the tree,
//! whatever the line breaks, so a half-typed file completes as well as a finished one.

use std::path::Path;

use wit_syntax::{SyntaxKind, SyntaxNode, SyntaxToken};

use crate::ide::hover::signature;
use crate::ide::index::{DefId, DefKind};
use crate::ide::{FileId, FileOrigin, Snapshot};

/// What a completion item is, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Snippet,
    BuiltinType,
    Definition(DefKind),
}

/// One completion proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A signature or short description.
    pub detail: Option<String>,
    /// The text to insert (a snippet with `$1` placeholders when `is_snippet`).
    pub insert_text: String,
    pub is_snippet: bool,
    /// The byte range the insertion replaces (the partly typed word or path).
    pub replace: std::ops::Range<usize>,
}

const BUILTIN_TYPES: &[&str] = &[
    "bool",
    "s8",
    "s16",
    "s32",
    "s64",
    "u8",
    "u16",
    "u32",
    "u64",
    "f32",
    "f64",
    "char",
    "string",
    "error-context",
];

const GENERIC_TYPES: &[(&str, &str)] = &[
    ("list", "list<$1>"),
    ("option", "option<$1>"),
    ("result", "result<$1, $2>"),
    ("tuple", "tuple<$1>"),
    ("borrow", "borrow<$1>"),
    ("own", "own<$1>"),
    ("future", "future<$1>"),
    ("stream", "stream<$1>"),
];

const ITEM_SNIPPETS: &[(&str, &str)] = &[
    ("func", "${1:name}: func(${2}) -> ${3:u32};"),
    ("record", "record ${1:name} {\n\t${2:field}: ${3:u32},\n}"),
    ("variant", "variant ${1:name} {\n\t${2:case}(${3:u32}),\n}"),
    ("enum", "enum ${1:name} {\n\t${2:case},\n}"),
    ("flags", "flags ${1:name} {\n\t${2:flag},\n}"),
    ("resource", "resource ${1:name} {\n\tconstructor(${2});\n}"),
    ("type", "type ${1:name} = ${2:u32};"),
];

const TOP_SNIPPETS: &[(&str, &str)] = &[
    ("interface", "interface ${1:name} {\n\t$0\n}"),
    ("world", "world ${1:name} {\n\t$0\n}"),
    ("package", "package ${1:namespace}:${2:name};"),
];

const GATES: &[(&str, &str)] = &[
    ("since", "since(version = ${1:0.1.0})"),
    ("unstable", "unstable(feature = ${1:name})"),
    ("deprecated", "deprecated(version = ${1:0.1.0})"),
];

struct Completer<'a> {
    snapshot: &'a Snapshot,
    file: FileId,
    offset: usize,
    word_start: usize,
    items: Vec<CompletionItem>,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '%' || c == '_'
}

impl Completer<'_> {
    fn push(
        &mut self,
        label: &str,
        kind: CompletionKind,
        detail: Option<String>,
        insert: &str,
        snippet: bool,
    ) {
        self.push_replacing(
            label,
            kind,
            detail,
            insert,
            snippet,
            self.word_start..self.offset,
        );
    }

    fn push_replacing(
        &mut self,
        label: &str,
        kind: CompletionKind,
        detail: Option<String>,
        insert: &str,
        is_snippet: bool,
        replace: std::ops::Range<usize>,
    ) {
        if self
            .items
            .iter()
            .any(|item| item.label == label && item.kind == kind)
        {
            return;
        }
        self.items.push(CompletionItem {
            label: label.to_string(),
            kind,
            detail,
            insert_text: insert.to_string(),
            is_snippet,
            replace,
        });
    }

    fn push_def(&mut self, label: &str, id: DefId) {
        let index = &self.snapshot.index;
        let original = index.resolve_alias(id);
        let kind = CompletionKind::Definition(index.def(original).kind);
        let detail = Some(signature(self.snapshot, original));
        self.push(label, kind, detail, label, false);
    }

    fn keywords(&mut self, words: &[&str]) {
        for word in words {
            self.push(word, CompletionKind::Keyword, None, word, false);
        }
    }

    fn snippets(&mut self, snippets: &[(&str, &str)]) {
        for (label, body) in snippets {
            self.push(
                label,
                CompletionKind::Snippet,
                Some(format!("{label} snippet")),
                body,
                true,
            );
        }
    }

    fn types_in_scope(&mut self) {
        for name in BUILTIN_TYPES {
            self.push(
                name,
                CompletionKind::BuiltinType,
                Some("built-in type".to_string()),
                name,
                false,
            );
        }
        for (name, snippet) in GENERIC_TYPES {
            self.push(
                name,
                CompletionKind::BuiltinType,
                Some(format!("{name}<...>")),
                snippet,
                true,
            );
        }
        let Some(container) = self
            .snapshot
            .index
            .container_at(self.file, self.offset as u32)
        else {
            return;
        };
        let mut names: Vec<(String, DefId)> = self
            .snapshot
            .index
            .scope(container)
            .map(|(name, id)| (name.to_string(), id))
            .collect();
        names.sort();
        for (name, id) in names {
            let target = self.snapshot.index.resolve_alias(id);
            if self.snapshot.index.def(target).kind.is_type() {
                self.push_def(&name, id);
            }
        }
    }

    /// `use`/`import`/`export`/`include` paths: `path` is the text typed so far.
    fn path(&mut self, keyword: &str, path: &str) {
        let path_start = self.offset - path.len();
        let index = &self.snapshot.index;
        let want_worlds = keyword == "include";
        let fits = |kind: DefKind| {
            if want_worlds {
                kind == DefKind::World
            } else {
                kind == DefKind::Interface || (keyword == "use" && kind == DefKind::World)
            }
        };
        if let Some((interface_path, _)) = path.split_once(".{") {
            // `use iface.{a, b` : the names the interface defines.
            let Some(interface) = self.resolve_path_text(interface_path) else {
                return;
            };
            let mut names: Vec<(String, DefId)> = index
                .scope(interface)
                .map(|(n, id)| (n.to_string(), id))
                .collect();
            names.sort();
            for (name, id) in names {
                if index.def(index.resolve_alias(id)).kind.is_type() {
                    self.push_def(&name, id);
                }
            }
            return;
        }
        if let Some((package, _)) = path.split_once('/') {
            // `ns:pkg/` : the package's interfaces (or worlds).
            let mut found = Vec::new();
            for (key, version, id) in index.packages() {
                if key == package.split('@').next().unwrap_or(package) {
                    for item in index.package_items(id) {
                        found.push((key.to_string(), version.map(str::to_string), item));
                    }
                }
            }
            for (key, version, item) in found {
                let def = index.def(item);
                if !fits(def.kind) {
                    continue;
                }
                let mut text = format!("{key}/{}", def.name);
                if let Some(version) = version {
                    text.push('@');
                    text.push_str(&version);
                }
                let detail = Some(signature(self.snapshot, item));
                self.push_replacing(
                    &def.name,
                    CompletionKind::Definition(def.kind),
                    detail,
                    &text,
                    false,
                    path_start..self.offset,
                );
            }
            return;
        }
        // A bare word or `ns:` : packages from deps, and this package's own items.
        let own = index.package_of_file(self.file);
        let mut packages: Vec<(String, Option<String>, DefId)> = index
            .packages()
            .filter(|(_, _, id)| Some(*id) != own)
            .map(|(k, v, id)| (k.to_string(), v.map(str::to_string), id))
            .collect();
        packages.sort();
        for (key, version, id) in packages {
            let detail = Some(match &version {
                Some(version) => format!("package {key}@{version}"),
                None => format!("package {key}"),
            });
            let _ = id;
            self.push_replacing(
                &key,
                CompletionKind::Definition(DefKind::Package),
                detail,
                &format!("{key}/"),
                false,
                path_start..self.offset,
            );
        }
        if path.contains(':') {
            return;
        }
        if let Some(own) = own {
            for item in index.package_items(own) {
                let def = index.def(item);
                if fits(def.kind) {
                    let name = def.name.clone();
                    self.push_def(&name, item);
                }
            }
        }
    }

    /// Resolves `iface` or `ns:pkg/iface@v` typed in the current file.
    fn resolve_path_text(&self, path: &str) -> Option<DefId> {
        let index = &self.snapshot.index;
        let path = path.trim();
        if let Some((package, rest)) = path.split_once('/') {
            let name = rest.split('@').next().unwrap_or(rest);
            let package = package.trim();
            return index
                .packages()
                .filter(|(key, _, _)| *key == package)
                .flat_map(|(_, _, id)| index.package_items(id))
                .find(|item| index.def(*item).name == name);
        }
        let own = index.package_of_file(self.file)?;
        index
            .package_items(own)
            .into_iter()
            .find(|item| index.def(*item).name == path.trim_start_matches('%'))
    }

    fn previous_token_kind(&self) -> Option<SyntaxKind> {
        let root = self.snapshot.file(self.file).parse.syntax_node();
        let mut token = if self.word_start == 0 {
            return None;
        } else {
            root.token_at_offset(self.word_start as u32 - 1)?
        };
        loop {
            if !token.kind().is_trivia() && token.text_range().start() < self.word_start as u32 {
                return Some(token.kind());
            }
            token = token.prev_token()?;
        }
    }
}

/// The statement being typed, up to the cursor, read from the tokens before it whatever the
/// line breaks: it starts after the last `;`, `}` or `{` (the `{` of a `use` list, after a
/// `.`, belongs to it). Comments are left out and each run of whitespace reads as one space.
struct TypedStatement {
    /// The whole statement, its gates (`@since(...)`) included.
    with_gates: String,
    /// The statement after its closed gates.
    statement: String,
}

fn previous_significant(token: &SyntaxToken) -> Option<SyntaxToken> {
    let mut token = token.prev_token()?;
    while token.kind().is_trivia() {
        token = token.prev_token()?;
    }
    Some(token)
}

/// True if `token` is part of a gate that is closed before `offset`.
fn in_closed_gate(token: &SyntaxToken, offset: usize) -> bool {
    let Some(gate) = token
        .parent()
        .ancestors()
        .find(|node| node.kind() == SyntaxKind::ATTRIBUTE)
    else {
        return false;
    };
    let text = gate.text().trim_end();
    gate.text_range().end() as usize <= offset && (text.ends_with(')') || !text.contains('('))
}

fn typed_statement(root: &SyntaxNode, offset: usize) -> TypedStatement {
    let mut tokens: Vec<SyntaxToken> = Vec::new();
    let mut current = offset
        .checked_sub(1)
        .and_then(|last| root.token_at_offset(last as u32));
    while let Some(token) = current {
        let stop = match token.kind() {
            SyntaxKind::SEMICOLON | SyntaxKind::R_BRACE => true,
            SyntaxKind::L_BRACE => {
                previous_significant(&token).map(|t| t.kind()) != Some(SyntaxKind::DOT)
            }
            _ => false,
        };
        if stop {
            break;
        }
        current = token.prev_token();
        tokens.push(token);
    }
    tokens.reverse();
    let render = |tokens: &[SyntaxToken]| {
        let mut out = String::new();
        for token in tokens {
            if token.kind().is_trivia() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
            let start = token.text_range().start() as usize;
            let text = token.text();
            let end = offset.saturating_sub(start).min(text.len());
            out.push_str(text.get(..end).unwrap_or(text));
        }
        out
    };
    let first_statement_token = tokens
        .iter()
        .position(|t| !t.kind().is_trivia() && !in_closed_gate(t, offset))
        .unwrap_or(tokens.len());
    TypedStatement {
        with_gates: render(&tokens).trim_start().to_string(),
        statement: render(&tokens[first_statement_token..])
            .trim_start()
            .to_string(),
    }
}

/// The completions at `offset` in `path`.
pub fn completions(snapshot: &Snapshot, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let text = &snapshot.file(file).text;
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let before = &text[..offset];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let mut completer = Completer {
        snapshot,
        file,
        offset,
        word_start,
        items: Vec::new(),
    };
    let root = snapshot.file(file).parse.syntax_node();
    let typed = typed_statement(&root, offset);
    let line = typed.with_gates.as_str();
    let statement = typed.statement.as_str();
    // Gates: after `@`, and the argument of `@since(` / `@unstable(`.
    if before[..word_start].ends_with('@') {
        completer.snippets(GATES);
        return completer.items;
    }
    if let Some(open) = line.rfind("@since(").or_else(|| line.rfind("@deprecated("))
        && !line[open..].contains(')')
    {
        let argument = &line[open..];
        if argument.contains("version") && argument.contains('=') {
            // `@since(version = $0`: the package's own version.
            let version = snapshot
                .index
                .package_of_file(file)
                .and_then(|p| snapshot.index.def(p).name.split_once('@').map(|(_, v)| v))
                .map(str::to_string);
            if let Some(version) = version {
                completer.push(
                    &version,
                    CompletionKind::Keyword,
                    Some("the package's version".to_string()),
                    &version,
                    false,
                );
            }
            return completer.items;
        }
        {
            completer.push(
                "version",
                CompletionKind::Keyword,
                None,
                "version = ${1:0.1.0}",
                true,
            );
            return completer.items;
        }
    }
    if let Some(open) = line.rfind("@unstable(")
        && !line[open..].contains(')')
        && line[open..].contains('=')
    {
        // `@unstable(feature = $0`: the features other gates of the package name.
        let mut features: Vec<String> = Vec::new();
        for file in snapshot
            .files
            .iter()
            .filter(|f| f.origin == FileOrigin::Package)
        {
            for gate in file
                .parse
                .syntax_node()
                .descendants()
                .filter(|n| n.kind() == SyntaxKind::ATTRIBUTE)
            {
                let text: String = gate.text().split_whitespace().collect();
                if let Some(feature) = text
                    .strip_prefix("@unstable(feature=")
                    .and_then(|rest| rest.strip_suffix(')'))
                    && !feature.is_empty()
                    && !features.iter().any(|f| f == feature)
                {
                    features.push(feature.to_string());
                }
            }
        }
        features.sort();
        for feature in features {
            completer.push(
                &feature,
                CompletionKind::Keyword,
                Some("a feature gated elsewhere in the package".to_string()),
                &feature,
                false,
            );
        }
        return completer.items;
    }
    if let Some(open) = line.rfind("@unstable(")
        && !line[open..].contains(')')
    {
        {
            completer.push(
                "feature",
                CompletionKind::Keyword,
                None,
                "feature = ${1:name}",
                true,
            );
            return completer.items;
        }
    }
    // Paths after `use`, `import`, `export` and `include`.
    for keyword in ["use", "import", "export", "include"] {
        let Some(rest) = statement.strip_prefix(keyword) else {
            continue;
        };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let rest = rest.trim_start();
        if keyword == "use" && rest.contains(".{") {
            let path_and_items = rest;
            completer.path(keyword, path_and_items);
            return completer.items;
        }
        if rest.contains(char::is_whitespace) && !rest.trim_end().ends_with(':') {
            break;
        }
        // `import name: path` : complete the path after the label.
        let path = rest.rsplit(": ").next().unwrap_or(rest);
        if path.contains(['(', '<']) {
            break;
        }
        if (keyword == "import" || keyword == "export") && rest.contains(": ") && path.is_empty() {
            completer.keywords(&["func", "async", "interface"]);
        }
        completer.path(keyword, path.trim_start());
        return completer.items;
    }
    let in_container = snapshot.index.container_at(file, offset as u32);
    let previous = completer.previous_token_kind();
    let container_kind = in_container.map(|c| snapshot.index.def(c).kind);
    match previous {
        Some(SyntaxKind::COLON) => {
            // `name: ` is a function or an extern at item level, a type inside a record or
            // parameter list.
            let colon_parent = root
                .token_at_offset(word_start.saturating_sub(1) as u32)
                .map(|t| {
                    let mut token = t;
                    while token.kind() != SyntaxKind::COLON {
                        match token.prev_token() {
                            Some(prev) => token = prev,
                            None => break,
                        }
                    }
                    token.parent().kind()
                });
            match colon_parent {
                Some(SyntaxKind::RECORD_FIELD | SyntaxKind::PARAM) => completer.types_in_scope(),
                Some(SyntaxKind::IMPORT | SyntaxKind::EXPORT) => {
                    completer.keywords(&["func", "async", "interface"]);
                }
                _ => {
                    completer.keywords(&["func", "async", "static"]);
                    completer.types_in_scope();
                }
            }
        }
        Some(
            SyntaxKind::L_ANGLE
            | SyntaxKind::ARROW
            | SyntaxKind::EQ
            | SyntaxKind::L_PAREN
            | SyntaxKind::COMMA,
        ) if in_container.is_some() => completer.types_in_scope(),
        _ => match container_kind {
            Some(DefKind::Interface) => {
                completer.keywords(&[
                    "use", "type", "record", "variant", "enum", "flags", "resource",
                ]);
                completer.snippets(ITEM_SNIPPETS);
            }
            Some(DefKind::World) => {
                completer.keywords(&[
                    "use", "import", "export", "include", "type", "record", "variant", "enum",
                    "flags", "resource",
                ]);
                completer.snippets(&ITEM_SNIPPETS[1..]);
            }
            _ => {
                completer.keywords(&["package", "interface", "world", "use"]);
                completer.snippets(TOP_SNIPPETS);
            }
        },
    }
    completer.items
}
