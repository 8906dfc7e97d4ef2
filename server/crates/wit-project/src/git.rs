//! Reading files as they were at a git revision, through `git` itself: the work tree is
//! never touched, so a baseline can be read while the files are being edited.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use crate::load::{EntryKind, FileReader};

/// What one tree entry is.
#[derive(Clone, Debug)]
enum Entry {
    /// A blob, by object id.
    File(String),
    /// A symbolic link, by the blob holding its target.
    Link(String),
}

/// A [`FileReader`] over the tree of one commit, answering for paths in the work tree
/// (`<top>/a/b.wit` reads `a/b.wit` of the commit).
pub struct GitReader {
    top: PathBuf,
    commit: String,
    /// Every entry of the commit's tree, by path relative to `top`.
    entries: HashMap<PathBuf, Entry>,
    /// Every directory of the tree and its children's names.
    directories: HashMap<PathBuf, BTreeSet<String>>,
    blobs: Mutex<HashMap<String, Arc<[u8]>>>,
}

fn git(dir: &Path, args: &[&str]) -> io::Result<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| io::Error::new(error.kind(), format!("cannot run git: {error}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(io::Error::other(
            stderr
                .lines()
                .next()
                .unwrap_or("git failed")
                .trim_start_matches("fatal: ")
                .to_string(),
        ));
    }
    Ok(output.stdout)
}

/// Reads blobs with one `git cat-file --batch`: for each object a header line
/// `<oid> blob <size>`, the contents, and a newline.
fn cat_file_batch(top: &Path, oids: &[&String]) -> io::Result<Vec<(String, Arc<[u8]>)>> {
    use std::io::Write;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("no stdin"))?;
    let input: String = oids.iter().map(|oid| format!("{oid}\n")).collect();
    // Written from another thread: git's output could fill the pipe before it reads all.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| io::Error::other("writer thread failed"))??;
    if !output.status.success() {
        return Err(io::Error::other("git cat-file --batch failed"));
    }
    let bytes = output.stdout;
    let mut blobs = Vec::with_capacity(oids.len());
    let mut at = 0;
    while at < bytes.len() {
        let line_end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|i| at + i)
            .ok_or_else(|| io::Error::other("truncated cat-file header"))?;
        let header = String::from_utf8_lossy(&bytes[at..line_end]).into_owned();
        let mut fields = header.split(' ');
        let (Some(oid), Some("blob"), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(io::Error::other(format!(
                "unexpected cat-file header `{header}`"
            )));
        };
        let size: usize = size
            .parse()
            .map_err(|_| io::Error::other("bad cat-file size"))?;
        let start = line_end + 1;
        let end = start + size;
        let contents = bytes
            .get(start..end)
            .ok_or_else(|| io::Error::other("truncated cat-file contents"))?;
        blobs.push((oid.to_string(), Arc::from(contents)));
        at = end + 1;
    }
    Ok(blobs)
}

/// The directory git runs in for `path`: the path itself, or the directory holding it.
fn directory_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    }
}

/// The top of the work tree holding `path`, and the commit `rev` names there.
fn locate(path: &Path, rev: &str) -> io::Result<(PathBuf, String)> {
    let dir = directory_of(path);
    // One process for both: the top of the work tree, then the commit.
    let spec = format!("{rev}^{{commit}}");
    let output = match git(&dir, &["rev-parse", "--show-toplevel", &spec]) {
        Ok(output) => output,
        // Not a repository: git's own message. Otherwise the revision is unknown.
        Err(_) => {
            let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
            return Err(io::Error::other(format!(
                "no revision `{rev}` in the repository at `{}`",
                String::from_utf8_lossy(&top).trim_end()
            )));
        }
    };
    let text = String::from_utf8_lossy(&output);
    let mut lines = text.lines();
    let (Some(top), Some(commit)) = (lines.next(), lines.next()) else {
        return Err(io::Error::other("unexpected output of git rev-parse"));
    };
    let top = PathBuf::from(top);
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    Ok((top, commit.trim().to_string()))
}

/// The commit `rev` names in the repository holding `path`, without reading its tree: a
/// cheap test of whether a baseline read earlier is still current.
pub fn commit_of(path: &Path, rev: &str) -> io::Result<String> {
    locate(path, rev).map(|(_, commit)| commit)
}

