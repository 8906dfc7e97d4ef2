//! `textDocument/declaration`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::navigation::goto_declaration;

use crate::handlers::requests::definition::links;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::request::GotoDeclarationParams,
) -> Result<Option<lsp::request::GotoDeclarationResponse>> {
    let at = params.text_document_position_params;
    Ok(
        snapshot.with_package_of(&at.text_document.uri, |context, path| {
            let offset = context.offset(path, at.position);
            links(context, goto_declaration(&context.snapshot, path, offset))
        }),
    )
}
