//! Typed views over the syntax tree: one wrapper per node kind, with accessors that return
//! `Option`s (a broken file may lack any part) and byte ranges for names.
//!
//! Every wrapper implements [`AstNode`]; items that can carry docs, gates or a name implement
//! [`HasDocs`], [`HasAttributes`] and [`HasName`].

use crate::tree::SyntaxElement;
use crate::{SyntaxKind, SyntaxNode, SyntaxToken, TextRange};
use SyntaxKind::*;

/// A typed view of a [`SyntaxNode`] of a particular kind.
pub trait AstNode: Sized {
    /// True if a node of `kind` can be viewed as `Self`.
    fn can_cast(kind: SyntaxKind) -> bool;
    /// Views `node` as `Self` if its kind fits.
    fn cast(node: SyntaxNode) -> Option<Self>;
    /// The underlying node.
    fn syntax(&self) -> &SyntaxNode;
    /// The node's byte range (docs and gates included for items).
    fn range(&self) -> TextRange {
        self.syntax().text_range()
    }
}

fn child<N: AstNode>(node: &SyntaxNode) -> Option<N> {
    node.first_child_where(N::can_cast).and_then(N::cast)
}

fn children<N: AstNode>(node: &SyntaxNode) -> impl Iterator<Item = N> + use<N> {
    node.children_where(N::can_cast).filter_map(N::cast)
}

macro_rules! ast_node {
    ($(#[$meta:meta])* $name:ident, $kind:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(SyntaxNode);

        impl AstNode for $name {
            fn can_cast(kind: SyntaxKind) -> bool {
                kind == $kind
            }
            fn cast(node: SyntaxNode) -> Option<Self> {
                Self::can_cast(node.kind()).then(|| $name(node))
            }
            fn syntax(&self) -> &SyntaxNode {
                &self.0
            }
        }
    };
}

macro_rules! ast_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[allow(missing_docs)]
                $variant($variant),
            )*
        }

        impl AstNode for $name {
            fn can_cast(kind: SyntaxKind) -> bool {
                false $(|| $variant::can_cast(kind))*
            }
            fn cast(node: SyntaxNode) -> Option<Self> {
                $(
                    if $variant::can_cast(node.kind()) {
                        return $variant::cast(node).map($name::$variant);
                    }
                )*
                None
            }
            fn syntax(&self) -> &SyntaxNode {
                match self {
                    $($name::$variant(n) => n.syntax(),)*
                }
            }
        }
    };
}

/// Nodes that define a name.
pub trait HasName: AstNode {
    /// The defined name, if present.
    fn name(&self) -> Option<Name> {
        child(self.syntax())
    }
}

/// Items that may be preceded by doc comments (`///` lines or `/** */` blocks).
pub trait HasDocs: AstNode {
    /// The doc comment tokens attached to this item, in order.
    fn doc_comments(&self) -> Vec<SyntaxToken> {
        let mut docs = Vec::new();
        for element in self.syntax().children_with_tokens() {
            match element {
                SyntaxElement::Token(token) if token.kind().is_trivia() => {
                    if token.is_doc_comment() {
                        docs.push(token);
                    }
                }
                _ => break,
            }
        }
        docs
    }

