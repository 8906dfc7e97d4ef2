//! `textDocument/didOpen`: the document's text is the package's from now on.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::convert;
use crate::document::Document;
use crate::session::Session;
use crate::session::state::OpenDocument;

pub fn handle(session: &Arc<Session>, params: lsp::DidOpenTextDocumentParams) {
    let uri = params.text_document.uri;
    let path = convert::uri_to_path(&uri);
    let root = Session::package_of(&uri, &path);
    session.state().documents.insert(
        path,
        OpenDocument {
            uri: uri.clone(),
            document: Document::new(&params.text_document.text, params.text_document.version),
        },
    );
    session.schedule_analysis(root);
}
