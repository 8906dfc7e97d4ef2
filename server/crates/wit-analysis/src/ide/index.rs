//! The name index: every definition of a package and its `deps/` with its span, and every
//! reference (type uses, `use` paths and items, `import`/`export`/`include` targets, foreign
//! package paths) resolved to its definition, following WIT's scoping. Built from the syntax
//! trees alone, so it serves broken files with whatever parts make sense.

use rustc_hash::FxHashMap;
use wit_syntax::ast::{
    self, AstNode, AttributeKind, ExternKind, HasAttributes, HasName, ImportOrExport,
};
use wit_syntax::{SyntaxKind, SyntaxNode, TextRange};

use crate::ide::snapshot::{FileId, FileOrigin, IdeFile};

/// Index of a definition in a [`NameIndex`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefId(pub u32);

/// What a definition defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DefKind {
    Package,
    Interface,
    World,
    TypeAlias,
    Record,
    Variant,
    Enum,
    Flags,
    Resource,
    Function,
    Method,
    StaticMethod,
    Constructor,
    Field,
    Case,
    EnumCase,
    Flag,
    Param,
    /// The local name of `use a.{b as c}` or `use x:y/z as c`, or the new name `c` of an
    /// item `b` of an included world in `include w with { b as c }`.
    UseAlias,
}

impl DefKind {
    /// A lowercase word for the kind, as shown in hover and completion details.
    pub fn describe(self) -> &'static str {
        match self {
            DefKind::Package => "package",
            DefKind::Interface => "interface",
            DefKind::World => "world",
            DefKind::TypeAlias => "type",
            DefKind::Record => "record",
            DefKind::Variant => "variant",
            DefKind::Enum => "enum",
            DefKind::Flags => "flags",
            DefKind::Resource => "resource",
            DefKind::Function => "function",
            DefKind::Method => "method",
            DefKind::StaticMethod => "static function",
            DefKind::Constructor => "constructor",
            DefKind::Field => "field",
            DefKind::Case => "case",
            DefKind::EnumCase => "enum case",
            DefKind::Flag => "flag",
            DefKind::Param => "parameter",
            DefKind::UseAlias => "use alias",
        }
    }

    /// True for named types (what a type position can refer to).
    pub fn is_type(self) -> bool {
        matches!(
            self,
            DefKind::TypeAlias
                | DefKind::Record
                | DefKind::Variant
                | DefKind::Enum
                | DefKind::Flags
                | DefKind::Resource
        )
    }
}

/// One definition.
#[derive(Clone, Debug)]
pub struct Definition {
    pub kind: DefKind,
    /// The name without a leading `%`.
    pub name: String,
    pub file: FileId,
    /// The range of the name token (`%` included), or of the keyword for constructors.
    pub name_range: TextRange,
    /// The whole item (docs and gates included).
    pub node: SyntaxNode,
    /// The enclosing definition (package for interfaces and worlds, ...).
    pub parent: Option<DefId>,
    /// For a use alias: what it names.
    pub alias_of: Option<DefId>,
    pub deprecated: bool,
}

/// How a reference uses its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// A type expression (`list<x>`, `borrow<r>`, a field type, ...).
    Type,
    /// The interface or world of a `use`, `import`, `export` or `include` path.
    Path,
    /// A package in `ns:pkg/...`.
    Package,
    /// A name inside `use path.{name}`.
    UseItem,
    /// The name of an included world's import or export in `include w with { name as b }`.
    IncludeName,
}

/// One resolved reference.
#[derive(Clone, Debug)]
pub struct Reference {
    pub file: FileId,
    pub range: TextRange,
    pub target: DefId,
    pub kind: RefKind,
    /// The interface or world the reference is written in.
    pub container: Option<DefId>,
}

/// Where an unresolved name was looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnresolvedKind {
    /// A type in an interface or world.
    Type { container: DefId },
    /// An interface or world of a path.
    Path,
    /// A foreign package.
    Package,
    /// A name in `use iface.{name}`.
    UseItem { interface: DefId },
    /// A name in `include world with { name as b }` that the world does not import or
    /// export under that name.
    IncludeName { world: DefId },
}

/// A name the index could not resolve.
#[derive(Clone, Debug)]
pub struct Unresolved {
    pub file: FileId,
    pub range: TextRange,
    pub name: String,
    pub kind: UnresolvedKind,
}

/// One name of a `use ... .{...}` list, for unused-import checks and code actions.
#[derive(Clone, Debug)]
pub struct UseSite {
    pub file: FileId,
    /// The interface or world holding the `use`.
    pub container: DefId,
    /// The `USE` statement node.
    pub statement: SyntaxNode,
    /// The `USE_NAME` node.
    pub name_node: SyntaxNode,
    /// The def the local name stands for (the alias def for `a as b`).
    pub local: Option<DefId>,
}