    /// The docs as text: comment markers removed, one line per line, `None` without docs.
    fn docs(&self) -> Option<String> {
        let comments = self.doc_comments();
        if comments.is_empty() {
            return None;
        }
        let mut out = String::new();
        for comment in comments {
            let text = comment.text();
            if let Some(line) = text.strip_prefix("///") {
                let line = line.strip_prefix(' ').unwrap_or(line);
                out.push_str(line.trim_end());
                out.push('\n');
            } else if let Some(body) = text.strip_prefix("/**") {
                let body = body.strip_suffix("*/").unwrap_or(body);
                for line in body.lines() {
                    let line = line.trim();
                    let line = line.strip_prefix('*').unwrap_or(line);
                    let line = line.strip_prefix(' ').unwrap_or(line);
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
        }
        let trimmed = out.trim_matches('\n');
        Some(trimmed.to_string())
    }
}

/// Items that may carry gates (`@since`, `@unstable`, `@deprecated`, `@external-id`).
pub trait HasAttributes: AstNode {
    /// The attributes, in source order.
    fn attributes(&self) -> Vec<Attribute> {
        children(self.syntax()).collect()
    }
}

/// The token holding a keyword or punctuation of `kind` directly inside `node`.
fn token(node: &SyntaxNode, kind: SyntaxKind) -> Option<SyntaxToken> {
    node.token_of_kind(kind)
}

ast_node!(
    /// The whole file.
    SourceFile,
    SOURCE_FILE
);
ast_node!(
    /// `package ns:name@version;` at the top of a file.
    PackageDecl,
    PACKAGE_DECL
);
ast_node!(
    /// `package ns:name { ... }`.
    NestedPackage,
    NESTED_PACKAGE
);
ast_node!(
    /// `ns:name@version`.
    PackageName,
    PACKAGE_NAME
);
ast_node!(
    /// A semantic version.
    Version,
    VERSION
);
ast_node!(
    /// A name being defined.
    Name,
    NAME
);
ast_node!(
    /// A name being referred to.
    NameRef,
    NAME_REF
);
ast_node!(
    /// A gate such as `@since(version = 0.2.0)`.
    Attribute,
    ATTRIBUTE
);
ast_node!(
    /// `interface name { ... }`.
    Interface,
    INTERFACE
);
ast_node!(
    /// `world name { ... }`.
    World,
    WORLD
);
ast_node!(
    /// The braced body of an interface, world or inline interface.
    ItemList,
    ITEM_LIST
);
ast_node!(
    /// `use path [as name];` at the top level.
    TopLevelUse,
    TOP_LEVEL_USE
);
ast_node!(
    /// `use path.{a, b as c};` inside an interface or world.
    Use,
    USE
);
ast_node!(
    /// `iface` or `ns:pkg/iface@version`.
    UsePath,
    USE_PATH
);
ast_node!(
    /// `a` or `a as b` in a use list.
    UseName,
    USE_NAME
);
ast_node!(
    /// `import ...;` in a world.
    Import,
    IMPORT
);
ast_node!(
    /// `export ...;` in a world.
    Export,
    EXPORT
);
ast_node!(
    /// `include path [with { a as b }]`.
    Include,
    INCLUDE
);
ast_node!(
    /// `a as b` in an include list.
    IncludeName,
    INCLUDE_NAME
);
ast_node!(
    /// `type name = ty;`.
    TypeAlias,
    TYPE_ALIAS
);
ast_node!(
    /// `record name { ... }`.
    Record,
    RECORD
);
ast_node!(
    /// `variant name { ... }`.
    Variant,
    VARIANT
);
ast_node!(
    /// `enum name { ... }`.
    Enum,
    ENUM
);
ast_node!(
    /// `flags name { ... }`.
    Flags,
    FLAGS
);
ast_node!(
    /// `resource name;` or `resource name { ... }`.
    Resource,
    RESOURCE
);
ast_node!(
    /// The braced member list of a record, variant, enum or flags.
    MemberList,
    MEMBER_LIST
);
ast_node!(
    /// `name: ty` in a record.
    RecordField,
    RECORD_FIELD
);
ast_node!(
    /// `name` or `name(ty)` in a variant.
    VariantCase,
    VARIANT_CASE
);
ast_node!(
    /// `name` in an enum.
    EnumCase,
    ENUM_CASE
);
ast_node!(
    /// `name` in a flags type.
    Flag,
    FLAG
);
ast_node!(
    /// `constructor(params) [-> ty];`.
    Constructor,
    CONSTRUCTOR
);
ast_node!(
    /// `name: [static] [async] func(...) [-> ty];`: an interface function or resource method.
    NamedFunc,
    NAMED_FUNC
);
ast_node!(
    /// `[async] func(params) [-> ty]`.
    FuncType,
    FUNC_TYPE
);
ast_node!(
    /// `(a: ty, ...)`.
    ParamList,
    PARAM_LIST
);
ast_node!(
    /// `a: ty`.
    Param,
    PARAM
);
ast_node!(
    /// `-> ty`.
    FuncResult,
    FUNC_RESULT
);
ast_node!(
    /// `u32`, `string`, `error-context`, ...
    PrimitiveType,
    PRIMITIVE_TYPE
);
ast_node!(
    /// A use of a named type.
    TypeRef,
    TYPE_REF
);
ast_node!(
    /// `list<T>` / `list<T, N>`.
    ListType,
    LIST_TYPE
);
ast_node!(
    /// `map<K, V>`.
    MapType,
    MAP_TYPE
);
ast_node!(
    /// `option<T>`.
    OptionType,
    OPTION_TYPE
);
ast_node!(
    /// `result` in its four forms.
    ResultType,
    RESULT_TYPE
);
ast_node!(
    /// `tuple<...>`.
    TupleType,
    TUPLE_TYPE
);
ast_node!(
    /// `own<R>` / `borrow<R>`.
    HandleType,
    HANDLE_TYPE
);
ast_node!(
    /// `future` / `future<T>`.
    FutureType,
    FUTURE_TYPE
);
ast_node!(
    /// `stream` / `stream<T>`.
    StreamType,
    STREAM_TYPE
);

ast_enum!(
    /// A top-level item of a package scope.
    Item {
        Interface,
        World,
        TopLevelUse,
        NestedPackage
    }
);
ast_enum!(
    /// A named type definition (in an interface or a world).
    TypeDef {
        TypeAlias,
        Record,
        Variant,
        Enum,
        Flags,
        Resource
    }
);
ast_enum!(
    /// An item of an interface body.
    InterfaceItem {
        Use,
        TypeAlias,
        Record,
        Variant,
        Enum,
        Flags,
        Resource,
        NamedFunc
    }
);
ast_enum!(
    /// An item of a world body.
    WorldItem {
        Use,
        Import,
        Export,
        Include,
        TypeAlias,
        Record,
        Variant,
        Enum,
        Flags,
        Resource
    }
);
ast_enum!(
    /// A type expression.
    Type {
        PrimitiveType,
        TypeRef,
        ListType,
        MapType,
        OptionType,
        ResultType,
        TupleType,
        HandleType,
        FutureType,
        StreamType
    }
);
ast_enum!(
    /// A member of a record, variant, enum or flags.
    Member {
        RecordField,
        VariantCase,
        EnumCase,
        Flag
    }
);
ast_enum!(
    /// An item of a resource body.
    ResourceItem { Constructor, NamedFunc }
);

impl SourceFile {
    pub(crate) fn cast_root(node: SyntaxNode) -> SourceFile {
        SourceFile(node)
    }

    /// The `package ns:name;` header, if present.
    pub fn package_decl(&self) -> Option<PackageDecl> {
        child(&self.0)
    }

    /// Top-level items in order (nested packages included, their contents not).
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        children(&self.0)
    }

    /// Top-level interfaces.
    pub fn interfaces(&self) -> impl Iterator<Item = Interface> + '_ {
        children(&self.0)
    }

