//! `textDocument/prepareRename`: the name under the cursor, or why it cannot be renamed.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::rename::prepare_rename;

use crate::request::request_failed;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResponse>> {
    snapshot
        .with_package_of(&params.text_document.uri, |context, path| {
            let offset = context.offset(path, params.position);
            let (range, placeholder) =
                prepare_rename(&context.snapshot, path, offset).map_err(|e| e.to_string())?;
            Ok::<_, String>(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
                range: context.range(path, &range),
                placeholder,
            }))
        })
        .map_err(request_failed)
}