/// The index over a snapshot's files.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    pub defs: Vec<Definition>,
    pub refs: Vec<Reference>,
    pub unresolved: Vec<Unresolved>,
    pub uses: Vec<UseSite>,
    /// Names visible inside each interface and world (its types and functions, and used names).
    scopes: FxHashMap<DefId, FxHashMap<String, DefId>>,
    /// Top-level interfaces and worlds of each package.
    top_items: FxHashMap<(DefId, String), DefId>,
    /// Names a top-level `use` brings into a file.
    file_aliases: FxHashMap<(FileId, String), DefId>,
    /// Package definitions by `ns:name` and version.
    packages: Vec<(String, Option<String>, DefId)>,
    /// Named imports and exports of each world that are not in its scope: inline
    /// interfaces, the new names of `include ... with`, and the labels of `label: path`
    /// (which have no definition of their own, hence `None`).
    world_externs: FxHashMap<(DefId, String), Option<DefId>>,
    /// The `include`s of each world: the included world and the names its `with` renames.
    world_includes: FxHashMap<DefId, Vec<(DefId, Vec<String>)>>,
}

struct PendingUse {
    file: FileId,
    package: DefId,
    container: DefId,
    statement: ast::Use,
}

struct PendingTypes {
    file: FileId,
    container: DefId,
    node: SyntaxNode,
}

struct PendingPath {
    file: FileId,
    package: DefId,
    path: ast::UsePath,
    container: Option<DefId>,
}

struct PendingInclude {
    file: FileId,
    package: DefId,
    world: DefId,
    include: ast::Include,
}

/// One `a as b` of an `include ... with`, and the definition of `b`.
type IncludeRename = (ast::IncludeName, Option<DefId>);

#[derive(Default)]
struct Builder {
    index: NameIndex,
    uses: Vec<PendingUse>,
    types: Vec<PendingTypes>,
    paths: Vec<PendingPath>,
    includes: Vec<PendingInclude>,
    top_level_uses: Vec<(FileId, DefId, ast::TopLevelUse)>,
}

fn is_deprecated(node: &SyntaxNode) -> bool {
    node.children_where(<ast::Attribute as AstNode>::can_cast)
        .filter_map(ast::Attribute::cast)
        .any(|attribute| attribute.kind() == AttributeKind::Deprecated)
}

/// The name token range of a named node, and its text.
fn name_of(name: Option<ast::Name>) -> Option<(String, TextRange)> {
    let name = name?;
    let token = name.ident_token()?;
    Some((name.text(), token.text_range()))
}

fn name_ref_of(name: Option<ast::NameRef>) -> Option<(String, TextRange)> {
    let name = name?;
    let token = name.ident_token()?;
    Some((name.text(), token.text_range()))
}

impl Builder {
    fn add_def(
        &mut self,
        kind: DefKind,
        (name, name_range): (String, TextRange),
        file: FileId,
        node: &SyntaxNode,
        parent: Option<DefId>,
    ) -> DefId {
        let id = DefId(self.index.defs.len() as u32);
        self.index.defs.push(Definition {
            kind,
            name,
            file,
            name_range,
            node: node.clone(),
            parent,
            alias_of: None,
            deprecated: is_deprecated(node),
        });
        id
    }

    fn add_scoped(
        &mut self,
        kind: DefKind,
        name: Option<(String, TextRange)>,
        file: FileId,
        node: &SyntaxNode,
        container: DefId,
    ) -> Option<DefId> {
        let name = name?;
        let key = name.0.clone();
        let id = self.add_def(kind, name, file, node, Some(container));
        self.index
            .scopes
            .entry(container)
            .or_default()
            .entry(key)
            .or_insert(id);
        Some(id)
    }

    fn package_def(&mut self, name: &ast::PackageName, file: FileId) -> Option<DefId> {
        let namespace = name.namespace()?.text();
        let package = name.name()?.text();
        let version = name.version().map(|v| v.text());
        let key = format!("{namespace}:{package}");
        if let Some((_, _, id)) = self
            .index
            .packages
            .iter()
            .find(|(k, v, _)| *k == key && *v == version)
        {
            return Some(*id);
        }
        let full = match &version {
            Some(version) => format!("{key}@{version}"),
            None => key.clone(),
        };
        let id = self.add_def(
            DefKind::Package,
            (full, name.range()),
            file,
            name.syntax(),
            None,
        );
        self.index.packages.push((key, version, id));
        Some(id)
    }

