//! `textDocument/typeDefinition`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::navigation::goto_type_definition;

use crate::handlers::requests::definition::links;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::request::GotoTypeDefinitionParams,
) -> Result<Option<lsp::request::GotoTypeDefinitionResponse>> {
    let at = params.text_document_position_params;
    Ok(
        snapshot.with_package_of(&at.text_document.uri, |context, path| {
            let offset = context.offset(path, at.position);
            links(
                context,
                goto_type_definition(&context.snapshot, path, offset),
            )
        }),
    )
}
