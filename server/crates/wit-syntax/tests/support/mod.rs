//! Helpers shared by the integration tests: file discovery, wit-parser's verdict, tree checks.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// All `*.wit` files below `dir`, sorted.
pub fn wit_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "wit") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The workspace root (`/work/main` in the project layout).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(3)
        .expect("crate lives at server/crates/wit-syntax")
        .to_path_buf()
}

/// wit-parser's verdict on one file parsed on its own: `Some(message)` if its parser (lexer or
/// AST parser, before name resolution) rejects the file, `None` if it parses (even if it later
/// fails to resolve).
pub fn wit_parser_syntax_error(path: &Path, text: &str) -> Option<String> {
    let (_map, error) = wit_parser::UnresolvedPackageGroup::parse(path, text).err()?;
    is_ast_error(error.kind(), text).then(|| error.to_string())
}

/// Like [`wit_parser_syntax_error`], but `None` when wit-parser itself panics (0.254 does on
/// some malformed inputs, e.g. an empty `/**/` comment before an item).
pub fn wit_parser_verdict(path: &Path, text: &str) -> Option<Option<String>> {
    std::panic::catch_unwind(|| wit_parser_syntax_error(path, text)).ok()
}

/// True for the error kinds wit-parser's lexer and AST parser (`ast.rs`, `ast/lex.rs`) produce,
/// as opposed to checks made while resolving names within the package (`ast/resolve.rs`), which
/// share the `Syntax` kind: they are told apart by the messages only the parser emits.
fn is_ast_error(kind: &wit_parser::ParseErrorKind, text: &str) -> bool {
    match kind {
        wit_parser::ParseErrorKind::Lex(_) => true,
        wit_parser::ParseErrorKind::Syntax { span, message } => {
            let parser_message = message.starts_with("expected ")
                || message.starts_with("unknown attribute")
                || message.starts_with("invalid list size")
                || message == "type nesting too deep"
                || message == "package nesting too deep"
                || message == "cannot place attributes on nested packages";
            // Semver errors are reported on the version's span.
            let version_error = span.is_known()
                && text
                    .get(span.start() as usize..span.end() as usize)
                    .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_digit()));
            parser_message || version_error
        }
        _ => false,
    }
}

/// Checks the lossless property: tokens concatenate to the input, tokens are contiguous, every
/// node's text is the concatenation of its tokens, children lie inside their parents.
pub fn assert_lossless(text: &str, parse: &wit_syntax::Parse) {
    let root = parse.syntax_node();
    assert_eq!(root.text(), text);
    let mut rebuilt = String::with_capacity(text.len());
    let mut offset = 0;
    for token in root.tokens() {
        assert_eq!(token.text_range().start(), offset, "tokens are contiguous");
        offset = token.text_range().end();
        rebuilt.push_str(token.text());
    }
    assert_eq!(rebuilt, text, "tokens rebuild the input");
    for node in root.descendants() {
        if let Some(parent) = node.parent() {
            assert!(parent.text_range().contains_range(node.text_range()));
        }
    }
}

pub mod format_check;
pub mod mutate;