impl GitReader {
    /// The tree of revision `rev` of the repository holding `path` (a path in its work
    /// tree). Fails with git's message when there is no repository or no such revision.
    pub fn open(path: &Path, rev: &str) -> io::Result<GitReader> {
        let (top, commit) = locate(path, rev)?;
        let listing = git(&top, &["ls-tree", "-r", "-z", "--full-tree", &commit])?;
        let mut entries = HashMap::new();
        let mut directories: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
        directories.insert(PathBuf::new(), BTreeSet::new());
        for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split(' ');
            let (mode, kind, oid) = (fields.next(), fields.next(), fields.next());
            let (Some(mode), Some("blob"), Some(oid)) = (mode, kind, oid) else {
                continue;
            };
            let path = PathBuf::from(path);
            let entry = if mode == "120000" {
                Entry::Link(oid.to_string())
            } else {
                Entry::File(oid.to_string())
            };
            // Register the file under each of its ancestors.
            let mut child: &Path = &path;
            while let Some(parent) = child.parent() {
                let name = child
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                directories
                    .entry(parent.to_path_buf())
                    .or_default()
                    .insert(name);
                child = parent;
                if child.as_os_str().is_empty() {
                    break;
                }
            }
            entries.insert(path, entry);
        }
        let reader = GitReader {
            top,
            commit,
            entries,
            directories,
            blobs: Mutex::new(HashMap::new()),
        };
        // One `git cat-file --batch` for the WIT files below `path` (what a package check
        // reads), instead of a process per file; anything else is read on demand.
        if let Some(prefix) = reader.relative(path) {
            reader.preload(&prefix);
        }
        Ok(reader)
    }

    fn preload(&self, prefix: &Path) {
        let wanted: Vec<&String> = self
            .entries
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .filter(|(path, _)| {
                matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("wit" | "wasm" | "wat")
                )
            })
            .filter_map(|(_, entry)| match entry {
                Entry::File(oid) => Some(oid),
                Entry::Link(_) => None,
            })
            .collect();
        if wanted.is_empty() {
            return;
        }
        let Ok(blobs) = cat_file_batch(&self.top, &wanted) else {
            return; // Read one by one instead.
        };
        self.blobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(blobs);
    }

    /// The commit the revision named, as a full object id.
    pub fn commit(&self) -> &str {
        &self.commit
    }

    fn blob(&self, oid: &str) -> io::Result<Arc<[u8]>> {
        if let Some(bytes) = self
            .blobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(oid)
        {
            return Ok(bytes.clone());
        }
        let bytes: Arc<[u8]> = git(&self.top, &["cat-file", "blob", oid])?.into();
        self.blobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(oid.to_string(), bytes.clone());
        Ok(bytes)
    }

    /// The path relative to the top of the work tree, without `.` and `..`.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(path).ok()?;
        // The path as given may go through symlinks of the work tree (`/tmp` on macOS).
        let absolute = match absolute.strip_prefix(&self.top) {
            Ok(_) => absolute,
            Err(_) => canonical_prefix(&absolute)?,
        };
        normalize(absolute.strip_prefix(&self.top).ok()?)
    }

    /// Follows symbolic links of the commit's tree: the path an entry finally names.
    fn follow(&self, relative: &Path) -> io::Result<PathBuf> {
        let mut resolved = PathBuf::new();
        let mut pending: Vec<String> = relative
            .components()
            .rev()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let mut hops = 0;
        while let Some(name) = pending.pop() {
            let candidate = resolved.join(&name);
            match self.entries.get(&candidate) {
                Some(Entry::Link(oid)) => {
                    hops += 1;
                    if hops > 40 {
                        return Err(io::Error::other("too many levels of symbolic links"));
                    }
                    let target = String::from_utf8_lossy(&self.blob(oid)?).into_owned();
                    let joined = resolved.join(&target);
                    let target = normalize(&joined)
                        .ok_or_else(|| io::Error::other("symbolic link leaves the repository"))?;
                    resolved = PathBuf::new();
                    for component in target.components().rev() {
                        pending.push(component.as_os_str().to_string_lossy().into_owned());
                    }
                }
                _ => resolved = candidate,
            }
        }
        Ok(resolved)
    }

    fn kind_of(&self, relative: &Path) -> EntryKind {
        match self.follow(relative) {
            Ok(target) if self.directories.contains_key(&target) => EntryKind::Directory,
            Ok(target) if matches!(self.entries.get(&target), Some(Entry::File(_))) => {
                EntryKind::File
            }
            _ if matches!(self.entries.get(relative), Some(Entry::Link(_))) => {
                EntryKind::BrokenLink
            }
            _ => EntryKind::Other,
        }
    }

    fn not_found(&self, path: &Path) -> io::Error {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "`{}` does not exist at commit {}",
                path.display(),
                &self.commit[..self.commit.len().min(12)]
            ),
        )
    }
}

/// The canonical form of the longest existing prefix of `path`, with the rest appended.
fn canonical_prefix(path: &Path) -> Option<PathBuf> {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?.to_path_buf();
    }
    let mut canonical = std::fs::canonicalize(&existing).ok()?;
    for name in rest.iter().rev() {
        canonical.push(name);
    }
    Some(canonical)
}

/// Removes `.` and resolves `..` lexically; `None` when it climbs above the start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(name) => out.push(name),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

impl FileReader for GitReader {
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        let relative = self.relative(path).ok_or_else(|| self.not_found(path))?;
        let target = self.follow(&relative)?;
        match self.entries.get(&target) {
            Some(Entry::File(oid)) => self.blob(oid),
            _ if self.directories.contains_key(&target) => Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!("`{}` is a directory", path.display()),
            )),
            _ => Err(self.not_found(path)),
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(PathBuf, EntryKind)>> {
        let relative = self.relative(path).ok_or_else(|| self.not_found(path))?;
        let target = self.follow(&relative)?;
        let Some(children) = self.directories.get(&target) else {
            if self.entries.contains_key(&target) {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("`{}` is not a directory", path.display()),
                ));
            }
            return Err(self.not_found(path));
        };
        Ok(children
            .iter()
            .map(|name| (path.join(name), self.kind_of(&relative.join(name))))
            .collect())
    }
}
