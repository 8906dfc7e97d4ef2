//! `workspace/didChangeWorkspaceFolders`: packages of removed folders (without open
//! documents) are forgotten with their diagnostics; added folders are searched.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;
use wit_project::PackageRoot;

use crate::convert;
use crate::session::Session;

pub async fn handle(session: &Arc<Session>, params: lsp::DidChangeWorkspaceFoldersParams) {
    let added: Vec<PathBuf> = params
        .event
        .added
        .iter()
        .filter(|folder| convert::is_file_uri(&folder.uri))
        .map(|folder| convert::uri_to_path(&folder.uri))
        .collect();
    let removed: Vec<PathBuf> = params
        .event
        .removed
        .iter()
        .map(|folder| convert::uri_to_path(&folder.uri))
        .collect();
    let forgotten: Vec<PackageRoot> = {
        let mut state = session.state();
        state.workspace_roots.retain(|root| !removed.contains(root));
        state.workspace_roots.extend(added.iter().cloned());
        let open_roots: Vec<PackageRoot> = state
            .documents
            .iter()
            .map(|(path, open)| Session::package_of(&open.uri, path))
            .collect();
        state
            .packages
            .keys()
            .filter(|root| removed.iter().any(|folder| root.path.starts_with(folder)))
            .filter(|root| !open_roots.contains(root))
            .cloned()
            .collect()
    };
    for root in &forgotten {
        session.forget_package(root).await;
    }
    session.discover_and_analyze(added);
}
