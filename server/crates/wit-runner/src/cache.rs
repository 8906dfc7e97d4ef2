//! The on-disk compile cache: compiled components keyed by the component's
//! content hash and the engine's settings, in a directory private to the
//! user, written atomically, and verified by a checksum before use.

use std::fs;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

const MAGIC: &[u8; 8] = b"WITLSPC1";
const HEADER_LEN: usize = MAGIC.len() + 32;

/// A directory of compiled components.
#[derive(Clone, Debug)]
pub struct CompileCache {
    dir: PathBuf,
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Feeds `Hash` output into SHA-256 so the engine's compatibility hash
/// becomes stable bytes for a file name.
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

impl CompileCache {
    /// Opens (creating if needed) a cache directory readable only by the user.
    pub fn open(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        create_private_dir(&dir)?;
        Ok(Self { dir })
    }

    /// `$XDG_CACHE_HOME/wit-lsp/components`, else `~/.cache/wit-lsp/components`.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
        Some(base.join("wit-lsp").join("components"))
    }

    /// The directory entries live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cache key: the component's content hash and the engine settings.
    pub fn key(engine: &Engine, content_hash: &str) -> String {
        let mut hasher = Sha256Hasher(Sha256::new());
        std::hash::Hash::hash(&engine.precompile_compatibility_hash(), &mut hasher);
        hasher.0.update(content_hash.as_bytes());
        hex(&hasher.0.finalize())
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.cwasm"))
    }

    /// Loads a cached entry. A missing, damaged or incompatible entry gives
    /// `None` (and a damaged one is removed) so the caller recompiles.
    pub fn load(&self, engine: &Engine, key: &str) -> Option<Component> {
        let path = self.entry_path(key);
        let bytes = fs::read(&path).ok()?;
        match verified_payload(&bytes) {
            Some(payload) => match deserialize_verified(engine, payload) {
                Ok(component) => Some(component),
                Err(_) => {
                    let _ = fs::remove_file(&path);
                    None
                }
            },
            None => {
                let _ = fs::remove_file(&path);
                None
            }
        }
    }

    /// Stores a compiled component: written to a temporary file in the cache
    /// directory and renamed into place, so readers never see a partial entry.
    pub fn store(&self, key: &str, component: &Component) -> std::io::Result<()> {
        let payload = component
            .serialize()
            .map_err(|error| std::io::Error::other(error.to_string()))?;
        let checksum = Sha256::digest(&payload);
        let temp_path = self.dir.join(format!(
            ".{key}.{}.{}.tmp",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |duration| duration.as_nanos())
        ));
        let result = (|| {
            let mut file = private_file(&temp_path)?;
            file.write_all(MAGIC)?;
            file.write_all(&checksum)?;
            file.write_all(&payload)?;
            file.sync_all()?;
            fs::rename(&temp_path, self.entry_path(key))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&temp_path);
        }
        result
    }
}

/// The payload of a cache entry whose stored checksum matches its bytes.
fn verified_payload(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.len() < HEADER_LEN || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let (stored, payload) = bytes[MAGIC.len()..].split_at(32);
    (Sha256::digest(payload).as_slice() == stored).then_some(payload)
}

#[allow(unsafe_code)]
fn deserialize_verified(engine: &Engine, payload: &[u8]) -> wasmtime::Result<Component> {
    // SAFETY: `Component::deserialize` trusts its input to be an artifact that
    // `Component::serialize` produced. `payload` comes only from our private
    // (0700) cache directory, was written by `CompileCache::store` from
    // `serialize`, and its SHA-256 was just checked against the checksum stored
    // beside it, so a truncated or damaged file never reaches this call.
    // wasmtime itself rejects artifacts from an incompatible engine.
    unsafe { Component::deserialize(engine, payload) }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

fn private_file(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verified_payload_rejects_damage() {
        let payload = b"compiled bytes";
        let mut entry = MAGIC.to_vec();
        entry.extend_from_slice(&Sha256::digest(payload));
        entry.extend_from_slice(payload);
        assert_eq!(verified_payload(&entry), Some(&payload[..]));
        let mut damaged = entry.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert_eq!(verified_payload(&damaged), None);
        assert_eq!(verified_payload(&entry[..20]), None);
        let mut wrong_magic = entry;
        wrong_magic[0] = b'X';
        assert_eq!(verified_payload(&wrong_magic), None);
    }
}