    /// Top-level worlds.
    pub fn worlds(&self) -> impl Iterator<Item = World> + '_ {
        children(&self.0)
    }
}

impl PackageDecl {
    /// `ns:name@version`.
    pub fn package_name(&self) -> Option<PackageName> {
        child(&self.0)
    }
}
impl HasDocs for PackageDecl {}

impl NestedPackage {
    /// `ns:name@version`.
    pub fn package_name(&self) -> Option<PackageName> {
        child(&self.0)
    }

    /// Items inside the braces.
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        children(&self.0)
    }
}
impl HasDocs for NestedPackage {}
impl HasAttributes for NestedPackage {}

impl PackageName {
    /// The namespace (`wasi` in `wasi:http`).
    pub fn namespace(&self) -> Option<Name> {
        children(&self.0).next()
    }

    /// The package name (`http` in `wasi:http`).
    pub fn name(&self) -> Option<Name> {
        children(&self.0).nth(1)
    }

    /// The version after `@`.
    pub fn version(&self) -> Option<Version> {
        child(&self.0)
    }
}

impl Version {
    /// The version text as written (e.g. `0.2.0-rc-2023-11-10`).
    pub fn text(&self) -> String {
        self.0
            .tokens()
            .filter(|t| !t.kind().is_trivia())
            .map(|t| t.text().to_string())
            .collect()
    }
}

/// The identifier token of a `NAME` or `NAME_REF` node.
fn ident_token(node: &SyntaxNode) -> Option<SyntaxToken> {
    node.first_token_where(|kind| matches!(kind, IDENT | EXPLICIT_IDENT))
}

fn ident_text(node: &SyntaxNode) -> String {
    ident_token(node)
        .map(|t| {
            let text = t.text();
            text.strip_prefix('%').unwrap_or(text).to_string()
        })
        .unwrap_or_default()
}

impl Name {
    /// The name without a leading `%`.
    pub fn text(&self) -> String {
        ident_text(&self.0)
    }