    fn items(&mut self, file: FileId, package: DefId, items: impl Iterator<Item = ast::Item>) {
        for item in items {
            match item {
                ast::Item::Interface(interface) => {
                    let Some(name) = name_of(interface.name()) else {
                        continue;
                    };
                    let key = name.0.clone();
                    let id = self.add_def(
                        DefKind::Interface,
                        name,
                        file,
                        interface.syntax(),
                        Some(package),
                    );
                    self.index.top_items.entry((package, key)).or_insert(id);
                    self.interface_items(file, package, id, interface.items());
                }
                ast::Item::World(world) => {
                    let Some(name) = name_of(world.name()) else {
                        continue;
                    };
                    let key = name.0.clone();
                    let id =
                        self.add_def(DefKind::World, name, file, world.syntax(), Some(package));
                    self.index.top_items.entry((package, key)).or_insert(id);
                    self.world_items(file, package, id, world.items());
                }
                ast::Item::TopLevelUse(top_level_use) => {
                    self.top_level_uses.push((file, package, top_level_use));
                }
                ast::Item::NestedPackage(nested) => {
                    let nested_package = nested
                        .package_name()
                        .and_then(|name| self.package_def(&name, file))
                        .unwrap_or(package);
                    let items: Vec<ast::Item> = nested.items().collect();
                    self.items(file, nested_package, items.into_iter());
                }
            }
        }
    }

    fn type_def(&mut self, file: FileId, container: DefId, def: ast::TypeDef) {
        let kind = match &def {
            ast::TypeDef::TypeAlias(_) => DefKind::TypeAlias,
            ast::TypeDef::Record(_) => DefKind::Record,
            ast::TypeDef::Variant(_) => DefKind::Variant,
            ast::TypeDef::Enum(_) => DefKind::Enum,
            ast::TypeDef::Flags(_) => DefKind::Flags,
            ast::TypeDef::Resource(_) => DefKind::Resource,
        };
        let Some(id) = self.add_scoped(kind, name_of(def.name()), file, def.syntax(), container)
        else {
            self.types.push(PendingTypes {
                file,
                container,
                node: def.syntax().clone(),
            });
            return;
        };
        match &def {
            ast::TypeDef::Record(record) => {
                for field in record.members() {
                    if let Some(name) = name_of(field.name()) {
                        self.add_def(DefKind::Field, name, file, field.syntax(), Some(id));
                    }
                }
            }
            ast::TypeDef::Variant(variant) => {
                for case in variant.members() {
                    if let Some(name) = name_of(case.name()) {
                        self.add_def(DefKind::Case, name, file, case.syntax(), Some(id));
                    }
                }
            }
            ast::TypeDef::Enum(enum_def) => {
                for case in enum_def.members() {
                    if let Some(name) = name_of(case.name()) {
                        self.add_def(DefKind::EnumCase, name, file, case.syntax(), Some(id));
                    }
                }
            }
            ast::TypeDef::Flags(flags) => {
                for flag in flags.members() {
                    if let Some(name) = name_of(flag.name()) {
                        self.add_def(DefKind::Flag, name, file, flag.syntax(), Some(id));
                    }
                }
            }
            ast::TypeDef::Resource(resource) => {
                for item in resource.items() {
                    match item {
                        ast::ResourceItem::Constructor(constructor) => {
                            let keyword = constructor
                                .syntax()
                                .token_of_kind(SyntaxKind::CONSTRUCTOR_KW)
                                .map(|t| t.text_range())
                                .unwrap_or_else(|| constructor.range());
                            let ctor = self.add_def(
                                DefKind::Constructor,
                                ("constructor".to_string(), keyword),
                                file,
                                constructor.syntax(),
                                Some(id),
                            );
                            for param in constructor.params() {
                                if let Some(name) = name_of(param.name()) {
                                    self.add_def(
                                        DefKind::Param,
                                        name,
                                        file,
                                        param.syntax(),
                                        Some(ctor),
                                    );
                                }
                            }
                        }
                        ast::ResourceItem::NamedFunc(func) => {
                            let kind = if func.is_static() {
                                DefKind::StaticMethod
                            } else {
                                DefKind::Method
                            };
                            if let Some(name) = name_of(func.name()) {
                                let method =
                                    self.add_def(kind, name, file, func.syntax(), Some(id));
                                self.params(file, method, func.func_type());
                            }
                        }
                    }
                }
            }
            ast::TypeDef::TypeAlias(_) => {}
        }
        self.types.push(PendingTypes {
            file,
            container,
            node: def.syntax().clone(),
        });
    }

    fn params(&mut self, file: FileId, func: DefId, func_type: Option<ast::FuncType>) {
        for param in func_type.map(|f| f.params()).unwrap_or_default() {
            if let Some(name) = name_of(param.name()) {
                self.add_def(DefKind::Param, name, file, param.syntax(), Some(func));
            }
        }
    }

