//! `SyntaxKind`: the closed set of token and node kinds that make up a WIT syntax tree.

/// The kind of a token (a leaf holding source text) or of a node (an interior element).
///
/// Tokens come first, then nodes; [`SyntaxKind::is_token`] tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(non_camel_case_types)]
#[repr(u8)]
pub enum SyntaxKind {
    // ---- trivia tokens
    /// Spaces, tabs, `\n`, `\r\n`, and a byte-order mark at the start of the file.
    WHITESPACE,
    /// `// ...` up to (not including) the line ending; `///` is a doc comment.
    LINE_COMMENT,
    /// `/* ... */`, nested; `/** ... */` is a doc comment.
    BLOCK_COMMENT,

    // ---- other tokens
    /// A character the lexer does not understand (reported as a syntax error).
    ERROR_TOKEN,
    /// A plain identifier such as `foo-bar`.
    IDENT,
    /// A `%`-escaped identifier such as `%type`.
    EXPLICIT_IDENT,
    /// A run of decimal digits.
    INTEGER,
    /// A `"..."` string literal (only used by `@external-id`).
    STRING,
    /// `=`
    EQ,
    /// `,`
    COMMA,
    /// `:`
    COLON,
    /// `.`
    DOT,
    /// `;`
    SEMICOLON,
    /// `(`
    L_PAREN,
    /// `)`
    R_PAREN,
    /// `{`
    L_BRACE,
    /// `}`
    R_BRACE,
    /// `<`
    L_ANGLE,
    /// `>`
    R_ANGLE,
    /// `->`
    ARROW,
    /// `*`
    STAR,
    /// `@`
    AT,
    /// `/`
    SLASH,
    /// `+`
    PLUS,
    /// `-`
    MINUS,

    // ---- keywords
    USE_KW,
    TYPE_KW,
    FUNC_KW,
    U8_KW,
    U16_KW,
    U32_KW,
    U64_KW,
    S8_KW,
    S16_KW,
    S32_KW,
    S64_KW,
    F32_KW,
    F64_KW,
    CHAR_KW,
    RECORD_KW,
    RESOURCE_KW,
    OWN_KW,
    BORROW_KW,
    FLAGS_KW,
    VARIANT_KW,
    ENUM_KW,
    BOOL_KW,
    STRING_KW,
    OPTION_KW,
    RESULT_KW,
    FUTURE_KW,
    STREAM_KW,
    ERROR_CONTEXT_KW,
    LIST_KW,
    MAP_KW,
    /// `_` (only meaningful in `result<_, E>`).
    UNDERSCORE,
    AS_KW,
    FROM_KW,
    STATIC_KW,
    INTERFACE_KW,
    TUPLE_KW,
    IMPORT_KW,
    EXPORT_KW,
    WORLD_KW,
    PACKAGE_KW,
    CONSTRUCTOR_KW,
    ASYNC_KW,
    INCLUDE_KW,
    WITH_KW,

    /// The end of input; never stored in a tree, only seen by the parser.
    EOF,

