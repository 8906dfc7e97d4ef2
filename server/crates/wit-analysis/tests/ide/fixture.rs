//! Fixtures for feature tests: files separated by `//- /path` headers (paths under the
//! package root `/pkg`; `deps/` entries are dependencies), and a `$0` cursor.

// Each test target uses a different part of the helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use wit_analysis::ide::{Location, Snapshot, SyntaxCache};
use wit_analysis::{DependencySource, FileContents, PackageKind, PackageSources, SourceFile};

pub struct Fixture {
    pub snapshot: Arc<Snapshot>,
    /// The file holding the cursor, and the cursor's byte offset.
    pub cursor: Option<(PathBuf, usize)>,
}

impl Fixture {
    pub fn parse(text: &str) -> Fixture {
        let mut files: Vec<(PathBuf, String)> = Vec::new();
        for chunk in text.split("//- ").filter(|c| !c.trim().is_empty()) {
            let (header, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
            files.push((PathBuf::from(header.trim()), body.to_string()));
        }
        let mut cursor = None;
        for (path, body) in &mut files {
            if let Some(offset) = body.find("$0") {
                body.replace_range(offset..offset + 2, "");
                cursor = Some((path.clone(), offset));
            }
        }
        let root = PathBuf::from("/pkg");
        let mut own = Vec::new();
        let mut deps: Vec<DependencySource> = Vec::new();
        for (path, body) in files {
            let file = SourceFile {
                path: path.clone(),
                contents: FileContents::Text(body.into()),
            };
            let relative = path
                .strip_prefix(&root)
                .expect("fixture paths start with /pkg");
            let mut parts = relative.iter();
            let first = parts.next().and_then(|p| p.to_str()).unwrap_or_default();
            if first != "deps" {
                own.push(file);
                continue;
            }
            let entry = parts.next().map(PathBuf::from).unwrap_or_default();
            if parts.next().is_none() {
                deps.push(DependencySource::WitFile(file));
            } else {
                let entry_path = root.join("deps").join(entry);
                match deps.iter_mut().find(|d| d.path() == entry_path) {
                    Some(DependencySource::Directory { files, .. }) => files.push(file),
                    _ => deps.push(DependencySource::Directory {
                        path: entry_path,
                        files: vec![file],
                    }),
                }
            }
        }
        own.sort_by(|a, b| a.path.cmp(&b.path));
        deps.sort_by(|a, b| a.path().cmp(b.path()));
        let sources = PackageSources {
            root,
            kind: PackageKind::Directory,
            files: own,
            dependencies: deps,
            read_error: None,
        };
        let snapshot = Snapshot::build(&sources, &mut SyntaxCache::default());
        Fixture { snapshot, cursor }
    }

    pub fn cursor(&self) -> (&Path, usize) {
        let (path, offset) = self.cursor.as_ref().expect("the fixture has a $0 cursor");
        (path, *offset)
    }

    pub fn text(&self, path: &Path) -> &str {
        let id = self.snapshot.file_id(path).expect("a fixture file");
        &self.snapshot.file(id).text
    }

    /// `file.wit 10..15 "text"`
    pub fn render_range(&self, path: &Path, range: &std::ops::Range<usize>) -> String {
        let text = self.text(path);
        let shown = path.strip_prefix("/pkg").unwrap_or(path).display();
        let snippet = text.get(range.clone()).unwrap_or("<out of range>");
        let snippet: String = snippet
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(50)
            .collect();
        format!("{shown} {}..{} {snippet:?}", range.start, range.end)
    }

    pub fn render_location(&self, location: &Location) -> String {
        self.render_range(&location.path, &location.range)
    }

    /// One line per edit: the range it replaces and the new text.
    pub fn render_edits(&self, edits: &wit_analysis::ide::FileEdits) -> String {
        edits
            .iter()
            .flat_map(|(path, list)| {
                list.iter()
                    .map(|(range, text)| format!("{} -> {text}", self.render_range(path, range)))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The hovered range and the Markdown shown, or `no hover`.
    pub fn render_hover(
        &self,
        path: &Path,
        hover: Option<wit_analysis::ide::hover::HoverResult>,
    ) -> String {
        match hover {
            Some(result) => format!(
                "{}\n{}",
                self.render_range(path, &result.range),
                result.markdown
            ),
            None => "no hover".to_string(),
        }
    }
}