    fn interface_items(
        &mut self,
        file: FileId,
        package: DefId,
        interface: DefId,
        items: Vec<ast::InterfaceItem>,
    ) {
        self.index.scopes.entry(interface).or_default();
        for item in items {
            let type_def = match item {
                ast::InterfaceItem::Use(statement) => {
                    self.uses.push(PendingUse {
                        file,
                        package,
                        container: interface,
                        statement,
                    });
                    continue;
                }
                ast::InterfaceItem::NamedFunc(func) => {
                    if let Some(id) = self.add_scoped(
                        DefKind::Function,
                        name_of(func.name()),
                        file,
                        func.syntax(),
                        interface,
                    ) {
                        self.params(file, id, func.func_type());
                    }
                    self.types.push(PendingTypes {
                        file,
                        container: interface,
                        node: func.syntax().clone(),
                    });
                    continue;
                }
                ast::InterfaceItem::TypeAlias(n) => ast::TypeDef::TypeAlias(n),
                ast::InterfaceItem::Record(n) => ast::TypeDef::Record(n),
                ast::InterfaceItem::Variant(n) => ast::TypeDef::Variant(n),
                ast::InterfaceItem::Enum(n) => ast::TypeDef::Enum(n),
                ast::InterfaceItem::Flags(n) => ast::TypeDef::Flags(n),
                ast::InterfaceItem::Resource(n) => ast::TypeDef::Resource(n),
            };
            self.type_def(file, interface, type_def);
        }
    }

    fn world_items(
        &mut self,
        file: FileId,
        package: DefId,
        world: DefId,
        items: Vec<ast::WorldItem>,
    ) {
        self.index.scopes.entry(world).or_default();
        for item in items {
            let type_def = match item {
                ast::WorldItem::Use(statement) => {
                    self.uses.push(PendingUse {
                        file,
                        package,
                        container: world,
                        statement,
                    });
                    continue;
                }
                ast::WorldItem::Import(import) => {
                    self.extern_item(file, package, world, &import);
                    continue;
                }
                ast::WorldItem::Export(export) => {
                    self.extern_item(file, package, world, &export);
                    continue;
                }
                ast::WorldItem::Include(include) => {
                    self.includes.push(PendingInclude {
                        file,
                        package,
                        world,
                        include,
                    });
                    continue;
                }
                ast::WorldItem::TypeAlias(n) => ast::TypeDef::TypeAlias(n),
                ast::WorldItem::Record(n) => ast::TypeDef::Record(n),
                ast::WorldItem::Variant(n) => ast::TypeDef::Variant(n),
                ast::WorldItem::Enum(n) => ast::TypeDef::Enum(n),
                ast::WorldItem::Flags(n) => ast::TypeDef::Flags(n),
                ast::WorldItem::Resource(n) => ast::TypeDef::Resource(n),
            };
            self.type_def(file, world, type_def);
        }
    }

    fn extern_item(
        &mut self,
        file: FileId,
        package: DefId,
        world: DefId,
        item: &impl ImportOrExport,
    ) {
        match item.extern_kind() {
            Some(ExternKind::Func(func_type)) => {
                if let Some(id) = self.add_scoped(
                    DefKind::Function,
                    name_of(item.label()),
                    file,
                    item.syntax(),
                    world,
                ) {
                    self.params(file, id, Some(func_type));
                }
                self.types.push(PendingTypes {
                    file,
                    container: world,
                    node: item.syntax().clone(),
                });
            }
            Some(ExternKind::Interface(list)) => {
                if let Some(name) = name_of(item.label()) {
                    let key = name.0.clone();
                    let id =
                        self.add_def(DefKind::Interface, name, file, item.syntax(), Some(world));
                    self.index
                        .world_externs
                        .entry((world, key))
                        .or_insert(Some(id));
                    let items: Vec<ast::InterfaceItem> = list
                        .syntax()
                        .children()
                        .filter_map(ast::InterfaceItem::cast)
                        .collect();
                    self.interface_items(file, package, id, items);
                }
            }
            Some(ExternKind::Path(path)) => {
                if let Some((label, _)) = name_of(item.label()) {
                    self.index
                        .world_externs
                        .entry((world, label))
                        .or_insert(None);
                }
                self.paths.push(PendingPath {
                    file,
                    package,
                    path,
                    container: Some(world),
                });
            }
            None => {}
        }
    }