    // ---- nodes
    /// The root: every byte of the file.
    SOURCE_FILE,
    /// A node holding tokens the parser could not place, or an empty marker where something is missing.
    ERROR,
    /// `package ns:name@1.0.0;` at the top of a file.
    PACKAGE_DECL,
    /// `package ns:name { ... }`.
    NESTED_PACKAGE,
    /// `ns:name@1.0.0` in a package declaration.
    PACKAGE_NAME,
    /// A semantic version after `@`.
    VERSION,
    /// A name being defined (a single identifier token).
    NAME,
    /// A name being referred to (a single identifier token).
    NAME_REF,
    /// `@since(version = ...)`, `@unstable(feature = ...)`, `@deprecated(version = ...)`, `@external-id("...")`.
    ATTRIBUTE,
    /// `interface name { ... }`.
    INTERFACE,
    /// `world name { ... }`.
    WORLD,
    /// The `{ ... }` body of an interface, a world or an inline interface.
    ITEM_LIST,
    /// `use path as name;` at the top level of a file or package.
    TOP_LEVEL_USE,
    /// `use path.{a, b as c};` in an interface or world.
    USE,
    /// The path after `use`, `import`, `export` or `include`: `iface` or `ns:pkg/iface@1.0.0`.
    USE_PATH,
    /// `{a, b as c}` after `use path.`.
    USE_NAME_LIST,
    /// `a` or `a as b` inside a use list.
    USE_NAME,
    /// `import ...;` in a world.
    IMPORT,
    /// `export ...;` in a world.
    EXPORT,
    /// `include path;` or `include path with { a as b }` in a world.
    INCLUDE,
    /// `{ a as b, ... }` after `include path with`.
    INCLUDE_NAME_LIST,
    /// `a as b` inside an include list.
    INCLUDE_NAME,
    /// `type name = ty;`.
    TYPE_ALIAS,
    /// `record name { ... }`.
    RECORD,
    /// `variant name { ... }`.
    VARIANT,
    /// `enum name { ... }`.
    ENUM,
    /// `flags name { ... }`.
    FLAGS,
    /// `resource name;` or `resource name { ... }`.
    RESOURCE,
    /// The `{ ... }` of a record, variant, enum or flags.
    MEMBER_LIST,
    /// `name: ty` in a record.
    RECORD_FIELD,
    /// `name` or `name(ty)` in a variant.
    VARIANT_CASE,
    /// `name` in an enum.
    ENUM_CASE,
    /// `name` in a flags type.
    FLAG,
    /// The `{ ... }` body of a resource.
    RESOURCE_BODY,
    /// `constructor(params) -> ty;` in a resource.
    CONSTRUCTOR,
    /// `name: [static] [async] func(...) -> ty;` (interface function or resource method).
    NAMED_FUNC,
    /// `[async] func(params) -> ty`.
    FUNC_TYPE,
    /// `(a: ty, b: ty)`.
    PARAM_LIST,
    /// `a: ty` in a parameter list.
    PARAM,
    /// `-> ty` after a parameter list.
    FUNC_RESULT,
    /// `u32`, `string`, `error-context`, ...
    PRIMITIVE_TYPE,
    /// A reference to a named type.
    TYPE_REF,
    /// `list<T>` or `list<T, N>`.
    LIST_TYPE,
    /// `map<K, V>`.
    MAP_TYPE,
    /// `option<T>`.
    OPTION_TYPE,
    /// `result`, `result<T>`, `result<_, E>`, `result<T, E>`.
    RESULT_TYPE,
    /// `tuple<A, B, ...>`.
    TUPLE_TYPE,
    /// `own<R>` or `borrow<R>`.
    HANDLE_TYPE,
    /// `future` or `future<T>`.
    FUTURE_TYPE,
    /// `stream` or `stream<T>`.
    STREAM_TYPE,
    /// `<A, B>` type arguments of `tuple` (other generic types keep their `<`, `>` directly).
    TYPE_ARG_LIST,
}

use SyntaxKind::*;

impl SyntaxKind {
    /// True for tokens (leaves), false for nodes.
    pub fn is_token(self) -> bool {
        (self as u8) < (EOF as u8)
    }

    /// True for whitespace and comments.
    pub fn is_trivia(self) -> bool {
        matches!(self, WHITESPACE | LINE_COMMENT | BLOCK_COMMENT)
    }

    /// True for comments.
    pub fn is_comment(self) -> bool {
        matches!(self, LINE_COMMENT | BLOCK_COMMENT)
    }

    /// True for keywords.
    pub fn is_keyword(self) -> bool {
        (self as u8) >= (USE_KW as u8) && (self as u8) <= (WITH_KW as u8)
    }

    /// The keyword kind for `text`, if `text` is a keyword.
    pub fn from_keyword(text: &str) -> Option<SyntaxKind> {
        let kind = match text {
            "use" => USE_KW,
            "type" => TYPE_KW,
            "func" => FUNC_KW,
            "u8" => U8_KW,
            "u16" => U16_KW,
            "u32" => U32_KW,
            "u64" => U64_KW,
            "s8" => S8_KW,
            "s16" => S16_KW,
            "s32" => S32_KW,
            "s64" => S64_KW,
            "f32" => F32_KW,
            "f64" => F64_KW,
            "char" => CHAR_KW,
            "resource" => RESOURCE_KW,
            "own" => OWN_KW,
            "borrow" => BORROW_KW,
            "record" => RECORD_KW,
            "flags" => FLAGS_KW,
            "variant" => VARIANT_KW,
            "enum" => ENUM_KW,
            "bool" => BOOL_KW,
            "string" => STRING_KW,
            "option" => OPTION_KW,
            "result" => RESULT_KW,
            "future" => FUTURE_KW,
            "stream" => STREAM_KW,
            "error-context" => ERROR_CONTEXT_KW,
            "list" => LIST_KW,
            "map" => MAP_KW,
            "_" => UNDERSCORE,
            "as" => AS_KW,
            "from" => FROM_KW,
            "static" => STATIC_KW,
            "interface" => INTERFACE_KW,
            "tuple" => TUPLE_KW,
            "world" => WORLD_KW,
            "import" => IMPORT_KW,
            "export" => EXPORT_KW,
            "package" => PACKAGE_KW,
            "constructor" => CONSTRUCTOR_KW,
            "include" => INCLUDE_KW,
            "with" => WITH_KW,
            "async" => ASYNC_KW,
            _ => return None,
        };
        Some(kind)
    }

