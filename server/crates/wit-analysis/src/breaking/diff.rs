//! The structural diff of one package against its previous version.
//!
//! The rules are the component model's, as `wit_component::semver_check` applies them:
//!
//! - A package's interfaces are compared as their importers see them: every type and
//!   function of the previous version must still be there with exactly the same type
//!   (records, variants, enums and flags match field by field and case by case, in order,
//!   names included; parameter names are part of a function's type). Additions are fine.
//! - A world is compared as a component built for its previous version sees it: every
//!   import must still be provided, and the new world may not ask for an export the old
//!   one did not have (so an added export, or an item added to an exported interface,
//!   breaks those components, while a removed export does not).
//!
//! Each breaking change is reported once, at the changed item in the new text; an item that
//! is gone is reported at the item that held it.

use std::collections::HashSet;

use wit_parser::{
    Function, FunctionKind, Handle, Interface, InterfaceId, PackageId, Resolve, Span, Type,
    TypeDefKind, TypeId, TypeOwner, World, WorldItem, WorldKey,
};

/// Where a breaking change is reported in the new version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// An item of the new version (its name).
    Span(Span),
    /// The package declaration (for an interface or world that is gone).
    Package,
}

/// One breaking change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakingChange {
    pub site: Site,
    /// What it was and what it is now.
    pub message: String,
}

/// Every breaking change of `new_pkg` in `new` against `old_pkg` in `old`.
pub fn breaking_changes(
    old: &Resolve,
    old_pkg: PackageId,
    new: &Resolve,
    new_pkg: PackageId,
) -> Vec<BreakingChange> {
    let mut diff = Diff {
        old,
        new,
        old_pkg,
        new_pkg,
        changes: Vec::new(),
    };
    diff.package();
    diff.changes
}

struct Diff<'a> {
    old: &'a Resolve,
    new: &'a Resolve,
    old_pkg: PackageId,
    new_pkg: PackageId,
    changes: Vec<BreakingChange>,
}

/// How an interface is used where it is compared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    /// Imported: what the old version had must still be there, unchanged.
    Import,
    /// Exported by a world: the new version may not have anything the old one lacked.
    Export,
}