    /// The identifier token.
    pub fn ident_token(&self) -> Option<SyntaxToken> {
        ident_token(&self.0)
    }
}

impl NameRef {
    /// The referenced name without a leading `%`.
    pub fn text(&self) -> String {
        ident_text(&self.0)
    }

    /// The identifier token.
    pub fn ident_token(&self) -> Option<SyntaxToken> {
        ident_token(&self.0)
    }
}

/// What a gate says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttributeKind {
    /// `@since(version = V)`.
    Since,
    /// `@unstable(feature = F)`.
    Unstable,
    /// `@deprecated(version = V)`.
    Deprecated,
    /// `@external-id("...")`.
    ExternalId,
    /// Anything else (a syntax error).
    Unknown(String),
}

impl Attribute {
    /// The attribute name token (`since`, `unstable`, ...).
    pub fn name_token(&self) -> Option<SyntaxToken> {
        ident_token(&self.0)
    }

    /// Which gate this is.
    pub fn kind(&self) -> AttributeKind {
        let name = self.name_token();
        let text = name.as_ref().map(|t| {
            let text = t.text();
            text.strip_prefix('%').unwrap_or(text)
        });
        match text {
            Some("since") => AttributeKind::Since,
            Some("unstable") => AttributeKind::Unstable,
            Some("deprecated") => AttributeKind::Deprecated,
            Some("external-id") => AttributeKind::ExternalId,
            other => AttributeKind::Unknown(other.unwrap_or_default().to_string()),
        }
    }

    /// The version of `@since` / `@deprecated`.
    pub fn version(&self) -> Option<Version> {
        child(&self.0)
    }

    /// The feature of `@unstable`.
    pub fn feature(&self) -> Option<NameRef> {
        child(&self.0)
    }

    /// The string literal token of `@external-id`.
    pub fn string(&self) -> Option<SyntaxToken> {
        token(&self.0, STRING)
    }
}

impl Interface {
    /// The body.
    pub fn item_list(&self) -> Option<ItemList> {
        child(&self.0)
    }

    /// The items in the body.
    pub fn items(&self) -> Vec<InterfaceItem> {
        self.item_list()
            .map(|list| children(&list.0).collect())
            .unwrap_or_default()
    }
}
impl HasName for Interface {}
impl HasDocs for Interface {}
impl HasAttributes for Interface {}

impl World {
    /// The body.
    pub fn item_list(&self) -> Option<ItemList> {
        child(&self.0)
    }

    /// The items in the body.
    pub fn items(&self) -> Vec<WorldItem> {
        self.item_list()
            .map(|list| children(&list.0).collect())
            .unwrap_or_default()
    }
}
impl HasName for World {}
impl HasDocs for World {}
impl HasAttributes for World {}

impl ItemList {
    /// The `{` token.
    pub fn l_brace(&self) -> Option<SyntaxToken> {
        token(&self.0, L_BRACE)
    }

    /// The `}` token (missing in an unclosed body).
    pub fn r_brace(&self) -> Option<SyntaxToken> {
        token(&self.0, R_BRACE)
    }
}

impl TopLevelUse {
    /// The used interface or world.
    pub fn path(&self) -> Option<UsePath> {
        child(&self.0)
    }

    /// The `as` name.
    pub fn alias(&self) -> Option<Name> {
        child(&self.0)
    }
}
impl HasAttributes for TopLevelUse {}
impl HasDocs for TopLevelUse {}

impl Use {
    /// The interface the names come from.
    pub fn path(&self) -> Option<UsePath> {
        child(&self.0)
    }

    /// The imported names.
    pub fn names(&self) -> Vec<UseName> {
        self.0
            .child_of_kind(USE_NAME_LIST)
            .map(|list| children(&list).collect())
            .unwrap_or_default()
    }
}
impl HasAttributes for Use {}
impl HasDocs for Use {}

impl UsePath {
    fn refs(&self) -> Vec<NameRef> {
        children(&self.0).collect()
    }

    /// The namespace of a package-qualified path (`wasi` in `wasi:io/streams`).
    pub fn namespace(&self) -> Option<NameRef> {
        self.token_colon()?;
        self.refs().into_iter().next()
    }

    /// The package of a package-qualified path (`io` in `wasi:io/streams`).
    pub fn package(&self) -> Option<NameRef> {
        self.token_colon()?;
        self.refs().into_iter().nth(1)
    }