    /// True for the keywords naming a built-in type without parameters (`u32`, `string`, ...).
    pub fn is_primitive_type_keyword(self) -> bool {
        matches!(
            self,
            U8_KW
                | U16_KW
                | U32_KW
                | U64_KW
                | S8_KW
                | S16_KW
                | S32_KW
                | S64_KW
                | F32_KW
                | F64_KW
                | CHAR_KW
                | BOOL_KW
                | STRING_KW
                | ERROR_CONTEXT_KW
        )
    }

    /// A short human description used in error messages, in the style of wit-parser.
    pub fn describe(self) -> &'static str {
        match self {
            WHITESPACE => "whitespace",
            LINE_COMMENT | BLOCK_COMMENT => "a comment",
            ERROR_TOKEN => "an unexpected character",
            IDENT => "an identifier",
            EXPLICIT_IDENT => "an '%' identifier",
            INTEGER => "an integer",
            STRING => "a string literal",
            EQ => "'='",
            COMMA => "','",
            COLON => "':'",
            DOT => "'.'",
            SEMICOLON => "';'",
            L_PAREN => "'('",
            R_PAREN => "')'",
            L_BRACE => "'{'",
            R_BRACE => "'}'",
            L_ANGLE => "'<'",
            R_ANGLE => "'>'",
            ARROW => "`->`",
            STAR => "`*`",
            AT => "`@`",
            SLASH => "`/`",
            PLUS => "`+`",
            MINUS => "`-`",
            EOF => "eof",
            kind if kind.is_keyword() => keyword_description(kind),
            _ => "a syntax node",
        }
    }
}

fn keyword_description(kind: SyntaxKind) -> &'static str {
    match kind {
        USE_KW => "keyword `use`",
        TYPE_KW => "keyword `type`",
        FUNC_KW => "keyword `func`",
        U8_KW => "keyword `u8`",
        U16_KW => "keyword `u16`",
        U32_KW => "keyword `u32`",
        U64_KW => "keyword `u64`",
        S8_KW => "keyword `s8`",
        S16_KW => "keyword `s16`",
        S32_KW => "keyword `s32`",
        S64_KW => "keyword `s64`",
        F32_KW => "keyword `f32`",
        F64_KW => "keyword `f64`",
        CHAR_KW => "keyword `char`",
        RECORD_KW => "keyword `record`",
        RESOURCE_KW => "keyword `resource`",
        OWN_KW => "keyword `own`",
        BORROW_KW => "keyword `borrow`",
        FLAGS_KW => "keyword `flags`",
        VARIANT_KW => "keyword `variant`",
        ENUM_KW => "keyword `enum`",
        BOOL_KW => "keyword `bool`",
        STRING_KW => "keyword `string`",
        OPTION_KW => "keyword `option`",
        RESULT_KW => "keyword `result`",
        FUTURE_KW => "keyword `future`",
        STREAM_KW => "keyword `stream`",
        ERROR_CONTEXT_KW => "keyword `error-context`",
        LIST_KW => "keyword `list`",
        MAP_KW => "keyword `map`",
        UNDERSCORE => "keyword `_`",
        AS_KW => "keyword `as`",
        FROM_KW => "keyword `from`",
        STATIC_KW => "keyword `static`",
        INTERFACE_KW => "keyword `interface`",
        TUPLE_KW => "keyword `tuple`",
        IMPORT_KW => "keyword `import`",
        EXPORT_KW => "keyword `export`",
        WORLD_KW => "keyword `world`",
        PACKAGE_KW => "keyword `package`",
        CONSTRUCTOR_KW => "keyword `constructor`",
        ASYNC_KW => "keyword `async`",
        INCLUDE_KW => "keyword `include`",
        WITH_KW => "keyword `with`",
        _ => "a keyword",
    }
}