impl Diff<'_> {
    fn report(&mut self, site: Site, message: String) {
        self.changes.push(BreakingChange { site, message });
    }

    fn package(&mut self) {
        let old_pkg = &self.old.packages[self.old_pkg];
        let new_pkg = &self.new.packages[self.new_pkg];
        for (name, &old_id) in &old_pkg.interfaces {
            match new_pkg.interfaces.get(name) {
                Some(&new_id) => self.interface(old_id, new_id, View::Import, None),
                None => {
                    let renamed = self.renamed_interface(old_id);
                    match renamed {
                        Some(new_id) => {
                            let new_name = self.new.interfaces[new_id].name.clone();
                            let span = self.new.interfaces[new_id].span;
                            self.report(
                                Site::Span(span),
                                format!(
                                    "interface `{name}` was removed; `{}` has the same items (renamed?), but users of `{name}` no longer find it",
                                    new_name.unwrap_or_default()
                                ),
                            );
                        }
                        None => self.report(
                            Site::Package,
                            format!("interface `{name}` was removed from the package"),
                        ),
                    }
                }
            }
        }
        for (name, &old_id) in &old_pkg.worlds {
            match new_pkg.worlds.get(name) {
                Some(&new_id) => self.world(old_id, new_id),
                None => self.report(
                    Site::Package,
                    format!("world `{name}` was removed from the package"),
                ),
            }
        }
    }

    /// A new interface (not in the old package) with the same type and function names as
    /// the removed `old_id`.
    fn renamed_interface(&self, old_id: InterfaceId) -> Option<InterfaceId> {
        let old_iface = &self.old.interfaces[old_id];
        if old_iface.types.is_empty() && old_iface.functions.is_empty() {
            return None;
        }
        let old_names: HashSet<&str> = old_iface
            .types
            .keys()
            .chain(old_iface.functions.keys())
            .map(String::as_str)
            .collect();
        let old_pkg = &self.old.packages[self.old_pkg];
        self.new.packages[self.new_pkg]
            .interfaces
            .iter()
            .filter(|(name, _)| !old_pkg.interfaces.contains_key(*name))
            .map(|(_, &id)| id)
            .find(|&id| {
                let iface = &self.new.interfaces[id];
                let names: HashSet<&str> = iface
                    .types
                    .keys()
                    .chain(iface.functions.keys())
                    .map(String::as_str)
                    .collect();
                names == old_names
            })
    }

    /// Compares two versions of an interface. `at` puts every report at one place (an
    /// interface from another package, reported where a world names it).
    fn interface(
        &mut self,
        old_id: InterfaceId,
        new_id: InterfaceId,
        view: View,
        at: Option<Span>,
    ) {
        let old_iface = &self.old.interfaces[old_id];
        let new_iface = &self.new.interfaces[new_id];
        let iface_name = interface_label(self.new, new_id);
        let site = |span: Span| Site::Span(at.unwrap_or(span));
        // Types first, so a changed type is reported before the functions that use it.
        for (name, &old_ty) in &old_iface.types {
            match new_iface.types.get(name) {
                Some(&new_ty) => self.type_def(old_ty, new_ty, at),
                None if view == View::Import => self.report(
                    site(new_iface.span),
                    format!("type `{name}` was removed from {iface_name}"),
                ),
                None => {}
            }
        }
        for (name, old_func) in &old_iface.functions {
            match new_iface.functions.get(name) {
                Some(new_func) => self.function(old_func, new_func, at),
                None if view == View::Import => {
                    self.removed_function(old_func, old_id, new_iface, &iface_name, at)
                }
                None => {}
            }
        }
        if view == View::Export {
            self.additions(old_id, new_id, at);
        }
    }

    /// What an exported interface gained: components built for the previous version do not
    /// export it.
    fn additions(&mut self, old_id: InterfaceId, new_id: InterfaceId, at: Option<Span>) {
        let old_iface = &self.old.interfaces[old_id];
        let new_iface = &self.new.interfaces[new_id];
        let iface_name = interface_label(self.new, new_id);
        for (name, &new_ty) in &new_iface.types {
            if !old_iface.types.contains_key(name) {
                let span = self.new.types[new_ty].span;
                self.report(
                    Site::Span(at.unwrap_or(span)),
                    format!(
                        "type `{name}` was added to {iface_name}, which a world exports: components built for the previous version do not export it"
                    ),
                );
            }
        }
        for (name, new_func) in &new_iface.functions {
            if !old_iface.functions.contains_key(name) {
                self.report(
                    Site::Span(at.unwrap_or(new_func.span)),
                    format!(
                        "{} was added to {iface_name}, which a world exports: components built for the previous version do not export it",
                        function_label(self.new, new_func)
                    ),
                );
            }
        }
    }

    fn removed_function(
        &mut self,
        old_func: &Function,
        old_iface_id: InterfaceId,
        new_iface: &Interface,
        iface_name: &str,
        at: Option<Span>,
    ) {
        let label = function_label(self.old, old_func);
        // A method that became static (or the other way round) keeps its resource and name.
        let twin = match &old_func.kind {
            FunctionKind::Method(_) | FunctionKind::AsyncMethod(_) => {
                old_func.name.replacen("[method]", "[static]", 1)
            }
            FunctionKind::Static(_) | FunctionKind::AsyncStatic(_) => {
                old_func.name.replacen("[static]", "[method]", 1)
            }
            _ => String::new(),
        };
        if let Some(new_func) = new_iface.functions.get(&twin) {
            let now = if twin.starts_with("[static]") {
                "static"
            } else {
                "a method"
            };
            self.report(
                Site::Span(at.unwrap_or(new_func.span)),
                format!("{label} is now {now}; callers of the previous version break"),
            );
            return;
        }
        // A freestanding function moved to another interface of the package.
        if matches!(
            old_func.kind,
            FunctionKind::Freestanding | FunctionKind::AsyncFreestanding
        ) && at.is_none()
        {
            let moved_to = self.new.packages[self.new_pkg]
                .interfaces
                .values()
                .filter(|&&id| {
                    self.new.interfaces[id].name != self.old.interfaces[old_iface_id].name
                })
                .find_map(|&id| {
                    self.new.interfaces[id]
                        .functions
                        .get(&old_func.name)
                        .map(|f| (id, f.span))
                });
            if let Some((to, span)) = moved_to {
                self.report(
                    Site::Span(span),
                    format!(
                        "{label} moved from {iface_name} to {}; users of {iface_name} no longer find it",
                        interface_label(self.new, to)
                    ),
                );
                return;
            }
        }
        // Report a removed method at its resource when the resource is still there.
        let span = match &old_func.kind {
            FunctionKind::Method(r)
            | FunctionKind::AsyncMethod(r)
            | FunctionKind::Static(r)
            | FunctionKind::AsyncStatic(r)
            | FunctionKind::Constructor(r) => self.old.types[*r]
                .name
                .as_ref()
                .and_then(|name| new_iface.types.get(name))
                .map(|&id| self.new.types[id].span)
                .unwrap_or(new_iface.span),
            _ => new_iface.span,
        };
        self.report(
            Site::Span(at.unwrap_or(span)),
            format!("{label} was removed from {iface_name}"),
        );
    }

    fn function(&mut self, old: &Function, new: &Function, at: Option<Span>) {
        let label = function_label(self.new, new);
        let site = |span: Span| Site::Span(at.unwrap_or(span));
        if old.kind.is_async() != new.kind.is_async() {
            let now = if new.kind.is_async() {
                "is now async"
            } else {
                "is no longer async"
            };
            self.report(site(new.span), format!("{label} {now}"));
        }
        // Methods' implicit `self` is the same on both sides when the names matched.
        let skip = usize::from(matches!(
            new.kind,
            FunctionKind::Method(_) | FunctionKind::AsyncMethod(_)
        ));
        let old_params = old.params.get(skip..).unwrap_or_default();
        let new_params = new.params.get(skip..).unwrap_or_default();
        for (i, new_param) in new_params.iter().enumerate() {
            match old_params.get(i) {
                None => self.report(
                    site(new_param.span),
                    format!(
                        "parameter `{}` was added to {label}; callers of the previous version do not pass it",
                        new_param.name
                    ),
                ),
                Some(old_param) if old_param.name != new_param.name => self.report(
                    site(new_param.span),
                    format!(
                        "parameter `{}` of {label} was renamed from `{}` (parameter names are part of a function's type)",
                        new_param.name, old_param.name
                    ),
                ),
                Some(old_param) => {
                    if !self.same_type(old_param.ty, new_param.ty) {
                        self.report(
                            site(new_param.span),
                            format!(
                                "parameter `{}` of {label} changed type from `{}` to `{}`",
                                new_param.name,
                                type_text(self.old, old_param.ty),
                                type_text(self.new, new_param.ty)
                            ),
                        );
                    }
                }
            }
        }
        for old_param in old_params.iter().skip(new_params.len()) {
            self.report(
                site(new.span),
                format!("parameter `{}` was removed from {label}", old_param.name),
            );
        }
        let same_result = match (old.result, new.result) {
            (None, None) => true,
            (Some(a), Some(b)) => self.same_type(a, b),
            _ => false,
        };
        if !same_result {
            let text = |resolve: &Resolve, ty: Option<Type>| match ty {
                Some(ty) => format!("`{}`", type_text(resolve, ty)),
                None => "nothing".to_string(),
            };
            self.report(
                site(new.span),
                format!(
                    "the result of {label} changed from {} to {}",
                    text(self.old, old.result),
                    text(self.new, new.result)
                ),
            );
        }
    }

    /// Compares two versions of a named type definition.
    fn type_def(&mut self, old_id: TypeId, new_id: TypeId, at: Option<Span>) {
        let old = &self.old.types[old_id];
        let new = &self.new.types[new_id];
        let name = new.name.clone().unwrap_or_default();
        let site = |span: Span| Site::Span(at.unwrap_or(span));
        match (&old.kind, &new.kind) {
            (TypeDefKind::Record(a), TypeDefKind::Record(b)) => {
                let old_items: Vec<(&str, Option<Type>)> = a
                    .fields
                    .iter()
                    .map(|f| (f.name.as_str(), Some(f.ty)))
                    .collect();
                let new_items: Vec<(&str, Option<Type>, Span)> = b
                    .fields
                    .iter()
                    .map(|f| (f.name.as_str(), Some(f.ty), f.span))
                    .collect();
                self.members(
                    "record", "field", &name, new.span, &old_items, &new_items, at,
                );
            }
            (TypeDefKind::Variant(a), TypeDefKind::Variant(b)) => {
                let old_items: Vec<(&str, Option<Type>)> =
                    a.cases.iter().map(|c| (c.name.as_str(), c.ty)).collect();
                let new_items: Vec<(&str, Option<Type>, Span)> = b
                    .cases
                    .iter()
                    .map(|c| (c.name.as_str(), c.ty, c.span))
                    .collect();
                self.members(
                    "variant", "case", &name, new.span, &old_items, &new_items, at,
                );
            }
            (TypeDefKind::Enum(a), TypeDefKind::Enum(b)) => {
                let old_items: Vec<(&str, Option<Type>)> =
                    a.cases.iter().map(|c| (c.name.as_str(), None)).collect();
                let new_items: Vec<(&str, Option<Type>, Span)> = b
                    .cases
                    .iter()
                    .map(|c| (c.name.as_str(), None, c.span))
                    .collect();
                self.members("enum", "case", &name, new.span, &old_items, &new_items, at);
            }
            (TypeDefKind::Flags(a), TypeDefKind::Flags(b)) => {
                let old_items: Vec<(&str, Option<Type>)> =
                    a.flags.iter().map(|f| (f.name.as_str(), None)).collect();
                let new_items: Vec<(&str, Option<Type>, Span)> = b
                    .flags
                    .iter()
                    .map(|f| (f.name.as_str(), None, f.span))
                    .collect();
                self.members("flags", "flag", &name, new.span, &old_items, &new_items, at);
            }
            (TypeDefKind::Resource, TypeDefKind::Resource) => {}
            (TypeDefKind::Type(a), TypeDefKind::Type(b)) => {
                if !self.same_type(*a, *b) {
                    let was = type_text(self.old, *a);
                    let is = type_text(self.new, *b);
                    let message =
                        if is_use_alias(self.new, new_id) || is_use_alias(self.old, old_id) {
                            let was = used_text(self.old, *a);
                            let is = used_text(self.new, *b);
                            format!("`use` of `{name}` changed from `{was}` to `{is}`")
                        } else {
                            format!("type `{name}` changed from `{was}` to `{is}`")
                        };
                    self.report(site(new.span), message);
                }
            }
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => {
                if !self.same_kind(a, b) {
                    self.report(
                        site(new.span),
                        format!(
                            "type `{name}` changed from `{}` to `{}`",
                            kind_text(self.old, a),
                            kind_text(self.new, b)
                        ),
                    );
                }
            }
            (a, b) => {
                // `type t = u32` against `record t {..}` and the like: still compare the
                // shapes, an alias of an equal type is the same type.
                if !self.same_definition(Type::Id(old_id), Type::Id(new_id)) {
                    self.report(
                        site(new.span),
                        format!(
                            "type `{name}` changed from {} to {}",
                            kind_noun(a),
                            kind_noun(b)
                        ),
                    );
                }
            }
        }
    }

    /// Fields, cases or flags: the same names with the same types in the same order.
    #[allow(clippy::too_many_arguments)]
    fn members(
        &mut self,
        what: &str,
        member: &str,
        name: &str,
        span: Span,
        old: &[(&str, Option<Type>)],
        new: &[(&str, Option<Type>, Span)],
        at: Option<Span>,
    ) {
        let site = |span: Span| Site::Span(at.unwrap_or(span));
        let before = self.changes.len();
        for (old_name, _) in old {
            if !new.iter().any(|(n, _, _)| n == old_name) {
                self.report(
                    site(span),
                    format!("{member} `{old_name}` was removed from {what} `{name}`"),
                );
            }
        }
        for (new_name, new_ty, new_span) in new {
            match old.iter().find(|(n, _)| n == new_name) {
                None => self.report(
                    site(*new_span),
                    format!(
                        "{member} `{new_name}` was added to {what} `{name}`; a {what} must match its previous version exactly"
                    ),
                ),
                Some((_, old_ty)) => {
                    let same = match (old_ty, new_ty) {
                        (None, None) => true,
                        (Some(a), Some(b)) => self.same_type(*a, *b),
                        _ => false,
                    };
                    if !same {
                        let text = |resolve: &Resolve, ty: &Option<Type>| match ty {
                            Some(ty) => format!("`{}`", type_text(resolve, *ty)),
                            None => "no payload".to_string(),
                        };
                        self.report(
                            site(*new_span),
                            format!(
                                "{member} `{new_name}` of {what} `{name}` changed from {} to {}",
                                text(self.old, old_ty),
                                text(self.new, new_ty)
                            ),
                        );
                    }
                }
            }
        }
        if self.changes.len() == before {
            let old_order: Vec<&str> = old.iter().map(|(n, _)| *n).collect();
            let new_order: Vec<&str> = new.iter().map(|(n, _, _)| *n).collect();
            if old_order != new_order {
                self.report(
                    site(span),
                    format!(
                        "the {member}s of {what} `{name}` were reordered (was `{}`); their order is part of the type",
                        old_order.join(", ")
                    ),
                );
            }
        }
    }

    fn world(&mut self, old_id: wit_parser::WorldId, new_id: wit_parser::WorldId) {
        let old_world = &self.old.worlds[old_id];
        let new_world = &self.new.worlds[new_id];
        let world_name = new_world.name.clone();
        for (key, old_item) in &old_world.imports {
            let key_name = key_text(self.old, key);
            match find_item(self.new, new_world, &key_name, true) {
                // An interface of the package that is gone was reported at the package.
                None if self.removed_own_interface(old_item) => {}
                None => self.report(
                    Site::Span(new_world.span),
                    format!("import `{key_name}` was removed from world `{world_name}`"),
                ),
                Some(new_item) => {
                    self.world_item(old_item, new_item, View::Import, &key_name, new_world)
                }
            }
        }
        for (key, new_item) in &new_world.exports {
            let key_name = key_text(self.new, key);
            match find_item(self.old, old_world, &key_name, false) {
                None => self.report(
                    Site::Span(new_item.span()),
                    format!(
                        "export `{key_name}` was added to world `{world_name}`: components built for the previous version do not export it"
                    ),
                ),
                Some(old_item) => self.world_item(old_item, new_item, View::Export, &key_name, new_world),
            }
        }
    }

    fn removed_own_interface(&self, old_item: &WorldItem) -> bool {
        let WorldItem::Interface { id, .. } = old_item else {
            return false;
        };
        let iface = &self.old.interfaces[*id];
        iface.package == Some(self.old_pkg)
            && iface.name.as_ref().is_some_and(|name| {
                !self.new.packages[self.new_pkg]
                    .interfaces
                    .contains_key(name)
            })
    }

    fn world_item(
        &mut self,
        old: &WorldItem,
        new: &WorldItem,
        view: View,
        key: &str,
        world: &World,
    ) {
        match (old, new) {
            (WorldItem::Interface { id: a, .. }, WorldItem::Interface { id: b, span, .. }) => {
                let own = self.new.interfaces[*b].package == Some(self.new_pkg)
                    && self.new.interfaces[*b].name.is_some();
                match (own, view) {
                    // The package's own interfaces were compared as importers see them.
                    (true, View::Import) => {}
                    (true, View::Export) => self.additions(*a, *b, None),
                    // Inline interfaces, and interfaces of other packages (reported here,
                    // at the world's import or export).
                    (false, _) if self.new.interfaces[*b].name.is_none() => {
                        self.interface(*a, *b, view, None)
                    }
                    // An interface of another package: its changes are reported at the
                    // world's import or export (or, for one the world pulls in through
                    // another interface, at the world).
                    (false, _) => {
                        let at = if span.is_known() { *span } else { world.span };
                        let before = self.changes.len();
                        self.interface(*a, *b, view, Some(at));
                        let (verb, world_name) = match view {
                            View::Import => ("imports", &world.name),
                            View::Export => ("exports", &world.name),
                        };
                        for change in &mut self.changes[before..] {
                            change.message = format!(
                                "`{key}`, which world `{world_name}` {verb}, changed: {}",
                                change.message
                            );
                        }
                    }
                }
            }
            (WorldItem::Function(a), WorldItem::Function(b)) => self.function(a, b, None),
            (WorldItem::Type { id: a, .. }, WorldItem::Type { id: b, .. }) => {
                self.type_def(*a, *b, None)
            }
            (_, new) => self.report(
                Site::Span(new.span()),
                format!(
                    "`{key}` changed from {} to {}",
                    item_noun(old),
                    item_noun(new)
                ),
            ),
        }
    }

    /// Whether two types are the same to the component model: structurally equal, with
    /// resources compared by name. A named type of the package that exists in both
    /// versions counts as the same here; its own definition is compared where it is
    /// defined, so a change is reported once.
    fn same_type(&self, a: Type, b: Type) -> bool {
        if let (Some(x), Some(y)) = (named_target(self.old, a), named_target(self.new, b))
            && self.owned_by_package(y)
            && qualified_name(self.old, x) == qualified_name(self.new, y)
        {
            return true;
        }
        let a = dealias(self.old, a);
        let b = dealias(self.new, b);
        match (a, b) {
            (Type::Id(a), Type::Id(b)) => {
                let (ta, tb) = (&self.old.types[a], &self.new.types[b]);
                let names = (qualified_name(self.old, a), qualified_name(self.new, b));
                if matches!(ta.kind, TypeDefKind::Resource)
                    || matches!(tb.kind, TypeDefKind::Resource)
                {
                    return matches!(ta.kind, TypeDefKind::Resource)
                        && matches!(tb.kind, TypeDefKind::Resource)
                        && names.0.is_some()
                        && names.0 == names.1;
                }
                if names.0.is_some() && names.0 == names.1 && self.owned_by_package(b) {
                    return true;
                }
                self.same_kind(&ta.kind, &tb.kind)
            }
            (Type::Id(_), _) | (_, Type::Id(_)) => false,
            (a, b) => a == b,
        }
    }

    /// Like `same_type`, but the outermost named types are compared by their definitions.
    fn same_definition(&self, a: Type, b: Type) -> bool {
        match (dealias(self.old, a), dealias(self.new, b)) {
            (Type::Id(a), Type::Id(b)) => {
                let (ta, tb) = (&self.old.types[a], &self.new.types[b]);
                match (&ta.kind, &tb.kind) {
                    (TypeDefKind::Resource, _) | (_, TypeDefKind::Resource) => {
                        self.same_type(Type::Id(a), Type::Id(b))
                    }
                    (ka, kb) => self.same_kind(ka, kb),
                }
            }
            (Type::Id(_), _) | (_, Type::Id(_)) => false,
            (a, b) => a == b,
        }
    }

    fn owned_by_package(&self, id: TypeId) -> bool {
        match self.new.types[id].owner {
            TypeOwner::Interface(i) => self.new.interfaces[i].package == Some(self.new_pkg),
            TypeOwner::World(w) => self.new.worlds[w].package == Some(self.new_pkg),
            TypeOwner::None => false,
        }
    }

    fn same_kind(&self, a: &TypeDefKind, b: &TypeDefKind) -> bool {
        let same_opt = |a: &Option<Type>, b: &Option<Type>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => self.same_type(*a, *b),
            _ => false,
        };
        match (a, b) {
            (TypeDefKind::Record(a), TypeDefKind::Record(b)) => {
                a.fields.len() == b.fields.len()
                    && a.fields
                        .iter()
                        .zip(&b.fields)
                        .all(|(a, b)| a.name == b.name && self.same_type(a.ty, b.ty))
            }
            (TypeDefKind::Variant(a), TypeDefKind::Variant(b)) => {
                a.cases.len() == b.cases.len()
                    && a.cases
                        .iter()
                        .zip(&b.cases)
                        .all(|(a, b)| a.name == b.name && same_opt(&a.ty, &b.ty))
            }
            (TypeDefKind::Enum(a), TypeDefKind::Enum(b)) => {
                a.cases.len() == b.cases.len()
                    && a.cases.iter().zip(&b.cases).all(|(a, b)| a.name == b.name)
            }
            (TypeDefKind::Flags(a), TypeDefKind::Flags(b)) => {
                a.flags.len() == b.flags.len()
                    && a.flags.iter().zip(&b.flags).all(|(a, b)| a.name == b.name)
            }
            (TypeDefKind::Tuple(a), TypeDefKind::Tuple(b)) => {
                a.types.len() == b.types.len()
                    && a.types
                        .iter()
                        .zip(&b.types)
                        .all(|(a, b)| self.same_type(*a, *b))
            }
            (TypeDefKind::Option(a), TypeDefKind::Option(b))
            | (TypeDefKind::List(a), TypeDefKind::List(b))
            | (TypeDefKind::Type(a), TypeDefKind::Type(b)) => self.same_type(*a, *b),
            (TypeDefKind::Result(a), TypeDefKind::Result(b)) => {
                same_opt(&a.ok, &b.ok) && same_opt(&a.err, &b.err)
            }
            (TypeDefKind::Map(ak, av), TypeDefKind::Map(bk, bv)) => {
                self.same_type(*ak, *bk) && self.same_type(*av, *bv)
            }
            (TypeDefKind::FixedLengthList(a, n), TypeDefKind::FixedLengthList(b, m)) => {
                n == m && self.same_type(*a, *b)
            }
            (TypeDefKind::Future(a), TypeDefKind::Future(b))
            | (TypeDefKind::Stream(a), TypeDefKind::Stream(b)) => same_opt(a, b),
            (TypeDefKind::Handle(a), TypeDefKind::Handle(b)) => match (a, b) {
                (Handle::Own(a), Handle::Own(b)) | (Handle::Borrow(a), Handle::Borrow(b)) => {
                    self.same_type(Type::Id(*a), Type::Id(*b))
                }
                _ => false,
            },
            // Resources are compared by name in `same_type`; aliases are followed there.
            _ => false,
        }
    }
}

