//! Document links: a `use`/`import`/`export`/`include` path links to the file defining its
//! interface or world (e.g. the dep file).

use std::ops::Range;
use std::path::{Path, PathBuf};

use wit_syntax::ast::{self, AstNode};

use crate::ide::Snapshot;
use crate::ide::index::RefKind;

/// Links of a file: the range of each path and the file it points to.
pub fn document_links(snapshot: &Snapshot, path: &Path) -> Vec<(Range<usize>, PathBuf)> {
    let Some(file) = snapshot.file_id(path) else {
        return Vec::new();
    };
    let index = &snapshot.index;
    let root = snapshot.file(file).parse.syntax_node();
    let mut links = Vec::new();
    for use_path in root.descendants().filter_map(ast::UsePath::cast) {
        let range = use_path.syntax().text_range();
        let Some(reference) = index
            .refs
            .iter()
            .find(|r| r.file == file && r.kind == RefKind::Path && range.contains_range(r.range))
        else {
            continue;
        };
        let target = index.def(index.resolve_alias(reference.target));
        if target.file == file {
            continue;
        }
        let trimmed = use_path.syntax().text().trim_end();
        let end = range.start() as usize + trimmed.len();
        links.push((
            range.start() as usize..end,
            snapshot.file(target.file).path.clone(),
        ));
    }
    links
}
