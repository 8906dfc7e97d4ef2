//! Rename and prepare-rename: every reference of an item across the package, with `use ... as`
//! aliases kept correct. Items defined under `deps/` are vendored and refused, as are names
//! that are not WIT identifiers and keywords that are not `%`-escaped.

use std::ops::Range;
use std::path::{Path, PathBuf};

use wit_syntax::SyntaxKind;

use crate::ide::index::{DefId, DefKind};
use crate::ide::{FileEdits, Snapshot};

/// Why a rename is refused; the message is shown to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    NothingToRename,
    Vendored { name: String, path: PathBuf },
    NotRenamable(String),
    InvalidName(String),
    Keyword(String),
    AlreadyDefined(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NothingToRename => write!(f, "there is no renamable name at the cursor"),
            RenameError::Vendored { name, path } => write!(
                f,
                "`{name}` is defined in {}, a vendored dependency under deps/; it is not renamed",
                path.display()
            ),
            RenameError::NotRenamable(what) => write!(f, "{what} cannot be renamed here"),
            RenameError::InvalidName(name) => write!(
                f,
                "`{name}` is not a WIT identifier: use kebab-case words of letters and digits, each starting with a letter (e.g. `my-name`)"
            ),
            RenameError::Keyword(name) => {
                write!(
                    f,
                    "`{name}` is a WIT keyword; write `%{name}` to use it as a name"
                )
            }
            RenameError::AlreadyDefined(name) => {
                write!(f, "`{name}` is already defined in this scope")
            }
        }
    }
}

impl std::error::Error for RenameError {}

/// Checks a WIT identifier: `-`-separated words, each starting with a letter, each all
/// lowercase or all uppercase letters and digits. A leading `%` allows keywords.
pub fn validate_identifier(name: &str) -> Result<(), RenameError> {
    let (escaped, bare) = match name.strip_prefix('%') {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let valid = !bare.is_empty()
        && bare.split('-').all(|word| {
            let mut chars = word.chars();
            let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
            let lower = word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            let upper = word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            starts_with_letter && (lower || upper)
        });
    if !valid {
        return Err(RenameError::InvalidName(name.to_string()));
    }
    if !escaped && SyntaxKind::from_keyword(bare).is_some() {
        return Err(RenameError::Keyword(bare.to_string()));
    }
    Ok(())
}

fn renamable(snapshot: &Snapshot, path: &Path, offset: usize) -> Result<DefId, RenameError> {
    let id = snapshot
        .def_at(path, offset)
        .ok_or(RenameError::NothingToRename)?;
    let def = snapshot.index.def(id);
    match def.kind {
        DefKind::Package => {
            return Err(RenameError::NotRenamable(
                "a package name (edit the `package` header and its users)".to_string(),
            ));
        }
        DefKind::Constructor => return Err(RenameError::NotRenamable("`constructor`".to_string())),
        _ => {}
    }
    if !snapshot.is_package_file(def.file) {
        return Err(RenameError::Vendored {
            name: def.name.clone(),
            path: snapshot.file(def.file).path.clone(),
        });
    }
    Ok(id)
}

/// The range of the name under the cursor and its current text, if it can be renamed.
pub fn prepare_rename(
    snapshot: &Snapshot,
    path: &Path,
    offset: usize,
) -> Result<(Range<usize>, String), RenameError> {
    let id = renamable(snapshot, path, offset)?;
    let file = snapshot.file_id(path).ok_or(RenameError::NothingToRename)?;
    let index = &snapshot.index;
    let range = index
        .reference_at(file, offset as u32)
        .map(|r| r.range)
        .unwrap_or(index.def(id).name_range);
    let text = snapshot
        .file(file)
        .text
        .get(range.to_range())
        .unwrap_or_default()
        .to_string();
    Ok((range.to_range(), text))
}

/// The edits renaming the item under the cursor to `new_name`, by file (sorted).
pub fn rename(
    snapshot: &Snapshot,
    path: &Path,
    offset: usize,
    new_name: &str,
) -> Result<FileEdits, RenameError> {
    validate_identifier(new_name)?;
    let id = renamable(snapshot, path, offset)?;
    let index = &snapshot.index;
    let def = index.def(id);
    let bare = new_name.trim_start_matches('%');
    if bare != def.name {
        let clash = match index.container_of(id) {
            Some(container) if def.parent == Some(container) => {
                index.lookup(container, bare).is_some()
            }
            _ => match def.parent {
                Some(parent) if matches!(def.kind, DefKind::Interface | DefKind::World) => index
                    .package_items(parent)
                    .iter()
                    .any(|item| index.def(*item).name == bare),
                Some(parent) => index.def_ids().any(|other| {
                    index.def(other).parent == Some(parent) && index.def(other).name == bare
                }),
                None => false,
            },
        };
        if clash {
            return Err(RenameError::AlreadyDefined(bare.to_string()));
        }
    }
    Ok(edits_renaming(snapshot, id, new_name, |_| true))
}

/// Where the item that a rename at `offset` would rename is defined: its file and the
/// start of its name. A package that reaches the same file through a linked `deps/`
/// entry renames its own references with [`rename_in_dependent`].
pub fn rename_site(
    snapshot: &Snapshot,
    path: &Path,
    offset: usize,
) -> Result<(PathBuf, usize), RenameError> {
    let id = renamable(snapshot, path, offset)?;
    let def = snapshot.index.def(id);
    Ok((
        snapshot.file(def.file).path.clone(),
        def.name_range.start() as usize,
    ))
}

/// In a package whose `deps/` entry is (a link to) the package where an item is being
/// renamed, the edits to its own files that keep their references pointing at the item:
/// `dependency_file` is that file as this package reaches it and `name_start` where the
/// item's name starts in it. The dependency's files are left alone; they are the renamed
/// package's own files and get their edits from the rename there.
pub fn rename_in_dependent(
    snapshot: &Snapshot,
    dependency_file: &Path,
    name_start: usize,
    new_name: &str,
) -> FileEdits {
    let Some(file) = snapshot.file_id(dependency_file) else {
        return Vec::new();
    };
    let Some(id) = snapshot.index.definition_at(file, name_start as u32) else {
        return Vec::new();
    };
    let mut edits = edits_renaming(snapshot, id, new_name, |file| {
        snapshot.is_package_file(file)
    });
    edits.retain(|(_, list)| !list.is_empty());
    edits
}

/// The definition's name and its references in the files `keep` accepts, by file (sorted).
fn edits_renaming(
    snapshot: &Snapshot,
    id: DefId,
    new_name: &str,
    keep: impl Fn(crate::ide::FileId) -> bool,
) -> FileEdits {
    let index = &snapshot.index;
    let def = index.def(id);
    let mut edits: FileEdits = Vec::new();
    let mut add = |file, range: wit_syntax::TextRange| {
        if !keep(file) {
            return;
        }
        let path = snapshot.file(file).path.clone();
        let edit = (range.to_range(), new_name.to_string());
        match edits.iter_mut().find(|(p, _)| *p == path) {
            Some((_, list)) => {
                if !list.contains(&edit) {
                    list.push(edit);
                }
            }
            None => edits.push((path, vec![edit])),
        }
    };
    add(def.file, def.name_range);
    for reference in index.references_to(id) {
        add(reference.file, reference.range);
    }
    for (_, list) in &mut edits {
        list.sort_by_key(|(range, _)| range.start);
    }
    edits.sort_by(|a, b| a.0.cmp(&b.0));
    edits
}
