//! The error-tolerant recursive-descent parser: tokens in, tree and errors out.
//!
//! It follows wit-parser 0.254's grammar (`ast.rs`) but never stops at an error: a missing
//! token leaves an empty `ERROR` marker node and an error, unexpected tokens are wrapped in an
//! `ERROR` node, and parsing resumes at the next token that can start an item. Every loop
//! consumes a token or exits, and recursion is bounded (type nesting and package nesting are
//! capped like wit-parser's), so parsing is linear and cannot overflow the stack.

use crate::lexer::LexedToken;
use crate::tree::{TreeBuilder, TreeData, is_doc_comment_text};
use crate::{SyntaxError, SyntaxKind, TextRange};
use SyntaxKind::*;

/// wit-parser's limit on `list<list<...>>` nesting; deeper types are an error.
const MAX_TYPE_DEPTH: u32 = 100;
/// wit-parser's limit on `package a:b { package c:d { ... } }` nesting.
const MAX_PACKAGE_DEPTH: u32 = 100;

/// A set of token kinds (all token kinds fit in 128 bits).
#[derive(Clone, Copy)]
struct TokenSet(u128);

impl TokenSet {
    const fn new(kinds: &[SyntaxKind]) -> TokenSet {
        let mut bits = 0u128;
        let mut i = 0;
        while i < kinds.len() {
            bits |= 1u128 << (kinds[i] as u8);
            i += 1;
        }
        TokenSet(bits)
    }

    const fn union(self, other: TokenSet) -> TokenSet {
        TokenSet(self.0 | other.0)
    }

    fn contains(self, kind: SyntaxKind) -> bool {
        (kind as u8) < 128 && self.0 & (1u128 << (kind as u8)) != 0
    }
}

const IDENTS: TokenSet = TokenSet::new(&[IDENT, EXPLICIT_IDENT]);
const DECL_ITEM_START: TokenSet = TokenSet::new(&[AT, INTERFACE_KW, WORLD_KW, USE_KW, PACKAGE_KW]);
const TYPEDEF_START: TokenSet = TokenSet::new(&[
    TYPE_KW,
    RECORD_KW,
    VARIANT_KW,
    ENUM_KW,
    FLAGS_KW,
    RESOURCE_KW,
]);
const INTERFACE_ITEM_START: TokenSet =
    TokenSet::new(&[AT, USE_KW, IDENT, EXPLICIT_IDENT]).union(TYPEDEF_START);
const WORLD_ITEM_START: TokenSet =
    TokenSet::new(&[AT, USE_KW, IMPORT_KW, EXPORT_KW, INCLUDE_KW]).union(TYPEDEF_START);
const RESOURCE_ITEM_START: TokenSet = TokenSet::new(&[AT, CONSTRUCTOR_KW, IDENT, EXPLICIT_IDENT]);
/// Keywords that can only start an item: seeing one inside a list means the list is unclosed.
const ITEM_KEYWORDS: TokenSet = TokenSet::new(&[
    INTERFACE_KW,
    WORLD_KW,
    PACKAGE_KW,
    USE_KW,
    IMPORT_KW,
    EXPORT_KW,
    INCLUDE_KW,
])
.union(TYPEDEF_START);
const TYPE_START: TokenSet = TokenSet::new(&[
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
    BOOL_KW,
    STRING_KW,
    ERROR_CONTEXT_KW,
    LIST_KW,
    MAP_KW,
    OPTION_KW,
    RESULT_KW,
    TUPLE_KW,
    FUTURE_KW,
    STREAM_KW,
    OWN_KW,
    BORROW_KW,
    IDENT,
    EXPLICIT_IDENT,
]);
/// Where a parenthesised or angle-bracketed list gives up.
const INNER_LIST_STOP: TokenSet =
    TokenSet::new(&[SEMICOLON, L_BRACE, R_BRACE]).union(ITEM_KEYWORDS);
/// Where a braced member list gives up.
const BRACE_LIST_STOP: TokenSet = ITEM_KEYWORDS;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Interface,
    World,
}

pub(crate) struct Parser<'a> {
    text: &'a str,
    raw: Vec<LexedToken>,
    /// Indices into `raw` of the non-trivia tokens.
    significant: Vec<u32>,
    /// The current position in `significant`.
    pos: usize,
    /// The next raw token not yet added to the tree.
    raw_pos: usize,
    builder: TreeBuilder,
    errors: Vec<SyntaxError>,
    last_error_start: Option<u32>,
}