    /// Resolves the package of a qualified path and records the package reference.
    fn resolve_package(&mut self, file: FileId, path: &ast::UsePath) -> Option<DefId> {
        let namespace = path.namespace()?;
        let package = path.package()?;
        let start = namespace.range().start();
        let end = package.range().end();
        let range = TextRange::new(start, end);
        let key = format!("{}:{}", namespace.text(), package.text());
        let version = path.version().map(|v| v.text());
        let found = self
            .index
            .packages
            .iter()
            .filter(|(k, _, _)| *k == key)
            .find(|(_, v, _)| version.is_none() || *v == version)
            .or_else(|| self.index.packages.iter().find(|(k, _, _)| *k == key))
            .map(|(_, _, id)| *id);
        match found {
            Some(target) => self.index.refs.push(Reference {
                file,
                range,
                target,
                kind: RefKind::Package,
                container: None,
            }),
            None => self.index.unresolved.push(Unresolved {
                file,
                range,
                name: key,
                kind: UnresolvedKind::Package,
            }),
        }
        found
    }

    /// Resolves a `use`/`import`/`export`/`include` path to an interface or world, recording
    /// the references.
    fn resolve_path(
        &mut self,
        file: FileId,
        package: DefId,
        path: &ast::UsePath,
        container: Option<DefId>,
    ) -> Option<DefId> {
        let qualified = path.namespace().is_some();
        let (name, range) = name_ref_of(path.name())?;
        let target = if qualified {
            let foreign = self.resolve_package(file, path)?;
            self.index.top_items.get(&(foreign, name.clone())).copied()
        } else {
            self.index
                .file_aliases
                .get(&(file, name.clone()))
                .copied()
                .or_else(|| self.index.top_items.get(&(package, name.clone())).copied())
        };
        match target {
            Some(target) => self.index.refs.push(Reference {
                file,
                range,
                target,
                kind: RefKind::Path,
                container,
            }),
            None => self.index.unresolved.push(Unresolved {
                file,
                range,
                name,
                kind: UnresolvedKind::Path,
            }),
        }
        target.map(|t| self.index.resolve_alias(t))
    }

    fn finish(mut self) -> NameIndex {
        for (file, package, top_level_use) in std::mem::take(&mut self.top_level_uses) {
            let Some(path) = top_level_use.path() else {
                continue;
            };
            let target = self.resolve_path(file, package, &path, None);
            let alias = name_of(top_level_use.alias());
            match (target, alias) {
                (Some(target), Some(alias)) => {
                    let key = alias.0.clone();
                    let id = self.add_def(
                        DefKind::UseAlias,
                        alias,
                        file,
                        top_level_use.syntax(),
                        Some(package),
                    );
                    self.index.defs[id.0 as usize].alias_of = Some(target);
                    self.index.file_aliases.insert((file, key), id);
                }
                (Some(target), None) => {
                    let name = self.index.defs[target.0 as usize].name.clone();
                    self.index.file_aliases.insert((file, name), target);
                }
                _ => {}
            }
        }
        for pending in std::mem::take(&mut self.paths) {
            self.resolve_path(
                pending.file,
                pending.package,
                &pending.path,
                pending.container,
            );
        }
        // `use` statements can depend on each other (an interface re-exporting a used name),
        // so resolve them to a fixed point.
        let uses = std::mem::take(&mut self.uses);
        let mut interfaces: Vec<Option<DefId>> = Vec::with_capacity(uses.len());
        for pending in &uses {
            let target = pending.statement.path().and_then(|path| {
                self.resolve_path(
                    pending.file,
                    pending.package,
                    &path,
                    Some(pending.container),
                )
            });
            interfaces.push(target);
        }
        let mut done: Vec<Vec<bool>> = uses
            .iter()
            .map(|u| vec![false; u.statement.names().len()])
            .collect();
        loop {
            let mut progress = false;
            for (i, pending) in uses.iter().enumerate() {
                let Some(interface) = interfaces[i] else {
                    continue;
                };
                for (j, use_name) in pending.statement.names().into_iter().enumerate() {
                    if done[i][j] {
                        continue;
                    }
                    let Some((name, range)) = name_ref_of(use_name.name_ref()) else {
                        done[i][j] = true;
                        continue;
                    };
                    let Some(target) = self.index.lookup(interface, &name) else {
                        continue;
                    };
                    done[i][j] = true;
                    progress = true;
                    self.bind_use_name(pending, &use_name, target, range);
                }
            }
            if !progress {
                break;
            }
        }
        for (i, pending) in uses.iter().enumerate() {
            for (j, use_name) in pending.statement.names().into_iter().enumerate() {
                if done[i][j] {
                    continue;
                }
                if let Some((name, range)) = name_ref_of(use_name.name_ref()) {
                    if let Some(interface) = interfaces[i] {
                        self.index.unresolved.push(Unresolved {
                            file: pending.file,
                            range,
                            name: name.clone(),
                            kind: UnresolvedKind::UseItem { interface },
                        });
                    }
                    // An unresolved name still defines the local name, so its uses do not
                    // add more errors; it points nowhere.
                    self.index.uses.push(UseSite {
                        file: pending.file,
                        container: pending.container,
                        statement: pending.statement.syntax().clone(),
                        name_node: use_name.syntax().clone(),
                        local: None,
                    });
                }
            }
        }
        self.resolve_includes();
        for pending in std::mem::take(&mut self.types) {
            self.resolve_types(&pending);
        }
        self.index
    }

