//! `textDocument/didSave`: the disk copy changed; analyse the package again.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::convert;
use crate::session::Session;

pub fn handle(session: &Arc<Session>, params: lsp::DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    let path = convert::uri_to_path(&uri);
    let disk = session.state().disk.clone();
    disk.invalidate(&path);
    session.schedule_analysis(Session::package_of(&uri, &path));
}