/// Follows `type a = b` and `use` aliases to the type they name.
fn dealias(resolve: &Resolve, mut ty: Type) -> Type {
    for _ in 0..100 {
        match ty {
            Type::Id(id) => match resolve.types[id].kind {
                TypeDefKind::Type(inner) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// Whether a type definition is a `use` of a type of another interface.
fn is_use_alias(resolve: &Resolve, id: TypeId) -> bool {
    match resolve.types[id].kind {
        TypeDefKind::Type(Type::Id(target)) => {
            resolve.types[target].owner != resolve.types[id].owner
        }
        _ => false,
    }
}

/// What a `use` names: `interface.type` for a type of an interface.
fn used_text(resolve: &Resolve, ty: Type) -> String {
    if let Type::Id(id) = ty
        && let TypeOwner::Interface(owner) = resolve.types[id].owner
        && let Some(iface) = &resolve.interfaces[owner].name
    {
        return format!("{iface}.{}", type_text(resolve, ty));
    }
    type_text(resolve, ty)
}

/// The named type a type refers to: itself, or for `own<r>` (how a resource is passed by
/// value) the resource.
fn named_target(resolve: &Resolve, ty: Type) -> Option<TypeId> {
    let Type::Id(id) = ty else {
        return None;
    };
    match resolve.types[id].kind {
        TypeDefKind::Handle(Handle::Own(resource)) if resolve.types[id].name.is_none() => {
            Some(resource)
        }
        _ => resolve.types[id].name.as_ref().map(|_| id),
    }
}

/// `ns:pkg/interface.type` without the version, for a named type.
fn qualified_name(resolve: &Resolve, id: TypeId) -> Option<String> {
    let ty = &resolve.types[id];
    let name = ty.name.as_ref()?;
    let owner = match ty.owner {
        TypeOwner::Interface(i) => {
            let iface = &resolve.interfaces[i];
            let package = iface
                .package
                .map(|p| {
                    let p = &resolve.packages[p].name;
                    format!("{}:{}", p.namespace, p.name)
                })
                .unwrap_or_default();
            format!("{package}/{}", iface.name.as_deref().unwrap_or("<inline>"))
        }
        TypeOwner::World(w) => format!("world {}", resolve.worlds[w].name),
        TypeOwner::None => String::new(),
    };
    Some(format!("{owner}.{name}"))
}

/// A world item's key as text, without the package version (`ns:pkg/iface` or a plain name).
fn key_text(resolve: &Resolve, key: &WorldKey) -> String {
    match key {
        WorldKey::Name(name) => name.clone(),
        WorldKey::Interface(id) => {
            let iface = &resolve.interfaces[*id];
            match iface.package {
                Some(p) => {
                    let p = &resolve.packages[p].name;
                    format!(
                        "{}:{}/{}",
                        p.namespace,
                        p.name,
                        iface.name.as_deref().unwrap_or_default()
                    )
                }
                None => iface.name.clone().unwrap_or_default(),
            }
        }
    }
}

fn find_item<'w>(
    resolve: &Resolve,
    world: &'w World,
    key: &str,
    imports: bool,
) -> Option<&'w WorldItem> {
    let items = if imports {
        &world.imports
    } else {
        &world.exports
    };
    items
        .iter()
        .find(|(k, _)| key_text(resolve, k) == key)
        .map(|(_, item)| item)
}

fn interface_label(resolve: &Resolve, id: InterfaceId) -> String {
    match &resolve.interfaces[id].name {
        Some(name) => format!("interface `{name}`"),
        None => "the inline interface".to_string(),
    }
}

/// `function \`f\``, `method \`m\` of resource \`r\``, ...
fn function_label(resolve: &Resolve, func: &Function) -> String {
    let resource = |id: &TypeId| resolve.types[*id].name.clone().unwrap_or_default();
    let item = func.item_name();
    match &func.kind {
        FunctionKind::Freestanding | FunctionKind::AsyncFreestanding => {
            format!("function `{item}`")
        }
        FunctionKind::Method(r) | FunctionKind::AsyncMethod(r) => {
            format!("method `{item}` of resource `{}`", resource(r))
        }
        FunctionKind::Static(r) | FunctionKind::AsyncStatic(r) => {
            format!("static function `{item}` of resource `{}`", resource(r))
        }
        FunctionKind::Constructor(r) => format!("the constructor of resource `{}`", resource(r)),
    }
}

fn item_noun(item: &WorldItem) -> &'static str {
    match item {
        WorldItem::Interface { .. } => "an interface",
        WorldItem::Function(_) => "a function",
        WorldItem::Type { .. } => "a type",
    }
}

fn kind_noun(kind: &TypeDefKind) -> &'static str {
    match kind {
        TypeDefKind::Record(_) => "a record",
        TypeDefKind::Resource => "a resource",
        TypeDefKind::Handle(_) => "a handle",
        TypeDefKind::Flags(_) => "flags",
        TypeDefKind::Tuple(_) => "a tuple",
        TypeDefKind::Variant(_) => "a variant",
        TypeDefKind::Enum(_) => "an enum",
        TypeDefKind::Option(_) => "an option",
        TypeDefKind::Result(_) => "a result",
        TypeDefKind::List(_) => "a list",
        TypeDefKind::Map(..) => "a map",
        TypeDefKind::FixedLengthList(..) => "a fixed-length list",
        TypeDefKind::Future(_) => "a future",
        TypeDefKind::Stream(_) => "a stream",
        TypeDefKind::Type(_) => "an alias",
        TypeDefKind::Unknown => "an unknown type",
    }
}

