//! Scratch directories for the benchmark parts, removed when dropped.

use std::path::{Path, PathBuf};

/// A scratch directory removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A fresh, empty directory for the benchmark part `name`.
    pub fn new(name: &str) -> anyhow::Result<Self> {
        let dir = std::env::temp_dir().join(format!("wit-lsp-bench-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