    /// Resolves `include` paths, then the names of their `with { a as b }` lists: `a` is a
    /// reference to the named import or export of the included world (as wit-parser matches
    /// it: an item of the world itself or of a world it includes in turn), `b` a new name in
    /// the including world that stands for it.
    fn resolve_includes(&mut self) {
        let includes = std::mem::take(&mut self.includes);
        // First every include's target and new names, so that a world including a world
        // that renames can see the new names.
        let mut renames: Vec<(Option<DefId>, Vec<IncludeRename>)> =
            Vec::with_capacity(includes.len());
        for pending in &includes {
            let target = pending.include.path().and_then(|path| {
                self.resolve_path(pending.file, pending.package, &path, Some(pending.world))
            });
            let target = target.filter(|t| self.index.def(*t).kind == DefKind::World);
            let mut names = Vec::new();
            let mut renamed = Vec::new();
            for include_name in pending.include.names() {
                if let Some((name, _)) = name_ref_of(include_name.name_ref()) {
                    renamed.push(name);
                }
                let alias = name_of(include_name.alias()).map(|alias| {
                    let key = alias.0.clone();
                    let id = self.add_def(
                        DefKind::UseAlias,
                        alias,
                        pending.file,
                        include_name.syntax(),
                        Some(pending.world),
                    );
                    self.index
                        .world_externs
                        .entry((pending.world, key))
                        .or_insert(Some(id));
                    id
                });
                names.push((include_name, alias));
            }
            if let Some(target) = target {
                self.index
                    .world_includes
                    .entry(pending.world)
                    .or_default()
                    .push((target, renamed));
            }
            renames.push((target, names));
        }
        for (pending, (target, names)) in includes.iter().zip(renames) {
            let Some(target) = target else {
                // The path is unresolved (and reported); its names cannot be checked.
                continue;
            };
            for (include_name, alias) in names {
                let Some((name, range)) = name_ref_of(include_name.name_ref()) else {
                    continue;
                };
                match self.index.world_item(target, &name) {
                    IncludedItem::Defined(item) => {
                        self.index.refs.push(Reference {
                            file: pending.file,
                            range,
                            target: item,
                            kind: RefKind::IncludeName,
                            container: Some(pending.world),
                        });
                        if let Some(alias) = alias {
                            self.index.defs[alias.0 as usize].alias_of = Some(item);
                        }
                    }
                    IncludedItem::Label => {}
                    IncludedItem::Missing => self.index.unresolved.push(Unresolved {
                        file: pending.file,
                        range,
                        name,
                        kind: UnresolvedKind::IncludeName { world: target },
                    }),
                }
            }
        }
    }

    fn bind_use_name(
        &mut self,
        pending: &PendingUse,
        use_name: &ast::UseName,
        target: DefId,
        range: TextRange,
    ) {
        let target = self.index.resolve_alias(target);
        self.index.refs.push(Reference {
            file: pending.file,
            range,
            target,
            kind: RefKind::UseItem,
            container: Some(pending.container),
        });
        let local = match name_of(use_name.alias()) {
            Some(alias) => {
                let key = alias.0.clone();
                let id = self.add_def(
                    DefKind::UseAlias,
                    alias,
                    pending.file,
                    use_name.syntax(),
                    Some(pending.container),
                );
                self.index.defs[id.0 as usize].alias_of = Some(target);
                self.index
                    .scopes
                    .entry(pending.container)
                    .or_default()
                    .insert(key, id);
                id
            }
            None => {
                let name = self.index.defs[target.0 as usize].name.clone();
                self.index
                    .scopes
                    .entry(pending.container)
                    .or_default()
                    .entry(name)
                    .or_insert(target);
                target
            }
        };
        self.index.uses.push(UseSite {
            file: pending.file,
            container: pending.container,
            statement: pending.statement.syntax().clone(),
            name_node: use_name.syntax().clone(),
            local: Some(local),
        });
    }

    fn resolve_types(&mut self, pending: &PendingTypes) {
        let wanted = |kind| matches!(kind, SyntaxKind::TYPE_REF | SyntaxKind::HANDLE_TYPE);
        for node in pending.node.descendants_where(wanted) {
            let name_ref = match node.kind() {
                SyntaxKind::TYPE_REF => ast::TypeRef::cast(node).and_then(|t| t.name_ref()),
                SyntaxKind::HANDLE_TYPE => ast::HandleType::cast(node).and_then(|h| h.resource()),
                _ => continue,
            };
            let Some((name, range)) = name_ref_of(name_ref) else {
                continue;
            };
            match self.index.lookup(pending.container, &name) {
                Some(target) => self.index.refs.push(Reference {
                    file: pending.file,
                    range,
                    target,
                    kind: RefKind::Type,
                    container: Some(pending.container),
                }),
                None => self.index.unresolved.push(Unresolved {
                    file: pending.file,
                    range,
                    name,
                    kind: UnresolvedKind::Type {
                        container: pending.container,
                    },
                }),
            }
        }
    }
}

