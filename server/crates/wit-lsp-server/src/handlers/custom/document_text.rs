//! `wit/documentText`: the server's copy of an open document, for tests and debugging.

use tower_lsp_server::jsonrpc::Result;

use crate::convert;
use crate::protocol::{DocumentTextParams, DocumentTextResult};
use crate::request::invalid_params;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: DocumentTextParams,
) -> Result<DocumentTextResult> {
    let path = convert::uri_to_path(&params.uri);
    match snapshot.document(&path) {
        Some(document) => Ok(DocumentTextResult {
            text: document.text.to_string(),
            version: document.version,
        }),
        None => Err(invalid_params(format!(
            "document {} is not open",
            params.uri.as_str()
        ))),
    }
}
