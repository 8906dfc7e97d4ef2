//! `textDocument/didChange`: applies the edits in order, under the state lock, before
//! anything awaits (tower-lsp runs handlers concurrently; this keeps edits in arrival order).

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::convert;
use crate::session::Session;

pub fn handle(session: &Arc<Session>, params: lsp::DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let path = convert::uri_to_path(&uri);
    {
        let mut state = session.state();
        let encoding = state.encoding;
        let Some(open) = state.documents.get_mut(&path) else {
            tracing::warn!("didChange for {} which is not open", uri.as_str());
            return;
        };
        if params.text_document.version < open.document.version() {
            tracing::warn!(
                "didChange for {} goes back from version {} to {}",
                uri.as_str(),
                open.document.version(),
                params.text_document.version
            );
        }
        open.document.apply_changes(
            params.content_changes,
            params.text_document.version,
            encoding,
        );
    }
    session.schedule_analysis(Session::package_of(&uri, &path));
}