/// Parses a whole file.
pub(crate) fn parse_text(
    text: &str,
    raw: Vec<LexedToken>,
    errors: Vec<SyntaxError>,
) -> (TreeData, Vec<SyntaxError>) {
    let significant = raw
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.kind.is_trivia())
        .map(|(i, _)| i as u32)
        .collect();
    let mut parser = Parser {
        text,
        builder: TreeBuilder::new(raw.len()),
        raw,
        significant,
        pos: 0,
        raw_pos: 0,
        errors,
        last_error_start: None,
    };
    parser.source_file();
    let Parser {
        builder,
        mut errors,
        ..
    } = parser;
    errors.sort_by_key(|e| (e.range.start(), e.range.end()));
    (builder.finish(text.to_string()), errors)
}

impl Parser<'_> {
    // ------------------------------------------------------------------ token cursor

    fn nth(&self, n: usize) -> SyntaxKind {
        self.significant
            .get(self.pos + n)
            .map_or(EOF, |&i| self.raw[i as usize].kind)
    }

    fn current(&self) -> SyntaxKind {
        self.nth(0)
    }

    fn at(&self, kind: SyntaxKind) -> bool {
        self.current() == kind
    }

    fn at_set(&self, set: TokenSet) -> bool {
        set.contains(self.current())
    }

    fn current_range(&self) -> TextRange {
        match self.significant.get(self.pos) {
            Some(&i) => self.raw[i as usize].range,
            None => TextRange::empty(self.text.len() as u32),
        }
    }

    fn current_text(&self) -> &str {
        &self.text[self.current_range().to_range()]
    }

    /// The raw index of the current significant token (or the end of the raw tokens).
    fn current_raw_index(&self) -> usize {
        self.significant
            .get(self.pos)
            .map_or(self.raw.len(), |&i| i as usize)
    }

    fn flush_trivia_until(&mut self, raw_end: usize) {
        while self.raw_pos < raw_end {
            let token = self.raw[self.raw_pos];
            self.builder.token(token.kind, token.range);
            self.raw_pos += 1;
        }
    }

    /// Adds the current token (and the trivia before it) to the open node.
    fn bump(&mut self) {
        if self.pos >= self.significant.len() {
            return;
        }
        let raw_index = self.current_raw_index();
        self.flush_trivia_until(raw_index + 1);
        self.pos += 1;
    }

    fn eat(&mut self, kind: SyntaxKind) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    // ------------------------------------------------------------------ nodes

    /// Opens a node after the pending trivia (which stays in the parent).
    fn start(&mut self, kind: SyntaxKind) -> u32 {
        let raw_index = self.current_raw_index();
        self.flush_trivia_until(raw_index);
        self.builder.start_node(kind)
    }

    /// Opens an item node that takes the comments directly before it (its docs) inside.
    fn start_with_docs(&mut self, kind: SyntaxKind) -> u32 {
        let end = self.current_raw_index();
        let attach_from = self.doc_attach_point(end);
        self.flush_trivia_until(attach_from);
        let node = self.builder.start_node(kind);
        self.flush_trivia_until(end);
        node
    }

    /// Where the leading comments of an item begin: the comments not separated from the item by
    /// a blank line, plus any doc comment since the previous token; but never a comment that
    /// trails the previous token on its line.
    fn doc_attach_point(&self, end: usize) -> usize {
        let start = self.raw_pos;
        let mut attach_from = end;
        let mut i = end;
        while i > start {
            let token = self.raw[i - 1];
            match token.kind {
                WHITESPACE => {
                    let text = &self.text[token.range.to_range()];
                    if text.bytes().filter(|b| *b == b'\n').count() >= 2 {
                        break;
                    }
                }
                LINE_COMMENT | BLOCK_COMMENT => attach_from = i - 1,
                _ => break,
            }
            i -= 1;
        }
        if let Some(first_doc) = (start..attach_from).find(|&j| {
            let t = self.raw[j];
            is_doc_comment_text(t.kind, &self.text[t.range.to_range()])
        }) {
            attach_from = first_doc;
        }
        // A comment on the same line as the previous token belongs to that token's line.
        if start > 0 {
            let mut j = start;
            loop {
                if j >= attach_from {
                    break;
                }
                let t = self.raw[j];
                if t.kind == WHITESPACE && self.text[t.range.to_range()].contains('\n') {
                    break;
                }
                j += 1;
            }
            let first_is_doc = attach_from < end && {
                let t = self.raw[attach_from];
                is_doc_comment_text(t.kind, &self.text[t.range.to_range()])
            };
            if j == attach_from && !first_is_doc {
                // No newline between the previous token and the first attached comment: skip
                // trailing comments up to the first newline (a doc comment stays: wit-parser
                // gives it to the next item wherever it is).
                while attach_from < end {
                    let t = self.raw[attach_from];
                    if t.kind == WHITESPACE && self.text[t.range.to_range()].contains('\n') {
                        break;
                    }
                    attach_from += 1;
                }
                // Then start at the next comment, if any.
                while attach_from < end && self.raw[attach_from].kind == WHITESPACE {
                    attach_from += 1;
                }
            }
        }
        attach_from
    }

    fn finish(&mut self) {
        self.builder.finish_node();
    }

    fn set_kind(&mut self, node: u32, kind: SyntaxKind) {
        self.builder.set_kind(node, kind);
    }

    // ------------------------------------------------------------------ errors

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        // One error per position: later ones are usually consequences of the first.
        if self.last_error_start == Some(range.start()) {
            return;
        }
        // The lexer already reported characters it could not understand.
        if self.current() == ERROR_TOKEN && range == self.current_range() {
            return;
        }
        self.last_error_start = Some(range.start());
        self.errors.push(SyntaxError {
            range,
            message: message.into(),
        });
    }

    /// Reports "expected X, found Y" at the current token and leaves an empty `ERROR` marker.
    fn error_expected(&mut self, expected: &str) {
        let message = format!("expected {expected}, found {}", self.current().describe());
        let range = self.current_range();
        self.error(range, message);
        self.builder.start_node(ERROR);
        self.builder.finish_node();
    }

    fn expect(&mut self, kind: SyntaxKind) -> bool {
        if self.eat(kind) {
            return true;
        }
        self.error_expected(kind.describe());
        false
    }

    /// Expects the contextual word `word` (`version`, `feature`).
    fn expect_word(&mut self, word: &str) -> bool {
        // Like wit-parser, `%version` is the same word as `version`.
        let text = self.current_text();
        if self.at_set(IDENTS) && text.strip_prefix('%').unwrap_or(text) == word {
            self.bump();
            return true;
        }
        self.error_expected(&format!("`{word}`"));
        false
    }

    /// Wraps tokens in an `ERROR` node until a token in `stop` (at least one token is consumed;
    /// a consumed `;` also ends the run).
    fn recover(&mut self, stop: TokenSet, expected: &str) {
        let message = format!("expected {expected}, found {}", self.current().describe());
        let range = self.current_range();
        self.error(range, message);
        self.start(ERROR);
        loop {
            let was_semicolon = self.at(SEMICOLON);
            self.bump();
            if was_semicolon || self.at(EOF) || self.at_set(stop) {
                break;
            }
        }
        self.finish();
    }

    // ------------------------------------------------------------------ names

    /// A `NAME` or `NAME_REF` node around one identifier, validated like wit-parser does.
    fn name(&mut self, kind: SyntaxKind) -> bool {
        if !self.at_set(IDENTS) {
            self.error_expected("an identifier or string");
            return false;
        }
        let range = self.current_range();
        let text = self.current_text();
        let id = text.strip_prefix('%').unwrap_or(text);
        if let Err(message) = validate_id(id) {
            self.error(range, message);
        }
        self.start(kind);
        self.bump();
        self.finish();
        true
    }

    // ------------------------------------------------------------------ file and packages

    fn source_file(&mut self) {
        self.builder.start_node(SOURCE_FILE);
        if self.at(PACKAGE_KW) {
            let node = self.start_with_docs(PACKAGE_DECL);
            self.package_rest(node, 0, true);
            self.finish();
        }
        self.decl_list(0, false);
        let end = self.raw.len();
        self.flush_trivia_until(end);
        self.finish();
    }

    /// Items of a package scope, up to the end of input or (when nested) a `}`.
    fn decl_list(&mut self, depth: u32, nested: bool) {
        loop {
            match self.current() {
                EOF => return,
                R_BRACE if nested => return,
                kind if DECL_ITEM_START.contains(kind) => self.decl_item(depth),
                _ => {
                    let stop = if nested {
                        DECL_ITEM_START.union(TokenSet::new(&[R_BRACE]))
                    } else {
                        DECL_ITEM_START
                    };
                    self.recover(stop, "`world`, `interface` or `use`");
                }
            }
        }
    }

    fn decl_item(&mut self, depth: u32) {
        let node = self.start_with_docs(ERROR);
        let attributes = self.attributes();
        match self.current() {
            INTERFACE_KW => {
                self.set_kind(node, INTERFACE);
                self.bump();
                self.name(NAME);
                self.item_list(Container::Interface);
            }
            WORLD_KW => {
                self.set_kind(node, WORLD);
                self.bump();
                self.name(NAME);
                self.item_list(Container::World);
            }
            USE_KW => {
                self.set_kind(node, TOP_LEVEL_USE);
                self.bump();
                self.use_path();
                if self.eat(AS_KW) {
                    self.name(NAME);
                }
                self.expect(SEMICOLON);
            }
            PACKAGE_KW => {
                if attributes {
                    let range = self.current_range();
                    self.error(range, "cannot place attributes on nested packages");
                }
                self.package_rest(node, depth, false);
            }
            _ => self.error_expected("`world`, `interface` or `use`"),
        }
        self.finish();
    }

    /// `package ns:name@version` then `;` (file header) or `{ ... }` (nested package).
    fn package_rest(&mut self, node: u32, depth: u32, first: bool) {
        let package_range = self.current_range();
        self.bump();
        self.package_name();
        if self.at(L_BRACE) {
            self.set_kind(node, NESTED_PACKAGE);
            if depth >= MAX_PACKAGE_DEPTH {
                self.error(package_range, "package nesting too deep");
                self.skip_balanced_braces();
                return;
            }
            self.bump();
            self.decl_list(depth + 1, true);
            self.expect(R_BRACE);
        } else if first {
            self.set_kind(node, PACKAGE_DECL);
            self.expect(SEMICOLON);
        } else {
            self.set_kind(node, NESTED_PACKAGE);
            self.error_expected(L_BRACE.describe());
        }
    }

    /// Puts a `{ ... }` block, nested braces included, into one `ERROR` node, without recursion.
    fn skip_balanced_braces(&mut self) {
        self.start(ERROR);
        let mut depth = 0u32;
        loop {
            match self.current() {
                EOF => break,
                L_BRACE => depth += 1,
                R_BRACE => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
            if depth == 0 {
                break;
            }
        }
        self.finish();
    }

    fn package_name(&mut self) {
        self.start(PACKAGE_NAME);
        if self.name(NAME) && self.expect(COLON) && self.name(NAME) && self.at(AT) {
            self.bump();
            self.version();
        }
        self.finish();
    }

    /// `major.minor.patch[-pre][+build]`, validated as semver.
    fn version(&mut self) {
        self.start(VERSION);
        let start = self.current_range().start();
        let mut end = start;
        let mut complete = true;
        for kind in [INTEGER, DOT, INTEGER, DOT, INTEGER] {
            end = self.current_range().end();
            if !self.expect(kind) {
                complete = false;
                break;
            }
        }
        if complete {
            for prefix in [MINUS, PLUS] {
                if self.at(prefix) {
                    // Like wit-parser, a lone `-` or `+` is consumed but not part of the version.
                    self.bump();
                    loop {
                        match (self.current(), self.nth(1)) {
                            (IDENT | INTEGER | MINUS, _) => {}
                            (DOT, IDENT | INTEGER | MINUS) => {
                                self.bump();
                            }
                            _ => break,
                        }
                        end = self.current_range().end();
                        self.bump();
                    }
                }
            }
            let text = &self.text[start as usize..end as usize];
            if let Err(message) = validate_semver(text) {
                self.error(TextRange::new(start, end), message);
            }
        }
        self.finish();
    }

    // ------------------------------------------------------------------ attributes

    /// Zero or more `@name(...)` gates; returns whether there was any.
    fn attributes(&mut self) -> bool {
        let mut any = false;
        while self.at(AT) {
            any = true;
            self.start(ATTRIBUTE);
            self.bump();
            if !self.at_set(IDENTS) {
                self.error_expected("an identifier or string");
                self.finish();
                continue;
            }
            let range = self.current_range();
            let text = self.current_text();
            let name = text.strip_prefix('%').unwrap_or(text).to_string();
            self.bump();
            match name.as_str() {
                "since" | "deprecated" => {
                    let _ = self.expect(L_PAREN)
                        && self.expect_word("version")
                        && self.expect(EQ)
                        && {
                            self.version();
                            true
                        }
                        && self.expect(R_PAREN);
                }
                "unstable" => {
                    let _ = self.expect(L_PAREN)
                        && self.expect_word("feature")
                        && self.expect(EQ)
                        && self.name(NAME_REF)
                        && self.expect(R_PAREN);
                }
                "external-id" => {
                    let _ = self.expect(L_PAREN) && self.expect(STRING) && self.expect(R_PAREN);
                }
                other => self.error(range, format!("unknown attribute `{other}`")),
            }
            self.finish();
        }
        any
    }

    // ------------------------------------------------------------------ interfaces and worlds

    /// The `{ ... }` body of an interface, world or inline interface.
    fn item_list(&mut self, container: Container) {
        self.start(ITEM_LIST);
        if !self.expect(L_BRACE) {
            self.finish();
            return;
        }
        let item_start = match container {
            Container::Interface => INTERFACE_ITEM_START,
            Container::World => WORLD_ITEM_START,
        };
        loop {
            match self.current() {
                R_BRACE => {
                    self.bump();
                    break;
                }
                EOF => {
                    self.error_expected(R_BRACE.describe());
                    break;
                }
                kind if item_start.contains(kind) => self.member_item(container),
                INTERFACE_KW | WORLD_KW | PACKAGE_KW => {
                    self.error_expected(R_BRACE.describe());
                    break;
                }
                _ => {
                    let expected = match container {
                        Container::Interface => "`type`, `resource` or `func`",
                        Container::World => {
                            "`import`, `export`, `include`, `use`, or type definition"
                        }
                    };
                    self.recover(
                        item_start.union(TokenSet::new(&[
                            R_BRACE,
                            INTERFACE_KW,
                            WORLD_KW,
                            PACKAGE_KW,
                        ])),
                        expected,
                    );
                }
            }
        }
        self.finish();
    }

    /// One item of an interface or world body.
    fn member_item(&mut self, container: Container) {
        let node = self.start_with_docs(ERROR);
        self.attributes();
        match self.current() {
            USE_KW => {
                self.set_kind(node, USE);
                self.bump();
                self.use_path();
                if self.expect(DOT) {
                    self.comma_list(
                        USE_NAME_LIST,
                        L_BRACE,
                        R_BRACE,
                        IDENTS,
                        BRACE_LIST_STOP,
                        &mut |p| p.use_name(),
                    );
                }
                self.expect(SEMICOLON);
            }
            TYPE_KW => {
                self.set_kind(node, TYPE_ALIAS);
                self.bump();
                if self.name(NAME) && self.expect(EQ) {
                    self.type_expr(0);
                }
                self.expect(SEMICOLON);
            }
            RECORD_KW => self.member_typedef(node, RECORD, RECORD_FIELD),
            VARIANT_KW => self.member_typedef(node, VARIANT, VARIANT_CASE),
            ENUM_KW => self.member_typedef(node, ENUM, ENUM_CASE),
            FLAGS_KW => self.member_typedef(node, FLAGS, FLAG),
            RESOURCE_KW => {
                self.set_kind(node, RESOURCE);
                self.bump();
                self.name(NAME);
                if self.at(L_BRACE) {
                    self.resource_body();
                } else {
                    self.expect(SEMICOLON);
                }
            }
            IDENT | EXPLICIT_IDENT if container == Container::Interface => {
                self.set_kind(node, NAMED_FUNC);
                self.named_func_rest(false);
            }
            IMPORT_KW | EXPORT_KW if container == Container::World => {
                let kind = if self.at(IMPORT_KW) { IMPORT } else { EXPORT };
                self.set_kind(node, kind);
                self.bump();
                self.extern_kind();
            }
            INCLUDE_KW if container == Container::World => {
                self.set_kind(node, INCLUDE);
                self.bump();
                self.use_path();
                if self.eat(WITH_KW) {
                    self.comma_list(
                        INCLUDE_NAME_LIST,
                        L_BRACE,
                        R_BRACE,
                        IDENTS,
                        BRACE_LIST_STOP,
                        &mut |p| p.include_name(),
                    );
                } else {
                    self.expect(SEMICOLON);
                }
            }
            _ => self.error_expected(match container {
                Container::Interface => "`type`, `resource` or `func`",
                Container::World => "`import`, `export`, `include`, `use`, or type definition",
            }),
        }
        self.finish();
    }

    /// `name: [static] [async] func(...) [-> ty];`, starting at the name.
    fn named_func_rest(&mut self, allow_static: bool) {
        self.name(NAME);
        if !self.eat(COLON) {
            self.error_expected(COLON.describe());
            if !self.at_set(TokenSet::new(&[FUNC_KW, ASYNC_KW, STATIC_KW])) {
                return;
            }
        }
        if allow_static {
            self.eat(STATIC_KW);
        }
        if self.func_type() {
            self.expect(SEMICOLON);
        }
    }

    /// `[async] func(params) [-> ty]`; false if there was no `func`.
    fn func_type(&mut self) -> bool {
        self.start(FUNC_TYPE);
        self.eat(ASYNC_KW);
        if !self.expect(FUNC_KW) {
            self.finish();
            return false;
        }
        self.param_list();
        self.func_result();
        self.finish();
        true
    }

    fn param_list(&mut self) {
        self.comma_list(
            PARAM_LIST,
            L_PAREN,
            R_PAREN,
            IDENTS,
            INNER_LIST_STOP,
            &mut |p| {
                p.start_with_docs(PARAM);
                if p.name(NAME) && p.expect(COLON) {
                    p.type_expr(0);
                }
                p.finish();
            },
        );
    }

    fn func_result(&mut self) {
        if self.at(ARROW) {
            self.start(FUNC_RESULT);
            self.bump();
            self.type_expr(0);
            self.finish();
        }
    }

    /// After `import`/`export`: a function, an inline interface, or an interface path.
    fn extern_kind(&mut self) {
        if self.at_set(IDENTS) && self.nth(1) == COLON {
            match self.nth(2) {
                FUNC_KW | ASYNC_KW => {
                    self.name(NAME);
                    self.bump();
                    if self.func_type() {
                        self.expect(SEMICOLON);
                    }
                    return;
                }
                INTERFACE_KW => {
                    self.name(NAME);
                    self.bump();
                    self.bump();
                    self.item_list(Container::Interface);
                    return;
                }
                IDENT | EXPLICIT_IDENT if self.nth(3) == SLASH => {}
                _ => {
                    self.name(NAME);
                    self.bump();
                }
            }
        }
        self.use_path();
        self.expect(SEMICOLON);
    }

    /// `iface` or `ns:pkg/iface[@version]`.
    fn use_path(&mut self) {
        self.start(USE_PATH);
        if self.name(NAME_REF)
            && self.eat(COLON)
            && self.name(NAME_REF)
            && self.expect(SLASH)
            && self.name(NAME_REF)
            && self.eat(AT)
        {
            self.version();
        }
        self.finish();
    }

    fn use_name(&mut self) {
        self.start(USE_NAME);
        if self.name(NAME_REF) && self.eat(AS_KW) {
            self.name(NAME);
        }
        self.finish();
    }

    fn include_name(&mut self) {
        self.start(INCLUDE_NAME);
        let _ = self.name(NAME_REF) && self.expect(AS_KW) && self.name(NAME);
        self.finish();
    }

    // ------------------------------------------------------------------ type definitions

    fn member_typedef(&mut self, node: u32, kind: SyntaxKind, member: SyntaxKind) {
        self.set_kind(node, kind);
        self.bump();
        self.name(NAME);
        self.comma_list(
            MEMBER_LIST,
            L_BRACE,
            R_BRACE,
            IDENTS,
            BRACE_LIST_STOP,
            &mut |p| {
                p.start_with_docs(member);
                let named = p.name(NAME);
                match member {
                    RECORD_FIELD if named && p.expect(COLON) => p.type_expr(0),
                    VARIANT_CASE if named && p.eat(L_PAREN) => {
                        p.type_expr(0);
                        p.expect(R_PAREN);
                    }
                    _ => {}
                }
                p.finish();
            },
        );
    }

    fn resource_body(&mut self) {
        self.start(RESOURCE_BODY);
        self.bump();
        loop {
            match self.current() {
                R_BRACE => {
                    self.bump();
                    break;
                }
                EOF => {
                    self.error_expected(R_BRACE.describe());
                    break;
                }
                kind if RESOURCE_ITEM_START.contains(kind) => self.resource_item(),
                kind if ITEM_KEYWORDS.contains(kind) => {
                    self.error_expected(R_BRACE.describe());
                    break;
                }
                _ => self.recover(
                    RESOURCE_ITEM_START
                        .union(ITEM_KEYWORDS)
                        .union(TokenSet::new(&[R_BRACE])),
                    "`constructor` or identifier",
                ),
            }
        }
        self.finish();
    }

    fn resource_item(&mut self) {
        let node = self.start_with_docs(ERROR);
        self.attributes();
        match self.current() {
            CONSTRUCTOR_KW => {
                self.set_kind(node, CONSTRUCTOR);
                self.bump();
                self.param_list();
                self.func_result();
                self.expect(SEMICOLON);
            }
            IDENT | EXPLICIT_IDENT => {
                self.set_kind(node, NAMED_FUNC);
                self.named_func_rest(true);
            }
            _ => self.error_expected("`constructor` or identifier"),
        }
        self.finish();
    }

    // ------------------------------------------------------------------ lists

    /// `open item, item, ... close` with an optional trailing comma. `item` is called only when
    /// the current token is in `item_first`, and must consume at least that token.
    fn comma_list(
        &mut self,
        kind: SyntaxKind,
        open: SyntaxKind,
        close: SyntaxKind,
        item_first: TokenSet,
        stop: TokenSet,
        item: &mut dyn FnMut(&mut Self),
    ) {
        self.start(kind);
        if !self.expect(open) {
            self.finish();
            return;
        }
        let expected_after = format!("',' or {}", close.describe());
        loop {
            if self.eat(close) {
                break;
            }
            let current = self.current();
            if current == EOF || (stop.contains(current) && !item_first.contains(current)) {
                self.error_expected(close.describe());
                break;
            }
            if item_first.contains(current) {
                item(self);
            } else {
                self.recover(
                    item_first.union(stop).union(TokenSet::new(&[close, COMMA])),
                    "an item",
                );
                self.eat(COMMA);
                continue;
            }
            if self.eat(close) {
                break;
            }
            if self.eat(COMMA) {
                continue;
            }
            let current = self.current();
            if item_first.contains(current) {
                self.error_expected(&expected_after);
                continue;
            }
            if current == EOF || stop.contains(current) {
                self.error_expected(close.describe());
                break;
            }
            self.recover(
                item_first.union(stop).union(TokenSet::new(&[close, COMMA])),
                &expected_after,
            );
            self.eat(COMMA);
        }
        self.finish();
    }

    // ------------------------------------------------------------------ types

    fn type_expr(&mut self, depth: u32) {
        let current = self.current();
        if !TYPE_START.contains(current) {
            self.error_expected("a type");
            return;
        }
        if depth >= MAX_TYPE_DEPTH {
            let range = self.current_range();
            self.error(range, "type nesting too deep");
            self.skip_type();
            return;
        }
        if current.is_primitive_type_keyword() {
            self.start(PRIMITIVE_TYPE);
            self.bump();
            self.finish();
            return;
        }
        match current {
            IDENT | EXPLICIT_IDENT => {
                self.start(TYPE_REF);
                self.name(NAME_REF);
                self.finish();
            }
            LIST_KW => {
                self.start(LIST_TYPE);
                self.bump();
                if self.expect(L_ANGLE) {
                    self.type_expr(depth + 1);
                    if self.eat(COMMA) {
                        if self.at(INTEGER) {
                            if let Err(e) = self.current_text().parse::<u32>() {
                                let range = self.current_range();
                                self.error(range, format!("invalid list size: {e}"));
                            }
                            self.bump();
                        } else {
                            self.error_expected("fixed-length");
                        }
                    }
                    self.expect(R_ANGLE);
                }
                self.finish();
            }
            MAP_KW => {
                self.start(MAP_TYPE);
                self.bump();
                if self.expect(L_ANGLE) {
                    self.type_expr(depth + 1);
                    if self.expect(COMMA) {
                        self.type_expr(depth + 1);
                    }
                    self.expect(R_ANGLE);
                }
                self.finish();
            }
            OPTION_KW => {
                self.start(OPTION_TYPE);
                self.bump();
                if self.expect(L_ANGLE) {
                    self.type_expr(depth + 1);
                    self.expect(R_ANGLE);
                }
                self.finish();
            }
            RESULT_KW => {
                self.start(RESULT_TYPE);
                self.bump();
                if self.eat(L_ANGLE) {
                    if self.eat(UNDERSCORE) {
                        if self.expect(COMMA) {
                            self.type_expr(depth + 1);
                        }
                    } else {
                        self.type_expr(depth + 1);
                        if self.eat(COMMA) {
                            self.type_expr(depth + 1);
                        }
                    }
                    self.expect(R_ANGLE);
                }
                self.finish();
            }
            TUPLE_KW => {
                self.start(TUPLE_TYPE);
                self.bump();
                self.comma_list(
                    TYPE_ARG_LIST,
                    L_ANGLE,
                    R_ANGLE,
                    TYPE_START,
                    INNER_LIST_STOP.union(TokenSet::new(&[R_PAREN])),
                    &mut |p| p.type_expr(depth + 1),
                );
                self.finish();
            }
            FUTURE_KW | STREAM_KW => {
                self.start(if current == FUTURE_KW {
                    FUTURE_TYPE
                } else {
                    STREAM_TYPE
                });
                self.bump();
                if self.eat(L_ANGLE) {
                    self.type_expr(depth + 1);
                    self.expect(R_ANGLE);
                }
                self.finish();
            }
            OWN_KW | BORROW_KW => {
                self.start(HANDLE_TYPE);
                self.bump();
                let _ = self.expect(L_ANGLE) && self.name(NAME_REF) && self.expect(R_ANGLE);
                self.finish();
            }
            _ => self.error_expected("a type"),
        }
    }

    /// Puts an over-deep type into one `ERROR` node, balancing `<` and `>` without recursion.
    fn skip_type(&mut self) {
        self.start(ERROR);
        let mut depth = 0u32;
        loop {
            match self.current() {
                EOF | SEMICOLON | L_BRACE | R_BRACE => break,
                L_ANGLE => depth += 1,
                R_ANGLE if depth == 0 => break,
                R_ANGLE => depth -= 1,
                COMMA | R_PAREN if depth == 0 => break,
                _ => {}
            }
            self.bump();
        }
        self.finish();
    }
}

