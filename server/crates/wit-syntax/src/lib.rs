//! wit-syntax: a lossless, error-tolerant syntax tree for WIT, and a comment-preserving formatter.
//!
//! [`parse`] never fails: it returns a tree that covers every byte of the input (comments and
//! whitespace included) and a list of [`SyntaxError`]s with byte ranges. The grammar is the one
//! wit-parser 0.254 accepts. On top of the untyped tree ([`SyntaxNode`], [`SyntaxToken`],
//! [`SyntaxKind`]) the [`ast`] module offers typed views with accessors for names, docs and gates.
//! The [`format`](mod@format) module is the comment-preserving formatter built on the tree.
//!
//! ```
//! use wit_syntax::ast::{AstNode, HasName};
//!
//! let parse = wit_syntax::parse("package a:b;\ninterface i { f: func(); }\n");
//! assert!(parse.errors().is_empty());
//! let file = parse.tree();
//! let interface = file.interfaces().next().unwrap();
//! assert_eq!(interface.name().unwrap().text(), "i");
//! assert_eq!(file.syntax().text(), "package a:b;\ninterface i { f: func(); }\n");
//! ```

pub mod ast;
pub mod format;

mod lexer;
mod parser;
mod syntax_kind;
mod tree;

use std::sync::Arc;

pub use lexer::{LexedToken, lex};
pub use syntax_kind::SyntaxKind;
pub use tree::{SyntaxElement, SyntaxNode, SyntaxToken, TextRange};

/// A syntax error: where it is (UTF-8 byte range) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    /// The byte range the error is about (empty at end of input).
    pub range: TextRange,
    /// A human-readable message such as "expected ';', found keyword `interface`".
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.message, self.range)
    }
}

/// The result of [`parse`]: a tree and the syntax errors found while building it.
#[derive(Clone, Debug)]
pub struct Parse {
    root: SyntaxNode,
    errors: Arc<[SyntaxError]>,
}

impl Parse {
    /// The root node (kind [`SyntaxKind::SOURCE_FILE`]).
    pub fn syntax_node(&self) -> SyntaxNode {
        self.root.clone()
    }

    /// The typed root.
    pub fn tree(&self) -> ast::SourceFile {
        ast::SourceFile::cast_root(self.root.clone())
    }

    /// Syntax errors, sorted by position. Empty for a file wit-parser's parser accepts.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// The parsed text.
    pub fn text(&self) -> &str {
        self.root.source_text()
    }
}

/// Parses WIT source text into a lossless syntax tree. Never panics, never fails.
pub fn parse(text: &str) -> Parse {
    let (tokens, lex_errors) = lexer::lex(text);
    let (tree, errors) = parser::parse_text(text, tokens, lex_errors);
    Parse {
        root: SyntaxNode::new_root(Arc::new(tree)),
        errors: errors.into(),
    }
}
