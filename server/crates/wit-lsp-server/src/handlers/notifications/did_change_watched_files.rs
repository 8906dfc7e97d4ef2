//! `workspace/didChangeWatchedFiles`: forgets the cached reads of the changed paths and
//! analyses the packages they belong to.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;
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
