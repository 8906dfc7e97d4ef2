//! Editor features over a [`Snapshot`]: plain functions taking a file path and UTF-8 byte
//! offsets and returning paths and byte ranges. The LSP layer converts positions and URIs.

pub mod code_actions;
pub mod completion;
pub mod diagnostics;
pub mod hover;
pub mod index;
pub mod inlay_hints;
pub mod links;
pub mod navigation;
pub mod rename;
pub mod snapshot;
pub mod structure;

use std::ops::Range;
use std::path::PathBuf;

use wit_syntax::TextRange;

pub use snapshot::{FileId, FileOrigin, IdeFile, Snapshot, SyntaxCache};

/// Text edits by file: each file's byte ranges and their replacement text.
pub type FileEdits = Vec<(PathBuf, Vec<(Range<usize>, String)>)>;

/// A range in a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub path: PathBuf,
    pub range: Range<usize>,
}

fn to_range(range: TextRange) -> Range<usize> {
    range.to_range()
}

impl Snapshot {
    fn location(&self, file: FileId, range: TextRange) -> Location {
        Location {
            path: self.file(file).path.clone(),
            range: to_range(range),
        }
    }
}

/// The text of an item from its first keyword or name on: docs and gates left out, the
/// indentation of continuation lines made relative to the first line.
pub(crate) fn item_text(node: &wit_syntax::SyntaxNode) -> String {
    let start = node
        .children_with_tokens()
        .find(|element| {
            !element.kind().is_trivia() && element.kind() != wit_syntax::SyntaxKind::ATTRIBUTE
        })
        .map(|element| element.text_range().start())
        .unwrap_or(node.text_range().start());
    let end = node.text_range().end();
    let text = &node.source_text()[start as usize..end as usize];
    let line_start = node.source_text()[..start as usize]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let indent = start as usize - line_start;
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            let leading = line.len() - line.trim_start().len();
            out.push_str(&line[leading.min(indent)..]);
        } else {
            out.push_str(line);
        }
    }
    out.trim_end().to_string()
}