/// A type as WIT text: `u32`, `list<string>`, `option<descriptor>`, `borrow<file>`.
pub(crate) fn type_text(resolve: &Resolve, ty: Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::U8 => "u8".into(),
        Type::U16 => "u16".into(),
        Type::U32 => "u32".into(),
        Type::U64 => "u64".into(),
        Type::S8 => "s8".into(),
        Type::S16 => "s16".into(),
        Type::S32 => "s32".into(),
        Type::S64 => "s64".into(),
        Type::F32 => "f32".into(),
        Type::F64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::ErrorContext => "error-context".into(),
        Type::Id(id) => match &resolve.types[id].name {
            Some(name) => name.clone(),
            None => kind_text(resolve, &resolve.types[id].kind),
        },
    }
}

fn kind_text(resolve: &Resolve, kind: &TypeDefKind) -> String {
    let t = |ty: &Type| type_text(resolve, *ty);
    let opt = |ty: &Option<Type>| ty.as_ref().map(t).unwrap_or_else(|| "_".into());
    match kind {
        TypeDefKind::Option(ty) => format!("option<{}>", t(ty)),
        TypeDefKind::List(ty) => format!("list<{}>", t(ty)),
        TypeDefKind::FixedLengthList(ty, n) => format!("list<{}, {n}>", t(ty)),
        TypeDefKind::Map(k, v) => format!("map<{}, {}>", t(k), t(v)),
        TypeDefKind::Tuple(tuple) => format!(
            "tuple<{}>",
            tuple.types.iter().map(t).collect::<Vec<_>>().join(", ")
        ),
        TypeDefKind::Result(r) => match (&r.ok, &r.err) {
            (None, None) => "result".into(),
            (Some(ok), None) => format!("result<{}>", t(ok)),
            (ok, Some(err)) => format!("result<{}, {}>", opt(ok), t(err)),
        },
        TypeDefKind::Handle(Handle::Own(id)) => type_text(resolve, Type::Id(*id)),
        TypeDefKind::Handle(Handle::Borrow(id)) => {
            format!("borrow<{}>", type_text(resolve, Type::Id(*id)))
        }
        TypeDefKind::Future(ty) => match ty {
            Some(ty) => format!("future<{}>", t(ty)),
            None => "future".into(),
        },
        TypeDefKind::Stream(ty) => match ty {
            Some(ty) => format!("stream<{}>", t(ty)),
            None => "stream".into(),
        },
        TypeDefKind::Type(ty) => t(ty),
        other => kind_noun(other)
            .trim_start_matches("a ")
            .trim_start_matches("an ")
            .into(),
    }
}