/// What a world imports or exports under a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludedItem {
    /// A function, type, used type, inline interface or renamed include with a definition.
    Defined(DefId),
    /// The label of `label: path`, which has no definition of its own.
    Label,
    /// Nothing of that name.
    Missing,
}

impl NameIndex {
    /// The import or export `name` of `world` as `include world with { name as b }` sees it:
    /// its functions, types (defined or used), inline interfaces and labelled paths, and what
    /// the worlds it includes bring in under their (possibly new) names.
    pub fn world_item(&self, world: DefId, name: &str) -> IncludedItem {
        self.world_item_within(world, name, 0)
    }

    fn world_item_within(&self, world: DefId, name: &str, depth: u32) -> IncludedItem {
        // Include cycles are an error wit-parser reports; stop following them.
        if depth > 16 {
            return IncludedItem::Missing;
        }
        if let Some(id) = self.lookup(world, name) {
            return IncludedItem::Defined(id);
        }
        match self.world_externs.get(&(world, name.to_string())) {
            Some(Some(id)) => return IncludedItem::Defined(*id),
            Some(None) => return IncludedItem::Label,
            None => {}
        }
        for (included, renamed) in self.world_includes.get(&world).into_iter().flatten() {
            if renamed.iter().any(|r| r == name) {
                continue;
            }
            let found = self.world_item_within(*included, name, depth + 1);
            if found != IncludedItem::Missing {
                return found;
            }
        }
        IncludedItem::Missing
    }

    /// Indexes `files` (a package's files first, then its dependencies').
    pub fn build(files: &[IdeFile]) -> NameIndex {
        let split = files
            .iter()
            .position(|file| file.origin != FileOrigin::Package)
            .unwrap_or(files.len());
        let dependencies = NameIndex::extend(NameIndex::default(), &files[split..], split as u32);
        NameIndex::extend(dependencies, &files[..split], 0)
    }

    /// Indexes `files`, whose ids start at `first_id`, on top of `base`: the index of the
    /// files they may refer to. Nothing in `base` refers to `files` (dependencies never
    /// depend on the package that vendors them), so a package's own files can be indexed
    /// again after an edit on top of an unchanged index of its `deps/`.
    pub fn extend(base: NameIndex, files: &[IdeFile], first_id: u32) -> NameIndex {
        let mut builder = Builder {
            index: base,
            ..Builder::default()
        };
        // A file without a `package` header belongs to the package its siblings declare.
        let mut default_package: FxHashMap<FileOrigin, DefId> = FxHashMap::default();
        let mut file_package: Vec<Option<DefId>> = Vec::with_capacity(files.len());
        for (i, file) in files.iter().enumerate() {
            let tree = file.parse.tree();
            let package = tree
                .package_decl()
                .and_then(|decl| decl.package_name())
                .and_then(|name| builder.package_def(&name, FileId(first_id + i as u32)));
            if let Some(package) = package {
                default_package
                    .entry(file.origin.clone())
                    .or_insert(package);
            }
            file_package.push(package);
        }
        for (i, file) in files.iter().enumerate() {
            let id = FileId(first_id + i as u32);
            let package = match file_package[i]
                .or_else(|| default_package.get(&file.origin).copied())
            {
                Some(package) => package,
                None => {
                    // No header anywhere: an anonymous package, so names still resolve.
                    let root = file.parse.syntax_node();
                    let range = TextRange::empty(0);
                    let package =
                        builder.add_def(DefKind::Package, (String::new(), range), id, &root, None);
                    default_package.insert(file.origin.clone(), package);
                    package
                }
            };
            let tree = file.parse.tree();
            builder.items(id, package, tree.items());
        }
        builder.finish()
    }

    /// A definition.
    pub fn def(&self, id: DefId) -> &Definition {
        &self.defs[id.0 as usize]
    }

