//! `workspace/didChangeWatchedFiles`: forgets the cached reads of the changed paths and
//! analyses the packages they belong to (every package below a changed `wit-lsp.toml`).

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;
use wit_project::config::CONFIG_FILE;
use wit_project::package_root_for_file;

use crate::convert;
use crate::session::Session;

pub fn handle(session: &Arc<Session>, params: lsp::DidChangeWatchedFilesParams) {
    let disk = session.state().disk.clone();
    let mut roots = Vec::new();
    for change in params.changes {
        if !convert::is_file_uri(&change.uri) {
            continue;
        }
        let path = convert::uri_to_path(&change.uri);
        disk.invalidate(&path);
        if path.file_name().is_some_and(|name| name == CONFIG_FILE) {
            // The project file applies to every package below it.
            let dir = path.parent().unwrap_or(&path).to_path_buf();
            for root in session.state().packages.keys() {
                if root.path.starts_with(&dir) && !roots.contains(root) {
                    roots.push(root.clone());
                }
            }
            continue;
        }
        let root = package_root_for_file(&path);
        let known = session.state().packages.contains_key(&root);
        let is_wit = path.extension().and_then(|e| e.to_str()) == Some("wit");
        if (known || is_wit) && !roots.contains(&root) {
            roots.push(root);
        }
    }
    for root in roots {
        session.schedule_analysis(root);
    }
}