    /// The interface or world name (`streams` in `wasi:io/streams`).
    pub fn name(&self) -> Option<NameRef> {
        if self.token_colon().is_some() {
            self.refs().into_iter().nth(2)
        } else {
            self.refs().into_iter().next()
        }
    }

    /// The version of a package-qualified path.
    pub fn version(&self) -> Option<Version> {
        child(&self.0)
    }

    fn token_colon(&self) -> Option<SyntaxToken> {
        token(&self.0, COLON)
    }
}

impl UseName {
    /// The imported name.
    pub fn name_ref(&self) -> Option<NameRef> {
        child(&self.0)
    }

    /// The local name after `as`.
    pub fn alias(&self) -> Option<Name> {
        child(&self.0)
    }
}

/// What an `import` or `export` brings in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternKind {
    /// `name: func(...)`.
    Func(FuncType),
    /// `name: interface { ... }`.
    Interface(ItemList),
    /// `path` or `name: path`.
    Path(UsePath),
}

/// Shared accessors of `import` and `export`.
pub trait ImportOrExport: AstNode {
    /// The label before `:`, if any (functions, inline interfaces, named paths).
    fn label(&self) -> Option<Name> {
        child(self.syntax())
    }

    /// What is imported or exported.
    fn extern_kind(&self) -> Option<ExternKind> {
        self.syntax().children().find_map(|node| match node.kind() {
            FUNC_TYPE => FuncType::cast(node).map(ExternKind::Func),
            ITEM_LIST => ItemList::cast(node).map(ExternKind::Interface),
            USE_PATH => UsePath::cast(node).map(ExternKind::Path),
            _ => None,
        })
    }
}
impl ImportOrExport for Import {}
impl ImportOrExport for Export {}
impl HasDocs for Import {}
impl HasAttributes for Import {}
impl HasDocs for Export {}
impl HasAttributes for Export {}

impl Include {
    /// The included world.
    pub fn path(&self) -> Option<UsePath> {
        child(&self.0)
    }

    /// The `with { a as b }` renames.
    pub fn names(&self) -> Vec<IncludeName> {
        self.0
            .child_of_kind(INCLUDE_NAME_LIST)
            .map(|list| children(&list).collect())
            .unwrap_or_default()
    }
}
impl HasAttributes for Include {}
impl HasDocs for Include {}

impl IncludeName {
    /// The name in the included world.
    pub fn name_ref(&self) -> Option<NameRef> {
        child(&self.0)
    }

    /// The new name.
    pub fn alias(&self) -> Option<Name> {
        child(&self.0)
    }
}

impl TypeAlias {
    /// The aliased type.
    pub fn ty(&self) -> Option<Type> {
        child(&self.0)
    }
}

impl MemberList {
    /// The members in order.
    pub fn members(&self) -> impl Iterator<Item = Member> + '_ {
        children(&self.0)
    }
}

macro_rules! member_list_owner {
    ($($name:ident => $member:ident),*) => {$(
        impl $name {
            /// The braced member list.
            pub fn member_list(&self) -> Option<MemberList> {
                child(&self.0)
            }

            /// The members in order.
            pub fn members(&self) -> Vec<$member> {
                self.member_list()
                    .map(|list| children(&list.0).collect())
                    .unwrap_or_default()
            }
        }
    )*};
}
member_list_owner!(Record => RecordField, Variant => VariantCase, Enum => EnumCase, Flags => Flag);

impl RecordField {
    /// The field type.
    pub fn ty(&self) -> Option<Type> {
        child(&self.0)
    }
}

impl VariantCase {
    /// The payload type, if any.
    pub fn ty(&self) -> Option<Type> {
        child(&self.0)
    }
}

impl Resource {
    /// The methods, static functions and constructors (empty for `resource r;`).
    pub fn items(&self) -> Vec<ResourceItem> {
        self.0
            .child_of_kind(RESOURCE_BODY)
            .map(|body| children(&body).collect())
            .unwrap_or_default()
    }
}

impl Constructor {
    /// The parameters.
    pub fn params(&self) -> Vec<Param> {
        self.0
            .child_of_kind(PARAM_LIST)
            .map(|list| children(&list).collect())
            .unwrap_or_default()
    }

