//! Components kept loaded in memory, so the editor's run lenses, templates, call validation
//! (on every keystroke) and runs do not read, hash and deserialize the same file again. An
//! entry is keyed by the file's canonical path and checked against its size and
//! modification time; when those changed, the file's content hash decides (a rebuild that
//! wrote the same bytes keeps the loaded component). At most [`CAPACITY`] entries are kept,
//! the least recently used going first: a compiled component can be tens of megabytes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use crate::component::LoadedComponent;

/// How many components stay loaded.
pub(crate) const CAPACITY: usize = 8;

/// What a file looked like when its component was loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    pub(crate) fn of(path: &Path) -> Option<FileStamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

struct Entry {
    path: PathBuf,
    stamp: FileStamp,
    component: Arc<LoadedComponent>,
    last_used: u64,
}

#[derive(Default)]
pub(crate) struct LoadedComponents {
    entries: Mutex<(Vec<Entry>, u64)>,
}

impl LoadedComponents {
    /// The component loaded from `path` while the file still has `stamp`.
    pub(crate) fn unchanged(&self, path: &Path, stamp: FileStamp) -> Option<Arc<LoadedComponent>> {
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (entries, clock) = &mut *guard;
        *clock += 1;
        let entry = entries
            .iter_mut()
            .find(|entry| entry.path == path && entry.stamp == stamp)?;
        entry.last_used = *clock;
        Some(entry.component.clone())
    }

    /// The component loaded from `path` when it had these contents (its file was touched or
    /// rewritten with the same bytes); the entry takes the new `stamp`.
    pub(crate) fn same_contents(
        &self,
        path: &Path,
        content_hash: &str,
        stamp: FileStamp,
    ) -> Option<Arc<LoadedComponent>> {
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (entries, clock) = &mut *guard;
        *clock += 1;
        let entry = entries
            .iter_mut()
            .find(|entry| entry.path == path && entry.component.content_hash == content_hash)?;
        entry.stamp = stamp;
        entry.last_used = *clock;
        Some(entry.component.clone())
    }

    /// Keeps `component`, loaded from `path` with `stamp`, in place of an older load of the
    /// same file; evicts the least recently used entry beyond [`CAPACITY`].
    pub(crate) fn insert(&self, path: PathBuf, stamp: FileStamp, component: Arc<LoadedComponent>) {
        let mut guard = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (entries, clock) = &mut *guard;
        *clock += 1;
        entries.retain(|entry| entry.path != path);
        entries.push(Entry {
            path,
            stamp,
            component,
            last_used: *clock,
        });
        while entries.len() > CAPACITY {
            let oldest = entries
                .iter()
                .enumerate()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(index, _)| index);
            match oldest {
                Some(index) => {
                    entries.swap_remove(index);
                }
                None => break,
            }
        }
    }
}
