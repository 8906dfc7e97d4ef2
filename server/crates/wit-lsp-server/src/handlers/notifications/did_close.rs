//! `textDocument/didClose`: a file's package is analysed again from disk; an untitled
//! document is forgotten with its diagnostics.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::convert;
use crate::session::Session;

pub async fn handle(session: &Arc<Session>, params: lsp::DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let path = convert::uri_to_path(&uri);
    let root = Session::package_of(&uri, &path);
    let disk = {
        let mut state = session.state();
        state.documents.remove(&path);
        state.disk.clone()
    };
    disk.invalidate(&path);
    if convert::is_file_uri(&uri) {
        session.schedule_analysis(root);
    } else {
        session.forget_package(&root).await;
    }
}
