//! What the analysis reads: the editor's open documents laid over the disk, with what was
//! read from disk cached until a watched-file event, save or close says it changed.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use wit_analysis::FileContents;
use wit_project::{DiskReader, EntryKind, FileReader};

type CachedRead<T> = Result<T, (io::ErrorKind, String)>;
/// A directory listing: each entry's path and kind.
type Listing = Vec<(PathBuf, EntryKind)>;

fn to_cached<T>(result: io::Result<T>) -> CachedRead<T> {
    result.map_err(|error| (error.kind(), error.to_string()))
}

fn from_cached<T: Clone>(cached: &CachedRead<T>) -> io::Result<T> {
    cached
        .clone()
        .map_err(|(kind, message)| io::Error::new(kind, message))
}

/// Disk contents and directory listings read so far. Only used while the client tells us
/// about file changes (`workspace/didChangeWatchedFiles`); otherwise every read goes to disk.
#[derive(Default)]
pub struct DiskCache {
    enabled: bool,
    files: Mutex<HashMap<PathBuf, CachedRead<Arc<[u8]>>>>,
    /// Files decoded as source text, so each request does not decode them again.
    contents: Mutex<HashMap<PathBuf, CachedRead<FileContents>>>,
    directories: Mutex<HashMap<PathBuf, CachedRead<Listing>>>,
}

impl DiskCache {
    pub fn new(enabled: bool) -> DiskCache {
        DiskCache {
            enabled,
            ..DiskCache::default()
        }
    }

    /// Forgets `path`, everything below it, and the listing of its parent directory.
    pub fn invalidate(&self, path: &Path) {
        let parent = path.parent();
        if let Ok(mut files) = self.files.lock() {
            files.retain(|cached, _| !cached.starts_with(path));
        }
        if let Ok(mut contents) = self.contents.lock() {
            contents.retain(|cached, _| !cached.starts_with(path));
        }
        if let Ok(mut directories) = self.directories.lock() {
            directories
                .retain(|cached, _| !cached.starts_with(path) && Some(cached.as_path()) != parent);
        }
    }

    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        self.cached(&self.files, path, || DiskReader.read(path))
    }

    fn read_dir(&self, path: &Path) -> io::Result<Listing> {
        self.cached(&self.directories, path, || DiskReader.read_dir(path))
    }

    fn read_contents(&self, path: &Path) -> io::Result<FileContents> {
        self.cached(&self.contents, path, || DiskReader.read_contents(path))
    }

    /// What `load` gives for `path`, from `cache` while the cache is enabled.
    fn cached<T: Clone>(
        &self,
        cache: &Mutex<HashMap<PathBuf, CachedRead<T>>>,
        path: &Path,
        load: impl FnOnce() -> io::Result<T>,
    ) -> io::Result<T> {
        if !self.enabled {
            return load();
        }
        if let Some(hit) = cache
            .lock()
            .ok()
            .and_then(|entries| entries.get(path).cloned())
        {
            return from_cached(&hit);
        }
        let loaded = to_cached(load());
        if let Ok(mut entries) = cache.lock() {
            entries.insert(path.to_path_buf(), loaded.clone());
        }
        from_cached(&loaded)
    }
}

/// The open documents (path to text) over the disk cache.
pub struct OverlayReader<'a> {
    pub overlay: &'a HashMap<PathBuf, Arc<str>>,
    pub disk: &'a DiskCache,
}

impl FileReader for OverlayReader<'_> {
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        match self.overlay.get(path) {
            Some(text) => Ok(Arc::from(text.as_bytes())),
            None => self.disk.read(path),
        }
    }

    fn read_contents(&self, path: &Path) -> io::Result<FileContents> {
        match self.overlay.get(path) {
            Some(text) => Ok(FileContents::Text(text.clone())),
            None => self.disk.read_contents(path),
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(PathBuf, EntryKind)>> {
        let mut entries = match self.disk.read_dir(path) {
            Ok(entries) => entries,
            // A directory that only holds unsaved documents still lists them.
            Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(error),
        };
        for open in self.overlay.keys() {
            if open.parent() == Some(path) && !entries.iter().any(|(listed, _)| listed == open) {
                entries.push((open.clone(), EntryKind::File));
            }
        }
        Ok(entries)
    }
}

impl DiskCache {
    /// Whether reads are cached (the client reports file changes).
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }
}
