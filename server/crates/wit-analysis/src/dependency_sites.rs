//! Where a package uses one of its dependencies, found from the text alone.
//!
//! When a dependency fails to parse there is no resolved model to ask, so this works on the
//! raw text: the package names a dependency declares (`package ns:name`) and the places in
//! the package's own files that name them in a path (`use ns:name/iface.{..}`,
//! `import ns:name/iface@1.0.0;`). Comments are skipped. If the package does not name the
//! broken dependency directly, the places that name a dependency which names it are used.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::source::{DependencySource, PackageSources, SourceFile};

/// A place in the package's own files that uses a dependency.
pub(crate) struct DependencyUseSite {
    pub path: PathBuf,
    pub range: std::ops::Range<usize>,
    /// The dependency package named there, as written (`ns:name`).
    pub package_name: String,
}

pub(crate) fn dependency_use_sites(
    sources: &PackageSources,
    broken: &DependencySource,
) -> Vec<DependencyUseSite> {
    let declared_by = |dependency: &DependencySource| -> Vec<String> {
        dependency
            .files()
            .iter()
            .filter_map(|file| file.contents.text())
            .flat_map(|text| declared_package_names(text))
            .collect()
    };
    // Breadth-first from the broken dependency outwards until the package's own files name
    // one of the packages reached.
    let mut wanted: Vec<String> = declared_by(broken);
    let mut seen: HashSet<String> = wanted.iter().cloned().collect();
    let mut visited_dependencies: HashSet<&std::path::Path> = HashSet::from([broken.path()]);
    loop {
        let sites = references_in(&sources.files, &wanted);
        if !sites.is_empty() || wanted.is_empty() {
            return sites;
        }
        let mut next = Vec::new();
        for dependency in &sources.dependencies {
            if visited_dependencies.contains(dependency.path()) {
                continue;
            }
            if !references_in(dependency.files(), &wanted).is_empty() {
                visited_dependencies.insert(dependency.path());
                for name in declared_by(dependency) {
                    if seen.insert(name.clone()) {
                        next.push(name);
                    }
                }
            }
        }
        wanted = next;
    }
}

fn references_in(files: &[SourceFile], package_names: &[String]) -> Vec<DependencyUseSite> {
    let mut sites = Vec::new();
    for file in files {
        let Some(text) = file.contents.text() else {
            continue;
        };
        let code = blank_comments(text);
        for name in package_names {
            for (start, _) in code.match_indices(name.as_str()) {
                let before = code[..start].chars().next_back();
                if before.is_some_and(is_path_char) {
                    continue;
                }
                let after = code[start + name.len()..].chars().next();
                if !matches!(after, Some('/' | '@')) {
                    continue;
                }
                let mut end = start + name.len();
                for ch in code[end..].chars() {
                    if is_path_char(ch) || ch == '/' || ch == '@' || ch == '.' || ch == '+' {
                        end += ch.len_utf8();
                    } else {
                        break;
                    }
                }
                let trimmed = code[start..end].trim_end_matches('.');
                sites.push(DependencyUseSite {
                    path: file.path.clone(),
                    range: start..start + trimmed.len(),
                    package_name: name.clone(),
                });
            }
        }
    }
    sites.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
    sites
}

fn is_path_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch == '-' || ch == ':' || ch == '%' || ch == '_'
}

/// The package names a file declares, without versions: `package a:b;` and `package a:b { }`.
pub(crate) fn declared_package_names(text: &str) -> Vec<String> {
    let code = blank_comments(text);
    let mut names = Vec::new();
    let mut rest = code.as_str();
    let mut offset = 0;
    while let Some(found) = rest.find("package") {
        let start = offset + found;
        let before = code[..start].chars().next_back();
        let after_keyword = &code[start + "package".len()..];
        offset = start + "package".len();
        rest = after_keyword;
        if before.is_some_and(is_path_char) || !after_keyword.starts_with(char::is_whitespace) {
            continue;
        }
        let name: String = after_keyword
            .trim_start()
            .chars()
            .take_while(|&ch| is_path_char(ch))
            .collect();
        if name.contains(':') {
            names.push(name.trim_start_matches('%').to_string());
        }
    }
    names
}

/// The text with every comment replaced by spaces, so offsets stay valid.
fn blank_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut depth = 0usize;
    let mut copy_from = 0;
    while i < bytes.len() {
        if depth == 0 && bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'/') {
            out.push_str(&text[copy_from..i]);
            let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            out.extend(std::iter::repeat_n(' ', end - i));
            i = end;
            copy_from = i;
        } else if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            if depth == 0 {
                out.push_str(&text[copy_from..i]);
            }
            depth += 1;
            i += 2;
            copy_from = i;
            out.push_str("  ");
        } else if depth > 0 && bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            out.push_str("  ");
            copy_from = i;
        } else {
            if depth > 0 {
                // Keep newlines and the byte length of characters inside block comments.
                out.push(if bytes[i] == b'\n' { '\n' } else { ' ' });
                copy_from = i + 1;
            }
            i += 1;
        }
    }
    if depth == 0 {
        out.push_str(&text[copy_from..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_names_skip_comments_and_versions() {
        let text = "// package x:y;\n/* package a:b */ package wasi:io@0.2.0;\npackage n:m { }";
        assert_eq!(declared_package_names(text), ["wasi:io", "n:m"]);
    }

    #[test]
    fn blanking_keeps_offsets_with_non_ascii_comments() {
        let text = "a /* 注释 */ b // 😀\nc";
        let blanked = blank_comments(text);
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.find('b'), text.find('b'));
        assert_eq!(blanked.find('c'), text.find('c'));
    }
}