    /// All definition ids.
    pub fn def_ids(&self) -> impl Iterator<Item = DefId> + '_ {
        (0..self.defs.len()).map(|i| DefId(i as u32))
    }

    /// Follows use aliases to the definition they name.
    pub fn resolve_alias(&self, mut id: DefId) -> DefId {
        for _ in 0..16 {
            match self.def(id).alias_of {
                Some(next) => id = next,
                None => break,
            }
        }
        id
    }

    /// A name visible in an interface or world.
    pub fn lookup(&self, container: DefId, name: &str) -> Option<DefId> {
        self.scopes.get(&container)?.get(name).copied()
    }

    /// Every name visible in an interface or world.
    pub fn scope(&self, container: DefId) -> impl Iterator<Item = (&str, DefId)> {
        self.scopes
            .get(&container)
            .into_iter()
            .flat_map(|scope| scope.iter().map(|(name, id)| (name.as_str(), *id)))
    }

    /// Interfaces and worlds at the top of a package.
    pub fn package_items(&self, package: DefId) -> Vec<DefId> {
        let mut items: Vec<DefId> = self
            .top_items
            .iter()
            .filter(|((p, _), _)| *p == package)
            .map(|(_, id)| *id)
            .collect();
        items.sort();
        items
    }

    /// Every package definition, with its `ns:name` and version.
    pub fn packages(&self) -> impl Iterator<Item = (&str, Option<&str>, DefId)> {
        self.packages
            .iter()
            .map(|(key, version, id)| (key.as_str(), version.as_deref(), *id))
    }

    /// The package a definition belongs to.
    pub fn package_of(&self, mut id: DefId) -> Option<DefId> {
        for _ in 0..16 {
            let def = self.def(id);
            if def.kind == DefKind::Package {
                return Some(id);
            }
            id = def.parent?;
        }
        None
    }

    /// The interface or world directly around a definition.
    pub fn container_of(&self, id: DefId) -> Option<DefId> {
        let mut current = self.def(id).parent;
        while let Some(parent) = current {
            if matches!(self.def(parent).kind, DefKind::Interface | DefKind::World) {
                return Some(parent);
            }
            current = self.def(parent).parent;
        }
        None
    }

    /// The innermost interface or world of `file` whose body contains `offset`.
    pub fn container_at(&self, file: FileId, offset: u32) -> Option<DefId> {
        self.def_ids()
            .filter(|id| {
                let def = self.def(*id);
                def.file == file
                    && matches!(def.kind, DefKind::Interface | DefKind::World)
                    && def.node.text_range().touches(offset)
                    && def.node.text_range().start() < offset
            })
            .min_by_key(|id| self.def(*id).node.text_range().len())
    }

    /// The package the file's items belong to.
    pub fn package_of_file(&self, file: FileId) -> Option<DefId> {
        self.defs
            .iter()
            .position(|def| def.file == file && def.kind != DefKind::Package)
            .and_then(|i| self.package_of(DefId(i as u32)))
            .or_else(|| {
                self.defs
                    .iter()
                    .position(|def| def.file == file && def.kind == DefKind::Package)
                    .map(|i| DefId(i as u32))
            })
    }

    /// The reference under `offset`, if any.
    pub fn reference_at(&self, file: FileId, offset: u32) -> Option<&Reference> {
        self.refs
            .iter()
            .filter(|r| r.file == file && r.range.touches(offset))
            .min_by_key(|r| r.range.len())
    }

    /// The definition whose name is under `offset`, if any.
    pub fn definition_at(&self, file: FileId, offset: u32) -> Option<DefId> {
        self.def_ids()
            .filter(|id| {
                let def = self.def(*id);
                def.file == file && !def.name_range.is_empty() && def.name_range.touches(offset)
            })
            .min_by_key(|id| self.def(*id).name_range.len())
    }

    /// The definition meant at `offset`: the target of a reference, or the definition named
    /// there. Use aliases are returned as they are (see [`NameIndex::resolve_alias`]).
    pub fn target_at(&self, file: FileId, offset: u32) -> Option<DefId> {
        self.reference_at(file, offset)
            .map(|r| r.target)
            .or_else(|| self.definition_at(file, offset))
    }

    /// Every reference to `target`.
    pub fn references_to(&self, target: DefId) -> impl Iterator<Item = &Reference> {
        self.refs.iter().filter(move |r| r.target == target)
    }
}

/// The gates written on an item, as source text (`@since(version = 0.2.0)`, ...).
pub fn gates_of(node: &SyntaxNode) -> Vec<String> {
    node.children()
        .filter_map(ast::Attribute::cast)
        .map(|attribute| attribute.syntax().text().trim().to_string())
        .collect()
}

/// True if the node is an item with a `@deprecated` gate.
pub fn has_deprecated_gate(node: &SyntaxNode) -> bool {
    is_deprecated(node)
}

/// The `HasAttributes` view is used by features that need the parsed gates.
pub fn attributes_of(node: &SyntaxNode) -> Vec<ast::Attribute> {
    ast::TypeDef::cast(node.clone())
        .map(|def| def.attributes())
        .unwrap_or_else(|| node.children().filter_map(ast::Attribute::cast).collect())
}