    /// The `-> ty` result.
    pub fn result(&self) -> Option<Type> {
        child::<FuncResult>(&self.0).and_then(|r| r.ty())
    }
}
impl HasDocs for Constructor {}
impl HasAttributes for Constructor {}

impl NamedFunc {
    /// The function type.
    pub fn func_type(&self) -> Option<FuncType> {
        child(&self.0)
    }

    /// True for `static` resource functions.
    pub fn is_static(&self) -> bool {
        token(&self.0, STATIC_KW).is_some()
    }
}

impl FuncType {
    /// True for `async func`.
    pub fn is_async(&self) -> bool {
        token(&self.0, ASYNC_KW).is_some()
    }

    /// The parameters.
    pub fn params(&self) -> Vec<Param> {
        self.0
            .child_of_kind(PARAM_LIST)
            .map(|list| children(&list).collect())
            .unwrap_or_default()
    }

    /// The `-> ty` result.
    pub fn result(&self) -> Option<Type> {
        child::<FuncResult>(&self.0).and_then(|r| r.ty())
    }
}

impl Param {
    /// The parameter type.
    pub fn ty(&self) -> Option<Type> {
        child(&self.0)
    }
}

impl FuncResult {
    /// The result type.
    pub fn ty(&self) -> Option<Type> {
        child(&self.0)
    }
}

impl PrimitiveType {
    /// The keyword token (`u32`, `string`, ...).
    pub fn keyword(&self) -> Option<SyntaxToken> {
        self.0.child_tokens().find(|t| t.kind().is_keyword())
    }
}

impl TypeRef {
    /// The referenced name.
    pub fn name_ref(&self) -> Option<NameRef> {
        child(&self.0)
    }
}

impl ListType {
    /// The element type.
    pub fn element(&self) -> Option<Type> {
        child(&self.0)
    }

    /// The fixed length of `list<T, N>`.
    pub fn fixed_length(&self) -> Option<SyntaxToken> {
        token(&self.0, INTEGER)
    }
}

impl MapType {
    /// The key type.
    pub fn key(&self) -> Option<Type> {
        children(&self.0).next()
    }

    /// The value type.
    pub fn value(&self) -> Option<Type> {
        children(&self.0).nth(1)
    }
}

impl OptionType {
    /// The payload type.
    pub fn inner(&self) -> Option<Type> {
        child(&self.0)
    }
}

impl ResultType {
    /// The ok type (`None` for `result`, `result<_, E>`).
    pub fn ok(&self) -> Option<Type> {
        if token(&self.0, UNDERSCORE).is_some() {
            return None;
        }
        children(&self.0).next()
    }

    /// The error type.
    pub fn err(&self) -> Option<Type> {
        if token(&self.0, UNDERSCORE).is_some() {
            return children(&self.0).next();
        }
        children(&self.0).nth(1)
    }
}

impl TupleType {
    /// The element types.
    pub fn elements(&self) -> Vec<Type> {
        self.0
            .child_of_kind(TYPE_ARG_LIST)
            .map(|list| children(&list).collect())
            .unwrap_or_default()
    }
}

impl HandleType {
    /// True for `borrow<R>`, false for `own<R>`.
    pub fn is_borrow(&self) -> bool {
        token(&self.0, BORROW_KW).is_some()
    }

    /// The resource.
    pub fn resource(&self) -> Option<NameRef> {
        child(&self.0)
    }
}

impl FutureType {
    /// The payload type.
    pub fn inner(&self) -> Option<Type> {
        child(&self.0)
    }
}

impl StreamType {
    /// The payload type.
    pub fn inner(&self) -> Option<Type> {
        child(&self.0)
    }
}

macro_rules! named_item {
    ($($name:ident),*) => {$(
        impl HasName for $name {}
        impl HasDocs for $name {}
        impl HasAttributes for $name {}
    )*};
}
named_item!(
    TypeAlias,
    Record,
    Variant,
    Enum,
    Flags,
    Resource,
    NamedFunc,
    RecordField,
    VariantCase,
    EnumCase,
    Flag,
    Param
);

impl HasName for TypeDef {}
impl HasDocs for TypeDef {}
impl HasAttributes for TypeDef {}
impl HasDocs for InterfaceItem {}
impl HasAttributes for InterfaceItem {}
impl HasDocs for WorldItem {}
impl HasAttributes for WorldItem {}
impl HasDocs for Item {}
impl HasAttributes for Item {}
impl HasName for Member {}
impl HasDocs for Member {}