/// Checks an identifier (without `%`) the way wit-parser does: `-`-separated parts, each
/// non-empty and all lowercase or all uppercase ASCII letters and digits, the first part
/// starting with a letter.
pub(crate) fn validate_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("identifier parts may not be empty".to_string());
    }
    for (index, part) in id.split('-').enumerate() {
        let Some(first) = part.chars().next() else {
            return Err(format!("identifier `{id}` has an empty part"));
        };
        if index == 0 && !first.is_ascii_alphabetic() {
            return Err(format!(
                "invalid character {first:?} at the start of identifier `{id}`"
            ));
        }
        let mut upper = None;
        for ch in part.chars() {
            if ch.is_ascii_digit() {
                continue;
            }
            let is_upper = if ch.is_ascii_uppercase() {
                true
            } else if ch.is_ascii_lowercase() {
                false
            } else {
                return Err(format!("invalid character {ch:?} in identifier `{id}`"));
            };
            match upper {
                None => upper = Some(is_upper),
                Some(u) if u != is_upper => {
                    return Err(format!(
                        "identifier `{id}` mixes upper and lower case in one part"
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// Checks a version string against the semver grammar (as the `semver` crate does).
pub(crate) fn validate_semver(text: &str) -> Result<(), String> {
    let (rest, build) = match text.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (text, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    if numbers.len() != 3 {
        return Err(format!(
            "invalid version `{text}`: expected major.minor.patch"
        ));
    }
    for (number, what) in numbers.iter().zip(["major", "minor", "patch"]) {
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("invalid {what} version number in `{text}`"));
        }
        if number.len() > 1 && number.starts_with('0') {
            return Err(format!("invalid leading zero in {what} version number"));
        }
        if number.parse::<u64>().is_err() {
            return Err(format!("{what} version number in `{text}` is too large"));
        }
    }
    let valid_part = |part: &str| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if let Some(pre) = pre {
        for part in pre.split('.') {
            if !valid_part(part) {
                return Err(format!("invalid pre-release identifier in `{text}`"));
            }
            if part.len() > 1 && part.starts_with('0') && part.bytes().all(|b| b.is_ascii_digit()) {
                return Err("invalid leading zero in pre-release identifier".to_string());
            }
        }
    }
    if let Some(build) = build {
        for part in build.split('.') {
            if !valid_part(part) {
                return Err(format!("invalid build metadata in `{text}`"));
            }
        }
    }
    Ok(())
}
